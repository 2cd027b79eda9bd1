//! Issue 17: messages an editor can act on (the source line with a caret, a help line in plain
//! words), `check --strict` and `--format json`, the warnings editors need, counts in singular
//! and plural, `init` and `new`, the site root found upwards, colour only where wanted.

mod common;

use std::process::Command;

use common::Site;

fn run_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_roadmap"));
    cmd.current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run roadmap");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A project file with `frontmatter` (the lines between the `---` lines).
fn project(frontmatter: &str) -> String {
    format!("---\n{frontmatter}\n---\nText.\n")
}

const GOOD: &str = "title: Neu\nfield: verwaltung\ncategory: A\nlead: [\"10\"]";

/// Builds the German site with `content/projekte/neu.md` holding `frontmatter`, expects exit 1,
/// and returns the message.
fn message_for(frontmatter: &str) -> String {
    let s = Site::german();
    s.write("content/projekte/neu.md", &project(frontmatter));
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    r.stderr
}

/// `message` has the error at `place` (`neu.md:L:C`), then the source line and a caret under
/// column C, then exactly `help`.
fn assert_diagnostic(message: &str, place: &str, source: &str, help: &str) {
    assert!(
        message.contains(&format!("neu.md:{place}: ")),
        "no `{place}` in:\n{message}"
    );
    let (line, col) = place.split_once(':').unwrap();
    let col: usize = col.parse().unwrap();
    let pad = " ".repeat(line.len());
    let expected = format!(
        "{line} | {source}\n{pad} | {}^",
        source
            .chars()
            .take(col - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect::<String>()
    );
    assert!(
        message.contains(&expected),
        "no caret block\n{expected}\nin:\n{message}"
    );
    assert!(
        message.contains(&format!("  help: {help}\n")),
        "no help `{help}` in:\n{message}"
    );
    for jargon in [
        "mapping values",
        "DuplicateKeyPolicy",
        "scanning",
        "floating point",
        "Option<",
    ] {
        assert!(
            !message.contains(jargon),
            "parser jargon `{jargon}`:\n{message}"
        );
    }
}

#[test]
fn a_colon_inside_a_value() {
    let m = message_for(&GOOD.replace("title: Neu", "title: Bauantrag: jetzt online"));
    assert_diagnostic(
        &m,
        "2:17",
        "title: Bauantrag: jetzt online",
        "put the text in quotes: `title: \"Bauantrag: jetzt online\"`",
    );
    let m = message_for(&format!("{GOOD}\nkpis:\n  - Konzeption: abgeschlossen"));
    assert_diagnostic(
        &m,
        "7:5",
        "  - Konzeption: abgeschlossen",
        "if this is one text, put it in quotes: `- \"Konzeption: abgeschlossen\"`",
    );
}

#[test]
fn a_tab_on_its_own_line() {
    let m = message_for(&GOOD.replace("\ncategory", "\n\tcategory"));
    assert_diagnostic(
        &m,
        "4:1",
        "\tcategory: A",
        "indent with spaces only (two per level); YAML does not allow tabs there",
    );
    let m = message_for(&format!("{GOOD}\nmilestone:\t2022-Q4"));
    assert_diagnostic(
        &m,
        "6:11",
        "milestone:\t2022-Q4",
        "write one space after the colon instead of the tab",
    );
}

#[test]
fn wrong_indentation() {
    let m = message_for(&GOOD.replace("\ncategory", "\n category"));
    assert_diagnostic(
        &m,
        "4:2",
        " category: A",
        "start `category:` at the beginning of the line, like the line above (it is indented by 1 space); only the entries of a key that ends with `:` are indented deeper",
    );
    let m = message_for(&format!(
        "{GOOD}\nschedule:\n  - phase: Konzeption\n      from: 2022-Q1"
    ));
    assert!(m.contains("neu.md:8:7"), "{m}");
    assert!(
        m.contains(
            "help: indent `from:` by 2 spaces, like the line above (it is indented by 6 spaces)"
        ),
        "{m}"
    );
}

#[test]
fn german_numbers_and_units() {
    let m = message_for(&format!(
        "{GOOD}\nbudget:\n  - label: Umsetzung\n    total: 450.000,00"
    ));
    assert_diagnostic(
        &m,
        "8:12",
        "    total: 450.000,00",
        "write the number without thousands separators and with a point before the decimals: `total: 450000.00`",
    );
    let m = message_for(&format!(
        "{GOOD}\nbudget:\n  - {{label: Umsetzung, total: 1.615.250,50}}"
    ));
    assert!(m.contains("`1.615.250,50` is not a number"), "{m}");
    assert!(m.contains("`total: 1615250.50`"), "{m}");
    let m = message_for(&format!(
        "{GOOD}\nstatus:\n  phase: Umsetzung\n  progress: 35 %"
    ));
    assert_diagnostic(
        &m,
        "8:13",
        "  progress: 35 %",
        "write the number alone, without a unit or `%`: `progress: 35`",
    );
    // A KPI value is named by its whole quarter.
    let m = message_for(&format!(
        "{GOOD}\nkpis:\n  - label: Nutzer\n    values: {{2026-Q1: \"viel\"}}"
    ));
    assert!(
        m.contains("`2026-Q1` takes a number, e.g. `2026-Q1: 1500.50`"),
        "{m}"
    );
}

#[test]
fn a_key_written_twice_names_both_lines() {
    let m = message_for(&format!("{GOOD}\nmilestone: 2022-Q4\nmilestone: 2023-Q1"));
    assert!(
        m.contains("the key `milestone` is written twice (lines 6 and 7)"),
        "{m}"
    );
    assert!(
        m.contains("help: keep one of the two: a key may appear once per level"),
        "{m}"
    );
}

#[test]
fn quotes_brackets_and_special_first_characters() {
    let m = message_for(&GOOD.replace("lead: [\"10\"]", "lead: [\"10\"\nmilestone: 2022-Q4"));
    assert_diagnostic(&m, "5:7", "lead: [\"10\"", "add `]` at the end of the line");
    let m = message_for(&GOOD.replace("title: Neu", "title: \"Das \"neue\" Portal\""));
    assert!(
        m.contains("help: put the whole text in single quotes: `title: 'Das \"neue\" Portal'`"),
        "{m}"
    );
    let m = message_for(&GOOD.replace("title: Neu", "title: @Home-Office"));
    assert_diagnostic(
        &m,
        "2:8",
        "title: @Home-Office",
        "put the text in quotes: `title: \"@Home-Office\"`",
    );
}

#[test]
fn a_bad_kpi_value_points_at_its_own_line() {
    let m = message_for(&format!(
        "{GOOD}\nkpis:\n  - label: Nutzer\n    target: 10\n    values:\n      2022-Q1: 3\n      2022-Q5: 4"
    ));
    assert!(
        m.contains("neu.md:11:7: invalid content: KPI `Nutzer`: `2022-Q5` is not a quarter"),
        "{m}"
    );
}

#[test]
fn a_project_outside_the_projects_folder_says_why_it_is_a_page() {
    let s = Site::german();
    s.write("content/e-rechnung.md", &project(GOOD));
    let r = s.build();
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "is read as a page, not a project, because it lies outside content/projekte/"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("help: to make it a project, move it to content/projekte/e-rechnung.md"),
        "{}",
        r.stderr
    );
    // A project one folder down, and one whose first project key is its number.
    let s = Site::german();
    s.write(
        "content/projekte/alt/x.md",
        &project(&format!("number: 4\n{GOOD}")),
    );
    let r = s.build();
    assert!(
        r.stderr.contains("unknown key `number`")
            && r.stderr.contains(
                "because projects lie directly in content/projekte/, not in a folder below it"
            ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_page_that_fails_to_load_is_no_second_fault_in_the_outline() {
    let s = Site::german();
    s.write(
        "content/ausblick.md",
        "---\ntitle: Ausblick: 2030\n---\nText\n",
    );
    let r = s.build();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("1 error"), "{}", r.stderr);
    assert!(!r.stderr.contains("outline entry"), "{}", r.stderr);
    // Nor a page whose frontmatter is never closed, in the outline or a footer link.
    let s = Site::german();
    s.write("content/ausblick.md", "---\ntitle: Ausblick\nText\n");
    s.write("content/datenschutz.md", "---\ntitle: Datenschutz\n");
    let r = s.build();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("2 errors"), "{}", r.stderr);
    assert!(!r.stderr.contains("outline entry"), "{}", r.stderr);
    assert!(!r.stderr.contains("legal link"), "{}", r.stderr);
}

#[test]
fn did_you_mean_only_for_one_clearly_nearest() {
    let s = Site::german();
    s.write(
        "content/projekte/neu.md",
        &project(&GOOD.replace("category: A", "category: D")),
    );
    let r = s.build();
    assert_eq!(r.code, 1);
    assert!(
        !r.stderr.contains("did you mean"),
        "A, B, C are equally near D:\n{}",
        r.stderr
    );
    s.write(
        "content/projekte/neu.md",
        &project(&GOOD.replace("verwaltung", "verwaltun")),
    );
    assert!(s.build().stderr.contains("did you mean `verwaltung`?"));
}

// ---------------------------------------------------------------------------- check

fn check(s: &Site, extra: &[&str]) -> (i32, String, String) {
    let root = s.root().to_string_lossy().into_owned();
    let mut args = vec!["check", "--root", &root];
    args.extend(extra);
    run_in(s.root(), &args, &[])
}

/// A site with one instance of every check warning.
fn site_with_warnings() -> Site {
    let s = Site::german();
    s.write(
        "roadmap.yaml",
        &format!(
            "base_url: https://www.teststadt.example/\n{}",
            common::CONFIG
        ),
    );
    s.write(
        "content/vergessen.md",
        "---\ntitle: Vergessen\n---\nNiemand verlinkt mich.\n",
    );
    s.write("content/projekte/zwilling.md", &project("title: Glasfaserausbau\nnumber: 2\nfield: verwaltung\ncategory: A\nlead: [\"10\"]\nmilestone: 2023-Q1"));
    s.write("content/projekte/alt.md", &project("title: Alter Stand\nnumber: 7\nfield: smart-city\ncategory: A\nlead: [\"10\"]\nmilestone: 2023-Q1\nstatus:\n  phase: Umsetzung\n  updated: 2020-01-15"));
    s.write("content/projekte/zukunft.md", &project("title: Zukunft\nnumber: 8\nfield: smart-city\ncategory: A\nlead: [\"10\"]\nmilestone: 2023-Q1\nstatus:\n  phase: Umsetzung\n  updated: 2099-01-15"));
    s
}

#[test]
fn check_warns_what_editors_need_and_strict_fails_on_it() {
    let s = site_with_warnings();
    let (code, _, err) = check(&s, &[]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "vergessen.md: no visitor can reach the page `vergessen`",
        "`Glasfaserausbau` has the same title as content/projekte/",
        "number 2 is taken in the field `verwaltung` by content/projekte/e-akte.md",
        "alt.md:10:12: status.updated 2020-01-15 is more than a year old",
        "zukunft.md:10:12: status.updated 2099-01-15 lies in the future",
        "e-akte.md:10:5: the KPI `Anzahl Nutzer*innen der E-Akte` has no target",
        "kollaboration.md: the project has no milestone",
    ] {
        assert!(err.contains(expected), "lacks `{expected}`:\n{err}");
    }
    let (code, _, err) = check(&s, &["--strict"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: ") && !err.contains("warning: "),
        "{err}"
    );
    // Once fixed, strict passes.
    let ok = Site::german();
    ok.write(
        "roadmap.yaml",
        &format!(
            "base_url: https://www.teststadt.example/\n{}",
            common::CONFIG
        ),
    );
    let (code, _, err) = check(&ok, &["--strict"]);
    assert_eq!(code, 1, "the German site has a KPI without target:\n{err}");
}

#[test]
fn check_speaks_json_for_pipelines() {
    let s = site_with_warnings();
    s.write(
        "content/projekte/neu.md",
        &project(&GOOD.replace("title: Neu", "title: Bau: jetzt")),
    );
    let (code, out, _) = check(&s, &["--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("one JSON object on stdout");
    assert_eq!(v["version"], 1);
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["kind"], "yaml");
    assert!(d["file"]
        .as_str()
        .unwrap()
        .ends_with("content/projekte/neu.md"));
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 11);
    assert_eq!(d["help"], "put the text in quotes: `title: \"Bau: jetzt\"`");
    // Without the error: the warnings, each with kind and file.
    s.remove("content/projekte/neu.md");
    let (code, out, _) = check(&s, &["--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], true);
    let kinds: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    for k in [
        "unreachable-page",
        "duplicate-title",
        "duplicate-number",
        "status-date",
        "kpi-without-target",
        "no-milestone",
    ] {
        assert!(kinds.contains(&k), "{k} missing from {kinds:?}");
    }
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["severity"] == "warning"));
    let (code, out, _) = check(&s, &["--format", "json", "--strict"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
}

// ------------------------------------------------------- counts, init, new, root, colour

#[test]
fn counts_in_singular_and_plural() {
    let s = Site::german();
    s.write(
        "content/projekte/neu.md",
        &project(&GOOD.replace("title: Neu", "title: A: b")),
    );
    assert!(s.build().stderr.contains("\n1 error\n"));
    s.write(
        "content/projekte/neu2.md",
        &project(&GOOD.replace("title: Neu", "title: C: d")),
    );
    assert!(s.build().stderr.contains("\n2 errors\n"));
    s.remove("content/projekte/neu.md");
    s.remove("content/projekte/neu2.md");
    let r = s.build();
    assert!(
        r.stderr.contains("1 warning") && !r.stderr.contains("1 warnings"),
        "{}",
        r.stderr
    );
    // Home tiles: one project in Infrastruktur, three in Verwaltung.
    let home = s.read("index.html");
    assert!(home.contains("1 Projekt</span>"), "{home}");
    assert!(home.contains("3 Projekte</span>"), "{home}");
    let en = Site::fixture("english-subpath");
    en.build_ok();
    let home = en.read("index.html");
    assert!(home.contains("1 project</span>"), "{home}");
    assert!(!home.contains("1 projects"), "{home}");
}

#[test]
fn init_and_new_set_the_month_and_the_next_number() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run_in(dir.path(), &["init", "site"], &[]);
    assert_eq!(code, 0, "{err}");
    let config = std::fs::read_to_string(dir.path().join("site/roadmap.yaml")).unwrap();
    let today = roadmap::quarter::today();
    assert!(
        config.contains(&format!("as_of: {:04}-{:02}\n", today.year, today.month)),
        "{config}"
    );
    // From inside a subfolder: the root is found upwards.
    let inside = dir.path().join("site/content/projekte");
    let (code, _, err) = run_in(&inside, &["new", "project", "Digitale Schule"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("created ../../content/projekte/digitale-schule.md (number 2 in the field `digitale-verwaltung`)"), "{err}");
    assert!(
        err.contains("http://127.0.0.1:1111/projekte/digitale-schule/"),
        "{err}"
    );
    let text = std::fs::read_to_string(inside.join("digitale-schule.md")).unwrap();
    assert!(text.contains("\nnumber: 2\n"), "{text}");
    let (code, _, err) = run_in(
        &inside,
        &["new", "project", "Smarte Laternen", "--field", "smart-city"],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("(number 1 in the field `smart-city`)"),
        "{err}"
    );
    let (code, _, err) = run_in(&inside, &["check"], &[]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(&inside, &["build"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(dir
        .path()
        .join("site/public/projekte/digitale-schule/index.html")
        .exists());
    // A page whose address a generated part takes is refused before the build would; a
    // title too long for a file name makes a shorter one, cut at a word.
    for title in ["Projekte", "Data", "Fields", "Pagefind"] {
        let (code, _, err) = run_in(&inside, &["new", "page", title], &[]);
        assert_eq!(code, 2, "{title}: {err}");
        assert!(err.contains("is reserved for a generated part"), "{err}");
    }
    let long = "Digitalisierung ".repeat(30);
    let (code, _, err) = run_in(&inside, &["new", "page", &long], &[]);
    assert_eq!(code, 0, "{err}");
    let made: Vec<String> = std::fs::read_dir(dir.path().join("site/content"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("digitalisierung-"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(
        made[0].len() <= 83 && made[0].ends_with("digitalisierung.md"),
        "{made:?}"
    );
    // Under a base_url with a path, the address printed is the one serve answers.
    let config_path = dir.path().join("site/roadmap.yaml");
    let config = std::fs::read_to_string(&config_path).unwrap();
    std::fs::write(
        &config_path,
        format!("base_url: https://example.org/digital/roadmap/\n{config}"),
    )
    .unwrap();
    let (code, _, err) = run_in(&inside, &["new", "page", "Ausblick"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("http://127.0.0.1:1111/digital/roadmap/ausblick/"),
        "{err}"
    );
}

#[test]
fn colour_only_where_wanted() {
    let s = Site::german();
    s.write(
        "content/projekte/neu.md",
        &project(&GOOD.replace("title: Neu", "title: A: b")),
    );
    let root = s.root().to_string_lossy().into_owned();
    let args = ["build", "--root", root.as_str()];
    let (_, _, piped) = run_in(s.root(), &args, &[]);
    assert!(!piped.contains('\u{1b}'), "colour in a pipe:\n{piped}");
    let (_, _, forced) = run_in(s.root(), &args, &[("CLICOLOR_FORCE", "1")]);
    assert!(
        forced.contains("\u{1b}["),
        "no colour with CLICOLOR_FORCE:\n{forced}"
    );
    let (_, _, none) = run_in(
        s.root(),
        &args,
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    );
    assert!(!none.contains('\u{1b}'), "colour despite NO_COLOR:\n{none}");
}

/// `roadmap new project` writes dates inside the timeline, even when the current year is its
/// last (Site::german's runs 2022–2026): the new file brings no warning of its own.
#[test]
fn a_new_project_s_dates_lie_inside_the_timeline() {
    let s = Site::german();
    let made = common::run_on("new", s.root(), &["project", "Neues Vorhaben"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let file = s.root().join("content/projekte/neues-vorhaben.md");
    let text = std::fs::read_to_string(&file).expect("the new project file");
    for year in ["2027", "2028"] {
        assert!(
            !text.contains(year),
            "{year} lies past the timeline:\n{text}"
        );
    }
    let checked = common::run_on("check", s.root(), &[]);
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        !checked.stderr.contains("neues-vorhaben.md"),
        "{}",
        checked.stderr
    );
}
