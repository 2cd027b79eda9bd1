//! `roadmap export`: the roadmap as one document. `--pdf` writes an archivable, accessible PDF
//! (PDF/A-2a, tagged, by default) made in-process by Typst from the same model as the site:
//! `typeset` gathers the theme's Typst files and fonts, `targets` resolves links and images,
//! `markup` turns the Markdown texts into Typst markup (`escape` writes every character),
//! `data` (with `project`) turns the model into structured values, the theme's
//! `typst/roadmap.typ` lays them out, `world` is all Typst may read and `pdf` runs Typst and
//! maps its diagnostics. Without the cargo feature `pdf` only the command line is left. The
//! HTML file of the same command is `export_html`'s.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Errors, Warning};
#[cfg(not(feature = "pdf"))]
use crate::model::Roadmap;
use crate::site::{self, BuildOptions};
use crate::theme;

#[cfg(feature = "pdf")]
mod data;
#[cfg(feature = "pdf")]
mod escape;
#[cfg(feature = "pdf")]
mod markup;
#[cfg(all(test, feature = "pdf"))]
mod markup_tests;
#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "pdf")]
mod project;
// What an export is made from, and names shared by its parts.
#[cfg(feature = "pdf")]
mod source;
#[cfg(feature = "pdf")]
mod targets;
#[cfg(feature = "pdf")]
mod typeset;
#[cfg(feature = "pdf")]
mod world;

/// The PDF standard the export must conform to; Typst's validator checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2a: archivable and tagged (accessible).
    #[default]
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-2b: archivable, visual appearance only.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/UA-1: accessible.
    #[value(name = "ua-1")]
    Ua1,
    /// No standard: a plain (still tagged) PDF.
    #[value(name = "none")]
    None,
}

impl Standard {
    /// The value of `--pdf-standard`.
    pub fn name(self) -> &'static str {
        match self {
            Standard::A2a => "a-2a",
            Standard::A2b => "a-2b",
            Standard::Ua1 => "ua-1",
            Standard::None => "none",
        }
    }

    /// How people write it: "PDF/A-2a".
    pub fn title(self) -> &'static str {
        match self {
            Standard::A2a => "PDF/A-2a",
            Standard::A2b => "PDF/A-2b",
            Standard::Ua1 => "PDF/UA-1",
            Standard::None => "PDF",
        }
    }
}

/// What `roadmap export --pdf` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The PDF file; default `<root>/export/<slug of the title>.pdf`.
    pub output: Option<PathBuf>,
    /// The standard Typst checks the PDF against.
    pub standard: Standard,
    /// Include pages and projects marked `draft: true`.
    pub drafts: bool,
}

/// What an export wrote.
#[derive(Debug)]
pub struct PdfReport {
    /// The PDF file written.
    pub output: PathBuf,
    /// Its number of pages.
    pub pages: usize,
    /// The projects in the roadmap.
    pub projects: usize,
    /// Its size.
    pub bytes: usize,
    /// Loading, typesetting and writing.
    pub elapsed: Duration,
    /// What the site's loading and the export warned about.
    pub warnings: Vec<Warning>,
}

/// The PDF's path when `--pdf` names none: `<root>/export/<slug of the title>.pdf`.
pub fn default_pdf_path(root: &Path, title: &str) -> PathBuf {
    let slug = crate::model::slugify(title);
    let slug = if slug.is_empty() {
        "roadmap".into()
    } else {
        slug
    };
    root.join("export").join(format!("{slug}.pdf"))
}

/// Refuses to write the PDF over a folder, the configuration or into the site's sources.
fn check_target(root: &Path, target: &Path) -> Result<(), Error> {
    let usage = |why: &str| Error::Usage {
        message: format!("--pdf {}: {why}", target.display()),
    };
    if target.is_dir() {
        return Err(usage("is a folder; name the PDF file"));
    }
    let target = crate::output::resolve(target);
    let root = crate::output::resolve(root);
    match crate::output::SOURCES
        .iter()
        .find(|src| target.starts_with(root.join(src)))
    {
        Some(src) => Err(usage(&format!(
            "lies in the site's sources ({src}); write it elsewhere, e.g. into export/"
        ))),
        None => Ok(()),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place: readers
/// see the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = path
        .file_name()
        .map_or("export".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

/// The PDF of a loaded roadmap: its bytes, its number of pages, what was left out.
#[cfg(feature = "pdf")]
pub use typeset::render_pdf;

/// Without the `pdf` feature there is no Typst in the binary: an error saying so.
#[cfg(not(feature = "pdf"))]
pub fn render_pdf(
    _roadmap: &Roadmap,
    _theme: &theme::Theme,
    _standard: Standard,
) -> Result<(Vec<u8>, usize, Vec<Warning>), Errors> {
    Err(Error::Usage {
        message: "this copy of roadmap was built without the PDF export\n  help: export the HTML file instead (leave out --pdf), or ask whoever installed roadmap for a build with PDF support (the cargo feature `pdf`, on by default)"
            .into(),
    }
    .into())
}

/// Exports the roadmap under `opts.root` as a PDF.
pub fn export_pdf(opts: &PdfOptions) -> Result<PdfReport, Errors> {
    let started = Instant::now();
    let mut roadmap = site::load(&BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        ..BuildOptions::default()
    })?;
    roadmap.warnings.retain(|w| w.kind != "no-sitemap");
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| default_pdf_path(&opts.root, &roadmap.config.title));
    check_target(&opts.root, &output)?;
    let theme = theme::load(&roadmap.config)?;
    let (bytes, pages, mut warnings) = render_pdf(&roadmap, &theme, opts.standard)?;
    write_atomically(&output, &bytes)?;
    warnings.splice(0..0, roadmap.warnings.iter().cloned());
    Ok(PdfReport {
        output,
        pages,
        projects: roadmap.projects.len(),
        bytes: bytes.len(),
        elapsed: started.elapsed(),
        warnings,
    })
}

/// `roadmap export`: runs the export the arguments ask for, prints the result; the exit status.
pub fn run(
    root: PathBuf,
    html: Option<PathBuf>,
    pdf: Option<Option<PathBuf>>,
    standard: Standard,
    drafts: bool,
) -> i32 {
    let usage = |message: &str| {
        crate::report::eprint_errors(
            &Error::Usage {
                message: message.into(),
            }
            .into(),
        );
        2
    };
    let Some(output) = pdf else {
        return usage("no PDF asked for: pass --pdf [FILE.pdf]");
    };
    if html.is_some() {
        return usage("the HTML file is written by `roadmap export --output FILE.html`");
    }
    let opts = PdfOptions {
        root,
        output,
        standard,
        drafts,
    };
    match export_pdf(&opts) {
        Ok(report) => {
            use crate::report::count;
            crate::report::eprint_warnings(&report.warnings);
            crate::say!(
                "Exported {} ({}, {}, {}, {} KiB) in {} ms",
                report.output.display(),
                standard.title(),
                count(report.pages, "page", "pages"),
                count(report.projects, "project", "projects"),
                report.bytes.div_ceil(1024),
                report.elapsed.as_millis()
            );
            0
        }
        Err(errs) => {
            crate::report::eprint_errors(&errs);
            crate::say!("Nothing was written; an earlier PDF is unchanged.");
            errs.exit_code()
        }
    }
}
