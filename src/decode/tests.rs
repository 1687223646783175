//! The decoding tests: encodings, byte-order marks, declared charsets, and
//! the formats told from bytes in each encoding.

use super::*;
use crate::format::{sniff, Format};
use encoding_rs::{BIG5, UTF_8};

#[test]
fn full_width_and_spaces_are_folded() {
    assert_eq!(
        normalise("（一）１２\u{3000}3\u{a0}4\r\n5\r6"),
        "(一)12 3 4\n5\n6"
    );
    assert_eq!(normalise("a\u{200b}b\u{feff}c"), "abc");
    // CJK punctuation that has no ASCII twin stays as it is.
    assert_eq!(normalise("“三安全一稳定”、。"), "“三安全一稳定”、。");
    // Radicals and compatibility ideographs are the ideographs.
    assert_eq!(normalise("⾏政许可\u{F90A}额"), "行政许可金额");
}

#[test]
fn every_character_is_folded_by_what_it_is() {
    // The byte scan must change exactly the characters the rules name,
    // wherever they sit, and nothing else.
    for c in (0..0x3_0000).filter_map(char::from_u32) {
        let want = match c {
            '\r' => "\n".to_string(),
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap().to_string(),
            '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
                " ".to_string()
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => String::new(),
            '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}' => "\n".to_string(),
            '\u{2F00}'..='\u{2FD5}'
            | '\u{2E80}'..='\u{2EFF}'
            | '\u{F900}'..='\u{FAD9}'
            | '\u{2F800}'..='\u{2FA1D}' => fold::fold_cjk(c).unwrap_or(c).to_string(),
            _ => c.to_string(),
        };
        assert_eq!(
            normalise(&format!("甲{c}乙")),
            format!("甲{want}乙"),
            "{:X}",
            c as u32
        );
        assert_eq!(normalise(&c.to_string()), want, "{:X}", c as u32);
    }
}

/// A few hundred characters of a Simplified-script report, with the
/// full-width punctuation, ideographic spaces and CRLFs real files carry.
const SIMPLIFIED: &str = "四季镇2019年政府信息公开工作年度报告\r\n\
根据《中华人民共和国政府信息公开条例》（以下简称《条例》）及相关规范性文件要求，\
为保障镇域内公民、法人和其他组织的知情权，现将２０１９年度政府信息公开工作报告如下。\
本报告所列数据的统计时间为2019年1月1日至2019年12月31日。\r\n\
一、总体情况\r\n\
2019年，四季镇认真贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，\
围绕“三安全一稳定”重点工作，主动公开政府信息１２３条。\r\n\
二、主动公开政府信息情况\r\n\
第二十条第（一）项\u{3000}信息内容\u{3000}本年新制作数量\u{3000}本年新公开数量\u{3000}对外公开总数量\r\n\
规章\u{3000}0\u{3000}0\u{3000}0\r\n\
规范性文件\u{3000}2\u{3000}2\u{3000}15\r\n\
第二十条第（五）项\u{3000}行政许可\u{3000}上一年项目数量\u{3000}本年增/减\u{3000}处理决定数量\r\n\
三、收到和处理政府信息公开申请情况\r\n\
本年新收政府信息公开申请数量\u{3000}3\u{3000}上年结转政府信息公开申请数量\u{3000}0\r\n\
四、因政府信息公开工作被申请行政复议、提起行政诉讼情况\r\n\
五、存在的主要问题及改进情况\r\n\
六、其他需要报告的事项\u{3000}无。\r\n";

/// The same kind of report in Traditional script (Big5 territory).
const TRADITIONAL: &str = "政府資訊公開工作年度報告\r\n\
根據《政府資訊公開條例》的規定，現將本機關２０１９年度政府資訊公開工作情況報告如下。\
本報告所列數據的統計期限自2019年1月1日起至2019年12月31日止。\r\n\
一、總體情況\r\n\
本年度本機關認真貫徹落實政務公開工作要點，主動公開政府資訊１２３條，\
受理依申請公開３件，均已依法答覆。\r\n\
二、主動公開政府資訊情況\r\n\
第二十條第（一）項\u{3000}資訊內容\u{3000}本年新製作數量\u{3000}本年新公開數量\u{3000}對外公開總數量\r\n\
規章\u{3000}0\u{3000}0\u{3000}0\r\n\
規範性文件\u{3000}2\u{3000}2\u{3000}15\r\n\
三、收到和處理政府資訊公開申請情況\r\n\
四、因政府資訊公開工作被申請行政復議、提起行政訴訟情況\r\n\
五、存在的主要問題及改進情況\r\n\
六、其他需要報告的事項\u{3000}無。\r\n";

