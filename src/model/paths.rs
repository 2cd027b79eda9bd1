//! Where things go in the output: the slugs and folders the generated parts take, the target of
//! a link to a page or URL, and the slug made from a title.

use crate::config::Config;
use crate::error::{Error, Errors};

use super::types::Page;

/// Slugs that name the generated parts of a site.
pub const GENERATED: [&str; 4] = ["overview", "projects", "timeline", "dashboard"];

/// The output folder of the search page.
pub const SEARCH_PATH: &str = "search/";
/// The output folder of the search index and Pagefind's scripts (`search` writes them).
pub const SEARCH_INDEX_PATH: &str = "pagefind/";

/// The output folders that generated parts take.
pub fn reserved_paths(config: &Config) -> Vec<String> {
    let mut v: Vec<String> = [
        "overview/",
        "timeline/",
        "dashboard/",
        "fields/",
        "categories/",
        "departments/",
        "data/",
        SEARCH_PATH,
        SEARCH_INDEX_PATH,
        "static/",
        "assets/",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(format!("{}/", config.projects_dir));
    if config.accessibility.is_some() {
        v.push(crate::config::accessibility::path(config.language).to_string());
    }
    v
}

/// Folders whose every page the build makes (a field's, a category's, a department's; the
/// search index's files): a page of content/ written inside one would take a generated page's
/// place or sit among them.
pub const GENERATED_FOLDERS: &[&str] =
    &["fields/", "categories/", "departments/", SEARCH_INDEX_PATH];

/// Reports each page whose output path is one a generated part of the site takes, or lies in
/// one of the [`GENERATED_FOLDERS`] (`content/fields/smart-city.md` would replace the field's
/// page, the one or the other depending on which was written last).
pub(super) fn check_reserved(config: &Config, pages: &[Page], errs: &mut Errors) {
    let reserved = reserved_paths(config);
    for p in pages {
        let place = reserved
            .iter()
            .find(|r| **r == p.path)
            .map(|r| format!("`{r}`"));
        let place = place.or_else(|| {
            let folder = GENERATED_FOLDERS.iter().find(|f| p.path.starts_with(**f))?;
            Some(format!("`{}`, inside `{folder}`", p.path))
        });
        if let Some(place) = place {
            errs.push(Error::content_help(
                p.body.at.clone(),
                format!(
                    "this page would be written to {place}, where a generated part of the site lives"
                ),
                Some("rename the file or move it into another folder".into()),
            ));
        }
    }
}

/// Reports each copied file of content/ inside one of the [`GENERATED_FOLDERS`]
/// (`content/pagefind/logo.png` would sit among the search index's files, which the build
/// makes anew).
pub(super) fn check_reserved_files(assets: &[crate::content::ContentAsset], errs: &mut Errors) {
    for a in assets {
        if let Some(folder) = GENERATED_FOLDERS.iter().find(|f| a.rel.starts_with(**f)) {
            errs.push(Error::content_help(
                crate::error::Location::file(&a.file),
                format!(
                    "this file would be published inside `{folder}`, a folder the build fills itself"
                ),
                Some("move the file into another folder (and change the links to it)".into()),
            ));
        }
    }
}

/// Where a footer link points: a URL as it is, else the output path of the page with that slug;
/// None when it is neither.
pub fn link_target(pages: &[Page], target: &str) -> Option<String> {
    if is_url(target) {
        return Some(target.to_string());
    }
    pages
        .iter()
        .find(|p| p.slug == target)
        .map(|p| p.path.clone())
}

/// Whether a link target is an address (https://, http://, mailto:) rather than a page slug.
pub fn is_url(s: &str) -> bool {
    // Schemes in any letter case (`HTTPS://`), as URLs allow.
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// A slug (lower-case ASCII letters, digits, `-`) made from a title or file name: the file
/// name `roadmap new` writes, and the suggestion for a file name that is not a slug.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut push = |piece: &str| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
    };
    // Composed first: a `U` with a combining diaeresis (as macOS names files) is a `Ü`.
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfc().collect();
    for c in s.chars() {
        // German umlauts follow German spelling (Bürger → buerger); every other letter is
        // transliterated by deunicode (Łódź → lodz, Čeština → cestina, Café → cafe).
        match c {
            'ä' | 'Ä' => push("ae"),
            'ö' | 'Ö' => push("oe"),
            'ü' | 'Ü' => push("ue"),
            'ß' | 'ẞ' => push("ss"),
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4])),
            c => push(deunicode::deunicode_char(c).unwrap_or("-")),
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_transliterate_every_latin_letter() {
        for (title, slug) in [
            ("Café-Bündnis", "cafe-buendnis"),
            ("Łódź", "lodz"),
            ("Čeština", "cestina"),
            ("Straße der Ämter", "strasse-der-aemter"),
            ("Øresund & Ærø", "oresund-aero"),
            ("  E-Akte 2.0!  ", "e-akte-2-0"),
        ] {
            assert_eq!(slugify(title), slug, "{title}");
        }
    }
}
