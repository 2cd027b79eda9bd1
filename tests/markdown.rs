//! Classes of faults in Markdown found by replaying public bug reports (issue 8, classes 4 to
//! 8): each test builds fixture sites with the real binary and checks the HTML it writes or the
//! errors it reports, with several inputs per class.

mod common;

use common::{between, duplicate_ids, Site};

/// Builds and fails the test with the messages if the build does not fail; returns them.
fn build_fails(s: &Site) -> String {
    let r = s.build();
    assert_eq!(r.code, 1, "expected exit 1, got {}:\n{}", r.code, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.stderr
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}")
}

/// The German site with roadmap.yaml's `raw_html` set to `raw`.
fn german_raw(raw: &str) -> Site {
    let s = Site::german();
    s.write(
        "roadmap.yaml",
        &format!("{}markdown:\n  raw_html: {raw}\n", common::CONFIG),
    );
    s
}

/// The Ausblick page of the German site with `raw_html: raw`, its body `body`, as built.
fn ausblick_with(raw: &str, body: &str) -> String {
    let s = german_raw(raw);
    s.write("content/ausblick.md", &page("Ausblick", body));
    s.build_ok();
    s.read("ausblick/index.html")
}

/// A project file of the German site with extra frontmatter and a body.
fn project(extra: &str, body: &str) -> String {
    format!("---\ntitle: Neu\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n{extra}---\n{body}")
}

// ---------------------------------------------------------------- class 4: unique ids

#[test]
fn every_id_is_unique_and_every_link_to_it_arrives() {
    let s = Site::german();
    s.write(
        "content/hintergrund.md",
        &page(
            "Hintergrund",
            "<p id=\"main\">Absatz</p>\n\nMit Fußnote[^main] und [zum Absatz](#main).\n\n## Main\n\n## Ziele {#ziele}\n\n[^main]: Die Fußnote.\n",
        ),
    );
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "Siehe [den Absatz](hintergrund.md#main) und [die Ziele](hintergrund.md#ziele).\n",
        ),
    );
    s.write(
        "content/projekte/neu.md",
        &project("", "<div id=\"kpi\">Eigene Box</div>\n\n## Budget\n\nZur [Box](#kpi), Fußnote[^kpi].\n\n[^kpi]: Text.\n"),
    );
    s.build_ok();
    assert_eq!(duplicate_ids(&s.out()), vec![], "duplicate ids");
    let h = s.read("hintergrund/index.html");
    assert!(h.contains("class=\"skip-link\" href=\"#main\"") && h.contains("<main id=\"main\""));
    assert!(h.contains("<p id=\"main-1\">Absatz</p>"), "{h}");
    assert!(
        h.contains("href=\"#main-1\">zum Absatz"),
        "body link follows the rename"
    );
    assert!(
        h.contains("<a href=\"#fn-main\">1</a>") && h.contains("id=\"fn-main\""),
        "{h}"
    );
    assert!(h.contains("<h2 id=\"main-2\">Main</h2>"), "{h}");
    let a = s.read("ausblick/index.html");
    assert!(
        a.contains("href=\"/hintergrund/#main-1\""),
        "cross-page link follows: {a}"
    );
    assert!(a.contains("href=\"/hintergrund/#ziele\""));
    let p = s.read("projekte/neu/index.html");
    assert!(
        p.contains("<div id=\"kpi-1\">Eigene Box</div>") && p.contains("href=\"#kpi-1\">Box"),
        "{p}"
    );
    assert!(p.contains("class=\"kpi-box\" id=\"kpi\"") || !p.contains("kpi-box"));
    assert!(
        p.contains("id=\"budget-1\"") && p.contains("id=\"fn-kpi\""),
        "{p}"
    );
}

#[test]
fn ids_of_a_sites_own_template_are_left_to_it() {
    // With `search: false` every page is written into its file as it renders (none goes to a
    // search index), and a page whose body meets its template's ids is written again.
    for search in ["", "search: false"] {
        ids_of_a_sites_own_template_are_left_to_it_with(search);
    }
}

