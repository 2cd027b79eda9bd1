//! The list of pages: one [`PageView`] per page of the site — its output path, template, title
//! and template data, Markdown already rendered — built from the model in one pass. Rendering
//! them is the job of `render`.

use serde_json::{json, Value};

use super::listing::variables;
use super::{category_path, field_path, object, Views};
use crate::markdown::Rendered;
use crate::theme::Theme;

/// One page of the site, ready for its template.
pub struct PageView {
    /// Output folder of the page ("" for home), or a file name ("404.html").
    pub path: String,
    pub template: &'static str,
    pub current: String,
    pub title: String,
    pub data: Value,
    /// Template variables besides `data`, given as Tera values that pages share (the cards
    /// of the listings, see [`Views::card_value`]); set after `data`'s keys.
    pub shared: Vec<(String, tera::Value)>,
    /// The page's URL.
    pub url: String,
    /// The body the page shows, if any.
    pub slot: Option<Slot>,
}

impl PageView {
    fn new(path: &str, template: &'static str, current: &str, title: &str, data: Value) -> Self {
        PageView {
            path: path.to_string(),
            template,
            current: current.to_string(),
            title: title.to_string(),
            data,
            shared: Vec::new(),
            url: String::new(),
            slot: None,
        }
    }

    fn with_shared(mut self, shared: Vec<(String, tera::Value)>) -> Self {
        self.shared = shared;
        self
    }

    fn with_slot(mut self, slot: Option<Slot>) -> Self {
        self.slot = slot;
        self
    }
}

/// Where a page shows a body: the content file, and the places of its HTML (and table of
/// contents) in the template data.
pub struct Slot {
    pub rel: String,
    pub html: &'static str,
    pub toc: Option<&'static str>,
}

/// The table of contents of a body as template data: `[{id, title}]`.
pub fn toc(doc: &Rendered) -> Value {
    doc.toc
        .iter()
        .map(|(id, text)| json!({"id": id, "title": text}))
        .collect()
}

/// A page not built yet: its data are made when it is rendered, so that a build holds the
/// data of only the pages being rendered at the moment, whatever the size of the roadmap.
pub type Build<'v> = Box<dyn Fn() -> PageView + Send + Sync + 'v>;

fn job<'v>(f: impl Fn() -> PageView + Send + Sync + 'v) -> Build<'v> {
    Box::new(f)
}

/// The generated pages: home, overview, all projects (cards by field, and a table of all),
/// timeline (the dashboard is made apart: [`before_cards`]).
fn generated_jobs<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    let roadmap = views.roadmap;
    let t = |k: &str| views.theme.t(k);
    let html_of = move |s: &Option<crate::model::Source>| {
        s.as_ref()
            .and_then(|i| views.docs.get(&i.rel))
            .map(|d| d.html.clone())
    };
    // Above the limit the list of all projects shows its table and, per field, a link to the
    // field's page instead of the cards.
    let compact = !views.document && roadmap.projects.len() > super::DETAIL_LIMIT;
    let slot = |s: &Option<crate::model::Source>, html: &'static str| {
        s.as_ref().map(|i| Slot {
            rel: i.rel.clone(),
            html,
            toc: None,
        })
    };
    vec![
        job(move || {
            PageView::new(
                "",
                "home.html",
                "home",
                &roadmap.config.title,
                object([
                    ("intro_html", html_of(&roadmap.intro).into()),
                    ("intro_title", json!(roadmap.intro_title)),
                ]),
            )
            .with_shared(vec![("matrix".into(), views.matrix())])
            .with_slot(slot(&roadmap.intro, "/intro_html"))
        }),
        job(move || {
            PageView::new(
                "overview/",
                "overview.html",
                "overview",
                &t("overview"),
                json!({}),
            )
            .with_shared(vec![("matrix".into(), views.matrix())])
        }),
        job(move || {
            PageView::new(
                &views.projects_path(),
                "projects.html",
                "projects",
                &t("projects"),
                object([
                    ("intro_html", html_of(&roadmap.projects_intro).into()),
                    ("compact", compact.into()),
                    ("detail_limit", super::DETAIL_LIMIT.into()),
                ]),
            )
            .with_shared(vec![
                (
                    "groups".into(),
                    if compact {
                        views.group_counts()
                    } else {
                        views.groups(|_| true)
                    },
                ),
                ("table".into(), views.project_rows()),
            ])
            .with_slot(slot(&roadmap.projects_intro, "/intro_html"))
        }),
        job(move || {
            PageView::new(
                "timeline/",
                "timeline.html",
                "timeline",
                &t("timeline"),
                json!({}),
            )
            .with_shared(variables(views.timeline()))
        }),
    ]
}

