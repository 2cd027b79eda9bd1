//! The dashboard and the department pages, on the `dashboard` fixture (statuses in several
//! phases and ratings, KPI values, budgets, videos, departments in several spellings) and on a
//! German test site.

mod common;

use std::collections::HashSet;

use common::{between, Site};

fn built() -> Site {
    let s = Site::fixture("dashboard");
    s.build_ok();
    s
}

/// The part of `html` from the element with `id` to the end of its `tag`.
fn element<'a>(html: &'a str, tag: &str, id: &str) -> &'a str {
    between(
        html,
        &format!("<{tag} class=\"db-project\" id=\"{id}\""),
        &format!("</{tag}>"),
    )
}

#[test]
fn every_field_is_a_link_to_a_section_that_exists() {
    let s = built();
    let html = s.read("dashboard/index.html");
    let nav = between(&html, "<nav class=\"db-tabs\"", "</nav>");
    let ids: HashSet<String> = roadmap::markdown::page_ids(&html).into_iter().collect();
    for key in ["verwaltung", "stadt", "netz"] {
        let anchor = format!("feld-{key}");
        assert!(
            nav.contains(&format!("href=\"#{anchor}\"")),
            "tab link to {anchor}"
        );
        assert!(ids.contains(&anchor), "section {anchor} exists");
        assert!(html.contains(&format!(
            "<section class=\"db-panel field-{key}\" id=\"{anchor}\""
        )));
    }
    // Nothing is hidden without JavaScript: no panel carries `hidden`; the script comes from
    // the site itself and only on the dashboard.
    assert!(
        !html.contains(" hidden"),
        "panels all show without JavaScript"
    );
    assert!(html.contains("static/dashboard.js\" defer></script>"));
    assert!(!s.read("index.html").contains("dashboard.js"));
    let js = s.read("static/dashboard.js");
    for needle in [
        "'tablist'",
        "'tab'",
        "'tabpanel'",
        "aria-selected",
        "ArrowRight",
        "ArrowLeft",
        "Home",
        "End",
        "replaceState",
        "hashchange",
    ] {
        assert!(js.contains(needle), "dashboard.js: {needle}");
    }
    // Every in-page link of the dashboard points at an id that exists.
    for href in html.split("href=\"#").skip(1) {
        let id = &href[..href.find('"').unwrap_or(0)];
        assert!(ids.contains(id), "#{id} has no target");
    }
}

#[test]
fn projects_are_numbered_within_their_field() {
    let s = built();
    let html = s.read("dashboard/index.html");
    let verwaltung = between(&html, "id=\"feld-verwaltung\"", "</section>");
    for (n, slug) in [
        ("01", "e-akte"),
        ("02", "serviceportal"),
        ("03", "signatur"),
    ] {
        assert!(
            verwaltung.contains(&format!(
                "<h3 id=\"db-{slug}-title\"><span class=\"db-num\">{n}</span>"
            )),
            "{slug} is {n}"
        );
    }
    let stadt = between(&html, "id=\"feld-stadt\"", "</section>");
    assert!(stadt.contains("<span class=\"db-num\">01</span> Umweltsensorik im Stadtgebiet"));
    assert!(stadt.contains("<span class=\"db-num\">02</span> Stadt-App"));
    let netz = between(&html, "id=\"feld-netz\"", "</section>");
    assert!(netz.contains("<span class=\"db-num\">01</span> Glasfaserausbau"));
}

/// A project's own `number` is its number; where projects carry numbers, one without shows
/// a dash rather than a place that may be another's number.
#[test]
fn a_projects_own_number_is_shown_and_a_missing_one_is_a_dash() {
    let s = built();
    let file = "content/projekte/signatur.md";
    let md = std::fs::read_to_string(s.root().join(file)).unwrap();
    assert!(md.contains("number: 3\n"), "{md}");
    s.write(file, &md.replace("number: 3\n", "number: 7\n"));
    let file = "content/projekte/serviceportal.md";
    let md = std::fs::read_to_string(s.root().join(file)).unwrap();
    s.write(file, &md.replace("number: 2\n", ""));
    s.build_ok();
    let html = s.read("dashboard/index.html");
    let verwaltung = between(&html, "id=\"feld-verwaltung\"", "</section>");
    for (n, slug) in [("01", "e-akte"), ("07", "signatur"), ("–", "serviceportal")] {
        assert!(
            verwaltung.contains(&format!(
                "<h3 id=\"db-{slug}-title\"><span class=\"db-num\">{n}</span>"
            )),
            "{slug} is {n}"
        );
    }
}

