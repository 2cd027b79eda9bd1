//! Search, filter and sort: the Pagefind index a build writes (read back from its gzipped
//! fragments), the search page and the header's search field, and the data attributes the
//! theme's table script filters and sorts by. What a browser does with them is the job of
//! scripts/browser-test.mjs (a CI gate).

mod common;

use std::io::Read;

use common::{between, duplicate_ids, Site};
use serde_json::Value;

/// Every page the index holds: the JSON of each fragment file (`pagefind_dcd` + JSON, gzipped).
fn fragments(site: &Site) -> Vec<Value> {
    fragments_in(&site.out().join("pagefind"))
}

/// The pages of one part of an index, from its folder's `fragment/`.
fn fragments_in(part: &std::path::Path) -> Vec<Value> {
    let dir = part.join("fragment");
    let mut out: Vec<Value> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(
                std::fs::File::open(e.expect("entry").path()).expect("open"),
            )
            .read_to_string(&mut text)
            .expect("gzip");
            let json = text.strip_prefix("pagefind_dcd").unwrap_or_else(|| {
                panic!("not a Pagefind fragment: {}", &text[..text.len().min(40)])
            });
            serde_json::from_str(json).expect("fragment JSON")
        })
        .collect();
    out.sort_by_key(|f| f["url"].as_str().unwrap_or_default().to_string());
    out
}

fn entry(site: &Site) -> Value {
    serde_json::from_str(&site.read("pagefind/pagefind-entry.json")).expect("entry JSON")
}

#[test]
fn the_index_holds_each_project_with_title_lead_kpis_partners_and_body() {
    let s = Site::german();
    s.build_ok();
    let pages = fragments(&s);
    let akte = pages
        .iter()
        .find(|f| f["url"] == "/projekte/e-akte/")
        .unwrap_or_else(|| {
            panic!(
                "no fragment for /projekte/e-akte/ among {:?}",
                pages.iter().map(|f| &f["url"]).collect::<Vec<_>>()
            )
        });
    assert_eq!(akte["meta"]["title"], "Elektronische Akte");
    assert_eq!(akte["meta"]["kind"], "Projekt");
    assert_eq!(akte["meta"]["field"], "Digitale Verwaltung");
    let content = akte["content"].as_str().expect("content");
    for text in [
        "Elektronische Akte",
        "Lead 10",
        "Fachbereiche angebunden",
        "Personalrat",
        "Dienstleister",
        "Die E-Akte ersetzt Papier",
    ] {
        assert!(
            content.contains(text),
            "the index lacks {text:?}: {content}"
        );
    }
    // Soft hyphens are taken out, breadcrumb, schedule and pager left out.
    assert!(!content.contains('\u{ad}'), "{content}");
    for left_out in ["Startseite", "Zeithorizont", "Nächstes Projekt"] {
        assert!(
            !content.contains(left_out),
            "{left_out:?} indexed: {content}"
        );
    }
    // Every project and prose page, the fields and categories; not the listings that repeat them.
    let urls: Vec<&str> = pages.iter().filter_map(|f| f["url"].as_str()).collect();
    for url in [
        "/projekte/glasfaser/",
        "/hintergrund/",
        "/fields/verwaltung/",
        "/categories/b/",
    ] {
        assert!(urls.contains(&url), "{url} not indexed: {urls:?}");
    }
    for url in [
        "/",
        "/dashboard/",
        "/projekte/",
        "/overview/",
        "/timeline/",
        "/search/",
    ] {
        assert!(!urls.contains(&url), "{url} indexed: {urls:?}");
    }
    // German stemming: the index is German and ships the German stemmer.
    let e = entry(&s);
    assert_eq!(e["languages"]["de"]["wasm"], "de", "{e}");
    assert_eq!(e["languages"]["de"]["page_count"], pages.len(), "{e}");
    assert!(s.out().join("pagefind/pagefind.js").is_file());
    assert!(s.out().join("pagefind/wasm.de.pagefind").is_file());
    assert!(
        !s.out().join("pagefind/pagefind-ui.js").exists(),
        "Pagefind's unused UI is published"
    );
}

