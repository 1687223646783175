//! Reading a written dataset back: the inverse of the writer.
//!
//! [`Documents`] streams a dataset folder as the [`DocumentResult`]s that
//! were pushed to write it, in the same order, a row group at a time: what
//! `ogi merge` needs to write shards into one dataset through the very same
//! writer. [`places`] reads just where each report came from, for the
//! change summary against a previous build.

use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

use anyhow::{Context, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::{ArrowPrimitiveType, Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayAccessor, PrimitiveArray, RecordBatch, StringArray};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ProjectionMask;

use crate::contract::{codes, file_of, place};
use crate::model::{
    ApplicationCell, Code, CrossKeys, Date, Diagnostic, DocumentResult, Extraction, Metadata,
    Place as Division, ProactiveCell, Procurement, ReviewCell, Severity, Source, Status, Template,
};

pub(crate) fn open(
    dir: &Path,
    table: &str,
    columns: Option<&[&str]>,
) -> Result<ParquetRecordBatchReader> {
    let file_name = file_of(table).unwrap_or(table);
    open_file(&dir.join(file_name), columns)
}

/// One Parquet file, batch by batch, with only `columns` (all when None).
pub(crate) fn open_file(path: &Path, columns: Option<&[&str]>) -> Result<ParquetRecordBatchReader> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .with_context(|| format!("{} is not a readable Parquet file", path.display()))?;
    if let Some(columns) = columns {
        let schema = builder.parquet_schema();
        let indices: Vec<usize> = columns
            .iter()
            .map(|c| {
                schema
                    .columns()
                    .iter()
                    .position(|d| d.path().parts()[0] == *c)
                    .with_context(|| format!("{} has no column {c}", path.display()))
            })
            .collect::<Result<_>>()?;
        let mask = ProjectionMask::roots(schema, indices);
        builder = builder.with_projection(mask);
    }
    builder
        .with_batch_size(1024)
        .build()
        .with_context(|| format!("cannot read {}", path.display()))
}

/// A table read row by row.
struct Rows {
    reader: ParquetRecordBatchReader,
    batch: Option<RecordBatch>,
    row: usize,
    table: &'static str,
}

impl Rows {
    fn new(reader: ParquetRecordBatchReader, table: &'static str) -> Rows {
        Rows {
            reader,
            batch: None,
            row: 0,
            table,
        }
    }

    /// The current row's batch and index, loading the next batch as needed;
    /// None at the end.
    fn current(&mut self) -> Result<Option<(&RecordBatch, usize)>> {
        loop {
            if let Some(b) = &self.batch {
                if self.row < b.num_rows() {
                    break;
                }
            }
            match self.reader.next() {
                None => {
                    self.batch = None;
                    return Ok(None);
                }
                Some(b) => {
                    self.batch = Some(b.with_context(|| format!("reading {}", self.table))?);
                    self.row = 0;
                }
            }
        }
        Ok(self.batch.as_ref().map(|b| (b, self.row)))
    }

    /// Whether the current row belongs to `report_id`.
    fn at(&mut self, report_id: &str) -> Result<bool> {
        Ok(match self.current()? {
            Some((b, i)) => str_at(b, "report_id", i)? == Some(report_id),
            None => false,
        })
    }
}

fn column<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a dyn Array> {
    b.column_by_name(name)
        .map(|c| c.as_ref())
        .with_context(|| format!("no column {name}"))
}

/// The text column `name` of a batch.
pub(crate) fn text<'a>(b: &'a RecordBatch, name: &str) -> Result<&'a StringArray> {
    column(b, name)?
        .as_string_opt::<i32>()
        .with_context(|| format!("column {name} is not text"))
}

/// The primitive column `name` of a batch, of type `T`.
pub(crate) fn primitive<'a, T: ArrowPrimitiveType>(
    b: &'a RecordBatch,
    name: &str,
) -> Result<&'a PrimitiveArray<T>> {
    column(b, name)?
        .as_primitive_opt::<T>()
        .with_context(|| format!("column {name} is not {:?}", T::DATA_TYPE))
}

/// Row `i` of a column, None where null.
fn at<A: ArrayAccessor>(c: A, i: usize) -> Option<A::Item> {
    c.is_valid(i).then(|| c.value(i))
}

