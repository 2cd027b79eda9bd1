//! The Markdown source before it is parsed for good: the German gender star kept as text,
//! HTML blocks that open a raw-text element they never close shown as text, a heading's
//! trailing `\{…}` kept as text, and a frontmatter text read as inline Markdown only. All work
//! by putting a backslash before one character, at places a first parse (or, for the inline
//! text, the start of each line) finds.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::html::{first_unclosed_raw_text, RAW_TEXT};

/// Escapes every `*` that stands between two letters in prose (`Bürger*innen`), so that
/// CommonMark reads it as a literal asterisk rather than emphasis. Code, raw HTML, autolinks,
/// link destinations, titles and labels, link reference definitions, footnote labels and
/// heading attribute blocks (`{#id}`) are left exactly as written.
pub fn protect_gender_star(src: &str, options: Options) -> String {
    // The stars between two letters; only then is the text parsed for where its prose is.
    let between_letters = |i: usize| {
        let prev = src[..i].chars().next_back();
        let next = src[i + 1..].chars().next();
        prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic)
    };
    let stars: Vec<usize> = src
        .match_indices('*')
        .map(|(i, _)| i)
        .filter(|&i| between_letters(i))
        .collect();
    if stars.is_empty() {
        return src.to_string();
    }
    let merged = merge(not_prose(src, options));
    let not_prose_at = |i: usize| {
        let k = merged.partition_point(|r| r.start <= i);
        k > 0 && merged[k - 1].contains(&i)
    };
    let mut out = String::with_capacity(src.len() + stars.len());
    let mut copied = 0;
    for i in stars.into_iter().filter(|&i| !not_prose_at(i)) {
        out.push_str(&src[copied..i]);
        out.push('\\');
        copied = i;
    }
    out.push_str(&src[copied..]);
    out
}

/// A frontmatter text (a KPI's label, a canvas item, a status result) as inline Markdown
/// only, as the content format reads such texts: what would start a block at the start of a
/// line is written as text, so that `1. Bauabschnitt`, `> 95 % verfügbar` or `# Anträge`
/// keep their first characters instead of becoming a list, a quotation or a heading (which,
/// inside the `<span>` or table cell that shows the text, would also be invalid HTML).
/// Leading spaces and tabs of each line are dropped (four of them would make a code block);
/// emphasis, code spans and links at a line's start stay what they are.
pub fn inline_only(src: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let touched = |line: &str| line.starts_with([' ', '\t']) || block_marker(line).is_some();
    if !src.split('\n').any(touched) {
        return Cow::Borrowed(src);
    }
    let mut out = String::with_capacity(src.len() + 8);
    for (i, line) in src.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let line = line.trim_start_matches([' ', '\t']);
        match block_marker(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push('\\');
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// Where in `line` (its leading whitespace removed) a backslash makes the start of a block
/// plain text: before an ATX heading's `#`, a quotation's `>`, a list
/// bullet (`-`, `+`, `*` before a space), a thematic break or setext underline (a line of
/// `-`, `*`, `_` or `=` alone), a code fence, a link reference definition's `[`, or the `.`
/// or `)` of an ordered list's number (`2024. Ausbau`). None for a line that starts no block.
fn block_marker(line: &str) -> Option<usize> {
    let first = *line.as_bytes().first()?;
    let spaced = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t']);
    match first {
        b'#' | b'>' => Some(0),
        b'-' | b'+' | b'*' | b'_' | b'=' => {
            let alone = line
                .trim_end()
                .bytes()
                .all(|c| c == first || c == b' ' || c == b'\t');
            (spaced(&line[1..]) || alone).then_some(0)
        }
        b'`' | b'~' => line
            .starts_with(if first == b'`' { "```" } else { "~~~" })
            .then_some(0),
        b'[' => line
            .find(']')
            .is_some_and(|close| line[close + 1..].starts_with(':'))
            .then_some(0),
        b'0'..=b'9' => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let after = line.as_bytes().get(digits);
            (digits <= 9 && matches!(after, Some(b'.' | b')')) && spaced(&line[digits + 1..]))
                .then_some(digits)
        }
        _ => None,
    }
}

/// Keeps a heading's trailing brace group whose `{` is escaped (`## Preis \\{netto}`) as text:
/// pulldown-cmark takes any trailing `{…}` of a heading for an attribute block (`{#id}`), even
/// after a backslash, and drops it from the heading, leaving the backslash. A backslash before
/// the group's `}` makes it no attribute block; CommonMark reads `\\}` as `}`.
pub fn escape_heading_braces(src: &str, options: Options) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    if !src.contains("\\{") || !options.contains(Options::ENABLE_HEADING_ATTRIBUTES) {
        return Cow::Borrowed(src);
    }
    let mut at: Vec<usize> = Vec::new();
    for (ev, range) in Parser::new_ext(src, options).into_offset_iter() {
        if let Event::Start(Tag::Heading { .. }) = ev {
            let heading = &src[range.clone()];
            if let Some((open, close)) = attribute_block(heading) {
                let slashes = heading[..open].bytes().rev().take_while(|b| *b == b'\\');
                if slashes.count() % 2 == 1 {
                    at.push(range.start + close);
                }
            }
        }
    }
    if at.is_empty() {
        return Cow::Borrowed(src);
    }
    Cow::Owned(backslash_before(src, &at))
}

