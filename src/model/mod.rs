//! The one in-memory model of a roadmap: configuration, pages and projects, validated and
//! cross-referenced. Everything after this stage reads only this model.
//!
//! This file loads the model: [`load`] reads a site, [`build`] validates scanned content and
//! ties it together. The data types live in `types`, the parts of the loading in the other
//! files: `files` (which file is what), `page`, `project` and `status` (one file each),
//! `phase` (the current phase, reported or derived),
//! `navigation` (menu and footer), `paths` (output paths and slugs).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::config::{self, Config};
use crate::content::{self, ContentTree, SourceFile};
use crate::error::{Errors, Location};
use crate::packed::Packed;

pub mod departments;
mod files;
mod navigation;
mod page;
mod paths;
mod phase;
mod project;
mod status;
mod types;

pub use paths::{
    is_url, link_target, reserved_paths, slugify, GENERATED, SEARCH_INDEX_PATH, SEARCH_PATH,
};
pub use phase::current_phase;
pub use types::{
    Block, Budget, Contact, CurrentPhase, Kpi, LoadOptions, NavItem, Page, Phase, PhaseSource,
    Project, Roadmap, Source, Status, StatusChange, CANVAS_BLOCKS,
};

/// Reads roadmap.yaml and content/ under `root` into a validated model. All errors at once.
pub fn load(root: &Path, opts: &LoadOptions) -> Result<Roadmap, Errors> {
    let (roadmap, errs) = load_partial(root, opts)?;
    errs.into_result(roadmap)
}

/// Reads a site as [`load`] does, and when files fail, still gives the model of the files that
/// loaded, with every error (sorted by place; none when all is well). The files that failed
/// are in [`Roadmap::unloaded`], so that links to them are not taken for links to nothing.
///
/// # Errors
/// When roadmap.yaml cannot be read or is invalid: without it there is no model at all.
pub fn load_partial(root: &Path, opts: &LoadOptions) -> Result<(Roadmap, Errors), Errors> {
    let config = config::load(root)?;
    // Every file that can be read is validated, also when another cannot: all faults at once.
    let (mut tree, mut errs) = content::scan(&root.join("content"), root);
    if let Err(e) = content::scan_assets(root, &mut tree) {
        errs.0.extend(e.0);
    }
    let (roadmap, e) = assemble(config, tree, opts);
    errs.0.extend(e.0);
    errs.sort_by_place();
    Ok((roadmap, errs))
}

/// Validates scanned content against the configuration.
///
/// # Errors
/// Every fault of the content, at once.
pub fn build(config: Config, tree: ContentTree, opts: &LoadOptions) -> Result<Roadmap, Errors> {
    let (roadmap, errs) = assemble(config, tree, opts);
    errs.into_result(roadmap)
}

/// Validates scanned content against the configuration: the model of what is valid, and the
/// errors of the rest.
fn assemble(config: Config, tree: ContentTree, opts: &LoadOptions) -> (Roadmap, Errors) {
    let mut errs = Errors::default();
    let mut warnings = tree.ignored.clone();
    let files::Loaded {
        intro,
        intro_title,
        projects_intro,
        pages,
        mut projects,
        seen,
        unloaded,
        drafts,
    } = files::load(&tree, &config, opts, &mut errs, &mut warnings);
    sort_projects(&mut projects);

    // Output paths must not collide with the generated parts.
    paths::check_reserved(&config, &pages, &mut errs);
    paths::check_reserved_files(&tree.assets, &mut errs);

    // A slug whose file failed to load (reported already) or is a draft is no second fault.
    let built: BTreeSet<&str> = pages.iter().map(|p| p.slug.as_str()).collect();
    // Also the files that could not even be split (a frontmatter never closed).
    let not_built: BTreeSet<&str> = seen
        .keys()
        .map(String::as_str)
        .chain(tree.unreadable.iter().map(|(_, slug)| slug.as_str()))
        .filter(|slug| !built.contains(slug))
        .collect();
    let draft_slugs: BTreeSet<&str> = seen
        .iter()
        .filter(|(_, f)| drafts.contains(&f.rel))
        .map(|(slug, _)| slug.as_str())
        .collect();
    let nav = navigation::navigation(&config, &pages, &not_built, &mut errs);
    navigation::check_footer(&config, &pages, &not_built, &draft_slugs, &mut errs);

    let mut paths = content_paths(
        &config,
        &pages,
        &projects,
        intro.is_some(),
        projects_intro.is_some(),
    );
    // A link to a file that failed leads where that file's page will be once it is fixed.
    paths.extend(unloaded.iter().cloned());
    let unloaded = unloaded.into_iter().map(|(_, path)| path).collect();
    if config.raw_html != config::RawHtml::Allow {
        refuse_active(tree.assets.iter().chain(&tree.site_assets), &mut errs);
    }
    let roadmap = Roadmap {
        config,
        intro,
        intro_title,
        projects_intro,
        pages,
        projects,
        nav,
        assets: published_assets(tree.assets, &drafts, &mut warnings),
        site_assets: tree.site_assets,
        paths,
        unloaded,
        warnings,
    };
    (roadmap, errs)
}

