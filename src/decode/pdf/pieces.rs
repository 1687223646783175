//! A line of a page without rulings cut into its pieces: the texts set
//! apart by more than the gap between the characters of a word, which
//! `unruled` reads as a table's cells.

use super::glyphs::Glyph;
use super::header::HEADER_GAP;
use super::lines::{line_text, split_cells, Line};

/// The gap, in font sizes, that separates two pieces of a line. Labels
/// in narrow columns sit about a character apart; the letters of a word,
/// the characters of a line and the spaces between words are closer.
const PIECE_GAP: f32 = 1.0;

/// A piece of a line: text with no gap of `PIECE_GAP` in it.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    pub x0: f32,
    pub x1: f32,
    pub size: f32,
    pub text: String,
}

/// A line of a page without rulings, cut into its pieces.
#[derive(Clone, Debug)]
pub(crate) struct PieceLine {
    pub y0: f32,
    pub y1: f32,
    pub pieces: Vec<Piece>,
    /// Its pieces cut at every gap of `header::HEADER_GAP` (the text of
    /// a header's cells).
    pub spans: Vec<Piece>,
}

impl PieceLine {
    pub fn new(glyphs: &[Glyph], line: &Line) -> PieceLine {
        let cut = |gap: f32| -> Vec<Piece> {
            split_cells(glyphs, line, gap)
                .iter()
                .filter_map(|p| {
                    let ink = p.glyphs.iter().map(|&i| &glyphs[i]).filter(|g| g.ch != ' ');
                    let (mut x0, mut x1, mut size) = (f32::MAX, f32::MIN, 0.0f32);
                    for g in ink {
                        x0 = x0.min(g.x0);
                        x1 = x1.max(g.x1);
                        size = size.max(g.size);
                    }
                    let text = line_text(glyphs, p, false);
                    (x0 <= x1 && !text.trim().is_empty()).then_some(Piece { x0, x1, size, text })
                })
                .collect()
        };
        let spans = cut(HEADER_GAP);
        // Numbers set close in narrow cells (a number filling its cell
        // leaves only the cells' margins between it and the next) are
        // still two cells: a piece made of values alone, white space
        // between them, is cut where its texts are.
        let mut pieces = Vec::new();
        for p in cut(PIECE_GAP) {
            let inner: Vec<&Piece> = spans
                .iter()
                .filter(|s| s.x0 >= p.x0 && s.x1 <= p.x1)
                .collect();
            if p.text.trim().contains(char::is_whitespace)
                && inner.len() >= 2
                && inner
                    .iter()
                    .all(|s| is_value(&s.text) && !s.text.trim().contains(' '))
            {
                pieces.extend(inner.into_iter().cloned());
            } else {
                pieces.push(p);
            }
        }
        PieceLine {
            y0: line.y0,
            y1: line.y1,
            pieces,
            spans,
        }
    }

    pub(crate) fn has_number(&self) -> bool {
        self.pieces.len() >= 2 && self.pieces.iter().any(|p| is_value(&p.text))
    }
}

/// True for the text of a value cell: a number, a sum of money with its
/// unit (`686.03万元`), or a dash printed for none (`-`, `—`), which holds
/// its cell as a number does.
pub(crate) fn is_value(s: &str) -> bool {
    let t = s.trim();
    let amount = t
        .strip_suffix("万元")
        .or_else(|| t.strip_suffix('元'))
        .is_some_and(super::page::is_number);
    // A change printed with its sign in full width (`－3`, 本年增/减).
    let signed = t
        .strip_prefix(['－', '−'])
        .is_some_and(super::page::is_number);
    super::page::is_number(s)
        || amount
        || signed
        || matches!(t, "-" | "－" | "—" | "–" | "―" | "——")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_set_close_are_pieces_of_their_own() {
        // 142, 139 and 16 a cell's margins apart (6, under a character),
        // then a label's words set as close: the numbers are cut apart,
        // the words are not.
        let mut gs = Vec::new();
        let mut put = |text: &str, x: f32| {
            for (k, ch) in text.chars().enumerate() {
                gs.push(Glyph::at(ch, x + 10.0 * k as f32, 0.0));
            }
        };
        put("142", 0.0);
        put("139", 36.0);
        put("16", 72.0);
        put("总计", 200.0);
        put("合计", 226.0);
        let idx: Vec<usize> = (0..gs.len()).collect();
        let grouped = super::super::lines::group_lines(&gs, &idx);
        let line = PieceLine::new(&gs, &grouped[0]);
        let texts: Vec<&str> = line.pieces.iter().map(|p| p.text.trim()).collect();
        assert_eq!(texts, ["142", "139", "16", "总计合计"]);
        assert_eq!((line.pieces[1].x0, line.pieces[1].x1), (36.0, 66.0));
    }
}
