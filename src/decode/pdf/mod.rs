//! PDF → text in the layout the other decoders write: one line per line
//! of text, and each table row one line of tab-separated cells, so a
//! report's tables read the same whether it came as PDF, HTML or DOCX.
//!
//! The engine is `hayro-interpret` (pure Rust): it parses the file, repairs
//! a broken cross-reference table by scanning the objects, decrypts files
//! whose user password is empty, and interprets each page's content
//! streams into a drawing device (`glyphs`), which keeps what text
//! extraction needs and nothing else. Then, page by page (`page`), the
//! rulings become tables (`grid`) and the rest of the glyphs lines
//! (`lines`); on a page without rulings, a table's rows are rebuilt from
//! where its text sits (`unruled`); here the pages are joined, with page
//! numbers and running headers left out.
//!
//! The table convention is the DOCX reader's: a cell is a field ended by a
//! tab; a cell continuing from the row above (a vertical merge) is an empty
//! field; a cell spanning columns is one field; a cell's lines are joined,
//! without a space where either side is a CJK character.
//!
//! Nothing is guessed: a glyph whose Unicode the file does not give is
//! written as U+FFFD and counted in [`PdfText::unsure_glyphs`].
//!
//! Bounds: the page count, the object count, what the streams inflate to
//! (checked on the raw bytes before the engine runs, `guard`) and the
//! glyphs and drawing operations the pages make. The engine runs inside
//! `catch_unwind`, so a panic in it is a [`PdfError::Corrupt`], not a crash.

mod carry;
mod centred;
mod columns;
mod glyphs;
mod grid;
mod guard;
mod halves;
mod header;
mod labels;
mod lines;
mod merged;
mod page;
mod pieces;
mod stacked;
mod unruled;
mod unsure;

#[cfg(test)]
mod tests;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};

use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::{interpret_page, Context, InterpreterCache, InterpreterSettings};

use glyphs::{Collector, Overrun, PageInk};
use page::{Block, PageText};

/// Bounds on what one PDF may cost.
#[derive(Clone, Debug)]
pub struct PdfLimits {
    pub max_pages: usize,
    pub max_objects: usize,
    /// What all the streams the text is read from may inflate to.
    pub max_decompressed_bytes: u64,
    pub max_glyphs: usize,
    /// Drawing operations of any kind (paths, glyph runs, clips, images)
    /// over the whole document: the bound on forms that draw forms.
    pub max_draw_calls: usize,
}

impl Default for PdfLimits {
    fn default() -> Self {
        PdfLimits {
            max_pages: 500,
            max_objects: 200_000,
            max_decompressed_bytes: 256 << 20,
            max_glyphs: 5_000_000,
            max_draw_calls: 20_000_000,
        }
    }
}

/// The text of a PDF.
#[derive(Clone, Debug, PartialEq)]
pub struct PdfText {
    pub text: String,
    pub pages: usize,
    /// Glyphs written as U+FFFD because the file gives no Unicode for them.
    pub unsure_glyphs: usize,
    /// Numbers written as U+FFFD because, in a table drawn without
    /// rulings, the row or the cell they belong to cannot be told (labels
    /// wrapped over several lines, numbers wrapped in their cells or cut
    /// by a page break).
    pub unsure_cells: usize,
}

/// Why a PDF gave no text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PdfError {
    /// No page draws any text (scanned pages, drawings).
    NoText,
    /// The file needs a password to be read.
    Encrypted,
    /// The file cannot be read, or the engine failed on it (the sentence
    /// says which).
    Corrupt(String),
    /// The file passes one of the [`PdfLimits`] (the sentence says which).
    TooLarge(String),
}

