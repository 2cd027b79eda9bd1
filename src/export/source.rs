//! What one export is made from ([`Source`]: the roadmap, its theme, the Markdown converter,
//! the site's fonts) and the names both the document data and the project data use.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::markup::Converter;
use crate::model::Roadmap;
use crate::theme::{Theme, DEFAULT_THEME};

/// What the data of one export is made from.
pub struct Source<'a> {
    /// The roadmap.
    pub roadmap: &'a Roadmap,
    /// Its theme, for the UI words.
    pub theme: &'a Theme,
    /// The converter of its Markdown texts.
    pub conv: &'a Converter<'a>,
    /// The font families of the site's own fonts, preferred over the embedded ones.
    pub fonts: Vec<String>,
}

impl Source<'_> {
    /// A UI word of the theme.
    pub fn t(&self, key: &str) -> String {
        self.theme.t(key)
    }

    /// The UI words: the default theme's for the language, overridden by the site's theme (so
    /// that a theme written before the PDF export still has every word the template needs).
    pub(super) fn words(&self) -> BTreeMap<String, Value> {
        let lang = format!("i18n/{}.yaml", self.roadmap.config.language.code());
        let mut words: BTreeMap<String, Value> = DEFAULT_THEME
            .iter()
            .find(|(rel, _)| *rel == lang)
            .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .and_then(|src| crate::yaml::parse(src, std::path::Path::new(&lang), 1).ok())
            .unwrap_or_default();
        words.extend(self.theme.i18n.clone());
        words.retain(|_, v| v.is_string());
        words
    }

    /// A Markdown text of roadmap.yaml as markup (its links start from the top of content/).
    pub(super) fn config_text(&self, text: &Option<String>) -> Value {
        let c = &self.roadmap.config;
        let at = crate::model::Source {
            rel: "roadmap.yaml".into(),
            at: crate::error::Location::file(&c.file),
            ..Default::default()
        };
        match text {
            Some(t) => json!(self.conv.inline(t, &at)),
            None => Value::Null,
        }
    }
}

/// A category as the PDF names it: "C – Projekte in den Fachbereichen" for a key of one letter
/// (as in the Dortmund roadmap), else only the title ("Shared platforms").
pub fn category_name(r: &Roadmap, i: Option<usize>) -> Option<String> {
    let k = &r.config.categories[i?];
    Some(if k.key.chars().count() == 1 {
        format!("{} – {}", k.key, k.title)
    } else {
        k.title.clone()
    })
}