#[test]
fn the_quick_view_shows_phase_progress_rating_and_description() {
    let s = built();
    let html = s.read("dashboard/index.html");
    let akte = element(&html, "article", "db-e-akte");
    // The stepper: every configured phase, the current one marked beyond colour.
    let stepper = between(akte, "<ol class=\"stepper\"", "</ol>");
    assert_eq!(stepper.matches("<li class=\"step").count(), 4);
    assert_eq!(stepper.matches("aria-current=\"step\"").count(), 1);
    assert!(stepper.contains("<li class=\"step step-current\" aria-current=\"step\"><span class=\"step-mark\" aria-hidden=\"true\">●</span> <span class=\"step-name\">Umsetzung</span> <span class=\"step-note\" aria-hidden=\"true\">aktuell</span>"));
    assert!(stepper.contains("<li class=\"step step-done\"><span class=\"step-mark\" aria-hidden=\"true\">✓</span> <span class=\"step-name\">Konzeption</span>"));
    assert!(akte.contains("40\u{a0}%"), "progress in text");
    assert!(
        akte.contains("<span style=\"width: 40%\"></span>"),
        "progress bar"
    );
    assert!(akte.contains(
        "<span class=\"rating rating-green\" style=\"--rating: #1e7b34\"><span aria-hidden=\"true\">●</span> im Plan</span>"
    ));
    assert!(akte.contains("Die E-Akte ersetzt Papier in allen Fachbereichen."));
    let portal = element(&html, "article", "db-serviceportal");
    assert!(portal.contains("▲</span> gefährdet"));
    let glas = element(&html, "article", "db-glasfaser");
    assert!(glas.contains("■</span> kritisch"));
    // Without a report: the phase derived from the milestone (2024-Q1, before as_of 2024-06:
    // the second phase), said to be derived; no progress or rating made up.
    let signatur = element(&html, "article", "db-signatur");
    assert_eq!(signatur.matches("aria-current=\"step\"").count(), 1);
    assert!(signatur.contains("aria-current=\"step\"><span class=\"step-mark\" aria-hidden=\"true\">●</span> <span class=\"step-name\">Umsetzung</span>"));
    assert!(signatur.contains("(abgeleitet aus dem Meilenstein)"));
    assert!(signatur.contains("<dt>Fortschritt</dt><dd>–</dd>"));
    assert!(signatur.contains("<dt>Bewertung</dt><dd>–</dd>"));
}

#[test]
fn every_details_section_with_its_content() {
    let s = built();
    let html = s.read("dashboard/index.html");
    let akte = element(&html, "article", "db-e-akte");
    for summary in [
        "Projektphasen",
        "Erreichte Ergebnisse &amp; nächste Schritte",
        "Ziele &amp; Kennzahlen",
        "Effizienzgewinne &amp; Benefits",
        "Verantwortliche &amp; beteiligte Fachbereiche",
        "Ansprechpartner*in",
        "Video",
    ] {
        assert!(
            akte.contains(&format!("<summary>{summary}</summary>")),
            "{summary}"
        );
    }
    assert!(
        akte.contains("Q1 2023 – fortlaufend"),
        "schedule with dates"
    );
    assert!(akte.contains("Pilot in zwei Fachbereichen abgeschlossen"));
    assert!(akte.contains("Rollout in weitere Fachbereiche"));
    assert!(akte.contains("Schnellere Bearbeitung"));
    assert!(akte.contains("01234 567890") && akte.contains("mailto:digital@beispielstadt.example"));
    // The KPI charts as images of the files beside the project page, with the values as a table.
    assert!(
        akte.contains("<img class=\"chart-kpi\" src=\"/roadmap/projekte/e-akte/kennzahl-1.svg\"")
    );
    assert!(akte.contains("<th scope=\"row\">Q2 2024</th><td class=\"num\">22 Fachbereiche</td>"));
    // Departments link to their pages; the local video plays in the page, never embedded.
    assert!(akte.contains("<a href=\"/roadmap/departments/10/\">Systemhaus</a>"));
    assert!(akte.contains("<video controls preload=\"none\""));
    assert!(akte.contains("<source src=\"/roadmap/assets/videos/e-akte.mp4\" type=\"video/mp4\">"));
    assert!(!html.contains("<iframe"));
    // A video URL is a plain link.
    let portal = element(&html, "article", "db-serviceportal");
    assert!(portal.contains("<a href=\"https://video.beispielstadt.example/serviceportal\">"));
    assert!(!portal.contains("<video"));
    // Empty sections are named in one line instead of opening empty.
    assert!(portal
        .contains("Noch keine Angaben zu: Effizienzgewinne &amp; Benefits, Ansprechpartner*in."));
    assert!(!portal.contains("<summary>Ansprechpartner*in</summary>"));
}

