//! The charts of `ogi summary --html`: SVG drawn with plotters, every one
//! with a title, both axes labelled with their units, and colours of the
//! Okabe–Ito palette (told apart with any colour vision); the heat map uses
//! a viridis scale, which reads as a lightness ramp too.

use anyhow::{anyhow, Result};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe–Ito colours.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);

const FONT: &str = "sans-serif";

/// One chart: its title and axis labels (also drawn in the SVG) and the
/// SVG itself, ready to inline in a page.
#[derive(Debug, Clone)]
pub struct Chart {
    pub title: String,
    pub x: String,
    pub y: String,
    pub svg: String,
}

impl Chart {
    /// The chart drawn into `svg`, with its title and axis labels.
    fn drawn(svg: String, title: &str, x: &str, y: &str) -> Chart {
        Chart {
            title: title.into(),
            x: x.into(),
            y: y.into(),
            svg: finish(svg, title),
        }
    }
}

fn fail(e: &dyn std::fmt::Debug) -> anyhow::Error {
    anyhow!("drawing a chart: {e:?}")
}

/// Inline-ready SVG: no XML prologue, no namespace URL (an inline `<svg>`
/// needs none, and the page names no URL at all), and a `<title>` for
/// screen readers.
fn finish(svg: String, title: &str) -> String {
    let svg = match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg,
    };
    let svg = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
    match svg.find('>') {
        Some(end) => format!(
            "{} role=\"img\"><title>{}</title>{}",
            &svg[..end],
            escape(title),
            &svg[end + 1..]
        ),
        None => svg,
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The end of a segmented range with room for `n` bands: `0..k` has k + 1
/// segments, and a range needs k ≥ 1 (one band then stays empty).
fn segments(n: usize) -> usize {
    n.saturating_sub(1).max(1)
}

/// Vertical bars of labelled values (counts or percentages); `y` names
/// the unit.
pub fn bars(
    title: &str,
    bars: &[(String, f64)],
    x: &str,
    y: &str,
    colour: RGBColor,
) -> Result<Chart> {
    let mut svg = String::new();
    {
        let n = bars.len().max(1);
        let width = (n as u32 * 56 + 120).max(560);
        let root = SVGBackend::with_string(&mut svg, (width, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let top = bars.iter().map(|(_, v)| *v).fold(0.0, f64::max).max(1.0);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(64)
            .build_cartesian_2d((0..segments(n)).into_segmented(), 0.0..top * 1.1)
            .map_err(|e| fail(&e))?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) => bars.get(*i).map(|(k, _)| k.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc(x)
            .y_desc(y)
            .x_labels(n)
            .x_label_formatter(&label)
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| fail(&e))?;
        // One series a bar: a histogram sums its data in a hash map and
        // would draw the bars in a different order on every run.
        for (i, (_, v)) in bars.iter().enumerate() {
            chart
                .draw_series(
                    Histogram::vertical(&chart)
                        .style(colour.filled())
                        .margin(3)
                        .data(std::iter::once((i, *v))),
                )
                .map_err(|e| fail(&e))?;
        }
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(Chart::drawn(svg, title, x, y))
}

/// Pixels a label takes at the tick font: wide characters count double.
fn label_width(s: &str) -> u32 {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 7 } else { 12 })
        .sum()
}

/// Horizontal bars, one per row, split into shares of 100 % by the
/// series (`names`, `colours`); the values are counts per series. With
/// `counts`, each row's label gives its total.
pub fn stacked_shares(
    title: &str,
    rows: &[(String, Vec<u64>)],
    names: &[&str],
    colours: &[RGBColor],
    x: &str,
    y: &str,
    counts: bool,
) -> Result<Chart> {
    let labels: Vec<String> = rows
        .iter()
        .map(|(k, v)| {
            if counts {
                format!("{k} ({})", v.iter().sum::<u64>())
            } else {
                k.clone()
            }
        })
        .collect();
    let mut svg = String::new();
    {
        let n = rows.len().max(1);
        let height = (n as u32 * 22 + 130).max(220);
        let label_area = labels
            .iter()
            .map(|l| label_width(l))
            .max()
            .unwrap_or(0)
            .clamp(80, 340)
            + 40;
        let root =
            SVGBackend::with_string(&mut svg, (label_area + 700, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let (plot, legend) = root.split_horizontally(label_area + 550);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(label_area)
            .build_cartesian_2d(0.0..100.0, (0..segments(n)).into_segmented())
            .map_err(|e| fail(&e))?;
        // The first row on top.
        let at = |i: usize| n - 1 - i;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if *i < n => labels.get(at(*i)).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(x)
            .y_desc(y)
            .y_labels(n)
            .y_label_formatter(&label)
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| fail(&e))?;
        for (s, colour) in colours.iter().enumerate().take(names.len()) {
            let rects = rows.iter().enumerate().filter_map(|(i, (_, v))| {
                let total: u64 = v.iter().sum();
                if total == 0 || v[s] == 0 {
                    return None;
                }
                let before: u64 = v[..s].iter().sum();
                let x0 = 100.0 * before as f64 / total as f64;
                let x1 = 100.0 * (before + v[s]) as f64 / total as f64;
                Some(Rectangle::new(
                    [
                        (x0, SegmentValue::Exact(at(i))),
                        (x1, SegmentValue::Exact(at(i) + 1)),
                    ],
                    colour.filled(),
                ))
            });
            chart.draw_series(rects).map_err(|e| fail(&e))?;
        }
        // White rules between the rows.
        chart
            .draw_series((1..n).map(|i| {
                PathElement::new(
                    vec![
                        (0.0, SegmentValue::Exact(i)),
                        (100.0, SegmentValue::Exact(i)),
                    ],
                    WHITE.stroke_width(2),
                )
            }))
            .map_err(|e| fail(&e))?;
        legend_boxes(&legend, names, colours)?;
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(Chart::drawn(svg, title, x, y))
}

fn legend_boxes<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    names: &[&str],
    colours: &[RGBColor],
) -> Result<()> {
    for (i, (name, colour)) in names.iter().zip(colours).enumerate() {
        let y = 50 + 24 * i as i32;
        area.draw(&Rectangle::new([(8, y), (22, y + 14)], colour.filled()))
            .map_err(|e| fail(&e))?;
        area.draw(&Text::new(name.to_string(), (28, y), (FONT, 14)))
            .map_err(|e| fail(&e))?;
    }
    Ok(())
}

/// A point of the viridis scale, `t` in 0..=1.
pub fn viridis(t: f64) -> RGBColor {
    const STOPS: [(u8, u8, u8); 5] = [
        (0x44, 0x01, 0x54),
        (0x3b, 0x52, 0x8b),
        (0x21, 0x91, 0x8c),
        (0x5e, 0xc9, 0x62),
        (0xfd, 0xe7, 0x25),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// A heat map: a cell per (column, row) holding (share in 0..=1, count);
/// the share is its colour and is printed in it as a percentage. `unit`
/// titles the colour scale.
pub fn heat_map(
    title: &str,
    columns: &[String],
    rows: &[String],
    cells: &[(usize, usize, f64, u64)],
    x: &str,
    y: &str,
    unit: &str,
) -> Result<Chart> {
    let mut svg = String::new();
    {
        let (nx, ny) = (columns.len().max(1), rows.len().max(1));
        let width = (nx as u32 * 46 + 400).max(640);
        let height = ny as u32 * 22 + 140;
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let (plot, legend) = root.split_horizontally(width - 190);
        let mut chart = ChartBuilder::on(&plot)
            .caption(title, (FONT, 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(150)
            .build_cartesian_2d(
                (0..segments(nx)).into_segmented(),
                (0..segments(ny)).into_segmented(),
            )
            .map_err(|e| fail(&e))?;
        // The first row on top.
        let at = |i: usize| ny - 1 - i;
        let xl = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) => columns.get(*i).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        let yl = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) if *i < ny => rows.get(at(*i)).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(x)
            .y_desc(y)
            .x_labels(nx)
            .y_labels(ny)
            .x_label_formatter(&xl)
            .y_label_formatter(&yl)
            .axis_desc_style((FONT, 14))
            .draw()
            .map_err(|e| fail(&e))?;
        chart
            .draw_series(cells.iter().map(|&(cx, cy, share, _)| {
                Rectangle::new(
                    [
                        (SegmentValue::Exact(cx), SegmentValue::Exact(at(cy))),
                        (SegmentValue::Exact(cx + 1), SegmentValue::Exact(at(cy) + 1)),
                    ],
                    viridis(share).filled(),
                )
            }))
            .map_err(|e| fail(&e))?;
        let centre = Pos::new(HPos::Center, VPos::Center);
        chart
            .draw_series(cells.iter().map(|&(cx, cy, share, _)| {
                let ink = if share > 0.6 { BLACK } else { WHITE };
                Text::new(
                    format!("{:.0}", 100.0 * share),
                    (SegmentValue::CenterOf(cx), SegmentValue::CenterOf(at(cy))),
                    (FONT, 11).into_font().color(&ink).pos(centre),
                )
            }))
            .map_err(|e| fail(&e))?;
        // The colour scale.
        legend
            .draw(&Text::new(unit.to_string(), (8, 40), (FONT, 13)))
            .map_err(|e| fail(&e))?;
        for step in 0..=10 {
            let t = 1.0 - step as f64 / 10.0;
            let y = 60 + 14 * step;
            legend
                .draw(&Rectangle::new([(8, y), (28, y + 14)], viridis(t).filled()))
                .map_err(|e| fail(&e))?;
            if step % 5 == 0 {
                legend
                    .draw(&Text::new(
                        format!("{:.0} %", 100.0 * t),
                        (34, y + 1),
                        (FONT, 12),
                    ))
                    .map_err(|e| fail(&e))?;
            }
        }
        root.present().map_err(|e| fail(&e))?;
    }
    Ok(Chart::drawn(svg, title, x, y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_carry_their_title_and_axis_labels_and_no_url() {
        let bars = bars(
            "Reports by year",
            &[("2020".into(), 3.0), ("2021".into(), 5.0)],
            "report year",
            "reports",
            BLUE,
        )
        .unwrap();
        let shares = stacked_shares(
            "Status by year",
            &[("2020".into(), vec![3, 1]), ("2021".into(), vec![0, 2])],
            &["ok", "partial"],
            &[GREEN, ORANGE],
            "share of reports (%)",
            "report year",
            true,
        )
        .unwrap();
        let heat = heat_map(
            "Read by year and province",
            &["2020".into()],
            &["陕西省".into()],
            &[(0, 0, 0.5, 4)],
            "report year",
            "province",
            "ok, % of reports",
        )
        .unwrap();
        for c in [bars, shares, heat] {
            assert!(c.svg.starts_with("<svg"), "{}", &c.svg[..40]);
            assert!(c.svg.contains(&format!("<title>{}</title>", c.title)));
            for text in [&c.title, &c.x, &c.y] {
                let drawn = c.svg.split("<text").skip(1).any(|t| {
                    let content = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                    content.trim() == text.as_str()
                });
                assert!(drawn, "{text}");
            }
            assert!(!c.svg.contains("http"), "{}", c.title);
        }
    }

    #[test]
    fn viridis_runs_from_dark_to_light() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
    }
}
