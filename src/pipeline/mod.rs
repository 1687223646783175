//! The stages run together: crawl → one document at a time (decode,
//! extract, derive) → write, then the checks across reports, in parallel,
//! with output in sorted path order whatever the thread count.
//!
//! Two passes. Pass 1 ([`Inventory`]) hashes every file and archive member
//! in parallel and spills the inventory to disk, so that byte-identical
//! documents become one `reports` row listing the other places. Pass 2
//! reads the inventory back ([`reader`]) and runs three stages at once
//! ([`ordered`]): the reader (files as paths, archive members as bytes
//! streamed out of their archive) hands documents to the workers a few at
//! a time, and the writer takes their results back in document order as
//! they come. A window bounds how far the reader runs ahead of the writer,
//! so memory is bounded by the window, not by the archive; no stage waits
//! for a whole batch to end. With one thread the three take turns on it.
//! Then the checks across reports run over what was written
//! ([`crate::dataset::finalize`]), the build is compared with the previous
//! one, and published.
//!
//! `ogi merge` streams the parts' documents through the same writer and
//! the same last steps.

pub mod ordered;
pub mod progress;
mod reader;
mod reuse;
pub mod summary;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

use crate::config::Config;
use crate::contract::{Manifest, Shard, PARSER_BUILD, VERSION};
use crate::crawl;
use crate::crawl::archive::Limits;
use crate::crawl::inventory::{Inventory, Settings};
use crate::dataset::{self, compare, is_dataset};
use crate::document;
use crate::hooks;
use crate::model::DocumentResult;
use crate::write::guard::{self, MadeFolders, Refused, Target};
use crate::write::lock::{split_out, OutLock};
use crate::write::{BuildInfo, DatasetWriter};
use ordered::OrderedMap;
pub use progress::Progress;
use progress::{DocumentProgress, InventoryProgress};
pub use reuse::Reused;
pub use summary::BuildSummary;

/// What a build is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub threads: usize,
    pub config: Config,
    /// How progress is shown.
    pub progress: Progress,
    /// Build only this share of the inputs (a part for `ogi merge`).
    pub shard: Option<Shard>,
    /// The build to compare with and to reuse rows of; `--out` when None
    /// (if a dataset is there).
    pub previous: Option<PathBuf>,
    /// Read every document, reusing nothing of the previous build.
    pub full: bool,
    /// The run log the caller will append to, checked with the other
    /// paths written before anything is.
    pub run_log: Option<PathBuf>,
}

/// Documents a worker takes at a time, at most: few enough that neither
/// worker waits long for the other's last one, enough that handing them
/// over costs little.
const CHUNK_DOCS: usize = 16;
/// Archive members' bytes in one chunk, at most.
const CHUNK_BYTES: usize = 1024 * 1024;
/// Archive members' bytes between the reader and the writer, at most (a
/// larger member still goes, alone).
const MAX_WINDOW_BYTES: usize = 8 * 1024 * 1024;
/// Documents that need no worker (rows taken from the previous build, a
/// file that could not be read) waiting for the writer, at most. In an
/// incremental build they come faster than the writer takes them and fill
/// the window, each holding a document's rows (about 13 KB): 512 of them
/// put its peak memory above a full build's. Fewer make the writer wait:
/// the reader then runs less far ahead, and a document read anew is handed
/// to a worker later.
const READY_DOCS: usize = 64;
/// Results written between two progress updates.
const PROGRESS_EVERY: u64 = 64;

