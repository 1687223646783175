//! Section 二: the 第二十条 table — items (一)(五)(六)(八) into
//! `proactive_disclosure`, and item (九) 政府集中采购 (2019 template) into
//! `procurement`.

use super::cells::{arrange, Arranged, Fit};
use super::rows::{cells_of, export_artifact, find_table, Cell, Row};
use crate::model::{Code, Diagnostic, ProactiveCell, Procurement, RawText, Template};
use crate::templates::section2::{
    specs, CATEGORIES, GOV2019_COLUMNS, GOV2021_COLUMNS, HEADER_KEYS, PROCUREMENT, TABLE,
};

/// What section 二 yielded.
#[derive(Default)]
pub struct Article20 {
    pub cells: Vec<ProactiveCell>,
    pub procurement: Option<Procurement>,
    pub diagnostics: Vec<Diagnostic>,
    /// Categories found (procurement included).
    pub found: usize,
    /// Categories the template has.
    pub expected: usize,
}

/// The rows of the 第二十条 table: (row index, category index). The
/// table's header is its evidence, so one row after it is a table (a report
/// may print item 九 alone).
pub fn table(rows: &[Row]) -> Vec<(usize, usize)> {
    find_table(rows, &specs(), HEADER_KEYS)
}

/// The template the 第二十条 table is printed on, from the table itself,
/// by a vote of what it prints: each column label only one template has,
/// each row whose cells fill exactly one template's columns (three in
/// 2019's items 五 and 六, one in 2021's), and, twice, each row only 2019
/// prints (其他对外管理服务事项, 政府集中采购). None when no table is found
/// or the vote is tied.
pub fn template_of(rows: &[Row], chain: &[(usize, usize)]) -> Option<Template> {
    let (&(first, _), &(last, _)) = (chain.first()?, chain.last()?);
    let text: String = rows[first..=last].iter().map(|r| r.own_label()).collect();
    let count = |words: &[&str]| words.iter().filter(|w| text.contains(*w)).count();
    let (mut old, mut new) = (count(GOV2019_COLUMNS), count(GOV2021_COLUMNS));
    let artifact = export_artifact(rows, chain, widest);
    for &(r, c) in chain {
        let category = &CATEGORIES[c];
        let (Some(g19), g21) = (
            category.columns(Template::Gov2019),
            category.columns(Template::Gov2021),
        ) else {
            continue;
        };
        let Some(g21) = g21 else {
            old += 2;
            continue;
        };
        if g19.len() != g21.len() {
            let fills = |n: usize| {
                matches!(
                    arrange(cells_of(&rows[r], artifact), n),
                    Arranged::Fit(Fit::Exact(_))
                )
            };
            old += usize::from(fills(g19.len()));
            new += usize::from(fills(g21.len()));
        }
    }
    match old.cmp(&new) {
        std::cmp::Ordering::Greater => Some(Template::Gov2019),
        std::cmp::Ordering::Less => Some(Template::Gov2021),
        std::cmp::Ordering::Equal => None,
    }
}

/// Whether a row prints no value: a header line of delimited empty fields.
fn is_blank(row: &Row) -> bool {
    row.cells.iter().all(|c| matches!(c, Cell::Empty))
}

/// The template whose columns an item's `header` names: the other one than
/// `template` where the header prints only that one's labels (a report that
/// mixes the templates), else `template`.
fn header_names(header: &str, template: Template) -> Template {
    let names = |labels: &[&str]| labels.iter().any(|l| header.contains(l));
    let (old, new) = (names(GOV2019_COLUMNS), names(GOV2021_COLUMNS));
    match (template, old, new) {
        (Template::Gov2021, true, false) => Template::Gov2019,
        (Template::Gov2019, false, true) => Template::Gov2021,
        _ => template,
    }
}

/// The most columns a row of category `c` has in either template.
fn widest(c: usize) -> usize {
    [Template::Gov2019, Template::Gov2021]
        .into_iter()
        .filter_map(|t| CATEGORIES[c].columns(t).map(<[_]>::len))
        .max()
        .unwrap_or(0)
}

