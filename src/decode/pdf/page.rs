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
use super::lines::{cell_text, group_lines, line_text, table_margin, Line};
use super::unruled::{self, Part, PieceLine};
use super::unsure;
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
                .map(|t| t.unwrap_or_else(|digits| format!("{}{digits}", unsure::WRAPPED)))
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
            unsure_ruled += unsure::settle_wrapped_cells(&mut rows);
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
        cut = unsure::wrapped_tails(&pieces);
        if rebuilt.is_none() {
            unsure_cells += unsure::unsure_unruled_rows(&mut lines);
            for (line, _) in lines.iter_mut().zip(&cut).filter(|(_, &c)| c) {
                unsure_cells += unsure::unsure_numbers_of(&mut line.2);
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
                            unsure_cells += unsure::unsure_numbers_of(&mut line.2);
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
                        unsure::stray_numbers(&mut rows);
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
            unsure_cells += unsure::unsure_unruled_rows(&mut plain);
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
}
