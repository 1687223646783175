//! What a file is: its format, told from its name and leading bytes
//! (magic numbers, byte-order marks, HTML markers), before it is decoded.
//! The crawl asks it whether a file is an archive or a Word document; the
//! one-document step asks it how to read the bytes.

/// What kind of document the bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Doc,
    Pdf,
    Image,
    Archive,
    Empty,
    Binary,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Doc => "doc",
            Format::Pdf => "pdf",
            Format::Image => "image",
            Format::Archive => "archive",
            Format::Empty => "empty",
            Format::Binary => "binary",
        }
    }
}

/// How far into a text-like file we look for HTML markers.
const HTML_SNIFF_BYTES: usize = 4096;
/// How far into a file we count control bytes to call it binary.
const BINARY_SNIFF_BYTES: usize = 16 * 1024;
/// How much of a zip's head and tail is searched for `word/document.xml`.
const ZIP_NAME_WINDOW: usize = 64 * 1024;

/// Byte-order marks.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
pub(crate) const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
pub(crate) const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// Decide the format from the file name's extension and the leading bytes.
/// Magic numbers win over the extension; the extension only decides between
/// Docx and Archive for zips and makes text under `.html`/`.htm` Html.
///
/// RTF (`{\rtf`) is reported as [`Format::Doc`]: it is the other "old Word"
/// format that government sites publish under `.doc`, and as plain text it
/// would be unreadable control words and `\'xx` escapes.
pub fn sniff(file_name: &str, bytes: &[u8]) -> Format {
    if bytes.is_empty() {
        return Format::Empty;
    }
    let ext = extension(file_name);
    if let Some(format) = sniff_magic(ext, bytes) {
        return format;
    }
    if bytes.starts_with(UTF16LE_BOM) || bytes.starts_with(UTF16BE_BOM) {
        let le = bytes.starts_with(UTF16LE_BOM);
        let units = &bytes[2..];
        if utf16_is_blank(units, le) {
            return Format::Empty;
        }
        let mut ascii = [b' '; HTML_SNIFF_BYTES];
        let mut n = 0;
        for pair in units.chunks_exact(2).take(HTML_SNIFF_BYTES) {
            let unit = if le {
                u16::from_le_bytes([pair[0], pair[1]])
            } else {
                u16::from_be_bytes([pair[0], pair[1]])
            };
            if unit < 0x80 {
                ascii[n] = unit as u8;
            }
            n += 1;
        }
        return if has_html_markers(&ascii[..n]) || ext_in(ext, HTML_EXTS) {
            Format::Html
        } else {
            Format::Text
        };
    }
    if is_bomless_utf16le(bytes) {
        let mut ascii = [b' '; HTML_SNIFF_BYTES];
        let mut n = 0;
        for pair in bytes.chunks_exact(2).take(HTML_SNIFF_BYTES) {
            if pair[1] == 0 && pair[0] < 0x80 {
                ascii[n] = pair[0];
            }
            n += 1;
        }
        if utf16_is_blank(bytes, true) {
            return Format::Empty;
        }
        return if has_html_markers(&ascii[..n]) || ext_in(ext, HTML_EXTS) {
            Format::Html
        } else {
            Format::Text
        };
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    if is_blank(body) {
        return Format::Empty;
    }
    if looks_binary(body) {
        return Format::Binary;
    }
    if has_html_markers(&body[..body.len().min(HTML_SNIFF_BYTES)]) || ext_in(ext, HTML_EXTS) {
        Format::Html
    } else {
        Format::Text
    }
}

/// How much of a file [`is_bomless_utf16le`] looks at.
const UTF16_SNIFF_BYTES: usize = 8192;

/// UTF-16LE without a byte-order mark (Windows tools write it): the text
/// of a report holds digits, spaces and line ends, whose high bytes are
/// NUL, so many bytes at odd offsets are NUL (a tenth of the units at
/// least), no unit is U+0000, and the units read as UTF-16 without an
/// unpaired surrogate or a control character. Binary data with its NULs so placed and such units
/// throughout is not met in practice.
pub(crate) fn is_bomless_utf16le(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES) & !1];
    let units = sample.len() / 2;
    // Text of one-byte characters in UTF-16LE has a zero in every other
    // byte; a sample with none is not that (most files: a fast test).
    if units < 8 || !sample.contains(&0) {
        return false;
    }
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    // U+0000 is no text; binary data is full of it.
    let nul_units = sample.chunks_exact(2).filter(|p| p == &[0, 0]).count();
    if odd_nul * 10 < units || nul_units > 0 {
        return false;
    }
    let cut = bytes.len() > sample.len();
    let mut chars = char::decode_utf16(
        sample
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]])),
    )
    .peekable();
    while let Some(c) = chars.next() {
        match c {
            // A pair cut by the sample's end is no fault of the text.
            Err(_) if cut && chars.peek().is_none() => {}
            Err(_) => return false,
            Ok(c) if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') => return false,
            Ok(_) => {}
        }
    }
    true
}

