//! Stage 1: find every candidate file under the inputs.
//!
//! Every regular file is a candidate. Symbolic links are not followed, so a
//! crawl never leaves its input root. The order of work and of output is the
//! sorted relative path (byte order of the `/`-joined path), never the order
//! in which the filesystem happens to list a directory.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

/// A file found by the crawl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path relative to the input root, `/`-separated: the
    /// `source_path` of the dataset.
    pub rel: String,
    pub size: u64,
}

/// What the crawl found besides candidates.
#[derive(Debug, Default)]
pub struct CrawlReport {
    /// Symbolic links that were not followed.
    pub skipped_links: Vec<String>,
    /// Entries that could not be read (permissions, races): relative path and why.
    pub unreadable: Vec<(String, String)>,
}

/// Walk the inputs. A file given directly is its own root (its
/// `source_path` is its file name). With several inputs, each input's files
/// are prefixed with the input's own name, so paths stay distinct.
pub fn crawl(inputs: &[PathBuf]) -> Result<(Vec<Candidate>, CrawlReport)> {
    let mut out = Vec::new();
    let mut report = CrawlReport::default();
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| {
            format!("input {} cannot be read (does it exist?)", input.display())
        })?;
        let prefix = if inputs.len() > 1 {
            Some(root_name(input))
        } else {
            None
        };
        if meta.is_file() {
            let name = root_name(input);
            let rel = match &prefix {
                Some(_) => name.clone(),
                None => name,
            };
            out.push(Candidate {
                path: input.clone(),
                rel,
                size: meta.len(),
            });
            continue;
        }
        if !meta.is_dir() {
            bail!(
                "input {} is neither a file nor a directory",
                input.display()
            );
        }
        for entry in WalkDir::new(input).follow_links(false) {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let rel = e
                        .path()
                        .map(|p| relative(input, p, &prefix))
                        .unwrap_or_default();
                    report.unreadable.push((rel, e.to_string()));
                    continue;
                }
            };
            let ft = entry.file_type();
            if ft.is_symlink() {
                report
                    .skipped_links
                    .push(relative(input, entry.path(), &prefix));
                continue;
            }
            if !ft.is_file() {
                continue;
            }
            let size = match entry.metadata() {
                Ok(m) => m.len(),
                Err(e) => {
                    report
                        .unreadable
                        .push((relative(input, entry.path(), &prefix), e.to_string()));
                    continue;
                }
            };
            out.push(Candidate {
                path: entry.path().to_path_buf(),
                rel: relative(input, entry.path(), &prefix),
                size,
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup_by(|a, b| a.rel == b.rel);
    report.skipped_links.sort();
    report.unreadable.sort();
    Ok((out, report))
}

fn root_name(input: &Path) -> String {
    input
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| input.to_string_lossy().into_owned())
}

fn relative(root: &Path, path: &Path, prefix: &Option<String>) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut s: String = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    if let Some(p) = prefix {
        s = if s.is_empty() {
            p.clone()
        } else {
            format!("{p}/{s}")
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_relative_paths_and_no_links_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/c")).unwrap();
        std::fs::write(root.join("b/c/z.txt"), "z").unwrap();
        std::fs::write(root.join("a.txt"), "a").unwrap();
        std::fs::write(root.join("b/a.txt"), "ba").unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
        let (found, report) = crawl(&[root.to_path_buf()]).unwrap();
        let rels: Vec<_> = found.iter().map(|c| c.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b/a.txt", "b/c/z.txt"]);
        assert_eq!(found[1].size, 2);
        #[cfg(unix)]
        assert_eq!(report.skipped_links, ["link"]);
    }

    #[test]
    fn a_missing_input_is_an_error_naming_it() {
        let err = crawl(&[PathBuf::from("/no/such/place")]).unwrap_err();
        assert!(format!("{err:#}").contains("/no/such/place"));
    }
}
pub mod archive;
