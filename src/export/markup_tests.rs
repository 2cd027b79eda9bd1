//! The Markdown → Typst converter: what it writes for each kind of Markdown, and that Typst
//! parses every output without an error.

use super::markup::Converter;
use super::targets::{doc_label, Targets};
use crate::error::Location;
use crate::model::Source;

fn source(rel: &str, markdown: &str) -> Source {
    Source {
        markdown: markdown.into(),
        rel: rel.to_string(),
        at: Location::at(format!("content/{rel}"), 5, 1),
        frontmatter: Default::default(),
    }
}

fn targets() -> Targets {
    let mut t = Targets::new(Some("https://example.org/r/".into()), "/r/");
    t.add_doc("a.md", doc_label("a"), "## Ziele\n");
    t.add_doc("projekte/b.md", doc_label("b"), "Text\n");
    t.add_page("c.md", "c/");
    t.add_file("plan.png", "content/plan.png".into());
    t
}

fn body(markdown: &str) -> String {
    let t = targets();
    let conv = Converter::new(&t);
    let out = conv.body(&source("a.md", markdown), Some("doc:a"));
    assert_parses(&out);
    out
}

fn inline(markdown: &str) -> String {
    let t = targets();
    let conv = Converter::new(&t);
    let out = conv.inline(markdown, &source("projekte/b.md", ""));
    assert_parses(&out);
    out
}

#[cfg(feature = "pdf")]
fn assert_parses(markup: &str) {
    let root = typst::syntax::parse(markup);
    let (errors, _) = root.errors_and_warnings();
    let errors: Vec<_> = errors.into_iter().map(|e| e.message).collect();
    assert!(errors.is_empty(), "{errors:?} in:\n{markup}");
}

#[cfg(not(feature = "pdf"))]
fn assert_parses(_: &str) {}

#[test]
fn text_is_escaped_and_the_gender_star_stays() {
    assert_eq!(
        body("Bürger*innen zahlen 5 $"),
        "Bürger\\*innen zahlen 5 \\$"
    );
    assert_eq!(
        body("#1 @x a < b > c \\[z\\] ~ // -- ..."),
        "\\#1 \\@x a \\< b \\> c \\[z\\] \\~ \\/\\/ \\-\\- \\.\\.\\."
    );
    assert_eq!(inline("a `b*c` d"), "a #raw(\"b*c\"); d");
}

#[test]
fn emphasis_and_breaks_are_function_calls() {
    assert_eq!(
        body("*a* **b** ~~c~~(x)"),
        "#emph[a]; #strong[b]; #strike[c];(x)"
    );
    assert_eq!(body("a  \nb"), "a#linebreak();b");
}

#[test]
fn headings_get_depths_without_gaps_and_labels() {
    assert_eq!(
        body("## Ziele\n\n#### Tief\n\nText"),
        "#heading(depth: 1)[Ziele]<doc:a:ziele>\n\n#heading(depth: 2)[Tief]<doc:a:tief>\n\nText"
    );
    // A frontmatter text starts no block: its `#` is text (escaped for Typst).
    assert_eq!(inline("# Titel"), "\\# Titel");
    // A text that uses `#`: `#` is the first level and `##` the second, as on the site.
    assert_eq!(
        body("# Kapitel\n\n## Abschnitt"),
        "#heading(depth: 1)[Kapitel]<doc:a:kapitel>\n\n#heading(depth: 2)[Abschnitt]<doc:a:abschnitt>"
    );
}

#[test]
fn lists_tables_quotes_and_code() {
    assert_eq!(body("- a\n- b"), "#list([a], [b], );");
    assert_eq!(body("3. a\n4. b"), "#enum(start: 3, [a], [b], );");
    assert_eq!(
        body("| A | B |\n|---|--:|\n| 1 | 2 |"),
        "#table(columns: 2, align: (left, right,), table.header([A], [B], ), [1], [2], );"
    );
    assert_eq!(body("> z"), "#quote(block: true)[z];");
    assert_eq!(
        body("```rust\nlet a = \"b\";\n```"),
        "#raw(block: true, lang: \"rust\", \"let a = \\\"b\\\";\");"
    );
    assert_eq!(body("- [x] fertig"), "#list([\\[x\\] fertig], );");
}

#[test]
fn links_lead_into_the_pdf_or_to_the_web() {
    assert_eq!(
        body("[Ziele](a.md#ziele)"),
        "#link(label(\"doc:a:ziele\"))[Ziele];"
    );
    assert_eq!(
        inline("[B](b.md)"),
        "#link(label(\"doc:b\"))[B];",
        "frontmatter links start from the project's folder"
    );
    assert_eq!(
        body("[C](c.md#x)"),
        "#link(\"https://example.org/r/c/#x\")[C];",
        "a page the PDF leaves out is linked on the web"
    );
    assert_eq!(body("<a@b.org>"), "#link(\"mailto:a@b.org\")[a\\@b\\.org];");
    assert_eq!(body("[x](javascript:alert(1))"), "x");
}

#[test]
fn footnotes_are_footnotes_once_and_referenced_after() {
    let out = body("A[^n] B[^n]\n\n[^n]: Note *x*.\n");
    assert_eq!(
        out,
        "A#footnote[Note #emph[x];\\.]<fn:a.2e.md:n> B#footnote(label(\"fn:a.2e.md:n\"));"
    );
}

#[test]
fn images_are_files_of_the_site_with_alternative_text() {
    let t = targets();
    let conv = Converter::new(&t);
    let out = conv.body(
        &source(
            "a.md",
            "Text\n\n![Plan](plan.png)\n\n![](plan.png)\n\n![Fehlt](fehlt.png)\n",
        ),
        None,
    );
    assert_parses(&out);
    assert!(
        out.contains("#roadmap-image(\"/files/plan.png\", \"Plan\");"),
        "{out}"
    );
    assert!(out.contains("Fehlt"), "{out}");
    let notes = conv.notes();
    assert_eq!(notes.len(), 2, "{notes:?}");
    let no_alt = notes
        .iter()
        .find(|n| n.no_alt)
        .expect("an image without text");
    assert_eq!(
        no_alt.line,
        Some(9),
        "line 5 of the file is line 1 of the body"
    );
    assert!(notes.iter().any(|n| n.message.contains("fehlt.png")));
}

#[test]
fn raw_html_is_left_out_with_a_note() {
    let t = targets();
    let conv = Converter::new(&t);
    let out = conv.body(&source("a.md", "a<br>b\n\n<div>x</div>\n"), None);
    assert_eq!(out, "a#linebreak();b");
    assert_eq!(conv.notes().len(), 1);
}
