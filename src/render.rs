//! Rendering: templates of the theme filled with view models, in parallel, into an in-memory
//! list of output files. Nothing is written to disk here.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::error::{Error, Errors, Location};
use crate::markdown::{self, Body, LinkContext, Rendered};
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

/// Renders every Markdown text of the roadmap, keyed by content file.
fn render_docs(roadmap: &Roadmap) -> (BTreeMap<String, Rendered>, Vec<Error>) {
    let assets: BTreeSet<String> = roadmap.assets.iter().map(|a| a.rel.clone()).collect();
    let ctx = LinkContext {
        paths: &roadmap.paths,
        assets: &assets,
        base_path: &roadmap.config.base_path,
        raw_html: roadmap.config.raw_html,
    };
    let mut sources: Vec<(&crate::model::Source, String, Body)> = Vec::new();
    sources.extend(
        roadmap
            .pages
            .iter()
            .map(|p| (&p.body, p.path.clone(), Body::Page)),
    );
    sources.extend(
        roadmap
            .projects
            .iter()
            .map(|p| (&p.body, p.path.clone(), Body::Project)),
    );
    if let Some(i) = &roadmap.intro {
        sources.push((i, String::new(), Body::Home));
    }
    if let Some(i) = &roadmap.projects_intro {
        sources.push((
            i,
            format!("{}/", roadmap.config.projects_dir),
            Body::ProjectsIntro,
        ));
    }
    let rendered: Vec<(String, Rendered)> = sources
        .par_iter()
        .map(|(src, path, kind)| {
            (
                src.rel.clone(),
                markdown::render_body(src, path, &ctx, *kind),
            )
        })
        .collect();
    let mut errors = Vec::new();
    let mut docs = BTreeMap::new();
    for (rel, mut r) in rendered {
        errors.append(&mut r.errors);
        docs.insert(rel, r);
    }
    (docs, errors)
}

