//! Tests of the hints: parser messages in plain words.

use super::hints::*;

#[test]
fn a_missing_key_is_to_be_added_to_the_block_that_lacks_it() {
    let src = "title: X\naccessibility:\n  status: full\n  method: >-\n    Selbst\n";
    let h = explain("missing field `enforcement`", src, 4, 3, 10).expect("a hint");
    assert_eq!(h.message, "the key `enforcement` is required and missing");
    assert_eq!(
        h.help,
        "add a line `enforcement: …` under `accessibility:` (line 12), indented like its other keys"
    );
    assert_eq!((h.line, h.column), (2, 1), "at the block's key");
    let top = explain("missing field `lead`", "title: X\nfield: a\n", 2, 1, 1).expect("a hint");
    assert_eq!(
        top.help,
        "add a line `lead: …` at the top level, without indentation"
    );
    let kpis = "title: X\nkpis:\n  - unit: P\n    target: 5\n";
    let item = explain("missing field `label`", kpis, 4, 5, 1).expect("a hint");
    assert_eq!(item.help, "add `label: …` to this item of `kpis` (line 4)");
    assert_eq!((item.line, item.column), (3, 3), "at the item's dash");
    let flow = explain("missing field `label`", "kpis: [{unit: P}]\n", 1, 8, 0).expect("a hint");
    assert_eq!(flow.help, "add `label: …` inside the braces `{…}`");
}

#[test]
fn german_numbers_are_recognised() {
    assert_eq!(german_number("450.000,00").as_deref(), Some("450000.00"));
    assert_eq!(german_number("1.615.250").as_deref(), Some("1615250"));
    assert_eq!(german_number("12,5 €").as_deref(), Some("12.5"));
    assert_eq!(german_number("2021"), None);
    assert_eq!(german_number("1.5"), None);
    assert_eq!(german_number("abc"), None);
}

#[test]
fn a_decimal_comma_in_a_flow_map() {
    let src = "  - {label: Quote, target: 2, values: {2026-Q1: 1,5}}\n";
    let h = explain("invalid floating point", src, 1, 52, 0).unwrap();
    assert_eq!(h.message, "`1,5` is not a number");
    assert!(h.help.ends_with("`2026-Q1: 1.5`"), "{}", h.help);
}

#[test]
fn colon_in_a_title() {
    let src = "title: Bauantrag: jetzt online\nfield: a\n";
    let h = explain(
        "mapping values are not allowed in this context",
        src,
        1,
        17,
        0,
    )
    .unwrap();
    assert_eq!(
        h.help,
        "put the text in quotes: `title: \"Bauantrag: jetzt online\"`"
    );
}

#[test]
fn tabs_are_found_on_their_line() {
    let h = lint("title: x\nfield: y\n\tlead: z\n").unwrap();
    assert_eq!((h.line, h.column), (3, 1));
    assert!(h.help.starts_with("indent with spaces"));
}

#[test]
fn an_empty_value_is_named_by_its_key() {
    let src = "title: X\nlead:\nfield: a\n";
    for raw in [
        "invalid type: unit value, expected a text or a list of texts",
        "expected a text, found an empty value",
    ] {
        let h = explain(raw, src, 2, 6, 1).expect("a hint");
        assert_eq!(h.message, "`lead` has no value");
        assert_eq!(h.help, "write its value after `lead: `");
    }
}

#[test]
fn a_single_value_where_keys_belong_names_the_key() {
    let raw = "expected `key: value` lines";
    let list = explain(raw, "title: X\nschedule: [a, b]\n", 2, 12, 0).expect("a hint");
    assert_eq!(
        list.message,
        "the items of `schedule` are groups of `key: value` lines, not single values"
    );
    let block = explain(raw, "title: X\ncanvas: viel\n", 2, 9, 0).expect("a hint");
    assert_eq!(
        block.message,
        "`canvas` takes `key: value` lines, not a single value"
    );
    let item = explain(raw, "budget:\n  - Umsetzung\n", 2, 5, 0).expect("a hint");
    assert!(
        item.help
            .starts_with("write the item's first key after the dash"),
        "{}",
        item.help
    );
}

