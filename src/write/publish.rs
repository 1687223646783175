//! Publishing a finished build: the temporary folder takes `--out`'s place
//! in one step where the kernel can (`renameat2` exchange), so that `--out`
//! is never missing, and the previous dataset is removed only then.

use std::fs::{self, File};
use std::io;
use std::path::Path;

use anyhow::{Context, Result};

#[cfg(unix)]
pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot fsync directory {}", dir.display()))
}

#[cfg(not(unix))]
pub(super) fn sync_dir(_dir: &Path) -> Result<()> {
    Ok(())
}

pub(super) fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// Move the finished temporary directory `tmp` to `out` (in `parent`,
/// named `out_name`), setting the previous `out` (if any) aside first and
/// deleting it afterwards. `finished` is set once `tmp` has become `out`.
pub(super) fn replace(
    tmp: &Path,
    out: &Path,
    parent: &Path,
    out_name: &str,
    finished: &mut bool,
) -> Result<()> {
    let out = out.to_path_buf();
    // Where the kernel can, swap the two in one step, so that `out` is
    // never missing, not even for an instant; the previous build is then
    // at the temporary path, to be removed.
    if fs::symlink_metadata(&out).is_ok() && exchange(tmp, &out).is_ok() {
        *finished = true;
        sync_dir(parent)?;
        remove_any(tmp).with_context(|| {
            format!(
                "the new build is in place at {}, but the previous one could not be \
                 removed from {}",
                out.display(),
                tmp.display()
            )
        })?;
        return Ok(());
    }
    let old = parent.join(format!(".{out_name}.old-{}", std::process::id()));
    let had_old = match fs::symlink_metadata(&out) {
        Ok(_) => {
            if fs::symlink_metadata(&old).is_ok() {
                remove_any(&old)
                    .with_context(|| format!("cannot remove stale directory {}", old.display()))?;
            }
            fs::rename(&out, &old).with_context(|| {
                format!(
                    "cannot move the previous build {} aside to {}",
                    out.display(),
                    old.display()
                )
            })?;
            true
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(e).with_context(|| format!("cannot inspect {}", out.display()));
        }
    };
    if let Err(e) = fs::rename(tmp, &out) {
        if had_old {
            // Put the previous build back where it was.
            let _ = fs::rename(&old, &out);
        }
        return Err(e).with_context(|| {
            format!(
                "cannot move the new build {} to {}",
                tmp.display(),
                out.display()
            )
        });
    }
    *finished = true;
    sync_dir(parent)?;
    if had_old {
        remove_any(&old).with_context(|| {
            format!(
                "the new build is in place at {}, but the previous one could not be \
                 removed from {}",
                out.display(),
                old.display()
            )
        })?;
    }
    Ok(())
}

/// Swap two paths atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange",
    ))
}