fn ids_of_a_sites_own_template_are_left_to_it_with(config_line: &str) {
    let s = Site::german();
    let config = s.root().join("roadmap.yaml");
    let text = std::fs::read_to_string(&config).expect("roadmap.yaml");
    std::fs::write(&config, format!("{text}\n{config_line}\n")).expect("roadmap.yaml");
    s.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 id=\"kopf\">{{ page.title }}</h1><aside id=\"hinweis\">Hinweis</aside>{{ page.body_html | safe }}<a href=\"#hinweis\">Hinweis</a>{% endblock content %}",
    );
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "## Kopf\n\n<p id=\"hinweis\">Eigener Hinweis</p>\n\n[Zum eigenen](#hinweis)\n",
        ),
    );
    s.build_ok();
    assert_eq!(duplicate_ids(&s.out()), vec![], "duplicate ids");
    let a = s.read("ausblick/index.html");
    assert!(a.contains("<aside id=\"hinweis\">") && a.contains("<a href=\"#hinweis\">Hinweis</a>"));
    assert!(
        a.contains("<p id=\"hinweis-1\">") && a.contains("href=\"#hinweis-1\">Zum eigenen"),
        "{a}"
    );
    assert!(a.contains("<h2 id=\"kopf-1\">Kopf</h2>"), "{a}");
}

// ---------------------------------------------------------------- class 5: links

#[test]
fn links_are_percent_decoded_and_queries_are_no_file_names() {
    let s = Site::german();
    s.write("content/Bericht 2021.pdf", "%PDF");
    s.write("content/berichte/Übersicht Ämter.pdf", "%PDF");
    s.write("content/bericht.pdf", "%PDF");
    s.write(
        "content/hintergrund.md",
        &page(
            "Hintergrund",
            "[Bericht](Bericht%202021.pdf), [Ämter](berichte/%C3%9Cbersicht%20%C3%84mter.pdf), [Spitze](<Bericht 2021.pdf>)\n\n[M](#ma%C3%9Fnahmen), [Download](bericht.pdf?download=1), [neu](?sort=datum), [Ziele](ausblick.md?x=1#weiter)\n\n## Maßnahmen\n\n## Ziele {#ziele}\n",
        ),
    );
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "## Weiter\n\n[Maß](hintergrund.md#ma%C3%9Fnahmen)\n",
        ),
    );
    s.build_ok();
    let h = s.read("hintergrund/index.html");
    for href in [
        "href=\"/Bericht%202021.pdf\">Bericht",
        "href=\"/berichte/%C3%9Cbersicht%20%C3%84mter.pdf\"",
        "href=\"/Bericht%202021.pdf\">Spitze",
        "href=\"#ma%C3%9Fnahmen\"",
        "href=\"/bericht.pdf?download=1\"",
        "href=\"?sort=datum\"",
        "href=\"/ausblick/?x=1#weiter\"",
    ] {
        assert!(
            h.contains(href),
            "{href} in {}",
            between(&h, "<main", "</main>")
        );
    }
    assert!(s.out().join("Bericht 2021.pdf").exists());
    s.write(
        "content/ausblick.md",
        &page("Ausblick", "x\n\n[Maß](hintergrund.md#ma%C3%9Fnahme)\n"),
    );
    let e = build_fails(&s);
    assert!(
        e.contains("ausblick.md:6") && e.contains("no anchor `#maßnahme`"),
        "{e}"
    );
    assert!(e.contains("did you mean `#maßnahmen`?"), "{e}");
}

