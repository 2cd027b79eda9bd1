//! Validation of a project's status reports (its `status:` key, one report or a list of dated
//! ones): the phase named in roadmap.yaml, progress, rating on the configured scale, date,
//! contact and video.

use crate::config::Config;
use crate::content::{RawStatus, SourceFile};
use crate::error::{did_you_mean, suggest, Error, Errors, Location};
use crate::quarter::Date;
use crate::yaml::{loc, place, OneOrList, Spanned, Text};

use super::types::{Contact, Status};

/// The reports of the project file `f`: the newest, and the older ones newest first. In a list
/// every report needs `updated`, and no two may carry the same date. Each fault is pushed to
/// `errs` in the order of the reports and their keys.
pub(super) fn reports(
    raw: Spanned<OneOrList<RawStatus>>,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
) -> (Option<Status>, Vec<Status>) {
    let whole = place(2, &raw);
    let list = raw.value.0.len() > 1;
    // Each report with the line and column it starts at (a Location only for a message).
    let mut all: Vec<(Option<(usize, usize)>, Status)> = Vec::new();
    for r in raw.value.0 {
        let at = start_of(&r).or(whole);
        // A date written but wrong is reported by `status` already.
        let dated = r.updated.is_some();
        let s = status(r, config, f, errs);
        if list && !dated {
            errs.push(Error::content_help(
                located(&f.file, at),
                "a status report in a list has no `updated` date",
                Some("date every report (`updated: 2022-03-31`): the newest is the current status, the others its history".into()),
            ));
        }
        if let Some(d) = s.updated {
            if let Some((first, _)) = all.iter().find(|(_, o)| o.updated == Some(d)) {
                errs.push(Error::content_help(
                    located(&f.file, at),
                    format!("two status reports are dated {d}"),
                    Some(format!(
                        "the other one starts at line {}: merge them or correct a date",
                        first.map_or(0, |(line, _)| line)
                    )),
                ));
            }
        }
        all.push((at, s));
    }
    // Newest first; reports without a date (only possible alone) keep their place.
    all.sort_by_key(|(_, s)| std::cmp::Reverse(s.updated));
    let mut it = all.into_iter().map(|(_, s)| s);
    (it.next(), it.collect())
}

/// Where a report of a list starts, as near as its keys tell: the first of its keys that
/// carry a place.
/// Line and column, 1-based.
fn start_of(r: &RawStatus) -> Option<(usize, usize)> {
    [
        r.phase.as_ref().and_then(|s| place(2, s)),
        r.progress.as_ref().and_then(|s| place(2, s)),
        r.rating.as_ref().and_then(|s| place(2, s)),
        r.updated.as_ref().and_then(|s| place(2, s)),
        r.video.as_ref().and_then(|s| place(2, s)),
    ]
    .into_iter()
    .flatten()
    .min()
}

/// A place of [`start_of`] in `file` (the whole file without one).
fn located(file: &std::path::Path, at: Option<(usize, usize)>) -> Location {
    at.map_or(Location::file(file), |(line, column)| {
        Location::at(file, line, column)
    })
}

/// Turns one raw status report of the project file `f` into a `Status`, each fault pushed to
/// `errs` in the order of the keys: phase, progress, rating, updated, video.
fn status(s: RawStatus, config: &Config, f: &SourceFile, errs: &mut Errors) -> Status {
    let phase_index = s
        .phase
        .as_ref()
        .and_then(|p| phase_index(p, config, f, errs));
    let progress = s.progress.as_ref().map(|p| progress(p, f, errs));
    let rating = s.rating.as_ref().and_then(|r| rating(r, config, f, errs));
    let updated = s.updated.as_ref().and_then(|u| updated(u, f, errs));
    let video = s.video.as_ref().map(|v| video(v, config, f, errs));
    if let Some(e) = s.contact.as_ref().and_then(|c| c.email.as_deref()) {
        if !crate::config::is_email(e) {
            // Where the address is written, after the report's first key (another report's
            // contact may have the same address): the line of the frontmatter (from line 2).
            let start = start_of(&s);
            let from_line = start.map_or(2, |(line, _)| line);
            let written = f
                .frontmatter
                .lines()
                .enumerate()
                .skip(from_line.saturating_sub(2))
                .find_map(|(i, line)| {
                    line.find(e)
                        .map(|col| (i + 2, line[..col].chars().count() + 1))
                });
            let at = match written {
                Some((line, column)) => Location::at(&f.file, line, column),
                None => located(&f.file, start),
            };
            errs.push(Error::content_help(
                at,
                format!("the status report's `contact.email` `{e}` is not an e-mail address"),
                Some("write the bare address, e.g. `digital@example.org`".into()),
            ));
        }
    }
    if s.rating_note.is_some() && s.rating.is_none() {
        // A reason for a rating that is not there would be shown nowhere.
        let at = located(&f.file, start_of(&s));
        errs.push(Error::content_help(
            at,
            "this status report has a `rating_note` but no `rating`",
            Some(
                "add the rating the note explains (`rating: amber`), or leave the note out".into(),
            ),
        ));
    }
    Status {
        phase: s.phase.map(|p| p.value),
        phase_index,
        progress,
        rating,
        rating_note: s.rating_note,
        updated,
        updated_place: s.updated.as_ref().and_then(|u| place(2, u)),
        results: s.results.map(|l| l.0).unwrap_or_default(),
        next_steps: s.next_steps.map(|l| l.0).unwrap_or_default(),
        benefits: s.benefits.map(|l| l.0).unwrap_or_default(),
        contact: s.contact.map(|c| Contact {
            name: c.name,
            email: c.email,
            phone: c.phone.map(|p| p.0),
            url: c.url,
        }),
        video,
    }
}

