//! The row a page break cuts in a table without rulings: the labels of
//! the row the page before ended with go on at the top of the next page,
//! above its first row of numbers.

use super::columns::Known;
use super::lines::join_lines;
use super::unruled::{begins_label, continuation, is_value, Body, Fit, Part, PieceLine, Row};

/// How many rows showing that the cells are aligned to their top a
/// document must have before a label line that begins as a row does is
/// taken for a row of its own.
pub(super) const TOP_ROWS: usize = 2;

/// The rows of `b` whose cells are aligned to their top, as far as one
/// row shows: its numbers stand on the line where its label begins (with
/// numbering or a row's words) and the label goes on over two lines or
/// more below them. Cells aligned to their middle set the numbers of
/// such a row on a line in the middle of its label.
pub(super) fn top_rows(b: &Body) -> usize {
    b.rows
        .iter()
        .filter(|r| {
            !r.unsure
                && r.fields.iter().any(|f| f.number)
                && r.fields
                    .iter()
                    .rfind(|f| !f.number)
                    .is_some_and(|f| f.parts.len() >= 3 && begins_label(&f.parts[0].0))
        })
        .count()
}

/// The row a page's rebuilt table ended with, when the page ended with
/// it, and how many fields it was written with: its labels may go on on
/// the next page.
pub(super) fn left_open(last: Option<Row>, parts: &[Part]) -> Option<(Row, usize)> {
    match parts.last() {
        Some(Part::Table { rows, .. }) => Some((last?, rows.last()?.len())),
        _ => None,
    }
}

/// The lines at the top of the page that continue the labels of the row
/// the page before ended with (`known.open`), as a label line continues
/// the row above it on one page (see `unruled::continuation`), pushed to
/// `out` as that row's rest; returns how many lines they are. The first
/// line that holds a value, or that could begin a row of its own, ends
/// them.
pub(super) fn rest_of_row(
    lines: &[PieceLine],
    close: f32,
    known: &mut Known,
    out: &mut Vec<Part>,
) -> usize {
    let Some((row, len)) = known.open.take() else {
        return 0;
    };
    let Some(top) = lines.first() else {
        return 0;
    };
    let before: Vec<usize> = row.fields.iter().map(|f| f.parts.len()).collect();
    let mut b = Body {
        y0: top.y0,
        rows: vec![row],
        last_y1: top.y0 - close,
        close,
        lines: Vec::new(),
        rebuilt: true,
        groups: Vec::new(),
    };
    let mut n = 0;
    for line in lines {
        if line.pieces.iter().any(|p| is_value(&p.text))
            || !matches!(continuation(&mut b, line), Fit::Joined)
        {
            break;
        }
        n += 1;
    }
    if n == 0 {
        return 0;
    }
    let mut rest = vec![String::new(); len];
    let labels = b.rows[0]
        .fields
        .iter()
        .zip(&before)
        .filter(|(f, _)| !f.number);
    for ((f, &k), field) in labels.zip(rest.iter_mut()) {
        let parts: Vec<String> = f.parts[k..].iter().map(|(t, _)| t.clone()).collect();
        *field = join_lines(&parts);
    }
    out.push(Part::Carry {
        y0: top.y0,
        row: rest,
    });
    n
}

#[cfg(test)]
mod tests {
    use super::super::unruled::read;
    use super::super::unruled::tests::{line, rows};
    use super::*;

    /// A page ending with a row whose label goes on on the next page.
    fn first_page() -> Vec<PieceLine> {
        vec![
            line(
                0.0,
                &[(0.0, "1.甲乙"), (60.0, "3"), (100.0, "4"), (140.0, "7")],
            ),
            line(15.0, &[(0.0, "丙丁戊")]),
            line(
                30.0,
                &[(0.0, "2.己庚"), (60.0, "1"), (100.0, "2"), (140.0, "3")],
            ),
        ]
    }

    fn carried(parts: &[Part]) -> Vec<Vec<String>> {
        parts
            .iter()
            .filter_map(|p| match p {
                Part::Carry { row, .. } => Some(row.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_label_cut_by_the_page_break_goes_on_on_the_next_page() {
        let mut known = Known::default();
        let one = read(&first_page(), &mut known).expect("rebuilt");
        assert_eq!(rows(&one)[1], vec!["2.己庚", "1", "2", "3"]);
        let next = vec![
            line(0.0, &[(0.0, "辛壬")]),
            line(15.0, &[(0.0, "癸")]),
            line(
                30.0,
                &[(0.0, "3.子丑"), (60.0, "4"), (100.0, "6"), (140.0, "10")],
            ),
        ];
        let two = read(&next, &mut known).expect("rebuilt");
        assert_eq!(carried(&two), vec![vec!["辛壬癸", "", "", ""]]);
        // (Its lines are not written again as lines of their own.)
        assert!(!two.iter().any(|p| matches!(p, Part::Line(0 | 1))));
        // A page beginning with a row's numbering, or with numbers, or
        // after a page whose table did not end it: nothing goes on.
        for top in [
            line(0.0, &[(0.0, "3.子丑")]),
            line(0.0, &[(0.0, "3.子"), (60.0, "4")]),
        ] {
            let mut known = Known::default();
            read(&first_page(), &mut known).expect("rebuilt");
            let mut next = next.clone();
            next[0] = top;
            assert!(carried(&read(&next, &mut known).expect("rebuilt")).is_empty());
        }
        let mut known = Known::default();
        let mut ended = first_page();
        ended.push(line(45.0, &[(0.0, "五、存在的主要问题及改进情况")]));
        read(&ended, &mut known).expect("rebuilt");
        assert!(carried(&read(&next, &mut known).expect("rebuilt")).is_empty());
    }
}