#[test]
fn frontmatter_links_resolve_like_body_links() {
    let s = Site::german();
    let cfg = common::CONFIG.replace(
        "    title: Kultur, Organisation & Strategie\n",
        "    title: Kultur, Organisation & Strategie\n    description: Siehe [Ausblick](ausblick.md#weiter).\n",
    );
    s.write("roadmap.yaml", &cfg);
    s.write("content/ausblick.md", &page("Ausblick", "## Weiter\n"));
    s.write(
        "content/projekte/neu.md",
        &project(
            "kpis:\n  - \"Anteil laut [Bericht](../hintergrund.md#ziele)\"\ncanvas:\n  value: [\"[Akte](e-akte.md)\", \"[Box](#kpi)\"]\nstatus:\n  phase: Umsetzung\n  results: [\"[Ausblick](/ausblick/)\"]\n",
            "Text.\n",
        ),
    );
    s.build_ok();
    let p = s.read("projekte/neu/index.html");
    for href in [
        "href=\"/hintergrund/#ziele\">Bericht",
        "href=\"/projekte/e-akte/\">Akte",
        "href=\"/projekte/neu/#kpi\">Box",
        "href=\"/ausblick/\">Ausblick",
    ] {
        assert!(p.contains(href), "{href}");
    }
    assert!(!p.contains("href=\"#\""));
    let d = s.read("dashboard/index.html");
    assert!(
        d.contains("href=\"/ausblick/\">Ausblick"),
        "status results on the dashboard"
    );
    assert!(s
        .read("categories/a/index.html")
        .contains("href=\"/ausblick/#weiter\">Ausblick"));
    // The accessibility statement's texts, from roadmap.yaml, relative to content/.
    let statement = "accessibility:\n  status: partial\n  non_accessible:\n    - content: \"[PDF-Anlagen](Bericht%202021.pdf)\"\n      reason: \"Siehe [Ausblick](ausblick.md#weiter)\"\n  alternatives: \"[Kontakt](#feedback)\"\n  contact: {email: a@example.org}\n  enforcement: {name: Stelle, url: 'https://example.org/o'}\n  assessed: 2026-01-15\n";
    s.write("content/Bericht 2021.pdf", "%PDF");
    s.write("roadmap.yaml", &format!("{cfg}{statement}"));
    s.build_ok();
    let b = s.read("barrierefreiheit/index.html");
    for href in [
        "href=\"/Bericht%202021.pdf\">PDF-Anlagen",
        "href=\"/ausblick/#weiter\">Ausblick",
        "href=\"/barrierefreiheit/#feedback\">Kontakt",
    ] {
        assert!(b.contains(href), "{href} in {b}");
    }
    let broken = statement.replace("#feedback", "#rueckmeldung");
    s.write("roadmap.yaml", &format!("{cfg}{broken}"));
    let e = build_fails(&s);
    assert!(
        e.contains("roadmap.yaml:") && e.contains("no anchor `#rueckmeldung`"),
        "{e}"
    );
    s.write("roadmap.yaml", &cfg);
    // Misspelt targets are errors with file and line, from frontmatter and roadmap.yaml alike.
    // A suggestion is written as the link was: from the linking file's folder, from the site's
    // root, or from content/ (roadmap.yaml); never the linking file itself.
    s.write(
        "content/projekte/neu.md",
        &project(
            "canvas:\n  value:\n    - \"[Akte](e-akt.md)\"\n",
            "[H](../hintergrun.md) [A](/projekte/e-akt.md) [N](neux.md)\n",
        ),
    );
    s.write(
        "roadmap.yaml",
        &cfg.replace("ausblick.md#weiter", "ausblik.md"),
    );
    let e = build_fails(&s);
    assert!(
        e.contains("projekte/neu.md:8:") && e.contains("did you mean `e-akte.md`?"),
        "{e}"
    );
    assert!(e.contains("did you mean `../hintergrund.md`?"), "{e}");
    assert!(e.contains("did you mean `/projekte/e-akte.md`?"), "{e}");
    assert!(!e.contains("did you mean `neu.md`?"), "{e}");
    assert!(e.contains("content/projekte/neux.md"), "{e}");
    assert!(
        e.contains("roadmap.yaml:") && e.contains("content/ausblik.md"),
        "{e}"
    );
    assert!(e.contains("5 errors"), "{e}");
}

