//! The one in-memory model of a roadmap: configuration, pages and projects, validated and
//! cross-referenced. Everything after this stage reads only this model.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::{self, Config, Entry};
use crate::content::{self, ContentAsset, ContentTree, RawBlock, RawPage, SourceFile, StrOr};
use crate::error::{did_you_mean, Error, Errors, Location, Warning};
use crate::quarter::{Date, Quarter};
use crate::yaml::loc;

mod project;

/// Slugs that name the generated parts of a site.
pub const GENERATED: [&str; 4] = ["overview", "projects", "timeline", "dashboard"];

/// A Markdown text with where it starts, for messages about its links.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub markdown: String,
    /// File relative to content/ ("projekte/e-akte.md").
    pub rel: String,
    pub at: Location,
    /// The file's YAML frontmatter (from line 2 on), for the line of a frontmatter text's link.
    pub frontmatter: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: Option<f64>,
    pub draft: bool,
    /// Output path relative to the site root, ending in `/` ("hintergrund/").
    pub path: String,
    pub body: Source,
}

#[derive(Debug, Clone)]
pub struct Kpi {
    pub label: String,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub due: Option<Quarter>,
    pub values: Vec<(Quarter, f64)>,
}

#[derive(Debug, Clone)]
pub struct Phase {
    pub name: String,
    pub from: Option<Quarter>,
    /// None with `from` set and `open`: runs past the end of the timeline.
    pub to: Option<Quarter>,
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Green,
    Amber,
    Red,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Status {
    pub phase: String,
    /// Index into config.phases.
    pub phase_index: usize,
    pub progress: Option<f64>,
    pub rating: Option<Rating>,
    pub updated: Option<Date>,
    pub results: Vec<String>,
    pub next_steps: Vec<String>,
    pub benefits: Vec<String>,
    pub contact: Option<Contact>,
    pub video: Option<String>,
}

/// The nine blocks of the Projekt Canvas, in a fixed order.
pub const CANVAS_BLOCKS: [&str; 9] = [
    "partners",
    "activities",
    "resources",
    "value",
    "relationships",
    "channels",
    "users",
    "costs",
    "risks",
];

#[derive(Debug, Clone)]
pub enum Block {
    Text(String),
    List(Vec<String>),
    Groups(Vec<(String, Vec<String>)>),
}

#[derive(Debug, Clone)]
pub struct Budget {
    pub label: String,
    pub total: f64,
    pub own_share: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub slug: String,
    pub title: String,
    pub short_title: Option<String>,
    pub programme: Option<String>,
    pub number: Option<f64>,
    /// Index into config.fields.
    pub field: usize,
    /// Index into config.categories.
    pub category: Option<usize>,
    /// Index into config.goals.
    pub goal: Option<usize>,
    pub lead: Vec<String>,
    pub kpis: Vec<Kpi>,
    pub schedule: Vec<Phase>,
    pub milestone: Option<Quarter>,
    pub status: Option<Status>,
    /// (block key, content) for the blocks present, in CANVAS_BLOCKS order.
    pub canvas: Vec<(&'static str, Block)>,
    pub budget: Vec<Budget>,
    pub draft: bool,
    pub description: Option<String>,
    pub path: String,
    pub body: Source,
}

impl Project {
    /// The short title where there is one, else the title.
    pub fn label(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }
}

/// An entry of the navigation: a page or a generated part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NavItem {
    Page(usize),
    Overview,
    Projects,
    Timeline,
    Dashboard,
}

#[derive(Debug, Clone)]
pub struct Roadmap {
    pub config: Config,
    pub intro: Option<Source>,
    pub intro_title: Option<String>,
    pub projects_intro: Option<Source>,
    pub pages: Vec<Page>,
    /// Ordered by field, then number, then title.
    pub projects: Vec<Project>,
    pub nav: Vec<NavItem>,
    pub assets: Vec<ContentAsset>,
    /// The files of the site's assets/ folder, by output path (`assets/logo.svg`).
    pub site_assets: Vec<ContentAsset>,
    /// Content file (relative to content/) -> output path, for links between files.
    pub paths: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
}

impl Roadmap {
    pub fn field(&self, p: &Project) -> &Entry {
        &self.config.fields[p.field]
    }