#[test]
fn an_english_site_under_a_sub_path_gets_an_english_index_with_urls_from_its_root() {
    let s = Site::fixture("english-subpath");
    s.build_ok();
    let pages = fragments(&s);
    let portal = pages
        .iter()
        .find(|f| f["meta"]["title"] == "Citizens' service portal")
        .expect("the portal project is indexed");
    // pagefind.js puts the site's path (/digital/roadmap/) in front, from where it is loaded.
    assert_eq!(portal["url"], "/projects/portal/");
    assert_eq!(portal["meta"]["kind"], "Project");
    assert_eq!(entry(&s)["languages"]["en"]["wasm"], "en");
    let search = s.read("search/index.html");
    assert!(
        search.contains("data-index=\"/digital/roadmap/pagefind/\""),
        "{search}"
    );
}

#[test]
fn the_index_follows_the_content_and_repeats_byte_for_byte() {
    let s = Site::german();
    s.build_ok();
    let first = common::snapshot(&s.out().join("pagefind"));
    s.build_ok();
    assert_eq!(
        first,
        common::snapshot(&s.out().join("pagefind")),
        "two builds wrote different indexes"
    );
    s.write("content/projekte/glasfaser.md", "---\ntitle: Glasfaser für Schulen\nnumber: 1\nfield: infrastruktur\ncategory: B\nlead: [Wirtschaftsförderung]\n---\nSchnelles Netz.\n");
    s.build_ok();
    let titles: Vec<Value> = fragments(&s)
        .iter()
        .map(|f| f["meta"]["title"].clone())
        .collect();
    assert!(
        titles.contains(&Value::from("Glasfaser für Schulen")),
        "{titles:?}"
    );
    assert!(
        !titles.contains(&Value::from("Glasfaserausbau")),
        "{titles:?}"
    );
}

#[test]
fn the_search_page_works_as_a_form_and_says_what_to_do_without_javascript() {
    let s = Site::german();
    s.build_ok();
    let page = s.read("search/index.html");
    let form = between(&page, "<form class=\"search-form\"", "</form>");
    for part in [
        "role=\"search\"",
        "action=\"/search/\"",
        "method=\"get\"",
        "<label for=\"search-q\">Suchbegriff</label>",
        "<input id=\"search-q\" type=\"search\" name=\"q\"",
        "<button type=\"submit\">Suchen</button>",
    ] {
        assert!(form.contains(part), "search form lacks {part}: {form}");
    }
    let note = between(&page, "data-search-nojs", "</div>");
    assert!(note.contains("Die Suche braucht JavaScript"), "{note}");
    assert!(
        note.contains("<a href=\"/projekte/\">"),
        "no link to the project list: {note}"
    );
    assert!(
        page.contains("role=\"status\""),
        "no live region for the result count"
    );
    assert!(page.contains("<script src=\"/static/search.js\" defer data-export=\"omit\"></script>"));
    assert!(s.out().join("static/search.js").is_file());
    // The search page has no second search field in its header.
    assert!(
        !page.contains("site-search"),
        "the search page repeats the header field"
    );
    assert!(
        duplicate_ids(&s.out()).is_empty(),
        "{:?}",
        duplicate_ids(&s.out())
    );
}

#[test]
fn every_other_page_has_a_labelled_search_field_in_its_header() {
    let s = Site::german();
    s.build_with(&["--base-url", "https://example.org/roadmap/"]);
    for page in [
        "index.html",
        "projekte/e-akte/index.html",
        "dashboard/index.html",
        "404.html",
    ] {
        let html = s.read(page);
        let form = between(&html, "<form class=\"site-search\"", "</form>");
        assert!(
            form.contains("role=\"search\" action=\"/roadmap/search/\" method=\"get\""),
            "{page}: {form}"
        );
        assert!(form.contains("<label for=\"site-search-q\" class=\"visually-hidden\">Roadmap durchsuchen</label>"), "{page}: {form}");
        assert!(
            form.contains("<input id=\"site-search-q\" type=\"search\" name=\"q\""),
            "{page}: {form}"
        );
        let header = between(&html, "<header class=\"site-header\">", "</header>");
        assert!(
            header.contains(form),
            "{page}: the field is not in the header"
        );
    }
}

