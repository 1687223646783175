//! The stages run together: crawl → decode → extract → validate → write,
//! in parallel, with output in sorted path order whatever the thread count.
//!
//! Work is handed to the workers a batch of documents at a time; results of
//! a batch are written in document order before the next batch starts, so
//! memory is bounded by the batch size, not by the archive.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::config::{hex, Config};
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

    // Pass 1: content hashes, so that byte-identical files become one row
    // whose duplicate_paths lists the others (in path order).
    let max_bytes = opts.config.input.max_file_bytes;
    let hashes: Vec<Result<[u8; 32], String>> =
        pool.install(|| candidates.par_iter().map(|c| hash_file(&c.path)).collect());
    let mut first_of: HashMap<[u8; 32], usize> = HashMap::new();
    let mut duplicates: HashMap<usize, Vec<String>> = HashMap::new();
    let mut unique = Vec::new();
    for (i, h) in hashes.iter().enumerate() {
        match h {
            Ok(h) => match first_of.get(h) {
                Some(&first) => {
                    duplicates
                        .entry(first)
                        .or_default()
                        .push(candidates[i].rel.clone());
                    summary.duplicates += 1;
                }
                None => {
                    first_of.insert(*h, i);
                    unique.push(i);
                }
            },
            Err(_) => unique.push(i),
        }
    }
    drop(first_of);

    let bar = progress_bar(opts.progress, unique.len() as u64);
    // Pass 2: read, extract, write — a batch at a time, written in order.
    for batch in unique.chunks(opts.config.run.batch_documents.max(1)) {
        let results: Vec<DocumentResult> = pool.install(|| {
            batch
                .par_iter()
                .map(|&i| {
                    let c = &candidates[i];
                    let dups = duplicates.get(&i).cloned().unwrap_or_default();
                    match &hashes[i] {
                        Ok(_) => process_file(c, dups, max_bytes),
                        Err(e) => unreadable(c, e),
                    }
                })
                .collect()
        });
        for r in &results {
            summary.documents += 1;
            summary.bytes += r.source.bytes as u64;
            *summary
                .by_status
                .entry(r.extraction.status.as_str())
                .or_default() += 1;
            *summary
                .by_template
                .entry(r.extraction.template.as_str())
                .or_default() += 1;
            for d in &r.extraction.diagnostics {
                *summary.by_code.entry(d.code).or_default() += 1;
            }
            summary.cells += r.extraction.proactive.len()
                + r.extraction.applications.len()
                + r.extraction.reviews.len();
            writer.push(r)?;
        }
        bar.inc(results.len() as u64);
    }
    bar.finish_and_clear();
    summary.manifest = Some(writer.finish()?);
    summary.elapsed = started.elapsed();
    Ok(summary)
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

/// A file that could not even be read: a `failed` row all the same.
fn unreadable(c: &Candidate, why: &str) -> DocumentResult {
    let mut ex = Extraction::empty(Status::Failed);
    ex.diagnostics.push(Diagnostic::error(
        "READ_FAILED",
        format!("the file could not be read: {why}"),
    ));
    let id = hex(&Sha256::digest(c.rel.as_bytes()));
    DocumentResult {
        source: Source {
            report_id: format!("unread-{}", &id[..24]),
            source_path: c.rel.clone(),
            member: None,
            duplicate_paths: Vec::new(),
            sha256: String::new(),
            bytes: c.size as i64,
            format: "unknown".to_string(),
            encoding: "unknown".to_string(),
        },
        extraction: ex,
    }
}

fn process_file(c: &Candidate, duplicate_paths: Vec<String>, max_bytes: u64) -> DocumentResult {
    if c.size > max_bytes {
        let mut r = unreadable(c, "");
        r.extraction.diagnostics = vec![Diagnostic::error(
            "FILE_TOO_LARGE",
            format!(
                "{} bytes is more than input.max_file_bytes ({max_bytes}); not read",
                c.size
            ),
        )];
        if let Ok(h) = hash_file(&c.path) {
            let sha = hex(&h);
            r.source.report_id = sha[..32].to_string();
            r.source.sha256 = sha;
        }
        r.source.duplicate_paths = duplicate_paths;
        return r;
    }
    match std::fs::read(&c.path) {
        Ok(bytes) => process_bytes(&c.rel, None, &bytes, duplicate_paths),
        Err(e) => unreadable(c, &e.to_string()),
    }
}

/// Read one document's bytes: everything after the crawl, for one file.
pub fn process_bytes(
    rel: &str,
    member: Option<&str>,
    bytes: &[u8],
    duplicate_paths: Vec<String>,
) -> DocumentResult {
    let sha = hex(&Sha256::digest(bytes));
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
                        format!("the page declares {declared} but its bytes are {}; read as {}", decoded.encoding, decoded.encoding),
                    ));
                }
            }
            ex
        }
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
