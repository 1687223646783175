//! HTML → text in the layout the table recogniser already reads.
//!
//! The page is parsed with a real HTML5 parser (html5ever, through scraper),
//! so unclosed cells, Word-export markup and stray tags mean what a browser
//! makes of them. Each table row becomes one line of tab-separated cells, in
//! the row's own order — as a tab export of the table would print it — and
//! every other block element becomes a line. Row geometry (colspan/rowspan)
//! is kept in [`Grid`] for inspection, but values are read in row order:
//! real pages misalign headers and data rows, and the printed identities,
//! not the geometry, are what checks a reading.
//!
//! Page chrome that carries metadata in `<title>` and `<meta>` (ArticleTitle,
//! PubDate, ContentSource) is rendered as chrome lines (`标题:…`,
//! `发布日期:…`) ahead of the body, where the metadata reader looks for them.

use scraper::{ElementRef, Html, Node};

/// One table as a grid: each row's cells with their spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub rows: Vec<Vec<GridCell>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GridCell {
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
}

/// Render an HTML document (or fragment) as text.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::with_capacity(html.len() / 3);
    chrome(&doc, &mut out);
    let mut r = Renderer { out: &mut out };
    r.children(doc.root_element());
    tidy(&out)
}

/// Every table of the document as a grid (rows in order, spans as printed).
pub fn tables(html: &str) -> Vec<Grid> {
    let doc = Html::parse_document(html);
    let sel = scraper::Selector::parse("table").expect("static selector");
    doc.select(&sel)
        .map(|t| Grid {
            rows: own_rows(t)
                .into_iter()
                .map(|tr| {
                    own_cells(tr)
                        .into_iter()
                        .map(|td| GridCell {
                            text: cell_text(td),
                            colspan: span(td, "colspan"),
                            rowspan: span(td, "rowspan"),
                        })
                        .collect()
                })
                .collect(),
        })
        .collect()
}

fn span(e: ElementRef, attr: &str) -> usize {
    e.value()
        .attr(attr)
        .and_then(|v| v.trim().parse().ok())
        .filter(|&n: &usize| n >= 1)
        .unwrap_or(1)
        .min(1000)
}

/// `<title>` and the publishing system's `<meta>` tags as chrome lines.
fn chrome(doc: &Html, out: &mut String) {
    let title_sel = scraper::Selector::parse("title").expect("static selector");
    if let Some(t) = doc.select(&title_sel).next() {
        let text = collapse(&t.text().collect::<String>());
        if !text.is_empty() {
            out.push_str(&text);
            out.push('\n');
        }
    }
    let meta_sel = scraper::Selector::parse("meta[name][content]").expect("static selector");
    for m in doc.select(&meta_sel) {
        let name = m
            .value()
            .attr("name")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let content = collapse(m.value().attr("content").unwrap_or_default());
        if content.is_empty() {
            continue;
        }
        let label = match name.as_str() {
            "articletitle" => "标题",
            "pubdate" | "publishdate" | "firstpublishedtime" => "发布日期",
            "contentsource" => "来源",
            _ => continue,
        };
        out.push_str(label);
        out.push(':');
        out.push_str(&content);
        out.push('\n');
    }
}

struct Renderer<'a> {
    out: &'a mut String,
}

impl Renderer<'_> {
    fn children(&mut self, e: ElementRef) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => self.text(t),
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child) {
                        self.element(el);
                    }
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, t: &str) {
        // White space collapses as in a browser; a run becomes one space.
        let mut last_space = self.out.ends_with([' ', '\n']) || self.out.is_empty();
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
                if !last_space {
                    self.out.push(' ');
                    last_space = true;
                }
            } else {
                self.out.push(c);
                last_space = false;
            }
        }
    }

    fn newline(&mut self) {
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn element(&mut self, e: ElementRef) {
        let name = e.value().name();
        match name {
            "script" | "style" | "noscript" | "head" | "title" | "template" | "iframe" | "svg"
            | "select" | "button" => {}
            "br" => self.out.push('\n'),
            "table" => {
                self.newline();
                for tr in own_rows(e) {
                    let cells: Vec<String> = own_cells(tr).into_iter().map(cell_text).collect();
                    if cells.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    // Every row ends with a tab, as tab exports print them, so a
                    // blank last cell is still a cell.
                    self.out.push_str(&cells.join("\t"));
                    self.out.push_str("\t\n");
                }
            }
            _ if is_block(name) => {
                self.newline();
                self.children(e);
                self.newline();
            }
            _ => self.children(e),
        }
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "blockquote"
            | "pre"
            | "hr"
            | "form"
            | "center"
            | "address"
            | "main"
            | "figure"
            | "figcaption"
            | "caption"
            | "tr"
            | "body"
            | "html"
    )
}

