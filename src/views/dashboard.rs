//! The dashboard: a portfolio summary (projects per phase, rating and field, average progress,
//! budgets, the latest update, recent changes), then per field every project numbered 01, 02, …
//! with its quick view (phase stepper, progress, rating, short description) and its details
//! (schedule, results and next steps, KPIs, benefits, departments, contact, video).
//!
//! Everything the dashboard reads of a project's status goes through [`Views::status_of`] and
//! [`Views::dashboard_scale`]: a derived phase, a configurable rating scale or a history of reports
//! change those two functions only.

use std::collections::HashSet;

use serde_json::{json, Value};

use super::{Views, DETAIL_LIMIT};
use crate::format;
use crate::model::{PhaseSource, Project, Status};
use crate::quarter::Date;

/// The phase of a project as the dashboard shows it.
pub(super) struct PhaseView {
    /// Index into `config.phases`.
    pub index: usize,
    /// Derived from the schedule or the milestone rather than reported.
    pub derived: bool,
    /// Derived from the milestone (not from dated phases of the schedule).
    pub from_milestone: bool,
}

/// A level of the rating scale: its key, its word, its colour (None: the stylesheet's for the
/// key), a symbol that is not a colour, and its place in the scale (0 best).
#[derive(Clone)]
pub(super) struct RatingView {
    pub key: String,
    pub label: String,
    pub color: Option<String>,
    pub symbol: String,
    pub rank: usize,
}

/// A change between a project's two latest reports ("Bewertung: gefährdet → im Plan").
pub(super) struct Change {
    pub text: String,
    pub date: Option<Date>,
}

/// What the dashboard reads of a project's status.
pub(super) struct StatusView<'a> {
    pub phase: Option<PhaseView>,
    /// Percent, 0..=100.
    pub progress: Option<f64>,
    pub rating: Option<RatingView>,
    pub updated: Option<Date>,
    /// The newest report, for results, next steps, benefits, contact and video.
    pub report: Option<&'a Status>,
    /// What changed since the report before (empty while there is no history).
    pub changes: Vec<Change>,
}

/// How many projects the summary's "what changed" lists (the latest reports first); the
/// others are counted.
pub const CHANGES_SHOWN: usize = 10;

