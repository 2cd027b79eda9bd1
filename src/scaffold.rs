//! `roadmap init` and `roadmap new`: starting points for editors, written so that the result
//! builds at once.

use std::path::{Path, PathBuf};

use crate::config::{self, CONFIG_FILE};
use crate::error::{Error, Errors};
use crate::model::{self, GENERATED};
use crate::quarter::Date;

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

const INIT_CONFIG_EN: &str = r##"# The roadmap's configuration. The format is described in the README.
title: Digital Roadmap
subtitle: Projects, indicators and schedule
organisation: City of Exampletown
# The address the site will be published at; needed for sitemap.xml. Remove the `#` and
# write your own address:
# base_url: https://www.exampletown.example/roadmap/
as_of: {as_of}
language: en
projects_dir: projects
timeline:
  start: {start}-Q1
  end: {end}-Q4
goals:
  - key: simpler
    title: Exampletown gets simpler
fields:
  - key: digital-services
    title: Digital services
    color: "#1d5f9f"
  - key: smart-city
    title: Smart city
    color: "#2e6b30"
categories:
  - key: A
    title: Culture, organisation and strategy
  - key: B
    title: Projects across the administration and central digital services
outline: [background, overview, projects, timeline, dashboard]
# The dashboard's phases, in order (left out, they are the German ones of the format).
phases: [Conception, Implementation, Implemented, Evaluation]
"##;

const INIT_INDEX_EN: &str = "---\ntitle: Home\n---\nThis roadmap shows the projects that make the administration more digital.\n";

const INIT_PAGE_EN: &str = "---\ntitle: Background\nweight: 10\ndescription: Why this roadmap exists.\n---\nThe council asked the administration for a roadmap of its digitalisation.\n\n## Goals {#goals}\n\nThe projects are listed under [Projects](projects/example-project.md).\n";

