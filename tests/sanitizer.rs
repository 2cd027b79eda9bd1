//! Bodies without raw HTML skip the sanitizer's parse (`markdown::sanitize::written`): what
//! they render to must be what the sanitizer would have made of it. Checked as a fixed point:
//! the sanitizer leaves the rendered body exactly as it is (nothing removed, nothing written
//! differently), on every CommonMark example and on bodies made to get past it.

mod common;

use roadmap::markdown::{self, Body};

/// `markdown` rendered as a page's body, and what the sanitizer makes of that.
fn rendered_and_sanitized(markdown: &str) -> (String, String) {
    let html = markdown::render_alone(markdown, "body.md", Body::Page).html;
    let again = markdown::sanitize(&html);
    (html, again)
}

#[test]
fn the_sanitizer_leaves_every_rendered_spec_example_as_it_is() {
    let mut differ = Vec::new();
    let mut without_html = 0;
    for ex in common::spec::examples() {
        let (html, again) = rendered_and_sanitized(&ex.markdown);
        if html != again {
            differ.push(format!("example {}:\n{html}\n{again}", ex.number));
        }
        without_html += usize::from(!ex.markdown.contains('<'));
    }
    assert!(
        without_html > 500,
        "{without_html} examples without raw HTML"
    );
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
}

#[test]
fn bodies_made_to_get_past_the_sanitizer_come_out_clean() {
    let cases = [
        "# Titel {#t .wichtig onclick=alert(1) style=color:red data-x=1 lang=de aria-label=T}",
        "[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](<java\tscript:alert(1)>)",
        "[d](javascript&#58;alert(1)) [e](vbscript:x) [f](data:text/html,x)",
        "![g](data:image/png;base64,AA) ![h](https://example.org/x.png \"T\")",
        "[i](<\u{1}javascript:alert(1)>) [j]( <javascript:alert(1)>)",
        "Zeile\\\nneu  \nund\u{a0}so \"zitiert\" & <b> 'x' --- \n\n***\n\n| a | b |\n|:-|-:|\n| 1 | 2 |",
        "- [x] erledigt\n- [ ] offen\n\nText[^1]\n\n[^1]: Fußnote \"mit\" Zeichen\n",
        "```js\n</script><script>alert(1)</script>\n```\n\n`<img src=x onerror=alert(1)>`",
        "[k](#\"onmouseover=\"alert(1)) [l](x.md \"t\\\" onclick=\\\"y\")",
        "Bürger*innen und *Betonung* und **stark** ~~weg~~",
        // Found by a helper: after `aria-` a browser reads `/` as the end of the name.
        "## H {aria-x/contenteditable/autofocus/onfocus=document.title='P'}\n\n## I {aria-label/onclick=alert(1)}",
        "## N {title=a\0b}\n\nText\0mit NUL",
        "## J {id=foo title=a title=b .c class=d aria-label=x aria-label=y}\n\n## K {class=e}",
        // A picture from another host is a link to it, but not inside a link.
        "[![p](https://example.org/x.png)](https://ok.example) [![](https://example.org/y.png)](z.md)",
        "![a [l](https://ok.example) b](https://example.org/x.png) ![c](https://example.org/x.png)",
    ];
    for md in cases {
        let (html, again) = rendered_and_sanitized(md);
        assert_eq!(html, again, "{md}");
        for gone in [
            "=\"javascript",
            "=\"JAVASCRIPT",
            "vbscript",
            "data:",
            " onclick=\"",
            " onerror=\"",
            " style=\"",
            " data-x=\"",
            "<script",
            "<img src=\"https",
            " contenteditable",
            " autofocus",
            "/onfocus",
            "/onclick",
            "aria-x",
            "\0",
        ] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        // No link in a link, no name twice on an element.
        let mut depth = 0i32;
        for tag in html.split('<').skip(1) {
            depth += i32::from(tag.starts_with("a ")) - i32::from(tag.starts_with("/a>"));
            assert!(depth <= 1, "a link in a link: {html}");
            let head = tag.split('>').next().unwrap_or_default();
            let names: Vec<&str> = head
                .split('"')
                .step_by(2)
                .filter_map(|p| p.split_whitespace().last()?.strip_suffix('='))
                .collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "a name twice in <{head}>");
        }
    }
}