impl Views<'_> {
    /// The site's rating scale (roadmap.yaml `ratings`), best first, as the dashboard shows it.
    pub(super) fn dashboard_scale(&self) -> Vec<RatingView> {
        self.roadmap
            .config
            .ratings
            .iter()
            .enumerate()
            .map(|(rank, level)| {
                let v = self.rating(rank);
                let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
                RatingView {
                    key: level.key.clone(),
                    label: self.theme.rating_label(level),
                    color: Some(text("color")),
                    symbol: text("symbol"),
                    rank,
                }
            })
            .collect()
    }

    /// A project's status as the dashboard reads it: the current phase (reported, or derived
    /// from its schedule or milestone), the newest report's progress, rating and date, and
    /// what the newest report changed against the one before.
    pub(super) fn status_of<'p>(&self, p: &'p Project, scale: &[RatingView]) -> StatusView<'p> {
        let s = p.status.as_ref();
        let phases = &self.roadmap.config.phases;
        let mut changes = Vec::new();
        if let (Some(newest), Some(c)) = (s, p.changes().first()) {
            if c.updated == newest.updated {
                if let Some((a, b)) = c.rating {
                    let word = |i: usize| scale.get(i).map(|r| r.label.clone()).unwrap_or_default();
                    changes.push(Change {
                        text: format!("{}: {} → {}", self.t("rating"), word(a), word(b)),
                        date: c.updated,
                    });
                }
                if let Some((a, b)) = c.phase {
                    let name = |i: usize| phases.get(i).cloned().unwrap_or_default();
                    changes.push(Change {
                        text: format!("{}: {} → {}", self.t("status_phase"), name(a), name(b)),
                        date: c.updated,
                    });
                }
            }
        }
        StatusView {
            phase: p.phase.as_ref().map(|ph| PhaseView {
                index: ph.index,
                derived: ph.source != PhaseSource::Reported,
                from_milestone: ph.source == PhaseSource::Milestone,
            }),
            progress: s.and_then(|s| s.progress),
            rating: s.and_then(|s| s.rating).and_then(|i| scale.get(i).cloned()),
            updated: s.and_then(|s| s.updated),
            report: s,
            changes,
        }
    }

    fn rating_json(r: &RatingView) -> Value {
        json!({"key": r.key, "label": r.label, "color": r.color, "symbol": r.symbol})
    }

    fn percent(&self, v: f64) -> String {
        format::percent(v.round(), self.lang())
    }

    fn date_text(&self, d: Date) -> String {
        format::date(d, self.lang(), &self.theme.months())
    }

    /// The dashboard page: its data, and its `fields` (each field with a row per project) as
    /// a Tera value, converted row by row as the rows are made (at 10,000 projects the rows
    /// as JSON were 60 MB, and as much again converted).
    pub fn dashboard(&self) -> (Value, tera::Value) {
        let c = &self.roadmap.config;
        let scale = self.dashboard_scale();
        let assets: HashSet<&str> = self
            .roadmap
            .site_assets
            .iter()
            .map(|a| a.rel.as_str())
            .collect();
        let n_phases = c.phases.len();
        let mut by_phase = vec![0usize; n_phases];
        let mut derived_in_phase = vec![0usize; n_phases];
        let mut by_rating = vec![0usize; scale.len()];
        let (mut without_phase, mut without_rating) = (0usize, 0usize);
        let (mut progress_sum, mut progress_n) = (0f64, 0usize);
        let mut latest: Option<Date> = None;
        let mut changes: Vec<(Option<Date>, Value)> = Vec::new();
        let mut fields: Vec<tera::Value> = Vec::with_capacity(c.fields.len());
        let mut field_rows: Vec<Value> = Vec::with_capacity(c.fields.len());
        let mut budget_all = 0f64;
        let mut index = 0usize;
        let compact = self.roadmap.projects.len() > DETAIL_LIMIT;
        // Where projects carry numbers, one without is shown without one (its place could be
        // another's number); where none does, each is numbered by its place.
        let numbered = self.roadmap.projects.iter().any(|p| p.number.is_some());
        for (fi, f) in c.fields.iter().enumerate() {
            let (mut f_progress, mut f_n, mut f_budget, mut f_count) = (0f64, 0usize, 0f64, 0);
            let mut projects = Vec::new();
            for p in self.roadmap.projects_in_field(fi) {
                // Projects are ordered by field: the running index is the project's.
                let pos = index;
                index += 1;
                f_count += 1;
                let st = self.status_of(p, &scale);
                match &st.phase {
                    Some(ph) if ph.index < n_phases => {
                        by_phase[ph.index] += 1;
                        if ph.derived {
                            derived_in_phase[ph.index] += 1;
                        }
                    }
                    _ => without_phase += 1,
                }
                match &st.rating {
                    Some(r) if r.rank < by_rating.len() => by_rating[r.rank] += 1,
                    _ => without_rating += 1,
                }
                if let Some(v) = st.progress {
                    progress_sum += v;
                    progress_n += 1;
                    f_progress += v;
                    f_n += 1;
                }
                latest = latest.max(st.updated);
                let href = if compact {
                    self.url(&p.path)
                } else {
                    format!("#{}", anchor(p))
                };
                if let Some(first) = st.changes.first() {
                    let text: Vec<&str> = st.changes.iter().map(|c| c.text.as_str()).collect();
                    changes.push((first.date, json!({"project": self.shy(p.label()), "href": href,
                                        "text": text.join("; "), "date": first.date.map(|d| self.date_text(d))})));
                }
                f_budget += p.budget.iter().map(|b| b.total).sum::<f64>();
                let mut row = self.dashboard_row(p, (!numbered).then_some(f_count), &st);
                if !compact {
                    self.dashboard_details(&mut row, p, pos, &st, &assets);
                }
                row["href"] = json!(href);
                row["row"] = self.row_data(p);
                projects.push(self.shared(&row));
            }
            budget_all += f_budget;
            let field = json!({"key": f.key, "title": self.shy(&f.title), "plain": f.title, "anchor": format!("feld-{}", f.key),
                               "url": self.url(&super::field_path(&f.key))});
            field_rows.push(json!({
                "field": &field, "count": f_count,
                "progress": (f_n > 0).then(|| self.percent(f_progress / f_n as f64)),
                "budget": (f_budget > 0.0).then(|| format::money(f_budget, self.lang(), &c.currency)),
            }));
            fields.push(super::listing::tera_map([
                ("field", super::share::tera_value(&field)),
                ("projects", tera::Value::from(projects)),
            ]));
        }
        // The latest changes first (a stable sort keeps the roadmap's order within a date).
        changes.sort_by_key(|c| std::cmp::Reverse(c.0));
        let changes_total = changes.len();
        let changes: Vec<Value> = changes
            .into_iter()
            .take(CHANGES_SHOWN)
            .map(|(_, v)| v)
            .collect();
        let total = self.roadmap.projects.len();
        let share = |n: usize| {
            format!(
                "{:.1}%",
                if total == 0 {
                    0.0
                } else {
                    n as f64 * 100.0 / total as f64
                }
            )
        };
        let phases: Vec<Value> = c
            .phases
            .iter()
            .zip(by_phase.iter().zip(&derived_in_phase))
            .map(|(name, (n, d))| json!({"name": self.shy(name), "count": n, "derived": d, "share": share(*n)}))
            .collect();
        let ratings: Vec<Value> = scale
            .iter()
            .zip(&by_rating)
            .map(|(r, n)| json!({"rating": Self::rating_json(r), "count": n, "share": share(*n)}))
            .collect();
        let summary = json!({
            "total": total,
            "phases": phases,
            "without_phase": without_phase,
            "without_phase_share": share(without_phase),
            "ratings": ratings,
            "without_rating": without_rating,
            "without_rating_share": share(without_rating),
            "progress": (progress_n > 0).then(|| self.percent(progress_sum / progress_n as f64)),
            "progress_count": progress_n,
            "latest": latest.map(|d| self.date_text(d)),
            "fields": field_rows,
            "budget": (budget_all > 0.0).then(|| format::money(budget_all, self.lang(), &c.currency)),
            "changes": changes,
            "changes_more": changes_total.saturating_sub(CHANGES_SHOWN),
        });
        let data = super::object([
            ("summary", summary),
            ("compact", compact.into()),
            ("detail_limit", DETAIL_LIMIT.into()),
        ]);
        (data, tera::Value::from(fields))
    }

    /// A project's row of the dashboard's tables: its `number` (two digits up to 99), else
    /// `place`, its place in its field (1-based), when given, else a dash.
    fn dashboard_row(&self, p: &Project, place: Option<usize>, st: &StatusView) -> Value {
        let c = &self.roadmap.config;
        let number = match (p.number, place) {
            (Some(n), _) if n.fract() == 0.0 && (0.0..100.0).contains(&n) => format!("{n:02}"),
            (Some(n), _) => format::plain_number(n, self.lang()),
            (None, Some(place)) => format!("{place:02}"),
            (None, None) => "–".to_string(),
        };
        json!({
            "slug": p.slug,
            "anchor": anchor(p),
            "number": number,
            "title": self.shy(&p.title),
            "label": self.shy(p.label()),
            "url": self.url(&p.path),
            "category": p.category.map(|i| &c.categories[i].key),
            "phase": st.phase.as_ref().and_then(|ph| c.phases.get(ph.index).map(|n| json!({"name": self.shy(n), "key": n, "derived": ph.derived,
                "note": ph.derived.then(|| self.t(if ph.from_milestone { "phase_derived_milestone" } else { "phase_derived_schedule" }))}))),
            "progress": st.progress.map(|v| v.round() as i64),
            "progress_text": st.progress.map(|v| self.percent(v)),
            "rating": st.rating.as_ref().map(Self::rating_json),
            "updated": st.updated.map(|d| self.date_text(d)),
            "milestone": p.milestone.map(format::quarter),
            "milestone_key": p.milestone.map(|q| q.to_string()),
        })
    }

    /// Adds to a project's `row` what its quick view and details show: the phase stepper,
    /// summary, schedule, results, next steps, benefits, KPIs, departments, contact, video,
    /// budget, and the sections with nothing to show.
    fn dashboard_details(
        &self,
        row: &mut Value,
        p: &Project,
        pos: usize,
        st: &StatusView,
        assets: &HashSet<&str>,
    ) {
        let c = &self.roadmap.config;
        let lang = self.lang();
        let at = self.project_text(p);
        let md = |list: &[String]| -> Vec<String> {
            list.iter().map(|r| self.inline.render(r, &at)).collect()
        };
        let current = st.phase.as_ref().map(|ph| ph.index);
        let steps: Vec<Value> = c
            .phases
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let state = match current {
                    Some(cur) if i < cur => "done",
                    Some(cur) if i == cur => "current",
                    _ => "todo",
                };
                json!({"name": self.shy(name), "state": state})
            })
            .collect();
        let schedule: Vec<Value> = p
            .schedule
            .iter()
            .map(|ph| json!({"name": self.shy(&ph.name), "range": self.phase_range(ph)}))
            .collect();
        let report = st.report;
        let list = |f: fn(&Status) -> &Vec<String>| report.map(|r| md(f(r))).unwrap_or_default();
        let video = report.and_then(|r| r.video.as_deref()).map(|v| {
            if v.starts_with("https://") {
                json!({"link": v})
            } else {
                let captions = v
                    .rsplit_once('.')
                    .map(|(stem, _)| format!("{stem}.vtt"))
                    .filter(|vtt| assets.contains(vtt.as_str()));
                json!({"file": self.url(v), "type": video_type(v), "captions": captions.map(|t| self.url(&t))})
            }
        });
        let (leads, partners) = self.project_departments(pos);
        let results = list(|r| &r.results);
        let next_steps = list(|r| &r.next_steps);
        let benefits = list(|r| &r.benefits);
        let contact = report.and_then(|r| r.contact.as_ref());
        // The sections with nothing to show, named in one line instead of opening empty.
        let missing: Vec<String> = [
            (p.schedule.is_empty() && p.milestone.is_none(), "db_phases"),
            (results.is_empty() && next_steps.is_empty(), "db_results"),
            (p.kpis.is_empty(), "db_kpis"),
            (benefits.is_empty(), "db_benefits"),
            (contact.is_none(), "db_contact"),
        ]
        .iter()
        .filter(|(empty, _)| *empty)
        .map(|(_, key)| self.t(key))
        .collect();
        let summary = self.summary(p);
        // Why the project is rated as it is, beside the rating (HTML).
        let rating_note = st
            .report
            .and_then(|r| r.rating_note.as_deref())
            .map(|n| self.inline.render(n, &at));
        let budget: f64 = p.budget.iter().map(|b| b.total).sum();
        let Value::Object(map) = row else {
            return;
        };
        for (k, v) in [
            ("summary", json!(summary)),
            ("rating_note", json!(rating_note)),
            ("steps", json!(steps)),
            ("schedule", json!(schedule)),
            ("results", json!(results)),
            ("next_steps", json!(next_steps)),
            ("benefits", json!(benefits)),
            ("missing", json!(missing)),
            ("kpis", Value::Array(self.kpis(p))),
            ("leads", Value::Array(leads)),
            ("partners", Value::Array(partners)),
            (
                "contact",
                json!(contact.map(
                    |c| json!({"name": c.name, "email": c.email, "phone": c.phone, "url": c.url})
                )),
            ),
            ("video", json!(video)),
            (
                "budget",
                json!((budget > 0.0).then(|| format::money(budget, lang, &c.currency))),
            ),
        ] {
            map.insert(k.to_string(), v);
        }
    }
}

/// The id of a project's part of the dashboard.
fn anchor(p: &Project) -> String {
    format!("db-{}", p.slug)
}

/// The media type of a video file, by its extension.
fn video_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "mp4" | "m4v" => Some("video/mp4"),
        "webm" => Some("video/webm"),
        "ogv" | "ogg" => Some("video/ogg"),
        _ => None,
    }
}
