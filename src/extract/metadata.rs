//! Report metadata — title, organ, region, year covered, publish date, 索引号 —
//! from the title, the body (统计期限 …) and the page chrome.
//!
//! Everything is read from the head of the document (the first
//! [`HEAD_BYTES`]) and, for signatures, from its tail: the title, the page
//! chrome and the preamble always sit there, and bounding the scan keeps the
//! cost independent of the size of the tables that follow.
//!
//! Rules of thumb the code follows:
//! - the **year** is the year covered, never the year of publication: the
//!   统计期限 range (`2021年1月1日至2021年12月31日`) wins, then the year in
//!   the title, then a sentence naming the report, then the most frequent
//!   year of the prose (dates such as `2019年4月15日`, years inside 《…》 and
//!   document numbers do not count);
//! - the **organ** comes from the title, then from sentences that name the
//!   reporting organ (现公布X2023年度…报告, 由X编制, 2022年,X坚持…), then from a
//!   signature block or a contact sentence; the publishing office of the web
//!   page (来源:) is not the organ;
//! - the **publish date** and **索引号** come from page chrome only (发布日期,
//!   公开日期, 发布时间, 时间:2017-01-12 …) or from a dateline in
//!   parentheses under the title; a signing date at the end is not one;
//! - where a value cannot be read with confidence it stays `None`.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::decode::lines::split_lines;
use crate::model::{Date, Metadata};

/// How much of the start of a document is examined.
pub(crate) const HEAD_BYTES: usize = 16 * 1024;
/// How much of the end of a document is examined (signature blocks).
pub(crate) const TAIL_BYTES: usize = 3 * 1024;
/// Lines of the head examined for a title.
const TITLE_LINES: usize = 80;

/// Read the metadata of one document from its normalised text.
pub fn extract_metadata(text: &str) -> Metadata {
    let head_raw = head(text, HEAD_BYTES);
    let head_text = strip_glosses(head_raw);
    let tail_text = if text.len() > HEAD_BYTES {
        strip_glosses(tail(text, TAIL_BYTES))
    } else {
        Cow::Borrowed("")
    };
    let head_text = without_link_lists(head_text);
    let lines: Vec<&str> = split_lines(&head_text).map(clean_line).collect();
    let tail_lines: Vec<&str> = if tail_text.is_empty() {
        lines.clone()
    } else {
        split_lines(&tail_text).map(clean_line).collect()
    };
    // The head with the contents of 《…》 blanked: names of other documents
    // are neither the organ nor the year covered.
    let blanked = BOOK_TITLE.replace_all(&head_text, "《》");

    let title = find_title(&lines, &head_text).map(|t| match PAGE_LABEL.find(&t) {
        Some(m) => t[m.end()..].to_string(),
        None => t,
    });
    let year = find_year(&blanked, title.as_deref());
    let organ = title
        .as_deref()
        .and_then(organ_from_title)
        .or_else(|| organ_from_body(&blanked, &tail_lines, &lines))
        .map(|o| full_form(o, &[&blanked, &tail_text]));
    let region = organ
        .as_deref()
        .and_then(|o| find_region(o, &head_text, &tail_text));
    // A short document's tail is its head: read once, it gives the same date.
    let own_tail: &[&str] = if tail_text.is_empty() {
        &[]
    } else {
        &tail_lines
    };
    let mut publish_date = find_publish_date(&lines, &head_text, own_tail, &tail_text);
    if let (Some(d), Some(y)) = (publish_date, year) {
        // A report is published after the period it covers; a date before
        // it belongs to something else (a re-post is fine, an earlier date
        // is not).
        if d.year < y {
            publish_date = None;
        }
    }
    let index_number = find_index_number(&lines, &head_text);

    Metadata {
        title,
        organ,
        region,
        year,
        publish_date,
        index_number,
    }
}

/// The head without the lists of links to other articles a page carries
/// (相关文章, 上一篇/下一篇, a column's list of reports): they name other
/// reports, organs and years. A list is the entries (bulleted, numbered or
/// titles) after such a label, up to a blank line or a line that is no
/// entry, or two or more lines in a row that are each the title of a
/// different report (another year or organ).
fn without_link_lists(head_text: Cow<'_, str>) -> Cow<'_, str> {
    // Without a label, only two titles on adjacent lines make a list; most
    // pages hold neither.
    let labelled = NEIGHBOUR_LINK_WORD.is_match(&head_text);
    let lines: Vec<&str> = split_lines(&head_text).collect();
    // Every title names a kind of 公开 in at most 70 characters: most lines
    // are passed over.
    let maybe: Vec<bool> = lines
        .iter()
        .map(|l| l.len() <= 70 * 4 && names_disclosure(l))
        .collect();
    let paired = |i: usize| (i > 0 && maybe[i - 1]) || maybe.get(i + 1) == Some(&true);
    if !labelled && !(0..lines.len()).any(|i| maybe[i] && paired(i)) {
        return head_text;
    }
    // A report is told by its year and organ: a page printing its own
    // title twice, in two forms, is no list. A title is read only where it
    // can count: after a label, or beside another line that may be one.
    let titles: Vec<Option<(Option<i32>, Option<String>)>> = (0..lines.len())
        .map(|i| {
            if !(maybe[i] && (labelled || paired(i))) {
                return None;
            }
            let c = compact(clean_line(lines[i]));
            is_report_title(&c).then(|| (years_in(&c).first().map(|y| y.0), organ_from_title(&c)))
        })
        .collect();
    let bulleted = |i: usize| {
        lines[i]
            .trim_start()
            .starts_with(['·', '•', '●', '◆', '▪', '■', '-', '*', '>'])
    };
    // Two titles of different reports in a row, both bulleted or neither:
    // a list (a title under a bulleted list is the page's own).
    let other_title_at = |i: usize, j: usize| {
        matches!((&titles[i], titles.get(j)), (Some(a), Some(Some(b))) if a != b)
            && bulleted(i) == bulleted(j)
    };
    // An entry of a list after a label: a bulleted or numbered line, or
    // another report's title (with its date, perhaps).
    let entry = |i: usize| {
        let raw = lines[i].trim_start();
        raw.starts_with(['·', '•', '●', '◆', '▪', '■', '-', '*', '>'])
            || raw.chars().next().is_some_and(|c| c.is_ascii_digit())
            || titles[i].is_some()
    };
    let mut keep = vec![true; lines.len()];
    let mut after_label = false;
    // Whether the list's entries so far are bulleted: a line that is not,
    // after bulleted entries, ends the list (the page's own title under
    // its 相关文章).
    let mut list_bulleted: Option<bool> = None;
    for i in 0..lines.len() {
        // Without a label's words no line is one, and no line follows one.
        let mut label_here = false;
        if labelled {
            let l = clean_line(lines[i]);
            if l.is_empty() {
                after_label = false;
                continue;
            }
            after_label = after_label && entry(i) && list_bulleted.is_none_or(|b| b == bulleted(i));
            if after_label {
                list_bulleted.get_or_insert(bulleted(i));
            }
            label_here = NEIGHBOUR_LINK.is_match(l);
        }
        if after_label || other_title_at(i, i + 1) || (i > 0 && other_title_at(i, i - 1)) {
            keep[i] = false;
        }
        if label_here {
            after_label = true;
            list_bulleted = None;
        }
    }
    if keep.iter().all(|&k| k) {
        return head_text;
    }
    let mut out = String::with_capacity(head_text.len());
    for (l, k) in lines.iter().zip(keep) {
        if k {
            out.push_str(l);
        }
        out.push('\n');
    }
    Cow::Owned(out)
}

/// Whether `s` holds 公开 or 公開, the word every report title holds.
fn names_disclosure(s: &str) -> bool {
    // One scan for 公, not one for each word: it is called for every line
    // of a page's head.
    s.match_indices('公')
        .any(|(i, c)| s[i + c.len()..].starts_with(['开', '開']))
}

// ---------------------------------------------------------------------------
// Text helpers shared with `classify`.

/// The first `max` bytes of `s`, cut on a character boundary.
pub(crate) fn head(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// The last `max` bytes of `s`, cut on a character boundary.
pub(crate) fn tail(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = s.len() - max;
    while !s.is_char_boundary(i) {
        i += 1;
    }
    &s[i..]
}

/// Pinyin glosses that some mirrors insert after Traditional characters
/// (`區(qū)`, `報(bào)告`) are removed: `區`, `報告`.
static GLOSS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\)").unwrap());

pub(crate) fn strip_glosses(s: &str) -> Cow<'_, str> {
    // A gloss opens with a pinyin letter: most brackets do not, and a text
    // without one is not searched.
    let opens_gloss = |(i, _): (usize, &str)| {
        s[i + 1..]
            .chars()
            .next()
            .is_some_and(super::simplified::is_pinyin)
    };
    if !s.match_indices('(').any(opens_gloss) {
        return Cow::Borrowed(s);
    }
    GLOSS.replace_all(s, "$1")
}

/// A line without surrounding space, table pipes, bullets or Markdown marks,
/// nor a page's font-size buttons glued before it (`大中小X局…`).
pub(crate) fn clean_line(l: &str) -> &str {
    let l = l.trim_start();
    let l = l.strip_prefix("大中小").unwrap_or(l);
    l.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '|' | '│'
                    | '┃'
                    | '•'
                    | '·'
                    | '#'
                    | '*'
                    | '▪'
                    | '■'
                    | '●'
                    | '◆'
                    | '-'
                    | '—'
                    | '>'
            )
    })
}

/// `s` without any white space.
pub(crate) fn compact(s: &str) -> String {
    // Copied a run between spaces at a time, not a character at a time.
    let mut out = String::with_capacity(s.len());
    s.split(char::is_whitespace)
        .for_each(|run| out.push_str(run));
    out
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}' | '〇')
}

/// 《…》 spans (other documents' names), newlines allowed inside.
pub(crate) static BOOK_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《[^《》]{0,150}》").unwrap());

// ---------------------------------------------------------------------------
// Years.

static YEAR_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d+)\s*年").unwrap());
static YEAR_HANZI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([〇○零一二三四五六七八九]{4})\s*年").unwrap());

/// A plausible report year.
fn plausible(y: i32) -> bool {
    (1995..=2060).contains(&y)
}

fn hanzi_year(s: &str) -> Option<i32> {
    let mut y = 0;
    for c in s.chars() {
        let d = match c {
            '〇' | '○' | '零' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        };
        y = y * 10 + d;
    }
    Some(y)
}

/// Years written `2019年` / `2019 年` / `二〇一九年` in `s`, with the byte
/// range of each (digits through 年).
pub(crate) fn years_in(s: &str) -> Vec<(i32, usize, usize)> {
    let mut out = Vec::new();
    // Both forms end in 年.
    if !s.contains('年') {
        return out;
    }
    for c in YEAR_DIGITS.captures_iter(s) {
        let d = c.get(1).unwrap();
        if d.as_str().len() == 4 {
            if let Ok(y) = d.as_str().parse::<i32>() {
                if plausible(y) {
                    out.push((y, d.start(), c.get(0).unwrap().end()));
                }
            }
        }
    }
    for c in YEAR_HANZI.captures_iter(s) {
        let d = c.get(1).unwrap();
        if let Some(y) = hanzi_year(d.as_str()) {
            if plausible(y) {
                out.push((y, d.start(), c.get(0).unwrap().end()));
            }
        }
    }
    out.sort_by_key(|t| t.1);
    out
}

/// The statistics period: `2021年1月1日(起)至(2021年)12月31日`.
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]?\s*(?:起|开始|開始)?\s*(?:至|到|—+|－|-|~|～)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*[日号]",
    )
    .unwrap()
});

/// A sentence naming the report: `现公布丽岙街道2023年度政府信息公开工作年度报告`.
static REPORT_PHRASE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})\s*年度?[^,，。;；:：\n《》]{0,30}?(?:信息公开|信息公開|政务公开|政務公開)[^,，。;；:：\n《》]{0,12}?(?:报告|年报|報告|年報)",
    )
    .unwrap()
});

static MONTH_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})?").unwrap());

/// The year of the first statistics period of one year (2021年1月1日至12月31日).
fn period_year(text: &str) -> Option<i32> {
    for c in RANGE.captures_iter(text) {
        let y1: i32 = c[1].parse().ok()?;
        let same = c
            .get(2)
            .is_none_or(|y2| y2.as_str().parse::<i32>().ok() == Some(y1));
        if same && plausible(y1) {
            return Some(y1);
        }
    }
    None
}

/// The year a report names for itself (its title; without one, a sentence
/// near its start naming the report) where it is not `meta.year` and that
/// year came from the statistics period: a period copied from the year
/// before, or a title naming the year of publication. The year stays the
/// period's; the caller notes the conflict.
pub fn year_named_otherwise(text: &str, meta: &Metadata) -> Option<i32> {
    let year = meta.year?;
    if period_year(head(text, 8 * 1024)) != Some(year) {
        return None;
    }
    let named = match meta.title.as_deref() {
        Some(t) => years_in(&compact(t)).first().map(|&(y, _, _)| y),
        None => REPORT_PHRASE_YEAR
            .captures_iter(head(text, 2 * 1024))
            .find_map(|c| c[1].parse::<i32>().ok().filter(|&y| plausible(y))),
    }?;
    (named != year).then_some(named)
}

fn find_year(blanked: &str, title: Option<&str>) -> Option<i32> {
    // 1. The statistics period.
    if let Some(y) = period_year(blanked) {
        return Some(y);
    }
    // 2. The title.
    if let Some(t) = title {
        if let Some(&(y, _, _)) = years_in(t).first() {
            return Some(y);
        }
    }
    // 3. A sentence that names the report with its year.
    for c in REPORT_PHRASE_YEAR.captures_iter(blanked) {
        if let Ok(y) = c[1].parse::<i32>() {
            if plausible(y) {
                return Some(y);
            }
        }
    }
    // 4. The most frequent year of the prose; full dates only count when they
    //    close a year (截至2022年12月31日), and years inside 《…》 not at all.
    let prose = head(blanked, 8 * 1024);
    let mut counts: Vec<(i32, u32, usize)> = Vec::new();
    for (y, start, end) in years_in(prose) {
        if !(2000..=2060).contains(&y) {
            continue;
        }
        let weight = match MONTH_AFTER.captures(&prose[end..]) {
            Some(m) => {
                let month: u32 = m[1].parse().unwrap_or(0);
                let day: u32 = m.get(2).and_then(|d| d.as_str().parse().ok()).unwrap_or(0);
                u32::from(month == 12 && (day == 31 || day == 0))
            }
            None => 1,
        };
        // A year the report compares with (较2018年减少, 在2011年工作的
        // 基础上) is not its own.
        let compared =
            prose[..start].ends_with(['较', '較', '比']) || BASE_AFTER.is_match(&prose[end..]);
        if weight == 0 || compared {
            continue;
        }
        match counts.iter_mut().find(|c| c.0 == y) {
            Some(c) => c.1 += weight,
            None => counts.push((y, weight, start)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|c| c.0)
}

/// What follows a year the work built on: 在2011年(工作)的基础上.
static BASE_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:工作)?(?:的)?(?:基础|基礎)上").unwrap());

// ---------------------------------------------------------------------------
// Title.

/// A report title, on a string without white space.
static TITLE_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<pre>.*?)(?:信息公开|信息公開|资讯公开|資訊公開|政务公开|政務公開)(?P<mid>.*)(?:报告|年报|報告|年報)$",
    )
    .unwrap()
});

static TRAILING_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]\d{4}年度?[)）]$").unwrap());

/// Words that never occur in a report's own title.
static TITLE_STOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"关于|關於|關于|通知|格式|的函|意见|意見|要点|要點|首页|首頁|位置|上一篇|下一篇|上一条|下一条|相关|相關|链接|鏈接|附件|根据|根據|依据|依據|按照|条例|條例|如下|编制|編制|公布|发布|發布|专栏|專欄|目录|目錄|指南|制度",
    )
    .unwrap()
});

/// Whether `c` holds punctuation no title holds.
fn has_title_punct(c: &str) -> bool {
    // A `match` over the characters, not a search for each of a list: most
    // lines tested are long.
    c.chars().any(|ch| {
        matches!(
            ch,
            ',' | '，'
                | '。'
                | ';'
                | '；'
                | ':'
                | '：'
                | '!'
                | '！'
                | '?'
                | '？'
                | '《'
                | '》'
                | '<'
                | '>'
                | '"'
                | '“'
                | '”'
                | '|'
                | '/'
                | '、'
                | '='
                | '…'
        )
    })
}

