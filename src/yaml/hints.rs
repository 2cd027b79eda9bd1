//! Plain-word diagnoses of the YAML mistakes editors make: a colon or a quote inside a text, a
//! tab, a wrong indentation, German number formats, a key written twice. The parser's own
//! wording never reaches the editor where one of these explains the fault.
//!
//! Two entry points: [`lint`] looks at the text before parsing (faults the parser reports on
//! the wrong line or not at all), [`explain`] turns a parser message into what to do.

#[path = "hints_quotes.rs"]
mod quotes;
#[path = "hints_shape.rs"]
mod shape;
use quotes::{comma_in_flow, property_as_text, unclosed_quote_above};
use shape::{control_character, missing_field, prose};

/// A diagnosis: where (line within the YAML, 1-based; column, 1-based), what, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// The text of line `n` (1-based) of `src`, or "".
fn line_at(src: &str, n: usize) -> &str {
    src.lines().nth(n.saturating_sub(1)).unwrap_or("")
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `line` without its list dash: (`key`, `value`) when it has the form `key: value`.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, value) = body.split_once(':')?;
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (simple && (value.is_empty() || value.starts_with(' '))).then(|| (key, value.trim()))
}

/// `text` in double quotes, with `"` and `\` escaped.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Faults found before parsing, first one only: a tab in the indentation or after a colon
/// (the parser names the wrong line), and a value YAML would read as a comment.
pub fn lint(src: &str) -> Option<Hint> {
    if let Some(h) = control_character(src) {
        return Some(h);
    }
    // Lines of a block scalar (`key: |` and what is indented below it) are text, not keys.
    let mut block_indent: Option<usize> = None;
    for (i, line) in src.lines().enumerate() {
        let indent = indent_of(line);
        if let Some(b) = block_indent {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block_indent = None;
        }
        let lead = &line[..line.len() - line.trim_start().len()];
        if let Some(pos) = lead.find('\t') {
            return Some(Hint {
                line: i + 1,
                column: pos + 1,
                message: "a tab in the indentation".into(),
                help: "indent with spaces only (two per level); YAML does not allow tabs there"
                    .into(),
            });
        }
        let body = line.trim_start().trim_start_matches("- ").trim_start();
        if body.starts_with('#') {
            continue;
        }
        if let Some(pos) = body.find(":\t") {
            let column = line.len() - body.len() + pos + 2;
            return Some(Hint {
                line: i + 1,
                column,
                message: "a tab after the colon".into(),
                help: "write one space after the colon instead of the tab".into(),
            });
        }
        let opener = body
            .split(" #")
            .next()
            .unwrap_or(body)
            .trim_end()
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
        if opener.ends_with(": |") || opener.ends_with(": >") || opener == "|" || opener == ">" {
            block_indent = Some(indent);
            continue;
        }
        if let Some(h) = comma_in_flow(line, i + 1) {
            return Some(h);
        }
        if let Some(h) = comment_inside(line, i + 1).or_else(|| property_as_text(line, i + 1)) {
            return Some(h);
        }
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        if value.starts_with('#') && value[1..].starts_with(char::is_alphanumeric) {
            let column =
                line.len() - line.trim_start().len() + line.trim_start().find('#').unwrap_or(0) + 1;
            let word = value.split_whitespace().next().unwrap_or(value);
            return Some(Hint {
                line: i + 1,
                column,
                message: format!("`{key}` is empty: YAML reads everything from `#` on as a comment"),
                help: format!(
                    "put the value in quotes: `{key}: \"{word}\"` (for a comment, write a space after `#`)"
                ),
            });
        }
    }
    None
}

/// A plain value (`key: text` or `- text`, not quoted) with ` #` and a letter or digit inside
/// (`title: Schulen digital #2 (Ausbau)`): YAML reads everything from ` #` on as a comment and
/// the text silently loses its end. A comment written on purpose has a space after `#`.
fn comment_inside(line: &str, number: usize) -> Option<Hint> {
    let (key, value) = match key_value(line) {
        Some((key, value)) => (Some(key), value),
        None => {
            let item = line.trim_start().strip_prefix("- ")?;
            (None, item.trim())
        }
    };
    if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#']) {
        return None;
    }
    let at = value
        .match_indices(" #")
        .map(|(i, _)| i)
        .find(|&i| value[i + 2..].starts_with(char::is_alphanumeric))?;
    let kept = value[..at].trim_end();
    let column = line.len() - line.trim_start().len() + line.trim_start().find(value)? + at + 2;
    let (what, fix) = match key {
        Some(key) => (
            format!("`{key}` would be `{kept}`"),
            format!("`{key}: {}`", quoted(value)),
        ),
        None => (
            format!("the item would be `{kept}`"),
            format!("`- {}`", quoted(value)),
        ),
    };
    Some(Hint {
        line: number,
        column,
        message: format!("{what}: YAML reads everything from ` #` on as a comment"),
        help: format!("put the text in quotes: {fix} (for a comment, write a space after `#`)"),
    })
}

