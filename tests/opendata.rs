//! Issue 13, open data: every build writes data/roadmap.json (valid against the JSON Schema
//! beside it), data/projects.csv (RFC 4180, UTF-8 with BOM) and data/dcat.jsonld (DCAT-AP.de),
//! and a data page that the footer of every page links to.

mod common;

use common::Site;

fn json(s: &Site, rel: &str) -> serde_json::Value {
    serde_json::from_str(&s.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The German test site plus a project whose texts hold everything CSV must quote.
fn site() -> Site {
    let s = Site::german();
    s.write(
        "roadmap.yaml",
        &format!(
            "base_url: https://www.teststadt.example/roadmap/\ndata_licence: dl-de/by-2-0\n{}",
            common::CONFIG
        ),
    );
    s.write(
        "content/projekte/quote.md",
        "---\ntitle: \"Bürgerbüro \\\"Süd\\\", Außenstelle\"\nfield: smart-city\ncategory: A\nlead: [\"32\", \"Ämter; Büros\"]\nkpis:\n  - {label: \"Wartezeit, Minuten\", target: 10, due: 2024-Q4, values: {2023-Q1: 25, 2023-Q3: 18}}\ncanvas:\n  value:\n    - |-\n      Erste Zeile\n      zweite Zeile mit \"Zitat\"\nstatus:\n  phase: Umsetzung\n  progress: 40\n  rating: amber\n---\nText.\n",
    );
    s.build_ok();
    s
}

#[test]
fn roadmap_json_validates_against_its_schema_and_has_every_project() {
    let s = site();
    let data = json(&s, "data/roadmap.json");
    let schema = json(&s, "data/roadmap.schema.json");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "draft 2020-12"
    );
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // A file that breaks the schema is caught (the check can fail).
    let mut broken = data.clone();
    broken["projects"][0]["kpis"] = serde_json::json!("keine Liste");
    assert!(!validator.is_valid(&broken));

    let projects = data["projects"].as_array().unwrap();
    let slugs: Vec<&str> = projects
        .iter()
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    for slug in ["e-akte", "signatur", "kollaboration", "glasfaser", "quote"] {
        assert!(slugs.contains(&slug), "{slug} missing: {slugs:?}");
    }
    let e_akte = projects.iter().find(|p| p["slug"] == "e-akte").unwrap();
    for key in [
        "title",
        "short_title",
        "programme",
        "number",
        "field",
        "category",
        "goal",
        "lead",
        "kpis",
        "schedule",
        "milestone",
        "status",
        "canvas",
        "budget",
        "description",
        "url",
    ] {
        assert!(e_akte.get(key).is_some(), "key {key} missing");
    }
    assert_eq!(
        e_akte["url"],
        "https://www.teststadt.example/roadmap/projekte/e-akte/"
    );
    assert_eq!(e_akte["number"], 2.0);
    assert_eq!(e_akte["milestone"], "2022-Q4");
    assert_eq!(e_akte["budget"][0]["total"], 1615250.0);
    assert_eq!(e_akte["schedule"][1]["to"], "open");
    assert_eq!(e_akte["canvas"]["partners"][0]["label"], "Intern");
    let quote = projects.iter().find(|p| p["slug"] == "quote").unwrap();
    assert_eq!(quote["kpis"][0]["values"][1]["quarter"], "2023-Q3");
    assert_eq!(quote["kpis"][0]["values"][1]["value"], 18.0);
    assert_eq!(quote["status"]["rating"], "amber");
    assert_eq!(quote["derived"]["rating_label"], "gefährdet");
    assert_eq!(
        data["licence"]["uri"],
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    );
}

#[test]
fn projects_csv_round_trips_umlauts_quotes_commas_and_newlines() {
    let s = site();
    let bytes = std::fs::read(s.out().join("data/projects.csv")).unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let documented: Vec<&str> = roadmap::opendata::csv_columns()
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(header, documented);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5, "one row per project");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let quote = rows.iter().find(|r| &r[col("slug")] == "quote").unwrap();
    assert_eq!(&quote[col("title")], "Bürgerbüro \"Süd\", Außenstelle");
    assert_eq!(&quote[col("lead")], "32; Ämter; Büros");
    assert_eq!(&quote[col("kpis")], "Wartezeit, Minuten");
    assert_eq!(
        &quote[col("value")],
        "Erste Zeile\nzweite Zeile mit \"Zitat\""
    );
    assert_eq!(&quote[col("progress")], "40");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
}

