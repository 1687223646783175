//! What one page draws: every glyph (its text, box and size) and every
//! axis-aligned ruling, collected in one pass of the engine's interpreter.
//!
//! The collector is the engine's drawing device. Coordinates are the page's
//! device space in points: origin at the top-left corner of the crop box,
//! y growing downwards, the page's `/Rotate` already applied.
//!
//! A glyph whose text the file does not give for certain — no `ToUnicode`
//! entry and no predefined CMap that maps it, a mapping to U+FFFD, to the
//! private-use area or to a control character — becomes U+FFFD and is
//! counted as unsure; its text is never guessed.
//!
//! A ruling is a stroked axis-aligned straight segment, a thin filled
//! rectangle (its centre line), or a side of a larger filled rectangle.
//! Curves, clip paths and paths painted white are not rulings.
//!
//! Every drawing call counts against the page's share of the limits; past
//! them the device unwinds out of the interpreter with [`Overrun`], which
//! the caller catches, so a content stream that draws forever (forms that
//! draw forms) ends.

use hayro_interpret::font::GlyphRun;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, Paint, SoftMask,
};

/// The payload the device unwinds with when a bound is passed.
pub(crate) struct Overrun(pub(crate) String);

/// One drawn character.
#[derive(Clone, Debug)]
pub(crate) struct Glyph {
    /// The character; U+FFFD when unsure, `' '` for white space.
    pub ch: char,
    /// The box, device space.
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// The font size as drawn (the text matrix's vertical scale), points.
    pub size: f32,
    /// Which way the text runs: 0 left to right, 1 top to bottom, 2 right
    /// to left (upside down), 3 bottom to top.
    pub dir: u8,
}

impl Glyph {
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) * 0.5
    }

    pub fn cy(&self) -> f32 {
        (self.y0 + self.y1) * 0.5
    }

    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
}

/// An axis-aligned ruling: at `pos` (y when horizontal, x when vertical),
/// from `a` to `b` along its own axis (`a <= b`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Edge {
    pub horizontal: bool,
    pub pos: f32,
    pub a: f32,
    pub b: f32,
}

/// What a page drew.
#[derive(Default, Debug, Clone)]
pub(crate) struct PageInk {
    pub width: f32,
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub edges: Vec<Edge>,
    pub images: usize,
}

/// The device that collects a page's ink.
pub(crate) struct Collector {
    pub ink: PageInk,
    /// Glyphs still allowed (the document's remaining budget).
    glyph_budget: usize,
    /// Drawing calls of any kind still allowed.
    call_budget: usize,
}

impl Collector {
    pub fn new(width: f32, height: f32, glyph_budget: usize, call_budget: usize) -> Self {
        Collector {
            ink: PageInk {
                width,
                height,
                ..PageInk::default()
            },
            glyph_budget,
            call_budget,
        }
    }

    /// Drawing calls still allowed.
    pub fn call_budget(&self) -> usize {
        self.call_budget
    }

    fn call(&mut self) {
        // Each drawing call is also a step of the document's budget.
        if !crate::budget::spend(1) {
            std::panic::resume_unwind(Box::new(Overrun(
                "the content streams spent the document's budget (run.document_budget)".into(),
            )));
        }
        if self.call_budget == 0 {
            std::panic::resume_unwind(Box::new(Overrun(
                "the content streams draw more than the limit of drawing operations".into(),
            )));
        }
        self.call_budget -= 1;
    }

    fn push_glyph(&mut self, g: Glyph) {
        if self.glyph_budget == 0 {
            std::panic::resume_unwind(Box::new(Overrun(
                "the document draws more glyphs than the limit".into(),
            )));
        }
        self.glyph_budget -= 1;
        self.ink.glyphs.push(g);
    }

    fn add_edge(&mut self, horizontal: bool, pos: f64, a: f64, b: f64) {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        if !(pos.is_finite() && a.is_finite() && b.is_finite()) || b - a < 1.0 {
            return;
        }
        self.ink.edges.push(Edge {
            horizontal,
            pos: pos as f32,
            a: a as f32,
            b: b as f32,
        });
    }
}

/// True when the paint would not show on white paper.
fn invisible(paint: &Paint<'_>) -> bool {
    match paint {
        Paint::Color(c) => {
            let [r, g, b, a] = c.to_rgba().components();
            a < 0.1 || (r > 0.92 && g > 0.92 && b > 0.92)
        }
        Paint::Pattern(_) => false,
    }
}

/// The text a mapping gives, or None when it is not to be trusted.
fn trusted_char(c: char) -> Option<char> {
    let u = c as u32;
    let bad = c == '\u{FFFD}'
        || (0xE000..=0xF8FF).contains(&u)
        || u >= 0xF0000
        || (u < 0x20 && c != '\t')
        || (0x7F..=0x9F).contains(&u)
        || c == '\u{FFFE}'
        || c == '\u{FFFF}';
    if bad {
        None
    } else if c.is_whitespace() {
        Some(' ')
    } else {
        Some(c)
    }
}

