//! Where the links and images of the Markdown texts lead inside the PDF: a content file becomes
//! the label of its chapter or project, a `#fragment` the label of a heading, a file of the site
//! an image the PDF embeds (or, with `base_url`, a link to the published file).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::escape::label_part;
use crate::markdown::options;
use crate::markdown::{is_external as has_scheme, resolve_rel};

/// Where a link of a text leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A place in the PDF.
    Label(String),
    /// A web address (or `mailto:`).
    Url(String),
}

#[derive(Debug, Default)]
struct Doc {
    label: String,
    headings: BTreeSet<String>,
}

/// The documents and files of one export, for links and images.
#[derive(Debug, Default)]
pub struct Targets {
    docs: BTreeMap<String, Doc>,
    /// The site's files by output path ("berichte/plan.png", "assets/logo.svg").
    files: BTreeMap<String, PathBuf>,
    /// Every content file's page on the website ("hintergrund/"), for links to pages the PDF
    /// leaves out.
    pages: BTreeMap<String, String>,
    /// "https://example.org/roadmap/" when known: links to files only the website has.
    base_url: Option<String>,
    /// "/roadmap/": site-absolute links start with it.
    base_path: String,
}

/// The label of a content file's section.
pub fn doc_label(slug: &str) -> String {
    format!("doc:{}", label_part(slug))
}

/// The label of a heading with `id` in the document labelled `doc`.
pub fn heading_label(doc: &str, id: &str) -> String {
    format!("{doc}:{}", label_part(id))
}

