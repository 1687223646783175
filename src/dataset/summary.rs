//! `ogi summary`: what a built dataset holds and how far to trust it, as
//! tables on the terminal or as a self-contained HTML page with charts.
//!
//! The figures are polars lazy queries over the dataset's Parquet files (the
//! streaming engine: a summary of a million reports needs little memory);
//! the charts are SVG drawn with plotters and inlined in the page, which
//! therefore opens in a browser without any network. The page is made in
//! `summary_html.rs`, its charts in `summary_charts.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use anyhow::{bail, Context, Result};
use polars::prelude::{
    col, len, lit, DataFrame, DataType, Engine, Expr, LazyFrame, PlRefPath, ScanArgsParquet,
    SortMultipleOptions,
};

use crate::contract::{MANIFEST_FILE, TABLES};

/// The mark of a page `ogi summary --html` wrote, in its head: a later
/// summary may replace such a page, and no other file.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"ogi summary\">";

/// The statuses, in the order the charts stack them.
pub const STATUSES: [&str; 4] = ["ok", "partial", "not_a_report", "failed"];

/// Reports per status, in the order of [`STATUSES`].
pub type Shares = [u64; 4];

/// How many examples of a diagnostic code the report shows.
const EXAMPLES: usize = 3;

/// How many organs the lists show.
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

/// A document that shows a diagnostic code.
#[derive(Debug, Clone)]
pub struct Example {
    pub path: String,
    pub member: Option<String>,
    pub message: String,
}

/// One diagnostic code: how often, in how many reports, and where to look.
#[derive(Debug, Clone)]
pub struct CodeFigures {
    pub severity: String,
    pub code: String,
    pub rows: u64,
    pub reports: u64,
    pub examples: Vec<Example>,
}