#[test]
fn the_portfolio_summary_counts() {
    let s = built();
    let html = s.read("dashboard/index.html");
    let summary = between(&html, "<section class=\"db-summary\"", "</section>");
    // The count of the list item whose name (after its mark, if any) is `name`.
    let count = |name: &str| -> String {
        let item = summary
            .split("<li")
            .find(|li| {
                li.contains(&format!(">{name}</span>"))
                    || li.contains(&format!("> {name}</span>"))
                    || li.contains(&format!(">{name} <span class=\"db-note\">"))
            })
            .unwrap_or_else(|| panic!("no count of {name}"));
        let start = "<span class=\"db-count\">";
        let at = between(item, start, "</span><span class=\"db-share\"");
        at[start.len()..].to_string()
    };
    assert!(summary.contains("<dt>Projekte</dt><dd>6</dd>"));
    // Two projects without a report get a phase derived from their milestone against as_of
    // (2024-06): `app` (milestone 2025-Q1, ahead) the first, `signatur` (2024-Q1, past) the
    // second.
    assert_eq!(count("Konzeption"), "2");
    // Said to be derived where they are.
    assert!(summary.contains("<span class=\"db-count-name\">Konzeption <span class=\"db-note\">(davon 1 abgeleitet)</span></span>"));
    assert_eq!(count("Umsetzung"), "3");
    assert_eq!(count("Umgesetzt"), "0");
    assert_eq!(count("Evaluation"), "1");
    assert!(
        !summary.contains("ohne Statusangabe"),
        "every project has a phase"
    );
    assert_eq!(count("im Plan"), "2");
    assert_eq!(count("gefährdet"), "1");
    assert_eq!(count("kritisch"), "1");
    assert_eq!(count("ohne Bewertung"), "2");
    // (40 + 15 + 100 + 60) / 4 = 53.75 -> 54 %
    assert!(summary.contains("54\u{a0}% <span class=\"db-note\">(aus 4 Meldungen)</span>"));
    assert!(summary.contains("<dd>10. Juni 2024</dd>"), "latest update");
    assert!(
        summary.contains("<dd>5.345.250,00\u{a0}€</dd>"),
        "budget total"
    );
    let fields = between(summary, "<table class=\"data db-fields\">", "</table>");
    assert!(fields.contains("<a href=\"#feld-verwaltung\">Digitale Verwaltung</a></th><td class=\"num\">3</td><td class=\"num\">28\u{a0}%</td><td class=\"num\">1.865.250,00\u{a0}€</td>"));
    assert!(fields.contains("<td class=\"num\">2</td><td class=\"num\">100\u{a0}%</td><td class=\"num\">480.000,00\u{a0}€</td>"));
    // The table of all projects carries the data its filters will read.
    let table = between(summary, "<table class=\"data db-projects\">", "</table>");
    assert_eq!(table.matches("<tr data-filter-").count(), 6);
    // Leading departments by their names, however spelled (FB10 is "Systemhaus"); the rating sorts as
    // 3 of 3 (best); the milestone as written.
    assert!(table.contains("<tr data-filter-category=\"B – Verwaltungsweite Projekte\" data-filter-field=\"Digitale Verwaltung\" data-filter-lead=\"Systemhaus\" data-filter-phase=\"Umsetzung\" data-filter-rating=\"im Plan\" data-sort-category=\"1\" data-sort-field=\"0\" data-sort-milestone=\"2022-Q4\" data-sort-number=\"1\" data-sort-phase=\"1\" data-sort-progress=\"40\" data-sort-rating=\"3\" data-sort-title=\"Elektronische Akte\" data-url=\"/roadmap/projekte/e-akte/\">"));
}

