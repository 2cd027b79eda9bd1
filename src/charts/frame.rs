//! The frame every chart shares: a label column, the time axis with year and quarter labels,
//! rows stacked top to bottom, the as-of line and a legend. The chart builders describe their
//! rows; the frame turns them into positions.

use super::axis::{Axis, Span};
use super::color::{Colors, Rgb};
use super::labels::{as_of_segments, cap, label, lines, quarter_labels, year_labels, QUARTER_SIZE};
use super::layout::{
    line_height, Anchor, AsOf, Bar, Label, Layout, LegendItem, LegendKind, Marker, Rect, Row,
    RowKind, Shape, Tone,
};
use super::text::{self, Weight};
use super::words::{fill, Words};
use crate::config::Config;
use crate::format;
use crate::quarter::{Date, Quarter};

/// Space around the chart and inside the label column.
pub const PAD: i32 = 8;
/// Space right of the axis.
const RIGHT: i32 = 12;
const LABEL_SIZE: i32 = 13;
const SUB_SIZE: i32 = 11;
const GROUP_SIZE: i32 = 14;
const YEAR_SIZE: i32 = 13;
const LEGEND_SIZE: i32 = 12;
const MIN_ROW: i32 = 26;
const MARKER_R: i32 = 7;
/// Lines a row label may take before it is shortened.
pub const MAX_LINES: usize = 2;

/// What a chart's frame shows, besides its rows.
#[derive(Debug, Clone)]
pub struct Spec {
    pub id: String,
    pub class: String,
    pub title: String,
    pub desc: String,
    pub start: Quarter,
    pub end: Quarter,
    /// The as-of date and its label ("Stand: Juli 2021").
    pub as_of: Option<(Date, String)>,
    /// The width to aim for; long timelines make the chart wider.
    pub width: i32,
    pub label_w: i32,
    pub min_col: i32,
    /// The heading of the label column.
    pub corner: String,
    /// The label of the ff column.
    pub ff: String,
    pub legend: Vec<(LegendKind, String)>,
    /// The colour of markers and bars in the legend.
    pub legend_color: Rgb,
}

impl Spec {
    /// A chart over the timeline of `config`, with the site's as-of date and the ff label; as
    /// wide as a page's content, with a label column of 300 px.
    pub fn new(config: &Config, words: &Words, id: &str, class: &str) -> Spec {
        Spec {
            id: id.into(),
            class: class.into(),
            title: String::new(),
            desc: String::new(),
            start: config.start,
            end: config.end,
            as_of: words.as_of.clone(),
            width: 1100,
            label_w: 300,
            min_col: 14,
            corner: String::new(),
            ff: words.ff.clone(),
            legend: Vec::new(),
            legend_color: Rgb(0, 0, 0),
        }
    }

    /// The description: `template` filled with {start}, {end} and `vars`.
    pub fn describe(mut self, template: &str, vars: &[(&str, String)]) -> Spec {
        let mut all = vec![
            ("start", format::quarter(self.start)),
            ("end", format::quarter(self.end)),
        ];
        all.extend(vars.iter().cloned());
        self.desc = fill(template, &all);
        self
    }

    /// The legend: `items`, then the as-of line where there is one.
    pub fn legend(mut self, items: &[(LegendKind, &str)], color: Rgb) -> Spec {
        self.legend = items.iter().map(|(k, t)| (*k, t.to_string())).collect();
        let (start, end) = (self.start, self.end);
        let shown = self
            .as_of
            .as_ref()
            .filter(|(d, _)| (start..=end).contains(&d.quarter()));
        self.legend
            .extend(shown.map(|(_, t)| (LegendKind::AsOf, t.clone())));
        self.legend_color = color;
        self
    }
}

/// A dated bar of an item row.
#[derive(Debug, Clone)]
pub struct BarSpec {
    pub span: Span,
    pub tooltip: String,
}

