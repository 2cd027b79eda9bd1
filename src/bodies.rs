//! The Markdown bodies of a roadmap rendered for their pages, and the checks of links that need
//! the whole built site: `#fragments` against the element ids of the target page, root-absolute
//! links against its files.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;

use crate::error::Error;
use crate::markdown::{self, Body, Found, LinkContext, Rendered};
use crate::model::{Roadmap, Source};

/// Ids that bodies wrote and the build renamed, by output path of their page.
pub type Renamed = BTreeMap<String, BTreeMap<String, String>>;

/// A body and the page it is shown on.
pub struct Doc<'r> {
    pub src: &'r Source,
    /// Output path of the page ("projekte/e-akte/").
    pub path: String,
    pub kind: Body,
}

/// Every body of the roadmap with its page.
pub fn sources(roadmap: &Roadmap) -> Vec<Doc<'_>> {
    let mut list: Vec<Doc> = Vec::new();
    list.extend(roadmap.pages.iter().map(|p| Doc {
        src: &p.body,
        path: p.path.clone(),
        kind: Body::Page,
    }));
    list.extend(roadmap.projects.iter().map(|p| Doc {
        src: &p.body,
        path: p.path.clone(),
        kind: Body::Project,
    }));
    if let Some(i) = &roadmap.intro {
        list.push(Doc {
            src: i,
            path: String::new(),
            kind: Body::Home,
        });
    }
    if let Some(i) = &roadmap.projects_intro {
        list.push(Doc {
            src: i,
            path: format!("{}/", roadmap.config.projects_dir),
            kind: Body::ProjectsIntro,
        });
    }
    list
}

/// The content files that are not Markdown, by path relative to content/.
pub fn asset_set(roadmap: &Roadmap) -> BTreeSet<String> {
    roadmap.assets.iter().map(|a| a.rel.clone()).collect()
}

/// The theme's words that the rendering of bodies needs.
#[derive(Debug, Clone)]
pub struct ThemeWords {
    /// The names of a task list's checkboxes (see [`LinkContext::task_labels`]).
    pub task_labels: [String; 2],
    /// The project page's section ids (see [`LinkContext::section_ids`]).
    pub section_ids: Vec<String>,
}

impl ThemeWords {
    pub fn of(theme: &crate::theme::Theme) -> ThemeWords {
        ThemeWords {
            task_labels: [theme.t("task_open"), theme.t("task_done")],
            section_ids: crate::theme::section_ids::PROJECT_SECTION_IDS
                .iter()
                .map(|key| theme.t(key))
                .collect(),
        }
    }
}

/// How links of this roadmap resolve.
pub fn context<'a>(
    roadmap: &'a Roadmap,
    assets: &'a BTreeSet<String>,
    renamed: &'a Renamed,
    words: &'a ThemeWords,
) -> LinkContext<'a> {
    LinkContext {
        paths: &roadmap.paths,
        assets,
        base_path: &roadmap.config.base_path,
        raw_html: roadmap.config.raw_html,
        renamed,
        task_labels: [&words.task_labels[0], &words.task_labels[1]],
        section_ids: &words.section_ids,
    }
}

/// Renders every body, keyed by content file. A body that links to an id which another body
/// wrote and had to rename is rendered again, so that the link follows the rename.
pub fn render_all(
    roadmap: &Roadmap,
    list: &[Doc],
    assets: &BTreeSet<String>,
    words: &ThemeWords,
) -> (BTreeMap<String, Rendered>, Renamed) {
    let none = Renamed::new();
    let ctx = context(roadmap, assets, &none, words);
    let render = |docs: Vec<&Doc>, ctx: &LinkContext| -> Vec<(String, Rendered)> {
        docs.par_iter()
            .map(|d| {
                let r = markdown::render_body(d.src, &d.path, ctx, d.kind);
                (d.src.rel.clone(), r)
            })
            .collect()
    };
    let mut docs: BTreeMap<String, Rendered> =
        render(list.iter().collect(), &ctx).into_iter().collect();
    let renamed: Renamed = list
        .iter()
        .filter_map(|d| {
            let r = docs.get(&d.src.rel)?;
            (!r.renamed.is_empty()).then(|| (d.path.clone(), r.renamed.clone()))
        })
        .collect();
    let follows = |d: &&Doc| {
        docs.get(&d.src.rel).is_some_and(|r| {
            r.found.fragments.iter().any(|f| {
                f.target != d.path
                    && renamed
                        .get(&f.target)
                        .is_some_and(|m| m.contains_key(&f.fragment))
            })
        })
    };
    let again: Vec<&Doc> = list.iter().filter(follows).collect();
    if !again.is_empty() {
        let ctx = context(roadmap, assets, &renamed, words);
        docs.extend(render(again, &ctx));
    }
    (docs, renamed)
}

