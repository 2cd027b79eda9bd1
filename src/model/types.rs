//! The data of the model: a roadmap with its pages and projects, each validated and
//! cross-referenced. Plain data only; how it is loaded lives in the other files of `model`.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{Config, Entry};
use crate::content::ContentAsset;
use crate::error::{Location, Warning};
use crate::packed::Packed;
use crate::quarter::{Date, Quarter};

/// A Markdown text with where it starts, for messages about its links.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The Markdown, held packed: [`Packed::text`] gives it.
    pub markdown: Packed,
    /// File relative to content/ ("projekte/e-akte.md").
    pub rel: String,
    pub at: Location,
    /// The file's YAML frontmatter (from line 2 on), for the line of a frontmatter text's
    /// link; held packed.
    pub frontmatter: Packed,
}

/// A page of content/ outside the projects folder ("hintergrund.md").
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

/// A key performance indicator of a project, with its measured values by quarter.
#[derive(Debug, Clone)]
pub struct Kpi {
    /// Where the KPI is written in the project's file: line and column, 1-based.
    pub place: Option<(usize, usize)>,
    pub label: String,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub due: Option<Quarter>,
    pub values: Vec<(Quarter, f64)>,
}

/// A phase of a project's schedule.
#[derive(Debug, Clone)]
pub struct Phase {
    pub name: String,
    pub from: Option<Quarter>,
    /// None with `from` set and `open`: runs past the end of the timeline.
    pub to: Option<Quarter>,
    pub open: bool,
}

/// A contact person (the same shape as the configuration's contacts).
pub use crate::config::Contact;

/// One status report of a project: its phase, progress, rating and what it has achieved.
#[derive(Debug, Clone)]
pub struct Status {
    /// The phase as written; None when the report names none.
    pub phase: Option<String>,
    /// Index into config.phases of the phase written.
    pub phase_index: Option<usize>,
    /// Per cent, 0 to 100.
    pub progress: Option<f64>,
    /// Index into config.ratings (0 = the best level).
    pub rating: Option<usize>,
    /// The short reason for the rating, inline Markdown.
    pub rating_note: Option<String>,
    pub updated: Option<Date>,
    /// Where `updated` is written in the project's file: line and column, 1-based.
    pub updated_place: Option<(usize, usize)>,
    pub results: Vec<String>,
    pub next_steps: Vec<String>,
    pub benefits: Vec<String>,
    pub contact: Option<Contact>,
    pub video: Option<String>,
}

/// Where a project's current phase comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseSource {
    /// The newest status report names it.
    Reported,
    /// Derived from the dated phases of the schedule against `as_of`.
    Schedule,
    /// Derived from the milestone against `as_of`.
    Milestone,
}

/// A project's current phase: an index into config.phases and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrentPhase {
    pub index: usize,
    pub source: PhaseSource,
}

impl CurrentPhase {
    /// Whether the phase was derived rather than reported.
    pub fn derived(self) -> bool {
        self.source != PhaseSource::Reported
    }
}

/// What changed from one status report to the next newer one: the rating or the phase (each
/// an index into config.ratings / config.phases; `None` where it stayed the same or one of the
/// two reports does not give it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    /// The date of the newer report.
    pub updated: Option<Date>,
    /// (older, newer) rating.
    pub rating: Option<(usize, usize)>,
    /// (older, newer) phase.
    pub phase: Option<(usize, usize)>,
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

/// The content of one canvas block: Markdown text, a list, or groups of lists under labels.
#[derive(Debug, Clone)]
pub enum Block {
    Text(String),
    List(Vec<String>),
    Groups(Vec<(String, Vec<String>)>),
}

/// A line of a project's budget: an amount and the part the organisation pays itself.
#[derive(Debug, Clone)]
pub struct Budget {
    pub label: String,
    pub total: f64,
    pub own_share: Option<f64>,
}

/// A project of the projects folder, validated against the configuration.
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
    /// The newest status report, which gives the current status.
    pub status: Option<Status>,
    /// The older reports, newest first.
    pub history: Vec<Status>,
    /// The current phase: reported by the newest report, else derived from the schedule or
    /// the milestone against `as_of` (see `model::derive_phase`); None when nothing says.
    pub phase: Option<CurrentPhase>,
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

    /// Every report, newest first: the current one, then the history.
    pub fn reports(&self) -> impl Iterator<Item = &Status> {
        self.status.iter().chain(&self.history)
    }

    /// The changes of rating or phase between consecutive reports, newest first; pairs of
    /// reports that changed neither are left out.
    pub fn changes(&self) -> Vec<StatusChange> {
        let reports: Vec<&Status> = self.reports().collect();
        reports
            .windows(2)
            .filter_map(|w| {
                let (newer, older) = (w[0], w[1]);
                let pair = |a: Option<usize>, b: Option<usize>| match (a, b) {
                    (Some(a), Some(b)) if a != b => Some((a, b)),
                    _ => None,
                };
                let rating = pair(older.rating, newer.rating);
                let phase = pair(older.phase_index, newer.phase_index);
                (rating.is_some() || phase.is_some()).then_some(StatusChange {
                    updated: newer.updated,
                    rating,
                    phase,
                })
            })
            .collect()
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

/// The whole site as the later stages read it: configuration, texts, pages, projects,
/// navigation, files to copy and the warnings found while loading.
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
    /// Content file (relative to content/) -> output path, for links between files (also of
    /// the files in `unloaded`).
    pub paths: BTreeMap<String, String>,
    /// The output paths (`projekte/e-akte/`) of the pages whose files failed to load: empty in
    /// a model that [`crate::model::load`] gives. A model of the files that loaded
    /// ([`crate::model::load_partial`]) is rendered only to find the faults of its links, and
    /// links to these pages are not among them.
    pub unloaded: BTreeSet<String>,
    pub warnings: Vec<Warning>,
}

impl Roadmap {
    /// The field (Handlungsfeld) of a project.
    pub fn field(&self, p: &Project) -> &Entry {
        &self.config.fields[p.field]
    }

    /// The projects of one field, in the order of `projects`.
    pub fn projects_in_field(&self, field: usize) -> impl Iterator<Item = &Project> {
        self.projects.iter().filter(move |p| p.field == field)
    }

    /// The rows of the overview matrix: each category (an index into `config.categories`), or
    /// one row (`None`) for every project when the roadmap has no categories.
    pub fn matrix_rows(&self) -> Vec<Option<usize>> {
        match self.config.categories.len() {
            0 => vec![None],
            n => (0..n).map(Some).collect(),
        }
    }

    /// The projects of the matrix cell of `field` and `category` (a row of
    /// [`Roadmap::matrix_rows`]), in the order of `projects`.
    pub fn projects_in_cell(
        &self,
        field: usize,
        category: Option<usize>,
    ) -> impl Iterator<Item = &Project> {
        self.projects_in_field(field)
            .filter(move |p| category.is_none() || p.category == category)
    }

    /// How many projects are in the phase `phase` (an index into `config.phases`), reported
    /// or derived.
    pub fn projects_in_phase(&self, phase: usize) -> usize {
        self.projects
            .iter()
            .filter(|p| p.phase.is_some_and(|c| c.index == phase))
            .count()
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages and projects marked `draft: true` (the `--drafts` option).
    pub drafts: bool,
}
