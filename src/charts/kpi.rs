//! A KPI's measured values over the quarters: one point per value joined by a line, the target
//! as a dashed horizontal line and the due quarter as a vertical marker, each labelled in text.
//! This file makes the layout (plain positions); `kpi_svg.rs` draws it.

use super::color::{Colors, Rgb};
use super::layout::{overlapping, Anchor, Label, Rect, Tone};
use super::text::{self, Weight};
use super::words::{fill, Words};
use crate::config::Language;
use crate::format;
use crate::model::{Kpi, Project};
use crate::quarter::Quarter;

/// Width of a KPI chart in px. Narrow, so that its 12 px text stays about 10 px where a
/// phone's column (about 310 px at 375 px) draws it smaller; the stylesheet lets it grow to
/// 27rem on wider screens.
pub const WIDTH: i32 = 360;
/// Height of a KPI chart in px.
pub const HEIGHT: i32 = 200;
const SIZE: i32 = 12;
const TOP: i32 = 26;
const BOTTOM: i32 = 38;
const RIGHT: i32 = 12;
/// Radius of a value's point.
pub const POINT_R: i32 = 4;

/// A measured value: its point and, where there is room, its number above it.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub x: i32,
    pub y: i32,
    pub quarter: Quarter,
    pub value: f64,
    /// "Q2 2022: 40 Personen", shown on hover.
    pub tooltip: String,
    pub label: Option<Label>,
}

/// The target line or the due marker: a line from `from` to `to` and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guide {
    pub from: (i32, i32),
    pub to: (i32, i32),
    pub label: Label,
    /// The value or quarter the guide stands for, as written in `data-*` ("150", "2023-Q4").
    pub data: String,
}

/// A KPI chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiLayout {
    /// Prefix of the ids in the SVG, unique on its page and in the export.
    pub id: String,
    pub width: i32,
    pub height: i32,
    pub title: String,
    pub desc: String,
    /// The area of the values.
    pub plot: Rect,
    /// Horizontal grid lines: their y and the number beside them.
    pub y_ticks: Vec<(i32, Label)>,
    /// The x of every boundary between quarters (ticks on the axis).
    pub x_ticks: Vec<i32>,
    /// Quarter and year labels under the axis.
    pub x_labels: Vec<Label>,
    pub points: Vec<Point>,
    pub target: Option<Guide>,
    pub due: Option<Guide>,
    /// The colour of the line and the points (the field's).
    pub color: Rgb,
    pub colors: Colors,
}

impl KpiLayout {
    /// Every text of the chart.
    pub fn labels(&self) -> Vec<&Label> {
        let mut v: Vec<&Label> = self.y_ticks.iter().map(|(_, l)| l).collect();
        v.extend(&self.x_labels);
        v.extend(self.points.iter().filter_map(|p| p.label.as_ref()));
        v.extend(self.target.iter().map(|g| &g.label));
        v.extend(self.due.iter().map(|g| &g.label));
        v
    }

    /// Pairs of texts whose boxes overlap (there should be none).
    pub fn overlapping(&self) -> Vec<(String, String)> {
        overlapping(self.labels())
    }
}

/// The id prefix of the chart of KPI `index` (0-based) of project `p`.
pub fn id(p: &Project, index: usize) -> String {
    format!("kpi-{}-{}", p.slug, index + 1)
}

fn label(text: String, x: i32, top: i32, anchor: Anchor, tone: Tone) -> Label {
    Label {
        text,
        x,
        top,
        size: SIZE,
        weight: Weight::Regular,
        anchor,
        tone,
    }
}

/// A number with the KPI's unit ("150 Personen").
pub fn with_unit(v: f64, k: &Kpi, lang: Language) -> String {
    format::with_unit(v, k.unit.as_deref(), lang)
}

