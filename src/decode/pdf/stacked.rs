//! Numbers that wrap inside narrow value cells: `126` printed as `12`
//! with `6` on the line below, in the same cell (section 四's fifteen
//! columns; section 三's seven where a table is set narrow). A line of
//! digits only, close under a row's numbers, each piece under exactly one
//! of the row's value cells, is joined to those cells only when the row's
//! identity holds for that reading and for no other way of joining or
//! leaving the digits:
//! - a row of section 三's table (its label names one) ends with the sum
//!   of the values before it, wherever its blanks are;
//! - else each group of five values ends with the sum of the four before
//!   it (section 四).
//!
//! In a row of section 三 the line is wrapped digits whatever they join
//! to (a row of that table begins with its label): where no one reading
//! holds, the row's values are unsure (written as U+FFFD, left null),
//! never read without the digits below them.

use super::labels::{folded, folded_labels};
use super::unruled::{compact, is_value, Body, Piece, PieceLine};

/// Values in a group of the reviews table: four outcomes and their total.
pub(super) const GROUP: usize = 5;

/// The identity a row's values hold.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Identity {
    /// Each group of five ends with the sum of the four before it.
    Groups,
    /// The last value is the sum of the others.
    RowSum,
}

/// The digits of a cell's text (`-` and other dashes count as 0), or
/// `None` when the text is not a whole number.
pub(super) fn amount(s: &str) -> Option<u64> {
    let t = compact(s);
    if matches!(t.as_str(), "-" | "—" | "–" | "―" | "——") {
        return Some(0);
    }
    digits(&t)
}

pub(super) fn digits(t: &str) -> Option<u64> {
    if t.is_empty() || t.len() > 12 || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// The number the digits `head` and `tail` make, a number wrapped over
/// two lines (or cut by a page break) read whole: `None` when `head`
/// begins with a 0, since no number is printed with a leading zero (a 0
/// over another number is a cell of its own, never its first digit).
pub(super) fn joined(head: &str, tail: &str) -> Option<u64> {
    if head.starts_with('0') {
        return None;
    }
    digits(&format!("{head}{tail}"))
}

/// True when `values` hold `identity`.
pub(super) fn holds(identity: Identity, values: &[u64]) -> bool {
    match identity {
        Identity::Groups => {
            values.len() >= GROUP
                && values.len().is_multiple_of(GROUP)
                && values
                    .chunks(GROUP)
                    .all(|g| g[..GROUP - 1].iter().sum::<u64>() == g[GROUP - 1])
        }
        Identity::RowSum => match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => {
                rest.iter().try_fold(0u64, |a, &v| a.checked_add(v)) == Some(*last)
            }
            _ => false,
        },
    }
}

/// What `join_to` did with a line.
pub(super) enum Taken {
    /// The line is no digits wrapped in the row above.
    No,
    /// Its digits were joined to the row above, or, in a row of section
    /// 三, left the row unsure.
    Digits,
    /// So were its digits, and the rest of it is label text (a merged
    /// cell's lines, `本年`) to be read as a label line.
    DigitsAndLabels(PieceLine),
}

/// Join `line` to the value cells of the table's last row if it is the
/// wrapped digits of those cells (see the module's notes). In section
/// 三, the line may also hold, left of the digits, label text beginning
/// no row (the lines of a merged cell's label).
pub(super) fn join_to(b: &mut Body, line: &PieceLine) -> Taken {
    let Some(row) = b.rows.last() else {
        return Taken::No;
    };
    let x = row
        .fields
        .iter()
        .find(|f| f.number)
        .map_or(f32::MAX, |f| f.x0);
    let split = values_of(line, x).filter(|v| v.pieces.len() < line.pieces.len());
    let labels = split.as_ref().map(|_| {
        let mut rest = line.clone();
        rest.pieces.retain(|p| !is_value(&p.text));
        rest
    });
    let line = split.as_ref().unwrap_or(line);
    match join_digits(b, line, labels.is_some()) {
        false => Taken::No,
        true => match labels {
            Some(rest) => Taken::DigitsAndLabels(rest),
            None => Taken::Digits,
        },
    }
}

