//! Rendering: the page views (`views::pages`) through the theme's templates, in parallel, into
//! an in-memory list of output files; then the checks that need the rendered site (ids kept
//! apart from the template's, `#fragments`, root-absolute links) and the sitemap. Nothing is
//! read from or written to disk here.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::bodies;
use crate::error::{Error, Errors, Location};
use crate::markdown::{self, Inline, LinkContext, Rendered};
use crate::model::Roadmap;
use crate::theme::{self, Theme};
use crate::views::pages::{self, PageView};
use crate::views::Views;

pub use crate::outfile::{OutFile, Sink};

/// How many project pages are rendered together before the sink is told a group ended.
const PROJECT_GROUP: usize = 256;

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

#[derive(Debug, Clone)]
struct Reusable {
    fingerprint: u64,
    /// The page's file (also among `files`).
    page: String,
    ids: Vec<String>,
    files: Vec<String>,
}

/// What a rendering keeps besides the files it hands to its sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: each page's data is dropped once its page is written (a build's memory stays
    /// the same whatever the number of projects).
    Nothing,
    /// Every page's view, with each project's Zeithorizont inline (for a document made of the
    /// pages).
    Views,
}

/// What every page shares, converted for Tera once; each page gets a cheap copy (Tera's values
/// are reference-counted).
pub struct Shared {
    /// `site`: the data of `Views::site`.
    pub site: tera::Value,
    /// `t`: the theme's UI strings.
    pub i18n: tera::Value,
    /// The page description of pages without one of their own.
    pub description: Option<String>,
}

fn tera_error(e: &tera::Error, theme: &Theme, fallback: &str) -> Error {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                fallback
            } else {
                r.filename()
            };
            let span = r.span();
            Error::Template {
                at: Location::at(
                    theme::template_path(theme, name),
                    span.start_line.max(1),
                    span.start_col + 1,
                ),
                message: r.message().to_string(),
            }
        }
        _ => {
            // Reference checks come as a report: "error: …\n --> name:line:col\n …".
            let text = e.to_string();
            let pointer = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            let message = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            match pointer.and_then(parse_pointer) {
                Some((name, line, col)) => Error::Template {
                    at: Location::at(theme::template_path(theme, name), line, col),
                    message,
                },
                None => Error::Template {
                    at: Location::file(theme::template_path(theme, fallback)),
                    message: text,
                },
            }
        }
    }
}

/// "page.html:3:17" -> ("page.html", 3, 17).
fn parse_pointer(s: &str) -> Option<(&str, usize, usize)> {
    let (rest, col) = s.trim().rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, col.parse().ok()?))
}

/// Compiles the theme's templates, with the `hyphenate` filter for the site's language (soft
/// hyphens in the long words of a plain text, e.g. a UI word in a narrow table header).
pub fn compile(theme: &Theme, lang: crate::config::Language) -> Result<tera::Tera, Errors> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    tera.register_filter(
        "hyphenate",
        move |s: &str, _: tera::Kwargs, _: &tera::State| crate::hyphenate::text(s, lang),
    );
    let mut errs = Errors::default();
    // Templates go in together, since includes and parents are checked on the way in.
    let all: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.source.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        errs.push(tera_error(&e, theme, "base.html"));
    }
    errs.into_result(tera)
}

