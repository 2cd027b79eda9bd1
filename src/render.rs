//! Rendering: templates of the theme filled with view models, in parallel, into an in-memory
//! list of output files. Nothing is written to disk here.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::bodies;
use crate::error::{Error, Errors, Location};
use crate::markdown::{self, Found, Inline, LinkContext, Rendered};
use crate::model::Roadmap;
use crate::theme::{self, Theme};
use crate::views::{category_path, field_path, Views};

pub use crate::outfile::OutFile;

#[derive(Debug, Default)]
pub struct Output {
    pub files: Vec<OutFile>,
    pub pages: usize,
}

struct Job {
    /// Output folder of the page ("" for home), or a file name ("404.html").
    path: String,
    template: &'static str,
    current: String,
    title: String,
    data: Value,
    /// The page's URL.
    url: String,
    /// The body the page shows, if any.
    slot: Option<Slot>,
}

impl Job {
    fn new(path: &str, template: &'static str, current: &str, title: &str, data: Value) -> Self {
        Job {
            path: path.to_string(),
            template,
            current: current.to_string(),
            title: title.to_string(),
            data,
            url: String::new(),
            slot: None,
        }
    }

    fn with_slot(mut self, slot: Option<Slot>) -> Self {
        self.slot = slot;
        self
    }
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

/// Compiles the theme's templates.
pub fn compile(theme: &Theme) -> Result<tera::Tera, Errors> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
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

/// Where a page shows a body: the content file, and the places of its HTML (and table of
/// contents) in the template data.
struct Slot {
    rel: String,
    html: &'static str,
    toc: Option<&'static str>,
}

/// Renders the whole site into memory. `copied` are the files copied beside the pages (the
/// site's assets/, the other files of content/): root-absolute links may point to them.
pub fn render(roadmap: &Roadmap, theme: &Theme, copied: &[OutFile]) -> Result<Output, Errors> {
    let tera = compile(theme)?;
    let list = bodies::sources(roadmap);
    let assets = bodies::asset_set(roadmap);
    let (mut docs, renamed) = bodies::render_all(roadmap, &list, &assets);
    let ctx = bodies::context(roadmap, &assets, &renamed);
    let inline = Inline::new(&ctx);
    let views = Views {
        roadmap,
        theme,
        docs: &docs,
        inline: &inline,
    };
    let mut jobs = jobs(&views, roadmap, theme);
    // Charts: SVG for the home, timeline and project pages, also written as files beside them.
    let charts = crate::charts::pages::build(roadmap, theme)?;
    for job in &mut jobs {
        charts.merge_into(&job.path, &mut job.data);
    }
    let env = Env {
        tera: &tera,
        theme,
        site: views.site(),
        i18n: serde_json::to_value(&theme.i18n).unwrap_or(Value::Null),
        description: roadmap.config.description.clone(),
    };
    let mut found = inline.into_found();
    let results: Vec<Result<OutFile, Error>> = jobs.par_iter().map(|j| env.page(j)).collect();
    let mut errs = Errors::default();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errs.push(e),
        }
    }
    if errs.is_empty() {
        let again = separate_ids(&list, &ctx, &mut docs, &mut jobs, &files);
        for i in again {
            match env.page(&jobs[i]) {
                Ok(f) => files[i] = f,
                Err(e) => errs.push(e),
            }
        }
    }
    for d in docs.values_mut() {
        found.append(&mut d.found);
    }
    errs.0.append(&mut found.errors);
    let pages = files.len();
    // sitemaps.org requires absolute URLs: without base_url there is none (site::load warns).
    if let Some(base_url) = &roadmap.config.base_url {
        files.push(OutFile {
            path: "sitemap.xml".into(),
            bytes: sitemap(base_url, &files).into_bytes(),
        });
    }
    files.extend(charts.files);
    for (rel, bytes) in &theme.statics {
        files.push(OutFile {
            path: format!("static/{rel}"),
            bytes: bytes.clone(),
        });
    }
    errs.0.extend(check_links(&found, &files, copied));
    if !errs.is_empty() {
        errs.0.sort_by_key(|e| e.to_string());
        errs.0.dedup_by(|a, b| a.to_string() == b.to_string());
        return Err(errs);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, pages })
}

