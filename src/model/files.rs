//! The Markdown files of content/ sorted into what they are: the two intro texts (`_index.md`),
//! pages and projects. Each file's name is checked as a slug that is valid, not reserved and
//! not taken, and given its output path; then the file is read as a page or a project.

use std::collections::BTreeMap;

use crate::config::{self, Config};
use crate::content::{self, ContentTree, RawPage, SourceFile};
use crate::error::{Error, Errors, Location, Warning};

use super::paths::{slugify, GENERATED};
use super::types::{LoadOptions, Page, Project, Source};
use super::{page, project, source_of};

/// The files of content/, read: unsorted, not yet checked against each other.
#[derive(Default)]
pub(super) struct Loaded<'a> {
    /// The text of content/_index.md, with its title.
    pub intro: Option<Source>,
    pub intro_title: Option<String>,
    /// The text of the projects folder's _index.md.
    pub projects_intro: Option<Source>,
    /// The pages and projects built (drafts only with `--drafts`).
    pub pages: Vec<Page>,
    pub projects: Vec<Project>,
    /// Every slug taken, with the file that took it first (drafts and failed files too).
    pub seen: BTreeMap<String, &'a SourceFile>,
}

/// Reads every Markdown file of `tree` in order, each error and warning pushed as found.
pub(super) fn load<'a>(
    tree: &'a ContentTree,
    config: &Config,
    opts: &LoadOptions,
    errs: &mut Errors,
    warnings: &mut Vec<Warning>,
) -> Loaded<'a> {
    let mut out = Loaded::default();
    for f in &tree.files {
        if file_name(f) == "_index.md" {
            index_file(f, config, &mut out, errs, warnings);
            continue;
        }
        if let Some(e) = slug_fault(f, &out.seen) {
            errs.push(e);
            continue;
        }
        out.seen.insert(f.slug.clone(), f);
        let (dir, path) = output_path(f);
        if dir == config.projects_dir {
            match project::project(f, config, path, warnings) {
                Ok(p) => {
                    if !p.draft || opts.drafts {
                        out.projects.push(p)
                    }
                }
                Err(mut e) => errs.0.append(&mut e.0),
            }
        } else {
            match page::page(f, config, path) {
                Ok(p) => {
                    if !p.draft || opts.drafts {
                        out.pages.push(p)
                    }
                }
                Err(e) => errs.push(e),
            }
        }
    }
    out
}

/// The file's name without its folders.
fn file_name(f: &SourceFile) -> &str {
    f.rel.rsplit('/').next().unwrap_or(&f.rel)
}

/// An `_index.md`: the intro of the site at the top of content/, the intro of the projects list
/// in the projects folder, and anywhere else a warning that it is not read.
fn index_file(
    f: &SourceFile,
    config: &Config,
    out: &mut Loaded,
    errs: &mut Errors,
    warnings: &mut Vec<Warning>,
) {
    let raw: RawPage = match content::parse_frontmatter(f) {
        Ok(r) => r,
        Err(e) => {
            errs.push(e);
            return;
        }
    };
    let src = source_of(f);
    if f.rel == "_index.md" {
        out.intro_title = raw.title;
        out.intro = Some(src);
    } else if f.rel == format!("{}/_index.md", config.projects_dir) {
        out.projects_intro = Some(src);
    } else {
        warnings.push(Warning::at(
            "not-published",
            Location::file(&f.file),
            "ignored: `_index.md` is read only at the top of content/ and of the projects folder",
        ));
    }
}

/// What is wrong with the file's slug, if anything: not a valid slug, reserved for a generated
/// part, or taken by a file in `seen` already.
fn slug_fault(f: &SourceFile, seen: &BTreeMap<String, &SourceFile>) -> Option<Error> {
    if !config::is_slug(&f.slug) {
        return Some(Error::content_help(
            Location::file(&f.file),
            format!("`{}` is not a valid file name for a page", file_name(f)),
            Some(format!(
                "use lower-case ASCII letters, digits and `-` only, e.g. `{}.md`",
                slugify(&f.slug)
            )),
        ));
    }
    if GENERATED.contains(&f.slug.as_str()) {
        return Some(Error::content_help(
            Location::file(&f.file),
            format!(
                "the slug `{}` is reserved for a generated part of the site",
                f.slug
            ),
            Some(format!("rename the file, e.g. to `{}-seite.md`", f.slug)),
        ));
    }
    let first = seen.get(&f.slug)?;
    Some(Error::content_help(
        Location::file(&f.file),
        format!(
            "the slug `{}` is already taken by {}",
            f.slug,
            first.file.display()
        ),
        Some("slugs are unique across content/: rename one of the two files".into()),
    ))
}

/// The file's folder under content/ ("" at the top) and its output path ("projekte/e-akte/").
fn output_path(f: &SourceFile) -> (&str, String) {
    let dir = f.rel.rsplit_once('/').map_or("", |(d, _)| d);
    let path = if dir.is_empty() {
        format!("{}/", f.slug)
    } else {
        format!("{dir}/{}/", f.slug)
    };
    (dir, path)
}
