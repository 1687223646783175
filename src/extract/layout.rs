//! Text layouts → one stream of tokens.
//!
//! Reports reach us as tab rows, tab-prefixed cells one per line, pipes with
//! padding cells, runs of spaces, one cell per line with blank lines, or
//! everything glued together. Whatever the layout, a table reads as labels
//! followed by their cells, so every layout is turned into the same stream:
//! [`Tok::Text`] for label text, [`Tok::Val`] for a printed value, and
//! [`Tok::Empty`] for a cell a delimiter shows to be blank. The table
//! readers then work on that stream alone.

use super::simplified::Projection;
use crate::decode::lines::split_lines;
use crate::templates::printed::LABELS_OPENING_WITH_WU;

/// A printed value cell.
#[derive(Clone, Debug)]
pub struct Val {
    /// The cell's text as printed (trimmed), unit included.
    pub raw: String,
    /// The number's text, see [`Val::number`].
    number: Number,
    /// A unit printed with the number (`万元`, `元`).
    pub unit: Option<&'static str>,
    /// The cell came from a delimited field (tab or pipe), so its digits are
    /// one number and are never split.
    pub delimited: bool,
    /// The number stands in a sentence, not in a cell: running text goes on
    /// right after it with a measure word or a punctuation mark
    /// (`290件，`, `26。`, `2019年`). Such a number is never a table's value.
    pub prose: bool,
}

/// Where a value's number text is. Most numbers are printed as they are
/// read (no thousands separators), so they are a prefix of `raw` and cost
/// no second string: a document has hundreds of values.
#[derive(Clone, Debug)]
enum Number {
    /// A blank marker.
    Blank,
    /// The first this many bytes of `raw`.
    Prefix(usize),
    /// Separators removed: a text of its own.
    Own(String),
    /// Digits and a dash glued together (`63-40`): a negative number, a
    /// blank marker between two numbers, or a range; or U+FFFD, a
    /// character the document gives no text for, with the digits glued to
    /// it. No reading is sure.
    Unreadable,
}

impl Val {
    /// A blank marker (`-`, `—`, `/`, `无`) printed in place of a number.
    pub fn blank(raw: &str, delimited: bool) -> Val {
        Val::blank_as(raw.to_string(), delimited)
    }

    /// [`Val::blank`] with its printed text already made.
    fn blank_as(raw: String, delimited: bool) -> Val {
        Val {
            raw,
            number: Number::Blank,
            unit: None,
            delimited,
            prose: false,
        }
    }

    /// A number printed as `raw`: its first `len` bytes are the number
    /// (thousands separators included), then the `unit` if any.
    pub fn printed(raw: &str, len: usize, unit: Option<&'static str>, delimited: bool) -> Val {
        Val::printed_as(raw.to_string(), len, unit, delimited)
    }

    /// [`Val::printed`] with its printed text already made (the number's
    /// ASCII is the same in the printed and the projected text).
    fn printed_as(raw: String, len: usize, unit: Option<&'static str>, delimited: bool) -> Val {
        let digits = &raw[..len];
        let number = if digits.contains(',') {
            Number::Own(digits.replace(',', ""))
        } else {
            Number::Prefix(len)
        };
        Val {
            raw,
            number,
            unit,
            delimited,
            prose: false,
        }
    }

    /// The number's text without unit or thousands separators; `None` for a
    /// blank marker.
    pub fn number(&self) -> Option<&str> {
        match &self.number {
            Number::Blank | Number::Unreadable => None,
            Number::Prefix(len) => Some(&self.raw[..*len]),
            Number::Own(s) => Some(s),
        }
    }

    /// Digits and dashes glued together (`63-40`).
    fn unreadable(raw: &str, delimited: bool) -> Val {
        Val {
            raw: raw.to_string(),
            number: Number::Unreadable,
            unit: None,
            delimited,
            prose: false,
        }
    }

    /// A cell printed so that what it holds cannot be told (`63-40`,
    /// `1\u{FFFD}`).
    pub fn is_unreadable(&self) -> bool {
        matches!(self.number, Number::Unreadable)
    }

