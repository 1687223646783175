//! Section 四 政府信息公开行政复议、行政诉讼情况 → `reviews`: three
//! proceedings of five cells each, the fifth each one's 总计. Both
//! templates print it alike.

use super::Column;

/// The table's name in the dataset.
pub const TABLE: &str = "reviews";

/// The proceedings, in printed order.
pub const PROCEEDINGS: [Column; 3] = [
    Column {
        code: "reconsideration",
        label: "行政复议",
    },
    Column {
        code: "litigation_direct",
        label: "行政诉讼 · 未经复议直接起诉",
    },
    Column {
        code: "litigation_after_reconsideration",
        label: "行政诉讼 · 复议后起诉",
    },
];

/// The outcomes of each proceeding, in printed order; the last is the total.
pub const OUTCOMES: [Column; 5] = [
    Column {
        code: "upheld",
        label: "结果维持",
    },
    Column {
        code: "corrected",
        label: "结果纠正",
    },
    Column {
        code: "other",
        label: "其他结果",
    },
    Column {
        code: "pending",
        label: "尚未审结",
    },
    Column {
        code: "total",
        label: "总计",
    },
];

/// Cells of the table: three proceedings of five.
pub const CELLS: usize = PROCEEDINGS.len() * OUTCOMES.len();

/// Words of the section's header: a region holding none of them is prose.
/// The outcomes' words wrap in their narrow cells (`结果` over `维持`), and
/// a text dump of a PDF may print each header row's first halves on one
/// line and the second halves on the next; the wide cells of the two kinds
/// of suit keep their words whole.
pub const HEADER_KEYS: &[&str] = &[
    "结果维持",
    "结果纠正",
    "尚未审结",
    "其他结果",
    "未经复议直接起诉",
    "复议后起诉",
];

/// Words that end the section (the next section's heading).
pub const END_KEYS: &[&str] = &["存在的主要问题", "主要问题", "其他需要报告", "改进情况"];
