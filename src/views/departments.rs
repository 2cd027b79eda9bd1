//! The views of the departments: the index of all departments, one page per department (the
//! projects it leads and those it takes part in), and the links to them from project pages and
//! the dashboard. Which texts name which department is `model::departments`' job.

use serde_json::{json, Value};

use super::Views;
use crate::model::departments::Department;

/// The folder of the department pages, and of their index.
pub const DIR: &str = "departments/";

/// The output path of a department's page.
pub fn path(slug: &str) -> String {
    format!("{DIR}{slug}/")
}

impl Views<'_> {
    /// A department's title: its full name from roadmap.yaml, else "Fachbereich 10" for a
    /// number, else its spelling.
    pub fn department_title(&self, d: &Department) -> String {
        match (&d.name, d.numbered, &d.code) {
            (Some(name), _, _) => name.clone(),
            (None, true, Some(code)) => self.numbered(code),
            _ => d.written.clone(),
        }
    }

    /// "Fachbereich 10", or the code, shown beside a full name; None where the title says it.
    fn department_code(&self, d: &Department) -> Option<String> {
        d.name.as_ref()?;
        match (&d.code, d.numbered) {
            (Some(code), true) => Some(self.numbered(code)),
            (Some(code), false) => Some(code.clone()),
            (None, _) => Some(d.written.clone()).filter(|w| Some(w) != d.name.as_ref()),
        }
    }

    fn numbered(&self, code: &str) -> String {
        self.t("department_numbered").replace("{code}", code)
    }

    /// A link to department `i` (an index into the departments' list).
    pub fn department_ref(&self, i: usize) -> Value {
        let d = &self.lookups.departments.list[i];
        json!({"title": self.shy(&self.department_title(d)), "code": self.department_code(d),
               "url": self.url(&path(&d.slug)), "slug": d.slug})
    }

    /// The departments project `index` names: its leads and its partners, as links.
    pub fn project_departments(&self, index: usize) -> (Vec<Value>, Vec<Value>) {
        let refs = |lists: &Vec<Vec<usize>>| -> Vec<Value> {
            lists
                .get(index)
                .map(|l| l.iter().map(|&i| self.department_ref(i)).collect())
                .unwrap_or_default()
        };
        let d = &self.lookups.departments;
        (refs(&d.leads), refs(&d.partners))
    }

    /// A project's `lead` texts as written, each with a link to its department and the
    /// department's full name where roadmap.yaml gives one that the text does not say.
    pub fn lead_links(&self, p: &crate::model::Project, index: usize) -> Vec<Value> {
        let deps = &self.lookups.departments;
        let found = deps.lead_texts.get(index);
        p.lead
            .iter()
            .enumerate()
            .map(|(k, text)| {
                let d = found.and_then(|f| f.get(k).copied().flatten());
                let dept = d.map(|i| &deps.list[i]);
                let name = dept.and_then(|d| d.name.as_ref()).filter(|n| *n != text);
                json!({"text": text, "url": d.map(|i| self.url(&path(&deps.list[i].slug))), "name": name})
            })
            .collect()
    }

    /// The index page: every department with the number of projects it leads and takes part in.
    pub fn departments_index(&self) -> Value {
        let list: Vec<Value> = self
            .lookups
            .departments
            .list
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let mut v = self.department_ref(i);
                v["leads"] = json!(d.leads.len());
                v["partners"] = json!(d.partners.len());
                v
            })
            .collect();
        super::object([("departments", list.into())])
    }

    /// The page of department `i`: the projects it leads and those it takes part in (with the
    /// role given in parentheses, if any), as cards.
    pub fn department(&self, i: usize) -> tera::Value {
        use super::listing::{extended, tera_map};
        use super::share::tera_value;
        let d = &self.lookups.departments.list[i];
        let projects = &self.roadmap.projects;
        let leads: Vec<tera::Value> = d
            .leads
            .iter()
            .map(|&p| self.card_value(&projects[p]))
            .collect();
        let partners: Vec<tera::Value> = d
            .partners
            .iter()
            .map(|(p, role)| {
                let role = tera::Value::from(role.clone());
                extended(self.card_value(&projects[*p]), [("role", role)])
            })
            .collect();
        tera_map([
            ("department", tera_value(&self.department_ref(i))),
            ("leads", tera::Value::from(leads)),
            ("partners", tera::Value::from(partners)),
            ("index_url", tera::Value::from(self.url(DIR))),
        ])
    }
}
