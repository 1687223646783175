//! Reading the members of zip, tar and tar.gz archives in-stream, without
//! unpacking anything to disk.
//!
//! Every member is read into memory on its own (bounded by
//! [`Limits::max_member_bytes`]) and handed to the caller, so memory stays
//! flat however large the archive is: zips are read through their central
//! directory over a seekable file, tars and tar.gz as one forward stream.
//! Members that are themselves archives are read recursively from memory, up
//! to [`Limits::max_depth`]. Whatever cannot or must not be read becomes an
//! [`Item::Skipped`] with a stable code; bad data never panics and never
//! returns an error.
//!
//! Member names are the `/`-separated paths stored in the archive. Names that
//! are not UTF-8 are decoded as GB18030 (what Chinese Windows zip tools
//! write), not as the CP437 of the zip specification. A member of a nested
//! archive is named `outer-member!inner-member`, e.g. `inner.zip!a/b.txt`.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use flate2::read::MultiGzDecoder;
use zip::ZipArchive;

use crate::format::{self, Format};

/// Bounds on what reading one archive may cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest member (uncompressed) that is read, in bytes.
    pub max_member_bytes: u64,
    /// Largest uncompressed/compressed ratio accepted for a zip member, and
    /// for a whole tar.gz stream. Applies only once more than [`RATIO_FLOOR`]
    /// bytes are at stake: small, very repetitive files are harmless.
    pub max_ratio: u64,
    /// Most members delivered (documents and skipped members together,
    /// counting the members of nested archives and not the nested archives
    /// themselves).
    pub max_members: usize,
    /// How deep archives inside archives are read: 0 = not at all, 1 = an
    /// archive inside the archive is read, but not an archive inside that.
    pub max_depth: u8,
}

/// Below this many uncompressed bytes the compression ratio is not checked.
pub const RATIO_FLOOR: u64 = 1 << 20;

/// What reading an archive yields, one per member (or one for the archive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// A member to read as a document. `name` is its path inside the archive
    /// ('/'-separated); a member of a nested archive is named
    /// `inner.zip!path/in/inner.txt`.
    Doc { name: String, bytes: Vec<u8> },
    /// A member (or the archive) that was not read, with a stable
    /// SCREAMING_SNAKE_CASE code and a one-sentence message. `name` is empty
    /// when it concerns the whole archive (for a nested archive: the nested
    /// archive's own name).
    Skipped {
        name: String,
        code: &'static str,
        message: String,
    },
}

/// A member declares, or turns out to hold, more than `max_member_bytes`.
pub const MEMBER_TOO_LARGE: &str = "MEMBER_TOO_LARGE";
/// A zip member (or a tar.gz stream) expands more than `max_ratio` times.
pub const COMPRESSION_RATIO: &str = "COMPRESSION_RATIO";
/// The archive has more than `max_members` members; the rest were not read.
pub const TOO_MANY_MEMBERS: &str = "TOO_MANY_MEMBERS";
/// An archive nested deeper than `max_depth`.
pub const NESTED_TOO_DEEP: &str = "NESTED_TOO_DEEP";
/// A member that is no file: a symbolic or hard link, a device, a FIFO.
pub const MEMBER_NOT_A_FILE: &str = "MEMBER_NOT_A_FILE";
/// The archive's structure cannot be read (from that point on).
pub const ARCHIVE_CORRUPT: &str = "ARCHIVE_CORRUPT";
/// One zip member cannot be read (bad data, unsupported compression method).
pub const MEMBER_UNREADABLE: &str = "MEMBER_UNREADABLE";
/// A zip member is encrypted.
pub const ENCRYPTED_MEMBER: &str = "ENCRYPTED_MEMBER";

/// The archive formats read here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Zip,
    Tar,
    TarGz,
}

