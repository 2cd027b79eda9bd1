//! The element ids of a rendered page, read in one pass over its bytes as a browser's tokenizer
//! reads start tags, comments and raw text (WHATWG HTML §13.2.5), without building anything:
//! every page of a build passes through here, so this pass reads only what an id needs.
//!
//! What it follows of the HTML syntax: start and end tags with their attributes (quoted,
//! unquoted and bare), comments (`<!-- … -->`, `<!-->`), doctype and other `<!…>`/`<?…>`
//! ("bogus comments", to the next `>`), and the elements whose content is text up to their
//! end tag ([`RAW_TEXT`]; a script's text with its escapes, where `<!-- <script>` keeps a
//! `</script>` inside it). Of the tree builder, what decides how a tag is read inside `<svg>`
//! and `<math>` ([`super::foreign`]): there those names are ordinary elements and `CDATA`
//! sections are text, integration points hold HTML again, and an HTML element such as `<p>`
//! closes the foreign elements. Not followed: `<plaintext>` (text to the end of the page),
//! elements the tree builder drops or moves. The pages it reads are the build's own output,
//! valid HTML (a CI gate), whose bodies were sanitised: a comment or tag left open runs to the
//! end of the page, read again with each piece (bodies never leave one open).

use super::foreign::{Foreign, StartTag};
use super::html::{decoded, RAW_TEXT};

/// Every element id of a page, in document order and with repeats: what a `#fragment` can
/// reach (also `<a name>`). Text that merely looks like an id (in code samples) is not one.
pub fn page_ids(html: &str) -> Vec<String> {
    let mut reader = IdReader::new();
    reader.write(html.as_bytes());
    reader.finish()
}

/// The element ids of a page (as [`page_ids`]) read while the page is written, in pieces of
/// any size, so that the page need not be held whole: only a token cut by the end of a
/// piece waits for the next one.
#[derive(Debug, Default)]
pub struct IdReader {
    /// The start of a token that the last piece cut (a tag, a comment), to be read whole.
    pending: Vec<u8>,
    /// Inside an element whose content is text: its name (lower case).
    raw_text: Option<&'static str>,
    /// Where a script's text is in the escapes that keep a `</script>` inside it.
    script: Script,
    /// The elements open inside `<svg>`/`<math>`.
    foreign: Foreign,
    /// How many HTML `<template>`s are open: their content is no part of the page (it is
    /// inert until a script copies it), so its ids are not the page's.
    template: u32,
    ids: Vec<String>,
}

/// The states of a script's text (§13.2.5.4–.26): after `<!--` the text is "escaped", and a
/// `<script>` inside it "double escaped", where `</script>` does not end the script (until
/// `-->`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Script {
    #[default]
    Data,
    Escaped,
    DoubleEscaped,
}

/// What a token at `<` turned out to be, once read.
enum Token {
    /// More bytes are needed to read it.
    Cut,
    /// It takes this many bytes.
    Len(usize),
}

