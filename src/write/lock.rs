//! One build at a time per `--out`: a lock file beside it.
//!
//! The lock is `.{name}.lock` in `--out`'s parent (which must exist),
//! created atomically (`O_EXCL`), holding who took it: process id, host,
//! start time, command line. A second build finds it and says who holds it. A lock left by a
//! build that was killed (same host, process gone) is stale and taken over.
//! Whoever holds the lock also clears what killed builds leave beside
//! `--out` (temporary and scratch folders) and, should a build have died in
//! the instant between moving the previous dataset aside and moving the new
//! one in, puts the previous one back.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};

/// Who holds a lock.
#[derive(Debug, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
    /// Seconds since the Unix epoch.
    pub started: u64,
    pub command: String,
}

/// A held lock, released when dropped.
#[derive(Debug)]
pub struct OutLock {
    path: PathBuf,
}

pub fn host_name() -> String {
    fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown-host".to_string())
}

fn alive(pid: u32) -> bool {
    // Linux: a live process has a /proc entry. Elsewhere assume alive, so a
    // lock is never taken from a running build.
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// The parent folder and file name of `out`.
pub fn split_out(out: &Path) -> (PathBuf, String) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".to_string());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

impl OutLock {
    /// Take the lock on `out`, or fail saying who holds it.
    pub fn acquire(out: &Path) -> Result<OutLock> {
        let (parent, name) = split_out(out);
        let path = parent.join(format!(".{name}.lock"));
        let me = Holder {
            pid: std::process::id(),
            host: host_name(),
            started: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default(),
            command: std::env::args().collect::<Vec<_>>().join(" "),
        };
        for _ in 0..3 {
            match File::options().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let text = serde_json::to_string(&me)?;
                    f.write_all(text.as_bytes())
                        .and_then(|_| f.sync_all())
                        .with_context(|| format!("cannot write the lock {}", path.display()))?;
                    let lock = OutLock { path };
                    clear_leftovers(&parent, &name, out)?;
                    return Ok(lock);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let text = fs::read_to_string(&path).unwrap_or_default();
                    match serde_json::from_str::<Holder>(&text) {
                        Ok(h) if h.host == me.host && !alive(h.pid) => {
                            // Stale: its build was killed. Take it over.
                            let _ = fs::remove_file(&path);
                        }
                        Ok(h) => bail!(
                            "another build is writing {}: process {} on {} since {} \
                             (unix time), `{}`. Wait for it to finish; if that process is \
                             gone, remove {}",
                            out.display(),
                            h.pid,
                            h.host,
                            h.started,
                            h.command,
                            path.display()
                        ),
                        Err(_) if text.is_empty() => {
                            // Being written this very instant, or left empty
                            // by a crash right after creation.
                            std::thread::sleep(std::time::Duration::from_millis(200));
                            if fs::read_to_string(&path).unwrap_or_default().is_empty() {
                                let _ = fs::remove_file(&path);
                            }
                        }
                        Err(_) => bail!(
                            "{} is locked by {} (unreadable lock); if no build is running, \
                             remove it",
                            out.display(),
                            path.display()
                        ),
                    }
                }
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot create the lock {}", path.display()))
                }
            }
        }
        bail!("cannot take the lock {}", path.display())
    }
}

impl Drop for OutLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Remove what killed builds left beside `out`, and put a previous dataset
/// back if a build died between setting it aside and moving its own in.
fn clear_leftovers(parent: &Path, name: &str, out: &Path) -> Result<()> {
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut set_aside = Vec::new();
    for e in entries.flatten() {
        let file_name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        if rest.starts_with("tmp-") || rest.starts_with("inventory-") {
            let _ = fs::remove_dir_all(e.path());
        } else if rest.starts_with("old-") {
            set_aside.push(e.path());
        }
    }
    set_aside.sort();
    for old in set_aside {
        if fs::symlink_metadata(out).is_err() {
            fs::rename(&old, out).with_context(|| {
                format!(
                    "a previous dataset was left at {} by a killed build; cannot move it \
                     back to {}",
                    old.display(),
                    out.display()
                )
            })?;
        } else {
            let _ = fs::remove_dir_all(&old);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holder_and_a_dead_holder_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("build");
        let first = OutLock::acquire(&out).unwrap();
        let err = OutLock::acquire(&out).unwrap_err().to_string();
        assert!(
            err.contains(&format!("process {}", std::process::id())),
            "{err}"
        );
        assert!(err.contains("another build is writing"), "{err}");
        drop(first);
        // A lock left by a process that is gone is stale.
        let stale = Holder {
            pid: u32::MAX - 1,
            host: host_name(),
            started: 0,
            command: "ogi build".into(),
        };
        fs::write(
            dir.path().join(".build.lock"),
            serde_json::to_string(&stale).unwrap(),
        )
        .unwrap();
        fs::create_dir(dir.path().join(".build.tmp-1")).unwrap();
        fs::create_dir(dir.path().join(".build.old-1")).unwrap();
        fs::write(dir.path().join(".build.old-1/manifest.json"), "{}").unwrap();
        let _lock = OutLock::acquire(&out).unwrap();
        assert!(!dir.path().join(".build.tmp-1").exists());
        assert!(
            out.join("manifest.json").exists(),
            "the set-aside dataset is back"
        );
    }
}
