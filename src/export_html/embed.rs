//! Files inside the document: images as `data:` URIs, the theme's stylesheets made safe to
//! inline, and the checks of the finished document: it loads nothing (no `src`, `srcset`,
//! `poster`, stylesheet link, `url()` or `@import` that leaves it), its ids are unique and
//! every reference to an id finds one.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};

use base64::Engine;
use lol_html::{element, rewrite_str, text};

/// The media type of an image a browser shows inline, by the file's name; None for any other
/// file.
pub fn image_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "bmp" => "image/bmp",
        _ => return None,
    })
}

/// `bytes` as a `data:` URI of media type `mime`.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// The media type of a font or image file a stylesheet may refer to.
fn css_file_type(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "woff2" => Some("font/woff2"),
        "woff" => Some("font/woff"),
        "ttf" => Some("font/ttf"),
        "otf" => Some("font/otf"),
        _ => image_type(path),
    }
}

/// A stylesheet of the theme, ready to stand inside `<style>`: every `url()` that names one of
/// the theme's static files (`statics`, by path under static/) becomes a `data:` URI, and no
/// `</style` can end the element early. Other `url()`s stay (and fail [`loads`]).
pub fn inline_css(css: &str, statics: &[(String, Vec<u8>)]) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = find_ignore_case(rest, "url(") {
        let (before, after) = rest.split_at(i + 4);
        out.push_str(before);
        let end = after.find(')').unwrap_or(after.len());
        let arg = &after[..end];
        let name = arg.trim().trim_matches(['"', '\'']);
        let name = name
            .trim_start_matches("./")
            .trim_start_matches("../static/");
        let file = statics.iter().find(|(rel, _)| rel == name);
        match (file, css_file_type(name)) {
            (Some((_, bytes)), Some(mime)) => {
                out.push_str(&format!("\"{}\"", data_uri(mime, bytes)))
            }
            _ => out.push_str(arg),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    replace_ignore_case(&out, "</style", "<\\/style")
}

/// The byte offset of the first `needle` (ASCII) in `haystack`, in any letter case.
fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn replace_ignore_case(s: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find_ignore_case(rest, needle) {
        out.push_str(&rest[..i]);
        out.push_str(with);
        rest = &rest[i + needle.len()..];
    }
    out.push_str(rest);
    out
}

/// The `url()`s and `@import`s of CSS text that would load something: every `url()` whose
/// address is neither `#fragment` nor `data:`.
pub fn css_loads(css: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = css;
    while let Some(i) = find_ignore_case(rest, "url(") {
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let arg = after[..end].trim().trim_matches(['"', '\'']).trim();
        if !arg.starts_with('#') && !arg.starts_with("data:") {
            found.push(format!("url({arg})"));
        }
        rest = &after[end..];
    }
    if find_ignore_case(css, "@import").is_some() {
        found.push("@import".into());
    }
    found
}

/// Attributes that make a browser load what they name, wherever they stand.
const LOADING: [&str; 6] = [
    "src",
    "srcset",
    "imagesrcset",
    "poster",
    "background",
    "data",
];

/// What in `html` would make a browser load something from outside the document: one line
/// each, naming the element.
pub fn loads(html: &str) -> Vec<String> {
    let found = RefCell::new(Vec::new());
    let style_text = RefCell::new(String::new());
    let not_inline = |v: &str| {
        let v = v.trim();
        !v.is_empty() && !v.starts_with("data:")
    };
    let handlers = vec![
        element!("*", |el| {
            let tag = el.tag_name();
            for attr in el.attributes() {
                let (name, value) = (attr.name(), crate::markdown::decoded(&attr.value()));
                let loading =
                    LOADING.contains(&name.as_str()) && (name != "data" || tag == "object");
                let svg_link = (name == "href" || name == "xlink:href")
                    && !matches!(tag.as_str(), "a" | "area")
                    && !value.starts_with('#');
                if (loading || svg_link) && not_inline(&value) {
                    found
                        .borrow_mut()
                        .push(format!("<{tag} {name}=\"{value}\">"));
                }
                if name == "style" {
                    for u in css_loads(&value) {
                        found.borrow_mut().push(format!("<{tag} style> {u}"));
                    }
                }
            }
            if tag == "meta"
                && el
                    .get_attribute("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
            {
                found.borrow_mut().push("<meta http-equiv=refresh>".into());
            }
            Ok(())
        }),
        text!("style", |t| {
            style_text.borrow_mut().push_str(t.as_str());
            if t.last_in_text_node() {
                let css = std::mem::take(&mut *style_text.borrow_mut());
                for u in css_loads(&css) {
                    found.borrow_mut().push(format!("<style> {u}"));
                }
            }
            Ok(())
        }),
    ];
    let settings = crate::markdown::str_settings(handlers, true);
    if rewrite_str(html, settings).is_err() {
        return vec!["the document cannot be read as HTML".into()];
    }
    found.into_inner()
}

/// Attributes that name ids of the same document (one id, or a list separated by spaces).
pub const ID_REFERENCES: [&str; 11] = [
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "aria-owns",
    "aria-flowto",
    "aria-details",
    "aria-activedescendant",
    "aria-errormessage",
    "headers",
    "for",
    "list",
];

/// Ids given twice in `html`, and references (`href="#…"`, the attributes of
/// [`ID_REFERENCES`]) to ids it does not have: one line each.
pub fn broken_ids(html: &str) -> Vec<String> {
    let ids = crate::markdown::page_ids(html);
    let mut seen = HashSet::new();
    let mut problems: BTreeSet<String> = ids
        .iter()
        .filter(|id| !seen.insert(id.as_str()))
        .map(|id| format!("the id `{id}` is given twice"))
        .collect();
    let refs = RefCell::new(Vec::new());
    let handlers = vec![element!("*", |el| {
        for attr in el.attributes() {
            let (name, value) = (attr.name(), crate::markdown::decoded(&attr.value()));
            if name == "href" || name == "xlink:href" {
                if let Some(f) = value.strip_prefix('#') {
                    refs.borrow_mut().push((name, f.to_string()));
                }
            } else if ID_REFERENCES.contains(&name.as_str()) {
                for id in value.split_whitespace() {
                    refs.borrow_mut().push((name.clone(), id.to_string()));
                }
            }
        }
        Ok(())
    })];
    let settings = crate::markdown::str_settings(handlers, true);
    let _ = rewrite_str(html, settings);
    for (attr, id) in refs.into_inner() {
        let decoded = percent_encoding::percent_decode_str(&id).decode_utf8_lossy();
        if !id.is_empty() && !seen.contains(id.as_str()) && !seen.contains(decoded.as_ref()) {
            problems.insert(format!("{attr}=\"#{id}\" names no id of the document"));
        }
    }
    problems.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_data_uris() {
        assert_eq!(image_type("assets/Plan.PNG"), Some("image/png"));
        assert_eq!(image_type("assets/plan.pdf"), None);
        assert_eq!(data_uri("image/png", b"ab"), "data:image/png;base64,YWI=");
    }

    #[test]
    fn css_keeps_to_itself() {
        let statics = vec![("fonts/a.woff2".to_string(), b"x".to_vec())];
        let css = inline_css(
            "@font-face{src:url('fonts/a.woff2')} a{b:url(#p)} </STYLE>",
            &statics,
        );
        assert!(
            css.contains("url(\"data:font/woff2;base64,eA==\")"),
            "{css}"
        );
        assert!(
            css.contains("url(#p)") && css.contains("<\\/style"),
            "{css}"
        );
        assert!(css_loads(&css).is_empty());
        assert_eq!(
            css_loads("a{b:url( x.png )} @import 'y.css';"),
            ["url(x.png)", "@import"]
        );
    }

    #[test]
    fn loads_names_what_leaves_the_document() {
        let html = r##"<img src="data:image/png;base64,AA"><img src="a.png"><video poster="https://x/p.jpg"></video>
            <svg><rect fill="url(#p)"/><use href="#p"/><image href="b.png"/></svg><p style="background:url(c.png)">
            <style>a{x:url(#q)}</style><link rel="stylesheet" href="s.css"><a href="https://x/">ok</a>"##;
        let found = loads(html);
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found.iter().any(|f| f.contains("s.css")));
        assert!(found.iter().any(|f| f.contains("a.png")));
        assert!(found.iter().any(|f| f.contains("b.png")));
        assert!(found.iter().any(|f| f.contains("c.png")));
        assert!(found.iter().any(|f| f.contains("p.jpg")));
    }

    #[test]
    fn every_element_of_a_chart_is_seen() {
        let svg = "<svg aria-labelledby=\"c-title c-desc\"><title id=\"c-title\">T</title>\n<desc id=\"c-desc\">D</desc></svg>";
        assert!(broken_ids(svg).is_empty(), "{:?}", broken_ids(svg));
    }

    #[test]
    fn ids_are_unique_and_references_resolve() {
        let html = r##"<p id="a"></p><p id="a"></p><a href="#b">x</a><a href="#a">y</a><svg aria-labelledby="a c"></svg>"##;
        let problems = broken_ids(html);
        assert_eq!(problems.len(), 3, "{problems:?}");
    }
}
