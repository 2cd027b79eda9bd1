//! One project as data for the template (overview, KPIs, description, Zeithorizont, Projekt
//! Canvas, budget, status), and the grid of periods that the Zeithorizont and the Zeitstrahl
//! are drawn on.

use serde_json::{json, Value};

use super::source::Source;
use super::targets::doc_label;
use crate::config::Config;
use crate::format;
use crate::model::{Block, Phase, PhaseSource, Project, CANVAS_BLOCKS};
use crate::quarter::Quarter;

/// Up to this many quarters the grid has a column per quarter; longer timelines get a column
/// per year, so that a column stays wide enough to print.
const MAX_QUARTER_COLUMNS: i64 = 28;

/// The columns of the timeline: quarters, or years for a long timeline.
pub struct Grid {
    end: i64,
    /// Each column's first and last quarter (as `Quarter::index`) and its label.
    cols: Vec<(i64, i64, String, String)>,
    /// Year headings over quarter columns: (year, number of columns).
    years: Vec<(i32, usize)>,
}

/// A cell of the Zeitstrahl: a phase runs in it.
pub const CELL_PHASE: u8 = 1;
/// A cell of the Zeitstrahl: the milestone lies in it.
pub const CELL_MILESTONE: u8 = 2;

impl Grid {
    /// The grid of a site's timeline.
    pub fn new(c: &Config) -> Grid {
        let (start, end) = (c.start.index(), c.end.index());
        let mut cols = Vec::new();
        let mut years: Vec<(i32, usize)> = Vec::new();
        if end - start < MAX_QUARTER_COLUMNS {
            for i in start..=end {
                let q = Quarter::from_index(i);
                cols.push((i, i, format!("Q{}", q.q), format::quarter(q)));
                match years.last_mut() {
                    Some((y, n)) if *y == q.year => *n += 1,
                    _ => years.push((q.year, 1)),
                }
            }
        } else {
            for year in c.start.year..=c.end.year {
                let first = Quarter { year, q: 1 }.index().max(start);
                let last = Quarter { year, q: 4 }.index().min(end);
                cols.push((first, last, year.to_string(), year.to_string()));
            }
        }
        Grid { end, cols, years }
    }

    /// The column headings: labels, full titles ("Q3 2021") and the year headings.
    pub fn header(&self) -> Value {
        json!({
            "columns": self.cols.iter().map(|c| &c.2).collect::<Vec<_>>(),
            "titles": self.cols.iter().map(|c| &c.3).collect::<Vec<_>>(),
            "years": self.years.iter().map(|(y, n)| json!({"year": y, "span": n})).collect::<Vec<_>>(),
        })
    }

    /// Which columns a phase covers, and whether it runs past the timeline (the "ff" column).
    fn covers(&self, ph: &Phase) -> (Vec<bool>, bool) {
        let Some(from) = ph.from.map(Quarter::index) else {
            return (vec![false; self.cols.len()], false);
        };
        let end = if ph.open {
            None
        } else {
            Some(ph.to.map_or(from, Quarter::index))
        };
        let cells = self
            .cols
            .iter()
            .map(|(a, b, ..)| from <= *b && end.is_none_or(|e| e >= *a))
            .collect();
        (cells, ph.open || end.is_some_and(|e| e > self.end))
    }

    /// A project's row of the Zeitstrahl: per column `CELL_PHASE` and `CELL_MILESTONE` bits,
    /// and whether a phase runs past the timeline.
    pub fn timeline_row(&self, p: &Project) -> (Vec<u8>, bool) {
        let mut cells = vec![0u8; self.cols.len()];
        let mut ff = false;
        for ph in &p.schedule {
            let (on, past) = self.covers(ph);
            ff |= past;
            for (cell, on) in cells.iter_mut().zip(on) {
                if on {
                    *cell |= CELL_PHASE;
                }
            }
        }
        if let Some(m) = p.milestone.map(Quarter::index) {
            for (cell, (a, b, ..)) in cells.iter_mut().zip(&self.cols) {
                if (*a..=*b).contains(&m) {
                    *cell |= CELL_MILESTONE;
                }
            }
        }
        (cells, ff)
    }
}

/// "Q1 2021 – Q4 2021", "Q2 2022 – fortlaufend", "ohne Termine".
pub fn range(src: &Source, ph: &Phase) -> String {
    match (ph.from, ph.to, ph.open) {
        (Some(f), _, true) => format!("{} – {}", format::quarter(f), src.t("open_end")),
        (Some(f), Some(t), _) if f != t => {
            format!("{} – {}", format::quarter(f), format::quarter(t))
        }
        (Some(f), _, _) => format::quarter(f),
        (None, _, _) => src.t("no_dates"),
    }
}

/// A number with the KPI's unit.
fn with_unit(v: f64, unit: &Option<String>, src: &Source) -> String {
    let n = format::plain_number(v, src.roadmap.config.language);
    match unit {
        Some(u) if !u.is_empty() => format!("{n} {u}"),
        _ => n,
    }
}