/// The pages that take no project's card (see [`Views::card_value`]): the dashboard, whose
/// rows are its own. A rendering makes them while it makes the cards, before the listings
/// that take the cards, so that the dashboard's rows (45 MB at 10,000 projects) are let go
/// before those listings are made. Not among [`all`].
pub fn before_cards<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    vec![url_set(
        views,
        job(move || {
            let (data, fields) = views.dashboard();
            PageView::new(
                "dashboard/",
                "dashboard.html",
                "dashboard",
                &views.theme.t("dashboard"),
                data,
            )
            .with_shared(vec![("fields".into(), fields)])
        }),
    )]
}

/// The pages of the fields and categories.
fn entry_jobs<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    let c = &views.roadmap.config;
    let mut jobs = Vec::new();
    for (i, f) in c.fields.iter().enumerate() {
        jobs.push(job(move || {
            let path = field_path(&f.key);
            let description = f
                .description
                .as_deref()
                .map(|d| views.config_text(d, &path));
            PageView::new(&path, "field.html", "projects", &f.title, json!({
                "field": {"key": f.key, "title": f.title, "color": f.color, "description_html": description},
            }))
            .with_shared(vec![("projects".into(), views.field_cards(i))])
        }));
    }
    for (i, k) in c.categories.iter().enumerate() {
        jobs.push(job(move || {
            let path = category_path(&k.key);
            let description = k
                .description
                .as_deref()
                .map(|d| views.config_text(d, &path));
            PageView::new(
                &path,
                "category.html",
                "overview",
                &k.title,
                json!({
                    "category": {"key": k.key, "title": k.title, "description_html": description},
                }),
            )
            .with_shared(vec![(
                "groups".into(),
                views.groups(|p| p.category == Some(i)),
            )])
        }));
    }
    jobs
}

/// The page of one project, which shows its body (built when it is rendered, so that a build
/// never holds every project's page data at once).
pub fn project(views: &Views, p: &crate::model::Project) -> PageView {
    let slot = Slot {
        rel: p.body.rel.clone(),
        html: "/project/body_html",
        toc: None,
    };
    let mut job = PageView::new(
        &p.path,
        "project.html",
        "projects",
        &p.title,
        super::object([("project", views.project(p))]),
    )
    .with_slot(Some(slot));
    job.url = views.url(&p.path);
    job
}

/// The prose pages, which show a body.
fn content_jobs<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    let roadmap = views.roadmap;
    roadmap
        .pages
        .iter()
        .map(|p| {
            job(move || {
                let doc = views.docs.get(&p.body.rel);
                let slot = Slot {
                    rel: p.body.rel.clone(),
                    html: "/page/body_html",
                    toc: Some("/page/toc"),
                };
                PageView::new(
                    &p.path,
                    "page.html",
                    &format!("page:{}", p.slug),
                    &p.title,
                    json!({
                        "page": {"title": p.title, "description": p.description,
                                 "body_html": doc.map(|d| super::body(&d.html, roadmap.config.language, &views.theme.t("table"))).unwrap_or_default(),
                                 "toc": doc.map(toc).unwrap_or_default()},
                    }),
                )
                .with_slot(Some(slot))
            })
        })
        .collect()
}

