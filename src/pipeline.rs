//! The stages run together: crawl → decode → extract → validate → write,
//! in parallel, with output in sorted path order whatever the thread count.
//!
//! Two passes. Pass 1 ([`Inventory`]) hashes every file and archive member
//! in parallel and spills the inventory to disk, so that byte-identical
//! documents become one `reports` row listing the other places. Pass 2
//! reads the inventory back and runs three stages at once: a reader (files
//! as paths, archive members as bytes streamed out of their archive) hands
//! documents to the workers a few at a time, and the writer takes their
//! results back in document order as they come. A window bounds how far the
//! reader runs ahead of the writer, so memory is bounded by the window, not
//! by the archive; no stage waits for a whole batch to end. With one
//! thread the three take turns on it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::compare::{compare, is_dataset, Changes};
use crate::config::{hex, Config};
use crate::crawl::archive::{read_archive, Item, Limits};
use crate::crawl::inventory::{hash_file, place, Content, How, Inventory, Settings, Unit};
use crate::crawl::{prefetch, Candidate};
use crate::decode::{self, Format};
use crate::extract;
use crate::model::{Diagnostic, DocumentResult, Extraction, Source, Status};
use crate::write::lock::OutLock;
use crate::write::{BuildInfo, DatasetWriter, Manifest};

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
    /// The build to compare with; `--out` when None (if a dataset is there).
    pub previous: Option<PathBuf>,
}

/// How progress is shown while building.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Nothing.
    Quiet,
    /// A bar that redraws itself (a terminal).
    Bar,
    /// A plain line every few seconds (a log file).
    Lines,
    /// A JSON object per line every few seconds (a log collector).
    Json,
}

