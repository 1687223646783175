//! Checks across reports: what only shows when one report is set beside the
//! same organ's other reports. Runs once per build, after every document's
//! rows are written, as polars lazy queries (streaming engine) over the
//! staged `reports` table, which carries, beside each report's columns, the
//! staging columns of [`staged`]: a hash of its organ key and its two carry
//! rows folded into one column per applicant (so the checks never join
//! cells, and never read `applications` again).
//!
//! Memory: the organs are split by that hash into parts of about
//! [`PART_REPORTS`] reports, checked one after the other; an organ's reports
//! all fall in one part, so the findings do not depend on the split, and
//! the stage's memory follows the part, not the archive.
//!
//! Reports are matched by [`organ::organ_key`]; only reports that were read
//! (`ok` or `partial`) with a year and a key take part. Findings, each a
//! diagnostic on the report it concerns:
//!
//! - [`REPOST`] (info): two or more documents for the same organ and year.
//!   One is kept as canonical, by this rule: status `ok` before `partial`,
//!   then fewer errors, then fewer warnings, then the one written first in
//!   `reports` (path order; an archive's members in the order the archive
//!   lists them). Every other one gets this diagnostic and
//!   `canonical = false` in `reports`.
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
    col, len, lit, when, DataFrame, DataType, Engine, Expr, IntoLazy, JoinArgs, JoinType,
    LazyFrame, PlRefPath, ScanArgsParquet, SortMultipleOptions,
};

use crate::model::{Severity, APPLICANTS};
use crate::read::{open_file, str_at, string_at, Place};

pub const REPOST: &str = "REPOST";
pub const CARRY_MISMATCH: &str = "CARRY_MISMATCH";
pub const YEAR_GAP: &str = "YEAR_GAP";

/// Every code this stage writes: a merge drops them from its parts and
/// finds them again over the whole dataset.
pub const CODES: [&str; 3] = [REPOST, CARRY_MISMATCH, YEAR_GAP];

/// About how many reports one part of the checks holds.
pub const PART_REPORTS: usize = 50_000;

/// The columns the writer stages beside each report for this stage, and
/// drops when it completes `reports`.
pub mod staged {
    use crate::model::{ApplicationCell, APPLICANTS};

    /// A hash of `organ_key` (FNV-1a, 32 bits), to split organs into parts.
    pub const ORGAN_PART: &str = "organ_part";
    /// The application rows folded per applicant: `over_natural_person`, …
    pub const CARRIES: [(&str, &str); 2] =
        [("carried_over", "over_"), ("carried_forward", "forward_")];

    pub fn organ_part(key: &str) -> u32 {
        key.bytes().fold(0x811c_9dc5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        })
    }

    /// The staged carry column of `row` (one of [`CARRIES`]) and applicant.
    pub fn carry_column(prefix: &str, applicant: &str) -> String {
        format!("{prefix}{applicant}")
    }

    /// A report's carry rows: for each of [`CARRIES`], the value per
    /// applicant (in the order of [`APPLICANTS`]), the first one printed.
    pub fn carries(cells: &[ApplicationCell]) -> [[Option<i64>; 7]; 2] {
        let mut out = [[None; 7]; 2];
        for cell in cells {
            let Some(r) = CARRIES.iter().position(|(row, _)| *row == cell.row) else {
                continue;
            };
            if let Some(a) = APPLICANTS.iter().position(|a| *a == cell.applicant) {
                let slot = &mut out[r][a];
                if slot.is_none() {
                    *slot = cell.value;
                }
            }
        }
        out
    }
}

/// One diagnostic found across reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The report's row in the staged `reports` table.
    pub row: u32,
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
    /// Rows (of the staged `reports`) of the reports displaced by another
    /// document of the same organ and year.
    pub not_canonical: HashSet<u32>,
}

