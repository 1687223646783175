//! Stage 1: find every candidate file under the inputs.
//!
//! Every regular file is a candidate. Symbolic links are not followed, so a
//! crawl never leaves its input root. The order of work and of output is the
//! sorted relative path (byte order of the `/`-joined path), never the order
//! in which the filesystem happens to list a directory.

pub mod archive;
pub mod fingerprint;
pub mod inventory;

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

/// How much of a file [`prefetch`] asks for: the whole of a typical report
/// (a few hundred KB at most), the head of a large file (the kernel's own
/// read-ahead follows the rest once a worker reads it). With a few hundred
/// files asked for ahead, this bounds the page cache asked for at once.
const PREFETCH_BYTES: u64 = 1 << 20;

/// Ask the kernel to start reading a candidate that is about to be read.
/// A worker reads one file at a time, so on a cold disk each worker waits
/// for each file in turn; asking ahead for the next few hundred keeps many
/// reads in flight at once. Only a hint: a file that cannot be opened is
/// passed over here and reported by the read itself.
pub fn prefetch(c: &Candidate) {
    #[cfg(target_os = "linux")]
    if c.size > 0 {
        use std::os::fd::AsRawFd;
        // Opened as it will be read: non-blocking (a FIFO may have been
        // put in its place since the crawl saw it), and never through a
        // link.
        if let Ok(Ok(f)) = c.open() {
            let len = c.size.min(PREFETCH_BYTES) as libc::off_t;
            // SAFETY: `f` owns the descriptor for the whole call.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, len, libc::POSIX_FADV_WILLNEED) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = c;
}

/// Open a file the crawl found, trusting nothing it saw: without following
/// a symbolic link put in its place since, without waiting (a FIFO put in
/// its place would block the open and every read), and only if what was
/// opened is a regular file, asked of the open handle rather than of the
/// path. `Ok(Err(what))` says what is there instead.
pub fn open_regular(path: &Path) -> std::io::Result<Result<std::fs::File, &'static str>> {
    let mut options = std::fs::File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(Err("a symbolic link")),
        Err(e) => return Err(e),
    };
    regular(file)
}

/// An opened file if it is a regular file, asked of the handle; else what
/// it is.
fn regular(file: std::fs::File) -> std::io::Result<Result<std::fs::File, &'static str>> {
    let meta = file.metadata()?;
    if meta.is_file() {
        return Ok(Ok(file));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Ok(Err("a FIFO"));
        }
        if t.is_socket() {
            return Ok(Err("a socket"));
        }
        if t.is_block_device() || t.is_char_device() {
            return Ok(Err("a device"));
        }
    }
    Ok(Err(if meta.is_dir() {
        "a folder"
    } else {
        "something not a regular file"
    }))
}

/// [`open_regular`], with anything else an error saying what it is.
pub fn open_file(path: &Path) -> std::io::Result<std::fs::File> {
    open_regular(path)?.map_err(|what| not_a_file(what.to_string()))
}

fn not_a_file(what: String) -> std::io::Error {
    std::io::Error::other(format!("{what} is there now, not a regular file"))
}

/// Open `path`, whose last `depth` components lie below an input root, as
/// [`open_regular`] does, and without following a symbolic link in any of
/// those components: the root is opened once (as the user named it), then
/// each folder below it in turn relative to the one before, refusing a
/// link, and last the file. A folder swapped for a link since the crawl
/// (to a place outside the root) is never entered: `Ok(Err(what))` says
/// what is on the path instead. `depth` 0 (or more than `path` has) opens
/// the path as [`open_regular`] does.
pub fn open_below(path: &Path, depth: usize) -> std::io::Result<Result<std::fs::File, String>> {
    let names: Vec<&std::ffi::OsStr> = path.components().map(|c| c.as_os_str()).collect();
    if depth == 0 || depth > names.len() {
        return Ok(open_regular(path)?.map_err(str::to_string));
    }
    let split = names.len() - depth;
    let root: PathBuf = names[..split].iter().collect();
    #[cfg(unix)]
    {
        walk_below(&root, &names[split..])
    }
    #[cfg(not(unix))]
    {
        // No descriptor-relative opens here: each folder below the root is
        // checked not to be a link, then the file is opened by its path.
        let mut at = root;
        for (i, name) in names[split..].iter().enumerate() {
            at.push(name);
            let meta = std::fs::symlink_metadata(&at)?;
            if meta.file_type().is_symlink() {
                return Ok(Err(if i + 1 == depth {
                    "a symbolic link".to_string()
                } else {
                    format!("a symbolic link on its path ({})", at.display())
                }));
            }
        }
        Ok(open_regular(&at)?.map_err(str::to_string))
    }
}