/// Whether `c` (no white space) reads as the title of a report.
pub(crate) fn is_report_title(c: &str) -> bool {
    // Every title shape below names a kind of 公开 (公開): a line without
    // it is none, and most lines are tested here.
    if !names_disclosure(c) {
        return false;
    }
    let n = c.chars().count();
    if !(6..=70).contains(&n) || has_title_punct(c) || TITLE_STOP.is_match(c) {
        return false;
    }
    // A year in brackets after the title: 政府信息公开工作年度报告(2019年度).
    let c = match TRAILING_YEAR.find(c) {
        Some(m) => &c[..m.start()],
        None => c,
    };
    let Some(m) = TITLE_SHAPE.captures(c) else {
        return false;
    };
    let pre = m.name("pre").map_or("", |p| p.as_str());
    let mid = m.name("mid").map_or("", |p| p.as_str());
    if mid.chars().count() > 14 {
        return false;
    }
    const BAD_START: &[&str] = &[
        "本报告",
        "本年",
        "本单位",
        "本机关",
        "现将",
        "现公布",
        "現將",
        "我",
        "对",
        "對",
        "特向",
        "经",
        "為",
        "为",
        "第",
        "(",
        "（",
        "在",
        "将我",
        "各",
        "全文",
        "全年",
        "以下",
    ];
    if BAD_START.iter().any(|b| c.starts_with(b))
        && one_char_stem(c).is_none()
        && !starts_name_of_economy(c)
    {
        return false;
    }
    // 政府 belongs to 政府信息公开: `政府信息公开年报` names no organ.
    let pre = match pre.strip_suffix("政府") {
        Some(base) if !base.ends_with("人民") => base,
        _ => pre,
    };
    // A year printed without 年 between the organ and the words
    // (…体育厅2020政府信息公开工作年度报告).
    let pre = bare_year_end(pre).map_or(pre, |i| &pre[..i]);
    // A report's title names its year or its organ; a column's name
    // (政务信息公开年报, 乡镇信息公开年度报告, 组配分类 政府信息公开年报)
    // names neither.
    !years_in(c).is_empty() || valid_title_organ(drop_stray_government(pre).trim_end_matches('的'))
}

/// A title the first sentence runs on from, on one line:
/// `X2014年政府信息公开工作年度报告(以下简称年报),根据…`.
/// Only the ways a report goes on from its own title count (its short
/// form, then the regulation it follows): a line that lists reports
/// (本压缩包收录X…年度报告，共…) goes on otherwise.
fn title_before_sentence(l: &str) -> Option<&str> {
    let i = l.find("报告").or_else(|| l.find("報告"))?;
    let end = i + "报告".len();
    let rest = l[end..].trim_start_matches(['(', '（', ',', '，']);
    let goes_on = rest.len() < l.len() - end
        && ["以下简称", "以下簡稱", "根据", "根據"]
            .iter()
            .any(|w| rest.starts_with(w));
    goes_on.then(|| &l[..end])
}

/// Whether a title names its year without 年, right before its words
/// (`…体育厅2020政府信息公开工作年度报告`).
fn bare_title_year(c: &str) -> bool {
    first_disclosure_word(c).is_some_and(|i| {
        let pre = &c[..i];
        bare_year_end(pre.strip_suffix("政府").unwrap_or(pre)).is_some()
    })
}

/// Where a year printed without 年 (four digits, 19xx or 20xx, after a
/// character that is no digit) ends `s`: its start.
fn bare_year_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let start = b.len().checked_sub(4)?;
    let digits = &b[start..];
    let year = digits.iter().all(u8::is_ascii_digit) && matches!(&digits[..2], b"19" | b"20");
    (year && start > 0 && !b[start - 1].is_ascii_digit()).then_some(start)
}

/// A short line naming an organ (optionally after a year): the first half of
/// a title split over two lines.
fn is_organ_line(c: &str) -> bool {
    let n = c.chars().count();
    if !(2..=32).contains(&n) || has_title_punct(c) || c.contains("信息公开") || c.contains("报告")
    {
        return false;
    }
    let rest = match years_in(c).first() {
        Some(&(_, 0, end)) => c[end..].trim_start_matches('度'),
        // The organ, then its year, as a cover page sets the title's first
        // line: `宿州市人民政府2016年`, or without 年.
        Some(&(_, start, end)) if c[end..].trim_start_matches('度').is_empty() => &c[..start],
        Some(_) => return false,
        None => bare_year_end(c).map_or(c, |i| &c[..i]),
    };
    valid_organ(rest)
}

/// The title as the page gives it: a 标题/信息名称 chrome field.
static TITLE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?:标\s*题|標\s*題|文章标题|信息名称|信息名稱)\s*[:：]\s*(.*)$")
        .unwrap()
});

/// The words of [`TITLE_LABEL`], anywhere in a text.
static TITLE_LABEL_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"标\s*题|標\s*題|信息名称|信息名稱").unwrap());

/// The words of [`NEIGHBOUR_LINK`], anywhere in a text.
static NEIGHBOUR_LINK_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"上一篇|下一篇|上一条|下一条|上一條|下一條|相关文章|相關文章|相关链接|相關鏈接|推荐阅读|推薦閱讀").unwrap()
});

/// A label introducing links to other articles: 上一篇: / 相关文章.
static NEIGHBOUR_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:上一篇|下一篇|上一条|下一条|上一條|下一條|相关文章|相關文章|相关链接|相關鏈接|推荐阅读|推薦閱讀)\s*[:：]?$")
        .unwrap()
});

fn starts_without_organ(c: &str) -> bool {
    if let Some(&(_, 0, _)) = years_in(c).first() {
        return true;
    }
    [
        "政府信息",
        "信息公开",
        "政务公开",
        "政務公開",
        "信息公開",
        "年度",
    ]
    .iter()
    .any(|p| c.starts_with(p))
}

/// Whether a title names its organ, after the year it may start with:
/// `2022年桐荷镇政府信息公开…` does; `2022年度政府信息公开…` does not.
fn names_organ(c: &str) -> bool {
    let rest = match years_in(c).first() {
        Some(&(_, 0, end)) => c[end..].trim_start_matches('度'),
        _ => c,
    };
    !rest.is_empty() && !starts_without_organ(rest)
}

/// What a page sets before the title, and is not the title's: a page
/// label of a flipbook or a PDF viewer (`Page 8 - `, `P. 8 | `), or the
/// label of the chrome's title field (`名称 `, `标题：`).
static PAGE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:page|p\.?)\s*\d+\s*[-–—|:：]|(?:名\s*称|名\s*稱|标\s*题|標\s*題|文件名称|信息名称|信息名稱)[\s:：])\s*").unwrap()
});

/// A title as a page's window title prints it, the site's name after a
/// dash or a bar (`…年度报告-某某网`): the title without it.
fn without_site_name(l: &str) -> Option<&str> {
    // The first report word a separator follows: the site's part may name
    // its column (`…年度报告_政府信息公开年报_某某网`).
    let mut ends: Vec<usize> = ["报告", "報告", "年报", "年報"]
        .iter()
        .flat_map(|w| l.match_indices(w).map(|(i, w)| i + w.len()))
        .collect();
    ends.sort_unstable();
    ends.into_iter().find_map(|end| {
        let rest = l[end..].trim_start();
        let sep = rest.chars().next()?;
        if !matches!(sep, '-' | '_' | '—' | '–' | '|' | '｜') {
            return None;
        }
        let site = rest[sep.len_utf8()..].trim();
        (!site.is_empty() && site.chars().count() <= 40).then_some(&l[..end])
    })
}

fn find_title(lines: &[&str], head_text: &str) -> Option<String> {
    // 1. Chrome field, on pages that print one of its labels: most do not.
    let chrome = TITLE_LABEL_WORD.is_match(head_text);
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(if chrome { TITLE_LINES } else { 0 })
    {
        // Every label ends in one of these: most lines are passed over
        // without running the expression.
        let labelled = ['题', '題', '称', '稱'].iter().any(|&c| l.contains(c));
        if let Some(c) = labelled.then(|| TITLE_LABEL.captures(l)).flatten() {
            let v = clean_line(c.get(1).map_or("", |m| m.as_str()));
            let v = if v.is_empty() {
                next_value(lines, i)
            } else {
                Some(v)
            };
            if let Some(v) = v {
                let cv = compact(v);
                if is_report_title(&cv) {
                    return Some(tidy(v));
                }
            }
        }
    }
    // 2. A title line, possibly split over two lines.
    let nonempty: Vec<&str> = lines
        .iter()
        .take(TITLE_LINES)
        .copied()
        .filter(|l| !l.is_empty())
        .collect();
    // The first title line that names its year, else the first: a column's
    // name (`X县政府信息公开年报`) precedes the report's own title on many
    // pages.
    // Titles of whole lines, each with whether it names its year.
    let mut found: Vec<(String, bool)> = Vec::new();
    let mut pieces_found: Vec<String> = Vec::new();
    let mut opening: Option<String> = None;
    let yeared = |t: &String| {
        let c = compact(t);
        !years_in(&c).is_empty() || bare_title_year(&c)
    };
    let with_year = |t: String| {
        let y = yeared(&t);
        (t, y)
    };
    for (i, l) in nonempty.iter().enumerate() {
        // The best title is found: a whole line naming its year.
        if found.last().is_some_and(|&(_, y)| y) {
            break;
        }
        // Every title names a kind of 公开, on this line or, split, the next.
        if !names_disclosure(l) && !nonempty.get(i + 1).is_some_and(|n| names_disclosure(n)) {
            continue;
        }
        // A line the next one goes on from (`。本报告…`) is a piece of a
        // wrapped sentence, not a title.
        if nonempty
            .get(i + 1)
            .is_some_and(|n| n.starts_with(['。', ',', '，', '、', ';', '；']))
        {
            continue;
        }
        let c = compact(l);
        // The second half of a title whose organ (and year) is on the line
        // before: `2024年南关区永吉街道办事处` / `政府信息公开工作年度报告`.
        if i > 0 && starts_without_organ(&c) && c.chars().count() <= 40 {
            let p = compact(nonempty[i - 1]);
            if is_organ_line(&p) && is_report_title(&format!("{p}{c}")) {
                found.push(with_year(tidy(&format!("{}{}", nonempty[i - 1], l))));
                continue;
            }
        }
        if is_report_title(&c) {
            found.push(with_year(tidy(l)));
            continue;
        }
        if let Some(t) = without_site_name(l)
            .or_else(|| title_before_sentence(l))
            .filter(|t| is_report_title(&compact(t)))
        {
            found.push(with_year(tidy(t)));
            continue;
        }
        // The first half of a title whose end ('年度报告', '报  告') is on
        // the next line.
        if i + 1 < nonempty.len() && c.chars().count() <= 50 && !has_title_punct(&c) {
            let n = compact(nonempty[i + 1]);
            if n.chars().count() <= 10 && years_in(&n).is_empty() {
                let joined = format!("{c}{n}");
                if is_report_title(&joined) && names_organ(&c) {
                    found.push(with_year(tidy(&format!("{}{}", l, nonempty[i + 1]))));
                    continue;
                }
            }
        }
        // A one-line page (the title is one of the first space-separated
        // pieces of a long line) or a page title with the column and site
        // names appended (`X_政府信息公开年报_平潭综合实验区党工委管委会`).
        // The pieces are tried alone, then two or three at a time, for a
        // title written with its year set apart (`X局 2024 年…年度报告`).
        // A title holds 公: a line or piece without it is passed over.
        if i < 40 && l.contains('公') {
            let pieces = pieces_of(l);
            'pieces: for width in 1..=3 {
                for run in pieces.windows(width) {
                    let piece = &l[run[0].0..run[width - 1].1];
                    if !piece.contains('公') {
                        continue;
                    }
                    let pc = compact(piece);
                    if is_report_title(&pc) && names_organ(&pc) {
                        // The document opens with it and it ends as a
                        // report's title does: the title of a page dumped
                        // on one line, with or without its year.
                        if i == 0 && run[0].0 == 0 && pc.ends_with("报告") {
                            opening.get_or_insert_with(|| tidy(piece));
                        }
                        pieces_found.push(tidy(piece));
                        break 'pieces;
                    }
                }
            }
        }
    }
    // A whole line before a piece of one, and a piece only with its year
    // (`名称 X县政府信息公开年报` is a field of the page naming its column).
    if let Some(t) = found
        .iter()
        .find(|&&(_, y)| y)
        .map(|(t, _)| t)
        .or(pieces_found.iter().find(|t| yeared(t)))
        .or(found.first().map(|(t, _)| t))
        .or(opening.as_ref())
    {
        return Some(t.clone());
    }
    // 3. The title in book-title marks in the first sentences:
    //    编制了《苍溪县自然资源局2024年政府信息公开工作年度报告》.
    let start = head(head_text, 1500);
    for m in BOOK_TITLE.find_iter(start) {
        let inner = &m.as_str()['《'.len_utf8()..m.as_str().len() - '》'.len_utf8()];
        let c = compact(inner);
        if is_report_title(&c) && names_organ(&c) && !c.starts_with("中华人民共和国") {
            return Some(tidy(inner));
        }
    }
    None
}

/// The first dozen pieces of a line cut at white space and at the
/// separators pages put between a title and the site's name, as byte
/// ranges of the line.
fn pieces_of(l: &str) -> Vec<(usize, usize)> {
    let cut = |ch: char| ch.is_whitespace() || matches!(ch, '|' | '_' | '－' | '—');
    let mut out = Vec::new();
    let mut start = None;
    for (i, ch) in l.char_indices() {
        match (cut(ch), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        if out.len() == 12 {
            return out;
        }
    }
    if let Some(s) = start {
        out.push((s, l.len()));
    }
    out
}

/// The next non-empty line after `i`, unless it is another chrome label.
fn next_value<'a>(lines: &[&'a str], i: usize) -> Option<&'a str> {
    let l = lines.iter().skip(i + 1).take(3).find(|l| !l.is_empty())?;
    let first: String = l.chars().take(12).collect();
    if first.contains(':') || first.contains('：') {
        return None;
    }
    Some(l)
}

/// A title as printed, trimmed, runs of white space folded to one space.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.trim().chars() {
        if ch.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Organ.

/// How an organ's name ends.
static ORGAN_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:人民政府|政府|办事处|辦事處|街道|镇|鎮|乡|鄉|区|區|县|縣|市|旗|州|盟|苏木|局|委员会|委員會|委|办公室|辦公室|办公厅|辦公廳|办|辦|研究室|参事室|參事室|中心|院|所|队|隊|站|馆|館|会|會|处|處|厅|廳|部|署|公司|社|团|團|组|組|庭|集团|管委会|管理区|海关|海關)$",
    )
    .unwrap()
});

/// 经 starts a clause (经县政府同意), but 经济 and 经开区 start names
/// (经济技术开发区, 经济发展局).
fn starts_name_of_economy(s: &str) -> bool {
    s.strip_prefix(['经', '經'])
        .is_some_and(|rest| rest.starts_with(['济', '濟', '开', '開']))
}

