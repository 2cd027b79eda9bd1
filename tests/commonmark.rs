//! Every example of the CommonMark spec 0.31.2 (tests/commonmark/spec.json, from the npm package
//! `commonmark-spec`; licence in tests/commonmark/LICENSE) through the body pipeline
//! (`render_body`, a prose page, raw HTML sanitized), compared with the spec's HTML.
//!
//! Normalisation (both sides, no change to the document tree): HTML is tokenized with html5ever;
//! character references are decoded, attributes sorted, `<br />` read as `<br>`; runs of
//! whitespace become one space and whitespace next to a block-level tag goes, except inside
//! `<pre>`. The spec writes tabs as `→`; they are tabs again before rendering.
//!
//! Each example matches, or is listed below under the reasons it differs, and then must differ
//! (an exception that starts to pass fails the test, so the list stays exact). For the reasons
//! that can be undone (heading level, heading ids, sanitized HTML) the test undoes them and the
//! example must then match; for the others it checks that the reason applies.

mod common;

use std::cell::RefCell;
use std::collections::BTreeMap;

use common::spec::{examples, Example};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use roadmap::markdown::{self, Body};

/// Why an example differs from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reason {
    /// A body's headings sit under the page's h1: `#` becomes h2 (and `##` h3 then).
    HeadingLevel,
    /// Every heading gets an id (from its text) for links and the table of contents.
    HeadingIds,
    /// Raw HTML outside the sanitizer's allowlist (README, "Raw HTML") is removed: scripts,
    /// styles, unknown elements and attributes, comments, processing instructions.
    Sanitized,
    /// The sanitizer writes raw HTML back as a well-formed tree, as a browser reads it: open
    /// elements closed, end tags without a start dropped, `<tbody>` added. Nothing is removed.
    Repaired,
    /// A raw-text element that would swallow the rest of the body is shown as text.
    RawTextShown,
    /// A `*` between two letters is the German gender star, not emphasis.
    GenderStar,
}

/// The examples that differ, by reason (an example may have several).
const EXCEPTIONS: &[(Reason, &[u32])] = &[
    (
        Reason::HeadingLevel,
        &[
            10, 62, 66, 67, 68, 72, 75, 76, 78, 79, 80, 81, 82, 83, 84, 115, 141, 214, 215, 227,
            228, 229, 230, 232, 300,
        ],
    ),
    (
        Reason::HeadingIds,
        &[
            10, 59, 62, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 86, 89,
            90, 91, 95, 96, 102, 103, 115, 141, 214, 215, 227, 228, 229, 230, 232, 300, 646, 647,
        ],
    ),
    (
        Reason::Sanitized,
        &[
            150, 163, 169, 170, 171, 172, 176, 177, 178, 179, 180, 181, 182, 183, 201, 308, 309,
            491, 524, 536, 598, 599, 601, 613, 614, 615, 616, 617, 625, 626, 627, 628, 629,
        ],
    ),
    (
        Reason::Repaired,
        &[
            21, 31, 148, 149, 151, 155, 160, 165, 174, 175, 184, 187, 190, 191, 344, 476, 477, 494,
            623, 630, 631, 642, 643,
        ],
    ),
    (Reason::RawTextShown, &[173]),
    (Reason::GenderStar, &[355, 370, 429]),
];

#[derive(Default)]
struct Sink {
    tokens: RefCell<Vec<Token>>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let result = match &token {
            Token::TagToken(Tag {
                kind: TagKind::StartTag,
                name,
                ..
            }) => match &**name {
                "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                    TokenSinkResult::RawData(RawKind::Rawtext)
                }
                "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                "plaintext" => TokenSinkResult::Plaintext,
                _ => TokenSinkResult::Continue,
            },
            _ => TokenSinkResult::Continue,
        };
        self.tokens.borrow_mut().push(token);
        result
    }
}

fn tokens(html: &str) -> Vec<Token> {
    let tok = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.tokens.take()
}

const BLOCK: [&str; 27] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "details",
    "div",
    "dl",
    "dd",
    "dt",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
    "tr",
];

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Text between tags, escaped; outside `<pre>` each run of whitespace is one space.
fn text_part(text: &str, in_pre: bool) -> String {
    if in_pre {
        return esc(text);
    }
    if text.trim().is_empty() {
        return " ".into();
    }
    let lead = if text.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if text.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{lead}{}{trail}", esc(&words))
}

