//! ogi never loses a user's files: it replaces only what it wrote, never
//! writes into its inputs, and a build it refuses (exit 2) leaves every
//! file as it was and nothing new behind — for `ogi build` and for
//! `ogi merge` alike.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{ogi, repo};

/// Every entry under `root` (links not followed): its kind and contents.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let rel = p.strip_prefix(root).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(rel, format!("link {}", target.display()));
            } else if meta.is_dir() {
                out.insert(rel, "folder".into());
                walk(root, &p, out);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.insert(rel, format!("file {}", String::from_utf8_lossy(&bytes)));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A user's working folder: an archive of reports, notes beside it, a
/// folder of their own with a subfolder, a plain file, and a link.
fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    let input = w.join("in");
    std::fs::create_dir_all(input.join("more")).unwrap();
    for (i, e) in std::fs::read_dir(repo().join("data")).unwrap().enumerate() {
        let p = e.unwrap().path();
        let to = if i % 2 == 0 {
            input.join(p.file_name().unwrap())
        } else {
            input.join("more").join(p.file_name().unwrap())
        };
        std::fs::copy(&p, to).unwrap();
    }
    std::fs::create_dir_all(w.join("notes/sub")).unwrap();
    std::fs::write(w.join("notes/notes.txt"), "my notes").unwrap();
    std::fs::write(w.join("notes/sub/draft.md"), "a draft").unwrap();
    std::fs::write(w.join("a-file.txt"), "a file of mine").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(w.join("notes"), w.join("link")).unwrap();
    tmp
}

/// Run ogi in `cwd`.
fn run(cwd: &Path, args: &[&str]) -> Output {
    ogi().args(args).current_dir(cwd).output().unwrap()
}

