//! A budget of work per document, so that no input can hold a worker for
//! long: every per-document loop whose length the input decides spends
//! from it — the search over the ways to cut glued digits, the tags of an
//! HTML page, the XML events of a Word document, the drawing operations of
//! a PDF, the lines the tables are read from, the rows looked back at when
//! a table's rows are chained — and once it is spent they stop, and the
//! document becomes a `failed`
//! row with the diagnostic `DOCUMENT_BUDGET_SPENT` instead of a stall.
//!
//! The budget counts steps, not seconds: whether a document runs out of it
//! depends on its bytes alone, never on the machine, its load or the
//! number of threads, so the output stays reproducible. `run.document_budget`
//! in `pipeline.toml` sets it (see docs/OPERATIONS.md).

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

/// The default budget: a step is at most a few dozen nanoseconds of work,
/// so this is a few seconds of one core; every report of the shared
/// corpora reads within 100,000 steps.
pub const DEFAULT: u64 = 100_000_000;

/// The budget every document starts with, set once from the configuration.
static CONFIGURED: AtomicU64 = AtomicU64::new(DEFAULT);

thread_local! {
    /// Steps left to the document this thread is reading (unlimited
    /// outside one), and whether it ran out.
    static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
    static SPENT: Cell<bool> = const { Cell::new(false) };
}

/// Set the budget of every document read from now on (0: the default).
pub fn configure(steps: u64) {
    let steps = if steps == 0 { DEFAULT } else { steps };
    CONFIGURED.store(steps, Ordering::Relaxed);
}

/// The budget every document starts with.
pub fn configured() -> u64 {
    CONFIGURED.load(Ordering::Relaxed)
}

/// Run `f` (the reading of one document) under the configured budget;
/// also returns whether the budget ran out on the way.
pub fn run<T>(f: impl FnOnce() -> T) -> (T, bool) {
    let outer = (LEFT.get(), SPENT.get());
    LEFT.set(configured());
    SPENT.set(false);
    // Restored even if `f` panics (the build turns a panic into an error).
    struct Restore((u64, bool));
    impl Drop for Restore {
        fn drop(&mut self) {
            LEFT.set(self.0 .0);
            SPENT.set(self.0 .1);
        }
    }
    let restore = Restore(outer);
    let value = f();
    let spent = SPENT.get();
    drop(restore);
    (value, spent)
}

/// Spend `steps`; false once the budget is spent (and from then on).
#[inline]
pub fn spend(steps: u64) -> bool {
    let left = LEFT.get();
    if left >= steps && !SPENT.get() {
        LEFT.set(left - steps);
        true
    } else {
        SPENT.set(true);
        false
    }
}

/// Whether the current document's budget is spent.
#[inline]
pub fn spent() -> bool {
    SPENT.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_runs_out_and_is_restored_after() {
        assert!(spend(1_000), "unlimited outside a document");
        let ((), spent) = run(|| {
            assert!(spend(DEFAULT));
            assert!(!spend(1));
            assert!(spent());
        });
        assert!(spent);
        assert!(!spent_now());
        let ((), spent) = run(|| assert!(spend(10)));
        assert!(!spent);
    }

    fn spent_now() -> bool {
        spent()
    }
}
