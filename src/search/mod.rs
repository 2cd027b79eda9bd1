//! The search index: the rendered pages indexed by [Pagefind](https://pagefind.app) (the crate,
//! used as a library), written as files of the site under `pagefind/` — the index in chunks,
//! Pagefind's search script (`pagefind.js` and its worker, which the theme's `static/search.js`
//! loads) and its WebAssembly with the stemmer of the pages' language (from `<html lang>`). The search page
//! loads them from the site itself; nothing is requested from another host.
//!
//! What a page offers to the index is marked in its template, as Pagefind intends:
//! `data-pagefind-body` on the searchable part (pages without it are not indexed),
//! `data-pagefind-ignore` on parts to leave out, `data-pagefind-meta` and
//! `data-pagefind-filter` for what results show. *Invariant:* reads and writes no file; the
//! same pages give the same bytes.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex};

/// The message of an index stopped by its flag (see [`index_pages`]).
pub const STOPPED: &str = "stopped for a newer build";
use std::thread::JoinHandle;

use crate::error::{Error, Errors};
use crate::outfile::{Opened, OutFile, Sink};

/// The attribute that marks a page's searchable part.
use crate::theme::SEARCH_MARK as BODY_MARK;

mod page;
use page::compact;

/// Pagefind's ready-made search interfaces and its highlighter, which the theme does not use
/// (its search page lists results in markup of its own through `pagefind.js`): not published.
const UNUSED: [&str; 7] = [
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// The URL of a page of the site's files for the index, from the site's root without the
/// site's path prefix (`/`, `/projekte/e-akte/`, `/impressum.html`); None for a file that is
/// not a page or is the 404 page. The search script puts the prefix in front.
fn page_url(path: &str) -> Option<String> {
    if !path.ends_with(".html") || path == "404.html" {
        return None;
    }
    Some(match path.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
        _ => format!("/{path}"),
    })
}

/// How many pages one part of the index ("shard") holds at most. Pagefind keeps every page
/// of an index in memory until it writes the index (about 100 KB a page), and its library
/// looks up each page it is given among those it has (a step that grows with the pages held);
/// a site of more pages gets one index per this many pages, which the search page merges
/// (Pagefind's `mergeIndex`). The first part is the index at [`SEARCH_INDEX_PATH`], with
/// Pagefind's scripts; part *n* (from 2) is at `shard-n/` in it.
/// The environment variable `ROADMAP_SEARCH_SHARD_PAGES` sets another number (a whole number
/// from 1; anything else is ignored): the tests make small sites of several parts with it.
pub const SHARD_PAGES: usize = 1000;

/// How the pages are divided into parts: `per_part` pages to a part; with `parts`, the last
/// part also takes the pages beyond `parts` × `per_part`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    per_part: usize,
    parts: Option<usize>,
}

impl Split {
    /// For about `expected` pages: as few parts of at most [`SHARD_PAGES`] as hold them, of
    /// equal size (Pagefind ranks within each part, so a small last part would push its pages
    /// up); the environment's number of pages a part instead, when it sets one.
    fn for_pages(expected: usize) -> Split {
        let set = std::env::var("ROADMAP_SEARCH_SHARD_PAGES")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0);
        if let Some(per_part) = set {
            return Split {
                per_part,
                parts: None,
            };
        }
        let parts = expected.div_ceil(SHARD_PAGES).max(1);
        Split {
            per_part: expected.div_ceil(parts).max(1),
            parts: Some(parts),
        }
    }

    /// The part (from 0) of the page numbered `count` (from 0).
    fn part_of(self, count: usize) -> usize {
        let n = count / self.per_part;
        self.parts.map_or(n, |p| n.min(p - 1))
    }
}

/// The file, in the index's folder, that lists the further parts of the index for the search
/// page: JSON, `{"shards": ["shard-2/", …]}`, paths relative to the folder; an empty list for
/// a site whose index is one part.
pub const SHARDS_FILE: &str = "shards.json";