/// Renders the whole site into memory.
pub fn render(roadmap: &Roadmap, theme: &Theme) -> Result<Output, Errors> {
    let tera = compile(theme, roadmap.config.language)?;
    let (docs, mut link_errors) = render_docs(roadmap);
    let views = Views {
        roadmap,
        theme,
        docs: &docs,
    };
    let mut jobs = Vec::new();
    let c = &roadmap.config;
    let t = |k: &str| theme.t(k);

    jobs.push(Job {
        path: String::new(),
        template: "home.html",
        current: "home".into(),
        title: c.title.clone(),
        data: json!({
            "intro_html": roadmap.intro.as_ref().and_then(|i| docs.get(&i.rel)).map(|d| d.html.clone()),
            "intro_title": roadmap.intro_title,
            "matrix": views.matrix(),
            "groups": views.groups(|_| true),
        }),
    });
    jobs.push(Job {
        path: "overview/".into(),
        template: "overview.html",
        current: "overview".into(),
        title: t("overview"),
        data: json!({"matrix": views.matrix()}),
    });
    jobs.push(Job {
        path: views.projects_path(),
        template: "projects.html",
        current: "projects".into(),
        title: t("projects"),
        data: json!({
            "groups": views.groups(|_| true),
            "intro_html": roadmap.projects_intro.as_ref().and_then(|i| docs.get(&i.rel)).map(|d| d.html.clone()),
        }),
    });
    jobs.push(Job {
        path: "timeline/".into(),
        template: "timeline.html",
        current: "timeline".into(),
        title: t("timeline"),
        data: views.timeline(),
    });
    jobs.push(Job {
        path: "dashboard/".into(),
        template: "dashboard.html",
        current: "dashboard".into(),
        title: t("dashboard"),
        data: views.dashboard(),
    });
    for (i, f) in c.fields.iter().enumerate() {
        jobs.push(Job {
            path: field_path(&f.key),
            template: "field.html",
            current: "projects".into(),
            title: f.title.clone(),
            data: json!({
                "field": {"key": f.key, "title": f.title, "color": f.color,
                          "description_html": f.description.as_deref().map(markdown::render_inline)},
                "projects": roadmap.projects_in_field(i).map(|p| views.card(p)).collect::<Vec<_>>(),
            }),
        });
    }
    for (i, k) in c.categories.iter().enumerate() {
        jobs.push(Job {
            path: category_path(&k.key),
            template: "category.html",
            current: "overview".into(),
            title: k.title.clone(),
            data: json!({
                "category": {"key": k.key, "title": k.title, "description_html": k.description.as_deref().map(markdown::render_inline)},
                "groups": views.groups(|p| p.category == Some(i)),
            }),
        });
    }
    for p in &roadmap.projects {
        jobs.push(Job {
            path: p.path.clone(),
            template: "project.html",
            current: "projects".into(),
            title: p.title.clone(),
            data: json!({"project": views.project(p)}),
        });
    }
    for p in &roadmap.pages {
        let doc = docs.get(&p.body.rel);
        jobs.push(Job {
            path: p.path.clone(),
            template: "page.html",
            current: format!("page:{}", p.slug),
            title: p.title.clone(),
            data: json!({
                "page": {"title": p.title, "description": p.description,
                         "body_html": doc.map(|d| crate::views::body(&d.html, c.language, &t("table"))).unwrap_or_default(),
                         "toc": doc.map(|d| d.toc.iter().map(|(id, text)| json!({"id": id, "title": text})).collect::<Vec<_>>()).unwrap_or_default()},
            }),
        });
    }
    if let Some(a) = &c.accessibility {
        jobs.push(Job {
            path: crate::accessibility::path(c.language).into(),
            template: "accessibility.html",
            current: "accessibility".into(),
            title: t("a11y_title"),
            data: json!({"statement": crate::accessibility::view(a, c.language, theme)}),
        });
    }
    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html",
        current: String::new(),
        title: t("not_found"),
        data: json!({}),
    });

    // Charts: SVG for the home, timeline and project pages, also written as files beside them.
    let charts = crate::charts::pages::build(roadmap, theme)?;
    for job in &mut jobs {
        charts.merge_into(&job.path, &mut job.data);
    }

    let site = views.site();
    let i18n = serde_json::to_value(&theme.i18n).unwrap_or(Value::Null);
    let results: Vec<Result<OutFile, Error>> = jobs
        .par_iter()
        .map(|job| {
            let mut ctx = tera::Context::new();
            ctx.insert("site", &site);
            ctx.insert("t", &i18n);
            ctx.insert("current", &job.current);
            ctx.insert("page_title", &job.title);
            let description = [
                "/page/description",
                "/project/summary",
                "/field/description",
            ]
            .iter()
            .find_map(|ptr| job.data.pointer(ptr).and_then(Value::as_str))
            .or(c.description.as_deref())
            .unwrap_or_default();
            ctx.insert("page_description", description);
            ctx.insert(
                "page_url",
                &views.url(if job.path.ends_with(".html") {
                    ""
                } else {
                    &job.path
                }),
            );
            if let Value::Object(map) = &job.data {
                for (k, v) in map {
                    ctx.insert(k.clone(), v);
                }
            }
            let html = tera
                .render(job.template, &ctx)
                .map_err(|e| tera_error(&e, theme, job.template))?;
            let path = if job.path.ends_with(".html") {
                job.path.clone()
            } else {
                format!("{}index.html", job.path)
            };
            Ok(OutFile {
                path,
                bytes: html.into_bytes(),
            })
        })
        .collect();

    let mut errs = Errors::default();
    let mut files = Vec::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(e) => errs.push(e),
        }
    }
    errs.0.append(&mut link_errors);

    // Links to #fragments must find their id in the target page.
    let ids: BTreeMap<String, BTreeSet<String>> = files
        .iter()
        .filter(|f| f.path.ends_with("index.html"))
        .map(|f| {
            (
                f.path.trim_end_matches("index.html").to_string(),
                ids_in(&String::from_utf8_lossy(&f.bytes)),
            )
        })
        .collect();
    for d in docs.values() {
        for fr in &d.fragments {
            let known = ids.get(&fr.target);
            if !known.is_some_and(|k| k.contains(&fr.fragment)) {
                let help = known
                    .and_then(|k| crate::error::suggest(&fr.fragment, k.iter().map(String::as_str)))
                    .map(|s| format!("did you mean `#{s}`?"));
                errs.push(Error::Link {
                    at: fr.at.clone(),
                    message: format!("the page {} has no anchor `#{}`", fr.target, fr.fragment),
                    help,
                });
            }
        }
    }
    if !errs.is_empty() {
        errs.0.sort_by_key(|e| e.to_string());
        return Err(errs);
    }
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
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, pages })
}

/// Every `id="…"` in a page.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
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
