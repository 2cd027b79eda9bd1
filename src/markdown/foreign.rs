//! What the HTML tree builder decides about a tag inside `<svg>` and `<math>` (WHATWG HTML
//! §13.2.6, "tree construction dispatcher" and §13.2.6.5, "rules for parsing tokens in foreign
//! content"): which namespace an element is in, where HTML is read again (integration points),
//! and which HTML tags close the foreign elements around them. The page id reader
//! ([`super::page_ids`]) asks it whether a tag is read as HTML (raw text, `<a name>`) and
//! whether CDATA is allowed. Only the elements open inside the outermost `<svg>`/`<math>` are
//! kept; HTML outside is not followed (an end tag that would close an HTML element around the
//! `<svg>` leaves it open here).

/// How the content of an open element is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Content {
    /// A foreign element: its content is SVG or MathML (HTML's raw-text names are ordinary
    /// elements there, CDATA is text).
    Foreign(Namespace),
    /// A foreign element whose content is read as HTML (SVG `title`, `desc`, `foreignObject`;
    /// MathML `mi`, `mo`, `mn`, `ms`, `mtext` and `annotation-xml` of HTML).
    Integration(Namespace),
    /// An HTML element inside an integration point.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Svg,
    MathMl,
}

/// HTML start tags that close the foreign elements open around them (and `font` with a
/// `color`, `face` or `size`).
#[rustfmt::skip]
const BREAKOUT: [&str; 44] = [
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
    "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
    "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub",
    "sup", "table", "tt", "u", "ul", "var",
];

/// HTML elements without content (no end tag to wait for).
#[rustfmt::skip]
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// HTML's "special" elements (§13.2.4.2), where an end tag of another name stops looking for
/// its element.
#[rustfmt::skip]
const SPECIAL: [&str; 82] = [
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote",
    "body", "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div",
    "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
    "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav",
    "noembed", "noframes", "noscript", "object", "ol", "p", "param", "plaintext", "pre", "script",
    "search", "section", "select", "source", "style", "summary", "table", "tbody", "td",
    "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr",
];

fn one_of(name: &[u8], names: &[&str]) -> bool {
    names
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n.as_bytes()))
}

/// What a start tag tells the tree builder besides its name.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct StartTag<'a> {
    pub self_closing: bool,
    /// It has a `color`, `face` or `size` attribute (a `font` so marked leaves foreign content).
    pub font_attributes: bool,
    /// Its `encoding` attribute (MathML `annotation-xml` holds HTML for `text/html`).
    pub encoding: Option<&'a [u8]>,
}

/// The elements open inside the outermost `<svg>` or `<math>`, the outermost first.
#[derive(Debug, Default)]
pub(super) struct Foreign {
    open: Vec<(Box<[u8]>, Content)>,
}

impl Foreign {
    /// Whether the current node is a foreign element other than an integration point: HTML's
    /// raw-text names are ordinary elements there.
    fn in_foreign(&self) -> bool {
        matches!(self.open.last(), Some((_, Content::Foreign(_))))
    }

    /// Closes the foreign elements open around the current point, down to an integration
    /// point or an HTML element (what an HTML tag such as `<p>` does inside them).
    fn close_foreign(&mut self) {
        while self.in_foreign() {
            self.open.pop();
        }
    }

    /// Whether a CDATA section is one here: the current node is not an HTML element.
    pub fn cdata(&self) -> bool {
        matches!(
            self.open.last(),
            Some((_, Content::Foreign(_) | Content::Integration(_)))
        )
    }

