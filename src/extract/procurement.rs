//! Procurement stated in prose, for reports whose 第二十条第（九）项 row is
//! missing or unreadable: `政府集中采购210项,采购总金额540.4万元`.
//!
//! Only a sentence that names 集中采购 with a count of projects and a total
//! amount counts; a count of published items that merely mentions
//! procurement (`公开政府采购信息12条`) does not.

use std::sync::LazyLock;

use regex::Regex;

use super::article20::amount_in_yuan;
use crate::model::Procurement;

static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"集中采购(?:项目)?(?:共|数量为?|为)?(\d{1,6})(?:项|个|宗|批次)[,，、;；]?(?:采购)?(?:总)?金额(?:为|共|合计|约)?(\d{1,12}(?:\.\d+)?)(万元|元)",
    )
    .unwrap()
});

/// Procurement figures from prose, `compact` being the text without white space.
pub fn from_prose(compact: &str) -> Option<Procurement> {
    let caps = PROSE.captures(compact)?;
    let count = caps[1].parse::<i64>().ok();
    let number = &caps[2];
    let unit = if &caps[3] == "万元" {
        "万元"
    } else {
        "元"
    };
    let raw = format!("{number}{unit}");
    Some(amount_in_yuan(
        count,
        Some(raw),
        Some(number),
        Some(unit),
        "narrative",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_and_amount_with_unit() {
        let p = from_prose("政府集中采购210项,采购总金额540.4万元。").unwrap();
        assert_eq!(
            (p.project_count, p.amount_yuan, p.amount_unit, p.source),
            (Some(210), Some(5_404_000.0), "wan_yuan", "narrative")
        );
    }

    #[test]
    fn published_items_about_procurement_are_not_figures() {
        assert!(from_prose("主动公开政府采购信息12条,集中采购公告3条").is_none());
    }
}
