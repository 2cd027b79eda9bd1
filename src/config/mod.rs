//! roadmap.yaml: the site configuration, read and validated into plain data.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{did_you_mean, Error, Errors, Location};

pub mod accessibility;
use crate::quarter::{Date, Quarter};
use crate::yaml::{self, loc, OrderedMap, Spanned, Text, TextList};
pub use accessibility::{Contact, RawContact};

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
    outline: Option<Vec<Spanned<String>>>,
    legal: Option<OrderedMap<String>>,
    data_licence: Option<String>,
    markdown: Option<RawMarkdown>,
    description: Option<String>,
    accessibility: Option<accessibility::RawAccessibility>,
    leichte_sprache: Option<String>,
    gebaerdensprache: Option<String>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    De,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::De => "de",
            Language::En => "en",
        }
    }
}

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
    pub outline: Option<Vec<OutlineEntry>>,
    pub legal: Vec<(String, String)>,
    pub data_licence: Option<String>,
    pub raw_html: RawHtml,
    /// The accessibility statement, when the site switches it on.
    pub accessibility: Option<accessibility::Accessibility>,
    /// Footer links to the site's pages in Leichte Sprache and in Gebärdensprache (page slug or URL).
    pub leichte_sprache: Option<String>,
    pub gebaerdensprache: Option<String>,
}

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
    let src = String::from_utf8(bytes).map_err(|e| {
        Error::content(
            Location::file(&file),
            format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        )
    })?;
    parse(root, &file, &src)
}

/// Validates the text of a roadmap.yaml.
pub fn parse(root: &Path, file: &Path, src: &str) -> Result<Config, Errors> {
    let raw: RawConfig = yaml::parse(src, file, 1)?;
    let mut errs = Errors::default();
    let at = |s: &Spanned<Text>| loc(file, 1, s);
    let at_s = |s: &Spanned<String>| loc(file, 1, s);

    let language = match raw.language.as_ref().map(|l| (l.value.as_str(), l)) {
        None | Some(("de", _)) => Language::De,
        Some(("en", _)) => Language::En,
        Some((other, l)) => {
            errs.push(Error::content_help(
                at_s(l),
                format!("unknown language `{other}`"),
                Some("expected `de` or `en`".into()),
            ));
            Language::De
        }
    };

    let as_of = raw
        .as_of
        .as_ref()
        .and_then(|s| match Date::parse(&s.value.0, true) {
            Ok(d) => Some(d),
            Err(m) => {
                errs.push(Error::content(at(s), m));
                None
            }
        });

    let quarter = |s: &Spanned<Text>, errs: &mut Errors| match Quarter::parse(&s.value.0) {
        Ok(q) => Some(q),
        Err(m) => {
            errs.push(Error::content(at(s), m));
            None
        }
    };
    let start = quarter(&raw.timeline.start, &mut errs);
    let end = quarter(&raw.timeline.end, &mut errs);
    if let (Some(s), Some(e)) = (start, end) {
        if s > e {
            errs.push(Error::content(
                at(&raw.timeline.end),
                format!("timeline.end {e} lies before timeline.start {s}"),
            ));
        } else if e.index() - s.index() >= 4 * 50 {
            errs.push(Error::content(
                at(&raw.timeline.end),
                "the timeline spans more than 50 years",
            ));
        }
    }

    let (base_url, base_path) = match &raw.base_url {
        None => (None, "/".to_string()),
        Some(u) => match base_path_of(&u.value) {
            Ok(p) => (Some(u.value.trim_end_matches('/').to_string() + "/"), p),
            Err(m) => {
                errs.push(Error::content(at_s(u), m));
                (None, "/".into())
            }
        },
    };

    let goals = entries(&raw.goals, "goals", file, &mut errs);
    let fields = entries(&raw.fields, "fields", file, &mut errs);
    if raw.fields.is_empty() {
        errs.push(Error::content_help(
            Location::file(file),
            "`fields` is empty",
            Some("list at least one Handlungsfeld: `fields: [{key: verwaltung, title: Digitale Verwaltung}]`".into()),
        ));
    }
    let categories = entries(&raw.categories, "categories", file, &mut errs);

    let projects_dir = match &raw.projects_dir {
        None => "projects".to_string(),
        Some(d) => {
            let ok = !d.value.is_empty()
                && d.value
                    .split('/')
                    .all(|seg| !seg.is_empty() && seg != ".." && seg != "." && is_slug(seg));
            if !ok {
                errs.push(Error::content_help(
                    at_s(d),
                    format!(
                        "projects_dir `{}` is not a folder name under content/",
                        d.value
                    ),
                    Some("use lower-case letters, digits and `-`, e.g. `projekte`".into()),
                ));
            }
            d.value.clone()
        }
    };

    let theme = match &raw.theme {
        None => "default".to_string(),
        Some(t)
            if is_slug(&t.value)
                || t.value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            t.value.clone()
        }
        Some(t) => {
            errs.push(Error::content(
                at_s(t),
                format!("theme `{}` is not a folder name under themes/", t.value),
            ));
            "default".into()
        }
    };

    let raw_html = match raw.markdown.as_ref().and_then(|m| m.raw_html.as_ref()) {
        None => RawHtml::Sanitize,
        Some(s) if s.value == "sanitize" => RawHtml::Sanitize,
        Some(s) if s.value == "allow" => RawHtml::Allow,
        Some(s) => {
            errs.push(Error::content_help(
                at_s(s),
                format!("markdown.raw_html `{}` is not known", s.value),
                did_you_mean(&s.value, &["sanitize", "allow"]),
            ));
            RawHtml::Sanitize
        }
    };

    let phases = raw
        .phases
        .clone()
        .unwrap_or_else(|| DEFAULT_PHASES.iter().map(|s| s.to_string()).collect());
    if phases.is_empty() {
        errs.push(Error::content(
            Location::file(file),
            "`phases` is empty: list the dashboard phases or leave the key out",
        ));
    }

    let accessibility = raw
        .accessibility
        .as_ref()
        .and_then(|a| accessibility::parse(a, file, &mut errs));

    let outline = raw.outline.as_ref().map(|o| {
        o.iter()
            .map(|s| OutlineEntry {
                slug: s.value.clone(),
                at: at_s(s),
            })
            .collect::<Vec<_>>()
    });

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
        outline,
        legal: raw
            .legal
            .map(|l| l.0.into_iter().map(|(k, v)| (k.value.0, v)).collect())
            .unwrap_or_default(),
        data_licence: raw.data_licence,
        raw_html,
        accessibility,
        leichte_sprache: raw.leichte_sprache,
        gebaerdensprache: raw.gebaerdensprache,
    };
    errs.into_result(config)
}

