//! Text placement for the frame: labels and lines of text, the year and quarter labels of the
//! time axis, and the pieces of the as-of line that keep clear of every text.

use super::axis::Axis;
use super::layout::{line_height, Anchor, Label, Row, RowKind, Tone};
use super::text::{self, Weight};
use crate::quarter::Quarter;

/// Font size of the quarter labels (px).
pub(super) const QUARTER_SIZE: i32 = 11;

/// The pieces of the as-of line: through the rows, but not through field bands (which repeat
/// the years) nor through any text.
pub(super) fn as_of_segments(x: i32, rows: &[Row]) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    let mut push = |y0: i32, y1: i32| {
        if y1 <= y0 {
            return;
        }
        match out.last_mut() {
            Some((_, bottom)) if *bottom == y0 => *bottom = y1,
            _ => out.push((y0, y1)),
        }
    };
    for row in rows.iter().filter(|r| r.kind != RowKind::Group) {
        let counts = row.markers.iter().filter_map(|m| m.count.as_ref());
        let mut cuts: Vec<(i32, i32)> = row
            .labels
            .iter()
            .chain(counts)
            .map(|t| t.bbox())
            .filter(|b| b.x - 3 <= x && x <= b.right() + 3)
            .map(|b| (b.y - 1, b.bottom() + 1))
            .collect();
        cuts.sort();
        let mut y = row.band.y;
        for (c0, c1) in cuts {
            push(y, c0.min(row.band.bottom()));
            y = y.max(c1);
        }
        push(y, row.band.bottom());
    }
    out
}

/// Lines of text one under the other, the first at `top`.
pub(super) fn lines(texts: Vec<String>, x: i32, top: i32, size: i32, weight: Weight) -> Vec<Label> {
    let lh = line_height(size);
    texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            label(
                t,
                x,
                top + i as i32 * lh,
                size,
                weight,
                Anchor::Start,
                Tone::Text,
            )
        })
        .collect()
}

/// The height of capitals of a font size: what looks centred is centred on them.
pub(super) fn cap(size: i32) -> i32 {
    (size * 3 + 2) / 4
}

pub(super) fn label(
    text: String,
    x: i32,
    top: i32,
    size: i32,
    weight: Weight,
    anchor: Anchor,
    tone: Tone,
) -> Label {
    Label {
        text,
        x,
        top,
        size,
        weight,
        anchor,
        tone,
    }
}

/// A label per year, centred over its quarters. A year too narrow for its number (a single
/// quarter at the edge of a long timeline) leans outwards, or shows as '24, or is left out.
/// Labels stay between `min_x` and `max_x`.
pub fn year_labels(
    axis: &Axis,
    top: i32,
    size: i32,
    weight: Weight,
    tone: Tone,
    min_x: i32,
    max_x: i32,
) -> Vec<Label> {
    let years = axis.years();
    let mut out: Vec<Label> = Vec::new();
    for (n, (year, first, count)) in years.iter().enumerate() {
        let c = axis.columns[*first];
        let (x0, x1) = (c.x, c.x + c.w * *count as i32);
        let short = format!("’{:02}", year.rem_euclid(100));
        let mut candidates = Vec::new();
        for t in [year.to_string(), short] {
            candidates.push(label(
                t.clone(),
                (x0 + x1) / 2,
                top,
                size,
                weight,
                Anchor::Middle,
                tone,
            ));
            if n == 0 {
                candidates.push(label(
                    t.clone(),
                    x1 - 2,
                    top,
                    size,
                    weight,
                    Anchor::End,
                    tone,
                ));
            }
            if n + 1 == years.len() {
                candidates.push(label(t, x0 + 2, top, size, weight, Anchor::Start, tone));
            }
        }
        let fits = |l: &Label| {
            let b = l.bbox();
            let inside = b.x >= min_x && b.right() <= max_x;
            let own = b.x > x0 && b.right() < x1;
            let edge = (n == 0 && b.right() < x1) || (n + 1 == years.len() && b.x > x0);
            inside && (own || edge) && out.last().is_none_or(|p| p.bbox().right() + 4 <= b.x)
        };
        if let Some(l) = candidates.into_iter().find(fits) {
            out.push(l);
        }
    }
    out
}

/// Quarter labels ("Q1", or "1" where columns are narrow, or none) and the ff label.
pub(super) fn quarter_labels(axis: &Axis, top: i32, ff: &str) -> Vec<Label> {
    let w = axis.col_w();
    let fits = |t: &str| text::width(t, QUARTER_SIZE, Weight::Regular) + 4 <= w;
    let form = |q: Quarter| {
        if fits("Q4") {
            Some(format!("Q{}", q.q))
        } else if fits("4") {
            Some(q.q.to_string())
        } else {
            None
        }
    };
    let mut out: Vec<Label> = axis
        .columns
        .iter()
        .filter_map(|c| {
            c.quarter.and_then(form).map(|t| {
                label(
                    t,
                    c.x + c.w / 2,
                    top,
                    QUARTER_SIZE,
                    Weight::Regular,
                    Anchor::Middle,
                    Tone::Text,
                )
            })
        })
        .collect();
    let c = axis.columns[axis.ff()];
    let ff_text = text::ellipsize(ff, c.w - 2, QUARTER_SIZE, Weight::Bold);
    out.push(label(
        ff_text,
        c.x + c.w / 2,
        top,
        QUARTER_SIZE,
        Weight::Bold,
        Anchor::Middle,
        Tone::Text,
    ));
    out
}
