//! The document: its pages in the order of roadmap.yaml's `outline` (the home page's intro
//! first, every project after the projects page, generated parts the outline leaves out at the
//! end, the accessibility statement last), each rendered by its own template with the theme's
//! `export-base.html` as frame and made a section (`rewrite`); then the theme's `export.html`
//! with the title page, the table of contents and the stylesheets around them.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde_json::{json, Value};

use super::embed;
use super::rewrite::{self, Context, Section};
use crate::error::{Error, Errors, Location};
use crate::model::{NavItem, Roadmap};
use crate::render::Env;
use crate::site::RenderedSite;
use crate::theme::{self, Theme};
use crate::views::pages::PageView;

/// The template of the document, and the frame its pages are rendered in.
const TEMPLATE: &str = "export.html";
const FRAME: &str = "export-base.html";

/// Ids of the document's own parts in `export.html`; no section may take them.
const RESERVED: [&str; 4] = [
    "doc-cover",
    "doc-contents",
    "doc-contents-title",
    "doc-main",
];

/// The finished document.
pub struct Document {
    /// The whole file.
    pub html: String,
    /// How many sections it has.
    pub sections: usize,
}

/// A page of the site that is a section of the document.
struct Part<'v> {
    view: &'v PageView,
    /// The name of its template without `.html` ("project"), or "intro".
    kind: String,
    id: String,
}

/// The output paths of the document's pages, in order (see the module's doc).
fn order(roadmap: &Roadmap, with_intro: bool) -> Vec<String> {
    let c = &roadmap.config;
    let mut paths = Vec::new();
    if with_intro {
        paths.push(String::new());
    }
    let push = |item: &NavItem, paths: &mut Vec<String>| match item {
        NavItem::Page(i) => paths.push(roadmap.pages[*i].path.clone()),
        NavItem::Overview => paths.push("overview/".into()),
        NavItem::Projects => {
            paths.push(format!("{}/", c.projects_dir));
            paths.extend(roadmap.projects.iter().map(|p| p.path.clone()));
        }
        NavItem::Timeline => paths.push("timeline/".into()),
        NavItem::Dashboard => paths.push("dashboard/".into()),
    };
    for item in &roadmap.nav {
        push(item, &mut paths);
    }
    for item in [
        NavItem::Overview,
        NavItem::Projects,
        NavItem::Timeline,
        NavItem::Dashboard,
    ] {
        if !roadmap.nav.contains(&item) {
            push(&item, &mut paths);
        }
    }
    if c.accessibility.is_some() {
        paths.push(crate::config::accessibility::path(c.language).into());
    }
    paths
}

/// The home page's intro as a page of its own (the template of prose pages), if there is one.
fn intro_view(views: &[PageView], theme: &Theme) -> Option<PageView> {
    let home = views.iter().find(|v| v.path.is_empty())?;
    let html = home.data.get("intro_html").and_then(Value::as_str)?;
    let title = theme.t("export_intro");
    Some(PageView {
        path: String::new(),
        template: "page.html",
        current: "home".into(),
        title: title.clone(),
        data: json!({"page": {"title": title, "body_html": html, "toc": []}}),
        shared: Vec::new(),
        url: home.url.clone(),
        slot: None,
    })
}

/// The parts of the document with their section ids (unique, none of [`RESERVED`]).
fn parts<'v>(
    roadmap: &Roadmap,
    views: &'v [PageView],
    intro: Option<&'v PageView>,
) -> Vec<Part<'v>> {
    let by_path: HashMap<&str, &PageView> = views.iter().map(|v| (v.path.as_str(), v)).collect();
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    for path in order(roadmap, intro.is_some()) {
        let (view, kind) = match (path.is_empty(), intro) {
            (true, Some(v)) => (v, "intro".to_string()),
            _ => match by_path.get(path.as_str()) {
                Some(v) => (*v, v.template.trim_end_matches(".html").to_string()),
                None => continue,
            },
        };
        let base = match crate::model::slugify(&path) {
            s if s.is_empty() => "intro".to_string(),
            s => s,
        };
        let mut id = base.clone();
        let mut n = 1;
        while !taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        out.push(Part { view, kind, id });
    }
    out
}

/// The theme's templates with its `export-base.html` standing in for `base.html`.
fn frame(theme: &Theme, lang: crate::config::Language) -> Result<tera::Tera, Errors> {
    let mut t = theme.clone();
    if let Some(frame) = t.templates.iter().find(|f| f.name == FRAME).cloned() {
        if let Some(base) = t.templates.iter_mut().find(|f| f.name == "base.html") {
            base.source = frame.source;
            base.path = frame.path;
        }
    }
    crate::render::compile(&t, lang)
}