/// A stable share of the inputs: the files whose relative path hashes to
/// `index` modulo `count`. Members of an archive go with their archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// `K/N` with `0 <= K < N`.
    pub fn parse(s: &str) -> Result<Shard> {
        let (k, n) = s
            .split_once('/')
            .with_context(|| format!("--shard {s:?}: expected K/N, e.g. 0/4"))?;
        let index: u32 = k
            .trim()
            .parse()
            .with_context(|| format!("--shard {s:?}: K is not a number"))?;
        let count: u32 = n
            .trim()
            .parse()
            .with_context(|| format!("--shard {s:?}: N is not a number"))?;
        if count == 0 || index >= count {
            anyhow::bail!(
                "--shard {s:?}: K must be between 0 and N-1 (shards are numbered from 0)"
            );
        }
        Ok(Shard { index, count })
    }

    pub fn holds(&self, rel: &str) -> bool {
        let h = Sha256::digest(rel.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&h[..8]);
        u64::from_le_bytes(first) % u64::from(self.count) == u64::from(self.index)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// What a build did, for the summary printed at the end.
#[derive(Debug, Default)]
pub struct BuildSummary {
    pub files: usize,
    pub documents: usize,
    pub duplicates: usize,
    pub bytes: u64,
    pub by_status: BTreeMap<&'static str, usize>,
    pub by_template: BTreeMap<&'static str, usize>,
    pub by_code: BTreeMap<&'static str, usize>,
    pub cells: usize,
    pub elapsed: Duration,
    pub manifest: Option<Manifest>,
    pub skipped_links: usize,
    pub by_year: BTreeMap<Option<i32>, usize>,
    /// Documents with at least one error diagnostic.
    pub with_errors: usize,
    /// Against the previous build, when there was one.
    pub changes: Option<Changes>,
}

impl BuildSummary {
    fn tally(&mut self, r: &DocumentResult) {
        self.documents += 1;
        self.bytes += r.source.bytes as u64;
        *self
            .by_status
            .entry(r.extraction.status.as_str())
            .or_default() += 1;
        *self
            .by_template
            .entry(r.extraction.template.as_str())
            .or_default() += 1;
        *self.by_year.entry(r.extraction.metadata.year).or_default() += 1;
        for d in &r.extraction.diagnostics {
            *self.by_code.entry(d.code).or_default() += 1;
        }
        if r.count(crate::model::Severity::Error) > 0 {
            self.with_errors += 1;
        }
        self.cells += r.extraction.proactive.len()
            + r.extraction.applications.len()
            + r.extraction.reviews.len();
    }

    /// The alert thresholds this build crossed, as messages (none: exit 0).
    pub fn alerts(&self, config: &Config) -> Vec<String> {
        let mut out = Vec::new();
        let n = self.documents.max(1) as f64;
        let failed = *self.by_status.get("failed").unwrap_or(&0) as f64 / n;
        if failed > config.alerts.max_failed_share {
            out.push(format!(
                "{:.1} % of documents failed, more than alerts.max_failed_share ({:.1} %)",
                failed * 100.0,
                config.alerts.max_failed_share * 100.0
            ));
        }
        let errors = self.with_errors as f64 / n;
        if errors > config.alerts.max_error_share {
            out.push(format!(
                "{:.1} % of documents have errors, more than alerts.max_error_share ({:.1} %)",
                errors * 100.0,
                config.alerts.max_error_share * 100.0
            ));
        }
        out
    }
}

/// Run a whole build.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let _lock = OutLock::acquire(&opts.out)?;
    // Named, so that `top -H` or a profile shows which stage is busy.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .thread_name(|i| format!("ogi-worker-{i}"))
        .build()
        .context("cannot start the worker threads")?;
    let settings = settings(&opts.config);
    let mut taking = Taking::new(opts.progress);
    let inventory = Inventory::take(
        &opts.inputs,
        &scratch_path(&opts.out),
        &pool,
        &settings,
        opts.shard.map(|s| move |rel: &str| s.holds(rel)),
        &mut |files, bytes| taking.hashed(files, bytes),
    )?;
    taking.finish(&inventory);

    let mut writer = DatasetWriter::create(
        &opts.out,
        build_info(&opts.config, inventory.files, opts.shard),
    )?;
    let mut summary = BuildSummary {
        files: inventory.files,
        duplicates: inventory.copies as usize,
        skipped_links: inventory.report.skipped_links.len(),
        ..Default::default()
    };

    let mut progress = Reporter::new(opts.progress, inventory.documents);
    let max_file_bytes = settings.max_file_bytes;
    let outcome = if pool.current_num_threads() == 1 {
        // One thread: the reader, the worker and the writer take turns on
        // it, so that a build given one core uses one (and `--threads 2`
        // is measured against a build that really had one).
        let mut written = Written::new(&mut writer, &mut summary, &mut progress);
        produce(
            &mut |job| written.take(job.run_caught(max_file_bytes)?),
            &inventory,
            &settings,
            false,
        )
        .map(|()| written.done())
    } else {
        // Reader → workers → writer, with no step between batches: the
        // reader hands documents to the pool a chunk at a time, the writer
        // takes the results in document order as they come back, and the
        // window bounds what is between the two.
        let window = Window::new(opts.config.run.batch_documents.max(1), MAX_WINDOW_BYTES);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Done>();
        std::thread::scope(|scope| {
            let writing = std::thread::Builder::new()
                .name("ogi-writer".to_string())
                .spawn_scoped(scope, || {
                    // However the writer ends (even by a panic), the reader
                    // must not go on waiting for room.
                    let _stop = StopOnDrop(&window);
                    let mut written = Written::new(&mut writer, &mut summary, &mut progress);
                    write_in_order(done_rx, &window, &mut written)
                })
                .context("cannot start the writer thread")?;
            let produced = pool.in_place_scope_fifo(|s| {
                // Owned by this scope, so that the writer's channel closes
                // once the reader and the last chunk are done.
                let done_tx = done_tx;
                let mut next = 0u64;
                let mut chunk = Chunk::default();
                // Hand the documents gathered so far to the pool, as one task.
                let mut spawn = |chunk: Chunk| {
                    if chunk.jobs.is_empty() {
                        return;
                    }
                    let (index, tx) = (next, done_tx.clone());
                    next += 1;
                    s.spawn_fifo(move |_| {
                        let Chunk { jobs, bytes } = chunk;
                        let docs = jobs.len();
                        let mut results = Vec::with_capacity(docs);
                        for job in jobs {
                            match job.run_caught(max_file_bytes) {
                                Ok(r) => results.push(r),
                                Err(e) => {
                                    let _ = tx.send(Done::failed(index, e));
                                    return;
                                }
                            }
                        }
                        // A writer that stopped no longer listens.
                        let _ = tx.send(Done {
                            index,
                            docs,
                            bytes,
                            results: Ok(results),
                        });
                    });
                };
                produce(
                    &mut |job| {
                        let bytes = job.bytes();
                        if !window.try_enter(bytes) {
                            // The documents gathered must be on their way
                            // before waiting for the writer to make room.
                            spawn(std::mem::take(&mut chunk));
                            window.enter(bytes)?;
                        }
                        chunk.jobs.push(job);
                        chunk.bytes += bytes;
                        if chunk.jobs.len() >= CHUNK_DOCS || chunk.bytes >= CHUNK_BYTES {
                            spawn(std::mem::take(&mut chunk));
                        }
                        Ok(())
                    },
                    &inventory,
                    &settings,
                    true,
                )
                .map(|()| spawn(chunk))
            });
            let written = writing
                .join()
                .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer thread panicked")));
            // A writer failure is the cause of the reader's "stopped".
            written.and(produced)
        })
    };
    outcome?;
    drop(inventory);
    release_freed_memory(&pool);
    progress.finish();
    publish(writer, &mut summary, opts.previous.as_deref(), &opts.out)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
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
        parser_version: crate::PARSER_VERSION.to_string(),
        config_digest: config.digest(),
        row_group_rows: config.output.row_group_rows,
        extra,
    }
}

