//! End-to-end: `ogi build` on the bundled sample, on junk, on bad
//! configuration, and twice for reproducibility.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

fn value_of(rows: &[serde_json::Map<String, Value>], keys: &[(&str, &str)]) -> Option<Value> {
    rows.iter()
        .find(|r| {
            keys.iter()
                .all(|(k, v)| r.get(*k).and_then(Value::as_str) == Some(*v))
        })
        .map(|r| r["value"].clone())
}

fn report<'a>(
    reports: &'a [serde_json::Map<String, Value>],
    name: &str,
) -> &'a serde_json::Map<String, Value> {
    reports
        .iter()
        .find(|r| r["source_path"].as_str().is_some_and(|p| p.ends_with(name)))
        .unwrap_or_else(|| panic!("no reports row for {name}"))
}

#[test]
fn the_sample_builds_with_real_values() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("build");
    build(&repo().join("data"), &out, &[]);
    let reports = rows(&out, "reports");
    assert_eq!(reports.len(), 5);

    // 永和镇 2020: one cell per line, '-' for blanks, 万元 in the header.
    let r = report(&reports, "001_2f7257501bd8445e.txt");
    assert_eq!(r["year"], 2020);
    assert_eq!(r["template"], "gov2019");
    let id = r["report_id"].as_str().unwrap().to_string();
    let pd: Vec<_> = rows(&out, "proactive_disclosure")
        .into_iter()
        .filter(|c| c["report_id"] == id.as_str())
        .collect();
    let nd = |m| value_of(&pd, &[("category", "normative_documents"), ("metric", m)]);
    assert_eq!(nd("new_made"), Some(Value::from(45.0)));
    assert_eq!(nd("total_published"), Some(Value::from(115.0)));
    assert_eq!(
        value_of(&pd, &[("category", "regulations"), ("metric", "new_made")]),
        Some(Value::Null)
    );
    let apps: Vec<_> = rows(&out, "applications")
        .into_iter()
        .filter(|c| c["report_id"] == id.as_str())
        .collect();
    assert_eq!(
        value_of(
            &apps,
            &[
                ("row", "denied_administrative_query"),
                ("applicant", "total")
            ]
        ),
        Some(Value::from(2))
    );
    let proc: Vec<_> = rows(&out, "procurement")
        .into_iter()
        .filter(|c| c["report_id"] == id.as_str())
        .collect();
    assert_eq!(proc.len(), 1);
    assert_eq!(proc[0]["amount_yuan"], 5_404_000.0);
    assert_eq!(proc[0]["amount_unit"], "wan_yuan");

    // 社溪镇: prose only.
    let r = report(&reports, "002_51aad6730a271da9.txt");
    assert_eq!(r["template"], "narrative");

    // The manifest names every table with its rows and digest.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["documents"], 5);
    assert!(manifest["tables"]["applications"]["rows"].as_u64().unwrap() > 400);
}

#[test]
fn builds_are_byte_identical_across_threads_and_places() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let c = tmp.path().join("c");
    build(&repo().join("data"), &a, &["--threads", "1"]);
    build(&repo().join("data"), &b, &["--threads", "2"]);
    // A copy of the input at another path, written in reverse order.
    let copy = tmp.path().join("elsewhere/input");
    std::fs::create_dir_all(&copy).unwrap();
    let mut names: Vec<_> = std::fs::read_dir(repo().join("data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names.iter().rev() {
        std::fs::copy(p, copy.join(p.file_name().unwrap())).unwrap();
    }
    build(&copy, &c, &["--threads", "2"]);
    assert_eq!(digests(&a), digests(&b));
    assert_eq!(digests(&a), digests(&c));
    assert_eq!(digests(&a).len(), 7);
}

/// A GB18030 copy of a sample report.
fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

