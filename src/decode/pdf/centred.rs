//! Rows whose cells are aligned to their middle or their bottom, on a page
//! without rulings: their numbers are moved up to the line where their
//! label begins, so that the page reads as one aligned to the top.
//!
//! Where cells are aligned to their middle (WPS files often are), a row's
//! numbers stand halfway down its label, on its middle line or between
//! two of its lines; aligned to the bottom, on its last line. Each row's
//! label is a block of lines: it begins with a line that begins as a row
//! does (numbering, a row's words) and goes on over the lines whose text
//! stands under it and does not begin a row. A line of numbers belongs to
//! the block whose lines it stands between.
//!
//! The page is taken for one so aligned only when its blocks prove it:
//! at least two blocks of two lines or more hold their numbers the same
//! way, middle or bottom (or one, on a second reading of the page, where
//! the document's other pages proved that way and none another), and no
//! block holds them otherwise (numbers on
//! the line where a label begins are that row's whatever the alignment,
//! and prove none), nor holds two lines of numbers; no line of numbers
//! stands left of where the table's values begin (unless it holds
//! numbers alone, inside a label that goes on below it: a sparse row's
//! first value may stand in a column left of the next row's first), nor
//! outside every block, nor beside a label starting in another
//! column while the open row has none yet, unless that start (a merged
//! group's `（五）`) stands left of the open row's label and the label goes
//! on below: then the numbers are the row's and the start is dropped from
//! the line. A row cut short or a label line taken for a row's start
//! breaks that pattern, and the page is left as it is (its rows unsure,
//! see `unruled`).

use super::labels::begins_label;
use super::pieces::{is_value, Piece, PieceLine};
use super::unruled::overlap;

/// How many multi-line blocks must agree before the page is read as
/// aligned to their middle or bottom.
const EVIDENCE: usize = 2;

/// How far from a block's middle, in line heights, its numbers may stand.
const MIDDLE: f32 = 0.35;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Align {
    Middle,
    Bottom,
}

/// What the pages of a document proved of how their cells are aligned,
/// each page by itself (see `realign`).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(super) enum Shown {
    /// No page proved an alignment.
    #[default]
    Nothing,
    /// Pages proved this one, and none another.
    Only(Align),
    /// Pages proved different ones.
    Mixed,
}

impl Shown {
    pub(super) fn add(&mut self, align: Align) {
        *self = match *self {
            Shown::Nothing => Shown::Only(align),
            Shown::Only(a) if a == align => Shown::Only(a),
            _ => Shown::Mixed,
        };
    }
}

/// A row's label: its first line, the lines that go on with it, and the
/// line of its numbers.
struct Block {
    first: usize,
    /// The label's last line (the first when it has one).
    last: usize,
    /// The piece its label begins with: the lines going on stand under it.
    x0: f32,
    x1: f32,
    numbers: Vec<usize>,
}

