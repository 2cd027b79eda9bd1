//! Raw HTML of bodies and the rendered pages, read with a real HTML tokenizer (lol_html):
//! raw-text elements that would swallow what follows, ids, URLs, and the ids of a page.

use std::ops::Range;

use lol_html::{element, rewrite_str, ElementContentHandlers, RewriteStrSettings, Selector};

use super::ids::IdAllocator;

/// Elements whose content an HTML parser reads as text up to their end tag (or, for
/// `plaintext`, to the end of the document).
pub const RAW_TEXT: [&str; 10] = [
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "script",
    "style",
];

const RAW_TEXT_SELECTOR: &str =
    "textarea, title, xmp, iframe, noembed, noframes, noscript, plaintext, script, style";

/// Elements and attributes of raw HTML that hold a link or load a file.
const URL_ATTRIBUTES: [(&str, &str); 10] = [
    ("a", "href"),
    ("area", "href"),
    ("img", "src"),
    ("source", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("iframe", "src"),
    ("embed", "src"),
];

const URL_SELECTOR: &str = "a[href], area[href], img[src], source[src], video[src], video[poster], audio[src], track[src], iframe[src], embed[src]";

pub type Handlers<'h> = Vec<(
    std::borrow::Cow<'static, Selector>,
    ElementContentHandlers<'h>,
)>;