impl PdfError {
    /// The diagnostic code for this error.
    pub fn code(&self) -> &'static str {
        match self {
            PdfError::NoText => "PDF_NO_TEXT",
            PdfError::Encrypted => "PDF_ENCRYPTED",
            PdfError::Corrupt(_) => "PDF_CORRUPT",
            PdfError::TooLarge(_) => "PDF_TOO_LARGE",
        }
    }
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::NoText => write!(f, "the PDF draws no text (scanned or image-only pages)"),
            PdfError::Encrypted => write!(f, "the PDF is encrypted with a password"),
            PdfError::Corrupt(why) => write!(f, "the PDF cannot be read: {why}"),
            PdfError::TooLarge(why) => write!(f, "the PDF is too large to read: {why}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// What a page leaves to the next one's reading: its last lines after its
/// last values, and the row its rebuilt table ended it with.
type Before = (Vec<unruled::PieceLine>, Option<(unruled::Row, usize)>);

/// How many times the pages with values left unsure are read again with
/// the columns later pages showed.
const REREADS: usize = 2;

/// Read a PDF's text.
pub fn pdf_to_text(bytes: &[u8], limits: &PdfLimits) -> Result<PdfText, PdfError> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(PdfError::Corrupt(
            "no %PDF- header in its first 1 KiB".into(),
        ));
    }
    guard::check_streams(bytes, limits.max_decompressed_bytes).map_err(PdfError::TooLarge)?;
    match catch_unwind(AssertUnwindSafe(|| read(bytes, limits))) {
        Ok(result) => result,
        Err(payload) => match payload.downcast::<Overrun>() {
            Ok(overrun) => Err(PdfError::TooLarge(overrun.0)),
            Err(_) => Err(PdfError::Corrupt(
                "the PDF engine failed on this file".into(),
            )),
        },
    }
}

fn read(bytes: &[u8], limits: &PdfLimits) -> Result<PdfText, PdfError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| match e {
        LoadPdfError::Decryption(d) => {
            use hayro_interpret::hayro_syntax::DecryptionError as D;
            match d {
                D::PasswordProtected | D::UnsupportedAlgorithm | D::InvalidEncryption => {
                    PdfError::Encrypted
                }
                D::MissingIDEntry => {
                    PdfError::Corrupt("it is encrypted but has no /ID entry".into())
                }
            }
        }
        LoadPdfError::Invalid => {
            PdfError::Corrupt("no cross-reference table or objects could be read".into())
        }
    })?;
    if pdf.len() > limits.max_objects {
        return Err(PdfError::TooLarge(format!(
            "{} objects, more than the limit of {}",
            pdf.len(),
            limits.max_objects
        )));
    }
    let pages = pdf.pages();
    if pages.len() > limits.max_pages {
        return Err(PdfError::TooLarge(format!(
            "{} pages, more than the limit of {}",
            pages.len(),
            limits.max_pages
        )));
    }
    if pages.is_empty() {
        return Err(PdfError::Corrupt("it has no pages".into()));
    }
    let settings = InterpreterSettings::default();
    let cache = InterpreterCache::new();
    let mut glyph_budget = limits.max_glyphs;
    let mut call_budget = limits.max_draw_calls;
    let mut read_pages: Vec<PageText> = Vec::with_capacity(pages.len());
    let mut any_text = false;
    let mut known = unruled::Known::default();
    // The pages with values left unsure: their ink, what the page before
    // left (its last lines, the row it ended with), and how many layouts
    // were known when they were read.
    let mut unsure: Vec<(usize, PageInk, Before, usize)> = Vec::new();
    for page in pages.iter() {
        let ink = page_ink(&pdf, page, &cache, &settings, glyph_budget, call_budget);
        glyph_budget = glyph_budget.saturating_sub(ink.glyphs.len());
        call_budget = call_budget.saturating_sub(ink.calls);
        let ink = ink.ink;
        any_text |= ink.glyphs.iter().any(|g| g.ch != ' ');
        let before = (known.tail.clone(), known.open.clone());
        let learned = known.learned;
        let read = page::read_page(ink.clone(), &mut known);
        if read.unsure_cells > 0 {
            unsure.push((read_pages.len(), ink, before, learned));
        }
        read_pages.push(read);
    }
    // A table cut by page breaks may show on a later page the columns its
    // rows on the pages before could not place: those pages are read
    // again with them (and with what those readings show, once more).
    // So are those that could not prove how their cells are aligned, where
    // the other pages proved it (see `centred::realign`).
    known.again = true;
    let mut aligned = matches!(known.shown, centred::Shown::Only(_));
    for _ in 0..REREADS {
        let learned_before = known.learned;
        let end = (std::mem::take(&mut known.tail), known.open.take());
        for (i, ink, before, learned) in unsure.iter_mut() {
            if (aligned || known.learned > *learned) && read_pages[*i].unsure_cells > 0 {
                (known.tail, known.open) = before.clone();
                read_pages[*i] = page::read_page(ink.clone(), &mut known);
                *learned = known.learned;
            }
        }
        (known.tail, known.open) = end;
        aligned = false;
        if known.learned == learned_before {
            break;
        }
    }
    if !any_text {
        return Err(PdfError::NoText);
    }
    let (text, cut_unsure) = join_pages(&read_pages);
    let unsure_cells: usize = read_pages.iter().map(|p| p.unsure_cells).sum::<usize>() + cut_unsure;
    Ok(PdfText {
        unsure_glyphs: text
            .matches('\u{FFFD}')
            .count()
            .saturating_sub(unsure_cells),
        unsure_cells,
        text,
        pages: pages.len(),
    })
}

