//! One page's ink → its blocks of text in reading order: table rows as
//! tab-separated lines, other text as lines.
//!
//! The page is first turned so that most of its text runs left to right
//! (a landscape table drawn on a portrait page reads as it is meant to),
//! and glyphs drawn twice over themselves (headings made bold by drawing
//! them again a fraction of a point off) are kept once. Grids whose text
//! holds neither a template label nor a number, and grids of one column,
//! are frames around text, not tables: their text is read as lines.

use super::centred;
use super::glyphs::{Edge, Glyph, PageInk};
use super::grid::{self, Table};
use super::halves;
use super::labels::folded;
use super::lines::{cell_text, group_lines, line_text, table_margin, Line};
use super::unruled::{self, Part, PieceLine};
use crate::decode::fold::fold_cjk;

/// A block of a page's text.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A table's rows, each a list of fields. `open_top`: the first row
    /// may be the rest of a row cut by the page break above it;
    /// `open_bottom`: the last row may go on on the next page.
    Table {
        y0: f32,
        rows: Vec<Vec<String>>,
        /// For each field of the last row, where its cell's text is: (rows
        /// back from the last, field in that row); a cell merged down from
        /// a row above has its text there. Empty for a table rebuilt without
        /// rulings: each field is its own.
        tail: Vec<(usize, usize)>,
        open_top: bool,
        open_bottom: bool,
    },
    /// A line of text outside tables.
    Line { y0: f32, y1: f32, text: String },
}

impl Block {
    fn top(&self) -> f32 {
        match self {
            Block::Table { y0, .. } | Block::Line { y0, .. } => *y0,
        }
    }
}

/// A page read into blocks.
#[derive(Debug, Clone)]
pub(crate) struct PageText {
    pub height: f32,
    pub blocks: Vec<Block>,
    /// Numbers written as U+FFFD because the row they sit in cannot be
    /// told (see `unsure_unruled_rows`).
    pub unsure_cells: usize,
    /// The page begins with digits that may end the numbers of the row
    /// the page before ended with: that row's numbers are unsure.
    pub wrapped_from_before: bool,
}

