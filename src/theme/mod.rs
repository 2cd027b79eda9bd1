//! Themes: templates, static files and the i18n strings every UI word comes from. The default
//! theme is compiled into the binary so that any folder with roadmap.yaml and content/ builds;
//! a site's `themes/<name>/` and `templates/` override it file by file.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Error, Errors, Location};
use crate::yaml;

pub mod section_ids;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../themes/default/", $path)) as &[u8])),*]
    };
}

/// The files of themes/default, as compiled in.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/home.html",
    "templates/project.html",
    "templates/projects.html",
    "templates/field.html",
    "templates/category.html",
    "templates/page.html",
    "templates/overview.html",
    "templates/timeline.html",
    "templates/dashboard.html",
    "templates/404.html",
    "templates/accessibility.html",
    "templates/data.html",
    "templates/departments.html",
    "templates/department.html",
    "templates/search.html",
    "templates/export.html",
    "templates/export-base.html",
    "templates/partials/matrix.html",
    "templates/partials/matrix-items.html",
    "templates/partials/card.html",
    "templates/partials/schedule.html",
    "templates/partials/canvas.html",
    "templates/partials/contact.html",
    "templates/partials/rating.html",
    "templates/partials/phase.html",
    "templates/partials/kpi-chart.html",
    "templates/partials/table-tools.html",
    "templates/partials/row-data.html",
    "static/style.css",
    "static/print.css",
    "static/copy.js",
    "static/dashboard.js",
    "static/search.js",
    "static/table-tools.js",
    "static/favicon.svg",
    "static/export.css",
    "i18n/de.yaml",
    "i18n/en.yaml",
    "chart.yaml",
    "typst/roadmap.typ",
];

/// Static files of the theme that only `roadmap export` uses (it inlines them); a build does not
/// publish them.
pub const EXPORT_ONLY: &[&str] = &["export.css"];

/// Whether the static file `rel` (a path under static/) is one of [`EXPORT_ONLY`].
pub fn export_only(rel: &str) -> bool {
    EXPORT_ONLY.contains(&rel)
}

/// Static files of the theme that only the search page uses: not published by a site
/// without search (`search: false`).
pub const SEARCH_ONLY: &[&str] = &["search.js"];

/// The attribute by which a theme marks the part of a page that the search index takes
/// (Pagefind's `data-pagefind-body`; a theme that marks nothing has every page indexed whole).
pub const SEARCH_MARK: &str = "data-pagefind-body";

