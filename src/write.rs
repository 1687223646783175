//! Streams [`DocumentResult`]s into the six Parquet tables of the dataset
//! contract (`shared/spec/dataset.md`) and a `manifest.json`.
//!
//! A build is written into a fresh temporary directory beside its destination
//! (`.{name}.tmp-{pid}`) and only moved to the destination by
//! [`DatasetWriter::finish`], so nothing half-written ever appears there; a
//! writer dropped before `finish` removes its temporary directory.
//!
//! Memory stays flat: rows are buffered per table in Arrow column builders,
//! handed to the Parquet writer as a record batch at the first document
//! boundary past [`BATCH_BYTES`] of data, and the row group the batches build
//! up (encoded and compressed, in memory until it ends) ends at the first
//! document boundary past `row_group_rows` rows or [`ROW_GROUP_BYTES`] of
//! memory (see [`Table::flush_if_full`]). Both boundaries depend only on the
//! data and the order of the pushes. Row groups stay large (the footer keeps
//! every row group's metadata until the file closes, so many small ones grow
//! memory with the size of the archive), while the builders stay small.
//!
//! Output is byte-reproducible: `created_by` is pinned to the ogi version, no
//! timestamps are written, compression is zstd level 1, and every piece of
//! metadata is emitted in a fixed order.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    ListBuilder, StringBuilder, UInt32Builder,
};
use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, BooleanArray, Int32Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReaderBuilder};
use parquet::arrow::ArrowWriter;

pub mod lock;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::crosscheck::{self, organ::organ_key};
use crate::model::{DocumentResult, Severity, APPLICANTS};

/// The version of ogi itself, pinned into every file's `created_by`.
pub const OGI_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Data a table's builders hold before it goes to the Parquet writer as a
/// record batch, at most (see [`Table::flush_if_full`]).
const BATCH_BYTES: usize = 1024 * 1024;

/// Data a row group holds in memory before it is written out, at most: the
/// Parquet writer's own estimate of its open row group
/// (`ArrowWriter::memory_size`: encoded pages, dictionaries, page buffers)
/// plus the builders' rows not yet handed over (see
/// [`Table::flush_if_full`]).
const ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;

/// Rows read back at a time when `reports` is completed from its staged file.
const COMPLETE_BATCH_ROWS: usize = 8192;

/// Name of the manifest file inside a build directory.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The tables of the dataset contract, in the order they are written and
/// listed: `(table name, file name)`.
pub const TABLES: [(&str, &str); 6] = [
    ("reports", "reports.parquet"),
    ("proactive_disclosure", "proactive_disclosure.parquet"),
    ("applications", "applications.parquet"),
    ("reviews", "reviews.parquet"),
    ("procurement", "procurement.parquet"),
    ("diagnostics", "diagnostics.parquet"),
];

/// Where `reports` is written while documents stream in; rewritten to
/// `reports.parquet` with the cross-report columns when the build closes.
const STAGED_REPORTS_FILE: &str = ".reports.staged.parquet";

/// Footer keys the writer sets itself; [`BuildInfo::extra`] may not reuse them.
const RESERVED_KEY_PREFIX: &str = "ogi.";
const ARROW_SCHEMA_KEY: &str = "ARROW:schema";

/// What a build records about how it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    pub parser_version: String,
    /// Hex digest of the effective configuration.
    pub config_digest: String,
    /// Rows per Parquet row group, at most (but for the rows of the
    /// document that crosses it), e.g. 1048576.
    pub row_group_rows: usize,
    /// More key/values written into every file's footer (under the key as
    /// given) and into the manifest's `extra` object. Keys may not start with
    /// `ogi.` (the writer's own footer keys) nor be `ARROW:schema`.
    pub extra: Vec<(String, String)>,
}

/// One finished table file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TableSummary {
    /// Table name, e.g. `reports`.
    pub name: String,
    /// File name relative to the build directory, e.g. `reports.parquet`.
    pub file: String,
    pub rows: u64,
    /// Hex sha256 of the finished file.
    pub sha256: String,
}

/// `manifest.json`: what a build holds and how it was made. Serialised with
/// sorted keys; `tables` becomes an object keyed by table name whose values
/// are `{file, rows, sha256}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Manifest {
    pub ogi_version: String,
    pub parser_version: String,
    pub config_digest: String,
    /// Hex sha256 over the identities of the pushed documents (see
    /// [`DatasetWriter::push`]).
    pub input_digest: String,
    /// Number of documents pushed (rows of `reports`).
    pub documents: u64,
    pub row_group_rows: usize,
    /// In the order of [`TABLES`].
    #[serde(serialize_with = "tables_as_map")]
    pub tables: Vec<TableSummary>,
    pub extra: BTreeMap<String, String>,
    /// Findings of the cross-report checks, by diagnostic code.
    pub cross_report: BTreeMap<String, u64>,
}

impl Manifest {
    /// The summary of one table, by name.
    pub fn table(&self, name: &str) -> Option<&TableSummary> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The manifest as written to `manifest.json`: pretty JSON, keys sorted at
    /// every level, trailing newline.
    pub fn to_json(&self) -> Result<String> {
        let mut value = serde_json::to_value(self).context("serialising the manifest")?;
        sort_keys(&mut value);
        let mut text = serde_json::to_string_pretty(&value).context("serialising the manifest")?;
        text.push('\n');
        Ok(text)
    }
}

fn tables_as_map<S: serde::Serializer>(
    tables: &[TableSummary],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Entry<'a> {
        file: &'a str,
        rows: u64,
        sha256: &'a str,
    }
    let map: BTreeMap<&str, Entry<'_>> = tables
        .iter()
        .map(|t| {
            let entry = Entry {
                file: &t.file,
                rows: t.rows,
                sha256: &t.sha256,
            };
            (t.name.as_str(), entry)
        })
        .collect();
    map.serialize(serializer)
}

/// Sort object keys recursively, whatever map type serde_json was built with.
fn sort_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> =
                std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (key, mut v) in entries {
                sort_keys(&mut v);
                map.insert(key, v);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sort_keys),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Schemas

fn field(name: &str, data_type: DataType, nullable: bool, description: &str) -> Field {
    Field::new(name, data_type, nullable).with_metadata([("description", description)])
}

fn utf8(name: &str, nullable: bool, description: &str) -> Field {
    field(name, DataType::Utf8, nullable, description)
}

fn report_id_field() -> Field {
    utf8(
        "report_id",
        false,
        "stable id: hex of a content hash of the raw bytes; joins to reports",
    )
}

fn year_field() -> Field {
    field(
        "year",
        DataType::Int32,
        true,
        "the year the report covers (not the year it was published); null when unknown",
    )
}

/// The item field of `duplicate_paths`.
fn duplicate_path_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, false))
}

fn reports_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        utf8("source_path", false, "path relative to the input root"),
        utf8(
            "member",
            true,
            "path inside an archive, when the document came from one",
        ),
        field(
            "duplicate_paths",
            DataType::List(duplicate_path_item()),
            false,
            "other places holding the same bytes (path or path!member), in path order",
        ),
        utf8("sha256", false, "sha256 of the raw bytes, hex"),
        field(
            "bytes",
            DataType::Int64,
            false,
            "size of the raw document in bytes",
        ),
        utf8(
            "format",
            false,
            "text, html, docx (or what was recognised and not read)",
        ),
        utf8(
            "encoding",
            false,
            "encoding the bytes were decoded from (UTF-8, GB18030, ...)",
        ),
        utf8("title", true, "the report's title as printed"),
        utf8(
            "organ",
            true,
            "the reporting organ as named in the document",
        ),
        utf8(
            "region",
            true,
            "the enclosing county/district/city where the document names it",
        ),
        year_field(),
        field(
            "publish_date",
            DataType::Date32,
            true,
            "publication date where the page shows one",
        ),
        utf8("index_number", true, "索引号 where the page shows one"),
        utf8("template", false, "gov2019, gov2021, narrative, unknown"),
        utf8("status", false, "ok, partial, not_a_report, failed"),
        field(
            "n_errors",
            DataType::Int32,
            false,
            "diagnostics of severity error",
        ),
        field(
            "n_warnings",
            DataType::Int32,
            false,
            "diagnostics of severity warning (cross-report ones included)",
        ),
        utf8(
            "organ_key",
            true,
            "the organ, matched across years: SCOPE|NAME (county-level place from the path \
             or the region, then the name without that place, spaces or 人民政府); null when \
             the organ cannot be located",
        ),
        field(
            "canonical",
            DataType::Boolean,
            false,
            "false when another document of the same organ and year is kept instead \
             (see the REPOST diagnostic)",
        ),
    ])
}

