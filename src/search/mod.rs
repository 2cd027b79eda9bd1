//! The search index: the rendered pages indexed by [Pagefind](https://pagefind.app) (the crate,
//! used as a library), written as files of the site under `pagefind/` — the index in chunks,
//! Pagefind's search script (`pagefind.js` and its worker, which the theme's `static/search.js`
//! loads) and its WebAssembly with the stemmer of the pages' language (from `<html lang>`). The search page
//! loads them from the site itself; nothing is requested from another host.
//!
//! What a page offers to the index is marked in its template, as Pagefind intends:
//! `data-pagefind-body` on the searchable part (pages without it are not indexed),
//! `data-pagefind-ignore` on parts to leave out, `data-pagefind-meta` and
//! `data-pagefind-filter` for what results show.
//!
//! The index is made from the finished pages, after the rendering, as Pagefind's own program
//! indexes a built site: the build's memory is let go before the index takes its own, and the
//! index's parts use every core. *Invariant:* reads and writes no file itself (the caller
//! gives the pages and takes the files); the same pages give the same bytes.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::error::{Error, Errors};
use crate::outfile::{Collect, OutFile, Sink};

/// The message of an index stopped by its flag (see [`index_site`]).
pub const STOPPED: &str = "stopped for a newer build";

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
/// of an index in memory until it writes the index (about 90 KB a page), and its library
/// looks up each page it is given among those it has (a step that grows with the pages held);
/// a site of more pages gets one index per this many pages, which the search page merges
/// (Pagefind's `mergeIndex`). The first part is the index at [`SEARCH_INDEX_PATH`], with
/// Pagefind's scripts; part *n* (from 2) is at `shard-n/` in it.
/// The environment variable `ROADMAP_SEARCH_SHARD_PAGES` sets another number (a whole number
/// from 1; anything else is ignored): the tests make small sites of several parts with it.
///
/// [`SEARCH_INDEX_PATH`]: crate::model::SEARCH_INDEX_PATH
pub const SHARD_PAGES: usize = 1000;

/// How many parts are filled at once at most (one a core, up to this many): each holds up
/// to [`SHARD_PAGES`] pages in memory, so a machine of many cores does not hold the index
/// of a whole large site.
const PARTS_AT_ONCE: usize = 4;

/// How the pages are divided into parts: `per_part` pages to a part, in the order of their
/// URLs; the last part takes what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Split {
    per_part: usize,
}

impl Split {
    /// For `pages` pages: as few parts of at most [`SHARD_PAGES`] as hold them, of equal size
    /// but for the last, smaller by fewer pages than there are parts (Pagefind ranks within each part,
    /// so a small last part would push its pages up); the environment's number of pages a
    /// part instead, when it sets one.
    fn for_pages(pages: usize) -> Split {
        let set = std::env::var("ROADMAP_SEARCH_SHARD_PAGES")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .filter(|n| *n > 0);
        if let Some(per_part) = set {
            return Split { per_part };
        }
        let parts = pages.div_ceil(SHARD_PAGES).max(1);
        Split {
            per_part: pages.div_ceil(parts).max(1),
        }
    }
}

/// The file, in the index's folder, that lists the further parts of the index for the search
/// page: JSON, `{"shards": ["shard-2/", …]}`, paths relative to the folder; an empty list for
/// a site whose index is one part.
pub const SHARDS_FILE: &str = "shards.json";