/// `join_to` for a line of digits only; `labelled`: the line held label
/// text too, which only a row of section 三 may have beside its digits.
fn join_digits(b: &mut Body, line: &PieceLine, labelled: bool) -> bool {
    let Some(row) = b.rows.last() else {
        return false;
    };
    if row.unsure || line.pieces.is_empty() || line.pieces.len() > 16 {
        return false;
    }
    let height = line.y1 - line.y0;
    let gap = line.y0 - b.last_y1;
    if gap < -0.5 * height || gap > b.close + 0.25 * height {
        return false;
    }
    let numbers: Vec<usize> = (0..row.fields.len())
        .filter(|&f| row.fields[f].number)
        .collect();
    let label: String = folded_labels(std::slice::from_ref(row)).concat();
    // The row's label may be cut short on its line (the rest wraps onto
    // the lines below): the table's other rows then tell it is section
    // 三's.
    let body_labels = || {
        crate::templates::printed::values_per_row(&folded_labels(&b.rows))
            == Some(crate::templates::section3::APPLICANT_COLUMNS.len())
    };
    let identity = if crate::templates::printed::names_applications_row(&label) || body_labels() {
        Identity::RowSum
    } else if !labelled && !numbers.is_empty() && numbers.len().is_multiple_of(GROUP) {
        Identity::Groups
    } else {
        return false;
    };
    // Each piece's cell, by index into `numbers`.
    let spans: Vec<(f32, f32)> = row.fields.iter().map(|f| (f.x0, f.x1)).collect();
    let mut cells: Vec<usize> = Vec::with_capacity(line.pieces.len());
    for p in &line.pieces {
        if digits(&compact(&p.text)).is_none() || !is_value(&p.text) {
            return false;
        }
        let Some(k) = cell_of(p, &spans).and_then(|f| numbers.iter().position(|&n| n == f)) else {
            return false;
        };
        if cells.contains(&k) {
            return false;
        }
        cells.push(k);
    }
    // The row's number texts: `None` when one is more than one line.
    let texts: Option<Vec<&str>> = numbers
        .iter()
        .map(|&f| match row.fields[f].parts.as_slice() {
            [(t, _)] => Some(t.as_str()),
            _ => None,
        })
        .collect();
    let joined = texts.is_some_and(|texts| {
        let wrapped: Vec<(usize, &str)> = cells
            .iter()
            .zip(&line.pieces)
            .map(|(&k, p)| (k, p.text.as_str()))
            .collect();
        only_all_joined(identity, &texts, &wrapped, false)
    });
    if !joined {
        // Section 三's rows begin with their label: the line is wrapped
        // digits, and the row cannot be read without them.
        if identity == Identity::RowSum {
            let row = b.rows.last_mut().expect("a last row");
            row.unsure = true;
            b.last_y1 = line.y1;
            b.rebuilt = true;
            return true;
        }
        return false;
    }
    // A row of section 三 is written from its fields, no longer its line;
    // section 四's row alone is read from them where it is found.
    b.rebuilt |= identity == Identity::RowSum;
    let row = b.rows.last_mut().expect("a last row");
    for (p, &k) in line.pieces.iter().zip(&cells) {
        let field = &mut row.fields[numbers[k]];
        let joined = format!("{}{}", compact(&field.parts[0].0), compact(&p.text));
        field.x0 = field.x0.min(p.x0);
        field.x1 = field.x1.max(p.x1);
        field.parts = vec![(joined, field.x1 - field.x0)];
    }
    b.last_y1 = line.y1;
    true
}

/// What a line of digits only, close above a row's numbers, does to that
/// row: in cells aligned to their bottom (or middle), a number that wraps
/// prints its first digits on the line above the row's other values, and
/// the row's line holds only its last digits.
pub(super) enum Heads {
    /// The row's line with the digits above joined before its numbers'
    /// (`142` over `6`: `1426`), the one reading its identity holds for.
    Joined(PieceLine),
    /// No one reading holds: the row's values are unsure.
    Unsure,
    /// The digits may as well be the last digits of the row above (cells
    /// aligned to their top), and neither or both readings hold: both
    /// rows' values are unsure.
    UnsureWithAbove,
}

