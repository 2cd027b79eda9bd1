//! One build from start to end: config, content, model, render, then an atomic swap of the
//! output folder. A failed build leaves the previous output as it was.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Errors, Warning};
use crate::model::{self, LoadOptions, Roadmap};
use crate::outfile::{Collect, Discard, OutFile, Sink};
use crate::output;
use crate::render::{self, Keep};
use crate::theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `<root>/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides roadmap.yaml's base_url.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub projects: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Warning>,
}

/// Loads the roadmap under `opts.root`, applying command-line overrides.
///
/// # Errors
/// Every error of roadmap.yaml, or of the content files together with the faults of the
/// links in the files that did load (see `with_link_faults`); a `--base-url` that is not
/// an address.
pub fn load(opts: &BuildOptions) -> Result<Roadmap, Errors> {
    let (mut roadmap, errs) = model::load_partial(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
        },
    )?;
    if let Some(url) = &opts.base_url {
        let (url, path) = crate::config::parse_base_url(url).map_err(|m| Error::Usage {
            message: format!("--base-url: {m}"),
        })?;
        roadmap.config.base_url = Some(url);
        roadmap.config.base_path = path;
    }
    if !errs.is_empty() {
        return Err(with_link_faults(&roadmap, errs));
    }
    let drafts = roadmap.projects.iter().filter(|p| p.draft).count()
        + roadmap.pages.iter().filter(|p| p.draft).count();
    if drafts > 0 {
        roadmap.warnings.push(
            Warning::site(
                "drafts-included",
                format!(
                    "{} built with `--drafts`: this output is for review, not for publishing",
                    if drafts == 1 {
                        "1 draft is".to_string()
                    } else {
                        format!("{drafts} drafts are")
                    }
                ),
            )
            .help("build without `--drafts` for the site to publish; `roadmap serve --drafts` shows drafts without writing public/"),
        );
    }
    // Footnotes that will not read as meant (a body without `[^` is passed over at once).
    let notes: Vec<Warning> = crate::bodies::sources(&roadmap)
        .par_iter()
        .flat_map_iter(|d| crate::markdown::footnote_warnings(d.src))
        .collect();
    roadmap.warnings.extend(notes);
    if roadmap.config.base_url.is_none() {
        roadmap.warnings.push(
            Warning::site("no-sitemap", "no sitemap.xml: it needs absolute addresses").help(
                "set `base_url: https://…/` in roadmap.yaml (or pass `--base-url` to `build`) to have one",
            ),
        );
    }
    Ok(roadmap)
}

/// `errs`, the errors of files that failed to load, with the faults of the links in the files
/// that did, so that an editor sees every fault at once and not the links only once each file
/// loads. The files that loaded are rendered in memory and nothing is kept; links to the
/// pages of the failed files are not checked (`Roadmap::unloaded`), and the rendering's
/// other errors are left out: they may come from what is missing.
fn with_link_faults(roadmap: &Roadmap, mut errs: Errors) -> Errors {
    if let Ok(theme) = theme::load(&roadmap.config) {
        let rendered = render_into(roadmap, &theme, &Discard, Keep::Nothing, None);
        if let Err(more) = rendered {
            errs.0.extend(
                more.0
                    .into_iter()
                    .filter(|e| matches!(e, Error::Link { .. })),
            );
        }
    }
    errs.sort_by_place();
    errs
}

/// Renders a loaded roadmap into memory: every file of the site (sorted by path) and how many
/// of them are pages — all but the search index, which `build` makes and `serve` makes after
/// its reload ([`crate::search::index_pages`]); `check` and `export` do not need it.
///
/// # Errors
/// Every error of the site (see [`render::render`]).
pub fn render(roadmap: &Roadmap) -> Result<(Vec<OutFile>, usize), Errors> {
    let theme = theme::load(&roadmap.config)?;
    let sink = Collect::default();
    let out = render_into(roadmap, &theme, &sink, Keep::Nothing, None)?;
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, out.pages))
}

/// A site rendered again in memory for `serve`, taking from the rendering before it the
/// project pages whose inputs did not change (see [`render::Reuse`]).
pub struct Rerendered {
    /// The files made this time, sorted by path (the reused ones are not among them).
    pub files: Vec<OutFile>,
    /// The paths of the files taken from last time, which the caller still has.
    pub reused: Vec<String>,
    /// How many pages the site has (rendered or reused).
    pub pages: usize,
    /// What the next rendering may take from this one.
    pub reuse: render::Reuse,
    /// The paths of the files the templates made (rendered or reused): what the search index
    /// may take, unlike the copied files.
    pub rendered: BTreeSet<String>,
}