/// Indexes the pages of a finished site, as Pagefind's own program indexes a built site: the
/// pages among `paths` (see `page_url`; others are passed over), each read by `read` (its
/// bytes from the site's files; a page that is not UTF-8 is passed over), and puts the index's
/// files into `sink`, under `pagefind/`, part by part as each is finished. `marked_only`:
/// the theme marks what to index ([`theme_marks_pages`]), so pages without the mark are left
/// out, as Pagefind does.
///
/// The pages, in the order of their URLs, are divided into parts (see `Split`); as many
/// parts as the machine has cores (at most `PARTS_AT_ONCE`) are filled at once, each by a Pagefind index of its own on
/// a thread of its own (one index takes one page at a time), and each is written when it is
/// full. The same pages give the same files, whatever the order the parts finish in.
///
/// `stop`: when set, no further page is taken and the call fails with [`STOPPED`] (`serve`
/// sets it when a newer save makes this index useless).
///
/// # Errors
/// A page that `read` cannot give; Pagefind refusing its options or a page, or failing (or
/// panicking) while it builds a part (the message names the page where one is to blame);
/// the sink's failure to keep a file.
pub fn index_site(
    paths: &[String],
    read: &(dyn Fn(&str) -> Result<Vec<u8>, Error> + Sync),
    marked_only: bool,
    sink: &dyn Sink,
    stop: &AtomicBool,
) -> Result<(), Errors> {
    let mut pages: Vec<(String, &str)> = paths
        .iter()
        .filter_map(|p| page_url(p).map(|url| (url, p.as_str())))
        .collect();
    pages.sort();
    if marked_only {
        // Only pages with the mark count for the parts: they are read once to see.
        let marked: Vec<Result<bool, Error>> = pages
            .par_iter()
            .map(|(_, path)| {
                let bytes = read(path)?;
                Ok(std::str::from_utf8(&bytes).is_ok_and(|html| html.contains(BODY_MARK)))
            })
            .collect();
        let mut keep = Vec::with_capacity(pages.len());
        for (page, mark) in pages.into_iter().zip(marked) {
            if mark? {
                keep.push(page);
            }
        }
        pages = keep;
    }
    let split = Split::for_pages(pages.len());
    let parts: Vec<&[(String, &str)]> = pages.chunks(split.per_part).collect();
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(PARTS_AT_ONCE)
        .clamp(1, parts.len().max(1));
    let fill = || -> Result<(), String> {
        let runtime = runtime()?;
        loop {
            let number = next.fetch_add(1, Ordering::Relaxed);
            let Some(pages) = parts.get(number) else {
                return Ok(());
            };
            let mut part = Part::new(number)?;
            for (url, path) in pages.iter() {
                if stop.load(Ordering::Relaxed) {
                    return Err(STOPPED.into());
                }
                let bytes = read(path).map_err(|e| e.to_string())?;
                let Ok(html) = String::from_utf8(bytes) else {
                    continue;
                };
                runtime.block_on(part.add(url.clone(), compact(&html)))?;
            }
            for file in part.files()? {
                sink.put(file).map_err(|e| e.to_string())?;
            }
        }
    };
    let outcomes: Vec<Result<(), String>> = std::thread::scope(|scope| {
        let running: Vec<_> = (0..workers).map(|_| scope.spawn(fill)).collect();
        running
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("Pagefind stopped with an internal error".into()))
            })
            .collect()
    });
    let failed = |message: String| -> Errors {
        Error::io(
            crate::model::SEARCH_INDEX_PATH,
            std::io::Error::other(format!("the search index could not be built: {message}")),
        )
        .into()
    };
    if let Some(message) = outcomes.into_iter().find_map(Result::err) {
        return Err(failed(message));
    }
    if parts.is_empty() {
        // No page to index: an empty index still answers the search page.
        for file in Part::new(0).and_then(Part::files).map_err(failed)? {
            sink.put(file)?;
        }
    }
    let shards: Vec<String> = (1..parts.len()).map(shard_dir).collect();
    sink.put(OutFile {
        path: format!("{}{SHARDS_FILE}", crate::model::SEARCH_INDEX_PATH),
        bytes: serde_json::to_vec(&serde_json::json!({ "shards": shards }))
            .map_err(|e| failed(e.to_string()))?,
    })?;
    Ok(())
}

/// The search index of a site's files held in memory (the pages among them), as files under
/// `pagefind/`, sorted by path; see [`index_site`]. For `serve`, which indexes after it has
/// shown the new pages.
///
/// # Errors
/// As [`index_site`].
pub fn index_pages<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    stop: Arc<AtomicBool>,
) -> Result<Vec<OutFile>, Errors> {
    let files: HashMap<&str, &[u8]> = files.collect();
    // When any page carries the mark, only those are indexed.
    let marked = files.iter().any(|(path, bytes)| {
        page_url(path).is_some()
            && std::str::from_utf8(bytes).is_ok_and(|html| html.contains(BODY_MARK))
    });
    let paths: Vec<String> = files.keys().map(|p| (*p).to_string()).collect();
    let read = |path: &str| -> Result<Vec<u8>, Error> {
        files
            .get(path)
            .map(|b| b.to_vec())
            .ok_or_else(|| Error::io(path, std::io::ErrorKind::NotFound.into()))
    };
    let sink = Collect::default();
    index_site(&paths, &read, marked, &sink, &stop)?;
    let mut out = sink.into_files();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Whether a theme's templates mark the searchable part of their pages.
pub fn theme_marks_pages(theme: &crate::theme::Theme) -> bool {
    theme
        .templates
        .iter()
        .any(|t| crate::theme::has_search_mark(&t.source))
}

/// A tokio runtime on the calling thread, for Pagefind's async interface.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("no runtime: {e}"))
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
    fn parts_are_equal_but_for_a_last_one_page_smaller() {
        for (pages, per_part, parts) in [
            (10_013, 911, 11),
            (15, 15, 1),
            (1000, 1000, 1),
            (1001, 501, 2),
        ] {
            let split = super::Split::for_pages(pages);
            assert_eq!(split.per_part, per_part, "{pages} pages");
            let sizes: Vec<usize> = (0..pages)
                .collect::<Vec<_>>()
                .chunks(split.per_part)
                .map(<[usize]>::len)
                .collect();
            assert_eq!(sizes.len(), parts, "{pages} pages");
            assert!(
                sizes
                    .iter()
                    .all(|s| *s + parts > per_part && *s <= super::SHARD_PAGES),
                "{sizes:?}"
            );
        }
    }
}
