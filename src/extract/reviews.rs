//! Section 四: 政府信息公开行政复议、行政诉讼情况 → `reviews`.
//!
//! The table prints its labels first (three header rows) and then fifteen
//! values, in one row, one per line, or as three small tables; so the
//! reader collects the values that follow the section's labels, in order.

use super::article20::joined;
use super::cells::{fit_groups, sums, Fit};
use super::layout::{Tok, Token};
use super::rows::Cell;
use crate::model::{Diagnostic, RawText, ReviewCell};
use crate::templates::printed::strip_numbering;

use crate::templates::section4::{
    CELLS, END_KEYS as END_WORDS, HEADER_KEYS as HEADER_WORDS, OUTCOMES, PROCEEDINGS, TABLE,
};

#[derive(Default)]
pub struct Reviews {
    pub cells: Vec<ReviewCell>,
    pub diagnostics: Vec<Diagnostic>,
    pub found: bool,
}

/// The longest header word, in bytes.
const LONGEST_HEADER_WORD: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < HEADER_WORDS.len() {
        if HEADER_WORDS[i].len() > longest {
            longest = HEADER_WORDS[i].len();
        }
        i += 1;
    }
    longest
};

/// The longest text, in characters, that a header word wrapped in a
/// narrow cell leaves on a line.
const WRAPPED_WORD: usize = 4;

/// The values of section 四's table in `tokens[start..]`, after its
/// header, and the line of the first; `None` when no header or no value
/// is found.
fn collect(tokens: &[Token], start: usize) -> Option<(Vec<Cell>, u32)> {
    let mut saw_header = false;
    let mut header_text = String::new();
    // The line of the last text, its length, and whether it is numbered.
    let mut header_line: Option<(u32, usize, bool)> = None;
    let mut cells: Vec<Cell> = Vec::new();
    let mut first_line = 0;
    // Blank cells count only on a line that holds a printed value. The
    // tokens are in line order: a line's tokens are a run, looked at once.
    let mut value_line: Option<(u32, bool)> = None;
    let mut on_value_line = |k: usize| {
        let line = tokens[k].line;
        match value_line {
            Some((l, has)) if l == line => has,
            _ => {
                let is_value = |t: &Token| matches!(t.tok, Tok::Val(_));
                let has = tokens[start..k]
                    .iter()
                    .rev()
                    .take_while(|t| t.line == line)
                    .any(is_value)
                    || tokens[k + 1..]
                        .iter()
                        .take_while(|t| t.line == line)
                        .any(is_value);
                value_line = Some((line, has));
                has
            }
        }
    };
    for (k, t) in tokens.iter().enumerate().skip(start) {
        match &t.tok {
            Tok::Text(s) => {
                if !saw_header {
                    // A header word wraps over lines in its narrow cell
                    // (`结果` over `维持`), but the end of a longer text
                    // and the next line do not make one: `…不计其他` and
                    // the `结果` of a merged label below it are no header.
                    // Nor does a numbered row's label (`3.其他`, then
                    // `结果` of the merged label beside the next row).
                    if header_line.is_some_and(|(line, chars, numbered)| {
                        line != t.line && (chars > WRAPPED_WORD || numbered)
                    }) {
                        header_text.push('\n');
                    }
                    let numbered = strip_numbering(s).len() < s.trim_start().len();
                    header_line = Some((t.line, s.chars().count(), numbered));
                    // Only the end the token made can hold a word not
                    // there before: the token and what a word may reach
                    // back into.
                    let mut from = header_text.len().saturating_sub(LONGEST_HEADER_WORD);
                    while !header_text.is_char_boundary(from) {
                        from += 1;
                    }
                    header_text.push_str(s);
                    if HEADER_WORDS.iter().any(|w| header_text[from..].contains(w)) {
                        saw_header = true;
                    }
                    // A header word may be split between tokens: keep the
                    // end of the text, not all of it.
                    if header_text.len() > 256 {
                        let mut cut = header_text.len() - 64;
                        while !header_text.is_char_boundary(cut) {
                            cut += 1;
                        }
                        header_text.drain(..cut);
                    }
                } else if END_WORDS.iter().any(|w| s.contains(w))
                    || (s.chars().count() > 40 && !cells.is_empty())
                {
                    break;
                }
                if cells.len() >= CELLS && s.chars().count() > 1 {
                    break;
                }
            }
            // A number in a sentence: the table is over, or was never there.
            Tok::Val(v) if saw_header && v.prose => break,
            Tok::Val(v) if saw_header => {
                if cells.is_empty() {
                    first_line = t.line;
                }
                cells.push(Cell::Val(v.clone()));
            }
            Tok::Empty if saw_header && on_value_line(k) => cells.push(Cell::Empty),
            _ => {}
        }
    }
    (saw_header && !cells.is_empty()).then_some((cells, first_line))
}

