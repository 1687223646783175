//! Word 2007+ documents (.docx) → plain text.
//!
//! Only the main document part (`word/document.xml`) is read, with a
//! streaming XML reader. Paragraphs become lines; a table becomes one line
//! per row with the cells separated by tabs, like a tab-separated export, so
//! the text-table recogniser downstream reads it as it reads text reports:
//!
//! * a cell's paragraphs are joined by a space (and its line breaks and tabs
//!   become spaces), so a cell never breaks its row;
//! * a vertically merged continuation cell (`w:vMerge` without
//!   `w:val="restart"`) is an empty field;
//! * a horizontally merged cell (`w:gridSpan`) is one field, not repeated;
//! * a table nested in a cell is flattened into that cell's text.
//!
//! Outside tables, `w:tab` becomes a space and `w:br`/`w:cr` a new line.
//! Deleted text (`w:delText`), field codes (`w:instrText`) and the legacy
//! `mc:Fallback` copy of drawings are left out; text boxes become lines of
//! their own, before the paragraph that anchors them.
//!
//! The core-properties title (`docProps/core.xml`) is deliberately not
//! added: it is often stale (copied from a template or last year's report)
//! or a file name, and would mislead metadata extraction.
//!
//! The text is returned as written; it is not passed through
//! [`super::normalise`].

use std::borrow::Cow;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::ZipArchive;

/// Largest `word/document.xml` that is read.
pub const MAX_DOCUMENT_XML_BYTES: u64 = 128 << 20;

const W_NAMESPACES: &[&str] = &[
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NAMESPACE: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The text of a .docx: one line per paragraph and per table row, each
/// ending in `\n`. Err (one sentence) when the bytes are not a readable
/// docx.
pub fn docx_to_text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("the docx is not a readable zip archive: {e}"))?;
    let part = main_part_name(&mut zip)?;
    let xml = read_part(&mut zip, &part, MAX_DOCUMENT_XML_BYTES)?;
    let xml = xml_text(&xml);
    document_text(&xml).map_err(|e| format!("{part} is not well-formed XML: {e}"))
}

/// `word/document.xml`, or wherever `_rels/.rels` says the main part is.
fn main_part_name(zip: &mut ZipArchive<Cursor<&[u8]>>) -> Result<String, String> {
    const DEFAULT: &str = "word/document.xml";
    if zip.index_for_name(DEFAULT).is_some() {
        return Ok(DEFAULT.to_string());
    }
    let missing = || "the docx has no word/document.xml".to_string();
    let rels = read_part(zip, "_rels/.rels", 1 << 20).map_err(|_| missing())?;
    let rels = xml_text(&rels);
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == "Relationship" =>
            {
                let is_main = attr(&e, "Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr(&e, "Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    if zip.index_for_name(&target).is_some() {
                        return Ok(target);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Err(missing()),
            Ok(_) => {}
        }
    }
}

/// A member's bytes, refusing more than `max` (whatever the header says).
fn read_part(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, max: u64) -> Result<Vec<u8>, String> {
    let file = zip
        .by_name(name)
        .map_err(|e| format!("{name} cannot be opened: {e}"))?;
    if file.size() > max {
        return Err(format!(
            "{name} declares {} bytes, more than the limit of {max}",
            file.size()
        ));
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    file.take(max + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("{name} cannot be read: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!("{name} holds more than {max} bytes"));
    }
    Ok(out)
}

/// XML bytes as text: UTF-8 (BOM dropped, bad bytes replaced) or UTF-16
/// with a BOM.
fn xml_text(bytes: &[u8]) -> Cow<'_, str> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(bytes); // BOM sniffing picks LE/BE
        return Cow::Owned(text.into_owned());
    }
    String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
}

/// The value of the attribute with this local name.
fn attr<'a>(e: &'a BytesStart<'_>, local: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .map(|a| a.value)
}

/// The prefixes bound to the WordprocessingML and markup-compatibility
/// namespaces on the root element ("w" and "mc" unless declared otherwise).
#[derive(Debug)]
struct Prefixes {
    w: String,
    mc: String,
}

impl Prefixes {
    fn from_root(root: &BytesStart<'_>) -> Self {
        let mut p = Prefixes {
            w: "w".to_string(),
            mc: "mc".to_string(),
        };
        for a in root.attributes().flatten() {
            let key = a.key.as_ref();
            let prefix = if key == "xmlns" {
                ""
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            if W_NAMESPACES.contains(&a.value.as_ref()) {
                p.w = prefix.to_string();
            } else if a.value == MC_NAMESPACE {
                p.mc = prefix.to_string();
            }
        }
        p
    }

    /// The local name of a WordprocessingML element, None for others.
    fn w<'n>(&self, qname: &'n str) -> Option<&'n str> {
        local_in(qname, &self.w)
    }

    fn mc<'n>(&self, qname: &'n str) -> Option<&'n str> {
        local_in(qname, &self.mc)
    }
}