/// Renders the whole site into `sink`, page by page as each is made (in parallel), and checks
/// it. `copied` are the paths of the files put beside the pages (the site's assets/, the other
/// files of content/, open data): root-absolute links may point to them.
///
/// # Errors
/// Every error of the site's templates, bodies and links, sorted, each once. The sink then
/// holds an incomplete site: a build throws its staging folder away.
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
    let (mut docs, renamed) = bodies::render_all(roadmap, &list, &assets);
    let ctx = bodies::context(roadmap, &assets, &renamed);
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
    views.prepare_cards();
    let jobs = pages::all(&views);
    // Charts: SVG for the home and timeline pages (the Zeitstrahl also as a file); each
    // project's Zeithorizont and KPI charts are drawn with its page.
    let charts = crate::charts::pages::PageCharts::new(roadmap, theme);
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
    let mut done: Vec<Result<Done, Error>> = jobs
        .into_par_iter()
        .map(|build| {
            let mut job = build();
            let (extra, files) = charts.take(&job.path)?;
            for f in files {
                sink.put(f)?;
            }
            if let Value::Object(map) = &mut job.data {
                map.extend(extra);
            }
            pager.page(job)
        })
        .collect();
    views.forget_cards();
    sink.end_group();
    let drawer = crate::charts::Charts::new(roadmap, theme);
    // Projects in groups of PROJECT_GROUP, each rendered in parallel: a sink that needs an
    // order (the search index) sorts a group while the next one is rendered.
    for group in roadmap.projects.chunks(PROJECT_GROUP) {
        done.par_extend(group.par_iter().map(|p| {
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
        sink.end_group();
    }
    drop(pager);
    let mut errs = Errors::default();
    let mut pages_done = Vec::with_capacity(done.len());
    for d in done {
        match d {
            Ok(d) => pages_done.push(d),
            Err(e) => errs.push(e),
        }
    }
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
        ids.insert(d.path, d.ids.into_iter().collect::<BTreeSet<_>>());
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
    errs.0.extend(bodies::check(&found, &all, &ids));
    if !errs.is_empty() {
        errs.0.sort_by_key(|e| e.to_string());
        errs.0.dedup_by(|a, b| a.to_string() == b.to_string());
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

    fn end_group(&self) {
        self.sink.end_group();
    }
}

/// A page once written: its output path, its element ids (for the `#fragment` checks), its
/// body rendered again beside the template's ids (if it was), and its view (if kept).
struct Done {
    path: String,
    ids: Vec<String>,
    again: Option<(String, Rendered)>,
    view: Option<PageView>,
    /// For the next rendering: the project page's path and what it may take from this one.
    reusable: Option<(String, Reusable)>,
    /// The files taken from the previous rendering instead of rendered (none put).
    reused: Option<Vec<String>>,
}

impl Done {
    /// A project page at `path` taken as it was: its ids and files from last time.
    fn reused(path: &str, last: &Reusable) -> Done {
        Done {
            path: last.page.clone(),
            ids: last.ids.clone(),
            again: None,
            view: None,
            reusable: Some((path.to_string(), last.clone())),
            reused: Some(last.files.clone()),
        }
    }
}

/// Renders pages and hands them to the sink, one at a time (from many threads).
struct Pager<'a> {
    env: Env<'a>,
    docs: &'a BTreeMap<String, Rendered>,
    sources: HashMap<&'a str, &'a bodies::Doc<'a>>,
    ctx: &'a LinkContext<'a>,
    body_style: (crate::config::Language, &'a str),
    sink: &'a dyn Sink,
    keep: Keep,
}

impl Pager<'_> {
    /// Renders `job`, keeps its body's ids apart from its template's (rendering it again if
    /// they meet), reads its ids and puts it into the sink.
    fn page(&self, mut job: PageView) -> Result<Done, Error> {
        let mut html = self.env.page_html(&job)?;
        let mut ids = markdown::page_ids(&html);
        let again = self.separate_ids(&mut job, &ids);
        if again.is_some() {
            html = self.env.page_html(&job)?;
            ids = markdown::page_ids(&html);
        }
        let path = Env::file_of(&job);
        self.sink.put(OutFile {
            path: path.clone(),
            bytes: html.into_bytes(),
        })?;
        Ok(Done {
            path,
            ids,
            again,
            view: (self.keep == Keep::Views).then_some(job),
            reusable: None,
            reused: None,
        })
    }

    /// Where the page's body has an id that its template (a site's own template, a chart) also
    /// has, renders the body again beside the template's ids into the page's data. Returns the
    /// body so rendered, by content file.
    fn separate_ids(&self, job: &mut PageView, page: &[String]) -> Option<(String, Rendered)> {
        let slot = job.slot.as_ref()?;
        let doc = self.docs.get(&slot.rel)?;
        let d = self.sources.get(slot.rel.as_str())?;
        let taken = bodies::template_ids(page, &doc.ids);
        if !doc.ids.iter().any(|id| taken.contains(id)) {
            return None;
        }
        let r = markdown::render_body_beside(d.src, &d.path, self.ctx, d.kind, &taken);
        if let Some(v) = job.data.pointer_mut(slot.html) {
            // As the views give a body: tables hyphenated and in scroll regions.
            let is_body = slot.html.ends_with("/body_html");
            let (lang, table_label) = self.body_style;
            *v = json!(if is_body {
                crate::views::body(&r.html, lang, table_label)
            } else {
                r.html.clone()
            });
        }
        if let Some(v) = slot.toc.and_then(|t| job.data.pointer_mut(t)) {
            *v = pages::toc(&r);
        }
        Some((slot.rel.clone(), r))
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
    {
        files.push(OutFile {
            path: format!("static/{rel}"),
            bytes: bytes.clone(),
        });
    }
    files
}

/// What every page is rendered with: the templates, the theme (for the places of errors) and
/// what every page shares.
pub struct Env<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    shared: &'a Shared,
}

impl<'a> Env<'a> {
    /// Pages rendered with `tera` (the theme's templates, or another set of them).
    pub fn new(tera: &'a tera::Tera, theme: &'a Theme, shared: &'a Shared) -> Env<'a> {
        Env {
            tera,
            theme,
            shared,
        }
    }

    /// The context of a template: `site` and `t`.
    fn context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.shared.site.clone());
        ctx.insert_value("t", self.shared.i18n.clone());
        ctx
    }

    /// Adds the keys of `data` (an object) to `ctx` as variables.
    fn insert_data(ctx: &mut tera::Context, data: &Value) {
        if let Value::Object(map) = data {
            for (k, v) in map {
                ctx.insert(k.clone(), v);
            }
        }
    }

    /// Renders `template` with `data` (an object whose keys become variables) besides `site`
    /// and `t`.
    ///
    /// # Errors
    /// The template's error, with its file, line and column.
    pub fn document(&self, template: &str, data: &Value) -> Result<String, Error> {
        let mut ctx = self.context();
        Self::insert_data(&mut ctx, data);
        self.tera
            .render(template, &ctx)
            .map_err(|e| tera_error(&e, self.theme, template))
    }

    /// The path of a page's file in the output.
    pub fn file_of(job: &PageView) -> String {
        if job.path.ends_with(".html") {
            job.path.clone()
        } else {
            format!("{}index.html", job.path)
        }
    }

    /// Renders one page.
    ///
    /// # Errors
    /// The template's error, with its file, line and column.
    pub fn page_html(&self, job: &PageView) -> Result<String, Error> {
        let mut ctx = self.context();
        ctx.insert("current", &job.current);
        ctx.insert("page_title", &job.title);
        let description = [
            "/page/description",
            "/project/summary",
            "/field/description",
        ]
        .iter()
        .find_map(|ptr| job.data.pointer(ptr).and_then(Value::as_str))
        .or(self.shared.description.as_deref())
        .unwrap_or_default();
        ctx.insert("page_description", description);
        ctx.insert("page_url", &job.url);
        Self::insert_data(&mut ctx, &job.data);
        for (key, value) in &job.shared {
            ctx.insert_value(key.clone(), value.clone());
        }
        self.tera
            .render(job.template, &ctx)
            .map_err(|e| tera_error(&e, self.theme, job.template))
    }
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