/// `known`: the columns of tables the pages before showed (see
/// `columns::Known`), and learns this page's.
pub(crate) fn read_page(mut ink: PageInk, known: &mut unruled::Known) -> PageText {
    turn_upright(&mut ink);
    let glyphs = drop_doubles(std::mem::take(&mut ink.glyphs));
    let tables = grid::tables(&ink.edges);

    // Each glyph to the smallest cell holding its centre, of any grid.
    let mut owner: Vec<Option<(usize, usize)>> = vec![None; glyphs.len()];
    for (gi, g) in glyphs.iter().enumerate() {
        let (x, y) = (g.cx(), g.cy());
        let mut best: Option<(usize, usize, f32)> = None;
        for (ti, t) in tables.iter().enumerate() {
            if let Some(ci) = t.cell_at(x, y) {
                let c = &t.cells[ci];
                let area = (c.x1 - c.x0) * (c.y1 - c.y0);
                if best.is_none_or(|b| area < b.2) {
                    best = Some((ti, ci, area));
                }
            }
        }
        owner[gi] = best.map(|(t, c, _)| (t, c));
    }
    let mut cell_glyphs: Vec<Vec<Vec<usize>>> = tables
        .iter()
        .map(|t| vec![Vec::new(); t.cells.len()])
        .collect();
    for (gi, o) in owner.iter().enumerate() {
        if let Some((t, c)) = *o {
            cell_glyphs[t][c].push(gi);
        }
    }
    let cell_texts: Vec<Vec<Result<String, String>>> = tables
        .iter()
        .zip(&cell_glyphs)
        .map(|(t, cells)| {
            // Each cell's lines, grouped once for its margin and its text.
            let lines: Vec<Vec<Line>> = cells.iter().map(|gs| group_lines(&glyphs, gs)).collect();
            let spans = t
                .cells
                .iter()
                .zip(&lines)
                .map(|(c, ls)| (c.x0, c.x1, ls.as_slice()));
            let margin = table_margin(&glyphs, spans);
            t.cells
                .iter()
                .zip(&lines)
                .map(|(c, ls)| cell_text(&glyphs, ls, c.x0, c.x1, margin))
                .collect()
        })
        .collect();
    // Cells whose digits are unsure (see `cell_text`): `WRAPPED`, then
    // the digits joined, until `settle_wrapped_cells` reads them.
    let cell_texts: Vec<Vec<String>> = cell_texts
        .into_iter()
        .map(|texts| {
            texts
                .into_iter()
                .map(|t| t.unwrap_or_else(|digits| format!("{WRAPPED}{digits}")))
                .collect()
        })
        .collect();
    let keep: Vec<bool> = tables
        .iter()
        .zip(&cell_texts)
        .map(|(t, texts)| is_table(t, texts))
        .collect();
    let mut unsure_ruled = 0;

    let mut blocks = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    for (gi, o) in owner.iter().enumerate() {
        match o {
            Some((t, _)) if keep[*t] => {}
            _ => free.push(gi),
        }
    }
    for (ti, t) in tables.iter().enumerate() {
        if keep[ti] {
            let (mut rows, tail) = table_rows(t, &cell_texts[ti]);
            unsure_ruled += settle_wrapped_cells(&mut rows);
            blocks.push(Block::Table {
                y0: t.y0,
                rows,
                tail,
                open_top: t.open_top,
                open_bottom: t.open_bottom,
            });
        }
    }
    let gap_cells = !keep.iter().any(|&k| k);
    let grouped = group_lines(&glyphs, &free);
    let mut lines: Vec<(f32, f32, String)> = grouped
        .iter()
        .map(|line| (line.y0, line.y1, line_text(&glyphs, line, gap_cells)))
        .collect();
    let mut unsure_cells = unsure_ruled;
    let mut rebuilt = None;
    // Lines whose numbers may be cut from their last digits (see
    // `wrapped_tails`), by index into `lines`.
    let mut cut = Vec::new();
    if gap_cells {
        let pieces: Vec<PieceLine> = grouped
            .iter()
            .zip(&lines)
            .filter(|(_, (_, _, text))| !text.trim().is_empty())
            .map(|(line, _)| PieceLine::new(&glyphs, line))
            .collect();
        lines.retain(|(_, _, text)| !text.trim().is_empty());
        known.wrapped_from_before = false;
        // Rows aligned to their middle or bottom, their numbers moved up to
        // where their labels begin; a line written as it is (not rebuilt
        // into a table) is written as moved, never with its numbers twice.
        // Once every page was read, a page may lean on the alignment the
        // others proved.
        let document = match known.shown {
            centred::Shown::Only(align) if known.again => Some(align),
            _ => None,
        };
        // Halves of numbers centred over three lines, joined first: as
        // wide a reading as either way of aligning needs.
        let pieces = match halves::centred_halves(&pieces) {
            Some(joined) => {
                rewrite_changed(&pieces, &joined, &mut lines);
                joined
            }
            None => pieces,
        };
        let moved = centred::realign(&pieces, document);
        known.realigned = moved.is_some();
        let pieces = match moved {
            Some((moved, proved)) => {
                if let Some(align) = proved.filter(|_| !known.again) {
                    known.shown.add(align);
                }
                rewrite_changed(&pieces, &moved, &mut lines);
                moved
            }
            None => pieces,
        };
        rebuilt = unruled::read(&pieces, known);
        cut = wrapped_tails(&pieces);
        if rebuilt.is_none() {
            unsure_cells += unsure_unruled_rows(&mut lines);
            for (line, _) in lines.iter_mut().zip(&cut).filter(|(_, &c)| c) {
                unsure_cells += unsure_numbers_of(&mut line.2);
            }
        }
    } else {
        lines.retain(|(_, _, text)| !text.trim().is_empty());
    }
    match rebuilt {
        Some(parts) => {
            // The lines not rebuilt into tables keep the guard: numbers on
            // lines of their own between wrapped labels stay unsure.
            let mut plain: Vec<(f32, f32, String)> = Vec::new();
            // The page ends with its last table's last row: the next page
            // may go on with it.
            let open_end = known.open.is_some();
            let count = parts.len();
            for (k, part) in parts.into_iter().enumerate() {
                match part {
                    Part::Line(i) => {
                        let mut line = lines[i].clone();
                        if cut.get(i) == Some(&true) {
                            unsure_cells += unsure_numbers_of(&mut line.2);
                        }
                        plain.push(line)
                    }
                    Part::Carry { y0, row } => blocks.push(Block::Table {
                        y0,
                        rows: vec![row],
                        tail: Vec::new(),
                        open_top: true,
                        open_bottom: false,
                    }),
                    Part::Table { y0, mut rows } => {
                        stray_numbers(&mut rows);
                        unsure_cells += rows
                            .iter()
                            .flatten()
                            .filter(|f| *f == unruled::UNSURE)
                            .count();
                        blocks.push(Block::Table {
                            y0,
                            rows,
                            tail: Vec::new(),
                            open_top: false,
                            open_bottom: open_end && k + 1 == count,
                        })
                    }
                }
            }
            unsure_cells += unsure_unruled_rows(&mut plain);
            for (y0, y1, text) in plain {
                blocks.push(Block::Line { y0, y1, text });
            }
        }
        None => {
            for (y0, y1, text) in lines {
                blocks.push(Block::Line { y0, y1, text });
            }
        }
    }
    blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
    PageText {
        height: ink.height,
        blocks,
        unsure_cells,
        wrapped_from_before: gap_cells && std::mem::take(&mut known.wrapped_from_before),
    }
}

