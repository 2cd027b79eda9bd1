//! `roadmap export`: fixture sites exported with the real binary, the file read back with
//! html5ever's tokenizer. Self-contained (nothing the browser would load from elsewhere),
//! complete (every chapter, project and chart), one id space (ids unique, every `#fragment`
//! found), one h1; deterministic; never written among the sources.

mod common;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{Run, Site};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// An element's start tag: its name and attributes.
#[derive(Debug)]
struct El {
    name: String,
    attrs: BTreeMap<String, String>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// A document as tokens: its start tags, and the text of its `<style>` elements.
#[derive(Default)]
struct Doc {
    elements: Vec<El>,
    styles: Vec<String>,
    text: String,
}

#[derive(Default)]
struct Sink {
    doc: RefCell<Doc>,
    in_style: RefCell<bool>,
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let mut doc = self.doc.borrow_mut();
        match token {
            Token::TagToken(Tag {
                kind: TagKind::StartTag,
                name,
                attrs,
                ..
            }) => {
                let attrs = attrs
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect();
                doc.elements.push(El {
                    name: name.to_string(),
                    attrs,
                });
                match &*name {
                    "style" => {
                        *self.in_style.borrow_mut() = true;
                        doc.styles.push(String::new());
                        return TokenSinkResult::RawData(RawKind::Rawtext);
                    }
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => {}
                }
            }
            Token::TagToken(Tag {
                kind: TagKind::EndTag,
                name,
                ..
            }) if &*name == "style" => *self.in_style.borrow_mut() = false,
            Token::CharacterTokens(t) => {
                if *self.in_style.borrow() {
                    if let Some(s) = doc.styles.last_mut() {
                        s.push_str(&t);
                    }
                } else {
                    doc.text.push_str(&t);
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

fn parse(html: &str) -> Doc {
    let tok = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tok.feed(&input);
    tok.end();
    tok.sink.doc.take()
}

/// Runs `roadmap export --root ROOT ARGS…`.
fn export(root: &Path, args: &[&str]) -> Run {
    common::run_on("export", root, args)
}

/// Exports `root` into `out` and reads the file; fails the test with the messages otherwise.
fn export_ok(root: &Path, out: &Path) -> String {
    let r = export(root, &["--output", out.to_str().expect("utf-8 path")]);
    assert_eq!(r.code, 0, "export failed:\n{}", r.stderr);
    assert!(
        r.stderr.contains("Wrote ") && r.stderr.contains(" KB)"),
        "{}",
        r.stderr
    );
    std::fs::read_to_string(out).expect("read the export")
}

/// The addresses of `url()` and `@import` in CSS that would load something.
fn css_loads(css: &str) -> Vec<String> {
    let mut found: Vec<String> = css
        .split("url(")
        .skip(1)
        .map(|rest| {
            rest.split(')')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
                .to_string()
        })
        .filter(|u| !u.starts_with('#') && !u.starts_with("data:"))
        .collect();
    if css.contains("@import") {
        found.push("@import".into());
    }
    found
}

/// Everything in `doc` that would make a browser load a file or a page.
fn resource_references(doc: &Doc) -> Vec<String> {
    let mut found = Vec::new();
    for el in &doc.elements {
        for (name, value) in &el.attrs {
            let v = value.trim();
            let loads = match name.as_str() {
                "src" | "srcset" | "imagesrcset" | "poster" | "background" => true,
                "data" => el.name == "object",
                "href" | "xlink:href" => {
                    !matches!(el.name.as_str(), "a" | "area") && !v.starts_with('#')
                }
                _ => false,
            };
            if loads && !v.starts_with("data:") {
                found.push(format!("<{} {name}=\"{v}\">", el.name));
            }
            if name == "style" {
                found.extend(
                    css_loads(v)
                        .into_iter()
                        .map(|u| format!("<{} style> {u}", el.name)),
                );
            }
        }
        // A script is a resource only with `src`: the inline one that keeps soft hyphens out
        // of copied text loads nothing.
        let loads_script = el.name == "script" && el.attr("src").is_some();
        if loads_script || matches!(el.name.as_str(), "iframe" | "embed" | "object" | "link") {
            found.push(format!("<{}>", el.name));
        }
    }
    for css in &doc.styles {
        found.extend(css_loads(css).into_iter().map(|u| format!("<style> {u}")));
    }
    found
}

/// Checks what every export must be; returns the ids of the document.
fn check_document(html: &str, lang: &str) -> BTreeSet<String> {
    let doc = parse(html);
    let loads = resource_references(&doc);
    assert!(loads.is_empty(), "the export loads files: {loads:?}");
    let html_el = doc
        .elements
        .iter()
        .find(|e| e.name == "html")
        .expect("<html>");
    assert_eq!(html_el.attr("lang"), Some(lang));
    let h1 = doc.elements.iter().filter(|e| e.name == "h1").count();
    assert_eq!(h1, 1, "exactly one h1");
    let mut ids = BTreeSet::new();
    for el in &doc.elements {
        if let Some(id) = el.attr("id") {
            assert!(ids.insert(id.to_string()), "the id `{id}` is given twice");
        }
    }
    for el in &doc.elements {
        if let Some(href) = el.attr("href") {
            if let Some(f) = href.strip_prefix('#') {
                assert!(ids.contains(f), "<{} href=\"{href}\"> finds no id", el.name);
            } else if el.name == "a" {
                let leaves = ["https://", "http://", "mailto:", "tel:", "data:"]
                    .iter()
                    .any(|s| href.starts_with(s));
                assert!(
                    leaves,
                    "<a href=\"{href}\"> is neither in the document nor an address"
                );
            }
        }
        for attr in ["aria-labelledby", "aria-describedby", "headers", "for"] {
            for id in el.attr(attr).unwrap_or_default().split_whitespace() {
                assert!(
                    ids.contains(id),
                    "<{} {attr}=\"{id}\"> finds no id",
                    el.name
                );
            }
        }
    }
    // Headings start at h2 under the title and never skip a level going down.
    let mut last = 1;
    for el in &doc.elements {
        if let Some(level) = el
            .name
            .strip_prefix('h')
            .and_then(|l| l.parse::<usize>().ok())
        {
            assert!(level <= last + 1, "<h{level}> follows <h{last}>");
            last = level;
        }
    }
    ids
}

fn charts(html: &str) -> usize {
    parse(html)
        .elements
        .iter()
        .filter(|e| e.name == "svg" && e.attr("class").is_some_and(|c| c.contains("chart-svg")))
        .count()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_roadmap_is_one_self_contained_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("roadmap.html");
    let html = export_ok(&repo(), &out);
    assert!(html.len() < 1_500_000, "{} bytes", html.len());
    let ids = check_document(&html, "de");
    // Every chapter of the outline and every project, each a section of its own.
    for chapter in [
        "hintergrund",
        "stadtstrategie",
        "masterplan",
        "kategorien",
        "overview",
        "canvas-methode",
        "projekte",
        "timeline",
        "dashboard",
        "externe-unterstuetzung",
        "ausblick",
        "barrierefreiheit",
        "intro",
    ] {
        assert!(ids.contains(chapter), "chapter `{chapter}` missing");
    }
    let projects: Vec<String> = std::fs::read_dir(repo().join("content/projekte"))
        .unwrap()
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".md")
                .map(str::to_string)
        })
        .collect();
    assert_eq!(projects.len(), 15);
    for p in &projects {
        for id in [
            format!("projekte-{p}"),
            format!("projekte-{p}--kpi"),
            format!("projekte-{p}--canvas"),
        ] {
            assert!(ids.contains(&id), "`{id}` missing");
        }
        assert!(
            html.contains(&format!("<a href=\"#projekte-{p}\">")),
            "no contents entry for {p}"
        );
    }
    // Every canvas of the bundled roadmap prints at the full size.
    assert_eq!(html.matches("style=\"--canvas-font: 8.5pt\"").count(), 15);
    // Fifteen Zeithorizont charts and the Zeitstrahl, each with its text alternative.
    assert_eq!(charts(&html), 16);
    assert!(
        ids.contains("timeline--zeitstrahl-desc")
            && ids.contains("projekte-e-akte--zeithorizont-e-akte-title")
    );
    // The title page and the contents.
    for text in [
        "Anlage zur Ratsvorlage",
        "DS-Nr. 21874-21",
        "Stadt Dortmund",
        "1/II CIO",
        "Juli 2021",
        "Inhalt",
    ] {
        assert!(html.contains(text), "{text}");
    }
    // Links between pages lead into the document; links to other sites stay.
    assert!(html.contains("href=\"#stadtstrategie\""));
    assert!(html.contains("href=\"https://www.lbbp.nrw.de/ombudsstelle\""));
    assert!(!html.contains("href=\"/"), "a link into the site remained");
}

#[test]
fn fixtures_export_in_their_language() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, lang, projects) in [("en-roadmap", "en", 3), ("one-project", "de", 1)] {
        let root = repo().join("tests/fixtures").join(name);
        let html = export_ok(&root, &tmp.path().join(format!("{name}.html")));
        let ids = check_document(&html, lang);
        let sections = parse(&html)
            .elements
            .iter()
            .filter(|e| {
                e.attr("class")
                    .is_some_and(|c| c.split(' ').any(|k| k == "export-project"))
            })
            .count();
        assert_eq!(sections, projects, "{name}");
        // The Zeitstrahl, and the Zeithorizont of every project with a schedule (its section's
        // id in the site's language).
        let schedule_id = if lang == "en" {
            "--schedule"
        } else {
            "--zeithorizont"
        };
        let schedules = ids.iter().filter(|id| id.ends_with(schedule_id)).count();
        assert!(schedules >= 1, "{name}");
        // … and the KPI charts of the KPIs with values.
        let kpi_charts = html.matches("class=\"chart-svg chart-kpi\"").count();
        assert_eq!(charts(&html), schedules + 1 + kpi_charts, "{name}");
        for part in ["overview", "timeline", "dashboard"] {
            assert!(ids.contains(part), "{name}: {part}");
        }
    }
    let html = std::fs::read_to_string(tmp.path().join("en-roadmap.html")).unwrap();
    assert!(html.contains(">Contents</h2>") && html.contains("Smart Harbourtown 2030"));
}

