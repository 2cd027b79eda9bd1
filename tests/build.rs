//! Builds fixture sites with the real binary and inspects the HTML it writes.

mod common;

use common::{between, snapshot, Site};

#[test]
fn home_page_has_matrix_with_cells_and_programmes() {
    let s = Site::german();
    s.build_ok();
    let home = s.read("index.html");
    assert!(home.contains("<html lang=\"de\">"));
    assert!(home.contains("Roadmap Teststadt 2022–2026"));
    assert!(
        home.contains("Stand") && home.contains("Juli 2021"),
        "as-of date in German"
    );
    // The intro keeps the gender star as text.
    assert!(
        home.contains("Bürger*innen und Nutzer*innen"),
        "gender star must stay literal"
    );
    let matrix = between(&home, "<table class=\"matrix\">", "</table>");
    // Row B, column Digitale Verwaltung: the programme groups its two sub-projects.
    let row_b = between(matrix, "Verwaltungsweite Projekte", "</tr>");
    let cells: Vec<&str> = row_b.split("<td>").skip(1).collect();
    assert_eq!(cells.len(), 3, "one cell per field");
    assert!(cells[0].contains("programme-name\">Arbeitsplatz der Zukunft"));
    assert!(
        cells[0].contains("/projekte/signatur/") && cells[0].contains("/projekte/kollaboration/")
    );
    assert!(!cells[1].contains("<a "), "Smart City has no B project");
    assert!(cells[2].contains("Glasfaserausbau"));
    // Row C holds the E-Akte in the first column only.
    let row_c = between(matrix, "Projekte in den Fachbereichen", "</tr>");
    let cells: Vec<&str> = row_c.split("<td>").skip(1).collect();
    assert!(cells[0].contains("Elektronische Akte") && !cells[2].contains("Elektronische Akte"));
}

#[test]
fn project_page_has_overview_kpis_schedule_canvas_and_budget() {
    let s = Site::german();
    s.build_ok();
    let p = s.read("projekte/e-akte/index.html");
    let overview = between(&p, "id=\"uebersicht\"", "</section>");
    for fact in [
        "Elektronische Akte",
        "Teststadt wird einfacher",
        "Digitale Verwaltung",
        "C – Projekte in den Fachbereichen",
        ">10<",
    ] {
        assert!(overview.contains(fact), "overview lacks {fact}");
    }
    assert!(overview.contains("Anzahl Nutzer*innen der E-Akte"));
    assert!(overview.contains("Ziel: 40") && overview.contains("bis Q4 2024"));
    // Zeithorizont: 20 quarters + ff, with the open phase running into ff and an undated row.
    let table = between(&p, "<table class=\"schedule\">", "</table>");
    assert!(table.contains("<caption"));
    assert!(table.contains("scope=\"row\">Konzeption"));
    let betrieb = between(table, "scope=\"row\">Betrieb", "</tr>");
    assert!(betrieb.contains("Q2 2023 – fortlaufend"));
    assert!(
        betrieb.contains("<td class=\"ff on\"></td>"),
        "open phase reaches the ff column"
    );
    let konzeption = between(table, "scope=\"row\">Konzeption", "</tr>");
    assert_eq!(konzeption.matches("<td class=\"on\"></td>").count(), 4);
    assert_eq!(konzeption.matches("<td></td>").count(), 16);
    assert!(!konzeption.contains("ff on"));
    let evaluation = between(table, "scope=\"row\">Evaluation", "</tr>");
    assert!(evaluation.contains("ohne Termine") && !evaluation.contains(" on\""));
    // Canvas: each block in its grid area, group labels as small headings over their lists.
    let partners = between(&p, "class=\"canvas-block canvas-partners\"", "</section>");
    assert!(partners.contains("<h4 class=\"group-label\">Intern</h4>"));
    assert!(
        partners.find("Intern").unwrap() < partners.find("Extern").unwrap(),
        "group order kept"
    );
    assert!(partners.contains("<li>Personalrat</li>"));
    let costs = between(&p, "class=\"canvas-block canvas-costs\"", "</section>");
    assert!(costs.contains("Einmalige Kosten") && costs.contains("Laufende Kosten"));
    let resources = between(&p, "class=\"canvas-block canvas-resources\"", "</section>");
    assert!(
        resources.contains("<em>Personal</em>"),
        "block text is inline Markdown"
    );
    let value = between(&p, "class=\"canvas-block canvas-value\"", "</section>");
    assert!(value.contains("Bürger*innen"));
    let css = s.read("static/style.css");
    for area in roadmap::model::CANVAS_BLOCKS {
        assert!(
            css.contains(&format!(".canvas-{area} {{ grid-area: {area}; }}")),
            "{area} has a grid area"
        );
    }
    // Budget in German number format.
    assert!(p.contains("1.615.250,00\u{a0}€") && p.contains("565.337,00\u{a0}€"));
}