/// The longest line, in characters, taken for a piece of a label wrapped
/// inside a narrow cell.
const WRAPPED_PIECE_CHARS: usize = 8;

/// The guard for the lines `unruled` does not rebuild. Rows read by gaps
/// on a page without rulings, where a cell's text wraps over several
/// lines: a short line with no gap cells between two rows of numbers is
/// a piece of a wrapped label, and with no rulings nothing tells whether
/// the numbers sit on the first line of their row, on its middle line or
/// its last. Then every number of the page's gap rows is
/// written as U+FFFD (their rows are left null downstream, never given
/// another row's numbers); returns how many were.
fn unsure_unruled_rows(lines: &mut [(f32, f32, String)]) -> usize {
    let numbers = |t: &str| t.contains('\t') && t.split('\t').any(is_number);
    let rows: Vec<usize> = (0..lines.len()).filter(|&i| numbers(&lines[i].2)).collect();
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return 0;
    };
    let short = |t: &str| !t.contains('\t') && t.trim().chars().count() <= WRAPPED_PIECE_CHARS;
    let wrapped = (first + 1..last).any(|i| {
        // Under a header (上一年项目数 over 量, the lines between them
        // short too), a short line ends one of its labels: no row's
        // numbers can be taken for another's across it.
        let above = (first..i).rev().find(|&j| !short(&lines[j].2));
        short(&lines[i].2)
            && !above.is_some_and(|j| {
                let t = &lines[j].2;
                !numbers(t) && crate::templates::printed::names_header(&folded(t))
            })
    });
    if !wrapped {
        return 0;
    }
    rows.iter()
        .map(|&i| unsure_numbers_of(&mut lines[i].2))
        .sum()
}

/// Lines of the page, by index, whose numbers may not be whole: a line of
/// digits alone close under a line of two numbers or more, each of its
/// pieces under one of them, holds the last digits of numbers too wide
/// for their cells (`13` over `7`: 137), or is a row of its own; lines
/// the page's tables were not rebuilt from do not tell which. Both lines
/// are marked: their numbers are written as U+FFFD (left null
/// downstream, never read as `13` and a `7` of another cell).
fn wrapped_tails(lines: &[PieceLine]) -> Vec<bool> {
    let mut cut = vec![false; lines.len()];
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    for i in 1..lines.len() {
        let (upper, lower) = (&lines[i - 1], &lines[i]);
        let numbers: Vec<_> = upper.pieces.iter().filter(|p| is_number(&p.text)).collect();
        let height = lower.y1 - lower.y0;
        let tails = !lower.pieces.is_empty()
            && lower.pieces.iter().all(|p| digits(&folded(&p.text)))
            && lower.pieces.iter().all(|p| {
                numbers
                    .iter()
                    .any(|q| unruled::overlap(p.x0, p.x1, q.x0, q.x1))
            });
        if numbers.len() >= 2 && tails && lower.y0 - upper.y1 <= 0.5 * height {
            cut[i - 1] = true;
            cut[i] = true;
        }
    }
    cut
}

/// Every field of `fields` holding a number written as U+FFFD; returns
/// how many were.
pub(super) fn unsure_numbers<'a>(fields: impl Iterator<Item = &'a mut String>) -> usize {
    let mut n = 0;
    for f in fields.filter(|f| is_number(f)) {
        *f = unruled::UNSURE.to_string();
        n += 1;
    }
    n
}

