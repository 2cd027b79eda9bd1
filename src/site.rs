//! One build from start to end: config, content, model, render, then an atomic swap of the
//! output folder. A failed build leaves the previous output as it was.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::{Error, Errors, Warning};
use crate::model::{self, LoadOptions, Roadmap};
use crate::outfile::OutFile;
use crate::output;
use crate::render;
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
pub fn load(opts: &BuildOptions) -> Result<Roadmap, Errors> {
    let mut roadmap = model::load(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
        },
    )?;
    if let Some(url) = &opts.base_url {
        let path = crate::config::base_path_of(url).map_err(|m| Error::Usage {
            message: format!("--base-url: {m}"),
        })?;
        roadmap.config.base_url = Some(url.trim_end_matches('/').to_string() + "/");
        roadmap.config.base_path = path;
    }
    if roadmap.config.base_url.is_none() {
        roadmap.warnings.push(
            Warning::site("no-sitemap", "no sitemap.xml: it needs absolute addresses").help(
                "set `base_url: https://…/` in roadmap.yaml (or pass --base-url) to have one",
            ),
        );
    }
    Ok(roadmap)
}

/// Renders a loaded roadmap into memory: every file of the site.
pub fn render(roadmap: &Roadmap) -> Result<(Vec<OutFile>, usize), Errors> {
    render_full(roadmap).map(|r| (r.files, r.pages))
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
    /// The view of every page as it was rendered (see `render::Rendering`).
    pub views: Vec<crate::views::pages::PageView>,
    /// What every page shares.
    pub shared: render::Shared,
}

/// Renders a loaded roadmap into memory, as [`render`], keeping the theme and the page views.
pub fn render_full(roadmap: &Roadmap) -> Result<RenderedSite, Errors> {
    let theme = theme::load(&roadmap.config)?;
    let mut copied = copy_list(roadmap)?;
    // Open data goes beside the pages like a copied file: pages may link to it.
    copied.extend(crate::opendata::files(roadmap, &theme));
    let out = render::render_with_views(roadmap, &theme, &copied)?;
    let mut files = out.output.files;
    files.extend(copied);
    // The search index of the rendered pages goes beside them (the search page loads it).
    files.extend(crate::search::index_site(&files)?);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Two sources writing one path is a mistake of the site, not something to pick silently.
    for w in files.windows(2) {
        if w[0].path == w[1].path {
            return Err(Error::Usage {
                message: format!("two files would be written to `{}`", w[0].path),
            }
            .into());
        }
    }
    Ok(RenderedSite {
        theme,
        files,
        pages: out.output.pages,
        views: out.views,
        shared: out.shared,
    })
}

/// The site's assets/ and the non-Markdown files of content/, read into memory.
fn copy_list(roadmap: &Roadmap) -> Result<Vec<OutFile>, Errors> {
    let mut out = Vec::new();
    let mut errs = Errors::default();
    for a in roadmap.site_assets.iter().chain(&roadmap.assets) {
        match std::fs::read(&a.file) {
            Ok(bytes) => out.push(OutFile {
                path: a.rel.clone(),
                bytes,
            }),
            Err(err) => errs.push(Error::io(&a.file, err)),
        }
    }
    errs.into_result(out)
}

/// Builds the site and swaps it into place.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Errors> {
    let started = Instant::now();
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    output::check_output(&opts.root, &output)?;
    let roadmap = load(opts)?;
    let (files, pages) = render(&roadmap)?;
    output::write_atomically(&output, &files)?;
    Ok(BuildReport {
        output,
        pages,
        files: files.len(),
        projects: roadmap.projects.len(),
        elapsed: started.elapsed(),
        warnings: roadmap.warnings.clone(),
    })
}
