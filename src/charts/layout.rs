//! The geometry of a chart as plain data: every row, bar, marker and text box with its position
//! in px. Layouts are computed without drawing (see frame.rs and the chart builders) and tested
//! as data; svg.rs only follows them.

use super::axis::{Axis, Span};
use super::color::{Colors, Rgb};
use super::text::{self, Weight};
use crate::quarter::Quarter;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn new(x: i32, y: i32, w: i32, h: i32) -> Rect {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    /// The two share some area (touching edges do not count).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Text,
    Muted,
}

/// One line of text. `top` is the top of the capitals; the box adds room for accents above
/// and descenders below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    pub x: i32,
    pub top: i32,
    pub size: i32,
    pub weight: Weight,
    pub anchor: Anchor,
    pub tone: Tone,
}

impl Label {
    pub fn width(&self) -> i32 {
        text::width(&self.text, self.size, self.weight)
    }

    /// The space the text may take, estimated generously.
    pub fn bbox(&self) -> Rect {
        let w = self.width();
        let x = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - (w + 1) / 2,
            Anchor::End => self.x - w,
        };
        let above = (self.size + 4) / 5;
        Rect::new(x, self.top - above, w, above + self.size)
    }
}

/// The height one line of text of `size` takes, so that wrapped lines never touch.
pub fn line_height(size: i32) -> i32 {
    size + (size + 2) / 3
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The milestone.
    Diamond,
    /// A milestone before the start of the timeline: points left, out of the chart.
    ArrowLeft,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub cx: i32,
    pub cy: i32,
    /// Half the diagonal of the diamond.
    pub r: i32,
    pub shape: Shape,
    pub color: Rgb,
    /// The axis column, None before the start.
    pub column: Option<usize>,
    pub quarter: Quarter,
    pub tooltip: String,
    /// A number written under the marker (how many projects it stands for).
    pub count: Option<Label>,
}

/// A dated phase: a bar over the columns it covers, pointed where it runs on past the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// The box the bar takes, tips included.
    pub rect: Rect,
    /// The outline to fill (a rectangle with pointed ends where the phase runs on).
    pub outline: Vec<(i32, i32)>,
    /// The part in the ff column, drawn hatched.
    pub hatched: Option<Rect>,
    pub span: Span,
    pub color: Rgb,
    pub tooltip: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A field heading.
    Group,
    /// A project or a phase.
    Item,
    /// A line of text (e.g. no projects).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    /// The project slug, field key or phase number the row stands for.
    pub key: String,
    /// The full-width band of the row.
    pub band: Rect,
    pub stripe: bool,
    /// Shown on hover: the full text of the row.
    pub tooltip: String,
    pub labels: Vec<Label>,
    /// A small square in the field colour before a group title.
    pub swatch: Option<(Rect, Rgb)>,
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendKind {
    Milestone,
    Phase,
    Open,
    AsOf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegendItem {
    pub kind: LegendKind,
    pub icon: Rect,
    /// The colour of the marker or bar in the icon.
    pub color: Rgb,
    pub label: Label,
}

/// The line at the as-of date: a label with a pointer over the header, and the line through
/// the rows (interrupted where field bands repeat the year labels).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AsOf {
    pub x: i32,
    pub label: Label,
    /// A small triangle pointing down at the date, beside the label.
    pub pointer: Vec<(i32, i32)>,
    /// (top, bottom) of each piece of the line.
    pub segments: Vec<(i32, i32)>,
}

/// A whole chart, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Prefix of the ids in the SVG, unique on its page.
    pub id: String,
    /// A class for the root element.
    pub class: String,
    pub width: i32,
    pub height: i32,
    pub title: String,
    pub desc: String,
    pub axis: Axis,
    /// Year labels, quarter labels and the heading of the label column.
    pub header: Rect,
    pub header_labels: Vec<Label>,
    /// The area of the rows, across the label column and the axis.
    pub body: Rect,
    pub rows: Vec<Row>,
    pub as_of: Option<AsOf>,
    pub legend: Vec<LegendItem>,
    pub colors: Colors,
}

impl Layout {
    /// Every text of the chart.
    pub fn labels(&self) -> Vec<&Label> {
        let mut v: Vec<&Label> = self.header_labels.iter().collect();
        for r in &self.rows {
            v.extend(&r.labels);
            v.extend(r.markers.iter().filter_map(|m| m.count.as_ref()));
        }
        v.extend(self.as_of.as_ref().map(|a| &a.label));
        v.extend(self.legend.iter().map(|l| &l.label));
        v
    }

    /// Pairs of texts whose boxes overlap (there should be none).
    pub fn overlapping(&self) -> Vec<(String, String)> {
        overlapping(self.labels())
    }

    /// Texts whose boxes leave the chart (there should be none).
    pub fn outside(&self) -> Vec<String> {
        let all = Rect::new(0, 0, self.width, self.height);
        self.labels()
            .into_iter()
            .filter(|l| !all.contains(&l.bbox()))
            .map(|l| l.text.clone())
            .collect()
    }
}

/// Pairs of the texts whose boxes overlap.
pub fn overlapping(labels: Vec<&Label>) -> Vec<(String, String)> {
    let mut boxes: Vec<(Rect, &str)> = labels
        .into_iter()
        .map(|l| (l.bbox(), l.text.as_str()))
        .collect();
    boxes.sort_by_key(|(r, _)| (r.y, r.x));
    let mut out = Vec::new();
    for (i, (a, ta)) in boxes.iter().enumerate() {
        for (b, tb) in &boxes[i + 1..] {
            if b.y >= a.bottom() {
                break;
            }
            if a.intersects(b) {
                out.push((ta.to_string(), tb.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rects_intersect_only_with_area() {
        let a = Rect::new(0, 0, 10, 10);
        assert!(a.intersects(&Rect::new(5, 5, 10, 10)));
        assert!(!a.intersects(&Rect::new(10, 0, 10, 10)));
        assert!(!a.intersects(&Rect::new(0, 10, 10, 10)));
        assert!(a.contains(&Rect::new(2, 2, 8, 8)));
        assert!(!a.contains(&Rect::new(2, 2, 9, 8)));
    }

    #[test]
    fn label_boxes_follow_the_anchor() {
        let l = |anchor| Label {
            text: "2021".into(),
            x: 100,
            top: 50,
            size: 10,
            weight: Weight::Regular,
            anchor,
            tone: Tone::Text,
        };
        let w = l(Anchor::Start).width();
        assert_eq!(l(Anchor::Start).bbox().x, 100);
        assert_eq!(l(Anchor::End).bbox().right(), 100);
        let m = l(Anchor::Middle).bbox();
        assert!((m.x + m.right() - 200).abs() <= 1, "{m:?} {w}");
        assert!(m.y < 50 && m.bottom() >= 60);
        // Two lines a line height apart do not overlap.
        let mut second = l(Anchor::Start);
        second.top += line_height(10);
        assert!(!l(Anchor::Start).bbox().intersects(&second.bbox()));
    }
}
