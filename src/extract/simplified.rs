//! The Simplified projection of a document, on which labels and keywords
//! are matched; and the way back to what was printed.
//!
//! Government sites serve Traditional-script mirrors of their pages (in
//! Big5 or UTF-8), some with pinyin glosses after characters (`報(bào)告`).
//! Every label and keyword of the extract stage is written once, in
//! Simplified; the projection maps each Traditional character to its
//! Simplified form through OpenCC's character table (the `ferrous-opencc`
//! crate's T→S data) and drops the glosses. Names (title, organ, region)
//! and cells' raw text are then taken from the document as printed, at the
//! place the projection found them.
//!
//! Only characters whose Simplified form has the same UTF-8 length are
//! mapped (all but a few hundred rare ones), so a projected byte offset
//! maps to the printed text by a table of the places where glosses were
//! dropped. A document with neither (most) is its own projection and costs
//! one scan.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The ranges of CJK ideographs the table covers.
const CJK: [(u32, u32); 3] = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)];

/// OpenCC's Traditional → Simplified conversion (phrases, then characters).
/// Its tables are built into the crate; should they fail to load, nothing
/// is mapped and Traditional documents read as before.
static OPENCC: LazyLock<Option<ferrous_opencc::OpenCC>> = LazyLock::new(|| {
    ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
});

/// Traditional → Simplified, for every CJK ideograph OpenCC's T→S table
/// maps to one character of the same UTF-8 length. Looked up for every
/// character of a Traditional text: hashed with ahash, not SipHash.
static T2S: LazyLock<HashMap<char, char, ahash::RandomState>> = LazyLock::new(|| {
    let mut table = HashMap::default();
    let Some(cc) = OPENCC.as_ref() else {
        return table;
    };
    let mut buf = [0u8; 4];
    for &(lo, hi) in &CJK {
        for c in (lo..=hi).filter_map(char::from_u32) {
            let converted = cc.convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            if let (Some(s), None) = (chars.next(), chars.next()) {
                if s != c && s.len_utf8() == c.len_utf8() {
                    table.insert(c, s);
                }
            }
        }
    }
    table
});

/// How much of a document's start is read to tell its script.
const SCRIPT_SAMPLE: usize = 4 * 1024;

/// The largest char boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Characters of Traditional script that any report in it prints within
/// its first lines: telling a document's script by them costs no table.
const COMMON_TRADITIONAL: &str = "國開區縣報會時發為經與實關機們來個說對這務資訊處審書體產業員問題辦條門網計頁號無當請應將從後裡並萬復總達據";

/// [`COMMON_TRADITIONAL`] by its UTF-8 bytes, made as the program is
/// compiled: for a lead byte E4–E9 and a second byte, the set of third
/// bytes (their low six bits) that complete a character of the list.
static COMMON_THIRDS: [u64; 6 * 64] = {
    let mut thirds = [0u64; 6 * 64];
    let b = COMMON_TRADITIONAL.as_bytes();
    let mut i = 0;
    while i + 2 < b.len() {
        let at = (b[i] - 0xE4) as usize * 64 + (b[i + 1] & 0x3F) as usize;
        thirds[at] |= 1 << (b[i + 2] & 0x3F);
        i += 3;
    }
    thirds
};

/// Whether `text` prints Traditional script: the CJK ranges are three-byte
/// sequences, so the bytes are read without decoding the rest. A lead byte
/// E4–E9 is never a continuation byte, so every window of three bytes that
/// starts with one starts a character: the scan steps one byte at a time,
/// and no step waits on the length of the character before it.
fn has_traditional(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| {
        let lead = w[0].wrapping_sub(0xE4);
        lead < 6
            && COMMON_THIRDS[usize::from(lead) * 64 + usize::from(w[1] & 0x3F)]
                & (1 << (w[2] & 0x3F))
                != 0
    })
}

/// A document and its Simplified projection.
pub struct Projection<'a> {
    original: &'a str,
    text: Cow<'a, str>,
    /// Where the projection skips printed text (a gloss): (projected
    /// offset, printed offset) at the start of each stretch that follows
    /// a skip. Within a stretch, offsets differ by a constant.
    stretches: Vec<(usize, usize)>,
    /// Whether most of the text is printed in Traditional script (one
    /// Chinese character in five or more changed by the projection).
    traditional: bool,
}

impl<'a> Projection<'a> {
    /// A text that is its own projection.
    pub fn identity(text: &'a str) -> Self {
        Projection {
            original: text,
            text: Cow::Borrowed(text),
            stretches: Vec::new(),
            traditional: false,
        }
    }

