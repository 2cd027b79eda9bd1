//! The ids a theme's templates give the sections of a page (`#overview` on an English site,
//! `#uebersicht` on a German one) and the charts' file names (`schedule.svg`,
//! `zeithorizont.svg`): words of the theme's i18n files like any other, so that a page's
//! addresses speak the site's language. Links (`projekte/e-akte.md#uebersicht`), the
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

/// The i18n keys of the charts' file names, without `.svg`: the Zeitstrahl, a project's
/// Zeithorizont, a KPI's chart (numbered: `kennzahl-2.svg`). German `zeitstrahl`,
/// `zeithorizont`, `kennzahl`; checked like the section ids (they stand in addresses too).
pub const CHART_FILES: [&str; 3] = [
    "file_timeline_chart",
    "file_schedule_chart",
    "file_kpi_chart",
];

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
    let sections = PROJECT_SECTION_IDS
        .iter()
        .copied()
        .chain(std::iter::once(TIMELINE_TABLE_ID));
    let section = Kind {
        what: "a section's id",
        strip: "",
        clash: "two sections would share an id",
        clash_help: "give each section an id of its own",
        reserved: |id| FIXED_PROJECT_IDS.contains(&id) || id.starts_with("canvas-"),
    };
    check_kind(i18n, sections, &section, at, errs);
    let chart = Kind {
        what: "a chart's file name",
        strip: ".svg",
        clash: "two charts would share a file",
        clash_help: "give each chart a file name of its own",
        reserved: |_| false,
    };
    check_kind(i18n, CHART_FILES.into_iter(), &chart, at, errs);
}

/// The words of one kind of name and its own rule, for [`check_kind`].
struct Kind {
    /// What the name is, after "not usable as".
    what: &'static str,
    /// An ending the name is written without (`.svg`), left off in the suggestion.
    strip: &'static str,
    /// What two alike would do, and the advice.
    clash: &'static str,
    clash_help: &'static str,
    /// A name the page uses otherwise.
    reserved: fn(&str) -> bool,
}

/// Checks the names of `keys` among `i18n` by the rules of `kind`: plain, not reserved, no
/// two alike.
fn check_kind<'a>(
    i18n: &'a BTreeMap<String, serde_json::Value>,
    keys: impl Iterator<Item = &'static str>,
    kind: &Kind,
    at: &Location,
    errs: &mut Errors,
) {
    let mut seen: BTreeMap<&'a str, &str> = BTreeMap::new();
    for key in keys {
        let Some(name) = i18n.get(key).and_then(|v| v.as_str()) else {
            continue;
        };
        let (message, help) = if !is_plain_id(name) {
            let without = if kind.strip.is_empty() {
                String::new()
            } else {
                format!(" (without `{}`)", kind.strip)
            };
            let plain = crate::model::slugify(name.trim_end_matches(kind.strip));
            (
                format!("`{key}: {name}` is not usable as {} in an address", kind.what),
                format!(
                    "write lower-case letters a–z, digits and hyphens{without}, e.g. `{key}: {plain}`"
                ),
            )
        } else if (kind.reserved)(name) {
            (
                format!("`{key}: {name}` is an id the project page already uses for another part"),
                "choose another word for this section's id".to_string(),
            )
        } else if let Some(other) = seen.insert(name, key) {
            (
                format!("`{key}` and `{other}` are both `{name}`: {}", kind.clash),
                kind.clash_help.to_string(),
            )
        } else {
            continue;
        };
        errs.push(Error::content_help(at.clone(), message, Some(help)));
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