/// Close the tables, compare with the previous build, publish.
fn publish(
    mut writer: DatasetWriter,
    summary: &mut BuildSummary,
    previous: Option<&std::path::Path>,
    out: &std::path::Path,
) -> Result<()> {
    summary.manifest = Some(writer.close()?);
    let previous = previous.unwrap_or(out);
    if is_dataset(previous) {
        summary.changes = Some(compare(previous, writer.temp_dir())?);
    }
    writer.publish()
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
    out: &std::path::Path,
    config: &Config,
    previous: Option<&std::path::Path>,
) -> Result<BuildSummary> {
    let started = Instant::now();
    let _lock = OutLock::acquire(out)?;
    let files = crate::merge::check_parts(parts, config)?;
    let plan = crate::merge::copies_across(parts)?;
    let mut writer = DatasetWriter::create(out, build_info(config, files, None))?;
    let mut summary = BuildSummary {
        files,
        ..Default::default()
    };
    crate::merge::stream(parts, &plan, &mut |doc| {
        summary.tally(&doc);
        summary.duplicates += doc.source.duplicate_paths.len();
        writer.push(&doc)
    })?;
    publish(writer, &mut summary, previous, out)?;
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Where pass 1 spills its inventory: a folder beside `--out`, removed at
/// the end of the build.
fn scratch_path(out: &std::path::Path) -> PathBuf {
    let (parent, name) = crate::write::lock::split_out(out);
    parent.join(format!(".{name}.inventory-{}", std::process::id()))
}

/// Pass 2's reader: every unique document, in order, to `feed`. With
/// `ahead`, the jobs wait in the window before a worker runs them, and the
/// disk is asked for each file as its job is made (see [`prefetch`]): a
/// cold archive larger than the page cache is read again in pass 2.
fn produce(
    feed: &mut dyn FnMut(Job) -> Result<()>,
    inventory: &Inventory,
    settings: &Settings,
    ahead: bool,
) -> Result<()> {
    for unit in inventory.units()? {
        let (
            first,
            Unit {
                candidate: c,
                how,
                entries,
            },
        ) = unit?;
        if let Some(Content::Unreadable(why)) = entries.first().map(|e| &e.content) {
            let message = format!("the file could not be read: {why}");
            feed(Job::Done(Box::new(unreadable(
                &c,
                None,
                "READ_FAILED",
                &message,
            ))))?;
            continue;
        }
        match how {
            How::File => {
                if !inventory.is_copy(first) {
                    // A file over the size limit is not read again.
                    if ahead && c.size <= settings.max_file_bytes {
                        prefetch(&c);
                    }
                    feed(Job::File {
                        sha: entries.first().and_then(|e| e.content.sha()),
                        duplicates: inventory.copies_of(first),
                        candidate: c,
                    })?;
                }
            }
            How::Archive(kind) => {
                if entries.is_empty() {
                    feed(Job::Done(Box::new(empty_archive(&c))))?;
                    continue;
                }
                let mut i = 0usize;
                let mut failure = None;
                let read = read_archive(&c.path, kind, &settings.limits, &mut |item| {
                    let index = first + i as u64;
                    let entry = entries.get(i);
                    i += 1;
                    if inventory.is_copy(index) || failure.is_some() {
                        return;
                    }
                    let job = match item {
                        Item::Doc { name, bytes } => Job::Member {
                            rel: c.rel.clone(),
                            name,
                            sha: entry.and_then(|e| e.content.sha()),
                            bytes,
                            duplicates: inventory.copies_of(index),
                        },
                        Item::Skipped {
                            name,
                            code,
                            message,
                        } => Job::Done(Box::new(skipped_member(&c, &name, code, &message))),
                    };
                    if let Err(e) = feed(job) {
                        failure = Some(e);
                    }
                });
                if let Some(e) = failure {
                    return Err(e);
                }
                if let Err(e) = read {
                    let message = format!("the archive could not be read: {e}");
                    feed(Job::Done(Box::new(unreadable(
                        &c,
                        None,
                        "READ_FAILED",
                        &message,
                    ))))?;
                }
            }
        }
    }
    Ok(())
}

/// Documents a worker takes at a time, at most: few enough that neither
/// worker waits long for the other's last one, enough that handing them
/// over costs little.
const CHUNK_DOCS: usize = 16;
/// Archive members' bytes in one chunk, at most.
const CHUNK_BYTES: usize = 1024 * 1024;

/// Documents on their way to a worker, as one task.
#[derive(Default)]
struct Chunk {
    jobs: Vec<Job>,
    /// The archive members' bytes among them.
    bytes: usize,
}

/// A chunk's results back from a worker, with the chunk's place in the
/// order and what it held in the window.
struct Done {
    index: u64,
    docs: usize,
    bytes: usize,
    results: Result<Vec<DocumentResult>>,
}

impl Done {
    fn failed(index: u64, e: anyhow::Error) -> Self {
        Done {
            index,
            docs: 0,
            bytes: 0,
            results: Err(e),
        }
    }
}

/// The writer's loop: chunks of results as they come back, written in
/// document order, each one's room in the window given back once written.
fn write_in_order(
    rx: std::sync::mpsc::Receiver<Done>,
    window: &Window,
    written: &mut Written<'_>,
) -> Result<()> {
    let mut waiting: BTreeMap<u64, Done> = BTreeMap::new();
    let mut next = 0u64;
    for done in rx {
        waiting.insert(done.index, done);
        while let Some(done) = waiting.remove(&next) {
            for r in done.results? {
                written.take(r)?;
            }
            window.leave(done.docs, done.bytes);
            next += 1;
        }
    }
    anyhow::ensure!(
        waiting.is_empty(),
        "{} chunks of documents never came back from the workers",
        waiting.len()
    );
    written.done();
    Ok(())
}

/// How far the reader may run ahead of the writer: documents handed to the
/// workers and not yet written, and the archive members' bytes among them.
/// Memory is bounded by this, not by the archive.
struct Window {
    state: std::sync::Mutex<Flight>,
    changed: std::sync::Condvar,
    max_docs: usize,
    max_bytes: usize,
}

#[derive(Default)]
struct Flight {
    docs: usize,
    bytes: usize,
    stopped: bool,
}

impl Flight {
    fn admit(&mut self, bytes: usize) {
        self.docs += 1;
        self.bytes += bytes;
    }
}

impl Window {
    fn new(max_docs: usize, max_bytes: usize) -> Self {
        Window {
            state: Default::default(),
            changed: Default::default(),
            max_docs,
            max_bytes,
        }
    }

    fn flight(&self) -> std::sync::MutexGuard<'_, Flight> {
        // The counts stay consistent even if a holder panicked.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn full(&self, f: &Flight, bytes: usize) -> bool {
        f.docs > 0 && (f.docs >= self.max_docs || f.bytes + bytes > self.max_bytes)
    }

    /// Room for a document holding `bytes`, if there is some now (and the
    /// writer has not stopped).
    fn try_enter(&self, bytes: usize) -> bool {
        let mut f = self.flight();
        if f.stopped || self.full(&f, bytes) {
            return false;
        }
        f.admit(bytes);
        true
    }

    /// Wait for room for a document holding `bytes` (one always fits when
    /// nothing is in flight); fails once the writer has stopped.
    fn enter(&self, bytes: usize) -> Result<()> {
        let mut f = self.flight();
        while !f.stopped && self.full(&f, bytes) {
            f = self.changed.wait(f).unwrap_or_else(|e| e.into_inner());
        }
        anyhow::ensure!(!f.stopped, "the writer stopped");
        f.admit(bytes);
        Ok(())
    }

    /// `docs` documents holding `bytes` were written.
    fn leave(&self, docs: usize, bytes: usize) {
        let mut f = self.flight();
        f.docs -= docs;
        f.bytes -= bytes;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.flight().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops its window when dropped.
struct StopOnDrop<'a>(&'a Window);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.stop();
    }
}