fn entries(raw: &[RawEntry], what: &str, file: &Path, errs: &mut Errors) -> Vec<Entry> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for e in raw {
        let key = e.key.value.0.as_str();
        let at = loc(file, 1, &e.key);
        if !is_key(key) {
            errs.push(Error::content_help(
                at.clone(),
                format!("{what} key `{key}` is not a valid key"),
                Some(
                    "keys are lower-case ASCII letters, digits and `-`, or a single capital letter"
                        .into(),
                ),
            ));
        }
        if seen.contains(&key) {
            errs.push(Error::content(
                at.clone(),
                format!("{what} key `{key}` is used twice"),
            ));
        }
        seen.push(key);
        if let Some(c) = &e.color {
            if !is_hex_color(&c.value) {
                errs.push(Error::content_help(
                    loc(file, 1, c),
                    format!("color `{}` is not a hex colour", c.value),
                    Some(
                        "write it as \"#1d5f9f\" (in quotes, since # starts a YAML comment)".into(),
                    ),
                ));
            }
        }
        out.push(Entry {
            key: key.to_string(),
            title: e.title.clone(),
            color: e.color.as_ref().map(|c| c.value.to_lowercase()),
            description: e.description.clone(),
        });
    }
    out
}

/// A file's slug: lower-case ASCII letters, digits and `-`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A key of goals, fields, categories: a slug or a single capital letter.
pub fn is_key(s: &str) -> bool {
    is_slug(s) || (s.len() == 1 && s.as_bytes()[0].is_ascii_uppercase())
}

pub fn is_hex_color(s: &str) -> bool {
    let Some(h) = s.strip_prefix('#') else {
        return false;
    };
    (h.len() == 6 || h.len() == 3) && h.bytes().all(|b| b.is_ascii_hexdigit())
}

/// "/" for `https://example.org`, "/roadmap/" for `https://example.org/roadmap`.
pub fn base_path_of(url: &str) -> Result<String, String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host"));
    }
    if path.contains(['?', '#']) {
        return Err(format!(
            "base_url `{url}` must not have a query or fragment"
        ));
    }
    let trimmed = path.trim_matches('/');
    Ok(if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    })
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
