//! How the process holds memory (`roadmap::memory::at_start`): freed memory goes back to the
//! system after 10 ms, and the kernel gives the process no transparent huge pages, for the
//! whole run (a build does not change either, so a `serve` session keeps them).
//! A test binary of its own: the settings are global to the process, and other tests' builds
//! on other threads must not run under them unasked.

use std::path::Path;

/// One of mimalloc's options (see `roadmap::memory`): 15 `purge_delay` (ms), 43 `allow_thp`.
fn option(number: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
    // SAFETY: a plain getter of a global option.
    unsafe { libmimalloc_sys::mi_option_get(number) }
}

/// Whether the kernel gives this process transparent huge pages (`PR_GET_THP_DISABLE`).
fn huge_pages_enabled() -> bool {
    // SAFETY: prctl with an integer option; it reads and writes no memory of ours.
    unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) == 0 }
}

#[test]
fn freed_memory_waits_10_ms_and_no_huge_pages_for_the_whole_run() {
    roadmap::memory::at_start();
    assert_eq!(option(15), 10);
    assert_eq!(option(43), 0);
    assert!(!huge_pages_enabled(), "PR_SET_THP_DISABLE was not set");

    // A build with search (the fixture's default) leaves both as they were.
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
    assert_eq!(option(15), 10);
    assert!(!huge_pages_enabled());
    a_program_started_through_the_switch_gets_huge_pages_and_others_do_not();
}

/// The `THP_enabled` line of a process started now (`/proc/self/status` as the child reads
/// it): `Some(true)` when the kernel would give it huge pages; None on a kernel that does not
/// report it.
fn child_huge_pages() -> Option<bool> {
    let out = std::process::Command::new("cat")
        .arg("/proc/self/status")
        .output()
        .expect("cat runs");
    let status = String::from_utf8_lossy(&out.stdout).to_string();
    let line = status.lines().find(|l| l.starts_with("THP_enabled:"))?;
    Some(line.split_whitespace().nth(1) == Some("1"))
}

/// A program started through `start_other_program` (the browser of `serve --open`) gets huge
/// pages; one started otherwise inherits the switch. Called by the test above, after its
/// build: the switch is global to the process, and two tests would run at once.
fn a_program_started_through_the_switch_gets_huge_pages_and_others_do_not() {
    let Some(plain) = child_huge_pages() else {
        eprintln!("this kernel does not report THP_enabled: nothing to compare");
        return;
    };
    assert!(!plain, "a child inherits the switch");
    let started = roadmap::memory::start_other_program(child_huge_pages);
    assert_eq!(
        started,
        Some(true),
        "the browser would run without huge pages"
    );
    assert!(
        !huge_pages_enabled(),
        "the switch is off again after the start"
    );
    assert_eq!(child_huge_pages(), Some(false));
}
