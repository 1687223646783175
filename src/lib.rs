//! ogi: annual reports on government information disclosure → Parquet.
//!
//! The data flows one way, and the modules follow it:
//! [`crawl`] finds the files → [`decode`] turns bytes into normalised text →
//! [`extract`] reads metadata and tables → [`validate`] checks the printed
//! identities → [`write`] streams the Parquet tables and the manifest, then
//! [`crosscheck`] sets each report beside the same organ's other years.
//! [`pipeline`] runs those stages in parallel and in a reproducible order.

pub mod compare;
pub mod config;
pub mod crawl;
pub mod crosscheck;
pub mod decode;
pub mod dictionary;
pub mod extract;
pub mod merge;
pub mod model;
pub mod pipeline;
pub mod read;
pub mod regions;
#[cfg(feature = "summary")]
pub mod summary;
pub mod templates;
pub mod validate;
pub mod write;

/// The version of the parsing rules, written into every build's metadata.
pub const PARSER_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A hook for the tests that kill a build at a given point: when the
/// environment variable `OGI_PAUSE_AT` names `point`, the build says so on
/// stderr (`ogi: paused at {point}`) and waits there, to be killed. Called
/// at a handful of places per build, never per document.
pub fn pause_point(point: &str) {
    if std::env::var_os("OGI_PAUSE_AT").is_some_and(|v| v == point) {
        eprintln!("ogi: paused at {point}");
        std::thread::sleep(std::time::Duration::from_secs(600));
    }
}
