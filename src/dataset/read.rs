//! Reading a written dataset back: the inverse of the writer.
//!
//! [`Documents`] streams a dataset folder as the [`DocumentResult`]s that
//! were pushed to write it, in the same order, a row group at a time: what
//! `ogi merge` needs to write shards into one dataset through the very same
//! writer. [`places`] reads just where each report came from, for the
//! change summary against a previous build.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::{ArrowPrimitiveType, Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{
    Array, ArrayAccessor, ArrayRef, Float64Array, Int32Array, Int64Array, PrimitiveArray,
    RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::arrow_reader::{
    ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::ProjectionMask;

use crate::contract::{codes, file_of, place};
use crate::model::{
    ApplicationCell, Code, CrossKeys, Date, Diagnostic, DocumentResult, Extraction, Metadata,
    Place as Division, ProactiveCell, Procurement, RawText, ReviewCell, Severity, Source, Status,
    Template,
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
    open_file_coded(path, columns, &[])
}

/// Like [`open_file`], with the text columns named in `coded` read as
/// dictionaries (each distinct value once a batch, the rows as keys): for
/// columns of codes, which repeat a few values over millions of rows.
fn open_file_coded(
    path: &Path,
    columns: Option<&[&str]>,
    coded: &[&str],
) -> Result<ParquetRecordBatchReader> {
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    reader_of(file, columns, coded).with_context(|| format!("cannot read {}", path.display()))
}

/// An open Parquet file's batches, as [`open_file_coded`] reads them.
fn reader_of(
    file: File,
    columns: Option<&[&str]>,
    coded: &[&str],
) -> Result<ParquetRecordBatchReader> {
    let unreadable = "not a readable Parquet file";
    let mut builder =
        ParquetRecordBatchReaderBuilder::try_new(file.try_clone()?).context(unreadable)?;
    if !coded.is_empty() {
        let fields: Vec<Field> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| {
                let mut f = f.as_ref().clone();
                if coded.contains(&f.name().as_str()) && f.data_type() == &DataType::Utf8 {
                    f = f.with_data_type(DataType::Dictionary(
                        Box::new(DataType::Int32),
                        Box::new(DataType::Utf8),
                    ));
                }
                f
            })
            .collect();
        let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(fields)));
        builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options)
            .context(unreadable)?;
    }
    if let Some(columns) = columns {
        let schema = builder.parquet_schema();
        let indices: Vec<usize> = columns
            .iter()
            .map(|c| {
                schema
                    .columns()
                    .iter()
                    .position(|d| d.path().parts()[0] == *c)
                    .with_context(|| format!("it has no column {c}"))
            })
            .collect::<Result<_>>()?;
        let mask = ProjectionMask::roots(schema, indices);
        builder = builder.with_projection(mask);
    }
    Ok(builder.with_batch_size(1024).build()?)
}

/// A table read row by row, its columns cast once a batch.
struct Rows {
    reader: ParquetRecordBatchReader,
    /// Rows in the current batch (0 when none is loaded).
    len: usize,
    /// The current batch's columns named in `names`, in that order.
    columns: Vec<Col>,
    names: &'static [&'static str],
    row: usize,
    table: &'static str,
}

/// A column of the current batch, cast once to what it holds, so that
/// reading a cell is an index, not a cast (a dataset has millions of
/// rows).
enum Col {
    Text(StringArray),
    /// Text read as a dictionary: its keys, its distinct values and the
    /// code each value spells (None for text that is no code).
    Coded {
        keys: Int32Array,
        values: StringArray,
        codes: Vec<Option<&'static str>>,
    },
    Int(Int64Array),
    Float(Float64Array),
    Other(ArrayRef),
}

impl Col {
    /// Column `c` cast; `coded` when its dictionary's values may be codes
    /// (not the report id, whose every value is distinct).
    fn of(c: &ArrayRef, coded: bool) -> Col {
        if let Some(a) = c.as_string_opt::<i32>() {
            return Col::Text(a.clone());
        }
        if let Some(dict) = c.as_dictionary_opt::<Int32Type>() {
            if let Some(values) = dict.values().as_string_opt::<i32>() {
                return Col::Coded {
                    keys: dict.keys().clone(),
                    values: values.clone(),
                    codes: if coded {
                        values.iter().map(|v| codes::known(v?)).collect()
                    } else {
                        Vec::new()
                    },
                };
            }
        }
        if let Some(a) = c.as_primitive_opt::<Int64Type>() {
            return Col::Int(a.clone());
        }
        if let Some(a) = c.as_primitive_opt::<Float64Type>() {
            return Col::Float(a.clone());
        }
        Col::Other(Arc::clone(c))
    }

