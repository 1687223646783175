//! Rulings → tables of cells (the lattice method).
//!
//! Edges within [`TOL`] of the same line are snapped onto it and joined
//! where they touch or nearly touch; a vertical and a horizontal line that
//! cross (within the tolerance) make an intersection; a cell is the
//! smallest rectangle whose four corners are intersections joined by the
//! lines between them; cells sharing a corner make one table. Each table
//! gets its own lattice of distinct column and row boundaries, and every
//! cell its span in that lattice, which is what the rows are written from.

use super::glyphs::Edge;

/// How far apart (points) edges may be and still be one line, and how far
/// a line may stop short of another and still cross it.
pub(crate) const TOL: f32 = 3.0;

/// A line after snapping and joining.
#[derive(Clone, Copy, Debug)]
struct Ruling {
    pos: f32,
    a: f32,
    b: f32,
}

/// A cell: its rectangle and its span in the table's lattice
/// (rows `r0..r1`, columns `c0..c1`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cell {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

/// A table found from rulings.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Column boundaries, left to right (one more than the columns).
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (one more than the rows).
    pub ys: Vec<f32>,
    pub cells: Vec<Cell>,
    /// `at[r * cols + c]`: the cell covering lattice position (r, c).
    pub at: Vec<Option<usize>>,
    /// The top edge is not drawn across the whole table: the table goes on
    /// from the page before (its top was closed here, see [`open_ends`]).
    pub open_top: bool,
    /// The bottom edge is not drawn across the whole table: its last row
    /// goes on on the next page.
    pub open_bottom: bool,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    /// The cell holding point (x, y), if any.
    pub fn cell_at(&self, x: f32, y: f32) -> Option<usize> {
        if x < self.x0 || x > self.x1 || y < self.y0 || y > self.y1 {
            return None;
        }
        let c = self.xs.partition_point(|&v| v <= x).checked_sub(1)?;
        let r = self.ys.partition_point(|&v| v <= y).checked_sub(1)?;
        let (c, r) = (
            c.min(self.cols().saturating_sub(1)),
            r.min(self.rows().saturating_sub(1)),
        );
        self.at.get(r * self.cols() + c).copied().flatten()
    }
}

/// Snap and join edges of one orientation into rulings.
fn rulings(edges: &[Edge], horizontal: bool) -> Vec<Ruling> {
    let mut es: Vec<Ruling> = edges
        .iter()
        .filter(|e| e.horizontal == horizontal)
        .map(|e| Ruling {
            pos: e.pos,
            a: e.a,
            b: e.b,
        })
        .collect();
    es.sort_by(|p, q| p.pos.total_cmp(&q.pos));
    // Snap: runs of positions each within TOL of the run's mean.
    let mut i = 0;
    while i < es.len() {
        let mut j = i + 1;
        let mut sum = es[i].pos as f64;
        while j < es.len() && es[j].pos - (sum / (j - i) as f64) as f32 <= TOL {
            sum += es[j].pos as f64;
            j += 1;
        }
        let mean = (sum / (j - i) as f64) as f32;
        for e in &mut es[i..j] {
            e.pos = mean;
        }
        i = j;
    }
    // Join collinear pieces that touch or nearly touch.
    es.sort_by(|p, q| p.pos.total_cmp(&q.pos).then(p.a.total_cmp(&q.a)));
    let mut out: Vec<Ruling> = Vec::with_capacity(es.len());
    for e in es {
        match out.last_mut() {
            Some(last) if last.pos == e.pos && e.a <= last.b + TOL => {
                last.b = last.b.max(e.b);
            }
            _ => out.push(e),
        }
    }
    out
}