/// The archive kind of a file, from its leading bytes (`PK\x03\x04` or
/// `PK\x05\x06`: zip; `1f 8b`: gzip, read as tar.gz; `ustar` at offset 257:
/// tar), with the name as a hint for what magic alone cannot tell (a `.zip`
/// starting with the `PK\x07\x08` split marker, an old `.tar` without the
/// `ustar` magic). A docx is a zip too: deciding that a file is a document
/// and not an archive is the caller's business.
pub fn kind_of(file_name: &str, head: &[u8]) -> Option<Kind> {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Some(Kind::Zip);
    }
    if head.starts_with(b"\x1F\x8B") {
        return Some(Kind::TarGz);
    }
    if head.len() >= 262 && &head[257..262] == b"ustar" {
        return Some(Kind::Tar);
    }
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".zip") && head.starts_with(b"PK\x07\x08PK\x03\x04") {
        return Some(Kind::Zip);
    }
    if lower.ends_with(".tar") && is_tar_header(head) {
        return Some(Kind::Tar);
    }
    None
}

/// Read every member of an archive opened as the crawl opens files
/// ([`super::Candidate::open`]), from where `file` is, calling `f` for
/// each, in the archive's own order (zip: central directory order; tar:
/// stored order). `path` is where it was found (its name names a gzip's
/// one member). Directories are skipped; links, devices and FIFOs are
/// [`Item::Skipped`], as is everything wrong inside the archive.
pub fn read_opened_archive(
    file: File,
    path: &Path,
    kind: Kind,
    limits: &Limits,
    f: &mut dyn FnMut(Item),
) -> io::Result<()> {
    let mut ctx = Ctx::new(limits, f, "");
    ctx.file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match kind {
        Kind::Zip => read_zip(BufReader::new(file), &mut ctx, 0, ""),
        Kind::Tar => {
            let mut archive = tar::Archive::new(BufReader::new(file));
            let result = archive
                .entries_with_seek()
                .and_then(|entries| walk_tar(entries, &mut ctx, 0, ""));
            finish_tar(result, None, &mut ctx, "");
        }
        Kind::TarGz => read_tar_gz(BufReader::new(file), &mut ctx, 0, ""),
    }
    Ok(())
}

/// [`read_opened_archive`] for an archive already in memory. `depth` is this
/// archive's nesting depth (0 for a top-level archive) and `prefix` its own
/// name: members are named `{prefix}!{member}` (just `{member}` when
/// `prefix` is empty), and items about the whole archive are named `prefix`.
pub fn read_archive_bytes(
    bytes: &[u8],
    kind: Kind,
    limits: &Limits,
    depth: u8,
    prefix: &str,
    f: &mut dyn FnMut(Item),
) {
    let mut ctx = Ctx::new(limits, f, prefix);
    read_bytes(bytes, kind, &mut ctx, depth, prefix);
}

/// State shared by an archive and everything nested in it.
struct Ctx<'a> {
    limits: &'a Limits,
    f: &'a mut dyn FnMut(Item),
    /// Name of the archive the whole read is about (for TOO_MANY_MEMBERS).
    root: String,
    /// Members admitted so far.
    members: usize,
    /// Set once the member budget is spent: every level stops.
    stopped: bool,
    /// The members' names so far, so that no two are one place.
    names: std::collections::HashSet<String>,
    /// The archive file's own name, for the document a lone gzip holds.
    file_name: String,
}

impl<'a> Ctx<'a> {
    fn new(limits: &'a Limits, f: &'a mut dyn FnMut(Item), root: &str) -> Self {
        Ctx {
            limits,
            f,
            root: root.to_string(),
            members: 0,
            stopped: false,
            names: std::collections::HashSet::new(),
            file_name: String::new(),
        }
    }

    /// `full`, or — when a member of that name came before (a zip or tar
    /// may hold several) — `full#2`, `full#3`, …: each member its own
    /// place, numbered in the archive's own order, the same in every build.
    fn unique(&mut self, full: String) -> String {
        if self.names.insert(full.clone()) {
            return full;
        }
        let mut n = 2u64;
        loop {
            let candidate = format!("{full}#{n}");
            if self.names.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Count one more member; false (and the one TOO_MANY_MEMBERS item) once
    /// the budget is spent.
    fn admit(&mut self) -> bool {
        if self.stopped {
            return false;
        }
        if self.members >= self.limits.max_members {
            self.stopped = true;
            let message = format!(
                "the archive has more than {} members; the rest were not read",
                self.limits.max_members
            );
            let name = self.root.clone();
            self.skip(name, TOO_MANY_MEMBERS, message);
            return false;
        }
        self.members += 1;
        true
    }

    fn skip(&mut self, name: String, code: &'static str, message: String) {
        (self.f)(Item::Skipped {
            name,
            code,
            message,
        });
    }
}

/// `{prefix}!{name}`, or `name` at the top level.
fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}!{name}")
    }
}

