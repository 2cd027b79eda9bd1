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
    let h = body("## Ziele und Maßnahmen\n\n## Ziele und Maßnahmen\n\n### X {#eigen}").html;
    assert!(h.contains("id=\"ziele-und-maßnahmen\""), "{h}");
    assert!(h.contains("id=\"ziele-und-maßnahmen-1\""), "{h}");
    assert!(h.contains("id=\"eigen\""), "{h}");
}

#[test]
fn headings_shift_under_the_page_title() {
    let md = "# Eins\n\n## Zwei\n\n### Drei";
    let h = body_as(md, Body::Project).html;
    assert!(
        h.contains("<h3 id=\"eins\">")
            && h.contains("<h3 id=\"zwei\">")
            && h.contains("<h4 id=\"drei\">"),
        "{h}"
    );
    let h = body_as(md, Body::Page).html;
    assert!(
        h.contains("<h2 id=\"eins\">") && h.contains("<h3 id=\"drei\">"),
        "{h}"
    );
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
fn frontmatter_blocks_run_into_one_line_with_a_space_between() {
    assert_eq!(
        inline("Erster Absatz.\n\nZweiter"),
        "Erster Absatz. Zweiter"
    );
    assert_eq!(inline("## Risiko\nText"), "Risiko Text");
    assert_eq!(inline("Ein Absatz"), "Ein Absatz");
}