fn encode(enc: &'static Encoding, text: &str) -> Vec<u8> {
    let (bytes, used, unmappable) = enc.encode(text);
    assert_eq!(used, enc, "encoding_rs encoded with another encoding");
    assert!(!unmappable, "test text not representable in {}", enc.name());
    bytes.into_owned()
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    let mut out = if le {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
    }
    out
}

/// Deterministic pseudo-random bytes (no rand crate needed).
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

#[test]
fn gb18030_is_detected_and_decoded() {
    let bytes = encode(GB18030, SIMPLIFIED);
    assert!(std::str::from_utf8(&bytes).is_err());
    let d = decode(&bytes);
    assert_eq!(d.encoding, "GB18030");
    assert!(!d.had_errors);
    assert_eq!(d.text, normalise(SIMPLIFIED));
    assert!(d.text.contains("第二十条第(一)项 信息内容"));
    assert!(!d.text.contains('\r'));
    assert_eq!(d.declared, None);
}

#[test]
fn gbk_and_four_byte_gb18030_characters() {
    // GBK bytes are reported as GB18030, too.
    let d = decode(&encode(GBK, SIMPLIFIED));
    assert_eq!(
        (d.encoding, d.text.as_str()),
        ("GB18030", normalise(SIMPLIFIED).as_str())
    );
    // 䶮 (U+4DAE) and 𠀾 are outside GBK: four-byte GB18030 sequences.
    let text = format!("{SIMPLIFIED}联系人：刘䶮，地址：𠀾村。");
    let d = decode(&encode(GB18030, &text));
    assert_eq!(d.encoding, "GB18030");
    assert!(!d.had_errors);
    assert_eq!(d.text, normalise(&text));
}

#[test]
fn short_gb18030_title_is_still_chinese() {
    let title = "四季镇2019年政府信息公开工作年度报告";
    let d = decode(&encode(GB18030, title));
    assert_eq!(d.encoding, "GB18030");
    assert_eq!(d.text, title);
}

#[test]
fn big5_is_detected_and_decoded() {
    let bytes = encode(BIG5, TRADITIONAL);
    let d = decode(&bytes);
    assert_eq!(d.encoding, "Big5");
    assert!(!d.had_errors);
    assert_eq!(d.text, normalise(TRADITIONAL));
    assert!(d.text.contains("第二十條第(一)項"));
}

#[test]
fn only_plain_gb2312_skips_the_detector() {
    let simplified = SIMPLIFIED.repeat(4);
    assert!(plainly_gb2312(&encode(GB18030, &simplified)));
    assert!(!plainly_gb2312(&encode(BIG5, &TRADITIONAL.repeat(4))));
    // Too short to tell: the detector decides.
    assert!(!plainly_gb2312(&encode(GB18030, "年度报告")));
    // Characters outside GB2312 (GBK's extension) make it not plain.
    let extended = "丂丄丅丆丏丒丗丟丠両丣並丩丮丯丱丳丵丷丼乀乁乂乄乆乊乑乕乗乚乛乢乣乤乥乧乨乪乫乬乭乮乯乲乴乵乶乷乸乹乺乻乼乽乿亀亁亂亃亄亅亇亊";
    assert!(!plainly_gb2312(&encode(GB18030, extended)));
}

#[test]
fn short_big5_lines_are_big5() {
    for line in TRADITIONAL.lines() {
        let d = decode(&encode(BIG5, line));
        assert_eq!(d.encoding, "Big5", "{line}");
        assert_eq!(d.text, normalise(line));
    }
    // Traditional characters in GBK bytes are GBK bytes.
    let d = decode(&encode(GB18030, TRADITIONAL));
    assert_eq!((d.encoding, d.text), ("GB18030", normalise(TRADITIONAL)));
}