/// Indexes pages as a build makes them, on a thread of its own (Pagefind on a single-threaded
/// tokio runtime, which also works when the caller runs inside a runtime, as `serve` does).
/// Pages wait in a short queue and in their group (see [`Sink::end_group`]), so a build holds
/// only a group of them and one part of the index ([`SHARD_PAGES`]); each finished part is
/// handed back as files ([`Indexer::take_done`]) while the build goes on.
pub struct Indexer {
    queue: Mutex<Option<SyncSender<Message>>>,
    done: Mutex<Receiver<Vec<OutFile>>>,
    worker: Option<JoinHandle<Result<Vec<OutFile>, String>>>,
    /// Index only pages that carry [`BODY_MARK`] (the theme marks its pages), else every page.
    marked_only: bool,
}

impl Indexer {
    /// Starts the indexing thread. `marked_only`: whether the theme's templates mark what to
    /// index (`data-pagefind-body`); then pages without the mark are left out, as Pagefind does.
    ///
    /// `expected`: about how many pages will be offered (the parts are made equal for it; a
    /// few more or fewer only change the size of the last part).
    pub fn start(marked_only: bool, expected: usize) -> Indexer {
        Indexer::start_stoppable(marked_only, expected, Arc::default())
    }

    /// As [`Indexer::start`], with a flag that stops the indexing when set: the thread then
    /// takes no further page and [`Indexer::finish`] fails.
    fn start_stoppable(marked_only: bool, expected: usize, stop: Arc<AtomicBool>) -> Indexer {
        let (tx, rx) = sync_channel::<Message>(256);
        let (done_tx, done_rx) = channel::<Vec<OutFile>>();
        let split = Split::for_pages(expected);
        let worker = std::thread::spawn(move || run(rx, done_tx, split, &stop));
        Indexer {
            queue: Mutex::new(Some(tx)),
            done: Mutex::new(done_rx),
            worker: Some(worker),
            marked_only,
        }
    }
    /// Offers a file of the site to the index: pages (see [`page_url`]) are queued, with their
    /// soft hyphens taken out so that a word is found however the build hyphenated it.
    pub fn offer(&self, file: &OutFile) {
        self.offer_page(&file.path, &file.bytes);
    }

    /// As [`Indexer::offer`], for a file given by its path and bytes.
    fn offer_page(&self, path: &str, bytes: &[u8]) {
        let Some(url) = page_url(path) else {
            return;
        };
        let Ok(html) = std::str::from_utf8(bytes) else {
            return;
        };
        if self.marked_only && !html.contains(BODY_MARK) {
            return;
        }
        let tx = self.queue.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(tx) = tx {
            // A closed queue means the worker failed; `finish` reports why.
            let _ = tx.send(Message::Page(url, compact(html)));
        }
    }

    /// Marks the end of a group of pages (see [`Sink::end_group`]): the pages offered since
    /// the last mark are indexed, in the order of their URLs, while the build goes on.
    pub fn end_group(&self) {
        let tx = self.queue.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(tx) = tx {
            let _ = tx.send(Message::EndGroup);
        }
    }

    /// The files of the parts of the index finished since the last call (none while the
    /// first part is being filled).
    pub fn take_done(&self) -> Vec<OutFile> {
        let done = self.done.lock().unwrap_or_else(|p| p.into_inner());
        done.try_iter().flatten().collect()
    }

    /// Waits for the index: the files of its parts not yet taken ([`Indexer::take_done`]),
    /// with Pagefind's scripts and the [`SHARDS_FILE`], under `pagefind/`, sorted by path.
    ///
    /// # Errors
    /// One error when Pagefind refuses its options or a page, or fails (or panics) while
    /// building the index; its message names the page where one is to blame.
    pub fn finish(mut self) -> Result<Vec<OutFile>, Errors> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner()).take();
        let outcome = match self.worker.take() {
            Some(w) => w
                .join()
                .unwrap_or_else(|_| Err("Pagefind stopped with an internal error".into())),
            None => Err("the index was finished twice".into()),
        };
        match outcome {
            Ok(last) => {
                let mut files = self.take_done();
                files.extend(last);
                files.sort_by(|a, b| a.path.cmp(&b.path));
                Ok(files)
            }
            Err(message) => Err(Error::io(
                crate::model::SEARCH_INDEX_PATH,
                std::io::Error::other(format!("the search index could not be built: {message}")),
            )
            .into()),
        }
    }
}

