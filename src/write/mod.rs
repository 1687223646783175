//! Streams [`DocumentResult`]s into the six Parquet tables of the dataset
//! contract ([`crate::contract`]) and a `manifest.json`: a sink that knows
//! nothing of how documents are read or checked.
//!
//! A build is written into a fresh temporary directory beside its destination
//! (`.{name}.tmp-{pid}`) and only moved to the destination by
//! [`DatasetWriter::publish`], so nothing half-written ever appears there; a
//! writer dropped before that removes its temporary directory.
//!
//! Closing takes three steps, so that the checks across reports run between
//! them on what was written: [`DatasetWriter::close_documents`] closes the
//! fact tables and `reports` as staged (with the keys of
//! [`crate::contract::staged`]), [`DatasetWriter::push_finding`] adds each
//! finding of the checks to `diagnostics`, and [`DatasetWriter::close`]
//! completes `reports` with what they found and writes the manifest.
//!
//! Memory stays flat: rows are buffered per table in Arrow column builders,
//! handed to the Parquet writer as a record batch at the first document
//! boundary past a batch's size, and the row group the batches build up
//! (encoded and compressed, in memory until it ends) ends at the first
//! document boundary past `row_group_rows` rows or a row group's size in
//! memory (see `Table::flush_if_full`). Both boundaries depend only on the
//! data and the order of the pushes. Row groups stay large (the footer keeps
//! every row group's metadata until the file closes, so many small ones grow
//! memory with the size of the archive), while the builders stay small.
//!
//! Output is byte-reproducible: `created_by` is pinned to the ogi version, no
//! timestamps are written, compression is zstd level 1, and every piece of
//! metadata is emitted in a fixed order.

mod columns;
pub mod guard;
pub mod lock;
mod publish;
mod table;

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{BooleanArray, Int32Array, RecordBatch};
use parquet::arrow::arrow_reader::{ArrowReaderMetadata, ParquetRecordBatchReaderBuilder};
use sha2::{Digest, Sha256};

use crate::contract::schema::{
    applications_schema, diagnostics_schema, proactive_schema, procurement_schema, reports_schema,
    reviews_schema,
};
use crate::contract::staged::{staged_reports_schema, Completion, STAGED_REPORTS_FILE};
use crate::contract::{hex, Manifest, TableSummary, MANIFEST_FILE, TABLES, VERSION};
use crate::model::{Diagnostic, DocumentResult, Severity};
use columns::{
    append_year_n, Batches, CellColumns, DiagnosticsColumns, ProactiveColumns, ProcurementColumns,
    ReportsColumns,
};
use publish::{remove_any, sync_dir};
use table::{writer_properties, Table};

/// Rows read back at a time when `reports` is completed from its staged file.
const COMPLETE_BATCH_ROWS: usize = 8192;

/// Footer keys the writer sets itself; [`BuildInfo::extra`] may not reuse them.
const RESERVED_KEY_PREFIX: &str = "ogi.";
const ARROW_SCHEMA_KEY: &str = "ARROW:schema";

/// What a build records about how it was made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildInfo {
    pub parser_version: String,
    /// The build that writes the dataset, for the manifest (not the files'
    /// footers: they stay the same whichever build of one version wrote
    /// them).
    pub parser_build: Option<String>,
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
    /// Once every document is in: the footer of every file, and the tables
    /// closed so far.
    closing: Option<Closing>,
    /// Set once the temporary directory has become `out` (or is gone).
    finished: bool,
}

/// What [`DatasetWriter::close_documents`] fixed for the rest of the close.
struct Closing {
    input_digest: String,
    extra: BTreeMap<String, String>,
    footer: Vec<(String, String)>,
    /// `proactive_disclosure` to `procurement`, closed.
    facts: Vec<TableSummary>,
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
                    closing: None,
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

    /// What the build records about how it was made.
    pub fn info(&self) -> &BuildInfo {
        &self.info
    }

    /// The temporary directory the build is being written into.
    pub fn temp_dir(&self) -> &Path {
        &self.tmp
    }

