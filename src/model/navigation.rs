//! The site's navigation and footer: the menu in the order of roadmap.yaml's `outline` (or by
//! page weight), and the footer links checked against the pages.

use std::collections::BTreeSet;

use crate::config::{Config, OutlineEntry};
use crate::error::{did_you_mean, Error, Errors, Location};

use super::paths::{link_target, GENERATED};
use super::types::{NavItem, Page};

/// The menu: the outline's entries where roadmap.yaml has an outline, else the pages by weight
/// and title followed by the generated parts.
pub(super) fn navigation(
    config: &Config,
    pages: &[Page],
    not_built: &BTreeSet<&str>,
    errs: &mut Errors,
) -> Vec<NavItem> {
    match &config.outline {
        Some(outline) => outlined(outline, pages, not_built, errs),
        None => by_weight(pages),
    }
}

/// The menu in the order of the outline. An entry that names a slug in `not_built` (a draft,
/// or a file whose error is reported already) is left out without a second fault.
fn outlined(
    outline: &[OutlineEntry],
    pages: &[Page],
    not_built: &BTreeSet<&str>,
    errs: &mut Errors,
) -> Vec<NavItem> {
    let generated = |s: &str| match s {
        "overview" => Some(NavItem::Overview),
        "projects" => Some(NavItem::Projects),
        "timeline" => Some(NavItem::Timeline),
        "dashboard" => Some(NavItem::Dashboard),
        _ => None,
    };
    let mut nav = Vec::new();
    for e in outline {
        if let Some(g) = generated(&e.slug) {
            nav.push(g);
        } else if let Some(i) = pages.iter().position(|p| p.slug == e.slug) {
            nav.push(NavItem::Page(i));
        } else if not_built.contains(e.slug.as_str()) {
            // A draft, or a page whose error is reported already.
        } else {
            let mut known: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
            known.extend(GENERATED);
            errs.push(Error::content_help(
                e.at.clone(),
                format!(
                    "outline entry `{}` is neither a page nor a generated part",
                    e.slug
                ),
                did_you_mean(&e.slug, &known),
            ));
        }
    }
    nav
}

/// The menu without an outline: the pages by weight (unweighted last), then title, followed by
/// the generated parts.
fn by_weight(pages: &[Page]) -> Vec<NavItem> {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        pa.weight
            .unwrap_or(f64::MAX)
            .total_cmp(&pb.weight.unwrap_or(f64::MAX))
            .then_with(|| pa.title.cmp(&pb.title))
    });
    let mut nav: Vec<NavItem> = order.into_iter().map(NavItem::Page).collect();
    nav.extend([
        NavItem::Overview,
        NavItem::Projects,
        NavItem::Timeline,
        NavItem::Dashboard,
    ]);
    nav
}

/// Reports each footer link (legal, Leichte Sprache, Gebärdensprache) that is neither a page
/// slug nor a URL.
///
/// A link to a draft is an error of its own (a legal page must be published); one to a page
/// whose file failed to load (in `not_built`, not among `drafts`) is none: that file's error
/// is reported.
pub(super) fn check_footer(
    config: &Config,
    pages: &[Page],
    not_built: &BTreeSet<&str>,
    drafts: &BTreeSet<&str>,
    errs: &mut Errors,
) {
    for (what, target) in footer_links(config) {
        let at = || {
            config
                .link_places
                .get(target.as_str())
                .cloned()
                .unwrap_or_else(|| Location::file(&config.file))
        };
        if drafts.contains(target.as_str()) {
            errs.push(Error::content_help(
                at(),
                format!("{what} points to `{target}`, which is a draft"),
                Some("publish the page (`draft: false`) or link another page".into()),
            ));
            continue;
        }
        if not_built.contains(target.as_str()) {
            continue;
        }
        if link_target(pages, target).is_none() {
            let slugs: Vec<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
            errs.push(Error::content_help(
                at(),
                format!("{what} points to `{target}`, which is neither a page slug nor a URL"),
                if looks_like_a_host(target) {
                    // An address without its scheme (`www.example.org`).
                    Some(format!(
                        "write the address with its scheme: `https://{target}`"
                    ))
                } else {
                    did_you_mean(target, &slugs).or(Some(
                        "write a page slug or a URL starting with https://".into(),
                    ))
                },
            ));
        }
    }
}

/// Whether `target` reads as a web address without its scheme (`www.example.org`,
/// `stadt.example.de/impressum`): a host of dotted names ending in letters.
fn looks_like_a_host(target: &str) -> bool {
    let host = target.split('/').next().unwrap_or(target);
    let tld = host.rsplit('.').next().unwrap_or("");
    host.contains('.')
        && !host.contains(' ')
        && (2..=6).contains(&tld.len())
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !["md", "html", "htm", "pdf"].contains(&tld)
}

/// The footer links of roadmap.yaml, each with how to name it in a message.
fn footer_links(config: &Config) -> Vec<(String, &String)> {
    let mut footer: Vec<(String, &String)> = config
        .legal
        .iter()
        .map(|(label, t)| (format!("legal link `{label}`"), t))
        .collect();
    footer.extend(
        config
            .leichte_sprache
            .iter()
            .map(|t| ("`leichte_sprache`".to_string(), t)),
    );
    footer.extend(
        config
            .gebaerdensprache
            .iter()
            .map(|t| ("`gebaerdensprache`".to_string(), t)),
    );
    footer
}
