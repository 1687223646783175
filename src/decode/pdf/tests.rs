//! Hand-made PDFs, written here object by object, and the exact text each
//! must give.

use super::*;

/// A PDF writer just big enough for tests: objects numbered from 1 in the
/// order added, a classic cross-reference table, object 1 the catalog.
struct Writer {
    objs: Vec<Vec<u8>>,
}

impl Writer {
    fn new() -> Self {
        Writer { objs: Vec::new() }
    }

    fn add(&mut self, body: impl AsRef<[u8]>) -> usize {
        self.objs.push(body.as_ref().to_vec());
        self.objs.len()
    }

    /// Reserve an object number, filled in later with `set`.
    fn reserve(&mut self) -> usize {
        self.add(b"null")
    }

    fn set(&mut self, n: usize, body: impl AsRef<[u8]>) {
        self.objs[n - 1] = body.as_ref().to_vec();
    }

    fn finish(&self, trailer_extra: &str) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n", self.objs.len() + 1).as_bytes());
        out.extend_from_slice(b"0000000000 65535 f \n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<</Size {} /Root 1 0 R {trailer_extra}>>\nstartxref\n{xref}\n%%EOF\n",
                self.objs.len() + 1
            )
            .as_bytes(),
        );
        out
    }
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    [
        format!("<</Length {} {dict}>>\nstream\n", data.len()).as_bytes(),
        data,
        b"\nendstream",
    ]
    .concat()
}

const PAGE_H: f32 = 842.0;

/// A CID font that is not embedded and has no ToUnicode: its text comes
/// from the predefined CMap `encoding` and the Adobe-GB1 collection.
fn gb_font(encoding: &str) -> String {
    format!(
        "<</Type/Font/Subtype/Type0/BaseFont/SimSun/Encoding/{encoding}\
         /DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/SimSun\
         /CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 5>>\
         /FontDescriptor<</Type/FontDescriptor/FontName/SimSun/Flags 6\
         /FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141\
         /CapHeight 700/StemV 80>>/DW 1000>>]>>"
    )
}

/// A font whose codes map to no Unicode at all (Identity-H, Adobe-Identity
/// collection, no ToUnicode).
const NO_UNICODE_FONT: &str = "<</Type/Font/Subtype/Type0/BaseFont/Mystery/Encoding/Identity-H\
     /DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/Mystery\
     /CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>\
     /FontDescriptor<</Type/FontDescriptor/FontName/Mystery/Flags 4\
     /FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141\
     /CapHeight 700/StemV 80>>/DW 1000>>]>>";

/// Page content, in points from the top-left corner.
#[derive(Default)]
struct Content {
    ops: String,
}

impl Content {
    /// Text in font /U (UniGB-UCS2-H: UTF-16 codes), one em per character.
    fn text(&mut self, x: f32, top: f32, size: f32, s: &str) -> &mut Self {
        let hex: String = s.encode_utf16().map(|u| format!("{u:04X}")).collect();
        let base = PAGE_H - top - size * 0.88;
        self.ops
            .push_str(&format!("BT /U {size} Tf {x} {base} Td <{hex}> Tj ET\n"));
        self
    }

    /// Raw codes in a given font.
    fn codes(&mut self, font: &str, x: f32, top: f32, size: f32, hex: &str) -> &mut Self {
        let base = PAGE_H - top - size * 0.88;
        self.ops.push_str(&format!(
            "BT /{font} {size} Tf {x} {base} Td <{hex}> Tj ET\n"
        ));
        self
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32) -> &mut Self {
        self.ops
            .push_str(&format!("{x} {} {w} {h} re S\n", PAGE_H - top - h));
        self
    }

    /// A bordered table: uniform rows, the given column widths, and cells
    /// `(row, col, rowspan, colspan, text)`; text wraps at the cell width.
    fn table(
        &mut self,
        x: f32,
        top: f32,
        cols: &[f32],
        row_h: f32,
        size: f32,
        cells: &[(usize, usize, usize, usize, &str)],
    ) -> &mut Self {
        for &(r, c, rs, cs, text) in cells {
            let cx: f32 = x + cols[..c].iter().sum::<f32>();
            let w: f32 = cols[c..c + cs].iter().sum();
            let cy = top + row_h * r as f32;
            let h = row_h * rs as f32;
            self.rect(cx, cy, w, h);
            let per_line = (((w - 4.0) / size).floor() as usize).max(1);
            let chars: Vec<char> = text.chars().collect();
            for (i, chunk) in chars.chunks(per_line).enumerate() {
                let s: String = chunk.iter().collect();
                self.text(cx + 2.0, cy + 2.0 + i as f32 * size * 1.1, size, &s);
            }
        }
        self
    }
}

