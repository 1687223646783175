//! `ogi summary`: what a built dataset holds and how far to trust it, as
//! tables on the terminal or as a self-contained HTML page with charts.
//!
//! The figures are polars lazy queries over the dataset's Parquet files (the
//! streaming engine: a summary of a million reports needs little memory);
//! the charts are SVG drawn with plotters and inlined in the page, which
//! therefore opens in a browser without any network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use plotters::prelude::*;
use polars::prelude::{
    col, len, lit, DataFrame, DataType, Engine, LazyFrame, PlRefPath, ScanArgsParquet,
    SortMultipleOptions,
};

use crate::contract::{MANIFEST_FILE, TABLES};

/// The mark of a page `ogi summary --html` wrote, in its head: a later
/// summary may replace such a page, and no other file.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"ogi summary\">";

/// How many regions and organs the lists show.
const TOP: usize = 15;

/// Buckets of the distribution of a report's applications received.
const TOTAL_BUCKETS: [(i64, i64, &str); 9] = [
    (0, 0, "0"),
    (1, 1, "1"),
    (2, 5, "2–5"),
    (6, 10, "6–10"),
    (11, 50, "11–50"),
    (51, 100, "51–100"),
    (101, 500, "101–500"),
    (501, 1000, "501–1000"),
    (1001, i64::MAX, ">1000"),
];

/// The figures of one dataset.
#[derive(Debug, Default)]
pub struct Summary {
    pub dir: PathBuf,
    pub reports: u64,
    pub by_status: Vec<(String, u64)>,
    pub by_template: Vec<(String, u64)>,
    /// Year (None: not found), reports, of which `ok`, of which with a
    /// broken identity.
    pub by_year: Vec<(Option<i32>, u64, u64, u64)>,
    /// County-level place (the organ key's scope, else the printed region),
    /// reports; the largest first, the rest summed as "(other)".
    pub by_region: Vec<(String, u64)>,
    /// Table, cells, cells with a value.
    pub cells: Vec<(String, u64, u64)>,
    /// Severity, code, count; most frequent first.
    pub diagnostics: Vec<(String, String, u64)>,
    /// Organ key, reports, errors, warnings; most problems first.
    pub organs: Vec<(String, u64, u64, u64)>,
    /// Reports per bucket of applications received (row 一, column 总计).
    pub totals: Vec<(&'static str, u64)>,
}

fn scan(dir: &Path, table: &str) -> Result<LazyFrame> {
    let file = TABLES
        .iter()
        .find(|(name, _)| *name == table)
        .map(|(_, file)| dir.join(file))
        .with_context(|| format!("no table {table}"))?;
    let args = ScanArgsParquet {
        glob: false,
        ..Default::default()
    };
    let name = file
        .to_str()
        .with_context(|| format!("path {} is not UTF-8", file.display()))?;
    LazyFrame::scan_parquet(PlRefPath::new(name), args)
        .with_context(|| format!("cannot scan {}", file.display()))
}

/// Run a query on the streaming engine; `what` names it in errors.
fn collect(frame: LazyFrame, what: &str) -> Result<DataFrame> {
    frame
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .with_context(|| format!("summary: {what}"))
}

/// The string column `name` of `df`, row by row.
fn strs<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<Option<&'a str>>> {
    Ok(df
        .column(name)
        .with_context(|| format!("column {name}"))?
        .str()
        .with_context(|| format!("column {name}"))?
        .iter()
        .collect())
}

/// An integer column of any width, row by row.
fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
    let column = df
        .column(name)
        .with_context(|| format!("column {name}"))?
        .cast(&DataType::Int64)
        .with_context(|| format!("column {name}"))?;
    Ok(column
        .i64()
        .with_context(|| format!("column {name}"))?
        .iter()
        .collect())
}

/// An integer column with nulls as 0.
fn nums(df: &DataFrame, name: &str) -> Result<Vec<i64>> {
    Ok(ints(df, name)?
        .into_iter()
        .map(|v| v.unwrap_or(0))
        .collect())
}

fn counted(df: &DataFrame, key: &str) -> Result<Vec<(String, u64)>> {
    let keys = strs(df, key)?;
    let n = nums(df, "n")?;
    Ok(keys
        .into_iter()
        .zip(n)
        .map(|(k, n)| (k.unwrap_or("(null)").to_string(), n as u64))
        .collect())
}