#[test]
fn boms_decide_the_encoding() {
    for (bytes, name) in [
        (utf16(SIMPLIFIED, true), "UTF-16LE"),
        (utf16(SIMPLIFIED, false), "UTF-16BE"),
        ([UTF8_BOM, SIMPLIFIED.as_bytes()].concat(), "UTF-8"),
    ] {
        let d = decode(&bytes);
        assert_eq!(d.encoding, name);
        assert!(!d.had_errors, "{name}");
        assert_eq!(d.text, normalise(SIMPLIFIED), "{name}");
        assert!(!d.text.starts_with('\u{feff}'));
    }
    let d = decode(&utf16(TRADITIONAL, true));
    assert_eq!((d.encoding, d.text), ("UTF-16LE", normalise(TRADITIONAL)));
}

#[test]
fn plain_utf8_and_ascii() {
    let d = decode(SIMPLIFIED.as_bytes());
    assert_eq!(d.encoding, "UTF-8");
    assert!(!d.had_errors);
    assert_eq!(d.text, normalise(SIMPLIFIED));
    let d = decode(b"Annual report 2019\r\n");
    assert_eq!(
        (d.encoding, d.text.as_str()),
        ("UTF-8", "Annual report 2019\n")
    );
    let d = decode(b"");
    assert_eq!(
        (d.encoding, d.text.as_str(), d.had_errors),
        ("UTF-8", "", false)
    );
}

#[test]
fn broken_utf8_stays_utf8() {
    // A download cut in the middle of a character.
    let bytes = SIMPLIFIED.as_bytes();
    let cut = bytes.len() - 3; // inside the final "。\r\n"
    assert!(std::str::from_utf8(&bytes[..cut]).is_err());
    let d = decode(&bytes[..cut]);
    assert_eq!(d.encoding, "UTF-8");
    assert!(d.had_errors);
    assert!(d.text.ends_with('\u{FFFD}'));
    assert!(d.text.starts_with("四季镇2019年"));
    // Even a tiny truncated file.
    let d = decode(&"报告".as_bytes()[..5]);
    assert_eq!(
        (d.encoding, d.text.as_str(), d.had_errors),
        ("UTF-8", "报\u{FFFD}", true)
    );
    // One stray byte in the middle of a long UTF-8 report.
    let mut bytes = SIMPLIFIED.as_bytes().to_vec();
    bytes.insert(100, 0xB7);
    let d = decode(&bytes);
    assert_eq!(d.encoding, "UTF-8");
    assert!(d.had_errors);
    assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
    assert!(d.text.contains("三、收到和处理政府信息公开申请情况"));
}

#[test]
fn odd_length_utf16_does_not_panic() {
    let mut bytes = utf16("年度报告", true);
    bytes.push(0x41);
    let d = decode(&bytes);
    assert_eq!(d.encoding, "UTF-16LE");
    assert!(d.had_errors);
    assert!(d.text.starts_with("年度报告"));
    let d = decode(&[0xFE, 0xFF, 0x5E]);
    assert_eq!((d.encoding, d.had_errors), ("UTF-16BE", true));
    let d = decode(&[0xFF, 0xFE]);
    assert_eq!(
        (d.encoding, d.text.as_str(), d.had_errors),
        ("UTF-16LE", "", false)
    );
}

#[test]
fn case_blind_search_finds_what_a_scan_of_every_position_finds() {
    // The first position at which `needle` stands in either case, found
    // by comparing at every byte.
    fn every_position(hay: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() || hay.len() < needle.len() {
            return None;
        }
        (0..=hay.len() - needle.len())
            .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
    }
    let hays: [&[u8]; 8] = [
        b"",
        b"<me",
        b"<meta",
        b"x<META charset",
        b"<<mEtA<meta",
        b"charsetcharset",
        "元<Meta \u{4e2d}".as_bytes(),
        b"CHARSET=gbk Charset",
    ];
    for hay in hays {
        for needle in [&b"<meta"[..], b"charset", b"c", b"", b"encoding"] {
            assert_eq!(
                find_ci(hay, needle),
                every_position(hay, needle),
                "{hay:?} {needle:?}"
            );
        }
    }
    assert_eq!(find_ci(b"ab<MeTa", b"<meta"), Some(2));
    assert_eq!(find_ci(b"CHARSET", b"charset"), Some(0));
}