#[test]
fn field_and_category_pages_list_their_projects_in_order() {
    let s = Site::german();
    s.build_ok();
    let f = s.read("fields/verwaltung/index.html");
    let a = f.find("Elektronische Akte").expect("e-akte");
    let b = f.find("Elektronische Signatur").expect("signatur");
    let c = f
        .find("Kollaborative Arbeitsformen")
        .expect("kollaboration");
    assert!(a < b && b < c, "ordered by number");
    assert!(!f.contains("Glasfaserausbau"));
    assert!(f.contains("href=\"/projekte/e-akte/\""));
    let cat = s.read("categories/b/index.html");
    assert!(cat.contains("Glasfaserausbau") && cat.contains("Elektronische Signatur"));
    assert!(!cat.contains("Elektronische Akte</a>"));
    let infra = s.read("fields/infrastruktur/index.html");
    assert!(infra.contains("Glasfaserausbau"));
}

#[test]
fn navigation_follows_the_outline_and_footer_has_legal_links() {
    let s = Site::german();
    s.build_ok();
    for page in [
        "index.html",
        "hintergrund/index.html",
        "projekte/e-akte/index.html",
        "404.html",
    ] {
        let html = s.read(page);
        let nav = between(&html, "<nav class=\"site-nav\"", "</nav>");
        let order = [
            "Hintergrund",
            "Projektübersicht",
            "Projekte",
            "Zeitstrahl",
            "Dashboard",
            "Ausblick",
        ];
        let pos: Vec<usize> = order
            .iter()
            .map(|t| {
                nav.find(&format!(">{t}</a>"))
                    .unwrap_or_else(|| panic!("{t} in nav of {page}"))
            })
            .collect();
        assert!(
            pos.windows(2).all(|w| w[0] < w[1]),
            "outline order in {page}"
        );
        assert!(
            !nav.contains("Datenschutz"),
            "pages outside the outline are not in the nav"
        );
        let footer = between(&html, "<footer", "</footer>");
        assert!(footer.contains("href=\"https://www.teststadt.example/impressum\""));
        assert!(footer.contains("href=\"/datenschutz/\""));
        assert!(
            html.contains("class=\"skip-link\" href=\"#main\"")
                && html.contains("<main id=\"main\"")
        );
    }
    let h = s.read("hintergrund/index.html");
    assert!(h.contains("href=\"/hintergrund/\" aria-current=\"page\""));
    // Without base_url no sitemap: sitemaps.org requires absolute URLs.
    assert!(!s.out().join("sitemap.xml").exists());
}

#[test]
fn frontmatter_is_escaped_and_bodies_are_sanitized() {
    let s = Site::german();
    s.write(
        "content/projekte/boese.md",
        "---\ntitle: \"<script>alert('t')</script> Böse\"\nfield: verwaltung\ncategory: A\nlead: [\"<b>10</b>\"]\nkpis: [\"<img src=x onerror=alert(1)>\"]\n---\nText <script>alert('b')</script> und <iframe src=\"https://evil.example\"></iframe> <a href=\"javascript:alert(1)\" onclick=\"x()\">Link</a>\n\n<div onmouseover=\"alert(1)\">Block</div>\n",
    );
    s.build_ok();
    let p = s.read("projekte/boese/index.html");
    assert!(p.contains("&lt;script&gt;alert("), "title is escaped");
    assert!(
        !without_theme_script(&p).contains("<script"),
        "no script element anywhere but the theme's own"
    );
    assert!(!p.contains("<iframe"));
    assert!(
        !p.contains("onclick=") && !p.contains("onmouseover="),
        "no event handlers"
    );
    assert!(!p.contains("<img"), "frontmatter HTML is text");
    assert!(
        p.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "KPI shown escaped"
    );
    assert!(!p.contains("javascript:"));
    assert!(p.contains("&lt;b&gt;10&lt;/b&gt;"), "lead is escaped");
    assert!(p.contains("Block"), "harmless content stays");
    // The home page matrix lists the title escaped too.
    assert!(!without_theme_script(&s.read("index.html")).contains("<script"));
}

