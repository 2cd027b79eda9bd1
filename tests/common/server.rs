//! Drives a real `roadmap serve` process: start it on a free loopback port, talk raw HTTP to it
//! over `std::net::TcpStream` (no client that could normalise a path), follow its event stream.
//! Shared by tests/serve.rs and benches/serve_reload.rs. Every wait is bounded in time.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `roadmap serve`; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    /// The origin and base path it printed, e.g. `http://127.0.0.1:40123/`.
    pub url: String,
    /// The scratch folder it printed.
    pub scratch: PathBuf,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Starts `roadmap serve --root ROOT --port 0 ARGS…` and waits (at most 60 s) until it
    /// prints its address.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start roadmap serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push_str(&(line.clone() + "\n"));
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let (mut url, mut scratch) = (None, None);
        while url.is_none() || scratch.is_none() {
            let left = deadline.saturating_duration_since(Instant::now());
            let Ok(line) = rx.recv_timeout(left) else {
                let _ = child.kill();
                panic!("serve did not start:\n{}", log.lock().unwrap());
            };
            if let Some(i) = line.find(" at http://") {
                url = Some(line[i + 4..].trim().to_string());
            }
            if let Some(i) = line.find("the scratch folder ") {
                let rest = &line[i + "the scratch folder ".len()..];
                scratch = rest.split(" is removed").next().map(PathBuf::from);
            }
        }
        let url = url.unwrap();
        let port = url
            .trim_start_matches("http://")
            .split(['/', ':'])
            .nth(1)
            .and_then(|p| p.parse().ok())
            .expect("port in the printed URL");
        Server {
            child,
            port,
            url,
            scratch: scratch.unwrap(),
            log,
        }
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// Sends raw bytes as a request and returns the whole answer (the connection is closed).
    pub fn raw(&self, request: &[u8]) -> String {
        raw(self.port, request)
    }

    /// `GET path` with `Connection: close`.
    pub fn get(&self, path: &str) -> Response {
        let req = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Response::parse(&raw(self.port, req.as_bytes()))
    }

    /// Follows the event stream.
    pub fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// Waits (bounded) for the process to exit; its status, or None when it still runs.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    /// Stops the server as Ctrl-C would (so it removes its scratch folder), killing it only
    /// when it does not exit within 5 s.
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            let pid = self.child.id().to_string();
            let _ = Command::new("kill").args(["-TERM", &pid]).status();
            if self.wait_exit(Duration::from_secs(5)).is_some() {
                return;
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `request` to 127.0.0.1:port and reads until the server closes (at most 10 s).
pub fn raw(port: u16, request: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(request).expect("send");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

/// An HTTP answer, split up.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header lines, names lower-cased: `content-type: text/html`.
    pub headers: Vec<String>,
    pub body: String,
}

impl Response {
    pub fn parse(text: &str) -> Response {
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .map(|l| match l.split_once(':') {
                Some((n, v)) => format!("{}: {}", n.to_ascii_lowercase(), v.trim()),
                None => l.to_string(),
            })
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    /// The value of a header, if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{}: ", name.to_ascii_lowercase());
        self.headers
            .iter()
            .find_map(|h| h.strip_prefix(prefix.as_str()))
    }
}

/// The server's event stream, read on a thread of its own.
pub struct Events {
    rx: mpsc::Receiver<String>,
    _stream: TcpStream,
}

impl Events {
    pub fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        s.write_all(b"GET /__roadmap/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("send");
        let reader = s.try_clone().expect("clone");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if let Some(data) = line.strip_prefix("data: ") {
                    if tx.send(data.to_string()).is_err() {
                        break;
                    }
                }
            }
        });
        Events { rx, _stream: s }
    }

    /// The next status event whose JSON satisfies `pred`, within `limit`; None on timeout.
    pub fn wait_for(
        &self,
        limit: Duration,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> Option<serde_json::Value> {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let data = self.rx.recv_timeout(left).ok()?;
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&data) {
                if pred(&v) {
                    return Some(v);
                }
            }
        }
    }

    /// The next event saying the build succeeded with a generation above `after`.
    pub fn next_good(&self, after: u64, limit: Duration) -> Option<u64> {
        self.wait_for(limit, |v| {
            v["ok"] == true && v["generation"].as_u64().is_some_and(|g| g > after)
        })
        .and_then(|v| v["generation"].as_u64())
    }
}
