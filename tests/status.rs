//! Status reports with a history, a five-level rating scale, the derived phase, money in the
//! site's currency and the timeline's span: built from tests/fixtures/status-history and
//! variants of it, read back from the output.

mod common;

use common::{between, Site};

/// The text of an HTML fragment: tags dropped, entities and soft hyphens undone, spaces
/// collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            '\u{ad}' => {}
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&amp;", "&")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace('\u{a0}', " ");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A source file of the site, as it stands.
fn source(s: &Site, rel: &str) -> String {
    std::fs::read_to_string(s.root().join(rel)).expect("source")
}

/// Replaces the first `from` in the source file `rel` (which must hold it) with `to`.
fn edit(s: &Site, rel: &str, from: &str, to: &str) {
    let md = source(s, rel);
    assert!(md.contains(from), "{md}");
    s.write(rel, &md.replacen(from, to, 1));
}

fn built() -> Site {
    let s = Site::fixture("status-history");
    s.build_ok();
    s
}

/// The "current status" box of a project page.
fn current(s: &Site, slug: &str) -> String {
    let page = s.read(&format!("projects/{slug}/index.html"));
    text(between(
        &page,
        "<section aria-labelledby=\"status-now\"",
        "</section>",
    ))
}

#[test]
fn project_page_shows_the_current_status_on_top_and_the_history_below() {
    let s = built();
    let page = s.read("projects/court-reform/index.html");
    let top = page
        .find("aria-labelledby=\"status-now\"")
        .expect("status box");
    assert!(
        top < page.find("id=\"overview\"").expect("overview"),
        "status box comes first"
    );
    let now = current(&s, "court-reform");
    for want in [
        "Phase Delivery (phase 2 of 4)",
        "Progress 55%",
        "Rating ▲ Feasible (level 3 of 5)",
        "Supplier delays; see the border systems",
        "Updated 31 March 2024",
    ] {
        assert!(now.contains(want), "{want:?} missing in {now:?}");
    }
    assert!(
        !now.contains("derived"),
        "a reported phase is not derived: {now}"
    );
    assert!(
        page.contains("class=\"status-now rating-amber\""),
        "the box takes the rating's colour"
    );
    assert!(page.contains("<time datetime=\"2024-03-31\">31 March 2024</time>"));
    // The note's link resolves from the project file.
    assert!(
        page.contains("href=\"/projects/border-systems/\""),
        "{page}"
    );

    let history = text(between(&page, "class=\"status-history\"", "</ol>"));
    let at = |needle: &str| {
        history
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} missing in {history:?}"))
    };
    // Newest first, whatever the order written.
    assert!(at("31 March 2024") < at("15 December 2023"));
    assert!(at("15 December 2023") < at("30 June 2023"));
    assert!(
        history.contains("Rating: ▲ Feasible (previously: Probable)"),
        "{history}"
    );
    assert!(
        history.contains("Phase: Delivery (previously: Initiation)"),
        "{history}"
    );
    assert!(
        history.contains("Rating: ◆ Probable (previously: Highly likely)"),
        "{history}"
    );
    assert!(history.contains("Rating: ● Highly likely"), "{history}");
    assert!(history.contains("Progress: 10%"), "{history}");
    // What an older report achieved is kept in the history; the current one's stands above.
    assert!(
        history.contains("Results: Pilot courts chosen"),
        "{history}"
    );
    assert!(!history.contains("Case system piloted"), "{history}");
    assert!(now.contains("Case system piloted") || page.contains("Case system piloted"));
}

