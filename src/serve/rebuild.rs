//! One rebuild of the served site. It loads and renders with the build's own functions
//! (`site::load`, `site::render_again`: project pages whose inputs did not change are taken
//! from the last build), points the links at the local server, and writes into the
//! scratch folder only the files whose bytes changed since the last good build, each through a
//! rename so that a request never sees half a file. A failed build writes nothing. The search
//! index is made after the new pages are shown (`Builder::start_index`, on a thread of its own), so a save reloads the page
//! without waiting for it.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Errors};
use crate::outfile::OutFile;
use crate::site::{self, BuildOptions};

/// What a successful rebuild did.
#[derive(Debug)]
pub struct Built {
    /// Pages of the site (rendered or taken from the last build).
    pub pages: usize,
    /// Project pages taken from the last build because nothing they are made from changed.
    pub reused: usize,
    /// Files written or removed because their bytes changed.
    pub changed: usize,
    /// From the start of loading to the last file written.
    pub elapsed: Duration,
    /// The build's warnings, as `roadmap build` prints them.
    pub warnings: Vec<String>,
}

/// Rebuilds one site into one served folder, remembering what it wrote last time.
pub struct Builder {
    root: PathBuf,
    drafts: bool,
    origin: String,
    served: PathBuf,
    base_path: String,
    written: HashMap<String, Vec<u8>>,
    /// The paths of the last build's files that its templates made: the pages the search
    /// index may take (not copied files).
    rendered: std::collections::BTreeSet<String>,
    /// Good builds so far.
    builds: u64,
    /// Whether the last good build's site has a search index (roadmap.yaml's `search`).
    search: bool,
    /// The search index being made for the last good build, if any.
    index_job: Option<IndexJob>,
    /// What the next rebuild may take from the last good one: the project pages whose
    /// inputs an edit left unchanged are not rendered again.
    reuse: crate::render::Reuse,
}