/// Every page of the site but the projects' ([`project`]) and the dashboard ([`before_cards`]),
/// not built yet, in a fixed order.
/// Each build gives the page's view with its URL.
pub fn all<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    let c = &views.roadmap.config;
    let theme = views.theme;
    let mut jobs = generated_jobs(views);
    jobs.extend(entry_jobs(views));
    jobs.extend(content_jobs(views));
    jobs.extend(department_jobs(views));
    if let Some(a) = &c.accessibility {
        jobs.push(job(move || {
            let path = crate::config::accessibility::path(c.language);
            let md = |text: &str| views.config_text(text, path);
            let data =
                json!({"statement": crate::views::accessibility::view(a, c.language, theme, &md)});
            PageView::new(
                path,
                "accessibility.html",
                "accessibility",
                &theme.t("a11y_title"),
                data,
            )
        }));
    }
    jobs.push(job(move || data_page(views, theme)));
    jobs.extend(c.search.then(|| {
        job(move || {
            PageView::new(
                crate::model::SEARCH_PATH,
                "search.html",
                "search",
                &theme.t("search"),
                json!({"projects_url": views.url(&views.projects_path())}),
            )
        })
    }));
    jobs.push(job(move || {
        PageView::new("404.html", "404.html", "", &theme.t("not_found"), json!({}))
    }));
    jobs.into_iter()
        .map(|build| url_set(views, build))
        .collect()
}

/// `build` with the page's own URL set (none for a page named as a file).
fn url_set<'v>(views: &'v Views<'v>, build: Build<'v>) -> Build<'v> {
    job(move || {
        let mut j = build();
        j.url = views.url(if j.path.ends_with(".html") {
            ""
        } else {
            &j.path
        });
        j
    })
}

/// The index of the departments and a page per department (none without departments).
fn department_jobs<'v>(views: &'v Views<'v>) -> Vec<Build<'v>> {
    use super::departments::{path, DIR};
    let list = &views.lookups.departments.list;
    if list.is_empty() {
        return Vec::new();
    }
    let mut jobs = vec![job(move || {
        PageView::new(
            DIR,
            "departments.html",
            "departments",
            &views.theme.t("departments"),
            views.departments_index(),
        )
    })];
    jobs.extend(list.iter().enumerate().map(|(i, d)| {
        job(move || {
            PageView::new(
                &path(&d.slug),
                "department.html",
                "departments",
                &views.department_title(d),
                json!({}),
            )
            .with_shared(variables(views.department(i)))
        })
    }));
    jobs
}

/// The page of the open data (`data/`): the files with what they hold, the licence, the
/// columns of the CSV.
fn data_page(views: &Views, theme: &Theme) -> PageView {
    let t = |k: &str| theme.t(k);
    let c = &views.roadmap.config;
    let dir = crate::opendata::DIR;
    let files: Vec<Value> = crate::opendata::FILES
        .iter()
        .zip([
            ("JSON", "data_json"),
            ("JSON Schema", "data_schema"),
            ("CSV", "data_csv"),
            ("JSON-LD", "data_dcat"),
        ])
        .map(|(name, (format, key))| {
            json!({"name": name, "url": views.url(&format!("{dir}{name}")), "format": format, "description": t(key)})
        })
        .collect();
    let licence = c.data_licence.as_deref().map(crate::opendata::licence);
    let columns: Vec<Value> = crate::opendata::csv_columns()
        .iter()
        .map(|(name, _)| json!({"name": name, "description": t(&format!("data_col_{name}"))}))
        .collect();
    PageView::new(
        dir,
        "data.html",
        "data",
        &t("data_title"),
        json!({"data": {"files": files, "columns": columns,
               "licence": licence.map(|l| json!({"key": l.key, "name": l.name, "url": l.url}))}}),
    )
}
