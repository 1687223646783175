//! Every code a dataset holds as text: the categorical columns' codes
//! (rows, applicants, categories, metrics, …), the diagnostic codes and the
//! table names. The model holds them as `&'static str`; reading a dataset
//! back maps each string to its one static spelling here, so that nothing
//! read is leaked to make it static.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::dictionary::{value_codes, DIAGNOSTIC_CODES};
use super::TABLES;
use crate::templates::{section2, section3, section4};

static KNOWN: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let mut known: HashSet<&'static str> = HashSet::new();
    known.extend(TABLES.iter().map(|(name, _)| *name));
    known.extend(DIAGNOSTIC_CODES.iter().map(|(code, _, _)| *code));
    for (_, codes) in value_codes() {
        known.extend(codes.iter().map(|(code, _)| *code));
    }
    known.extend(section2::ITEMS.iter().map(|(item, _)| *item));
    for c in section2::CATEGORIES {
        known.insert(c.spec.code);
        known.insert(c.item);
        known.extend(c.gov2019.iter().chain(c.gov2021).map(|col| col.code));
    }
    known.extend(section3::ROWS.iter().map(|r| r.code));
    known.extend(section3::APPLICANTS);
    known.extend(section4::PROCEEDINGS.iter().map(|c| c.code));
    known.extend(section4::OUTCOMES.iter().map(|c| c.code));
    known
});

/// The static spelling of code `s`, if it is one a dataset may hold.
pub fn known(s: &str) -> Option<&'static str> {
    KNOWN.get(s).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_known_and_other_text_is_not() {
        for code in [
            "natural_person",
            "20.8",
            "fee_amount_wan_yuan",
            "REPOST",
            "reviews",
        ] {
            assert_eq!(known(code), Some(code));
        }
        assert_eq!(known("no_such_code"), None);
    }
}
