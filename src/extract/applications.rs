//! Section 三: 收到和处理政府信息公开申请情况 → `applications`.
//!
//! Rows are found by their labels in template order; each row's values are
//! fitted to the seven applicant columns. Rows of glued digits with several
//! readings are settled, when possible, by the table's column identities.

use super::article20::joined;
use super::cells::{arrange, fit, last_is_sum, sums, Arranged, Fit};
use super::rows::{cells_of, export_artifact, find_table, Cell, Row, RowSpec};
use crate::model::{is_detail_row, ApplicationCell, Diagnostic, RawText, Template, APPLICANTS};

use crate::templates::section3::{HEADER_KEYS, ROWS, TABLE};
use crate::templates::{identities, rows_of, In};

/// Every row of either template, in printed order (the data dictionary
/// lists their codes).
pub use crate::templates::section3::ROWS as SPECS;

/// What section 三 yielded.
#[derive(Default)]
pub struct Applications {
    pub cells: Vec<ApplicationCell>,
    pub diagnostics: Vec<Diagnostic>,
    /// Rows of the template found in the text.
    pub found: usize,
    pub expected: usize,
    /// Index (into rows) of the last row of the table, where section 四 begins.
    pub last_row: Option<usize>,
    /// Index (into rows) of the first row of the table.
    pub first_row: Option<usize>,
}

/// A row being read: its code, its readings, and where it stands.
struct Reading {
    code: &'static str,
    line: u32,
    /// One reading, or several to be settled by column identities.
    readings: Vec<Vec<Option<Cell>>>,
    raw: String,
}

/// The rows of section 三's table among `specs`: (row index, spec index).
///
/// The labels of its rows are the template's own long phrases, so that a
/// chain of a few of them in order is evidence enough: the header (申请人
/// 情况 …) is not asked for, since exports replace it (数据1 数据2 …). A
/// shorter chain (a page cut off inside the table) counts when the header
/// stands right before it and each of its rows prints every column, but for
/// the row the text ends in.
fn table(rows: &[Row], specs: &[RowSpec]) -> Vec<(usize, usize)> {
    const ENOUGH: usize = 4;
    let mut chain = find_table(rows, specs, &[]);
    // Section 四's header ends the table: the 总计 it prints last is no
    // row of section 三's.
    let section4 = |r: usize| {
        crate::templates::section4::HEADER_KEYS
            .iter()
            .any(|k| rows[r].own_label().contains(k))
    };
    if let Some(&(end, _)) = chain.iter().find(|&&(r, _)| section4(r)) {
        chain = find_table(&rows[..end], specs, &[]);
    }
    if chain.len() >= ENOUGH {
        return chain;
    }
    // The header is in the first row's label, or in the rows of empty
    // cells right before it (a delimited header row).
    let headed = chain.first().is_some_and(|&(first, _)| {
        let mut j = first;
        loop {
            let own = rows[j].own_label();
            if HEADER_KEYS.iter().any(|h| own.contains(h)) {
                return true;
            }
            if j == 0 || first - j >= 3 || own.len() < rows[j].label.len() {
                return false;
            }
            j -= 1;
            if rows[j].cells.iter().any(|c| matches!(c, Cell::Val(_))) {
                return false;
            }
        }
    });
    let artifact = export_artifact(rows, &chain, |_| APPLICANTS.len());
    // The row the cut ends (the last of the text) prints what it could.
    let printed: Vec<&[Cell]> = chain
        .iter()
        .filter(|&&(r, _)| r + 1 < rows.len())
        .map(|&(r, _)| cells_of(&rows[r], artifact))
        .collect();
    let full = !printed.is_empty()
        && printed.iter().all(|cells| {
            matches!(
                arrange(cells, APPLICANTS.len()),
                Arranged::Fit(Fit::Exact(_))
            )
        });
    if headed && full {
        chain
    } else {
        Vec::new()
    }
}

/// The rows of section 三's table on either template: (row index, index
/// into [`ROWS`]).
pub fn table_any(rows: &[Row]) -> Vec<(usize, usize)> {
    table(rows, ROWS)
}

