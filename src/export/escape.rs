//! Text written into Typst source: markup escaped character by character, string literals,
//! and label names. Everything the export writes as Typst goes through these three functions.

/// Characters that mean something in Typst markup somewhere (markers at a line start, shorthands
/// such as `--`, `...`, `-?` and `~`, smart quotes, comments, labels, references, math, code).
/// Each is written with a backslash, which Typst reads as the character itself.
const SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '~', '/', '\'', '"', '-', '+', '=',
    '.', ':',
];

/// Plain text as Typst markup that shows exactly this text: every special character escaped,
/// line breaks and tabs as spaces (markup joins them anyway).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A Typst string literal (with its quotes) holding `s`.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A piece of a label name that Typst accepts in `<label>` syntax: ASCII letters, digits, `-`
/// and `_` as they are, every other character as `.hex.` (so that two ids never share a label).
pub fn label_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!(".{:x}.", c as u32));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(text("a*b"), "a\\*b");
        assert_eq!(text("#1 $ @x"), "\\#1 \\$ \\@x");
        assert_eq!(text("1. Mai -- ..."), "1\\. Mai \\-\\- \\.\\.\\.");
        assert_eq!(text("a\nb"), "a b");
        assert_eq!(string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
        assert_eq!(label_part("ziele"), "ziele");
        assert_eq!(label_part("größe 2"), "gr.f6..df.e.20.2");
    }
}
