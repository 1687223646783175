//! Is this document an annual report at all, and, when no template table
//! vocabulary is found, is it an old free-prose (`narrative`) report or a
//! template report whose tables are not in the text (`unknown`)?
//!
//! Crawls of the 政府信息公开年报 columns bring in many documents that share
//! the reports' vocabulary without being reports: notices (通知) and letters
//! (函), disclosure guides (指南), regulations and working rules, the
//! 政府网站工作年度报表 (website statistics form), encyclopedia articles that
//! quote the 条例, and navigation pages that only link. They are told apart by
//! their form (an addressee and 通知如下, a title ending in 指南/规则/函, 第一章
//! chapters, no sentences at all), never by their chrome, which reports share.
//! Anything that speaks of itself as a report (本报告, 统计期限, the template's
//! section names) is kept as a report unless its form says otherwise.

use std::sync::LazyLock;

use regex::Regex;

use super::metadata::{
    clean_line, compact, head, is_han, is_report_title, strip_glosses, tail, HEAD_BYTES,
};
use crate::decode::lines::split_lines;
use crate::model::{Metadata, Template};

/// What the extract stage found of the templates' tables in a document.
#[derive(Clone, Copy, Debug, Default)]
pub struct Found {
    /// A table of the templates (its header or its rows).
    pub tables: bool,
    /// A number printed in one of their rows.
    pub numbers: bool,
}

/// Why a document is not an annual report, or `None` when it is one.
pub fn not_a_report_reason(text: &str, meta: &Metadata, found: Found) -> Option<String> {
    let tables = found.tables;
    let head_text = strip_glosses(head(text, HEAD_BYTES));
    // Only "under 20" and "under 200" are asked of it: counting stops there.
    let han = head_text.chars().filter(|&c| is_han(c)).take(200).count();
    if han < 20 {
        return Some(
            "The document holds almost no Chinese text, so it cannot be an annual report.".into(),
        );
    }
    let early = head(&head_text, 6 * 1024);

    // A notice or a letter, whatever it talks about.
    if NOTICE_FORM.is_match(early) {
        if WEBSITE_FORM.is_match(&head_text) {
            return Some(
                "It is a notice about the government-website annual statistics form (政府网站工作年度报表), not a disclosure report."
                    .into(),
            );
        }
        if early.contains("函告") {
            return Some("It is a letter (函) to a higher office, not an annual report.".into());
        }
        return Some(
            "It is a notice addressed to other offices (通知), not an annual report.".into(),
        );
    }

    let self_evidence = REPORT_SELF.is_match(&head_text);
    let evidence = self_evidence || meta.title.is_some();
    let lines: Vec<&str> = split_lines(&head_text)
        .map(clean_line)
        .filter(|l| !l.is_empty())
        .collect();
    // A sample text (范文) of a document-sharing site: it says so in its
    // title, or where a report prints its year and its documents' numbers
    // it prints placeholders (20xx年, 〔xxxx〕xx号, xxx条); either way it
    // reports on no year. A report whose year was found is kept whatever
    // it prints or is called.
    if !tables && meta.year.is_none() {
        let titled = lines.first().is_some_and(|l| SAMPLE_TITLE.is_match(l));
        if titled || PLACEHOLDER.find_iter(&head_text).take(2).count() == 2 {
            return Some(
                "It is a sample text (范文), with placeholders or no year for its figures, not a report."
                    .into(),
            );
        }
    }
    // A regulation or working rules, set out in chapters and articles
    // (第一章, 第一条 为了…), whatever words of the reports they quote. A
    // report's 第二十条第(一)项 headings are no articles.
    // Both begin with 第: other lines are passed over without the
    // expressions, and a document with tables is no regulation.
    let numbered = || lines.iter().filter(|l| l.starts_with('第'));
    let chapters = || numbered().filter(|l| CHAPTER.is_match(l)).count();
    let articles = || numbered().filter(|l| ARTICLE.is_match(l)).count();
    if !tables && (chapters() >= 2 || articles() >= 3) {
        return Some(
            "It is the text of a regulation or of working rules (章/条), not an annual report."
                .into(),
        );
    }

    // A document that names itself something else (a notice, a report on
    // another subject) and prints not one figure of the templates is what
    // its title says, though it speaks of the reports (本报告, the
    // template's section names): the notice that issues the template, a
    // performance review. A report's own title, when one is found, wins.
    // So does the title of a document that never presents itself as a
    // report.
    if !evidence || (meta.title.is_none() && !found.numbers) {
        if let Some(reason) = document_title(&lines).and_then(|t| kind_from_title(&t, &head_text)) {
            return Some(reason);
        }
    }
    // 。's last byte ends many characters: a search for the whole
    // character, not for that byte.
    let sentences = memchr::memmem::find_iter(head_text.as_bytes(), "。".as_bytes()).count();
    if !evidence {
        if ENCYCLOPEDIA.is_match(head(&head_text, 600)) {
            return Some("It is an encyclopedia article about the disclosure regulations, not an annual report.".into());
        }
        if WEBSITE_FORM.is_match(&head_text) && !head_text.contains("信息公开工作年度报告")
        {
            return Some(
                "It is the government-website annual statistics form (政府网站工作年度报表), not a disclosure report.".into(),
            );
        }
        if han < 200 && sentences == 0 {
            return Some(
                "It is a navigation or column page that only lists links, not a report.".into(),
            );
        }
    }

    // A column page listing several reports' titles and little prose (a
    // line of summary under each title may speak of 本报告).
    if !tables && (sentences < 3 && !self_evidence || sentences < 10) {
        let mut titles: Vec<String> = Vec::new();
        for l in &lines {
            for piece in l.split(['|', '\t']) {
                let c = compact(piece);
                let c = c.trim_end_matches(|ch: char| {
                    ch.is_ascii_digit() || ch == '-' || ch == '/' || ch == ':'
                });
                // One report's title under several labels (名称 …, 文件下载
                // …, then as the heading) is one report: a title holding
                // another, or held by it, is the same.
                let same = |t: &String| t.contains(c) || c.contains(t.as_str());
                if is_report_title(c) && !titles.iter().any(same) {
                    titles.push(c.to_string());
                }
            }
        }
        if titles.len() >= 3 {
            return Some(
                "It is a column page listing links to several reports, not a report itself.".into(),
            );
        }
    }
    // A page about a report (a news item, an explainer) names it and quotes
    // its figures in sentences; the report itself prints its tables.
    if !tables {
        let first_line = lines.first().copied().unwrap_or("");
        if NEWS_FORM.is_match(&head_text)
            || MEETING_TITLE.is_match(first_line)
            || EXPLAINER_TITLE.is_match(first_line)
            || EXPLAINER_SELF.is_match(early)
        {
            return Some(
                "It is a news item or an explainer about an annual report, not the report itself."
                    .into(),
            );
        }
    }
    // A school's report on its own disclosure (高等学校信息公开办法, a 学年
    // for its period) follows the education ministry's rules, not the
    // 条例's templates: another kind of report, whose 学年 is no calendar
    // year. A government's report never counts by 学年 and names that rule
    // only in its body, if at all.
    if !tables && SCHOOL_REPORT.is_match(head(&head_text, 1200)) {
        return Some(
            "It is a school's report on its own information disclosure (高等学校信息公开办法, by 学年), not a government's annual report."
                .into(),
        );
    }
    // A report says what it is: by its title, by speaking of itself as a
    // report (本报告, 统计期限, the template's section names) or by printing
    // the templates' tables. A catalogue, a disclosure log, a guide or a
    // performance review that does none of these is not one.
    if !evidence && !tables {
        return Some(
            "It does not present itself as an annual report on government information disclosure: no report title, no mention of itself as one, no table of the templates."
                .into(),
        );
    }
    // A report on information disclosure speaks of it somewhere (the
    // 条例's name, 主动公开, 依申请公开): an annual report that never does
    // (a company's 年度报告) is another kind of report. The templates'
    // tables are the evidence of a report that prints only them.
    if !tables && !DISCLOSURE_WORD.is_match(&head_text) && !DISCLOSURE_WORD.is_match(text) {
        return Some(
            "It never speaks of information disclosure (信息公开, 政务公开), so it is no disclosure report."
                .into(),
        );
    }
    None
}

