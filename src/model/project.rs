//! Validation of one project file: its frontmatter checked against the configuration and
//! turned into a `Project`, one function per part (keys, KPIs, schedule, canvas, budget); the
//! status report is checked in `status`.

use crate::config::{Config, Entry};
use crate::content::{
    self, RawBlock, RawBudget, RawCanvas, RawKpi, RawPhase, RawProject, SourceFile, StrOr,
};
use crate::error::{did_you_mean, Error, Errors, Location, Warning};
use crate::quarter::Quarter;
use crate::yaml::{self, loc, Spanned, Text};

use super::phase::current_phase;
use super::source_of;
use super::status::reports;
use super::types::{Block, Budget, Kpi, Phase, Project, CANVAS_BLOCKS};

/// Reads the project file `f`, to be written to `path`. All its errors at once, in the order
/// of its parts; dates outside the timeline are warnings. Drafts are returned too.
pub(super) fn project(
    f: &SourceFile,
    config: &Config,
    path: String,
    warnings: &mut Vec<Warning>,
) -> Result<Project, Errors> {
    let raw = content::parse_project(f)?;
    let mut errs = Errors::default();
    let (field, category, goal) = placement(&raw, config, f, &mut errs);
    // The line of `lead:` in the file (the frontmatter starts on line 2).
    let lead_line = f
        .frontmatter
        .lines()
        .position(|l| l.starts_with("lead:"))
        .map_or(2, |i| i + 2);
    if let Some(e) = super::page::empty_title(f, &raw.title) {
        errs.push(e);
    }
    if raw.lead.0.is_empty() {
        errs.push(Error::content(
            Location::at(&f.file, lead_line, 1),
            "`lead` is empty: name at least one department",
        ));
    }
    for text in &raw.lead.0 {
        // `lead: 10, 20` (or `LAD-DIG, 8`) is one text to YAML: a department named "10, 20".
        // Parts that look like department codes (a digit, or no lower-case letter) tell it
        // from a name with a comma (`Amt für Digitales, Organisation und IT`).
        let name = text.split('(').next().unwrap_or_default();
        let parts: Vec<&str> = name.split(',').map(str::trim).collect();
        if parts.len() > 1
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.len() <= 12
                    && (p.contains(|c: char| c.is_ascii_digit()) || !p.contains(char::is_lowercase))
            })
        {
            let list: Vec<String> = parts.iter().map(|p| format!("\"{p}\"")).collect();
            errs.push(Error::content_help(
                Location::at(&f.file, lead_line, 1),
                format!(
                    "`lead` names one department `{}`, which looks like {} of them",
                    text.trim(),
                    parts.len()
                ),
                Some(format!(
                    "for several departments write a list: `lead: [{}]`",
                    list.join(", ")
                )),
            ));
            continue;
        }
        if crate::config::departments::parse_ref(text).is_none() {
            let what = if text.trim().is_empty() {
                "an empty entry".to_string()
            } else {
                format!("an entry that names no department, `{text}`")
            };
            errs.push(Error::content(
                Location::at(&f.file, lead_line, 1),
                format!("`lead` has {what}. Write the department's number or name (a role may follow in parentheses: `FB 10 (Koordination)`)"),
            ));
        }
    }
    let kpis = kpis(raw.kpis.unwrap_or_default(), f, &mut errs);
    let schedule = schedule(
        raw.schedule.unwrap_or_default(),
        config,
        f,
        &mut errs,
        warnings,
    );
    let milestone = raw
        .milestone
        .as_ref()
        .and_then(|m| quarter_at(m, f, &mut errs));
    if let (Some(q), Some(at)) = (milestone, raw.milestone.as_ref()) {
        clip_warn(
            q,
            || "the milestone".into(),
            config,
            || loc(&f.file, 2, at),
            warnings,
        );
    }
    let (status, history) = raw
        .status
        .map(|s| reports(s, config, f, &mut errs))
        .unwrap_or_default();
    let phase = current_phase(status.as_ref(), &schedule, milestone, config);
    let canvas = raw.canvas.map(canvas).unwrap_or_default();
    let budget = budget(raw.budget.unwrap_or_default(), f, &mut errs);
    check_number(raw.number.as_ref(), f, &mut errs);
    let number = raw.number.map(|n| n.value);

    let project = Project {
        slug: f.slug.clone(),
        title: raw.title,
        short_title: raw.short_title,
        programme: raw.programme,
        number,
        field: field.unwrap_or(0),
        category,
        goal,
        lead: raw.lead.0,
        kpis,
        schedule,
        milestone,
        status,
        history,
        phase,
        canvas,
        budget,
        draft: raw.draft.unwrap_or(false),
        description: raw.description,
        path,
        body: source_of(f),
    };
    errs.into_result(project)
}

