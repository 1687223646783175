//! `ogi summary --html`: the quality report as one self-contained page.
//! It answers, in order: how complete the dataset is (status shares by
//! year, province, format and template, and a year × province heat map),
//! how much of each table is filled (per column), what went wrong (each
//! diagnostic code as a share of reports, with the first documents that
//! show it and the command that shows why) and what looks odd (identity
//! failures by year, the checks across reports, the organs with the most
//! problems). Charts are inline SVG; the page loads nothing.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::Result;

use super::crosscheck::CODES;
use super::summary::{Shares, Summary, GENERATOR, ODD_FLOOR, ODD_RATIO, ODD_YEARS, STATUSES};
use super::summary_charts::{
    bars, heat_map, stacked_shares, Chart, BLUE, GREEN, ORANGE, PURPLE, SKY, VERMILLION,
};

/// How many provinces the heat map shows (the most reports first).
const HEAT_ROWS: usize = 40;

/// How many codes the chart of diagnostics shows.
const CODES_CHARTED: usize = 20;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1} %", 100.0 * part as f64 / whole as f64)
    }
}

fn figure(html: &mut String, chart: &Chart, note: &str) {
    let _ = writeln!(
        html,
        "<figure data-title=\"{}\" data-x=\"{}\" data-y=\"{}\">{}<figcaption>{}</figcaption></figure>",
        escape(&chart.title),
        escape(&chart.x),
        escape(&chart.y),
        chart.svg,
        escape(note)
    );
}

