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

/// A build of `input` into `out` (with `extra` arguments) that has
/// paused between its two passes; it goes on once `go` exists. Its
/// standard error is returned for the rest of what it says.
fn paused_build(
    input: &Path,
    out: &Path,
    go: &Path,
    extra: &[&std::ffi::OsStr],
) -> (std::process::Child, BufReader<std::process::ChildStderr>) {
    let mut child = common::ogi()
        .arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(extra)
        .args(["--quiet", "--threads", "2"])
        .env("OGI_PAUSE_AT", "between-passes")
        .env("OGI_RESUME_WHEN", go)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    while stderr.read_line(&mut line).unwrap() > 0 && !line.contains("paused at") {}
    assert!(line.contains("paused at between-passes"), "{line}");
    (child, stderr)
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

/// The budget counts the steps of every format: a Word document of many
/// paragraphs spends it on its XML events, a text of many lines on the
/// lines its tables are read from; each is a failed row saying so, at
/// once, while a short report beside them reads as ever.
#[test]
fn word_events_and_text_lines_spend_the_budget() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let paragraphs: String = (0..5000)
        .map(|i| format!("<w:p><w:r><w:t>第{i}段</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(
        r#"<?xml version="1.0"?><w:document {W}><w:body>{paragraphs}</w:body></w:document>"#
    );
    std::fs::write(
        input.join("long.docx"),
        zip_of(&[("word/document.xml", xml.as_bytes())], false),
    )
    .unwrap();
    let lines: String = (0..5000).map(|i| format!("本年新收 第{i}行\n")).collect();
    std::fs::write(input.join("long.txt"), lines).unwrap();
    std::fs::write(input.join("short.txt"), "本年新收 短").unwrap();
    let config = tmp.path().join("pipeline.toml");
    std::fs::write(&config, "[run]\ndocument_budget = 2000\n").unwrap();
    let out = tmp.path().join("out");
    let took = timed_build(&input, &out, &["--config", config.to_str().unwrap()]);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let codes = codes_of(&out);
    assert_eq!(codes["long.docx"], ["DOCUMENT_BUDGET_SPENT"], "{codes:?}");
    assert_eq!(codes["long.txt"], ["DOCUMENT_BUDGET_SPENT"], "{codes:?}");
    assert!(!codes["short.txt"].contains(&"DOCUMENT_BUDGET_SPENT".to_string()));
}

/// A line longer than any report's (5 MiB of labels and numbers with no
/// line break) is not tokenised, whatever the budget: its document is a row
/// with DOCUMENT_BUDGET_SPENT, and a report beside it is read as usual.
#[test]
fn a_line_longer_than_any_report_spends_the_budget_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let piece = "本年新收政府信息公开申请数量1234567890 予以公开 12 ";
    let line = piece.repeat((5 << 20) / piece.len() + 1);
    std::fs::write(input.join("line.txt"), &line).unwrap();
    std::fs::write(input.join("report.txt"), report()).unwrap();
    let out = tmp.path().join("out");
    let took = timed_build(&input, &out, &[]);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let codes = codes_of(&out);
    assert_eq!(codes["line.txt"], ["DOCUMENT_BUDGET_SPENT"], "{codes:?}");
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
    let (mut child, mut stderr) = paused_build(
        &input,
        &out,
        &go,
        &["--config".as_ref(), config.as_os_str()],
    );

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

/// Between the two passes, a folder is swapped for a symbolic link to a
/// folder outside the input holding the same names and the same bytes:
/// pass 2 follows no link on a file's path, so nothing outside is read
/// (its bytes would even match pass 1's sha256), and the folder's file and
/// archive are each a row with FILE_CHANGED. A file removed meanwhile is
/// a row with READ_FAILED.
#[cfg(unix)]
#[test]
fn a_folder_swapped_for_a_link_between_the_passes_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let outside = tmp.path().join("outside");
    let text = report();
    let mut tar = tar::Builder::new(Vec::new());
    let member = format!("{text}\nmember\n");
    let mut h = tar::Header::new_gnu();
    h.set_size(member.len() as u64);
    h.set_mode(0o644);
    tar.append_data(&mut h, "m.txt", member.as_bytes()).unwrap();
    let tar = tar.into_inner().unwrap();
    for dir in [&input, &outside] {
        std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
        std::fs::write(dir.join("sub/deeper/b.txt"), format!("{text}\nb\n")).unwrap();
        std::fs::write(dir.join("sub/r.tar"), &tar).unwrap();
    }
    std::fs::write(input.join("a.txt"), format!("{text}\na\n")).unwrap();
    std::fs::write(input.join("gone.txt"), format!("{text}\ngone\n")).unwrap();
    let go = tmp.path().join("go");
    let out = tmp.path().join("out");
    let (mut child, mut stderr) = paused_build(&input, &out, &go, &[]);

    std::fs::rename(input.join("sub"), tmp.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(outside.join("sub"), input.join("sub")).unwrap();
    std::fs::remove_file(input.join("gone.txt")).unwrap();
    let before = std::fs::metadata(outside.join("sub/deeper/b.txt")).unwrap();
    std::fs::write(&go, "").unwrap();

    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{rest}");
    let codes = codes_of(&out);
    assert_eq!(codes["sub/deeper/b.txt"], ["FILE_CHANGED"], "{codes:?}");
    assert_eq!(codes["sub/r.tar"], ["FILE_CHANGED"], "{codes:?}");
    assert!(!codes.contains_key("sub/r.tar!m.txt"), "{codes:?}");
    assert!(codes["a.txt"].iter().all(|c| c != "FILE_CHANGED"));
    // A file gone since pass 1 is a row too, saying it could not be read.
    assert_eq!(codes["gone.txt"], ["READ_FAILED"], "{codes:?}");
    for r in rows(&out, "diagnostics") {
        if r["code"] == "FILE_CHANGED" {
            let message = r["message"].as_str().unwrap();
            assert!(
                message.contains("symbolic link on its path (sub)"),
                "{message}"
            );
        }
    }
    for r in rows(&out, "reports") {
        if r["source_path"].as_str().unwrap().starts_with("sub/") {
            assert_eq!(r["status"], "failed", "{r:?}");
            assert!(r["year"].is_null(), "read from outside: {r:?}");
        }
    }
    // No byte outside was read: its access time did not move (where the
    // filesystem keeps one), and no row holds its contents.
    let after = std::fs::metadata(outside.join("sub/deeper/b.txt")).unwrap();
    assert_eq!(before.accessed().ok(), after.accessed().ok());
}

/// Tar members that are links, devices or FIFOs are rows saying what they
/// are (never followed, never made), beside the files read.
#[test]
fn tar_members_that_are_no_files_are_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let mut tar = tar::Builder::new(Vec::new());
    let text = report();
    let mut file = tar::Header::new_gnu();
    file.set_size(text.len() as u64);
    file.set_mode(0o644);
    tar.append_data(&mut file, "a.txt", text.as_bytes())
        .unwrap();
    for (name, kind) in [
        ("link.txt", tar::EntryType::Symlink),
        ("hard.txt", tar::EntryType::Link),
        ("dev.txt", tar::EntryType::Char),
        ("fifo.txt", tar::EntryType::Fifo),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(kind);
        h.set_size(0);
        h.set_mode(0o644);
        if matches!(kind, tar::EntryType::Symlink | tar::EntryType::Link) {
            h.set_link_name("/etc/passwd").unwrap();
        }
        tar.append_data(&mut h, name, std::io::empty()).unwrap();
    }
    std::fs::write(input.join("reports.tar"), tar.into_inner().unwrap()).unwrap();
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let codes = codes_of(&out);
    for name in ["link.txt", "hard.txt", "dev.txt", "fifo.txt"] {
        let place = format!("reports.tar!{name}");
        assert_eq!(codes[&place], ["MEMBER_NOT_A_FILE"], "{codes:?}");
    }
    assert!(codes.contains_key("reports.tar!a.txt"), "{codes:?}");
}

