//! Tables drawn without rulings: the rows rebuilt from where the text
//! sits, so that a label wrapped over several lines inside a narrow cell
//! is joined to the row it belongs to and a blank cell is an empty field.
//!
//! The reading rests on how a word processor lays out a table whose
//! cells are aligned to their top (the default of Word and of the tables
//! exported from it): every cell of a row begins on the row's first line,
//! so a line holding numbers is the first line of a row, and a line below
//! it holding only label text continues the labels of the rows above.
//! Such a line's pieces go, each, to the nearest row above that has a
//! label field where the piece is (a row without a field there is one a
//! merged cell spans).
//!
//! The value columns of a row are found from the numbers of the rows
//! whose labels end where its own do (rows of one layout): every number
//! of such rows, by the span it covers, and a blank of the row is an
//! empty field where another row of its layout prints a number (see
//! `columns`). A dash printed for none (`-`, `—`) holds its cell as a
//! number does. A column blank in every row of a layout leaves no trace
//! among its numbers, so blanks are placed only once the layout's
//! columns are known to be all: one row prints a value under each, and
//! their number is the table's (the count the template prints for the
//! rows the labels name, or a header over the columns naming no other,
//! see `header`); the layouts so shown are kept for the document's other
//! pages, where a page break cuts the table. Rows of one line each under
//! a header row printed on one line take its columns, and a row of
//! numbers alone under a header of narrow columns (section 四) the
//! columns its words stand in.
//!
//! Nothing is guessed. A label line that could begin a row of its own
//! (a row without numbers) as well as continue the row above is made a
//! row of its own, and that row gets U+FFFD for its values (left null
//! downstream, never given another row's numbers); so does the row
//! above, unless its numbers stand on the line where its label begins as
//! a row does: numbers are there only in their own row, however the cells
//! are aligned (a label centred or set at the bottom of its cell begins
//! above its numbers unless it is one line). Such a line:
//! - continues a field whose last line stopped two characters or more
//!   short of the column's width (a new paragraph);
//! - begins as a row of the templates does, with numbering (`（二）`,
//!   `2.`) or a row's words, after a field that holds more than
//!   numbering;
//! - is set off from the line above by more than the page's usual line
//!   spacing (padding between rows).
//!
//! The values of a row are U+FFFD too when its layout's value columns
//! cannot be told: fewer than another layout of the table has (a column
//! blank in every row of the layout), columns of two layouts taken for
//! one, two numbers of the row under one column. A number line with
//! text right of a number is no table row at all: then the page's rows are not rebuilt and the
//! caller keeps its own reading (`unsure::unsure_unruled_rows`, which
//! leaves the numbers unsure).

use super::carry::{self, top_rows, TOP_ROWS};
use super::columns::finish;
pub(crate) use super::columns::Known;
use super::header;
pub(super) use super::labels::{
    begins_label, compact, continuation, join_within_row, numbers_where_label_begins, Fit,
};
use super::merged;
pub(crate) use super::pieces::{is_value, Piece, PieceLine};
use super::stacked;

/// What a page without rulings reads as.
#[derive(Debug)]
pub(crate) enum Part {
    /// The line of that index, as it is.
    Line(usize),
    /// A rebuilt table: its top and its rows.
    Table { y0: f32, rows: Vec<Vec<String>> },
    /// The rest of the row the page before ended with: its fields'
    /// lines on this page, empty where none.
    Carry { y0: f32, row: Vec<String> },
}

#[derive(Clone)]
pub(super) struct Field {
    pub(super) x0: f32,
    pub(super) x1: f32,
    pub(super) size: f32,
    pub(super) number: bool,
    /// The field's lines, with the width each covers.
    pub(super) parts: Vec<(String, f32)>,
}

impl Field {
    /// The field one piece of a line makes.
    pub(super) fn of(p: &Piece, number: bool) -> Field {
        Field {
            x0: p.x0,
            x1: p.x1,
            size: p.size,
            number,
            parts: vec![(p.text.clone(), p.x1 - p.x0)],
        }
    }
}

