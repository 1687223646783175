//! `ogi merge`: parts built with `--shard K/N` into one dataset.
//!
//! Each part is a dataset of its own, in path order. Merging streams them
//! side by side, taking the document whose path comes first, and pushes
//! every document through the same writer a single build uses, so the
//! result is byte for byte what one build of all the inputs writes.
//!
//! The one thing a shard cannot know is a copy in another shard: two files
//! with the same bytes in different shards each got a row. A first pass
//! over the parts' `reports` finds them; the first place (in path order)
//! keeps the row and the others join its `duplicate_paths`, in path order.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use super::crosscheck;
use super::read::{list_at, open, str_at, string_at, Documents};
use crate::contract::{place, Manifest, Shard, MANIFEST_FILE, PARSER_BUILD, VERSION};
use crate::model::DocumentResult;

/// Diagnostics added over a whole dataset rather than by one document's
/// reading; a merge recomputes them, so they are not read from parts.
pub const DATASET_CODES: &[&str] = &crosscheck::CODES;

/// A row of a part: (part, row).
type Row = (usize, u64);

/// What the first pass found: rows to drop (copies of a document in an
/// earlier part) and the places to add to the rows that stay.
#[derive(Debug, Default)]
pub struct Plan {
    /// (part, row) of rows that are copies.
    dropped: HashSet<Row>,
    /// (part, row) of a first row → its full duplicate_paths.
    duplicate_paths: HashMap<Row, Vec<String>>,
}

impl Plan {
    pub fn dropped_count(&self) -> usize {
        self.dropped.len()
    }
}

/// Check that the parts are every shard of one N, built alike (by this
/// version, with the configuration whose digest is `config_digest`).
/// Returns the number of input files they read together.
pub fn check_parts(parts: &[PathBuf], config_digest: &str) -> Result<usize> {
    let mut files = 0usize;
    if parts.is_empty() {
        bail!("name the part folders to merge");
    }
    let mut seen: Vec<u32> = Vec::new();
    let mut count = None;
    for part in parts {
        if !part.join(MANIFEST_FILE).is_file() {
            bail!(
                "{} is not a built part (no {MANIFEST_FILE})",
                part.display()
            );
        }
        let m = Manifest::read(part)?;
        if m.parser_version != VERSION {
            bail!(
                "{} was built by parser version {}, this is {VERSION}: rebuild the parts",
                part.display(),
                m.parser_version,
            );
        }
        if m.parser_build.as_deref().is_some_and(|b| b != PARSER_BUILD) {
            bail!(
                "{} was built by another build of ogi {VERSION} (its code differs from this \
                 one's): rebuild the parts with this binary",
                part.display(),
            );
        }
        if m.config_digest != config_digest {
            bail!(
                "{} was built with another configuration (config digest {}, here \
                 {config_digest}): merge with the same pipeline.toml the parts were built with",
                part.display(),
                m.config_digest,
            );
        }
        let shard = m.extra.get("shard").with_context(|| {
            format!("{} is not a shard (built without --shard)", part.display())
        })?;
        let s = Shard::parse(shard)?;
        if *count.get_or_insert(s.count) != s.count {
            bail!(
                "the parts are shards of different N ({} and {})",
                count.unwrap_or(0),
                s.count
            );
        }
        files += m
            .extra
            .get("files")
            .and_then(|v| v.parse::<usize>().ok())
            .with_context(|| format!("{} does not say how many files it read", part.display()))?;
        if seen.contains(&s.index) {
            bail!("shard {s} is given twice");
        }
        seen.push(s.index);
    }
    let n = count.unwrap_or(0);
    let missing: Vec<String> = (0..n)
        .filter(|k| !seen.contains(k))
        .map(|k| format!("{k}/{n}"))
        .collect();
    if !missing.is_empty() {
        bail!("shards missing: {}", missing.join(", "));
    }
    Ok(files)
}

/// The unit a place belongs to: the file (`path` of `path!member`).
fn unit_of(place: &str) -> &str {
    place.split_once('!').map_or(place, |(p, _)| p)
}

