//! Token stream → labelled rows, and rows → the rows of a template table.
//!
//! A row is a run of label text followed by the values printed after it. A
//! table is found as the longest sequence of rows whose labels match the
//! template's row labels in the template's order; prose that happens to use
//! the same words ("上年结转 34 件") cannot outvote a whole table.

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use super::layout::{Tok, Token, Val};

/// A value cell of a row: printed, or blank by a delimiter.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Val(Val),
    Empty,
}

impl Cell {
    pub fn raw(&self) -> &str {
        match self {
            Cell::Val(v) => &v.raw,
            Cell::Empty => "",
        }
    }
    /// The number printed, if any.
    pub fn number(&self) -> Option<&str> {
        match self {
            Cell::Val(v) => v.number(),
            Cell::Empty => None,
        }
    }
    /// The number as an integer, blank counted as zero (for identities).
    pub fn int_or_zero(&self) -> Option<i64> {
        match self.number() {
            None => Some(0),
            Some(n) => n.parse().ok(),
        }
    }
}

/// Label text and the values printed after it.
#[derive(Clone, Debug)]
pub struct Row {
    /// The label with all white space removed.
    pub label: String,
    pub cells: Vec<Cell>,
    /// Line of the first value (1-based), for diagnostics.
    pub line: u32,
    /// Index of the first token of the label in the token stream.
    pub start: usize,
    /// Index one past the last value token.
    pub end: usize,
}

impl Row {
    /// Whether the row is a sentence rather than a table row: one of its
    /// numbers runs on into text (`290件，`).
    pub fn is_prose(&self) -> bool {
        self.cells
            .iter()
            .any(|c| matches!(c, Cell::Val(v) if v.prose))
    }

    /// The label after the last full stop in it: what precedes it is a
    /// sentence that ended before the row began.
    pub fn own_label(&self) -> &str {
        match last_full_stop(&self.label) {
            Some(i) => &self.label[i + '。'.len_utf8()..],
            None => &self.label,
        }
    }
}

/// The byte offset of the last 。 in `s`, as `s.rfind('。')` gives it, but
/// looked for by its lead byte E3, which leads CJK punctuation, kana and
/// the rarest ideographs (U+3400–U+3FFF); `rfind` looks for its last byte,
/// which ends many common Chinese characters.
fn last_full_stop(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr(0xE3, &b[..end]) {
        if b[i..].starts_with("。".as_bytes()) {
            return Some(i);
        }
        end = i;
    }
    None
}

/// Group tokens into rows. Label text without values before it is kept as the
/// start of the next label; values before any label are dropped.
pub fn rows(tokens: &[Token]) -> Vec<Row> {
    let mut out = Vec::new();
    let mut label = String::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].tok {
            Tok::Text(t) => {
                if label.is_empty() {
                    start = i;
                    // The label's room at once, not grown a piece at a time.
                    if label.capacity() == 0 {
                        label.reserve(text_run_len(&tokens[i..]));
                    }
                }
                label.push_str(t);
                i += 1;
            }
            _ => {
                let line = tokens[i].line;
                let values = tokens[i..]
                    .iter()
                    .take_while(|t| !matches!(t.tok, Tok::Text(_)))
                    .count();
                let mut cells = Vec::with_capacity(values);
                while i < tokens.len() {
                    match &tokens[i].tok {
                        Tok::Val(v) => cells.push(Cell::Val(v.clone())),
                        Tok::Empty => cells.push(Cell::Empty),
                        Tok::Text(_) => break,
                    }
                    i += 1;
                }
                if !label.is_empty() {
                    out.push(Row {
                        label: std::mem::take(&mut label),
                        cells,
                        line,
                        start,
                        end: i,
                    });
                }
            }
        }
    }
    if !label.is_empty() {
        out.push(Row {
            label,
            cells: Vec::new(),
            line: tokens.last().map_or(0, |t| t.line),
            start,
            end: tokens.len(),
        });
    }
    out
}

/// The bytes of the label text that opens `tokens`, up to the first value.
fn text_run_len(tokens: &[Token]) -> usize {
    tokens
        .iter()
        .map_while(|t| match &t.tok {
            Tok::Text(s) => Some(s.len()),
            _ => None,
        })
        .sum()
}

