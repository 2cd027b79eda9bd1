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

use crate::error::{Error, Errors};
use crate::outfile::OutFile;

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

/// One rendered page for the index.
pub struct Page<'a> {
    /// The page's URL from the site's root, without the site's path prefix: `/`,
    /// `/projekte/e-akte/`, `/404.html`. The search script puts the prefix in front.
    pub url: String,
    /// The page's HTML.
    pub html: &'a str,
}

/// The pages among a site's files (`index.html` files and other `.html` files, not the 404
/// page), each with its URL.
pub fn pages(files: &[OutFile]) -> Vec<Page<'_>> {
    files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
        .filter_map(|f| {
            let html = std::str::from_utf8(&f.bytes).ok()?;
            let url = match f.path.strip_suffix("index.html") {
                Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("/{dir}"),
                _ => format!("/{}", f.path),
            };
            Some(Page { url, html })
        })
        .collect()
}

/// The search index of a site's files: the files to add under `pagefind/`.
pub fn index_site(files: &[OutFile]) -> Result<Vec<OutFile>, Errors> {
    index(&pages(files))
}

/// Indexes `pages` with Pagefind and returns the index and Pagefind's scripts as files under
/// `pagefind/`, sorted by path.
///
/// When any page carries `data-pagefind-body`, only such pages are indexed (as Pagefind does);
/// otherwise every page's `<body>`. Soft hyphens are taken out of the text first, so that a
/// word is found however the build hyphenated it. Pagefind runs on a single-threaded tokio
/// runtime of its own, on a thread of its own (so that this also works when the caller runs
/// inside a runtime, as `serve` does).
///
/// # Errors
///
/// One error when Pagefind refuses its options or a page, or fails (or panics) while building
/// the index; its message names the page where one is to blame.
pub fn index(pages: &[Page<'_>]) -> Result<Vec<OutFile>, Errors> {
    let marked = pages.iter().any(|p| p.html.contains(BODY_MARK));
    let chosen: Vec<(String, String)> = pages
        .iter()
        .filter(|p| !marked || p.html.contains(BODY_MARK))
        .map(|p| (p.url.clone(), p.html.replace('\u{ad}', "")))
        .collect();
    let outcome = std::thread::scope(|s| {
        s.spawn(|| run(chosen))
            .join()
            .unwrap_or_else(|_| Err("Pagefind stopped with an internal error".into()))
    });
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

/// Pagefind's part: a runtime, the pages in, the files out.
fn run(pages: Vec<(String, String)>) -> Result<Vec<OutFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("no runtime: {e}"))?;
    runtime.block_on(async move {
        let options = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| format!("{url}: {e}"))?;
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