fn read_bytes(bytes: &[u8], kind: Kind, ctx: &mut Ctx, depth: u8, prefix: &str) {
    match kind {
        Kind::Zip => read_zip(Cursor::new(bytes), ctx, depth, prefix),
        Kind::Tar => {
            let mut archive = tar::Archive::new(bytes);
            let result = archive
                .entries()
                .and_then(|entries| walk_tar(entries, ctx, depth, prefix));
            finish_tar(result, None, ctx, prefix);
        }
        Kind::TarGz => read_tar_gz(bytes, ctx, depth, prefix),
    }
}

/// A member's name as stored: UTF-8 if it is, otherwise GB18030; `\`
/// separators become `/`, leading `/` and `./` are dropped.
fn member_name(raw: &[u8]) -> String {
    let decoded = match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    let mut name = decoded.replace('\\', "/");
    loop {
        if let Some(rest) = name.strip_prefix("./") {
            name = rest.to_string();
        } else if let Some(rest) = name.strip_prefix('/') {
            name = rest.to_string();
        } else {
            break;
        }
    }
    name
}

fn ratio_exceeded(uncompressed: u64, compressed: u64, max_ratio: u64) -> bool {
    uncompressed > RATIO_FLOOR && uncompressed > compressed.saturating_mul(max_ratio)
}

/// Why a member's bytes were not (all) read.
enum Cut {
    TooLarge(u64),
    Ratio(u64, u64),
    Io(io::Error),
}

/// How much of a member [`read_bounded`] reads between two checks.
const READ_STEP: u64 = 64 * 1024;

/// Read a member, never holding more than `max_member_bytes + 1` bytes;
/// with `compressed`, also stop once the bytes read exceed the ratio limit.
fn read_bounded(
    r: &mut dyn Read,
    declared: u64,
    compressed: Option<u64>,
    limits: &Limits,
) -> Result<Vec<u8>, Cut> {
    let max = limits.max_member_bytes;
    let mut out = Vec::with_capacity(declared.min(max).min(1 << 26) as usize);
    let mut taken = r.take(max.saturating_add(1));
    // Read straight into `out`, a bounded step at a time (so that the
    // ratio is checked as the member inflates), without a zeroed buffer
    // to copy through.
    loop {
        // (read_to_end retries an interrupted read itself.)
        match taken.by_ref().take(READ_STEP).read_to_end(&mut out) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(Cut::Io(e)),
        }
        let len = out.len() as u64;
        if len > max {
            return Err(Cut::TooLarge(len));
        }
        if let Some(c) = compressed {
            if ratio_exceeded(len, c, limits.max_ratio) {
                return Err(Cut::Ratio(len, c));
            }
        }
    }
    Ok(out)
}

/// Skip a member whose header already shows it breaks a limit. True if it
/// was skipped.
fn precheck(ctx: &mut Ctx, name: &str, declared: u64, compressed: Option<u64>) -> bool {
    let limits = *ctx.limits;
    if let Some(c) = compressed {
        if ratio_exceeded(declared, c, limits.max_ratio) {
            ctx.skip(
                name.to_string(),
                COMPRESSION_RATIO,
                format!(
                    "the member declares {declared} bytes compressed into {c}, more than \
                     {}:1; not read",
                    limits.max_ratio
                ),
            );
            return true;
        }
    }
    if declared > limits.max_member_bytes {
        ctx.skip(
            name.to_string(),
            MEMBER_TOO_LARGE,
            format!(
                "the member declares {declared} bytes, more than the limit of {}; not read",
                limits.max_member_bytes
            ),
        );
        return true;
    }
    false
}

