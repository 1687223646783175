//! The value columns of a table rebuilt from a page without rulings
//! (see `unruled`), and its numbers placed under them.

use super::header;
use super::labels::folded_labels;
use super::lines::join_lines;
use super::unruled::{overlap, Body, Field, Part, Piece, PieceLine, Row, UNSURE};

/// Overlapping spans merged, left to right.
fn merge_spans(mut spans: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f32, f32)> = Vec::new();
    for (x0, x1) in spans {
        match out.last_mut() {
            Some(c) if x0 < c.1 => c.1 = c.1.max(x1),
            _ => out.push((x0, x1)),
        }
    }
    out
}

/// The table's rows, with the blanks of each layout's value columns.
/// The columns of the layouts of a template's table that a page showed
/// in full (one row printing a number under each of as many columns as
/// the table has), for the pages around it: a table a page break cuts
/// goes on with rows of the same layouts, their numbers under the same
/// columns. A layout is known by where its rows' last labels stand.
#[derive(Default)]
pub(crate) struct Known {
    /// The span of a layout's last labels, the table's number of value
    /// columns, and the columns.
    layouts: Vec<((f32, f32), usize, Vec<(f32, f32)>)>,
    /// The spans of the numbers of a layout's rows on the pages read so
    /// far, merged, by the span of its last labels and the table's number
    /// of value columns; `None` once they made more columns than that.
    gathered: Vec<((f32, f32), usize, Option<Vec<(f32, f32)>>)>,
    /// The header of the template's table of that many value columns,
    /// from the page it stands on, for the pages after it.
    header: Option<(usize, Vec<PieceLine>)>,
    /// How many layouts were learned, ever.
    pub learned: usize,
    /// How many rows of the tables showed their cells aligned to their
    /// top (see `unruled::top_rows`), on the pages' first reading.
    pub top_rows: usize,
    /// The pages are being read again: what they show was counted.
    pub again: bool,
    /// The last lines of the page before, after its last values.
    pub tail: Vec<PieceLine>,
    /// The row a rebuilt table ended the page before with, and how many
    /// fields it was written with (see `carry`).
    pub open: Option<(Row, usize)>,
    /// The page read last begins with digits that may be the last digits
    /// of the row the page before ended with (see `stacked`).
    pub wrapped_from_before: bool,
    /// The page being read showed its cells aligned to their middle or
    /// bottom, its rows' numbers moved up to their labels (`centred`).
    pub realigned: bool,
    /// The alignments pages proved by themselves (`centred::realign`).
    pub shown: super::centred::Shown,
}

/// The most layouts kept: a table has a few.
const KNOWN_LAYOUTS: usize = 16;

impl Known {
    fn learn(&mut self, labels: (f32, f32), count: usize, columns: Vec<(f32, f32)>) {
        // Known already: nothing new for the pages read before.
        if self
            .layouts
            .iter()
            .any(|(l, n, c)| *n == count && *c == columns && overlap(l.0, l.1, labels.0, labels.1))
        {
            return;
        }
        self.layouts
            .retain(|(l, _, _)| !overlap(l.0, l.1, labels.0, labels.1));
        if self.layouts.len() < KNOWN_LAYOUTS {
            self.layouts.push((labels, count, columns));
            self.learned += 1;
        }
    }

    /// The value columns `columns` a page shows for the layout whose last
    /// labels stand at `labels`, in a table of `count`, gathered with
    /// those the pages before showed for it: once the spans of all its
    /// numbers make as many columns as the table has, apart (see
    /// `together`), they are the layout's.
    fn gather(&mut self, labels: (f32, f32), count: usize, columns: &[(f32, f32)], size: f32) {
        let at = self
            .gathered
            .iter()
            .position(|(l, n, _)| *n == count && overlap(l.0, l.1, labels.0, labels.1));
        let at = match at {
            Some(k) => k,
            None if self.gathered.len() < KNOWN_LAYOUTS => {
                self.gathered.push((labels, count, Some(Vec::new())));
                self.gathered.len() - 1
            }
            None => return,
        };
        let entry = &mut self.gathered[at];
        entry.0 = (entry.0 .0.min(labels.0), entry.0 .1.max(labels.1));
        let Some(spans) = entry.2.as_mut() else {
            return;
        };
        let merged = merge_spans(spans.iter().chain(columns).copied().collect());
        if merged.len() > count {
            entry.2 = None;
            return;
        }
        *spans = merged.clone();
        if merged.len() == count
            && count >= 3
            && merged.windows(2).all(|w| w[1].0 - w[0].1 >= 2.0 * size)
        {
            let labels = entry.0;
            self.learn(labels, count, merged);
        }
    }

