//! The settings of the "Erklärung zur Barrierefreiheit" (accessibility statement) that BITV 2.0
//! and the laws of the Länder ask of every public body's website: roadmap.yaml's optional
//! `accessibility` key read and validated into plain data, and what `roadmap check` says about
//! it. Its page is a view (`views::accessibility`); nothing here knows Markdown or HTML.

use std::path::Path;

use serde::Deserialize;

use super::Language;
use crate::error::{did_you_mean, Error, Errors, Location, Warning};
use crate::quarter::Date;
use crate::yaml::{loc, Spanned, StrOr, Text};

/// Who to reach, and how (a feedback contact, an enforcement body, a project's contact person).
#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub url: Option<String>,
}

/// A contact as written in YAML.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<Text>,
    pub url: Option<String>,
}

/// The `accessibility` block as written in roadmap.yaml.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawAccessibility {
    status: Spanned<String>,
    #[serde(default)]
    non_accessible: Vec<StrOr<RawBarrier>>,
    alternatives: Option<String>,
    contact: RawContact,
    enforcement: RawContact,
    assessed: Spanned<Text>,
    prepared: Option<Spanned<Text>>,
    method: Option<String>,
    legal_basis: Option<String>,
}

/// A part that is not accessible, as written with its reason.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawBarrier {
    content: String,
    reason: Option<String>,
}

/// How far the site meets the requirements ("Stand der Vereinbarkeit").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compliance {
    Full,
    Partial,
    None,
}

impl Compliance {
    /// The key as written in roadmap.yaml (`full`, `partial`, `none`).
    pub fn key(self) -> &'static str {
        match self {
            Compliance::Full => "full",
            Compliance::Partial => "partial",
            Compliance::None => "none",
        }
    }
}

/// A part of the site that is not accessible, and why (Markdown, inline).
#[derive(Debug, Clone)]
pub struct Barrier {
    pub content: String,
    pub reason: Option<String>,
}

/// The validated statement.
#[derive(Debug, Clone)]
pub struct Accessibility {
    pub status: Compliance,
    pub non_accessible: Vec<Barrier>,
    pub alternatives: Option<String>,
    /// Where users report barriers (the feedback mechanism).
    pub contact: Contact,
    /// The body that runs the enforcement procedure (Schlichtungs-/Ombudsstelle).
    pub enforcement: Contact,
    pub assessed: Date,
    pub prepared: Option<Date>,
    pub method: Option<String>,
    pub legal_basis: Option<String>,
}

/// The output folder of the statement page.
pub fn path(language: Language) -> &'static str {
    match language {
        Language::De => "barrierefreiheit/",
        Language::En => "accessibility/",
    }
}

fn to_contact(raw: &RawContact) -> Contact {
    Contact {
        name: raw.name.clone(),
        email: raw.email.clone(),
        phone: raw.phone.as_ref().map(|p| p.0.clone()),
        url: raw.url.clone(),
    }
}

/// Validates the `accessibility` block of roadmap.yaml. None when the date of the assessment
/// is not a date (the other faults are reported, and a statement returned, all the same).
pub fn parse(raw: &RawAccessibility, file: &Path, errs: &mut Errors) -> Option<Accessibility> {
    let status = compliance(&raw.status, file, errs);
    let contact = to_contact(&raw.contact);
    let enforcement = to_contact(&raw.enforcement);
    check_contacts(&contact, &enforcement, file, errs);
    let assessed = date(&raw.assessed, file, errs);
    let prepared = raw.prepared.as_ref().and_then(|p| date(p, file, errs));
    Some(Accessibility {
        status,
        non_accessible: barriers(&raw.non_accessible),
        alternatives: raw.alternatives.clone(),
        contact,
        enforcement,
        assessed: assessed?,
        prepared,
        method: raw.method.clone(),
        legal_basis: raw.legal_basis.clone(),
    })
}

/// `status`: `full`, `partial` or `none` (`partial`, with an error, for anything else).
fn compliance(raw: &Spanned<String>, file: &Path, errs: &mut Errors) -> Compliance {
    match raw.value.as_str() {
        "full" => Compliance::Full,
        "partial" => Compliance::Partial,
        "none" => Compliance::None,
        other => {
            errs.push(Error::content_help(
                loc(file, 1, raw),
                format!("accessibility.status `{other}` is not known"),
                did_you_mean(other, &["full", "partial", "none"]),
            ));
            Compliance::Partial
        }
    }
}

