//! Markdown to HTML: CommonMark with the format's extensions, the German gender star kept as
//! text, links between content files turned into page URLs, ids unique on every page, and
//! sanitizing. One job per file: `prepare` (the source before parsing), `body` (a page body),
//! `inline` (frontmatter text), `links`, `ids`, `html` (raw HTML, with a real tokenizer), `page_ids`
//! (a page's element ids, in one pass over its bytes) and `sanitize` (the allowlist).

use std::collections::BTreeMap;

use pulldown_cmark::{HeadingLevel, Options};

mod body;
mod footnotes;
mod foreign;
mod html;
mod ids;
mod inline;
mod links;
mod page_ids;
mod prepare;
pub use prepare::inline_only;
mod sanitize;

pub use body::{render_body, render_body_beside};
pub use footnotes::footnote_warnings;
pub use html::{attribute, decoded, escape, page_links, set_attribute, str_settings, Handlers};
pub use inline::{Inline, TextAt, Yaml};
pub use links::{
    is_external, resolve_rel, FileRef, Found, FragmentRef, LinkContext, Origin, PATH as URL_PATH,
};
pub use page_ids::{page_ids, tokenizer_ids, IdReader};
pub use sanitize::sanitize;

/// A body rendered to HTML, with what its links found.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// Headings of level 2 (id, text) for an in-page table of contents.
    pub toc: Vec<(String, String)>,
    /// The errors of its links, and the links to check once the whole site is rendered.
    pub found: Found,
    /// Ids that the body wrote and that had to be renamed (written -> given).
    pub renamed: BTreeMap<String, String>,
    /// Every id of the body's HTML, in order.
    pub ids: Vec<String>,
}

/// The CommonMark extensions of the content format (tables, footnotes, strikethrough, task
/// lists, heading attributes).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown` as the body of a page of `kind` that stands alone: no other content file
/// to link to, no base path, raw HTML sanitized; the file is named `file` in messages. For
/// previews and tests (the CommonMark examples).
pub fn render_alone(markdown: &str, file: &str, kind: Body) -> Rendered {
    let (paths, assets, renamed) = (
        std::collections::BTreeMap::new(),
        std::collections::BTreeSet::new(),
        std::collections::BTreeMap::new(),
    );
    let ctx = LinkContext {
        paths: &paths,
        assets: &assets,
        base_path: "/",
        raw_html: crate::config::RawHtml::Sanitize,
        renamed: &renamed,
        task_labels: ["", ""],
        section_ids: &[],
    };
    let src = crate::model::Source {
        markdown: markdown.into(),
        rel: file.into(),
        at: crate::error::Location::at(file, 3, 1),
        ..crate::model::Source::default()
    };
    let page = format!("{}/", file.trim_end_matches(".md"));
    render_body(&src, &page, &ctx, kind)
}

/// A body's Markdown as every reader of it parses it (the page, its summary, the export): a
/// heading's trailing `\{…}` kept as text (`prepare::escape_heading_braces`) and every `*`
/// between two letters of prose (`Bürger*innen`) kept as a star
/// (`prepare::protect_gender_star`).
pub fn prepare_text(src: &str) -> String {
    let src = prepare::escape_heading_braces(src, options());
    prepare::protect_gender_star(&src, options())
}

/// A Markdown body without its HTML comments (`<!-- intern: … -->`), which the site never
/// shows: for what publishes a body's source (the open data). Comments in code blocks and code
/// spans are text and stay, and so does a comment never closed, which the page shows as text
/// (see `prepare::escape_unclosed_raw_blocks`).
pub fn without_comments(src: &str) -> std::borrow::Cow<'_, str> {
    use pulldown_cmark::{Event, Parser, Tag};
    if !src.contains("<!--") {
        return std::borrow::Cow::Borrowed(src);
    }
    let mut raw: Vec<std::ops::Range<usize>> = Vec::new();
    for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
        match ev {
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => raw.push(range),
            _ => {}
        }
    }
    let mut out = String::with_capacity(src.len());
    let mut copied = 0;
    for range in raw {
        let mut at = range.start.max(copied);
        while let Some(open) = src[at..range.end].find("<!--").map(|i| at + i) {
            let Some(close) = src[open + 4..range.end]
                .find("-->")
                .map(|i| open + 4 + i + 3)
            else {
                break;
            };
            out.push_str(&src[copied..open]);
            copied = close;
            at = close;
        }
    }
    out.push_str(&src[copied..]);
    std::borrow::Cow::Owned(out)
}

/// A heading id from its text: lower-case, letters and digits kept (umlauts too, composed: NFC),
/// spaces to `-`.
pub fn slug_id(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    for c in text.trim().nfc() {
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

/// The offsets at which the lines of `text` start, for `line_of`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The 0-based line of byte `offset`, given the `line_starts` of its text.
fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|s| *s <= offset).saturating_sub(1)
}

/// How the headings of a body fit under the page's own headings: each level is raised by `add`
/// and no heading ranks above `min` (a page has its h1 already).
#[derive(Debug, Clone, Copy)]
pub struct HeadingShift {
    pub add: u8,
    pub min: u8,
}

impl HeadingShift {
    /// The shift for a body whose highest heading has level `top` (1–6): a body that uses `#`
    /// is moved one level further down, so that its `#` and `##` stay apart (`#` takes the
    /// place `##` has in a body without `#`).
    pub fn for_top(self, top: u8) -> HeadingShift {
        HeadingShift {
            add: self.add + u8::from(top == 1),
            ..self
        }
    }

    pub(crate) fn apply(self, level: HeadingLevel) -> HeadingLevel {
        HeadingLevel::try_from(self.level(level as u8) as usize).unwrap_or(HeadingLevel::H6)
    }

    /// The level (1–6) a heading of level `n` gets.
    pub(crate) fn level(self, n: u8) -> u8 {
        (n + self.add).clamp(self.min.max(1), 6)
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
    /// `section_ids`: the project page's section ids in the site's language (see
    /// `theme::section_ids`).
    pub fn template_ids(self, section_ids: &[String]) -> Vec<String> {
        let mut ids = vec!["main".to_string()];
        match self {
            Body::Page => ids.push("toc-heading".into()),
            Body::Project => {
                ids.extend(
                    crate::theme::section_ids::FIXED_PROJECT_IDS
                        .iter()
                        .filter(|id| **id != "main")
                        .map(|id| id.to_string()),
                );
                ids.extend(section_ids.iter().cloned());
                ids.extend(
                    crate::model::CANVAS_BLOCKS
                        .iter()
                        .map(|k| format!("canvas-{k}")),
                );
            }
            Body::Home => ids.extend(
                [
                    "fields-heading",
                    "timeline-heading",
                    "overview-heading",
                    "matrix-caption",
                ]
                .map(String::from),
            ),
            Body::ProjectsIntro => {}
        }
        ids
    }
}

#[cfg(test)]
mod tests;