/// Bytes that end a tag's name or an attribute (HTML's whitespace, `/`, `>`).
fn ends_name(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ' | b'/' | b'>')
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// The position just after the first `end` in `bytes` from `from`.
fn after(bytes: &[u8], from: usize, end: &[u8]) -> Option<usize> {
    let at = bytes.get(from..)?;
    at.windows(end.len())
        .position(|w| w == end)
        .map(|p| from + p + end.len())
}

impl IdReader {
    pub fn new() -> IdReader {
        IdReader::default()
    }

    /// Reads the next piece of the page.
    pub fn write(&mut self, piece: &[u8]) {
        if self.pending.is_empty() {
            let used = self.scan(piece, false);
            self.pending.extend_from_slice(&piece[used..]);
        } else {
            let mut bytes = std::mem::take(&mut self.pending);
            bytes.extend_from_slice(piece);
            let used = self.scan(&bytes, false);
            bytes.drain(..used);
            self.pending = bytes;
        }
    }

    /// The ids found, in document order and with repeats. A tag the page ends inside gives none.
    pub fn finish(mut self) -> Vec<String> {
        let rest = std::mem::take(&mut self.pending);
        self.scan(&rest, true);
        self.ids
    }

    /// Reads the tokens of `bytes`; returns how many bytes were read (the rest is a token cut
    /// by the end of the piece, unless `last`).
    fn scan(&mut self, bytes: &[u8], last: bool) -> usize {
        let mut at = 0;
        loop {
            if let Some(name) = self.raw_text {
                let end = if name == "script" {
                    script_end(bytes, at, &mut self.script)
                } else {
                    raw_text_end(bytes, at, name)
                };
                match end {
                    Ok(end) => {
                        self.raw_text = None;
                        at = end;
                    }
                    Err(keep) => return if last { bytes.len() } else { keep },
                }
            }
            let Some(lt) = memchr::memchr(b'<', &bytes[at..]) else {
                return bytes.len();
            };
            let start = at + lt;
            match self.token(&bytes[start..]) {
                Token::Len(len) => at = start + len,
                Token::Cut => return if last { bytes.len() } else { start },
            }
        }
    }

    /// Reads the token at `b` (which starts with `<`).
    fn token(&mut self, b: &[u8]) -> Token {
        let Some(&next) = b.get(1) else {
            return Token::Cut;
        };
        let ends_at = |from: usize, end: &[u8]| after(b, from, end).map_or(Token::Cut, Token::Len);
        match next {
            b'!' => {
                if b.len() < 4 && b"<!--".starts_with(b) {
                    return Token::Cut;
                }
                if b.starts_with(b"<!--") {
                    return match &b[4..] {
                        [b'>', ..] => Token::Len(5),
                        [b'-', b'>', ..] => Token::Len(6),
                        [] | [b'-'] => Token::Cut,
                        _ => comment_end(b),
                    };
                }
                if self.foreign.cdata() {
                    if b.len() < 9 && b"<![CDATA[".starts_with(b) {
                        return Token::Cut;
                    }
                    if b.starts_with(b"<![CDATA[") {
                        return ends_at(9, b"]]>");
                    }
                }
                ends_at(2, b">")
            }
            b'?' => ends_at(1, b">"),
            b'/' => match b.get(2) {
                None => Token::Cut,
                Some(c) if c.is_ascii_alphabetic() => self.tag(b, 2, true),
                Some(b'>') => Token::Len(3),
                Some(_) => ends_at(2, b">"),
            },
            c if c.is_ascii_alphabetic() => self.tag(b, 1, false),
            // A `<` that starts no tag is text.
            _ => Token::Len(1),
        }
    }

    /// Reads the tag at `b` whose name starts at `from`: its ids (of a start tag), and whether
    /// it opens or closes raw text or foreign content.
    fn tag(&mut self, b: &[u8], from: usize, end_tag: bool) -> Token {
        let mut i = from;
        while i < b.len() && !ends_name(b[i]) {
            i += 1;
        }
        let name = &b[from..i];
        let is_a = name.eq_ignore_ascii_case(b"a");
        let (mut id, mut anchor_name): (Option<&[u8]>, Option<&[u8]>) = (None, None);
        let mut info = StartTag::default();
        let mut self_closing = false;
        loop {
            while i < b.len() && (is_space(b[i]) || b[i] == b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            let Some(&c) = b.get(i) else {
                return Token::Cut;
            };
            if c == b'>' {
                i += 1;
                break;
            }
            self_closing = false;
            // An attribute's name (its first character may be `=`).
            let start = i;
            i += 1;
            while i < b.len() && !ends_name(b[i]) && b[i] != b'=' {
                i += 1;
            }
            let attribute = &b[start..i];
            while i < b.len() && is_space(b[i]) {
                i += 1;
            }
            let mut value: &[u8] = b"";
            if b.get(i) == Some(&b'=') {
                i += 1;
                while i < b.len() && is_space(b[i]) {
                    i += 1;
                }
                match b.get(i) {
                    None => return Token::Cut,
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let Some(close) = memchr::memchr(q, &b[i + 1..]) else {
                            return Token::Cut;
                        };
                        value = &b[i + 1..i + 1 + close];
                        i += close + 2;
                    }
                    Some(b'>') => {}
                    Some(_) => {
                        let start = i;
                        while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i == b.len() {
                            return Token::Cut;
                        }
                        value = &b[start..i];
                    }
                }
            }
            // The first of repeated attributes counts, as in a browser.
            if attribute.eq_ignore_ascii_case(b"id") {
                id.get_or_insert(value);
            } else if is_a && attribute.eq_ignore_ascii_case(b"name") {
                anchor_name.get_or_insert(value);
            } else if attribute.eq_ignore_ascii_case(b"encoding") {
                info.encoding.get_or_insert(value);
            } else if [&b"color"[..], b"face", b"size"]
                .iter()
                .any(|a| attribute.eq_ignore_ascii_case(a))
            {
                info.font_attributes = true;
            }
        }
        let template = name.eq_ignore_ascii_case(b"template");
        if end_tag {
            self.foreign.end(name);
            if template {
                self.template = self.template.saturating_sub(1);
            }
            return Token::Len(i);
        }
        info.self_closing = self_closing;
        let html = self.foreign.start(name, info);
        let inert = self.template > 0;
        if let Some(value) = id.filter(|_| !inert) {
            self.ids.push(decoded(&String::from_utf8_lossy(value)));
        }
        if html && template {
            self.template += 1;
        }
        if html {
            // Only HTML's `<a name>` is an anchor (not SVG's `<a>`).
            if let Some(value) = anchor_name.filter(|_| !inert) {
                self.ids.push(decoded(&String::from_utf8_lossy(value)));
            }
            self.raw_text = RAW_TEXT
                .iter()
                .find(|t| name.eq_ignore_ascii_case(t.as_bytes()) && **t != "plaintext")
                .copied();
        }
        Token::Len(i)
    }
}

/// The end of the comment that starts `b` (`<!--`): after `-->` or `--!>`.
fn comment_end(b: &[u8]) -> Token {
    let mut from = 4;
    while let Some(dash) = memchr::memchr(b'-', &b[from..]) {
        let at = from + dash;
        match &b[at..] {
            [b'-', b'-', b'>', ..] => return Token::Len(at + 3),
            [b'-', b'-', b'!', b'>', ..] => return Token::Len(at + 4),
            [b'-'] | [b'-', b'-'] | [b'-', b'-', b'!'] => return Token::Cut,
            _ => from = at + 1,
        }
    }
    Token::Cut
}

/// As [`raw_text_end`] for `<script>`, following its escapes in `state`: where `</script>`
/// starts that ends it (Ok), or how far its text is read (Err).
fn script_end(bytes: &[u8], from: usize, state: &mut Script) -> Result<usize, usize> {
    const NAME: &[u8] = b"script";
    // Whether `script` (any case) and a byte that ends a name follow at `at`; None: the
    // bytes end before that is known.
    let named = |at: usize| -> Option<bool> {
        let tail = bytes.get(at..)?;
        let n = tail.len().min(NAME.len());
        if !tail[..n].eq_ignore_ascii_case(&NAME[..n]) {
            return Some(false);
        }
        tail.get(NAME.len()).map(|b| ends_name(*b))
    };
    let mut at = from;
    while let Some(found) = memchr::memchr2(b'<', b'-', &bytes[at..]) {
        let i = at + found;
        let rest = &bytes[i..];
        if rest[0] == b'-' {
            match rest {
                [b'-', b'-', b'>', ..] if *state != Script::Data => {
                    *state = Script::Data;
                    at = i + 3;
                    continue;
                }
                [b'-'] | [b'-', b'-'] if *state != Script::Data => return Err(i),
                _ => {
                    at = i + 1;
                    continue;
                }
            }
        }
        let closing = rest.get(1) == Some(&b'/');
        let decided = if closing { named(i + 2) } else { named(i + 1) };
        match (rest.get(1), decided) {
            (None, _) => return Err(i),
            (Some(b'!'), _) if *state == Script::Data => {
                if rest.len() < 4 {
                    return Err(i);
                }
                if rest.starts_with(b"<!--") {
                    // Past `<!` only: its `--` may be the start of `-->` (`<!-->`).
                    *state = Script::Escaped;
                    at = i + 2;
                    continue;
                }
            }
            (Some(_), None) if closing || *state == Script::Escaped => return Err(i),
            (Some(_), Some(true)) if closing => {
                if *state == Script::DoubleEscaped {
                    *state = Script::Escaped;
                } else {
                    *state = Script::Data;
                    return Ok(i);
                }
            }
            (Some(_), Some(true)) if *state == Script::Escaped => *state = Script::DoubleEscaped,
            _ => {}
        }
        at = i + 1;
    }
    Err(bytes.len())
}

/// Where the end tag of raw text element `name` starts in `bytes` from `from` (Ok), or how far
/// the text is read when the end tag is not (yet) there (Err: the start of a possible end
/// tag cut by the piece's end, else the end of `bytes`).
fn raw_text_end(bytes: &[u8], from: usize, name: &str) -> Result<usize, usize> {
    let mut at = from;
    while let Some(lt) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + lt;
        let tag = &bytes[start..];
        let need = 2 + name.len() + 1;
        if tag.len() < need {
            let could = tag.get(1).is_none_or(|b| *b == b'/')
                && tag
                    .get(2..)
                    .is_none_or(|n| name.as_bytes()[..n.len()].eq_ignore_ascii_case(n));
            if could {
                return Err(start);
            }
        } else if tag[1] == b'/'
            && tag[2..2 + name.len()].eq_ignore_ascii_case(name.as_bytes())
            && ends_name(tag[2 + name.len()])
        {
            return Ok(start);
        }
        at = start + 1;
    }
    Err(bytes.len())
}