const HTML_EXTS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "shtm", "jsp", "asp", "aspx", "php",
];
const DOCX_EXTS: &[&str] = &["docx", "docm", "dotx", "dotm"];

/// Whether [`sniff`] would call these bytes a Word document: the one
/// question pass 1 asks of a file (a `.docx` is a zip, but not an archive
/// to open), answered from the magic numbers alone.
pub fn is_word_document(file_name: &str, bytes: &[u8]) -> bool {
    sniff_magic(extension(file_name), bytes) == Some(Format::Docx)
}

/// The extension of the last path component (without the dot), or "".
fn extension(file_name: &str) -> &str {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => ext,
        _ => "",
    }
}

fn ext_in(ext: &str, list: &[&str]) -> bool {
    list.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// Formats recognisable from their leading bytes alone.
fn sniff_magic(ext: &str, b: &[u8]) -> Option<Format> {
    if b.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if b.starts_with(b"\x89PNG\r\n\x1a\n")
        || b.starts_with(b"\xFF\xD8\xFF")
        || b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
        || (b.starts_with(b"BM") && b.len() >= 26 && b[6..10] == [0, 0, 0, 0])
        || (b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
        || (b.len() >= 12
            && &b[4..8] == b"ftyp"
            && matches!(
                &b[8..12],
                b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
            ))
    {
        return Some(Format::Image);
    }
    if b.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") || b.starts_with(b"{\\rtf") {
        return Some(Format::Doc);
    }
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") || b.starts_with(b"PK\x07\x08")
    {
        return Some(if ext_in(ext, DOCX_EXTS) || zip_has_word_document(b) {
            Format::Docx
        } else {
            Format::Archive
        });
    }
    if b.starts_with(b"\x1F\x8B")
        || (b.len() >= 4 && b.starts_with(b"BZh") && b[3].is_ascii_digit())
        || b.starts_with(b"\xFD7zXZ\0")
        || b.starts_with(b"7z\xBC\xAF\x27\x1C")
        || b.starts_with(b"Rar!\x1A\x07")
        || b.starts_with(b"\x28\xB5\x2F\xFD")
        || (b.len() >= 262 && &b[257..262] == b"ustar")
    {
        return Some(Format::Archive);
    }
    // Readers accept a PDF header anywhere in the first KiB (after HTTP
    // headers, a BOM, stray whitespace). Guard against text that merely
    // mentions "%PDF-": no markup before it and objects right after it.
    let head = &b[..b.len().min(1024)];
    if let Some(p) = find(head, b"%PDF-") {
        let after = &b[p..b.len().min(p + 8192)];
        if !head[..p].contains(&b'<') && find(after, b" obj").is_some() {
            return Some(Format::Pdf);
        }
    }
    None
}

/// Whether a zip names `word/document.xml` in its first local headers or its
/// central directory (at the end).
fn zip_has_word_document(b: &[u8]) -> bool {
    const NAME: &[u8] = b"word/document";
    if b.len() <= 2 * ZIP_NAME_WINDOW {
        return find(b, NAME).is_some();
    }
    find(&b[..ZIP_NAME_WINDOW], NAME).is_some()
        || find(&b[b.len() - ZIP_NAME_WINDOW..], NAME).is_some()
}

/// First position of `needle` in `hay` (a vectorised search); an empty
/// needle is found nowhere.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}

fn is_invisible(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Only whitespace (ASCII, or Unicode spaces and zero-width characters in
/// UTF-8). Stops at the first visible character, so cheap on real files.
fn is_blank(b: &[u8]) -> bool {
    // A window at a time, so that a document is not validated whole to
    // find its first visible character. Windows end before a byte that
    // starts a character, so no character (or invalid run) spans two.
    let mut rest = b;
    while !rest.is_empty() {
        let mut n = rest.len().min(256);
        while n < rest.len() && rest[n] & 0xC0 == 0x80 {
            n += 1;
        }
        let (window, after) = rest.split_at(n);
        for chunk in window.utf8_chunks() {
            if !chunk.valid().chars().all(is_invisible) || !chunk.invalid().is_empty() {
                return false;
            }
        }
        rest = after;
    }
    true
}

fn utf16_is_blank(units: &[u8], le: bool) -> bool {
    units.chunks_exact(2).all(|p| {
        let u = if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        };
        char::from_u32(u32::from(u)).is_some_and(is_invisible)
    })
}

/// Many NUL/control bytes (other than tab, line ends, form feed, ESC) in the
/// first 16 KiB. Legacy CJK encodings never produce these bytes.
fn looks_binary(b: &[u8]) -> bool {
    let s = &b[..b.len().min(BINARY_SNIFF_BYTES)];
    // Counted without a branch per byte, in byte-wide counters a run of at
    // most 255 bytes at a time, so that the loop is vectorised: this runs
    // on every document.
    let ctrl: usize = s
        .chunks(255)
        .map(|run| {
            run.iter().fold(0u8, |n, &c| {
                let control = (c < 0x20) & !matches!(c, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | 0x1B);
                n + u8::from(control | (c == 0x7F))
            }) as usize
        })
        .sum();
    ctrl > 0 && ctrl * 32 >= s.len()
}

/// `<!doctype html`, `<html`, `<head`, `<body`, … anywhere in `s`
/// (ASCII-case-insensitive; tag names must end at a delimiter, so `<pre`
/// or `<header` do not count as `<p` or `<head`).
fn has_html_markers(s: &[u8]) -> bool {
    const TAGS: &[&[u8]] = &[
        b"html", b"head", b"body", b"table", b"div", b"p", b"meta", b"title", b"br", b"span",
        b"font", b"tr", b"td", b"style", b"script",
    ];
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &s[i..]) {
        let rest = &s[i + p + 1..];
        if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"!doctype") {
            let t = rest[8..].trim_ascii_start();
            if t.len() >= 4 && t[..4].eq_ignore_ascii_case(b"html") {
                return true;
            }
        }
        for tag in TAGS {
            if rest.len() > tag.len()
                && rest[..tag.len()].eq_ignore_ascii_case(tag)
                && matches!(rest[tag.len()], b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
            {
                return true;
            }
        }
        i += p + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names() {
        let all = [
            (Format::Text, "text"),
            (Format::Html, "html"),
            (Format::Docx, "docx"),
            (Format::Doc, "doc"),
            (Format::Pdf, "pdf"),
            (Format::Image, "image"),
            (Format::Archive, "archive"),
            (Format::Empty, "empty"),
            (Format::Binary, "binary"),
        ];
        for (f, name) in all {
            assert_eq!(f.as_str(), name);
        }
    }

    #[test]
    fn byte_search_and_extensions() {
        assert_eq!(find(b"", b"x"), None);
        assert_eq!(find(b"ab", b""), None);
        assert_eq!(find(b"aab", b"ab"), Some(1));
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(extension("a."), "");
        assert_eq!(extension("a.b.Docx"), "Docx");
    }
}
