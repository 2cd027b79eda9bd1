//! Draws a KPI chart's layout as SVG: grid and axis labels, the due marker, the target line,
//! the line through the values and a point per value, each group with a hover title and
//! `data-*` attributes. Like svg.rs it only follows the layout.

use super::kpi::{KpiLayout, POINT_R};
use super::sketch::{plot_on, Sketch};
use super::svg::escape;
use super::text::FONT_FAMILY;

/// The SVG document of a KPI chart, without an XML declaration (it is inlined in HTML as it is
/// and also written as a file).
pub fn render(l: &KpiLayout) -> Result<String, String> {
    let id = &l.id;
    let c = &l.colors;
    let plot = |draw: &dyn Fn(&mut Sketch)| plot_on(l.width, l.height, id, draw);
    let mut out = String::with_capacity(4096);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" class=\"chart-svg chart-kpi\" font-family=\"{FONT_FAMILY}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&l.title),
        escape(&l.desc),
        w = l.width,
        h = l.height,
    ));
    // Grid lines, axes and ticks as one path each: a few bytes instead of a line element each.
    let (x0, x1, bottom) = (l.plot.x, l.plot.right(), l.plot.bottom());
    let grid: String = l
        .y_ticks
        .iter()
        .map(|(y, _)| format!("M{x0} {y}H{x1}"))
        .collect();
    let axes: String = std::iter::once(format!("M{x0} {}V{bottom}H{x1}", l.plot.y))
        .chain(l.x_ticks.iter().map(|x| format!("M{x} {bottom}v4")))
        .collect();
    out.push_str(&format!(
        "<g class=\"grid\" shape-rendering=\"crispEdges\">\n\
         <rect width=\"{}\" height=\"{}\" fill=\"{}\"/>\n\
         <path d=\"{grid}\" stroke=\"{}\" fill=\"none\"/>\n<path d=\"{axes}\" stroke=\"{}\" fill=\"none\"/>\n",
        l.width,
        l.height,
        c.background.hex(),
        c.grid.hex(),
        c.grid_strong.hex(),
    ));
    out.push_str(&plot(&|a| {
        for (_, t) in &l.y_ticks {
            a.label(t, c);
        }
        for t in &l.x_labels {
            a.label(t, c);
        }
    })?);
    out.push_str("</g>\n");
    if let Some(d) = &l.due {
        out.push_str(&format!(
            "<g class=\"due\" data-quarter=\"{}\">\n<title>{}</title>\n",
            d.data,
            escape(&d.label.text)
        ));
        out.push_str(&plot(&|a| {
            let (x, y0) = d.from;
            a.rect(super::layout::Rect::new(x - 1, y0, 2, d.to.1 - y0), c.as_of);
            a.polygon(vec![(x - 5, y0 - 6), (x + 5, y0 - 6), (x, y0)], c.as_of);
            a.label(&d.label, c);
        })?);
        out.push_str("</g>\n");
    }
    if let Some(t) = &l.target {
        out.push_str(&format!(
            "<g class=\"target\" data-value=\"{}\">\n<title>{}</title>\n\
             <line x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
            t.data,
            escape(&t.label.text),
            t.from.0,
            t.to.0,
            c.text.hex(),
            y = t.from.1,
        ));
        out.push_str(&plot(&|a| a.label(&t.label, c))?);
        out.push_str("</g>\n");
    }
    out.push_str("<g class=\"values\">\n");
    if l.points.len() > 1 {
        let path: Vec<(i32, i32)> = l.points.iter().map(|p| (p.x, p.y)).collect();
        out.push_str(&plot(&|a| a.path(path.clone(), l.color, 2))?);
    }
    for p in &l.points {
        out.push_str(&format!(
            "<g class=\"point\" data-quarter=\"{}\" data-value=\"{}\">\n<title>{}</title>\n",
            p.quarter,
            p.value,
            escape(&p.tooltip)
        ));
        out.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"{POINT_R}\" fill=\"{}\" stroke=\"{}\"/>\n",
            p.x,
            p.y,
            l.color.hex(),
            c.text.hex()
        ));
        if let Some(t) = &p.label {
            out.push_str(&plot(&|a| a.label(t, c))?);
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n</svg>\n");
    Ok(out)
}