/// A page without the one script of the default theme (static/copy.js, which keeps soft hyphens
/// out of copied text).
fn without_theme_script(page: &str) -> String {
    let tag = "<script src=\"/static/copy.js\" defer></script>";
    assert_eq!(page.matches(tag).count(), 1, "the theme's script once");
    page.replace(tag, "")
}

#[test]
fn raw_html_passes_when_allowed() {
    let s = Site::german();
    s.allow_raw_html();
    s.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\n<div class=\"hinweis\" data-x=\"1\">Erlaubt</div>\n",
    );
    s.build_ok();
    assert!(s
        .read("ausblick/index.html")
        .contains("<div class=\"hinweis\" data-x=\"1\">Erlaubt</div>"));
}

#[test]
fn links_between_content_files_become_page_urls() {
    let s = Site::german();
    s.build_ok();
    let h = s.read("hintergrund/index.html");
    assert!(
        h.contains("href=\"/projekte/e-akte/#kpi\""),
        "{}",
        between(&h, "Siehe", "</p>")
    );
    assert!(h.contains("id=\"ziele\""));
    let p = s.read("projekte/e-akte/index.html");
    assert!(p.contains("href=\"/hintergrund/\""));
    assert!(s
        .read("ausblick/index.html")
        .contains("href=\"/hintergrund/#ziele\""));
}

