//! The charts of a site: SVG strings for the templates of the home and timeline pages, the
//! Zeithorizont of each project as a file beside its page, and the template data that shows them.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{Chart, Charts};
use crate::error::{Error, Errors};
use crate::model::{Project, Roadmap};
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
    /// Page path ("" for home) -> template data to add to the page's; each page's taken
    /// when it is merged ([`PageCharts::merge_into`]): the Zeitstrahl of 10,000 projects is
    /// 13 MB.
    pub data: std::sync::Mutex<BTreeMap<String, Map<String, Value>>>,
    pub files: Vec<OutFile>,
}

impl PageCharts {
    /// Moves the chart data of the page at `path` into `data` (once; a page is made once per
    /// rendering).
    pub fn merge_into(&self, path: &str, data: &mut Value) {
        let extra = self
            .data
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(path);
        if let (Some(extra), Value::Object(map)) = (extra, data) {
            map.extend(extra);
        }
    }

    fn add(&mut self, page: &str, key: &str, file: Option<&str>, chart: Chart) {
        let (height, width) = (chart.layout.height, chart.layout.width);
        let mut v = json!({"height": height, "width": width});
        if let Some(name) = file {
            v["file"] = json!(name);
            self.files.push(OutFile {
                path: format!("{page}{name}"),
                bytes: chart.svg.clone().into_bytes(),
            });
        }
        v["svg"] = Value::String(chart.svg);
        self.data
            .get_mut()
            .unwrap_or_else(|p| p.into_inner())
            .entry(page.to_string())
            .or_default()
            .insert(key.to_string(), v);
    }
}

fn failed(path: String, message: String) -> Error {
    Error::io(path, std::io::Error::other(message))
}

/// Draws the charts of the site's own pages: the Zeitstrahl (timeline page, also as a file)
/// and its overview (home page). A project's Zeithorizont is drawn with its page
/// ([`zeithorizont`]).
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
        .get_mut()
        .unwrap_or_else(|p| p.into_inner())
        .get_mut("")
        .and_then(|d| d.get_mut("zeitstrahl_overview"))
    {
        o["link"] = json!(format!("{}timeline/", roadmap.config.base_path));
    }
    kpi_files(roadmap, &mut out);
    Ok(out)
}

/// A project's Zeithorizont (`None` without a schedule): the template data of its page's
/// `zeithorizont` — `{file, width, height, alt}` in pixels, plus `svg` (the chart itself) when
/// `inline` — and the chart as a file beside the page. A site page shows the file as an image
/// (a page carries its chart once); a document made of the pages (`inline`) holds the SVG.
///
/// # Errors
/// Drawing failed; the error names the chart's file.
pub fn zeithorizont(
    charts: &Charts,
    p: &Project,
    inline: bool,
) -> Result<Option<(Value, OutFile)>, Error> {
    if p.schedule.is_empty() {
        return Ok(None);
    }
    let path = format!("{}{PROJECT_FILE}", p.path);
    let chart = charts
        .zeithorizont(p)
        .map_err(|m| failed(path.clone(), m))?;
    let l = &chart.layout;
    let mut v = json!({
        "file": PROJECT_FILE, "width": l.width, "height": l.height,
        "alt": format!("{}. {}", l.title, l.desc),
    });
    if inline {
        v["svg"] = json!(chart.svg);
    }
    Ok(Some((
        v,
        OutFile {
            path,
            bytes: chart.svg.into_bytes(),
        },
    )))
}

/// The dashboard's KPI charts (`kpi_charts`: project slug -> per KPI the URL of its chart
/// file, or null for a KPI without values): the files drawn with each project's page
/// ([`kpis`]), named here without drawing.
fn kpi_files(roadmap: &Roadmap, out: &mut PageCharts) {
    let mut dashboard = Map::new();
    for p in roadmap
        .projects
        .iter()
        .filter(|p| p.kpis.iter().any(|k| !k.values.is_empty()))
    {
        let files = p
            .kpis
            .iter()
            .enumerate()
            .map(|(i, k)| {
                if k.values.is_empty() {
                    Value::Null
                } else {
                    let base = &roadmap.config.base_path;
                    json!(format!("{base}{}{}", p.path, kpi_file(i + 1)))
                }
            })
            .collect();
        dashboard.insert(p.slug.clone(), Value::Array(files));
    }
    out.data
        .get_mut()
        .unwrap_or_else(|p| p.into_inner())
        .entry("dashboard/".into())
        .or_default()
        .insert("kpi_charts".into(), Value::Object(dashboard));
}

/// The charts of a project's KPIs (`None` when no KPI has values): the template data of its
/// page's `kpi_charts` — per KPI `{file, width, height}` (plus `svg`, the chart itself, when
/// `inline`), or null for a KPI without values — and the charts as files beside the page.
///
/// # Errors
/// Drawing failed; the error names the chart's file.
pub fn kpis(
    charts: &Charts,
    p: &Project,
    inline: bool,
) -> Result<Option<(Value, Vec<OutFile>)>, Error> {
    if p.kpis.iter().all(|k| k.values.is_empty()) {
        return Ok(None);
    }
    let mut page = Vec::with_capacity(p.kpis.len());
    let mut files = Vec::new();
    for i in 0..p.kpis.len() {
        let name = kpi_file(i + 1);
        match charts.kpi(p, i) {
            Some(Ok(chart)) => {
                let mut v = json!({"file": name, "width": chart.layout.width, "height": chart.layout.height});
                if inline {
                    v["svg"] = json!(chart.svg);
                }
                page.push(v);
                files.push(OutFile {
                    path: format!("{}{name}", p.path),
                    bytes: chart.svg.into_bytes(),
                });
            }
            Some(Err(m)) => return Err(failed(format!("{}{name}", p.path), m)),
            None => page.push(Value::Null),
        }
    }
    Ok(Some((Value::Array(page), files)))
}
