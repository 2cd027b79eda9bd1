//! roadmap.yaml: the site configuration, read and validated into plain data.
//!
//! This file holds the configuration's types, its raw YAML shape and [`parse`], which checks
//! the keys one by one: the single settings in `settings`, goals, fields and categories in
//! `entries`, the accessibility statement in `accessibility`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Errors, Location};
use crate::quarter::{Date, Quarter};
use crate::yaml::{self, OrderedMap, Spanned, Text, TextList};

pub mod accessibility;
pub mod departments;
mod entries;
mod ratings;
mod settings;

pub use accessibility::{is_email, Contact, RawContact};
pub use entries::{is_hex_color, is_key};
pub use ratings::{default_ratings, RatingLevel, DEFAULT_RATINGS};
pub use settings::{base_path_of, parse_base_url, MAX_TIMELINE_YEARS};

/// The name of the configuration file at the top of a site.
pub const CONFIG_FILE: &str = "roadmap.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    subtitle: Option<String>,
    organisation: Option<String>,
    authors: Option<TextList>,
    as_of: Option<Spanned<Text>>,
    language: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    projects_dir: Option<Spanned<String>>,
    document: Option<RawDocument>,
    timeline: RawTimeline,
    #[serde(default)]
    goals: Vec<RawEntry>,
    fields: Vec<RawEntry>,
    #[serde(default)]
    categories: Vec<RawEntry>,
    phases: Option<Vec<String>>,
    ratings: Option<Vec<ratings::RawRating>>,
    currency: Option<Spanned<String>>,
    outline: Option<Vec<Spanned<String>>>,
    legal: Option<OrderedMap<Spanned<String>>>,
    data_licence: Option<String>,
    markdown: Option<RawMarkdown>,
    description: Option<String>,
    accessibility: Option<accessibility::RawAccessibility>,
    leichte_sprache: Option<Spanned<String>>,
    gebaerdensprache: Option<Spanned<String>>,
    departments: Option<OrderedMap<Spanned<String>>>,
    search: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    kind: Option<String>,
    reference: Option<String>,
    title: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimeline {
    start: Spanned<Text>,
    end: Spanned<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    key: Spanned<Text>,
    title: String,
    color: Option<Spanned<String>>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    raw_html: Option<Spanned<String>>,
}

/// The language of the site's generated texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    De,
    En,
}

impl Language {
    /// The language code (`de`, `en`), as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

/// What happens to HTML written in Markdown texts: sanitized (the default) or let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawHtml {
    Sanitize,
    Allow,
}

/// A goal, field or category.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub key: String,
    pub title: String,
    pub color: Option<String>,
    pub description: Option<String>,
}

/// The document the roadmap is: its kind, reference number and title.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Document {
    pub kind: Option<String>,
    pub reference: Option<String>,
    pub title: Option<String>,
}

/// An outline entry with where it was written, for error messages.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    pub slug: String,
    pub at: Location,
}

/// The validated configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub file: PathBuf,
    /// The text of roadmap.yaml, for the line of a link in one of its Markdown texts.
    pub source: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub organisation: Option<String>,
    pub authors: Vec<String>,
    pub as_of: Option<Date>,
    pub language: Language,
    pub base_url: Option<String>,
    /// The path under which the site is hosted, with leading and trailing slash ("/" at the root).
    pub base_path: String,
    pub theme: String,
    pub projects_dir: String,
    pub document: Option<Document>,
    pub start: Quarter,
    pub end: Quarter,
    pub goals: Vec<Entry>,
    pub fields: Vec<Entry>,
    pub categories: Vec<Entry>,
    pub phases: Vec<String>,
    /// The rating scale, best first (`DEFAULT_RATINGS` when roadmap.yaml sets none).
    pub ratings: Vec<RatingLevel>,
    /// The ISO 4217 code budgets are given in (`EUR` by default).
    pub currency: String,
    pub outline: Option<Vec<OutlineEntry>>,
    pub legal: Vec<(String, String)>,
    pub data_licence: Option<String>,
    pub raw_html: RawHtml,
    /// `search`: whether the build makes the search index, the search page and the header's
    /// search field (true unless roadmap.yaml says `search: false`).
    pub search: bool,
    /// The accessibility statement, when the site switches it on.
    pub accessibility: Option<accessibility::Accessibility>,
    /// Footer links to the site's pages in Leichte Sprache and in Gebärdensprache (page slug or URL).
    pub leichte_sprache: Option<String>,
    pub gebaerdensprache: Option<String>,
    /// Where each footer link's target (`legal`, `leichte_sprache`, `gebaerdensprache`) is
    /// written in roadmap.yaml, by target as written: for the errors of a link that leads
    /// nowhere.
    pub link_places: BTreeMap<String, Location>,
    /// The full names of departments, in the order written (roadmap.yaml's `departments`).
    pub departments: Vec<departments::DepartmentName>,
}

