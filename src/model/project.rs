//! Validation of one project file: its frontmatter checked against the configuration and
//! turned into a `Project`.

use super::*;
use crate::yaml::{Spanned, Text};

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

fn quarter_at(s: &Spanned<Text>, f: &SourceFile, errs: &mut Errors) -> Option<Quarter> {
    match Quarter::parse(&s.value.0) {
        Ok(q) => Some(q),
        Err(m) => {
            errs.push(Error::content(loc(&f.file, 2, s), m));
            None
        }
    }
}

pub(super) fn project(
    f: &SourceFile,
    config: &Config,
    path: String,
    warnings: &mut Vec<Warning>,
) -> Result<Project, Errors> {
    let raw = content::parse_project(f)?;
    let mut errs = Errors::default();
    let field = key_index(&config.fields, &raw.field, "field", f, &mut errs);
    let category = match &raw.category {
        Some(c) => key_index(&config.categories, c, "category", f, &mut errs),
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
        .and_then(|g| key_index(&config.goals, g, "goal", f, &mut errs));
    if raw.lead.0.is_empty() {
        errs.push(Error::content(
            Location::at(&f.file, 2, 1),
            "`lead` is empty: name at least one department",
        ));
    }
    let clip_warn = |q: Quarter, what: &str, warnings: &mut Vec<Warning>| {
        if q < config.start || q > config.end {
            warnings.push(Warning::at(
                "date-clipped",
                Location::file(&f.file),
                format!(
                    "{what} ({q}) lies outside the timeline {}..{} and is clipped",
                    config.start, config.end
                ),
            ));
        }
    };

    let mut kpis = Vec::new();
    for k in raw.kpis.unwrap_or_default() {
        match k {
            StrOr::Str(label) => kpis.push(Kpi {
                label,
                unit: None,
                target: None,
                due: None,
                values: vec![],
            }),
            StrOr::Full(r) => {
                let due = r.due.as_ref().and_then(|d| quarter_at(d, f, &mut errs));
                let mut values = Vec::new();
                for (q, v) in r.values.map(|m| m.0).unwrap_or_default() {
                    match Quarter::parse(&q.value.0) {
                        Ok(quarter) => values.push((quarter, v)),
                        Err(m) => errs.push(Error::content(
                            loc(&f.file, 2, &q),
                            format!("KPI `{}`: {m}", r.label),
                        )),
                    }
                }
                values.sort_by_key(|(q, _)| *q);
                kpis.push(Kpi {
                    label: r.label,
                    unit: r.unit,
                    target: r.target,
                    due,
                    values,
                });
            }
        }
    }

    let mut schedule = Vec::new();
    for ph in raw.schedule.unwrap_or_default() {
        let from = ph.from.as_ref().and_then(|q| quarter_at(q, f, &mut errs));
        let (to, open) = match &ph.to {
            Some(t) if t.value.0 == "open" => (None, true),
            Some(t) => (quarter_at(t, f, &mut errs), false),
            None => (None, false),
        };
        if let (Some(a), Some(b)) = (from, to) {
            if a > b {
                errs.push(Error::content_help(
                    ph.to
                        .as_ref()
                        .map_or(Location::file(&f.file), |t| loc(&f.file, 2, t)),
                    format!("phase `{}` ends ({b}) before it starts ({a})", ph.phase),
                    Some("`from` must not lie after `to`".into()),
                ));
            }
        }
        if from.is_none() && (to.is_some() || open) && ph.from.is_none() {
            errs.push(Error::content_help(
                ph.to
                    .as_ref()
                    .map_or(Location::file(&f.file), |t| loc(&f.file, 2, t)),
                format!("phase `{}` has `to` but no `from`", ph.phase),
                Some("add `from: YYYY-Qn`, or remove both for an undated phase".into()),
            ));
        }
        if let Some(q) = from {
            clip_warn(q, &format!("the start of phase `{}`", ph.phase), warnings);
        }
        if let Some(q) = to {
            clip_warn(q, &format!("the end of phase `{}`", ph.phase), warnings);
        }
        schedule.push(Phase {
            name: ph.phase,
            from,
            to,
            open,
        });
    }

    let milestone = raw
        .milestone
        .as_ref()
        .and_then(|m| quarter_at(m, f, &mut errs));
    if let Some(q) = milestone {
        clip_warn(q, "the milestone", warnings);
    }

    let status = raw.status.map(|s| {
        let phase_index = match config.phases.iter().position(|p| *p == s.phase.value) {
            Some(i) => i,
            None => {
                let phases: Vec<&str> = config.phases.iter().map(String::as_str).collect();
                errs.push(Error::content_help(
                    loc(&f.file, 2, &s.phase),
                    format!("unknown status phase `{}`", s.phase.value),
                    did_you_mean(&s.phase.value, &phases),
                ));
                0
            }
        };
        let progress = s.progress.as_ref().map(|p| {
            if !(0.0..=100.0).contains(&p.value) {
                errs.push(Error::content(
                    loc(&f.file, 2, p),
                    format!("progress {} is not between 0 and 100", p.value),
                ));
            }
            p.value.clamp(0.0, 100.0)
        });
        let rating = s.rating.as_ref().and_then(|r| match r.value.as_str() {
            "green" => Some(Rating::Green),
            "amber" => Some(Rating::Amber),
            "red" => Some(Rating::Red),
            other => {
                errs.push(Error::content_help(
                    loc(&f.file, 2, r),
                    format!("unknown rating `{other}`"),
                    did_you_mean(other, &["green", "amber", "red"]),
                ));
                None
            }
        });
        let updated = s
            .updated
            .as_ref()
            .and_then(|u| match Date::parse(&u.value.0, false) {
                Ok(d) => Some(d),
                Err(m) => {
                    errs.push(Error::content(loc(&f.file, 2, u), m));
                    None
                }
            });
        let video = s.video.as_ref().map(|v| {
            let missing = v.value.starts_with("assets/")
                && !v.value.contains("..")
                && !config.root.join(&v.value).is_file();
            if missing {
                errs.push(Error::content_help(
                    loc(&f.file, 2, v),
                    format!("video `{}` does not exist", v.value),
                    Some(format!(
                        "put the file at {}",
                        config.root.join(&v.value).display()
                    )),
                ));
            } else if v.value.contains("..")
                || !(v.value.starts_with("https://") || v.value.starts_with("assets/"))
            {
                errs.push(Error::content_help(
                    loc(&f.file, 2, v),
                    format!(
                        "video `{}` is neither a file under assets/ nor an https URL",
                        v.value
                    ),
                    Some("write `assets/videos/name.mp4` or `https://…`".into()),
                ));
            }
            v.value.clone()
        });
        Status {
            phase: s.phase.value.clone(),
            phase_index,
            progress,
            rating,
            updated,
            results: s.results.map(|l| l.0).unwrap_or_default(),
            next_steps: s.next_steps.map(|l| l.0).unwrap_or_default(),
            benefits: s.benefits.map(|l| l.0).unwrap_or_default(),
            contact: s.contact.map(|c| Contact {
                name: c.name,
                email: c.email,
                phone: c.phone.map(|p| p.0),
                url: c.url,
            }),
            video,
        }
    });

    let mut canvas = Vec::new();
    if let Some(c) = raw.canvas {
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
    }

    let budget = raw
        .budget
        .unwrap_or_default()
        .into_iter()
        .map(|b| Budget {
            label: b.label,
            total: b.total,
            own_share: b.own_share,
        })
        .collect::<Vec<_>>();
    // Numbers must be real amounts: no infinities, no NaN.
    let numbers = budget
        .iter()
        .flat_map(|b| [Some(b.total), b.own_share])
        .chain(
            kpis.iter()
                .flat_map(|k| k.values.iter().map(|(_, v)| Some(*v)).chain([k.target])),
        )
        .chain([raw.number.as_ref().map(|n| n.value)])
        .flatten();
    if let Some(bad) = numbers.into_iter().find(|v| !v.is_finite()) {
        errs.push(Error::content_help(
            Location::at(&f.file, 2, 1),
            format!("`{bad}` is not a usable number"),
            Some("write amounts and KPI values as plain numbers, e.g. 1615250.00".into()),
        ));
    }

    let project = Project {
        slug: f.slug.clone(),
        title: raw.title,
        short_title: raw.short_title,
        programme: raw.programme,
        number: raw.number.map(|n| n.value),
        field: field.unwrap_or(0),
        category,
        goal,
        lead: raw.lead.0,
        kpis,
        schedule,
        milestone,
        status,
        canvas,
        budget,
        draft: raw.draft.unwrap_or(false),
        description: raw.description,
        path,
        body: source_of(f),
    };
    errs.into_result(project)
}
