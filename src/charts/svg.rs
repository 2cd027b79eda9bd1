//! Draws a layout as SVG. Shapes and texts are drawn with plotters' SVG backend, group by
//! group; the document around them (the accessible root, `<title>`, `<desc>`, hatch
//! patterns, per-row `<g>` with hover titles) is written here. Only follows the layout: no geometry is
//! decided in this file.

use plotters::coord::Shift;
use plotters::element::{PathElement, Polygon, Rectangle};
use plotters::prelude::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use super::color::{Colors, Rgb};
use super::layout::{
    Anchor, Bar, Label, Layout, LegendItem, LegendKind, Marker, Rect, RowKind, Shape, Tone,
};
use super::text::{Weight, FONT_FAMILY};

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// The SVG document of a layout: no XML declaration, so that it can be inlined in HTML as it is.
pub fn render(l: &Layout) -> Result<String, String> {
    let id = &l.id;
    let mut out = String::with_capacity(4096 + l.rows.len() * 1536);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg {class}\" font-family=\"{font}\">\n",
        w = l.width,
        h = l.height,
        class = escape(&l.class),
        font = FONT_FAMILY,
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape(&l.title)
    ));
    out.push_str(&format!(
        "<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&l.desc)
    ));
    out.push_str(&defs(id, &l.colors));
    grid(l, &mut out)?;
    as_of(l, &mut out)?;
    out.push_str("<g class=\"header\">\n");
    out.push_str(&plot(l, |a| {
        l.header_labels
            .iter()
            .try_for_each(|t| label(a, t, &l.colors))
    })?);
    out.push_str("</g>\n");
    for row in &l.rows {
        draw_row(l, row, &mut out)?;
    }
    legend(l, &mut out)?;
    out.push_str("</svg>\n");
    // The room reserved per row is a guess: what was not used is given back (at 10,000
    // projects the Zeitstrahl is 13 MB, and a guess too small doubles the room).
    out.shrink_to_fit();
    Ok(out)
}

/// The grid under and over the hatched ff column.
fn grid(l: &Layout, out: &mut String) -> Result<(), String> {
    out.push_str("<g class=\"grid\" shape-rendering=\"crispEdges\">\n");
    out.push_str(&plot(l, |a| grid_under(a, l))?);
    let ff = l.axis.columns[l.axis.ff()];
    out.push_str(&pattern_rect(
        Rect::new(ff.x, l.body.y, ff.w, l.body.h),
        &format!("{}-ff", l.id),
    ));
    out.push_str(&plot(l, |a| grid_over(a, l))?);
    out.push_str("</g>\n");
    Ok(())
}

/// The as-of line in its pieces, its pointer and its label.
fn as_of(l: &Layout, out: &mut String) -> Result<(), String> {
    let Some(a) = &l.as_of else {
        return Ok(());
    };
    let c = &l.colors;
    out.push_str("<g class=\"as-of\">\n");
    out.push_str(&plot(l, |area| {
        for (y0, y1) in &a.segments {
            fill_rect(area, Rect::new(a.x - 1, *y0, 2, y1 - y0), c.as_of)?;
        }
        area.draw(&Polygon::new(a.pointer.clone(), rgb(c.as_of).filled()))?;
        label(area, &a.label, c)
    })?);
    out.push_str("</g>\n");
    Ok(())
}