#[test]
fn declared_charset_is_reported_not_obeyed() {
    // Declares gb2312 but is valid UTF-8: UTF-8 decodes, GB18030 is declared.
    let html = format!(
        "<html><head><META http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         </head><body><p>{SIMPLIFIED}</p></body></html>"
    );
    let d = decode(html.as_bytes());
    assert_eq!(d.encoding, "UTF-8");
    assert_eq!(d.declared, Some("GB18030"));
    assert!(d.text.contains("四季镇2019年"));
    // Really GB18030, declared GBK: both agree.
    let html = format!(
        "<!DOCTYPE html><html><head><meta charset='GBK'></head><body>{SIMPLIFIED}</body></html>"
    );
    let d = decode(&encode(GB18030, &html));
    assert_eq!((d.encoding, d.declared), ("GB18030", Some("GB18030")));
    assert!(d.text.contains("四季镇2019年"));
    // HTML5 form, utf-8, plus other attributes.
    let d = decode(b"<meta charset=\"utf-8\" name=\"viewport\" /><p>x</p>");
    assert_eq!(d.declared, Some("UTF-8"));
    // Big5 declared, unknown label, XML declaration, and nothing.
    assert_eq!(
        decode(b"<meta content=\"text/html;charset=big5\">").declared,
        Some("Big5")
    );
    assert_eq!(decode(b"<meta charset=\"klingon-8\">").declared, None);
    assert_eq!(
        decode(b"<?xml version=\"1.0\" encoding=\"GB2312\"?><html/>").declared,
        Some("GB18030")
    );
    assert_eq!(
        decode(b"<html><head><title>t</title></head>").declared,
        None
    );
    assert_eq!(decode(SIMPLIFIED.as_bytes()).declared, None);
    // A declaration after the first 2 KiB is not looked for.
    let late = format!("{}<meta charset=gbk>", " ".repeat(3000));
    assert_eq!(decode(late.as_bytes()).declared, None);
    // UTF-16 pages declare too.
    let d = decode(&utf16("<meta charset=\"utf-16\"><p>报告</p>", true));
    assert_eq!((d.encoding, d.declared), ("UTF-16LE", Some("UTF-16LE")));
}

#[test]
fn sniff_magic_numbers() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    assert_eq!(sniff("a.png", png), Format::Image);
    assert_eq!(sniff("report.txt", png), Format::Image);
    assert_eq!(
        sniff("a.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
        Format::Image
    );
    assert_eq!(sniff("a", b"GIF89a\x01\0\x01\0"), Format::Image);
    assert_eq!(sniff("a", b"RIFF\x24\0\0\0WEBPVP8 "), Format::Image);
    assert_eq!(sniff("a", b"II*\0\x08\0\0\0"), Format::Image);
    let mut bmp = b"BM\x46\0\0\0\0\0\0\0\x36\0\0\0".to_vec();
    bmp.resize(70, 0);
    assert_eq!(sniff("a.bmp", &bmp), Format::Image);
    assert_eq!(
        sniff("BMW.txt", "BMW 宝马 annual report 2019 年度报告".as_bytes()),
        Format::Text
    );

    let pdf = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<</Type/Catalog>>\nendobj\n";
    assert_eq!(sniff("a.pdf", pdf), Format::Pdf);
    assert_eq!(sniff("report.html", pdf), Format::Pdf);
    assert_eq!(
        sniff("a.pdf", &[b"\r\n\r\n".as_slice(), pdf].concat()),
        Format::Pdf
    );
    // Text that merely mentions the header is not a PDF.
    assert_eq!(
        sniff("a.txt", "附件格式为 %PDF-1.4 文件。".as_bytes()),
        Format::Text
    );

    let ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
    assert_eq!(sniff("a.doc", ole), Format::Doc);
    assert_eq!(sniff("a.docx", ole), Format::Doc);
    assert_eq!(
        sniff("a.doc", b"{\\rtf1\\ansi\\ansicpg936 \\'b9\\'fa}"),
        Format::Doc
    );

    let zip =
        b"PK\x03\x04\x14\0\0\0\x08\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x13\0\0\0[Content_Types].xml";
    assert_eq!(sniff("report.docx", zip), Format::Docx);
    assert_eq!(sniff("REPORT.DOCX", zip), Format::Docx);
    assert_eq!(sniff("files.zip", zip), Format::Archive);
    assert_eq!(sniff("report.txt", zip), Format::Archive);
    let docx_as_doc = [zip.as_slice(), b"...PK\x03\x04....word/document.xml..."].concat();
    assert_eq!(sniff("report.doc", &docx_as_doc), Format::Docx);
    let mut big = docx_as_doc.clone();
    big.extend(noise(300_000, 7));
    big.extend_from_slice(b"PK\x01\x02....word/document.xml");
    assert_eq!(sniff("report", &big), Format::Docx);
    assert_eq!(sniff("a.gz", b"\x1F\x8B\x08\0\0\0\0\0"), Format::Archive);
    assert_eq!(sniff("a.rar", b"Rar!\x1A\x07\x01\0"), Format::Archive);
    assert_eq!(sniff("a.7z", b"7z\xBC\xAF\x27\x1C\0\x04"), Format::Archive);
    let mut tar = vec![0u8; 512];
    tar[..10].copy_from_slice(b"report.txt");
    tar[257..263].copy_from_slice(b"ustar\0");
    assert_eq!(sniff("a.tar", &tar), Format::Archive);
}