/// Whether `s` can be an organ's name: Han characters ending in an organ
/// word, not a relative name (我局, 本镇, 区政府, 县人社局 …).
pub(crate) fn valid_organ(s: &str) -> bool {
    let n = s.chars().count();
    if !(2..=40).contains(&n) || !s.chars().all(|c| is_han(c) || c == '(' || c == ')') {
        return false;
    }
    if !ORGAN_END.is_match(s) {
        return false;
    }
    // Words that start a clause, never a name (本, 全 only before a level
    // word: 本溪市 and 全椒县 are places).
    const BAD_START: &[char] = &[
        '我', '该', '該', '各', '其', '此', '在', '对', '對', '为', '為', '以', '把', '按', '由',
        '与', '與', '及', '并', '並', '今', '年', '度', '了', '是', '的', '等',
    ];
    if s.starts_with(['经', '經']) && !starts_name_of_economy(s) {
        return false;
    }
    // An office named by one character of its owner (院办公室, 局办公室)
    // is this organ's own office, not a name.
    for office in ["办公室", "辦公室", "办公厅", "辦公廳"] {
        if s.strip_suffix(office)
            .is_some_and(|owner| owner.chars().count() <= 1)
        {
            return false;
        }
    }
    // 通, 根, 依 only as the words 通过, 根据, 依据 / 依照: 通州区, 根河市 and
    // 依安县 are places.
    const BAD_WORDS: &[&str] = &[
        "通过",
        "通過",
        "根据",
        "根據",
        "依据",
        "依據",
        "依照",
        "依法",
        // Labels of page fields: 名称 X县 is a field and its value.
        "名称",
        "名稱",
        "标题",
        "標題",
        "来源",
        "來源",
        "主题",
        "主題",
        "分类",
        "分類",
        // Verbs that open a clause (贯彻落实X市政府信息公开工作部署): no
        // place or organ is named so.
        "贯彻",
        "貫徹",
        "落实",
        "落實",
        "推进",
        "推進",
        "推动",
        "推動",
        "加强",
        "加強",
        "强化",
        "強化",
        "做好",
        "围绕",
        "圍繞",
        "坚持",
        "堅持",
        "认真",
        "認真",
        "按照",
        "严格",
        "嚴格",
        "深入",
        "持续",
        "持續",
        "进一步",
        "進一步",
        "全面",
        "积极",
        "積極",
        "切实",
        "切實",
        "扎实",
        "紮實",
        "着力",
        "著力",
        "大力",
        "不断",
        "不斷",
        "结合",
        "結合",
        "立足",
        "聚焦",
        "开展",
        "開展",
        "完善",
        "健全",
        "提升",
        "目前",
        "制作",
        "製作",
        "制定",
    ];
    if s.starts_with(BAD_START) || BAD_WORDS.iter().any(|w| s.starts_with(w)) {
        return false;
    }
    // Words of a clause anywhere in it: 秦淮区人民政府办公室综合区政府所属各
    // 行政机关的政府…, 制作该政府…, X办公室(以下简称X办).
    const CLAUSE_INSIDE: &[&str] = &["的", "所属", "所屬", "该", "該", "以下简称", "以下簡稱"];
    if CLAUSE_INSIDE.iter().any(|w| s.contains(w)) {
        return false;
    }
    // Words that spam injected into hacked pages puts in place of a
    // place's name (新葡京博彩官网区人民政府…): no organ is named with them.
    // Only words no public body's name holds: 彩票 (福利彩票发行中心), 棋牌
    // (棋牌运动管理中心) and 赌 (禁赌办) are left out.
    const SPAM_INSIDE: &[&str] = &[
        "博彩",
        "老虎机",
        "老虎機",
        "官网",
        "官網",
        "比分",
        "网投",
        "網投",
        "百家乐",
        "百家樂",
    ];
    if SPAM_INSIDE.iter().any(|w| s.contains(w)) {
        return false;
    }
    // Level words alone (乡镇, 市县, 镇街, 街道办事处, 镇人民政府) are a kind
    // of organ, not one.
    let core = ["人民政府", "政府", "办事处", "辦事處"]
        .iter()
        .find_map(|suffix| s.strip_suffix(suffix))
        .unwrap_or(s);
    if core
        .chars()
        .all(|c| LEVEL_CHARS.contains(&c) || "街道".contains(c))
    {
        return false;
    }
    // A kind of place or of office without its name (園區, 党政综合办公室).
    const OFFICE_KINDS: &[&str] = &[
        "党政综合办公室",
        "党政办公室",
        "综合办公室",
        "办公室",
        "辦公室",
        "办公厅",
        "辦公廳",
        "党政办",
        "黨政辦",
    ];
    if GENERIC_PLACES.contains(&s) || OFFICE_KINDS.contains(&s) {
        return false;
    }
    static SELF_REF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[本全][镇鎮乡鄉县縣区區市省局委院单單机機部级級年街厅廳办辦处處室所]")
            .unwrap()
    });
    if SELF_REF.is_match(s) {
        return false;
    }
    // 区政府, 县人社局, 市政府办公厅, 镇党委: a level word then no name.
    // No division's name starts with 省, 县 or 区 (the list has none), so
    // after one of them any organ word is relative (区统计局); 市, 州, 镇
    // and 乡 start names (市中区, 镇江市, 乡宁县), so only the words listed.
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[省县縣区區]|[市州镇鎮乡鄉](?:人民|政府|委|直|级|級|属|屬|人社|财政|財政|教育|卫|衛|民政|公安|司法|党|黨|市场|市場|发改|發改|住建|住房|自然|统计|統計|交通|水利|农业|農業|生态|生態|审计|審計|商务|商務|应急|應急|医保|醫保|税务|稅務|城管|体育|體育))").unwrap()
    });
    if RELATIVE.is_match(s) {
        return false;
    }
    !["信息公开", "信息公開", "报告", "報告", "年度", "政务公开"]
        .iter()
        .any(|w| s.contains(w))
}

/// Departments (not territories) that are named before 政府 only by accident
/// in `XX局政府信息公开…`.
static DEPARTMENT_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:局|委员会|委員會|委|办公室|辦公室|办|辦|中心|院|所|队|隊|站|馆|館|会|會|处|處|厅|廳|部|署|公司)$").unwrap()
});

const DISCLOSURE_WORDS: &[&str] = &[
    "信息公开",
    "信息公開",
    "政务公开",
    "政務公開",
    "资讯公开",
    "資訊公開",
];

fn first_disclosure_word(s: &str) -> Option<usize> {
    DISCLOSURE_WORDS.iter().filter_map(|w| s.find(w)).min()
}

/// Endings of short forms and the words they stand for: 卫健委 is 卫生健康
/// 委员会, 政务办 is 政务服务管理办公室.
const SHORT_ENDINGS: &[(char, &str)] = &[('委', "员会"), ('办', "公室")];

/// At most this many characters left out of a name by its short form.
const MAX_LEFT_OUT: usize = 10;

/// Words that name an office whole: printed in a short form, they are not
/// abbreviated.
const OFFICE_WORDS: [[char; 3]; 2] = [['办', '公', '室'], ['辦', '公', '室']];

/// The name `organ` stands for when it is a short form (利辛县卫健委) of a
/// name the document prints in full (利辛县卫生健康委员会): the full name
/// holds every character of the short one in order, starts as it does,
/// fills the gaps with Chinese characters only and ends on the word the
/// short form's last character stands for. A second name in brackets
/// right after it (卫生健康委员会(县中医药局)) is part of it. When the
/// document prints two different such names, or none, `organ` stays as
/// printed.
fn full_form(organ: String, texts: &[&str]) -> String {
    let short: Vec<char> = organ.chars().collect();
    if short.len() < 4 {
        return organ;
    }
    let anchor: String = short[..3].iter().collect();
    let mut found: Option<String> = None;
    for text in texts {
        for (i, _) in text.match_indices(anchor.as_str()) {
            let window: Vec<char> = text[i..]
                .chars()
                .take(short.len() + MAX_LEFT_OUT + 16)
                .collect();
            let Some(full) = expanded(&short, &window) else {
                continue;
            };
            match &found {
                Some(f) if *f != full => return organ,
                _ => found = Some(full),
            }
        }
    }
    found.unwrap_or(organ)
}

/// The full name at the start of `window` that `short` abbreviates, if any.
fn expanded(short: &[char], window: &[char]) -> Option<String> {
    let mut at = 0;
    let mut left_out = String::new();
    // The character left out last before the one matched.
    let mut gap_end = None;
    // Runs of characters left out, and the position in `short` of the
    // character the last run stands before.
    let mut gaps = 0;
    let mut last_gap_before = 0;
    for (k, &c) in short.iter().enumerate() {
        gap_end = None;
        while *window.get(at)? != c {
            if at == 0 || !is_han(window[at]) || left_out.chars().count() == MAX_LEFT_OUT {
                return None;
            }
            if gap_end.is_none() {
                gaps += 1;
                last_gap_before = k;
            }
            gap_end = Some(window[at]);
            left_out.push(window[at]);
            at += 1;
        }
        at += 1;
    }
    // An office named whole, with one word put before it (党政办公室,
    // 综合办公室 against 办公室), is another office: a short form drops
    // parts of words, it does not print a whole word it qualifies.
    let office = OFFICE_WORDS
        .iter()
        .find(|w| short.len() > w.len() && short.ends_with(*w));
    if gaps == 1 && office.is_some_and(|w| last_gap_before == short.len() - w.len()) {
        return None;
    }
    // One character more is another organ, not a short form (公安局 and
    // 公安分局); so is a unit under it named before its last word
    // (分局, 支队, 大队, 中队). A short form drops parts of words, not the
    // government a unit belongs to (硚口区汉水桥街道 is how the report
    // names itself, 硚口区人民政府汉水桥街道办事处 its formal name).
    // Nor is a street address before an organ word (通道县双江镇镇吉祥路
    // 卫生健康局 in 地址:…): a name leaves out no road, number or town.
    if left_out.chars().count() < 2
        || left_out.contains([
            '路', '街', '号', '號', '巷', '弄', '楼', '樓', '镇', '鎮', '乡', '鄉', '村',
        ])
        || gap_end.is_some_and(|c| "分支大中".contains(c))
        || ["人民", "政府"].iter().any(|w| left_out.contains(w))
    {
        return None;
    }
    let last = *short.last()?;
    let mut end = at;
    if let Some((_, rest)) = SHORT_ENDINGS.iter().find(|(c, _)| *c == last) {
        let rest: Vec<char> = rest.chars().collect();
        if window[end..].starts_with(&rest) {
            end += rest.len();
        }
    }
    if end == short.len() {
        // Printed in full already.
        return None;
    }
    let mut full: String = window[..end].iter().collect();
    if !valid_organ(&full) {
        return None;
    }
    if window.get(end) == Some(&'(') {
        if let Some(close) = window[end..].iter().take(14).position(|&c| c == ')') {
            let inner: String = window[end + 1..end + close].iter().collect();
            // Another name of the organ, not the short form it is given
            // (以下简称…).
            if inner.chars().count() >= 2
                && inner.chars().all(is_han)
                && ORGAN_END.is_match(&inner)
                && !inner.contains("简称")
                && !inner.contains("簡稱")
            {
                full.push('(');
                full.push_str(&inner);
                full.push(')');
            }
        }
    }
    Some(full)
}

fn organ_from_title(title: &str) -> Option<String> {
    let mut c = compact(title);
    if let Some(m) = TRAILING_YEAR.find(&c) {
        c.truncate(m.start());
    }
    let cand: String = match years_in(&c).first() {
        Some(&(_, start, _)) if start > 0 => c[..start].trim_end_matches(['(', '（']).to_string(),
        Some(&(_, _, end)) => before_disclosure(c[end..].trim_start_matches('度'))?,
        None => before_disclosure(&c)?,
    };
    let cand = drop_stray_government(&cand);
    valid_title_organ(&cand).then_some(cand)
}

/// Whether `s`, the start of a title or heading, is an organ's name: as
/// [`valid_organ`], and also a place named by one character after a word
/// that elsewhere starts a clause (see [`one_char_stem`]).
fn valid_title_organ(s: &str) -> bool {
    valid_organ(s)
        || one_char_stem(s).is_some() && {
            let first = s.chars().next().map_or(0, char::len_utf8);
            valid_organ(&s[first..])
        }
}

/// The length in bytes of a place name of one character and its level word
/// (`对坊乡`, `经棚镇`) at the start of `s` whose first character is a word
/// that otherwise starts a clause (对, 经, 在 …): with a stem of one
/// character, that character is the name's own, since a clause word before a
/// place leaves a name of two characters or more. `s` goes on with a year, a
/// government word or nothing.
fn one_char_stem(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let (_, first) = it.next()?;
    let (_, stem) = it.next()?;
    let (at, level) = it.next()?;
    let end = at + level.len_utf8();
    let next = s[end..].chars().next();
    let clause_first = "我该該各其此在对對经經为為以把按由与與及并並今是的等".contains(first);
    let plain_stem =
        is_han(stem) && !"我该該各其此本全年度".contains(stem) && !LEVEL_CHARS.contains(&stem);
    let place_level = "乡鄉镇鎮县縣区區市旗".contains(level);
    let then = match next {
        None => true,
        Some(c) => c.is_ascii_digit() || "人政二〇○".contains(c),
    };
    (clause_first && plain_stem && place_level && then).then_some(end)
}

/// What precedes 政府信息公开 / 信息公开 in a title: `建新镇政府信息公开…` →
/// `建新镇`, but `拉西瓦镇人民政府信息公开…` → `拉西瓦镇人民政府`.
fn before_disclosure(s: &str) -> Option<String> {
    let cut = first_disclosure_word(s)?;
    let pre = &s[..cut];
    let pre = match pre.strip_suffix("政府") {
        Some(base) if !base.ends_with("人民") => base,
        _ => pre,
    };
    // A year printed without 年 before the words.
    Some(bare_year_end(pre).map_or(pre, |i| &pre[..i]).to_string())
}

/// `XX局政府` (cut before 信息公开 in `XX局政府信息公开`) → `XX局`.
fn drop_stray_government(s: &str) -> String {
    if let Some(base) = s.strip_suffix("政府") {
        if !base.ends_with("人民") && DEPARTMENT_END.is_match(base) {
            return base.to_string();
        }
    }
    s.to_string()
}

/// 现公布/现将 X 2023年度政府信息公开…
static ORGAN_PUBLISH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:现公布|現公布|现将|現將|现把|現把|向社会公布|向社會公布|现予公布|予以公布|现发布|現發布|现公开|現公開|特编制|特編制)\s*(\p{Han}{2,30}?)\s*\d{4}\s*年度?\s*(?:的)?(?:政府|政务|政務)?(?:信息公开|信息公開|公开|公開)",
    )
    .unwrap()
});

/// 现向社会公布2021年X政府信息公开工作年度报告: the year before the organ.
static ORGAN_PUBLISH_YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:现公布|現公布|现将|現將|现向社会公布|現向社會公布|特向社会公布|现予公布)\s*\d{4}\s*年度?\s*(\p{Han}{2,30}?)\s*(?:的)?(?:政府|政务|政務)?(?:信息公开|信息公開)(?:工作)?(?:年度)?(?:报告|報告|年报|年報)",
    )
    .unwrap()
});

/// A year, then the words of a report on it (2018年政府信息公开工作年度报告),
/// after the organ a pattern captures.
const REPORT_OF_YEAR: &str = r"\s*\d{4}\s*年度?\s*(?:的)?(?:政府|政务|政務)?(?:信息公开|信息公開)(?:工作)?(?:年度)?(?:报告|報告|年报|年報)";

/// X编制了2018年政府信息公开工作年度报告: the organ as the subject.
static ORGAN_COMPILED_OWN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &[
            r"(?:^|[，,。;；\n)）》])\s*(\p{Han}{2,30}?)(?:编制了|編制了)",
            REPORT_OF_YEAR,
        ]
        .concat(),
    )
    .unwrap()
});

/// 现发布《江苏省2020年政府信息公开工作年度报告》: the report's own title
/// in book marks (read in the text before they are blanked).
static ORGAN_PUBLISH_BOOK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        &[r"(?:现公布|現公布|现发布|現發布|特发布|特發布|现予公布|現予公布|特向社会公布|特向社會公布)《(\p{Han}{2,30}?)", REPORT_OF_YEAR, "》"].concat(),
    )
    .unwrap()
});

/// 由X编制 / 由X根据《…》…编制 / 由X结合工作实际编制.
static ORGAN_COMPILED: LazyLock<Regex> = LazyLock::new(|| {
    // A short form it goes by may stand in brackets before the verb:
    // 由上海市经济和信息化委员会(以下简称我委)编制.
    Regex::new(r"由(\p{Han}{2,40}?)(?:[(（][^()（）\n]{0,20}[)）])?(?:根据|根據|依据|依據|按照|结合|結合|编制|編制|组织|組織|牵头|牽頭|负责|負責|汇总|匯總|围绕|圍繞)").unwrap()
});

/// An office speaking of itself (我办, 本厅), not of 本办法 or 我办理.
static OFFICE_SPEAKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:我|本)(?:办|辦|厅|廳)(?:[^法理事]|$)").unwrap());

/// 2022年,下桥镇坚持… — an organ as the subject of the first sentence.
static ORGAN_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[。;；!！?？\n ])\s*(?:\d{4}\s*年度?|本年度|今年|全年|一年来|一年來)\s*[,，]?\s*(?:在[^。\n]{2,40}?(?:领导|領導|指导|指導|支持|带领|帶領)下\s*[,，]\s*)?(\p{Han}{2,25}?)(?:(?:政府信息公开|政府信息公開|政务公开|政務公開|信息公开|信息公開)工作)?(?:本着|本著|高度重视|高度重視|坚持|堅持|继续|繼續|认真|認真|按照|根据|根據|严格|嚴格|围绕|圍繞|紧紧|緊緊|紧扣|緊扣|深入|始终|始終|持续|持續|进一步|進一步|全面|积极|積極|在|以|通过|通過|共|主动|主動|把|将|將|结合|結合|立足|聚焦|不断|不斷|切实|切實|扎实|紮實|着力|著力|大力|依法|牢固|贯彻|貫徹)",
    )
    .unwrap()
});

/// 请与X联系.
static ORGAN_CONTACT: LazyLock<Regex> = LazyLock::new(|| {
    // An address or telephone number may stand in brackets between the
    // name and 联系: 请与平度市公安局(地址:…;电话:…)联系.
    Regex::new(r"(?:请与|請與|与|與)(\p{Han}{2,40}?)(?:[(（][^()（）\n]{0,80}[)）])?(?:联系|聯繫|聯系|联络|聯絡)").unwrap()
});

/// 发布单位: X (the page's publisher; used last).
static ORGAN_CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(?:发布单位|發布單位|发布机构|發布機構)\s*[:：]\s*(.*)$").unwrap()
});

/// A date line: `2018年12月31日`, `二○一二年二月二十日`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,2}\s*月\s*[一二三四五六七八九十]{1,3}\s*日)$",
    )
    .unwrap()
});

/// A contact or compiling office named as `XX政府综合督考办公室`,
/// `XX人民政府信息公开工作领导小组办公室`: the organ is the government.
fn reduce_office(s: &str) -> String {
    let mut s = s;
    if let Some(i) = first_disclosure_word(s) {
        if i > 0 {
            s = &s[..i];
        }
    }
    // What follows the government is cut: its website, its hall, and the
    // bodies of it a contact line names, which answer for it as often as
    // for themselves (青海省政府信息技术办公室 for the province's report).
    // A street's or town's formal name holds its government's
    // (上海市静安区人民政府共和新路街道办事处): kept whole.
    if let Some(i) = s.rfind("政府") {
        let rest = &s[i + "政府".len()..];
        let local = rest.chars().nth(2).is_some() && LOCAL_END.is_match(rest);
        if !rest.is_empty() && !matches!(rest, "办公室" | "办公厅" | "辦公室" | "辦公廳") && !local
        {
            s = &s[..i + "政府".len()];
        }
    }
    let s = match s.find("党委") {
        Some(i) if i > 0 => &s[..i],
        _ => s,
    };
    drop_stray_government(s)
}

