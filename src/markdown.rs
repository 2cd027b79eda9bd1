//! Markdown to HTML: CommonMark with the format's extensions, the German gender star kept as
//! text, links between content files turned into page URLs, heading ids, and sanitizing.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::config::RawHtml;
use crate::error::{Error, Location};
use crate::model::Source;

/// What a Markdown text needs to know to resolve its links.
pub struct LinkContext<'a> {
    /// Content file (relative to content/) -> output path ("hintergrund/").
    pub paths: &'a BTreeMap<String, String>,
    /// Other files under content/ (relative paths), copied as they are.
    pub assets: &'a BTreeSet<String>,
    /// "/" or "/sub/path/".
    pub base_path: &'a str,
    pub raw_html: RawHtml,
}

/// A link to a fragment of a page, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct FragmentRef {
    /// Output path of the target page ("projekte/e-akte/").
    pub target: String,
    pub fragment: String,
    pub at: Location,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub fragments: Vec<FragmentRef>,
    pub errors: Vec<Error>,
    /// Headings of level 2 (id, text) for an in-page table of contents.
    pub toc: Vec<(String, String)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Escapes every `*` that stands between two letters (`Bürger*innen`) outside code, so that
/// CommonMark reads it as a literal asterisk rather than emphasis.
pub fn protect_gender_star(src: &str) -> String {
    if !src.contains('*') {
        return src.to_string();
    }
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let mut in_block: Option<usize> = None;
    for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match ev {
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => code.push(range),
            Event::Start(Tag::CodeBlock(_)) => in_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(s) = in_block.take() {
                    code.push(s..range.end);
                }
            }
            _ => {}
        }
    }
    // Sorted and merged, so that each `*` looks its range up by binary search: a long text with
    // many stars and many code spans stays linear-logarithmic, not quadratic.
    code.sort_by_key(|r| r.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(code.len());
    for r in code {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let in_code = |i: usize| {
        let k = merged.partition_point(|r| r.start <= i);
        k > 0 && merged[k - 1].contains(&i)
    };
    let mut out = String::with_capacity(src.len() + 8);
    let mut prev: Option<char> = None;
    let mut iter = src.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '*' {
            let next = iter.peek().map(|(_, n)| *n);
            let between_letters =
                prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic);
            if between_letters && !in_code(i) {
                out.push('\\');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// A heading id from its text: lower-case, letters and digits kept (umlauts too), spaces to `-`.
pub fn slug_id(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        "abschnitt".into()
    } else {
        out
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
}

/// Resolves `target` (relative to the folder of `from_rel`) to a path relative to content/.
fn resolve_rel(from_rel: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_rel.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

fn is_external(url: &str) -> bool {
    url.contains(':') || url.starts_with("//")
}

/// How the headings of a body fit under the page's own headings: each level is raised by `add`
/// and no heading ranks above `min` (a page has its h1 already).
#[derive(Debug, Clone, Copy)]
pub struct HeadingShift {
    pub add: u8,
    pub min: u8,
}

impl HeadingShift {
    fn apply(self, level: HeadingLevel) -> HeadingLevel {
        let n = (level as u8 + self.add).clamp(self.min.max(1), 6);
        HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
    }
}

/// The kind of page a Markdown body is shown on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Page,
    Project,
    Home,
    ProjectsIntro,
}

impl Body {
    /// Where the body's headings go: a page's and an intro's under the page's h1, a project's
    /// under its h2 "description".
    pub fn shift(self) -> HeadingShift {
        match self {
            Body::Project => HeadingShift { add: 1, min: 3 },
            Body::Page | Body::Home | Body::ProjectsIntro => HeadingShift { add: 0, min: 2 },
        }
    }

    /// The ids that the default theme's template of this kind of page gives to its own elements:
    /// a heading of the body that would take one of them gets a suffix instead, so that no page
    /// has an id twice (which would break the skip link, `aria-labelledby` and #fragments).
    pub fn template_ids(self) -> Vec<String> {
        let mut ids = vec!["main".to_string()];
        match self {
            Body::Page => ids.push("toc-heading".into()),
            Body::Project => {
                ids.extend(
                    [
                        "uebersicht",
                        "kpi",
                        "beschreibung",
                        "zeithorizont",
                        "canvas",
                        "budget",
                        "budget-caption",
                        "status",
                        "siblings",
                        "schedule-caption",
                    ]
                    .map(String::from),
                );
                ids.extend(
                    crate::model::CANVAS_BLOCKS
                        .iter()
                        .map(|k| format!("canvas-{k}")),
                );
            }
            Body::Home => ids
                .extend(["fields-heading", "overview-heading", "matrix-caption"].map(String::from)),
            Body::ProjectsIntro => {}
        }
        ids
    }
}

/// Renders a body of Markdown shown on a page of the given kind.
pub fn render_body(src: &Source, own_path: &str, ctx: &LinkContext, kind: Body) -> Rendered {
    let shift = kind.shift();
    let text = protect_gender_star(&src.markdown);
    let mut out = Rendered::default();
    let mut used_ids: HashSet<String> = kind.template_ids().into_iter().collect();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let at_offset = |offset: usize| -> Location {
        let line = src.at.line.unwrap_or(1) + line_of(&text, offset);
        Location::at(&src.at.file, line, 1)
    };

    let mut events: Vec<Event> = Vec::new();
    let mut heading_start: Option<usize> = None;
    for (ev, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level: shift.apply(level),
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                let level = shift.apply(level);
                if let Some(start) = heading_start.take() {
                    let heading_text: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = id
                            .as_deref()
                            .map(str::to_string)
                            .unwrap_or_else(|| slug_id(&heading_text));
                        // Suffixes below the last one given for this base are taken already:
                        // start there, so that many equal headings are not quadratic.
                        let mut unique = base.clone();
                        let mut n = next_suffix.get(&base).copied().unwrap_or(1);
                        while !used_ids.insert(unique.clone()) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        next_suffix.insert(base, n);
                        if level == HeadingLevel::H2 {
                            out.toc.push((unique.clone(), heading_text.clone()));
                        }
                        *id = Some(CowStr::from(unique));
                    }
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            // An e-mail autolink (`<name@example.org>`) is no file: the HTML writer adds mailto:.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => events.push(ev),
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    let dest = rewrite(
                        dest_url,
                        src,
                        own_path,
                        ctx,
                        at_offset(range.start),
                        &mut out,
                    );
                    *dest_url = dest.into();
                }
                events.push(Event::Start(tag));
            }
            Event::Html(h) | Event::InlineHtml(h) if ctx.raw_html == RawHtml::Sanitize => {
                events.push(Event::InlineHtml(h))
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    out.html = match ctx.raw_html {
        RawHtml::Sanitize => sanitize(&html),
        RawHtml::Allow => html,
    };
    out
}

fn rewrite(
    url: &str,
    src: &Source,
    own_path: &str,
    ctx: &LinkContext,
    at: Location,
    out: &mut Rendered,
) -> String {
    if url.is_empty() || is_external(url) {
        return url.to_string();
    }
    if let Some(frag) = url.strip_prefix('#') {
        out.fragments.push(FragmentRef {
            target: own_path.to_string(),
            fragment: frag.to_string(),
            at,
        });
        return url.to_string();
    }
    if url.starts_with('/') {
        return url.to_string();
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let Some(rel) = resolve_rel(&src.rel, path) else {
        out.errors.push(Error::Link {
            at,
            message: format!("`{url}` leaves the content folder"),
            help: None,
        });
        return url.to_string();
    };
    if rel.ends_with(".md") {
        match ctx.paths.get(&rel) {
            Some(target) => {
                if let Some(f) = fragment {
                    out.fragments.push(FragmentRef {
                        target: target.clone(),
                        fragment: f.to_string(),
                        at,
                    });
                }
                let mut u = format!("{}{}", ctx.base_path, target);
                if let Some(f) = fragment {
                    u.push('#');
                    u.push_str(f);
                }
                u
            }
            None => {
                let known: Vec<&str> = ctx.paths.keys().map(String::as_str).collect();
                let help = crate::error::suggest(&rel, known.iter().copied()).map(|s| {
                    format!(
                        "did you mean `{s}`? Links are relative to the folder of {}",
                        src.rel
                    )
                });
                out.errors.push(Error::Link {
                    at,
                    message: format!(
                        "`{url}` points to content/{rel}, which does not exist (or is a draft)"
                    ),
                    help,
                });
                url.to_string()
            }
        }
    } else if ctx.assets.contains(&rel) {
        format!(
            "{}{}{}",
            ctx.base_path,
            rel,
            fragment.map(|f| format!("#{f}")).unwrap_or_default()
        )
    } else {
        out.errors.push(Error::Link {
            at,
            message: format!("`{url}` points to content/{rel}, which does not exist"),
            help: Some(
                "put the file under content/ next to the page, or link to a page's .md file".into(),
            ),
        });
        url.to_string()
    }
}

/// Inline Markdown from frontmatter: emphasis, code and links, but every HTML tag is escaped.
pub fn render_inline(text: &str) -> String {
    let src = protect_gender_star(text);
    let events = Parser::new_ext(&src, Options::ENABLE_STRIKETHROUGH).filter_map(|ev| match ev {
        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => None,
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => None,
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let safe = dest_url.starts_with("https://")
                || dest_url.starts_with("http://")
                || dest_url.starts_with("mailto:")
                || dest_url.starts_with('#');
            let dest_url = if safe { dest_url } else { CowStr::from("#") };
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        other => Some(other),
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    html.trim_end().to_string()
}

/// Removes everything that could run code or load from elsewhere from rendered HTML.
pub fn sanitize(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["id", "class"])
            .add_tags([
                "input",
                "figure",
                "figcaption",
                "details",
                "summary",
                "section",
                "abbr",
                "mark",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["scope"])
            .add_tag_attributes("ol", ["start"])
            .add_tag_attributes("a", ["hreflang"])
            .link_rel(None)
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .id_prefix(None);
        b
    });
    // Table alignment comes as a style attribute, which is not let through: keep it as a class.
    let html = html
        .replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"");
    cleaner.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(md: &str) -> Rendered {
        body_as(md, Body::Page)
    }

    fn body_as(md: &str, kind: Body) -> Rendered {
        let paths = BTreeMap::new();
        let assets = BTreeSet::new();
        let ctx = LinkContext {
            paths: &paths,
            assets: &assets,
            base_path: "/",
            raw_html: RawHtml::Sanitize,
        };
        let src = Source {
            markdown: md.into(),
            rel: "a.md".into(),
            at: Location::at("a.md", 3, 1),
        };
        render_body(&src, "a/", &ctx, kind)
    }

    #[test]
    fn gender_star_is_text() {
        let h = body("Bürger*innen und Nutzer*innen").html;
        assert!(h.contains("Bürger*innen und Nutzer*innen"), "{h}");
        assert!(!h.contains("<em>"));
        assert_eq!(
            render_inline("Kund*innen und Benutzer*innen"),
            "Kund*innen und Benutzer*innen"
        );
        assert!(body("*betont*").html.contains("<em>betont</em>"));
        assert!(body("`a*b*c`").html.contains("<code>a*b*c</code>"));
    }

    #[test]
    fn headings_get_ids() {
        let h = body("## Ziele und Maßnahmen\n\n## Ziele und Maßnahmen\n\n### X {#eigen}").html;
        assert!(h.contains("id=\"ziele-und-maßnahmen\""), "{h}");
        assert!(h.contains("id=\"ziele-und-maßnahmen-1\""), "{h}");
        assert!(h.contains("id=\"eigen\""), "{h}");
    }

    #[test]
    fn headings_shift_under_the_page_title() {
        let md = "# Eins\n\n## Zwei\n\n### Drei";
        let h = body_as(md, Body::Project).html;
        assert!(
            h.contains("<h3 id=\"eins\">")
                && h.contains("<h3 id=\"zwei\">")
                && h.contains("<h4 id=\"drei\">"),
            "{h}"
        );
        let h = body_as(md, Body::Page).html;
        assert!(
            h.contains("<h2 id=\"eins\">") && h.contains("<h3 id=\"drei\">"),
            "{h}"
        );
    }

    #[test]
    fn scripts_are_removed() {
        let h = body("<script>alert(1)</script>\n\n<iframe src=\"https://x\"></iframe>\n\n<p onclick=\"x()\">p</p>").html;
        assert!(
            !h.contains("<script") && !h.contains("<iframe") && !h.contains("onclick"),
            "{h}"
        );
        assert!(!render_inline("<b onclick=x>t</b>").contains("<b"));
    }

    #[test]
    fn email_autolinks_are_not_files() {
        let r = body("Schreiben Sie an <digital@example.org>.");
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        assert!(
            r.html.contains("href=\"mailto:digital@example.org\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn headings_leave_the_templates_ids_alone() {
        let h = body("## Main\n\n## TOC heading\n\n## Budget").html;
        assert!(
            h.contains("id=\"main-1\"")
                && h.contains("id=\"toc-heading-1\"")
                && h.contains("id=\"budget\""),
            "{h}"
        );
    }

    #[test]
    fn broken_link_has_line() {
        let r = body("text\n\n[x](fehlt.md)");
        assert_eq!(r.errors.len(), 1);
        assert!(
            r.errors[0].to_string().contains("a.md:5"),
            "{}",
            r.errors[0]
        );
    }
}
