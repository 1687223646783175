//! Stage 2: bytes → text. Detects the encoding (BOM, valid UTF-8, otherwise a
//! statistical detector choosing among GB18030, Big5 and the rest), decodes
//! with encoding_rs, and normalises what breaks matching downstream.

pub mod html;

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE};

/// Normalise decoded text so that later stages match on meaning, not on
/// typography: full-width ASCII (digits, letters, punctuation) becomes
/// half-width, every kind of space becomes a plain space, zero-width
/// characters and BOMs vanish, and line ends become `\n`.
pub fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Runs of characters that stay as they are are copied as slices; only
    // a character whose first byte may start a change is decoded.
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !MAY_CHANGE[bytes[i] as usize] {
            i += 1;
            continue;
        }
        // A byte that starts a change is ASCII or a lead byte: a boundary.
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let replacement: Option<Option<char>> = match c {
            '\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
                None
            } else {
                Some('\n')
            }),
            // Full-width ASCII block (！ … ～) maps 1:1 onto ASCII.
            '\u{FF01}'..='\u{FF5E}' => Some(char::from_u32(c as u32 - 0xFEE0)),
            // Ideographic space, no-break spaces, the Unicode space family.
            '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
                Some(Some(' '))
            }
            // Zero-width characters and stray byte-order marks.
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some(None),
            // Line and paragraph separators, form feeds, vertical tabs.
            '\u{2028}' | '\u{2029}' | '\u{000B}' | '\u{000C}' | '\u{0085}' => Some(Some('\n')),
            _ => None,
        };
        if let Some(r) = replacement {
            out.push_str(&text[kept..i]);
            if let Some(r) = r {
                out.push(r);
            }
            kept = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(&text[kept..]);
    out
}