/// `src` with a backslash before each byte offset of `at` (ascending).
fn backslash_before(src: &str, at: &[usize]) -> String {
    let mut out = String::with_capacity(src.len() + at.len());
    let mut last = 0;
    for &i in at {
        out.push_str(&src[last..i]);
        out.push('\\');
        last = i;
    }
    out.push_str(&src[last..]);
    out
}

/// Where pulldown-cmark finds the attribute block of a heading written as `heading` (its
/// source, with a setext underline or ATX closing `#`s): the offsets of its `{` and `}`, or
/// None. As its `extract_attribute_block_content_from_header_text` (0.13): the last `}` of the
/// heading's text, and the nearest `{` before it with none of `{}<>\\` or a line break between.
fn attribute_block(heading: &str) -> Option<(usize, usize)> {
    let blank = |c: char| c.is_ascii_whitespace();
    let mut text = heading.trim_end_matches(blank);
    if let Some((before, last)) = text.rsplit_once('\n') {
        // A setext heading's underline.
        let line = last.trim_matches(blank);
        if !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
        {
            text = before.trim_end_matches(blank);
        }
    } else if text.trim_start_matches(blank).starts_with('#') {
        // An ATX heading's closing sequence, after a space.
        let hashes = text.trim_end_matches('#');
        if hashes.len() < text.len() && hashes.ends_with([' ', '\t']) {
            text = hashes.trim_end_matches(blank);
        }
    }
    let close = text
        .len()
        .checked_sub(1)
        .filter(|&c| text.as_bytes()[c] == b'}')?;
    let open = text[..close].rfind(['{', '}', '<', '>', '\\', '\n', '\r'])?;
    (text.as_bytes()[open] == b'{').then_some((open, close))
}

/// Sorted and merged, so that each `*` looks its range up by binary search: a long text with
/// many stars and many code spans stays linear-logarithmic, not quadratic.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// An element whose own syntax follows its inline content: a link's `](dest "title")`, a
/// heading's `{#id}`.
struct Open {
    start: usize,
    end: usize,
    /// Where the content ends so far (the end of the last event inside).
    content_end: usize,
    /// The whole element is syntax (a label), not only what follows its content.
    whole: bool,
}

