//! One page of the site made a section of the document, with lol_html: every id gets the
//! section's name in front (`e-akte`'s `kpi` becomes `projekte-e-akte--kpi`) and so does every
//! reference to one (`#fragment` links, `aria-labelledby`, `headers`, an SVG's `url(#…)`);
//! headings go one level down (the document's title is its only h1); links between pages
//! become `#fragment` links inside the document, links to pages it does not hold become links
//! to the published site (or plain text without `base_url`); images become `data:` URIs, a
//! link to another file says that the file is not embedded; navigation chrome goes.

use std::collections::{HashMap, HashSet};

use lol_html::html_content::{ContentType, Element};
use lol_html::{element, rewrite_str};
use percent_encoding::{percent_decode_str, utf8_percent_encode};

use super::embed::{data_uri, image_type, ID_REFERENCES};
use crate::markdown::{attribute, decoded, set_attribute};

/// What a section leaves out: the site's navigation within pages (a page's own table of
/// contents too: the document's lists its headings; the other projects of a programme: the
/// document's contents and the overview list them), and whatever a theme marks with
/// `data-export="omit"`.
const CHROME: &str =
    "nav.breadcrumb, nav.pager, nav.toc, aside.siblings, .skip-link, [data-export=\"omit\"]";

/// Elements that would embed a file or run a script; the export keeps a link to what they
/// name instead.
const MEDIA: &str = "video, audio, iframe, embed, object, script, link, source, track";

/// SVG attributes (and `style`) that may name an id as `url(#id)`.
const URL_ATTRIBUTES: [&str; 9] = [
    "fill",
    "stroke",
    "clip-path",
    "mask",
    "filter",
    "marker-start",
    "marker-mid",
    "marker-end",
    "style",
];

/// A page that became a section: its id and the ids its page has.
#[derive(Debug, Clone, Default)]
pub struct Section {
    /// The id of the section in the document ("projekte-e-akte").
    pub id: String,
    /// The ids the page has on the site ("kpi").
    pub ids: HashSet<String>,
}

/// What every section needs to know of the others and of the site.
pub struct Context<'a> {
    /// The site's path below its host: "/" or "/sub/path/".
    pub base_path: &'a str,
    /// The address of the published site, ending in `/`, if roadmap.yaml gives one.
    pub base_url: Option<&'a str>,
    /// The sections by the output path of their page ("projekte/e-akte/", "" for home).
    pub sections: HashMap<String, Section>,
    /// Other pages of the site that stand for a place in the document (a field's page for its
    /// group among the projects), by output path: the id of the place.
    pub places: HashMap<String, String>,
    /// The files of the built site by path ("assets/plan.png").
    pub files: HashMap<&'a str, &'a [u8]>,
    /// The chart files of the site, which the document shows inline.
    pub charts: HashSet<String>,
    /// The note after a link to a file that is not embedded, with `{file}` for its name.
    pub file_note: String,
}

/// Where a link of a section leads in the document.
#[derive(Debug, PartialEq, Eq)]
enum Link {
    /// Leaves it as it is (another site, `mailto:`, `data:`).
    Keep,
    /// A place in the document (`#id`).
    To(String),
    /// An image of the site: its `data:` URI and file name.
    Image { uri: String, name: String },
    /// Another file of the site, not embedded: its name, and its address on the published site.
    File { name: String, url: Option<String> },
    /// A page the document does not hold: its address on the published site, if there is one.
    Page(Option<String>),
    /// A chart file: the chart stands in the document itself.
    Chart,
}