/// A round step for about four grid lines over `range` (1, 2, 2.5 or 5 times a power of ten).
fn nice_step(range: f64) -> f64 {
    let raw = (range / 4.0).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// The chart of KPI `k` (the `index`th of project `p`); None when it has no values.
pub fn layout(
    p: &Project,
    index: usize,
    words: &Words,
    colors: &Colors,
    color: Rgb,
    lang: Language,
) -> Option<KpiLayout> {
    let k = p.kpis.get(index)?;
    let (first, last) = (k.values.first()?.0, k.values.last()?.0);
    let qa = k.due.map_or(first, |d| d.min(first));
    let qb = k.due.map_or(last, |d| d.max(last));
    let n = (qb.index() - qa.index() + 1).max(1) as i32;

    // The value scale: zero included, the target included, room above the highest point.
    let values = k.values.iter().map(|(_, v)| *v).chain(k.target);
    let lo = values.clone().fold(0f64, f64::min);
    let hi = values.fold(0f64, f64::max);
    let step = nice_step(if hi > lo { hi - lo } else { 1.0 });
    let lo_t = (lo / step).floor() * step;
    let mut hi_t = ((hi / step).ceil() * step).max(lo_t + step);
    if hi_t - hi < 0.15 * (hi_t - lo_t) {
        hi_t += step;
    }
    let tick_values: Vec<f64> = (0..=((hi_t - lo_t) / step).round() as i64)
        .map(|i| lo_t + i as f64 * step)
        .collect();
    let tick_texts: Vec<String> = tick_values
        .iter()
        .map(|v| format::plain_number(*v, lang))
        .collect();
    let left = tick_texts
        .iter()
        .map(|t| text::width(t, SIZE, Weight::Regular))
        .max()
        .unwrap_or(0)
        + 12;
    let plot = Rect::new(left, TOP, WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM);
    let y_of =
        |v: f64| plot.bottom() - ((v - lo_t) / (hi_t - lo_t) * f64::from(plot.h)).round() as i32;
    let slot = f64::from(plot.w) / f64::from(n);
    let x_of =
        |q: Quarter| plot.x + ((q.index() - qa.index()) as f64 * slot + slot / 2.0).round() as i32;

    let y_ticks = tick_values
        .iter()
        .zip(tick_texts)
        .map(|(v, t)| {
            let y = y_of(*v);
            (
                y,
                label(t, plot.x - 6, y - SIZE / 2, Anchor::End, Tone::Muted),
            )
        })
        .collect();
    let x_ticks = (0..=n)
        .map(|i| plot.x + (f64::from(i) * slot).round() as i32)
        .collect();
    let x_labels = x_labels(qa, n, slot, plot);

    // Points, with their numbers where every number fits above its own quarter.
    let numbers: Vec<String> = k
        .values
        .iter()
        .map(|(_, v)| format::plain_number(*v, lang))
        .collect();
    let widest = numbers
        .iter()
        .map(|t| text::width(t, SIZE, Weight::Regular))
        .max()
        .unwrap_or(0);
    let all_fit = slot >= f64::from(widest + 6) || k.values.len() == 1;
    let count = k.values.len();
    let due = k.due.map(|d| {
        let x = x_of(d);
        let text = format!("{} {}", words.kpi_due, format::quarter(d));
        Guide {
            from: (x, plot.y),
            to: (x, plot.bottom()),
            label: inside(label(text, x, 6, Anchor::Middle, Tone::Text), 0, WIDTH),
            data: d.to_string(),
        }
    });
    // The lines a value's number must not sit on: the due quarter's and the target's.
    let lines: Vec<Rect> = due
        .iter()
        .map(|d| Rect::new(d.from.0 - 2, d.from.1, 4, d.to.1 - d.from.1))
        .chain(k.target.map(|t| Rect::new(plot.x, y_of(t) - 2, plot.w, 4)))
        .collect();
    // Each number also stays off the points and the numbers placed before it.
    let mut taken = lines;
    taken.extend(k.values.iter().map(|(q, v)| {
        let r = POINT_R + 1;
        Rect::new(x_of(*q) - r, y_of(*v) - r, 2 * r, 2 * r)
    }));
    let mut points: Vec<Point> = Vec::with_capacity(count);
    for (i, ((q, v), t)) in k.values.iter().zip(numbers).enumerate() {
        let (x, y) = (x_of(*q), y_of(*v));
        let label = (all_fit || i + 1 == count).then(|| number_label(t, x, y, plot, &taken));
        taken.extend(label.as_ref().map(Label::bbox));
        points.push(Point {
            x,
            y,
            quarter: *q,
            value: *v,
            tooltip: format!("{}: {}", format::quarter(*q), with_unit(*v, k, lang)),
            label,
        });
    }

    let target = k.target.map(|t| {
        let y = y_of(t);
        let text = format!("{}: {}", words.kpi_target, with_unit(t, k, lang));
        let due_line = due
            .as_ref()
            .map(|d| Rect::new(d.from.0 - 2, d.from.1, 4, d.to.1 - d.from.1));
        let taken: Vec<Rect> = points
            .iter()
            .flat_map(|p| {
                let r = POINT_R + 1;
                std::iter::once(Rect::new(p.x - r, p.y - r, 2 * r, 2 * r))
                    .chain(p.label.as_ref().map(Label::bbox))
            })
            .chain(due_line)
            .collect();
        // Above the line at its right end; else below it; else at its left end.
        let candidates = [
            label(
                text.clone(),
                plot.right() - 4,
                y - SIZE - 4,
                Anchor::End,
                Tone::Text,
            ),
            label(
                text.clone(),
                plot.right() - 4,
                y + 5,
                Anchor::End,
                Tone::Text,
            ),
            label(
                text.clone(),
                plot.x + 4,
                y - SIZE - 4,
                Anchor::Start,
                Tone::Text,
            ),
            label(text, plot.x + 4, y + 5, Anchor::Start, Tone::Text),
        ];
        let fits = |l: &Label| {
            let b = l.bbox();
            b.y >= plot.y - 2 && !taken.iter().any(|r| r.intersects(&b))
        };
        let chosen = candidates
            .iter()
            .find(|l| fits(l))
            .unwrap_or(&candidates[0])
            .clone();
        Guide {
            from: (plot.x, y),
            to: (plot.right(), y),
            label: chosen,
            data: format::plain_number(t, Language::En),
        }
    });

    let plain = |v: f64| with_unit(v, k, lang);
    let (fq, fv) = k.values[0];
    let (lq, lv) = k.values[count - 1];
    let template = if count == 1 {
        &words.kpi_desc_one
    } else {
        &words.kpi_desc
    };
    let mut desc = fill(
        template,
        &[
            ("count", count.to_string()),
            ("from", format::quarter(fq)),
            ("to", format::quarter(lq)),
            ("first", plain(fv)),
            ("latest", plain(lv)),
        ],
    );
    let extra = [
        k.target
            .map(|t| fill(&words.kpi_target_desc, &[("target", plain(t))])),
        k.due
            .map(|d| fill(&words.kpi_due_desc, &[("due", format::quarter(d))])),
        Some(words.kpi_table_desc.clone()),
    ];
    for s in extra.into_iter().flatten() {
        desc.push(' ');
        desc.push_str(&s);
    }
    Some(KpiLayout {
        id: id(p, index),
        width: WIDTH,
        height: HEIGHT,
        title: fill(&words.kpi_title, &[("kpi", plain_label(&k.label))]),
        desc,
        plot,
        y_ticks,
        x_ticks,
        x_labels,
        points,
        target,
        due,
        color,
        colors: *colors,
    })
}

/// A value's number beside its point at (`x`, `y`): above it, else below, right or left of it,
/// else diagonally beside it: the first place that stays above the axis and off what is
/// `taken` (the due quarter's and the target's lines, the points, the numbers placed before);
/// above it when none does.
fn number_label(text: String, x: i32, y: i32, plot: Rect, taken: &[Rect]) -> Label {
    let gap = POINT_R + 4;
    let (above, below, level) = (y - gap - SIZE, y + gap, y - SIZE / 2);
    let places = [
        (x, above, Anchor::Middle),
        (x, below, Anchor::Middle),
        (x + gap, level, Anchor::Start),
        (x - gap, level, Anchor::End),
        (x + gap, above, Anchor::Start),
        (x + gap, below, Anchor::Start),
        (x - gap, above, Anchor::End),
        (x - gap, below, Anchor::End),
    ];
    let candidates = places
        .map(|(x, top, anchor)| inside(label(text.clone(), x, top, anchor, Tone::Text), 0, WIDTH));
    let room = Rect::new(0, 0, WIDTH, plot.bottom());
    candidates
        .iter()
        .find(|l| {
            let b = l.bbox();
            room.contains(&b) && !taken.iter().any(|r| r.intersects(&b))
        })
        .unwrap_or(&candidates[0])
        .clone()
}

/// A KPI label without the Markdown marks that would show as characters in a chart's title.
fn plain_label(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '`' | '_'))
        .collect::<String>()
        .replace("**", "")
}