/// A German number spelling (`450.000,00`, `1.615.250`, `12,5`) as YAML writes it, if `text`
/// is one.
pub(super) fn german_number(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_end_matches(['€', ' '])
        .trim_end_matches("EUR")
        .trim();
    let (int, frac) = match t.split_once(',') {
        Some((i, f)) if !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => (i, Some(f)),
        Some(_) => return None,
        None => (t, None),
    };
    let groups: Vec<&str> = int.split('.').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    let digits = groups
        .iter()
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()));
    if !digits || (groups.len() > 1 && !grouped) || (frac.is_none() && groups.len() == 1) {
        return None;
    }
    Some(match frac {
        Some(f) => format!("{}.{f}", groups.concat()),
        None => groups.concat(),
    })
}

/// The key and the value of the scalar that starts at `column` (1-based) of `text`, in block
/// (`total: 450.000,00`) and flow style (`{label: x, total: 450.000,00}`): the value runs to
/// the end of the line or to `}`, `]` or `, `.
fn token_at(text: &str, column: usize) -> (&str, &str) {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let rest = &text[start..];
    let end = [
        rest.find('}'),
        rest.find(']'),
        rest.find(", "),
        rest.find(" #"),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(rest.len());
    let value = rest[..end].trim();
    if value.is_empty() {
        // `{2026-Q1: 1,5}`: the comma made `5` a key with no value; the parser points after
        // it. The number is what stands after the last `: ` before that place.
        if let Some(colon) = text[..start].rfind(": ") {
            let key = text[..colon]
                .rsplit([' ', '{', ','])
                .find(|w| !w.is_empty())
                .unwrap_or("value");
            let number = text[colon + 2..start].trim_end_matches(['}', ']', ' ']);
            return (key, number.trim());
        }
    }
    let key = text[..start]
        .trim_end()
        .trim_end_matches(':')
        // Not at `-`: a list item's dash stands apart, and a quarter's key is `2026-Q1`.
        .rsplit([' ', '{', ','])
        .find(|w| !w.is_empty())
        .unwrap_or("value");
    (key, value)
}

/// What to do about a value that should be a number.
fn number_help(key: &str, value: &str) -> String {
    if let Some(n) = german_number(value) {
        return format!(
            "write the number without thousands separators and with a point before the decimals: `{key}: {n}`"
        );
    }
    let bare = value
        .trim_end_matches(['%', '€', ' '])
        .trim_end_matches("EUR")
        .trim_end_matches("Prozent")
        .trim();
    if bare != value && !bare.is_empty() && bare.parse::<f64>().is_ok() {
        return format!("write the number alone, without a unit or `%`: `{key}: {bare}`");
    }
    let example = if key == "number" { "3" } else { "1500.50" };
    format!("`{key}` takes a number, e.g. `{key}: {example}` (a point before any decimals)")
}

/// The parser's message `raw` for the fault at `line`, `column` (within `src`), in plain words.
/// `offset` is added to line numbers named in the message (the YAML's first line in its file,
/// less one). None when there is nothing better to say than the message itself.
pub fn explain(raw: &str, src: &str, line: usize, column: usize, offset: usize) -> Option<Hint> {
    let text = line_at(src, line);
    let at = |message: String, help: String| {
        Some(Hint {
            line,
            column,
            message,
            help,
        })
    };
    if let Some(h) = unclosed_bracket(src, line) {
        return Some(h);
    }
    let misread = [
        "simple key expected ':'",
        "expected `key: value` lines",
        "unknown key",
        "mapping values are not allowed",
        "did not find expected key",
    ];
    if misread.iter().any(|m| raw.contains(m)) {
        if let Some(h) = prose(src, line, column, offset) {
            return Some(h);
        }
    }
    if raw.contains("mapping values are not allowed") || raw.contains("illegal placement of ':'") {
        return colon_or_indent(src, line, column);
    }
    if raw.contains("did not find expected key") || raw.contains("did not find expected '-'") {
        return indentation(src, line);
    }
    if raw.contains("duplicate mapping key") {
        return duplicate(raw, src, line, offset);
    }
    if raw.contains("invalid floating point") || raw.contains("invalid integer") {
        return not_a_number(src, line, column);
    }
    if raw.contains("unclosed quote") || raw.contains("found unexpected end of stream") {
        return at(
            "a quote is opened here and never closed".into(),
            "add the closing quote at the end of the text, or remove the opening one".into(),
        );
    }
    if raw.contains("trailing content after double-quoted")
        || raw.contains("trailing content after single-quoted")
    {
        return unclosed_quote_above(src, line, offset)
            .or_else(|| text_after_quote(text, line, column));
    }
    if raw.contains("unexpected character")
        || raw.contains("while scanning an anchor or alias")
        || raw.contains("while scanning a tag")
        || raw.contains("alias references unknown anchor")
        || raw.contains("block sequence entries are not allowed")
        || raw.contains("while scanning a block scalar")
        || raw.contains("mapping keys are not allowed")
    {
        return bad_first_character(text, line, column);
    }
    if raw.contains("expected `key: value` lines")
        || raw.contains("expected a mapping or a list of mappings")
    {
        // A single value where a block of keys belongs: name the key that wants the block.
        match key_value(text) {
            Some((key, value)) if value.starts_with('[') => {
                return at(
                    format!("the items of `{key}` are groups of `key: value` lines, not single values"),
                    format!("write each item of `{key}` on a line of its own below it, starting with `- ` and its first key, the item's other keys indented under it (the README shows the format)"),
                )
            }
            Some((key, value)) if !value.is_empty() => {
                return at(
                    format!("`{key}` takes `key: value` lines, not a single value"),
                    format!("write the keys of `{key}` on lines of their own below it, indented by two spaces (the README shows the format)"),
                )
            }
            _ if text.trim_start().starts_with("- ") => {
                return at(
                    "this item is a single value where `key: value` lines are expected".into(),
                    "write the item's first key after the dash (`- label: …`) and its other keys on the lines below, indented under it".into(),
                )
            }
            _ => {}
        }
    }
    if raw.contains("simple key expected ':'") || raw.contains("expected `key: value` lines") {
        return at(
            "this line is not of the form `key: value`".into(),
            "write the key, a colon and a space, then the value, e.g. `title: E-Akte`".into(),
        );
    }
    if let Some(field) = raw
        .strip_prefix("unknown key `")
        .and_then(|r| r.split('`').next())
    {
        return unknown_field(field, text, line, column);
    }
    if raw.contains("found an empty value") || raw.starts_with("invalid type: unit value") {
        if let Some((key, "")) = key_value(text) {
            return at(
                format!("`{key}` has no value"),
                format!("write its value after `{key}: `"),
            );
        }
    }
    if let Some(field) = raw
        .strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
    {
        return Some(missing_field(field, src, line, column, offset));
    }
    None
}

/// A value that should be a number and is not (`450.000,00`, `12 %`); or a number followed by
/// a line indented deeper, which YAML reads as part of the same value.
fn not_a_number(src: &str, line: usize, column: usize) -> Option<Hint> {
    let text = line_at(src, line);
    let next = line + 1;
    let next_text = line_at(src, next);
    if !next_text.trim().is_empty() && indent_of(next_text) > indent_of(text) {
        return indentation(src, next);
    }
    let (key, value) = token_at(text, column);
    Some(Hint {
        line,
        column,
        message: format!("`{value}` is not a number"),
        help: number_help(key, value),
    })
}

/// A text that starts with a quote and goes on after the closing one
/// (`title: "E-Akte" für alle`).
fn text_after_quote(text: &str, line: usize, column: usize) -> Option<Hint> {
    let (key, value) = key_value(text)?;
    // Quotes around the whole value delimit it (`"Das "neue" Portal"`); else they are part of
    // the text (`"OZG" Portal`) and stay inside the single quotes.
    let inner = match (value.chars().next(), value.chars().last()) {
        (Some(a), Some(b)) if a == b && value.len() > 1 && (a == '"' || a == '\'') => {
            &value[1..value.len() - 1]
        }
        _ => value,
    };
    Some(Hint {
        line,
        column,
        message: "the text starts with a quote, so YAML ends it at the next quote".into(),
        help: format!(
            "put the whole text in single quotes: `{key}: '{}'` (a `'` inside is written `''`)",
            inner.replace('\'', "''")
        ),
    })
}

/// A value that starts with a character YAML reserves (`@`, `` ` ``, `&`, `*`, `!`).
fn bad_first_character(text: &str, line: usize, column: usize) -> Option<Hint> {
    let (key, value) = key_value(text).unwrap_or(("value", text.trim()));
    Some(Hint {
        line,
        column,
        message: format!(
            "a value cannot start with `{}` in YAML",
            value.chars().next().unwrap_or('?')
        ),
        help: format!("put the text in quotes: `{key}: {}`", quoted(value)),
    })
}

/// An unknown key that is really a German number split at its comma (`{total: 450.000,00}`)
/// or a text with a colon in a list (`- Konzeption: abgeschlossen`).
fn unknown_field(field: &str, text: &str, line: usize, column: usize) -> Option<Hint> {
    if field.chars().all(|c| c.is_ascii_digit()) {
        let start = column.saturating_sub(1).min(text.len());
        let before = &text[..start];
        let number_start = before
            .rfind(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',' || c == ' '))
            .map_or(0, |i| i + 1);
        let end = text[start..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(text.len(), |i| start + i);
        let spelled = text[number_start..end].trim();
        let key = before[..number_start]
            .trim_end()
            .trim_end_matches(':')
            .rsplit([' ', '{', ','])
            .next()
            .unwrap_or("value");
        return Some(Hint {
            line,
            column,
            message: format!("`{spelled}` is not a number: YAML splits it at the comma"),
            help: number_help(key, spelled),
        });
    }
    let body = text.trim_start();
    if body.starts_with("- ") && body.contains(": ") {
        let item = body.trim_start_matches("- ");
        return Some(Hint {
            line,
            column,
            message: format!("`{field}` is read as a key because a colon and a space follow it"),
            help: format!(
                "if this is one text, put it in quotes: `- {}`",
                quoted(item)
            ),
        });
    }
    None
}

/// A `[` or `{` opened on a line up to `line` and not closed on it: YAML reads on into the
/// next lines and reports the fault later.
fn unclosed_bracket(src: &str, line: usize) -> Option<Hint> {
    for n in (1..=line).rev() {
        let text = line_at(src, n);
        let mut depth: Vec<(char, usize)> = Vec::new();
        let mut quote: Option<char> = None;
        for (i, c) in text.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if text[..i].ends_with(' ') => break,
                (None, '[' | '{') => depth.push((c, i)),
                (None, ']' | '}') => {
                    depth.pop();
                }
                _ => {}
            }
        }
        if let Some((open, at)) = depth.first() {
            let close = if *open == '[' { ']' } else { '}' };
            return Some(Hint {
                line: n,
                column: at + 1,
                message: format!("the `{open}` opened here is not closed on this line"),
                help: format!("add `{close}` at the end of the line"),
            });
        }
        if n < line && !text.trim().is_empty() {
            break;
        }
    }
    None
}

