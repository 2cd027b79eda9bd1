//! View models: the plain data each template receives, built from the roadmap model. Markdown
//! arrives here already rendered; everything else is formatted for the site's language.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use crate::format;
use crate::markdown::{Inline, Origin, Rendered, TextAt, Yaml};
use crate::model::{NavItem, Project, Roadmap};
use crate::packed::Packed;
use crate::theme::Theme;

pub mod accessibility;
mod dashboard;
pub mod departments;
pub mod fingerprint;
mod listing;
pub mod pages;
mod project;
pub mod share;
mod status;
mod table;

/// Shared by every view: the roadmap, its theme, the rendered Markdown by content file, and the
/// renderer of frontmatter text (which collects what its links break).
pub struct Views<'a> {
    pub roadmap: &'a Roadmap,
    pub theme: &'a Theme,
    /// The rendered bodies of the prose pages and intros, by content file (a project's body
    /// is in `project_bodies`, its other facts here).
    pub docs: &'a BTreeMap<String, Rendered>,
    pub project_bodies: &'a ProjectBodies,
    pub inline: &'a Inline<'a>,
    /// What the views of many pages look up, made once ([`Lookups::new`]).
    pub lookups: &'a Lookups,
    /// Whether the pages are rendered for a document made of them (`roadmap export`), which
    /// has no field pages to refer to: listings then stay whole above [`DETAIL_LIMIT`].
    pub document: bool,
}

/// Above this many projects, pages that would show every project in detail show less: the
/// dashboard shows each project as a row of its tables (phase, progress, rating, linked to the
/// project page) instead of a quick view with details, and the list of all projects its table
/// and a link per field to the field's page instead of the cards (the cards of 10,000
/// projects are 9 MB of HTML). Such pages would be tens of megabytes, too long to read and
/// to load.
pub const DETAIL_LIMIT: usize = 200;

/// The rendered bodies (HTML) of the projects, by content file, each taken by its project's
/// page ([`Views::project`]): a rendering makes each project page once, so it need not hold
/// every body until the last page is made. Until then each is held compressed (LZ4: at 10,000
/// projects 41 MB of HTML in about a third of that, for some tens of milliseconds of work).
#[derive(Debug, Default)]
pub struct ProjectBodies(HashMap<String, std::sync::Mutex<Packed>>);

impl ProjectBodies {
    /// Moves the HTML of each project's body out of `docs` (their other facts stay).
    pub fn take_from(docs: &mut BTreeMap<String, Rendered>, roadmap: &Roadmap) -> ProjectBodies {
        use rayon::prelude::*;
        let html: Vec<(String, String)> = roadmap
            .projects
            .iter()
            .filter_map(|p| {
                let doc = docs.get_mut(&p.body.rel)?;
                Some((p.body.rel.clone(), std::mem::take(&mut doc.html)))
            })
            .collect();
        let packed = html
            .into_par_iter()
            .map(|(rel, html)| (rel, std::sync::Mutex::new(Packed::new(&html))));
        ProjectBodies(packed.collect())
    }

    /// The body of the project file `rel`, taken (empty when already taken or unknown).
    fn take(&self, rel: &str) -> String {
        self.0.get(rel).map_or_else(String::new, |m| {
            std::mem::take(&mut *m.lock().unwrap_or_else(|p| p.into_inner())).text()
        })
    }

    /// What `read` makes of the body of the project file `rel` (None when unknown).
    fn read<R>(&self, rel: &str, read: impl FnOnce(&str) -> R) -> Option<R> {
        let m = self.0.get(rel)?;
        Some(read(&m.lock().unwrap_or_else(|p| p.into_inner()).text()))
    }
}

/// Facts about projects that many views need, made once so that no view searches the whole
/// roadmap for each project (which grows with the square of the number of projects).
#[derive(Debug, Default)]
pub struct Lookups {
    /// The summary of each project (its `description`, else the start of its body), by slug.
    summaries: HashMap<String, String>,
    /// Each project's index in `Roadmap::projects`, by slug.
    index: HashMap<String, usize>,
    /// The indices of the projects of each programme, in the roadmap's order.
    programmes: HashMap<String, Vec<usize>>,
    /// The departments named as leads and partners, with their projects.
    pub departments: crate::model::departments::Departments,
    /// Each project's card (see [`Views::card`]) as a Tera value, by index in
    /// `Roadmap::projects`: made once ([`Views::prepare_cards`], or when first asked for) and
    /// shared by every listing that shows it (all projects, field, category, departments,
    /// timeline, the matrix): Tera's lists and maps are reference-counted, so a listing of
    /// 10,000 cards holds 10,000 references, not 10,000 copies. Emptied when the listings
    /// are made ([`Views::forget_cards`]).
    cards: std::sync::RwLock<Vec<std::sync::OnceLock<tera::Value>>>,
    /// What the cards and the rows of the dashboard and of the table of all projects share
    /// (their keys, the small parts that repeat).
    sharing: share::Sharing,
}

