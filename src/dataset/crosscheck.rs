//! Checks across reports: what only shows when one report is set beside the
//! same organ's other reports. Runs once per build, after every document's
//! rows are written, over the staged `reports` table, which carries, beside
//! each report's columns, the staging columns of [`crate::contract::staged`]:
//! a hash of its organ key and its two carry rows folded into one column
//! per applicant (so the checks never join cells, and never read
//! `applications` again).
//!
//! Memory: the organs are split by that hash into parts of about
//! [`PART_REPORTS`] reports, checked one after the other, each from its own
//! pass over the table; an organ's reports all fall in one part, so the
//! findings do not depend on the split, and the stage's memory follows the
//! part, not the archive. What is kept across parts is one small record per
//! finding; the findings' text is made while they are written out, in the
//! order of the reports they concern.
//!
//! Reports are matched by [`crate::document::organ::organ_key`]; only reports that were read
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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use arrow_array::types::{Int32Type, Int64Type, UInt32Type};
use arrow_array::{Array, PrimitiveArray};

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::read::{open_file, primitive, str_at, string_at, text, Place};
use crate::contract::staged;
use crate::model::{Severity, APPLICANTS};

pub const REPOST: &str = "REPOST";
pub const CARRY_MISMATCH: &str = "CARRY_MISMATCH";
pub const YEAR_GAP: &str = "YEAR_GAP";

/// Every code this stage writes: a merge drops them from its parts and
/// finds them again over the whole dataset.
pub const CODES: [&str; 3] = [REPOST, CARRY_MISMATCH, YEAR_GAP];

/// About how many reports one part of the checks holds.
pub const PART_REPORTS: usize = 100_000;

/// One diagnostic found across reports.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The report's row in the staged `reports` table.
    pub row: u32,
    pub report_id: String,
    pub source_path: String,
    pub member: Option<String>,
    pub severity: Severity,
    pub code: &'static str,
    pub table: &'static str,
    pub location: String,
    pub message: String,
}

/// What the stage found: a small record per finding, in the order of the
/// reports they concern (then code and location). [`Outcome::describe`]
/// turns them into [`Finding`]s.
#[derive(Debug, Default)]
pub struct Outcome {
    found: Vec<Found>,
    /// Rows (of the staged `reports`) of the reports displaced by another
    /// document of the same organ and year.
    pub not_canonical: HashSet<u32>,
}

/// A finding before the reports it names are looked up.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    Repost {
        row: u32,
        canonical: u32,
        documents: i64,
        key: Box<str>,
        year: i32,
    },
    Carry {
        row: u32,
        previous: u32,
        previous_year: i32,
        applicant: &'static str,
        over: i64,
        forward: i64,
    },
    Gap {
        row: u32,
        key: Box<str>,
        previous_year: i32,
        year: i32,
    },
}

impl Found {
    fn row(&self) -> u32 {
        match self {
            Found::Repost { row, .. } | Found::Carry { row, .. } | Found::Gap { row, .. } => *row,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            Found::Repost { .. } => REPOST,
            Found::Carry { .. } => CARRY_MISMATCH,
            Found::Gap { .. } => YEAR_GAP,
        }
    }

    /// The other report the finding names, if any.
    fn other(&self) -> Option<u32> {
        match self {
            Found::Repost { canonical, .. } => Some(*canonical),
            Found::Carry { previous, .. } => Some(*previous),
            Found::Gap { .. } => None,
        }
    }

    /// The order findings are written in: by report, then code, then
    /// location (only a carry can have several of one code on a report, one
    /// per applicant, and its location ends with the applicant).
    fn order(&self) -> (u32, &'static str, &'static str) {
        let applicant = match self {
            Found::Carry { applicant, .. } => applicant,
            _ => "",
        };
        (self.row(), self.code(), applicant)
    }