/// How a street's or a town's name ends.
static LOCAL_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:街道|街道办事处|街道辦事處|镇|鎮|乡|鄉|镇人民政府|鎮人民政府|乡人民政府|鄉人民政府)$",
    )
    .unwrap()
});

fn organ_from_body(blanked: &str, tail_lines: &[&str], lines: &[&str]) -> Option<String> {
    let text = head(blanked, 8 * 1024);
    // Sentences hard-wrapped mid-name (`现公布洪泉县人\n民政府…`) read as one.
    let unwrapped = unwrap_lines(text);
    // What a report publishes is its organ's report: a unit of a
    // government that names itself there (市政府研究室) is the organ.
    for re in [
        &*ORGAN_PUBLISH,
        &*ORGAN_PUBLISH_YEAR_FIRST,
        &*ORGAN_COMPILED_OWN,
    ] {
        // Matches may nest (特编制并向社会公布X…): the next is looked for
        // from inside the last one's capture.
        let mut at = 0;
        while let Some(c) = re.captures_at(&unwrapped, at) {
            // Always forward: a capture may start where the search did.
            let inner = c.get(1).map_or(unwrapped.len(), |m| m.start());
            at = if inner > at {
                inner
            } else {
                c.get(0).map_or(unwrapped.len(), |m| m.end())
            };
            let named = &c[1];
            let o = if valid_organ(named) && first_disclosure_word(named).is_none() {
                named.to_string()
            } else {
                reduce_office(named)
            };
            if valid_organ(&o) {
                return Some(o);
            }
        }
    }
    // The report's own title, published in book marks.
    for l in lines.iter().filter(|l| l.contains('《')) {
        if let Some(c) = ORGAN_PUBLISH_BOOK.captures(l) {
            if valid_organ(&c[1]) {
                return Some(c[1].to_string());
            }
        }
    }
    // Who compiled it may be an office: a department's own office
    // (卫健局办公室, 气象局办公室) compiles the department's report, never
    // one of its own; a government's office (政府办公室, 办公厅) compiles
    // the government's, unless the report speaks as the office (我办).
    for c in ORGAN_COMPILED.captures_iter(&unwrapped) {
        // 由X牵头 / 由X负责 speak of the report only where the sentence
        // goes on to its compiling (由X负责编制); otherwise X leads some work
        // (由党政办牵头，相关部门配合).
        let sentence = &unwrapped[c.get(1).map_or(0, |m| m.end())..];
        let sentence = &sentence[..sentence.find(['。', '\n']).unwrap_or(sentence.len())];
        if !sentence.contains("编制") && !sentence.contains("編制") {
            continue;
        }
        let owner = office_owner(&c[1]);
        let own_report = owner.ends_with("政府") && OFFICE_SPEAKS.is_match(&unwrapped);
        let o = if owner != c[1] && !own_report {
            owner
        } else {
            reduce_office(&c[1])
        };
        if valid_organ(&o) {
            return Some(o);
        }
    }
    for c in ORGAN_SUBJECT.captures_iter(text) {
        let o = reduce_party(&c[1]);
        if valid_organ(&o) {
            return Some(formal_contact(o, &unwrapped));
        }
    }
    if let Some(o) = organ_from_signature(tail_lines) {
        return Some(o);
    }
    for c in ORGAN_CONTACT.captures_iter(&unwrapped) {
        let o = contact_organ(&c[1]);
        if valid_organ(&o) {
            return Some(o);
        }
    }
    if let Some(o) = lines
        .iter()
        .take(TITLE_LINES)
        .find_map(|l| organ_from_heading(l))
    {
        return Some(o);
    }
    if let Some(o) = organ_from_clause_subjects(text) {
        return Some(o);
    }
    for l in lines.iter().take(TITLE_LINES) {
        // 发布/發布 is in every label.
        let labelled = l.contains('布');
        if let Some(c) = labelled.then(|| ORGAN_CHROME.captures(l)).flatten() {
            let v = clean_line(c.get(1).map_or("", |m| m.as_str()));
            let v = compact(v.split(['|', ' ']).next().unwrap_or(""));
            let o = reduce_office(&v);
            if valid_organ(&o) {
                return Some(o);
            }
        }
    }
    None
}

/// A place's organ as the subject at the start of a clause, with no year
/// before it: `。丰收乡坚持…`, `:西柳镇人民政府利用…`, `,杨梅乡坚持…`.
static CLAUSE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[。;；!！?？:：,，\n])\s*(\p{Han}{2,20}?)(?:人民政府|政府)?(?:高度重视|高度重視|坚持|堅持|继续|繼續|认真|認真|按照|严格|嚴格|围绕|圍繞|深入|始终|始終|持续|持續|进一步|進一步|全面|积极|積極|在|以|通过|通過|共|主动|主動|把|将|將|结合|結合|立足|聚焦|不断|不斷|切实|切實|扎实|紮實|着力|著力|大力|依法|贯彻|貫徹|利用|成立|信息公开工作|信息公開工作)",
    )
    .unwrap()
});

/// A document calling itself by its level: 我镇, 本乡, 我街道, 我局.
static SELF_LEVEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[我本][镇鎮乡鄉县縣区區市街局委办辦院]").unwrap());

/// The organ named as the subject of clauses when the naming agrees: every
/// clause names the same place's organ (its government or its office
/// counting as it), and either it does so at least twice or the document
/// calls itself by that organ's level (我镇 for a 镇). When the document
/// calls itself by other levels only (我局 against a 镇), or two organs
/// are subjects, nothing.
fn organ_from_clause_subjects(text: &str) -> Option<String> {
    fn base(o: &str) -> &str {
        let o = o
            .strip_suffix("办公室")
            .or_else(|| o.strip_suffix("辦公室"))
            .unwrap_or(o);
        o.strip_suffix("人民政府")
            .or_else(|| o.strip_suffix("政府"))
            .unwrap_or(o)
    }
    let mut first: Option<String> = None;
    let mut count = 0;
    for c in CLAUSE_SUBJECT.captures_iter(text) {
        let o = reduce_party(&c[1]);
        // A verb before a name (`进一步健全完善崇礼镇…`) makes no subject.
        if !valid_organ(&o) || VERB_START.is_match(&o) {
            continue;
        }
        let b = base(&o);
        // A place's organ: a level word after a name of two characters.
        let placed = b
            .chars()
            .skip(2)
            .any(|c| "省市县縣区區镇鎮乡鄉旗".contains(c))
            || b.ends_with("街道");
        if !placed {
            continue;
        }
        match &first {
            None => first = Some(o),
            Some(f) if base(f) == b => {}
            Some(_) => return None,
        }
        count += 1;
    }
    let organ = first?;
    let b = base(&organ);
    let level = if b.ends_with("街道") {
        '街'
    } else {
        fold_level(b.chars().last()?)
    };
    let (mut own, mut other) = (false, false);
    for w in SELF_LEVEL.find_iter(text) {
        let l = fold_level(w.as_str().chars().nth(1).unwrap_or(' '));
        if l == level {
            own = true;
        } else {
            other = true;
        }
    }
    (own || (count >= 2 && !other)).then_some(organ)
}

/// A level word in Simplified script.
fn fold_level(c: char) -> char {
    match c {
        '鎮' => '镇',
        '鄉' => '乡',
        '縣' => '县',
        '區' => '区',
        '辦' => '办',
        c => c,
    }
}

/// The organ that starts a heading shaped like a report's title, its name
/// then its year then 政府信息公开 (or 信息公开, 政务公开), whatever the rest
/// of the line: a title whose end the page garbled
/// (`昌图县七家子镇2023年政府信息公开 工作告年度报`) still names its organ in
/// a name's place. Not the title itself, which is not as a report prints it.
fn organ_from_heading(l: &str) -> Option<String> {
    if !names_disclosure(l) {
        return None;
    }
    let c = compact(l);
    if c.chars().count() > 40 || has_title_punct(&c) {
        return None;
    }
    let &(_, start, end) = years_in(&c).first()?;
    let after = c[end..].trim_start_matches('度');
    let shaped = [
        "政府信息公开",
        "信息公开",
        "政务公开",
        "政府信息公開",
        "信息公開",
        "政務公開",
    ]
    .iter()
    .any(|w| after.starts_with(w));
    // What follows is still a report (报告 or 年报, even garbled), not a
    // plan or a notice (工作要点, 通知).
    let report = after.contains('报') || after.contains('報');
    if start == 0 || !shaped || !report {
        return None;
    }
    let cand = drop_stray_government(&c[..start]);
    valid_title_organ(&cand).then_some(cand)
}

/// The organ's formal name where the contact sentence gives it and the
/// subject of the text used an informal one: `滨江区公安分局` is
/// `杭州市公安局滨江区分局` when the document asks to contact the latter. The
/// formal name is longer, ends on the same word and holds every character
/// of the informal one (in any order); otherwise `organ` as it is.
fn formal_contact(organ: String, text: &str) -> String {
    let last = organ.chars().last();
    for c in ORGAN_CONTACT.captures_iter(text) {
        let o = contact_organ(&c[1]);
        if o == organ || !valid_organ(&o) || o.chars().last() != last {
            continue;
        }
        let mut pool: Vec<char> = o.chars().collect();
        let holds = organ
            .chars()
            .all(|ch| match pool.iter().position(|&p| p == ch) {
                Some(i) => {
                    pool.swap_remove(i);
                    true
                }
                None => false,
            });
        if holds && !pool.is_empty() {
            return o;
        }
    }
    organ
}

/// Line breaks between two characters of running text removed: a
/// hard-wrapped paragraph as one line.
fn unwrap_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\n') {
        return text.into();
    }
    let running = |c: Option<char>| c.is_some_and(|c| is_han(c) || c.is_ascii_digit());
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut previous = None;
    while let Some(c) = chars.next() {
        if c == '\n' && running(previous) && running(chars.peek().copied()) {
            continue;
        }
        out.push(c);
        previous = Some(c);
    }
    out.into()
}

/// The organ a contact line names. Its own office stands for it (see
/// [`office_owner`]), and so does a unit for disclosure run by that office:
/// `X人民政府办公室政府信息公开中心` is X人民政府's, as `X人民政府办公室` is.
fn contact_organ(name: &str) -> String {
    let named = office_owner(name);
    let o = reduce_office(&named);
    if first_disclosure_word(&named).is_some_and(|i| i > 0) {
        office_owner(&o)
    } else {
        o
    }
}

/// The organ whose office a contact line names: `请与X办公室联系` means X's
/// own office (X局办公室 → X局, X镇党政办公室 → X镇, and the office of an
/// organ that is itself an office, X人民政府办公室办公室 → X人民政府办公室),
/// when X is a name on its own.
fn office_owner(s: &str) -> String {
    // A section of the office (党政办公室综合科) is the office's.
    let s = OFFICE_SECTION
        .captures(s)
        .and_then(|c| c.get(1))
        .map_or(s, |office| office.as_str());
    const OFFICES: [&str; 8] = [
        "党政综合办公室",
        "党政办公室",
        "综合办公室",
        "办公室",
        "辦公室",
        "办公厅",
        "辦公廳",
        "党政办",
    ];
    for office in OFFICES {
        if let Some(owner) = s.strip_suffix(office) {
            if valid_organ(owner) && OWNS_OFFICE.is_match(owner) {
                return owner.to_string();
            }
        }
    }
    s.to_string()
}

/// An office's section (科, 股, 组) after the office: the office is group 1.
static OFFICE_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\p{Han}+?(?:办公室|辦公室|办公厅|辦公廳|党政办|黨政辦))\p{Han}{1,6}?(?:科|股|组|組)$",
    )
    .unwrap()
});

/// Names that can have an office of their own.
static OWNS_OFFICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:政府|局|委员会|委員會|委|镇|鎮|乡|鄉|街道|办事处|辦事處|办公室|辦公室|中心|院|厅|廳|署|管委会|区|區|县|縣)$").unwrap()
});

/// `XX镇党委` → `XX镇`.
fn reduce_party(s: &str) -> String {
    match s.find("党委") {
        Some(i) if i > 0 => s[..i].to_string(),
        _ => s.to_string(),
    }
}