/// The bytes that may start a character [`normalise`] changes: CR, VT, FF,
/// and the UTF-8 lead bytes of U+0080–U+00BF (C2), U+2000–U+2FFF (E2),
/// U+3000–U+3FFF (E3) and U+F000–U+FFFF (EF).
static MAY_CHANGE: [bool; 256] = {
    let mut t = [false; 256];
    t[0x0B] = true;
    t[0x0C] = true;
    t[0x0D] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

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
/// How far into the decoded text we look for a declared charset.
const DECLARED_WINDOW: usize = 2048;
/// How many bytes of a legacy-encoded file the statistical detector sees,
/// from the first non-ASCII byte on. Two thousand CJK characters are
/// overwhelming evidence, and the detector costs time in every byte it is
/// fed: feeding it whole reports was a fifth of a build's time.
const DETECTOR_BYTES: usize = 4 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

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

/// First position of `needle` in `hay` (plain byte scan).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let p = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|&c| c == first)?;
        let at = i + p;
        if &hay[at + 1..at + needle.len()] == rest {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Like [`find`] but ASCII-case-insensitive (`needle` must be lower-case).
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
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
    while let Some(p) = s[i..].iter().position(|&c| c == b'<') {
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

/// Decoded text of a text-like document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, already passed through [`normalise`].
    pub text: String,
    /// The encoding that decoded the bytes, as encoding_rs names it, except
    /// that GBK/gb2312/gb18030 are all reported as "GB18030".
    pub encoding: &'static str,
    /// Whether malformed input produced replacement characters.
    pub had_errors: bool,
    /// The charset declared by `<meta charset>`, `http-equiv` or an XML
    /// declaration in the first 2 KiB, if any (same naming as `encoding`).
    pub declared: Option<&'static str>,
}

/// The name we report: the GB family is one encoding to us (encoding_rs
/// decodes GBK and gb18030 identically).
fn encoding_name(enc: &'static Encoding) -> &'static str {
    if enc == GBK || enc == GB18030 {
        "GB18030"
    } else {
        enc.name()
    }
}

/// Decode bytes of unknown encoding: BOM, else valid UTF-8, else (nearly
/// valid UTF-8 with a few broken sequences, e.g. a truncated download), else
/// the statistical detector choosing among the legacy encodings with the
/// `.cn` hint. The detected encoding decodes; a declared charset is only
/// reported.
pub fn decode(bytes: &[u8]) -> Decoded {
    let (raw, encoding, had_errors) = decode_raw(bytes);
    let text = normalise(&raw);
    drop(raw);
    let mut end = text.len().min(DECLARED_WINDOW);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let declared = declared_charset(&text.as_bytes()[..end]);
    Decoded {
        text,
        encoding,
        had_errors,
        declared,
    }
}

fn decode_raw(bytes: &[u8]) -> (Cow<'_, str>, &'static str, bool) {
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        let (text, errors) = UTF_16LE.decode_without_bom_handling(rest);
        return (text, "UTF-16LE", errors);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        let (text, errors) = UTF_16BE.decode_without_bom_handling(rest);
        return (text, "UTF-16BE", errors);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return match std::str::from_utf8(rest) {
            Ok(s) => (Cow::Borrowed(s), "UTF-8", false),
            Err(_) => (String::from_utf8_lossy(rest), "UTF-8", true),
        };
    }
    let first_error = match std::str::from_utf8(bytes) {
        Ok(s) => return (Cow::Borrowed(s), "UTF-8", false),
        Err(e) => e,
    };
    if mostly_utf8(bytes, first_error) {
        return (String::from_utf8_lossy(bytes), "UTF-8", true);
    }
    // Markup and ASCII preamble say nothing of the encoding: start at the
    // first byte that does (a lead byte, so no character is cut).
    let start = bytes.iter().position(|&b| b >= 0x80).unwrap_or(0);
    let end = bytes.len().min(start + DETECTOR_BYTES);
    let sample = &bytes[start..end];
    if plainly_gb2312(sample) {
        let (text, errors) = GB18030.decode_without_bom_handling(bytes);
        return (text, encoding_name(GB18030), errors);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(sample, end == bytes.len());
    // With the `.cn` hint chardetng zeroes every other candidate whenever
    // GBK is merely *valid*, and Big5 bytes almost always are, so the hint
    // alone never yields Big5. Ask without the hint first (the detector is
    // fed once; guessing is cheap) and trust it when it says Big5, which it
    // does for Traditional text and practically never for Simplified text;
    // otherwise the hint settles short or ambiguous input on GB18030.
    let guessed = match detector.guess(None, Utf8Detection::Deny) {
        enc if enc == BIG5 => BIG5,
        _ => detector.guess(Some(b"cn"), Utf8Detection::Deny),
    };
    let enc = if guessed == GBK { GB18030 } else { guessed };
    let (text, errors) = enc.decode_without_bom_handling(bytes);
    (text, encoding_name(enc), errors)
}

/// Simplified Chinese in GB2312's range, the bulk of legacy reports, shows
/// it plainly: every double-byte character has both bytes from 0xA1 up,
/// whereas Big5 puts a third or more of its second bytes below 0xA1 (and
/// GBK's extensions and GB18030's four-byte forms do too). When a sample of
/// enough characters has next to none below, the statistical detector
/// (costly per byte, and it would say the same) is not asked.
fn plainly_gb2312(sample: &[u8]) -> bool {
    let (mut pairs, mut low) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < sample.len() {
        let lead = sample[i];
        if lead < 0x80 {
            i += 1;
            continue;
        }
        pairs += 1;
        if lead < 0xA1 || lead == 0xFF || sample[i + 1] < 0xA1 || sample[i + 1] == 0xFF {
            low += 1;
        }
        i += 2;
    }
    pairs >= 64 && low * 100 <= pairs
}

/// UTF-8 with only a few malformed sequences (a download cut mid-character,
/// a stray byte) is still UTF-8: legacy CJK text is almost never valid UTF-8
/// for long, so it fails this test within a few hundred bytes.
fn mostly_utf8(bytes: &[u8], first_error: std::str::Utf8Error) -> bool {
    let leads = |s: &[u8]| s.iter().filter(|&&c| c >= 0xC0).count();
    let mut valid = leads(&bytes[..first_error.valid_up_to()]);
    let mut invalid = 1usize;
    let mut pos = first_error.valid_up_to() + first_error.error_len().unwrap_or(bytes.len());
    while pos < bytes.len() {
        if invalid > 64 && invalid * 20 > valid {
            return false;
        }
        match std::str::from_utf8(&bytes[pos..]) {
            Ok(_) => {
                valid += leads(&bytes[pos..]);
                break;
            }
            Err(e) => {
                valid += leads(&bytes[pos..pos + e.valid_up_to()]);
                invalid += 1;
                pos += e.valid_up_to() + e.error_len().unwrap_or(bytes.len());
            }
        }
    }
    // A lone incomplete sequence at the very end is truncation, not a
    // different encoding.
    let truncated_only = invalid == 1 && first_error.error_len().is_none();
    truncated_only || (valid >= 8 && invalid * 20 <= valid)
}

/// The charset declared in an XML declaration or a `<meta>` tag within
/// `head`, as an encoding name (unknown labels are ignored).
fn declared_charset(head: &[u8]) -> Option<&'static str> {
    let trimmed = head.trim_ascii_start();
    if trimmed.len() >= 5 && trimmed[..5].eq_ignore_ascii_case(b"<?xml") {
        let end = trimmed
            .iter()
            .position(|&c| c == b'>')
            .unwrap_or(trimmed.len());
        if let Some(enc) = attr_value(&trimmed[..end], b"encoding").and_then(Encoding::for_label) {
            return Some(encoding_name(enc));
        }
    }
    let mut i = 0;
    while let Some(p) = find_ci(&head[i..], b"<meta") {
        let start = i + p + 5;
        let end = head[start..]
            .iter()
            .position(|&c| c == b'>')
            .map_or(head.len(), |e| start + e);
        if let Some(enc) = attr_value(&head[start..end], b"charset").and_then(Encoding::for_label) {
            return Some(encoding_name(enc));
        }
        i = end;
    }
    None
}

/// The value after `key` `=` in a tag, quotes (and backslash-escaped quotes
/// from JS-dumped HTML) stripped: `charset="utf-8"`, `content="text/html;
/// charset=gb2312"`, `encoding='GBK'`.
fn attr_value<'a>(tag: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut from = 0;
    while let Some(p) = find_ci(&tag[from..], key) {
        let mut j = from + p + key.len();
        from = j;
        while j < tag.len() && tag[j].is_ascii_whitespace() {
            j += 1;
        }
        if tag.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < tag.len()
            && (tag[j].is_ascii_whitespace() || matches!(tag[j], b'"' | b'\'' | b'\\'))
        {
            j += 1;
        }
        let start = j;
        while j < tag.len()
            && (tag[j].is_ascii_alphanumeric() || matches!(tag[j], b'-' | b'_' | b'.' | b':'))
        {
            j += 1;
        }
        if j > start {
            return Some(&tag[start..j]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let html = format!("<!DOCTYPE html><html><head><meta charset='GBK'></head><body>{SIMPLIFIED}</body></html>");
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
        assert_eq!(find(b"", b"x"), None);
        assert_eq!(find(b"ab", b""), None);
        assert_eq!(find(b"aab", b"ab"), Some(1));
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(extension("a."), "");
        assert_eq!(extension("a.b.Docx"), "Docx");
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

    /// The sample reports in the shared corpus are UTF-8, and stay readable
    /// when re-encoded into the legacy encodings the crawl meets.
    #[test]
    fn shared_corpus_decodes() {
        let dirs = [
            "/work/shared/corpus/seeds/docs",
            "/work/shared/corpus/real/docs",
        ];
        if !std::path::Path::new("/work/shared").exists() {
            println!("skipped shared_corpus_decodes: /work/shared is absent");
            return;
        }
        let (mut seen, mut lines, mut accidental_utf8) = (0, 0, 0);
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                println!("skipped {dir}: not readable");
                continue;
            };
            let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths {
                let name = path.to_string_lossy().into_owned();
                if dir.ends_with("seeds/docs") && !name.ends_with(".txt") {
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
                let gb = decode(&encode(GB18030, utf8));
                assert_eq!(gb.encoding, "GB18030", "{name}");
                assert_eq!(gb.text, d.text, "{name}");
                // Line by line too: short GB18030 snippets are never taken
                // for Big5 or mistaken for broken UTF-8. (A snippet whose
                // few GB bytes happen to be valid UTF-8, like 平潭通 =
                // C6BD CCB6 CDA8 amid ASCII markup, is UTF-8 by rule.)
                for line in utf8
                    .lines()
                    .map(str::trim)
                    .filter(|l| l.chars().count() >= 6)
                {
                    let bytes = encode(GB18030, line);
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
            "shared_corpus_decodes: {seen} files, {lines} GB18030 lines checked \
             ({accidental_utf8} lines ASCII or accidentally valid UTF-8)"
        );
        assert!(seen > 0);
    }
}
pub mod docx;