impl Context<'_> {
    /// `id` of the section `section` as it is named in the document.
    fn namespaced(section: &str, id: &str) -> String {
        format!("{section}--{id}")
    }

    /// The address of `site_path` (and `tail`: `?query#fragment`) on the published site.
    fn published(&self, site_path: &str, tail: &str) -> Option<String> {
        self.base_url.map(|b| {
            format!(
                "{b}{}{tail}",
                utf8_percent_encode(site_path, crate::markdown::URL_PATH)
            )
        })
    }

    /// The path inside the site that `path` (as written in a page at `page`) names, decoded;
    /// None when it leaves the site.
    fn site_path(&self, page: &str, path: &str) -> Option<String> {
        let decoded = percent_decode_str(path).decode_utf8().ok()?;
        let joined = if let Some(abs) = decoded.strip_prefix(self.base_path) {
            abs.to_string()
        } else if decoded.starts_with('/') {
            return None;
        } else {
            let dir = page.rfind('/').map_or("", |i| &page[..=i]);
            format!("{dir}{decoded}")
        };
        let mut parts: Vec<&str> = Vec::new();
        for seg in joined.split('/') {
            match seg {
                "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(parts.join("/"))
    }

    /// Where `url`, written in the page at `page` (section `id`), leads in the document.
    fn resolve(&self, page: &str, id: &str, url: &str) -> Link {
        if url.is_empty() || crate::markdown::is_external(url) {
            return Link::Keep;
        }
        let (before, fragment) = match url.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (url, None),
        };
        let fragment = fragment.map(|f| percent_decode_str(f).decode_utf8_lossy().into_owned());
        let path = before.split('?').next().unwrap_or_default();
        if path.is_empty() {
            // A fragment the page does not have (its element was left out) leads to the section.
            let own = self.sections.get(page);
            return Link::To(match fragment {
                Some(f) if !f.is_empty() && own.is_none_or(|s| s.ids.contains(&f)) => {
                    Self::namespaced(id, &f)
                }
                _ => id.to_string(),
            });
        }
        let tail = &url[path.len()..];
        let Some(site) = self.site_path(page, path) else {
            return Link::Page(None);
        };
        let page_path = site.strip_suffix("index.html").unwrap_or(&site);
        let with_slash = format!("{page_path}/");
        let section = self
            .sections
            .get(page_path)
            .or_else(|| self.sections.get(&with_slash));
        if let Some(s) = section {
            return Link::To(match fragment {
                Some(f) if s.ids.contains(&f) => Self::namespaced(&s.id, &f),
                _ => s.id.clone(),
            });
        }
        if let Some(place) = self.places.get(page_path) {
            return Link::To(place.clone());
        }
        if self.charts.contains(&site) {
            return Link::Chart;
        }
        let name = site.rsplit('/').next().unwrap_or_default().to_string();
        match self.files.get(site.as_str()) {
            Some(bytes) if !site.ends_with(".html") => match image_type(&site) {
                Some(mime) => Link::Image {
                    uri: data_uri(mime, bytes),
                    name,
                },
                None => Link::File {
                    url: self.published(&site, tail),
                    name,
                },
            },
            _ => Link::Page(self.published(&site, tail)),
        }
    }

    /// The note that follows a link to a file the document does not embed.
    fn note(&self, name: &str) -> String {
        let text = self.file_note.replace("{file}", name);
        format!(
            " <span class=\"export-note\">({})</span>",
            crate::markdown::escape(&text)
        )
    }
}

type HandlerResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// Applies `link` to the link element `el` (`<a href>`, `<area href>`).
fn apply_link(el: &mut Element, link: Link, cx: &Context) -> HandlerResult {
    match link {
        Link::Keep => {}
        Link::To(id) => set_attribute(el, "href", &format!("#{id}"))?,
        Link::Image { uri, name } => {
            set_attribute(el, "href", &uri)?;
            set_attribute(el, "download", &name)?;
        }
        Link::File { name, url } => {
            match url {
                Some(u) => set_attribute(el, "href", &u)?,
                None => el.remove_and_keep_content(),
            }
            el.after(&cx.note(&name), ContentType::Html);
        }
        Link::Page(Some(u)) => set_attribute(el, "href", &u)?,
        Link::Page(None) => el.remove_and_keep_content(),
        Link::Chart => el.remove(),
    }
    Ok(())
}

/// Applies `link` to `<img src>`: an image of the site is embedded; anything else is shown as
/// its text alternative, with a link where it has an address.
fn apply_image(el: &mut Element, link: Link, cx: &Context) -> HandlerResult {
    el.remove_attribute("srcset");
    el.remove_attribute("sizes");
    let alt = attribute(el, "alt").unwrap_or_default();
    let src = attribute(el, "src").unwrap_or_default();
    let (url, name) = match link {
        Link::Image { uri, .. } => return Ok(set_attribute(el, "src", &uri)?),
        Link::Keep if src.trim_start().starts_with("data:") => return Ok(()),
        Link::Keep => (
            Some(src.clone()),
            src.rsplit('/').next().unwrap_or_default().to_string(),
        ),
        Link::File { name, url } => (url, name),
        Link::Page(url) => (url, src.clone()),
        Link::To(_) | Link::Chart => (None, String::new()),
    };
    let text = crate::markdown::escape(if alt.is_empty() { &name } else { &alt });
    let html = match url {
        Some(u) => format!(
            "<a href=\"{}\">{text}</a>{}",
            crate::markdown::escape(&u),
            cx.note(&name)
        ),
        None => text,
    };
    el.replace(&html, ContentType::Html);
    Ok(())
}