/// A search index being made on a thread of its own, for good build number `build`; setting
/// `stop` stops it.
struct IndexJob {
    build: u64,
    handle: std::thread::JoinHandle<Result<Vec<OutFile>, Errors>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Builder {
    /// A builder for the site at `root`, served from `served` at `origin` (`http://host:port`).
    pub fn new(root: PathBuf, drafts: bool, origin: String, served: PathBuf) -> Builder {
        Builder {
            root,
            drafts,
            origin,
            served,
            base_path: "/".into(),
            written: HashMap::new(),
            rendered: Default::default(),
            builds: 0,
            search: true,
            index_job: None,
            reuse: crate::render::Reuse::default(),
        }
    }

    /// The path the site is served under ("/" or e.g. "/sub/"), as of the last good build.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The folder ServeDir serves; the site itself lies at `base_path` below it.
    pub fn served(&self) -> &Path {
        &self.served
    }

    /// Loads, renders and writes the changed files. On an error nothing is written. An index
    /// still being made for the last build is stopped first (the rebuild gets the processor;
    /// a new index follows it, or the stopped one is started again if the rebuild fails).
    pub fn rebuild(&mut self) -> Result<Built, Errors> {
        let started = Instant::now();
        if let Some(job) = &self.index_job {
            job.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let mut roadmap = site::load(&BuildOptions {
            root: self.root.clone(),
            drafts: self.drafts,
            ..Default::default()
        })?;
        let base = servable_base(&roadmap.config.base_path);
        if base != roadmap.config.base_path && base != self.base_path {
            crate::say!(
                "warning: base_url's path {} cannot be served locally; serving the site at /",
                roadmap.config.base_path
            );
        }
        roadmap.config.base_url = Some(format!("{}{base}", self.origin));
        // Served at the local address, the site has absolute addresses and a sitemap.
        roadmap.warnings.retain(|w| w.kind != "no-sitemap");
        roadmap.config.base_path = base.clone();
        if base != self.base_path {
            // Every page changes; none is taken from last time.
            self.reuse = crate::render::Reuse::default();
        }
        let again = site::render_again(&roadmap, &self.reuse)?;
        let pages = again.pages;
        let reused = again.reused.iter().filter(|p| p.ends_with(".html")).count();
        let mut files = again.files;
        // The project pages taken from last time, as they were written.
        for path in again.reused {
            match self.written.get(&path) {
                Some(bytes) => files.push(OutFile {
                    path,
                    bytes: bytes.clone(),
                }),
                None => {
                    // Not written last time after all (it cannot happen): render everything.
                    self.reuse = crate::render::Reuse::default();
                    return self.rebuild();
                }
            }
        }
        if base != self.base_path {
            self.clear()?;
            self.base_path = base;
        }
        let changed = self.sync(files).inspect_err(|_| {
            // Whatever is on disk now is unknown: write everything next time.
            self.written.clear();
            self.reuse = crate::render::Reuse::default();
        })?;
        self.reuse = again.reuse;
        self.rendered = again.rendered;
        self.builds += 1;
        self.search = roadmap.config.search;
        if !self.search {
            // Switched off: the index of an earlier build goes too.
            self.replace_part(Vec::new(), is_index)?;
        }
        let stopped = self
            .index_job
            .as_ref()
            .is_some_and(|j| j.stop.load(std::sync::atomic::Ordering::Relaxed));
        if changed == 0 && stopped {
            // The pages are as they were: their index, stopped above, is still to be made
            // (a changed site gets one from the caller, `start_index`).
            self.start_index();
        }
        Ok(Built {
            pages,
            reused,
            changed,
            elapsed: started.elapsed(),
            warnings: roadmap.warnings.iter().map(ToString::to_string).collect(),
        })
    }

    /// The folder the site's files go to: `served` joined with the base path.
    fn site_dir(&self) -> PathBuf {
        self.base_path
            .split('/')
            .filter(|s| !s.is_empty())
            .fold(self.served.clone(), |dir, s| dir.join(s))
    }

    /// Empties the served folder (the base path changed).
    fn clear(&mut self) -> Result<(), Errors> {
        self.written.clear();
        let entries = std::fs::read_dir(&self.served).map_err(|e| Error::io(&self.served, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&self.served, e))?;
            let path = entry.path();
            let removed = match entry.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
            removed.map_err(|e| Error::io(&path, e))?;
        }
        Ok(())
    }

    /// Starts making the search index of the pages last written, on a thread of its own; an
    /// index still being made for an older build is stopped (see [`Builder::rebuild`]). The
    /// index of the previous build stays served until [`Builder::finish_index`] writes the new one.
    pub fn start_index(&mut self) {
        if !self.search {
            return;
        }
        let pages: Vec<(String, Vec<u8>)> = self
            .written
            .iter()
            .filter(|(k, _)| !is_index(k) && k.ends_with(".html") && self.rendered.contains(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let stop = std::sync::Arc::<std::sync::atomic::AtomicBool>::default();
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let files = pages.iter().map(|(k, v)| (k.as_str(), v.as_slice()));
            crate::search::index_pages(files, flag)
        });
        self.index_job = Some(IndexJob {
            build: self.builds,
            handle,
            stop,
        });
    }

    /// Writes the search index once it is made (`wait`: waits for it): None while there is
    /// none to write, else how many files changed. An index of an older build is dropped.
    ///
    /// # Errors
    /// Pagefind's failure; a file that could not be written.
    pub fn finish_index(&mut self, wait: bool) -> Option<Result<usize, Errors>> {
        let job = self.index_job.take()?;
        if !wait && !job.handle.is_finished() {
            self.index_job = Some(job);
            return None;
        }
        let made = job.handle.join().unwrap_or_else(|_| {
            Err(Error::io(
                crate::model::SEARCH_INDEX_PATH,
                std::io::Error::other("the search index stopped with an internal error"),
            )
            .into())
        });
        if job.build != self.builds {
            return None;
        }
        if job.stop.load(std::sync::atomic::Ordering::Relaxed) {
            // Stopped for a rebuild that then failed: the served pages still need it.
            self.start_index();
            return None;
        }
        Some(made.and_then(|files| self.write_index(files)))
    }

    /// Writes what changed of the search index `files` and removes its files that are gone.
    fn write_index(&mut self, files: Vec<OutFile>) -> Result<usize, Errors> {
        self.replace_part(files, is_index)
    }

    /// Writes the files whose bytes differ from the last build and removes those that are gone.
    /// The search index is not part of a rebuild: `finish_index` replaces it after the reload.
    fn sync(&mut self, files: Vec<OutFile>) -> Result<usize, Errors> {
        self.replace_part(files, |path| !is_index(path))
    }

    /// Makes `files` the part of the served site that `part` selects: writes each file whose
    /// bytes differ from what was written last, removes the files of that part that are gone,
    /// and returns how many files changed.
    fn replace_part(
        &mut self,
        files: Vec<OutFile>,
        part: impl Fn(&str) -> bool,
    ) -> Result<usize, Errors> {
        let dir = self.site_dir();
        let mut changed = 0;
        let new: std::collections::HashSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let gone: Vec<String> = self
            .written
            .keys()
            .filter(|k| part(k) && !new.contains(*k))
            .cloned()
            .collect();
        for f in files {
            if self.written.get(&f.path) != Some(&f.bytes) {
                write_replacing(&confined_join(&dir, &f.path)?, &f.bytes)?;
                changed += 1;
            }
            self.written.insert(f.path, f.bytes);
        }
        for path in gone {
            let target = confined_join(&dir, &path)?;
            match std::fs::remove_file(&target) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(&target, e).into())
                }
                _ => changed += 1,
            }
            self.written.remove(&path);
            // Folders left empty go too (a renamed project's), as a build leaves none.
            let mut folder = target.parent();
            while let Some(f) = folder.filter(|f| f.starts_with(&dir) && *f != dir) {
                if std::fs::remove_dir(f).is_err() {
                    break;
                }
                folder = f.parent();
            }
        }
        Ok(changed)
    }
}

