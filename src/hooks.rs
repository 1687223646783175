//! A hook for the tests that kill a build at a given point. Compiled in
//! only with the cargo feature `test-hooks` (the integration tests enable
//! it); otherwise [`pause_at`] does nothing and costs nothing.

/// When the environment variable `OGI_PAUSE_AT` names `point`, say so on
/// stderr (`ogi: paused at {point}`) and wait there, to be killed — or,
/// when `OGI_RESUME_WHEN` names a file, until that file exists (at most a
/// minute), so that a test can change the inputs between two steps. Called
/// at a handful of places per build, never per document.
#[cfg(feature = "test-hooks")]
pub fn pause_at(point: &str) {
    use std::time::{Duration, Instant};
    if std::env::var_os("OGI_PAUSE_AT").is_some_and(|v| v == point) {
        eprintln!("ogi: paused at {point}");
        match std::env::var_os("OGI_RESUME_WHEN") {
            Some(file) => {
                let start = Instant::now();
                let file = std::path::PathBuf::from(file);
                while !file.exists() && start.elapsed() < Duration::from_secs(60) {
                    std::thread::sleep(Duration::from_millis(20));
                }
            }
            None => std::thread::sleep(Duration::from_secs(600)),
        }
    }
}

/// Does nothing: this build has no test hooks.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_at(_point: &str) {}
