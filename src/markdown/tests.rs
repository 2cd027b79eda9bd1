//! Unit tests of the Markdown stage.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::config::RawHtml;

fn inline(text: &str) -> String {
    let (paths, assets, renamed) = (BTreeMap::new(), BTreeSet::new(), BTreeMap::new());
    let ctx = LinkContext {
        paths: &paths,
        assets: &assets,
        base_path: "/",
        raw_html: RawHtml::Sanitize,
        renamed: &renamed,
        task_labels: ["", ""],
        section_ids: &[],
    };
    let at = TextAt {
        origin: Origin {
            rel: "a.md",
            page: "a/",
            frontmatter: true,
            from_config: false,
        },
        file: Path::new("a.md"),
        yaml: super::Yaml::Plain(""),
        first_line: 2,
    };
    Inline::new(&ctx).render(text, &at)
}

/// Asserts that `html` holds every one of `parts`.
fn has_all(html: &str, parts: &[&str]) {
    for part in parts {
        assert!(html.contains(part), "{part} in {html}");
    }
}

fn body(md: &str) -> Rendered {
    body_as(md, Body::Page)
}

fn body_as(md: &str, kind: Body) -> Rendered {
    render_alone(md, "a.md", kind)
}

#[test]
fn gender_star_is_text() {
    let h = body("Bürger*innen und Nutzer*innen").html;
    assert!(h.contains("Bürger*innen und Nutzer*innen"), "{h}");
    assert!(!h.contains("<em>"));
    assert_eq!(
        inline("Kund*innen und Benutzer*innen"),
        "Kund*innen und Benutzer*innen"
    );
    assert!(body("*betont*").html.contains("<em>betont</em>"));
    assert!(body("`a*b*c`").html.contains("<code>a*b*c</code>"));
}

#[test]
fn headings_get_ids() {
    let h = body(
        "## Ziele und Maßnahmen\n\n## Ziele und Maßnahmen\n\n### X {#eigen}\n\nZwei\nZeilen\n---",
    )
    .html;
    assert!(h.contains("id=\"zwei-zeilen\""), "{h}");
    assert!(h.contains("id=\"ziele-und-maßnahmen\""), "{h}");
    assert!(h.contains("id=\"ziele-und-maßnahmen-1\""), "{h}");
    assert!(h.contains("id=\"eigen\""), "{h}");
}

#[test]
fn an_escaped_brace_at_a_headings_end_is_text_not_an_id() {
    let md = "## Preis \\{netto}\n\n## Zwei \\\\{#zwei}\n\nDrei \\{#d}\n---\n\n\
              ## Vier {#vier}\n\n```\n## \\{#code}\n```\n\n## Fünf `a\\{#b}`";
    let h = body_as(md, Body::Page).html;
    has_all(
        &h,
        &[
            "<h2 id=\"preis-netto\">Preis {netto}</h2>",
            // An escaped backslash: the braces are an attribute block again.
            "<h2 id=\"zwei\">Zwei \\</h2>",
            "<h2 id=\"drei-d\">Drei {#d}</h2>",
            "<h2 id=\"vier\">Vier</h2>",
            "<code>## \\{#code}\n</code>",
            "<code>a\\{#b}</code></h2>",
        ],
    );
}

#[test]
fn headings_shift_under_the_page_title() {
    // A body of `##` sections: `##` is the page's first level below its own headings.
    let md = "## Zwei\n\n### Drei";
    let h = body_as(md, Body::Project).html;
    has_all(&h, &["<h3 id=\"zwei\">", "<h4 id=\"drei\">"]);
    let h = body_as(md, Body::Page).html;
    has_all(&h, &["<h2 id=\"zwei\">", "<h3 id=\"drei\">"]);
    // A body that uses `#` keeps `#` and `##` apart: everything moves one level down.
    let md = "# Eins\n\n## Zwei\n\n### Drei\n\n###### Sechs";
    let h = body_as(md, Body::Project).html;
    has_all(
        &h,
        &[
            "<h3 id=\"eins\">",
            "<h4 id=\"zwei\">",
            "<h5 id=\"drei\">",
            "<h6 id=\"sechs\">",
        ],
    );
    let r = body_as(md, Body::Page);
    has_all(
        &r.html,
        &["<h2 id=\"eins\">", "<h3 id=\"zwei\">", "<h4 id=\"drei\">"],
    );
    // The page's table of contents lists the first level.
    assert_eq!(r.toc, [("eins".to_string(), "Eins".to_string())]);
}