/// The characters of one glyph: one char normally, several for a ligature,
/// a single U+FFFD when any of them is not trusted.
fn glyph_chars(text: Option<BfString>, out: &mut Vec<char>) {
    out.clear();
    match text {
        Some(BfString::Char(c)) => out.push(trusted_char(c).unwrap_or('\u{FFFD}')),
        Some(BfString::String(s)) => {
            for c in s.chars() {
                match trusted_char(c) {
                    Some(t) => out.push(t),
                    None => {
                        out.clear();
                        break;
                    }
                }
            }
            if out.is_empty() {
                out.push('\u{FFFD}');
            }
        }
        None => out.push('\u{FFFD}'),
    }
}

/// The direction code of a text run whose x axis is `(dx, dy)` in device
/// space (y down), or None when it is not a multiple of 90 degrees.
fn direction(dx: f64, dy: f64) -> Option<u8> {
    let len = (dx * dx + dy * dy).sqrt();
    if len <= 0.0 || !len.is_finite() {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    const COS5: f64 = 0.996;
    if ux >= COS5 {
        Some(0)
    } else if uy >= COS5 {
        Some(1)
    } else if ux <= -COS5 {
        Some(2)
    } else if uy <= -COS5 {
        Some(3)
    } else {
        None
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        self.call();
        let (stroke, fill) = match mode {
            DrawMode::Fill(_) => (false, true),
            DrawMode::Stroke(_) => (true, false),
            DrawMode::FillAndStroke(_, _) => (true, true),
            DrawMode::Invisible => return,
        };
        if invisible(&props.paint) {
            return;
        }
        let t = props.transform;
        let mut sub: Vec<Point> = Vec::new();
        let mut curved = false;
        let mut closed = false;
        let flush = |this: &mut Self, sub: &mut Vec<Point>, curved: bool, closed: bool| {
            if sub.len() >= 2 {
                this.subpath(sub, curved, closed, stroke, fill);
            }
            sub.clear();
        };
        for el in path.elements().iter().take(100_000) {
            match *el {
                PathEl::MoveTo(p) => {
                    flush(self, &mut sub, curved, closed);
                    curved = false;
                    closed = false;
                    sub.push(t * p);
                }
                PathEl::LineTo(p) => sub.push(t * p),
                PathEl::QuadTo(_, p) | PathEl::CurveTo(_, _, p) => {
                    curved = true;
                    sub.push(t * p);
                }
                PathEl::ClosePath => {
                    closed = true;
                }
            }
        }
        flush(self, &mut sub, curved, closed);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {
        self.call();
    }

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {
        self.call();
    }

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, _: &DrawMode) {
        self.call();
        let mut chars = Vec::with_capacity(4);
        for g in run.glyphs() {
            let m: Affine = props.transform * g.transform();
            let [a, b, c, d, _, _] = m.as_coeffs();
            let Some(dir) = direction(a, b) else {
                // Slanted text (a watermark) is not read.
                continue;
            };
            // Glyph space is 1000 units to the em; the length of its y
            // axis gives the size as drawn, whatever the horizontal scaling.
            let em = (c * c + d * d).sqrt();
            if !(em.is_finite() && em > 0.0) {
                continue;
            }
            let size = em * 1000.0;
            let advance = match &**g {
                hayro_interpret::font::Glyph::Outline(o) => o.advance_width(),
                hayro_interpret::font::Glyph::Type3(t3) => t3.advance_width(),
            }
            .filter(|w| w.is_finite() && *w > 0.0)
            .unwrap_or(500.0) as f64;
            let origin = m * Point::ZERO;
            let xlen = (a * a + b * b).sqrt();
            let (ux, uy) = (a / xlen, b / xlen);
            // The glyph's "up" in device space.
            let (vx, vy) = (c / em, d / em);
            let w = advance * em;
            let (lo, hi) = (-0.12 * size, 0.88 * size);
            let corners = [
                (origin.x + vx * lo, origin.y + vy * lo),
                (origin.x + ux * w + vx * lo, origin.y + uy * w + vy * lo),
                (origin.x + vx * hi, origin.y + vy * hi),
                (origin.x + ux * w + vx * hi, origin.y + uy * w + vy * hi),
            ];
            let mut r = Rect::new(f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for (x, y) in corners {
                r.x0 = r.x0.min(x);
                r.y0 = r.y0.min(y);
                r.x1 = r.x1.max(x);
                r.y1 = r.y1.max(y);
            }
            if !(r.x0.is_finite() && r.y0.is_finite() && r.x1.is_finite() && r.y1.is_finite()) {
                continue;
            }
            glyph_chars(g.as_unicode(), &mut chars);
            // A ligature's characters share its box, side by side.
            let n = chars.len() as f64;
            for (i, &ch) in chars.iter().enumerate() {
                let (x0, x1, y0, y1) = match dir {
                    0 | 2 => {
                        let step = (r.x1 - r.x0) / n;
                        let k = if dir == 0 {
                            i as f64
                        } else {
                            n - 1.0 - i as f64
                        };
                        (r.x0 + step * k, r.x0 + step * (k + 1.0), r.y0, r.y1)
                    }
                    _ => {
                        let step = (r.y1 - r.y0) / n;
                        let k = if dir == 1 {
                            i as f64
                        } else {
                            n - 1.0 - i as f64
                        };
                        (r.x0, r.x1, r.y0 + step * k, r.y0 + step * (k + 1.0))
                    }
                };
                self.push_glyph(Glyph {
                    ch,
                    x0: x0 as f32,
                    y0: y0 as f32,
                    x1: x1 as f32,
                    y1: y1 as f32,
                    size: size as f32,
                    dir,
                });
            }
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: ImageDrawProps<'a>) {
        self.call();
        self.ink.images += 1;
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

impl Collector {
    /// The rulings of one subpath (device-space points).
    fn subpath(&mut self, pts: &[Point], curved: bool, closed: bool, stroke: bool, fill: bool) {
        const AXIS: f64 = 0.5;
        if fill && !curved {
            if let Some(r) = rectangle(pts) {
                let (w, h) = (r.width(), r.height());
                if w.min(h) <= 3.0 {
                    // A thin bar: a ruling along its long axis.
                    if w >= h {
                        self.add_edge(true, (r.y0 + r.y1) / 2.0, r.x0, r.x1);
                    } else {
                        self.add_edge(false, (r.x0 + r.x1) / 2.0, r.y0, r.y1);
                    }
                } else {
                    self.add_edge(true, r.y0, r.x0, r.x1);
                    self.add_edge(true, r.y1, r.x0, r.x1);
                    self.add_edge(false, r.x0, r.y0, r.y1);
                    self.add_edge(false, r.x1, r.y0, r.y1);
                }
                return;
            }
            if !stroke {
                return;
            }
        }
        if !stroke || curved {
            return;
        }
        let n = pts.len();
        let segments = if closed { n } else { n - 1 };
        for i in 0..segments {
            let p = pts[i];
            let q = pts[(i + 1) % n];
            if (p.y - q.y).abs() <= AXIS {
                self.add_edge(true, (p.y + q.y) / 2.0, p.x, q.x);
            } else if (p.x - q.x).abs() <= AXIS {
                self.add_edge(false, (p.x + q.x) / 2.0, p.y, q.y);
            }
        }
    }
}

/// The axis-aligned rectangle a closed polygon of 4 corners (a repeated
/// first point allowed) draws, if it is one.
fn rectangle(pts: &[Point]) -> Option<Rect> {
    let pts = match pts {
        [first @ .., last] if pts.len() == 5 && close(*last, pts[0]) => first,
        _ => pts,
    };
    if pts.len() != 4 {
        return None;
    }
    let r = Rect::from_points(pts[0], pts[2]);
    let on_corner =
        |p: Point| (near(p.x, r.x0) || near(p.x, r.x1)) && (near(p.y, r.y0) || near(p.y, r.y1));
    // Consecutive corners differ in one coordinate only.
    let axis_steps = (0..4).all(|i| {
        let (p, q) = (pts[i], pts[(i + 1) % 4]);
        near(p.x, q.x) || near(p.y, q.y)
    });
    (pts.iter().all(|&p| on_corner(p)) && axis_steps).then_some(r)
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.5
}

fn close(p: Point, q: Point) -> bool {
    near(p.x, q.x) && near(p.y, q.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_mappings_are_unsure() {
        let mut v = Vec::new();
        for (t, want) in [
            (None, '\u{FFFD}'),
            (Some(BfString::Char('\u{E001}')), '\u{FFFD}'),
            (Some(BfString::Char('\u{FFFD}')), '\u{FFFD}'),
            (Some(BfString::Char('\0')), '\u{FFFD}'),
            (Some(BfString::Char('\u{3000}')), ' '),
            (Some(BfString::Char('中')), '中'),
        ] {
            glyph_chars(t, &mut v);
            assert_eq!(v, vec![want]);
        }
        glyph_chars(Some(BfString::String("fi".into())), &mut v);
        assert_eq!(v, vec!['f', 'i']);
        glyph_chars(Some(BfString::String("f\u{E000}".into())), &mut v);
        assert_eq!(v, vec!['\u{FFFD}']);
    }

    #[test]
    fn rectangles_are_recognised() {
        let p = |x, y| Point::new(x, y);
        let r = rectangle(&[p(0., 0.), p(10., 0.), p(10., 5.), p(0., 5.)]).unwrap();
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (0., 0., 10., 5.));
        assert!(rectangle(&[p(0., 0.), p(10., 0.), p(10., 5.), p(0., 5.), p(0., 0.)]).is_some());
        assert!(rectangle(&[p(0., 0.), p(10., 1.), p(10., 5.), p(0., 5.)]).is_none());
        assert!(rectangle(&[p(0., 0.), p(10., 5.), p(10., 0.), p(0., 5.)]).is_none());
    }
}

#[cfg(test)]
impl Glyph {
    /// A 10-point glyph of `ch` whose box starts at (`x`, `y`), for tests.
    pub(crate) fn at(ch: char, x: f32, y: f32) -> Glyph {
        Glyph {
            ch,
            x0: x,
            y0: y,
            x1: x + 10.0,
            y1: y + 10.0,
            size: 10.0,
            dir: 0,
        }
    }
}