fn kpis(src: &Source, p: &Project) -> Vec<Value> {
    p.kpis
        .iter()
        .map(|k| {
            let mut meta = Vec::new();
            if let Some((q, v)) = k.values.last() {
                meta.push(format!(
                    "{}: {} ({})",
                    src.t("kpi_latest"),
                    with_unit(*v, &k.unit, src),
                    format::quarter(*q)
                ));
            }
            if let Some(t) = k.target {
                meta.push(format!(
                    "{}: {}",
                    src.t("kpi_target"),
                    with_unit(t, &k.unit, src)
                ));
            }
            if let Some(d) = k.due {
                meta.push(format!("{} {}", src.t("kpi_due"), format::quarter(d)));
            }
            json!({
                "label_markup": src.conv.inline(&k.label, &p.body),
                "meta": if meta.is_empty() { None } else { Some(meta.join(" · ")) },
            })
        })
        .collect()
}

fn schedule(src: &Source, grid: &Grid, p: &Project) -> Value {
    if p.schedule.is_empty() {
        return Value::Null;
    }
    let rows: Vec<Value> = p
        .schedule
        .iter()
        .map(|ph| {
            let (cells, ff) = grid.covers(ph);
            json!({"name": ph.name, "range": range(src, ph), "cells": cells, "ff": ff})
        })
        .collect();
    json!({"rows": rows, "any_dated": p.schedule.iter().any(|ph| ph.from.is_some())})
}

fn canvas(src: &Source, p: &Project) -> Value {
    if p.canvas.is_empty() {
        return Value::Null;
    }
    let md = |t: &String| src.conv.inline(t, &p.body);
    let blocks: Vec<Value> = CANVAS_BLOCKS
        .iter()
        .map(|key| {
            let mut v = json!({
                "key": key,
                "title": src.t(&format!("canvas_{key}")),
                "hint": src.t(&format!("canvas_{key}_hint")),
                "kind": "empty",
            });
            match p.canvas.iter().find(|(k, _)| k == key).map(|(_, b)| b) {
                Some(Block::Text(t)) => {
                    v["kind"] = json!("text");
                    v["text_markup"] = json!(md(t));
                }
                Some(Block::List(l)) => {
                    v["kind"] = json!("list");
                    v["items_markup"] = json!(l.iter().map(md).collect::<Vec<_>>());
                }
                Some(Block::Groups(g)) => {
                    v["kind"] = json!("groups");
                    v["groups"] = json!(g
                        .iter()
                        .map(|(label, items)| json!({"label": label, "items_markup": items.iter().map(md).collect::<Vec<_>>()}))
                        .collect::<Vec<_>>());
                }
                None => {}
            }
            v
        })
        .collect();
    json!(blocks)
}

/// The status of a project: its current phase (a derived one marked so), progress, rating as
/// a word with its note, results and contact; null when it has neither a report nor a phase.
pub fn status(src: &Source, p: &Project) -> Value {
    let c = &src.roadmap.config;
    let phase = p.phase.and_then(|cur| {
        let name = c.phases.get(cur.index)?;
        Some(match cur.source {
            PhaseSource::Reported => name.clone(),
            PhaseSource::Schedule => format!("{name} ({})", src.t("phase_derived_schedule")),
            PhaseSource::Milestone => format!("{name} ({})", src.t("phase_derived_milestone")),
        })
    });
    let Some(s) = p.status.as_ref() else {
        return match phase {
            Some(phase) => {
                json!({"phase": phase, "progress": null, "rating": null, "updated": null,
                "results_markup": [], "next_steps_markup": [], "benefits_markup": [], "contact": null, "video": null})
            }
            None => Value::Null,
        };
    };
    let md = |list: &[String]| {
        list.iter()
            .map(|t| src.conv.inline(t, &p.body))
            .collect::<Vec<_>>()
    };
    let rating = s.rating.and_then(|r| c.ratings.get(r)).map(|l| {
        let label = src.theme.rating_label(l);
        match &s.rating_note {
            Some(note) => format!("{label}: {note}"),
            None => label,
        }
    });
    let video = s.video.as_ref().map(|v| match &c.base_url {
        Some(base) if !v.starts_with("https://") => format!("{base}{v}"),
        _ => v.clone(),
    });
    json!({
        "phase": phase,
        "progress": s.progress.map(|v| format::percent(v, c.language)),
        "rating": rating,
        "updated": s.updated.map(|d| format::date(d, c.language, &src.theme.months())),
        "results_markup": md(&s.results),
        "next_steps_markup": md(&s.next_steps),
        "benefits_markup": md(&s.benefits),
        "contact": s.contact.as_ref().map(|k| json!({"name": k.name, "email": k.email, "phone": k.phone, "url": k.url})),
        "video": video,
    })
}

/// Everything the PDF shows of a project.
pub fn project(src: &Source, grid: &Grid, p: &Project) -> Value {
    let r = src.roadmap;
    let c = &r.config;
    let label = doc_label(&p.slug);
    let lang = c.language;
    json!({
        "title": p.title,
        "short": p.label(),
        "label": label,
        "programme": p.programme,
        "goal": p.goal.map(|g| c.goals[g].title.clone()),
        "field": r.field(p).title,
        "category": super::source::category_name(r, p.category),
        "lead": p.lead.join(", "),
        "milestone": p.milestone.map(format::quarter),
        "kpis": kpis(src, p),
        "body_markup": src.conv.body(&p.body, Some(&label)),
        "schedule": schedule(src, grid, p),
        "canvas": canvas(src, p),
        "budget": p.budget.iter().map(|b| json!({
            "label": b.label,
            "total": format::money(b.total, lang, &c.currency),
            "own_share": b.own_share.map(|o| format::money(o, lang, &c.currency)),
        })).collect::<Vec<_>>(),
        "status": status(src, p),
    })
}
