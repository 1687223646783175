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

use super::unruled::{Piece, PieceLine};

/// The gap, in font sizes, that cuts a header's line into the text of
/// its cells: the characters of a word sit closer, two cells' texts are
/// two cell margins apart or more.
pub(crate) const HEADER_GAP: f32 = 0.3;

/// How many lines above a table's first row are read for its header.
pub(crate) const HEADER_LINES: usize = 24;

fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> bool {
    a0 < b1 && b0 < a1
}

/// The lines above the table's first line `first` that may hold its
/// header: the lines without numbers up to the nearest line with numbers
/// not all under one of `columns` each (a row of another table; the rows of the table
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
        if !line
            .pieces
            .iter()
            .any(|p| super::unruled::is_value(&p.text))
        {
            out.push(line);
            continue;
        }
        let fits = line
            .pieces
            .iter()
            .filter(|p| super::unruled::is_value(&p.text))
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
        for &Piece { x0, x1, .. } in &line.spans {
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

/// The widest text, in font sizes, of a header cell taken for a column's
/// own (`社会公`/`益组织`, `其他`): a cell spanning several columns is
/// wider.
const LONE_WIDTH: f32 = 3.5;

/// The lines above the table's first line `first` that may hold its
/// header: up the page to the nearest line with values, and on into
/// `tail` (the page before's last lines) when they reach the page's top.
pub(crate) fn above(lines: &[PieceLine], first: usize, tail: &[PieceLine]) -> Vec<PieceLine> {
    let value = |l: &&PieceLine| l.pieces.iter().any(|p| super::unruled::is_value(&p.text));
    let mut header: Vec<PieceLine> = lines[..first]
        .iter()
        .rev()
        .take(HEADER_LINES)
        .take_while(|l| !value(l))
        .cloned()
        .collect();
    if header.len() == first {
        let room = HEADER_LINES.saturating_sub(header.len());
        header.extend(
            tail.iter()
                .rev()
                .take(room)
                .take_while(|l| !value(l))
                .cloned(),
        );
    }
    header
}

/// The columns no number of `columns` stands under that the `header`
/// (see `above`) names: narrow header texts right of the labels (which
/// end at `labels_x1`), between the first and the last of `columns`, over
/// none of them (the header of a column blank in every row), merged
/// where they stand over one another.
pub(crate) fn blank_columns(
    header: &[PieceLine],
    columns: &[(f32, f32)],
    labels_x1: f32,
) -> Vec<(f32, f32)> {
    let (Some(lo), Some(hi)) = (columns.first(), columns.last()) else {
        return Vec::new();
    };
    let mut out: Vec<(f32, f32)> = Vec::new();
    for p in header.iter().flat_map(|l| l.spans.iter()) {
        if p.x0 < labels_x1
            || p.x0 <= lo.1
            || p.x1 >= hi.0
            || p.x1 - p.x0 > LONE_WIDTH * p.size
            || columns.iter().any(|c| overlap(p.x0, p.x1, c.0, c.1))
        {
            continue;
        }
        match out.iter_mut().find(|o| overlap(p.x0, p.x1, o.0, o.1)) {
            Some(o) => *o = (o.0.min(p.x0), o.1.max(p.x1)),
            None => out.push((p.x0, p.x1)),
        }
    }
    out
}

/// The value columns a header names by their own texts: the narrow
/// texts right of the labels (which end at `labels_x1`), those standing
/// over one another merged (a column's words wrapped in its narrow cell,
/// `社会`/`公益`/`组织`), left to right. Wider texts span several columns
/// (`申请人情况`, `法人或其他组织`) and are passed over. Empty when a
/// narrow text stands over two of the others (the texts do not make
/// columns).
///
/// In a table laid out on one grid every row's value cells stand under
/// the header's, so a row's numbers lie under these texts even where
/// other cells of the row are blank. Where rows are laid out each on its
/// own (no common grid), the label cells of some rows reach under the
/// header's first value columns: the labels then end right of some of
/// these texts, which are then not found, and the columns are too few.
pub(crate) fn own_columns(header: &[PieceLine], labels_x1: f32) -> Vec<(f32, f32)> {
    let mut stacks: Vec<(f32, f32)> = Vec::new();
    for p in header.iter().flat_map(|l| l.spans.iter()) {
        if p.x0 < labels_x1 || p.x1 - p.x0 > LONE_WIDTH * p.size {
            continue;
        }
        let under: Vec<usize> = (0..stacks.len())
            .filter(|&k| overlap(p.x0, p.x1, stacks[k].0, stacks[k].1))
            .collect();
        match under.as_slice() {
            [] => stacks.push((p.x0, p.x1)),
            [k] => {
                let s = &mut stacks[*k];
                *s = (s.0.min(p.x0), s.1.max(p.x1));
            }
            _ => return Vec::new(),
        }
    }
    stacks.sort_by(|a, b| a.0.total_cmp(&b.0));
    if stacks.windows(2).any(|w| w[1].0 < w[0].1) {
        return Vec::new();
    }
    stacks
}

/// The widest text, in font sizes, taken for a stack: a column's header
/// set one or two characters a line in a narrow cell (text wider than
/// that may be a cell spanning several columns).
const STACK_WIDTH: f32 = 2.5;

/// A table that is one row of numbers under a header whose columns are
/// narrow (section 四's fifteen, their words set a character or two a
/// line): the header's columns, each its text read down, and the values
/// of the row at line `i`, a field for each column, empty where no
/// number stands under it. `None` unless the
/// header's words name such a table, its narrow texts make as many
/// columns as the table has (text standing over text of another column,
/// or over two, and they do not), and each number of the row stands under
/// one column alone.
///
/// `tail`: the last lines of the page before, after its last values,
/// where the header begins when the page break cuts it.
pub(crate) fn stacked_row(
    lines: &[PieceLine],
    i: usize,
    tail: &[PieceLine],
) -> Option<[Vec<String>; 2]> {
    let row = &lines[i];
    if row
        .spans
        .iter()
        .any(|p| !super::unruled::is_value(&p.text) || p.text.trim().contains(' '))
    {
        return None;
    }
    let mut header = header_lines(lines, i, &[]);
    if header.len() == i {
        let room = HEADER_LINES.saturating_sub(header.len());
        header.extend(tail.iter().rev().take(room));
    }
    header.reverse();
    // The stacks: the narrow texts standing over one another, top to
    // bottom, with their text.
    let mut stacks: Vec<(f32, f32, String)> = Vec::new();
    for p in header.iter().flat_map(|l| l.spans.iter()) {
        if p.x1 - p.x0 > STACK_WIDTH * p.size {
            continue;
        }
        let under: Vec<usize> = (0..stacks.len())
            .filter(|&k| overlap(p.x0, p.x1, stacks[k].0, stacks[k].1))
            .collect();
        match under.as_slice() {
            [] => stacks.push((p.x0, p.x1, p.text.clone())),
            [k] => {
                let s = &mut stacks[*k];
                s.0 = s.0.min(p.x0);
                s.1 = s.1.max(p.x1);
                s.2.push_str(&p.text);
            }
            _ => return None,
        }
    }
    stacks.sort_by(|a, b| a.0.total_cmp(&b.0));
    if stacks.windows(2).any(|w| w[1].0 < w[0].1) {
        return None;
    }
    let mut words: String = header
        .iter()
        .flat_map(|l| l.pieces.iter())
        .map(|p| p.text.as_str())
        .collect();
    words.extend(stacks.iter().map(|s| s.2.as_str()));
    let words: String = words.chars().filter(|c| !c.is_whitespace()).collect();
    let n = crate::templates::printed::values_under_header(&words)?;
    if stacks.len() != n {
        return None;
    }
    let mut out = vec![String::new(); n];
    for p in &row.spans {
        let under: Vec<usize> = (0..n)
            .filter(|&k| overlap(p.x0, p.x1, stacks[k].0, stacks[k].1))
            .collect();
        match under.as_slice() {
            [k] if out[*k].is_empty() => out[*k] = p.text.trim().to_string(),
            _ => return None,
        }
    }
    Some([stacks.into_iter().map(|s| s.2).collect(), out])
}

/// The most rows of labels alone passed over above a table for its
/// header row.
const LABEL_ROWS: usize = 3;

/// The columns a header row printed on one line names: the line above
/// the table's first line `first` (rows of labels alone passed over),
/// without values, when it begins
/// over the labels (which end at `labels_x1`) and goes on right of them
/// with a text for each value column (`信息内容 本年制发件数 本年废止件数
/// 现行有效件数`). A header whose words wrap over lines is not read.
pub(crate) fn row_header(
    lines: &[PieceLine],
    first: usize,
    labels_x1: f32,
) -> Option<Vec<(f32, f32)>> {
    // Above the first row, rows of labels alone (rows printing no value)
    // may stand between it and the header.
    let line = lines[..first]
        .iter()
        .rev()
        .take(LABEL_ROWS + 1)
        .find(|l| l.spans.iter().any(|p| p.x0 >= labels_x1))?;
    if line
        .pieces
        .iter()
        .any(|p| super::unruled::is_value(&p.text))
    {
        return None;
    }
    // The texts cut at small gaps: two columns' words set close are never
    // taken for one (a value placed under the wrong one), while a word cut
    // in two makes a column too many (values left unplaced).
    let (labels, columns): (Vec<&Piece>, Vec<&Piece>) =
        line.spans.iter().partition(|p| p.x0 < labels_x1);
    let apart = columns
        .iter()
        .all(|c| labels.iter().all(|l| !overlap(c.x0, c.x1, l.x0, l.x1)));
    (!labels.is_empty() && !columns.is_empty() && apart)
        .then(|| columns.iter().map(|p| (p.x0, p.x1)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(spans: &[(f32, f32)]) -> PieceLine {
        PieceLine {
            y0: 0.0,
            y1: 12.0,
            pieces: Vec::new(),
            spans: spans
                .iter()
                .map(|&(x0, x1)| Piece {
                    x0,
                    x1,
                    size: 10.0,
                    text: "表头".into(),
                })
                .collect(),
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

    /// A line of texts `(x, text)`, each a piece of its own, CJK
    /// characters 10 wide and digits 5.
    fn text_line(texts: &[(f32, &str)]) -> PieceLine {
        let pieces: Vec<Piece> = texts
            .iter()
            .map(|&(x, t)| Piece {
                x0: x,
                x1: x + t
                    .chars()
                    .map(|c| if c.is_ascii() { 5.0 } else { 10.0 })
                    .sum::<f32>(),
                size: 10.0,
                text: t.to_string(),
            })
            .collect();
        PieceLine {
            y0: 0.0,
            y1: 12.0,
            spans: pieces.clone(),
            pieces,
        }
    }

    /// Section 四's table: a heading, fifteen columns whose words stand a
    /// character a line, and a row of numbers with blanks.
    fn section4(columns: usize) -> Vec<PieceLine> {
        let xs: Vec<f32> = (0..columns).map(|k| 30.0 * k as f32).collect();
        let row = |ch: &'static str| text_line(&xs.iter().map(|&x| (x, ch)).collect::<Vec<_>>());
        vec![
            text_line(&[(0.0, "四、政府信息公开行政复议、行政诉讼情况")]),
            row("结"),
            row("果"),
            text_line(&[(150.0, "5"), (240.0, "8"), (270.0, "1"), (300.0, "14")]),
        ]
    }

    #[test]
    fn a_row_under_stacked_words_takes_their_columns() {
        let lines = section4(15);
        let [header, values] = stacked_row(&lines, 3, &[]).expect("read");
        assert_eq!(header, vec!["结果"; 15]);
        let mut want = vec![""; 15];
        want[5] = "5";
        want[8] = "8";
        want[9] = "1";
        want[10] = "14";
        assert_eq!(values, want);
    }

    #[test]
    fn a_header_the_page_break_cuts_goes_on_from_the_page_before() {
        let lines = section4(15);
        let (before, page) = lines.split_at(2);
        let [header, values] = stacked_row(page, 1, before).expect("read");
        assert_eq!(header, vec!["结果"; 15]);
        assert_eq!(values[10], "14");
        // Without the page before: the heading naming the table is missing.
        assert!(stacked_row(page, 1, &[]).is_none());
    }

    #[test]
    fn a_row_under_too_few_stacks_or_none_is_not_read() {
        // A column's words on the page before: fourteen columns seen.
        let lines = section4(14);
        assert!(stacked_row(&lines, 3, &[]).is_none());
        // A number between two columns.
        let mut lines = section4(15);
        lines[3] = text_line(&[(150.0, "5"), (220.0, "8")]);
        assert!(stacked_row(&lines, 3, &[]).is_none());
        // No words of section 四's table.
        let mut lines = section4(15);
        lines[0] = text_line(&[(0.0, "五、存在的主要问题")]);
        assert!(stacked_row(&lines, 3, &[]).is_none());
    }
}