/// Report a member cut short by a limit. Returns the I/O error otherwise.
fn report_cut(ctx: &mut Ctx, name: &str, cut: Cut) -> Option<io::Error> {
    let limits = *ctx.limits;
    match cut {
        Cut::TooLarge(n) => ctx.skip(
            name.to_string(),
            MEMBER_TOO_LARGE,
            format!(
                "the member holds more than {} bytes (read {n} so far); not read",
                limits.max_member_bytes
            ),
        ),
        Cut::Ratio(n, c) => ctx.skip(
            name.to_string(),
            COMPRESSION_RATIO,
            format!(
                "the member expanded to {n} bytes from {c} compressed, more than {}:1; \
                 not read",
                limits.max_ratio
            ),
        ),
        Cut::Io(e) => return Some(e),
    }
    None
}

/// Kind of a member that is to be read as a nested archive: office
/// containers (docx, xlsx, odt, …) are zips but documents.
fn nested_kind(name: &str, bytes: &[u8]) -> Option<Kind> {
    const CONTAINER_EXTS: &[&str] = &[
        "docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "pptx", "pptm", "odt", "ods",
        "odp", "epub", "ofd",
    ];
    let kind = kind_of(name, bytes)?;
    if kind == Kind::Zip {
        let base = name.rsplit('/').next().unwrap_or(name);
        if let Some((_, ext)) = base.rsplit_once('.') {
            if CONTAINER_EXTS.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
                return None;
            }
        }
        if format::sniff(name, bytes) == Format::Docx {
            return None;
        }
    }
    Some(kind)
}

/// Hand a member that was read in full to the caller, or read it as a
/// nested archive.
fn deliver(ctx: &mut Ctx, depth: u8, name: String, bytes: Vec<u8>) {
    let Some(kind) = nested_kind(&name, &bytes) else {
        (ctx.f)(Item::Doc { name, bytes });
        return;
    };
    if depth >= ctx.limits.max_depth {
        let message = format!(
            "the member is an archive nested more than {} level(s) deep; not read",
            ctx.limits.max_depth
        );
        ctx.skip(name, NESTED_TOO_DEEP, message);
        return;
    }
    // The nested archive's members count, not the archive itself.
    ctx.members -= 1;
    read_bytes(&bytes, kind, ctx, depth + 1, &name);
}

// ---------------------------------------------------------------- zip

fn read_zip<R: Read + Seek>(mut reader: R, ctx: &mut Ctx, depth: u8, prefix: &str) {
    let declared = declared_entries(&mut reader);
    let err = match ZipArchive::new(&mut reader) {
        Ok(mut zip) if declared.is_none_or(|n| n <= zip.len()) => {
            read_zip_directory(&mut zip, ctx, depth, prefix);
            return;
        }
        Ok(_) => {
            // Fewer members than the directory lists: several share a
            // name, and the directory's reader keeps only the last of
            // them. The local headers hold every one.
            if reader.rewind().is_ok() {
                if let Err(e) = salvage_zip(&mut reader, ctx, depth, prefix) {
                    let message = format!("the zip archive cannot be read past: {e}");
                    ctx.skip(prefix.to_string(), ARCHIVE_CORRUPT, message);
                }
            }
            return;
        }
        Err(e) => e,
    };
    // No usable central directory (typically a truncated download): recover
    // what the local headers still describe, in stored order.
    let before = ctx.members;
    let salvage = reader
        .rewind()
        .map_err(|e| e.to_string())
        .and_then(|()| salvage_zip(&mut reader, ctx, depth, prefix));
    let recovered = ctx.members.saturating_sub(before);
    let message = match (recovered, salvage) {
        (0, _) => format!("the zip archive cannot be read: {err}"),
        (n, Ok(())) => format!(
            "the zip central directory cannot be read ({err}); {n} member(s) were \
             recovered from the local headers"
        ),
        (n, Err(e)) => format!(
            "the zip central directory cannot be read ({err}); {n} member(s) were \
             recovered from the local headers before {e}"
        ),
    };
    ctx.skip(prefix.to_string(), ARCHIVE_CORRUPT, message);
}

