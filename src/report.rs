//! How errors and warnings reach people and pipelines: text for a terminal (the file and line,
//! the source line with a caret under the column, a help line; colour only on a terminal and
//! never with `NO_COLOR`), and one JSON object for `roadmap check --format json`.
//!
//! This is the only place that reads a source file again after loading: to quote the line an
//! error points at.

use std::io::Write;
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::error::{Error, Errors, Location, Warning};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One error or warning in the shape of `check --format json` (field order is the JSON's).
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// `yaml`, `content`, `link`, `template`, `io`, `usage` for errors; the warning's kind.
    pub kind: String,
    pub file: Option<String>,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based, in characters.
    pub column: Option<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error as a diagnostic.
    pub fn from_error(e: &Error) -> Diagnostic {
        let (kind, at, message, help) = match e {
            Error::Yaml { at, message, help } => ("yaml", Some(at), message.clone(), help.clone()),
            Error::Content { at, message, help } => {
                ("content", Some(at), message.clone(), help.clone())
            }
            Error::Link { at, message, help } => ("link", Some(at), message.clone(), help.clone()),
            Error::Template { at, message } => ("template", Some(at), message.clone(), None),
            Error::Io { path, source } => {
                ("io", None, format!("{}: {source}", path.display()), None)
            }
            Error::Usage { message } => ("usage", None, message.clone(), None),
        };
        Diagnostic::new(Severity::Error, kind, at, message, help)
    }

    /// A warning as a diagnostic; `strict` makes it an error.
    pub fn from_warning(w: &Warning, strict: bool) -> Diagnostic {
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        Diagnostic::new(
            severity,
            w.kind,
            w.at.as_ref(),
            w.message.clone(),
            w.help.clone(),
        )
    }

    fn new(
        severity: Severity,
        kind: &str,
        at: Option<&Location>,
        message: String,
        help: Option<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            kind: kind.to_string(),
            file: at.map(|a| a.file.to_string_lossy().into_owned()),
            line: at.and_then(|a| a.line),
            column: at.and_then(|a| a.column),
            message,
            help,
        }
    }

    /// The diagnostic as terminal text: `error: file:line:col: message`, the source line with a
    /// caret, `help: …`. Styles are ANSI codes; print through [`eprint_styled`], which drops
    /// them where colour is not wanted.
    pub fn to_text(&self) -> String {
        let (label, colour) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
        };
        let strong = Style::new().bold().fg_color(Some(colour.into()));
        let dim = Style::new().fg_color(Some(AnsiColor::Blue.into()));
        let mut out = format!("{strong}{label}{strong:#}: ");
        if let Some(file) = &self.file {
            out.push_str(file);
            if let Some(line) = self.line {
                out.push_str(&format!(":{line}"));
                if let Some(col) = self.column {
                    out.push_str(&format!(":{col}"));
                }
            }
            out.push_str(": ");
        }
        if self.severity == Severity::Error && self.kind != "io" && self.kind != "usage" {
            out.push_str(&format!("{}: ", kind_words(&self.kind)));
        }
        out.push_str(&self.message);
        if let (Some(file), Some(line)) = (&self.file, self.line) {
            if let Some(text) = source_line(Path::new(file), line) {
                let (text, column) = window(&text, self.column.unwrap_or(1));
                let number = line.to_string();
                let pad = " ".repeat(number.len());
                out.push_str(&format!(
                    "\n{dim}{pad} |{dim:#}\n{dim}{number} |{dim:#} {text}"
                ));
                if self.column.is_some() {
                    out.push_str(&format!(
                        "\n{dim}{pad} |{dim:#} {}{strong}^{strong:#}",
                        caret_indent(&text, column)
                    ));
                }
            }
        }
        if let Some(help) = &self.help {
            let h = Style::new().bold();
            out.push_str(&format!("\n  {h}help{h:#}: {help}"));
        }
        out
    }
}

/// How an error kind reads in the text form.
fn kind_words(kind: &str) -> &str {
    match kind {
        "yaml" => "invalid YAML",
        "content" => "invalid content",
        "link" => "broken link",
        "template" => "template error",
        other => other,
    }
}

/// Line `line` (1-based) of `file`, without its line end, if the file can be read.
fn source_line(file: &Path, line: usize) -> Option<String> {
    let text = std::fs::read_to_string(file).ok()?;
    // Lines end as the loader reads them: `\n`, `\r\n` or a lone `\r` (old Mac files).
    let text = crate::content::with_line_feeds(&text);
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let l = l.strip_prefix('\u{feff}').unwrap_or(l);
    // An invisible control character is shown by its picture (U+240B for a vertical tab), so
    // that the caret points at something.
    Some(
        l.trim_end_matches('\r')
            .chars()
            .map(|c| match c as u32 {
                0..=8 | 0xb..=0x1f => char::from_u32(0x2400 + c as u32).unwrap_or(c),
                _ => c,
            })
            .collect(),
    )
}