#[test]
fn junk_is_accounted_for_without_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("nested/deeper")).unwrap();
    let seed = std::fs::read_to_string(repo().join("data/003_6daaf83df1efb7d7.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(
        input.join("binary.bin"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    std::fs::write(
        input.join("notice.txt"),
        "关于报送2023年政府信息公开工作年度报告的通知\n各乡镇人民政府、县直各部门：\n请于1月31日前报送本单位年度报告。\n特此通知。\n",
    )
    .unwrap();
    let cut = seed.char_indices().nth(seed.chars().count() / 2).unwrap().0;
    std::fs::write(input.join("nested/truncated.txt"), &seed[..cut]).unwrap();
    std::fs::write(input.join("nested/deeper/gb18030.txt"), gb18030(&seed)).unwrap();
    std::fs::write(input.join("nested/copy.txt"), &seed).unwrap();
    std::fs::write(input.join("zz_same_as_copy.txt"), &seed).unwrap();

    let out = tmp.path().join("out");
    build(&input, &out, &[]);
    let reports = rows(&out, "reports");
    assert_eq!(reports.len(), 6, "seven files, one of them a duplicate");
    let status = |name: &str| {
        report(&reports, name)["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status("empty.txt"), "failed");
    assert_eq!(status("binary.bin"), "failed");
    assert_eq!(status("notice.txt"), "not_a_report");
    assert_eq!(status("truncated.txt"), "partial");
    let gb = report(&reports, "gb18030.txt");
    assert_eq!(gb["encoding"], "GB18030");
    assert_eq!(gb["status"], "ok");
    let copy = report(&reports, "nested/copy.txt");
    assert_eq!(
        copy["duplicate_paths"],
        serde_json::json!(["zz_same_as_copy.txt"])
    );

    // The GB18030 twin reads the same values as the UTF-8 original.
    let apps = rows(&out, "applications");
    let cells_of = |id: &Value| {
        let mut v: Vec<String> = apps
            .iter()
            .filter(|c| &c["report_id"] == id)
            .map(|c| format!("{} {} {}", c["row"], c["applicant"], c["value"]))
            .collect();
        v.sort();
        v
    };
    let twin = cells_of(&gb["report_id"]);
    assert_eq!(twin.len(), 161);
    assert_eq!(twin, cells_of(&copy["report_id"]));

    // Every failed or rejected document says why.
    let diags = rows(&out, "diagnostics");
    for name in ["empty.txt", "binary.bin", "notice.txt"] {
        let id = &report(&reports, name)["report_id"];
        assert!(
            diags.iter().any(|d| &d["report_id"] == id),
            "no diagnostic for {name}"
        );
    }
}

/// A file over `input.max_file_bytes` is not read, but it is accounted for:
/// a failed row that says why, the hash of its bytes, and its copies.
#[test]
fn a_file_over_the_size_limit_is_a_row_with_its_hash_and_its_copies() {
    use sha2::{Digest, Sha256};
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let seed = std::fs::read(repo().join("data/003_6daaf83df1efb7d7.txt")).unwrap();
    let big = seed.repeat(3);
    std::fs::write(input.join("big.txt"), &big).unwrap();
    std::fs::write(input.join("zz_big_again.txt"), &big).unwrap();
    std::fs::write(input.join("small.txt"), &seed).unwrap();
    let config = tmp.path().join("limit.toml");
    let limit = seed.len() * 2;
    std::fs::write(&config, format!("[input]\nmax_file_bytes = {limit}\n")).unwrap();
    for threads in ["1", "2"] {
        let out = tmp.path().join(format!("out-{threads}"));
        build(
            &input,
            &out,
            &["--config", config.to_str().unwrap(), "--threads", threads],
        );
        let reports = rows(&out, "reports");
        assert_eq!(reports.len(), 2, "three files, one a copy");
        let row = report(&reports, "big.txt");
        assert_eq!(row["status"], "failed");
        let sha: String = Sha256::digest(&big)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(row["sha256"], Value::String(sha));
        assert_eq!(
            row["duplicate_paths"],
            serde_json::json!(["zz_big_again.txt"])
        );
        let diags = rows(&out, "diagnostics");
        assert!(diags
            .iter()
            .any(|d| d["report_id"] == row["report_id"] && d["code"] == "FILE_TOO_LARGE"));
        assert_eq!(report(&reports, "small.txt")["status"], "ok");
    }
}

fn fails_cleanly(args: &[&str], cwd: &Path, expect_in_message: &str) {
    let o = ogi().args(args).current_dir(cwd).output().unwrap();
    assert!(!o.status.success(), "{args:?} should fail");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one clear line, got: {err}");
    assert!(err.contains(expect_in_message), "{err}");
}

#[test]
fn bad_paths_and_configuration_fail_with_one_line_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let cwd = tmp.path();
    let data = repo().join("data");
    let data = data.to_str().unwrap();

    fails_cleanly(
        &["build", "/no/such/folder", "--out", "o1"],
        cwd,
        "/no/such/folder",
    );
    assert!(!cwd.join("o1").exists());

    std::fs::write(cwd.join("bad.toml"), "[run]\nthreds = 2\n").unwrap();
    fails_cleanly(
        &["build", data, "--config", "bad.toml", "--out", "o2"],
        cwd,
        "threds",
    );
    assert!(!cwd.join("o2").exists());

    std::fs::write(cwd.join("a-file"), "not a folder").unwrap();
    fails_cleanly(&["build", data, "--out", "a-file/out"], cwd, "a-file");
    let leftovers: Vec<_> = std::fs::read_dir(cwd)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "nothing half-written: {leftovers:?}");
}

#[test]
fn extract_prints_one_document_as_json() {
    let o = ogi()
        .arg("extract")
        .arg(repo().join("data/004_9ebf132c7a1d291b.txt"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["extraction"]["template"], "gov2019");
    let apps = v["extraction"]["applications"].as_array().unwrap();
    assert_eq!(apps.len(), 161);
    assert!(apps.iter().any(|c| c["row"] == "carried_forward"
        && c["applicant"] == "commercial_enterprise"
        && c["value"].is_null()));
}