/// For each line of the page, `Some` when the line before it is digits
/// wrapped above the numbers of its row of section 三 (see [`Heads`]):
/// every piece of the line before a whole number under exactly one number
/// of this line, no two under one, the lines a line's spacing apart.
/// `close` is the page's usual spacing of two lines.
pub(super) fn heads(lines: &[PieceLine], close: f32) -> Vec<Option<Heads>> {
    let mut out: Vec<Option<Heads>> = (0..lines.len()).map(|_| None).collect();
    for i in 1..lines.len() {
        let row = &lines[i];
        let Some(first) = section3_row(row) else {
            continue;
        };
        let Some(wrapped) = values_of(&lines[i - 1], row.pieces[first].x0) else {
            continue;
        };
        let wrapped = &wrapped;
        let Some(cells) = cells_under(wrapped, row, first, close) else {
            continue;
        };
        let head = only_joined_adds_up(wrapped, row, first, &cells, true);
        // The same digits as the last of the row above's numbers.
        // (A row of the same table: its label may be cut short on its
        // line, naming no row.)
        let tail = i.checked_sub(2).and_then(|a| {
            let above = &lines[a];
            let first = row_of_values(above)?;
            let cells = cells_under(wrapped, above, first, close)?;
            Some(only_joined_adds_up(wrapped, above, first, &cells, false))
        });
        // A row above with fewer numbers than the line, under none of
        // which the line stands: the line may be that row's own numbers
        // on its label's last line (cells aligned to their bottom), and
        // the row's few numbers the first digits of some of them.
        let short_above = tail.is_none()
            && i.checked_sub(2).is_some_and(|a| {
                let above = &lines[a];
                row_of_values(above)
                    .is_some_and(|first| above.pieces.len() - first < wrapped.pieces.len())
            });
        if short_above {
            out[i] = Some(Heads::UnsureWithAbove);
            continue;
        }
        out[i] = match (head, tail) {
            // Left to the row above (see `join_to`).
            (false, Some(true)) => continue,
            (true, None | Some(false)) => {
                let mut joined = row.clone();
                for (j, &k) in cells.iter().enumerate() {
                    prepend(&mut joined.pieces[k], &wrapped.pieces[j]);
                }
                joined.y0 = wrapped.y0;
                Some(Heads::Joined(joined))
            }
            (false, None) => Some(Heads::Unsure),
            (_, Some(_)) => Some(Heads::UnsureWithAbove),
        };
    }
    out
}

/// The numbers of a row of section 三 whose cells, aligned to their
/// bottom or middle, hold numbers of two lines: `upper`'s numbers are the
/// first digits of the `lower` numbers they stand over, and `lower` holds
/// every cell's (last) line. The row's values with the digits joined
/// (`24` over `9`: `249`), when joining them all is the one reading for
/// which the row's last value is the sum of the others; else `None`.
/// `label` is the row's label, all its lines: it must name a row of
/// section 三. Both lines' other pieces are labels, left of the numbers.
pub(super) fn joined_over(upper: &PieceLine, lower: &PieceLine, label: &str) -> Option<Vec<Piece>> {
    if !crate::templates::printed::names_applications_row(&folded(label)) {
        return None;
    }
    let height = lower.y1 - lower.y0;
    if lower.y0 - upper.y1 > 0.5 * height {
        return None;
    }
    let row: Vec<&Piece> = lower.pieces.iter().filter(|p| is_value(&p.text)).collect();
    let heads: Vec<&Piece> = upper.pieces.iter().filter(|p| is_value(&p.text)).collect();
    if heads.is_empty() || heads.len() > 16 || row.len() < 2 {
        return None;
    }
    let spans: Vec<(f32, f32)> = row.iter().map(|q| (q.x0, q.x1)).collect();
    let mut cells: Vec<usize> = Vec::with_capacity(heads.len());
    for p in &heads {
        let k = cell_of(p, &spans)?;
        if cells.contains(&k)
            || digits(&compact(&p.text)).is_none()
            || digits(&compact(&row[k].text)).is_none()
        {
            return None;
        }
        cells.push(k);
    }
    let texts: Vec<&str> = row.iter().map(|p| p.text.as_str()).collect();
    let wrapped: Vec<(usize, &str)> = cells
        .iter()
        .zip(&heads)
        .map(|(&k, p)| (k, p.text.as_str()))
        .collect();
    if !only_all_joined(Identity::RowSum, &texts, &wrapped, true) {
        return None;
    }
    let mut joined: Vec<Piece> = row.into_iter().cloned().collect();
    for (&k, a) in cells.iter().zip(&heads) {
        prepend(&mut joined[k], a);
    }
    Some(joined)
}

