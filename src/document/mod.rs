//! One document: its bytes (or why there are none) → a [`DocumentResult`].
//!
//! What the file is ([`crate::format`]) decides how it is read: text and
//! HTML are decoded ([`crate::decode`]) and HTML rendered to text, a Word
//! document's XML is read, a PDF's text is read from what its pages draw
//! ([`decode::pdf`], within [`PdfLimits`]), anything else is a `failed`
//! row saying what it is. The text goes to [`extract::extract`]; problems
//! of decoding become diagnostics beside its own. Last, the keys the checks across reports
//! match a report by are derived from the result ([`derive_keys`]): the
//! organ key, its part, the carries. A build runs this for every
//! document, and `ogi extract` for one.

pub mod organ;
pub mod places;

use sha2::{Digest, Sha256};

use crate::contract::staged::CARRIES;
use crate::contract::{hex, place};
use crate::crawl::fingerprint::Fingerprint;
use crate::crawl::inventory::hash_file;
use crate::crawl::Candidate;
use crate::decode;
use crate::decode::pdf::PdfLimits;
use crate::extract;
use crate::format::{self, Format};
use crate::model::{
    ApplicationCell, CrossKeys, Diagnostic, DocumentResult, Extraction, Source, Status, APPLICANTS,
};

/// A result with its keys for the checks across reports.
pub fn result(source: Source, extraction: Extraction) -> DocumentResult {
    let mut r = DocumentResult {
        place: places::place_of(&extraction.metadata),
        source,
        extraction,
        keys: CrossKeys::default(),
    };
    r.keys = derive_keys(&r);
    r
}

/// The keys the checks across reports match `r` by, derived from its place,
/// metadata and section 三.
pub fn derive_keys(r: &DocumentResult) -> CrossKeys {
    let md = &r.extraction.metadata;
    let organ_key = organ::organ_key(
        md.organ.as_deref(),
        md.region.as_deref(),
        &r.source.source_path,
        r.source.member.as_deref(),
    );
    CrossKeys {
        organ_part: organ_key.as_deref().map(organ_part),
        organ_key,
        carries: carries(&r.extraction.applications),
    }
}