/// The search index of a site's files held in memory (the pages among them, each offered as
/// a build offers it), as files under `pagefind/`. For `serve`, which indexes after it has
/// shown the new pages.
///
/// # Errors
/// As [`Indexer::finish`].
///
/// `stop`: set, it stops the indexing (`serve` sets it when a newer save makes this index
/// useless), which then fails with [`STOPPED`].
pub fn index_pages<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])> + Clone,
    stop: Arc<AtomicBool>,
) -> Result<Vec<OutFile>, Errors> {
    // One pass over the pages: how many there are, and how many carry the mark (when any
    // does, only those are indexed).
    let (pages, with_mark) = files
        .clone()
        .filter(|(path, _)| page_url(path).is_some())
        .fold((0, 0), |(n, m), (_, bytes)| {
            let marks = bytes
                .windows(BODY_MARK.len())
                .any(|w| w == BODY_MARK.as_bytes());
            (n + 1, m + usize::from(marks))
        });
    let marked = with_mark > 0;
    let expected = if marked { with_mark } else { pages };
    let indexer = Indexer::start_stoppable(marked, expected, stop.clone());
    for (path, bytes) in files {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        indexer.offer_page(path, bytes);
    }
    indexer.end_group();
    indexer.finish()
}

/// Whether a theme's templates mark the searchable part of their pages.
pub fn theme_marks_pages(theme: &crate::theme::Theme) -> bool {
    theme
        .templates
        .iter()
        .any(|t| crate::theme::has_search_mark(&t.source))
}

/// A sink that offers every file to an [`Indexer`] on its way to another sink.
pub struct Indexing<'a> {
    pub sink: &'a dyn Sink,
    pub indexer: &'a Indexer,
}

impl Sink for Indexing<'_> {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        self.indexer.offer(&file);
        for part in self.indexer.take_done() {
            self.sink.put(part)?;
        }
        self.sink.put(file)
    }

    /// A page the index may take is not opened (the index needs it whole, see
    /// [`Sink::put`]); any other file is written through.
    fn open(&self, path: &str, searchable: bool) -> Result<Opened<'_>, Error> {
        if searchable || !self.indexer.marked_only {
            return Ok(None);
        }
        for part in self.indexer.take_done() {
            self.sink.put(part)?;
        }
        self.sink.open(path, searchable)
    }

    fn end_group(&self) {
        self.indexer.end_group();
        self.sink.end_group();
    }
}

/// What the indexing thread is sent: a page (URL, HTML), or the end of a group of pages.
enum Message {
    Page(String, String),
    EndGroup,
}

/// Pagefind's part: the pages in, the index out, one part at a time (see [`Split`]).
/// A full part is written (Pagefind's `get_files`) on a thread of its own while the next one
/// fills; its files go to `done`. Returns the files of the last part and the [`SHARDS_FILE`].
fn run(
    pages: Receiver<Message>,
    done: Sender<Vec<OutFile>>,
    split: Split,
    stop: &AtomicBool,
) -> Result<Vec<OutFile>, String> {
    let runtime = runtime()?;
    let mut part = Part::new(0)?;
    let mut writing: Option<JoinHandle<Result<Vec<OutFile>, String>>> = None;
    // Pages arrive in groups (see `Sink::end_group`), in the order the build finishes them;
    // each group is indexed in the order of its URLs, so that the same site gives the same
    // files, and while the build makes the next group.
    let mut group: Vec<(String, String)> = Vec::new();
    let mut count = 0usize;
    let messages = pages.into_iter().map(Some).chain(std::iter::once(None));
    for message in messages {
        match message {
            Some(Message::Page(url, html)) => group.push((url, html)),
            Some(Message::EndGroup) | None => {
                group.sort_by(|a, b| a.0.cmp(&b.0));
                for (url, html) in group.drain(..) {
                    if stop.load(Ordering::Relaxed) {
                        return Err(STOPPED.into());
                    }
                    if split.part_of(count) != part.number {
                        let next = Part::new(part.number + 1)?;
                        let full = std::mem::replace(&mut part, next);
                        if let Some(previous) = writing.take() {
                            let _ = done.send(joined(previous)?);
                        }
                        writing = Some(std::thread::spawn(move || full.files()));
                    }
                    runtime.block_on(part.add(url, html))?;
                    count += 1;
                }
            }
        }
    }
    if let Some(previous) = writing.take() {
        let _ = done.send(joined(previous)?);
    }
    let parts = part.number + 1;
    let mut files = part.files()?;
    let shards: Vec<String> = (1..parts).map(shard_dir).collect();
    files.push(OutFile {
        path: format!("{}{SHARDS_FILE}", crate::model::SEARCH_INDEX_PATH),
        bytes: serde_json::to_vec(&serde_json::json!({ "shards": shards }))
            .map_err(|e| e.to_string())?,
    });
    Ok(files)
}

