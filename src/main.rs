use clap::Parser;

/// The allocator: mimalloc. A build makes and frees many small strings and maps on several
/// threads at once (page data, Tera values, the search index's words); the system allocator
/// spent about a sixth of a build's processor time in `malloc`/`free` (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's options `arena_eager_commit` and `purge_delay`, by their numbers in
/// `enum mi_option_e` of mimalloc 3's `include/mimalloc.h` as vendored by libmimalloc-sys
/// 0.1.49 (pinned in Cargo.toml, so that an update cannot move them silently).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() {
    // Commit memory as it is used and give freed memory back at once: with the defaults
    // (commit whole arenas on Linux, purge after 10 ms) every thread's heap kept about 50 MB
    // more resident, for no measurable speed.
    // SAFETY: plain setters of mimalloc's global options, called before any other thread runs.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
    let cli = roadmap::cli::Cli::parse();
    std::process::exit(roadmap::cli::run(cli));
}
