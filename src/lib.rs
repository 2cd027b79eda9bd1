/// As `eprintln!`, but a closed standard error (`roadmap build 2>&1 | head -3`) is no panic:
/// what cannot be said is left unsaid, and the command's exit status stays its own.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// As `println!`, without a panic on a closed standard output (see [`say!`]).
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod bodies;
pub mod charts;
pub mod check;
pub mod cli;
pub mod color;
pub mod config;
pub mod content;
pub mod error;
pub mod export;
pub mod export_html;
pub mod format;
pub mod hyphenate;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod opendata;
pub mod outfile;
pub mod output;
pub mod packed;
pub mod quarter;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod views;
pub mod yaml;