/// Checks the links that need the built site (see `bodies::check`).
fn check_links(found: &Found, files: &[OutFile], copied: &[OutFile]) -> Vec<Error> {
    let all: BTreeSet<String> = files.iter().chain(copied).map(|f| f.path.clone()).collect();
    let ids: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let html = String::from_utf8_lossy(&f.bytes);
            (
                f.path.clone(),
                markdown::page_ids(&html).into_iter().collect(),
            )
        })
        .collect();
    bodies::check(found, &all, &ids)
}

/// Where a body's id is also an id of its page's template (a site's own template, a chart),
/// renders the body again beside the template's ids. Returns the jobs to render again.
fn separate_ids(
    list: &[bodies::Doc],
    ctx: &LinkContext,
    docs: &mut BTreeMap<String, Rendered>,
    jobs: &mut [Job],
    files: &[OutFile],
) -> Vec<usize> {
    let mut again = Vec::new();
    for (i, job) in jobs.iter_mut().enumerate() {
        let (Some(slot), Some(file)) = (&job.slot, files.get(i)) else {
            continue;
        };
        let (Some(doc), Some(d)) = (
            docs.get(&slot.rel),
            list.iter().find(|d| d.src.rel == slot.rel),
        ) else {
            continue;
        };
        let page = markdown::page_ids(&String::from_utf8_lossy(&file.bytes));
        let taken = bodies::template_ids(&page, &doc.ids);
        if !doc.ids.iter().any(|id| taken.contains(id)) {
            continue;
        }
        let r = markdown::render_body_beside(d.src, &d.path, ctx, d.kind, &taken);
        if let Some(v) = job.data.pointer_mut(slot.html) {
            *v = json!(r.html);
        }
        if let Some(v) = slot.toc.and_then(|t| job.data.pointer_mut(t)) {
            *v = toc(&r);
        }
        docs.insert(slot.rel.clone(), r);
        again.push(i);
    }
    again
}

fn toc(doc: &Rendered) -> Value {
    doc.toc
        .iter()
        .map(|(id, text)| json!({"id": id, "title": text}))
        .collect()
}

/// What every page is rendered with.
struct Env<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    site: Value,
    i18n: Value,
    description: Option<String>,
}

impl Env<'_> {
    /// Renders one page.
    fn page(&self, job: &Job) -> Result<OutFile, Error> {
        let mut ctx = tera::Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("t", &self.i18n);
        ctx.insert("current", &job.current);
        ctx.insert("page_title", &job.title);
        let description = [
            "/page/description",
            "/project/summary",
            "/field/description",
        ]
        .iter()
        .find_map(|ptr| job.data.pointer(ptr).and_then(Value::as_str))
        .or(self.description.as_deref())
        .unwrap_or_default();
        ctx.insert("page_description", description);
        ctx.insert("page_url", &job.url);
        if let Value::Object(map) = &job.data {
            for (k, v) in map {
                ctx.insert(k.clone(), v);
            }
        }
        let html = self
            .tera
            .render(job.template, &ctx)
            .map_err(|e| tera_error(&e, self.theme, job.template))?;
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
}

/// The generated pages: home, overview, all projects, timeline, dashboard.
fn generated_jobs(views: &Views, roadmap: &Roadmap, theme: &Theme) -> Vec<Job> {
    let c = &roadmap.config;
    let t = |k: &str| theme.t(k);
    let docs = views.docs;
    let html_of = |s: &Option<crate::model::Source>| {
        s.as_ref()
            .and_then(|i| docs.get(&i.rel))
            .map(|d| d.html.clone())
    };
    let slot = |s: &Option<crate::model::Source>, html: &'static str| {
        s.as_ref().map(|i| Slot {
            rel: i.rel.clone(),
            html,
            toc: None,
        })
    };
    vec![
        Job::new(
            "",
            "home.html",
            "home",
            &c.title,
            json!({
                "intro_html": html_of(&roadmap.intro),
                "intro_title": roadmap.intro_title,
                "matrix": views.matrix(),
                "groups": views.groups(|_| true),
            }),
        )
        .with_slot(slot(&roadmap.intro, "/intro_html")),
        Job::new(
            "overview/",
            "overview.html",
            "overview",
            &t("overview"),
            json!({"matrix": views.matrix()}),
        ),
        Job::new(
            &views.projects_path(),
            "projects.html",
            "projects",
            &t("projects"),
            json!({
                "groups": views.groups(|_| true),
                "intro_html": html_of(&roadmap.projects_intro),
            }),
        )
        .with_slot(slot(&roadmap.projects_intro, "/intro_html")),
        Job::new(
            "timeline/",
            "timeline.html",
            "timeline",
            &t("timeline"),
            views.timeline(),
        ),
        Job::new(
            "dashboard/",
            "dashboard.html",
            "dashboard",
            &t("dashboard"),
            views.dashboard(),
        ),
    ]
}

