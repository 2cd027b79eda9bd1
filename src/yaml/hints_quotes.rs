//! Hints about quotes and brackets: a thousands comma that splits an item inside `[…]`, a
//! quote left open on its line.

use super::{key_value, line_at, quoted, Hint};

/// A number written with a thousands comma inside `[…]` or `{…}` on `line` (its number
/// `number`, 1-based): YAML splits the item there, silently (`[Lizenz 185,000 € im Jahr,
/// Schulung]` is three items). For a key with a number the fix is the number without the comma,
/// for a text its quotes.
pub(super) fn comma_in_flow(line: &str, number: usize) -> Option<Hint> {
    let bytes = line.as_bytes();
    let (mut depth, mut quote, mut at_start, mut item) = (0usize, None::<u8>, false, 0usize);
    for (i, &c) in bytes.iter().enumerate() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if depth > 0 && at_start => quote = Some(c),
            (None, b'[' | b'{') => (depth, at_start, item) = (depth + 1, true, i + 1),
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'#') if i > 0 && bytes[i - 1] == b' ' => return None,
            (None, b',') if depth > 0 => {
                let split = i > 0
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if let Some(h) = split.then(|| split_number(line, number, item, i)).flatten() {
                    return Some(h);
                }
                (at_start, item) = (true, i + 1);
            }
            (None, b' ') => {}
            (None, b':') if depth > 0 => at_start = true,
            _ => at_start = false,
        }
    }
    None
}

/// The hint for a number split at byte `comma` of `line`, in the flow item that starts at
/// byte `item`. None where the split gives the items meant (`[10,62]`, `{2026-Q4: 12,2027-Q2:
/// 40}`) or is a key's German decimal (`2026-Q1: 1,5`, which the parser's error and its own
/// hint explain).
fn split_number(line: &str, number: usize, item: usize, comma: usize) -> Option<Hint> {
    let bytes = line.as_bytes();
    let start = bytes[..comma]
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || *c == b',' || *c == b'.'))
        .map_or(0, |p| p + 1);
    // The number ends at its last digit; a point or comma belongs to it between digits.
    let mut end = comma + 1;
    while end < bytes.len()
        && (bytes[end].is_ascii_digit()
            || (matches!(bytes[end], b'.' | b',')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)))
    {
        end += 1;
    }
    let spelled = &line[start..end];
    let thousands = bytes[comma + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count()
        == 3;
    // The item as meant: up to the next separator after the number.
    let rest = &line[end..];
    let stop = rest.find([']', '}', ',']).unwrap_or(rest.len());
    let after = rest[..stop].trim();
    let meant = line[item..end + stop].trim();
    let help = match meant.split_once(": ") {
        Some((key, value)) if key.contains(spelled) => {
            format!("put the key in quotes: `{}: {}`", quoted(key), value.trim())
        }
        Some((key, value)) => {
            let before = value
                .trim_start()
                .strip_suffix(after)
                .unwrap_or(value)
                .trim();
            let before = before.strip_suffix(spelled).unwrap_or(before).trim();
            match (before.is_empty() && after.is_empty(), before.is_empty()) {
                (true, _) if thousands => {
                    let plain = spelled.replace(',', "");
                    let decimal = spelled
                        .replace(',', ".")
                        .parse::<f64>()
                        .ok()
                        .filter(|_| spelled.matches([',', '.']).count() == 1);
                    match decimal {
                        Some(d) => format!("write the number without the comma: `{key}: {plain}` (or `{key}: {d}` if the comma marks decimals)"),
                        None => format!("write the number without the comma: `{key}: {plain}`"),
                    }
                }
                (_, true) if !thousands => return None,
                (true, _) => return None,
                _ => format!("put the text in quotes: `{key}: {}`", quoted(value.trim())),
            }
        }
        None => {
            let before = line[item..start].trim();
            if before.is_empty() && (after.is_empty() || !thousands) {
                return None;
            }
            format!("put the item in quotes: `{}`", quoted(meant))
        }
    };
    Some(Hint {
        line: number,
        column: line[..start].chars().count() + 1,
        message: format!(
            "`{spelled}` is split at its comma: between brackets a comma separates items"
        ),
        help,
    })
}