/// `head`'s digits joined before those of `number`, which takes in its ink.
fn prepend(number: &mut Piece, head: &Piece) {
    number.text = format!("{}{}", compact(&head.text), compact(&number.text));
    number.x0 = number.x0.min(head.x0);
    number.x1 = number.x1.max(head.x1);
}

/// The index of the first number of `line` when it is labels, then
/// numbers only.
fn row_of_values(line: &PieceLine) -> Option<usize> {
    let first = line.pieces.iter().position(|p| is_value(&p.text))?;
    (first > 0 && line.pieces[first..].iter().all(|p| is_value(&p.text))).then_some(first)
}

/// The values of `line` when it holds values and, left of them and of
/// `x` (where the row below's numbers begin), only label text that
/// begins no row (the lines of a label set in a merged cell, `理结`),
/// and then values that do not add up as a row's do.
fn values_of(line: &PieceLine, x: f32) -> Option<PieceLine> {
    let (values, labels): (Vec<&Piece>, Vec<&Piece>) =
        line.pieces.iter().partition(|p| is_value(&p.text));
    let first = values.first()?;
    if labels
        .iter()
        .any(|p| p.x1 > first.x0 || p.x1 > x || super::unruled::begins_label(&p.text))
    {
        return None;
    }
    // With a label, values that add up are a row's (its label's last line
    // in a cell aligned to its bottom), not digits wrapped.
    let amounts: Option<Vec<u64>> = values.iter().map(|p| amount(&p.text)).collect();
    if !labels.is_empty() && amounts.is_some_and(|v| holds(Identity::RowSum, &v)) {
        return None;
    }
    let mut out = line.clone();
    out.pieces = values.into_iter().cloned().collect();
    Some(out)
}

/// Whether the page's `lines` begin with digits, beside nothing or beside
/// label text that begins no row (a merged cell's, `年 度`), not joined to
/// the numbers of a row under them (`heads`, the entry of its second
/// line): they may be the last digits of the row the page before ended
/// with, wrapped in its cells across the page break (over a row of
/// section 三, a heading, or nothing).
pub(super) fn wrapped_from_before(lines: &[PieceLine], heads: &[Option<Heads>]) -> bool {
    let Some(top) = lines.first() else {
        return false;
    };
    values_of(top, f32::INFINITY)
        .is_some_and(|v| v.pieces.iter().all(|p| digits(&compact(&p.text)).is_some()))
        && !matches!(heads.get(1), Some(Some(Heads::Joined(_))))
}

/// The index of the first number of `line` when it is a row of section
/// 三: labels naming one of its rows, then numbers only.
fn section3_row(line: &PieceLine) -> Option<usize> {
    let first = row_of_values(line)?;
    let label = folded(
        &line.pieces[..first]
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>(),
    );
    crate::templates::printed::names_applications_row(&label).then_some(first)
}

/// The numbers of `row` (from its `first`) that the pieces of `wrapped`,
/// a line next to it (above or below, a line's spacing apart; `close` is
/// the page's usual spacing), stand under: one each, whole numbers both,
/// no two under one.
fn cells_under(
    wrapped: &PieceLine,
    row: &PieceLine,
    first: usize,
    close: f32,
) -> Option<Vec<usize>> {
    let (upper, lower) = if wrapped.y0 < row.y0 {
        (wrapped, row)
    } else {
        (row, wrapped)
    };
    let height = lower.y1 - lower.y0;
    let gap = lower.y0 - upper.y1;
    if wrapped.pieces.is_empty()
        || wrapped.pieces.len() > 16
        || gap < -0.5 * height
        || gap > close + 0.25 * height
    {
        return None;
    }
    let spans: Vec<(f32, f32)> = row.pieces[first..].iter().map(|q| (q.x0, q.x1)).collect();
    let mut cells: Vec<usize> = Vec::with_capacity(wrapped.pieces.len());
    for p in &wrapped.pieces {
        let k = first + cell_of(p, &spans)?;
        if cells.contains(&k)
            || digits(&compact(&p.text)).is_none()
            || digits(&compact(&row.pieces[k].text)).is_none()
        {
            return None;
        }
        cells.push(k);
    }
    Some(cells)
}

