//! The charts of a site: SVG strings for the templates of the home, timeline and project pages,
//! and the same SVG as files beside those pages.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::{Chart, Charts};
use crate::error::{Error, Errors};
use crate::model::Roadmap;
use crate::outfile::OutFile;
use crate::theme::Theme;

/// The file name of the Zeitstrahl, in timeline/.
pub const TIMELINE_FILE: &str = "zeitstrahl.svg";
/// The file name of a project's Zeithorizont, in the project's folder.
pub const PROJECT_FILE: &str = "zeithorizont.svg";

/// The file name of the chart of a project's KPI number `n` (1-based), in the project's folder.
pub fn kpi_file(n: usize) -> String {
    format!("kennzahl-{n}.svg")
}

/// What the charts add to the site.
#[derive(Debug, Default)]
pub struct PageCharts {
    /// Page path ("" for home) -> template data to add to the page's.
    pub data: BTreeMap<String, Map<String, Value>>,
    pub files: Vec<OutFile>,
}

impl PageCharts {
    /// Adds the chart data of the page at `path` to `data`.
    pub fn merge_into(&self, path: &str, data: &mut Value) {
        if let (Some(extra), Value::Object(map)) = (self.data.get(path), data) {
            map.extend(extra.clone());
        }
    }

    fn add(&mut self, page: &str, key: &str, file: Option<&str>, chart: Chart) {
        let mut v =
            json!({"svg": chart.svg, "height": chart.layout.height, "width": chart.layout.width});
        if let Some(name) = file {
            v["file"] = json!(name);
            self.files.push(OutFile {
                path: format!("{page}{name}"),
                bytes: chart.svg.into_bytes(),
            });
        }
        self.data
            .entry(page.to_string())
            .or_default()
            .insert(key.to_string(), v);
    }
}

fn failed(path: String, message: String) -> Error {
    Error::io(path, std::io::Error::other(message))
}

/// Draws every chart of the site.
pub fn build(roadmap: &Roadmap, theme: &Theme) -> Result<PageCharts, Errors> {
    let charts = Charts::new(roadmap, theme);
    let mut out = PageCharts::default();
    let timeline = charts
        .zeitstrahl()
        .map_err(|m| failed(format!("timeline/{TIMELINE_FILE}"), m))?;
    out.add("timeline/", "zeitstrahl", Some(TIMELINE_FILE), timeline);
    let overview = charts
        .overview()
        .map_err(|m| failed("index.html".into(), m))?;
    out.add("", "zeitstrahl_overview", None, overview);
    if let Some(o) = out
        .data
        .get_mut("")
        .and_then(|d| d.get_mut("zeitstrahl_overview"))
    {
        o["link"] = json!(format!("{}timeline/", roadmap.config.base_path));
    }
    let horizons: Vec<(String, Result<Chart, String>)> = roadmap
        .projects
        .par_iter()
        .filter(|p| !p.schedule.is_empty())
        .map(|p| (p.path.clone(), charts.zeithorizont(p)))
        .collect();
    let mut errs = Errors::default();
    for (path, chart) in horizons {
        match chart {
            Ok(chart) => out.add(&path, "zeithorizont", Some(PROJECT_FILE), chart),
            Err(m) => errs.push(failed(format!("{path}{PROJECT_FILE}"), m)),
        }
    }
    kpi_charts(&charts, &mut out, &mut errs);
    errs.into_result(out)
}

/// A KPI's chart, its drawing's error, or None for a KPI without values.
type KpiResult = Option<Result<super::KpiChart, String>>;

/// The KPI charts: inline on each project page (`kpi_charts`, a list beside the project's KPIs,
/// null where a KPI has no values), written as files beside the page, and linked from the
/// dashboard (`kpi_charts`: project slug -> list of file URLs or null).
fn kpi_charts(charts: &Charts, out: &mut PageCharts, errs: &mut Errors) {
    let roadmap = charts.roadmap;
    let drawn: Vec<(&crate::model::Project, Vec<KpiResult>)> = roadmap
        .projects
        .par_iter()
        .filter(|p| p.kpis.iter().any(|k| !k.values.is_empty()))
        .map(|p| (p, (0..p.kpis.len()).map(|i| charts.kpi(p, i)).collect()))
        .collect();
    let mut dashboard = Map::new();
    for (p, list) in drawn {
        let mut page = Vec::with_capacity(list.len());
        let mut files = Vec::with_capacity(list.len());
        for (i, chart) in list.into_iter().enumerate() {
            let name = kpi_file(i + 1);
            match chart {
                Some(Ok(chart)) => {
                    page.push(json!({"svg": chart.svg, "file": name, "width": chart.layout.width, "height": chart.layout.height}));
                    files.push(json!(format!(
                        "{}{}{name}",
                        roadmap.config.base_path, p.path
                    )));
                    out.files.push(OutFile {
                        path: format!("{}{name}", p.path),
                        bytes: chart.svg.into_bytes(),
                    });
                }
                Some(Err(m)) => errs.push(failed(format!("{}{name}", p.path), m)),
                None => {
                    page.push(Value::Null);
                    files.push(Value::Null);
                }
            }
        }
        out.data
            .entry(p.path.clone())
            .or_default()
            .insert("kpi_charts".into(), Value::Array(page));
        dashboard.insert(p.slug.clone(), Value::Array(files));
    }
    out.data
        .entry("dashboard/".into())
        .or_default()
        .insert("kpi_charts".into(), Value::Object(dashboard));
}