    /// The finding in words; `place` is its report's, `other` that of the
    /// report it names.
    fn describe(&self, place: Place, other: Option<&Place>) -> Result<Finding> {
        let row = self.row();
        let other =
            || other.with_context(|| format!("cross-report check: the report named by row {row}"));
        let (severity, table, location, message) = match self {
            Found::Repost {
                documents,
                key,
                year,
                ..
            } => {
                let kept = other()?;
                (
                    Severity::Info,
                    "reports",
                    format!("canonical/{}", kept.report_id),
                    format!(
                        "{documents} documents report for organ {key} and year {year}; the one \
                         kept as canonical is {}",
                        kept.shown()
                    ),
                )
            }
            Found::Carry {
                previous_year,
                applicant,
                over,
                forward,
                ..
            } => (
                Severity::Warning,
                "applications",
                format!("carried_over/{applicant}"),
                format!(
                    "上年结转 ({applicant}) is {over} here, but the same organ's \
                     {previous_year} report ({}) carried forward {forward}",
                    other()?.shown(),
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
                    "reports",
                    format!("years/{}-{}", prev + 1, year - 1),
                    format!(
                        "no report of organ {key} for {missing}, between its {prev} and \
                         {year} reports"
                    ),
                )
            }
        };
        Ok(Finding {
            row,
            report_id: place.report_id,
            source_path: place.source_path,
            member: place.member,
            severity,
            code: self.code(),
            table,
            location,
            message,
        })
    }
}

impl Outcome {
    /// How many findings there are.
    pub fn len(&self) -> usize {
        self.found.len()
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Findings per code.
    pub fn counts(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for f in &self.found {
            *out.entry(f.code().to_string()).or_default() += 1;
        }
        out
    }

    /// Warnings found per report row, to add to `n_warnings`.
    pub fn warnings(&self) -> HashMap<u32, i32> {
        let mut out: HashMap<u32, i32> = HashMap::new();
        for f in &self.found {
            if let Found::Carry { row, .. } = f {
                *out.entry(*row).or_default() += 1;
            }
        }
        out
    }

    /// Each finding in words, in order, to `emit`: the reports they concern
    /// and name are looked up in `reports`, the staged table they were
    /// found in, as it streams by.
    pub fn describe(
        &self,
        reports: &Path,
        emit: &mut dyn FnMut(Finding) -> Result<()>,
    ) -> Result<()> {
        let mut named: Vec<u32> = self.found.iter().filter_map(Found::other).collect();
        named.sort_unstable();
        named.dedup();
        let mut others = HashMap::with_capacity(named.len());
        for_rows(reports, named.into_iter(), &mut |row, place| {
            others.insert(row, place);
            Ok(())
        })?;
        let mut found = self.found.iter().peekable();
        for_rows(
            reports,
            self.found.iter().map(Found::row),
            &mut |row, place| {
                while let Some(f) = found.next_if(|f| f.row() == row) {
                    let other = f.other().and_then(|r| others.get(&r));
                    emit(f.describe(place.clone(), other)?)?;
                }
                Ok(())
            },
        )
    }
}

/// Run the checks over a build's staged `reports` table (its columns, with
/// `organ_key` and the [`staged`] columns).
pub fn run(reports: &Path) -> Result<Outcome> {
    let file = std::fs::File::open(reports)
        .with_context(|| format!("cannot open {}", reports.display()))?;
    let rows = ParquetRecordBatchReaderBuilder::try_new(file)
        .with_context(|| format!("{} is not a readable Parquet file", reports.display()))?
        .metadata()
        .file_metadata()
        .num_rows()
        .max(0) as usize;
    run_in_parts(reports, rows.div_ceil(PART_REPORTS).max(1) as u32)
}

/// [`run`], with the organs split into `parts` parts.
fn run_in_parts(reports: &Path, parts: u32) -> Result<Outcome> {
    let mut found = Vec::new();
    for part in 0..parts {
        let mut entries = read_part(reports, part, parts).with_context(|| {
            format!(
                "cross-report check, part {} of {parts}: reading {}",
                part + 1,
                reports.display()
            )
        })?;
        check_part(&mut entries, &mut found);
    }
    found.sort_unstable_by(|a, b| a.order().cmp(&b.order()));
    let not_canonical = found
        .iter()
        .filter(|f| matches!(f, Found::Repost { .. }))
        .map(Found::row)
        .collect();
    Ok(Outcome {
        found,
        not_canonical,
    })
}

/// A report that takes part in the checks: read, dated and located.
struct Entry {
    key: Box<str>,
    year: i32,
    /// Which report of an organ and year is kept, as one number to
    /// minimise: rank (`ok` before `partial`), errors, warnings (each
    /// capped at 2^15 - 1), then the row, in the low 32 bits.
    pick: u64,
    /// The staged carries: 上年结转 then 结转下年度, per applicant; a
    /// value counts only where its bit in `printed` is set.
    carries: [i64; 14],
    printed: u16,
}

impl Entry {
    fn row(&self) -> u32 {
        self.pick as u32
    }