/// The folders [`walk_below`] opened last on this thread, kept open so that
/// the next file of the same folder is opened from it, not walked down to
/// from the root again: files are read in path order, and a walk of a few
/// folders for each of them cost more system time than reading the file.
/// No link is followed either way; a folder swapped for one during a pass
/// is read through the folder opened before it (the one the crawl saw),
/// and seen as a link by the next pass.
#[cfg(unix)]
struct OpenedFolders {
    /// The [`forget_opened_folders`] generation they were opened in.
    generation: u64,
    root: PathBuf,
    /// The folders' names below the root, and for each prefix of them the
    /// folder opened: `fds[0]` is the root, `fds[k]` the folder at `names[..k]`.
    names: Vec<std::ffi::OsString>,
    fds: Vec<std::os::fd::OwnedFd>,
}

#[cfg(unix)]
thread_local! {
    static OPENED: std::cell::RefCell<Option<OpenedFolders>> = const { std::cell::RefCell::new(None) };
}

#[cfg(unix)]
static GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The most folders a thread keeps open: a tree nested deeper (a hostile
/// archive's) is walked below them as before, one descriptor at a time,
/// so that no depth can spend the process's descriptors.
#[cfg(unix)]
const MAX_KEPT_FOLDERS: usize = 32;

/// Forget the folders every thread keeps open (see `OpenedFolders`): a
/// pass that starts calls it, so that a folder swapped for a link since the
/// last pass is seen as one rather than read through the folder opened
/// before.
pub fn forget_opened_folders() {
    #[cfg(unix)]
    GENERATION.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
}

/// [`open_below`] on Unix: `openat` from one folder to the next, each with
/// `O_NOFOLLOW`, the folders with `O_DIRECTORY`. The folders the last call
/// on this thread opened in this pass are started from where the path
/// shares them.
#[cfg(unix)]
fn walk_below(
    root: &Path,
    below: &[&std::ffi::OsStr],
) -> std::io::Result<Result<std::fs::File, String>> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let generation = GENERATION.load(std::sync::atomic::Ordering::SeqCst);
    let folders = &below[..below.len() - 1];
    let opened = OPENED.with(|o| o.borrow_mut().take());
    let mut kept = match opened {
        Some(mut o) if o.generation == generation && o.root == root => {
            let shared = o
                .names
                .iter()
                .zip(folders)
                .take_while(|(a, b)| a.as_os_str() == **b)
                .count();
            o.names.truncate(shared);
            o.fds.truncate(shared + 1);
            o
        }
        _ => {
            let fd: OwnedFd = std::fs::File::options()
                .read(true)
                .custom_flags(libc::O_DIRECTORY | libc::O_CLOEXEC)
                .open(root)?
                .into();
            OpenedFolders {
                generation,
                root: root.to_path_buf(),
                names: Vec::new(),
                fds: vec![fd],
            }
        }
    };
    #[cfg(target_os = "linux")]
    if let Some(fd) = open_beneath(kept.fds.first().expect("the root is always open"), below) {
        OPENED.with(|o| *o.borrow_mut() = Some(kept));
        return Ok(regular(std::fs::File::from(fd))?.map_err(str::to_string));
    }
    let start = kept.names.len();
    let mut file = None;
    // A folder past those kept, when the path is deeper.
    let mut deeper: Option<OwnedFd> = None;
    for (i, name) in below.iter().enumerate().skip(start) {
        let last = i + 1 == below.len();
        let c_name = std::ffi::CString::new(name.as_bytes())
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
        let mut flags = libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW | libc::O_NONBLOCK;
        if !last {
            flags |= libc::O_DIRECTORY;
        }
        let at = match &deeper {
            Some(fd) => fd,
            None => kept.fds.last().expect("the root is always open"),
        };
        // SAFETY: a descriptor we own and a NUL-terminated name.
        let fd = unsafe { libc::openat(at.as_raw_fd(), c_name.as_ptr(), flags) };
        if fd < 0 {
            let e = std::io::Error::last_os_error();
            let refused = matches!(e.raw_os_error(), Some(libc::ELOOP) | Some(libc::ENOTDIR));
            if !refused {
                return Err(e);
            }
            let what = if is_link_at(at, &c_name) {
                "a symbolic link"
            } else {
                "something not a folder"
            };
            if last {
                return Ok(Err(what.to_string()));
            }
            let on: PathBuf = below[..=i].iter().collect();
            return Ok(Err(format!("{what} on its path ({})", on.display())));
        }
        // SAFETY: `openat` just returned this descriptor, owned by no one else.
        let fd = unsafe { OwnedFd::from_raw_fd(fd) };
        if last {
            file = Some(fd);
        } else if deeper.is_none() && kept.fds.len() < MAX_KEPT_FOLDERS {
            kept.names.push(name.to_os_string());
            kept.fds.push(fd);
        } else {
            deeper = Some(fd);
        }
    }
    let file = match file {
        Some(fd) => fd,
        None => return Err(std::io::Error::from(std::io::ErrorKind::InvalidInput)),
    };
    OPENED.with(|o| *o.borrow_mut() = Some(kept));
    Ok(regular(std::fs::File::from(file))?.map_err(str::to_string))
}