/// A marker of an item row.
#[derive(Debug, Clone)]
pub struct MarkerSpec {
    pub quarter: Quarter,
    pub tooltip: String,
    pub count: Option<usize>,
}

/// A row for a project, a phase or a field summary.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    pub key: String,
    pub text: String,
    /// A second, smaller line under the text.
    pub sub: Option<String>,
    /// A small square in this colour before the second line (a project's rating), which the
    /// line's words explain.
    pub mark: Option<Rgb>,
    pub tooltip: String,
    pub color: Rgb,
    pub bars: Vec<BarSpec>,
    /// Height of each bar; several bars stack.
    pub bar_h: i32,
    pub markers: Vec<MarkerSpec>,
    /// Text written in the time area when there is nothing to draw ("no dates").
    pub note: Option<String>,
}

/// Stacks rows under the header and finishes the layout.
pub struct Frame {
    layout: Layout,
    y: i32,
    stripe: bool,
    label_w: i32,
}

/// The header below `top`: year labels, quarter labels and the corner label; returns the y
/// where the body starts.
fn header(axis: &Axis, spec: &Spec, top: i32, width: i32, labels: &mut Vec<Label>) -> i32 {
    let mut y = top;
    labels.extend(year_labels(
        axis,
        y + 3,
        YEAR_SIZE,
        Weight::Bold,
        Tone::Text,
        PAD,
        width - 2,
    ));
    y += line_height(YEAR_SIZE) + 6;
    labels.extend(quarter_labels(axis, y, &spec.ff));
    let corner = text::ellipsize(
        &spec.corner,
        spec.label_w - 2 * PAD,
        QUARTER_SIZE,
        Weight::Bold,
    );
    labels.push(label(
        corner,
        PAD,
        y,
        QUARTER_SIZE,
        Weight::Bold,
        Anchor::Start,
        Tone::Text,
    ));
    y + line_height(QUARTER_SIZE) + 5
}

/// The as-of line at `x` with its label in the band at `top`: right of the line where it fits,
/// else left of it. Its segments are filled in when the rows are known.
fn as_of_marker(x: i32, text: String, top: i32, width: i32) -> AsOf {
    let w = text::width(&text, SUB_SIZE, Weight::Bold);
    let (lx, anchor) = if x + 8 + w <= width - 2 {
        (x + 8, Anchor::Start)
    } else {
        (x - 8, Anchor::End)
    };
    let (t0, t1) = (top + 2, top + 2 + SUB_SIZE);
    AsOf {
        x,
        label: label(
            text,
            lx,
            top + 2,
            SUB_SIZE,
            Weight::Bold,
            anchor,
            Tone::Text,
        ),
        pointer: vec![(x - 5, t0), (x + 5, t0), (x, t1)],
        segments: vec![],
    }
}

impl Frame {
    pub fn new(spec: Spec, colors: Colors) -> Frame {
        let axis = Axis::fit(
            spec.start,
            spec.end,
            spec.label_w,
            spec.width - spec.label_w - RIGHT,
            spec.min_col,
        );
        let width = axis.right() + RIGHT;
        let mut header_labels = Vec::new();
        let mut y = PAD;
        // A band of its own for the as-of label, so that it meets no other text.
        let as_of = spec
            .as_of
            .as_ref()
            .and_then(|(d, text)| axis.date_x(*d).map(|x| (x, text.clone())));
        let as_of_top = y;
        if as_of.is_some() {
            y += line_height(SUB_SIZE) + 2;
        }
        let header_top = y;
        y = header(&axis, &spec, y, width, &mut header_labels);
        let header = Rect::new(0, header_top, width, y - header_top);
        let layout = Layout {
            id: spec.id,
            class: spec.class,
            width,
            height: 0,
            title: spec.title,
            desc: spec.desc,
            axis,
            header,
            header_labels,
            body: Rect::new(0, y, width, 0),
            rows: Vec::new(),
            as_of: as_of.map(|(x, text)| as_of_marker(x, text, as_of_top, width)),
            legend: Vec::new(),
            colors,
        };
        let mut frame = Frame {
            layout,
            y,
            stripe: false,
            label_w: spec.label_w,
        };
        frame.legend(spec.legend, spec.legend_color);
        frame
    }