#[test]
fn dcat_record_names_both_distributions_and_the_licence() {
    let s = site();
    let d = json(&s, "data/dcat.jsonld");
    assert_eq!(d["@type"], "dcat:Dataset");
    assert_eq!(d["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    assert_eq!(d["@context"]["dct"], "http://purl.org/dc/terms/");
    assert_eq!(d["dct:title"], "Roadmap Teststadt 2022–2026");
    assert_eq!(d["dct:publisher"]["foaf:name"], "Stadt Teststadt");
    assert_eq!(d["dct:modified"], "2021-07");
    assert_eq!(
        d["dct:language"]["@id"],
        "http://publications.europa.eu/resource/authority/language/DEU"
    );
    assert_eq!(
        d["dct:license"]["@id"],
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    );
    let dist = d["dcat:distribution"].as_array().unwrap();
    let media: Vec<&str> = dist
        .iter()
        .map(|x| x["dcat:mediaType"]["@id"].as_str().unwrap())
        .collect();
    assert_eq!(
        media,
        [
            "https://www.iana.org/assignments/media-types/application/json",
            "https://www.iana.org/assignments/media-types/text/csv"
        ]
    );
    assert_eq!(
        dist[1]["dcat:downloadURL"]["@id"],
        "https://www.teststadt.example/roadmap/data/projects.csv"
    );
}

#[test]
fn the_data_page_lists_the_files_and_every_footer_links_it() {
    let s = site();
    let page = s.read("data/index.html");
    for f in [
        "roadmap.json",
        "roadmap.schema.json",
        "projects.csv",
        "dcat.jsonld",
    ] {
        assert!(page.contains(&format!("href=\"/roadmap/data/{f}\"")), "{f}");
    }
    assert!(
        page.contains("href=\"https://www.govdata.de/dl-de/by-2-0\""),
        "{page}"
    );
    for p in [
        "index.html",
        "hintergrund/index.html",
        "projekte/e-akte/index.html",
    ] {
        let html = s.read(p);
        let footer = common::between(&html, "<footer", "</footer>");
        assert!(footer.contains("href=\"/roadmap/data/\""), "{p}");
    }
    // English sites speak English on it.
    let en = Site::fixture("english-subpath");
    en.build_ok();
    assert!(en.read("data/index.html").contains("<h1>Open data</h1>"));
}

/// An editor's note in an HTML comment is never published: not on the page, and not in the
/// body's Markdown in `roadmap.json`; a comment written as code stays (it is text), and so
/// does one never closed, which the page shows as text too.
#[test]
fn an_html_comment_of_a_body_stays_out_of_the_open_data() {
    let s = Site::german();
    s.write(
        "content/projekte/notiz.md",
        "---\ntitle: Notiz\nfield: smart-city\ncategory: A\nlead: [\"32\"]\n---\nÖffentlich.\n\n<!-- INTERN: Vertragspartner insolvent -->\n\nText <!-- intern: Budget offen --> weiter.\n\n`<!-- als Code -->`\n\n<!-- nie geschlossen\nbis zum Ende\n",
    );
    s.build_ok();
    let data = json(&s, "data/roadmap.json");
    let project = data["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .find(|p| p["slug"] == "notiz")
        .expect("notiz");
    let body = project["body_markdown"].as_str().expect("body");
    assert!(
        body.contains("Öffentlich.") && body.contains("weiter."),
        "{body}"
    );
    assert!(body.contains("`<!-- als Code -->`"), "{body}");
    assert!(body.contains("<!-- nie geschlossen"), "{body}");
    assert!(s
        .read("projekte/notiz/index.html")
        .contains("nie geschlossen"));
    for secret in ["INTERN", "intern"] {
        assert!(!body.contains(secret), "{body}");
        assert!(!s.read_raw("data/roadmap.json").contains(secret));
        assert!(!s.read("projekte/notiz/index.html").contains(secret));
    }
}

/// Whole numbers are written as whole numbers (`2`, not `2.0`, which a schema's `integer`
/// or a spreadsheet may refuse); a status video among the site's files gets its address as
/// every other address of the data; the licence is named as readers know it.
#[test]
fn numbers_addresses_and_the_licence_read_as_written() {
    let s = site();
    s.write_bytes("assets/videos/film.mp4", b"\0\0\0\x18ftypmp42");
    s.write(
        "content/projekte/film.md",
        "---\ntitle: Film\nfield: smart-city\ncategory: A\nlead: [\"32\"]\nbudget:\n  - {label: Umsetzung, total: 1500, own_share: 12.5}\nstatus:\n  progress: 40\n  video: assets/videos/film.mp4\n---\nText.\n",
    );
    s.build_ok();
    let text = s.read("data/roadmap.json");
    for whole in [
        "\"number\": 2,",
        "\"total\": 1615250,",
        "\"progress\": 40,",
        "\"value\": 18",
    ] {
        assert!(text.contains(whole), "{whole}");
    }
    assert!(text.contains("\"own_share\": 12.5"));
    assert!(
        !text.contains(".0,") && !text.contains(".0\n"),
        "a whole number with a fraction"
    );
    let data = json(&s, "data/roadmap.json");
    let projects = data["projects"].as_array().unwrap();
    let film = projects.iter().find(|p| p["slug"] == "film").unwrap();
    assert_eq!(
        film["status"]["video"],
        "https://www.teststadt.example/roadmap/assets/videos/film.mp4"
    );
    assert!(s.read("assets/videos/film.mp4").starts_with("\0\0\0"));
    assert_eq!(data["licence"]["name"], "DL-DE BY 2.0");
    let footer = s.read("index.html");
    let footer = common::between(&footer, "<footer", "</footer>");
    // The name is kept whole where it fits (it broke at its hyphen on a phone).
    assert!(
        footer.contains(
            "class=\"whole\" href=\"https://www.govdata.de/dl-de/by-2-0\">DL-DE BY 2.0</a>"
        ),
        "{footer}"
    );
    assert!(!footer.contains("dl-de/by-2-0<"), "{footer}");
}