/// Tab exports often end every row with a tab, leaving an empty last field
/// that is no cell of the table. When every row of a found table ends with a
/// blank from a delimiter, and one of them holds more fields than its row
/// has columns (`width` of a row's spec), that last blank is no cell: one
/// row ending blank is a blank cell, all of them ending blank with one too
/// many is the export. A table whose last column is blank in every row
/// (totals left blank) keeps it. Returns how many trailing cells of each
/// row of `chain` to ignore (0 or 1).
pub fn export_artifact(
    rows: &[Row],
    chain: &[(usize, usize)],
    width: impl Fn(usize) -> usize,
) -> usize {
    let all_end_blank = chain.len() > 1
        && chain
            .iter()
            .all(|&(r, _)| rows[r].cells.len() > 1 && rows[r].cells.last() == Some(&Cell::Empty));
    let one_too_many = chain.iter().any(|&(r, s)| rows[r].cells.len() > width(s));
    usize::from(all_end_blank && one_too_many)
}

/// A row's cells without the export's trailing blank.
pub fn cells_of(row: &Row, artifact: usize) -> &[Cell] {
    &row.cells[..row.cells.len() - artifact.min(row.cells.len())]
}

pub use crate::templates::RowSpec;

/// Finds which spec a label names, with one pass over the label for all
/// keys of all specs.
pub struct Matcher<'a> {
    specs: &'a [RowSpec],
    keys: Arc<AhoCorasick>,
    /// The spec of each key.
    owner: Arc<[usize]>,
}

/// The automaton and key owners of one list of specs.
type Compiled = (Arc<AhoCorasick>, Arc<[usize]>);

/// Automata already built, by the keys of the specs (static strings, so the
/// key is their addresses and lengths plus the spec each belongs to). A
/// table search happens once or twice per document; building its automaton
/// each time cost more than the search.
/// Hashed with ahash: the key is looked up at every search and holds a
/// few hundred numbers, on which the standard library's SipHash spent
/// about 10 k instructions a document.
type CompiledCache = HashMap<Vec<(usize, usize, usize)>, Compiled, ahash::RandomState>;
static COMPILED: LazyLock<Mutex<CompiledCache>> = LazyLock::new(Default::default);

impl<'a> Matcher<'a> {
    pub fn new(specs: &'a [RowSpec]) -> Self {
        let (owner, keys): (Vec<usize>, Vec<&'static str>) = specs
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.keys.iter().map(move |k| (i, *k)))
            .unzip();
        let id: Vec<(usize, usize, usize)> = owner
            .iter()
            .zip(&keys)
            .map(|(&o, k)| (o, k.as_ptr() as usize, k.len()))
            .collect();
        let mut cache = COMPILED.lock().unwrap_or_else(|e| e.into_inner());
        let (keys, owner) = cache
            .entry(id)
            .or_insert_with(|| {
                let automaton = AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(keys)
                    .expect("row keys are plain strings");
                (Arc::new(automaton), owner.into())
            })
            .clone();
        Matcher { specs, keys, owner }
    }

    /// Which spec a label names: the one whose key ends last in the label (a
    /// label often carries its group's heading before it, e.g.
    /// `三、本年度办理结果(一)予以公开`); on a tie, the later spec.
    pub fn classify(&self, label: &str) -> Option<usize> {
        let label = without_explanations(label);
        let label = label.as_ref();
        let trimmed = label
            .trim_end_matches(|c: char| c.is_ascii_punctuation() || "：:、。，,)）".contains(c));
        let mut best: Option<(usize, usize)> = None;
        for m in self.keys.find_overlapping_iter(label) {
            let spec = self.owner[m.pattern().as_usize()];
            if self.specs[spec].at_end && m.end() != trimmed.len() {
                continue;
            }
            // A row's key ends its label but for the rest of the template's
            // words (…逾期不补正、行政机关不再处理其政府信息公开申请): a key
            // followed by more is a word of text that ran on into the row.
            // Nor is a key followed by a field's label (填报人:…联系方式:):
            // the value is that field's.
            let tail = &label[m.end()..];
            let long = tail.len() > LONGEST_LABEL_TAIL && tail.chars().count() > LONGEST_LABEL_TAIL;
            if long || tail.contains(':') {
                continue;
            }
            if best.is_none_or(|(s, e)| (m.end(), spec) > (e, s)) {
                best = Some((spec, m.end()));
            }
        }
        best.map(|(spec, _)| spec)
    }
}