/// The byte ranges of `src` that are not prose.
fn not_prose(src: &str, options: Options) -> Vec<Range<usize>> {
    let parser = Parser::new_ext(src, options);
    let mut out: Vec<Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| def.span.clone())
        .collect();
    let mut open: Vec<Open> = Vec::new();
    let mut code_block: Option<usize> = None;
    for (ev, range) in parser.into_offset_iter() {
        for o in open.iter_mut() {
            let itself = range.start == o.start && range.end == o.end;
            if !itself && range.start >= o.start && range.end <= o.end {
                o.content_end = o.content_end.max(range.end);
            }
        }
        match ev {
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => out.push(range),
            Event::FootnoteReference(_) => out.push(range),
            Event::Start(Tag::FootnoteDefinition(_)) => {
                let label_end = src
                    .get(range.clone())
                    .and_then(|d| d.find("]:"))
                    .map_or(range.end, |i| range.start + i + 2);
                out.push(range.start..label_end);
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(s) = code_block.take() {
                    out.push(s..range.end);
                }
            }
            Event::Start(Tag::Link { link_type, .. })
            | Event::Start(Tag::Image { link_type, .. }) => {
                let opener = if src[range.start..].starts_with('!') {
                    2
                } else {
                    1
                };
                open.push(Open {
                    start: range.start,
                    end: range.end,
                    content_end: range.start + opener,
                    whole: !matches!(link_type, LinkType::Inline | LinkType::Reference),
                });
            }
            Event::Start(Tag::Heading { .. }) => open.push(Open {
                start: range.start,
                end: range.end,
                content_end: range.start,
                whole: false,
            }),
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                if let Some(o) = open.pop() {
                    out.push(if o.whole {
                        o.start..o.end
                    } else {
                        o.content_end..o.end
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Puts a backslash before the `<` of every HTML block that starts with a raw-text element it
/// never closes (`<textarea>` on a line of its own, then prose): CommonMark would otherwise
/// take the rest of the document as raw HTML, and a browser or the sanitizer would read it as
/// the element's text. Such a line is then a paragraph that shows the tag.
///
/// The same for a block that opens a comment (`<!--`), a processing instruction (`<?`), a
/// CDATA section or a declaration and never ends it: it would swallow the rest of the
/// document (and with `raw_html: allow`, the page's own end).
pub fn escape_unclosed_raw_blocks(src: &str, options: Options) -> String {
    // An unclosed block hides the blocks after it, another unclosed one too: each pass shows
    // the first that the parser sees; a few passes at most (for text made to be pathological).
    let mut text = src.to_string();
    for _ in 0..32 {
        match escape_pass(&text, options) {
            Some(shown) => text = shown,
            None => break,
        }
    }
    text
}

/// One pass of [`escape_unclosed_raw_blocks`]: the text with the blocks the parser sees
/// unclosed shown, or None when it sees none.
fn escape_pass(src: &str, options: Options) -> Option<String> {
    let lower = src.to_ascii_lowercase();
    if !RAW_TEXT.iter().any(|t| lower.contains(&format!("<{t}")))
        && !lower.contains("<!")
        && !lower.contains("<?")
        && !lower.contains("<pre")
    {
        return None;
    }
    let mut at: Vec<usize> = Vec::new();
    for (ev, range) in Parser::new_ext(src, options).into_offset_iter() {
        if let Event::Start(Tag::HtmlBlock) = ev {
            let block = &src[range.clone()];
            let Some(lt) = block.find('<') else { continue };
            if first_unclosed_raw_text(block).is_some_and(|r| r.start == lt)
                || never_ends(&block[lt..])
            {
                at.push(range.start + lt);
            }
        }
    }
    if at.is_empty() {
        return None;
    }
    Some(backslash_before(src, &at))
}

/// Whether `block` (from its `<`) opens a comment, processing instruction, CDATA section or
/// declaration whose end is not in it (CommonMark's HTML blocks of kinds 2 to 5).
fn never_ends(block: &str) -> bool {
    let lower = block
        .get(..5)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let pre = lower.starts_with("<pre")
        && lower[4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
        || block.eq_ignore_ascii_case("<pre");
    if pre {
        // A `<pre>` block ends at the line with `</pre>`.
        return !block.to_ascii_lowercase().contains("</pre>");
    }
    let (open, end) = match block.as_bytes() {
        [b'<', b'!', b'-', b'-', ..] => ("<!--", "-->"),
        [b'<', b'?', ..] => ("<?", "?>"),
        _ if block.starts_with("<![CDATA[") => ("<![CDATA[", "]]>"),
        [b'<', b'!', c, ..] if c.is_ascii_alphabetic() => ("<!", ">"),
        _ => return false,
    };
    // `<!-->` and `<!--->` are empty comments.
    let rest = &block[open.len()..];
    !(rest.contains(end) || (open == "<!--" && (rest.starts_with('>') || rest.starts_with("->"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> String {
        protect_gender_star(s, super::super::options())
    }

    #[test]
    fn a_frontmatter_text_starts_no_block() {
        for (text, inline) in [
            ("1. Bauabschnitt", "1\\. Bauabschnitt"),
            ("2024) Ausbau", "2024\\) Ausbau"),
            ("> 95 % verfügbar", "\\> 95 % verfügbar"),
            ("# Anträge", "\\# Anträge"),
            ("- eins\n- zwei", "\\- eins\n\\- zwei"),
            ("* eins", "\\* eins"),
            ("Ziel\n---", "Ziel\n\\---"),
            ("Ziel\n===", "Ziel\n\\==="),
            ("    eingerückt", "eingerückt"),
            ("```\ncode", "\\```\ncode"),
            ("[1]: quelle.md", "\\[1]: quelle.md"),
        ] {
            assert_eq!(inline_only(text), inline, "{text}");
        }
        // Inline Markdown at a line's start is left as it is.
        for text in [
            "*wichtig* ist",
            "**fett**",
            "_betont_",
            "`code`",
            "[Link](a.md) dazu",
            "+49 231 0",
            "12.5 Prozent",
            "1.000 Personen",
            "~~alt~~ neu",
            // An autolink; raw HTML is shown as text anyway.
            "<info@example.org> schreiben",
        ] {
            assert!(
                matches!(inline_only(text), std::borrow::Cow::Borrowed(_)),
                "{text}"
            );
        }
    }

    #[test]
    fn only_prose_is_touched() {
        assert_eq!(p("Bürger*innen"), "Bürger\\*innen");
        assert_eq!(p("<https://x.org/a*b>"), "<https://x.org/a*b>");
        assert_eq!(
            p("[Nutzer*innen](a*b.md \"T*t\")"),
            "[Nutzer\\*innen](a*b.md \"T*t\")"
        );
        assert_eq!(
            p("## Kund*innen {#kund*innen}"),
            "## Kund\\*innen {#kund*innen}"
        );
        assert_eq!(p("a[^x*y]\n\n[^x*y]: Fu*ß"), "a[^x*y]\n\n[^x*y]: Fu\\*ß");
        assert_eq!(p("[a*b]\n\n[a*b]: /u*v"), "[a*b]\n\n[a*b]: /u*v");
        assert_eq!(
            p("<span title=\"a*b\">c*d</span>"),
            "<span title=\"a*b\">c\\*d</span>"
        );
    }

    #[test]
    fn unclosed_raw_text_blocks_become_paragraphs() {
        let o = super::super::options();
        assert_eq!(
            escape_unclosed_raw_blocks("<textarea>\n\n## A", o),
            "\\<textarea>\n\n## A"
        );
        assert_eq!(
            escape_unclosed_raw_blocks("> <style>\n\nx", o),
            "> \\<style>\n\nx"
        );
        let closed = "<script>\nx\n</script>\n\n## A";
        assert_eq!(escape_unclosed_raw_blocks(closed, o), closed);
        // A comment, instruction, CDATA or declaration that never ends is text too.
        for open in [
            "<!-- nie geschlossen",
            "<?php echo 1;",
            "<![CDATA[ x",
            "<!DOCTYPE html",
        ] {
            assert_eq!(
                escape_unclosed_raw_blocks(&format!("Vorher\n\n{open}\n\nNachher\n"), o),
                format!("Vorher\n\n\\{open}\n\nNachher\n"),
            );
        }
        // Two of them: the second was hidden inside the first.
        assert_eq!(
            escape_unclosed_raw_blocks("A\n\n<!-- a\n\nB\n\n<!-- b\n\nC\n", o),
            "A\n\n\\<!-- a\n\nB\n\n\\<!-- b\n\nC\n"
        );
        assert_eq!(
            escape_unclosed_raw_blocks("<pre>offen\n\n## Kopf\n", o),
            "\\<pre>offen\n\n## Kopf\n"
        );
        for ended in [
            "<pre>\nx\n</pre>\n\ny",
            "<!-- kurz -->\n\nx",
            "<!-->\n\nx",
            "<?x ?>\n\ny",
            "<!DOCTYPE html>\n",
        ] {
            assert_eq!(escape_unclosed_raw_blocks(ended, o), ended);
        }
    }
}