/// What the sections need to know of each other and of the site.
fn context<'a>(
    roadmap: &'a Roadmap,
    site: &'a RenderedSite,
    parts: &[Part],
    pages: &[String],
) -> Context<'a> {
    let c = &roadmap.config;
    let sections: HashMap<String, Section> = parts
        .iter()
        .zip(pages)
        .map(|(p, html)| {
            let ids = rewrite::kept_ids(html);
            (
                p.view.path.clone(),
                Section {
                    id: p.id.clone(),
                    ids,
                },
            )
        })
        .collect();
    let section_id = |path: &str| sections.get(path).map(|s| s.id.clone());
    let projects = section_id(&format!("{}/", c.projects_dir));
    let mut places = HashMap::new();
    places.insert(String::new(), "doc-cover".to_string());
    for f in &c.fields {
        // The default theme's projects page groups them under `group-<field>`.
        let group = format!("group-{}", f.key);
        let place = match (&projects, sections.get(&format!("{}/", c.projects_dir))) {
            (Some(p), Some(s)) if s.ids.contains(&group) => Some(format!("{p}--{group}")),
            (p, _) => p.clone(),
        };
        places.extend(place.map(|pl| (crate::views::field_path(&f.key), pl)));
    }
    let overview = section_id("overview/").or(projects);
    for k in &c.categories {
        places.extend(
            overview
                .clone()
                .map(|o| (crate::views::category_path(&k.key), o)),
        );
    }
    let files = crate::charts::pages::ChartFiles::of(&site.theme);
    let charts = roadmap
        .projects
        .iter()
        .map(|p| format!("{}{}", p.path, files.project))
        .chain([format!("timeline/{}", files.timeline)])
        .collect();
    Context {
        base_path: &c.base_path,
        base_url: c.base_url.as_deref(),
        sections,
        places,
        files: site
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.bytes.as_slice()))
            .collect(),
        charts,
        file_note: site.theme.t("export_file_note"),
    }
}

/// The estimated height (mm) of the Projekt Canvas of `p` printed at `pt` points on a
/// landscape A4 page (the geometry of the theme's board: five columns of about 43 mm text
/// width over two rows, costs and risks below at twice the width).
fn board_height(p: &crate::model::Project, pt: f64) -> f64 {
    use crate::model::Block;
    let line = 0.476 * pt; // mm: 1.35 × the size
    let per_line = 244.0 / pt; // characters in 43 mm at half an em each
    let item = |text: &String, wide: f64| {
        (text.chars().count() as f64 / (per_line * wide))
            .ceil()
            .max(1.0)
            * line
            + 0.6
    };
    let block = |key: &str, wide: f64| -> f64 {
        let body: f64 = match p.canvas.iter().find(|(k, _)| *k == key).map(|(_, b)| b) {
            Some(Block::Text(t)) => item(t, wide),
            Some(Block::List(l)) => l.iter().map(|i| item(i, wide)).sum(),
            Some(Block::Groups(g)) => g
                .iter()
                .map(|(_, items)| 4.0 + items.iter().map(|i| item(i, wide)).sum::<f64>())
                .sum(),
            None => line,
        };
        body + 11.0 // heading, its rule, padding
    };
    let columns = [
        block("partners", 1.0),
        block("activities", 1.0) + block("resources", 1.0) + 2.0,
        block("value", 1.0),
        block("relationships", 1.0) + block("channels", 1.0) + 2.0,
        block("users", 1.0),
    ];
    let tallest = columns.into_iter().fold(0.0, f64::max);
    tallest + 2.0 + block("costs", 2.5).max(block("risks", 2.5))
}

/// The font size (pt) at which the Projekt Canvas of `p` fits the 165 mm a landscape A4 page
/// has below its heading: 8.5 pt where it can, down to 6 pt for a full board. None without
/// a canvas.
fn canvas_font(p: &crate::model::Project) -> Option<f64> {
    if p.canvas.is_empty() {
        return None;
    }
    let sizes = [8.5, 8.0, 7.5, 7.0, 6.5, 6.0];
    Some(
        sizes
            .into_iter()
            .find(|pt| board_height(p, *pt) <= 165.0)
            .unwrap_or(6.0),
    )
}

/// The table of contents: every part but the projects, which are listed under the projects
/// page by field; a page with the headings of its body.
fn toc(roadmap: &Roadmap, parts: &[Part]) -> Vec<Value> {
    let field_of: HashMap<&str, usize> = roadmap
        .projects
        .iter()
        .map(|p| (p.path.as_str(), p.field))
        .collect();
    let mut out = Vec::new();
    for part in parts.iter().filter(|p| p.kind != "project") {
        let children: Vec<Value> = part
            .view
            .data
            .pointer("/page/toc")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .map(|h| json!({"id": format!("{}--{}", part.id, h["id"].as_str().unwrap_or_default()), "title": h["title"]}))
                    .collect()
            })
            .unwrap_or_default();
        let groups: Vec<Value> = if part.kind == "projects" {
            roadmap
                .config
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let entries: Vec<Value> = parts
                        .iter()
                        .filter(|p| field_of.get(p.view.path.as_str()) == Some(&i))
                        .map(|p| json!({"id": p.id, "title": p.view.title}))
                        .collect();
                    json!({"title": f.title, "entries": entries})
                })
                .filter(|g| g["entries"].as_array().is_some_and(|e| !e.is_empty()))
                .collect()
        } else {
            Vec::new()
        };
        out.push(json!({"id": part.id, "title": part.view.title, "children": children, "groups": groups}));
    }
    out
}

