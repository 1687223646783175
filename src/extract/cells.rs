//! Fitting a row's printed values to the template's columns.
//!
//! Most rows print exactly one value per column. The rest are the hard cases
//! of the wild: blank cells lost with merged label columns, and digits of
//! neighbouring cells glued together (`3960181` for three cells). A glued run
//! is split only where the row's identity leaves exactly one reading; every
//! reading is enumerated, so "exactly one" is a fact, not a guess.

use super::layout::Val;
use super::rows::Cell;
use crate::templates::identities;

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

/// The most complete readings checked before giving up on a row.
const MAX_READINGS: usize = 200_000;
/// The most checks of single groups (complete readings included): the
/// search's bound when early groups prune it.
const MAX_CHECKS: usize = 4 * MAX_READINGS;
/// The most digits of one cell: a longer number is past the range of the
/// integers the identities add (`i64`, 19 digits), so no reading holding
/// one can satisfy them. Cutting no longer pieces finds the same readings,
/// and a run of more digits than its cells could hold has none at once.
const MAX_CELL_DIGITS: usize = 19;

/// Fit `cells` to `n` columns. `accept` is the row's identity, used only to
/// choose among the readings of glued digits.
pub fn fit(cells: &[Cell], n: usize, accept: &dyn Fn(&[Option<i64>]) -> bool) -> Fit {
    fit_groups(cells, n, n, accept)
}

/// [`fit`] for a row whose identity is one per group of `group` columns
/// (`n` a multiple of it): `accept` checks one group. A reading is dropped
/// as soon as one of its groups fails, before the columns after it are
/// split, so long glued runs are searched group by group; the readings
/// found are the same as checking whole rows.
pub fn fit_groups(
    cells: &[Cell],
    n: usize,
    group: usize,
    accept: &dyn Fn(&[Option<i64>]) -> bool,
) -> Fit {
    let group = if group == 0 || n % group != 0 {
        n
    } else {
        group
    };
    let cells = match arrange(cells, n) {
        Arranged::Glued(cells) => cells,
        Arranged::Fit(fit) => return fit,
    };
    let mut search = Search {
        cells: &cells,
        n,
        group,
        accept,
        current: Vec::with_capacity(n),
        values: Vec::with_capacity(n),
        readings: Vec::new(),
        readings_left: MAX_READINGS,
        checks_left: MAX_CHECKS,
    };
    if !search.split(0) {
        return Fit::Unfit(format!(
            "glued digits have more than {MAX_READINGS} readings"
        ));
    }
    if search.readings.is_empty() {
        return Fit::Unfit(
            "no way to split the glued digits satisfies the row's identity".to_string(),
        );
    }
    Fit::Split(search.readings)
}

/// How a row's printed values stand against its columns, before any glued
/// digits are split.
pub enum Arranged {
    /// Settled without splitting: exactly, right-aligned, or not at all.
    Fit(Fit),
    /// Fewer values than columns, some of them runs of digits that may hold
    /// several cells: the values, trailing and leading delimiter blanks
    /// beyond the columns dropped.
    Glued(Vec<Cell>),
}

