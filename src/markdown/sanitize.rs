//! The sanitizer of raw HTML in bodies (ammonia): an explicit allowlist of everything that can
//! neither run code nor load anything, nor take input. README "Raw HTML" lists it.

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
    // Table alignment comes as a style attribute, which is not let through: keep it as a class.
    let html = html
        .replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    cleaner().clean(&html).to_string()
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
