//! Markdown to Typst markup. The texts are parsed with the site's own CommonMark options and
//! gender-star rule, then written event by event: text escaped character by character, every
//! structure (emphasis, lists, tables, links, footnotes, images, headings) as a call of a Typst
//! function, closed with `;` so that nothing after it is read as part of the call. The result is
//! evaluated by the theme's template with `eval(…, mode: "markup")`.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, LinkType, Parser, Tag, TagEnd};

use super::escape::{label_part, string, text};
use super::targets::{heading_ids, heading_label, Link, Targets};
use crate::error::Location;
use crate::model::Source;

pub use crate::markdown::options;

/// The Typst function (defined by the template, passed in `eval`'s scope) that shows an image
/// of the site: `roadmap-image("/files/plan.png", "alternative text")`.
pub const IMAGE_FN: &str = "roadmap-image";

/// Something of a text that the PDF cannot show as the site does.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The file of the text.
    pub file: PathBuf,
    /// The line, where it is known.
    pub line: Option<usize>,
    /// What the PDF does not show.
    pub message: String,
    /// An image without alternative text, which a tagged PDF (PDF/A-2a, PDF/UA-1) forbids.
    pub no_alt: bool,
}

impl Note {
    /// Where it is.
    pub fn location(&self) -> Location {
        match self.line {
            Some(line) => Location::at(&self.file, line, 1),
            None => Location::file(&self.file),
        }
    }
}

/// Converts the Markdown texts of one export and notes what the PDF cannot show.
pub struct Converter<'a> {
    targets: &'a Targets,
    notes: RefCell<BTreeSet<Note>>,
}

type Footnotes<'e> = BTreeMap<String, Vec<Event<'e>>>;

impl<'a> Converter<'a> {
    /// A converter whose links and images resolve against `targets`.
    pub fn new(targets: &'a Targets) -> Self {
        Converter {
            targets,
            notes: RefCell::new(BTreeSet::new()),
        }
    }

    /// The body of a content file: blocks, with headings one level below the section's own
    /// heading (`heading(depth: 1)` is the first level; the template sets the offset) and
    /// labelled `label:id`, so that links to `file.md#id` find them.
    pub fn body(&self, src: &Source, label: Option<&str>) -> String {
        let ids = if label.is_some() {
            heading_ids(&src.markdown.text())
        } else {
            Vec::new()
        };
        self.convert(&src.markdown.text(), src, label, ids, false)
    }

    /// A frontmatter text of the file of `src` (a KPI, a canvas item): inline markup; headings
    /// are shown as text and images as their alternative text, as on the site.
    pub fn inline(&self, markdown: &str, src: &Source) -> String {
        self.convert(
            &crate::markdown::inline_only(markdown),
            src,
            None,
            Vec::new(),
            true,
        )
    }

    /// What the PDF cannot show as the site does, each once.
    pub fn notes(&self) -> Vec<Note> {
        self.notes.borrow().iter().cloned().collect()
    }

    fn convert(
        &self,
        markdown: &str,
        src: &Source,
        label: Option<&str>,
        ids: Vec<String>,
        inline: bool,
    ) -> String {
        let text = crate::markdown::prepare_text(markdown);
        let (events, footnotes) = split_footnotes(Parser::new_ext(&text, options()));
        let uses_h1 = events.iter().any(|e| {
            matches!(
                e,
                Event::Start(Tag::Heading {
                    level: pulldown_cmark::HeadingLevel::H1,
                    ..
                })
            )
        });
        let mut w = Writer {
            conv: self,
            src,
            text: markdown,
            rel: &src.rel,
            label,
            inline,
            out: String::with_capacity(markdown.len() * 5 / 4),
            ids: ids.into_iter(),
            prev_depth: 0,
            uses_h1,
            links: Vec::new(),
            image: None,
            code: None,
            footnotes: &footnotes,
            noted: BTreeSet::new(),
            in_footnote: false,
            in_heading: false,
        };
        for ev in events {
            w.event(ev);
        }
        w.out.trim().to_string()
    }
}

