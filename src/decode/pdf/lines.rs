//! Glyphs → lines of text: grouping by baseline, reading order within a
//! line, spaces from the gaps between glyphs, and a cell's lines joined
//! into one field.
//!
//! Works on glyphs already turned so that their text runs left to right
//! (see `page`). A space is written where the file draws a space glyph or
//! leaves a gap wider than a third of the font size (not between two CJK
//! characters: that is justification); where `gap_cells` is
//! asked for (a page with no rulings), a gap of two font sizes or more
//! separates cells instead, written as a tab.

use super::glyphs::Glyph;

/// A line: its glyphs (indices into the page's glyphs) left to right.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub y0: f32,
    pub y1: f32,
    pub x0: f32,
    pub glyphs: Vec<usize>,
}

/// Group the glyphs `idx` into lines, top to bottom. Two glyphs share a
/// line when their boxes overlap vertically by more than half the smaller
/// height; glyphs turned a quarter (a column of upright text beside the
/// line) make lines of their own.
pub(crate) fn group_lines(glyphs: &[Glyph], idx: &[usize]) -> Vec<Line> {
    let mut order: Vec<usize> = idx.to_vec();
    order.sort_by(|&a, &b| glyphs[a].cy().total_cmp(&glyphs[b].cy()));
    let mut lines: Vec<Line> = Vec::new();
    // Lines still open: the last few, since a line of small text may sit
    // between the top and bottom of a larger one.
    for i in order {
        let g = &glyphs[i];
        let h = g.height().max(0.1);
        let mut home = None;
        for (k, line) in lines.iter().enumerate().rev().take(4) {
            let lh = (line.y1 - line.y0).max(0.1);
            let overlap = g.y1.min(line.y1) - g.y0.max(line.y0);
            if overlap > 0.5 * h.min(lh) {
                home = Some(k);
                break;
            }
        }
        match home {
            Some(k) => {
                let line = &mut lines[k];
                line.glyphs.push(i);
                line.x0 = line.x0.min(g.x0);
            }
            None => lines.push(Line {
                y0: g.y0,
                y1: g.y1,
                x0: g.x0,
                glyphs: vec![i],
            }),
        }
    }
    for line in &mut lines {
        line.glyphs
            .sort_by(|&a, &b| glyphs[a].x0.total_cmp(&glyphs[b].x0));
    }
    lines.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    lines
}

/// The text of a line; with `gap_cells`, wide gaps become tabs.
pub(crate) fn line_text(glyphs: &[Glyph], line: &Line, gap_cells: bool) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut pending_space = false;
    for &i in &line.glyphs {
        let g = &glyphs[i];
        if g.ch == ' ' {
            pending_space = true;
            continue;
        }
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            let size = p.size.max(g.size);
            if gap_cells && gap >= 2.0 * size {
                trim_trailing_space(&mut out);
                out.push('\t');
            } else if !out.ends_with(' ') {
                // A gap between two CJK characters is justification, not
                // a word break.
                let wide = gap > size / 3.0 && !(is_cjk(p.ch) && is_cjk(g.ch));
                if pending_space || wide {
                    out.push(' ');
                }
            }
        }
        pending_space = false;
        out.push(g.ch);
        prev = Some(g);
    }
    out.trim_end_matches(' ').to_string()
}

/// The pieces of a line cut at every gap of `sizes` font sizes or more
/// (`line_text` with `gap_cells` cuts at two).
pub(crate) fn split_cells(glyphs: &[Glyph], line: &Line, sizes: f32) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for &i in &line.glyphs {
        let g = &glyphs[i];
        if g.ch == ' ' {
            if let Some(piece) = out.last_mut() {
                piece.glyphs.push(i);
            }
            continue;
        }
        let cut = match prev {
            None => true,
            Some(p) => g.x0 - p.x1 >= sizes * p.size.max(g.size),
        };
        if cut {
            out.push(Line {
                y0: g.y0,
                y1: g.y1,
                x0: g.x0,
                glyphs: vec![i],
            });
        } else if let Some(piece) = out.last_mut() {
            piece.y0 = piece.y0.min(g.y0);
            piece.y1 = piece.y1.max(g.y1);
            piece.glyphs.push(i);
        }
        prev = Some(g);
    }
    out
}

fn trim_trailing_space(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

/// True for characters written without spaces between them: CJK
/// ideographs, kana, hangul, CJK and full-width punctuation and forms.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FFF
        | 0x3000..=0x303F
        | 0x3040..=0x30FF
        | 0x3100..=0x31FF
        | 0x3200..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x3FFFF
        | 0x2014 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2026
    )
}

