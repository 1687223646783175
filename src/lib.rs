//! ogi: annual reports on government information disclosure → Parquet.
//!
//! The data flows one way, and the modules follow it:
//! [`crawl`] finds the files → [`decode`] turns bytes into normalised text →
//! [`extract`] reads metadata and tables → [`validate`] checks the printed
//! identities → [`write`] streams the Parquet tables and the manifest.
//! [`pipeline`] runs those stages in parallel and in a reproducible order.

pub mod config;
pub mod crawl;
pub mod decode;
pub mod extract;
pub mod model;
pub mod pipeline;
pub mod validate;
pub mod write;

/// The version of the parsing rules, written into every build's metadata.
pub const PARSER_VERSION: &str = env!("CARGO_PKG_VERSION");