/// Horizontal edges that close vertical rulings left open: where two or
/// more verticals end at the same height and no horizontal line is drawn
/// there. A table cut by a page break is drawn so (its rows, or a merged
/// cell, run on past the page's foot or in from its head).
fn open_ends(hs: &[Ruling], vs: &[Ruling]) -> Vec<Edge> {
    let covered = |x: f32, y: f32| {
        hs.iter()
            .any(|h| (h.pos - y).abs() <= TOL && x >= h.a - TOL && x <= h.b + TOL)
    };
    let mut out = Vec::new();
    for top in [true, false] {
        let mut ends: Vec<(f32, f32)> = vs
            .iter()
            .filter(|v| v.b - v.a >= 2.0 * TOL)
            .map(|v| (if top { v.a } else { v.b }, v.pos))
            .filter(|&(y, x)| !covered(x, y))
            .collect();
        ends.sort_by(|p, q| p.0.total_cmp(&q.0));
        let mut i = 0;
        while i < ends.len() {
            let mut j = i + 1;
            while j < ends.len() && ends[j].0 - ends[i].0 <= TOL {
                j += 1;
            }
            if j - i >= 2 {
                let group = &ends[i..j];
                let y = group.iter().map(|e| e.0).sum::<f32>() / group.len() as f32;
                let mut a = group.iter().map(|e| e.1).fold(f32::MAX, f32::min);
                let mut b = group.iter().map(|e| e.1).fold(f32::MIN, f32::max);
                // On to the neighbouring verticals that reach this height
                // too but are closed there, by a line that goes on beyond
                // them (which closes the rest).
                let reaches = |v: &Ruling| v.a - TOL <= y && y <= v.b + TOL;
                while !covered(a - 2.0 * TOL, y) {
                    let next = vs
                        .iter()
                        .filter(|v| v.pos < a - TOL)
                        .map(|v| v.pos)
                        .fold(f32::MIN, f32::max);
                    // Several rulings may share the position (other tables).
                    if vs.iter().any(|v| v.pos == next && reaches(v)) {
                        a = next;
                    } else {
                        break;
                    }
                }
                while !covered(b + 2.0 * TOL, y) {
                    let next = vs
                        .iter()
                        .filter(|v| v.pos > b + TOL)
                        .map(|v| v.pos)
                        .fold(f32::MAX, f32::min);
                    if vs.iter().any(|v| v.pos == next && reaches(v)) {
                        b = next;
                    } else {
                        break;
                    }
                }
                out.push(Edge {
                    horizontal: true,
                    pos: y,
                    a,
                    b,
                });
            }
            i = j;
        }
    }
    out
}

