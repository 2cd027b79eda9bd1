//! A project's Zeithorizont: one row per schedule phase, the quarters of the phase filled, an
//! open phase running into the ff column, undated phases as empty rows.

use super::color::Colors;
use super::frame::{BarSpec, Frame, ItemSpec, Spec};
use super::layout::{Layout, LegendKind};
use super::words::{fill, Words};
use crate::model::{Project, Roadmap};

/// The id prefix of a project's chart: unique even where several project pages share one
/// document (the offline export).
pub fn id(p: &Project) -> String {
    format!("zeithorizont-{}", p.slug)
}

pub fn layout(roadmap: &Roadmap, p: &Project, words: &Words, colors: &Colors) -> Layout {
    let c = &roadmap.config;
    let color = colors.field(c.fields.get(p.field).and_then(|f| f.color.as_deref()));
    let spec = Spec {
        title: fill(&words.horizon_title, &[("project", p.title.clone())]),
        width: 800,
        label_w: 210,
        corner: words.phase.clone(),
        ..Spec::new(c, words, &id(p), "chart-zeithorizont")
    }
    .describe(
        &words.horizon_desc,
        &[("phases", p.schedule.len().to_string())],
    )
    .legend(
        &[
            (LegendKind::Phase, &words.legend_phase),
            (LegendKind::Open, &words.legend_open),
        ],
        color,
    );
    let mut frame = Frame::new(spec, *colors);
    for (i, ph) in p.schedule.iter().enumerate() {
        let range = words.range(ph);
        let span = frame.axis().span(ph.from, ph.to, ph.open);
        // An undated phase says so under its name (as a dated one gives its period there),
        // so that its row in the time area stays empty.
        let note = match (ph.from, span) {
            (Some(_), None) => Some(words.before_range.clone()),
            _ => None,
        };
        let tooltip = format!("{}: {}", ph.name, range);
        frame.item(ItemSpec {
            key: format!("phase-{}", i + 1),
            text: ph.name.clone(),
            sub: Some(range.clone()),
            mark: None,
            tooltip: tooltip.clone(),
            color,
            bars: span
                .map(|span| BarSpec { span, tooltip })
                .into_iter()
                .collect(),
            bar_h: 16,
            markers: vec![],
            note,
        });
    }
    frame.finish()
}
