//! The records that flow between the stages: what extraction produces for one
//! document, and the row the writer turns into the `reports` table.
//!
//! Codes (`item`, `row`, `applicant`, …) are the exact strings of the dataset
//! contract, held as `&'static str` so that every stage names them the same way.

use serde::Serialize;

/// An enum the dataset stores as text. Each value is spelt once, by its
/// `as_str`; [`Code::parse`] reads the text back by the same spellings.
pub trait Code: Copy + 'static {
    /// Every value.
    const ALL: &'static [Self];

    /// The value's text in the dataset (its `as_str`).
    fn code(self) -> &'static str;

    /// The value whose text is `s`, if any.
    fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == s)
    }
}

/// How serious a diagnostic is. Errors and warnings are counted in `reports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Code for Severity {
    const ALL: &'static [Self] = &[Severity::Error, Severity::Warning, Severity::Info];

    fn code(self) -> &'static str {
        self.as_str()
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Something the pipeline noticed about a document. `code` is stable and
/// documented in the README.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub table: Option<&'static str>,
    pub location: Option<String>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            table: None,
            location: None,
            message: message.into(),
        }
    }
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }
    pub fn info(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }
    pub fn in_table(mut self, table: &'static str) -> Self {
        self.table = Some(table);
        self
    }
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }
}

/// A calendar date (proleptic Gregorian), as printed on a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A date only if it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days_in_month).then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01, the Parquet/Arrow `Date32` representation.
    pub fn days_since_epoch(self) -> i32 {
        // Howard Hinnant's days_from_civil.
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        } as i64;
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let d = self.day as i64;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        (era * 146097 + doe - 719468) as i32
    }
}

impl Date {
    /// The inverse of [`Date::days_since_epoch`] (civil from days).
    pub fn from_days_since_epoch(days: i32) -> Date {
        let z = days as i64 + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Facts about a report read from its title, body and page chrome.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub organ: Option<String>,
    pub region: Option<String>,
    /// The year the report covers, never the year it was published.
    pub year: Option<i32>,
    pub publish_date: Option<Date>,
    pub index_number: Option<String>,
}

pub use crate::templates::Template;

impl Code for Template {
    const ALL: &'static [Self] = &[
        Template::Gov2019,
        Template::Gov2021,
        Template::Narrative,
        Template::Unknown,
    ];

    fn code(self) -> &'static str {
        self.as_str()
    }
}

/// The `status` column of `reports`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Partial,
    NotAReport,
    Failed,
}

impl Code for Status {
    const ALL: &'static [Self] = &[
        Status::Ok,
        Status::Partial,
        Status::NotAReport,
        Status::Failed,
    ];

    fn code(self) -> &'static str {
        self.as_str()
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Partial => "partial",
            Status::NotAReport => "not_a_report",
            Status::Failed => "failed",
        }
    }
}

/// A cell's text as printed. Nearly always a few characters, so held
/// inline (up to 24 bytes) rather than allocated: a dataset has millions
/// of cells, and each used to cost an allocation where it was read and a
/// free where it was written.
pub type RawText = compact_str::CompactString;

/// One cell of section 二 (第二十条 (一)(五)(六)(八)).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProactiveCell {
    pub item: &'static str,
    pub category: &'static str,
    pub metric: &'static str,
    pub value: Option<f64>,
    pub raw: RawText,
}

pub use crate::templates::section3::{is_detail_row, APPLICANTS};

/// One cell of section 三.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApplicationCell {
    pub row: &'static str,
    pub applicant: &'static str,
    pub value: Option<i64>,
    pub raw: RawText,
}

/// One cell of section 四.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReviewCell {
    pub proceeding: &'static str,
    pub outcome: &'static str,
    pub value: Option<i64>,
    pub raw: RawText,
}

/// Centralised procurement (第二十条第（九）项 or the same figures in prose).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Procurement {
    pub project_count: Option<i64>,
    pub amount_raw: Option<String>,
    /// `wan_yuan`, `yuan` or `unspecified`.
    pub amount_unit: &'static str,
    pub amount_yuan: Option<f64>,
    pub amount_unit_inferred: bool,
    /// `table` or `narrative`.
    pub source: &'static str,
}

/// Everything extraction read from one decoded document.
#[derive(Clone, Debug, Serialize)]
pub struct Extraction {
    pub metadata: Metadata,
    pub template: Template,
    pub status: Status,
    pub proactive: Vec<ProactiveCell>,
    pub applications: Vec<ApplicationCell>,
    pub reviews: Vec<ReviewCell>,
    pub procurement: Option<Procurement>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    /// A document that yielded nothing: failed or not a report.
    pub fn empty(status: Status) -> Self {
        Extraction {
            metadata: Metadata::default(),
            template: Template::Unknown,
            status,
            proactive: Vec::new(),
            applications: Vec::new(),
            reviews: Vec::new(),
            procurement: None,
            diagnostics: Vec::new(),
        }
    }
}

/// Where a document was found and what its bytes are: everything the
/// `reports` table says about a document besides what extraction read.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    pub report_id: String,
    pub source_path: String,
    pub member: Option<String>,
    pub duplicate_paths: Vec<String>,
    pub sha256: String,
    pub bytes: i64,
    /// `text`, `html`, `docx`, or what was recognised and not read (`pdf`, …).
    pub format: String,
    pub encoding: String,
}

/// The administrative division a report's own names (organ, region,
/// title) point to, as the official division list names it: set only when
/// they pin exactly one division.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    /// The six-digit division code (GB/T 2260 layout, 行政区划代码).
    pub region_code: String,
    /// The province-level division's full name (`陕西省`).
    pub province: String,
    /// The prefecture-level division's full name, when the place is one or
    /// lies in one.
    pub prefecture: Option<String>,
    /// The county-level division's full name, when the place is one.
    pub county: Option<String>,
}

/// One document's full result, in the order the writer receives them.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentResult {
    pub source: Source,
    pub extraction: Extraction,
    /// Where the document's own names place it (see `document::places`);
    /// None when they do not pin one division.
    pub place: Option<Place>,
    /// Derived from the two for the checks across reports (see
    /// `document::derive_keys`); not part of a document's own JSON.
    #[serde(skip)]
    pub keys: CrossKeys,
}

/// What the checks across reports match a report by, derived from its
/// result: staged beside its `reports` row so that they never join cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrossKeys {
    /// The organ, matched across years (`SCOPE|NAME`); None when the organ
    /// cannot be located.
    pub organ_key: Option<String>,
    /// A hash of `organ_key`, to split the organs into parts.
    pub organ_part: Option<u32>,
    /// The carry rows of section 三: 上年结转 then 结转下年度, per applicant
    /// in the order of [`APPLICANTS`], the first value printed.
    pub carries: [[Option<i64>; 7]; 2],
}

impl DocumentResult {
    pub fn count(&self, severity: Severity) -> i32 {
        self.extraction
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count() as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Code + PartialEq + std::fmt::Debug>() {
        for v in T::ALL {
            assert_eq!(T::parse(v.code()), Some(*v));
        }
        assert_eq!(T::parse("no such value"), None);
    }

    #[test]
    fn codes_read_back_as_written() {
        round_trip::<Severity>();
        round_trip::<Status>();
        round_trip::<Template>();
        assert_eq!(Status::parse("not_a_report"), Some(Status::NotAReport));
    }
}
