//! Save-to-reload times of `roadmap serve`: for the bundled roadmap and for a generated site of
//! 1,000 projects, the time from writing a project file to the reload event on the server's
//! event stream (what an open page waits for), and the build time the server reports. Not a
//! test: it prints the figures and asserts only that every reload came and served the edit.
//!
//! Run with `cargo bench --bench serve_reload` (the server is the release binary).

mod common;
#[path = "../tests/common/server.rs"]
mod server;

use std::path::Path;
use std::time::{Duration, Instant};

use server::Server;

const ROUNDS: usize = 15;
const PROJECTS: usize = 1000;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bundled = tempfile::tempdir().expect("tempdir");
    copy_site(repo, bundled.path());
    measure("bundled roadmap", bundled.path(), "e-akte.md");

    let big = tempfile::tempdir().expect("tempdir");
    copy_site(repo, big.path());
    let made = multiply_projects(&big.path().join("content/projekte"), PROJECTS);
    measure(&format!("{made} projects"), big.path(), "e-akte-40.md");
}

/// roadmap.yaml, content/ and themes/ of the repository (the bundled roadmap).
fn copy_site(repo: &Path, to: &Path) {
    std::fs::copy(repo.join("roadmap.yaml"), to.join("roadmap.yaml")).expect("copy");
    for dir in ["content", "themes"] {
        for e in walkdir::WalkDir::new(repo.join(dir)) {
            let e = e.expect("walk");
            let target = to.join(e.path().strip_prefix(repo).expect("prefix"));
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                std::fs::copy(e.path(), &target).expect("copy");
            }
        }
    }
}

/// Adds numbered copies of the bundled projects (`e-akte-2.md`, …) until there are `total`.
fn multiply_projects(dir: &Path, total: usize) -> usize {
    let originals: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("projects")
        .filter_map(Result::ok)
        .map(|e| {
            let name = e
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string();
            (name, std::fs::read_to_string(e.path()).expect("read"))
        })
        .collect();
    let mut count = originals.len();
    let mut copy = 2;
    while count < total {
        for (name, text) in &originals {
            if count == total {
                break;
            }
            let text: String = text
                .lines()
                .map(|l| match l.strip_prefix("title: ") {
                    Some(t) => format!("title: {t} {copy}\n"),
                    None if l.starts_with("number: ") => format!("number: {}\n", 100 + count),
                    None => format!("{l}\n"),
                })
                .collect();
            std::fs::write(dir.join(format!("{name}-{copy}.md")), text).expect("write");
            count += 1;
        }
        copy += 1;
    }
    count
}

/// Starts the server on `root`, edits `project` ROUNDS times and prints the times.
fn measure(what: &str, root: &Path, project: &str) {
    let server = Server::start(root, &[]);
    let events = server.events();
    let mut generation = events
        .next_good(0, Duration::from_secs(120))
        .expect("first build");
    let file = root.join("content/projekte").join(project);
    let slug = project.trim_end_matches(".md");
    let original = std::fs::read_to_string(&file).expect("read project");
    let title_line = original
        .lines()
        .find(|l| l.starts_with("title: "))
        .expect("title")
        .to_string();
    let (mut reload, mut build) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        std::thread::sleep(Duration::from_millis(300));
        let title = format!("Messlauf {round} der Neuladezeit");
        let text = original.replace(&title_line, &format!("title: {title}"));
        let saved = Instant::now();
        std::fs::write(&file, text).expect("write");
        let event = events
            .wait_for(Duration::from_secs(30), |v| {
                v["ok"] == true && v["generation"].as_u64() > Some(generation)
            })
            .unwrap_or_else(|| panic!("no reload event:\n{}", server.log()));
        reload.push(saved.elapsed());
        generation = event["generation"].as_u64().unwrap_or(generation);
        build.push(Duration::from_millis(
            event["build_ms"].as_u64().unwrap_or(0),
        ));
        let page = server.get(&format!("/projekte/{slug}/"));
        assert!(page.body.contains(&title), "the edit is not served");
    }
    println!("{what}: {ROUNDS} edits of content/projekte/{project}");
    common::report("save to reload event", &mut reload);
    common::report("  of which the build", &mut build);
}