/// Whether section 四's table is in `tokens[start..]`: its header, then
/// values; [`read`] without fitting them to the columns.
pub fn found(tokens: &[Token], start: usize) -> bool {
    collect(tokens, start).is_some()
}

/// Read section 四 from `tokens[start..]` (where section 三's table ended).
pub fn read(tokens: &[Token], start: usize) -> Reviews {
    let mut out = Reviews::default();
    let Some((cells, first_line)) = collect(tokens, start) else {
        return out;
    };
    out.found = true;
    let location = format!("section 四 (line {first_line})");
    let chosen = match fit_groups(&cells, CELLS, OUTCOMES.len(), &sums) {
        // The row's one blank cell, the last, left by the delimiter that
        // ends its line, may be no cell (exports end every row with one):
        // a reading that counts it must hold every group's total, or whose
        // values are whose is not told (fourteen values shifted by one).
        Fit::Exact(c)
            if cells.len() == CELLS
                && cells.last() == Some(&Cell::Empty)
                && cells[..CELLS - 1].iter().all(|c| matches!(c, Cell::Val(_)))
                && !every_total_holds(&c) =>
        {
            out.diagnostics.push(
                Diagnostic::warning(
                    "ROW_UNREADABLE",
                    format!(
                        "{} values and a blank last field, whose totals do not hold ({}); cells left null",
                        CELLS - 1,
                        joined(&cells)
                    ),
                )
                .in_table(TABLE)
                .at(&location),
            );
            return out;
        }
        Fit::Exact(c) => c,
        Fit::Split(r) if r.len() == 1 => {
            out.diagnostics.push(
                Diagnostic::info(
                    "GLUED_CELLS_RESOLVED",
                    format!(
                        "glued digits {} have one reading satisfying the three totals",
                        joined(&cells)
                    ),
                )
                .in_table(TABLE)
                .at(&location),
            );
            r.into_iter().next().unwrap()
        }
        Fit::Split(r) => {
            out.diagnostics.push(
                Diagnostic::warning(
                    "GLUED_CELLS_AMBIGUOUS",
                    format!(
                        "glued digits {} have {} readings; cells left null",
                        joined(&cells),
                        r.len()
                    ),
                )
                .in_table(TABLE)
                .at(&location),
            );
            return out;
        }
        Fit::RightAligned { .. } | Fit::Unfit(_) => {
            out.diagnostics.push(
                Diagnostic::warning(
                    "ROW_UNREADABLE",
                    format!(
                        "{} values where 15 are printed ({}); cells left null",
                        cells.len(),
                        joined(&cells)
                    ),
                )
                .in_table(TABLE)
                .at(&location),
            );
            return out;
        }
    };
    for (i, cell) in chosen.iter().enumerate() {
        let value = match cell.number() {
            None => None,
            Some(n) => n.parse::<i64>().ok(),
        };
        out.cells.push(ReviewCell {
            proceeding: PROCEEDINGS[i / OUTCOMES.len()].code,
            outcome: OUTCOMES[i % OUTCOMES.len()].code,
            value,
            raw: RawText::from(cell.raw()),
        });
    }
    out
}

