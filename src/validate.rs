//! Stage 4: the 勾稽关系 identities every report prints, checked on the
//! extracted cells. A broken identity is a diagnostic, never a silent fix:
//! the numbers stay as printed.

use crate::model::{is_detail_row, ApplicationCell, Diagnostic, ReviewCell, APPLICANTS};

/// Value of a printed cell for an identity: blank counts as zero; a cell
/// not printed (or unreadable) makes the identity uncheckable.
fn lookup<'a, T>(
    cells: &'a [T],
    key: impl Fn(&T) -> bool,
    value: impl Fn(&T) -> Option<i64>,
) -> Option<i64>
where
    T: 'a,
{
    cells.iter().find(|c| key(c)).map(|c| value(c).unwrap_or(0))
}

/// Check section 三: 一+二 = 七+四 per column, 七 = sum of (一)–(六) per
/// column, and the 总计 column = the sum of the others per row.
pub fn applications(cells: &[ApplicationCell]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The first cell of each (row, applicant), as `lookup` would find it,
    // in a grid: a row's identities look up over a hundred cells.
    let mut rows: Vec<&str> = Vec::new();
    let mut grid: Vec<[Option<Option<i64>>; APPLICANTS.len()]> = Vec::new();
    for c in cells {
        let r = rows.iter().position(|r| *r == c.row).unwrap_or_else(|| {
            rows.push(c.row);
            grid.push([None; APPLICANTS.len()]);
            rows.len() - 1
        });
        if let Some(a) = APPLICANTS.iter().position(|a| *a == c.applicant) {
            grid[r][a].get_or_insert(c.value);
        }
    }
    let get = |row: &str, ap: &str| {
        let r = rows.iter().position(|r| *r == row)?;
        let a = APPLICANTS.iter().position(|a| *a == ap)?;
        grid[r][a].map(|v| v.unwrap_or(0))
    };
    for ap in APPLICANTS {
        if let (Some(a), Some(b), Some(t), Some(f)) = (
            get("new_received", ap),
            get("carried_over", ap),
            get("total", ap),
            get("carried_forward", ap),
        ) {
            if a + b != t + f {
                out.push(broken(
                    format!("{ap}: 一 {a} + 二 {b} ≠ 七 {t} + 四 {f}"),
                    ap,
                ));
            }
        }
        let details: Option<i64> = rows
            .iter()
            .filter(|r| is_detail_row(r))
            .map(|r| get(r, ap))
            .sum();
        let n_details = rows.iter().filter(|r| is_detail_row(r)).count();
        if let (Some(t), Some(d)) = (get("total", ap), details) {
            if n_details > 0 && t != d {
                out.push(broken(
                    format!("{ap}: (七)总计 {t} ≠ sum of (一)–(六) {d}"),
                    ap,
                ));
            }
        }
    }
    for row in &rows {
        let parts: Option<i64> = APPLICANTS[..6].iter().map(|ap| get(row, ap)).sum();
        if let (Some(total), Some(parts)) = (get(row, "total"), parts) {
            if total != parts {
                out.push(broken(
                    format!("{row}: 总计 {total} ≠ sum of the applicant columns {parts}"),
                    row,
                ));
            }
        }
    }
    out
}

/// Check section 四: each proceeding's 总计 is the sum of its four outcomes.
pub fn reviews(cells: &[ReviewCell]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in [
        "reconsideration",
        "litigation_direct",
        "litigation_after_reconsideration",
    ] {
        let get = |o: &str| lookup(cells, |c| c.proceeding == p && c.outcome == o, |c| c.value);
        let parts: Option<i64> = ["upheld", "corrected", "other", "pending"]
            .iter()
            .map(|o| get(o))
            .sum();
        if let (Some(total), Some(parts)) = (get("total"), parts) {
            if total != parts {
                out.push(
                    Diagnostic::error(
                        "IDENTITY_BROKEN",
                        format!("{p}: 总计 {total} ≠ sum of the outcomes {parts}"),
                    )
                    .in_table("reviews")
                    .at(p),
                );
            }
        }
    }
    out
}

fn broken(message: String, location: &str) -> Diagnostic {
    Diagnostic::error("IDENTITY_BROKEN", message)
        .in_table("applications")
        .at(location)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: &'static str, applicant: &'static str, v: i64) -> ApplicationCell {
        ApplicationCell {
            row,
            applicant,
            value: Some(v),
            raw: v.to_string(),
        }
    }

    #[test]
    fn a_broken_balance_is_reported_and_a_kept_one_is_not() {
        let mut cells = Vec::new();
        for (row, v) in [
            ("new_received", 5),
            ("carried_over", 1),
            ("granted", 4),
            ("total", 4),
            ("carried_forward", 2),
        ] {
            cells.push(cell(row, "total", v));
        }
        assert!(applications(&cells).is_empty());
        cells[4] = cell("carried_forward", "total", 3);
        let d = applications(&cells);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "IDENTITY_BROKEN");
    }

    #[test]
    fn review_totals() {
        let mk = |o: &'static str, v| ReviewCell {
            proceeding: "reconsideration",
            outcome: o,
            value: Some(v),
            raw: String::new(),
        };
        let cells = vec![
            mk("upheld", 1),
            mk("corrected", 0),
            mk("other", 2),
            mk("pending", 0),
            mk("total", 4),
        ];
        assert_eq!(reviews(&cells).len(), 1);
    }
}