#[test]
fn root_absolute_and_raw_html_links_are_checked_against_the_built_site() {
    let s = Site::german();
    s.write("assets/plan.png", "png");
    s.write("content/karte.png", "png");
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "![Plan](/assets/plan.png) [Akte](/projekte/e-akte/#kpi) [Zeit](/timeline) [Start](/)\n\n<a href=\"hintergrund.md#ziele\">Ziele</a> <img src=\"karte.png\" alt=\"Karte\">\n\n[Tabelle](/timeline/#zeitstrahl-tabelle)\n",
        ),
    );
    let r = s.build_with(&["--base-url", "https://example.org/sub/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a = s.read("ausblick/index.html");
    for href in [
        "src=\"/sub/assets/plan.png\"",
        "href=\"/sub/projekte/e-akte/#kpi\"",
        "href=\"/sub/timeline\"",
        "href=\"/sub/\">Start",
        "href=\"/sub/hintergrund/#ziele\"",
        "src=\"/sub/karte.png\"",
    ] {
        assert!(a.contains(href), "{href} in {a}");
    }
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "[Alt](/projekte/gibt-es-nicht/)\n\n![Plan](/assets/plaan.png)\n\n<img src=\"fehlt.png\">\n\n[Akte](/projekte/e-akte/#kpx)\n\n[Tabelle](/timeline/#zeitstrahl-tabele)\n\n[Start](/#gibt-es-nicht)\n\n<div>\n<p>Text</p>\n<a href=\"fehlt2.png\">x</a>\n</div>\n\n[Akte](/projekte/e-akt/)\n",
        ),
    );
    let e = build_fails(&s);
    for m in [
        "ausblick.md:4:7: broken link: `/projekte/gibt-es-nicht/`",
        "ausblick.md:6:9: broken link: `/assets/plaan.png`",
        "did you mean `/assets/plan.png`?",
        "ausblick.md:8:11: broken link: `fehlt.png`",
        "ausblick.md:10:8: broken link: the page projekte/e-akte/ has no anchor `#kpx`",
        // The timeline page is written while it renders; its ids are read on the way.
        "ausblick.md:12:11: broken link: the page timeline/ has no anchor `#zeitstrahl-tabele`",
        "did you mean `#zeitstrahl-tabelle`?",
        // The home page is named by its path.
        "ausblick.md:14:9: broken link: the page / has no anchor `#gibt-es-nicht`",
        // A link inside an HTML block is placed on its own line, not the block's first.
        "ausblick.md:18:10: broken link: `fehlt2.png`",
        // A page's address is suggested as it is linked, by its folder.
        "ausblick.md:21:8: broken link: `/projekte/e-akt/`",
        "did you mean `/projekte/e-akte/`?",
    ] {
        assert!(e.contains(m), "{m} in {e}");
    }
    // A file's faults come top to bottom (by line, not as text: 4 before 10), each with the
    // column of its address.
    let at: Vec<usize> = [4, 6, 8, 10, 12, 14, 18]
        .iter()
        .map(|l| e.find(&format!("ausblick.md:{l}:")).expect("line"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{e}");
}

#[test]
fn ids_and_links_written_with_character_references_are_read_as_a_browser_reads_them() {
    // `id="f&amp;e"` is the id `f&e`: links to `#f&e` arrive, and a body's id that a browser
    // reads as one of the template's (`m&#97;in` is `main`) is renamed like any other.
    let s = Site::german();
    s.allow_raw_html();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "## Forschung & Entwicklung {#f&e}\n\n<p id=\"m&#97;in\">Absatz</p>\n\n<span id=\"x&amp;y\">X</span> [X](#x&y) [FuE](#f&e) [Absatz](#main)\n",
        ),
    );
    s.write(
        "content/hintergrund.md",
        &page(
            "Hintergrund",
            "[FuE](ausblick.md#f&e) [Q](ausblick.md?a=1&b=2)\n",
        ),
    );
    s.build_ok();
    let a = s.read("ausblick/index.html");
    assert!(a.contains("id=\"f&amp;e\""), "{a}");
    assert!(a.contains("href=\"#f&amp;e\""), "{a}");
    assert!(a.contains("href=\"#x&amp;y\""), "{a}");
    assert!(!a.contains("id=\"m&#97;in\""), "renamed: {a}");
    assert!(
        duplicate_ids(&s.out()).is_empty(),
        "{:?}",
        duplicate_ids(&s.out())
    );
    let h = s.read("hintergrund/index.html");
    assert!(h.contains("href=\"/ausblick/#f&amp;e\""), "{h}");
    assert!(h.contains("href=\"/ausblick/?a=1&amp;b=2\""), "{h}");
    s.write(
        "content/hintergrund.md",
        &page("Hintergrund", "[FuE](ausblick.md#f&amp;x)\n"),
    );
    let e = build_fails(&s);
    assert!(e.contains("no anchor `#f&x`"), "{e}");
    assert!(e.contains("did you mean `#f&e`?"), "{e}");
}

#[test]
fn anchors_are_element_ids_not_text() {
    for body in [
        "Schreiben Sie `<a id=\"kontakt\">` für [Kontakt](#kontakt).\n",
        "```html\n<h2 id=\"kontakt\">Kontakt</h2>\n```\n\n[Kontakt](#kontakt)\n",
        "Das Attribut id=\"kontakt\" zeigt [Kontakt](#kontakt).\n",
    ] {
        let s = Site::german();
        s.write("content/ausblick.md", &page("Ausblick", body));
        let e = build_fails(&s);
        assert!(
            e.contains("ausblick.md:") && e.contains("no anchor `#kontakt`"),
            "{e}"
        );
    }
}