/// True for a line of digits only (ASCII or full width).
fn all_digits(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// The ink of a line: its first and last glyphs that are not white space,
/// and the widest of them.
fn ink(glyphs: &[Glyph], line: &Line) -> Option<(f32, f32, f32)> {
    let mut out: Option<(f32, f32, f32)> = None;
    for g in line
        .glyphs
        .iter()
        .map(|&i| &glyphs[i])
        .filter(|g| g.ch != ' ')
    {
        out = Some(match out {
            None => (g.x0, g.x1, g.width()),
            Some((x0, _, w)) => (x0, g.x1, w.max(g.width())),
        });
    }
    out
}

/// A ruled cell's text, its `lines` (see `group_lines`) between `x0` and
/// `x1`. A line of digits that fills the cell, so that the room beside it
/// less the table's `margin` on each side is narrower than the next
/// line's first digit, was wrapped by the program that laid the page out:
/// a number too wide for its cell. The next line of digits goes on with
/// that number, with no space (`12` over `3` in a narrow cell is 123). A
/// line with room left was ended by its writer, and its lines are joined
/// as `join_lines` joins them. But a line of digits with room left over
/// another line of digits may still be a number wrapped (the program's
/// margins wider than the page shows, `1` over `3`), or two numbers
/// where a cell holds one: the cell is unsure, never read as `1 3`, which
/// a reader of the row would take for two cells. It is `Err`, with its
/// digits joined when they are all it holds (the row's identity may
/// tell, see `unsure::settle_wrapped_cells`), else empty.
pub(crate) fn cell_text(
    glyphs: &[Glyph],
    lines: &[Line],
    x0: f32,
    x1: f32,
    margin: f32,
) -> Result<String, String> {
    let mut parts: Vec<String> = Vec::with_capacity(lines.len());
    let mut prev_full = false;
    let mut prev_digits = false;
    for line in lines {
        let text = line_text(glyphs, line, false);
        let digits = all_digits(text.trim());
        let continues = prev_full && digits;
        if digits && prev_digits && !continues {
            let texts: Vec<String> = lines.iter().map(|l| line_text(glyphs, l, false)).collect();
            return Err(if texts.iter().all(|t| all_digits(t.trim())) {
                texts.iter().map(|t| t.trim()).collect()
            } else {
                String::new()
            });
        }
        prev_digits = digits;
        // The next digit is as wide as this line's widest.
        prev_full = digits
            && ink(glyphs, line).is_some_and(|(first, last, digit)| {
                (x1 - x0) - (last - first) < 2.0 * margin.max(0.0) + digit
            });
        match parts.last_mut() {
            Some(last) if continues => last.push_str(text.trim()),
            _ => parts.push(text),
        }
    }
    Ok(join_lines(&parts))
}

/// The narrowest margin between a cell's rulings and its text in a table:
/// the smallest room left of or right of any line of any cell (`cells`
/// pairs each cell's side rulings with its lines). Lines that fill their
/// cell have this margin on both sides (or on one, when left aligned).
pub(crate) fn table_margin<'a>(
    glyphs: &[Glyph],
    cells: impl Iterator<Item = (f32, f32, &'a [Line])>,
) -> f32 {
    let mut margin = f32::INFINITY;
    for (x0, x1, lines) in cells {
        for (first, last, _) in lines.iter().filter_map(|l| ink(glyphs, l)) {
            margin = margin.min(first - x0).min(x1 - last);
        }
    }
    if margin.is_finite() {
        margin.max(0.0)
    } else {
        0.0
    }
}

/// A cell's lines joined into one field: no space where either side of
/// the join is CJK, one space otherwise. Tabs never appear in a field.
pub(crate) fn join_lines(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        if let (Some(a), Some(b)) = (out.chars().last(), part.chars().next()) {
            if !(is_cjk(a) || is_cjk(b)) {
                out.push(' ');
            }
        }
        out.push_str(part);
    }
    out.replace('\t', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(ch: char, x: f32, y: f32) -> Glyph {
        Glyph::at(ch, x, y)
    }

    #[test]
    fn lines_by_baseline_and_spaces_by_gaps() {
        let gs = vec![
            g('b', 12.0, 0.5),
            g('a', 0.0, 0.0),
            g('c', 40.0, 0.0),
            g('x', 0.0, 20.0),
            g('y', 60.0, 20.0),
        ];
        let idx: Vec<usize> = (0..gs.len()).collect();
        let lines = group_lines(&gs, &idx);
        assert_eq!(lines.len(), 2);
        assert_eq!(line_text(&gs, &lines[0], false), "ab c");
        assert_eq!(line_text(&gs, &lines[1], false), "x y");
        assert_eq!(line_text(&gs, &lines[1], true), "x\ty");
    }

    #[test]
    fn joins_cjk_without_spaces() {
        let parts = ["（二）部分公开（区分".to_string(), "处理的）".to_string()];
        assert_eq!(join_lines(&parts), "（二）部分公开（区分处理的）");
        assert_eq!(join_lines(&["abc".into(), "def".into()]), "abc def");
        assert_eq!(
            join_lines(&["三、".into(), "本".into(), "年".into()]),
            "三、本年"
        );
    }
}