    /// Follows start tag `name` (as written). Returns whether it is read by HTML's rules (an
    /// HTML element, where raw text and `<a name>` count).
    pub fn start(&mut self, name: &[u8], tag: StartTag<'_>) -> bool {
        if self.foreign_rules(name)
            && (one_of(name, &BREAKOUT)
                || (name.eq_ignore_ascii_case(b"font") && tag.font_attributes))
        {
            self.close_foreign();
        }
        if self.foreign_rules(name) {
            // A foreign element takes the namespace of the one around it (`<math><svg>` is
            // MathML's).
            let ns = match self.open.last() {
                Some((_, Content::Foreign(ns) | Content::Integration(ns))) => *ns,
                _ => Namespace::Svg,
            };
            let content = if integration_point(ns, name, tag.encoding) {
                Content::Integration(ns)
            } else {
                Content::Foreign(ns)
            };
            if !tag.self_closing {
                self.push(name, content);
            }
            return false;
        }
        if name.eq_ignore_ascii_case(b"svg") || name.eq_ignore_ascii_case(b"math") {
            let ns = if name.eq_ignore_ascii_case(b"svg") {
                Namespace::Svg
            } else {
                Namespace::MathMl
            };
            if !tag.self_closing {
                self.push(name, Content::Foreign(ns));
            }
            return false;
        }
        // An HTML element: held only inside foreign content, where it must end before the
        // foreign element around it is read as such again. (Raw-text elements end with their
        // text and are not held.)
        if !self.open.is_empty() && !one_of(name, &VOID) && !one_of(name, &super::html::RAW_TEXT) {
            self.push(name, Content::Html);
        }
        true
    }

    /// Whether start tag `name` is read by the rules for foreign content (the dispatcher).
    fn foreign_rules(&self, name: &[u8]) -> bool {
        match self.open.last() {
            Some((_, Content::Foreign(_))) => {
                // `<svg>` in MathML's `annotation-xml` is SVG (read as HTML's `<svg>`).
                !(name.eq_ignore_ascii_case(b"svg") && self.top_is(b"annotation-xml"))
            }
            // MathML's text elements read HTML, but for `mglyph` and `malignmark`.
            Some((top, Content::Integration(Namespace::MathMl)))
                if !top.eq_ignore_ascii_case(b"annotation-xml") =>
            {
                name.eq_ignore_ascii_case(b"mglyph") || name.eq_ignore_ascii_case(b"malignmark")
            }
            _ => false,
        }
    }

    fn top_is(&self, name: &[u8]) -> bool {
        self.open
            .last()
            .is_some_and(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    fn push(&mut self, name: &[u8], content: Content) {
        self.open.push((name.to_ascii_lowercase().into(), content));
    }

    /// Follows end tag `name`.
    pub fn end(&mut self, name: &[u8]) {
        if self.open.is_empty() {
            return;
        }
        if matches!(self.open.last(), Some((_, Content::Html))) {
            return self.end_by_html_rules(name);
        }
        // The rules for foreign content (the current node is a foreign element).
        if name.eq_ignore_ascii_case(b"p") || name.eq_ignore_ascii_case(b"br") {
            return self.close_foreign();
        }
        for at in (0..self.open.len()).rev() {
            if self.open[at].0.eq_ignore_ascii_case(name) {
                self.open.truncate(at);
                return;
            }
            if at > 0 && self.open[at - 1].1 == Content::Html {
                // The next element is HTML's: HTML's rules take the tag.
                return self.end_by_html_rules(name);
            }
        }
    }

    /// An end tag when the current node is an HTML element (HTML's "any other end tag"):
    /// closes the innermost HTML element of that name unless a special element (an
    /// integration point among them) comes first.
    fn end_by_html_rules(&mut self, name: &[u8]) {
        for at in (0..self.open.len()).rev() {
            let (open, content) = &self.open[at];
            match content {
                Content::Html if open.eq_ignore_ascii_case(name) => {
                    self.open.truncate(at);
                    return;
                }
                Content::Html if one_of(open, &SPECIAL) => return,
                Content::Integration(_) => return,
                _ => {}
            }
        }
    }
}

/// Whether foreign element `name` of namespace `ns` reads its content as HTML.
fn integration_point(ns: Namespace, name: &[u8], encoding: Option<&[u8]>) -> bool {
    match ns {
        Namespace::Svg => one_of(name, &["foreignobject", "desc", "title"]),
        Namespace::MathMl => {
            one_of(name, &["mi", "mo", "mn", "ms", "mtext"])
                || (name.eq_ignore_ascii_case(b"annotation-xml")
                    && encoding.is_some_and(|e| {
                        e.eq_ignore_ascii_case(b"text/html")
                            || e.eq_ignore_ascii_case(b"application/xhtml+xml")
                    }))
        }
    }
}
