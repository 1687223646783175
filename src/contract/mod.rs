//! The dataset contract (`shared/spec/dataset.md`) in code: the tables and
//! their schemas with every column's description, the manifest (written and
//! read back typed), the shards of a build, the columns staged for the
//! checks across reports, the codes a dataset holds, and the data
//! dictionary generated from them.
//! Whatever writes or reads a dataset takes its names from here.

pub mod codes;
pub mod dictionary;
pub mod manifest;
pub mod schema;
pub mod shard;
pub mod staged;

pub use manifest::{Manifest, TableSummary, MANIFEST_FILE};
pub use shard::Shard;

/// The version of ogi, which is also the version of its parsing rules:
/// written into every file's footer and the manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A digest of the sources, data files and crate versions this binary was
/// built from (see `build.rs`): what reads a document changes with it, even
/// where [`VERSION`] does not. Recorded in the manifest only, so that a
/// dataset tells which build wrote it; an incremental build reuses rows of
/// a dataset with the same.
pub const PARSER_BUILD: &str = env!("OGI_PARSER_BUILD");

/// The tables of the dataset, in the order they are written and listed:
/// `(table name, file name)`.
pub const TABLES: [(&str, &str); 6] = [
    ("reports", "reports.parquet"),
    ("proactive_disclosure", "proactive_disclosure.parquet"),
    ("applications", "applications.parquet"),
    ("reviews", "reviews.parquet"),
    ("procurement", "procurement.parquet"),
    ("diagnostics", "diagnostics.parquet"),
];

/// The file of table `name`, if it is one of [`TABLES`].
pub fn file_of(name: &str) -> Option<&'static str> {
    TABLES.iter().find(|(t, _)| *t == name).map(|(_, f)| *f)
}

/// Lower-case hex of `bytes`: how the dataset writes every digest.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// A document's place as `duplicate_paths` lists it: `path`, or
/// `path!member` for an archive member.
pub fn place(source_path: &str, member: Option<&str>) -> String {
    match member {
        Some(m) => format!("{source_path}!{m}"),
        None => source_path.to_string(),
    }
}