/// The template of a report in which no table vocabulary of either official
/// template was found: `Narrative` or `Unknown`.
///
/// Reports on years before 2019 predate both templates and are prose. From
/// 2019 on, a report that follows the template's structure (its section
/// names, 第二十条 …) but shows no tables lost them (an excerpt, tables as
/// images): `Unknown`; so does one whose text stops mid-sentence, since its
/// tables may be in the part that is missing. A complete report that never
/// mentions the template's parts is a prose-only report: `Narrative`.
pub fn prose_template(text: &str, meta: &Metadata) -> Template {
    if meta.year.is_some_and(|y| y <= 2018) {
        return Template::Narrative;
    }
    // Glosses (處(chǔ)) can split a marker; they are stripped from the head
    // only, so that a huge document is not copied.
    let head_text = strip_glosses(head(text, 4 * HEAD_BYTES));
    if TEMPLATE_ERA.is_match(text) || TEMPLATE_ERA.is_match(&head_text) {
        return Template::Unknown;
    }
    if meta.year.is_none() && OLD_STYLE.is_match(head(&head_text, HEAD_BYTES)) {
        return Template::Narrative;
    }
    if looks_truncated(text) {
        return Template::Unknown;
    }
    Template::Narrative
}

// ---------------------------------------------------------------------------

/// The wording of notices and letters: 现就有关事项通知如下, 特此函告, 请遵照执行.
static NOTICE_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"通知如下|函告如下|特此通知|特此函告|特此函復|特此函复|請遵照執行|请遵照执行|请认真贯彻执行|請認真貫徹執行|印发给你们|印發給你們|现印发|現印發",
    )
    .unwrap()
});