/// A signature block at the end: an organ line followed by a date line, or
/// both on one line.
fn organ_from_signature(lines: &[&str]) -> Option<String> {
    let nonempty: Vec<&str> = lines.iter().copied().filter(|l| !l.is_empty()).collect();
    let start = nonempty.len().saturating_sub(12);
    for i in (start..nonempty.len()).rev() {
        let l = nonempty[i];
        // A date line ends in 日 (the regex is anchored there).
        if !l.ends_with('日') {
            continue;
        }
        let Some(m) = DATE_LINE.find(l) else { continue };
        let before = compact(&l[..m.start()]);
        let cand = if before.is_empty() {
            if i == 0 {
                continue;
            }
            compact(nonempty[i - 1])
        } else {
            before.rsplit(['。', ' ']).next().unwrap_or("").to_string()
        };
        let o = reduce_office(&cand);
        if valid_organ(&o) {
            return Some(o);
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Region.

/// An organ's name split into its administrative levels.
static PLACE_CHAIN: LazyLock<Regex> = LazyLock::new(|| {
    // N: a name character (not a level word).
    let n = r"[\p{Han}&&[^省市县縣区區镇鎮乡鄉旗盟]]";
    Regex::new(&format!(
        r"^(?P<prov>\p{{Han}}{n}{{0,6}}?(?:省|自治区|自治區))?(?P<city>\p{{Han}}{n}{{0,7}}?(?:市|自治州|地区|地區|盟))?(?P<county>\p{{Han}}{n}{{0,9}}?(?:自治县|自治縣|县|縣|区|區|旗|市))?(?P<town>\p{{Han}}{n}{{0,9}}?(?:镇|鎮|乡|鄉|街道|苏木|蘇木))?(?P<rest>.*)$"
    ))
    .unwrap()
});

/// Zones that are not counties: an organ inside one has no region here.
fn is_zone(s: &str) -> bool {
    [
        "实验区",
        "實驗區",
        "试验区",
        "試驗區",
        "开发区",
        "開發區",
        "示范区",
        "示範區",
        "园区",
        "園區",
        "管理区",
        "管理區",
        "新城区",
        "风景区",
        "風景區",
        "景区",
        "景區",
        "保税区",
        "保稅區",
        "高新区",
        "高新區",
        "度假区",
        "度假區",
        "合作区",
        "合作區",
        "综保区",
        "綜保區",
        "自贸区",
        "自貿區",
    ]
    .iter()
    .any(|z| s.ends_with(z))
}

/// Words of an organ's name, not of a place's: a place that follows one in
/// an organ's name (重庆市公安局渝中区分局) starts after it.
const ORGAN_WORDS: &[&str] = &[
    "局",
    "委员会",
    "委員會",
    "办公室",
    "辦公室",
    "厅",
    "廳",
    "中心",
    "公司",
    "政府",
    "党委",
    "黨委",
    "支队",
    "支隊",
    "大队",
    "大隊",
];

/// `s` from after its last organ word.
fn after_organ_words(s: &str) -> &str {
    ORGAN_WORDS
        .iter()
        .filter_map(|w| s.rfind(w).map(|i| i + w.len()))
        .max()
        .map_or(s, |i| &s[i..])
}

fn is_self(rest: &str) -> bool {
    matches!(
        rest,
        "" | "人民政府" | "政府" | "办事处" | "辦事處" | "街道办事处" | "街道辦事處"
    )
}

/// Words that look like a one-character place but are not one
/// (谷祥市城市管理综合执法局 is an organ of 谷祥市), and kinds of places
/// without their names: neither a region nor, alone, an organ.
const GENERIC_PLACES: &[&str] = &[
    "城市",
    "城区",
    "城區",
    "市区",
    "市區",
    "郊区",
    "郊區",
    "社区",
    "社區",
    "辖区",
    "轄區",
    "景区",
    "景區",
    "园区",
    "園區",
    "片区",
    "片區",
    // A province's kind without its name (自治区人民政府办公厅).
    "自治区",
    "自治區",
    // A zone's kind without its name (新区 of 兰州新区, 经开区).
    "新区",
    "新區",
    "经开区",
    "經開區",
    "高新区",
    "高新區",
    "开发区",
    "開發區",
];

fn find_region(organ: &str, head_text: &str, tail_text: &str) -> Option<String> {
    let organ = compact(organ);
    if let Some(r) = leading_listed_place(&organ, head_text, tail_text) {
        return r;
    }
    let caps = PLACE_CHAIN.captures(&organ)?;
    let get = |k: &str| caps.name(k).map(|m| m.as_str()).filter(|s| !s.is_empty());
    let city = get("city").map(after_organ_words).filter(|s| !s.is_empty());
    let mut county = get("county")
        .map(after_organ_words)
        .filter(|s| !s.is_empty());
    let mut town = get("town");
    let rest = get("rest").unwrap_or("");
    if county.is_some_and(|c| GENERIC_PLACES.contains(&c)) {
        county = None;
        if town.is_none() {
            return city.map(str::to_string);
        }
    }
    if let Some(c) = county {
        if is_zone(c) {
            // A township-level 管理区 is looked up like a town; the organs of
            // other zones (实验区, 开发区) have no county to name.
            if town.is_some() || !is_self(rest) || !(c.ends_with("管理区") || c.ends_with("管理區"))
            {
                // The zone lies in the city the organ names, if it does.
                return city.map(str::to_string);
            }
            town = Some(c);
            county = None;
        }
    }
    if let Some(t) = town {
        if let Some(c) = county.or(city) {
            return Some(c.to_string());
        }
        // A county-level city of four characters or fewer can hold a town;
        // a longer name ending in 市 is a prefecture's.
        let county_level = |c: &str| !c.ends_with('市') || c.chars().count() <= 4;
        return place_before(t, county_level, head_text, tail_text)
            .or_else(|| county_of_website(head_text));
    }
    if let Some(c) = county {
        return if is_self(rest) {
            // A county's government: its city, named in the organ or
            // written right before the county's name in the text
            // (`厦门市湖里区`). Only a prefecture holds a county.
            city.map(str::to_string)
                .or_else(|| place_before(c, |p| p.ends_with('市') && p != c, head_text, tail_text))
        } else {
            Some(c.to_string())
        };
    }
    if let Some(c) = city {
        return if is_self(rest) {
            None
        } else {
            Some(c.to_string())
        };
    }
    // A province is no county, district or city: a province's organs have
    // no region.
    None
}

/// The region of an organ whose name starts with a division of the official
/// list that holds a level word inside (`桐乡市`, `新乡县`, `镇江市`) or ends on
/// the short `州` of an autonomous prefecture (`临夏州`): the split into
/// levels by level words would cut such a name apart. None when the name
/// starts otherwise (the split then decides), Some(None) when it does and
/// the organ has no region to give.
fn leading_listed_place(organ: &str, head_text: &str, tail_text: &str) -> Option<Option<String>> {
    let (len, county_level) = crate::regions::leading_division(organ)?;
    let name: String = organ.chars().take(len).collect();
    let inner = name.chars().take(len - 1).any(|c| LEVEL_CHARS.contains(&c))
        || (name.ends_with('州') && !name.ends_with("自治州"));
    if !inner {
        return None;
    }
    let rest = &organ[name.len()..];
    if is_self(rest) {
        // The place's own government: a county's city written before it.
        return Some(if county_level {
            place_before(
                &name,
                |p| p.ends_with('市') && p != name,
                head_text,
                tail_text,
            )
        } else {
            None
        });
    }
    // A county of the list after it is taken whole (`红旗区` is no banner
    // 红旗 and a 区); else the split by level words decides.
    let listed = match crate::regions::leading_division(rest) {
        Some((l, true)) => Some(rest.chars().take(l).collect::<String>()),
        _ => None,
    };
    let after = listed.as_ref().map_or(rest, |c| &rest[c.len()..]);
    let caps = PLACE_CHAIN.captures(after)?;
    let county = listed.or_else(|| {
        caps.name("county")
            .map(|m| after_organ_words(m.as_str()).to_string())
            .filter(|c| !c.is_empty() && !is_zone(c))
    });
    let town = caps.name("town").is_some_and(|m| !m.as_str().is_empty());
    let own = caps.name("rest").is_none_or(|m| is_self(m.as_str()));
    Some(match county {
        // A county's government is in this city; its departments and
        // towns are in the county.
        Some(_) if !county_level && own && !town => Some(name),
        Some(c) if !county_level => Some(c.to_string()),
        Some(_) => None,
        None if town => county_level.then_some(name),
        None => Some(name),
    })
}

/// Characters that end a place name when read backwards (`请与岚皋县` → `岚皋县`).
const PLACE_STOP: &[char] = &[
    '与', '與', '从', '從', '在', '由', '向', '对', '對', '经', '經', '为', '為', '是', '和', '及',
    '于', '於', '至', '将', '將', '把', '的', '以', '请', '請', '到', '过', '過', '给', '給', '据',
    '據', '按', '录', '錄', '问', '問', '即', '并', '並', '或', '属', '屬', '往', '见', '見', '各',
    '全', '本', '我', '该', '該', '原', '年', '度', '了',
];
/// Characters of words like 全区, 本县, 我市, 该区 that never start a place name
/// here (全椒县 is lost, which is better than reading 全区 as a place).
const HARD_STOP: &[char] = &['全', '本', '我', '该', '該', '各', '此', '其'];
const LEVEL_CHARS: &[char] = &[
    '省', '市', '县', '縣', '区', '區', '镇', '鎮', '乡', '鄉', '旗', '州', '盟',
];

/// The county-level place name that ends `s` (`…请与岚皋县` → `岚皋县`).
fn trailing_place(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let last = *chars.last()?;
    if !matches!(last, '县' | '縣' | '区' | '區' | '旗' | '市') {
        return None;
    }
    let mut end = chars.len() - 1;
    let mut max = 6;
    if end >= 2 && chars[end - 2] == '自' && chars[end - 1] == '治' {
        end -= 2;
        max = 9;
    }
    let mut name: Vec<char> = Vec::new();
    let mut i = end;
    while i > 0 {
        let c = chars[i - 1];
        if !is_han(c)
            || LEVEL_CHARS.contains(&c)
            || HARD_STOP.contains(&c)
            || (name.len() >= 2 && PLACE_STOP.contains(&c))
        {
            break;
        }
        name.push(c);
        if name.len() > max {
            return None;
        }
        i -= 1;
    }
    if name.len() < 2 && !(name.len() == 1 && i == 0) {
        return None;
    }
    let place: String = chars[i..].iter().collect();
    // A verb read as part of the name (我镇利用区政府门户网站, 依托X区):
    // without it the place is what is left, if a name is left.
    let place = match VERB_START.find(&place) {
        Some(m) => {
            let rest = &place[m.end()..];
            if rest.chars().count() < 3 {
                return None;
            }
            rest.to_string()
        }
        None => place,
    };
    // A preposition read as part of the name (充分以随县…): the listed
    // division without it, where the name is not listed with it. Only
    // words that start no county's name: 和, 于, 从, 全, 原 … do (和静县,
    // 于都县, 从江县), and an unlisted place may be named so.
    const NEVER_FIRST: &[char] = &[
        '以', '在', '由', '对', '對', '为', '為', '把', '请', '請', '给', '給', '据', '據', '按',
    ];
    let place = match place.char_indices().nth(1) {
        Some((second, _))
            if NEVER_FIRST.contains(&place.chars().next().unwrap_or(' '))
                && !is_listed(&place)
                && is_listed(&place[second..]) =>
        {
            place[second..].to_string()
        }
        _ => place,
    };
    (!is_zone(&place)).then_some(place)
}

/// Whether `s` is, whole, the name of a listed county- or prefecture-level
/// division.
fn is_listed(s: &str) -> bool {
    crate::regions::leading_division(s).is_some_and(|(len, _)| len == s.chars().count())
}

/// Verbs and adverbs of prose that run into a place name read backwards.
static VERB_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:利用|依托|依靠|借助|通过|围绕|结合|发挥|充分|加强|推进|落实|坚持|联合|配合|协助|参加|参与|积极|认真|全面|深入|进一步|组织|开展|指导|督促|会同|报送|报请|经过|作为|成为|属于|位于|来自|名称|来源|成立|設立|设立|关于|關於|撤销)+",
    )
    .unwrap()
});

/// The place written right before `name` in the text (`岚皋县四季镇`,
/// `厦门市湖里区`) that `accept` takes for the level above it.
fn place_before(
    name: &str,
    accept: impl Fn(&str) -> bool,
    head_text: &str,
    tail_text: &str,
) -> Option<String> {
    let found = |text: &str| {
        let mut from = 0;
        while let Some(p) = text[from..].find(name) {
            let at = from + p;
            if let Some(c) = trailing_place(tail(&text[..at], 40)).filter(|c| accept(c)) {
                return Some(c);
            }
            from = at + name.len();
        }
        None
    };
    found(head_text).or_else(|| found(tail_text)).or_else(|| {
        // Hard-wrapped text breaks names over lines (`谷丰县田\n武街道`):
        // the name is looked for with white space between its
        // characters, the place before it as printed.
        let first = name.chars().next()?;
        [head_text, tail_text].into_iter().find_map(|text| {
            text.match_indices(first)
                .filter(|&(at, _)| starts_spaced(&text[at..], name))
                .find_map(|(at, _)| trailing_place(tail(&text[..at], 40)).filter(|c| accept(c)))
        })
    })
}

/// Whether `text` begins with `name`, white space allowed between its
/// characters.
fn starts_spaced(text: &str, name: &str) -> bool {
    let mut rest = text.chars().filter(|c| !c.is_whitespace());
    name.chars().all(|c| rest.next() == Some(c))
}

/// The county whose portal publishes the report: `突泉县人民政府门户网站`,
/// `城步县政府信息公开网`.
/// White space may come between the characters of the site's name, where
/// hard-wrapped text breaks it over lines (`文泰县人民政府\n门户网站`).
static WEBSITE: LazyLock<Regex> = LazyLock::new(|| {
    let spaced = |w: &str| w.chars().map(String::from).collect::<Vec<_>>().join(r"\s*");
    let alternatives = |ws: &[&str]| ws.iter().map(|w| spaced(w)).collect::<Vec<_>>().join("|");
    Regex::new(&format!(
        "(?:{})\\s*(?:{})",
        alternatives(&["人民政府", "政府"]),
        alternatives(&[
            "门户网站",
            "门户网",
            "網站",
            "门户",
            "門戶網站",
            "門戶網",
            "网站",
            "信息公开网",
            "信息公開網",
            "网",
        ])
    ))
    .unwrap()
});

fn county_of_website(head_text: &str) -> Option<String> {
    for m in WEBSITE.find_iter(head_text) {
        let before = tail(&head_text[..m.start()], 40);
        // The county's own name may be broken too (`文通\n区人民政府`): the
        // lines are joined when the text as printed names no place there.
        let place =
            trailing_place(before).or_else(|| trailing_place(&before.replace(['\r', '\n'], "")));
        if let Some(c) = place {
            if !c.ends_with('市') {
                return Some(c);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// Publish date and 索引号 (page chrome).

/// Date labels of page chrome, strongest first.
static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        // A bare 日期/时间 needs a boundary before it (统计时间 is no
        // label); the longer labels are read where pages glue them to the
        // field before (`来源:X镇发布时间:2024-01-26`). A pipe separates
        // label and value in pages laid out as tables. A long label may
        // also stand before its value with only white space between
        // (`发文日期 2018-02-26`); a value must then follow on the line.
        r"(?:(?:^|[^\p{Han}])(?P<bare>日期|时间|時間)\s*[:：|]|(?P<label>发布日期|发布时间|公开日期|公开时间|發布日期|發布時間|公開日期|公開時間|发布于|發布於|发文日期|發文日期|发表日期|發表日期|发表时间|發表時間|信息提供日期|生成日期)(?:\s*[\]】])?(?:\s*[:：|]|(?P<spaced>\s+)))",
    )
    .unwrap()
});

/// Words every label of [`DATE_LABEL`] holds, anywhere in a text.
static DATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"日期|时间|時間|发布于|發布於").unwrap());

static DATE_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\s*([-/.年])\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s*(?:至|到|—|~|～|-\s*\d)?)").unwrap()
});

/// A dateline under the title: `(2026年1月23日)`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[)）]$").unwrap()
});

fn parse_date_value(v: &str, bare_label: bool) -> Option<Date> {
    let v = v.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·'));
    let c = DATE_VALUE.captures(v)?;
    // A range (统计时间: 2019年1月1日至…) is not a date.
    if !c.get(5).map_or("", |m| m.as_str()).trim().is_empty() {
        return None;
    }
    // A bare 日期/时间 label is only trusted with a chrome-style date.
    if bare_label && &c[2] == "年" {
        return None;
    }
    let d = Date::new(c[1].parse().ok()?, c[3].parse().ok()?, c[4].parse().ok()?)?;
    (2000..=2060).contains(&d.year).then_some(d)
}

fn label_rank(label: &str) -> u8 {
    match label {
        "日期" | "时间" | "時間" => 2,
        "发文日期" | "發文日期" | "信息提供日期" => 1,
        // When the document was made (公文生成日期), used only where the
        // page gives no time it was put up.
        "生成日期" => 3,
        _ => 0,
    }
}

/// Whether a line may hold a long date label followed by white space: the
/// label's last character, then a space (a literal test before the regex).
fn spaced_label_end(l: &str) -> bool {
    let mut chars = l.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '期' | '间' | '間' | '于' | '於')
            && chars.peek().is_some_and(|n| n.is_whitespace())
        {
            return true;
        }
    }
    false
}

/// `lines` and `tail_lines` are lines of `head_text` and `tail_text`.
fn find_publish_date(
    lines: &[&str],
    head_text: &str,
    tail_lines: &[&str],
    tail_text: &str,
) -> Option<Date> {
    let mut best: Option<(u8, Date)> = None;
    for (set, text) in [(lines, head_text), (tail_lines, tail_text)] {
        // Lines are read one by one only in a text that holds a label's
        // word: about half do not.
        if !DATE_WORD.is_match(text) {
            continue;
        }
        for (i, l) in set.iter().enumerate() {
            // Every label ends in one of these characters and a colon: a
            // literal test spares the regex most lines.
            let labelled = (l.contains(':') || l.contains('：') || l.contains('|'))
                && ['期', '间', '間', '于', '於']
                    .iter()
                    .any(|&c| l.contains(c))
                || spaced_label_end(l);
            if !labelled {
                continue;
            }
            for c in DATE_LABEL.captures_iter(l) {
                let label = c.name("bare").or(c.name("label")).unwrap().as_str();
                let rank = label_rank(label);
                if best.is_some_and(|(r, _)| r <= rank) {
                    continue;
                }
                let after = &l[c.get(0).unwrap().end()..];
                let after_clean = clean_line(after);
                let value = if !after_clean.is_empty() {
                    Some(after)
                } else if c.name("spaced").is_none() {
                    next_value(set, i)
                } else {
                    None
                };
                if let Some(d) = value.and_then(|v| parse_date_value(v, rank == 2)) {
                    best = Some((rank, d));
                }
            }
        }
    }
    if let Some((_, d)) = best {
        return Some(d);
    }
    let head: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.is_empty())
        .take(12)
        .collect();
    for (i, l) in head.iter().enumerate() {
        if let Some(c) = DATELINE.captures(l) {
            return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        }
        // A byline: the time of day published, with the page's source or
        // counts on its line or the next (`2023-01-31 09:05:00 来源: X`).
        if let Some(c) = BYLINE_DATE.captures(l) {
            let next = head.get(i + 1).copied().unwrap_or("");
            if BYLINE_WORD.is_match(&l[c.get(0).map_or(0, |m| m.end())..])
                || BYLINE_WORD.is_match(next)
            {
                return Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
            }
        }
    }
    None
}

/// A date with its time of day at the start of a line (`• 2026-01-27 14:42`).
static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\s•·]*(\d{4})[-/](\d{1,2})[-/](\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)")
        .unwrap()
});

/// Words of a byline beside the date: its source, author or counts.
static BYLINE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"来源|來源|作者|浏览|瀏覽|点击|點擊|阅读|閱讀|字号|字號").unwrap()
});

static INDEX_LABEL: LazyLock<Regex> =
    // 索引号 or 信息索引号, then a colon, a pipe (pages laid out as tables)
    // or white space before the value; or the value glued to the label
    // (`索引号000014349/2026-09781`), when it starts with a digit or a
    // Latin letter.
    LazyLock::new(|| {
        Regex::new(r"(?:^|[^\p{Han}]|信息)索\s*引\s*[号號](?P<sep>\s*[:：|]|\s|$)?").unwrap()
    });
/// The word of [`INDEX_LABEL`], anywhere in a text.
static INDEX_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"索\s*引\s*[号號]").unwrap());
static INDEX_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[|\s•·\]】]*([0-9A-Za-z][0-9A-Za-z\-_/.]*[0-9A-Za-z])").unwrap()
});

