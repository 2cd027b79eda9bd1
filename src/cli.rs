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
    }
}
