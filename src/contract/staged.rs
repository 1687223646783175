//! `reports` as staged while documents stream in, and what completes it.
//!
//! Beside each report's columns the writer stages what the checks across
//! reports match reports by ([`crate::model::CrossKeys`]): a hash of the
//! organ key, to split the organs into parts, and the two carry rows of
//! section 三 folded into one column per applicant, so that the checks
//! never join cells. `canonical` is known only once every report is in.
//! Once the checks have run, the staged file is rewritten as
//! `reports.parquet`: the staging columns dropped, `n_warnings` counting
//! the checks' warnings too, `canonical` added ([`Completion`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use arrow_schema::{DataType, Field, Schema};

use super::schema::reports_schema;
use crate::model::APPLICANTS;

/// Where `reports` is written while documents stream in, inside the
/// build's temporary folder.
pub const STAGED_REPORTS_FILE: &str = ".reports.staged.parquet";

/// The column of the organ key's hash (FNV-1a, 32 bits).
pub const ORGAN_PART: &str = "organ_part";

/// The carry rows of section 三 and the prefix of their staged columns:
/// `over_natural_person`, …, `forward_total`.
pub const CARRIES: [(&str, &str); 2] = [("carried_over", "over_"), ("carried_forward", "forward_")];

/// The staged carry column of a row's `prefix` (one of [`CARRIES`]) and an
/// applicant.
pub fn carry_column(prefix: &str, applicant: &str) -> String {
    format!("{prefix}{applicant}")
}

/// `reports` as staged: every column but `canonical`, then [`ORGAN_PART`]
/// and the carry columns (over, then forward, each in the order of
/// [`APPLICANTS`]).
pub fn staged_reports_schema() -> Schema {
    let full = reports_schema();
    let mut fields: Vec<Field> = full
        .fields()
        .iter()
        .filter(|f| f.name() != "canonical")
        .map(|f| f.as_ref().clone())
        .collect();
    fields.push(Field::new(ORGAN_PART, DataType::UInt32, true));
    for (_, prefix) in CARRIES {
        for applicant in APPLICANTS {
            fields.push(Field::new(
                carry_column(prefix, applicant),
                DataType::Int64,
                true,
            ));
        }
    }
    Schema::new(fields)
}

/// What the checks across reports found that completes `reports`; rows are
/// those of the staged table (the order documents were written in).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completion {
    /// Warnings found per report row, added to its `n_warnings`.
    pub warnings: HashMap<u32, i32>,
    /// Rows of the reports displaced by another document of the same organ
    /// and year: `canonical = false`.
    pub not_canonical: HashSet<u32>,
    /// Findings per diagnostic code, for the manifest.
    pub cross_report: BTreeMap<String, u64>,
}
