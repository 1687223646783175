//! HTML → text in the layout the table recogniser already reads.
//!
//! The page is read by a WHATWG-conformant tokenizer (html5gum), in one
//! pass and without building a tree: every start tag, end tag and run of
//! text is handled as it comes. Each table row becomes one line of
//! tab-separated cells, in the row's own order — as a tab export of the
//! table would print it — and every other block element becomes a line.
//! Values are read in row order, not by geometry: real pages misalign
//! headers and data rows, and the printed identities, not the geometry,
//! are what checks a reading.
//!
//! The table rules follow what a browser's tree builder makes of tag soup,
//! as far as text is concerned:
//! - a `<td>`/`<th>` closes the open cell, a `<tr>` the open row, so
//!   unclosed cells and rows (Word exports, hand-written pages) still split;
//! - text inside a table but outside any cell is moved before the table
//!   ("foster parenting"), white space there is dropped;
//! - a table inside a cell becomes part of that cell's text;
//! - table tags outside any table mean nothing.
//!
//! Page chrome that carries metadata in `<title>` and `<meta>` (ArticleTitle,
//! PubDate, ContentSource) is rendered as chrome lines (`标题:…`,
//! `发布日期:…`) ahead of the body, where the metadata reader looks for them.

use std::borrow::Cow;
use std::convert::Infallible;

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::emitters::{Emitter, ForwardingEmitter};
use html5gum::{Span, Tokenizer};

/// Render an HTML document (or fragment) as text.
pub fn html_to_text(html: &str) -> String {
    let mut page = Page::with_capacity(html.len() / 3);
    {
        let mut emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>, _: Span<()>| -> Option<Infallible> {
                page.event(event);
                None
            },
        );
        // Script, style, title and the like hold raw text, not markup.
        emitter.naively_switch_states(true);
        for _ in Tokenizer::new_with_emitter(html, Quiet::new(emitter)) {}
    }
    page.finish()
}

/// An emitter without parse-error reports (nothing here reads them, and
/// looking for them checks every byte of the page again) and without the
/// attributes of any tag but `<meta>`, the only ones read: a Word export
/// carries long `style` and `class` attributes on nearly every tag.
struct Quiet<E> {
    inner: E,
    /// The current tag's name, lowercased by the tokenizer.
    tag: Vec<u8>,
}

impl<E> Quiet<E> {
    fn new(inner: E) -> Self {
        Quiet {
            inner,
            tag: Vec::new(),
        }
    }

    fn attributes_read(&self) -> bool {
        self.tag == b"meta"
    }
}

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.inner
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }

    fn init_start_tag(&mut self) {
        self.tag.clear();
        self.inner.init_start_tag();
    }

    fn init_end_tag(&mut self) {
        self.tag.clear();
        self.inner.init_end_tag();
    }

    fn push_tag_name(&mut self, s: &[u8]) {
        self.tag.extend_from_slice(s);
        self.inner.push_tag_name(s);
    }

    fn init_attribute(&mut self) {
        if self.attributes_read() {
            self.inner.init_attribute();
        }
    }

    fn init_attribute_value(&mut self) {
        if self.attributes_read() {
            self.inner.init_attribute_value();
        }
    }

    fn push_attribute_name(&mut self, s: &[u8]) {
        if self.attributes_read() {
            self.inner.push_attribute_name(s);
        }
    }

    fn push_attribute_value(&mut self, s: &[u8]) {
        if self.attributes_read() {
            self.inner.push_attribute_value(s);
        }
    }
}

/// Elements whose content is not text of the page.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"title",
    b"template",
    b"iframe",
    b"svg",
    b"select",
    b"button",
];

/// Tags that only mean something inside a table.
const TABLE_PARTS: &[&[u8]] = &[
    b"tr",
    b"td",
    b"th",
    b"thead",
    b"tbody",
    b"tfoot",
    b"caption",
    b"colgroup",
    b"col",
];

/// The page as read so far.
#[derive(Default)]
struct Page {
    /// Chrome lines: the title's, then the publishing system's `<meta>` tags'.
    title_line: String,
    chrome: String,
    /// The body's text.
    body: String,
    /// The start tag being read: its name, its current attribute's name,
    /// and for `<meta>` its name and content.
    tag: Vec<u8>,
    attribute: Vec<u8>,
    meta_name: Option<String>,
    meta_content: Option<String>,
    /// Inside an element whose content is skipped: its name and how many
    /// of it are open.
    skip: Option<(Vec<u8>, usize)>,
    /// The first `<title>`'s text while it is read; `title_seen` after.
    title: Option<String>,
    title_seen: bool,
    /// Open tables, innermost last.
    tables: Vec<Table>,
    /// `<table>`s opened inside a cell of a table already
    /// [`MAX_NESTED_TABLES`] deep, not yet closed: their tags are read as
    /// part of that cell's text.
    too_deep: usize,
}

