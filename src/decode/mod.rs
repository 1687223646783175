//! Stage 2: bytes → text. Detects the encoding (BOM, valid UTF-8, otherwise a
//! statistical detector choosing among GB18030, Big5 and the rest), decodes
//! with encoding_rs, and normalises what breaks matching downstream.

pub mod docx;
mod fold;
pub mod html;
pub mod lines;
pub mod pdf;

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE};

use crate::format::{is_bomless_utf16le, UTF16BE_BOM, UTF16LE_BOM, UTF8_BOM};

/// Normalise decoded text so that later stages match on meaning, not on
/// typography: full-width ASCII (digits, letters, punctuation) becomes
/// half-width, Kangxi radicals and CJK compatibility ideographs become the
/// ideographs they stand for (`fold`), every kind of space becomes a
/// plain space, zero-width characters and BOMs vanish, and line ends
/// become `\n`.
pub fn normalise(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    // Runs of characters that stay as they are are copied as slices; only
    // a character whose first byte may start a change is decoded.
    // A byte at a time on purpose: a step of a whole character (by a table
    // of lengths) or of eight ASCII bytes (by a word test) waits on that
    // test before the next, and measured at half this speed on Chinese text.
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
            // Radicals and compatibility ideographs for ideographs.
            _ => fold::fold_cjk(c).map(Some),
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
/// U+3000–U+3FFF (E3), U+F000–U+FFFF (EF) and U+10000–U+3FFFF (F0).
static MAY_CHANGE: [bool; 256] = {
    let mut t = [false; 256];
    t[0x0B] = true;
    t[0x0C] = true;
    t[0x0D] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t[0xF0] = true;
    t
};

/// How far into the decoded text we look for a declared charset.
const DECLARED_WINDOW: usize = 2048;
/// How many bytes of a legacy-encoded file the statistical detector sees,
/// from the first non-ASCII byte on. Two thousand CJK characters are
/// overwhelming evidence, and the detector costs time in every byte it is
/// fed: feeding it whole reports was a fifth of a build's time.
const DETECTOR_BYTES: usize = 4 * 1024;

/// First position of `needle` in `hay`, ASCII-case-insensitive (`needle`
/// must be lower-case).
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let starts = hay.len().checked_sub(needle.len())? + 1;
    // Candidates are where the first byte stands in either case: found
    // with memchr, not compared at every byte.
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), &hay[..starts])
        .find(|&i| hay[i + 1..i + needle.len()].eq_ignore_ascii_case(rest))
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
    if is_bomless_utf16le(bytes) {
        let (text, errors) = UTF_16LE.decode_without_bom_handling(bytes);
        return (text, "UTF-16LE", errors);
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
mod tests;
