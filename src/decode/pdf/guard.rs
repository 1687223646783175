//! The decompression bound, checked before the engine sees the file.
//!
//! The engine inflates a stream whole when it reads it, with no limit, so
//! a small file can ask for gigabytes (a "PDF bomb"). This module walks the
//! raw bytes for `stream … endstream` bodies, reads each one's filter chain
//! from the dictionary before it, and counts what the expanding filters
//! (Flate, LZW, RunLength; ASCIIHex and ASCII85 in front of them are
//! undone first) would produce, into a fixed buffer that is thrown away.
//! The total over the file must stay within the limit. Image streams are
//! not counted: text extraction never decodes them. Streams the scan cannot
//! read (an encrypted body, an unknown filter) count their raw length.

use flate2::{Decompress, FlushDecompress, Status};

/// How many bytes the file's streams inflate to, or Err with a sentence
/// once that passes `limit`.
pub(crate) fn check_streams(bytes: &[u8], limit: u64) -> Result<u64, String> {
    let mut total: u64 = 0;
    let mut at = 0;
    while let Some(found) = find(&bytes[at..], b"stream") {
        let kw = at + found;
        at = kw + 6;
        // `endstream` contains `stream`; the keyword must follow `>>`.
        let before = trim_end(&bytes[..kw]);
        if !before.ends_with(b">>") {
            continue;
        }
        let mut body = at;
        if bytes.get(body) == Some(&b'\r') {
            body += 1;
        }
        if bytes.get(body) == Some(&b'\n') {
            body += 1;
        }
        let end = find(&bytes[body..], b"endstream").map_or(bytes.len(), |e| body + e);
        at = end.max(at);
        let dict = dictionary_before(before);
        if is_image(dict) || contains(dict, b"/EmbeddedFile") {
            continue;
        }
        let data = &bytes[body..end];
        let remaining = limit.saturating_sub(total);
        let n = decoded_len(dict, data, remaining);
        total = total.saturating_add(n);
        if total > limit {
            return Err(format!(
                "its streams inflate to more than the limit of {limit} bytes"
            ));
        }
    }
    Ok(total)
}

/// The text of the dictionary that ends `before` (which ends in `>>`):
/// back to its matching `<<`, or at most 8 KiB.
fn dictionary_before(before: &[u8]) -> &[u8] {
    let start = before.len().saturating_sub(8192);
    let window = &before[start..];
    let mut depth = 0i32;
    let mut i = window.len();
    while i >= 2 {
        let pair = &window[i - 2..i];
        if pair == b">>" {
            depth += 1;
            i -= 2;
        } else if pair == b"<<" {
            depth -= 1;
            i -= 2;
            if depth == 0 {
                return &window[i..];
            }
        } else {
            i -= 1;
        }
    }
    window
}