/// `reports` as written while documents stream in: everything but
/// `canonical`, which is known only once all of them are in, then the
/// columns staged for the cross-report checks ([`crosscheck::staged`]),
/// dropped when `reports` is completed.
fn staged_reports_schema() -> Schema {
    let full = reports_schema();
    let mut fields: Vec<Field> = full
        .fields()
        .iter()
        .filter(|f| f.name() != "canonical")
        .map(|f| f.as_ref().clone())
        .collect();
    fields.push(Field::new(
        crosscheck::staged::ORGAN_PART,
        DataType::UInt32,
        true,
    ));
    for (_, prefix) in crosscheck::staged::CARRIES {
        for applicant in APPLICANTS {
            fields.push(Field::new(
                crosscheck::staged::carry_column(prefix, applicant),
                DataType::Int64,
                true,
            ));
        }
    }
    Schema::new(fields)
}

/// Every table's name and schema, in the order of [`TABLES`].
pub fn schemas() -> Vec<(&'static str, Schema)> {
    vec![
        (TABLES[0].0, reports_schema()),
        (TABLES[1].0, proactive_schema()),
        (TABLES[2].0, applications_schema()),
        (TABLES[3].0, reviews_schema()),
        (TABLES[4].0, procurement_schema()),
        (TABLES[5].0, diagnostics_schema()),
    ]
}

fn proactive_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8("item", false, "第二十条 item: 20.1, 20.5, 20.6, 20.8"),
        utf8(
            "category",
            false,
            "what the row counts, e.g. regulations, administrative_penalty",
        ),
        utf8(
            "metric",
            false,
            "which column of the template, e.g. new_made, issued, decisions",
        ),
        field(
            "value",
            DataType::Float64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

fn applications_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8(
            "row",
            false,
            "section 三 row code, e.g. new_received, granted, total",
        ),
        utf8(
            "applicant",
            false,
            "applicant column code, e.g. natural_person, total",
        ),
        field(
            "value",
            DataType::Int64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

fn reviews_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8(
            "proceeding",
            false,
            "reconsideration, litigation_direct, litigation_after_reconsideration",
        ),
        utf8("outcome", false, "upheld, corrected, other, pending, total"),
        field(
            "value",
            DataType::Int64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

fn procurement_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        field("project_count", DataType::Int64, true, "采购项目数量"),
        utf8("amount_raw", true, "the amount as printed, unit included"),
        utf8("amount_unit", false, "wan_yuan, yuan, or unspecified"),
        field("amount_yuan", DataType::Float64, true, "the amount in yuan"),
        field(
            "amount_unit_inferred",
            DataType::Boolean,
            false,
            "true when the unit was not printed and was inferred from the amount's size",
        ),
        utf8("source", false, "table or narrative"),
    ])
}

fn diagnostics_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        utf8("severity", false, "error, warning, info"),
        utf8(
            "code",
            false,
            "stable SCREAMING_SNAKE_CASE code, documented in the README",
        ),
        utf8("table", true, "which table it concerns"),
        utf8("location", true, "row/column codes or a line number"),
        utf8("message", false, "one sentence a person understands"),
    ])
}

// ---------------------------------------------------------------------------
// Column builders, one struct per table; `finish` returns the arrays in the
// order of the table's schema.

trait Columns {
    fn new(capacity: usize) -> Self;
    fn len(&self) -> usize;
    /// Roughly how many bytes the builders hold: their text, and a word
    /// per row for the rest.
    fn bytes(&self) -> usize;
    fn finish(&mut self) -> Vec<ArrayRef>;
}

/// Bytes of text in these builders.
fn text(columns: &[&StringBuilder]) -> usize {
    columns.iter().map(|c| c.values_slice().len()).sum()
}

fn strings(capacity: usize) -> StringBuilder {
    StringBuilder::with_capacity(capacity, capacity * 16)
}

/// A builder finished into an array, and left empty with room for as many
/// rows (and bytes of text) as it just held: the next batch is likely
/// as large, and a builder grown again from nothing copies its buffers and
/// faults their pages in several times over. Room that is never written to
/// costs no memory.
trait Refill: ArrayBuilder + Sized {
    /// An empty builder with room for what `self` holds now.
    fn room(&self) -> Self;

    fn refill(&mut self) -> ArrayRef {
        let room = self.room();
        std::mem::replace(self, room).finish()
    }
}

impl Refill for StringBuilder {
    fn room(&self) -> Self {
        StringBuilder::with_capacity(self.len(), self.values_slice().len())
    }
}

impl<T: arrow_array::ArrowPrimitiveType> Refill for arrow_array::builder::PrimitiveBuilder<T> {
    fn room(&self) -> Self {
        Self::with_capacity(self.len())
    }
}

impl Refill for BooleanBuilder {
    fn room(&self) -> Self {
        BooleanBuilder::with_capacity(self.len())
    }
}

fn append_year_n(builder: &mut Int32Builder, year: Option<i32>, n: usize) {
    match year {
        Some(y) => builder.append_value_n(y, n),
        None => builder.append_nulls(n),
    }
}

struct ReportsColumns {
    report_id: StringBuilder,
    source_path: StringBuilder,
    member: StringBuilder,
    duplicate_paths: ListBuilder<StringBuilder>,
    sha256: StringBuilder,
    bytes: Int64Builder,
    format: StringBuilder,
    encoding: StringBuilder,
    title: StringBuilder,
    organ: StringBuilder,
    region: StringBuilder,
    year: Int32Builder,
    publish_date: Date32Builder,
    index_number: StringBuilder,
    template: StringBuilder,
    status: StringBuilder,
    n_errors: Int32Builder,
    n_warnings: Int32Builder,
    organ_key: StringBuilder,
    organ_part: UInt32Builder,
    /// `over_*` then `forward_*`, in the order of [`APPLICANTS`].
    carries: Vec<Int64Builder>,
}

impl Columns for ReportsColumns {
    fn new(capacity: usize) -> Self {
        ReportsColumns {
            report_id: strings(capacity),
            source_path: strings(capacity),
            member: strings(capacity),
            duplicate_paths: ListBuilder::new(StringBuilder::new())
                .with_field(duplicate_path_item()),
            sha256: strings(capacity),
            bytes: Int64Builder::with_capacity(capacity),
            format: strings(capacity),
            encoding: strings(capacity),
            title: strings(capacity),
            organ: strings(capacity),
            region: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            publish_date: Date32Builder::with_capacity(capacity),
            index_number: strings(capacity),
            template: strings(capacity),
            status: strings(capacity),
            n_errors: Int32Builder::with_capacity(capacity),
            n_warnings: Int32Builder::with_capacity(capacity),
            organ_key: strings(capacity),
            organ_part: UInt32Builder::with_capacity(capacity),
            carries: (0..2 * APPLICANTS.len())
                .map(|_| Int64Builder::with_capacity(capacity))
                .collect(),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.source_path,
            &self.member,
            &self.sha256,
            &self.format,
            &self.encoding,
            &self.title,
            &self.organ,
            &self.region,
            &self.index_number,
            &self.template,
            &self.status,
            &self.organ_key,
        ]) + (20 + 8 * self.carries.len()) * self.len()
    }
    fn len(&self) -> usize {
        self.n_warnings.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        let columns: Vec<ArrayRef> = vec![
            self.report_id.refill(),
            self.source_path.refill(),
            self.member.refill(),
            Arc::new(self.duplicate_paths.finish()),
            self.sha256.refill(),
            self.bytes.refill(),
            self.format.refill(),
            self.encoding.refill(),
            self.title.refill(),
            self.organ.refill(),
            self.region.refill(),
            self.year.refill(),
            self.publish_date.refill(),
            self.index_number.refill(),
            self.template.refill(),
            self.status.refill(),
            self.n_errors.refill(),
            self.n_warnings.refill(),
            self.organ_key.refill(),
            self.organ_part.refill(),
        ];
        columns
            .into_iter()
            .chain(self.carries.iter_mut().map(|b| b.refill()))
            .collect()
    }
}

