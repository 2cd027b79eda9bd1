//! What a chart asks plotters to draw, written down first: a [`Sketch`] records the shapes
//! and texts of one fragment of a chart (the grid, the header, a row, a legend entry), and
//! [`plot_on`] has plotters' SVG backend draw them — or hands out the fragment drawn before
//! for the same shapes. Most of a project's Zeithorizont (grid, years and quarters, legend)
//! is the same on every project page of a site, so plotters draws it again only when a
//! thread's store of fragments is full and starts afresh (`KEPT` fragments), not once per
//! page; the bytes are those plotters writes either way.
//!
//! *Invariant:* the fragment is a function of the recorded shapes and the drawing area's
//! size alone; nothing else is read while drawing.

use plotters::element::{PathElement, Polygon, Rectangle};
use plotters::prelude::{DrawingAreaErrorKind, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};
use std::collections::HashMap;
use std::rc::Rc;

use super::color::{Colors, Rgb};
use super::layout::{Anchor, Label, Rect, Tone};
use super::text::{Weight, FONT_FAMILY};

/// One shape or text, in px of the chart, with its colour.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Element {
    /// A filled rectangle.
    Rect(Rect, Rgb),
    /// A line through the points, `width` px wide.
    Path(Vec<(i32, i32)>, Rgb, u32),
    /// A filled polygon.
    Polygon(Vec<(i32, i32)>, Rgb),
    /// One line of text; `top` is the top of the capitals, `size` the font size in px.
    Text {
        text: String,
        x: i32,
        top: i32,
        size: i32,
        bold: bool,
        anchor: Anchor,
        color: Rgb,
    },
}

/// The shapes of one fragment, in drawing order.
#[derive(Debug, Default)]
pub(super) struct Sketch {
    shapes: Vec<Element>,
}

impl Sketch {
    /// A filled rectangle.
    pub(super) fn rect(&mut self, r: Rect, c: Rgb) {
        self.shapes.push(Element::Rect(r, c));
    }

    /// A line 1 px wide.
    pub(super) fn line(&mut self, from: (i32, i32), to: (i32, i32), c: Rgb) {
        self.path(vec![from, to], c, 1);
    }

    /// A line through `points`, `width` px wide.
    pub(super) fn path(&mut self, points: Vec<(i32, i32)>, c: Rgb, width: u32) {
        self.shapes.push(Element::Path(points, c, width));
    }

    /// A filled polygon.
    pub(super) fn polygon(&mut self, points: Vec<(i32, i32)>, c: Rgb) {
        self.shapes.push(Element::Polygon(points, c));
    }

    /// A label, in the colour of its tone.
    pub(super) fn label(&mut self, t: &Label, c: &Colors) {
        self.shapes.push(Element::Text {
            text: t.text.clone(),
            x: t.x,
            top: t.top,
            size: t.size,
            bold: t.weight == Weight::Bold,
            anchor: t.anchor,
            color: match t.tone {
                Tone::Text => c.text,
                Tone::Muted => c.muted,
            },
        });
    }
}

/// A fragment's key: the area's size and its shapes.
type Key = (i32, i32, Vec<Element>);

/// How many fragments a thread keeps; when full, it starts afresh. A project chart has a
/// dozen fragments, of which the frame's recur on every page of a site.
const KEPT: usize = 512;

thread_local! {
    /// Fragments drawn on this thread, by their key.
    static DRAWN: std::cell::RefCell<HashMap<Key, Rc<str>>> = std::cell::RefCell::new(HashMap::new());
    /// What plotters writes, kept between plots.
    static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// The fragment (the elements only, without plotters' own `<svg>` root; see `tidy`) of what
/// `draw` sketches on a `w` × `h` area.
///
/// # Errors
/// Plotters' error, as a sentence naming the chart `id`.
pub(super) fn plot_on(
    w: i32,
    h: i32,
    id: &str,
    draw: impl FnOnce(&mut Sketch),
) -> Result<Rc<str>, String> {
    let mut sketch = Sketch::default();
    draw(&mut sketch);
    let key = (w, h, sketch.shapes);
    if let Some(done) = DRAWN.with_borrow(|m| m.get(&key).cloned()) {
        return Ok(done);
    }
    let fragment: Rc<str> = draw_shapes(w, h, &key.2)
        .map_err(|e| format!("drawing the chart `{id}` failed: {e}"))?
        .into();
    DRAWN.with_borrow_mut(|m| {
        if m.len() >= KEPT {
            m.clear();
        }
        m.insert(key, fragment.clone());
    });
    Ok(fragment)
}

/// Plotters draws `shapes`, and its output is tidied.
fn draw_shapes(
    w: i32,
    h: i32,
    shapes: &[Element],
) -> Result<String, DrawingAreaErrorKind<std::io::Error>> {
    SCRATCH.with_borrow_mut(|buf| {
        buf.clear();
        {
            let a = SVGBackend::with_string(buf, (w.max(1) as u32, h.max(1) as u32))
                .into_drawing_area();
            for s in shapes {
                match s {
                    Element::Rect(r, c) => a.draw(&Rectangle::new(
                        [(r.x, r.y), (r.right(), r.bottom())],
                        rgb(*c).filled(),
                    ))?,
                    Element::Path(points, c, width) => a.draw(&PathElement::new(
                        points.clone(),
                        rgb(*c).stroke_width(*width),
                    ))?,
                    Element::Polygon(points, c) => {
                        a.draw(&Polygon::new(points.clone(), rgb(*c).filled()))?
                    }
                    Element::Text {
                        text,
                        x,
                        top,
                        size,
                        bold,
                        anchor,
                        color,
                    } => {
                        let h = match anchor {
                            Anchor::Start => HPos::Left,
                            Anchor::Middle => HPos::Center,
                            Anchor::End => HPos::Right,
                        };
                        let style = if *bold {
                            FontStyle::Bold
                        } else {
                            FontStyle::Normal
                        };
                        let style = TextStyle {
                            font: FontDesc::new(
                                FontFamily::Name(FONT_FAMILY),
                                f64::from(*size) * 1.24,
                                style,
                            ),
                            color: rgb(*color).to_backend_color(),
                            pos: Pos::new(h, VPos::Top),
                        };
                        a.draw_text(text, &style, (*x, *top))?
                    }
                }
            }
            a.present()?;
        }
        Ok(tidy(buf))
    })
}

fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Drops plotters' <svg> root, puts each <text> on one line, rounds font sizes and leaves out
/// what the root already says (full opacity, the font family).
fn tidy(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len());
    let mut lines = fragment.lines().skip(1).filter(|l| *l != "</svg>");
    while let Some(line) = lines.next() {
        if line.starts_with("<text") {
            let content = lines.next().unwrap_or_default();
            let close = lines.next().unwrap_or_default();
            push_tag(&mut out, line, true);
            out.push_str(content);
            out.push_str(close);
        } else {
            push_tag(&mut out, line, false);
        }
        out.push('\n');
    }
    out
}

