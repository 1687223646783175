//! Label lines of a table without rulings: how a line holding no numbers
//! goes on the labels of the rows above it (a label wrapped in its cell),
//! begins a row of its own, or cannot be told (see `unruled`).

use super::unruled::{is_value, overlap, Body, PieceLine, Row};
use crate::templates::printed::strip_numbering;

/// How much wider than the page's usual line spacing, in heights of the
/// line, the space above a label line may be before the line counts as
/// set off from the one above.
const SET_OFF: f32 = 0.25;

pub(super) enum Fit {
    /// The line continues the table's labels and was joined to them.
    Joined,
    /// The line is not part of the table.
    Apart,
    /// The line could be part of the table but where cannot be told.
    Unsure,
    /// The line begins as a row of the templates does: a row of its own
    /// where the table's cells are aligned to their top, else unsure.
    Begins,
}

/// Join a label-only line to the rows above it, if it is one.
pub(super) fn continuation(b: &mut Body, line: &PieceLine) -> Fit {
    let Some(targets) = label_fields(b, line) else {
        return Fit::Apart;
    };
    // A line wider than any line of its label column is not a wrapped
    // piece of a label (a heading below the table).
    for (p, &(r, f)) in line.pieces.iter().zip(&targets) {
        let field = &b.rows[r].fields[f];
        if p.x1 - p.x0 > column_width(b, field.x0, field.x1, false) + p.size {
            return Fit::Apart;
        }
    }
    // A line set off from the one above, or that begins a new paragraph
    // in a field: its row cannot be told.
    let begins = line.pieces.iter().zip(&targets).any(|(p, &(r, f))| {
        let so_far: String = b.rows[r].fields[f]
            .parts
            .iter()
            .map(|(t, _)| t.as_str())
            .collect();
        !strip_numbering(&compact(&so_far)).is_empty() && begins_label(&p.text)
    });
    if begins {
        return Fit::Begins;
    }
    if line.y0 - b.last_y1 > b.close + SET_OFF * (line.y1 - line.y0) {
        return Fit::Unsure;
    }
    for (p, &(r, f)) in line.pieces.iter().zip(&targets) {
        let field = &b.rows[r].fields[f];
        let width = column_width(b, field.x0, field.x1, true);
        let last = field.parts.last().map_or(0.0, |(_, w)| *w);
        if last < width - 1.5 * field.size.max(p.size) {
            return Fit::Unsure;
        }
    }
    append(b, line, &targets);
    Fit::Joined
}

/// The label field each piece of `line` goes on: the nearest row above
/// with a label field under the piece, as (row, field); `None` when a
/// piece is a value, or stands under none or under two or a number.
fn label_fields(b: &Body, line: &PieceLine) -> Option<Vec<(usize, usize)>> {
    let mut targets: Vec<(usize, usize)> = Vec::with_capacity(line.pieces.len());
    for p in &line.pieces {
        if is_value(&p.text) {
            return None;
        }
        let mut target = None;
        for (r, row) in b.rows.iter().enumerate().rev() {
            let under: Vec<usize> = (0..row.fields.len())
                .filter(|&f| overlap(p.x0, p.x1, row.fields[f].x0, row.fields[f].x1))
                .collect();
            match under.as_slice() {
                [] => continue,
                [f] if !row.fields[*f].number => {
                    target = Some((r, *f));
                    break;
                }
                _ => return None,
            }
        }
        targets.push(target?);
    }
    (!targets.is_empty()).then_some(targets)
}

fn append(b: &mut Body, line: &PieceLine, targets: &[(usize, usize)]) {
    for (p, &(r, f)) in line.pieces.iter().zip(targets) {
        let field = &mut b.rows[r].fields[f];
        field.x0 = field.x0.min(p.x0);
        field.x1 = field.x1.max(p.x1);
        field.parts.push((p.text.clone(), p.x1 - p.x0));
    }
    b.last_y1 = line.y1;
}

/// The label text of a line that also holds digits wrapped in the row
/// above's cells: it lies within that row, so it continues labels of it
/// (or of a merged cell over it), whatever paragraph it seems to begin.
/// False when a piece has no label field above it.
pub(super) fn join_within_row(b: &mut Body, line: &PieceLine) -> bool {
    match label_fields(b, line) {
        Some(targets) => {
            append(b, line, &targets);
            true
        }
        None => false,
    }
}

