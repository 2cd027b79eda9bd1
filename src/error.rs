//! The one error type of the crate: every problem a build can meet, with the context a user
//! needs to fix it (file, line, column, what was expected, a suggestion).

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in which file a problem sits. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(file: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        Ok(())
    }
}

/// Every error of the crate.
#[derive(Debug)]
pub enum Error {
    /// The YAML of a file does not parse or does not have the expected shape.
    Yaml {
        at: Location,
        message: String,
        help: Option<String>,
    },
    /// The content parses but breaks a rule of the format (unknown key, bad quarter, …).
    Content {
        at: Location,
        message: String,
        help: Option<String>,
    },
    /// A link between content files points nowhere.
    Link {
        at: Location,
        message: String,
        help: Option<String>,
    },
    /// A template of the theme or of the site's overrides fails to parse or render.
    Template { at: Location, message: String },
    /// Reading or writing a file failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The command line or the site layout is wrong (exit status 2).
    Usage { message: String },
}

impl Error {
    pub fn content(at: Location, message: impl Into<String>) -> Self {
        Error::Content {
            at,
            message: message.into(),
            help: None,
        }
    }

    pub fn content_help(at: Location, message: impl Into<String>, help: Option<String>) -> Self {
        Error::Content {
            at,
            message: message.into(),
            help,
        }
    }

    /// The error of a file at `path` whose bytes are not UTF-8: at the line and column of the
    /// first byte that is not (columns count characters), with how to save it.
    pub fn not_utf8(path: &Path, fault: &std::string::FromUtf8Error) -> Self {
        let valid = &fault.as_bytes()[..fault.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let last = valid
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(valid, |i| &valid[i + 1..]);
        let column = String::from_utf8_lossy(last).chars().count() + 1;
        Error::content_help(
            Location::at(path, line, column),
            "the file is not valid UTF-8",
            Some(
                "save the file as UTF-8 (most editors offer this under \"Save with encoding\")"
                    .into(),
            ),
        )
    }

    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            source,
        }
    }

    /// The process exit status this error asks for: 2 for usage errors, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage { .. } => 2,
            _ => 1,
        }
    }

    /// The file the error is about, if any.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Yaml { at, .. }
            | Error::Content { at, .. }
            | Error::Link { at, .. }
            | Error::Template { at, .. } => Some(at),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (at, kind, message, help) = match self {
            Error::Yaml { at, message, help } => (at, "invalid YAML", message, help),
            Error::Content { at, message, help } => (at, "invalid content", message, help),
            Error::Link { at, message, help } => (at, "broken link", message, help),
            Error::Template { at, message } => (at, "template error", message, &None),
            Error::Io { path, source } => {
                return write!(f, "error: {}: {source}", path.display());
            }
            Error::Usage { message } => return write!(f, "error: {message}"),
        };
        write!(f, "error: {at}: {kind}: {message}")?;
        if let Some(help) = help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A problem that does not stop a build (a date clipped to the timeline, a file passed over,
/// a page no visitor can reach). `build` and `serve` print warnings; `check --strict` fails on
/// them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// A short, stable name for pipelines (`date-clipped`, `unreachable-page`, …); the list is
    /// in the README under `roadmap check`.
    pub kind: &'static str,
    /// Where, when the warning is about a place in a file.
    pub at: Option<Location>,
    pub message: String,
    /// What to do, in plain words.
    pub help: Option<String>,
}

impl Warning {
    /// A warning about a place in a file.
    pub fn at(kind: &'static str, at: Location, message: impl Into<String>) -> Self {
        Warning {
            kind,
            at: Some(at),
            message: message.into(),
            help: None,
        }
    }

    /// A warning about the site as a whole.
    pub fn site(kind: &'static str, message: impl Into<String>) -> Self {
        Warning {
            kind,
            at: None,
            message: message.into(),
            help: None,
        }
    }

    /// The same warning with a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = &self.at {
            write!(f, "{at}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All errors of one build, reported together.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<Error>);

impl Errors {
    pub fn push(&mut self, e: Error) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn exit_code(&self) -> i32 {
        self.0.iter().map(Error::exit_code).max().unwrap_or(1)
    }

    /// Ok(value) when no error was collected.
    /// Orders the errors by file, line and column (a file's errors without a line first,
    /// errors without a place last, ties by their text) and drops repeats: an editor reads a
    /// file's faults top to bottom.
    pub fn sort_by_place(&mut self) {
        self.0.sort_by_cached_key(|e| {
            let at = e.location();
            (
                at.is_none(),
                at.map(|l| (l.file.clone(), l.line, l.column)),
                e.to_string(),
            )
        });
        self.0.dedup_by(|a, b| a.to_string() == b.to_string());
    }

    pub fn into_result<T>(self, value: T) -> Result<T, Errors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Error> for Errors {
    fn from(e: Error) -> Self {
        Errors(vec![e])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be a likely typo
/// and clearly closer than every other candidate (a tie suggests nothing: a guess between two
/// would mislead). Close enough: at most a third of what differs (the word without the start
/// and end it shares with the candidate, so that a shared folder or `.md` does not make a
/// different name look close), and at least 2 edits are allowed.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let lower: Vec<char> = word.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for c in candidates {
        let other: Vec<char> = c.to_lowercase().chars().collect();
        let d = levenshtein(&lower, &other);
        let start = lower.iter().zip(&other).take_while(|(a, b)| a == b).count();
        let end = lower[start..]
            .iter()
            .rev()
            .zip(other[start..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let differing = lower.len() - start - end;
        if d > (differing / 3).max(2) {
            continue;
        }
        match best {
            Some((bd, bc)) if d == bd && !c.eq_ignore_ascii_case(bc) => tied = true,
            Some((bd, _)) if d >= bd => {}
            _ => {
                best = Some((d, c));
                tied = false;
            }
        }
    }
    let (_, c) = best?;
    (!tied).then(|| c.to_string())
}

/// The edit distance between `a` and `b` (insertions, deletions, substitutions of characters).
fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// "did you mean `x`?" for a suggestion, or a list of the valid values.
pub fn did_you_mean(word: &str, candidates: &[&str]) -> Option<String> {
    match suggest(word, candidates.iter().copied()) {
        Some(s) => Some(format!("did you mean `{s}`?")),
        None if candidates.is_empty() => None,
        None => Some(format!("expected one of: {}", candidates.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_words_only() {
        assert_eq!(
            suggest("titel", ["title", "subtitle"]).as_deref(),
            Some("title")
        );
        assert_eq!(
            suggest("digitale-verwaltun", ["digitale-verwaltung", "smart-city"]).as_deref(),
            Some("digitale-verwaltung")
        );
        assert_eq!(suggest("zzzzzz", ["title"]), None);
        // Two equally near candidates: no guess.
        assert_eq!(suggest("feld-b", ["feld-a", "feld-c"]), None);
    }

    #[test]
    fn a_shared_folder_or_ending_does_not_make_a_different_name_near() {
        // Six edits in a path of 20 characters, but the names differ wholly.
        let files = ["projekte/zweites.md", "projekte/beispielprojekt.md"];
        assert_eq!(suggest("projekte/beispiel.md", files), None);
        // A slip within the name still is near, however long the shared part.
        assert_eq!(
            suggest("projekte/zweitse.md", files).as_deref(),
            Some("projekte/zweites.md")
        );
        assert_eq!(
            suggest("digtale-verwaltng", ["digitale-verwaltung"]).as_deref(),
            Some("digitale-verwaltung")
        );
    }
}
