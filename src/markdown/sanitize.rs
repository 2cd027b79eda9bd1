//! The sanitizer of raw HTML in bodies (ammonia): an explicit allowlist of everything that can
//! neither run code nor load anything, nor take input. README "Raw HTML" lists it.

use std::borrow::Cow;
use std::sync::OnceLock;

/// Elements kept. Left out: script, style, frames, object/embed, media, forms (except the
/// disabled checkbox of task lists), `main` (the page has one), obsolete elements.
pub const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "meter",
    "nav",
    "ol",
    "p",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with their content (the content is code, or a fallback for it).
pub const DROPPED_WITH_CONTENT: &[&str] = &[
    "script", "style", "iframe", "noscript", "noembed", "noframes", "template", "object",
];

/// Attributes kept on every element (and every `aria-*`).
pub const GENERIC_ATTRIBUTES: &[&str] =
    &["id", "class", "title", "lang", "dir", "role", "translate"];

/// Attributes kept on one element.
pub const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("time", &["datetime"]),
    ("data", &["value"]),
    ("details", &["open"]),
    ("ol", &["start", "type", "reversed"]),
    ("li", &["value"]),
    ("img", &["src", "alt", "width", "height", "loading"]),
    ("td", &["colspan", "rowspan", "headers"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "abbr"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("input", &["checked"]),
    ("meter", &["value", "min", "max", "low", "high", "optimum"]),
    ("progress", &["value", "max"]),
];

/// URL schemes a link or image may have (relative URLs pass too).
pub const URL_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "sms", "geo", "ftp", "ftps", "irc", "ircs", "xmpp", "webcal",
    "news",
];

/// Whether a URL with a scheme may be the address of a link: one of [`URL_SCHEMES`], or
/// protocol-relative (`//host/…`).
pub fn allowed_scheme(url: &str) -> bool {
    url.starts_with("//")
        || url
            .split_once(':')
            .is_some_and(|(s, _)| URL_SCHEMES.contains(&s.to_ascii_lowercase().as_str()))
}

/// Whether an attribute is kept on every element: one of [`GENERIC_ATTRIBUTES`] or `aria-`
/// with lower-case letters, digits and hyphens after it. Nothing else may be in the name:
/// a browser reads `aria-x/onfocus=…` as two attributes, the second a script.
pub fn allowed_everywhere(name: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&name)
        || name.strip_prefix("aria-").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Rendered Markdown that holds no raw HTML, as [`sanitize`] would give it, without parsing it
/// again: every element pulldown-cmark writes is on the allowlist, with the attributes
/// [`TAG_ATTRIBUTES`] and [`GENERIC_ATTRIBUTES`] keep (a heading's other attributes are left
/// out before it is written); every link and image address passed [`allowed_scheme`] first;
/// text and attribute values come escaped (`<`, `>`, `&`, `"`). What is left to do is the
/// table alignment's classes and void elements written as HTML writes them (`<br>` for
/// pulldown-cmark's `<br />`: a `/>` can stand nowhere else, since `>` in text and values is
/// escaped), and a no-break space as `&nbsp;`.
pub fn written(html: String) -> String {
    // A NUL (which pulldown-cmark leaves in a heading's attribute value) is U+FFFD, as the
    // HTML parser reads it; the sanitizer writes a no-break space as a reference, in text and
    // values alike.
    let html = replaced(
        Cow::Owned(html),
        &[(" />", ">"), ("\0", "\u{fffd}"), ("\u{a0}", "&nbsp;")],
    );
    replaced(html, &ALIGNMENT).into_owned()
}

/// Table alignment comes as a style attribute, which is not let through: kept as a class.
const ALIGNMENT: [(&str, &str); 3] = [
    (" style=\"text-align: left\"", " class=\"align-left\""),
    (" style=\"text-align: center\"", " class=\"align-center\""),
    (" style=\"text-align: right\"", " class=\"align-right\""),
];

/// `html` with each `(from, to)` of `pairs` replaced, copied only for those it holds.
fn replaced<'a>(mut html: Cow<'a, str>, pairs: &[(&str, &str)]) -> Cow<'a, str> {
    for (from, to) in pairs {
        if html.contains(from) {
            html = Cow::Owned(html.replace(from, to));
        }
    }
    html
}

