//! Pass 1 of a build: the inventory of every document under the inputs.
//!
//! Every file is read once and hashed (an archive's members one by one, as
//! they stream out), so that byte-identical documents can become one
//! `reports` row listing the other places. The crawl runs on a thread of
//! its own, a few chunks of files ahead of the workers that hash them.
//! Nothing of this is kept in memory per document: the inventory is
//! spilled to a scratch folder as it is taken — the units in path order,
//! and each document's hash into one of [`BUCKETS`] files by its leading
//! bits — and copies are then found a bucket at a time. What stays in memory is proportional to the number of
//! copies, which the `reports` table must list anyway.
//!
//! Pass 2 reads the units back from the spill, in the same order.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use anyhow::{Context, Result};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::archive::{kind_of, read_opened_archive, Item, Kind, Limits};
use super::fingerprint::{self, Fingerprint};
use super::{crawl, Candidate, CrawlReport, Prefetcher};
use crate::contract::place;
use crate::format;
use crate::hooks;

/// How many files the document hashes are spread over.
const BUCKETS: usize = 64;
/// Files hashed in parallel at a time.
const CHUNK: usize = 256;
/// A hash and the index of its document, as spilled.
const RECORD: usize = 32 + 8;

/// How a file is read: as one document, or as an archive of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
    File,
    Archive(Kind),
}

/// One document of a unit: the file itself, or a member of an archive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub member: Option<String>,
    pub content: Content,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// Bytes that were read: their sha256, and the check pass 2 reads
    /// them again by.
    Bytes(Fingerprint),
    /// An archive member that was not read (too large, a bomb, …).
    Skipped,
    /// The file could not be read at all.
    Unreadable(String),
}

impl Content {
    pub fn sha(&self) -> Option<[u8; 32]> {
        self.fingerprint().map(|f| f.sha)
    }

    pub fn fingerprint(&self) -> Option<Fingerprint> {
        match self {
            Content::Bytes(f) => Some(*f),
            _ => None,
        }
    }
}

/// A file found by the crawl and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub candidate: Candidate,
    pub kind: UnitKind,
    /// Its documents, in archive order. Every entry has an index, counted
    /// over all units in order; the first entry's is the unit's `first`.
    pub entries: Vec<Entry>,
}

/// The settings pass 1 needs.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub max_file_bytes: u64,
    pub limits: Limits,
}

/// The inventory of a build, spilled to its scratch folder (removed when
/// the inventory is dropped).
pub struct Inventory {
    scratch: PathBuf,
    pub files: usize,
    /// Entries over all units.
    pub entries: u64,
    /// Entries that are copies of an earlier one.
    pub copies: u64,
    /// Documents pass 2 will write: an entry each but copies, and a row for
    /// an archive with none.
    pub documents: u64,
    pub report: CrawlReport,
    is_copy: HashSet<u64>,
    /// The places of each first document's copies, in path order.
    copies_of: HashMap<u64, Vec<String>>,
}