/// Whether a template's `source` has [`SEARCH_MARK`] outside its comments (`{# … #}`: a
/// mark only mentioned there marks nothing).
pub fn has_search_mark(source: &str) -> bool {
    let mut rest = source;
    loop {
        let (text, after) = match rest.split_once("{#") {
            Some((text, after)) => (text, Some(after)),
            None => (rest, None),
        };
        if text.contains(SEARCH_MARK) {
            return true;
        }
        match after.and_then(|a| a.split_once("#}")) {
            Some((_, next)) => rest = next,
            None => return false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name templates use for it ("base.html", "partials/card.html").
    pub name: String,
    pub source: String,
    /// Where it came from, for error messages.
    pub path: PathBuf,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: Vec<TemplateFile>,
    /// (path under static/, bytes)
    pub statics: Vec<(String, Vec<u8>)>,
    /// UI strings of the site's language; `months` is a list.
    pub i18n: BTreeMap<String, serde_json::Value>,
    /// Colours of the charts (chart.yaml).
    pub chart: Palette,
}

impl Theme {
    /// A UI string (the key itself when missing, which `check` reports).
    pub fn t(&self, key: &str) -> String {
        self.i18n
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or(key)
            .to_string()
    }

    /// The words of a level of the rating scale: its label from roadmap.yaml, else the
    /// theme's `rating_<key>` (a `-` in the key read as `_`: `rating_amber_green`), else the key.
    pub fn rating_label(&self, level: &crate::config::RatingLevel) -> String {
        level.label.clone().unwrap_or_else(|| {
            self.i18n
                .get(&format!("rating_{}", level.key.replace('-', "_")))
                .and_then(|v| v.as_str())
                .map_or_else(|| level.key.clone(), str::to_string)
        })
    }

    pub fn months(&self) -> Vec<String> {
        self.i18n
            .get("months")
            .and_then(|m| m.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Files of a theme folder on disk, or of the embedded default.
fn theme_files(config: &Config) -> Result<BTreeMap<String, (Vec<u8>, PathBuf)>, Errors> {
    let mut files = BTreeMap::new();
    let embedded_root = PathBuf::from("themes/default");
    for (rel, bytes) in DEFAULT_THEME {
        files.insert(rel.to_string(), (bytes.to_vec(), embedded_root.join(rel)));
    }
    let dir = config.root.join("themes").join(&config.theme);
    if dir.is_dir() {
        if config.theme != "default" {
            // A named theme stands on its own, falling back to the default only for files it lacks.
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Error::io(&dir, std::io::Error::other(e.to_string())))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            let rel = rel.join("/");
            if leftover(&rel) {
                continue;
            }
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            files.insert(rel, (bytes, entry.path().to_path_buf()));
        }
    } else if config.theme != "default" {
        return Err(Error::content_help(
            Location::file(&config.file),
            format!(
                "theme `{}` not found: there is no folder {}",
                config.theme,
                dir.display()
            ),
            Some("leave `theme` out to use the built-in default theme".into()),
        )
        .into());
    }
    Ok(files)
}

pub fn load(config: &Config) -> Result<Theme, Errors> {
    let files = theme_files(config)?;
    let mut errs = Errors::default();
    let mut templates: BTreeMap<String, TemplateFile> = BTreeMap::new();
    let mut statics = Vec::new();
    let mut i18n = BTreeMap::new();
    let mut chart = Palette::default();
    let lang_file = format!("i18n/{}.yaml", config.language.code());
    for (rel, (bytes, path)) in &files {
        if let Some(name) = rel.strip_prefix("templates/") {
            match String::from_utf8(bytes.clone()) {
                Ok(source) => {
                    templates.insert(name.to_string(), template(name, source, path));
                }
                Err(_) => errs.push(Error::content(
                    Location::file(path),
                    "template is not valid UTF-8",
                )),
            }
        } else if let Some(name) = rel.strip_prefix("static/") {
            statics.push((name.to_string(), bytes.clone()));
        } else if rel == "chart.yaml" {
            if let Some(p) = palette(bytes, path, &mut errs) {
                chart = p;
            }
        } else if *rel == lang_file {
            match utf8(bytes, path).and_then(|src| yaml::parse(src, path, 1)) {
                Ok(map) => i18n = with_default_words(&lang_file, bytes, map),
                Err(e) => errs.push(e),
            }
        }
    }
    overrides(config, &mut templates, &mut errs);
    if !i18n.is_empty() {
        site_strings(config, &lang_file, &mut i18n, &mut errs);
        // A fault of a section's id comes from the site's word list or a theme's.
        let own = config.root.join(&lang_file);
        let words = match files.get(&lang_file) {
            Some((_, theirs)) if !own.is_file() => theirs.clone(),
            _ => own,
        };
        section_ids::check(&i18n, &Location::file(&words), &mut errs);
    }
    if i18n.is_empty() {
        errs.push(Error::content(
            Location::file(
                config
                    .root
                    .join("themes")
                    .join(&config.theme)
                    .join(&lang_file),
            ),
            format!(
                "the theme has no strings for language `{}`",
                config.language.code()
            ),
        ));
    }
    let theme = Theme {
        templates: templates.into_values().collect(),
        statics,
        i18n,
        chart,
    };
    errs.into_result(theme)
}

fn template(name: &str, source: String, path: &Path) -> TemplateFile {
    TemplateFile {
        name: name.to_string(),
        source,
        path: path.to_path_buf(),
    }
}

fn utf8<'a>(bytes: &'a [u8], path: &Path) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|_| Error::content(Location::file(path), "not valid UTF-8"))
}

/// The theme's `chart.yaml`; a colour that is not hex is an error.
fn palette(bytes: &[u8], path: &Path, errs: &mut Errors) -> Option<Palette> {
    let p = match utf8(bytes, path).and_then(|src| yaml::parse::<Palette>(src, path, 1)) {
        Ok(p) => p,
        Err(e) => {
            errs.push(e);
            return None;
        }
    };
    for (key, value) in p.invalid() {
        errs.push(Error::content_help(
            Location::file(path),
            format!("chart colour `{key}: {value}` is not a hex colour"),
            Some("write it as \"#1d4f91\" (in quotes)".into()),
        ));
    }
    Some(p)
}

/// A site's templates/ overrides the theme by file name.
/// Whether a file of a theme or of the site's templates/ is not part of it: hidden (a
/// folder or file starting with `.`, such as vim's `.page.html.swp`) or an editor's backup or
/// lock (`page.html~`, Emacs' `#page.html#`).
fn leftover(rel: &str) -> bool {
    rel.split('/')
        .any(|s| s.starts_with('.') || s.starts_with('#') || s.ends_with('~'))
}

fn overrides(config: &Config, templates: &mut BTreeMap<String, TemplateFile>, errs: &mut Errors) {
    let dir = config.root.join("templates");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errs.push(Error::io(&dir, std::io::Error::other(e.to_string())));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = name.join("/");
        if leftover(&name) {
            continue;
        }
        match std::fs::read_to_string(entry.path()) {
            Ok(source) => {
                templates.insert(name.clone(), template(&name, source, entry.path()));
            }
            Err(e) => errs.push(Error::io(entry.path(), e)),
        }
    }
}

