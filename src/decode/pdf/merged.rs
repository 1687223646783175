//! The text of a merged cell that stands left of the rows' own labels in
//! a table without rulings, on lines of its own: a group's label
//! (`（三）不予公开`, `（六）其他处理`) or the section's column
//! (`三、本年度办理结果`) centred or set at the bottom of the rows it
//! spans.
//!
//! Where cells are aligned to their top, such a label begins on the line
//! of its first row and is read as one of that row's fields. Centred, it
//! begins halfway down its rows, on a line that holds no numbers and no
//! text under any field above: read as a line of the page, it ended the
//! table there, and read as a row, it was a row of blank cells. It is
//! neither: it labels the rows it spans, holds no value of its own, and is
//! written as a line inside the table (its label only), the table going
//! on around it.
//!
//! A line's pieces are such text only where they stand wholly left of the
//! label of the table's last row of numbers, and either begin as a
//! template's row does, go on a merged label met before, or stand under
//! no field of the table (pieces there that go on a label a row holds,
//! the section's `三、…` read with its first row, stay on the line with
//! its other label pieces); and only where the table goes on: on the
//! line itself, a piece in the rows' label column going on the label
//! above, or below: the next lines are label lines of the table or more
//! such text, down to a row of numbers whose label stands in the same
//! column as that last row's. A heading or a paragraph after the table
//! stands across the label column, or is followed by lines that do: the
//! table ends there as before.

use super::labels::{begins_label, column_width};
use super::unruled::{is_value, overlap, Body, Field, Piece, PieceLine};

/// How many lines below a merged label the table's next row of numbers
/// may be.
const LOOK: usize = 8;

/// How far below the line above, in heights of the line, a line may
/// stand and still be the table's.
const NEAR: f32 = 2.0;

/// Takes from line `i` the pieces that are a merged cell's text (see the
/// module's notes) into `b`'s merged labels. Returns the line's other
/// pieces, to be read as any label line; `None` when the line holds no
/// such text, and then nothing is taken.
pub(super) fn take(b: &mut Body, lines: &[PieceLine], i: usize) -> Option<PieceLine> {
    let line = &lines[i];
    if line.pieces.iter().any(|p| is_value(&p.text)) {
        return None;
    }
    let (row_x0, row_x1) = row_label(b)?;
    let (left, rest): (Vec<&Piece>, Vec<&Piece>) = line.pieces.iter().partition(|p| p.x1 <= row_x0);
    if left.is_empty() {
        return None;
    }
    let height = line.y1 - line.y0;
    if line.y0 - b.last_y1 > NEAR * height {
        return None;
    }
    // What each piece on the left is: a merged label's start, or the next
    // line of the merged label it stands under.
    let mut takes: Vec<(&Piece, Option<usize>)> = Vec::with_capacity(left.len());
    // Pieces that go on a label a row holds left of the rows' own (the
    // section's merged `三、…` read with its first row): read with the
    // line's other label pieces.
    let mut carried: Vec<&Piece> = Vec::new();
    for p in &left {
        // The nearest text above the piece: a merged label taken before,
        // or a label field of a row (groups[g].0 rows were above it).
        let under_group = b
            .groups
            .iter()
            .rposition(|(_, f)| overlap(p.x0, p.x1, f.x0, f.x1));
        let under_row = b.rows.iter().rposition(|r| {
            r.fields
                .iter()
                .any(|f| !f.number && overlap(p.x0, p.x1, f.x0, f.x1))
        });
        let to = match (under_group, under_row) {
            _ if begins_label(&p.text) => None,
            // The next line of a label a row holds (a merged cell read
            // with its first row).
            (g, Some(r)) if g.is_none_or(|g| b.groups[g].0 <= r) => {
                carried.push(p);
                continue;
            }
            (Some(g), _) => Some(g),
            (None, _) => None,
        };
        takes.push((p, to));
    }
    // Nothing merged: the line is read as before.
    if takes.is_empty() {
        return None;
    }
    // The other pieces go on labels of the table's rows.
    let mut rest = PieceLine {
        y0: line.y0,
        y1: line.y1,
        pieces: rest.into_iter().cloned().collect(),
        spans: Vec::new(),
    };
    if !rest.pieces.is_empty() && !within_labels(b, &rest, (row_x0, row_x1)) {
        return None;
    }
    rest.pieces.splice(0..0, carried.into_iter().cloned());
    // The table goes on below, or on the line itself: its pieces in the
    // rows' label column go on the label of the row above.
    let goes_on_here = rest
        .pieces
        .iter()
        .any(|p| overlap(p.x0, p.x1, row_x0, row_x1) && !begins_label(&p.text));
    if !goes_on_here && !goes_on(b, lines, i, (row_x0, row_x1)) {
        return None;
    }
    for &(p, to) in &takes {
        match to {
            Some(g) => {
                let f = &mut b.groups[g].1;
                f.x0 = f.x0.min(p.x0);
                f.x1 = f.x1.max(p.x1);
                f.parts.push((p.text.clone(), p.x1 - p.x0));
            }
            None => b.groups.push((b.rows.len(), Field::of(p, false))),
        }
    }
    // (The spans of the pieces taken leave the line.)
    let taken = |s: &Piece| takes.iter().any(|(p, _)| overlap(s.x0, s.x1, p.x0, p.x1));
    rest.spans = line.spans.iter().filter(|s| !taken(s)).cloned().collect();
    b.rebuilt = true;
    Some(rest)
}