pub(crate) fn str_at<'a>(b: &'a RecordBatch, name: &str, i: usize) -> Result<Option<&'a str>> {
    Ok(at(text(b, name)?, i))
}

pub(crate) fn string_at(b: &RecordBatch, name: &str, i: usize) -> Result<String> {
    Ok(str_at(b, name, i)?.unwrap_or_default().to_string())
}

pub(crate) fn i64_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<i64>> {
    Ok(at(primitive::<Int64Type>(b, name)?, i))
}

fn i32_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<i32>> {
    Ok(at(primitive::<Int32Type>(b, name)?, i))
}

fn f64_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<f64>> {
    Ok(at(primitive::<Float64Type>(b, name)?, i))
}

fn date_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<Date>> {
    Ok(at(primitive::<Date32Type>(b, name)?, i).map(Date::from_days_since_epoch))
}

pub(crate) fn list_at(b: &RecordBatch, name: &str, i: usize) -> Result<Vec<String>> {
    let c = column(b, name)?
        .as_list_opt::<i32>()
        .with_context(|| format!("column {name} is not a list"))?;
    let items = c.value(i);
    let items = items
        .as_string_opt::<i32>()
        .with_context(|| format!("column {name} is not a list of text"))?;
    Ok(items
        .iter()
        .map(|s| s.unwrap_or_default().to_string())
        .collect())
}

/// The value of an enum column, `what` naming it in an error.
fn parse<T: Code>(s: &str, what: &str) -> Result<T> {
    T::parse(s).with_context(|| format!("unknown {what} {s:?}"))
}

/// The code in column `name` of row `i`, by its static spelling; an error
/// for text that is no code of this version.
fn code_at(b: &RecordBatch, name: &str, i: usize) -> Result<&'static str> {
    let s = str_at(b, name, i)?.unwrap_or_default();
    codes::known(s).with_context(|| {
        format!("column {name} holds {s:?}, which is no code of this version of ogi")
    })
}

/// Like [`code_at`], None where null.
fn code_opt_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<&'static str>> {
    match str_at(b, name, i)? {
        None => Ok(None),
        Some(_) => code_at(b, name, i).map(Some),
    }
}

/// A dataset's documents, in the order they were written.
pub struct Documents {
    reports: Rows,
    proactive: Rows,
    applications: Rows,
    reviews: Rows,
    procurement: Rows,
    diagnostics: Rows,
    /// Diagnostics with these codes are not part of a document's own
    /// result (they are added over the whole dataset) and are skipped.
    skip_codes: &'static [&'static str],
}