    /// Project `text`.
    pub fn of(text: &'a str) -> Self {
        // A Traditional mirror shows its script from its first lines on.
        let start = &text[..floor_boundary(text, SCRIPT_SAMPLE)];
        let glossed = has_gloss(start);
        let traditional = has_traditional(start);
        if !glossed && !traditional {
            return Self::identity(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut stretches = Vec::new();
        let mut chars = text.char_indices().peekable();
        let mut previous_han = false;
        // Chinese characters, and those the projection changed.
        let (mut han, mut changed) = (0usize, 0usize);
        while let Some((i, c)) = chars.next() {
            if c == '(' && previous_han {
                if let Some(len) = gloss_len(&text[i..]) {
                    // Skip the gloss: the rest goes on at a new offset.
                    while chars.peek().is_some_and(|&(j, _)| j < i + len) {
                        chars.next();
                    }
                    stretches.push((out.len(), i + len));
                    previous_han = false;
                    continue;
                }
            }
            let mapped = if is_cjk(c) {
                han += 1;
                T2S.get(&c).copied().unwrap_or(c)
            } else {
                c
            };
            changed += usize::from(mapped != c);
            out.push(mapped);
            previous_han = is_cjk(c);
        }
        Projection {
            original: text,
            text: Cow::Owned(with_phrases(out)),
            stretches,
            // About one character in four of a Traditional text differs
            // from its Simplified form.
            traditional: changed * 5 > han,
        }
    }

    /// The projected text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the projection is the printed text itself.
    pub fn is_identity(&self) -> bool {
        matches!(self.text, Cow::Borrowed(_))
    }

    /// The printed offset of a projected one.
    fn printed_offset(&self, at: usize) -> usize {
        let k = self.stretches.partition_point(|&(p, _)| p <= at);
        match k.checked_sub(1) {
            Some(k) => self.stretches[k].1 + (at - self.stretches[k].0),
            None => at,
        }
    }

    /// The printed text of a slice of the projected text (a cell's raw
    /// text): the same characters in their printed script.
    pub fn printed_slice<'s>(&'s self, slice: &'s str) -> Cow<'s, str> {
        if self.is_identity() || slice.is_ascii() {
            return Cow::Borrowed(slice);
        }
        let base = self.text.as_ptr() as usize;
        let start = slice.as_ptr() as usize;
        if start < base || start + slice.len() > base + self.text.len() {
            return Cow::Borrowed(slice);
        }
        let (a, b) = (start - base, start - base + slice.len());
        let (pa, pb) = (self.printed_offset(a), self.printed_offset(b));
        match self.original.get(pa..pb) {
            Some(printed) => strip_glosses(printed),
            None => Cow::Borrowed(slice),
        }
    }

    /// A name read from the projected text, as the document prints it: the
    /// same characters found in the projection (white space aside), taken
    /// from the printed text, glosses dropped, white space as in `name`.
    /// None when the name is not found as such (a name put together from
    /// pieces): a name is written only as printed.
    pub fn printed(&self, name: &str) -> Option<String> {
        if self.is_identity() {
            return Some(name.to_string());
        }
        let (a, b) = find_spaced(&self.text, name)?;
        let mut printed = self
            .original
            .get(self.printed_offset(a)..self.printed_offset(b))?;
        // A name printed in both scripts (a Simplified page under a
        // Traditional site's chrome, or the reverse) is taken in the form
        // the document prints most often; of equals, the one in the script
        // of most of the text, then the first.
        let mut forms: Vec<(&str, usize)> = Vec::new();
        for (i, m) in self.text.match_indices(name).take(64) {
            let Some(form) = self
                .original
                .get(self.printed_offset(i)..self.printed_offset(i + m.len()))
            else {
                continue;
            };
            match forms.iter_mut().find(|(f, _)| *f == form) {
                Some((_, n)) => *n += 1,
                None => forms.push((form, 1)),
            }
        }
        let in_script = |form: &str| (form == name) != self.traditional;
        if let Some(&(form, _)) = forms
            .iter()
            .rev()
            .max_by_key(|(form, n)| (*n, in_script(form)))
        {
            printed = form;
        }
        let printed = strip_glosses(printed);
        let keeps_space = name.chars().any(char::is_whitespace);
        let mut out = String::with_capacity(printed.len());
        let mut space = false;
        for c in printed.chars() {
            if c.is_whitespace() {
                space = keeps_space;
            } else {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
        Some(out)
    }
}

/// `text` (characters already mapped) with OpenCC's phrase conversions too
/// (反覆 → 反复, which no character maps alone), line by line, where a line
/// keeps every character's length: offsets must not move.
fn with_phrases(text: String) -> String {
    let Some(cc) = OPENCC.as_ref() else {
        return text;
    };
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let converted = cc.convert(line);
        let same_shape = converted.len() == line.len()
            && converted
                .chars()
                .zip(line.chars())
                .all(|(a, b)| a.len_utf8() == b.len_utf8())
            && converted.chars().count() == line.chars().count();
        out.push_str(if same_shape { &converted } else { line });
    }
    out
}

fn is_cjk(c: char) -> bool {
    let u = c as u32;
    CJK.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// The span of `name` in `text`, white space in either ignored.
fn find_spaced(text: &str, name: &str) -> Option<(usize, usize)> {
    if let Some(i) = text.find(name) {
        return Some((i, i + name.len()));
    }
    let wanted: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let first = *wanted.first()?;
    for (start, c) in text.char_indices() {
        if c != first {
            continue;
        }
        let mut k = 0;
        for (j, c) in text[start..].char_indices() {
            if c.is_whitespace() {
                continue;
            }
            if c != wanted[k] {
                break;
            }
            k += 1;
            if k == wanted.len() {
                return Some((start, start + j + c.len_utf8()));
            }
        }
    }
    None
}

/// Letters of pinyin with its tone marks.
pub(crate) fn is_pinyin(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ".contains(c)
}

/// The length of a gloss `(bào)` at the start of `s`.
fn gloss_len(s: &str) -> Option<usize> {
    let inner = s.strip_prefix('(')?;
    // Most brackets open on something else: the closing one is then not
    // looked for through the rest of the text.
    if !inner.chars().next().is_some_and(is_pinyin) {
        return None;
    }
    let end = inner.find(')')?;
    let letters = &inner[..end];
    let n = letters.chars().count();
    ((1..=7).contains(&n) && letters.chars().all(is_pinyin)).then_some(end + 2)
}

/// Whether a gloss follows some character of `text`.
fn has_gloss(text: &str) -> bool {
    text.match_indices('(').any(|(i, _)| {
        text[..i].chars().next_back().is_some_and(is_cjk) && gloss_len(&text[i..]).is_some()
    })
}

/// `text` without the glosses after its characters.
fn strip_glosses(text: &str) -> Cow<'_, str> {
    if !has_gloss(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('(') {
        let after_han = rest[..i].chars().next_back().is_some_and(is_cjk);
        out.push_str(&rest[..i]);
        match gloss_len(&rest[i..]).filter(|_| after_han) {
            Some(len) => rest = &rest[i + len..],
            None => {
                out.push('(');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_text_is_its_own_projection() {
        let p = Projection::of("第二十条第(一)项 规章 (单位:万元)");
        assert!(p.is_identity());
        assert_eq!(p.printed("规章").as_deref(), Some("规章"));
    }

    #[test]
    fn traditional_and_glosses_project_to_simplified() {
        let text = "第二十條第(一)項(xiàng) 規(guī)章 收費金額(單位:萬元)";
        let p = Projection::of(text);
        assert_eq!(p.text(), "第二十条第(一)项 规章 收费金额(单位:万元)");
        // Names come back as printed, glosses dropped.
        assert_eq!(p.printed("规章").as_deref(), Some("規章"));
        assert_eq!(
            p.printed("收费金额(单位:万元)").as_deref(),
            Some("收費金額(單位:萬元)")
        );
        let at = p.text().find("万元").unwrap();
        let slice = &p.text()[at..at + "万元".len()];
        assert_eq!(p.printed_slice(slice), "萬元");
    }

    #[test]
    fn names_are_found_across_white_space_and_only_when_printed() {
        let p = Projection::of("臺北市 政府資訊公開\n年度報告");
        assert_eq!(
            p.printed("台北市政府资讯公开年度报告").as_deref(),
            Some("臺北市政府資訊公開年度報告")
        );
        assert_eq!(p.printed("台北市 政府").as_deref(), Some("臺北市 政府"));
        assert_eq!(p.printed("高雄市"), None);
    }

    #[test]
    fn a_name_printed_in_both_scripts_comes_back_as_printed_most() {
        // A Simplified report under a Traditional site's chrome.
        let p = Projection::of("網站首頁 祁正區門戶\n祁正区2023年报告\n祁正区人民政府");
        assert!(!p.is_identity());
        assert_eq!(p.printed("祁正区").as_deref(), Some("祁正区"));
        // A Traditional report with one Simplified mention.
        let p = Projection::of("濱江區2023年報告\n濱江區公開\n滨江区");
        assert_eq!(p.printed("滨江区").as_deref(), Some("濱江區"));
        // One of each: the one in the script of most of the text.
        let p = Projection::of("相關報告 濱江區\n滨江区人民政府门户网站发布本年度报告全文");
        assert_eq!(p.printed("滨江区").as_deref(), Some("滨江区"));
        let p = Projection::of("滨江区 濱江區人民政府門戶網站發佈本年度報告全文");
        assert_eq!(p.printed("滨江区").as_deref(), Some("濱江區"));
    }

    #[test]
    fn phrases_map_where_no_character_does() {
        let p = Projection::of("4.無正當理由大量反覆申請");
        assert_eq!(p.text(), "4.无正当理由大量反复申请");
    }
}
