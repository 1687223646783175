//! What a build shows while it runs: a spinner and then a bar on a
//! terminal, a plain line every few seconds in a log, or JSON lines for a
//! log collector.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::crawl::inventory::Inventory;

/// How progress is shown while building.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    /// Nothing.
    Quiet,
    /// A bar that redraws itself (a terminal).
    Bar,
    /// A plain line every few seconds (a log file).
    Lines,
    /// A JSON object per line every few seconds (a log collector).
    Json,
}

/// Seconds between two progress lines in a log.
const LINE_EVERY: Duration = Duration::from_secs(5);

/// What the two progress displays share: how progress is shown, and what
/// has been counted since they began.
struct Meter {
    mode: Progress,
    /// Hidden unless on a terminal.
    bar: ProgressBar,
    started: Instant,
    last_line: Instant,
    count: u64,
    bytes: u64,
}

impl Meter {
    /// `bar` makes the bar shown on a terminal.
    fn new(mode: Progress, bar: impl FnOnce() -> ProgressBar) -> Meter {
        let now = Instant::now();
        Meter {
            mode,
            bar: if mode == Progress::Bar {
                bar()
            } else {
                ProgressBar::hidden()
            },
            started: now,
            last_line: now,
            count: 0,
            bytes: 0,
        }
    }

    fn seconds(&self) -> f64 {
        self.started.elapsed().as_secs_f64().max(1e-3)
    }

    fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds()
    }

    /// Count `n` more, of `bytes` bytes, and redraw the bar on a terminal.
    /// In a log, says whether a line is due.
    fn add(&mut self, n: u64, bytes: u64) -> bool {
        self.count += n;
        self.bytes += bytes;
        match self.mode {
            Progress::Quiet => false,
            Progress::Bar => {
                self.bar.set_position(self.count);
                self.bar.set_message(format!("{:.1} MB/s", self.mb_per_s()));
                false
            }
            Progress::Lines | Progress::Json => {
                if self.last_line.elapsed() < LINE_EVERY {
                    return false;
                }
                self.last_line = Instant::now();
                true
            }
        }
    }
}

/// Shows how far pass 1 is. Its total is not known before it ends: a
/// spinner counting files on a terminal, a line every few seconds
/// otherwise, and in a log a line when it ends (how long the inventory
/// took is where a cold disk shows).
pub(super) struct InventoryProgress(Meter);

impl InventoryProgress {
    pub(super) fn new(mode: Progress) -> InventoryProgress {
        InventoryProgress(Meter::new(mode, || {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template("{spinner} taking the inventory: {pos} files {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            // A chunk of files can take a while on a cold disk: the spinner
            // turns meanwhile, so the build is seen to be alive.
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        }))
    }

    pub(super) fn hashed(&mut self, files: u64, bytes: u64) {
        let m = &mut self.0;
        if !m.add(files, bytes) {
            return;
        }
        let mb_s = m.mb_per_s();
        if m.mode == Progress::Json {
            eprintln!(
                "{}",
                serde_json::json!({
                    "event": "progress",
                    "phase": "inventory",
                    "files": m.count,
                    "mb_per_s": (mb_s * 10.0).round() / 10.0,
                })
            );
        } else {
            eprintln!(
                "ogi: taking the inventory: {} files, {mb_s:.1} MB/s",
                m.count
            );
        }
    }

    pub(super) fn finish(&self, inventory: &Inventory) {
        let m = &self.0;
        m.bar.finish_and_clear();
        let secs = m.seconds();
        match m.mode {
            Progress::Quiet | Progress::Bar => {}
            Progress::Lines => eprintln!(
                "ogi: inventory taken in {secs:.1} s: {} files, {} documents, {} duplicates",
                inventory.files, inventory.documents, inventory.copies
            ),
            Progress::Json => eprintln!(
                "{}",
                serde_json::json!({
                    "event": "inventory",
                    "files": inventory.files,
                    "documents": inventory.documents,
                    "duplicates": inventory.copies,
                    "seconds": (secs * 1000.0).round() / 1000.0,
                })
            ),
        }
    }
}

/// Shows how far pass 2 is: a bar on a terminal, a line (plain or JSON)
/// every few seconds otherwise.
pub(super) struct DocumentProgress {
    meter: Meter,
    total: u64,
}

impl DocumentProgress {
    pub(super) fn new(mode: Progress, total: u64) -> DocumentProgress {
        let meter = Meter::new(mode, || {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {pos}/{len} documents [{bar:30}] {per_sec} {msg} eta {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        DocumentProgress { meter, total }
    }

    pub(super) fn advance(&mut self, docs: u64, bytes: u64) {
        let m = &mut self.meter;
        if !m.add(docs, bytes) {
            return;
        }
        let (done, secs, mb_s) = (m.count, m.seconds(), m.mb_per_s());
        let eta = if done > 0 {
            self.total.saturating_sub(done) as f64 * secs / done as f64
        } else {
            0.0
        };
        if m.mode == Progress::Json {
            eprintln!(
                "{}",
                serde_json::json!({
                    "event": "progress",
                    "phase": "documents",
                    "documents": done,
                    "of": self.total,
                    "mb_per_s": (mb_s * 10.0).round() / 10.0,
                    "eta_s": eta.round(),
                })
            );
        } else {
            eprintln!(
                "ogi: {done}/{} documents, {mb_s:.1} MB/s, eta {eta:.0} s",
                self.total
            );
        }
    }

    pub(super) fn finish(&self) {
        self.meter.bar.finish_and_clear();
    }
}
