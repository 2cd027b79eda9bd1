//! The Zeitstrahl: one row per project, grouped by field in the configured order, with the
//! milestone marker and thin bars for the dated phases behind it.

use super::color::{Colors, Rgb};
use super::frame::{BarSpec, Frame, ItemSpec, MarkerSpec, Spec};
use super::layout::{Layout, LegendKind};
use super::words::Words;
use crate::format;
use crate::model::{Project, Roadmap};

/// The id prefix of the chart on its page.
pub const ID: &str = "zeitstrahl";

pub fn layout(roadmap: &Roadmap, words: &Words, colors: &Colors) -> Layout {
    let c = &roadmap.config;
    let spec = Spec {
        title: words.timeline_title.clone(),
        corner: words.project.clone(),
        ..Spec::new(c, words, ID, "chart-zeitstrahl")
    }
    .describe(
        &words.timeline_desc,
        &[
            ("projects", roadmap.projects.len().to_string()),
            ("fields", c.fields.len().to_string()),
        ],
    )
    .legend(
        &[
            (LegendKind::Milestone, &words.legend_milestone),
            (LegendKind::Phase, &words.legend_phase),
            (LegendKind::Open, &words.legend_open),
        ],
        colors.field,
    );
    let mut frame = Frame::new(spec, *colors);
    for (i, f) in c.fields.iter().enumerate() {
        let color = colors.field(f.color.as_deref());
        frame.group(&f.key, &f.title, &f.title, color, i > 0);
        let mut any = false;
        for p in roadmap.projects_in_field(i) {
            frame.item(row(p, roadmap, words, colors, color, &frame));
            any = true;
        }
        if !any {
            frame.note(&format!("{}-empty", f.key), &words.no_projects);
        }
    }
    frame.finish()
}

/// A project's row: its label, its rating (a square in the level's colour and the level's
/// words under the label), milestone and dated phases; the full title on hover.
fn row(
    p: &Project,
    roadmap: &Roadmap,
    words: &Words,
    colors: &Colors,
    color: Rgb,
    frame: &Frame,
) -> ItemSpec {
    let axis = frame.axis();
    let dated: Vec<_> = p.schedule.iter().filter(|ph| ph.from.is_some()).collect();
    let bars: Vec<BarSpec> = dated
        .iter()
        .filter_map(|ph| {
            axis.span(ph.from, ph.to, ph.open).map(|span| BarSpec {
                span,
                tooltip: format!("{}: {}", ph.name, words.range(ph)),
            })
        })
        .collect();
    let milestone = p
        .milestone
        .map(|q| format!("{}: {}", words.milestone, format::quarter(q)));
    let markers: Vec<MarkerSpec> = p
        .milestone
        .iter()
        .zip(&milestone)
        .map(|(q, t)| MarkerSpec {
            quarter: *q,
            tooltip: t.clone(),
            count: None,
        })
        .collect();
    let rating = p.status.as_ref().and_then(|s| s.rating).and_then(|r| {
        let level = roadmap.config.ratings.get(r)?;
        let label = words.rating_labels.get(r)?;
        let mark = Rgb::parse(&level.color)?.with_contrast(colors.background, 3.0);
        Some((format!("{}: {label}", words.rating), mark))
    });
    let mut tooltip = vec![p.title.clone()];
    tooltip.extend(rating.as_ref().map(|(t, _)| t.clone()));
    tooltip.extend(milestone);
    tooltip.extend(
        dated
            .iter()
            .map(|ph| format!("{}: {}", ph.name, words.range(ph))),
    );
    let note = (bars.is_empty() && markers.is_empty()).then(|| words.no_dates.clone());
    ItemSpec {
        key: p.slug.clone(),
        text: p.label().to_string(),
        mark: rating.as_ref().map(|(_, c)| *c),
        sub: rating.map(|(t, _)| t),
        tooltip: tooltip.join("; "),
        color,
        bars,
        bar_h: 5,
        markers,
        note,
    }
}