/// The German site with `line` added to its roadmap.yaml, and the file's text before.
fn german_with(line: &str) -> (Site, String) {
    let s = Site::german();
    let config = s.root().join("roadmap.yaml");
    let text = std::fs::read_to_string(&config).expect("roadmap.yaml");
    std::fs::write(&config, format!("{text}\n{line}\n")).expect("roadmap.yaml");
    (s, text)
}

#[test]
fn a_site_that_says_search_false_gets_no_index_no_search_page_and_no_search_field() {
    let (s, text) = german_with("search: false");
    s.build_with(&["--base-url", "https://example.org/roadmap/"]);
    let out = s.out();
    assert!(!out.join("pagefind").exists(), "an index was written");
    assert!(!out.join("search").exists(), "a search page was written");
    assert!(
        !out.join("static/search.js").exists(),
        "the search page's script was published"
    );
    assert!(out.join("static/style.css").exists());
    let mut pages = 0;
    for (path, bytes) in common::snapshot(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = String::from_utf8_lossy(&bytes);
            assert!(!html.contains("site-search"), "{path:?} has a search field");
            assert!(!html.contains("/search/"), "{path:?} links the search page");
        }
    }
    assert!(pages > 10, "only {pages} pages");
    let sitemap = s.read("sitemap.xml");
    assert!(sitemap.contains("/roadmap/projekte/e-akte/"), "{sitemap}");
    assert!(!sitemap.contains("/search/"), "{sitemap}");
    // Left out, the key means search, as before.
    std::fs::write(s.root().join("roadmap.yaml"), text).expect("roadmap.yaml");
    s.build_with(&["--base-url", "https://example.org/roadmap/"]);
    assert!(out.join("pagefind/pagefind.js").exists());
    assert!(out.join("static/search.js").exists());
    assert!(s.read("index.html").contains("<form class=\"site-search\""));
}

#[test]
fn a_search_key_that_is_not_true_or_false_is_an_error_at_its_line() {
    let (s, _) = german_with("search: vielleicht");
    let r = s.build_fails(&["roadmap.yaml:", "expected `true` or `false`"]);
    assert!(r.stderr.contains("search: vielleicht"), "{}", r.stderr);
    // A mapping or a list where one value belongs is said in the editor's words.
    let (s, _) = german_with("search: {}");
    let r = s.build_fails(&["roadmap.yaml:", "expected a single value", "not a list"]);
    assert!(!r.stderr.contains("scalar"), "{}", r.stderr);
}

#[test]
fn a_page_cannot_take_the_search_page_s_place() {
    let s = Site::german();
    s.write("content/search.md", "---\ntitle: Suche\n---\nText.\n");
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("would be written to `search/`"),
        "{}",
        r.stderr
    );
}

const STATUS: &str = "---\ntitle: Glasfaserausbau\nnumber: 1\nfield: infrastruktur\ncategory: B\nlead: [Wirtschaftsförderung, \"32\"]\nmilestone: 2023-Q3\nstatus:\n  phase: Umsetzung\n  progress: 40\n  rating: red\n---\nSchnelles Netz.\n";

