//! Hints about the shape of a block of YAML: a required key that is missing, and a paragraph
//! of a page's text read as keys (its frontmatter was never closed before it).

use super::{indent_of, key_value, line_at, Hint};

/// An invisible control character (a vertical tab from Word's Shift+Enter, a NUL, an escape)
/// that YAML does not allow in a text: the parser names some other character, and the line
/// looks right. Found at its line and column (characters, 1-based).
pub(super) fn control_character(src: &str) -> Option<Hint> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}');
    let (i, line) = src.lines().enumerate().find(|(_, l)| l.contains(bad))?;
    let at = line.find(bad)?;
    let c = line[at..].chars().next()?;
    let name = match c {
        '\u{b}' => " (a vertical tab, as Word's Shift+Enter leaves it)",
        '\0' => " (a NUL byte)",
        '\u{1b}' => " (an escape)",
        '\u{c}' => " (a page break)",
        _ => "",
    };
    Some(Hint {
        line: i + 1,
        column: line[..at].chars().count() + 1,
        message: format!(
            "an invisible control character U+{:04X}{name} stands here, which YAML does not allow",
            c as u32
        ),
        help: "delete it (and retype a space or line break if one was meant); it often comes with text pasted from a word processor".into(),
    })
}

/// A paragraph of the page's text read as frontmatter: a file whose frontmatter was not closed
/// before its text, and a `---` further down (a rule) closed it instead. The line at `line`
/// (1-based, in `src`) starts at the margin after a blank line and reads as words (no
/// `key: value`, or a "key" of several words).
pub(super) fn prose(src: &str, line: usize, column: usize, offset: usize) -> Option<Hint> {
    let lines: Vec<&str> = src.lines().collect();
    let text = *lines.get(line.checked_sub(1)?)?;
    if text.starts_with([' ', '\t', '-', '#', '{', '[']) || line < 2 {
        return None;
    }
    let after_blank = lines[line - 2].trim().is_empty();
    let key = text.split(": ").next().unwrap_or(text);
    let wordy = key.split_whitespace().count() >= 2 || !text.contains(": ");
    if !(after_blank && wordy) {
        return None;
    }
    let last = (0..line - 1).rev().find(|&i| !lines[i].trim().is_empty())? + 1;
    Some(Hint {
        line,
        column,
        message: "this line reads as the page's text, but it stands in the frontmatter (the keys between the two `---` lines)".into(),
        help: format!(
            "close the frontmatter before the text: add a line `---` after line {}",
            last + offset
        ),
    })
}

/// A required key left out of a block. The parser names the block's last line; the hint
/// names and points at the block instead: the key that opens it (the nearest line above with
/// less indentation), the list item it is (`- …`, with its list's key), or the top level when
/// the block is the whole YAML.
pub(super) fn missing_field(
    field: &str,
    src: &str,
    line: usize,
    column: usize,
    offset: usize,
) -> Hint {
    let message = format!("the key `{field}` is required and missing");
    // The nearest line above `line` indented less than `indent`, with its number.
    let above = |line: usize, indent: usize| {
        (1..line)
            .rev()
            .map(|l| (l, line_at(src, l)))
            .filter(|(_, t)| !t.trim().is_empty() && !t.trim_start().starts_with('#'))
            .find(|(_, t)| indent_of(t) < indent)
    };
    let text = line_at(src, line);
    if text.contains('{') {
        return Hint {
            line,
            column,
            message,
            help: format!("add `{field}: …` inside the braces `{{…}}`"),
        };
    }
    // The parser names the end of the block that lacks the key, at the column of its keys:
    // the line may be deeper inside the block's last value, the column is the block's own.
    let indent = column.checked_sub(1).unwrap_or(indent_of(text));
    let Some((l, opener)) = above(line, indent).filter(|_| indent > 0) else {
        return Hint {
            line: 1,
            column: 1,
            message,
            help: format!("add a line `{field}: …` at the top level, without indentation"),
        };
    };
    let at = |help: String| Hint {
        line: l,
        column: indent_of(opener) + 1,
        message: message.clone(),
        help,
    };
    if opener.trim_start().starts_with("- ") {
        let list = above(l, indent_of(opener)).and_then(|(_, t)| key_value(t).map(|(k, _)| k));
        return at(match list {
            Some(list) => format!(
                "add `{field}: …` to this item of `{list}` (line {})",
                l + offset
            ),
            None => format!("add `{field}: …` to this item (line {})", l + offset),
        });
    }
    match key_value(opener) {
        Some((key, _)) => at(format!(
            "add a line `{field}: …` under `{key}:` (line {}), indented like its other keys",
            l + offset
        )),
        None => at(format!("add a line `{field}: …` to this block")),
    }
}
