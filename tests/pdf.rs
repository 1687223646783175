//! The PDF reader (`src/decode/pdf/`) on real and printed PDFs, alone and
//! through the pipeline.
//!
//! - Twins: each `tests/pdf/NAME.pdf` was printed from `NAME.html` (tables
//!   of generated reports, printed by LibreOffice); its table rows must be
//!   the rows the HTML decoder gives, cell for cell after white space is
//!   removed inside cells (the HTML decoder leaves a rowspan's continuation
//!   out, the PDF reader writes it as an empty field, so empty fields are
//!   not compared), and the cells extracted from both must be the same.
//! - Borderless twins: `tests/pdf/docx-*.pdf` were converted by
//!   LibreOffice from the `.docx` beside them (tables without borders);
//!   every cell they give must be the DOCX's, most of them for cells
//!   aligned to their top, fewer than half for cells aligned to their
//!   middle, whose wrapped rows cannot be told.
//! - The real report `../shared/corpus/pdf/docs/r012.pdf` must give its gold
//!   cells through the extract stage, and a build of it scored by the
//!   shared `score.py` must read every cell and no wrong value (skipped,
//!   saying so, when ../shared or pyarrow is absent; failed then in CI).
//! - `pdftotext` (poppler) is the oracle for characters: every PDF here
//!   must give the same characters, page footers aside. Skipped, saying so,
//!   when it is not installed, unless `CI` is set.
//! - Bad PDFs (encrypted, image-only, corrupt, truncated, a bomb) are
//!   `failed` rows with their diagnostic, never a panic; a PDF inside a zip
//!   is read like any other member.

mod common;

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
        // Through the document step, as a build reads them: the same
        // cells, and some.
        let (p, h) = (document(&pdf_path), document(&html_path));
        assert_eq!(p.source.format, "pdf");
        let (pe, he) = (&p.extraction, &h.extraction);
        let n = pe.applications.len() + pe.reviews.len() + pe.proactive.len();
        assert!(n >= 20, "{}: {n} cells", pdf_path.display());
        assert_eq!(pe.applications, he.applications, "{}", pdf_path.display());
        assert_eq!(pe.reviews, he.reviews, "{}", pdf_path.display());
        assert_eq!(pe.proactive, he.proactive, "{}", pdf_path.display());
        assert_eq!(pe.status, he.status, "{}", pdf_path.display());
    }
}

/// Reports converted by LibreOffice from DOCX, whose tables have no
/// borders: `tests/pdf/docx-*.pdf` beside the `.docx` it was made from.
fn docx_twins(prefix: &str) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(here().join("tests/pdf")).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(prefix) && name.ends_with(".pdf") {
            out.push((p.clone(), p.with_extension("docx")));
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no {prefix}*.pdf in tests/pdf");
    out
}

/// Every cell read from a PDF is the DOCX's cell; returns how many of the
/// DOCX's cells were read.
fn cells_of_docx(pdf_path: &Path, docx_path: &Path) -> (usize, usize) {
    let (p, d) = (document(pdf_path), document(docx_path));
    let (pe, de) = (&p.extraction, &d.extraction);
    for c in &pe.applications {
        assert!(de.applications.contains(c), "{}: {c:?}", pdf_path.display());
    }
    for c in &pe.reviews {
        assert!(de.reviews.contains(c), "{}: {c:?}", pdf_path.display());
    }
    for c in &pe.proactive {
        assert!(de.proactive.contains(c), "{}: {c:?}", pdf_path.display());
    }
    (
        pe.applications.len() + pe.reviews.len() + pe.proactive.len(),
        de.applications.len() + de.reviews.len() + de.proactive.len(),
    )
}

/// Tables without borders whose cells are aligned to their top (Word's
/// default): wrapped labels join their rows, and every cell read is the
/// DOCX's. Rows whose blanks cannot be placed (a column blank in every
/// row of a layout looks like no column) stay null, so a report with
/// many blanks gives few cells.
#[test]
fn borderless_twins_give_the_cells_of_their_docx() {
    for (pdf_path, docx_path) in docx_twins("docx-top-") {
        let (read, all) = cells_of_docx(&pdf_path, &docx_path);
        // docx-top-01 prints every cell (zeros, no blanks): all are read
        // but a row alone in its layout (四、结转下年度继续办理) and the
        // reviews, whose headers are set vertically.
        if pdf_path.ends_with("docx-top-01.pdf") {
            assert!(
                read * 10 >= all * 8,
                "{}: {read} of {all}",
                pdf_path.display()
            );
        }
        assert!(
            read > 0,
            "{}: {read} of {all} cells read",
            pdf_path.display()
        );
    }
}