/// How a news item speaks: a reporter's byline, 本报讯, 报告显示 (the
/// report shows …).
static NEWS_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]\s*(?:记者|通讯员)|本报讯|报告显示|报告指出").unwrap());

/// The title of a news item about a meeting (…召开…部署会, 举办…培训会).
static MEETING_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:召开|召開|举办|舉辦|举行|舉行)[^。]{0,50}(?:会|會|培训|培訓|班)$").unwrap()
});

/// The title of an explainer of a report: 图解, 一图读懂, or a title that
/// ends in the interpretation of a report (《…年度报告》解读, 年报解读; a
/// report's own link to its 解读 names no report before it).
static EXPLAINER_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"图解|一图读懂|一图看懂|图说|(?:报告|報告|年报|年報)[》」]?(?:的)?(?:政策)?(?:解读|解讀)\s*$").unwrap()
});

/// An interpretation saying what it is: 现就年报内容进行如下解读. A report
/// speaks of interpretations it made (政策解读), never of itself as one.
static EXPLAINER_SELF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:作|进行|進行)如下(?:解读|解讀)|(?:解读|解讀)如下").unwrap());

/// A placeholder where a year, a document number or a count belongs:
/// 20xx年, ××年, 〔xxxx〕, xx号, xxx条 (x, X or ×, two or more).
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?:19|20)[xX×]{2}|[xX×]{2,4})年|[〔﹝［\[(（][xX×]{4}[〕﹞］\])）]|[xX×]{2,}(?:号|號|条|條|件|人次)").unwrap()
});

/// A title that says the text is a sample to write from: 范文, 模板, 样本.
static SAMPLE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"范文|範文|模板|模版|样本|樣本|样例|范例|範例|怎么写|怎麼寫").unwrap()
});

static WEBSITE_FORM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"政府网站(?:工作)?年度报表|政府網站(?:工作)?年度報表").unwrap());

/// Words of information disclosure, one of which every report prints: the
/// words that name it ([`DISCLOSURE`]), or those of its two ways (主动公开,
/// 依申请公开).
static DISCLOSURE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let ways = [
        "主动公开",
        "主動公開",
        "依申请公开",
        "依申請公開",
        "公开申请",
        "公開申請",
    ];
    Regex::new(
        &DISCLOSURE
            .iter()
            .chain(&ways)
            .copied()
            .collect::<Vec<_>>()
            .join("|"),
    )
    .unwrap()
});

/// A school's disclosure report: the ministry's rule for universities
/// cited by name, or a school year for its period (2021-2022学年).
static SCHOOL_REPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"《(?:高等学校|高等學校|高校)信息公[开開](?:办法|辦法|事项清单|事項清單)》|\d{4}\s*[-－—–~～至]\s*\d{4}\s*(?:学年|學年)",
    )
    .unwrap()
});

/// How a report speaks of itself.
static REPORT_SELF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:现|現|特)(?:向社会|向社會)?(?:公布|公开|公開|发布|發布)[^。\n]{0,60}(?:报告|報告|年报|年報)|(?:向社会|向社會)(?:公布|公开|公開|发布|發布)[^。\n\d]{0,6}\d{4}\s*年[^。\n]{0,40}(?:报告|報告|年报|年報)|(?:现将|現將)[^。\n]{0,60}(?:进行报告|進行報告|予以报告|予以報告)|本报告|本年度报告|本年报|本報告|本年度報告|本年報|报告如下|報告如下|统计期限|統計期限|统计时限|統計時限|收到和处理政府信息公开申请|收到和處理政府信息公開申請|第二十条第|第二十條第|主动公开政府信息情况|主動公開政府信息情況|[(（][一二三四五六][)）]\s*(?:政府信息管理|平台建设|平臺建設|监督保障|監督保障)|一[、.．]\s*(?:总体情况|總體情況)\s*[(（]一[)）]\s*(?:主动公开|主動公開)|[一二三四五六七][、.．]\s*政府信息(?:主动公开|主動公開)(?:的)?情[况況]",
    )
    .unwrap()
});

static ENCYCLOPEDIA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百科|维基|維基|(?i:wiki)|词条|詞條|打开主菜单|打開主菜單").unwrap()
});

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十百零〇]+章").unwrap());
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十百零〇]+条[^第(（]").unwrap());

/// A document type named by the end of a title.
static DOC_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(指南|目录|目錄|规则|規則|规定|規定|办法|辦法|细则|細則|条例|條例|制度|章程|决定|決定|通知|通告|公告|批复|批復|纪要|紀要|函|意见|意見|方案|要点|要點|计划|計劃|规划|規劃|报表|報表|报告|報告)$",
    )
    .unwrap()
});

static ENUMERATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[(（]|\d|[一二三四五六七八九十]+[、.．])").unwrap());

/// Lines of page furniture that are never a title.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"返回|首页|首頁|主菜单|主菜單|当前位置|當前位置|您的位置|打印|关闭|關閉|分享|收藏|字号|字號|登录|登錄|百科|圖片|图片").unwrap()
});