#[derive(Clone)]
pub(super) struct Row {
    pub(super) fields: Vec<Field>,
    /// Which row the row's numbers, or its label, belong to cannot be
    /// told: its values are written as U+FFFD.
    pub(super) unsure: bool,
}

pub(super) fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> bool {
    a0 < b1 && b0 < a1
}

/// A table being rebuilt: its top, its rows, and the bottom of its last
/// line.
pub(super) struct Body {
    pub(super) y0: f32,
    pub(super) rows: Vec<Row>,
    pub(super) last_y1: f32,
    /// The page's usual spacing of two lines (the median): the spacing
    /// of the lines of a paragraph, or of a cell.
    pub(super) close: f32,
    /// The page's lines the table is made of.
    pub(super) lines: Vec<usize>,
    /// Whether a label line was joined to the rows above or made a row.
    pub(super) rebuilt: bool,
    /// The text of merged cells left of the rows' labels, on lines of
    /// their own (see `merged`), each with the number of rows above it.
    pub(super) groups: Vec<(usize, Field)>,
}

/// The page's lines read into rebuilt tables and lines, or `None` when a
/// table on it does not fit the rules (see the module's notes).
pub(crate) fn read(lines: &[PieceLine], known: &mut Known) -> Option<Vec<Part>> {
    // The lines after the page's last values: a header the next page's
    // table may go on under.
    let last = lines
        .iter()
        .rposition(|l| l.pieces.iter().any(|p| is_value(&p.text)))
        .map_or(0, |i| i + 1);
    let tail = lines[last.max(lines.len().saturating_sub(header::HEADER_LINES))..].to_vec();
    let out = read_parts(lines, known);
    known.tail = tail;
    out
}

