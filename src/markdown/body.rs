//! A body of Markdown to HTML: headings under the page's own, ids unique on the page, links
//! resolved, raw-text elements that would swallow the rest shown as text, raw HTML sanitized.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};

use super::html::{
    neutralise_raw_text, raw_text_tag, rename_ids, rewrite_urls, shift_headings, RAW_TEXT,
};
use super::ids::IdAllocator;
use super::links::{is_external, rewrite, Found, LinkContext, Origin};
use super::page_ids::page_ids;
use super::prepare::{escape_heading_braces, escape_unclosed_raw_blocks, protect_gender_star};
use super::sanitize::{allowed_everywhere, allowed_scheme, written};
use super::{line_of, line_starts, options, sanitize, slug_id, Body, HeadingShift, Rendered};
use crate::config::RawHtml;
use crate::error::Location;
use crate::model::Source;

/// Renders a body of Markdown shown on a page of the given kind.
pub fn render_body(src: &Source, own_path: &str, ctx: &LinkContext, kind: Body) -> Rendered {
    render_body_beside(src, own_path, ctx, kind, &[])
}

/// Renders a body like `render_body`, on a page whose template also uses the ids `taken`.
pub fn render_body_beside(
    src: &Source,
    own_path: &str,
    ctx: &LinkContext,
    kind: Body,
    taken: &[String],
) -> Rendered {
    let source = src.markdown.text();
    let text = escape_unclosed_raw_blocks(&source, options());
    let text = escape_heading_braces(&text, options());
    let text = protect_gender_star(&text, options());
    let (mut events, shift) = collect(&text, kind);
    show_unclosed_raw_text(&mut events);
    let mut ids = IdAllocator::seeded(
        kind.template_ids(ctx.section_ids)
            .into_iter()
            .chain(taken.iter().cloned()),
    );
    let toc = give_ids(&mut events, &mut ids);
    let starts = line_starts(&text);
    let source_starts = line_starts(&source);
    let first_line = src.at.line.unwrap_or(1);
    // Where a link's `url` stands in the file as written: on the line of its event (at byte
    // `offset` of the prepared text, which has the same lines) or, for HTML, on the `span`
    // lines after it. Links come in the order of the text: a URL is looked for after the last
    // one found, so that a URL written twice is placed twice; first as a link's destination
    // (`](url`, or an attribute's quoted value), then anywhere.
    let cursor = std::cell::Cell::new(0usize);
    let find = |line: usize, url: &str, span: usize, before: &[&str]| -> Option<usize> {
        let start = *source_starts.get(line).filter(|_| !url.is_empty())?;
        let to = source_starts
            .get(line + span + 1)
            .copied()
            .unwrap_or(source.len());
        let from = if (start..to).contains(&cursor.get()) {
            cursor.get()
        } else {
            start
        };
        let window = source.get(from..to)?;
        // Tried in turn: most links match the first.
        before.iter().find_map(|before| {
            let at = from + window.find(&format!("{before}{url}"))? + before.len();
            cursor.set(at + url.len());
            Some(at)
        })
    };
    // A Markdown link (`markdown`) whose destination is not on its line as given — its text
    // wrapped over lines, the URL escaped or written with references, a reference link
    // defined elsewhere — is placed at its destination on the two lines after, else at its
    // `[`; other links at their line's column 1.
    let place = |offset: usize, url: &str, span: usize, markdown: bool| -> Location {
        let line = line_of(&starts, offset);
        let found = find(line, url, span, &["](", "](<", "\"", "'", "=", ""])
            .or_else(|| markdown.then(|| find(line, url, 2, &["](", "](<"]))?);
        match found {
            Some(at) => {
                let l = line_of(&source_starts, at);
                let column = source[source_starts[l]..at].chars().count() + 1;
                Location::at(&src.at.file, first_line + l, column)
            }
            None => {
                let column = match (markdown, starts.get(line)) {
                    (true, Some(&start)) => {
                        text.get(start..offset).map_or(1, |t| t.chars().count() + 1)
                    }
                    _ => 1,
                };
                Location::at(&src.at.file, first_line + line, column)
            }
        }
    };
    let origin = Origin {
        rel: &src.rel,
        page: own_path,
        frontmatter: false,
        from_config: false,
    };
    let mut found = Found::default();
    keep_to_this_site(&mut events);
    // Without raw HTML the writer's markup is pulldown-cmark's own (see `sanitize::written`).
    let raw = events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    for (ev, offset) in &mut events {
        let span = match &*ev {
            Event::Html(h) | Event::InlineHtml(h) => h.matches('\n').count(),
            _ => 0,
        };
        let markdown = matches!(ev, Event::Start(Tag::Link { .. } | Tag::Image { .. }));
        let mut link = |url: &str| {
            let at = place(*offset, url, span, markdown);
            rewrite(url, &origin, ctx, Some(ids.renamed()), at, &mut found)
        };
        match ev {
            // A heading's attribute block (`{#id .class key=value}`): ids and classes, and the
            // attributes every element may have; the others would be sanitized away.
            // Each name once, as the sanitizer keeps the first: the id given or made and the
            // classes written as `.class` come before the block's `key=value`s.
            Event::Start(Tag::Heading { attrs, classes, .. })
                if ctx.raw_html == RawHtml::Sanitize =>
            {
                let mut seen: Vec<String> = vec!["id".into()];
                if !classes.is_empty() {
                    seen.push("class".into());
                }
                attrs.retain(|(key, _)| {
                    let first = allowed_everywhere(key) && !seen.iter().any(|s| s == key.as_ref());
                    seen.push(key.to_string());
                    first
                });
            }
            // An e-mail autolink (`<name@example.org>`) is no file: the HTML writer adds mailto:.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => {}
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                *dest_url = link(dest_url).into();
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let shifted = shift_headings(h, &|n| shift.level(n));
                *h = rewrite_urls(&shifted, ctx.raw_html == RawHtml::Allow, &mut link).into()
            }
            // A checkbox needs a name (WCAG 4.1.2): its state in words. Its attributes in the
            // order the sanitizer writes them (it sets `type` and `disabled` last).
            Event::TaskListMarker(done) => {
                let name = ctx.task_labels[usize::from(*done)];
                *ev = Event::InlineHtml(
                    format!(
                        "<input{}{} type=\"checkbox\" disabled=\"\">",
                        if *done { " checked=\"\"" } else { "" },
                        if name.is_empty() {
                            String::new()
                        } else {
                            format!(" aria-label=\"{}\"", super::escape(name))
                        }
                    )
                    .into(),
                );
            }
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    if ctx.raw_html == RawHtml::Sanitize {
        html = if raw { sanitize(&html) } else { written(html) };
    }
    Rendered {
        ids: page_ids(&html),
        html,
        toc,
        found,
        renamed: ids.renamed().clone(),
    }
}

/// Markdown links and images that a page must not carry as written, in any `raw_html` mode:
/// a link whose scheme could run code or is unknown (`javascript:`, `data:`) is shown as its
/// text; an image from another host (`https://…`, `//…`) becomes a link to it with its
/// alternative text, since a page requests nothing from other hosts (the export does the
/// same); an image of another scheme is shown as its alternative text.
fn keep_to_this_site(events: &mut Vec<(Event<'_>, usize)>) {
    /// What became of a link's or image's start, for its end.
    enum Kept {
        Link,
        Image,
        /// An image shown as a link to its address, which is the link's text when the image
        /// has no alternative text (the index of its start event).
        AsLink(String, usize),
        /// An image from another host inside a link (a link holds no link): its alternative
        /// text alone, or its address when it has none (where its text starts in `out`).
        AsText(String, usize),
        Dropped,
    }
    let mut open: Vec<Kept> = Vec::new();
    let mut out = Vec::with_capacity(events.len());
    for (ev, offset) in events.drain(..) {
        let in_link = open
            .iter()
            .any(|k| matches!(k, Kept::Link | Kept::AsLink(..)));
        let ev = match ev {
            Event::Start(Tag::Link { ref dest_url, .. })
                if in_link || (is_external(dest_url) && !allowed_scheme(dest_url)) =>
            {
                open.push(Kept::Dropped);
                continue;
            }
            Event::Start(Tag::Image { ref dest_url, .. })
                if is_external(dest_url) && !allowed_scheme(dest_url) =>
            {
                open.push(Kept::Dropped);
                continue;
            }
            Event::Start(Tag::Image { ref dest_url, .. }) if in_link && is_external(dest_url) => {
                open.push(Kept::AsText(dest_url.to_string(), out.len()));
                continue;
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if is_external(&dest_url) => {
                open.push(Kept::AsLink(dest_url.to_string(), out.len()));
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Link { .. }) => {
                open.push(Kept::Link);
                ev
            }
            Event::Start(Tag::Image { .. }) => {
                open.push(Kept::Image);
                ev
            }
            Event::End(TagEnd::Link | TagEnd::Image) => match open.pop() {
                Some(Kept::Dropped) => continue,
                Some(Kept::AsLink(url, start)) => {
                    if out.len() == start + 1 {
                        out.push((Event::Text(url.into()), offset));
                    }
                    Event::End(TagEnd::Link)
                }
                Some(Kept::AsText(url, start)) => {
                    if out.len() == start {
                        out.push((Event::Text(url.into()), offset));
                    }
                    continue;
                }
                _ => ev,
            },
            ev => ev,
        };
        out.push((ev, offset));
    }
    *events = out;
}

/// The events of a body with their offsets: headings shifted under the page's own (by the
/// shift returned, which depends on the body's highest heading), and each HTML block as one
/// event, its raw-text elements that never close shown as text.
fn collect(text: &str, kind: Body) -> (Vec<(Event<'_>, usize)>, HeadingShift) {
    let mut top = 6u8;
    let mut events = Vec::new();
    let mut block: Option<(String, usize)> = None;
    for (ev, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let ev = match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                top = top.min(level as u8);
                ev
            }
            Event::Start(Tag::HtmlBlock) => {
                block = Some((String::new(), range.start));
                Event::Start(Tag::HtmlBlock)
            }
            Event::Html(h) if block.is_some() => {
                if let Some((b, _)) = &mut block {
                    b.push_str(&h);
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((b, start)) = block.take() {
                    events.push((Event::Html(neutralise_raw_text(&b).into()), start));
                }
                Event::End(TagEnd::HtmlBlock)
            }
            other => other,
        };
        events.push((ev, range.start));
    }
    let shift = kind.shift().for_top(top);
    for (ev, _) in &mut events {
        match ev {
            Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                *level = shift.apply(*level);
            }
            _ => {}
        }
    }
    (events, shift)
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Inline raw-text tags (`Das Feld <textarea> ist Pflicht.`) stay tags only when their end tag
/// follows in the same paragraph (or heading, or cell); else they are shown as text, and so
/// is an end tag that closes nothing. `<plaintext>` never ends and is always text.
fn show_unclosed_raw_text(events: &mut [(Event, usize)]) {
    let mut from = 0;
    while from < events.len() {
        let to = (from..events.len())
            .find(|&i| match &events[i].0 {
                Event::Start(t) => !is_inline(t),
                Event::End(t) => !is_inline_end(t),
                _ => false,
            })
            .unwrap_or(events.len());
        let tags: Vec<(usize, bool, usize)> = (from..to)
            .filter_map(|i| match &events[i].0 {
                Event::InlineHtml(h) => raw_text_tag(h).map(|(end, name)| (i, end, name)),
                _ => None,
            })
            .filter_map(|(i, end, name)| Some((i, end, RAW_TEXT.iter().position(|n| *n == name)?)))
            .collect();
        for i in unclosed(&tags) {
            as_text(events, i);
        }
        from = to + 1;
    }
}

/// Of the raw-text tags of one paragraph (event index, is an end tag, which element), those
/// that neither open an element that closes nor close one.
fn unclosed(tags: &[(usize, bool, usize)]) -> Vec<usize> {
    // For each tag, the next end tag of each element after it: linear, however many tags.
    let mut next_end: Vec<[Option<usize>; 10]> = vec![[None; 10]; tags.len() + 1];
    for k in (0..tags.len()).rev() {
        next_end[k] = next_end[k + 1];
        if tags[k].1 {
            next_end[k][tags[k].2] = Some(k);
        }
    }
    let plaintext = RAW_TEXT.iter().position(|n| *n == "plaintext");
    let mut out = Vec::new();
    let mut k = 0;
    while let Some(&(i, end, name)) = tags.get(k) {
        match next_end[k + 1][name] {
            Some(close) if !end && Some(name) != plaintext => k = close + 1,
            _ => {
                out.push(i);
                k += 1;
            }
        }
    }
    out
}

fn as_text(events: &mut [(Event, usize)], i: usize) {
    if let Some((ev, _)) = events.get_mut(i) {
        if let Event::InlineHtml(h) = ev {
            *ev = Event::Text(h.clone());
        }
    }
}

/// Gives every heading, footnote and raw-HTML element with an id an id of the page, in the
/// order they appear. Returns the table of contents: the level-2 headings (id, text).
fn give_ids(events: &mut [(Event, usize)], ids: &mut IdAllocator) -> Vec<(String, String)> {
    let mut toc = Vec::new();
    let mut footnotes: HashMap<String, String> = HashMap::new();
    let mut defined: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut footnote = |label: &str, ids: &mut IdAllocator| -> String {
        let key = label.to_lowercase();
        if let Some(id) = footnotes.get(&key) {
            return id.clone();
        }
        let id = ids.take(&format!("fn-{}", slug_id(label)));
        footnotes.insert(key, id.clone());
        id
    };
    for i in 0..events.len() {
        let heading_text = || -> String {
            events[i + 1..]
                .iter()
                .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
                .filter_map(|(e, _)| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    // A setext heading's lines are words apart.
                    Event::SoftBreak | Event::HardBreak => Some(" "),
                    _ => None,
                })
                .collect()
        };
        let text = match &events[i].0 {
            Event::Start(Tag::Heading { .. }) => heading_text(),
            _ => String::new(),
        };
        match &mut events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let given = match id {
                    Some(written) => ids.claim(written),
                    None => ids.take(&slug_id(&text)),
                };
                // A heading without words (`## `, a picture alone) would be an empty link.
                if *level == pulldown_cmark::HeadingLevel::H2 && !text.trim().is_empty() {
                    toc.push((given.clone(), text));
                }
                *id = Some(CowStr::from(given));
            }
            Event::FootnoteReference(label) => *label = footnote(label, ids).into(),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // A label defined twice: the second definition gets an id of its own (the
                // references lead to the first, as in GitHub's Markdown).
                let first = defined.insert(label.to_lowercase());
                *label = if first {
                    footnote(label, ids)
                } else {
                    ids.take(&format!("fn-{}", slug_id(label)))
                }
                .into();
            }
            Event::Html(h) | Event::InlineHtml(h) => *h = rename_ids(h, ids).into(),
            _ => {}
        }
    }
    toc
}