/// Whether `path` is a file of the search index.
fn is_index(path: &str) -> bool {
    path.starts_with(crate::model::SEARCH_INDEX_PATH)
}

/// `base` when every segment of it is a plain URL path segment that also makes a plain folder
/// name, else "/" (the site is then served at the root).
fn servable_base(base: &str) -> String {
    let plain = |s: &str| {
        s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
    };
    if base.split('/').filter(|s| !s.is_empty()).all(plain) {
        base.to_string()
    } else {
        "/".to_string()
    }
}

/// `dir` joined with a `/`-separated relative path that must stay below `dir`.
fn confined_join(dir: &Path, rel: &str) -> Result<PathBuf, Errors> {
    let path = Path::new(rel);
    let plain = !rel.is_empty()
        && !rel.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if plain {
        Ok(dir.join(path))
    } else {
        Err(Error::Usage {
            message: format!("refusing to write outside the output folder: {rel}"),
        }
        .into())
    }
}

/// Writes `bytes` to a hidden sibling of `target`, then renames it over `target`.
fn write_replacing(target: &Path, bytes: &[u8]) -> Result<(), Errors> {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return Err(Error::io(target, std::io::Error::other("no file name")).into());
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let staging = dir.join(format!(".{}.roadmap-serve", name.to_string_lossy()));
    std::fs::write(&staging, bytes).map_err(|e| Error::io(&staging, e))?;
    std::fs::rename(&staging, target).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        Error::io(target, e).into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_base_paths_are_served_below_the_root() {
        assert_eq!(servable_base("/"), "/");
        assert_eq!(servable_base("/digital/roadmap/"), "/digital/roadmap/");
        assert_eq!(servable_base("/../"), "/");
        assert_eq!(servable_base("/a%2f/"), "/");
        assert_eq!(servable_base("/mein ordner/"), "/");
    }

    #[test]
    fn joins_stay_below_the_folder() {
        let dir = Path::new("/srv/x");
        assert!(confined_join(dir, "a/b.html").is_ok());
        for bad in ["", "../a", "a/../../b", "/etc/passwd", "a\\..\\b", "./a"] {
            assert!(confined_join(dir, bad).is_err(), "{bad}");
        }
    }
}