fn read_zip_directory<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    ctx: &mut Ctx,
    depth: u8,
    prefix: &str,
) {
    for i in 0..zip.len() {
        if ctx.stopped {
            return;
        }
        let (name, is_dir, is_link, encrypted, declared, compressed) = match zip.by_index_data(i) {
            Ok(e) => (
                member_name(e.name_raw()),
                e.is_dir(),
                e.is_symlink(),
                e.encrypted(),
                e.size(),
                e.compressed_size(),
            ),
            Err(_) => continue,
        };
        if is_dir || name.ends_with('/') || name.is_empty() {
            continue;
        }
        let full = join(prefix, &name);
        if !ctx.admit() {
            return;
        }
        let full = ctx.unique(full);
        if is_link {
            ctx.skip(
                full,
                MEMBER_NOT_A_FILE,
                "the member is a symbolic link, not a file; not read".to_string(),
            );
            continue;
        }
        if encrypted {
            ctx.skip(
                full,
                ENCRYPTED_MEMBER,
                "the member is encrypted; not read".to_string(),
            );
            continue;
        }
        if precheck(ctx, &full, declared, Some(compressed)) {
            continue;
        }
        let limits = *ctx.limits;
        let read = match zip.by_index(i) {
            Ok(mut file) => read_bounded(&mut file, declared, Some(compressed), &limits),
            Err(e) => {
                ctx.skip(
                    full,
                    MEMBER_UNREADABLE,
                    format!("the member cannot be opened: {e}"),
                );
                continue;
            }
        };
        match read {
            Ok(bytes) => deliver(ctx, depth, full, bytes),
            Err(cut) => {
                if let Some(e) = report_cut(ctx, &full, cut) {
                    ctx.skip(
                        full,
                        MEMBER_UNREADABLE,
                        format!("the member's data cannot be read: {e}"),
                    );
                }
            }
        }
    }
}

/// How many members a zip's end-of-central-directory record lists (none
/// when it cannot be found or defers to zip64); the reader is left where
/// it was.
fn declared_entries<R: Read + Seek>(reader: &mut R) -> Option<usize> {
    let at = reader.stream_position().ok()?;
    let len = reader.seek(SeekFrom::End(0)).ok()?;
    let tail_len = len.min(22 + 65_535);
    let mut tail = vec![0u8; tail_len as usize];
    let read = reader
        .seek(SeekFrom::Start(len - tail_len))
        .and_then(|_| reader.read_exact(&mut tail));
    reader.seek(SeekFrom::Start(at)).ok()?;
    read.ok()?;
    let eocd = (0..tail.len().saturating_sub(21))
        .rev()
        .find(|&i| tail[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])?;
    let total = u16::from_le_bytes([tail[eocd + 10], tail[eocd + 11]]);
    (total != u16::MAX).then_some(total as usize)
}

/// Read members from the local headers, front to back, until the central
/// directory or the first error.
fn salvage_zip<R: Read>(
    reader: &mut R,
    ctx: &mut Ctx,
    depth: u8,
    prefix: &str,
) -> Result<(), String> {
    let limits = *ctx.limits;
    loop {
        if ctx.stopped {
            return Ok(());
        }
        let mut file = match zip::read::read_zipfile_from_stream(reader) {
            Ok(Some(file)) => file,
            Ok(None) => return Ok(()),
            Err(e) => return Err(e.to_string()),
        };
        let name = member_name(file.name_raw());
        if file.is_dir() || name.ends_with('/') || name.is_empty() {
            continue;
        }
        let full = join(prefix, &name);
        if !ctx.admit() {
            return Ok(());
        }
        let full = ctx.unique(full);
        if file.is_symlink() {
            let message = "the member is a symbolic link, not a file; not read".to_string();
            ctx.skip(full, MEMBER_NOT_A_FILE, message);
            continue;
        }
        if file.encrypted() {
            ctx.skip(
                full,
                ENCRYPTED_MEMBER,
                "the member is encrypted; not read".to_string(),
            );
            continue;
        }
        let (declared, compressed) = (file.size(), file.compressed_size());
        if precheck(ctx, &full, declared, Some(compressed)) {
            continue;
        }
        match read_bounded(&mut file, declared, Some(compressed), &limits) {
            Ok(bytes) => {
                drop(file);
                deliver(ctx, depth, full, bytes);
            }
            Err(cut) => {
                if let Some(e) = report_cut(ctx, &full, cut) {
                    // The stream position is lost with the member: stop.
                    ctx.members -= 1;
                    return Err(format!("member {full}: {e}"));
                }
            }
        }
    }
}