fn count_by(frame: LazyFrame, key: &str) -> Result<Vec<(String, u64)>> {
    let df = collect(
        frame
            .group_by([col(key)])
            .agg([len().alias("n")])
            .sort([key], SortMultipleOptions::default()),
        key,
    )?;
    counted(&df, key)
}

/// Read the figures of the dataset in `dir`.
pub fn summarise(dir: &Path) -> Result<Summary> {
    if !dir.join(MANIFEST_FILE).is_file() {
        bail!(
            "{} is not an ogi dataset (it has no {MANIFEST_FILE}); give the folder `ogi build` wrote",
            dir.display()
        );
    }
    let reports = scan(dir, "reports")?;
    let mut s = Summary {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    s.by_status = count_by(reports.clone(), "status")?;
    s.by_template = count_by(reports.clone(), "template")?;
    s.reports = s.by_status.iter().map(|(_, n)| n).sum();

    // Reports per year, with those that are ok and those with a broken identity.
    let broken = scan(dir, "diagnostics")?
        .filter(col("code").eq(lit("IDENTITY_BROKEN")))
        .group_by([col("report_id")])
        .agg([len().alias("broken")]);
    let df = collect(
        reports
            .clone()
            .select([col("report_id"), col("year"), col("status")])
            .left_join(broken, col("report_id"), col("report_id"))
            .group_by([col("year")])
            .agg([
                len().alias("n"),
                col("status")
                    .eq(lit("ok"))
                    .cast(DataType::Int64)
                    .sum()
                    .alias("ok"),
                col("broken")
                    .is_not_null()
                    .cast(DataType::Int64)
                    .sum()
                    .alias("broken"),
            ])
            .sort(["year"], SortMultipleOptions::default()),
        "years",
    )?;
    let years: Vec<Option<i32>> = df.column("year")?.i32()?.iter().collect();
    let (n, ok, broken) = (nums(&df, "n")?, nums(&df, "ok")?, nums(&df, "broken")?);
    s.by_year = (0..df.height())
        .map(|i| (years[i], n[i] as u64, ok[i] as u64, broken[i] as u64))
        .collect();

    // Regions and organs: grouped by key in polars, folded to places here.
    let df = collect(
        reports
            .clone()
            .group_by([col("organ_key"), col("region")])
            .agg([
                len().alias("n"),
                col("n_errors").cast(DataType::Int64).sum().alias("errors"),
                col("n_warnings")
                    .cast(DataType::Int64)
                    .sum()
                    .alias("warnings"),
            ]),
        "organs",
    )?;
    let keys = strs(&df, "organ_key")?;
    let regions = strs(&df, "region")?;
    let (n, errors, warnings) = (
        nums(&df, "n")?,
        nums(&df, "errors")?,
        nums(&df, "warnings")?,
    );
    let mut places: std::collections::BTreeMap<String, u64> = Default::default();
    let mut organs: std::collections::BTreeMap<String, (u64, u64, u64)> = Default::default();
    for i in 0..df.height() {
        let scope = keys[i]
            .and_then(|k| k.split_once('|'))
            .map(|(scope, _)| scope.to_string())
            .filter(|scope| !scope.is_empty())
            .or_else(|| regions[i].map(str::to_string))
            .unwrap_or_else(|| "(unknown)".into());
        *places.entry(scope).or_default() += n[i] as u64;
        if let Some(key) = keys[i] {
            let o = organs.entry(key.to_string()).or_default();
            o.0 += n[i] as u64;
            o.1 += errors[i] as u64;
            o.2 += warnings[i] as u64;
        }
    }
    let mut places: Vec<(String, u64)> = places.into_iter().collect();
    places.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if places.len() > TOP {
        let rest: u64 = places[TOP..].iter().map(|(_, n)| n).sum();
        let others = places.len() - TOP;
        places.truncate(TOP);
        places.push((format!("(other {others})"), rest));
    }
    s.by_region = places;
    let mut organs: Vec<(String, u64, u64, u64)> = organs
        .into_iter()
        .filter(|(_, (_, e, w))| e + w > 0)
        .map(|(k, (n, e, w))| (k, n, e, w))
        .collect();
    organs.sort_by(|a, b| {
        (b.2 + b.3, b.2)
            .cmp(&(a.2 + a.3, a.2))
            .then_with(|| a.0.cmp(&b.0))
    });
    organs.truncate(TOP);
    s.organs = organs;

    // Cells filled vs null.
    for (table, value) in [
        ("proactive_disclosure", "value"),
        ("applications", "value"),
        ("reviews", "value"),
        ("procurement", "amount_yuan"),
    ] {
        let df = collect(
            scan(dir, table)?.select([len().alias("n"), col(value).count().alias("filled")]),
            table,
        )?;
        let n = nums(&df, "n")?.first().copied().unwrap_or(0);
        let filled = nums(&df, "filled")?.first().copied().unwrap_or(0);
        s.cells.push((table.to_string(), n as u64, filled as u64));
    }

    // Diagnostics by code.
    let df = collect(
        scan(dir, "diagnostics")?
            .group_by([col("severity"), col("code")])
            .agg([len().alias("n")]),
        "diagnostics",
    )?;
    let sev = strs(&df, "severity")?;
    let code = strs(&df, "code")?;
    let n = nums(&df, "n")?;
    let mut diags: Vec<(String, String, u64)> = (0..df.height())
        .map(|i| {
            (
                sev[i].unwrap_or_default().to_string(),
                code[i].unwrap_or_default().to_string(),
                n[i] as u64,
            )
        })
        .collect();
    diags.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    s.diagnostics = diags;

    // Distribution of the applications a report received.
    let df = collect(
        scan(dir, "applications")?
            .filter(
                col("row")
                    .eq(lit("new_received"))
                    .and(col("applicant").eq(lit("total")))
                    .and(col("value").is_not_null()),
            )
            .select([col("value")]),
        "applications received",
    )?;
    let mut buckets = vec![0u64; TOTAL_BUCKETS.len()];
    for v in nums(&df, "value")? {
        if let Some(b) = TOTAL_BUCKETS
            .iter()
            .position(|(lo, hi, _)| (*lo..=*hi).contains(&v))
        {
            buckets[b] += 1;
        }
    }
    s.totals = TOTAL_BUCKETS
        .iter()
        .zip(buckets)
        .map(|((_, _, label), n)| (*label, n))
        .collect();
    Ok(s)
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

fn year_label(y: Option<i32>) -> String {
    y.map_or("(none)".into(), |y| y.to_string())
}

/// Print rows as an aligned table; the first row is the header.
fn table(out: &mut String, title: &str, rows: &[Vec<String>]) {
    let _ = writeln!(out, "\n{title}");
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|c| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0))
        .collect();
    for (i, row) in rows.iter().enumerate() {
        let mut line = String::from("  ");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - display_width(cell);
            // Text left, figures right.
            if c == 0 {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            line.push_str("  ");
        }
        let _ = writeln!(out, "{}", line.trim_end());
        if i == 0 {
            let rule: usize = widths.iter().sum::<usize>() + 2 * widths.len();
            let _ = writeln!(out, "  {}", "-".repeat(rule.saturating_sub(2)));
        }
    }
}