/// How deep tables nested in cells are kept apart. A nested table's text
/// is copied into its parent cell when it closes, once per level, so
/// without a bound a page of unclosed nested tables would cost the square
/// of its size; real reports nest two or three deep at most.
const MAX_NESTED_TABLES: usize = 8;

#[derive(Default)]
struct Table {
    rows: Vec<Vec<String>>,
    row: Option<Vec<String>>,
    cell: Option<String>,
}

impl Table {
    fn close_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            self.row.get_or_insert_with(Vec::new).push(collapse(&cell));
        }
    }

    fn close_row(&mut self) {
        self.close_cell();
        if let Some(row) = self.row.take() {
            self.rows.push(row);
        }
    }
}

impl Page {
    fn with_capacity(n: usize) -> Page {
        Page {
            body: String::with_capacity(n),
            ..Page::default()
        }
    }

    fn event(&mut self, event: CallbackEvent<'_>) {
        // Past the document's budget the rest of the page is not rendered
        // (the document becomes a failed row anyway).
        if !crate::budget::spend(1) {
            return;
        }
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.clear();
                self.tag.extend_from_slice(name);
                self.attribute.clear();
                self.meta_name = None;
                self.meta_content = None;
            }
            CallbackEvent::AttributeName { name } => {
                self.attribute.clear();
                self.attribute.extend_from_slice(name);
            }
            CallbackEvent::AttributeValue { value } if self.tag == b"meta" => {
                // The first of a repeated attribute counts, as in a browser.
                let slot = match self.attribute.as_slice() {
                    b"name" => &mut self.meta_name,
                    b"content" => &mut self.meta_content,
                    _ => return,
                };
                if slot.is_none() {
                    *slot = Some(utf8(value).into_owned());
                }
            }
            CallbackEvent::CloseStartTag { .. } => {
                let tag = std::mem::take(&mut self.tag);
                self.start(&tag);
                self.tag = tag;
            }
            CallbackEvent::EndTag { name } => self.end(name),
            CallbackEvent::String { value } => self.text(&utf8(value)),
            _ => {}
        }
    }

    fn start(&mut self, name: &[u8]) {
        if let Some((skipped, open)) = &mut self.skip {
            if skipped.as_slice() == name {
                *open += 1;
            }
            return;
        }
        if name == b"meta" {
            self.meta();
        } else if SKIPPED.contains(&name) {
            if name == b"title" && !self.title_seen {
                self.title_seen = true;
                self.title = Some(String::new());
            }
            self.skip = Some((name.to_vec(), 1));
        } else if name == b"br" {
            self.line_break();
        } else if name == b"table" {
            // A table opened between the cells of another closes that one.
            if self.tables.last().is_some_and(|t| t.cell.is_none()) {
                self.close_table();
            }
            if self.tables.len() >= MAX_NESTED_TABLES {
                self.too_deep += 1;
                return;
            }
            self.tables.push(Table::default());
        } else if TABLE_PARTS.contains(&name) {
            if self.too_deep > 0 {
                // A cell of a table nested too deep: a space in the text of
                // the cell holding it.
                self.block_edge();
                return;
            }
            let Some(table) = self.tables.last_mut() else {
                return;
            };
            match name {
                b"td" | b"th" => {
                    table.close_cell();
                    table.row.get_or_insert_with(Vec::new);
                    table.cell = Some(String::new());
                }
                b"tr" => {
                    table.close_row();
                    table.row = Some(Vec::new());
                }
                b"caption" => {
                    table.close_row();
                    self.block_edge();
                }
                _ => table.close_row(),
            }
        } else if is_block(name) {
            self.block_edge();
        }
    }

    fn end(&mut self, name: &[u8]) {
        if let Some((skipped, open)) = &mut self.skip {
            if skipped.as_slice() == name {
                *open -= 1;
                if *open == 0 {
                    self.skip = None;
                    if let Some(title) = self.title.take() {
                        let title = collapse(&title);
                        if !title.is_empty() {
                            self.title_line = title + "\n";
                        }
                    }
                }
            }
            return;
        }
        if name == b"br" {
            // `</br>` is read as `<br>`.
            self.line_break();
        } else if name == b"table" {
            if self.too_deep > 0 {
                self.too_deep -= 1;
            } else if !self.tables.is_empty() {
                self.close_table();
            }
        } else if TABLE_PARTS.contains(&name) {
            if self.too_deep > 0 {
                self.block_edge();
                return;
            }
            let Some(table) = self.tables.last_mut() else {
                return;
            };
            match name {
                b"td" | b"th" => table.close_cell(),
                b"caption" => self.block_edge(),
                b"col" | b"colgroup" => {}
                _ => table.close_row(),
            }
        } else if is_block(name) {
            self.block_edge();
        }
    }

    /// Where text goes: the innermost open cell (`Some`), or the body.
    /// Text between a table's cells belongs before that table, so a table
    /// without an open cell is passed over.
    fn cell(&mut self) -> Option<&mut String> {
        self.tables.iter_mut().rev().find_map(|t| t.cell.as_mut())
    }

    fn text(&mut self, t: &str) {
        if self.skip.is_some() {
            if let Some(title) = &mut self.title {
                title.push_str(t);
            }
            return;
        }
        let between_cells = self.tables.last().is_some_and(|t| t.cell.is_none());
        if between_cells && t.chars().all(char::is_whitespace) {
            return;
        }
        if let Some(cell) = self.cell() {
            cell.push_str(t);
            return;
        }
        // White space collapses as in a browser; a run becomes one space.
        let out = &mut self.body;
        let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}' {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            } else {
                out.push(c);
                last_space = false;
            }
        }
    }

    /// The start or end of a block: a new line, or a space inside a cell.
    fn block_edge(&mut self) {
        if let Some(cell) = self.cell() {
            cell.push(' ');
            return;
        }
        let out = &mut self.body;
        while out.ends_with(' ') {
            out.pop();
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    }

    fn line_break(&mut self) {
        match self.cell() {
            Some(cell) => cell.push(' '),
            None => self.body.push('\n'),
        }
    }

    /// Close the innermost table and write it out: as lines of cells in the
    /// body, or as words in the cell that holds it.
    fn close_table(&mut self) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        table.close_row();
        let rows = table
            .rows
            .into_iter()
            .filter(|r| r.iter().any(|c| !c.is_empty()));
        if let Some(cell) = self.cell() {
            cell.push(' ');
            for row in rows {
                cell.push(' ');
                row.iter().for_each(|c| cell.push_str(c));
                cell.push(' ');
            }
            cell.push(' ');
            return;
        }
        self.block_edge();
        for row in rows {
            // Every row ends with a tab, as tab exports print them, so a
            // blank last cell is still a cell.
            self.body.push_str(&row.join("\t"));
            self.body.push_str("\t\n");
        }
    }

    fn meta(&mut self) {
        let (Some(name), Some(content)) = (&self.meta_name, &self.meta_content) else {
            return;
        };
        let label = match name.to_ascii_lowercase().as_str() {
            "articletitle" => "标题",
            "pubdate" | "publishdate" | "firstpublishedtime" => "发布日期",
            "contentsource" => "来源",
            _ => return,
        };
        let content = collapse(content);
        if content.is_empty() {
            return;
        }
        self.chrome.push_str(label);
        self.chrome.push(':');
        self.chrome.push_str(&content);
        self.chrome.push('\n');
    }

    fn finish(mut self) -> String {
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.title_line.push_str(&self.chrome);
        self.title_line.push_str(&self.body);
        tidy(&self.title_line)
    }
}