/// The events of a text without its footnote definitions, and the definitions by label.
fn split_footnotes<'e>(parser: Parser<'e>) -> (Vec<Event<'e>>, Footnotes<'e>) {
    let mut events = Vec::new();
    let mut notes: Footnotes<'e> = BTreeMap::new();
    let mut current: Option<(String, Vec<Event<'e>>)> = None;
    for ev in parser {
        match ev {
            Event::Start(Tag::FootnoteDefinition(l)) => current = Some((l.to_string(), vec![])),
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((l, evs)) = current.take() {
                    notes.entry(l).or_insert(evs);
                }
            }
            ev => match current.as_mut() {
                Some((_, evs)) => evs.push(ev),
                None => events.push(ev),
            },
        }
    }
    (events, notes)
}

/// One text being written.
struct Writer<'w, 'e> {
    conv: &'w Converter<'w>,
    /// The file the text belongs to, and the text as written (for the lines of notes).
    src: &'w Source,
    text: &'w str,
    rel: &'w str,
    label: Option<&'w str>,
    inline: bool,
    out: String,
    ids: std::vec::IntoIter<String>,
    prev_depth: usize,
    /// The text has `#` headings: they are the first level under the section, `##` the
    /// second (as on the site); without them `##` is the first.
    uses_h1: bool,
    /// For each open link: whether it was written as a link (else only its text shows).
    links: Vec<bool>,
    /// An image being read: its URL and alternative text.
    image: Option<(String, String)>,
    /// A code block being read: its language and text.
    code: Option<(String, String)>,
    footnotes: &'w Footnotes<'e>,
    /// Footnotes written already: a second reference points to the first.
    noted: BTreeSet<String>,
    in_footnote: bool,
    in_heading: bool,
}

