//! Rendering: the page views (`views::pages`) through the theme's templates, in parallel, into
//! an in-memory list of output files; then the checks that need the rendered site (ids kept
//! apart from the template's, `#fragments`, root-absolute links) and the sitemap. Nothing is
//! read from or written to disk here.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::bodies;
use crate::error::{Error, Errors, Location};
use crate::markdown::{self, Found, Inline, LinkContext, Rendered};
use crate::model::Roadmap;
use crate::theme::{self, Theme};
use crate::views::pages::{self, PageView};
use crate::views::Views;

pub use crate::outfile::OutFile;

#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutFile>,
    pub pages: usize,
}

/// A rendered site with what its pages were rendered from: the page views as rendered (charts
/// added, bodies' ids kept apart from their templates') and the values every page shares. A
/// document made of the site's pages (`roadmap export`) renders them again with [`Env`].
pub struct Rendering {
    /// The files of the site, as [`render`] gives them.
    pub output: Output,
    /// Every page's view as its page was rendered, in the order of `views::pages::all`.
    pub views: Vec<PageView>,
    /// What every page shares.
    pub shared: Shared,
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

/// Renders the whole site into memory. `copied` are the files copied beside the pages (the
/// site's assets/, the other files of content/): root-absolute links may point to them.
pub fn render(roadmap: &Roadmap, theme: &Theme, copied: &[OutFile]) -> Result<Output, Errors> {
    render_with_views(roadmap, theme, copied).map(|r| r.output)
}

/// Renders the whole site into memory, as [`render`], and keeps the page views.
pub fn render_with_views(
    roadmap: &Roadmap,
    theme: &Theme,
    copied: &[OutFile],
) -> Result<Rendering, Errors> {
    let tera = compile(theme, roadmap.config.language)?;
    let list = bodies::sources(roadmap);
    let assets = bodies::asset_set(roadmap);
    let (mut docs, renamed) = bodies::render_all(roadmap, &list, &assets);
    let ctx = bodies::context(roadmap, &assets, &renamed);
    let inline = Inline::new(&ctx);
    let lookups = crate::views::Lookups::new(roadmap);
    let views = Views {
        roadmap,
        theme,
        docs: &docs,
        inline: &inline,
        lookups: &lookups,
    };
    let mut jobs = pages::all(&views, roadmap, theme);
    // Charts: SVG for the home, timeline and project pages, also written as files beside them.
    let charts = crate::charts::pages::build(roadmap, theme)?;
    for job in &mut jobs {
        charts.merge_into(&job.path, &mut job.data);
    }
    let shared = Shared {
        site: tera::Value::from_serializable(&views.site()),
        i18n: tera::Value::from_serializable(&theme.i18n),
        description: roadmap.config.description.clone(),
    };
    let env = Env::new(&tera, theme, &shared);
    let mut found = inline.into_found();
    let results: Vec<Result<OutFile, Error>> = jobs.par_iter().map(|j| env.page(j)).collect();
    let (mut files, mut errs) = split_results(results);
    // The element ids of every page, read once (in parallel) for both checks below.
    let mut ids: Vec<Vec<String>> = files.par_iter().map(ids_of).collect();
    if errs.is_empty() {
        let table_label = theme.t("table");
        let body_style = (roadmap.config.language, table_label.as_str());
        let again = separate_ids(&list, &ctx, &mut docs, &mut jobs, &ids, body_style);
        for i in again {
            match env.page(&jobs[i]) {
                Ok(f) => {
                    ids[i] = ids_of(&f);
                    files[i] = f;
                }
                Err(e) => errs.push(e),
            }
        }
    }
    for d in docs.values_mut() {
        found.append(&mut d.found);
    }
    errs.0.append(&mut found.errors);
    let pages = files.len();
    add_site_files(roadmap, theme, charts.files, &mut files);
    errs.0
        .extend(check_links(&found, &files[..pages], &ids, &files, copied));
    if !errs.is_empty() {
        errs.0.sort_by_key(|e| e.to_string());
        errs.0.dedup_by(|a, b| a.to_string() == b.to_string());
        return Err(errs);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Rendering {
        output: Output { files, pages },
        views: jobs,
        shared,
    })
}

/// The files beside the pages: the sitemap (only with base_url: sitemaps.org requires absolute
/// URLs; `site::load` warns without), the chart files, the theme's static files.
fn add_site_files(
    roadmap: &Roadmap,
    theme: &Theme,
    charts: Vec<OutFile>,
    files: &mut Vec<OutFile>,
) {
    if let Some(base_url) = &roadmap.config.base_url {
        let map = sitemap(base_url, files);
        files.push(OutFile {
            path: "sitemap.xml".into(),
            bytes: map.into_bytes(),
        });
    }
    files.extend(charts);
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
}

/// The rendered pages, and the errors of those that failed.
fn split_results(results: Vec<Result<OutFile, Error>>) -> (Vec<OutFile>, Errors) {
    let mut errs = Errors::default();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errs.push(e),
        }
    }
    (files, errs)
}

