//! `roadmap init` and `roadmap new`: starting points for editors, written so that the result
//! builds at once.

use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::error::{Error, Errors, Location};
use crate::model::{self, GENERATED};

const INIT_CONFIG: &str = r##"# The roadmap's configuration. The format is described in the README.
title: Roadmap Digitalisierung
subtitle: Projekte, Kennzahlen und Zeitplan
organisation: Stadt Musterstadt
# The address the site will be published at; needed for sitemap.xml. Remove the `#` and
# write your own address:
# base_url: https://www.musterstadt.example/roadmap/
as_of: {as_of}
language: de
projects_dir: projekte
timeline:
  start: {start}-Q1
  end: {end}-Q4
goals:
  - key: einfacher
    title: Musterstadt wird einfacher
fields:
  - key: digitale-verwaltung
    title: Digitale Verwaltung
    color: "#1d5f9f"
  - key: smart-city
    title: Smart City
    color: "#2e6b30"
categories:
  - key: A
    title: Kultur, Organisation & Strategie
  - key: B
    title: Verwaltungsweite Projekte und zentrale digitale Dienste
outline: [hintergrund, overview, projects, timeline, dashboard]
"##;

const INIT_INDEX: &str = "---\ntitle: Startseite\n---\nDiese Roadmap zeigt, mit welchen Projekten die Verwaltung digitaler wird.\n";

const INIT_PAGE: &str = "---\ntitle: Hintergrund\nweight: 10\ndescription: Warum es diese Roadmap gibt.\n---\nDer Rat hat die Verwaltung beauftragt, eine Roadmap für die Digitalisierung vorzulegen.\n\n## Ziele {#ziele}\n\nDie Projekte stehen unter [Projekte](projekte/beispielprojekt.md).\n";

/// Creates a new site in `root`: roadmap.yaml, a home introduction, a page and a project.
pub fn init(root: &Path, year: i32) -> Result<Vec<PathBuf>, Errors> {
    if root.join(CONFIG_FILE).exists() {
        return Err(Error::Usage {
            message: format!(
                "{} already has a {CONFIG_FILE}; refusing to overwrite it",
                root.display()
            ),
        }
        .into());
    }
    let config = INIT_CONFIG
        .replace("{as_of}", &format!("{year}-01"))
        .replace("{start}", &year.to_string())
        .replace("{end}", &(year + 4).to_string());
    let project = project_text("Beispielprojekt", "digitale-verwaltung", Some("A"), year);
    let files = [
        (CONFIG_FILE.to_string(), config),
        ("content/_index.md".into(), INIT_INDEX.to_string()),
        ("content/hintergrund.md".into(), INIT_PAGE.to_string()),
        ("content/projekte/beispielprojekt.md".into(), project),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = root.join(&rel);
        if path.exists() {
            return Err(Error::Usage {
                message: format!("{} exists already", path.display()),
            }
            .into());
        }
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

fn project_text(title: &str, field: &str, category: Option<&str>, year: i32) -> String {
    let category = category
        .map(|c| format!("category: {c}\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: {title}\nnumber: 1\nfield: {field}\n{category}lead: [\"10\"]\nkpis:\n  - Konzeption abgeschlossen\nschedule:\n  - phase: Konzeption\n    from: {year}-Q1\n    to: {year}-Q4\n  - phase: Umsetzung\n    from: {next}-Q1\n    to: open\nmilestone: {year}-Q4\ncanvas:\n  partners:\n    Intern: [Fachbereich 10]\n  value: [Was das Projekt den Nutzer*innen bringt]\n  users: [Bürger*innen]\n---\nWorum es in diesem Projekt geht, in wenigen Sätzen.\n",
        title = yaml_text(title),
        next = year + 1
    )
}

/// A title as a YAML scalar: quoted when plain YAML would misread it.
fn yaml_text(s: &str) -> String {
    let risky = s.is_empty()
        || s.contains(": ")
        || s.contains(" #")
        || s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace());
    if risky {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

/// What `roadmap new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Project,
    Page,
}

/// Creates `content/<projects_dir>/<slug>.md` or `content/<slug>.md` with its frontmatter.
pub fn new_file(
    root: &Path,
    kind: Kind,
    title: &str,
    field: Option<&str>,
    year: i32,
) -> Result<PathBuf, Errors> {
    let config = config::load(root)?;
    let slug = model::slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage {
            message: format!("`{title}` gives no usable file name; use letters or digits"),
        }
        .into());
    }
    if GENERATED.contains(&slug.as_str()) {
        return Err(Error::Usage {
            message: format!("`{slug}` is reserved for a generated part; choose another title"),
        }
        .into());
    }
    let (path, text) = match kind {
        Kind::Project => {
            let field = match field {
                Some(f) => {
                    if !config.fields.iter().any(|x| x.key == f) {
                        let keys: Vec<&str> =
                            config.fields.iter().map(|x| x.key.as_str()).collect();
                        return Err(Error::content_help(
                            Location::file(&config.file),
                            format!("unknown field `{f}`"),
                            crate::error::did_you_mean(f, &keys),
                        )
                        .into());
                    }
                    f.to_string()
                }
                None => config
                    .fields
                    .first()
                    .map(|f| f.key.clone())
                    .unwrap_or_default(),
            };
            let category = config.categories.first().map(|c| c.key.as_str());
            let year = year.clamp(config.start.year, config.end.year);
            let dir = root.join("content").join(&config.projects_dir);
            (
                dir.join(format!("{slug}.md")),
                project_text(title, &field, category, year),
            )
        }
        Kind::Page => (
            root.join("content").join(format!("{slug}.md")),
            format!(
                "---\ntitle: {}\nweight: 100\n---\nText der Seite.\n",
                yaml_text(title)
            ),
        ),
    };
    if path.exists() {
        return Err(Error::Usage {
            message: format!("{} exists already", path.display()),
        }
        .into());
    }
    write_new(&path, &text)?;
    Ok(path)
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// The current year, from the system clock (UTC).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    // Days since 1970 to a civil year (proleptic Gregorian).
    let days = (secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_then_new_then_build() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path(), 2026).unwrap();
        assert!(init(dir.path(), 2026).is_err(), "never overwrites");
        let p = new_file(
            dir.path(),
            Kind::Project,
            "Offene Daten: Portal",
            Some("smart-city"),
            2027,
        )
        .unwrap();
        assert!(p.ends_with("content/projekte/offene-daten-portal.md"));
        assert!(std::fs::read_to_string(&p)
            .unwrap()
            .contains("title: \"Offene Daten: Portal\""));
        new_file(dir.path(), Kind::Page, "Über uns", None, 2027).unwrap();
        assert!(new_file(dir.path(), Kind::Project, "X", Some("nope"), 2027).is_err());
        let out = dir.path().join("public");
        let opts = crate::site::BuildOptions {
            root: dir.path().into(),
            output: Some(out.clone()),
            ..Default::default()
        };
        let report = crate::site::build(&opts).unwrap_or_else(|e| panic!("{e}"));
        // The one warning of a new site: set base_url to get a sitemap.
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(report.warnings[0].contains("base_url"));
        assert!(out.join("projekte/offene-daten-portal/index.html").exists());
        assert!(out.join("ueber-uns/index.html").exists());
    }

    #[test]
    fn year_from_clock_is_plausible() {
        assert!(current_year() >= 2024);
    }
}