#[test]
fn spellings_of_a_department_make_one_page() {
    let s = built();
    // FB10, 10 and Fb. 10 lead; FB 10 (Betrieb) takes part: one department, named by roadmap.yaml.
    let ten = s.read("departments/10/index.html");
    assert!(ten.contains("<h1>Systemhaus</h1>"));
    assert!(ten.contains("<p class=\"kicker\">Fachbereich 10</p>"));
    let leads = between(&ten, "<h2 id=\"leads\">", "</section>");
    assert!(
        leads.starts_with("<h2 id=\"leads\">Federführend (3)"),
        "{leads}"
    );
    for title in [
        "Elektronische Akte",
        "Serviceportal und Onlinezugang",
        "Elektronische Signatur",
    ] {
        assert!(leads.contains(title), "{title}");
    }
    let partners = between(&ten, "<h2 id=\"partners\">", "</section>");
    assert!(
        partners.contains("Umweltsensorik im Stadtgebiet") && partners.contains("Rolle: Betrieb")
    );
    // WF and Wirtschaftsförderung (the full name in roadmap.yaml) are one department.
    let wf = s.read("departments/wf/index.html");
    assert!(wf.contains("<h1>Wirtschaftsförderung</h1>"));
    assert!(wf.contains("Umweltsensorik") && wf.contains("Glasfaserausbau"));
    // A partner that is no department gets no page; the index lists every department once.
    let index = s.read("departments/index.html");
    for d in ["10/", "11/", "62/", "wf/"] {
        assert_eq!(
            index
                .matches(&format!("href=\"/roadmap/departments/{d}\""))
                .count(),
            1,
            "{d}"
        );
    }
    assert!(
        !index.contains("Statistikstelle")
            && !index.contains("Nachbarort")
            && !index.contains("Personalrat")
    );
    assert_eq!(
        std::fs::read_dir(s.out().join("departments"))
            .expect("dir")
            .count(),
        5
    );
    // Project pages link their lead and partner departments, and the projects page the index.
    let portal = s.read("projekte/serviceportal/index.html");
    assert!(portal.contains("<td><a href=\"/roadmap/departments/10/\">10</a> (Systemhaus)</td>"));
    assert!(portal.contains("<a href=\"/roadmap/departments/62/\">Vermessung und Geoinformation</a>, <a href=\"/roadmap/departments/wf/\">Wirtschaftsförderung</a>"));
    assert!(s
        .read("projekte/index.html")
        .contains("<a href=\"/roadmap/departments/\">Alle Fachbereiche</a>"));
}

#[test]
fn departments_without_full_names_and_bad_names() {
    // The German test site names no full names: numbers read "Fachbereich 10".
    let s = Site::german();
    s.build_ok();
    let index = s.read("departments/index.html");
    assert!(index.contains(">Fachbereich 10</a>"));
    assert!(index.contains(">Wirtschaftsförderung</a>"));
    // Two keys for one department, and a key that is only a role, are errors with lines.
    let bad = Site::german();
    let config = std::fs::read_to_string(bad.root().join("roadmap.yaml")).expect("config");
    bad.write(
        "roadmap.yaml",
        &format!(
            "{config}departments:\n  \"10\": Systemhaus\n  FB 10: Systemhaus\n  \"(IT)\": IT\n  WF: Wirtschaftsförderung\n  Wirtschaftsförderung: WiFö\n"
        ),
    );
    let r = bad.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("`10` and `FB 10` name the same department"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("`(IT)` is not a department"),
        "{}",
        r.stderr
    );
    // A key that is another key's full name names that department too.
    assert!(
        r.stderr
            .contains("`WF` and `Wirtschaftsförderung` name the same department"),
        "{}",
        r.stderr
    );
}

