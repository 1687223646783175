//! Incremental builds: a document whose bytes a previous dataset already
//! read, at the same place, is not read again; its rows are taken from
//! that dataset.
//!
//! The previous dataset is used only when it was written by this very
//! build of ogi ([`PARSER_BUILD`]) with the same configuration digest, is
//! complete (every table file has the sha256 its manifest records) and is
//! no shard: then a document's rows depend on nothing but its bytes, its
//! name and its place, and taking them from the previous dataset writes the
//! same bytes as reading the document again. Otherwise the build reads
//! everything, and says why in one line.
//!
//! The previous dataset is streamed in its path order beside pass 2's
//! documents, which come in the same order, so that memory holds one
//! previous document at a time (one archive's members, whose order is the
//! archive's). A document that moved, or whose place sorts differently, is
//! simply read again. A document's place (`region_code`, `province`, …)
//! comes from its own names, so it is taken with its rows. What depends on
//! the rest of the archive is made anew
//! for every document: its `duplicate_paths`, its keys for the checks
//! across reports, and the dataset-level findings (recomputed after pass
//! 2, as in any build).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Result;
use sha2::{Digest, Sha256};

use crate::contract::{hex, Manifest, PARSER_BUILD, VERSION};
use crate::dataset::merge::DATASET_CODES;
use crate::dataset::read::Documents;
use crate::document;
use crate::model::DocumentResult;

/// What an incremental build took from the previous dataset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reused {
    /// Documents whose rows were taken from the previous dataset.
    pub reused: u64,
    /// Documents of the previous dataset not found again (gone, moved or
    /// changed).
    pub gone: u64,
}

/// The previous dataset, streamed beside pass 2.
pub(super) struct Reuse {
    previous: Documents,
    /// The next previous document not yet matched.
    next: Option<DocumentResult>,
    /// The members of the archive being read: its path and its previous
    /// members by name.
    archive: Option<(String, HashMap<String, DocumentResult>)>,
    pub(super) counts: Reused,
}

impl Reuse {
    /// The previous dataset at `dir`, if this build may reuse it; else why
    /// not, in one sentence.
    pub(super) fn open(dir: &Path, config_digest: &str) -> std::result::Result<Reuse, String> {
        let m = Manifest::read(dir).map_err(|e| format!("{e:#}"))?;
        if m.parser_version != VERSION || m.parser_build.as_deref() != Some(PARSER_BUILD) {
            return Err("it was written by another build of ogi".into());
        }
        if m.config_digest != config_digest {
            return Err("it was written with another configuration".into());
        }
        if m.extra.contains_key("shard") {
            return Err("it is one shard of a build".into());
        }
        for t in &m.tables {
            let path = dir.join(&t.file);
            let mut file = std::fs::File::open(&path)
                .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
            let mut hasher = Sha256::new();
            std::io::copy(&mut file, &mut hasher)
                .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
            if hex(&hasher.finalize()) != t.sha256 {
                return Err(format!(
                    "{} is not the file its manifest lists",
                    path.display()
                ));
            }
        }
        let previous = Documents::open(dir, DATASET_CODES).map_err(|e| format!("{e:#}"))?;
        Ok(Reuse {
            previous,
            next: None,
            archive: None,
            counts: Reused::default(),
        })
    }

    /// The previous result of the document at `rel` (`member` in an
    /// archive) whose bytes hash to `sha`, made for this build: the places
    /// that hold the same bytes are `duplicates`.
    pub(super) fn take(
        &mut self,
        rel: &str,
        member: Option<&str>,
        sha: &[u8; 32],
        duplicates: &[String],
    ) -> Result<Option<DocumentResult>> {
        let found = match member {
            None => self.file(rel)?,
            Some(name) => self.member(rel, name)?,
        };
        let Some(mut doc) = found.filter(|d| d.source.sha256 == hex(sha)) else {
            return Ok(None);
        };
        doc.source.duplicate_paths = duplicates.to_vec();
        doc.keys = document::derive_keys(&doc);
        self.counts.reused += 1;
        Ok(Some(doc))
    }

    /// A document made without reading (a skipped member, an unreadable
    /// file) at `rel` (`member`): its previous row, if any, is passed over,
    /// not counted gone.
    pub(super) fn pass(&mut self, rel: &str, member: Option<&str>) -> Result<()> {
        match member {
            None => {
                self.file(rel)?;
            }
            Some(name) => {
                self.member(rel, name)?;
            }
        }
        Ok(())
    }

    /// Previous documents are dropped until the one at `rel` (or a later
    /// place): the documents before it are gone from this build.
    fn advance_to(&mut self, rel: &str) -> Result<()> {
        self.close_archive();
        loop {
            if self.next.is_none() {
                self.next = self.previous.next().transpose()?;
            }
            match &self.next {
                Some(d) if d.source.source_path.as_str() < rel => {
                    self.next = None;
                    self.counts.gone += 1;
                }
                _ => return Ok(()),
            }
        }
    }

    fn file(&mut self, rel: &str) -> Result<Option<DocumentResult>> {
        self.advance_to(rel)?;
        match &self.next {
            Some(d) if d.source.source_path == rel && d.source.member.is_none() => {
                Ok(self.next.take())
            }
            _ => Ok(None),
        }
    }

    fn member(&mut self, rel: &str, name: &str) -> Result<Option<DocumentResult>> {
        if self.archive.as_ref().is_none_or(|(a, _)| a != rel) {
            self.advance_to(rel)?;
            let mut members = HashMap::new();
            loop {
                if self.next.is_none() {
                    self.next = self.previous.next().transpose()?;
                }
                match self.next.take() {
                    Some(d) if d.source.source_path == rel => match d.source.member.clone() {
                        Some(m) => {
                            members.insert(m, d);
                        }
                        None => self.counts.gone += 1,
                    },
                    other => {
                        self.next = other;
                        break;
                    }
                }
            }
            self.archive = Some((rel.to_string(), members));
        }
        Ok(self
            .archive
            .as_mut()
            .and_then(|(_, members)| members.remove(name)))
    }

    /// The members of the archive read last that were not found again.
    fn close_archive(&mut self) {
        if let Some((_, members)) = self.archive.take() {
            self.counts.gone += members.len() as u64;
        }
    }

    /// Every previous document not found again is gone.
    pub(super) fn finish(mut self) -> Result<Reused> {
        self.close_archive();
        self.counts.gone += u64::from(self.next.is_some());
        for d in self.previous.by_ref() {
            d?;
            self.counts.gone += 1;
        }
        Ok(self.counts)
    }
}
