//! What ogi may write, checked before it writes anything: it only ever
//! replaces what it wrote, and never writes into its inputs.
//!
//! - `--out` may be a new path, an empty folder, or a dataset ogi wrote: a
//!   folder whose `manifest.json` reads as an ogi manifest and that holds
//!   nothing but the manifest and the files it lists. Anything else (a
//!   folder with other files, a regular file, a symbolic link, `/`, the
//!   current folder or one holding it, an empty path) is refused.
//! - No path ogi writes — `--out`, the files it keeps beside it (the lock
//!   `.{name}.lock`, the scratch folder `.{name}.inventory-{pid}`, the
//!   build's temporary folder `.{name}.tmp-{pid}`, the previous dataset set
//!   aside `.{name}.old-{pid}`), the run log — may be, contain, or be inside
//!   an input (for a merge, a part).
//!
//! Paths are compared once resolved: relative to the current folder, with
//! `.`, `..` and symbolic links resolved (the part that exists is
//! canonicalised, the rest appended), so that no spelling of a path gets
//! around the checks. A refusal is a [`Refused`] error, which the command
//! line turns into exit code 2; nothing has been touched when it is made.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::contract::{Manifest, MANIFEST_FILE};

/// A request ogi will not carry out because it would lose or overwrite
/// something that is not its own. Nothing was written.
#[derive(Debug)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(message: String) -> Result<T, Refused> {
    Err(Refused(message))
}

/// How many of a folder's entries a refusal names.
const NAMES_SHOWN: usize = 4;

/// `path` made absolute, with `.`, `..` and symbolic links resolved as far
/// as it exists and the rest appended as written.
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut resolved = PathBuf::new();
    let mut exists = true;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if exists {
                    match fs::canonicalize(&resolved) {
                        Ok(real) => resolved = real,
                        Err(_) => exists = false,
                    }
                }
            }
        }
    }
    Ok(resolved)
}

/// Whether one of two resolved paths is, contains or is inside the other.
fn overlap(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// Where a build or a merge will publish, checked.
#[derive(Clone, Debug)]
pub struct Target {
    /// `--out`, resolved: the path everything is written beside.
    pub out: PathBuf,
    /// Its parent folder (it may not exist yet).
    pub parent: PathBuf,
    /// Its name: the files kept beside it are named after it.
    pub name: String,
}

impl Target {
    /// The paths ogi keeps beside `--out` while it works, for this process.
    fn beside(&self) -> Vec<PathBuf> {
        let pid = std::process::id();
        [
            "lock".to_string(),
            format!("inventory-{pid}"),
            format!("tmp-{pid}"),
            format!("old-{pid}"),
        ]
        .iter()
        .map(|suffix| self.parent.join(format!(".{}.{suffix}", self.name)))
        .collect()
    }
}

/// Check that a build or merge may publish to `out`, reading `inputs` (for
/// a merge, the parts): see the module documentation. Touches nothing.
pub fn check_out(out: &Path, inputs: &[PathBuf]) -> Result<Target, Refused> {
    let shown = out.display();
    if out.as_os_str().is_empty() {
        return refuse(
            "the output path is empty: name the folder to publish the dataset to".into(),
        );
    }
    let resolved =
        resolve(out).map_err(|e| Refused(format!("cannot resolve --out {shown}: {e}")))?;
    let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
        return refuse(format!(
            "--out {shown} is the root of the filesystem: name a folder of its own for the dataset"
        ));
    };
    let target = Target {
        out: resolved.clone(),
        parent: parent.to_path_buf(),
        name: name.to_string_lossy().into_owned(),
    };
    if let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize()) {
        if cwd.starts_with(&resolved) {
            let what = if cwd == resolved {
                "the current folder"
            } else {
                "a folder holding the current folder"
            };
            return refuse(format!(
                "--out {shown} is {what}: publishing there would replace it; name a folder of \
                 its own for the dataset"
            ));
        }
    }
    // A symbolic link named as --out is refused as it is, not followed.
    let given = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(out))
            .unwrap_or_else(|_| out.to_path_buf())
    };
    if fs::symlink_metadata(&given).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse(format!(
            "--out {shown} is a symbolic link: name the folder itself (ogi replaces --out, and \
             will not replace a link)"
        ));
    }
    check_inputs(&target, inputs, &shown.to_string())?;
    replaceable(&resolved).map_err(|Refused(why)| Refused(format!("--out {shown} {why}")))?;
    Ok(target)
}

