//! The data dictionary, made from the tables' own schemas so that it cannot
//! drift from the files: `ogi dictionary` prints it, and `docs/DATASET.md`
//! is its output (a test checks that they agree).

use std::fmt::Write as _;

use arrow_schema::DataType;

use super::schema::schemas;

/// Every diagnostic code: code, severity, meaning.
pub const DIAGNOSTIC_CODES: &[(&str, &str, &str)] = &[
    ("IDENTITY_BROKEN", "error", "the printed numbers break a 勾稽关系 identity (一+二 = 七+四, 七 = sum of (一)–(六), 总计 = sum of the columns, a 总计 of section 四 = sum of its outcomes); the numbers stay as printed"),
    ("GLUED_CELLS_RESOLVED", "info", "digits of several cells were glued together; exactly one reading satisfies the identities, and that reading was taken"),
    ("GLUED_CELLS_AMBIGUOUS", "warning", "glued digits have several readings that satisfy the identities; the cells are null"),
    ("GLUED_CELLS_UNPROVEN", "warning", "digits of several cells are glued together in a row no printed identity checks (section 二, procurement): however few the ways to cut them (unless GLUED_ZEROS_CUT), nothing proves one; the cells are null"),
    ("GLUED_ZEROS_CUT", "info", "a run of glued digits whose every digit but the last is 0 (000, 05) fills its row's columns one digit a cell: no number but 0 begins with 0, so no other reading exists, whichever cells were blank; it was read so"),
    ("YEAR_CONFLICT", "warning", "the statistics period covers one year and the report's title (or, without one, a sentence naming the report) another: a period copied from the year before, or a title naming the year of publication; the year is the period's"),
    ("COLUMNS_OF_OTHER_TEMPLATE", "info", "an item of the 第二十条 table prints the other template's column labels (a report that mixes the templates): its rows were read with those columns and their metric codes"),
    ("ROW_ALIGNED_RIGHT", "warning", "a delimited row printed fewer cells than columns (merged label cells collapse on the left); its cells were read as the last columns"),
    ("ROW_UNREADABLE", "warning", "a row's values cannot be fitted to its columns (too many, too few); the cells are null"),
    ("UNIT_MISMATCH", "warning", "a section-二 cell prints a unit its column does not use (元 in the 万元 fee column); null"),
    ("VALUE_NOT_A_COUNT", "warning", "a count cell holds a number that is not whole; null"),
    ("ROWS_MISSING", "warning", "some rows of a table were not found"),
    ("TABLE_NOT_FOUND", "warning", "a table of the template was not found"),
    ("TEMPLATE_UNKNOWN", "warning", "a report of the template era with no table vocabulary in its text (an excerpt, tables as images)"),
    ("YEAR_NOT_FOUND", "warning", "the year the report covers was not found"),
    ("ORGAN_NOT_FOUND", "warning", "the reporting organ was not found"),
    ("AMOUNT_UNIT_INFERRED", "info", "the procurement amount prints no unit: below 10,000 taken as 万元, from 10,000 up as 元"),
    ("NOT_A_REPORT", "info", "the document is not an annual report; the message says what it is"),
    ("EMPTY_DOCUMENT", "error", "nothing to read: the file is empty or blank"),
    ("BINARY_DOCUMENT", "error", "nothing to read: the bytes are not text"),
    ("FORMAT_NOT_READ", "error", "recognised but not read (.doc, images)"),
    ("DOCX_UNREADABLE", "error", "a Word file whose XML cannot be read"),
    ("PDF_NO_TEXT", "error", "a PDF whose pages draw no text: scanned pages or images only (no OCR is done)"),
    ("PDF_ENCRYPTED", "error", "a PDF that needs a password to be opened; not read"),
    ("PDF_CORRUPT", "error", "a PDF that cannot be read, even by scanning its objects (truncated, damaged); the message says what failed"),
    ("PDF_TOO_LARGE", "error", "a PDF past one of the [pdf] limits of pipeline.toml (pages, objects, inflated stream bytes, glyphs, drawing operations); not read"),
    ("PDF_TEXT_UNSURE", "warning", "some characters of a PDF have no text in the file (a font without a map to Unicode); they are written as U+FFFD, and a table row holding one is left null (ROW_UNREADABLE)"),
    ("PDF_TABLE_UNSURE", "warning", "a PDF table drawn without rulings in which the row or cell of some numbers cannot be told (labels wrapped over several lines, numbers wrapped in their cells or cut by a page break): the rows of those numbers are left null (ROW_UNREADABLE)"),
    ("DECODE_ERRORS", "warning", "bytes invalid in the detected encoding were replaced"),
    ("ENCODING_MISMATCH", "warning", "an HTML page declares a charset its bytes are not in; the detected one was used"),
    ("FILE_TOO_LARGE", "error", "larger than input.max_file_bytes; not read"),
    ("READ_FAILED", "error", "the file could not be read (permissions, I/O)"),
    ("FILE_CHANGED", "error", "the file (or archive member) changed between the build's two passes: other bytes, grown past input.max_file_bytes, or replaced by a FIFO, a device or a symbolic link; not read"),
    ("DOCUMENT_BUDGET_SPENT", "error", "reading the document took more than run.document_budget steps of work (hostile input: thousands of glued digits, tables nested without end); not read"),
    ("EMPTY_ARCHIVE", "error", "an archive with no documents"),
    ("ARCHIVE_CORRUPT", "error", "an archive that cannot be read (members read before the damage are kept)"),
    ("MEMBER_TOO_LARGE", "error", "an archive member larger than [archive] max_member_bytes; not read, the rest of the archive is"),
    ("COMPRESSION_RATIO", "error", "an archive member that inflates beyond [archive] max_ratio (a zip bomb); not read"),
    ("TOO_MANY_MEMBERS", "error", "an archive with more members than [archive] max_members; the rest are not read"),
    ("NESTED_TOO_DEEP", "error", "archives nested deeper than [archive] max_depth; not read"),
    ("MEMBER_UNREADABLE", "error", "an archive member that cannot be decompressed"),
    ("ENCRYPTED_MEMBER", "error", "an encrypted archive member; not read"),
    ("MEMBER_NOT_A_FILE", "error", "an archive member that is a symbolic or hard link, a device or a FIFO: named as data, never followed or made; not read"),
    ("REPOST", "info", "cross-report: another document of the same organ and year exists and is kept as canonical (location canonical/REPORT_ID); this one has canonical = false"),
    ("CARRY_MISMATCH", "warning", "cross-report: this year's 上年结转 (carried_over) differs from the same organ's previous-year 结转下年度 (carried_forward) in one applicant column (location carried_over/APPLICANT)"),
    ("YEAR_GAP", "info", "cross-report: the organ has no report for the years in location years/FROM-TO, between two years it has"),
];

