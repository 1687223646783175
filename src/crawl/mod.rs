//! Stage 1: find every candidate file under the inputs.
//!
//! Every regular file is a candidate. Symbolic links are not followed, so a
//! crawl never leaves its input root. The order of work and of output is the
//! sorted relative path (byte order of the `/`-joined path), never the order
//! in which the filesystem happens to list a directory.

pub mod archive;
pub mod fingerprint;
pub mod inventory;
mod open;

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use walkdir::WalkDir;

use open::not_a_file;
pub use open::{forget_opened_folders, open_below, open_file, open_regular, Prefetcher};

/// A file found by the crawl.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path relative to the input root, `/`-separated: the
    /// `source_path` of the dataset.
    pub rel: String,
    pub size: u64,
    /// How many of `path`'s last components lie below the input root the
    /// user named (1 for a file directly in it, or for a file named as an
    /// input itself): each of them is opened without following a symbolic
    /// link, so a folder swapped for a link since the crawl saw it is never
    /// followed out of the root.
    pub depth: u32,
}

impl Candidate {
    /// Open it trusting nothing the crawl saw: [`open_regular`], and no
    /// symbolic link followed in any of its `depth` last components (see
    /// [`open_below`]).
    pub fn open(&self) -> std::io::Result<Result<std::fs::File, String>> {
        open_below(&self.path, self.depth as usize)
    }

    /// [`Candidate::open`], with anything else an error saying what it is.
    pub fn open_file(&self) -> std::io::Result<std::fs::File> {
        self.open()?.map_err(not_a_file)
    }
}

/// What the crawl found besides candidates.
#[derive(Debug, Default)]
pub struct CrawlReport {
    /// Symbolic links that were not followed.
    pub skipped_links: Vec<String>,
    /// Entries that could not be read (permissions, races): relative path and why.
    pub unreadable: Vec<(String, String)>,
    /// Entries that are neither files, folders nor links (a FIFO, a socket,
    /// a device): relative path and what it is. Never opened.
    pub not_files: Vec<(String, String)>,
}

/// Walk the inputs, handing each file to `visit` in sorted order as it is
/// found: nothing is held per file, so a crawl of a million files costs no
/// more memory than one of ten (a directory's own listing aside).
///
/// A file given directly is its own root (its `source_path` is its file
/// name). With several inputs, each input's files are prefixed with the
/// input's own name, so paths stay distinct; two inputs of the same name
/// are an error.
///
/// The order is the byte order of the `/`-joined relative path. Walking
/// each directory's entries sorted by name, with a directory's name
/// compared as if followed by `/`, yields exactly that order (`a.txt`
/// before `a/b.txt`, as `.` sorts before `/`).
pub fn crawl(
    inputs: &[PathBuf],
    visit: &mut dyn FnMut(Candidate) -> Result<()>,
) -> Result<CrawlReport> {
    let mut report = CrawlReport::default();
    let roots = roots(inputs)?;
    let several = inputs.len() > 1;
    for (_, name, input, meta) in roots {
        if meta.is_file() {
            // A file named directly may be a link: pass 2 opens what it
            // names, and follows no link then.
            visit(Candidate {
                path: input.canonicalize().unwrap_or_else(|_| input.clone()),
                rel: name,
                size: meta.len(),
                depth: 1,
            })?;
            continue;
        }
        let prefix = several.then_some(name);
        let walk = WalkDir::new(input).follow_links(false).sort_by(|a, b| {
            let key = |e: &walkdir::DirEntry| {
                sort_key(&escape_name(e.file_name()), e.file_type().is_dir())
            };
            key(a).cmp(&key(b))
        });
        for entry in walk {
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
            if ft.is_dir() {
                continue;
            }
            if !ft.is_file() {
                let rel = relative(input, entry.path(), &prefix);
                report.not_files.push((rel, special_kind(&ft).to_string()));
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
            visit(Candidate {
                path: entry.path().to_path_buf(),
                rel: relative(input, entry.path(), &prefix),
                size,
                depth: entry.depth() as u32,
            })?;
        }
    }
    report.skipped_links.sort();
    report.unreadable.sort();
    report.not_files.sort();
    Ok(report)
}

/// What an entry that is no file, folder or link is.
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    let _ = ft;
    "not a regular file"
}

/// An input, with the name its files' paths start with and what it is.
type Root<'a> = (String, String, &'a PathBuf, std::fs::Metadata);

/// The inputs, sorted as their files are crawled; an error for an input
/// that cannot be read or is neither a file nor a folder, and for two
/// inputs of the same name.
fn roots(inputs: &[PathBuf]) -> Result<Vec<Root<'_>>> {
    let mut roots = Vec::with_capacity(inputs.len());
    for input in inputs {
        let meta = std::fs::metadata(input).with_context(|| {
            format!("input {} cannot be read (does it exist?)", input.display())
        })?;
        if !meta.is_file() && !meta.is_dir() {
            bail!(
                "input {} is neither a file nor a directory",
                input.display()
            );
        }
        let name = root_name(input);
        let key = sort_key(&name, meta.is_dir());
        roots.push((key, name, input, meta));
    }
    roots.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = roots.windows(2).find(|w| w[0].1 == w[1].1) {
        bail!(
            "inputs {} and {} have the same name {:?}: their files would have the same \
             paths in the dataset; give each input a distinct name",
            w[0].2.display(),
            w[1].2.display(),
            w[0].1
        );
    }
    Ok(roots)
}

