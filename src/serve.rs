//! `roadmap serve`: builds the site into a scratch folder, serves it on a loopback port, and
//! rebuilds whenever a source file changes. Pages served here carry a small script that reloads
//! them after a rebuild and shows build errors in the browser; built files never do.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::site::{self, BuildOptions};

/// The state shared by the watcher and the connections.
#[derive(Default)]
struct State {
    generation: u64,
    errors: String,
}

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub drafts: bool,
    /// Stop after this many connections (tests); None serves until killed.
    pub max_requests: Option<usize>,
}

const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  var gen = null;
  function show(errors) {
    var box = document.getElementById("roadmap-serve-errors");
    if (!errors) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "roadmap-serve-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#fff4f4;color:#5c0000;border-top:4px solid #a4161a;font:14px/1.4 monospace;white-space:pre-wrap;z-index:99999";
      document.body.appendChild(box);
    }
    box.textContent = errors;
  }
  function poll() {
    fetch("/__roadmap/status").then(function (r) { return r.json(); }).then(function (s) {
      if (gen !== null && s.generation !== gen && !s.errors) { location.reload(); return; }
      gen = s.generation; show(s.errors);
    }).catch(function () {}).finally(function () { setTimeout(poll, 800); });
  }
  poll();
})();
</script>
"#;

/// The newest modification time under the site's source folders.
fn newest_change(root: &Path) -> Option<SystemTime> {
    let mut newest = std::fs::metadata(root.join(crate::config::CONFIG_FILE))
        .and_then(|m| m.modified())
        .ok();
    for dir in ["content", "templates", "assets", "themes"] {
        for e in walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Some(t) = e.metadata().ok().and_then(|m| m.modified().ok()) {
                newest = newest.max(Some(t));
            }
        }
    }
    newest
}

fn rebuild(opts: &BuildOptions, state: &Mutex<State>) {
    let result = site::build(opts);
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    s.generation += 1;
    match result {
        Ok(report) => {
            s.errors.clear();
            let warnings: Vec<String> = report
                .warnings
                .iter()
                .map(|w| format!("warning: {w}"))
                .collect();
            for w in &warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "Rebuilt {} pages in {} ms",
                report.pages,
                report.elapsed.as_millis()
            );
        }
        Err(errs) => {
            s.errors = errs.to_string();
            eprintln!("{errs}\nServing the last good build.");
        }
    }
}

/// Serves until killed (or until `max_requests` connections were answered).
pub fn serve(opts: ServeOptions) -> Result<(), crate::error::Errors> {
    let listener =
        TcpListener::bind(("127.0.0.1", opts.port)).map_err(|e| crate::error::Error::Usage {
            message: format!("cannot listen on 127.0.0.1:{}: {e} (try --port)", opts.port),
        })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let out = std::env::temp_dir().join(format!("roadmap-serve-{}-{port}", std::process::id()));
    let build = BuildOptions {
        root: opts.root.clone(),
        output: Some(out.clone()),
        drafts: opts.drafts,
        base_url: Some(format!("http://127.0.0.1:{port}/")),
    };
    let state = Arc::new(Mutex::new(State::default()));
    // Taken before the first build, so that an edit made while it runs is not missed.
    let mut seen = newest_change(&build.root);
    rebuild(&build, &state);
    eprintln!(
        "Serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        opts.root.display()
    );

    {
        let state = Arc::clone(&state);
        let build = build.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(400));
            let now = newest_change(&build.root);
            if now != seen {
                seen = now;
                rebuild(&build, &state);
            }
        });
    }

    let mut served = 0usize;
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let state = Arc::clone(&state);
        let out = out.clone();
        std::thread::spawn(move || {
            let _ = answer(stream, &out, &state);
        });
        served += 1;
        if opts.max_requests.is_some_and(|m| served >= m) {
            break;
        }
    }
    Ok(())
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a file under `out`, refusing anything that leaves it.
pub fn resolve(out: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    let mut file = out.to_path_buf();
    for seg in path.split('/') {
        let seg = percent_decode(seg)?;
        match seg.as_str() {
            "" | "." => {}
            ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn answer(mut stream: TcpStream, out: &Path, state: &Mutex<State>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            method == "HEAD",
        );
    }
    if target.starts_with("/__roadmap/status") {
        let s = state.lock().unwrap_or_else(|e| e.into_inner());
        let body = serde_json::json!({"generation": s.generation, "errors": s.errors}).to_string();
        return respond(
            &mut stream,
            "200 OK",
            "application/json",
            body.as_bytes(),
            false,
        );
    }
    let (status, file) = match resolve(out, target) {
        Some(f) => ("200 OK", f),
        None => ("404 Not Found", out.join("404.html")),
    };
    let mut body = std::fs::read(&file).unwrap_or_else(|_| b"Not found\n".to_vec());
    let ctype = content_type(&file);
    if ctype.starts_with("text/html") {
        let html = String::from_utf8_lossy(&body);
        let injected = match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]),
            None => format!("{html}{RELOAD_SCRIPT}"),
        };
        body = injected.into_bytes();
    }
    respond(&mut stream, status, ctype, &body, method == "HEAD")
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    ctype: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_the_output_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a b")).unwrap();
        std::fs::write(dir.path().join("a b/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/"),
            Some(dir.path().join("index.html"))
        );
        assert_eq!(
            resolve(dir.path(), "/a%20b/?x=1"),
            Some(dir.path().join("a b/index.html"))
        );
        assert_eq!(resolve(dir.path(), "/../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/%2e%2e/x"), None);
        assert_eq!(resolve(dir.path(), "/missing/"), None);
    }
}
