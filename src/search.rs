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

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::JoinHandle;

use crate::error::{Error, Errors};
use crate::outfile::{OutFile, Sink};

/// The attribute that marks a page's searchable part.
const BODY_MARK: &str = "data-pagefind-body";

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

/// Indexes pages as a build makes them, on a thread of its own (Pagefind on a single-threaded
/// tokio runtime, which also works when the caller runs inside a runtime, as `serve` does).
/// Pages wait in a short queue and in their group (see [`Sink::end_group`]), so a build holds
/// only a group of them for the index.
pub struct Indexer {
    queue: Mutex<Option<SyncSender<Message>>>,
    worker: Option<JoinHandle<Result<Vec<OutFile>, String>>>,
    /// Index only pages that carry [`BODY_MARK`] (the theme marks its pages), else every page.
    marked_only: bool,
}

impl Indexer {
    /// Starts the indexing thread. `marked_only`: whether the theme's templates mark what to
    /// index (`data-pagefind-body`); then pages without the mark are left out, as Pagefind does.
    pub fn start(marked_only: bool) -> Indexer {
        let (tx, rx) = sync_channel::<Message>(256);
        let worker = std::thread::spawn(move || run(rx));
        Indexer {
            queue: Mutex::new(Some(tx)),
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

    /// Waits for the index: the index and Pagefind's scripts as files under `pagefind/`,
    /// sorted by path.
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
            Ok(mut files) => {
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

/// What the index reads of a page: its `<html>` start tag (the language picks the stemmer),
/// its `<title>` and its `<main>`, where the theme puts everything it marks for the index; the
/// whole page when it has no `<main>`. Soft hyphens are taken out, so that a word is found
/// however the build hyphenated it. Pages wait for the index in this shorter form.
fn compact(html: &str) -> String {
    let part = |open: &str, close: &str| -> Option<&str> {
        let start = html.find(open)?;
        let end = html[start..].find(close)? + start + close.len();
        Some(&html[start..end])
    };
    let text = match (part("<html", ">"), part("<main", "</main>")) {
        (Some(root), Some(main)) => {
            let title = part("<title>", "</title>").unwrap_or_default();
            format!("{root}<head>{title}</head><body>{main}</body></html>")
        }
        _ => html.to_string(),
    };
    text.replace('\u{ad}', "")
}

/// The search index of a site's files held in memory (the pages among them, each offered as
/// a build offers it), as files under `pagefind/`. For `serve`, which indexes after it has
/// shown the new pages.
///
/// # Errors
/// As [`Indexer::finish`].
pub fn index_pages<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])> + Clone,
) -> Result<Vec<OutFile>, Errors> {
    let marked = files.clone().any(|(path, bytes)| {
        page_url(path).is_some()
            && bytes
                .windows(BODY_MARK.len())
                .any(|w| w == BODY_MARK.as_bytes())
    });
    let indexer = Indexer::start(marked);
    for (path, bytes) in files {
        indexer.offer_page(path, bytes);
    }
    indexer.end_group();
    indexer.finish()
}

/// Whether a theme's templates mark the searchable part of their pages.
pub fn theme_marks_pages(theme: &crate::theme::Theme) -> bool {
    theme.templates.iter().any(|t| t.source.contains(BODY_MARK))
}

/// A sink that offers every file to an [`Indexer`] on its way to another sink.
pub struct Indexing<'a> {
    pub sink: &'a dyn Sink,
    pub indexer: &'a Indexer,
}

impl Sink for Indexing<'_> {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        self.indexer.offer(&file);
        self.sink.put(file)
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

/// Pagefind's part: a runtime, the pages in, the files out.
fn run(pages: Receiver<Message>) -> Result<Vec<OutFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("no runtime: {e}"))?;
    runtime.block_on(async move {
        let options = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        // Pages arrive in groups (see `Sink::end_group`), in the order the build finishes
        // them; each group is indexed in the order of its URLs, so that the same site gives
        // the same files, and while the build makes the next group.
        let mut group: Vec<(String, String)> = Vec::new();
        let messages = pages.into_iter().map(Some).chain(std::iter::once(None));
        for message in messages {
            match message {
                Some(Message::Page(url, html)) => group.push((url, html)),
                Some(Message::EndGroup) | None => {
                    group.sort_by(|a, b| a.0.cmp(&b.0));
                    for (url, html) in group.drain(..) {
                        index
                            .add_html_file(None, Some(url.clone()), html)
                            .await
                            .map_err(|e| format!("{url}: {e}"))?;
                    }
                }
            }
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok(files
            .into_iter()
            .filter(|f| !UNUSED.iter().any(|u| f.filename.starts_with(u)))
            .map(|f| OutFile {
                path: format!(
                    "{}{}",
                    crate::model::SEARCH_INDEX_PATH,
                    f.filename.to_string_lossy().replace('\\', "/")
                ),
                bytes: f.contents,
            })
            .collect())
    })
}
