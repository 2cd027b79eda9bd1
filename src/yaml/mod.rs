//! Reading YAML into typed structs, with errors that carry file, line and column, and with
//! suggestions for misspelt keys. Also the small flexible value shapes the format allows.

use std::cell::RefCell;
use std::fmt;
use std::path::Path;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, Location};

mod all;
mod hints;
pub use all::parse_all;
#[cfg(test)]
mod hints_tests;

pub use serde_saphyr::Spanned;

thread_local! {
    /// The YAML text being parsed on this thread, so that a scalar which a shape read through
    /// `deserialize_any` (a text or a list, say) can be given back exactly as written.
    static SOURCE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets [`SOURCE`] for the duration of one parse.
struct SourceGuard(Option<String>);

impl SourceGuard {
    fn set(src: &str) -> SourceGuard {
        SourceGuard(SOURCE.with(|s| s.replace(Some(src.to_string()))))
    }
}

impl Drop for SourceGuard {
    fn drop(&mut self) {
        let previous = self.0.take();
        SOURCE.with(|s| *s.borrow_mut() = previous);
    }
}

/// The text of the node at `at` as it stands in the YAML being parsed (quotes and all for a
/// quoted scalar), or None outside [`parse`].
fn written(at: &serde_saphyr::Location) -> Option<String> {
    let span = at.span();
    let (start, len) = (span.byte_offset()? as usize, span.byte_len()? as usize);
    SOURCE.with(|s| {
        s.borrow()
            .as_deref()
            .and_then(|src| src.get(start..start.checked_add(len)?))
            .map(|t| t.trim().to_string())
    })
}

/// A number of the content (an amount, a KPI's target or value), read as YAML reads it but
/// refusing a spelling that German readers and YAML read differently: `450.000` is 450 to
/// YAML and 450,000 to a German reader (the thousands point), so it is an error that says
/// which to write. `450.5`, `1615250.00` and `450000` are read as ever. YAML's infinities and
/// `.nan` are refused at their place: no chart, sum or share can use them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

/// An amount of money (a budget line's total or share): a [`Number`] that is not negative.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount(pub f64);

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let Number(value) = Number::deserialize(d)?;
        if value < 0.0 {
            return Err(serde::de::Error::custom(format!(
                "`{value}` is negative: an amount is what a line costs or is given, from 0; write `{}`",
                -value
            )));
        }
        Ok(Amount(value))
    }
}

/// The largest number a [`Number`] holds: 2^53, above which a 64-bit float no longer keeps
/// every whole number (IEEE 754 binary64 has a 53-bit significand), so that
/// `99999999999999999999` would be written back as `100000000000000000000` in one place and
/// `1e20` in another.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Number, D::Error> {
        let Spanned {
            value, referenced, ..
        } = Spanned::<f64>::deserialize(d)?;
        if let Some(w) = written(&referenced) {
            let bare = w.trim_matches(|c| c == '"' || c == '\'');
            if let Some(whole) = thousands_grouped(bare) {
                // The number as YAML reads it, written so that no group of three follows a
                // point: `450`, `1.5`, `48.3330`.
                let plain = value.to_string();
                let fraction = if thousands_grouped(&plain).is_some() {
                    format!("{plain}0")
                } else {
                    plain
                };
                return Err(serde::de::Error::custom(format!(
                    "`{w}` is ambiguous: YAML reads it as {value}, a German reader as {whole} (a point between thousands). Write `{whole}` for {whole}, or `{fraction}` for {value}"
                )));
            }
        }
        if !value.is_finite() {
            let w = written(&referenced).unwrap_or_else(|| value.to_string());
            return Err(serde::de::Error::custom(format!(
                "`{w}` is not a usable number: write a plain number, e.g. `1615250.00`"
            )));
        }
        // 2^53 + 1 is read as 2^53: only numbers below it are surely the ones written.
        if value.abs() >= EXACT_LIMIT {
            let w = written(&referenced).unwrap_or_else(|| value.to_string());
            return Err(serde::de::Error::custom(format!(
                "`{w}` is larger than a number this format keeps exactly (below 9007199254740992, 2^53): the page, the CSV and the JSON would each show another value; write it in a larger unit (millions, say) and name the unit"
            )));
        }
        Ok(Number(value))
    }
}