/// A hash of an organ key (FNV-1a, 32 bits), to split organs into parts.
pub fn organ_part(key: &str) -> u32 {
    key.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A report's carry rows: for each of [`CARRIES`], the value per applicant
/// (in the order of [`APPLICANTS`]), the first one printed.
pub fn carries(cells: &[ApplicationCell]) -> [[Option<i64>; 7]; 2] {
    let mut out = [[None; 7]; 2];
    for cell in cells {
        let Some(r) = CARRIES.iter().position(|(row, _)| *row == cell.row) else {
            continue;
        };
        if let Some(a) = APPLICANTS.iter().position(|a| *a == cell.applicant) {
            let slot = &mut out[r][a];
            if slot.is_none() {
                *slot = cell.value;
            }
        }
    }
    out
}

/// Read a crawled file: everything after the crawl, for a file that is
/// not an archive. `known` is what pass 1 learnt of its bytes, when it
/// read them: bytes that no longer match it are not parsed. A file larger
/// than `max_bytes` is a `failed` row, not read.
pub fn from_file(
    c: &Candidate,
    known: Option<Fingerprint>,
    duplicate_paths: Vec<String>,
    max_bytes: u64,
    pdf: &PdfLimits,
) -> DocumentResult {
    if c.size > max_bytes {
        let message = format!(
            "{} bytes is more than input.max_file_bytes ({max_bytes}); not read",
            c.size
        );
        let mut r = unreadable(c, None, "FILE_TOO_LARGE", &message);
        // Pass 1 hashed it already; reading a huge file twice costs.
        if let Some(h) = known.map(|f| f.sha).or_else(|| hash_file(c).ok()) {
            set_hash(&mut r.source, &h);
        }
        r.source.duplicate_paths = duplicate_paths;
        return r;
    }
    let bytes = match read_again(c, max_bytes) {
        Ok(Reread::Bytes(bytes)) => bytes,
        Ok(Reread::Grown(n)) => {
            let message = format!(
                "the file grew to more than input.max_file_bytes ({max_bytes}) since the \
                 inventory saw {} bytes (at least {n} now); not read",
                c.size
            );
            return unreadable(c, None, "FILE_CHANGED", &message);
        }
        Ok(Reread::NotAFile(what)) => {
            let message =
                format!("the file was replaced by {what} since the inventory saw it; not read");
            return unreadable(c, None, "FILE_CHANGED", &message);
        }
        Err(e) => {
            return unreadable(
                c,
                None,
                "READ_FAILED",
                &format!("the file could not be read: {e}"),
            )
        }
    };
    if known.is_some_and(|f| !f.matches(&bytes)) {
        // Parsed under pass 1's sha256 the row would describe bytes that
        // are no longer there; its copies elsewhere keep pass 1's bytes.
        let message = format!(
            "the file changed since the inventory read it ({} bytes then, {} now); \
             not read: build again once the folder is still",
            c.size,
            bytes.len()
        );
        let mut r = unreadable(c, None, "FILE_CHANGED", &message);
        r.source.duplicate_paths = duplicate_paths;
        return r;
    }
    let sha = match known {
        Some(f) => f.sha,
        None => Sha256::digest(&bytes).into(),
    };
    from_bytes(&c.rel, None, &bytes, Some(sha), duplicate_paths, pdf)
}

/// What pass 2 found where the inventory saw a regular file.
enum Reread {
    Bytes(Vec<u8>),
    /// More than the bound: this many bytes at least.
    Grown(u64),
    /// Something else now: a FIFO, a device, a symbolic link, a folder, or
    /// a link in place of one of the folders on its path.
    NotAFile(String),
}

/// Read a file the inventory saw, trusting nothing it saw (see
/// [`Candidate::open`]), and at most `max_bytes` + 1 bytes of it, however
/// large it has grown.
fn read_again(c: &Candidate, max_bytes: u64) -> std::io::Result<Reread> {
    use std::io::Read;
    let file = match c.open()? {
        Ok(f) => f,
        Err(what) => return Ok(Reread::NotAFile(what)),
    };
    let size = file.metadata()?.len();
    let mut bytes = Vec::with_capacity(size.min(max_bytes.saturating_add(1)) as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Ok(Reread::Grown(bytes.len() as u64));
    }
    Ok(Reread::Bytes(bytes))
}

/// Read one document's bytes, found at `rel` (and `member` of it, for an
/// archive member). `sha` is the bytes' sha256 when already known; `pdf`
/// bounds what reading a PDF may cost.
pub fn from_bytes(
    rel: &str,
    member: Option<&str>,
    bytes: &[u8],
    sha: Option<[u8; 32]>,
    duplicate_paths: Vec<String>,
    pdf: &PdfLimits,
) -> DocumentResult {
    let sha = hex(&sha.unwrap_or_else(|| Sha256::digest(bytes).into()));
    let name = member.unwrap_or(rel);
    let format = format::sniff(name, bytes);
    let mut source = Source {
        report_id: sha[..32].to_string(),
        source_path: rel.to_string(),
        member: member.map(str::to_string),
        duplicate_paths,
        sha256: sha,
        bytes: bytes.len() as i64,
        format: format.as_str().to_string(),
        encoding: "unknown".to_string(),
    };
    let failed = |code: &'static str, message: String| {
        let mut ex = Extraction::empty(Status::Failed);
        ex.diagnostics.push(Diagnostic::error(code, message));
        ex
    };
    let (extraction, spent) = crate::budget::run(|| match format {
        Format::Text | Format::Html => {
            let decoded = decode::decode(bytes);
            source.encoding = decoded.encoding.to_string();
            let text = if format == Format::Html {
                decode::normalise(&decode::html::html_to_text(&decoded.text))
            } else {
                decoded.text
            };
            let mut ex = extract::extract(&text);
            if decoded.had_errors {
                ex.diagnostics.push(Diagnostic::warning(
                    "DECODE_ERRORS",
                    format!("some bytes are not valid {}; replaced", decoded.encoding),
                ));
            }
            if let Some(declared) = decoded.declared {
                if declared != decoded.encoding {
                    ex.diagnostics.push(Diagnostic::warning(
                        "ENCODING_MISMATCH",
                        format!(
                            "the page declares {declared} but its bytes are {}; read as {}",
                            decoded.encoding, decoded.encoding
                        ),
                    ));
                }
            }
            ex
        }
        Format::Docx => match decode::docx::docx_to_text(bytes) {
            Ok(text) => {
                source.encoding = "UTF-8".to_string();
                extract::extract(&decode::normalise(&text))
            }
            Err(why) => failed(
                "DOCX_UNREADABLE",
                format!("the Word document could not be read: {why}"),
            ),
        },
        Format::Pdf => match decode::pdf::pdf_to_text(bytes, pdf) {
            Ok(read) => {
                let mut ex = extract::extract(&decode::normalise(&read.text));
                if read.unsure_glyphs > 0 {
                    ex.diagnostics.push(Diagnostic::warning(
                        "PDF_TEXT_UNSURE",
                        format!(
                            "{} characters of the PDF's {} pages have no text in the file (their font maps them to nothing sure); written as U+FFFD, and a table row holding one is left null",
                            read.unsure_glyphs, read.pages
                        ),
                    ));
                }
                if read.unsure_cells > 0 {
                    ex.diagnostics.push(Diagnostic::warning(
                        "PDF_TABLE_UNSURE",
                        format!(
                            "{} numbers of a table drawn without rulings cannot be told to their row or cell (labels wrapped over several lines, numbers wrapped in their cells or cut by a page break); their rows are left null",
                            read.unsure_cells
                        ),
                    ));
                }
                ex
            }
            Err(e) => failed(e.code(), e.to_string()),
        },
        Format::Empty => failed("EMPTY_DOCUMENT", "the document is empty".to_string()),
        Format::Binary => failed(
            "BINARY_DOCUMENT",
            "the document is binary data, not text".to_string(),
        ),
        other => failed(
            "FORMAT_NOT_READ",
            format!(
                "{} documents are recognised but not read by this version",
                other.as_str()
            ),
        ),
    });
    let extraction = if spent {
        // What was read before the budget ran out is not trusted: a table
        // cut short would read as a report with rows missing.
        failed(
            "DOCUMENT_BUDGET_SPENT",
            format!(
                "reading the document took more than run.document_budget ({} steps); \
                 not read",
                crate::budget::configured()
            ),
        )
    } else {
        extraction
    };
    result(source, extraction)
}

