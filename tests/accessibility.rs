//! The accessibility statement, the footer slots for Leichte Sprache and Gebärdensprache, and
//! `roadmap check`.

use std::path::Path;
use std::process::Command;

use roadmap::site::{self, BuildOptions};

const BASE: &str =
    "title: Roadmap\ntimeline: {start: 2024-Q1, end: 2026-Q4}\nfields: [{key: a, title: A}]\n";

const STATEMENT: &str = "accessibility:
  status: partial
  non_accessible:
    - Videos ohne Untertitel
    - content: PDF-Anlagen
      reason: Sie stammen aus dem Ratsinformationssystem.
  alternatives: Auf Anfrage per E-Mail.
  contact: {name: Stelle, email: barrierefreiheit@example.org, phone: '0231 50-0'}
  enforcement: {name: Ombudsstelle, url: 'https://www.example.org/ombudsstelle'}
  assessed: 2026-01-15
  method: Selbstbewertung
";

fn site(config: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roadmap.yaml"), config).unwrap();
    for (rel, text) in files {
        let p = dir.path().join("content").join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Every rendered file, by path.
fn render(root: &Path) -> Result<Vec<(String, String)>, String> {
    let roadmap = site::load(&BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .map_err(|e| e.to_string())?;
    let (files, _) = site::render(&roadmap).map_err(|e| e.to_string())?;
    Ok(files
        .into_iter()
        .map(|f| (f.path, String::from_utf8_lossy(&f.bytes).into_owned()))
        .collect())
}

fn page<'a>(files: &'a [(String, String)], path: &str) -> &'a str {
    &files
        .iter()
        .find(|(p, _)| p == path)
        .unwrap_or_else(|| panic!("no {path}"))
        .1
}

#[test]
fn statement_renders_from_config_and_every_page_links_to_it() {
    let dir = site(
        &format!("{BASE}{STATEMENT}"),
        &[("seite.md", "---\ntitle: Seite\n---\nText\n")],
    );
    let files = render(dir.path()).unwrap();
    let html = page(&files, "barrierefreiheit/index.html");
    for text in [
        "<h1>Erklärung zur Barrierefreiheit</h1>",
        "teilweise vereinbar",
        "Videos ohne Untertitel",
        "Begründung: Sie stammen aus dem Ratsinformationssystem.",
        "Auf Anfrage per E-Mail.",
        "href=\"mailto:barrierefreiheit@example.org\"",
        "href=\"tel:0231500\"",
        "<a href=\"https://www.example.org/ombudsstelle\">Ombudsstelle</a>",
        "<time datetime=\"2026-01-15\">15. Januar 2026</time>",
        "Methode der Bewertung: Selbstbewertung",
        "aria-current=\"page\">Erklärung zur Barrierefreiheit</a>",
    ] {
        assert!(html.contains(text), "statement lacks {text:?}:\n{html}");
    }
    let pages: Vec<_> = files.iter().filter(|(p, _)| p.ends_with(".html")).collect();
    assert!(pages.len() >= 8);
    for (path, html) in pages {
        assert!(
            html.contains("<a href=\"/barrierefreiheit/\""),
            "{path} does not link to the statement"
        );
    }
}

#[test]
fn english_statement_has_its_own_path_and_words() {
    let config = format!(
        "{BASE}language: en\nbase_url: https://example.org/sub/\n{}",
        STATEMENT.replace("partial", "full")
    );
    let files = render(site(&config, &[]).path()).unwrap();
    let html = page(&files, "accessibility/index.html");
    assert!(html.contains("<h1>Accessibility statement</h1>"), "{html}");
    assert!(html.contains("This website is fully compliant"), "{html}");
    assert!(page(&files, "index.html")
        .contains("<a href=\"/sub/accessibility/\">Accessibility statement</a>"));
}

#[test]
fn without_the_key_nothing_changes_and_the_slug_stays_free() {
    // Sites written before the statement existed may have their own page `barrierefreiheit`.
    let config = format!("{BASE}legal: {{Barrierefreiheit: barrierefreiheit}}\n");
    let dir = site(
        &config,
        &[(
            "barrierefreiheit.md",
            "---\ntitle: Barrierefreiheit\n---\nEigene Seite.\n",
        )],
    );
    let files = render(dir.path()).unwrap();
    assert!(page(&files, "barrierefreiheit/index.html").contains("Eigene Seite."));
    assert!(!page(&files, "index.html").contains("Erklärung zur Barrierefreiheit"));
    assert!(!page(&files, "index.html").contains("Leichte Sprache"));
}

#[test]
fn statement_and_a_page_of_the_same_path_collide() {
    let dir = site(
        &format!("{BASE}{STATEMENT}"),
        &[("barrierefreiheit.md", "---\ntitle: B\n---\nx\n")],
    );
    let err = render(dir.path()).unwrap_err();
    assert!(
        err.contains("would be written to `barrierefreiheit/`"),
        "{err}"
    );
}

#[test]
fn statement_keys_are_validated() {
    let bad = STATEMENT
        .replace("status: partial", "status: partiel")
        .replace("assessed: 2026-01-15", "assessed: 2026-13-01");
    let err = render(site(&format!("{BASE}{bad}"), &[]).path()).unwrap_err();
    assert!(
        err.contains("accessibility.status `partiel` is not known")
            && err.contains("did you mean `partial`?"),
        "{err}"
    );
    assert!(err.contains("`2026-13-01` is not a date"), "{err}");
    let err = render(
        site(
            &format!("{BASE}{}", STATEMENT.replace("  method:", "  methode:")),
            &[],
        )
        .path(),
    )
    .unwrap_err();
    assert!(
        err.contains("unknown key `methode`") && err.contains("did you mean `method`?"),
        "{err}"
    );
    let no_way = STATEMENT.replace(
        "email: barrierefreiheit@example.org, phone: '0231 50-0'",
        "email: mailto:x",
    );
    let err = render(site(&format!("{BASE}{no_way}"), &[]).path()).unwrap_err();
    assert!(err.contains("is not an e-mail address"), "{err}");
    let no_url = STATEMENT.replace(", url: 'https://www.example.org/ombudsstelle'", "");
    let err = render(site(&format!("{BASE}{no_url}"), &[]).path()).unwrap_err();
    assert!(
        err.contains("accessibility.enforcement needs `name:` and `url:`"),
        "{err}"
    );
    // At the line of its key, as a fault of a whole key is (`fields` left empty).
    assert!(err.contains("roadmap.yaml:12:1: "), "{err}");
    let empty = BASE.replace("fields: [{key: a, title: A}]", "fields: []");
    let err = render(site(&format!("{empty}{STATEMENT}"), &[]).path()).unwrap_err();
    assert!(
        err.contains("roadmap.yaml:3:1: invalid content: `fields` is empty"),
        "{err}"
    );
}

#[test]
fn leichte_sprache_and_gebaerdensprache_links_in_the_footer() {
    let config = format!(
        "{BASE}leichte_sprache: leichte-sprache\ngebaerdensprache: https://www.example.org/dgs\n"
    );
    let dir = site(
        &config,
        &[(
            "leichte-sprache.md",
            "---\ntitle: Leichte Sprache\n---\nDas ist die Seite.\n",
        )],
    );
    let files = render(dir.path()).unwrap();
    for (path, html) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            html.contains(">Leichte Sprache</a>") && html.contains("/leichte-sprache/"),
            "{path}"
        );
        assert!(
            html.contains("<a href=\"https://www.example.org/dgs\">Gebärdensprache</a>"),
            "{path}"
        );
    }
    assert!(page(&files, "leichte-sprache/index.html")
        .contains("aria-current=\"page\">Leichte Sprache</a>"));

    let err = render(
        site(
            &format!("{BASE}leichte_sprache: leichte-sprach\n"),
            &[("leichte-sprache.md", "---\ntitle: L\n---\nx\n")],
        )
        .path(),
    )
    .unwrap_err();
    assert!(
        err.contains("`leichte_sprache` points to `leichte-sprach`")
            && err.contains("did you mean `leichte-sprache`?"),
        "{err}"
    );
}

fn check(root: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_warns_about_an_old_assessment_and_writes_nothing() {
    let old = STATEMENT.replace("assessed: 2026-01-15", "assessed: 2020-01-15");
    let dir = site(&format!("{BASE}{old}"), &[]);
    let (code, err) = check(dir.path());
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning:") && err.contains("2020-01-15 is more than a year old"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "check wrote the site");

    let today = roadmap::quarter::today().to_string();
    let fresh = STATEMENT.replace("assessed: 2026-01-15", &format!("assessed: {today}"));
    let (code, err) = check(
        site(
            &format!("{BASE}base_url: https://www.example.org/\n{fresh}"),
            &[],
        )
        .path(),
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("no errors, 0 warnings"), "{err}");
}

#[test]
fn check_fails_on_errors() {
    let (code, err) = check(site("title: T\n", &[]).path());
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error:"), "{err}");
}
