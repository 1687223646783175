//! Pass 2's reader: the inventory read back in path order, as jobs for the
//! workers — a file to read, an archive member's bytes streamed out of its
//! archive, or a row already made (a file that could not be read, a member
//! that was skipped) — each run by [`crate::document`].

use anyhow::Result;

use crate::contract::place;
use crate::crawl::archive::{read_opened_archive, Item};
use crate::crawl::fingerprint::Fingerprint;
use crate::crawl::inventory::{Content, Entry, Inventory, Settings, Unit, UnitKind};
use crate::crawl::{Candidate, Prefetcher};
use crate::decode::pdf::PdfLimits;
use crate::document;
use crate::model::DocumentResult;

use super::reuse::Reuse;

/// A document waiting for a worker.
pub(super) enum Job {
    File {
        candidate: Candidate,
        known: Option<Fingerprint>,
        duplicates: Vec<String>,
    },
    Member {
        rel: String,
        name: String,
        sha: Option<[u8; 32]>,
        bytes: Vec<u8>,
        duplicates: Vec<String>,
    },
    /// A row made without reading (a skipped member, an unreadable file).
    Ready(Box<DocumentResult>),
}

impl Job {
    fn run(self, max_file_bytes: u64, pdf: &PdfLimits) -> DocumentResult {
        match self {
            Job::File {
                candidate,
                known,
                duplicates,
            } => document::from_file(&candidate, known, duplicates, max_file_bytes, pdf),
            Job::Member {
                rel,
                name,
                sha,
                bytes,
                duplicates,
            } => document::from_bytes(&rel, Some(&name), &bytes, sha, duplicates, pdf),
            Job::Ready(r) => *r,
        }
    }

    /// [`Job::run`], with a panic turned into an error that names the
    /// document: the build stops, saying where.
    pub(super) fn run_caught(self, max_file_bytes: u64, pdf: &PdfLimits) -> Result<DocumentResult> {
        let place = self.place();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.run(max_file_bytes, pdf)
        }))
        .map_err(|_| {
            anyhow::anyhow!(
                "reading {place} panicked (a bug in ogi: please report it with the file)"
            )
        })
    }

    /// Its result, if it needs no worker (a row already made); else itself.
    pub(super) fn ready(self) -> std::result::Result<DocumentResult, Job> {
        match self {
            Job::Ready(r) => Ok(*r),
            job => Err(job),
        }
    }

    /// The archive bytes it holds.
    pub(super) fn bytes(&self) -> usize {
        match self {
            Job::Member { bytes, .. } => bytes.len(),
            _ => 0,
        }
    }

    /// Where it is, for a message.
    fn place(&self) -> String {
        match self {
            Job::File { candidate, .. } => candidate.rel.clone(),
            Job::Member { rel, name, .. } => place(rel, Some(name)),
            Job::Ready(r) => place(&r.source.source_path, r.source.member.as_deref()),
        }
    }
}

/// A job whose document the previous dataset already read, made a row
/// taken from it (see [`super::reuse`]); any other job as it is.
pub(super) fn reused(job: Job, reuse: &mut Reuse) -> Result<Job> {
    let taken = match &job {
        Job::File {
            candidate,
            known: Some(known),
            duplicates,
        } => reuse.take(&candidate.rel, None, &known.sha, duplicates)?,
        Job::Member {
            rel,
            name,
            sha: Some(sha),
            duplicates,
            ..
        } => reuse.take(rel, Some(name), sha, duplicates)?,
        Job::Ready(doc) => {
            reuse.pass(&doc.source.source_path, doc.source.member.as_deref())?;
            None
        }
        _ => None,
    };
    Ok(match taken {
        Some(doc) => Job::Ready(Box::new(doc)),
        None => job,
    })
}

/// Whether a member read in pass 2 is not what pass 1 hashed at its
/// index: another name, or other bytes (the archive was rewritten between
/// the passes). Its rows would be made under a sha256 not its own.
fn changed(entry: Option<&Entry>, name: &str, bytes: &[u8]) -> bool {
    let Some(entry) = entry else { return true };
    if entry.member.as_deref() != Some(name) {
        return true;
    }
    entry
        .content
        .fingerprint()
        .is_some_and(|f| !f.matches(bytes))
}

