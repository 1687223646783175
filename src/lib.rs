//! ogi: annual reports on government information disclosure → Parquet.
//!
//! The data flows one way, and the modules follow it: [`crawl`] finds the
//! files (what each is: [`format`]) → [`document`] reads one document:
//! [`decode`] turns its bytes into normalised text, [`extract`] reads
//! metadata and tables, [`validate`] checks the printed identities, and
//! the keys the checks across reports need are derived → [`write`] streams
//! the Parquet tables and the manifest → [`dataset`] reads what was
//! written: the checks across reports, the comparison with the previous
//! build, merging shards, summaries. [`pipeline`] runs those stages in
//! parallel and in a reproducible order. [`contract`] is the dataset's
//! shape (tables, schemas, manifest, codes), [`model`] the records that
//! flow between the stages, [`templates`] the official report templates.
//!
//! Imports follow the flow and never go back up it: `scripts/check-imports`
//! (run by the tests) keeps the graph of modules acyclic and the writer
//! free of everything but the contract and the model.

pub mod budget;
pub mod config;
pub mod contract;
pub mod crawl;
pub mod dataset;
pub mod decode;
pub mod document;
pub mod extract;
pub mod format;
pub mod hooks;
pub mod model;
pub mod pipeline;
pub mod regions;
pub mod templates;
pub mod validate;
pub mod write;