fn cleaner() -> &'static ammonia::Builder<'static> {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::empty();
        b.add_tags(TAGS.iter().copied())
            .add_clean_content_tags(DROPPED_WITH_CONTENT.iter().copied())
            .add_generic_attributes(GENERIC_ATTRIBUTES.iter().copied())
            .add_generic_attribute_prefixes(["aria-"])
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(None)
            .id_prefix(None)
            // The only input is the disabled checkbox of a task list: any other becomes one.
            .set_tag_attribute_value("input", "type", "checkbox")
            .set_tag_attribute_value("input", "disabled", "");
        for (tag, attributes) in TAG_ATTRIBUTES.iter().copied() {
            b.add_tag_attributes(tag, attributes.iter().copied());
        }
        b
    })
}

/// Removes everything that could run code, load from elsewhere or take input from rendered
/// HTML, and keeps every other element and attribute of the allowlist.
pub fn sanitize(html: &str) -> String {
    // Most bodies have no aligned column: they are read as they are, not copied.
    let html = replaced(Cow::Borrowed(html), &ALIGNMENT);
    let clean = cleaner().clean(&html).to_string();
    settle_inputs(clean)
}

/// The checkbox's forced attributes in one order, last: ammonia adds them in the order of a
/// hash map, which changes from run to run (the output must not).
fn settle_inputs(html: String) -> String {
    const FORCED: [&str; 2] = [" type=\"checkbox\"", " disabled=\"\""];
    if !html.contains("<input") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<input") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // The tag's end: the first `>` outside a value (the serializer quotes every value
        // with `"` and writes `"` inside one as a reference).
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                quoted ^= c == '"';
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let mut tag = rest[..end].to_string();
        for f in FORCED {
            tag = tag.replacen(f, "", 1);
        }
        out.push_str(&tag);
        out.push_str(&FORCED.concat());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn harmless_markup_stays() {
        for keep in [
            "<details open=\"\"><summary>S</summary>x</details>",
            "<ol type=\"a\" reversed=\"\" start=\"3\"><li value=\"7\">x</li></ol>",
            "<time datetime=\"2024-01-01\">1.1.</time>",
            "<p dir=\"rtl\" lang=\"ar\" role=\"note\" aria-label=\"n\">x</p>",
            "<address>A</address>",
            "<a href=\"ftp://x.org/f\">f</a>",
            "<a href=\"irc://x.org/c\">i</a>",
            "<a href=\"geo:51.5,7.4\">g</a>",
            "<a href=\"sms:+49123\">s</a>",
        ] {
            assert_eq!(sanitize(keep), keep);
        }
    }

    #[test]
    fn column_alignment_becomes_a_class() {
        let html = "<table><thead><tr><th style=\"text-align: right\">a</th><th>b</th></tr></thead><tbody><tr><td style=\"text-align: center\">1</td><td style=\"text-align: left\">2</td></tr></tbody></table>";
        assert_eq!(
            sanitize(html),
            "<table><thead><tr><th class=\"align-right\">a</th><th>b</th></tr></thead><tbody><tr><td class=\"align-center\">1</td><td class=\"align-left\">2</td></tr></tbody></table>"
        );
        assert_eq!(
            sanitize("<td style=\"text-align: justify\">x</td>"),
            "x",
            "any other style goes (and a cell outside a table with it)"
        );
    }

    #[test]
    fn an_input_is_a_disabled_checkbox_written_one_way() {
        for (raw, want) in [
            (
                "<input type=\"text\" checked>",
                "<input checked=\"\" type=\"checkbox\" disabled=\"\">",
            ),
            (
                "<input aria-label=\"a>b\" name=n>",
                "<input aria-label=\"a&gt;b\" type=\"checkbox\" disabled=\"\">",
            ),
            (
                "<input disabled type=checkbox>x<input>",
                "<input type=\"checkbox\" disabled=\"\">x<input type=\"checkbox\" disabled=\"\">",
            ),
        ] {
            assert_eq!(sanitize(raw), want);
        }
    }

    #[test]
    fn code_and_loads_go() {
        let h = sanitize("<p style=\"color:red\" onclick=\"x()\">a</p><a href=\"javascript:x()\">j</a><img src=\"data:image/png;base64,AA\"><a href=\"vbscript:x\">v</a><input type=\"text\"><form><button>b</button></form><object data=\"x\">o</object>");
        for gone in [
            "style",
            "onclick",
            "javascript",
            "data:",
            "vbscript",
            "text",
            "<form",
            "<button",
            "<object",
            ">o<",
        ] {
            assert!(!h.contains(gone), "{gone} in {h}");
        }
    }
}