impl<'e> Writer<'_, 'e> {
    /// Notes something about the text, at the line where `needle` is written (for a body).
    fn note(&self, needle: &str, message: String, no_alt: bool) {
        let line = (!self.inline && self.src.at.line.is_some())
            .then(|| self.text.find(needle))
            .flatten()
            .map(|i| {
                let first = self.src.at.line.unwrap_or(1);
                first + self.text[..i].matches('\n').count()
            });
        self.conv.notes.borrow_mut().insert(Note {
            file: self.src.at.file.clone(),
            line,
            message,
            no_alt,
        });
    }

    /// Starts a block: a blank line unless one is there or a container just opened.
    fn block(&mut self) {
        if self.inline {
            if !self.out.is_empty() && !self.out.ends_with([' ', '[']) {
                self.out.push(' ');
            }
            return;
        }
        let t = self.out.trim_end_matches(' ');
        if !(t.is_empty() || t.ends_with(['[', '(', ',']) || t.ends_with("\n\n")) {
            self.out.push_str("\n\n");
        }
    }

    fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn event(&mut self, ev: Event<'e>) {
        if let Some((_, text)) = self.code.as_mut() {
            match ev {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        if let Some((_, alt)) = self.image.as_mut() {
            match ev {
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.out.push_str(&text(&t)),
            Event::Code(t) => self.out.push_str(&format!("#raw({});", string(&t))),
            Event::SoftBreak => self.push(" "),
            Event::HardBreak if self.in_heading || self.inline => self.push(" "),
            Event::HardBreak => self.push("#linebreak();"),
            Event::Rule => {
                self.block();
                self.push("#divider();");
            }
            Event::TaskListMarker(done) => self.push(if done { "\\[x\\] " } else { "\\[ \\] " }),
            Event::FootnoteReference(l) => self.footnote(&l),
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.out.push_str(&text(&t)),
        }
    }

    fn start(&mut self, tag: Tag<'e>) {
        match tag {
            Tag::Paragraph => self.block(),
            Tag::Heading { .. } if self.inline => self.block(),
            Tag::Heading { level, .. } => {
                self.block();
                // The text's highest level is the first under the section, as on the site; no
                // level is skipped (a tagged PDF must not).
                let depth = (level as usize + usize::from(self.uses_h1)).max(2) - 1;
                let depth = depth.min(self.prev_depth + 1);
                self.prev_depth = depth;
                self.in_heading = true;
                self.push(&format!("#heading(depth: {depth})["));
            }
            Tag::BlockQuote(_) => {
                self.block();
                self.push("#quote(block: true)[");
            }
            Tag::CodeBlock(kind) => {
                self.block();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new()));
            }
            Tag::List(first) => {
                self.block();
                match first {
                    Some(n) => self.push(&format!("#enum(start: {n}, ")),
                    None => self.push("#list("),
                }
            }
            Tag::Item | Tag::TableCell => self.push("["),
            Tag::Table(aligns) => {
                self.block();
                let align: Vec<&str> = aligns
                    .iter()
                    .map(|a| match a {
                        Alignment::None | Alignment::Left => "left",
                        Alignment::Center => "center",
                        Alignment::Right => "right",
                    })
                    .collect();
                self.push(&format!(
                    "#table(columns: {}, align: ({},), ",
                    aligns.len().max(1),
                    align.join(", ")
                ));
            }
            Tag::TableHead => self.push("table.header("),
            Tag::TableRow => {}
            Tag::Emphasis => self.push("#emph["),
            Tag::Strong => self.push("#strong["),
            Tag::Strikethrough => self.push("#strike["),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => self.start_link(link_type, &dest_url),
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            Tag::FootnoteDefinition(_)
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) if self.inline => {}
            TagEnd::Heading(_) => {
                self.in_heading = false;
                self.push("]");
                if let (Some(doc), Some(id)) = (self.label, self.ids.next()) {
                    self.push(&format!("<{}>", heading_label(doc, &id)));
                }
                self.push("\n\n");
            }
            TagEnd::BlockQuote(_) | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.push("];")
            }
            TagEnd::List(_) | TagEnd::Table => self.push(");"),
            TagEnd::Item | TagEnd::TableCell => self.push("], "),
            TagEnd::TableHead => self.push("), "),
            TagEnd::Link if self.links.pop().unwrap_or(false) => self.push("];"),
            _ => {}
        }
    }

    fn start_link(&mut self, kind: LinkType, url: &str) {
        let target = if kind == LinkType::Email {
            Some(Link::Url(format!("mailto:{url}")))
        } else {
            self.conv.targets.link(self.rel, url)
        };
        match &target {
            Some(Link::Url(u)) => self.push(&format!("#link({})[", string(u))),
            Some(Link::Label(l)) => self.push(&format!("#link(label({}))[", string(l))),
            None => {}
        }
        self.links.push(target.is_some());
    }

    fn end_code(&mut self) {
        if let Some((lang, code)) = self.code.take() {
            let code = code.strip_suffix('\n').unwrap_or(&code);
            let lang = if lang.is_empty() {
                String::new()
            } else {
                format!("lang: {}, ", string(&lang))
            };
            self.push(&format!("#raw(block: true, {lang}{});", string(code)));
        }
    }

    fn end_image(&mut self) {
        let Some((url, alt)) = self.image.take() else {
            return;
        };
        let found = self.conv.targets.image(self.rel, &url);
        match found {
            Some(rel) if !self.inline && !self.in_heading => {
                if alt.trim().is_empty() {
                    self.note(
                        &format!("[]({url}"),
                        format!("the image `{url}` has no alternative text"),
                        true,
                    );
                }
                let path = format!("/files/{rel}");
                self.push(&format!(
                    "#{IMAGE_FN}({}, {});",
                    string(&path),
                    string(&alt)
                ));
            }
            _ => {
                if !self.inline {
                    self.note(
                        &url,
                        format!("the image `{url}` is not a file of the site: the PDF shows its alternative text"),
                        false,
                    );
                }
                self.out.push_str(&text(&alt));
            }
        }
    }

    fn footnote(&mut self, name: &str) {
        let label = format!("fn:{}:{}", label_part(self.rel), label_part(name));
        let Some(def) = self.footnotes.get(name) else {
            self.out.push_str(&text(&format!("[^{name}]")));
            return;
        };
        if self.in_footnote {
            self.out.push_str(&text(&format!("[^{name}]")));
        } else if !self.noted.insert(name.to_string()) {
            self.push(&format!("#footnote(label({}));", string(&label)));
        } else {
            self.in_footnote = true;
            self.push("#footnote[");
            for ev in def.clone() {
                self.event(ev);
            }
            self.push(&format!("]<{label}>"));
            self.in_footnote = false;
        }
    }

    fn html(&mut self, html: &str) {
        let tag = html.trim().to_ascii_lowercase();
        if matches!(tag.as_str(), "<br>" | "<br/>" | "<br />") {
            let br = if self.in_heading || self.inline {
                " "
            } else {
                "#linebreak();"
            };
            self.push(br);
        } else if !tag.starts_with("<!--") && !tag.is_empty() {
            let first = html.lines().next().unwrap_or(html);
            self.note(first, "raw HTML is left out of the PDF".into(), false);
        }
    }
}
