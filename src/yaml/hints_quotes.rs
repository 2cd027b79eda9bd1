//! Hints about quotes and brackets: a thousands comma that splits an item inside `[…]`, a
//! quote left open on its line.

use super::{german_number, key_value, line_at, quoted, Hint};

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
/// byte `item`. None for a key's German decimal (`2026-Q1: 1,5`), which the parser's error
/// and its own hint explain.
fn split_number(line: &str, number: usize, item: usize, comma: usize) -> Option<Hint> {
    let digits = |c: &u8| c.is_ascii_digit() || *c == b',' || *c == b'.';
    let bytes = line.as_bytes();
    let start = bytes[..comma]
        .iter()
        .rposition(|c| !digits(c))
        .map_or(0, |p| p + 1);
    let end = bytes[comma..]
        .iter()
        .position(|c| !digits(c))
        .map_or(line.len(), |p| comma + p);
    let spelled = line[start..end].trim_end_matches([',', '.']);
    // The item as meant: up to the next separator after the number.
    let rest = &line[end..];
    let stop = rest
        .find([']', '}'])
        .into_iter()
        .chain(rest.find(", "))
        .min();
    let meant = line[item..end + stop.unwrap_or(rest.len())].trim();
    let thousands = line[comma + 1..end].split(['.', ',']).next().map(str::len) == Some(3);
    let help = match key_value(meant) {
        Some((_, value)) if german_number(value).is_some() => return None,
        Some((_, value)) if !thousands && value.replace(',', ".").parse::<f64>().is_ok() => {
            return None
        }
        Some((key, value)) if value.replace(',', "").parse::<f64>().is_ok() => format!(
            "write the number without the comma: `{key}: {}`",
            value.replace(',', "")
        ),
        _ => format!("put the item in quotes: `{}`", quoted(meant)),
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