/// The figures of one dataset.
#[derive(Debug, Default)]
pub struct Summary {
    pub dir: PathBuf,
    pub reports: u64,
    pub by_status: Vec<(String, u64)>,
    pub by_template: Vec<(String, u64)>,
    /// Reports per status, by year, province, format and template.
    pub status_by_year: Vec<(String, Shares)>,
    pub status_by_province: Vec<(String, Shares)>,
    pub status_by_format: Vec<(String, Shares)>,
    pub status_by_template: Vec<(String, Shares)>,
    /// Year, province, reports per status: the heat map's cells.
    pub status_by_year_province: Vec<(String, String, Shares)>,
    /// Year, reports read (ok or partial), of which with a broken identity.
    pub identity_by_year: Vec<(String, u64, u64)>,
    /// Reports read, of which with a region code.
    pub coded: (u64, u64),
    /// Table, rows, (column, cells with a value).
    pub fill: Vec<(String, u64, Vec<(String, u64)>)>,
    /// Every diagnostic code, most reports first.
    pub diagnostics: Vec<CodeFigures>,
    /// Organ key, reports, errors, warnings; most problems first.
    pub organs: Vec<(String, u64, u64, u64)>,
    /// Reports per bucket of applications received (row 一, column 总计).
    pub totals: Vec<(&'static str, u64)>,
    /// Reports whose applications received are far from their organ's
    /// other years (see [`ODD_RATIO`]): how many, and the largest.
    pub odd_total: u64,
    pub odd: Vec<Odd>,
}

/// A report's applications received set beside its organ's years.
#[derive(Debug, Clone)]
pub struct Odd {
    pub organ: String,
    pub year: i64,
    pub value: i64,
    /// The median over the organ's years, this one included.
    pub median: f64,
    pub years: u64,
    pub path: String,
    pub member: Option<String>,
}

/// A value at least this many times its organ's median, or at most its
/// median divided by it, is far outside the organ's other years, where the
/// larger of the two is at least [`ODD_FLOOR`] and the organ has
/// [`ODD_YEARS`] years or more.
pub const ODD_RATIO: f64 = 10.0;
pub const ODD_FLOOR: f64 = 100.0;
pub const ODD_YEARS: u64 = 3;

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

/// Whether a report was read (status ok or partial).
fn read() -> Expr {
    col("status")
        .eq(lit("ok"))
        .or(col("status").eq(lit("partial")))
}

/// A key column as text; null as `none`.
fn label(v: Option<&str>, none: &str) -> String {
    v.unwrap_or(none).to_string()
}

/// Reports per status for each value of `keys` (as text).
fn statuses(
    reports: &LazyFrame,
    keys: &[Expr],
    what: &str,
) -> Result<Vec<(Vec<Option<String>>, Shares)>> {
    let names: Vec<String> = (0..keys.len()).map(|i| format!("k{i}")).collect();
    let mut by: Vec<Expr> = keys
        .iter()
        .zip(&names)
        .map(|(k, n)| k.clone().cast(DataType::String).alias(n.as_str()))
        .collect();
    by.push(col("status"));
    let df = collect(reports.clone().group_by(by).agg([len().alias("n")]), what)?;
    let columns: Vec<Vec<Option<&str>>> =
        names.iter().map(|n| strs(&df, n)).collect::<Result<_>>()?;
    let status = strs(&df, "status")?;
    let n = nums(&df, "n")?;
    let mut out: BTreeMap<Vec<Option<String>>, Shares> = BTreeMap::new();
    for i in 0..df.height() {
        let key: Vec<Option<String>> = columns.iter().map(|c| c[i].map(str::to_string)).collect();
        let at = STATUSES
            .iter()
            .position(|s| Some(*s) == status[i])
            .unwrap_or(STATUSES.len() - 1);
        out.entry(key).or_default()[at] += n[i] as u64;
    }
    Ok(out.into_iter().collect())
}

/// Years ascending, the reports without one last.
fn by_year(rows: Vec<(Vec<Option<String>>, Shares)>) -> Vec<(String, Shares)> {
    let mut rows: Vec<(Option<String>, Shares)> =
        rows.into_iter().map(|(k, s)| (k[0].clone(), s)).collect();
    rows.sort_by_key(|(y, _)| (y.is_none(), y.clone()));
    rows.into_iter()
        .map(|(y, s)| (label(y.as_deref(), "(none)"), s))
        .collect()
}

/// The most reports first, the null key last.
fn by_size(rows: Vec<(Vec<Option<String>>, Shares)>, none: &str) -> Vec<(String, Shares)> {
    let mut rows: Vec<(Option<String>, Shares)> =
        rows.into_iter().map(|(k, s)| (k[0].clone(), s)).collect();
    rows.sort_by(|a, b| {
        (
            a.0.is_none(),
            std::cmp::Reverse(a.1.iter().sum::<u64>()),
            &a.0,
        )
            .cmp(&(
                b.0.is_none(),
                std::cmp::Reverse(b.1.iter().sum::<u64>()),
                &b.0,
            ))
    });
    rows.into_iter()
        .map(|(k, s)| (label(k.as_deref(), none), s))
        .collect()
}

/// Read the figures of the dataset in `dir`.
pub fn summarise(dir: &Path) -> Result<Summary> {
    if !dir.join(MANIFEST_FILE).is_file() {
        bail!(
            "{} is not an ogi dataset (it has no {MANIFEST_FILE}); give the folder `ogi build` wrote",
            dir.display()
        );
    }
    let mut reports = scan(dir, "reports")?;
    let has_province = reports
        .collect_schema()
        .context("summary: the reports schema")?
        .contains("province");
    let mut s = Summary {
        dir: dir.to_path_buf(),
        ..Default::default()
    };
    s.by_status = count_by(reports.clone(), "status")?;
    s.by_template = count_by(reports.clone(), "template")?;
    s.reports = s.by_status.iter().map(|(_, n)| n).sum();

    let province = if has_province {
        col("province")
    } else {
        lit(polars::prelude::NULL).cast(DataType::String)
    };
    s.status_by_year = by_year(statuses(&reports, &[col("year")], "status by year")?);
    s.status_by_province = by_size(
        statuses(
            &reports,
            std::slice::from_ref(&province),
            "status by province",
        )?,
        "(no code)",
    );
    s.status_by_format = by_size(
        statuses(&reports, &[col("format")], "status by format")?,
        "(none)",
    );
    s.status_by_template = by_size(
        statuses(&reports, &[col("template")], "status by template")?,
        "(none)",
    );
    s.status_by_year_province = statuses(
        &reports,
        &[col("year"), province],
        "status by year and province",
    )?
    .into_iter()
    .map(|(k, v)| {
        (
            label(k[0].as_deref(), "(none)"),
            label(k[1].as_deref(), "(no code)"),
            v,
        )
    })
    .collect();

    // Identity failures per year, among the reports read.
    let broken = scan(dir, "diagnostics")?
        .filter(col("code").eq(lit("IDENTITY_BROKEN")))
        .group_by([col("report_id")])
        .agg([len().alias("broken")]);
    let df = collect(
        reports
            .clone()
            .filter(read())
            .select([col("report_id"), col("year")])
            .left_join(broken, col("report_id"), col("report_id"))
            .group_by([col("year")])
            .agg([
                len().alias("n"),
                col("broken")
                    .is_not_null()
                    .cast(DataType::Int64)
                    .sum()
                    .alias("broken"),
            ])
            .sort(
                ["year"],
                SortMultipleOptions::default().with_nulls_last(true),
            ),
        "identity failures by year",
    )?;
    let years = ints(&df, "year")?;
    let (n, broken) = (nums(&df, "n")?, nums(&df, "broken")?);
    s.identity_by_year = (0..df.height())
        .map(|i| {
            (
                years[i].map_or("(none)".into(), |y| y.to_string()),
                n[i] as u64,
                broken[i] as u64,
            )
        })
        .collect();

    if has_province {
        let df = collect(
            reports
                .clone()
                .filter(read())
                .select([len().alias("n"), col("region_code").count().alias("coded")]),
            "region codes",
        )?;
        s.coded = (
            nums(&df, "n")?.first().copied().unwrap_or(0) as u64,
            nums(&df, "coded")?.first().copied().unwrap_or(0) as u64,
        );
    }

    // Organs with the most problems.
    let df = collect(
        reports
            .clone()
            .filter(col("organ_key").is_not_null())
            .group_by([col("organ_key")])
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
    let (n, errors, warnings) = (
        nums(&df, "n")?,
        nums(&df, "errors")?,
        nums(&df, "warnings")?,
    );
    let mut organs: Vec<(String, u64, u64, u64)> = (0..df.height())
        .filter(|&i| errors[i] + warnings[i] > 0)
        .map(|i| {
            (
                keys[i].unwrap_or_default().to_string(),
                n[i] as u64,
                errors[i] as u64,
                warnings[i] as u64,
            )
        })
        .collect();
    organs.sort_by(|a, b| {
        (b.2 + b.3, b.2)
            .cmp(&(a.2 + a.3, a.2))
            .then_with(|| a.0.cmp(&b.0))
    });
    organs.truncate(TOP);
    s.organs = organs;

    // Cells with a value, per column of every table.
    for (table, file) in TABLES {
        let mut frame = scan(dir, table)?;
        let schema = frame
            .collect_schema()
            .with_context(|| format!("summary: the {table} schema"))?;
        let columns: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
        // The footers answer for most columns without reading a value; the
        // rest (lists, chunks without statistics) are counted by a query.
        let footer = super::read::footer_counts(&dir.join(file));
        let known = |c: &str| footer.as_ref().and_then(|(_, f)| f.get(c).copied());
        let mut exprs = vec![len().alias("__rows")];
        exprs.extend(
            columns
                .iter()
                .filter(|c| known(c).is_none())
                .map(|c| col(c.as_str()).count().alias(c.as_str())),
        );
        let df = match &footer {
            Some(_) if exprs.len() == 1 => None,
            _ => Some(collect(frame.select(exprs), table)?),
        };
        let rows = match (&footer, &df) {
            (Some((rows, _)), _) => *rows,
            (None, Some(df)) => nums(df, "__rows")?.first().copied().unwrap_or(0) as u64,
            (None, None) => 0,
        };
        let filled = columns
            .iter()
            .map(|c| {
                let n = match (known(c), &df) {
                    (Some(n), _) => n,
                    (None, Some(df)) => nums(df, c)?.first().copied().unwrap_or(0) as u64,
                    (None, None) => 0,
                };
                Ok((c.clone(), n))
            })
            .collect::<Result<Vec<_>>>()?;
        s.fill.push((table.to_string(), rows, filled));
    }

    s.diagnostics = diagnostic_codes(dir, &reports)?;
    s.totals = received(dir)?;
    (s.odd_total, s.odd) = odd_values(dir, &reports)?;
    Ok(s)
}

/// Every diagnostic code with its counts and the first documents (in path
/// order) that show it.
fn diagnostic_codes(dir: &Path, reports: &LazyFrame) -> Result<Vec<CodeFigures>> {
    let diagnostics = scan(dir, "diagnostics")?;
    let df = collect(
        diagnostics
            .clone()
            .group_by([col("severity"), col("code")])
            .agg([
                len().alias("n"),
                col("report_id").n_unique().alias("reports"),
            ]),
        "diagnostics",
    )?;
    let (sev, code) = (strs(&df, "severity")?, strs(&df, "code")?);
    let (n, in_reports) = (nums(&df, "n")?, nums(&df, "reports")?);
    let mut codes: Vec<CodeFigures> = (0..df.height())
        .map(|i| CodeFigures {
            severity: sev[i].unwrap_or_default().to_string(),
            code: code[i].unwrap_or_default().to_string(),
            rows: n[i] as u64,
            reports: in_reports[i] as u64,
            examples: Vec::new(),
        })
        .collect();
    codes.sort_by(|a, b| b.reports.cmp(&a.reports).then_with(|| a.code.cmp(&b.code)));

    let df = collect(
        diagnostics
            .group_by([col("code"), col("report_id")])
            .agg([col("message").first().alias("message")])
            .inner_join(
                reports
                    .clone()
                    .select([col("report_id"), col("source_path"), col("member")]),
                col("report_id"),
                col("report_id"),
            )
            .sort(
                ["code", "source_path", "member"],
                SortMultipleOptions::default(),
            )
            .group_by_stable([col("code")])
            .head(Some(EXAMPLES)),
        "diagnostic examples",
    )?;
    let (code, path) = (strs(&df, "code")?, strs(&df, "source_path")?);
    let (member, message) = (strs(&df, "member")?, strs(&df, "message")?);
    for i in 0..df.height() {
        if let Some(c) = codes.iter_mut().find(|c| Some(c.code.as_str()) == code[i]) {
            if c.examples.len() < EXAMPLES {
                c.examples.push(Example {
                    path: path[i].unwrap_or_default().to_string(),
                    member: member[i].map(str::to_string),
                    message: message[i].unwrap_or_default().to_string(),
                });
            }
        }
    }
    Ok(codes)
}

/// The canonical reports read whose applications received (row 一,
/// column 总计) are far outside their organ's other years: how many, and
/// the farthest first.
fn odd_values(dir: &Path, reports: &LazyFrame) -> Result<(u64, Vec<Odd>)> {
    let received = scan(dir, "applications")?
        .filter(
            col("row")
                .eq(lit("new_received"))
                .and(col("applicant").eq(lit("total")))
                .and(col("value").is_not_null()),
        )
        .select([col("report_id"), col("value").cast(DataType::Float64)]);
    let base = reports
        .clone()
        .filter(
            read()
                .and(col("canonical").eq(lit(true)))
                .and(col("organ_key").is_not_null())
                .and(col("year").is_not_null()),
        )
        .select([
            col("report_id"),
            col("organ_key"),
            col("year"),
            col("source_path"),
            col("member"),
        ])
        .inner_join(received, col("report_id"), col("report_id"));
    let organs = base
        .clone()
        .group_by([col("organ_key")])
        .agg([len().alias("years"), col("value").median().alias("median")]);
    let value = col("value");
    let median = col("median");
    let far = value
        .clone()
        .gt_eq(median.clone() * lit(ODD_RATIO))
        .and(value.clone().gt_eq(lit(ODD_FLOOR)))
        .or((value * lit(ODD_RATIO))
            .lt_eq(median.clone())
            .and(median.gt_eq(lit(ODD_FLOOR))));
    let df = collect(
        base.inner_join(organs, col("organ_key"), col("organ_key"))
            .filter(col("years").gt_eq(lit(ODD_YEARS as i64)).and(far))
            .sort(["organ_key", "year"], SortMultipleOptions::default()),
        "values far from their organ's years",
    )?;
    let (organ, path, member) = (
        strs(&df, "organ_key")?,
        strs(&df, "source_path")?,
        strs(&df, "member")?,
    );
    let (year, years) = (nums(&df, "year")?, nums(&df, "years")?);
    let floats = |name: &str| -> Result<Vec<f64>> {
        Ok(df
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .map(|v| v.unwrap_or(0.0))
            .collect())
    };
    let (values, medians) = (floats("value")?, floats("median")?);
    let mut odd: Vec<Odd> = (0..df.height())
        .map(|i| Odd {
            organ: organ[i].unwrap_or_default().to_string(),
            year: year[i],
            value: values[i] as i64,
            median: medians[i],
            years: years[i] as u64,
            path: path[i].unwrap_or_default().to_string(),
            member: member[i].map(str::to_string),
        })
        .collect();
    let distance = |o: &Odd| {
        let (v, m) = (o.value as f64 + 1.0, o.median + 1.0);
        (v / m).max(m / v)
    };
    let total = odd.len() as u64;
    odd.sort_by(|a, b| distance(b).total_cmp(&distance(a)));
    odd.truncate(TOP);
    Ok((total, odd))
}

/// Reports per bucket of applications received.
fn received(dir: &Path) -> Result<Vec<(&'static str, u64)>> {
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
    Ok(TOTAL_BUCKETS
        .iter()
        .zip(buckets)
        .map(|((_, _, label), n)| (*label, n))
        .collect())
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
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
        let share = |rows: &[(String, u64)], what: &str| {
            let mut t = vec![header(&[what, "reports", "share"])];
            t.extend(
                rows.iter()
                    .map(|(k, n)| vec![k.clone(), n.to_string(), percent(*n, self.reports)]),
            );
            t
        };
        table(
            &mut out,
            "Reports by status",
            &share(&self.by_status, "status"),
        );
        table(
            &mut out,
            "Reports by template",
            &share(&self.by_template, "template"),
        );
        let shares = |rows: &[(String, Shares)], what: &str| {
            let mut t = vec![header(&[
                what,
                "reports",
                "ok",
                "partial",
                "not a report",
                "failed",
            ])];
            t.extend(rows.iter().map(|(k, v)| {
                let n: u64 = v.iter().sum();
                let mut row = vec![k.clone(), n.to_string()];
                row.extend(v.iter().map(|x| percent(*x, n)));
                row
            }));
            t
        };
        table(
            &mut out,
            "Reports by year",
            &shares(&self.status_by_year, "year"),
        );
        table(
            &mut out,
            "Reports by province",
            &shares(&self.status_by_province, "province"),
        );
        table(
            &mut out,
            "Reports by format",
            &shares(&self.status_by_format, "format"),
        );
        let mut t = vec![header(&["year", "reports read", "identity broken"])];
        t.extend(
            self.identity_by_year
                .iter()
                .map(|(y, n, b)| vec![y.clone(), n.to_string(), percent(*b, *n)]),
        );
        table(&mut out, "Identity failures by year", &t);
        let _ = writeln!(
            out,
            "\nRegion codes: {} of {} reports read ({})",
            self.coded.1,
            self.coded.0,
            percent(self.coded.1, self.coded.0)
        );
        let mut t = vec![header(&["table", "cells", "with a value", "null"])];
        let facts = [
            "proactive_disclosure",
            "applications",
            "reviews",
            "procurement",
        ];
        for (name, rows, columns) in self.fill.iter().filter(|f| facts.contains(&f.0.as_str())) {
            let (n, filled) = self.cells_of(name, *rows, columns);
            t.push(vec![
                name.clone(),
                n.to_string(),
                percent(filled, n),
                (n - filled).to_string(),
            ]);
        }
        table(&mut out, "Cells filled vs null", &t);
        let mut t = vec![header(&[
            "code",
            "severity",
            "reports",
            "share of reports",
            "rows",
        ])];
        t.extend(self.diagnostics.iter().map(|c| {
            vec![
                c.code.clone(),
                c.severity.clone(),
                c.reports.to_string(),
                percent(c.reports, self.reports),
                c.rows.to_string(),
            ]
        }));
        table(&mut out, "Diagnostics by code", &t);
        let mut t = vec![header(&[
            "organ",
            "year",
            "received",
            "organ's median",
            "document",
        ])];
        t.extend(self.odd.iter().map(|o| {
            vec![
                o.organ.clone(),
                o.year.to_string(),
                o.value.to_string(),
                format!("{:.1}", o.median),
                match &o.member {
                    Some(m) => format!("{}!{m}", o.path),
                    None => o.path.clone(),
                },
            ]
        }));
        table(
            &mut out,
            &format!(
                "Applications received far outside the organ's other years: {} reports",
                self.odd_total
            ),
            &t,
        );
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

    /// The value cells of a fact table (its `value` column, procurement's
    /// `amount_yuan`): cells, with a value.
    pub fn cells_of(&self, table: &str, rows: u64, columns: &[(String, u64)]) -> (u64, u64) {
        let value = if table == "procurement" {
            "amount_yuan"
        } else {
            "value"
        };
        let filled = columns
            .iter()
            .find(|(c, _)| c == value)
            .map_or(rows, |(_, f)| *f);
        (rows, filled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