#[test]
fn ratings_are_on_cards_in_the_matrix_and_on_the_timeline() {
    let s = built();
    // The scale's colours as custom properties; levels without a label take the theme's word.
    let style = s.read("index.html");
    assert!(
        style.contains(".rating-amber-red{--rating-color:#c2410c;--rating-text:#"),
        "{style}"
    );

    let page = s.read("projects/index.html");
    // The cards, after the table of all projects.
    let cards = &page[page.find("<li class=\"card").expect("cards")..];
    let card = text(between(cards, "Court reform programme", "</li>"));
    assert!(
        card.contains("Phase: Delivery Progress: 55% Rating: ▲ Feasible"),
        "{card}"
    );
    let card = text(between(cards, "Border systems renewal", "</li>"));
    assert!(card.contains("Phase: Delivery (derived)"), "{card}");
    assert!(card.contains("Rating: ■ Unachievable"), "{card}");
    let card = text(between(cards, "Digital identity", "</li>"));
    assert!(card.contains("Phase: Initiation (derived)"), "{card}");
    assert!(
        !card.contains("Rating"),
        "no rating without a report: {card}"
    );

    let matrix = s.read("overview/index.html");
    let wide = text(between(&matrix, "<table class=\"matrix\"", "</table>"));
    assert!(
        wide.contains("Court reform programme Rating: ▲ Feasible"),
        "{wide}"
    );
    assert!(
        wide.contains("Border systems renewal Rating: ■ Unachievable"),
        "{wide}"
    );
    assert!(matrix.contains("class=\"rating rating-amber\""));

    let tl = s.read("timeline/index.html");
    let legend = text(
        between(&tl, "class=\"rating-legend\">", "</div>")
            .trim_start_matches("class=\"rating-legend\">"),
    );
    assert_eq!(
        legend,
        "Rating scale: ● Highly likely ◆ Probable ▲ Feasible ▼ In doubt ■ Unachievable"
    );
    let table = text(between(&tl, "id=\"tl-justice\"", "</table>"));
    assert!(table.contains("Rating"), "{table}");
    assert!(table.contains("▲ Feasible"), "{table}");
    assert!(table.contains("■ Unachievable"), "{table}");
    // In the chart: the words under the name (and on hover), a square in the level's colour.
    let svg = s.read("timeline/timeline.svg");
    let row = between(&svg, "data-key=\"border-systems\"", "</g>");
    assert!(
        row.contains("<title>Border systems renewal; Rating: Unachievable"),
        "{row}"
    );
    assert!(row.contains(">Rating: Unachievable<"), "{row}");
    assert!(
        row.contains("fill=\"#B3261E\"") || row.contains("fill=\"#b3261e\""),
        "{row}"
    );
    let row = between(&svg, "data-key=\"digital-id\"", "</g>");
    assert!(!row.contains("Rating"), "{row}");
}

#[test]
fn the_phase_is_derived_by_each_rule_and_marked_so() {
    let s = built();
    for (slug, want) in [
        // milestone 2025-Q1, as_of 2024-06: before it
        (
            "digital-id",
            "Phase Initiation (phase 1 of 4) derived from the milestone",
        ),
        // milestone 2023-Q2: past it
        (
            "hospital-records",
            "Phase Delivery (phase 2 of 4) derived from the milestone",
        ),
        // the running schedule phase by name
        (
            "land-registry",
            "Phase Operation (phase 3 of 4) derived from the schedule",
        ),
        // past every dated phase: the last
        (
            "tax-platform",
            "Phase Closure (phase 4 of 4) derived from the schedule",
        ),
        // the running schedule phase by position (the third)
        (
            "schools-network",
            "Phase Operation (phase 3 of 4) derived from the schedule",
        ),
        // a report without a phase: derived too (Build, the second, runs in 2024-Q2)
        (
            "border-systems",
            "Phase Delivery (phase 2 of 4) derived from the schedule",
        ),
    ] {
        // Without a report the phase is a row of the overview; with one, in the status box.
        let page = s.read(&format!("projects/{slug}/index.html"));
        let now = if slug == "border-systems" {
            current(&s, slug)
        } else {
            assert!(
                !page.contains("aria-labelledby=\"status-now\""),
                "{slug}: no status box without a report"
            );
            text(between(&page, "class=\"facts-table", "</table>"))
        };
        assert!(now.contains(want), "{slug}: {want:?} missing in {now:?}");
    }
    let dash = text(&s.read("dashboard/index.html"));
    assert!(
        dash.contains("Initiation (derived from the milestone)")
            && dash.contains("Operation (derived from the schedule)"),
        "{dash}"
    );
    assert!(
        !dash.contains("no status given"),
        "every project has a phase: {dash}"
    );
    let data = s.read("data/roadmap.json");
    assert!(data.contains("\"phase_source\": \"milestone\""), "{data}");
    assert!(data.contains("\"history\": ["));
    assert!(data.contains("\"key\": \"amber-red\""));
    assert!(data.contains("\"currency\": \"GBP\""));
}

