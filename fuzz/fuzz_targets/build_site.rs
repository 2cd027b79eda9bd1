//! The whole build of a one-file site, through the files on disk: roadmap.yaml and one Markdown
//! file are written to a temporary folder, then loaded and rendered in memory.
//!
//! Input: `<roadmap.yaml>\0<file>` sets both; without a NUL byte the input is the file and the
//! configuration is fixed. The file is a project when it names a `field:`, else a page.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadmap::site::{self, BuildOptions};

const CONFIG: &str = "title: T\nlanguage: de\ntimeline: {start: 2021-Q1, end: 2025-Q4}\n\
fields: [{key: a, title: A}]\nlegal: {Impressum: https://example.org/impressum}\n";

fn dir() -> &'static tempfile::TempDir {
    static D: OnceLock<tempfile::TempDir> = OnceLock::new();
    D.get_or_init(|| tempfile::tempdir().expect("tempdir"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (config, file) = text.split_once('\0').unwrap_or((CONFIG, text));
    let root = dir().path();
    let _ = std::fs::remove_dir_all(root.join("content"));
    let rel = if file.contains("field:") {
        "content/projects/p.md"
    } else {
        "content/seite.md"
    };
    std::fs::create_dir_all(root.join(rel).parent().unwrap()).unwrap();
    std::fs::write(root.join("roadmap.yaml"), config).unwrap();
    std::fs::write(root.join(rel), file).unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    if let Ok(roadmap) = site::load(&opts) {
        let _ = site::render(&roadmap);
    }
});