/// The tokenizer's bytes as text: they are UTF-8, since the page was.
fn utf8(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"section"
            | b"article"
            | b"header"
            | b"footer"
            | b"nav"
            | b"aside"
            | b"blockquote"
            | b"pre"
            | b"hr"
            | b"form"
            | b"center"
            | b"address"
            | b"main"
            | b"figure"
            | b"figcaption"
            | b"body"
            | b"html"
    )
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
    for line in super::lines::split_lines(s) {
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
    fn scripts_and_styles_are_not_text() {
        assert_eq!(
            html_to_text("<p>a<script>var x=1;</script><style>p{}</style>b</p>"),
            "ab\n"
        );
    }

    #[test]
    fn text_between_cells_goes_before_the_table() {
        assert_eq!(
            html_to_text("<table>\n  注：单位为件\n<tr><td>a</td><td>b</td></tr></table>"),
            "注：单位为件\na\tb\t\n"
        );
    }

    #[test]
    fn a_table_in_a_cell_is_that_cell_s_text() {
        assert_eq!(
            html_to_text(
                "<table><tr><td>外<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table></td><td>x</td></tr></table>"
            ),
            "外 12 3\tx\t\n"
        );
    }

    #[test]
    fn unclosed_cells_rows_and_tables_still_split() {
        assert_eq!(
            html_to_text("<table><tr><td>a<td>b<tr><th>c<td>d"),
            "a\tb\t\nc\td\t\n"
        );
        // A table opened between the cells of another closes it first.
        assert_eq!(
            html_to_text("<table><tr><td>a</td></tr><table><tr><td>b</td></tr></table>"),
            "a\t\nb\t\n"
        );
    }

    #[test]
    fn table_tags_outside_a_table_mean_nothing() {
        assert_eq!(html_to_text("<p>a<td>b</td><tr>c</p>"), "abc\n");
    }

    #[test]
    fn skipped_elements_nest_and_only_the_first_title_is_chrome() {
        assert_eq!(
            html_to_text(
                "<title>甲</title><svg><svg><text>x</text></svg><text>y</text></svg><p>正文</p><title>乙</title><select><option>z</select>"
            ),
            "甲\n正文\n"
        );
    }

    #[test]
    fn meta_tags_count_their_first_attribute_and_any_case() {
        assert_eq!(
            html_to_text(
                "<meta NAME='PubDate' name='x' content=' 2021-01-22  09:37 '><meta name='keywords' content='k'><p>b</p>"
            ),
            "发布日期:2021-01-22 09:37\nb\n"
        );
    }
}