/// Pass 2's reader: every unique document, in order, to `feed`. With
/// `ahead`, the jobs wait in the window before a worker runs them, and the
/// disk is asked for each file as its job is made (see [`prefetch`]): a
/// cold archive larger than the page cache is read again in pass 2.
///
/// With `reuse`, each job whose document the previous dataset already read
/// is handed over as the row taken from it (see [`reused`]); an archive
/// whose members it all holds, with the same bytes, is not opened.
pub(super) fn produce(
    feed: &mut dyn FnMut(Job) -> Result<()>,
    inventory: &Inventory,
    settings: &Settings,
    ahead: bool,
    mut reuse: Option<&mut Reuse>,
) -> Result<()> {
    // Pass 2 opens every folder anew: one swapped for a link since pass 1
    // is then seen as one.
    crate::crawl::forget_opened_folders();
    // A file is asked of the disk ahead once it is known to be read: not
    // when its rows are taken from the previous dataset.
    let mut prefetcher = Prefetcher::default();
    let mut feed = |job: Job, reuse: &mut Option<&mut Reuse>| {
        let job = match reuse.as_deref_mut() {
            Some(r) => reused(job, r)?,
            None => job,
        };
        if let Job::File { candidate, .. } = &job {
            if ahead && candidate.size <= settings.max_file_bytes {
                prefetcher.ask(candidate);
            }
        }
        feed(job)
    };
    for unit in inventory.units()? {
        let (
            first,
            Unit {
                candidate: c,
                kind,
                entries,
            },
        ) = unit?;
        if let Some(Content::Unreadable(why)) = entries.first().map(|e| &e.content) {
            feed(
                read_failed(&c, &format!("the file could not be read: {why}")),
                &mut reuse,
            )?;
            continue;
        }
        match kind {
            UnitKind::File => {
                if !inventory.is_copy(first) {
                    feed(
                        Job::File {
                            known: entries.first().and_then(|e| e.content.fingerprint()),
                            duplicates: inventory.copies_of(first),
                            candidate: c,
                        },
                        &mut reuse,
                    )?;
                }
            }
            UnitKind::Archive(archive) => {
                if entries.is_empty() {
                    feed(
                        Job::Ready(Box::new(document::empty_archive(&c))),
                        &mut reuse,
                    )?;
                    continue;
                }
                // Members the previous dataset holds with the same bytes are
                // taken before the archive is opened; when that is all of
                // them, it is not opened at all.
                let mut taken = match reuse.as_deref_mut() {
                    Some(r) => take_members(r, inventory, &c.rel, first, &entries)?,
                    None => Vec::new(),
                };
                if !taken.is_empty() && taken.iter().all(|t| t.is_some()) {
                    for doc in taken.into_iter().flatten() {
                        feed(Job::Ready(Box::new(doc)), &mut None)?;
                    }
                    continue;
                }
                // Opened as a file is (see `Candidate::open`): an archive
                // replaced by a link, or below a folder replaced by one, is
                // never followed.
                let file = match c.open() {
                    Ok(Ok(file)) => file,
                    Ok(Err(what)) => {
                        let message = format!(
                            "the archive was replaced by {what} since the inventory saw it; \
                             not read"
                        );
                        let row = document::unreadable(&c, None, "FILE_CHANGED", &message);
                        feed(Job::Ready(Box::new(row)), &mut reuse)?;
                        continue;
                    }
                    Err(e) => {
                        let message = format!("the archive could not be read: {e}");
                        feed(read_failed(&c, &message), &mut reuse)?;
                        continue;
                    }
                };
                let mut i = 0usize;
                let mut failure = None;
                let read =
                    read_opened_archive(file, &c.path, archive, &settings.limits, &mut |item| {
                        let index = first + i as u64;
                        let entry = entries.get(i);
                        i += 1;
                        if inventory.is_copy(index) || failure.is_some() {
                            return;
                        }
                        if let Some(doc) = taken.get_mut(i - 1).and_then(Option::take) {
                            if let Err(e) = feed(Job::Ready(Box::new(doc)), &mut None) {
                                failure = Some(e);
                            }
                            return;
                        }
                        let job = match item {
                            Item::Doc { name, bytes } => {
                                let sha = entry.and_then(|e| e.content.sha());
                                if changed(entry, &name, &bytes) {
                                    let message = "the member changed since the inventory read \
                                     the archive; not read: build again once the folder is still";
                                    Job::Ready(Box::new(document::unreadable(
                                        &c,
                                        Some(&name),
                                        "FILE_CHANGED",
                                        message,
                                    )))
                                } else {
                                    Job::Member {
                                        rel: c.rel.clone(),
                                        name,
                                        sha,
                                        bytes,
                                        duplicates: inventory.copies_of(index),
                                    }
                                }
                            }
                            Item::Skipped {
                                name,
                                code,
                                message,
                            } => Job::Ready(Box::new(document::skipped_member(
                                &c, &name, code, &message,
                            ))),
                        };
                        if let Err(e) = feed(job, &mut reuse) {
                            failure = Some(e);
                        }
                    });
                if let Some(e) = failure {
                    return Err(e);
                }
                if let Err(e) = read {
                    let message = format!("the archive could not be read: {e}");
                    feed(read_failed(&c, &message), &mut reuse)?;
                }
            }
        }
    }
    Ok(())
}

/// The previous rows of an archive's members, one per inventory entry
/// (None for a copy, or a member to read again), when every entry is a
/// member whose bytes were read in pass 1; else nothing.
fn take_members(
    reuse: &mut Reuse,
    inventory: &Inventory,
    rel: &str,
    first: u64,
    entries: &[Entry],
) -> Result<Vec<Option<DocumentResult>>> {
    let readable = |e: &Entry| e.member.is_some() && e.content.sha().is_some();
    if !entries.iter().all(readable) {
        return Ok(Vec::new());
    }
    let mut taken = Vec::with_capacity(entries.len());
    let mut any = false;
    for (i, e) in entries.iter().enumerate() {
        let index = first + i as u64;
        let (Some(name), Some(sha)) = (e.member.as_deref(), e.content.sha()) else {
            unreachable!("checked above")
        };
        let doc = if inventory.is_copy(index) {
            None
        } else {
            reuse.take(rel, Some(name), &sha, &inventory.copies_of(index))?
        };
        any |= doc.is_some();
        taken.push(doc);
    }
    Ok(if any { taken } else { Vec::new() })
}

/// The row of a file that could not be read.
fn read_failed(c: &Candidate, message: &str) -> Job {
    Job::Ready(Box::new(document::unreadable(
        c,
        None,
        "READ_FAILED",
        message,
    )))
}