/// Creates a new site in `root`: roadmap.yaml (as of the month of `today`, its timeline from
/// `today`'s year), a home introduction, a page and a project, in `language`.
///
/// # Errors
/// A roadmap.yaml or one of the files exists already (exit status 2); a write fails.
pub fn init(root: &Path, today: Date, language: config::Language) -> Result<Vec<PathBuf>, Errors> {
    let year = today.year;
    if root.join(CONFIG_FILE).exists() {
        return Err(Error::Usage {
            message: format!(
                "{} already has a {CONFIG_FILE}; refusing to overwrite it",
                root.display()
            ),
        }
        .into());
    }
    let english = language == config::Language::En;
    let (template, index, (page, page_text), (project, title, field)) = if english {
        (
            INIT_CONFIG_EN,
            INIT_INDEX_EN,
            ("background", INIT_PAGE_EN),
            (
                "projects/example-project",
                "Example project",
                "digital-services",
            ),
        )
    } else {
        (
            INIT_CONFIG,
            INIT_INDEX,
            ("hintergrund", INIT_PAGE),
            (
                "projekte/beispielprojekt",
                "Beispielprojekt",
                "digitale-verwaltung",
            ),
        )
    };
    let text = template
        .replace("{as_of}", &format!("{year:04}-{:02}", today.month))
        .replace("{start}", &year.to_string())
        .replace("{end}", &(year + 4).to_string());
    // The project's placeholders in the site's language, from the theme, as `new` writes them.
    let config = config::parse(root, &root.join(CONFIG_FILE), &text)?;
    let words = Placeholders::of(&config)?;
    let project_file = project_text(&words, title, field, Some("A"), 1, year);
    let files = [
        (CONFIG_FILE.to_string(), text),
        ("content/_index.md".into(), index.to_string()),
        (format!("content/{page}.md"), page_text.to_string()),
        (format!("content/{project}.md"), project_file),
    ];
    // Every file checked before the first is written: a refused init leaves nothing behind.
    let taken: Vec<String> = files
        .iter()
        .map(|(rel, _)| root.join(rel))
        .filter(|path| path.exists())
        .map(|path| path.display().to_string())
        .collect();
    if !taken.is_empty() {
        return Err(Error::Usage {
            message: format!(
                "{} exist{} already; `roadmap init` wrote nothing\n  help: run it in an empty folder, or move {} aside first",
                taken.join(", "),
                if taken.len() == 1 { "s" } else { "" },
                if taken.len() == 1 { "that file" } else { "those files" }
            ),
        }
        .into());
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = root.join(&rel);
        write_new(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

/// The texts a new file is filled with, for the editor to replace: in the site's language (the
/// theme's `new_*` strings) and with the site's first two phases.
struct Placeholders {
    kpi: String,
    partner_group: String,
    partner: String,
    value: String,
    users: String,
    project_body: String,
    page_body: String,
    phases: [String; 2],
    /// The last year of the site's timeline: no date of a new project lies after it.
    last_year: i32,
}

impl Placeholders {
    /// For the site of `config`, from its theme.
    fn of(config: &config::Config) -> Result<Placeholders, Errors> {
        let theme = crate::theme::load(config)?;
        let phase = |i: usize| {
            let p = &config.phases;
            p.get(i).or(p.last()).cloned().unwrap_or_default()
        };
        Ok(Placeholders {
            kpi: theme.t("new_kpi"),
            partner_group: theme.t("new_partner_group"),
            partner: theme.t("new_partner"),
            value: theme.t("new_value"),
            users: theme.t("new_users"),
            project_body: theme.t("new_project_body"),
            page_body: theme.t("new_page_body"),
            phases: [phase(0), phase(1)],
            last_year: config.end.year,
        })
    }
}

fn project_text(
    words: &Placeholders,
    title: &str,
    field: &str,
    category: Option<&str>,
    number: u32,
    year: i32,
) -> String {
    let category = category
        .map(|c| format!("category: {c}\n"))
        .unwrap_or_default();
    let t = |s: &str| yaml_text(s);
    format!(
        "---\ntitle: {title}\nnumber: {number}\nfield: {field}\n{category}lead: [\"10\"]\nkpis:\n  - label: {kpi}\n    target: 1000\n    due: {next}-Q4\nschedule:\n  - phase: {p0}\n    from: {year}-Q1\n    to: {year}-Q4\n  - phase: {p1}\n    from: {next}-Q1\n    to: open\nmilestone: {year}-Q4\ncanvas:\n  partners:\n    {group}: [{partner}]\n  value: [{value}]\n  users: [{users}]\n---\n{body}\n",
        title = yaml_text(title),
        next = (year + 1).min(words.last_year.max(year)),
        kpi = t(&words.kpi),
        p0 = t(&words.phases[0]),
        p1 = t(&words.phases[1]),
        group = t(&words.partner_group),
        partner = t(&words.partner),
        value = t(&words.value),
        users = t(&words.users),
        body = words.project_body,
    )
}

/// A title as a YAML scalar: quoted (a JSON string, which YAML reads as a double-quoted
/// scalar) when plain YAML would misread it: syntax at its start or inside, a word YAML takes
/// for null or a truth value (`Null`, `yes`), a number, a control character or an end that a
/// plain scalar loses (`:`, a space).
fn yaml_text(s: &str) -> String {
    const WORDS: [&str; 12] = [
        "null", "~", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf",
    ];
    let risky = s.is_empty()
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with([':', ' '])
        || s.contains(char::is_control)
        || s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace())
        || WORDS.contains(&s.to_lowercase().as_str())
        || s.parse::<f64>().is_ok();
    if risky {
        serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
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

/// What `roadmap new` wrote.
#[derive(Debug, Clone)]
pub struct Created {
    pub path: PathBuf,
    /// The project's number in its field (the next free one), for a project.
    pub number: Option<u32>,
    /// The field key, for a project.
    pub field: Option<String>,
    /// Where the page will be on the site, relative to its root (`projekte/e-akte/`).
    pub url_path: String,
    /// The path the site is served under (`/`, or the path of `base_url`: `/digital/`), which
    /// `roadmap serve` keeps.
    pub base_path: String,
}

/// The next free `number` in `field` among the project files under `dir`: one more than the
/// highest (files that do not parse are passed over).
fn next_number(root: &Path, projects_dir: &str, field: &str) -> u32 {
    let (tree, _) = crate::content::scan(&root.join("content"), root);
    let prefix = format!("{projects_dir}/");
    let highest = tree
        .files
        .iter()
        .filter(|f| f.rel.starts_with(&prefix))
        .filter_map(|f| crate::content::parse_project(f).ok())
        .filter(|p| p.field.value.0 == field)
        .filter_map(|p| p.number.map(|n| n.value))
        .fold(0.0_f64, f64::max);
    highest.floor() as u32 + 1
}

/// Creates `content/<projects_dir>/<slug>.md` or `content/<slug>.md` with its frontmatter; a
/// project gets the next free number of its field and a timeline starting in `year` (within
/// the site's timeline).
///
/// # Errors
/// No roadmap.yaml, an unknown field (with a suggestion), a title that gives no file name or a
/// reserved one, a file that exists already.
pub fn new_file(
    root: &Path,
    kind: Kind,
    title: &str,
    field: Option<&str>,
    year: i32,
) -> Result<Created, Errors> {
    let config = config::load(root)?;
    let words = Placeholders::of(&config)?;
    // A title is one line: line breaks and tabs (pasted text) become spaces.
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title.as_str();
    let slug = short_slug(&model::slugify(title));
    if slug.is_empty() {
        return Err(Error::Usage {
            message: format!("`{title}` gives no usable file name; use letters or digits"),
        }
        .into());
    }
    let taken = kind == Kind::Page && model::reserved_paths(&config).contains(&format!("{slug}/"));
    if GENERATED.contains(&slug.as_str()) || taken {
        return Err(Error::Usage {
            message: format!(
                "`{slug}` is reserved for a generated part of the site (its address `{slug}/`); choose another title"
            ),
        }
        .into());
    }
    let (created, text) = match kind {
        Kind::Project => {
            let field = match field {
                Some(f) => {
                    if !config.fields.iter().any(|x| x.key == f) {
                        let keys: Vec<&str> =
                            config.fields.iter().map(|x| x.key.as_str()).collect();
                        // A fault of the command line (exit status 2), not of roadmap.yaml.
                        let hint = crate::error::did_you_mean(f, &keys).unwrap_or_default();
                        return Err(Error::Usage {
                            message: format!(
                                "--field {f}: roadmap.yaml has no field (Handlungsfeld) `{f}`; {hint}"
                            ),
                        }
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
            // The project's dates run from `year` into the next year: both inside the timeline
            // where it spans two years or more.
            let last = (config.end.year - 1).max(config.start.year);
            let year = year.clamp(config.start.year, last);
            let dir = root.join("content").join(&config.projects_dir);
            let number = next_number(root, &config.projects_dir, &field);
            let text = project_text(&words, title, &field, category, number, year);
            let created = Created {
                path: dir.join(format!("{slug}.md")),
                number: Some(number),
                field: Some(field),
                url_path: format!("{}/{slug}/", config.projects_dir),
                base_path: config.base_path.clone(),
            };
            (created, text)
        }
        Kind::Page => (
            Created {
                path: root.join("content").join(format!("{slug}.md")),
                number: None,
                field: None,
                url_path: format!("{slug}/"),
                base_path: config.base_path.clone(),
            },
            format!(
                "---\ntitle: {}\nweight: 100\n---\n{}\n",
                yaml_text(title),
                words.page_body
            ),
        ),
    };
    let path = &created.path;
    if path.exists() {
        return Err(Error::Usage {
            message: format!("{} exists already", path.display()),
        }
        .into());
    }
    write_new(path, &text)?;
    Ok(created)
}

fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// The longest file name `new` makes, in bytes (without `.md`): a whole title as a name can
/// pass what a file system takes (255 bytes), and an address of that length helps no reader.
const SLUG_MAX: usize = 80;

/// `slug` cut to [`SLUG_MAX`] bytes at its last `-` within them (whole words), else at the
/// limit.
fn short_slug(slug: &str) -> String {
    if slug.len() <= SLUG_MAX {
        return slug.to_string();
    }
    let cut = &slug[..SLUG_MAX];
    cut.rfind('-')
        .filter(|&i| i > 0)
        .map_or(cut, |i| &cut[..i])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_then_new_then_build() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date {
            year: 2026,
            month: 3,
            day: Some(9),
        };
        init(dir.path(), today, config::Language::De).unwrap();
        assert!(
            init(dir.path(), today, config::Language::De).is_err(),
            "never overwrites"
        );
        let config = std::fs::read_to_string(dir.path().join(CONFIG_FILE)).unwrap();
        assert!(config.contains("as_of: 2026-03"), "{config}");
        let p = new_file(
            dir.path(),
            Kind::Project,
            "Offene Daten: Portal",
            Some("smart-city"),
            2027,
        )
        .unwrap();
        assert_eq!(p.number, Some(1), "the first project of smart-city");
        let p = p.path;
        assert!(p.ends_with("content/projekte/offene-daten-portal.md"));
        assert!(std::fs::read_to_string(&p)
            .unwrap()
            .contains("title: \"Offene Daten: Portal\""));
        new_file(dir.path(), Kind::Page, "Über uns", None, 2027).unwrap();
        assert!(new_file(dir.path(), Kind::Project, "X", Some("nope"), 2027).is_err());
        // Titles that plain YAML would read as null, a truth value or a number, or lose a part
        // of, are quoted; a pasted line break becomes a space. The build below reads them all.
        for (title, line) in [
            ("Null", "title: \"Null\"\n"),
            ("Yes", "title: \"Yes\"\n"),
            ("2024", "title: \"2024\"\n"),
            ("Kosten:", "title: \"Kosten:\"\n"),
            ("Zeile eins\nZeile zwei", "title: Zeile eins Zeile zwei\n"),
        ] {
            let p = new_file(dir.path(), Kind::Project, title, Some("smart-city"), 2027)
                .unwrap_or_else(|e| panic!("{title}: {e}"));
            let text = std::fs::read_to_string(&p.path).unwrap();
            assert!(text.contains(line), "{text}");
        }
        let out = dir.path().join("public");
        let opts = crate::site::BuildOptions {
            root: dir.path().into(),
            output: Some(out.clone()),
            ..Default::default()
        };
        let report = crate::site::build(&opts).unwrap_or_else(|e| panic!("{e}"));
        // The one warning of a new site: set base_url to get a sitemap.
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(report.warnings[0].to_string().contains("base_url"));
        assert!(out.join("projekte/offene-daten-portal/index.html").exists());
        assert!(out.join("ueber-uns/index.html").exists());
    }

    /// A folder with a file that init would write: refused, and nothing written.
    #[test]
    fn a_refused_init_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/hintergrund.md"), "MEIN TEXT").unwrap();
        let today = Date {
            year: 2026,
            month: 3,
            day: Some(9),
        };
        let e = init(dir.path(), today, config::Language::De)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("hintergrund.md exists already") && e.contains("wrote nothing"),
            "{e}"
        );
        assert!(!dir.path().join(CONFIG_FILE).exists());
        assert!(!dir.path().join("content/_index.md").exists());
        let mine = std::fs::read_to_string(dir.path().join("content/hintergrund.md")).unwrap();
        assert_eq!(mine, "MEIN TEXT");
    }

    /// An English site: its roadmap.yaml, pages and project in English, and `new` fills a
    /// project with English placeholders and the site's own phases; it builds as it is.
    #[test]
    fn an_english_site_is_english_from_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let today = Date {
            year: 2026,
            month: 3,
            day: None,
        };
        init(dir.path(), today, config::Language::En).unwrap();
        let config = std::fs::read_to_string(dir.path().join(CONFIG_FILE)).unwrap();
        assert!(config.contains("language: en") && config.contains("projects_dir: projects"));
        let example = dir.path().join("content/projects/example-project.md");
        let text = std::fs::read_to_string(example).unwrap();
        for english in ["Users of the new service", "phase: Conception", "Residents"] {
            assert!(text.contains(english), "{english} in {text}");
        }
        let p = new_file(dir.path(), Kind::Project, "Open data", None, 2026).unwrap();
        let text = std::fs::read_to_string(p.path).unwrap();
        assert!(text.contains("phase: Implementation"), "{text}");
        assert!(text.contains("What this project is about"), "{text}");
        let page = new_file(dir.path(), Kind::Page, "About", None, 2026).unwrap();
        assert!(std::fs::read_to_string(page.path)
            .unwrap()
            .contains("The page's text."));
        for german in ["Nutzer", "Konzeption", "Fachbereich", "Bürger", "Worum"] {
            let all: String = [
                "content/projects/example-project.md",
                "content/projects/open-data.md",
                "content/background.md",
                "content/_index.md",
            ]
            .iter()
            .map(|f| std::fs::read_to_string(dir.path().join(f)).unwrap())
            .collect();
            assert!(!all.contains(german), "{german}");
        }
        let opts = crate::site::BuildOptions {
            root: dir.path().into(),
            output: Some(dir.path().join("public")),
            ..Default::default()
        };
        crate::site::build(&opts).unwrap_or_else(|e| panic!("{e}"));
        assert!(dir
            .path()
            .join("public/projects/open-data/index.html")
            .exists());
    }
}
