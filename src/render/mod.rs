//! Rendering: the page views (`views::pages`) through the theme's templates, in parallel, into
//! a sink (each page handed on whole, or written into a file the sink opens for it as it
//! renders); then the checks that need the rendered site (ids kept apart from the template's,
//! `#fragments`, root-absolute links) and the sitemap. Nothing is read from or written to disk
//! here but through the sink.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::Value;

use crate::bodies;
use crate::error::{Error, Errors};
use crate::markdown::Inline;
use crate::model::Roadmap;
use crate::theme::{self, Theme};
use crate::views::pages::{self, PageView};
use crate::views::Views;

mod env;
mod pager;

use crate::outfile::Opened;
pub use crate::outfile::{OutFile, Sink};
pub use env::{compile, Env, Shared};
pub use pager::Keep;
use pager::{Done, Pager, Reusable};

/// A site rendered into a [`Sink`]: how many pages, and what its pages were rendered from (the
/// page views, when kept, and the values every page shares). A document made of the site's
/// pages (`roadmap export`) renders the views again with [`Env`].
pub struct Rendering {
    /// How many pages (HTML files made from templates) went into the sink.
    pub pages: usize,
    /// Every page's view as its page was rendered (bodies' ids kept apart from their
    /// templates'), when asked for with [`Keep::Views`]; else empty.
    pub views: Vec<PageView>,
    /// What every page shares.
    pub shared: Shared,
    /// The path of every file that went into the sink.
    pub written: BTreeSet<String>,
    /// What the next rendering may take from this one (only when given a [`Reuse`]).
    pub reuse: Option<Reuse>,
    /// The files of the project pages taken from the previous rendering: not put into the
    /// sink; the caller has them from last time.
    pub reused: Vec<String>,
}

/// What a rendering may take from the one before it (`roadmap serve`): each project page
/// with the fingerprint of what it was made from ([`Views::project_fingerprint`]), its element
/// ids and the paths of its files (the page and its charts). A project page whose fingerprint
/// is unchanged is not rendered again.
#[derive(Debug, Default)]
pub struct Reuse {
    pages: HashMap<String, Reusable>,
}