fn read_parts(lines: &[PieceLine], known: &mut Known) -> Option<Vec<Part>> {
    let mut out: Vec<Part> = Vec::new();
    let mut body: Option<Body> = None;
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .map(|w| w[1].y0 - w[0].y1)
        .filter(|&gap| gap >= 0.0)
        .collect();
    gaps.sort_by(f32::total_cmp);
    let close = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
    // The rest of a row the page before ended with.
    let skip = carry::rest_of_row(lines, close, known, &mut out);
    // Digits wrapped above the values of the row below.
    let heads = stacked::heads(lines, close);
    known.wrapped_from_before = skip == 0 && stacked::wrapped_from_before(lines, &heads);
    for (i, line) in lines.iter().enumerate().skip(skip) {
        if line.pieces.is_empty() {
            // Numbers `centred` moved up to their row (see `page`).
            if let Some(b) = body.as_mut() {
                b.lines.push(i);
            }
            continue;
        }
        // The line's values are read with the row below; its labels (a
        // merged cell's) as any label line.
        let labels;
        let line = match heads.get(i + 1) {
            Some(Some(h)) => {
                if let Some(b) = body.as_mut() {
                    if matches!(h, stacked::Heads::UnsureWithAbove) {
                        if let Some(last) = b.rows.last_mut() {
                            last.unsure = true;
                            b.rebuilt = true;
                        }
                    }
                }
                let mut rest = line.clone();
                rest.pieces.retain(|p| !is_value(&p.text));
                if rest.pieces.is_empty() {
                    if let Some(b) = body.as_mut() {
                        b.lines.push(i);
                    }
                    continue;
                }
                labels = rest;
                &labels
            }
            _ => line,
        };
        let line = match &heads[i] {
            Some(stacked::Heads::Joined(joined)) => joined,
            _ => line,
        };
        // Digits wrapped in the value cells of the row above.
        if let Some(b) = body.as_mut() {
            match stacked::join_to(b, line) {
                stacked::Taken::No => {}
                stacked::Taken::Digits => {
                    b.lines.push(i);
                    continue;
                }
                stacked::Taken::DigitsAndLabels(rest) => {
                    // The labels go on those above; where a label field
                    // above is not found, the row is unsure.
                    b.lines.push(i);
                    if !join_within_row(b, &rest) {
                        if let Some(last) = b.rows.last_mut() {
                            last.unsure = true;
                        }
                    }
                    b.rebuilt = true;
                    continue;
                }
            }
        }
        if line.has_number() {
            let row = Row {
                fields: line
                    .pieces
                    .iter()
                    .map(|p| Field::of(p, is_value(&p.text)))
                    .collect(),
                unsure: matches!(
                    heads[i],
                    Some(stacked::Heads::Unsure | stacked::Heads::UnsureWithAbove)
                ),
            };
            let first_number = row.fields.iter().position(|f| f.number)?;
            if row.fields[first_number..].iter().any(|f| !f.number) {
                return None;
            }
            let mut row = row;
            if let Some(b) = body.as_mut() {
                if i > 0 && lines[i - 1].has_number() && b.lines.last() == Some(&(i - 1)) {
                    if let Some(last) = b.rows.last_mut() {
                        if numbers_in_its_label(last, &row) {
                            last.unsure = true;
                            row.unsure = true;
                            b.rebuilt = true;
                        }
                    }
                }
            }
            // A row that took digits from the line above is written from
            // its fields.
            let rebuilt = heads[i].is_some();
            match body.as_mut() {
                Some(b) => {
                    b.last_y1 = line.y1;
                    b.rows.push(row);
                    b.lines.push(i);
                    b.rebuilt |= rebuilt;
                }
                None => {
                    body = Some(Body {
                        y0: line.y0,
                        rows: vec![row],
                        last_y1: line.y1,
                        close,
                        lines: vec![i],
                        rebuilt,
                        groups: Vec::new(),
                    })
                }
            }
            continue;
        }
        // A merged cell's text left of the rows' labels: taken from the
        // line, whose other pieces are read as any label line's.
        let rest;
        let mut line = line;
        // Only where the page shows how its cells are aligned: moved up
        // from their middle or bottom, or aligned to their top.
        let aligned = |b: &Body| known.realigned || known.top_rows + top_rows(b) >= TOP_ROWS;
        if let Some(b) = body
            .as_mut()
            .filter(|b| std::ptr::eq(line, &lines[i]) && aligned(b))
        {
            if let Some(other) = merged::take(b, lines, i) {
                if other.pieces.is_empty() {
                    b.last_y1 = line.y1;
                    b.lines.push(i);
                    continue;
                }
                rest = other;
                line = &rest;
            }
        }
        if let Some(b) = body.as_mut() {
            match continuation(b, line) {
                Fit::Joined => {
                    b.rebuilt = true;
                    b.lines.push(i);
                    continue;
                }
                fit @ (Fit::Unsure | Fit::Begins) => {
                    // The line begins a row of its own or continues the
                    // row above: both are left unsure, and the line is a
                    // row of its own that later label lines may continue.
                    // Where cells are aligned to their top, a line that
                    // begins as a row does is a row without values, and
                    // the numbers above stay the row's above.
                    // Numbers on the line where a row's label begins are
                    // that row's however its cells are aligned (a label
                    // centred or set at the bottom of its cell begins
                    // above its numbers unless it is one line): such a
                    // row stays sure.
                    let own =
                        matches!(fit, Fit::Begins) && known.top_rows + top_rows(b) >= TOP_ROWS;
                    if !own {
                        if let Some(last) = b.rows.last_mut() {
                            if !numbers_where_label_begins(last) {
                                last.unsure = true;
                            }
                        }
                    }
                    b.rows.push(Row {
                        fields: line.pieces.iter().map(|p| Field::of(p, false)).collect(),
                        unsure: !own,
                    });
                    b.last_y1 = line.y1;
                    b.rebuilt = true;
                    b.lines.push(i);
                    continue;
                }
                Fit::Apart => {}
            }
        }
        if let Some(b) = body.take() {
            known.saw_top_rows(top_rows(&b));
            out.extend(finish(b, lines, known)?);
        }
        out.push(Part::Line(i));
    }
    if let Some(b) = body.take() {
        known.saw_top_rows(top_rows(&b));
        let last = b.rows.last().cloned();
        let parts = finish(b, lines, known)?;
        known.open = carry::left_open(last, &parts);
        out.extend(parts);
    }
    Some(out)
}

