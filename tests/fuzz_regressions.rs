//! Inputs found by fuzzing (fuzz/, see README "Development") and by stress inputs built on the
//! fuzz targets, kept so that what was fixed stays fixed. Each goes through the same path as its
//! fuzz target: the frontmatter loader, the config loader, or the build of a one-file site.

use std::path::Path;
use std::time::{Duration, Instant};

use roadmap::site::{self, BuildOptions};

const CONFIG: &str = "title: T\nlanguage: de\ntimeline: {start: 2021-Q1, end: 2025-Q4}\n\
fields: [{key: a, title: A}]\nlegal: {Impressum: https://example.org/impressum}\n";

/// The `build_site` fuzz target: a one-file site, loaded and rendered. Returns the result as text.
fn build_one_file_site(file: &str) -> Result<usize, String> {
    let dir = tempfile::tempdir().unwrap();
    let rel = if file.contains("field:") {
        "content/projects/p.md"
    } else {
        "content/seite.md"
    };
    std::fs::create_dir_all(dir.path().join(rel).parent().unwrap()).unwrap();
    std::fs::write(dir.path().join("roadmap.yaml"), CONFIG).unwrap();
    std::fs::write(dir.path().join(rel), file).unwrap();
    let roadmap = site::load(&BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    site::render(&roadmap)
        .map(|(files, _)| files.len())
        .map_err(|e| e.to_string())
}

/// The shortest of three builds of `file`.
fn build_time(file: &str) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            build_one_file_site(file).unwrap();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Builds the input `make(n / 8)` and `make(n)` and fails when eight times the input took more
/// than twenty-four times as long: a linear algorithm takes about eight times, a quadratic one
/// sixty-four. The limit sits near the geometric middle, so that a busy machine (tests run in
/// parallel, a debug build) does not make a linear build look quadratic; a 9.1 was once measured
/// with four times the input and a limit of 8. (The quadratic faults found took 5 to 20 s at full
/// size; a ratio, unlike a time limit, holds on a busy or slow machine.)
fn grows_linearly(make: impl Fn(usize) -> String, n: usize) {
    let small = build_time(&make(n / 8));
    let large = build_time(&make(n));
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-3);
    assert!(
        ratio < 24.0 || large < Duration::from_millis(300),
        "{n} took {large:?}, {} took {small:?}: {ratio:.1} times",
        n / 8
    );
}

#[test]
fn many_equal_headings_are_not_quadratic() {
    // Every heading `a` after the first looked for a free id from `a-1` upwards: O(n²).
    grows_linearly(
        |n| format!("---\ntitle: S\n---\n{}", "## a\n\n".repeat(n)),
        20_000,
    );
}

#[test]
fn many_gender_stars_and_code_spans_are_not_quadratic() {
    // Every `*` between letters was looked up in every code span of the text: O(stars × spans).
    grows_linearly(
        |n| {
            let body = format!("{} {}", "`c` ".repeat(n), "Bürger*innen ".repeat(n));
            format!("---\ntitle: S\n---\n{body}\n")
        },
        100_000,
    );
}

#[test]
fn equal_headings_keep_their_ids() {
    let html = {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("roadmap.yaml"), CONFIG).unwrap();
        std::fs::write(
            dir.path().join("content/seite.md"),
            "---\ntitle: S\n---\n## a\n\n## a-1 {#a-1}\n\n## a\n\n## a\n",
        )
        .unwrap();
        let roadmap = site::load(&BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        })
        .unwrap();
        let (files, _) = site::render(&roadmap).unwrap();
        String::from_utf8(
            files
                .into_iter()
                .find(|f| f.path == "seite/index.html")
                .unwrap()
                .bytes,
        )
        .unwrap()
    };
    // The explicit `a-1` takes its id first, so the later equal headings skip it.
    let ids: Vec<&str> = html
        .match_indices("<h2 id=\"")
        .map(|(i, _)| &html[i + 8..i + 8 + html[i + 8..].find('"').unwrap()])
        .collect();
    assert_eq!(ids, ["toc-heading", "a", "a-1", "a-2", "a-3"], "{html}");
}

#[test]
fn config_and_frontmatter_loaders_survive_odd_yaml() {
    // Shapes the fuzzers like: anchors, aliases, tags, flow maps, nulls, a lone `---`.
    for src in [
        "",
        "---",
        "title: &a T\nsubtitle: *a\n",
        "title: !!binary aGk=\n",
        "{title: [}",
        "title: ~\ntimeline: ~\nfields: ~\n",
    ] {
        let _ = roadmap::config::parse(Path::new("."), Path::new("roadmap.yaml"), src);
        let _ = build_one_file_site(&format!("---\n{src}\n---\nx\n"));
    }
}

#[test]
fn many_raw_html_tags_and_unclosed_raw_text_elements_are_not_quadratic() {
    // Each raw-text tag that never closes is shown as text; finding out must not rescan the
    // rest of the body per tag. Every id of raw HTML goes through the page's id allocator.
    grows_linearly(
        |n| {
            format!(
                "---\ntitle: S\n---\n{}\n\n<div>\n{}</div>\n\n{}\n",
                "Ein <textarea> und <span id=\"x\">x</span> ".repeat(n),
                "<title>\n".repeat(n),
                "[a](#x) ".repeat(n)
            )
        },
        10_000,
    );
}