#[test]
fn sniff_empty_and_whitespace() {
    assert_eq!(sniff("a.txt", b""), Format::Empty);
    assert_eq!(sniff("a.pdf", b""), Format::Empty);
    assert_eq!(sniff("a.txt", b" \r\n\t\n  "), Format::Empty);
    assert_eq!(
        sniff("a.html", "\u{feff}\u{3000}\u{a0}\n".as_bytes()),
        Format::Empty
    );
    assert_eq!(sniff("a.txt", &utf16(" \r\n\u{3000}", true)), Format::Empty);
    assert_eq!(sniff("a.txt", &[0xFF, 0xFE]), Format::Empty);
    assert_eq!(sniff("a.txt", b" \n x"), Format::Text);
    // Long blanks are read window by window: three-byte spaces across
    // every window's end, then something at the very end or nothing.
    let blank = " \u{3000}".repeat(1000);
    assert_eq!(sniff("a.txt", blank.as_bytes()), Format::Empty);
    assert_eq!(
        sniff("a.txt", format!("{blank}字").as_bytes()),
        Format::Text
    );
    let mut cut = blank.clone().into_bytes();
    cut.extend_from_slice(&"\u{3000}".as_bytes()[..2]);
    assert_ne!(sniff("a.txt", &cut), Format::Empty);
}

#[test]
fn sniff_text_and_html() {
    assert_eq!(sniff("r.txt", SIMPLIFIED.as_bytes()), Format::Text);
    assert_eq!(sniff("r", &encode(GB18030, SIMPLIFIED)), Format::Text);
    assert_eq!(sniff("r.txt", &encode(BIG5, TRADITIONAL)), Format::Text);
    assert_eq!(sniff("r.txt", &utf16(SIMPLIFIED, false)), Format::Text);
    // HTML under a .txt name, no extension, or a .pdf name.
    let html = format!("\n<!DOCTYPE html>\n<HTML><Body><p>{SIMPLIFIED}</p></body></HTML>");
    assert_eq!(sniff("report.txt", html.as_bytes()), Format::Html);
    assert_eq!(sniff("report", html.as_bytes()), Format::Html);
    assert_eq!(sniff("report.pdf", html.as_bytes()), Format::Html);
    assert_eq!(
        sniff(
            "r.txt",
            format!("{SIMPLIFIED}<TABLE border=1><tr>").as_bytes()
        ),
        Format::Html
    );
    assert_eq!(
        sniff("r.txt", format!("<div class=x>{SIMPLIFIED}").as_bytes()),
        Format::Html
    );
    assert_eq!(
        sniff("r.txt", format!("<p>{SIMPLIFIED}").as_bytes()),
        Format::Html
    );
    assert_eq!(sniff("r.doc", &encode(GB18030, &html)), Format::Html);
    assert_eq!(sniff("r.txt", &utf16(&html, true)), Format::Html);
    // Tags must be whole names: <pre>, <header>, <para> are not markers.
    assert_eq!(
        sniff("r.txt", b"<pre>x</pre> <header> <para>"),
        Format::Text
    );
    // Markers beyond the first few KB don't count...
    let late = format!("{}<html>", SIMPLIFIED.repeat(10));
    assert_eq!(sniff("r.txt", late.as_bytes()), Format::Text);
    // ...but an HTML extension on text-like bytes does.
    assert_eq!(sniff("r.htm", SIMPLIFIED.as_bytes()), Format::Html);
    assert_eq!(sniff("dir.v2/r.HTML", SIMPLIFIED.as_bytes()), Format::Html);
    assert_eq!(sniff("dir.html/r", SIMPLIFIED.as_bytes()), Format::Text);
}