/// Whether `row`, read from the line just below the numbers of `above`,
/// holds numbers on the next line of `above`'s own label: the last of
/// its label pieces begins no row and goes on the last label of `above`
/// (the pieces before it may be a merged cell's, `无法提` of `（四）`).
/// Then `above`'s cells hold numbers on two lines (a number wrapped in a
/// cell aligned to its bottom or middle prints its first digits on the
/// label's first line, `24` over `9`), and which digits are whose cannot
/// be told from the page.
fn numbers_in_its_label(above: &Row, row: &Row) -> bool {
    let labels: Vec<&Field> = row.fields.iter().take_while(|f| !f.number).collect();
    let (Some(own), Some(piece)) = (above.fields.iter().rfind(|f| !f.number), labels.last()) else {
        return false;
    };
    above.fields.iter().any(|f| f.number)
        && !piece.parts.iter().any(|(t, _)| begins_label(t))
        && overlap(piece.x0, piece.x1, own.x0, own.x1)
}

/// A value whose row cannot be told.
pub(crate) const UNSURE: &str = "\u{FFFD}";

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The page's lines read, with nothing known from pages before.
    pub(in crate::decode::pdf) fn read(lines: &[PieceLine]) -> Option<Vec<Part>> {
        super::read(lines, &mut Known::default())
    }

    /// A line at `top` (lines 15 apart, 12 high) of pieces `(x, text)`,
    /// each CJK character 10 wide and each digit 5.
    pub(in crate::decode::pdf) fn line(top: f32, pieces: &[(f32, &str)]) -> PieceLine {
        let pieces: Vec<Piece> = pieces
            .iter()
            .map(|&(x, t)| {
                let w: f32 = t
                    .chars()
                    .map(|c| if c.is_ascii() { 5.0 } else { 10.0 })
                    .sum();
                Piece {
                    x0: x,
                    x1: x + w,
                    size: 10.0,
                    text: t.to_string(),
                }
            })
            .collect();
        PieceLine {
            y0: top,
            y1: top + 12.0,
            spans: pieces.clone(),
            pieces,
        }
    }

    pub(in crate::decode::pdf) fn rows(parts: &[Part]) -> Vec<Vec<String>> {
        parts
            .iter()
            .flat_map(|p| match p {
                Part::Table { rows, .. } => rows.clone(),
                Part::Line(_) | Part::Carry { .. } => Vec::new(),
            })
            .collect()
    }

    pub(in crate::decode::pdf) const U: &str = UNSURE;

    /// Labels wrapped in a column three characters wide, numbers on each
    /// row's first line.
    fn wrapped() -> Vec<PieceLine> {
        vec![
            line(
                0.0,
                &[(0.0, "一、本"), (60.0, "31"), (100.0, "4"), (140.0, "38")],
            ),
            line(15.0, &[(0.0, "年新收")]),
            line(30.0, &[(5.0, "申请")]),
            line(
                45.0,
                &[(0.0, "二、上"), (60.0, "1"), (100.0, "0"), (140.0, "1")],
            ),
            line(60.0, &[(0.0, "年结转")]),
            line(
                75.0,
                &[(0.0, "三、合"), (60.0, "32"), (100.0, "4"), (140.0, "39")],
            ),
        ]
    }

    #[test]
    fn wrapped_labels_join_their_rows() {
        let parts = read(&wrapped()).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收申请", "31", "4", "38"],
                vec!["二、上年结转", "1", "0", "1"],
                vec!["三、合", "32", "4", "39"],
            ]
        );
    }

    #[test]
    fn numbers_on_the_next_line_of_a_rows_label_leave_it_unsure() {
        // Cells aligned to their bottom: 249 and 291 wrap, their first
        // digits on the label's first line, the rest with the row's other
        // values on its second. Neither line's numbers are the row's.
        let two = |first: [&'static str; 3], label: &'static str| {
            let mut lines = wrapped();
            let [a, b, c] = first;
            let first: Vec<(f32, &str)> =
                [(0.0, "一、本年新收"), (60.0, a), (100.0, b), (140.0, c)]
                    .into_iter()
                    .filter(|(_, t)| !t.is_empty())
                    .collect();
            lines[0] = line(0.0, &first);
            lines[1] = line(
                15.0,
                &[(0.0, label), (60.0, "9"), (100.0, "42"), (140.0, "1")],
            );
            lines.remove(2);
            rows(&read(&lines).expect("rebuilt"))
        };
        let rows = two(["24", "", "29"], "量");
        assert!(
            rows[0][1..].iter().all(|f| f == U || f.is_empty()),
            "{rows:?}"
        );
        assert!(
            !rows
                .iter()
                .flatten()
                .any(|f| f == "24" || f == "29" || f == "42"),
            "{rows:?}"
        );
        let rows = two(["24", "5", "29"], "量");
        assert_eq!(rows[0], vec!["一、本年新收", U, U, U]);
        // A line that begins a row of its own keeps its numbers, and so
        // does the row above.
        let rows = two(["24", "5", "29"], "二、上年结转");
        assert_eq!(rows[0], vec!["一、本年新收", "24", "5", "29"]);
        assert_eq!(rows[1], vec!["二、上年结转", "9", "42", "1"]);
    }

    /// The header of `wrapped()`'s columns, above it.
    fn header() -> PieceLine {
        line(
            -15.0,
            &[
                (0.0, "项目"),
                (55.0, "自然"),
                (95.0, "法人"),
                (135.0, "总计"),
            ],
        )
    }

    #[test]
    fn a_blank_is_a_column_the_row_prints_nothing_under() {
        // The first row prints a number under each of the table's three
        // columns, and the header names no other: the second row's blank
        // is the middle one.
        // (Labels of no template's table: the header alone tells.)
        let mut lines = wrapped();
        lines[1] = line(15.0, &[(0.0, "年收到")]);
        lines[3] = line(45.0, &[(0.0, "二、上"), (60.0, "1"), (140.0, "1")]);
        lines[4] = line(60.0, &[(0.0, "年留下")]);
        lines.insert(0, header());
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年收到申请", "31", "4", "38"],
                vec!["二、上年留下", "1", "", "1"],
                vec!["三、合", "32", "4", "39"],
            ]
        );
        // A header naming a fourth column (blank in every row): the rows
        // take the header's columns; no header: the columns the numbers
        // show may not be all.
        lines[0].spans.push(Piece {
            x0: 115.0,
            x1: 130.0,
            size: 10.0,
            text: "其他".into(),
        });
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["二、上年留下", "1", "", "", "1"]);
        lines.remove(0);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["二、上年留下", U, U]);
    }

    #[test]
    fn a_template_table_has_its_columns() {
        // Rows of section 三's table print seven values: a row showing
        // seven columns shows them all, and the other rows' blanks are
        // the columns they print nothing under.
        let xs = [60.0, 100.0, 140.0, 180.0, 220.0, 260.0, 300.0];
        let full = |top: f32, label: &'static str| {
            let mut pieces = vec![(0.0, label)];
            pieces.extend(xs.iter().map(|&x| (x, "7")));
            line(top, &pieces)
        };
        let lines = vec![
            full(0.0, "一、本"),
            line(15.0, &[(0.0, "年新收")]),
            line(30.0, &[(0.0, "二、上"), (60.0, "1"), (300.0, "1")]),
            line(45.0, &[(0.0, "年结转")]),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts)[1],
            vec!["二、上年结转", "1", "", "", "", "", "", "1"]
        );
        // Six columns shown: the seventh, blank in every row, cannot be
        // told from the others.
        let mut lines = lines;
        lines[0].pieces.remove(3);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["二、上年结转", U, U]);
    }

    #[test]
    fn a_blank_in_every_row_leaves_the_table_unsure() {
        // No row prints all the columns: a column blank in every row
        // would look the same as no column at all.
        let mut lines = wrapped();
        lines[0] = line(0.0, &[(0.0, "一、本"), (60.0, "31"), (140.0, "38")]);
        lines[3] = line(45.0, &[(0.0, "二、上"), (60.0, "1"), (100.0, "0")]);
        lines[5] = line(75.0, &[(0.0, "三、合"), (100.0, "4"), (140.0, "39")]);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收申请", U, U],
                vec!["二、上年结转", U, U],
                vec!["三、合", U, U],
            ]
        );
        // A number under no column of the complete row, or under two.
        let mut lines = wrapped();
        lines[3] = line(45.0, &[(0.0, "二、上"), (60.0, "1"), (80.0, "0")]);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["二、上年结转", U, U]);
    }

    /// Section 三's first rows: a row printing all seven columns, then
    /// a row of the same layout with blanks, `top` lower.
    fn section3(top: f32, blanks: &[(f32, &'static str)]) -> Vec<PieceLine> {
        let xs = [60.0, 100.0, 140.0, 180.0, 220.0, 260.0, 300.0];
        let mut full = vec![(0.0, "一、本")];
        full.extend(xs.iter().map(|&x| (x, "7")));
        let mut second = vec![(0.0, "二、上")];
        second.extend_from_slice(blanks);
        vec![
            line(top, &full),
            line(top + 15.0, &[(0.0, "年新收")]),
            line(top + 30.0, &second),
            line(top + 45.0, &[(0.0, "年结转")]),
        ]
    }

    #[test]
    fn a_page_places_its_rows_under_the_columns_a_page_before_showed() {
        let mut known = Known::default();
        super::read(&section3(0.0, &[(60.0, "1"), (300.0, "1")]), &mut known).expect("rebuilt");
        // The next page: rows of the same layout, none printing all the
        // columns.
        let next = vec![
            line(0.0, &[(0.0, "（六）"), (60.0, "9"), (300.0, "9")]),
            line(15.0, &[(0.0, "其他处理")]),
            line(30.0, &[(0.0, "四、结"), (260.0, "2"), (300.0, "2")]),
            line(45.0, &[(0.0, "转下年度")]),
        ];
        let parts = super::read(&next, &mut known).expect("rebuilt");
        assert_eq!(
            rows(&parts)[1],
            vec!["四、结转下年度", "", "", "", "", "", "2", "2"]
        );
        // Nothing known: unsure.
        let parts = read(&next).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["四、结转下年度", U, U]);
        // A number under none of the columns known.
        let mut off = next.clone();
        off[2] = line(30.0, &[(0.0, "四、结"), (240.0, "2"), (300.0, "2")]);
        let parts = super::read(&off, &mut known).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["四、结转下年度", U, U]);
    }

    #[test]
    fn a_dash_holds_its_cell() {
        // The first row prints a dash for none under two columns: it shows
        // all seven.
        let mut lines = section3(0.0, &[(60.0, "1"), (300.0, "1")]);
        lines[0].pieces[2].text = "-".into();
        lines[0].pieces[5].text = "—".into();
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[0][2], "-");
        assert_eq!(
            rows(&parts)[1],
            vec!["二、上年结转", "1", "", "", "", "", "", "1"]
        );
        // A row of dashes is a row.
        lines[2] = line(30.0, &[(0.0, "二、上"), (60.0, "-"), (300.0, "-")]);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts)[1],
            vec!["二、上年结转", "-", "", "", "", "", "", "-"]
        );
    }

    #[test]
    fn rows_under_a_header_row_take_its_columns() {
        let header = line(
            0.0,
            &[
                (0.0, "信息内容"),
                (60.0, "本年制发"),
                (110.0, "本年废止"),
                (160.0, "现行有效"),
            ],
        );
        let lines = vec![
            header.clone(),
            line(
                15.0,
                &[(0.0, "规章"), (70.0, "1"), (120.0, "2"), (170.0, "3")],
            ),
            line(30.0, &[(0.0, "规范性文件"), (70.0, "14"), (170.0, "192")]),
        ];
        let parts = read(&lines).expect("read");
        assert_eq!(rows(&parts)[1], vec!["规范性文件", "14", "", "192"]);
        // A number under no header text: the rows are read as lines.
        let mut off = lines.clone();
        off[2] = line(30.0, &[(0.0, "规范性文件"), (102.0, "1"), (170.0, "192")]);
        assert!(rows(&read(&off).expect("read")).is_empty());
        // No header row above: as lines.
        let parts = read(&lines[1..]).expect("read");
        assert!(rows(&parts).is_empty());
        // A row of labels alone between the header and the rows.
        let blank = vec![
            header,
            line(15.0, &[(0.0, "规章")]),
            line(30.0, &[(0.0, "规范性文件"), (70.0, "14"), (170.0, "192")]),
        ];
        let parts = read(&blank).expect("read");
        assert_eq!(rows(&parts)[0], vec!["规范性文件", "14", "", "192"]);
    }

    #[test]
    fn a_sum_with_its_unit_is_a_value() {
        assert!(is_value("686.03万元") && is_value("12元") && is_value(" 3 "));
        assert!(is_value("－３") && is_value("−3") && !is_value("－三") && !is_value("－3件"));
        assert!(!is_value("万元") && !is_value("共12元") && !is_value("12件"));
        // A row ending in one is a row, and the page's rows are rebuilt.
        let mut lines = wrapped();
        lines.push(line(
            90.0,
            &[(0.0, "四、合"), (60.0, "1"), (100.0, "2"), (140.0, "3万元")],
        ));
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[3], vec!["四、合", "1", "2", "3万元"]);
    }

    #[test]
    fn merged_label_cells_continue_over_rows() {
        // An outer label spanning two rows of inner labels; the third
        // line holds numbers, so it begins a row, whose first field is
        // the rest of the merged cell.
        let lines = vec![
            line(
                0.0,
                &[
                    (0.0, "三、本"),
                    (40.0, "（一）"),
                    (100.0, "7"),
                    (140.0, "7"),
                    (180.0, "14"),
                ],
            ),
            line(15.0, &[(0.0, "年度办"), (40.0, "予以公")]),
            line(
                30.0,
                &[
                    (0.0, "理结果"),
                    (40.0, "开"),
                    (100.0, "2"),
                    (140.0, "0"),
                    (180.0, "2"),
                ],
            ),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["三、本年度办", "（一）予以公", "7", "7", "14"],
                vec!["理结果", "开", "2", "0", "2"],
            ]
        );
    }

    #[test]
    fn a_line_that_may_begin_a_row_is_unsure() {
        // "申请" stops a character short: the next label line begins a
        // paragraph, a row without numbers or a label aligned to its
        // middle. The row above keeps its numbers: they stand on the line
        // its label begins on, which they do only in its own row however
        // its cells are aligned.
        let mut lines = wrapped();
        lines[2] = line(30.0, &[(10.0, "申")]);
        lines.insert(3, line(45.0, &[(0.0, "其他")]));
        for l in &mut lines[4..] {
            l.y0 += 15.0;
            l.y1 += 15.0;
        }
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["一、本年新收申", "31", "4", "38"],
                vec!["其他", U, U, U],
                vec!["二、上年结转", "1", "0", "1"],
                vec!["三、合", "32", "4", "39"],
            ]
        );
        // Numbering begins a row too, however long the line above.
        let mut lines = wrapped();
        lines[2] = line(30.0, &[(0.0, "（二）")]);
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["（二）", U, U, U]);
        // A label line set off from the one above by more than the
        // page's usual spacing.
        let mut lines = wrapped();
        lines[1].y0 += 8.0;
        lines[1].y1 += 8.0;
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[1][1..], vec![U, U, U]);
        // Numbers on a line where no label begins (`年新收`, a label's
        // middle line) may be the row's below: both rows are unsure.
        let mut lines = wrapped();
        lines[0].pieces[0].text = "年新收".into();
        lines[1].pieces[0].text = "（二）".into();
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts)[0], vec!["年新收", U, U, U]);
        assert_eq!(rows(&parts)[1][1..], vec![U, U, U]);
    }

    #[test]
    fn where_cells_are_aligned_to_their_top_a_row_may_print_no_values() {
        // Two rows print their numbers on the first of three lines of
        // their labels: the cells are aligned to their top, and a label
        // line that begins as a row does is a row without values.
        let numbers = |top: f32, label: &'static str, v: [&'static str; 3]| {
            line(
                top,
                &[(0.0, label), (60.0, v[0]), (100.0, v[1]), (140.0, v[2])],
            )
        };
        let lines = vec![
            numbers(0.0, "1.甲乙", ["31", "4", "38"]),
            line(15.0, &[(0.0, "丙丁戊")]),
            line(30.0, &[(0.0, "己庚")]),
            numbers(45.0, "2.辛壬", ["1", "0", "1"]),
            line(60.0, &[(0.0, "癸子丑")]),
            line(75.0, &[(0.0, "寅卯")]),
            line(90.0, &[(0.0, "3.辰巳")]),
            numbers(105.0, "4.午未", ["32", "4", "39"]),
        ];
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(
            rows(&parts),
            vec![
                vec!["1.甲乙丙丁戊己庚", "31", "4", "38"],
                vec!["2.辛壬癸子丑寅卯", "1", "0", "1"],
                vec!["3.辰巳", "", "", ""],
                vec!["4.午未", "32", "4", "39"],
            ]
        );
        // One such row alone does not tell whether "3.辰巳" is a row
        // without values or the first line of a label aligned to its
        // middle; the numbers above it stand where "2.辛壬" begins, in
        // its row however aligned.
        let mut one = lines.clone();
        one.remove(2);
        let parts = read(&one).expect("rebuilt");
        assert_eq!(rows(&parts)[1], vec!["2.辛壬癸子丑寅卯", "1", "0", "1"]);
        assert_eq!(rows(&parts)[2], vec!["3.辰巳", U, U, U]);
    }

    #[test]
    fn a_merged_label_over_two_columns_does_not_widen_the_column_below() {
        // (二)'s label spans both label columns and is wider than any
        // line of the sub-labels' column: "2.其他法律行政法" fills that
        // column, so "规禁止公开" goes on it.
        let row = |top: f32, labels: &[(f32, &'static str)], v: [&'static str; 3]| {
            let mut pieces = labels.to_vec();
            pieces.extend([(300.0, v[0]), (340.0, v[1]), (380.0, v[2])]);
            line(top, &pieces)
        };
        let lines = vec![
            row(
                0.0,
                &[(0.0, "（二）部分公开（区分处理的，只计这一情形）")],
                ["1", "0", "1"],
            ),
            row(
                15.0,
                &[(0.0, "（三）"), (40.0, "1.属于国家秘密")],
                ["2", "0", "2"],
            ),
            row(30.0, &[(40.0, "2.其他法律行政法")], ["3", "0", "3"]),
            line(45.0, &[(40.0, "规禁止公开")]),
            row(60.0, &[(40.0, "3.危及稳定")], ["0", "0", "0"]),
        ];
        let got = rows(&read(&lines).expect("rebuilt"));
        assert_eq!(got[2], vec!["2.其他法律行政法规禁止公开", "3", "0", "3"]);
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn text_not_under_a_label_ends_the_table() {
        let mut lines = wrapped();
        lines.push(line(90.0, &[(0.0, "四、行政复议和行政诉讼情况")]));
        let parts = read(&lines).expect("rebuilt");
        assert_eq!(rows(&parts).len(), 3);
        assert!(matches!(parts.last(), Some(Part::Line(6))));
    }
}