// ---------------------------------------------------------------- class 6: the gender star

#[test]
fn the_gender_star_pass_leaves_everything_but_prose_alone() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "Für Bürger*innen: <https://x.org/a*b> und [Nutzer*innen](https://x.org/nutzer*innen \"Kund*innen\").\n\n## Kund*innen {#kund*innen}\n\nFußnote[^x*y], `c*d`, <span title=\"e*f\">Ärzt*innen</span>, [Ref][r*s].\n\n[^x*y]: Fu*ßnote.\n\n[r*s]: https://x.org/r*s\n\n[Anker](#kund*innen)\n",
        ),
    );
    s.write(
        "content/projekte/neu.md",
        &project("canvas:\n  value: [\"<https://x.org/c*d> für Mitarbeiter*innen\", \"[Seite](https://x.org/e*f)\"]\n", "Text.\n"),
    );
    s.build_ok();
    let a = s.read("ausblick/index.html");
    for want in [
        "Für Bürger*innen:",
        "href=\"https://x.org/a*b\">https://x.org/a*b</a>",
        "href=\"https://x.org/nutzer*innen\" title=\"Kund*innen\">Nutzer*innen</a>",
        "<h2 id=\"kund*innen\">Kund*innen</h2>",
        "href=\"#fn-xy\"",
        "<code>c*d</code>",
        "title=\"e*f\">Ärzt*innen</span>",
        "href=\"https://x.org/r*s\">Ref</a>",
        "Fu*ßnote",
        "href=\"#kund*innen\">Anker",
    ] {
        assert!(
            a.contains(want),
            "{want} in {}",
            between(&a, "<main", "</main>")
        );
    }
    assert!(
        !a.contains('\\') && !a.contains("%5C"),
        "no backslash anywhere"
    );
    let p = s.read("projekte/neu/index.html");
    assert!(p.contains("href=\"https://x.org/c*d\">https://x.org/c*d</a> für Mitarbeiter*innen"));
    assert!(p.contains("href=\"https://x.org/e*f\">Seite</a>"));
}

// ---------------------------------------------------------------- class 7: raw-text elements

#[test]
fn raw_text_tags_in_prose_never_swallow_the_rest() {
    for (tag, body) in [
        ("textarea", "Das Feld <textarea> ist Pflicht."),
        ("title", "Der <title> der Seite"),
        ("script", "<script>\n"),
        ("style", "- Ein <style> hier"),
        (
            "plaintext",
            "Nie <plaintext> verwenden, auch nicht </plaintext>.",
        ),
        ("xmp", "> <xmp>\n> zitiert"),
        ("noscript", "<div>\n<noscript>\n</div>"),
    ] {
        for raw in ["sanitize", "allow"] {
            let a = ausblick_with(
                raw,
                &format!("{body}\n\n## Eins\n\nMehr Text.\n\n## Zwei\n\n## Drei\n"),
            );
            assert!(
                a.contains(&format!("&lt;{tag}&gt;")),
                "{tag} ({raw}) shown as text: {a}"
            );
            for id in ["eins", "zwei", "drei"] {
                assert!(
                    a.contains(&format!("<h2 id=\"{id}\">")),
                    "{tag} ({raw}) keeps #{id}: {a}"
                );
                assert!(a.contains(&format!("href=\"#{id}\"")), "toc links #{id}");
            }
            assert!(
                a.contains("<p>Mehr Text.</p>") && !a.contains("&lt;/p&gt;"),
                "{a}"
            );
        }
    }
}

#[test]
fn closed_raw_text_elements_are_sanitized_or_kept() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page("Ausblick", "Vor <script>alert(1)</script> nach.\n\n<iframe src=\"https://x.org\">Ersatz</iframe>\n\n## Weiter\n"),
    );
    s.build_ok();
    let a = s.read("ausblick/index.html");
    assert!(
        a.contains("Vor  nach.") && !a.contains("alert") && !a.contains("Ersatz"),
        "{a}"
    );
    assert!(a.contains("<h2 id=\"weiter\">"));
    s.allow_raw_html();
    s.write(
        "content/ausblick.md",
        &page("Ausblick", "<iframe src=\"https://x.org/karte\" title=\"Karte\"></iframe>\n\n<style>\n.x { color: red }\n</style>\n\n## Weiter\n"),
    );
    s.build_ok();
    let a = s.read("ausblick/index.html");
    assert!(
        a.contains("<iframe src=\"https://x.org/karte\" title=\"Karte\"></iframe>"),
        "{a}"
    );
    assert!(a.contains("<style>\n.x { color: red }\n</style>") && a.contains("<h2 id=\"weiter\">"));
}

