//! The roadmap as the structured values the Typst template reads (`json("/data.json")`): every
//! text as a plain string the template shows as it is, numbers, money and dates already
//! formatted for the site's language, and only the Markdown texts as Typst markup (made by
//! `markup`, keys ending in `_markup`), which the template evaluates.

use serde_json::{json, Value};

use super::project::{self, Grid};
pub use super::source::{category_name, Source};
use super::targets::doc_label;
use crate::format;
use crate::model::{NavItem, Project, Roadmap};

/// The label of the overview matrix.
pub const PART_OVERVIEW: &str = "part:overview";
/// The label of the projects chapter (and of the projects folder's `_index.md`).
pub const PART_PROJECTS: &str = "part:projects";
/// The label of the Zeitstrahl.
pub const PART_TIMELINE: &str = "part:timeline";
/// The label of the dashboard.
pub const PART_DASHBOARD: &str = "part:dashboard";
/// The label of the home page's introduction, on the title page.
pub const PART_TITLE: &str = "part:title";

/// The label of a field's group of projects.
pub fn field_label(key: &str) -> String {
    format!("field:{}", super::escape::label_part(key))
}

/// The whole document: metadata, words and the sections in `outline` order.
pub fn document(src: &Source) -> Value {
    let r = src.roadmap;
    let c = &r.config;
    let months = src.theme.months();
    let grid = Grid::new(c);
    let sections: Vec<Value> = r.nav.iter().map(|n| section(src, &grid, n)).collect();
    let author: Vec<String> = match &c.organisation {
        Some(o) => vec![o.clone()],
        None => c.authors.clone(),
    };
    json!({
        "lang": c.language.code(),
        "title": c.title,
        "subtitle": c.subtitle,
        "description": c.description,
        "organisation": c.organisation,
        "authors": c.authors,
        "author": author,
        "as_of": c.as_of.map(|d| format::date(d, c.language, &months)),
        "document": c.document.as_ref().map(|d| json!({"kind": d.kind, "reference": d.reference, "title": d.title})),
        "grid": grid.header(),
        "period": {"start": format::quarter(c.start), "end": format::quarter(c.end)},
        "intro_markup": r.intro.as_ref().map(|i| src.conv.body(i, Some(PART_TITLE))),
        "words": src.words(),
        "projects_shown": r.nav.contains(&NavItem::Projects),
        "fonts": src.fonts,
        "sections": sections,
    })
}

fn section(src: &Source, grid: &Grid, item: &NavItem) -> Value {
    let r = src.roadmap;
    match item {
        NavItem::Page(i) => {
            let p = &r.pages[*i];
            let label = doc_label(&p.slug);
            json!({
                "kind": "page",
                "title": p.title,
                "label": label,
                "body_markup": src.conv.body(&p.body, Some(&label)),
            })
        }
        NavItem::Overview => overview(src),
        NavItem::Projects => projects(src, grid),
        NavItem::Timeline => timeline(src, grid),
        NavItem::Dashboard => dashboard(src),
    }
}

/// A project as an entry of a list: its short title and where it is.
fn entry(p: &Project) -> Value {
    json!({"title": p.title, "short": p.label(), "target": doc_label(&p.slug)})
}

/// The overview matrix: categories as rows, fields as columns, programmes grouped.
fn overview(src: &Source) -> Value {
    let r = src.roadmap;
    let c = &r.config;
    let rows: Vec<Value> = r
        .matrix_rows()
        .into_iter()
        .map(|cat| {
            let cells: Vec<Value> = (0..c.fields.len())
                .map(|fi| {
                    let mut items: Vec<Value> = Vec::new();
                    for p in r.projects_in_cell(fi, cat) {
                        let grouped = p.programme.as_ref().and_then(|name| {
                            items.iter_mut().find(|v| v["programme"] == json!(name))
                        });
                        match (grouped, &p.programme) {
                            (Some(group), _) => {
                                if let Some(list) = group["projects"].as_array_mut() {
                                    list.push(entry(p));
                                }
                            }
                            (None, Some(name)) => {
                                items.push(json!({"programme": name, "projects": [entry(p)]}))
                            }
                            (None, None) => items.push(entry(p)),
                        }
                    }
                    json!(items)
                })
                .collect();
            json!({"category": category_name(r, cat), "cells": cells})
        })
        .collect();
    let categories: Vec<Value> = c
        .categories
        .iter()
        .enumerate()
        .map(|(i, k)| json!({"name": category_name(r, Some(i)), "description_markup": src.config_text(&k.description)}))
        .collect();
    json!({
        "kind": "overview",
        "title": src.t("overview"),
        "label": PART_OVERVIEW,
        "fields": c.fields.iter().map(|f| f.title.clone()).collect::<Vec<_>>(),
        "rows": rows,
        "categories": categories,
    })
}

/// The projects chapter: the projects intro, then one group per field with its projects.
fn projects(src: &Source, grid: &Grid) -> Value {
    let r = src.roadmap;
    let fields: Vec<Value> = r
        .config
        .fields
        .iter()
        .enumerate()
        .filter(|(i, _)| r.projects_in_field(*i).next().is_some())
        .map(|(i, f)| {
            json!({
                "title": f.title,
                "label": field_label(&f.key),
                "description_markup": src.config_text(&f.description),
                "projects": r.projects_in_field(i).map(|p| project::project(src, grid, p)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "kind": "projects",
        "title": src.t("projects"),
        "label": PART_PROJECTS,
        "intro_markup": r.projects_intro.as_ref().map(|i| src.conv.body(i, Some(PART_PROJECTS))),
        "fields": fields,
    })
}

/// One group per field with a row per project, as `row` makes it.
fn by_field(r: &Roadmap, row: impl Fn(&Project) -> Value) -> Vec<Value> {
    r.config
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| json!({"field": f.title, "projects": r.projects_in_field(i).map(&row).collect::<Vec<_>>()}))
        .collect()
}

/// The Zeitstrahl: every project with its milestone and dated phases on the grid of periods.
fn timeline(src: &Source, grid: &Grid) -> Value {
    let groups = by_field(src.roadmap, |p| {
        let phases: Vec<String> = p
            .schedule
            .iter()
            .filter(|ph| ph.from.is_some())
            .map(|ph| format!("{}: {}", ph.name, project::range(src, ph)))
            .collect();
        let mut v = entry(p);
        v["milestone"] = json!(p.milestone.map(format::quarter));
        v["phases"] = json!(phases.join("; "));
        let (cells, ff) = grid.timeline_row(p);
        v["cells"] = json!(cells);
        v["ff"] = json!(ff);
        v
    });
    json!({
        "kind": "timeline",
        "title": src.t("timeline"),
        "label": PART_TIMELINE,
        "groups": groups,
    })
}

/// The dashboard: projects per phase, and every project's status by field.
fn dashboard(src: &Source) -> Value {
    let r = src.roadmap;
    let phases: Vec<Value> = r
        .config
        .phases
        .iter()
        .enumerate()
        .map(|(i, ph)| json!({"phase": ph, "count": r.projects_in_phase(i)}))
        .collect();
    let groups = by_field(r, |p| {
        let mut v = entry(p);
        v["status"] = project::status(src, p);
        v
    });
    json!({
        "kind": "dashboard",
        "title": src.t("dashboard"),
        "label": PART_DASHBOARD,
        "phases": phases,
        "without_status": r.projects.iter().filter(|p| p.status.is_none() && p.phase.is_none()).count(),
        "total": r.projects.len(),
        "groups": groups,
    })
}
