//! The command line: parses arguments and calls the library; prints results and errors.

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
        /// The site folder (with roadmap.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    /// Check the site without writing anything: errors, warnings, an outdated accessibility assessment.
    Check {
        /// The site folder (with roadmap.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages and projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site on http://127.0.0.1:PORT/, rebuild it on every change and reload open pages.
    Serve {
        /// The site folder (with roadmap.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
    },
    /// Create a new project or page with its frontmatter filled in.
    New {
        #[command(subcommand)]
        what: NewKind,
        /// The site folder (with roadmap.yaml and content/).
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
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
    eprintln!("{errs}");
    errs.exit_code()
}

/// Runs the command line; returns the exit status.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check { root, drafts } => crate::check::run(&BuildOptions {
            root,
            drafts,
            ..Default::default()
        }),
        Command::Build {
            root,
            output,
            drafts,
            base_url,
        } => {
            let opts = BuildOptions {
                root,
                output,
                drafts,
                base_url,
            };
            match site::build(&opts) {
                Ok(report) => {
                    for w in &report.warnings {
                        eprintln!("warning: {w}");
                    }
                    eprintln!(
                        "Built {} pages ({} projects, {} files) into {} in {} ms{}",
                        report.pages,
                        report.projects,
                        report.files,
                        report.output.display(),
                        report.elapsed.as_millis(),
                        match report.warnings.len() {
                            0 => String::new(),
                            n => format!(", {n} warning{}", if n == 1 { "" } else { "s" }),
                        }
                    );
                    0
                }
                Err(errs) => {
                    eprintln!("{errs}");
                    eprintln!("Nothing was written; the previous output is unchanged.");
                    errs.exit_code()
                }
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let opts = crate::serve::ServeOptions {
                root,
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
        Command::Init { dir } => match crate::scaffold::init(&dir, crate::scaffold::current_year())
        {
            Ok(files) => {
                for f in files {
                    eprintln!("created {}", f.display());
                }
                eprintln!(
                    "Next: `roadmap serve --root {}` and open the address it prints.",
                    dir.display()
                );
                0
            }
            Err(errs) => fail(&errs),
        },
        Command::New { what, root } => {
            let year = crate::scaffold::current_year();
            let result = match what {
                NewKind::Project { title, field } => crate::scaffold::new_file(
                    &root,
                    crate::scaffold::Kind::Project,
                    &title,
                    field.as_deref(),
                    year,
                ),
                NewKind::Page { title } => crate::scaffold::new_file(
                    &root,
                    crate::scaffold::Kind::Page,
                    &title,
                    None,
                    year,
                ),
            };
            match result {
                Ok(path) => {
                    eprintln!("created {}", path.display());
                    0
                }
                Err(errs) => fail(&errs),
            }
        }
    }
}