/// The rows of a table, not of tables nested in its cells.
fn own_rows(table: ElementRef) -> Vec<ElementRef> {
    let mut rows = Vec::new();
    fn walk<'a>(e: ElementRef<'a>, rows: &mut Vec<ElementRef<'a>>) {
        for child in e.children().filter_map(ElementRef::wrap) {
            match child.value().name() {
                "tr" => rows.push(child),
                "thead" | "tbody" | "tfoot" => walk(child, rows),
                _ => {}
            }
        }
    }
    walk(table, &mut rows);
    rows
}

fn own_cells(tr: ElementRef) -> Vec<ElementRef> {
    tr.children()
        .filter_map(ElementRef::wrap)
        .filter(|c| matches!(c.value().name(), "td" | "th"))
        .collect()
}

/// A cell's text on one line: its paragraphs and line breaks become spaces,
/// digits split over spans (`<span>2</span><span>0</span>`) join up.
fn cell_text(td: ElementRef) -> String {
    let mut s = String::new();
    fn walk(e: ElementRef, s: &mut String) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => s.push_str(t),
                Node::Element(el) => {
                    let name = el.name();
                    if matches!(name, "script" | "style") {
                        continue;
                    }
                    let block = name == "br" || is_block(name) || name == "table";
                    if block {
                        s.push(' ');
                    }
                    if let Some(c) = ElementRef::wrap(child) {
                        walk(c, s);
                    }
                    if block {
                        s.push(' ');
                    }
                }
                _ => {}
            }
        }
    }
    walk(td, &mut s);
    collapse(&s)
}

/// Collapse white space (no-break spaces included) to single spaces and trim.
fn collapse(s: &str) -> String {
    s.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Trim each line's ends and drop runs of empty lines.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let line = line.trim_matches(' ');
        if line.is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_tab_lines_and_blocks_lines() {
        let html = "<html><head><title>某镇2020年报告</title><meta name='PubDate' content='2021-01-22 09:37'></head>\
            <body><p>一、总体情况</p><div>正文<br/>第二行</div>\
            <table><tr><td rowspan=2>规章</td><td><p>1</p></td><td>&nbsp;</td><td><span>2</span><span>0</span></td></tr>\
            <tr><td>3<td>4</tr></table><p>五、问题</p></body></html>";
        assert_eq!(
            html_to_text(html),
            "某镇2020年报告\n发布日期:2021-01-22 09:37\n一、总体情况\n正文\n第二行\n规章\t1\t\t20\t\n3\t4\t\n五、问题\n"
        );
    }

    #[test]
    fn labels_broken_by_br_stay_in_their_cell() {
        let text = html_to_text(
            "<table><tr><td>本年新<br/>制作数量</td><td>结果<br>纠正</td></tr></table>",
        );
        assert_eq!(text, "本年新 制作数量\t结果 纠正\t\n");
    }

    #[test]
    fn the_grid_keeps_spans() {
        let g = tables(
            "<table><tr><td colspan='2'>a</td></tr><tr><td>b</td><td rowspan=3>c</td></tr></table>",
        );
        assert_eq!(g[0].rows[0][0].colspan, 2);
        assert_eq!(g[0].rows[1][1].rowspan, 3);
    }

    #[test]
    fn scripts_and_styles_are_not_text() {
        assert_eq!(
            html_to_text("<p>a<script>var x=1;</script><style>p{}</style>b</p>"),
            "ab\n"
        );
    }
}