/// Three zip members of one name are three rows, told apart the same way
/// in every build.
#[test]
fn zip_members_of_one_name_are_each_a_row() {
    if !common::have_python(&["zipfile"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let script = "import sys, zipfile, warnings\n\
        warnings.simplefilter('ignore')\n\
        with zipfile.ZipFile(sys.argv[1], 'w') as z:\n\
        \x20   for i in range(3):\n\
        \x20       z.writestr('same.txt', '年度报告 %d' % i)\n";
    let status = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(input.join("three.zip"))
        .status()
        .unwrap();
    assert!(status.success());
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let places: Vec<String> = codes_of(&out).into_keys().collect();
    assert_eq!(
        places,
        [
            "three.zip!same.txt",
            "three.zip!same.txt#2",
            "three.zip!same.txt#3"
        ]
    );
}

/// File names that are not UTF-8 keep their bytes, escaped: two names that
/// differ only in an invalid byte are two places, whatever order the
/// folder lists them in.
#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for (i, raw) in [&b"a\xff.txt"[..], b"a\xfe.txt", b"a%ff.txt"]
        .iter()
        .enumerate()
    {
        let name = std::ffi::OsStr::from_bytes(raw);
        std::fs::write(input.join(name), format!("第{i}份")).unwrap();
    }
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let places: Vec<String> = codes_of(&out).into_keys().collect();
    assert_eq!(places, ["a%25ff.txt", "a%FE.txt", "a%FF.txt"]);
}

/// A folder the build cannot list is named in the summary (and the run
/// log), not silently missing. Root lists every folder: skipped there.
#[cfg(unix)]
#[test]
fn a_folder_that_cannot_be_listed_is_named() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: no arguments, no memory.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: root can list any folder");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("closed")).unwrap();
    std::fs::write(input.join("a.txt"), report()).unwrap();
    std::fs::write(input.join("closed/b.txt"), report()).unwrap();
    std::fs::set_permissions(input.join("closed"), std::fs::Permissions::from_mode(0)).unwrap();
    let out = tmp.path().join("out");
    let o = common::ogi()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    std::fs::set_permissions(input.join("closed"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("not read: closed could not be listed"),
        "{said}"
    );
}

/// `n` as a NUL-terminated octal tar field.
fn octal(field: &mut [u8], n: u64) {
    let s = format!("{n:0width$o}\0", width = field.len() - 1);
    field.copy_from_slice(s.as_bytes());
}

/// A plain `.tar` of sparse members: each stores 512 bytes and unfolds to
/// 32 MiB of zeros. The ratio bound holds them as it holds a zip bomb.
#[test]
fn sparse_tar_members_are_held_to_the_ratio_bound() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let real = 32u64 << 20;
    let mut tar = tar::Builder::new(Vec::new());
    for i in 0..20 {
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::GNUSparse);
        h.set_mode(0o644);
        h.set_size(512);
        let gnu = h.as_gnu_mut().unwrap();
        octal(&mut gnu.sparse[0].offset, real - 512);
        octal(&mut gnu.sparse[0].numbytes, 512);
        octal(&mut gnu.realsize, real);
        // Distinct bytes: copies would be read once.
        let data = [b'0' + i as u8; 512];
        tar.append_data(&mut h, format!("zeros{i:02}.txt"), &data[..])
            .unwrap();
    }
    std::fs::write(input.join("sparse.tar"), tar.into_inner().unwrap()).unwrap();
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let codes = codes_of(&out);
    assert_eq!(codes.len(), 20, "{codes:?}");
    for c in codes.values() {
        assert_eq!(c, &["COMPRESSION_RATIO"], "{codes:?}");
    }
}