/// The template section 三's table is printed on, from its (六) rows: one
/// row 其他处理 in 2019, three in 2021. None when no table is found or
/// neither shows.
/// `chain` is [`table_any`]'s.
pub fn template_of(chain: &[(usize, usize)]) -> Option<Template> {
    let printed_in = |t: Template| {
        chain
            .iter()
            .any(|&(_, s)| ROWS[s].printed_in != In::Both && ROWS[s].printed_in.holds(t))
    };
    match (printed_in(Template::Gov2019), printed_in(Template::Gov2021)) {
        (true, false) => Some(Template::Gov2019),
        (false, true) => Some(Template::Gov2021),
        _ => None,
    }
}

/// Read section 三's table, its rows those of `template`.
///
/// `any` is [`table_any`]'s chain: its rows `template` prints are the
/// table's.
pub fn read(rows: &[Row], any: &[(usize, usize)], template: Template) -> Applications {
    let specs = rows_of(ROWS, template);
    let mut out = Applications {
        expected: specs.len(),
        ..Applications::default()
    };
    let chain: Vec<(usize, usize)> = any
        .iter()
        .filter_map(|&(r, s)| {
            let at = specs.iter().position(|spec| spec.code == ROWS[s].code)?;
            Some((r, at))
        })
        .collect();
    let artifact = export_artifact(rows, &chain, |_| APPLICANTS.len());
    if chain.is_empty() {
        return out;
    }
    out.first_row = chain.first().map(|&(r, _)| r);
    out.last_row = chain.last().map(|&(r, _)| r);
    out.found = chain.len();

    // The table prints its blank cells as empty fields somewhere: a row
    // that prints fewer fields than columns lost label cells merged on
    // its left, not blanks (which a layout that drops them drops
    // anywhere, leaving no trace of where).
    let keeps_blanks = chain
        .iter()
        .any(|&(ri, _)| cells_of(&rows[ri], artifact).contains(&Cell::Empty));
    let mut readings = Vec::new();
    for &(ri, si) in &chain {
        let row = &rows[ri];
        let cells = cells_of(row, artifact);
        let code = specs[si].code;
        let location = || format!("{code} (line {})", row.line);
        let raw = joined(cells);
        match fit(cells, 7, &sums) {
            Fit::Exact(c) => readings.push(Reading {
                code,
                line: row.line,
                readings: vec![c.into_iter().map(Some).collect()],
                raw,
            }),
            Fit::RightAligned { cells, missing } => {
                // Only where the table keeps its blanks (then what is
                // missing can be no more than label cells merged on the
                // left), the row's identity confirms the reading, and
                // never in the row the text ends in: there the cells are
                // missing because the text is cut, on the right. The
                // identity holds however the printed cells are placed: it
                // tells that they are the row's, not where they stand. A
                // total of 0 confirms nothing (zeros add up however
                // placed): it is taken only where the row itself prints
                // its blank cells as empty fields.
                let aligned: Vec<Cell> = std::iter::repeat_n(Cell::Empty, missing)
                    .chain(cells.iter().cloned())
                    .collect();
                let zero_total = aligned.last().is_some_and(|c| c.int_or_zero() == Some(0));
                let blanks_kept = cells.contains(&Cell::Empty);
                // (A row of blanks alone prints nothing to place.)
                let printed = cells.iter().any(|c| matches!(c, Cell::Val(_)));
                if !(keeps_blanks && blanks_kept && printed)
                    || !last_is_sum(&aligned)
                    || (zero_total && !blanks_kept)
                    || ri + 1 == rows.len()
                {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "ROW_UNREADABLE",
                            format!("{} of 7 cells printed ({raw}) and no placing is confirmed by the row's total; cells left null", cells.len()),
                        )
                        .in_table(TABLE)
                        .at(location()),
                    );
                    continue;
                }
                out.diagnostics.push(
                    Diagnostic::warning(
                        "ROW_ALIGNED_RIGHT",
                        format!("{} of 7 cells printed; read as the last columns, which the row's total confirms", cells.len()),
                    )
                    .in_table(TABLE)
                    .at(location()),
                );
                let cells = std::iter::repeat_n(None, missing)
                    .chain(cells.into_iter().map(Some))
                    .collect();
                readings.push(Reading {
                    code,
                    line: row.line,
                    readings: vec![cells],
                    raw,
                });
            }
            Fit::Split(r) => {
                let r = r
                    .into_iter()
                    .map(|c| c.into_iter().map(Some).collect())
                    .collect();
                readings.push(Reading {
                    code,
                    line: row.line,
                    readings: r,
                    raw,
                });
            }
            Fit::Unfit(why) => out.diagnostics.push(
                Diagnostic::warning("ROW_UNREADABLE", format!("{why} ({raw}); cells left null"))
                    .in_table(TABLE)
                    .at(location()),
            ),
        }
    }
    settle_with_columns(&mut readings, &mut out.diagnostics);
    out.cells.reserve(readings.len() * APPLICANTS.len());
    for r in readings {
        let location = || format!("{} (line {})", r.code, r.line);
        match r.readings.len() {
            1 => {}
            0 => continue,
            n => {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "GLUED_CELLS_AMBIGUOUS",
                        format!("glued digits {} have {n} readings that satisfy the identities; cells left null", r.raw),
                    )
                    .in_table(TABLE)
                    .at(location()),
                );
                continue;
            }
        }
        let cells = r.readings.into_iter().next().unwrap();
        for (applicant, cell) in APPLICANTS.iter().zip(cells) {
            let Some(cell) = cell else { continue };
            let value = match cell.number() {
                None => None,
                Some(n) => match n.parse::<i64>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        out.diagnostics.push(
                            Diagnostic::warning(
                                "VALUE_NOT_A_COUNT",
                                format!("'{}' is not a whole number; left null", cell.raw()),
                            )
                            .in_table(TABLE)
                            .at(format!("{} {applicant} (line {})", r.code, r.line)),
                        );
                        None
                    }
                },
            };
            out.cells.push(ApplicationCell {
                row: r.code,
                applicant,
                value,
                raw: RawText::from(cell.raw()),
            });
        }
    }
    out
}

