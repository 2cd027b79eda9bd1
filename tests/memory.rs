//! When the build lets freed memory wait before it goes back to the system
//! (`roadmap::memory`): only while the project pages and the search index are made, and never
//! after the build, whose next run (a `serve` save) starts with the model's load again.
//! A test binary of its own: the option is global to the process, and other tests' builds on
//! other threads would change it under these assertions.

use std::path::Path;

/// mimalloc's `purge_delay` option (see `roadmap::memory`), in milliseconds.
fn purge_delay() -> std::ffi::c_long {
    // SAFETY: a plain getter of a global option.
    unsafe { libmimalloc_sys::mi_option_get(15) }
}

#[test]
fn freed_memory_waits_only_while_a_guard_lives() {
    roadmap::memory::at_start();
    assert_eq!(purge_delay(), 0);
    let first = roadmap::memory::give_back_later();
    assert_eq!(purge_delay(), 10);
    let second = roadmap::memory::give_back_later();
    drop(first);
    assert_eq!(purge_delay(), 10, "the second guard still lives");
    drop(second);
    assert_eq!(purge_delay(), 0);

    // A build with search (the fixture's default) goes through both phases and ends at 0.
    let out = tempfile::tempdir().expect("temporary folder");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portfolio");
    let report = roadmap::site::build(&roadmap::site::BuildOptions {
        root: fixture,
        output: Some(out.path().join("public")),
        drafts: false,
        base_url: None,
    })
    .expect("the fixture builds");
    assert!(report.projects > 0);
    assert!(out
        .path()
        .join("public/pagefind/pagefind-entry.json")
        .is_file());
    assert_eq!(purge_delay(), 0);
}