struct ProactiveColumns {
    report_id: StringBuilder,
    year: Int32Builder,
    item: StringBuilder,
    category: StringBuilder,
    metric: StringBuilder,
    value: Float64Builder,
    raw: StringBuilder,
}

impl Columns for ProactiveColumns {
    fn new(capacity: usize) -> Self {
        ProactiveColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            item: strings(capacity),
            category: strings(capacity),
            metric: strings(capacity),
            value: Float64Builder::with_capacity(capacity),
            raw: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.item,
            &self.category,
            &self.metric,
            &self.raw,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.raw.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.item.refill(),
            self.category.refill(),
            self.metric.refill(),
            self.value.refill(),
            self.raw.refill(),
        ]
    }
}

/// Columns of `applications` and of `reviews`: two code columns, a value, a raw.
struct CellColumns {
    report_id: StringBuilder,
    year: Int32Builder,
    first: StringBuilder,
    second: StringBuilder,
    value: Int64Builder,
    raw: StringBuilder,
}

impl Columns for CellColumns {
    fn new(capacity: usize) -> Self {
        CellColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            first: strings(capacity),
            second: strings(capacity),
            value: Int64Builder::with_capacity(capacity),
            raw: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[&self.report_id, &self.first, &self.second, &self.raw]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.raw.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.first.refill(),
            self.second.refill(),
            self.value.refill(),
            self.raw.refill(),
        ]
    }
}

struct ProcurementColumns {
    report_id: StringBuilder,
    year: Int32Builder,
    project_count: Int64Builder,
    amount_raw: StringBuilder,
    amount_unit: StringBuilder,
    amount_yuan: Float64Builder,
    amount_unit_inferred: BooleanBuilder,
    source: StringBuilder,
}

impl Columns for ProcurementColumns {
    fn new(capacity: usize) -> Self {
        ProcurementColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            project_count: Int64Builder::with_capacity(capacity),
            amount_raw: strings(capacity),
            amount_unit: strings(capacity),
            amount_yuan: Float64Builder::with_capacity(capacity),
            amount_unit_inferred: BooleanBuilder::with_capacity(capacity),
            source: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.amount_raw,
            &self.amount_unit,
            &self.source,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.source.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.project_count.refill(),
            self.amount_raw.refill(),
            self.amount_unit.refill(),
            self.amount_yuan.refill(),
            self.amount_unit_inferred.refill(),
            self.source.refill(),
        ]
    }
}

struct DiagnosticsColumns {
    report_id: StringBuilder,
    severity: StringBuilder,
    code: StringBuilder,
    table: StringBuilder,
    location: StringBuilder,
    message: StringBuilder,
}

impl Columns for DiagnosticsColumns {
    fn new(capacity: usize) -> Self {
        DiagnosticsColumns {
            report_id: strings(capacity),
            severity: strings(capacity),
            code: strings(capacity),
            table: strings(capacity),
            location: strings(capacity),
            message: StringBuilder::with_capacity(capacity, capacity * 64),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.severity,
            &self.code,
            &self.table,
            &self.location,
            &self.message,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.message.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.severity.refill(),
            self.code.refill(),
            self.table.refill(),
            self.location.refill(),
            self.message.refill(),
        ]
    }
}

// ---------------------------------------------------------------------------
// Files

/// The "builders" of a table written whole batches at a time.
struct Batches;

impl Columns for Batches {
    fn new(_capacity: usize) -> Self {
        Batches
    }
    fn len(&self) -> usize {
        0
    }
    fn bytes(&self) -> usize {
        0
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        Vec::new()
    }
}

/// Buffers writes to a file and hashes every byte on its way out, so a
/// table's sha256 is known without reading it back.
struct HashingWriter {
    inner: BufWriter<File>,
    hasher: Sha256,
}

impl Write for HashingWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// One table: its column builders and its open Parquet file.
struct Table<C: Columns> {
    name: &'static str,
    file: &'static str,
    path: PathBuf,
    schema: SchemaRef,
    /// `None` once closed.
    writer: Option<ArrowWriter<HashingWriter>>,
    columns: C,
    /// Rows handed to the Parquet writer in the row group it is building.
    group_rows: usize,
    rows: u64,
}

impl<C: Columns> Table<C> {
    fn create(
        dir: &Path,
        (name, file): (&'static str, &'static str),
        schema: Schema,
        props: &WriterProperties,
        capacity: usize,
    ) -> Result<Self> {
        let path = dir.join(file);
        let handle = File::options()
            .write(true)
            .create_new(true)
            .open(&path)
            .with_context(|| format!("cannot create table {name} at {}", path.display()))?;
        let sink = HashingWriter {
            inner: BufWriter::with_capacity(1 << 20, handle),
            hasher: Sha256::new(),
        };
        let schema = Arc::new(schema);
        let writer = ArrowWriter::try_new(sink, Arc::clone(&schema), Some(props.clone()))
            .with_context(|| format!("cannot start Parquet table {name} at {}", path.display()))?;
        Ok(Table {
            name,
            file,
            path,
            schema,
            writer: Some(writer),
            columns: C::new(capacity),
            group_rows: 0,
            rows: 0,
        })
    }

    /// The Parquet writer, unless the table is closed.
    fn writer(&mut self) -> Result<&mut ArrowWriter<HashingWriter>> {
        let (name, path) = (self.name, &self.path);
        self.writer
            .as_mut()
            .with_context(|| format!("table {name} ({}) is already closed", path.display()))
    }

    fn context(&self) -> String {
        format!("writing table {} ({})", self.name, self.path.display())
    }