    pub fn projects_in_field(&self, field: usize) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(move |p| p.field == field)
    }

    /// How many projects report the status phase `phase` (an index into `config.phases`).
    pub fn projects_in_phase(&self, phase: usize) -> usize {
        self.projects
            .iter()
            .filter(|p| p.status.as_ref().is_some_and(|s| s.phase_index == phase))
            .count()
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Reads roadmap.yaml and content/ under `root` into a validated model. All errors at once.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Roadmap, Errors> {
    let config = config::load(root)?;
    let mut tree = content::scan(&root.join("content"), root)?;
    content::scan_assets(root, &mut tree)?;
    build(config, tree, opts)
}

/// Validates scanned content against the configuration.
pub fn build(config: Config, tree: ContentTree, opts: &LoadOptions) -> Result<Roadmap, Errors> {
    let mut errs = Errors::default();
    let mut warnings = tree.ignored.clone();
    let projects_prefix = format!("{}/", config.projects_dir);
    let mut seen: BTreeMap<String, &SourceFile> = BTreeMap::new();
    let mut pages = Vec::new();
    let mut projects = Vec::new();
    let mut intro = None;
    let mut intro_title = None;
    let mut projects_intro = None;

    for f in &tree.files {
        let file_name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        if file_name == "_index.md" {
            let raw: RawPage = match content::parse_frontmatter(f) {
                Ok(r) => r,
                Err(e) => {
                    errs.push(e);
                    continue;
                }
            };
            let src = source_of(f);
            if f.rel == "_index.md" {
                intro_title = raw.title;
                intro = Some(src);
            } else if f.rel == format!("{projects_prefix}_index.md") {
                projects_intro = Some(src);
            } else {
                warnings.push(Warning::at(
                    "not-published",
                    Location::file(&f.file),
                    "ignored: `_index.md` is read only at the top of content/ and of the projects folder",
                ));
            }
            continue;
        }
        if !config::is_slug(&f.slug) {
            errs.push(Error::content_help(
                Location::file(&f.file),
                format!("`{}` is not a valid file name for a page", file_name),
                Some(format!(
                    "use lower-case ASCII letters, digits and `-` only, e.g. `{}.md`",
                    slugify(&f.slug)
                )),
            ));
            continue;
        }
        if GENERATED.contains(&f.slug.as_str()) {
            errs.push(Error::content_help(
                Location::file(&f.file),
                format!(
                    "the slug `{}` is reserved for a generated part of the site",
                    f.slug
                ),
                Some(format!("rename the file, e.g. to `{}-seite.md`", f.slug)),
            ));
            continue;
        }
        if let Some(first) = seen.get(&f.slug) {
            errs.push(Error::content_help(
                Location::file(&f.file),
                format!(
                    "the slug `{}` is already taken by {}",
                    f.slug,
                    first.file.display()
                ),
                Some("slugs are unique across content/: rename one of the two files".into()),
            ));
            continue;
        }
        seen.insert(f.slug.clone(), f);
        let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
        let path = if dir.is_empty() {
            format!("{}/", f.slug)
        } else {
            format!("{dir}/{}/", f.slug)
        };
        if dir == config.projects_dir {
            match project::project(f, &config, path, &mut warnings) {
                Ok(p) => {
                    if !p.draft || opts.drafts {
                        projects.push(p)
                    }
                }
                Err(mut e) => errs.0.append(&mut e.0),
            }
        } else {
            match content::parse_frontmatter::<RawPage>(f) {
                Ok(raw) => {
                    let Some(title) = raw.title else {
                        errs.push(Error::content_help(
                            Location::at(&f.file, 1, 1),
                            "missing required key `title`",
                            Some(
                                "add `title: …` to the frontmatter between the `---` lines".into(),
                            ),
                        ));
                        continue;
                    };
                    let draft = raw.draft.unwrap_or(false);
                    if !draft || opts.drafts {
                        pages.push(Page {
                            slug: f.slug.clone(),
                            title,
                            description: raw.description,
                            weight: raw.weight,
                            draft,
                            path,
                            body: source_of(f),
                        });
                    }
                }
                Err(e) => errs.push(outside_projects_dir(e, f, &config.projects_dir)),
            }
        }
    }

    projects.sort_by(|a, b| {
        a.field
            .cmp(&b.field)
            .then(
                a.number
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.number.unwrap_or(f64::MAX)),
            )
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then_with(|| a.slug.cmp(&b.slug))
    });

    // Output paths must not collide with the generated parts.
    let reserved = reserved_paths(&config);
    for p in &pages {
        if let Some(r) = reserved.iter().find(|r| **r == p.path) {
            errs.push(Error::content_help(
                p.body.at.clone(),
                format!(
                    "this page would be written to `{r}`, where a generated part of the site lives"
                ),
                Some("rename the file or move it into another folder".into()),
            ));
        }
    }

    // A slug whose file failed to load (reported already) or is a draft is no second fault.
    let not_built: BTreeSet<&str> = seen
        .keys()
        .map(String::as_str)
        .filter(|slug| !pages.iter().any(|p| p.slug == *slug))
        .collect();
    let nav = navigation(&config, &pages, &not_built, &mut errs);

    // Footer links (legal, Leichte Sprache, Gebärdensprache): page slugs must exist.
    let mut footer: Vec<(String, &String)> = config
        .legal
        .iter()
        .map(|(label, t)| (format!("legal link `{label}`"), t))
        .collect();
    footer.extend(
        config
            .leichte_sprache
            .iter()
            .map(|t| ("`leichte_sprache`".to_string(), t)),
    );
    footer.extend(
        config
            .gebaerdensprache
            .iter()
            .map(|t| ("`gebaerdensprache`".to_string(), t)),
    );
    for (what, target) in footer {
        if link_target(&pages, target).is_none() {
            let slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
            errs.push(Error::content_help(
                Location::file(&config.file),
                format!("{what} points to `{target}`, which is neither a page slug nor a URL"),
                did_you_mean(target, &slugs).or(Some(
                    "write a page slug or a URL starting with https://".into(),
                )),
            ));
        }
    }

    let mut paths = BTreeMap::new();
    for p in &pages {
        paths.insert(p.body.rel.clone(), p.path.clone());
    }
    for p in &projects {
        paths.insert(p.body.rel.clone(), p.path.clone());
    }
    if intro.is_some() {
        paths.insert("_index.md".into(), String::new());
    }
    if projects_intro.is_some() {
        paths.insert(
            format!("{projects_prefix}_index.md"),
            projects_prefix.clone(),
        );
    }

    let roadmap = Roadmap {
        config,
        intro,
        intro_title,
        projects_intro,
        pages,
        projects,
        nav,
        assets: tree.assets,
        site_assets: tree.site_assets,
        paths,
        warnings,
    };
    errs.into_result(roadmap)
}

fn source_of(f: &SourceFile) -> Source {
    Source {
        markdown: f.body.clone(),
        rel: f.rel.clone(),
        at: Location::at(&f.file, f.body_line, 1),
        frontmatter: f.frontmatter.clone(),
    }
}

/// The output folders that generated parts take.
pub fn reserved_paths(config: &Config) -> Vec<String> {
    let mut v: Vec<String> = [
        "overview/",
        "timeline/",
        "dashboard/",
        "fields/",
        "categories/",
        "data/",
        "static/",
        "assets/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("{}/", config.projects_dir));
    if config.accessibility.is_some() {
        v.push(crate::accessibility::path(config.language).to_string());
    }
    v
}

/// Where a footer link points: a URL as it is, else the output path of the page with that slug;
/// None when it is neither.
pub fn link_target(pages: &[Page], target: &str) -> Option<String> {
    if is_url(target) {
        return Some(target.to_string());
    }
    pages
        .iter()
        .find(|p| p.slug == target)
        .map(|p| p.path.clone())
}

pub fn is_url(s: &str) -> bool {
    s.starts_with("https://") || s.starts_with("http://") || s.starts_with("mailto:")
}

/// A page's frontmatter with a project's keys: the file lies outside the projects folder.
fn outside_projects_dir(e: Error, f: &SourceFile, projects_dir: &str) -> Error {
    const PROJECT_KEYS: [&str; 8] = [
        "field",
        "lead",
        "category",
        "kpis",
        "schedule",
        "milestone",
        "canvas",
        "budget",
    ];
    match e {
        Error::Yaml { at, message, .. }
            if PROJECT_KEYS
                .iter()
                .any(|k| message.starts_with(&format!("unknown field `{k}`"))) =>
        {
            let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
            Error::Yaml {
                at,
                message: format!(
                    "{message}: content/{} is read as a page, not a project, because it lies outside content/{projects_dir}/",
                    f.rel
                ),
                help: Some(format!(
                    "to make it a project, move it to content/{projects_dir}/{name}"
                )),
            }
        }
        other => other,
    }
}

fn navigation(
    config: &Config,
    pages: &[Page],
    not_built: &BTreeSet<&str>,
    errs: &mut Errors,
) -> Vec<NavItem> {
    let generated = |s: &str| match s {
        "overview" => Some(NavItem::Overview),
        "projects" => Some(NavItem::Projects),
        "timeline" => Some(NavItem::Timeline),
        "dashboard" => Some(NavItem::Dashboard),
        _ => None,
    };
    match &config.outline {
        Some(outline) => {
            let mut nav = Vec::new();
            for e in outline {
                if let Some(g) = generated(&e.slug) {
                    nav.push(g);
                } else if let Some(i) = pages.iter().position(|p| p.slug == e.slug) {
                    nav.push(NavItem::Page(i));
                } else if not_built.contains(e.slug.as_str()) {
                    // A draft, or a page whose error is reported already.
                } else {
                    let mut known: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
                    known.extend(GENERATED);
                    errs.push(Error::content_help(
                        e.at.clone(),
                        format!(
                            "outline entry `{}` is neither a page nor a generated part",
                            e.slug
                        ),
                        did_you_mean(&e.slug, &known),
                    ));
                }
            }
            nav
        }
        None => {
            let mut order: Vec<usize> = (0..pages.len()).collect();
            order.sort_by(|&a, &b| {
                let (pa, pb) = (&pages[a], &pages[b]);
                pa.weight
                    .unwrap_or(f64::MAX)
                    .total_cmp(&pb.weight.unwrap_or(f64::MAX))
                    .then_with(|| pa.title.cmp(&pb.title))
            });
            let mut nav: Vec<NavItem> = order.into_iter().map(NavItem::Page).collect();
            nav.extend([
                NavItem::Overview,
                NavItem::Projects,
                NavItem::Timeline,
                NavItem::Dashboard,
            ]);
            nav
        }
    }
}

/// A slug (lower-case ASCII letters, digits, `-`) made from a title or file name: the file
/// name `roadmap new` writes, and the suggestion for a file name that is not a slug.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut push = |piece: &str| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
    };
    for c in s.chars() {
        // German umlauts follow German spelling (Bürger → buerger); every other letter is
        // transliterated by deunicode (Łódź → lodz, Čeština → cestina, Café → cafe).
        match c {
            'ä' | 'Ä' => push("ae"),
            'ö' | 'Ö' => push("oe"),
            'ü' | 'Ü' => push("ue"),
            'ß' | 'ẞ' => push("ss"),
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4])),
            c => push(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_transliterate_every_latin_letter() {
        for (title, slug) in [
            ("Café-Bündnis", "cafe-buendnis"),
            ("Łódź", "lodz"),
            ("Čeština", "cestina"),
            ("Straße der Ämter", "strasse-der-aemter"),
            ("Øresund & Ærø", "oresund-aero"),
            ("  E-Akte 2.0!  ", "e-akte-2-0"),
        ] {
            assert_eq!(slugify(title), slug, "{title}");
        }
    }
}
