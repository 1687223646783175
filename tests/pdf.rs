//! The PDF reader (`src/decode/pdf/`) on real and printed PDFs.
//!
//! - Twins: each `tests/pdf/NAME.pdf` was printed from `NAME.html` (tables
//!   of generated reports, printed by LibreOffice); its table rows must be
//!   the rows the HTML decoder gives, cell for cell after white space is
//!   removed inside cells (the HTML decoder leaves a rowspan's continuation
//!   out, the PDF reader writes it as an empty field, so empty fields are
//!   not compared).
//! - The real report `../shared/corpus/pdf/docs/r012.pdf` must give its gold
//!   cells through the extract stage (skipped, saying so, when ../shared is
//!   absent).
//! - `pdftotext` (poppler) is the oracle for characters: every PDF here
//!   must give the same characters, page footers aside. Skipped, saying so,
//!   when it is not installed, unless `CI` is set.

use ogi::decode::pdf;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn twins() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(here().join("tests/pdf")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "pdf") {
            let html = p.with_extension("html");
            if html.exists() {
                out.push((p, html));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no twins in tests/pdf");
    out
}

/// A cell as compared: normalised as every decoder's text is (full-width
/// ASCII, Kangxi radicals), without white space.
fn norm_cell(s: &str) -> String {
    ogi::decode::normalise(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The table rows of a decoded text: non-empty cells of each tab line.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.contains('\t'))
        .map(|l| {
            l.split('\t')
                .map(norm_cell)
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|r| !r.is_empty())
        .collect()
}

fn read_pdf(path: &Path) -> pdf::PdfText {
    let bytes = std::fs::read(path).unwrap();
    pdf::pdf_to_text(&bytes, &pdf::PdfLimits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn twins_give_the_rows_of_their_html() {
    for (pdf_path, html_path) in twins() {
        let got = read_pdf(&pdf_path);
        let html = std::fs::read_to_string(&html_path).unwrap();
        let want = ogi::decode::html::html_to_text(&html);
        let (a, b) = (rows(&got.text), rows(&want));
        assert!(a.len() >= 5, "{}: {} rows", pdf_path.display(), a.len());
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_eq!(x, y, "{} row {i}", pdf_path.display());
        }
        assert_eq!(a.len(), b.len(), "{}", pdf_path.display());
        assert_eq!(got.unsure_glyphs, 0);
    }
}

fn shared() -> Option<PathBuf> {
    let s = here().join("../shared");
    if s.join("corpus/pdf/docs/r012.pdf").exists() {
        Some(s)
    } else {
        eprintln!("skipped: ../shared/corpus/pdf is absent");
        None
    }
}

#[test]
fn r012_gives_its_gold_cells() {
    let Some(shared) = shared() else {
        return;
    };
    let got = read_pdf(&shared.join("corpus/pdf/docs/r012.pdf"));
    assert_eq!(got.pages, 6);
    assert_eq!(got.unsure_glyphs, 0);
    let text = ogi::decode::normalise(&got.text);
    let ex = ogi::extract::extract(&text);
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(shared.join("corpus/pdf/gold/r012.json")).unwrap(),
    )
    .unwrap();
    let gold_cells = |key: &str, a: &str, b: &str| -> BTreeMap<(String, String), String> {
        gold[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    (
                        c[a].as_str().unwrap().to_string(),
                        c[b].as_str().unwrap().to_string(),
                    ),
                    c["raw"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let apps: BTreeMap<(String, String), String> = ex
        .applications
        .iter()
        .map(|c| ((c.row.to_string(), c.applicant.to_string()), c.raw.clone()))
        .collect();
    assert_eq!(apps, gold_cells("applications", "row", "applicant"));
    let reviews: BTreeMap<(String, String), String> = ex
        .reviews
        .iter()
        .map(|c| {
            (
                (c.proceeding.to_string(), c.outcome.to_string()),
                c.raw.clone(),
            )
        })
        .collect();
    assert_eq!(reviews, gold_cells("reviews", "proceeding", "outcome"));
    let proactive: BTreeMap<(String, String), String> = ex
        .proactive
        .iter()
        .map(|c| {
            (
                (format!("{} {}", c.item, c.category), c.metric.to_string()),
                c.raw.clone(),
            )
        })
        .collect();
    let want: BTreeMap<(String, String), String> = gold["proactive_disclosure"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                (
                    format!(
                        "{} {}",
                        c["item"].as_str().unwrap(),
                        c["category"].as_str().unwrap()
                    ),
                    c["metric"].as_str().unwrap().to_string(),
                ),
                c["raw"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(proactive, want);
}

/// The characters pdftotext gives for a PDF, page footers left out.
fn oracle_chars(path: &Path) -> Option<BTreeMap<char, usize>> {
    let out = match Command::new("pdftotext").arg(path).arg("-").output() {
        Ok(o) if o.status.success() => o.stdout,
        _ => {
            if std::env::var_os("CI").is_some() {
                panic!("pdftotext (poppler-utils) is needed in CI");
            }
            eprintln!("skipped: pdftotext (poppler-utils) is not installed");
            return None;
        }
    };
    let text = String::from_utf8_lossy(&out);
    let mut m = BTreeMap::new();
    for line in text.lines() {
        let t = line.trim();
        let footer = t.starts_with('-') && t.ends_with('-') && t.len() <= 8;
        if footer {
            continue;
        }
        for c in t.chars().filter(|c| !c.is_whitespace()) {
            *m.entry(c).or_insert(0) += 1;
        }
    }
    Some(m)
}

fn chars(text: &str) -> BTreeMap<char, usize> {
    let mut m = BTreeMap::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

#[test]
fn characters_are_poppler_s() {
    let mut files: Vec<PathBuf> = twins().into_iter().map(|(p, _)| p).collect();
    if let Some(shared) = shared() {
        files.push(shared.join("corpus/pdf/docs/r012.pdf"));
    }
    for f in files {
        let Some(want) = oracle_chars(&f) else {
            return;
        };
        assert_eq!(chars(&read_pdf(&f).text), want, "{}", f.display());
    }
}
