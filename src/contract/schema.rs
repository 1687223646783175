//! The schema of every table, with each column's description (written into
//! each Parquet field's metadata, and the data dictionary's source).

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema};

use super::TABLES;

fn field(name: &str, data_type: DataType, nullable: bool, description: &str) -> Field {
    Field::new(name, data_type, nullable).with_metadata([("description", description)])
}

fn utf8(name: &str, nullable: bool, description: &str) -> Field {
    field(name, DataType::Utf8, nullable, description)
}

fn report_id_field() -> Field {
    utf8(
        "report_id",
        false,
        "stable id: hex of a content hash of the raw bytes; joins to reports",
    )
}

fn year_field() -> Field {
    field(
        "year",
        DataType::Int32,
        true,
        "the year the report covers (not the year it was published); null when unknown",
    )
}

/// The item field of `duplicate_paths`.
pub fn duplicate_path_item() -> Arc<Field> {
    Arc::new(Field::new("item", DataType::Utf8, false))
}

pub fn reports_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        utf8("source_path", false, "path relative to the input root"),
        utf8(
            "member",
            true,
            "path inside an archive, when the document came from one",
        ),
        field(
            "duplicate_paths",
            DataType::List(duplicate_path_item()),
            false,
            "other places holding the same bytes (path or path!member), in path order",
        ),
        utf8("sha256", false, "sha256 of the raw bytes, hex"),
        field(
            "bytes",
            DataType::Int64,
            false,
            "size of the raw document in bytes",
        ),
        utf8(
            "format",
            false,
            "text, html, docx (or what was recognised and not read)",
        ),
        utf8(
            "encoding",
            false,
            "encoding the bytes were decoded from (UTF-8, GB18030, ...)",
        ),
        utf8("title", true, "the report's title as printed"),
        utf8(
            "organ",
            true,
            "the reporting organ as named in the document",
        ),
        utf8(
            "region",
            true,
            "the enclosing county/district/city where the document names it",
        ),
        utf8(
            "region_code",
            true,
            "the six-digit administrative division code (行政区划代码, GB/T 2260 layout, 2023 \
             list) of the place the document's own organ, region and title name, e.g. 610925 \
             for 岚皋县: the key statistical yearbooks use, to join other tables on; null unless \
             those names pin exactly one division (a township alone, 朝阳区 without its city, a \
             renamed or unknown place); a township's report gets its county's code",
        ),
        utf8(
            "province",
            true,
            "full name of the province-level division of region_code (陕西省, 北京市, \
             广西壮族自治区); null when region_code is",
        ),
        utf8(
            "prefecture",
            true,
            "full name of the prefecture-level division of region_code (安康市), when the place \
             is one or lies in one; null for a province, a municipality's districts and \
             province-administered county-level cities",
        ),
        utf8(
            "county",
            true,
            "full name of the county-level division of region_code (岚皋县, 汉滨区, 兴平市), \
             when the place is one; null for a province or a prefecture",
        ),
        year_field(),
        field(
            "publish_date",
            DataType::Date32,
            true,
            "publication date where the page shows one",
        ),
        utf8("index_number", true, "索引号 where the page shows one"),
        utf8("template", false, "gov2019, gov2021, narrative, unknown"),
        utf8("status", false, "ok, partial, not_a_report, failed"),
        field(
            "n_errors",
            DataType::Int32,
            false,
            "diagnostics of severity error",
        ),
        field(
            "n_warnings",
            DataType::Int32,
            false,
            "diagnostics of severity warning (cross-report ones included)",
        ),
        utf8(
            "organ_key",
            true,
            "the organ, matched across years: SCOPE|NAME (county-level place from the path \
             or the region, then the name without that place, spaces or 人民政府); null when \
             the organ cannot be located",
        ),
        field(
            "canonical",
            DataType::Boolean,
            false,
            "false when another document of the same organ and year is kept instead \
             (see the REPOST diagnostic)",
        ),
    ])
}

/// Every table's name and schema, in the order of [`TABLES`].
pub fn schemas() -> Vec<(&'static str, Schema)> {
    vec![
        (TABLES[0].0, reports_schema()),
        (TABLES[1].0, proactive_schema()),
        (TABLES[2].0, applications_schema()),
        (TABLES[3].0, reviews_schema()),
        (TABLES[4].0, procurement_schema()),
        (TABLES[5].0, diagnostics_schema()),
    ]
}

pub fn proactive_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8("item", false, "第二十条 item: 20.1, 20.5, 20.6, 20.8"),
        utf8(
            "category",
            false,
            "what the row counts, e.g. regulations, administrative_penalty",
        ),
        utf8(
            "metric",
            false,
            "which column of the template, e.g. new_made, issued, decisions",
        ),
        field(
            "value",
            DataType::Float64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

pub fn applications_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8(
            "row",
            false,
            "section 三 row code, e.g. new_received, granted, total",
        ),
        utf8(
            "applicant",
            false,
            "applicant column code, e.g. natural_person, total",
        ),
        field(
            "value",
            DataType::Int64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

pub fn reviews_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        utf8(
            "proceeding",
            false,
            "reconsideration, litigation_direct, litigation_after_reconsideration",
        ),
        utf8("outcome", false, "upheld, corrected, other, pending, total"),
        field(
            "value",
            DataType::Int64,
            true,
            "the number; null where blank or unreadable",
        ),
        utf8("raw", false, "the cell's text as printed, trimmed"),
    ])
}

pub fn procurement_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        year_field(),
        field("project_count", DataType::Int64, true, "采购项目数量"),
        utf8("amount_raw", true, "the amount as printed, unit included"),
        utf8("amount_unit", false, "wan_yuan, yuan, or unspecified"),
        field("amount_yuan", DataType::Float64, true, "the amount in yuan"),
        field(
            "amount_unit_inferred",
            DataType::Boolean,
            false,
            "true when the unit was not printed and was inferred from the amount's size",
        ),
        utf8("source", false, "table or narrative"),
    ])
}

pub fn diagnostics_schema() -> Schema {
    Schema::new(vec![
        report_id_field(),
        utf8("severity", false, "error, warning, info"),
        utf8(
            "code",
            false,
            "stable SCREAMING_SNAKE_CASE code, documented in the README",
        ),
        utf8("table", true, "which table it concerns"),
        utf8("location", true, "row/column codes or a line number"),
        utf8("message", false, "one sentence a person understands"),
    ])
}