/// A tokio runtime on the calling thread, for Pagefind's async interface.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("no runtime: {e}"))
}

/// The result of a thread that writes a part of the index.
fn joined(handle: JoinHandle<Result<Vec<OutFile>, String>>) -> Result<Vec<OutFile>, String> {
    handle
        .join()
        .unwrap_or_else(|_| Err("Pagefind stopped with an internal error".into()))
}

/// The folder of part `number` (from 0) of the index, relative to the index's folder: "" for
/// the first part, `shard-2/` for the second, and so on.
fn shard_dir(number: usize) -> String {
    if number == 0 {
        String::new()
    } else {
        format!("shard-{}/", number + 1)
    }
}

/// One part of the index being filled.
struct Part {
    index: PagefindIndex,
    /// From 0; see [`shard_dir`].
    number: usize,
}

impl Part {
    fn new(number: usize) -> Result<Part, String> {
        let options = PagefindServiceConfig::builder().build();
        let index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        Ok(Part { index, number })
    }

    async fn add(&mut self, url: String, html: String) -> Result<(), String> {
        self.index
            .add_html_file(None, Some(url.clone()), html)
            .await
            .map_err(|e| format!("{url}: {e}"))?;
        Ok(())
    }

    /// The part's files under the index's folder. A part after the first leaves out what the
    /// first part's scripts bring for all of them (the scripts, the worker, the WebAssembly):
    /// Pagefind's `mergeIndex` reads only a part's entry, metadata, words, filters and
    /// fragments.
    fn files(mut self) -> Result<Vec<OutFile>, String> {
        let files = runtime()?
            .block_on(self.index.get_files())
            .map_err(|e| e.to_string())?;
        let dir = format!(
            "{}{}",
            crate::model::SEARCH_INDEX_PATH,
            shard_dir(self.number)
        );
        Ok(files
            .into_iter()
            .map(|f| (f.filename.to_string_lossy().replace('\\', "/"), f.contents))
            .filter(|(name, _)| {
                if self.number == 0 {
                    !UNUSED.iter().any(|u| name.starts_with(u))
                } else {
                    PART_FILES.iter().any(|p| name.starts_with(p)) || name.ends_with(".pf_meta")
                }
            })
            .map(|(name, bytes)| OutFile {
                path: format!("{dir}{name}"),
                bytes,
            })
            .collect())
    }
}

/// What a part of the index after the first keeps of Pagefind's files (with its `.pf_meta`).
const PART_FILES: [&str; 4] = ["pagefind-entry.json", "index/", "fragment/", "filter/"];

#[cfg(test)]
mod tests {
    #[test]
    fn parts_are_equal_and_the_last_takes_the_pages_beyond_the_estimate() {
        let split = super::Split::for_pages(10_013);
        assert_eq!(split.per_part, 911);
        assert_eq!(split.part_of(910), 0);
        assert_eq!(split.part_of(911), 1);
        assert_eq!(split.part_of(10_012), 10);
        assert_eq!(split.part_of(10_100), 10);
        let small = super::Split::for_pages(15);
        assert_eq!(small.part_of(40), 0);
    }
}
