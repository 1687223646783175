//! Incremental builds: after each kind of change to an archive, a build
//! that reuses the previous dataset writes the same bytes as a build from
//! scratch, and says what it reused; a configuration change reads
//! everything, and says why.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{build, digests, generated, ogi, repo, rows};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// Every `step`-th report file of a kind (`.txt`, …), from `offset`.
fn every(docs: &Path, ext: &str, step: usize, offset: usize) -> Vec<PathBuf> {
    files(docs)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .skip(offset)
        .step_by(step)
        .collect()
}

/// Build `docs` into `out` incrementally (what is at `out` is the previous
/// build) and from scratch elsewhere; the two must be the same bytes.
/// Returns the incremental build's stdout and stderr.
fn same_as_scratch(docs: &Path, out: &Path, scratch: &Path, extra: &[&str]) -> String {
    let o = build(docs, out, extra);
    let _ = std::fs::remove_dir_all(scratch);
    let mut full = vec!["--full"];
    full.extend_from_slice(extra);
    build(docs, scratch, &full);
    assert_eq!(
        digests(out),
        digests(scratch),
        "an incremental build differs from a build from scratch"
    );
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The numbers of the summary's `reused` line: taken, read anew, gone.
fn reused(summary: &str) -> (u64, u64, u64) {
    let line = summary
        .lines()
        .find(|l| l.trim_start().starts_with("reused"))
        .unwrap_or_else(|| panic!("no reused line in:\n{summary}"));
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    (n[0], n[1], n[2])
}

#[test]
fn every_kind_of_change_builds_the_same_bytes_as_from_scratch() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 400, 11);
    // The generator's places are made up; real pages name real ones, so
    // that the columns made from places (region_code, …) are reused too.
    let real = docs.join("real");
    std::fs::create_dir_all(&real).unwrap();
    for p in files(&repo().join("tests/real/docs")).iter().step_by(4) {
        std::fs::copy(p, real.join(p.file_name().unwrap())).unwrap();
    }
    let out = tmp.path().join("dataset");
    let scratch = tmp.path().join("scratch");
    // Summaries are printed without --quiet.
    let loud: &[&str] = &["--threads", "2"];
    build(&docs, &out, &["--threads", "2"]);
    let coded = rows(&out, "reports")
        .iter()
        .filter(|r| r["region_code"].is_string())
        .count();
    assert!(coded >= 5, "only {coded} reports have a region_code");

    // Nothing changed: every document read is taken from the previous build.
    let s = same_as_scratch(&docs, &out, &scratch, loud);
    let (taken, anew, gone) = reused(&s);
    assert!(taken > 300, "{s}");
    assert_eq!(gone, 0, "{s}");
    let untouched = taken;

    // 1 % of the documents edited.
    let edited = every(&docs, "txt", 60, 1);
    assert!(!edited.is_empty());
    for p in &edited {
        let mut bytes = std::fs::read(p).unwrap();
        bytes.extend_from_slice(b"\n");
        std::fs::write(p, bytes).unwrap();
    }
    let s = same_as_scratch(&docs, &out, &scratch, loud);
    let (taken, _, _) = reused(&s);
    assert!(
        taken < untouched && taken + edited.len() as u64 + 2 >= untouched,
        "{s}"
    );

    // 1 % added: new bytes, new places.
    for (i, p) in every(&docs, "txt", 60, 7).iter().enumerate() {
        let mut bytes = std::fs::read(p).unwrap();
        bytes.extend_from_slice("\n附:更正说明。\n".as_bytes());
        std::fs::write(p.with_file_name(format!("added-{i}.txt")), bytes).unwrap();
    }
    same_as_scratch(&docs, &out, &scratch, loud);

    // 1 % deleted.
    for p in every(&docs, "txt", 60, 13) {
        std::fs::remove_file(p).unwrap();
    }
    let s = same_as_scratch(&docs, &out, &scratch, loud);
    let (_, _, gone) = reused(&s);
    assert!(gone > 0, "{s}");

    // 1 % moved to another folder.
    let moved = docs.join("moved");
    std::fs::create_dir_all(&moved).unwrap();
    for (i, p) in every(&docs, "html", 40, 3).iter().enumerate() {
        std::fs::rename(p, moved.join(format!("{i}.html"))).unwrap();
    }
    same_as_scratch(&docs, &out, &scratch, loud);

    // A copy of a document added elsewhere: before its original in path
    // order, and after it.
    let original = every(&docs, "txt", 1000, 20).remove(0);
    for folder in ["0-first", "zz-last"] {
        let dir = docs.join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&original, dir.join("copy.txt")).unwrap();
    }
    same_as_scratch(&docs, &out, &scratch, loud);

    // A member of an archive changed, the others kept.
    let zip = files(&docs)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "zip"))
        .expect("the generated archive holds a zip");
    let status = Command::new("python3")
        .args([
            "-c",
            "import sys, zipfile\n\
             src = sys.argv[1]\n\
             members = [(i, zipfile.ZipFile(src).read(i)) for i in zipfile.ZipFile(src).infolist()]\n\
             with zipfile.ZipFile(src, 'w', zipfile.ZIP_DEFLATED) as z:\n\
             \x20   for k, (info, data) in enumerate(members):\n\
             \x20       z.writestr(info, data + (b'\\n' if k == 0 else b''))\n",
        ])
        .arg(&zip)
        .status()
        .expect("python3 rewrites the zip");
    assert!(status.success());
    same_as_scratch(&docs, &out, &scratch, loud);

    // Another configuration: everything is read again, and the build says
    // why.
    let config = tmp.path().join("pipeline.toml");
    std::fs::write(&config, "[output]\nrow_group_rows = 5000\n").unwrap();
    let s = same_as_scratch(
        &docs,
        &out,
        &scratch,
        &["--threads", "2", "--config", config.to_str().unwrap()],
    );
    assert!(s.contains("another configuration"), "{s}");
    assert!(!s.contains("taken from the previous build"), "{s}");
    let _ = anew;
}

#[test]
fn full_reads_everything_and_a_foreign_previous_is_not_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = generated(tmp.path(), 60, 3);
    let out = tmp.path().join("dataset");
    build(&docs, &out, &[]);
    let o = ogi()
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .arg("--full")
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(text.contains("--full"), "{text}");

    // A previous dataset whose files are not those its manifest lists is
    // read as nothing to reuse.
    let reports = out.join("reports.parquet");
    let mut bytes = std::fs::read(&reports).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    std::fs::write(&reports, bytes).unwrap();
    let o = ogi()
        .arg("build")
        .arg(&docs)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{text}");
    assert!(text.contains("not the file its manifest lists"), "{text}");
}
