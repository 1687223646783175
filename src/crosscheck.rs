//! Checks across reports: what only shows when one report is set beside the
//! same organ's other reports. Runs once per build, after every document's
//! rows are written, as polars lazy queries over the written Parquet files
//! (the streaming engine, so memory follows the size of the findings, not of
//! the archive).
//!
//! Reports are matched by [`organ::organ_key`]; only reports that were read
//! (`ok` or `partial`) with a year and a key take part. Findings, each a
//! diagnostic on the report it concerns:
//!
//! - [`REPOST`] (info): two or more documents for the same organ and year.
//!   One is kept as canonical, by this rule: status `ok` before `partial`,
//!   then fewer errors, then fewer warnings, then the first in path order
//!   (`source_path`, then `member`). Every other one gets this diagnostic
//!   and `canonical = false` in `reports`.
//! - [`CARRY_MISMATCH`] (warning): for an organ's canonical reports of
//!   consecutive years, the later year's 上年结转 (`carried_over`) differs
//!   from the earlier year's 结转下年度 (`carried_forward`) in an applicant
//!   column where both are printed. One diagnostic per column.
//! - [`YEAR_GAP`] (info): the organ has canonical reports before and after
//!   a run of years it has none for; on the report after the gap.
//!
//! The findings never change a value: they are diagnostics.

pub mod organ;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use polars::prelude::{
    col, len, lit, when, DataFrame, DataType, Engine, Expr, JoinArgs, JoinType, LazyFrame,
    PlRefPath, ScanArgsParquet, SortMultipleOptions,
};

use crate::model::{Severity, APPLICANTS};

pub const REPOST: &str = "REPOST";
pub const CARRY_MISMATCH: &str = "CARRY_MISMATCH";
pub const YEAR_GAP: &str = "YEAR_GAP";

/// Every code this stage writes: a merge drops them from its parts and
/// finds them again over the whole dataset.
pub const CODES: [&str; 3] = [REPOST, CARRY_MISMATCH, YEAR_GAP];

/// One diagnostic found across reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub report_id: String,
    /// For the order in which findings are written.
    pub source_path: String,
    pub member: Option<String>,
    pub severity: Severity,
    pub code: &'static str,
    pub table: &'static str,
    pub location: String,
    pub message: String,
}

/// What the stage found.
#[derive(Debug, Default)]
pub struct Outcome {
    /// In path order, then code and location.
    pub findings: Vec<Finding>,
    /// Reports displaced by another document of the same organ and year.
    pub not_canonical: HashSet<String>,
}

impl Outcome {
    /// Warnings found per report, to add to `n_warnings`.
    pub fn warnings(&self) -> HashMap<&str, i32> {
        let mut out: HashMap<&str, i32> = HashMap::new();
        for f in &self.findings {
            if f.severity == Severity::Warning {
                *out.entry(f.report_id.as_str()).or_default() += 1;
            }
        }
        out
    }
}

/// A lazy scan of one Parquet file (no globbing: the path is taken as is).
pub(crate) fn scan(path: &Path) -> Result<LazyFrame> {
    let args = ScanArgsParquet {
        glob: false,
        ..Default::default()
    };
    let name = path
        .to_str()
        .with_context(|| format!("path {} is not UTF-8", path.display()))?;
    LazyFrame::scan_parquet(PlRefPath::new(name), args)
        .with_context(|| format!("cannot scan {}", path.display()))
}

/// Run a query on the streaming engine; `what` names it in errors.
pub(crate) fn collect(frame: LazyFrame, what: &str) -> Result<DataFrame> {
    frame
        .collect_with_engine(Engine::Streaming)
        .map(|r| r.unwrap_single())
        .with_context(|| what.to_string())
}

/// The string column `name` of `df`, row by row.
pub(crate) fn strings<'a>(df: &'a DataFrame, name: &str) -> Result<Vec<Option<&'a str>>> {
    Ok(df
        .column(name)
        .with_context(|| format!("column {name}"))?
        .str()
        .with_context(|| format!("column {name}"))?
        .iter()
        .collect())
}