/// `args` run in `cwd` are refused: exit 2, one line naming the problem,
/// and everything under `cwd` exactly as it was.
fn refused(cwd: &Path, args: &[&str], says: &str) {
    let before = snapshot(cwd);
    let o = run(cwd, args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
    let errors = err.lines().filter(|l| l.starts_with("error")).count();
    assert_eq!(errors, 1, "{args:?}: one error line, got {err}");
    assert_eq!(snapshot(cwd), before, "{args:?} changed the files");
}

/// Build two shards of `in` as parts `part-0` and `part-1`.
fn parts(cwd: &Path) {
    for k in 0..2 {
        let part = format!("part-{k}");
        let shard = format!("{k}/2");
        let o = run(
            cwd,
            &["build", "in", "--out", &part, "--shard", &shard, "--quiet"],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
}

#[test]
fn a_folder_that_is_not_a_dataset_is_never_replaced() {
    let tmp = workspace();
    let w = tmp.path();
    refused(w, &["build", "in", "--out", "notes"], "notes.txt, sub/");
    refused(w, &["build", "in", "--out", "a-file.txt"], "is a file");
    #[cfg(unix)]
    refused(w, &["build", "in", "--out", "link"], "symbolic link");
    // A folder holding a dataset and something else.
    let o = run(w, &["build", "in", "--out", "ds", "--quiet"]);
    assert!(o.status.success());
    std::fs::write(w.join("ds/mine.txt"), "added by hand").unwrap();
    refused(w, &["build", "in", "--out", "ds"], "mine.txt");
    // A manifest that is not ogi's.
    std::fs::remove_file(w.join("ds/mine.txt")).unwrap();
    std::fs::write(w.join("ds/manifest.json"), "{\"tables\": []}").unwrap();
    refused(
        w,
        &["build", "in", "--out", "ds"],
        "no readable manifest.json",
    );

    parts(w);
    for out in ["notes", "a-file.txt", "ds"] {
        refused(w, &["merge", "part-0", "part-1", "--out", out], out);
    }
}

#[test]
fn the_inputs_are_never_written_into() {
    let tmp = workspace();
    let w = tmp.path();
    refused(w, &["build", "in", "--out", "in"], "is the input");
    refused(
        w,
        &["build", "in", "--out", "in/more"],
        "is inside the input",
    );
    refused(
        w,
        &["build", "in", "--out", "in/new"],
        "is inside the input",
    );
    refused(w, &["build", "in/more", "--out", "in"], "holds the input");
    refused(
        w,
        &["build", "in", "--out", "./in/../in/more/.."],
        "is the input",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(w.join("in"), w.join("in-link")).unwrap();
        refused(
            w,
            &["build", "in", "--out", "in-link/new"],
            "inside the input",
        );
    }
    refused(
        w,
        &["build", "in", "--out", "ds", "--run-log", "in/runs.jsonl"],
        "run log",
    );
    refused(
        w,
        &["build", "in", "--out", "ds", "--run-log", "ds/runs.jsonl"],
        "inside --out",
    );

    parts(w);
    let parts = ["merge", "part-0", "part-1"];
    refused(
        w,
        &[&parts[..], &["--out", "part-0"]].concat(),
        "is the input",
    );
    refused(
        w,
        &[&parts[..], &["--out", "part-1/x"]].concat(),
        "inside the input",
    );
    let nested = w.join("nest");
    std::fs::create_dir(&nested).unwrap();
    std::fs::rename(w.join("part-1"), nested.join("part-1")).unwrap();
    refused(
        w,
        &["merge", "part-0", "nest/part-1", "--out", "nest"],
        "holds the input",
    );
}

#[test]
fn the_current_folder_the_root_and_empty_paths_are_refused() {
    let tmp = workspace();
    let w = tmp.path();
    refused(w, &["build", "in", "--out", "."], "current folder");
    refused(w, &["build", "in", "--out", ".."], "current folder");
    // Nothing is written at the root either (no lock, no run log).
    let root_before = std::fs::read_dir("/").unwrap().count();
    refused(w, &["build", "in", "--out", "/"], "root");
    assert_eq!(std::fs::read_dir("/").unwrap().count(), root_before);
    refused(w, &["build", "in", "--out", ""], "--out");
    parts(w);
    refused(
        w,
        &["merge", "part-0", "part-1", "--out", "."],
        "current folder",
    );
    refused(w, &["merge", "part-0", "part-1", "--out", "/"], "root");
}

/// `[output] dir = ""` in a configuration elsewhere once published into the
/// configuration's own folder, replacing it.
#[test]
fn a_configuration_cannot_point_the_output_at_its_own_folder() {
    let tmp = workspace();
    let w = tmp.path();
    let x = w.join("x");
    std::fs::create_dir(&x).unwrap();
    std::fs::rename(w.join("in"), x.join("data")).unwrap();
    std::fs::write(x.join("README.txt"), "the user's project").unwrap();
    for dir in ["\"\"", "\".\"", "\"data\"", "\"..\""] {
        std::fs::write(x.join("pipeline.toml"), format!("[output]\ndir = {dir}\n")).unwrap();
        refused(w, &["build", "--config", "x/pipeline.toml"], "");
    }
    std::fs::write(
        x.join("pipeline.toml"),
        "[output]\nrun_log = \"data/log\"\n",
    )
    .unwrap();
    refused(w, &["build", "--config", "x/pipeline.toml"], "run log");
}

#[test]
fn usage_errors_exit_2() {
    let tmp = workspace();
    let w = tmp.path();
    refused(
        w,
        &["build", "in", "--out", "ds", "--threads", "1025"],
        "1024",
    );
    std::fs::create_dir_all(w.join("other/in")).unwrap();
    refused(w, &["build", "in", "other/in", "--out", "ds"], "same name");
}

#[test]
fn ogi_replaces_its_own_and_says_when_the_previous_is_unreadable() {
    let tmp = workspace();
    let w = tmp.path();
    std::fs::create_dir(w.join("empty")).unwrap();
    let log = w.join("runs.jsonl");
    let log = log.to_str().unwrap();
    for _ in 0..2 {
        let o = run(
            w,
            &["build", "in", "--out", "empty", "--quiet", "--run-log", log],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert!(w.join("empty/manifest.json").is_file());
    assert_eq!(std::fs::read_to_string(log).unwrap().lines().count(), 2);
    // A previous build whose table is damaged: said, and built over.
    std::fs::write(w.join("empty/reports.parquet"), "damaged").unwrap();
    let o = run(w, &["build", "in", "--out", "empty", "--quiet"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("previous build could not be compared"),
        "{err}"
    );
    // One warning (the incremental build adds a note that it reads all).
    assert_eq!(
        err.lines().filter(|l| l.starts_with("warning")).count(),
        1,
        "{err}"
    );
    // No run log unless asked for, and nothing else beside the dataset.
    let names: Vec<String> = std::fs::read_dir(w)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.contains("runs"))
        .collect();
    assert_eq!(names, ["runs.jsonl"]);
}