/// A gzipped report (`.txt.gz`, no tar inside) is read as the report it
/// holds; UTF-16LE without a byte-order mark is read as text.
#[test]
fn gzipped_and_bomless_utf16_reports_are_read() {
    use std::io::Write;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = report();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(text.as_bytes()).unwrap();
    std::fs::write(input.join("r.txt.gz"), gz.finish().unwrap()).unwrap();
    let other = text.replace("2019", "2018");
    let utf16: Vec<u8> = other.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(input.join("u.txt"), utf16).unwrap();
    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let reports = rows(&out, "reports");
    let by_place: BTreeMap<String, _> = reports
        .iter()
        .map(|r| {
            let mut p = r["source_path"].as_str().unwrap().to_string();
            if let Some(m) = r["member"].as_str() {
                p = format!("{p}!{m}");
            }
            (p, r)
        })
        .collect();
    let gz = by_place.get("r.txt.gz!r.txt").expect("the gzipped report");
    assert_eq!(gz["year"], 2019, "{gz:?}");
    let u = &by_place["u.txt"];
    assert_eq!(u["encoding"], "UTF-16LE", "{u:?}");
    assert_eq!(u["year"], 2018, "{u:?}");
}

/// `ogi extract` has a build's bounds: a FIFO is refused at once, a file
/// over `input.max_file_bytes` is not read.
#[cfg(unix)]
#[test]
fn extract_has_the_bounds_of_a_build() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("pipe.txt");
    let name = std::ffi::CString::new(fifo.clone().into_os_string().into_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let start = Instant::now();
    let o = common::ogi().arg("extract").arg(&fifo).output().unwrap();
    assert!(start.elapsed() < Duration::from_secs(20));
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("FIFO"));

    let big = tmp.path().join("big.txt");
    std::fs::write(&big, vec![b'1'; 2000]).unwrap();
    let config = tmp.path().join("pipeline.toml");
    std::fs::write(&config, "[input]\nmax_file_bytes = 1000\n").unwrap();
    let o = common::ogi()
        .arg("extract")
        .arg(&big)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("max_file_bytes"));
}

