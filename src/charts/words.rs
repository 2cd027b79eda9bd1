//! The words of the charts, all from the theme's i18n file, and the small texts made of them.

use crate::config::Config;
use crate::format;
use crate::model::Phase;
use crate::quarter::Date;
use crate::theme::Theme;

/// UI strings the charts write, in the site's language.
#[derive(Debug, Clone, Default)]
pub struct Words {
    pub project: String,
    pub phase: String,
    pub field: String,
    pub ff: String,
    pub milestone: String,
    pub open_end: String,
    pub no_dates: String,
    pub no_projects: String,
    pub before_range: String,
    pub projects_count: String,
    pub project_count_one: String,
    pub timeline_title: String,
    pub timeline_desc: String,
    pub horizon_title: String,
    pub horizon_desc: String,
    pub overview_title: String,
    pub overview_desc: String,
    pub legend_milestone: String,
    pub legend_phase: String,
    pub legend_open: String,
    pub legend_count: String,
    /// "Bewertung", and the words of each level of the rating scale, best first.
    pub rating: String,
    pub rating_labels: Vec<String>,
    /// "Kennzahl: {kpi}", the title of a KPI chart.
    pub kpi_title: String,
    /// The description of a KPI chart ({count}, {from}, {to}, {first}, {latest}), and of
    /// one with a single value; the sentences on its target and due quarter; the last sentence.
    pub kpi_desc: String,
    pub kpi_desc_one: String,
    pub kpi_target_desc: String,
    pub kpi_due_desc: String,
    pub kpi_table_desc: String,
    pub kpi_target: String,
    /// "fällig" before the due quarter on the chart.
    pub kpi_due: String,
    /// The as-of date and its label ("Stand: Juli 2021"), when the site has one.
    pub as_of: Option<(Date, String)>,
}

impl Words {
    /// "1 Projekt", "3 Projekte" (in the site language).
    pub fn projects(&self, n: usize) -> String {
        let word = if n == 1 {
            &self.project_count_one
        } else {
            &self.projects_count
        };
        format!("{n} {word}")
    }

    pub fn new(theme: &Theme, config: &Config) -> Words {
        let t = |k: &str| theme.t(k);
        Words {
            project: t("project"),
            phase: t("phase"),
            field: t("field"),
            ff: t("ff"),
            milestone: t("milestone"),
            open_end: t("open_end"),
            no_dates: t("no_dates"),
            no_projects: t("no_projects"),
            before_range: t("chart_before_range"),
            projects_count: t("projects_count"),
            project_count_one: t("project_count_one"),
            timeline_title: t("chart_timeline_title"),
            timeline_desc: t("chart_timeline_desc"),
            horizon_title: t("chart_horizon_title"),
            horizon_desc: t("chart_horizon_desc"),
            overview_title: t("chart_overview_title"),
            overview_desc: t("chart_overview_desc"),
            legend_milestone: t("chart_legend_milestone"),
            legend_phase: t("chart_legend_phase"),
            legend_open: t("chart_legend_open"),
            legend_count: t("chart_legend_count"),
            rating: t("rating"),
            rating_labels: config
                .ratings
                .iter()
                .map(|r| theme.rating_label(r))
                .collect(),
            kpi_title: t("chart_kpi_title"),
            kpi_desc: t("chart_kpi_desc"),
            kpi_target: t("kpi_target"),
            kpi_due: t("chart_kpi_due"),
            kpi_desc_one: t("chart_kpi_desc_one"),
            kpi_target_desc: t("chart_kpi_target_desc"),
            kpi_due_desc: t("chart_kpi_due_desc"),
            kpi_table_desc: t("chart_kpi_table_desc"),
            as_of: config.as_of.map(|d| {
                (
                    d,
                    format!(
                        "{}: {}",
                        t("as_of"),
                        format::date(d, config.language, &theme.months())
                    ),
                )
            }),
        }
    }

    /// A phase's period: "Q1 2021 – Q4 2021", "Q2 2022 – fortlaufend", or "ohne Termine".
    pub fn range(&self, ph: &Phase) -> String {
        match (ph.from, ph.to, ph.open) {
            (Some(f), _, true) => format!("{} – {}", format::quarter(f), self.open_end),
            (Some(f), Some(t), _) if f != t => {
                format!("{} – {}", format::quarter(f), format::quarter(t))
            }
            (Some(f), _, _) => format::quarter(f),
            (None, _, _) => self.no_dates.clone(),
        }
    }
}

/// Replaces `{name}` in a UI string.
pub fn fill(template: &str, vars: &[(&str, String)]) -> String {
    vars.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quarter::Quarter;

    #[test]
    fn fills_placeholders() {
        assert_eq!(
            fill(
                "{a} bis {b}, {a}",
                &[("a", "Q1".into()), ("b", "Q4".into())]
            ),
            "Q1 bis Q4, Q1"
        );
        assert_eq!(fill("ohne", &[("a", "x".into())]), "ohne");
    }

    #[test]
    fn ranges() {
        let w = Words {
            open_end: "fortlaufend".into(),
            no_dates: "ohne Termine".into(),
            ..Words::default()
        };
        let q = |s: &str| Some(Quarter::parse(s).unwrap());
        let ph = |from, to, open| Phase {
            name: "P".into(),
            from,
            to,
            open,
        };
        assert_eq!(
            w.range(&ph(q("2021-Q1"), q("2021-Q4"), false)),
            "Q1 2021 – Q4 2021"
        );
        assert_eq!(
            w.range(&ph(q("2022-Q2"), None, true)),
            "Q2 2022 – fortlaufend"
        );
        assert_eq!(w.range(&ph(q("2022-Q2"), q("2022-Q2"), false)), "Q2 2022");
        assert_eq!(w.range(&ph(None, None, false)), "ohne Termine");
    }
}
