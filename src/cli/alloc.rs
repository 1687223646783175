//! The allocator: mimalloc, tuned as the program loads.

// The workers allocate and free many small strings per document from
// several threads at once; mimalloc does that markedly faster than the
// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc (v3) option numbers, from the `mi_option_e` enum of its
/// `mimalloc.h`; the -sys crate names them only for v2.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Give freed memory back to the system at once, and commit arena memory
/// only as it is used. With mimalloc's defaults (purge after a delay, the
/// first arena committed eagerly) a build held about 200 MB where its live
/// heap was about 50 MB; with these, about 120 MB. The arena setting counts
/// only before the first allocation, which the Rust runtime makes before
/// `main`: hence a constructor, run as the program loads. A
/// `MIMALLOC_PURGE_DELAY` or `MIMALLOC_ARENA_EAGER_COMMIT` in the
/// environment still wins.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
extern "C" fn tune_allocator() {
    for (option, env, value) in [
        (MI_OPTION_PURGE_DELAY, "MIMALLOC_PURGE_DELAY\0", 0),
        (
            MI_OPTION_ARENA_EAGER_COMMIT,
            "MIMALLOC_ARENA_EAGER_COMMIT\0",
            0,
        ),
    ] {
        // getenv, not std::env: nothing may allocate yet.
        // SAFETY: a NUL-terminated name; runs as the program loads, before
        // any thread but the main one exists (mi_option_set is not thread
        // safe).
        let set = unsafe { !libc::getenv(env.as_ptr().cast()).is_null() };
        if !set {
            unsafe { libmimalloc_sys::mi_option_set(option, value) };
        }
    }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;