/// The one of `spans` the ink of `p` lies under, each widened by half a
/// character either side; `None` when it lies under none or several.
pub(super) fn cell_of(p: &Piece, spans: &[(f32, f32)]) -> Option<usize> {
    let slack = 0.5 * p.size;
    let mut under =
        (0..spans.len()).filter(|&k| p.x0 < spans[k].1 + slack && spans[k].0 - slack < p.x1);
    match (under.next(), under.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// Whether joining each piece of `wrapped` to its number of `row`
/// (`cells`; before it when `head`, after it else) is the one reading for
/// which the row's last value is the sum of the others (see
/// [`only_all_joined`]).
fn only_joined_adds_up(
    wrapped: &PieceLine,
    row: &PieceLine,
    first: usize,
    cells: &[usize],
    head: bool,
) -> bool {
    let texts: Vec<&str> = row.pieces[first..]
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    let pieces: Vec<(usize, &str)> = cells
        .iter()
        .zip(&wrapped.pieces)
        .map(|(&k, p)| (k - first, p.text.as_str()))
        .collect();
    only_all_joined(Identity::RowSum, &texts, &pieces, head)
}

/// Whether, of every way of joining each wrapped text (`wrapped`: the
/// index into `numbers` of the number it stands under, and its digits)
/// to that number or leaving it, the one joining them all is the only
/// one for which the row's `numbers` hold `identity`. `head`: the
/// wrapped digits go before the number's (cells aligned to their bottom),
/// else after.
fn only_all_joined(
    identity: Identity,
    numbers: &[&str],
    wrapped: &[(usize, &str)],
    head: bool,
) -> bool {
    let Some(values) = numbers
        .iter()
        .map(|t| amount(t))
        .collect::<Option<Vec<u64>>>()
    else {
        return false;
    };
    let n = wrapped.len();
    let reading = |mask: u32| -> Option<Vec<u64>> {
        let mut v = values.clone();
        for (j, &(k, text)) in wrapped.iter().enumerate() {
            if mask & (1 << j) != 0 {
                let (d, r) = (compact(text), compact(numbers[k]));
                v[k] = if head { joined(&d, &r) } else { joined(&r, &d) }?;
            }
        }
        Some(v)
    };
    let fitting: Vec<u32> = (0u32..(1 << n))
        .filter(|&m| reading(m).is_some_and(|v| holds(identity, &v)))
        .collect();
    fitting == [(1u32 << n) - 1]
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, read, rows, U};
    use super::super::unruled::PieceLine;

    #[test]
    fn digits_at_a_page_head_may_end_the_row_before() {
        // `3 4 4` at the head of a page (13, 14 and 34 wrapped over the
        // break), then a heading, or a row's label: they may be the last
        // digits of the page before's last row. A label first is no such
        // page.
        let digits = line(0.0, &[(100.0, "3"), (160.0, "4"), (190.0, "4")]);
        for next in ["五、存在的主要问题及改进情况", "（二）部分公开"] {
            let lines = vec![digits.clone(), line(20.0, &[(0.0, next)])];
            let heads = super::heads(&lines, 8.0);
            assert!(super::wrapped_from_before(&lines, &heads), "{next}");
        }
        let lines = vec![line(0.0, &[(0.0, "五、存在的主要问题")]), digits];
        let heads = super::heads(&lines, 8.0);
        assert!(!super::wrapped_from_before(&lines, &heads));
        // Digits beside a line of a merged cell's text (三、本年度办理结果
        // down the rows it spans), over a row whose total they do not make
        // add up: the same. Beside a row's own label, or numbers adding up
        // as a row's do beside a label, they are that row's.
        // (21 + 2 + 1 is 24: a 2 over its 4 is joined to it.)
        let cut = ["21", "2", "0", "0", "0", "1", "24"];
        let short = ["21", "2", "0", "0", "0", "1", "4"];
        for (label, values, row, wrapped) in [
            ("年 度", &[(440.0, "9")][..], cut, true),
            ("", &[(440.0, "9")][..], cut, true),
            ("2.其他", &[(440.0, "9")][..], cut, false),
            (
                "年 度",
                &[(200.0, "4"), (240.0, "5"), (440.0, "8")][..],
                cut,
                true,
            ),
            (
                "年 度",
                &[(200.0, "4"), (240.0, "5"), (440.0, "9")][..],
                cut,
                false,
            ),
            ("年 度", &[(440.0, "9.5")][..], cut, false),
            ("年 度", &[(440.0, "2")][..], short, false),
        ] {
            let mut top = vec![(0.0, label)];
            top.retain(|(_, t)| !t.is_empty());
            top.extend_from_slice(values);
            let lines = vec![line(0.0, &top), s3_row(20.0, "（二）部分公开", row)];
            let heads = super::heads(&lines, 8.0);
            assert_eq!(
                super::wrapped_from_before(&lines, &heads),
                wrapped,
                "{label} {values:?}"
            );
        }
    }

    /// Section 四's table: its heading, fifteen columns whose words stand
    /// a character a line (one every 20 from x = 10), the row of `first`
    /// and the line of `second` below it.
    fn page(first: &[&'static str], second: &[(f32, &'static str)]) -> Vec<PieceLine> {
        let xs = (0..15).map(|k| 10.0 + 20.0 * k as f32);
        let stacked = |top: f32, ch: &'static str| {
            line(top, &xs.clone().map(|x| (x, ch)).collect::<Vec<_>>())
        };
        let values: Vec<(f32, &str)> = xs.clone().zip(first.iter().copied()).collect();
        vec![
            line(0.0, &[(0.0, "四、政府信息公开行政复议、行政诉讼情况")]),
            stacked(15.0, "结"),
            stacked(30.0, "果"),
            line(45.0, &values),
            line(60.0, second),
        ]
    }

    /// The values of the page's section 四 row.
    fn values(lines: &[PieceLine]) -> Vec<String> {
        let parts = read(lines).expect("read");
        rows(&parts).last().cloned().expect("a row")
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_digit_wrapped_in_its_cell_joins_the_number_above() {
        let first = [
            "0", "0", "0", "55", "55", "46", "7", "73", "0", "12", "0", "0", "0", "0", "0",
        ];
        let mut want = first.to_vec();
        want[9] = "126";
        assert_eq!(values(&page(&first, &[(190.0, "6")])), strings(&want));
    }

    #[test]
    fn digits_wrapped_in_several_cells_join_when_only_that_reading_adds_up() {
        let first = [
            "0", "0", "0", "0", "0", "1", "1", "0", "3", "3", "0", "0", "0", "0", "0",
        ];
        let second = [(110.0, "4"), (130.0, "5"), (190.0, "2")];
        let mut want = first.to_vec();
        (want[5], want[6], want[9]) = ("14", "15", "32");
        assert_eq!(values(&page(&first, &second)), strings(&want));
    }

    #[test]
    fn digits_the_row_adds_up_without_are_not_joined() {
        // 4 + 1 + 7 + 0 = 12 already: the 6 below is not part of the 12.
        let first = [
            "0", "0", "0", "55", "55", "4", "1", "7", "0", "12", "0", "0", "0", "0", "0",
        ];
        assert_eq!(values(&page(&first, &[(190.0, "6")])), strings(&first));
    }

    /// Two rows of section 三 (values under columns 40 apart from 200),
    /// the digits of `wrapped` on the line between them.
    fn section3(first: [&'static str; 7], wrapped: &[(f32, &'static str)]) -> Vec<Vec<String>> {
        let row = |top: f32, label: &'static str, values: [&'static str; 7]| {
            let mut pieces = vec![(0.0, label)];
            pieces.extend((0..7).map(|k| (200.0 + 40.0 * k as f32, values[k])));
            line(top, &pieces)
        };
        let lines = vec![
            row(0.0, "一、本年新收政府信息公开申请数量", first),
            line(15.0, wrapped),
            row(
                30.0,
                "二、上年结转政府信息公开申请数量",
                ["0", "0", "0", "0", "1", "0", "1"],
            ),
        ];
        rows(&read(&lines).expect("read"))
    }

    #[test]
    fn digits_wrapped_in_a_section3_row_join_when_its_total_then_adds_up() {
        let first = ["142", "139", "16", "18", "37", "53", "168"];
        let got = section3(first, &[(200.0, "6"), (440.0, "9")]);
        assert_eq!(
            got[0][1..],
            strings(&["1426", "139", "16", "18", "37", "53", "1689"])
        );
        assert_eq!(got[1][1..], strings(&["0", "0", "0", "0", "1", "0", "1"]));
    }

    #[test]
    fn digits_wrapped_in_a_section3_row_that_no_reading_adds_up_leave_it_unsure() {
        // 1426 + 263 is 1689, not 1685: the row's values are unsure, never
        // read without the digits below them. The digits could as well
        // begin the next row's numbers (cells aligned to their bottom),
        // where no reading adds up either: that row is unsure too.
        let first = ["142", "139", "16", "18", "37", "53", "168"];
        let got = section3(first, &[(200.0, "6"), (440.0, "5")]);
        assert_eq!(got[0][1..], strings(&[U; 7]));
        assert_eq!(got[1][1..], strings(&[U; 7]));
        // A row that adds up both with and without them: unsure too.
        let first = ["1", "0", "0", "0", "0", "0", "1"];
        let got = section3(first, &[(200.0, "2"), (440.0, "2")]);
        assert_eq!(got[0][1..], strings(&[U; 7]));
    }

    /// A row of section 三 at `top`: `label`, then `values` under columns
    /// 40 apart from 200 (an empty value prints nothing).
    fn s3_row(top: f32, label: &'static str, values: [&'static str; 7]) -> PieceLine {
        let mut pieces = vec![(0.0, label)];
        pieces.extend(
            (0..7)
                .filter(|&k| !values[k].is_empty())
                .map(|k| (200.0 + 40.0 * k as f32, values[k])),
        );
        line(top, &pieces)
    }

    #[test]
    fn digits_wrapped_above_a_row_join_when_its_total_then_adds_up() {
        // Cells aligned to their bottom: 1426 and 1689 print 142 and 168
        // on the line above the row's other values.
        let lines = vec![
            s3_row(0.0, "（六）其他处理", ["3", "0", "0", "0", "0", "0", "3"]),
            line(15.0, &[(200.0, "142"), (440.0, "168")]),
            s3_row(
                30.0,
                "（七）总计",
                ["6", "139", "16", "18", "37", "53", "9"],
            ),
        ];
        let got = rows(&read(&lines).expect("read"));
        assert_eq!(
            got.last().expect("row")[1..],
            strings(&["1426", "139", "16", "18", "37", "53", "1689"])
        );
        assert_eq!(got[0][1..], strings(&["3", "0", "0", "0", "0", "0", "3"]));
        // No reading adds up: the row is unsure, never read as 6 … 9.
        let mut off = lines.clone();
        off[1].pieces[1].text = "167".into();
        let got = rows(&read(&off).expect("read"));
        assert_eq!(got.last().expect("row")[1..], strings(&[U; 7]));
        // Over the digits, a merged cell's label goes on (`理结`).
        let mut merged = lines;
        merged[1] = line(15.0, &[(0.0, "理结"), (200.0, "142"), (440.0, "168")]);
        let got = rows(&read(&merged).expect("read"));
        assert_eq!(got.last().expect("row")[7], "1689");
    }

    #[test]
    fn digits_between_two_rows_go_to_the_one_whose_total_they_make_add_up() {
        // Cells aligned to their top: the 6 and 9 end the row above.
        let lines = vec![
            s3_row(
                0.0,
                "一、本年新收政府信息公开申请数量",
                ["142", "139", "16", "18", "37", "53", "168"],
            ),
            line(15.0, &[(200.0, "6"), (440.0, "9")]),
            s3_row(
                30.0,
                "二、上年结转政府信息公开申请数量",
                ["1", "0", "0", "0", "0", "0", "1"],
            ),
        ];
        let got = rows(&read(&lines).expect("read"));
        assert_eq!(
            got[0][1..],
            strings(&["1426", "139", "16", "18", "37", "53", "1689"])
        );
        assert_eq!(got[1][1..], strings(&["1", "0", "0", "0", "0", "0", "1"]));
        // Both readings add up (61 and 91 below as well as 1426 and 1689
        // above): neither row is read.
        let mut both = lines;
        both[2] = s3_row(
            30.0,
            "二、上年结转政府信息公开申请数量",
            ["1", "0", "0", "0", "0", "30", "1"],
        );
        let got = rows(&read(&both).expect("read"));
        assert_eq!(got[0][1..], strings(&[U; 7]));
        assert_eq!(got[1][1..], strings(&[U; 7]));
    }

    #[test]
    fn digits_wrapped_beside_a_merged_cells_label_join_and_the_label_goes_on() {
        // 110 and 118 wrap beside the second line of 三、本年度办理结果,
        // set in a merged cell left of the rows' labels.
        let at = |top: f32, labels: &[(f32, &'static str)], values: [&'static str; 7]| {
            let mut pieces = labels.to_vec();
            pieces.extend(
                (0..7)
                    .filter(|&k| !values[k].is_empty())
                    .map(|k| (200.0 + 40.0 * k as f32, values[k])),
            );
            line(top, &pieces)
        };
        let lines = vec![
            at(
                0.0,
                &[(0.0, "三、"), (40.0, "（一）予以公开")],
                ["11", "4", "1", "", "2", "1", "11"],
            ),
            line(15.0, &[(0.0, "本年"), (200.0, "0"), (440.0, "8")]),
            at(
                30.0,
                &[(40.0, "（二）部分公开")],
                ["16", "1", "", "1", "", "", "18"],
            ),
        ];
        let got = rows(&read(&lines).expect("read"));
        assert_eq!(
            got[0],
            strings(&[
                "三、本年",
                "（一）予以公开",
                "110",
                "4",
                "1",
                "",
                "2",
                "1",
                "118"
            ])
        );
        assert_eq!(got[1][1..], strings(&["16", "1", "", "1", "", "", "18"]));
        // The label beginning a row of its own: no digits are joined, and
        // the line is no wrapped digits of the row above.
        let mut own = lines;
        own[1].pieces[0].text = "（二）".into();
        let got = rows(&read(&own).expect("read"));
        assert!(got.iter().all(|r| !r.contains(&"110".to_string())));
    }

    #[test]
    fn a_short_row_over_a_line_of_more_numbers_is_unsure() {
        // Cells aligned to their bottom: 115 and 136 print 11 and 13 on
        // the first line of （二）'s label, 5 and 6 with the row's other
        // numbers on its last. Taken for digits wrapped above the row
        // below, that line must not leave （二） read as 11 and 13 in a
        // row of blank cells.
        let lines = vec![
            s3_row(0.0, "（一）予以公开", ["3", "0", "0", "0", "0", "0", "3"]),
            s3_row(
                15.0,
                "（二）部分公开（区分",
                ["11", "", "", "", "", "", "13"],
            ),
            s3_row(30.0, "处理的）", ["5", "13", "0", "1", "4", "3", "6"]),
            s3_row(45.0, "1.属于国家秘密", ["5", "0", "0", "0", "0", "0", "5"]),
        ];
        let got = rows(&read(&lines).expect("read"));
        assert!(
            got.iter().all(|r| !r.contains(&"11".to_string())),
            "{got:?}"
        );
        assert_eq!(got[0][1..], strings(&["3", "0", "0", "0", "0", "0", "3"]));
    }

    #[test]
    fn a_digit_under_no_cell_is_not_joined() {
        let first = [
            "0", "0", "0", "55", "55", "46", "7", "73", "0", "12", "0", "0", "0", "0", "0",
        ];
        // Right of the last cell, under none.
        assert_eq!(values(&page(&first, &[(400.0, "6")])), strings(&first));
    }
}
