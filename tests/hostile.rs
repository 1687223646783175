//! Hostile inputs: each case is built from a tiny input in a temporary
//! folder and must end in bounded time with a row and a diagnostic — no
//! panic, no hang, nothing missing from the dataset.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{build, repo, rows};

/// A report of the data folder, as text.
fn report() -> String {
    std::fs::read_to_string(repo().join("data/000_6d2bd2f0b748c652.txt")).unwrap()
}

/// `build` timed, with a generous bound: these cases once took minutes.
fn timed_build(input: &Path, out: &Path, extra: &[&str]) -> Duration {
    let start = Instant::now();
    build(input, out, extra);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(20), "the build took {took:?}");
    took
}

/// Each document's place (`path` or `path!member`) and the codes of its
/// diagnostics.
fn codes_of(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut by_id = BTreeMap::new();
    for r in rows(out, "reports") {
        let mut place = r["source_path"].as_str().unwrap().to_string();
        if let Some(m) = r["member"].as_str() {
            place = format!("{place}!{m}");
        }
        by_id.insert(r["report_id"].as_str().unwrap().to_string(), place);
    }
    let mut codes: BTreeMap<String, Vec<String>> =
        by_id.values().map(|p| (p.clone(), Vec::new())).collect();
    for r in rows(out, "diagnostics") {
        let id = r["report_id"].as_str().unwrap();
        let place = by_id
            .get(id)
            .unwrap_or_else(|| panic!("no report {id}: {r:?}"));
        codes
            .get_mut(place)
            .unwrap()
            .push(r["code"].as_str().unwrap().to_string());
    }
    codes
}

/// A row label followed by 300 glued digits: the search over the ways to
/// cut them once ran for more than ten minutes.
#[test]
fn a_row_of_300_glued_digits_ends_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let digits: String = (0..300).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
    let text = report().replace(
        "一、本年新收政府信息公开申请数量\t\t\t\t\t\t\t0\t",
        &format!("一、本年新收政府信息公开申请数量{digits}\n"),
    );
    let text = text.replace(
        "(一) 予以公开\t\t\t\t\t\t0\t",
        &format!("(一) 予以公开\t{digits}\t"),
    );
    std::fs::write(input.join("digits.txt"), text).unwrap();
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    assert_eq!(rows(&out, "reports").len(), 1);
}

/// Tables opened in cells and never closed, 1.6 MB of them: the cost was
/// the square of the nesting.
#[test]
fn unclosed_nested_tables_are_linear() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut page = String::from("<html><body><p>政府信息公开工作年度报告</p>");
    while page.len() < 1_600_000 {
        page.push_str("<table><tr><td>本年新收 12");
    }
    std::fs::write(input.join("nested.html"), page).unwrap();
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    assert_eq!(rows(&out, "reports").len(), 1);
}

/// A part whose table file was replaced after its build (here by the same
/// table of another part: valid Parquet, other bytes) is refused, naming
/// the file.
#[test]
fn merge_refuses_a_rewritten_part() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    let parts: Vec<_> = (0..2)
        .map(|k| {
            let part = tmp.path().join(format!("p{k}"));
            build(&data, &part, &["--shard", &format!("{k}/2")]);
            part
        })
        .collect();
    std::fs::copy(
        parts[0].join("reports.parquet"),
        parts[1].join("reports.parquet"),
    )
    .unwrap();
    let o = common::ogi()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(tmp.path().join("m"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "merged a rewritten part: {err}");
    assert!(err.contains("reports.parquet"), "{err}");
    assert!(err.contains("does not match its manifest"), "{err}");
    assert!(!tmp.path().join("m").exists());
}

/// A document whose reading needs more than `run.document_budget` steps is
/// a failed row saying so.
#[test]
fn a_document_past_its_budget_is_a_row_with_a_diagnostic() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut page = String::from("<html><body>");
    for i in 0..2000 {
        page.push_str(&format!("<p>第{i}段</p>"));
    }
    std::fs::write(input.join("long.html"), page).unwrap();
    std::fs::write(input.join("report.txt"), "短").unwrap();
    let config = tmp.path().join("pipeline.toml");
    std::fs::write(&config, "[run]\ndocument_budget = 1000\n").unwrap();
    let out = tmp.path().join("out");
    let config = config.to_str().unwrap();
    timed_build(&input, &out, &["--config", config]);
    let codes = codes_of(&out);
    assert_eq!(codes["long.html"], ["DOCUMENT_BUDGET_SPENT"], "{codes:?}");
    assert!(!codes["report.txt"].contains(&"DOCUMENT_BUDGET_SPENT".to_string()));
}

/// Between the two passes, files are swapped for a FIFO, a link to
/// `/dev/zero`, a file grown past `input.max_file_bytes` and one with other
/// bytes of the same length: each is a row with FILE_CHANGED, none hangs,
/// none is read whole, none is parsed under the sha256 of pass 1.
#[cfg(unix)]
#[test]
fn pass_two_checks_again_what_it_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = report();
    for name in ["a.txt", "fifo.txt", "link.txt", "grown.txt", "edited.txt"] {
        // Distinct bytes: copies would be read once.
        std::fs::write(input.join(name), format!("{text}\n{name}\n")).unwrap();
    }
    let config = tmp.path().join("pipeline.toml");
    std::fs::write(&config, "[input]\nmax_file_bytes = 100000\n").unwrap();
    let go = tmp.path().join("go");
    let out = tmp.path().join("out");
    let start = Instant::now();
    let mut child = common::ogi()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&config)
        .args(["--quiet", "--threads", "2"])
        .env("OGI_PAUSE_AT", "between-passes")
        .env("OGI_RESUME_WHEN", &go)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("paused at") {}
    assert!(line.contains("paused at between-passes"), "{line}");

    std::fs::remove_file(input.join("fifo.txt")).unwrap();
    let fifo = std::ffi::CString::new(input.join("fifo.txt").into_os_string().into_encoded_bytes())
        .unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::fs::remove_file(input.join("link.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", input.join("link.txt")).unwrap();
    std::fs::write(input.join("grown.txt"), vec![b'x'; 300_000]).unwrap();
    std::fs::write(input.join("edited.txt"), text.replace("2019", "2020")).unwrap();
    std::fs::write(&go, "").unwrap();

    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{rest}");
    assert!(start.elapsed() < Duration::from_secs(20));
    let codes = codes_of(&out);
    for name in ["fifo.txt", "link.txt", "grown.txt", "edited.txt"] {
        assert_eq!(codes[name], ["FILE_CHANGED"], "{name}: {codes:?}");
    }
    assert!(!codes["a.txt"].contains(&"FILE_CHANGED".to_string()));
    for r in rows(&out, "reports") {
        if r["source_path"] == "edited.txt" {
            assert_eq!(r["status"], "failed");
        }
    }
}
