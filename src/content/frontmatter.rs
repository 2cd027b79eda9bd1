//! Where a content file's frontmatter ends and its body begins, and the frontmatter other
//! generators write that this format does not read (TOML, JSON, an indented `---`).

use std::path::Path;

use crate::error::{Error, Location};

/// `text` with every line ending as `\n`: Windows' `\r\n` and the lone `\r` of old Mac
/// editors alike (a lone `\r` is no character a text means; left in, a file of them would be
/// one line). Borrowed when there is nothing to change.
pub fn with_line_feeds(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Splits `---\nyaml\n---\nbody` (any line ending, see [`with_line_feeds`]). A file without a
/// leading `---` has no frontmatter.
///
/// # Errors
/// Frontmatter that is there but would not be read: after blank lines, with its `---`
/// indented, in TOML (`+++`) or JSON (`{`) as other generators take it, or never closed.
pub fn split_frontmatter(text: &str, path: &Path) -> Result<(String, bool, String, usize), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = &*with_line_feeds(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if let Some(e) = foreign_frontmatter(first, text, path) {
        return Err(e);
    }
    if first.trim_end() != "---" {
        // Blank lines, then `---`: frontmatter that does not begin the file is not read.
        let blank = text.lines().take_while(|l| l.trim().is_empty()).count();
        if blank > 0
            && text
                .lines()
                .nth(blank)
                .is_some_and(|l| l.trim_end() == "---")
        {
            return Err(Error::content_help(
                Location::at(path, blank + 1, 1),
                format!(
                    "the frontmatter must begin on the file's first line; here {} before it",
                    if blank == 1 {
                        "a blank line stands".to_string()
                    } else {
                        format!("{blank} blank lines stand")
                    }
                ),
                Some("remove the blank lines before `---`".into()),
            ));
        }
        return Ok((String::new(), false, text.replace("\r\n", "\n"), 1));
    }
    let mut yaml = String::new();
    let mut line_no = 1;
    let mut consumed = first.len();
    for line in lines {
        line_no += 1;
        consumed += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body = text[consumed..].replace("\r\n", "\n");
            return Ok((yaml.replace("\r\n", "\n"), true, body, line_no + 1));
        }
        yaml.push_str(line);
    }
    // An indented `---` does not close it (YAML reads it as text): say which line it is.
    if let Some((n, line)) = text
        .lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| l.trim() == "---" && l.starts_with([' ', '\t']))
    {
        return Err(Error::content_help(
            Location::at(path, n + 1, 1),
            "this `---` is indented, so it does not close the frontmatter",
            Some(format!(
                "remove the {} before `---`: it must stand at the start of the line",
                spaces_before(line)
            )),
        ));
    }
    Err(Error::content_help(
        Location::at(path, 1, 1),
        "the frontmatter opened with `---` is never closed",
        Some("add a line with only `---` after the last YAML line".into()),
    ))
}

/// The error for a file whose first line `first` opens frontmatter that this format does not
/// read: `---` with spaces before it (YAML would not see it), TOML between `+++` lines or
/// JSON in braces (as Hugo and Zola take them). None for anything else.
fn foreign_frontmatter(first: &str, text: &str, path: &Path) -> Option<Error> {
    let line = first.trim_end();
    let at = || Location::at(path, 1, 1);
    if line.trim_start() == "---" && line != "---" {
        return Some(Error::content_help(
            at(),
            "the frontmatter's `---` is indented, so the file would be read without it",
            Some(format!(
                "remove the {} before `---`: it must stand at the start of the first line",
                spaces_before(line)
            )),
        ));
    }
    if line == "+++" {
        return Some(Error::content_help(
            at(),
            "this frontmatter is TOML (between `+++` lines), which roadmap does not read",
            Some(
                "write it in YAML between `---` lines: `title: Service portal` instead of \
                 `title = \"Service portal\"`"
                    .into(),
            ),
        ));
    }
    let json_key = text.lines().take(3).any(|l| {
        let l = l.trim_start();
        l.starts_with("\"title\"") || l.starts_with("{\"title\"") || l.starts_with("{ \"title\"")
    });
    if line.starts_with('{') && json_key {
        return Some(Error::content_help(
            at(),
            "this frontmatter is JSON (in braces), which roadmap does not read",
            Some(
                "write it in YAML between `---` lines: `title: Service portal` instead of \
                 `\"title\": \"Service portal\"`"
                    .into(),
            ),
        ));
    }
    None
}

/// "the space" or "the 3 spaces" before the text of `line`, for a help.
fn spaces_before(line: &str) -> String {
    match line.len() - line.trim_start().len() {
        1 => "space".to_string(),
        n => format!("{n} spaces"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn frontmatter_after_blank_lines_is_an_error_that_says_so() {
        let e = split_frontmatter("\n\n---\ntitle: x\n---\nText\n", Path::new("a.md"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a.md:3:1") && e.contains("2 blank lines"), "{e}");
        // A body without frontmatter may still have blank lines and a rule further down.
        assert!(split_frontmatter("\nText\n\n---\n", Path::new("a.md")).is_ok());
    }

    #[test]
    fn splits_frontmatter() {
        let (fm, has, body, line) =
            split_frontmatter("---\ntitle: x\n---\nHello\n", Path::new("a.md")).unwrap();
        assert!(has);
        assert_eq!(fm, "title: x\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
        assert!(split_frontmatter("---\ntitle: x\n", Path::new("a.md")).is_err());
    }

    fn message(text: &str) -> String {
        split_frontmatter(text, Path::new("a.md"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn old_mac_line_ends_are_lines() {
        let (fm, has, body, line) =
            split_frontmatter("---\rtitle: x\r---\rHallo\rWelt\r", Path::new("a.md")).unwrap();
        assert!(has);
        assert_eq!(fm, "title: x\n");
        assert_eq!(body, "Hallo\nWelt\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn frontmatter_of_other_generators_is_named() {
        let e = message("+++\ntitle = \"x\"\n+++\nText\n");
        assert!(
            e.contains("a.md:1:1") && e.contains("TOML") && e.contains("`---`"),
            "{e}"
        );
        let e = message("{\n  \"title\": \"x\"\n}\nText\n");
        assert!(e.contains("JSON"), "{e}");
        let e = message("  ---\ntitle: x\n---\n");
        assert!(e.contains("indented") && e.contains("2 spaces"), "{e}");
        let e = message("---\ntitle: x\n ---\nText\n");
        assert!(e.contains("a.md:3:1") && e.contains("the space"), "{e}");
        // A body may begin with a brace or a rule of plus signs of its own.
        assert!(split_frontmatter("{Klammer}\n", Path::new("a.md")).is_ok());
    }
}
