//! The two official report templates, as data.
//!
//! 国办公开办函〔2019〕60号 (`gov2019`) and 〔2021〕30号 (`gov2021`) fix
//! the tables every report prints. Everything the pipeline knows about them
//! lives here, once: each section's rows and columns with their codes (the
//! dataset contract's), the labels the templates print, the variants seen in
//! the wild, the header words that announce each table, and the 勾稽关系
//! identities ([`identities`]). The extract stage reads tables through these
//! definitions, validation checks the identities, and the data dictionary is
//! generated from them.
//!
//! Labels are matched on a Simplified, half-width projection of the text, so
//! the keys here are Simplified and use ASCII brackets; Traditional script
//! and full-width forms need no variants of their own.
//!
//! This module is a leaf: it imports nothing from the rest of the crate.

pub mod identities;
pub mod printed;
pub mod section2;
pub mod section3;
pub mod section4;

use serde::Serialize;

/// Which official template a report follows (`templates.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Template {
    Gov2019,
    Gov2021,
    Narrative,
    Unknown,
}

impl Template {
    pub fn as_str(self) -> &'static str {
        match self {
            Template::Gov2019 => "gov2019",
            Template::Gov2021 => "gov2021",
            Template::Narrative => "narrative",
            Template::Unknown => "unknown",
        }
    }

    /// Every template code with what it means, for the data dictionary.
    pub const CODES: &'static [(&'static str, &'static str)] = &[
        (
            "gov2019",
            "国办公开办函〔2019〕60号 template (report years 2019–2020, some later)",
        ),
        ("gov2021", "国办公开办函〔2021〕30号 template (2021 onward)"),
        (
            "narrative",
            "free prose, figures only in sentences (mostly before 2019)",
        ),
        ("unknown", "no template could be told"),
    ];
}

/// Which of the two official templates print a row or a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    Both,
    Gov2019,
    Gov2021,
}

impl In {
    /// Whether a report on `template` prints it. Reports whose template is
    /// not one of the two are read as 2019 ones.
    pub fn holds(self, template: Template) -> bool {
        match self {
            In::Both => true,
            In::Gov2021 => template == Template::Gov2021,
            In::Gov2019 => template != Template::Gov2021,
        }
    }

    /// The note the data dictionary adds to a label.
    pub fn note(self) -> &'static str {
        match self {
            In::Both => "",
            In::Gov2019 => " (gov2019)",
            In::Gov2021 => " (gov2021)",
        }
    }
}

/// How a table row is recognised from its label.
#[derive(Clone, Copy, Debug)]
pub struct RowSpec {
    /// The row's code in the dataset.
    pub code: &'static str,
    /// The label as the template prints it (for the data dictionary).
    pub label: &'static str,
    /// Any of these, found in the label (white space removed), names the
    /// row: the template's own words and the variants seen in the wild.
    pub keys: &'static [&'static str],
    /// The key must end the label (for short, common words such as 其他).
    pub at_end: bool,
    /// The templates that print the row.
    pub printed_in: In,
}

/// A column of a table: its code and the label the template prints.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub code: &'static str,
    pub label: &'static str,
}

/// The specs of `specs` a report on `template` prints, in template order.
pub fn rows_of(specs: &[RowSpec], template: Template) -> Vec<RowSpec> {
    specs
        .iter()
        .filter(|s| s.printed_in.holds(template))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes are the dataset contract: each is written once per table.
    #[test]
    fn codes_are_unique_within_each_table() {
        fn unique(codes: Vec<&str>) {
            let mut sorted = codes.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), codes.len(), "{codes:?}");
        }
        unique(section3::ROWS.iter().map(|r| r.code).collect());
        unique(section3::APPLICANTS.to_vec());
        unique(section2::CATEGORIES.iter().map(|r| r.spec.code).collect());
        unique(section4::PROCEEDINGS.iter().map(|p| p.code).collect());
        unique(section4::OUTCOMES.iter().map(|p| p.code).collect());
    }

    #[test]
    fn each_template_prints_its_own_section3_rows() {
        let g19 = rows_of(section3::ROWS, Template::Gov2019);
        let g21 = rows_of(section3::ROWS, Template::Gov2021);
        assert_eq!(g19.len(), 23);
        assert_eq!(g21.len(), 25);
        assert!(g19.iter().any(|r| r.code == "other"));
        assert!(g21.iter().all(|r| r.code != "other"));
    }
}
