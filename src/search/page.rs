//! What the search index reads of a page: the parts Pagefind takes (its `<html>` tag, title
//! and `<main>`), without what the theme marks to be skipped, in a shorter form that waits
//! for the index.

/// What the index reads of a page: its `<html>` start tag (the language picks the stemmer),
/// its `<title>` and its `<main>`, where the theme puts everything it marks for the index; the
/// whole page when it has no `<main>`. Elements marked `data-pagefind-ignore` are cut out
/// ([`cut_ignored`]), and soft hyphens taken out, so that a word is found however the build
/// hyphenated it. Pages wait for the index in this shorter form.
pub(super) fn compact(html: &str) -> String {
    let part = |open: &str, close: &str| -> Option<&str> {
        let start = html.find(open)?;
        let end = html[start..].find(close)? + start + close.len();
        Some(&html[start..end])
    };
    let text = match (part("<html", ">"), part("<main", "</main>")) {
        (Some(root), Some(main)) => {
            let title = part("<title>", "</title>").unwrap_or_default();
            format!("{root}<head>{title}</head><body>{main}</body></html>")
        }
        _ => html.to_string(),
    };
    space_cells(&cut_ignored(&text)).replace('\u{ad}', "")
}

/// The end tags after which `html` gets a space: Pagefind reads the text of adjacent list
/// terms, definitions and table cells as one word ("<dt>Phase</dt><dd>Umsetzung</dd>" as
/// "PhaseUmsetzung", found by neither word).
const SPACED: [&str; 5] = ["</dt>", "</dd>", "</th>", "</td>", "</li>"];

/// `html` with a space after each end tag of [`SPACED`] (whitespace between elements is not
/// text a reader sees; Pagefind collapses it).
fn space_cells(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = rest.find("</") {
        let tail = &rest[at..];
        match SPACED.iter().find(|t| tail.starts_with(**t)) {
            Some(t) => {
                out.push_str(&rest[..at + t.len()]);
                out.push(' ');
                rest = &rest[at + t.len()..];
            }
            None => {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The attribute by which a template leaves an element out of the index.
const IGNORE_MARK: &str = "data-pagefind-ignore";

/// `html` without the elements that carry [`IGNORE_MARK`] — what Pagefind would skip, cut out
/// before it parses the page (on a project page the Zeithorizont table is a third of the
/// text). An element is kept when it holds marks Pagefind still reads inside ignored parts
/// (`data-pagefind-meta`, `-filter`, `-sort`), or when its end is not found; the pages are
/// the build's own, well-formed HTML, whose text escapes `<`.
fn cut_ignored(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains(IGNORE_MARK) {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(IGNORE_MARK) {
        let cut = rest[..at]
            .rfind('<')
            .filter(|&open| !rest[open..at].contains('>'))
            .and_then(|open| element_end(rest, open).map(|end| (open, end)))
            .filter(|&(open, end)| {
                let inner = &rest[open..end];
                ![
                    "data-pagefind-meta",
                    "data-pagefind-filter",
                    "data-pagefind-sort",
                ]
                .iter()
                .any(|m| inner.contains(m))
            });
        match cut {
            Some((open, end)) => {
                out.push_str(&rest[..open]);
                rest = &rest[end..];
            }
            None => {
                let next = at + IGNORE_MARK.len();
                out.push_str(&rest[..next]);
                rest = &rest[next..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The byte just after the end of the element whose start tag begins at `open` in `html`:
/// after its matching end tag (elements of the same name nested inside are counted), or after
/// the start tag of a void element. None when there is no such end.
fn element_end(html: &str, open: usize) -> Option<usize> {
    let tag = &html[open + 1..];
    let name_len = tag.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')?;
    let name = &tag[..name_len];
    let start_end = open + html[open..].find('>')? + 1;
    const VOID: [&str; 8] = ["br", "hr", "img", "input", "link", "meta", "source", "wbr"];
    if VOID.contains(&name) {
        return Some(start_end);
    }
    let (start_tag, end_tag) = (format!("<{name}"), format!("</{name}>"));
    let mut depth = 1usize;
    let mut at = start_end;
    loop {
        let next_end = at + html[at..].find(&end_tag)?;
        // Elements of the same name that open before that end tag nest inside.
        let mut scan = at;
        while let Some(i) = html[scan..next_end].find(&start_tag) {
            let after = scan + i + start_tag.len();
            if html[after..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            {
                depth += 1;
            }
            scan = after;
        }
        depth -= 1;
        at = next_end + end_tag.len();
        if depth == 0 {
            return Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cut_ignored, space_cells};

    #[test]
    fn terms_definitions_and_cells_are_read_as_separate_words() {
        assert_eq!(
            space_cells("<dl><div><dt>Phase</dt><dd>Umsetzung</dd></div></dl><p>a</p>"),
            "<dl><div><dt>Phase</dt> <dd>Umsetzung</dd> </div></dl><p>a</p>"
        );
        assert_eq!(
            space_cells("<tr><th>A</th><td>1</td></tr>"),
            "<tr><th>A</th> <td>1</td> </tr>"
        );
    }

    #[test]
    fn ignored_elements_are_cut_with_what_nests_inside_them() {
        let html = "<main><h1>Titel</h1><section data-pagefind-ignore><section><p>a</p>\
                    </section><p>b</p></section><p>Text</p>\
                    <nav data-pagefind-ignore=\"all\"><a href=\"/\">x</a></nav><hr data-pagefind-ignore>\
                    <p>Ende</p></main>";
        assert_eq!(
            cut_ignored(html),
            "<main><h1>Titel</h1><p>Text</p><p>Ende</p></main>"
        );
    }

    #[test]
    fn an_ignored_element_with_metadata_inside_or_without_an_end_is_kept() {
        let meta = "<div data-pagefind-ignore><span data-pagefind-meta=\"field\">F</span></div>";
        assert_eq!(cut_ignored(meta), meta);
        let open = "<div data-pagefind-ignore><p>no end";
        assert_eq!(cut_ignored(open), open);
        // The words as text (escaped markup in a body) are not an attribute.
        let text = "<p>&lt;div data-pagefind-ignore&gt;</p>";
        assert_eq!(cut_ignored(text), text);
    }
}