/// The same tables with every cell aligned to the middle of its row: a
/// wrapped label then begins above its row's numbers, which a page
/// without rulings tells from a label ending below the row above only
/// where its rows prove the alignment (`decode/pdf/centred.rs`), a row's
/// numbers standing alone between two lines of its label. Every cell read
/// is the DOCX's, a blank one included; most are read (a sparse row's
/// numbers inside its label too, in a column shown to hold values), and
/// the rows whose numbers cannot be told to a row stay unsure.
#[test]
fn borderless_cells_aligned_to_the_middle_give_the_cells_of_their_docx_or_none() {
    for (pdf_path, docx_path) in docx_twins("docx-middle-") {
        let got = read_pdf(&pdf_path);
        assert!(got.unsure_cells > 0, "{}", pdf_path.display());
        let (read, all) = cells_of_docx(&pdf_path, &docx_path);
        assert!(
            read * 2 > all,
            "{}: {read} of {all} cells read",
            pdf_path.display()
        );
    }
}

/// A file read by the one-document step, with the default limits.
fn document(path: &Path) -> ogi::model::DocumentResult {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    from_bytes(&name, &bytes, &pdf::PdfLimits::default())
}

fn from_bytes(name: &str, bytes: &[u8], limits: &pdf::PdfLimits) -> ogi::model::DocumentResult {
    ogi::document::from_bytes(name, None, bytes, None, Vec::new(), limits)
}

