//! Hyphenation at build time: soft hyphens (U+00AD) in the long words of texts that go into
//! narrow places (canvas items, table cells, card titles, the matrix), so that German compounds
//! break at a syllable with a hyphen in every browser, whether or not it has a dictionary for
//! `hyphens: auto`. The patterns are the TeX ones that `hypher` embeds (German 1996 spelling,
//! US English), chosen by the site language.
//!
//! Words in URLs, e-mail addresses, domain or file names and code are left alone, as are
//! acronyms and words that already carry a soft hyphen. Browsers drop U+00AD when text is copied,
//! so copy-paste still yields the plain word.

use crate::config::Language;

/// The soft hyphen.
pub const SHY: char = '\u{ad}';
/// Words shorter than this (in letters) are left whole.
const MIN_WORD: usize = 8;
/// Letters kept together at the start and at the end of a word.
const EDGE: usize = 3;
/// Elements whose text is never hyphenated.
const VERBATIM: [&str; 8] = [
    "code", "pre", "kbd", "samp", "script", "style", "textarea", "svg",
];

fn patterns(lang: Language) -> hypher::Lang {
    match lang {
        Language::De => hypher::Lang::German,
        Language::En => hypher::Lang::English,
    }
}

/// A plain (unescaped) text with soft hyphens in its long words.
pub fn text(s: &str, lang: Language) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_text(&mut out, s, lang, false);
    out
}

/// HTML with soft hyphens in the long words of its text nodes: never inside a tag or its
/// attributes, an entity, or the text of `code`, `pre` and the like.
pub fn html(s: &str, lang: Language) -> String {
    walk_html(s, lang, false)
}

/// A rendered Markdown body with soft hyphens only in the text of its tables (the narrow
/// places of a body; its paragraphs are as wide as the page).
pub fn tables(s: &str, lang: Language) -> String {
    walk_html(s, lang, true)
}