    pub fn axis(&self) -> &Axis {
        &self.layout.axis
    }

    /// A row's note ("ohne Termine") in the time area, centred on `cy`. It keeps clear of the
    /// as-of line: after it where there is room, else before it, else where it is (the line
    /// then stops at the text).
    fn note_label(&self, note: &str, cy: i32) -> Label {
        let axis = &self.layout.axis;
        let room = axis.right() - axis.left() - 8;
        let t = text::ellipsize(note, room, SUB_SIZE, Weight::Regular);
        let w = text::width(&t, SUB_SIZE, Weight::Regular);
        let (mut x, mut anchor) = (axis.left() + 4, Anchor::Start);
        if let Some(a) = self.layout.as_of.as_ref().map(|a| a.x) {
            if (x - 4..=x + w + 4).contains(&a) {
                if a + 6 + w <= axis.right() - 4 {
                    x = a + 6;
                } else if a - 6 - w >= axis.left() + 2 {
                    (x, anchor) = (a - 6, Anchor::End);
                }
            }
        }
        label(
            t,
            x,
            cy - cap(SUB_SIZE) / 2,
            SUB_SIZE,
            Weight::Regular,
            anchor,
            Tone::Muted,
        )
    }

    /// The width of text in the label column.
    fn text_w(&self) -> i32 {
        self.label_w - 2 * PAD
    }

    /// A field heading; with `years`, the year labels again over the time area.
    pub fn group(&mut self, key: &str, title: &str, tooltip: &str, color: Rgb, years: bool) {
        let swatch = 12;
        let wrapped = text::wrap(
            title,
            self.text_w() - swatch - 6,
            GROUP_SIZE,
            Weight::Bold,
            MAX_LINES,
        );
        let lh = line_height(GROUP_SIZE);
        let h = (wrapped.lines.len() as i32 * lh + 14).max(MIN_ROW + 6);
        let band = Rect::new(0, self.y, self.layout.width, h);
        let top = band.y + (h - (wrapped.lines.len() as i32 - 1) * lh - cap(GROUP_SIZE)) / 2;
        let mut labels = lines(
            wrapped.lines,
            PAD + swatch + 6,
            top,
            GROUP_SIZE,
            Weight::Bold,
        );
        if years {
            let ytop = band.y + (h - cap(SUB_SIZE)) / 2;
            let axis = &self.layout.axis;
            labels.extend(year_labels(
                axis,
                ytop,
                SUB_SIZE,
                Weight::Bold,
                Tone::Muted,
                axis.left(),
                self.layout.width - 2,
            ));
        }
        let swatch = (Rect::new(PAD, top + 1, swatch, swatch), color);
        self.push(Row {
            kind: RowKind::Group,
            key: key.into(),
            band,
            stripe: false,
            tooltip: tooltip.into(),
            labels,
            swatch: Some(swatch),
            bars: vec![],
            markers: vec![],
        });
        self.stripe = false;
    }

    /// A row with only a muted text in the label column.
    pub fn note(&mut self, key: &str, text: &str) {
        let t = text::ellipsize(text, self.text_w(), LABEL_SIZE, Weight::Regular);
        let band = Rect::new(0, self.y, self.layout.width, MIN_ROW);
        let l = label(
            t,
            PAD,
            band.y + (MIN_ROW - cap(LABEL_SIZE)) / 2,
            LABEL_SIZE,
            Weight::Regular,
            Anchor::Start,
            Tone::Muted,
        );
        self.push(Row {
            kind: RowKind::Note,
            key: key.into(),
            band,
            stripe: false,
            tooltip: text.into(),
            labels: vec![l],
            swatch: None,
            bars: vec![],
            markers: vec![],
        });
    }