static TITLE_CHROME: LazyLock<Regex> = LazyLock::new(|| {
    // The field's value after a colon, or between pipes (a table of
    // fields flattened: `信息名称 | … | 内容概述 |`).
    Regex::new(
        r"(?:^|[^\p{Han}])(?:标\s*题|標\s*題|文章标题|信息名称|信息名稱)\s*(?:[:：]\s*(.*)$|\|\s*([^|]*))",
    )
    .unwrap()
});

/// The document's own title: a 标题 field, or the first heading-like line.
fn document_title(lines: &[&str]) -> Option<String> {
    for (i, l) in lines.iter().enumerate().take(60) {
        if let Some(c) = TITLE_CHROME.captures(l) {
            let v = clean_line(c.get(1).or(c.get(2)).map_or("", |m| m.as_str()));
            let v = if v.is_empty() {
                lines.get(i + 1).copied().unwrap_or("")
            } else {
                v
            };
            let v = compact(v);
            if v.chars().count() >= 4 {
                return Some(v);
            }
        }
    }
    for l in lines.iter().take(15) {
        let c = compact(l);
        let n = c.chars().count();
        if !(4..=60).contains(&n) || FURNITURE.is_match(&c) {
            continue;
        }
        // Punctuated lines are prose; enumerated ones (一、 (一) 1.) are
        // section headings (一、健全工作制度), not titles.
        if c.contains([',', '，', '。', ';', '；', ':', '：', '!', '?', '|', '、'])
            || ENUMERATED.is_match(&c)
        {
            continue;
        }
        if DOC_KIND.is_match(&c) {
            return Some(c);
        }
    }
    None
}

const DISCLOSURE: &[&str] = &[
    "信息公开",
    "信息公開",
    "政务公开",
    "政務公開",
    "资讯公开",
    "資訊公開",
];

fn kind_from_title(t: &str, head_text: &str) -> Option<String> {
    let kind = DOC_KIND.captures(t)?.get(1)?.as_str();
    let reason = match kind {
        "指南" | "目录" | "目錄" => "It is a government-information disclosure guide or catalogue (指南/目录), not an annual report.",
        "规则" | "規則" | "规定" | "規定" | "办法" | "辦法" | "细则" | "細則" | "条例" | "條例" | "制度" | "章程" | "决定"
        | "決定" => "It is a regulation or a set of working rules, not an annual report.",
        "通知" | "通告" | "公告" | "批复" | "批復" | "纪要" | "紀要" => "It is a notice, not an annual report.",
        "函" => "It is a letter (函), not an annual report.",
        "意见" | "意見" | "方案" | "要点" | "要點" | "计划" | "計劃" | "规划" | "規劃" => {
            "It is a work plan or a list of key tasks, not an annual report."
        }
        "报表" | "報表" => "It is a statistics form (报表), not an annual disclosure report.",
        _ => {
            // A report on another subject (法治政府建设, 政府工作报告 …).
            let about_disclosure = DISCLOSURE.iter().any(|w| t.contains(w))
                || ["依申请公开", "依申請公開", "主动公开", "主動公開"].iter().any(|w| head_text.contains(w));
            if about_disclosure {
                return None;
            }
            "It is a report on another subject, not an information-disclosure annual report."
        }
    };
    Some(reason.to_string())
}

/// Names of the parts of the 2019/2021 templates that older reports do not
/// use (二、主动公开政府信息情况 is common to both eras, so it is not here).
static TEMPLATE_ERA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"收到和处理政府信息公开申请|收到和處理政府信息公開申請|第二十条第|第二十條第|政府信息公开行政复议、?\s*行政诉讼情况|政府信息公開行政複議、?\s*行政訴訟情況",
    )
    .unwrap()
});

/// Parts of the pre-2019 reports.
static OLD_STYLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"概述|收费及减免|收费和减免|收費及減免|收費和減免|不予公开政府信息|不予公開政府信息|政府信息公开情况统计表")
        .unwrap()
});

/// Page furniture after the end of an article.
static FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"扫一扫|掃一掃|打印|关闭|關閉|分享|附件|返回顶部|返回頂部|收藏|责任编辑|責任編輯|来源|來源|浏览|瀏覽|点击|點擊|【|】|主办|主辦|承办|承辦|版权|版權|备案|備案|(?i:icp)|标识码|標識碼|联系我们|聯繫我們|网站地图|網站地圖|技术支持|技術支持|(?i:copyright)|©|上一篇|下一篇|相关|相關",
    )
    .unwrap()
});

static ENDS_WITH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日|\d{4}-\d{1,2}-\d{1,2})$").unwrap()
});