    fn array(&self) -> &dyn Array {
        match self {
            Col::Text(a) => a,
            Col::Coded { keys, .. } => keys,
            Col::Int(a) => a,
            Col::Float(a) => a,
            Col::Other(a) => a.as_ref(),
        }
    }

    /// Row `i` as text, None where null; Err where the column holds no
    /// text.
    fn text(&self, i: usize) -> std::result::Result<Option<&str>, ()> {
        match self {
            Col::Text(a) => Ok(at(a, i)),
            Col::Coded { keys, values, .. } => Ok(at(keys, i)
                .and_then(|k| usize::try_from(k).ok())
                .filter(|&k| k < values.len())
                .map(|k| values.value(k))),
            _ => Err(()),
        }
    }
}

impl Rows {
    /// Rows of `table` whose columns `names` are read (the first is the
    /// report id).
    fn new(
        reader: ParquetRecordBatchReader,
        table: &'static str,
        names: &'static [&'static str],
    ) -> Rows {
        Rows {
            reader,
            len: 0,
            columns: Vec::new(),
            names,
            row: 0,
            table,
        }
    }

    /// Whether a row is at hand, loading the next batch as needed; false
    /// at the end.
    fn load(&mut self) -> Result<bool> {
        while self.row >= self.len {
            self.columns.clear();
            self.len = 0;
            self.row = 0;
            let Some(b) = self.reader.next() else {
                return Ok(false);
            };
            let b = b.with_context(|| format!("reading {}", self.table))?;
            self.columns = self
                .names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    b.column_by_name(n)
                        .map(|c| Col::of(c, i > 0))
                        .with_context(|| format!("{} has no column {n}", self.table))
                })
                .collect::<Result<_>>()?;
            self.len = b.num_rows();
        }
        Ok(true)
    }

    /// The current row, loading the next batch as needed; None at the end.
    fn current(&mut self) -> Result<Option<Row<'_>>> {
        if !self.load()? {
            return Ok(None);
        }
        Ok(Some(Row {
            columns: &self.columns,
            names: self.names,
            i: self.row,
        }))
    }

    /// How many rows from the current one on, in the current batch,
    /// belong to `report_id`: room to make for them at once.
    fn run(&mut self, report_id: &str) -> Result<usize> {
        if !self.at(report_id)? {
            return Ok(0);
        }
        Ok(match &self.columns[0] {
            // One key for the whole run: the rows are compared as integers.
            Col::Coded { keys, .. } => {
                let keys = &keys.values()[self.row..self.len];
                keys.iter().take_while(|&&k| k == keys[0]).count()
            }
            _ => 1,
        })
    }

    /// Whether the current row belongs to `report_id`.
    fn at(&mut self, report_id: &str) -> Result<bool> {
        if !self.load()? {
            return Ok(false);
        }
        match self.columns[0].text(self.row) {
            Ok(id) => Ok(id == Some(report_id)),
            Err(()) => anyhow::bail!("column {} is not text", self.names[0]),
        }
    }
}

/// One row of a [`Rows`]: its cells by the index of their column's name.
struct Row<'a> {
    columns: &'a [Col],
    names: &'static [&'static str],
    i: usize,
}

impl<'a> Row<'a> {
    fn typed<T: ?Sized>(
        &self,
        k: usize,
        cast: impl FnOnce(&'a dyn Array) -> Option<&'a T>,
        what: &str,
    ) -> Result<&'a T> {
        cast(self.columns[k].array())
            .with_context(|| format!("column {} is not {what}", self.names[k]))
    }

    fn valid(&self, k: usize) -> bool {
        self.columns[k].array().is_valid(self.i)
    }

