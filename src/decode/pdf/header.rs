//! The column headers of a table drawn without rulings, read to check the
//! value columns its numbers show (see `unruled`).
//!
//! The numbers of a table show its value columns only where some row
//! prints a number: a column blank in every row leaves no trace among
//! them, and its rows would then be read with a value too few, each
//! number taken for the one before it. The header names every column,
//! blank or not: its text sits in the column's cell, and a cell's text
//! keeps a cell's margins (some points each side) away from its
//! neighbours', so a header's words are cut into the text of their cells
//! at much smaller gaps than the cells of a row of data.
//!
//! A header agrees with the columns the numbers show when every one of
//! them has header text over it alone (a header cell of that column) and
//! no header text right of the labels stands over none of them (the
//! header of a column where no row prints a number). Header text over
//! several columns is a cell spanning them (`申请人情况`) and tells
//! nothing. Text that is not a header at all (a heading, prose) starts
//! at the left margin, among the labels, or spans the columns: it is left
//! out, or at worst makes the header disagree, and the values are then
//! left unsure, never placed wrong.

use super::unruled::PieceLine;

/// The gap, in font sizes, that cuts a header's line into the text of
/// its cells: the characters of a word sit closer, two cells' texts are
/// two cell margins apart or more.
pub(crate) const HEADER_GAP: f32 = 0.3;

/// How many lines above a table's first row are read for its header.
const HEADER_LINES: usize = 24;

fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> bool {
    a0 < b1 && b0 < a1
}

/// The lines above the table's first line `first` that may hold its
/// header: the lines without numbers up to the nearest line with numbers
/// not under `columns` (a row of another table; the rows of the table
/// itself, cut from these rows by a line the table could not take, are
/// passed over).
fn header_lines<'a>(
    lines: &'a [PieceLine],
    first: usize,
    columns: &[(f32, f32)],
) -> Vec<&'a PieceLine> {
    let mut out = Vec::new();
    for line in lines[..first].iter().rev() {
        if out.len() == HEADER_LINES {
            break;
        }
        if !line.has_number() {
            out.push(line);
            continue;
        }
        let fits = line
            .pieces
            .iter()
            .filter(|p| super::page::is_number(&p.text))
            .all(|p| {
                columns
                    .iter()
                    .filter(|c| overlap(p.x0, p.x1, c.0, c.1))
                    .count()
                    == 1
            });
        if !fits {
            break;
        }
    }
    out
}

/// Whether the header above the table's first line `first` agrees with
/// the value `columns` its numbers show, right of the labels that end at
/// `labels_x1`.
pub(crate) fn agrees(
    lines: &[PieceLine],
    first: usize,
    columns: &[(f32, f32)],
    labels_x1: f32,
) -> bool {
    let mut seen = vec![false; columns.len()];
    for line in header_lines(lines, first, columns) {
        for &(x0, x1) in &line.spans {
            if x0 < labels_x1 {
                continue;
            }
            let under: Vec<usize> = (0..columns.len())
                .filter(|&c| overlap(x0, x1, columns[c].0, columns[c].1))
                .collect();
            match under.as_slice() {
                [] => return false,
                [c] => seen[*c] = true,
                _ => {}
            }
        }
    }
    seen.iter().all(|&s| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(spans: &[(f32, f32)]) -> PieceLine {
        PieceLine {
            y0: 0.0,
            y1: 12.0,
            pieces: Vec::new(),
            spans: spans.to_vec(),
        }
    }

    const COLUMNS: &[(f32, f32)] = &[(60.0, 70.0), (100.0, 105.0), (140.0, 150.0)];

    #[test]
    fn a_header_over_every_column_agrees() {
        let header = [
            line(&[(0.0, 30.0), (70.0, 140.0)]),
            line(&[(55.0, 75.0), (95.0, 115.0), (135.0, 155.0)]),
        ];
        assert!(agrees(&header, header.len(), COLUMNS, 40.0));
    }

    #[test]
    fn a_header_between_the_columns_is_a_blank_column() {
        // "其他" over no column: a column no row prints a number under.
        let header = [
            line(&[(55.0, 75.0), (80.0, 95.0), (95.0, 115.0)]),
            line(&[(135.0, 155.0)]),
        ];
        assert!(!agrees(&header, header.len(), COLUMNS, 40.0));
        // Among the labels, it is the labels' header.
        let header = [line(&[
            (10.0, 35.0),
            (55.0, 75.0),
            (95.0, 115.0),
            (135.0, 155.0),
        ])];
        assert!(agrees(&header, header.len(), COLUMNS, 40.0));
    }

    #[test]
    fn no_header_over_a_column_does_not_agree() {
        let header = [line(&[(55.0, 75.0), (95.0, 115.0)])];
        assert!(!agrees(&header, header.len(), COLUMNS, 40.0));
        assert!(!agrees(&[], 0, COLUMNS, 40.0));
    }
}
