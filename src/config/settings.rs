//! The single settings of roadmap.yaml, each read and checked on its own: language, date,
//! timeline, base_url, projects folder, theme, Markdown, phases and outline. Every fault is
//! pushed to the caller's errors, and a usable default is returned in its place.

use std::path::Path;

use crate::error::{did_you_mean, Error, Errors, Location};
use crate::quarter::{Date, Quarter};
use crate::yaml::{loc, Spanned, Text};

use super::{is_slug, Language, OutlineEntry, RawHtml, RawMarkdown, RawTimeline, DEFAULT_PHASES};

/// `language`: `de` (the default) or `en`.
pub(super) fn language(raw: Option<&Spanned<String>>, file: &Path, errs: &mut Errors) -> Language {
    match raw.map(|l| (l.value.as_str(), l)) {
        None | Some(("de", _)) => Language::De,
        Some(("en", _)) => Language::En,
        Some((other, l)) => {
            errs.push(Error::content_help(
                loc(file, 1, l),
                format!("unknown language `{other}`"),
                Some("expected `de` or `en`".into()),
            ));
            Language::De
        }
    }
}

/// `as_of`: the date the roadmap speaks of.
pub(super) fn as_of(raw: Option<&Spanned<Text>>, file: &Path, errs: &mut Errors) -> Option<Date> {
    raw.and_then(|s| match Date::parse(&s.value.0, true) {
        Ok(d) => Some(d),
        Err(m) => {
            errs.push(Error::content(loc(file, 1, s), m));
            None
        }
    })
}

/// The longest timeline, in years: a chart of 100 years has 400 quarter columns, which the
/// charts still draw (as years) and a browser still lays out.
pub const MAX_TIMELINE_YEARS: i64 = 100;

/// `timeline`: its first and last quarter, in order and at most [`MAX_TIMELINE_YEARS`] apart.
pub(super) fn timeline(
    raw: &RawTimeline,
    file: &Path,
    errs: &mut Errors,
) -> (Option<Quarter>, Option<Quarter>) {
    let quarter = |s: &Spanned<Text>, errs: &mut Errors| match Quarter::parse(&s.value.0) {
        Ok(q) => Some(q),
        Err(m) => {
            errs.push(Error::content(loc(file, 1, s), m));
            None
        }
    };
    let start = quarter(&raw.start, errs);
    let end = quarter(&raw.end, errs);
    if let (Some(s), Some(e)) = (start, end) {
        let quarters = e.index() - s.index() + 1;
        if s > e {
            errs.push(Error::content(
                loc(file, 1, &raw.end),
                format!("timeline.end {e} lies before timeline.start {s}"),
            ));
        } else if quarters > 4 * MAX_TIMELINE_YEARS {
            let last = Quarter::from_index(s.index() + 4 * MAX_TIMELINE_YEARS - 1);
            errs.push(Error::content_help(
                loc(file, 1, &raw.end),
                format!(
                    "the timeline spans {} quarters ({s} to {e}), more than {MAX_TIMELINE_YEARS} years",
                    quarters
                ),
                Some(format!(
                    "a timeline may span at most {MAX_TIMELINE_YEARS} years ({} quarters): end it by `end: {last}`, or start it later",
                    4 * MAX_TIMELINE_YEARS
                )),
            ));
        }
    }
    (start, end)
}

/// `base_url`: the address (with a trailing slash) and the path under it ("/" without one);
/// see [`parse_base_url`].
pub(super) fn base_url(
    raw: Option<&Spanned<String>>,
    file: &Path,
    errs: &mut Errors,
) -> (Option<String>, String) {
    match raw {
        None => (None, "/".to_string()),
        Some(u) => match parse_base_url(&u.value) {
            Ok((url, path)) => (Some(url), path),
            Err(m) => {
                errs.push(Error::content(loc(file, 1, u), m));
                (None, "/".into())
            }
        },
    }
}

/// "/" for `https://example.org`, "/roadmap/" for `https://example.org/roadmap`; see
/// [`parse_base_url`].
///
/// # Errors
/// As [`parse_base_url`].
pub fn base_path_of(url: &str) -> Result<String, String> {
    parse_base_url(url).map(|(_, path)| path)
}

