//! `data/roadmap.json`: the whole roadmap as open data, in a shape of its own that follows the
//! content contract key by key. Its JSON Schema is generated from these types (schemars), so
//! the schema and the file cannot drift apart.
//!
//! Conventions: numbers are JSON numbers; quarters are strings `YYYY-Qn`, dates `YYYY-MM` or
//! `YYYY-MM-DD`; keys keep the contract's names; a value the build derived rather than read is
//! under `derived`.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};

use crate::model::{Block, Project, Roadmap};

/// The root object of `roadmap.json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoadmapData<'a> {
    /// The format's version: raised when a key is removed or renamed.
    pub format_version: u32,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub organisation: Option<String>,
    pub authors: Vec<String>,
    /// As-of date of the roadmap, `YYYY-MM` or `YYYY-MM-DD`.
    pub as_of: Option<String>,
    /// ISO 639-1 code of the site language.
    pub language: String,
    /// The site's address, when roadmap.yaml has one.
    pub base_url: Option<String>,
    pub licence: Option<Licence>,
    /// First and last quarter of the timeline.
    pub timeline: Timeline,
    pub phases: Vec<String>,
    /// The rating scale, best first.
    pub ratings: Vec<RatingData>,
    /// ISO 4217 code of the budgets' currency.
    pub currency: String,
    pub goals: Vec<EntryData>,
    pub fields: Vec<EntryData>,
    pub categories: Vec<EntryData>,
    pub projects: Projects<'a>,
}

/// The projects of `roadmap.json`, each made from the model as it is serialized and let go
/// after: the file never holds a second copy of the roadmap (72 MB of JSON for 10,000
/// projects). Serialized and described by its schema as a list of [`ProjectData`].
pub struct Projects<'a> {
    roadmap: &'a Roadmap,
    url: &'a dyn Fn(&str) -> String,
    rating_label: &'a dyn Fn(usize) -> String,
}

impl<'a> Projects<'a> {
    /// Each project's data, in the order of the roadmap.
    pub fn iter(&self) -> impl Iterator<Item = ProjectData> + 'a {
        let (roadmap, url, rating_label) = (self.roadmap, self.url, self.rating_label);
        roadmap
            .projects
            .iter()
            .map(move |p| project_data(roadmap, p, url, rating_label))
    }
}

impl std::fmt::Debug for Projects<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Projects({})", self.roadmap.projects.len())
    }
}

impl Serialize for Projects<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl JsonSchema for Projects<'_> {
    fn inline_schema() -> bool {
        <Vec<ProjectData>>::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        <Vec<ProjectData>>::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        <Vec<ProjectData>>::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <Vec<ProjectData>>::json_schema(generator)
    }
}

/// The licence of the data: the key written in roadmap.yaml and what it stands for.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Licence {
    /// As written in roadmap.yaml (`dl-de/by-2-0`).
    pub key: String,
    /// The short name readers know it by (`DL-DE BY 2.0`, `CC BY 4.0`); the key for a
    /// licence not known by its key.
    pub name: String,
    /// The licence's URI in the DCAT-AP.de vocabulary, when the key is a known licence.
    pub uri: Option<String>,
    /// Where people read the licence, when known.
    pub url: Option<String>,
}

/// The period the timeline shows.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Timeline {
    pub start: String,
    pub end: String,
}

/// A level of the rating scale.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RatingData {
    /// What a status report writes.
    pub key: String,
    /// In the site's words.
    pub label: String,
    /// `#rrggbb` as configured.
    pub color: String,
    pub description: Option<String>,
}

/// A goal, field (Handlungsfeld) or category.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EntryData {
    pub key: String,
    pub title: String,
    /// `#rrggbb`, fields only.
    pub color: Option<String>,
    pub description: Option<String>,
}

/// One project with every key of the content contract.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProjectData {
    /// The file name without `.md`; unique across the roadmap.
    pub slug: String,
    /// `true` for a draft, which only a build with `--drafts` publishes; absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// Address of the project's page (absolute with base_url, else from the site root).
    pub url: String,
    pub title: String,
    pub short_title: Option<String>,
    pub programme: Option<String>,
    #[serde(serialize_with = "whole_or_none")]
    pub number: Option<f64>,
    /// Key of the field (Handlungsfeld).
    pub field: String,
    /// Key of the category.
    pub category: Option<String>,
    /// Key of the goal.
    pub goal: Option<String>,
    /// The leading departments.
    pub lead: Vec<String>,
    pub description: Option<String>,
    /// Quarter `YYYY-Qn`: concept done, delivery starts.
    pub milestone: Option<String>,
    pub kpis: Vec<KpiData>,
    pub schedule: Vec<PhaseData>,
    /// The newest status report.
    pub status: Option<StatusData>,
    /// The older status reports, newest first.
    pub history: Vec<StatusData>,
    /// The nine blocks of the Projekt Canvas, by key (`partners`, …, `risks`).
    pub canvas: std::collections::BTreeMap<String, BlockData>,
    pub budget: Vec<BudgetData>,
    /// The body of the project file, Markdown as written, without its HTML comments (which
    /// the site does not show either: editors' notes).
    pub body_markdown: String,
    /// Values the build derived; not written by an editor.
    pub derived: Derived,
}