/// The dashboard phases when roadmap.yaml lists none.
pub const DEFAULT_PHASES: [&str; 4] = ["Konzeption", "Umsetzung", "Umgesetzt", "Evaluation"];

/// The nearest folder from `start` upwards (`start` included) that holds roadmap.yaml.
pub fn find_root(start: &Path) -> Option<std::path::PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

/// Reads `<root>/roadmap.yaml`.
pub fn load(root: &Path) -> Result<Config, Errors> {
    let file = root.join(CONFIG_FILE);
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::content_help(
                Location::file(&file),
                "the site configuration is missing",
                Some(format!(
                    "run `roadmap init {}` to create a site, or pass --root",
                    root.display()
                )),
            )
            .into())
        }
        Err(e) => return Err(Error::io(&file, e).into()),
    };
    let src = String::from_utf8(bytes).map_err(|e| Error::not_utf8(&file, &e))?;
    parse(root, &file, &src)
}

/// Validates the text of a roadmap.yaml.
pub fn parse(root: &Path, file: &Path, src: &str) -> Result<Config, Errors> {
    let raw: RawConfig = yaml::parse_all(src, file, 1)?;
    let mut errs = Errors::default();
    let language = settings::language(raw.language.as_ref(), file, &mut errs);
    let as_of = settings::as_of(raw.as_of.as_ref(), file, &mut errs);
    let (start, end) = settings::timeline(&raw.timeline, file, &mut errs);
    let (base_url, base_path) = settings::base_url(raw.base_url.as_ref(), file, &mut errs);
    let goals = entries::entries(&raw.goals, "goals", file, &mut errs);
    let fields = entries::fields(&raw.fields, file, &mut errs);
    let categories = entries::entries(&raw.categories, "categories", file, &mut errs);
    let projects_dir = settings::projects_dir(raw.projects_dir.as_ref(), file, &mut errs);
    let theme = settings::theme(raw.theme.as_ref(), file, &mut errs);
    let raw_html = settings::raw_html(raw.markdown.as_ref(), file, &mut errs);
    let phases = settings::phases(raw.phases.as_deref(), file, &mut errs);
    let ratings = ratings::ratings(raw.ratings.as_deref(), language, file, &mut errs);
    let currency = ratings::currency(raw.currency.as_ref(), file, &mut errs);
    if raw.title.trim().is_empty() {
        let line = src
            .lines()
            .position(|l| l.starts_with("title:"))
            .map_or(1, |i| i + 1);
        errs.push(Error::content_help(
            Location::at(file, line, 1),
            "`title` is empty",
            Some(
                "write the roadmap's title after `title: `: every page and the export show it"
                    .into(),
            ),
        ));
    }
    for (label, _) in raw.legal.iter().flat_map(|l| &l.0) {
        if label.value.0.trim().is_empty() {
            errs.push(Error::content_help(
                yaml::loc(file, 1, label),
                "a legal link has an empty label",
                Some("write the words the footer shows before the colon, e.g. `Impressum: impressum`".into()),
            ));
        }
    }
    let link_places: BTreeMap<String, Location> = raw
        .legal
        .iter()
        .flat_map(|l| l.0.iter().map(|(_, v)| v))
        .chain(raw.leichte_sprache.iter())
        .chain(raw.gebaerdensprache.iter())
        .map(|v| (v.value.clone(), yaml::loc(file, 1, v)))
        .collect();
    let accessibility = raw
        .accessibility
        .as_ref()
        .and_then(|a| accessibility::parse(a, file, &mut errs));
    let outline = settings::outline(raw.outline.as_deref(), file);
    let departments = departments::parse(raw.departments.as_ref(), file, &mut errs);

    let config = Config {
        root: root.to_path_buf(),
        file: file.to_path_buf(),
        source: src.to_string(),
        title: raw.title,
        subtitle: raw.subtitle,
        description: raw.description,
        organisation: raw.organisation,
        authors: raw.authors.map(|a| a.0).unwrap_or_default(),
        as_of,
        language,
        base_url,
        base_path,
        theme,
        projects_dir,
        document: raw.document.map(|d| Document {
            kind: d.kind,
            reference: d.reference,
            title: d.title,
        }),
        start: start.unwrap_or(Quarter { year: 2000, q: 1 }),
        end: end.unwrap_or(Quarter { year: 2000, q: 1 }),
        goals,
        fields,
        categories,
        phases,
        ratings,
        currency,
        outline,
        link_places,
        legal: raw
            .legal
            .map(|l| l.0.into_iter().map(|(k, v)| (k.value.0, v.value)).collect())
            .unwrap_or_default(),
        data_licence: raw.data_licence,
        raw_html,
        search: raw.search.unwrap_or(true),
        accessibility,
        leichte_sprache: raw.leichte_sprache.map(|s| s.value),
        gebaerdensprache: raw.gebaerdensprache.map(|s| s.value),
        departments,
    };
    for e in &mut errs.0 {
        place_at_key(e, src);
    }
    errs.sort_by_place();
    errs.into_result(config)
}