/// See [`Arranged`].
pub fn arrange(cells: &[Cell], n: usize) -> Arranged {
    let mut cells: Vec<Cell> = cells.to_vec();
    while cells.len() > n && cells.last() == Some(&Cell::Empty) {
        cells.pop();
    }
    while cells.len() > n && cells.first() == Some(&Cell::Empty) {
        cells.remove(0);
    }
    if let Some(Cell::Val(v)) = cells
        .iter()
        .find(|c| matches!(c, Cell::Val(v) if v.is_unreadable()))
    {
        return Arranged::Fit(Fit::Unfit(if v.raw.contains('\u{FFFD}') {
            format!(
                "'{}' holds a character the document gives no text for (U+FFFD): the cell cannot be read",
                v.raw
            )
        } else {
            format!(
                "'{}' glues digits and a dash together: a negative number, a blank between two numbers or a range",
                v.raw
            )
        }));
    }
    if cells.len() == n {
        return Arranged::Fit(Fit::Exact(cells));
    }
    if cells.len() > n {
        return Arranged::Fit(Fit::Unfit(format!(
            "{} values printed for {} columns",
            cells.len(),
            n
        )));
    }
    let splittable = cells
        .iter()
        .any(|c| matches!(c, Cell::Val(v) if v.splittable()));
    // Cells that white space keeps apart, nearly all of them there, or
    // blanks printed as cells of their own: the layout separates cells, and
    // what is short is a blank the layout dropped, not digits glued, unless
    // a run of digits shows glue.
    let blanks_apart = cells
        .iter()
        .any(|c| matches!(c, Cell::Val(v) if v.number().is_none() && !v.delimited));
    // A run with a leading zero (00, 023) is no number: digits are glued.
    let glue_shown = cells.iter().any(|c| {
        matches!(c, Cell::Val(v) if v.splittable() && v.number().is_some_and(|d| d.starts_with('0')))
    });
    if splittable {
        if let Some(forced) = forced(&cells, n) {
            return Arranged::Fit(Fit::Exact(forced));
        }
    }
    let apart = !glue_shown && cells.len() >= 2 && n >= 5;
    let separated = apart && (cells.len() + 2 >= n || (blanks_apart && 2 * cells.len() >= n));
    if splittable && separated {
        return Arranged::Fit(Fit::Unfit(format!(
            "{} values printed apart for {} columns: a blank cell was dropped, and where cannot be told",
            cells.len(),
            n
        )));
    }
    if splittable {
        return Arranged::Glued(cells);
    }
    let delimited = cells.iter().all(|c| match c {
        Cell::Val(v) => v.delimited,
        Cell::Empty => true,
    });
    if delimited && !cells.is_empty() {
        return Arranged::Fit(Fit::RightAligned {
            missing: n - cells.len(),
            cells,
        });
    }
    Arranged::Fit(Fit::Unfit(format!(
        "{} values printed for {} columns",
        cells.len(),
        n
    )))
}

/// The one reading of glued runs that can be cut only one way, whichever
/// cells were left blank: each run's digits but its last are zeros (`000`,
/// `05`), so every digit is a cell of its own (no number but 0 begins with
/// 0), and the pieces fill exactly the `n` columns. A run such as `290` is
/// not forced: it may be one cell beside two blanks, or `2`, `90` and a
/// blank, as much as `2`, `9`, `0`.
fn forced(cells: &[Cell], n: usize) -> Option<Vec<Cell>> {
    let mut out = Vec::with_capacity(n);
    for cell in cells {
        match cell {
            Cell::Val(v) if v.splittable() => {
                let digits = v.number()?;
                let (_, head) = digits.as_bytes().split_last()?;
                if head.iter().any(|&b| b != b'0') {
                    return None;
                }
                out.extend((0..digits.len()).map(|i| piece(&digits[i..=i], v)));
            }
            other => out.push(other.clone()),
        }
        if out.len() > n {
            return None;
        }
    }
    (out.len() == n).then_some(out)
}

/// A depth-first search over the ways to split a row's glued digits.
///
/// The reading being built is kept as places in the row's cells and as the
/// integers the identities add, each parsed once: a piece tried becomes
/// text only when a whole reading holds.
struct Search<'a> {
    cells: &'a [Cell],
    n: usize,
    group: usize,
    accept: &'a dyn Fn(&[Option<i64>]) -> bool,
    /// The columns read so far, and their values (blank as zero).
    current: Vec<Slot>,
    values: Vec<Option<i64>>,
    readings: Vec<Vec<Cell>>,
    /// Complete readings, and checks of any group, left to check.
    readings_left: usize,
    checks_left: usize,
}

/// One column of a reading: a cell as printed, or the digits `start..end`
/// of a glued cell's number.
#[derive(Clone, Copy)]
enum Slot {
    Whole(usize),
    Piece {
        cell: usize,
        start: usize,
        end: usize,
    },
}

