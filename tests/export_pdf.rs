//! `roadmap export --pdf`: the real binary exports fixture sites; poppler-utils (`pdfinfo`,
//! `pdftotext`) and lopdf read the PDFs back: pages, tags, PDF/A identification, title,
//! language, bookmarks, the text of every project and KPI, determinism, errors.
#![cfg(feature = "pdf")]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Site;

/// Runs `roadmap export --root ROOT --pdf OUT ARGS…`; (exit status, stderr).
fn export(root: &Path, out: &Path, args: &[&str]) -> (i32, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .arg("export")
        .arg("--root")
        .arg(root)
        .arg("--pdf")
        .arg(out)
        .args(args)
        .output()
        .expect("run roadmap");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn export_ok(root: &Path, out: &Path, args: &[&str]) {
    let (code, stderr) = export(root, out, args);
    assert_eq!(code, 0, "export failed:\n{stderr}");
    assert!(stderr.contains("Exported"), "{stderr}");
}

fn tool(name: &str, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(name)
        .args(args)
        .arg(pdf)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{name} (apt-get install poppler-utils): {e}"));
    assert!(
        o.status.success(),
        "{name}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `pdfinfo`'s value of `key` ("Pages", "Tagged", "Title").
fn info(pdf: &Path, key: &str) -> String {
    let out = tool("pdfinfo", &[], pdf);
    out.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in pdfinfo:\n{out}"))
        .trim()
        .to_string()
}

/// The text, in content order, without whitespace and hyphens: lines broken at a hyphen or by
/// hyphenation still match.
fn squeezed(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\u{ad}')
        .collect()
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &["-raw", "-enc", "UTF-8"], pdf)
}

/// The bookmarks (title, level) of a PDF.
fn bookmarks(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let toc = doc.get_toc().expect("the PDF has bookmarks");
    toc.toc.into_iter().map(|e| e.title).collect()
}

/// The document's /Lang from the catalog.
fn lang(pdf: &Path) -> String {
    let doc = lopdf::Document::load(pdf).expect("lopdf reads the PDF");
    let catalog = doc.catalog().expect("catalog");
    let l = catalog.get(b"Lang").expect("/Lang");
    String::from_utf8_lossy(l.as_str().expect("a string")).into_owned()
}

/// What every exported roadmap must satisfy: tagged PDF/A-2a with title, language and a bookmark
/// per project, every project title and KPI label in the text.
fn check_roadmap(root: &Path, pdf: &Path, title: &str, language: &str) -> String {
    let roadmap = roadmap::site::load(&roadmap::site::BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    })
    .expect("the fixture loads");
    let pages: usize = info(pdf, "Pages").parse().expect("a number");
    assert!(
        pages >= roadmap.projects.len() + 2,
        "{pages} pages for {} projects",
        roadmap.projects.len()
    );
    assert_eq!(info(pdf, "Tagged"), "yes");
    assert_eq!(info(pdf, "Title"), title);
    // No page after the title page holds only its running header and its number (a chapter's
    // page break at the top of a landscape page made one before the overview and timeline).
    for n in 2..=pages {
        let number = n.to_string();
        let page = tool("pdftotext", &["-f", &number, "-l", &number], pdf);
        let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
        let body = lines.len().saturating_sub(3);
        assert!(body > 0, "page {n} of {pages} is empty: {lines:?}");
    }
    let meta = tool("pdfinfo", &["-meta"], pdf);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>A</pdfaid:conformance>"),
        "{meta}"
    );
    assert_eq!(lang(pdf), language);
    let marks = bookmarks(pdf);
    let text = squeezed(&text_of(pdf));
    for p in &roadmap.projects {
        assert!(
            marks.iter().any(|m| m.contains(&p.title)),
            "no bookmark for {}: {marks:?}",
            p.title
        );
        assert!(text.contains(&squeezed(&p.title)), "title {}", p.title);
        for k in &p.kpis {
            assert!(
                text.contains(&squeezed(&k.label)),
                "KPI {} of {}",
                k.label,
                p.title
            );
        }
    }
    text
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_roadmap_is_a_tagged_pdf_a_and_deterministic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (a, b) = (tmp.path().join("a.pdf"), tmp.path().join("b.pdf"));
    let root = repo_root();
    std::thread::scope(|s| {
        s.spawn(|| export_ok(&root, &a, &[]));
        s.spawn(|| export_ok(&root, &b, &[]));
    });
    let text = check_roadmap(&root, &a, "Roadmap Digitalisierung 2020–2025", "de");
    assert!(
        std::fs::read(&a).expect("a") == std::fs::read(&b).expect("b"),
        "two exports of the same input differ"
    );
    // The gender star stays a star, in a body and in a KPI.
    assert!(text.contains("Bürger*innen"), "gender star");
    assert!(text.contains("User*innen"), "gender star in a KPI");
    // Chapters, generated parts and the fields are bookmarks too.
    let marks = bookmarks(&a);
    for m in [
        "Hintergrund",
        "Projektübersicht",
        "Zeitstrahl",
        "Dashboard",
        "Smart City",
    ] {
        assert!(
            marks.iter().any(|x| x.contains(m)),
            "no bookmark {m}: {marks:?}"
        );
    }
    // Money per language, ratings as words, the document's reference on the title page.
    assert!(text.contains(&squeezed("DS-Nr. 21874-21")));
    assert!(text.contains(&squeezed("Inhaltsverzeichnis")));
}