fn walk_html(s: &str, lang: Language, only_tables: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut verbatim: usize = 0;
    let mut tables: usize = 0;
    let mut rest = s;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = tag_end(rest);
            let tag = &rest[..end];
            if let Some((name, closing)) = tag_name(tag) {
                let depth = if VERBATIM.iter().any(|v| name.eq_ignore_ascii_case(v)) {
                    Some(&mut verbatim)
                } else if name.eq_ignore_ascii_case("table") {
                    Some(&mut tables)
                } else {
                    None
                };
                if let Some(d) = depth.filter(|_| !tag.ends_with("/>")) {
                    *d = if closing { d.saturating_sub(1) } else { *d + 1 };
                }
            }
            out.push_str(tag);
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            if verbatim > 0 || (only_tables && tables == 0) {
                out.push_str(&rest[..end]);
            } else {
                push_text(&mut out, &rest[..end], lang, true);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// The length of the tag at the start of `s` (quoted attribute values may hold `>`).
fn tag_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// The element name of a tag and whether it closes the element; None for comments and the like.
fn tag_name(tag: &str) -> Option<(&str, bool)> {
    let inner = tag.strip_prefix('<')?;
    let (inner, closing) = match inner.strip_prefix('/') {
        Some(i) => (i, true),
        None => (inner, false),
    };
    let end = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    (end > 0).then(|| (&inner[..end], closing))
}

/// Whether a whitespace-delimited piece of text is (or holds) an address, a domain or file name,
/// or already carries soft hyphens: such a piece stays as it is.
fn verbatim_token(token: &str) -> bool {
    // A letter or digit, a dot, a letter or digit (`example.org`, `plan.pdf`).
    let dotted = || {
        let mut before: [Option<char>; 2] = [None, None];
        token.chars().any(|c| {
            let found = before[0].is_some_and(char::is_alphanumeric)
                && before[1] == Some('.')
                && c.is_alphanumeric();
            before = [before[1], Some(c)];
            found
        })
    };
    token.contains("://")
        || token.contains('@')
        || token.contains(SHY)
        || token.contains("&shy;")
        || token.contains("&#173;")
        || token
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case("www."))
        || dotted()
}

fn push_text(out: &mut String, s: &str, lang: Language, escaped: bool) {
    for piece in s.split_inclusive(char::is_whitespace) {
        let token = piece.trim_end_matches(char::is_whitespace);
        if verbatim_token(token) {
            out.push_str(piece);
        } else {
            push_words(out, token, lang, escaped);
            out.push_str(&piece[token.len()..]);
        }
    }
}

/// Copies `token`, hyphenating each run of letters; in escaped HTML, entities stay whole.
fn push_words(out: &mut String, token: &str, lang: Language, escaped: bool) {
    let mut rest = token;
    while let Some(c) = rest.chars().next() {
        if c.is_alphabetic() {
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            push_word(out, &rest[..end], lang);
            rest = &rest[end..];
        } else if escaped && c == '&' {
            // An entity: `&name;` or `&#123;` is copied as it is.
            let end = rest
                .char_indices()
                .skip(1)
                .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
                .filter(|&(_, c)| c == ';')
                .map_or(1, |(i, _)| i + 1);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
}

fn push_word(out: &mut String, word: &str, lang: Language) {
    let letters = word.chars().count();
    // Acronyms (all capitals) stay whole.
    let acronym = !word.chars().any(char::is_lowercase);
    if letters < MIN_WORD || acronym {
        out.push_str(word);
        return;
    }
    SEEN.with_borrow_mut(|seen| {
        let Some(seen) = seen.get_mut(lang as usize) else {
            return push_syllables(out, word, lang);
        };
        if let Some(done) = seen.get(word) {
            out.push_str(done);
            return;
        }
        let start = out.len();
        push_syllables(out, word, lang);
        if seen.len() >= SEEN_MAX {
            seen.clear();
        }
        seen.insert(word.into(), out[start..].into());
    });
}

/// Copies `word` with a soft hyphen between its syllables.
fn push_syllables(out: &mut String, word: &str, lang: Language) {
    for (i, syllable) in hypher::hyphenate_bounded(word, patterns(lang), EDGE, EDGE).enumerate() {
        if i > 0 {
            out.push(SHY);
        }
        out.push_str(syllable);
    }
}

/// How many words each thread keeps hyphenated (see [`SEEN`]): a few megabytes at most.
const SEEN_MAX: usize = 20_000;

thread_local! {
    /// The words this thread has hyphenated, with their soft hyphens, by language (in the
    /// order of [`Language`]'s variants): a roadmap repeats its long words (fields, phases,
    /// canvas terms, departments) on many pages, and looking a word up costs a tenth of
    /// finding its syllables again. Emptied when it holds [`SEEN_MAX`] words.
    static SEEN: std::cell::RefCell<[std::collections::HashMap<Box<str>, Box<str>>; 2]> =
        Default::default();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        s.replace(SHY, "|")
    }

    #[test]
    fn german_compounds_get_soft_hyphens() {
        let h = text("Verwaltungsdigitalisierung", Language::De);
        assert_eq!(h.replace(SHY, ""), "Verwaltungsdigitalisierung");
        assert!(
            shown(&h).contains("Ver|wal|tungs|di|gi|ta|li|sie|rung"),
            "{}",
            shown(&h)
        );
        assert_eq!(shown(&text("Meilenstein", Language::De)), "Mei|len|stein");
        assert_eq!(
            shown(&text("Baustellenmanagement", Language::De)),
            "Bau|stel|len|ma|nage|ment"
        );
    }

    #[test]
    fn short_words_and_acronyms_stay_whole() {
        assert_eq!(text("Die E-Akte im DMS", Language::De), "Die E-Akte im DMS");
        assert_eq!(text("BUNDESLAENDER", Language::De), "BUNDESLAENDER");
    }

    #[test]
    fn english_uses_english_patterns() {
        assert_eq!(
            shown(&text("digitalisation", Language::En)),
            "dig|i|tal|i|sa|tion"
        );
    }

    #[test]
    fn a_word_hyphenated_before_is_given_as_its_language_breaks_it() {
        // On one thread: the second time each word comes from the thread's words, and a word
        // kept for one language is not given for the other.
        let fresh = |word: &str, lang| {
            let mut out = String::new();
            push_syllables(&mut out, word, lang);
            out
        };
        for _ in 0..2 {
            for lang in [Language::De, Language::En] {
                let h = text("digitalisation digitalisation", lang);
                let w = fresh("digitalisation", lang);
                assert_eq!(h, format!("{w} {w}"));
            }
        }
        assert_ne!(
            fresh("digitalisation", Language::De),
            fresh("digitalisation", Language::En)
        );
    }

    #[test]
    fn addresses_and_names_stay_whole() {
        for s in [
            "https://www.verwaltungsdigitalisierung.example/stadtverwaltung",
            "verwaltungsdigitalisierung@stadtverwaltung.example",
            "www.verwaltungsdigitalisierung.de",
            "stadtverwaltung.de",
            "WWW.Verwaltungsdigitalisierung.DE",
            "Digitalisierungsstrategie.pdf",
            "Verwaltungs\u{ad}digitalisierung",
        ] {
            assert_eq!(text(s, Language::De), s);
        }
        let h = text(
            "Siehe https://example.org/verwaltungsdigitalisierung und Dokumentenmanagement",
            Language::De,
        );
        assert!(h.starts_with("Siehe https://example.org/verwaltungsdigitalisierung und "));
        assert!(h.contains(SHY));
    }

    #[test]
    fn html_only_in_text_nodes() {
        let src = "<a href=\"https://example.org/verwaltungsdigitalisierung\" title=\"Verwaltungsdigitalisierung\">Verwaltungsdigitalisierung</a> \
                   <code>Verwaltungsdigitalisierung</code> <pre><code>Dokumentenmanagement</code></pre> \
                   <a href=\"mailto:digitalisierung@example.org\">digitalisierung@example.org</a> Kund&amp;innenbeziehungen &lt;Dokumentenmanagement&gt;";
        let h = html(src, Language::De);
        assert_eq!(h.replace(SHY, ""), src);
        assert!(h.contains("title=\"Verwaltungsdigitalisierung\""));
        assert!(h.contains("href=\"https://example.org/verwaltungsdigitalisierung\""));
        assert!(h.contains(">Ver\u{ad}wal"), "{}", shown(&h));
        assert!(h.contains("<code>Verwaltungsdigitalisierung</code>"));
        assert!(h.contains("<pre><code>Dokumentenmanagement</code></pre>"));
        assert!(h.contains(">digitalisierung@example.org<"));
        assert!(h.contains("&amp;"), "{}", shown(&h));
        assert!(h.contains("&lt;Doku\u{ad}men"), "{}", shown(&h));
    }

    #[test]
    fn bodies_only_in_tables() {
        let src = "<p>Verwaltungsdigitalisierung</p><table><tr><td>Verwaltungsdigitalisierung</td></tr></table><p>Verwaltungsdigitalisierung</p>";
        assert_eq!(
            shown(&tables(src, Language::De)),
            "<p>Verwaltungsdigitalisierung</p><table><tr><td>Ver|wal|tungs|di|gi|ta|li|sie|rung</td></tr></table><p>Verwaltungsdigitalisierung</p>"
        );
    }

    #[test]
    fn quoted_angle_brackets_stay_in_the_tag() {
        let src = "<span title=\"a > Verwaltungsdigitalisierung\">x</span>";
        assert_eq!(html(src, Language::De), src);
    }
}
