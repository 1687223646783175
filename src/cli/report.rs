//! What a finished build or merge says of itself: the summary on stdout, or
//! as one JSON object.

use std::collections::BTreeMap;
use std::path::Path;

use ogi::pipeline::BuildSummary;

/// The summary as one JSON object (the `summary` event of a JSON log, and
/// the run log's line).
pub(super) fn json(s: &BuildSummary, alerts: &[String]) -> serde_json::Value {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    serde_json::json!({
        "event": "summary",
        "files": s.files,
        "documents": s.documents,
        "duplicates": s.duplicates,
        "bytes": s.bytes,
        "seconds": (secs * 1000.0).round() / 1000.0,
        "documents_per_s": (s.documents as f64 / secs).round(),
        "mb_per_s": (s.bytes as f64 / 1e6 / secs * 10.0).round() / 10.0,
        "status": s.by_status,
        "template": s.by_template,
        "year": s.by_year.iter().map(|(y, n)| (y.map_or("unknown".to_string(), |y| y.to_string()), *n)).collect::<BTreeMap<_, _>>(),
        "diagnostics": s.by_code,
        "cross_report": s.manifest.as_ref().map(|m| &m.cross_report),
        "changes": s.changes,
        "reused": s.reused.map(|r| serde_json::json!({
            "reused": r.reused,
            "read": s.documents as u64 - r.reused,
            "gone": r.gone,
        })),
        "reuse_note": s.reuse_note,
        "previous_unread": s.previous_unread,
        "unlisted": s.unlisted.iter().map(|(path, why)| serde_json::json!({"path": path, "why": why})).collect::<Vec<_>>(),
        "not_files": s.not_files.iter().map(|(path, what)| serde_json::json!({"path": path, "what": what})).collect::<Vec<_>>(),
        "steps": s.steps.iter().map(|(name, d)| (name.to_string(), serde_json::json!((d.as_secs_f64() * 1000.0).round() / 1000.0))).collect::<serde_json::Map<_, _>>(),
        "alerts": alerts,
    })
}

/// The summary as text on stdout.
pub(super) fn print(out: &Path, s: &BuildSummary) {
    let secs = s.elapsed.as_secs_f64().max(1e-9);
    println!(
        "built {} in {:.2}s: {} files, {} documents, {} duplicates, {:.1} MB \
         ({:.0} documents/s, {:.1} MB/s)",
        out.display(),
        secs,
        s.files,
        s.documents,
        s.duplicates,
        s.bytes as f64 / 1e6,
        s.documents as f64 / secs,
        s.bytes as f64 / 1e6 / secs
    );
    let line = |name: &str, parts: Vec<String>| {
        println!("  {name:<11} {}", parts.join(", "));
    };
    let pairs = |m: &BTreeMap<&'static str, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
    };
    line("status", pairs(&s.by_status));
    line("template", pairs(&s.by_template));
    line(
        "year",
        s.by_year
            .iter()
            .map(|(y, n)| format!("{} {n}", y.map_or("unknown".to_string(), |y| y.to_string())))
            .collect(),
    );
    let mut codes: Vec<_> = s.by_code.iter().collect();
    codes.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    line(
        "diagnostics",
        codes
            .iter()
            .take(8)
            .map(|(k, v)| format!("{k} {v}"))
            .collect(),
    );
    if let Some(m) = &s.manifest {
        line(
            "rows",
            m.tables
                .iter()
                .map(|t| format!("{} {}", t.name, t.rows))
                .collect(),
        );
    }
    if let Some(m) = &s.manifest {
        if !m.cross_report.is_empty() {
            line(
                "across",
                m.cross_report
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect(),
            );
        }
    }
    if let Some(c) = &s.changes {
        let values = c.values_changed.map_or(
            "values not compared (parser or configuration changed)".to_string(),
            |v| format!("{v} values changed"),
        );
        println!(
            "  {:<11} {} new, {} changed, {} gone, {} unchanged reports; {values}",
            "changes", c.new, c.changed, c.gone, c.unchanged
        );
    }
    if let Some(r) = &s.reused {
        println!(
            "  {:<11} {} documents taken from the previous build, {} read anew, {} of its documents gone",
            "reused",
            r.reused,
            s.documents as u64 - r.reused,
            r.gone
        );
    }
    if !s.steps.is_empty() {
        line(
            "time",
            s.steps
                .iter()
                .map(|(name, d)| format!("{name} {:.2}s", d.as_secs_f64()))
                .collect(),
        );
    }
    if s.skipped_links > 0 {
        println!("  {} symbolic links were not followed", s.skipped_links);
    }
    for (path, why) in &s.unlisted {
        println!(
            "  not read: {path} could not be listed ({why}); nothing under it is in the dataset"
        );
    }
    for (path, what) in &s.not_files {
        println!("  not read: {path} is {what}, not a regular file");
    }
}