/// The site's own words over the theme's: `i18n/<language>.yaml` in the site folder (as in
/// Hugo), a map of the theme's keys to texts (`goal: Landesziel` on a state's site, where the
/// theme says "Stadtziel"). A key the theme does not have is an error with the nearest key
/// (a misspelt key would change nothing without a word); so is a text where the theme has a
/// list or map, or the other way round.
fn site_strings(
    config: &Config,
    lang_file: &str,
    i18n: &mut BTreeMap<String, serde_json::Value>,
    errs: &mut Errors,
) {
    misnamed_strings(config, errs);
    let path = config.root.join(lang_file);
    let Ok(bytes) = std::fs::read(&path) else {
        return;
    };
    let src = match utf8(&bytes, &path) {
        Ok(src) => src,
        Err(e) => return errs.push(e),
    };
    let own: BTreeMap<String, serde_json::Value> = match yaml::parse(src, &path, 1) {
        Ok(map) => map,
        Err(e) => return errs.push(e),
    };
    // The line of a key, for messages (keys stand at the start of their lines).
    let at = |key: &str| {
        let line = src
            .lines()
            .position(|l| {
                let l = l.trim_start_matches(['"', '\'']);
                l.starts_with(key)
                    && l[key.len()..]
                        .trim_start_matches(['"', '\''])
                        .starts_with(':')
            })
            .map_or(1, |i| i + 1);
        Location::at(&path, line, 1)
    };
    let keys: Vec<&str> = i18n.keys().map(String::as_str).collect();
    let mut faults = Vec::new();
    for (key, value) in &own {
        match i18n.get(key) {
            None => faults.push(Error::content_help(
                at(key),
                format!("the theme has no text `{key}` to replace"),
                Some(match crate::error::suggest(key, keys.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "the keys are those of the theme's i18n/{}",
                        lang_file.trim_start_matches("i18n/")
                    ),
                }),
            )),
            Some(theirs) if theirs.is_string() != value.is_string() => faults.push(Error::content(
                at(key),
                format!(
                    "`{key}` is {} in the theme: write it the same way",
                    if theirs.is_string() {
                        "a text"
                    } else {
                        "a list or map"
                    }
                ),
            )),
            Some(_) if value.as_str().is_some_and(|v| v.trim().is_empty()) => {
                faults.push(Error::content_help(
                    at(key),
                    format!("`{key}` is empty: the theme's word would vanish from every page"),
                    Some("write the word to show, or remove the line to keep the theme's".into()),
                ))
            }
            Some(_) => {}
        }
    }
    if faults.is_empty() {
        i18n.extend(own);
    } else {
        errs.0.extend(faults);
    }
}

