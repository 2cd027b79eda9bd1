//! The charts of a site: SVG strings for the templates of the home and timeline pages, the
//! Zeithorizont of each project as a file beside its page, and the template data that shows them.

use serde_json::{json, Map, Value};

use super::{Chart, Charts};
use crate::error::Error;
use crate::model::{Project, Roadmap};
use crate::outfile::OutFile;
use crate::theme::Theme;
use crate::views::DETAIL_LIMIT;

/// The file names of the charts, in the site's language: words of the theme's i18n files
/// (`file_timeline_chart`, `file_schedule_chart`, `file_kpi_chart`; German `zeitstrahl`,
/// `zeithorizont`, `kennzahl`, English `timeline`, `schedule`, `kpi`), checked with the
/// section ids (`theme::section_ids`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFiles {
    /// The Zeitstrahl's file, in timeline/ (`zeitstrahl.svg`).
    pub timeline: String,
    /// A project's Zeithorizont, in the project's folder (`zeithorizont.svg`).
    pub project: String,
    /// The stem of a KPI chart's file (`kennzahl`).
    kpi: String,
}

impl ChartFiles {
    /// The names the theme's word list gives (the site's overrides included); the theme's
    /// loading has checked them (plain names, none twice).
    pub fn of(theme: &Theme) -> ChartFiles {
        use crate::theme::section_ids::CHART_FILES;
        let [timeline, project, kpi] = CHART_FILES.map(|key| theme.t(key));
        ChartFiles {
            timeline: format!("{timeline}.svg"),
            project: format!("{project}.svg"),
            kpi,
        }
    }

    /// The file name of the chart of a project's KPI number `n` (1-based), in the project's
    /// folder (`kennzahl-2.svg`).
    pub fn kpi(&self, n: usize) -> String {
        format!("{}-{n}.svg", self.kpi)
    }
}

/// The charts of the site's own pages, each drawn when its page is made
/// ([`PageCharts::take`]) and held only while that page is made (the Zeitstrahl of 10,000
/// projects is 13 MB): the Zeitstrahl (timeline page, also as a file), its overview (home
/// page) and the names of the KPI chart files (dashboard). A project's Zeithorizont and KPI
/// charts are drawn with its page ([`zeithorizont`], [`kpis`]).
pub struct PageCharts<'a> {
    roadmap: &'a Roadmap,
    charts: Charts<'a>,
    /// The pages are made for a document (`roadmap export`): every chart inline.
    document: bool,
}

impl<'a> PageCharts<'a> {
    /// `document`: the pages are made for a document of the site (`roadmap export`), which
    /// has no chart files: the Zeitstrahl stays in its page however large.
    pub fn new(roadmap: &'a Roadmap, theme: &'a Theme, document: bool) -> PageCharts<'a> {
        PageCharts {
            roadmap,
            charts: Charts::new(roadmap, theme),
            document,
        }
    }

    fn files(&self) -> &ChartFiles {
        &self.charts.files
    }

    /// What the charts add to the page at `path` ("" for home; nothing for a page without
    /// charts), and the chart files that go beside it.
    ///
    /// # Errors
    /// Drawing failed; the error names the chart's file.
    pub fn take(&self, path: &str) -> Result<ForPage, Error> {
        let mut data = Map::new();
        let mut shared = Vec::new();
        let mut files = Vec::new();
        match path {
            "timeline/" => {
                let chart = self
                    .charts
                    .zeitstrahl()
                    .map_err(|m| failed(format!("{path}{}", self.files().timeline), m))?;
                // The Zeitstrahl of a large roadmap is megabytes: its text goes into the file
                // as it is and, up to `DETAIL_LIMIT` projects (or in a document), into the page
                // once, as a Tera value (not JSON converted again); above it `svg` is an image
                // of the file, with the chart's title and description as its text (so that a
                // site's own template that shows `svg` shows the chart either way).
                let Chart { layout, svg } = chart;
                let (w, h) = (layout.width, layout.height);
                let alt = format!("{}. {}", layout.title, layout.desc);
                drop(layout);
                let inline = self.document || self.roadmap.projects.len() <= DETAIL_LIMIT;
                let shown = if inline {
                    tera::Value::safe_string(&svg)
                } else {
                    tera::Value::safe_string(&format!(
                        "<img class=\"chart-svg\" src=\"{}\" width=\"{w}\" height=\"{h}\" alt=\"{}\">",
                        self.files().timeline,
                        crate::markdown::escape(&alt)
                    ))
                };
                files.push(OutFile {
                    path: format!("{path}{}", self.files().timeline),
                    bytes: svg.into_bytes(),
                });
                let mut v = tera::Map::new();
                v.insert("height".into(), h.into());
                v.insert("width".into(), w.into());
                v.insert("svg".into(), shown);
                v.insert("alt".into(), alt.into());
                v.insert("file".into(), self.files().timeline.as_str().into());
                shared.push(("zeitstrahl".to_string(), tera::Value::from(v)));
            }
            "" => {
                let chart = self
                    .charts
                    .overview()
                    .map_err(|m| failed("index.html".into(), m))?;
                let mut v = shown(chart);
                let link = format!("{}timeline/", self.roadmap.config.base_path);
                v.insert("link".into(), link.into());
                data.insert("zeitstrahl_overview".into(), Value::Object(v));
            }
            "dashboard/" => {
                data.insert("kpi_charts".into(), kpi_files(self.roadmap, self.files()));
                let size = json!({"width": super::kpi::WIDTH, "height": super::kpi::HEIGHT});
                data.insert("kpi_chart_size".into(), size);
            }
            _ => {}
        }
        Ok(ForPage {
            data,
            shared,
            files,
        })
    }
}

/// What the charts add to a page ([`PageCharts::take`]).
pub struct ForPage {
    /// Keys added to the page's template data.
    pub data: Map<String, Value>,
    /// Template variables given as Tera values (see `PageView::shared`).
    pub shared: Vec<(String, tera::Value)>,
    /// The chart files that go beside the page.
    pub files: Vec<OutFile>,
}

/// The template data that shows `chart` in a page: `{height, width, svg}` (pixels, the SVG).
fn shown(chart: Chart) -> Map<String, Value> {
    let mut v = Map::new();
    v.insert("height".into(), chart.layout.height.into());
    v.insert("width".into(), chart.layout.width.into());
    v.insert("svg".into(), Value::String(chart.svg));
    v
}

fn failed(path: String, message: String) -> Error {
    Error::io(path, std::io::Error::other(message))
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
    let path = format!("{}{}", p.path, charts.files.project);
    let chart = charts
        .zeithorizont(p)
        .map_err(|m| failed(path.clone(), m))?;
    let l = &chart.layout;
    let mut v = json!({
        "file": charts.files.project, "width": l.width, "height": l.height,
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
/// ([`kpis`]), named here without drawing. Their size in px is the dashboard's
/// `kpi_chart_size` (`{width, height}`).
fn kpi_files(roadmap: &Roadmap, names: &ChartFiles) -> Value {
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
                    json!(format!("{base}{}{}", p.path, names.kpi(i + 1)))
                }
            })
            .collect();
        dashboard.insert(p.slug.clone(), Value::Array(files));
    }
    Value::Object(dashboard)
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
        let name = charts.files.kpi(i + 1);
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
