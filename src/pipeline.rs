//! The stages run together: crawl → decode → extract → validate → write,
//! in parallel, with output in sorted path order whatever the thread count.
//!
//! Two passes. Pass 1 ([`Inventory`]) hashes every file and archive member
//! in parallel and spills the inventory to disk, so that byte-identical
//! documents become one `reports` row listing the other places. Pass 2
//! reads the inventory back and runs three stages at once, each handing the
//! next a bounded batch: a reader (files as paths, archive members as bytes
//! streamed out of their archive), the workers (a batch in parallel), and
//! the writer (a batch's results in document order). Memory is bounded by a
//! few batches, not by the archive.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::{hex, Config};
use crate::crawl::archive::{read_archive, Item, Limits};
use crate::crawl::inventory::{hash_file, place, Content, How, Inventory, Settings, Unit};
use crate::crawl::Candidate;
use crate::decode::{self, Format};
use crate::extract;
use crate::model::{Diagnostic, DocumentResult, Extraction, Source, Status};
use crate::write::{BuildInfo, DatasetWriter, Manifest};

/// What a build is asked to do.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub threads: usize,
    pub config: Config,
    /// Draw a progress bar (on a terminal).
    pub progress: bool,
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
}

/// Run a whole build.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .context("cannot start the worker threads")?;
    let settings = settings(&opts.config);
    let inventory = Inventory::take(&opts.inputs, &scratch_path(&opts.out), &pool, &settings)?;

    let info = BuildInfo {
        parser_version: crate::PARSER_VERSION.to_string(),
        config_digest: opts.config.digest(),
        row_group_rows: opts.config.output.row_group_rows,
        extra: Vec::new(),
    };
    let mut writer = DatasetWriter::create(&opts.out, info)?;
    let mut summary = BuildSummary {
        files: inventory.files,
        duplicates: inventory.copies as usize,
        skipped_links: inventory.report.skipped_links.len(),
        ..Default::default()
    };

    let bar = progress_bar(opts.progress, inventory.documents);
    let max_jobs = opts.config.run.batch_documents.max(1);
    // Pass 2: reader → workers → writer, each a batch apart.
    let (jobs_tx, jobs_rx) = sync_channel::<Vec<Job>>(1);
    let (done_tx, done_rx) = sync_channel::<Vec<DocumentResult>>(1);
    let outcome = std::thread::scope(|scope| {
        let writing = scope.spawn(|| write_batches(done_rx, &mut writer, &mut summary, &bar));
        let working = scope.spawn(|| work(jobs_rx, done_tx, &pool, settings.max_file_bytes));
        let mut sink = Sink {
            tx: jobs_tx,
            batch: Vec::new(),
            batch_bytes: 0,
            max_jobs,
        };
        let produced = produce(&mut sink, &inventory, &settings);
        drop(sink);
        let joined = |r: std::thread::Result<Result<()>>, what: &str| {
            r.unwrap_or_else(|_| Err(anyhow::anyhow!("the {what} thread panicked")))
        };
        let worked = joined(working.join(), "worker");
        let written = joined(writing.join(), "writer");
        // A writer failure is the cause of the others' "stopped".
        written.and(worked).and(produced)
    });
    outcome?;
    drop(inventory);
    bar.finish_and_clear();
    summary.manifest = Some(writer.finish()?);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Where pass 1 spills its inventory: a folder beside `--out`, removed at
/// the end of the build.
fn scratch_path(out: &std::path::Path) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".to_string());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.join(format!(".{name}.inventory-{}", std::process::id()))
}

/// Pass 2's reader: every unique document, in order, into the sink.
fn produce(sink: &mut Sink, inventory: &Inventory, settings: &Settings) -> Result<()> {
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
            sink.push(Job::Done(Box::new(unreadable(
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
                    sink.push(Job::File {
                        sha: entries.first().and_then(|e| e.content.sha()),
                        duplicates: inventory.copies_of(first),
                        candidate: c,
                    })?;
                }
            }
            How::Archive(kind) => {
                if entries.is_empty() {
                    sink.push(Job::Done(Box::new(empty_archive(&c))))?;
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
                    if let Err(e) = sink.push(job) {
                        failure = Some(e);
                    }
                });
                if let Some(e) = failure {
                    return Err(e);
                }
                if let Err(e) = read {
                    let message = format!("the archive could not be read: {e}");
                    sink.push(Job::Done(Box::new(unreadable(
                        &c,
                        None,
                        "READ_FAILED",
                        &message,
                    ))))?;
                }
            }
        }
    }
    sink.flush()
}

/// The workers: each batch in parallel, its results in order to the writer.
fn work(
    rx: Receiver<Vec<Job>>,
    tx: SyncSender<Vec<DocumentResult>>,
    pool: &rayon::ThreadPool,
    max_file_bytes: u64,
) -> Result<()> {
    for batch in rx {
        let results: Vec<DocumentResult> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|job| match job {
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
                })
                .collect()
        });
        tx.send(results)
            .map_err(|_| anyhow::anyhow!("the writer stopped"))?;
    }
    Ok(())
}

/// The writer thread: batches in order into the tables, tallied for the summary.
fn write_batches(
    rx: Receiver<Vec<DocumentResult>>,
    writer: &mut DatasetWriter,
    s: &mut BuildSummary,
    bar: &ProgressBar,
) -> Result<()> {
    for results in rx {
        for r in &results {
            s.documents += 1;
            s.bytes += r.source.bytes as u64;
            *s.by_status.entry(r.extraction.status.as_str()).or_default() += 1;
            *s.by_template
                .entry(r.extraction.template.as_str())
                .or_default() += 1;
            for d in &r.extraction.diagnostics {
                *s.by_code.entry(d.code).or_default() += 1;
            }
            s.cells += r.extraction.proactive.len()
                + r.extraction.applications.len()
                + r.extraction.reviews.len();
            writer.push(r)?;
            bar.inc(1);
        }
    }
    Ok(())
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

/// Archive members held in one batch, at most (bytes).
const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// Collects jobs into batches for the workers.
struct Sink {
    tx: SyncSender<Vec<Job>>,
    batch: Vec<Job>,
    batch_bytes: usize,
    max_jobs: usize,
}

impl Sink {
    fn push(&mut self, job: Job) -> Result<()> {
        if let Job::Member { bytes, .. } = &job {
            self.batch_bytes += bytes.len();
        }
        self.batch.push(job);
        if self.batch.len() >= self.max_jobs || self.batch_bytes >= MAX_BATCH_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.tx
            .send(batch)
            .map_err(|_| anyhow::anyhow!("the workers stopped"))
    }
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

fn progress_bar(show: bool, len: u64) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {pos}/{len} documents [{bar:40}] {per_sec} eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
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
        if let Ok(h) = hash_file(&c.path) {
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
