//! The footnotes of a body that will not read as their writer meant: a reference without a
//! definition (shown as the text `[^x]`), a label defined twice (the second note is shown,
//! but no reference leads to it), a definition nothing refers to. Warnings, not errors: the
//! page is still right to read, as in GitHub's Markdown, which these footnotes follow.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{line_of, line_starts, options};
use crate::error::{Location, Warning};
use crate::model::Source;

/// The warnings about the footnotes of body `src` (see the module's documentation), in the
/// order of their places; none for a body without `[^`. Kind `footnote`.
pub fn footnote_warnings(src: &Source) -> Vec<Warning> {
    let text = src.markdown.text();
    if !text.contains("[^") {
        return Vec::new();
    }
    let starts = line_starts(&text);
    let first_line = src.at.line.unwrap_or(1);
    let at = |offset: usize| {
        let line = line_of(&starts, offset);
        let column = text[starts[line]..offset].chars().count() + 1;
        Location::at(&src.at.file, first_line + line, column)
    };
    // Labels match without regard to letter case, as links' labels do.
    let mut defined: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    let mut texts: Vec<Range<usize>> = Vec::new();
    let mut out: Vec<(usize, Warning)> = Vec::new();
    // A code block's text is code: `[^x]` there is no reference.
    let mut in_code = false;
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        match event {
            Event::FootnoteReference(label) => {
                referenced.insert(label.to_lowercase());
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let key = label.to_lowercase();
                match defined.get(&key) {
                    Some(&(first, _)) => out.push((
                        range.start,
                        Warning::at(
                            "footnote",
                            at(range.start),
                            format!(
                                "the footnote `[^{label}]` is defined a second time (first on line {}): \
                                 its references lead to the first",
                                at(first).line.unwrap_or(1)
                            ),
                        )
                        .help("give this note a label of its own, or join the two notes"),
                    )),
                    None => {
                        defined.insert(key, (range.start, label.to_string()));
                    }
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            // Text side by side is one run: a reference left unresolved comes in pieces.
            Event::Text(_) if !in_code => match texts.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => texts.push(range),
            },
            _ => {}
        }
    }
    for run in &texts {
        let mut from = run.start;
        while let Some(i) = text[from..run.end].find("[^") {
            let open = from + i;
            from = open + 2;
            let Some(len) = text[from..run.end].find(']') else {
                break;
            };
            let label = &text[from..from + len];
            if label.is_empty() || label.contains(char::is_whitespace) {
                continue;
            }
            if !defined.contains_key(&label.to_lowercase()) {
                out.push((
                    open,
                    Warning::at(
                        "footnote",
                        at(open),
                        format!("the footnote `[^{label}]` has no definition: it shows as written"),
                    )
                    .help(format!(
                        "add a line `[^{label}]: …` with the note below the paragraph, or write `\\[^{label}]` to show the brackets"
                    )),
                ));
            }
        }
    }
    for (key, (offset, label)) in &defined {
        let offset = *offset;
        if !referenced.contains(key) {
            out.push((
                offset,
                Warning::at(
                    "footnote",
                    at(offset),
                    format!("the footnote `[^{label}]` is defined, but nothing refers to it"),
                )
                .help(format!(
                    "write `[^{label}]` where the note belongs, or remove the note"
                )),
            ));
        }
    }
    out.sort_by_key(|(offset, _)| *offset);
    out.into_iter().map(|(_, w)| w).collect()
}
