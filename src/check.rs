//! `roadmap check`: loads and renders a site in memory, writes nothing, and reports every error
//! and warning — the build's own, and those only an editor needs: pages no visitor can reach,
//! projects with the same title or number, old or future status dates, KPIs without a target,
//! projects without a milestone, an outdated accessibility assessment.

use std::collections::{BTreeMap, HashSet};

use crate::config::accessibility;
use crate::error::{Errors, Location, Warning};
use crate::model::Roadmap;
use crate::outfile::OutFile;
use crate::quarter::Date;
use crate::report::{self, CheckJson};
use crate::site::{self, BuildOptions};

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Pages rendered.
    pub pages: usize,
    pub warnings: Vec<Warning>,
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Lines for people, with the source line and a caret.
    #[default]
    Text,
    /// One JSON object for pipelines (see the README).
    Json,
}

/// Loads and renders the site under `opts.root`; warnings are judged against `today`.
///
/// # Errors
/// Every error a build of the site would report.
pub fn check(opts: &BuildOptions, today: Date) -> Result<Report, Errors> {
    let roadmap = site::load(opts)?;
    let (files, pages) = site::render(&roadmap)?;
    let mut warnings = roadmap.warnings.clone();
    if let Some(a) = &roadmap.config.accessibility {
        warnings.extend(accessibility::warnings(a, &roadmap.config.file, today));
    }
    warnings.extend(unreachable_pages(&roadmap, &files));
    warnings.extend(project_warnings(&roadmap, today));
    warnings.extend(as_of_ahead(&roadmap, today));
    Ok(Report { pages, warnings })
}

/// A warning when roadmap.yaml's `as_of` lies after this month: the phases derived from the
/// schedules, and the dashboard's "due" and "overdue", are those of that later date.
fn as_of_ahead(roadmap: &Roadmap, today: Date) -> Option<Warning> {
    let as_of = roadmap.config.as_of?;
    ((as_of.year, as_of.month) > (today.year, today.month)).then(|| {
        let line = std::fs::read_to_string(&roadmap.config.file)
            .ok()
            .and_then(|t| t.lines().position(|l| l.starts_with("as_of:")))
            .map_or(1, |i| i + 1);
        Warning::at(
            "as-of-future",
            Location::at(&roadmap.config.file, line, 1),
            format!("as_of {as_of} lies in the future (today is {today}): the phases derived from the schedules are those of that date"),
        )
        .help("set `as_of` to the month the roadmap's figures describe")
    })
}

/// Prose pages that no other page links to (not in `outline`, not linked from any text).
fn unreachable_pages(roadmap: &Roadmap, files: &[OutFile]) -> Vec<Warning> {
    let base = &roadmap.config.base_path;
    let mut linked: HashSet<String> = HashSet::new();
    for f in files.iter().filter(|f| f.path.ends_with(".html")) {
        let own = format!("{base}{}", f.path.trim_end_matches("index.html"));
        let html = String::from_utf8_lossy(&f.bytes);
        for href in crate::markdown::page_links(&html) {
            let href = href.split('#').next().unwrap_or(&href);
            if href != own {
                linked.insert(href.to_string());
            }
        }
    }
    roadmap
        .pages
        .iter()
        .filter(|p| !linked.contains(&format!("{base}{}", p.path)))
        .map(|p| {
            Warning::at(
                "unreachable-page",
                Location::file(&p.body.at.file),
                format!("no visitor can reach the page `{}`: it is not in `outline` and no page links to it", p.slug),
            )
            .help(format!(
                "add `{}` to `outline` in roadmap.yaml, or link to it from another page: [{}]({})",
                p.slug, p.title, p.body.rel
            ))
        })
        .collect()
}

