//! Frontmatter text (canvas items, KPI labels, status results, descriptions, the accessibility
//! statement) as inline Markdown: emphasis, code and links, every HTML tag shown as text. Its
//! links resolve exactly as a body's do; what they break is collected with file and line.

use std::path::Path;
use std::sync::Mutex;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::links::{is_external, rewrite, Found, LinkContext, Origin};
use super::prepare::{inline_only, protect_gender_star};
use super::sanitize::allowed_scheme;
use crate::error::Location;

/// Where a frontmatter text stands: for its links, and for messages about them.
#[derive(Debug, Clone, Copy)]
pub struct TextAt<'a> {
    pub origin: Origin<'a>,
    /// The file the text was read from.
    pub file: &'a Path,
    /// The YAML the text stands in, and the line of the file that YAML starts on.
    pub yaml: Yaml<'a>,
    pub first_line: usize,
}

/// The YAML a text stands in: as written (roadmap.yaml), or held packed (a content file's
/// frontmatter), unpacked only to place an error.
#[derive(Debug, Clone, Copy)]
pub enum Yaml<'a> {
    Plain(&'a str),
    Packed(&'a crate::packed::Packed),
}

impl TextAt<'_> {
    /// The line and column of the first place where `needle` is written in the YAML: within
    /// the text `within` (the frontmatter text the needle is part of) where that is written as
    /// it is, so that two texts with the same link are told apart; else anywhere; else the
    /// YAML's first line.
    fn locate(&self, needle: &str, within: &str) -> Location {
        let yaml = match self.yaml {
            Yaml::Plain(text) => std::borrow::Cow::Borrowed(text),
            Yaml::Packed(packed) => std::borrow::Cow::Owned(packed.text()),
        };
        let found = || {
            let base = yaml.find(within).filter(|_| !within.is_empty())?;
            yaml[base..base + within.len()]
                .find(needle)
                .map(|i| base + i)
        };
        let found = found().or_else(|| yaml.find(needle));
        match found.filter(|_| !needle.is_empty()) {
            Some(i) => {
                let before = &yaml[..i];
                let line = before.matches('\n').count();
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Location::at(self.file, self.first_line + line, col)
            }
            None => Location::at(self.file, self.first_line, 1),
        }
    }
}

/// Renders frontmatter texts of one build and collects what their links found.
pub struct Inline<'a> {
    ctx: &'a LinkContext<'a>,
    found: Mutex<Found>,
}

impl<'a> Inline<'a> {
    pub fn new(ctx: &'a LinkContext<'a>) -> Self {
        Inline {
            ctx,
            found: Mutex::new(Found::default()),
        }
    }

    /// One text as HTML. A link with a scheme that could run code (`javascript:`) is shown as
    /// its text.
    pub fn render(&self, text: &str, at: &TextAt) -> String {
        let src = protect_gender_star(&inline_only(text), Options::ENABLE_STRIKETHROUGH);
        let mut found = Found::default();
        let mut kept: Vec<bool> = Vec::new();
        // Blocks (paragraphs, headings) are run into one line: a space between two of them, so
        // that their words do not run together.
        let mut blocks = 0usize;
        let events = Parser::new_ext(&src, Options::ENABLE_STRIKETHROUGH).filter_map(|ev| {
            Some(match ev {
                Event::Start(Tag::Paragraph | Tag::Heading { .. }) => {
                    blocks += 1;
                    if blocks == 1 {
                        return None;
                    }
                    Event::Text(" ".into())
                }
                Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => return None,
                Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => return None,
                Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let keep = link_type == LinkType::Email
                        || !is_external(&dest_url)
                        || allowed_scheme(&dest_url);
                    kept.push(keep);
                    if !keep {
                        return None;
                    }
                    let dest_url = if link_type == LinkType::Email {
                        dest_url
                    } else {
                        let place = at.locate(&dest_url, text);
                        rewrite(&dest_url, &at.origin, self.ctx, None, place, &mut found).into()
                    };
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::End(TagEnd::Link) => {
                    if !kept.pop().unwrap_or(true) {
                        return None;
                    }
                    Event::End(TagEnd::Link)
                }
                other => other,
            })
        });
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events);
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut found);
        html.trim_end().to_string()
    }

    /// What the links of every text rendered so far found.
    pub fn into_found(self) -> Found {
        self.found.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}
