//! Reading content/: finding the Markdown files, splitting frontmatter from body, and parsing
//! the frontmatter into raw, unvalidated structs (their shapes are in `raw`). Knows nothing of
//! HTML.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use crate::config::RawContact;
use crate::error::{Error, Errors, Location, Warning};
use crate::yaml;
pub use crate::yaml::StrOr;

mod active;
mod frontmatter;
mod raw;
pub use active::active_content;
pub use frontmatter::{split_frontmatter, with_line_feeds};

pub use raw::{RawBlock, RawBudget, RawCanvas, RawKpi, RawPage, RawPhase, RawProject, RawStatus};

/// One Markdown file of content/, split but not yet interpreted.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute or root-relative path on disk, for messages.
    pub file: PathBuf,
    /// Path relative to content/, with `/` separators.
    pub rel: String,
    pub slug: String,
    /// The YAML between the `---` lines (empty when the file has none).
    pub frontmatter: String,
    pub has_frontmatter: bool,
    pub body: String,
    /// The line of the file where the body starts (1-based).
    pub body_line: usize,
}

/// Another file found under content/ (an image, a PDF): copied beside the pages.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub file: PathBuf,
    pub rel: String,
}

/// Everything the build reads from content/ and assets/.
#[derive(Debug, Default)]
pub struct ContentTree {
    /// The Markdown files of content/.
    pub files: Vec<SourceFile>,
    /// The other files of content/; `rel` is relative to content/.
    pub assets: Vec<ContentAsset>,
    /// The files of the site's assets/ folder; `rel` is the output path (`assets/logo.svg`).
    pub site_assets: Vec<ContentAsset>,
    /// Warnings for files passed over (backups, Markdown under assets/).
    pub ignored: Vec<Warning>,
    /// The Markdown files that could not be read or split (their errors come with the tree),
    /// as (path relative to content/, slug).
    pub unreadable: Vec<(String, String)>,
}

/// What a file found under content/ is to the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    /// Markdown meant as a page or project: `.md` or `.markdown`, in any letter case.
    Markdown,
    /// Any other file (an image, a PDF): copied beside the pages as it is.
    Asset,
    /// A file that is never published and needs no fix (an editor's backup or swap file),
    /// with the reason for the warning.
    Unpublished(&'static str),
    /// A file that looks like Markdown under another name: the build stops, with the fix.
    Misnamed(String),
}

/// Extensions (lower case) that other tools use for Markdown, which this format does not read.
const OTHER_MARKDOWN: &[&str] = &[
    "mdown", "mkd", "mkdn", "mkdown", "mdwn", "mdtext", "mdtxt", "mdx", "rmd", "qmd",
];

/// Extensions (lower case) of editors' backup, swap and merge leftovers.
const LEFTOVERS: &[&str] = &["bak", "orig", "rej", "swp", "swo", "tmp", "old", "backup"];

/// Sorts a file under content/ (or assets/) by its name and, for text files, its first line.
///
/// `first_line` is the file's first line when it may be text (None otherwise): a text file
/// other than YAML (`.txt`, `.html`, `.json`, no extension) that opens with `---` is a page
/// saved under the wrong name.
pub fn classify(name: &str, first_line: Option<&str>) -> FileKind {
    let lower = name.to_lowercase();
    let (stem, ext) = lower.rsplit_once('.').unwrap_or((lower.as_str(), ""));
    if ext == "md" || ext == "markdown" {
        return FileKind::Markdown;
    }
    if lower.ends_with('~') || (lower.starts_with('#') && lower.ends_with('#')) {
        return FileKind::Unpublished("an editor's backup file");
    }
    // `bericht.md.txt`, `bericht.md.bak`: Markdown with something after its extension.
    let inner_md = stem.ends_with(".md") || stem.ends_with(".markdown");
    if LEFTOVERS.contains(&ext) {
        return FileKind::Unpublished(if inner_md {
            "a backup of a Markdown file"
        } else {
            "an editor's backup or swap file"
        });
    }
    let base = name.split('.').next().unwrap_or(name);
    if inner_md || OTHER_MARKDOWN.contains(&ext) {
        return FileKind::Misnamed(format!(
            "rename it to `{base}.md` to publish it as a page, or move it out of content/"
        ));
    }
    if frontmatter_misleads(ext) && first_line.is_some_and(|l| l.trim_end() == "---") {
        return FileKind::Misnamed(format!(
            "it starts with `---` frontmatter like a page: rename it to `{base}.md`, or move it out of content/"
        ));
    }
    FileKind::Asset
}