/// The pages of the fields and categories.
fn entry_jobs(views: &Views, roadmap: &Roadmap) -> Vec<Job> {
    let c = &roadmap.config;
    let mut jobs = Vec::new();
    for (i, f) in c.fields.iter().enumerate() {
        let path = field_path(&f.key);
        let description = f
            .description
            .as_deref()
            .map(|d| views.config_text(d, &path));
        jobs.push(Job::new(&path, "field.html", "projects", &f.title, json!({
            "field": {"key": f.key, "title": f.title, "color": f.color, "description_html": description},
            "projects": roadmap.projects_in_field(i).map(|p| views.card(p)).collect::<Vec<_>>(),
        })));
    }
    for (i, k) in c.categories.iter().enumerate() {
        let path = category_path(&k.key);
        let description = k
            .description
            .as_deref()
            .map(|d| views.config_text(d, &path));
        jobs.push(Job::new(
            &path,
            "category.html",
            "overview",
            &k.title,
            json!({
                "category": {"key": k.key, "title": k.title, "description_html": description},
                "groups": views.groups(|p| p.category == Some(i)),
            }),
        ));
    }
    jobs
}

/// The pages of projects and prose pages, which show a body.
fn content_jobs(views: &Views, roadmap: &Roadmap) -> Vec<Job> {
    let docs = views.docs;
    let mut jobs = Vec::new();
    for p in &roadmap.projects {
        let slot = Slot {
            rel: p.body.rel.clone(),
            html: "/project/body_html",
            toc: None,
        };
        jobs.push(
            Job::new(
                &p.path,
                "project.html",
                "projects",
                &p.title,
                json!({"project": views.project(p)}),
            )
            .with_slot(Some(slot)),
        );
    }
    for p in &roadmap.pages {
        let doc = docs.get(&p.body.rel);
        let slot = Slot {
            rel: p.body.rel.clone(),
            html: "/page/body_html",
            toc: Some("/page/toc"),
        };
        jobs.push(
            Job::new(
                &p.path,
                "page.html",
                &format!("page:{}", p.slug),
                &p.title,
                json!({
                    "page": {"title": p.title, "description": p.description,
                             "body_html": doc.map(|d| d.html.clone()).unwrap_or_default(),
                             "toc": doc.map(toc).unwrap_or_default()},
                }),
            )
            .with_slot(Some(slot)),
        );
    }
    jobs
}

/// Every page of the site with its template data.
fn jobs(views: &Views, roadmap: &Roadmap, theme: &Theme) -> Vec<Job> {
    let c = &roadmap.config;
    let t = |k: &str| theme.t(k);
    let mut jobs = generated_jobs(views, roadmap, theme);
    jobs.extend(entry_jobs(views, roadmap));
    jobs.extend(content_jobs(views, roadmap));
    if let Some(a) = &c.accessibility {
        let path = crate::config::accessibility::path(c.language);
        let md = |text: &str| views.config_text(text, path);
        let data =
            json!({"statement": crate::views::accessibility::view(a, c.language, theme, &md)});
        jobs.push(Job::new(
            path,
            "accessibility.html",
            "accessibility",
            &t("a11y_title"),
            data,
        ));
    }
    jobs.push(Job::new(
        "404.html",
        "404.html",
        "",
        &t("not_found"),
        json!({}),
    ));
    for j in &mut jobs {
        j.url = views.url(if j.path.ends_with(".html") {
            ""
        } else {
            &j.path
        });
    }
    jobs
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
