//! Numbers centred in their value cells over three lines: where cells
//! are aligned to their middle, a number too wide for its cell stands
//! half above its row's line and half below it (`11` over the row, `5`
//! under it: `115`), its place on the row's line left empty. The halves
//! are joined into the row before the page's alignment is read (see
//! `centred`) or its rows are rebuilt (`unruled`), only where the row's
//! identity holds for that reading alone (see `stacked`).

use super::labels::{begins_label, folded};
use super::stacked::{amount, cell_of, digits, holds, joined, Identity};
use super::unruled::{compact, is_value, Piece, PieceLine};

/// The page's lines with the halves of numbers centred in their cells
/// joined: where cells are aligned to their middle, a number too wide for
/// its cell stands half above its row's line and half below it (`11`
/// over the row, `5` under it: `115`), its place on the row's line left
/// empty. Lines `i` and `i + 2` holding such halves only (below, maybe
/// also the row's label going on; above too, where the label begins there
/// and the row's line holds numbers alone) are joined into the row on line
/// `i + 1` when the row holds its identity for that reading alone (see
/// [`joined_around`]), and neither half could as well be wrapped digits
/// of the row above or below. The halves' lines keep their places, their
/// numbers gone. `None` when nothing was joined.
pub(super) fn centred_halves(lines: &[PieceLine]) -> Option<Vec<PieceLine>> {
    let mut out: Option<Vec<PieceLine>> = None;
    let mut i = 0;
    while i + 2 < lines.len() {
        let Some(row) = around(lines, i) else {
            i += 1;
            continue;
        };
        let out = out.get_or_insert_with(|| lines.to_vec());
        for l in &mut out[i..=i + 2] {
            l.pieces.retain(|p| !is_value(&p.text));
            l.spans.retain(|p| !is_value(&p.text));
        }
        out[i + 1].pieces.extend(row.iter().cloned());
        out[i + 1].spans.extend(row);
        i += 3;
    }
    out
}

/// The values of the row on line `i + 1`, with the halves of centred
/// numbers on lines `i` and `i + 2` joined (see [`centred_halves`]).
fn around(lines: &[PieceLine], i: usize) -> Option<Vec<Piece>> {
    let [upper, mid, lower] = lines.get(i..i + 3)? else {
        return None;
    };
    let labels = |l: &PieceLine| pieces_of(l, false);
    let values = |l: &PieceLine| pieces_of(l, true);
    if labels(lower).iter().any(|p| begins_label(&p.text)) || values(upper).is_empty() {
        return None;
    }
    // A label over the halves is the row's own, begun above its numbers
    // (cells aligned to their middle, the label over two lines): only
    // where the row's numbers stand alone on their line, right of it,
    // and the label goes on below them.
    if !labels(upper).is_empty() {
        let first = [upper, mid, lower]
            .iter()
            .flat_map(|l| values(l))
            .map(|p| p.x0)
            .fold(f32::MAX, f32::min);
        if !labels(mid).is_empty()
            || labels(lower).is_empty()
            || [upper, lower]
                .iter()
                .flat_map(|l| labels(l))
                .any(|p| p.x1 > first)
        {
            return None;
        }
    }
    let label: String = [upper, mid, lower]
        .iter()
        .flat_map(|l| labels(l))
        .map(|p| p.text)
        .collect();
    let identity = if label.is_empty() {
        Identity::Groups
    } else if crate::templates::printed::names_applications_row(&folded(&label)) {
        Identity::RowSum
    } else {
        return None;
    };
    let row = joined_around(upper, mid, lower, identity)?;
    let claimed = |line: Option<&PieceLine>, half: &[Piece], after: bool| {
        line.is_some_and(|l| half.iter().any(|p| completes(l, p, after, identity)))
    };
    let above = i.checked_sub(1).map(|k| &lines[k]);
    if claimed(above, &values(upper), true) || claimed(lines.get(i + 3), &values(lower), false) {
        return None;
    }
    Some(row)
}

/// The pieces of `l` that are values (`values`), or labels.
fn pieces_of(l: &PieceLine, values: bool) -> Vec<Piece> {
    l.pieces
        .iter()
        .filter(|p| is_value(&p.text) == values)
        .cloned()
        .collect()
}