/// Check the inputs as [`crawl`] will take them, before anything is read:
/// each readable, a file or a folder, no two of the same name.
pub fn check_inputs(inputs: &[PathBuf]) -> Result<()> {
    roots(inputs).map(|_| ())
}

/// How an entry sorts among its siblings: its name, and a directory's as if
/// followed by the `/` its contents' paths continue with.
fn sort_key(name: &str, is_dir: bool) -> String {
    let mut key = name.to_string();
    if is_dir {
        key.push('/');
    }
    key
}

fn root_name(input: &Path) -> String {
    input
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(escape_name))
        .unwrap_or_else(|| escape_name(input.as_os_str()))
}

/// A file name as the dataset writes it: UTF-8 as it is, but every byte
/// that is not valid UTF-8 written `%XX` (hex), and a `%` followed by two
/// hex digits written `%25`, so that two names never become one (`a\xff`
/// and `a\xfe` were both `a\u{FFFD}` once) and the name's bytes can be
/// had back: `%XX` is always an escaped byte.
pub fn escape_name(name: &std::ffi::OsStr) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(name);
    #[cfg(not(unix))]
    let lossy = name.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        let mut rest = valid;
        while let Some(at) = rest.find('%') {
            out.push_str(&rest[..at]);
            let after = rest[at + 1..].as_bytes();
            let hex_follows = after.len() >= 2 && after[..2].iter().all(u8::is_ascii_hexdigit);
            out.push_str(if hex_follows { "%25" } else { "%" });
            rest = &rest[at + 1..];
        }
        out.push_str(rest);
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn relative(root: &Path, path: &Path, prefix: &Option<String>) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut s: String = rel
        .components()
        .map(|c| escape_name(c.as_os_str()))
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

    fn collect(inputs: &[PathBuf]) -> Result<(Vec<Candidate>, CrawlReport)> {
        let mut found = Vec::new();
        let report = crawl(inputs, &mut |c| {
            found.push(c);
            Ok(())
        })?;
        Ok((found, report))
    }

    #[test]
    fn walk_order_is_the_byte_order_of_the_joined_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "2020/b.txt",
            "2020.txt",
            "2020-x/a",
            "2020 y",
            "20/z",
            "2020/a/c",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, f).unwrap();
        }
        let (found, _) = collect(&[root.to_path_buf()]).unwrap();
        let rels: Vec<_> = found.iter().map(|c| c.rel.clone()).collect();
        let mut sorted = rels.clone();
        sorted.sort();
        assert_eq!(rels, sorted);
        assert_eq!(rels.len(), 6);
    }

    #[test]
    fn several_inputs_are_prefixed_and_ordered_and_same_names_refused() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(a.path().join("zz")).unwrap();
        std::fs::create_dir_all(b.path().join("zz.d")).unwrap();
        std::fs::write(a.path().join("zz/1.txt"), "1").unwrap();
        std::fs::write(b.path().join("zz.d/2.txt"), "2").unwrap();
        let (found, _) = collect(&[a.path().join("zz"), b.path().join("zz.d")]).unwrap();
        let rels: Vec<_> = found.iter().map(|c| c.rel.as_str()).collect();
        assert_eq!(rels, ["zz.d/2.txt", "zz/1.txt"]);
        std::fs::create_dir_all(b.path().join("zz")).unwrap();
        let err = collect(&[a.path().join("zz"), b.path().join("zz")]).unwrap_err();
        assert!(format!("{err:#}").contains("same name"));
    }

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
        let (found, report) = collect(&[root.to_path_buf()]).unwrap();
        let rels: Vec<_> = found.iter().map(|c| c.rel.as_str()).collect();
        assert_eq!(rels, ["a.txt", "b/a.txt", "b/c/z.txt"]);
        assert_eq!(found[1].size, 2);
        #[cfg(unix)]
        assert_eq!(report.skipped_links, ["link"]);
    }

    /// `%XX` is always an escaped byte: undoing the escapes gives the
    /// name's bytes back, and distinct names stay distinct.
    #[cfg(unix)]
    #[test]
    fn escaped_names_are_distinct_and_reversible() {
        use std::os::unix::ffi::OsStrExt;
        fn unescape(s: &str) -> Vec<u8> {
            let b = s.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < b.len() {
                let hex = b.get(i + 1..i + 3).and_then(|h| {
                    std::str::from_utf8(h)
                        .ok()
                        .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                });
                match (b[i], hex) {
                    (b'%', Some(h)) => {
                        out.push(u8::from_str_radix(h, 16).unwrap());
                        i += 3;
                    }
                    (c, _) => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            out
        }
        let names: [&[u8]; 9] = [
            b"a\xff.txt",
            b"a\xfe.txt",
            b"a%ff.txt",
            b"a%25.txt",
            b"100%.txt",
            b"%",
            b"a%\xff",
            "年度报告.txt".as_bytes(),
            b"\xb1\xa8\xb8\xe6%zz",
        ];
        let escaped: Vec<String> = names
            .iter()
            .map(|n| escape_name(std::ffi::OsStr::from_bytes(n)))
            .collect();
        for (n, e) in names.iter().zip(&escaped) {
            assert_eq!(&unescape(e), n, "{e}");
        }
        let distinct: std::collections::BTreeSet<_> = escaped.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert_eq!(escaped[0], "a%FF.txt");
        assert_eq!(escaped[4], "100%.txt");
        assert_eq!(escaped[7], "年度报告.txt");
    }

    #[test]
    fn a_missing_input_is_an_error_naming_it() {
        let err = collect(&[PathBuf::from("/no/such/place")]).unwrap_err();
        assert!(format!("{err:#}").contains("/no/such/place"));
    }
}