/// Find documents present in more than one part.
pub fn copies_across(parts: &[PathBuf]) -> Result<Plan> {
    let columns = [
        "sha256",
        "source_path",
        "member",
        "duplicate_paths",
        "format",
    ];
    // Which content hashes occur in more than one part (a part has each
    // document once).
    let mut count: HashMap<u128, u8> = HashMap::new();
    for part in parts {
        for b in open(part, "reports", Some(&columns))? {
            let b = b?;
            for i in 0..b.num_rows() {
                if let Some(key) = key_of(&b, i)? {
                    let c = count.entry(key).or_default();
                    *c = c.saturating_add(1);
                }
            }
        }
    }
    count.retain(|_, c| *c > 1);
    let mut plan = Plan::default();
    if count.is_empty() {
        return Ok(plan);
    }
    // Each shared hash: its places, per row, in path order.
    let mut groups: HashMap<u128, Vec<(Row, Vec<String>)>> = HashMap::new();
    for (p, part) in parts.iter().enumerate() {
        let mut row = 0u64;
        for b in open(part, "reports", Some(&columns))? {
            let b = b?;
            for i in 0..b.num_rows() {
                if let Some(key) = key_of(&b, i)?.filter(|k| count.contains_key(k)) {
                    let own = place(&string_at(&b, "source_path", i)?, str_at(&b, "member", i)?);
                    let mut places = vec![own];
                    places.extend(list_at(&b, "duplicate_paths", i)?);
                    groups.entry(key).or_default().push(((p, row), places));
                }
                row += 1;
            }
        }
    }
    for (_, mut rows) in groups {
        // Rows of one hash come from different files; the first file in
        // path order keeps the row. Within a row, places are already in
        // order; across rows, order by file (a stable sort keeps each
        // file's own members in archive order).
        rows.sort_by(|a, b| unit_of(&a.1[0]).cmp(unit_of(&b.1[0])));
        let keeper = rows[0].0;
        let mut all: Vec<String> = rows.iter().flat_map(|(_, p)| p.iter().cloned()).collect();
        all.sort_by(|a, b| unit_of(a).cmp(unit_of(b)));
        all.remove(0);
        for (at, _) in &rows[1..] {
            plan.dropped.insert(*at);
        }
        plan.duplicate_paths.insert(keeper, all);
    }
    Ok(plan)
}

/// The content key of a report row that can have copies: its hash, for a
/// document that was read (not an archive's own row, not an unread file).
fn key_of(b: &arrow_array::RecordBatch, i: usize) -> Result<Option<u128>> {
    let sha = str_at(b, "sha256", i)?.unwrap_or_default();
    if sha.len() < 32 || str_at(b, "format", i)? == Some("archive") {
        return Ok(None);
    }
    Ok(u128::from_str_radix(&sha[..32], 16).ok())
}

/// Every document of the parts, in path order, with copies across parts
/// folded in, to `push`.
pub fn stream(
    parts: &[PathBuf],
    plan: &Plan,
    push: &mut dyn FnMut(DocumentResult) -> Result<()>,
) -> Result<()> {
    let mut readers: Vec<std::iter::Peekable<Documents>> = parts
        .iter()
        .map(|p| Documents::open(p, DATASET_CODES).map(Iterator::peekable))
        .collect::<Result<_>>()?;
    let mut rows = vec![0u64; parts.len()];

    loop {
        // The part whose next document comes first in path order.
        let mut best: Option<(usize, &str)> = None;
        for (p, r) in readers.iter_mut().enumerate() {
            match r.peek() {
                Some(Ok(d)) => {
                    let path = d.source.source_path.as_str();
                    if best.is_none_or(|(_, b)| path < b) {
                        best = Some((p, path));
                    }
                }
                Some(Err(_)) => {
                    let e = r.next().expect("peeked").unwrap_err();
                    return Err(e.context(format!("reading {}", parts[p].display())));
                }
                None => {}
            }
        }
        let Some((p, _)) = best else {
            break;
        };
        let mut doc = readers[p].next().expect("peeked")?;
        let at = (p, rows[p]);
        rows[p] += 1;
        if plan.dropped.contains(&at) {
            continue;
        }
        if let Some(paths) = plan.duplicate_paths.get(&at) {
            doc.source.duplicate_paths = paths.clone();
        }
        push(doc)?;
    }
    Ok(())
}