/// Results written between two progress updates.
const PROGRESS_EVERY: u64 = 64;

/// The writing end: results, in order, into the tables, tallied for the
/// summary.
struct Written<'a> {
    writer: &'a mut DatasetWriter,
    summary: &'a mut BuildSummary,
    progress: &'a mut Reporter,
    first: bool,
    /// Written since the last progress update: documents, bytes.
    unreported: (u64, u64),
}

impl<'a> Written<'a> {
    fn new(
        writer: &'a mut DatasetWriter,
        summary: &'a mut BuildSummary,
        progress: &'a mut Reporter,
    ) -> Self {
        Written {
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
            crate::pause_point("writing");
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

/// A document waiting for a worker.
enum Job {
    File {
        candidate: Candidate,
        sha: Option<[u8; 32]>,
        duplicates: Vec<String>,
    },
    Member {
        rel: String,
        name: String,
        sha: Option<[u8; 32]>,
        bytes: Vec<u8>,
        duplicates: Vec<String>,
    },
    /// A row made without reading (a skipped member, an unreadable file).
    Done(Box<DocumentResult>),
}

impl Job {
    fn run(self, max_file_bytes: u64) -> DocumentResult {
        match self {
            Job::File {
                candidate,
                sha,
                duplicates,
            } => process_file(&candidate, sha, duplicates, max_file_bytes),
            Job::Member {
                rel,
                name,
                sha,
                bytes,
                duplicates,
            } => process_bytes(&rel, Some(&name), &bytes, sha, duplicates),
            Job::Done(r) => *r,
        }
    }

    /// [`Job::run`], with a panic turned into an error that names the
    /// document: the build stops, saying where.
    fn run_caught(self, max_file_bytes: u64) -> Result<DocumentResult> {
        let place = self.place();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run(max_file_bytes))).map_err(
            |_| {
                anyhow::anyhow!(
                    "reading {place} panicked (a bug in ogi: please report it with the file)"
                )
            },
        )
    }

    /// The archive bytes it holds.
    fn bytes(&self) -> usize {
        match self {
            Job::Member { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }

    /// Where it is, for a message.
    fn place(&self) -> String {
        match self {
            Job::File { candidate, .. } => candidate.rel.clone(),
            Job::Member { rel, name, .. } => place(rel, Some(name)),
            Job::Done(r) => place(&r.source.source_path, r.source.member.as_deref()),
        }
    }
}

/// Archive members' bytes between the reader and the writer, at most (a
/// larger member still goes, alone).
const MAX_WINDOW_BYTES: usize = 8 * 1024 * 1024;

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

/// The row of an archive that holds no documents.
fn empty_archive(c: &Candidate) -> DocumentResult {
    let mut r = unreadable(c, None, "EMPTY_ARCHIVE", "the archive holds no documents");
    r.extraction.status = Status::NotAReport;
    if let Ok(h) = hash_file(&c.path) {
        set_hash(&mut r.source, &h);
    }
    r.source.format = "archive".to_string();
    r
}

/// The row of an archive member (or a whole archive, `name` empty) that was
/// not read.
fn skipped_member(c: &Candidate, name: &str, code: &'static str, message: &str) -> DocumentResult {
    let member = if name.is_empty() { None } else { Some(name) };
    let mut r = unreadable(c, member, code, message);
    r.source.format = "archive".to_string();
    if member.is_none() {
        if let Ok(h) = hash_file(&c.path) {
            set_hash(&mut r.source, &h);
        }
    }
    r
}

fn set_hash(source: &mut Source, h: &[u8; 32]) {
    let sha = hex(h);
    source.report_id = sha[..32].to_string();
    source.sha256 = sha;
}

/// Seconds between two progress lines in a log.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// What the two progress displays share: how progress is shown, and what
/// has been counted since they began.
struct Meter {
    mode: Progress,
    /// Hidden unless on a terminal.
    bar: ProgressBar,
    started: Instant,
    last_line: Instant,
    count: u64,
    bytes: u64,
}

impl Meter {
    /// `bar` makes the bar shown on a terminal.
    fn new(mode: Progress, bar: impl FnOnce() -> ProgressBar) -> Meter {
        let now = Instant::now();
        Meter {
            mode,
            bar: if mode == Progress::Bar {
                bar()
            } else {
                ProgressBar::hidden()
            },
            started: now,
            last_line: now,
            count: 0,
            bytes: 0,
        }
    }

    fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64().max(1e-3)
    }

    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds()
    }

    /// Count `n` more, of `bytes` bytes, and redraw the bar on a terminal.
    /// In a log, says whether a line is due.
    fn add(&mut self, n: u64, bytes: u64) -> bool {
        self.count += n;
        self.bytes += bytes;
        match self.mode {
            Progress::Quiet => false,
            Progress::Bar => {
                self.bar.set_position(self.count);
                self.bar.set_message(format!("{:.1} MB/s", self.mb_per_s()));
                false
            }
            Progress::Lines | Progress::Json => {
                if self.last_line.elapsed() < LINE_EVERY {
                    return false;
                }
                self.last_line = Instant::now();
                true
            }
        }
    }
}

/// Shows how far pass 1 is. Its total is not known before it ends: a
/// spinner counting files on a terminal, a line every few seconds
/// otherwise, and in a log a line when it ends (how long the inventory
/// took is where a cold disk shows).
struct Taking(Meter);

impl Taking {
    fn new(mode: Progress) -> Taking {
        Taking(Meter::new(mode, || {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} taking the inventory: {pos} files {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            // A chunk of files can take a while on a cold disk: the spinner
            // turns meanwhile, so the build is seen to be alive.
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        }))
    }