/// One row: its labels and swatch, its phase bars and its milestone markers.
fn draw_row(l: &Layout, row: &super::layout::Row, out: &mut String) -> Result<(), String> {
    let (c, id) = (&l.colors, &l.id);
    let kind = match row.kind {
        RowKind::Group => "group",
        RowKind::Item => "item",
        RowKind::Note => "note",
    };
    out.push_str(&format!(
        "<g class=\"row {kind}\" data-key=\"{}\">\n<title>{}</title>\n",
        escape(&row.key),
        escape(&row.tooltip)
    ));
    out.push_str(&plot(l, |a| {
        if let Some((r, color)) = row.swatch {
            a.draw(&Rectangle::new(
                [(r.x, r.y), (r.right(), r.bottom())],
                rgb(color).filled(),
            ))?;
        }
        row.labels.iter().try_for_each(|t| label(a, t, c))
    })?);
    for bar in &row.bars {
        out.push_str(&format!(
            "<g class=\"phase\">\n<title>{}</title>\n",
            escape(&bar.tooltip)
        ));
        out.push_str(&plot(l, |a| draw_bar(a, bar))?);
        if let Some(h) = bar.hatched {
            out.push_str(&pattern_rect(h, &format!("{id}-open")));
        }
        out.push_str("</g>\n");
    }
    for m in &row.markers {
        let column = m.column.map_or("before".to_string(), |i| i.to_string());
        out.push_str(&format!(
            "<g class=\"milestone\" data-quarter=\"{}\" data-column=\"{column}\">\n<title>{}</title>\n",
            m.quarter,
            escape(&m.tooltip)
        ));
        out.push_str(&plot(l, |a| draw_marker(a, m, c))?);
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
    Ok(())
}

/// The legend: an icon and a label per entry.
fn legend(l: &Layout, out: &mut String) -> Result<(), String> {
    if l.legend.is_empty() {
        return Ok(());
    }
    let (c, id) = (&l.colors, &l.id);
    out.push_str("<g class=\"legend\">\n");
    for item in &l.legend {
        out.push_str(&plot(l, |a| draw_legend_icon(a, item, c))?);
        if item.kind == LegendKind::Open {
            // A bar running on into the hatched ff column, hatched itself there.
            let i = item.icon;
            let ff = Rect::new(i.x + i.w / 2, i.y - 2, i.w / 2, i.h + 4);
            out.push_str(&pattern_rect(ff, &format!("{id}-ff")));
            out.push_str(&plot(l, |a| draw_open_icon(a, item, c))?);
            out.push_str(&pattern_rect(
                Rect::new(ff.x, i.y + 3, ff.w - 6, i.h - 6),
                &format!("{id}-open"),
            ));
        }
        out.push_str(&plot(l, |a| label(a, &item.label, c))?);
    }
    out.push_str("</g>\n");
    Ok(())
}

/// Hatch patterns: grey lines for the ff column, white lines over bars that run on.
fn defs(id: &str, c: &Colors) -> String {
    format!(
        "<defs>\n<pattern id=\"{id}-ff\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"{}\" stroke-width=\"1.5\"/></pattern>\n\
         <pattern id=\"{id}-open\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"{}\" stroke-width=\"2\"/></pattern>\n</defs>\n",
        c.hatch.hex(),
        c.background.hex()
    )
}

fn pattern_rect(r: Rect, pattern: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"url(#{pattern})\"/>\n",
        r.x, r.y, r.w, r.h
    )
}

/// Draws with plotters into a fragment: the elements only, without plotters' own <svg> root.
fn plot(l: &Layout, draw: impl FnOnce(&Area) -> DrawResult) -> Result<String, String> {
    plot_on(l.width, l.height, &l.id, draw)
}

