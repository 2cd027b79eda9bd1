//! Validation of one page file (a file of content/ outside the projects folder): its
//! frontmatter read into a `Page`.

use crate::config::Config;
use crate::content::{self, RawPage, SourceFile};
use crate::error::{Error, Errors, Location};

use super::source_of;
use super::types::Page;

/// An error when `title` (of the file `f`) has no words: the title names the page in menus,
/// lists and links, which would be empty.
pub(super) fn empty_title(f: &SourceFile, title: &str) -> Option<Error> {
    if !title.trim().is_empty() {
        return None;
    }
    let line = f
        .frontmatter
        .lines()
        .position(|l| l.starts_with("title:"))
        .map_or(2, |i| i + 2);
    Some(Error::content_help(
        Location::at(&f.file, line, 1),
        "`title` is empty",
        Some(
            "write the page's title after `title: `: it names the page in menus, lists and links"
                .into(),
        ),
    ))
}

/// Reads the page file `f`, to be written to `path`. Drafts are returned too: the caller decides
/// whether they are built.
pub(super) fn page(f: &SourceFile, config: &Config, path: String) -> Result<Page, Errors> {
    let raw = content::parse_frontmatter::<RawPage>(f).map_err(|errs| {
        // A project's keys in a page: one error that says why, not one a key.
        match errs
            .0
            .iter()
            .find_map(|e| outside_projects_dir(e, f, &config.projects_dir))
        {
            Some(e) => e.into(),
            None => errs,
        }
    })?;
    let Some(title) = raw.title else {
        return Err(Error::content_help(
            Location::at(&f.file, 1, 1),
            "missing required key `title`",
            Some(if f.has_frontmatter {
                "add `title: …` to the frontmatter between the `---` lines".into()
            } else {
                "start the file with a line `---`, then `title: …`, then another line `---`".into()
            }),
        )
        .into());
    };
    if let Some(e) = empty_title(f, &title) {
        return Err(e.into());
    }
    Ok(Page {
        slug: f.slug.clone(),
        title,
        description: raw.description,
        weight: raw.weight.map(|w| w.0),
        draft: raw.draft.unwrap_or(false),
        path,
        body: source_of(f),
    })
}

/// A page's frontmatter with a project's keys: the file lies outside the projects folder.
/// None when `e` is no such fault.
fn outside_projects_dir(e: &Error, f: &SourceFile, projects_dir: &str) -> Option<Error> {
    const PROJECT_KEYS: [&str; 14] = [
        "field",
        "lead",
        "category",
        "kpis",
        "schedule",
        "milestone",
        "canvas",
        "budget",
        "number",
        "short_title",
        "goal",
        "programme",
        "partners",
        "status",
    ];
    match e {
        Error::Yaml { at, message, .. }
            if PROJECT_KEYS
                .iter()
                .any(|k| message.starts_with(&format!("unknown key `{k}`"))) =>
        {
            let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
            let below = f.rel.starts_with(&format!("{projects_dir}/"));
            let why = if below {
                format!(
                    "projects lie directly in content/{projects_dir}/, not in a folder below it"
                )
            } else {
                format!("it lies outside content/{projects_dir}/ (roadmap.yaml's `projects_dir`)")
            };
            Some(Error::Yaml {
                at: at.clone(),
                message: format!(
                    "{message}: content/{} is read as a page, not a project, because {why}",
                    f.rel
                ),
                help: Some(format!(
                    "to make it a project, move it to content/{projects_dir}/{name}, or set `projects_dir` in roadmap.yaml to the folder of the projects"
                )),
            })
        }
        _ => None,
    }
}