/// `reports.status`: defined by the contract, not by the templates.
const STATUS: &[(&str, &str)] = &[
    (
        "ok",
        "every table of the template found, every identity holds",
    ),
    (
        "partial",
        "something missing or inconsistent: see diagnostics",
    ),
    (
        "not_a_report",
        "a notice, guide, regulation, navigation page, …",
    ),
    (
        "failed",
        "could not be read: empty, binary, a format not read, a corrupt archive",
    ),
];

/// The other codes the contract defines: (table.column, [(code, meaning)]).
const CONTRACT_CODES: &[(&str, &[(&str, &str)])] = &[
    (
        "procurement.amount_unit",
        &[
            ("wan_yuan", "万元, printed in the cell or its header"),
            ("yuan", "元, printed in the cell or its header"),
            ("unspecified", "no unit printed (see amount_unit_inferred)"),
        ],
    ),
    (
        "procurement.source",
        &[
            ("table", "第二十条第（九）项 table"),
            ("narrative", "stated in prose"),
        ],
    ),
    (
        "diagnostics.severity",
        &[
            (
                "error",
                "the report's figures or the file itself are in doubt",
            ),
            (
                "warning",
                "something is missing or could not be read for sure",
            ),
            ("info", "worth knowing; nothing is wrong with the values"),
        ],
    ),
];