    fn hashed(&mut self, files: u64, bytes: u64) {
        let m = &mut self.0;
        if !m.add(files, bytes) {
            return;
        }
        let mb_s = m.mb_per_s();
        if m.mode == Progress::Json {
            eprintln!(
                "{}",
                serde_json::json!({
                    "event": "progress",
                    "phase": "inventory",
                    "files": m.count,
                    "mb_per_s": (mb_s * 10.0).round() / 10.0,
                })
            );
        } else {
            eprintln!(
                "ogi: taking the inventory: {} files, {mb_s:.1} MB/s",
                m.count
            );
        }
    }

    fn finish(&self, inventory: &Inventory) {
        let m = &self.0;
        m.bar.finish_and_clear();
        let secs = m.seconds();
        match m.mode {
            Progress::Quiet | Progress::Bar => {}
            Progress::Lines => eprintln!(
                "ogi: inventory taken in {secs:.1} s: {} files, {} documents, {} duplicates",
                inventory.files, inventory.documents, inventory.copies
            ),
            Progress::Json => eprintln!(
                "{}",
                serde_json::json!({
                    "event": "inventory",
                    "files": inventory.files,
                    "documents": inventory.documents,
                    "duplicates": inventory.copies,
                    "seconds": (secs * 1000.0).round() / 1000.0,
                })
            ),
        }
    }
}

/// Shows how far pass 2 is: a bar on a terminal, a line (plain or JSON)
/// every few seconds otherwise.
struct Reporter {
    meter: Meter,
    total: u64,
}

impl Reporter {
    fn new(mode: Progress, total: u64) -> Reporter {
        let meter = Meter::new(mode, || {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos}/{len} documents [{bar:30}] {per_sec} {msg} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Reporter { meter, total }
    }

    fn advance(&mut self, docs: u64, bytes: u64) {
        let m = &mut self.meter;
        if !m.add(docs, bytes) {
            return;
        }
        let (done, secs, mb_s) = (m.count, m.seconds(), m.mb_per_s());
        let eta = if done > 0 {
            self.total.saturating_sub(done) as f64 * secs / done as f64
        } else {
            0.0
        };
        if m.mode == Progress::Json {
            eprintln!(
                "{}",
                serde_json::json!({
                    "event": "progress",
                    "phase": "documents",
                    "documents": done,
                    "of": self.total,
                    "mb_per_s": (mb_s * 10.0).round() / 10.0,
                    "eta_s": eta.round(),
                })
            );
        } else {
            eprintln!(
                "ogi: {done}/{} documents, {mb_s:.1} MB/s, eta {eta:.0} s",
                self.total
            );
        }
    }

    fn finish(&self) {
        self.meter.bar.finish_and_clear();
    }
}

/// A document that could not be read: a `failed` row all the same. Its id
/// hashes its place, since there are no bytes to hash.
fn unreadable(
    c: &Candidate,
    member: Option<&str>,
    code: &'static str,
    message: &str,
) -> DocumentResult {
    let mut ex = Extraction::empty(Status::Failed);
    ex.diagnostics
        .push(Diagnostic::error(code, message.to_string()));
    let id = hex(&Sha256::digest(place(&c.rel, member).as_bytes()));
    DocumentResult {
        source: Source {
            report_id: format!("unread-{}", &id[..24]),
            source_path: c.rel.clone(),
            member: member.map(str::to_string),
            duplicate_paths: Vec::new(),
            sha256: String::new(),
            bytes: if member.is_none() { c.size as i64 } else { 0 },
            format: "unknown".to_string(),
            encoding: "unknown".to_string(),
        },
        extraction: ex,
    }
}

fn process_file(
    c: &Candidate,
    sha: Option<[u8; 32]>,
    duplicate_paths: Vec<String>,
    max_bytes: u64,
) -> DocumentResult {
    if c.size > max_bytes {
        let message = format!(
            "{} bytes is more than input.max_file_bytes ({max_bytes}); not read",
            c.size
        );
        let mut r = unreadable(c, None, "FILE_TOO_LARGE", &message);
        // Pass 1 hashed it already; reading a huge file twice costs.
        if let Some(h) = sha.or_else(|| hash_file(&c.path).ok()) {
            set_hash(&mut r.source, &h);
        }
        r.source.duplicate_paths = duplicate_paths;
        return r;
    }
    match std::fs::read(&c.path) {
        Ok(bytes) => process_bytes(&c.rel, None, &bytes, sha, duplicate_paths),
        Err(e) => unreadable(
            c,
            None,
            "READ_FAILED",
            &format!("the file could not be read: {e}"),
        ),
    }
}

/// Read one document's bytes: everything after the crawl, for one file.
/// `sha` is the bytes' sha256 when already known.
pub fn process_bytes(
    rel: &str,
    member: Option<&str>,
    bytes: &[u8],
    sha: Option<[u8; 32]>,
    duplicate_paths: Vec<String>,
) -> DocumentResult {
    let sha = hex(&sha.unwrap_or_else(|| Sha256::digest(bytes).into()));
    let name = member.unwrap_or(rel);
    let format = decode::sniff(name, bytes);
    let mut source = Source {
        report_id: sha[..32].to_string(),
        source_path: rel.to_string(),
        member: member.map(str::to_string),
        duplicate_paths,
        sha256: sha,
        bytes: bytes.len() as i64,
        format: format.as_str().to_string(),
        encoding: "unknown".to_string(),
    };
    let failed = |code: &'static str, message: String| {
        let mut ex = Extraction::empty(Status::Failed);
        ex.diagnostics.push(Diagnostic::error(code, message));
        ex
    };
    let extraction = match format {
        Format::Text | Format::Html => {
            let decoded = decode::decode(bytes);
            source.encoding = decoded.encoding.to_string();
            let text = if format == Format::Html {
                decode::normalise(&decode::html::html_to_text(&decoded.text))
            } else {
                decoded.text
            };
            let mut ex = extract::extract(&text);
            if decoded.had_errors {
                ex.diagnostics.push(Diagnostic::warning(
                    "DECODE_ERRORS",
                    format!("some bytes are not valid {}; replaced", decoded.encoding),
                ));
            }
            if let Some(declared) = decoded.declared {
                if declared != decoded.encoding {
                    ex.diagnostics.push(Diagnostic::warning(
                        "ENCODING_MISMATCH",
                        format!(
                            "the page declares {declared} but its bytes are {}; read as {}",
                            decoded.encoding, decoded.encoding
                        ),
                    ));
                }
            }
            ex
        }
        Format::Docx => match decode::docx::docx_to_text(bytes) {
            Ok(text) => {
                source.encoding = "UTF-8".to_string();
                extract::extract(&decode::normalise(&text))
            }
            Err(why) => failed(
                "DOCX_UNREADABLE",
                format!("the Word document could not be read: {why}"),
            ),
        },
        Format::Empty => failed("EMPTY_DOCUMENT", "the document is empty".to_string()),
        Format::Binary => failed(
            "BINARY_DOCUMENT",
            "the document is binary data, not text".to_string(),
        ),
        other => failed(
            "FORMAT_NOT_READ",
            format!(
                "{} documents are recognised but not read by this version",
                other.as_str()
            ),
        ),
    };
    DocumentResult { source, extraction }
}