/// Text without white space, full-width forms folded.
pub(super) fn compact(s: &str) -> String {
    crate::decode::normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// `s` as the templates' labels are found in: white space removed and
/// compatibility forms folded.
pub(super) fn folded(s: &str) -> String {
    compact(s)
        .chars()
        .map(|c| crate::decode::fold::fold_cjk(c).unwrap_or(c))
        .collect()
}

/// The label fields of `rows`, each its lines joined and [`folded`].
pub(super) fn folded_labels(rows: &[Row]) -> Vec<String> {
    rows.iter()
        .flat_map(|r| r.fields.iter().filter(|f| !f.number))
        .map(|f| folded(&f.parts.iter().map(|(t, _)| t.as_str()).collect::<String>()))
        .collect()
}

/// Whether `row` prints numbers on the line where its (last) label
/// begins as a row of the templates does.
pub(super) fn numbers_where_label_begins(row: &Row) -> bool {
    row.fields.iter().any(|f| f.number)
        && row
            .fields
            .iter()
            .rfind(|f| !f.number)
            .is_some_and(|f| begins_label(&f.parts[0].0))
}

/// Whether label text, its fields `words`, names no row of section 三
/// and begins none: the end of a label wrapped in its cell
/// (`只计这一情形，不计其他情形）`, `量`), not a row's own label.
pub(super) fn goes_on_a_label<S: AsRef<str>>(words: &[S]) -> bool {
    let label: String = words.iter().map(|w| folded(w.as_ref())).collect();
    !crate::templates::printed::names_applications_row(&label)
        && !words.iter().any(|w| begins_label(w.as_ref()))
}

/// True when a label line begins as a row of the templates does: with
/// numbering, or with a row's words (a line of three characters or more
/// that is the start of them counts).
pub(super) fn begins_label(text: &str) -> bool {
    let t = compact(text);
    let rest = strip_numbering(&t);
    if rest.len() < t.len() {
        return true;
    }
    let rest = folded(rest);
    crate::templates::printed::ROW_STARTS
        .iter()
        .any(|w| rest.starts_with(w) || (rest.chars().count() >= 3 && w.starts_with(rest.as_str())))
}

/// The width of the label column at `x0..x1`: the widest line of any
/// label field of the table within it, between the label fields wholly
/// left of it and those wholly right of it. A label under it that
/// reaches into a neighbouring column is a merged cell spanning both,
/// whose lines are wider.
///
/// With `own`, a label reaching more than a character left of the
/// column does not count: it is a cell merged with the columns left of
/// it, shown or not (rows 一、, 二、, （一） and （二） span the group
/// column of section 三 beside its merged `三、本年度办理结果`), whose lines
/// are wider than the column's own. That width tells whether a label's
/// last line stops short of the column; the wider one whether a line is
/// too wide to be a label's.
pub(super) fn column_width(b: &Body, x0: f32, x1: f32, own: bool) -> f32 {
    // (A merged cell's text on lines of its own is a label field too.)
    let labels = || {
        b.rows
            .iter()
            .flat_map(|r| r.fields.iter())
            .chain(b.groups.iter().map(|(_, f)| f))
            .filter(|f| !f.number)
    };
    let left = labels()
        .filter(|f| f.x1 <= x0)
        .map(|f| f.x1)
        .fold(f32::MIN, f32::max);
    let right = labels()
        .filter(|f| f.x0 >= x1)
        .map(|f| f.x0)
        .fold(f32::MAX, f32::min);
    labels()
        .filter(|f| overlap(x0, x1, f.x0, f.x1) && f.x0 >= left && f.x1 <= right)
        .filter(|f| !own || f.x0 >= x0 - f.size)
        .flat_map(|f| f.parts.iter().map(|(_, w)| *w))
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, read, rows};

    #[test]
    fn a_row_spanning_columns_not_yet_shown_does_not_widen_the_column() {
        // Rows 一、 and 二、 of section 三 span the group columns, which no
        // label left of the sub-rows' shows yet: the sub-row's label,
        // wrapped where its column ends, goes on below and is not a new
        // paragraph of a wider cell.
        let lines = vec![
            line(
                0.0,
                &[
                    (-60.0, "一、本年新收政府信息公开申请"),
                    (100.0, "1"),
                    (140.0, "0"),
                    (180.0, "1"),
                ],
            ),
            line(
                15.0,
                &[
                    (0.0, "2.其他法律行"),
                    (100.0, "0"),
                    (140.0, "2"),
                    (180.0, "2"),
                ],
            ),
            line(30.0, &[(2.0, "政法规禁止")]),
            line(
                45.0,
                &[
                    (0.0, "3.危及安全"),
                    (100.0, "5"),
                    (140.0, "0"),
                    (180.0, "5"),
                ],
            ),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收政府信息公开申请", "1", "0", "1"],
                vec!["2.其他法律行政法规禁止", "0", "2", "2"],
                vec!["3.危及安全", "5", "0", "5"],
            ]
        );
    }

    #[test]
    fn a_row_spanning_the_group_column_does_not_widen_the_sub_rows_column() {
        // The section's merged `三、…结果` stands left; `(二)部分公开…`
        // spans the group column and the sub-rows' column: the sub-row's
        // label, wrapped where its own column ends, goes on below all the
        // same.
        let value_cells = |a, b, c| [(100.0, a), (140.0, b), (180.0, c)];
        let mut first = vec![(-60.0, "三、"), (-30.0, "(二)部分公开(区分处理的，")];
        first.extend(value_cells("1", "0", "1"));
        let mut second = vec![(-60.0, "果"), (0.0, "2.其他法律行")];
        second.extend(value_cells("0", "2", "2"));
        let mut third = vec![(0.0, "3.危及安全")];
        third.extend(value_cells("5", "0", "5"));
        let lines = vec![
            line(0.0, &first),
            line(15.0, &second),
            line(30.0, &[(2.0, "政法规禁止")]),
            line(45.0, &third),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts)[1..],
            [
                vec!["果", "2.其他法律行政法规禁止", "0", "2", "2"],
                vec!["3.危及安全", "5", "0", "5"],
            ]
        );
    }
}