struct Inked {
    ink: PageInk,
    calls: usize,
}

impl std::ops::Deref for Inked {
    type Target = PageInk;
    fn deref(&self) -> &PageInk {
        &self.ink
    }
}

fn page_ink<'a>(
    pdf: &'a Pdf,
    page: &hayro_interpret::hayro_syntax::page::Page<'a>,
    cache: &InterpreterCache<'a>,
    settings: &InterpreterSettings,
    glyph_budget: usize,
    call_budget: usize,
) -> Inked {
    use hayro_interpret::kurbo::Rect;
    use hayro_interpret::TransformExt;
    let (w, h) = page.render_dimensions();
    let transform = page.initial_transform(true).to_kurbo();
    let mut ctx = Context::new(
        transform,
        Rect::new(0.0, 0.0, w as f64, h as f64),
        cache,
        pdf.xref(),
        settings.clone(),
    );
    let mut device = Collector::new(w, h, glyph_budget, call_budget);
    interpret_page(page, &mut ctx, &mut device);
    let calls = call_budget - device.call_budget();
    Inked {
        ink: device.ink,
        calls,
    }
}

/// True for a line that is a page number: `-4-`, `— 4 —`, `4`, `第 4 页`,
/// `第4页 共6页`, `4/6`: digits (at most two numbers) and nothing but
/// dashes, slashes, 第, 页 and 共 around them. Two numbers with only white
/// space between them are cells of a row (digits of a table's numbers
/// wrapped over a page break), not a page's number.
fn is_page_number(text: &str) -> bool {
    let mut numbers = 0;
    let mut in_number = false;
    let mut digits = 0;
    let mut len = 0;
    // A mark (a dash, a slash, 第 …) since the last number ended.
    let mut marked = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_number = false;
            continue;
        }
        len += 1;
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        if digit {
            if !in_number {
                if numbers > 0 && !marked {
                    return false;
                }
                numbers += 1;
                digits = 0;
                marked = false;
            }
            digits += 1;
            if digits > 4 {
                return false;
            }
        } else if matches!(
            c,
            '-' | '—' | '–' | '－' | '‐' | '−' | '一' | '/' | '第' | '页' | '共'
        ) {
            marked = true;
        } else {
            return false;
        }
        in_number = digit;
    }
    (1..=2).contains(&numbers) && len <= 16
}

/// The text of a line as a running header is recognised: without spaces
/// and digits.
fn header_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit())
        .collect()
}

