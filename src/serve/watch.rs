//! Watching the site's sources (roadmap.yaml, content/, templates/, assets/, themes/; never the
//! output) with notify (debounced by notify-debouncer-full), and rebuilding on a thread of its own. Each result is
//! published on a `tokio::sync::watch` channel that the server's event streams follow.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use tokio::sync::watch;

use super::rebuild::Builder;
use super::Status;
use crate::error::{Error, Errors};

/// The folders under the site root that are watched (recursively) when they exist.
pub const WATCHED_DIRS: [&str; 5] = ["content", "templates", "assets", "themes", "i18n"];

/// How long the sources must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

enum Msg {
    Changed(Vec<PathBuf>),
    Failed(String),
    Stop,
}

/// The running watcher and rebuild thread.
pub struct Watcher {
    tx: mpsc::Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl Watcher {
    /// Starts watching `root` (an absolute path) and rebuilding with `builder` on every change.
    pub fn start(
        root: PathBuf,
        builder: Builder,
        status: watch::Sender<Status>,
    ) -> Result<Watcher, Errors> {
        let (tx, rx) = mpsc::channel();
        let events = tx.clone();
        let debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
            let msg = match res {
                // Reads (our own builds open every source) change nothing.
                Ok(evs) => Msg::Changed(
                    evs.into_iter()
                        .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                        .flat_map(|e| e.event.paths)
                        .collect(),
                ),
                Err(errs) => Msg::Failed(
                    errs.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            };
            let _ = events.send(msg);
        })
        .map_err(|e| Error::io(&root, std::io::Error::other(e.to_string())))?;
        let mut sources = Sources {
            root,
            debouncer,
            watched: HashSet::new(),
        };
        sources.watch_root()?;
        sources.watch_dirs(&[]);
        let thread = std::thread::Builder::new()
            .name("roadmap-rebuild".into())
            .spawn(move || rebuild_loop(&rx, sources, builder, &status))
            .map_err(|e| Error::io("rebuild thread", e))?;
        Ok(Watcher {
            tx,
            thread: Some(thread),
        })
    }

    /// Stops watching and waits for a rebuild in progress to finish.
    pub fn stop(mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The notify watches on the site root and its source folders.
struct Sources {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: HashSet<&'static str>,
}

impl Sources {
    /// The root itself, not recursively: roadmap.yaml, and source folders that appear later.
    fn watch_root(&mut self) -> Result<(), Errors> {
        self.debouncer
            .watch(&self.root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::io(&self.root, std::io::Error::other(e.to_string())).into())
    }

    /// Watches each source folder that exists and is not watched yet, and again each one named
    /// in `changed` (it may have been replaced). Forgets the ones that are gone.
    fn watch_dirs(&mut self, changed: &[PathBuf]) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let touched = changed.contains(&dir);
            if !dir.is_dir() {
                self.watched.remove(name);
                continue;
            }
            if self.watched.contains(name) && !touched {
                continue;
            }
            let _ = self.debouncer.unwatch(&dir);
            match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(name);
                }
                Err(e) => crate::say!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
    }

    /// Whether a change of `path` can change the site.
    fn is_source(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components();
        match parts.next().and_then(|c| c.as_os_str().to_str()) {
            Some(first) if parts.next().is_none() && first == crate::config::CONFIG_FILE => true,
            Some(first) => WATCHED_DIRS.contains(&first),
            None => false,
        }
    }
}

/// Writes the search index if it is made (`wait`: waits for it) and says so.
pub fn finish_index(builder: &mut Builder, wait: bool) {
    match builder.finish_index(wait) {
        Some(Ok(n)) if n > 0 => crate::say!(
            "Search index updated, {n} file{} changed",
            if n == 1 { "" } else { "s" }
        ),
        Some(Err(errs)) => {
            crate::say!("warning: the search index could not be updated:");
            crate::report::eprint_errors(&errs);
        }
        _ => {}
    }
}

fn rebuild_loop(
    rx: &mpsc::Receiver<Msg>,
    mut sources: Sources,
    mut builder: Builder,
    status: &watch::Sender<Status>,
) {
    loop {
        let msg = match rx.recv_timeout(std::time::Duration::from_millis(100)) {
            Ok(msg) => msg,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                finish_index(&mut builder, false);
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        let mut changed = Vec::new();
        let mut pending = Some(msg);
        // Take everything that queued up during the last build: one rebuild for all of it.
        while let Some(msg) = pending.take().or_else(|| rx.try_recv().ok()) {
            match msg {
                Msg::Changed(paths) => changed.extend(paths),
                Msg::Failed(e) => crate::say!("warning: watching the sources: {e}"),
                Msg::Stop => return,
            }
        }
        changed.retain(|p| sources.is_source(p));
        if changed.is_empty() {
            continue;
        }
        sources.watch_dirs(&changed);
        rebuild_and_publish(&mut builder, status);
    }
}

/// Rebuilds once and publishes the outcome: a new generation when the output changed, the
/// errors when the build failed (the last good build stays served).
pub fn rebuild_and_publish(builder: &mut Builder, status: &watch::Sender<Status>) {
    match builder.rebuild() {
        Ok(built) => {
            for w in &built.warnings {
                crate::say!("warning: {w}");
            }
            let reused = match built.reused {
                0 => String::new(),
                1 => " (1 unchanged project page kept)".to_string(),
                n => format!(" ({n} unchanged project pages kept)"),
            };
            crate::say!(
                "Rebuilt {} pages{reused} in {} ms, {} file{} changed",
                built.pages,
                built.elapsed.as_millis(),
                built.changed,
                if built.changed == 1 { "" } else { "s" }
            );
            let base_path = builder.base_path().to_string();
            let build_ms = built.elapsed.as_millis();
            status.send_if_modified(|s| {
                let bump = built.changed > 0 || s.generation == 0;
                let modified = bump || s.errors.is_some() || s.base_path != base_path;
                if bump {
                    s.generation += 1;
                    s.build_ms = build_ms;
                }
                s.errors = None;
                s.base_path = base_path;
                modified
            });
            // The search index after the reload, beside the watcher: the page is shown without
            // waiting for it, and the next save does not wait for it either.
            if built.changed > 0 {
                builder.start_index();
            }
        }
        Err(errs) => {
            // The overlay shows what the terminal shows: each error with its source line and
            // a caret, without colour codes.
            let text = crate::report::plain(&errs);
            crate::report::eprint_errors(&errs);
            if status.borrow().generation > 0 {
                crate::say!("The last good build stays served.");
            } else {
                crate::say!(
                    "Nothing is served until the site builds: fix the errors above and save."
                );
            }
            status.send_if_modified(|s| {
                let modified = s.errors.as_deref() != Some(text.as_str());
                s.errors = Some(text);
                modified
            });
        }
    }
}