#[test]
fn links_honour_the_path_of_base_url() {
    let s = Site::german();
    let r = s.build_with(&[
        "--base-url",
        "https://www.teststadt.example/digital/roadmap/",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let h = s.read("hintergrund/index.html");
    assert!(h.contains("href=\"/digital/roadmap/projekte/e-akte/#kpi\""));
    assert!(h.contains("href=\"/digital/roadmap/static/style.css\""));
    assert!(h.contains("<link rel=\"icon\" href=\"/digital/roadmap/static/favicon.svg\""));
    assert!(
        !h.contains("href=\"/projekte/"),
        "no link escapes the sub-path"
    );
    let home = s.read("index.html");
    assert!(home.contains("href=\"/digital/roadmap/fields/verwaltung/\""));
    assert!(s.read("404.html").contains("href=\"/digital/roadmap/\""));
    assert!(s
        .read("sitemap.xml")
        .contains("<loc>https://www.teststadt.example/digital/roadmap/projekte/e-akte/</loc>"));
    // The same through roadmap.yaml.
    let s2 = Site::german();
    s2.write(
        "roadmap.yaml",
        &format!("base_url: https://example.org/sub\n{}", common::CONFIG),
    );
    s2.build_ok();
    assert!(s2
        .read("ausblick/index.html")
        .contains("href=\"/sub/hintergrund/#ziele\""));
}

#[test]
fn english_roadmap_with_other_fields_and_timeline() {
    let s = Site::fixture("en-roadmap");
    s.build_ok();
    let home = s.read("index.html");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains("As of") && home.contains("September 2024"));
    assert!(home.contains("Skip to content"));
    let matrix = between(&home, "<table class=\"matrix\">", "</table>");
    assert!(
        matrix.contains("Mobility")
            && matrix.contains("Climate and Energy")
            && matrix.contains("Public Services")
    );
    assert_eq!(
        matrix.matches("<tr>").count(),
        3,
        "header + two category rows"
    );
    let p = s.read("initiatives/smart-parking/index.html");
    assert!(
        p.contains("€1,615,250.00") && p.contains("€565,337.00"),
        "English money format"
    );
    assert!(p.contains("Target: 25,000 searches"));
    assert!(p.contains("Latest: 8,000 searches (Q2 2025)"));
    let table = between(&p, "<table class=\"schedule\">", "</table>");
    assert_eq!(table.matches("scope=\"colgroup\"").count(), 7, "2024..2030");
    assert!(table.contains(">2030<") && !table.contains(">2031<"));
    assert!(between(table, "scope=\"row\">Roll-out", "</tr>").contains("Q1 2025 – ongoing"));
    assert!(p.contains("Internal") && p.contains("One-off costs"));
    let dash = s.read("dashboard/index.html");
    assert!(dash.contains("at risk") && dash.contains("40%") && dash.contains("31 March 2025"));
    assert!(s
        .read("about/index.html")
        .contains("href=\"/initiatives/smart-parking/#kpi\""));
    assert!(s
        .read("fields/climate/index.html")
        .contains("Municipal heat plan"));
    assert!(s
        .read("categories/platforms/index.html")
        .contains("Online service portal"));
}

#[test]
fn drafts_are_built_only_on_request() {
    let s = Site::german();
    s.write(
        "content/projekte/entwurf.md",
        "---\ntitle: Entwurf\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\ndraft: true\n---\nNoch nicht fertig.\n",
    );
    s.build_ok();
    assert!(!s.out().join("projekte/entwurf").exists());
    assert!(!s.read("index.html").contains("Entwurf"));
    let r = s.build_with(&["--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("index.html").contains("Entwurf"));
}

/// A draft keeps the files that belong to it unpublished (its pictures and attachments), with
/// a warning each: those under its page's address, and for a draft that is its folder's
/// `index.md`, that folder's; published with `--drafts`. A published page's are copied.
#[test]
fn a_draft_keeps_the_files_of_its_folder_unpublished() {
    let s = Site::german();
    s.write(
        "content/geheim/index.md",
        "---\ntitle: Geheim\ndraft: true\n---\n![Plan](plan-geheim.png)\n",
    );
    s.write("content/geheim/plan-geheim.png", "png");
    s.write("content/geheim/anlagen/vertrag.pdf", "%PDF");
    s.write(
        "content/entwurf.md",
        "---\ntitle: Entwurf\ndraft: true\n---\n![Skizze](entwurf/skizze.png)\n",
    );
    s.write("content/entwurf/skizze.png", "png");
    s.write(
        "content/offen.md",
        "---\ntitle: Offen\n---\n![Plan](offen/plan.png)\n",
    );
    s.write("content/offen/plan.png", "png");
    // A draft written with a capital extension.
    s.write(
        "content/gross.MD",
        "---\ntitle: Groß\ndraft: true\n---\nText\n",
    );
    s.write("content/gross/bild.png", "png");
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !s.out().join("geheim").exists(),
        "the draft's folder was published"
    );
    assert!(
        !s.out().join("entwurf").exists(),
        "the draft's picture was published"
    );
    assert!(
        !s.out().join("gross").exists(),
        "the .MD draft's picture was published"
    );
    assert!(s.out().join("offen/plan.png").exists());
    assert!(
        r.stderr
            .contains("not published: it lies in the folder of the draft geheim/index.md"),
        "{}",
        r.stderr
    );
    for f in common::snapshot(&s.out()) {
        assert!(
            !String::from_utf8_lossy(&f.1).contains("plan-geheim")
                && !String::from_utf8_lossy(&f.1).contains("skizze"),
            "{:?} names the draft's file",
            f.0
        );
    }
    let r = s.build_with(&["--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.out().join("geheim/plan-geheim.png").exists());
    assert!(s.out().join("geheim/anlagen/vertrag.pdf").exists());
    assert!(s.out().join("entwurf/skizze.png").exists());
}

#[test]
fn two_builds_are_byte_identical() {
    let s = Site::german();
    s.build_ok();
    let first = snapshot(&s.out());
    s.build_ok();
    let second = snapshot(&s.out());
    assert!(first.len() > 10);
    assert_eq!(first.len(), second.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.0, b.0);
        assert!(a.1 == b.1, "{} differs between builds", a.0.display());
    }
}

#[test]
fn site_templates_override_the_theme_and_assets_are_copied() {
    let s = Site::german();
    s.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Eigene Fehlerseite</h1>{% endblock content %}",
    );
    s.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.write("content/bild.txt", "x");
    // An editor's swap file, backup and lock beside the template are not templates.
    s.write_bytes("templates/.404.html.swp", b"b0VIM \xff\xfe");
    s.write("templates/404.html~", "{% if %}");
    s.write("templates/#404.html#", "{% endfor %}");
    s.build_ok();
    assert!(s.read("404.html").contains("Eigene Fehlerseite"));
    assert!(s.out().join("assets/logo.svg").exists());
    assert!(s.out().join("bild.txt").exists());
}

#[test]
fn summary_reports_pages_and_warnings() {
    let s = Site::german();
    s.write(
        "content/projekte/spaet.md",
        "---\ntitle: Spät\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nmilestone: 2031-Q1\n---\n",
    );
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("Built ") && r.stderr.contains(" pages"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("warning:")
            && r.stderr.contains("2031-Q1")
            && r.stderr.contains("spaet.md"),
        "{}",
        r.stderr
    );
}

/// Every page names its icon (a browser asks for `/favicon.ico` otherwise, which is no file of
/// the site); the theme's sign is replaced by the site's own file of the same name.
#[test]
fn the_tab_shows_the_theme_s_sign_or_the_site_s_own() {
    let s = Site::german();
    s.build_ok();
    assert!(s.read("static/favicon.svg").starts_with("<svg"));
    for page in ["index.html", "404.html", "projekte/e-akte/index.html"] {
        assert!(
            s.read(page).contains(
                "<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">"
            ),
            "{page}"
        );
    }
    let own = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>\n";
    s.write("themes/default/static/favicon.svg", own);
    s.build_ok();
    assert_eq!(s.read("static/favicon.svg"), own);
}

/// The site's own `i18n/<language>.yaml` replaces single words of the theme (a state's site
/// says "Landesziel" where the theme says "Stadtziel"); a key the theme lacks is an error at
/// its line with the nearest key, and nothing is written.
#[test]
fn the_site_s_own_words_replace_the_theme_s() {
    let s = Site::german();
    s.write("i18n/de.yaml", "# Land, nicht Stadt\ngoal: Landesziel\n");
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    assert!(page.contains("<th scope=\"row\">Landesziel</th>"), "{page}");
    assert!(!page.contains(">Stadtziel<"));
    s.write("i18n/de.yaml", "goal: Landesziel\ngaol: Landesziel\n");
    s.build_fails(&[
        "i18n/de.yaml:2:1",
        "the theme has no text `gaol` to replace",
        "did you mean `goal`?",
    ]);
    s.write("i18n/de.yaml", "goal: [Landesziel]\n");
    s.build_fails(&["i18n/de.yaml:1:1", "`goal` is a text in the theme"]);
    // A file named for no language would change nothing without a word.
    s.write("i18n/de.yaml", "goal: Landesziel\n");
    s.write("i18n/de.yml", "goal: Landesziel\n");
    s.build_fails(&["i18n/de.yml", "is not read", "name it `i18n/de.yaml`"]);
}

/// A copied file of content/ that would take the place of a file the build makes (the theme's
/// style sheet, the open data) or sit in a folder the build fills (the search index's) is an
/// error that names the file; nothing is written.
#[test]
fn a_copied_file_in_a_made_file_s_place_is_named() {
    for (rel, says) in [
        (
            "content/static/style.css",
            "the place of a file of the theme or the build",
        ),
        ("content/data/roadmap.json", "the place of the open data"),
        (
            "content/pagefind/logo.png",
            "inside `pagefind/`, a folder the build fills itself",
        ),
        (
            "content/data/Roadmap.JSON",
            "differs only in letter case from `data/roadmap.json`",
        ),
    ] {
        let s = Site::german();
        s.write(rel, "x\n");
        let r = s.build_fails(&[rel, says, "into another folder"]);
        assert!(!s.out().exists(), "{rel}: {}", r.stderr);
    }
}

/// A theme's word list may hold only what it changes: the other words come from the default
/// theme, as the files it leaves out do.
#[test]
fn a_theme_s_word_list_may_hold_only_its_changes() {
    let s = Site::german();
    let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
    s.write("roadmap.yaml", &format!("theme: land\n{config}"));
    s.write("themes/land/i18n/de.yaml", "goal: Landesziel\n");
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    assert!(page.contains("<th scope=\"row\">Landesziel</th>"), "{page}");
    assert!(
        page.contains("Zum Inhalt springen"),
        "the default's words stay"
    );
}

/// The ids of a project page's sections and of the timeline's table speak the site's
/// language (`#uebersicht` on a German site, `#overview` on an English one): they are words
/// of the theme's i18n files. A body's heading that would take one gets another id, links to
/// them are checked like any other, and a site's own word list may change them only to ids
/// that work in an address and that no other part of the page uses.
#[test]
fn section_ids_follow_the_site_s_language() {
    let s = Site::german();
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    assert!(
        page.contains("<section aria-labelledby=\"uebersicht\">"),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"uebersicht\""));
    let timeline = s.read("timeline/index.html");
    assert!(timeline.contains("<div id=\"zeitstrahl-tabelle\">"));
    assert!(timeline.contains("href=\"#zeitstrahl-tabelle\""));
    assert!(page.contains("src=\"zeithorizont.svg\""), "{page}");
    assert!(s.out().join("projekte/e-akte/zeithorizont.svg").exists());
    assert!(s.out().join("timeline/zeitstrahl.svg").exists());

    // English: the same content with `language: en`, a body heading named like a section
    // and a link from a page to the section.
    s.write("roadmap.yaml", &format!("language: en\n{}", common::CONFIG));
    let project = std::fs::read_to_string(s.root().join("content/projekte/e-akte.md"))
        .expect("the project's source");
    s.write(
        "content/projekte/e-akte.md",
        &format!("{project}\n## Overview\n\nIn short.\n"),
    );
    s.write(
        "content/ausblick.md",
        "---\ntitle: Outlook\n---\nSee [the overview](projekte/e-akte.md#overview).\n",
    );
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    assert!(
        page.contains("<section aria-labelledby=\"overview\">"),
        "{page}"
    );
    assert_eq!(page.matches("id=\"overview\"").count(), 1, "{page}");
    assert!(
        page.contains("id=\"overview-1\""),
        "the body's heading: {page}"
    );
    for german in [
        "uebersicht",
        "beschreibung",
        "\"stand\"",
        "zeitstrahl-tabelle",
    ] {
        assert!(!page.contains(german), "{german} on an English page");
    }
    let timeline = s.read("timeline/index.html");
    assert!(timeline.contains("<div id=\"timeline-table\">"));
    assert!(timeline.contains("href=\"#timeline-table\""));
    // The charts' files are named in English too, and only so.
    assert!(page.contains("src=\"schedule.svg\""), "{page}");
    assert!(s.out().join("projekte/e-akte/schedule.svg").exists());
    assert!(!s.out().join("projekte/e-akte/zeithorizont.svg").exists());
    assert!(s.out().join("timeline/timeline.svg").exists());
    assert!(!s.out().join("timeline/zeitstrahl.svg").exists());
    // A link to the German id is now a broken fragment.
    s.write(
        "content/ausblick.md",
        "---\ntitle: Outlook\n---\nSee [the overview](projekte/e-akte.md#uebersicht).\n",
    );
    s.build_fails(&["ausblick.md", "#uebersicht"]);
    s.write(
        "content/ausblick.md",
        "---\ntitle: Outlook\n---\nSee [the overview](projekte/e-akte.md#overview).\n",
    );

    // The site's own words: a section id must work in an address and be its own.
    s.write("i18n/en.yaml", "id_overview: Über sicht\n");
    s.build_fails(&[
        "`id_overview: Über sicht` is not usable as a section's id in an address",
        "e.g. `id_overview: ueber-sicht`",
    ]);
    s.write("i18n/en.yaml", "id_overview: kpi\n");
    s.build_fails(&["`id_overview: kpi` is an id the project page already uses"]);
    s.write("i18n/en.yaml", "id_schedule: overview\n");
    s.build_fails(&["are both `overview`: two sections would share an id"]);
    s.write("i18n/en.yaml", "file_schedule_chart: Schedule.svg\n");
    s.build_fails(&[
        "`file_schedule_chart: Schedule.svg` is not usable as a chart's file name",
        "e.g. `file_schedule_chart: schedule`",
    ]);
    s.write("i18n/en.yaml", "file_kpi_chart: timeline\n");
    s.build_fails(&["are both `timeline`: two charts would share a file"]);
    s.write("i18n/en.yaml", "id_overview: summary-of-the-project\n");
    s.write(
        "content/ausblick.md",
        "---\ntitle: Outlook\n---\nSee [the overview](projekte/e-akte.md#summary-of-the-project).\n",
    );
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    assert!(page.contains("<h2 id=\"summary-of-the-project\""), "{page}");
}