/// How many characters of a source line are shown at most: a longer line (a paragraph written
/// on one line) is shown around the column, cut with `…` at either end.
const SHOWN: usize = 100;

/// `text` as shown, and the column `col` (1-based, in characters) within it: the whole line
/// up to [`SHOWN`] characters, else [`SHOWN`] characters around the column.
fn window(text: &str, col: usize) -> (String, usize) {
    let n = text.chars().count();
    if n <= SHOWN {
        return (text.to_string(), col);
    }
    let start = col.saturating_sub(SHOWN / 2).min(n - SHOWN);
    let mut shown: String = text.chars().skip(start).take(SHOWN).collect();
    let mut column = col - start;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if start + SHOWN < n {
        shown.push('…');
    }
    (shown, column)
}

/// The white space that puts a caret under character `col` (1-based) of `text`: tabs stay tabs,
/// so the caret lines up however the terminal shows them.
fn caret_indent(text: &str, col: usize) -> String {
    text.chars()
        .take(col.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}

/// Every error, then every warning, as diagnostics.
pub fn collect(errors: Option<&Errors>, warnings: &[Warning], strict: bool) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = errors
        .map(|e| e.0.iter().map(Diagnostic::from_error).collect())
        .unwrap_or_default();
    out.extend(warnings.iter().map(|w| Diagnostic::from_warning(w, strict)));
    out
}

/// `errors` as plain text (no colour), each with its source line: for the browser overlay of
/// `serve` and for tests.
pub fn plain(errors: &Errors) -> String {
    let text: Vec<String> = errors
        .0
        .iter()
        .map(|e| strip_styles(&Diagnostic::from_error(e).to_text()))
        .collect();
    format!(
        "{}\n{}",
        text.join("\n"),
        count(errors.0.len(), "error", "errors")
    )
}

/// "1 error", "2 errors".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn strip_styles(s: &str) -> String {
    let mut out = Vec::new();
    let mut stream = anstream::StripStream::new(&mut out);
    let _ = stream.write_all(s.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// Prints `text` to standard error, with its styles where colour is wanted (a terminal, no
/// `NO_COLOR`; `CLICOLOR_FORCE` forces it).
pub fn eprint_styled(text: &str) {
    let mut err = anstream::stderr();
    let _ = writeln!(err, "{text}");
}

/// Prints errors (with source lines) to standard error.
pub fn eprint_errors(errors: &Errors) {
    for e in &errors.0 {
        eprint_styled(&Diagnostic::from_error(e).to_text());
    }
    eprint_styled(&count(errors.0.len(), "error", "errors"));
}

/// Prints warnings to standard error.
pub fn eprint_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprint_styled(&Diagnostic::from_warning(w, false).to_text());
    }
}

/// The JSON object of `check --format json`, version 1.
#[derive(Debug, Serialize)]
pub struct CheckJson {
    /// The format's version; a change that drops or renames a key raises it.
    pub version: u32,
    /// The site folder checked.
    pub root: String,
    /// True when there is no error (with `--strict`: and no warning).
    pub ok: bool,
    pub errors: usize,
    pub warnings: usize,
    /// Pages rendered (0 when loading failed).
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_stands_under_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "---\ntitle: Bau: jetzt\n---\n").unwrap();
        let e = Error::Yaml {
            at: Location::at(&file, 2, 11),
            message: "m".into(),
            help: Some("h".into()),
        };
        let text = strip_styles(&Diagnostic::from_error(&e).to_text());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[2], "2 | title: Bau: jetzt");
        assert_eq!(lines[3], "  |           ^");
        assert_eq!(lines[4], "  help: h");
    }

    #[test]
    fn a_long_line_is_shown_around_its_column() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let long = format!("{}[x](nix.md){}", "Wort ".repeat(2000), " Ende".repeat(500));
        std::fs::write(&file, format!("---\ntitle: T\n---\n{long}\n")).unwrap();
        let col = 10_001;
        let e = Error::Link {
            at: Location::at(&file, 4, col),
            message: "m".into(),
            help: None,
        };
        let text = strip_styles(&Diagnostic::from_error(&e).to_text());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].trim_start_matches("4 | ");
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= 102, "{}", shown.chars().count());
        let caret = lines[3].trim_start_matches("  | ");
        let under: String = shown.chars().skip(caret.len() - 1).take(11).collect();
        assert_eq!(under, "[x](nix.md)", "the caret stands under the link");
    }
}