/// The element ids of a rendered page (none for a file that is not HTML).
fn ids_of(f: &OutFile) -> Vec<String> {
    if !f.path.ends_with(".html") {
        return Vec::new();
    }
    markdown::page_ids(&String::from_utf8_lossy(&f.bytes))
}

/// Checks the links that need the built site (see `bodies::check`): `pages` with their `ids`
/// (same order), against every file written (`files`, `copied`).
fn check_links(
    found: &Found,
    pages: &[OutFile],
    ids: &[Vec<String>],
    files: &[OutFile],
    copied: &[OutFile],
) -> Vec<Error> {
    let all: BTreeSet<String> = files.iter().chain(copied).map(|f| f.path.clone()).collect();
    let ids: BTreeMap<String, BTreeSet<String>> = pages
        .iter()
        .zip(ids)
        .filter(|(f, _)| f.path.ends_with(".html"))
        .map(|(f, ids)| (f.path.clone(), ids.iter().cloned().collect()))
        .collect();
    bodies::check(found, &all, &ids)
}

/// Where a body's id is also an id of its page's template (a site's own template, a chart),
/// renders the body again beside the template's ids. Returns the jobs to render again.
fn separate_ids(
    list: &[bodies::Doc],
    ctx: &LinkContext,
    docs: &mut BTreeMap<String, Rendered>,
    jobs: &mut [PageView],
    ids: &[Vec<String>],
    (lang, table_label): (crate::config::Language, &str),
) -> Vec<usize> {
    let by_rel: HashMap<&str, &bodies::Doc> =
        list.iter().map(|d| (d.src.rel.as_str(), d)).collect();
    let mut again = Vec::new();
    for (i, job) in jobs.iter_mut().enumerate() {
        let (Some(slot), Some(page)) = (&job.slot, ids.get(i)) else {
            continue;
        };
        let (Some(doc), Some(d)) = (docs.get(&slot.rel), by_rel.get(slot.rel.as_str())) else {
            continue;
        };
        let taken = bodies::template_ids(page, &doc.ids);
        if !doc.ids.iter().any(|id| taken.contains(id)) {
            continue;
        }
        let r = markdown::render_body_beside(d.src, &d.path, ctx, d.kind, &taken);
        if let Some(v) = job.data.pointer_mut(slot.html) {
            // As the views give a body: tables hyphenated and in scroll regions.
            let is_body = slot.html.ends_with("/body_html");
            *v = json!(if is_body {
                crate::views::body(&r.html, lang, table_label)
            } else {
                r.html.clone()
            });
        }
        if let Some(v) = slot.toc.and_then(|t| job.data.pointer_mut(t)) {
            *v = pages::toc(&r);
        }
        docs.insert(slot.rel.clone(), r);
        again.push(i);
    }
    again
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

    /// Renders one page into its file.
    ///
    /// # Errors
    /// The template's error, with its file, line and column.
    pub fn page(&self, job: &PageView) -> Result<OutFile, Error> {
        let html = self.page_html(job)?;
        let path = if job.path.ends_with(".html") {
            job.path.clone()
        } else {
            format!("{}index.html", job.path)
        };
        Ok(OutFile {
            path,
            bytes: html.into_bytes(),
        })
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
        self.tera
            .render(job.template, &ctx)
            .map_err(|e| tera_error(&e, self.theme, job.template))
    }
}

/// The sitemap of every page; `prefix` is the absolute base URL ending in `/`.
fn sitemap(prefix: &str, files: &[OutFile]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut paths: Vec<&str> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| f.path.trim_end_matches("index.html"))
        .collect();
    paths.sort();
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