/// The numbers of a line's fields (its text cut at tabs) written as
/// U+FFFD; returns how many.
pub(super) fn unsure_numbers_of(text: &mut String) -> usize {
    let mut fields: Vec<String> = text.split('\t').map(str::to_string).collect();
    let n = unsure_numbers(fields.iter_mut());
    *text = fields.join("\t");
    n
}

/// The numbers of `text`, a line left as a line, written as U+FFFD when
/// it reads as a row: cells cut at tabs, or, without tabs, words apart at
/// white space of which two or more are numbers (`一、本年新收政府信息 8 0
/// 0 1 1 0 1`, a row whose cells stood too close for gaps); returns how
/// many. A heading, a date or a sentence is left as it is.
pub(super) fn unsure_numbers_of_row_line(text: &mut String) -> usize {
    if text.contains('\t') {
        return unsure_numbers_of(text);
    }
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if words.iter().filter(|w| is_number(w)).count() < 2 {
        return 0;
    }
    let n = unsure_numbers(words.iter_mut());
    *text = words.join(" ");
    n
}

/// The guard for the rows `unruled` rebuilds into section 三's table (two
/// of them name its rows): a row that prints numbers beside nothing but
/// the text of a cell spanning rows (`三、 本` of `三、本年度办理结果`,
/// beside digits wrapped from the row under it), or, under a row with
/// numbers (sure or not), beside text that neither names a row nor
/// begins one (the last line of a label wrapped in its cell,
/// `只计这一情形，不计其他情形）` beside the last digits of 130 and 160
/// wrapped from the row above; a table's first row may be labelled so
/// where its label began on a line left above the table), is no row of
/// the table, and its numbers are some other row's: which one cannot be
/// told. Its numbers and those of the rows they may be (beside it; above
/// it only, beside a label's last line: the row under it begins lower)
/// are written as U+FFFD (left null downstream, never read without the
/// digits that stand apart from them).
fn stray_numbers(rows: &mut [Vec<String>]) {
    let labels = |r: &[String]| -> Vec<String> {
        r.iter()
            .filter(|f| !is_number(f) && f.as_str() != unruled::UNSURE)
            .map(|f| folded(f))
            .filter(|f| !f.is_empty())
            .collect()
    };
    let named = rows
        .iter()
        .filter(|r| {
            let label: String = labels(r).concat();
            crate::templates::printed::names_applications_row(&label)
        })
        .count();
    if named < 2 {
        return;
    }
    let groups: Vec<String> = crate::templates::printed::GROUP_LABELS
        .iter()
        .map(|g| folded(g))
        .collect();
    // Each stray row with the last row its numbers may be (the row under
    // it, for a group's text only: a row's label begins where its numbers
    // stand or above them).
    let stray: Vec<(usize, usize)> = (0..rows.len())
        .filter_map(|i| {
            let own = labels(&rows[i]);
            let group_text = || {
                own.iter()
                    .all(|t| groups.iter().any(|g| g.contains(t.as_str())))
            };
            let goes_on = || {
                i > 0
                    && rows[i - 1]
                        .iter()
                        .any(|f| is_number(f) || f.as_str() == unruled::UNSURE)
                    && !crate::templates::printed::names_applications_row(&own.concat())
                    && !own.iter().any(|t| super::labels::begins_label(t))
            };
            if !rows[i].iter().any(|f| is_number(f)) || own.is_empty() {
                return None;
            }
            if group_text() {
                Some((i, i + 1))
            } else {
                goes_on().then_some((i, i))
            }
        })
        .collect();
    let n = rows.len();
    for (i, last) in stray {
        for row in &mut rows[i.saturating_sub(1)..(last + 1).min(n)] {
            unsure_numbers(row.iter_mut());
        }
    }
}

pub(crate) fn is_number(s: &str) -> bool {
    let s = s.trim();
    s.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || ('０'..='９').contains(&c)
                || matches!(c, '.' | ',' | '%' | ' ' | '．' | '，' | '-')
        })
}

/// What marks a ruled cell whose digits are unsure until its row is read
/// (see `settle_wrapped_cells`): a control character, which no text of a
/// page holds.
const WRAPPED: char = '\u{1}';

