//! The numbers a page's reading cannot be sure of, written as U+FFFD
//! (left null downstream with a diagnostic, never read as another cell's):
//! rows whose labels wrap where nothing tells which line their numbers
//! stand on, digits wrapped under numbers, rows beside text that is no
//! row's label, ruled cells whose digits stand on two lines. Each guard
//! reads what `page` built and marks; none moves a value.

use super::labels::folded;
use super::page::is_number;
use super::unruled::{self, PieceLine};

/// The longest line, in characters, taken for a piece of a label wrapped
/// inside a narrow cell.
const WRAPPED_PIECE_CHARS: usize = 8;

/// The guard for the lines `unruled` does not rebuild. Rows read by gaps
/// on a page without rulings, where a cell's text wraps over several
/// lines: a short line with no gap cells between two rows of numbers is
/// a piece of a wrapped label, and with no rulings nothing tells whether
/// the numbers sit on the first line of their row, on its middle line or
/// its last. Then every number of the page's gap rows is
/// written as U+FFFD (their rows are left null downstream, never given
/// another row's numbers); returns how many were.
pub(super) fn unsure_unruled_rows(lines: &mut [(f32, f32, String)]) -> usize {
    let numbers = |t: &str| t.contains('\t') && t.split('\t').any(is_number);
    let rows: Vec<usize> = (0..lines.len()).filter(|&i| numbers(&lines[i].2)).collect();
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return 0;
    };
    let short = |t: &str| !t.contains('\t') && t.trim().chars().count() <= WRAPPED_PIECE_CHARS;
    let wrapped = (first + 1..last).any(|i| {
        // Under a header (上一年项目数 over 量, the lines between them
        // short too), a short line ends one of its labels: no row's
        // numbers can be taken for another's across it.
        let above = (first..i).rev().find(|&j| !short(&lines[j].2));
        short(&lines[i].2)
            && !above.is_some_and(|j| {
                let t = &lines[j].2;
                !numbers(t) && crate::templates::printed::names_header(&folded(t))
            })
    });
    if !wrapped {
        return 0;
    }
    rows.iter()
        .map(|&i| unsure_numbers_of(&mut lines[i].2))
        .sum()
}

/// Lines of the page, by index, whose numbers may not be whole: a line of
/// digits alone close under a line of two numbers or more, each of its
/// pieces under one of them, holds the last digits of numbers too wide
/// for their cells (`13` over `7`: 137), or is a row of its own; lines
/// the page's tables were not rebuilt from do not tell which. Both lines
/// are marked: their numbers are written as U+FFFD (left null
/// downstream, never read as `13` and a `7` of another cell).
pub(super) fn wrapped_tails(lines: &[PieceLine]) -> Vec<bool> {
    let mut cut = vec![false; lines.len()];
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    for i in 1..lines.len() {
        let (upper, lower) = (&lines[i - 1], &lines[i]);
        let numbers: Vec<_> = upper.pieces.iter().filter(|p| is_number(&p.text)).collect();
        let height = lower.y1 - lower.y0;
        let tails = !lower.pieces.is_empty()
            && lower.pieces.iter().all(|p| digits(&folded(&p.text)))
            && lower.pieces.iter().all(|p| {
                numbers
                    .iter()
                    .any(|q| unruled::overlap(p.x0, p.x1, q.x0, q.x1))
            });
        if numbers.len() >= 2 && tails && lower.y0 - upper.y1 <= 0.5 * height {
            cut[i - 1] = true;
            cut[i] = true;
        }
    }
    cut
}

/// Every field of `fields` holding a number written as U+FFFD; returns
/// how many were.
pub(super) fn unsure_numbers<'a>(fields: impl Iterator<Item = &'a mut String>) -> usize {
    let mut n = 0;
    for f in fields.filter(|f| is_number(f)) {
        *f = unruled::UNSURE.to_string();
        n += 1;
    }
    n
}