/// A site's address as every page, the sitemap and the open data write it, and its path:
/// (`https://example.org/roadmap/`, `/roadmap/`). Read by the `url` crate (the WHATWG URL
/// standard, as browsers read addresses): the host in ASCII (`münchen.de` as
/// `xn--mnchen-3ya.de`), `.`/`..` and empty segments of the path resolved, spaces and other
/// characters an address cannot hold percent-encoded, a trailing slash added.
///
/// # Errors
/// The address does not start with `https://` or `http://`, has no host, is not an address,
/// holds a user name or password (every page would publish them), or has a query or fragment.
pub fn parse_base_url(written: &str) -> Result<(String, String), String> {
    let written = written.trim();
    let rest = written
        .strip_prefix("https://")
        .or_else(|| written.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{written}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{written}` has no host"));
    }
    let url = url::Url::parse(written)
        .map_err(|e| format!("base_url `{written}` is not an address ({e})"))?;
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(format!("base_url `{written}` has no host"));
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "base_url `{written}` holds a user name or password, which every page, the sitemap and the open data would publish; write the address without them"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base_url `{written}` must not have a query or fragment"
        ));
    }
    let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
    let path = if segments.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", segments.join("/"))
    };
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    Ok((format!("{}://{host}{port}{path}", url.scheme()), path))
}

/// `projects_dir`: a folder under content/ (`projects` by default).
pub(super) fn projects_dir(
    raw: Option<&Spanned<String>>,
    file: &Path,
    errs: &mut Errors,
) -> String {
    match raw {
        None => "projects".to_string(),
        Some(d) => {
            let ok = !d.value.is_empty()
                && d.value
                    .split('/')
                    .all(|seg| !seg.is_empty() && seg != ".." && seg != "." && is_slug(seg));
            if !ok {
                errs.push(Error::content_help(
                    loc(file, 1, d),
                    format!(
                        "projects_dir `{}` is not a folder name under content/",
                        d.value
                    ),
                    Some("use lower-case letters, digits and `-`, e.g. `projekte`".into()),
                ));
            }
            d.value.clone()
        }
    }
}

/// `theme`: a folder name under themes/ (`default` by default).
pub(super) fn theme(raw: Option<&Spanned<String>>, file: &Path, errs: &mut Errors) -> String {
    match raw {
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
                loc(file, 1, t),
                format!("theme `{}` is not a folder name under themes/", t.value),
            ));
            "default".into()
        }
    }
}

/// `markdown.raw_html`: `sanitize` (the default) or `allow`.
pub(super) fn raw_html(raw: Option<&RawMarkdown>, file: &Path, errs: &mut Errors) -> RawHtml {
    match raw.and_then(|m| m.raw_html.as_ref()) {
        None => RawHtml::Sanitize,
        Some(s) if s.value == "sanitize" => RawHtml::Sanitize,
        Some(s) if s.value == "allow" => RawHtml::Allow,
        Some(s) => {
            errs.push(Error::content_help(
                loc(file, 1, s),
                format!("markdown.raw_html `{}` is not known", s.value),
                did_you_mean(&s.value, &["sanitize", "allow"]),
            ));
            RawHtml::Sanitize
        }
    }
}

/// `phases`: the dashboard's phases (`DEFAULT_PHASES` when left out), never empty.
pub(super) fn phases(raw: Option<&[String]>, file: &Path, errs: &mut Errors) -> Vec<String> {
    let phases = raw
        .map(<[String]>::to_vec)
        .unwrap_or_else(|| DEFAULT_PHASES.iter().map(|s| s.to_string()).collect());
    if phases.is_empty() {
        errs.push(Error::content(
            Location::file(file),
            "`phases` is empty: list the dashboard phases or leave the key out",
        ));
    }
    phases
}

/// `outline`: the slugs of the menu, each with where it was written.
pub(super) fn outline(raw: Option<&[Spanned<String>]>, file: &Path) -> Option<Vec<OutlineEntry>> {
    raw.map(|o| {
        o.iter()
            .map(|s| OutlineEntry {
                slug: s.value.clone(),
                at: loc(file, 1, s),
            })
            .collect::<Vec<_>>()
    })
}
