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
    /// The files that could not be read as a page or project (their errors are reported):
    /// (path relative to content/, output path).
    pub unloaded: Vec<(String, String)>,
    /// The drafts left out of this build, by path relative to content/.
    pub drafts: Vec<String>,
}

/// Reads every Markdown file of `tree`: names and slugs in order, then the files' frontmatter
/// and text on all threads (YAML is most of a large site's loading); each error and warning
/// is pushed in the order of the files.
pub(super) fn load<'a>(
    tree: &'a ContentTree,
    config: &Config,
    opts: &LoadOptions,
    errs: &mut Errors,
    warnings: &mut Vec<Warning>,
) -> Loaded<'a> {
    use rayon::prelude::*;
    let mut out = Loaded::default();
    for (rel, slug) in &tree.unreadable {
        let (dir, path) = output_path_of(rel, slug);
        // An intro text is shown on the page of its folder.
        let path = match (slug.as_str(), dir) {
            ("_index", "") => String::new(),
            ("_index", dir) => format!("{dir}/"),
            _ => path,
        };
        out.unloaded.push((rel.clone(), path));
    }
    // What each file is, decided in order (a slug is taken by the first file that has it).
    let mut jobs: Vec<Job> = Vec::with_capacity(tree.files.len());
    // Folders whose names cannot be part of an address, each reported once.
    let mut bad_folders = std::collections::BTreeSet::new();
    for f in &tree.files {
        // A file refused for its name or folder is still there: links to it are not broken
        // links on top (see `Roadmap::unloaded`).
        let refused = |out: &mut Loaded<'a>| out.unloaded.push((f.rel.clone(), output_path(f).1));
        if let Some((path, name)) = bad_folder(f) {
            if bad_folders.insert(path) {
                jobs.push(Job::Fault(folder_fault(f, path, name)));
            }
            refused(&mut out);
            continue;
        }
        if file_name(f) == "_index.md" {
            jobs.push(Job::Index(f));
            continue;
        }
        if let Some(e) = slug_fault(f, &out.seen) {
            jobs.push(Job::Fault(e));
            refused(&mut out);
            continue;
        }
        out.seen.insert(f.slug.clone(), f);
        let (dir, path) = output_path(f);
        jobs.push(if dir == config.projects_dir {
            Job::Project(f, path)
        } else {
            Job::Page(f, path)
        });
    }
    // Where each page or project would go, to tell links to a file that failed from links to
    // nothing (see `Roadmap::unloaded`).
    let places: Vec<Option<(String, String)>> = jobs
        .iter()
        .map(|job| match job {
            Job::Project(f, path) | Job::Page(f, path) => Some((f.rel.clone(), path.clone())),
            Job::Index(_) | Job::Fault(_) => None,
        })
        .collect();
    let read: Vec<Read> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::Index(f) => Read::Index(f),
            Job::Fault(e) => Read::Fault(e),
            Job::Project(f, path) => {
                let mut mine = Vec::new();
                Read::Project(Box::new(project::project(f, config, path, &mut mine)), mine)
            }
            Job::Page(f, path) => Read::Page(page::page(f, config, path)),
        })
        .collect();
    for (r, place) in read.into_iter().zip(places) {
        let failed = match r {
            Read::Index(f) => {
                index_file(f, config, &mut out, errs, warnings);
                false
            }
            Read::Fault(e) => {
                errs.push(e);
                false
            }
            Read::Project(p, mut mine) => {
                warnings.append(&mut mine);
                let draft_of: fn(&Project) -> (bool, &String) = |p| (p.draft, &p.body.rel);
                keep(*p, draft_of, &mut out.projects, opts, &mut out.drafts, errs)
            }
            Read::Page(p) => {
                let draft_of: fn(&Page) -> (bool, &String) = |p| (p.draft, &p.body.rel);
                keep(p, draft_of, &mut out.pages, opts, &mut out.drafts, errs)
            }
        };
        if let (true, Some(place)) = (failed, place) {
            out.unloaded.push(place);
        }
    }
    out
}

/// Takes a page or project read into `into` (a draft only with `--drafts`; else its file goes
/// to `drafts`); its errors go to `errs`. Returns whether it failed. `draft_of` gives its
/// `draft:` and its path relative to content/.
fn keep<T>(
    read: Result<T, Errors>,
    draft_of: fn(&T) -> (bool, &String),
    into: &mut Vec<T>,
    opts: &LoadOptions,
    drafts: &mut Vec<String>,
    errs: &mut Errors,
) -> bool {
    match read {
        Ok(p) => {
            match draft_of(&p) {
                (true, rel) if !opts.drafts => drafts.push(rel.clone()),
                _ => into.push(p),
            }
            false
        }
        Err(mut e) => {
            errs.0.append(&mut e.0);
            true
        }
    }
}

/// What a file of content/ is to be read as (with its output path).
enum Job<'a> {
    Index(&'a SourceFile),
    Fault(Error),
    Project(&'a SourceFile, String),
    Page(&'a SourceFile, String),
}

/// A file of content/ read: the outcome and, for a project, its warnings.
enum Read<'a> {
    Index(&'a SourceFile),
    Fault(Error),
    Project(Box<Result<Project, Errors>>, Vec<Warning>),
    Page(Result<Page, Errors>),
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
            errs.0.extend(e.0);
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

/// The first folder of the file's path under content/ whose name cannot be part of a page's
/// address (see `config::is_slug`: `Über uns`, `a b%20c` would give addresses a browser
/// reads otherwise), as (its path from content/, its name); None when every folder's can.
fn bad_folder(f: &SourceFile) -> Option<(&str, &str)> {
    let (dir, _) = f.rel.rsplit_once('/')?;
    let mut end = 0;
    for name in dir.split('/') {
        end += name.len();
        if !config::is_slug(name) {
            return Some((&dir[..end], name));
        }
        end += 1;
    }
    None
}

/// The error of the pages below the folder at `path` (from content/) named `name`, placed at
/// the file `f`, the folder's first page.
fn folder_fault(f: &SourceFile, path: &str, name: &str) -> Error {
    Error::content_help(
        Location::file(&f.file),
        format!("the folder `content/{path}/` cannot be part of a page's address"),
        Some(format!(
            "rename the folder to `{}`: lower-case ASCII letters, digits and `-` only",
            slugify(name)
        )),
    )
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
    output_path_of(&f.rel, &f.slug)
}

/// [`output_path`] of the file at `rel` (relative to content/) with `slug`.
fn output_path_of<'r>(rel: &'r str, slug: &str) -> (&'r str, String) {
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let path = if dir.is_empty() {
        format!("{slug}/")
    } else {
        format!("{dir}/{slug}/")
    };
    (dir, path)
}