// ---------------------------------------------------------------- class 8: the sanitizer

#[test]
fn the_sanitizer_keeps_harmless_markup_and_link_schemes() {
    let s = Site::german();
    let keep = [
        "<details open=\"\"><summary>Mehr</summary>Text</details>",
        "<ol type=\"a\" reversed=\"\" start=\"3\"><li value=\"5\">Fünf</li></ol>",
        "<time datetime=\"2024-05-01\">1. Mai</time>",
        "<p dir=\"rtl\" lang=\"ar\">نص</p>",
        "<span role=\"note\" aria-label=\"Hinweis\">i</span>",
        "<address>Rathaus</address>",
        "<dl><dt>A</dt><dd>B</dd></dl>",
        "<kbd>Strg</kbd><samp>OK</samp><var>x</var>",
        "<q cite=\"https://x.org\">Zitat</q><cite>Werk</cite><small>klein</small>",
        "<sub>2</sub><sup>3</sup><ins>neu</ins><del>alt</del>",
        "<abbr title=\"Onlinezugangsgesetz\">OZG</abbr>",
        "<table><caption>Tabelle</caption><tbody><tr><td colspan=\"2\" rowspan=\"1\">z</td></tr></tbody></table>",
        "<figure><figcaption>Bild</figcaption></figure>",
        "<a href=\"ftp://x.org/f\">ftp</a><a href=\"irc://x.org/c\">irc</a><a href=\"ircs://x.org/c\">ircs</a>",
        "<a href=\"sms:+49231\">sms</a><a href=\"geo:51.5,7.4\">geo</a><a href=\"tel:+49231\">tel</a>",
        "<a href=\"mailto:a@x.org\">mail</a><a href=\"xmpp:a@x.org\">xmpp</a><a href=\"webcal://x.org/k.ics\">cal</a>",
    ];
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            &keep.map(|k| format!("<div>{k}</div>\n\n")).concat(),
        ),
    );
    s.build_ok();
    let a = s.read("ausblick/index.html");
    for k in keep {
        assert!(
            a.contains(k),
            "{k} lost in {}",
            between(&a, "<main", "</main>")
        );
    }
    s.write(
        "content/ausblick.md",
        &page("Ausblick", "<div style=\"color:red\" onclick=\"x()\">A</div>\n\n<a href=\"javascript:x()\">j</a> <a href=\"vbscript:x\">v</a> <img src=\"data:image/png;base64,AA\" alt=\"d\">\n\n<object data=\"x.swf\">o</object><embed src=\"x.swf\"><form><input type=\"text\"></form><frameset></frameset>\n\n<style>p{}</style>\n"),
    );
    s.build_ok();
    let body = between(&s.read("ausblick/index.html"), "<main", "</main>").to_string();
    for gone in [
        "style=",
        "onclick",
        "javascript:",
        "vbscript:",
        "data:",
        "<object",
        "<embed",
        "<form",
        "type=\"text\"",
        "<frameset",
        "<style",
    ] {
        assert!(!body.contains(gone), "{gone} in {body}");
    }
}

#[test]
fn fixture_sites_have_every_id_once() {
    for name in ["en-roadmap", "english-subpath", "long-range", "one-project"] {
        let s = Site::fixture(name);
        s.build_ok();
        assert_eq!(duplicate_ids(&s.out()), vec![], "{name}");
    }
}

#[test]
fn a_link_written_twice_is_reported_twice_at_its_own_place() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "Siehe [Plan](alt/plan.md) und [neuer Plan](plan.md), [d](nix.md) [e](nix.md).\n\n[Akte](e-akte.md)\n",
        ),
    );
    s.write(
        "content/projekte/neu.md",
        &project(
            "kpis:\n  - \"Siehe [a](nix.md)\"\n  - \"Siehe [b](nix.md)\"\n",
            "Text.\n",
        ),
    );
    let e = build_fails(&s);
    for m in [
        "ausblick.md:4:14: broken link: `alt/plan.md`",
        "ausblick.md:4:44: broken link: `plan.md`",
        "ausblick.md:4:58: broken link: `nix.md`",
        "ausblick.md:4:70: broken link: `nix.md`",
        // A file of the same name in another folder is suggested as the link would write it.
        "did you mean `projekte/e-akte.md`? Links are relative to the folder of ausblick.md",
        "projekte/neu.md:7:16: broken link: `nix.md`",
        "projekte/neu.md:8:16: broken link: `nix.md`",
    ] {
        assert!(e.contains(m), "{m} in {e}");
    }
}

