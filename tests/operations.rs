//! The build as an operator and a researcher meet it: killed builds leave
//! the previous dataset intact, shards merge into the same bytes as one
//! build, exit codes mean what they say, and a rebuild says what changed.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::{build, digests, generated, ogi, repo};

/// Copy a tree file by file in a shuffled order, with shuffled
/// modification times, so the filesystem lists it differently.
fn reshuffled_copy(from: &Path, to: &Path) {
    let mut files: Vec<PathBuf> = walk(from);
    // A fixed permutation that is far from sorted.
    let n = files.len();
    files = (0..n).map(|i| files[(i * 7919 + 13) % n].clone()).collect();
    for (i, f) in files.iter().enumerate() {
        let rel = f.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(f, &dest).unwrap();
        let t = std::time::UNIX_EPOCH
            + std::time::Duration::from_secs(1_000_000 + (i as u64 * 104_729) % 900_000_000);
        std::fs::File::options()
            .write(true)
            .open(&dest)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn whole_sharded_and_reshuffled_builds_are_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 300, 7);
    let whole = tmp.path().join("whole");
    build(&docs, &whole, &["--threads", "2"]);

    let mut parts = Vec::new();
    for k in 0..3 {
        let part = tmp.path().join(format!("part-{k}"));
        build(
            &docs,
            &part,
            &["--shard", &format!("{k}/3"), "--threads", "1"],
        );
        parts.push(part);
    }
    let merged = tmp.path().join("merged");
    let o = ogi()
        .arg("merge")
        .args([&parts[2], &parts[0], &parts[1]])
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let shuffled_docs = tmp.path().join("elsewhere/docs");
    reshuffled_copy(&docs, &shuffled_docs);
    let shuffled = tmp.path().join("shuffled");
    build(&shuffled_docs, &shuffled, &["--threads", "2"]);

    let expected = digests(&whole);
    assert_eq!(expected.len(), 7, "six tables and the manifest");
    assert_eq!(digests(&merged), expected, "3 shards merged");
    assert_eq!(digests(&shuffled), expected, "reshuffled copy");
}

#[test]
fn merge_refuses_an_incomplete_set_of_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    let part = tmp.path().join("p0");
    build(&data, &part, &["--shard", "0/2"]);
    let o = ogi()
        .arg("merge")
        .arg(&part)
        .arg("--out")
        .arg(tmp.path().join("m"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("shards missing: 1/2"));
    assert!(!tmp.path().join("m").exists());
}

/// Start a build with `threads` threads that pauses at `point`; return it
/// once it says it has paused.
fn paused_at(input: &Path, out: &Path, point: &str, threads: usize) -> std::process::Child {
    let mut child = ogi()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--threads", &threads.to_string()])
        .env("OGI_PAUSE_AT", point)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut said = String::new();
    for line in BufReader::new(stderr).lines() {
        let line = line.unwrap();
        said.push_str(&line);
        if line.contains(&format!("paused at {point}")) {
            break;
        }
    }
    assert!(said.contains("paused at"), "never reached {point}: {said}");
    child
}

/// Start a build that pauses at `point`, wait until it says so, kill it.
fn kill_at(input: &Path, out: &Path, point: &str) {
    let mut child = paused_at(input, out, point, 2);
    // SIGKILL: no destructor, no cleanup runs.
    child.kill().unwrap();
    child.wait().unwrap();
}

/// `--threads 1` is one core: no stage runs on a thread of its own beside
/// the one worker, while with 2 the writer has its own thread.
#[cfg(target_os = "linux")]
#[test]
fn one_thread_runs_every_stage_in_turn_on_one_worker() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 40, 5);
    let names = |threads: usize| -> Vec<String> {
        let out = tmp.path().join(format!("dataset-{threads}"));
        let mut child = paused_at(&docs, &out, "writing", threads);
        let tasks = format!("/proc/{}/task", child.id());
        let mut names: Vec<String> = std::fs::read_dir(tasks)
            .unwrap()
            .map(|t| std::fs::read_to_string(t.unwrap().path().join("comm")).unwrap())
            .map(|n| n.trim().to_string())
            .collect();
        child.kill().unwrap();
        child.wait().unwrap();
        names.sort();
        names
    };
    let one = names(1);
    let stages = |names: &[String]| {
        names
            .iter()
            .filter(|n| n.starts_with("ogi-") && !n.starts_with("ogi-worker"))
            .count()
    };
    let workers = |names: &[String]| names.iter().filter(|n| n.starts_with("ogi-worker")).count();
    assert_eq!(stages(&one), 0, "threads of one build: {one:?}");
    assert_eq!(workers(&one), 1, "threads of one build: {one:?}");
    let two = names(2);
    assert!(two.iter().any(|n| n == "ogi-writer"), "{two:?}");
    assert_eq!(workers(&two), 2, "{two:?}");
}

