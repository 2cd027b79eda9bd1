//! The ids a theme's templates give the sections of a page (`#overview` on an English site,
//! `#uebersicht` on a German one): words of the theme's i18n files like any other, so that
//! a page's addresses speak the site's language. Links (`projekte/e-akte.md#uebersicht`), the
//! in-page navigation and `aria-labelledby` use them; a body's heading that would take one
//! gets a suffix instead (see `markdown::Body::template_ids`).

use std::collections::BTreeMap;

use crate::error::{Error, Errors, Location};

/// The i18n keys of the project page's section ids, in the order of the page: the current
/// status, the overview, the KPIs' history, the description, the schedule, the status
/// history. German: `stand`, `uebersicht`, `kennzahlen-verlauf`, `beschreibung`,
/// `zeithorizont`, `verlauf`.
pub const PROJECT_SECTION_IDS: [&str; 6] = [
    "id_status_now",
    "id_overview",
    "id_kpi_history",
    "id_description",
    "id_schedule",
    "id_status_history",
];

/// The i18n key of the id of the timeline page's table (German `zeitstrahl-tabelle`).
pub const TIMELINE_TABLE_ID: &str = "id_timeline_table";

/// The ids the project page's template writes besides the section ids above, the same in
/// every language: section ids may not take them.
pub const FIXED_PROJECT_IDS: [&str; 8] = [
    "main",
    "kpi",
    "canvas",
    "budget",
    "budget-caption",
    "status",
    "siblings",
    "schedule-caption",
];

/// Whether `id` can stand in an address unencoded and reads as the build's own ids do:
/// lower-case ASCII letters, digits and inner hyphens.
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks the section ids among the theme's words `i18n` (after the site's own words were
/// merged in): each a plain id (see `is_plain_id`), no two alike, none of the fixed ids.
/// `at`: the file the words come from, for the messages.
///
/// # Errors
/// One per id that breaks a rule, with the key and what to write instead.
pub fn check(i18n: &BTreeMap<String, serde_json::Value>, at: &Location, errs: &mut Errors) {
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for key in PROJECT_SECTION_IDS
        .iter()
        .chain(std::iter::once(&TIMELINE_TABLE_ID))
    {
        let Some(id) = i18n.get(*key).and_then(|v| v.as_str()) else {
            continue;
        };
        if !is_plain_id(id) {
            errs.push(Error::content_help(
                at.clone(),
                format!("`{key}: {id}` is not usable as a section's id in an address"),
                Some(format!(
                    "write lower-case letters a–z, digits and hyphens, e.g. `{key}: {}`",
                    crate::model::slugify(id)
                )),
            ));
            continue;
        }
        if FIXED_PROJECT_IDS.contains(&id) || id.starts_with("canvas-") {
            errs.push(Error::content_help(
                at.clone(),
                format!("`{key}: {id}` is an id the project page already uses for another part"),
                Some("choose another word for this section's id".into()),
            ));
        } else if let Some(other) = seen.insert(id, key) {
            errs.push(Error::content_help(
                at.clone(),
                format!("`{key}` and `{other}` are both `{id}`: two sections would share an id"),
                Some("give each section an id of its own".into()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_are_lower_case_ascii_words_with_inner_hyphens() {
        for ok in ["overview", "kpi-history", "zeitstrahl-tabelle", "q4"] {
            assert!(is_plain_id(ok), "{ok}");
        }
        for bad in ["", "Übersicht", "über", "two words", "-x", "x-", "a_b", "A"] {
            assert!(!is_plain_id(bad), "{bad}");
        }
    }
}