/// The page's lines with every row's numbers on its label's first line,
/// when the page is one whose cells are aligned to their middle or bottom
/// (see the module's notes), and the alignment the page proved by itself
/// (`None` when it needed `document`'s); `None` otherwise. The lines keep
/// their places: a line left with no pieces held only numbers.
///
/// `document`: the alignment the document's other pages proved, and no
/// page contradicted. With it, one block of the page showing the same
/// and none another is proof enough (a page that holds a table's last
/// rows or first ones).
pub(super) fn realign(
    lines: &[PieceLine],
    document: Option<Align>,
) -> Option<(Vec<PieceLine>, Option<Align>)> {
    // Numbers of two lines, joined on one (see `wrapped_over`); `reach[n]`:
    // the lines the numbers of line `n` begin and end on.
    let (joined, reach) = wrapped_over(lines);
    let lines: &[PieceLine] = joined.as_deref().unwrap_or(lines);
    // Where the values begin, for each line: its own first value's place
    // when it has labels and then values, else the next such line's (the
    // table it is a label line of), else the one before's. Left of it
    // stand the labels of a table's rows; a line with text beyond it (a
    // header, a heading, prose) is no row's label.
    let own: Vec<Option<f32>> = lines
        .iter()
        .map(|l| {
            let first = l.pieces.iter().position(|p| is_value(&p.text))?;
            (first > 0).then(|| l.pieces[first].x0)
        })
        .collect();
    let mut values_x: Vec<Option<f32>> = own.clone();
    let mut next = None;
    for i in (0..lines.len()).rev() {
        next = own[i].or(next);
        values_x[i] = next;
    }
    let mut before = None;
    for i in 0..lines.len() {
        before = own[i].or(before);
        values_x[i] = values_x[i].or(before);
    }
    let mut blocks: Vec<Block> = Vec::new();
    // Lines holding a merged group's start beside a row's numbers: the
    // start's place there, dropped from the line (see below).
    let mut group_starts: Vec<(usize, f32, f32)> = Vec::new();
    // A column of values: right of the leftmost value a row prints beside
    // its label, or one where lines of numbers alone, two or more, print
    // one.
    let first_column = own.iter().flatten().copied().fold(f32::MAX, f32::min);
    let alone: Vec<Vec<f32>> = lines
        .iter()
        .filter(|l| !l.pieces.is_empty() && l.pieces.iter().all(|p| is_value(&p.text)))
        .map(|l| l.pieces.iter().map(|p| p.x0).collect())
        .collect();
    let a_column = |p: &Piece| {
        p.x0 >= first_column - p.size
            || alone
                .iter()
                .filter(|xs| xs.iter().any(|x| (x - p.x0).abs() < p.size))
                .count()
                >= 2
    };
    let mut open = false;
    let values_at: &[Option<f32>] = &values_x;
    for (i, line) in lines.iter().enumerate() {
        let Some(values_x) = values_x[i] else {
            return None;
        };
        let labels: Vec<&Piece> = line.pieces.iter().filter(|p| !is_value(&p.text)).collect();
        let values = line.pieces.iter().any(|p| is_value(&p.text));
        // A line of numbers alone, inside the open row's label and right
        // of it, is that label's row's even where its first number stands
        // left of where the next row's begin (a sparse table: the next
        // row's first value may be in a later column), where that column
        // is shown to be one of values.
        let inside_open = labels.is_empty()
            && open
            && blocks.last().is_some_and(|b| {
                line.pieces.iter().all(|p| p.x0 >= b.x1 && a_column(p))
                    && goes_on(lines, i, b, values_at)
            });
        let apart = labels.iter().any(|p| p.x1 > values_x)
            || (values
                && !inside_open
                && line
                    .pieces
                    .iter()
                    .any(|p| is_value(&p.text) && p.x0 < values_x - p.size));
        if apart {
            // Not a row's line: it ends the block. Numbers so set inside
            // a row's label are no row's the page can tell.
            if values && open {
                return None;
            }
            open = false;
            continue;
        }
        // The label the line's own row has: its last before the values.
        let own = labels.last();
        let under = |b: &Block, p: &Piece| overlap(p.x0, p.x1, b.x0, b.x1);
        match own {
            Some(p) if begins_label(&p.text) => {
                // Text wholly left of the open row's label while that label
                // goes on below, or once that row has its numbers: a merged
                // cell's (`其他处` of `（六）其他处理`, `三、` of
                // `三、本年度办理结果`, centred beside the rows it spans), no
                // row's start. (Numbers after it are the open row's second
                // line of numbers, and the page is left as it is.)
                if !values && open {
                    let b = blocks.last()?;
                    if labels.iter().all(|q| q.x1 <= b.x0)
                        && (!b.numbers.is_empty() || goes_on(lines, i, b, values_at))
                    {
                        continue;
                    }
                }
                // Numbers beside the start of a label in another column
                // (a merged group's `（五）`, its row's label having no
                // line there) while the open row has none yet. Where that
                // start stands wholly left of the open row's label and
                // the label goes on below, the numbers are the open row's
                // (they stand inside its label), and the start is dropped
                // from the line: left there, it would be read into the
                // row's label wherever the page is written as lines.
                // Otherwise whose they are cannot be told.
                if values && open {
                    let b = blocks.last()?;
                    if b.numbers.is_empty() && !under(b, p) {
                        if p.x1 <= b.x0 && goes_on(lines, i, b, values_at) {
                            group_starts.push((i, p.x0, p.x1));
                            blocks.last_mut()?.numbers.push(i);
                            continue;
                        }
                        return None;
                    }
                }
                blocks.push(Block {
                    first: i,
                    last: i,
                    x0: p.x0,
                    x1: p.x1,
                    numbers: Vec::new(),
                });
                open = true;
            }
            Some(p) if open => {
                let b = blocks.last_mut()?;
                if under(b, p) {
                    b.last = i;
                }
            }
            _ => {}
        }
        if values {
            if !open {
                // Numbers outside every row's label.
                return None;
            }
            blocks.last_mut()?.numbers.push(i);
        }
    }
    // A number of two lines stands between the top of its first and the
    // bottom of its last.
    let centre = |i: usize| (lines[reach[i].0].y0 + lines[reach[i].1].y1) / 2.0;
    let height = |i: usize| lines[i].y1 - lines[i].y0;
    let mut seen: Option<Align> = None;
    let mut evidence = 0;
    for b in &blocks {
        let n = match b.numbers.as_slice() {
            [] => continue,
            [n] => *n,
            _ => return None,
        };
        if b.last == b.first {
            // One line: its numbers stand on it whatever the alignment;
            // below it they are no row's.
            if n != b.first {
                return None;
            }
            continue;
        }
        let middle = (lines[b.first].y0 + lines[b.last].y1) / 2.0;
        let align = if reach[n].0 == b.first {
            // Numbers on the line where a label of several begins: that
            // row's however the cells are aligned (a label longer than its
            // row runs on below it); no proof either way.
            continue;
        } else if (centre(n) - middle).abs() <= MIDDLE * height(n) {
            Align::Middle
        } else if reach[n].1 == b.last {
            Align::Bottom
        } else {
            return None;
        };
        if seen.is_some_and(|s| s != align) {
            return None;
        }
        seen = Some(align);
        evidence += 1;
    }
    let by_itself = evidence >= EVIDENCE;
    if !by_itself && (evidence == 0 || seen != document) {
        return None;
    }
    let mut out = lines.to_vec();
    for &(i, x0, x1) in &group_starts {
        let start = |p: &Piece| !is_value(&p.text) && overlap(p.x0, p.x1, x0, x1);
        out[i].pieces.retain(|p| !start(p));
        out[i].spans.retain(|p| !start(p));
    }
    for b in &blocks {
        let Some(&n) = b.numbers.first() else {
            continue;
        };
        if n == b.first {
            continue;
        }
        let moved: Vec<Piece> = out[n]
            .pieces
            .iter()
            .filter(|p| is_value(&p.text))
            .cloned()
            .collect();
        out[n].pieces.retain(|p| !is_value(&p.text));
        out[n].spans.retain(|p| !is_value(&p.text));
        out[b.first].pieces.extend(moved.iter().cloned());
        out[b.first].spans.extend(moved);
    }
    Some((out, seen.filter(|_| by_itself)))
}