/// Run a whole build. Nothing is written before the paths are checked
/// ([`preflight`]); a refusal is a [`guard::Refused`] error.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut clock = Steps::start();
    let target = preflight(&opts.out, &opts.inputs, opts.run_log.as_deref())?;
    crawl::check_inputs(&opts.inputs).map_err(|e| Refused(format!("{e:#}")))?;
    let made = make_parent(&target)?;
    let _lock = OutLock::acquire(&target.out)?;
    // Named, so that `top -H` or a profile shows which stage is busy.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("ogi-worker-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let settings = settings(&opts.config);
    crate::budget::configure(opts.config.run.document_budget);
    let mut taking = InventoryProgress::new(opts.progress);
    let inventory = Inventory::take(
        &opts.inputs,
        &scratch_path(&target.out),
        &pool,
        &settings,
        opts.shard.map(|s| move |rel: &str| s.holds(rel)),
        &mut |files, bytes| taking.hashed(files, bytes),
    )?;
    taking.finish(&inventory);
    clock.lap("inventory");
    hooks::pause_at("between-passes");

    let mut writer = DatasetWriter::create(
        &target.out,
        build_info(&opts.config, inventory.files, opts.shard),
    )?;
    let mut summary = BuildSummary {
        files: inventory.files,
        duplicates: inventory.copies as usize,
        skipped_links: inventory.report.skipped_links.len(),
        unlisted: inventory.report.unreadable.clone(),
        not_files: inventory.report.not_files.clone(),
        ..Default::default()
    };

    // An incremental build takes the rows of documents the previous build
    // read at the same place with the same bytes.
    let previous = opts.previous.as_deref().unwrap_or(&target.out);
    let mut reuse = None;
    if opts.full {
        summary.reuse_note = Some("a full build was asked for (--full)".into());
    } else if is_dataset(previous) {
        match reuse::Reuse::open(previous, &opts.config.digest()) {
            Ok(r) => reuse = Some(r),
            Err(why) => {
                summary.reuse_note = Some(format!(
                    "full build: the previous dataset {} is not reused: {why}",
                    previous.display()
                ))
            }
        }
    }

    let mut progress = DocumentProgress::new(opts.progress, inventory.documents);
    let max_file_bytes = settings.max_file_bytes;
    let pdf = opts.config.pdf.limits();
    // Reader → workers → writer, with no step between batches: the reader
    // hands documents to the pool a chunk at a time, the writer takes the
    // results in document order as they come back, and the window bounds
    // what is between the two.
    let pass2 = OrderedMap {
        pool: &pool,
        window_items: opts.config.run.batch_documents,
        window_weight: MAX_WINDOW_BYTES,
        window_ready: READY_DOCS,
        chunk_items: CHUNK_DOCS,
        chunk_weight: CHUNK_BYTES,
        consumer: "ogi-writer",
    };
    // With one thread, the reader asks nothing of the disk ahead: the
    // document it hands over is read at once.
    let ahead = pool.current_num_threads() > 1;
    let mut sink = DocumentSink::new(&mut writer, &mut summary, &mut progress);
    pass2.run(
        |feed| reader::produce(feed, &inventory, &settings, ahead, reuse.as_mut()),
        reader::Job::bytes,
        reader::Job::ready,
        |job| job.run_caught(max_file_bytes, &pdf),
        |r| sink.take(r),
    )?;
    sink.done();
    if let Some(reuse) = reuse {
        summary.reused = Some(reuse.finish()?);
    }
    drop(inventory);
    release_freed_memory(&pool);
    progress.finish();
    clock.lap("documents");
    complete_and_publish(
        writer,
        &mut summary,
        opts.previous.as_deref(),
        &target.out,
        &mut clock,
    )?;
    made.keep();
    summary.steps = clock.steps;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Combine the parts built with `--shard K/N` (every K of one N, built
/// from the same inputs with the same parser and configuration) into one
/// dataset, byte-identical to a build of all the inputs at once.
///
/// Parts are merged in path order, as they stream. A document present in
/// two parts (byte-identical files that fell into different shards) keeps
/// the row of its first place and lists the others in `duplicate_paths`,
/// as a single build would.
pub fn merge(
    parts: &[PathBuf],
    out: &Path,
    config: &Config,
    previous: Option<&Path>,
    run_log: Option<&Path>,
) -> Result<BuildSummary> {
    let started = Instant::now();
    let mut clock = Steps::start();
    let target = preflight(out, parts, run_log)?;
    let made = make_parent(&target)?;
    let _lock = OutLock::acquire(&target.out)?;
    let files = dataset::merge::check_parts(parts, &config.digest())?;
    let plan = dataset::merge::copies_across(parts)?;
    let mut writer = DatasetWriter::create(&target.out, build_info(config, files, None))?;
    let mut summary = BuildSummary {
        files,
        ..Default::default()
    };
    dataset::merge::stream(parts, &plan, &mut |mut doc| {
        // A part stores no keys: they are derived again, as a build does.
        doc.keys = document::derive_keys(&doc);
        summary.tally(&doc);
        summary.duplicates += doc.source.duplicate_paths.len();
        writer.push(&doc)
    })?;
    clock.lap("documents");
    complete_and_publish(writer, &mut summary, previous, &target.out, &mut clock)?;
    made.keep();
    summary.steps = clock.steps;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Before anything is written: where a build reading `inputs` (a merge:
/// its parts) may publish and keep its files, and where the run log may
/// go (see [`guard`]). A refusal is a [`guard::Refused`] error.
fn preflight(out: &Path, inputs: &[PathBuf], run_log: Option<&Path>) -> Result<Target> {
    let target = guard::check_out(out, inputs)?;
    if let Some(log) = run_log {
        guard::check_side_file("run log", log, &target, inputs)?;
    }
    Ok(target)
}

/// Make `--out`'s parent folder if it is missing; removed again should
/// the build fail.
fn make_parent(target: &Target) -> Result<MadeFolders> {
    MadeFolders::make(&target.parent).with_context(|| {
        format!(
            "cannot create the output's folder {}",
            target.parent.display()
        )
    })
}

/// Every document is written: run the checks across reports and complete
/// the tables, compare with the previous build (beside the checks, on
/// another thread), publish.
fn complete_and_publish(
    mut writer: DatasetWriter,
    summary: &mut BuildSummary,
    previous: Option<&Path>,
    out: &Path,
    clock: &mut Steps,
) -> Result<()> {
    let previous = previous.unwrap_or(out);
    let staged = writer.close_documents()?;
    hooks::pause_at("between-tables");
    // Opened here, so that the comparison still reads it once the
    // completed `reports` has replaced it.
    let compared = is_dataset(previous)
        .then(|| std::fs::File::open(&staged))
        .transpose()
        .with_context(|| format!("cannot read {}", staged.display()))?;
    let made = (
        writer.info().parser_version.clone(),
        writer.info().config_digest.clone(),
    );
    let current = writer.temp_dir().to_path_buf();
    let (manifest, changes) = std::thread::scope(|s| -> Result<_> {
        let comparing = compared
            .map(|reports| {
                std::thread::Builder::new()
                    .name("ogi-compare".into())
                    .spawn_scoped(s, || {
                        compare::compare(previous, &current, reports, Some(made))
                    })
                    .context("cannot start the comparison with the previous build")
            })
            .transpose()?;
        let manifest = complete(&mut writer, &staged);
        clock.lap("across");
        let changes = comparing.map(|c| {
            c.join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the comparison stopped on a bug")))
        });
        Ok((manifest?, changes))
    })?;
    summary.manifest = Some(manifest);
    if let Some(changes) = changes {
        // A report: a previous build that cannot be read is said, not fatal.
        match changes {
            Ok(changes) => summary.changes = Some(changes),
            Err(e) => summary.previous_unread = Some(format!("{e:#}")),
        }
        clock.lap("compare");
    }
    hooks::pause_at("publish");
    writer.publish()?;
    clock.lap("publish");
    Ok(())
}

/// The wall time of each step of a build, as they end.
struct Steps {
    since: Instant,
    steps: Vec<(&'static str, std::time::Duration)>,
}

impl Steps {
    fn start() -> Steps {
        Steps {
            since: Instant::now(),
            steps: Vec::new(),
        }
    }

    /// The step `name` ends now.
    fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.steps.push((name, now - self.since));
        self.since = now;
    }
}

/// Run the checks across reports over the staged `reports` table, and
/// complete the dataset with what they found.
fn complete(writer: &mut DatasetWriter, staged: &Path) -> Result<Manifest> {
    let completion =
        dataset::finalize::cross_report(staged, &mut |id, d| writer.push_finding(id, d))?;
    writer.close(&completion)
}

/// The writing end of pass 2: results, in order, into the tables, tallied
/// for the summary and counted for the progress display.
struct DocumentSink<'a> {
    writer: &'a mut DatasetWriter,
    summary: &'a mut BuildSummary,
    progress: &'a mut DocumentProgress,
    first: bool,
    /// Written since the last progress update: documents, bytes.
    unreported: (u64, u64),
}

impl<'a> DocumentSink<'a> {
    fn new(
        writer: &'a mut DatasetWriter,
        summary: &'a mut BuildSummary,
        progress: &'a mut DocumentProgress,
    ) -> Self {
        DocumentSink {
            writer,
            summary,
            progress,
            first: true,
            unreported: (0, 0),
        }
    }

    fn take(&mut self, r: DocumentResult) -> Result<()> {
        self.summary.tally(&r);
        self.writer.push(&r)?;
        self.unreported.0 += 1;
        self.unreported.1 += r.source.bytes as u64;
        if self.unreported.0 >= PROGRESS_EVERY {
            self.report();
        }
        if std::mem::take(&mut self.first) {
            hooks::pause_at("writing");
        }
        Ok(())
    }

    fn report(&mut self) {
        let (docs, bytes) = std::mem::take(&mut self.unreported);
        self.progress.advance(docs, bytes);
    }

    /// Every result is in.
    fn done(&mut self) {
        self.report();
    }
}

/// Hand back to the system what the threads of pass 2 freed. mimalloc keeps
/// a thread's freed pages for that thread to reuse, and idle workers never
/// return them; the cross-report checks that follow would otherwise add
/// their memory on top of pass 2's.
fn release_freed_memory(pool: &rayon::ThreadPool) {
    // SAFETY: mi_collect only walks the calling thread's heap (and pages
    // abandoned by threads that ended); it is safe to call at any time.
    pool.broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// What every file's footer and the manifest say of the build: besides
/// versions and digests, how many input files it read and, for a part,
/// which shard it is.
fn build_info(config: &Config, files: usize, shard: Option<Shard>) -> BuildInfo {
    let mut extra = vec![("files".to_string(), files.to_string())];
    if let Some(s) = shard {
        extra.push(("shard".to_string(), s.to_string()));
    }
    BuildInfo {
        parser_version: VERSION.to_string(),
        parser_build: Some(PARSER_BUILD.to_string()),
        config_digest: config.digest(),
        row_group_rows: config.output.row_group_rows,
        extra,
    }
}

/// Where pass 1 spills its inventory: a folder beside `--out`, removed at
/// the end of the build.
fn scratch_path(out: &Path) -> PathBuf {
    let (parent, name) = split_out(out);
    parent.join(format!(".{name}.inventory-{}", std::process::id()))
}

fn settings(c: &Config) -> Settings {
    Settings {
        max_file_bytes: c.input.max_file_bytes,
        limits: Limits {
            max_member_bytes: c.archive.max_member_bytes,
            max_ratio: c.archive.max_ratio,
            max_members: c.archive.max_members,
            max_depth: c.archive.max_depth,
        },
    }
}