fn local_in<'n>(qname: &'n str, prefix: &str) -> Option<&'n str> {
    // Called for every element of a document: memchr, not a char search.
    match memchr::memchr(b':', qname.as_bytes()).map(|i| (&qname[..i], &qname[i + 1..])) {
        Some((p, local)) if p == prefix => Some(local),
        None if prefix.is_empty() => Some(qname),
        _ => None,
    }
}

/// The text being assembled.
#[derive(Default)]
struct Text {
    out: String,
    /// Open paragraphs (a text box's paragraphs sit inside a paragraph).
    paras: Vec<String>,
    /// Table nesting depth.
    tables: u32,
    /// Finished cells of the current row of the outermost table.
    row: Vec<String>,
    /// Text of the current cell of the outermost table.
    cell: String,
    /// The current outermost cell continues a vertical merge.
    continues: bool,
    /// Inside `w:t`.
    in_text: bool,
    /// Inside `w:tabs` (tab stop definitions, not tab characters).
    in_tabs: bool,
}

impl Text {
    fn push(&mut self, s: &str) {
        if !self.in_text {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            for c in s.chars() {
                p.push(if matches!(c, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    c
                });
            }
        }
    }

    fn push_char(&mut self, c: char) {
        if let Some(p) = self.paras.last_mut() {
            p.push(c);
        }
    }

    fn end_paragraph(&mut self) {
        let Some(p) = self.paras.pop() else { return };
        if self.tables > 0 {
            let piece = p.replace('\n', " ");
            let piece = piece.trim();
            if !piece.is_empty() {
                if !self.cell.is_empty() {
                    self.cell.push(' ');
                }
                self.cell.push_str(piece);
            }
        } else {
            self.out.push_str(&p);
            self.out.push('\n');
        }
    }