/// A link whose destination is not written on its line as the build reads it is still placed
/// where the editor wrote it: its text wrapped over two lines (at the destination), a URL with
/// a backslash escape or a character reference, a reference link defined lower (at its `[`).
#[test]
fn a_link_written_otherwise_is_placed_at_its_own_column() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "Ein Satz mit [einem langen\nLinktext](fehlt-a.md) am Ende.\n\n\
             Escaped: [b](fehlt\\_b.md) und [c](fehlt&#45;c.md).\n\n\
             Bitte [siehe hier][r] lesen.\n\n[r]: fehlt-r.md\n",
        ),
    );
    let e = build_fails(&s);
    for m in [
        "ausblick.md:5:11: broken link: `fehlt-a.md`",
        "ausblick.md:7:10: broken link: `fehlt_b.md`",
        "ausblick.md:7:31: broken link: `fehlt-c.md`",
        "ausblick.md:9:7: broken link: `fehlt-r.md`",
    ] {
        assert!(e.contains(m), "{m} in {e}");
    }
}

/// A page requests nothing from other hosts and carries no link that runs code, in either
/// `raw_html` mode: an image from elsewhere (Markdown, a reference, raw `<img>`) becomes a
/// link to it with its alternative text; `javascript:` and `data:` links are their text; an
/// image of such a scheme is its alternative text (no `<img>` without a source).
#[test]
fn pages_load_nothing_from_elsewhere_and_link_no_code() {
    for raw in ["sanitize", "allow"] {
        let a = ausblick_with(raw, "![Luftbild](https://bilder.example/a.png) ![](//bilder.example/b.png)\n\n\
                 ![Karte][k] <img src=\"http://bilder.example/c.png\" alt=\"Plan\">\n\n\
                 <img src=\"https:\\\\bilder.example/g.png\" alt=\"G\"> <img src=\"https:/\\bilder.example/l.png\" alt=\"L\"> \
                 <img src=\"HTTPS:bilder.example/m.png\" alt=\"M\">\n\n\
                 [Skript](javascript:alert(1)) ![Bild](javascript:alert(2)) \
                 [Daten](data:text/html,x) ![Punkt](data:image/png;base64,AA)\n\n\
                 [k]: https://bilder.example/k.png\n");
        let body = common::between(&a, "<h1", "</main>");
        assert!(!body.contains("<img"), "{raw}: {body}");
        for link in [
            "<a href=\"https://bilder.example/a.png\">Luftbild</a>",
            // Without an alternative text, the address is the link's text.
            "<a href=\"//bilder.example/b.png\">//bilder.example/b.png</a>",
            "<a href=\"https://bilder.example/k.png\">Karte</a>",
            "<a href=\"http://bilder.example/c.png\">Plan</a>",
        ] {
            assert!(body.contains(link), "{raw}: {link} in {body}");
        }
        for gone in ["javascript:", "data:"] {
            assert!(!body.contains(gone), "{raw}: {gone} in {body}");
        }
        for text in ["Skript", "Bild", "Daten", "Punkt"] {
            assert!(body.contains(text), "{raw}: {text} in {body}");
        }
    }
}

/// A comment (or processing instruction, CDATA section, declaration) opened in a block and
/// never ended is shown as text: it no longer swallows the rest of the body, nor with
/// `raw_html: allow` the page's own end.
#[test]
fn an_unended_comment_swallows_nothing() {
    for raw in ["sanitize", "allow"] {
        for open in ["<!-- nie geschlossen", "<?php echo 1;", "<![CDATA[ x"] {
            let a = ausblick_with(raw, &format!("Vorher\n\n{open}\n\nNachher\n\n## Ende\n"));
            assert!(a.contains("<p>Nachher</p>"), "{raw} {open}: {a}");
            assert!(a.contains("<h2 id=\"ende\">"), "{raw} {open}: {a}");
            assert!(a.contains("&lt;"), "{raw} {open}: shown as text");
            assert!(a.trim_end().ends_with("</html>"), "{raw} {open}");
            assert!(a.contains("</main>"), "{raw} {open}");
        }
    }
}