/// The feedback contact must give a way to reach someone, the enforcement body its name and
/// address; addresses must be web addresses and e-mail addresses bare ones.
fn check_contacts(contact: &Contact, enforcement: &Contact, file: &Path, errs: &mut Errors) {
    let at = Location::file(file);
    if contact.email.is_none() && contact.phone.is_none() && contact.url.is_none() {
        errs.push(Error::content_help(
            at.clone(),
            "accessibility.contact gives no way to reach anyone",
            Some(
                "add `email:`, `phone:` or `url:` (a contact form) for reports of barriers".into(),
            ),
        ));
    }
    if enforcement.name.is_none() || enforcement.url.is_none() {
        errs.push(Error::content_help(
            at.clone(),
            "accessibility.enforcement needs `name:` and `url:` of the body that runs the enforcement procedure",
            Some("name the body your Land appointed for the enforcement procedure (its Ombuds- or Schlichtungsstelle for accessible IT), with its web address".into()),
        ));
    }
    for (what, url) in [("contact", &contact.url), ("enforcement", &enforcement.url)] {
        if let Some(u) = url {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                errs.push(Error::content(
                    at.clone(),
                    format!("accessibility.{what}.url `{u}` must start with https:// or http://"),
                ));
            }
        }
    }
    for (what, email) in [
        ("contact", &contact.email),
        ("enforcement", &enforcement.email),
    ] {
        if let Some(e) = email {
            if !is_email(e) {
                errs.push(Error::content_help(
                    at.clone(),
                    format!("accessibility.{what}.email `{e}` is not an e-mail address"),
                    Some("write the bare address, e.g. `barrierefreiheit@example.org`".into()),
                ));
            }
        }
    }
}

/// Whether `text` can be an e-mail address as a contact gives it: an `@` with text on both
/// sides, no whitespace, not written as a `mailto:` link (the page makes the link).
pub fn is_email(text: &str) -> bool {
    let parts = text.split_once('@');
    parts.is_some_and(|(local, host)| !local.is_empty() && !host.is_empty())
        && !text.contains(char::is_whitespace)
        && !text.starts_with("mailto:")
}

/// A date of the statement (`assessed`, `prepared`).
fn date(s: &Spanned<Text>, file: &Path, errs: &mut Errors) -> Option<Date> {
    match Date::parse(&s.value.0, false) {
        Ok(d) => Some(d),
        Err(m) => {
            errs.push(Error::content(
                loc(file, 1, s),
                format!("accessibility: {m}"),
            ));
            None
        }
    }
}

/// The parts that are not accessible: a text, or a text with the reason.
fn barriers(raw: &[StrOr<RawBarrier>]) -> Vec<Barrier> {
    raw.iter()
        .map(|b| match b {
            StrOr::Str(s) => Barrier {
                content: s.clone(),
                reason: None,
            },
            StrOr::Full(b) => Barrier {
                content: b.content.clone(),
                reason: b.reason.clone(),
            },
        })
        .collect()
}

/// What `roadmap check` says about a statement on `today`: an assessment older than a year, or in
/// the future; a statement that admits barriers without naming them.
pub fn warnings(a: &Accessibility, file: &Path, today: Date) -> Vec<Warning> {
    let mut out = Vec::new();
    let assessed = (
        a.assessed.year,
        a.assessed.month,
        a.assessed.day.unwrap_or(1),
    );
    let now = (today.year, today.month, today.day.unwrap_or(1));
    let a_year_later = (assessed.0 + 1, assessed.1, assessed.2);
    if a_year_later < now {
        out.push(Warning::at("accessibility", Location::file(file), format!(
            "the accessibility assessment of {} is more than a year old (today is {today}): assess the site again and update `accessibility.assessed`",
            a.assessed)));
    } else if assessed > now {
        out.push(Warning::at(
            "accessibility",
            Location::file(file),
            format!(
                "accessibility.assessed {} lies in the future (today is {today})",
                a.assessed
            ),
        ));
    }
    if a.status != Compliance::Full && a.non_accessible.is_empty() {
        out.push(Warning::at("accessibility", Location::file(file), format!(
            "accessibility.status is `{}` but `non_accessible` lists nothing: name the parts that are not accessible and why",
            a.status.key())));
    }
    if a.method.is_none() {
        out.push(Warning::at(
            "accessibility",
            Location::file(file),
            "accessibility.method is missing: say how the site was assessed",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s, false).unwrap()
    }

    fn statement(assessed: &str) -> Accessibility {
        Accessibility {
            status: Compliance::Full,
            non_accessible: vec![],
            alternatives: None,
            contact: Contact {
                email: Some("a@example.org".into()),
                ..Default::default()
            },
            enforcement: Contact {
                name: Some("Stelle".into()),
                url: Some("https://example.org".into()),
                ..Default::default()
            },
            assessed: d(assessed),
            prepared: None,
            method: Some("Selbstbewertung".into()),
            legal_basis: None,
        }
    }

    #[test]
    fn warns_when_assessment_is_older_than_a_year() {
        let f = Path::new("roadmap.yaml");
        assert!(warnings(&statement("2025-11-28"), f, d("2026-11-28")).is_empty());
        let w = warnings(&statement("2025-11-27"), f, d("2026-11-28"));
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("more than a year old"), "{w:?}");
        assert!(warnings(&statement("2027-01-01"), f, d("2026-11-28"))[0]
            .message
            .contains("future"));
    }
}