/// Whether the kernel refused `openat2` (older than Linux 5.6, or a filter
/// that forbids it): then every open walks.
#[cfg(target_os = "linux")]
static NO_OPENAT2: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The file at `below` under the folder `root`, opened in one call where
/// the kernel can refuse a symbolic link in any component itself
/// (`openat2` with `RESOLVE_NO_SYMLINKS` and `RESOLVE_BENEATH`): one system
/// call where the walk makes one per folder, in an archive whose folders
/// mostly hold a file or two. None when that call fails for any reason
/// (a link, a folder gone, an old kernel): the walk then opens it, or says
/// what is there instead, as it always did.
#[cfg(target_os = "linux")]
fn open_beneath(
    root: &std::os::fd::OwnedFd,
    below: &[&std::ffi::OsStr],
) -> Option<std::os::fd::OwnedFd> {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;
    use std::sync::atomic::Ordering;
    if NO_OPENAT2.load(Ordering::Relaxed) {
        return None;
    }
    let mut path = Vec::new();
    for (i, name) in below.iter().enumerate() {
        if i > 0 {
            path.push(b'/');
        }
        path.extend_from_slice(name.as_bytes());
    }
    let path = std::ffi::CString::new(path).ok()?;
    // SAFETY: all-zero is a valid `open_how` (no flags, no mode, no
    // resolve restrictions); the fields are set below.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = (libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW | libc::O_NONBLOCK) as u64;
    how.resolve = libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH;
    // SAFETY: a descriptor we own, a NUL-terminated path, and an
    // `open_how` of the size given, all alive for the call.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            root.as_raw_fd(),
            path.as_ptr(),
            &how as *const libc::open_how,
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd < 0 {
        let e = std::io::Error::last_os_error().raw_os_error();
        if matches!(
            e,
            Some(libc::ENOSYS) | Some(libc::EPERM) | Some(libc::E2BIG)
        ) {
            NO_OPENAT2.store(true, Ordering::Relaxed);
        }
        return None;
    }
    // SAFETY: `openat2` just returned this descriptor, owned by no one else.
    Some(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// Whether `name` in the folder `dir` is a symbolic link (not followed).
#[cfg(unix)]
fn is_link_at(dir: &std::os::fd::OwnedFd, name: &std::ffi::CStr) -> bool {
    use std::os::fd::AsRawFd;
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: a descriptor we own, a NUL-terminated name, room for a stat.
    let done = unsafe {
        libc::fstatat(
            dir.as_raw_fd(),
            name.as_ptr(),
            st.as_mut_ptr(),
            libc::AT_SYMLINK_NOFOLLOW,
        )
    };
    // SAFETY: filled in by a successful fstatat.
    done == 0 && (unsafe { st.assume_init() }.st_mode & libc::S_IFMT) == libc::S_IFLNK
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

    /// A hint for a file that vanished, or that became a FIFO after the
    /// crawl saw it, returns at once: it must never stall the crawler.
    #[cfg(unix)]
    #[test]
    fn prefetch_passes_over_what_it_cannot_read_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
        let plain = dir.path().join("a.txt");
        std::fs::write(&plain, "年度报告").unwrap();
        let candidates: Vec<Candidate> = [fifo, dir.path().join("gone.txt"), plain]
            .into_iter()
            .map(|path| Candidate {
                rel: path.file_name().unwrap().to_string_lossy().into_owned(),
                path,
                size: 12,
                depth: 1,
            })
            .collect();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            candidates.iter().for_each(prefetch);
            let _ = tx.send(());
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok(),
            "prefetch blocked on a FIFO"
        );
    }

    /// Files opened one after another through the folders kept open read
    /// each its own bytes, whichever folders they share; after
    /// `forget_opened_folders` a folder swapped for a link is refused.
    #[cfg(unix)]
    #[test]
    fn folders_kept_open_read_the_right_files_and_are_forgotten_between_passes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        for (rel, body) in [
            ("a/x.txt", "ax"),
            ("a/b/y.txt", "aby"),
            ("a/b/z.txt", "abz"),
            ("a/c/y.txt", "acy"),
            ("d/y.txt", "dy"),
            ("top.txt", "top"),
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, body).unwrap();
        }
        let read = |rel: &str| -> Result<String, String> {
            let depth = rel.split('/').count();
            let mut f = open_below(&root.join(rel), depth).unwrap()?;
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            Ok(s)
        };
        for rel in [
            "a/x.txt",
            "a/b/y.txt",
            "a/b/z.txt",
            "a/c/y.txt",
            "a/x.txt",
            "d/y.txt",
            "top.txt",
            "a/b/y.txt",
        ] {
            let want = rel.trim_end_matches(".txt").replace('/', "");
            assert_eq!(read(rel), Ok(want), "{rel}");
        }
        // A missing file in a kept folder is an error, and the next file
        // still reads.
        assert!(open_below(&root.join("a/b/gone.txt"), 3).is_err());
        assert_eq!(read("a/b/z.txt"), Ok("abz".to_string()));

        // A path deeper than the folders a thread keeps open reads too,
        // and so does its neighbour.
        let deep: Vec<String> = (0..MAX_KEPT_FOLDERS + 5).map(|i| format!("d{i}")).collect();
        let deep = deep.join("/");
        std::fs::create_dir_all(root.join(&deep)).unwrap();
        std::fs::write(root.join(format!("{deep}/x.txt")), "deepx").unwrap();
        std::fs::write(root.join(format!("{deep}/y.txt")), "deepy").unwrap();
        assert_eq!(read(&format!("{deep}/x.txt")), Ok("deepx".to_string()));
        assert_eq!(read(&format!("{deep}/y.txt")), Ok("deepy".to_string()));
        assert_eq!(read("a/x.txt"), Ok("ax".to_string()));

        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("b")).unwrap();
        std::fs::write(outside.join("b/y.txt"), "outside").unwrap();
        std::fs::rename(root.join("a/b"), dir.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(outside.join("b"), root.join("a/b")).unwrap();
        forget_opened_folders();
        let refused = read("a/b/y.txt").unwrap_err();
        assert!(refused.contains("symbolic link on its path"), "{refused}");
    }

    /// The one-call open refuses a link wherever it stands on the path,
    /// and a path out of the root; the walk then says what is there.
    #[cfg(target_os = "linux")]
    #[test]
    fn one_call_open_follows_no_link_and_stays_below_the_root() {
        use std::ffi::OsStr;
        use std::os::fd::OwnedFd;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/f.txt"), "abf").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "no").unwrap();
        // Relative links, which a bound to the root alone would follow.
        std::os::unix::fs::symlink("a", root.join("la")).unwrap();
        std::os::unix::fs::symlink("b", root.join("a/lb")).unwrap();
        std::os::unix::fs::symlink("f.txt", root.join("a/b/lf.txt")).unwrap();
        let fd: OwnedFd = std::fs::File::open(&root).unwrap().into();
        let open = |rel: &str| {
            let names: Vec<&OsStr> = rel.split('/').map(OsStr::new).collect();
            open_beneath(&fd, &names).map(|f| {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::fs::File::from(f), &mut s).unwrap();
                s
            })
        };
        if NO_OPENAT2.load(std::sync::atomic::Ordering::Relaxed) || open("a/b/f.txt").is_none() {
            eprintln!("openat2 is not available here: every open walks");
            return;
        }
        assert_eq!(open("a/b/f.txt").as_deref(), Some("abf"));
        for refused in [
            "la/b/f.txt",
            "a/lb/f.txt",
            "a/b/lf.txt",
            "../secret.txt",
            "a/b/gone.txt",
        ] {
            assert_eq!(open(refused), None, "{refused}");
        }
        // The walk, given the same paths, refuses the links by name.
        let walked = open_below(&root.join("a/lb/f.txt"), 3)
            .unwrap()
            .unwrap_err();
        assert!(walked.contains("symbolic link on its path"), "{walked}");
        let walked = open_below(&root.join("a/b/lf.txt"), 3)
            .unwrap()
            .unwrap_err();
        assert_eq!(walked, "a symbolic link");
    }
}
