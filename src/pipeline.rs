//! The stages run together: crawl → decode → extract → validate → write,
//! in parallel, with output in sorted path order whatever the thread count.
//!
//! Two passes. Pass 1 hashes every file and archive member in parallel, so
//! that byte-identical documents become one `reports` row listing the other
//! places. Pass 2 hands the unique documents to the workers a batch at a
//! time (files as paths, archive members as bytes streamed out of their
//! archive) and writes each batch's results in document order before the
//! next batch starts, so memory is bounded by a batch, not by the archive.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::{hex, Config};
use crate::crawl::archive::{kind_of, read_archive, Item, Kind, Limits};
use crate::crawl::{crawl, Candidate};
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

/// One document found by the crawl: a file, or a member of an archive.
#[derive(Debug)]
struct Entry {
    member: Option<String>,
    content: Content,
}

#[derive(Debug)]
enum Content {
    /// Bytes that were read: their sha256.
    Bytes([u8; 32]),
    /// An archive member that was not read (too large, a bomb, …).
    Skipped,
    /// The file could not be read at all.
    Unreadable(String),
}

/// How a file is read.
#[derive(Clone, Copy, Debug)]
enum Unit {
    File,
    Archive(Kind),
}

/// Run a whole build.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .context("cannot start the worker threads")?;
    let (candidates, crawl_report) = crawl(&opts.inputs)?;

    let info = BuildInfo {
        parser_version: crate::PARSER_VERSION.to_string(),
        config_digest: opts.config.digest(),
        row_group_rows: opts.config.output.row_group_rows,
        extra: Vec::new(),
    };
    let mut writer = DatasetWriter::create(&opts.out, info)?;
    let mut summary = BuildSummary {
        files: candidates.len(),
        skipped_links: crawl_report.skipped_links.len(),
        ..Default::default()
    };
    let settings = Settings::from(&opts.config);

    // Pass 1: content hashes of every file and archive member, so that
    // byte-identical documents become one row whose duplicate_paths lists the
    // others, in path order.
    let planned: Vec<(Unit, Vec<Entry>)> =
        pool.install(|| candidates.par_iter().map(|c| plan(c, &settings)).collect());
    let mut first_of: HashMap<[u8; 32], (usize, usize)> = HashMap::new();
    let mut duplicates: HashMap<(usize, usize), Vec<String>> = HashMap::new();
    let mut is_duplicate: HashSet<(usize, usize)> = HashSet::new();
    for (ci, (_, entries)) in planned.iter().enumerate() {
        for (ei, e) in entries.iter().enumerate() {
            if let Content::Bytes(h) = &e.content {
                match first_of.get(h) {
                    Some(&first) => {
                        duplicates
                            .entry(first)
                            .or_default()
                            .push(place(&candidates[ci].rel, e.member.as_deref()));
                        is_duplicate.insert((ci, ei));
                        summary.duplicates += 1;
                    }
                    None => {
                        first_of.insert(*h, (ci, ei));
                    }
                }
            }
        }
    }
    drop(first_of);

    let total_docs: usize =
        planned.iter().map(|(_, e)| e.len().max(1)).sum::<usize>() - summary.duplicates;
    let bar = progress_bar(opts.progress, total_docs as u64);
    // Pass 2: read, extract, write. Documents go to the workers in batches
    // (files as paths, archive members as bytes streamed out of the archive)
    // and their results are written in document order, so memory is bounded
    // by one batch whatever the size of the archive.
    // The writer runs on its own thread, a batch behind the workers, so
    // that writing one batch overlaps reading the next.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<DocumentResult>>(1);
    let outcome = std::thread::scope(|scope| {
        let writing = scope.spawn(|| write_batches(rx, &mut writer, &mut summary, &bar));
        let mut sink = Sink {
            pool: &pool,
            tx,
            batch: Vec::new(),
            batch_bytes: 0,
            max_jobs: opts.config.run.batch_documents.max(1),
            settings: &settings,
        };
        let produced = produce(
            &mut sink,
            &candidates,
            &planned,
            &duplicates,
            &is_duplicate,
            &settings,
        );
        drop(sink);
        let written = writing
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer thread panicked")));
        // A writer failure is the cause of a producer's "writer stopped".
        written.and(produced)
    });
    outcome?;
    bar.finish_and_clear();
    summary.manifest = Some(writer.finish()?);
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Pass 2's producer: every unique document, in order, into the sink.
fn produce<'a>(
    sink: &mut Sink<'a>,
    candidates: &'a [Candidate],
    planned: &[(Unit, Vec<Entry>)],
    duplicates: &HashMap<(usize, usize), Vec<String>>,
    is_duplicate: &HashSet<(usize, usize)>,
    settings: &Settings,
) -> Result<()> {
    for (ci, c) in candidates.iter().enumerate() {
        let dup_of = |ei: usize| duplicates.get(&(ci, ei)).cloned().unwrap_or_default();
        let skip = |ei: usize| is_duplicate.contains(&(ci, ei));
        let (unit, entries) = &planned[ci];
        if let Some(Entry {
            content: Content::Unreadable(why),
            ..
        }) = entries.first()
        {
            let message = format!("the file could not be read: {why}");
            sink.push(Job::Done(Box::new(unreadable(
                c,
                None,
                "READ_FAILED",
                &message,
            ))))?;
            continue;
        }
        match unit {
            Unit::File => {
                if !skip(0) {
                    sink.push(Job::File {
                        candidate: c,
                        sha: sha_of(&entries[0]),
                        duplicates: dup_of(0),
                    })?;
                }
            }
            Unit::Archive(kind) => {
                if entries.is_empty() {
                    sink.push(Job::Done(Box::new(empty_archive(c))))?;
                    continue;
                }
                let mut ei = 0;
                let mut failure = None;
                let read = read_archive(&c.path, *kind, &settings.limits, &mut |item| {
                    let i = ei;
                    ei += 1;
                    if skip(i) || failure.is_some() {
                        return;
                    }
                    let job = match item {
                        Item::Doc { name, bytes } => Job::Member {
                            candidate: c,
                            name,
                            sha: entries.get(i).and_then(sha_of),
                            bytes,
                            duplicates: dup_of(i),
                        },
                        Item::Skipped {
                            name,
                            code,
                            message,
                        } => Job::Done(Box::new(skipped_member(c, &name, code, &message))),
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
                        c,
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

/// The writer thread: batches in order into the tables, tallied for the summary.
fn write_batches(
    rx: std::sync::mpsc::Receiver<Vec<DocumentResult>>,
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
enum Job<'a> {
    File {
        candidate: &'a Candidate,
        sha: Option<[u8; 32]>,
        duplicates: Vec<String>,
    },
    Member {
        candidate: &'a Candidate,
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

/// Collects jobs into batches, runs a batch on the workers, and writes the
/// results in order.
struct Sink<'a> {
    pool: &'a rayon::ThreadPool,
    tx: std::sync::mpsc::SyncSender<Vec<DocumentResult>>,
    batch: Vec<Job<'a>>,
    batch_bytes: usize,
    max_jobs: usize,
    settings: &'a Settings,
}

impl<'a> Sink<'a> {
    fn push(&mut self, job: Job<'a>) -> Result<()> {
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
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let max_file_bytes = self.settings.max_file_bytes;
        let results: Vec<DocumentResult> = self.pool.install(|| {
            batch
                .into_par_iter()
                .map(|job| match job {
                    Job::File {
                        candidate,
                        sha,
                        duplicates,
                    } => process_file(candidate, sha, duplicates, max_file_bytes),
                    Job::Member {
                        candidate,
                        name,
                        sha,
                        bytes,
                        duplicates,
                    } => process_bytes(&candidate.rel, Some(&name), &bytes, sha, duplicates),
                    Job::Done(r) => *r,
                })
                .collect()
        });
        self.tx
            .send(results)
            .map_err(|_| anyhow::anyhow!("the writer stopped"))?;
        Ok(())
    }
}

/// The settings the workers need.
#[derive(Clone, Copy, Debug)]
struct Settings {
    max_file_bytes: u64,
    limits: Limits,
}

impl From<&Config> for Settings {
    fn from(c: &Config) -> Self {
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
}

/// `path` or `path!member`, as duplicate_paths and the gold name places.
fn place(rel: &str, member: Option<&str>) -> String {
    match member {
        Some(m) => format!("{rel}!{m}"),
        None => rel.to_string(),
    }
}

/// Is this file an archive (and not a Word document, itself a zip)?
fn unit_of(c: &Candidate) -> Unit {
    let mut head = vec![0u8; 64 * 1024];
    let n = std::fs::File::open(&c.path)
        .and_then(|mut f| read_full(&mut f, &mut head))
        .unwrap_or(0);
    let head = &head[..n];
    if decode::sniff(&c.rel, head) == Format::Docx {
        return Unit::File;
    }
    match kind_of(&c.rel, head) {
        Some(kind) => Unit::Archive(kind),
        None => Unit::File,
    }
}

fn read_full(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Pass 1 for one file: what documents it holds and their hashes.
fn plan(c: &Candidate, s: &Settings) -> (Unit, Vec<Entry>) {
    let unit = if c.size > s.max_file_bytes {
        Unit::File
    } else {
        unit_of(c)
    };
    let entries = match unit {
        Unit::File => {
            let content = match hash_file(&c.path) {
                Ok(h) => Content::Bytes(h),
                Err(e) => Content::Unreadable(e),
            };
            vec![Entry {
                member: None,
                content,
            }]
        }
        Unit::Archive(kind) => {
            let mut entries = Vec::new();
            let read = read_archive(&c.path, kind, &s.limits, &mut |item| {
                entries.push(match item {
                    Item::Doc { name, bytes } => Entry {
                        member: Some(name),
                        content: Content::Bytes(Sha256::digest(&bytes).into()),
                    },
                    Item::Skipped { name, .. } => Entry {
                        member: if name.is_empty() { None } else { Some(name) },
                        content: Content::Skipped,
                    },
                });
            });
            if let Err(e) = read {
                entries = vec![Entry {
                    member: None,
                    content: Content::Unreadable(e.to_string()),
                }];
            }
            entries
        }
    };
    (unit, entries)
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

/// sha256 of a file, streamed so that a huge file costs no memory.
fn hash_file(path: &Path) -> std::result::Result<[u8; 32], String> {
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().into())
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

/// The hash pass 1 computed for an entry, so that pass 2 need not hash again.
fn sha_of(e: &Entry) -> Option<[u8; 32]> {
    match e.content {
        Content::Bytes(h) => Some(h),
        _ => None,
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
