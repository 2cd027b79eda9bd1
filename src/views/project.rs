//! The views of one project: its page (Projektübersicht, KPIs, Zeithorizont, Projekt Canvas,
//! budget, status) and the parts other views reuse.

use serde_json::{json, Value};

use super::{body, Views};
use crate::format;
use crate::model::{Block, Project};
use crate::quarter::Quarter;

impl Views<'_> {
    /// The Zeithorizont as a table of phases × quarters, with the open "ff" column.
    pub fn schedule(&self, p: &Project) -> Value {
        let c = &self.roadmap.config;
        let quarters: Vec<Quarter> = (c.start.index()..=c.end.index())
            .map(Quarter::from_index)
            .collect();
        let mut years: Vec<Value> = Vec::new();
        let mut y = 0;
        while y < quarters.len() {
            let year = quarters[y].year;
            let span = quarters[y..].iter().take_while(|q| q.year == year).count();
            years.push(json!({"year": year, "span": span}));
            y += span;
        }
        let rows: Vec<Value> = p
            .schedule
            .iter()
            .map(|ph| {
                let end = if ph.open { None } else { ph.to.or(ph.from) };
                let cells: Vec<bool> =
                    quarters.iter().map(|q| ph.from.is_some_and(|f| *q >= f) && end.is_none_or(|e| *q <= e) && ph.from.is_some()).collect();
                let ff = ph.from.is_some() && (ph.open || end.is_some_and(|e| e > c.end));
                let range = self.phase_range(ph);
                // Where the phase lies on the whole axis (the quarters and the ff column), in
                // per cent: the bar of the compact Zeithorizont on narrow screens.
                let cols = cells.len() + 1;
                let pct = |n: usize| format!("{:.2}%", n as f64 * 100.0 / cols as f64);
                let first = cells.iter().position(|on| *on).or(ff.then_some(cells.len()));
                let bar = first.map(|f| {
                    let last = if ff { cells.len() } else { cells.iter().rposition(|on| *on).unwrap_or(f) };
                    json!({"from": pct(f), "width": pct(last + 1 - f)})
                });
                json!({"name": self.shy(&ph.name), "cells": cells, "ff": ff, "range": range, "dated": ph.from.is_some(), "bar": bar})
            })
            .collect();
        json!({
            "years": years,
            "quarters": quarters.iter().map(|q| json!({"label": format!("Q{}", q.q), "title": format::quarter(*q)})).collect::<Vec<_>>(),
            "rows": rows,
            "any_dated": p.schedule.iter().any(|ph| ph.from.is_some()),
        })
    }

    /// A schedule phase's period: "Q1 2021 – Q4 2021", "Q2 2022 – fortlaufend", "ohne Termine".
    pub(super) fn phase_range(&self, ph: &crate::model::Phase) -> String {
        match (ph.from, ph.to, ph.open) {
            (Some(f), _, true) => format!("{} – {}", format::quarter(f), self.t("open_end")),
            (Some(f), Some(t), _) if f != t => {
                format!("{} – {}", format::quarter(f), format::quarter(t))
            }
            (Some(f), _, _) => format::quarter(f),
            (None, _, _) => self.t("no_dates"),
        }
    }

    fn canvas(&self, p: &Project) -> Value {
        let at = self.project_text(p);
        let md = |t: &String| self.shy_html(&self.inline.render(t, &at));
        let blocks: Vec<Value> = p
            .canvas
            .iter()
            .map(|(key, block)| {
                let (kind, content) = match block {
                    Block::Text(t) => ("text", json!(md(t))),
                    Block::List(l) => ("list", json!(l.iter().map(md).collect::<Vec<_>>())),
                    Block::Groups(g) => (
                        "groups",
                        json!(g
                            .iter()
                            .map(|(label, items)| json!({"label": self.shy(label), "items": items.iter().map(md).collect::<Vec<_>>()}))
                            .collect::<Vec<_>>()),
                    ),
                };
                json!({"key": key, "title": self.shy(&self.t(&format!("canvas_{key}"))), "hint": self.t(&format!("canvas_{key}_hint")), "kind": kind, "content": content})
            })
            .collect();
        // Every block has a place on the board, empty or not.
        let all: Vec<Value> = crate::model::CANVAS_BLOCKS
            .iter()
            .map(|k| {
                blocks.iter().find(|b| b["key"] == *k).cloned().unwrap_or_else(
                    || json!({"key": k, "title": self.shy(&self.t(&format!("canvas_{k}"))), "hint": self.t(&format!("canvas_{k}_hint")), "kind": "empty", "content": null}),
                )
            })
            .collect();
        json!({"present": !p.canvas.is_empty(), "blocks": all})
    }

    /// A project's KPIs: label (HTML and plain), target, due quarter, every value and the latest.
    pub fn kpis(&self, p: &Project) -> Vec<Value> {
        let lang = self.lang();
        let at = self.project_text(p);
        p
            .kpis
            .iter()
            .map(|k| {
                let with_unit = |v: f64| format::with_unit(v, k.unit.as_deref(), lang);
                json!({
                    "label_html": self.shy_html(&self.inline.render(&k.label, &at)),
                    "label_text": super::plain_text_of(&k.label, 300),
                    "target": k.target.map(with_unit),
                    "due": k.due.map(format::quarter),
                    "values": k.values.iter().map(|(q, v)| json!({"quarter": format::quarter(*q), "value": with_unit(*v)})).collect::<Vec<_>>(),
                    "latest": k.values.last().map(|(q, v)| json!({"quarter": format::quarter(*q), "value": with_unit(*v)})),
                })
            })
            .collect()
    }

    /// What a project page shows of other projects and of the departments: the other projects
    /// of its programme (`siblings`), its neighbours in its field (`prev`, `next`; each a
    /// title and URL) and its leads and partners as links to their department pages
    /// (`lead_links`, `partner_links`, names normalised across the roadmap).
    pub fn neighbourhood(&self, p: &Project) -> Value {
        let all = &self.roadmap.projects;
        let link = |o: &Project| json!({"title": self.shy(&o.title), "url": self.url(&o.path)});
        let siblings: Vec<Value> = p
            .programme
            .as_ref()
            .and_then(|name| self.lookups.programmes.get(name))
            .map(|members| {
                members
                    .iter()
                    .map(|&i| &all[i])
                    .filter(|o| o.slug != p.slug)
                    .map(link)
                    .collect()
            })
            .unwrap_or_default();
        // Projects are ordered by field: the neighbours in the list are the neighbours in the field.
        let pos = self.lookups.index.get(&p.slug).copied().unwrap_or(0);
        let in_field = |i: usize| all.get(i).filter(|o| o.field == p.field);
        let prev = pos.checked_sub(1).and_then(in_field).map(link);
        let next = in_field(pos + 1).map(link);
        let (_, partner_links) = self.project_departments(pos);
        let lead_links = self.lead_links(p, pos);
        json!({
            "siblings": siblings,
            "prev": prev,
            "next": next,
            "lead_links": lead_links,
            "partner_links": partner_links,
        })
    }

    /// Everything a project page shows.
    pub fn project(&self, p: &Project) -> Value {
        let lang = self.lang();
        let c = &self.roadmap.config;
        let kpis = self.kpis(p);
        let budget: Vec<Value> = p
            .budget
            .iter()
            .map(|b| json!({"label": self.shy(&b.label), "total": format::money(b.total, lang, &c.currency), "own_share": b.own_share.map(|o| format::money(o, lang, &c.currency))}))
            .collect();
        let mut near = self.neighbourhood(p);
        let mut take = |key: &str| near.get_mut(key).map(Value::take).unwrap_or_default();
        let mut v = self.card(p);
        let extra = super::object([
            ("lead_links", take("lead_links")),
            ("partner_links", take("partner_links")),
            ("goal", json!(p.goal.map(|g| c.goals[g].title.clone()))),
            ("lead_list", json!(p.lead)),
            ("kpis", kpis.into()),
            ("schedule", self.schedule(p)),
            ("has_schedule", (!p.schedule.is_empty()).into()),
            ("canvas", self.canvas(p)),
            ("budget", budget.into()),
            ("status", self.status_page(p)),
            (
                "body_html",
                body(
                    &self.project_bodies.take(&p.body.rel),
                    lang,
                    &self.t("table"),
                )
                .into(),
            ),
            ("siblings", take("siblings")),
            ("prev", take("prev")),
            ("next", take("next")),
        ]);
        if let (Some(obj), Value::Object(extra)) = (v.as_object_mut(), extra) {
            obj.extend(extra);
        }
        v
    }
}