/// The ids of `page_ids` that the page has besides those of its body (`body_ids`): the
/// template's, counted with repeats.
pub fn template_ids(page_ids: &[String], body_ids: &[String]) -> Vec<String> {
    let mut count: HashMap<&str, isize> = HashMap::new();
    for id in page_ids {
        *count.entry(id).or_default() += 1;
    }
    for id in body_ids {
        *count.entry(id).or_default() -= 1;
    }
    let mut ids: Vec<String> = count
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(id, _)| id.to_string())
        .collect();
    ids.sort();
    ids
}

/// The output file of a page path ("x/" -> "x/index.html", "" -> "index.html").
fn page_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Checks what links found against the built site: every `#fragment` must be an element id of
/// its target page, every root-absolute link a file of the site. `files` are all output paths,
/// `ids` the element ids of every HTML file by path. Links to the pages of files that failed
/// to load (`unloaded`, output paths) and to what lies in their folders are not checked.
pub fn check(
    found: &Found,
    files: &BTreeSet<String>,
    ids: &BTreeMap<String, BTreeSet<String>>,
    unloaded: &BTreeSet<String>,
) -> Vec<Error> {
    // The path itself, as a folder, or in a folder of an unloaded page (looked up, not
    // compared with each: a change of roadmap.yaml can fail every file of a large site).
    let failed = |path: &str| {
        !unloaded.is_empty()
            && (unloaded.contains(path)
                || unloaded.contains(&format!("{path}/"))
                || path
                    .match_indices('/')
                    .any(|(i, _)| unloaded.contains(&path[..=i])))
    };
    let mut errors = Vec::new();
    for fr in &found.fragments {
        // `#top` is the top of any page (HTML's rule for a fragment that names no element).
        if failed(&fr.target) || fr.fragment.is_empty() || fr.fragment.eq_ignore_ascii_case("top") {
            continue;
        }
        let known = ids.get(&page_file(&fr.target));
        if !known.is_some_and(|k| k.contains(&fr.fragment)) {
            let help = known
                .and_then(|k| crate::error::suggest(&fr.fragment, k.iter().map(String::as_str)))
                .map(|s| format!("did you mean `#{s}`?"));
            errors.push(Error::Link {
                at: fr.at.clone(),
                message: format!(
                    "the page {} has no anchor `#{}`",
                    if fr.target.is_empty() {
                        "/"
                    } else {
                        &fr.target
                    },
                    fr.fragment
                ),
                help,
            });
        }
    }
    for f in found.files.iter().filter(|f| !failed(&f.path)) {
        let p = f.path.trim_end_matches('/');
        let exists = files.contains(&f.path)
            || files.contains(&page_file(&f.path))
            || files.contains(&format!("{p}/index.html"));
        if !exists {
            // A page is suggested as it is linked: by its folder (`projekte/e-akte/`).
            let pages = files
                .iter()
                .filter_map(|p| p.strip_suffix("index.html").filter(|d| !d.is_empty()));
            let candidates = files.iter().map(String::as_str).chain(pages);
            let help = crate::error::suggest(&f.path, candidates)
                .map(|s| format!("did you mean `/{s}`? "))
                .unwrap_or_default();
            errors.push(Error::Link {
                at: f.at.clone(),
                message: format!("`{}` points to /{}, which the built site does not have", f.url, f.path),
                help: Some(format!("{help}a link that starts with `/` starts at the site's root (base_url's path is added); files come from assets/ and content/")),
            });
        }
    }
    errors
}