#[test]
fn text_read_as_frontmatter_asks_for_the_closing_line() {
    let src = "title: Seite\nweight: 3\n\nDie Stadt: groß und schön.\n\n";
    let h = explain(
        "unknown key `Die Stadt`, expected one of title",
        src,
        4,
        1,
        1,
    )
    .expect("a hint");
    assert!(
        h.message.contains("reads as the page's text"),
        "{}",
        h.message
    );
    assert_eq!(
        h.help,
        "close the frontmatter before the text: add a line `---` after line 3"
    );
    let plain = "title: Seite\n\nEin Absatz ohne Doppelpunkt.\n";
    let h = explain("simple key expected ':'", plain, 3, 1, 1).expect("a hint");
    assert!(h.help.ends_with("after line 2"), "{}", h.help);
    // A misspelt key after a blank line is still a misspelt key.
    let key = "title: Seite\n\nweigth: 3\n";
    let h = explain(
        "unknown key `weigth`, expected one of title, weight",
        key,
        3,
        1,
        1,
    );
    assert!(h.is_none_or(|h| !h.message.contains("page's text")));
}

#[test]
fn a_thousands_comma_in_brackets_is_not_split_silently() {
    let h = lint("canvas:\n  costs: [Lizenz 185,000 € im Jahr, Schulung]\n").expect("a hint");
    assert_eq!((h.line, h.column), (2, 18));
    assert_eq!(
        h.message,
        "`185,000` is split at its comma: between brackets a comma separates items"
    );
    assert_eq!(
        h.help,
        "put the item in quotes: `\"Lizenz 185,000 € im Jahr\"`"
    );
    let n = lint("budget:\n  - {label: Umsetzung, total: 86,500.00}\n").expect("a hint");
    assert_eq!(
        n.help,
        "write the number without the comma: `total: 86500.00`"
    );
    // Commas with a space, in quotes, in a comment and outside brackets are as meant.
    for fine in [
        "users: [Bürger*innen, Unternehmen]\n",
        "costs: [\"Lizenz 185,000 €\", Schulung]\n",
        "title: 1,5 Stellen\n",
        "users: [a, b] # 1,000\n",
    ] {
        assert_eq!(lint(fine), None, "{fine}");
    }
    // An apostrophe inside a plain text opens no quote.
    let h = lint("value: [Bürger's 1,5 Stellen, mehr]\n").expect("a hint");
    assert_eq!(h.help, "put the item in quotes: `\"Bürger's 1,5 Stellen\"`");
    // A key's German decimal is left to the parser's error and its hint.
    assert_eq!(lint("values: {2026-Q1: 1,5}\n"), None);
}

#[test]
fn a_quote_left_open_is_named_where_it_opens() {
    let src = "title: \"Bürger Portal\nfield: a\ncategory: A\nlead: [\"10\"]\n";
    let h = explain("trailing content after double-quoted scalar", src, 4, 9, 1).expect("a hint");
    assert_eq!((h.line, h.column), (1, 8));
    assert_eq!(
        h.message,
        "the quote opened here is not closed on its line, so the text runs on to line 5"
    );
    assert_eq!(
        h.help,
        "close the quote at the end of the line: `title: \"Bürger Portal\"`"
    );
    // Text after a closed quote keeps its quotes inside the single ones the help suggests.
    let src = "title: X\nshort_title: \"OZG\" Portal\n";
    let h = explain("trailing content after double-quoted scalar", src, 2, 19, 1).expect("a hint");
    assert_eq!(
        h.help,
        "put the whole text in single quotes: `short_title: '\"OZG\" Portal'` (a `'` inside is written `''`)"
    );
}

#[test]
fn a_hash_inside_a_plain_text_would_cut_it() {
    let h = lint("title: Schulen digital #2 (Ausbau)\nfield: bildung\n").expect("a hint");
    assert_eq!((h.line, h.column), (1, 24));
    assert!(
        h.message.contains("`title` would be `Schulen digital`"),
        "{h:?}"
    );
    assert!(
        h.help.contains("`title: \"Schulen digital #2 (Ausbau)\"`"),
        "{h:?}"
    );
    let h = lint("kpis:\n  - Ausstattung von 40 Schulen #Ziel 2025\n").expect("a hint");
    assert_eq!(h.line, 2);
    assert!(
        h.message
            .contains("the item would be `Ausstattung von 40 Schulen`"),
        "{h:?}"
    );
    for fine in [
        "title: Schulen # ein Kommentar\n",
        "title: \"Kanal #2\"\n",
        "url: https://example.org/#teil\n",
        "title: C# und F#\n",
        "text: |\n  Zeile #2\n",
        "# title: a #b\n",
    ] {
        assert_eq!(lint(fine), None, "{fine}");
    }
}