/// `450.000` -> `450000`; `1.615.250` -> `1615250`: digits in groups of three after a first
/// group of one to three, with points between and nothing else; None otherwise.
fn thousands_grouped(text: &str) -> Option<String> {
    let t = text.strip_prefix('-').unwrap_or(text);
    let groups: Vec<&str> = t.split('.').collect();
    let ok = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        // `0.005` has no thousands before its point.
        && !groups[0].starts_with('0')
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| {
        let sign = if text.starts_with('-') { "-" } else { "" };
        format!("{sign}{}", groups.concat())
    })
}

/// The parser's options: YAML 1.2 booleans only (`yes`, `no`, `on`, `off` stay text), and
/// spellings such as `007` or `1_000` kept as text where a text or a number may stand.
fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::Reject;
    options.strict_booleans = true;
    options.leading_zero_numbers_as_strings = true;
    options.underscored_numbers_as_strings = true;
    options
}

/// Parses `src` (which starts at line `first_line` of `file`) as `T`.
///
/// # Errors
/// [`Error::Yaml`] with file, line and column for syntax errors and wrong shapes, and for a
/// value that YAML reads as a comment (`color: #1d5f9f`).
pub fn parse<T: for<'de> Deserialize<'de>>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Error> {
    // A byte-order mark (Windows editors write one) is no part of the text.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let hint_error = |h: hints::Hint| Error::Yaml {
        at: Location::at(file, h.line + first_line - 1, h.column),
        message: h.message,
        help: Some(h.help),
    };
    if let Some(h) = hints::lint(src) {
        return Err(hint_error(h));
    }
    let _guard = SourceGuard::set(src);
    serde_saphyr::from_str_with_options::<T>(src, options()).map_err(|e| {
        let raw = e.to_string();
        let message = clean_message(&raw);
        let help = unknown_field_help(&message);
        let Some(l) = e.location().filter(|l| l.line() > 0) else {
            return Error::Yaml {
                at: Location::file(file),
                message,
                help,
            };
        };
        let (line, column) = (l.line() as usize, l.column().max(1) as usize);
        // A likely misspelt key beats any other reading; then the editor's usual mistakes.
        if help.is_none() {
            if let Some(h) = hints::explain(&message, src, line, column, first_line - 1) {
                return hint_error(h);
            }
        }
        Error::Yaml {
            at: Location::at(file, line + first_line - 1, column),
            message,
            help,
        }
    })
}

/// serde-saphyr appends its own " at line X column Y"; the location is reported separately.
fn clean_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    let message = cut.trim_end_matches(':').trim();
    // serde's wording speaks of Rust types; say it in the editor's terms.
    let plain = [
        (
            "cannot deserialize null into string; use Option<String>",
            "expected a text, found an empty value",
        ),
        (
            "expected sequence start",
            "expected a list (`- item` lines or `[a, b]`)",
        ),
        ("expected mapping start", "expected `key: value` lines"),
        (
            "expected string scalar",
            "expected a single value (a text, a number, `true` or `false`), not a list or `key: value` lines",
        ),
        // A key, not a Handlungsfeld (which the site's own errors call a field).
        ("unknown field `", "unknown key `"),
        (
            "invalid boolean (strict mode expects true/false)",
            "expected `true` or `false` (YAML 1.1 words such as yes, no, on, off are texts here)",
        ),
        (
            "unexpected end of input",
            "the YAML ends where a value or a required key was expected",
        ),
    ];
    let mut out = message.to_string();
    for (from, to) in plain {
        out = out.replace(from, to);
    }
    out
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (said as "unknown key") the
/// nearest valid key.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown key `")
        .or_else(|| message.split("unknown key `").nth(1))?;
    let (word, rest) = rest.split_once('`')?;
    let list = rest.split_once("expected one of").map_or("", |(_, l)| l);
    let expected: Vec<&str> = list
        .split(',')
        .map(|w| w.trim().trim_matches('`'))
        .filter(|w| !w.is_empty())
        .collect();
    // The message lists the valid keys already; add only a likely correction.
    crate::error::suggest(word, expected.iter().copied()).map(|s| format!("did you mean `{s}`?"))
}