#[test]
fn the_project_table_is_complete_and_carries_what_filters_and_sort_read() {
    let s = Site::german();
    s.write("content/projekte/glasfaser.md", STATUS);
    s.build_ok();
    let page = s.read("projekte/index.html");
    let tools = between(&page, "<div class=\"table-tools all-projects-tools\"", ">");
    assert!(
        tools.contains("data-filters=\"field category lead phase rating\""),
        "{tools}"
    );
    assert!(tools.contains("data-table-tools"), "{tools}");
    assert!(tools.contains("data-label-rating=\"Bewertung\""), "{tools}");
    assert!(
        tools.contains("data-text-count=\"{shown} von {total} Projekten\""),
        "{tools}"
    );
    let table = between(
        &page,
        "<table class=\"data all-projects stack\">",
        "</table>",
    );
    assert_eq!(
        table.matches("<tr data-filter").count(),
        4,
        "a row per project: {table}"
    );
    for key in [
        "title",
        "number",
        "milestone",
        "phase",
        "progress",
        "rating",
    ] {
        assert!(
            table.contains(&format!("data-sort=\"{key}\"")),
            "no {key} column to sort by"
        );
    }
    let fibre = between(table, "data-sort-title=\"Glasfaserausbau\"", "</tr>");
    let attrs = between(table, "<tr data-filter-category=\"B – Verwaltungsweite Projekte\" data-filter-field=\"Digitale Infrastruktur\"", ">");
    for attr in [
        // Departments by their names: "32" is numbered, so it reads "Fachbereich 32".
        "data-filter-lead=\"Wirtschaftsförderung\nFachbereich 32\"",
        "data-filter-phase=\"Umsetzung\"",
        "data-filter-rating=\"kritisch\"",
        "data-sort-milestone=\"2023-Q3\"",
        "data-sort-number=\"1\"",
        "data-sort-progress=\"40\"",
        "data-sort-rating=\"1\"",
    ] {
        assert!(attrs.contains(attr), "row lacks {attr:?}: {attrs}");
    }
    assert!(
        fibre.contains("Q3 2023") && fibre.contains("40\u{a0}%") && fibre.contains("kritisch"),
        "{fibre}"
    );
    // A project without milestone or status has no key to sort by, and says so in its cells.
    let team = between(table, "<tr data-filter-category=\"B – Verwaltungsweite Projekte\" data-filter-field=\"Digitale Verwaltung\" data-filter-lead=\"Fachbereich 10\" data-sort-category=\"1\" data-sort-field=\"0\" data-sort-number=\"4\"", "</tr>");
    assert!(
        !team.contains("data-sort-milestone") && !team.contains("data-filter-rating"),
        "{team}"
    );
    assert!(team.contains("ohne Statusangabe"), "{team}");
    assert!(page
        .contains("<script src=\"/static/table-tools.js\" defer data-export=\"omit\"></script>"));
}

#[test]
fn the_dashboard_rows_carry_the_same_attributes() {
    let s = Site::german();
    s.write("content/projekte/glasfaser.md", STATUS);
    s.build_ok();
    let page = s.read("dashboard/index.html");
    assert!(
        page.contains("data-table-tools"),
        "no table tools on the dashboard"
    );
    // One table of all projects, a row each.
    assert_eq!(page.matches("<tr data-filter").count(), 4, "{page}");
    assert!(page.contains("data-filter-rating=\"kritisch\""), "{page}");
    for key in [
        "number",
        "title",
        "phase",
        "progress",
        "rating",
        "milestone",
    ] {
        assert!(
            page.contains(&format!("data-sort=\"{key}\"")),
            "no {key} column to sort by"
        );
    }
}

