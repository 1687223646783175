//! A hook for the tests that kill a build at a given point.

/// When the environment variable `OGI_PAUSE_AT` names `point`, say so on
/// stderr (`ogi: paused at {point}`) and wait there, to be killed. Called
/// at a handful of places per build, never per document.
pub fn pause_at(point: &str) {
    if std::env::var_os("OGI_PAUSE_AT").is_some_and(|v| v == point) {
        eprintln!("ogi: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}
