//! What a build did: the counts its summary prints and its run log keeps,
//! and the alerts it raises.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::config::Config;
use crate::contract::Manifest;
use crate::dataset::Changes;
use crate::model::{DocumentResult, Severity};

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
    /// What the crawl could not list or look at (a folder without the
    /// right to read it, an entry gone while listed): path and why. Nothing
    /// under them is in the dataset, so the summary names them.
    pub unlisted: Vec<(String, String)>,
    /// Entries of the inputs that are no regular file (a FIFO, a socket, a
    /// device): path and what it is. Never opened, so the summary names
    /// them.
    pub not_files: Vec<(String, String)>,
    pub by_year: BTreeMap<Option<i32>, usize>,
    /// Documents with at least one error diagnostic.
    pub with_errors: usize,
    /// Against the previous build, when there was one.
    pub changes: Option<Changes>,
    /// Why the previous build could not be compared with, when it could
    /// not (the build went on: the comparison is a report).
    pub previous_unread: Option<String>,
    /// What an incremental build took from the previous dataset.
    pub reused: Option<super::Reused>,
    /// Why a build read every document though a previous dataset was
    /// there.
    pub reuse_note: Option<String>,
    /// Wall time of each step of the build, in the order they ran:
    /// `inventory` (pass 1), `documents` (pass 2), `across` (the checks
    /// across reports and closing the tables), `compare` (with the
    /// previous build), `publish`.
    pub steps: Vec<(&'static str, Duration)>,
}

impl BuildSummary {
    pub(super) fn tally(&mut self, r: &DocumentResult) {
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
        if r.count(Severity::Error) > 0 {
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
