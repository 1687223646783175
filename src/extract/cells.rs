//! Fitting a row's printed values to the template's columns.
//!
//! Most rows print exactly one value per column. The rest are the hard cases
//! of the wild: blank cells lost with merged label columns, and digits of
//! neighbouring cells glued together (`3960181` for three cells). A glued run
//! is split only where the row's identity leaves exactly one reading; every
//! reading is enumerated, so "exactly one" is a fact, not a guess.

use super::layout::Val;
use super::rows::Cell;

/// How the values of a row fit its columns.
#[derive(Clone, Debug, PartialEq)]
pub enum Fit {
    /// One value per column as printed.
    Exact(Vec<Cell>),
    /// A delimited row with fewer fields than columns: the fields were read
    /// right-aligned (merged label columns collapse on the left); the first
    /// `missing` columns are not printed.
    RightAligned { cells: Vec<Cell>, missing: usize },
    /// Glued digits split: every reading that satisfies the row's identity.
    Split(Vec<Vec<Cell>>),
    /// No reading: why.
    Unfit(String),
}

/// The most readings enumerated before giving up on a row.
const MAX_READINGS: usize = 200_000;

/// Fit `cells` to `n` columns. `accept` is the row's identity, used only to
/// choose among the readings of glued digits.
pub fn fit(cells: &[Cell], n: usize, accept: &dyn Fn(&[Cell]) -> bool) -> Fit {
    let mut cells: Vec<Cell> = cells.to_vec();
    while cells.len() > n && cells.last() == Some(&Cell::Empty) {
        cells.pop();
    }
    while cells.len() > n && cells.first() == Some(&Cell::Empty) {
        cells.remove(0);
    }
    if cells.len() == n {
        return Fit::Exact(cells);
    }
    if cells.len() > n {
        return Fit::Unfit(format!("{} values printed for {} columns", cells.len(), n));
    }
    let splittable = cells
        .iter()
        .any(|c| matches!(c, Cell::Val(v) if v.splittable()));
    if !splittable {
        let delimited = cells.iter().all(|c| match c {
            Cell::Val(v) => v.delimited,
            Cell::Empty => true,
        });
        if delimited && !cells.is_empty() {
            return Fit::RightAligned {
                missing: n - cells.len(),
                cells,
            };
        }
        return Fit::Unfit(format!("{} values printed for {} columns", cells.len(), n));
    }
    let mut readings = Vec::new();
    let mut current = Vec::with_capacity(n);
    let mut budget = MAX_READINGS;
    if !split(&cells, n, accept, &mut current, &mut readings, &mut budget) {
        return Fit::Unfit(format!(
            "glued digits have more than {MAX_READINGS} readings"
        ));
    }
    if readings.is_empty() {
        return Fit::Unfit(
            "no way to split the glued digits satisfies the row's identity".to_string(),
        );
    }
    Fit::Split(readings)
}

/// Depth-first over the tokens; returns false when the budget ran out.
fn split(
    rest: &[Cell],
    n: usize,
    accept: &dyn Fn(&[Cell]) -> bool,
    current: &mut Vec<Cell>,
    readings: &mut Vec<Vec<Cell>>,
    budget: &mut usize,
) -> bool {
    if *budget == 0 {
        return false;
    }
    let Some((first, rest)) = rest.split_first() else {
        if current.len() == n {
            *budget -= 1;
            if accept(current) {
                readings.push(current.clone());
            }
        }
        return true;
    };
    let room = n.saturating_sub(current.len() + rest.len());
    match first {
        Cell::Val(v) if v.splittable() => {
            let digits = v.number.as_deref().unwrap_or_default();
            for parts in 1..=room.min(digits.len()) {
                let mut ok = true;
                for_each_split(digits, parts, &mut |pieces| {
                    if !ok {
                        return;
                    }
                    let before = current.len();
                    current.extend(pieces.iter().map(|p| piece(p, v)));
                    ok = split(rest, n, accept, current, readings, budget);
                    current.truncate(before);
                });
                if !ok {
                    return false;
                }
            }
            true
        }
        other => {
            if room == 0 {
                return true;
            }
            current.push(other.clone());
            let ok = split(rest, n, accept, current, readings, budget);
            current.pop();
            ok
        }
    }
}