    pub(super) fn saw_top_rows(&mut self, n: usize) {
        if !self.again {
            self.top_rows += n;
        }
    }

    /// The columns of the one layout known whose labels stand where
    /// `labels` does, of a table of `count` columns.
    fn columns(&self, labels: (f32, f32), count: usize) -> Option<&[(f32, f32)]> {
        let mut under = self
            .layouts
            .iter()
            .filter(|(l, _, _)| overlap(l.0, l.1, labels.0, labels.1));
        match (under.next(), under.next()) {
            (Some((_, n, c)), None) if *n == count => Some(c),
            _ => None,
        }
    }
}

/// Where the labels of `rows` end.
fn labels_end(rows: &[&Row]) -> f32 {
    rows.iter()
        .flat_map(|r| r.fields.iter().filter(|f| !f.number).map(|f| f.x1))
        .fold(f32::MIN, f32::max)
}

/// The label fields of a row, each its lines joined.
fn labels_of(row: &Row) -> Vec<String> {
    row.fields
        .iter()
        .filter(|f| !f.number)
        .map(|f| {
            let parts: Vec<String> = f.parts.iter().map(|(t, _)| t.clone()).collect();
            join_lines(&parts)
        })
        .collect()
}

/// Where a row's last label stands.
fn last_label(r: &Row) -> Option<(f32, f32)> {
    r.fields
        .iter()
        .rev()
        .find(|f| !f.number)
        .map(|f| (f.x0, f.x1))
}

pub(super) fn finish(mut b: Body, lines: &[PieceLine], known: &mut Known) -> Option<Vec<Part>> {
    // Merged cells' text on lines of their own (see `merged`) is placed
    // among the rows once they are read, as lines holding a label only:
    // it is no row's, and counts in no layout. `merged` takes none that
    // no row follows; where the line below was read otherwise (digits
    // joined to the row above), the text labels no row and is dropped.
    let groups = std::mem::take(&mut b.groups);
    let count = b.rows.len();
    let mut parts = finish_rows(b, lines, known)?;
    if let [Part::Table { rows, .. }] = parts.as_mut_slice() {
        if rows.len() == count {
            for (at, field) in groups.into_iter().rev().filter(|(at, _)| *at < count) {
                let texts: Vec<String> = field.parts.into_iter().map(|(t, _)| t).collect();
                rows.insert(at, vec![join_lines(&texts)]);
            }
        }
    }
    Some(parts)
}