/// Renders the whole site into `sink`, page by page as each is made (in parallel), and checks
/// it. `copied` are the paths of the files put beside the pages (the site's assets/, the other
/// files of content/, open data): root-absolute links may point to them.
///
/// # Errors
/// Every error of the site's templates, bodies and links, in the order of their places, each
/// once. The sink then holds an incomplete site: a build throws its staging folder away.
pub fn render(
    roadmap: &Roadmap,
    theme: &Theme,
    copied: &[String],
    sink: &dyn Sink,
    keep: Keep,
    previous: Option<&Reuse>,
) -> Result<Rendering, Errors> {
    let tera = compile(theme, roadmap.config.language)?;
    let list = bodies::sources(roadmap);
    let assets = bodies::asset_set(roadmap);
    // The Zeitstrahl is drawn while the bodies are rendered, before the listings hold the
    // cards: at 10,000 projects drawing it takes about 26 MB for a moment.
    let charts = crate::charts::pages::PageCharts::new(roadmap, theme, keep == Keep::Views);
    let words = bodies::ThemeWords::of(theme);
    let ((mut docs, renamed), timeline) = rayon::join(
        || bodies::render_all(roadmap, &list, &assets, &words),
        || charts.take("timeline/"),
    );
    let ctx = bodies::context(roadmap, &assets, &renamed, &words);
    let inline = Inline::new(&ctx);
    let lookups = crate::views::Lookups::new(roadmap);
    let project_bodies = crate::views::ProjectBodies::take_from(&mut docs, roadmap);
    let views = Views {
        roadmap,
        theme,
        docs: &docs,
        project_bodies: &project_bodies,
        document: keep == Keep::Views,
        inline: &inline,
        lookups: &lookups,
    };
    // Every path handed on is kept: the link checks and the caller's duplicate check need them.
    let recorded = Recording {
        sink,
        paths: Mutex::new(BTreeSet::new()),
    };
    let sink: &dyn Sink = &recorded;
    let site_fingerprint = previous.map(|_| views.site_fingerprint(&renamed));
    let jobs = pages::all(&views);
    // Charts: SVG for the home and timeline pages (the Zeitstrahl also as a file, put now);
    // each project's Zeithorizont and KPI charts are drawn with its page.
    let mut timeline = timeline?;
    for f in std::mem::take(&mut timeline.files) {
        sink.put(f)?;
    }
    let timeline = Mutex::new(Some(timeline));
    let shared = Shared {
        site: tera::Value::from_serializable(&views.site()),
        i18n: tera::Value::from_serializable(&theme.i18n),
        description: roadmap.config.description.clone(),
    };
    let table_label = theme.t("table");
    let pager = Pager {
        env: Env::new(&tera, theme, &shared),
        docs: &docs,
        sources: list.iter().map(|d| (d.src.rel.as_str(), d)).collect(),
        ctx: &ctx,
        body_style: (roadmap.config.language, table_label.as_str()),
        sink,
        keep,
    };
    let listing = |build: pages::Build| {
        let mut job = build();
        let drawn = match job.path.as_str() {
            "timeline/" => timeline.lock().unwrap_or_else(|p| p.into_inner()).take(),
            _ => None,
        };
        let charts = match drawn {
            Some(drawn) => drawn,
            None => charts.take(&job.path)?,
        };
        for f in charts.files {
            sink.put(f)?;
        }
        if let Value::Object(map) = &mut job.data {
            map.extend(charts.data);
        }
        job.shared.extend(charts.shared);
        pager.page(job)
    };
    // The dashboard is made beside the cards and let go before the listings that take them
    // (see `pages::before_cards`).
    let (mut done, ()) = rayon::join(
        || -> Vec<Result<Done, Error>> {
            pages::before_cards(&views)
                .into_iter()
                .map(listing)
                .collect()
        },
        || views.prepare_cards(),
    );
    done.par_extend(jobs.into_par_iter().map(listing));
    views.forget_cards();
    let drawer = crate::charts::Charts::new(roadmap, theme);
    done.par_extend(roadmap.projects.par_iter().map(|p| {
        let fingerprint = site_fingerprint.map(|site| views.project_fingerprint(p, site));
        let last = previous.and_then(|r| r.pages.get(&p.path));
        if let (Some(f), Some(last)) = (fingerprint, last) {
            if last.fingerprint == f {
                return Ok(Done::reused(&p.path, last));
            }
        }
        let mut job = pages::project(&views, p);
        let inline = keep == Keep::Views;
        let chart = crate::charts::pages::zeithorizont(&drawer, p, inline)?;
        let kpis = crate::charts::pages::kpis(&drawer, p, inline)?;
        let mut files = Vec::new();
        if let Value::Object(map) = &mut job.data {
            if let Some((data, file)) = chart {
                map.insert("zeithorizont".into(), data);
                files.push(file.path.clone());
                sink.put(file)?;
            }
            if let Some((data, list)) = kpis {
                map.insert("kpi_charts".into(), data);
                for f in list {
                    files.push(f.path.clone());
                    sink.put(f)?;
                }
            }
        }
        let mut done = pager.page(job)?;
        if let Some(f) = fingerprint {
            files.push(done.path.clone());
            done.reusable = Some((
                p.path.clone(),
                Reusable {
                    fingerprint: f,
                    page: done.path.clone(),
                    ids: done.ids.clone(),
                    files,
                },
            ));
        }
        Ok(done)
    }));
    drop(pager);
    let mut errs = Errors::default();
    let mut pages_done = Vec::with_capacity(done.len());
    for d in done {
        match d {
            Ok(d) => pages_done.push(d),
            Err(e) => errs.push(e),
        }
    }
    // A page that could not be made or written (a template's fault, a full disk) has no ids:
    // links to it would be reported broken although only the page is at fault.
    let pages_failed = !errs.is_empty();
    let mut found = inline.into_found();
    let mut kept = Vec::new();
    let mut ids = BTreeMap::new();
    let mut reuse = previous.map(|_| Reuse::default());
    let mut reused = Vec::new();
    for d in pages_done {
        if let Some((rel, r)) = d.again {
            docs.insert(rel, r);
        }
        if let Some(files) = d.reused {
            reused.extend(files);
        }
        if let (Some(reuse), Some((path, r))) = (&mut reuse, d.reusable) {
            reuse.pages.insert(path, r);
        }
        kept.extend(d.view);
        let path = d.path.clone();
        if ids
            .insert(d.path, d.ids.into_iter().collect::<BTreeSet<_>>())
            .is_some()
        {
            // Which of the two was written last is chance: never a site to publish.
            errs.push(Error::Usage {
                message: format!("two pages would be written to `{path}`"),
            });
        }
    }
    for d in docs.values_mut() {
        found.append(&mut d.found);
    }
    errs.0.append(&mut found.errors);
    let pages = ids.len();
    let page_paths: BTreeSet<String> = ids.keys().cloned().collect();
    for f in site_files_of(roadmap, theme, &page_paths) {
        if let Err(e) = sink.put(f) {
            errs.push(e);
        }
    }
    let written = recorded
        .paths
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    let mut all = written.clone();
    all.extend(reused.iter().cloned());
    all.extend(copied.iter().cloned());
    if !pages_failed {
        errs.0
            .extend(bodies::check(&found, &all, &ids, &roadmap.unloaded));
    }
    if !errs.is_empty() {
        errs.sort_by_place();
        return Err(errs);
    }
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendering {
        pages,
        views: kept,
        shared,
        written,
        reuse,
        reused,
    })
}

/// A sink that passes every file on and keeps its path.
struct Recording<'a> {
    sink: &'a dyn Sink,
    paths: Mutex<BTreeSet<String>>,
}

impl Sink for Recording<'_> {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        self.paths
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(file.path.clone());
        self.sink.put(file)
    }

    fn open(&self, path: &str) -> Result<Opened<'_>, Error> {
        let file = self.sink.open(path)?;
        if file.is_some() {
            self.paths
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(path.to_string());
        }
        Ok(file)
    }
}

/// The files beside the pages: the sitemap of the `pages` (only with base_url: sitemaps.org
/// requires absolute URLs; `site::load` warns without) and the theme's static files.
fn site_files_of(roadmap: &Roadmap, theme: &Theme, pages: &BTreeSet<String>) -> Vec<OutFile> {
    let mut files = Vec::new();
    if let Some(base_url) = &roadmap.config.base_url {
        files.push(OutFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(base_url, pages).into_bytes(),
        });
    }
    for (rel, bytes) in theme
        .statics
        .iter()
        .filter(|(rel, _)| !theme::export_only(rel))
        .filter(|(rel, _)| roadmap.config.search || !theme::SEARCH_ONLY.contains(&rel.as_str()))
    {
        files.push(OutFile {
            path: format!("static/{rel}"),
            bytes: bytes.clone(),
        });
    }
    files
}

/// The sitemap of every page; `prefix` is the absolute base URL ending in `/`.
fn sitemap(prefix: &str, pages: &BTreeSet<String>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = pages
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| p.trim_end_matches("index.html"))
        .collect();
    paths.sort_unstable();
    for p in paths {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            xml_escape(&format!("{prefix}{p}"))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