/// The label of the table's last row of numbers: where its rows' own
/// labels stand.
fn row_label(b: &Body) -> Option<(f32, f32)> {
    let row = b
        .rows
        .iter()
        .rev()
        .find(|r| r.fields.iter().any(|f| f.number))?;
    let f = row.fields.iter().rfind(|f| !f.number)?;
    Some((f.x0, f.x1))
}

/// Whether every piece of `line` stands in the label column at `column`
/// and is no wider than its lines: a label wrapped in its cell.
fn within_labels(b: &Body, line: &PieceLine, column: (f32, f32)) -> bool {
    let width = column_width(b, column.0, column.1, false);
    line.pieces.iter().all(|p| {
        !is_value(&p.text)
            && overlap(p.x0, p.x1, column.0, column.1)
            && p.x1 - p.x0 <= width + p.size
    })
}

/// Whether the table goes on below line `i`: the lines after it are label
/// lines of the table's label column or merged text left of it, down to
/// a row of numbers whose label stands in that column.
fn goes_on(b: &Body, lines: &[PieceLine], i: usize, column: (f32, f32)) -> bool {
    let mut above = lines[i].y1;
    for l in lines
        .iter()
        .skip(i + 1)
        .filter(|l| !l.pieces.is_empty())
        .take(LOOK)
    {
        if l.y0 - above > NEAR * (l.y1 - l.y0) {
            return false;
        }
        above = l.y1;
        let (left, rest): (Vec<&Piece>, Vec<&Piece>) = l
            .pieces
            .iter()
            .partition(|p| p.x1 <= column.0 && !is_value(&p.text));
        let first_value = rest.iter().position(|p| is_value(&p.text));
        match first_value {
            Some(k) => {
                // A row: its last label stands in the column.
                return k > 0
                    && overlap(rest[k - 1].x0, rest[k - 1].x1, column.0, column.1)
                    && rest[k..].iter().all(|p| is_value(&p.text));
            }
            None => {
                let rest = PieceLine {
                    y0: l.y0,
                    y1: l.y1,
                    pieces: rest.into_iter().cloned().collect(),
                    spans: Vec::new(),
                };
                if left.is_empty() && rest.pieces.is_empty() {
                    return false;
                }
                if !rest.pieces.is_empty() && !within_labels(b, &rest, column) {
                    return false;
                }
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, rows};
    use super::super::unruled::{read, Known, Part};

    /// Section 三's rows (三) 4–6 as a page aligned to the middle reads
    /// once its numbers are moved up: the group's label `（三）不予公开`
    /// centred in its merged cell, on lines of its own left of the rows'
    /// labels, between them.
    fn page() -> Vec<super::PieceLine> {
        let values = |y: f32, v: [&'static str; 3]| {
            line(y, &[(0.0, ""), (80.0, v[0]), (120.0, v[1]), (160.0, v[2])])
        };
        let mut lines = vec![
            values(0.0, ["1", "0", "1"]),
            line(15.0, &[(0.0, "方合法权益")]),
            line(30.0, &[(-50.0, "（三）不")]),
            values(45.0, ["2", "1", "3"]),
            line(60.0, &[(-45.0, "予公开")]),
            line(75.0, &[(0.0, "内部事务信")]),
            line(90.0, &[(5.0, "息")]),
            values(105.0, ["0", "0", "0"]),
            line(120.0, &[(0.0, "过程性信息")]),
        ];
        for (i, label) in [(0, "4．保护第三"), (3, "5．属于三类"), (7, "6．属于四类")]
        {
            let with_label = line(lines[i].y0, &[(0.0, label)]);
            lines[i].pieces[0] = with_label.pieces[0].clone();
            lines[i].spans[0] = with_label.spans[0].clone();
        }
        lines
    }

    fn realigned() -> Known {
        let mut known = Known::default();
        known.realigned = true;
        known
    }

    fn labels(parts: &[Part]) -> Vec<String> {
        rows(parts).into_iter().map(|r| r[0].clone()).collect()
    }

    #[test]
    fn a_merged_label_between_the_rows_it_spans_is_a_line_of_the_table() {
        let parts = read(&page(), &mut realigned()).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["4．保护第三方合法权益", "1", "0", "1"],
                vec!["（三）不予公开"],
                vec!["5．属于三类内部事务信息", "2", "1", "3"],
                vec!["6．属于四类过程性信息", "0", "0", "0"],
            ]
        );
        assert!(parts.iter().all(|p| !matches!(p, Part::Line(_))));
    }

    #[test]
    fn a_merged_label_beside_lines_that_go_on_a_rows_labels_is_taken() {
        // `（五）不` centred in its group's merged cell, on a line whose
        // other pieces go on the labels of the row above: the section's
        // merged `三、本年度办` (read with that row) and the row's own.
        let values = |v: [&'static str; 3]| [(80.0, v[0]), (120.0, v[1]), (160.0, v[2])];
        let mut row = vec![(-100.0, "三、"), (0.0, "5．要求确认")];
        row.extend(values(["1", "0", "1"]));
        let mut next = vec![(0.0, "6．其他")];
        next.extend(values(["2", "0", "2"]));
        let lines = vec![
            line(0.0, &row),
            line(
                15.0,
                &[(-100.0, "本年"), (-50.0, "（五）不"), (0.0, "重新出具")],
            ),
            line(30.0, &[(-100.0, "度办"), (-45.0, "予处理")]),
            line(45.0, &next),
        ];
        let parts = read(&lines, &mut realigned()).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["三、本年度办", "5．要求确认重新出具", "1", "0", "1"],
                vec!["（五）不予处理"],
                vec!["6．其他", "2", "0", "2"],
            ]
        );
    }

    #[test]
    fn a_merged_label_beside_a_long_label_going_on_is_taken() {
        // The row's label goes on for more lines than the next row of
        // numbers is looked for below; the line itself shows the table
        // going on: its piece in the rows' label column goes on the
        // label above.
        let values = |v: [&'static str; 3]| [(80.0, v[0]), (120.0, v[1]), (160.0, v[2])];
        let mut row = vec![(0.0, "1.申请")];
        row.extend(values(["6", "1", "7"]));
        let mut lines = vec![
            line(0.0, &row),
            line(15.0, &[(-50.0, "（五）不"), (0.0, "人无正")]),
        ];
        for k in 0..super::LOOK {
            lines.push(line(30.0 + 15.0 * k as f32, &[(0.0, "当理由")]));
        }
        let mut next = vec![(0.0, "2.其他")];
        next.extend(values(["0", "0", "0"]));
        let top = lines.last().expect("lines").y1 + 3.0;
        lines.push(line(top, &next));
        let parts = read(&lines, &mut realigned()).expect("rebuilt");
        let label = format!("1.申请人无正{}", "当理由".repeat(super::LOOK));
        assert_eq!(
            rows(&parts),
            vec![
                vec![label.as_str(), "6", "1", "7"],
                vec!["（五）不"],
                vec!["2.其他", "0", "0", "0"],
            ]
        );
    }

    #[test]
    fn nothing_is_taken_where_the_page_does_not_show_its_alignment() {
        // Not moved up, no rows shown aligned to their top: the line ends
        // the table as it always did.
        let parts = read(&page(), &mut Known::default()).expect("read");
        assert!(!labels(&parts).iter().any(|l| l.contains("（三）")));
        assert!(parts.iter().any(|p| matches!(p, Part::Line(2))));
    }

    #[test]
    fn a_heading_after_the_table_is_no_merged_label() {
        // Left of the rows' labels, but what follows is a paragraph across
        // the label column, not the table going on.
        let mut lines = page();
        let top = lines.last().expect("lines").y1 + 3.0;
        lines.push(line(top, &[(-50.0, "（四）其他")]));
        lines.push(line(
            top + 15.0,
            &[(
                -50.0,
                "本机关全年未收到行政复议申请，也未发生行政诉讼案件。",
            )],
        ));
        let parts = read(&lines, &mut realigned()).expect("rebuilt");
        let found = labels(&parts);
        assert_eq!(
            found.last().map(String::as_str),
            Some("6．属于四类过程性信息")
        );
        assert!(!found.iter().any(|l| l.contains("（四）")));
        let n = lines.len();
        assert!(parts
            .iter()
            .any(|p| matches!(p, Part::Line(i) if *i == n - 2)));
        // Nor is one the table does not go on below at all.
        let lines: Vec<_> = page().into_iter().take(3).collect();
        let parts = read(&lines, &mut realigned()).expect("rebuilt");
        assert!(!labels(&parts).iter().any(|l| l.contains("（三）")));
    }
}
