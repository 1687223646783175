//! A mutation fuzzer over the per-document steps (format → decode →
//! extract) and the archive reader, on the stable toolchain.
//!
//! ```sh
//! cargo run --release --example fuzz -- --seed 1 --iterations 100000 \
//!     --limit-ms 5000 --crashes fuzz-out CORPUS_DIR...
//! ```
//!
//! Each iteration takes a document of the corpus (every file below the
//! given folders, archives' members included), mutates it — bytes flipped,
//! cut short, digits, tabs and pipes inserted, rows shuffled or repeated,
//! spans duplicated —, sometimes wraps it (with others) into a zip, tar or
//! tar.gz that is mutated in turn, and runs it through
//! [`ogi::document::from_bytes`] (and the archive reader). The same seed
//! gives the same cases.
//!
//! A panic is caught, and the case is saved in `--crashes` as
//! `panic-SEED-I.bin`. A case that runs longer than `--limit-ms` is a
//! stall: a watchdog saves it as `stall-SEED-I.bin` and ends the process
//! with exit code 3 (a stalled thread cannot be stopped), so that a driver
//! (scripts/fuzz) starts again after it with `--start I+1`. The last line
//! printed says how many cases ran and the slowest one.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ogi::crawl::archive::{kind_of, read_archive_bytes, Item, Limits};

/// A small, fast, seedable generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Args {
    seed: u64,
    start: u64,
    iterations: u64,
    limit: Duration,
    crashes: PathBuf,
    corpus: Vec<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        seed: 1,
        start: 0,
        iterations: 1000,
        limit: Duration::from_secs(5),
        crashes: PathBuf::from("fuzz-out"),
        corpus: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().expect("a value after the flag");
        match arg.as_str() {
            "--seed" => a.seed = value().parse().expect("--seed N"),
            "--start" => a.start = value().parse().expect("--start N"),
            "--iterations" => a.iterations = value().parse().expect("--iterations N"),
            "--limit-ms" => a.limit = Duration::from_millis(value().parse().expect("--limit-ms N")),
            "--crashes" => a.crashes = PathBuf::from(value()),
            _ => a.corpus.push(PathBuf::from(arg)),
        }
    }
    a
}

const LIMITS: Limits = Limits {
    max_member_bytes: 8 << 20,
    max_ratio: 100,
    max_members: 2000,
    max_depth: 2,
};

/// Every document below `roots`: files, and the members of archives.
fn load(roots: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for root in roots {
        for e in walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !e.file_type().is_file() {
                continue;
            }
            let Ok(bytes) = std::fs::read(e.path()) else {
                continue;
            };
            if bytes.len() > 4 << 20 {
                continue;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(kind) = kind_of(&name, &bytes) {
                if !ogi::format::is_word_document(&name, &bytes) {
                    read_archive_bytes(&bytes, kind, &LIMITS, 0, "", &mut |item| {
                        if let Item::Doc { name, bytes } = item {
                            out.push((name, bytes));
                        }
                    });
                }
            }
            out.push((name, bytes));
        }
    }
    out
}