impl Lookups {
    /// Summaries are made in parallel (each parses the start of a body).
    pub fn new(roadmap: &Roadmap) -> Lookups {
        use rayon::prelude::*;
        let summaries = roadmap
            .projects
            .par_iter()
            .map(|p| {
                let summary = p
                    .description
                    .clone()
                    .unwrap_or_else(|| summary_of(&p.body.markdown.text(), 220));
                (p.slug.clone(), summary)
            })
            .collect();
        let mut index = HashMap::new();
        let mut programmes: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in roadmap.projects.iter().enumerate() {
            index.insert(p.slug.clone(), i);
            if let Some(name) = &p.programme {
                programmes.entry(name.clone()).or_default().push(i);
            }
        }
        Lookups {
            summaries,
            index,
            programmes,
            departments: crate::model::departments::index(roadmap),
            cards: std::sync::RwLock::new(
                roadmap
                    .projects
                    .iter()
                    .map(|_| std::sync::OnceLock::new())
                    .collect(),
            ),
            sharing: share::Sharing::default(),
        }
    }
}

/// An object of `pairs`, each value moved in. `json!` copies every value it is given (it
/// serializes it), which for the lists of a listing page is a copy of every project on it.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

pub fn field_path(key: &str) -> String {
    format!("fields/{key}/")
}

pub fn category_path(key: &str) -> String {
    format!("categories/{}/", key.to_lowercase())
}

