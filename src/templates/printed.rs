//! Words of the templates' tables as they are printed, for a reader that
//! must tell a table from other text before any row is matched: the PDF
//! reader keeps a grid that holds one of [`TABLE_WORDS`], and in a table
//! drawn without rulings takes a label line that begins with one of
//! [`ROW_STARTS`] for a possible row of its own.

/// Labels of the templates' tables (and their frequent variants): a grid
/// with one of them in it is a table to keep.
pub const TABLE_WORDS: &[&str] = &[
    "信息内容",
    "第二十条",
    "规章",
    "规范性文件",
    "行政许可",
    "行政处罚",
    "行政强制",
    "收费",
    "采购",
    "申请人",
    "自然人",
    "法人",
    "新收",
    "结转",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "总计",
    "合计",
    "行政复议",
    "行政诉讼",
    "维持",
    "纠正",
    "审结",
    "办理结果",
];

/// How the rows of the templates' tables begin, their numbering left
/// out: a label line of a table without rulings that begins with one of
/// them (or with numbering) may begin a row of its own, a row without
/// numbers, rather than continue the label above it.
pub const ROW_STARTS: &[&str] = &[
    "规章",
    "规范性文件",
    "行政规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "本年新收",
    "上年结转",
    "本年度办理结果",
    "予以公开",
    "部分公开",
    "不予公开",
    "无法提供",
    "不予处理",
    "其他处理",
    "结转下年度继续办理",
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
    "本机关不掌握相关政府信息",
    "没有现成信息需要另行制作",
    "补正后申请内容仍不明确",
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
    "申请人无正当理由逾期不补正",
    "申请人逾期未按收费通知要求缴纳费用",
    "总计",
    "合计",
];

/// Labels of section 三's cells that span a group of rows and print no
/// values of their own, in both templates (`（六）其他处理` spans rows in
/// 2021 only: in 2019 it is a row of its own). Text of theirs beside
/// numbers, and nothing else, is no row's label.
pub const GROUP_LABELS: &[&str] = &[
    "三、本年度办理结果",
    "（三）不予公开",
    "（四）无法提供",
    "（五）不予处理",
];

/// How many values a row of the template's table prints, when `labels`
/// (white space removed, full-width forms folded) name rows of it: two
/// rows of section 三's table (see [`names_applications_row`]) make it
/// that table, whose rows print one value per applicant column.
pub fn values_per_row(labels: &[String]) -> Option<usize> {
    let named = super::section3::ROWS
        .iter()
        .filter(|r| labels.iter().any(|l| names(r, l)))
        .count();
    (named >= 2).then_some(super::section3::APPLICANT_COLUMNS.len())
}

/// Whether `label` (white space removed, full-width forms folded) names
/// a row of section 三's table: by one of its words of four characters or
/// more, or, for its (七) row, a short label ending with that row's word
/// (`（七）总计`). Such a row's last value is the sum of the others (总计
/// of the applicant columns).
pub fn names_applications_row(label: &str) -> bool {
    super::section3::ROWS.iter().any(|r| names(r, label))
}

/// Whether `label` names `row` of section 三 (see
/// [`names_applications_row`]).
fn names(row: &super::RowSpec, label: &str) -> bool {
    row.keys
        .iter()
        .any(|k| k.chars().count() >= 4 && label.contains(k))
        || (row.code == "total"
            && label.chars().count() <= 8
            && row.keys.iter().any(|k| label.ends_with(k)))
}

/// How many values a row prints under a header whose words (white space
/// removed) are section 三's: its cell spanning the applicant columns,
/// `申请人情况`, names no other table.
pub fn values_under_applicant_header(words: &str) -> Option<usize> {
    words
        .contains("申请人情况")
        .then_some(super::section3::APPLICANT_COLUMNS.len())
}

/// How many values the row of numbers under a header prints, when the
/// header's words (white space removed) name the template's table that
/// is one such row: section 四's, three proceedings of five cells.
pub fn values_under_header(words: &str) -> Option<usize> {
    ["行政复议", "行政诉讼"]
        .iter()
        .any(|w| words.contains(w))
        .then_some(super::section4::CELLS)
}

/// Whether `words` (white space removed, folded) name a column of a
/// template's table header: a line of a header, not of a row.
pub fn names_header(words: &str) -> bool {
    [
        super::section2::HEADER_KEYS,
        super::section3::HEADER_KEYS,
        super::section4::HEADER_KEYS,
    ]
    .iter()
    .any(|keys| keys.iter().any(|k| words.contains(k)))
}

/// Labels of the templates that begin with 无, a character that is also
/// printed for a blank cell: a line holding only 无 before a line that
/// goes on with one of them (无 | 法提供, a label cut over lines) is text.
pub const LABELS_OPENING_WITH_WU: &[&str] = &["无法提供", "无正当理由"];

/// The text after a leading numbering: `（一）`, `(1)`, `一、`, `1.`, `1、`.
pub fn strip_numbering(s: &str) -> &str {
    let numeral = |c: char| c.is_ascii_digit() || "一二三四五六七八九十".contains(c);
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix(['(', '（']) {
        let inner = rest.trim_start_matches(numeral);
        if inner.len() < rest.len() {
            if let Some(after) = inner.strip_prefix([')', '）']) {
                return after;
            }
        }
        return t;
    }
    let rest = t.trim_start_matches(numeral);
    if rest.len() < t.len() {
        if let Some(after) = rest.strip_prefix(['、', '.', '．']) {
            return after;
        }
    }
    t
}