/// Replaces an element that embeds a file or runs a script by a link to what it names (with
/// the note that it is not embedded), or removes it when it names nothing.
fn apply_media(el: &mut Element, page: &str, id: &str, cx: &Context) -> HandlerResult {
    let tag = el.tag_name();
    let attr = if tag == "object" { "data" } else { "src" };
    let src = attribute(el, attr)
        .filter(|_| !matches!(tag.as_str(), "source" | "track" | "script" | "link"));
    let Some(src) = src else {
        el.remove();
        return Ok(());
    };
    let name = src.rsplit('/').next().unwrap_or_default().to_string();
    let url = match cx.resolve(page, id, &src) {
        Link::Keep => Some(src.clone()),
        Link::File { url, .. } | Link::Page(url) => url,
        _ => None,
    };
    let esc = crate::markdown::escape;
    let html = match url {
        Some(u) => format!(
            "<a href=\"{}\">{}</a>{}",
            esc(&u),
            esc(&name),
            cx.note(&name)
        ),
        None => format!("{}{}", esc(&name), cx.note(&name)),
    };
    el.replace(&html, ContentType::Html);
    Ok(())
}

/// The ids an attribute of `tag` names, each given the section's name; None when the
/// attribute names no id.
fn namespace_attr(tag: &str, name: &str, value: &str, id: &str) -> Option<String> {
    let ns = |v: &str| Context::namespaced(id, v);
    match name {
        "id" => Some(ns(value)),
        "name" if tag == "a" => Some(ns(value)),
        n if ID_REFERENCES.contains(&n) => Some(
            value
                .split_whitespace()
                .map(ns)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        "href" | "xlink:href" if !matches!(tag, "a" | "area") => {
            value.strip_prefix('#').map(|f| format!("#{}", ns(f)))
        }
        n if URL_ATTRIBUTES.contains(&n) && value.contains("url(#") => {
            Some(value.replace("url(#", &format!("url(#{id}--")))
        }
        _ => None,
    }
}

/// The ids of the rendered page `html` that its section keeps: those of the elements that
/// [`section`] neither leaves out (chrome) nor replaces (media: an `<svg>`'s `<script>` too,
/// whatever its content holds). A link to any other id of the page leads to the section.
pub fn kept_ids(html: &str) -> HashSet<String> {
    let handlers = vec![element!(&format!("{CHROME}, {MEDIA}"), |el| {
        el.remove();
        Ok(())
    })];
    let settings = crate::markdown::str_settings(handlers, true);
    match rewrite_str(html, settings) {
        Ok(kept) => crate::markdown::page_ids(&kept).into_iter().collect(),
        Err(_) => HashSet::new(),
    }
}

/// The section `id` made of the rendered page at output path `page`.
pub fn section(html: &str, page: &str, id: &str, cx: &Context) -> String {
    let handlers = vec![
        element!(CHROME, |el| {
            el.remove();
            Ok(())
        }),
        element!(MEDIA, |el| apply_media(el, page, id, cx)),
        element!("h1, h2, h3, h4, h5", |el| {
            let level = el.tag_name().as_bytes().get(1).map_or(1, |b| b - b'0');
            el.set_tag_name(&format!("h{}", level + 1))?;
            Ok(())
        }),
        element!("a[href], area[href]", |el| {
            let href = attribute(el, "href").unwrap_or_default();
            apply_link(el, cx.resolve(page, id, &href), cx)
        }),
        element!("img[src]", |el| {
            let src = attribute(el, "src").unwrap_or_default();
            apply_image(el, cx.resolve(page, id, &src), cx)
        }),
        element!("*", |el| {
            let tag = el.tag_name();
            let attrs: Vec<(String, String)> = el
                .attributes()
                .iter()
                .map(|a| (a.name(), decoded(&a.value())))
                .collect();
            for (name, value) in attrs {
                if name == "style" && !super::embed::css_loads(&value).is_empty() {
                    el.remove_attribute("style");
                } else if let Some(new) = namespace_attr(&tag, &name, &value, id) {
                    set_attribute(el, &name, &new)?;
                }
            }
            Ok(())
        }),
    ];
    let settings = crate::markdown::str_settings(handlers, true);
    let out = rewrite_str(html, settings).unwrap_or_else(|_| crate::markdown::escape(html));
    // A figure's caption that named only the chart's file, or began with it, is tidied.
    out.replace("<figcaption></figcaption>", "")
        .replace("<figcaption> · ", "<figcaption>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(files: &[(&'static str, &'static [u8])]) -> Context<'static> {
        let mut sections = HashMap::new();
        sections.insert(
            "projekte/e-akte/".to_string(),
            Section {
                id: "projekte-e-akte".into(),
                ids: ["kpi".to_string()].into_iter().collect(),
            },
        );
        sections.insert(
            "hintergrund/".into(),
            Section {
                id: "hintergrund".into(),
                ids: ["ziele".to_string()].into_iter().collect(),
            },
        );
        Context {
            base_path: "/",
            base_url: None,
            sections,
            places: [("fields/v/".to_string(), "projekte--group-v".to_string())]
                .into_iter()
                .collect(),
            files: files.iter().copied().collect(),
            charts: ["projekte/e-akte/zeithorizont.svg".to_string()]
                .into_iter()
                .collect(),
            file_note: "Datei {file}, nicht eingebettet".into(),
        }
    }

    #[test]
    fn links_between_pages_stay_in_the_document() {
        let c = cx(&[("assets/plan.pdf", b"%PDF"), ("assets/a.png", b"ab")]);
        let r = |url: &str| c.resolve("projekte/e-akte/", "projekte-e-akte", url);
        assert_eq!(
            r("/projekte/e-akte/#kpi"),
            Link::To("projekte-e-akte--kpi".into())
        );
        assert_eq!(r("/hintergrund/#nope"), Link::To("hintergrund".into()));
        assert_eq!(
            r("../../hintergrund/index.html#ziele"),
            Link::To("hintergrund--ziele".into())
        );
        assert_eq!(r("#kpi"), Link::To("projekte-e-akte--kpi".into()));
        assert_eq!(r("#budget"), Link::To("projekte-e-akte".into()));
        assert_eq!(r("/fields/v/"), Link::To("projekte--group-v".into()));
        assert_eq!(r("zeithorizont.svg"), Link::Chart);
        assert_eq!(r("https://example.org/"), Link::Keep);
        assert_eq!(r("mailto:a@b.de"), Link::Keep);
        assert_eq!(r("/datenschutz/"), Link::Page(None));
        assert_eq!(
            r("/assets/plan.pdf"),
            Link::File {
                name: "plan.pdf".into(),
                url: None
            }
        );
        assert_eq!(
            r("/assets/a.png"),
            Link::Image {
                uri: "data:image/png;base64,YWI=".into(),
                name: "a.png".into()
            }
        );
        let published = Context {
            base_url: Some("https://x.example/rm/"),
            ..c
        };
        assert_eq!(
            published.resolve("", "intro", "/assets/plan.pdf?v=2"),
            Link::File {
                name: "plan.pdf".into(),
                url: Some("https://x.example/rm/assets/plan.pdf?v=2".into())
            }
        );
    }

    #[test]
    fn ids_in_what_a_section_leaves_out_are_not_kept() {
        let page = r##"<nav class="toc"><a id="t" href="#a">A</a></nav><h2 id="a">A</h2>
<svg><script><g id="s"></g></script><g id="g"></g></svg><video src="v.mp4"><p id="v">V</p></video>"##;
        let mut kept: Vec<String> = kept_ids(page).into_iter().collect();
        kept.sort();
        assert_eq!(kept, ["a", "g"]);
    }

    #[test]
    fn a_page_becomes_a_section() {
        let c = cx(&[("assets/plan.pdf", b"%PDF"), ("assets/a.png", b"ab")]);
        let html = r##"<nav class="breadcrumb"><a href="/">Start</a></nav><h1>E-Akte</h1>
<div id="kpi" aria-labelledby="kpi x"><h3>KPI</h3></div><a href="/hintergrund/#ziele">Ziele</a>
<svg aria-labelledby="c-title"><title id="c-title">T</title><rect fill="url(#c-ff)"/></svg>
<figure><figcaption><a href="zeithorizont.svg">SVG</a></figcaption></figure>
<p><a href="/assets/plan.pdf">Plan</a> <img src="/assets/a.png" alt="A" srcset="/assets/a.png 2x"><img src="https://x/y.png" alt="Y"></p><iframe src="https://v/"></iframe>"##;
        let out = section(html, "projekte/e-akte/", "projekte-e-akte", &c);
        for want in [
            "<h2>E-Akte</h2>",
            "<div id=\"projekte-e-akte--kpi\" aria-labelledby=\"projekte-e-akte--kpi projekte-e-akte--x\"><h4>KPI</h4>",
            "<a href=\"#hintergrund--ziele\">Ziele</a>",
            "<title id=\"projekte-e-akte--c-title\">",
            "fill=\"url(#projekte-e-akte--c-ff)\"",
            "<figure></figure>",
            "Plan <span class=\"export-note\">(Datei plan.pdf, nicht eingebettet)</span>",
            "<img src=\"data:image/png;base64,YWI=\" alt=\"A\">",
            "<a href=\"https://x/y.png\">Y</a> <span class=\"export-note\">(Datei y.png, nicht eingebettet)</span>",
            "<a href=\"https://v/\">",
        ] {
            assert!(out.contains(want), "{want}\n{out}");
        }
        assert!(
            !out.contains("breadcrumb") && !out.contains("iframe"),
            "{out}"
        );
    }
}