// ---------------------------------------------------------------- tar

/// Counts the bytes read through it.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Fails the decompressed stream once it has expanded more than the ratio
/// limit over the compressed bytes consumed.
struct RatioGuard<R> {
    inner: R,
    compressed: Rc<Cell<u64>>,
    out: u64,
    max_ratio: u64,
    tripped: Rc<Cell<bool>>,
}

impl<R: Read> Read for RatioGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tripped.get() {
            return Err(io::Error::other("compression ratio limit exceeded"));
        }
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if ratio_exceeded(self.out, self.compressed.get(), self.max_ratio) {
            self.tripped.set(true);
            return Err(io::Error::other("compression ratio limit exceeded"));
        }
        Ok(n)
    }
}

fn read_tar_gz<R: Read>(reader: R, ctx: &mut Ctx, depth: u8, prefix: &str) {
    let compressed = Rc::new(Cell::new(0));
    let tripped = Rc::new(Cell::new(false));
    let gz = MultiGzDecoder::new(BufReader::new(Counted {
        inner: reader,
        count: compressed.clone(),
    }));
    let guarded = RatioGuard {
        inner: gz,
        compressed: compressed.clone(),
        out: 0,
        max_ratio: ctx.limits.max_ratio,
        tripped: tripped.clone(),
    };
    // The first block says whether the gzip holds a tar or is one
    // gzipped document (`report.txt.gz`).
    let mut guarded = guarded;
    let mut head = Vec::with_capacity(512);
    let peeked = (&mut guarded).take(512).read_to_end(&mut head);
    let is_tar = head.is_empty()
        || (head.len() >= 262 && &head[257..262] == b"ustar")
        || is_tar_header(&head);
    if peeked.is_ok() && !is_tar {
        let ratio = || tripped.get().then(|| compressed.get());
        read_gzipped_document(Cursor::new(head).chain(guarded), ctx, depth, prefix, &ratio);
        return;
    }
    let mut archive = tar::Archive::new(Cursor::new(head).chain(guarded));
    let result = peeked.and_then(|_| {
        archive
            .entries()
            .and_then(|entries| walk_tar(entries, ctx, depth, prefix))
    });
    let ratio = tripped.get().then(|| compressed.get());
    finish_tar(result, ratio, ctx, prefix);
}

/// A gzip that holds no tar: one document, named as the gzip without its
/// `.gz` (`a.zip!r.txt.gz!r.txt`; at the top level, `r.txt`).
/// `ratio` says, once the stream failed, whether the ratio bound stopped
/// it (after how many compressed bytes).
fn read_gzipped_document<R: Read>(
    mut reader: R,
    ctx: &mut Ctx,
    depth: u8,
    prefix: &str,
    ratio: &dyn Fn() -> Option<u64>,
) {
    let own = if prefix.is_empty() {
        ctx.file_name.clone()
    } else {
        prefix.rsplit('!').next().unwrap_or(prefix).to_string()
    };
    let own = own.rsplit('/').next().unwrap_or(&own).to_string();
    let lower = own.to_ascii_lowercase();
    let inner = [".gz", ".gzip"]
        .iter()
        .find(|ext| lower.ends_with(*ext) && own.len() > ext.len())
        .map_or(own.clone(), |ext| own[..own.len() - ext.len()].to_string());
    let full = ctx.unique(join(prefix, &inner));
    if !ctx.admit() {
        return;
    }
    let limits = *ctx.limits;
    match read_bounded(&mut reader, 0, None, &limits) {
        Ok(bytes) => deliver(ctx, depth, full, bytes),
        Err(cut) => {
            let Some(e) = report_cut(ctx, &full, cut) else {
                return;
            };
            match ratio() {
                Some(c) => ctx.skip(
                    full,
                    COMPRESSION_RATIO,
                    format!(
                        "the gzip stream expanded more than {}:1 after {c} compressed \
                         bytes; not read",
                        ctx.limits.max_ratio
                    ),
                ),
                None => ctx.skip(
                    full,
                    MEMBER_UNREADABLE,
                    format!("the gzipped document cannot be read: {e}"),
                ),
            }
        }
    }
}