impl Views<'_> {
    fn lang(&self) -> crate::config::Language {
        self.roadmap.config.language
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.roadmap.config.base_path, path)
    }

    fn t(&self, key: &str) -> String {
        self.theme.t(key)
    }

    /// Where a frontmatter text of project `p` stands: its links start from the project's file.
    fn project_text<'p>(&self, p: &'p Project) -> TextAt<'p> {
        TextAt {
            origin: Origin {
                rel: &p.body.rel,
                page: &p.path,
                frontmatter: true,
                from_config: false,
            },
            file: &p.body.at.file,
            yaml: Yaml::Packed(&p.body.frontmatter),
            first_line: 2,
        }
    }

    /// A Markdown text of roadmap.yaml shown on the page `page`, as HTML.
    pub fn config_text(&self, text: &str, page: &str) -> String {
        let c = &self.roadmap.config;
        let at = TextAt {
            origin: Origin {
                rel: "roadmap.yaml",
                page,
                frontmatter: true,
                from_config: true,
            },
            file: &c.file,
            yaml: Yaml::Plain(&c.source),
            first_line: 1,
        };
        self.inline.render(text, &at)
    }

    /// A text for a narrow place, with soft hyphens in its long words.
    fn shy(&self, s: &str) -> String {
        crate::hyphenate::text(s, self.lang())
    }

    /// Rendered Markdown for a narrow place, with soft hyphens in the long words of its text.
    fn shy_html(&self, html: &str) -> String {
        crate::hyphenate::html(html, self.lang())
    }

    pub fn projects_path(&self) -> String {
        format!("{}/", self.roadmap.config.projects_dir)
    }

    /// The output path and title of a navigation item, and its key for `aria-current`.
    pub fn nav_entry(&self, item: &NavItem) -> (String, String, String) {
        match item {
            NavItem::Page(i) => {
                let p = &self.roadmap.pages[*i];
                (p.path.clone(), p.title.clone(), format!("page:{}", p.slug))
            }
            NavItem::Overview => ("overview/".into(), self.t("overview"), "overview".into()),
            NavItem::Projects => (self.projects_path(), self.t("projects"), "projects".into()),
            NavItem::Timeline => ("timeline/".into(), self.t("timeline"), "timeline".into()),
            NavItem::Dashboard => ("dashboard/".into(), self.t("dashboard"), "dashboard".into()),
        }
    }

    /// The data every page shares: the site, its navigation, UI strings.
    pub fn site(&self) -> Value {
        let c = &self.roadmap.config;
        let nav: Vec<Value> = self
            .roadmap
            .nav
            .iter()
            .map(|n| {
                let (path, title, key) = self.nav_entry(n);
                json!({"url": self.url(&path), "title": title, "key": key})
            })
            .collect();
        // A footer link's URL: an external URL as it is, a page slug as that page's URL.
        let link = |target: &str| match crate::model::link_target(&self.roadmap.pages, target) {
            Some(t) if crate::model::is_url(&t) => t,
            t => self.url(&t.unwrap_or_default()),
        };
        let legal: Vec<Value> = c
            .legal
            .iter()
            .map(|(label, target)| json!({"label": label, "url": link(target)}))
            .collect();
        let fields: Vec<Value> = c
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                json!({"key": f.key, "title": self.shy(&f.title), "url": self.url(&field_path(&f.key)), "color": f.color,
                       "count": self.roadmap.projects_in_field(i).count()})
            })
            .collect();
        let categories: Vec<Value> = c
            .categories
            .iter()
            .map(|k| {
                json!({"key": k.key, "title": k.title, "url": self.url(&category_path(&k.key)),
                       "description_html": k.description.as_deref().map(|d| self.config_text(d, &category_path(&k.key)))})
            })
            .collect();
        let field_css: String = c
            .fields
            .iter()
            .filter_map(|f| {
                f.color
                    .as_ref()
                    .map(|col| format!(".field-{}{{--field-color:{}}}", f.key, col))
            })
            .collect::<String>()
            + &self.rating_css();
        json!({
            "title": c.title,
            "subtitle": c.subtitle,
            "description": c.description,
            "organisation": c.organisation,
            "authors": c.authors,
            "as_of": c.as_of.map(|d| format::date(d, c.language, &self.theme.months())),
            "lang": c.language.code(),
            "base": c.base_path,
            "home_url": self.url(""),
            "document": c.document.as_ref().map(|d| json!({"kind": d.kind, "reference": d.reference, "title": d.title})),
            "nav": nav,
            "legal": legal,
            "fields": fields,
            "categories": categories,
            "field_css": field_css,
            "ratings": self.rating_scale(),
            "data_licence": c.data_licence.as_deref().map(|l| crate::opendata::licence(l).name),
            "accessibility_url": c.accessibility.as_ref().map(|_| self.url(crate::config::accessibility::path(c.language))),
            "data_url": self.url(crate::opendata::DIR),
            "departments_url": (!self.lookups.departments.list.is_empty()).then(|| self.url(departments::DIR)),
            "search": self.roadmap.config.search,
            "search_url": self.url(crate::model::SEARCH_PATH),
            "search_index_url": self.url(crate::model::SEARCH_INDEX_PATH),
            "data_licence_url": c.data_licence.as_deref().and_then(|l| crate::opendata::licence(l).url),
            "leichte_sprache_url": c.leichte_sprache.as_deref().map(link),
            "gebaerdensprache_url": c.gebaerdensprache.as_deref().map(link),
            "start": format::quarter(c.start),
            "end": format::quarter(c.end),
        })
    }

    fn field_ref(&self, i: usize) -> Value {
        let f = &self.roadmap.config.fields[i];
        json!({"key": f.key, "title": self.shy(&f.title), "url": self.url(&field_path(&f.key))})
    }

    fn category_ref(&self, i: Option<usize>) -> Value {
        match i {
            Some(i) => {
                let k = &self.roadmap.config.categories[i];
                json!({"key": k.key, "title": self.shy(&k.title), "url": self.url(&category_path(&k.key))})
            }
            None => Value::Null,
        }
    }

    /// A project's summary: its `description`, else the start of its body (made once, in
    /// [`Lookups::new`]).
    pub fn summary(&self, p: &Project) -> String {
        self.lookups
            .summaries
            .get(&p.slug)
            .cloned()
            .unwrap_or_default()
    }

    /// A project as it appears on cards and in lists (made anew; the listings share the
    /// cards of [`Views::card_value`]).
    pub fn card(&self, p: &Project) -> Value {
        let summary = self.summary(p);
        json!({
            "slug": p.slug,
            "title": self.shy(&p.title),
            "label": self.shy(p.label()),
            "url": self.url(&p.path),
            "programme": p.programme.as_deref().map(|s| self.shy(s)),
            "field": self.field_ref(p.field),
            "category": self.category_ref(p.category),
            "lead": p.lead.join(", "),
            "summary": summary,
            "milestone": p.milestone.map(format::quarter),
            "kpi_count": p.kpis.len(),
            "status": self.status_summary(p),
        })
    }
}