/// The numbers of `mid`, a row whose halves of numbers centred in their
/// cells stand on `upper` and `lower`, each pair in one column under no
/// number of `mid`, with each pair joined in its place: when joining them
/// all is the one reading (either half alone, or neither, the others)
/// for which the row holds `identity`; else `None`.
fn joined_around(
    upper: &PieceLine,
    mid: &PieceLine,
    lower: &PieceLine,
    identity: Identity,
) -> Option<Vec<Piece>> {
    let height = mid.y1 - mid.y0;
    if mid.y0 - upper.y1 > 0.5 * height || lower.y0 - mid.y1 > 0.5 * height {
        return None;
    }
    let values = |l: &PieceLine| pieces_of(l, true);
    let (heads, row, tails) = (values(upper), values(mid), values(lower));
    if heads.is_empty() || heads.len() > 3 || heads.len() != tails.len() || row.len() < 2 {
        return None;
    }
    let spans = |ps: &[Piece]| -> Vec<(f32, f32)> { ps.iter().map(|q| (q.x0, q.x1)).collect() };
    let (row_spans, tail_spans) = (spans(&row), spans(&tails));
    // Each head's tail, by index into `tails`.
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(heads.len());
    for (h, p) in heads.iter().enumerate() {
        let t = cell_of(p, &tail_spans)?;
        if pairs.iter().any(|&(_, u)| u == t)
            || cell_of(p, &row_spans).is_some()
            || cell_of(&tails[t], &row_spans).is_some()
            || digits(&compact(&p.text)).is_none()
            || digits(&compact(&tails[t].text)).is_none()
        {
            return None;
        }
        pairs.push((h, t));
    }
    let amounts: Vec<u64> = row.iter().map(|p| amount(&p.text)).collect::<Option<_>>()?;
    // Each pair read one of four ways: joined, head, tail, or no number;
    // the row's values are in the order of their places.
    let reading = |choice: &[u8]| -> Option<Vec<u64>> {
        let mut placed: Vec<(f32, u64)> = row
            .iter()
            .map(|p| p.x0)
            .zip(amounts.iter().copied())
            .collect();
        for (&(h, t), &c) in pairs.iter().zip(choice) {
            let (a, b) = (compact(&heads[h].text), compact(&tails[t].text));
            let value = match c {
                0 => joined(&a, &b)?,
                1 => digits(&a)?,
                2 => digits(&b)?,
                _ => continue,
            };
            placed.push((heads[h].x0.min(tails[t].x0), value));
        }
        placed.sort_by(|x, y| x.0.total_cmp(&y.0));
        Some(placed.into_iter().map(|(_, v)| v).collect())
    };
    // Code 0 joins every pair.
    let n = pairs.len();
    let fits = |code: usize| {
        let choice: Vec<u8> = (0..n).map(|k| ((code >> (2 * k)) & 3) as u8).collect();
        reading(&choice).is_some_and(|v| holds(identity, &v))
    };
    if !fits(0) || (1..4usize.pow(n as u32)).any(fits) {
        return None;
    }
    let mut out = row;
    for &(h, t) in &pairs {
        let (a, b) = (&heads[h], &tails[t]);
        out.push(Piece {
            x0: a.x0.min(b.x0),
            x1: a.x1.max(b.x1),
            size: a.size.max(b.size),
            text: format!("{}{}", compact(&a.text), compact(&b.text)),
        });
    }
    out.sort_by(|x, y| x.x0.total_cmp(&y.x0));
    Some(out)
}

