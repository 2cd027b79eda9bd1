//! The editing commands: init, new and serve, run as a user runs them.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
    assert_eq!(bad.status.code(), Some(1));
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

fn get(port: u16, path: &str) -> Option<String> {
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").ok()?;
    let mut buf = String::new();
    s.read_to_string(&mut buf).ok()?;
    Some(buf)
}

#[test]
fn serve_answers_and_rebuilds_on_change() {
    let site = common::Site::german();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args([
            "serve",
            "--root",
            site.root().to_str().unwrap(),
            "--port",
            &port.to_string(),
        ])
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let started = Instant::now();
    let mut home = None;
    while started.elapsed() < Duration::from_secs(20) {
        if let Some(r) = get(port, "/") {
            home = Some(r);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let result = std::panic::catch_unwind(|| {
        let home = home.expect("server answers");
        assert!(home.starts_with("HTTP/1.1 200"));
        assert!(home.contains("Roadmap Teststadt") && home.contains("/__roadmap/status"));
        assert!(get(port, "/keine/seite/")
            .unwrap()
            .starts_with("HTTP/1.1 404"));
        assert!(get(port, "/../../etc/passwd")
            .unwrap()
            .starts_with("HTTP/1.1 404"));
        site.write(
            "content/ausblick.md",
            "---\ntitle: Ausblick neu\n---\nNeu.\n",
        );
        let t = Instant::now();
        loop {
            let page = get(port, "/ausblick/").unwrap_or_default();
            if page.contains("Ausblick neu") {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(15),
                "no rebuild after a change"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let _ = child.kill();
    let mut log = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut log);
    }
    let _ = child.wait();
    if let Err(e) = result {
        eprintln!("serve printed:\n{log}");
        std::panic::resume_unwind(e);
    }
}