/// Report how a tar stream ended, if not cleanly.
fn finish_tar(result: io::Result<()>, ratio: Option<u64>, ctx: &mut Ctx, prefix: &str) {
    let Err(e) = result else { return };
    if let Some(compressed) = ratio {
        let message = format!(
            "the gzip stream expanded more than {}:1 after {compressed} compressed bytes; \
             the rest was not read",
            ctx.limits.max_ratio
        );
        ctx.skip(prefix.to_string(), COMPRESSION_RATIO, message);
    } else {
        let message = format!("the tar archive cannot be read from this point on: {e}");
        ctx.skip(prefix.to_string(), ARCHIVE_CORRUPT, message);
    }
}

/// Walk tar entries in stored order. Errors end the walk: a tar is one
/// stream, and after a bad header or bad data nothing further is reliable.
fn walk_tar<R: Read>(
    entries: tar::Entries<'_, R>,
    ctx: &mut Ctx,
    depth: u8,
    prefix: &str,
) -> io::Result<()> {
    let limits = *ctx.limits;
    for entry in entries {
        if ctx.stopped {
            return Ok(());
        }
        let mut entry = entry?;
        let kind = entry.header().entry_type();
        let other = not_a_file(kind);
        if other.is_none() && !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            // Folders, and headers that only describe the next member.
            continue;
        }
        let name = member_name(&entry.path_bytes());
        if name.is_empty() || name.ends_with('/') {
            continue;
        }
        let full = join(prefix, &name);
        if !ctx.admit() {
            return Ok(());
        }
        let full = ctx.unique(full);
        if let Some(what) = other {
            // Never followed nor made: the member is named as data.
            let target = entry
                .link_name_bytes()
                .map(|t| format!(" to {}", member_name(&t)))
                .unwrap_or_default();
            let message = format!("the member is {what}{target}, not a file; not read");
            ctx.skip(full, MEMBER_NOT_A_FILE, message);
            continue;
        }
        let declared = entry.size();
        // A sparse member's holes are zeros the reader makes up: what it
        // stores is its "compressed" size, held to the ratio bound like a
        // zip member's (a plain tar of sparse members inflated 0.9 MB
        // into minutes of zeros).
        let stored = kind
            .is_gnu_sparse()
            .then(|| entry.header().entry_size().unwrap_or(0));
        if precheck(ctx, &full, declared, stored) {
            continue;
        }
        match read_bounded(&mut entry, declared, stored, &limits) {
            Ok(bytes) => deliver(ctx, depth, full, bytes),
            Err(cut) => {
                if let Some(e) = report_cut(ctx, &full, cut) {
                    ctx.members -= 1;
                    return Err(io::Error::new(e.kind(), format!("member {full}: {e}")));
                }
            }
        }
    }
    Ok(())
}

/// What a tar member that is no file is, for its message.
fn not_a_file(kind: tar::EntryType) -> Option<&'static str> {
    match kind {
        tar::EntryType::Symlink => Some("a symbolic link"),
        tar::EntryType::Link => Some("a hard link"),
        tar::EntryType::Char | tar::EntryType::Block => Some("a device"),
        tar::EntryType::Fifo => Some("a FIFO"),
        _ => None,
    }
}

/// A 512-byte tar header with a valid checksum (for tars without `ustar`).
fn is_tar_header(head: &[u8]) -> bool {
    if head.len() < 512 || head[0] == 0 {
        return false;
    }
    let field = &head[148..156];
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&c| c == b' ')
        .take_while(|c| (b'0'..=b'7').contains(c))
        .collect();
    if digits.is_empty() {
        return false;
    }
    let Ok(stored) = u32::from_str_radix(std::str::from_utf8(&digits).unwrap_or(""), 8) else {
        return false;
    };
    header_checksum(&head[..512]) == stored
}

/// A tar header's checksum: the byte sum with the checksum field read as spaces.
fn header_checksum(header: &[u8]) -> u32 {
    header
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if (148..156).contains(&i) {
                32
            } else {
                u32::from(b)
            }
        })
        .sum()
}

#[cfg(test)]
mod tests;