#[test]
fn money_follows_the_currency_and_the_language() {
    let s = built();
    let page = s.read("projects/court-reform/index.html");
    assert!(page.contains("£1,234,567.00"), "en GBP");
    assert!(page.contains("£234,567.50"), "en GBP");
    assert!(s
        .read("projects/hospital-records/index.html")
        .contains("£98,765,432.10"));

    let config = source(&s, "roadmap.yaml");
    s.write("roadmap.yaml", &config.replace("currency: GBP\n", ""));
    s.build_ok();
    assert!(
        s.read("projects/court-reform/index.html")
            .contains("€1,234,567.00"),
        "en EUR"
    );

    let german = config.replace("language: en", "language: de");
    s.write("roadmap.yaml", &german);
    s.build_ok();
    let page = s.read("projects/court-reform/index.html");
    assert!(page.contains("1.234.567,00\u{a0}£"), "de GBP");
    assert!(page.contains("Aktueller Stand"), "German words");
    assert!(
        page.contains("Sehr wahrscheinlich"),
        "the label for the site's language"
    );
    s.write("roadmap.yaml", &german.replace("currency: GBP\n", ""));
    s.build_ok();
    assert!(
        s.read("projects/court-reform/index.html")
            .contains("1.234.567,00\u{a0}€"),
        "de EUR"
    );
    s.write(
        "roadmap.yaml",
        &german.replace("currency: GBP", "currency: CHF"),
    );
    s.build_ok();
    assert!(
        s.read("projects/court-reform/index.html")
            .contains("1.234.567,00\u{a0}CHF"),
        "de CHF"
    );

    s.write(
        "roadmap.yaml",
        &config.replace("currency: GBP", "currency: gbp"),
    );
    let run = s.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("roadmap.yaml:9:11:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("write it in capitals: `currency: GBP`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_timeline_may_span_100_years_and_no_more() {
    let s = built();
    assert!(s.read("timeline/index.html").contains("Q1 2000 – Q4 2099"));
    let config = source(&s, "roadmap.yaml");
    s.write(
        "roadmap.yaml",
        &config.replace("end: 2099-Q4", "end: 2100-Q1"),
    );
    let run = s.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(e.contains("roadmap.yaml:12:8:"), "{e}");
    assert!(
        e.contains("the timeline spans 401 quarters (2000-Q1 to 2100-Q1), more than 100 years"),
        "{e}"
    );
    assert!(e.contains("end it by `end: 2099-Q4`"), "{e}");
}

#[test]
fn an_unknown_rating_is_an_error_with_line_caret_and_suggestion() {
    let s = built();
    let file = "content/projects/border-systems.md";
    let md = source(&s, file);
    s.write(file, &md.replace("rating: red", "rating: amber-rd"));
    let run = s.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let e = &run.stderr;
    assert!(
        e.contains("border-systems.md:13:11: invalid content: unknown rating `amber-rd`"),
        "{e}"
    );
    assert!(
        e.contains("13 |   rating: amber-rd\n   |           ^"),
        "{e}"
    );
    assert!(e.contains("did you mean `amber-red`?"), "{e}");

    s.write(file, &md.replace("rating: red", "rating: purple"));
    let e = s.build().stderr;
    assert!(e.contains("the rating scale (`ratings` in roadmap.yaml) has: green, amber-green, amber, amber-red, red"), "{e}");
}

#[test]
fn reports_in_a_list_need_distinct_dates() {
    let s = built();
    let file = "content/projects/court-reform.md";
    let md = source(&s, file);
    s.write(
        file,
        &md.replace(
            "  - updated: 2023-12-15\n",
            "  - progress: 1\n    updated: 2023-06-30\n",
        )
        .replace("    progress: 30\n", ""),
    );
    let e = s.build().stderr;
    assert!(e.contains("two status reports are dated 2023-06-30"), "{e}");
    s.write(
        file,
        &md.replace(
            "  - updated: 2023-12-15\n    phase: Delivery\n",
            "  - phase: Delivery\n",
        ),
    );
    let e = s.build().stderr;
    assert!(e.contains("court-reform.md:22:12: invalid content: a status report in a list has no `updated` date"), "{e}");

    // A rating scale written wrong is the configuration's error.
    let config = source(&s, "roadmap.yaml");
    s.write(file, &md);
    s.write(
        "roadmap.yaml",
        &config.replace(
            "label: {en: Highly likely, de: Sehr wahrscheinlich}",
            "label: {de: Sehr wahrscheinlich}",
        ),
    );
    let e = s.build().stderr;
    assert!(
        e.contains("ratings `green`: label has no text for the site's language `en`"),
        "{e}"
    );
}

/// A `rating_note` explains a rating: without one it would be shown nowhere, so it is an error
/// at the report.
#[test]
fn a_rating_note_without_a_rating_is_an_error() {
    let s = built();
    let file = "content/projects/border-systems.md";
    let md = source(&s, file);
    assert!(md.contains("  rating: red\n"), "{md}");
    s.write(file, &md.replacen("  rating: red\n", "", 1));
    s.build_fails(&[
        "border-systems.md:",
        "has a `rating_note` but no `rating`",
        "add the rating the note explains",
    ]);
}

/// A contact's e-mail that is no address would become a `mailto:` link that opens nothing.
#[test]
fn a_contact_email_that_is_no_address_is_an_error() {
    let s = built();
    edit(
        &s,
        "content/projects/border-systems.md",
        "  rating: red\n",
        "  rating: red\n  contact: {name: Team, email: keine-mail}\n",
    );
    // At the address as written.
    let md = source(&s, "content/projects/border-systems.md");
    let (line, text) = md
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("email: keine-mail"))
        .unwrap();
    let column = text.find("keine-mail").unwrap() + 1;
    s.build_fails(&[
        &format!("border-systems.md:{}:{column}:", line + 1),
        "`contact.email` `keine-mail` is not an e-mail address",
        "write the bare address",
    ]);
}

/// The own share is part of a budget line's total: a larger one is a typing error.
#[test]
fn an_own_share_larger_than_the_total_is_an_error() {
    let s = built();
    edit(
        &s,
        "content/projects/court-reform.md",
        "own_share: 234567.5}",
        "own_share: 2234567.5}",
    );
    s.build_fails(&[
        "court-reform.md",
        "the budget line `Delivery 2023–2026` has an own share (2234567.5) larger than its total (1234567)",
    ]);
}

/// `lead: 10, 20` is one text to YAML; two department numbers were meant.
#[test]
fn a_lead_of_numbers_joined_by_commas_asks_for_a_list() {
    let s = built();
    let file = "content/projects/court-reform.md";
    let md = source(&s, file);
    let lead = md.lines().find(|l| l.starts_with("lead:")).unwrap();
    edit(&s, file, lead, "lead: 10, 20");
    s.build_fails(&[
        "court-reform.md",
        "`lead` names one department `10, 20`, which looks like 2 of them",
        "`lead: [\"10\", \"20\"]`",
    ]);
    // Department codes of letters, too; a name with a comma is a name.
    edit(&s, file, "lead: 10, 20", "lead: LAD-DIG, 8");
    s.build_fails(&["`lead: [\"LAD-DIG\", \"8\"]`"]);
    edit(
        &s,
        file,
        "lead: LAD-DIG, 8",
        "lead: Amt für Digitales, Organisation und IT",
    );
    s.build_ok();
}

/// A German date in a list of reports is one error, with the date to write; not also a report
/// "without a date".
#[test]
fn a_german_date_in_a_report_list_is_one_error_with_the_iso_date() {
    let s = built();
    let file = "content/projects/court-reform.md";
    let md = source(&s, file);
    assert!(md.contains("  - updated: 2023-12-15\n"), "{md}");
    s.write(
        file,
        &md.replace("  - updated: 2023-12-15\n", "  - updated: 15.12.2023\n"),
    );
    let run = s.build_fails(&[
        "court-reform.md:",
        "`15.12.2023` is not a date",
        "write `2023-12-15` (year-month-day)",
    ]);
    assert!(
        !run.stderr.contains("has no `updated` date"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}