fn shared() -> Option<PathBuf> {
    common::shared()
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
        .map(|c| {
            (
                (c.row.to_string(), c.applicant.to_string()),
                c.raw.to_string(),
            )
        })
        .collect();
    assert_eq!(apps, gold_cells("applications", "row", "applicant"));
    let reviews: BTreeMap<(String, String), String> = ex
        .reviews
        .iter()
        .map(|c| {
            (
                (c.proceeding.to_string(), c.outcome.to_string()),
                c.raw.to_string(),
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
                c.raw.to_string(),
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

#[test]
fn r012_builds_and_scores_every_cell_with_no_wrong_value() {
    let Some(shared) = shared() else { return };
    if !common::have_python(&["pyarrow"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("build");
    common::build(&shared.join("corpus/pdf/docs"), &out, &[]);
    let o = Command::new("python3")
        .arg(shared.join("tools/score.py"))
        .arg("--gold")
        .arg(shared.join("corpus/pdf"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = text.lines().last().unwrap();
    println!("{line}");
    assert!(
        line.contains("recall 100.00% (200/200 cells), wrong 0.000% (0 values)"),
        "{line}"
    );
    assert!(line.ends_with(" 0 documents unread"), "{line}");
    let reports = common::rows(&out, "reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["format"], "pdf");
    assert_eq!(reports[0]["status"], "ok");
}

/// A one-page PDF written by hand: `page` is the page dictionary's extra
/// entries, `objects` the objects from number 4 on (1 is the catalog, 2
/// the page tree, 3 the page).
fn hand_pdf(page: &str, objects: &[Vec<u8>]) -> Vec<u8> {
    let mut bodies: Vec<Vec<u8>> = vec![
        b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
        format!("<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]{page}>>").into_bytes(),
    ];
    bodies.extend(objects.iter().cloned());
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend(b);
        out.extend(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
            bodies.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<<{dict}/Length {}>>\nstream\n", data.len()).into_bytes();
    s.extend(data);
    s.extend(b"\nendstream");
    s
}

/// The status and the first diagnostic's code of a document.
fn outcome(r: &ogi::model::DocumentResult) -> (String, String) {
    let status = serde_json::to_value(r.extraction.status).unwrap();
    let code = r
        .extraction
        .diagnostics
        .first()
        .map_or(String::new(), |d| d.code.to_string());
    (status.as_str().unwrap().to_string(), code)
}

fn failed(code: &str) -> (String, String) {
    ("failed".to_string(), code.to_string())
}

#[test]
fn bad_pdfs_are_failed_rows_with_their_diagnostic() {
    let limits = pdf::PdfLimits::default();
    let dir = here().join("tests/pdf");
    // A user password is needed.
    let enc = std::fs::read(dir.join("encrypted-user-password.pdf")).unwrap();
    assert_eq!(
        outcome(&from_bytes("a.pdf", &enc, &limits)),
        failed("PDF_ENCRYPTED")
    );
    // An empty user password: read like any other.
    let open = std::fs::read(dir.join("encrypted-empty-password.pdf")).unwrap();
    let r = from_bytes("b.pdf", &open, &limits);
    assert_ne!(outcome(&r).0, "failed", "{:?}", r.extraction.diagnostics);
    // A scan: one page that draws an image.
    let scan = hand_pdf(
        "/Resources<</XObject<</Im0 4 0 R>>>>/Contents 5 0 R",
        &[
            stream(
                "/Type/XObject/Subtype/Image/Width 2/Height 2/ColorSpace/DeviceGray/BitsPerComponent 8",
                &[0, 255, 255, 0],
            ),
            stream("", b"q 200 0 0 200 100 500 cm /Im0 Do Q"),
        ],
    );
    assert_eq!(
        outcome(&from_bytes("scan.pdf", &scan, &limits)),
        failed("PDF_NO_TEXT")
    );
    // A header and nothing a reader can use.
    let junk = b"%PDF-1.4\n\x00\x01garbage with no object at all\n".repeat(20);
    assert_eq!(
        outcome(&from_bytes("junk.pdf", &junk, &limits)),
        failed("PDF_CORRUPT")
    );
    // A bomb: 300 MB of spaces in a content stream of a few hundred KB.
    let bomb = {
        use flate2::write::ZlibEncoder;
        use std::io::Write;
        let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..300 {
            e.write_all(&chunk).unwrap();
        }
        let z = e.finish().unwrap();
        assert!(z.len() < 1 << 20, "{}", z.len());
        hand_pdf("/Contents 4 0 R", &[stream("/Filter/FlateDecode", &z)])
    };
    let r = from_bytes("bomb.pdf", &bomb, &limits);
    assert_eq!(outcome(&r), failed("PDF_TOO_LARGE"));
    assert!(
        r.extraction.diagnostics[0].message.contains("268435456")
            || r.extraction.diagnostics[0].message.contains("limit"),
        "{}",
        r.extraction.diagnostics[0].message
    );
    // A printed twin cut anywhere: a failed row saying why, or what could
    // be read; never a panic, never another code.
    let whole = std::fs::read(dir.join("section3-00.pdf")).unwrap();
    for cut in [16, whole.len() / 5, whole.len() / 2, whole.len() - 40] {
        let r = from_bytes("cut.pdf", &whole[..cut], &limits);
        let (status, code) = outcome(&r);
        if status == "failed" {
            assert!(
                ["PDF_CORRUPT", "PDF_NO_TEXT"].contains(&code.as_str()),
                "cut at {cut}: {code}"
            );
        }
    }
}

#[test]
fn a_glyph_without_unicode_in_a_table_row_leaves_the_row_null() {
    // The twin's text with one digit of a section 三 row unsure, as the
    // reader writes a glyph its font maps to nothing.
    let got = read_pdf(&here().join("tests/pdf/section3-00.pdf"));
    let numbers = |l: &str| {
        l.split('\t')
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()))
            .count()
    };
    // Normalised first: this printing has full-width digits.
    let text = ogi::decode::normalise(&got.text);
    let line = text
        .lines()
        .find(|l| numbers(l) >= 7)
        .unwrap_or_else(|| panic!("a row of numbers in {text}"))
        .to_string();
    let digit = line.find(|c: char| c.is_ascii_digit()).unwrap();
    let mut bad = line.clone();
    bad.replace_range(digit..digit + 1, "\u{FFFD}");
    let sure = ogi::extract::extract(&text);
    let unsure = ogi::extract::extract(&text.replacen(&line, &bad, 1));
    let by_key =
        |ex: &ogi::model::Extraction| -> BTreeMap<(&'static str, &'static str), Option<i64>> {
            ex.applications
                .iter()
                .map(|c| ((c.row, c.applicant), c.value))
                .collect()
        };
    let (a, b) = (by_key(&sure), by_key(&unsure));
    let mut lost = std::collections::BTreeSet::new();
    for (key, value) in &a {
        match b.get(key) {
            // Never another number: a value is kept or left out.
            Some(v) if v == value => {}
            Some(None) | None => {
                lost.insert(key.0);
            }
            Some(other) => panic!("{key:?}: {value:?} became {other:?}"),
        }
    }
    assert!(b.keys().all(|k| a.contains_key(k)));
    // One row, every value of it: no cell of it keeps a number.
    assert_eq!(lost.len(), 1, "{lost:?}");
    let row = *lost.iter().next().unwrap();
    assert!(a.iter().filter(|(k, _)| k.0 == row).count() >= 7);
    assert!(b.iter().all(|(k, v)| k.0 != row || v.is_none()));
    assert!(
        unsure
            .diagnostics
            .iter()
            .any(|d| d.code == "ROW_UNREADABLE" && d.message.contains("U+FFFD")),
        "{:?}",
        unsure.diagnostics
    );
    // Through the document step the count of such glyphs is a warning.
    assert_eq!(got.unsure_glyphs, 0);
}

#[test]
fn a_pdf_in_a_zip_is_a_member_like_any_other() {
    use std::io::Write;
    let dir = here().join("tests/pdf");
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(input.join("reports.zip")).unwrap());
    for name in [
        "section3-00.pdf",
        "section3-00.html",
        "encrypted-user-password.pdf",
    ] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&std::fs::read(dir.join(name)).unwrap())
            .unwrap();
    }
    zip.finish().unwrap();
    let out = tmp.path().join("build");
    common::build(&input, &out, &[]);
    let reports = common::rows(&out, "reports");
    let by_member = |m: &str| {
        reports
            .iter()
            .find(|r| r["member"] == m)
            .unwrap_or_else(|| panic!("no row for {m}: {reports:?}"))
            .clone()
    };
    let pdf_row = by_member("section3-00.pdf");
    let html_row = by_member("section3-00.html");
    let enc_row = by_member("encrypted-user-password.pdf");
    assert_eq!(pdf_row["format"], "pdf");
    assert_eq!(pdf_row["source_path"], "reports.zip");
    assert_eq!(enc_row["format"], "pdf");
    assert_eq!(enc_row["status"], "failed");
    assert_eq!(pdf_row["status"], html_row["status"]);
    // The PDF member's cells are its HTML twin's.
    let apps = common::rows(&out, "applications");
    let cells = |row: &serde_json::Map<String, serde_json::Value>| {
        let mut v: Vec<String> = apps
            .iter()
            .filter(|a| a["report_id"] == row["report_id"])
            .map(|a| format!("{} {} {}", a["row"], a["applicant"], a["value"]))
            .collect();
        v.sort();
        v
    };
    let (p, h) = (cells(&pdf_row), cells(&html_row));
    assert!(p.len() >= 20, "{p:?}");
    assert_eq!(p, h);
    let diags = common::rows(&out, "diagnostics");
    assert!(
        diags
            .iter()
            .any(|d| d["report_id"] == enc_row["report_id"] && d["code"] == "PDF_ENCRYPTED"),
        "{diags:?}"
    );
}

#[test]
fn glyphs_without_unicode_are_a_warning_of_the_document() {
    // Text in a font with no map to Unicode (Identity-H, no ToUnicode,
    // not embedded) beside text in a predefined GB CMap.
    let font = |name: &str, enc: &str, ordering: &str| {
        format!(
            "<</Type/Font/Subtype/Type0/BaseFont/{name}/Encoding/{enc}\
             /DescendantFonts[<</Type/Font/Subtype/CIDFontType2/BaseFont/{name}\
             /CIDSystemInfo<</Registry(Adobe)/Ordering({ordering})/Supplement 0>>\
             /FontDescriptor<</Type/FontDescriptor/FontName/{name}/Flags 4\
             /FontBBox[0 -141 1000 859]/ItalicAngle 0/Ascent 859/Descent -141\
             /CapHeight 700/StemV 80>>/DW 1000>>]>>"
        )
    };
    let label: String = "一、本年新收"
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    let ops =
        format!("BT /U 10 Tf 50 700 Td <{label}> Tj ET BT /M 10 Tf 200 700 Td <00130014> Tj ET");
    let bytes = hand_pdf(
        "/Resources<</Font<</U 4 0 R/M 5 0 R>>>>/Contents 6 0 R",
        &[
            font("SimSun", "UniGB-UCS2-H", "GB1").into_bytes(),
            font("Mystery", "Identity-H", "Identity").into_bytes(),
            stream("", ops.as_bytes()),
        ],
    );
    let r = from_bytes("unsure.pdf", &bytes, &pdf::PdfLimits::default());
    let d = r
        .extraction
        .diagnostics
        .iter()
        .find(|d| d.code == "PDF_TEXT_UNSURE")
        .unwrap_or_else(|| panic!("{:?}", r.extraction.diagnostics));
    assert!(d.message.starts_with("2 characters"), "{}", d.message);
    assert_eq!(r.source.format, "pdf");
}