impl Search<'_> {
    /// Read the cells from `at` on after `current`; false when the budget
    /// ran out.
    fn split(&mut self, at: usize) -> bool {
        let cells = self.cells;
        let Some(first) = cells.get(at) else {
            if self.current.len() == self.n {
                let reading = self.current.iter().map(|&s| self.cell(s)).collect();
                self.readings.push(reading);
            }
            return true;
        };
        let rest = cells.len() - at - 1;
        let room = self.n.saturating_sub(self.current.len() + rest);
        match first {
            Cell::Val(v) if v.splittable() => {
                let digits = v.number().unwrap_or_default();
                (1..=room.min(digits.len())).all(|parts| self.cut(at, 0, parts))
            }
            other => {
                if room == 0 {
                    return true;
                }
                self.push(Slot::Whole(at), other.int_or_zero());
                let ok = self.go_on(self.current.len() - 1, at + 1);
                self.pop();
                ok
            }
        }
    }

    /// Cut the digits of cell `at` from `start` on into `parts` numbers
    /// without leading zeros, one piece at a time (so a failing group stops
    /// the cutting), then read on.
    fn cut(&mut self, at: usize, start: usize, parts: usize) -> bool {
        let cells = self.cells;
        let all = cells[at].number().unwrap_or_default();
        let digits = &all[start..];
        if digits.len() > parts.saturating_mul(MAX_CELL_DIGITS) {
            return true;
        }
        if parts == 1 {
            if digits.len() > 1 && digits.starts_with('0') {
                return true;
            }
            self.push_piece(at, start, all.len());
            let ok = self.go_on(self.current.len() - 1, at + 1);
            self.pop();
            return ok;
        }
        let longest = if digits.starts_with('0') {
            1
        } else {
            digits.len().saturating_sub(parts - 1).min(MAX_CELL_DIGITS)
        };
        for len in 1..=longest {
            // Every piece tried costs, checked or not.
            if !crate::budget::spend(1) {
                return false;
            }
            self.push_piece(at, start, start + len);
            let ok = match self.check(self.current.len() - 1) {
                Check::Holds => self.cut(at, start + len, parts - 1),
                Check::Fails => true,
                Check::OutOfBudget => false,
            };
            self.pop();
            if !ok {
                return false;
            }
        }
        true
    }

    fn push(&mut self, slot: Slot, value: Option<i64>) {
        self.current.push(slot);
        self.values.push(value);
    }

    /// A piece of at most [`MAX_CELL_DIGITS`] ASCII digits: its value.
    fn push_piece(&mut self, cell: usize, start: usize, end: usize) {
        let digits = &self.cells[cell].number().unwrap_or_default()[start..end];
        self.push(Slot::Piece { cell, start, end }, digits.parse().ok());
    }

    fn pop(&mut self) {
        self.current.pop();
        self.values.pop();
    }

    /// The cell a column of a reading holds.
    fn cell(&self, slot: Slot) -> Cell {
        match slot {
            Slot::Whole(at) => self.cells[at].clone(),
            Slot::Piece { cell, start, end } => match &self.cells[cell] {
                Cell::Val(v) => piece(&v.number().unwrap_or_default()[start..end], v),
                Cell::Empty => Cell::Empty,
            },
        }
    }

    /// Read on from cell `at` if the groups completed since `before`
    /// columns hold; false when the budget ran out.
    fn go_on(&mut self, before: usize, at: usize) -> bool {
        match self.check(before) {
            Check::Holds => self.split(at),
            Check::Fails => true,
            Check::OutOfBudget => false,
        }
    }

    /// Check the groups completed since `before` columns.
    fn check(&mut self, before: usize) -> Check {
        let mut end = (before / self.group + 1) * self.group;
        while end <= self.current.len() {
            if self.checks_left == 0
                || (end == self.n && self.readings_left == 0)
                || !crate::budget::spend(1)
            {
                return Check::OutOfBudget;
            }
            self.checks_left -= 1;
            if end == self.n {
                self.readings_left -= 1;
            }
            if !(self.accept)(&self.values[end - self.group..end]) {
                return Check::Fails;
            }
            end += self.group;
        }
        Check::Holds
    }
}

enum Check {
    Holds,
    Fails,
    OutOfBudget,
}

fn piece(digits: &str, from: &Val) -> Cell {
    Cell::Val(Val::printed(digits, digits.len(), None, from.delimited))
}

/// Identity of a row whose last column is the sum of the others; blank
/// counts as zero.
pub fn last_is_sum(cells: &[Cell]) -> bool {
    identities::last_is_sum(cells.iter().map(Cell::int_or_zero))
}