/// A rendered Markdown body for the page: soft hyphens in the text of its tables, and each
/// table in a region of its own that scrolls sideways where the table is wider than a phone
/// (focusable, so that the keyboard can scroll it, and named `label`).
pub fn body(html: &str, lang: crate::config::Language, label: &str) -> String {
    let html = crate::hyphenate::tables(html, lang);
    let open = format!(
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
        label.replace('&', "&amp;").replace('"', "&quot;")
    );
    let mut out = String::with_capacity(html.len() + 128);
    let mut depth = 0usize;
    let mut rest = html.as_str();
    while let Some(i) = rest
        .find("<table")
        .into_iter()
        .chain(rest.find("</table>"))
        .min()
    {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("</table>") {
            out.push_str("</table>");
            depth = depth.saturating_sub(1);
            if depth == 0 {
                out.push_str("</div>");
            }
            rest = after;
        } else {
            if depth == 0 {
                out.push_str(&open);
            }
            depth += 1;
            out.push_str("<table");
            rest = &rest["<table".len()..];
        }
    }
    out.push_str(rest);
    out
}

/// The first paragraph of a Markdown body as plain text, cut at a word boundary (`max`
/// characters at most, then `…`); its raw HTML tags are left out. A list before any paragraph
/// counts as one, its items joined by spaces; headings and code blocks are passed over (a body
/// that begins `## Ziele` gives the paragraph under it), and a body of headings alone gives
/// its first heading.
pub fn summary_of(markdown: &str, max: usize) -> String {
    first_paragraph(markdown, max, false)
}

/// As [`summary_of`], for a frontmatter text (a KPI's label): its page shows what looks like
/// an HTML tag as text (`<KPI>`), and so does its plain form, a chart's text alternative.
pub fn plain_text_of(markdown: &str, max: usize) -> String {
    first_paragraph(&crate::markdown::inline_only(markdown), max, true)
}

fn first_paragraph(markdown: &str, max: usize, html_as_text: bool) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let src = crate::markdown::prepare_text(markdown);
    let mut text = String::new();
    // The first heading's text, for a body without prose.
    let mut heading = String::new();
    #[derive(PartialEq)]
    enum In {
        Prose,
        FirstHeading,
        PassedOver,
    }
    let mut at = In::Prose;
    let mut seen_heading = false;
    for ev in Parser::new(&src) {
        match ev {
            Event::Start(Tag::Heading { .. }) => {
                at = if seen_heading {
                    In::PassedOver
                } else {
                    In::FirstHeading
                };
                seen_heading = true;
            }
            Event::Start(Tag::CodeBlock(_)) => at = In::PassedOver,
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => at = In::Prose,
            _ if at == In::PassedOver => {}
            ev => {
                let out = if at == In::FirstHeading {
                    &mut heading
                } else {
                    &mut text
                };
                match ev {
                    Event::Text(t) | Event::Code(t) => out.push_str(&t),
                    Event::InlineHtml(t) | Event::Html(t) if html_as_text => out.push_str(&t),
                    Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Item) => out.push(' '),
                    Event::End(TagEnd::Paragraph | TagEnd::List(_)) if !text.trim().is_empty() => {
                        break
                    }
                    _ => {}
                }
            }
        }
    }
    if text.trim().is_empty() {
        text = heading;
    }
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::{plain_text_of, summary_of};

    #[test]
    fn a_summary_is_the_first_prose_not_a_heading_glued_to_it() {
        let body = "## Abschnitt 1\n\nQualität für Bürger*innen.\n\nZweiter Absatz.";
        assert_eq!(summary_of(body, 220), "Qualität für Bürger*innen.");
        assert_eq!(
            summary_of("```\ncode\n```\n\n- eins\n- zwei\n\nText", 220),
            "eins zwei"
        );
        assert_eq!(summary_of("# Nur\n\n## Köpfe", 220), "Nur");
        assert_eq!(
            summary_of("Ein sehr langer Satz mit vielen Wörtern.", 20),
            "Ein sehr langer…"
        );
        // A frontmatter text that looks like a heading, a list or a tag is still its own
        // text, whole.
        assert_eq!(
            plain_text_of("# Anträge <online>", 300),
            "# Anträge <online>"
        );
        assert_eq!(plain_text_of("1. Bauabschnitt", 300), "1. Bauabschnitt");
        assert_eq!(plain_text_of("> 95 % *verfügbar*", 300), "> 95 % verfügbar");
    }
}