    /// A run of two or more digits that may hold several glued cells.
    pub fn splittable(&self) -> bool {
        !self.delimited
            && self.unit.is_none()
            && self
                .number()
                .is_some_and(|n| n.len() > 1 && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// Values are equal when they print and read the same, however the number
/// is kept.
impl PartialEq for Val {
    fn eq(&self, other: &Val) -> bool {
        self.raw == other.raw
            && self.number() == other.number()
            && self.unit == other.unit
            && self.delimited == other.delimited
            && self.prose == other.prose
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Text(String),
    Val(Val),
    /// A blank cell shown by a delimiter (an empty tab or pipe field).
    Empty,
}

/// A token and the line (1-based) it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
}

/// Turn a normalised document into its token stream.
pub fn tokenize(text: &str) -> Vec<Token> {
    tokenize_projection(&Projection::identity(text))
}

/// The longest line the tokenizer reads (see [`tokenize_projection`]).
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// Turn the projection of a document into its token stream: labels as
/// projected, values' raw text as printed.
pub fn tokenize_projection(projection: &Projection) -> Vec<Token> {
    let p = projection;
    let text = p.text();
    let (tab_prefixed, pipe_suffixed) = one_cell_per_line(text);
    let mut out = Vec::new();
    let mut lines = split_lines(text).enumerate().peekable();
    while let Some((i, line)) = lines.next() {
        // A step of the document's budget per line, and one more per KiB
        // of it: past the budget the rest is not read. A line longer than
        // any report's (a whole report printed on one line is a few hundred
        // KiB) costs the whole budget: its tokens would take some twenty
        // times its size in memory before a step could stop them.
        let cost = if line.len() > MAX_LINE_BYTES {
            u64::MAX
        } else {
            1 + line.len() as u64 / 1024
        };
        if !crate::budget::spend(cost) {
            break;
        }
        let n = (i + 1) as u32;
        if is_page_furniture(line) {
            continue;
        }
        if pipe_suffixed && line.trim().bytes().all(|b| b == b'|') && !line.trim().is_empty() {
            // A lone pipe is a blank cell; a run of them pads a merged
            // header cell.
            if line.trim() == "|" {
                out.push(Token {
                    tok: Tok::Empty,
                    line: n,
                });
            }
            continue;
        }
        // One scan for either delimiter: a tab makes a tab row whatever
        // else the line holds.
        match memchr::memchr2(b'\t', b'|', line.as_bytes()).map(|i| line.as_bytes()[i]) {
            Some(b'|') if !line.contains('\t') => pipe_line(p, line, n, &mut out),
            Some(_) => tab_line(p, line, n, tab_prefixed, &mut out),
            None => {
                let next = lines.peek().map(|&(_, l)| l);
                spaced_line(p, line, next, n, &mut out);
            }
        }
    }
    out
}

/// Whether the document prints its cells one per line, and how, in one
/// pass over its lines (only lines holding a tab or a pipe are looked at):
/// - behind a single leading tab: there a line holding only the tab is a
///   blank cell;
/// - each followed by ` |` (an export of a table's cells in reading
///   order): there a line holding only `|` is a blank cell (the end of a
///   row, after its last cell, is a blank beyond the columns and is
///   dropped when the row is read).
fn one_cell_per_line(text: &str) -> (bool, bool) {
    let (mut prefixed, mut multi_tab) = (0usize, 0usize);
    let (mut suffixed, mut multi_pipe) = (0usize, 0usize);
    for line in split_lines(text) {
        if line.contains('\t') {
            let tabs = line.bytes().filter(|&b| b == b'\t').count();
            if tabs == 1 && line.starts_with('\t') {
                prefixed += 1;
            } else if tabs > 1 {
                multi_tab += 1;
            }
        }
        if line.contains('|') {
            let line = line.trim_end();
            let pipes = line.bytes().filter(|&b| b == b'|').count();
            if pipes == 1 && line.len() > 1 && line.ends_with('|') {
                suffixed += 1;
            } else if pipes > 1 && line.trim_matches('|').contains('|') {
                multi_pipe += 1;
            }
        }
    }
    (
        prefixed >= 20 && prefixed > 4 * multi_tab,
        suffixed >= 20 && suffixed > 4 * multi_pipe,
    )
}

/// Page numbers (`- 5 -`, `—5—`, `第 5 页`), markdown rules (`|---|---|`) and
/// similar lines that sit inside tables but belong to no cell.
fn is_page_furniture(line: &str) -> bool {
    let t = line.trim();
    // Furniture starts with a dash, a digit, 第, or a markdown rule's `|`
    // or `:`: most lines are passed over at their first character.
    if !t.starts_with(|c: char| matches!(c, '-' | '—' | '–' | '0'..='9' | '第' | '|' | ':')) {
        return false;
    }
    // "- 5 -", "—5—": one dash, a page number, one dash. Not a lone "-5" (a
    // negative value), nor a row of blanks such as "- - 0 - -".
    let is_dash = |c: char| c == '-' || c == '—' || c == '–';
    // Most lines are text: they fail this at their first character.
    let numbered = t
        .chars()
        .all(|c| is_dash(c) || c.is_whitespace() || c.is_ascii_digit());
    if numbered {
        let mut parts = t
            .split(|c: char| c.is_whitespace() || is_dash(c))
            .filter(|p| !p.is_empty());
        if let (Some(num), None) = (parts.next(), parts.next()) {
            let inner = t.trim_matches(|c: char| is_dash(c) || c == ' ');
            if inner == num && num.len() <= 3 {
                let dashes = t.chars().filter(|&c| is_dash(c)).count();
                let dash_runs = t
                    .split(|c: char| !is_dash(c))
                    .filter(|r| !r.is_empty())
                    .count();
                return dash_runs == 2
                    && dashes <= 4
                    && t.starts_with(is_dash)
                    && t.ends_with(is_dash);
            }
        }
    }
    if let Some(rest) = t.strip_prefix('第') {
        let rest = rest.trim();
        if let Some(num) = rest.strip_suffix('页') {
            let num = num.trim();
            return !num.is_empty() && num.bytes().all(|b| b.is_ascii_digit());
        }
    }
    // Markdown table rule.
    t.bytes().all(|b| matches!(b, b'|' | b'-' | b':' | b' ')) && t.contains("---")
}

fn tab_line(p: &Projection, line: &str, n: u32, tab_prefixed: bool, out: &mut Vec<Token>) {
    if tab_prefixed && line.starts_with('\t') && line[1..].find('\t').is_none() {
        field(p, &line[1..], n, out);
        return;
    }
    // A trailing tab leaves an empty last field: kept as a blank cell. Exports
    // that end every row with a tab are recognised per table (see
    // `rows::export_artifact`), not per line.
    let fields: Vec<&str> = line.split('\t').collect();
    // Leading empty fields before a label are collapsed label columns or
    // indentation; before a value they are blank cells of a row that prints
    // no label (section 四's row of fifteen values).
    let first = fields
        .iter()
        .position(|f| !f.trim().is_empty())
        .unwrap_or(fields.len());
    let first = match fields.get(first) {
        Some(f) if whole_value(p, f, true).is_some() => 0,
        _ => first,
    };
    for f in &fields[first..] {
        field(p, f, n, out);
    }
}

/// A line without delimiters: white space separates chunks, each of which
/// may glue labels and values together. A chunk `无` is a blank cell where
/// the line holds other cells (a table row) or nothing else (cells one per
/// line), and text otherwise; so is one that opens a line before label
/// text (a row's cells follow its label: `无 本机关不掌握… 746 12` is the
/// end of a label 无法提供 a page break cut, not a blank).
fn spaced_line(p: &Projection, line: &str, next: Option<&str>, n: u32, out: &mut Vec<Token>) {
    // 无 alone on its line, the next going on with the rest of a label
    // that begins with it (无 | 法提供): a label cut over lines, not a
    // blank cell.
    if line.trim() == "无" {
        let rest = next.map_or("", str::trim_start);
        let cut_label = LABELS_OPENING_WITH_WU.iter().any(|w| {
            let tail = &w['无'.len_utf8()..];
            !rest.is_empty() && (tail.starts_with(rest) || rest.starts_with(tail))
        });
        if cut_label {
            split_chunk(p, line.trim(), n, false, rest.chars().next(), out);
            return;
        }
    }
    // Whether a chunk 无 is a cell is asked only of lines that hold one.
    let row_of_cells = line.contains('无') && {
        let mut chunks = line.split_whitespace();
        let first = chunks.next();
        // A line of cells, or a line that is one cell (cells one per line).
        match chunks.clone().next() {
            None => first.is_some(),
            Some(_) => {
                first
                    .into_iter()
                    .chain(chunks)
                    .filter(|c| cell_like(c))
                    .count()
                    >= 2
            }
        }
    };
    let mut chunks = line.split_whitespace().peekable();
    let mut opening = true;
    while let Some(chunk) = chunks.next() {
        let before_label =
            std::mem::take(&mut opening) && chunks.peek().is_some_and(|next| !cell_like(next));
        if chunk == "无" && row_of_cells && !before_label {
            out.push(Token {
                tok: Tok::Val(Val::blank_as(p.printed_slice(chunk).into_owned(), false)),
                line: n,
            });
            continue;
        }
        let next = match chunks.peek() {
            Some(c) => c.chars().next(),
            None => next.and_then(sentence_carried_over),
        };
        split_chunk(p, chunk, n, false, next, out);
    }
}

/// The measure word that opens `next_line` when the line goes on with a
/// sentence the line before broke off after a number (`…本年新制作规章0`,
/// then `件、规范性文件1件，…`): a measure word, then a clause's mark. No
/// row or cell of a table opens so.
fn sentence_carried_over(next_line: &str) -> Option<char> {
    let mut chars = next_line.trim_start().chars();
    // A measure word (a Han character), not one of the marks.
    let unit = chars
        .next()
        .filter(|&c| c.is_alphabetic() && continues_sentence(c))?;
    chars
        .next()
        .is_some_and(|c| matches!(c, '，' | '、' | '。' | '；' | ',' | ';'))
        .then_some(unit)
}

fn pipe_line(p: &Projection, line: &str, n: u32, out: &mut Vec<Token>) {
    let mut fields: Vec<&str> = line.split('|').collect();
    if fields.first().is_some_and(|f| f.trim().is_empty()) {
        fields.remove(0);
    }
    if fields.last().is_some_and(|f| f.trim().is_empty()) {
        fields.pop();
    }
    for f in fields {
        field(p, f, n, out);
    }
}

/// A chunk that could be one cell by itself: a number or a blank marker.
fn cell_like(c: &str) -> bool {
    is_blank_marker(c) || scan_number(c).is_some_and(|(l, _)| l == c.len())
}

/// One delimited field: blank, a whole value, or text (possibly glued to
/// values). A field is one cell, so a 无 in it before text is that text's
/// first character (`无 正当理由大量反复申请`), not a blank cell.
fn field(p: &Projection, f: &str, n: u32, out: &mut Vec<Token>) {
    let f = f.trim();
    if f.is_empty() {
        out.push(Token {
            tok: Tok::Empty,
            line: n,
        });
        return;
    }
    if let Some(v) = whole_value(p, f, true) {
        out.push(Token {
            tok: Tok::Val(v),
            line: n,
        });
        return;
    }
    if let Some(v) = counted_value(p, f) {
        out.push(Token {
            tok: Tok::Val(v),
            line: n,
        });
        return;
    }
    let chunks: Vec<&str> = f.split_whitespace().collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let next_chunk = chunks.get(i + 1);
        let next = next_chunk.and_then(|c| c.chars().next());
        let before_text = *chunk == "无" && next_chunk.is_some_and(|c| !cell_like(c));
        split_chunk(p, chunk, n, !before_text, next, out);
    }
}

/// Measure words and marks that, right after a number, show it is part of
/// a sentence (`290件`, `26项`, `3起`, `2019年`, `5%`, `12,`): no table cell
/// is printed so, but in a field of its own (see [`counted_value`]).
fn continues_sentence(c: char) -> bool {
    matches!(
        c,
        '件' | '项'
            | '个'
            | '条'
            | '宗'
            | '次'
            | '起'
            | '家'
            | '所'
            | '名'
            | '人'
            | '份'
            | '篇'
            | '批'
            | '例'
            | '位'
            | '户'
            | '万'
            | '亿'
            | '余'
            | '多'
            | '年'
            | '月'
            | '日'
            | '号'
            | '%'
            | '‰'
            | ','
            | ';'
            | '。'
            | '!'
            | '?'
            | '，'
            | '；'
    )
}

/// A delimited field holding a count and its measure word (`5件`): the
/// field's borders show it is one cell.
fn counted_value(p: &Projection, f: &str) -> Option<Val> {
    let (len, unit) = scan_number(f)?;
    if unit.is_some() || f.starts_with(['-', '+']) || f[..len].contains(['.', ',']) {
        return None;
    }
    let rest = &f[len..];
    let measure = rest.chars().next()?;
    (rest.len() == measure.len_utf8() && matches!(measure, '件' | '项' | '个' | '条' | '次' | '宗'))
        .then(|| Val::printed_as(p.printed_slice(f).into_owned(), len, None, true))
}

/// Blank markers printed in place of a number.
fn is_blank_marker(s: &str) -> bool {
    matches!(
        s,
        "-" | "—" | "–" | "——" | "--" | "/" | "无" | "—-" | "-—" | "－"
    )
}

/// The whole of `s` as one value cell, if it is one.
fn whole_value(p: &Projection, s: &str, delimited: bool) -> Option<Val> {
    let s = s.trim();
    if is_blank_marker(s) {
        if s == "无" && !delimited {
            return None;
        }
        return Some(Val::blank_as(p.printed_slice(s).into_owned(), delimited));
    }
    if let Some(v) = worded_change(p, s, delimited) {
        return Some(v);
    }
    let (num_len, unit) = scan_number(s)?;
    if num_len == s.len() || unit.is_some_and(|u| num_len + u.len() == s.len()) {
        return Some(Val::printed_as(
            p.printed_slice(s).into_owned(),
            num_len,
            unit,
            delimited,
        ));
    }
    None
}

/// A change printed as a cell of its own with a word for its sign, as the
/// 2019 template's 本年增/减 column is filled in: 增12 is 12, 减3 (減3) is
/// -3. Only digits may follow the word.
fn worded_change(p: &Projection, s: &str, delimited: bool) -> Option<Val> {
    let (sign, digits) = if let Some(d) = s.strip_prefix('增') {
        ("", d)
    } else {
        ("-", s.strip_prefix(['减', '減'])?)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // 减0 is 0, not -0 (a value whose bytes would differ from 0's).
    let sign = if digits.bytes().all(|b| b == b'0') {
        ""
    } else {
        sign
    };
    Some(Val {
        raw: p.printed_slice(s).into_owned(),
        number: Number::Own(format!("{sign}{digits}")),
        unit: None,
        delimited,
        prose: false,
    })
}

/// Length of a number at the start of `s` (`-12`, `3.5`, `1,234`), and a unit
/// directly after it.
fn scan_number(s: &str) -> Option<(usize, Option<&'static str>)> {
    let b = s.as_bytes();
    let mut i = 0;
    // A sign: `-3`, and `+3` where a change column prints its increases so.
    if matches!(b.first(), Some(b'-' | b'+')) {
        i = 1;
    }
    let digits_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    // Thousands groups: 1,234,567.
    while i + 3 < b.len() + 0
        && b[i] == b','
        && i + 4 <= b.len()
        && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
        && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
    {
        i += 4;
    }
    if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    let rest = &s[i..];
    let unit = if rest.starts_with("万元") {
        Some("万元")
    } else if rest.starts_with('元') {
        Some("元")
    } else {
        None
    };
    Some((i, unit))
}

/// Split a whitespace-free chunk at the borders between text and numbers:
/// `规章000规范性文件898989` → 规章 · 000 · 规范性文件 · 898989. A digit directly
/// before `.` or `、` and text is an item number (`2.其他法律…`) and stays with
/// the text that follows it.
fn split_chunk(
    p: &Projection,
    chunk: &str,
    n: u32,
    delimited: bool,
    next: Option<char>,
    out: &mut Vec<Token>,
) {
    if chunk.contains(UNSURE) {
        unsure_chunk(p, chunk, n, delimited, next, out);
        return;
    }
    if let Some(mut v) = whole_value(p, chunk, delimited) {
        v.prose = v.number().is_some() && next.is_some_and(continues_sentence);
        out.push(Token {
            tok: Tok::Val(v),
            line: n,
        });
        return;
    }
    let b = chunk.as_bytes();
    if b.iter().all(|c| c.is_ascii_digit() || *c == b'-')
        && b.windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'-' && w[2].is_ascii_digit())
    {
        out.push(Token {
            tok: Tok::Val(Val::unreadable(chunk, delimited)),
            line: n,
        });
        return;
    }
    let b = chunk.as_bytes();
    let mut text_start = 0;
    let mut i = 0;
    while i < b.len() {
        let starts_number = b[i].is_ascii_digit()
            || (matches!(b[i], b'-' | b'+')
                && i + 1 < b.len()
                && b[i + 1].is_ascii_digit()
                && (i == 0 || !b[i - 1].is_ascii_digit()));
        if !starts_number {
            i += 1;
            continue;
        }
        // Digits and dashes glued (`7-30`): no reading is sure.
        let run = chunk[i..]
            .bytes()
            .take_while(|c| c.is_ascii_digit() || *c == b'-')
            .count();
        if b[i..i + run]
            .windows(3)
            .any(|w| w[0].is_ascii_digit() && w[1] == b'-' && w[2].is_ascii_digit())
        {
            push_text(p, &chunk[text_start..i], n, out);
            let mut v = Val::unreadable(&chunk[i..i + run], delimited);
            v.prose = chunk[i + run..]
                .chars()
                .next()
                .or(next)
                .is_some_and(continues_sentence);
            out.push(Token {
                tok: Tok::Val(v),
                line: n,
            });
            i += run;
            text_start = i;
            continue;
        }
        let (len, unit) = match scan_number(&chunk[i..]) {
            Some(x) => x,
            None => {
                i += 1;
                continue;
            }
        };
        let end = i + len;
        // Item numbering: "1.属于…", "3、其他": the last digit before the mark.
        let numbering_mark = chunk[end..].starts_with('.') || chunk[end..].starts_with('、');
        let after_mark = if chunk[end..].starts_with('.') {
            end + 1
        } else {
            end + '、'.len_utf8()
        };
        let text_follows =
            numbering_mark && (after_mark >= b.len() || !b[after_mark].is_ascii_digit());
        if text_follows
            && unit.is_none()
            && !chunk[i..end].contains(['.', ','])
            && !chunk[i..end].starts_with(['-', '+'])
        {
            // Digits before the item number are a value glued to it.
            if end - i > 1 {
                push_text(p, &chunk[text_start..i], n, out);
                let v = &chunk[i..end - 1];
                out.push(Token {
                    tok: Tok::Val(Val::printed(v, v.len(), None, delimited)),
                    line: n,
                });
                text_start = end - 1;
            }
            i = after_mark;
            continue;
        }
        // Digits inside a word such as 第1季度 or 数据1 are still values; the
        // row matcher ignores values that follow no row label.
        push_text(p, &chunk[text_start..i], n, out);
        let unit_len = unit.map_or(0, str::len);
        let raw = &chunk[i..end + unit_len];
        let mut v = Val::printed_as(p.printed_slice(raw).into_owned(), end - i, unit, delimited);
        v.prose = chunk[end + unit_len..]
            .chars()
            .next()
            .or(next)
            .is_some_and(continues_sentence);
        out.push(Token {
            tok: Tok::Val(v),
            line: n,
        });
        i = end + unit_len;
        text_start = i;
    }
    push_text(p, &chunk[text_start..], n, out);
}

/// The replacement character: where a decoder met a character it could
/// not read (a PDF glyph its font maps to nothing sure, bytes invalid in
/// their encoding).
const UNSURE: char = '\u{FFFD}';

/// A chunk holding [`UNSURE`]: each one, with the digits and number marks
/// glued to it on either side, is one unreadable value (the number it
/// stands in, or the cell it is, cannot be told, so the row it falls in is
/// left null); the text around is split as usual.
fn unsure_chunk(
    p: &Projection,
    chunk: &str,
    n: u32,
    delimited: bool,
    next: Option<char>,
    out: &mut Vec<Token>,
) {
    let glued = |c: char| c == UNSURE || c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '+');
    let mut rest = chunk;
    while let Some(at) = rest.find(UNSURE) {
        let start = rest[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| glued(c))
            .last()
            .map_or(at, |(i, _)| i);
        let end = rest[at..]
            .char_indices()
            .find(|&(_, c)| !glued(c))
            .map_or(rest.len(), |(i, _)| at + i);
        if start > 0 {
            split_chunk(p, &rest[..start], n, delimited, Some(UNSURE), out);
        }
        out.push(Token {
            tok: Tok::Val(Val::unreadable(&rest[start..end], delimited)),
            line: n,
        });
        rest = &rest[end..];
    }
    if !rest.is_empty() {
        split_chunk(p, rest, n, delimited, next, out);
    }
}

fn push_text(p: &Projection, s: &str, n: u32, out: &mut Vec<Token>) {
    if s.is_empty() {
        return;
    }
    if is_blank_marker(s) && s != "无" {
        out.push(Token {
            tok: Tok::Val(Val::blank_as(p.printed_slice(s).into_owned(), false)),
            line: n,
        });
        return;
    }
    out.push(Token {
        tok: Tok::Text(s.to_string()),
        line: n,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_and_rules_are_furniture_and_nothing_else_is() {
        for line in ["- 5 -", " —12— ", "第 3 页", "|---|:---:|", ":---|---"] {
            assert!(is_page_furniture(line), "{line:?}");
        }
        for line in [
            "",
            "-5",
            "- - 0 - -",
            "5",
            "第五条",
            "第一页",
            "行政许可 290",
            "| 1 | 2 |",
            "（一）",
        ] {
            assert!(!is_page_furniture(line), "{line:?}");
        }
    }

    fn show(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| match t.tok {
                Tok::Text(s) => format!("T:{s}"),
                Tok::Val(v) => format!("V:{}", v.raw),
                Tok::Empty => "E".to_string(),
            })
            .collect()
    }

    #[test]
    fn glued_labels_and_digits_split() {
        assert_eq!(
            show("规章000规范性文件898989"),
            ["T:规章", "V:000", "T:规范性文件", "V:898989"]
        );
        assert_eq!(
            show("1.属于国家秘密00000002.其他法律行政法规禁止公开"),
            [
                "T:1.属于国家秘密",
                "V:0000000",
                "T:2.其他法律行政法规禁止公开"
            ]
        );
        assert_eq!(show("3、其他 108 2"), ["T:3、其他", "V:108", "V:2"]);
        assert_eq!(
            show("采购总金额 44.7336万元"),
            ["T:采购总金额", "V:44.7336万元"]
        );
        assert_eq!(show("收费24252.311082"), ["T:收费", "V:24252.311082"]);
    }

    #[test]
    fn a_wu_before_a_label_is_text_and_among_cells_a_blank() {
        // The end of a label a page break cut (无|法提供), before the next
        // row's label and cells.
        assert_eq!(
            show("无 本机关不掌握相关政府信息 746 12 0"),
            ["T:无", "T:本机关不掌握相关政府信息", "V:746", "V:12", "V:0"]
        );
        // Among cells, or alone on its line, it is a blank cell.
        assert_eq!(
            show("行政许可 无 3 5"),
            ["T:行政许可", "V:无", "V:3", "V:5"]
        );
        assert_eq!(show("无 3 5"), ["V:无", "V:3", "V:5"]);
        assert_eq!(show("无"), ["V:无"]);
        // Alone on its line before the rest of 无法提供: text.
        let cut = show("属于行政查询事项 0 0 0\n无\n法提供\n本机关不掌握相关政府信息 7 2 9");
        assert_eq!(cut[..4], ["T:属于行政查询事项", "V:0", "V:0", "V:0"]);
        assert!(!cut.contains(&"V:无".to_string()), "{cut:?}");
        // Before anything else it stays a blank cell (cells one per line).
        assert_eq!(show("无\n3"), ["V:无", "V:3"]);
        // In a delimited field before text, it begins that text: the
        // field is one cell, the label 无正当理由大量反复申请 set with a
        // space. Alone in its field it is a blank cell.
        let row = show("要求提供公开出版物\t\t0\t\n无 正当理由大量反复申请\t\t\t");
        assert!(!row.contains(&"V:无".to_string()), "{row:?}");
        assert!(row.contains(&"T:无".to_string()), "{row:?}");
        assert_eq!(show("行政许可\t无\t3"), ["T:行政许可", "V:无", "V:3"]);
    }

    #[test]
    fn unsure_characters_are_unreadable_values() {
        assert_eq!(
            show("一、本年新收\t1\u{FFFD}\t\u{FFFD}\t3"),
            ["T:一、本年新收", "V:1\u{FFFD}", "V:\u{FFFD}", "V:3"]
        );
        assert_eq!(
            show("行政许\u{FFFD}12 5"),
            ["T:行政许", "V:\u{FFFD}12", "V:5"]
        );
        assert_eq!(
            show("\u{FFFD}.属于国家秘密\t0"),
            ["V:\u{FFFD}.", "T:属于国家秘密", "V:0"]
        );
        let toks = tokenize("总计\t4\u{FFFD}0");
        assert!(matches!(&toks[1].tok, Tok::Val(v) if v.is_unreadable() && v.number().is_none()));
    }

    #[test]
    fn tab_rows_keep_blank_cells() {
        assert_eq!(
            show("行政事业性收费\t0\t0\t"),
            ["T:行政事业性收费", "V:0", "V:0", "E"]
        );
        assert_eq!(
            show("\t(一) 予以公开\t\t0"),
            ["T:(一)", "T:予以公开", "E", "V:0"]
        );
        // A row of values without a label keeps its leading blank cells.
        assert_eq!(show("\t0\t\t5"), ["E", "V:0", "E", "V:5"]);
    }

    #[test]
    fn pipes_and_markdown_rules() {
        assert_eq!(
            show("| 规章 | 0 | - | 3 |\n|---|---|---|---|"),
            ["T:规章", "V:0", "V:-", "V:3"]
        );
        assert_eq!(show("行政许可 | 0 | ||"), ["T:行政许可", "V:0", "E", "E"]);
    }

    #[test]
    fn page_numbers_are_dropped_but_negative_values_kept() {
        assert_eq!(show("- 5 -\n-3\n第 2 页\n—12—"), ["V:-3"]);
        // A row of blank markers around a value is a row, not a page number.
        assert_eq!(show("- - 0 - -"), ["V:-", "V:-", "V:0", "V:-", "V:-"]);
    }

    #[test]
    fn tab_prefixed_cells_one_per_line() {
        let mut text = String::new();
        for _ in 0..25 {
            text.push_str("\t规章\n\t 0\n\t\n");
        }
        let toks = show(&text);
        assert_eq!(&toks[..3], ["T:规章", "V:0", "E"]);
    }
}