/// Renders a loaded roadmap into memory as [`render()`] does, rendering only the project pages
/// whose fingerprint differs from `previous` (an empty [`render::Reuse`] renders everything).
///
/// # Errors
/// Every error of the site (see [`render::render`]).
pub fn render_again(roadmap: &Roadmap, previous: &render::Reuse) -> Result<Rerendered, Errors> {
    let theme = theme::load(&roadmap.config)?;
    let sink = Collect::default();
    let out = render_into(roadmap, &theme, &sink, Keep::Nothing, Some(previous))?;
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut rendered = out.written;
    rendered.extend(out.reused.iter().cloned());
    Ok(Rerendered {
        files,
        reused: out.reused,
        pages: out.pages,
        reuse: out.reuse.unwrap_or_default(),
        rendered,
    })
}

/// A site rendered in memory, with its theme and what its pages were rendered from: what a
/// document made of the site's pages (`roadmap export`) builds on.
pub struct RenderedSite {
    /// The theme the site was rendered with.
    pub theme: theme::Theme,
    /// Every file of the site (pages, charts, static files, copied files), sorted by path.
    pub files: Vec<OutFile>,
    /// How many of `files` are pages.
    pub pages: usize,
    /// The view of every page as it was rendered (see `render::Rendering`), sorted by path.
    pub views: Vec<crate::views::pages::PageView>,
    /// What every page shares.
    pub shared: render::Shared,
}

/// Renders a loaded roadmap into memory, as [`render()`], keeping the theme and the page views
/// (with each project's Zeithorizont inline).
///
/// # Errors
/// Every error of the site (see [`render::render`]).
pub fn render_full(roadmap: &Roadmap) -> Result<RenderedSite, Errors> {
    let theme = theme::load(&roadmap.config)?;
    let sink = Collect::default();
    let out = render_into(roadmap, &theme, &sink, Keep::Views, None)?;
    let mut files = sink.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(RenderedSite {
        theme,
        files,
        pages: out.pages,
        views: out.views,
        shared: out.shared,
    })
}

/// Renders a loaded roadmap with `theme` into `sink`: the pages and charts as they are made,
/// then the copied files (assets, content files, open data). The search index is made from
/// the finished pages afterwards (see [`build`]).
///
/// # Errors
/// Every error of the site; two sources writing one path.
fn render_into(
    roadmap: &Roadmap,
    theme: &theme::Theme,
    sink: &dyn Sink,
    keep: Keep,
    previous: Option<&render::Reuse>,
) -> Result<render::Rendering, Errors> {
    // Copied files and open data go beside the pages (pages may link to them); they are made
    // and written after the pages, one at a time, so a build never holds them all.
    let assets: Vec<&crate::content::ContentAsset> =
        roadmap.site_assets.iter().chain(&roadmap.assets).collect();
    let mut paths: Vec<String> = assets.iter().map(|a| a.rel.clone()).collect();
    paths.extend(
        crate::opendata::FILES
            .iter()
            .map(|f| format!("{}{f}", crate::opendata::DIR)),
    );
    let out = render::render(roadmap, theme, &paths, sink, keep, previous)?;
    let clashes = publishing_clashes(&assets, &paths, &out.written);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    let errs: Vec<Error> = assets
        .par_iter()
        .filter_map(|a| {
            let bytes = std::fs::read(&a.file).map_err(|err| Error::io(&a.file, err));
            bytes
                .and_then(|bytes| {
                    sink.put(OutFile {
                        path: a.rel.clone(),
                        bytes,
                    })
                })
                .err()
        })
        .collect();
    Errors(errs).into_result(())?;
    crate::opendata::write(roadmap, theme, sink)?;
    Ok(out)
}

