//! Section 二 主动公开政府信息情况: the 第二十条 table → `proactive_disclosure`
//! (items 一, 五, 六, 八) and, in the 2019 template, item 九 政府集中采购 →
//! `procurement`. The rows (categories) are the same words in both
//! templates; the columns (metrics) differ.

use super::{Column, In, RowSpec, Template};

/// The table's name in the dataset.
pub const TABLE: &str = "proactive_disclosure";

/// A row of the 第二十条 table and the item it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct Category {
    pub spec: RowSpec,
    /// The item code (`20.1` …), the row's heading 第二十条第（X）项.
    pub item: &'static str,
    /// The columns under each template (empty where it prints no such row).
    pub gov2019: &'static [Column],
    pub gov2021: &'static [Column],
}

impl Category {
    /// The columns a report on `template` prints for this row, or None.
    pub fn columns(&self, template: Template) -> Option<&'static [Column]> {
        let columns = if template == Template::Gov2021 {
            self.gov2021
        } else {
            self.gov2019
        };
        (!columns.is_empty()).then_some(columns)
    }
}

const fn col(code: &'static str, label: &'static str) -> Column {
    Column { code, label }
}

const G19_DOCUMENTS: &[Column] = &[
    col("new_made", "本年新制作数量"),
    col("new_published", "本年新公开数量"),
    col("total_published", "对外公开总数量"),
];
const G19_ITEMS: &[Column] = &[
    col("prior_year_count", "上一年项目数量"),
    col("change", "本年增/减"),
    col("decisions", "处理决定数量"),
];
const G19_FEES: &[Column] = &[
    col("prior_year_count", "上一年项目数量"),
    col("change", "本年增/减"),
];
const G19_PROCUREMENT: &[Column] = &[
    col("project_count", "采购项目数量"),
    col("amount", "采购总金额"),
];
const G21_DOCUMENTS: &[Column] = &[
    col("issued", "本年制发件数"),
    col("repealed", "本年废止件数"),
    col("in_force", "现行有效件数"),
];
const G21_DECISIONS: &[Column] = &[col("decisions", "本年处理决定数量")];
const G21_FEES: &[Column] = &[col("fee_amount_wan_yuan", "本年收费金额（单位：万元）")];

const fn category(
    code: &'static str,
    label: &'static str,
    keys: &'static [&'static str],
    item: &'static str,
    gov2019: &'static [Column],
    gov2021: &'static [Column],
) -> Category {
    let printed_in = match (gov2019.is_empty(), gov2021.is_empty()) {
        (false, true) => In::Gov2019,
        (true, false) => In::Gov2021,
        _ => In::Both,
    };
    Category {
        spec: RowSpec {
            code,
            label,
            keys,
            at_end: false,
            printed_in,
        },
        item,
        gov2019,
        gov2021,
    }
}

/// The rows, in template order. The last one is procurement (item 九).
pub const CATEGORIES: &[Category] = &[
    category(
        "regulations",
        "规章",
        &["规章"],
        "20.1",
        G19_DOCUMENTS,
        G21_DOCUMENTS,
    ),
    category(
        "normative_documents",
        "规范性文件 / 行政规范性文件",
        // 规范性档案: 文件 as a Taiwan-style conversion renders it (檔案).
        &["规范性文件", "规范性档案"],
        "20.1",
        G19_DOCUMENTS,
        G21_DOCUMENTS,
    ),
    category(
        "administrative_licensing",
        "行政许可",
        &["行政许可"],
        "20.5",
        G19_ITEMS,
        G21_DECISIONS,
    ),
    category(
        "other_administrative_services",
        "其他对外管理服务事项",
        &["对外管理服务事项", "对外管理服务"],
        "20.5",
        G19_ITEMS,
        &[],
    ),
    category(
        "administrative_penalty",
        "行政处罚",
        &["行政处罚"],
        "20.6",
        G19_ITEMS,
        G21_DECISIONS,
    ),
    category(
        "administrative_coercion",
        "行政强制",
        &["行政强制"],
        "20.6",
        G19_ITEMS,
        G21_DECISIONS,
    ),
    category(
        "administrative_fees",
        "行政事业性收费",
        &["事业性收费"],
        "20.8",
        G19_FEES,
        G21_FEES,
    ),
    category(
        PROCUREMENT,
        "政府集中采购",
        &["政府集中采购", "集中采购"],
        "20.9",
        G19_PROCUREMENT,
        &[],
    ),
];

/// The code of the procurement row (item 九), read into `procurement`.
pub const PROCUREMENT: &str = "procurement";

/// The items written to `proactive_disclosure`, with their headings.
pub const ITEMS: &[(&str, &str)] = &[
    ("20.1", "第二十条第（一）项"),
    ("20.5", "第二十条第（五）项"),
    ("20.6", "第二十条第（六）项"),
    ("20.8", "第二十条第（八）项"),
];

/// The row specs of [`CATEGORIES`], in order.
pub fn specs() -> Vec<RowSpec> {
    CATEGORIES.iter().map(|c| c.spec).collect()
}

/// Words that announce the 第二十条 table: its item headings, its first
/// column's header and the stems of its column labels (a label broken over
/// lines reads whole once white space is removed).
pub const HEADER_KEYS: &[&str] = &[
    "第二十条",
    "信息内容",
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "上一年项目数",
    "本年增",
    "处理决定数",
    "本年制发",
    "本年废止",
    "现行有效",
    "本年收费金额",
    "采购项目数",
    "采购总金额",
];

/// The column labels only the 2019 template's 第二十条 table prints (their
/// stems: exports cut labels short, 本年新 / 制作数量).
pub const GOV2019_COLUMNS: &[&str] = &[
    "本年新制作",
    "本年新公开",
    "对外公开总数",
    "上一年项目数",
    "本年增/减",
    "采购项目数",
    "采购总金额",
];

/// The column labels only the 2021 template's 第二十条 table prints (their
/// stems).
pub const GOV2021_COLUMNS: &[&str] = &[
    "本年制发",
    "本年废止",
    "现行有效",
    "本年处理决定",
    "本年收费金额",
];

/// The full column labels only `template`'s 第二十条 table prints, but
/// for procurement's (采购项目数量, 采购总金额, also said in prose) and those
/// the other's labels contain (处理决定数量 in 本年处理决定数量).
pub fn distinct_column_labels(template: Template) -> Vec<&'static str> {
    let labels = |t: Template| -> Vec<&'static str> {
        CATEGORIES
            .iter()
            .filter(|c| c.spec.code != PROCUREMENT)
            .filter_map(|c| c.columns(t))
            .flatten()
            .map(|col| col.label)
            .collect()
    };
    let other = if template == Template::Gov2021 {
        Template::Gov2019
    } else {
        Template::Gov2021
    };
    let (own, theirs) = (labels(template), labels(other));
    let mut out: Vec<&str> = own
        .into_iter()
        .filter(|l| !theirs.iter().any(|t| t.contains(l) || l.contains(t)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The words each template's section 二 and 三 print and the other's do
/// not: column labels of 第二十条, and the (六) rows of section 三.
pub const GOV2019_WORDS: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "其他对外管理服务事项",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
];

/// See [`GOV2019_WORDS`].
pub const GOV2021_WORDS: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年处理决定数量",
    "本年收费金额",
    "逾期不补正",
    "收费通知要求",
];