/// Whether each group's total is the sum of its outcomes (blank as zero).
fn every_total_holds(cells: &[Cell]) -> bool {
    cells.chunks(OUTCOMES.len()).all(|g| {
        let values: Vec<Option<i64>> = g.iter().map(Cell::int_or_zero).collect();
        sums(&values)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::tokenize;

    fn values(text: &str) -> Vec<Option<i64>> {
        read(&tokenize(text), 0)
            .cells
            .iter()
            .map(|c| c.value)
            .collect()
    }

    #[test]
    fn one_line_of_fifteen() {
        let v = values("行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n72 64 178 37 351 13 4 8 1 26 12 1 1 6 20\n五、存在的主要问题");
        assert_eq!(v.len(), 15);
        assert_eq!(v[4], Some(351));
        assert_eq!(v[14], Some(20));
    }

    #[test]
    fn a_blank_last_field_counts_only_where_the_totals_hold() {
        let head = "行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n";
        // Fourteen values, one of them lost to the label beside it, and
        // the line's closing delimiter: read as fifteen cells they shift.
        let shifted =
            format!("{head}1\t13\t6\t20\t-\t-\t-\t-\t-\t-\t0\t-\t11\t11\t\n五、存在的主要问题");
        let r = read(&tokenize(&shifted), 0);
        assert!(r.found && r.cells.is_empty(), "{:?}", r.cells);
        assert!(r.diagnostics.iter().any(|d| d.code == "ROW_UNREADABLE"));
        // A last total left blank where its group is all zeros holds.
        let blank = format!("{head}1\t1\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t\n五、存在的主要问题");
        let mut want = [1, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
            .map(Some)
            .to_vec();
        want.push(None);
        assert_eq!(values(&blank), want);
        // Blank fields elsewhere show the row keeps its blanks: read as
        // printed, a total that does not hold included.
        let kept = format!("{head}6\t10\t9\t10\t35\t7\t2\t15\t7\t28\t\t\t\t\t\n五、存在的主要问题");
        let mut want = [6, 10, 9, 10, 35, 7, 2, 15, 7, 28].map(Some).to_vec();
        want.extend([None; 5]);
        assert_eq!(values(&kept), want);
    }

    #[test]
    fn header_rows_printed_in_halves() {
        // A PDF's text dump: each header row's first halves on one line,
        // the second halves on the next; the suits' wide cells are whole.
        let t = "四、因政府信息公开工作被申请行政复议提起行政诉讼情况\n行政复议 行政诉讼\n未经复议直接起诉 复议后起诉\n\
                 结果 结果 其他 尚未 总\n维持 纠正 结果 审结 计 结果 结果 其他 尚未 总 结果 结果 其他 尚未 总\n\
                 维持 纠正 结果 审结 计 维持 纠正 结果 审结 计\n1 0 0 0 1 0 0 0 0 0 2 0 1 0 3\n\
                 五、政府信息公开工作存在的主要问题及改进情况";
        assert_eq!(
            values(t),
            [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2, 0, 1, 0, 3].map(Some)
        );
        // The same words in a sentence are no header.
        let prose = "四、行政复议和行政诉讼情况\n全年未经复议直接起诉的行政诉讼1件，复议后起诉的行政诉讼2件。\n五、存在的主要问题";
        assert!(!read(&tokenize(prose), 0).found);
    }

    #[test]
    fn three_small_tables() {
        let t = "### 行政复议\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|\n| 27 | 10 | 9 | 15 | 61 |\n\
                 ### 行政诉讼(未经复议直接起诉)\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 3 | 0 | 0 | 0 | 3 |\n\
                 ### 行政诉讼(复议后起诉)\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 8 | 0 | 1 | 1 | 10 |\n## 五、政府信息公开工作存在的主要问题";
        assert_eq!(
            values(t),
            [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10].map(Some)
        );
    }

    #[test]
    fn a_header_word_is_not_made_of_a_long_line_and_the_next() {
        // `…不计其他` ends a label, `结果` is a merged label's line below:
        // no header, so the numbers after them are no section 四.
        let text = "（二）部分公开（区分处理的，只计这一情形，不计其他\n结果 3 0 0 0 0 0 3\n\
                    1.属于国家秘密 0 0 0 0 0 0 0\n五、存在的主要问题";
        assert!(!read(&tokenize(text), 0).found);
        // A header word wrapped in its narrow cell is one word.
        let text = "行政复议\n结果\n维持\n1 2 3 4 10 0 0 0 0 0 1 1 1 1 4\n五、存在的主要问题";
        assert_eq!(values(text).len(), 15);
        // A numbered row's label and the merged label beside the next
        // row make none either.
        let text = "3.其他\n结果 （七）总计 0\n四、结转下年度继续办理 0 0\n五、存在的主要问题";
        assert!(!read(&tokenize(text), 0).found);
    }

    #[test]
    fn blank_cells_count_on_lines_of_values_only() {
        // Tab-separated: the empty fields beside values are blank cells;
        // those of a line with no value (a header's padding) are not.
        let text = "行政复议\t\t\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\t\t\n                    1\t\t2\t0\t3\n0\t0\t0\t0\t0\n\t1\t0\t0\t1\n五、存在的主要问题";
        let v = values(text);
        assert_eq!(v.len(), 15, "{v:?}");
        assert_eq!(v[1], None);
        assert_eq!(v[10], None);
        assert_eq!(v[14], Some(1));
    }

    #[test]
    fn found_agrees_with_read_when_the_header_word_is_split() {
        // `结果维` then `持`, after a long text that pushes the start of
        // the header text out of what is kept.
        let long = "说明".repeat(200);
        for text in [
            format!("{long}\n结果维\n持\n1 2 3 4 10 0 0 0 0 0 1 1 1 1 4\n五、存在的主要问题"),
            format!("{long}\n1 2 3 4 10\n五、存在的主要问题"),
        ] {
            let tokens = tokenize(&text);
            assert_eq!(found(&tokens, 0), read(&tokens, 0).found, "{text}");
        }
        assert!(found(
            &tokenize(&format!("{long}\n结果维\n持\n1 2 3 4 10\n")),
            0
        ));
    }

    #[test]
    fn prose_is_not_a_table() {
        assert!(
            values("四、政府信息公开行政复议、行政诉讼情况 本年度未发生行政复议 0 件").is_empty()
        );
    }
}
