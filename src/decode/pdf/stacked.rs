//! Numbers that wrap inside narrow value cells (section 四's fifteen
//! columns): `126` printed as `12` with `6` on the line below, in the
//! same cell. A line of digits only, close under a row's numbers, each
//! piece under exactly one of the row's value cells, is joined to those
//! cells only when the row's identities (each group of five values ends
//! with the sum of the four before it) hold for that reading and for no
//! other way of joining or leaving the digits; else nothing is joined.

use super::unruled::{compact, is_value, Body};

/// Values in a group of the reviews table: four outcomes and their total.
const GROUP: usize = 5;

/// The digits of a cell's text (`-` and other dashes count as 0), or
/// `None` when the text is not a whole number.
fn amount(s: &str) -> Option<u64> {
    let t = compact(s);
    if matches!(t.as_str(), "-" | "—" | "–" | "―" | "——") {
        return Some(0);
    }
    digits(&t)
}

fn digits(t: &str) -> Option<u64> {
    if t.is_empty() || t.len() > 12 || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// True when every group of five ends with the sum of the four before it.
fn holds(values: &[u64]) -> bool {
    values.len() >= GROUP
        && values.len().is_multiple_of(GROUP)
        && values
            .chunks(GROUP)
            .all(|g| g[..GROUP - 1].iter().sum::<u64>() == g[GROUP - 1])
}

/// Join `line` to the value cells of the table's last row if it is the
/// wrapped digits of those cells (see the module's notes).
pub(super) fn join_to(b: &mut Body, line: &super::unruled::PieceLine) -> bool {
    let Some(row) = b.rows.last() else {
        return false;
    };
    if row.unsure || line.pieces.is_empty() || line.pieces.len() > 16 {
        return false;
    }
    let height = line.y1 - line.y0;
    let gap = line.y0 - b.last_y1;
    if gap < -0.5 * height || gap > b.close + 0.25 * height {
        return false;
    }
    let numbers: Vec<usize> = (0..row.fields.len())
        .filter(|&f| row.fields[f].number)
        .collect();
    if numbers.is_empty() || !numbers.len().is_multiple_of(GROUP) {
        return false;
    }
    let mut values: Vec<u64> = Vec::with_capacity(numbers.len());
    for &f in &numbers {
        match row.fields[f].parts.as_slice() {
            [(t, _)] => match amount(t) {
                Some(v) => values.push(v),
                None => return false,
            },
            _ => return false,
        }
    }
    // Each piece's cell, by index into `numbers`: the one cell its ink
    // lies under, widened by half a character either side.
    let mut cells: Vec<usize> = Vec::with_capacity(line.pieces.len());
    for p in &line.pieces {
        let t = compact(&p.text);
        if digits(&t).is_none() || !is_value(&p.text) {
            return false;
        }
        let slack = 0.5 * p.size;
        let under: Vec<usize> = (0..row.fields.len())
            .filter(|&f| {
                let fl = &row.fields[f];
                p.x0 < fl.x1 + slack && fl.x0 - slack < p.x1
            })
            .collect();
        let [f] = under.as_slice() else {
            return false;
        };
        let Some(k) = numbers.iter().position(|n| n == f) else {
            return false;
        };
        // A dash holds no digits to go on.
        if digits(&compact(&row.fields[*f].parts[0].0)).is_none() || cells.contains(&k) {
            return false;
        }
        cells.push(k);
    }
    // Every reading: each piece joined to its cell or not.
    let n = cells.len();
    let mut fitting = Vec::new();
    for mask in 0u32..(1 << n) {
        let mut v = values.clone();
        for (j, &k) in cells.iter().enumerate() {
            if mask & (1 << j) != 0 {
                let above = compact(&row.fields[numbers[k]].parts[0].0);
                match digits(&format!("{above}{}", compact(&line.pieces[j].text))) {
                    Some(x) => v[k] = x,
                    None => return false,
                }
            }
        }
        if holds(&v) {
            fitting.push(mask);
        }
    }
    let all = (1u32 << n) - 1;
    if fitting != [all] {
        return false;
    }
    let row = b.rows.last_mut().expect("a last row");
    for (p, &k) in line.pieces.iter().zip(&cells) {
        let field = &mut row.fields[numbers[k]];
        let joined = format!("{}{}", compact(&field.parts[0].0), compact(&p.text));
        field.x0 = field.x0.min(p.x0);
        field.x1 = field.x1.max(p.x1);
        field.parts = vec![(joined, field.x1 - field.x0)];
    }
    b.last_y1 = line.y1;
    true
}

#[cfg(test)]
mod tests {
    use super::super::unruled::tests::{line, read, rows};
    use super::super::unruled::PieceLine;

    /// Section 四's table: its heading, fifteen columns whose words stand
    /// a character a line (one every 20 from x = 10), the row of `first`
    /// and the line of `second` below it.
    fn page(first: &[&'static str], second: &[(f32, &'static str)]) -> Vec<PieceLine> {
        let xs = (0..15).map(|k| 10.0 + 20.0 * k as f32);
        let stacked = |top: f32, ch: &'static str| {
            line(top, &xs.clone().map(|x| (x, ch)).collect::<Vec<_>>())
        };
        let values: Vec<(f32, &str)> = xs.clone().zip(first.iter().copied()).collect();
        vec![
            line(0.0, &[(0.0, "四、政府信息公开行政复议、行政诉讼情况")]),
            stacked(15.0, "结"),
            stacked(30.0, "果"),
            line(45.0, &values),
            line(60.0, second),
        ]
    }

    /// The values of the page's section 四 row.
    fn values(lines: &[PieceLine]) -> Vec<String> {
        let parts = read(lines).expect("read");
        rows(&parts).last().cloned().expect("a row")
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_digit_wrapped_in_its_cell_joins_the_number_above() {
        let first = [
            "0", "0", "0", "55", "55", "46", "7", "73", "0", "12", "0", "0", "0", "0", "0",
        ];
        let mut want = first.to_vec();
        want[9] = "126";
        assert_eq!(values(&page(&first, &[(190.0, "6")])), strings(&want));
    }

    #[test]
    fn digits_wrapped_in_several_cells_join_when_only_that_reading_adds_up() {
        let first = [
            "0", "0", "0", "0", "0", "1", "1", "0", "3", "3", "0", "0", "0", "0", "0",
        ];
        let second = [(110.0, "4"), (130.0, "5"), (190.0, "2")];
        let mut want = first.to_vec();
        (want[5], want[6], want[9]) = ("14", "15", "32");
        assert_eq!(values(&page(&first, &second)), strings(&want));
    }

    #[test]
    fn digits_the_row_adds_up_without_are_not_joined() {
        // 4 + 1 + 7 + 0 = 12 already: the 6 below is not part of the 12.
        let first = [
            "0", "0", "0", "55", "55", "4", "1", "7", "0", "12", "0", "0", "0", "0", "0",
        ];
        assert_eq!(values(&page(&first, &[(190.0, "6")])), strings(&first));
    }

    #[test]
    fn a_digit_under_no_cell_is_not_joined() {
        let first = [
            "0", "0", "0", "55", "55", "46", "7", "73", "0", "12", "0", "0", "0", "0", "0",
        ];
        // Right of the last cell, under none.
        assert_eq!(values(&page(&first, &[(400.0, "6")])), strings(&first));
    }
}