impl Inventory {
    /// Crawl `inputs` and take the inventory of the files `keep` accepts
    /// (by relative path; all when None), hashing on `pool`, spilling into
    /// `scratch` (created; it must not exist). `hashed` hears of each chunk
    /// of files as it is done: how many, and their size in bytes.
    pub fn take(
        inputs: &[PathBuf],
        scratch: &Path,
        pool: &rayon::ThreadPool,
        settings: &Settings,
        keep: Option<impl Fn(&str) -> bool + Send>,
        hashed: &mut dyn FnMut(u64, u64),
    ) -> Result<Inventory> {
        fs::create_dir(scratch)
            .with_context(|| format!("cannot create the scratch folder {}", scratch.display()))?;
        super::forget_opened_folders();
        let mut inv = Inventory {
            scratch: scratch.to_path_buf(),
            files: 0,
            entries: 0,
            copies: 0,
            documents: 0,
            report: CrawlReport::default(),
            is_copy: HashSet::new(),
            copies_of: HashMap::new(),
        };
        let mut spill = Spill::create(scratch)?;
        let mut hashed_any = false;
        let mut hash = |chunk: Vec<Candidate>| -> Result<()> {
            let (files, bytes) = (chunk.len() as u64, chunk.iter().map(|c| c.size).sum());
            hash_chunk(chunk, &mut spill, pool, settings)?;
            hashed(files, bytes);
            if !std::mem::replace(&mut hashed_any, true) {
                hooks::pause_at("crawling");
            }
            Ok(())
        };
        let crawled = if pool.current_num_threads() == 1 {
            // One thread: the crawl and the hashing take turns on it.
            crawl_in_chunks(inputs, keep, &mut hash)
        } else {
            // The crawl runs on its own thread, a chunk or two ahead of the
            // hashing: walking directories (waiting on the disk for a cold
            // one) overlaps the reading and hashing of the files found.
            let (tx, rx) = sync_channel::<Vec<Candidate>>(2);
            std::thread::scope(|scope| -> Result<CrawlReport> {
                let crawler = std::thread::Builder::new()
                    .name("ogi-crawler".to_string())
                    .spawn_scoped(scope, move || {
                        crawl_in_chunks(inputs, keep, &mut |chunk| {
                            tx.send(chunk)
                                .map_err(|_| anyhow::anyhow!("the inventory stopped"))
                        })
                    })
                    .context("cannot start the crawler thread")?;
                let hashed = rx.iter().try_for_each(&mut hash);
                // Dropping the receiver stops a crawler still running after a failure.
                drop(rx);
                let report = crawler
                    .join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("the crawler thread panicked")));
                // A hashing failure is the cause of the crawler's "stopped".
                hashed.and(report)
            })
        }?;
        if !hashed_any {
            hooks::pause_at("crawling");
        }
        inv.report = crawled;
        inv.files = spill.units;
        inv.entries = spill.entries;
        inv.documents = spill.documents;
        spill.finish()?;
        inv.find_copies()?;
        inv.documents -= inv.copies;
        Ok(inv)
    }

    /// Which entries are copies of an earlier one, a bucket at a time, and
    /// then the places of the copies of each first one.
    fn find_copies(&mut self) -> Result<()> {
        let mut first_of: HashMap<u64, u64> = HashMap::new();
        for b in 0..BUCKETS {
            let path = bucket_path(&self.scratch, b);
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read back {}", path.display()))?;
            let mut records: Vec<([u8; 32], u64)> = bytes
                .chunks_exact(RECORD)
                .map(|r| {
                    let mut h = [0u8; 32];
                    h.copy_from_slice(&r[..32]);
                    let mut i = [0u8; 8];
                    i.copy_from_slice(&r[32..]);
                    (h, u64::from_le_bytes(i))
                })
                .collect();
            drop(bytes);
            records.sort_unstable();
            for group in records.chunk_by(|a, b| a.0 == b.0) {
                for copy in &group[1..] {
                    first_of.insert(copy.1, group[0].1);
                }
            }
            let _ = fs::remove_file(&path);
        }
        if first_of.is_empty() {
            return Ok(());
        }
        self.copies = first_of.len() as u64;
        for unit in self.units()? {
            let (first, unit) = unit?;
            for (i, e) in unit.entries.iter().enumerate() {
                if let Some(&f) = first_of.get(&(first + i as u64)) {
                    self.copies_of
                        .entry(f)
                        .or_default()
                        .push(place(&unit.candidate.rel, e.member.as_deref()));
                }
            }
        }
        self.is_copy = first_of.into_keys().collect();
        Ok(())
    }

    /// The units, in path order, each with the index of its first entry.
    pub fn units(&self) -> Result<Units> {
        let path = self.scratch.join("units");
        let file =
            File::open(&path).with_context(|| format!("cannot read back {}", path.display()))?;
        Ok(Units {
            r: BufReader::with_capacity(256 * 1024, file),
            next: 0,
        })
    }

    /// Is entry `index` a copy of an earlier document (and so not written)?
    pub fn is_copy(&self, index: u64) -> bool {
        self.is_copy.contains(&index)
    }

    /// The places holding copies of entry `index`, in path order.
    pub fn copies_of(&self, index: u64) -> Vec<String> {
        self.copies_of.get(&index).cloned().unwrap_or_default()
    }
}

