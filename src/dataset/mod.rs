//! What reads a built dataset: streaming its documents back ([`read`]),
//! the checks across reports over a build's staged `reports` table
//! ([`crosscheck`]) and what they hand back to complete it ([`finalize`]),
//! what changed since a previous build ([`compare`]), shards streamed into
//! one dataset ([`merge`]), and what a dataset holds (`summary`, with the
//! cargo feature `summary`).

pub mod compare;
pub mod crosscheck;
pub mod finalize;
pub mod merge;
pub mod read;
#[cfg(feature = "summary")]
pub mod summary;
#[cfg(feature = "summary")]
pub mod summary_charts;
#[cfg(feature = "summary")]
mod summary_html;

pub use compare::{compare, is_dataset, Changes};