/// Check that no path ogi writes for `target` overlaps an input.
fn check_inputs(target: &Target, inputs: &[PathBuf], shown: &str) -> Result<(), Refused> {
    let beside = target.beside();
    for input in inputs {
        for form in input_forms(input) {
            if overlap(&target.out, &form) {
                return refuse(format!(
                    "--out {shown} {} the input {}: ogi never writes into what it reads; name \
                     a folder outside the inputs",
                    relation(&target.out, &form),
                    input.display()
                ));
            }
            for path in &beside {
                if overlap(path, &form) {
                    return refuse(format!(
                        "ogi would write {} beside --out {shown}, inside the input {}: name a \
                         folder outside the inputs",
                        path.display(),
                        input.display()
                    ));
                }
            }
            // The lock's holder clears `.{name}.tmp-*` and the like beside
            // --out: an input named so must not be there.
            if let Ok(rest) = form.strip_prefix(&target.parent) {
                let first = rest
                    .components()
                    .next()
                    .map(|c| c.as_os_str().to_string_lossy());
                if first.is_some_and(|f| f.starts_with(&format!(".{}.", target.name))) {
                    return refuse(format!(
                        "the input {} is named like the files ogi keeps beside --out {shown}: \
                         move it, or name another --out",
                        input.display()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// How a written path stands to an input, in words.
fn relation(written: &Path, input: &Path) -> &'static str {
    if written == input {
        "is"
    } else if written.starts_with(input) {
        "is inside"
    } else {
        "holds"
    }
}

/// The forms of an input to keep clear of: where it is named (its folder
/// resolved, its own name as written) and what it is, links followed.
fn input_forms(input: &Path) -> Vec<PathBuf> {
    let mut forms = Vec::new();
    if let Ok(real) = fs::canonicalize(input) {
        forms.push(real);
    }
    let absolute = if input.is_absolute() {
        Some(input.to_path_buf())
    } else {
        std::env::current_dir().ok().map(|d| d.join(input))
    };
    if let Some(a) = absolute {
        if let (Some(parent), Some(name)) = (a.parent(), a.file_name()) {
            if let Ok(p) = resolve(parent) {
                forms.push(p.join(name));
            }
        }
    }
    forms.dedup();
    forms
}

/// Check that a file written beside the dataset (the run log) is neither a
/// folder nor a link, and overlaps neither `--out` nor an input.
pub fn check_side_file(
    what: &str,
    path: &Path,
    target: &Target,
    inputs: &[PathBuf],
) -> Result<(), Refused> {
    let shown = path.display();
    if path.as_os_str().is_empty() {
        return refuse(format!("the {what} path is empty"));
    }
    let resolved =
        resolve(path).map_err(|e| Refused(format!("cannot resolve the {what} {shown}: {e}")))?;
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => return refuse(format!("the {what} {shown} is a folder")),
        Ok(m) if m.file_type().is_symlink() => {
            return refuse(format!("the {what} {shown} is a symbolic link"))
        }
        _ => {}
    }
    if overlap(&resolved, &target.out) {
        return refuse(format!(
            "the {what} {shown} is inside --out, which ogi replaces: put it beside the dataset"
        ));
    }
    for input in inputs {
        for form in input_forms(input) {
            if overlap(&resolved, &form) {
                return refuse(format!(
                    "the {what} {shown} is inside the input {}: ogi never writes into what it \
                     reads",
                    input.display()
                ));
            }
        }
    }
    Ok(())
}

/// Whether the folder at `out` may be replaced: it does not exist, is an
/// empty folder, or is a dataset ogi wrote (its manifest reads as one, and
/// it holds nothing but the manifest and the files the manifest lists).
/// The refusal says what `out` is, to follow its name.
pub fn replaceable(out: &Path) -> Result<(), Refused> {
    let meta = match fs::symlink_metadata(out) {
        // Not there (or under a file, where making it fails later).
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            return Ok(())
        }
        Err(e) => return refuse(format!("cannot be inspected: {e}")),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return refuse("is a symbolic link: ogi will not replace a link".into());
    }
    if !meta.is_dir() {
        return refuse(
            "is a file, not a folder: ogi publishes a dataset folder there and will not \
             replace a file"
                .into(),
        );
    }
    let mut names: Vec<String> = fs::read_dir(out)
        .map_err(|e| Refused(format!("cannot be listed: {e}")))?
        .map(|e| {
            e.map(|e| {
                let mut name = e.file_name().to_string_lossy().into_owned();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    name.push('/');
                }
                name
            })
        })
        .collect::<io::Result<_>>()
        .map_err(|e| Refused(format!("cannot be listed: {e}")))?;
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    let listed: Vec<String> = match Manifest::read(out) {
        Ok(m) => std::iter::once(MANIFEST_FILE.to_string())
            .chain(m.tables.into_iter().map(|t| t.file))
            .collect(),
        Err(_) => {
            return refuse(format!(
                "is not a dataset ogi wrote (no readable {MANIFEST_FILE}), and ogi replaces \
                 only its own: it holds {}. Nothing was changed; name a new or empty folder",
                some(&names)
            ))
        }
    };
    let others: Vec<String> = names.into_iter().filter(|n| !listed.contains(n)).collect();
    if !others.is_empty() {
        return refuse(format!(
            "holds files that are not part of its dataset, and ogi replaces only its own: {}. \
             Nothing was changed; move them, or name a new or empty folder",
            some(&others)
        ));
    }
    Ok(())
}

/// A few names of a list, and how many more.
fn some(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(NAMES_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMES_SHOWN {
        s.push_str(&format!(" and {} more", names.len() - NAMES_SHOWN));
    }
    s
}

/// Folders made for `--out`'s parent, removed again (if still empty) when
/// dropped, unless [`MadeFolders::keep`] was called: a build that fails
/// leaves no folder it made.
#[derive(Debug, Default)]
pub struct MadeFolders {
    made: Vec<PathBuf>,
}

impl MadeFolders {
    /// Make `dir` and any missing parents.
    pub fn make(dir: &Path) -> io::Result<MadeFolders> {
        let mut missing = Vec::new();
        let mut at = Some(dir);
        while let Some(d) = at {
            if d.as_os_str().is_empty() || fs::symlink_metadata(d).is_ok() {
                break;
            }
            missing.push(d.to_path_buf());
            at = d.parent();
        }
        let mut made = MadeFolders::default();
        for d in missing.into_iter().rev() {
            fs::create_dir(&d)?;
            made.made.push(d);
        }
        Ok(made)
    }

    /// The build succeeded: the folders stay.
    pub fn keep(mut self) {
        self.made.clear();
    }
}

impl Drop for MadeFolders {
    fn drop(&mut self) {
        for d in self.made.iter().rev() {
            // Only if empty: anything in it now is not ours to remove.
            let _ = fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_through_dots_and_links() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        fs::create_dir(real.join("a")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(real.join("a"), real.join("link")).unwrap();
        assert_eq!(resolve(&real.join("a/./b/../c")).unwrap(), real.join("a/c"));
        assert_eq!(resolve(&real.join("a/..")).unwrap(), real);
        #[cfg(unix)]
        assert_eq!(
            resolve(&real.join("link/new/x")).unwrap(),
            real.join("a/new/x")
        );
        #[cfg(unix)]
        assert_eq!(resolve(&real.join("link/..")).unwrap(), real);
    }

    #[test]
    fn only_new_empty_or_ogi_folders_are_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert!(replaceable(&d.join("new")).is_ok());
        fs::create_dir(d.join("empty")).unwrap();
        assert!(replaceable(&d.join("empty")).is_ok());
        fs::create_dir(d.join("notes")).unwrap();
        fs::write(d.join("notes/notes.txt"), "mine").unwrap();
        fs::create_dir(d.join("notes/sub")).unwrap();
        let why = replaceable(&d.join("notes")).unwrap_err().0;
        assert!(why.contains("notes.txt, sub/"), "{why}");
        fs::write(d.join("file"), "x").unwrap();
        assert!(replaceable(&d.join("file"))
            .unwrap_err()
            .0
            .contains("is a file"));
        // A manifest that is not one.
        fs::write(d.join("notes/manifest.json"), "{}").unwrap();
        assert!(replaceable(&d.join("notes")).is_err());
        let many: Vec<String> = (0..7).map(|i| format!("f{i}")).collect();
        assert_eq!(some(&many), "f0, f1, f2, f3 and 3 more");
    }

    #[test]
    fn made_folders_go_unless_kept() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b/c");
        drop(MadeFolders::make(&deep).unwrap());
        assert!(!dir.path().join("a").exists());
        MadeFolders::make(&deep).unwrap().keep();
        assert!(deep.is_dir());
        // A folder that already was, stays.
        drop(MadeFolders::make(&deep).unwrap());
        assert!(deep.is_dir());
    }
}
