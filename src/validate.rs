//! Stage 4: the 勾稽关系 identities every report prints, checked on the
//! extracted cells. A broken identity is a diagnostic, never a silent fix:
//! the numbers stay as printed.

use crate::model::{is_detail_row, ApplicationCell, Diagnostic, ReviewCell, APPLICANTS};
use crate::templates::identities;
use crate::templates::section4::{OUTCOMES, PROCEEDINGS};

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
        // A row's cells come together: the last row is nearly always it.
        let r = rows.iter().rposition(|r| *r == c.row).unwrap_or_else(|| {
            rows.push(c.row);
            grid.push([None; APPLICANTS.len()]);
            rows.len() - 1
        });
        if let Some(a) = APPLICANTS.iter().position(|a| *a == c.applicant) {
            grid[r][a].get_or_insert(c.value);
        }
    }
    // By index: (row, applicant), a blank cell read as 0.
    let at = |r: usize, a: usize| grid[r][a].map(|v| v.unwrap_or(0));
    let row_of = |name: &str| rows.iter().position(|r| *r == name);
    let named = |name: &str, a: usize| row_of(name).and_then(|r| at(r, a));
    let details: Vec<usize> = (0..rows.len())
        .filter(|&r| is_detail_row(rows[r]))
        .collect();
    // The last applicant column is the row's 总计.
    let total = APPLICANTS.len() - 1;
    for (a, ap) in APPLICANTS.iter().enumerate() {
        if let (Some(n), Some(b), Some(t), Some(f)) = (
            named("new_received", a),
            named("carried_over", a),
            named("total", a),
            named("carried_forward", a),
        ) {
            if !identities::balance(Some(n), Some(b), Some(t), Some(f)) {
                out.push(broken(
                    format!("{ap}: 一 {n} + 二 {b} ≠ 七 {t} + 四 {f}"),
                    ap,
                ));
            }
        }
        let column = || details.iter().map(|&r| at(r, a));
        if let (Some(t), Some(d)) = (named("total", a), identities::sum(column())) {
            if !details.is_empty() && !identities::sums_to(column(), Some(t)) {
                out.push(broken(
                    format!("{ap}: (七)总计 {t} ≠ sum of (一)–(六) {d}"),
                    ap,
                ));
            }
        }
    }
    for (r, row) in rows.iter().enumerate() {
        let columns = || (0..APPLICANTS.len()).map(|a| at(r, a));
        let parts = identities::sum(columns().take(total));
        if let (Some(sum), Some(parts)) = (at(r, total), parts) {
            if !identities::last_is_sum(columns().collect::<Vec<_>>()) {
                out.push(broken(
                    format!("{row}: 总计 {sum} ≠ sum of the applicant columns {parts}"),
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
    let (total, outcomes) = OUTCOMES.split_last().expect("section 四 has outcomes");
    for p in PROCEEDINGS.iter().map(|p| p.code) {
        let get = |o: &str| lookup(cells, |c| c.proceeding == p && c.outcome == o, |c| c.value);
        let values = || {
            outcomes
                .iter()
                .map(|o| get(o.code))
                .chain([get(total.code)])
        };
        let parts = identities::sum(outcomes.iter().map(|o| get(o.code)));
        if let (Some(sum), Some(parts)) = (get(total.code), parts) {
            if !identities::last_is_sum(values().collect::<Vec<_>>()) {
                out.push(
                    Diagnostic::error(
                        "IDENTITY_BROKEN",
                        format!("{p}: 总计 {sum} ≠ sum of the outcomes {parts}"),
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
            raw: v.to_string().into(),
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
    fn each_identity_of_section_three_names_what_broke() {
        // Two detail rows and the total row, every column printed; a blank
        // cell counts as 0.
        let mut cells = Vec::new();
        for (row, values) in [
            ("granted", [3, 1, 0, 0, 0, 0, 4]),
            ("other", [0, 2, 0, 0, 0, 0, 2]),
            ("total", [3, 3, 0, 0, 0, 0, 6]),
        ] {
            for (ap, v) in APPLICANTS.into_iter().zip(values) {
                cells.push(cell(row, ap, v));
            }
        }
        cells[9].value = None;
        assert!(
            applications(&cells).is_empty(),
            "{:?}",
            applications(&cells)
        );

        // A detail cell off by one breaks its row's sum and its column's.
        cells[1].value = Some(2);
        let messages: Vec<String> = applications(&cells)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        let has = |m: &str| messages.iter().any(|x| x == m);
        assert!(
            has("commercial_enterprise: (七)总计 3 ≠ sum of (一)–(六) 4"),
            "{messages:?}"
        );
        assert!(
            has("granted: 总计 4 ≠ sum of the applicant columns 5"),
            "{messages:?}"
        );

        // A row missing a column is not summed across; a repeated cell
        // counts once, the first read.
        cells[1].value = Some(1);
        cells.push(cell("granted", APPLICANTS[1], 9));
        assert!(applications(&cells).is_empty());
        cells.remove(2);
        cells[0].value = Some(9);
        let messages: Vec<String> = applications(&cells)
            .into_iter()
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            ["natural_person: (七)总计 3 ≠ sum of (一)–(六) 9"]
        );
    }

    #[test]
    fn review_totals() {
        let mk = |o: &'static str, v| ReviewCell {
            proceeding: "reconsideration",
            outcome: o,
            value: Some(v),
            raw: Default::default(),
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