/// Whether the text stops in the middle of a sentence (an excerpt).
fn looks_truncated(text: &str) -> bool {
    let end = tail(text, 2048);
    let mut lines = end.lines().map(clean_line).filter(|l| !l.is_empty()).rev();
    let mut last = None;
    for l in lines.by_ref().take(12) {
        if FOOTER.is_match(l) && l.chars().count() <= 40 {
            continue;
        }
        last = Some(l);
        break;
    }
    let Some(last) = last else { return false };
    let c = compact(last);
    if c.chars().count() <= 20 || ENDS_WITH_DATE.is_match(&c) {
        return false;
    }
    let end_char = c.chars().last().unwrap_or('。');
    !matches!(
        end_char,
        '。' | '!'
            | '！'
            | '?'
            | '？'
            | '…'
            | '”'
            | '"'
            | ')'
            | '）'
            | '」'
            | '】'
            | '；'
            | ';'
            | '.'
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::normalise;
    use crate::extract::metadata::extract_metadata;

    fn reason(s: &str) -> Option<String> {
        let t = normalise(s);
        let m = extract_metadata(&t);
        not_a_report_reason(&t, &m, Found::default())
    }

    fn template(s: &str) -> Template {
        let t = normalise(s);
        let m = extract_metadata(&t);
        prose_template(&t, &m)
    }

    #[test]
    fn a_report_that_never_speaks_of_disclosure_is_another_kind_of_report() {
        // A listed company's annual report speaks of itself as 本报告.
        let company = "安徽某某环保科技股份有限公司\n2021年年度报告\n所有董事均已出席了审议本报告的董事会会议。\n本年度报告涉及未来计划等前瞻性陈述。\n一、公司信息\n公司名称：安徽某某环保科技股份有限公司\n";
        assert!(reason(company)
            .unwrap()
            .contains("never speaks of information disclosure"));
        // A report that says it publishes or reports itself, in any of
        // the ways real ones do, presents itself.
        for own in [
            "根据《中华人民共和国政府信息公开条例》要求，现公开本单位 2020 年政府信息公开工作年度报告。\n一、总体情况\n2020 年，信访局大力推进政务公开。\n",
            "根据《条例》要求，我镇结合实际情况编制并向社会公布2022年政府信息公开工作年度报告。具体如下：\n一、总体情况\n我镇以政府门户网站为信息公开平台。\n",
            "一、总体情况\n2022年，河东乡认真开展了政务信息公开工作。现将我乡2022年度政府信息公开工作总体情况进行报告。\n1、主动公开情况\n我乡公开206条。\n",
        ] {
            assert_eq!(reason(own), None, "{own}");
        }
        // Rules on the reports speak of publishing them, not of
        // publishing themselves.
        let rules = "县政府信息公开工作年度报告制度.docx\n1、县政府信息公开工作年度报告制度第一条为了全面掌握全县政府信息公开年度工作情况，制定本制度。第二条本制度所称年度报告，是指由政府信息公开单位每个年度向社会公布其上一年度政府信息公开工作情况的报告。\n";
        assert!(reason(rules).is_some());
        // A report's body without its head, known by the sub-headings
        // of the template's section 一.
        let body = "一、總體情況\n2022年,我縣認真貫徹落實《中華人民共和國政府信息公開條例》文件精神。\n(一)主動公開情況。我縣加強政府信息主動公開工作。\n(二)依申請公開情況。2022年,我縣收到政府信息依申請公開。\n(三)政府信息管理情況。2022年,我縣進一步加強了政府網站的管理工作。\n";
        assert_eq!(reason(body), None);
        // Or by the template's first heading and sub-heading together.
        let first = "一、总体情况\n(一)主动公开方面。认真贯彻落实《中华人民共和国政府信息公开条例》,及时按要求更新公开信息公开指南、主动公开目录。\n";
        assert_eq!(reason(first), None);
        // So is an old report's, by its outline's heading.
        let old = "一、概述\n根據《條例》要求,2010年,我局繼續開展政府信息公開工作。\n二、政府信息主動公開情況\n(一)公開情況\n我局2010年共主動公開政府信息175條。\n";
        assert_eq!(reason(old), None);
        // Item headings written 第二十条(一)项 are no articles of a rule.
        let items = "故城县教育局\n2020年政府信息公开工作年度报告\n一、总体情况\n县教育局严格按照《条例》要求开展信息公开工作。\n二、主动公开政府信息情况\n第二十条(一)项:\n规章:本年新制作数量0件。\n第二十条(五)项:\n行政许可:上一年项目数量0件。\n第二十条(六)项:\n行政处罚:上一年项目数量0件。\n第二十条(八)项:\n行政事业性收费:上一年项目数量0件。\n";
        assert_eq!(reason(items), None);
        // A news item about a meeting on the reports is none.
        let meeting = "【工作推进】固镇县召开2023年度政府信息公开工作年报编制和发布部署会\n发布时间:2024-01-10 18:11 来源: 固镇县人民政府\n为认真贯彻落实《中华人民共和国政府信息公开条例》，扎实做好政府信息公开工作年度报告编制工作，在县政府会议室召开了部署会。\n";
        assert!(reason(meeting).unwrap().contains("news item"));
        // A report that only says 特向社会公布 … 年度报告 presents itself.
        let published = "根据《中华人民共和国政府信息公开条例》，特向社会公布2021年国家税务总局某某省税务局政府信息公开年度报告。\n一、总体情况\n2021年，国家税务总局某某省税务局坚持以公开为常态。\n";
        assert_eq!(reason(published), None);
    }

    #[test]
    fn a_school_report_is_not_a_government_report() {
        for school in [
            "2021-2022学年,某某财贸职业学院严格落实《高等学校信息公开办法》《高等学校信息公开事项清单》,现将学院2021-2022年度信息公开工作情况报告如下。\n一、概述\n学院坚持公开为常态。\n",
            "2020-2021学年信息公开工作年度报告\n2021年10月30日\n本年度报告深入贯彻落实《高等学校信息公开办法》精神,现将有关情况报告如下。\n",
            "某某大学2022－2023学年度信息公开工作年度报告\n根据教育部要求，现将我校信息公开工作情况报告如下。本报告统计期限为2022年9月1日至2023年8月31日。\n",
        ] {
            assert!(
                reason(school).unwrap().contains("school"),
                "{school}"
            );
        }
        // An education bureau's report may speak of schools' disclosure in
        // its body: it stays a report.
        let bureau = "某某市教育局2022年政府信息公开工作年度报告\n本报告根据《中华人民共和国政府信息公开条例》编制。\n一、总体情况\n2022年，我局坚持以公开为常态，主动公开政府信息120条。我局推进全市中小学校务公开，督促各校落实学校信息公开事项清单，重点公开招生、收费等信息，回应群众关切，做好政策解读和舆情回应工作，按时更新公开目录，规范依申请公开办理流程，全年未发生因公开引发的行政复议和行政诉讼案件，各项工作平稳有序推进，取得良好成效。\n";
        assert_eq!(reason(bureau), None);
    }

    const REPORT: &str = "2018年建新镇政府信息公开工作年度报告\n作者:本站原创 | 来源:本站原创 | 时间:2019-01-18\n建新镇根据《中华人民共和国政府信息公开条例》规定,特向社会公开2018年度建新镇政府信息公开年度报告。本报告信息数据统计期限为:2018年1月1日至2018年12月31日。\n一、主动公开政府信息的情况\n我镇政府信息公开主要采用线上和线下两种形式进行发布。\n二、政府信息依申请公开办理情况\n2018年度我镇没有接到申请。\n遂溪县建新镇人民政府\n2018年12月31日\n";

    #[test]
    fn reports_are_reports() {
        assert_eq!(reason(REPORT), None);
        // A report excerpt without a title that only speaks of itself.
        assert_eq!(
            reason("一、总体情况\n2022年,下桥镇坚持以人民为中心,按照《中华人民共和国政府信息公开条例》要求,坚定不移地做好政府信息公开工作。\n(一)主动公开政府信息情况\n下桥镇共公开信息46条,其中信息公开指南1条。\n"),
            None
        );
    }

    #[test]
    fn empty_and_junk_are_not_reports() {
        assert!(reason("").is_some());
        assert!(reason("\u{1}\u{2}abc ÿþ 12345 ~~~").is_some());
        let _ = reason(&"。".repeat(100_000));
    }

    #[test]
    fn navigation_page() {
        let r = reason("政府信息公开信息公开部门目录部门政务公开区住建局法定主动公开内容住房保障")
            .unwrap();
        assert!(r.contains("navigation"), "{r}");
    }

    #[test]
    fn guide_rules_letter_notice_encyclopedia() {
        let r = reason("文殊镇政府信息公开指南\n为规范政府信息公开工作,根据《中华人民共和国政府信息公开条例》,编制了《文殊镇政府信息公开指南》。\n一、主动公开\n(一)公开范围\n行政机关主动公开下列各类政府信息:规范性文件、行政许可、政府集中采购。\n").unwrap();
        assert!(r.contains("guide"), "{r}");

        let r = reason("返回顶部\n\n镇巴县人民政府工作规则\n  • 索引号:\n    6107280000/2024-001005\n  • 发布日期:\n    2024年04月06日 16:34\n镇巴县人民政府工作规则\n第一章总则\n一、根据宪法,结合本县实际,制定本规则。\n第二章   组成人员和政府职能\n四、县政府由县长、副县长组成。\n").unwrap();
        assert!(r.contains("rules"), "{r}");

        let r = reason("标题: 关于2014年政府信息公开工作要点落实情况的函\n发布时间: 2014-12-10 00:00\n省政府办公厅: 根据通知要求,现将我区2014年政府信息公开工作要点落实情况函告如下: 一、2014年政府信息公开工作情况 共主动公开政府信息5300余条。\n").unwrap();
        assert!(r.contains("letter"), "{r}");

        let r = reason("各縣(市)、區(qū)人民政府辦公室,市政府有關部門:\n為繼續做好我市2023年度政府網(wǎng)站年度報表填報及發布工作,現(xiàn)就有關事項通知如下:\n一、填報對象和內容\n各部門要編制發布《政府網站工作年度報表》。\n").unwrap();
        assert!(r.contains("website"), "{r}");

        let r = reason("打开主菜单\n\n求真百科\n\n信息公开制度\n\n信息公开是有关保障公民了解权的法律制度。\n第三条 各级人民政府应当加强对政府信息公开工作的组织领导。\n第四条 各级人民政府应当建立健全本行政机关的政府信息公开工作制度,组织编制政府信息公开工作年度报告。\n").unwrap();
        assert!(
            r.contains("encyclopedia") || r.contains("regulation"),
            "{r}"
        );
    }

    #[test]
    fn a_page_that_never_says_it_is_a_report_is_not_one() {
        // A performance review written like a report: the vocabulary, none
        // of a disclosure report's signs.
        let review = "一、总体情况\n2023年,市卫健委认真履行职责,推进政府信息公开和政务服务,全年办理行政许可1200件。\n二、主要做法和工作成效\n(一)加强组织领导。成立工作专班,定期研究部署。\n(二)强化监督考核。将政务公开纳入年度考核。\n";
        let r = reason(review).unwrap();
        assert!(r.contains("does not present itself"), "{r}");
        // The same page with a template's table found in it is kept.
        let t = normalise(review);
        let tables = Found {
            tables: true,
            numbers: true,
        };
        assert_eq!(not_a_report_reason(&t, &extract_metadata(&t), tables), None);
    }

    #[test]
    fn a_page_named_otherwise_that_prints_no_figure_is_what_its_name_says() {
        // The notice issuing the template: it speaks of the report's
        // sections and prints its tables blank.
        let notice = "信息名称 | 国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知 |\n中华人民共和国政府信息公开工作年度报告格式\n本报告所列数据的统计期限自1月1日起至12月31日止。\n二、主动公开政府信息情况\n第二十条第(一)项\n规章\n";
        let t = normalise(notice);
        let m = extract_metadata(&t);
        let blank = Found {
            tables: true,
            numbers: false,
        };
        let r = not_a_report_reason(&t, &m, blank).unwrap();
        assert!(r.contains("notice"), "{r}");
        // A performance review that speaks of itself as 本报告.
        let review = "南县住房和城乡建设局2018年度整体支出绩效评价报告\n为检验预算编制的科学性,依据有关规定,编制本报告。\n一、部门基本情况\n我局内设股室5个,全年支出1200万元。\n";
        let r = reason(review).unwrap();
        assert!(r.contains("another subject"), "{r}");
        // The same notice with figures in its tables is read as a report:
        // a number printed in a row is a report's sign, whatever the title.
        let printed = Found {
            tables: true,
            numbers: true,
        };
        assert_eq!(not_a_report_reason(&t, &m, printed), None);
        // A report without a recognised title whose first line names a
        // disclosure report is kept, figures or not.
        let own = "某某镇2018年政府信息公开工作情况报告\n本报告由某某镇人民政府编制。全年主动公开政府信息120条。\n";
        assert_eq!(reason(own), None);
    }

    #[test]
    fn pages_about_a_report_are_not_the_report() {
        let news = "永和镇发布2020年政府信息公开工作年度报告\n近日,永和镇在门户网站发布《永和镇2020年度政府信息公开工作年度报告》。\n报告显示,2020年永和镇共收到政府信息公开申请2件。\n(记者 王明)\n";
        assert!(reason(news).unwrap().contains("news item"));
        let explainer = "图解:一图读懂2019年上海市人民政府办公厅政府信息公开工作年度报告\n2019年,市政府办公厅认真贯彻《条例》,收到和处理政府信息公开申请情况如下。本年新收政府信息公开申请数量 859件。\n行政复议 7件。\n";
        let r = reason(explainer).unwrap();
        assert!(r.contains("explainer"), "{r}");
        // An interpretation of a report, by what it says of itself or by
        // its title, whatever it quotes of the report.
        let interpretation = "《洪泉县吉山镇人民政府2023年政府信息公开工作年度报告》已经编制完成并向社会公开,现就年报内容进行如下解读。\n一、编制背景\n本年度报告中所列数据统计期限从2023年1月1日到2023年12月31日止。\n";
        let r = reason(interpretation).unwrap();
        assert!(r.contains("explainer"), "{r}");
        let titled = "吉山镇2023年政府信息公开工作年度报告解读\n本年度报告中所列数据统计期限从2023年1月1日到2023年12月31日止。全年主动公开信息45条。\n";
        assert!(reason(titled).unwrap().contains("explainer"));
        // A report that links to its interpretation, or speaks of the
        // interpretations it published, is a report.
        for report in [
            "点击查看解读\n吉山镇2023年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至12月31日止。全年主动公开信息45条。\n",
            "吉山镇2023年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至12月31日止。全年开展政策解读12次,解读如何申请的文章3篇。\n",
        ] {
            assert_eq!(reason(report), None, "{report}");
        }
    }

    #[test]
    fn a_sample_text_with_placeholders_is_no_report() {
        let sample = "乡镇政务公开工作情况报告\n今年来,我镇认真贯彻落实惠政办发﹝xxxx﹞xx号文件精神,现对我镇政务公开工作情况报告如下:\n一、当前进展情况\n目前公开政务信息xxxx条,其中公文信息xxx条。\n";
        let r = reason(sample).unwrap();
        assert!(r.contains("sample text"), "{r}");
        let template = "20xx年XX镇政府信息公开工作年度报告\n本报告中所列数据的统计期限自20xx年1月1日起至12月31日止。全年主动公开信息xx条。\n";
        assert!(reason(template).unwrap().contains("sample text"));
        // A sample that says so in its title, its year left out.
        let titled = "政府信息公开年度工作报告范文\n本年度报告是根据《中华人民共和国政府信息公开条例》要求编制。如对本年度报告有任何疑问,请联系区政府信息公开办公室。\n一、概述\n根据《规定》要求,年5月1日起,本区开始开展政府信息公开工作。本区到年底累计主动公开政府信息5928条。\n";
        assert!(reason(titled).unwrap().contains("sample text"));
        // A real report copied to such a site under that title keeps its
        // year, and is kept.
        let copied = "吉山镇2023年政府信息公开工作年度报告范文\n本报告中所列数据的统计期限自2023年1月1日起至12月31日止。全年主动公开信息45条。\n";
        assert_eq!(reason(copied), None);
        // A report whose year is found keeps what it prints, and one
        // placeholder-like word alone (a road called XX路) is no sample.
        for report in [
            "吉山镇2023年政府信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至12月31日止。依申请公开xx件,待补。全年主动公开信息xx条。\n",
            "吉山镇政府信息公开工作年度报告\n本报告中所列数据的统计期限自2023年1月1日起至12月31日止。地址:XX路5号。全年主动公开信息45条。\n",
        ] {
            assert_eq!(reason(report), None, "{report}");
        }
    }

    #[test]
    fn list_of_reports_is_a_column_page() {
        let r = reason("政府信息公开年报\n永和镇2020年度政府信息公开工作年度报告 2021-01-22\n永和镇2019年度政府信息公开工作年度报告 2020-01-20\n永和镇2018年度政府信息公开工作年度报告 2019-01-25\n").unwrap();
        assert!(r.contains("listing"), "{r}");
        // A report's page names its own title three times, under the
        // labels of its chrome and as its heading: one report.
        let page = "您当前所在位置:首页 > 信息公开年报\n名称 宿迁市2017年政府信息公开年度报告\n索引号 00000001/2018-00042 分类 信息公开年报\n发布机构 宿迁市人民政府办公室 发文日期 2018-02-26\n文件下载 宿迁市2017年政府信息公开年度报告\n宿迁市2017年政府信息公开年度报告\n本报告根据《中华人民共和国政府信息公开条例》规定编制。本报告所列数据的统计期限为2017年1月1日至2017年12月31日。\n一、概述\n";
        assert_eq!(reason(page), None);
    }

    #[test]
    fn other_annual_report_is_not_a_disclosure_report() {
        // 报告如下 speaks of a report, but the title names another subject
        // and no figure of the templates is printed.
        let r = reason("岳西县司法局2020年法治政府建设工作报告\n2020年,我局坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。现将有关情况报告如下。\n").unwrap();
        assert!(r.contains("another subject"), "{r}");
        let r = reason("岳西县司法局2020年法治政府建设工作报告\n2020年,我局坚持以习近平法治思想为指导,扎实推进法治政府建设各项工作。\n").unwrap();
        assert!(r.contains("another subject"), "{r}");
    }

    #[test]
    fn old_reports_are_narrative() {
        assert_eq!(template(REPORT), Template::Narrative);
        // Pre-2019 excerpt cut mid-sentence.
        assert_eq!(template("本报告中所列数据的统计时限自2012年1月1日至2012年12月31日。\n一、概述\n2012年的南平市政府信息公开工作有序稳步推进,在服务经济社会发展"), Template::Narrative);
    }

    #[test]
    fn complete_prose_only_recent_report_is_narrative() {
        let t = "新榮區衛生健康和體育局2021年政府信息公開工作年度報告\n根據規定要求,我局完成了2021年政府信息公開工作年度報告。\n一. 總體情況\n(一) 主動公開情況。我局認真貫徹政府信息公開相關工作。\n二.存在的主要問題及整改情況\n1.加強政務信息公開力度,保證及時準確。\n2022年1月8日\n掃一掃在手機上查看當前頁面\n";
        assert_eq!(template(t), Template::Narrative);
    }

    #[test]
    fn template_era_excerpts_are_unknown() {
        // The preamble lists the template's parts; the tables are missing.
        let t = "根据《条例》规定,现公布西秀区黄腊乡2020年政府信息公开工作年度报告。本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等六个部分。\n一、总体情况\n2020年,我乡通过西秀区政府官网公开规划类信息6条。\n";
        assert_eq!(template(t), Template::Unknown);
        // No template words, but cut mid-sentence: the tables may follow.
        let t = "2024年南关区永吉街道办事处\n政府信息公开工作年度报告\n一、总体情况\n(一)组织推动政府信息公开工作。我街加强组织领导,把信息公开工作摆上重要议事日程,确定综合办公室是全街政府信息公开工作的主要部门,其中,对涉及经济和社会发展的";
        assert_eq!(template(t), Template::Unknown);
    }
}