impl Documents {
    /// Open the dataset in `dir`. Diagnostics whose code is in
    /// `skip_codes` are left out of the documents.
    pub fn open(dir: &Path, skip_codes: &'static [&'static str]) -> Result<Documents> {
        let rows = |t: &'static str| Ok::<_, anyhow::Error>(Rows::new(open(dir, t, None)?, t));
        Ok(Documents {
            reports: rows("reports")?,
            proactive: rows("proactive_disclosure")?,
            applications: rows("applications")?,
            reviews: rows("reviews")?,
            procurement: rows("procurement")?,
            diagnostics: rows("diagnostics")?,
            skip_codes,
        })
    }

    fn next_document(&mut self) -> Result<Option<DocumentResult>> {
        let Some((b, i)) = self.reports.current()? else {
            return Ok(None);
        };
        let source = Source {
            report_id: string_at(b, "report_id", i)?,
            source_path: string_at(b, "source_path", i)?,
            member: str_at(b, "member", i)?.map(str::to_string),
            duplicate_paths: list_at(b, "duplicate_paths", i)?,
            sha256: string_at(b, "sha256", i)?,
            bytes: i64_at(b, "bytes", i)?.unwrap_or_default(),
            format: string_at(b, "format", i)?,
            encoding: string_at(b, "encoding", i)?,
        };
        let metadata = Metadata {
            title: str_at(b, "title", i)?.map(str::to_string),
            organ: str_at(b, "organ", i)?.map(str::to_string),
            region: str_at(b, "region", i)?.map(str::to_string),
            year: i32_at(b, "year", i)?,
            publish_date: date_at(b, "publish_date", i)?,
            index_number: str_at(b, "index_number", i)?.map(str::to_string),
        };
        let place = match str_at(b, "region_code", i)? {
            None => None,
            Some(code) => Some(Division {
                region_code: code.to_string(),
                province: string_at(b, "province", i)?,
                prefecture: str_at(b, "prefecture", i)?.map(str::to_string),
                county: str_at(b, "county", i)?.map(str::to_string),
            }),
        };
        let template: Template = parse(str_at(b, "template", i)?.unwrap_or_default(), "template")?;
        let status: Status = parse(str_at(b, "status", i)?.unwrap_or_default(), "status")?;
        self.reports.row += 1;
        let id = source.report_id.as_str();

        let mut ex = Extraction::empty(status);
        ex.metadata = metadata;
        ex.template = template;
        while self.proactive.at(id)? {
            let (b, i) = self.proactive.current()?.expect("at a row");
            ex.proactive.push(ProactiveCell {
                item: code_at(b, "item", i)?,
                category: code_at(b, "category", i)?,
                metric: code_at(b, "metric", i)?,
                value: f64_at(b, "value", i)?,
                raw: string_at(b, "raw", i)?,
            });
            self.proactive.row += 1;
        }
        while self.applications.at(id)? {
            let (b, i) = self.applications.current()?.expect("at a row");
            ex.applications.push(ApplicationCell {
                row: code_at(b, "row", i)?,
                applicant: code_at(b, "applicant", i)?,
                value: i64_at(b, "value", i)?,
                raw: string_at(b, "raw", i)?,
            });
            self.applications.row += 1;
        }
        while self.reviews.at(id)? {
            let (b, i) = self.reviews.current()?.expect("at a row");
            ex.reviews.push(ReviewCell {
                proceeding: code_at(b, "proceeding", i)?,
                outcome: code_at(b, "outcome", i)?,
                value: i64_at(b, "value", i)?,
                raw: string_at(b, "raw", i)?,
            });
            self.reviews.row += 1;
        }
        if self.procurement.at(id)? {
            let (b, i) = self.procurement.current()?.expect("at a row");
            ex.procurement = Some(Procurement {
                project_count: i64_at(b, "project_count", i)?,
                amount_raw: str_at(b, "amount_raw", i)?.map(str::to_string),
                amount_unit: code_at(b, "amount_unit", i)?,
                amount_yuan: f64_at(b, "amount_yuan", i)?,
                amount_unit_inferred: column(b, "amount_unit_inferred")?
                    .as_boolean_opt()
                    .map(|c| c.value(i))
                    .unwrap_or_default(),
                source: code_at(b, "source", i)?,
            });
            self.procurement.row += 1;
        }
        while self.diagnostics.at(id)? {
            let (b, i) = self.diagnostics.current()?.expect("at a row");
            let code = code_at(b, "code", i)?;
            if !self.skip_codes.contains(&code) {
                ex.diagnostics.push(Diagnostic {
                    severity: parse::<Severity>(
                        str_at(b, "severity", i)?.unwrap_or_default(),
                        "severity",
                    )?,
                    code,
                    table: code_opt_at(b, "table", i)?,
                    location: str_at(b, "location", i)?.map(str::to_string),
                    message: string_at(b, "message", i)?,
                });
            }
            self.diagnostics.row += 1;
        }
        Ok(Some(DocumentResult {
            source,
            extraction: ex,
            place,
            // Not stored in a dataset: derived again by whoever needs them.
            keys: CrossKeys::default(),
        }))
    }
}

impl Iterator for Documents {
    type Item = Result<DocumentResult>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_document().transpose()
    }
}

/// Where a report came from and what it is: one row of `reports`, projected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub source_path: String,
    pub member: Option<String>,
    pub report_id: String,
}

impl Place {
    /// `path` or `path!member`, as in `duplicate_paths`.
    pub fn shown(&self) -> String {
        place(&self.source_path, self.member.as_deref())
    }
}