/// An error for each of `assets` that would run code as a document of the site (an HTML or
/// SVG file with a script): the sanitizer keeps that out of pages, and a copied file must not
/// bring it back in.
fn refuse_active<'a>(assets: impl Iterator<Item = &'a content::ContentAsset>, errs: &mut Errors) {
    for a in assets {
        if let Some(what) = content::active_content(&a.file) {
            errs.push(crate::error::Error::content_help(
                Location::file(&a.file),
                format!("this file holds {what}, which would run on the site's pages when opened: it is not published"),
                Some("remove it from the file, or set `markdown: {raw_html: allow}` in roadmap.yaml if you trust what it runs".into()),
            ));
        }
    }
}

/// The files of content/ to copy: all but those that belong to a draft left out — the files
/// under its page's address (`entwurf.md` and `entwurf/skizze.png`) and, for a draft that is
/// its folder's `index.md`, the files of that folder (its bundle, in Hugo's terms): a draft's
/// pictures and attachments are as unpublished as its text. Each gets a warning.
fn published_assets(
    assets: Vec<content::ContentAsset>,
    drafts: &[String],
    warnings: &mut Vec<crate::error::Warning>,
) -> Vec<content::ContentAsset> {
    let bundles: Vec<(String, &String)> = drafts
        .iter()
        .flat_map(|d| {
            // Markdown in any letter case (`entwurf.MD`, `index.Markdown`).
            let (stem, _) = d.rsplit_once('.').unwrap_or((d, ""));
            let own = Some(format!("{stem}/"));
            let folder = stem
                .rsplit_once('/')
                .filter(|(_, name)| name.eq_ignore_ascii_case("index"))
                .map(|(dir, _)| format!("{dir}/"));
            [own, folder].into_iter().flatten().map(move |dir| (dir, d))
        })
        .collect();
    if bundles.is_empty() {
        return assets;
    }
    let (kept, held): (Vec<_>, Vec<_>) = assets
        .into_iter()
        .partition(|a| !bundles.iter().any(|(dir, _)| a.rel.starts_with(dir)));
    for a in held {
        let draft = bundles
            .iter()
            .find(|(dir, _)| a.rel.starts_with(dir))
            .map_or("", |(_, d)| d.as_str());
        warnings.push(crate::error::Warning::at(
            "not-published",
            Location::file(&a.file),
            format!("not published: it lies in the folder of the draft {draft}"),
        ));
    }
    kept
}

/// Orders projects by field, then number (unnumbered last), then title, then slug.
fn sort_projects(projects: &mut [Project]) {
    projects.sort_by(|a, b| {
        a.field
            .cmp(&b.field)
            .then(
                a.number
                    .unwrap_or(f64::MAX)
                    .total_cmp(&b.number.unwrap_or(f64::MAX)),
            )
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// Content file (relative to content/) -> output path, for the pages, the projects and the
/// intro texts there are.
fn content_paths(
    config: &Config,
    pages: &[Page],
    projects: &[Project],
    intro: bool,
    projects_intro: bool,
) -> BTreeMap<String, String> {
    let projects_prefix = format!("{}/", config.projects_dir);
    let mut paths = BTreeMap::new();
    for p in pages {
        paths.insert(p.body.rel.clone(), p.path.clone());
    }
    for p in projects {
        paths.insert(p.body.rel.clone(), p.path.clone());
    }
    if intro {
        paths.insert("_index.md".into(), String::new());
    }
    if projects_intro {
        paths.insert(format!("{projects_prefix}_index.md"), projects_prefix);
    }
    paths
}

/// The body of a content file, with where it starts.
fn source_of(f: &SourceFile) -> Source {
    Source {
        markdown: Packed::new(&f.body),
        rel: f.rel.clone(),
        at: Location::at(&f.file, f.body_line, 1),
        frontmatter: Packed::new(&f.frontmatter),
    }
}