/// A landscape chapter (the overview of four fields, the timeline) after a page of text
/// starts on the next page, with no empty page before it; the dashboard's project names keep
/// their width beside a long rating note.
#[test]
fn landscape_chapters_follow_without_an_empty_page() {
    let site = Site::fixture("one-project");
    let config = std::fs::read_to_string(site.root().join("roadmap.yaml")).unwrap();
    let config = config.replace(
        "fields:\n  - key: verwaltung\n    title: Digitale Verwaltung\n",
        "fields:\n  - key: verwaltung\n    title: Digitale Verwaltung\n  - key: b\n    title: Bildung\n  - key: c\n    title: Klima\n  - key: d\n    title: Mobilität\n",
    );
    site.write(
        "roadmap.yaml",
        &format!("{config}outline: [hintergrund, overview, projects, timeline, dashboard]\n"),
    );
    site.write(
        "content/hintergrund.md",
        &format!(
            "---\ntitle: Hintergrund\n---\n{}",
            "Ein Absatz über den Hintergrund.\n\n".repeat(30)
        ),
    );
    let project =
        std::fs::read_to_string(site.root().join("content/projects/e-rechnung.md")).unwrap();
    site.write(
        "content/projects/e-rechnung.md",
        &project.replacen(
            "---\n",
            "---\nstatus:\n  phase: Umsetzung\n  rating: red\n  rating_note: Die Vergabe wurde angefochten; eine Stillhaltefrist von zehn Wochen läuft.\n",
            1,
        ),
    );
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    check_roadmap(site.root(), &pdf, "Roadmap mit einem Projekt", "de");
    let text = text_of(&pdf);
    assert!(
        text.contains("E-Rechnung"),
        "the project's name whole in the dashboard"
    );
}

#[test]
fn english_fixture_speaks_english() {
    let site = Site::fixture("en-roadmap");
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    let text = check_roadmap(site.root(), &pdf, "Smart Harbourtown 2030", "en");
    assert!(text.contains("Contents"));
    assert!(text.contains("Page2of"), "the footer in English");
}

