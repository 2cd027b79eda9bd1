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
    errs.into_result(out)
}
