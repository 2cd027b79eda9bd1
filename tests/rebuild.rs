//! A rebuild writes only what changed: a file the new build makes byte for byte as the previous
//! build did keeps its date (a deploy by `rsync` and a browser's cache see only what changed),
//! and a failed rebuild leaves every file and every date as it was.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{snapshot, Site};

/// A date long before any build.
fn long_ago() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1 << 30)
}

/// Every file of the output (relative path), set to [`long_ago`].
fn date_every_file(out: &Path) -> Vec<PathBuf> {
    let files: Vec<PathBuf> = snapshot(out).into_iter().map(|(p, _)| p).collect();
    for rel in &files {
        let file = std::fs::File::options()
            .write(true)
            .open(out.join(rel))
            .expect("an output file");
        file.set_modified(long_ago()).expect("set the date");
    }
    files
}

fn kept_date(out: &Path, rel: &str) -> bool {
    let meta = std::fs::metadata(out.join(rel)).expect("an output file");
    meta.modified().expect("a date") == long_ago()
}

#[test]
fn only_what_changed_gets_a_new_date() {
    let s = Site::german();
    s.build_ok();
    let out = s.out();
    let files = date_every_file(&out);
    assert!(files.len() > 30, "{files:?}");

    // Nothing changed: every file is the previous one.
    s.build_ok();
    let renewed: Vec<_> = files
        .iter()
        .filter(|f| !kept_date(&out, &f.to_string_lossy()))
        .collect();
    assert!(renewed.is_empty(), "written again: {renewed:?}");

    // One project's text changed: its page is new, another project's page is not.
    let project = std::fs::read_to_string(s.root().join("content/projekte/glasfaser.md"))
        .expect("the project's source");
    s.write(
        "content/projekte/glasfaser.md",
        &project.replace("Schnelles Netz.", "Schnelles Netz für alle."),
    );
    s.build_ok();
    assert!(s
        .read("projekte/glasfaser/index.html")
        .contains("Schnelles Netz für alle."));
    assert!(!kept_date(&out, "projekte/glasfaser/index.html"));
    assert!(kept_date(&out, "projekte/e-akte/index.html"));
    assert!(kept_date(&out, "projekte/e-akte/zeithorizont.svg"));
    assert!(kept_date(&out, "static/style.css"));

    // A failed rebuild: every byte and every date as it was.
    date_every_file(&out);
    let before = snapshot(&out);
    s.write(
        "content/projekte/glasfaser.md",
        &project.replace("field: infrastruktur", "field: nirgendwo"),
    );
    s.build_fails(&["glasfaser.md", "nirgendwo"]);
    assert_eq!(snapshot(&out), before);
    for (rel, _) in &before {
        assert!(kept_date(&out, &rel.to_string_lossy()), "{rel:?}");
    }
}
