//! Numbers centred in their value cells over three lines: where cells
//! are aligned to their middle, a number too wide for its cell stands
//! half above its row's line and half below it (`11` over the row, `5`
//! under it: `115`), its place on the row's line left empty. The halves
//! are joined into the row before the page's alignment is read (see
//! `centred`) or its rows are rebuilt (`unruled`), only where the row's
//! identity holds for that reading alone (see `stacked`).

use super::labels::{begins_label, folded};
use super::stacked::{amount, cell_of, digits, holds, Identity};
use super::unruled::{compact, is_value, Piece, PieceLine};

/// The page's lines with the halves of numbers centred in their cells
/// joined: where cells are aligned to their middle, a number too wide for
/// its cell stands half above its row's line and half below it (`11`
/// over the row, `5` under it: `115`), its place on the row's line left
/// empty. Lines `i` and `i + 2` holding such halves only (below, maybe
/// also the row's label going on) are joined into the row on line
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
    if !labels(upper).is_empty()
        || labels(lower).iter().any(|p| begins_label(&p.text))
        || values(upper).is_empty()
    {
        return None;
    }
    let label: String = labels(mid).iter().map(|p| p.text.as_str()).collect();
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
            let text = match c {
                0 => a + &b,
                1 => a,
                2 => b,
                _ => continue,
            };
            placed.push((heads[h].x0.min(tails[t].x0), digits(&text)?));
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
    match digits(&if after { r + &d } else { d + &r }) {
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
}
