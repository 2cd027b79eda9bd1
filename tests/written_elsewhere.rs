//! What editors bring from other tools and habits: line ends of old Macs, frontmatter in TOML
//! or JSON as Hugo and Zola take it, quarters and dates written as people say them, footnotes
//! that do not meet. Each either reads as meant or is a message at its place that says how
//! this format writes it; nothing is lost without a word.

mod common;
use common::Site;

fn project(front: &str, body: &str) -> String {
    format!("---\ntitle: Fremd\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n{front}---\n{body}")
}

/// A file whose lines end in a lone carriage return (classic Mac OS) reads line by line: its
/// frontmatter is found, its paragraphs stay apart, and an error in it names its own line.
#[test]
fn lone_carriage_returns_end_lines() {
    let s = Site::german();
    let text = project(
        "milestone: 2025-Q2\n",
        "Erster Absatz.\n\nZweiter Absatz.\n",
    );
    s.write("content/projekte/fremd.md", &text.replace('\n', "\r"));
    s.build_ok();
    let page = s.read("projekte/fremd/index.html");
    assert!(page.contains("<p>Erster Absatz.</p>"), "{page}");
    assert!(page.contains("<p>Zweiter Absatz.</p>"));
    let broken = project("milestone: [2025-Q2\n", "Text.\n").replace('\n', "\r");
    s.write("content/projekte/fremd.md", &broken);
    s.build_fails(&["content/projekte/fremd.md:6:", "6 | milestone: [2025-Q2\n"]);
}

/// Frontmatter in TOML (`+++`) or JSON, or a `---` with spaces before it, would be read as
/// body text (a project without a title): each is named, with the YAML to write.
#[test]
fn frontmatter_of_other_generators_is_named() {
    let s = Site::german();
    s.write(
        "content/projekte/fremd.md",
        "+++\ntitle = \"Fremd\"\nfield = \"verwaltung\"\n+++\nText.\n",
    );
    s.build_fails(&[
        "content/projekte/fremd.md:1:1",
        "TOML",
        "between `---` lines",
    ]);
    s.write(
        "content/hintergrund.md",
        "{\n  \"title\": \"Hintergrund\"\n}\nText.\n",
    );
    s.write("content/projekte/fremd.md", &project("", "Text.\n"));
    s.build_fails(&["content/hintergrund.md:1:1", "JSON"]);
    s.write(
        "content/hintergrund.md",
        " ---\ntitle: Hintergrund\n---\nText.\n",
    );
    s.build_fails(&["content/hintergrund.md:1:1", "indented", "remove the space"]);
    s.write(
        "content/hintergrund.md",
        "---\ntitle: Hintergrund\n  ---\nText.\n",
    );
    s.build_fails(&[
        "content/hintergrund.md:3:1",
        "does not close",
        "remove the 2 spaces",
    ]);
}

/// Quarters and dates as people write them get the format's spelling in the message.
#[test]
fn quarters_and_dates_written_otherwise_get_the_format_s_spelling() {
    for (front, says) in [
        ("milestone: 2027-2\n", "write `2027-Q2`"),
        ("milestone: 2026 Q4\n", "write `2026-Q4`"),
        ("milestone: 4. Quartal 2026\n", "write `2026-Q4`"),
        (
            "milestone: 2026-11\n",
            "a month, not a quarter: write the quarter that holds it, `2026-Q4`",
        ),
        (
            "status:\n  updated: 15.11.2026\n",
            "write `2026-11-15` (year-month-day)",
        ),
        (
            "status:\n  updated: 2026-02-30\n",
            "February 2026 has 28 days",
        ),
    ] {
        let s = Site::german();
        s.write("content/projekte/fremd.md", &project(front, "Text.\n"));
        s.build_fails(&["content/projekte/fremd.md:", says]);
    }
}

/// A footnote referred to but never defined, one defined twice, one nobody refers to: the
/// page is built as GitHub's Markdown shows it, and `build` and `check` warn at each place.
#[test]
fn footnotes_that_do_not_meet_are_warned_about() {
    let s = Site::german();
    s.write(
        "content/projekte/fremd.md",
        &project(
            "",
            "Belegt[^a] und offen[^b], im Code `[^c]`.\n\n[^a]: Quelle.\n[^A]: Nochmals.\n[^d]: Übrig.\n\n```\nCode [^e]\n[^f]: kein Verweis\n```\n\n    eingerückt [^g]\n",
        ),
    );
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    for says in [
        "content/projekte/fremd.md:7:21: the footnote `[^b]` has no definition",
        "content/projekte/fremd.md:10:1: the footnote `[^A]` is defined a second time (first on line 9)",
        "content/projekte/fremd.md:11:1: the footnote `[^d]` is defined, but nothing refers to it",
    ] {
        assert!(r.stderr.contains(says), "no {says:?} in\n{}", r.stderr);
    }
    assert!(
        ["[^c]", "[^e]", "[^f]", "[^g]"]
            .iter()
            .all(|c| !r.stderr.contains(&format!("footnote `{c}`"))),
        "code is no reference:\n{}",
        r.stderr
    );
    let page = s.read("projekte/fremd/index.html");
    assert!(page.contains("offen[^b]"), "shown as written");
    let check = common::run_on("check", s.root(), &["--strict"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check
        .stderr
        .contains("the footnote `[^b]` has no definition"));
}

/// A file name saved on macOS (`Übersicht.pdf` with `U` and a combining diaeresis) is
/// published composed, as links are typed, and a link typed either way arrives; two files
/// whose names differ only in letter case are warned about.
#[test]
fn file_names_are_published_composed_and_case_clashes_are_named() {
    let s = Site::german();
    let decomposed = "U\u{308}bersicht.pdf";
    s.write_bytes(&format!("content/{decomposed}"), b"%PDF-1.4\n");
    s.write(
        "content/ausblick.md",
        &format!("---\ntitle: Ausblick\n---\n[Übersicht](Übersicht.pdf) und [noch einmal]({decomposed}).\n"),
    );
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        s.out().join("Übersicht.pdf").is_file(),
        "published composed"
    );
    let page = s.read("ausblick/index.html");
    assert_eq!(
        page.matches("href=\"/%C3%9Cbersicht.pdf\"").count(),
        2,
        "{page}"
    );
    // A link whose name differs from the file's only in letter case is told so.
    s.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick\n---\n[Übersicht](ÜBERSICHT.pdf)\n",
    );
    s.build_fails(&[
        "broken link",
        "the file is content/Übersicht.pdf: write its name in the same letter case",
    ]);
    s.write("content/ausblick.md", "---\ntitle: Ausblick\n---\nText.\n");
    s.write_bytes("assets/Plan.pdf", b"%PDF-1.4\n");
    s.write_bytes("assets/plan.pdf", b"%PDF-1.4\n");
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("differ only in letter case"),
        "{}",
        r.stderr
    );
}

/// A roadmap dated ahead (`as_of` after this month) describes a later state than today's:
/// `check` warns with the line.
#[test]
fn an_as_of_ahead_of_today_is_warned_about() {
    let s = Site::german();
    let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
    let ahead: String = config
        .lines()
        .map(|l| {
            if l.starts_with("as_of:") {
                "as_of: 2999-01"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(ahead, config, "the test site has an as_of");
    s.write("roadmap.yaml", &ahead);
    let r = common::run_on("check", s.root(), &[]);
    assert!(
        r.stderr.contains("as_of 2999-01 lies in the future"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("roadmap.yaml:"), "{}", r.stderr);
}