    fn str(&self, k: usize) -> Result<Option<&'a str>> {
        self.columns[k]
            .text(self.i)
            .map_err(|()| anyhow::anyhow!("column {} is not text", self.names[k]))
    }

    fn string(&self, k: usize) -> Result<String> {
        Ok(self.str(k)?.unwrap_or_default().to_string())
    }

    /// A cell's printed text (empty where null).
    fn text(&self, k: usize) -> Result<RawText> {
        Ok(RawText::from(self.str(k)?.unwrap_or_default()))
    }

    fn opt_string(&self, k: usize) -> Result<Option<String>> {
        Ok(self.str(k)?.map(str::to_string))
    }

    fn number<T: ArrowPrimitiveType>(&self, k: usize) -> Result<Option<T::Native>> {
        let c = self.typed(k, |a| a.as_primitive_opt::<T>(), "a number")?;
        Ok(at(c, self.i))
    }

    /// An integer column's value (the cell tables' `value`).
    fn int(&self, k: usize) -> Result<Option<i64>> {
        match &self.columns[k] {
            Col::Int(a) => Ok(at(a, self.i)),
            _ => self.number::<Int64Type>(k),
        }
    }

    /// A float column's value.
    fn float(&self, k: usize) -> Result<Option<f64>> {
        match &self.columns[k] {
            Col::Float(a) => Ok(at(a, self.i)),
            _ => self.number::<Float64Type>(k),
        }
    }

    fn boolean(&self, k: usize) -> Result<bool> {
        let c = self.typed(k, |a| a.as_boolean_opt(), "true or false")?;
        Ok(self.valid(k) && c.value(self.i))
    }

    fn list(&self, k: usize) -> Result<Vec<String>> {
        let c = self.typed(k, |a| a.as_list_opt::<i32>(), "a list")?;
        let items = c.value(self.i);
        let items = items
            .as_string_opt::<i32>()
            .with_context(|| format!("column {} is not a list of text", self.names[k]))?;
        Ok(items
            .iter()
            .map(|s| s.unwrap_or_default().to_string())
            .collect())
    }

    /// The code in column `k`, by its static spelling; an error for text
    /// that is no code of this version.
    fn code(&self, k: usize) -> Result<&'static str> {
        if let Col::Coded { keys, codes, .. } = &self.columns[k] {
            let code = at(keys, self.i)
                .and_then(|key| usize::try_from(key).ok())
                .and_then(|key| codes.get(key).copied().flatten());
            if let Some(code) = code {
                return Ok(code);
            }
        }
        let s = self.str(k)?.unwrap_or_default();
        codes::known(s).with_context(|| {
            format!(
                "column {} holds {s:?}, which is no code of this version of ogi",
                self.names[k]
            )
        })
    }

    /// Like [`Row::code`], None where null.
    fn code_opt(&self, k: usize) -> Result<Option<&'static str>> {
        if self.valid(k) {
            self.code(k).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The value of an enum column.
    fn parse<T: Code>(&self, k: usize) -> Result<T> {
        parse(self.str(k)?.unwrap_or_default(), self.names[k])
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

fn f64_at(b: &RecordBatch, name: &str, i: usize) -> Result<Option<f64>> {
    Ok(at(primitive::<Float64Type>(b, name)?, i))
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

/// Columns read of each table, the report id first; the indices in
/// [`Documents::next_document`] are positions in these lists.
const REPORT_COLUMNS: &[&str] = &[
    "report_id",
    "source_path",
    "member",
    "duplicate_paths",
    "sha256",
    "bytes",
    "format",
    "encoding",
    "title",
    "organ",
    "region",
    "year",
    "publish_date",
    "index_number",
    "region_code",
    "province",
    "prefecture",
    "county",
    "template",
    "status",
];
const PROACTIVE_COLUMNS: &[&str] = &["report_id", "item", "category", "metric", "value", "raw"];
const APPLICATION_COLUMNS: &[&str] = &["report_id", "row", "applicant", "value", "raw"];
const REVIEW_COLUMNS: &[&str] = &["report_id", "proceeding", "outcome", "value", "raw"];
const PROCUREMENT_COLUMNS: &[&str] = &[
    "report_id",
    "project_count",
    "amount_raw",
    "amount_unit",
    "amount_yuan",
    "amount_unit_inferred",
    "source",
];
/// The columns of codes among them, read as dictionaries.
const CODED_COLUMNS: &[&str] = &[
    "item",
    "category",
    "metric",
    "row",
    "applicant",
    "proceeding",
    "outcome",
    "amount_unit",
    "source",
    "code",
    "table",
];
const DIAGNOSTIC_COLUMNS: &[&str] = &[
    "report_id",
    "code",
    "severity",
    "table",
    "location",
    "message",
];

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
        let rows = |t: &'static str, names: &'static [&'static str]| {
            let path = dir.join(file_of(t).unwrap_or(t));
            // The fact tables' report ids as dictionaries too: an id
            // repeats over a report's rows, and is then neither copied
            // out nor compared a row at a time.
            let coded: Vec<&str> = match t {
                "reports" => CODED_COLUMNS.to_vec(),
                _ => CODED_COLUMNS.iter().copied().chain(["report_id"]).collect(),
            };
            let reader = open_file_coded(&path, Some(names), &coded)?;
            Ok::<_, anyhow::Error>(Rows::new(reader, t, names))
        };
        Ok(Documents {
            reports: rows("reports", REPORT_COLUMNS)?,
            proactive: rows("proactive_disclosure", PROACTIVE_COLUMNS)?,
            applications: rows("applications", APPLICATION_COLUMNS)?,
            reviews: rows("reviews", REVIEW_COLUMNS)?,
            procurement: rows("procurement", PROCUREMENT_COLUMNS)?,
            diagnostics: rows("diagnostics", DIAGNOSTIC_COLUMNS)?,
            skip_codes,
        })
    }

    fn next_document(&mut self) -> Result<Option<DocumentResult>> {
        let Some(r) = self.reports.current()? else {
            return Ok(None);
        };
        let source = Source {
            report_id: r.string(0)?,
            source_path: r.string(1)?,
            member: r.opt_string(2)?,
            duplicate_paths: r.list(3)?,
            sha256: r.string(4)?,
            bytes: r.number::<Int64Type>(5)?.unwrap_or_default(),
            format: r.string(6)?,
            encoding: r.string(7)?,
        };
        let metadata = Metadata {
            title: r.opt_string(8)?,
            organ: r.opt_string(9)?,
            region: r.opt_string(10)?,
            year: r.number::<Int32Type>(11)?,
            publish_date: r.number::<Date32Type>(12)?.map(Date::from_days_since_epoch),
            index_number: r.opt_string(13)?,
        };
        let place = match r.str(14)? {
            None => None,
            Some(code) => Some(Division {
                region_code: code.to_string(),
                province: r.string(15)?,
                prefecture: r.opt_string(16)?,
                county: r.opt_string(17)?,
            }),
        };
        let template: Template = r.parse(18)?;
        let status: Status = r.parse(19)?;
        self.reports.row += 1;
        let id = source.report_id.as_str();

        let mut ex = Extraction::empty(status);
        ex.metadata = metadata;
        ex.template = template;
        ex.proactive.reserve(self.proactive.run(id)?);
        while self.proactive.at(id)? {
            let r = self.proactive.current()?.expect("at a row");
            ex.proactive.push(ProactiveCell {
                item: r.code(1)?,
                category: r.code(2)?,
                metric: r.code(3)?,
                value: r.float(4)?,
                raw: r.text(5)?,
            });
            self.proactive.row += 1;
        }
        ex.applications.reserve(self.applications.run(id)?);
        while self.applications.at(id)? {
            let r = self.applications.current()?.expect("at a row");
            ex.applications.push(ApplicationCell {
                row: r.code(1)?,
                applicant: r.code(2)?,
                value: r.int(3)?,
                raw: r.text(4)?,
            });
            self.applications.row += 1;
        }
        ex.reviews.reserve(self.reviews.run(id)?);
        while self.reviews.at(id)? {
            let r = self.reviews.current()?.expect("at a row");
            ex.reviews.push(ReviewCell {
                proceeding: r.code(1)?,
                outcome: r.code(2)?,
                value: r.int(3)?,
                raw: r.text(4)?,
            });
            self.reviews.row += 1;
        }
        if self.procurement.at(id)? {
            let r = self.procurement.current()?.expect("at a row");
            ex.procurement = Some(Procurement {
                project_count: r.number::<Int64Type>(1)?,
                amount_raw: r.opt_string(2)?,
                amount_unit: r.code(3)?,
                amount_yuan: r.number::<Float64Type>(4)?,
                amount_unit_inferred: r.boolean(5)?,
                source: r.code(6)?,
            });
            self.procurement.row += 1;
        }
        while self.diagnostics.at(id)? {
            let r = self.diagnostics.current()?.expect("at a row");
            let code = r.code(1)?;
            if !self.skip_codes.contains(&code) {
                ex.diagnostics.push(Diagnostic {
                    severity: r.parse::<Severity>(2)?,
                    code,
                    table: r.code_opt(3)?,
                    location: r.opt_string(4)?,
                    message: r.string(5)?,
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
    let path = dir.join(file_of("reports").unwrap_or("reports"));
    let file = File::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    places_in(file).with_context(|| format!("reading {}", path.display()))
}

/// The places of the reports in an open `reports` table (staged or final).
pub fn places_in(file: File) -> Result<impl Iterator<Item = Result<Place>>> {
    const COLUMNS: &[&str] = &["report_id", "source_path", "member"];
    let reader = reader_of(file, Some(COLUMNS), &[])?;
    let mut rows = Rows::new(reader, "reports", COLUMNS);
    Ok(std::iter::from_fn(move || {
        let next = (|| -> Result<Option<Place>> {
            let Some(r) = rows.current()? else {
                return Ok(None);
            };
            let place = Place {
                source_path: r.string(1)?,
                member: r.opt_string(2)?,
                report_id: r.string(0)?,
            };
            rows.row += 1;
            Ok(Some(place))
        })();
        next.transpose()
    }))
}

/// Where a value cell is, for comparing builds: its table, the number the
/// caller gave its report, and its codes (the unused ones empty). All
/// codes are static strings, so a cell's key holds no allocation.
pub type CellKey = (&'static str, u32, [&'static str; 3]);

/// A cell's value for comparing builds: its bits (a float's, or an
/// integer's two's complement), None where null.
pub type CellValue = Option<u64>;

/// The value cells of the reports in `ids` (each with the number the key
/// carries), from the three cell tables, each handed to `cell`. An error
/// where a cell's place is no code of this version of ogi.
pub fn cells_of(
    dir: &Path,
    ids: &HashMap<String, u32>,
    cell: &mut dyn FnMut(CellKey, CellValue),
) -> Result<()> {
    let tables: [(&'static str, [&str; 3]); 3] = [
        ("proactive_disclosure", ["item", "category", "metric"]),
        ("applications", ["row", "applicant", ""]),
        ("reviews", ["proceeding", "outcome", ""]),
    ];
    // The report id read as a dictionary: each distinct id of a column
    // chunk is looked up once, not once a row, and no row's id is copied.
    let dictionaries: Vec<&str> = CODED_COLUMNS.iter().copied().chain(["report_id"]).collect();
    for (table, keys) in tables {
        // Only the columns compared: the raw text is never decoded.
        let named: Vec<&str> = keys.iter().copied().filter(|k| !k.is_empty()).collect();
        let columns: Vec<&str> = ["report_id", "value"]
            .into_iter()
            .chain(named.iter().copied())
            .collect();
        let path = dir.join(file_of(table).unwrap_or(table));
        let mut wanted = WantedIds::default();
        for batch in open_file_coded(&path, Some(&columns), &dictionaries)? {
            let b = batch.with_context(|| format!("reading {table}"))?;
            let coded: Vec<Col> = named
                .iter()
                .map(|k| Ok(Col::of(b.column_by_name(k).context("no column")?, true)))
                .collect::<Result<_>>()?;
            for (i, pair) in wanted.rows(column(&b, "report_id")?, ids)? {
                let mut codes = [""; 3];
                for (c, (col, name)) in coded.iter().zip(&named).enumerate() {
                    codes[c] = code_at(col, i).with_context(|| {
                        format!("{table}.{name} holds text that is no code of this version of ogi")
                    })?;
                }
                let value = if table == "proactive_disclosure" {
                    f64_at(&b, "value", i)?.map(f64::to_bits)
                } else {
                    i64_at(&b, "value", i)?.map(|v| v as u64)
                };
                cell((table, pair, codes), value);
            }
        }
    }
    Ok(())
}

/// Row `i` of a column of codes, by its static spelling; None where it
/// holds no code (or is null).
fn code_at(col: &Col, i: usize) -> Option<&'static str> {
    match col {
        Col::Coded { keys, codes, .. } => {
            let key = usize::try_from(at(keys, i)?).ok()?;
            codes.get(key).copied().flatten()
        }
        _ => codes::known(col.text(i).ok()??),
    }
}

/// Which report ids of a column chunk's dictionary are among those asked
/// for (the same dictionary comes with every batch of a chunk).
#[derive(Default)]
struct WantedIds {
    /// The dictionary the numbers are for, held so that it stays the same
    /// allocation while it is compared by address.
    dictionary: Option<ArrayRef>,
    /// Each dictionary entry's number among the ids asked for, if it is one.
    numbers: Vec<Option<u32>>,
}

impl WantedIds {
    /// The rows of a batch whose report id (column `c`, read as a
    /// dictionary) is one of `ids`, with that id's number.
    fn rows(&mut self, c: &dyn Array, ids: &HashMap<String, u32>) -> Result<Vec<(usize, u32)>> {
        let dict = c
            .as_dictionary_opt::<Int32Type>()
            .context("column report_id is not read as a dictionary")?;
        let values = dict
            .values()
            .as_string_opt::<i32>()
            .context("column report_id is not text")?;
        let same = self
            .dictionary
            .as_ref()
            .is_some_and(|d| Arc::ptr_eq(d, dict.values()));
        if !same {
            self.numbers = values
                .iter()
                .map(|v| v.and_then(|s| ids.get(s).copied()))
                .collect();
            self.dictionary = Some(Arc::clone(dict.values()));
        }
        let numbers = &self.numbers;
        Ok(dict
            .keys()
            .iter()
            .enumerate()
            .filter_map(|(i, key)| {
                let key = usize::try_from(key?).ok()?;
                Some((i, (*numbers.get(key)?)?))
            })
            .collect())
    }
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