/// Join `next`, the first row of the table a page begins with, to the last
/// row of the table the page before ended with (`pieces[k]`, its fields'
/// text where `tail` says), when it is that row's rest; returns whether it
/// was. It is when both tables are left open at the break (`open`), with
/// as many fields, unless `next` begins as a row of its own would.
/// Programs that let a row break across pages may also draw its borders
/// at the break. Then, between ruled tables only, labels are taken on,
/// which change no number: `next` holds no number, and each of its fields
/// with text goes on a label with text above it (a header cut inside its
/// words, `结果维` over `持`; `2.申请人逾期` over `未按收费通知…`) and does
/// not begin as a row of its own would (numbering, a row's words). So it
/// is too where the table goes on with fewer fields: merged cells on its
/// left, begun on the page before, leave no border between them on the
/// page after; `next`'s fields are then the last fields of the row above,
/// where its values are. Digits under the row's numbers, beside nothing
/// or a label's rest, go on as the row's identity says (see
/// `cut_inside_numbers`); where it cannot tell, the row's numbers are
/// written unsure, counted in `unsure`.
fn join_cut_row(
    pieces: &mut [Piece],
    k: usize,
    tail: &[(usize, usize)],
    next: &[String],
    open: bool,
    unsure: &mut usize,
) -> bool {
    let Some(Piece::Row(last)) = pieces.get(k) else {
        return false;
    };
    // Fewer fields: only labels are taken on (see above).
    if last.len() < next.len() {
        return false;
    }
    let shift = last.len() - next.len();
    let has_text = |f: &String| !f.trim().is_empty();
    let number = |f: &String| page::is_number(f) || f.contains('\u{FFFD}');
    // A row that begins as a row of its own would is one, open table or
    // not.
    let begins = |f: &String| has_text(f) && !number(f) && labels::begins_label(f);
    let open = open && shift == 0 && !next.iter().any(begins);
    // Where each field's text is: (piece, field).
    let homes: Vec<(usize, usize)> = (0..last.len())
        .map(|i| match tail.get(i) {
            Some(&(back, f)) if back <= k => (k - back, f),
            _ => (k, i),
        })
        .collect();
    let text_of = |pieces: &[Piece], (p, f): (usize, usize)| -> Option<String> {
        match pieces.get(p) {
            Some(Piece::Row(fields)) => fields.get(f).cloned(),
            _ => None,
        }
    };
    let texts: Vec<Option<String>> = homes.iter().map(|&h| text_of(pieces, h)).collect();
    let Some(above) = texts[shift..]
        .iter()
        .cloned()
        .collect::<Option<Vec<String>>>()
    else {
        return false;
    };
    let set = |pieces: &mut [Piece], (p, f): (usize, usize), text: String| {
        if let Some(Piece::Row(fields)) = pieces.get_mut(p) {
            if let Some(a) = fields.get_mut(f) {
                *a = text;
            }
        }
    };
    let labels_only = !open
        && !tail.is_empty()
        && !next.iter().any(number)
        && next.iter().any(has_text)
        && above
            .iter()
            .zip(next)
            .all(|(a, b)| !has_text(b) || (has_text(a) && !number(a) && !begins(b)));
    if !(open || labels_only) {
        // Between ruled tables, the last digits of numbers wrapped in
        // their narrow cells (see `cut_inside_numbers`).
        let Some(row) = texts.into_iter().collect::<Option<Vec<String>>>() else {
            return false;
        };
        if tail.is_empty() {
            return false;
        }
        let Some(rest) = rest_of_cut_row(&row, shift, next) else {
            return false;
        };
        match cut_inside_numbers(&row, &rest) {
            CutReading::Joined(joined) => {
                for (i, text) in joined {
                    set(pieces, homes[i], text);
                }
            }
            CutReading::Apart => return false,
            // Digits that may end the row's numbers, though no reading
            // shows whether they do: its labels go on, its numbers are
            // unsure.
            CutReading::Unsure => {
                for (i, text) in rest.labels {
                    set(pieces, homes[i], text);
                }
                for (i, f) in row.iter().enumerate() {
                    if page::is_number(f) {
                        set(pieces, homes[i], unruled::UNSURE.to_string());
                        *unsure += 1;
                    }
                }
            }
        }
        return true;
    }
    for (i, b) in next.iter().enumerate() {
        let home = if open { (k, i) } else { homes[shift + i] };
        if let Some(a) = text_of(pieces, home) {
            set(pieces, home, lines::join_lines(&[a, b.clone()]));
        }
    }
    true
}

/// The rest of a row that a page break cut inside its cells (see
/// `rest_of_cut_row`).
struct CutRest {
    /// Where the row's numbers begin.
    first: usize,
    /// Each label going on (its index in `row`) with its whole text.
    labels: Vec<(usize, String)>,
    /// Each number's last digits, by its index in `row`.
    digits: Vec<(usize, String)>,
}