fn is_image(dict: &[u8]) -> bool {
    let Some(p) = find(dict, b"/Subtype") else {
        return false;
    };
    let rest = trim_start(&dict[p + 8..]);
    rest.starts_with(b"/Image")
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Filter {
    Flate,
    Lzw,
    RunLength,
    AsciiHex,
    Ascii85,
    Other,
}

/// The filter chain named by the dictionary's `/Filter`.
fn filters(dict: &[u8]) -> Vec<Filter> {
    let Some(p) = find(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = trim_start(&dict[p + 7..]);
    let names: &[u8] = if rest.first() == Some(&b'[') {
        let close = rest.iter().position(|&b| b == b']').unwrap_or(rest.len());
        &rest[1..close]
    } else {
        // One name: up to the next delimiter after it.
        let stop = rest
            .iter()
            .skip(1)
            .position(|&b| b"/<>[]() \t\r\n\x0c".contains(&b))
            .map_or(rest.len(), |e| e + 1);
        &rest[..stop]
    };
    names
        .split(|&b| b == b'/')
        .map(|n| trim_end(trim_start(n)))
        .filter(|n| !n.is_empty())
        .map(|n| match n {
            b"FlateDecode" | b"Fl" => Filter::Flate,
            b"LZWDecode" | b"LZW" => Filter::Lzw,
            b"RunLengthDecode" | b"RL" => Filter::RunLength,
            b"ASCIIHexDecode" | b"AHx" => Filter::AsciiHex,
            b"ASCII85Decode" | b"A85" => Filter::Ascii85,
            _ => Filter::Other,
        })
        .take(8)
        .collect()
}

/// What the stream decodes to, counted up to a little past `budget`.
fn decoded_len(dict: &[u8], data: &[u8], budget: u64) -> u64 {
    let mut owned: Vec<u8>;
    let mut data = data;
    for f in filters(dict) {
        match f {
            Filter::AsciiHex => {
                owned = ascii_hex(data);
                data = &owned;
            }
            Filter::Ascii85 => {
                owned = ascii85(data);
                data = &owned;
            }
            Filter::Flate => return inflate_len(data, budget),
            Filter::Lzw => return lzw_len(data, budget),
            Filter::RunLength => return run_length_len(data),
            Filter::Other => return data.len() as u64,
        }
    }
    data.len() as u64
}

/// Inflated length of zlib (or, failing that, raw deflate) data.
fn inflate_len(data: &[u8], budget: u64) -> u64 {
    let zlib = count_inflate(data, true, budget);
    if zlib.1 {
        return zlib.0;
    }
    let raw = count_inflate(data, false, budget);
    zlib.0.max(raw.0)
}

/// (bytes produced, whether the data was read without error).
fn count_inflate(data: &[u8], zlib: bool, budget: u64) -> (u64, bool) {
    let mut d = Decompress::new(zlib);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let consumed = d.total_in() as usize;
        let before_out = d.total_out();
        let res = d.decompress(
            &data[consumed.min(data.len())..],
            &mut buf,
            FlushDecompress::None,
        );
        let produced = d.total_out() - before_out;
        match res {
            Ok(Status::StreamEnd) => return (d.total_out(), true),
            Ok(_) => {
                if d.total_out() > budget {
                    return (d.total_out(), true);
                }
                let no_progress = produced == 0 && d.total_in() as usize == consumed;
                if no_progress {
                    // Truncated: what came out so far is what the engine gets.
                    return (d.total_out(), true);
                }
            }
            Err(_) => return (d.total_out(), false),
        }
    }
}

/// Decoded length of LZW data (early change 1, as PDF uses by default;
/// the length does not depend on the code width timing enough to matter
/// for a bound, so codes are read as the decoder would read them).
fn lzw_len(data: &[u8], budget: u64) -> u64 {
    // Entry lengths only: the length of the string a code stands for.
    let mut lens: Vec<u32> = Vec::with_capacity(4096);
    let reset = |lens: &mut Vec<u32>| {
        lens.clear();
        lens.extend(std::iter::repeat_n(1, 256));
        lens.push(0); // 256: clear
        lens.push(0); // 257: end
    };
    reset(&mut lens);
    let mut width = 9u32;
    let mut acc: u64 = 0;
    let mut nbits = 0u32;
    let mut prev: Option<u32> = None;
    let mut total: u64 = 0;
    for &byte in data {
        acc = (acc << 8) | u64::from(byte);
        nbits += 8;
        while nbits >= width {
            let code = ((acc >> (nbits - width)) & ((1 << width) - 1)) as u32;
            nbits -= width;
            if code == 256 {
                reset(&mut lens);
                width = 9;
                prev = None;
                continue;
            }
            if code == 257 {
                return total;
            }
            let len = if (code as usize) < lens.len() {
                lens[code as usize]
            } else if code as usize == lens.len() && prev.is_some() {
                lens[prev.unwrap_or(0) as usize] + 1
            } else {
                return total;
            };
            total += u64::from(len);
            if total > budget {
                return total;
            }
            if let Some(p) = prev {
                if lens.len() < 4096 {
                    lens.push(lens[p as usize] + 1);
                }
            }
            prev = Some(code);
            let next = lens.len() as u32 + 1; // early change
            width = if next >= 2048 {
                12
            } else if next >= 1024 {
                11
            } else if next >= 512 {
                10
            } else {
                9
            };
        }
    }
    total
}

fn run_length_len(data: &[u8]) -> u64 {
    let mut total = 0u64;
    let mut i = 0;
    while i < data.len() {
        let n = data[i];
        if n == 128 {
            break;
        } else if n < 128 {
            total += u64::from(n) + 1;
            i += usize::from(n) + 2;
        } else {
            total += 257 - u64::from(n);
            i += 2;
        }
    }
    total
}

fn ascii_hex(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2);
    let mut hi: Option<u8> = None;
    for &b in data {
        let v = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            b'>' => break,
            _ => continue,
        };
        match hi.take() {
            Some(h) => out.push(h << 4 | v),
            None => hi = Some(v),
        }
    }
    if let Some(h) = hi {
        out.push(h << 4);
    }
    out
}

fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut group = [0u8; 5];
    let mut n = 0;
    let emit = |out: &mut Vec<u8>, g: &[u8; 5], n: usize| {
        let mut v: u32 = 0;
        for &c in g.iter() {
            v = v.wrapping_mul(85).wrapping_add(u32::from(c));
        }
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    };
    for &b in data {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                group[n] = b - b'!';
                n += 1;
                if n == 5 {
                    emit(&mut out, &group, 5);
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        emit(&mut out, &group, n);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            None => return None,
            Some(p) => {
                i += p;
                if &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn trim_end(s: &[u8]) -> &[u8] {
    let n = s.iter().rposition(|&b| !is_space(b)).map_or(0, |p| p + 1);
    &s[..n]
}

fn trim_start(s: &[u8]) -> &[u8] {
    let n = s.iter().position(|&b| !is_space(b)).unwrap_or(s.len());
    &s[n..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use flate2::Compression;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn counts_flate_and_stops_past_the_limit() {
        let z = zlib(&vec![b'a'; 1_000_000]);
        let file = [
            b"1 0 obj\n<</Length 5/Filter/FlateDecode>>stream\n".as_slice(),
            &z,
            b"\nendstream\nendobj\n",
        ]
        .concat();
        assert_eq!(check_streams(&file, 10_000_000), Ok(1_000_000));
        assert!(check_streams(&file, 999_999).is_err());
    }

    #[test]
    fn filter_chains_and_images() {
        assert_eq!(
            filters(b"<</Filter [/ASCII85Decode /FlateDecode]>>"),
            vec![Filter::Ascii85, Filter::Flate]
        );
        assert_eq!(filters(b"<</Filter/Fl/Length 3>>"), vec![Filter::Flate]);
        assert!(is_image(b"<</Type/XObject/Subtype /Image/Width 3>>"));
        assert!(!is_image(b"<</Subtype/Form>>"));
        assert_eq!(
            dictionary_before(b"1 0 obj <</A<</B 1>>/C 2>>"),
            b"<</A<</B 1>>/C 2>>"
        );
    }

    #[test]
    fn other_counters() {
        assert_eq!(run_length_len(&[2, b'a', b'b', b'c', 254, b'x', 128]), 6);
        assert_eq!(ascii_hex(b"48 69>"), b"Hi");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!");
        // 9-bit codes: 'A' 'B' then the new entry 258 ("AB"), then end.
        let codes = [65u32, 66, 258, 257];
        let mut bits = 0u64;
        for c in codes {
            bits = (bits << 9) | u64::from(c);
        }
        let bytes = (bits << 4).to_be_bytes()[3..].to_vec();
        assert_eq!(lzw_len(&bytes, u64::MAX), 4);
    }
}