/// The cells of ruled `rows` whose digits stand on two lines not shown to
/// be one number (see `lines::cell_text`; written `WRAPPED`, then the
/// digits joined): each row's are read as their digits joined where its identity
/// then holds (a row of section 三 named by its label: its sum; section
/// 四's row of values without a label: each group's total; blank cells
/// count as 0), else written U+FFFD. Returns how many were left unsure.
fn settle_wrapped_cells(rows: &mut [Vec<String>]) -> usize {
    use super::stacked::{amount, holds, Identity};
    let wrapped = |f: &str| -> Option<u64> { amount(f.strip_prefix(WRAPPED)?) };
    let mut unsure = 0;
    for row in rows.iter_mut() {
        if !row.iter().any(|f| f.starts_with(WRAPPED)) {
            continue;
        }
        let value = |f: &String| -> Option<u64> {
            if f.trim().is_empty() {
                Some(0)
            } else {
                amount(f).or_else(|| wrapped(f))
            }
        };
        let first = row
            .iter()
            .position(|f| !f.trim().is_empty() && value(f).is_some())
            .unwrap_or(row.len());
        // (Blank fields after the last value are holes in the rulings.)
        let end = row
            .iter()
            .rposition(|f| !f.trim().is_empty())
            .map_or(first, |i| i + 1)
            .max(first);
        let label: String = row[..first].iter().map(|f| folded(f)).collect();
        let values: Option<Vec<u64>> = row[first..end].iter().map(value).collect();
        let cells = end - first;
        let identity = if crate::templates::printed::names_applications_row(&label) {
            Some(Identity::RowSum)
        } else if label.is_empty() && cells == crate::templates::section4::CELLS {
            Some(Identity::Groups)
        } else {
            None
        };
        let holds = match (identity, &values) {
            (Some(identity), Some(values)) => holds(identity, values),
            _ => false,
        };
        for f in row.iter_mut() {
            if let Some(digits) = f.strip_prefix(WRAPPED).map(str::to_string) {
                if digits.is_empty() {
                    unsure += 1;
                } else if holds {
                    *f = digits;
                } else {
                    *f = unruled::UNSURE.to_string();
                    unsure += 1;
                }
            }
        }
    }
    unsure
}

/// Whether a ruled grid is a table to keep: two columns or more, and a
/// number, a word of the templates' tables or a row of section 三 named
/// in a cell (a row cut off by page breaks, its label a sub-row's alone:
/// `5、要求行政机关确认或重新出具已获取信息`). Else a text frame drawn as boxes.
fn is_table(t: &Table, texts: &[String]) -> bool {
    if t.cols() < 2 {
        return false;
    }
    texts.iter().any(|s| {
        let compact: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| fold_cjk(c).unwrap_or(c))
            .collect();
        is_number(&compact)
            || crate::templates::printed::TABLE_WORDS
                .iter()
                .any(|w| compact.contains(w))
            || crate::templates::printed::names_applications_row(&compact)
    })
}

/// The table's rows: a field for each cell starting in the row, an empty
/// field for a cell continuing from a row above, nothing for the columns a
/// cell spans after its first. A row where no cell starts is not written.
/// With them, for each field of the last row, where its cell's text was
/// written: (rows back from the last, field in that row).
fn table_rows(t: &Table, texts: &[String]) -> (Vec<Vec<String>>, Vec<(usize, usize)>) {
    let cols = t.cols();
    let mut out = Vec::with_capacity(t.rows());
    // Each cell's place in `out`, once written.
    let mut home: Vec<Option<(usize, usize)>> = vec![None; t.cells.len()];
    let mut tail = Vec::new();
    for r in 0..t.rows() {
        let mut fields = Vec::with_capacity(cols);
        let mut covers = Vec::with_capacity(cols);
        let mut starts = false;
        for c in 0..cols {
            match t.at[r * cols + c] {
                Some(ci) => {
                    let cell = &t.cells[ci];
                    if cell.c0 != c {
                        continue;
                    }
                    if cell.r0 == r {
                        starts = true;
                        home[ci] = Some((out.len(), fields.len()));
                        fields.push(texts[ci].clone());
                    } else {
                        fields.push(String::new());
                    }
                    covers.push(Some(ci));
                }
                // A hole in the ruling: an empty field.
                None => {
                    fields.push(String::new());
                    covers.push(None);
                }
            }
        }
        if starts {
            let at = out.len();
            tail = covers
                .iter()
                .enumerate()
                .map(|(i, ci)| match ci.and_then(|ci| home[ci]) {
                    Some((row, field)) => (at - row, field),
                    None => (0, i),
                })
                .collect();
            out.push(fields);
        }
    }
    (out, tail)
}