/// [`last_is_sum`] on the values of a row's columns (blank as zero): the
/// `accept` of [`fit`] for such rows.
pub fn sums(values: &[Option<i64>]) -> bool {
    identities::last_is_sum(values.iter().copied())
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

    /// A row made of groups of `group` columns, each ending in its sum:
    /// checked on the whole row at once.
    fn group_sums(values: &[Option<i64>], group: usize) -> bool {
        group != 0 && values.len() % group == 0 && values.chunks(group).all(sums)
    }

    #[test]
    fn a_sum_past_the_integer_range_breaks_the_identity() {
        // i64::MAX + 1 would wrap round to the printed total.
        let cells = cells_of("合计\t9223372036854775807\t1\t-9223372036854775808");
        assert_eq!(cells.len(), 3);
        assert!(!last_is_sum(&cells));
        assert!(last_is_sum(&cells_of("合计\t2\t1\t3")));
    }

    #[test]
    fn zeros_glued_one_per_cell_are_read_without_an_identity() {
        // No identity is asked: whichever cells were blank, `000` can only
        // be three cells of 0.
        let Fit::Exact(r) = fit(&cells_of("规章000"), 3, &|_| false) else {
            panic!()
        };
        assert_eq!(raws(&r), ["0", "0", "0"]);
        let Fit::Exact(r) = fit(&cells_of("规章 0 05"), 3, &|_| false) else {
            panic!()
        };
        assert_eq!(raws(&r), ["0", "0", "5"]);
        // Too few digits for the columns: a blank is somewhere.
        assert!(matches!(
            arrange(&cells_of("规章000"), 4),
            Arranged::Glued(_)
        ));
        // A digit after a non-zero one may belong to it: `290` is one cell
        // as well as three, `50` one as well as two.
        for (text, n) in [("许可290", 3), ("许可 1 50", 3), ("许可0010", 4)] {
            assert!(
                matches!(arrange(&cells_of(text), n), Arranged::Glued(_)),
                "{text}"
            );
        }
        // With an identity, the cut found is the search's one reading.
        let Fit::Split(r) = fit(&cells_of("规章290"), 3, &|_| true) else {
            panic!()
        };
        assert_eq!(raws(&r[0]), ["2", "9", "0"]);
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
        let Fit::Split(r) = fit(&cells_of("申请数量230 000023"), 7, &sums) else {
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
    fn checking_group_by_group_finds_the_readings_of_whole_rows() {
        // Glued runs over one, two and three groups, some with several
        // readings, some with none: the early checks only cut the search.
        let mut seen = Vec::new();
        for text in [
            "总计10203120001200000",
            "总计1 1 0 0 2 0 0 0 0 0 3 0 0 0 3",
            "总计11100211002000000",
            "总计1234567891011",
            "总计5 5000051010 0 0 0 0 0",
            "总计1111 2 2 1 1 2 1 1 2",
            "总计1 1 1 1 4 011101210012",
        ] {
            let cells = cells_of(text);
            let whole = fit(&cells, 15, &|c| group_sums(c, 5));
            let grouped = fit_groups(&cells, 15, 5, &sums);
            assert_eq!(grouped, whole, "{text}");
            seen.push(whole);
        }
        // The cases cover one reading, several, and none.
        let readings = |f: &Fit| match f {
            Fit::Split(r) => r.len(),
            _ => 0,
        };
        assert!(seen.iter().any(|f| readings(f) == 1), "{seen:?}");
        assert!(seen.iter().any(|f| readings(f) > 1), "{seen:?}");
        assert!(seen.iter().any(|f| matches!(f, Fit::Unfit(_))), "{seen:?}");
    }

    #[test]
    fn a_cell_with_an_unsure_character_leaves_the_row_unread() {
        for row in [
            "总计\t1\u{FFFD}\t2\t3",
            "总计\t\u{FFFD}\t2\t3",
            "总计 12\u{FFFD}3",
        ] {
            let why = match fit(&cells_of(row), 3, &|_| true) {
                Fit::Unfit(why) => why,
                other => panic!("{row}: {other:?}"),
            };
            assert!(why.contains("U+FFFD"), "{why}");
        }
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