/// Terminal columns taken by `s`: two for CJK characters.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if (c as u32) >= 0x1100 && !matches!(c, '–' | '—') {
                2
            } else {
                1
            }
        })
        .sum()
}

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

impl Summary {
    /// The summary as text tables for the terminal.
    pub fn to_text(&self) -> String {
        let mut out = format!("dataset {}: {} reports\n", self.dir.display(), self.reports);
        let share = |rows: &[(String, u64)], title: &str, what: &str| {
            let mut t = vec![header(&[what, "reports", "share"])];
            t.extend(
                rows.iter()
                    .map(|(k, n)| vec![k.clone(), n.to_string(), percent(*n, self.reports)]),
            );
            (title.to_string(), t)
        };
        for (title, rows) in [
            share(&self.by_status, "Reports by status", "status"),
            share(&self.by_template, "Reports by template", "template"),
        ] {
            table(&mut out, &title, &rows);
        }
        let mut t = vec![header(&["year", "reports", "ok", "identity broken"])];
        t.extend(self.by_year.iter().map(|(y, n, ok, broken)| {
            vec![
                year_label(*y),
                n.to_string(),
                percent(*ok, *n),
                broken.to_string(),
            ]
        }));
        table(&mut out, "Reports by year", &t);
        let (title, rows) = share(
            &self.by_region,
            "Reports by region (county-level place)",
            "region",
        );
        table(&mut out, &title, &rows);
        let mut t = vec![header(&["table", "cells", "with a value", "null"])];
        t.extend(self.cells.iter().map(|(name, n, filled)| {
            vec![
                name.clone(),
                n.to_string(),
                percent(*filled, *n),
                (n - filled).to_string(),
            ]
        }));
        table(&mut out, "Cells filled vs null", &t);
        let mut t = vec![header(&["code", "severity", "count"])];
        t.extend(
            self.diagnostics
                .iter()
                .map(|(sev, code, n)| vec![code.clone(), sev.clone(), n.to_string()]),
        );
        table(&mut out, "Diagnostics by code", &t);
        let mut t = vec![header(&["organ", "reports", "errors", "warnings"])];
        t.extend(
            self.organs
                .iter()
                .map(|(k, n, e, w)| vec![k.clone(), n.to_string(), e.to_string(), w.to_string()]),
        );
        table(&mut out, "Organs with the most problems", &t);
        let mut t = vec![header(&["applications received", "reports"])];
        t.extend(
            self.totals
                .iter()
                .map(|(b, n)| vec![b.to_string(), n.to_string()]),
        );
        table(&mut out, "Applications received per report (一, 总计)", &t);
        out
    }