/// Tables made by the page's rulings, top to bottom.
pub(crate) fn tables(edges: &[Edge]) -> Vec<Table> {
    let vs = rulings(edges, false);
    let drawn = rulings(edges, true);
    let closing = open_ends(&drawn, &vs);
    let hs = if closing.is_empty() {
        drawn
    } else {
        let mut all: Vec<Edge> = edges.iter().filter(|e| e.horizontal).copied().collect();
        all.extend_from_slice(&closing);
        rulings(&all, true)
    };
    if hs.len() < 2 || vs.len() < 2 {
        return Vec::new();
    }
    // Intersections, as (vertical index, horizontal index).
    let crosses = |v: &Ruling, h: &Ruling| {
        v.pos >= h.a - TOL && v.pos <= h.b + TOL && h.pos >= v.a - TOL && h.pos <= v.b + TOL
    };
    let mut points: Vec<(usize, usize)> = Vec::new();
    for (vi, v) in vs.iter().enumerate() {
        for (hi, h) in hs.iter().enumerate() {
            if crosses(v, h) {
                points.push((vi, hi));
            }
        }
    }
    if points.len() < 4 {
        return Vec::new();
    }
    let point_set: std::collections::HashSet<(usize, usize)> = points.iter().copied().collect();
    // Points on each vertical line, top to bottom; on each horizontal line,
    // left to right (vertical lines are sorted by x, horizontals by y).
    let mut on_v: Vec<Vec<usize>> = vec![Vec::new(); vs.len()];
    let mut on_h: Vec<Vec<usize>> = vec![Vec::new(); hs.len()];
    for &(vi, hi) in &points {
        on_v[vi].push(hi);
        on_h[hi].push(vi);
    }
    for l in &mut on_v {
        l.sort_by(|&a, &b| hs[a].pos.total_cmp(&hs[b].pos));
    }
    for l in &mut on_h {
        l.sort_by(|&a, &b| vs[a].pos.total_cmp(&vs[b].pos));
    }
    // Cells: from each point, the nearest point below and to the right
    // that closes a rectangle.
    let mut rects: Vec<[usize; 4]> = Vec::new(); // vi0, hi0, vi1, hi1
    for &(vi, hi) in &points {
        let below: Vec<usize> = on_v[vi]
            .iter()
            .copied()
            .filter(|&b| hs[b].pos > hs[hi].pos + 0.5)
            .collect();
        let right: Vec<usize> = on_h[hi]
            .iter()
            .copied()
            .filter(|&r| vs[r].pos > vs[vi].pos + 0.5)
            .collect();
        'found: for &b in &below {
            for &r in &right {
                if point_set.contains(&(r, b)) {
                    rects.push([vi, hi, r, b]);
                    break 'found;
                }
            }
        }
    }
    if rects.is_empty() {
        return Vec::new();
    }
    // Tables: cells sharing a corner.
    let mut parent: Vec<usize> = (0..rects.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut corner_owner: std::collections::HashMap<(usize, usize), usize> =
        std::collections::HashMap::new();
    for (k, r) in rects.iter().enumerate() {
        for corner in [(r[0], r[1]), (r[2], r[1]), (r[0], r[3]), (r[2], r[3])] {
            match corner_owner.get(&corner) {
                Some(&o) => {
                    let (a, b) = (find(&mut parent, o), find(&mut parent, k));
                    if a != b {
                        parent[a] = b;
                    }
                }
                None => {
                    corner_owner.insert(corner, k);
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for k in 0..rects.len() {
        let root = find(&mut parent, k);
        groups.entry(root).or_default().push(k);
    }
    let mut out: Vec<Table> = groups
        .into_values()
        .map(|ks| {
            let mut t = table(&ks.iter().map(|&k| rects[k]).collect::<Vec<_>>(), &vs, &hs);
            let spans = |y: f32| {
                closing
                    .iter()
                    .any(|e| (e.pos - y).abs() <= TOL && e.a <= t.x0 + TOL && e.b >= t.x1 - TOL)
            };
            t.open_top = spans(t.y0);
            t.open_bottom = spans(t.y1);
            t
        })
        .collect();
    out.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
    out
}

/// Distinct values, merged within TOL.
fn boundaries(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(|a, b| a.total_cmp(b));
    let mut out: Vec<f32> = Vec::with_capacity(v.len());
    for x in v {
        match out.last() {
            Some(&l) if x - l <= TOL => {}
            _ => out.push(x),
        }
    }
    out
}

fn index_of(bounds: &[f32], x: f32) -> usize {
    // The boundary nearest to x.
    let p = bounds.partition_point(|&b| b < x);
    match (p.checked_sub(1), bounds.get(p)) {
        (Some(l), Some(&r)) if (x - bounds[l]).abs() <= (r - x).abs() => l,
        (Some(l), None) => l,
        _ => p,
    }
}

fn table(rects: &[[usize; 4]], vs: &[Ruling], hs: &[Ruling]) -> Table {
    let xs = boundaries(
        rects
            .iter()
            .flat_map(|r| [vs[r[0]].pos, vs[r[2]].pos])
            .collect(),
    );
    let ys = boundaries(
        rects
            .iter()
            .flat_map(|r| [hs[r[1]].pos, hs[r[3]].pos])
            .collect(),
    );
    let cols = xs.len().saturating_sub(1);
    let rows = ys.len().saturating_sub(1);
    let mut cells: Vec<Cell> = Vec::with_capacity(rects.len());
    let mut at: Vec<Option<usize>> = vec![None; rows * cols];
    for r in rects {
        let (x0, y0, x1, y1) = (vs[r[0]].pos, hs[r[1]].pos, vs[r[2]].pos, hs[r[3]].pos);
        let (c0, c1) = (index_of(&xs, x0), index_of(&xs, x1));
        let (r0, r1) = (index_of(&ys, y0), index_of(&ys, y1));
        if c1 <= c0 || r1 <= r0 {
            continue;
        }
        let k = cells.len();
        let mut clash = false;
        for rr in r0..r1 {
            for cc in c0..c1 {
                if at[rr * cols + cc].is_some() {
                    clash = true;
                }
            }
        }
        if clash {
            // An overlapping rectangle (a box drawn over cells): the
            // smaller cells already there are kept.
            continue;
        }
        for rr in r0..r1 {
            for cc in c0..c1 {
                at[rr * cols + cc] = Some(k);
            }
        }
        cells.push(Cell {
            x0,
            y0,
            x1,
            y1,
            r0,
            r1,
            c0,
            c1,
        });
    }
    Table {
        x0: xs.first().copied().unwrap_or(0.0),
        y0: ys.first().copied().unwrap_or(0.0),
        x1: xs.last().copied().unwrap_or(0.0),
        y1: ys.last().copied().unwrap_or(0.0),
        xs,
        ys,
        cells,
        at,
        open_top: false,
        open_bottom: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, a: f32, b: f32) -> Edge {
        Edge {
            horizontal: true,
            pos: y,
            a,
            b,
        }
    }

    fn v(x: f32, a: f32, b: f32) -> Edge {
        Edge {
            horizontal: false,
            pos: x,
            a,
            b,
        }
    }

    #[test]
    fn a_grid_with_a_merged_cell() {
        // 3 columns x 2 rows; the first column's cell spans both rows.
        let edges = vec![
            h(0.0, 0.0, 90.0),
            h(10.0, 30.0, 90.0),
            h(20.0, 0.0, 88.5), // stops a little short
            v(0.0, 0.0, 20.0),
            v(30.0, 0.0, 20.0),
            v(60.0, 0.0, 10.0),
            v(60.0, 10.5, 20.0), // drawn in two pieces
            v(91.0, 0.0, 20.0),  // a point off
        ];
        let t = tables(&edges);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!((t.rows(), t.cols()), (2, 3));
        assert_eq!(t.cells.len(), 5);
        let merged = t.cells[t.cell_at(5.0, 15.0).unwrap()];
        assert_eq!((merged.r0, merged.r1, merged.c0, merged.c1), (0, 2, 0, 1));
        let c = t.cells[t.cell_at(70.0, 15.0).unwrap()];
        assert_eq!((c.r0, c.c0), (1, 2));
    }

    #[test]
    fn a_table_cut_by_the_page_foot_is_closed() {
        // Two columns; the second row runs past the page's foot, and the
        // merged first column of the row above too.
        let edges = vec![
            h(0.0, 0.0, 60.0),
            h(10.0, 30.0, 60.0),
            v(0.0, 0.0, 30.0),
            v(30.0, 0.0, 30.0),
            v(60.0, 0.0, 30.0),
        ];
        let t = tables(&edges);
        assert_eq!(t.len(), 1);
        let t = &t[0];
        assert_eq!((t.rows(), t.cols()), (2, 2));
        assert!(t.open_bottom && !t.open_top);
        let merged = t.cells[t.cell_at(5.0, 25.0).unwrap()];
        assert_eq!((merged.r0, merged.r1), (0, 2));
    }

    #[test]
    fn separate_boxes_are_separate_tables() {
        let mut edges = Vec::new();
        for (x, y) in [(0.0, 0.0), (0.0, 100.0)] {
            edges.push(h(y, x, x + 50.0));
            edges.push(h(y + 20.0, x, x + 50.0));
            edges.push(v(x, y, y + 20.0));
            edges.push(v(x + 50.0, y, y + 20.0));
        }
        let t = tables(&edges);
        assert_eq!(t.len(), 2);
        assert!(t.iter().all(|t| t.cols() == 1 && t.rows() == 1));
    }
}