/// The page's lines with the numbers of two lines joined, where cells
/// aligned to their bottom or middle hold numbers that wrap (`24` over
/// `9`): a line's numbers each over one number of the next line, the two
/// a line's spacing apart, are the first digits of those numbers when
/// the two lines are one row of section 三 whose sum holds for that
/// reading alone (see `stacked::joined_over`). The row's label is
/// numbered on one of the two lines at most: two rows' lines are never
/// joined.
/// (The halves of a number centred over three lines are joined before,
/// see `halves`.)
///
/// `None` when no numbers were joined; with, for each line, the lines
/// its numbers begin and end on.
fn wrapped_over(lines: &[PieceLine]) -> (Option<Vec<PieceLine>>, Vec<(usize, usize)>) {
    let mut reach: Vec<(usize, usize)> = (0..lines.len()).map(|i| (i, i)).collect();
    let mut out: Option<Vec<PieceLine>> = None;
    let mut i = 0;
    while i + 1 < lines.len() {
        let (upper, lower) = (&lines[i], &lines[i + 1]);
        let (above, below) = (labels(upper), labels(lower));
        // (A label's next line may open with a row's words, `政府信息`:
        // only numbering opens a row for sure.)
        let begins = |ls: &[&Piece]| {
            ls.first().is_some_and(|p| {
                let t = super::labels::compact(&p.text);
                crate::templates::printed::strip_numbering(&t).len() < t.len()
            })
        };
        let values = |l: &PieceLine| l.pieces.iter().filter(|p| is_value(&p.text)).count();
        // Labels left of the numbers only, on both lines.
        let left = |ls: &[&Piece], l: &PieceLine| {
            let first = l.pieces.iter().filter(|p| is_value(&p.text)).map(|p| p.x0);
            let x = first.fold(f32::MAX, f32::min);
            ls.iter().all(|p| p.x1 <= x)
        };
        if values(upper) == 0
            || values(upper) >= values(lower)
            || begins(&above) && begins(&below)
            || !left(&above, upper)
            || !left(&below, lower)
        {
            i += 1;
            continue;
        }
        // The row's own label: the last of each line's, beside the numbers
        // (merged cells' text stands left of it).
        let label: String = above
            .last()
            .into_iter()
            .chain(below.last())
            .map(|p| p.text.as_str())
            .collect();
        let Some(row) = super::stacked::joined_over(upper, lower, &label) else {
            i += 1;
            continue;
        };
        let out = out.get_or_insert_with(|| lines.to_vec());
        for l in [i, i + 1] {
            out[l].pieces.retain(|p| !is_value(&p.text));
            out[l].spans.retain(|p| !is_value(&p.text));
        }
        out[i + 1].pieces.extend(row.iter().cloned());
        out[i + 1].spans.extend(row);
        reach[i + 1] = (i, i + 1);
        i += 2;
    }
    (out, reach)
}