/// A fault of a whole key that has no line yet (`` `fields` is empty``,
/// `accessibility.enforcement needs …`): placed at the line of that key, found by the path
/// its message starts with.
fn place_at_key(e: &mut Error, src: &str) {
    let Error::Content { at, message, .. } = e else {
        return;
    };
    if at.line.is_some() {
        return;
    }
    let first = message.split_whitespace().next().unwrap_or_default();
    let path = first.trim_matches('`');
    if path.is_empty()
        || !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return;
    }
    // Each key of the path below the one before it (more indented, further down).
    let lines: Vec<&str> = src.lines().collect();
    let (mut from, mut indent, mut found) = (0usize, None::<usize>, None);
    for key in path.split('.') {
        let hit = lines.iter().enumerate().skip(from).find(|(_, l)| {
            let depth = l.len() - l.trim_start().len();
            indent.is_none_or(|i| depth > i) && l.trim_start().starts_with(&format!("{key}:"))
        });
        let Some((n, l)) = hit else {
            break;
        };
        (from, indent, found) = (n + 1, Some(l.len() - l.trim_start().len()), Some(n));
    }
    if let Some(n) = found {
        at.line = Some(n + 1);
        at.column = Some(1);
    }
}

/// A file's slug: lower-case ASCII letters, digits and `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path_of("https://example.org").unwrap(), "/");
        assert_eq!(
            base_path_of("https://example.org/roadmap").unwrap(),
            "/roadmap/"
        );
        assert_eq!(base_path_of("https://example.org/a/b/").unwrap(), "/a/b/");
        assert!(base_path_of("example.org").is_err());
        for (written, url, path) in [
            ("https://ex.org//r//", "https://ex.org/r/", "/r/"),
            ("https://ex.org/r/../s/", "https://ex.org/s/", "/s/"),
            ("https://ex.org/a b", "https://ex.org/a%20b/", "/a%20b/"),
            ("https://münchen.de", "https://xn--mnchen-3ya.de/", "/"),
            ("http://localhost:8080/x", "http://localhost:8080/x/", "/x/"),
        ] {
            assert_eq!(
                super::parse_base_url(written),
                Ok((url.to_string(), path.to_string())),
                "{written}"
            );
        }
        for bad in [
            "https://user:pw@ex.org/",
            "https://ex.org/?a=1",
            "https://ex.org/#x",
            "https://",
        ] {
            assert!(super::parse_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn minimal_config() {
        let c = parse(
            Path::new("."),
            Path::new("roadmap.yaml"),
            "title: T\ntimeline: {start: 2024-Q1, end: 2030-Q4}\nfields: [{key: a, title: A}]\n",
        )
        .unwrap();
        assert_eq!(c.projects_dir, "projects");
        assert_eq!(c.end, Quarter { year: 2030, q: 4 });
        assert_eq!(c.phases.len(), 4);
    }

    #[test]
    fn bad_quarter_has_line() {
        let e = parse(
            Path::new("."),
            Path::new("roadmap.yaml"),
            "title: T\ntimeline:\n  start: 2024-Q5\n  end: 2030-Q4\nfields: [{key: a, title: A}]\n",
        )
        .unwrap_err();
        let s = e.to_string();
        assert!(s.contains("roadmap.yaml:3:"), "{s}");
    }
}