    /// A project, phase or summary row.
    pub fn item(&mut self, spec: ItemSpec) {
        let wrapped = text::wrap(
            &spec.text,
            self.text_w(),
            LABEL_SIZE,
            Weight::Regular,
            MAX_LINES,
        );
        let lh = line_height(LABEL_SIZE);
        let mark_w = if spec.mark.is_some() { SUB_SIZE + 4 } else { 0 };
        let sub = spec
            .sub
            .as_deref()
            .map(|s| text::ellipsize(s, self.text_w() - mark_w, SUB_SIZE, Weight::Regular));
        let label_h =
            wrapped.lines.len() as i32 * lh + sub.as_ref().map_or(0, |_| line_height(SUB_SIZE));
        let gap = 2;
        let bars_h = spec.bars.len() as i32 * (spec.bar_h + gap) - gap;
        let counts = spec.markers.iter().any(|m| m.count.is_some_and(|c| c > 1));
        let count_h = if counts { line_height(SUB_SIZE) + 3 } else { 0 };
        let marker_h = if spec.markers.is_empty() {
            0
        } else {
            2 * MARKER_R + count_h
        };
        let h = [MIN_ROW, label_h + 10, bars_h + 10, marker_h + 10]
            .into_iter()
            .max()
            .unwrap_or(MIN_ROW);
        let band = Rect::new(0, self.y, self.layout.width, h);
        let cy = band.y + h / 2;

        let top = cy - (label_h - lh + cap(LABEL_SIZE)) / 2;
        let mut labels = lines(wrapped.lines, PAD, top, LABEL_SIZE, Weight::Regular);
        let mut swatch = None;
        if let Some(s) = sub {
            let sub_top = top + labels.len() as i32 * lh;
            swatch = spec.mark.map(|c| {
                let side = cap(SUB_SIZE) + 2;
                (Rect::new(PAD, sub_top - 1, side, side), c)
            });
            labels.push(label(
                s,
                PAD + mark_w,
                sub_top,
                SUB_SIZE,
                Weight::Regular,
                Anchor::Start,
                Tone::Muted,
            ));
        }
        if let Some(note) = &spec.note {
            labels.push(self.note_label(note, cy));
        }

        let bars_top = cy - bars_h / 2;
        let bars = spec
            .bars
            .iter()
            .enumerate()
            .map(|(i, b)| {
                self.bar(
                    b,
                    bars_top + i as i32 * (spec.bar_h + gap),
                    spec.bar_h,
                    spec.color,
                )
            })
            .collect();
        let markers = spec
            .markers
            .iter()
            .map(|m| self.marker(m, cy, spec.color, counts))
            .collect();
        self.push(Row {
            kind: RowKind::Item,
            key: spec.key,
            band,
            stripe: self.stripe,
            tooltip: spec.tooltip,
            labels,
            swatch,
            bars,
            markers,
        });
        self.stripe = !self.stripe;
    }

    fn bar(&self, b: &BarSpec, y: i32, h: i32, color: Rgb) -> Bar {
        let axis = &self.layout.axis;
        let inset = if h >= 10 { 2 } else { 1 };
        let first = axis.columns[b.span.first];
        let last = axis.columns[b.span.last];
        let (x0, x1) = (first.x + inset, last.x + last.w - inset);
        let tip = h.clamp(4, 8).min((x1 - x0) / 2);
        let (y0, y1, ym) = (y, y + h, y + h / 2);
        // Around the bar: up its left side, then down its right side.
        let mut outline = Vec::new();
        if b.span.cut_start {
            outline.extend([(x0 + tip, y1), (x0, ym), (x0 + tip, y0)]);
        } else {
            outline.extend([(x0, y1), (x0, y0)]);
        }
        if b.span.runs_on {
            outline.extend([(x1 - tip, y0), (x1, ym), (x1 - tip, y1)]);
        } else {
            outline.extend([(x1, y0), (x1, y1)]);
        }
        let ff = axis.columns[axis.ff()];
        let hatched =
            (b.span.last == axis.ff()).then(|| Rect::new(ff.x.max(x0), y0, x1 - ff.x.max(x0), h));
        Bar {
            rect: Rect::new(x0, y0, x1 - x0, h),
            outline,
            hatched,
            span: b.span,
            color,
            tooltip: b.tooltip.clone(),
        }
    }