/// The numbers of a line's fields (its text cut at tabs) written as
/// U+FFFD; returns how many.
pub(super) fn unsure_numbers_of(text: &mut String) -> usize {
    let mut fields: Vec<String> = text.split('\t').map(str::to_string).collect();
    let n = unsure_numbers(fields.iter_mut());
    *text = fields.join("\t");
    n
}

/// The numbers of `text`, a line left as a line, written as U+FFFD when
/// it reads as a row: cells cut at tabs, or, without tabs, words apart at
/// white space of which two or more are numbers (`一、本年新收政府信息 8 0
/// 0 1 1 0 1`, a row whose cells stood too close for gaps); returns how
/// many. A heading, a date or a sentence is left as it is.
pub(super) fn unsure_numbers_of_row_line(text: &mut String) -> usize {
    if text.contains('\t') {
        return unsure_numbers_of(text);
    }
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.iter().filter(|w| is_number(w)).count() < 2 {
        return 0;
    }
    let n = unsure_numbers(words.iter_mut());
    *text = words.join(" ");
    n
}

/// The guard for the rows `unruled` rebuilds into section 三's table (two
/// of them name its rows): a row that prints numbers beside nothing but
/// the text of a cell spanning rows (`三、 本` of `三、本年度办理结果`,
/// beside digits wrapped from the row under it), or, under a row with
/// numbers (sure or not), beside text that neither names a row nor
/// begins one (the last line of a label wrapped in its cell,
/// `只计这一情形，不计其他情形）` beside the last digits of 130 and 160
/// wrapped from the row above; a table's first row may be labelled so
/// where its label began on a line left above the table), is no row of
/// the table, and its numbers are some other row's: which one cannot be
/// told. Its numbers and those of the rows they may be (beside it; above
/// it only, beside a label's last line: the row under it begins lower)
/// are written as U+FFFD (left null downstream, never read without the
/// digits that stand apart from them).
pub(super) fn stray_numbers(rows: &mut [Vec<String>]) {
    let labels = |r: &[String]| -> Vec<String> {
        r.iter()
            .filter(|f| !is_number(f) && f.as_str() != unruled::UNSURE)
            .map(|f| folded(f))
            .filter(|f| !f.is_empty())
            .collect()
    };
    let named = rows
        .iter()
        .filter(|r| {
            let label: String = labels(r).concat();
            crate::templates::printed::names_applications_row(&label)
        })
        .count();
    if named < 2 {
        return;
    }
    let groups: Vec<String> = crate::templates::printed::GROUP_LABELS
        .iter()
        .map(|g| folded(g))
        .collect();
    // Each stray row with the last row its numbers may be (the row under
    // it, for a group's text only: a row's label begins where its numbers
    // stand or above them).
    let stray: Vec<(usize, usize)> = (0..rows.len())
        .filter_map(|i| {
            let own = labels(&rows[i]);
            let group_text = || {
                own.iter()
                    .all(|t| groups.iter().any(|g| g.contains(t.as_str())))
            };
            let goes_on = || {
                i > 0
                    && rows[i - 1]
                        .iter()
                        .any(|f| is_number(f) || f.as_str() == unruled::UNSURE)
                    && super::labels::goes_on_a_label(&own)
            };
            if !rows[i].iter().any(|f| is_number(f)) || own.is_empty() {
                return None;
            }
            if group_text() {
                Some((i, i + 1))
            } else {
                goes_on().then_some((i, i))
            }
        })
        .collect();
    let n = rows.len();
    for (i, last) in stray {
        for row in &mut rows[i.saturating_sub(1)..(last + 1).min(n)] {
            unsure_numbers(row.iter_mut());
        }
    }
}

/// What marks a ruled cell whose digits are unsure until its row is read
/// (see `settle_wrapped_cells`): a control character, which no text of a
/// page holds.
pub(super) const WRAPPED: char = '\u{1}';