    /// Append one document's rows to the six tables, in the order called,
    /// with its keys for the checks across reports staged beside its
    /// `reports` row. Also folds the document's identity into the input
    /// digest (see [`Manifest::input_digest`]).
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
        let place = doc.place.as_ref();
        r.region_code
            .append_option(place.map(|p| p.region_code.as_str()));
        r.province.append_option(place.map(|p| p.province.as_str()));
        r.prefecture
            .append_option(place.and_then(|p| p.prefecture.as_deref()));
        r.county
            .append_option(place.and_then(|p| p.county.as_deref()));
        r.year.append_option(year);
        r.publish_date
            .append_option(md.publish_date.map(|d| d.days_since_epoch()));
        r.index_number.append_option(md.index_number.as_deref());
        r.template.append_value(ex.template.as_str());
        r.status.append_value(ex.status.as_str());
        r.n_errors.append_value(doc.count(Severity::Error));
        r.n_warnings.append_value(doc.count(Severity::Warning));
        let keys = &doc.keys;
        r.organ_part.append_option(keys.organ_part);
        r.organ_key.append_option(keys.organ_key.as_deref());
        for (builder, value) in r.carries.iter_mut().zip(keys.carries.iter().flatten()) {
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

    /// Every document is in: close `reports` as staged and the fact tables
    /// but `diagnostics` (footer metadata: ogi and parser version, config
    /// and input digest, document count, table name and row count, extras;
    /// column descriptions are in the Arrow schema's field metadata).
    /// Returns the staged `reports` file, for the checks across reports;
    /// their findings go to [`DatasetWriter::push_finding`], and
    /// [`DatasetWriter::close`] completes the dataset.
    pub fn close_documents(&mut self) -> Result<PathBuf> {
        if self.closing.is_some() {
            bail!("the documents of {} are already closed", self.out.display());
        }
        let input_digest = hex(&std::mem::take(&mut self.input_digest).finalize());
        let extra: BTreeMap<String, String> = self.info.extra.iter().cloned().collect();

        let mut footer: Vec<(String, String)> = vec![
            ("ogi.version".into(), VERSION.into()),
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
        let facts = vec![
            self.proactive.close(&footer)?,
            self.applications.close(&footer)?,
            self.reviews.close(&footer)?,
            self.procurement.close(&footer)?,
        ];
        self.closing = Some(Closing {
            input_digest,
            extra,
            footer,
            facts,
        });
        Ok(self.reports.path.clone())
    }

    /// Append a finding of the checks across reports, on the report
    /// `report_id`, to `diagnostics` (after every document's own).
    pub fn push_finding(&mut self, report_id: &str, d: &Diagnostic) -> Result<()> {
        let c = &mut self.diagnostics.columns;
        c.report_id.append_value(report_id);
        c.severity.append_value(d.severity.as_str());
        c.code.append_value(d.code);
        c.table.append_option(d.table);
        c.location.append_option(d.location.as_deref());
        c.message.append_value(&d.message);
        self.diagnostics.flush_if_full(self.info.row_group_rows)
    }

    /// Complete the dataset once the checks across reports are done:
    /// close `diagnostics`, write `reports.parquet` from the staged file
    /// with what `completion` says, write `manifest.json` and fsync. The
    /// complete dataset is in [`DatasetWriter::temp_dir`], not yet
    /// published. Returns the manifest.
    pub fn close(&mut self, completion: &Completion) -> Result<Manifest> {
        let Some(closing) = self.closing.take() else {
            bail!(
                "close the documents of {} before the dataset",
                self.out.display()
            );
        };
        let Closing {
            input_digest,
            extra,
            footer,
            facts,
        } = closing;
        let diagnostics = self.diagnostics.close(&footer)?;
        let staged = self.reports.path.clone();
        let reports = self.complete_reports(&staged, completion, &footer)?;
        fs::remove_file(&staged).with_context(|| format!("cannot remove {}", staged.display()))?;
        let mut tables = vec![reports];
        tables.extend(facts);
        tables.push(diagnostics);

        let manifest = Manifest {
            ogi_version: VERSION.to_string(),
            parser_version: self.info.parser_version.clone(),
            parser_build: self.info.parser_build.clone(),
            config_digest: self.info.config_digest.clone(),
            input_digest,
            documents: self.documents,
            row_group_rows: self.info.row_group_rows,
            tables,
            extra,
            cross_report: completion.cross_report.clone(),
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
        completion: &Completion,
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
        let warnings = &completion.warnings;
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
                    .map(|r| Some(!completion.not_canonical.contains(&r)))
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

    /// Move the closed dataset to `out`, replacing the dataset that was
    /// there. What is at `out` is checked again first (see
    /// [`guard::replaceable`]): should anything but an ogi dataset have
    /// appeared there while the build ran, it is refused and left alone.
    pub fn publish(mut self) -> Result<()> {
        guard::replaceable(&self.out).map_err(|guard::Refused(why)| {
            guard::Refused(format!("{} {why}", self.out.display()))
        })?;
        let mut finished = false;
        let published = publish::replace(
            &self.tmp,
            &self.out,
            &self.parent,
            &self.out_name,
            &mut finished,
        );
        self.finished = finished;
        published
    }
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
mod tests;
