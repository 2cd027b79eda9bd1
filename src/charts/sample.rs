//! Generated roadmaps of any size, for tests and benchmarks of the charts. Not part of a build.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config;
use crate::model::{Phase, Project, Roadmap, Source};
use crate::quarter::Quarter;

const NAMES: [&str; 8] = [
    "E-Akte",
    "Serviceportal und OZG-Umsetzung",
    "Open Data Plattform",
    "LoRaWAN",
    "Digitale Bauantragsverfahren für alle Bezirke",
    "Kollaborative Arbeitsformen",
    "WLAN",
    "Zentrales verwaltungsweites Datenmanagement mit Datenkatalog, Schnittstellen und Governance für alle Fachbereiche",
];

/// A roadmap with `projects` projects in three fields on the timeline `start`..`end` (YYYY-Qn).
/// Projects vary: long titles, short titles, milestones in, before and after the range or
/// none, open and undated phases, phases that start before the range.
pub fn roadmap(projects: usize, start: &str, end: &str, as_of: Option<&str>) -> Roadmap {
    let yaml = format!(
        "title: Beispiel\n{}timeline: {{start: {start}, end: {end}}}\nfields:\n  - {{key: verwaltung, title: Digitale Verwaltung, color: \"#1d5f9f\"}}\n  - {{key: smart-city, title: Smart City, color: \"#2e6b30\"}}\n  - {{key: netze, title: Digitale Infrastruktur und Netze}}\n",
        as_of.map(|a| format!("as_of: {a}\n")).unwrap_or_default()
    );
    let config = match config::parse(Path::new("."), Path::new("roadmap.yaml"), &yaml) {
        Ok(c) => c,
        Err(e) => panic!("sample configuration: {e}"),
    };
    let (s, e) = (config.start.index(), config.end.index());
    let len = e - s + 1;
    let q = |i: i64| Quarter::from_index(s + i);
    let mut list: Vec<Project> = (0..projects)
        .map(|i| {
            let n = i as i64;
            let k = (n * 5) % len;
            let title = format!("{} {}", NAMES[i % NAMES.len()], i + 1);
            let milestone = match i % 13 {
                11 => None,
                12 => Some(q(-3)),
                10 => Some(q(len + 2)),
                _ => Some(q((k + 2).min(len - 1))),
            };
            let schedule = match i % 4 {
                3 => vec![
                    phase("Konzeption", None, None, false),
                    phase("Umsetzung", None, None, false),
                ],
                _ => vec![
                    phase(
                        "Konzeption",
                        Some(q(k - if i % 9 == 0 { 6 } else { 0 })),
                        Some(q(k + 2)),
                        false,
                    ),
                    phase("Umsetzung", Some(q(k + 2)), Some(q(k + 7)), false),
                    phase("Betrieb", Some(q(k + 7)), None, true),
                ],
            };
            Project {
                slug: format!("projekt-{}", i + 1),
                title: title.clone(),
                short_title: (i % 5 == 1).then(|| format!("Kurz {}", i + 1)),
                programme: None,
                number: Some((i / 3 + 1) as f64),
                field: i % 3,
                category: None,
                goal: None,
                lead: vec!["10".into()],
                kpis: vec![],
                schedule,
                milestone,
                status: None,
                history: Vec::new(),
                phase: None,
                canvas: vec![],
                budget: vec![],
                draft: false,
                description: None,
                path: format!("projects/projekt-{}/", i + 1),
                body: Source::default(),
            }
        })
        .collect();
    list.sort_by(|a, b| {
        a.field
            .cmp(&b.field)
            .then(a.number.unwrap_or(0.0).total_cmp(&b.number.unwrap_or(0.0)))
    });
    Roadmap {
        config,
        intro: None,
        intro_title: None,
        projects_intro: None,
        pages: vec![],
        projects: list,
        nav: vec![],
        assets: vec![],
        site_assets: vec![],
        paths: BTreeMap::new(),
        unloaded: Default::default(),
        warnings: vec![],
    }
}

fn phase(name: &str, from: Option<Quarter>, to: Option<Quarter>, open: bool) -> Phase {
    Phase {
        name: name.into(),
        from,
        to: if open { None } else { to },
        open,
    }
}

/// The default theme for a generated roadmap (from themes/default, or the embedded copy).
pub fn theme(roadmap: &Roadmap) -> crate::theme::Theme {
    match crate::theme::load(&roadmap.config) {
        Ok(t) => t,
        Err(e) => panic!("default theme: {e}"),
    }
}