/// Crawl `inputs`, handing the files `keep` accepts to `deliver` in
/// chunks of [`CHUNK`], in path order. The disk is asked for each chunk's
/// files as it is handed over, so that they are read in parallel (and, on
/// the crawler thread, while the chunks before are still being hashed).
fn crawl_in_chunks(
    inputs: &[PathBuf],
    keep: Option<impl Fn(&str) -> bool>,
    deliver: &mut dyn FnMut(Vec<Candidate>) -> Result<()>,
) -> Result<CrawlReport> {
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut ahead = Prefetcher::default();
    let mut hand_over = |chunk: Vec<Candidate>| {
        chunk.iter().for_each(|c| ahead.ask(c));
        deliver(chunk)
    };
    let report = crawl(inputs, &mut |c| {
        if keep.as_ref().is_some_and(|k| !k(&c.rel)) {
            return Ok(());
        }
        chunk.push(c);
        if chunk.len() >= CHUNK {
            hand_over(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))?;
        }
        Ok(())
    })?;
    if !chunk.is_empty() {
        hand_over(chunk)?;
    }
    Ok(report)
}

/// Take one chunk of the crawl on `pool`, in parallel, and spill its units
/// in crawl order.
fn hash_chunk(
    chunk: Vec<Candidate>,
    spill: &mut Spill,
    pool: &rayon::ThreadPool,
    settings: &Settings,
) -> Result<()> {
    let taken: Vec<(UnitKind, Vec<Entry>)> =
        pool.install(|| chunk.par_iter().map(|c| plan(c, settings)).collect());
    for (candidate, (kind, entries)) in chunk.into_iter().zip(taken) {
        spill.push(&Unit {
            candidate,
            kind,
            entries,
        })?;
    }
    Ok(())
}

impl Drop for Inventory {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.scratch);
    }
}

fn bucket_path(scratch: &Path, b: usize) -> PathBuf {
    scratch.join(format!("hashes-{b:02}"))
}

/// The writers of the spill.
struct Spill {
    scratch: PathBuf,
    units_file: BufWriter<File>,
    buckets: Vec<BufWriter<File>>,
    units: usize,
    entries: u64,
    documents: u64,
}

impl Spill {
    fn create(scratch: &Path) -> Result<Spill> {
        let open =
            |p: PathBuf| File::create(&p).with_context(|| format!("cannot create {}", p.display()));
        let units_file = BufWriter::with_capacity(256 * 1024, open(scratch.join("units"))?);
        let buckets = (0..BUCKETS)
            .map(|b| {
                Ok(BufWriter::with_capacity(
                    8 * 1024,
                    open(bucket_path(scratch, b))?,
                ))
            })
            .collect::<Result<_>>()?;
        Ok(Spill {
            scratch: scratch.to_path_buf(),
            units_file,
            buckets,
            units: 0,
            entries: 0,
            documents: 0,
        })
    }

    fn push(&mut self, unit: &Unit) -> Result<()> {
        self.write(unit).with_context(|| self.context())
    }

    fn write(&mut self, unit: &Unit) -> io::Result<()> {
        for (i, e) in unit.entries.iter().enumerate() {
            if let Content::Bytes(f) = &e.content {
                let h = &f.sha;
                let b = usize::from(h[0]) % BUCKETS;
                let w = &mut self.buckets[b];
                w.write_all(h)?;
                w.write_all(&(self.entries + i as u64).to_le_bytes())?;
            }
        }
        encode(&mut self.units_file, unit)?;
        self.units += 1;
        self.entries += unit.entries.len() as u64;
        self.documents += unit.entries.len().max(1) as u64;
        Ok(())
    }