/// The most characters a row's label prints after its key: the longest
/// template label's tail (2. 申请人逾期未按收费通知 → 要求缴纳费用、行政机关
/// 不再处理其政府信息公开申请) with room for a variant.
const LONGEST_LABEL_TAIL: usize = 32;

/// A label without the explanations in brackets it may carry
/// (`规范性文件(行政机关制定发布的…一般情况下属于规范性文件)`,
/// `其他主动公开文件(含…除规范性文件以外的…)`): the words inside them
/// name other things. Short brackets, the numbering `(一)`, `(六)`, stay.
fn without_explanations(label: &str) -> std::borrow::Cow<'_, str> {
    const LONGEST_KEPT: usize = 4;
    if !label.contains('(') {
        return std::borrow::Cow::Borrowed(label);
    }
    let mut out = String::with_capacity(label.len());
    let mut depth = 0usize;
    let mut open_at = 0;
    for c in label.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    open_at = out.len();
                }
                depth += 1;
                out.push(c);
            }
            ')' if depth > 0 => {
                depth -= 1;
                out.push(c);
                if depth == 0 && out[open_at..].chars().count() > LONGEST_KEPT + 2 {
                    out.truncate(open_at);
                }
            }
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// [`Matcher::classify`] for one label.
pub fn classify(label: &str, specs: &[RowSpec]) -> Option<usize> {
    Matcher::new(specs).classify(label)
}

/// The rows that form a table: rows whose labels name the table's rows in
/// template order, inside the table.
///
/// A value needs evidence that it is a cell. A row counts only after the
/// table's header (one of `header`, in its label or an earlier row's; an
/// empty `header` for a table whose row labels say enough) and before the
/// table is left: a row that is a sentence ([`Row::is_prose`])
/// ends it, and a row whose label holds the end of a sentence starts
/// afresh (its own label may hold a header again). Among the rows that
/// count, the table is the longest chain in template order, preferring
/// later rows on ties (a table follows the prose that mentions its words).
/// Returns pairs of (row index, spec index).
pub fn find_table(rows: &[Row], specs: &[RowSpec], header: &[&str]) -> Vec<(usize, usize)> {
    let matcher = Matcher::new(specs);
    let mut matches: Vec<(usize, usize)> = Vec::new();
    // A table whose rows are told by their labels alone needs no header.
    let open = header.is_empty();
    let mut in_table = open;
    for (i, r) in rows.iter().enumerate() {
        let own = r.own_label();
        if r.is_prose() {
            // A header whose labels carry notes with counted words
            // (处理决定数量(指2020年办件量)) looks like a sentence, cut at
            // each number: a piece that names two of the header's labels,
            // or one within a table, is a header all the same. Its values
            // are never read.
            let named = header.iter().filter(|h| own.contains(*h)).take(2).count();
            in_table = open || named == 2 || in_table && named == 1;
            continue;
        }
        if own.len() < r.label.len() {
            in_table = open;
        }
        if !in_table && header.iter().any(|h| own.contains(h)) {
            in_table = true;
        }
        if in_table {
            if let Some(s) = matcher.classify(own) {
                matches.push((i, s));
            }
        }
    }
    longest_chain(&matches)
}

/// How far back a row's predecessor in a chain is looked for: a table has
/// a few dozen rows, and the bound keeps the search linear on any input.
const CHAIN_WINDOW: usize = 256;