/// A line and column of a spanned value, as a Location in `file` whose YAML starts at `first_line`.
pub fn loc<T>(file: &Path, first_line: usize, s: &Spanned<T>) -> Location {
    match place(first_line, s) {
        Some((line, column)) => Location::at(file, line, column),
        None => Location::file(file),
    }
}

/// The line and column (1-based) of a spanned value in a file whose YAML starts at
/// `first_line`; None when the parser gave it no place. Unlike [`loc`] it allocates nothing:
/// the model keeps places of every KPI and report, and makes a [`Location`] only for a message.
pub fn place<T>(first_line: usize, s: &Spanned<T>) -> Option<(usize, usize)> {
    let l = s.referenced;
    (l.line() != 0).then(|| {
        (
            l.line() as usize + first_line - 1,
            l.column().max(1) as usize,
        )
    })
}

/// A string that may be written as any YAML scalar, kept exactly as written: `lead: 010`
/// reads as "010", `lead: [NO]` as "NO", `due: 2023-Q4` as "2023-Q4".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A string target makes the parser hand over the scalar's text, whatever it looks like.
        d.deserialize_str(ScalarVisitor)
    }
}

/// The `visit_i64`, `visit_u64`, `visit_f64` and `visit_bool` methods of a visitor that reads a
/// scalar through `deserialize_any`: each returns `make(value as text, true)`, the `true`
/// telling [`respelled`] to take the scalar's spelling from the source.
macro_rules! typed_scalars {
    ($value:ty, $make:expr) => {
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<$value, E> {
            Ok(($make)(v.to_string(), true))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<$value, E> {
            Ok(($make)(v.to_string(), true))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<$value, E> {
            Ok(($make)(v.to_string(), true))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<$value, E> {
            Ok(($make)(v.to_string(), true))
        }
    };
}
pub(crate) use typed_scalars;

/// Reads any scalar as text; numbers and booleans (reached through `deserialize_any`) by
/// their value, which [`respelled`] then replaces with the spelling of the source.
struct ScalarVisitor;

impl Visitor<'_> for ScalarVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    typed_scalars!(Text, |s, _| Text(s));
}

/// A shape read through `deserialize_any` that may turn out to be one scalar, which the parser
/// then hands over as a number or boolean: `true` or `1.50` would come back as `true`, `1.5`.
pub trait Respell {
    /// Whether the value is one scalar that came as a number or boolean.
    fn typed_scalar(&self) -> bool;
    /// Replaces that scalar's text with `written`, its spelling in the source.
    fn respell(&mut self, written: String);
}

/// Reads `T` with its location, then gives a numeric or boolean scalar back its spelling.
pub fn respelled<'de, D: Deserializer<'de>, T: Deserialize<'de> + Respell>(
    d: D,
) -> Result<T, D::Error> {
    let Spanned {
        mut value,
        referenced,
        ..
    } = Spanned::<T>::deserialize(d)?;
    if value.typed_scalar() {
        if let Some(w) = written(&referenced) {
            value.respell(w);
        }
    }
    Ok(value)
}

/// The inside of a [`TextList`]: its items, and whether it was one typed scalar.
struct TextListNode(Vec<String>, bool);

impl Respell for TextListNode {
    fn typed_scalar(&self) -> bool {
        self.1
    }
    fn respell(&mut self, written: String) {
        self.0 = vec![written];
    }
}

impl<'de> Deserialize<'de> for TextListNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextListNode;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextListNode, E> {
                Ok(TextListNode(vec![v.to_string()], false))
            }
            typed_scalars!(TextListNode, |s, typed| TextListNode(vec![s], typed));
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextListNode, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                Ok(TextListNode(out, false))
            }
        }
        d.deserialize_any(V)
    }
}

