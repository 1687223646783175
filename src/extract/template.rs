//! Which official template a report follows, from the labels it prints —
//! never from its year (2021 reports on the 2019 template exist, and so do
//! prose-only reports of any year).

use crate::model::Template;

use crate::templates::section2::{
    distinct_column_labels, GOV2019_WORDS as GOV2019, GOV2021_WORDS as GOV2021,
};

/// The template named by the labels of `compact` (text without white
/// space), or `None` when neither template's vocabulary is there.
pub fn detect(compact: &str) -> Option<Template> {
    let count = |labels: &[&str]| labels.iter().filter(|l| compact.contains(*l)).count();
    let (a, b) = (count(GOV2019), count(GOV2021));
    match (a, b) {
        (0, 0) => None,
        _ if b > a => Some(Template::Gov2021),
        _ if a > b => Some(Template::Gov2019),
        // A tie: the 2021 form's own words for section 三 decide.
        _ if compact.contains("逾期不补正") => Some(Template::Gov2021),
        _ => Some(Template::Gov2019),
    }
}

/// The template named by the column labels of the 第二十条 table alone, for
/// a report whose tables were not found: words such as 政府集中采购 or
/// 逾期不补正 are also said in prose, a column label is not.
pub fn detect_columns(compact: &str) -> Option<Template> {
    // Whole labels: prose names a column's stem (本年新制作规章0件).
    static LABELS: std::sync::LazyLock<[Vec<&'static str>; 2]> = std::sync::LazyLock::new(|| {
        [
            distinct_column_labels(Template::Gov2019),
            distinct_column_labels(Template::Gov2021),
        ]
    });
    let count = |t: Template| {
        LABELS[usize::from(t == Template::Gov2021)]
            .iter()
            .map(|l| l.split(['(', '（']).next().unwrap_or(l))
            .filter(|l| compact.contains(*l))
            .count()
    };
    match (count(Template::Gov2019), count(Template::Gov2021)) {
        (0, 0) => None,
        (a, b) if b >= a => Some(Template::Gov2021),
        _ => Some(Template::Gov2019),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_decide_not_years() {
        assert_eq!(
            detect("2021年第二十条第(一)项信息内容本年新制作数量本年新公开数量"),
            Some(Template::Gov2019)
        );
        assert_eq!(
            detect("我局无行政规范性文件本年制发件数、现行有效件数"),
            Some(Template::Gov2021)
        );
        assert_eq!(detect("2019年政府信息公开工作年度报告"), None);
    }
}
