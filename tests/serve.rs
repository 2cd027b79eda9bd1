//! `roadmap serve` run as a user runs it: the real binary on a free loopback port, fixture
//! sites in temporary folders, raw HTTP over TCP. Every wait is bounded.

mod common;

use std::time::{Duration, Instant};

use common::server::Server;
use common::Site;

/// Save to reload event, generously bounded: tests run in debug builds beside other tests.
/// The figures the issue asks for are measured in release by `cargo bench --bench serve_reload`.
const RELOAD_LIMIT: Duration = Duration::from_secs(2);
/// For events that need no rebuild to be fast (the first status, a broken build).
const WAIT: Duration = Duration::from_secs(20);

const SECRET: &str = "TOP-SECRET-7d1f";

/// Serves `site`, follows the event stream, and waits for the first good build's generation.
fn serve_and_follow(site: &Site) -> (Server, common::server::Events, u64) {
    let server = Server::start(site.root(), &[]);
    let events = server.events();
    let generation = events.next_good(0, WAIT).expect("status on connect");
    (server, events, generation)
}

#[test]
fn serves_pages_with_the_reload_script_and_builds_have_none() {
    let site = Site::german();
    site.write(
        "assets/Logo.SVG",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("assets/daten.CSV", "a,b\n");
    let server = Server::start(site.root(), &[]);
    assert!(server.url.starts_with("http://127.0.0.1:") && server.url.ends_with('/'));
    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.body.contains("Roadmap Teststadt"));
    assert!(home.body.contains(
        "<script src=\"/__roadmap/reload.js\" data-generation=\"1\" defer></script>\n</body>"
    ));
    let page = server.get("/projekte/e-akte/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/__roadmap/reload.js"));
    // Served at the local address, the site has a sitemap: no warning that it has none.
    assert_eq!(server.get("/sitemap.xml").status, 200);
    assert!(!server.log().contains("no sitemap"), "{}", server.log());
    let script = server.get("/__roadmap/reload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .body
        .contains("new EventSource(\"/__roadmap/events\")"));
    assert!(script.body.contains("role\", \"alert\""));

    assert_eq!(
        server.get("/assets/Logo.SVG").header("content-type"),
        Some("image/svg+xml")
    );
    assert_eq!(
        server.get("/assets/daten.CSV").header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let missing = server.get("/keine/seite/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Roadmap Teststadt") && missing.body.contains("reload.js"));

    site.build_ok();
    for (path, bytes) in common::snapshot(&site.out()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__roadmap"),
            "{} has the reload script",
            path.display()
        );
    }
}

#[test]
fn an_edit_reloads_open_pages_with_the_new_content() {
    let site = Site::german();
    let (server, events, first) = serve_and_follow(&site);
    for round in 1..=3 {
        let title = format!("Elektronische Akte, Fassung {round}");
        let text = std::fs::read_to_string(site.root().join("content/projekte/e-akte.md")).unwrap();
        let old = text
            .lines()
            .find(|l| l.starts_with("title: "))
            .unwrap()
            .to_string();
        let saved = Instant::now();
        site.write(
            "content/projekte/e-akte.md",
            &text.replace(&old, &format!("title: {title}")),
        );
        let generation = events.next_good(first, RELOAD_LIMIT);
        let took = saved.elapsed();
        eprintln!("save to reload event: {} ms", took.as_millis());
        assert!(
            generation.is_some(),
            "no reload event within {RELOAD_LIMIT:?}:\n{}",
            server.log()
        );
        let page = server.get("/projekte/e-akte/");
        assert!(page.body.contains(&title), "new title not served");
    }
}

/// Whether the server's terminal shows `text` within a few seconds (its output is read on a
/// thread of its own, after the event that followed it may have arrived).
fn logged(server: &Server, text: &str) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        if server.log().contains(text) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

#[test]
fn a_broken_file_shows_its_errors_and_the_last_good_build_stays() {
    let site = Site::german();
    let (server, events, generation) = serve_and_follow(&site);
    site.write(
        "content/projekte/glasfaser.md",
        "---\ntitle: Glasfaserausbau\nnumber: [1\nfield: infrastruktur\n---\nText.\n",
    );
    let failed = events
        .wait_for(WAIT, |v| v["ok"] == false)
        .expect("an error event");
    let errors = failed["errors"].as_str().unwrap();
    assert!(
        errors.contains("content/projekte/glasfaser.md:"),
        "{errors}"
    );
    assert!(errors.contains("invalid YAML"), "{errors}");
    assert!(errors.ends_with("1 error"), "{errors}");
    let status = server.get("/__roadmap/status");
    assert_eq!(status.header("content-type"), Some("application/json"));
    let status: serde_json::Value = serde_json::from_str(&status.body).unwrap();
    assert_eq!(status["errors"].as_str(), Some(errors));
    let page = server.get("/projekte/glasfaser/");
    assert_eq!(page.status, 200, "the last good build stays served");
    assert!(
        logged(&server, "The last good build stays served."),
        "{}",
        server.log()
    );
    assert!(page.body.contains("Schnelles Netz."));

    // Pages opened now get the errors at once.
    let late = server.events();
    let again = late.wait_for(WAIT, |_| true).expect("status on connect");
    assert_eq!(again["errors"].as_str(), Some(errors));

    site.write(
        "content/projekte/glasfaser.md",
        "---\ntitle: Glasfaserausbau\nnumber: 1\nfield: infrastruktur\ncategory: B\nlead: [Wirtschaftsförderung]\n---\nSchnelleres Netz.\n",
    );
    assert!(
        events.next_good(generation, WAIT).is_some(),
        "{}",
        server.log()
    );
    assert!(server
        .get("/projekte/glasfaser/")
        .body
        .contains("Schnelleres Netz."));
}

