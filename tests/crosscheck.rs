//! The dataset-level stage end to end: on a generated archive with planted
//! broken carries and re-posts, the checks across reports find every planted
//! one and nothing else; `ogi summary` describes the build, in text and as
//! an HTML page with charts.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{build, generated, have_python, ogi, repo, rows};

#[test]
fn planted_carries_and_reposts_are_found_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 2500, 11);
    let planted = docs.parent().unwrap().join("planted.jsonl");
    let text = std::fs::read_to_string(&planted).expect("the generator writes planted.jsonl");
    assert!(
        text.contains("\"carry_mismatch\"") && text.contains("\"repost\""),
        "the archive should hold planted faults of both kinds"
    );
    let out = tmp.path().join("ds");
    build(&docs, &out, &[]);

    // What the dataset says agrees with itself: every report displaced by
    // a re-post has canonical = false and a REPOST diagnostic, and the
    // carry warnings are counted in n_warnings.
    let reports = rows(&out, "reports");
    let diagnostics = rows(&out, "diagnostics");
    let mut by_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in &diagnostics {
        by_code
            .entry(d["code"].as_str().unwrap())
            .or_default()
            .push(d["report_id"].as_str().unwrap());
    }
    let reposted = by_code.get("REPOST").cloned().unwrap_or_default();
    let not_canonical: Vec<&str> = reports
        .iter()
        .filter(|r| r["canonical"] == false)
        .map(|r| r["report_id"].as_str().unwrap())
        .collect();
    assert!(!reposted.is_empty());
    let mut a = reposted.clone();
    a.sort();
    let mut b = not_canonical.clone();
    b.sort();
    assert_eq!(
        a, b,
        "REPOST diagnostics are on exactly the non-canonical reports"
    );
    for id in by_code.get("CARRY_MISMATCH").cloned().unwrap_or_default() {
        let r = reports.iter().find(|r| r["report_id"] == id).unwrap();
        assert!(r["n_warnings"].as_i64().unwrap() >= 1, "{r:?}");
        assert_eq!(
            r["canonical"], true,
            "carries are checked between canonical reports"
        );
    }

    // Against what was planted.
    if !have_python(&["pyarrow"]) {
        return;
    }
    let o = Command::new("python3")
        .arg(repo().join("scripts/check_planted.py"))
        .arg(&out)
        .arg(&planted)
        .output()
        .unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!("{said}");
    assert!(o.status.success(), "planted vs found:\n{said}");
}

#[cfg(feature = "summary")]
#[test]
fn summary_describes_a_build_in_text_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    build(&repo().join("data"), &out, &[]);
    let html = tmp.path().join("q.html");
    let o = ogi()
        .arg("summary")
        .arg(&out)
        .arg("--html")
        .arg(&html)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);

    // The status counts printed are those of the reports table.
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    for r in rows(&out, "reports") {
        *statuses
            .entry(r["status"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    let section = text
        .split("Reports by status")
        .nth(1)
        .and_then(|s| s.split("\n\n").next())
        .expect("a status table");
    for (status, n) in &statuses {
        let line = section
            .lines()
            .find(|l| l.split_whitespace().next() == Some(status.as_str()))
            .unwrap_or_else(|| panic!("no line for {status} in\n{section}"));
        assert_eq!(
            line.split_whitespace().nth(1),
            Some(n.to_string().as_str()),
            "{line}"
        );
    }
    for title in [
        "Diagnostics by code",
        "Cells filled vs null",
        "Organs with the most problems",
    ] {
        assert!(text.contains(title), "{title} missing from\n{text}");
    }

    // A self-contained page: inline charts, nothing fetched (tests/summary.rs
    // checks each chart).
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.matches("<svg").count() >= 5, "the charts");
    for fetch in ["src=\"http", "href=\"http", "<link", "<script", "@import"] {
        assert!(!page.contains(fetch), "the page fetches something: {fetch}");
    }

    // Not a dataset: a usage error that says what to give.
    let o = ogi()
        .arg("summary")
        .arg(repo().join("data"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not an ogi dataset"));

    // The page may replace an earlier page, never another file, and is
    // never written inside the dataset.
    let summary_to = |page: &std::path::Path| {
        ogi()
            .arg("summary")
            .arg(&out)
            .arg("--html")
            .arg(page)
            .output()
            .unwrap()
    };
    assert!(summary_to(&html).status.success());
    let notes = tmp.path().join("notes.html");
    std::fs::write(&notes, "<p>mine</p>").unwrap();
    for page in [notes.clone(), out.join("q.html")] {
        let o = summary_to(&page);
        assert_eq!(o.status.code(), Some(2), "{}", page.display());
    }
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "<p>mine</p>");
    assert!(!out.join("q.html").exists());
}

/// Built without the `summary` feature, `ogi summary` says what it needs.
#[cfg(not(feature = "summary"))]
#[test]
fn summary_without_the_feature_says_so() {
    let o = ogi()
        .arg("summary")
        .arg(repo().join("data"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("feature `summary`"));
}