#[test]
fn sniff_binary() {
    for seed in 0..20 {
        assert_eq!(
            sniff("x.txt", &noise(4096, seed)),
            Format::Binary,
            "seed {seed}"
        );
    }
    assert_eq!(sniff("x.txt", &[0u8; 100]), Format::Binary);
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0".to_vec();
    exe.extend(noise(1000, 3));
    assert_eq!(sniff("report.html", &exe), Format::Binary);
    // A stray control byte in a long text doesn't make it binary.
    let mut text = SIMPLIFIED.as_bytes().to_vec();
    text.push(0x1A);
    assert_eq!(sniff("x.txt", &text), Format::Text);
}

#[test]
fn no_panics_on_garbage() {
    for seed in 0..200u64 {
        let bytes = noise((seed as usize * 37) % 3000, seed);
        let _ = sniff("x", &bytes);
        let d = decode(&bytes);
        assert!(!d.text.contains('\r'));
    }
    // Every prefix of multi-byte encodings: truncated sequences anywhere.
    let inputs = [
        encode(GB18030, "报告䶮𠀾資訊"),
        encode(BIG5, "政府資訊公開"),
        encode(UTF_8, "报告𠀾"),
        utf16("报告𠀾", true),
        utf16("报告𠀾", false),
        [UTF8_BOM, "报告".as_bytes()].concat(),
    ];
    for bytes in &inputs {
        for n in 0..=bytes.len() {
            let _ = sniff("x.txt", &bytes[..n]);
            let _ = decode(&bytes[..n]);
            let _ = declared_charset(&bytes[..n]);
        }
    }
    for tail in [
        "<meta",
        "<meta charset",
        "<meta charset=",
        "<meta charset=\"",
        "<?xml encoding=",
    ] {
        assert_eq!(decode(tail.as_bytes()).declared, None);
    }
}

#[test]
fn large_input_decodes() {
    let gb = encode(GB18030, &SIMPLIFIED.repeat(5000)); // ≈ 3 MB, past the detector window
    assert!(gb.len() > DETECTOR_BYTES);
    let d = decode(&gb);
    assert_eq!(d.encoding, "GB18030");
    assert!(!d.had_errors);
    assert_eq!(d.text.len(), normalise(&SIMPLIFIED.repeat(5000)).len());
    assert_eq!(sniff("big.txt", &gb), Format::Text);
}

/// A character `normalise` changes is changed wherever it falls in or
/// after a run of plain ASCII, and one it keeps is kept (a scan that steps
/// over several bytes at once must not step over it).
#[test]
fn normalise_changes_a_character_at_every_offset_of_an_ascii_run() {
    let cases = [
        ("\r", "\n"),
        ("\r\n", "\n"),
        ("\u{b}", "\n"),
        ("\u{c}", "\n"),
        ("\t", "\t"),
        ("\n", "\n"),
        ("\u{3000}", " "),
        ("！", "!"),
        ("\u{200b}", ""),
        ("。", "。"),
        ("中", "中"),
        ("\u{7f}", "\u{7f}"),
    ];
    for (printed, read) in cases {
        for before in 0..20 {
            for after in [0, 1, 7, 8, 9, 17] {
                let a = "a".repeat(before);
                let b = "<b>".repeat(after);
                let text = format!("{a}{printed}{b}{printed}");
                assert_eq!(normalise(&text), format!("{a}{read}{b}{read}"), "{text:?}");
            }
        }
    }
}
