//! Validation of a project's status report (its `status:` key): the phase named in
//! roadmap.yaml, progress, rating, date, contact and video.

use crate::config::Config;
use crate::content::{RawStatus, SourceFile};
use crate::error::{did_you_mean, Error, Errors};
use crate::quarter::Date;
use crate::yaml::{loc, Spanned, Text};

use super::types::{Contact, Rating, Status};

/// Turns the raw status of the project file `f` into a `Status`, each fault pushed to `errs`
/// in the order of the keys: phase, progress, rating, updated, video.
pub(super) fn status(s: RawStatus, config: &Config, f: &SourceFile, errs: &mut Errors) -> Status {
    let phase_index = phase_index(&s.phase, config, f, errs);
    let progress = s.progress.as_ref().map(|p| progress(p, f, errs));
    let rating = s.rating.as_ref().and_then(|r| rating(r, f, errs));
    let updated = s.updated.as_ref().and_then(|u| updated(u, f, errs));
    let video = s.video.as_ref().map(|v| video(v, config, f, errs));
    Status {
        phase: s.phase.value.clone(),
        phase_index,
        progress,
        rating,
        updated,
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

/// The index of the status phase in roadmap.yaml's `phases`; 0 (with an error) when it is not
/// one of them.
fn phase_index(
    phase: &Spanned<String>,
    config: &Config,
    f: &SourceFile,
    errs: &mut Errors,
) -> usize {
    match config.phases.iter().position(|p| *p == phase.value) {
        Some(i) => i,
        None => {
            let phases: Vec<&str> = config.phases.iter().map(String::as_str).collect();
            errs.push(Error::content_help(
                loc(&f.file, 2, phase),
                format!("unknown status phase `{}`", phase.value),
                did_you_mean(&phase.value, &phases),
            ));
            0
        }
    }
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

/// The traffic-light rating: `green`, `amber` or `red`.
fn rating(r: &Spanned<String>, f: &SourceFile, errs: &mut Errors) -> Option<Rating> {
    match r.value.as_str() {
        "green" => Some(Rating::Green),
        "amber" => Some(Rating::Amber),
        "red" => Some(Rating::Red),
        other => {
            errs.push(Error::content_help(
                loc(&f.file, 2, r),
                format!("unknown rating `{other}`"),
                did_you_mean(other, &["green", "amber", "red"]),
            ));
            None
        }
    }
}

/// The date of the status report.
fn updated(u: &Spanned<Text>, f: &SourceFile, errs: &mut Errors) -> Option<Date> {
    match Date::parse(&u.value.0, false) {
        Ok(d) => Some(d),
        Err(m) => {
            errs.push(Error::content(loc(&f.file, 2, u), m));
            None
        }
    }
}

/// The video as written, checked: a file under assets/ that exists, or an https URL.
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
    } else if v.value.contains("..")
        || !(v.value.starts_with("https://") || v.value.starts_with("assets/"))
    {
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