/// "mapping values are not allowed": a `: ` inside a value, or a line indented too deep.
fn colon_or_indent(src: &str, line: usize, column: usize) -> Option<Hint> {
    let text = line_at(src, line);
    if let Some((key, value)) = key_value(text) {
        if value.contains(": ") || value.ends_with(':') {
            return Some(Hint {
                line,
                column,
                message: format!("the value of `{key}` contains a colon followed by a space"),
                help: format!("put the text in quotes: `{key}: {}`", quoted(value)),
            });
        }
    }
    indentation(src, line)
}

/// A line whose indentation does not fit the lines above it.
fn indentation(src: &str, line: usize) -> Option<Hint> {
    let text = line_at(src, line);
    let indent = indent_of(text);
    let previous = (1..line)
        .rev()
        .map(|n| line_at(src, n))
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let prev_indent = indent_of(previous);
    let prev_opens = previous.trim_end().ends_with(':');
    let what =
        key_value(text).map_or_else(|| format!("`{}`", text.trim()), |(k, _)| format!("`{k}:`"));
    let spaces = |n: usize| match n {
        1 => "1 space".to_string(),
        n => format!("{n} spaces"),
    };
    let help = if indent > prev_indent && !prev_opens {
        let target = match prev_indent {
            0 => format!("start {what} at the beginning of the line"),
            n => format!("indent {what} by {}", spaces(n)),
        };
        format!(
            "{target}, like the line above (it is indented by {}); only the entries of a key that ends with `:` are indented deeper",
            spaces(indent)
        )
    } else {
        format!(
            "indent {what} like the other entries of its list or map (it is indented by {}; use spaces, two per level)",
            spaces(indent)
        )
    };
    Some(Hint {
        line,
        column: indent + 1,
        message: "this line's indentation does not fit the lines above".into(),
        help,
    })
}

/// "duplicate mapping key: k": names both lines.
fn duplicate(raw: &str, src: &str, line: usize, offset: usize) -> Option<Hint> {
    let key = raw
        .split("duplicate mapping key:")
        .nth(1)?
        .split(',')
        .next()?
        .trim()
        .trim_matches(|c| c == '"' || c == '`' || c == '\'');
    let text = line_at(src, line);
    let indent = indent_of(text);
    // The second one is at `line` (or the parser points at the mapping); find both.
    let lines: Vec<usize> = (1..=src.lines().count())
        .filter(|&n| {
            let l = line_at(src, n);
            indent_of(l) == indent && key_value(l).is_some_and(|(k, _)| k == key)
        })
        .collect();
    let (first, second) = match lines.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => (line, line),
    };
    Some(Hint {
        line: second,
        column: indent + 1,
        message: if first == second {
            format!(
                "the key `{key}` is written twice (on line {})",
                first + offset
            )
        } else {
            format!(
                "the key `{key}` is written twice (lines {} and {})",
                first + offset,
                second + offset
            )
        },
        help: "keep one of the two: a key may appear once per level".into(),
    })
}