/// Whether `piece` could be the wrapped digits of the number of `row`'s
/// line under (or over) it instead: joined to it (after it when `after`,
/// before it else), that row holds `identity`.
fn completes(row: &PieceLine, piece: &Piece, after: bool, identity: Identity) -> bool {
    let values: Vec<&Piece> = row.pieces.iter().filter(|p| is_value(&p.text)).collect();
    let spans: Vec<(f32, f32)> = values.iter().map(|q| (q.x0, q.x1)).collect();
    let Some(k) = cell_of(piece, &spans) else {
        return false;
    };
    let texts: Vec<&str> = values.iter().map(|p| p.text.as_str()).collect();
    let Some(mut amounts) = texts
        .iter()
        .map(|t| amount(t))
        .collect::<Option<Vec<u64>>>()
    else {
        return false;
    };
    let (d, r) = (compact(&piece.text), compact(texts[k]));
    match if after {
        joined(&r, &d)
    } else {
        joined(&d, &r)
    } {
        Some(v) => {
            amounts[k] = v;
            holds(identity, &amounts)
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, read, rows};
    use super::centred_halves;

    #[test]
    fn halves_of_a_number_centred_in_its_cell_are_joined() {
        // Section 四's row on one line, its first total (12) centred over
        // three: `1` above, `2` below, its place on the row's line empty.
        let xs: Vec<f32> = (0..15).map(|k| 10.0 + 20.0 * k as f32).collect();
        let mut first = [
            "3", "4", "5", "0", "", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0",
        ];
        let row: Vec<(f32, &str)> = xs
            .iter()
            .copied()
            .zip(first.iter().copied())
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let header = |top: f32, ch: &'static str| {
            line(top, &xs.iter().map(|&x| (x, ch)).collect::<Vec<_>>())
        };
        let lines = vec![
            line(0.0, &[(0.0, "四、政府信息公开行政复议、行政诉讼情况")]),
            header(15.0, "结"),
            header(30.0, "果"),
            line(35.0, &[(xs[4], "1")]),
            line(47.0, &row),
            line(59.0, &[(xs[4], "2")]),
        ];
        let joined = centred_halves(&lines).expect("joined");
        first[4] = "12";
        let parts = read(&joined).expect("read");
        assert_eq!(rows(&parts).last().expect("a row"), &first);
        // Read as 1 or 2 alone, or left out, the group adds up to nothing:
        // only the joined reading holds. Where another does (the halves
        // `0` and `12` of 12 with 3 + 4 + 5 + 0), nothing is joined.
        let mut lines = lines.clone();
        lines[3] = line(35.0, &[(xs[4], "0")]);
        lines[5] = line(59.0, &[(xs[4], "12")]);
        assert!(centred_halves(&lines).is_none());
    }

    /// The values of line `k` of `lines`, in order.
    fn values(lines: &[super::PieceLine], k: usize) -> Vec<String> {
        lines[k]
            .pieces
            .iter()
            .filter(|p| super::is_value(&p.text))
            .map(|p| p.text.clone())
            .collect()
    }

    #[test]
    fn halves_beside_a_label_over_two_lines_are_joined() {
        // Row 一 aligned to the middle, its label over two lines and its
        // numbers alone between them; 240 and 280 centred over three.
        let xs: Vec<f32> = (0..7).map(|k| 200.0 + 40.0 * k as f32).collect();
        let lines = vec![
            line(
                0.0,
                &[
                    (0.0, "一、本年新收政府信息公开申请数"),
                    (xs[0], "24"),
                    (xs[6], "28"),
                ],
            ),
            line(
                7.5,
                &[
                    (xs[1], "23"),
                    (xs[2], "2"),
                    (xs[3], "4"),
                    (xs[4], "2"),
                    (xs[5], "9"),
                ],
            ),
            line(15.0, &[(90.0, "量"), (xs[0], "0"), (xs[6], "0")]),
        ];
        let joined = centred_halves(&lines).expect("joined");
        assert_eq!(values(&joined, 1), ["240", "23", "2", "4", "2", "9", "280"]);
        assert!(values(&joined, 0).is_empty() && values(&joined, 2).is_empty());
        // The label's next line beginning a row of its own: the lines are
        // two rows', and nothing is joined.
        let mut two_rows = lines.clone();
        two_rows[2] = line(15.0, &[(0.0, "二、上年结转"), (xs[0], "0"), (xs[6], "0")]);
        assert!(centred_halves(&two_rows).is_none());
    }

    #[test]
    fn a_zero_is_never_the_first_digit_of_the_row_below() {
        // (七)总计 with 240 and 277 centred over three lines; under it
        // row 四, whose 0 the tail `0` would make `00` (still 0, its sum
        // still holding). A number never begins with 0: the tail is no
        // digit of row 四's, and the halves are joined.
        let xs: Vec<f32> = (0..7).map(|k| 200.0 + 40.0 * k as f32).collect();
        let row = |top: f32, label: &'static str, v: [&'static str; 7]| {
            let mut pieces = vec![(0.0, label)];
            pieces.extend(xs.iter().copied().zip(v).filter(|(_, t)| !t.is_empty()));
            line(top, &pieces)
        };
        let lines = vec![
            row(0.0, "3.其他", ["5", "0", "0", "0", "0", "0", "5"]),
            line(15.0, &[(xs[0], "24"), (xs[6], "27")]),
            row(22.5, "(七)总计", ["", "19", "2", "4", "3", "9", ""]),
            line(30.0, &[(xs[0], "0"), (xs[6], "7")]),
            row(
                45.0,
                "四、结转下年度继续办理",
                ["0", "4", "0", "0", "0", "0", "4"],
            ),
        ];
        let joined = centred_halves(&lines).expect("joined");
        assert_eq!(values(&joined, 2), ["240", "19", "2", "4", "3", "9", "277"]);
        assert_eq!(values(&joined, 4), ["0", "4", "0", "0", "0", "0", "4"]);
    }
}