/// `next`, the first row of a page, read as the rest of `row`, the row
/// the page before ended with (each field's text, wherever written;
/// `next`'s fields are its last, `shift` fields in), cut by the break
/// inside its cells: left of the row's first number, nothing or the rest
/// of a label above it (text that is no number and begins no row, `量`
/// under `一、本年新收政府信息公开申请数`); from it on, nothing or digits,
/// each under a whole number not beginning with 0; one such digit at
/// least. Else `None`.
fn rest_of_cut_row(row: &[String], shift: usize, next: &[String]) -> Option<CutRest> {
    let first = row.iter().position(|f| stacked::amount(f).is_some())?;
    let mut rest = CutRest {
        first,
        labels: Vec::new(),
        digits: Vec::new(),
    };
    for (j, b) in next.iter().enumerate() {
        let text = labels::compact(b);
        if text.is_empty() {
            continue;
        }
        let i = shift + j;
        let above = &row[i];
        if i < first {
            if labels::compact(above).is_empty()
                || page::is_number(b)
                || b.contains('\u{FFFD}')
                || labels::begins_label(b)
            {
                return None;
            }
            rest.labels
                .push((i, lines::join_lines(&[above.clone(), b.clone()])));
        } else {
            // (A number beginning with 0 has no digits after it.)
            let a = labels::compact(above);
            stacked::digits(&text)?;
            stacked::digits(&a)?;
            stacked::joined(&a, &text)?;
            rest.digits.push((i, text));
        }
    }
    (!rest.digits.is_empty()).then_some(rest)
}

/// How `rest`, digits at the head of a page under numbers of the row the
/// page before ended with, reads with that row (see `cut_inside_numbers`).
enum CutReading {
    /// The digits end the numbers they stand under: each changed field
    /// (its index in the row) with its text, labels going on included.
    Joined(Vec<(usize, String)>),
    /// The row is whole without them: they are a row of their own.
    Apart,
    /// Which cannot be told.
    Unsure,
}

/// Whether the digits of `rest`, the rest of `row` after a page break, end
/// the numbers they stand under (`16` at the foot of a page and `2` at the
/// head of the next make 162, a number wrapped in its narrow cell and cut
/// by the break). The identity of the row tells: its sum, in a row of
/// section 三 (its own label, its last with what goes on of it, names
/// one), or each group's total, in section 四's row of values without a
/// label. They are joined when it holds with the digits joined and not
/// without them, apart when it holds only without them; a row with no
/// such identity, or one that holds both ways or neither, is unsure.
fn cut_inside_numbers(row: &[String], rest: &CutRest) -> CutReading {
    use stacked::{amount, holds, Identity};
    let first = rest.first;
    let Some(values) = row[first..]
        .iter()
        .map(|f| amount(f))
        .collect::<Option<Vec<u64>>>()
    else {
        return CutReading::Unsure;
    };
    let label = (0..first).rev().find_map(|i| {
        let own = rest
            .labels
            .iter()
            .find(|(k, _)| *k == i)
            .map_or(row[i].as_str(), |(_, t)| t.as_str());
        (!own.trim().is_empty()).then_some(own)
    });
    let identity = match label {
        Some(label)
            if crate::templates::printed::names_applications_row(&labels::folded(label)) =>
        {
            Identity::RowSum
        }
        None if values.len() == crate::templates::section4::CELLS => Identity::Groups,
        _ => return CutReading::Unsure,
    };
    let mut joined = values.clone();
    let mut changed = rest.labels.clone();
    for (i, b) in &rest.digits {
        let a = labels::compact(&row[*i]);
        match (joined.get_mut(i - first), stacked::joined(&a, b)) {
            (Some(v), Some(n)) => *v = n,
            _ => return CutReading::Unsure,
        }
        changed.push((*i, format!("{a}{b}")));
    }
    match (holds(identity, &joined), holds(identity, &values)) {
        (true, false) => CutReading::Joined(changed),
        (false, true) => CutReading::Apart,
        _ => CutReading::Unsure,
    }
}

/// Whether `row`, the first of a page's table, may be the rest of a row
/// cut by the break: numbers beside label text that names no row and
/// begins none (`公开申请数量 | 4 | … | 4`).
fn is_rest_of_a_row(row: &[String]) -> bool {
    let (numbers, words): (Vec<&String>, Vec<&String>) = row
        .iter()
        .filter(|f| !f.trim().is_empty())
        .partition(|f| page::is_number(f));
    !numbers.is_empty()
        && words.iter().any(|f| !labels::folded(f).is_empty())
        && labels::goes_on_a_label(&words)
}