/// The places of a dataset's reports, in the order written (path order).
pub fn places(dir: &Path) -> Result<impl Iterator<Item = Result<Place>>> {
    let mut rows = Rows::new(
        open(
            dir,
            "reports",
            Some(&["report_id", "source_path", "member"]),
        )?,
        "reports",
    );
    Ok(std::iter::from_fn(move || {
        let next = (|| -> Result<Option<Place>> {
            let Some((b, i)) = rows.current()? else {
                return Ok(None);
            };
            let place = Place {
                source_path: string_at(b, "source_path", i)?,
                member: str_at(b, "member", i)?.map(str::to_string),
                report_id: string_at(b, "report_id", i)?,
            };
            rows.row += 1;
            Ok(Some(place))
        })();
        next.transpose()
    }))
}

/// One value cell of a dataset: which table, which report, which cell, and
/// its value as text (null as None), for comparing builds.
pub type Cell = (&'static str, String, String, Option<String>);

/// The value cells of the given reports, from the three cell tables.
pub fn cells_of(dir: &Path, ids: &HashSet<String>) -> Result<Vec<Cell>> {
    let mut out = Vec::new();
    let tables: [(&'static str, [&str; 3]); 3] = [
        ("proactive_disclosure", ["item", "category", "metric"]),
        ("applications", ["row", "applicant", ""]),
        ("reviews", ["proceeding", "outcome", ""]),
    ];
    for (table, keys) in tables {
        // Only the columns compared: the raw text is never decoded.
        let columns: Vec<&str> = ["report_id", "value"]
            .into_iter()
            .chain(keys.iter().copied().filter(|k| !k.is_empty()))
            .collect();
        for batch in open(dir, table, Some(&columns))? {
            let b = batch.with_context(|| format!("reading {table}"))?;
            let report_ids = text(&b, "report_id")?;
            // A report's cells are consecutive: its id is looked up once.
            let mut last: Option<(&str, bool)> = None;
            for i in 0..b.num_rows() {
                let Some(id) = at(report_ids, i) else {
                    continue;
                };
                let wanted = match last {
                    Some((l, w)) if l == id => w,
                    _ => {
                        let w = ids.contains(id);
                        last = Some((id, w));
                        w
                    }
                };
                if !wanted {
                    continue;
                }
                let mut key = String::new();
                for k in keys.iter().filter(|k| !k.is_empty()) {
                    key.push_str(str_at(&b, k, i)?.unwrap_or_default());
                    key.push('/');
                }
                let value = if table == "proactive_disclosure" {
                    f64_at(&b, "value", i)?.map(|v| v.to_string())
                } else {
                    i64_at(&b, "value", i)?.map(|v| v.to_string())
                };
                out.push((table, id.to_string(), key, value));
            }
        }
    }
    Ok(out)
}

/// A Parquet file's rows and, for each top-level column that is not
/// nested and whose every chunk counts its nulls, the cells with a value:
/// read from the footer alone. None when the footer cannot be read (the
/// query then counts everything).
#[cfg(feature = "summary")]
pub(crate) fn footer_counts(file: &Path) -> Option<(u64, std::collections::HashMap<String, u64>)> {
    use parquet::file::metadata::ParquetMetaDataReader;
    let f = std::fs::File::open(file).ok()?;
    let meta = ParquetMetaDataReader::new().parse_and_finish(&f).ok()?;
    let rows: i64 = meta.row_groups().iter().map(|g| g.num_rows()).sum();
    let mut nulls: std::collections::HashMap<String, Option<u64>> = Default::default();
    for group in meta.row_groups() {
        for chunk in group.columns() {
            let parts = chunk.column_path().parts();
            let Some(name) = parts.first() else { continue };
            let count = if parts.len() == 1 {
                chunk.statistics().and_then(|st| st.null_count_opt())
            } else {
                None
            };
            let entry = nulls.entry(name.clone()).or_insert(Some(0));
            *entry = match (*entry, count) {
                (Some(a), Some(b)) => Some(a + b),
                _ => None,
            };
        }
    }
    let rows = u64::try_from(rows).ok()?;
    let filled = nulls
        .into_iter()
        .filter_map(|(name, n)| Some((name, rows.checked_sub(n?)?)))
        .collect();
    Some((rows, filled))
}
