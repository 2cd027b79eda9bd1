//! The command line: parses arguments and calls the library; prints results and errors.

// The doc comments of the commands are clap's help texts, read in a terminal: `<root>` and a
// bare address are meant as written there.
#![allow(rustdoc::invalid_html_tags, rustdoc::bare_urls)]

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::site::{self, BuildOptions};

#[derive(Parser, Debug)]
#[command(
    name = "roadmap",
    version,
    about = "Build a static website from a digitalisation roadmap written in Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// The site folder (default: the nearest folder upwards with roadmap.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Where to write the site (default: <root>/public).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Include pages and projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Override roadmap.yaml's base_url (e.g. https://example.org/roadmap/).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Export the roadmap as one document: a self-contained HTML file (the attachment to a
    /// council proposal) and, with `--pdf`, an archivable, accessible PDF.
    Export {
        /// The site folder (default: the nearest folder upwards with roadmap.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// The HTML file to write (default: <root>/export/<slug of the title>.html); with
        /// `--pdf` alone, no HTML file is written.
        #[arg(long, short, value_name = "FILE.html")]
        output: Option<PathBuf>,
        /// Write a PDF (default: <root>/export/<slug of the title>.pdf).
        #[arg(long, value_name = "FILE.pdf", num_args = 0..=1)]
        pdf: Option<Option<PathBuf>>,
        /// The standard the PDF conforms to, checked by Typst's validator.
        #[arg(long, value_enum, default_value_t = crate::export::Standard::A2a)]
        pdf_standard: crate::export::Standard,
        /// Include pages and projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the site without writing anything: errors, and warnings an editor needs.
    Check {
        /// The site folder (default: the nearest folder upwards with roadmap.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// Include pages and projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors (exit status 1).
        #[arg(long)]
        strict: bool,
        /// Output: `text` for people, `json` for pipelines.
        #[arg(long, value_enum, default_value_t = crate::check::Format::Text)]
        format: crate::check::Format,
    },
    /// Serve the site on http://127.0.0.1:PORT/, rebuild it on every change and reload open pages.
    Serve {
        /// The site folder (default: the nearest folder upwards with roadmap.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
        /// The port (0 picks a free one).
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but a loopback address makes the site reachable
        /// from other machines.
        #[arg(long, default_value_t = crate::serve::DEFAULT_BIND)]
        bind: std::net::IpAddr,
        /// Open the site in the web browser.
        #[arg(long)]
        open: bool,
        /// Include pages and projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new roadmap site (roadmap.yaml, a page, a project) in DIR.
    Init {
        /// The folder to create the site in (created if missing).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's language: its roadmap.yaml, example pages and UI words.
        #[arg(long, default_value = "de", value_parser = ["de", "en"])]
        language: String,
    },
    /// Create a new project or page with its frontmatter filled in.
    New {
        #[command(subcommand)]
        what: NewKind,
        /// The site folder (default: the nearest folder upwards with roadmap.yaml).
        #[arg(long, global = true)]
        root: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewKind {
    /// A project file under content/<projects_dir>/.
    Project {
        /// The project's title; the file name is made from it.
        title: String,
        /// The key of its field (default: the first field of roadmap.yaml).
        #[arg(long)]
        field: Option<String>,
    },
    /// A prose page under content/.
    Page {
        /// The page's title; the file name is made from it.
        title: String,
    },
}

fn fail(errs: &crate::error::Errors) -> i32 {
    crate::report::eprint_errors(errs);
    errs.exit_code()
}

/// The site folder: `--root` as given, else the nearest folder from here upwards that holds
/// roadmap.yaml (as git finds its repository), else the current folder.
/// Messages then name files relative to where the command was run (`../content/a.md`).
fn site_root(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| {
        let here = std::env::current_dir().ok();
        let found = here.as_deref().and_then(crate::config::find_root);
        match (here, found) {
            (Some(here), Some(found)) => {
                let up = here.components().count() - found.components().count();
                match up {
                    0 => PathBuf::from("."),
                    n => vec![".."; n].join("/").into(),
                }
            }
            _ => PathBuf::from("."),
        }
    })
}

/// Runs the command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check {
            root,
            drafts,
            strict,
            format,
        } => crate::check::run(
            &BuildOptions {
                root: site_root(root),
                drafts,
                ..Default::default()
            },
            strict,
            format,
        ),
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => build(BuildOptions {
            root: site_root(root),
            output,
            drafts,
            base_url,
        }),
        Command::Export {
            root,
            output,
            pdf,
            pdf_standard,
            drafts,
        } => export(site_root(root), output, pdf, pdf_standard, drafts),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let opts = crate::serve::ServeOptions {
                root: site_root(root),
                port,
                bind,
                drafts,
                open,
            };
            match crate::serve::serve(opts) {
                Ok(()) => 0,
                Err(errs) => fail(&errs),
            }
        }
        Command::Init { dir, language } => init(&dir, &language),
        Command::New { what, root } => new(what, site_root(root)),
    }
}