/// An integer column of any width, row by row.
pub(crate) fn ints(df: &DataFrame, name: &str) -> Result<Vec<Option<i64>>> {
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

/// Run the checks over a build's `reports` (with its `organ_key` column)
/// and `applications` tables.
pub fn run(reports: &Path, applications: &Path) -> Result<Outcome> {
    let read = scan(reports)?
        .select([
            col("report_id"),
            col("source_path"),
            col("member"),
            col("organ_key"),
            col("year"),
            col("status"),
            col("n_errors"),
            col("n_warnings"),
        ])
        .filter(
            col("organ_key")
                .is_not_null()
                .and(col("year").is_not_null())
                .and(
                    col("status")
                        .eq(lit("ok"))
                        .or(col("status").eq(lit("partial"))),
                ),
        )
        .with_column(
            when(col("status").eq(lit("ok")))
                .then(lit(0i32))
                .otherwise(lit(1i32))
                .alias("rank"),
        );

    // One row per organ and year: how many documents, and the canonical one.
    let order = [
        col("rank"),
        col("n_errors"),
        col("n_warnings"),
        col("source_path"),
        col("member"),
    ];
    let first = |c: &str| {
        col(c)
            .sort_by(
                order.clone(),
                SortMultipleOptions::default().with_nulls_last(false),
            )
            .first()
    };
    let groups = read.clone().group_by([col("organ_key"), col("year")]).agg([
        len().alias("documents"),
        first("report_id").alias("canonical_id"),
        first("source_path").alias("canonical_path"),
        first("member").alias("canonical_member"),
    ]);

    let mut findings = Vec::new();
    let mut not_canonical = HashSet::new();

    // Re-posts.
    let reposts = collect(
        read.clone()
            .join(
                groups.clone().filter(col("documents").gt(lit(1u32))),
                cols_key(),
                cols_key(),
                JoinArgs::new(JoinType::Inner),
            )
            .filter(col("report_id").neq(col("canonical_id"))),
        "cross-report check: re-posts",
    )?;
    {
        let ids = strings(&reposts, "report_id")?;
        let paths = strings(&reposts, "source_path")?;
        let members = strings(&reposts, "member")?;
        let keys = strings(&reposts, "organ_key")?;
        let years = ints(&reposts, "year")?;
        let canon = strings(&reposts, "canonical_id")?;
        let canon_path = strings(&reposts, "canonical_path")?;
        let canon_member = strings(&reposts, "canonical_member")?;
        let counts = ints(&reposts, "documents")?;
        for i in 0..reposts.height() {
            let (Some(id), Some(path)) = (ids[i], paths[i]) else {
                continue;
            };
            not_canonical.insert(id.to_string());
            let kept = place(canon_path[i].unwrap_or(""), canon_member[i]);
            findings.push(Finding {
                report_id: id.to_string(),
                source_path: path.to_string(),
                member: members[i].map(str::to_string),
                severity: Severity::Info,
                code: REPOST,
                table: "reports",
                location: format!("canonical/{}", canon[i].unwrap_or("")),
                message: format!(
                    "{} documents report for organ {} and year {}; the one kept as canonical is {kept}",
                    counts[i].unwrap_or(0),
                    keys[i].unwrap_or(""),
                    years[i].unwrap_or(0),
                ),
            });
        }
    }

    // The canonical report of each organ and year.
    let canonical = groups.select([
        col("organ_key"),
        col("year"),
        col("canonical_id").alias("report_id"),
        col("canonical_path").alias("source_path"),
        col("canonical_member").alias("member"),
    ]);

    // Carries from one year to the next. Each report's two carry rows are
    // first folded into one row with a column per applicant, so that the
    // joins below are over reports, never over cells.
    let carried = scan(applications)?
        .select([col("report_id"), col("row"), col("applicant"), col("value")])
        .filter(
            col("value").is_not_null().and(
                col("row")
                    .eq(lit("carried_over"))
                    .or(col("row").eq(lit("carried_forward"))),
            ),
        );
    let wide = |row: &str, prefix: &str| {
        carried
            .clone()
            .filter(col("row").eq(lit(row)))
            .group_by([col("report_id")])
            .agg(
                APPLICANTS
                    .iter()
                    .map(|a| {
                        col("value")
                            .filter(col("applicant").eq(lit(*a)))
                            .first()
                            .alias(format!("{prefix}{a}"))
                    })
                    .collect::<Vec<_>>(),
            )
    };
    // (later report, the organ's report of the year before).
    let pairs = canonical
        .clone()
        .select([
            col("organ_key"),
            (col("year") - lit(1i32)).alias("year"),
            col("report_id"),
            col("source_path"),
            col("member"),
        ])
        .join(
            canonical.clone().select([
                col("organ_key"),
                col("year"),
                col("report_id").alias("previous_id"),
                col("source_path").alias("previous_path"),
                col("member").alias("previous_member"),
            ]),
            cols_key(),
            cols_key(),
            JoinArgs::new(JoinType::Inner),
        );
    let differs = APPLICANTS
        .iter()
        .map(|a| col(format!("over_{a}")).neq(col(format!("forward_{a}"))))
        .reduce(|x, y| x.or(y))
        .expect("applicants");
    let mismatches = collect(
        pairs
            .join(
                wide("carried_over", "over_"),
                [col("report_id")],
                [col("report_id")],
                JoinArgs::new(JoinType::Inner),
            )
            .join(
                wide("carried_forward", "forward_"),
                [col("previous_id")],
                [col("report_id")],
                JoinArgs::new(JoinType::Inner),
            )
            .filter(differs),
        "cross-report check: carries",
    )?;
    {
        let ids = strings(&mismatches, "report_id")?;
        let paths = strings(&mismatches, "source_path")?;
        let members = strings(&mismatches, "member")?;
        let years = ints(&mismatches, "year")?;
        let prev_paths = strings(&mismatches, "previous_path")?;
        let prev_members = strings(&mismatches, "previous_member")?;
        for applicant in APPLICANTS {
            let overs = ints(&mismatches, &format!("over_{applicant}"))?;
            let forwards = ints(&mismatches, &format!("forward_{applicant}"))?;
            for i in 0..mismatches.height() {
                let (Some(id), Some(path), Some(over), Some(forward)) =
                    (ids[i], paths[i], overs[i], forwards[i])
                else {
                    continue;
                };
                if over == forward {
                    continue;
                }
                // `year` is the earlier one.
                let previous_year = years[i].unwrap_or(0);
                findings.push(Finding {
                    report_id: id.to_string(),
                    source_path: path.to_string(),
                    member: members[i].map(str::to_string),
                    severity: Severity::Warning,
                    code: CARRY_MISMATCH,
                    table: "applications",
                    location: format!("carried_over/{applicant}"),
                    message: format!(
                        "上年结转 ({applicant}) is {over} here, but the same organ's \
                         {previous_year} report ({}) carried forward {forward}",
                        place(prev_paths[i].unwrap_or(""), prev_members[i]),
                    ),
                });
            }
        }
    }

    // Years missing between two reports of an organ.
    let previous_year = col("year")
        .shift(lit(1))
        .over([col("organ_key")])
        .context("cross-report check: year gaps")?
        .alias("previous_year");
    let gaps = collect(
        canonical
            .sort(["organ_key", "year"], SortMultipleOptions::default())
            .with_column(previous_year)
            .filter(
                col("previous_year")
                    .is_not_null()
                    .and((col("year") - col("previous_year")).gt(lit(1i32))),
            ),
        "cross-report check: year gaps",
    )?;
    {
        let ids = strings(&gaps, "report_id")?;
        let paths = strings(&gaps, "source_path")?;
        let members = strings(&gaps, "member")?;
        let keys = strings(&gaps, "organ_key")?;
        let years = ints(&gaps, "year")?;
        let previous = ints(&gaps, "previous_year")?;
        for i in 0..gaps.height() {
            let (Some(id), Some(path), Some(year), Some(prev)) =
                (ids[i], paths[i], years[i], previous[i])
            else {
                continue;
            };
            let missing = if year - prev == 2 {
                format!("{}", prev + 1)
            } else {
                format!("{}–{}", prev + 1, year - 1)
            };
            findings.push(Finding {
                report_id: id.to_string(),
                source_path: path.to_string(),
                member: members[i].map(str::to_string),
                severity: Severity::Info,
                code: YEAR_GAP,
                table: "reports",
                location: format!("years/{}-{}", prev + 1, year - 1),
                message: format!(
                    "no report of organ {} for {missing}, between its {prev} and {year} reports",
                    keys[i].unwrap_or("")
                ),
            });
        }
    }

    findings.sort_by(|a, b| {
        (&a.source_path, &a.member, a.code, &a.location, &a.report_id).cmp(&(
            &b.source_path,
            &b.member,
            b.code,
            &b.location,
            &b.report_id,
        ))
    });
    Ok(Outcome {
        findings,
        not_canonical,
    })
}

fn cols_key() -> [Expr; 2] {
    [col("organ_key"), col("year")]
}

/// `path` or `path!member`, as in `duplicate_paths`.
fn place(path: &str, member: Option<&str>) -> String {
    match member {
        Some(m) => format!("{path}!{m}"),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray};
    use parquet::arrow::ArrowWriter;
    use std::sync::Arc;

    /// (id, path, organ_key, year, status, errors)
    type Report<'a> = (&'a str, &'a str, Option<&'a str>, Option<i32>, &'a str, i32);

    fn write(path: &Path, columns: Vec<(&str, ArrayRef)>) {
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let file = std::fs::File::create(path).unwrap();
        let mut w = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }

    fn run_on(reports: &[Report], cells: &[(&str, &str, &str, i64)]) -> Outcome {
        let dir = tempfile::tempdir().unwrap();
        let strs = |f: &dyn Fn(&Report) -> Option<String>| -> ArrayRef {
            Arc::new(reports.iter().map(f).collect::<StringArray>())
        };
        write(
            &dir.path().join("r.parquet"),
            vec![
                ("report_id", strs(&|r| Some(r.0.into()))),
                ("source_path", strs(&|r| Some(r.1.into()))),
                ("member", strs(&|_| None)),
                ("organ_key", strs(&|r| r.2.map(Into::into))),
                (
                    "year",
                    Arc::new(reports.iter().map(|r| r.3).collect::<Int32Array>()),
                ),
                ("status", strs(&|r| Some(r.4.into()))),
                (
                    "n_errors",
                    Arc::new(reports.iter().map(|r| Some(r.5)).collect::<Int32Array>()),
                ),
                (
                    "n_warnings",
                    Arc::new(Int32Array::from(vec![0; reports.len()])),
                ),
            ],
        );
        let col = |i: usize| -> ArrayRef {
            Arc::new(
                cells
                    .iter()
                    .map(|c| Some([c.0, c.1, c.2][i]))
                    .collect::<StringArray>(),
            )
        };
        write(
            &dir.path().join("a.parquet"),
            vec![
                ("report_id", col(0)),
                ("row", col(1)),
                ("applicant", col(2)),
                (
                    "value",
                    Arc::new(cells.iter().map(|c| Some(c.3)).collect::<Int64Array>()),
                ),
            ],
        );
        run(&dir.path().join("r.parquet"), &dir.path().join("a.parquet")).unwrap()
    }

    fn codes(o: &Outcome) -> Vec<(&str, &str, &str)> {
        o.findings
            .iter()
            .map(|f| (f.report_id.as_str(), f.code, f.location.as_str()))
            .collect()
    }

    #[test]
    fn broken_carries_are_found_per_column() {
        let k = Some("岚皋县|四季镇");
        let o = run_on(
            &[
                ("a", "x/2020.txt", k, Some(2020), "ok", 0),
                ("b", "x/2021.txt", k, Some(2021), "ok", 0),
                ("c", "x/2022.txt", k, Some(2022), "partial", 1),
            ],
            &[
                ("a", "carried_forward", "natural_person", 3),
                ("a", "carried_forward", "total", 3),
                ("b", "carried_over", "natural_person", 3),
                ("b", "carried_over", "total", 3),
                ("b", "carried_forward", "natural_person", 0),
                ("b", "carried_forward", "total", 1),
                ("c", "carried_over", "natural_person", 2),
                ("c", "carried_over", "total", 1),
            ],
        );
        assert_eq!(
            codes(&o),
            [("c", CARRY_MISMATCH, "carried_over/natural_person")]
        );
        assert_eq!(o.warnings().get("c"), Some(&1));
        assert!(o.not_canonical.is_empty());
    }

    #[test]
    fn reposts_keep_the_best_reading_and_gaps_are_reported() {
        let k = Some("|岚皋县教育局");
        let o = run_on(
            &[
                ("p", "y/2019.txt", k, Some(2019), "ok", 0),
                ("q", "y/a/2022.html", k, Some(2022), "partial", 2),
                ("r", "y/b/2022.txt", k, Some(2022), "ok", 0),
                ("s", "y/c/2022.txt", k, Some(2022), "ok", 0),
                // Not read, or not located: never matched.
                ("t", "y/2023.txt", k, Some(2023), "failed", 1),
                ("u", "z/2022.txt", None, Some(2022), "ok", 0),
            ],
            &[],
        );
        // r is kept: ok before partial, then path order before s.
        assert_eq!(
            codes(&o),
            [
                ("q", REPOST, "canonical/r"),
                ("r", YEAR_GAP, "years/2020-2021"),
                ("s", REPOST, "canonical/r"),
            ]
        );
        let not: Vec<&str> = {
            let mut v: Vec<&str> = o.not_canonical.iter().map(String::as_str).collect();
            v.sort();
            v
        };
        assert_eq!(not, ["q", "s"]);
        assert!(
            o.findings[1].message.contains("2020–2021"),
            "{}",
            o.findings[1].message
        );
    }
}
