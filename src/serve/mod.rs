//! `roadmap serve`: builds the site into a scratch folder of its own, serves it over HTTP
//! (axum, tower-http's `ServeDir`), watches the sources (notify) and rebuilds on every change.
//! Pages served here load a small script that reloads them after a rebuild and shows build
//! errors in an overlay; built files never contain it.
//!
//! Modules: [`rebuild`] writes a build into the scratch folder, [`watch`] watches and rebuilds,
//! [`http`] answers requests, [`confine`] keeps file access inside the scratch folder.

pub mod confine;
pub mod http;
pub mod rebuild;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, Errors};

/// The default address: loopback only.
pub const DEFAULT_BIND: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

/// How long open connections get to finish after Ctrl-C or SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The options of `roadmap serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder, holding roadmap.yaml.
    pub root: PathBuf,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// The address to listen on ([`DEFAULT_BIND`] unless the user asks otherwise).
    pub bind: IpAddr,
    /// Include drafts.
    pub drafts: bool,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// The state of the served build, published to every open page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Status {
    /// Counts the builds that changed the site; 0 until the first good build.
    pub generation: u64,
    /// The errors of the last build, as `roadmap build` prints them, while it fails.
    pub errors: Option<String>,
    /// The path the site is served under ("/" or e.g. "/sub/").
    pub base_path: String,
    /// How long the build of this generation took.
    pub build_ms: u128,
    /// The server is stopping: event streams end.
    pub closing: bool,
}

impl Status {
    /// The JSON the event stream and the status endpoint send.
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "generation": self.generation,
            "ok": self.errors.is_none(),
            "errors": self.errors,
            "base_path": self.base_path,
            "build_ms": self.build_ms as u64,
        })
        .to_string()
    }
}

/// Serves until Ctrl-C or SIGTERM, then removes the scratch folder.
pub fn serve(opts: ServeOptions) -> Result<(), Errors> {
    let watch_root = site_root(&opts.root)?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = std::net::TcpListener::bind(addr)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| usage(format!("cannot listen on {addr}: {e} (try another --port)")))?;
    let local = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    if !opts.bind.is_loopback() {
        crate::say!("{}", exposure_warning(opts.bind));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    // Signals are caught from here on, so the scratch folder below is always removed.
    let stop = {
        let _guard = rt.enter();
        signals::Stop::register().map_err(|e| Error::io("signal handler", e))?
    };
    let scratch = scratch_folder().map_err(|e| Error::io(std::env::temp_dir(), e))?;
    let result = rt.block_on(run(
        &opts,
        &watch_root,
        listener,
        local,
        scratch.path(),
        stop,
    ));
    rt.shutdown_timeout(Duration::from_secs(1));
    let shown = scratch.path().display().to_string();
    match scratch.close() {
        Ok(()) => crate::say!("Stopped; removed {shown}"),
        Err(e) => crate::say!("warning: could not remove {shown}: {e}"),
    }
    result
}

async fn run(
    opts: &ServeOptions,
    watch_root: &Path,
    listener: std::net::TcpListener,
    local: SocketAddr,
    scratch: &Path,
    stop: signals::Stop,
) -> Result<(), Errors> {
    let host = match local.ip() {
        ip if ip.is_unspecified() => SocketAddr::new(DEFAULT_BIND, local.port()),
        _ => local,
    };
    let origin = format!("http://{host}");
    let served: Arc<Path> = scratch.join("site").into();
    std::fs::create_dir(&served).map_err(|e| Error::io(&served, e))?;
    let mut builder = rebuild::Builder::new(
        opts.root.clone(),
        opts.drafts,
        origin.clone(),
        served.to_path_buf(),
    );
    let (status_tx, status_rx) = tokio::sync::watch::channel(Status::default());
    watch::rebuild_and_publish(&mut builder, &status_tx);
    // The first index before the site is served, so that search works from the start.
    watch::finish_index(&mut builder, true);
    let base = builder.base_path().to_string();
    let watcher = watch::Watcher::start(watch_root.to_path_buf(), builder, status_tx.clone())?;

    let url = format!("{origin}{base}");
    crate::say!("Serving {} at {url}", opts.root.display());
    crate::say!(
        "Watching {} and {}/ for changes; the scratch folder {} is removed on exit.",
        crate::config::CONFIG_FILE,
        watch::WATCHED_DIRS.join("/, "),
        scratch.display()
    );
    crate::say!("Ctrl-C to stop.");
    if opts.open {
        if let Err(e) = crate::memory::start_other_program(|| opener::open_browser(&url)) {
            crate::say!("warning: could not open a browser: {e}");
        }
    }

    let app = http::App {
        status: status_rx,
        served,
        loopback: opts.bind.is_loopback(),
    };
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(|e| Error::io("socket", e))?;
    let mut closing = status_tx.subscribe();
    let server = axum::serve(listener, http::router(app)).with_graceful_shutdown(async move {
        let _ = closing.wait_for(|s| s.closing).await;
    });
    let server = tokio::spawn(async move { server.await });
    stop.wait().await;
    crate::say!("Stopping…");
    status_tx.send_modify(|s| s.closing = true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, server).await;
    watcher.stop();
    Ok(())
}

/// The site folder as an absolute path, or a usage error when it holds no roadmap.yaml.
fn site_root(root: &Path) -> Result<PathBuf, Errors> {
    let config = root.join(crate::config::CONFIG_FILE);
    if !config.is_file() {
        return Err(usage(format!(
            "{} is not a roadmap site: it has no {} (create one with `roadmap init {}`, or pass --root)",
            root.display(),
            crate::config::CONFIG_FILE,
            root.display()
        )));
    }
    std::fs::canonicalize(root).map_err(|e| Error::io(root, e).into())
}

/// A fresh folder in the temp folder that only the user can enter.
fn scratch_folder() -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("roadmap-serve-");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    builder.tempdir()
}

fn usage(message: String) -> Errors {
    Error::Usage { message }.into()
}

/// The warning printed when `--bind` leaves the loopback interface.
pub fn exposure_warning(ip: IpAddr) -> String {
    format!(
        "warning: listening on {ip}, not on loopback only: other machines that reach this one \
         can read the site and its build errors (which name files and folders on this machine)"
    )
}

mod signals {
    //! Ctrl-C and SIGTERM (and SIGHUP), registered at once so none is missed.

    /// The registered signal handlers.
    pub struct Stop {
        #[cfg(unix)]
        signals: Vec<tokio::signal::unix::Signal>,
    }

    impl Stop {
        /// Registers the handlers; needs a tokio runtime context.
        #[cfg(unix)]
        pub fn register() -> std::io::Result<Stop> {
            use tokio::signal::unix::{signal, SignalKind};
            let kinds = [
                SignalKind::interrupt(),
                SignalKind::terminate(),
                SignalKind::hangup(),
            ];
            let signals = kinds
                .into_iter()
                .map(signal)
                .collect::<std::io::Result<_>>()?;
            Ok(Stop { signals })
        }

        /// Registers the handlers; needs a tokio runtime context.
        #[cfg(not(unix))]
        pub fn register() -> std::io::Result<Stop> {
            Ok(Stop {})
        }

        /// Resolves when one of the signals arrives.
        #[cfg(unix)]
        pub async fn wait(mut self) {
            std::future::poll_fn(|cx| {
                for s in &mut self.signals {
                    if s.poll_recv(cx).is_ready() {
                        return std::task::Poll::Ready(());
                    }
                }
                std::task::Poll::Pending
            })
            .await
        }

        /// Resolves when one of the signals arrives.
        #[cfg(not(unix))]
        pub async fn wait(self) {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