/// `lines` are the lines of `head_text`.
fn find_index_number(lines: &[&str], head_text: &str) -> Option<String> {
    // Lines are read one by one only in a text that holds the label: about
    // half do not.
    if !INDEX_WORD.is_match(head_text) {
        return None;
    }
    for (i, l) in lines.iter().enumerate() {
        // The label's one fixed character, tested first: most lines have
        // none, and the regex would read each of them through.
        if !l.contains('索') {
            continue;
        }
        let Some(c) = INDEX_LABEL.captures(l) else {
            continue;
        };
        let after = &l[c.get(0).map_or(0, |m| m.end())..];
        if c.name("sep").is_none() && !after.starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
            continue;
        }
        let value = if clean_line(after).is_empty() {
            next_value(lines, i)
        } else {
            Some(after)
        };
        // A box laid out as a table whose labels are one row and values
        // the next (`索引号 | 公开方式 | …` over `116223…/2010-00023 | …`).
        let below = || cell_below(lines, i, c.get(0).map_or(0, |m| m.start()));
        let Some(c) = value
            .and_then(|v| INDEX_VALUE.captures(v))
            .or_else(|| below().and_then(|v| INDEX_VALUE.captures(v)))
        else {
            continue;
        };
        let v = &c[1];
        if v.len() >= 5 && v.bytes().any(|b| b.is_ascii_digit()) {
            return Some(v.to_string());
        }
    }
    None
}