/// A document of pages with the given contents and extra page entries.
fn document(pages: &[(&Content, &str)], extra_fonts: &str) -> Vec<u8> {
    let mut w = Writer::new();
    let catalog = w.reserve();
    let tree = w.reserve();
    let font = w.add(gb_font("UniGB-UCS2-H"));
    let mut kids = Vec::new();
    for (content, extra) in pages {
        let c = w.add(stream("", content.ops.as_bytes()));
        kids.push(w.add(format!(
            "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 595 {PAGE_H}]\
             /Resources<</Font<</U {font} 0 R {extra_fonts}>>>>/Contents {c} 0 R {extra}>>"
        )));
    }
    let kids_s: String = kids.iter().map(|k| format!("{k} 0 R ")).collect();
    w.set(
        tree,
        format!("<</Type/Pages/Kids[{kids_s}]/Count {}>>", kids.len()),
    );
    w.set(catalog, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
    w.finish("")
}

fn read(bytes: &[u8]) -> PdfText {
    pdf_to_text(bytes, &PdfLimits::default()).unwrap()
}

#[test]
fn predefined_gb_cmaps_without_to_unicode() {
    // 政府信息公开 and 镕 (in GBK, not in GB 2312) in each encoding.
    for (encoding, hex, want) in [
        (
            "GBK-EUC-H",
            "d5feb8aed0c5cfa2b9abbfaae946",
            "政府信息公开镕",
        ),
        ("GB-EUC-H", "d5feb8aed0c5cfa2b9abbfaa", "政府信息公开"),
        ("UniGB-UCS2-H", "653f5e9c4fe1606f516c5f00", "政府信息公开"),
    ] {
        let mut c = Content::default();
        c.codes("G", 72.0, 100.0, 12.0, hex);
        let font = gb_font(encoding);
        let mut w = Writer::new();
        let cat = w.reserve();
        let tree = w.reserve();
        let f = w.add(font);
        let content = w.add(stream("", c.ops.as_bytes()));
        let page = w.add(format!(
            "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 595 842]\
             /Resources<</Font<</G {f} 0 R>>>>/Contents {content} 0 R>>"
        ));
        w.set(tree, format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"));
        w.set(cat, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
        let t = read(&w.finish(""));
        assert_eq!(t.text, format!("{want}\n"), "{encoding}");
        assert_eq!(t.unsure_glyphs, 0);
    }
}

#[test]
fn fake_bold_heading_is_read_once() {
    let mut c = Content::default();
    c.text(72.0, 100.0, 16.0, "一、总体情况");
    c.text(72.3, 100.0, 16.0, "一、总体情况");
    c.text(72.0, 100.3, 16.0, "一、总体情况");
    c.text(72.0, 130.0, 12.0, "正文");
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(t.text, "一、总体情况\n正文\n");
}

fn applications_page(rows: &[(&str, &str)], top: f32) -> Content {
    let mut c = Content::default();
    let mut cells: Vec<(usize, usize, usize, usize, &str)> = Vec::new();
    for (i, (label, value)) in rows.iter().enumerate() {
        cells.push((i, 0, 1, 1, label));
        cells.push((i, 1, 1, 1, value));
    }
    c.table(72.0, top, &[200.0, 80.0], 20.0, 10.0, &cells);
    c
}

#[test]
fn a_table_across_a_page_break_with_footer_and_running_header() {
    let mut p1 = applications_page(&[("申请人情况", "总计"), ("一、本年新收", "12")], 740.0);
    p1.text(72.0, 40.0, 9.0, "某县2023年政府信息公开工作年度报告");
    p1.text(280.0, 800.0, 10.0, "-1-");
    p1.text(72.0, 700.0, 12.0, "三、收到和处理申请情况");
    let mut p2 = applications_page(&[("二、上年结转", "3"), ("四、结转下年度", "0")], 60.0);
    p2.text(72.0, 40.0, 9.0, "某县2023年政府信息公开工作年度报告");
    p2.text(270.0, 800.0, 10.0, "第 2 页");
    p2.text(72.0, 120.0, 12.0, "四、行政复议");
    let t = read(&document(&[(&p1, ""), (&p2, "")], ""));
    assert_eq!(
        t.text,
        "某县2023年政府信息公开工作年度报告\n\
         三、收到和处理申请情况\n\
         申请人情况\t总计\t\n\
         一、本年新收\t12\t\n\
         二、上年结转\t3\t\n\
         四、结转下年度\t0\t\n\
         四、行政复议\n"
    );
    assert_eq!(t.pages, 2);
}

#[test]
fn merged_and_wrapped_cells() {
    let mut c = Content::default();
    c.table(
        50.0,
        100.0,
        &[30.0, 70.0, 40.0, 40.0],
        24.0,
        10.0,
        &[
            (0, 0, 1, 2, "申请人情况"),
            (0, 2, 1, 2, "法人或其他组织"),
            (1, 0, 3, 1, "三、本年度办理结果"),
            (1, 1, 1, 1, "（一）予以公开"),
            (1, 2, 1, 1, "5"),
            (1, 3, 1, 1, "6"),
            (2, 1, 1, 1, "（二）部分公开"),
            (2, 2, 1, 1, "7"),
            (2, 3, 1, 1, "8"),
            (3, 1, 1, 1, "（三）不予公开"),
            (3, 2, 1, 2, "9"),
        ],
    );
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(
        t.text,
        "申请人情况\t法人或其他组织\t\n\
         三、本年度办理结果\t（一）予以公开\t5\t6\t\n\
         \t（二）部分公开\t7\t8\t\n\
         \t（三）不予公开\t9\t\n"
    );
}

#[test]
fn boxes_that_are_not_tables_are_lines() {
    let mut c = Content::default();
    // A frame around a paragraph, and two boxes side by side of prose.
    c.rect(60.0, 90.0, 300.0, 40.0);
    c.text(70.0, 100.0, 12.0, "本报告由办公室编制");
    c.rect(60.0, 200.0, 100.0, 30.0);
    c.rect(160.0, 200.0, 100.0, 30.0);
    c.text(70.0, 208.0, 12.0, "联系地址");
    c.text(170.0, 208.0, 12.0, "联系电话");
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(t.text, "本报告由办公室编制\n联系地址\t联系电话\n");
}

#[test]
fn a_glyph_without_unicode_is_u_fffd() {
    let mut c = applications_page(&[("一、本年新收", "")], 100.0);
    // The value cell's digits come from a font that gives no Unicode.
    c.codes("M", 275.0, 102.0, 10.0, "00130014");
    let t = read(&document(&[(&c, "")], &format!("/M {NO_UNICODE_FONT}")));
    assert_eq!(t.text, "一、本年新收\t\u{FFFD}\u{FFFD}\t\n");
    assert_eq!(t.unsure_glyphs, 2);
}

#[test]
fn several_tables_a_one_character_label_and_a_table_at_the_foot() {
    let mut c = Content::default();
    c.text(72.0, 60.0, 12.0, "第二十条第（一）项");
    c.table(
        72.0,
        80.0,
        &[100.0, 60.0],
        20.0,
        10.0,
        &[(0, 0, 1, 1, "规章"), (0, 1, 1, 1, "1")],
    );
    // A label one character per line (a narrow cell).
    c.table(
        72.0,
        200.0,
        &[14.0, 60.0],
        40.0,
        10.0,
        &[(0, 0, 1, 1, "总计"), (0, 1, 1, 1, "30")],
    );
    c.table(
        72.0,
        780.0,
        &[100.0, 60.0],
        20.0,
        10.0,
        &[(0, 0, 1, 1, "行政许可"), (0, 1, 1, 1, "447")],
    );
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(
        t.text,
        "第二十条第（一）项\n规章\t1\t\n总计\t30\t\n行政许可\t447\t\n"
    );
}

#[test]
fn a_rotated_page_reads_upright() {
    let mut c = Content::default();
    c.table(
        72.0,
        100.0,
        &[100.0, 60.0],
        20.0,
        10.0,
        &[(0, 0, 1, 1, "行政处罚"), (0, 1, 1, 1, "88")],
    );
    c.text(72.0, 60.0, 12.0, "横向页面");
    let t = read(&document(&[(&c, "/Rotate 90")], ""));
    assert_eq!(t.text, "横向页面\n行政处罚\t88\t\n");
}

#[test]
fn a_page_without_rulings_splits_cells_at_wide_gaps() {
    let mut c = Content::default();
    c.text(72.0, 100.0, 10.0, "行政许可");
    c.text(200.0, 100.0, 10.0, "447");
    c.text(72.0, 120.0, 10.0, "一、总体情况");
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(t.text, "行政许可\t447\n一、总体情况\n");
}

#[test]
fn an_image_only_page_has_no_text() {
    let mut w = Writer::new();
    let cat = w.reserve();
    let tree = w.reserve();
    let img = w.add(stream(
        "/Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8",
        &[0, 255, 255, 0],
    ));
    let content = w.add(stream("", b"q 200 0 0 200 100 500 cm /Im0 Do Q"));
    let page = w.add(format!(
        "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 595 842]\
         /Resources<</XObject<</Im0 {img} 0 R>>>>/Contents {content} 0 R>>"
    ));
    w.set(tree, format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"));
    w.set(cat, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
    assert_eq!(
        pdf_to_text(&w.finish(""), &PdfLimits::default()),
        Err(PdfError::NoText)
    );
}

#[test]
fn a_bomb_is_too_large() {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..40 {
        e.write_all(&zeros).unwrap();
    }
    let z = e.finish().unwrap();
    let mut w = Writer::new();
    let cat = w.reserve();
    let tree = w.reserve();
    let content = w.add(stream("/Filter/FlateDecode", &z));
    let page = w.add(format!(
        "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 595 842]/Contents {content} 0 R>>"
    ));
    w.set(tree, format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"));
    w.set(cat, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
    let limits = PdfLimits {
        max_decompressed_bytes: 32 << 20,
        ..PdfLimits::default()
    };
    let r = pdf_to_text(&w.finish(""), &limits);
    assert!(matches!(r, Err(PdfError::TooLarge(_))), "{r:?}");
}

#[test]
fn forms_that_draw_forms_end() {
    // Ten levels of a form drawing the next one ten times: 10^10 glyphs.
    let mut w = Writer::new();
    let cat = w.reserve();
    let tree = w.reserve();
    let font = w.add(gb_font("UniGB-UCS2-H"));
    let mut inner = w.add(stream(
        &format!(
            "/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Resources<</Font<</U {font} 0 R>>>>"
        ),
        b"BT /U 10 Tf 10 10 Td <4E00> Tj ET",
    ));
    for _ in 0..10 {
        inner = w.add(stream(
            &format!("/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Resources<</XObject<</X {inner} 0 R>>>>"),
            "/X Do ".repeat(10).as_bytes(),
        ));
    }
    let content = w.add(stream("", b"/X Do"));
    let page = w.add(format!(
        "<</Type/Page/Parent {tree} 0 R/MediaBox[0 0 595 842]\
         /Resources<</XObject<</X {inner} 0 R>>>>/Contents {content} 0 R>>"
    ));
    w.set(tree, format!("<</Type/Pages/Kids[{page} 0 R]/Count 1>>"));
    w.set(cat, format!("<</Type/Catalog/Pages {tree} 0 R>>"));
    let limits = PdfLimits {
        max_glyphs: 100_000,
        ..PdfLimits::default()
    };
    let r = pdf_to_text(&w.finish(""), &limits);
    assert!(matches!(r, Err(PdfError::TooLarge(_))), "{r:?}");
}

#[test]
fn too_many_pages_or_objects() {
    let c = Content::default();
    let bytes = document(&[(&c, ""), (&c, ""), (&c, "")], "");
    let r = pdf_to_text(
        &bytes,
        &PdfLimits {
            max_pages: 2,
            ..PdfLimits::default()
        },
    );
    assert!(matches!(r, Err(PdfError::TooLarge(_))), "{r:?}");
    let r = pdf_to_text(
        &bytes,
        &PdfLimits {
            max_objects: 3,
            ..PdfLimits::default()
        },
    );
    assert!(matches!(r, Err(PdfError::TooLarge(_))), "{r:?}");
}

#[test]
fn broken_files_are_repaired_or_corrupt_never_a_panic() {
    let mut c = Content::default();
    c.text(72.0, 100.0, 12.0, "政府信息公开");
    let good = document(&[(&c, "")], "");
    // A cross-reference table pointing at the wrong offsets is repaired.
    let s = String::from_utf8_lossy(&good).into_owned();
    let xref = s.find("xref\n").unwrap();
    let mut shifted = good[..xref].to_vec();
    shifted.splice(
        15..15,
        b"% padding that moves every object\n".iter().copied(),
    );
    shifted.extend_from_slice(&good[xref..]);
    assert_eq!(read(&shifted).text, "政府信息公开\n");
    // Truncated anywhere: text, or an error; never a panic.
    for cut in (0..good.len()).step_by(7) {
        match pdf_to_text(&good[..cut], &PdfLimits::default()) {
            Ok(t) => assert!(t.text.is_empty() || t.text.contains('政'), "{cut}: {t:?}"),
            Err(PdfError::Corrupt(_)) | Err(PdfError::NoText) => {}
            Err(e) => panic!("{cut}: {e:?}"),
        }
    }
    assert!(matches!(
        pdf_to_text(b"not a pdf", &PdfLimits::default()),
        Err(PdfError::Corrupt(_))
    ));
}

#[test]
fn page_numbers_are_recognised() {
    for s in [
        "-4-",
        "- 4 -",
        "— 12 —",
        "第 4 页",
        "第4页 共6页",
        "4/6",
        "4",
    ] {
        assert!(is_page_number(s), "{s}");
    }
    // Digits of cells, wrapped over a page break to the head of the next
    // page (`3 4 4` under `1 1 3`: 13, 14 and 34), are no page number.
    for s in [
        "2024年",
        "一",
        "（四）",
        "第二十条",
        "12345",
        "3 4 4",
        "３\t４",
        "1 2",
    ] {
        assert!(!is_page_number(s), "{s}");
    }
}

#[test]
fn encryption_with_a_user_password_is_refused_an_empty_one_read() {
    let locked = include_bytes!("../../../tests/pdf/encrypted-user-password.pdf");
    assert_eq!(
        pdf_to_text(locked, &PdfLimits::default()),
        Err(PdfError::Encrypted)
    );
    let open = include_bytes!("../../../tests/pdf/encrypted-empty-password.pdf");
    assert_eq!(read(open).text, "Report 2023: 42\n");
}

#[test]
fn digits_at_the_head_of_a_page_leave_the_row_the_page_before_ended_with_unsure() {
    // 535 and 565 wrap in their narrow cells across the page break: the
    // page before ends with 53 … 56, the next begins with 5 … 5 over the
    // next row.
    let numbers = |c: &mut Content, top: f32, values: [&str; 7]| {
        for (k, v) in values.iter().enumerate() {
            c.text(260.0 + 40.0 * k as f32, top, 10.0, v);
        }
    };
    let mut first = Content::default();
    first.text(72.0, 700.0, 10.0, "一、本年新收政府信息公开申请数量");
    numbers(&mut first, 700.0, ["53", "8", "7", "2", "13", "0", "56"]);
    let mut second = Content::default();
    second.text(263.0, 72.0, 10.0, "5");
    second.text(503.0, 72.0, 10.0, "5");
    second.text(72.0, 86.0, 10.0, "二、上年结转政府信息公开申请数量");
    numbers(&mut second, 86.0, ["0", "37", "0", "2", "0", "10", "49"]);
    let t = read(&document(&[(&first, ""), (&second, "")], ""));
    let row = t.text.lines().find(|l| l.starts_with("一、")).expect("row");
    assert!(!row.contains("53") && row.contains('\u{FFFD}'), "{row}");
    // Without the digits the row is read as printed.
    let mut plain = Content::default();
    plain.text(72.0, 86.0, 10.0, "二、上年结转政府信息公开申请数量");
    numbers(&mut plain, 86.0, ["0", "37", "0", "2", "0", "10", "49"]);
    let t = read(&document(&[(&first, ""), (&plain, "")], ""));
    let row = t.text.lines().find(|l| l.starts_with("一、")).expect("row");
    assert!(row.contains("53") && !row.contains('\u{FFFD}'), "{row}");
}

#[test]
fn a_number_wrapped_in_its_narrow_ruled_cell_is_one_number() {
    // 1426 does not fit its cell: the program that laid it out put 14 over
    // 26. A cell with room beside its first line over another line of
    // digits may be one number as well (margins wider than the page
    // shows) or two where a cell holds one: it is unsure, never `12 3`,
    // which a reader of the row takes for two cells.
    let mut c = Content::default();
    c.table(
        50.0,
        100.0,
        &[120.0, 24.0, 60.0],
        30.0,
        10.0,
        &[
            (0, 0, 1, 1, "一、本年新收"),
            (0, 1, 1, 1, "1426"),
            (0, 2, 1, 1, "7"),
        ],
    );
    c.rect(50.0, 130.0, 120.0, 30.0)
        .rect(170.0, 130.0, 24.0, 30.0);
    c.rect(194.0, 130.0, 60.0, 30.0);
    c.text(52.0, 132.0, 10.0, "二、上年结转");
    c.text(172.0, 132.0, 10.0, "5");
    c.text(196.0, 132.0, 10.0, "12");
    c.text(196.0, 143.0, 10.0, "3");
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(
        t.text,
        "一、本年新收\t1426\t7\t\n二、上年结转\t5\t\u{FFFD}\t\n"
    );
    assert_eq!((t.unsure_cells, t.unsure_glyphs), (1, 0));
    // Where the row's sum holds with the digits joined (5 + 7 = 12), they
    // are one number.
    let mut c = Content::default();
    c.rect(50.0, 100.0, 120.0, 30.0)
        .rect(170.0, 100.0, 24.0, 30.0)
        .rect(194.0, 100.0, 24.0, 30.0)
        .rect(218.0, 100.0, 60.0, 30.0);
    c.text(52.0, 102.0, 10.0, "二、上年结转");
    c.text(172.0, 102.0, 10.0, "5");
    c.text(196.0, 102.0, 10.0, "7");
    c.text(220.0, 102.0, 10.0, "1");
    c.text(220.0, 113.0, 10.0, "2");
    let t = read(&document(&[(&c, "")], ""));
    assert_eq!(t.text, "二、上年结转\t5\t7\t12\t\n");
    assert_eq!(t.unsure_cells, 0);
}

/// A page whose table ends at its foot with a header cut inside its words
/// (`结果维` in a cell merged over two rows), and the next page whose
/// table begins with the row `next` and a row of numbers: both tables
/// closed by rulings at the break.
fn cut_at_the_break(next: &[&str; 3]) -> String {
    let mut p1 = Content::default();
    p1.table(
        72.0,
        740.0,
        &[100.0, 60.0, 60.0],
        20.0,
        10.0,
        &[
            (0, 0, 2, 1, "结果维"),
            (0, 1, 1, 2, "行政诉讼"),
            (1, 1, 1, 1, "结果"),
            (1, 2, 1, 1, "总计"),
        ],
    );
    let mut p2 = Content::default();
    let mut cells: Vec<(usize, usize, usize, usize, &str)> = next
        .iter()
        .enumerate()
        .map(|(k, s)| (0, k, 1, 1, *s))
        .collect();
    cells.extend([(1, 0, 1, 1, "0"), (1, 1, 1, 1, "1"), (1, 2, 1, 1, "1")]);
    p2.table(72.0, 60.0, &[100.0, 60.0, 60.0], 20.0, 10.0, &cells);
    read(&document(&[(&p1, ""), (&p2, "")], "")).text
}

#[test]
fn a_row_of_labels_cut_by_a_page_break_goes_on_across_ruled_tables() {
    // The header's words go on in the cells they began in, a merged
    // cell's included.
    assert_eq!(
        cut_at_the_break(&["持", "维持", ""]),
        "结果维持\t行政诉讼\t\n\t结果维持\t总计\t\n0\t1\t1\t\n"
    );
    // A row with a number, a row that begins as a row of its own would,
    // text below an empty cell: rows of their own.
    for next in [["持", "维持", "1"], ["3.其他", "", ""], ["持", "", "合计"]] {
        let text = cut_at_the_break(&next);
        assert!(
            text.starts_with("结果维\t行政诉讼\t\n\t结果\t总计\t\n"),
            "{next:?}: {text}"
        );
    }
}

#[test]
fn a_row_cut_by_a_page_break_goes_on_in_a_table_of_fewer_columns() {
    // On the page after the break, the merged cells on the table's left
    // leave no border between them: the row's rest has one field fewer,
    // matched from the right, where the values are.
    let table = |rows: Vec<Vec<&str>>, tail: Vec<(usize, usize)>, open: bool| PageText {
        height: 800.0,
        blocks: vec![Block::Table {
            y0: 100.0,
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect())
                .collect(),
            tail,
            open_top: open,
            open_bottom: open,
        }],
        unsure_cells: 0,
        wrapped_from_before: false,
    };
    let before = |open| {
        table(
            vec![vec!["三、", "（三）不予公开", "7.属于行政执法案", "0", "0"]],
            (0..5).map(|f| (0, f)).collect(),
            open,
        )
    };
    for open in [false, true] {
        let after = table(
            vec![
                vec!["", "卷", "", ""],
                vec!["", "8.属于行政查询事项", "1", "1"],
            ],
            Vec::new(),
            open,
        );
        assert_eq!(
            join_pages(&[before(open), after]).0,
            "三、\t（三）不予公开\t7.属于行政执法案卷\t0\t0\t\n\t8.属于行政查询事项\t1\t1\t\n",
            "open: {open}"
        );
    }
    // Between tables left open at the break, with as many columns, a row
    // that begins as a row of its own would is one.
    let after = table(
        vec![vec!["", "", "8.属于行政查询事项", "1", "1"]],
        Vec::new(),
        true,
    );
    assert_eq!(
        join_pages(&[before(true), after]).0,
        "三、\t（三）不予公开\t7.属于行政执法案\t0\t0\t\n\t\t8.属于行政查询事项\t1\t1\t\n"
    );
    // A number, or text over a number, in the rest: a row of its own.
    for rest in [vec!["", "卷", "1", ""], vec!["", "", "卷", ""]] {
        let after = table(vec![rest.clone()], Vec::new(), false);
        let text = join_pages(&[before(false), after]).0;
        assert!(
            text.starts_with("三、\t（三）不予公开\t7.属于行政执法案\t0\t0\t\n"),
            "{rest:?}: {text}"
        );
    }
}

/// A page holding one ruled table of `rows`, closed at both ends, each
/// field's text in its own cell.
fn ruled_page(rows: Vec<Vec<&str>>) -> PageText {
    PageText {
        height: 800.0,
        blocks: vec![Block::Table {
            y0: 100.0,
            tail: (0..rows[0].len()).map(|f| (0, f)).collect(),
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(String::from).collect())
                .collect(),
            open_top: false,
            open_bottom: false,
        }],
        unsure_cells: 0,
        wrapped_from_before: false,
    }
}

/// A page holding one line of `text`; `wrapped`: whether digits at its
/// head may end the row the page before ended with.
fn line_page(text: &str, wrapped: bool) -> PageText {
    PageText {
        height: 800.0,
        blocks: vec![Block::Line {
            y0: 400.0,
            y1: 410.0,
            text: text.to_string(),
        }],
        unsure_cells: 0,
        wrapped_from_before: wrapped,
    }
}

#[test]
fn digits_cut_from_their_number_by_a_page_break_join_where_the_sum_then_holds() {
    // 162 wraps in its narrow ruled cell, and the row breaks across the
    // pages between 16 and 2.
    let page = ruled_page;
    let row = |label: &'static str, last: &'static str| {
        page(vec![vec![label, "16", "10", "0", "1", "7", "7", last]])
    };
    let rest = || page(vec![vec!["", "2", "", "", "", "", "", ""]]);
    let label = "一、本年新收政府信息公开申请数量";
    assert_eq!(
        join_pages(&[row(label, "187"), rest()]).0,
        format!("{label}\t162\t10\t0\t1\t7\t7\t187\t\n")
    );
    // The sum holds without the digit (16 + … = 41): they stay apart.
    let kept = join_pages(&[row(label, "41"), rest()]).0;
    assert!(kept.starts_with(&format!("{label}\t16\t")), "{kept}");
    // A row no label names as one of section 三's: no identity tells
    // whether 16 or 162 is printed, and its numbers are unsure.
    let (text, unsure) = join_pages(&[row("行政许可", "187"), rest()]);
    assert_eq!(unsure, 7);
    assert_eq!(text, format!("行政许可{}\t\n", "\t\u{FFFD}".repeat(7)));
    // Section 四's row of fifteen values, no label: each group's total.
    let values = |total: &'static str| {
        let mut v = vec!["0", "1", "0", "0", "1"];
        v.extend(["12", "0", "1", "0", total]);
        v.extend(["0", "0", "0", "0", "0"]);
        page(vec![v])
    };
    let mut cut = vec![""; 15];
    cut[5] = "3";
    let rest = page(vec![cut]);
    assert_eq!(
        join_pages(&[values("124"), rest.clone()]).0,
        "0\t1\t0\t0\t1\t123\t0\t1\t0\t124\t0\t0\t0\t0\t0\t\n"
    );
    // Its totals hold without the digit: apart.
    let kept = join_pages(&[values("13"), rest]).0;
    assert!(kept.starts_with("0\t1\t0\t0\t1\t12\t"), "{kept}");
}

#[test]
fn a_row_of_one_field_is_written_as_a_line() {
    // A merged cell's label placed among a table's rows (see `merged`)
    // holds no value: written with a tab it would read as a row of blank
    // cells, which takes the place of the row it labels.
    let page = PageText {
        height: 800.0,
        blocks: vec![Block::Table {
            y0: 100.0,
            rows: vec![
                vec![
                    "1．申请人无正当理由逾期不补正".into(),
                    "0".into(),
                    "1".into(),
                ],
                vec!["（六）其他处理".into()],
                vec!["3．其他".into(), "2".into(), "2".into()],
            ],
            tail: Vec::new(),
            open_top: false,
            open_bottom: false,
        }],
        unsure_cells: 0,
        wrapped_from_before: false,
    };
    assert_eq!(
        join_pages(&[page]).0,
        "1．申请人无正当理由逾期不补正\t0\t1\t\n（六）其他处理\n3．其他\t2\t2\t\n"
    );
}

#[test]
fn numbers_a_page_head_makes_unsure_are_counted_as_cells_not_glyphs() {
    // The page after the break begins with digits that may end the row
    // the page before ended with: that row's numbers are written U+FFFD
    // and counted as numbers whose cell cannot be told (not as characters
    // the file gives no text for).
    let row = ruled_page(vec![vec!["（一）予以公开", "92", "9", "1", "10"]]);
    let head = |wrapped| line_page("五、存在的主要问题", wrapped);
    let (text, unsure) = join_pages(&[row.clone(), head(true)]);
    assert_eq!(unsure, 4);
    assert!(
        text.starts_with("（一）予以公开\t\u{FFFD}\t\u{FFFD}\t\u{FFFD}\t\u{FFFD}\t\n"),
        "{text}"
    );
    let (text, unsure) = join_pages(&[row, head(false)]);
    assert_eq!(unsure, 0);
    assert!(
        text.starts_with("（一）予以公开\t92\t9\t1\t10\t\n"),
        "{text}"
    );
}

#[test]
fn a_label_and_digits_cut_by_a_page_break_go_on_or_leave_the_row_unsure() {
    // A ruled row cut by the break, its borders drawn on both pages: `数`
    // ends the label's first line and 11 the total's at the foot of one
    // page; `量` and `3` go on at the head of the next.
    let page = ruled_page;
    let label = "一、本年新收政府信息公开申请数";
    let row = |total: &'static str| page(vec![vec![label, "93", "11", "2", "0", "2", "5", total]]);
    let rest = |label: &'static str| page(vec![vec![label, "", "", "", "", "", "", "3"]]);
    // 93 + 11 + 2 + 2 + 5 is 113, not 11: the 3 ends the total.
    assert_eq!(
        join_pages(&[row("11"), rest("量")]),
        (format!("{label}量\t93\t11\t2\t0\t2\t5\t113\t\n"), 0)
    );
    // 1 + 3 is no sum that holds, with it or without: the row's labels go
    // on, its numbers are unsure.
    let (text, unsure) = join_pages(&[row("1"), rest("量")]);
    assert_eq!(unsure, 7);
    assert_eq!(text, format!("{label}量{}\t\n", "\t\u{FFFD}".repeat(7)));
    // A row's own label at the head of the page begins a row of its own.
    let (text, unsure) = join_pages(&[row("11"), rest("行政许可")]);
    assert_eq!(unsure, 0);
    assert!(
        text.starts_with(&format!("{label}\t93\t11\t2\t0\t2\t5\t11\t\n行政许可\t")),
        "{text}"
    );
}

#[test]
fn a_grid_naming_a_row_of_section_3_is_a_table_a_frame_of_words_not() {
    // A sub-row cut off alone by page breaks: its label and blank cells.
    // Its cells stay cells (and its label does not run into the lines
    // around it); a box of prose drawn as a grid stays text.
    let grid = |label: &str| {
        let mut c = Content::default();
        c.table(
            50.0,
            100.0,
            &[200.0, 40.0, 40.0],
            30.0,
            10.0,
            &[(0, 0, 1, 1, label), (0, 1, 1, 1, ""), (0, 2, 1, 1, "")],
        );
        read(&document(&[(&c, "")], "")).text
    };
    assert_eq!(
        grid("5、要求行政机关确认或重新出具已获取信息"),
        "5、要求行政机关确认或重新出具已获取信息\t\t\t\n"
    );
    assert_eq!(grid("联系电话"), "联系电话\n");
}

#[test]
fn the_rest_of_a_row_written_as_a_line_leaves_both_unsure() {
    // The page before wrote its last row as a line, 44 and 54 cut to 4 and
    // 5; the next page's ruled table begins with the label's end and the
    // last digits.
    let line = line_page("一、本年新收政府信息 4 3 1 0 3 3 5", false);
    let rest = |label: &str| {
        let mut rows = vec![vec![label, "4", "", "", "", "", "", "4"]];
        rows.push(vec![
            "二、上年结转政府信息公开申请数量",
            "0",
            "1",
            "0",
            "0",
            "0",
            "1",
            "2",
        ]);
        ruled_page(rows)
    };
    let (text, unsure) = join_pages(&[line.clone(), rest("公开申请数量")]);
    assert_eq!(unsure, 9);
    assert!(
        text.starts_with(&format!(
            "一、本年新收政府信息{}\n公开申请数量\t\u{FFFD}\t\t\t\t\t\t\u{FFFD}\t\n二、上年结转",
            " \u{FFFD}".repeat(7)
        )),
        "{text}"
    );
    // A row of its own (its label begins one) leaves both as they are.
    let (text, unsure) = join_pages(&[line, rest("（一）予以公开")]);
    assert_eq!(unsure, 0);
    assert!(
        text.starts_with("一、本年新收政府信息 4 3 1 0 3 3 5\n（一）予以公开\t4\t"),
        "{text}"
    );
}