/// The normal form of `html`: `h1_to_h2` shifts headings like a page body (see
/// [`page_levels`]), `strip_heading_ids` drops the ids of headings.
fn normal(html: &str, h1_to_h2: bool, strip_heading_ids: bool) -> String {
    normal_shifted(html, h1_to_h2.then_some(false), strip_heading_ids)
}

/// How a prose page shifts the headings of a body whose Markdown is `markdown`: `#` becomes
/// h2; a body that uses `#` moves every heading one level down (h6 stays h6), so that `#` and
/// `##` stay apart. True for the second.
fn page_levels(markdown: &str) -> bool {
    use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};
    Parser::new_ext(markdown, markdown::options()).any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    })
}

/// [`normal`], with headings shifted as a page shifts them when `shift` is given: all one
/// level down for `Some(true)` (see [`page_levels`]), h1 to h2 for `Some(false)`.
fn normal_shifted(html: &str, shift: Option<bool>, strip_heading_ids: bool) -> String {
    let mut parts: Vec<(bool, String)> = Vec::new(); // (is a block tag, text)
    let mut text = String::new();
    let mut in_pre = 0usize;
    let flush = |text: &mut String, parts: &mut Vec<(bool, String)>, in_pre: usize| {
        if !text.is_empty() {
            parts.push((false, text_part(text, in_pre > 0)));
            text.clear();
        }
    };
    for t in tokens(html) {
        match t {
            Token::CharacterTokens(s) => text.push_str(&s),
            Token::NullCharacterToken => text.push('\u{fffd}'),
            Token::TagToken(tag) => {
                flush(&mut text, &mut parts, in_pre);
                let mut name = tag.name.to_string();
                match (
                    shift,
                    name.strip_prefix('h').and_then(|n| n.parse::<u8>().ok()),
                ) {
                    (Some(true), Some(n @ 1..=6)) => name = format!("h{}", (n + 1).min(6)),
                    (Some(false), Some(1)) => name = "h2".into(),
                    _ => {}
                }
                let heading = matches!(name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                let mut attrs: Vec<String> = tag
                    .attrs
                    .iter()
                    .filter(|a| !(strip_heading_ids && heading && &*a.name.local == "id"))
                    .map(|a| format!(" {}=\"{}\"", a.name.local, esc(&a.value)))
                    .collect();
                attrs.sort();
                let end = tag.kind == TagKind::EndTag;
                if name == "pre" {
                    in_pre = if end {
                        in_pre.saturating_sub(1)
                    } else {
                        in_pre + 1
                    };
                }
                let s = format!("<{}{name}{}>", if end { "/" } else { "" }, attrs.concat());
                parts.push((BLOCK.contains(&name.as_str()), s));
            }
            Token::CommentToken(c) => {
                flush(&mut text, &mut parts, in_pre);
                parts.push((false, format!("<!--{c}-->")));
            }
            Token::DoctypeToken(d) => {
                flush(&mut text, &mut parts, in_pre);
                parts.push((
                    false,
                    format!("<!DOCTYPE {}>", d.name.as_deref().unwrap_or("")),
                ));
            }
            Token::EOFToken | Token::ParseError(_) => {}
        }
    }
    flush(&mut text, &mut parts, in_pre);
    let mut out = String::new();
    for (i, (block, s)) in parts.iter().enumerate() {
        let prev_block = i > 0 && parts[i - 1].0;
        let next_block = parts.get(i + 1).is_some_and(|p| p.0);
        if *block {
            out.push_str(s);
        } else {
            let mut t = s.as_str();
            if prev_block || i == 0 {
                t = t.trim_start_matches(' ');
            }
            if next_block || i + 1 == parts.len() {
                t = t.trim_end_matches(' ');
            }
            out.push_str(t);
        }
    }
    out
}

fn render(markdown: &str) -> String {
    markdown::render_alone(markdown, "spec.md", Body::Page).html
}

/// Whether the reasons `rs` explain why `actual` differs from the spec's `expected`.
fn explained(ex: &Example, actual: &str, rs: &[Reason]) -> Result<(), String> {
    let has = |r| rs.contains(&r);
    let mut expected = ex.html.clone();
    if has(Reason::Sanitized) || has(Reason::Repaired) {
        let removes = removed(&expected);
        if has(Reason::Sanitized) != removes {
            return Err(format!(
                "the sanitizer removes {}",
                if removes { "something" } else { "nothing" }
            ));
        }
        expected = markdown::sanitize(&expected);
        // A link whose scheme the sanitizer removes is shown as its text (not as an `<a>`
        // without an address, which is no link).
        let mut from = 0;
        while let Some(at) = expected[from..].find("<a>").map(|a| from + a) {
            from = at + 3;
            let Some(end) = expected[at..].find("</a>").map(|e| at + e) else {
                break;
            };
            let inner = expected[at + 3..end].to_string();
            if inner.contains(':') && !inner.contains('<') {
                expected.replace_range(at..end + 4, &inner);
                from = at;
            }
        }
    }
    let shift = has(Reason::HeadingLevel).then(|| page_levels(&ex.markdown));
    let undone =
        normal_shifted(&expected, shift, false) == normal(actual, false, has(Reason::HeadingIds));
    let star = ex.markdown.char_indices().any(|(i, c)| {
        c == '*'
            && ex.markdown[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            && ex.markdown[i + 1..]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
    });
    let shown = actual.contains("&lt;");
    match () {
        _ if has(Reason::GenderStar) && !star => Err("no star between letters".into()),
        _ if has(Reason::RawTextShown) && !shown => Err("no tag shown as text".into()),
        _ if has(Reason::GenderStar) || has(Reason::RawTextShown) => Ok(()),
        _ if undone => Ok(()),
        _ => Err("differs otherwise".into()),
    }
}

/// Whether sanitizing `html` removes anything: a start tag or attribute, a comment, text.
fn removed(html: &str) -> bool {
    let kept = |h: &str| -> (Vec<String>, String) {
        let mut tags = Vec::new();
        let mut text = String::new();
        for t in tokens(h) {
            match t {
                Token::TagToken(tag) if tag.kind == TagKind::StartTag && &*tag.name != "tbody" => {
                    let mut attrs: Vec<String> = tag
                        .attrs
                        .iter()
                        .map(|a| format!("{}={}", a.name.local, a.value))
                        .collect();
                    attrs.sort();
                    tags.push(format!("{} {}", tag.name, attrs.join(" ")));
                }
                Token::CommentToken(c) => tags.push(format!("<!--{c}")),
                Token::DoctypeToken(_) => tags.push("<!DOCTYPE".into()),
                Token::CharacterTokens(c) => text.extend(c.chars().filter(|c| !c.is_whitespace())),
                _ => {}
            }
        }
        tags.sort();
        (tags, text)
    };
    let (before, after) = (kept(html), kept(&markdown::sanitize(html)));
    let mut rest = after.0.clone();
    let all_tags = before
        .0
        .iter()
        .all(|t| match rest.iter().position(|r| r == t) {
            Some(i) => {
                rest.remove(i);
                true
            }
            None => false,
        });
    !(all_tags && before.1 == after.1)
}

#[test]
fn commonmark_spec_examples() {
    let mut listed: BTreeMap<u32, Vec<Reason>> = BTreeMap::new();
    for (reason, numbers) in EXCEPTIONS {
        for n in *numbers {
            listed.entry(*n).or_default().push(*reason);
        }
    }
    let mut failures = Vec::new();
    let mut passing = 0;
    let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
    for ex in examples() {
        let actual = render(&ex.markdown);
        let same = normal(&ex.html, false, false) == normal(&actual, false, false);
        match listed.get(&ex.number) {
            None if same => passing += 1,
            None => {
                let hint = [
                    vec![Reason::HeadingIds],
                    vec![Reason::HeadingLevel, Reason::HeadingIds],
                    vec![Reason::Sanitized],
                    vec![Reason::Repaired],
                    vec![Reason::GenderStar],
                    vec![Reason::RawTextShown],
                ]
                .into_iter()
                .find(|rs| explained(&ex, &actual, rs).is_ok());
                failures.push(format!(
                    "example {} differs ({hint:?}):\n  markdown: {:?}\n  expected: {}\n  actual:   {}",
                    ex.number,
                    ex.markdown,
                    normal(&ex.html, false, false),
                    normal(&actual, false, false)
                ));
            }
            Some(_) if same => failures.push(format!(
                "example {} is listed as an exception but matches the spec: take it off the list",
                ex.number
            )),
            Some(rs) => match explained(&ex, &actual, rs) {
                Ok(()) => {
                    for r in rs {
                        *by_reason.entry(*r).or_default() += 1;
                    }
                }
                Err(why) => failures.push(format!(
                    "example {} ({rs:?}): {why}:\n  markdown: {:?}\n  expected: {}\n  actual:   {}",
                    ex.number,
                    ex.markdown,
                    normal(&ex.html, false, false),
                    normal(&actual, false, false)
                )),
            },
        }
    }
    println!(
        "CommonMark 0.31.2: {passing} examples match, {} are exceptions: {by_reason:?}",
        listed.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn normalisation_keeps_differences_that_matter() {
    assert_eq!(
        normal("<p>a  b\n</p>\n<br />", false, false),
        "<p>a b</p><br>"
    );
    assert_eq!(
        normal("<a title=\"&quot;\" href=x>", false, false),
        "<a href=\"x\" title=\"&quot;\">"
    );
    assert_ne!(
        normal("<p>a</p>", false, false),
        normal("<p>b</p>", false, false)
    );
    assert_ne!(
        normal("<em>a</em>", false, false),
        normal("a", false, false)
    );
    assert_eq!(
        normal("<pre><code>a  b\n</code></pre>", false, false),
        "<pre><code>a  b\n</code></pre>"
    );
}

/// The build's one-pass id reader finds in every example what a tokenizer finds (lol_html's,
/// which the sanitizer also uses): in the spec's HTML (raw HTML passed through: comments,
/// processing instructions, CDATA, odd attributes), in the Markdown read as HTML, and in our
/// rendering of it; whole, and in pieces as a page is written.
#[test]
fn page_ids_are_the_ids_a_tokenizer_finds() {
    let mut checked = 0;
    for ex in examples() {
        for html in [ex.html.clone(), ex.markdown.clone(), render(&ex.markdown)] {
            let whole = markdown::page_ids(&html);
            assert_eq!(
                whole,
                common::tokenizer_ids(&html),
                "example {}: {html}",
                ex.number
            );
            // Read as a page is written, in pieces that cut tokens anywhere.
            for size in [1, 3, 7, 16] {
                let mut reader = markdown::IdReader::new();
                for piece in html.as_bytes().chunks(size) {
                    reader.write(piece);
                }
                assert_eq!(
                    reader.finish(),
                    whole,
                    "example {}, pieces of {size}",
                    ex.number
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1900, "{checked}");
}

/// The same agreement on snippets made of the pieces where tokenizers part ways: quotes,
/// comments, raw text, unquoted and repeated attributes, references, stray `<`.
/// The snippets come from a fixed seed, so a failure names one that can be run again.
#[test]
fn page_ids_agree_with_a_tokenizer_on_generated_snippets() {
    const PIECES: &[&str] = &[
        "<p id=\"a\">",
        "<p id=b>",
        "<p id='c d'>",
        "<P ID=E>",
        "<a name=\"n\">",
        "<a id=x name=y>",
        "<i id=\"r&amp;s\">",
        "<b id=\"&#x41;&auml;\">",
        "<hr id=z/>",
        "<br/>",
        "<p id>",
        "<p =id x=1 id=q>",
        "</p>",
        "</a>",
        "</p id=\"no\">",
        "</>",
        "</ x>",
        "< p id=t>",
        "<3",
        "a < b",
        "<",
        ">",
        "\"",
        "'",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!--->",
        "<!- x ->",
        "<!DOCTYPE html>",
        "<?php x ?>",
        "<!x>",
        "<script>",
        "</script>",
        "</script ",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<xmp>",
        "</xmp>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "<svg>",
        "</svg>",
        "<svg/>",
        "<math>",
        "</math>",
        "<![CDATA[",
        "]]>",
        "<desc id=d>",
        "<g id=\"g\" class=\"a > b\">",
        "<foreignObject>",
        "<template>",
        "</template>",
        "text ",
        "\n",
        "<div\tid\n=\nw>",
        "<p id=\"un",
        "<p data-x='\"' id=v>",
        "&lt;p id=\"no\"&gt;",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |n: usize| {
        // xorshift64*: the same snippets on every run and machine.
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        (seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    };
    for _ in 0..20_000 {
        let len = 1 + next(12);
        let snippet: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        let ours = markdown::page_ids(&snippet);
        let mut reader = markdown::IdReader::new();
        for piece in snippet.as_bytes().chunks(1 + next(5)) {
            reader.write(piece);
        }
        assert_eq!(reader.finish(), ours, "in pieces: {snippet:?}");
        // Inside <svg> and <math> the tree builder decides how a tag is read (§13.2.6.5),
        // which lol_html follows only in part (it reads on after a self-closed <svg/>, and
        // after `<math><svg><p>` it does not close the foreign elements); a `<template>` is a
        // scope of its own, which lol_html closes at the end tag of an element opened before
        // it: those snippets are checked by the scanner's own tests against the standard's
        // rules instead.
        if ["<svg", "<math", "<template"]
            .iter()
            .any(|t| snippet.contains(t))
        {
            continue;
        }
        assert_eq!(ours, common::tokenizer_ids(&snippet), "{snippet:?}");
    }
}
