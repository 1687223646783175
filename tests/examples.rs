//! The analysts' examples (`scripts/examples/questions.py`) run against a
//! build of `data/`, and their printed answers are checked against the same
//! questions answered here from the Parquet files, so the examples never
//! rot. Needs python3 with polars, duckdb and pyarrow (scripts/test installs
//! them); says it skipped otherwise.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;

use common::{build, have_python, repo, rows};

/// The organ without a trailing 人民政府, 政府 or 办事处 ends in 镇, 乡 or 街道.
fn is_township(organ: &str) -> bool {
    let mut name = organ.trim();
    for tail in ["人民政府", "办事处", "政府"] {
        if let Some(rest) = name.strip_suffix(tail) {
            name = rest;
            break;
        }
    }
    ["镇", "乡", "街道"].iter().any(|t| name.ends_with(t))
}

#[test]
fn the_examples_answer_what_the_tables_say() {
    if !have_python(&["polars", "duckdb", "pyarrow"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    build(&repo().join("data"), &out, &[]);
    let o = Command::new("python3")
        .arg(repo().join("scripts/examples/questions.py"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the examples failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let printed = String::from_utf8(o.stdout).unwrap();
    eprintln!("{printed}");

    // The same questions, from the tables.
    let reports = rows(&out, "reports");
    let cells = rows(&out, "applications");
    let mut year_of: HashMap<&str, i64> = HashMap::new();
    let mut county_of: HashMap<&str, String> = HashMap::new();
    for r in &reports {
        let id = r["report_id"].as_str().unwrap();
        let read = matches!(r["status"].as_str(), Some("ok" | "partial"));
        let township = r["organ"].as_str().is_some_and(is_township);
        if read && township && r["canonical"] == true {
            if let Some(y) = r["year"].as_i64() {
                year_of.insert(id, y);
            }
        }
        let scope = r["organ_key"]
            .as_str()
            .and_then(|k| k.split_once('|'))
            .map(|(s, _)| s.to_string())
            .filter(|s| !s.is_empty())
            .or_else(|| r["region"].as_str().map(str::to_string));
        if let Some(scope) = scope {
            county_of.insert(id, scope);
        }
    }
    let mut received: BTreeMap<i64, i64> = BTreeMap::new();
    let mut granted: BTreeMap<i64, i64> = BTreeMap::new();
    // County → (has cells, all zero).
    let mut counties: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for c in &cells {
        let id = c["report_id"].as_str().unwrap();
        let value = c["value"].as_i64();
        if let Some(county) = county_of.get(id) {
            let e = counties.entry(county.as_str()).or_insert((false, true));
            e.0 = true;
            if value.is_some_and(|v| v != 0) {
                e.1 = false;
            }
        }
        let (Some(year), Some(v)) = (year_of.get(id), value) else {
            continue;
        };
        if c["applicant"] != "total" {
            continue;
        }
        match c["row"].as_str() {
            Some("new_received") => *received.entry(*year).or_default() += v,
            Some("granted") => *granted.entry(*year).or_default() += v,
            _ => {}
        }
    }
    let mut expected = String::new();
    for (y, n) in &received {
        expected += &format!("Q1\t{y}\t{n}\n");
    }
    for (y, n) in &received {
        if *n > 0 {
            let share = *granted.get(y).unwrap_or(&0) as f64 / *n as f64;
            expected += &format!("Q2\t{y}\t{share:.4}\n");
        }
    }
    let zero: BTreeSet<&str> = counties
        .iter()
        .filter(|(_, (has, zero))| *has && *zero)
        .map(|(c, _)| *c)
        .collect();
    for c in zero {
        expected += &format!("Q3\t{c}\n");
    }
    assert!(expected.contains("Q1\t"), "the sample has township reports");
    assert_eq!(printed, expected);
}

/// `scripts/examples/join_regions.py` joins a table keyed by region_code:
/// each of its lines is what the tables say of that code and year.
#[test]
fn the_join_by_region_code_counts_what_the_tables_hold() {
    if !have_python(&["polars", "duckdb", "pyarrow"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    build(&repo().join("tests/real/docs"), &out, &[]);
    let reports = rows(&out, "reports");
    let cells = rows(&out, "applications");
    let mut received: HashMap<&str, i64> = HashMap::new();
    for c in &cells {
        if c["row"] == "new_received" && c["applicant"] == "total" {
            if let Some(v) = c["value"].as_i64() {
                *received
                    .entry(c["report_id"].as_str().unwrap())
                    .or_default() += v;
            }
        }
    }
    // (code, year) → reports, read, with the figure, sum.
    let mut want: BTreeMap<(String, Option<i64>), (i64, i64, i64, i64)> = BTreeMap::new();
    for r in &reports {
        let Some(code) = r["region_code"].as_str() else {
            continue;
        };
        let e = want
            .entry((code.to_string(), r["year"].as_i64()))
            .or_default();
        e.0 += 1;
        let read = matches!(r["status"].as_str(), Some("ok" | "partial")) && r["canonical"] == true;
        if read {
            e.1 += 1;
            if let Some(v) = received.get(r["report_id"].as_str().unwrap()) {
                e.2 += 1;
                e.3 += v;
            }
        }
    }
    assert!(want.len() >= 20, "the pages name places");
    assert!(want.values().any(|w| w.2 > 0), "some print the figure");
    // Every code of the build, and one no report has (北京市朝阳区).
    let mut csv = String::from("region_code,name,population\n110105,nowhere,1000\n");
    let codes: BTreeSet<&str> = want.keys().map(|(c, _)| c.as_str()).collect();
    for c in &codes {
        csv += &format!("{c},place {c},100000\n");
    }
    let table = tmp.path().join("population.csv");
    std::fs::write(&table, csv).unwrap();
    let o = Command::new("python3")
        .arg(repo().join("scripts/examples/join_regions.py"))
        .arg(&out)
        .arg(&table)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "the example failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let printed = String::from_utf8(o.stdout).unwrap();
    let mut expected = String::from("110105\tnowhere\t-\t0\t0\t0\t-\t-\n");
    // Years ascending, a null year last, as the script sorts.
    let mut keys: Vec<_> = want.keys().cloned().collect();
    keys.sort_by_key(|(c, y)| (c.clone(), y.is_none(), *y));
    for key in keys {
        let (n, read, figures, sum) = want[&key];
        let (code, year) = key;
        let year = year.map_or("-".to_string(), |y| y.to_string());
        let (sum, per) = if figures > 0 {
            (
                sum.to_string(),
                format!("{:.2}", sum as f64 * 10000.0 / 100000.0),
            )
        } else {
            ("-".into(), "-".into())
        };
        expected +=
            &format!("{code}\tplace {code}\t{year}\t{n}\t{read}\t{figures}\t{sum}\t{per}\n");
    }
    assert_eq!(printed, expected);
}