#[test]
fn two_exports_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let a = export_ok(&repo(), &tmp.path().join("a.html"));
    let b = export_ok(&repo(), &tmp.path().join("b.html"));
    assert!(a == b, "two exports of the same roadmap differ");
}

#[test]
fn images_are_embedded_and_other_files_named() {
    let site = Site::german();
    // A 1×1 PNG and a PDF beside the pages.
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\x0f\0\0\x01\x01\0\x05\x18\xd8N\0\0\0\0IEND\xaeB`\x82";
    site.write_bytes("assets/plan.png", png);
    site.write_bytes("content/bericht.pdf", b"%PDF-1.4\n");
    site.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\n![Der Plan](/assets/plan.png)\n\nDer [Bericht](bericht.pdf) und [die Ziele](hintergrund.md#ziele) der [E-Akte](projekte/e-akte.md#kpi); zum [Datenschutz](datenschutz.md).\n",
    );
    let out = site.root().join("export/x.html");
    let html = export_ok(site.root(), &out);
    let ids = check_document(&html, "de");
    assert!(
        html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"),
        "image not embedded"
    );
    assert!(html.contains("Bericht <span class=\"export-note\">(Datei bericht.pdf, nicht in dieses Dokument eingebettet)</span>"), "{}", common::between(&html, "ausblick", "</section>"));
    assert!(html.contains("href=\"#hintergrund--ziele\"") && ids.contains("hintergrund--ziele"));
    assert!(html.contains("href=\"#projekte-e-akte--kpi\""));
    assert!(
        html.contains("; zum Datenschutz."),
        "a page outside the document is plain text"
    );
    // With the site's address, the file is a link to it, which shows its address in print.
    let yaml = std::fs::read_to_string(site.root().join("roadmap.yaml")).unwrap();
    site.write(
        "roadmap.yaml",
        &format!("base_url: https://roadmap.example/rm/\n{yaml}"),
    );
    let html = export_ok(site.root(), &out);
    assert!(html.contains("<a href=\"https://roadmap.example/rm/bericht.pdf\">Bericht</a> <span class=\"export-note\">"));
    // Pages outside the document are links to the published site (without its address: text).
    assert!(html.contains("<a href=\"https://roadmap.example/rm/datenschutz/\">Datenschutz</a>"));
}

/// Ids and links written with character references (`id="f&amp;e"` is the id `f&e`) keep
/// leading where they lead on the site: the build and the document read them alike.
#[test]
fn ids_with_character_references_are_reached_in_the_document() {
    let site = Site::german();
    site.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\n[Zu FuE](#f&e) und [zu X](#x&y).\n\n## Forschung {#f&e}\n\n<span id=\"x&amp;y\">X</span>\n\n## Eins\n\n## Zwei\n",
    );
    let out = site.root().join("export/x.html");
    let html = export_ok(site.root(), &out);
    let ids = check_document(&html, "de");
    for id in ["ausblick--f&e", "ausblick--x&y"] {
        assert!(ids.contains(id), "{id}");
    }
    assert!(
        html.contains("href=\"#ausblick--f&amp;e\""),
        "the link keeps its fragment"
    );
    assert!(
        html.contains("href=\"#ausblick--x&amp;y\""),
        "the link keeps its fragment"
    );
}

/// An element the document leaves out (an SVG's `<script>`, a video, with `raw_html: allow`)
/// takes its ids along: a link to one leads to the section it stood in, and the export
/// succeeds (it refused, blaming its own template, when a helper tried it).
#[test]
fn links_into_elements_left_out_lead_to_their_section() {
    let site = Site::german();
    site.allow_raw_html();
    site.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\n<svg width=\"8\" height=\"8\"><script><g id=\"im-skript\"></g></script></svg>\n\n<video src=\"film.mp4\"><span id=\"im-video\">V</span></video>\n\n[Skript](#im-skript), [Video](#im-video), [von dort](ausblick.md#im-skript).\n",
    );
    site.write_bytes("content/film.mp4", b"\0");
    let built = site.build();
    assert_eq!(built.code, 0, "{}", built.stderr);
    let out = site.root().join("export/x.html");
    let html = export_ok(site.root(), &out);
    let ids = check_document(&html, "de");
    assert!(ids.contains("ausblick") && !ids.contains("ausblick--im-skript"));
    for text in ["Skript", "Video", "von dort"] {
        let link = format!("<a href=\"#ausblick\">{text}</a>");
        assert!(html.contains(&link), "{link}");
    }
}

#[test]
fn default_file_and_drafts() {
    let site = Site::german();
    site.write("content/projekte/entwurf.md", "---\ntitle: Geheimer Entwurf\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\ndraft: true\n---\nNoch nicht.\n");
    let r = export(site.root(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = site.root().join("export/roadmap-teststadt-2022-2026.html");
    let html = std::fs::read_to_string(&file).expect("the default file");
    assert!(!html.contains("Geheimer Entwurf"));
    let r = export(site.root(), &["--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Geheimer Entwurf"));
    let left: Vec<_> = std::fs::read_dir(site.root().join("export"))
        .unwrap()
        .collect();
    assert_eq!(left.len(), 1, "a temporary file was left");
}

#[test]
fn output_among_the_sources_is_refused() {
    let site = Site::german();
    for bad in [
        "content/x.html",
        "templates/x.html",
        "roadmap.yaml",
        "export/x.pdf",
    ] {
        let r = export(
            site.root(),
            &["--output", site.root().join(bad).to_str().unwrap()],
        );
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(
            r.stderr.contains("refusing to write the export"),
            "{}",
            r.stderr
        );
    }
    assert!(!site.root().join("content/x.html").exists());
    // A file the export did not write is not replaced.
    site.write("notes.html", "<p>meine Notizen</p>");
    let r = export(
        site.root(),
        &["--output", site.root().join("notes.html").to_str().unwrap()],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join("notes.html")).unwrap(),
        "<p>meine Notizen</p>"
    );
}

#[test]
fn errors_are_those_of_build() {
    let site = Site::german();
    site.write(
        "content/projekte/kaputt.md",
        "---\ntitle: Kaputt: jetzt\nfield: verwaltung\n---\n",
    );
    let built = site.build();
    let r = export(
        site.root(),
        &[
            "--output",
            site.root().join("export/x.html").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, built.code);
    let first = |s: &str| s.lines().next().unwrap_or_default().to_string();
    assert_eq!(first(&r.stderr), first(&built.stderr));
    assert!(!site.root().join("export").exists(), "nothing is written");
}

#[test]
fn theme_overrides_export_html() {
    let site = Site::german();
    site.write(
        "templates/export.html",
        "<!DOCTYPE html><html lang=\"{{ site.lang }}\"><head><title>{{ site.title }}</title></head><body><h1>Eigene Vorlage</h1>\n{% for s in sections %}<section id=\"{{ s.id }}\">{{ s.html | safe }}</section>{% endfor %}</body></html>\n",
    );
    let html = export_ok(site.root(), &site.root().join("export/x.html"));
    assert!(html.contains("<h1>Eigene Vorlage</h1>"));
    check_document(&html, "de");
    // A template that would load a file is refused, naming the template.
    site.write("templates/export.html", "<!DOCTYPE html><html lang=\"de\"><head><title>x</title><link rel=\"stylesheet\" href=\"extra.css\"></head><body><h1>x</h1></body></html>\n");
    let r = export(
        site.root(),
        &[
            "--output",
            site.root().join("export/y.html").to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("templates/export.html") && r.stderr.contains("extra.css"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_full_canvas_is_printed_smaller_to_fit_its_page() {
    let site = Site::german();
    let e_akte = std::fs::read_to_string(site.root().join("content/projekte/e-akte.md")).unwrap();
    let partners: String = (1..=14)
        .map(|i| format!("      - Beteiligte Stelle Nummer {i} mit einer längeren Bezeichnung\n"))
        .collect();
    site.write(
        "content/projekte/e-akte.md",
        &e_akte.replace(
            "    Extern: [Dienstleister]\n",
            &format!("    Extern:\n{partners}"),
        ),
    );
    let html = export_ok(site.root(), &site.root().join("export/x.html"));
    let font = common::between(
        &html,
        "id=\"projekte-e-akte\" style=\"--canvas-font: ",
        "pt\"",
    );
    let font: f64 = font.rsplit(' ').next().unwrap().parse().unwrap();
    assert!((6.0..8.5).contains(&font), "{font}");
    assert!(
        html.contains("id=\"projekte-signatur\">"),
        "a project without canvas gets no size"
    );
}