/// The cell under the one at byte `at` of line `i`, when both lines are
/// rows of a table delimited by pipes.
fn cell_below<'a>(lines: &[&'a str], i: usize, at: usize) -> Option<&'a str> {
    let row = lines[i];
    if !row.contains('|') {
        return None;
    }
    let column = row[..at].matches('|').count();
    let next = lines.iter().skip(i + 1).take(2).find(|l| !l.is_empty())?;
    if !next.contains('|') {
        return None;
    }
    next.split('|').nth(column).map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::normalise;

    #[test]
    fn disclosure_is_named_in_either_script_and_only_as_one_word() {
        for s in [
            "政府信息公开工作年度报告",
            "政府信息公開",
            "公公开",
            "x公开",
        ] {
            assert!(names_disclosure(s), "{s:?}");
        }
        for s in ["", "公告", "公 开", "开公", "公", "公示公告"] {
            assert!(!names_disclosure(s), "{s:?}");
        }
    }

    fn meta(s: &str) -> Metadata {
        extract_metadata(&normalise(s))
    }

    #[test]
    fn compact_drops_every_white_space_character_and_nothing_else() {
        let samples = [
            "",
            " ",
            "政府信息公开 工作\t年度\r\n报告",
            "\u{3000}区\u{3000}县\u{a0}镇\u{85}乡\u{2028}村\u{2003}组\u{205f}户\u{1680}",
            "\u{200b}零宽\u{feff}不是空白",
            "ā á\u{e3}\u{e1}\u{c2}é",
            "  前后  ",
        ];
        for t in samples {
            let want: String = t.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(compact(t), want, "{t:?}");
        }
    }

    #[test]
    fn lines_naming_disclosure_are_told() {
        let text = "公开\n首页 公開目录\n公\n开\n无\n\n  年报公开  \n";
        let named: Vec<bool> = split_lines(text)
            .map(clean_line)
            .map(names_disclosure)
            .collect();
        assert_eq!(named, [true, true, false, false, false, false, true]);
    }

    #[test]
    fn empty_and_junk_give_nothing() {
        assert_eq!(meta(""), Metadata::default());
        let junk: String = (0..5000)
            .map(|i| char::from_u32(0x20 + (i * 7919) % 0x3000).unwrap_or('x'))
            .collect();
        let _ = meta(&junk);
        let long_line = "年".repeat(200_000);
        let _ = meta(&long_line);
    }

    #[test]
    fn a_short_form_is_read_as_the_name_the_document_prints_in_full() {
        // The title's short form, the name in full in the page's fields.
        let m = meta(
            "来源:洪泉县卫生健康委员会\n洪泉县卫健委2023年政府信息公开工作年度报告\n一、总体情况\n2023年,我委认真贯彻落实。\n",
        );
        assert_eq!(m.organ.as_deref(), Some("洪泉县卫生健康委员会"));
        // A second name in brackets goes with it.
        let m = meta(
            "洪泉县人社局2023年政府信息公开工作年度报告\n2023年,洪泉县人力资源和社会保障局(县医保局)坚持公开为常态。\n",
        );
        assert_eq!(
            m.organ.as_deref(),
            Some("洪泉县人力资源和社会保障局(县医保局)")
        );
        // Printed only short: as printed.
        let m = meta("洪泉县卫健委2023年政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉县卫健委"));
        // Two different full names that fit: as printed, never a guess.
        let m = meta(
            "洪泉县发改委2023年政府信息公开工作年度报告\n洪泉县发展和改革委员会、洪泉县发展改革委员会联合印发。\n",
        );
        assert_eq!(m.organ.as_deref(), Some("洪泉县发改委"));
        // A longer name that is not the same organ (a unit under it, words
        // that are not a name) is no full form.
        let m = meta(
            "洪泉县公安局2023年政府信息公开工作年度报告\n洪泉县公安局交通警察大队、洪泉县公安分局。\n",
        );
        assert_eq!(m.organ.as_deref(), Some("洪泉县公安局"));
        // Nor is another office: one word put before the office the title
        // names whole (a contact office, 党政办公室).
        for office in ["党政办公室", "综合办公室"] {
            let m = meta(&format!(
                "吉山镇人民政府办公室2023年政府信息公开工作年度报告\n如有疑问,请与洪泉县吉山镇人民政府{office}联系。\n"
            ));
            assert_eq!(m.organ.as_deref(), Some("吉山镇人民政府办公室"), "{office}");
        }
        // A department's short name whose one left-out run is a word's
        // part still reads in full (应急局, 应急管理局).
        let m = meta("洪泉县应急局2023年政府信息公开工作年度报告\n来源:洪泉县应急管理局\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉县应急管理局"));
    }

    #[test]
    fn a_place_of_one_character_after_a_clause_word_is_a_name_in_a_title() {
        let m = meta("对坊乡2023年政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(m.organ.as_deref(), Some("对坊乡"));
        assert_eq!(
            m.title.as_deref(),
            Some("对坊乡2023年政府信息公开工作年度报告")
        );
        // A clause word before a place of two characters is a clause.
        let m = meta("对洪泉县2023年政府信息公开工作进行了总结\n");
        assert_eq!(m.organ, None);
        // A level word and a department is no name (区统计局).
        let m = meta("现公布区统计局2023年政府信息公开工作年度报告。\n一、总体情况\n");
        assert_eq!(m.organ, None);
        assert_eq!(one_char_stem("在本镇2023年"), None);
        assert_eq!(one_char_stem("对洪泉县"), None);
    }

    #[test]
    fn names_in_their_places_around_noise() {
        // An address in brackets between the contact's name and 联系.
        let m = meta("一、总体情况\n2023年,我局主动公开信息。如有疑问,请与洪泉市公安局(地址:洪泉市红旗路36号;电话:0532-1234567)联系。\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉市公安局"));
        assert_eq!(m.region.as_deref(), Some("洪泉市"));
        // A heading whose end the page scrambled still names its organ,
        // and is no title.
        let m = meta("洪泉县七家子镇2023年政府信息公开 工作告年度报\n一、总体情况\n2023年,我镇认真贯彻落实。\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉县七家子镇"));
        assert_eq!(m.region.as_deref(), Some("洪泉县"));
        assert_eq!(m.title, None);
        // A plan is not a report.
        let m = meta("洪泉县七家子镇2023年政务公开工作要点\n一、总体情况\n");
        assert_eq!(m.organ, None);
        // A district's city, written before the district's name.
        let m = meta("洪山区人民政府2018年政府信息公开工作年度报告\n一、概述\n2018年,谷祥市洪山区政府信息公开工作稳步推进。\n");
        assert_eq!(m.region.as_deref(), Some("谷祥市"));
    }

    #[test]
    fn clause_subjects_name_the_organ_only_when_they_agree() {
        // Twice the subject of a clause, no year before it.
        let body = "一、总体情况\n2022年以来,洪泉乡在县委的正确领导下推进公开。洪泉乡坚持把信息公开作为重点。\n";
        assert_eq!(meta(body).organ.as_deref(), Some("洪泉乡"));
        // Once, with the document calling itself 我乡.
        let once = "一、总体情况\n我乡认真落实条例。(三)平台建设情况。洪泉乡政府信息公开工作依托网站开展。\n";
        assert_eq!(meta(once).organ.as_deref(), Some("洪泉乡"));
        // Once, with no word of the document's own level: nothing.
        let alone = "一、总体情况\n(三)平台建设情况。洪泉乡政府信息公开工作依托网站开展。\n";
        assert_eq!(meta(alone).organ, None);
        // After a comma too; a verb before a name is no second subject.
        let comma = "一、总体情况\n为推进工作,洪泉乡人民政府高度重视公开,洪泉乡坚持以服务为导向,进一步健全完善谷祥镇人民政府信息公开制度。\n";
        assert_eq!(meta(comma).organ.as_deref(), Some("洪泉乡"));
        // Two organs as subjects, or a document calling itself 我局: nothing.
        let two = "一、总体情况\n洪泉乡坚持公开。谷祥镇坚持公开。洪泉乡在县委领导下推进。\n";
        assert_eq!(meta(two).organ, None);
        let other = "一、总体情况\n我局认真落实。洪泉乡坚持公开。洪泉乡在县委领导下推进。\n";
        assert_eq!(meta(other).organ, None);
    }

    #[test]
    fn the_contact_gives_the_formal_name_of_the_subject() {
        let m = meta("一、总体情况\n如有疑问,请与谷祥市公安局洪山区分局联系。\n2022年,洪山区公安分局坚持公开为常态。\n");
        assert_eq!(m.organ.as_deref(), Some("谷祥市公安局洪山区分局"));
        // A contact that is another organ leaves the subject as it is.
        let m = meta("一、总体情况\n如有疑问,请与谷祥市政务公开办公室联系。\n2022年,洪山区公安分局坚持公开为常态。\n");
        assert_eq!(m.organ.as_deref(), Some("洪山区公安分局"));
    }

    #[test]
    fn listed_places_with_level_words_inside_keep_their_names() {
        let region = |organ: &str| find_region(organ, "", "");
        assert_eq!(region("桐乡市公安局").as_deref(), Some("桐乡市"));
        assert_eq!(region("临夏州公安局").as_deref(), Some("临夏州"));
        assert_eq!(region("新乡市红旗区人民政府").as_deref(), Some("新乡市"));
        assert_eq!(region("新乡市红旗区教育局").as_deref(), Some("红旗区"));
        assert_eq!(region("桐乡市洪泉镇人民政府").as_deref(), Some("桐乡市"));
        // A county's own government: its city only where the text writes it.
        assert_eq!(region("桐乡市人民政府"), None);
        assert_eq!(
            find_region("桐乡市人民政府", "嘉兴市桐乡市人民政府", "").as_deref(),
            Some("嘉兴市")
        );
    }

    #[test]
    fn chrome_fields_glued_piped_or_on_the_next_line() {
        let m = meta("洪泉镇2023年政府信息公开工作年度报告\n来源:洪泉县洪泉镇发布时间:2024-01-26 17:49:57访问量:\n");
        assert_eq!(
            m.publish_date.map(|d| d.to_string()).as_deref(),
            Some("2024-01-26")
        );
        let m = meta("索 引 号 | 014416330/2018-04736 | 分 类 | 政府信息公开年报 |\n发布机构 | 市政府办 | 发文日期 | 2018-02-28 |\n");
        assert_eq!(m.index_number.as_deref(), Some("014416330/2018-04736"));
        assert_eq!(
            m.publish_date.map(|d| d.to_string()).as_deref(),
            Some("2018-02-28")
        );
        let m = meta("索 引 号 1133102400268125XW/2024-104757 公开方式 主动公开\n");
        assert_eq!(
            m.index_number.as_deref(),
            Some("1133102400268125XW/2024-104757")
        );
        let m = meta("• 信息索引号:\n    11330700099033995K/2023-00013\n");
        assert_eq!(
            m.index_number.as_deref(),
            Some("11330700099033995K/2023-00013")
        );
        // 统计时间 is no date label, and 索引号 in prose has no value.
        let m = meta("统计时间:2023-01-01\n按照索引号规则编排目录。\n");
        assert_eq!(m.publish_date, None);
        assert_eq!(m.index_number, None);
    }

    #[test]
    fn statistics_period_beats_other_years() {
        let m = meta(
            "一、总体情况\n根据《2021年政务公开工作要点的通知》(国办发〔2021〕12号)《关于规范政府信息公开平台有关事项的通知》(国办公开办函〔2019〕61号)等文件精神,我乡认真组织开展本单位信息公开工作,文中所列数据的统计期限自2021年1月1日起至2021年12月31日止。\n",
        );
        assert_eq!(m.year, Some(2021));
        assert_eq!(m.organ, None, "我乡 names no organ");
        assert_eq!(m.title, None);
    }

    #[test]
    fn founding_year_and_regulation_date_are_not_the_year() {
        let m = meta(
            "2024年南关区永吉街道办事处\n政府信息公开工作年度报告\n南关区永吉街道办事处成立于1986年,单位性质行政单位。根据2019年4月15日国务院发布的《条例》规定,现公布报告。\n2024年,永吉街道按照区委的统一部署推进工作。\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("2024年南关区永吉街道办事处政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("南关区永吉街道办事处"));
        assert_eq!(m.region.as_deref(), Some("南关区"));
        assert_eq!(m.year, Some(2024));
    }

    #[test]
    fn title_split_with_organ_line_first() {
        let m = meta("建平县卫生健康局\n2020年度政府信息公开工作报告\n2020年,在县政府政务公开办的指导下,我局认真贯彻落实。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("建平县卫生健康局2020年度政府信息公开工作报告")
        );
        assert_eq!(m.organ.as_deref(), Some("建平县卫生健康局"));
        assert_eq!(m.region.as_deref(), Some("建平县"));
        assert_eq!(m.year, Some(2020));
    }

    #[test]
    fn title_split_after_organ_and_year() {
        let m = meta("宿州市人民政府2016年\n政府信息公开工作年度报告\n宿州市人民政府办公室\n2017年3月\n本报告是根据《中华人民共和国政府信息公开条例》编制。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("宿州市人民政府2016年政府信息公开工作年度报告")
        );
        assert_eq!(m.year, Some(2016));
        // Words after the year: the line is no organ's, and is not joined.
        let m = meta(
            "宿州市人民政府2016年工作要点\n政府信息公开工作年度报告\n本报告是根据《条例》编制。\n",
        );
        assert_ne!(
            m.title.as_deref(),
            Some("宿州市人民政府2016年工作要点政府信息公开工作年度报告")
        );
    }

    #[test]
    fn a_title_field_s_label_is_not_the_title_s() {
        let m = meta("您当前所在位置:首页 > 信息公开年报\n名称 宿迁市2017年政府信息公开年度报告\n索引号 00000001/2018-00042\n发布机构 宿迁市人民政府办公室 发文日期 2018-02-26\n宿迁市2017年政府信息公开年度报告\n本报告根据《条例》规定编制。\n");
        assert_eq!(m.title.as_deref(), Some("宿迁市2017年政府信息公开年度报告"));
    }

    #[test]
    fn a_long_date_label_may_stand_a_space_before_its_value() {
        let date = |s: &str| meta(s).publish_date.map(|d| d.to_string());
        let title = "宿迁市2017年政府信息公开年度报告\n本报告根据《条例》规定编制。\n";
        for (chrome, want) in [
            (
                "发布机构 宿迁市人民政府办公室 发文日期 2018-02-26",
                Some("2018-02-26"),
            ),
            (
                "发布时间\u{3000}2018年02月26日 来源：市政府办",
                Some("2018-02-26"),
            ),
            ("发布于 2018-02-26 09:30", Some("2018-02-26")),
            ("发文日期：2018-02-26", Some("2018-02-26")),
            // With white space only, the value must follow on the line.
            ("发布日期\n2018-02-26", None),
            // A bare 日期 still needs its colon; a period is no date.
            ("日期 2018-02-26", None),
            ("统计时间 2017年1月1日至2017年12月31日", None),
            ("发布时间 2018年2月", None),
        ] {
            assert_eq!(
                date(&format!("{chrome}\n{title}")).as_deref(),
                want,
                "{chrome:?}"
            );
        }
    }

    #[test]
    fn a_flipbook_page_label_is_not_the_title_s() {
        let m = meta("Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告\nP. 8\n四、因政府信息公开工作被申请行政复议提起行政诉讼情况\n");
        assert_eq!(
            m.title.as_deref(),
            Some("威海市文登区信访局2022年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("威海市文登区信访局"));
        assert_eq!(m.year, Some(2022));
    }

    #[test]
    fn title_end_on_next_line() {
        let m = meta(
            "硚口区汉水桥街道2024年政府信息公开工作\n年度报告\n根据《条例》规定编制本报告。\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("硚口区汉水桥街道2024年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("硚口区汉水桥街道"));
        assert_eq!(m.region.as_deref(), Some("硚口区"));
    }

    #[test]
    fn title_in_book_title_marks() {
        let m = meta(
            "根据《中华人民共和国政府信息公开条例》和上级相关文件要求,我局组织编制了《苍溪县自然资源局2024年政府信息公开工作年度报告》(以下简称《年度报告》),现向社会公布。所列数据统计期限从2024年1月1日起至2024年12月31日。\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("苍溪县自然资源局2024年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("苍溪县自然资源局"));
        assert_eq!(m.region.as_deref(), Some("苍溪县"));
        assert_eq!(m.year, Some(2024));
    }

    #[test]
    fn traditional_chrome_with_glosses() {
        let m = meta(
            "索 引 號:\n信息分類:\n政府信息公開年報\n發(fā)布日期:\n2022-01-10\n標題:\n新榮區(qū)衛(wèi)生健康和體育局2021年政府信息公開工作年度報告\n文號:\n來源:衛(wèi)生健康和體育局\n根據(jù)規定要求,我局完成了年度報告。\n2022年1月8日\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("新榮區衛生健康和體育局2021年政府信息公開工作年度報告")
        );
        assert_eq!(m.organ.as_deref(), Some("新榮區衛生健康和體育局"));
        assert_eq!(m.region.as_deref(), Some("新榮區"));
        assert_eq!(m.year, Some(2021));
        assert_eq!(m.publish_date, Date::new(2022, 1, 10));
        assert_eq!(
            m.index_number, None,
            "an empty 索引号 label is not followed by a value"
        );
    }

    #[test]
    fn pipe_chrome_repost_year_is_not_the_year() {
        let m = meta(
            "當前位置 : 首頁 |\n索引號: | 1133068200259085XF/2015-28256 | 公開方式: | 主動公開 |\n文號: | 公開日期: | 2015-07-27 16:32 | |\n發(fā)布單位: | 下管鎮(zhèn) |\n2009年度下管鎮(zhèn)政府信息公開年度報(bào)告 | ||\n根據規定,現將2009年我鎮政府信息公開年度報告如下:\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("2009年度下管鎮政府信息公開年度報告")
        );
        assert_eq!(m.organ.as_deref(), Some("下管鎮"));
        assert_eq!(m.year, Some(2009));
        assert_eq!(m.publish_date, Date::new(2015, 7, 27));
        assert_eq!(
            m.index_number.as_deref(),
            Some("1133068200259085XF/2015-28256")
        );
        assert_eq!(m.region, None);
    }

    #[test]
    fn signing_date_is_not_a_publish_date_and_signature_gives_region() {
        let m = meta(
            "2018年建新镇政府信息公开工作年度报告\n\n作者:本站原创 | 来源:本站原创 | 时间:2019-01-18 点击数:- 分享到:\n建新镇特向社会公开2018年度建新镇政府信息公开年度报告。\n一、主动公开政府信息的情况\n我镇没有收费。\n          遂溪县建新镇人民政府\n          2018年12月31日\n",
        );
        assert_eq!(m.publish_date, Date::new(2019, 1, 18));
        assert_eq!(m.organ.as_deref(), Some("建新镇"));
        assert_eq!(m.region.as_deref(), Some("遂溪县"));
        assert_eq!(m.year, Some(2018));

        let m = meta("XX镇政府信息公开年度报告正文如下。\n我镇没有收费。\n遂溪县建新镇人民政府\n2018年12月31日\n");
        assert_eq!(
            m.publish_date, None,
            "a signing date at the end is not a publish date"
        );
    }

    #[test]
    fn publishing_office_is_not_the_organ() {
        let m = meta(
            "政府信息公开\n福州市晋安区2016年政府信息公开工作年度报告\n来源:区人民政府办公室 时间:2017-01-12 10:01\n本报告由福州市晋安区人民政府信息公开办编制。本报告统计数据从2016年1月1日至2016年12月31日止。\n",
        );
        assert_eq!(
            m.title.as_deref(),
            Some("福州市晋安区2016年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("福州市晋安区"));
        assert_eq!(
            m.region.as_deref(),
            Some("福州市"),
            "a district's region is its city"
        );
        assert_eq!(m.publish_date, Date::new(2017, 1, 12));
        assert_eq!(m.year, Some(2016));
    }

    #[test]
    fn titles_that_start_with_the_year_name_their_organ() {
        // Glued to the body on one line.
        let m = meta("2022年桐荷镇政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》和上级有关要求，桐荷镇编制了本报告。\n");
        assert_eq!(m.organ.as_deref(), Some("桐荷镇"));
        assert_eq!(m.year, Some(2022));
        // Split over two lines, under a publisher field naming another office.
        let m = meta("索引号：659198142/2023-58831 发布机构：海洪市人民政府办公室 公开日期：2023-02-04\n2022年海洪市民政局政府信息公开工作\n年度报告\n本报告依据《条例》编制。\n");
        assert_eq!(m.organ.as_deref(), Some("海洪市民政局"));
        // Without an organ, the year is not one.
        let m = meta("2022年度政府信息公开工作年度报告 根据《条例》编制。\n");
        assert_eq!(m.organ, None);
    }

    #[test]
    fn places_that_start_like_clause_words() {
        for (title, organ) in [
            ("通州区2021年政府信息公开工作年度报告", "通州区"),
            ("通峨镇2019年政府信息公开工作年度报告", "通峨镇"),
            ("根河市2020年政府信息公开工作年度报告", "根河市"),
        ] {
            assert_eq!(
                meta(&format!("{title}\n")).organ.as_deref(),
                Some(organ),
                "{title}"
            );
        }
    }

    #[test]
    fn a_department_of_urban_management_is_not_in_a_place_called_cheng() {
        let m = meta("谷祥市城市管理综合执法局2023年政府信息公开工作年度报告\n");
        assert_eq!(m.organ.as_deref(), Some("谷祥市城市管理综合执法局"));
        assert_eq!(m.region.as_deref(), Some("谷祥市"));
    }

    #[test]
    fn organ_from_sentences() {
        let m = meta(
            "根据《条例》要求,现公布西秀区黄腊乡2020年政府信息公开工作年度报告。\n一、总体情况\n",
        );
        assert_eq!(m.organ.as_deref(), Some("西秀区黄腊乡"));
        assert_eq!(m.region.as_deref(), Some("西秀区"));
        assert_eq!(m.year, Some(2020));
        assert_eq!(
            m.title, None,
            "a report named in a sentence is not a printed title"
        );

        let m = meta("根据有关文件要求,由闽清县市场监督管理局编制本报告。本报告中所列数据的统计时限自2021年1月1日至2021年12月31日。\n");
        assert_eq!(m.organ.as_deref(), Some("闽清县市场监督管理局"));
        assert_eq!(m.region.as_deref(), Some("闽清县"));

        let m =
            meta("一、总体情况\n2022年,下桥镇坚持以人民为中心,紧紧围绕县委、县政府中心工作。\n");
        assert_eq!(m.organ.as_deref(), Some("下桥镇"));
        assert_eq!(m.region, None, "no county named");
        assert_eq!(m.year, Some(2022));

        let m =
            meta("本报告由南平市人民政府信息公开工作领导小组办公室根据《条例》要求编制而成。\n");
        assert_eq!(m.organ.as_deref(), Some("南平市人民政府"));
        assert_eq!(
            m.region, None,
            "a city's own report has no enclosing region"
        );

        let m = meta("如对本报告有任何疑问,请与衢州市衢江区湖南镇政府综合督考办公室联系。\n2021年,我镇深入贯彻实施《条例》。\n");
        assert_eq!(m.organ.as_deref(), Some("衢州市衢江区湖南镇政府"));
        assert_eq!(m.region.as_deref(), Some("衢江区"));
    }

    #[test]
    fn a_unit_that_publishes_is_the_organ_and_a_department_s_office_compiles_for_it() {
        let organ = |s: &str| meta(s).organ;
        // A unit of a city government, named by the title or by 现公布.
        for (text, want) in [
            (
                "肇庆市政府研究室2023年政府信息公开工作年度报告\n本报告依据《条例》编制。\n",
                "肇庆市政府研究室",
            ),
            (
                "根据《条例》规定，现公布肇庆市政府参事室2023年政府信息公开工作年度报告。\n",
                "肇庆市政府参事室",
            ),
            (
                "根据《条例》规定，现公布肇慶市人民政府研究室2023年政府信息公開工作年度報告。\n",
                "肇慶市人民政府研究室",
            ),
            // A department's own office compiles the department's report.
            ("本报告由淮安市气象局办公室根据《条例》规定编制。\n", "淮安市气象局"),
            (
                "本报告由宜城市供销联社结合工作实际编制。\n一、总体情况\n市供销联社认真落实《条例》。\n",
                "宜城市供销联社",
            ),
            // A government's office compiles the government's report, but
            // for a report that speaks as the office.
            ("本报告由淮安市人民政府办公室根据《条例》规定编制。\n", "淮安市人民政府"),
            (
                "本报告由新疆维吾尔自治区人民政府办公厅汇总各地、各部门年度报告编制而成。\n",
                "新疆维吾尔自治区人民政府",
            ),
            (
                "本报告由淮安市人民政府办公室根据《条例》规定编制。\n2022年，我办坚持以公开为常态。\n",
                "淮安市人民政府办公室",
            ),
            // A section of the office compiles its organ's report.
            (
                "本报告由无锡市锡山区人民政府厚桥街道党政办公室综合科编制。\n",
                "无锡市锡山区人民政府厚桥街道",
            ),
        ] {
            assert_eq!(organ(text).as_deref(), Some(want), "{text}");
        }
        // A clause that only looks like a name (…的政府) gives none.
        assert_ne!(
            organ("本报告由秦淮区人民政府办公室综合区政府所属各行政机关的政府信息公开年度总结报告编制而成。\n").as_deref(),
            Some("秦淮区人民政府办公室综合区政府所属各行政机关的政府")
        );
    }

    #[test]
    fn an_index_number_glued_to_its_label_and_a_date_published_as_fabiao() {
        let m = meta("索引号000014349/2026-09781 分类县市区\n发表日期:2026-01-26    文章来源:大冶市自然资源和规划局\n大冶市自然资源和规划局2025年政府信息公开工作年度报告\n一、总体情况\n");
        assert_eq!(m.index_number.as_deref(), Some("000014349/2026-09781"));
        let d = m.publish_date.unwrap();
        assert_eq!((d.year, d.month, d.day), (2026, 1, 26));
        // A word glued to the label is no value.
        let m = meta("本页索引号为必填项 12345\n某某县2022年政府信息公开工作年度报告\n");
        assert_eq!(m.index_number, None);
    }

    #[test]
    fn the_report_s_own_title_wins_over_the_site_s_header() {
        let m = meta("北京市西城区人民政府\n\n政府信息公开年报\n\n北京市西城区人民防空办公室2020\n\n政府信息公开工作年度报告\n\n发布时间:2021-01-19\n本报告是根据《条例》要求编制的。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("北京市西城区人民防空办公室2020政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("北京市西城区人民防空办公室"));
    }

    #[test]
    fn customs_name_themselves_and_info_boxes_date_the_page() {
        let m = meta("您的位置:首页 > 信息公开 > 计划总结\n广州海关2015年海关政府信息公开年度报告\n根据《条例》有关规定,现编制我关2015年海关政府信息公开年度报告如下:\n");
        assert_eq!(m.organ.as_deref(), Some("广州海关"));
        let m = meta("2014年以来,结合工作实际情况,特编制并向社会公布金水区发展改革和统计局2014年度政府信息公开年度报告如下:\n一、工作开展情况\n");
        assert_eq!(m.organ.as_deref(), Some("金水区发展改革和统计局"));
        // A zone's office compiles the zone's report; a road is no part of
        // an organ's name.
        let m = meta("本报告由临沂高新区党政办公室根据《条例》要求编制。\n");
        assert_eq!(m.organ.as_deref(), Some("临沂高新区"));
        let m = meta("通道县卫生健康局2022年度政府信息公开年度报告\n如对本报告有任何疑问,请与通道侗族自治县卫生健康局联系(地址:通道县双江镇镇吉祥路卫生健康局,邮编:418500)。\n");
        assert_eq!(m.organ.as_deref(), Some("通道县卫生健康局"));
        // The compiler with its short form in brackets, or the work it
        // compiled around.
        for (text, want) in [
            ("本年度报告根据《条例》要求,由上海市经济和信息化委员会(以下简称我委)编制。\n", "上海市经济和信息化委员会"),
            ("本年度报告根据《条例》要求,由安康市统计局围绕2020年度政府信息公开工作情况编制而成。\n", "安康市统计局"),
        ] {
            assert_eq!(meta(text).organ.as_deref(), Some(want), "{text}");
        }
        // A street named formally, with its district's government.
        let m = meta("本报告由上海市静安区人民政府共和新路街道办事处编制。\n");
        assert_eq!(
            m.organ.as_deref(),
            Some("上海市静安区人民政府共和新路街道办事处")
        );
        // A capture at the very start that is no name ends the search.
        let m = meta("本局编制了2014年政府信息公开工作年度报告。\n");
        assert_eq!(m.organ, None);
        for (text, want) in [
            ("信息提供日期 : 2019-02-20 16:48来源 : 香蜜湖街道办事处\n香蜜湖街道办事处2018年政府信息公开工作年度报告\n", (2019, 2, 20)),
            ("索引号: 11341200/2014-00012 发布机构: 阜阳市国防动员办公室 生成日期: 2014-02-28\n阜阳市国防动员办公室2013年政府信息公开工作年度报告\n", (2014, 2, 28)),
            ("• 公文生成日期:2019-01-03\n永春县交通运输局2018年政府信息公开工作年度报告\n时间:2019-01-14 08:41\n", (2019, 1, 14)),
        ] {
            let d = meta(text).publish_date.unwrap();
            assert_eq!((d.year, d.month, d.day), want, "{text}");
        }
    }

    #[test]
    fn a_year_compared_with_is_not_the_report_s() {
        let m = meta("一、總體情況\n2019年,我委持續推進政務公開。主動公開信息較2018年減少1項,較2018年增加2項,比2018年多3條。\n");
        assert_eq!(m.year, Some(2019));
        let m = meta("一、概述\n在2011年工作的基础上,我局进一步规范公开。对2012年以来的信息进行了全面的梳理。\n");
        assert_eq!(m.year, Some(2012));
    }

    #[test]
    fn a_title_the_first_sentence_runs_on_from() {
        let m = meta("木里县人民政府2014年政府信息公开工作年度报告(以下简称年报),根据《中华人民共和国政府信息公开条例》要求编制。\n一、概述\n");
        assert_eq!(
            m.title.as_deref(),
            Some("木里县人民政府2014年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("木里县人民政府"));
        // A line that lists reports is no title.
        let m = meta("本压缩包收录三洞市政府信息公开工作年度报告，共12份。\n");
        assert_eq!(m.organ, None);
        assert_eq!(m.title, None);
    }

    #[test]
    fn labels_in_brackets_of_a_box_laid_out_as_a_table() {
        let m = meta("[ 索 引  号 ] | tanchenggkjdzcyy/2019-0000013 | [ 文 号 ] | [ 发布机构 ] | 郯城县郯城经济开发区管委会 | |\n[ 成文日期 ] | 2019-03-20 | [ 公开日期 ] | 2019-03-25 | [ 有 效 性 ] | 有效中 |\n郯城经济开发区管委会2018年政府信息公开工作年度报告\n");
        assert_eq!(
            m.index_number.as_deref(),
            Some("tanchenggkjdzcyy/2019-0000013")
        );
        let d = m.publish_date.unwrap();
        assert_eq!((d.year, d.month, d.day), (2019, 3, 25));
    }

    #[test]
    fn an_index_number_under_its_label_in_a_box_laid_out_as_a_table() {
        let m = meta("索引号 | 公开方式 | 发布机构 |\n116223010139324488/2010-00023 | 主动公开 | 凉州区张义镇人民政府 |\n一、概述\n");
        assert_eq!(
            m.index_number.as_deref(),
            Some("116223010139324488/2010-00023")
        );
        // Another column's value is not taken.
        let m = meta("公开方式 | 索引号 |\n主动公开 | 凉州区张义镇人民政府 |\n一、概述\n");
        assert_eq!(m.index_number, None);
    }

    #[test]
    fn a_byline_dates_the_page() {
        for text in [
            "灵川县2022年政府信息公开工作年度报告\n2023-01-31 09:05:00 来源: 灵川县政务服务管理办公室\n根据《条例》规定，特向社会公布2022年度报告。\n",
            "某某区2025年政府信息公开工作年度报告\n  • 2026-01-27 14:42\n  • 来源: 武汉东湖新技术开发区\n一、总体情况\n",
        ] {
            let d = meta(text).publish_date.unwrap();
            assert_eq!((d.year, d.month), (if text.contains("灵川") { (2023, 1) } else { (2026, 1) }), "{text}");
        }
        // A date and time with no byline beside it dates nothing.
        let m = meta("某某县2022年政府信息公开工作年度报告\n2023-01-31 09:05:00\n一、总体情况\n");
        assert_eq!(m.publish_date, None);
    }

    #[test]
    fn a_title_whose_year_lacks_its_nian_names_the_organ() {
        let m = meta("海南省旅游和文化广电体育厅2020政府信息公开工作年度报告\n一、总体情况\n2020年,我厅坚持以公开为常态。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("海南省旅游和文化广电体育厅2020政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("海南省旅游和文化广电体育厅"));
        assert_eq!(m.year, Some(2020));
        // Digits that are no year stay part of what they are.
        assert_eq!(bare_year_end("某某局12020"), None);
        assert_eq!(bare_year_end("某某局3000"), None);
    }

    #[test]
    fn clauses_relative_offices_and_zone_kinds_are_no_names() {
        // A clause's verb before a city's name: no organ.
        let m = meta("2022年吉林市卫生健康委政府信息公开工作以《条例》为遵循,贯彻落实吉林市政府信息公开工作部署要求。\n");
        assert_ne!(m.organ.as_deref(), Some("贯彻落实吉林市"));
        // The organ where a report says it publishes or compiles itself.
        for (text, want) in [
            ("根据《条例》要求,特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。本报告包括总体情况。\n", "湛江市人民政府地方志办公室"),
            ("根据《条例》、《海口市政府信息公开规定》,海口市人民政府编制了2018年政府信息公开工作年度报告。全文包括概述。\n", "海口市人民政府"),
            ("根據《中華人民共和國政府信息公開條例》要求,現發布《江蘇省交通運輸廳2020年政府信息公開工作年度報告》。\n一、總體情況\n", "江蘇省交通運輸廳"),
        ] {
            assert_eq!(meta(text).organ.as_deref(), Some(want), "{text}");
        }
        // The subject of the first sentence, after who led the work, or
        // with its work named after it.
        for (text, want) in [
            ("一、总体情况\n2023年,在区委、区政府的坚强领导下,官洲街道办事处认真贯彻落实《条例》。\n", "官洲街道办事处"),
            ("一、总体情况\n2022年度,汤原县人民政府办公室政务公开工作本着“公开为常态”的原则。\n", "汤原县人民政府办公室"),
        ] {
            assert_eq!(meta(text).organ.as_deref(), Some(want), "{text}");
        }
        // A preposition before a listed county is not part of its name.
        let m = meta("一、总体情况\n2019年,我镇高度重视政务公开工作,充分以随县人民政府门户网站为平台。如有疑问,请与随县厉山镇人民政府联系。\n");
        assert_ne!(m.region.as_deref(), Some("以随县"));
        // A place named with a word that also starts sentences keeps it,
        // listed or not (古县 is listed, 和古县 not).
        let m = meta("坪玉镇2018年度政府信息公开工作年度报告\n本报告中所列数据的统计期限自2018年1月1日起至2018年12月31日止。如对本报告有任何疑问，请与和古县坪玉镇人民政府联系。\n");
        assert_eq!(m.region.as_deref(), Some("和古县"));
        // What follows a government in a contact line is cut: its website,
        // its service centre, its offices.
        let m = meta("一、概述\n如对本报告有任何疑问，请与青海省政府信息技术办公室联系。\n");
        assert_eq!(m.organ.as_deref(), Some("青海省政府"));
        let m = meta("一、概述\n本报告电子版可在洪泉县人民政府门户网站下载。如有疑问，请与洪泉县人民政府门户网站联系。\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉县人民政府"));
        let m = meta("一、概述\n如对本报告有任何疑问,请与永定县政府信息中心联系(地址:永定县凤城镇中山路1号)。\n");
        assert_eq!(m.organ.as_deref(), Some("永定县政府"));
        // A kind without its name, or 本 before an organ word, names none.
        for text in [
            "大兴乡人民政府\n2018年政府信息公开工作年度报告 如对本报告有任何疑问,请与党政综合办公室联系。\n",
            "一、總體情況\n2019年,在園區主要領導的高度重視下,園區切實加強政府信息公開的日常組織。\n",
            "根据《条例》要求,特编制本厅2013年度政府信息公开工作年度报告。\n",
        ] {
            let o = meta(text).organ;
            assert!(!matches!(o.as_deref(), Some("党政综合办公室" | "園區" | "本厅")), "{text}: {o:?}");
        }
        // A name that spam took the place of is none.
        let m = meta("一、总体情况\n2020年,在区委、区政府的正确领导下,新葡京博彩官网区人民政府北京街道办事处认真贯彻落实《条例》。\n");
        assert_eq!(m.organ, None);
        // A public body whose name holds a word spam also uses stays.
        let m = meta("一、总体情况\n如对本报告有任何疑问，请与湖南省福利彩票发行中心联系。\n");
        assert_eq!(m.organ.as_deref(), Some("湖南省福利彩票发行中心"));
        // Who leads some work is not who compiled the report.
        let m = meta("2023年，我镇成立工作领导小组，由党政综合与乡村振兴办牵头，相关部门配合，做好信息公开。\n");
        assert_eq!(m.organ, None);
        // An organ's short form in brackets is no second name of it.
        let m = meta("自治区北部湾办2022年政府信息公开工作年度报告\n本年度报告由广西壮族自治区北部湾经济区规划建设管理办公室(以下简称自治区北部湾办)编制。\n");
        assert!(!m.organ.unwrap_or_default().contains("以下简称"));
        // 院办公室 is this hospital's own office.
        let m = meta("2021年，由院办公室牵头，要求各科室落实政府信息公开工作。\n");
        assert_eq!(m.organ, None);
        // 经济 starts names, 经 alone a clause.
        let m = meta("经济技术开发区经济发展局2021年政府信息公开工作年报\n一、总体情况\n");
        assert_eq!(m.organ.as_deref(), Some("经济技术开发区经济发展局"));
        assert_eq!(
            m.title.as_deref(),
            Some("经济技术开发区经济发展局2021年政府信息公开工作年报")
        );
        assert!(!valid_organ("经县政府"));
        // A zone's kind without its name is no region.
        for organ in ["新区卫生健康委员会", "经开区经发局"] {
            assert_eq!(find_region(organ, "", ""), None, "{organ}");
        }
        assert_eq!(
            find_region("兰州新区卫生健康委员会", "", "").as_deref(),
            Some("兰州新区")
        );
    }

    #[test]
    fn a_site_s_name_after_the_title_is_not_the_title_s() {
        let m = meta("兰州新区卫生健康委员会2020年政府信息公开工作年度报告-某某网平台\n一、总体情况\n新区卫生健康委员会认真落实《条例》。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("兰州新区卫生健康委员会2020年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("兰州新区卫生健康委员会"));
        // A dash inside a sentence after 报告 is no site's name.
        assert_eq!(without_site_name("见年度报告-"), None);
    }

    #[test]
    fn a_title_or_a_report_phrase_that_names_another_year_than_the_period_is_noted() {
        let conflict = |s: &str| {
            let t = normalise(s);
            year_named_otherwise(&t, &extract_metadata(&t))
        };
        let slip = "按照要求，编制了2021年政府信息公开年度报告。统计期限自2020年1月1日起至2020年12月31日止。\n一、总体情况\n";
        assert_eq!(
            meta(slip).year,
            Some(2020),
            "the period still gives the year"
        );
        assert_eq!(conflict(slip), Some(2021));
        let titled =
            "某某县2021年政府信息公开工作年度报告\n本报告统计期限自2020年1月1日至12月31日。\n";
        assert_eq!(conflict(titled), Some(2021));
        // Agreeing, or no period: nothing to note.
        assert_eq!(conflict(&slip.replace("2021", "2020")), None);
        assert_eq!(
            conflict("某某县2021年政府信息公开工作年度报告\n一、总体情况\n"),
            None
        );
    }

    #[test]
    fn organ_from_a_contact_office_or_a_wrapped_sentence() {
        // A contact office is its organ's own office.
        for (text, organ) in [
            (
                "如对本报告有任何疑问，请与怀文县桐西镇党政办公室联系。\n",
                "怀文县桐西镇",
            ),
            (
                "如对本报告有任何疑问，请与和泉县人民政府办公室联系。\n",
                "和泉县人民政府",
            ),
            (
                "如对本报告有任何疑问，请与武桃市信访局办公室联系。\n",
                "武桃市信访局",
            ),
            (
                "如对本报告有任何疑问，请与溪松县人民政府办公室办公室联系。\n",
                "溪松县人民政府办公室",
            ),
            // A unit for disclosure of the office speaks for the office's
            // organ, as the office does.
            (
                "如对本报告有疑问，可直接与和泉县人民政府办公室政府信息公开中心联系（地址：和泉县花园路1号）。\n",
                "和泉县人民政府",
            ),
            (
                "如对本报告有任何疑问，请与武桃市信访局政务公开科联系。\n",
                "武桃市信访局",
            ),
        ] {
            assert_eq!(meta(text).organ.as_deref(), Some(organ), "{text}");
        }
        // A sentence hard-wrapped inside the organ's name or after the year.
        let m = meta("根据《中华人民共和国政府信息公开条例》要求，现公布洪泉县人\n民政府办公室2022年度政府信息公开工作年度报告。本报告\n");
        assert_eq!(m.organ.as_deref(), Some("洪泉县人民政府办公室"));
        let m = meta(
            "根据《条例》要求，现公布河虹市体育局2022年\n度政府信息公开工作年度报告。本报告依据\n",
        );
        assert_eq!(m.organ.as_deref(), Some("河虹市体育局"));
    }

    #[test]
    fn a_one_line_page_whose_title_sets_the_year_apart() {
        let m = meta("仙花市卫生健康委员会 2019 年政府信息公开工作年度报告 根据《中华人民共和国政府信息公开条例》规定，现将2019年度政府信息公开工作情况报告如下。一、总体情况在上级政务公开办的指导下，仙花市卫生健康委员会把政府信息公开工作纳入重要议事日程。");
        assert_eq!(
            m.title.as_deref(),
            Some("仙花市卫生健康委员会 2019 年政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("仙花市卫生健康委员会"));
        assert_eq!(m.year, Some(2019));
    }

    #[test]
    fn region_from_portal_or_county_prefix() {
        let m = meta(
            "本年度报告电子版可以从突泉县人民政府门户网站下载。如有疑问,请与永安镇人民政府联系。\n",
        );
        assert_eq!(m.organ.as_deref(), Some("永安镇人民政府"));
        assert_eq!(m.region.as_deref(), Some("突泉县"));
        // The same sentence hard-wrapped inside the site's name.
        let m = meta(
            "天通镇\n政府信息公开工作年度报告\n本报告电子版可在“文泰县人民政府\n门户网站”（http://www.example.gov.cn）政府\n信息公开专栏查阅和下载。\n",
        );
        assert_eq!(m.region.as_deref(), Some("文泰县"));
        // A town's name broken over two lines after its county's.
        let m = meta(
            "田武街道\n2021年政府信息公开工作年度报告\n如对本报告有任何疑问，请与谷丰县田\n武街道党政办公室联系。\n",
        );
        assert_eq!(m.region.as_deref(), Some("谷丰县"));

        let m = meta("四季镇 2019 年政府信息公开工作报告\n如对本报告有任何疑问,请与岚皋县四季镇人民政府联系。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("四季镇 2019 年政府信息公开工作报告")
        );
        assert_eq!(m.organ.as_deref(), Some("四季镇"));
        assert_eq!(m.region.as_deref(), Some("岚皋县"));

        let m = meta("广东省人民政府办公厅2023年政府信息公开工作年度报告\n");
        assert_eq!(m.region, None, "a province is not a region");
        let m = meta("上海市人民政府办公厅2019年政府信息公开工作年度报告\n");
        assert_eq!(m.region.as_deref(), Some("上海市"));
        let m = meta("平潭综合实验区地方税务局2013年信息公开年度报告\n");
        assert_eq!(m.organ.as_deref(), Some("平潭综合实验区地方税务局"));
        assert_eq!(m.region, None);
    }

    #[test]
    fn the_page_title_under_a_bulleted_list_of_links_is_kept() {
        let page = "发布机构：武漢市市場監督管理局  发布日期：2023-01-07\n【字体：大 中 小】【打印】\n相关文章：\n· 焦柳市人民政府2020年政府信息公开工作年度报告\n· 天平街道2018年政府信息公开年度报告\n武漢市市場監督管理局2022年政府信息公開工作年度報告\n\n2022年,市市場監管局貫徹落實《中華人民共和國政府信息公開條例》。\n";
        let m = meta(page);
        assert_eq!(
            m.title.as_deref(),
            Some("武漢市市場監督管理局2022年政府信息公開工作年度報告")
        );
        assert_eq!(m.organ.as_deref(), Some("武漢市市場監督管理局"));
        assert_eq!(m.region.as_deref(), Some("武漢市"));
        // Without the title, the city's bureau written relatively
        // (市市場監管局) is no place 市市.
        let m = meta(&page.replace("武漢市市場監督管理局2022年政府信息公開工作年度報告\n", ""));
        assert_ne!(m.region.as_deref(), Some("市市"));
        assert!(
            m.organ.as_deref().is_none_or(|o| !o.starts_with("市市")),
            "{:?}",
            m.organ
        );
        // Font-size buttons glued before a title are no part of it.
        let m = meta(
            "大中小城口县卫生健康委员会2020年政府信息公开工作年度报告\n本报告根据《条例》编制。\n",
        );
        assert_eq!(m.organ.as_deref(), Some("城口县卫生健康委员会"));
    }

    #[test]
    fn a_page_dumped_on_one_line_opens_with_its_title() {
        let body = "本报告依据《中华人民共和国政府信息公开条例》编制。报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。一、总体情况 山昌镇把政府信息公开工作纳入重要议事日程。";
        let m = meta(&format!("山昌镇政府信息公开工作年度报告 {body}\n"));
        assert_eq!(m.title.as_deref(), Some("山昌镇政府信息公开工作年度报告"));
        // A column's name at the start is no title, nor one after a label.
        let m = meta(&format!("政府信息公开年度报告 {body}\n"));
        assert_eq!(m.title, None);
        let m = meta(&format!("名称 山昌镇政府信息公开年报 {body}\n"));
        assert_eq!(m.title, None);
    }

    #[test]
    fn chrome_title_and_dateline() {
        let m = meta("标题: 平潭综合实验区2019年度政府信息公开工作年度报告\n发布时间: 2020-01-20 15:22\n文号: \n发布机构: \n");
        assert_eq!(
            m.title.as_deref(),
            Some("平潭综合实验区2019年度政府信息公开工作年度报告")
        );
        assert_eq!(m.publish_date, Date::new(2020, 1, 20));
        assert_eq!(m.organ.as_deref(), Some("平潭综合实验区"));

        let m = meta("# 沐阳县人民政府 2025 年 政府信息公开工作年度报告\n\n沐阳县人民政府\n(2026年1月23日)\n\n本报告所列数据统计期限从2025年1月1日至2025年12月31日止。\n");
        assert_eq!(
            m.title.as_deref(),
            Some("沐阳县人民政府 2025 年 政府信息公开工作年度报告")
        );
        assert_eq!(m.organ.as_deref(), Some("沐阳县人民政府"));
        assert_eq!(m.publish_date, Date::new(2026, 1, 23));
        assert_eq!(m.region, None);
    }

    #[test]
    fn bullet_chrome_with_values_on_later_lines() {
        let m = meta(
            "返回顶部\n\n镇巴县人民政府工作规则\n\n  • 索引号:\n\n    6107280000/2024-001005\n  • 发文日期:\n\n    2024年04月06日 16:40\n  • 发布日期:\n\n    2024年04月06日 16:34\n",
        );
        assert_eq!(m.index_number.as_deref(), Some("6107280000/2024-001005"));
        assert_eq!(m.publish_date, Date::new(2024, 4, 6));
        assert_eq!(m.title, None, "working rules are not a report title");
    }

    #[test]
    fn bracketed_year_and_neighbour_links() {
        let m = meta("岳西县教育局政府信息公开工作年度报告(2019年度)\n一、总体情况\n");
        assert_eq!(
            m.title.as_deref(),
            Some("岳西县教育局政府信息公开工作年度报告(2019年度)")
        );
        assert_eq!(m.organ.as_deref(), Some("岳西县教育局"));
        assert_eq!(m.year, Some(2019));

        let m = meta(
            "一、总体情况\n我镇认真开展工作。\n上一篇:\n永和镇2018年度政府信息公开工作年度报告\n",
        );
        assert_eq!(
            m.title, None,
            "a link to the previous article is not this report's title"
        );
    }

    #[test]
    fn column_labels_are_not_titles() {
        for label in [
            "政府信息公开年报",
            "政府信息公开工作年度报告",
            "政务公开年报",
        ] {
            assert!(!is_report_title(label), "{label}");
        }
        assert!(is_report_title("西岩镇政府信息公开工作年度报告"));
        assert!(is_report_title("2019年政府信息公开工作报告"));
    }

    #[test]
    fn page_title_with_site_name() {
        let m = meta("平潭综合实验区2019年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会\n首页\n");
        assert_eq!(
            m.title.as_deref(),
            Some("平潭综合实验区2019年度政府信息公开工作年度报告")
        );
        assert_eq!(m.year, Some(2019));
    }

    #[test]
    fn a_period_under_a_time_label_is_not_a_date() {
        let m = meta("统计时间: 2019年1月1日至2019年12月31日\n");
        assert_eq!(m.publish_date, None);
        assert_eq!(m.year, Some(2019));
    }
}
