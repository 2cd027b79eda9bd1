//! Charts, as SVG drawn with plotters: the Zeitstrahl (every project on the timeline), each
//! project's Zeithorizont (phases × quarters), a small overview of the Zeitstrahl for the home
//! page, and each KPI's measured values over the quarters (kpi.rs).
//!
//! Every chart is made in two steps: a layout (plain data: rows, columns, positions, texts;
//! layout.rs, frame.rs and one builder per chart) and the drawing that follows it (svg.rs).

pub mod axis;
pub mod color;
pub mod frame;
pub mod horizon;
pub mod kpi;
pub mod kpi_svg;
mod labels;
pub mod layout;
#[cfg(test)]
mod layout_tests;
pub mod overview;
pub mod pages;
#[doc(hidden)]
pub mod sample;
mod sketch;
pub mod svg;
pub mod text;
pub mod timeline;
pub mod words;

use color::Colors;
use layout::Layout;
use words::Words;

use crate::model::{Project, Roadmap};
use crate::theme::Theme;

/// A chart: its layout and its SVG document.
#[derive(Debug, Clone)]
pub struct Chart {
    pub layout: Layout,
    pub svg: String,
}

impl Chart {
    pub fn draw(layout: Layout) -> Result<Chart, String> {
        let svg = svg::render(&layout)?;
        Ok(Chart { layout, svg })
    }
}

/// A KPI chart: its layout and its SVG document.
#[derive(Debug, Clone)]
pub struct KpiChart {
    pub layout: kpi::KpiLayout,
    pub svg: String,
}

/// Makes the charts of one roadmap with the words and colours of its theme.
#[derive(Debug, Clone)]
pub struct Charts<'a> {
    pub roadmap: &'a Roadmap,
    pub words: Words,
    pub colors: Colors,
    /// The charts' file names in the site's language.
    pub files: pages::ChartFiles,
}

impl<'a> Charts<'a> {
    pub fn new(roadmap: &'a Roadmap, theme: &Theme) -> Charts<'a> {
        Charts {
            roadmap,
            words: Words::new(theme, &roadmap.config),
            colors: color::Colors::from_palette(&theme.chart),
            files: pages::ChartFiles::of(theme),
        }
    }

    /// The Zeitstrahl of every project.
    pub fn zeitstrahl(&self) -> Result<Chart, String> {
        Chart::draw(timeline::layout(self.roadmap, &self.words, &self.colors))
    }

    /// A project's Zeithorizont.
    pub fn zeithorizont(&self, p: &Project) -> Result<Chart, String> {
        Chart::draw(horizon::layout(self.roadmap, p, &self.words, &self.colors))
    }

    /// The chart of KPI `index` (0-based) of project `p`; None when the KPI has no values.
    pub fn kpi(&self, p: &Project, index: usize) -> Option<Result<KpiChart, String>> {
        let c = &self.roadmap.config;
        let color = self
            .colors
            .field(c.fields.get(p.field).and_then(|f| f.color.as_deref()));
        let layout = kpi::layout(p, index, &self.words, &self.colors, color, c.language)?;
        Some(kpi_svg::render(&layout).map(|svg| KpiChart { layout, svg }))
    }

    /// The small Zeitstrahl of the home page: milestones per field.
    pub fn overview(&self) -> Result<Chart, String> {
        Chart::draw(overview::layout(self.roadmap, &self.words, &self.colors))
    }
}