impl Outcome {
    /// Warnings found per report row, to add to `n_warnings`.
    pub fn warnings(&self) -> HashMap<u32, i32> {
        let mut out: HashMap<u32, i32> = HashMap::new();
        for f in &self.findings {
            if f.severity == Severity::Warning {
                *out.entry(f.row).or_default() += 1;
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

/// A finding before the reports it names are looked up.
enum Found {
    Repost {
        row: u32,
        canonical: u32,
        documents: i64,
        key: String,
        year: i64,
    },
    Carry {
        row: u32,
        previous: u32,
        previous_year: i64,
        applicant: &'static str,
        over: i64,
        forward: i64,
    },
    Gap {
        row: u32,
        key: String,
        previous_year: i64,
        year: i64,
    },
}

/// Run the checks over a build's staged `reports` table (its columns, with
/// `organ_key` and the [`staged`] columns).
pub fn run(reports: &Path) -> Result<Outcome> {
    let total = ints(
        &collect(
            scan(reports)?.select([len().alias("n")]),
            "counting reports",
        )?,
        "n",
    )?
    .first()
    .copied()
    .flatten()
    .unwrap_or(0)
    .max(0) as usize;
    run_in_parts(reports, total.div_ceil(PART_REPORTS).max(1) as u32)
}

/// [`run`], with the organs split into `parts` parts.
fn run_in_parts(reports: &Path, parts: u32) -> Result<Outcome> {
    let mut found = Vec::new();
    for part in 0..parts {
        check_part(reports, part, parts, &mut found)?;
    }
    describe(reports, found)
}

const OVER: &str = staged::CARRIES[0].1;
const FORWARD: &str = staged::CARRIES[1].1;

fn carry_columns(prefix: &str) -> Vec<Expr> {
    APPLICANTS
        .iter()
        .map(|a| col(staged::carry_column(prefix, a)))
        .collect()
}

/// The checks over the organs whose hash falls in `part` of `parts`.
fn check_part(reports: &Path, part: u32, parts: u32, found: &mut Vec<Found>) -> Result<()> {
    let what = |q: &str| format!("cross-report check ({q}), part {} of {parts}", part + 1);
    // Which report is kept, as one number to minimise: rank (ok before
    // partial), errors, warnings (each capped at 2^15 - 1), then the row.
    let capped = |c: &str| {
        let v = col(c).cast(DataType::UInt64).fill_null(lit(0u64));
        when(v.clone().gt(lit(0x7fffu64)))
            .then(lit(0x7fffu64))
            .otherwise(v)
    };
    let pick = when(col("status").eq(lit("ok")))
        .then(lit(0u64))
        .otherwise(lit(1u64 << 62))
        + capped("n_errors") * lit(1u64 << 47)
        + capped("n_warnings") * lit(1u64 << 32)
        + col("row").cast(DataType::UInt64);
    let mut keep = vec![
        col("row"),
        col("organ_key"),
        col("year"),
        pick.alias("pick"),
    ];
    keep.extend(carry_columns(OVER));
    keep.extend(carry_columns(FORWARD));
    // The part's reports are read once (the file is scanned once per part)
    // and held while the queries below run over them.
    let base = scan(reports)?
        .with_row_index("row", None)
        .filter(
            (col(staged::ORGAN_PART) % lit(parts))
                .eq(lit(part))
                .and(col("organ_key").is_not_null())
                .and(col("year").is_not_null())
                .and(
                    col("status")
                        .eq(lit("ok"))
                        .or(col("status").eq(lit("partial"))),
                ),
        )
        .select(keep);
    let base = collect(base, &what("reports"))?.lazy();

    // One row per organ and year: how many documents, and the canonical one.
    let groups = collect(
        base.clone()
            .group_by(cols_key())
            .agg([len().alias("documents"), col("pick").min().alias("pick")])
            .select([
                col("organ_key"),
                col("year"),
                col("documents"),
                (col("pick") % lit(1u64 << 32))
                    .cast(DataType::UInt32)
                    .alias("canonical_row"),
            ]),
        &what("organs and years"),
    )?
    .lazy();

    // Re-posts: every document of an organ-year but its canonical one.
    let reposts = collect(
        base.clone()
            .select([col("row"), col("organ_key"), col("year")])
            .join(
                groups.clone().filter(col("documents").gt(lit(1u32))),
                cols_key(),
                cols_key(),
                JoinArgs::new(JoinType::Inner),
            )
            .filter(col("row").neq(col("canonical_row"))),
        &what("re-posts"),
    )?;
    {
        let rows = ints(&reposts, "row")?;
        let canon = ints(&reposts, "canonical_row")?;
        let keys = strings(&reposts, "organ_key")?;
        let years = ints(&reposts, "year")?;
        let counts = ints(&reposts, "documents")?;
        for i in 0..reposts.height() {
            let (Some(row), Some(canonical)) = (rows[i], canon[i]) else {
                continue;
            };
            found.push(Found::Repost {
                row: row as u32,
                canonical: canonical as u32,
                documents: counts[i].unwrap_or(0),
                key: keys[i].unwrap_or("").to_string(),
                year: years[i].unwrap_or(0),
            });
        }
    }

    // The canonical report of each organ and year, with its carries.
    let canonical = collect(
        base.join(
            groups.select([col("organ_key"), col("year"), col("canonical_row")]),
            cols_key(),
            cols_key(),
            JoinArgs::new(JoinType::Inner),
        )
        .filter(col("row").eq(col("canonical_row")))
        .select(
            [col("organ_key"), col("year"), col("row")]
                .into_iter()
                .chain(carry_columns(OVER))
                .chain(carry_columns(FORWARD))
                .collect::<Vec<_>>(),
        ),
        &what("canonical reports"),
    )?
    .lazy();

    // Carries from one year to the next: (later report, the organ's report
    // of the year before), where a column differs.
    let mut later = vec![
        col("organ_key"),
        (col("year") - lit(1i32)).alias("year"),
        col("row"),
    ];
    later.extend(carry_columns(OVER));
    let mut earlier = vec![
        col("organ_key"),
        col("year"),
        col("row").alias("previous_row"),
    ];
    earlier.extend(carry_columns(FORWARD));
    let differs = APPLICANTS
        .iter()
        .map(|a| col(staged::carry_column(OVER, a)).neq(col(staged::carry_column(FORWARD, a))))
        .reduce(|x, y| x.or(y))
        .expect("applicants");
    let mismatches = collect(
        canonical
            .clone()
            .select(later)
            .join(
                canonical.clone().select(earlier),
                cols_key(),
                cols_key(),
                JoinArgs::new(JoinType::Inner),
            )
            .filter(differs),
        &what("carries"),
    )?;
    {
        let rows = ints(&mismatches, "row")?;
        let previous = ints(&mismatches, "previous_row")?;
        let years = ints(&mismatches, "year")?;
        for applicant in APPLICANTS {
            let overs = ints(&mismatches, &staged::carry_column(OVER, applicant))?;
            let forwards = ints(&mismatches, &staged::carry_column(FORWARD, applicant))?;
            for i in 0..mismatches.height() {
                let (Some(row), Some(prev), Some(over), Some(forward)) =
                    (rows[i], previous[i], overs[i], forwards[i])
                else {
                    continue;
                };
                if over != forward {
                    found.push(Found::Carry {
                        row: row as u32,
                        previous: prev as u32,
                        // `year` is the earlier one.
                        previous_year: years[i].unwrap_or(0),
                        applicant,
                        over,
                        forward,
                    });
                }
            }
        }
    }

    // Years missing between two reports of an organ.
    let gaps = collect(
        canonical
            .select([col("organ_key"), col("year"), col("row")])
            .sort(["organ_key", "year"], SortMultipleOptions::default())
            .with_columns([
                col("organ_key").shift(lit(1)).alias("previous_key"),
                col("year").shift(lit(1)).alias("previous_year"),
            ])
            .filter(
                col("previous_key")
                    .eq(col("organ_key"))
                    .and((col("year") - col("previous_year")).gt(lit(1i32))),
            ),
        &what("year gaps"),
    )?;
    {
        let rows = ints(&gaps, "row")?;
        let keys = strings(&gaps, "organ_key")?;
        let years = ints(&gaps, "year")?;
        let previous = ints(&gaps, "previous_year")?;
        for i in 0..gaps.height() {
            let (Some(row), Some(year), Some(prev)) = (rows[i], years[i], previous[i]) else {
                continue;
            };
            found.push(Found::Gap {
                row: row as u32,
                key: keys[i].unwrap_or("").to_string(),
                previous_year: prev,
                year,
            });
        }
    }
    Ok(())
}

/// The identity and place of the reports at `rows` (sorted), read from the
/// table batch by batch: only those rows are kept.
fn look_up(reports: &Path, rows: &[u32]) -> Result<HashMap<u32, Place>> {
    let what = || format!("cross-report check: reading {}", reports.display());
    let mut places = HashMap::with_capacity(rows.len());
    if rows.is_empty() {
        return Ok(places);
    }
    let reader = open_file(reports, Some(&["report_id", "source_path", "member"]))?;
    let mut wanted = rows.iter().copied().peekable();
    let mut start = 0u32;
    for batch in reader {
        let batch = batch.with_context(what)?;
        let end = start + batch.num_rows() as u32;
        while let Some(row) = wanted.next_if(|&r| r < end) {
            let i = (row - start) as usize;
            places.insert(
                row,
                Place {
                    report_id: string_at(&batch, "report_id", i).with_context(what)?,
                    source_path: string_at(&batch, "source_path", i).with_context(what)?,
                    member: str_at(&batch, "member", i)
                        .with_context(what)?
                        .map(str::to_string),
                },
            );
        }
        if wanted.peek().is_none() {
            break;
        }
        start = end;
    }
    Ok(places)
}

/// Look up the reports the findings name, and write the findings out, in
/// path order.
fn describe(reports: &Path, found: Vec<Found>) -> Result<Outcome> {
    let mut wanted: Vec<u32> = found
        .iter()
        .flat_map(|f| match f {
            Found::Repost { row, canonical, .. } => [*row, *canonical],
            Found::Carry { row, previous, .. } => [*row, *previous],
            Found::Gap { row, .. } => [*row, *row],
        })
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let places = look_up(reports, &wanted)?;

    let mut findings = Vec::with_capacity(found.len());
    let mut not_canonical = HashSet::new();
    for f in found {
        let row = match &f {
            Found::Repost { row, .. } | Found::Carry { row, .. } | Found::Gap { row, .. } => *row,
        };
        let place = places
            .get(&row)
            .with_context(|| format!("cross-report check: no report at row {row}"))?;
        let other = |r: u32| {
            places
                .get(&r)
                .with_context(|| format!("cross-report check: no report at row {r}"))
        };
        let (severity, code, table, location, message) = match f {
            Found::Repost {
                canonical,
                documents,
                key,
                year,
                ..
            } => {
                not_canonical.insert(row);
                let kept = other(canonical)?;
                (
                    Severity::Info,
                    REPOST,
                    "reports",
                    format!("canonical/{}", kept.report_id),
                    format!(
                        "{documents} documents report for organ {key} and year {year}; the one                          kept as canonical is {}",
                        kept.shown()
                    ),
                )
            }
            Found::Carry {
                previous,
                previous_year,
                applicant,
                over,
                forward,
                ..
            } => (
                Severity::Warning,
                CARRY_MISMATCH,
                "applications",
                format!("carried_over/{applicant}"),
                format!(
                    "上年结转 ({applicant}) is {over} here, but the same organ's                      {previous_year} report ({}) carried forward {forward}",
                    other(previous)?.shown(),
                ),
            ),
            Found::Gap {
                key,
                previous_year: prev,
                year,
                ..
            } => {
                let missing = if year - prev == 2 {
                    format!("{}", prev + 1)
                } else {
                    format!("{}–{}", prev + 1, year - 1)
                };
                (
                    Severity::Info,
                    YEAR_GAP,
                    "reports",
                    format!("years/{}-{}", prev + 1, year - 1),
                    format!(
                        "no report of organ {key} for {missing}, between its {prev} and                          {year} reports"
                    ),
                )
            }
        };
        findings.push(Finding {
            row,
            report_id: place.report_id.clone(),
            source_path: place.source_path.clone(),
            member: place.member.clone(),
            severity,
            code,
            table,
            location,
            message,
        });
    }
    findings.sort_by(|a, b| {
        (&a.source_path, &a.member, a.code, &a.location, a.row).cmp(&(
            &b.source_path,
            &b.member,
            b.code,
            &b.location,
            b.row,
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

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int32Array, Int64Array, RecordBatch, StringArray, UInt32Array};
    use parquet::arrow::ArrowWriter;
    use std::sync::Arc;

    /// (id, path, organ_key, year, status, errors)
    type Report<'a> = (&'a str, &'a str, Option<&'a str>, Option<i32>, &'a str, i32);

    fn write(path: &Path, columns: Vec<(String, ArrayRef)>) {
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        let file = std::fs::File::create(path).unwrap();
        let mut w = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
        w.write(&batch).unwrap();
        w.close().unwrap();
    }

    /// Run the checks on a staged `reports` table made of `reports` and
    /// the carry `cells` (report id, row, applicant, value).
    fn run_on(reports: &[Report], cells: &[(&str, &str, &str, i64)]) -> Outcome {
        let dir = tempfile::tempdir().unwrap();
        let strs = |f: &dyn Fn(&Report) -> Option<String>| -> ArrayRef {
            Arc::new(reports.iter().map(f).collect::<StringArray>())
        };
        let mut columns: Vec<(String, ArrayRef)> = vec![
            ("report_id".into(), strs(&|r| Some(r.0.into()))),
            ("source_path".into(), strs(&|r| Some(r.1.into()))),
            ("member".into(), strs(&|_| None)),
            ("organ_key".into(), strs(&|r| r.2.map(Into::into))),
            (
                "year".into(),
                Arc::new(reports.iter().map(|r| r.3).collect::<Int32Array>()),
            ),
            ("status".into(), strs(&|r| Some(r.4.into()))),
            (
                "n_errors".into(),
                Arc::new(reports.iter().map(|r| Some(r.5)).collect::<Int32Array>()),
            ),
            (
                "n_warnings".into(),
                Arc::new(Int32Array::from(vec![0; reports.len()])),
            ),
            (
                staged::ORGAN_PART.into(),
                Arc::new(
                    reports
                        .iter()
                        .map(|r| r.2.map(staged::organ_part))
                        .collect::<UInt32Array>(),
                ),
            ),
        ];
        for (row, prefix) in staged::CARRIES {
            for applicant in APPLICANTS {
                let values: Int64Array = reports
                    .iter()
                    .map(|r| {
                        cells
                            .iter()
                            .find(|c| c.0 == r.0 && c.1 == row && c.2 == applicant)
                            .map(|c| c.3)
                    })
                    .collect();
                columns.push((staged::carry_column(prefix, applicant), Arc::new(values)));
            }
        }
        let path = dir.path().join("r.parquet");
        write(&path, columns);
        let outcome = run(&path).unwrap();
        // However the organs are split into parts, the findings are the same.
        let split = run_in_parts(&path, 7).unwrap();
        assert_eq!(split.findings, outcome.findings);
        assert_eq!(split.not_canonical, outcome.not_canonical);
        outcome
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
        // c is the third row.
        assert_eq!(o.warnings().get(&2), Some(&1));
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
        let mut not: Vec<u32> = o.not_canonical.iter().copied().collect();
        not.sort();
        // q and s, by row.
        assert_eq!(not, [1, 3]);
        assert!(
            o.findings[1].message.contains("2020–2021"),
            "{}",
            o.findings[1].message
        );
    }
}
