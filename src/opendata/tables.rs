//! `data/projects.csv`: one row per project for spreadsheet programs. RFC 4180 through the
//! `csv` crate, UTF-8 with a byte-order mark (so that spreadsheet programs read umlauts right),
//! lists joined with "; ".

use super::json::{BlockData, ProjectData};

/// The columns of `projects.csv`, in order, with what each holds (the README lists them).
pub fn csv_columns() -> [(&'static str, &'static str); 20] {
    [
        ("slug", "file name of the project without .md"),
        ("url", "address of the project's page"),
        ("title", "title"),
        ("short_title", "short title"),
        ("programme", "programme the project belongs to"),
        ("number", "order within its field"),
        ("field", "key of the field (Handlungsfeld)"),
        ("field_title", "title of the field"),
        ("category", "key of the category"),
        ("goal", "key of the goal"),
        ("lead", "leading departments, joined with \"; \""),
        ("milestone", "quarter YYYY-Qn"),
        ("schedule", "phases as `phase from–to`, joined with \"; \""),
        ("phase", "phase of the newest status report"),
        ("progress", "reported progress in percent"),
        (
            "rating",
            "key of the rating scale (by default green, amber or red)",
        ),
        ("updated", "date of the status report"),
        ("kpis", "KPI labels, joined with \"; \""),
        ("budget_total", "sum of the budget lines"),
        (
            "value",
            "the canvas block `value` (Nutzen), joined with \"; \"",
        ),
    ]
}

/// The columns of [`csv_columns`] that hold numbers (`number`, `progress`, `budget_total`).
const NUMBERS: [usize; 3] = [5, 14, 18];

/// A text cell as a spreadsheet program shows it instead of running it: a text that begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula (`=HYPERLINK(…)`),
/// so it gets a `'` in front, as OWASP's guidance on CSV injection advises
/// (<https://owasp.org/www-community/attacks/CSV_Injection>). roadmap.json keeps the text as written.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The CSV text of `projects`, header first, a row per project.
pub fn projects_csv(projects: impl Iterator<Item = ProjectData>) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let header: Vec<&str> = csv_columns().iter().map(|(c, _)| *c).collect();
        let _ = w.write_record(&header);
        let num = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
        for p in projects {
            let status = p.status.as_ref();
            let schedule: Vec<String> = p
                .schedule
                .iter()
                .map(|ph| match (&ph.from, &ph.to) {
                    (Some(f), Some(t)) => format!("{} {f}–{t}", ph.phase),
                    (Some(f), None) => format!("{} {f}", ph.phase),
                    _ => ph.phase.clone(),
                })
                .collect();
            let value = match p.canvas.get("value") {
                Some(BlockData::Text(t)) => t.clone(),
                Some(BlockData::List(l)) => l.join("; "),
                Some(BlockData::Groups(g)) => g
                    .iter()
                    .flat_map(|g| g.items.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("; "),
                None => String::new(),
            };
            // Summed in cents where the lines are (`100.10 + 200.20` is `300.3`, not
            // `300.29999999999995`).
            let budget: f64 = p.budget.iter().map(|b| b.total).sum();
            let budget = if (budget * 100.0).abs() < 9e15 {
                (budget * 100.0).round() / 100.0
            } else {
                budget
            };
            let row = [
                p.slug.clone(),
                p.url.clone(),
                p.title.clone(),
                p.short_title.clone().unwrap_or_default(),
                p.programme.clone().unwrap_or_default(),
                num(p.number),
                p.field.clone(),
                p.derived.field_title.clone(),
                p.category.clone().unwrap_or_default(),
                p.goal.clone().unwrap_or_default(),
                p.lead.join("; "),
                p.milestone.clone().unwrap_or_default(),
                schedule.join("; "),
                status.and_then(|s| s.phase.clone()).unwrap_or_default(),
                num(status.and_then(|s| s.progress)),
                status.and_then(|s| s.rating.clone()).unwrap_or_default(),
                status.and_then(|s| s.updated.clone()).unwrap_or_default(),
                p.kpis
                    .iter()
                    .map(|k| k.label.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                if p.budget.is_empty() {
                    String::new()
                } else {
                    budget.to_string()
                },
                value,
            ];
            let _ = w.write_record(row.iter().enumerate().map(|(i, cell)| {
                if NUMBERS.contains(&i) {
                    cell.as_bytes().to_vec()
                } else {
                    inert(cell).into_owned().into_bytes()
                }
            }));
        }
        let _ = w.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{csv_columns, inert, NUMBERS};

    #[test]
    fn texts_that_a_spreadsheet_would_run_get_a_quote_and_numbers_stay() {
        assert_eq!(
            inert("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        for formula in ["+1", "-A1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(inert(formula).starts_with('\''), "{formula:?}");
        }
        assert_eq!(inert("Bürgerbüro Süd"), "Bürgerbüro Süd");
        assert_eq!(inert("a=b"), "a=b");
        let names: Vec<&str> = NUMBERS.iter().map(|&i| csv_columns()[i].0).collect();
        assert_eq!(names, ["number", "progress", "budget_total"]);
    }
}