/// The text of each of `lines` whose pieces changed from `before` to
/// `after` (numbers moved or joined), written from its new pieces: a line
/// written as it is is written as changed, never with its numbers twice.
fn rewrite_changed(before: &[PieceLine], after: &[PieceLine], lines: &mut [(f32, f32, String)]) {
    for ((b, a), line) in before.iter().zip(after).zip(lines.iter_mut()) {
        let changed = b.pieces.len() != a.pieces.len()
            || b.pieces
                .iter()
                .zip(&a.pieces)
                .any(|(p, q)| p.text != q.text);
        if changed {
            let texts: Vec<&str> = a.pieces.iter().map(|p| p.text.as_str()).collect();
            line.2 = texts.join("\t");
        }
    }
}

/// Turn the page so that its dominant text direction is left to right.
fn turn_upright(ink: &mut PageInk) {
    let mut count = [0usize; 4];
    for g in &ink.glyphs {
        if g.ch != ' ' {
            count[g.dir as usize] += 1;
        }
    }
    let d = (0..4).max_by_key(|&d| (count[d], d == 0)).unwrap_or(0);
    if d == 0 {
        return;
    }
    let (w, h) = (ink.width, ink.height);
    // The map of a point, and whether x and y trade places.
    let map = |x: f32, y: f32| -> (f32, f32) {
        match d {
            1 => (y, w - x),
            2 => (w - x, h - y),
            _ => (h - y, x),
        }
    };
    for g in &mut ink.glyphs {
        let (ax, ay) = map(g.x0, g.y0);
        let (bx, by) = map(g.x1, g.y1);
        g.x0 = ax.min(bx);
        g.x1 = ax.max(bx);
        g.y0 = ay.min(by);
        g.y1 = ay.max(by);
        g.dir = (g.dir + 4 - d as u8) % 4;
    }
    for e in &mut ink.edges {
        let (p, q) = if e.horizontal {
            (map(e.a, e.pos), map(e.b, e.pos))
        } else {
            (map(e.pos, e.a), map(e.pos, e.b))
        };
        *e = if (p.1 - q.1).abs() < (p.0 - q.0).abs() {
            Edge {
                horizontal: true,
                pos: p.1,
                a: p.0.min(q.0),
                b: p.0.max(q.0),
            }
        } else {
            Edge {
                horizontal: false,
                pos: p.0,
                a: p.1.min(q.1),
                b: p.1.max(q.1),
            }
        };
    }
    if d % 2 == 1 {
        std::mem::swap(&mut ink.width, &mut ink.height);
    }
}