/// The ids of the headings of a Markdown body, in order: the id written (`{#id}`) or one made
/// from the text, with `-1`, `-2` … for repeats.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    let src = crate::markdown::prepare_text(markdown);
    let mut ids = Vec::new();
    let mut seen = BTreeSet::new();
    let mut current: Option<(Option<String>, String)> = None;
    for ev in Parser::new_ext(&src, options()) {
        match ev {
            Event::Start(Tag::Heading { id, .. }) => {
                current = Some((id.map(|i| i.to_string()), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = current.as_mut() {
                    text.push(' ');
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((id, text)) = current.take() {
                    let base = id.unwrap_or_else(|| crate::markdown::slug_id(&text));
                    let mut unique = base.clone();
                    let mut n = 1;
                    while !seen.insert(unique.clone()) {
                        unique = format!("{base}-{n}");
                        n += 1;
                    }
                    ids.push(unique);
                }
            }
            _ => {}
        }
    }
    ids
}

impl Targets {
    /// No documents yet; `base_url` and `base_path` as in the configuration.
    pub fn new(base_url: Option<String>, base_path: &str) -> Self {
        Targets {
            base_url,
            base_path: base_path.to_string(),
            ..Targets::default()
        }
    }

    /// A content file (`rel` relative to content/) shown in the PDF under `label`.
    pub fn add_doc(&mut self, rel: &str, label: String, markdown: &str) {
        let headings = heading_ids(markdown).into_iter().collect();
        self.docs.insert(rel.to_string(), Doc { label, headings });
    }

    /// A file of the site by its output path, readable at `file`.
    pub fn add_file(&mut self, rel: &str, file: PathBuf) {
        self.files.insert(rel.to_string(), file);
    }

    /// A content file's page on the website (output path).
    pub fn add_page(&mut self, rel: &str, path: &str) {
        self.pages.insert(rel.to_string(), path.to_string());
    }

    /// The site's files by output path.
    pub fn files(&self) -> &BTreeMap<String, PathBuf> {
        &self.files
    }

    /// Where a link written in the content file `from` leads; None when the PDF cannot follow it
    /// (another scheme, a page left out, a file without `base_url`): its text stays.
    pub fn link(&self, from: &str, url: &str) -> Option<Link> {
        let lower = url.to_ascii_lowercase();
        if ["https://", "http://", "mailto:", "tel:"]
            .iter()
            .any(|s| lower.starts_with(s))
        {
            return Some(Link::Url(url.to_string()));
        }
        if has_scheme(url) {
            return None;
        }
        let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let path = percent_decode_str(path).decode_utf8_lossy();
        let fragment = percent_decode_str(fragment).decode_utf8_lossy();
        let rel = self.site_path(from, &path)?;
        if let Some(doc) = self.docs.get(&rel) {
            return Some(Link::Label(if doc.headings.contains(fragment.as_ref()) {
                heading_label(&doc.label, &fragment)
            } else {
                doc.label.clone()
            }));
        }
        let base = self.base_url.as_ref()?;
        if let Some(page) = self.pages.get(&rel) {
            let fragment = match fragment.as_ref() {
                "" => String::new(),
                f => format!("#{f}"),
            };
            return Some(Link::Url(format!("{base}{page}{fragment}")));
        }
        self.files
            .contains_key(&rel)
            .then(|| Link::Url(format!("{base}{rel}")))
    }

    /// The output path of an image written in `from`, when the site has that file.
    pub fn image(&self, from: &str, url: &str) -> Option<String> {
        if has_scheme(url) {
            return None;
        }
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let path = percent_decode_str(path).decode_utf8_lossy();
        let rel = self.site_path(from, &path)?;
        self.files.contains_key(&rel).then_some(rel)
    }

    /// The content file whose page is at the output path `rel` (`projekte/e-akte/`), else
    /// `rel` itself.
    fn content_file(&self, rel: String) -> String {
        let page = rel.trim_end_matches('/');
        self.pages
            .iter()
            .find(|(_, p)| p.trim_end_matches('/') == page)
            .map_or(rel, |(file, _)| file.clone())
    }

    /// A path as written in `from` relative to content/ (a content file, or a file's output
    /// path): relative to `from`'s folder, or site-absolute under the base path.
    fn site_path(&self, from: &str, path: &str) -> Option<String> {
        if path.is_empty() {
            return Some(from.to_string());
        }
        if let Some(abs) = path.strip_prefix('/') {
            let abs = path.strip_prefix(self.base_path.as_str()).unwrap_or(abs);
            return resolve_rel("", abs).map(|rel| self.content_file(rel));
        }
        match resolve_rel(from, path).map(|rel| self.content_file(rel)) {
            Some(rel) => Some(rel),
            // `../assets/logo.png` from the top of content/ reaches the site's assets/.
            None => path
                .find("assets/")
                .map(|i| path[i..].to_string())
                .filter(|p| self.files.contains_key(p)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_are_those_of_the_page() {
        let md = "## Preis \\{netto}\n\n## Zwei \\\\{#zwei}\n\nDrei \\{#d}\n---\n\n## Vier {#vier}\n\nZwei\nZeilen\n===";
        assert_eq!(
            heading_ids(md),
            ["preis-netto", "zwei", "drei-d", "vier", "zwei-zeilen"]
        );
    }

    #[test]
    fn links_lead_to_labels_urls_or_nowhere() {
        let mut t = Targets::new(None, "/");
        t.add_doc(
            "masterplan.md",
            doc_label("masterplan"),
            "## TOP-Maßnahmen {#top}\n",
        );
        t.add_doc("projekte/e-akte.md", doc_label("e-akte"), "Text\n");
        t.add_page("projekte/e-akte.md", "projekte/e-akte/");
        let to = |from, url| t.link(from, url);
        assert_eq!(
            to("projekte/e-akte.md", "../masterplan.md#top"),
            Some(Link::Label("doc:masterplan:top".into()))
        );
        assert_eq!(
            to("masterplan.md", "projekte/e-akte.md#fehlt"),
            Some(Link::Label("doc:e-akte".into()))
        );
        assert_eq!(
            to("masterplan.md", "#top"),
            Some(Link::Label("doc:masterplan:top".into()))
        );
        assert_eq!(to("masterplan.md", "javascript:alert(1)"), None);
        assert_eq!(
            to("masterplan.md", "/projekte/e-akte/"),
            Some(Link::Label("doc:e-akte".into())),
            "a root-absolute page URL"
        );
        assert_eq!(to("masterplan.md", "bericht.pdf"), None);
        assert_eq!(
            to("masterplan.md", "https://example.org/a"),
            Some(Link::Url("https://example.org/a".into()))
        );
    }

    #[test]
    fn heading_ids_follow_the_site() {
        assert_eq!(
            heading_ids("## Ziele\n\n## Ziele\n\n### Größe {#groesse}\n"),
            ["ziele", "ziele-1", "groesse"]
        );
    }
}