fn html_table(html: &mut String, head: &[&str], rows: &[Vec<String>]) {
    html.push_str("<table><tr>");
    for h in head {
        let _ = write!(html, "<th>{}</th>", escape(h));
    }
    html.push_str("</tr>\n");
    for row in rows {
        html.push_str("<tr>");
        for (i, cell) in row.iter().enumerate() {
            let class = if i == 0 { "" } else { " class=\"n\"" };
            let _ = write!(html, "<td{class}>{}</td>", escape(cell));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

const STATUS_COLOURS: [plotters::style::RGBColor; 4] = [GREEN, ORANGE, SKY, VERMILLION];

fn shares_chart(title: &str, rows: &[(String, Shares)], y: &str) -> Result<Chart> {
    let rows: Vec<(String, Vec<u64>)> = rows.iter().map(|(k, v)| (k.clone(), v.to_vec())).collect();
    stacked_shares(
        title,
        &rows,
        &STATUSES,
        &STATUS_COLOURS,
        "share of the reports (%)",
        y,
        true,
    )
}

impl Summary {
    /// The summary as one HTML page, charts inlined as SVG.
    pub fn to_html(&self) -> Result<String> {
        let mut html = String::new();
        let read: u64 = self
            .by_status
            .iter()
            .filter(|(s, _)| s == "ok" || s == "partial")
            .map(|(_, n)| n)
            .sum();
        let ok: u64 = self
            .by_status
            .iter()
            .filter(|(s, _)| s == "ok")
            .map(|(_, n)| n)
            .sum();
        let _ = write!(
            html,
            "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">{GENERATOR}\
             <title>ogi dataset quality report</title><style>\
             body{{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}}\
             table{{border-collapse:collapse;margin:0.5em 0 1.5em}}\
             td,th{{border:1px solid #ccc;padding:2px 8px;vertical-align:top}}td.n{{text-align:right}}\
             figure{{margin:0 0 1.5em 0}}figcaption{{font-size:90%;color:#444}}\
             .bar{{display:inline-block;height:0.8em;background:#0072B2}}\
             code{{background:#f4f4f4;padding:0 3px}}\
             .fill{{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}}</style></head><body>\n\
             <h1>Dataset quality report</h1>\n<p>{} — <b>{}</b> reports; <b>{}</b> read \
             completely (status ok), <b>{}</b> read in part or whole (ok or partial); \
             <b>{}</b> of the reports read carry a region code.</p>\n",
            escape(&self.dir.display().to_string()),
            self.reports,
            percent(ok, self.reports),
            percent(read, self.reports),
            percent(self.coded.1, self.coded.0),
        );

        html.push_str(
            "<h2>1. How complete is it</h2>\n<p>Each bar is 100 % of its reports, \
             split by status: <b>ok</b> (every table found and consistent), <b>partial</b> \
             (something missing or inconsistent: see section 3), <b>not_a_report</b>, \
             <b>failed</b> (could not be read). The count of reports follows each label.</p>\n",
        );
        figure(
            &mut html,
            &shares_chart(
                "Status of the reports by year",
                &self.status_by_year,
                "report year",
            )?,
            "Year: the year the report covers; (none) where it was not found.",
        );
        figure(
            &mut html,
            &shares_chart(
                "Status of the reports by province",
                &self.status_by_province,
                "province (from region_code)",
            )?,
            "Province: from region_code, set only where the report's own names pin one \
             division; (no code) otherwise.",
        );
        figure(
            &mut html,
            &shares_chart(
                "Status of the reports by format",
                &self.status_by_format,
                "format",
            )?,
            "",
        );
        figure(
            &mut html,
            &shares_chart(
                "Status of the reports by template",
                &self.status_by_template,
                "template",
            )?,
            "",
        );
        figure(&mut html, &self.heat()?, "Each cell: the share of that year's and that province's reports that were read (status ok or partial), in %; empty where there is no report. The provinces with the most reports; (no code) holds the reports without a region code.");

        html.push_str("<h2>2. How much is filled</h2>\n<p>The share of each column's cells that hold a value, per table. Null is not an error by itself: a value is null where the report prints a blank or where ogi could not be sure of it (a diagnostic says which).</p>\n");
        html.push_str("<div class=\"fill\">\n");
        for (table, rows, columns) in &self.fill {
            let _ = writeln!(
                html,
                "<div><h3><code>{}</code>: {} rows</h3>",
                escape(table),
                rows
            );
            let body: Vec<String> = columns
                .iter()
                .map(|(c, f)| {
                    let share = if *rows == 0 {
                        0.0
                    } else {
                        100.0 * *f as f64 / *rows as f64
                    };
                    format!(
                        "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                         <td><span class=\"bar\" style=\"width:{:.0}px\"></span></td></tr>",
                        escape(c),
                        f,
                        percent(*f, *rows),
                        share
                    )
                })
                .collect();
            let _ = writeln!(
                html,
                "<table><tr><th>column</th><th>cells with a value</th><th>share</th><th></th></tr>\n{}</table></div>",
                body.join("\n")
            );
        }

        html.push_str("</div>\n");
        html.push_str("<h2>3. What went wrong</h2>\n<p>Each diagnostic code as the share of all reports that carry it, with the first documents (in path order) that show it. <code>ogi extract INPUT/PATH</code> prints every cell and diagnostic of one document, where INPUT is the folder the dataset was built from.</p>\n");
        let charted: Vec<(String, f64)> = self
            .diagnostics
            .iter()
            .take(CODES_CHARTED)
            .map(|c| {
                let rate = if self.reports == 0 {
                    0.0
                } else {
                    100.0 * c.reports as f64 / self.reports as f64
                };
                (c.code.clone(), rate)
            })
            .collect();
        if !charted.is_empty() {
            let rows: Vec<(String, Vec<u64>)> = self
                .diagnostics
                .iter()
                .take(CODES_CHARTED)
                .map(|c| {
                    (
                        format!("{} ({})", c.code, c.severity),
                        vec![c.reports, self.reports.saturating_sub(c.reports)],
                    )
                })
                .collect();
            let chart = stacked_shares(
                "Reports with each diagnostic code",
                &rows,
                &["with the code", "without"],
                &[VERMILLION, plotters::style::RGBColor(0xDD, 0xDD, 0xDD)],
                "share of all reports (%)",
                "diagnostic code (severity)",
                false,
            )?;
            figure(
                &mut html,
                &chart,
                "The codes carried by the most reports; the table lists every code.",
            );
        }
        html.push_str("<table><tr><th>code</th><th>severity</th><th>reports</th><th>share of reports</th><th>rows</th><th>examples</th></tr>\n");
        for c in &self.diagnostics {
            let examples: Vec<String> = c
                .examples
                .iter()
                .map(|e| {
                    let place = match &e.member {
                        Some(m) => format!("{}!{}", e.path, m),
                        None => e.path.clone(),
                    };
                    let command = match &e.member {
                        Some(m) => format!(
                            "ogi extract FILE (FILE: member {} of INPUT/{}, taken out first)",
                            m, e.path
                        ),
                        None => format!("ogi extract INPUT/{}", e.path),
                    };
                    format!(
                        "<div><b>{}</b>: {}<br><code>{}</code></div>",
                        escape(&place),
                        escape(&e.message),
                        escape(&command)
                    )
                })
                .collect();
            let _ = writeln!(
                html,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                escape(&c.code),
                escape(&c.severity),
                c.reports,
                percent(c.reports, self.reports),
                c.rows,
                examples.join("")
            );
        }
        html.push_str("</table>\n");

        html.push_str("<h2>4. What looks odd</h2>\n");
        let rates: Vec<(String, f64)> = self
            .identity_by_year
            .iter()
            .map(|(y, n, b)| {
                (
                    y.clone(),
                    if *n == 0 {
                        0.0
                    } else {
                        100.0 * *b as f64 / *n as f64
                    },
                )
            })
            .collect();
        figure(
            &mut html,
            &bars(
                "Identity failures by year",
                &rates,
                "report year",
                "reports with a broken identity (% of reports read)",
                PURPLE,
            )?,
            "A broken 勾稽关系 identity (IDENTITY_BROKEN): the printed numbers do not add up. Reports read: status ok or partial.",
        );
        let rows: Vec<Vec<String>> = self
            .identity_by_year
            .iter()
            .map(|(y, n, b)| vec![y.clone(), n.to_string(), b.to_string(), percent(*b, *n)])
            .collect();
        html_table(
            &mut html,
            &["year", "reports read", "identity broken", "share"],
            &rows,
        );
        html.push_str(
            "<p>Set beside the same organ's other years (the checks across reports):</p>\n",
        );
        let across: Vec<Vec<String>> = self
            .diagnostics
            .iter()
            .filter(|c| CODES.contains(&c.code.as_str()))
            .map(|c| {
                vec![
                    c.code.clone(),
                    c.reports.to_string(),
                    percent(c.reports, self.reports),
                ]
            })
            .collect();
        if across.is_empty() {
            html.push_str("<p>None found.</p>\n");
        } else {
            html_table(&mut html, &["code", "reports", "share of reports"], &across);
        }
        let _ = writeln!(
            html,
            "<h3>Values far outside their organ's other years</h3>\n<p>{} canonical reports \
             read print applications received (row 一 本年新收, column 总计) at least {} times \
             their organ's median over its years, or at most a {}th of it (the larger at least \
             {}; organs with {} years or more). Not an error by itself: check the document. The \
             farthest:</p>",
            self.odd_total, ODD_RATIO, ODD_RATIO, ODD_FLOOR, ODD_YEARS
        );
        let rows: Vec<Vec<String>> = self
            .odd
            .iter()
            .map(|o| {
                vec![
                    o.organ.clone(),
                    o.year.to_string(),
                    o.value.to_string(),
                    format!("{:.1}", o.median),
                    o.years.to_string(),
                    match &o.member {
                        Some(m) => format!("{}!{}", o.path, m),
                        None => format!("{}  (ogi extract INPUT/{})", o.path, o.path),
                    },
                ]
            })
            .collect();
        html_table(
            &mut html,
            &[
                "organ",
                "year",
                "received",
                "organ's median",
                "years",
                "document",
            ],
            &rows,
        );
        html.push_str("<h3>Organs with the most problems</h3>\n");
        let rows: Vec<Vec<String>> = self
            .organs
            .iter()
            .map(|(k, n, e, w)| vec![k.clone(), n.to_string(), e.to_string(), w.to_string()])
            .collect();
        html_table(
            &mut html,
            &["organ", "reports", "errors", "warnings"],
            &rows,
        );
        let totals: Vec<(String, f64)> = self
            .totals
            .iter()
            .map(|(b, n)| (b.to_string(), *n as f64))
            .collect();
        figure(
            &mut html,
            &bars(
                "Applications received per report",
                &totals,
                "applications received (row 一 本年新收, column 总计)",
                "reports",
                BLUE,
            )?,
            "Reports whose section 三 prints the figure.",
        );
        html.push_str("</body></html>\n");
        Ok(html)
    }

    /// The year × province heat map of the share of reports read (ok or
    /// partial).
    fn heat(&self) -> Result<Chart> {
        let provinces: Vec<String> = self
            .status_by_province
            .iter()
            .take(HEAT_ROWS)
            .map(|(p, _)| p.clone())
            .collect();
        let years: Vec<String> = self.status_by_year.iter().map(|(y, _)| y.clone()).collect();
        let mut cells: BTreeMap<(usize, usize), Shares> = BTreeMap::new();
        for (y, p, v) in &self.status_by_year_province {
            let (Some(x), Some(r)) = (
                years.iter().position(|k| k == y),
                provinces.iter().position(|k| k == p),
            ) else {
                continue;
            };
            let c = cells.entry((x, r)).or_default();
            for (a, b) in c.iter_mut().zip(v) {
                *a += b;
            }
        }
        let cells: Vec<(usize, usize, f64, u64)> = cells
            .into_iter()
            .filter_map(|((x, r), v)| {
                let n: u64 = v.iter().sum();
                (n > 0).then(|| (x, r, (v[0] + v[1]) as f64 / n as f64, n))
            })
            .collect();
        heat_map(
            "Reports read (ok or partial), by year and province",
            &years,
            &provinces,
            &cells,
            "report year",
            "province (from region_code)",
            "read, % of reports",
        )
    }
}