/// One mutation of `b`, in place.
fn mutate(r: &mut Rng, b: &mut Vec<u8>, corpus: &[(String, Vec<u8>)]) {
    let at = |r: &mut Rng, b: &Vec<u8>| r.below(b.len() + 1);
    match r.below(12) {
        0 => {
            for _ in 0..1 + r.below(16) {
                if !b.is_empty() {
                    let i = r.below(b.len());
                    b[i] ^= 1 << r.below(8);
                }
            }
        }
        1 => {
            let n = at(r, b);
            b.truncate(n);
        }
        2 => {
            // A run of digits, short or very long.
            let len = if r.chance(10) {
                50 + r.below(600)
            } else {
                1 + r.below(24)
            };
            let digits: Vec<u8> = (0..len).map(|_| b'0' + r.below(10) as u8).collect();
            let i = at(r, b);
            b.splice(i..i, digits);
        }
        3 => {
            let what: &[u8] = [
                &b"\t"[..],
                b"|",
                b" ",
                b"\n",
                b"\t\t\t",
                b" | ",
                b"-",
                b"\xe3\x80\x80",
            ][r.below(8)];
            for _ in 0..1 + r.below(8) {
                let i = at(r, b);
                b.splice(i..i, what.iter().copied());
            }
        }
        4 => {
            // Lines shuffled, dropped or repeated.
            let mut lines: Vec<Vec<u8>> = b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
            for _ in 0..1 + r.below(8) {
                let (i, j) = (r.below(lines.len()), r.below(lines.len()));
                match r.below(3) {
                    0 => lines.swap(i, j),
                    1 if lines.len() > 1 => {
                        lines.remove(i);
                    }
                    _ => {
                        let l = lines[i].clone();
                        lines.insert(j, l);
                    }
                }
            }
            *b = lines.join(&b'\n');
        }
        5 => {
            // A span duplicated (maybe many times).
            if !b.is_empty() {
                let s = r.below(b.len());
                let e = (s + 1 + r.below(256)).min(b.len());
                let span = b[s..e].to_vec();
                let times = if r.chance(10) { 200 } else { 1 + r.below(4) };
                let i = at(r, b);
                let rep: Vec<u8> = span
                    .iter()
                    .copied()
                    .cycle()
                    .take(span.len() * times)
                    .collect();
                b.splice(i..i, rep);
            }
        }
        6 => {
            // A span of another document spliced in.
            let (_, other) = &corpus[r.below(corpus.len())];
            if !other.is_empty() {
                let s = r.below(other.len());
                let e = (s + 1 + r.below(4096)).min(other.len());
                let i = at(r, b);
                b.splice(i..i, other[s..e].iter().copied());
            }
        }
        7 => {
            // Markup: tables, nesting, entities.
            let what: &[u8] = [
                &b"<table><tr><td>"[..],
                b"</td><td>",
                b"</tr><tr>",
                b"</table>",
                b"<div>",
                b"<w:tbl><w:tr><w:tc><w:p>",
                b"&#x3000;",
                b"&lol;",
                b"<br>",
            ][r.below(9)];
            let times = if r.chance(10) { 500 } else { 1 + r.below(4) };
            let i = at(r, b);
            let rep: Vec<u8> = what
                .iter()
                .copied()
                .cycle()
                .take(what.len() * times)
                .collect();
            b.splice(i..i, rep);
        }
        8 => {
            // Bytes overwritten with interesting values.
            for _ in 0..1 + r.below(8) {
                if !b.is_empty() {
                    let i = r.below(b.len());
                    b[i] = [0, 0xFF, 0x7F, 0x80, b'0', b'9', 0xA1, 0xFE][r.below(8)];
                }
            }
        }
        9 => {
            // Encodings: a byte-order mark, or a GB18030 / UTF-16 view.
            match r.below(3) {
                0 => b.splice(0..0, [0xFF, 0xFE]).for_each(drop),
                1 => {
                    let s = String::from_utf8_lossy(b).into_owned();
                    *b = encoding_rs::GB18030.encode(&s).0.into_owned();
                }
                _ => {
                    let s = String::from_utf8_lossy(b).into_owned();
                    *b = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
                }
            }
        }
        10 => {
            // A chunk removed.
            if !b.is_empty() {
                let s = r.below(b.len());
                let e = (s + 1 + r.below(1024)).min(b.len());
                b.drain(s..e);
            }
        }
        _ => {
            // Numbers made huge or odd.
            let what: &[u8] = [
                &b"99999999999999999999"[..],
                b"-1",
                b"0000",
                b"1,234,567",
                b"3.5",
                b"9223372036854775807",
            ][r.below(6)];
            let i = at(r, b);
            b.splice(i..i, what.iter().copied());
        }
    }
}

/// Wrap documents into an archive.
fn archive(r: &mut Rng, docs: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    match r.below(3) {
        0 => {
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for (i, (name, bytes)) in docs.iter().enumerate() {
                let method = if r.chance(50) {
                    zip::CompressionMethod::Stored
                } else {
                    zip::CompressionMethod::Deflated
                };
                let opts = zip::write::SimpleFileOptions::default().compression_method(method);
                let name = if r.chance(10) {
                    "../../x.txt".to_string()
                } else {
                    format!("{i}/{name}")
                };
                let _ = w.start_file(name, opts).and_then(|()| {
                    w.write_all(bytes)?;
                    Ok(())
                });
            }
            let bytes = w.finish().map(Cursor::into_inner).unwrap_or_default();
            ("a.zip".to_string(), bytes)
        }
        k => {
            let mut t = tar::Builder::new(Vec::new());
            for (i, (name, bytes)) in docs.iter().enumerate() {
                let mut h = tar::Header::new_gnu();
                h.set_size(bytes.len() as u64);
                h.set_mode(0o644);
                if r.chance(5) {
                    h.set_entry_type(tar::EntryType::Symlink);
                }
                let _ = t.append_data(&mut h, format!("{i}/{name}"), bytes.as_slice());
            }
            let tar = t.into_inner().unwrap_or_default();
            if k == 1 {
                ("a.tar".to_string(), tar)
            } else {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
                let _ = gz.write_all(&tar);
                ("a.tar.gz".to_string(), gz.finish().unwrap_or_default())
            }
        }
    }
}