    /// A marker centred on its column; with `counts`, raised to leave room for a number below.
    fn marker(&self, m: &MarkerSpec, cy: i32, color: Rgb, counts: bool) -> Marker {
        let axis = &self.layout.axis;
        let r = MARKER_R.min((axis.col_w() - 2) / 2).max(4);
        let column = axis.column(m.quarter);
        let (cx, shape) = match column {
            Some(i) => (axis.columns[i].x + axis.columns[i].w / 2, Shape::Diamond),
            None => (axis.left() + r + 1, Shape::ArrowLeft),
        };
        let cy = if counts {
            cy - (line_height(SUB_SIZE) + 3) / 2
        } else {
            cy
        };
        let count = m.count.filter(|c| *c > 1).and_then(|c| {
            let text = c.to_string();
            let room = axis.col_w() - 2;
            [SUB_SIZE, SUB_SIZE - 1, SUB_SIZE - 2]
                .into_iter()
                .find(|s| text::width(&text, *s, Weight::Bold) <= room)
                .map(|s| {
                    label(
                        text,
                        cx,
                        cy + r + 3,
                        s,
                        Weight::Bold,
                        Anchor::Middle,
                        Tone::Text,
                    )
                })
        });
        Marker {
            cx,
            cy,
            r,
            shape,
            color,
            column,
            quarter: m.quarter,
            tooltip: m.tooltip.clone(),
            count,
        }
    }

    fn push(&mut self, row: Row) {
        self.y = row.band.bottom();
        self.layout.rows.push(row);
    }

    /// The legend goes under the rows; its items flow in lines.
    fn legend(&mut self, items: Vec<(LegendKind, String)>, color: Rgb) {
        let icon_w = 34;
        let max_text = self.layout.width - 2 * PAD - icon_w - 6;
        self.layout.legend = items
            .into_iter()
            .map(|(kind, t)| {
                let t = text::ellipsize(&t, max_text, LEGEND_SIZE, Weight::Regular);
                LegendItem {
                    kind,
                    icon: Rect::new(0, 0, icon_w, 14),
                    color,
                    label: label(
                        t,
                        0,
                        0,
                        LEGEND_SIZE,
                        Weight::Regular,
                        Anchor::Start,
                        Tone::Text,
                    ),
                }
            })
            .collect();
    }

    /// Places the legend and the as-of line; the layout is done.
    pub fn finish(mut self) -> Layout {
        let l = &mut self.layout;
        l.body.h = self.y - l.body.y;
        if let Some(a) = &mut l.as_of {
            a.segments = as_of_segments(a.x, &l.rows);
        }
        let lh = line_height(LEGEND_SIZE) + 8;
        let (mut x, mut y) = (PAD, l.body.bottom() + 12);
        for item in &mut l.legend {
            let w = item.icon.w + 6 + item.label.width();
            if x > PAD && x + w > l.width - PAD {
                x = PAD;
                y += lh;
            }
            item.icon = Rect::new(x, y, item.icon.w, item.icon.h);
            item.label.x = x + item.icon.w + 6;
            item.label.top = y + (item.icon.h - LEGEND_SIZE) / 2 + 1;
            x += w + 22;
        }
        l.height = if l.legend.is_empty() {
            l.body.bottom() + PAD
        } else {
            y + lh
        };
        self.layout
    }
}