/// The ids lol_html's rewriter finds (a WHATWG tokenizer with the tree builder's
/// feedback), attribute values decoded: what the tests hold [`page_ids`] to. Not used by a
/// build.
#[doc(hidden)]
pub fn tokenizer_ids(html: &str) -> Vec<String> {
    use lol_html::element;
    let ids = std::cell::RefCell::new(Vec::new());
    let templates = std::rc::Rc::new(std::cell::Cell::new(0u32));
    let open = templates.clone();
    let handlers = vec![
        element!("[id], a[name]", |el| {
            if templates.get() > 0 {
                return Ok(());
            }
            if let Some(id) = el.get_attribute("id") {
                ids.borrow_mut().push(decoded(&id));
            }
            if el.tag_name() == "a" {
                if let Some(name) = el.get_attribute("name") {
                    ids.borrow_mut().push(decoded(&name));
                }
            }
            Ok(())
        }),
        element!("template", move |el| {
            open.set(open.get() + 1);
            let close = open.clone();
            if let Some(handlers) = el.end_tag_handlers() {
                let end: lol_html::EndTagHandler<'static> = Box::new(move |_| {
                    close.set(close.get().saturating_sub(1));
                    Ok(())
                });
                handlers.push(end);
            }
            Ok(())
        }),
    ];
    let settings = lol_html::Settings::from(crate::markdown::str_settings(handlers, false));
    let mut rewriter = lol_html::HtmlRewriter::new(settings, |_: &[u8]| {});
    if rewriter.write(html.as_bytes()).is_ok() {
        let _ = rewriter.end();
    }
    ids.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the ids of `page`, whole and in pieces of every size, against lol_html's.
    pub(crate) fn agrees(page: &str) {
        let whole = page_ids(page);
        assert_eq!(whole, tokenizer_ids(page), "{page}");
        let bytes = page.as_bytes();
        for size in 1..bytes.len().min(64) {
            let mut reader = IdReader::new();
            for piece in bytes.chunks(size) {
                reader.write(piece);
            }
            assert_eq!(reader.finish(), whole, "pieces of {size} bytes: {page}");
        }
    }

    #[test]
    fn ids_read_in_pieces_are_the_ids_of_the_whole_page() {
        let page = "<h1 id=\"a\">A</h1><p>id=\"nein\"</p><a name=\"b\"></a><pre><code>&lt;i id=\"c\"&gt;</code></pre><div id='ü-d' class=x>x</div><span id=e>";
        assert_eq!(page_ids(page), ["a", "b", "ü-d", "e"]);
        agrees(page);
    }

    #[test]
    fn ids_in_a_chart_s_title_and_description_are_found() {
        let svg =
            "<p id=\"x\">a</p><svg role=\"img\" aria-labelledby=\"a b\"><title id=\"a\">T</title>\
                   <desc id=\"b\">D</desc><g id=\"c\"></g></svg><p id=\"d\">e</p>";
        assert_eq!(page_ids(svg), ["x", "a", "b", "c", "d"]);
        agrees(svg);
    }

    #[test]
    fn ids_come_from_elements_not_text() {
        let page = "<p id=\"a\">&lt;a id=\"kontakt\"&gt;</p><code>id=\"x\"</code><a name=\"n\"></a><h2 id=\"a\">";
        assert_eq!(page_ids(page), ["a", "n", "a"]);
        agrees(page);
        // A template's content is no part of the page; the template itself is.
        let page = "<template id=\"t\"><p id=\"in\"><template><i id=\"deep\"></i></template><a name=\"x\"></a></template><p id=\"out\">";
        assert_eq!(page_ids(page), ["t", "out"]);
        agrees(page);
        // An end tag inside it does not close it (Chromium: the ids of the document are `a`).
        assert_eq!(page_ids("<p id=a><template></p><i id=b>x</i>"), ["a"]);
    }

    /// A script's text keeps `</script>` while it is inside `<!--` and a `<script>` of its own
    /// (checked against Chromium's parser on 6,000 generated snippets).
    #[test]
    fn a_script_s_escapes_are_followed() {
        for (page, ids) in [
            (
                "<script><!-- <script> </script> <p id=no> </script><p id=a>",
                &["a"][..],
            ),
            ("<script><!-- </script><p id=a>", &["a"]),
            ("<script><!--><script></script><p id=a>", &["a"]),
            ("<script><!-- <SCRIPT > --> </scripT><p id=a>", &["a"]),
            ("<script><!-- <scripts> </script><p id=a>", &["a"]),
            ("<script><!-- <script>--></script><p id=a>", &["a"]),
        ] {
            assert_eq!(page_ids(page), ids, "{page}");
            agrees(page);
        }
    }

    #[test]
    fn comments_raw_text_and_odd_tags_are_read_as_a_browser_reads_them() {
        for page in [
            "<!-- <p id=\"c\"> --><p id=\"d\">",
            "<!--><p id=\"a\"><!---><p id=\"b\"><!-- x --!><p id=\"c\">",
            "<!DOCTYPE html><?xml x?><p id=a><!x id=\"y\"><p id=b>",
            "<script>var s = '<p id=\"no\">';</script ><p id=\"yes\">",
            "<SCRIPT>x</scripts></script><p id=1><style>p{}</STYLE><i id=2>",
            "<title>T <b id=\"no\"></title><textarea><i id=no></textarea><b id=3>",
            "<svg><title><tspan id=\"in\">x</tspan></title><![CDATA[<g id=\"no\">]]></svg><p id=z>",
            "<p ID=\"Upper\" id=\"second\"><A NAME=x id=y></A><b name=n>",
            "<p id=\"a&amp;b\"><i id='&auml;&#x41;'><p id><p id=\"\"><hr id=x/>",
            "<p class=\"a > b\" id=\"q\"><p data-x='\"' id=r><p =x id=s>",
            "a < b <3 </> </ x> <p id=t> </p id=\"no\"> <p\tid\n=\nu>",
            "<p id=\"open",
            "<p id=v",
            "<p id=w ",
            "<!-- x",
            "<script>x",
        ] {
            agrees(page);
        }
    }

    /// Foreign content as the HTML standard reads it (§13.2.6.5), where lol_html 3 (a
    /// tokenizer with part of the tree builder) reads otherwise: checked against the rules.
    #[test]
    fn svg_and_math_are_read_by_the_standard_s_rules() {
        for (page, ids) in [
            // A self-closed <svg/> is closed: the <title> after it is HTML's, its content text.
            ("<svg/><title><p id=no></title><p id=after>", &["after"][..]),
            // In SVG, <style> and <title> hold elements; CDATA is text.
            (
                "<svg><style><g id=a></g></style><title><tspan id=\"b\"/></title><![CDATA[<g id=no>]]><g id=\"c\"/></svg>",
                &["a", "b", "c"],
            ),
            // An HTML element closes the foreign ones (also a MathML `svg`): <style> is raw text again.
            ("<math><svg><p id=b><style><a name=no></style><a name=n>", &["b", "n"]),
            ("<svg><g><b id=x></b><title><i id=no></title><i id=y>", &["x", "y"]),
            // An integration point holds HTML: its <title> is raw text, CDATA is not. MathML
            // has other ones than SVG.
            ("<svg><foreignObject><title><i id=no></title></foreignObject><g id=g></svg>", &["g"]),
            ("<svg><desc><div><xmp><i id=no></xmp></div></desc><g id=h></svg><p id=p>", &["h", "p"]),
            ("<math><foreignObject><script><h2 id=h>", &["h"]),
            ("<math><mi><script><h2 id=no></script><h2 id=h>", &["h"]),
            // </p> closes the foreign elements; a foreign element may close itself.
            ("<svg><rect id=\"r\"/></p><title><i id=no></title>", &["r"]),
            // So does a <font> with a colour, face or size (not a plain one).
            ("<svg><font color=red>x</font><style><g id=no></style>", &[]),
            ("<svg><font>x</font><style><g id=g></style>", &["g"]),
            // An end tag does not leave an integration point while an HTML element is open in it.
            ("<svg><foreignObject><p>x</foreignObject><style><g id=no></style></svg>", &[]),
            ("<svg><foreignObject><p>x</foreignObject><![CDATA[ <g id=no> ]]><g id=c>", &["c"]),
            ("<svg><desc><b>x</desc><style><g id=no/></style>", &[]),
            // MathML: `mglyph` in a text element is MathML's; `annotation-xml` of HTML holds HTML.
            ("<math><mi><mglyph><style><mi id=m></style></mglyph></mi></math>", &["m"]),
            ("<math><annotation-xml encoding=\"Text/HTML\"><style><mi id=no></style>", &[]),
            ("<math><annotation-xml><style><mi id=m></style>", &["m"]),
            // SVG's <a name> is no anchor.
            ("<svg><a name=n id=i></a></svg><a name=h>", &["i", "h"]),
        ] {
            assert_eq!(page_ids(page), ids, "{page}");
            let bytes = page.as_bytes();
            for size in 1..bytes.len() {
                let mut reader = IdReader::new();
                for piece in bytes.chunks(size) {
                    reader.write(piece);
                }
                assert_eq!(reader.finish(), ids, "pieces of {size}: {page}");
            }
        }
    }
}
