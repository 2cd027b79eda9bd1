//! `ratings`: the scale a status report rates a project on (best first), and `currency`: the
//! ISO 4217 code that budgets are given in.

use std::path::Path;

use serde::Deserialize;

use crate::color::Rgb;
use crate::error::{Error, Errors, Location};
use crate::yaml::{loc, OrderedMap, Spanned, StrOr, Text};

use super::{is_key, Language};

/// A text of roadmap.yaml written once, or once per language (`{de: …, en: …}`).
pub(super) type RawLocalText = StrOr<OrderedMap<String>>;

/// A level of the rating scale as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRating {
    key: Spanned<Text>,
    label: Option<RawLocalText>,
    color: Spanned<String>,
    description: Option<RawLocalText>,
}

/// One level of the rating scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingLevel {
    /// What a status report writes (`rating: green`).
    pub key: String,
    /// The label in the site's language; None: the theme's word `rating_<key>` (with `-` read
    /// as `_`), else the key.
    pub label: Option<String>,
    /// `#rrggbb` as written (lower case); shown darkened where it lacks contrast.
    pub color: String,
    /// What the level means, in the site's language.
    pub description: Option<String>,
}

/// The scale when roadmap.yaml sets none: the three-level traffic light ("Ampel"), best first.
pub const DEFAULT_RATINGS: [(&str, &str); 3] = [
    ("green", "#1e7b34"),
    ("amber", "#a35a00"),
    ("red", "#b3261e"),
];

/// The default scale as levels.
pub fn default_ratings() -> Vec<RatingLevel> {
    DEFAULT_RATINGS
        .iter()
        .map(|(key, color)| RatingLevel {
            key: (*key).to_string(),
            label: None,
            color: (*color).to_string(),
            description: None,
        })
        .collect()
}

/// `ratings`: at least one level, keys unique, colours hex, labels in the site's language.
pub(super) fn ratings(
    raw: Option<&[RawRating]>,
    lang: Language,
    file: &Path,
    errs: &mut Errors,
) -> Vec<RatingLevel> {
    let Some(raw) = raw else {
        return default_ratings();
    };
    if raw.is_empty() {
        errs.push(Error::content_help(
            Location::file(file),
            "`ratings` is empty",
            Some("list the levels best first, or leave the key out for green, amber, red".into()),
        ));
        return default_ratings();
    }
    let mut out: Vec<RatingLevel> = Vec::new();
    for r in raw {
        let key = r.key.value.0.as_str();
        let at = loc(file, 1, &r.key);
        if !is_key(key) {
            errs.push(Error::content_help(
                at.clone(),
                format!("ratings key `{key}` is not a valid key"),
                Some(
                    "keys are lower-case ASCII letters, digits and `-`, e.g. `amber-green`".into(),
                ),
            ));
        }
        if out.iter().any(|o| o.key == key) {
            errs.push(Error::content(
                at.clone(),
                format!("ratings key `{key}` is used twice"),
            ));
        }
        if Rgb::parse(&r.color.value).is_none() {
            errs.push(Error::content_help(
                loc(file, 1, &r.color),
                format!("color `{}` is not a hex colour", r.color.value),
                Some("write it as \"#1e7b34\" (in quotes, since # starts a YAML comment)".into()),
            ));
        }
        let mut text = |t: &Option<RawLocalText>, what: &str| {
            local_text(
                t.as_ref()?,
                lang,
                &at,
                &format!("ratings `{key}`: {what}"),
                errs,
            )
        };
        let label = text(&r.label, "label");
        let description = text(&r.description, "description");
        if label.as_deref().is_some_and(|l| l.trim().is_empty()) {
            // A level without words would be shown by its colour and mark alone.
            errs.push(Error::content_help(
                at.clone(),
                format!("ratings `{key}`: the label is empty"),
                Some("give the level words (`label: im Plan`), or leave `label` out to use the theme's".into()),
            ));
        }
        out.push(RatingLevel {
            key: key.to_string(),
            label,
            color: r.color.value.to_lowercase(),
            description,
        });
    }
    out
}

/// The text for the site's language: the one text, or the entry for its code.
fn local_text(
    t: &RawLocalText,
    lang: Language,
    at: &Location,
    what: &str,
    errs: &mut Errors,
) -> Option<String> {
    match t {
        StrOr::Str(s) => Some(s.clone()),
        StrOr::Full(map) => {
            let found = map.0.iter().find(|(k, _)| k.value.0 == lang.code());
            if found.is_none() {
                let codes: Vec<&str> = map.0.iter().map(|(k, _)| k.value.0.as_str()).collect();
                errs.push(Error::content_help(
                    at.clone(),
                    format!(
                        "{what} has no text for the site's language `{}`",
                        lang.code()
                    ),
                    Some(format!(
                        "add `{}: …` beside {}",
                        lang.code(),
                        codes.join(", ")
                    )),
                ));
            }
            found.map(|(_, v)| v.clone())
        }
    }
}

/// `currency`: an ISO 4217 code of three capital letters (`EUR` when left out).
pub(super) fn currency(raw: Option<&Spanned<String>>, file: &Path, errs: &mut Errors) -> String {
    let Some(c) = raw else {
        return "EUR".into();
    };
    let code = c.value.trim();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        return code.to_string();
    }
    let help = if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        format!(
            "write it in capitals: `currency: {}`",
            code.to_ascii_uppercase()
        )
    } else {
        "write the three-letter ISO 4217 code, e.g. `EUR`, `USD`, `GBP`, `CHF`".into()
    };
    errs.push(Error::content_help(
        loc(file, 1, c),
        format!("currency `{}` is not an ISO 4217 code", c.value),
        Some(help),
    ));
    "EUR".into()
}