    /// What a write error is about: the scratch folder, by name (a full
    /// disk says where it is full).
    fn context(&self) -> String {
        format!(
            "cannot write the inventory to the scratch folder {}",
            self.scratch.display()
        )
    }

    fn finish(self) -> Result<()> {
        let context = self.context();
        let mut units_file = self.units_file;
        let flushed = units_file
            .flush()
            .and_then(|()| self.buckets.into_iter().try_for_each(|mut b| b.flush()));
        flushed.context(context)
    }
}

/// The units read back from the spill.
pub struct Units {
    r: BufReader<File>,
    next: u64,
}

impl Iterator for Units {
    type Item = Result<(u64, Unit)>;

    fn next(&mut self) -> Option<Self::Item> {
        match decode_unit(&mut self.r) {
            Ok(None) => None,
            Ok(Some(unit)) => {
                let first = self.next;
                self.next += unit.entries.len() as u64;
                Some(Ok((first, unit)))
            }
            Err(e) => Some(Err(
                anyhow::Error::new(e).context("the inventory spill is corrupt")
            )),
        }
    }
}

fn put(w: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    w.write_all(&(bytes.len() as u32).to_le_bytes())?;
    w.write_all(bytes)
}

fn encode(w: &mut impl Write, unit: &Unit) -> io::Result<()> {
    let c = &unit.candidate;
    put(w, c.path.as_os_str().as_encoded_bytes())?;
    put(w, c.rel.as_bytes())?;
    w.write_all(&c.size.to_le_bytes())?;
    w.write_all(&c.depth.to_le_bytes())?;
    w.write_all(&[match unit.kind {
        UnitKind::File => 0,
        UnitKind::Archive(Kind::Zip) => 1,
        UnitKind::Archive(Kind::Tar) => 2,
        UnitKind::Archive(Kind::TarGz) => 3,
    }])?;
    w.write_all(&(unit.entries.len() as u32).to_le_bytes())?;
    for e in &unit.entries {
        match &e.member {
            Some(m) => {
                w.write_all(&[1])?;
                put(w, m.as_bytes())?;
            }
            None => w.write_all(&[0])?,
        }
        match &e.content {
            Content::Bytes(f) => {
                w.write_all(&[0])?;
                w.write_all(&f.sha)?;
                w.write_all(&f.check_bytes())?;
            }
            Content::Skipped => w.write_all(&[1])?,
            Content::Unreadable(why) => {
                w.write_all(&[2])?;
                put(w, why.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn corrupt(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

fn get_u8(r: &mut impl Read) -> io::Result<u8> {
    let mut b = [0u8; 1];
    r.read_exact(&mut b)?;
    Ok(b[0])
}

fn get_u32(r: &mut impl Read) -> io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn get_bytes(r: &mut impl Read) -> io::Result<Vec<u8>> {
    let n = get_u32(r)? as usize;
    let mut v = vec![0u8; n];
    r.read_exact(&mut v)?;
    Ok(v)
}

fn get_string(r: &mut impl Read) -> io::Result<String> {
    String::from_utf8(get_bytes(r)?).map_err(|_| corrupt("a string is not UTF-8"))
}

fn decode_unit(r: &mut impl Read) -> io::Result<Option<Unit>> {
    // The end of the spill is a clean end before a unit's first byte.
    let mut len = [0u8; 4];
    match r.read(&mut len[..1])? {
        0 => return Ok(None),
        _ => r.read_exact(&mut len[1..])?,
    }
    let mut path = vec![0u8; u32::from_le_bytes(len) as usize];
    r.read_exact(&mut path)?;
    // SAFETY: the bytes were produced by `as_encoded_bytes` of an OsStr in
    // this very process (the spill never outlives the build).
    let path = PathBuf::from(unsafe { OsString::from_encoded_bytes_unchecked(path) });
    let rel = get_string(r)?;
    let mut size = [0u8; 8];
    r.read_exact(&mut size)?;
    let depth = get_u32(r)?;
    let kind = match get_u8(r)? {
        0 => UnitKind::File,
        1 => UnitKind::Archive(Kind::Zip),
        2 => UnitKind::Archive(Kind::Tar),
        3 => UnitKind::Archive(Kind::TarGz),
        _ => return Err(corrupt("unknown unit kind")),
    };
    let n = get_u32(r)? as usize;
    let mut entries = Vec::with_capacity(n.min(1024));
    for _ in 0..n {
        let member = match get_u8(r)? {
            0 => None,
            _ => Some(get_string(r)?),
        };
        let content = match get_u8(r)? {
            0 => {
                let mut h = [0u8; 32];
                r.read_exact(&mut h)?;
                let mut check = [0u8; 16];
                r.read_exact(&mut check)?;
                Content::Bytes(Fingerprint::from_parts(h, check))
            }
            1 => Content::Skipped,
            2 => Content::Unreadable(get_string(r)?),
            _ => return Err(corrupt("unknown entry content")),
        };
        entries.push(Entry { member, content });
    }
    Ok(Some(Unit {
        candidate: Candidate {
            path,
            rel,
            size: u64::from_le_bytes(size),
            depth,
        },
        kind,
        entries,
    }))
}

/// How much of a file's head decides whether it is an archive.
const HEAD: usize = 64 * 1024;

/// Is this file an archive (and not a Word document, itself a zip)?
fn unit_kind(c: &Candidate, head: &[u8]) -> UnitKind {
    if format::is_word_document(&c.rel, head) {
        return UnitKind::File;
    }
    match kind_of(&c.rel, head) {
        Some(kind) => UnitKind::Archive(kind),
        None => UnitKind::File,
    }
}

/// Pass 1 for one file: what documents it holds and their hashes. A plain
/// file is opened and read once: its head decides what it is and then goes
/// on into the hash with the rest.
fn plan(c: &Candidate, s: &Settings) -> (UnitKind, Vec<Entry>) {
    let unreadable = |e: io::Error| {
        vec![Entry {
            member: None,
            content: Content::Unreadable(e.to_string()),
        }]
    };
    let mut file = match c.open_file() {
        Ok(f) => f,
        Err(e) => return (UnitKind::File, unreadable(e)),
    };
    let mut head = Vec::with_capacity(HEAD);
    if let Err(e) = (&mut file).take(HEAD as u64).read_to_end(&mut head) {
        return (UnitKind::File, unreadable(e));
    }
    let kind = if c.size > s.max_file_bytes {
        UnitKind::File
    } else {
        unit_kind(c, &head)
    };
    let entries = match kind {
        UnitKind::File => {
            // A head shorter than HEAD is the whole file (most are).
            let content = if head.len() < HEAD {
                Content::Bytes(Fingerprint::of(&head))
            } else {
                let mut hasher = fingerprint::Hasher::default();
                hasher.update(&head);
                match read_rest(&mut file, head, |b| hasher.update(b)) {
                    Ok(()) => Content::Bytes(hasher.finish()),
                    Err(e) => Content::Unreadable(e.to_string()),
                }
            };
            vec![Entry {
                member: None,
                content,
            }]
        }
        UnitKind::Archive(kind) => {
            let mut entries = Vec::new();
            // The archive is read from the start through the same handle.
            let read = file.rewind().and_then(|()| {
                read_opened_archive(file, &c.path, kind, &s.limits, &mut |item| {
                    entries.push(match item {
                        Item::Doc { name, bytes } => Entry {
                            member: Some(name),
                            content: Content::Bytes(Fingerprint::of(&bytes)),
                        },
                        Item::Skipped { name, .. } => Entry {
                            member: if name.is_empty() { None } else { Some(name) },
                            content: Content::Skipped,
                        },
                    });
                })
            });
            if let Err(e) = read {
                entries = unreadable(e);
            }
            entries
        }
    };
    (kind, entries)
}

/// Feed the rest of `file` to `take`, a buffer at a time.
fn read_rest(file: &mut File, mut buf: Vec<u8>, mut take: impl FnMut(&[u8])) -> io::Result<()> {
    buf.resize(HEAD, 0);
    loop {
        match file.read(&mut buf)? {
            0 => return Ok(()),
            n => take(&buf[..n]),
        }
    }
}

/// sha256 of a file the crawl found, streamed so that a huge file costs
/// no memory.
pub fn hash_file(c: &Candidate) -> std::result::Result<[u8; 32], String> {
    let mut f = c.open_file().map_err(|e| e.to_string())?;
    let mut hasher = Sha256::new();
    read_rest(&mut f, Vec::new(), |b| hasher.update(b)).map_err(|e| e.to_string())?;
    Ok(hasher.finalize().into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut spill = Spill::create(dir.path()).unwrap();
        let units = [
            Unit {
                candidate: Candidate {
                    path: PathBuf::from("/x/a b/报告.txt"),
                    rel: "a b/报告.txt".into(),
                    size: 12,
                    depth: 2,
                },
                kind: UnitKind::File,
                entries: vec![Entry {
                    member: None,
                    content: Content::Bytes(Fingerprint::of(b"seven")),
                }],
            },
            Unit {
                candidate: Candidate {
                    path: PathBuf::from("/x/z.zip"),
                    rel: "z.zip".into(),
                    size: 99,
                    depth: 1,
                },
                kind: UnitKind::Archive(Kind::Zip),
                entries: vec![
                    Entry {
                        member: Some("1.txt".into()),
                        content: Content::Skipped,
                    },
                    Entry {
                        member: None,
                        content: Content::Unreadable("broken".into()),
                    },
                ],
            },
        ];
        for u in &units {
            spill.push(u).unwrap();
        }
        spill.finish().unwrap();
        let inv = Inventory {
            scratch: dir.path().to_path_buf(),
            files: 2,
            entries: 3,
            copies: 0,
            documents: 3,
            report: CrawlReport::default(),
            is_copy: HashSet::new(),
            copies_of: HashMap::new(),
        };
        let back: Vec<(u64, Unit)> = inv.units().unwrap().map(|u| u.unwrap()).collect();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0], (0, units[0].clone()));
        assert_eq!(back[1], (1, units[1].clone()));
    }

    #[test]
    fn copies_are_found_across_buckets_in_path_order() {
        let root = tempfile::tempdir().unwrap();
        let docs = root.path().join("docs");
        fs::create_dir(&docs).unwrap();
        // Three copies of one text, two of another, one unique.
        for (name, text) in [
            ("a.txt", "same"),
            ("b.txt", "other"),
            ("c/d.txt", "same"),
            ("e.txt", "unique"),
            ("f.txt", "other"),
            ("g.txt", "same"),
        ] {
            let p = docs.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let settings = Settings {
            max_file_bytes: 1 << 20,
            limits: Limits {
                max_member_bytes: 1 << 20,
                max_ratio: 100,
                max_members: 100,
                max_depth: 2,
            },
        };
        let scratch = root.path().join("scratch");
        let all: Option<fn(&str) -> bool> = None;
        let inv =
            Inventory::take(&[docs], &scratch, &pool, &settings, all, &mut |_, _| {}).unwrap();
        assert_eq!((inv.files, inv.copies, inv.documents), (6, 3, 3));
        assert_eq!(inv.copies_of(0), ["c/d.txt", "g.txt"]);
        assert_eq!(inv.copies_of(1), ["f.txt"]);
        assert!(inv.is_copy(2) && inv.is_copy(4) && inv.is_copy(5));
        assert!(!inv.is_copy(3));
        drop(inv);
        assert!(!scratch.exists(), "the scratch folder is removed");
    }
}