    fn start(&mut self, local: &str, e: &BytesStart<'_>, empty: bool) {
        match local {
            "p" => {
                self.paras.push(String::new());
                if empty {
                    self.end_paragraph();
                }
            }
            "t" => self.in_text = !empty,
            "tabs" => self.in_tabs = !empty,
            "tab" | "ptab" if !self.in_tabs => self.push_char(' '),
            "br" | "cr" => self.push_char('\n'),
            "noBreakHyphen" => self.push_char('-'),
            "tbl" if !empty => {
                self.tables += 1;
                if self.tables == 1 {
                    self.row.clear();
                }
            }
            "tr" if self.tables == 1 => self.row.clear(),
            "tc" if self.tables == 1 => {
                self.cell.clear();
                self.continues = false;
                if empty {
                    self.row.push(String::new());
                }
            }
            "vMerge" if self.tables == 1 => {
                self.continues = attr(e, "val").is_none_or(|v| v != "restart");
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "p" => self.end_paragraph(),
            "t" => self.in_text = false,
            "tabs" => self.in_tabs = false,
            "tc" if self.tables == 1 => {
                let cell = std::mem::take(&mut self.cell);
                self.row
                    .push(if self.continues { String::new() } else { cell });
                self.continues = false;
            }
            "tr" if self.tables == 1 => {
                // Rows end with a tab, as tab exports print them, so that a
                // blank last cell is still a cell (see decode::html).
                self.out.push_str(&self.row.join("\t"));
                self.out.push_str("\t\n");
                self.row.clear();
            }
            "tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }
}

/// Walk the document XML.
fn document_text(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut prefixes: Option<Prefixes> = None;
    let mut text = Text::default();
    // Depth inside an ignored subtree (mc:Fallback).
    let mut skip = 0u32;
    loop {
        // One step of the document's budget per XML event: past it the
        // rest is not read (the document becomes a failed row anyway).
        if !crate::budget::spend(1) {
            break;
        }
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) => {
                let p = prefixes.get_or_insert_with(|| Prefixes::from_root(&e));
                if skip > 0 {
                    skip += 1;
                    continue;
                }
                let name = e.name();
                if p.mc(name.as_ref()) == Some("Fallback") {
                    skip = 1;
                } else if let Some(local) = p.w(name.as_ref()) {
                    text.start(local, &e, false);
                }
            }
            Event::Empty(e) => {
                let p = prefixes.get_or_insert_with(|| Prefixes::from_root(&e));
                if skip > 0 {
                    continue;
                }
                if let Some(local) = p.w(e.name().as_ref()) {
                    text.start(local, &e, true);
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let name = e.name();
                if let Some(local) = prefixes.as_ref().and_then(|p| p.w(name.as_ref())) {
                    text.end(local);
                }
            }
            Event::Text(t) if skip == 0 => text.push(&t),
            Event::CData(t) if skip == 0 => text.push(&t),
            Event::GeneralRef(r) if skip == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c.encode_utf8(&mut [0; 4]));
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    text.push(s);
                } else {
                    text.push(&format!("&{};", &*r));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A truncated document: keep what was open.
    while !text.paras.is_empty() {
        text.end_paragraph();
    }
    Ok(text.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        for (name, body) in parts {
            w.start_file(*name, opts).unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
        )
    }

    fn cell(props: &str, text: &str) -> String {
        format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"#
        )
    }

    #[test]
    fn paragraphs_and_a_merged_table() {
        let body = format!(
            concat!(
                r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t>北京市</w:t></w:r>"#,
                r#"<w:r><w:t xml:space="preserve"> 2023年 &amp; &lt;政府&gt;</w:t></w:r>"#,
                r#"<w:r><w:tab/><w:t>信息公开</w:t><w:br/><w:t>年度报告</w:t></w:r></w:p>"#,
                r#"<w:p><w:r><w:t>一、总体情况&#x3002;&#32;</w:t></w:r><w:r><w:delText>删</w:delText></w:r></w:p>"#,
                r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr>"#,
                r#"<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/></w:tblGrid>"#,
                "<w:tr>{}{}</w:tr>",
                "<w:tr>{}{}{}</w:tr>",
                "<w:tr>{}{}{}</w:tr>",
                "</w:tbl><w:p/>"
            ),
            cell(r#"<w:vMerge w:val="restart"/>"#, "项目"),
            cell(r#"<w:gridSpan w:val="2"/>"#, "本年"),
            cell("<w:vMerge/>", ""),
            cell("", "新增"),
            cell("", "废止"),
            r#"<w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve"> (件) </w:t></w:r></w:p></w:tc>"#,
            cell("", "3"),
            cell("", "0"),
        );
        let bytes = docx(&[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", &document(&body)),
        ]);
        assert_eq!(
            docx_to_text(&bytes).unwrap(),
            "北京市 2023年 & <政府> 信息公开\n年度报告\n\
             一、总体情况。 \n\
             项目\t本年\t\n\
             \t新增\t废止\t\n\
             规章 (件)\t3\t0\t\n\
             \n"
        );
    }

    #[test]
    fn nested_tables_text_boxes_and_fallbacks() {
        let nested = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("", "甲"),
            cell("<w:vMerge/>", "乙"),
            cell("", "丙"),
            cell("", "丁"),
        );
        let body = format!(
            concat!(
                "<w:tbl><w:tr>",
                "<w:tc><w:p><w:r><w:t>外</w:t><w:br/><w:t>层</w:t></w:r></w:p>{}</w:tc>",
                "{}</w:tr></w:tbl>",
                "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">",
                "<w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>",
                "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>",
                "<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>",
                "</w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>继续</w:t></w:r></w:p>",
                "<w:p><w:r><w:instrText> PAGE </w:instrText><w:t>1</w:t></w:r></w:p>",
            ),
            nested,
            cell("", "右"),
        );
        let bytes = docx(&[("word/document.xml", &document(&body))]);
        assert_eq!(
            docx_to_text(&bytes).unwrap(),
            "外 层 甲 乙 丙 丁\t右\t\n文本框\n正文继续\n1\n"
        );
    }

    #[test]
    fn other_prefixes_and_main_part_names() {
        let xml = r#"<?xml version="1.0"?><doc:document xmlns:doc="http://purl.oclc.org/ooxml/wordprocessingml/main"><doc:body><doc:p><doc:r><doc:t>严格</doc:t></doc:r></doc:p><doc:p><doc:r><doc:t>格式</doc:t></doc:r></doc:p></doc:body></doc:document>"#;
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/document2.xml"/></Relationships>"#;
        let bytes = docx(&[("_rels/.rels", rels), ("word/document2.xml", xml)]);
        assert_eq!(docx_to_text(&bytes).unwrap(), "严格\n格式\n");
    }

    #[test]
    fn corrupt_docx_is_an_error() {
        assert!(docx_to_text(b"PK\x03\x04 truncated").is_err());
        assert!(docx_to_text(b"").is_err());
        let good = docx(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>x</w:t></w:r></w:p>"),
        )]);
        assert!(docx_to_text(&good[..good.len() / 2]).is_err());
        let err = docx_to_text(&docx(&[("other.xml", "<a/>")])).unwrap_err();
        assert!(err.contains("word/document.xml"), "{err}");
        let err = docx_to_text(&docx(&[(
            "word/document.xml",
            "<w:document><w:body></w:p>",
        )]))
        .unwrap_err();
        assert!(err.contains("not well-formed"), "{err}");
    }
}
