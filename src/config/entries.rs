//! Goals, fields and categories: roadmap.yaml's lists of entries, each with a unique key in
//! the right shape and an optional colour.

use std::path::Path;

use crate::error::{Error, Errors, Location};
use crate::yaml::loc;

use super::{is_slug, Entry, RawEntry};

/// `fields`: the Handlungsfelder, at least one.
pub(super) fn fields(raw: &[RawEntry], file: &Path, errs: &mut Errors) -> Vec<Entry> {
    let fields = entries(raw, "fields", file, errs);
    if raw.is_empty() {
        errs.push(Error::content_help(
            Location::file(file),
            "`fields` is empty",
            Some("list at least one Handlungsfeld: `fields: [{key: verwaltung, title: Digitale Verwaltung}]`".into()),
        ));
    }
    fields
}

/// The entries of the list `what` (`goals`, `fields`, `categories`), each key checked.
pub(super) fn entries(raw: &[RawEntry], what: &str, file: &Path, errs: &mut Errors) -> Vec<Entry> {
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
        if e.title.trim().is_empty() {
            errs.push(Error::content_help(
                at.clone(),
                format!("{what} `{key}` has an empty title"),
                Some(
                    "write its title after `title: `: it names it in menus, tables and charts"
                        .into(),
                ),
            ));
        }
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

/// A key of goals, fields, categories: a slug or a single capital letter.
pub fn is_key(s: &str) -> bool {
    is_slug(s) || (s.len() == 1 && s.as_bytes()[0].is_ascii_uppercase())
}

/// A colour written as `#rgb` or `#rrggbb`.
pub fn is_hex_color(s: &str) -> bool {
    let Some(h) = s.strip_prefix('#') else {
        return false;
    };
    (h.len() == 6 || h.len() == 3) && h.bytes().all(|b| b.is_ascii_hexdigit())
}