/// The indices of the project's field, category and goal in roadmap.yaml's lists. A category
/// is required when roadmap.yaml defines categories.
fn placement(
    raw: &RawProject,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
) -> (Option<usize>, Option<usize>, Option<usize>) {
    let field = key_index(&config.fields, &raw.field, "field", f, errs);
    let category = match &raw.category {
        Some(c) => key_index(&config.categories, c, "category", f, errs),
        None if !config.categories.is_empty() => {
            let keys: Vec<&str> = config.categories.iter().map(|c| c.key.as_str()).collect();
            errs.push(Error::content_help(
                Location::at(&f.file, 2, 1),
                "missing required key `category` (roadmap.yaml defines categories)",
                Some(format!(
                    "add `category: …` with one of: {}",
                    keys.join(", ")
                )),
            ));
            None
        }
        None => None,
    };
    let goal = raw
        .goal
        .as_ref()
        .and_then(|g| key_index(&config.goals, g, "goal", f, errs));
    (field, category, goal)
}

/// The index of the entry with the key `s` (a field, category or goal: `what`).
fn key_index(
    entries: &[Entry],
    s: &Spanned<Text>,
    what: &str,
    f: &SourceFile,
    errs: &mut Errors,
) -> Option<usize> {
    let key = s.value.0.as_str();
    match entries.iter().position(|e| e.key == key) {
        Some(i) => Some(i),
        None => {
            let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
            let help = did_you_mean(key, &keys);
            let msg = if entries.is_empty() {
                format!("{what} `{key}` is used, but roadmap.yaml defines no {what}s")
            } else {
                format!("unknown {what} `{key}`")
            };
            errs.push(Error::content_help(loc(&f.file, 2, s), msg, help));
            None
        }
    }
}

/// The quarter written at `s` (`2025-Q3`).
fn quarter_at(s: &Spanned<Text>, f: &SourceFile, errs: &mut Errors) -> Option<Quarter> {
    match Quarter::parse(&s.value.0) {
        Ok(q) => Some(q),
        Err(m) => {
            errs.push(Error::content(loc(&f.file, 2, s), m));
            None
        }
    }
}

/// A warning when the date `q` of `what` lies outside the timeline, where charts clip it.
/// `at` is where the date is written. Both are made only for a warning (a project has many
/// dates and few warnings).
fn clip_warn(
    q: Quarter,
    what: impl FnOnce() -> String,
    config: &Config,
    at: impl FnOnce() -> Location,
    warnings: &mut Vec<Warning>,
) {
    if q < config.start || q > config.end {
        warnings.push(Warning::at(
            "date-clipped",
            at(),
            format!(
                "{} ({q}) lies outside the timeline {}..{} and is clipped",
                what(),
                config.start,
                config.end
            ),
        ));
    }
}

/// The KPIs: a bare label, or a label with unit, target, due quarter and values by quarter
/// (sorted by quarter).
fn kpis(raw: Vec<Spanned<StrOr<RawKpi>>>, f: &SourceFile, errs: &mut Errors) -> Vec<Kpi> {
    let mut kpis = Vec::new();
    for k in raw {
        let place = yaml::place(2, &k);
        match k.value {
            StrOr::Str(label) => kpis.push(Kpi {
                place,
                label,
                unit: None,
                target: None,
                due: None,
                values: vec![],
            }),
            StrOr::Full(r) => {
                let due = r.due.as_ref().and_then(|d| quarter_at(d, f, errs));
                let mut values = Vec::new();
                for (q, v) in r.values.map(|m| m.0).unwrap_or_default() {
                    match Quarter::parse(&q.value.0) {
                        Ok(quarter) => values.push((quarter, v.0)),
                        Err(m) => errs.push(Error::content(
                            loc(&f.file, 2, &q),
                            format!("KPI `{}`: {m}", r.label),
                        )),
                    }
                }
                values.sort_by_key(|(q, _)| *q);
                // `2026-Q3` and `2026-q3` are one quarter: two values for it cannot both hold.
                if let Some(w) = values.windows(2).find(|w| w[0].0 == w[1].0) {
                    errs.push(Error::content_help(
                        place.map_or(Location::file(&f.file), |(line, column)| {
                            Location::at(&f.file, line, column)
                        }),
                        format!("KPI `{}` has two values for {}", r.label, w[0].0),
                        Some(
                            "keep one value a quarter (the quarter is written once, as `YYYY-Qn`)"
                                .into(),
                        ),
                    ));
                }
                kpis.push(Kpi {
                    place,
                    label: r.label,
                    unit: r.unit,
                    target: r.target.map(|n| n.0),
                    due,
                    values,
                });
            }
        }
    }
    kpis
}

