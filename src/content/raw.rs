//! The raw shapes of frontmatter: what a project's or a page's YAML is read into before it is
//! validated, with the serde code for the shapes that take more than one form (a canvas block).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::config::RawContact;
use crate::yaml::{
    self, Amount, Number, OneOrList, OrderedMap, Respell, Spanned, StrOr, Text, TextList,
};

/// A project's frontmatter as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub title: String,
    pub short_title: Option<String>,
    pub programme: Option<String>,
    pub number: Option<Spanned<f64>>,
    pub field: Spanned<Text>,
    pub category: Option<Spanned<Text>>,
    pub goal: Option<Spanned<Text>>,
    pub lead: TextList,
    pub kpis: Option<Vec<Spanned<StrOr<RawKpi>>>>,
    pub schedule: Option<Vec<RawPhase>>,
    pub milestone: Option<Spanned<Text>>,
    /// One report, or a list of dated reports.
    pub status: Option<Spanned<OneOrList<RawStatus>>>,
    pub canvas: Option<RawCanvas>,
    pub budget: Option<Vec<RawBudget>>,
    pub draft: Option<bool>,
    pub description: Option<String>,
}

/// A KPI written as a map (label, unit, target, due quarter, values by quarter).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawKpi {
    pub label: String,
    pub unit: Option<String>,
    pub target: Option<Number>,
    pub due: Option<Spanned<Text>>,
    pub values: Option<OrderedMap<Number>>,
}

/// A phase of a project's schedule as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub phase: String,
    pub from: Option<Spanned<Text>>,
    pub to: Option<Spanned<Text>>,
}

/// A project's status report as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    pub phase: Option<Spanned<String>>,
    pub progress: Option<Spanned<f64>>,
    pub rating: Option<Spanned<String>>,
    pub rating_note: Option<String>,
    pub updated: Option<Spanned<Text>>,
    pub results: Option<TextList>,
    pub next_steps: Option<TextList>,
    pub benefits: Option<TextList>,
    pub contact: Option<RawContact>,
    pub video: Option<Spanned<String>>,
}

/// The Projekt Canvas as written: one optional block per key.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCanvas {
    pub partners: Option<RawBlock>,
    pub activities: Option<RawBlock>,
    pub resources: Option<RawBlock>,
    pub value: Option<RawBlock>,
    pub relationships: Option<RawBlock>,
    pub channels: Option<RawBlock>,
    pub users: Option<RawBlock>,
    pub costs: Option<RawBlock>,
    pub risks: Option<RawBlock>,
}

/// A budget line as written.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    pub label: String,
    pub total: Amount,
    pub own_share: Option<Spanned<Amount>>,
}

/// A page's frontmatter (and an `_index.md`'s) as written.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub title: Option<String>,
    pub weight: Option<crate::yaml::Number>,
    pub description: Option<String>,
    pub draft: Option<bool>,
}

/// A canvas block: Markdown text, a list, or groups of lists under labels.
#[derive(Debug, Clone)]
pub enum RawBlock {
    Text(String),
    List(Vec<String>),
    Groups(Vec<(String, Vec<String>)>),
}

/// A [`RawBlock`] as read, with whether it was one numeric or boolean scalar.
struct RawBlockNode(RawBlock, bool);

impl Respell for RawBlockNode {
    fn typed_scalar(&self) -> bool {
        self.1
    }
    fn respell(&mut self, written: String) {
        self.0 = RawBlock::Text(written);
    }
}

impl<'de> Deserialize<'de> for RawBlockNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBlockNode;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, a list of texts, or a map of group label to list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBlockNode, E> {
                Ok(RawBlockNode(RawBlock::Text(v.to_string()), false))
            }
            yaml::typed_scalars!(RawBlockNode, |s, typed| RawBlockNode(
                RawBlock::Text(s),
                typed
            ));
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawBlockNode, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                Ok(RawBlockNode(RawBlock::List(out), false))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBlockNode, A::Error> {
                let mut out = Vec::new();
                while let Some((Text(k), v)) = map.next_entry::<Text, Option<TextList>>()? {
                    out.push((k, v.map(|l| l.0).unwrap_or_default()));
                }
                Ok(RawBlockNode(RawBlock::Groups(out), false))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        yaml::respelled::<D, RawBlockNode>(d).map(|n| n.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn canvas_blocks_keep_group_order() {
        let c: RawCanvas = yaml::parse(
            "partners:\n  Intern: [a, b]\n  Extern: [c]\nvalue: [x]\nrisks: text\n",
            Path::new("f"),
            1,
        )
        .unwrap();
        match c.partners.unwrap() {
            RawBlock::Groups(g) => assert_eq!(g[0].0, "Intern"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kpis_are_strings_or_maps() {
        let k: Vec<StrOr<RawKpi>> = yaml::parse(
            "- Konzeption\n- label: Personen\n  target: 150\n  due: 2023-Q4\n",
            Path::new("f"),
            1,
        )
        .unwrap();
        assert!(matches!(k[0], StrOr::Str(_)));
        match &k[1] {
            StrOr::Full(r) => assert_eq!(r.due.as_ref().unwrap().value.0, "2023-Q4"),
            _ => panic!(),
        }
    }
}