/// Whether a file with the extension `ext` (lower case, "" for none) that opens with a `---`
/// line is a page saved under another name (it would be copied with its frontmatter, a draft
/// too): any text but YAML, whose documents open with `---` of their own; not the formats of
/// images, documents and media, which never open with a line of text.
fn frontmatter_misleads(ext: &str) -> bool {
    const BINARY: &[&str] = &[
        "pdf", "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "mp4",
        "webm", "mov", "mp3", "ogg", "wav", "zip", "gz", "docx", "xlsx", "pptx", "odt", "ods",
        "odp", "woff", "woff2", "ttf", "otf",
    ];
    !matches!(ext, "yaml" | "yml") && !BINARY.contains(&ext)
}

/// The first line of a file that may be text (see [`frontmatter_misleads`]), for
/// [`classify`]; None for anything else.
fn first_line_of(path: &Path) -> Option<String> {
    use std::io::{BufRead, Read};
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !frontmatter_misleads(&ext) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    let mut line = String::new();
    std::io::BufReader::new(file.take(64))
        .read_line(&mut line)
        .ok()?;
    Some(line.trim_start_matches('\u{feff}').to_string())
}

/// Walks `dir` in a stable order, following symbolic links that stay inside `root`, and
/// calls `visit` with each file's path, its path relative to `dir` (`/`-separated) and its
/// name. Hidden entries (`.name`) and, when `skip_underscore`, `_name` entries other than
/// `_index.md` are passed over.
///
/// # Errors
/// A link that leads outside `root` (or cannot be resolved), a link loop, an unreadable entry.
pub fn walk(
    dir: &Path,
    root: &Path,
    skip_underscore: bool,
    mut visit: impl FnMut(&Path, String, &str),
) -> Errors {
    let mut errs = Errors::default();
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let passed_over = move |name: &str| {
        name.starts_with('.') || (skip_underscore && name.starts_with('_') && name != "_index.md")
    };
    let mut walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(move |e| e.depth() == 0 || !passed_over(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                // A link that leads nowhere is read before the walk can pass it over: an
                // editor's lock file (Emacs' `.#name.md`) is one.
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                let dangling = path.is_symlink() && !path.exists();
                if dangling && name.as_deref().is_some_and(passed_over) {
                    continue;
                }
                if dangling {
                    let target = std::fs::read_link(&path)
                        .map(|t| t.display().to_string())
                        .unwrap_or_default();
                    errs.push(Error::content_help(
                        Location::file(&path),
                        format!("this symbolic link leads to `{target}`, which does not exist"),
                        Some("remove the link, or put the file it names back".into()),
                    ));
                    continue;
                }
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link here leads back into a folder that contains it".to_string()
                } else {
                    e.to_string()
                };
                errs.push(Error::io(path, std::io::Error::other(message)));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            let inside = std::fs::canonicalize(path).is_ok_and(|t| t.starts_with(&real_root));
            if !inside {
                errs.push(Error::content_help(
                    Location::file(path),
                    "this symbolic link leads outside the site folder (or nowhere)",
                    Some("copy the file into the site instead of linking to it".into()),
                ));
                // Nothing behind it is read, not even its names.
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if let Some(why) = link_publishes_source(path, &entry, &real_root) {
                errs.push(Error::content_help(
                    Location::file(path),
                    format!("this symbolic link {why}; the build would publish it"),
                    Some("remove the link; to publish a file, put it into content/ or assets/ under its own name".into()),
                ));
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel_path = path.strip_prefix(dir).unwrap_or(path);
        let rel: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let name = entry.file_name().to_string_lossy().into_owned();
        visit(path, rel.join("/"), &name);
    }
    errs
}

/// Why the symbolic link at `path` (inside the site at `real_root`, canonical) must not be
/// followed, if it must not. A link may lead to a page anywhere in the site (it is read as
/// Markdown, drafts stay unpublished), but never to a hidden file or folder (`.env`); a file
/// copied as it is (a name that is not Markdown) only to a file of content/ or assets/ that is
/// not Markdown (not `roadmap.yaml`, not a draft's source); a folder not to the site folder or
/// its templates and themes.
fn link_publishes_source(
    path: &Path,
    entry: &walkdir::DirEntry,
    real_root: &Path,
) -> Option<String> {
    let target = std::fs::canonicalize(path).ok()?;
    let rel = target.strip_prefix(real_root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let shown = if parts.is_empty() {
        "the site folder".to_string()
    } else {
        format!("`{}`", parts.join("/"))
    };
    if parts.iter().any(|p| p.starts_with('.')) {
        return Some(format!("leads to {shown}, a hidden file or folder"));
    }
    let first = parts.first().map(String::as_str);
    if entry.file_type().is_dir() {
        return matches!(first, None | Some("templates" | "themes"))
            .then(|| format!("leads to {shown}, which holds the site's sources"));
    }
    let is_markdown = |n: &str| classify(n, None) == FileKind::Markdown;
    let name = entry.file_name().to_string_lossy();
    if is_markdown(&name) {
        return None;
    }
    if !matches!(first, Some("content" | "assets")) {
        return Some(format!(
            "named `{name}` leads to {shown}, which is not in content/ or assets/"
        ));
    }
    is_markdown(parts.last().map(String::as_str).unwrap_or_default())
        .then(|| format!("named `{name}` leads to the Markdown source {shown}"))
}

/// Finds and splits every file under `content_dir` (part of the site at `root`), in a stable
/// order. Markdown files become [`SourceFile`]s, other files [`ContentAsset`]s; backups are
/// listed in `ignored`; Markdown under another extension is an error naming the fix.
///
/// Returns the tree with the errors of the files that could not be read or split (a
/// frontmatter never closed), which the tree leaves out: the other files are still read, so
/// that a build reports their faults too.
pub fn scan(content_dir: &Path, root: &Path) -> (ContentTree, Errors) {
    let mut tree = ContentTree::default();
    if !content_dir.is_dir() {
        return (tree, Errors::default());
    }
    let mut errs = Errors::default();
    let walk_errs = walk(content_dir, root, true, |path, rel, name| {
        match classify(name, first_line_of(path).as_deref()) {
            FileKind::Markdown => match read_source(path, rel.clone()) {
                Ok(f) => tree.files.push(f),
                Err(e) => {
                    tree.unreadable.push((rel, slug_of(path)));
                    errs.push(e);
                }
            },
            FileKind::Asset => tree.assets.push(ContentAsset {
                file: path.to_path_buf(),
                rel: composed(&rel),
            }),
            FileKind::Unpublished(why) => tree.ignored.push(Warning::at(
                "not-published",
                Location::file(path),
                format!("not published: {why}"),
            )),
            FileKind::Misnamed(help) => errs.push(Error::content_help(
                Location::file(path),
                "this looks like a Markdown page, but its name does not end in `.md`; it is not published",
                Some(help),
            )),
        }
    });
    errs.0.extend(walk_errs.0);
    (tree, errs)
}

/// Lists the files of the site's `assets/` folder under `root`, copied as they are, into
/// `tree.site_assets`. Markdown sources and backups there are never published (a warning each);
/// copied files whose paths differ only in letter case are warned about (after [`scan`]).
///
/// # Errors
/// Links that leave the site, unreadable entries.
pub fn scan_assets(root: &Path, tree: &mut ContentTree) -> Result<(), Errors> {
    let dir = root.join("assets");
    if !dir.is_dir() {
        tree.ignored.extend(case_clashes(tree));
        return Ok(());
    }
    let errs = walk(&dir, root, false, |path, rel, name| {
        match classify(name, first_line_of(path).as_deref()) {
            FileKind::Asset => tree.site_assets.push(ContentAsset {
                file: path.to_path_buf(),
                rel: format!("assets/{}", composed(&rel)),
            }),
            FileKind::Unpublished(why) => tree.ignored.push(Warning::at(
                "not-published",
                Location::file(path),
                format!("not published: {why}"),
            )),
            FileKind::Markdown | FileKind::Misnamed(_) => tree.ignored.push(
                Warning::at(
                    "not-published",
                    Location::file(path),
                    "not published: Markdown sources under assets/ are never copied",
                )
                .help("pages belong in content/"),
            ),
        }
    });
    tree.ignored.extend(case_clashes(tree));
    errs.into_result(())
}

/// A file's path as published: its letters composed (Unicode NFC). A name saved on macOS
/// keeps `ü` as `u` and a combining diaeresis; links are typed composed, and the published
/// file and its links must spell it alike. Links are composed the same way.
fn composed(rel: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    rel.nfc().collect()
}

/// Warnings for copied files whose published paths differ only in letter case (`Plan.pdf`,
/// `plan.pdf`): hosts on Windows or macOS, and a download unpacked there, keep only one of
/// them. Kind `case-clash`, one per file after the first of a spelling.
fn case_clashes(tree: &ContentTree) -> Vec<Warning> {
    let mut first: std::collections::HashMap<String, &ContentAsset> = Default::default();
    let mut out = Vec::new();
    for a in tree.assets.iter().chain(&tree.site_assets) {
        match first.entry(a.rel.to_lowercase()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(a);
            }
            std::collections::hash_map::Entry::Occupied(o) => out.push(
                Warning::at(
                    "case-clash",
                    Location::file(&a.file),
                    format!(
                        "`{}` and `{}` differ only in letter case: a host on Windows or macOS keeps one of them",
                        a.rel,
                        o.get().rel
                    ),
                )
                .help("rename one of the two files, and the links to it"),
            ),
        }
    }
    out
}

fn read_source(path: &Path, rel: String) -> Result<SourceFile, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = String::from_utf8(bytes).map_err(|e| Error::not_utf8(path, &e))?;
    let slug = slug_of(path);
    let (frontmatter, has_frontmatter, body, body_line) = split_frontmatter(&text, path)?;
    Ok(SourceFile {
        file: path.to_path_buf(),
        rel,
        slug,
        frontmatter,
        has_frontmatter,
        body,
        body_line,
    })
}

/// The slug of a Markdown file: its name without the extension.
fn slug_of(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

/// Parses a file's frontmatter as `T`.
///
/// # Errors
/// Every fault of the frontmatter's data at once (see [`yaml::parse_all`]).
pub fn parse_frontmatter<T: for<'de> Deserialize<'de> + Default>(
    f: &SourceFile,
) -> Result<T, Errors> {
    if f.frontmatter.trim().is_empty() {
        return Ok(T::default());
    }
    yaml::parse_all(&f.frontmatter, &f.file, 2)
}

/// Parses a project's frontmatter (which has required keys, so no Default).
///
/// # Errors
/// No frontmatter, an empty one, or every fault of its data at once.
pub fn parse_project(f: &SourceFile) -> Result<RawProject, Errors> {
    if !f.has_frontmatter {
        return Err(Error::content_help(
            Location::at(&f.file, 1, 1),
            "a project file needs YAML frontmatter",
            Some("start the file with `---`, then `title:`, `field:`, `lead:`, then `---`".into()),
        )
        .into());
    }
    let written = f.frontmatter.lines().any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with('#')
    });
    if !written {
        return Err(Error::content_help(
            Location::at(&f.file, 1, 1),
            "the project's frontmatter is empty",
            Some(
                "write at least `title:`, `field:` and `lead:` between the two `---` lines".into(),
            ),
        )
        .into());
    }
    yaml::parse_all(&f.frontmatter, &f.file, 2)
}
