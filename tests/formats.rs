//! Every input a crawl brings: the sample reports as HTML, Word, GB18030 and
//! UTF-16 twins, in nested folders, a zip, a tar.gz and a zip inside a zip,
//! beside a zip bomb, a corrupt zip, an empty file, a PNG, a Big5 page and a
//! duplicate. Every file and member must be accounted for, and every twin
//! must read the same values as its plain-text original.

mod common;

use common::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// A document's structure as the twins print it: paragraphs, and tables
/// whose rows are lists of cells.
enum Block {
    Para(String),
    Row(Vec<String>),
}

/// Read a plain-text report into blocks: a line with inner tabs is a table
/// row; a run of tab-prefixed lines (one cell per line) between blank lines
/// is one row; anything else is a paragraph.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with('\t') && !line[1..].contains('\t') {
            let mut cells = Vec::new();
            while i < lines.len() && lines[i].starts_with('\t') && !lines[i][1..].contains('\t') {
                cells.push(lines[i][1..].trim().to_string());
                i += 1;
            }
            out.push(Block::Row(cells));
            continue;
        }
        if line.contains('\t') {
            let line = line.strip_suffix('\t').unwrap_or(line);
            out.push(Block::Row(
                line.split('\t').map(|c| c.trim().to_string()).collect(),
            ));
        } else if !line.trim().is_empty() {
            out.push(Block::Para(line.to_string()));
        }
        i += 1;
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An HTML twin in the style of a Word export: tables for rows, spans
/// around cell text, &nbsp; for blank cells.
fn html_twin(text: &str) -> Vec<u8> {
    let mut h = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>报告</title></head><body><div class=\"TRS_Editor\">\n");
    let mut in_table = false;
    for b in blocks(text) {
        match b {
            Block::Row(cells) => {
                if !in_table {
                    h.push_str("<table border=\"1\">\n");
                    in_table = true;
                }
                h.push_str("<tr>");
                for c in cells {
                    if c.is_empty() {
                        h.push_str("<td>&nbsp;</td>");
                    } else {
                        h.push_str(&format!("<td><p class=\"MsoNormal\"><span style=\"mso-bidi-font-size:10.5pt\">{}</span></p></td>", escape(&c)));
                    }
                }
                h.push_str("</tr>\n");
            }
            Block::Para(p) => {
                if in_table {
                    h.push_str("</table>\n");
                    in_table = false;
                }
                h.push_str(&format!("<p class=\"MsoNormal\">{}</p>\n", escape(&p)));
            }
        }
    }
    if in_table {
        h.push_str("</table>\n");
    }
    h.push_str("</div></body></html>\n");
    h.into_bytes()
}

