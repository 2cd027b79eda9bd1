//! The status of a project as every template reads it: the current phase (reported or
//! derived), progress, rating on the configured scale, the rating's note, the date; the
//! history of reports and what changed between them; the rating scale as a legend.
//!
//! One shape for all: cards, the matrix, the timeline, the project page and the dashboard
//! read `status` (see [`Views::status_summary`]); the project page adds the report's texts
//! and the history ([`Views::status_page`]).

use percent_encoding::utf8_percent_encode;
use serde_json::{json, Value};

use super::Views;
use crate::color::{Rgb, WHITE};
use crate::format;
use crate::model::{PhaseSource, Project, Status};

/// The marks of the levels of a scale, best to worst: a level's mark is picked by its place on
/// the scale, so the three-level default gets ●, ▲, ■ and five levels get all five.
const SYMBOLS: [&str; 5] = ["●", "◆", "▲", "▼", "■"];

impl Views<'_> {
    /// A level of the rating scale (`index` into config.ratings, 0 = best): `key`, `label` (in
    /// the site's words), `color` (darkened to 3:1 against white where needed, for marks),
    /// `text_color` (black or white, 4.5:1 or more on `color`), `rank` (1 = best), `of` (levels
    /// on the scale), `symbol`, `position` ("2 von 5"), `description`.
    pub fn rating(&self, index: usize) -> Value {
        let scale = &self.roadmap.config.ratings;
        let Some(level) = scale.get(index) else {
            return Value::Null;
        };
        let color = Rgb::parse(&level.color)
            .unwrap_or(Rgb(0x55, 0x55, 0x55))
            .with_contrast(WHITE, 3.0);
        let n = scale.len();
        let symbol = SYMBOLS[if n <= 1 {
            0
        } else {
            (index * (SYMBOLS.len() - 1) + (n - 1) / 2) / (n - 1)
        }];
        json!({
            "key": level.key,
            "label": self.theme.rating_label(level),
            "color": color.hex(),
            "text_color": color.text_on().hex(),
            "rank": index + 1,
            "of": n,
            "symbol": symbol,
            "position": self.t("rating_position").replace("{rank}", &(index + 1).to_string()).replace("{of}", &n.to_string()),
            "description": level.description,
        })
    }

    /// The rating scale, best first, for legends.
    pub fn rating_scale(&self) -> Vec<Value> {
        (0..self.roadmap.config.ratings.len())
            .map(|i| self.rating(i))
            .collect()
    }

    /// CSS custom properties of every level (`.rating-<key>{--rating-color:…}`), for the
    /// page's style element beside the field colours.
    pub fn rating_css(&self) -> String {
        self.rating_scale()
            .iter()
            .map(|r| {
                format!(
                    ".rating-{}{{--rating-color:{};--rating-text:{}}}",
                    r["key"].as_str().unwrap_or_default(),
                    r["color"].as_str().unwrap_or_default(),
                    r["text_color"].as_str().unwrap_or_default()
                )
            })
            .collect()
    }

    /// The current status of `p`, or null when it has neither a report nor a derived phase:
    /// `reported` (a report exists), `phase` (for narrow places, soft hyphens), `phase_name`,
    /// `phase_index`, `phase_count`, `phase_derived`, `phase_source` (`reported`, `schedule`,
    /// `milestone`), `phase_note` (how it was derived, in words), `progress` (0..=100, whole),
    /// `progress_text` ("40 %"), `rating` ([`Views::rating`] or null), `rating_note` (HTML),
    /// `updated` (in words), `updated_iso`, `changes` (rating or phase changes between
    /// reports, newest first: [`Views::changes`]).
    pub fn status_summary(&self, p: &Project) -> Value {
        if p.status.is_none() && p.phase.is_none() {
            return Value::Null;
        }
        let mut v = p
            .status
            .as_ref()
            .map_or_else(|| json!({}), |s| self.report(p, s));
        let phases = &self.roadmap.config.phases;
        let name = p.phase.and_then(|c| phases.get(c.index));
        let (source, note) = match p.phase.map(|c| c.source) {
            Some(PhaseSource::Reported) => ("reported", None),
            Some(PhaseSource::Schedule) => ("schedule", Some(self.t("phase_derived_schedule"))),
            Some(PhaseSource::Milestone) => ("milestone", Some(self.t("phase_derived_milestone"))),
            None => ("", None),
        };
        let extra = json!({
            "reported": p.status.is_some(),
            "phase": name.map(|n| self.shy(n)),
            "phase_name": name,
            "phase_index": p.phase.map(|c| c.index),
            "phase_count": phases.len(),
            "phase_position": p.phase.map(|c| self.t("phase_position").replace("{n}", &(c.index + 1).to_string()).replace("{of}", &phases.len().to_string())),
            "phase_derived": p.phase.is_some_and(|c| c.derived()),
            "phase_source": source,
            "phase_note": note,
            "changes": self.changes(p),
        });
        if let (Some(o), Value::Object(extra)) = (v.as_object_mut(), extra) {
            o.extend(extra);
        }
        v
    }

    /// One report of `p`: `phase` (as the report names it), `progress`, `progress_text`,
    /// `rating`, `rating_note`, `results` (HTML each: what an older report said was achieved,
    /// which the page shows nowhere else), `updated`, `updated_iso`.
    fn report(&self, p: &Project, s: &Status) -> Value {
        let lang = self.lang();
        let at = self.project_text(p);
        json!({
            "results": s.results.iter().map(|r| self.inline.render(r, &at)).collect::<Vec<_>>(),
            "phase": s.phase.as_deref().map(|n| self.shy(n)),
            "progress": s.progress.map(|v| v.round() as i64),
            "progress_text": s.progress.map(|v| format::percent(v, lang)),
            "rating": s.rating.map_or(Value::Null, |r| self.rating(r)),
            "rating_note": s.rating_note.as_deref().map(|n| self.inline.render(n, &self.project_text(p))),
            "updated": s.updated.map(|d| format::date(d, lang, &self.theme.months())),
            "updated_iso": s.updated.map(|d| d.to_string()),
        })
    }

    /// What changed between consecutive reports of `p`, newest first: `updated` (the newer
    /// report's date), `rating_from`/`rating_to` ([`Views::rating`]) and `phase_from`/`phase_to`
    /// (names), each pair null where it did not change.
    pub fn changes(&self, p: &Project) -> Vec<Value> {
        let lang = self.lang();
        let phases = &self.roadmap.config.phases;
        p.changes()
            .into_iter()
            .map(|c| {
                json!({
                    "updated": c.updated.map(|d| format::date(d, lang, &self.theme.months())),
                    "updated_iso": c.updated.map(|d| d.to_string()),
                    "rating_from": c.rating.map(|(a, _)| self.rating(a)),
                    "rating_to": c.rating.map(|(_, b)| self.rating(b)),
                    "phase_from": c.phase.and_then(|(a, _)| phases.get(a)),
                    "phase_to": c.phase.and_then(|(_, b)| phases.get(b)),
                })
            })
            .collect()
    }

    /// Everything the project page shows of the status: the summary, the newest report's
    /// texts (`results`, `next_steps`, `benefits` as HTML, `contact`, `video`), `history` (the
    /// older reports, newest first), `reports` (all of them, newest first, each with
    /// `rating_from`/`phase_from` where it changed them) and `details` (whether there is any
    /// of this to show).
    pub fn status_page(&self, p: &Project) -> Value {
        let mut v = self.status_summary(p);
        let Some(o) = v.as_object_mut() else {
            return v;
        };
        let at = self.project_text(p);
        let md = |list: &[String]| {
            list.iter()
                .map(|r| self.inline.render(r, &at))
                .collect::<Vec<_>>()
        };
        // Whether the page has more to show than the summary: texts of the report, or history.
        let details = !p.history.is_empty()
            || p.status.as_ref().is_some_and(|s| {
                !(s.results.is_empty() && s.next_steps.is_empty() && s.benefits.is_empty())
                    || s.contact.is_some()
                    || s.video.is_some()
            });
        o.insert("details".into(), json!(details));
        if let Some(s) = &p.status {
            o.insert("results".into(), json!(md(&s.results)));
            o.insert("next_steps".into(), json!(md(&s.next_steps)));
            o.insert("benefits".into(), json!(md(&s.benefits)));
            o.insert(
                "contact".into(),
                json!(s.contact.as_ref().map(
                    |c| json!({"name": c.name, "email": c.email, "phone": c.phone, "url": c.url})
                )),
            );
            o.insert(
                "video".into(),
                json!(s.video.as_ref().map(|v| if v.starts_with("https://") {
                    v.clone()
                } else {
                    // A file of the site: its path as a URL writes it (`Erklär%20video.mp4`).
                    self.url(&utf8_percent_encode(v, crate::markdown::URL_PATH).to_string())
                })),
            );
        }
        let history: Vec<Value> = p.history.iter().map(|s| self.report(p, s)).collect();
        o.insert("history".into(), json!(history));
        // Every report, newest first, each with what it changed against the one before it.
        let all: Vec<&Status> = p.reports().collect();
        let reports: Vec<Value> = all
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut r = self.report(p, s);
                let older = all.get(i + 1);
                let changed = |a: Option<usize>, b: Option<usize>| match (a, b) {
                    (Some(a), Some(b)) if a != b => Some(b),
                    _ => None,
                };
                r["rating_from"] = changed(s.rating, older.and_then(|o| o.rating))
                    .map_or(Value::Null, |b| self.rating(b));
                r["phase_from"] = json!(changed(s.phase_index, older.and_then(|o| o.phase_index))
                    .and_then(|b| self.roadmap.config.phases.get(b)));
                r
            })
            .collect();
        o.insert("reports".into(), json!(reports));
        v
    }
}
