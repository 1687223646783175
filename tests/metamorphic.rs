//! Metamorphic check: documents of the shared corpora and of a small
//! generated archive, transformed in ways whose effect on the gold is known
//! (scripts/metamorphic.py: Traditional script, other table layouts, blank
//! markers, chrome, label variants, removed sections, edited numbers, tables
//! told as sentences, cut documents, non-reports), built with this crate's
//! binary and scored per transform. A build may miss cells; it must never
//! write a false value or a false name.
//!
//! Skips (saying so) when ../shared or python3 with pyarrow is absent, and
//! fails instead when the environment says CI.

mod common;

use common::*;
use std::process::Command;

/// Most transformed documents written (the untransformed copies included).
const LIMIT: usize = 300;

/// A number after `label` in the summary line (`false values 0`).
fn figure(line: &str, label: &str) -> Option<u64> {
    let rest = &line[line.find(label)? + label.len()..];
    rest.trim_start()
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

#[test]
fn transformed_documents_give_no_false_value_and_no_false_name() {
    // Both fail the test in CI rather than skip it.
    let Some(shared) = shared() else { return };
    if !have_python(&["pyarrow"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let gen = generated(tmp.path(), 120, 7);
    let gen_corpus = gen.parent().unwrap().to_path_buf();
    let work = tmp.path().join("metamorphic");
    let started = std::time::Instant::now();
    let o = Command::new("python3")
        .arg(repo().join("scripts/metamorphic.py"))
        .arg("run")
        .arg("--ogi")
        .arg(env!("CARGO_BIN_EXE_ogi"))
        .arg("--corpus")
        .arg(shared.join("corpus/seeds"))
        .arg(shared.join("corpus/real"))
        .arg(&gen_corpus)
        .arg("--out")
        .arg(&work)
        .args(["--limit", &LIMIT.to_string(), "--seed", "1", "--jobs", "1"])
        .arg("--score")
        .arg(shared.join("tools/score.py"))
        .output()
        .expect("python3 runs scripts/metamorphic.py");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    println!("{stdout}");
    eprintln!("{stderr}");
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("metamorphic:"))
        .unwrap_or_else(|| panic!("no summary line from metamorphic.py:\n{stderr}"))
        .to_string();
    let docs = figure(&line, "metamorphic:").expect("a document count");
    assert!(
        docs as usize <= LIMIT,
        "{docs} documents written, the sample is at most {LIMIT}"
    );
    assert!(docs >= 100, "too few transformed documents: {line}");
    assert_eq!(figure(&line, "false values"), Some(0), "{line}");
    assert_eq!(figure(&line, "false names"), Some(0), "{line}");
    assert!(
        started.elapsed().as_secs() <= 120,
        "the metamorphic sample took {:?}",
        started.elapsed()
    );
}
