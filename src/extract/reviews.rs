//! Section 四: 政府信息公开行政复议、行政诉讼情况 → `reviews`.
//!
//! The table prints its labels first (three header rows) and then fifteen
//! values, in one row, one per line, or as three small tables; so the
//! reader collects the values that follow the section's labels, in order.

use super::article20::joined;
use super::cells::{fit_groups, last_is_sum, Fit};
use super::layout::{Tok, Token};
use super::rows::Cell;
use crate::model::{Diagnostic, ReviewCell};
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

/// The longest text, in characters, that a header word wrapped in a
/// narrow cell leaves on a line.
const WRAPPED_WORD: usize = 4;

/// Read section 四 from `tokens[start..]` (where section 三's table ended).
pub fn read(tokens: &[Token], start: usize) -> Reviews {
    let mut out = Reviews::default();
    let mut saw_header = false;
    let mut header_text = String::new();
    // The line of the last text, its length, and whether it is numbered.
    let mut header_line: Option<(u32, usize, bool)> = None;
    let mut cells: Vec<Cell> = Vec::new();
    let mut first_line = 0;
    // Lines that hold a printed value: blank cells count only on those.
    let value_lines: std::collections::HashSet<u32> = tokens[start..]
        .iter()
        .filter(|t| matches!(t.tok, Tok::Val(_)))
        .map(|t| t.line)
        .collect();
    for t in &tokens[start..] {
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
                    header_text.push_str(s);
                    if HEADER_WORDS.iter().any(|w| header_text.contains(w)) {
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
            Tok::Empty if saw_header && value_lines.contains(&t.line) => cells.push(Cell::Empty),
            _ => {}
        }
    }
    if !saw_header || cells.is_empty() {
        return out;
    }
    out.found = true;
    let location = format!("section 四 (line {first_line})");
    let chosen = match fit_groups(&cells, CELLS, OUTCOMES.len(), &last_is_sum) {
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
            raw: cell.raw().to_string(),
        });
    }
    out
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
    fn prose_is_not_a_table() {
        assert!(
            values("四、政府信息公开行政复议、行政诉讼情况 本年度未发生行政复议 0 件").is_empty()
        );
    }
}