#[test]
fn one_project_site_and_the_default_path() {
    let site = Site::fixture("one-project");
    let (code, stderr) = {
        let o = Command::new(env!("CARGO_BIN_EXE_roadmap"))
            .args(["export", "--pdf", "--root"])
            .arg(site.root())
            .output()
            .expect("run");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    assert_eq!(code, Some(0), "{stderr}");
    let pdf = site.root().join("export/roadmap-mit-einem-projekt.pdf");
    assert!(pdf.is_file(), "{stderr}");
    check_roadmap(site.root(), &pdf, "Roadmap mit einem Projekt", "de");
    let leftovers: Vec<_> = std::fs::read_dir(site.root().join("export"))
        .expect("export/")
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

/// Every character that means something in Typst markup, in Markdown that shows it literally.
const SPECIAL: &str = r"#1 $5 @stadt a < b > c Bürger*innen snake_case C:\Temp [Entwurf] ein ` Backtick ~Tilde /pfad //x /* y */ = +1 -2 -- --- ... 'a' = b";

#[test]
fn typst_special_characters_come_out_as_written() {
    let site = Site::german();
    let title = r#"Test #1 $ @x <y> *z* _a_ \ [b] `c` ~ // -- ... 'q' "d""#;
    site.write(
        "roadmap.yaml",
        &common::CONFIG.replace(
            "title: Roadmap Teststadt 2022–2026",
            &format!("title: '{}'", title.replace('\'', "''")),
        ),
    );
    site.write(
        "content/projekte/sonder.md",
        &format!(
            "---\ntitle: '{}'\nfield: verwaltung\ncategory: A\nlead: [\"1\"]\nkpis: ['{}']\ncanvas:\n  value: ['{}']\n---\n{}\n\n1. Mai\n\n- Punkt\n",
            title.replace('\'', "''"),
            SPECIAL.replace('\'', "''"),
            SPECIAL.replace('\'', "''"),
            SPECIAL
        ),
    );
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    assert_eq!(info(&pdf, "Title"), title);
    let raw = text_of(&pdf);
    let text: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // The body, the KPI and the canvas item: three times the line as written.
    let n = text.matches(SPECIAL).count();
    assert!(n >= 3, "{n} times `{SPECIAL}` in:\n{text}");
    assert!(text.contains(title), "the title as written: {text}");
    assert!(text.contains("1. Mai"), "a list number stays a number");
}

#[test]
fn outlines_without_projects_and_roadmaps_without_projects_export() {
    // The overview, Zeitstrahl and dashboard name projects that the PDF does not show.
    let site = Site::fixture("en-roadmap");
    let config = std::fs::read_to_string(site.root().join("roadmap.yaml")).expect("config");
    site.write(
        "roadmap.yaml",
        &config.replace(
            "outline: [about, overview, projects, timeline, dashboard]",
            "outline: [about, overview, timeline, dashboard]",
        ),
    );
    export_ok(site.root(), &site.root().join("a.pdf"), &[]);
    // No project at all, no as_of: the date is the timeline's first day.
    let empty = Site::empty();
    empty.write(
        "roadmap.yaml",
        "title: Leer\ntimeline: {start: 2024-Q2, end: 2024-Q4}\nfields: [{key: a, title: A}]\n",
    );
    let pdf = empty.root().join("b.pdf");
    export_ok(empty.root(), &pdf, &[]);
    assert!(info(&pdf, "CreationDate").contains("Apr  1 00:00:00 2024"));
}

#[test]
fn a_site_adds_fonts_under_its_theme() {
    // New Computer Modern is embedded but unused by default; put there, it becomes the font.
    let font = typst_assets::fonts()
        .find(|data| {
            typst::text::Font::new(typst::foundations::Bytes::new(*data), 0)
                .is_some_and(|f| f.info().family == "New Computer Modern")
        })
        .expect("typst-assets has New Computer Modern");
    let site = Site::fixture("one-project");
    site.write_bytes("themes/default/fonts/Hausschrift.otf", font);
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    let fonts = tool("pdffonts", &[], &pdf);
    assert!(fonts.contains("NewCM10"), "{fonts}");
    // A file that is no font is an error naming it.
    site.write("themes/default/fonts/kaputt.ttf", "no font");
    let (code, stderr) = export(site.root(), &pdf, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("kaputt.ttf"), "{stderr}");
    assert!(stderr.contains("not a font"), "{stderr}");
}

#[test]
fn standards_can_be_chosen() {
    let site = Site::fixture("one-project");
    for (standard, want, absent) in [
        (
            "a-2b",
            "<pdfaid:conformance>B</pdfaid:conformance>",
            "pdfuaid",
        ),
        ("ua-1", "<pdfuaid:part>1</pdfuaid:part>", "pdfaid:part"),
        ("none", "", "pdfaid:part"),
    ] {
        let pdf = site.root().join(format!("{standard}.pdf"));
        export_ok(site.root(), &pdf, &["--pdf-standard", standard]);
        let meta = tool("pdfinfo", &["-meta"], &pdf);
        assert!(meta.contains(want), "{standard}: {meta}");
        assert!(!meta.contains(absent), "{standard}: {meta}");
        assert_eq!(info(&pdf, "Tagged"), "yes", "{standard}");
    }
}

#[test]
fn a_broken_template_is_an_error_naming_it_and_keeps_the_old_pdf() {
    let site = Site::fixture("one-project");
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    let before = std::fs::read(&pdf).expect("pdf");
    site.write(
        "themes/default/typst/roadmap.typ",
        "#let data = json(\"/data.json\")\n#set document(title: data.title)\n\n#unknown-function()\n",
    );
    let (code, stderr) = export(site.root(), &pdf, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("themes/default/typst/roadmap.typ:4:2"),
        "file and line: {stderr}"
    );
    assert!(
        stderr.contains("unknown variable: unknown-function"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        before,
        "old PDF unchanged"
    );
}

#[test]
fn a_validator_failure_names_the_cause() {
    let site = Site::fixture("one-project");
    // No embedded font has a rocket: PDF/A forbids a glyph that shows nothing.
    let file = site.root().join("content/projects/e-rechnung.md");
    let text = std::fs::read_to_string(&file).expect("project");
    site.write(
        "content/projects/e-rechnung.md",
        &text.replace("nur noch elektronisch", "nur noch elektronisch \u{1F680}"),
    );
    let out = site.root().join("x.pdf");
    let (code, stderr) = export(site.root(), &out, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("PDF/A-2a"), "{stderr}");
    assert!(
        stderr.contains('\u{1F680}'),
        "names the character: {stderr}"
    );
    assert!(!out.exists());
    // Without a standard the same text is written (with an empty box for the rocket).
    export_ok(site.root(), &out, &["--pdf-standard", "none"]);
}

/// A PNG of 2×2 pixels.
const PNG: [u8; 73] = [
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 253, 212, 154, 115, 0, 0, 0, 16, 73, 68, 65, 84, 120, 156, 99, 144, 181, 207, 3, 34, 6,
    8, 5, 0, 20, 226, 3, 41, 45, 102, 215, 133, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

#[test]
fn images_are_embedded_and_need_alternative_text() {
    let site = Site::fixture("one-project");
    site.write_bytes("content/bilder/plan.png", &PNG);
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\n---\nDer Plan:\n\n![Plan der Innenstadt](bilder/plan.png)\n",
    );
    let pdf = site.root().join("out.pdf");
    export_ok(site.root(), &pdf, &[]);
    let images = tool("pdfimages", &["-list"], &pdf);
    assert_eq!(images.lines().count(), 3, "one image:\n{images}");
    site.write(
        "content/plan.md",
        "---\ntitle: Plan\n---\nDer Plan:\n\n![](bilder/plan.png)\n",
    );
    let (code, stderr) = export(site.root(), &pdf, &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("content/plan.md:6:1"),
        "file and line: {stderr}"
    );
    assert!(
        stderr.contains("no alternative text, which PDF/A-2a requires"),
        "{stderr}"
    );
    // PDF/A-2b has no tags to put it in: a warning.
    let (code, stderr) = export(site.root(), &pdf, &["--pdf-standard", "a-2b"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning"), "{stderr}");
}

#[test]
fn export_without_pdf_writes_the_html_file_only() {
    let site = Site::fixture("one-project");
    let out = site.root().join("export");
    let o = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(["export", "--root"])
        .arg(site.root())
        .output()
        .expect("run");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("export/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().any(|n| n.ends_with(".html")), "{names:?}");
    assert!(!names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
    // Nor may the PDF land among the sources.
    let (code, stderr) = export(site.root(), &site.root().join("content/x.pdf"), &[]);
    assert_eq!(code, 2, "{stderr}");
}