#[test]
fn dashboard_and_departments_in_english() {
    let s = Site::fixture("dashboard");
    let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).expect("config");
    s.write(
        "roadmap.yaml",
        &config.replace("language: de", "language: en"),
    );
    s.build_ok();
    let html = s.read("dashboard/index.html");
    assert!(html.contains("<summary>Results achieved &amp; next steps</summary>"));
    assert!(html.contains("<span class=\"step-note\" aria-hidden=\"true\">current</span>"));
    assert!(s
        .read("departments/11/index.html")
        .contains("<h1>Department 11</h1>"));
}

/// The German site with 205 more projects in the field `verwaltung`, built.
fn large_portfolio() -> Site {
    let s = Site::german();
    for i in 0..205 {
        s.write(
            &format!("content/projekte/p{i:03}.md"),
            &format!(
                "---\ntitle: Projekt {i}\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nstatus:\n  phase: Umsetzung\n  progress: {}\n  rating: {}\n---\nText {i}.\n",
                i % 100,
                ["green", "amber", "red"][i % 3]
            ),
        );
    }
    s.build_ok();
    s
}

/// A large portfolio (more than `DETAIL_LIMIT` = 200 projects): one line per project, linked
/// to its page, instead of a quick view with details; the summary still counts every project.
#[test]
fn a_large_portfolio_gets_one_line_per_project() {
    let s = large_portfolio();
    let html = s.read("dashboard/index.html");
    assert!(
        !html.contains("<article class=\"db-project\""),
        "no quick views"
    );
    assert!(!html.contains("class=\"stepper\""), "no steppers");
    assert!(html
        .contains("Bei mehr als 200 Projekten zeigt das Dashboard jedes Projekt in einer Zeile"));
    let summary = between(&html, "<section class=\"db-summary\"", "</section>");
    let total = s.read("data/projects.csv").lines().count() - 1;
    assert!(
        total > 205,
        "the fixture's own projects are there too: {total}"
    );
    assert!(summary.contains(&format!("<dt>Projekte</dt><dd>{total}</dd>")));
    // Every project is one line linked to its page, with its phase, progress and rating.
    let panel = between(&html, "<ol class=\"db-jump\">", "</ol>");
    assert!(panel.contains("<li><a href=\"/projekte/p007/\"><span class=\"db-num\">"));
    let line = between(panel, "<a href=\"/projekte/p007/\">", "</li>");
    assert!(line.contains("Umsetzung"), "{line}");
    assert!(line.contains("7\u{a0}%"), "{line}");
    assert!(line.contains("gefährdet"), "{line}");
    // The table's rows link to the project pages (there are no sections to jump to).
    assert!(html.contains("<th scope=\"row\"><a href=\"/projekte/p007/\">"));
    assert!(!html.contains("href=\"#db-"));
}

/// Above `DETAIL_LIMIT` projects the list of all projects keeps its complete table and shows
/// each field's number of projects with a link to the field's page instead of the cards; the
/// field's page still shows every card of the field.
#[test]
fn a_large_portfolio_lists_its_projects_in_the_table_and_its_cards_on_the_field_pages() {
    let s = large_portfolio();
    let html = s.read("projekte/index.html");
    let total = s.read("data/projects.csv").lines().count() - 1;
    let table = between(&html, "<tbody>", "</tbody>");
    assert_eq!(table.matches("<tr").count(), total, "a row per project");
    assert!(table.contains("<th scope=\"row\"><a href=\"/projekte/p204/\">Projekt 204</a></th>"));
    assert!(
        !html.contains("<li class=\"card"),
        "no cards on the list of all projects"
    );
    assert!(
        html.contains("Bei mehr als 200 Projekten listet diese Seite alle Projekte in der Tabelle")
    );
    let field = between(
        &html,
        "<section aria-labelledby=\"group-verwaltung\">",
        "</section>",
    );
    assert!(
        field.contains("<a href=\"/fields/verwaltung/\">"),
        "{field}"
    );
    let in_field = s.read("fields/verwaltung/index.html");
    let cards = in_field.matches("<li class=\"card").count();
    assert!(cards > 205, "the field's page shows every card: {cards}");
    assert!(field.contains(&format!("<p class=\"group-count\">{cards} Projekte – ihre Karten zeigt die Seite des Handlungsfelds.</p>")), "{field}");
    // The table of contents still leads to every field's section.
    assert!(html.contains("<a href=\"#group-verwaltung\">"));
    // A field of one project says so in the singular.
    let one = between(
        &html,
        "<section aria-labelledby=\"group-infrastruktur\">",
        "</section>",
    );
    assert!(
        one.contains("<p class=\"group-count\">1 Projekt – seine Karte zeigt die Seite des Handlungsfelds.</p>"),
        "{one}"
    );
    // A document made of the pages has no field pages to refer to: its list keeps the cards.
    let doc = exported(&s);
    assert!(!doc.contains("Bei mehr als 200 Projekten listet diese Seite"));
    assert!(!doc.contains("class=\"group-count\""));
    assert!(
        doc.matches("<li class=\"card").count() >= total,
        "every card in the document"
    );
}