/// Pushes a start tag as plotters writes it (`<name a="v" …>`, one line) without `opacity="1"`
/// and, for a `text`, without the root's font family and with its font size rounded to 0.01
/// (plotters writes size / 1.24 in full float precision). Anything else is pushed as it is.
fn push_tag(out: &mut String, tag: &str, text: bool) {
    let Some(first) = tag.find(' ') else {
        out.push_str(tag);
        return;
    };
    out.push_str(&tag[..first]);
    let mut rest = &tag[first..];
    // Each turn: ` name="value"`.
    while rest.starts_with(' ') {
        let Some(eq) = rest.find('=') else { break };
        if rest.as_bytes().get(eq + 1) != Some(&b'"') {
            break;
        }
        let Some(len) = rest[eq + 2..].find('"') else {
            break;
        };
        let (name, value, end) = (&rest[1..eq], &rest[eq + 2..eq + 2 + len], eq + 3 + len);
        match name {
            "opacity" if value == "1" => {}
            "font-family" if text && value == FONT_FAMILY => {}
            "font-size" if text => match value.parse::<f64>() {
                Ok(v) => {
                    use std::fmt::Write;
                    let _ = write!(out, " font-size=\"{}\"", (v * 100.0).round() / 100.0);
                }
                Err(_) => out.push_str(&rest[..end]),
            },
            _ => out.push_str(&rest[..end]),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidies_plotters_output() {
        let raw = format!(
            "<svg width=\"1\">\n<rect x=\"1\" opacity=\"1\"/>\n<text x=\"1\" font-family=\"{FONT_FAMILY}\" \
             font-size=\"13.000000000000002\" opacity=\"1\" fill=\"#000\">\nA &amp; B\n</text>\n</svg>\n"
        );
        assert_eq!(
            tidy(&raw),
            "<rect x=\"1\"/>\n<text x=\"1\" font-size=\"13\" fill=\"#000\">A &amp; B</text>\n"
        );
    }

    #[test]
    fn the_same_shapes_give_the_same_fragment_and_others_another() {
        let c = Rgb(10, 20, 30);
        let label = |text: &str| Label {
            text: text.to_string(),
            x: 5,
            top: 7,
            size: 11,
            weight: Weight::Bold,
            anchor: Anchor::End,
            tone: Tone::Muted,
        };
        let colors = Colors::from_palette(&crate::theme::Palette::default());
        let draw = |text: &'static str| {
            move |s: &mut Sketch| {
                s.rect(Rect::new(1, 2, 3, 4), c);
                s.line((0, 0), (9, 9), c);
                s.polygon(vec![(0, 0), (4, 0), (2, 3)], c);
                s.label(&label(text), &colors);
            }
        };
        let first = plot_on(40, 30, "t", draw("A & B")).unwrap();
        let again = plot_on(40, 30, "t", draw("A & B")).unwrap();
        assert!(Rc::ptr_eq(&first, &again), "drawn once");
        assert_eq!(
            &*first,
            format!(
                "<rect x=\"1\" y=\"2\" width=\"3\" height=\"4\" fill=\"#0A141E\" stroke=\"none\"/>\n\
                 <polyline fill=\"none\" stroke=\"#0A141E\" stroke-width=\"1\" points=\"0,0 9,9 \"/>\n\
                 <polygon fill=\"#0A141E\" points=\"0,0 4,0 2,3 \"/>\n\
                 <text x=\"5\" y=\"7\" dy=\"0.76em\" text-anchor=\"end\" font-size=\"11\" fill=\"{}\" font-weight=\"bold\">A &amp; B</text>\n",
                colors.muted.hex().to_uppercase()
            )
        );
        let other = plot_on(40, 30, "t", draw("A & C")).unwrap();
        assert!(other.contains("A &amp; C</text>") && !other.contains("A &amp; B"));
        let larger = plot_on(41, 30, "t", draw("A & B")).unwrap();
        assert!(
            !Rc::ptr_eq(&first, &larger),
            "the area's size is part of the key"
        );
    }
}