/// The cells of ruled `rows` whose digits stand on two lines not shown to
/// be one number (see `lines::cell_text`; written `WRAPPED`, then the
/// digits joined): each row's are read as their digits joined where its identity
/// then holds (a row of section 三 named by its label: its sum; section
/// 四's row of values without a label: each group's total; blank cells
/// count as 0), else written U+FFFD. Returns how many were left unsure.
pub(super) fn settle_wrapped_cells(rows: &mut [Vec<String>]) -> usize {
    use super::stacked::{amount, holds, Identity};
    let wrapped = |f: &str| -> Option<u64> { amount(f.strip_prefix(WRAPPED)?) };
    let mut unsure = 0;
    for row in rows.iter_mut() {
        if !row.iter().any(|f| f.starts_with(WRAPPED)) {
            continue;
        }
        let value = |f: &String| -> Option<u64> {
            if f.trim().is_empty() {
                Some(0)
            } else {
                amount(f).or_else(|| wrapped(f))
            }
        };
        let first = row
            .iter()
            .position(|f| !f.trim().is_empty() && value(f).is_some())
            .unwrap_or(row.len());
        let label: String = row[..first].iter().map(|f| folded(f)).collect();
        let (identity, cells) = if crate::templates::printed::names_applications_row(&label) {
            (Some(Identity::RowSum), &row[first..])
        } else if label.is_empty() {
            // Section 四's row, its blank cells 0: a blank field more at
            // either end is a hole in the rulings.
            let mut cells = &row[..];
            let cut = crate::templates::section4::CELLS;
            while cells.len() > cut && cells.last().is_some_and(|f| f.trim().is_empty()) {
                cells = &cells[..cells.len() - 1];
            }
            while cells.len() > cut && cells.first().is_some_and(|f| f.trim().is_empty()) {
                cells = &cells[1..];
            }
            ((cells.len() == cut).then_some(Identity::Groups), cells)
        } else {
            (None, &row[first..])
        };
        let values: Option<Vec<u64>> = cells.iter().map(value).collect();
        let holds = match (identity, &values) {
            (Some(identity), Some(values)) => holds(identity, values),
            _ => false,
        };
        for f in row.iter_mut() {
            if let Some(digits) = f.strip_prefix(WRAPPED).map(str::to_string) {
                if holds && !digits.is_empty() {
                    *f = digits;
                } else {
                    *f = unruled::UNSURE.to_string();
                    unsure += 1;
                }
            }
        }
    }
    unsure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_cells_are_joined_where_the_row_holds_else_unsure() {
        let row = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        let w = |digits: &str| format!("{WRAPPED}{digits}");
        // 5 + 7 is 12: joined. 5 + 8 is not: unsure. A cell with more
        // than digits on its lines, or a row with no identity: unsure.
        let mut rows = vec![
            row(&["二、上年结转", "5", "7", &w("12")]),
            row(&["二、上年结转", "5", "8", &w("12")]),
            row(&["二、上年结转", "5", "7", &w("")]),
            row(&["行政许可", "5", &w("12")]),
        ];
        assert_eq!(settle_wrapped_cells(&mut rows), 3);
        assert_eq!(rows[0], row(&["二、上年结转", "5", "7", "12"]));
        for r in &rows[1..] {
            assert_eq!(r.last().map(String::as_str), Some(unruled::UNSURE), "{r:?}");
            assert!(!r.iter().any(|f| f.contains(WRAPPED)), "{r:?}");
        }
        // Section 四's row: 8 + 13 is 21 in its second group, the blank
        // cells 0, a hole in the rulings after the last value.
        let mut four = vec![String::new(); 16];
        four[5] = "8".into();
        four[6] = w("13");
        four[9] = w("21");
        let mut rows = vec![four];
        assert_eq!(settle_wrapped_cells(&mut rows), 0);
        assert_eq!((rows[0][6].as_str(), rows[0][9].as_str()), ("13", "21"));
    }

    #[test]
    fn digits_under_numbers_mark_both_lines() {
        use super::unruled::tests::line;
        // Section 四's row, 137 and 197 wrapped in their cells: `13` and
        // `19` on the row's line, their `7`s under them.
        let row = line(
            0.0,
            &[(0.0, "80"), (40.0, "57"), (80.0, "13"), (120.0, "12")],
        );
        let tails =
            |pieces: &[(f32, &str)], top: f32| wrapped_tails(&[row.clone(), line(top, pieces)]);
        assert_eq!(tails(&[(82.0, "7")], 12.0), [true, true]);
        assert_eq!(tails(&[(82.0, "7"), (0.0, "5")], 12.0), [true, true]);
        // Under no number, beside a label, or a row's spacing away: no
        // digits of the numbers above.
        assert_eq!(tails(&[(160.0, "7")], 12.0), [false, false]);
        assert_eq!(tails(&[(-60.0, "合计"), (82.0, "7")], 12.0), [false, false]);
        assert_eq!(tails(&[(82.0, "7")], 24.0), [false, false]);
        let mut text = "80\t57\t13 12\t合计".to_string();
        assert_eq!(unsure_numbers_of(&mut text), 3);
        assert_eq!(text, "\u{FFFD}\t\u{FFFD}\t\u{FFFD}\t合计");
    }

    #[test]
    fn a_row_told_in_words_apart_has_its_numbers_made_unsure_a_sentence_not() {
        let mut text = "一、本年新收政府信息 8 0 0 1 1 0 1".to_string();
        assert_eq!(unsure_numbers_of_row_line(&mut text), 7);
        assert_eq!(
            text,
            format!("一、本年新收政府信息{}", " \u{FFFD}".repeat(7))
        );
        let mut text = "规章\t1\t2\t3".to_string();
        assert_eq!(unsure_numbers_of_row_line(&mut text), 3);
        for kept in [
            "五、存在的主要问题及改进情况",
            "2022年1月1日",
            "附件 1",
            "共 3 页",
        ] {
            let mut text = kept.to_string();
            assert_eq!(unsure_numbers_of_row_line(&mut text), 0, "{kept}");
            assert_eq!(text, kept);
        }
    }

    #[test]
    fn numbers_beside_a_cell_spanning_rows_make_their_neighbours_unsure() {
        let table = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|f| f.to_string()).collect())
                .collect()
        };
        // `4` over 43 and 49 beside `三、 本` of 三、本年度办理结果: the row
        // under them reads 3 … 9 (its sum holding) unless its digits are
        // made unsure, with those of the row above.
        let mut rows = table(&[
            &[
                "二、上年结转政府信息公开申请数量",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
            &["三、 本", "4", "", "", "", "", "", "4"],
            &["年 度", "（一）予以公开", "3", "4", "0", "0", "1", "1", "9"],
            &["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ]);
        stray_numbers(&mut rows);
        let unsure = |r: &[String]| r.iter().filter(|f| *f == unruled::UNSURE).count();
        assert_eq!(
            rows.iter().map(|r| unsure(r)).collect::<Vec<_>>(),
            [7, 2, 7, 0]
        );
        assert_eq!(rows[3][1], "0");
        // Rows whose labels are their own (`3.其他`, a row's text cut
        // short) keep their numbers; so does a table that is not section
        // 三's.
        let mut rows = table(&[
            &["1.信访举报投诉类申请", "0", "0", "0", "0", "0", "0", "0"],
            &["2.申请人逾期", "0", "0", "0", "0", "0", "0", "0"],
            &["3.其他", "1", "0", "0", "0", "0", "0", "1"],
            &["（七）总计", "5", "0", "0", "0", "0", "0", "5"],
        ]);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
        let mut rows = table(&[&["规章", "1", "2", "3"], &["结果", "4", "5", "6"]]);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
    }

    #[test]
    fn numbers_beside_the_last_line_of_a_label_make_the_row_above_unsure() {
        let row = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        // 130 and 160 wrapped in their cells: their 0s stand beside the
        // last line of （二）'s label, which names no row and begins none.
        // They and the numbers of the row above are unsure; the row under
        // them, whose label begins lower, keeps its own.
        let table = |rest: &str| {
            vec![
                row(&["（一）予以公开", "394", "68", "5", "4", "17", "13", "501"]),
                row(&[
                    "（二）部分公开（区分处理的，",
                    "13",
                    "18",
                    "1",
                    "2",
                    "5",
                    "4",
                    "16",
                ]),
                row(&[rest, "0", "", "", "", "", "", "0"]),
                row(&["1.属于国家秘密", "9", "2", "0", "1", "0", "0", "12"]),
                row(&["（七）总计", "5", "0", "0", "0", "0", "0", "5"]),
            ]
        };
        let unsure = |rows: &[Vec<String>]| {
            rows.iter()
                .map(|r| r.iter().filter(|f| *f == unruled::UNSURE).count())
                .collect::<Vec<_>>()
        };
        let mut rows = table("只计这一情形，不计其他情形）");
        stray_numbers(&mut rows);
        assert_eq!(unsure(&rows), [0, 7, 2, 0, 0]);
        // The first row of a table, its label's first line left as a line
        // above it: the numbers are its own.
        let mut rows = table("只计这一情形，不计其他情形）");
        rows.drain(..2);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
        // Under a row whose numbers are unsure already, as under one
        // with numbers.
        let mut rows = table("只计这一情形，不计其他情形）");
        unsure_numbers(rows[1].iter_mut());
        stray_numbers(&mut rows);
        assert_eq!(unsure(&rows), [0, 7, 2, 0, 0]);
        // Beside a row's own label (numbering, a row's words), the
        // numbers are that row's.
        for own in [
            "2.其他法律行政法规禁止公开",
            "4.保护第三方合法权益",
            "行政许可",
        ] {
            let mut rows = table(own);
            stray_numbers(&mut rows);
            assert_eq!(unsure(&rows), [0, 0, 0, 0, 0], "{own}");
        }
    }

    #[test]
    fn wrapped_labels_without_rulings_make_the_numbers_unsure() {
        let lines = |ts: &[&str]| -> Vec<(f32, f32, String)> {
            ts.iter()
                .enumerate()
                .map(|(i, t)| (i as f32 * 15.0, i as f32 * 15.0 + 11.0, t.to_string()))
                .collect()
        };
        let mut wrapped = lines(&[
            "一、本\t31\t4\t38",
            "年新收",
            "申请数",
            "二、上\t1\t0\t1",
            "年结转",
        ]);
        assert_eq!(unsure_unruled_rows(&mut wrapped), 6);
        assert_eq!(wrapped[0].2, "一、本\t\u{FFFD}\t\u{FFFD}\t\u{FFFD}");
        assert_eq!(wrapped[1].2, "年新收");
        // One label per line, or prose between the rows: as read.
        let whole = ["一、本年新收\t31\t4\t38", "二、上年结转\t1\t0\t1"];
        let mut plain = lines(&whole);
        assert_eq!(unsure_unruled_rows(&mut plain), 0);
        assert_eq!(plain, lines(&whole));
        let prose = [
            "一、本年新收\t31\t4\t38",
            "本年度共收到申请三十八件，均已按期答复。",
            "二、上年结转\t1\t0\t1",
        ];
        let mut with_prose = lines(&prose);
        assert_eq!(unsure_unruled_rows(&mut with_prose), 0);
        // A header's label wrapped (上一年项目数 over 量) between two
        // tables: its short line is no row's, and the rows are read.
        let headed = [
            "规章\t0\t0\t15",
            "第二十条第（五）项",
            "信息内容\t上一年项目数\t本年增/减\t处理决定数量",
            "量",
            "行政许可\t146\t3\t62",
        ];
        let mut under_header = lines(&headed);
        assert_eq!(unsure_unruled_rows(&mut under_header), 0);
        assert_eq!(under_header, lines(&headed));
        // Under a line of row labels with no numbers, it may be one's.
        let mut under_labels = lines(&[
            "规章\t0\t0\t15",
            "规范性\t文件",
            "量",
            "行政许可\t146\t3\t62",
        ]);
        assert_eq!(unsure_unruled_rows(&mut under_labels), 6);
    }
}
