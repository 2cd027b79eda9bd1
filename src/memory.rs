//! How the process holds memory. The binary's allocator is mimalloc (see `main.rs`); `main`
//! calls [`at_start`] before any other thread runs, which sets, for the whole run:
//!
//! - **no transparent huge pages** (Linux): mimalloc asks the kernel for 2 MiB pages where
//!   it can, and a huge page counts whole in the resident memory as soon as one byte of it is
//!   touched. A build makes and frees many small texts on several threads, so its heaps are
//!   sparse: at 10,000 projects huge pages added about 15 MB to the peak and made the kernel
//!   zero and split them (measured in BENCHMARKS.md, "Huge pages off").
//! - **freed memory given back after 10 ms** (mimalloc's "purge delay"): giving each freed
//!   page back at once made the kernel zero it again when it was taken anew and interrupt the
//!   other core to flush its address cache, about a sixth of a 10k build's time; never giving
//!   it back held about 25 MB more at the peak. 10 ms keeps the peak below the build's target.
//! - memory committed as it is used (mimalloc 3 commits whole arenas at once by default).
//!
//! Where mimalloc is not the allocator (the tests, the benches' own processes), the calls set
//! options nobody reads; the huge-page switch then applies to the system allocator alike.

/// mimalloc's options by their numbers in `enum mi_option_e` of mimalloc 3's
/// `include/mimalloc.h` as vendored by libmimalloc-sys 0.1.49 (pinned in Cargo.toml, so that
/// an update cannot move them silently).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// How long freed memory waits before it goes back to the system, in milliseconds (mimalloc
/// 2's default; mimalloc 3's is 1000).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Sets how the process holds memory (see the module's documentation). Called by `main`
/// before any other thread runs.
pub fn at_start() {
    // SAFETY: plain setters of mimalloc's global options; no other thread runs yet.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS);
        // mimalloc reads this one when it starts, before `main`: it stops asking for huge
        // pages for what it maps from now on; the kernel's switch below covers the rest.
        libmimalloc_sys::mi_option_set(ALLOW_THP, 0);
    }
    no_huge_pages();
}

/// Runs `start`, which starts another program (`serve` opening the browser), with huge pages
/// allowed again: a process inherits the switch of [`at_start`] from the one that started it,
/// and a browser is not ours to slow down. Other threads of the process (a rebuild of
/// `serve`) may get huge pages for that moment.
pub fn start_other_program<T>(start: impl FnOnce() -> T) -> T {
    set_huge_pages(true);
    let started = start();
    set_huge_pages(false);
    started
}

/// Turns transparent huge pages off for this process.
fn no_huge_pages() {
    set_huge_pages(false);
}

/// Allows transparent huge pages for this process and those it starts from now on, or not:
/// the kernel's `PR_SET_THP_DISABLE`, which applies to memory already mapped too. A kernel
/// without it leaves things as they were.
#[cfg(target_os = "linux")]
fn set_huge_pages(allowed: bool) {
    let disable = libc::c_ulong::from(!allowed);
    // SAFETY: prctl with an integer option and integer arguments; it reads no memory of ours.
    let _ = unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn set_huge_pages(_allowed: bool) {}