/// The parts [`finish`] reads a table's rows as.
fn finish_rows(b: Body, lines: &[PieceLine], known: &mut Known) -> Option<Vec<Part>> {
    // A table whose rows are one line each is read as its lines, as a
    // page without rulings always was.
    if !b.rebuilt {
        // One row of numbers alone: a table whose header names its
        // columns (see `header::stacked_row`), written with the header's
        // words read down its columns.
        // (Lines after its first are digits wrapped in its cells, joined
        // to them: the row is read from its fields.)
        if let ([row], [i, ..]) = (b.rows.as_slice(), b.lines.as_slice()) {
            if row.fields.iter().all(|f| f.number) {
                // The page's lines are copied only when digits were joined.
                let mut own = std::borrow::Cow::Borrowed(lines);
                if b.lines.len() > 1 {
                    let pieces: Vec<Piece> = row
                        .fields
                        .iter()
                        .map(|f| Piece {
                            x0: f.x0,
                            x1: f.x1,
                            size: f.size,
                            text: f.parts[0].0.clone(),
                        })
                        .collect();
                    let line = &mut own.to_mut()[*i];
                    line.spans = pieces.clone();
                    line.pieces = pieces;
                }
                if let Some(rows) = header::stacked_row(&own, *i, &known.tail) {
                    return Some(vec![Part::Table {
                        y0: b.y0,
                        rows: rows.into(),
                    }]);
                }
            }
        }
        // Rows of one line each under a header row: their numbers under
        // its columns.
        let labels_x1 = labels_end(&b.rows.iter().collect::<Vec<_>>());
        if let Some(columns) = header::row_header(lines, b.lines[0], labels_x1) {
            let rows: Option<Vec<Vec<String>>> = b
                .rows
                .iter()
                .map(|r| {
                    let mut fields = labels_of(r);
                    fields.extend(place(&columns, r)?);
                    Some(fields)
                })
                .collect();
            if let Some(rows) = rows {
                return Some(vec![Part::Table { y0: b.y0, rows }]);
            }
        }
        // Rows of a template's table under a header naming each of its
        // value columns: their numbers under the header's texts.
        let all: Vec<&Row> = b.rows.iter().collect();
        let count = crate::templates::printed::values_per_row(&folded_labels(&b.rows));
        let above = header::above(lines, b.lines[0], &known.tail);
        let table_header = table_header(above, labels_x1, count, known);
        let placed = own_columns(&table_header, &all, count).and_then(|columns| {
            b.rows
                .iter()
                .map(|r| {
                    let mut fields = labels_of(r);
                    fields.extend(place(&columns, r)?);
                    Some(fields)
                })
                .collect::<Option<Vec<_>>>()
        });
        if let Some(rows) = placed {
            return Some(vec![Part::Table { y0: b.y0, rows }]);
        }
        return Some(b.lines.iter().map(|&i| Part::Line(i)).collect());
    }
    // The label columns: the spans of the label fields, merged; a row's
    // layout is the label column of its last label.
    let label_columns = merge_spans(
        b.rows
            .iter()
            .flat_map(|r| r.fields.iter().filter(|f| !f.number).map(|f| (f.x0, f.x1)))
            .collect(),
    );
    let layout = |r: &Row| {
        let last = r.fields.iter().rev().find(|f| !f.number)?;
        label_columns
            .iter()
            .position(|&(c0, c1)| overlap(last.x0, last.x1, c0, c1))
    };
    let layouts: Vec<Option<usize>> = b.rows.iter().map(layout).collect();
    // The value columns of each layout: the spans of its rows' numbers,
    // merged. Every layout of a table prints the same values, so a layout
    // with fewer columns than the widest has columns blank in all its
    // rows, and where its numbers go cannot be told.
    let columns_of = |l: Option<usize>| {
        merge_spans(
            b.rows
                .iter()
                .zip(&layouts)
                .filter(|(_, k)| **k == l)
                .flat_map(|(r, _)| r.fields.iter().filter(|f| f.number).map(|f| (f.x0, f.x1)))
                .collect(),
        )
    };
    let widest = layouts
        .iter()
        .map(|&l| columns_of(l).len())
        .max()
        .unwrap_or(0);
    // The columns the header confirms: those of the whole table, or of a
    // layout, where one row prints a number under each of them and the
    // header above names no other (see `header`). Their number is the
    // table's, and a layout showing as many columns in one row has them
    // all: its blanks are the columns a row prints nothing under.
    let first = b.lines[0];
    let labels_x1 = labels_end;
    let all: Vec<&Row> = b.rows.iter().collect();
    let whole = merge_spans(
        all.iter()
            .filter(|r| !r.unsure)
            .flat_map(|r| r.fields.iter().filter(|f| f.number).map(|f| (f.x0, f.x1)))
            .collect(),
    );
    let whole_shown =
        shown(&whole, &all, APART) && header::agrees(lines, first, &whole, labels_x1(&all));
    let mut kinds: Vec<Option<usize>> = layouts.clone();
    kinds.sort();
    kinds.dedup();
    let of_layout = |l: Option<usize>| -> Vec<&Row> {
        b.rows
            .iter()
            .zip(&layouts)
            .filter(|(_, k)| **k == l)
            .map(|(r, _)| r)
            .collect()
    };
    let mut counts: Vec<usize> = kinds
        .iter()
        .filter_map(|&l| {
            let (cols, rows) = (columns_of(l), of_layout(l));
            (shown(&cols, &rows, APART) && header::agrees(lines, first, &cols, labels_x1(&rows)))
                .then_some(cols.len())
        })
        .collect();
    if whole_shown {
        counts.push(whole.len());
    }
    // The rows of a template's table print as many values as it has
    // columns.
    counts.extend(crate::templates::printed::values_per_row(&folded_labels(
        &b.rows,
    )));
    // Or the header above names section 三's columns (a page holding one
    // row of the table under it).
    let above = header::above(lines, first, &known.tail);
    let words: String = above
        .iter()
        .flat_map(|l| l.pieces.iter())
        .flat_map(|p| p.text.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    counts.extend(crate::templates::printed::values_under_applicant_header(
        &words,
    ));
    counts.sort_unstable();
    counts.dedup();
    // Two counts confirmed: the header is not read right.
    let count = match counts.as_slice() {
        [n] => Some(*n),
        _ => None,
    };
    let table_header = table_header(above, labels_x1(&all), count, known);
    // The columns the header's own texts name, where every row's numbers
    // stand under them.
    let own = own_columns(&table_header, &all, count);
    // The layouts shown in full, for the pages around this one; and the
    // columns each shows, gathered with those of the other pages.
    if let Some(n) = count {
        for &l in &kinds {
            let (cols, rows) = (columns_of(l), of_layout(l));
            let spans: Vec<(f32, f32)> = rows.iter().filter_map(|r| last_label(r)).collect();
            if spans.is_empty() || !rows.iter().all(|r| place(&cols, r).is_some()) {
                continue;
            }
            let x0 = spans.iter().map(|s| s.0).fold(f32::MAX, f32::min);
            let x1 = spans.iter().map(|s| s.1).fold(f32::MIN, f32::max);
            if cols.len() == n
                && (shown(&cols, &rows, APART_COUNTED) || together(&cols, &rows, APART_COUNTED))
            {
                known.learn((x0, x1), n, cols);
                continue;
            }
            // Columns blank in every row that the header names.
            let mut with_blanks = cols.clone();
            if cols.len() < n {
                with_blanks.extend(header::blank_columns(
                    &table_header,
                    &cols,
                    labels_x1(&rows),
                ));
                with_blanks = merge_spans(with_blanks);
            }
            // The header's texts fill their cells: two blank columns side
            // by side are closer than two columns of numbers.
            let apart = with_blanks.windows(2).all(|w| w[1].0 > w[0].1);
            if with_blanks.len() == n
                && with_blanks.len() > cols.len()
                && together(&cols, &rows, APART_COUNTED)
                && apart
                && rows.iter().all(|r| place(&with_blanks, r).is_some())
            {
                known.learn((x0, x1), n, with_blanks);
            } else {
                let size = rows
                    .iter()
                    .flat_map(|r| r.fields.iter().map(|f| f.size))
                    .fold(1.0, f32::max);
                known.gather((x0, x1), n, &with_blanks, size);
            }
        }
    }
    // (Texts side by side, as many as a template's table has columns.)
    let header_row = header::row_header(lines, first, labels_x1(&all))
        .map(|mut columns| {
            columns.sort_by(|a, b| a.0.total_cmp(&b.0));
            columns
        })
        .filter(|columns| {
            columns.windows(2).all(|w| w[1].0 >= w[0].1)
                && count.is_none_or(|n| n == columns.len())
                && b.rows.iter().all(|r| place(columns, r).is_some())
        });
    let mut rows = Vec::with_capacity(b.rows.len());
    for (ri, row) in b.rows.iter().enumerate() {
        // Numbers in two columns of one line are two font sizes apart or
        // more; columns closer than that are two layouts taken for one,
        // and the values of such rows are unsure.
        let columns = columns_of(layouts[ri]);
        let size = row.fields.iter().map(|f| f.size).fold(1.0, f32::max);
        let mut fields = labels_of(row);
        let numbers: Vec<&Field> = row.fields.iter().filter(|f| f.number).collect();
        // Where each number goes: its column, or none when the columns
        // cannot be told (then every value of the row is unsure).
        // A blank anywhere in the layout, a layout of one row or of fewer
        // than three columns: nothing on the page tells how many columns
        // are blank in all its rows, so no value of the layout is placed.
        let mine: Vec<usize> = b
            .rows
            .iter()
            .zip(&layouts)
            .filter(|(r, k)| **k == layouts[ri] && !r.unsure && r.fields.iter().any(|f| f.number))
            .map(|(r, _)| r.fields.iter().filter(|f| f.number).count())
            .collect();
        let blank = mine.iter().any(|&n| n < columns.len());
        let placed: Option<Vec<String>> = if blank
            || mine.len() < 2
            || columns.len() < 3
            || columns.len() != widest
            || columns.windows(2).any(|w| w[1].0 - w[0].1 < 2.0 * size)
        {
            None
        } else {
            place(&columns, row)
        };
        // Else the columns the header confirms.
        let placed = placed
            .or_else(|| {
                let rows = of_layout(layouts[ri]);
                (count == Some(columns.len())
                    && (shown(&columns, &rows, APART_COUNTED)
                        || together(&columns, &rows, APART_COUNTED)))
                .then(|| place(&columns, row))
                .flatten()
            })
            .or_else(|| {
                (whole_shown && count == Some(whole.len()))
                    .then(|| place(&whole, row))
                    .flatten()
            })
            // Else the columns a page before showed for the layout.
            .or_else(|| place(known.columns(last_label(row)?, count?)?, row))
            // Else those of a header row printed on one line, when every
            // row's numbers stand under them.
            .or_else(|| place(header_row.as_ref()?, row))
            // Else those the header's texts name.
            .or_else(|| place(own.as_ref()?, row));
        match placed {
            Some(values) => fields.extend(values),
            None => fields.extend(numbers.iter().map(|_| UNSURE.to_string())),
        }
        rows.push(fields);
    }
    Some(vec![Part::Table { y0: b.y0, rows }])
}

/// The table's header: the lines `above` its first line (see
/// `header::above`; its labels end at `labels_end`), or, on the pages
/// after the one it stands on, kept from there for a table of the same
/// `count` of values.
fn table_header(
    above: Vec<PieceLine>,
    labels_end: f32,
    count: Option<usize>,
    known: &mut Known,
) -> Vec<PieceLine> {
    if let Some(n) = count {
        // (The first: the pages after it show none, or the tail of a row.)
        let kept = known.header.as_ref().is_some_and(|(k, _)| *k == n);
        if !kept
            && above
                .iter()
                .any(|l| l.spans.iter().any(|p| p.x0 >= labels_end))
        {
            known.header = Some((n, above.clone()));
        }
    }
    match &known.header {
        Some((n, lines)) if count == Some(*n) => lines.clone(),
        _ => above,
    }
}

/// The value columns the `header`'s own texts name (see
/// `header::own_columns`), when they are as many as the table's `count`
/// and every number of every row (not unsure) stands under one of them
/// alone, no two of a row under one.
fn own_columns(
    header: &[PieceLine],
    rows: &[&Row],
    count: Option<usize>,
) -> Option<Vec<(f32, f32)>> {
    let columns = header::own_columns(header, labels_end(rows));
    (count == Some(columns.len())
        && rows
            .iter()
            .filter(|r| !r.unsure)
            .all(|r| place(&columns, r).is_some()))
    .then_some(columns)
}

/// The row's numbers under `columns`: a field for each column, empty
/// where no number sits under it, or `None` when a number sits under no
/// column or under two, or two numbers under one column.
fn place(columns: &[(f32, f32)], row: &Row) -> Option<Vec<String>> {
    let numbers: Vec<&Field> = row.fields.iter().filter(|f| f.number).collect();
    let mut out = vec![String::new(); columns.len()];
    for f in &numbers {
        let under: Vec<usize> = (0..columns.len())
            .filter(|&c| overlap(f.x0, f.x1, columns[c].0, columns[c].1))
            .collect();
        match under.as_slice() {
            [c] if out[*c].is_empty() => out[*c] = f.parts[0].0.clone(),
            _ => return None,
        }
    }
    if row.unsure {
        for v in &mut out {
            *v = UNSURE.to_string();
        }
    }
    Some(out)
}

/// The space, in font sizes, between two columns of numbers, where
/// nothing but the numbers shows the columns: closer spans may be two
/// layouts' columns taken for one table's.
const APART: f32 = 2.0;

/// The space, in font sizes, between two columns of numbers whose number
/// is the table's (as many as its rows print values): two layouts' would
/// make more. Numbers that fill narrow cells are no more than the cells'
/// margins apart.
const APART_COUNTED: f32 = 1.0;

/// Whether `columns` are all the value columns `rows` show: three or
/// more, `apart` font sizes apart or more, and one of the rows (not unsure)
/// prints a number under every one of them. A column blank in every row
/// is then missing from them all, which the header tells (see
/// `header`).
fn shown(columns: &[(f32, f32)], rows: &[&Row], apart: f32) -> bool {
    let sure = || rows.iter().filter(|r| !r.unsure);
    let size = sure()
        .flat_map(|r| r.fields.iter().map(|f| f.size))
        .fold(1.0, f32::max);
    columns.len() >= 3
        && columns.windows(2).all(|w| w[1].0 - w[0].1 >= apart * size)
        && sure().any(|r| place(columns, r).is_some_and(|v| v.iter().all(|x| !x.is_empty())))
}

/// Whether `columns`, the spans of the numbers of a layout's rows merged,
/// are columns the rows show together: three or more, `apart` font sizes
/// apart or more, and every number of every row under one of them alone,
/// no two of a row under one. When there are as many as the table has
/// values, no column is blank in all the rows (it would leave one too
/// few), so they are all, though no one row prints under each.
fn together(columns: &[(f32, f32)], rows: &[&Row], apart: f32) -> bool {
    let size = rows
        .iter()
        .flat_map(|r| r.fields.iter().map(|f| f.size))
        .fold(1.0, f32::max);
    columns.len() >= 3
        && columns.windows(2).all(|w| w[1].0 - w[0].1 >= apart * size)
        && rows.iter().all(|r| place(columns, r).is_some())
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, read, rows, U};
    use super::*;

    #[test]
    fn rows_that_print_every_column_together_have_them_all() {
        // No row prints all seven of section 三's columns, but the two
        // together do, each number under one of them: the blanks are
        // the columns a row prints nothing under.
        let lines = vec![
            line(
                0.0,
                &[(0.0, "一、本"), (60.0, "3"), (100.0, "4"), (140.0, "7")],
            ),
            line(15.0, &[(0.0, "年新收")]),
            line(
                30.0,
                &[
                    (0.0, "二、上"),
                    (180.0, "1"),
                    (220.0, "2"),
                    (260.0, "5"),
                    (300.0, "8"),
                ],
            ),
            line(45.0, &[(0.0, "年结转")]),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收", "3", "4", "7", "", "", "", ""],
                vec!["二、上年结转", "", "", "", "1", "2", "5", "8"],
            ]
        );
        // Six columns together: one may be blank in both rows.
        let mut six = lines.clone();
        six[2].pieces.remove(1);
        assert_eq!(
            rows(&read(&six).expect("rebuilt"))[1],
            vec!["二、上年结转", U, U, U]
        );
        // A number right of them makes eight: not the table's.
        let mut off = lines.clone();
        off[2]
            .pieces
            .push(line(30.0, &[(330.0, "6")]).pieces.remove(0));
        assert_eq!(
            rows(&read(&off).expect("rebuilt"))[0],
            vec!["一、本年新收", U, U, U]
        );
    }

    /// Rows of section 三's layout `一、本`/`二、上` printing values under
    /// the columns at `xs` (40 apart from 60), two lines each.
    fn page(top: f32, first: &[f32], second: &[f32]) -> Vec<PieceLine> {
        let values = |label: &'static str, xs: &[f32]| {
            let mut pieces = vec![(0.0, label)];
            pieces.extend(xs.iter().map(|&x| (x, "5")));
            pieces
        };
        vec![
            line(top, &values("一、本", first)),
            line(top + 15.0, &[(0.0, "年新收")]),
            line(top + 30.0, &values("二、上", second)),
            line(top + 45.0, &[(0.0, "年结转")]),
        ]
    }

    #[test]
    fn columns_the_pages_show_together_place_the_rows_of_each() {
        // The first page shows four of the seven columns, the second the
        // other three: then the layout has them all, and each page read
        // again places its rows.
        let mut known = Known::default();
        let one = page(0.0, &[60.0, 100.0], &[140.0, 180.0]);
        let two = page(0.0, &[220.0, 260.0], &[300.0]);
        let read_one = super::super::unruled::read(&one, &mut known).expect("rebuilt");
        assert_eq!(rows(&read_one)[0], vec!["一、本年新收", U, U]);
        let read_two = super::super::unruled::read(&two, &mut known).expect("rebuilt");
        assert_eq!(
            rows(&read_two)[1],
            vec!["二、上年结转", "", "", "", "", "", "", "5"]
        );
        let again = super::super::unruled::read(&one, &mut known).expect("rebuilt");
        assert_eq!(
            rows(&again)[0],
            vec!["一、本年新收", "5", "5", "", "", "", "", ""]
        );
        // A page showing a number off those columns: eight spans, more
        // than the table's columns, and nothing is learned from them.
        let mut known = Known::default();
        let off = page(0.0, &[60.0, 100.0], &[140.0, 180.0, 330.0]);
        super::super::unruled::read(&off, &mut known).expect("rebuilt");
        let read_two = super::super::unruled::read(&two, &mut known).expect("rebuilt");
        assert_eq!(rows(&read_two)[1], vec!["二、上年结转", U]);
        assert_eq!(known.learned, 0);
    }

    #[test]
    fn a_column_blank_in_every_row_is_where_the_header_names_one() {
        // The rows show six of section 三's seven columns; the header
        // names a seventh between them, over no number: it is the column
        // blank in every row.
        let header = |fourth: (f32, &'static str)| {
            let mut texts = vec![(0.0, "项目")];
            texts.extend([55.0, 95.0, 135.0].iter().map(|&x| (x, "名称")));
            texts.push(fourth);
            texts.extend([215.0, 255.0, 295.0].iter().map(|&x| (x, "名称")));
            line(-15.0, &texts)
        };
        let mut lines = page(0.0, &[60.0, 100.0, 140.0], &[220.0, 260.0, 300.0]);
        lines.insert(0, header((175.0, "名称")));
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收", "5", "5", "5", "", "", "", ""],
                vec!["二、上年结转", "", "", "", "", "5", "5", "5"],
            ]
        );
        // Header text as wide as a cell spanning several columns names
        // none of its own.
        lines[0] = header((150.0, "法人或其他组织"));
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[0], vec!["一、本年新收", U, U, U]);
    }

    /// Section 三's table on one grid: a header whose column words wrap
    /// two characters a line (one column every 40 from x = 200), over
    /// rows of one line each, their labels 180 wide, a number centred
    /// under its column's words.
    fn gridded(rows: &[(&'static str, &[(usize, &'static str)])]) -> Vec<PieceLine> {
        let words = [
            ["自然", "人"],
            ["商业", "企业"],
            ["科研", "机构"],
            ["社会", "公益"],
            ["法律", "服务"],
            ["其他", ""],
            ["总计", ""],
        ];
        let header = |k: usize| -> Vec<(f32, &'static str)> {
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| !w[k].is_empty())
                .map(|(c, w)| (200.0 + 40.0 * c as f32, w[k]))
                .collect()
        };
        let mut first = vec![(0.0, "（本列数据的勾稽关系）")];
        first.push((240.0, "申请人情况"));
        let mut lines = vec![
            line(-45.0, &first),
            line(-30.0, &header(0)),
            line(-15.0, &header(1)),
        ];
        for (i, (label, values)) in rows.iter().enumerate() {
            let mut pieces = vec![(0.0, *label)];
            pieces.extend(values.iter().map(|&(c, v)| (205.0 + 40.0 * c as f32, v)));
            lines.push(line(15.0 * i as f32, &pieces));
        }
        lines
    }

    #[test]
    fn numbers_filling_narrow_cells_are_columns_when_the_table_has_that_many() {
        // Seven columns of 15-wide numbers 12 apart (a cell's margins,
        // under two font sizes), the second row's label wrapped: its
        // labels name section 三's table, of seven values a row.
        let row = |top: f32, label: &'static str, v: &'static str| {
            let mut pieces = vec![(0.0, label)];
            pieces.extend((0..7).map(|k| (200.0 + 27.0 * k as f32, v)));
            line(top, &pieces)
        };
        let lines = vec![
            row(0.0, "一、本年新收政府", "123"),
            line(15.0, &[(0.0, "信息公开申请数量")]),
            row(30.0, "二、上年结转政府", "456"),
            line(45.0, &[(0.0, "信息公开申请数量")]),
        ];
        let got = rows(&read(&lines).expect("rebuilt"));
        assert_eq!(got[1][1..], vec!["456"; 7]);
        // Labels that name no table: how many columns is not known, and
        // columns that close may be two layouts' taken for one.
        let mut other = lines.clone();
        other[0].pieces[0].text = "甲、本年".into();
        other[1].pieces[0].text = "乙项".into();
        other[2].pieces[0].text = "丙、上年".into();
        other[3].pieces[0].text = "丁项".into();
        let got = rows(&read(&other).expect("rebuilt"));
        assert_eq!(got[1][1..], vec![U; 7]);
    }

    #[test]
    fn a_row_alone_under_section3s_header_has_its_seven_columns() {
        // A page holding one row of the table and the label of the next
        // (the page break cuts the rest): the labels name one row only,
        // the header (申请人情况) the table and its seven values.
        let mut pieces = vec![(0.0, "一、本年新收政府信息公开申请数量")];
        pieces.extend((0..7).map(|k| (200.0 + 30.0 * k as f32, "12")));
        let lines = vec![
            line(0.0, &[(200.0, "申请人情况")]),
            line(15.0, &pieces),
            line(30.0, &[(0.0, "（二）")]),
        ];
        let got = rows(&read(&lines).expect("read"));
        assert_eq!(got[0][1..], vec!["12"; 7]);
        // Another header: how many values is not known.
        let mut other = lines;
        other[0] = line(0.0, &[(200.0, "本年新增")]);
        let got = rows(&read(&other).expect("read"));
        assert_eq!(got[0][1..], vec![U; 7]);
    }

    #[test]
    fn rows_of_one_line_stand_under_the_columns_their_header_names() {
        // No row prints a number under 科研 or 社会: the numbers alone show
        // five columns, the header seven.
        let lines = gridded(&[
            (
                "一、本年新收政府信息公开申请数量",
                &[(0, "10"), (5, "1"), (6, "11")],
            ),
            ("二、上年结转政府信息公开申请数量", &[(4, "1"), (6, "1")]),
            ("（七）总计", &[(0, "10"), (1, "2"), (4, "1"), (6, "13")]),
        ]);
        let parts = read(&lines).expect("read");
        assert_eq!(
            rows(&parts),
            vec![
                vec![
                    "一、本年新收政府信息公开申请数量",
                    "10",
                    "",
                    "",
                    "",
                    "",
                    "1",
                    "11"
                ],
                vec![
                    "二、上年结转政府信息公开申请数量",
                    "",
                    "",
                    "",
                    "",
                    "1",
                    "",
                    "1"
                ],
                vec!["（七）总计", "10", "2", "", "", "1", "", "13"],
            ]
        );
        // A header word missing: six texts for seven columns, nothing
        // placed (the rows stay lines, their blanks dropped).
        let mut short = lines.clone();
        short[1].spans.retain(|p| p.text != "社会");
        short[2].spans.retain(|p| p.text != "公益");
        assert!(rows(&read(&short).expect("read")).is_empty());
        // A label reaching under the first column's words (rows laid out
        // each on its own): the header's texts right of it are too few.
        let mut reaching = lines.clone();
        reaching[3].pieces[0].x1 = 215.0;
        reaching[3].spans[0].x1 = 215.0;
        assert!(rows(&read(&reaching).expect("read")).is_empty());
        // A number under no column's words: nothing placed.
        let mut off = lines;
        off[4].pieces[1].x0 = 225.0;
        off[4].pieces[1].x1 = 230.0;
        off[4].spans[1] = off[4].pieces[1].clone();
        assert!(rows(&read(&off).expect("read")).is_empty());
    }

    #[test]
    fn wrapped_rows_under_a_header_row_take_its_columns() {
        // A label wrapped over two lines, rows printing blanks, and a
        // header printed on one line naming every column.
        let mut lines = vec![
            line(
                0.0,
                &[
                    (0.0, "信息内容"),
                    (60.0, "本年制发"),
                    (110.0, "本年废止"),
                    (160.0, "现行有效"),
                ],
            ),
            line(15.0, &[(0.0, "规章"), (170.0, "3")]),
            line(30.0, &[(0.0, "规范性文"), (70.0, "14"), (170.0, "192")]),
            line(45.0, &[(0.0, "件")]),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["规章", "", "", "3"],
                vec!["规范性文件", "14", "", "192"]
            ]
        );
        // A number under none of its texts: no row takes them.
        lines[1] = line(15.0, &[(0.0, "规章"), (102.0, "3")]);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["规范性文件", U, U]);
    }
}
