//! One test per class of bad input: exit status 1, a message naming the file (and the line where
//! YAML is at fault), and the previous output left exactly as it was.

mod common;

use common::{snapshot, Site};

/// Builds the good site, breaks it with `f`, builds again and checks the failure.
fn fails(f: impl FnOnce(&Site), expect: &[&str]) -> String {
    let s = Site::german();
    s.build_ok();
    let before = snapshot(&s.out());
    f(&s);
    let r = s.build();
    assert_eq!(r.code, 1, "expected exit 1, got {}:\n{}", r.code, r.stderr);
    for e in expect {
        assert!(r.stderr.contains(e), "message lacks `{e}`:\n{}", r.stderr);
    }
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let after = snapshot(&s.out());
    assert!(before == after, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(s.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
    r.stderr
}

const GOOD: &str = "---\ntitle: Neu\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n---\nText\n";

#[test]
fn broken_yaml() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                "---\ntitle: Neu\nfield: [verwaltung\nlead: x\n---\n",
            )
        },
        &["projekte/neu.md:", "invalid YAML"],
    );
}

#[test]
fn missing_required_key() {
    let e = fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                "---\ntitle: Neu\ncategory: A\nlead: [\"10\"]\n---\n",
            )
        },
        &["projekte/neu.md:", "field"],
    );
    assert!(e.contains("missing"), "{e}");
}

#[test]
fn misspelt_key_gets_suggestion() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                "---\ntitle: Neu\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nmilestnoe: 2023-Q1\n---\n",
            )
        },
        &[
            "projekte/neu.md:6:",
            "milestnoe",
            "did you mean `milestone`?",
        ],
    );
}

#[test]
fn misspelt_config_key_gets_suggestion() {
    fails(
        |s| {
            s.write(
                "roadmap.yaml",
                &common::CONFIG.replace("subtitle:", "subtitel:"),
            )
        },
        &["roadmap.yaml:2:", "did you mean `subtitle`?"],
    );
}

#[test]
fn unknown_field() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                &GOOD.replace("field: verwaltung", "field: verwaltun"),
            )
        },
        &[
            "projekte/neu.md:3:",
            "unknown field `verwaltun`",
            "did you mean `verwaltung`?",
        ],
    );
}

#[test]
fn unknown_category() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                &GOOD.replace("category: A", "category: D"),
            )
        },
        &["projekte/neu.md:4:", "unknown category `D`"],
    );
}

#[test]
fn unknown_goal() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                &GOOD.replace("lead:", "goal: einfach\nlead:"),
            )
        },
        &[
            "projekte/neu.md:5:",
            "unknown goal `einfach`",
            "did you mean `einfacher`?",
        ],
    );
}

#[test]
fn bad_quarter() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                &GOOD.replace("lead:", "milestone: 2023-Q5\nlead:"),
            )
        },
        &["projekte/neu.md:5:", "2023-Q5", "YYYY-Qn"],
    );
}