    /// The summary as one HTML page, charts inlined as SVG.
    pub fn to_html(&self) -> Result<String> {
        let years: Vec<(String, u64)> = self
            .by_year
            .iter()
            .map(|(y, n, _, _)| (year_label(*y), *n))
            .collect();
        let broken: Vec<(String, u64)> = self
            .by_year
            .iter()
            .map(|(y, _, _, b)| (year_label(*y), *b))
            .collect();
        let totals: Vec<(String, u64)> = self
            .totals
            .iter()
            .map(|(b, n)| (b.to_string(), *n))
            .collect();
        // The chart shows the largest places; the rest are summed in the table.
        let regions: Vec<(String, u64)> = self
            .by_region
            .iter()
            .filter(|(k, _)| !k.starts_with("(other"))
            .cloned()
            .collect();
        let charts = [
            (
                "Coverage by year",
                "reports",
                bar_chart(&years, "report year", "reports", BLUE.mix(0.7))?,
            ),
            (
                "Coverage by region",
                "reports",
                bar_chart(
                    &regions,
                    "county-level place (the largest)",
                    "reports",
                    GREEN.mix(0.7),
                )?,
            ),
            (
                "Statuses",
                "reports",
                bar_chart(&self.by_status, "status", "reports", MAGENTA.mix(0.6))?,
            ),
            (
                "Identity failures",
                "reports with a broken 勾稽关系 identity",
                bar_chart(&broken, "report year", "reports", RED.mix(0.7))?,
            ),
            (
                "Applications received per report",
                "row 一 (本年新收), column 总计",
                bar_chart(&totals, "applications received", "reports", CYAN.mix(0.8))?,
            ),
        ];
        let mut html = String::new();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">{GENERATOR}\
             <title>ogi dataset summary</title><style>\
             body{{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}}\
             table{{border-collapse:collapse;margin:0.5em 0 1.5em}}\
             td,th{{border:1px solid #ccc;padding:2px 8px}}td.n{{text-align:right}}\
             figure{{display:inline-block;margin:0 1em 1em 0}}\
             figcaption{{font-weight:bold}}</style></head><body>\n\
             <h1>Dataset summary</h1><p>{} — {} reports</p>\n<h2>Charts</h2>\n",
            escape(&self.dir.display().to_string()),
            self.reports
        );
        for (title, note, svg) in &charts {
            let _ = writeln!(
                html,
                "<figure><figcaption>{}</figcaption><div>{}</div><small>{}</small></figure>",
                escape(title),
                svg,
                escape(note)
            );
        }
        html.push_str("<h2>Tables</h2>\n");
        let text_rows = |rows: &[(String, u64)]| -> Vec<Vec<String>> {
            rows.iter()
                .map(|(k, n)| vec![k.clone(), n.to_string(), percent(*n, self.reports)])
                .collect()
        };
        html_table(
            &mut html,
            "Reports by status",
            &["status", "reports", "share"],
            &text_rows(&self.by_status),
        );
        html_table(
            &mut html,
            "Reports by template",
            &["template", "reports", "share"],
            &text_rows(&self.by_template),
        );
        html_table(
            &mut html,
            "Reports by region",
            &["region", "reports", "share"],
            &text_rows(&self.by_region),
        );
        let rows: Vec<Vec<String>> = self
            .by_year
            .iter()
            .map(|(y, n, ok, b)| {
                vec![
                    year_label(*y),
                    n.to_string(),
                    percent(*ok, *n),
                    b.to_string(),
                ]
            })
            .collect();
        html_table(
            &mut html,
            "Reports by year",
            &["year", "reports", "ok", "identity broken"],
            &rows,
        );
        let rows: Vec<Vec<String>> = self
            .cells
            .iter()
            .map(|(t, n, f)| {
                vec![
                    t.clone(),
                    n.to_string(),
                    percent(*f, *n),
                    (n - f).to_string(),
                ]
            })
            .collect();
        html_table(
            &mut html,
            "Cells filled vs null",
            &["table", "cells", "with a value", "null"],
            &rows,
        );
        let rows: Vec<Vec<String>> = self
            .diagnostics
            .iter()
            .map(|(s, c, n)| vec![c.clone(), s.clone(), n.to_string()])
            .collect();
        html_table(
            &mut html,
            "Diagnostics by code",
            &["code", "severity", "count"],
            &rows,
        );
        let rows: Vec<Vec<String>> = self
            .organs
            .iter()
            .map(|(k, n, e, w)| vec![k.clone(), n.to_string(), e.to_string(), w.to_string()])
            .collect();
        html_table(
            &mut html,
            "Organs with the most problems",
            &["organ", "reports", "errors", "warnings"],
            &rows,
        );
        html.push_str("</body></html>\n");
        Ok(html)
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html_table(html: &mut String, title: &str, head: &[&str], rows: &[Vec<String>]) {
    let _ = write!(html, "<h3>{}</h3><table><tr>", escape(title));
    for h in head {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>\n");
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"n\"" };
            let _ = write!(html, "<td{class}>{}</td>", escape(cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

/// A bar chart of labelled counts, as an SVG document.
fn bar_chart(
    bars: &[(String, u64)],
    x_desc: &str,
    y_desc: &str,
    colour: RGBAColor,
) -> Result<String> {
    let fail = |e: &dyn std::fmt::Debug| anyhow!("drawing a chart: {e:?}");
    let mut svg = String::new();
    {
        let n = bars.len().max(1);
        // Wide enough for every label to be read horizontally.
        let width = (n as u32 * 68 + 90).max(520);
        let root = SVGBackend::with_string(&mut svg, (width, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(&e))?;
        let top = bars.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        // A segmented range of 0..k has k + 1 segments.
        let last = n.saturating_sub(1).max(1);
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((0..last).into_segmented(), 0u64..top + top / 10 + 1)
            .map_err(|e| fail(&e))?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) => bars.get(*i).map(|(k, _)| k.clone()).unwrap_or_default(),
            _ => String::new(),
        };
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .x_desc(x_desc)
            .y_desc(y_desc)
            .x_labels(n)
            .x_label_formatter(&label);
        mesh.draw().map_err(|e| fail(&e))?;
        chart
            .draw_series(
                Histogram::vertical(&chart)
                    .style(colour.filled())
                    .margin(3)
                    .data(bars.iter().enumerate().map(|(i, (_, v))| (i, *v))),
            )
            .map_err(|e| fail(&e))?;
        root.present().map_err(|e| fail(&e))?;
    }
    // The page already says it is HTML; drop the XML prologue if any.
    Ok(match svg.find("<svg") {
        Some(at) => svg[at..].to_string(),
        None => svg,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_charts_are_svg_with_their_labels() {
        let svg = bar_chart(
            &[("2020".into(), 3), ("2021".into(), 5)],
            "year",
            "reports",
            BLUE.mix(0.5),
        )
        .unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("2020") && svg.contains("2021"));
        assert!(svg.contains("<rect"), "bars are drawn");
    }

    #[test]
    fn text_tables_align_wide_characters() {
        assert_eq!(display_width("岚皋县"), 6);
        assert_eq!(display_width("2–5"), 3);
        let mut out = String::new();
        table(
            &mut out,
            "t",
            &[header(&["a", "n"]), vec!["岚皋县".into(), "12".into()]],
        );
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(display_width(lines[2]), display_width(lines[4]));
    }
}