/// The copied files (`assets`, first in `paths`, then the open data's paths) that would take
/// the place of a file the rendering `written` or of another copied file, or whose path
/// differs from a made file's only in letter case: an error at each copied file to blame.
fn publishing_clashes(
    assets: &[&crate::content::ContentAsset],
    paths: &[String],
    written: &BTreeSet<String>,
) -> Errors {
    // Two sources writing one path is a mistake of the site, not something to pick silently:
    // each copied file that would take a made file's place (or another copied file's) is
    // named, with the file it would replace.
    let mut seen = std::collections::HashMap::new();
    let mut clashes = Errors::default();
    for (i, p) in paths.iter().enumerate() {
        let first = seen.insert(p.as_str(), i);
        if first.is_none() && !written.contains(p) {
            continue;
        }
        // The copied file to blame, and what it would replace.
        let (culprit, what) = match (assets.get(i), first.and_then(|f| assets.get(f))) {
            (Some(a), Some(other)) => {
                // Names alike to the eye: one of them decomposed (`U` and a combining mark).
                use unicode_normalization::UnicodeNormalization;
                let (x, y) = (a.file.to_string_lossy(), other.file.to_string_lossy());
                let encoded = x != y && x.nfc().eq(y.nfc());
                let why = if encoded {
                    "; the two names differ only in how their letters are encoded (one decomposed, as macOS writes names): keep one of the files"
                } else {
                    ""
                };
                (
                    Some(a),
                    format!("`{}`, copied there too{why}", other.file.display()),
                )
            }
            (Some(a), None) => (Some(a), made_by(p)),
            (None, Some(other)) => (Some(other), made_by(p)),
            (None, None) => (None, made_by(p)),
        };
        clashes.push(match culprit {
            Some(a) => Error::content_help(
                crate::error::Location::file(&a.file),
                format!("this file would be published at `{p}`, the place of {what}"),
                Some("rename the file or move it into another folder".into()),
            ),
            None => Error::Usage {
                message: format!("two files would be written to `{p}` ({what})"),
            },
        });
    }
    // A copied file whose path differs from a made file's only in letter case replaces it on
    // a host that ignores case (Windows, macOS).
    if assets.is_empty() {
        return clashes;
    }
    let lowered: std::collections::HashMap<String, &str> = written
        .iter()
        .chain(paths.iter().skip(assets.len()))
        .map(|p| (p.to_lowercase(), p.as_str()))
        .collect();
    for (a, p) in assets.iter().zip(paths) {
        if let Some(other) = lowered.get(&p.to_lowercase()).filter(|o| **o != p.as_str()) {
            clashes.push(Error::content_help(
                crate::error::Location::file(&a.file),
                format!(
                    "this file would be published at `{p}`, which differs only in letter case from `{other}`, made by the build: a host on Windows or macOS keeps one of the two"
                ),
                Some("rename the file or move it into another folder".into()),
            ));
        }
    }
    clashes
}

/// What the build makes at `p`, for messages.
fn made_by(p: &str) -> String {
    if p.starts_with(crate::opendata::DIR) {
        "the open data".to_string()
    } else if p.ends_with(".html") || p.ends_with('/') {
        "a page the build makes".to_string()
    } else {
        "a file of the theme or the build".to_string()
    }
}

/// Builds the site into a staging folder, page by page, and swaps it into place; a failed
/// build leaves the previous output as it was.
///
/// # Errors
/// Every error of the site; the output folder refused by the guard; an I/O failure.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Errors> {
    let started = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let output = output::real_output(&output)?;
    output::check_output(&opts.root, &output)?;
    let roadmap = load(opts)?;
    let theme = theme::load(&roadmap.config)?;
    let staging = output::Staging::begin(&output)?;
    let listing = Listing {
        sink: &staging,
        paths: Default::default(),
    };
    let mut out = render_into(&roadmap, &theme, &listing, Keep::Nothing, None)?;
    let mut files = listing
        .paths
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .len();
    // The index takes the pages the templates made, not copied files (an HTML file among a
    // site's assets is not a page of the site).
    let rendered: Vec<String> = std::mem::take(&mut out.written).into_iter().collect();
    let report = BuildReport {
        output,
        pages: out.pages,
        files,
        projects: roadmap.projects.len(),
        elapsed: started.elapsed(),
        warnings: roadmap.warnings.clone(),
    };
    let search = roadmap.config.search;
    let marked_only = crate::search::theme_marks_pages(&theme);
    // The index is made from the finished pages, with the model and the views let go.
    drop((out, theme, roadmap));
    if search {
        let counting = Counting {
            sink: &staging,
            files: AtomicUsize::new(0),
        };
        let read = |path: &str| staging.read(path);
        let stop = std::sync::atomic::AtomicBool::new(false);
        crate::search::index_site(&rendered, &read, marked_only, &counting, &stop)?;
        files += counting.files.load(Ordering::Relaxed);
    }
    let mut warnings = report.warnings;
    warnings.extend(staging.finish()?);
    Ok(BuildReport {
        files,
        elapsed: started.elapsed(),
        warnings,
        ..report
    })
}

/// A sink that keeps the paths of the files it passes on (a file written again once).
struct Listing<'a> {
    sink: &'a dyn Sink,
    paths: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl Listing<'_> {
    fn note(&self, path: &str) {
        let mut paths = self.paths.lock().unwrap_or_else(|p| p.into_inner());
        if !paths.contains(path) {
            paths.insert(path.to_string());
        }
    }
}

impl Sink for Listing<'_> {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        self.note(&file.path);
        self.sink.put(file)
    }

    fn open(&self, path: &str) -> Result<crate::outfile::Opened<'_>, Error> {
        let file = self.sink.open(path)?;
        if file.is_some() {
            self.note(path);
        }
        Ok(file)
    }
}

/// A sink that counts the files it passes on.
struct Counting<'a> {
    sink: &'a dyn Sink,
    files: AtomicUsize,
}

impl Sink for Counting<'_> {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.sink.put(file)
    }
}