/// A theme's words `own` for `lang_file` over the default theme's: a theme's word list may
/// hold only the words it changes or adds, as a theme may leave out the files it does not
/// change (a word missing would otherwise stop the build with a template error).
/// `own_bytes` are the file's bytes: the default's own file is not read twice.
fn with_default_words(
    lang_file: &str,
    own_bytes: &[u8],
    own: BTreeMap<String, serde_json::Value>,
) -> BTreeMap<String, serde_json::Value> {
    let default = DEFAULT_THEME
        .iter()
        .find(|(rel, bytes)| *rel == lang_file && *bytes != own_bytes)
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        .and_then(|src| {
            yaml::parse::<BTreeMap<String, serde_json::Value>>(src, Path::new(lang_file), 1).ok()
        });
    match default {
        Some(mut words) => {
            words.extend(own);
            words
        }
        None => own,
    }
}

/// The languages whose words a site's `i18n/` folder may hold, by file name.
const STRING_FILES: [&str; 2] = ["de.yaml", "en.yaml"];

/// An error for each file of the site's `i18n/` folder that would be passed over for its
/// name (`de.yml`, `DE.yaml`, `deutsch.yaml`): its words would change nothing without a word.
/// Hidden files and editors' backups are left alone.
fn misnamed_strings(config: &Config, errs: &mut Errors) {
    let Ok(entries) = std::fs::read_dir(config.root.join("i18n")) else {
        return;
    };
    let mut names: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !STRING_FILES.contains(&n.as_str()) && !leftover(n))
        .collect();
    names.sort();
    for name in names {
        let meant = name.to_lowercase().replace(".yml", ".yaml");
        let help = match STRING_FILES.iter().find(|f| **f == meant) {
            Some(f) => format!("name it `i18n/{f}`"),
            None => "the files are named by language: `i18n/de.yaml`, `i18n/en.yaml`".to_string(),
        };
        errs.push(Error::content_help(
            Location::file(config.root.join("i18n").join(&name)),
            "this file of the site's words is not read: its name is no language's",
            Some(help),
        ));
    }
}

/// Where a template's file lives, for messages.
pub fn template_path(theme: &Theme, name: &str) -> PathBuf {
    theme
        .templates
        .iter()
        .find(|t| t.name == name)
        .map_or_else(|| Path::new(name).to_path_buf(), |t| t.path.clone())
}
/// The colours of the charts, from the theme's `chart.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Palette {
    /// For fields without a `color` in roadmap.yaml.
    pub field: String,
    pub text: String,
    pub muted: String,
    pub grid: String,
    pub grid_strong: String,
    pub stripe: String,
    pub hatch: String,
    pub as_of: String,
    pub background: String,
}

impl Default for Palette {
    fn default() -> Self {
        Palette {
            field: "#1d4f91".into(),
            text: "#1a1a1a".into(),
            muted: "#4a4a4a".into(),
            grid: "#c5ccd6".into(),
            grid_strong: "#6b7480".into(),
            stripe: "#f3f5f8".into(),
            hatch: "#8a929e".into(),
            as_of: "#a4161a".into(),
            background: "#ffffff".into(),
        }
    }
}

impl Palette {
    /// Every key whose value is not a hex colour.
    pub fn invalid(&self) -> Vec<(&'static str, &str)> {
        self.entries()
            .into_iter()
            .filter(|(_, v)| !crate::config::is_hex_color(v.trim()))
            .collect()
    }

    fn entries(&self) -> [(&'static str, &str); 9] {
        [
            ("field", &self.field),
            ("text", &self.text),
            ("muted", &self.muted),
            ("grid", &self.grid),
            ("grid_strong", &self.grid_strong),
            ("stripe", &self.stripe),
            ("hatch", &self.hatch),
            ("as_of", &self.as_of),
            ("background", &self.background),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_in_a_comment_marks_nothing() {
        assert!(!has_search_mark("{# data-pagefind-body #}<main>"));
        assert!(has_search_mark("{# note #}<main data-pagefind-body>{# x"));
        assert!(!has_search_mark("<main>{# data-pagefind-body"));
    }
}