#[test]
fn a_site_that_does_not_build_yet_gets_an_error_page_until_it_does() {
    let site = Site::german();
    site.write("content/projekte/glasfaser.md", "---\ntitle: [\n---\n");
    let server = Server::start(site.root(), &[]);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("data-generation=\"0\""));
    let events = server.events();
    assert!(events.wait_for(WAIT, |v| v["ok"] == false).is_some());
    // The terminal does not speak of a last good build: there is none.
    assert!(
        logged(&server, "Nothing is served until the site builds"),
        "{}",
        server.log()
    );
    assert!(
        !server.log().contains("last good build"),
        "{}",
        server.log()
    );
    site.write("content/projekte/glasfaser.md", "---\ntitle: Glasfaserausbau\nnumber: 1\nfield: infrastruktur\ncategory: B\nlead: [WF]\n---\nNetz.\n");
    assert_eq!(events.next_good(0, WAIT), Some(1));
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn no_request_reads_outside_the_served_folder() {
    let site = Site::german();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), SECRET).unwrap();
    let server = Server::start(site.root(), &[]);
    // One level above the served folder, and links inside it that lead out.
    let served = server.scratch.join("site");
    std::fs::write(server.scratch.join("secret.txt"), SECRET).unwrap();
    #[cfg(unix)]
    {
        let secret = outside.path().join("secret.txt");
        let link = |from: &std::path::Path, to: &str| {
            std::os::unix::fs::symlink(from, served.join(to)).unwrap()
        };
        link(outside.path(), "leak");
        link(&secret, "leak.txt");
        link(&secret, "projekte/leak.html");
    }
    assert_eq!(server.get("/index.html").status, 200);
    let targets = traversal_targets(&outside.path().join("secret.txt"), &server.scratch);
    for target in &targets {
        let answer = server.raw(
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        let status = common::server::Response::parse(&answer).status;
        assert!(
            status == 400 || status == 404,
            "GET {target} answered {status}:\n{answer}"
        );
        assert!(
            !answer.contains(SECRET) && !answer.contains("root:x:0:0"),
            "GET {target} leaked:\n{answer}"
        );
    }
    // A raw NUL byte in the request line.
    let answer = server.raw(b"GET /\0/../secret.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
        "{answer}"
    );
}

/// Request targets that try to leave the served folder: `outside_abs` is a secret file elsewhere,
/// `scratch` the scratch folder (its `secret.txt` lies one level above the served folder).
fn traversal_targets(outside_abs: &std::path::Path, scratch: &std::path::Path) -> Vec<String> {
    let scratch_abs = scratch.join("secret.txt");
    vec![
        "/%2Fetc%2Fpasswd".to_string(),
        "/..%2f..%2f..%2fetc%2fpasswd".into(),
        "/../../etc/passwd".into(),
        "/../secret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/%2e%2e/secret.txt".into(),
        "/%2e%2e%2fsecret.txt".into(),
        "/%2E%2E/%2E%2E/etc/passwd".into(),
        "/%252e%252e/secret.txt".into(),
        "/%252e%252e%252fsecret.txt".into(),
        "/..\\secret.txt".into(),
        "/..\\..\\etc\\passwd".into(),
        "/..%5csecret.txt".into(),
        "/./../secret.txt".into(),
        "/projekte/../../secret.txt".into(),
        "/%00".into(),
        "/%00/../secret.txt".into(),
        "/index.html%00.txt".into(),
        "//etc/passwd".into(),
        "/etc/passwd".into(),
        outside_abs.display().to_string(),
        scratch_abs.display().to_string(),
        format!("/{}", outside_abs.display()),
        format!(
            "/%2F{}",
            outside_abs.display().to_string().trim_start_matches('/')
        ),
        "http://127.0.0.1/../secret.txt".into(),
        "file:///etc/passwd".into(),
        "/leak/secret.txt".into(),
        "/leak.txt".into(),
        "/projekte/leak.html".into(),
        "/leak/".into(),
    ]
}

