//! `roadmap export`: the roadmap as one self-contained HTML file, the attachment to a council
//! proposal. The site is rendered in memory as a build renders it (same model, theme, i18n and
//! errors); then each page of the document is rendered again by its own template without the
//! site's frame, and the theme's `export.html` puts them into one document:
//!
//! - `document`: which pages, in which order (roadmap.yaml's `outline`), their ids, the table
//!   of contents, the stylesheets, and the document itself;
//! - `rewrite`: one page made a section of the document: ids namespaced, headings one level
//!   down, links between pages turned into `#fragment` links, files embedded;
//! - `embed`: files as `data:` URIs, and the check that the document loads nothing;
//! - `target`: where the file goes, the guard that keeps it off the sources, the atomic write.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::error::{Errors, Warning};
use crate::model::Roadmap;
use crate::site::{self, BuildOptions};

mod document;
mod embed;
mod rewrite;
mod target;

pub use target::{check_target, default_output};

/// What `roadmap export` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The HTML file to write; default `<root>/export/<slug of the title>.html`.
    pub output: Option<PathBuf>,
    /// Include pages and projects marked `draft: true`.
    pub drafts: bool,
}

/// What an export wrote.
#[derive(Debug)]
pub struct ExportReport {
    /// The file written.
    pub output: PathBuf,
    /// The size of the file in bytes.
    pub bytes: usize,
    /// The sections of the document (chapters, projects, generated parts).
    pub sections: usize,
    /// The projects of the roadmap, each a section.
    pub projects: usize,
    /// How long the export took.
    pub elapsed: Duration,
    /// The warnings of loading the roadmap (as a build has them, but `no-sitemap`).
    pub warnings: Vec<Warning>,
}

/// Loads the roadmap as a build does. Without `base_url` a site has no sitemap, which is no
/// concern of a document, so that warning is left out.
fn load(opts: &ExportOptions) -> Result<Roadmap, Errors> {
    let mut roadmap = site::load(&BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        ..Default::default()
    })?;
    roadmap.warnings.retain(|w| w.kind != "no-sitemap");
    Ok(roadmap)
}

/// Writes the roadmap under `opts.root` as one HTML file.
///
/// # Errors
/// The errors a build reports for the same site; a usage error (exit status 2) when the file
/// would land among the site's sources or replace a file that is not an earlier export; an
/// error of the theme's `export.html`, or a document that would load a file.
pub fn export(opts: &ExportOptions) -> Result<ExportReport, Errors> {
    let started = Instant::now();
    if let Some(output) = &opts.output {
        check_target(&opts.root, output)?;
    }
    let roadmap = load(opts)?;
    let output = match &opts.output {
        Some(o) => o.clone(),
        None => {
            let o = default_output(&opts.root, &roadmap.config.title);
            check_target(&opts.root, &o)?;
            o
        }
    };
    let rendered = site::render_full(&roadmap)?;
    let doc = document::build(&roadmap, &rendered)?;
    target::write_file(&output, doc.html.as_bytes())?;
    Ok(ExportReport {
        output,
        bytes: doc.html.len(),
        sections: doc.sections,
        projects: roadmap.projects.len(),
        elapsed: started.elapsed(),
        warnings: roadmap.warnings,
    })
}

/// A size for people: `812 KB`, `1.4 MB`.
pub fn human_size(bytes: usize) -> String {
    const KB: usize = 1024;
    if bytes < 1000 * KB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        format!("{:.1} MB", bytes as f64 / (KB * KB) as f64)
    }
}

/// Runs `roadmap export` for the command line: warnings, then the line that names the file
/// and its size, or the errors. Returns the exit status.
pub fn run(opts: &ExportOptions) -> i32 {
    match export(opts) {
        Ok(report) => {
            crate::report::eprint_warnings(&report.warnings);
            crate::say!(
                "Wrote {} ({})",
                report.output.display(),
                human_size(report.bytes)
            );
            0
        }
        Err(errs) => {
            crate::report::eprint_errors(&errs);
            crate::say!("Nothing was written.");
            errs.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_a_file_manager() {
        assert_eq!(human_size(1), "1 KB");
        assert_eq!(human_size(831_488), "812 KB");
        assert_eq!(human_size(1_468_006), "1.4 MB");
    }
}