/// A quote opened on a line above `line` and not closed on its own line: the text ran on to
/// the quote that ended it at `line`, where the parser saw what follows as a fault.
pub(super) fn unclosed_quote_above(src: &str, line: usize, offset: usize) -> Option<Hint> {
    let opened = (1..line).rev().find_map(|n| {
        let text = line_at(src, n);
        let (key, value) = key_value(text)?;
        let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let rest = &value[1..];
        let closed = match q {
            '"' => rest.replace("\\\\", "").replace("\\\"", "").contains('"'),
            _ => rest.replace("''", "").contains('\''),
        };
        (!closed).then_some((n, key, q, value))
    })?;
    let (n, key, q, value) = opened;
    let text = line_at(src, n);
    Some(Hint {
        line: n,
        column: text.len() - text.trim_start().len() + text.trim_start().find(q).unwrap_or(0) + 1,
        message: format!(
            "the quote opened here is not closed on its line, so the text runs on to line {}",
            line + offset
        ),
        help: format!("close the quote at the end of the line: `{key}: {value}{q}`"),
    })
}

/// A plain text that starts with `&` or `!` (`title: &NIS-2 Umsetzung`, `- !Wichtig`,
/// `{label: &SOC Zentrum}`): YAML reads `&NIS-2` as an anchor (a name for the value) and
/// `!Wichtig` as a tag, and drops both, so the text silently loses its first word (or, alone,
/// becomes empty). A value that is not text after the mark (a list, a map, a quoted text) is
/// YAML used on purpose, and so is `!!str`.
pub(super) fn property_as_text(line: &str, number: usize) -> Option<Hint> {
    let bytes = line.as_bytes();
    let mut quote = None::<u8>;
    for (i, &c) in bytes.iter().enumerate() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' => return None,
            (None, b'&' | b'!') => {
                let before = line[..i].trim_end();
                let starts_value = before.is_empty()
                    || before.ends_with([':', '[', '{', ','])
                    || before == "-"
                    || before.ends_with(" -");
                if !starts_value
                    || (i > 0
                        && !before.is_empty()
                        && bytes[i - 1] != b' '
                        && !before.ends_with(['[', '{']))
                {
                    continue;
                }
                let token_end = line[i..]
                    .find([' ', ',', '}', ']'])
                    .map_or(line.len(), |e| i + e);
                let token = &line[i..token_end];
                if token.len() < 2
                    || token == "!!str"
                    || !token[1..].starts_with(|ch: char| ch.is_alphanumeric() || ch == '!')
                {
                    continue;
                }
                let rest = line[token_end..].trim_start();
                if rest.starts_with(['[', '{', '"', '\'', '|', '>', '*', '&', '!']) {
                    continue;
                }
                let end = rest.find([',', '}', ']']).unwrap_or(rest.len());
                let text = format!("{token} {}", rest[..end].trim_end());
                let text = text.trim_end();
                let what = if c == b'&' {
                    "an anchor (a name for the value)"
                } else {
                    "a tag (a type for the value)"
                };
                let kept = rest[..end].trim();
                let message = if kept.is_empty() {
                    format!(
                        "this value would be empty: YAML reads `{token}` as {what}, not as text"
                    )
                } else {
                    format!(
                        "this text would be `{kept}`: YAML reads `{token}` as {what}, not as text"
                    )
                };
                return Some(Hint {
                    line: number,
                    column: i + 1,
                    message,
                    help: format!(
                        "put the text in quotes: `{}{}`",
                        line[..i].trim_start(),
                        super::quoted(text)
                    ),
                });
            }
            _ => {}
        }
    }
    None
}