#[test]
fn listens_on_loopback_only_by_default() {
    let site = Site::german();
    let server = Server::start(site.root(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    assert!(!server.log().contains("warning: listening on"));
    // Bound to 127.0.0.1 itself, not to every address: another loopback address is refused.
    #[cfg(target_os = "linux")]
    assert!(std::net::TcpStream::connect(("127.0.0.2", server.port)).is_err());
    // A page elsewhere cannot reach it through a DNS name that points here (DNS rebinding).
    let answer =
        server.raw(b"GET / HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    let answer = server.raw(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn pages_are_served_under_the_path_of_base_url() {
    let site = Site::german();
    let config = common::CONFIG.replace(
        "organisation:",
        "base_url: https://www.teststadt.example/digital/roadmap/\norganisation:",
    );
    site.write("roadmap.yaml", &config);
    let server = Server::start(site.root(), &[]);
    assert!(server.url.ends_with("/digital/roadmap/"), "{}", server.url);
    let root = server.get("/");
    assert_eq!(root.status, 307);
    assert_eq!(root.header("location"), Some("/digital/roadmap/"));
    let home = server.get("/digital/roadmap/");
    assert_eq!(home.status, 200);
    assert!(home
        .body
        .contains("href=\"/digital/roadmap/projekte/e-akte/\""));
    assert_eq!(server.get("/digital/roadmap/projekte/e-akte/").status, 200);
    let missing = server.get("/digital/roadmap/nichts/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Roadmap Teststadt"));
    // The base path without its slash leads to it; a path of two leading slashes is no page
    // (its folder redirect would be `//digital/…`, another host to a browser).
    let bare = server.get("/digital/roadmap");
    assert_eq!(bare.status, 307);
    assert_eq!(bare.header("location"), Some("/digital/roadmap/"));
    let doubled = server.get("//digital/roadmap/projekte/e-akte");
    assert_eq!(doubled.status, 404);
    assert!(doubled.header("location").is_none());
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_and_removes_the_scratch_folder() {
    let site = Site::german();
    let mut server = Server::start(site.root(), &[]);
    assert!(server.scratch.join("site/index.html").is_file());
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&server.scratch).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o700, "the scratch folder is private");
    // An open event stream must not hold the shutdown up.
    let events = server.events();
    assert!(events.next_good(0, WAIT).is_some());
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = server.wait_exit(Duration::from_secs(10));
    assert_eq!(status.and_then(|s| s.code()), Some(0), "{}", server.log());
    assert!(
        !server.scratch.exists(),
        "{} left behind",
        server.scratch.display()
    );
    assert!(server.log().contains("Stopped; removed"));
}

#[test]
fn refuses_to_start_without_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["serve", "--port", "0", "--root"])
        .arg(dir.path())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("serve kept running without a site");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(2), "{err}");
    assert!(
        err.contains("is not a roadmap site: it has no roadmap.yaml"),
        "{err}"
    );
    assert!(!err.contains("Serving"), "{err}");
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

/// The search index is served from the first build on, and after an edit it is made anew once
/// the reload has gone out (the page does not wait for it).
#[test]
fn the_search_index_follows_an_edit_after_the_reload() {
    let site = Site::german();
    let (server, events, first) = serve_and_follow(&site);
    let entry = || server.get("/pagefind/pagefind-entry.json");
    let before = entry();
    assert!(
        before.body.contains("\"languages\""),
        "no search index served: {}",
        before.body
    );
    let text = std::fs::read_to_string(site.root().join("content/projekte/e-akte.md")).unwrap();
    site.write(
        "content/projekte/e-akte.md",
        &text.replacen("title: ", "title: Zwiebelturm ", 1),
    );
    assert!(
        events.next_good(first, RELOAD_LIMIT).is_some(),
        "no reload event:\n{}",
        server.log()
    );
    let started = Instant::now();
    while entry().body == before.body && started.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_ne!(
        entry().body,
        before.body,
        "the index was not made anew:\n{}",
        server.log()
    );
    assert!(
        server.log().contains("Search index updated"),
        "{}",
        server.log()
    );
}

/// `search: false` written while serving: the next build has no search page and no search
/// field, and the index of the builds before is no longer served.
#[test]
fn switching_search_off_while_serving_takes_the_index_away() {
    let site = Site::german();
    let (server, events, first) = serve_and_follow(&site);
    let started = Instant::now();
    while server.get("/pagefind/pagefind-entry.json").status != 200 && started.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(server.get("/pagefind/pagefind-entry.json").status, 200);
    let config = std::fs::read_to_string(site.root().join("roadmap.yaml")).unwrap();
    site.write("roadmap.yaml", &format!("{config}\nsearch: false\n"));
    assert!(
        events.next_good(first, RELOAD_LIMIT).is_some(),
        "no reload event:\n{}",
        server.log()
    );
    for path in [
        "/pagefind/pagefind-entry.json",
        "/pagefind/pagefind.js",
        "/search/",
    ] {
        assert_eq!(server.get(path).status, 404, "{path} is still served");
    }
    assert!(!server.get("/").body.contains("site-search"));
}