/// A key performance indicator.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KpiData {
    pub label: String,
    pub unit: Option<String>,
    #[serde(serialize_with = "whole_or_none")]
    pub target: Option<f64>,
    /// Quarter the target is due.
    pub due: Option<String>,
    /// Measured values, oldest first.
    pub values: Vec<KpiValue>,
}

/// A measured value of a KPI in a quarter.
#[derive(Debug, Serialize, JsonSchema)]
pub struct KpiValue {
    pub quarter: String,
    #[serde(serialize_with = "whole")]
    pub value: f64,
}

/// A phase of the schedule (Zeithorizont).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PhaseData {
    pub phase: String,
    pub from: Option<String>,
    /// Last quarter, or `open` for a phase that runs on.
    pub to: Option<String>,
}

/// A status report.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StatusData {
    /// One of `phases`, when the report names one.
    pub phase: Option<String>,
    /// Percent, 0 to 100.
    #[serde(serialize_with = "whole_or_none")]
    pub progress: Option<f64>,
    /// A key of `ratings` (by default `green`, `amber` or `red`).
    pub rating: Option<String>,
    /// The short reason for the rating, Markdown.
    pub rating_note: Option<String>,
    pub updated: Option<String>,
    pub results: Vec<String>,
    pub next_steps: Vec<String>,
    pub benefits: Vec<String>,
    pub contact: Option<ContactData>,
    /// Address of the video: an https URL, or the site's file (absolute with base_url, else
    /// from the site root).
    pub video: Option<String>,
}

/// A contact person or office.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ContactData {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// A canvas block: a text, a list of texts, or labelled groups of texts.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum BlockData {
    Text(String),
    List(Vec<String>),
    Groups(Vec<GroupData>),
}

/// A labelled group of a canvas block.
#[derive(Debug, Serialize, JsonSchema)]
pub struct GroupData {
    pub label: String,
    pub items: Vec<String>,
}

/// A budget line, in the site's currency.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BudgetData {
    pub label: String,
    #[serde(serialize_with = "whole")]
    pub total: f64,
    #[serde(serialize_with = "whole_or_none")]
    pub own_share: Option<f64>,
}

/// Values the build derived from what editors wrote.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Derived {
    /// Title of the field.
    pub field_title: String,
    /// Title of the category.
    pub category_title: Option<String>,
    /// Position of the current phase in the roadmap's phases (0-based): reported by the
    /// newest status report, else derived from the schedule or milestone and `as_of`.
    pub phase_index: Option<usize>,
    /// The current phase's name.
    pub phase: Option<String>,
    /// Whether the current phase was derived (`schedule` or `milestone`) rather than
    /// reported (`reported`).
    pub phase_source: Option<String>,
    /// The newest report's rating in the site's words.
    pub rating_label: Option<String>,
}

/// The open-data view of `roadmap`; `url` turns an output path into an address and
/// `rating_label` a rating (an index into the scale) into the site's words. The projects are
/// made as they are read ([`Projects`]).
pub fn roadmap_data<'a>(
    roadmap: &'a Roadmap,
    url: &'a dyn Fn(&str) -> String,
    rating_label: &'a dyn Fn(usize) -> String,
    licence: Option<Licence>,
) -> RoadmapData<'a> {
    let c = &roadmap.config;
    let entries = |list: &[crate::config::Entry]| {
        list.iter()
            .map(|e| EntryData {
                key: e.key.clone(),
                title: e.title.clone(),
                color: e.color.clone(),
                description: e.description.clone(),
            })
            .collect()
    };
    RoadmapData {
        format_version: 1,
        title: c.title.clone(),
        subtitle: c.subtitle.clone(),
        description: c.description.clone(),
        organisation: c.organisation.clone(),
        authors: c.authors.clone(),
        as_of: c.as_of.map(|d| d.to_string()),
        language: c.language.code().to_string(),
        base_url: c.base_url.clone(),
        licence,
        timeline: Timeline {
            start: c.start.to_string(),
            end: c.end.to_string(),
        },
        phases: c.phases.clone(),
        ratings: c
            .ratings
            .iter()
            .enumerate()
            .map(|(i, r)| RatingData {
                key: r.key.clone(),
                label: rating_label(i),
                color: r.color.clone(),
                description: r.description.clone(),
            })
            .collect(),
        currency: c.currency.clone(),
        goals: entries(&c.goals),
        fields: entries(&c.fields),
        categories: entries(&c.categories),
        projects: Projects {
            roadmap,
            url,
            rating_label,
        },
    }
}