/// lol_html's settings for a rewrite of a string with `handlers`; `strict`: whether input the
/// tokenizer cannot read unambiguously stops the rewrite (see lol_html's `with_strict`).
pub fn str_settings(handlers: Handlers<'_>, strict: bool) -> RewriteStrSettings<'_, 'static> {
    handlers
        .into_iter()
        .fold(RewriteStrSettings::new(), |settings, handler| {
            settings.append_element_content_handler(handler)
        })
        .with_strict(strict)
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An attribute's value as written (as lol_html gives it) read as the browser reads it:
/// character references decoded (`a&amp;b` is `a&b`).
pub fn decoded(value: &str) -> String {
    html_escape::decode_html_entities(value).into_owned()
}

/// The value of attribute `name` of `el` as the browser reads it ([`decoded`]): the id
/// `id="a&amp;b"` is `a&b`, which `#a&b` reaches.
pub fn attribute(el: &lol_html::html_content::Element, name: &str) -> Option<String> {
    el.get_attribute(name).map(|v| decoded(&v))
}

/// Sets attribute `name` of `el` to `value` (as the browser is to read it): `&` written as a
/// reference (lol_html writes `"` as one itself).
pub fn set_attribute(
    el: &mut lol_html::html_content::Element,
    name: &str,
    value: &str,
) -> Result<(), lol_html::errors::AttributeNameError> {
    el.set_attribute(name, &value.replace('&', "&amp;"))
}

/// Runs `handlers` over `html`; None when the tokenizer refuses the input or a handler stops it.
fn run(html: &str, handlers: Handlers) -> Option<String> {
    rewrite_str(html, str_settings(handlers, false)).ok()
}

/// Runs `handlers` over `html`. Input the tokenizer refuses is shown as text, never passed on.
fn rewrite(html: &str, handlers: Handlers) -> String {
    run(html, handlers).unwrap_or_else(|| escape(html))
}

/// Where the last end tag of each raw-text element stands in `html` (`</name` followed by
/// whitespace, `/` or `>`, in any case, which is what ends such an element).
fn last_end_tags(html: &str) -> [Option<usize>; 10] {
    let mut last = [None; 10];
    for (i, _) in html.match_indices("</") {
        let after = &html.as_bytes()[i + 2..];
        for (k, name) in RAW_TEXT.iter().enumerate() {
            let ends = after.len() > name.len()
                && after[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(
                    after[name.len()],
                    b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'/' | b'>'
                );
            if ends {
                last[k] = Some(i);
            }
        }
    }
    last
}

/// The start tag of the first raw-text element in `html[from..]` that is never closed (so would
/// turn everything after it into text), given where each such element's last end tag stands.
fn first_unclosed_from(
    html: &str,
    from: usize,
    last: &[Option<usize>; 10],
) -> Option<Range<usize>> {
    let rest = html.get(from..)?;
    let mut found: Option<Range<usize>> = None;
    let handlers = vec![element!(RAW_TEXT_SELECTOR, |el| {
        let at = el.source_location().bytes();
        let name = el.tag_name();
        let k = RAW_TEXT.iter().position(|n| *n == name);
        let closed = name != "plaintext"
            && k.and_then(|k| last[k])
                .is_some_and(|end| end >= from + at.end);
        if closed {
            return Ok(());
        }
        found = Some(from + at.start..from + at.end);
        // Nothing after it matters: stop reading.
        Err("found".into())
    })];
    let _ = run(rest, handlers);
    found
}

/// The start tag of the first raw-text element in `html` that is never closed, and so would
/// turn everything after it into text.
pub fn first_unclosed_raw_text(html: &str) -> Option<Range<usize>> {
    first_unclosed_from(html, 0, &last_end_tags(html))
}

/// Shows the start tag of every raw-text element that is never closed as text, so that it
/// cannot swallow the rest of the body.
pub fn neutralise_raw_text(html: &str) -> String {
    if !RAW_TEXT.iter().any(|t| contains_ignore_case(html, t)) {
        return html.to_string();
    }
    let last = last_end_tags(html);
    let mut out = String::with_capacity(html.len());
    let mut done = 0;
    while let Some(at) = first_unclosed_from(html, done, &last) {
        let (Some(before), Some(tag)) = (html.get(done..at.start), html.get(at.clone())) else {
            break;
        };
        out.push_str(before);
        out.push_str(&escape(tag));
        done = at.end;
    }
    out.push_str(html.get(done..).unwrap_or_default());
    out
}

/// Whether `haystack` contains `needle` (ASCII letters in any case).
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// `(is an end tag, element name)` when `tag` (one tag, as CommonMark's inline HTML gives it)
/// is a tag of a raw-text element.
pub fn raw_text_tag(tag: &str) -> Option<(bool, &'static str)> {
    let rest = tag.strip_prefix('<')?;
    let (end, rest) = match rest.strip_prefix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &rest[..len];
    RAW_TEXT
        .iter()
        .find(|n| n.eq_ignore_ascii_case(name))
        .map(|n| (end, *n))
}

/// Gives every element of `html` that has an id an id of the page (`ids`): taken ones are
/// renamed, and links to them follow (see `IdAllocator::claim`).
pub fn rename_ids(html: &str, ids: &mut IdAllocator) -> String {
    if !contains_ignore_case(html, "id") {
        return html.to_string();
    }
    let handlers = vec![element!("[id]", |el| {
        if let Some(written) = attribute(el, "id") {
            if written.trim().is_empty() {
                el.remove_attribute("id");
            } else {
                let given = ids.claim(&written);
                if given != written {
                    set_attribute(el, "id", &given)?;
                }
            }
        }
        Ok(())
    })];
    rewrite(html, handlers)
}

/// Passes every link and file reference of `html` (`<a href>`, `<img src>`, and with `media`
/// also those of video, audio, frames and embeds, which only unsanitized HTML keeps) through `f`.
/// An image from another host becomes a link to it, with its alternative text (or address).
pub fn rewrite_urls(html: &str, media: bool, f: &mut dyn FnMut(&str) -> String) -> String {
    if !["href", "src", "poster"]
        .iter()
        .any(|a| contains_ignore_case(html, a))
    {
        return html.to_string();
    }
    let handlers = vec![element!(URL_SELECTOR, |el| {
        let tag = el.tag_name();
        for (t, attr) in URL_ATTRIBUTES {
            if t != tag || !(media || matches!(t, "a" | "area" | "img")) {
                continue;
            }
            if let Some(url) = attribute(el, attr) {
                if t == "img" && from_elsewhere(&url) {
                    // A page requests nothing from other hosts: a link to the picture instead.
                    let alt = attribute(el, "alt").filter(|a| !a.trim().is_empty());
                    let text = alt.unwrap_or_else(|| url.clone());
                    el.replace(
                        &format!(
                            "<a href=\"{}\">{}</a>",
                            html_escape::encode_double_quoted_attribute(&url),
                            html_escape::encode_text(&text)
                        ),
                        lol_html::html_content::ContentType::Html,
                    );
                    return Ok(());
                }
                if t == "img" && !media && !kept_by_sanitizer(&url) {
                    // The sanitizer would take the address and leave an `<img>` without a
                    // source (invalid HTML): the picture's alternative text instead.
                    let alt = attribute(el, "alt").unwrap_or_default();
                    el.replace(
                        &html_escape::encode_text(&alt),
                        lol_html::html_content::ContentType::Html,
                    );
                    return Ok(());
                }
                let new = f(&url);
                if new != url {
                    set_attribute(el, attr, &new)?;
                }
            }
        }
        Ok(())
    })];
    rewrite(html, handlers)
}

/// Whether the sanitizer keeps `url` as an address: relative, or of one of its schemes.
fn kept_by_sanitizer(url: &str) -> bool {
    let url = url.trim();
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    scheme.is_none_or(|_| super::sanitize::allowed_scheme(url))
}

/// Whether `url` is on another host, as a browser reads it (backslashes as slashes, tabs and
/// line breaks dropped): `//…`, any scheme followed by `//`, and a web scheme however many
/// slashes follow it (`https:evil.example/a.png` is `https://evil.example/a.png`).
fn from_elsewhere(url: &str) -> bool {
    let url: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, rest)| {
            let scheme = scheme.to_ascii_lowercase();
            ["http", "https", "ftp", "ws", "wss"].contains(&scheme.as_str())
                || (rest.starts_with("//")
                    && scheme
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        })
}

/// `html` with its headings (`<h1>`…`<h6>`) at the levels `level` gives for theirs: a body's
/// headings sit under its page's own, written in HTML as in Markdown.
pub fn shift_headings(html: &str, level: &dyn Fn(u8) -> u8) -> String {
    if !contains_ignore_case(html, "<h") {
        return html.to_string();
    }
    let handlers = vec![element!("h1, h2, h3, h4, h5, h6", |el| {
        let n = el.tag_name()[1..].parse::<u8>().unwrap_or(6);
        let to = level(n);
        if to != n {
            el.set_tag_name(&format!("h{to}"))?;
        }
        Ok(())
    })];
    rewrite(html, handlers)
}

/// Every `href` of an `<a>` or `<area>` in a rendered page, in document order (text that merely
/// looks like an attribute, e.g. inside a code sample, is not one).
pub fn page_links(html: &str) -> Vec<String> {
    let mut hrefs = Vec::new();
    let handlers = vec![element!("a[href], area[href]", |el| {
        if let Some(h) = attribute(el, "href") {
            hrefs.push(h);
        }
        Ok(())
    })];
    let _ = run(html, handlers);
    hrefs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclosed_raw_text_is_found() {
        assert_eq!(
            first_unclosed_raw_text("<p>a</p><textarea rows=2>x"),
            Some(8..25)
        );
        assert_eq!(first_unclosed_raw_text("<textarea>x</TEXTAREA >"), None);
        assert_eq!(first_unclosed_raw_text("<!-- <script> -->"), None);
        assert_eq!(
            neutralise_raw_text("<div><title>T\n<p id=\"a\">b</p></div>"),
            "<div>&lt;title&gt;T\n<p id=\"a\">b</p></div>"
        );
        assert_eq!(
            neutralise_raw_text("<xmp>a<style>b"),
            "&lt;xmp&gt;a&lt;style&gt;b"
        );
    }

    #[test]
    fn inline_tags_are_named() {
        assert_eq!(raw_text_tag("<textarea>"), Some((false, "textarea")));
        assert_eq!(raw_text_tag("</Script >"), Some((true, "script")));
        assert_eq!(raw_text_tag("<titles>"), None);
        assert_eq!(raw_text_tag("<b>"), None);
    }
}
