//! The editing commands init and new, run as a user runs them (serve: tests/serve.rs).

mod common;

use std::process::Command;

fn roadmap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .output()
        .expect("run roadmap")
}

#[test]
fn init_new_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let root_s = root.to_str().unwrap();
    assert!(roadmap(&["init", root_s]).status.success());
    let again = roadmap(&["init", root_s]);
    assert_eq!(again.status.code(), Some(2), "init never overwrites");
    let out = roadmap(&[
        "new",
        "--root",
        root_s,
        "project",
        "Digitale Schule",
        "--field",
        "smart-city",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = roadmap(&["new", "--root", root_s, "page", "Über die Roadmap"]);
    assert!(out.status.success());
    let bad = roadmap(&[
        "new",
        "--root",
        root_s,
        "project",
        "X",
        "--field",
        "smart-citi",
    ]);
    // A field that roadmap.yaml lacks is a fault of the command line.
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean `smart-city`?"));
    let build = roadmap(&["build", "--root", root_s]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let page =
        std::fs::read_to_string(root.join("public/projekte/digitale-schule/index.html")).unwrap();
    assert!(page.contains("Digitale Schule") && page.contains("Smart City"));
    assert!(root.join("public/ueber-die-roadmap/index.html").exists());
}

/// A command whose standard error or output is a closed pipe (`roadmap build 2>&1 | head -1`)
/// ends as it would have, with its own exit status: not with a panic (101).
#[test]
fn a_closed_pipe_is_no_panic() {
    let site = common::Site::german();
    let closed = || {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        writer
    };
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .args(args)
            .arg("--root")
            .arg(site.root())
            .stdout(closed())
            .stderr(closed())
            .status()
            .expect("run roadmap")
            .code()
    };
    assert_eq!(run(&["build"]), Some(0), "a good build");
    assert!(site.out().join("index.html").is_file());
    assert_eq!(run(&["check", "--format", "json"]), Some(0), "check");
    site.write("content/kaputt.md", "---\ntitle: [unclosed\n---\n");
    assert_eq!(run(&["build"]), Some(1), "a failed build");
}
