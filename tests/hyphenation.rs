//! Soft hyphens at build time (issue 16): long words of narrow places get U+00AD, with the
//! patterns of the site language; URLs, e-mail addresses, code, tags and attributes never do.

mod common;

use common::{between, Site};

const SHY: char = '\u{ad}';

/// The German test site with a project whose canvas holds a long compound beside a URL, a link,
/// code and an e-mail address that contain the same word.
fn site() -> Site {
    let s = Site::german();
    s.write(
        "content/projekte/digitalisierung.md",
        r#"---
title: Verwaltungsdigitalisierung
field: verwaltung
category: A
lead: ["10"]
schedule:
  - {phase: Verwaltungsdigitalisierung, from: 2022-Q1, to: 2022-Q4}
canvas:
  value:
    - "Die Basis ist die Verwaltungsdigitalisierung."
    - "Quelle: https://example.org/verwaltungsdigitalisierung/dokumentenmanagement"
    - "[Dokumentenmanagement](https://example.org/verwaltungsdigitalisierung)"
    - "`Verwaltungsdigitalisierung` als Code"
    - "<verwaltungsdigitalisierung@stadtverwaltung.example>"
---
Text.
"#,
    );
    s.build_ok();
    s
}

#[test]
fn canvas_items_get_soft_hyphens_but_urls_code_and_mail_do_not() {
    let s = site();
    let page = s.read_raw("projekte/digitalisierung/index.html");
    let value = between(&page, "class=\"canvas-block canvas-value\"", "</section>");
    let items: Vec<&str> = value.split("<li>").skip(1).collect();
    assert_eq!(items.len(), 5, "{value}");

    // The compound breaks at its syllables; without the soft hyphens it is the plain word.
    assert!(
        items[0]
            .contains("Ver\u{ad}wal\u{ad}tungs\u{ad}di\u{ad}gi\u{ad}ta\u{ad}li\u{ad}sie\u{ad}rung"),
        "{}",
        items[0]
    );
    assert!(items[0]
        .replace(SHY, "")
        .contains("Verwaltungsdigitalisierung"));

    // A URL written as text, a link's address, code and an e-mail address stay whole.
    for (i, whole) in [
        (
            1,
            "https://example.org/verwaltungsdigitalisierung/dokumentenmanagement",
        ),
        (2, "href=\"https://example.org/verwaltungsdigitalisierung\""),
        (3, "<code>Verwaltungsdigitalisierung</code>"),
        (4, ">verwaltungsdigitalisierung@stadtverwaltung.example<"),
    ] {
        assert!(items[i].contains(whole), "{whole} in {}", items[i]);
    }
    // A link's text gets soft hyphens.
    assert!(items[2].contains(">Doku\u{ad}men"), "{}", items[2]);
}

#[test]
fn soft_hyphens_only_in_text_never_in_tags_titles_or_descriptions() {
    let s = site();
    for rel in [
        "projekte/digitalisierung/index.html",
        "index.html",
        "dashboard/index.html",
        "timeline/index.html",
    ] {
        let page = s.read_raw(rel);
        assert!(page.contains(SHY), "{rel}: no soft hyphen at all");
        let mut rest = page.as_str();
        while let Some(i) = rest.find('<') {
            let end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
            let tag = &rest[i..end];
            assert!(!tag.contains(SHY), "{rel}: soft hyphen inside a tag: {tag}");
            rest = &rest[end..];
        }
        let head = between(&page, "<head>", "</head>");
        assert!(!head.contains(SHY), "{rel}: soft hyphen in <head>");
        // Soft hyphens are not text: the page reads the same without them.
        assert!(s.read(rel).contains("Verwaltungsdigitalisierung"), "{rel}");
    }
    // The SVG charts draw their own lines of text and get none.
    assert!(!s
        .read_raw("projekte/digitalisierung/zeithorizont.svg")
        .contains(SHY));
}

#[test]
fn the_site_language_chooses_the_patterns() {
    use roadmap::config::Language;
    use roadmap::hyphenate::text;
    let word = "Administration";
    let (de, en) = (text(word, Language::De), text(word, Language::En));
    assert!(
        de.contains(SHY) && en.contains(SHY) && de != en,
        "{de:?} {en:?}"
    );
    for (lang, expected) in [("de", &de), ("en", &en)] {
        let s = Site::german();
        let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
        s.write("roadmap.yaml", &format!("language: {lang}\n{config}"));
        s.write(
            "content/projekte/admin.md",
            &format!("---\ntitle: {word}\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n---\n"),
        );
        s.build_ok();
        let card = between(
            &s.read_raw("projekte/index.html"),
            "/projekte/admin/",
            "</a>",
        )
        .to_string();
        assert!(card.contains(expected.as_str()), "{lang}: {card}");
    }
}

#[test]
fn markdown_tables_get_soft_hyphens_and_scroll_in_a_region_of_their_own() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\nDie Verwaltungsdigitalisierung im Text.\n\n| Maßnahme | Betrag |\n|---|--:|\n| Verwaltungsdigitalisierung | 1.500.000 € |\n",
    );
    s.build_ok();
    let page = s.read_raw("ausblick/index.html");
    assert!(
        page.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabelle\"><table>"),
        "{page}"
    );
    let table = between(&page, "<table>", "</table>");
    assert!(table.contains("Ver\u{ad}wal\u{ad}tungs"), "{table}");
    assert!(between(&page, "</table>", "</article>").starts_with("</table></div>"));
    // The paragraphs of a body are as wide as the page: no soft hyphens there.
    assert!(page.contains("<p>Die Verwaltungsdigitalisierung im Text.</p>"));
}
