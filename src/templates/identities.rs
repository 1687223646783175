//! The 勾稽关系 identities every report prints, defined once.
//!
//! Each is "a total equals the sum of its parts". The extract stage uses
//! them only to choose among the readings of digits glued together (a
//! reading is taken when exactly one satisfies an identity that involves
//! every cell of the cut); validation reports each one a report's printed
//! numbers break, as `IDENTITY_BROKEN`, and never changes a value.
//!
//! Values are `Option<i64>`: `None` is a cell that is not a number (so the
//! identity does not hold); a printed blank is passed as `Some(0)`. A sum
//! past the range of `i64` is no count a report prints: the identity fails
//! rather than wrapping round.

/// Every identity, as the data dictionary describes it.
pub const DESCRIPTIONS: &[&str] = &[
    "section 三, every applicant column: `new_received + carried_over = total + carried_forward` (一 + 二 = 三(七) + 四)",
    "section 三, every row: the `total` column is the sum of the six applicant columns",
    "section 三: row `total` (七、总计) is the sum of the outcome rows (一)–(六)",
    "section 四: each proceeding's `total` is the sum of its four outcomes",
];

/// The sum of `parts`, or None when one is not a number or the sum
/// overflows.
pub fn sum(parts: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    let mut total = 0i64;
    for p in parts {
        total = total.checked_add(p?)?;
    }
    Some(total)
}

/// `total` is the sum of `parts`.
pub fn sums_to(parts: impl IntoIterator<Item = Option<i64>>, total: Option<i64>) -> bool {
    matches!((total, sum(parts)), (Some(t), Some(s)) if t == s)
}

/// A row of section 三 (the `total` column is the sum of the six applicant
/// columns) or a proceeding of section 四 (its `total` is the sum of its
/// four outcomes): the last value is the sum of the others. Called for
/// every way of cutting glued digits: it does not allocate.
pub fn last_is_sum<I>(values: I) -> bool
where
    I: IntoIterator<Item = Option<i64>>,
    I::IntoIter: DoubleEndedIterator,
{
    let mut values = values.into_iter();
    let Some(total) = values.next_back() else {
        return false;
    };
    sums_to(values, total)
}

/// Section 三, one applicant column: 一 + 二 = 三(七) + 四, that is
/// `new_received + carried_over = total + carried_forward`.
pub fn balance(
    new_received: Option<i64>,
    carried_over: Option<i64>,
    total: Option<i64>,
    carried_forward: Option<i64>,
) -> bool {
    matches!(
        (sum([new_received, carried_over]), sum([total, carried_forward])),
        (Some(a), Some(b)) if a == b
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_hold_and_fail() {
        assert!(last_is_sum([Some(1), Some(2), Some(3)]));
        assert!(!last_is_sum([Some(1), Some(2), Some(4)]));
        assert!(!last_is_sum([Some(1), None, Some(1)]));
        assert!(!last_is_sum(
            std::iter::empty::<Option<i64>>().collect::<Vec<_>>()
        ));
        assert!(balance(Some(5), Some(1), Some(4), Some(2)));
        assert!(!balance(Some(5), Some(1), Some(4), Some(1)));
    }

    #[test]
    fn a_sum_past_the_integer_range_fails() {
        // i64::MAX + 1 would wrap round to i64::MIN.
        assert!(!last_is_sum([Some(i64::MAX), Some(1), Some(i64::MIN)]));
        assert!(!balance(Some(i64::MAX), Some(1), Some(0), Some(i64::MIN)));
    }
}
