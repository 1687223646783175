//! How fast the PDF reader is: pages per second on one thread.
//!
//!     cargo run --release --example pdf_speed -- FILE.pdf... [--rounds N]
//!
//! Each file is read N times (default 5); the figure is pages read over
//! the time spent in the reader alone.

use ogi::decode::pdf;

use std::time::Instant;

fn main() {
    let mut rounds = 5;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
        } else {
            files.push(a);
        }
    }
    let limits = pdf::PdfLimits::default();
    let (mut pages, mut secs, mut failed) = (0usize, 0f64, 0usize);
    for f in &files {
        let bytes = std::fs::read(f).expect("readable file");
        for _ in 0..rounds {
            let t = Instant::now();
            let r = pdf::pdf_to_text(&bytes, &limits);
            secs += t.elapsed().as_secs_f64();
            match r {
                Ok(t) => pages += t.pages,
                Err(_) => failed += 1,
            }
        }
    }
    println!(
        "{} files x {rounds}: {pages} pages in {secs:.3} s = {:.0} pages/s, {:.0} documents/s ({failed} failed reads)",
        files.len(),
        pages as f64 / secs.max(1e-9),
        (files.len() * rounds) as f64 / secs.max(1e-9)
    );
}