fn labels(l: &PieceLine) -> Vec<&Piece> {
    l.pieces.iter().filter(|p| !is_value(&p.text)).collect()
}

/// Whether the label of block `b` goes on below line `i`: the next line
/// with a label under it holds one that begins no row.
fn goes_on(lines: &[PieceLine], i: usize, b: &Block, values_x: &[Option<f32>]) -> bool {
    lines.iter().enumerate().skip(i + 1).find_map(|(j, l)| {
        let limit = values_x[j]?;
        l.pieces
            .iter()
            .find(|p| !is_value(&p.text) && p.x1 <= limit && overlap(p.x0, p.x1, b.x0, b.x1))
            .map(|p| !begins_label(&p.text))
    }) == Some(true)
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, rows, rows as rows_of};
    use super::super::unruled::{read, Known};
    use super::*;

    /// Rows of two- and three-line labels, numbers where `align` sets
    /// them: lines 15 apart.
    fn page(middle: bool) -> Vec<PieceLine> {
        page_of(
            &[
                (&["1.属于国家秘", "密"], ["3", "1", "4"]),
                (&["2.其他法律行", "政法规禁止公", "开"], ["0", "2", "2"]),
                (&["3.危及“三安", "全一稳定”"], ["5", "0", "5"]),
            ],
            middle,
        )
    }

    /// The rows [`page`] reads as, once realigned.
    fn page_rows() -> Vec<Vec<&'static str>> {
        vec![
            vec!["1.属于国家秘密", "3", "1", "4"],
            vec!["2.其他法律行政法规禁止公开", "0", "2", "2"],
            vec!["3.危及“三安全一稳定”", "5", "0", "5"],
        ]
    }

    /// Rows of the given labels and values (an empty value a blank cell).
    fn page_of(rows: &[(&[&'static str], [&'static str; 3])], middle: bool) -> Vec<PieceLine> {
        let mut out = Vec::new();
        let mut top = 0.0;
        for &(label, values) in rows {
            let n = label.len() as f32;
            let at = if middle {
                top + (n - 1.0) * 7.5
            } else {
                top + (n - 1.0) * 15.0
            };
            let mut label_lines: Vec<(f32, &str)> = label
                .iter()
                .enumerate()
                .map(|(k, t)| (top + 15.0 * k as f32, *t))
                .collect();
            let values: Vec<(f32, &str)> =
                [(60.0, values[0]), (100.0, values[1]), (140.0, values[2])]
                    .into_iter()
                    .filter(|(_, v)| !v.is_empty())
                    .collect();
            // The numbers on a label line or on a line of their own.
            if let Some(k) = label_lines.iter().position(|(y, _)| (*y - at).abs() < 0.1) {
                let (y, t) = label_lines.remove(k);
                let mut pieces = vec![(0.0, t)];
                pieces.extend(values);
                out.push(line(y, &pieces));
            } else {
                out.push(line(at, &values));
            }
            for (y, t) in label_lines {
                out.push(line(y, &[(0.0, t)]));
            }
            top += 15.0 * n + 5.0;
        }
        out.sort_by(|a, b| a.y0.total_cmp(&b.y0));
        out
    }

    #[test]
    fn numbers_in_the_middle_or_at_the_bottom_go_to_their_rows() {
        for middle in [true, false] {
            let lines = realign(&page(middle), None).expect("realigned").0;
            let parts = read(&lines, &mut Known::default()).expect("rebuilt");
            assert_eq!(rows(&parts), page_rows(), "middle: {middle}");
        }
        // A label that runs on below its row (numbers where it begins)
        // is that row's whatever the alignment, and proves none.
        let mut lines = page(true);
        let top = lines.last().expect("lines").y1 + 8.0;
        lines.push(line(
            top,
            &[
                (0.0, "4.保护第三方"),
                (60.0, "1"),
                (100.0, "1"),
                (140.0, "2"),
            ],
        ));
        lines.push(line(top + 15.0, &[(0.0, "合法权益")]));
        let lines = realign(&lines, None).expect("realigned").0;
        let parts = read(&lines, &mut Known::default()).expect("rebuilt");
        assert_eq!(rows(&parts)[3], vec!["4.保护第三方合法权益", "1", "1", "2"]);
    }

    #[test]
    fn a_sparse_row_whose_numbers_stand_inside_its_label_keeps_them() {
        // Aligned to the middle: each row's numbers on a line of their own
        // between two lines of its label, or on its label's middle line.
        // The first row's first number stands in a column left of where
        // the next row's numbers begin; it is still the first row's, the
        // last row printing a value there beside its label.
        let lines = page_of(
            &[
                (&["1.属于国家秘", "密"], ["3", "", "3"]),
                (&["2.其他法律行", "政法规禁止公", "开"], ["", "2", "2"]),
                (&["3.危及“三安", "全一稳定”"], ["", "1", "1"]),
                (&["4.保护第三方", "合法权益"], ["", "1", "1"]),
                (&["5.属于三类"], ["2", "0", "2"]),
            ],
            true,
        );
        let moved = realign(&lines, None).expect("realigned").0;
        // Each row's numbers moved up to where its label begins.
        let on = |label: &str| -> Vec<(f32, String)> {
            let begins = |l: &&PieceLine| l.pieces.first().is_some_and(|p| p.text == label);
            let l = moved.iter().find(begins).expect(label);
            l.pieces[1..]
                .iter()
                .map(|p| (p.x0, p.text.clone()))
                .collect()
        };
        let at = |v: &[(f32, &str)]| -> Vec<(f32, String)> {
            v.iter().map(|&(x, t)| (x, t.to_string())).collect()
        };
        assert_eq!(on("1.属于国家秘"), at(&[(60.0, "3"), (140.0, "3")]));
        assert_eq!(on("2.其他法律行"), at(&[(100.0, "2"), (140.0, "2")]));
        assert_eq!(on("3.危及“三安"), at(&[(100.0, "1"), (140.0, "1")]));
        assert_eq!(on("4.保护第三方"), at(&[(100.0, "1"), (140.0, "1")]));
        let parts = read(&moved, &mut Known::default()).expect("rebuilt");
        let labels: Vec<String> = rows(&parts).iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            labels,
            [
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类"
            ]
        );
    }

    /// Row 一 of section 三 set at the bottom of its cells over two
    /// lines, `upper` its first line's numbers and `lower` its last's
    /// (x, text), then [`page`]'s rows aligned to their bottom.
    fn wrapped_row(upper: &[(f32, &'static str)], lower: &[(f32, &'static str)]) -> Vec<PieceLine> {
        let mut first = vec![(0.0, "一、本年新收")];
        first.extend_from_slice(upper);
        let mut last = vec![(0.0, "申请数量")];
        last.extend_from_slice(lower);
        followed_by_page(vec![line(0.0, &first), line(15.0, &last)], false, 35.0)
    }

    /// `lines`, then [`page`]'s rows (aligned to their middle or not)
    /// from `top` down.
    fn followed_by_page(mut lines: Vec<PieceLine>, middle: bool, top: f32) -> Vec<PieceLine> {
        for mut l in page(middle) {
            l.y0 += top;
            l.y1 += top;
            lines.push(l);
        }
        lines
    }

    #[test]
    fn numbers_wrapped_in_cells_aligned_to_their_bottom_are_joined() {
        // 249 and 273 wrap: `24` and `27` on the label's first line, over
        // the `9` and `3` the row's last line holds with its other numbers.
        // Only 249 + 24 = 273 adds up.
        let lines = wrapped_row(
            &[(60.0, "24"), (140.0, "27")],
            &[(60.0, "9"), (100.0, "24"), (140.0, "3")],
        );
        let moved = realign(&lines, None).expect("realigned").0;
        let parts = read(&moved, &mut Known::default()).expect("rebuilt");
        let mut want = vec![vec!["一、本年新收申请数量", "249", "24", "273"]];
        want.extend(page_rows());
        assert_eq!(rows(&parts), want);
        // The row adds up unjoined too (9 + 24 = 33): which reading is
        // meant cannot be told, and the page is left as it is.
        let lines = wrapped_row(
            &[(60.0, "24")],
            &[(60.0, "9"), (100.0, "24"), (140.0, "33")],
        );
        assert!(realign(&lines, None).is_none());
        // Two rows' lines, each beginning its own label, are not one row's
        // however their numbers would add up.
        let mut lines = wrapped_row(&[], &[(60.0, "9"), (100.0, "24"), (140.0, "3")]);
        lines[0] = line(0.0, &[(0.0, "(一)予以公开"), (60.0, "24"), (140.0, "27")]);
        lines[1].pieces[0].text = "(二)部分公开".into();
        assert!(wrapped_over(&lines).0.is_none());
    }

    #[test]
    fn a_wrapped_row_is_named_by_its_own_labels() {
        let texts = |lines: &[PieceLine]| -> Vec<Vec<String>> {
            lines
                .iter()
                .map(|l| l.pieces.iter().map(|p| p.text.clone()).collect())
                .collect()
        };
        // The label's next line opens with a row's words (`政府信息`), not
        // with numbering: the same row's.
        let lines = [
            line(
                0.0,
                &[(-50.0, "1.本机关不掌握相关"), (60.0, "15"), (140.0, "18")],
            ),
            line(
                15.0,
                &[
                    (-50.0, "政府信息"),
                    (60.0, "1"),
                    (100.0, "32"),
                    (140.0, "3"),
                ],
            ),
        ];
        let joined = wrapped_over(&lines).0.expect("joined");
        assert_eq!(
            texts(&joined),
            [
                vec!["1.本机关不掌握相关"],
                vec!["政府信息", "151", "32", "183"]
            ]
        );
        // Merged text beside the row (`办理`, `结果` of `三、本年度办理结果`)
        // is not the row's label: `（七）总计` names it.
        let lines = [
            line(0.0, &[(-100.0, "办理"), (60.0, "8"), (140.0, "9")]),
            line(
                15.0,
                &[
                    (-100.0, "结果"),
                    (0.0, "(七)总计"),
                    (60.0, "6"),
                    (100.0, "7"),
                    (140.0, "3"),
                ],
            ),
        ];
        let joined = wrapped_over(&lines).0.expect("joined");
        assert_eq!(texts(&joined)[1], ["结果", "(七)总计", "86", "7", "93"]);
    }

    /// Row 一 of section 三 on one line at y = 15, its total's halves at
    /// y = 3 and y = 27, `next` the row after it (a row of one line), then
    /// [`page`]'s rows centred.
    fn centred_total(
        row: [&'static str; 2],
        halves: [&'static str; 2],
        next: [&'static str; 3],
    ) -> Vec<PieceLine> {
        let lines = vec![
            line(3.0, &[(140.0, halves[0])]),
            line(
                15.0,
                &[(0.0, "一、本年新收"), (60.0, row[0]), (100.0, row[1])],
            ),
            line(27.0, &[(140.0, halves[1])]),
            line(
                42.0,
                &[
                    (0.0, "二、上年结转"),
                    (60.0, next[0]),
                    (100.0, next[1]),
                    (140.0, next[2]),
                ],
            ),
        ];
        followed_by_page(lines, true, 60.0)
    }

    #[test]
    fn a_number_centred_in_its_cell_over_three_lines_is_joined() {
        use super::super::halves::centred_halves;
        // 9 + 24 = 33: `3` above the row's line, `3` below it.
        let lines = centred_total(["9", "24"], ["3", "3"], ["1", "2", "3"]);
        let joined = centred_halves(&lines).expect("joined");
        let moved = realign(&joined, None).expect("realigned").0;
        let parts = read(&moved, &mut Known::default()).expect("rebuilt");
        let mut want = vec![
            vec!["一、本年新收", "9", "24", "33"],
            vec!["二、上年结转", "1", "2", "3"],
        ];
        want.extend(page_rows());
        assert_eq!(rows(&parts), want);
        // 0 + 0 = 0, 00 and 0 alike: which reading is meant cannot be told.
        // (The next row does not add up whatever digit it takes.)
        let lines = centred_total(["0", "0"], ["0", "0"], ["1", "2", "4"]);
        assert!(centred_halves(&lines).is_none());
        // The `3` below may as well be the first digit of the next row's
        // total (3 + 27 = 30 with it): whose it is cannot be told, and the
        // page is left as it is.
        let lines = centred_total(["9", "24"], ["3", "3"], ["3", "27", "0"]);
        assert!(centred_halves(&lines).is_none());
        assert!(realign(&lines, None).is_none());
    }

    #[test]
    fn one_block_is_proof_enough_where_the_document_proved_the_same() {
        // One row of two lines proves its numbers centred; the other is of
        // one line and proves nothing.
        let rows = [
            (&["1.属于国家秘", "密"][..], ["3", "1", "4"]),
            (&["3.危及安全"][..], ["5", "0", "5"]),
        ];
        let lines = page_of(&rows, true);
        assert!(realign(&lines, None).is_none());
        assert!(realign(&lines, Some(Align::Bottom)).is_none());
        let (moved, proved) = realign(&lines, Some(Align::Middle)).expect("realigned");
        assert_eq!(proved, None, "the page did not prove it by itself");
        let parts = read(&moved, &mut Known::default()).expect("rebuilt");
        assert_eq!(
            rows_of(&parts),
            vec![
                vec!["1.属于国家秘密", "3", "1", "4"],
                vec!["3.危及安全", "5", "0", "5"],
            ]
        );
        // A page that proves it by itself says so, whatever the document's.
        let (_, proved) = realign(&page(true), None).expect("realigned");
        assert_eq!(proved, Some(Align::Middle));
        // Pages that proved different alignments leave none to lean on.
        let mut shown = Shown::default();
        shown.add(Align::Middle);
        shown.add(Align::Middle);
        assert_eq!(shown, Shown::Only(Align::Middle));
        shown.add(Align::Bottom);
        shown.add(Align::Middle);
        assert_eq!(shown, Shown::Mixed);
    }

    #[test]
    fn a_group_start_beside_numbers_inside_a_label_is_dropped() {
        // `（五）` in the group column, on the numbers line of a row whose
        // label goes on below (`密`): the numbers are that row's, and the
        // start leaves the line, not to be read into the row's label.
        let mut lines = page(true);
        let at = lines
            .iter()
            .position(|l| l.pieces.len() == 3 && l.pieces[0].text == "3")
            .expect("the first row's numbers");
        let group = line(0.0, &[(-40.0, "（五）")]).pieces[0].clone();
        assert!(group.x1 <= 0.0, "{group:?}");
        lines[at].pieces.insert(0, group.clone());
        lines[at].spans.insert(0, group);
        let lines = realign(&lines, None).expect("realigned").0;
        assert!(lines
            .iter()
            .all(|l| l.pieces.iter().chain(&l.spans).all(|p| p.text != "（五）")));
        let parts = read(&lines, &mut Known::default()).expect("rebuilt");
        assert_eq!(rows(&parts), page_rows());
    }

    #[test]
    fn merged_text_left_of_the_rows_opens_no_row() {
        // `三、` of the section's column `三、本年度办理结果`, centred beside
        // the rows it spans, on a line of its own after a row that has its
        // numbers, before a row of one line: not a row's start.
        let rows = [
            (&["1.属于国家秘", "密"][..], ["3", "1", "4"]),
            (&["2.其他法律行", "政法规禁止公", "开"][..], ["0", "2", "2"]),
            (&["3.危及安全"][..], ["5", "0", "5"]),
        ];
        let mut lines = page_of(&rows, true);
        let at = lines
            .iter()
            .position(|l| l.pieces[0].text == "3.危及安全")
            .expect("the one-line row");
        let y = lines[at].y0 - 4.0;
        lines.insert(at, line(y, &[(-80.0, "三、")]));
        let moved = realign(&lines, None).expect("realigned").0;
        let mut known = Known::default();
        known.realigned = true;
        let parts = read(&moved, &mut known).expect("rebuilt");
        let read_rows = rows_of(&parts);
        assert_eq!(read_rows[2], vec!["三、"]);
        assert_eq!(read_rows[0], vec!["1.属于国家秘密", "3", "1", "4"]);
        assert_eq!(
            read_rows[1],
            vec!["2.其他法律行政法规禁止公开", "0", "2", "2"]
        );
        assert_eq!(
            read_rows.last().expect("rows"),
            &vec!["3.危及安全", "5", "0", "5"]
        );
        // The same text where the open row has no numbers yet and its label
        // does not go on below: whose the numbers after it are cannot be
        // told.
        let mut lines = page_of(&rows[..1], true);
        let top = lines.last().expect("lines").y1 + 3.0;
        lines.push(line(top, &[(0.0, "2.其他法律")]));
        lines.push(line(top + 15.0, &[(-80.0, "三、")]));
        lines.push(line(
            top + 30.0,
            &[(0.0, "3.危及安全"), (60.0, "5"), (100.0, "0"), (140.0, "5")],
        ));
        assert!(realign(&lines, None).is_none());
    }

    #[test]
    fn a_page_that_does_not_prove_its_alignment_is_left_as_it_is() {
        // A row's first line not taken for a row's start (no numbering,
        // no row's words) puts two rows' numbers in one block.
        let mut lines = page(true);
        for l in &mut lines {
            for p in &mut l.pieces {
                if p.text.starts_with("2.") {
                    p.text = "以及法律行".into();
                }
            }
        }
        assert!(realign(&lines, None).is_none());
        // Numbers inside a row's label left of where the page's labelled
        // rows print theirs (the one row with a label beside its numbers
        // leaves its first cell blank): no row's the page can tell.
        let three: &[&'static str] = &["2.其他法律行", "政法规禁止公", "开"];
        let rows = [
            (three, ["", "2", "2"]),
            (&["1.属于国家秘", "密"][..], ["3", "1", "4"]),
            (three, ["", "1", "1"]),
            (three, ["", "5", "5"]),
        ];
        assert!(realign(&page_of(&rows, true), None).is_none());
        let rows = [rows[0], rows[2], rows[3], (rows[1].0, ["", "1", "1"])];
        assert!(realign(&page_of(&rows, true), None).is_some());
        // Numbers beside a merged group's start in its own column, while
        // the row open beside it has none yet and its label does not go
        // on below: the group's own row, or the open row's?
        for after in [None, Some("4.保护第三方")] {
            let mut lines = page(true);
            let top = lines.last().expect("lines").y1 + 8.0;
            lines.push(line(top, &[(0.0, "3.其他")]));
            lines.push(line(
                top + 15.0,
                &[(-40.0, "（七）"), (60.0, "1"), (100.0, "0"), (140.0, "1")],
            ));
            if let Some(label) = after {
                lines.push(line(top + 30.0, &[(0.0, label)]));
            }
            assert!(realign(&lines, None).is_none(), "{after:?}");
        }
        // One block only of several lines: no proof.
        let lines: Vec<PieceLine> = page(true).into_iter().take(3).collect();
        assert!(realign(&lines, None).is_none());
        // Aligned to the top: the page's own reading does it.
        let top = vec![
            line(
                0.0,
                &[
                    (0.0, "1.属于国家秘"),
                    (60.0, "3"),
                    (100.0, "1"),
                    (140.0, "4"),
                ],
            ),
            line(15.0, &[(0.0, "密")]),
            line(
                35.0,
                &[
                    (0.0, "2.其他法律行"),
                    (60.0, "0"),
                    (100.0, "2"),
                    (140.0, "2"),
                ],
            ),
            line(50.0, &[(0.0, "政法规禁止公")]),
        ];
        assert!(realign(&top, None).is_none());
        // Two lines of numbers in one block: digits wrapped, or a row cut.
        let mut lines = page(false);
        let extra = line(16.0, &[(60.0, "9")]);
        lines.insert(2, extra);
        assert!(realign(&lines, None).is_none());
    }
}
