//! After writing, before publishing: what changed since the previous build.
//!
//! Reports are matched by place (`source_path` and `member`). A place only
//! in the new build is **new**, only in the previous one **gone**; a place in
//! both whose `report_id` (a hash of the bytes) differs is **changed**. For
//! changed reports the value cells of the three cell tables are compared
//! key by key: a value that differs, appears or disappears counts as one
//! changed value. With the same parser version and configuration, the same
//! bytes give the same values, so unchanged reports need no comparing; when
//! either differs, values are not compared and the summary says so.
//!
//! Both `reports` tables are in path order, so the places are merge-joined
//! as they stream: memory holds one file's members at a time, plus the cells
//! of changed reports.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::Serialize;

use super::read::{cells_of, places, places_in, CellKey, CellValue, Place};
use crate::contract::{file_of, Manifest, MANIFEST_FILE};

/// What changed between two builds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Changes {
    pub new: u64,
    pub changed: u64,
    pub gone: u64,
    pub unchanged: u64,
    /// Values that differ in changed reports; None when not compared
    /// (parser version or configuration changed).
    pub values_changed: Option<u64>,
}

/// The parser version and config digest of a dataset, from its manifest.
fn versions(dir: &Path) -> Option<(String, String)> {
    let m = Manifest::read(dir).ok()?;
    Some((m.parser_version, m.config_digest))
}

/// Is `dir` a dataset (as opposed to nothing, or some other folder)?
pub fn is_dataset(dir: &Path) -> bool {
    dir.join(MANIFEST_FILE).is_file() && file_of("reports").is_some_and(|f| dir.join(f).is_file())
}

/// Compare a build with the dataset in `previous`: its reports are read
/// from `reports` (an open `reports` table, staged or final, so that it
/// may be replaced meanwhile), its cells from the closed cell tables in
/// `current`; `made` is its parser version and configuration digest. A
/// build still being completed can so be compared beside the checks
/// across reports.
pub fn compare(
    previous: &Path,
    current: &Path,
    reports: std::fs::File,
    made: Option<(String, String)>,
) -> Result<Changes> {
    let mut changes = Changes::default();
    let mut old = places(previous)
        .with_context(|| format!("reading the previous build {}", previous.display()))?
        .peekable();
    let mut new = places_in(reports)?.peekable();
    let mut pairs: Vec<(String, String)> = Vec::new();
    // One source_path's rows from an iterator.
    fn group(
        it: &mut std::iter::Peekable<impl Iterator<Item = Result<Place>>>,
        path: &str,
    ) -> Result<Vec<Place>> {
        let mut out = Vec::new();
        while let Some(Ok(p)) = it.peek() {
            if p.source_path != path {
                break;
            }
            out.push(it.next().expect("peeked")?);
        }
        if let Some(Err(_)) = it.peek() {
            it.next().expect("peeked")?;
        }
        Ok(out)
    }
    loop {
        let next_old = match old.peek() {
            Some(Ok(p)) => Some(p.source_path.clone()),
            Some(Err(_)) => return Err(old.next().expect("peeked").unwrap_err()),
            None => None,
        };
        let next_new = match new.peek() {
            Some(Ok(p)) => Some(p.source_path.clone()),
            Some(Err(_)) => return Err(new.next().expect("peeked").unwrap_err()),
            None => None,
        };
        let path = match (&next_old, &next_new) {
            (None, None) => break,
            (Some(o), None) => o.clone(),
            (None, Some(n)) => n.clone(),
            (Some(o), Some(n)) => o.min(n).clone(),
        };
        let olds = group(&mut old, &path)?;
        let news = group(&mut new, &path)?;
        let mut by_member: HashMap<Option<String>, String> =
            olds.into_iter().map(|p| (p.member, p.report_id)).collect();
        for p in news {
            match by_member.remove(&p.member) {
                None => changes.new += 1,
                Some(id) if id == p.report_id => changes.unchanged += 1,
                Some(id) => {
                    changes.changed += 1;
                    pairs.push((id, p.report_id));
                }
            }
        }
        changes.gone += by_member.len() as u64;
    }
    let comparable = matches!(
        (versions(previous), made),
        (Some(a), Some(b)) if a == b
    );
    if comparable {
        changes.values_changed = Some(values_changed(previous, current, &pairs)?);
    }
    Ok(changes)
}

/// Values that differ between the old and new report of each pair. The
/// cells of the old reports are held by key (codes and numbers only, no
/// text), and the new reports' cells are matched against them as they
/// are read.
fn values_changed(previous: &Path, current: &Path, pairs: &[(String, String)]) -> Result<u64> {
    if pairs.is_empty() {
        return Ok(0);
    }
    // A pair's number stands for both its reports.
    let number = |ids: &mut HashMap<String, u32>, id: &String, n: usize| {
        ids.entry(id.clone()).or_insert(n as u32);
    };
    let (mut old_ids, mut new_ids) = (HashMap::new(), HashMap::new());
    for (n, (old, new)) in pairs.iter().enumerate() {
        number(&mut old_ids, old, n);
        number(&mut new_ids, new, n);
    }
    let mut before: HashMap<CellKey, CellValue> = HashMap::new();
    cells_of(previous, &old_ids, &mut |key, value| {
        before.insert(key, value);
    })?;
    let mut changed = 0u64;
    cells_of(
        current,
        &new_ids,
        &mut |key, value| match before.remove(&key) {
            Some(v) if v == value => {}
            _ => changed += 1,
        },
    )?;
    Ok(changed + before.len() as u64)
}