#[test]
fn a_large_index_comes_in_parts_that_together_hold_every_page_once() {
    let whole = Site::german();
    whole.build_ok();
    let all: Vec<Value> = fragments(&whole)
        .into_iter()
        .map(|f| f["url"].clone())
        .collect();
    let shards: Value =
        serde_json::from_str(&whole.read("pagefind/shards.json")).expect("shards JSON");
    assert_eq!(shards, serde_json::json!({ "shards": [] }));

    // The same site with parts of three pages (the number a large site gets is 1,000).
    let parted = Site::german();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["build", "--root"])
        .arg(parted.root())
        .env("ROADMAP_SEARCH_SHARD_PAGES", "3")
        .output()
        .expect("run roadmap");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let listed: Value =
        serde_json::from_str(&parted.read("pagefind/shards.json")).expect("shards JSON");
    let listed: Vec<&str> = listed["shards"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a path"))
        .collect();
    let expected = all.len().div_ceil(3);
    let names: Vec<String> = (2..=expected).map(|n| format!("shard-{n}/")).collect();
    assert_eq!(listed, names, "{} pages", all.len());
    let index = parted.out().join("pagefind");
    let mut found = fragments_in(&index);
    assert_eq!(found.len(), 3);
    for part in &listed {
        let dir = index.join(part);
        let pages = fragments_in(&dir);
        assert!(
            !pages.is_empty() && pages.len() <= 3,
            "{part}: {}",
            pages.len()
        );
        let entry: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("pagefind-entry.json")).expect("entry"),
        )
        .expect("entry JSON");
        assert_eq!(
            entry["languages"]["de"]["page_count"],
            pages.len(),
            "{entry}"
        );
        // The first part brings the scripts and the WebAssembly for all of them.
        for shared in ["pagefind.js", "pagefind-worker.js", "wasm.de.pagefind"] {
            assert!(!dir.join(shared).exists(), "{part}{shared} is written");
        }
        found.extend(pages);
    }
    let mut urls: Vec<Value> = found.into_iter().map(|f| f["url"].clone()).collect();
    urls.sort_by_key(|u| u.to_string());
    let mut all = all;
    all.sort_by_key(|u| u.to_string());
    assert_eq!(urls, all);
}

#[test]
fn a_status_box_is_indexed_word_by_word() {
    let s = Site::fixture("portfolio");
    s.build_ok();
    let pages = fragments(&s);
    let page = pages
        .iter()
        .find(|f| f["url"] == "/projekte/ratsinfo/")
        .expect("the project is indexed");
    let content = page["content"].as_str().expect("content");
    // A term and its definition are two words, as a reader sees them.
    assert!(content.contains("Phase Umsetzung"), "{content}");
    assert!(!content.contains("PhaseUmsetzung"), "{content}");
    // Pagefind takes no chart of an ignored part as the page's image.
    assert!(page["meta"].get("image").is_none(), "{}", page["meta"]);
}

/// Pages the index does not take are written into their file as they render; with raw HTML
/// allowed, a body may mark its page for the index itself, and that page must still reach it.
#[test]
fn a_body_that_marks_its_page_for_the_index_is_indexed() {
    let (s, _) = german_with("markdown:\n  raw_html: allow");
    s.write(
        "content/_index.md",
        "---\ntitle: Start\n---\n<div data-pagefind-body>\n\nDas Quokka grüßt.\n\n</div>\n",
    );
    s.build_ok();
    let urls: Vec<String> = fragments(&s)
        .iter()
        .map(|f| f["url"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(urls.contains(&"/".to_string()), "{urls:?}");
    assert!(!urls.contains(&"/timeline/".to_string()), "{urls:?}");
}

/// The index takes the pages the build made, as Pagefind's own program would take a site's
/// pages: an HTML file among the site's assets (an archived copy of an old site, say) is
/// published as it is, but it is not a page of this site and is not indexed, even when it
/// carries the index's mark.
#[test]
fn html_files_among_the_assets_are_not_indexed() {
    let s = Site::german();
    let archived = "<!DOCTYPE html><html lang=\"de\"><head><title>Alt</title></head>\
                    <body><main data-pagefind-body><h1>Alt</h1><p>Archivwortquokka</p></main></body></html>";
    s.write("assets/archiv/index.html", archived);
    s.write("content/notizen/alt.html", archived);
    s.build_ok();
    assert!(s.out().join("assets/archiv/index.html").is_file());
    let urls: Vec<String> = fragments(&s)
        .iter()
        .map(|f| f["url"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(urls.contains(&"/projekte/e-akte/".to_string()), "{urls:?}");
    assert!(
        !urls
            .iter()
            .any(|u| u.contains("archiv") || u.contains("notizen")),
        "{urls:?}"
    );
}