/// What the text is made of, before it is written out.
enum Piece {
    Row(Vec<String>),
    Line(String),
}

/// The pages' blocks as one text, without page numbers (a line in the top
/// or bottom eighth of its page that is nothing but a page number) and
/// without running headers and footers (a line in those bands that
/// appears, digits aside, on an earlier page's band too). A table row cut
/// by a page break (the table open at the foot of one page and at the head
/// of the next, with as many fields) is written as one row. With the text,
/// how many numbers it wrote unsure (see `PageText::wrapped_from_before`).
fn join_pages(pages: &[PageText]) -> (String, usize) {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut seen_bands: std::collections::HashSet<String> = Default::default();
    // The last row of the table the previous page ended with, if it did,
    // and whether the table was left open (no ruling closes it).
    // With it, where each of its fields' text is (see `Block::Table`).
    let mut open_row: Option<(usize, bool, Vec<(usize, usize)>)> = None;
    let mut unsure = 0;
    for p in pages {
        let band = p.height / 8.0;
        let mut first = true;
        let mut carried = open_row.take();
        if p.wrapped_from_before {
            // Digits at the head of this page may end the numbers of the
            // row the page before ended with: none of them is sure.
            unsure += match pieces.last_mut() {
                Some(Piece::Row(fields)) => unsure::unsure_numbers(fields.iter_mut()),
                // (A line of cells, or a row told in words and numbers
                // apart: a heading or a date is no row.)
                Some(Piece::Line(text)) => unsure::unsure_numbers_of_row_line(text),
                _ => 0,
            };
        }
        for b in &p.blocks {
            match b {
                Block::Table {
                    rows,
                    tail,
                    open_top,
                    open_bottom,
                    ..
                } => {
                    let mut rows = rows.iter();
                    match (first, carried.take(), rows.clone().next()) {
                        (true, Some((k, was_open, tail)), Some(next)) => {
                            if join_cut_row(
                                &mut pieces,
                                k,
                                &tail,
                                next,
                                was_open && *open_top,
                                &mut unsure,
                            ) {
                                rows.next();
                            }
                        }
                        // The rest of a row the page before wrote as a
                        // line (`一、本年新收政府信息 4 3 1 0 3 3 5`): its
                        // label's end and the last digits of its numbers.
                        (true, None, Some(next)) if is_rest_of_a_row(next) => {
                            let before = match pieces.last_mut() {
                                Some(Piece::Line(text)) => unsure::unsure_numbers_of_row_line(text),
                                _ => 0,
                            };
                            if before > 0 {
                                let mut next = next.clone();
                                unsure += before + unsure::unsure_numbers(next.iter_mut());
                                pieces.push(Piece::Row(next));
                                rows.next();
                            }
                        }
                        _ => {}
                    }
                    for r in rows {
                        pieces.push(Piece::Row(r.clone()));
                    }
                    open_row = (!pieces.is_empty())
                        .then(|| (pieces.len() - 1, *open_bottom, tail.clone()));
                }
                Block::Line { y0, y1, text } => {
                    let in_band = *y1 <= band || *y0 >= p.height - band;
                    if in_band {
                        if is_page_number(text) {
                            continue;
                        }
                        let key = header_key(text);
                        if key.chars().count() >= 2 && !seen_bands.insert(key) {
                            continue;
                        }
                    }
                    pieces.push(Piece::Line(text.clone()));
                    carried = None;
                    open_row = None;
                }
            }
            first = false;
        }
    }
    let mut out = String::new();
    for piece in pieces {
        match piece {
            // A row of one field is a label alone (a merged cell's text
            // on a line of its own): a line, not a row of blank cells.
            Piece::Row(fields) if fields.len() == 1 => out.push_str(&fields[0]),
            Piece::Row(fields) => {
                for f in fields {
                    out.push_str(&f);
                    out.push('\t');
                }
            }
            Piece::Line(text) => out.push_str(&text),
        }
        out.push('\n');
    }
    (out, unsure)
}