/// Draws with plotters on a `w` × `h` area into a fragment (see [`plot`]); `id` names the chart
/// in the error.
pub(super) fn plot_on(
    w: i32,
    h: i32,
    id: &str,
    draw: impl FnOnce(&Area) -> DrawResult,
) -> Result<String, String> {
    thread_local! {
        /// What plotters writes, kept between plots (a chart is drawn in a dozen of them).
        static SCRATCH: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    SCRATCH.with_borrow_mut(|buf| {
        buf.clear();
        {
            let area = SVGBackend::with_string(buf, (w.max(1) as u32, h.max(1) as u32))
                .into_drawing_area();
            draw(&area).map_err(|e| format!("drawing the chart `{id}` failed: {e}"))?;
            area.present()
                .map_err(|e| format!("drawing the chart `{id}` failed: {e}"))?;
        }
        Ok(tidy(buf))
    })
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

pub(super) fn rgb(c: Rgb) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

pub(super) fn fill_rect(a: &Area, r: Rect, c: Rgb) -> DrawResult {
    a.draw(&Rectangle::new(
        [(r.x, r.y), (r.right(), r.bottom())],
        rgb(c).filled(),
    ))
}

pub(super) fn line(a: &Area, from: (i32, i32), to: (i32, i32), c: Rgb) -> DrawResult {
    a.draw(&PathElement::new(vec![from, to], rgb(c).stroke_width(1)))
}

/// Background, stripes of every other row.
fn grid_under(a: &Area, l: &Layout) -> DrawResult {
    let c = &l.colors;
    fill_rect(a, Rect::new(0, 0, l.width, l.height), c.background)?;
    for row in l.rows.iter().filter(|r| r.stripe) {
        fill_rect(a, row.band, c.stripe)?;
    }
    Ok(())
}

/// Column lines (stronger between years), field bands, rules under the header and the body.
fn grid_over(a: &Area, l: &Layout) -> DrawResult {
    let c = &l.colors;
    let (top, bottom) = (l.body.y, l.body.bottom());
    for col in &l.axis.columns {
        let year_start = col.quarter.is_none_or(|q| q.q == 1) || col.x == l.axis.left();
        if year_start {
            line(a, (col.x, l.header.y), (col.x, bottom), c.grid_strong)?;
        } else {
            line(a, (col.x, top), (col.x, bottom), c.grid)?;
        }
    }
    line(
        a,
        (l.axis.right(), top),
        (l.axis.right(), bottom),
        c.grid_strong,
    )?;
    for row in l.rows.iter().filter(|r| r.kind == RowKind::Group) {
        fill_rect(a, row.band, c.stripe.mix(c.grid, 0.35))?;
        line(a, (0, row.band.y), (l.width, row.band.y), c.grid_strong)?;
    }
    line(a, (0, top), (l.width, top), c.grid_strong)?;
    line(a, (0, bottom), (l.width, bottom), c.grid_strong)
}

pub(super) fn label(a: &Area, t: &Label, c: &Colors) -> DrawResult {
    let color = match t.tone {
        Tone::Text => c.text,
        Tone::Muted => c.muted,
    };
    let h = match t.anchor {
        Anchor::Start => HPos::Left,
        Anchor::Middle => HPos::Center,
        Anchor::End => HPos::Right,
    };
    let style = if t.weight == Weight::Bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    let style = TextStyle {
        font: FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            f64::from(t.size) * 1.24,
            style,
        ),
        color: rgb(color).to_backend_color(),
        pos: Pos::new(h, VPos::Top),
    };
    a.draw_text(&t.text, &style, (t.x, t.top))
}

fn draw_bar(a: &Area, b: &Bar) -> DrawResult {
    a.draw(&Polygon::new(b.outline.clone(), rgb(b.color).filled()))
}

fn diamond(cx: i32, cy: i32, r: i32) -> Vec<(i32, i32)> {
    vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
}

fn arrow_left(cx: i32, cy: i32, r: i32) -> Vec<(i32, i32)> {
    vec![(cx - r, cy), (cx + r, cy - r), (cx + r, cy + r)]
}

/// A marker: a halo in the background colour, the shape in the field colour, a dark outline.
fn draw_marker(a: &Area, m: &Marker, c: &Colors) -> DrawResult {
    draw_shape(a, m.shape, (m.cx, m.cy), m.r, m.color, c)?;
    match &m.count {
        Some(t) => label(a, t, c),
        None => Ok(()),
    }
}

fn draw_shape(
    a: &Area,
    shape: Shape,
    (cx, cy): (i32, i32),
    r: i32,
    color: Rgb,
    c: &Colors,
) -> DrawResult {
    let points = |r: i32| match shape {
        Shape::Diamond => diamond(cx, cy, r),
        Shape::ArrowLeft => arrow_left(cx, cy, r),
    };
    a.draw(&Polygon::new(points(r + 2), rgb(c.background).filled()))?;
    a.draw(&Polygon::new(points(r), rgb(color).filled()))?;
    let mut outline = points(r);
    outline.extend(outline.first().copied());
    a.draw(&PathElement::new(outline, rgb(c.text).stroke_width(1)))
}

fn draw_legend_icon(a: &Area, item: &LegendItem, c: &Colors) -> DrawResult {
    let i = item.icon;
    let (cx, cy) = (i.x + i.w / 2, i.y + i.h / 2);
    match item.kind {
        LegendKind::Milestone => draw_shape(a, Shape::Diamond, (cx, cy), 6, item.color, c),
        LegendKind::Phase => fill_rect(a, Rect::new(i.x + 1, cy - 3, i.w - 2, 6), item.color),
        // Drawn over its hatched background, in render().
        LegendKind::Open => Ok(()),
        LegendKind::AsOf => fill_rect(a, Rect::new(cx - 1, i.y - 2, 2, i.h + 4), c.as_of),
    }
}

/// The bar of the legend's "runs on" icon: pointed at the right.
fn draw_open_icon(a: &Area, item: &LegendItem, c: &Colors) -> DrawResult {
    let i = item.icon;
    line(
        a,
        (i.x + i.w / 2, i.y - 2),
        (i.x + i.w / 2, i.bottom() + 2),
        c.grid_strong,
    )?;
    let (x0, x1, y0, y1, cy) = (
        i.x + 1,
        i.right() - 1,
        i.y + 3,
        i.bottom() - 3,
        i.y + i.h / 2,
    );
    a.draw(&Polygon::new(
        vec![(x0, y0), (x1 - 6, y0), (x1, cy), (x1 - 6, y1), (x0, y1)],
        rgb(item.color).filled(),
    ))
}

pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
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
    fn escapes() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
