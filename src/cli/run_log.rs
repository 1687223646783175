//! The run log: one JSON line per build or merge, appended beside the
//! dataset — when, where, how long, what came of it: what the manifest
//! leaves out to stay reproducible.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::report;
use ogi::contract::VERSION;
use ogi::pipeline::BuildSummary;
use ogi::write::lock::{host_name, split_out};

/// Append one line to the run log beside the dataset (`{out}.runs.jsonl`):
/// when, where and how long — what the manifest leaves out to stay
/// reproducible. A run log that cannot be written is a warning only.
pub(super) fn append(
    out: &Path,
    what: &str,
    started: SystemTime,
    summary: Option<&BuildSummary>,
    alerts: &[String],
    error: Option<&str>,
) {
    use std::io::Write;
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
    line["started_unix"] = serde_json::json!(epoch(started));
    line["finished_unix"] = serde_json::json!(epoch(SystemTime::now()));
    line["host"] = serde_json::json!(host_name());
    line["ogi_version"] = serde_json::json!(VERSION);
    line["command"] = serde_json::json!(std::env::args().collect::<Vec<_>>().join(" "));
    line["out"] = serde_json::json!(out.display().to_string());
    line["ok"] = serde_json::json!(error.is_none());
    if let Some(e) = error {
        line["error"] = serde_json::json!(e);
    }
    let mut path = out.as_os_str().to_owned();
    path.push(".runs.jsonl");
    let (parent, _) = split_out(out);
    if !parent.is_dir() {
        // Nothing was built and there is nowhere to log it: the error says why.
        return;
    }
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| writeln!(f, "{line}"));
    if let Err(e) = written {
        eprintln!(
            "warning: cannot append to the run log {}: {e}",
            PathBuf::from(path).display()
        );
    }
}
