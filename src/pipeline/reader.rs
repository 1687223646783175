//! Pass 2's reader: the inventory read back in path order, as jobs for the
//! workers — a file to read, an archive member's bytes streamed out of its
//! archive, or a row already made (a file that could not be read, a member
//! that was skipped) — each run by [`crate::document`].

use anyhow::Result;

use crate::contract::place;
use crate::crawl::archive::{read_archive, Item};
use crate::crawl::inventory::{Content, Inventory, Settings, Unit, UnitKind};
use crate::crawl::{prefetch, Candidate};
use crate::document;
use crate::model::DocumentResult;

/// A document waiting for a worker.
pub(super) enum Job {
    File {
        candidate: Candidate,
        sha: Option<[u8; 32]>,
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
    fn run(self, max_file_bytes: u64) -> DocumentResult {
        match self {
            Job::File {
                candidate,
                sha,
                duplicates,
            } => document::from_file(&candidate, sha, duplicates, max_file_bytes),
            Job::Member {
                rel,
                name,
                sha,
                bytes,
                duplicates,
            } => document::from_bytes(&rel, Some(&name), &bytes, sha, duplicates),
            Job::Ready(r) => *r,
        }
    }

    /// [`Job::run`], with a panic turned into an error that names the
    /// document: the build stops, saying where.
    pub(super) fn run_caught(self, max_file_bytes: u64) -> Result<DocumentResult> {
        let place = self.place();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run(max_file_bytes))).map_err(
            |_| {
                anyhow::anyhow!(
                    "reading {place} panicked (a bug in ogi: please report it with the file)"
                )
            },
        )
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
pub(super) fn reused(job: Job, reuse: &mut super::reuse::Reuse) -> Result<Job> {
    let taken = match &job {
        Job::File {
            candidate,
            sha: Some(sha),
            duplicates,
        } => reuse.take(&candidate.rel, None, sha, duplicates)?,
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

/// Pass 2's reader: every unique document, in order, to `feed`. With
/// `ahead`, the jobs wait in the window before a worker runs them, and the
/// disk is asked for each file as its job is made (see [`prefetch`]): a
/// cold archive larger than the page cache is read again in pass 2.
pub(super) fn produce(
    feed: &mut dyn FnMut(Job) -> Result<()>,
    inventory: &Inventory,
    settings: &Settings,
    ahead: bool,
) -> Result<()> {
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
            let message = format!("the file could not be read: {why}");
            feed(Job::Ready(Box::new(document::unreadable(
                &c,
                None,
                "READ_FAILED",
                &message,
            ))))?;
            continue;
        }
        match kind {
            UnitKind::File => {
                if !inventory.is_copy(first) {
                    // A file over the size limit is not read again.
                    if ahead && c.size <= settings.max_file_bytes {
                        prefetch(&c);
                    }
                    feed(Job::File {
                        sha: entries.first().and_then(|e| e.content.sha()),
                        duplicates: inventory.copies_of(first),
                        candidate: c,
                    })?;
                }
            }
            UnitKind::Archive(archive) => {
                if entries.is_empty() {
                    feed(Job::Ready(Box::new(document::empty_archive(&c))))?;
                    continue;
                }
                let mut i = 0usize;
                let mut failure = None;
                let read = read_archive(&c.path, archive, &settings.limits, &mut |item| {
                    let index = first + i as u64;
                    let entry = entries.get(i);
                    i += 1;
                    if inventory.is_copy(index) || failure.is_some() {
                        return;
                    }
                    let job = match item {
                        Item::Doc { name, bytes } => Job::Member {
                            rel: c.rel.clone(),
                            name,
                            sha: entry.and_then(|e| e.content.sha()),
                            bytes,
                            duplicates: inventory.copies_of(index),
                        },
                        Item::Skipped {
                            name,
                            code,
                            message,
                        } => Job::Ready(Box::new(document::skipped_member(
                            &c, &name, code, &message,
                        ))),
                    };
                    if let Err(e) = feed(job) {
                        failure = Some(e);
                    }
                });
                if let Some(e) = failure {
                    return Err(e);
                }
                if let Err(e) = read {
                    let message = format!("the archive could not be read: {e}");
                    feed(Job::Ready(Box::new(document::unreadable(
                        &c,
                        None,
                        "READ_FAILED",
                        &message,
                    ))))?;
                }
            }
        }
    }
    Ok(())
}