/// Same titles, same numbers in a field, status dates, KPIs without target, no milestone.
fn project_warnings(roadmap: &Roadmap, today: Date) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut titles: BTreeMap<String, &str> = BTreeMap::new();
    let mut numbers: BTreeMap<(usize, String), &str> = BTreeMap::new();
    let now = (today.year, today.month);
    for p in &roadmap.projects {
        let file = Location::file(&p.body.at.file);
        let rel = p.body.rel.as_str();
        if let Some(first) = titles.insert(p.title.to_lowercase(), rel) {
            out.push(
                Warning::at(
                    "duplicate-title",
                    file.clone(),
                    format!("`{}` has the same title as content/{first}", p.title),
                )
                .help("give one of them a title of its own; readers tell projects apart by title"),
            );
        }
        if let Some(n) = p.number {
            if let Some(first) = numbers.insert((p.field, n.to_string()), rel) {
                out.push(
                    Warning::at(
                        "duplicate-number",
                        file.clone(),
                        format!(
                            "number {n} is taken in the field `{}` by content/{first}",
                            roadmap.field(p).key
                        ),
                    )
                    .help("numbers order the projects of a field: give each its own"),
                );
            }
        }
        let dated = p
            .status
            .as_ref()
            .and_then(|s| s.updated.as_ref().map(|u| (s, u)));
        if let Some((status, updated)) = dated {
            let file = &match status.updated_place {
                Some((line, column)) => Location::at(&file.file, line, column),
                None => file.clone(),
            };
            let when = (updated.year, updated.month);
            if when > now {
                out.push(Warning::at(
                    "status-date",
                    file.clone(),
                    format!("status.updated {updated} lies in the future (today is {today})"),
                ));
            } else if (when.0 + 1, when.1) < now {
                out.push(
                    Warning::at(
                        "status-date",
                        file.clone(),
                        format!(
                            "status.updated {updated} is more than a year old (today is {today})"
                        ),
                    )
                    .help("report the project's status again, or remove the outdated status"),
                );
            }
        }
        for k in p.kpis.iter().filter(|k| k.target.is_none()) {
            let at = match k.place {
                Some((line, column)) => Location::at(&file.file, line, column),
                None => file.clone(),
            };
            out.push(
                Warning::at(
                    "kpi-without-target",
                    at,
                    format!("the KPI `{}` has no target", k.label),
                )
                .help("write it as `{label: …, target: 100, due: 2025-Q4}` so progress can be measured"),
            );
        }
        if p.milestone.is_none() {
            out.push(
                Warning::at("no-milestone", file.clone(), "the project has no milestone").help(
                    "add `milestone: YYYY-Qn`, the quarter the concept is done and delivery starts",
                ),
            );
        }
    }
    out
}

/// Runs the check, prints what it found in `format`, and returns the exit status: 0, or 1 on
/// errors (with `strict`, also on warnings), 2 for usage errors.
pub fn run(opts: &BuildOptions, strict: bool, format: Format) -> i32 {
    let result = check(opts, crate::quarter::today());
    let (errors, warnings, pages) = match &result {
        Ok(r) => (None, r.warnings.as_slice(), r.pages),
        Err(e) => (Some(e), &[][..], 0),
    };
    let diagnostics = report::collect(errors, warnings, strict);
    let n_errors = diagnostics
        .iter()
        .filter(|d| d.severity == report::Severity::Error)
        .count();
    let code = match errors {
        Some(e) => e.exit_code(),
        None if n_errors > 0 => 1,
        None => 0,
    };
    match format {
        Format::Json => {
            let out = CheckJson {
                version: 1,
                root: opts.root.to_string_lossy().into_owned(),
                ok: n_errors == 0,
                errors: n_errors,
                warnings: diagnostics.len() - n_errors,
                pages,
                diagnostics,
            };
            match serde_json::to_string_pretty(&out) {
                Ok(json) => crate::out!("{json}"),
                Err(e) => crate::say!("error: {e}"),
            }
        }
        Format::Text => {
            for d in &diagnostics {
                report::eprint_styled(&d.to_text());
            }
            let summary = format!(
                "{}, {}",
                report::count(n_errors, "error", "errors"),
                report::count(diagnostics.len() - n_errors, "warning", "warnings")
            );
            match errors {
                Some(_) => report::eprint_styled(&summary),
                None => report::eprint_styled(&format!(
                    "Checked {}: {}",
                    report::count(pages, "page", "pages"),
                    if n_errors == 0 && diagnostics.is_empty() {
                        "no errors, 0 warnings".to_string()
                    } else if n_errors == 0 {
                        format!(
                            "no errors, {}",
                            report::count(diagnostics.len(), "warning", "warnings")
                        )
                    } else {
                        summary
                    }
                )),
            }
        }
    }
    code
}
