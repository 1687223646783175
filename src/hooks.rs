//! A hook for the tests that kill a build at a given point. Compiled in
//! only with the cargo feature `test-hooks` (the integration tests enable
//! it); otherwise [`pause_at`] does nothing and costs nothing.

/// When the environment variable `OGI_PAUSE_AT` names `point`, say so on
/// stderr (`ogi: paused at {point}`) and wait there, to be killed. Called
/// at a handful of places per build, never per document.
#[cfg(feature = "test-hooks")]
pub fn pause_at(point: &str) {
    if std::env::var_os("OGI_PAUSE_AT").is_some_and(|v| v == point) {
        eprintln!("ogi: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}

/// Does nothing: this build has no test hooks.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause_at(_point: &str) {}