#[test]
fn scripts_are_removed() {
    let h = body("<script>alert(1)</script>\n\n<iframe src=\"https://x\"></iframe>\n\n<p onclick=\"x()\">p</p>").html;
    assert!(
        !h.contains("<script") && !h.contains("<iframe") && !h.contains("onclick"),
        "{h}"
    );
    assert!(!inline("<b onclick=x>t</b>").contains("<b"));
}

#[test]
fn paths_of_a_computer_are_errors_that_say_what_to_write() {
    for (md, said, help) in [
        ("[Plan](C:\\Daten\\plan.pdf)", "drive C:", "(`plan.pdf`)"),
        ("[Plan](d:/daten/plan.pdf)", "drive D:", "(`plan.pdf`)"),
        (
            "[Share](\\\\\\\\server\\share\\a.docx)",
            "network share",
            "(`a.docx`)",
        ),
        (
            "[Server](http:\\host/pfad?q=a\\b)",
            "`\\`",
            "`http://host/pfad?q=a\\b`",
        ),
        (
            "<a href=\"https:\\\\host\\x\">roh</a>",
            "`\\`",
            "`https://host/x`",
        ),
        ("![Bild](bilder\\plan.png)", "`\\`", "`bilder/plan.png`"),
    ] {
        let r = body(md);
        let [e] = &r.found.errors[..] else {
            panic!("one error for {md}: {:?}", r.found.errors);
        };
        let text = e.to_string();
        assert!(text.contains(said) && text.contains(help), "{md}: {text}");
    }
    // A backslash in a query or fragment is part of the address.
    let r = body("[Suche](https://example.org/s?q=a\\b#x\\y)");
    assert!(r.found.errors.is_empty(), "{:?}", r.found.errors);
}

#[test]
fn email_autolinks_are_not_files() {
    let r = body("Schreiben Sie an <digital@example.org>.");
    assert!(r.found.errors.is_empty(), "{:?}", r.found.errors);
    assert!(
        r.html.contains("href=\"mailto:digital@example.org\""),
        "{}",
        r.html
    );
}

#[test]
fn headings_leave_the_templates_ids_alone() {
    let h = body("## Main\n\n## TOC heading\n\n## Budget").html;
    assert!(
        h.contains("id=\"main-1\"")
            && h.contains("id=\"toc-heading-1\"")
            && h.contains("id=\"budget\""),
        "{h}"
    );
}

#[test]
fn broken_link_has_line() {
    let r = body("text\n\n[x](fehlt.md)");
    assert_eq!(r.found.errors.len(), 1);
    assert!(
        r.found.errors[0].to_string().contains("a.md:5"),
        "{}",
        r.found.errors[0]
    );
}

#[test]
fn a_content_path_is_written_as_a_link_from_another_file_writes_it() {
    use super::links::{relative_to, resolve_rel};
    for (from, target, written) in [
        ("projekte/u2.md", "projekte/beispiel.md", "beispiel.md"),
        ("projekte/u2.md", "hintergrund.md", "../hintergrund.md"),
        ("hintergrund.md", "projekte/e-akte.md", "projekte/e-akte.md"),
        ("a/b/c.md", "a/d/e.md", "../d/e.md"),
        ("a.md", "b.md", "b.md"),
    ] {
        assert_eq!(relative_to(from, target), written, "{from} -> {target}");
        assert_eq!(resolve_rel(from, written).as_deref(), Some(target));
    }
}

#[test]
fn a_heading_id_is_the_same_however_its_letters_are_composed() {
    // `Ü` as one character (NFC) and as `U` with a combining diaeresis (NFD, macOS file names).
    assert_eq!(super::slug_id("Übersicht"), "übersicht");
    assert_eq!(super::slug_id("U\u{308}bersicht"), "übersicht");
}

#[test]
fn frontmatter_paragraphs_run_into_one_line_and_start_no_block() {
    assert_eq!(
        inline("Erster Absatz.\n\nZweiter"),
        "Erster Absatz. Zweiter"
    );
    // What would start a heading, a list or a quotation is text: the `<span>` or cell that
    // shows a KPI's label holds no block.
    assert_eq!(inline("## Risiko\nText"), "## Risiko\nText");
    assert_eq!(inline("1. Bauabschnitt"), "1. Bauabschnitt");
    assert_eq!(inline("> 95 % *verfügbar*"), "&gt; 95 % <em>verfügbar</em>");
    assert_eq!(inline("- eins\n- zwei"), "- eins\n- zwei");
    assert_eq!(inline("Ein Absatz"), "Ein Absatz");
}
