//! Draws a layout as SVG. Shapes and texts are drawn with plotters' SVG backend, group by
//! group; the document around them (the accessible root, `<title>`, `<desc>`, hatch
//! patterns, per-row `<g>` with hover titles) is written here. Only follows the layout: no geometry is
//! decided in this file.

use std::rc::Rc;

use super::color::{Colors, Rgb};
use super::layout::{Layout, LegendItem, LegendKind, Marker, Rect, RowKind, Shape};
use super::sketch::{plot_on, Sketch};
use super::text::FONT_FAMILY;

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
        for t in &l.header_labels {
            a.label(t, &l.colors);
        }
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
            area.rect(Rect::new(a.x - 1, *y0, 2, y1 - y0), c.as_of);
        }
        area.polygon(a.pointer.clone(), c.as_of);
        area.label(&a.label, c);
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
            a.rect(r, color);
        }
        for t in &row.labels {
            a.label(t, c);
        }
    })?);
    for bar in &row.bars {
        out.push_str(&format!(
            "<g class=\"phase\">\n<title>{}</title>\n",
            escape(&bar.tooltip)
        ));
        out.push_str(&plot(l, |a| a.polygon(bar.outline.clone(), bar.color))?);
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
        out.push_str(&plot(l, |a| a.label(&item.label, c))?);
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
fn plot(l: &Layout, draw: impl FnOnce(&mut Sketch)) -> Result<Rc<str>, String> {
    plot_on(l.width, l.height, &l.id, draw)
}

/// Background, stripes of every other row.
fn grid_under(a: &mut Sketch, l: &Layout) {
    let c = &l.colors;
    a.rect(Rect::new(0, 0, l.width, l.height), c.background);
    for row in l.rows.iter().filter(|r| r.stripe) {
        a.rect(row.band, c.stripe);
    }
}

/// Column lines (stronger between years), field bands, rules under the header and the body.
fn grid_over(a: &mut Sketch, l: &Layout) {
    let c = &l.colors;
    let (top, bottom) = (l.body.y, l.body.bottom());
    for col in &l.axis.columns {
        let year_start = col.quarter.is_none_or(|q| q.q == 1) || col.x == l.axis.left();
        if year_start {
            a.line((col.x, l.header.y), (col.x, bottom), c.grid_strong);
        } else {
            a.line((col.x, top), (col.x, bottom), c.grid);
        }
    }
    a.line(
        (l.axis.right(), top),
        (l.axis.right(), bottom),
        c.grid_strong,
    );
    for row in l.rows.iter().filter(|r| r.kind == RowKind::Group) {
        a.rect(row.band, c.stripe.mix(c.grid, 0.35));
        a.line((0, row.band.y), (l.width, row.band.y), c.grid_strong);
    }
    a.line((0, top), (l.width, top), c.grid_strong);
    a.line((0, bottom), (l.width, bottom), c.grid_strong);
}

fn diamond(cx: i32, cy: i32, r: i32) -> Vec<(i32, i32)> {
    vec![(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
}

fn arrow_left(cx: i32, cy: i32, r: i32) -> Vec<(i32, i32)> {
    vec![(cx - r, cy), (cx + r, cy - r), (cx + r, cy + r)]
}

/// A marker: a halo in the background colour, the shape in the field colour, a dark outline.
fn draw_marker(a: &mut Sketch, m: &Marker, c: &Colors) {
    draw_shape(a, m.shape, (m.cx, m.cy), m.r, m.color, c);
    if let Some(t) = &m.count {
        a.label(t, c);
    }
}

fn draw_shape(a: &mut Sketch, shape: Shape, (cx, cy): (i32, i32), r: i32, color: Rgb, c: &Colors) {
    let points = |r: i32| match shape {
        Shape::Diamond => diamond(cx, cy, r),
        Shape::ArrowLeft => arrow_left(cx, cy, r),
    };
    a.polygon(points(r + 2), c.background);
    a.polygon(points(r), color);
    let mut outline = points(r);
    outline.extend(outline.first().copied());
    a.path(outline, c.text, 1);
}

fn draw_legend_icon(a: &mut Sketch, item: &LegendItem, c: &Colors) {
    let i = item.icon;
    let (cx, cy) = (i.x + i.w / 2, i.y + i.h / 2);
    match item.kind {
        LegendKind::Milestone => draw_shape(a, Shape::Diamond, (cx, cy), 6, item.color, c),
        LegendKind::Phase => a.rect(Rect::new(i.x + 1, cy - 3, i.w - 2, 6), item.color),
        // Drawn over its hatched background, in render().
        LegendKind::Open => {}
        LegendKind::AsOf => a.rect(Rect::new(cx - 1, i.y - 2, 2, i.h + 4), c.as_of),
    }
}

/// The bar of the legend's "runs on" icon: pointed at the right.
fn draw_open_icon(a: &mut Sketch, item: &LegendItem, c: &Colors) {
    let i = item.icon;
    a.line(
        (i.x + i.w / 2, i.y - 2),
        (i.x + i.w / 2, i.bottom() + 2),
        c.grid_strong,
    );
    let (x0, x1, y0, y1, cy) = (
        i.x + 1,
        i.right() - 1,
        i.y + 3,
        i.bottom() - 3,
        i.y + i.h / 2,
    );
    a.polygon(
        vec![(x0, y0), (x1 - 6, y0), (x1, cy), (x1 - 6, y1), (x0, y1)],
        item.color,
    );
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
    fn escapes() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
    }
}
