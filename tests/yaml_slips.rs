//! YAML slips that would change a text or a number without a word: a German thousands point
//! (`450.000`), a text that starts with `&` or `!` (an anchor, a tag), a text YAML cannot
//! start with. Each is an error at its place with the form to write.

mod common;
use common::Site;

/// A German thousands point (`450.000`) is a number to YAML (450) and another to a German
/// reader (450,000): refused wherever the content has an amount, with the line and both ways
/// to write it; plain decimals still read as numbers.
#[test]
fn a_thousands_point_is_refused_not_misread() {
    for (line, shown, suggestion) in [
        (
            "budget:\n  - label: Umsetzung\n    total: 450.000\n",
            "total: 450.000",
            "or `450` for 450",
        ),
        (
            "budget:\n  - {label: Umsetzung, total: 1000, own_share: 1.500}\n",
            "own_share: 1.500",
            "or `1.5` for 1.5",
        ),
        (
            "kpis:\n  - label: Personen\n    target: \"5.000\"\n",
            "target: \"5.000\"",
            "Write `5000` for 5000",
        ),
        (
            "kpis:\n  - label: Personen\n    values: {2022-Q1: 12.000}\n",
            "2022-Q1: 12.000",
            "Write `12000` for 12000",
        ),
        // A fraction of three places: the suggestion keeps its value.
        (
            "kpis:\n  - label: Anteil\n    values: {2022-Q1: 48.333}\n",
            "2022-Q1: 48.333",
            "or `48.3330` for 48.333",
        ),
    ] {
        let s = Site::german();
        s.write(
            "content/projekte/zahl.md",
            &format!("---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n{line}---\nText.\n"),
        );
        s.build_fails(&[
            "content/projekte/zahl.md:",
            shown,
            "is ambiguous",
            suggestion,
        ]);
    }
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nbudget:\n  - {label: Umsetzung, total: 450000.00, own_share: 1.5}\n---\nText.\n",
    );
    s.build_ok();
    assert!(s.read("projekte/zahl/index.html").contains("450.000,00"));
}

/// A plain text that starts with `&` or `!` would lose its first word to YAML (an anchor, a
/// tag) or become empty; a value starting with `*`, `-`, `>` or `?` is not text to YAML. Each
/// is an error at the mark, with the text in quotes as the fix; YAML's own uses stay allowed.
#[test]
fn a_text_yaml_would_read_as_an_anchor_or_tag_is_an_error_with_the_quoted_form() {
    for (line, message, fix) in [
        (
            "title: &NIS-2 Umsetzung",
            "this text would be `Umsetzung`",
            "title: \"&NIS-2 Umsetzung\"",
        ),
        (
            "title: !!Rechenzentren bündeln",
            "reads `!!Rechenzentren` as a tag",
            "title: \"!!Rechenzentren bündeln\"",
        ),
        (
            "title: &Ausblick",
            "this value would be empty",
            "title: \"&Ausblick\"",
        ),
        (
            "title: Zahl\nkpis:\n  - !Wichtig ist das",
            "this text would be `ist das`",
            "- \"!Wichtig ist das\"",
        ),
        (
            "title: Zahl\nbudget:\n  - {label: &SOC Zentrum, total: 1000}",
            "reads `&SOC` as an anchor",
            "{label: \"&SOC Zentrum\"",
        ),
        (
            "title: *Kompetenz* für alle",
            "cannot start with `*`",
            "title: \"*Kompetenz* für alle\"",
        ),
        (
            "title: - Punkt",
            "cannot start with `-`",
            "title: \"- Punkt\"",
        ),
        (
            "title: ? Was kommt",
            "cannot start with `?`",
            "title: \"? Was kommt\"",
        ),
    ] {
        let s = Site::german();
        s.write(
            "content/projekte/zahl.md",
            &format!("---\n{line}\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n---\nText.\n"),
        );
        s.build_fails(&["content/projekte/zahl.md:", message, fix]);
    }
    // YAML's own: an anchor on a list, its alias, an explicit string tag, `&` inside a text.
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Bau & Betrieb\ndescription: !!str 010\nfield: verwaltung\ncategory: A\nlead: &l [\"10\"]\ncanvas:\n  partners: *l\n---\nText.\n",
    );
    s.build_ok();
    assert!(s
        .read("projekte/zahl/index.html")
        .contains("Bau &amp; Betrieb"));
}

/// A number beyond what a 64-bit float keeps exactly (2^53) would be shown as three different
/// values (page, CSV, JSON): an error that says to use a larger unit.
#[test]
fn a_number_too_large_to_keep_exactly_is_an_error() {
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nbudget:\n  - {label: Alles, total: 99999999999999999999999999999}\n---\nText.\n",
    );
    s.build_fails(&[
        "content/projekte/zahl.md:",
        "larger than a number this format keeps exactly",
    ]);
    // 2^53 + 1 would be read as 2^53: refused too.
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nbudget:\n  - {label: Alles, total: 9007199254740993}\n---\nText.\n",
    );
    s.build_fails(&[
        "content/projekte/zahl.md:7:",
        "larger than a number this format keeps exactly",
    ]);
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nbudget:\n  - {label: Alles, total: 1500000000.55}\n---\nText.\n",
    );
    s.build_ok();
}

/// Every fault of a file's data is reported at once, each at its line, so that an editor
/// fixes them in one go; what only follows from another fault is not reported, and a file
/// whose YAML does not read gets its first fault only.
#[test]
fn every_fault_of_a_frontmatter_is_reported_at_once() {
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nnumbr: 3\nkpis:\n  - label: Anträge\n    traget: 100\nstatus:\n  progres: 40\n  rating: green\n---\nText.\n",
    );
    let r = s.build_fails(&[
        "content/projekte/zahl.md:6:1: invalid YAML: unknown key `numbr`",
        "content/projekte/zahl.md:9:5: invalid YAML: unknown key `traget`",
        "content/projekte/zahl.md:11:3: invalid YAML: unknown key `progres`",
        "3 errors",
    ]);
    assert!(
        r.stderr.contains("did you mean `progress`?"),
        "{}",
        r.stderr
    );
    // A title of the wrong shape, set aside, is then missing: still one fault.
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: [Zahl]\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n---\nText.\n",
    );
    s.build_fails(&["content/projekte/zahl.md:2:", "1 error"]);
    // roadmap.yaml too.
    let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
    s.write(
        "roadmap.yaml",
        &format!("{config}\nsubtitel: x\nsearh: true\n"),
    );
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n---\nText.\n",
    );
    s.build_fails(&["unknown key `subtitel`", "unknown key `searh`", "2 errors"]);
}

/// An invisible control character pasted from a word processor (a vertical tab) is named at
/// its place; a small decimal (`0.005`) is no thousands point; one KPI quarter written two
/// ways (`2026-Q3`, `2026-q3`) is one quarter with two values, an error.
#[test]
fn invisible_characters_small_decimals_and_a_quarter_written_twice() {
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nstatus:\n  rating_note: Schnitt\u{b}stelle fehlt\n---\nText.\n",
    );
    s.build_fails(&[
        "content/projekte/zahl.md:7:23",
        "control character U+000B (a vertical tab",
        "delete it",
    ]);
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nkpis:\n  - {label: Fehlerquote, target: 0.005, values: {2026-Q3: 0.01}}\n---\nText.\n",
    );
    s.build_ok();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nkpis:\n  - label: Anträge\n    values: {2026-Q3: 1, 2026-q3: 2}\n---\nText.\n",
    );
    s.build_fails(&[
        "content/projekte/zahl.md:7:5",
        "KPI `Anträge` has two values for 2026-Q3",
    ]);
}