/// One text or a list of texts, each exactly as written.
#[derive(Debug, Clone, Default)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        respelled::<D, TextListNode>(d).map(|n| TextList(n.0))
    }
}

/// A YAML mapping whose order is kept; each key with its place in the file.
#[derive(Debug, Clone)]
pub struct OrderedMap<V>(pub Vec<(Spanned<Text>, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Vis<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Vis<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedMap<V>, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<Text>, V>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
    }
}

/// A plain string, or a map read as `T` (a KPI is either).
#[derive(Debug)]
pub enum StrOr<T> {
    Str(String),
    Full(T),
}

/// A [`StrOr`] as read, with whether it was one numeric or boolean scalar.
struct StrOrNode<T>(StrOr<T>, bool);

impl<T> Respell for StrOrNode<T> {
    fn typed_scalar(&self) -> bool {
        self.1
    }
    fn respell(&mut self, written: String) {
        self.0 = StrOr::Str(written);
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrOrNode<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StrOrNode<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a mapping")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrOrNode<T>, E> {
                Ok(StrOrNode(StrOr::Str(v.to_string()), false))
            }
            typed_scalars!(StrOrNode<T>, |s, typed| StrOrNode(StrOr::Str(s), typed));
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StrOrNode<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
                    .map(|t| StrOrNode(StrOr::Full(t), false))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        respelled::<D, StrOrNode<T>>(d).map(|n| n.0)
    }
}

/// A value written once or as a list of them (`status: {…}` or `status: [{…}, {…}]`);
/// always read as a list, in the order written.
#[derive(Debug)]
pub struct OneOrList<T>(pub Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OneOrList<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping or a list of mappings")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OneOrList<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| OneOrList(vec![t]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrList<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(t) = seq.next_element::<T>()? {
                    out.push(t);
                }
                Ok(OneOrList(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        lead: Option<TextList>,
    }

    #[test]
    fn unknown_key_gets_suggestion_and_line() {
        let e = parse::<T>("title: x\ntitel: y\n", Path::new("f.md"), 2).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("f.md:3"), "{s}");
        assert!(s.contains("did you mean `title`"), "{s}");
    }

    #[test]
    fn scalars_read_as_text() {
        let t: T = parse("title: x\nlead: 10\n", Path::new("f"), 1).unwrap();
        assert_eq!(t.lead.unwrap().0, vec!["10"]);
    }

    #[test]
    fn texts_stay_as_written() {
        for (src, want) in [
            ("title: x\nlead: [NO, yes, off]\n", vec!["NO", "yes", "off"]),
            ("title: x\nlead: NO\n", vec!["NO"]),
            ("title: x\nlead: True\n", vec!["True"]),
            ("title: x\nlead: 1.50\n", vec!["1.50"]),
            ("title: x\nlead: 010\n", vec!["010"]),
            (
                "title: x\nlead: [1.50, 0x1F, '07', 1_000]\n",
                vec!["1.50", "0x1F", "07", "1_000"],
            ),
        ] {
            let t: T = parse(src, Path::new("f"), 1).unwrap();
            assert_eq!(t.lead.unwrap().0, want, "{src}");
        }
    }

    #[test]
    fn a_value_read_as_a_comment_is_an_error() {
        let e = parse::<T>("title: x\ncolor: #1d5f9f\n", Path::new("f.yaml"), 1).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("f.yaml:2:8"), "{s}");
        assert!(s.contains("`color: \"#1d5f9f\"`"), "{s}");
        // A real comment after a key is fine, and so is a `#` in a block of text.
        assert!(parse::<T>("title: x # note\n", Path::new("f"), 1).is_ok());
        let t: T = parse(
            "title: |\n  Ziel: #1 der Liste\nlead: a\n",
            Path::new("f"),
            1,
        )
        .unwrap();
        assert_eq!(t.title, "Ziel: #1 der Liste\n");
        let e = parse::<T>("title: >-\n  x\nlead: #10\n", Path::new("f"), 1).unwrap_err();
        assert!(e.to_string().contains("f:3:7"), "{e}");
    }
}