/// Rows with several readings are settled by the column identities of the
/// table (一+二 = 七+四, and 七 = the sum of 三's rows) when exactly one
/// combination of readings satisfies them all.
fn settle_with_columns(rows: &mut [Reading], diagnostics: &mut Vec<Diagnostic>) {
    let ambiguous: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].readings.len() > 1)
        .collect();
    if ambiguous.is_empty() {
        return;
    }
    let combos: usize = ambiguous
        .iter()
        .try_fold(1usize, |acc, &i| acc.checked_mul(rows[i].readings.len()))
        .unwrap_or(usize::MAX);
    if combos > 100_000 {
        return;
    }
    let mut choice = vec![0usize; ambiguous.len()];
    let mut fitting: Vec<Vec<usize>> = Vec::new();
    loop {
        let pick = |i: usize| -> &Vec<Option<Cell>> {
            match ambiguous.iter().position(|&a| a == i) {
                Some(k) => &rows[i].readings[choice[k]],
                None => &rows[i].readings[0],
            }
        };
        let resolved: Vec<(&'static str, &Vec<Option<Cell>>)> = (0..rows.len())
            .filter(|&i| !rows[i].readings.is_empty())
            .map(|i| (rows[i].code, pick(i)))
            .collect();
        if columns_hold(&resolved) {
            fitting.push(choice.clone());
            if fitting.len() > 1 {
                break;
            }
        }
        // Next combination.
        let mut k = 0;
        loop {
            if k == choice.len() {
                break;
            }
            choice[k] += 1;
            if choice[k] < rows[ambiguous[k]].readings.len() {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
        if k == choice.len() {
            break;
        }
    }
    if fitting.len() == 1 {
        for (k, &i) in ambiguous.iter().enumerate() {
            let chosen = rows[i].readings.swap_remove(fitting[0][k]);
            rows[i].readings = vec![chosen];
            diagnostics.push(
                Diagnostic::info(
                    "GLUED_CELLS_RESOLVED",
                    format!(
                        "glued digits {} have one reading satisfying the row and column identities",
                        rows[i].raw
                    ),
                )
                .in_table(TABLE)
                .at(format!("{} (line {})", rows[i].code, rows[i].line)),
            );
        }
    }
}

/// Do the column identities hold? Every identity needs all its rows present.
fn columns_hold(rows: &[(&'static str, &Vec<Option<Cell>>)]) -> bool {
    let get = |code: &str| {
        rows.iter()
            .find(|(c, _)| *c == code)
            .map(|(_, cells)| *cells)
    };
    let val = |cells: &Vec<Option<Cell>>, col: usize| -> Option<i64> {
        cells.get(col)?.as_ref().map_or(Some(0), Cell::int_or_zero)
    };
    let mut checked = false;
    for col in 0..APPLICANTS.len() {
        if let (Some(a), Some(b), Some(t), Some(f)) = (
            get("new_received"),
            get("carried_over"),
            get("total"),
            get("carried_forward"),
        ) {
            let (a, b, t, f) = (val(a, col), val(b, col), val(t, col), val(f, col));
            if a.is_some() && b.is_some() && t.is_some() && f.is_some() {
                checked = true;
                if !identities::balance(a, b, t, f) {
                    return false;
                }
            }
        }
        if let Some(t) = get("total") {
            let details = || {
                rows.iter()
                    .filter(|(c, _)| is_detail_row(c))
                    .map(|(_, cells)| val(cells, col))
            };
            if let (Some(t), Some(_)) = (val(t, col), identities::sum(details())) {
                checked = true;
                if !identities::sums_to(details(), Some(t)) {
                    return false;
                }
            }
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::tokenize;
    use crate::extract::rows::rows;

    fn grid(a: &Applications, row: &str) -> Vec<Option<i64>> {
        APPLICANTS
            .iter()
            .map(|ap| {
                a.cells
                    .iter()
                    .find(|c| c.row == row && c.applicant == *ap)
                    .and_then(|c| c.value)
            })
            .collect()
    }

    #[test]
    fn glued_rows_are_settled_by_row_and_column_identities() {
        // Two rows have two row-consistent readings each; only one pair of
        // readings makes the columns add up.
        let text =
            "申请人情况自然人一、本年新收政府信息公开申请数量550020461二、上年结转政府信息公开申请数量0000000\
            (一)予以公开270020130(二)部分公开5000005(三)不予公开1.属于国家秘密0000000\
            (四)无法提供1.本机关不掌握相关政府信息2200003252.没有现成信息需要另行制作0000000\
            (七)总计540020460四、结转下年度继续办理1000001";
        let r = rows(&tokenize(text));
        let a = read(&r, &table_any(&r), Template::Gov2021);
        assert_eq!(grid(&a, "granted"), [27, 0, 0, 2, 0, 1, 30].map(Some));
        assert_eq!(
            grid(&a, "unavailable_not_held"),
            [22, 0, 0, 0, 0, 3, 25].map(Some)
        );
        assert_eq!(grid(&a, "new_received"), [55, 0, 0, 2, 0, 4, 61].map(Some));
        assert!(a
            .diagnostics
            .iter()
            .any(|d| d.code == "GLUED_CELLS_RESOLVED"));
    }

    #[test]
    fn section4s_header_is_no_row_of_the_table() {
        // The (七) row is not read, and 四、结转 not found: the 总计 that
        // ends section 四's header, before its values, is no (七) row.
        let text = "申请人情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n\
            二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n\
            (一)予以公开\t1\t0\t0\t0\t0\t0\t1\n(二)部分公开\t0\t0\t0\t0\t0\t0\t0\n\
            (七)总计\t\u{FFFD}\t\u{FFFD}\n\
            四、政府信息公开行政复议、行政诉讼情况\n\
            结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n\
            0\t0\t5\t0\t8\t1\t14\n五、存在的主要问题\t3\n";
        let r = rows(&tokenize(text));
        let a = read(&r, &table_any(&r), Template::Gov2021);
        assert_eq!(grid(&a, "granted"), [1, 0, 0, 0, 0, 0, 1].map(Some));
        assert!(a
            .cells
            .iter()
            .all(|c| c.row != "total" || c.value.is_none()));
    }

    #[test]
    fn gov2021_other_rows_are_told_apart() {
        let text = "申请人情况\n本年新收 1 0 0 0 0 0 1\n上年结转 0 0 0 0 0 0 0\n(一)予以公开 1 0 0 0 0 0 1\n\
            (六)其他处理\n1.申请人无正当理由逾期不补正 0 0 0 0 0 0 0\n\
            2.申请人逾期未按收费通知要求缴纳费用 0 0 0 0 0 0 0\n3.其他 0 0 0 0 0 0 0\n(七)总计 1 0 0 0 0 0 1\n";
        let r = rows(&tokenize(text));
        let a = read(&r, &table_any(&r), Template::Gov2021);
        assert_eq!(a.found, 7);
        assert_eq!(grid(&a, "other_misc"), [0; 7].map(Some));
        assert!(a.cells.iter().all(|c| c.row != "other"));
    }

    #[test]
    fn short_rows_are_placed_only_where_the_total_confirms_it() {
        // Every row ends with an export tab; the second row lost a cell.
        let text = "申请人情况\n一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t0\t\n\
            二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\t\n\
            三、本年度办理结果\t(一)予以公开\t\t\t\t\t2\t2\t\n\
            (二)部分公开\t258\t12\t\t\t1\t1\t\n\
            (三)不予公开\t1.属于国家秘密\t\t\t\t\t\t0\t\n\
            2.其他法律行政法规禁止公开\t0\t\n\
            (七)总计\t\t\t\t\t\t\t2\t\n";
        let r = rows(&tokenize(text));
        let a = read(&r, &table_any(&r), Template::Gov2019);
        // (一) read right-aligned: its total 2 confirms the placing.
        assert_eq!(
            grid(&a, "granted"),
            [None, None, None, None, None, Some(2), Some(2)]
        );
        // A lone 0 after blank fields: only label cells are missing, the
        // 0 is the total.
        assert_eq!(grid(&a, "denied_state_secret")[6], Some(0));
        // A lone 0 with its row's blanks dropped could be in any column:
        // zeros add up however placed, so the total confirms nothing.
        assert!(a.cells.iter().all(|c| c.row != "denied_prohibited_by_law"));
        // (二) right-aligned would make 1 the total of 258+12+1: refused.
        assert!(a.cells.iter().all(|c| c.row != "partially_granted"));
        assert!(a.diagnostics.iter().any(|d| d.code == "ROW_UNREADABLE"));
    }

    #[test]
    fn a_short_row_that_drops_its_blanks_is_not_placed() {
        // The numbers of a row with its blanks dropped (a PDF's text cut
        // at gaps): 10 and 1 add up to 11 however they are placed, so the
        // total confirms the cells are the row's, not their columns.
        let text = "申请人情况
一、本年新收政府信息公开申请数量	10	1	11
            二、上年结转政府信息公开申请数量	1	1
            三、本年度办理结果	(一)予以公开	6	1	7
            (七)总计	10	0	0	1	0	1	12
";
        let r = rows(&tokenize(text));
        let a = read(&r, &table_any(&r), Template::Gov2019);
        for row in ["new_received", "carried_over", "granted"] {
            assert!(a.cells.iter().all(|c| c.row != row), "{row} placed");
        }
        assert_eq!(grid(&a, "total"), [10, 0, 0, 1, 0, 1, 12].map(Some));
        // The same rows where another row keeps its blanks as empty fields
        // and the short row does too: only merged label cells are missing.
        let kept = text.replace("\t6\t1\t7", "\t6\t\t\t1\t\t7");
        let r = rows(&tokenize(&kept));
        let a = read(&r, &table_any(&r), Template::Gov2019);
        assert_eq!(
            grid(&a, "granted"),
            [None, Some(6), None, None, Some(1), None, Some(7)]
        );
        assert!(a.cells.iter().all(|c| c.row != "new_received"));
        // A short row of blank fields alone (a label's last line, its
        // row's numbers elsewhere) has no cell to place.
        let blank = kept.replace("\t1\t1\n", "\t\n");
        let r = rows(&tokenize(&blank));
        let a = read(&r, &table_any(&r), Template::Gov2019);
        assert!(
            a.cells.iter().all(|c| c.row != "carried_over"),
            "{:?}",
            a.cells
        );
    }
}