/// A task list's checkboxes are named by their state in the site's language (the theme's
/// `task_open`, `task_done`): a checkbox without a name fails WCAG 4.1.2.
#[test]
fn task_list_checkboxes_have_a_name() {
    for raw in ["sanitize", "allow"] {
        let a = ausblick_with(raw, "- [ ] offen bleibt dies\n- [x] das ist fertig\n");
        // The sanitizer may order the attributes otherwise.
        let boxes: Vec<&str> = a
            .split("<input ")
            .skip(1)
            .filter_map(|t| t.split('>').next())
            .filter(|t| t.contains("type=\"checkbox\""))
            .collect();
        assert_eq!(boxes.len(), 2, "{raw}: {boxes:?}");
        assert!(boxes[0].contains("aria-label=\"offen\"") && !boxes[0].contains("checked"));
        assert!(boxes[1].contains("aria-label=\"erledigt\"") && boxes[1].contains("checked"));
        assert!(boxes.iter().all(|b| b.contains("disabled")), "{boxes:?}");
    }
}

/// A footnote label defined twice (also in another letter case) gives no id twice, and a
/// heading without words is no empty entry of the contents.
#[test]
fn footnotes_defined_twice_and_empty_headings_keep_the_page_valid() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "Ref[^b] und [^a-b].\n\n## \n\n## Eins\n\n## Zwei\n\n## Drei\n\n[^b]: erste\n[^b]: zweite\n[^a-b]: x\n[^A-B]: y\n",
        ),
    );
    s.build_ok();
    assert_eq!(duplicate_ids(&s.out()), vec![]);
    let a = s.read("ausblick/index.html");
    assert!(a.contains("href=\"#eins\""), "{a}");
    assert!(!a.contains("\"></a></li>"), "an empty entry: {a}");
}

/// A link to a heading with umlauts arrives however the umlauts of link and heading are
/// composed (NFC, or NFD as macOS writes file names and some editors paste).
#[test]
fn umlaut_fragments_arrive_in_either_composition() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        &page(
            "Ausblick",
            "## A\u{308}rger im Büro\n\n[nfd](#a\u{308}rger-im-bu\u{308}ro) [nfc](#ärger-im-büro) [weit](hintergrund.md#zi\u{308}ele)\n",
        ),
    );
    let e = s.build();
    // The third link's target has no such anchor: reported, composed.
    assert!(e.stderr.contains("no anchor `#z\u{ef}ele`"), "{}", e.stderr);
    assert!(e.stderr.contains("1 error"), "{}", e.stderr);
}

/// Headings written in HTML sit under the page's own as Markdown headings do: a page keeps
/// one `<h1>` (WCAG heading order), on a project page below its own sections.
#[test]
fn raw_html_headings_are_shifted_like_markdown_headings() {
    for raw in ["sanitize", "allow"] {
        let a = ausblick_with(raw, "<h1 id=\"roh\">Roh</h1>\n\n<div><h2>Zwei</h2></div>\n");
        assert_eq!(a.matches("<h1").count(), 1, "{raw}: {a}");
        assert!(a.contains("<h2 id=\"roh\">Roh</h2>"), "{raw}: {a}");
        assert!(a.contains("<h2>Zwei</h2>"), "{raw}: {a}");
    }
    let s = Site::german();
    s.write("content/projekte/neu.md", &project("", "<h1>Roh</h1>\n"));
    s.build_ok();
    let p = s.read("projekte/neu/index.html");
    assert!(p.contains("<h3>Roh</h3>"), "{p}");
}

/// A raw picture whose address the sanitizer takes (`data:`, `javascript:`) is its alternative
/// text: an `<img>` without a source is invalid HTML.
#[test]
fn a_sanitized_picture_without_its_address_is_its_text() {
    let a = ausblick_with(
        "sanitize",
        "<img src=\"data:image/png;base64,AA\" alt=\"Roh &amp; fertig\"> <img src=\"javascript:x()\">\n",
    );
    let body = common::between(&a, "<h1", "</main>");
    assert!(!body.contains("<img"), "{body}");
    assert!(body.contains("Roh &amp; fertig"), "{body}");
}