/// The longest subsequence of `matches` whose specs increase, preferring
/// later elements on ties.
fn longest_chain(matches: &[(usize, usize)]) -> Vec<(usize, usize)> {
    if matches.is_empty() {
        return Vec::new();
    }
    let n = matches.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        // The predecessors looked at spend from the document's budget.
        if !crate::budget::spend(i.min(CHAIN_WINDOW) as u64) {
            break;
        }
        for j in i.saturating_sub(CHAIN_WINDOW)..i {
            if matches[j].1 < matches[i].1 && len[j] + 1 >= len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut end = 0;
    for i in 0..n {
        if len[i] >= len[end] {
            end = i;
        }
    }
    let mut chain = Vec::new();
    let mut k = end;
    loop {
        chain.push(matches[k]);
        if prev[k] == usize::MAX {
            break;
        }
        k = prev[k];
    }
    chain.reverse();
    chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::tokenize;

    const fn spec(code: &'static str, keys: &'static [&'static str], at_end: bool) -> RowSpec {
        RowSpec {
            code,
            label: code,
            keys,
            at_end,
            printed_in: crate::templates::In::Both,
        }
    }

    const HEADER: &[&str] = &["申请人情况"];

    const SPECS: &[RowSpec] = &[
        spec("a", &["本年新收"], false),
        spec("b", &["上年结转"], false),
        spec("c", &["予以公开"], false),
        spec("d", &["其他"], true),
    ];

    #[test]
    fn labels_merge_across_lines_and_values_attach() {
        let r = rows(&tokenize("三、\n本\n年\n度\n(一)予以公开 1 2\n3"));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].label, "三、本年度(一)予以公开");
        assert_eq!(r[0].cells.len(), 3);
    }

    #[test]
    fn last_key_wins_and_short_keys_must_end_the_label() {
        assert_eq!(classify("三、本年度办理结果(一)予以公开", SPECS), Some(2));
        assert_eq!(classify("3.其他", SPECS), Some(3));
        assert_eq!(classify("不计其他情形)", SPECS), None);
        // Words inside an explanation in brackets name other things.
        assert_eq!(classify("(六)其他", SPECS), Some(3));
        assert_eq!(
            classify("予以公开(不含部分公开的,本年新收)", SPECS),
            Some(2)
        );
    }

    #[test]
    fn the_table_outvotes_prose() {
        let text = "上年结转申请 34 件。\n申请人情况\n本年新收 1\n上年结转 2\n(一)予以公开 3\n";
        let r = rows(&tokenize(text));
        let t = find_table(&r, SPECS, HEADER);
        let codes: Vec<_> = t.iter().map(|&(_, s)| SPECS[s].code).collect();
        assert_eq!(codes, ["a", "b", "c"]);
        assert_eq!(r[t[1].0].cells[0].raw(), "2");
    }

    #[test]
    fn an_export_tab_ending_every_row_is_dropped_once() {
        let r = rows(&tokenize(
            "申请人情况\n本年新收\t1\t\n上年结转\t2\t\n(一)予以公开\t3\t\n",
        ));
        let t = find_table(&r, SPECS, HEADER);
        let a = export_artifact(&r, &t, |_| 1);
        assert!(r.iter().all(|row| cells_of(row, a).len() == 1));
        // One row ending blank is a blank cell.
        let r = rows(&tokenize("申请人情况\n本年新收\t1\t\n上年结转\t2\t3\n"));
        let t = find_table(&r, SPECS, HEADER);
        assert_eq!(export_artifact(&r, &t, |_| 1), 0);
        // Every row ending blank, none with a field too many: the last
        // column is blank in every row, a cell of the table.
        let r = rows(&tokenize(
            "申请人情况\n本年新收\t1\t\n上年结转\t2\t\n(一)予以公开\t3\t\n",
        ));
        let t = find_table(&r, SPECS, HEADER);
        assert_eq!(export_artifact(&r, &t, |_| 2), 0);
    }

    #[test]
    fn the_last_full_stop_is_where_rfind_finds_it() {
        for t in [
            "",
            "。",
            "一、总体情况。(一)予以公开",
            "句。句。",
            "无句号",
            "。\u{3001}、。三",
            "ぁ。",
        ] {
            assert_eq!(last_full_stop(t), t.rfind('。'), "{t:?}");
        }
    }
}