/// Above `DETAIL_LIMIT` projects the timeline page shows the Zeitstrahl as an image of its file
/// (at 10,000 projects it is 13 MB, which the page would carry a second time), with the
/// chart's title and description as the image's text; a document made of the pages, which has
/// no files beside it, keeps it in the page.
#[test]
fn a_large_portfolio_shows_its_zeitstrahl_as_an_image_of_its_file() {
    let s = large_portfolio();
    let page = s.read("timeline/index.html");
    let figure = between(&page, "<figure class=\"chart chart-wide\">", "</figure>");
    assert!(!figure.contains("<svg"), "not inline: {figure}");
    let file = s.read("timeline/zeitstrahl.svg");
    let attr = |text: &str, name: &str| -> String {
        let at = text.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        text[at..at + text[at..].find('"').expect("end")].to_string()
    };
    let svg_tag = between(&file, "<svg", ">");
    let img = between(figure, "<img class=\"chart-svg\"", ">");
    assert_eq!(attr(img, "src"), "zeitstrahl.svg");
    assert_eq!(attr(img, "width"), attr(svg_tag, "width"));
    assert_eq!(attr(img, "height"), attr(svg_tag, "height"));
    let title = between(&file, "<title id=\"zeitstrahl-title\">", "</title>")
        .trim_start_matches("<title id=\"zeitstrahl-title\">");
    assert!(title.starts_with("Zeitstrahl"), "{title}");
    assert!(attr(img, "alt").starts_with(&format!("{title}. ")), "{img}");
    // The table below still lists every project.
    let total = s.read("data/projects.csv").lines().count() - 1;
    let tables = between(&page, "<div id=\"zeitstrahl-tabelle\">", "</main>");
    assert_eq!(tables.matches("<th scope=\"row\">").count(), total);
    let doc = exported(&s);
    assert!(
        doc.contains("zeitstrahl-title\">Zeitstrahl"),
        "inline in the document"
    );
    assert!(!doc.contains("src=\"zeitstrahl.svg\""));
}

/// The document `roadmap export` makes of site `s` (its HTML).
fn exported(s: &Site) -> String {
    let doc = s.root().join("anlage.html");
    let r = common::run_on(
        "export",
        s.root(),
        &["--output", doc.to_str().expect("path")],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::read_to_string(&doc).expect("export")
}

/// A KPI label's text alternative reads as its label shows: what looks like an HTML tag in a
/// frontmatter text is text on the page, and in the chart's `alt` and table summary too.
#[test]
fn a_kpi_chart_text_alternative_keeps_what_its_label_shows() {
    let s = Site::fixture("dashboard");
    let file = "content/projekte/e-akte.md";
    let text = std::fs::read_to_string(s.root().join(file))
        .expect("fixture")
        .replace(
            "label: Angebundene Fachbereiche",
            "label: \"Angebundene <Fach>bereiche & <b>Ämter</b>\"",
        );
    s.write(file, &text);
    s.build_ok();
    let page = s.read("projekte/e-akte/index.html");
    let shown = "Angebundene &lt;Fach&gt;bereiche &amp; &lt;b&gt;Ämter&lt;/b&gt;";
    let img = between(&page, "<img class=\"chart-kpi\" ", ">");
    assert!(img.contains(&format!("{shown}\"")), "{img}");
    assert!(page.contains(&format!("<span class=\"visually-hidden\">: {shown}</span>")));
}