/// A short sample of what the fuzzer does, as one build: 300 mutations of
/// the data folder's reports (bytes flipped, cut short, runs of digits,
/// tabs and pipes, unclosed tables) end within the bound, and every file
/// is a row or one of a row's copies.
#[test]
fn mutated_reports_are_each_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let seeds: Vec<Vec<u8>> = std::fs::read_dir(repo().join("data"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    for i in 0..300 {
        let mut b = seeds[next(seeds.len())].clone();
        for _ in 0..1 + next(4) {
            if b.is_empty() {
                break;
            }
            let at = next(b.len());
            match next(6) {
                0 => b[at] ^= 1 << next(8),
                1 => b.truncate(at),
                2 => {
                    let run: Vec<u8> = (0..next(400)).map(|k| b'0' + (k % 10) as u8).collect();
                    b.splice(at..at, run).for_each(drop);
                }
                3 => b.splice(at..at, b"\t|\t|\t".iter().copied()).for_each(drop),
                4 => {
                    let tables = b"<table><tr><td>".repeat(next(2000));
                    b.splice(at..at, tables).for_each(drop);
                }
                _ => {
                    let end = (at + next(2000)).min(b.len());
                    let span = b[at..end].to_vec();
                    b.splice(at..at, span).for_each(drop);
                }
            }
        }
        let ext = ["txt", "html", "htm"][next(3)];
        std::fs::write(input.join(format!("m{i:03}.{ext}")), b).unwrap();
    }
    let out = tmp.path().join("out");
    timed_build(&input, &out, &["--threads", "2"]);
    let reports = rows(&out, "reports");
    let places: usize = reports
        .iter()
        .map(|r| 1 + r["duplicate_paths"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(places, 300);
}

/// A zip of `members`, deflated (zip64 headers with `zip64`).
fn zip_of(members: &[(&str, &[u8])], zip64: bool) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(zip64);
    for (name, bytes) in members {
        z.start_file(*name, options).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// Set the bits `mask` of the general-purpose flags of a zip's first
/// member, in its local and its central header.
fn flag_first_member(zip: &mut [u8], mask: u8) {
    for (signature, at) in [(&b"PK\x03\x04"[..], 6), (&b"PK\x01\x02"[..], 8)] {
        let i = zip.windows(4).position(|w| w == signature).unwrap();
        zip[i + at] |= mask;
    }
}

/// Archives built to mislead: members named `../../x` and `/etc/x` (only
/// named, never written anywhere), zips nested 20 deep, zips of bombs, a
/// `.zip` that is an HTML page, an encrypted member, zip64 headers, a
/// `.tar.gz` cut in half. Each ends quickly in rows that say what they are.
#[test]
fn odd_archives_are_rows_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = report();
    let doc = |i: usize| format!("{text}\n{i}\n").into_bytes();

    let mut tar = tar::Builder::new(Vec::new());
    for (i, name) in ["../../x.txt", "/etc/x.txt"].iter().enumerate() {
        let bytes = doc(i);
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        // Written into the header as is: the builder refuses such paths.
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_cksum();
        tar.append(&h, &bytes[..]).unwrap();
    }
    std::fs::write(input.join("names.tar"), tar.into_inner().unwrap()).unwrap();

    let mut deep = zip_of(&[("leaf.txt", &doc(2))], false);
    for level in (0..20).rev() {
        deep = zip_of(&[(&format!("level{level}.zip"), &deep)], false);
    }
    std::fs::write(input.join("deep.zip"), deep).unwrap();

    let zeros = vec![0u8; 4 << 20];
    let bomb = zip_of(&[("z0.txt", &zeros), ("z1.txt", &zeros)], false);
    std::fs::write(
        input.join("bombs.zip"),
        zip_of(&[("b0.zip", &bomb), ("b1.zip", &bomb)], false),
    )
    .unwrap();

    let html = format!(
        "<html><body><pre>{}</pre></body></html>",
        text.replace("2019", "2017")
    );
    std::fs::write(input.join("page.zip"), html).unwrap();

    let mut locked = zip_of(&[("secret.txt", &doc(3)), ("open.txt", &doc(4))], false);
    flag_first_member(&mut locked, 1);
    std::fs::write(input.join("locked.zip"), locked).unwrap();

    std::fs::write(input.join("z64.zip"), zip_of(&[("r.txt", &doc(5))], true)).unwrap();

    let mut tar = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(3);
    h.set_mode(0o644);
    tar.append_data(&mut h, "a.txt", "短".as_bytes()).unwrap();
    for i in 0..4 {
        let bytes = doc(10 + i);
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        tar.append_data(&mut h, format!("r{i}.txt"), &bytes[..])
            .unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &tar.into_inner().unwrap()).unwrap();
    let tgz = gz.finish().unwrap();
    std::fs::write(input.join("cut.tar.gz"), &tgz[..tgz.len() / 2]).unwrap();

    let out = tmp.path().join("out");
    timed_build(&input, &out, &[]);
    let codes = codes_of(&out);
    let has = |place: &str, code: &str| {
        codes
            .get(place)
            .unwrap_or_else(|| panic!("no row {place}: {codes:?}"))
            .iter()
            .any(|c| c == code)
    };
    // The names are kept as the archive gives them (but for a leading
    // `/`): they only name rows, nothing is unpacked.
    assert!(codes.contains_key("names.tar!../../x.txt"), "{codes:?}");
    assert!(codes.contains_key("names.tar!etc/x.txt"), "{codes:?}");
    assert!(has("deep.zip!level0.zip!level1.zip", "NESTED_TOO_DEEP"));
    for place in [
        "b0.zip!z0.txt",
        "b0.zip!z1.txt",
        "b1.zip!z0.txt",
        "b1.zip!z1.txt",
    ] {
        assert!(has(&format!("bombs.zip!{place}"), "COMPRESSION_RATIO"));
    }
    assert!(has("locked.zip!secret.txt", "ENCRYPTED_MEMBER"));
    assert!(codes.contains_key("locked.zip!open.txt"), "{codes:?}");
    // A .tar.gz cut short: what came before the cut, and a row saying so.
    assert!(has("cut.tar.gz", "ARCHIVE_CORRUPT"));
    assert!(codes.contains_key("cut.tar.gz!a.txt"), "{codes:?}");
    let reports = rows(&out, "reports");
    let year = |path: &str, member: Option<&str>| {
        let r = reports
            .iter()
            .find(|r| r["source_path"] == path && r["member"].as_str() == member)
            .unwrap_or_else(|| panic!("no row {path} {member:?}"));
        r["year"].as_i64()
    };
    // The HTML page named .zip is read as the page it is; zip64 members
    // as any member.
    assert_eq!(year("page.zip", None), Some(2017));
    assert_eq!(year("z64.zip", Some("r.txt")), Some(2019));
}

/// Files built to mislead: an HTML table of 250,000 cells, 100,000 nested
/// divs, a DOCX of a billion laughs and one whose text inflates past what
/// a Word document may hold, invalid GB18030, a name holding a newline, a
/// FIFO and a loop of symbolic links in the input. Each ends quickly, a row
/// or left out with its reason.
#[cfg(unix)]
#[test]
fn odd_files_are_rows_with_their_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = report();

    let row = format!("<tr>{}</tr>", "<td>1</td>".repeat(500));
    std::fs::write(
        input.join("cells.html"),
        format!(
            "<html><body><table>{}</table></body></html>",
            row.repeat(500)
        ),
    )
    .unwrap();
    std::fs::write(
        input.join("divs.html"),
        format!(
            "<html><body>{}{}</body></html>",
            "<div>本年新收 1".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    )
    .unwrap();

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let mut entities = String::from(r#"<!ENTITY lol0 "lol">"#);
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        entities.push_str(&format!(r#"<!ENTITY lol{i} "{refs}">"#));
    }
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [{entities}]><w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"#
    );
    std::fs::write(
        input.join("laughs.docx"),
        zip_of(&[("word/document.xml", laughs.as_bytes())], false),
    )
    .unwrap();
    let mut inflated =
        format!(r#"<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>"#).into_bytes();
    inflated.resize(129 << 20, b' ');
    inflated.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    std::fs::write(
        input.join("inflated.docx"),
        zip_of(&[("word/document.xml", &inflated)], false),
    )
    .unwrap();
    drop(inflated);

    let mut gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    for i in (100..gb.len() - 1).step_by(97) {
        gb[i] = 0x81;
        gb[i + 1] = 0x20;
    }
    std::fs::write(input.join("bad-gb18030.txt"), gb).unwrap();
    std::fs::write(input.join("line\nbreak.txt"), format!("{text}\nnl\n")).unwrap();
    let fifo = std::ffi::CString::new(input.join("pipe.txt").into_os_string().into_encoded_bytes())
        .unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    std::os::unix::fs::symlink("loop-b", input.join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", input.join("loop-b")).unwrap();
    std::os::unix::fs::symlink(".", input.join("self")).unwrap();

    let out = tmp.path().join("out");
    let start = Instant::now();
    let o = common::ogi()
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let took = start.elapsed();
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{said}");
    // The FIFO is named, never opened; the links are not followed.
    assert!(
        said.contains("not read: pipe.txt is a FIFO, not a regular file"),
        "{said}"
    );
    assert!(
        said.contains("3 symbolic links were not followed"),
        "{said}"
    );
    let codes = codes_of(&out);
    assert_eq!(
        codes.keys().collect::<Vec<_>>(),
        [
            "bad-gb18030.txt",
            "cells.html",
            "divs.html",
            "inflated.docx",
            "laughs.docx",
            "line\nbreak.txt",
        ],
        "{codes:?}"
    );
    assert_eq!(codes["inflated.docx"], ["DOCX_UNREADABLE"], "{codes:?}");
    assert!(
        codes["bad-gb18030.txt"].contains(&"DECODE_ERRORS".to_string()),
        "{codes:?}"
    );
    let reports = rows(&out, "reports");
    let laughs = reports
        .iter()
        .find(|r| r["source_path"] == "laughs.docx")
        .unwrap();
    // The entities are not expanded: a document of a few bytes of text.
    assert_ne!(laughs["status"], "ok", "{laughs:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

/// `--threads 0` is one thread per core; a merge refuses a part given
/// twice, parts built with other configurations, and a part whose table
/// was cut short, each with exit 2 and nothing written.
#[test]
fn threads_zero_and_merges_of_wrong_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    build(&data, &tmp.path().join("t0"), &["--threads", "0"]);
    let config = tmp.path().join("other.toml");
    std::fs::write(&config, "[output]\nrow_group_rows = 1000\n").unwrap();
    let part = |name: &str, shard: &str, extra: &[&str]| {
        let p = tmp.path().join(name);
        let mut args = vec!["--shard", shard];
        args.extend_from_slice(extra);
        build(&data, &p, &args);
        p
    };
    let p0 = part("p0", "0/2", &[]);
    let p1 = part("p1", "1/2", &[]);
    let q1 = part("q1", "1/2", &["--config", config.to_str().unwrap()]);
    let merge = |parts: &[&Path], says: &str| {
        let out = tmp.path().join("m");
        let o = common::ogi()
            .arg("merge")
            .args(parts)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!out.exists());
    };
    merge(&[&p0, &p0], "shard");
    merge(&[&p0, &q1], "another configuration");
    let table = p1.join("reports.parquet");
    let len = std::fs::metadata(&table).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&table)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    merge(&[&p0, &p1], "reports.parquet");
}
