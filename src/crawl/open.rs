//! Opening a file the crawl found, trusting nothing it saw: only a regular
//! file, without blocking, and without following a symbolic link in any
//! component below its input root; and asking the kernel ahead for files
//! about to be read.

use std::path::{Path, PathBuf};

use super::Candidate;

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
    if cfg!(target_os = "linux") && c.size > 0 {
        if let Ok(Ok(f)) = c.open() {
            advise(&f, c.size);
        }
    }
}

/// Ask the kernel for the head of the open file `f`, `size` bytes long.
fn advise(f: &std::fs::File, size: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let len = size.min(PREFETCH_BYTES) as libc::off_t;
        // SAFETY: `f` owns the descriptor for the whole call.
        unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, len, libc::POSIX_FADV_WILLNEED) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (f, size);
}

/// Files a [`Prefetcher`] decides for at once.
const RUN: usize = 256;
/// Files of each run whose first page is looked for in the page cache.
const PROBED: usize = 4;

/// [`prefetch`] for a stream of files, only where the disk must be asked:
/// asking for a file already in the page cache costs an open, a hint and a
/// close for nothing (on a warm archive, most of the crawler's time). The
/// first [`PROBED`] files of each [`RUN`] are looked for in the cache; the
/// run's other files are asked for when any of them was not found there
/// (or the kernel cannot tell). Files next to each other in path order are
/// mostly read, and cached, together.
#[derive(Debug, Default)]
pub struct Prefetcher {
    /// Files with bytes seen so far.
    seen: usize,
    /// Whether the current run holds a file not in the page cache.
    cold: bool,
}

impl Prefetcher {
    /// The file `c` is about to be read.
    pub fn ask(&mut self, c: &Candidate) {
        self.ask_with(c, &mut probe, &mut prefetch);
    }

    /// [`Prefetcher::ask`], its two ways to the kernel given: `probe`
    /// opens the file, asks for it unless it is cached, and says whether
    /// it was (`None`: it could not be opened); `fetch` asks for it.
    fn ask_with(
        &mut self,
        c: &Candidate,
        probe: &mut dyn FnMut(&Candidate) -> Option<bool>,
        fetch: &mut dyn FnMut(&Candidate),
    ) {
        if c.size == 0 {
            return;
        }
        let at = self.seen % RUN;
        self.seen += 1;
        if at == 0 {
            self.cold = false;
        }
        if at < PROBED {
            if probe(c) == Some(false) {
                self.cold = true;
            }
        } else if self.cold {
            fetch(c);
        }
    }
}

/// Open `c`, and say whether its first byte is in the page cache; if not
/// (or the kernel cannot say), ask for its head. `None`: not opened.
fn probe(c: &Candidate) -> Option<bool> {
    let Ok(Ok(f)) = c.open() else {
        return None;
    };
    let cached = is_cached(&f);
    if !cached {
        advise(&f, c.size);
    }
    Some(cached)
}

/// Whether the first byte of `f` can be read without waiting for the disk
/// (a read that fails rather than wait, `RWF_NOWAIT`). False where the
/// kernel cannot say.
fn is_cached(f: &std::fs::File) -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        use std::os::fd::AsRawFd;
        let mut byte = 0u8;
        let iov = libc::iovec {
            iov_base: (&mut byte as *mut u8).cast(),
            iov_len: 1,
        };
        // SAFETY: one iovec over a live byte; `f` owns the descriptor.
        let n = unsafe { libc::preadv2(f.as_raw_fd(), &iov, 1, 0, libc::RWF_NOWAIT) };
        n == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        let _ = f;
        false
    }
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

pub(super) fn not_a_file(what: String) -> std::io::Error {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Which of `n` files (every one with bytes, `cached` says whether
    /// each is in the page cache) a prefetcher probes, and which it asks
    /// for without a probe.
    fn asked(n: usize, cached: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
        let mut ahead = Prefetcher::default();
        let (mut probed, mut fetched) = (Vec::new(), Vec::new());
        for i in 0..n {
            let c = Candidate {
                rel: i.to_string(),
                path: PathBuf::from(format!("/nonexistent/ogi/{i}")),
                size: 1 + (i % 3) as u64,
                depth: 1,
            };
            ahead.ask_with(
                &c,
                &mut |c| {
                    let i: usize = c.rel.parse().unwrap();
                    probed.push(i);
                    Some(cached(i))
                },
                &mut |c| fetched.push(c.rel.parse().unwrap()),
            );
        }
        (probed, fetched)
    }

    #[test]
    fn a_run_is_asked_for_only_when_a_probed_file_was_not_cached() {
        let runs = |k: usize| (k * RUN..k * RUN + PROBED).collect::<Vec<_>>();
        // Warm: four files probed a run, none asked for.
        let (probed, prefetched) = asked(2 * RUN, |_| true);
        assert_eq!(probed, [runs(0), runs(1)].concat());
        assert!(prefetched.is_empty());
        // The second run's third file not cached: that run's rest is
        // asked for, the first run's is not.
        let (_, prefetched) = asked(2 * RUN, |i| i != RUN + 2);
        assert_eq!(prefetched, (RUN + PROBED..2 * RUN).collect::<Vec<_>>());
        // Each run decides for itself: a cold first run, a warm second.
        let (_, prefetched) = asked(2 * RUN, |i| i != 0);
        assert_eq!(prefetched, (PROBED..RUN).collect::<Vec<_>>());
        // An empty file is never opened, and counts in no run.
        let mut ahead = Prefetcher::default();
        let empty = Candidate {
            rel: "empty".into(),
            path: PathBuf::from("/nonexistent/ogi/empty"),
            size: 0,
            depth: 1,
        };
        ahead.ask_with(
            &empty,
            &mut |_| panic!("an empty file was probed"),
            &mut |_| panic!("an empty file was asked for"),
        );
        assert_eq!(ahead.seen, 0);
    }

    /// A file just written is in the page cache, and the probe says so.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn a_file_just_written_is_cached() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "年度报告").unwrap();
        let c = Candidate {
            rel: "a.txt".into(),
            path,
            size: 12,
            depth: 1,
        };
        assert_eq!(probe(&c), Some(true));
        let gone = Candidate {
            path: dir.path().join("gone.txt"),
            ..c
        };
        assert_eq!(probe(&gone), None);
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