/// A Word twin: w:tbl rows for rows, w:p for paragraphs.
fn docx_twin(text: &str) -> Vec<u8> {
    let run = |s: &str| {
        format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            escape(s)
        )
    };
    let mut body = String::new();
    let mut in_table = false;
    for b in blocks(text) {
        match b {
            Block::Row(cells) => {
                if !in_table {
                    body.push_str("<w:tbl>");
                    in_table = true;
                }
                body.push_str("<w:tr>");
                for c in cells {
                    body.push_str(&format!("<w:tc>{}</w:tc>", run(&c)));
                }
                body.push_str("</w:tr>");
            }
            Block::Para(p) => {
                if in_table {
                    body.push_str("</w:tbl>");
                    in_table = false;
                }
                body.push_str(&run(&p));
            }
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    zip_of(&[
        ("[Content_Types].xml", b"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".to_vec()),
        ("word/document.xml", document.into_bytes()),
    ])
}

fn zip_of(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn tar_gz_of(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut t = tar::Builder::new(gz);
    for (name, bytes) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_cksum();
        t.append_data(&mut header, name, bytes.as_slice()).unwrap();
    }
    t.into_inner().unwrap().finish().unwrap()
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for u in text.encode_utf16() {
        out.extend(if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

const BIG5_PAGE: &str = "新榮區衛生健康和體育局2021年政府信息公開工作年度報告\n\
    本報告由新榮區衛生健康和體育局編制。統計期限自2021年1月1日至2021年12月31日。\n\
    一、存在的主要問題\n本局政府信息公開工作仍有不足。\n二、整改情況\n下一步將加強培訓。\n";

/// Each report's cells as sorted "table key value" lines.
fn cells_by_report(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (table, keys) in [
        ("proactive_disclosure", &["item", "category", "metric"][..]),
        ("applications", &["row", "applicant"][..]),
        ("reviews", &["proceeding", "outcome"][..]),
    ] {
        for r in rows(out, table) {
            let key: Vec<String> = keys.iter().map(|k| r[*k].to_string()).collect();
            by.entry(r["report_id"].as_str().unwrap().to_string())
                .or_default()
                .push(format!("{table} {} {}", key.join(" "), r["value"]));
        }
    }
    for r in rows(out, "procurement") {
        by.entry(r["report_id"].as_str().unwrap().to_string())
            .or_default()
            .push(format!(
                "procurement {} {}",
                r["project_count"], r["amount_yuan"]
            ));
    }
    for v in by.values_mut() {
        v.sort();
    }
    by
}

#[test]
fn every_format_and_archive_is_read_and_twins_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("archive");
    let mut seeds: Vec<(String, String)> = std::fs::read_dir(repo().join("data"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    seeds.sort();

    // Every place a document lives, and which seed it is a twin of.
    let mut twin_of: Vec<(String, String)> = Vec::new();
    let put = |rel: &str, bytes: &[u8]| {
        let p = input.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    };
    let mut zip_members = Vec::new();
    let mut tar_members = Vec::new();
    for (i, (stem, text)) in seeds.iter().enumerate() {
        let province = ["陕西省/岚皋县", "四川省", "青海省/贵德县/拉西瓦镇"][i % 3];
        for (rel, bytes) in [
            (format!("{province}/{stem}.txt"), text.clone().into_bytes()),
            (format!("{province}/html/{stem}.html"), html_twin(text)),
            (format!("{province}/word/{stem}.docx"), docx_twin(text)),
            (
                format!("{province}/gbk/{stem}.txt"),
                encoding_rs::GB18030.encode(text).0.into_owned(),
            ),
            (format!("utf16/{stem}-le.txt"), utf16(text, false)),
            (format!("utf16/{stem}-be.txt"), utf16(text, true)),
        ] {
            put(&rel, &bytes);
            twin_of.push((rel, stem.clone()));
        }
        zip_members.push((format!("zipped/{stem}.html"), html_twin(text)));
        tar_members.push((format!("tarred/{stem}.docx"), docx_twin(text)));
    }
    let zip_refs: Vec<(&str, Vec<u8>)> = zip_members
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    put("bundles/reports.zip", &zip_of(&zip_refs));
    for (n, _) in &zip_members {
        twin_of.push((
            format!("bundles/reports.zip!{n}"),
            n.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".html")
                .to_string(),
        ));
    }
    let tar_refs: Vec<(&str, Vec<u8>)> = tar_members
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    put("bundles/reports.tar.gz", &tar_gz_of(&tar_refs));
    for (n, _) in &tar_members {
        twin_of.push((
            format!("bundles/reports.tar.gz!{n}"),
            n.rsplit('/')
                .next()
                .unwrap()
                .trim_end_matches(".docx")
                .to_string(),
        ));
    }
    // A zip inside a zip, with a GB18030 member.
    let (stem, text) = &seeds[3];
    let inner = zip_of(&[(
        "深/inner.txt",
        encoding_rs::GB18030.encode(text).0.into_owned(),
    )]);
    put(
        "bundles/outer.zip",
        &zip_of(&[
            ("inner.zip", inner),
            ("readme.txt", "说明".as_bytes().to_vec()),
        ]),
    );
    twin_of.push((
        "bundles/outer.zip!inner.zip!深/inner.txt".to_string(),
        stem.clone(),
    ));
    // A zip bomb beside a real member, a corrupt zip, junk.
    let bomb = vec![0u8; 80 * 1024 * 1024];
    put(
        "junk/bomb.zip",
        &zip_of(&[
            ("zeros.txt", bomb),
            ("ok.txt", seeds[1].1.clone().into_bytes()),
        ]),
    );
    let mut corrupt = zip_of(&[("a.txt", seeds[2].1.clone().into_bytes())]);
    corrupt.truncate(corrupt.len() / 2);
    put("junk/corrupt.zip", &corrupt);
    put("junk/empty.txt", b"");
    put(
        "junk/image.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
    );
    put("junk/big5.txt", &encoding_rs::BIG5.encode(BIG5_PAGE).0);
    put("junk/duplicate.txt", seeds[0].1.as_bytes());

    let out = tmp.path().join("out");
    build(&input, &out, &[]);
    let reports = rows(&out, "reports");
    let place = |r: &Map<String, Value>| match r["member"].as_str() {
        Some(m) => format!("{}!{m}", r["source_path"].as_str().unwrap()),
        None => r["source_path"].as_str().unwrap().to_string(),
    };
    let mut by_place: BTreeMap<String, &Map<String, Value>> =
        reports.iter().map(|r| (place(r), r)).collect();
    // A duplicate's place maps to the row that holds its bytes.
    for r in &reports {
        for d in r["duplicate_paths"].as_array().unwrap() {
            assert!(
                by_place
                    .insert(d.as_str().unwrap().to_string(), r)
                    .is_none(),
                "{d} has a row and is a duplicate"
            );
        }
    }

    // Accounted for: every twin has a row or is listed as a duplicate.
    for (p, _) in &twin_of {
        assert!(by_place.contains_key(p), "{p} is not accounted for");
    }
    // The same bytes under two names: the first in path order holds the row.
    let dup = by_place["junk/duplicate.txt"];
    assert_eq!(place(dup), "junk/duplicate.txt");
    assert!(dup["duplicate_paths"].as_array().unwrap().iter().any(|d| d
        .as_str()
        .unwrap()
        .ends_with(&format!("{}.txt", seeds[0].0))));

    // Twins read exactly what their originals read.
    let cells = cells_by_report(&out);
    let originals: BTreeMap<&str, &Map<String, Value>> = seeds
        .iter()
        .enumerate()
        .map(|(i, (stem, _))| {
            let province = ["陕西省/岚皋县", "四川省", "青海省/贵德县/拉西瓦镇"][i % 3];
            (stem.as_str(), by_place[&format!("{province}/{stem}.txt")])
        })
        .collect();
    for (p, stem) in &twin_of {
        let Some(r) = by_place.get(p) else { continue };
        let orig = originals[stem.as_str()];
        let id = |r: &Map<String, Value>| r["report_id"].as_str().unwrap().to_string();
        let empty = Vec::new();
        assert_eq!(
            cells.get(&id(r)).unwrap_or(&empty),
            cells.get(&id(orig)).unwrap_or(&empty),
            "{p} reads differently from {stem}.txt"
        );
        for k in ["year", "template", "status"] {
            assert_eq!(r[k], orig[k], "{p}: {k}");
        }
    }
    let enc = |p: &str| by_place[p]["encoding"].as_str().unwrap().to_string();
    assert_eq!(enc(&format!("四川省/gbk/{}.txt", seeds[1].0)), "GB18030");
    assert_eq!(enc(&format!("utf16/{}-le.txt", seeds[0].0)), "UTF-16LE");
    assert_eq!(enc(&format!("utf16/{}-be.txt", seeds[0].0)), "UTF-16BE");
    assert_eq!(
        by_place[&format!("四川省/word/{}.docx", seeds[1].0)]["format"],
        "docx"
    );

    // Junk: each with its status and a diagnostic saying why.
    let diags = rows(&out, "diagnostics");
    let codes = |r: &Map<String, Value>| -> Vec<String> {
        diags
            .iter()
            .filter(|d| d["report_id"] == r["report_id"])
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let bomb = by_place["junk/bomb.zip!zeros.txt"];
    assert_eq!(bomb["status"], "failed");
    assert!(
        codes(bomb)
            .iter()
            .any(|c| c == "COMPRESSION_RATIO" || c == "MEMBER_TOO_LARGE"),
        "{:?}",
        codes(bomb)
    );
    assert_eq!(
        by_place["junk/bomb.zip!ok.txt"]["status"],
        originals[seeds[1].0.as_str()]["status"]
    );
    let corrupt: Vec<_> = reports
        .iter()
        .filter(|r| r["source_path"] == "junk/corrupt.zip")
        .collect();
    assert!(
        corrupt
            .iter()
            .any(|r| codes(r).contains(&"ARCHIVE_CORRUPT".to_string())),
        "corrupt zip flagged"
    );
    assert_eq!(by_place["junk/empty.txt"]["status"], "failed");
    assert_eq!(by_place["junk/image.png"]["status"], "failed");
    assert!(codes(by_place["junk/image.png"]).contains(&"FORMAT_NOT_READ".to_string()));
    let big5 = by_place["junk/big5.txt"];
    assert_eq!(big5["encoding"], "Big5");
    assert_eq!(big5["year"], 2021);
    assert_eq!(big5["template"], "narrative");
    assert_eq!(
        by_place["bundles/outer.zip!readme.txt"]["status"],
        "not_a_report"
    );
}

/// The sample reports of the shared corpora are UTF-8, and stay readable
/// when re-encoded into the legacy encodings a crawl meets: whole, and line
/// by line (short GB18030 snippets are never taken for Big5 or mistaken for
/// broken UTF-8).
#[test]
fn shared_corpus_decodes_in_every_encoding() {
    use encoding_rs::GB18030;
    use ogi::decode::{decode, normalise};
    use ogi::format::{sniff, Format};
    let Some(shared) = shared() else { return };
    let encode = |text: &str| {
        let (bytes, used, unmappable) = GB18030.encode(text);
        assert!(used == GB18030 && !unmappable);
        bytes.into_owned()
    };
    let (mut seen, mut lines, mut accidental_utf8) = (0, 0, 0);
    for corpus in ["seeds", "real"] {
        let dir = shared.join("corpus").join(corpus).join("docs");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        for path in paths {
            let name = path.to_string_lossy().into_owned();
            if corpus == "seeds" && !name.ends_with(".txt") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            let d = decode(&bytes);
            assert_eq!(d.encoding, "UTF-8", "{name}");
            assert!(!d.had_errors, "{name}");
            assert!(d.text.contains("政府信息公开"), "{name}");
            let expected = if name.ends_with(".html") {
                Format::Html
            } else {
                Format::Text
            };
            assert_eq!(sniff(&name, &bytes), expected, "{name}");
            if name.ends_with("r102.html") || name.ends_with("r104.html") {
                assert_eq!(d.declared, Some("UTF-8"), "{name}");
            } else {
                assert!(matches!(d.declared, None | Some("UTF-8")), "{name}");
            }
            let utf8 = std::str::from_utf8(&bytes).unwrap();
            let gb = decode(&encode(utf8));
            assert_eq!(gb.encoding, "GB18030", "{name}");
            assert_eq!(gb.text, d.text, "{name}");
            // A snippet whose few GB bytes happen to be valid UTF-8, like
            // 平潭通 = C6BD CCB6 CDA8 amid ASCII markup, is UTF-8 by rule.
            for line in utf8
                .lines()
                .map(str::trim)
                .filter(|l| l.chars().count() >= 6)
            {
                let bytes = encode(line);
                if std::str::from_utf8(&bytes).is_ok() {
                    accidental_utf8 += 1;
                    continue;
                }
                lines += 1;
                let d = decode(&bytes);
                assert_eq!(
                    (d.encoding, d.text.as_str()),
                    ("GB18030", normalise(line).as_str()),
                    "{name}"
                );
            }
            seen += 1;
        }
    }
    println!(
        "{seen} files, {lines} GB18030 lines checked ({accidental_utf8} lines ASCII or \
         accidentally valid UTF-8)"
    );
    assert!(seen > 0);
}