#[test]
fn a_killed_build_leaves_the_previous_dataset_intact() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 400, 3);
    let out = tmp.path().join("dataset");
    build(&docs, &out, &[]);
    let before = digests(&out);
    // A different input, so that a completed build would change the bytes.
    // With a dataset of this build at --out, each build below is
    // incremental: it streams the previous dataset while pass 2 runs, and
    // must still leave it intact when killed.
    std::fs::write(
        docs.join("extra.txt"),
        "四季镇2020年政府信息公开工作年度报告",
    )
    .unwrap();
    for point in ["crawling", "writing", "between-tables", "publish"] {
        kill_at(&docs, &out, point);
        assert_eq!(digests(&out), before, "killed while {point}");
        let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".dataset."))
            .collect();
        assert!(
            !leftovers.is_empty(),
            "a killed build leaves its lock behind"
        );
    }
    // The next build takes over the stale lock, clears what the killed
    // ones left and publishes.
    build(&docs, &out, &[]);
    assert_ne!(digests(&out), before);
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".dataset."))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn a_second_build_on_the_same_out_is_refused_naming_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    let out = tmp.path().join("dataset");
    let mut first = ogi()
        .arg("build")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .env("OGI_PAUSE_AT", "crawling")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(first.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains("paused at crawling"), "{line}");
    let o = ogi()
        .arg("build")
        .arg(&data)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("another build is writing")
            && err.contains(&format!("process {}", first.id())),
        "{err}"
    );
}

#[test]
fn exit_codes_say_built_fatal_usage_and_alert() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in walk(&repo().join("data")).iter().take(3) {
        std::fs::copy(f, docs.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    let code = |args: &[&str], config: Option<&str>| {
        let mut c = ogi();
        c.arg("build").arg(&docs).args(args).arg("--quiet");
        if let Some(text) = config {
            let path = tmp.path().join("pipeline.toml");
            std::fs::write(&path, text).unwrap();
            c.arg("--config").arg(path);
        }
        c.output().unwrap().status.code()
    };
    let out = tmp.path().join("out");
    let out = out.to_str().unwrap();
    assert_eq!(code(&["--out", out], None), Some(0), "built");
    let blocker = tmp.path().join("a-file");
    std::fs::write(&blocker, "").unwrap();
    let under_file = blocker.join("out");
    assert_eq!(
        code(&["--out", under_file.to_str().unwrap()], None),
        Some(1),
        "fatal: --out cannot be created"
    );
    assert_eq!(
        code(&["--out", out, "--shard", "3/2"], None),
        Some(2),
        "usage"
    );
    assert_eq!(
        code(&["--out", out], Some("[alerts]\nmax_failed_share = 2.0\n")),
        Some(2),
        "invalid configuration"
    );
    // One document of several is empty (failed): over a threshold of 10 %.
    assert_eq!(
        code(&["--out", out], Some("[alerts]\nmax_failed_share = 0.1\n")),
        Some(3),
        "alert"
    );
    assert!(
        Path::new(out).join("manifest.json").exists(),
        "an alert still publishes"
    );
}

/// Build `docs` into `out` (with `args`), logging as JSON: the summary line.
fn json_summary(docs: &Path, out: &Path, args: &[&str]) -> serde_json::Value {
    let o = ogi()
        .arg("build")
        .arg(docs)
        .arg("--out")
        .arg(out)
        .args(args)
        .args(["--quiet", "--log-format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success());
    String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["event"] == "summary")
        .expect("a JSON summary line")
}

/// A report whose printed number changed is counted with its changed
/// values, the old and the new dataset both read for it.
#[test]
fn a_rebuild_counts_the_values_that_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for f in walk(&repo().join("data")) {
        std::fs::copy(&f, docs.join(f.file_name().unwrap())).unwrap();
    }
    let out = tmp.path().join("out");
    build(&docs, &out, &[]);
    // One printed cell of one report edited: 0 becomes 7.
    let row = "行政许可\t0\t0\t0";
    let edited = walk(&docs)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.matches(row).count() == 1))
        .expect("a sample report prints the row once");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text.replace(row, "行政许可\t0\t0\t7")).unwrap();
    let summary = json_summary(&docs, &out, &[]);
    let c = &summary["changes"];
    assert_eq!(c["changed"].as_u64(), Some(1), "{c}");
    assert_eq!(c["values_changed"].as_u64(), Some(1), "{c}");
}