/// One case: a mutated document, or an archive of some.
fn case(r: &mut Rng, corpus: &[(String, Vec<u8>)]) -> (String, Vec<u8>) {
    let one = |r: &mut Rng| {
        let (name, bytes) = &corpus[r.below(corpus.len())];
        let mut b = bytes.clone();
        for _ in 0..1 + r.below(4) {
            mutate(r, &mut b, corpus);
        }
        (name.clone(), b)
    };
    if r.chance(15) {
        let docs: Vec<_> = (0..1 + r.below(4)).map(|_| one(r)).collect();
        let (name, mut bytes) = archive(r, &docs);
        if r.chance(50) {
            mutate(r, &mut bytes, corpus);
        }
        (name, bytes)
    } else {
        one(r)
    }
}

/// Run one case through everything a build runs on it.
fn run(name: &str, bytes: &[u8]) {
    if let Some(kind) = kind_of(name, bytes) {
        if !ogi::format::is_word_document(name, bytes) {
            read_archive_bytes(bytes, kind, &LIMITS, 0, "", &mut |item| {
                if let Item::Doc { name: m, bytes } = item {
                    let _ = ogi::document::from_bytes(
                        name,
                        Some(&m),
                        &bytes,
                        None,
                        Vec::new(),
                        &ogi::decode::pdf::PdfLimits::default(),
                    );
                }
            });
            return;
        }
    }
    let _ = ogi::document::from_bytes(
        name,
        None,
        bytes,
        None,
        Vec::new(),
        &ogi::decode::pdf::PdfLimits::default(),
    );
}

fn save(dir: &Path, what: &str, seed: u64, i: u64, name: &str, bytes: &[u8]) {
    let _ = std::fs::create_dir_all(dir);
    let ext = name.rsplit_once('.').map_or("bin", |(_, e)| e);
    let path = dir.join(format!("{what}-{seed}-{i}.{ext}"));
    let _ = std::fs::write(&path, bytes);
    eprintln!(
        "fuzz: {what} at case {i} (seed {seed}), saved to {}",
        path.display()
    );
}

fn main() {
    let a = args();
    let corpus = load(&a.corpus);
    assert!(!corpus.is_empty(), "no documents under {:?}", a.corpus);
    // Silence the default hook: panics are reported as cases.
    std::panic::set_hook(Box::new(|_| {}));
    let current = Arc::new(AtomicU64::new(u64::MAX));
    let started_ms = Arc::new(AtomicU64::new(0));
    let case_bytes: Arc<std::sync::Mutex<(String, Vec<u8>)>> = Arc::default();
    let clock = Instant::now();
    {
        let (current, started_ms, case_bytes) =
            (current.clone(), started_ms.clone(), case_bytes.clone());
        let (limit, dir, seed) = (a.limit, a.crashes.clone(), a.seed);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(100));
            let i = current.load(Ordering::SeqCst);
            if i == u64::MAX {
                continue;
            }
            let since = clock.elapsed().as_millis() as u64 - started_ms.load(Ordering::SeqCst);
            if since > limit.as_millis() as u64 && current.load(Ordering::SeqCst) == i {
                let (name, bytes) = case_bytes.lock().map(|g| g.clone()).unwrap_or_default();
                save(&dir, "stall", seed, i, &name, &bytes);
                println!("stalled at {i}");
                std::process::exit(3);
            }
        });
    }
    let (mut panics, mut slowest) = (0u64, (Duration::ZERO, 0u64));
    for i in a.start..a.start + a.iterations {
        // Each case from its own stream, so `--start` repeats exactly.
        let mut r = Rng(a.seed.wrapping_mul(0x1000_0000_01B3) ^ i.wrapping_mul(0x9E37));
        let (name, bytes) = case(&mut r, &corpus);
        if let Ok(mut g) = case_bytes.lock() {
            *g = (name.clone(), bytes.clone());
        }
        started_ms.store(clock.elapsed().as_millis() as u64, Ordering::SeqCst);
        current.store(i, Ordering::SeqCst);
        let t = Instant::now();
        let outcome = std::panic::catch_unwind(|| run(&name, &bytes));
        let took = t.elapsed();
        current.store(u64::MAX, Ordering::SeqCst);
        if took > slowest.0 {
            slowest = (took, i);
        }
        if outcome.is_err() {
            panics += 1;
            save(&a.crashes, "panic", a.seed, i, &name, &bytes);
        }
    }
    println!(
        "fuzz: seed {} cases {}..{} panics {panics} slowest {:.3}s (case {})",
        a.seed,
        a.start,
        a.start + a.iterations,
        slowest.0.as_secs_f64(),
        slowest.1
    );
    if panics > 0 {
        std::process::exit(1);
    }
}