#[test]
fn from_after_to() {
    fails(
        |s| {
            s.write(
                "content/projekte/neu.md",
                &GOOD.replace(
                    "lead:",
                    "schedule:\n  - phase: Konzeption\n    from: 2024-Q3\n    to: 2023-Q1\nlead:",
                ),
            )
        },
        &["projekte/neu.md:8:", "before it starts"],
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    fails(
        |s| {
            s.write(
                "content/unterordner/hintergrund.md",
                "---\ntitle: Doppelt\n---\n",
            )
        },
        &[
            "unterordner/hintergrund.md",
            "content/hintergrund.md",
            "already taken",
        ],
    );
}

#[test]
fn bad_slug() {
    fails(
        |s| s.write("content/Über Uns.md", "---\ntitle: Über uns\n---\n"),
        &["Über Uns.md", "not a valid file name", "ueber-uns.md"],
    );
}

#[test]
fn reserved_slug() {
    fails(
        |s| s.write("content/timeline.md", "---\ntitle: Zeit\n---\n"),
        &["timeline.md", "reserved"],
    );
}

#[test]
fn a_page_inside_a_generated_folder_is_refused() {
    // content/fields/x.md would be written where a field's page is (or among them): which of
    // the two a build kept was chance.
    for (file, folder) in [
        ("fields/smart-city.md", "fields/"),
        ("categories/a.md", "categories/"),
        ("departments/10.md", "departments/"),
    ] {
        fails(
            |s| {
                s.write(
                    &format!("content/{file}"),
                    "---\ntitle: Kollision\n---\nText.\n",
                )
            },
            &[
                file,
                &format!("inside `{folder}`"),
                "move it into another folder",
            ],
        );
    }
}

#[test]
fn invalid_utf8() {
    fails(
        |s| {
            s.write_bytes(
                "content/kaputt.md",
                b"---\ntitle: Kaputt\n---\nGr\xfc\xdfe\n",
            )
        },
        &["kaputt.md:4:3:", "UTF-8", "save the file as UTF-8"],
    );
    // roadmap.yaml too, at its line and column (columns count characters, not bytes).
    fails(
        |s| {
            let config = std::fs::read(s.root().join("roadmap.yaml")).unwrap();
            let mut bytes = b"# \xc3\xa4\xc3\xa4 Gr\xfc\xdfe\n".to_vec();
            bytes.extend(config);
            s.write_bytes("roadmap.yaml", &bytes);
        },
        &["roadmap.yaml:1:8:", "not valid UTF-8"],
    );
}

#[test]
fn missing_config() {
    fails(|s| s.remove("roadmap.yaml"), &["roadmap.yaml", "missing"]);
}

#[test]
fn broken_md_link() {
    fails(
        |s| {
            s.write(
                "content/ausblick.md",
                "---\ntitle: Ausblick\n---\nErste Zeile\n\nSiehe [hier](projekte/e-akt.md).\n",
            )
        },
        &[
            "ausblick.md:6",
            "projekte/e-akt.md",
            "did you mean `projekte/e-akte.md`?",
        ],
    );
}

/// A web address written without its scheme reads as a file name: the help says so.
#[test]
fn a_web_address_without_scheme_is_told_to_add_it() {
    fails(
        |s| {
            s.write(
                "content/ausblick.md",
                "---\ntitle: Ausblick\n---\nSiehe [Land](www.salzburg.gv.at/digital).\n",
            )
        },
        &[
            "ausblick.md:4",
            "write it with its scheme: `https://www.salzburg.gv.at/digital`",
        ],
    );
}

#[test]
fn broken_fragment() {
    fails(
        |s| {
            s.write(
                "content/ausblick.md",
                "---\ntitle: Ausblick\n---\nSiehe [hier](hintergrund.md#ziel).\n",
            )
        },
        &["ausblick.md:4", "#ziel", "did you mean `#ziele`?"],
    );
}

#[test]
fn template_error_in_override() {
    fails(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | nosuchfilter }}\n{% endblock content %}\n")
        },
        &["templates/page.html:3:", "nosuchfilter"],
    );
}

#[test]
fn template_render_error_in_override() {
    fails(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.nosuchkey.deeper }}\n{% endblock content %}\n")
        },
        &["templates/page.html:3:"],
    );
}

#[test]
fn all_errors_are_reported_at_once() {
    let e = fails(
        |s| {
            s.write(
                "content/projekte/a.md",
                &GOOD.replace("field: verwaltung", "field: x"),
            );
            s.write(
                "content/projekte/b.md",
                &GOOD.replace("category: A", "category: Z"),
            );
        },
        &["projekte/a.md", "projekte/b.md"],
    );
    assert!(e.contains("2 errors"), "{e}");
}