fn project_data(
    roadmap: &Roadmap,
    p: &Project,
    url: &dyn Fn(&str) -> String,
    rating_label: &dyn Fn(usize) -> String,
) -> ProjectData {
    let c = &roadmap.config;
    ProjectData {
        slug: p.slug.clone(),
        draft: p.draft,
        url: url(&p.path),
        title: p.title.clone(),
        short_title: p.short_title.clone(),
        programme: p.programme.clone(),
        number: p.number,
        field: c.fields[p.field].key.clone(),
        category: p.category.map(|i| c.categories[i].key.clone()),
        goal: p.goal.map(|i| c.goals[i].key.clone()),
        lead: p.lead.clone(),
        description: p.description.clone(),
        milestone: p.milestone.map(|q| q.to_string()),
        kpis: p.kpis.iter().map(kpi_data).collect(),
        schedule: p.schedule.iter().map(phase_data).collect(),
        status: p.status.as_ref().map(|s| status_data(s, roadmap, url)),
        history: p
            .history
            .iter()
            .map(|s| status_data(s, roadmap, url))
            .collect(),
        canvas: p
            .canvas
            .iter()
            .map(|(key, block)| (key.to_string(), block_data(block)))
            .collect(),
        budget: p
            .budget
            .iter()
            .map(|b| BudgetData {
                label: b.label.clone(),
                total: b.total,
                own_share: b.own_share,
            })
            .collect(),
        body_markdown: crate::markdown::without_comments(&p.body.markdown.text()).into_owned(),
        derived: Derived {
            field_title: c.fields[p.field].title.clone(),
            category_title: p.category.map(|i| c.categories[i].title.clone()),
            phase_index: p.phase.map(|c| c.index),
            phase: p
                .phase
                .map(|c| c.index)
                .and_then(|i| c.phases.get(i).cloned()),
            phase_source: p.phase.map(|c| {
                match c.source {
                    crate::model::PhaseSource::Reported => "reported",
                    crate::model::PhaseSource::Schedule => "schedule",
                    crate::model::PhaseSource::Milestone => "milestone",
                }
                .to_string()
            }),
            rating_label: p.status.as_ref().and_then(|s| s.rating).map(rating_label),
        },
    }
}

fn kpi_data(k: &crate::model::Kpi) -> KpiData {
    KpiData {
        label: k.label.clone(),
        unit: k.unit.clone(),
        target: k.target,
        due: k.due.map(|q| q.to_string()),
        values: k
            .values
            .iter()
            .map(|(q, v)| KpiValue {
                quarter: q.to_string(),
                value: *v,
            })
            .collect(),
    }
}

fn phase_data(ph: &crate::model::Phase) -> PhaseData {
    PhaseData {
        phase: ph.name.clone(),
        from: ph.from.map(|q| q.to_string()),
        to: if ph.open {
            Some("open".into())
        } else {
            ph.to.map(|q| q.to_string())
        },
    }
}

fn status_data(
    s: &crate::model::Status,
    roadmap: &Roadmap,
    url: &dyn Fn(&str) -> String,
) -> StatusData {
    StatusData {
        phase: s.phase.clone(),
        progress: s.progress,
        rating: s
            .rating
            .and_then(|r| roadmap.config.ratings.get(r))
            .map(|l| l.key.clone()),
        rating_note: s.rating_note.clone(),
        updated: s.updated.map(|d| d.to_string()),
        results: s.results.clone(),
        next_steps: s.next_steps.clone(),
        benefits: s.benefits.clone(),
        contact: s.contact.as_ref().map(|c| ContactData {
            name: c.name.clone(),
            email: c.email.clone(),
            phone: c.phone.clone(),
            url: c.url.clone(),
        }),
        // A file of the site's assets gets its address, as the page links it.
        video: s.video.as_ref().map(|v| {
            if v.starts_with("https://") {
                v.clone()
            } else {
                url(
                    &percent_encoding::utf8_percent_encode(v, crate::markdown::URL_PATH)
                        .to_string(),
                )
            }
        }),
    }
}

fn block_data(block: &Block) -> BlockData {
    match block {
        Block::Text(t) => BlockData::Text(t.clone()),
        Block::List(l) => BlockData::List(l.clone()),
        Block::Groups(g) => BlockData::Groups(
            g.iter()
                .map(|(label, items)| GroupData {
                    label: label.clone(),
                    items: items.clone(),
                })
                .collect(),
        ),
    }
}

/// A number as JSON: a whole number without a fraction (`3`, not `3.0`; the model keeps every
/// number as a 64-bit float, exact up to 2^53, which the loader does not exceed), any other
/// as a decimal.
fn whole<S: serde::Serializer>(n: &f64, s: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if n.fract() == 0.0 && n.abs() <= EXACT {
        // Exact: a whole number of at most 2^53 converts to an i64 without loss.
        s.serialize_i64(*n as i64)
    } else {
        s.serialize_f64(*n)
    }
}

/// [`whole`] for a number that may be missing (`null`).
fn whole_or_none<S: serde::Serializer>(n: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match n {
        Some(n) => whole(n, s),
        None => s.serialize_none(),
    }
}
