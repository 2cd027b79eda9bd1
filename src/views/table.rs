//! What the theme's table script (`static/table-tools.js`) filters and sorts a table of projects
//! by: for each row, plain texts to filter by and keys to sort by, which the templates write as
//! `data-filter-<key>` and `data-sort-<key>` attributes (see README, "Filter and sort").

use serde_json::{json, Map, Value};

use super::Views;
use crate::format;
use crate::model::Project;

impl Views<'_> {
    /// The row data of project `p`: `{"filter": {key: text}, "sort": {key: value}}`.
    ///
    /// `filter` holds plain texts without soft hyphens, as the filter controls show them:
    /// `field` (its title), `category` ("A – title"), `lead` (the departments that lead it, by
    /// their names, one per line),
    /// `phase` (reported or derived) and `rating` (in words); a key the project has no value for
    /// is left out.
    /// `sort` holds what rows are ordered by: `number`, `progress` (percent), `rating`
    /// (the worst level of the scale 1, the best the number of levels), `phase`, `field` and `category` (their positions)
    /// as numbers; `title` and `milestone` (`2023-Q4`) as texts. Filter options follow the
    /// order of the sort key of the same name where there is one.
    pub fn row_data(&self, p: &Project) -> Value {
        let c = &self.roadmap.config;
        let mut filter = Map::new();
        let mut sort = Map::new();
        filter.insert("field".into(), json!(c.fields[p.field].title));
        sort.insert("field".into(), json!(p.field));
        if let Some(i) = p.category {
            let k = &c.categories[i];
            filter.insert("category".into(), json!(format!("{} – {}", k.key, k.title)));
            sort.insert("category".into(), json!(i));
        }
        // The departments that lead it, one name each however they were spelled ("FB 10",
        // "10"), so that one choice finds every project a department leads.
        let deps = &self.lookups.departments;
        let names: Vec<String> = self
            .lookups
            .index
            .get(&p.slug)
            .map(|&i| {
                let of = |lists: &Vec<Vec<usize>>| lists.get(i).cloned().unwrap_or_default();
                of(&deps.leads)
                    .iter()
                    .map(|&d| self.department_title(&deps.list[d]))
                    .collect()
            })
            .unwrap_or_else(|| p.lead.clone());
        if !names.is_empty() {
            filter.insert("lead".into(), json!(names.join("\n")));
        }
        if let Some(n) = p.number {
            sort.insert("number".into(), number(n));
        }
        sort.insert("title".into(), json!(p.title));
        if let Some(q) = p.milestone {
            sort.insert("milestone".into(), json!(q.to_string()));
        }
        if let Some(ph) = &p.phase {
            if let Some(name) = c.phases.get(ph.index) {
                filter.insert("phase".into(), json!(name));
                sort.insert("phase".into(), json!(ph.index));
            }
        }
        if let Some(s) = &p.status {
            if let Some(level) = s.rating.and_then(|i| c.ratings.get(i).map(|l| (i, l))) {
                let (i, level) = level;
                filter.insert("rating".into(), json!(self.theme.rating_label(level)));
                // Higher is better: the best level of n sorts as n, the worst as 1.
                sort.insert("rating".into(), json!(c.ratings.len() - i));
            }
            if let Some(pr) = s.progress {
                sort.insert("progress".into(), number(pr));
            }
        }
        json!({"filter": filter, "sort": sort})
    }

    /// Every project as a row of the table of all projects, in the roadmap's order (by field,
    /// then number): its card, its number as shown, its status (as on the dashboard) and, as `row`, its
    /// [`row_data`](Self::row_data).
    pub fn project_rows(&self) -> tera::Value {
        use super::listing::extended;
        let lang = self.lang();
        let rows: Vec<tera::Value> = (0..self.roadmap.config.fields.len())
            .flat_map(|i| self.roadmap.projects_in_field(i))
            .map(|p| {
                let number = p.number.map(|n| format::plain_number(n, lang));
                extended(
                    self.card_value(p),
                    [
                        ("number", tera::Value::from(number)),
                        ("row", self.shared(&self.row_data(p))),
                    ],
                )
            })
            .collect();
        tera::Value::from(rows)
    }
}

/// A number for an attribute: whole numbers without a decimal point (`3`, not `3.0`).
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}