#[test]
fn a_rebuild_says_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    let data = repo().join("data");
    let files = walk(&data);
    assert!(files.len() >= 4);
    std::fs::create_dir(&docs).unwrap();
    for f in &files {
        std::fs::copy(f, docs.join(f.file_name().unwrap())).unwrap();
    }
    let out = tmp.path().join("out");
    let log = tmp.path().join("runs.jsonl");
    build(&docs, &out, &["--run-log", log.to_str().unwrap()]);
    // Edit one report (a note added), delete one, add one.
    let names: Vec<PathBuf> = walk(&docs);
    let edited = &names[0];
    let mut bytes = std::fs::read(edited).unwrap();
    bytes.extend_from_slice("\n附注：本报告另有更正。\n".as_bytes());
    std::fs::write(edited, bytes).unwrap();
    std::fs::remove_file(&names[1]).unwrap();
    std::fs::write(
        docs.join("zz-new.txt"),
        [std::fs::read(&names[2]).unwrap(), b"\n".to_vec()].concat(),
    )
    .unwrap();
    let summary = json_summary(&docs, &out, &["--run-log", log.to_str().unwrap()]);
    let c = &summary["changes"];
    assert_eq!(
        (c["new"].as_u64(), c["changed"].as_u64(), c["gone"].as_u64()),
        (Some(1), Some(1), Some(1)),
        "{c}"
    );
    assert_eq!(c["unchanged"].as_u64(), Some(files.len() as u64 - 2));
    // The edit added a note, not a value: the changed report's cells are
    // compared and found the same.
    assert_eq!(c["values_changed"].as_u64(), Some(0), "{c}");
    // The run log has both runs, with host and times.
    let log = std::fs::read_to_string(&log).unwrap();
    let runs: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(runs.len(), 2);
    assert!(runs[1]["host"].is_string() && runs[1]["started_unix"].is_u64());
    assert_eq!(runs[1]["changes"]["changed"], 1);
    // Each step's wall time, for finding where a slow night went; they
    // add up to no more than the whole.
    let steps = runs[1]["steps"].as_object().expect("steps");
    for step in ["inventory", "documents", "across", "compare", "publish"] {
        assert!(steps[step].is_f64(), "no step {step}: {steps:?}");
    }
    let sum: f64 = steps.values().filter_map(|v| v.as_f64()).sum();
    assert!(
        sum <= runs[1]["seconds"].as_f64().unwrap() + 0.01,
        "{steps:?}"
    );
    // The manifest carries no clock and no host.
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(!manifest.contains("unix") && !manifest.contains(&ogi_host()));
}

/// A log collector hears when pass 1 ends, and what it found, before the
/// documents are read: on a cold disk that is where the time goes.
#[test]
fn the_json_log_says_when_the_inventory_is_taken() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let files = walk(&repo().join("data"));
    for f in &files {
        std::fs::copy(f, docs.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::copy(&files[0], docs.join("zz-copy.txt")).unwrap();
    let o = ogi()
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .args(["--log-format", "json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let at = |name: &str| events.iter().position(|e| e["event"] == name);
    let (inventory, summary) = (at("inventory").unwrap(), at("summary").unwrap());
    assert!(inventory < summary);
    let (i, s) = (&events[inventory], &events[summary]);
    assert_eq!(i["files"].as_u64(), Some(files.len() as u64 + 1));
    assert_eq!(i["duplicates"].as_u64(), Some(1));
    for key in ["files", "documents", "duplicates"] {
        assert_eq!(i[key], s[key], "{key}");
    }
    assert!(i["seconds"].is_f64() || i["seconds"].is_u64());
}

fn ogi_host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|_| "no-such-host-name".into())
}

/// However small the window between the reader and the writer, and however
/// many threads take documents out of order, the results are written in
/// document order: the same bytes as a one-thread build.
#[test]
fn the_output_depends_neither_on_the_window_nor_on_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 300, 11);
    let tiny = tmp.path().join("tiny-window.toml");
    std::fs::write(&tiny, "[run]\nbatch_documents = 1\n").unwrap();
    let one = tmp.path().join("one");
    build(&docs, &one, &["--threads", "1"]);
    let tiny = tiny.to_str().unwrap();
    for (name, extra) in [
        ("tiny", vec!["--threads", "3", "--config", tiny]),
        ("wide", vec!["--threads", "3"]),
    ] {
        let out = tmp.path().join(name);
        build(&docs, &out, &extra);
        assert_eq!(digests(&out), digests(&one), "{name}");
    }
}
