//! When freed memory goes back to the system. The binary's allocator is mimalloc (see
//! `main.rs`); by default it keeps freed pages for 10 ms before it returns them ("purge
//! delay"), which saves the kernel zeroing them again when they are taken anew, but holds
//! more memory at the build's peak. The build sets the delay by phase: none while the model,
//! the cards and the listings are held (the peak: 240 MB at 10,000 projects), 10 ms while the
//! project pages and the search index are made, which make and free a page's worth of memory
//! each and stay below that peak. Measured in BENCHMARKS.md ("When freed memory goes back").
//!
//! Where mimalloc is not the allocator (the tests, the benches' own processes), the calls set
//! options nobody reads.

use std::sync::Mutex;

/// mimalloc's options `arena_eager_commit` and `purge_delay`, by their numbers in
/// `enum mi_option_e` of mimalloc 3's `include/mimalloc.h` as vendored by libmimalloc-sys
/// 0.1.49 (pinned in Cargo.toml, so that an update cannot move them silently).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The purge delay while pages are made and freed one after another, in milliseconds
/// (mimalloc's default).
const DELAY_MS: std::ffi::c_long = 10;

/// How many [`GiveBackLater`] guards are alive (the index of one save may still be made
/// while `serve` renders the next).
static HOLDERS: Mutex<usize> = Mutex::new(0);

/// Sets the allocator's options for a run: memory committed as it is used, and freed memory
/// given back at once (with mimalloc's defaults, commit whole arenas and purge after 10 ms,
/// every thread's heap kept about 50 MB more resident at the build's peak). Called by `main`
/// before any other thread runs.
pub fn at_start() {
    // SAFETY: plain setters of mimalloc's global options; no other thread runs yet.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

/// While alive, freed memory waits [`DELAY_MS`] before it goes back to the system; when the
/// last guard is dropped, it goes back at once again.
#[must_use = "the delay ends when the guard is dropped"]
pub struct GiveBackLater(());

/// Starts a phase that makes and frees memory in rounds below the build's peak (see the
/// module's documentation).
pub fn give_back_later() -> GiveBackLater {
    let mut holders = HOLDERS.lock().unwrap_or_else(|p| p.into_inner());
    if *holders == 0 {
        set_delay(DELAY_MS);
    }
    *holders += 1;
    GiveBackLater(())
}

impl Drop for GiveBackLater {
    fn drop(&mut self) {
        let mut holders = HOLDERS.lock().unwrap_or_else(|p| p.into_inner());
        *holders = holders.saturating_sub(1);
        if *holders == 0 {
            set_delay(0);
        }
    }
}

fn set_delay(ms: std::ffi::c_long) {
    // SAFETY: mimalloc's option setter stores one aligned word, which the allocator reads
    // when it decides to purge; a thread reading it meanwhile sees the old or the new delay,
    // both valid. The stores themselves are serialized by `HOLDERS`.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) }
}