/// The index of the status phase in roadmap.yaml's `phases` (None, with an error, when it is
/// not one of them).
fn phase_index(
    phase: &Spanned<String>,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
) -> Option<usize> {
    let found = config.phases.iter().position(|p| *p == phase.value);
    if found.is_none() {
        let phases: Vec<&str> = config.phases.iter().map(String::as_str).collect();
        errs.push(Error::content_help(
            loc(&f.file, 2, phase),
            format!("unknown status phase `{}`", phase.value),
            did_you_mean(&phase.value, &phases),
        ));
    }
    found
}

/// The progress in percent, clamped to 0..=100 (with an error when it lies outside).
fn progress(p: &Spanned<f64>, f: &SourceFile, errs: &mut Errors) -> f64 {
    if !(0.0..=100.0).contains(&p.value) {
        errs.push(Error::content(
            loc(&f.file, 2, p),
            format!("progress {} is not between 0 and 100", p.value),
        ));
    }
    p.value.clamp(0.0, 100.0)
}

/// The rating: the index of a key of roadmap.yaml's `ratings` (by default `green`, `amber`,
/// `red`).
fn rating(
    r: &Spanned<String>,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
) -> Option<usize> {
    let found = config.ratings.iter().position(|l| l.key == r.value);
    if found.is_none() {
        let keys: Vec<&str> = config.ratings.iter().map(|l| l.key.as_str()).collect();
        let help = match suggest(&r.value, keys.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "the rating scale (`ratings` in roadmap.yaml) has: {}",
                keys.join(", ")
            ),
        };
        errs.push(Error::content_help(
            loc(&f.file, 2, r),
            format!("unknown rating `{}`", r.value),
            Some(help),
        ));
    }
    found
}

/// The date of the status report.
fn updated(u: &Spanned<Text>, f: &SourceFile, errs: &mut Errors) -> Option<Date> {
    match Date::parse(&u.value.0, false) {
        Ok(d) => Some(d),
        Err(m) => {
            // The message says how the format writes a date written another way.
            errs.push(Error::content(loc(&f.file, 2, u), m));
            None
        }
    }
}

/// Whether `s` starts with `https://` (in any letter case, as URLs allow).
fn is_https(s: &str) -> bool {
    s.trim()
        .get(..8)
        .is_some_and(|p| p.eq_ignore_ascii_case("https://"))
}

/// The video as written, checked: a file under assets/ that exists, or an https URL (given
/// back as the URL parser writes it: scheme and host in lower case).
fn video(v: &Spanned<String>, config: &Config, f: &SourceFile, errs: &mut Errors) -> String {
    let missing = v.value.starts_with("assets/")
        && !v.value.contains("..")
        && !config.root.join(&v.value).is_file();
    if missing {
        errs.push(Error::content_help(
            loc(&f.file, 2, v),
            format!("video `{}` does not exist", v.value),
            Some(format!(
                "put the file at {}",
                config.root.join(&v.value).display()
            )),
        ));
    } else if is_https(&v.value) {
        // A web address as a browser takes it: a host, no spaces (`%20` for one).
        let parsed = url::Url::parse(v.value.trim());
        let fault = match &parsed {
            Ok(u)
                if u.host_str().is_some_and(|h| !h.is_empty()) && !v.value.trim().contains(' ') =>
            {
                None
            }
            Ok(_) if v.value.trim().contains(' ') => Some("holds a space"),
            _ => Some("is not a web address"),
        };
        if let Some(fault) = fault {
            errs.push(Error::content_help(
                loc(&f.file, 2, v),
                format!("video `{}` {fault}", v.value),
                Some("write the video's address as the browser shows it, e.g. `https://www.example.org/film.mp4` (a space as `%20`)".into()),
            ));
        } else if let Ok(u) = parsed {
            return u.to_string();
        }
    } else if v.value.contains("..") || !v.value.starts_with("assets/") {
        errs.push(Error::content_help(
            loc(&f.file, 2, v),
            format!(
                "video `{}` is neither a file under assets/ nor an https URL",
                v.value
            ),
            Some("write `assets/videos/name.mp4` or `https://…`".into()),
        ));
    }
    v.value.clone()
}
