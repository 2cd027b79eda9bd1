//! Reading YAML into typed structs, with errors that carry file, line and column, and with
//! suggestions for misspelt keys. Also the small flexible value shapes the format allows.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{did_you_mean, Error, Location};

pub use serde_saphyr::Spanned;

/// Parses `src` (which starts at line `first_line` of `file`) as `T`.
pub fn parse<T: for<'de> Deserialize<'de>>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Error> {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    serde_saphyr::from_str_with_options::<T>(src, options).map_err(|e| {
        let (line, column) = match e.location() {
            Some(l) if l.line() > 0 => (
                Some(l.line() as usize + first_line - 1),
                Some(l.column().max(1) as usize),
            ),
            _ => (None, None),
        };
        let raw = e.to_string();
        let message = clean_message(&raw);
        let help = unknown_field_help(&message);
        Error::Yaml {
            at: Location {
                file: file.to_path_buf(),
                line,
                column,
            },
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
    cut.trim_end_matches(':').trim().to_string()
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" the nearest valid key.
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.split("unknown field `").nth(1))?;
    let (word, rest) = rest.split_once('`')?;
    let list = rest.split_once("expected one of").map_or("", |(_, l)| l);
    let expected: Vec<&str> = list
        .split(',')
        .map(|w| w.trim().trim_matches('`'))
        .filter(|w| !w.is_empty())
        .collect();
    did_you_mean(word, &expected)
}

/// A line and column of a spanned value, as a Location in `file` whose YAML starts at `first_line`.
pub fn loc<T>(file: &Path, first_line: usize, s: &Spanned<T>) -> Location {
    let l = s.referenced;
    if l.line() == 0 {
        return Location::file(file);
    }
    Location::at(
        file,
        l.line() as usize + first_line - 1,
        l.column().max(1) as usize,
    )
}

/// A string that may be written as any YAML scalar (`lead: 10` reads as "10").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One text or a list of texts.
#[derive(Debug, Clone, Default)]
pub struct TextList(pub Vec<String>);

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TextList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<TextList, E> {
                Ok(TextList(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TextList, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                Ok(TextList(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML mapping whose order is kept.
#[derive(Debug, Clone)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

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
                while let Some((Text(k), v)) = map.next_entry::<Text, V>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(Vis(std::marker::PhantomData))
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
}
