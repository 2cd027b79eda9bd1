//! The departments of a roadmap: every department named as a project's `lead` or among the
//! partners of its Projekt Canvas, with the projects it leads and those it takes part in.
//! Built in one pass over the projects (a map from department key to department), so that it
//! grows with the number of projects and names, never with their square.
//!
//! What counts as a department (the spellings are read by `config::departments`):
//! - every entry of `lead`;
//! - an entry of the canvas block `partners` (a list, or the lists of its groups) when it is
//!   written as a department number (`FB 62`, `Fachbereich 62`, `62`), or names a department
//!   that leads a project or has a full name in roadmap.yaml (by its number, code, name or full
//!   name). Other partners (`Stadt Schwerte`, `Dienstleister`) are not departments.

use std::collections::HashMap;

use crate::config::departments::{parse_ref, DeptRef};
use crate::model::{slugify, Block, Roadmap};

/// A department and its projects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    /// The same for every spelling (see `config::departments`).
    pub key: String,
    /// Unique among the departments: `10`, `1-gbii`, `wirtschaftsfoerderung`.
    pub slug: String,
    /// The number or code as first written (`10`, `1/GBII`), None for a department named by name.
    pub code: Option<String>,
    pub numbered: bool,
    /// The full name from roadmap.yaml's `departments`.
    pub name: Option<String>,
    /// The first spelling that says more than the code (`1/GBII Richtlinien …`), else the
    /// first spelling.
    pub written: String,
    /// Indices into `Roadmap::projects` of the projects it leads, in their order.
    pub leads: Vec<usize>,
    /// Indices of the projects it takes part in as a partner (and does not lead), each with
    /// the role written in parentheses the first time.
    pub partners: Vec<(usize, Option<String>)>,
}

/// Every department, and which ones each project names.
#[derive(Debug, Clone, Default)]
pub struct Departments {
    /// Numbered departments by number, then the others by their text (letter case ignored).
    pub list: Vec<Department>,
    /// For each project (by index), the indices into `list` of its lead departments.
    pub leads: Vec<Vec<usize>>,
    /// For each project, the indices into `list` of its partner departments (without leads).
    pub partners: Vec<Vec<usize>>,
    /// For each project, the department of each of its `lead` texts, in their order.
    pub lead_texts: Vec<Vec<Option<usize>>>,
}

/// Collects the departments of `roadmap`.
pub fn index(roadmap: &Roadmap) -> Departments {
    let config = &roadmap.config;
    // Full names: by the department's key, and each full name as another spelling of it.
    let mut names: HashMap<String, &str> = HashMap::new();
    let mut alias: HashMap<String, String> = HashMap::new();
    for d in &config.departments {
        names.insert(d.dept.key.clone(), &d.name);
        if let Some(a) = parse_ref(&d.name).filter(|a| a.key != d.dept.key) {
            alias.insert(a.key, d.dept.key.clone());
        }
    }
    let resolve = |r: DeptRef| -> DeptRef {
        match alias.get(&r.key) {
            Some(k) => DeptRef {
                key: k.clone(),
                ..r
            },
            None => r,
        }
    };
    let mut list: Vec<Department> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let n = roadmap.projects.len();
    let mut leads = vec![Vec::new(); n];
    let mut partners = vec![Vec::new(); n];
    let mut lead_texts: Vec<Vec<Option<usize>>> = vec![Vec::new(); n];
    let add =
        |r: &DeptRef, list: &mut Vec<Department>, by_key: &mut HashMap<String, usize>| -> usize {
            let i = *by_key.entry(r.key.clone()).or_insert_with(|| {
                let configured = config.departments.iter().find(|d| d.dept.key == r.key);
                list.push(Department {
                    key: r.key.clone(),
                    slug: String::new(),
                    code: configured.map_or(r.code.clone(), |d| d.dept.code.clone()),
                    numbered: r.numbered,
                    name: names.get(&r.key).map(|s| s.to_string()),
                    written: r.text.clone(),
                    leads: Vec::new(),
                    partners: Vec::new(),
                });
                list.len() - 1
            });
            let d = &mut list[i];
            if d.code.as_deref() == Some(d.written.as_str()) && r.code.as_deref() != Some(&r.text) {
                d.written = r.text.clone();
            }
            i
        };
    for (pi, p) in roadmap.projects.iter().enumerate() {
        for text in &p.lead {
            let found = parse_ref(text).map(&resolve).map(|r| {
                let di = add(&r, &mut list, &mut by_key);
                if !leads[pi].contains(&di) {
                    leads[pi].push(di);
                    list[di].leads.push(pi);
                }
                di
            });
            lead_texts[pi].push(found);
        }
    }
    for (pi, p) in roadmap.projects.iter().enumerate() {
        for text in partner_texts(p) {
            let Some(r) = parse_ref(text).map(&resolve) else {
                continue;
            };
            let known = by_key.contains_key(&r.key) || names.contains_key(&r.key);
            if !(r.numbered || known) {
                continue;
            }
            let di = add(&r, &mut list, &mut by_key);
            if !leads[pi].contains(&di) && !partners[pi].contains(&di) {
                partners[pi].push(di);
                list[di].partners.push((pi, r.role.clone()));
            }
        }
    }
    sort_and_slug(list, leads, partners, lead_texts)
}

/// The texts of a project's canvas block `partners` (a Markdown text names none).
fn partner_texts(p: &crate::model::Project) -> Vec<&str> {
    match p.canvas.iter().find(|(k, _)| *k == "partners") {
        Some((_, Block::List(items))) => items.iter().map(String::as_str).collect(),
        Some((_, Block::Groups(groups))) => groups
            .iter()
            .flat_map(|(_, items)| items.iter().map(String::as_str))
            .collect(),
        _ => Vec::new(),
    }
}

/// Puts the departments in their order, renumbers the projects' references and gives each
/// department a unique slug.
fn sort_and_slug(
    list: Vec<Department>,
    leads: Vec<Vec<usize>>,
    partners: Vec<Vec<usize>>,
    lead_texts: Vec<Vec<Option<usize>>>,
) -> Departments {
    let sort_key = |d: &Department| {
        let number = d.key.strip_prefix("n:").map(|n| (n.len(), n.to_string()));
        (
            number.is_none(),
            number.unwrap_or_default(),
            d.name.as_deref().unwrap_or(&d.written).to_lowercase(),
        )
    };
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by_cached_key(|&i| sort_key(&list[i]));
    let mut new_index = vec![0; list.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Department>> = list.into_iter().map(Some).collect();
    let mut sorted: Vec<Department> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for d in &mut sorted {
        let base = match d.key.split_once(':') {
            Some(("n", number)) => number.to_string(),
            _ => slugify(d.code.as_deref().unwrap_or(&d.written)),
        };
        let base = if base.is_empty() {
            "fb".to_string()
        } else {
            base
        };
        let (mut slug, mut n) = (base.clone(), 1);
        while !used.insert(slug.clone()) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        d.slug = slug;
    }
    let renumber = |v: Vec<Vec<usize>>| -> Vec<Vec<usize>> {
        v.into_iter()
            .map(|l| l.into_iter().map(|i| new_index[i]).collect())
            .collect()
    };
    Departments {
        list: sorted,
        leads: renumber(leads),
        partners: renumber(partners),
        lead_texts: lead_texts
            .into_iter()
            .map(|l| l.into_iter().map(|i| i.map(|i| new_index[i])).collect())
            .collect(),
    }
}
