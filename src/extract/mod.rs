//! Stage 3: normalised text → metadata, template and table cells.
//!
//! - [`layout`] turns any text layout into one token stream;
//! - [`rows`] groups tokens into labelled rows and finds a template table;
//! - [`cells`] fits a row's values to its columns (glued digits included);
//! - [`article20`] reads section 二 (第二十条) and its procurement item,
//!   [`applications`] section 三, [`reviews`] section 四;
//! - [`procurement`] reads procurement stated in prose;
//! - [`metadata`], [`classify`] and [`template`] read what the report is.

pub mod applications;
pub mod article20;
pub mod cells;
pub mod classify;
pub mod layout;
pub mod metadata;
pub mod procurement;
pub mod reviews;
pub mod rows;
pub mod simplified;
pub mod template;

use crate::model::{Diagnostic, Extraction, Severity, Status, Template};
use crate::validate;

/// Read one decoded, normalised document.
///
/// Everything is read on the document's Simplified projection (see
/// [`simplified`]); the names and the cells' raw text are then taken as
/// printed.
pub fn extract(printed: &str) -> Extraction {
    let projection = simplified::Projection::of(printed);
    let text = projection.text();
    let mut metadata = metadata::extract_metadata(text);
    if !projection.is_identity() {
        for name in [
            &mut metadata.title,
            &mut metadata.organ,
            &mut metadata.region,
            &mut metadata.index_number,
        ] {
            *name = name.as_deref().and_then(|n| projection.printed(n));
        }
    }
    let mut ex = Extraction::empty(Status::Ok);
    // Each section's table is found on its own, by its header and its rows;
    // a text without a word of any table's header or rows has none.
    let tokens = if TABLE_WORDS.iter().any(|w| text.contains(w)) {
        layout::tokenize_projection(&projection)
    } else {
        Vec::new()
    };
    let rows = rows::rows(&tokens);
    // Each section's rows, found once.
    let a20_chain = article20::table(&rows);
    let apps_any = applications::table_any(&rows);
    // Section 四's table is looked for only when the answers below need it.
    let reviews_found = std::cell::LazyCell::new(|| reviews::found(&tokens, 0));
    let tables = !a20_chain.is_empty() || !apps_any.is_empty() || *reviews_found;
    // Tables of the templates printed blank, with no number in any row: the
    // template itself, as a notice or a guide prints it, or a report whose
    // figures are elsewhere.
    let prints_numbers = a20_chain.iter().chain(&apps_any).any(|&(r, _)| {
        rows[r]
            .cells
            .iter()
            .any(|c| matches!(c, rows::Cell::Val(v) if v.number().is_some()))
    }) || *reviews_found;
    let found = classify::Found {
        tables,
        numbers: prints_numbers,
    };
    if let Some(reason) = classify::not_a_report_reason(text, &metadata, found) {
        ex.metadata = metadata;
        ex.status = Status::NotAReport;
        ex.diagnostics
            .push(Diagnostic::info("NOT_A_REPORT", reason));
        return ex;
    }
    // The text without spaces, for the few readings of prose that need it.
    let compact = std::cell::LazyCell::new(|| metadata::compact(text));
    ex.metadata = metadata;
    if ex.metadata.year.is_none() {
        ex.diagnostics.push(Diagnostic::warning(
            "YEAR_NOT_FOUND",
            "no year the report covers was found",
        ));
    }
    if let Some(named) = metadata::year_named_otherwise(text, &ex.metadata) {
        ex.diagnostics.push(Diagnostic::warning(
            "YEAR_CONFLICT",
            format!(
                "the statistics period covers {}, but the report names {named} as its year; the period's year was taken",
                ex.metadata.year.unwrap_or_default()
            ),
        ));
    }
    if ex.metadata.organ.is_none() {
        ex.diagnostics.push(Diagnostic::warning(
            "ORGAN_NOT_FOUND",
            "the reporting organ is not named",
        ));
    }

    // The template is what the tables print.
    // Section 二's columns first (they decide how its values read), then
    // section 三's (六) rows.
    let a20_template = article20::template_of(&rows, &a20_chain);
    let apps_template = applications::template_of(&apps_any);
    let template = match a20_template.or(apps_template) {
        Some(t) => t,
        None if tables => template::detect(&compact).unwrap_or_else(|| by_year(&ex.metadata)),
        None => template::detect_columns(&compact)
            .unwrap_or_else(|| classify::prose_template(text, &ex.metadata)),
    };
    ex.template = template;

    let mut complete = true;
    if matches!(template, Template::Gov2019 | Template::Gov2021) {
        // A section printed on the other template (reports that mix them)
        // is read with its own columns.
        let a20 = article20::read(&rows, &a20_chain, a20_template.unwrap_or(template));
        let apps = applications::read(&rows, &apps_any, apps_template.unwrap_or(template));
        let revs = reviews::read(&tokens, apps.last_row.map_or(0, |last| rows[last].end));

        note_missing(
            &mut ex.diagnostics,
            "proactive_disclosure",
            "二 (第二十条)",
            a20.found,
            a20.expected,
        );
        note_missing(
            &mut ex.diagnostics,
            "applications",
            "三",
            apps.found,
            apps.expected,
        );
        if !revs.found {
            ex.diagnostics.push(
                Diagnostic::warning(
                    "TABLE_NOT_FOUND",
                    "the table of section 四 (行政复议、行政诉讼) was not found",
                )
                .in_table("reviews"),
            );
        }
        complete = a20.found == a20.expected && apps.found == apps.expected && revs.found;

        ex.diagnostics.extend(a20.diagnostics);
        ex.diagnostics.extend(apps.diagnostics);
        ex.diagnostics.extend(revs.diagnostics);
        ex.diagnostics.extend(validate::applications(&apps.cells));
        ex.diagnostics.extend(validate::reviews(&revs.cells));
        ex.proactive = a20.cells;
        ex.applications = apps.cells;
        ex.reviews = revs.cells;
        ex.procurement = a20.procurement;
    } else if template == Template::Unknown {
        complete = false;
        ex.diagnostics.push(Diagnostic::warning(
            "TEMPLATE_UNKNOWN",
            "no table vocabulary of either official template was found, yet the report is not an old prose report",
        ));
    }
    if ex.procurement.is_none() && template != Template::Gov2021 {
        ex.procurement = procurement::from_prose(&compact);
    }
    if let Some(p) = &ex.procurement {
        if p.amount_unit_inferred {
            ex.diagnostics.push(
                Diagnostic::info(
                    "AMOUNT_UNIT_INFERRED",
                    "the procurement amount prints no unit; taken as 万元 below 10,000 and as 元 from 10,000 up",
                )
                .in_table("procurement"),
            );
        }
    }
    let troubled = ex
        .diagnostics
        .iter()
        .any(|d| d.severity <= Severity::Warning && d.code != "ORGAN_NOT_FOUND");
    ex.status = if complete && !troubled {
        Status::Ok
    } else {
        Status::Partial
    };
    ex
}

/// Words one of which every table of the templates prints: 第二十条's
/// headings and first column, section 三's header and first rows, section
/// 四's outcomes. (Prose says 予以公开 too often to be one of them.)
const TABLE_WORDS: &[&str] = &[
    "第二十条",
    "信息内容",
    "申请人情况",
    "本年新收",
    "上年结转",
    "结果维持",
    "尚未审结",
];

/// A template report whose tables do not tell which template they are and
/// whose text names neither's words: the template in force in its year.
fn by_year(metadata: &crate::model::Metadata) -> Template {
    match metadata.year {
        Some(y) if y >= 2021 => Template::Gov2021,
        _ => Template::Gov2019,
    }
}

fn note_missing(
    diagnostics: &mut Vec<Diagnostic>,
    table: &'static str,
    section: &str,
    found: usize,
    expected: usize,
) {
    if found == 0 {
        diagnostics.push(
            Diagnostic::warning(
                "TABLE_NOT_FOUND",
                format!("the table of section {section} was not found"),
            )
            .in_table(table),
        );
    } else if found < expected {
        diagnostics.push(
            Diagnostic::warning(
                "ROWS_MISSING",
                format!("{found} of the {expected} rows of section {section}'s table were found"),
            )
            .in_table(table),
        );
    }
}