/// Read the 第二十条 table (its rows `chain`, from [`table`]), its columns
/// those of `template`.
pub fn read(rows: &[Row], chain: &[(usize, usize)], template: Template) -> Article20 {
    let mut out = Article20 {
        expected: CATEGORIES
            .iter()
            .filter(|c| c.columns(template).is_some())
            .count(),
        ..Article20::default()
    };
    let artifact = export_artifact(rows, chain, widest);
    let mut previous_row = None;
    // The template whose columns the current item's own header names.
    let mut item_columns: Option<(&str, Template)> = None;
    for &(ri, si) in chain {
        // Where this row's own header text starts: after the previous row.
        let header_from = previous_row.map_or(ri, |p: usize| p + 1);
        previous_row = Some(ri);
        let category = CATEGORIES[si].spec.code;
        let item = CATEGORIES[si].item;
        if item_columns.is_none_or(|(i, _)| i != item) {
            // The text since the previous row: the item's heading and
            // header, then this row's own label. Above the table's first
            // row, header rows are rows of blank cells (a delimited header
            // line ends in empty fields).
            let mut from = header_from;
            if from == ri {
                while from > 0 && ri - from < 3 && is_blank(&rows[from - 1]) {
                    from -= 1;
                }
            }
            let header: String = rows[from..=ri].iter().map(|r| r.own_label()).collect();
            let named = header_names(&header, template);
            if named != template && CATEGORIES[si].columns(named).is_some() {
                out.diagnostics.push(
                    Diagnostic::info(
                        "COLUMNS_OF_OTHER_TEMPLATE",
                        format!(
                            "item {item}'s header names the {} template's columns, not the {} one's of the rest of the table; its rows were read with those",
                            named.code(),
                            template.code()
                        ),
                    )
                    .in_table(TABLE)
                    .at(format!("{item} (line {})", rows[ri].line)),
                );
            }
            item_columns = Some((item, named));
        }
        let row_template = item_columns.map_or(template, |(_, t)| t);
        let Some(metrics) = CATEGORIES[si]
            .columns(row_template)
            .or_else(|| CATEGORIES[si].columns(template))
        else {
            continue;
        };
        let row = &rows[ri];
        out.found += 1;
        let location = format!("{item} {category} (line {})", row.line);
        let printed = cells_of(row, artifact);
        // No identity holds in this table: digits glued together have no
        // reading that anything printed can prove, so they are not read.
        let fitted = match arrange(printed, metrics.len()) {
            Arranged::Fit(fit) => fit,
            Arranged::Glued(_) => {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "GLUED_CELLS_UNPROVEN",
                        format!(
                            "glued digits {} could be cut into {} cells, and no printed identity tells how; cells left null",
                            joined(printed),
                            metrics.len()
                        ),
                    )
                    .in_table(TABLE)
                    .at(&location),
                );
                continue;
            }
        };
        let cells = match fitted {
            Fit::Exact(c) => {
                // More values than were printed: runs of zeros were cut. (Fewer
                // cells are blank fields beyond the columns, dropped.)
                let values =
                    |cells: &[Cell]| cells.iter().filter(|c| matches!(c, Cell::Val(_))).count();
                if values(&c) > values(printed) {
                    out.diagnostics.push(
                        Diagnostic::info(
                            "GLUED_ZEROS_CUT",
                            format!(
                                "glued digits {} can only be read one digit a cell",
                                joined(printed)
                            ),
                        )
                        .in_table(TABLE)
                        .at(&location),
                    );
                }
                c.into_iter().map(Some).collect::<Vec<_>>()
            }
            Fit::RightAligned { cells, .. } => {
                // Nothing in this table can confirm where the missing cell was.
                out.diagnostics.push(
                    Diagnostic::warning(
                        "ROW_UNREADABLE",
                        format!(
                            "{} of {} cells printed ({}); which one is missing cannot be told; cells left null",
                            cells.len(),
                            metrics.len(),
                            joined(printed)
                        ),
                    )
                    .in_table(TABLE)
                    .at(&location),
                );
                continue;
            }
            // `arrange` never splits.
            Fit::Split(_) => continue,
            Fit::Unfit(why) => {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "ROW_UNREADABLE",
                        format!("{why} ({}); cells left null", joined(printed)),
                    )
                    .in_table(TABLE)
                    .at(&location),
                );
                continue;
            }
        };
        if category == PROCUREMENT {
            // The unit may stand in the item's header rows (采购总金额(单位:万元)),
            // which a delimited export can split from the row's own label.
            let header: String = rows[header_from..=ri]
                .iter()
                .map(|r| r.label.as_str())
                .collect();
            out.procurement = Some(procurement(&header, &cells));
            continue;
        }
        for (metric, cell) in metrics.iter().map(|m| m.code).zip(cells) {
            let Some(cell) = cell else { continue };
            let mut value = cell.number().and_then(|n| n.parse::<f64>().ok());
            // A unit printed in a cell must be the column's: 万元 in the fee
            // column of the 2021 template, none in the count columns.
            let unit = match &cell {
                Cell::Val(v) => v.unit,
                Cell::Empty => None,
            };
            let fits = match unit {
                None => true,
                Some(u) => metric == "fee_amount_wan_yuan" && u == "万元",
            };
            if !fits && value.is_some() {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "UNIT_MISMATCH",
                        format!(
                            "'{}' is printed in a unit the column does not use; left null",
                            cell.raw()
                        ),
                    )
                    .in_table(TABLE)
                    .at(format!("{location} {metric}")),
                );
                value = None;
            }
            out.cells.push(ProactiveCell {
                item,
                category,
                metric,
                value,
                raw: RawText::from(cell.raw()),
            });
        }
    }
    out
}

