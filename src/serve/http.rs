//! The HTTP side of `roadmap serve`: axum routes for the reload machinery and tower-http's
//! `ServeDir` (with the [`Confined`] backend) for the site. No code here parses a request or
//! decodes a path; HTML responses get the reload script before `</body>`.

use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;
use tower::ServiceExt;
use tower_http::services::ServeDir;

use super::confine::{self, Confined};
use super::Status;

/// The event stream: one `status` event on connect and one after every change.
pub const EVENTS: &str = "/__roadmap/events";
/// The current status as JSON.
pub const STATUS: &str = "/__roadmap/status";
/// The reload script that served pages load.
pub const SCRIPT: &str = "/__roadmap/reload.js";

/// Pages larger than this are served as they are, without the reload script.
const MAX_PAGE: usize = 64 * 1024 * 1024;

const RELOAD_JS: &str = include_str!("reload.js");

/// What every request handler shares.
#[derive(Clone)]
pub struct App {
    /// The build status, published by the rebuild thread.
    pub status: watch::Receiver<Status>,
    /// The folder ServeDir serves (the site lies at the base path below it).
    pub served: Arc<Path>,
    /// Listening on a loopback address: requests must name a local host.
    pub loopback: bool,
}

/// The router: the reload endpoints, then the site for every other path.
pub fn router(app: App) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .route(STATUS, get(status))
        .route(SCRIPT, get(script))
        .fallback(site)
        .layer(middleware::from_fn_with_state(app.clone(), local_host_only))
        .with_state(app)
}

/// On a loopback address, refuses requests whose Host is a domain name other than
/// `localhost`: a page on another site cannot reach the server through DNS rebinding.
async fn local_host_only(State(app): State<App>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::parse::<Authority>);
    let local = match host {
        None => true,
        Some(Ok(a)) => is_local_host(a.host()),
        Some(Err(_)) => false,
    };
    if app.loopback && !local {
        return (StatusCode::BAD_REQUEST, "unexpected Host header\n").into_response();
    }
    next.run(req).await
}

/// `localhost` or an IP address (`[::1]` included).
fn is_local_host(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost") || bare.parse::<std::net::IpAddr>().is_ok()
}

async fn events(State(app): State<App>) -> impl IntoResponse {
    let mut rx = app.status.clone();
    rx.mark_changed();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        let s = rx.borrow_and_update().clone();
        if s.closing {
            return None;
        }
        let event = Event::default().event("status").data(s.to_json());
        Some((Ok::<_, Infallible>(event), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn status(State(app): State<App>) -> Response {
    let json = app.status.borrow().to_json();
    no_store(([(header::CONTENT_TYPE, "application/json")], json).into_response())
}

async fn script() -> Response {
    no_store(
        (
            [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
            RELOAD_JS,
        )
            .into_response(),
    )
}

/// Every other path: a file of the site, the site's 404 page, or a redirect to the base path.
async fn site(State(app): State<App>, req: Request) -> Response {
    let (generation, base) = {
        let s = app.status.borrow();
        (s.generation, s.base_path.clone())
    };
    if generation == 0 {
        return finish(not_built(), false, generation).await;
    }
    let path = req.uri().path();
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        return Redirect::temporary(&base).into_response();
    }
    // `//host/x` would come back from the folder redirect (a trailing slash added) as a
    // protocol-relative address, which a browser reads as another host: no such page.
    if path.starts_with("//") || path.starts_with("/\\") {
        let res = not_found(&app.served, &base).await;
        return finish(res, req.method() == Method::HEAD, generation).await;
    }
    let head = req.method() == Method::HEAD;
    let files = ServeDir::with_backend(&*app.served, Confined::new(&app.served))
        .append_index_html_on_directories(true);
    let res = match files.oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    };
    let res = if res.status() == StatusCode::NOT_FOUND {
        not_found(&app.served, &base).await
    } else {
        res
    };
    finish(res, head, generation).await
}

/// The site's own 404.html with status 404.
async fn not_found(served: &Path, base: &str) -> Response {
    let file = base
        .split('/')
        .filter(|s| !s.is_empty())
        .fold(served.to_path_buf(), |p, s| p.join(s))
        .join("404.html");
    let page = match confine::check(served, file) {
        Ok(file) => tokio::fs::read(file).await.ok(),
        Err(_) => None,
    };
    match page {
        Some(bytes) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html")],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
    }
}

/// Served while no build has succeeded yet; the reload script shows the errors.
fn not_built() -> Response {
    let page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
        <title>roadmap serve: no build yet</title></head><body>\
        <h1>The site does not build yet</h1>\
        <p>The errors are shown below and in the terminal. This page reloads by itself once \
        the build succeeds.</p></body></html>\n";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html")],
        page,
    )
        .into_response()
}

/// Adds `Cache-Control: no-store` and a UTF-8 charset to text types, and the reload script to
/// complete HTML responses.
async fn finish(res: Response, head: bool, generation: u64) -> Response {
    let mut res = no_store(res);
    let ctype = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if ctype.starts_with("text/") && !ctype.contains("charset") {
        if let Ok(v) = HeaderValue::from_str(&format!("{ctype}; charset=utf-8")) {
            res.headers_mut().insert(header::CONTENT_TYPE, v);
        }
    }
    let whole = matches!(
        res.status(),
        StatusCode::OK | StatusCode::NOT_FOUND | StatusCode::SERVICE_UNAVAILABLE
    );
    if !ctype.starts_with("text/html") || !whole {
        return res;
    }
    res.headers_mut().remove(header::CONTENT_LENGTH);
    res.headers_mut().remove(header::ACCEPT_RANGES);
    if head {
        return res;
    }
    let (parts, body) = res.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(inject(&bytes, generation))),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n").into_response(),
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The page with the reload script tag before its last `</body>` (or at its end).
pub fn inject(page: &[u8], generation: u64) -> Vec<u8> {
    let tag =
        format!("<script src=\"{SCRIPT}\" data-generation=\"{generation}\" defer></script>\n");
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let page = inject(b"<html><body><p>x</p></BODY></html>", 3);
        let page = String::from_utf8(page).unwrap();
        assert!(page.ends_with(
            "<script src=\"/__roadmap/reload.js\" data-generation=\"3\" defer></script>\n</BODY></html>"
        ));
        assert!(String::from_utf8(inject(b"<p>", 1))
            .unwrap()
            .starts_with("<p><script"));
    }

    #[test]
    fn local_hosts() {
        for h in ["localhost", "LOCALHOST", "127.0.0.1", "[::1]", "192.0.2.7"] {
            assert!(is_local_host(h), "{h}");
        }
        for h in ["example.org", "localhost.example.org", "127.0.0.1.nip.io"] {
            assert!(!is_local_host(h), "{h}");
        }
    }
}