    /// Hand the buffered rows to the Parquet writer as one record batch, in
    /// the row group it is building, if there are any.
    fn write_buffered(&mut self) -> Result<()> {
        let n = self.columns.len();
        if n == 0 {
            return Ok(());
        }
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), self.columns.finish())
            .with_context(|| self.context())?;
        self.write_rows(&batch)
    }

    fn write_rows(&mut self, batch: &RecordBatch) -> Result<()> {
        let what = self.context();
        self.writer()?.write(batch).context(what)?;
        self.group_rows += batch.num_rows();
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Write out the row group being built, with the buffered rows, if it
    /// holds any.
    fn end_row_group(&mut self) -> Result<()> {
        self.write_buffered()?;
        if self.group_rows == 0 {
            return Ok(());
        }
        let what = self.context();
        self.writer()?.flush().context(what)?;
        self.group_rows = 0;
        Ok(())
    }

    /// Called at a document boundary: end the row group once it holds
    /// `row_group_rows` rows or [`ROW_GROUP_BYTES`] of data, whichever
    /// comes first; else hand the builders' rows over as a batch once they
    /// hold [`BATCH_BYTES`]. A wide table (`reports`) would otherwise hold
    /// tens of MB before its first row group, and memory would keep growing
    /// up to that point with the size of the archive.
    fn flush_if_full(&mut self, row_group_rows: usize) -> Result<()> {
        let buffered = self.columns.bytes();
        let in_progress = self.writer.as_ref().map_or(0, |w| w.memory_size());
        if self.group_rows + self.columns.len() >= row_group_rows
            || in_progress + buffered >= ROW_GROUP_BYTES
        {
            self.end_row_group()
        } else if buffered >= BATCH_BYTES {
            self.write_buffered()
        } else {
            Ok(())
        }
    }

    /// Flush, write the footer with `footer` plus this table's row count,
    /// close and fsync the file.
    fn close(&mut self, footer: &[(String, String)]) -> Result<TableSummary> {
        self.end_row_group()?;
        let what = || format!("closing table {} ({})", self.name, self.path.display());
        let mut writer = self
            .writer
            .take()
            .with_context(|| format!("{}: already closed", what()))?;
        for (key, value) in footer {
            writer.append_key_value_metadata(KeyValue::new(key.clone(), value.clone()));
        }
        writer.append_key_value_metadata(KeyValue::new("ogi.table".into(), self.name.to_string()));
        writer.append_key_value_metadata(KeyValue::new("ogi.rows".into(), self.rows.to_string()));
        // `into_inner` writes the footer; calling `finish` first would write it twice.
        let HashingWriter { inner, hasher } = writer.into_inner().with_context(what)?;
        let file = inner
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(what)?;
        file.sync_all().with_context(what)?;
        Ok(TableSummary {
            name: self.name.to_string(),
            file: self.file.to_string(),
            rows: self.rows,
            sha256: hex(&hasher.finalize()),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot fsync directory {}", dir.display()))
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// How every table is written.
fn writer_properties() -> Result<WriterProperties> {
    // Level 1: each column of each open row group holds a compression
    // context, smaller at level 1 than at 3 (peak RSS about 3 MB lower at
    // 10k and at 100k), and the files came out 1–2 % smaller on the
    // generated archives, as large on the shared corpus, for slightly
    // fewer instructions.
    let zstd = ZstdLevel::try_new(1).context("zstd level 1")?;
    Ok(WriterProperties::builder()
        .set_created_by(format!("ogi {OGI_VERSION}"))
        .set_compression(Compression::ZSTD(zstd))
        // Row groups are cut by the tables themselves (at a document
        // boundary, see `Table::flush_if_full`), one batch each.
        .set_max_row_group_row_count(None)
        .set_max_row_group_bytes(None)
        // Statistics per column chunk (row group), not per page: a
        // writer keeps every page's min/max until the footer, which
        // grew memory with the size of the archive, and row-group
        // statistics are what readers prune with.
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .build())
}

// ---------------------------------------------------------------------------
// The writer

/// Streams one build's tables. See the module documentation.
pub struct DatasetWriter {
    out: PathBuf,
    parent: PathBuf,
    out_name: String,
    tmp: PathBuf,
    info: BuildInfo,
    reports: Table<ReportsColumns>,
    proactive: Table<ProactiveColumns>,
    applications: Table<CellColumns>,
    reviews: Table<CellColumns>,
    procurement: Table<ProcurementColumns>,
    diagnostics: Table<DiagnosticsColumns>,
    input_digest: Sha256,
    documents: u64,
    /// Set once the temporary directory has become `out` (or is gone).
    finished: bool,
}

impl DatasetWriter {
    /// Start a build that will end up at `out`. Everything is written into a
    /// fresh temporary directory beside `out` (`.{out_name}.tmp-{pid}`), so
    /// that nothing half-written ever appears under `out`. Fails if the parent
    /// directory is missing or not writable, naming the path.
    pub fn create(out: &Path, info: BuildInfo) -> Result<DatasetWriter> {
        if info.row_group_rows == 0 {
            bail!(
                "row_group_rows must be at least 1 (building {})",
                out.display()
            );
        }
        for (key, _) in &info.extra {
            if key.starts_with(RESERVED_KEY_PREFIX) || key == ARROW_SCHEMA_KEY {
                bail!("build metadata key {key:?} is reserved for the writer");
            }
        }
        let out_name = match out.file_name() {
            Some(name) => name.to_string_lossy().into_owned(),
            None => bail!("output path {} does not name a directory", out.display()),
        };
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !parent.is_dir() {
            bail!(
                "cannot build {}: its parent directory {} does not exist",
                out.display(),
                parent.display()
            );
        }
        let tmp = parent.join(format!(".{out_name}.tmp-{}", std::process::id()));
        if fs::symlink_metadata(&tmp).is_ok() {
            // Left behind by a process that had our pid and died.
            remove_any(&tmp).with_context(|| {
                format!("cannot remove stale temporary directory {}", tmp.display())
            })?;
        }
        fs::create_dir(&tmp).with_context(|| {
            format!(
                "cannot create temporary build directory {} (is {} writable?)",
                tmp.display(),
                parent.display()
            )
        })?;

        match Self::open_tables(&tmp, &info) {
            Ok((reports, proactive, applications, reviews, procurement, diagnostics)) => {
                Ok(DatasetWriter {
                    out: out.to_path_buf(),
                    parent,
                    out_name,
                    tmp,
                    info,
                    reports,
                    proactive,
                    applications,
                    reviews,
                    procurement,
                    diagnostics,
                    input_digest: Sha256::new(),
                    documents: 0,
                    finished: false,
                })
            }
            Err(e) => {
                let _ = fs::remove_dir_all(&tmp);
                Err(e)
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn open_tables(
        dir: &Path,
        info: &BuildInfo,
    ) -> Result<(
        Table<ReportsColumns>,
        Table<ProactiveColumns>,
        Table<CellColumns>,
        Table<CellColumns>,
        Table<ProcurementColumns>,
        Table<DiagnosticsColumns>,
    )> {
        let props = writer_properties()?;
        // Builders start small and grow to the batch size as needed.
        let cap = info.row_group_rows.min(4096);
        Ok((
            Table::create(
                dir,
                (TABLES[0].0, STAGED_REPORTS_FILE),
                staged_reports_schema(),
                &props,
                cap,
            )?,
            Table::create(dir, TABLES[1], proactive_schema(), &props, cap)?,
            Table::create(dir, TABLES[2], applications_schema(), &props, cap)?,
            Table::create(dir, TABLES[3], reviews_schema(), &props, cap)?,
            Table::create(dir, TABLES[4], procurement_schema(), &props, cap)?,
            Table::create(dir, TABLES[5], diagnostics_schema(), &props, cap)?,
        ))
    }

    /// The temporary directory the build is being written into.
    pub fn temp_dir(&self) -> &Path {
        &self.tmp
    }

    /// Append one document's rows to the six tables, in the order called.
    /// Also folds the document's identity into the input digest: for each
    /// document `source_path \0 member-or-empty \0 sha256 \n`, then for each
    /// of its duplicate paths `path \0 sha256 \n`.
    pub fn push(&mut self, doc: &DocumentResult) -> Result<()> {
        let src = &doc.source;
        let ex = &doc.extraction;
        let md = &ex.metadata;
        let id = src.report_id.as_str();
        let year = md.year;

        let h = &mut self.input_digest;
        h.update(src.source_path.as_bytes());
        h.update(b"\0");
        h.update(src.member.as_deref().unwrap_or("").as_bytes());
        h.update(b"\0");
        h.update(src.sha256.as_bytes());
        h.update(b"\n");
        for dup in &src.duplicate_paths {
            h.update(dup.as_bytes());
            h.update(b"\0");
            h.update(src.sha256.as_bytes());
            h.update(b"\n");
        }

        let r = &mut self.reports.columns;
        r.report_id.append_value(id);
        r.source_path.append_value(&src.source_path);
        r.member.append_option(src.member.as_deref());
        for dup in &src.duplicate_paths {
            r.duplicate_paths.values().append_value(dup);
        }
        r.duplicate_paths.append(true);
        r.sha256.append_value(&src.sha256);
        r.bytes.append_value(src.bytes);
        r.format.append_value(&src.format);
        r.encoding.append_value(&src.encoding);
        r.title.append_option(md.title.as_deref());
        r.organ.append_option(md.organ.as_deref());
        r.region.append_option(md.region.as_deref());
        r.year.append_option(year);
        r.publish_date
            .append_option(md.publish_date.map(|d| d.days_since_epoch()));
        r.index_number.append_option(md.index_number.as_deref());
        r.template.append_value(ex.template.as_str());
        r.status.append_value(ex.status.as_str());
        r.n_errors.append_value(doc.count(Severity::Error));
        r.n_warnings.append_value(doc.count(Severity::Warning));
        let key = organ_key(
            md.organ.as_deref(),
            md.region.as_deref(),
            &src.source_path,
            src.member.as_deref(),
        );
        r.organ_part
            .append_option(key.as_deref().map(crosscheck::staged::organ_part));
        r.organ_key.append_option(key);
        let carries = crosscheck::staged::carries(&ex.applications);
        for (builder, value) in r.carries.iter_mut().zip(carries.iter().flatten()) {
            builder.append_option(*value);
        }

        let n = ex.proactive.len();
        if n > 0 {
            let c = &mut self.proactive.columns;
            c.report_id.append_value_n(id, n);
            append_year_n(&mut c.year, year, n);
            for cell in &ex.proactive {
                c.item.append_value(cell.item);
                c.category.append_value(cell.category);
                c.metric.append_value(cell.metric);
                c.value.append_option(cell.value);
                c.raw.append_value(&cell.raw);
            }
        }

        let n = ex.applications.len();
        if n > 0 {
            let c = &mut self.applications.columns;
            c.report_id.append_value_n(id, n);
            append_year_n(&mut c.year, year, n);
            for cell in &ex.applications {
                c.first.append_value(cell.row);
                c.second.append_value(cell.applicant);
                c.value.append_option(cell.value);
                c.raw.append_value(&cell.raw);
            }
        }

        let n = ex.reviews.len();
        if n > 0 {
            let c = &mut self.reviews.columns;
            c.report_id.append_value_n(id, n);
            append_year_n(&mut c.year, year, n);
            for cell in &ex.reviews {
                c.first.append_value(cell.proceeding);
                c.second.append_value(cell.outcome);
                c.value.append_option(cell.value);
                c.raw.append_value(&cell.raw);
            }
        }

        if let Some(p) = &ex.procurement {
            let c = &mut self.procurement.columns;
            c.report_id.append_value(id);
            c.year.append_option(year);
            c.project_count.append_option(p.project_count);
            c.amount_raw.append_option(p.amount_raw.as_deref());
            c.amount_unit.append_value(p.amount_unit);
            c.amount_yuan.append_option(p.amount_yuan);
            c.amount_unit_inferred.append_value(p.amount_unit_inferred);
            c.source.append_value(p.source);
        }

        let n = ex.diagnostics.len();
        if n > 0 {
            let c = &mut self.diagnostics.columns;
            c.report_id.append_value_n(id, n);
            for d in &ex.diagnostics {
                c.severity.append_value(d.severity.as_str());
                c.code.append_value(d.code);
                c.table.append_option(d.table);
                c.location.append_option(d.location.as_deref());
                c.message.append_value(&d.message);
            }
        }

        self.documents += 1;

        let rows = self.info.row_group_rows;
        self.reports.flush_if_full(rows)?;
        self.proactive.flush_if_full(rows)?;
        self.applications.flush_if_full(rows)?;
        self.reviews.flush_if_full(rows)?;
        self.procurement.flush_if_full(rows)?;
        self.diagnostics.flush_if_full(rows)?;
        Ok(())
    }

    /// [`DatasetWriter::close`] and [`DatasetWriter::publish`] in one.
    pub fn finish(mut self) -> Result<Manifest> {
        let manifest = self.close()?;
        self.publish()?;
        Ok(manifest)
    }

    /// Close every table (footer metadata: ogi and parser version, config and
    /// input digest, document count, table name and row count, extras; column
    /// descriptions are in the Arrow schema's field metadata), write
    /// `manifest.json` and fsync: the complete dataset is in
    /// [`DatasetWriter::temp_dir`], not yet published. Returns the manifest.
    pub fn close(&mut self) -> Result<Manifest> {
        let input_digest = hex(&std::mem::take(&mut self.input_digest).finalize());
        let extra: BTreeMap<String, String> = self.info.extra.iter().cloned().collect();

        let mut footer: Vec<(String, String)> = vec![
            ("ogi.version".into(), OGI_VERSION.into()),
            (
                "ogi.parser_version".into(),
                self.info.parser_version.clone(),
            ),
            ("ogi.config_digest".into(), self.info.config_digest.clone()),
            ("ogi.input_digest".into(), input_digest.clone()),
            ("ogi.documents".into(), self.documents.to_string()),
        ];
        footer.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));

        // `reports` is closed as staged; the fact tables are final.
        self.reports.close(&[])?;
        crate::pause_point("between-tables");
        let proactive = self.proactive.close(&footer)?;
        let applications = self.applications.close(&footer)?;
        let reviews = self.reviews.close(&footer)?;
        let procurement = self.procurement.close(&footer)?;

        // The checks across reports read what was written; their findings
        // end the diagnostics table and complete `reports`.
        let staged = self.reports.path.clone();
        let outcome = crosscheck::run(&staged)?;
        let cross_report = outcome.counts();
        let rows = self.info.row_group_rows;
        let table = &mut self.diagnostics;
        outcome.describe(&staged, &mut |f| {
            let c = &mut table.columns;
            c.report_id.append_value(&f.report_id);
            c.severity.append_value(f.severity.as_str());
            c.code.append_value(f.code);
            c.table.append_value(f.table);
            c.location.append_value(&f.location);
            c.message.append_value(&f.message);
            table.flush_if_full(rows)
        })?;
        let diagnostics = self.diagnostics.close(&footer)?;
        let reports = self.complete_reports(&staged, &outcome, &footer)?;
        fs::remove_file(&staged).with_context(|| format!("cannot remove {}", staged.display()))?;
        let tables = vec![
            reports,
            proactive,
            applications,
            reviews,
            procurement,
            diagnostics,
        ];

        let manifest = Manifest {
            ogi_version: OGI_VERSION.to_string(),
            parser_version: self.info.parser_version.clone(),
            config_digest: self.info.config_digest.clone(),
            input_digest,
            documents: self.documents,
            row_group_rows: self.info.row_group_rows,
            tables,
            extra,
            cross_report,
        };
        let manifest_path = self.tmp.join(MANIFEST_FILE);
        let text = manifest.to_json()?;
        let write_manifest = || -> io::Result<()> {
            let mut file = File::options()
                .write(true)
                .create_new(true)
                .open(&manifest_path)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        };
        write_manifest().with_context(|| format!("cannot write {}", manifest_path.display()))?;
        sync_dir(&self.tmp)?;
        Ok(manifest)
    }

    /// Write `reports.parquet` from the staged file, row group by row
    /// group: `n_warnings` counts the cross-report warnings too, and
    /// `canonical` is added.
    fn complete_reports(
        &self,
        staged: &Path,
        outcome: &crosscheck::Outcome,
        footer: &[(String, String)],
    ) -> Result<TableSummary> {
        let what = || format!("completing table reports from {}", staged.display());
        let schema = Arc::new(reports_schema());
        let mut table: Table<Batches> = Table::create(
            &self.tmp,
            TABLES[0],
            reports_schema(),
            &writer_properties()?,
            0,
        )?;
        let file = File::open(staged).with_context(what)?;
        let meta = ArrowReaderMetadata::load(&file, Default::default()).with_context(what)?;
        let warnings = outcome.warnings();
        let kept = schema.fields().len() - 1;
        let mut row: u32 = 0;
        // Row group by row group, so that `reports.parquet` has the staged
        // file's row groups; a few thousand rows at a time, so that memory
        // follows a batch, not a row group.
        for group in 0..meta.metadata().num_row_groups() {
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(
                file.try_clone().with_context(what)?,
                meta.clone(),
            )
            .with_row_groups(vec![group])
            .with_batch_size(COMPLETE_BATCH_ROWS)
            .build()
            .with_context(what)?;
            for batch in reader {
                let batch = batch.with_context(what)?;
                let rows = row..row + batch.num_rows() as u32;
                row = rows.end;
                // The staged columns go; `canonical` comes.
                let mut columns = batch.columns()[..kept].to_vec();
                let at = batch.schema().index_of("n_warnings").with_context(what)?;
                if !warnings.is_empty() {
                    let own = columns[at]
                        .as_primitive_opt::<Int32Type>()
                        .with_context(what)?;
                    let patched: Int32Array = rows
                        .clone()
                        .zip(own.iter())
                        .map(|(r, n)| Some(n.unwrap_or(0) + warnings.get(&r).copied().unwrap_or(0)))
                        .collect();
                    columns[at] = Arc::new(patched);
                }
                let canonical: BooleanArray = rows
                    .map(|r| Some(!outcome.not_canonical.contains(&r)))
                    .collect();
                columns.push(Arc::new(canonical));
                let batch =
                    RecordBatch::try_new(Arc::clone(&schema), columns).with_context(what)?;
                table.write_rows(&batch)?;
            }
            table.end_row_group()?;
        }
        table.close(footer)
    }

    /// Move the closed dataset to `out`, replacing whatever was there.
    pub fn publish(mut self) -> Result<()> {
        crate::pause_point("publish");
        self.replace_out()
    }

    /// Move the finished temporary directory to `out`, setting the previous
    /// `out` (if any) aside first and deleting it afterwards.
    fn replace_out(&mut self) -> Result<()> {
        let out = self.out.clone();
        // Where the kernel can, swap the two in one step, so that `out` is
        // never missing, not even for an instant; the previous build is then
        // at the temporary path, to be removed.
        if fs::symlink_metadata(&out).is_ok() && exchange(&self.tmp, &out).is_ok() {
            self.finished = true;
            sync_dir(&self.parent)?;
            remove_any(&self.tmp).with_context(|| {
                format!(
                    "the new build is in place at {}, but the previous one could not be \
                     removed from {}",
                    out.display(),
                    self.tmp.display()
                )
            })?;
            return Ok(());
        }
        let old = self
            .parent
            .join(format!(".{}.old-{}", self.out_name, std::process::id()));
        let had_old = match fs::symlink_metadata(&out) {
            Ok(_) => {
                if fs::symlink_metadata(&old).is_ok() {
                    remove_any(&old).with_context(|| {
                        format!("cannot remove stale directory {}", old.display())
                    })?;
                }
                fs::rename(&out, &old).with_context(|| {
                    format!(
                        "cannot move the previous build {} aside to {}",
                        out.display(),
                        old.display()
                    )
                })?;
                true
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => {
                return Err(e).with_context(|| format!("cannot inspect {}", out.display()));
            }
        };
        if let Err(e) = fs::rename(&self.tmp, &out) {
            if had_old {
                // Put the previous build back where it was.
                let _ = fs::rename(&old, &out);
            }
            return Err(e).with_context(|| {
                format!(
                    "cannot move the new build {} to {}",
                    self.tmp.display(),
                    out.display()
                )
            });
        }
        self.finished = true;
        sync_dir(&self.parent)?;
        if had_old {
            remove_any(&old).with_context(|| {
                format!(
                    "the new build is in place at {}, but the previous one could not be \
                     removed from {}",
                    out.display(),
                    old.display()
                )
            })?;
        }
        Ok(())
    }
}

/// Swap two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}

impl Drop for DatasetWriter {
    fn drop(&mut self) {
        if !self.finished {
            // Close the file handles before removing the directory.
            self.reports.writer = None;
            self.proactive.writer = None;
            self.applications.writer = None;
            self.reviews.writer = None;
            self.procurement.writer = None;
            self.diagnostics.writer = None;
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        ApplicationCell, Date, Diagnostic, Extraction, Metadata, ProactiveCell, Procurement,
        ReviewCell, Source, Status, Template,
    };
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn source(n: u32, member: Option<&str>, dups: &[&str]) -> Source {
        Source {
            report_id: format!("id{n:04}"),
            source_path: format!("dir/doc{n}.txt"),
            member: member.map(str::to_string),
            duplicate_paths: dups.iter().map(|s| s.to_string()).collect(),
            sha256: format!("{n:064x}"),
            bytes: 1000 + n as i64,
            format: "text".into(),
            encoding: "GB18030".into(),
        }
    }

    fn docs() -> Vec<DocumentResult> {
        let full = DocumentResult {
            source: source(1, Some("inner/报告.txt"), &["copy/doc1.txt", "b.zip!x.txt"]),
            extraction: Extraction {
                metadata: Metadata {
                    title: Some("四季镇2020年政府信息公开工作年度报告".into()),
                    organ: Some("四季镇人民政府".into()),
                    region: Some("岚皋县".into()),
                    year: Some(2020),
                    publish_date: Date::new(2021, 1, 15),
                    index_number: Some("11610925/2021-00012".into()),
                },
                template: Template::Gov2019,
                status: Status::Partial,
                proactive: vec![
                    ProactiveCell {
                        item: "20.1",
                        category: "regulations",
                        metric: "new_made",
                        value: Some(3.0),
                        raw: "3".into(),
                    },
                    ProactiveCell {
                        item: "20.8",
                        category: "administrative_fees",
                        metric: "fee_amount_wan_yuan",
                        value: None,
                        raw: "—".into(),
                    },
                ],
                applications: vec![
                    ApplicationCell {
                        row: "new_received",
                        applicant: "natural_person",
                        value: Some(12),
                        raw: "12".into(),
                    },
                    ApplicationCell {
                        row: "new_received",
                        applicant: "total",
                        value: None,
                        raw: "1 2".into(),
                    },
                    ApplicationCell {
                        row: "carried_over",
                        applicant: "total",
                        value: Some(0),
                        raw: "0".into(),
                    },
                ],
                reviews: vec![ReviewCell {
                    proceeding: "reconsideration",
                    outcome: "total",
                    value: Some(1),
                    raw: "1".into(),
                }],
                procurement: Some(Procurement {
                    project_count: Some(4),
                    amount_raw: Some("44.7336万元".into()),
                    amount_unit: "wan_yuan",
                    amount_yuan: Some(447336.0),
                    amount_unit_inferred: false,
                    source: "table",
                }),
                diagnostics: vec![
                    Diagnostic::error("IDENTITY_BROKEN", "一 + 二 does not equal 三 + 四.")
                        .in_table("applications")
                        .at("total/natural_person"),
                    Diagnostic::warning("GLUED_CELLS_AMBIGUOUS", "The cell may read 1 20 or 12 0."),
                    Diagnostic::info("NOTE", "Just so you know."),
                ],
            },
        };
        let sparse = DocumentResult {
            source: source(2, None, &[]),
            extraction: Extraction {
                metadata: Metadata {
                    year: None,
                    ..Metadata::default()
                },
                template: Template::Gov2021,
                status: Status::Ok,
                proactive: vec![ProactiveCell {
                    item: "20.5",
                    category: "administrative_licensing",
                    metric: "decisions",
                    value: Some(0.5),
                    raw: "0.5".into(),
                }],
                applications: vec![],
                reviews: vec![ReviewCell {
                    proceeding: "litigation_direct",
                    outcome: "upheld",
                    value: None,
                    raw: "".into(),
                }],
                procurement: Some(Procurement {
                    project_count: None,
                    amount_raw: None,
                    amount_unit: "unspecified",
                    amount_yuan: None,
                    amount_unit_inferred: true,
                    source: "narrative",
                }),
                diagnostics: vec![],
            },
        };
        let mut failed = DocumentResult {
            source: source(3, Some("a/b/c.docx"), &["dup/c.docx"]),
            extraction: Extraction::empty(Status::Failed),
        };
        failed.source.format = "docx".into();
        failed
            .extraction
            .diagnostics
            .push(Diagnostic::error("DOCX_UNREADABLE", "Broken zip."));
        let not_report = DocumentResult {
            source: source(4, None, &[]),
            extraction: Extraction::empty(Status::NotAReport),
        };
        vec![full, sparse, failed, not_report]
    }

    fn info(row_group_rows: usize) -> BuildInfo {
        BuildInfo {
            parser_version: "9.9.9".into(),
            config_digest: "abc123".into(),
            row_group_rows,
            extra: vec![
                ("partitioning".into(), "none".into()),
                ("alpha".into(), "1".into()),
            ],
        }
    }

    fn build(out: &Path, row_group_rows: usize) -> Manifest {
        let mut w = DatasetWriter::create(out, info(row_group_rows)).unwrap();
        for d in docs() {
            w.push(&d).unwrap();
        }
        w.finish().unwrap()
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn sha256_file(path: &Path) -> String {
        hex(&Sha256::digest(fs::read(path).unwrap()))
    }

    fn reader(path: &Path) -> ParquetRecordBatchReaderBuilder<File> {
        ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap()
    }

    fn read_all(path: &Path) -> RecordBatch {
        let builder = reader(path);
        let schema = Arc::clone(builder.schema());
        let batches: Vec<RecordBatch> = builder
            .build()
            .unwrap()
            .collect::<std::result::Result<_, _>>()
            .unwrap();
        single_batch(&schema, &batches)
    }

    /// The one batch of a small file (tests use a large row group size).
    fn single_batch(schema: &SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
        match batches {
            [] => RecordBatch::new_empty(Arc::clone(schema)),
            [one] => one.clone(),
            _ => panic!("expected one batch, got {}", batches.len()),
        }
    }

    #[test]
    fn two_builds_are_byte_identical() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        for rows in [2, 65536] {
            let out_a = a.path().join(format!("build{rows}"));
            let out_b = b.path().join(format!("build{rows}"));
            let ma = build(&out_a, rows);
            let mb = build(&out_b, rows);
            assert_eq!(ma, mb);
            let names = entries(&out_a);
            assert_eq!(names, entries(&out_b));
            let mut expected: Vec<String> = TABLES.iter().map(|(_, f)| f.to_string()).collect();
            expected.push(MANIFEST_FILE.into());
            expected.sort();
            assert_eq!(names, expected);
            for name in &names {
                let (x, y) = (
                    fs::read(out_a.join(name)).unwrap(),
                    fs::read(out_b.join(name)).unwrap(),
                );
                assert!(
                    x == y,
                    "{name} differs between builds (row_group_rows {rows})"
                );
            }
        }
        // Only the build directories remain: no temporary or aside directories.
        assert_eq!(entries(a.path()), vec!["build2", "build65536"]);
    }

    #[test]
    fn manifest_matches_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let m = build(&out, 65536);
        assert_eq!(m.documents, 4);
        assert_eq!(m.ogi_version, OGI_VERSION);
        assert_eq!(m.parser_version, "9.9.9");
        assert_eq!(m.config_digest, "abc123");
        let rows: Vec<(&str, u64)> = m.tables.iter().map(|t| (t.name.as_str(), t.rows)).collect();
        assert_eq!(
            rows,
            vec![
                ("reports", 4),
                ("proactive_disclosure", 3),
                ("applications", 3),
                ("reviews", 2),
                ("procurement", 2),
                ("diagnostics", 4)
            ]
        );
        for t in &m.tables {
            assert_eq!(t.sha256, sha256_file(&out.join(&t.file)), "{}", t.name);
            let meta = reader(&out.join(&t.file)).metadata().clone();
            assert_eq!(meta.file_metadata().num_rows() as u64, t.rows);
        }

        // Input digest, computed independently.
        let mut h = Sha256::new();
        for d in docs() {
            let s = &d.source;
            h.update(format!(
                "{}\0{}\0{}\n",
                s.source_path,
                s.member.as_deref().unwrap_or(""),
                s.sha256
            ));
            for p in &s.duplicate_paths {
                h.update(format!("{p}\0{}\n", s.sha256));
            }
        }
        assert_eq!(m.input_digest, hex(&h.finalize()));

        // manifest.json: sorted keys, pretty, trailing newline, tables as a map.
        let text = fs::read_to_string(out.join(MANIFEST_FILE)).unwrap();
        assert!(text.ends_with("}\n"));
        assert_eq!(text, m.to_json().unwrap());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(v["tables"]["reports"]["file"], "reports.parquet");
        assert_eq!(v["tables"]["reports"]["rows"], 4);
        assert_eq!(v["extra"]["partitioning"], "none");
        assert_eq!(v["input_digest"], m.input_digest.as_str());
        let first_key = text.lines().nth(1).unwrap().trim();
        assert!(first_key.starts_with("\"config_digest\""), "{first_key}");
    }

    #[test]
    fn reports_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let m = build(&out, 65536);
        let path = out.join("reports.parquet");

        let builder = reader(&path);
        let kv: BTreeMap<String, Option<String>> = builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .unwrap()
            .iter()
            .map(|kv| (kv.key.clone(), kv.value.clone()))
            .collect();
        assert_eq!(kv["ogi.parser_version"].as_deref(), Some("9.9.9"));
        assert_eq!(kv["ogi.config_digest"].as_deref(), Some("abc123"));
        assert_eq!(
            kv["ogi.input_digest"].as_deref(),
            Some(m.input_digest.as_str())
        );
        assert_eq!(kv["ogi.rows"].as_deref(), Some("4"));
        assert_eq!(kv["ogi.table"].as_deref(), Some("reports"));
        assert_eq!(kv["partitioning"].as_deref(), Some("none"));
        assert_eq!(
            builder.metadata().file_metadata().created_by(),
            Some(format!("ogi {OGI_VERSION}").as_str())
        );

        let schema = Arc::clone(builder.schema());
        let cols: Vec<(&str, &DataType, bool)> = schema
            .fields()
            .iter()
            .map(|f| (f.name().as_str(), f.data_type(), f.is_nullable()))
            .collect();
        let list = DataType::List(duplicate_path_item());
        assert_eq!(
            cols,
            vec![
                ("report_id", &DataType::Utf8, false),
                ("source_path", &DataType::Utf8, false),
                ("member", &DataType::Utf8, true),
                ("duplicate_paths", &list, false),
                ("sha256", &DataType::Utf8, false),
                ("bytes", &DataType::Int64, false),
                ("format", &DataType::Utf8, false),
                ("encoding", &DataType::Utf8, false),
                ("title", &DataType::Utf8, true),
                ("organ", &DataType::Utf8, true),
                ("region", &DataType::Utf8, true),
                ("year", &DataType::Int32, true),
                ("publish_date", &DataType::Date32, true),
                ("index_number", &DataType::Utf8, true),
                ("template", &DataType::Utf8, false),
                ("status", &DataType::Utf8, false),
                ("n_errors", &DataType::Int32, false),
                ("n_warnings", &DataType::Int32, false),
                ("organ_key", &DataType::Utf8, true),
                ("canonical", &DataType::Boolean, false),
            ]
        );
        for f in schema.fields() {
            assert!(
                f.metadata()
                    .get("description")
                    .is_some_and(|d| !d.is_empty()),
                "{}",
                f.name()
            );
        }

        let batch = read_all(&path);
        assert_eq!(batch.num_rows(), 4);
        let s = |name: &str| {
            batch
                .column_by_name(name)
                .unwrap()
                .as_string::<i32>()
                .clone()
        };
        assert_eq!(s("report_id").value(0), "id0001");
        assert_eq!(s("report_id").value(3), "id0004");
        assert_eq!(s("member").value(0), "inner/报告.txt");
        assert!(s("member").is_null(1));
        assert_eq!(s("title").value(0), "四季镇2020年政府信息公开工作年度报告");
        assert!(s("title").is_null(2));
        assert_eq!(s("template").value(1), "gov2021");
        assert_eq!(s("status").value(2), "failed");
        assert_eq!(s("status").value(3), "not_a_report");
        assert_eq!(s("format").value(2), "docx");

        let dups = batch
            .column_by_name("duplicate_paths")
            .unwrap()
            .as_list::<i32>();
        let first = dups.value(0);
        let first = first.as_string::<i32>();
        assert_eq!(first.len(), 2);
        assert_eq!(first.value(0), "copy/doc1.txt");
        assert_eq!(first.value(1), "b.zip!x.txt");
        assert_eq!(dups.value(1).len(), 0);
        assert!(!dups.is_null(1));
        assert_eq!(dups.value(2).as_string::<i32>().value(0), "dup/c.docx");

        let year = batch
            .column_by_name("year")
            .unwrap()
            .as_primitive::<Int32Type>();
        assert_eq!(year.value(0), 2020);
        assert!(year.is_null(1));
        let date = batch
            .column_by_name("publish_date")
            .unwrap()
            .as_primitive::<Date32Type>();
        assert_eq!(date.value(0), 18642); // 2021-01-15
        assert!(date.is_null(1));
        let bytes = batch
            .column_by_name("bytes")
            .unwrap()
            .as_primitive::<Int64Type>();
        assert_eq!(bytes.value(2), 1003);
        let errors = batch
            .column_by_name("n_errors")
            .unwrap()
            .as_primitive::<Int32Type>();
        let warnings = batch
            .column_by_name("n_warnings")
            .unwrap()
            .as_primitive::<Int32Type>();
        assert_eq!((errors.value(0), warnings.value(0)), (1, 1));
        assert_eq!((errors.value(1), warnings.value(1)), (0, 0));
        assert_eq!((errors.value(2), warnings.value(2)), (1, 0));
    }

    #[test]
    fn fact_tables_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        build(&out, 65536);

        let p = read_all(&out.join("proactive_disclosure.parquet"));
        let names: Vec<&str> = p
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(
            names,
            [
                "report_id",
                "year",
                "item",
                "category",
                "metric",
                "value",
                "raw"
            ]
        );
        let value = p.column(5).as_primitive::<Float64Type>();
        assert_eq!(value.value(0), 3.0);
        assert!(value.is_null(1));
        assert_eq!(value.value(2), 0.5);
        let year = p.column(1).as_primitive::<Int32Type>();
        assert_eq!((year.value(0), year.value(1)), (2020, 2020));
        assert!(year.is_null(2));
        assert_eq!(p.column(6).as_string::<i32>().value(1), "—");

        let a = read_all(&out.join("applications.parquet"));
        let names: Vec<&str> = a
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(
            names,
            ["report_id", "year", "row", "applicant", "value", "raw"]
        );
        assert_eq!(a.schema_ref().field(4).data_type(), &DataType::Int64);
        let value = a.column(4).as_primitive::<Int64Type>();
        assert_eq!(value.value(0), 12);
        assert!(value.is_null(1));
        assert_eq!(a.column(3).as_string::<i32>().value(1), "total");

        let r = read_all(&out.join("reviews.parquet"));
        let names: Vec<&str> = r
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(
            names,
            ["report_id", "year", "proceeding", "outcome", "value", "raw"]
        );
        assert_eq!(r.column(0).as_string::<i32>().value(1), "id0002");
        assert_eq!(r.column(5).as_string::<i32>().value(1), "");

        let pr = read_all(&out.join("procurement.parquet"));
        let fields: Vec<(&str, &DataType)> = pr
            .schema_ref()
            .fields()
            .iter()
            .map(|f| (f.name().as_str(), f.data_type()))
            .collect();
        assert_eq!(
            fields,
            vec![
                ("report_id", &DataType::Utf8),
                ("year", &DataType::Int32),
                ("project_count", &DataType::Int64),
                ("amount_raw", &DataType::Utf8),
                ("amount_unit", &DataType::Utf8),
                ("amount_yuan", &DataType::Float64),
                ("amount_unit_inferred", &DataType::Boolean),
                ("source", &DataType::Utf8),
            ]
        );
        assert_eq!(pr.column(3).as_string::<i32>().value(0), "44.7336万元");
        assert!(pr.column(3).is_null(1));
        assert_eq!(
            pr.column(5).as_primitive::<Float64Type>().value(0),
            447336.0
        );
        assert!(pr.column(6).as_boolean().value(1));
        assert!(!pr.column(6).as_boolean().value(0));

        let d = read_all(&out.join("diagnostics.parquet"));
        let names: Vec<&str> = d
            .schema_ref()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        assert_eq!(
            names,
            [
                "report_id",
                "severity",
                "code",
                "table",
                "location",
                "message"
            ]
        );
        let sev = d.column(1).as_string::<i32>();
        assert_eq!(
            (sev.value(0), sev.value(1), sev.value(2)),
            ("error", "warning", "info")
        );
        assert_eq!(d.column(2).as_string::<i32>().value(3), "DOCX_UNREADABLE");
        assert_eq!(d.column(3).as_string::<i32>().value(0), "applications");
        assert!(d.column(3).is_null(1));
        assert_eq!(
            d.column(4).as_string::<i32>().value(0),
            "total/natural_person"
        );
        assert!(d.column(4).is_null(3));
        assert_eq!(d.column(0).as_string::<i32>().value(3), "id0003");
    }

    /// Build `documents` documents into `out`, each with 20 info
    /// diagnostics whose messages `note` writes (given the diagnostic's
    /// number in its document); the diagnostics table's path and the
    /// rows of each of its row groups.
    fn with_notes(
        out: &Path,
        documents: u64,
        mut note: impl FnMut(usize) -> String,
    ) -> (PathBuf, Vec<i64>) {
        let mut w = DatasetWriter::create(out, info(1 << 20)).unwrap();
        let template = docs().remove(0);
        for n in 0..documents {
            let mut d = template.clone();
            d.source.report_id = format!("{n:032x}");
            d.extraction.diagnostics = (0..20)
                .map(|i| Diagnostic::new(Severity::Info, "NOTE", note(i)))
                .collect();
            w.push(&d).unwrap();
        }
        w.finish().unwrap();
        let path = out.join("diagnostics.parquet");
        let sizes = reader(&path)
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect();
        (path, sizes)
    }

    #[test]
    fn row_groups_also_end_at_their_size_in_bytes() {
        let dir = tempfile::tempdir().unwrap();
        // 300 documents with 20 diagnostics of 2 KB each, every one
        // different and hard to compress: 12 MB of text, far below the row
        // limit, that no encoding brings under the row group's bytes.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let noise = move |_| {
            (0..128)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    format!("{:016x}", state >> 1)
                })
                .collect::<String>()
        };
        let (path, sizes) = with_notes(&dir.path().join("ds"), 300, noise);
        assert!(sizes.len() >= 2, "{sizes:?}");
        // Each ends at a document boundary: no report id is in two groups.
        let ids = |group: usize| -> Vec<String> {
            let batch = reader(&path)
                .with_row_groups(vec![group])
                .with_batch_size(1 << 20)
                .build()
                .unwrap()
                .next()
                .unwrap()
                .unwrap();
            let c = batch.column(0).as_string::<i32>();
            (0..c.len()).map(|i| c.value(i).to_string()).collect()
        };
        for g in 1..sizes.len() {
            assert_ne!(ids(g - 1).last(), ids(g).first(), "{sizes:?}");
        }
    }

    #[test]
    fn batches_handed_over_do_not_end_the_row_group() {
        let dir = tempfile::tempdir().unwrap();
        // 3,000 documents with 20 short diagnostics each: about 6 MB in the
        // builders, handed over in several batches, but a few hundred KB
        // once encoded, so one row group.
        let (_, groups) = with_notes(&dir.path().join("ds"), 3000, |i| {
            format!("note {i} of the document")
        });
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert!(groups[0] >= 60_000, "{groups:?}");
    }

    #[test]
    fn row_groups_end_at_the_first_document_boundary_past_the_size() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        build(&out, 2);
        let sizes = |file: &str| -> Vec<i64> {
            reader(&out.join(file))
                .metadata()
                .row_groups()
                .iter()
                .map(|g| g.num_rows())
                .collect()
        };
        assert_eq!(sizes("reports.parquet"), vec![2, 2]);
        assert_eq!(sizes("proactive_disclosure.parquet"), vec![2, 1]);
        // A document's rows are never split: the group that reaches two rows
        // ends with the document that made it reach them.
        assert_eq!(sizes("diagnostics.parquet"), vec![3, 1]);
        // Everything still reads back in order.
        let rows: usize = reader(&out.join("diagnostics.parquet"))
            .build()
            .unwrap()
            .map(|b| b.unwrap().num_rows())
            .sum();
        assert_eq!(rows, 4);
    }

    #[test]
    fn dropped_writer_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let mut w = DatasetWriter::create(&out, info(2)).unwrap();
        let tmp = w.temp_dir().to_path_buf();
        assert!(tmp.is_dir());
        assert_eq!(tmp.parent(), Some(dir.path()));
        for d in docs() {
            w.push(&d).unwrap();
        }
        drop(w);
        assert!(!tmp.exists());
        assert!(!out.exists());
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn finish_replaces_existing_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("stale.txt"), "old").unwrap();
        fs::write(out.join("reports.parquet"), "not parquet").unwrap();

        let m = build(&out, 65536);
        let names = entries(&out);
        assert!(!names.contains(&"stale.txt".to_string()));
        assert!(names.contains(&MANIFEST_FILE.to_string()));
        assert_eq!(
            sha256_file(&out.join("reports.parquet")),
            m.table("reports").unwrap().sha256
        );
        assert_eq!(entries(dir.path()), vec!["ds"]);

        // And once more over a previous build.
        let again = build(&out, 65536);
        assert_eq!(again, m);
        assert_eq!(entries(dir.path()), vec!["ds"]);
    }

    #[test]
    fn create_under_missing_parent_fails() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no/such/parent");
        let out = missing.join("ds");
        let err = match DatasetWriter::create(&out, info(10)) {
            Ok(_) => panic!("create under a missing parent succeeded"),
            Err(e) => format!("{e:#}"),
        };
        assert!(err.contains(&missing.display().to_string()), "{err}");
        assert!(entries(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn create_under_read_only_parent_fails() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let parent = dir.path().join("ro");
        fs::create_dir(&parent).unwrap();
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
        let probe = parent.join("probe");
        let writable = fs::write(&probe, "").is_ok(); // root ignores permissions
        let _ = fs::remove_file(&probe);
        if !writable {
            let err = match DatasetWriter::create(&parent.join("ds"), info(10)) {
                Ok(_) => panic!("create under a read-only parent succeeded"),
                Err(e) => format!("{e:#}"),
            };
            assert!(err.contains(&parent.display().to_string()), "{err}");
        }
        fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
    }

    #[test]
    fn reserved_extra_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut bad = info(10);
        bad.extra.push(("ogi.rows".into(), "1".into()));
        assert!(DatasetWriter::create(&dir.path().join("ds"), bad).is_err());
        assert!(entries(dir.path()).is_empty());
    }

    #[test]
    fn empty_build_is_valid() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("ds");
        let m = DatasetWriter::create(&out, info(10))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(m.documents, 0);
        assert!(m.tables.iter().all(|t| t.rows == 0));
        assert_eq!(m.input_digest, hex(&Sha256::new().finalize()));
        let batch = read_all(&out.join("reports.parquet"));
        assert_eq!(batch.num_rows(), 0);
        assert_eq!(batch.num_columns(), 20);
    }
}