/// `roadmap build`: the summary line, or the errors and the note that nothing was written.
fn build(opts: BuildOptions) -> i32 {
    use crate::report::count;
    match site::build(&opts) {
        Ok(report) => {
            crate::report::eprint_warnings(&report.warnings);
            crate::say!(
                "Built {} ({}, {}) into {} in {} ms{}",
                count(report.pages, "page", "pages"),
                count(report.projects, "project", "projects"),
                count(report.files, "file", "files"),
                report.output.display(),
                report.elapsed.as_millis(),
                match report.warnings.len() {
                    0 => String::new(),
                    n => format!(", {}", count(n, "warning", "warnings")),
                }
            );
            0
        }
        Err(errs) => {
            crate::report::eprint_errors(&errs);
            crate::say!("Nothing was written; the previous output is unchanged.");
            errs.exit_code()
        }
    }
}

/// `roadmap export`: the HTML file unless only `--pdf` was asked for, then the PDF if asked for.
fn export(
    root: PathBuf,
    output: Option<PathBuf>,
    pdf: Option<Option<PathBuf>>,
    standard: crate::export::Standard,
    drafts: bool,
) -> i32 {
    if output.is_some() || pdf.is_none() {
        let code = crate::export_html::run(&crate::export_html::ExportOptions {
            root: root.clone(),
            output,
            drafts,
        });
        if code != 0 || pdf.is_none() {
            return code;
        }
    }
    crate::export::run(root, None, pdf, standard, drafts)
}

/// `roadmap init DIR`: the files written and what to do next.
fn init(dir: &std::path::Path, language: &str) -> i32 {
    let language = if language == "en" {
        crate::config::Language::En
    } else {
        crate::config::Language::De
    };
    match crate::scaffold::init(dir, crate::quarter::today(), language) {
        Ok(files) => {
            for f in files {
                crate::say!("created {}", f.display());
            }
            crate::say!(
                "Next: `roadmap serve --root {}` and open the address it prints.",
                dir.display()
            );
            0
        }
        Err(errs) => fail(&errs),
    }
}

/// `roadmap new project|page`: which file, which number, where to see it.
fn new(what: NewKind, root: PathBuf) -> i32 {
    let year = crate::quarter::today().year;
    let (kind, title, field) = match what {
        NewKind::Project { title, field } => (crate::scaffold::Kind::Project, title, field),
        NewKind::Page { title } => (crate::scaffold::Kind::Page, title, None),
    };
    match crate::scaffold::new_file(&root, kind, &title, field.as_deref(), year) {
        Ok(c) => {
            match (c.number, &c.field) {
                (Some(n), Some(f)) => crate::say!(
                    "created {} (number {n} in the field `{f}`)",
                    c.path.display()
                ),
                _ => crate::say!("created {}", c.path.display()),
            }
            crate::say!(
                "Fill it in, then see it with `roadmap serve` at http://127.0.0.1:1111{}{} (with serve's default port)",
                c.base_path,
                c.url_path
            );
            if kind == crate::scaffold::Kind::Page {
                crate::say!(
                    "To show it in the navigation, add `{}` to `outline` in roadmap.yaml.",
                    c.url_path.trim_end_matches('/')
                );
            }
            0
        }
        Err(errs) => fail(&errs),
    }
}