/// Keep one of each glyph drawn over itself: a glyph is dropped when an
/// earlier glyph of the same character covers half its box or more.
fn drop_doubles(glyphs: Vec<Glyph>) -> Vec<Glyph> {
    use std::collections::HashMap;
    const BUCKET: f32 = 16.0;
    let key = |x: f32, y: f32| ((x / BUCKET).floor() as i32, (y / BUCKET).floor() as i32);
    let mut seen: HashMap<(char, i32, i32), Vec<usize>> = HashMap::new();
    let mut out: Vec<Glyph> = Vec::with_capacity(glyphs.len());
    for g in glyphs {
        if g.ch == ' ' {
            out.push(g);
            continue;
        }
        let (kx, ky) = key(g.cx(), g.cy());
        let area = (g.width() * g.height()).max(1e-3);
        let mut double = false;
        'search: for dx in -1..=1 {
            for dy in -1..=1 {
                if let Some(list) = seen.get(&(g.ch, kx + dx, ky + dy)) {
                    for &k in list {
                        let o = &out[k];
                        let ix = g.x1.min(o.x1) - g.x0.max(o.x0);
                        let iy = g.y1.min(o.y1) - g.y0.max(o.y0);
                        if ix > 0.0 && iy > 0.0 && ix * iy >= 0.5 * area {
                            double = true;
                            break 'search;
                        }
                    }
                }
            }
        }
        if !double {
            seen.entry((g.ch, kx, ky)).or_default().push(out.len());
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, y: f32) -> Glyph {
        Glyph::at(ch, x, y)
    }

    #[test]
    fn doubles_are_dropped_neighbours_kept() {
        let gs = vec![
            g('标', 0.0, 0.0),
            g('题', 10.0, 0.0),
            g('标', 0.3, 0.2),
            g('题', 10.3, 0.2),
            g('0', 20.0, 0.0),
            g('0', 26.0, 0.0), // a neighbour that overlaps less than half
        ];
        let out: String = drop_doubles(gs).iter().map(|g| g.ch).collect();
        assert_eq!(out, "标题00");
    }

    #[test]
    fn digits_under_numbers_mark_both_lines() {
        use super::unruled::tests::line;
        // Section 四's row, 137 and 197 wrapped in their cells: `13` and
        // `19` on the row's line, their `7`s under them.
        let row = line(
            0.0,
            &[(0.0, "80"), (40.0, "57"), (80.0, "13"), (120.0, "12")],
        );
        let tails =
            |pieces: &[(f32, &str)], top: f32| wrapped_tails(&[row.clone(), line(top, pieces)]);
        assert_eq!(tails(&[(82.0, "7")], 12.0), [true, true]);
        assert_eq!(tails(&[(82.0, "7"), (0.0, "5")], 12.0), [true, true]);
        // Under no number, beside a label, or a row's spacing away: no
        // digits of the numbers above.
        assert_eq!(tails(&[(160.0, "7")], 12.0), [false, false]);
        assert_eq!(tails(&[(-60.0, "合计"), (82.0, "7")], 12.0), [false, false]);
        assert_eq!(tails(&[(82.0, "7")], 24.0), [false, false]);
        let mut text = "80\t57\t13 12\t合计".to_string();
        assert_eq!(unsure_numbers_of(&mut text), 3);
        assert_eq!(text, "\u{FFFD}\t\u{FFFD}\t\u{FFFD}\t合计");
    }

    #[test]
    fn a_row_told_in_words_apart_has_its_numbers_made_unsure_a_sentence_not() {
        let mut text = "一、本年新收政府信息 8 0 0 1 1 0 1".to_string();
        assert_eq!(unsure_numbers_of_row_line(&mut text), 7);
        assert_eq!(
            text,
            format!("一、本年新收政府信息{}", " \u{FFFD}".repeat(7))
        );
        let mut text = "规章\t1\t2\t3".to_string();
        assert_eq!(unsure_numbers_of_row_line(&mut text), 3);
        for kept in [
            "五、存在的主要问题及改进情况",
            "2022年1月1日",
            "附件 1",
            "共 3 页",
        ] {
            let mut text = kept.to_string();
            assert_eq!(unsure_numbers_of_row_line(&mut text), 0, "{kept}");
            assert_eq!(text, kept);
        }
    }

    #[test]
    fn numbers_beside_a_cell_spanning_rows_make_their_neighbours_unsure() {
        let table = |rows: &[&[&str]]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|r| r.iter().map(|f| f.to_string()).collect())
                .collect()
        };
        // `4` over 43 and 49 beside `三、 本` of 三、本年度办理结果: the row
        // under them reads 3 … 9 (its sum holding) unless its digits are
        // made unsure, with those of the row above.
        let mut rows = table(&[
            &[
                "二、上年结转政府信息公开申请数量",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
            &["三、 本", "4", "", "", "", "", "", "4"],
            &["年 度", "（一）予以公开", "3", "4", "0", "0", "1", "1", "9"],
            &["1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
        ]);
        stray_numbers(&mut rows);
        let unsure = |r: &[String]| r.iter().filter(|f| *f == unruled::UNSURE).count();
        assert_eq!(
            rows.iter().map(|r| unsure(r)).collect::<Vec<_>>(),
            [7, 2, 7, 0]
        );
        assert_eq!(rows[3][1], "0");
        // Rows whose labels are their own (`3.其他`, a row's text cut
        // short) keep their numbers; so does a table that is not section
        // 三's.
        let mut rows = table(&[
            &["1.信访举报投诉类申请", "0", "0", "0", "0", "0", "0", "0"],
            &["2.申请人逾期", "0", "0", "0", "0", "0", "0", "0"],
            &["3.其他", "1", "0", "0", "0", "0", "0", "1"],
            &["（七）总计", "5", "0", "0", "0", "0", "0", "5"],
        ]);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
        let mut rows = table(&[&["规章", "1", "2", "3"], &["结果", "4", "5", "6"]]);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
    }

    #[test]
    fn numbers_beside_the_last_line_of_a_label_make_the_row_above_unsure() {
        let row = |fields: &[&str]| fields.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        // 130 and 160 wrapped in their cells: their 0s stand beside the
        // last line of （二）'s label, which names no row and begins none.
        // They and the numbers of the row above are unsure; the row under
        // them, whose label begins lower, keeps its own.
        let table = |rest: &str| {
            vec![
                row(&["（一）予以公开", "394", "68", "5", "4", "17", "13", "501"]),
                row(&[
                    "（二）部分公开（区分处理的，",
                    "13",
                    "18",
                    "1",
                    "2",
                    "5",
                    "4",
                    "16",
                ]),
                row(&[rest, "0", "", "", "", "", "", "0"]),
                row(&["1.属于国家秘密", "9", "2", "0", "1", "0", "0", "12"]),
                row(&["（七）总计", "5", "0", "0", "0", "0", "0", "5"]),
            ]
        };
        let unsure = |rows: &[Vec<String>]| {
            rows.iter()
                .map(|r| r.iter().filter(|f| *f == unruled::UNSURE).count())
                .collect::<Vec<_>>()
        };
        let mut rows = table("只计这一情形，不计其他情形）");
        stray_numbers(&mut rows);
        assert_eq!(unsure(&rows), [0, 7, 2, 0, 0]);
        // The first row of a table, its label's first line left as a line
        // above it: the numbers are its own.
        let mut rows = table("只计这一情形，不计其他情形）");
        rows.drain(..2);
        let kept = rows.clone();
        stray_numbers(&mut rows);
        assert_eq!(rows, kept);
        // Under a row whose numbers are unsure already, as under one
        // with numbers.
        let mut rows = table("只计这一情形，不计其他情形）");
        unsure_numbers(rows[1].iter_mut());
        stray_numbers(&mut rows);
        assert_eq!(unsure(&rows), [0, 7, 2, 0, 0]);
        // Beside a row's own label (numbering, a row's words), the
        // numbers are that row's.
        for own in [
            "2.其他法律行政法规禁止公开",
            "4.保护第三方合法权益",
            "行政许可",
        ] {
            let mut rows = table(own);
            stray_numbers(&mut rows);
            assert_eq!(unsure(&rows), [0, 0, 0, 0, 0], "{own}");
        }
    }

    #[test]
    fn wrapped_labels_without_rulings_make_the_numbers_unsure() {
        let lines = |ts: &[&str]| -> Vec<(f32, f32, String)> {
            ts.iter()
                .enumerate()
                .map(|(i, t)| (i as f32 * 15.0, i as f32 * 15.0 + 11.0, t.to_string()))
                .collect()
        };
        let mut wrapped = lines(&[
            "一、本\t31\t4\t38",
            "年新收",
            "申请数",
            "二、上\t1\t0\t1",
            "年结转",
        ]);
        assert_eq!(unsure_unruled_rows(&mut wrapped), 6);
        assert_eq!(wrapped[0].2, "一、本\t\u{FFFD}\t\u{FFFD}\t\u{FFFD}");
        assert_eq!(wrapped[1].2, "年新收");
        // One label per line, or prose between the rows: as read.
        let whole = ["一、本年新收\t31\t4\t38", "二、上年结转\t1\t0\t1"];
        let mut plain = lines(&whole);
        assert_eq!(unsure_unruled_rows(&mut plain), 0);
        assert_eq!(plain, lines(&whole));
        let prose = [
            "一、本年新收\t31\t4\t38",
            "本年度共收到申请三十八件，均已按期答复。",
            "二、上年结转\t1\t0\t1",
        ];
        let mut with_prose = lines(&prose);
        assert_eq!(unsure_unruled_rows(&mut with_prose), 0);
        // A header's label wrapped (上一年项目数 over 量) between two
        // tables: its short line is no row's, and the rows are read.
        let headed = [
            "规章\t0\t0\t15",
            "第二十条第（五）项",
            "信息内容\t上一年项目数\t本年增/减\t处理决定数量",
            "量",
            "行政许可\t146\t3\t62",
        ];
        let mut under_header = lines(&headed);
        assert_eq!(unsure_unruled_rows(&mut under_header), 0);
        assert_eq!(under_header, lines(&headed));
        // Under a line of row labels with no numbers, it may be one's.
        let mut under_labels = lines(&[
            "规章\t0\t0\t15",
            "规范性\t文件",
            "量",
            "行政许可\t146\t3\t62",
        ]);
        assert_eq!(unsure_unruled_rows(&mut under_labels), 6);
    }
}
