//! `serve` renders again only the project pages an edit touches (`render::Reuse`): after each
//! of a series of edits the served folder must hold exactly what a full `roadmap build` of the
//! same site gives (the search index aside, which `serve` makes after the reload), and
//! unchanged project pages must have been kept rather than rendered.

mod common;

use std::path::Path;

use common::{snapshot, Site};
use roadmap::serve::rebuild::Builder;

const ORIGIN: &str = "http://127.0.0.1:9";

/// The served files against a full build with the same base URL, the search index (and the
/// build's marker file) left out.
fn assert_same_as_a_full_build(site: &Site, builder: &Builder, step: &str) {
    let base = builder.base_path();
    let served = base
        .split('/')
        .filter(|s| !s.is_empty())
        .fold(builder.served().to_path_buf(), |d, s| d.join(s));
    let full = tempfile::tempdir().expect("tempdir");
    let run = common::run_on(
        "build",
        site.root(),
        &[
            "--base-url",
            &format!("{ORIGIN}{base}"),
            "--output",
            full.path().to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(
        run.code, 0,
        "{step}: the full build failed:\n{}",
        run.stderr
    );
    let index = |p: &Path| p.starts_with("pagefind") || p.starts_with(".roadmap-output");
    let strip = |dir: &Path| {
        snapshot(dir)
            .into_iter()
            .filter(|(p, _)| !index(p))
            .collect::<Vec<_>>()
    };
    let (want, got) = (strip(full.path()), strip(&served));
    let paths = |v: &Vec<(std::path::PathBuf, Vec<u8>)>| {
        v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>()
    };
    assert_eq!(paths(&got), paths(&want), "{step}: other files");
    for ((p, a), (_, b)) in got.iter().zip(&want) {
        assert!(
            a == b,
            "{step}: {} differs from the full build:\n{}",
            p.display(),
            String::from_utf8_lossy(a)
        );
    }
}

/// `serve`'s builder for `site`, serving into `served` at [`ORIGIN`].
fn builder_for(site: &Site, served: &Path) -> Builder {
    Builder::new(
        site.root().to_path_buf(),
        false,
        ORIGIN.into(),
        served.to_path_buf(),
    )
}

fn edit(site: &Site, rel: &str, from: &str, to: &str) {
    let path = site.root().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} lacks {from:?}");
    site.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn each_edit_gives_what_a_full_build_gives_and_unchanged_project_pages_are_kept() {
    let site = Site::fixture("portfolio");
    // A prose page in the navigation of every page.
    site.write(
        "content/hintergrund.md",
        "---\ntitle: Hintergrund\n---\nWarum es die Roadmap gibt.\n",
    );
    edit(
        &site,
        "roadmap.yaml",
        "outline: [",
        "outline: [hintergrund, ",
    );
    let served = tempfile::tempdir().expect("tempdir");
    let mut builder = builder_for(&site, served.path());
    let first = builder.rebuild().expect("first build");
    assert_eq!(first.reused, 0);
    // Each edit: a file, what to change, and how many of the 7 project pages stay as they were
    // at least.
    let p = "content/projekte/";
    let steps: &[(&str, &str, &str, usize)] = &[
        // A status: only the project's own page.
        ("parken.md", "progress: ", "progress: 1", 6),
        // A title: the page and its neighbours in the field (their "previous"/"next").
        (
            "e-akte.md",
            "title: Elektronische Akte",
            "title: Elektronische Akte 2.0",
            3,
        ),
        // A programme: the project and the programme's other members.
        ("laternen.md", "lead:", "programme: Licht\nlead:", 4),
        ("klimadaten.md", "lead:", "programme: Licht\nlead:", 3),
        // A lead: department links.
        ("bauantrag.md", "lead: [\"63\"]", "lead: [\"10\"]", 3),
        // The text of a body.
        (
            "e-akte.md",
            "Die E-Akte ersetzt",
            "Die neue E-Akte ersetzt",
            5,
        ),
    ];
    for (file, from, to, kept) in steps {
        edit(&site, &format!("{p}{file}"), from, to);
        let built = builder.rebuild().expect("rebuild");
        let step = format!("{file}: {from:?} -> {to:?}");
        assert!(built.reused >= *kept, "{step}: only {} kept", built.reused);
        assert!(built.reused < 7, "{step}: nothing rendered again");
        assert_same_as_a_full_build(&site, &builder, &step);
    }
    // The title of a page in the navigation: every page shows it.
    edit(
        &site,
        "content/hintergrund.md",
        "title: Hintergrund",
        "title: Zum Hintergrund",
    );
    let built = builder.rebuild().expect("a page's new title");
    assert_eq!(built.reused, 0, "pages kept with the old navigation");
    assert_same_as_a_full_build(&site, &builder, "a page's title");
    // The configuration: every page again.
    edit(&site, "roadmap.yaml", "as_of: 2025-06", "as_of: 2025-09");
    let built = builder.rebuild().expect("a new date of the status");
    assert_eq!(built.reused, 0, "a new configuration kept pages");
    assert_same_as_a_full_build(&site, &builder, "roadmap.yaml");
    // A new project and its removal.
    let text = std::fs::read_to_string(site.root().join(format!("{p}parken.md"))).expect("read");
    site.write(
        &format!("{p}neu.md"),
        &text.replacen("title: ", "title: Neu ", 1),
    );
    builder.rebuild().expect("a project added");
    assert_same_as_a_full_build(&site, &builder, "a project added");
    site.remove(&format!("{p}neu.md"));
    builder.rebuild().expect("a project removed");
    assert_same_as_a_full_build(&site, &builder, "a project removed");
    let base = builder.base_path().trim_matches('/').to_string();
    let gone = builder.served().join(base).join("projekte/neu");
    assert!(!gone.exists(), "{} is left behind", gone.display());
}

#[test]
fn an_index_stopped_for_a_rebuild_that_fails_is_made_again_for_the_pages_served() {
    let site = Site::fixture("portfolio");
    let served = tempfile::tempdir().expect("tempdir");
    let mut builder = builder_for(&site, served.path());
    builder.rebuild().expect("first build");
    builder.start_index();
    site.write("content/projekte/parken.md", "---\ntitle: [kaputt\n---\n");
    assert!(builder.rebuild().is_err(), "the broken file built");
    // The rebuild stopped the index (or found it made); either way one is written.
    let written = (0..3).find_map(|_| builder.finish_index(true));
    written.expect("an index").expect("written");
    let base = builder.base_path().trim_matches('/').to_string();
    let entry = builder
        .served()
        .join(base)
        .join("pagefind/pagefind-entry.json");
    assert!(entry.is_file(), "{} is missing", entry.display());
}
