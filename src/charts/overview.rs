//! The small Zeitstrahl of the home page: one row per field, a marker in every quarter where
//! milestones of the field fall, with the number of projects. Legible for any number of projects.

use std::collections::BTreeMap;

use super::color::Colors;
use super::frame::{Frame, ItemSpec, MarkerSpec, Spec};
use super::layout::{Layout, LegendKind};
use super::words::Words;
use crate::format;
use crate::model::{Project, Roadmap};
use crate::quarter::Quarter;

/// The id prefix of the chart on its page.
pub const ID: &str = "zeitstrahl-overview";

/// Names listed in a marker's tooltip before "…".
const MAX_NAMES: usize = 12;

pub fn layout(roadmap: &Roadmap, words: &Words, colors: &Colors) -> Layout {
    let c = &roadmap.config;
    let spec = Spec {
        title: words.overview_title.clone(),
        label_w: 240,
        corner: words.field.clone(),
        ..Spec::new(c, words, ID, "chart-overview")
    }
    .describe(
        &words.overview_desc,
        &[("projects", roadmap.projects.len().to_string())],
    )
    .legend(
        &[(LegendKind::Milestone, &words.legend_count)],
        colors.field,
    );
    let mut frame = Frame::new(spec, *colors);
    for (i, f) in c.fields.iter().enumerate() {
        // Milestones by column; those before the start share one marker.
        let mut by_column: BTreeMap<Option<usize>, Vec<(Quarter, &Project)>> = BTreeMap::new();
        for p in roadmap.projects_in_field(i) {
            if let Some(q) = p.milestone {
                by_column
                    .entry(frame.axis().column(q))
                    .or_default()
                    .push((q, p));
            }
        }
        let markers: Vec<MarkerSpec> = by_column
            .into_values()
            .filter_map(|ps| marker(&ps, words))
            .collect();
        let count = roadmap.projects_in_field(i).count();
        let note = markers.is_empty().then(|| {
            if count == 0 {
                words.no_projects.clone()
            } else {
                words.no_dates.clone()
            }
        });
        frame.item(ItemSpec {
            key: f.key.clone(),
            text: f.title.clone(),
            sub: Some(words.projects(count)),
            mark: None,
            tooltip: f.title.clone(),
            color: colors.field(f.color.as_deref()),
            bars: vec![],
            bar_h: 0,
            markers,
            note,
        });
    }
    frame.finish()
}

/// One marker for the projects whose milestones share a column (none for no projects).
fn marker(ps: &[(Quarter, &Project)], words: &Words) -> Option<MarkerSpec> {
    let mut quarters: Vec<Quarter> = ps.iter().map(|(q, _)| *q).collect();
    quarters.sort();
    quarters.dedup();
    let when: Vec<String> = quarters.iter().map(|q| format::quarter(*q)).collect();
    let mut names: Vec<&str> = ps.iter().take(MAX_NAMES).map(|(_, p)| p.label()).collect();
    if ps.len() > MAX_NAMES {
        names.push("…");
    }
    Some(MarkerSpec {
        quarter: *quarters.first()?,
        tooltip: format!(
            "{}: {} – {}",
            when.join(", "),
            words.projects(ps.len()),
            names.join(", ")
        ),
        count: Some(ps.len()),
    })
}
