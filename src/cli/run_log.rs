//! The run log: one JSON line per build or merge, appended to the file
//! named by `--run-log` (or `output.run_log` in the configuration; there is
//! none by default) — when, where, how long, what came of it: what the
//! manifest leaves out to stay reproducible. Its path is checked with the
//! other paths a build writes, before anything is written.

use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

use super::report;
use ogi::contract::VERSION;
use ogi::pipeline::BuildSummary;
use ogi::write::lock::host_name;

/// Append one line to the run log at `path` about the run that published
/// (or failed to publish) `out` between the two times of `when`. A run log
/// that cannot be written is a warning only.
pub(super) fn append(
    path: &Path,
    what: &str,
    out: &Path,
    when: (SystemTime, SystemTime),
    summary: Option<&BuildSummary>,
    alerts: &[String],
    error: Option<&str>,
) {
    let mut line = match summary {
        Some(s) => report::json(s, alerts),
        None => serde_json::json!({}),
    };
    let epoch = |t: SystemTime| {
        t.duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    };
    line["event"] = serde_json::json!(what);
    line["started_unix"] = serde_json::json!(epoch(when.0));
    line["finished_unix"] = serde_json::json!(epoch(when.1));
    line["host"] = serde_json::json!(host_name());
    line["ogi_version"] = serde_json::json!(VERSION);
    line["command"] = serde_json::json!(std::env::args().collect::<Vec<_>>().join(" "));
    line["out"] = serde_json::json!(out.display().to_string());
    line["ok"] = serde_json::json!(error.is_none());
    if let Some(e) = error {
        line["error"] = serde_json::json!(e);
    }
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!(
            "warning: cannot append to the run log {}: {e}",
            path.display()
        );
    }
}