pub(crate) fn joined(cells: &[Cell]) -> String {
    cells
        .iter()
        .map(|c| if c.raw().is_empty() { "␣" } else { c.raw() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Item (九): project count and amount, with the unit from the cell or the
/// header (`采购总金额(单位:万元)`).
fn procurement(label: &str, cells: &[Option<Cell>]) -> Procurement {
    let count = cells.first().cloned().flatten();
    let amount = cells.get(1).cloned().flatten();
    let project_count = count
        .as_ref()
        .and_then(|c| c.number())
        .and_then(|n| n.parse::<i64>().ok());
    let header_unit = header_unit(label);
    let (amount_raw, number, cell_unit) = match &amount {
        Some(Cell::Val(v)) => (Some(v.raw.clone()), v.number().map(str::to_string), v.unit),
        _ => (None, None, None),
    };
    amount_in_yuan(
        project_count,
        amount_raw,
        number.as_deref(),
        cell_unit.or(header_unit),
        "table",
    )
}

/// The unit a header names: `(单位:万元)`, `(万元)`, `金额(元)`.
fn header_unit(label: &str) -> Option<&'static str> {
    let tail = &label[label.rfind("金额").unwrap_or(0)..];
    if tail.contains("万元") {
        Some("万元")
    } else if tail.contains("元") {
        Some("元")
    } else {
        None
    }
}

/// Build a procurement record, converting the amount to yuan. An amount with
/// no printed unit below 10,000 is taken as 万元, from 10,000 up as 元, and
/// flagged as inferred (dataset.md).
pub fn amount_in_yuan(
    project_count: Option<i64>,
    amount_raw: Option<String>,
    number: Option<&str>,
    unit: Option<&'static str>,
    source: &'static str,
) -> Procurement {
    let (amount_unit, amount_yuan, inferred) = match (number, unit) {
        (None, Some("万元")) => ("wan_yuan", None, false),
        (None, Some(_)) => ("yuan", None, false),
        (None, None) => ("unspecified", None, false),
        (Some(n), Some("万元")) => ("wan_yuan", shift_wan(n), false),
        (Some(n), Some(_)) => ("yuan", n.parse::<f64>().ok(), false),
        (Some(n), None) => match n.parse::<f64>() {
            Ok(v) if v.abs() < 10_000.0 => ("unspecified", shift_wan(n), true),
            Ok(v) => ("unspecified", Some(v), true),
            Err(_) => ("unspecified", None, false),
        },
    };
    Procurement {
        project_count,
        amount_raw,
        amount_unit,
        amount_yuan,
        amount_unit_inferred: inferred,
        source,
    }
}

/// 万元 → 元 by moving the decimal point, so that 44.7336 becomes exactly 447336.
fn shift_wan(n: &str) -> Option<f64> {
    let (neg, n) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n),
    };
    let (int, frac) = n.split_once('.').unwrap_or((n, ""));
    let mut frac = frac.to_string();
    while frac.len() < 4 {
        frac.push('0');
    }
    let shifted = format!("{int}{}.{}", &frac[..4], &frac[4..]);
    let v: f64 = shifted.trim_end_matches('.').parse().ok()?;
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::layout::tokenize;
    use crate::extract::rows::rows;

    fn read_text(text: &str, t: Template) -> Article20 {
        let r = rows(&tokenize(text));
        read(&r, &table(&r), t)
    }

    #[test]
    fn gov2019_rows_and_procurement_with_header_unit() {
        let a = read_text(
            "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t45\t1\t115\n行政事业性收费\t-\t-\t\n采购项目数量\t采购总金额(单位:万元)\t\n政府集中采购\t210\t540.4\t\n",
            Template::Gov2019,
        );
        assert_eq!(a.cells.len(), 8);
        let v = |cat: &str, m: &str| {
            a.cells
                .iter()
                .find(|c| c.category == cat && c.metric == m)
                .unwrap()
                .value
        };
        assert_eq!(v("normative_documents", "total_published"), Some(115.0));
        assert_eq!(v("administrative_fees", "change"), None);
        let p = a.procurement.unwrap();
        assert_eq!(
            (p.project_count, p.amount_unit, p.amount_yuan),
            (Some(210), "wan_yuan", Some(5_404_000.0))
        );
    }

    #[test]
    fn an_item_is_read_with_the_columns_its_own_header_names() {
        // A 2021 report whose item 一 keeps the 2019 header (cut short, as
        // exports print it), its other items the 2021 one.
        let mixed = "第二十条第(一)项\n信息内容 | 本年新 | 本年新 | 对外公开总数量\n规章 | 0 | 0 | 0\n规范性文件 | 4 | 3 | 12\n第二十条第(五)项\n信息内容 | 本年处理决定数量\n行政许可 | 2\n第二十条第(八)项\n信息内容 | 本年收费金额(单位:万元)\n行政事业性收费 | 0\n";
        let metrics = |a: &Article20, category: &str| -> Vec<(&str, Option<f64>)> {
            a.cells
                .iter()
                .filter(|c| c.category == category)
                .map(|c| (c.metric, c.value))
                .collect()
        };
        let a = read_text(mixed, Template::Gov2021);
        assert_eq!(
            metrics(&a, "normative_documents"),
            [
                ("new_made", Some(4.0)),
                ("new_published", Some(3.0)),
                ("total_published", Some(12.0))
            ]
        );
        assert_eq!(
            metrics(&a, "administrative_licensing"),
            [("decisions", Some(2.0))]
        );
        assert_eq!(
            metrics(&a, "administrative_fees"),
            [("fee_amount_wan_yuan", Some(0.0))]
        );
        let noted = |a: &Article20| {
            a.diagnostics
                .iter()
                .filter(|d| d.code == "COLUMNS_OF_OTHER_TEMPLATE")
                .count()
        };
        assert_eq!(noted(&a), 1);
        // The same table with the 2021 header throughout: its own columns,
        // nothing noted.
        let plain = mixed.replace(
            "本年新 | 本年新 | 对外公开总数量",
            "本年制发件数 | 本年废止件数 | 现行有效件数",
        );
        let a = read_text(&plain, Template::Gov2021);
        assert_eq!(
            metrics(&a, "normative_documents"),
            [
                ("issued", Some(4.0)),
                ("repealed", Some(3.0)),
                ("in_force", Some(12.0))
            ]
        );
        assert_eq!(noted(&a), 0);
        // Header lines ending in empty fields (rows of blank cells).
        let delimited = mixed.replace("对外公开总数量\n", "对外公开总数量 | |\n");
        let a = read_text(&delimited, Template::Gov2021);
        assert_eq!(
            metrics(&a, "normative_documents")[2],
            ("total_published", Some(12.0))
        );
        // A header naming both templates' labels proves neither.
        let both = mixed.replace("本年新 | 本年新", "本年制发件数 | 本年新");
        let a = read_text(&both, Template::Gov2021);
        assert_eq!(metrics(&a, "normative_documents")[0].0, "issued");
    }

    #[test]
    fn a_header_whose_labels_carry_notes_with_figures_is_a_header() {
        // 2019's labels with the notes a province added (指2019年事项数,
        // 如-8): each number there reads like one of a sentence.
        let header = "信息内容 | 上一年项目数量(指2019年事项数) | 本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8) | 处理决定数量(指2020年办件量) |";
        let text = format!(
            "第二十条第(五)项 |\n{header}\n行政许可 | 8 | 5 | 93 |\n第二十条第(六)项 |\n{header}\n行政处罚 | 90 | 0 | 22 |\n行政强制 | 4 | 4 | - |\n"
        );
        let a = read_text(&text, Template::Gov2019);
        let value = |category: &str, metric: &str| {
            a.cells
                .iter()
                .find(|c| c.category == category && c.metric == metric)
                .and_then(|c| c.value)
        };
        assert_eq!(value("administrative_licensing", "decisions"), Some(93.0));
        assert_eq!(
            value("administrative_penalty", "prior_year_count"),
            Some(90.0)
        );
        assert_eq!(value("administrative_coercion", "change"), Some(4.0));
        assert_eq!(value("administrative_coercion", "decisions"), None);
        // None of the header's figures is a cell.
        assert!(a
            .cells
            .iter()
            .all(|c| c.value != Some(2019.0) && c.value != Some(2020.0) && c.value != Some(-8.0)));
    }

    #[test]
    fn a_change_may_print_a_word_for_its_sign() {
        let a = read_text(
            "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量\n行政许可 | 421 | 增1423 | 1844\n其他对外管理服务事项 | 7 | 减0 | 7\n行政处罚 | 80 | 减38 | 42\n行政强制 | 5 | 增加3 | 8\n",
            Template::Gov2019,
        );
        let change = |category: &str| {
            a.cells
                .iter()
                .find(|c| c.category == category && c.metric == "change")
                .map(|c| (c.value, c.raw.as_str()))
        };
        assert_eq!(
            change("administrative_licensing"),
            Some((Some(1423.0), "增1423"))
        );
        assert_eq!(
            change("administrative_penalty"),
            Some((Some(-38.0), "减38"))
        );
        // 减0 is 0, not -0.
        let zero = change("other_administrative_services")
            .and_then(|(v, _)| v)
            .unwrap();
        assert!(zero == 0.0 && zero.is_sign_positive());
        // Only the one-character words are read so.
        assert!(change("administrative_coercion").is_none_or(|(v, _)| v.is_none()));
    }

    #[test]
    fn normative_documents_as_a_conversion_to_traditional_renders_them() {
        // 文件 becomes 檔案 in a Taiwan-style conversion; folded, 档案.
        let a = read_text(
            "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量\n规章 | 0 | 0 | 0\n规范性档案(行政机关制定发布的决定) | 2 | 2 | 19\n",
            Template::Gov2019,
        );
        let total = a
            .cells
            .iter()
            .find(|c| c.category == "normative_documents" && c.metric == "total_published")
            .map(|c| c.value);
        assert_eq!(total, Some(Some(19.0)));
    }

    #[test]
    fn glued_cells_are_not_read_for_want_of_an_identity() {
        let a = read_text(
            "第二十条第(一)项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 000行政规范性文件693665行政许可2293 行政处罚1282行政强制42",
            Template::Gov2021,
        );
        let cats: Vec<_> = a
            .cells
            .iter()
            .map(|c| (c.category, c.raw.as_str()))
            .collect();
        // 693665 has several readings, and no identity proves one: the
        // row is not read. 000 has one whichever cells were blank, as a
        // lone value per column has.
        assert_eq!(
            cats,
            [
                ("regulations", "0"),
                ("regulations", "0"),
                ("regulations", "0"),
                ("administrative_licensing", "2293"),
                ("administrative_penalty", "1282"),
                ("administrative_coercion", "42")
            ]
        );
        let unproven = a
            .diagnostics
            .iter()
            .filter(|d| d.code == "GLUED_CELLS_UNPROVEN")
            .count();
        assert_eq!(unproven, 1);
        assert!(a.diagnostics.iter().any(|d| d.code == "GLUED_ZEROS_CUT"));
    }

    #[test]
    fn blank_fields_past_the_columns_are_no_glued_zeros() {
        // Pipe tables pad one-column rows with empty fields: the value is
        // read as printed, and nothing was cut.
        let a = read_text(
            "第二十条第(五)项 | |||\n信息内容 | 本年处理决定数量 | ||\n行政许可 | 1517 | ||\n",
            Template::Gov2021,
        );
        let cells: Vec<_> = a.cells.iter().map(|c| (c.category, c.value)).collect();
        assert_eq!(cells, [("administrative_licensing", Some(1517.0))]);
        assert!(
            !a.diagnostics.iter().any(|d| d.code == "GLUED_ZEROS_CUT"),
            "{:?}",
            a.diagnostics
        );
    }

    #[test]
    fn prose_and_tables_without_a_header_give_no_row() {
        // Figures told in sentences, then a list that names the rows but
        // follows no header of the table.
        for text in [
            "全年受理行政许可290件,行政处罚26件。行政强制3件。",
            "规章 1 0 11\n行政规范性文件 8 26 66\n",
            "二、主动公开政府信息情况\n本年办理行政许可 290 件,行政处罚 26 件",
            // A sentence naming one word of the header opens no table.
            "按照第二十条第(五)项,全年受理 290 件\n行政许可 290 0 1\n",
            // A sentence that names the header's article and a row, broken
            // after a number where a page's line ran out: the next line goes
            // on with the number's measure word.
            "对照《条例》第二十条第（一）项的规定，本年新制作规章0\n件、规范性文件1件，其他均已公开。\n",
            "对照第二十条第（一）项，本年新制作规章 0\n 条，规范性文件1件。\n",
        ] {
            let a = read_text(text, Template::Gov2019);
            assert!(a.cells.is_empty() && a.found == 0, "{text}: {:?}", a.cells);
        }
    }

    #[test]
    fn a_row_before_a_line_that_opens_with_a_word_stays_a_row() {
        // The next row's label, or a measure word with no clause's mark
        // after it, does not carry the row's last number into a sentence.
        for next in ["行政规范性文件 8 26 66", "件数说明"] {
            let text = format!("第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 11\n{next}\n");
            let a = read_text(&text, Template::Gov2021);
            let regs: Vec<_> = a
                .cells
                .iter()
                .filter(|c| c.category == "regulations")
                .map(|c| c.value)
                .collect();
            assert_eq!(regs, [Some(1.0), Some(0.0), Some(11.0)], "{next}");
        }
    }

    #[test]
    fn amounts_convert_exactly() {
        assert_eq!(shift_wan("44.7336"), Some(447336.0));
        assert_eq!(
            amount_in_yuan(None, None, Some("305250"), None, "table").amount_yuan,
            Some(305250.0)
        );
        let p = amount_in_yuan(None, None, Some("540.4"), None, "table");
        assert_eq!(
            (p.amount_yuan, p.amount_unit_inferred),
            (Some(5_404_000.0), true)
        );
    }

    #[test]
    fn a_unit_the_column_does_not_use_is_not_a_value() {
        let a = read_text(
            "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 11\n行政规范性文件 8 26 66\n行政事业性收费 3000元\n",
            Template::Gov2021,
        );
        let fee = a
            .cells
            .iter()
            .find(|c| c.category == "administrative_fees")
            .unwrap();
        assert_eq!((fee.value, fee.raw.as_str()), (None, "3000元"));
        assert!(a.diagnostics.iter().any(|d| d.code == "UNIT_MISMATCH"));
        let a = read_text(
            "信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 1 0 11\n行政规范性文件 8 26 66\n行政事业性收费 96171.6万元\n",
            Template::Gov2021,
        );
        assert_eq!(a.cells.last().unwrap().value, Some(96171.6));
    }
}