/// A code and what it means or the label that prints it.
type Coded = (&'static str, String);

/// The codes of every categorical column with the labels printed in the
/// reports: (table.column, [(code, label)]). The templates' codes and
/// labels come from `templates/`, where they are defined once.
pub fn value_codes() -> Vec<(&'static str, Vec<Coded>)> {
    use crate::templates::{section2, section3, section4, Column, In, Template};
    let plain = |codes: &[(&'static str, &'static str)]| -> Vec<Coded> {
        codes.iter().map(|(c, l)| (*c, (*l).to_string())).collect()
    };
    let columns = |cols: &[Column]| -> Vec<Coded> {
        cols.iter().map(|c| (c.code, c.label.to_string())).collect()
    };
    let noted = |spec: &crate::templates::RowSpec| {
        (
            spec.code,
            format!("{}{}", spec.label, spec.printed_in.note()),
        )
    };
    // Each metric's labels, and which templates print it.
    let mut metrics: Vec<(&'static str, Vec<&'static str>, [bool; 2])> = Vec::new();
    for (k, t) in [Template::Gov2019, Template::Gov2021]
        .into_iter()
        .enumerate()
    {
        let printed = section2::CATEGORIES
            .iter()
            .filter(|c| c.spec.code != section2::PROCUREMENT)
            .filter_map(|c| c.columns(t))
            .flatten();
        for col in printed {
            let at = match metrics.iter().position(|m| m.0 == col.code) {
                Some(at) => at,
                None => {
                    metrics.push((col.code, Vec::new(), [false; 2]));
                    metrics.len() - 1
                }
            };
            let (_, labels, templates) = &mut metrics[at];
            if !labels.contains(&col.label) {
                labels.push(col.label);
            }
            templates[k] = true;
        }
    }
    let metrics = metrics
        .into_iter()
        .map(|(code, labels, templates)| {
            let printed_in = match templates {
                [true, false] => In::Gov2019,
                [false, true] => In::Gov2021,
                _ => In::Both,
            };
            (code, format!("{}{}", labels.join(" / "), printed_in.note()))
        })
        .collect();
    let mut out = vec![
        ("reports.template", plain(Template::CODES)),
        ("reports.status", plain(STATUS)),
        ("proactive_disclosure.item", plain(section2::ITEMS)),
        (
            "proactive_disclosure.category",
            section2::CATEGORIES
                .iter()
                .filter(|c| c.spec.code != section2::PROCUREMENT)
                .map(|c| noted(&c.spec))
                .collect(),
        ),
        ("proactive_disclosure.metric", metrics),
        (
            "applications.row",
            section3::ROWS.iter().map(noted).collect(),
        ),
        (
            "applications.applicant",
            columns(&section3::APPLICANT_COLUMNS),
        ),
        ("reviews.proceeding", columns(&section4::PROCEEDINGS)),
        ("reviews.outcome", columns(&section4::OUTCOMES)),
    ];
    out.extend(
        CONTRACT_CODES
            .iter()
            .map(|(name, codes)| (*name, plain(codes))),
    );
    out
}

fn type_name(t: &DataType) -> String {
    match t {
        DataType::Utf8 => "Utf8".into(),
        DataType::Int32 => "Int32".into(),
        DataType::Int64 => "Int64".into(),
        DataType::Float64 => "Float64".into(),
        DataType::Boolean => "Boolean".into(),
        DataType::Date32 => "Date".into(),
        DataType::List(item) => format!("List({})", type_name(item.data_type())),
        other => format!("{other}"),
    }
}

/// The dictionary as Markdown.
pub fn render() -> String {
    let mut out = String::new();
    out.push_str(
        "# The ogi dataset: data dictionary\n\n\
         Generated by `ogi dictionary` from the tables' schemas; do not edit by hand.\n\
         Each Parquet file carries the same column descriptions in its fields' metadata\n\
         (`description`).\n\n\
         A build is one folder: one Parquet file per table and `manifest.json` (every table's\n\
         file, row count and sha256; the ogi and parser versions; the digests of the\n\
         configuration and of the input; the counts of cross-report findings).\n\n\
         ## Keys, units and nulls\n\n\
         - `report_id` is the first 32 hex digits of the sha256 of the document's raw bytes\n  \
         (`unread-…`, a hash of its place, for a document that could not be read at all);\n  \
         every fact row carries `report_id` and `year`, so a table can be used without a join.\n\
         - Counts are whole numbers of applications, items or cases; `fee_amount_wan_yuan` is in\n  \
         万元; `procurement.amount_yuan` is in 元 (converted from the printed unit).\n\
         - `value` is null where the report prints a blank (`-`, `—`, `/`, `无`, an empty cell)\n  \
         or where ogi could not read the cell for sure (a diagnostic says why); a cell the report\n  \
         does not print has no row. A value is never guessed.\n\n\
         ## Places as codes\n\n\
         `reports.region_code` is the six-digit division code (行政区划代码) of the place the\n\
         report's own organ, region and title name, from the official division list in\n\
         `assets/divisions` (its README gives the source, edition and licence;\n\
         `scripts/update-divisions` updates it). It is set only where those names pin exactly\n\
         one division; otherwise it is null and `organ` and `region` keep the names as printed.\n\
         `province`, `prefecture` and `county` are the list's full names for the code.\n\n\
         - A code says where the reporting organ sits: a county's bureaus and its towns get the\n  \
         county's code. A report's figures are that organ's, not the division's total.\n\
         - Join on `region_code` as text, never as a number, to any table keyed by the same\n  \
         codes (statistical yearbooks are). To roll counties up to their prefecture, group by\n  \
         `prefecture` (null for a municipality's districts and for the county-level cities\n  \
         a province governs directly).\n\
         - `scripts/examples/join_regions.py DIR` joins a build to a small table of\n  \
         populations by `region_code`, in polars and in DuckDB.\n\n\
         ## The identities (勾稽关系)\n\n\
         Checked in every report, never used to change a value; each broken one is an\n\
         `IDENTITY_BROKEN` diagnostic:\n\n\
         - section 三, every applicant column: `new_received + carried_over = total + carried_forward`\n  \
         (一 + 二 = 三(七) + 四);\n\
         - section 三, every row: the `total` column is the sum of the six applicant columns;\n\
         - section 三: row `total` (七、总计) is the sum of the outcome rows (一)–(六);\n\
         - section 四: each proceeding's `total` is the sum of its four outcomes.\n\n\
         Across reports (after all are read): an organ's `carried_over` equals its previous\n\
         year's `carried_forward`, per applicant (`CARRY_MISMATCH`).\n\n\
         ## Tables\n",
    );
    for (name, schema) in schemas() {
        let _ = write!(
            out,
            "\n### `{name}`\n\n| column | type | null | meaning |\n|---|---|---|---|\n"
        );
        for f in schema.fields() {
            let description = f
                .metadata()
                .get("description")
                .map(String::as_str)
                .unwrap_or("");
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} |",
                f.name(),
                type_name(f.data_type()),
                if f.is_nullable() { "yes" } else { "no" },
                description.replace('|', "\\|")
            );
        }
    }
    out.push_str("\n## Codes\n");
    for (column, codes) in value_codes() {
        let _ = write!(out, "\n### `{column}`\n\n| code | label |\n|---|---|\n");
        for (code, label) in codes {
            let _ = writeln!(out, "| `{code}` | {label} |");
        }
    }
    out.push_str("\n## Diagnostic codes\n\n| code | severity | meaning |\n|---|---|---|\n");
    for (code, severity, meaning) in DIAGNOSTIC_CODES {
        let _ = writeln!(out, "| `{code}` | {severity} | {meaning} |");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    #[test]
    fn docs_dataset_md_is_the_generated_dictionary() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DATASET.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == render(),
            "docs/DATASET.md is out of date: run `cargo run --release -- dictionary > docs/DATASET.md`"
        );
    }

    /// Every diagnostic code written anywhere in the sources is documented.
    #[test]
    fn every_code_in_the_sources_is_in_the_dictionary() {
        let documented: BTreeSet<&str> = DIAGNOSTIC_CODES.iter().map(|c| c.0).collect();
        let code = regex::Regex::new(r#""([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)""#).unwrap();
        let mut missing = BTreeSet::new();
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs")
                || entry.path().ends_with("dictionary.rs")
            {
                continue;
            }
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for c in code.captures_iter(&text) {
                let name = c.get(1).unwrap().as_str();
                let environment = ["OGI_", "POLARS_", "ARROW", "CARGO_"]
                    .iter()
                    .any(|p| name.starts_with(p));
                if !environment && !documented.contains(name) {
                    missing.insert(format!("{name} ({})", entry.path().display()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "undocumented diagnostic codes: {missing:?}"
        );
    }

    #[test]
    fn the_extractor_writes_only_documented_row_codes() {
        let rows: BTreeSet<&str> = value_codes()
            .into_iter()
            .find(|(c, _)| *c == "applications.row")
            .map(|(_, codes)| codes.iter().map(|c| c.0).collect())
            .unwrap();
        for spec in crate::templates::section3::ROWS {
            assert!(
                rows.contains(spec.code),
                "{} is not in the dictionary",
                spec.code
            );
        }
    }
}
