//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn ogi() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ogi"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether the tests run in CI (the environment variable `CI` is set):
/// there, a test that needs something absent fails instead of skipping.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// A test cannot run for want of `what`: in CI that fails it; elsewhere it
/// says it skipped.
fn missing(what: &str) {
    assert!(!in_ci(), "{what}, and CI is set: the test cannot skip");
    eprintln!("skipped: {what}");
}

/// The shared corpora, when this checkout has them beside it.
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    if p.join("corpus").is_dir() {
        Some(p)
    } else {
        missing("../shared (the scored corpora) is not beside this checkout");
        None
    }
}

/// A generated archive of `docs` documents (the generator of scripts/).
pub fn generated(dir: &Path, docs: usize, seed: u64) -> PathBuf {
    let out = dir.join(format!("gen-{docs}-{seed}"));
    let status = Command::new("python3")
        .arg(repo().join("scripts/gen_corpus.py"))
        .args(["--out"])
        .arg(&out)
        .args([
            "--docs",
            &docs.to_string(),
            "--seed",
            &seed.to_string(),
            "--jobs",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("python3 runs the generator");
    assert!(status.success(), "the generator failed");
    out.join("docs")
}

/// Whether python3 can import `modules` (scripts/test installs them); says
/// so when it cannot, for the tests that then skip (and fails in CI).
pub fn have_python(modules: &[&str]) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {}", modules.join(", "))])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        missing(&format!(
            "python3 with {} is not installed (scripts/test installs it)",
            modules.join(", ")
        ));
    }
    ok
}

/// Run `ogi build INPUT --out OUT`, asserting success.
pub fn build(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = ogi()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .arg("--quiet")
        .output()
        .expect("run ogi");
    assert!(
        o.status.success(),
        "ogi build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// sha256 of every file in a build folder, by name.
pub fn digests(dir: &Path) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap();
            let h = Sha256::digest(&bytes);
            (
                e.file_name().to_string_lossy().into_owned(),
                h.iter().map(|b| format!("{b:02x}")).collect(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Rows of a Parquet table as JSON objects.
pub fn rows(dir: &Path, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    use arrow_array::RecordBatch;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let file = std::fs::File::open(dir.join(format!("{table}.parquet"))).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.unwrap();
        let schema = batch.schema();
        for row in 0..batch.num_rows() {
            let mut m = serde_json::Map::new();
            for (i, field) in schema.fields().iter().enumerate() {
                m.insert(field.name().clone(), cell(batch.column(i).as_ref(), row));
            }
            out.push(m);
        }
    }
    out
}

fn cell(col: &dyn arrow_array::Array, row: usize) -> serde_json::Value {
    use arrow_array::cast::AsArray;
    use arrow_array::types::*;
    use arrow_schema::DataType;
    use serde_json::Value;
    if col.is_null(row) {
        return Value::Null;
    }
    match col.data_type() {
        DataType::Utf8 => Value::from(col.as_string::<i32>().value(row)),
        DataType::Int64 => Value::from(col.as_primitive::<Int64Type>().value(row)),
        DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(row)),
        DataType::Date32 => Value::from(col.as_primitive::<Date32Type>().value(row)),
        DataType::Float64 => Value::from(col.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => Value::from(col.as_boolean().value(row)),
        DataType::List(_) => {
            let list = col.as_list::<i32>().value(row);
            Value::Array((0..list.len()).map(|i| cell(list.as_ref(), i)).collect())
        }
        other => Value::from(format!("<{other}>")),
    }
}