/// `text` as a CSS string.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("\\3c "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page number of the running footer as a CSS `content` value, from the theme's
/// `export_page_of` ("Seite {page} von {pages}").
fn page_counter(words: &str) -> String {
    let mut parts = Vec::new();
    let mut rest = words;
    while let Some(i) = rest.find("{page") {
        if i > 0 {
            parts.push(css_string(&rest[..i]));
        }
        let after = &rest[i..];
        let (counter, len) = if after.starts_with("{pages}") {
            ("counter(pages)", 7)
        } else if after.starts_with("{page}") {
            ("counter(page)", 6)
        } else {
            parts.push(css_string("{page"));
            rest = &after[5..];
            continue;
        };
        parts.push(counter.into());
        rest = &after[len..];
    }
    if !rest.is_empty() {
        parts.push(css_string(rest));
    }
    parts.join(" ")
}

/// The theme's stylesheets for the document, and the running head and foot of its pages.
fn styles(roadmap: &Roadmap, theme: &Theme) -> (Value, Value) {
    let sheet = |name: &str| {
        theme
            .statics
            .iter()
            .find(|(rel, _)| rel == name)
            .map(|(_, bytes)| embed::inline_css(&String::from_utf8_lossy(bytes), &theme.statics))
            .unwrap_or_default()
    };
    // The script that keeps soft hyphens out of copied text, inline like the stylesheets.
    let copy_js = theme
        .statics
        .iter()
        .find(|(rel, _)| rel == "copy.js")
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).replace("</", "<\\/"));
    let css = json!({"style": sheet("style.css"), "print": sheet("print.css"), "export": sheet("export.css"), "copy_js": copy_js});
    let reference = roadmap
        .config
        .document
        .as_ref()
        .map(|d| {
            let kind = d.kind.clone().unwrap_or_else(|| theme.t("document"));
            d.reference
                .as_ref()
                .map(|r| format!("{kind} {r}"))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let running = json!({
        "title": css_string(&roadmap.config.title),
        "reference": css_string(&reference),
        "page": page_counter(&theme.t("export_page_of")),
    });
    (css, running)
}

/// Builds the document from a site rendered in memory.
///
/// # Errors
/// An error of a template; a document that would load a file, gives an id twice or links to
/// an id it does not have (a theme's `export.html` can do that).
pub fn build(roadmap: &Roadmap, site: &RenderedSite) -> Result<Document, Errors> {
    let theme = &site.theme;
    let tera = frame(theme, roadmap.config.language)?;
    let env = Env::new(&tera, theme, &site.shared);
    let intro = intro_view(&site.views, theme);
    let parts = parts(roadmap, &site.views, intro.as_ref());
    let pages: Vec<String> = parts
        .par_iter()
        .map(|p| env.page_html(p.view))
        .collect::<Result<_, Error>>()?;
    let cx = context(roadmap, site, &parts, &pages);
    let projects: HashMap<&str, &crate::model::Project> = roadmap
        .projects
        .iter()
        .map(|p| (p.path.as_str(), p))
        .collect();
    let sections: Vec<Value> = parts
        .par_iter()
        .zip(pages.par_iter())
        .map(|(p, html)| {
            let html = rewrite::section(html, &p.view.path, &p.id, &cx);
            let canvas = projects.get(p.view.path.as_str()).and_then(|pr| canvas_font(pr));
            json!({"id": p.id, "kind": p.kind, "title": p.view.title, "html": html, "canvas_font": canvas})
        })
        .collect();
    let (css, running) = styles(roadmap, theme);
    let data = json!({
        "sections": sections,
        "toc": toc(roadmap, &parts),
        "css": css,
        "running": running,
        "project_count": roadmap.projects.len(),
    });
    let html = env.document(TEMPLATE, &data)?;
    let problems: Vec<String> = embed::loads(&html)
        .into_iter()
        .map(|l| format!("the document would load {l}"))
        .chain(embed::broken_ids(&html))
        .collect();
    if !problems.is_empty() {
        let at = Location::file(theme::template_path(theme, TEMPLATE));
        return Err(Errors(
            problems
                .into_iter()
                .map(|message| Error::Template {
                    at: at.clone(),
                    message,
                })
                .collect(),
        ));
    }
    Ok(Document {
        html,
        sections: parts.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_head_and_foot_are_css_strings() {
        assert_eq!(
            css_string("Ein \"Plan\" <x>"),
            "\"Ein \\\"Plan\\\" \\3c x>\""
        );
        assert_eq!(
            page_counter("Seite {page} von {pages}"),
            "\"Seite \" counter(page) \" von \" counter(pages)"
        );
        assert_eq!(page_counter("{page}"), "counter(page)");
    }
}
