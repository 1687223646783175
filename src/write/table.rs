//! One table's file: its builders and its Parquet writer, with the
//! boundaries of batches and row groups, hashed on its way to the disk.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use arrow_array::RecordBatch;
use arrow_schema::{Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use sha2::{Digest, Sha256};

use super::columns::Columns;
use crate::contract::{hex, TableSummary, VERSION};

/// Data a table's builders hold before it goes to the Parquet writer as a
/// record batch, at most (see [`Table::flush_if_full`]).
const BATCH_BYTES: usize = 1024 * 1024;

/// Data a row group holds in memory before it is written out, at most: the
/// Parquet writer's own estimate of its open row group
/// (`ArrowWriter::memory_size`: encoded pages, dictionaries, page buffers)
/// plus the builders' rows not yet handed over (see
/// [`Table::flush_if_full`]).
const ROW_GROUP_BYTES: usize = 4 * 1024 * 1024;

/// Buffers writes to a file and hashes every byte on its way out, so a
/// table's sha256 is known without reading it back.
pub(super) struct HashingWriter {
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
pub(super) struct Table<C: Columns> {
    pub(super) name: &'static str,
    pub(super) file: &'static str,
    pub(super) path: PathBuf,
    pub(super) schema: SchemaRef,
    /// `None` once closed.
    pub(super) writer: Option<ArrowWriter<HashingWriter>>,
    pub(super) columns: C,
    /// Rows handed to the Parquet writer in the row group it is building.
    pub(super) group_rows: usize,
    pub(super) rows: u64,
}

impl<C: Columns> Table<C> {
    pub(super) fn create(
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

    pub(super) fn write_rows(&mut self, batch: &RecordBatch) -> Result<()> {
        let what = self.context();
        self.writer()?.write(batch).context(what)?;
        self.group_rows += batch.num_rows();
        self.rows += batch.num_rows() as u64;
        Ok(())
    }

    /// Write out the row group being built, with the buffered rows, if it
    /// holds any.
    pub(super) fn end_row_group(&mut self) -> Result<()> {
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
    pub(super) fn flush_if_full(&mut self, row_group_rows: usize) -> Result<()> {
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
    pub(super) fn close(&mut self, footer: &[(String, String)]) -> Result<TableSummary> {
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

/// How every table is written.
pub(super) fn writer_properties() -> Result<WriterProperties> {
    // Level 1: each column of each open row group holds a compression
    // context, smaller at level 1 than at 3 (peak RSS about 3 MB lower at
    // 10k and at 100k), and the files came out 1–2 % smaller on the
    // generated archives, as large on the shared corpus, for slightly
    // fewer instructions.
    let zstd = ZstdLevel::try_new(1).context("zstd level 1")?;
    let props = WriterProperties::builder()
        .set_created_by(format!("ogi {VERSION}"))
        .set_compression(Compression::ZSTD(zstd))
        // Row groups are cut by the tables themselves (at a document
        // boundary, see `Table::flush_if_full`), one batch each.
        .set_max_row_group_row_count(None)
        .set_max_row_group_bytes(None)
        // Statistics per column chunk (row group), not per page: a
        // writer keeps every page's min/max until the footer, which
        // grew memory with the size of the archive, and row-group
        // statistics are what readers prune with.
        .set_statistics_enabled(EnabledStatistics::Chunk);
    // None for the text columns no row group can be skipped by: every
    // row group of a fact table holds every code, and report ids are
    // hashes, spread over the whole range in every row group. Their
    // min/max cost two comparisons of every value written (about 8 % of
    // the instructions of an incremental build) and prune nothing.
    let props = UNPRUNABLE_TEXT.iter().fold(props, |p, column| {
        p.set_column_statistics_enabled(ColumnPath::from(*column), EnabledStatistics::None)
    });
    Ok(props.build())
}

/// Text columns written without statistics (see [`writer_properties`]):
/// ids, printed cell text, and the codes of the fact tables' cells.
const UNPRUNABLE_TEXT: &[&str] = &[
    "report_id",
    "raw",
    "row",
    "applicant",
    "item",
    "category",
    "metric",
    "proceeding",
    "outcome",
];