/// A document that could not be read: a `failed` row all the same. Its id
/// hashes its place, since there are no bytes to hash.
pub fn unreadable(
    c: &Candidate,
    member: Option<&str>,
    code: &'static str,
    message: &str,
) -> DocumentResult {
    let mut ex = Extraction::empty(Status::Failed);
    ex.diagnostics
        .push(Diagnostic::error(code, message.to_string()));
    let id = hex(&Sha256::digest(place(&c.rel, member).as_bytes()));
    let source = Source {
        report_id: format!("unread-{}", &id[..24]),
        source_path: c.rel.clone(),
        member: member.map(str::to_string),
        duplicate_paths: Vec::new(),
        sha256: String::new(),
        bytes: if member.is_none() { c.size as i64 } else { 0 },
        format: "unknown".to_string(),
        encoding: "unknown".to_string(),
    };
    result(source, ex)
}

/// The row of an archive that holds no documents.
pub fn empty_archive(c: &Candidate) -> DocumentResult {
    let mut r = unreadable(c, None, "EMPTY_ARCHIVE", "the archive holds no documents");
    r.extraction.status = Status::NotAReport;
    if let Ok(h) = hash_file(c) {
        set_hash(&mut r.source, &h);
    }
    r.source.format = "archive".to_string();
    r
}

/// The row of an archive member (or a whole archive, `name` empty) that was
/// not read.
pub fn skipped_member(
    c: &Candidate,
    name: &str,
    code: &'static str,
    message: &str,
) -> DocumentResult {
    let member = if name.is_empty() { None } else { Some(name) };
    let mut r = unreadable(c, member, code, message);
    r.source.format = "archive".to_string();
    if member.is_none() {
        if let Ok(h) = hash_file(c) {
            set_hash(&mut r.source, &h);
        }
    }
    r
}

fn set_hash(source: &mut Source, h: &[u8; 32]) {
    let sha = hex(h);
    source.report_id = sha[..32].to_string();
    source.sha256 = sha;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    #[test]
    fn what_cannot_be_read_says_why() {
        let empty = from_bytes(
            "a/empty.txt",
            None,
            b"",
            None,
            Vec::new(),
            &PdfLimits::default(),
        );
        assert_eq!(empty.extraction.status, Status::Failed);
        assert_eq!(empty.extraction.diagnostics[0].code, "EMPTY_DOCUMENT");
        assert_eq!(empty.source.format, "empty");
        // The id is the bytes' hash, as everywhere.
        assert_eq!(empty.source.report_id, &empty.source.sha256[..32]);
        let limits = PdfLimits::default();
        let pdf = from_bytes(
            "x.pdf",
            None,
            b"%PDF-1.7\n1 0 obj\n",
            None,
            Vec::new(),
            &limits,
        );
        assert_eq!(pdf.extraction.status, Status::Failed);
        assert_eq!(pdf.extraction.diagnostics[0].code, "PDF_CORRUPT");
        assert_eq!(pdf.source.format, "pdf");
        let png = from_bytes(
            "x.png",
            None,
            b"\x89PNG\r\n\x1a\n",
            None,
            Vec::new(),
            &limits,
        );
        assert_eq!(png.extraction.diagnostics[0].code, "FORMAT_NOT_READ");
        let c = Candidate {
            path: "/nowhere/b.txt".into(),
            rel: "b.txt".into(),
            size: 3,
            depth: 1,
        };
        let r = unreadable(&c, Some("m.txt"), "READ_FAILED", "gone");
        assert!(r.source.report_id.starts_with("unread-"));
        assert_eq!(r.count(Severity::Error), 1);
        assert_eq!(r.keys, CrossKeys::default());
    }

    #[test]
    fn keys_are_derived_from_the_place_metadata_and_carries() {
        let mut r = from_bytes(
            "岚皋县/2020.txt",
            None,
            b"x",
            None,
            Vec::new(),
            &PdfLimits::default(),
        );
        r.extraction.metadata.organ = Some("岚皋县四季镇人民政府".into());
        r.extraction.applications = vec![
            ApplicationCell {
                row: "carried_forward",
                applicant: "total",
                value: Some(4),
                raw: "4".into(),
            },
            ApplicationCell {
                row: "carried_forward",
                applicant: "total",
                value: Some(9),
                raw: "9".into(),
            },
        ];
        let keys = derive_keys(&r);
        assert_eq!(keys.organ_key.as_deref(), Some("岚皋县|四季镇"));
        assert_eq!(keys.organ_part, Some(organ_part("岚皋县|四季镇")));
        // The first value printed counts.
        assert_eq!(keys.carries[1][6], Some(4));
        assert_eq!(keys.carries[0], [None; 7]);
    }
}