/// A file that fails to load does not hide the broken links of the others: they come in the
/// same run. Links to the failed files (a page, an anchor in it, a file of its folder) are not
/// taken for broken, whichever way the file failed (an unknown value, invalid YAML, a
/// frontmatter never closed).
#[test]
fn broken_links_are_reported_beside_files_that_fail() {
    let e = fails(
        |s| {
            s.write(
                "content/projekte/a.md",
                &GOOD.replace("field: verwaltung", "field: x"),
            );
            s.write("content/projekte/b.md", "---\ntitle: [B\n---\nText\n");
            s.write("content/projekte/c.md", "---\ntitle: C\nText\n");
            s.write(
                "content/ausblick.md",
                "---\ntitle: Ausblick\n---\nZu [a](projekte/a.md#ziel), [b](/projekte/b/), \
                 [c](projekte/c.md) und [seine Grafik](/projekte/c/zeithorizont.svg).\n\n\
                 Nicht da: [weg](projekte/weg.md) und [Anker](hintergrund.md#nirgends).\n",
            );
        },
        &[
            "projekte/a.md:3:",
            "projekte/b.md:2:",
            "projekte/c.md",
            "ausblick.md:6:",
            "projekte/weg.md",
            "#nirgends",
        ],
    );
    assert!(e.contains("5 errors"), "{e}");
    assert!(
        !e.contains("ausblick.md:4"),
        "a link to a failed file was refused:\n{e}"
    );
    // A file refused for its slug (a copy elsewhere took it first) is there too: the link to
    // it is not a broken link, and no help points at the copy.
    let e = fails(
        |s| {
            let text = std::fs::read_to_string(s.root().join("content/ausblick.md")).unwrap();
            s.write("content/archiv/ausblick.md", &text.replace("](", "](../"));
            s.write(
                "content/verweis.md",
                "---\ntitle: Verweis\n---\nSiehe [Ausblick](ausblick.md).\n",
            );
        },
        &["the slug `ausblick` is already taken"],
    );
    assert!(e.contains("1 error"), "{e}");
}

/// A footer link of roadmap.yaml to a page that does not exist is reported at its line, with
/// the nearest page slug.
#[test]
fn a_footer_link_to_no_page_is_reported_at_its_line() {
    let e = fails(
        |s| {
            let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
            s.write(
                "roadmap.yaml",
                &config.replace("Datenschutz: datenschutz", "Datenschutz: hintergrnd"),
            );
        },
        &[
            "roadmap.yaml:30:16:",
            "legal link `Datenschutz` points to `hintergrnd`",
            "did you mean `hintergrund`?",
        ],
    );
    assert!(e.contains("30 |   Datenschutz: hintergrnd"), "{e}");
}