/// The phases of the schedule, in the order written.
fn schedule(
    raw: Vec<RawPhase>,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
    warnings: &mut Vec<Warning>,
) -> Vec<Phase> {
    raw.into_iter()
        .map(|ph| phase(ph, config, f, errs, warnings))
        .collect()
}

/// One phase: `from` and `to` quarters (`to: open` runs past the timeline), checked to be in
/// order, with a warning for each date outside the timeline.
fn phase(
    ph: RawPhase,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
    warnings: &mut Vec<Warning>,
) -> Phase {
    let from = ph.from.as_ref().and_then(|q| quarter_at(q, f, errs));
    let (to, open) = match &ph.to {
        Some(t) if t.value.0 == "open" => (None, true),
        Some(t) => (quarter_at(t, f, errs), false),
        None => (None, false),
    };
    let to_at = || {
        ph.to
            .as_ref()
            .map_or(Location::file(&f.file), |t| loc(&f.file, 2, t))
    };
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            errs.push(Error::content_help(
                to_at(),
                format!("phase `{}` ends ({b}) before it starts ({a})", ph.phase),
                Some("`from` must not lie after `to`".into()),
            ));
        }
    }
    if from.is_none() && (to.is_some() || open) && ph.from.is_none() {
        errs.push(Error::content_help(
            to_at(),
            format!("phase `{}` has `to` but no `from`", ph.phase),
            Some("add `from: YYYY-Qn`, or remove both for an undated phase".into()),
        ));
    }
    if let (Some(q), Some(at)) = (from, ph.from.as_ref()) {
        let what = || format!("the start of phase `{}`", ph.phase);
        clip_warn(q, what, config, || loc(&f.file, 2, at), warnings);
    }
    if let Some(q) = to {
        let what = || format!("the end of phase `{}`", ph.phase);
        clip_warn(q, what, config, to_at, warnings);
    }
    Phase {
        name: ph.phase,
        from,
        to,
        open,
    }
}

/// The canvas blocks present, in `CANVAS_BLOCKS` order.
fn canvas(c: RawCanvas) -> Vec<(&'static str, Block)> {
    let blocks = [
        c.partners,
        c.activities,
        c.resources,
        c.value,
        c.relationships,
        c.channels,
        c.users,
        c.costs,
        c.risks,
    ];
    let mut canvas = Vec::new();
    for (key, b) in CANVAS_BLOCKS.iter().zip(blocks) {
        if let Some(b) = b {
            let b = match b {
                RawBlock::Text(t) => Block::Text(t),
                RawBlock::List(l) => Block::List(l),
                RawBlock::Groups(g) => Block::Groups(g),
            };
            canvas.push((*key, b));
        }
    }
    canvas
}

/// The lines of the budget; a line whose own share is more than its total is an error (the
/// share is part of the total).
fn budget(raw: Vec<RawBudget>, f: &SourceFile, errs: &mut Errors) -> Vec<Budget> {
    raw.into_iter()
        .map(|b| {
            let line = Budget {
                label: b.label,
                total: b.total.0,
                own_share: b.own_share.as_ref().map(|n| n.value.0),
            };
            let larger = b.own_share.as_ref().filter(|own| own.value.0 > line.total);
            if let Some(at) = larger {
                let own = at.value.0;
                errs.push(Error::content_help(
                    loc(&f.file, 2, at),
                    format!(
                        "the budget line `{}` has an own share ({own}) larger than its total ({})",
                        line.label, line.total
                    ),
                    Some("the own share is the part of `total` the city pays itself: correct one of the two".into()),
                ));
            }
            line
        })
        .collect()
}

/// The project's number must be a real number (the amounts and KPI figures are refused at
/// their place when read: `yaml::Number`): an error at its line for an infinity or NaN.
fn check_number(number: Option<&Spanned<f64>>, f: &SourceFile, errs: &mut Errors) {
    if let Some(n) = number.filter(|n| !n.value.is_finite()) {
        errs.push(Error::content_help(
            loc(&f.file, 2, n),
            format!("`{}` is not a usable number", n.value),
            Some("write the project's number as a plain number, e.g. `number: 3`".into()),
        ));
    }
}