fn piece(digits: &str, from: &Val) -> Cell {
    Cell::Val(Val {
        raw: digits.to_string(),
        number: Some(digits.to_string()),
        unit: None,
        delimited: from.delimited,
    })
}

/// Every way to cut `digits` into `parts` numbers without leading zeros.
fn for_each_split(digits: &str, parts: usize, f: &mut dyn FnMut(&[&str])) {
    fn go<'a>(d: &'a str, parts: usize, acc: &mut Vec<&'a str>, f: &mut dyn FnMut(&[&str])) {
        if parts == 1 {
            if d.len() == 1 || !d.starts_with('0') {
                acc.push(d);
                f(acc);
                acc.pop();
            }
            return;
        }
        let max_len = if d.starts_with('0') {
            1
        } else {
            d.len() - (parts - 1)
        };
        for len in 1..=max_len {
            acc.push(&d[..len]);
            go(&d[len..], parts - 1, acc, f);
            acc.pop();
        }
    }
    if parts == 0 || parts > digits.len() {
        return;
    }
    go(digits, parts, &mut Vec::with_capacity(parts), f);
}

/// Identity of a row whose last column is the sum of the others; blank
/// counts as zero.
pub fn last_is_sum(cells: &[Cell]) -> bool {
    group_sums(cells, cells.len())
}

/// Identity of a row made of groups of `group` columns, each ending in its sum.
pub fn group_sums(cells: &[Cell], group: usize) -> bool {
    if group == 0 || cells.len() % group != 0 {
        return false;
    }
    cells.chunks(group).all(|g| {
        let vals: Option<Vec<i64>> = g.iter().map(Cell::int_or_zero).collect();
        match vals {
            Some(v) => {
                let (total, parts) = v.split_last().unwrap();
                parts.iter().sum::<i64>() == *total
            }
            None => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::tokenize;
    use crate::extract::rows::rows;

    fn cells_of(text: &str) -> Vec<Cell> {
        rows(&tokenize(text)).remove(0).cells
    }

    fn raws(cells: &[Cell]) -> Vec<&str> {
        cells.iter().map(Cell::raw).collect()
    }

    #[test]
    fn one_digit_per_cell_is_unique() {
        let Fit::Split(r) = fit(&cells_of("规章000"), 3, &|_| true) else {
            panic!()
        };
        assert_eq!(r.len(), 1);
        assert_eq!(raws(&r[0]), ["0", "0", "0"]);
    }

    #[test]
    fn several_readings_stay_several() {
        let Fit::Split(r) = fit(&cells_of("行政许可3960181"), 3, &|_| true) else {
            panic!()
        };
        assert!(r.len() > 1);
        // Leading zeros are no reading: 100 as two cells is only 10 | 0.
        let Fit::Split(r) = fit(&cells_of("收费100"), 2, &|_| true) else {
            panic!()
        };
        assert_eq!(r.len(), 1);
        assert_eq!(raws(&r[0]), ["10", "0"]);
    }

    #[test]
    fn the_identity_chooses_the_reading() {
        let Fit::Split(r) = fit(&cells_of("申请数量230 000023"), 7, &last_is_sum) else {
            panic!()
        };
        assert_eq!(r.len(), 1);
        assert_eq!(raws(&r[0]), ["23", "0", "0", "0", "0", "0", "23"]);
        let Fit::Split(r) = fit(&cells_of("总计10203120001200000"), 15, &|c| {
            group_sums(c, 5)
        }) else {
            panic!()
        };
        assert_eq!(r.len(), 1);
        assert_eq!(
            raws(&r[0]),
            ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"]
        );
    }

    #[test]
    fn short_delimited_rows_align_right_and_trailing_blanks_go() {
        let c = cells_of("(一)予以公开\t\t\t0");
        assert!(matches!(
            fit(&c, 4, &|_| true),
            Fit::RightAligned { missing: 1, .. }
        ));
        let c = cells_of("行政许可 | 0 | ||");
        assert_eq!(fit(&c, 1, &|_| true), Fit::Exact(vec![c[0].clone()]));
        assert!(matches!(
            fit(&cells_of("规章 1 2"), 3, &|_| true),
            Fit::Unfit(_)
        ));
    }
}
