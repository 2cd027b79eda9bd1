//! `roadmap check`: loads and renders a site in memory, writes nothing, and reports every error
//! and warning, among them an accessibility statement whose assessment is more than a year old.

use crate::accessibility;
use crate::site::{self, BuildOptions};

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    pub pages: usize,
    pub warnings: Vec<String>,
}

/// Loads and renders the site under `opts.root`; warnings are judged against `today`.
pub fn check(
    opts: &BuildOptions,
    today: crate::quarter::Date,
) -> Result<Report, crate::error::Errors> {
    let roadmap = site::load(opts)?;
    let (_, pages) = site::render(&roadmap)?;
    let mut warnings = roadmap.warnings.clone();
    if let Some(a) = &roadmap.config.accessibility {
        warnings.extend(accessibility::warnings(a, &roadmap.config.file, today));
    }
    Ok(Report { pages, warnings })
}

/// Runs the check and prints what it found; returns the exit status (0 also with warnings).
pub fn run(opts: &BuildOptions) -> i32 {
    match check(opts, accessibility::today()) {
        Ok(report) => {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
            let n = report.warnings.len();
            eprintln!(
                "Checked {} pages: no errors, {n} warning{}",
                report.pages,
                if n == 1 { "" } else { "s" }
            );
            0
        }
        Err(errs) => {
            eprintln!("{errs}");
            errs.exit_code()
        }
    }
}