    /// The carry of `row` (0: 上年结转, 1: 结转下年度) for the applicant at
    /// `applicant`, where printed.
    fn carry(&self, row: usize, applicant: usize) -> Option<i64> {
        let k = row * 7 + applicant;
        (self.printed & (1 << k) != 0).then(|| self.carries[k])
    }
}

/// The columns [`read_part`] reads, besides the carries.
const COLUMNS: [&str; 6] = [
    staged::ORGAN_PART,
    "organ_key",
    "year",
    "status",
    "n_errors",
    "n_warnings",
];

/// The reports of `part` (of `parts`) that take part in the checks.
fn read_part(reports: &Path, part: u32, parts: u32) -> Result<Vec<Entry>> {
    let carry_names: Vec<String> = staged::CARRIES
        .iter()
        .flat_map(|(_, prefix)| APPLICANTS.iter().map(|a| staged::carry_column(prefix, a)))
        .collect();
    let mut names: Vec<&str> = COLUMNS.to_vec();
    names.extend(carry_names.iter().map(String::as_str));
    let mut entries = Vec::new();
    let mut start = 0u32;
    for batch in open_file(reports, Some(&names))? {
        let batch = batch?;
        let organ_part = primitive::<UInt32Type>(&batch, staged::ORGAN_PART)?;
        let key = text(&batch, "organ_key")?;
        let year = primitive::<Int32Type>(&batch, "year")?;
        let status = text(&batch, "status")?;
        let errors = primitive::<Int32Type>(&batch, "n_errors")?;
        let warnings = primitive::<Int32Type>(&batch, "n_warnings")?;
        let carries: Vec<&PrimitiveArray<Int64Type>> = carry_names
            .iter()
            .map(|n| primitive::<Int64Type>(&batch, n))
            .collect::<Result<_>>()?;
        for i in 0..batch.num_rows() {
            let row = start + i as u32;
            if organ_part.is_null(i) || organ_part.value(i) % parts != part {
                continue;
            }
            if key.is_null(i) || year.is_null(i) || status.is_null(i) {
                continue;
            }
            let rank = match status.value(i) {
                "ok" => 0u64,
                "partial" => 1 << 62,
                _ => continue,
            };
            let capped = |c: &PrimitiveArray<Int32Type>| {
                let v = if c.is_valid(i) { c.value(i) } else { 0 };
                v.clamp(0, 0x7fff) as u64
            };
            let mut carry = [0; 14];
            let mut printed = 0u16;
            for (k, column) in carries.iter().enumerate() {
                if column.is_valid(i) {
                    carry[k] = column.value(i);
                    printed |= 1 << k;
                }
            }
            entries.push(Entry {
                key: key.value(i).into(),
                year: year.value(i),
                pick: rank + (capped(errors) << 47) + (capped(warnings) << 32) + u64::from(row),
                carries: carry,
                printed,
            });
        }
        start += batch.num_rows() as u32;
    }
    Ok(entries)
}

/// The checks over one part's reports (sorted here), into `found`.
fn check_part(entries: &mut [Entry], found: &mut Vec<Found>) {
    entries.sort_unstable_by(|a, b| (&a.key, a.year, a.pick).cmp(&(&b.key, b.year, b.pick)));
    // The canonical report of each organ and year: the first of its run.
    let mut canonical: Vec<&Entry> = Vec::new();
    for run in entries.chunk_by(|a, b| a.key == b.key && a.year == b.year) {
        let kept = &run[0];
        for e in &run[1..] {
            found.push(Found::Repost {
                row: e.row(),
                canonical: kept.row(),
                documents: run.len() as i64,
                key: e.key.clone(),
                year: e.year,
            });
        }
        canonical.push(kept);
    }
    // An organ's canonical reports, year after year.
    for pair in canonical.windows(2) {
        let (earlier, later) = (pair[0], pair[1]);
        if earlier.key != later.key {
            continue;
        }
        if later.year - earlier.year == 1 {
            for (a, applicant) in APPLICANTS.iter().enumerate() {
                if let (Some(over), Some(forward)) = (later.carry(0, a), earlier.carry(1, a)) {
                    if over != forward {
                        found.push(Found::Carry {
                            row: later.row(),
                            previous: earlier.row(),
                            previous_year: earlier.year,
                            applicant,
                            over,
                            forward,
                        });
                    }
                }
            }
        } else {
            found.push(Found::Gap {
                row: later.row(),
                key: later.key.clone(),
                previous_year: earlier.year,
                year: later.year,
            });
        }
    }
}

/// Call `f` with the place of each report at `rows` (ascending, repeats
/// allowed; each row once), reading the table batch by batch.
fn for_rows(
    reports: &Path,
    rows: impl Iterator<Item = u32>,
    f: &mut dyn FnMut(u32, Place) -> Result<()>,
) -> Result<()> {
    let what = || format!("cross-report check: reading {}", reports.display());
    let mut wanted = rows.peekable();
    if wanted.peek().is_none() {
        return Ok(());
    }
    let reader = open_file(reports, Some(&["report_id", "source_path", "member"]))?;
    let mut start = 0u32;
    for batch in reader {
        let batch = batch.with_context(what)?;
        let end = start + batch.num_rows() as u32;
        while let Some(row) = wanted.next_if(|&r| r < end) {
            while wanted.next_if_eq(&row).is_some() {}
            let i = (row - start) as usize;
            let place = Place {
                report_id: string_at(&batch, "report_id", i).with_context(what)?,
                source_path: string_at(&batch, "source_path", i).with_context(what)?,
                member: str_at(&batch, "member", i)
                    .with_context(what)?
                    .map(str::to_string),
            };
            f(row, place)?;
        }
        if wanted.peek().is_none() {
            return Ok(());
        }
        start = end;
    }
    match wanted.next() {
        Some(row) => Err(anyhow::anyhow!("{}: no report at row {row}", what())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::organ_part;
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
    /// the carry `cells` (report id, row, applicant, value); the outcome and
    /// its findings in words.
    fn run_on(reports: &[Report], cells: &[(&str, &str, &str, i64)]) -> (Outcome, Vec<Finding>) {
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
                        .map(|r| r.2.map(organ_part))
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
        assert_eq!(split.found, outcome.found);
        assert_eq!(split.not_canonical, outcome.not_canonical);
        let mut findings = Vec::new();
        outcome
            .describe(&path, &mut |f| {
                findings.push(f);
                Ok(())
            })
            .unwrap();
        assert_eq!(findings.len(), outcome.len());
        for f in &findings {
            assert!(
                !f.message.contains("  "),
                "a run of spaces in {:?}",
                f.message
            );
        }
        (outcome, findings)
    }

    fn codes(findings: &[Finding]) -> Vec<(&str, &str, &str)> {
        findings
            .iter()
            .map(|f| (f.report_id.as_str(), f.code, f.location.as_str()))
            .collect()
    }

    #[test]
    fn broken_carries_are_found_per_column() {
        let k = Some("岚皋县|四季镇");
        let (o, findings) = run_on(
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
            codes(&findings),
            [("c", CARRY_MISMATCH, "carried_over/natural_person")]
        );
        // c is the third row.
        assert_eq!(o.warnings().get(&2), Some(&1));
        assert!(o.not_canonical.is_empty());
    }

    #[test]
    fn reposts_keep_the_best_reading_and_gaps_are_reported() {
        let k = Some("|岚皋县教育局");
        let (o, findings) = run_on(
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
            codes(&findings),
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
            findings[1].message.contains("2020–2021"),
            "{}",
            findings[1].message
        );
    }
}