/// The label moved sideways so that its box lies between `min` and `max`.
fn inside(mut l: Label, min: i32, max: i32) -> Label {
    let b = l.bbox();
    if b.x < min {
        l.x += min - b.x;
    } else if b.right() > max {
        l.x -= b.right() - max;
    }
    l
}

/// Quarter labels ("Q1") where they fit, and year labels under them, every year or every few
/// years where the quarters are narrow.
fn x_labels(qa: Quarter, n: i32, slot: f64, plot: Rect) -> Vec<Label> {
    let mut out = Vec::new();
    let row1 = plot.bottom() + 5;
    let row2 = row1 + SIZE + 5;
    let quarters_fit = slot >= f64::from(text::width("Q4", SIZE, Weight::Regular) + 6);
    let year_w = text::width("2030", SIZE, Weight::Regular) + 8;
    let mut i = 0;
    let mut shown_years = 0;
    let mut last_year: Option<Rect> = None;
    let years_every = (f64::from(year_w) / (slot * 4.0)).ceil().max(1.0) as i32;
    while i < n {
        let q = Quarter::from_index(qa.index() + i64::from(i));
        let span = (n - i).min(5 - q.q as i32);
        if quarters_fit {
            for j in 0..span {
                let x = plot.x + ((f64::from(i + j) + 0.5) * slot).round() as i32;
                out.push(label(
                    format!("Q{}", q.q as i32 + j),
                    x,
                    row1,
                    Anchor::Middle,
                    Tone::Muted,
                ));
            }
        }
        let x0 = plot.x + (f64::from(i) * slot).round() as i32;
        let x1 = plot.x + (f64::from(i + span) * slot).round() as i32;
        let top = if quarters_fit { row2 } else { row1 };
        let year = label(
            q.year.to_string(),
            (x0 + x1) / 2,
            top,
            Anchor::Middle,
            Tone::Muted,
        );
        // Not left of the axis, where the lowest number of the value scale stands.
        let year = inside(year, plot.x - 4, WIDTH);
        // Every year where it fits beside the one before it.
        let b = year.bbox();
        let free = last_year.is_none_or(|r: Rect| b.x >= r.right() + 6);
        if free && (years_every == 1 || shown_years % years_every == 0) {
            last_year = Some(b);
            out.push(year);
        }
        shown_years += 1;
        i += span;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::color::Colors;
    use crate::model::Kpi;
    use crate::theme::Palette;

    fn q(s: &str) -> Quarter {
        Quarter::parse(s).expect("quarter")
    }

    fn chart(values: Vec<(Quarter, f64)>, target: Option<f64>, due: Option<Quarter>) -> KpiLayout {
        let mut p =
            crate::charts::sample::roadmap(1, "2022-Q1", "2026-Q4", None).projects[0].clone();
        p.kpis = vec![Kpi {
            place: None,
            label: "Sensoren".into(),
            unit: Some("Stück".into()),
            target,
            due,
            values,
        }];
        let words = Words {
            kpi_target: "Ziel".into(),
            kpi_due: "fällig".into(),
            kpi_desc: "{count} Werte".into(),
            kpi_desc_one: "Ein Wert".into(),
            ..Words::default()
        };
        let colors = Colors::from_palette(&Palette::default());
        layout(&p, 0, &words, &colors, colors.field, Language::De).expect("layout")
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(40.0), 10.0);
        assert_eq!(nice_step(300.0), 100.0);
        assert_eq!(nice_step(7.0), 2.0);
        assert_eq!(nice_step(0.9), 0.25);
    }

    #[test]
    fn one_point_per_value_target_and_due_inside_the_plot() {
        let values: Vec<(Quarter, f64)> = (0..9)
            .map(|i| {
                (
                    Quarter::from_index(q("2022-Q2").index() + i),
                    20.0 + 35.0 * i as f64,
                )
            })
            .collect();
        let l = chart(values, Some(300.0), Some(q("2024-Q4")));
        assert_eq!(l.points.len(), 9);
        assert!(l.points.windows(2).all(|w| w[0].x < w[1].x));
        assert!(l
            .points
            .iter()
            .all(|p| l.plot.contains(&Rect::new(p.x, p.y, 0, 0))));
        let t = l.target.as_ref().expect("target");
        assert_eq!(t.from.1, t.to.1, "the target is a horizontal line");
        assert!(t.label.text.contains("300 Stück"), "{}", t.label.text);
        let d = l.due.as_ref().expect("due");
        assert_eq!(d.from.0, d.to.0, "the due marker is a vertical line");
        assert!(d.from.0 > l.points[8].x, "due after the last value");
        assert_eq!(d.data, "2024-Q4");
        assert!(l.overlapping().is_empty(), "{:?}", l.overlapping());
        let outside: Vec<&Label> = l
            .labels()
            .into_iter()
            .filter(|x| !Rect::new(0, 0, l.width, l.height).contains(&x.bbox()))
            .collect();
        assert!(outside.is_empty(), "{outside:?}");
    }

    #[test]
    fn numbers_stay_off_the_due_and_target_lines() {
        // The last value in the due quarter, just under the target: its number would sit on
        // the due line (centred above the point) and on the target line (just above it).
        let values = vec![
            (q("2024-Q1"), 20.0),
            (q("2024-Q2"), 31.0),
            (q("2024-Q4"), 38.0),
        ];
        let l = chart(values, Some(40.0), Some(q("2024-Q4")));
        let due = l.due.as_ref().expect("due");
        let target = l.target.as_ref().expect("target");
        let due_line = Rect::new(due.from.0 - 2, due.from.1, 4, due.to.1 - due.from.1);
        let target_line = Rect::new(l.plot.x, target.from.1 - 2, l.plot.w, 4);
        for p in &l.points {
            let b = p.label.as_ref().expect("every number fits").bbox();
            assert!(!b.intersects(&due_line), "{p:?} on the due line");
            assert!(!b.intersects(&target_line), "{p:?} on the target line");
            assert!(b.bottom() <= l.plot.bottom(), "{p:?} below the axis");
        }
        assert!(l.overlapping().is_empty(), "{:?}", l.overlapping());
    }

    #[test]
    fn dense_and_long_series_stay_legible() {
        // 60 quarters: numbers only at the last value, years thinned out, nothing overlaps.
        let values: Vec<(Quarter, f64)> = (0..60)
            .map(|i| {
                (
                    Quarter::from_index(q("2010-Q1").index() + i),
                    1000.0 * i as f64,
                )
            })
            .collect();
        let l = chart(values, None, None);
        assert_eq!(l.points.len(), 60);
        assert_eq!(l.points.iter().filter(|p| p.label.is_some()).count(), 1);
        assert!(l.target.is_none() && l.due.is_none());
        assert!(l.overlapping().is_empty(), "{:?}", l.overlapping());
        // A single value: one point, centred.
        let one = chart(vec![(q("2023-Q3"), 60.0)], Some(150.0), None);
        assert_eq!(one.points.len(), 1);
        assert!((one.points[0].x - (one.plot.x + one.plot.w / 2)).abs() <= 1);
    }
}
