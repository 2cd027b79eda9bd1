//! The listings: the views that show many projects at once (the overview matrix, projects by
//! field, the timeline), built as Tera values from each project's card, which is made once per
//! rendering ([`Views::card_value`]) and shared: Tera's lists and maps are reference-counted,
//! so a listing holds a reference per project instead of a copy of its card. (Built as JSON,
//! the list of all projects of a 10,000-project roadmap took about 170 MB while it was made and
//! as much again when converted for Tera.)

use serde_json::Value;
use tera::value::Key;
use tera::{Map, Value as TeraValue};

use super::share::tera_value;
use super::Views;
use crate::model::Project;

/// A Tera map of `pairs`, in their order.
pub fn tera_map<const N: usize>(pairs: [(&'static str, TeraValue); N]) -> TeraValue {
    extended(TeraValue::from(Map::new()), pairs)
}

/// The keys of a Tera map as template variables (see `PageView::shared`).
pub fn variables(map: TeraValue) -> Vec<(String, TeraValue)> {
    map.into_map()
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect()
}

/// `card` with `extra` keys added (or replaced): a copy of the card's map of references.
pub fn extended<const N: usize>(
    card: TeraValue,
    extra: [(&'static str, TeraValue); N],
) -> TeraValue {
    let mut map = card.into_map().unwrap_or_default();
    for (key, value) in extra {
        map.insert(Key::from(key), value);
    }
    TeraValue::from(map)
}

impl Views<'_> {
    /// The card of `p` ([`Views::card`]) as a Tera value, made once per rendering (see
    /// [`super::Lookups`]); made anew for a project the roadmap does not hold.
    pub fn card_value(&self, p: &Project) -> TeraValue {
        let cards = self.lookups.cards.read().unwrap_or_else(|e| e.into_inner());
        let slot = self.lookups.index.get(&p.slug).and_then(|&i| cards.get(i));
        match slot {
            Some(slot) => slot.get_or_init(|| self.shared(&self.card(p))).clone(),
            None => self.shared(&self.card(p)),
        }
    }

    /// `value` as a Tera value sharing its keys and small repeated parts with the other
    /// cards and rows (see [`super::share`]).
    pub(super) fn shared(&self, value: &Value) -> TeraValue {
        self.lookups.sharing.value(value)
    }

    /// Lets go of the cards once the listings are made (the project pages make their own):
    /// a card asked for after this is made anew, without sharing.
    pub fn forget_cards(&self) {
        self.lookups.sharing.forget();
        let mut cards = self
            .lookups
            .cards
            .write()
            .unwrap_or_else(|e| e.into_inner());
        *cards = Vec::new();
    }

    /// Makes every project's card, on all threads, before the listings take them.
    pub fn prepare_cards(&self) {
        use rayon::prelude::*;
        self.roadmap.projects.par_iter().for_each(|p| {
            self.card_value(p);
        });
    }

    /// The overview matrix: categories as rows, fields as columns, programmes grouped; each
    /// entry a project's title, URL and status (`{title, url, status}`).
    pub fn matrix(&self) -> TeraValue {
        let c = &self.roadmap.config;
        let rows: Vec<TeraValue> = self
            .roadmap
            .matrix_rows()
            .into_iter()
            .map(|cat| {
                let items: Vec<Vec<TeraValue>> = (0..c.fields.len())
                    .map(|field| self.matrix_cell(field, cat))
                    .collect();
                let empty = items.iter().all(Vec::is_empty);
                let cells: Vec<TeraValue> = items
                    .into_iter()
                    .enumerate()
                    .map(|(field, items)| {
                        tera_map([
                            ("field", tera_value(&self.field_ref(field))),
                            ("items", TeraValue::from(items)),
                        ])
                    })
                    .collect();
                tera_map([
                    ("category", tera_value(&self.category_ref(cat))),
                    ("cells", TeraValue::from(cells)),
                    ("empty", TeraValue::from(empty)),
                ])
            })
            .collect();
        let fields: Vec<TeraValue> = (0..c.fields.len())
            .map(|i| tera_value(&self.field_ref(i)))
            .collect();
        tera_map([
            ("fields", TeraValue::from(fields)),
            ("rows", TeraValue::from(rows)),
            ("has_categories", TeraValue::from(!c.categories.is_empty())),
        ])
    }

    /// The entries of the matrix cell of `field` and `category`: the projects in the roadmap's
    /// order, the projects of a programme together where its first one stands
    /// (`{programme, projects}`).
    fn matrix_cell(&self, field: usize, category: Option<usize>) -> Vec<TeraValue> {
        let mut entries: Vec<Result<TeraValue, (String, Vec<TeraValue>)>> = Vec::new();
        for p in self.roadmap.projects_in_cell(field, category) {
            let card = self.card_value(p);
            let get = |key: &str| {
                card.get_from_path(key)
                    .cloned()
                    .unwrap_or_else(TeraValue::none)
            };
            let link = tera_map([
                ("title", get("title")),
                ("url", get("url")),
                ("status", get("status")),
            ]);
            match &p.programme {
                Some(name) => {
                    let group = entries
                        .iter_mut()
                        .find_map(|e| e.as_mut().err().filter(|(n, _)| n == name));
                    match group {
                        Some((_, projects)) => projects.push(link),
                        None => entries.push(Err((name.clone(), vec![link]))),
                    }
                }
                None => entries.push(Ok(link)),
            }
        }
        entries
            .into_iter()
            .map(|e| match e {
                Ok(link) => link,
                Err((name, projects)) => tera_map([
                    ("programme", TeraValue::from(self.shy(&name))),
                    ("projects", TeraValue::from(projects)),
                ]),
            })
            .collect()
    }

    /// One group per field, in order (`{field, projects}`), each with an entry per project
    /// that `row` gives; fields without entries are left out when `skip_empty`.
    fn by_field(&self, skip_empty: bool, row: impl Fn(&Project) -> Option<TeraValue>) -> TeraValue {
        let groups: Vec<TeraValue> = (0..self.roadmap.config.fields.len())
            .filter_map(|i| {
                let rows: Vec<TeraValue> =
                    self.roadmap.projects_in_field(i).filter_map(&row).collect();
                (!skip_empty || !rows.is_empty()).then(|| {
                    tera_map([
                        ("field", tera_value(&self.field_ref(i))),
                        ("projects", TeraValue::from(rows)),
                    ])
                })
            })
            .collect();
        TeraValue::from(groups)
    }

    /// The cards of the projects that `filter` keeps, grouped by field, in order; fields
    /// without such a project are left out.
    pub fn groups(&self, filter: impl Fn(&Project) -> bool) -> TeraValue {
        self.by_field(true, |p| filter(p).then(|| self.card_value(p)))
    }

    /// One group per field that has projects, with their number but without their cards
    /// (`{field, projects: [], count}`): the groups of the list of all projects when the
    /// roadmap has more than [`super::DETAIL_LIMIT`] projects; its table then lists every
    /// project, and each field's page shows the field's cards.
    pub fn group_counts(&self) -> TeraValue {
        let groups: Vec<TeraValue> = (0..self.roadmap.config.fields.len())
            .filter_map(|i| {
                let count = self.roadmap.projects_in_field(i).count();
                (count > 0).then(|| {
                    tera_map([
                        ("field", tera_value(&self.field_ref(i))),
                        ("projects", TeraValue::from(Vec::<TeraValue>::new())),
                        ("count", TeraValue::from(count)),
                    ])
                })
            })
            .collect();
        TeraValue::from(groups)
    }

    /// The cards of the projects of field `i`, in order.
    pub fn field_cards(&self, i: usize) -> TeraValue {
        let cards: Vec<TeraValue> = self
            .roadmap
            .projects_in_field(i)
            .map(|p| self.card_value(p))
            .collect();
        TeraValue::from(cards)
    }

    /// The timeline as data: every project's card with its dated phases (`phases`:
    /// `[{name, range}]`), by field; `rated`: whether any project has a rating.
    pub fn timeline(&self) -> TeraValue {
        let groups = self.by_field(false, |p| {
            // As the rows of the project's Zeithorizont ([`Views::schedule`]) name them.
            let phases: Vec<TeraValue> = p
                .schedule
                .iter()
                .filter(|ph| ph.from.is_some())
                .map(|ph| {
                    tera_map([
                        ("name", TeraValue::from(self.shy(&ph.name))),
                        ("range", TeraValue::from(self.phase_range(ph))),
                    ])
                })
                .collect();
            Some(extended(
                self.card_value(p),
                [("phases", TeraValue::from(phases))],
            ))
        });
        let rated = self
            .roadmap
            .projects
            .iter()
            .any(|p| p.status.as_ref().is_some_and(|s| s.rating.is_some()));
        tera_map([("groups", groups), ("rated", TeraValue::from(rated))])
    }
}
