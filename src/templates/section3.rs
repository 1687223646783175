//! Section 三 收到和处理政府信息公开申请情况 → `applications`: rows of
//! outcomes by seven applicant columns. Both templates print the same rows
//! but for (六): one row in 2019, three in 2021.

use super::{Column, In, RowSpec};

/// The table's name in the dataset.
pub const TABLE: &str = "applications";

/// The applicant columns, in printed order; the last is the row's 总计.
pub const APPLICANT_COLUMNS: [Column; 7] = [
    col("natural_person", "自然人"),
    col("commercial_enterprise", "法人或其他组织 · 商业企业"),
    col("research_institution", "法人或其他组织 · 科研机构"),
    col(
        "social_welfare_organization",
        "法人或其他组织 · 社会公益组织",
    ),
    col(
        "legal_service_organization",
        "法人或其他组织 · 法律服务机构",
    ),
    col("other_organization", "法人或其他组织 · 其他"),
    col("total", "总计"),
];

/// The applicant codes, in printed order.
pub const APPLICANTS: [&str; 7] = {
    let mut codes = [""; 7];
    let mut i = 0;
    while i < codes.len() {
        codes[i] = APPLICANT_COLUMNS[i].code;
        i += 1;
    }
    codes
};

/// Words of the table's header (申请人情况 / 自然人 / 法人或其他组织 …).
pub const HEADER_KEYS: &[&str] = &[
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
];

const fn col(code: &'static str, label: &'static str) -> Column {
    Column { code, label }
}

const fn row(code: &'static str, label: &'static str, keys: &'static [&'static str]) -> RowSpec {
    RowSpec {
        code,
        label,
        keys,
        at_end: false,
        printed_in: In::Both,
    }
}

/// Every row of either template, in printed order.
pub const ROWS: &[RowSpec] = &[
    row(
        "new_received",
        "一、本年新收政府信息公开申请数量",
        &["本年新收", "新收政府信息公开申请"],
    ),
    row(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        &["上年结转", "上年度结转"],
    ),
    row("granted", "三（一）予以公开", &["予以公开"]),
    row("partially_granted", "三（二）部分公开", &["部分公开"]),
    row(
        "denied_state_secret",
        "三（三）不予公开 1.属于国家秘密",
        &["国家秘密"],
    ),
    row(
        "denied_prohibited_by_law",
        "三（三）2.其他法律行政法规禁止公开",
        &["禁止公开", "行政法规禁止"],
    ),
    row(
        "denied_endangers_security_stability",
        "三（三）3.危及“三安全一稳定”",
        &["三安全一稳定", "危及"],
    ),
    row(
        "denied_third_party_rights",
        "三（三）4.保护第三方合法权益",
        &["第三方合法权益", "第三方"],
    ),
    row(
        "denied_internal_affairs",
        "三（三）5.属于三类内部事务信息",
        &["内部事务"],
    ),
    row(
        "denied_process_information",
        "三（三）6.属于四类过程性信息",
        &["过程性信息", "过程性"],
    ),
    row(
        "denied_law_enforcement_files",
        "三（三）7.属于行政执法案卷",
        &["执法案卷"],
    ),
    row(
        "denied_administrative_query",
        "三（三）8.属于行政查询事项",
        &["查询事项"],
    ),
    row(
        "unavailable_not_held",
        "三（四）无法提供 1.本机关不掌握相关政府信息",
        &["不掌握相关", "不掌握"],
    ),
    row(
        "unavailable_needs_creation",
        "三（四）2.没有现成信息需要另行制作",
        &["另行制作", "没有现成信息"],
    ),
    row(
        "unavailable_unclear_after_correction",
        "三（四）3.补正后申请内容仍不明确",
        &["仍不明确", "补正后申请内容"],
    ),
    row(
        "not_processed_petition",
        "三（五）不予处理 1.信访举报投诉类申请",
        &["信访举报", "投诉类"],
    ),
    row(
        "not_processed_duplicate",
        "三（五）2.重复申请",
        &["重复申请"],
    ),
    row(
        "not_processed_publication",
        "三（五）3.要求提供公开出版物",
        &["公开出版物", "出版物"],
    ),
    row(
        "not_processed_excessive",
        "三（五）4.无正当理由大量反复申请",
        &["大量反复"],
    ),
    row(
        "not_processed_confirmation",
        "三（五）5.要求行政机关确认或重新出具已获取信息",
        &["重新出具", "确认或重新"],
    ),
    RowSpec {
        code: "other",
        label: "三（六）其他处理",
        keys: &["其他处理", "(六)其他"],
        at_end: true,
        printed_in: In::Gov2019,
    },
    RowSpec {
        printed_in: In::Gov2021,
        ..row(
            "other_no_correction",
            "三（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            &["逾期不补正", "不补正"],
        )
    },
    RowSpec {
        printed_in: In::Gov2021,
        ..row(
            "other_unpaid_fee",
            "三（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            &["收费通知", "缴纳费用"],
        )
    },
    RowSpec {
        code: "other_misc",
        label: "三（六）3.其他",
        keys: &["其他"],
        at_end: true,
        printed_in: In::Gov2021,
    },
    row("total", "三（七）总计", &["总计", "合计"]),
    row(
        "carried_forward",
        "四、结转下年度继续办理",
        &["结转下年度", "转下年度"],
    ),
];

/// Is this row one of (一)–(六), whose sum is (七)总计?
pub fn is_detail_row(row: &str) -> bool {
    !matches!(
        row,
        "new_received" | "carried_over" | "total" | "carried_forward"
    )
}