/// An empty title in roadmap.yaml (the roadmap's, a field's, a legal link's words) would make
/// an empty `<title>`, heading or link: refused at its line.
#[test]
fn empty_titles_in_the_configuration_are_refused() {
    for (from, to, says) in [
        (
            "title: Roadmap Teststadt 2022–2026",
            "title: \"\"",
            "roadmap.yaml:1:1: invalid content: `title` is empty",
        ),
        (
            "    title: Smart City",
            "    title: \" \"",
            "roadmap.yaml:16:10: invalid content: fields `smart-city` has an empty title",
        ),
        (
            "  Datenschutz: datenschutz",
            "  \"\": datenschutz",
            "a legal link has an empty label",
        ),
    ] {
        fails(
            |s| {
                let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
                s.write("roadmap.yaml", &config.replace(from, to));
            },
            &[says],
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let s = Site::german();
    let r = s.build_with(&["--no-such-flag"]);
    assert_eq!(r.code, 2);
    let r = s.build_with(&["--base-url", "not a url"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

/// A budget line's amount below zero, and YAML's infinities and `.nan` wherever the content
/// has a number, are refused at their line with what to write.
#[test]
fn negative_amounts_and_infinities_are_refused_at_their_line() {
    for (line, shown, says) in [
        (
            "budget:\n  - label: Umsetzung\n    total: -100\n",
            "total: -100",
            "`-100` is negative",
        ),
        (
            "budget:\n  - {label: Umsetzung, total: 1000, own_share: -5.5}\n",
            "own_share: -5.5",
            "write `5.5`",
        ),
        (
            "kpis:\n  - label: Personen\n    target: .inf\n",
            "target: .inf",
            "`.inf` is not a usable number",
        ),
        (
            "kpis:\n  - label: Personen\n    values: {2022-Q1: .nan}\n",
            "2022-Q1: .nan",
            "`.nan` is not a usable number",
        ),
        ("number: .inf\n", "number: .inf", "not a usable number"),
    ] {
        let s = Site::german();
        s.write(
            "content/projekte/zahl.md",
            &format!("---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\n{line}---\nText.\n"),
        );
        let r = s.build_fails(&["content/projekte/zahl.md:", shown, says]);
        assert!(!r.stderr.contains("zahl.md:2:1:"), "{}", r.stderr);
    }
    // A KPI may fall below zero (a balance, a change).
    let s = Site::german();
    s.write(
        "content/projekte/zahl.md",
        "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nkpis:\n  - {label: Saldo, target: -20, values: {2022-Q1: -35}}\n---\nText.\n",
    );
    s.build_ok();
}

/// A `lead` entry must name a department: an empty one or a role alone is an error at the
/// `lead` line, as an empty `lead` is.
#[test]
fn a_lead_entry_names_a_department() {
    for (lead, says) in [
        (
            "[\"(Koordination)\", \"10\"]",
            "names no department, `(Koordination)`",
        ),
        ("[\"\", \"10\"]", "has an empty entry"),
        ("[]", "`lead` is empty"),
    ] {
        let s = Site::german();
        s.write(
            "content/projekte/zahl.md",
            &format!(
                "---\ntitle: Zahl\nfield: verwaltung\ncategory: A\nlead: {lead}\n---\nText.\n"
            ),
        );
        s.build_fails(&["content/projekte/zahl.md:5:1", says]);
    }
}

/// A level of the rating scale needs words: an empty label would leave colour and mark alone.
#[test]
fn a_rating_level_without_words_is_refused() {
    let s = Site::german();
    s.write(
        "roadmap.yaml",
        &format!(
            "{}ratings:\n  - {{key: green, color: \"#1e7b34\", label: \"\"}}\n  - {{key: red, color: \"#b3261e\"}}\n",
            common::CONFIG
        ),
    );
    s.build_fails(&["roadmap.yaml:", "ratings `green`: the label is empty"]);
}

/// A file that cannot be split (its frontmatter is never closed) does not hide the faults of
/// the others: every file that can be read is validated, and all are reported at once.
#[test]
fn a_frontmatter_never_closed_hides_no_other_fault() {
    let e = fails(
        |s| {
            s.write(
                "content/projekte/offen.md",
                "---\ntitle: Offen\nfield: verwaltung\n",
            );
            s.write("content/ausblick.md", "---\ntitle: [kaputt\n---\nText\n");
        },
        &[
            "projekte/offen.md:1:1",
            "is never closed",
            "ausblick.md:2:",
            "2 errors",
        ],
    );
    assert!(!e.contains("3 errors"), "{e}");
}

/// A page that cannot be made (here: its template fails) is the error; links to its anchors
/// from other pages are not reported broken besides, as they would be for lack of its ids.
#[test]
fn a_page_that_fails_brings_no_broken_links_of_its_own() {
    let s = Site::german();
    s.write(
        "templates/project.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ project.nosuchkey.deeper }}\n{% endblock content %}\n",
    );
    let run = s.build_fails(&["templates/project.html:3:"]);
    assert!(
        !run.stderr.contains("#kpi") && !run.stderr.contains("broken link"),
        "{}",
        run.stderr
    );
}

/// A page's address is made of its folders' names too: a folder that cannot be part of one
/// (an umlaut, a space, a `%` a browser would read as an escape, capitals) is an error, once
/// per folder, with the name to use.
#[test]
fn a_folder_whose_name_cannot_be_an_address_is_named_once() {
    let s = Site::german();
    for file in [
        "Über uns/team.md",
        "Über uns/kontakt.md",
        "a b%20c/alt.md",
        "berichte/Jahr 2024/q1.md",
    ] {
        s.write(
            &format!("content/{file}"),
            "---\ntitle: Seite\n---\nText.\n",
        );
    }
    let run = s.build_fails(&[
        "the folder `content/Über uns/`",
        "`ueber-uns`",
        "the folder `content/a b%20c/`",
        "the folder `content/berichte/Jahr 2024/`",
        "`jahr-2024`",
    ]);
    assert_eq!(
        run.stderr.matches("content/Über uns/").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 errors"), "{}", run.stderr);
}
