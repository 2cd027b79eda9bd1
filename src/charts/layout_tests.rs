//! Tests of the chart layouts as data: no drawing involved.

use super::axis::Place;
use super::layout::{Layout, LegendKind, RowKind, Shape};
use super::{horizon, overview, sample, timeline, Charts};
use crate::model::{Phase, Project, Roadmap};
use crate::quarter::Quarter;

fn q(s: &str) -> Quarter {
    Quarter::parse(s).unwrap()
}

fn zeitstrahl(r: &Roadmap) -> Layout {
    let theme = sample::theme(r);
    let c = Charts::new(r, &theme);
    timeline::layout(r, &c.words, &c.colors)
}

fn zeithorizont(r: &Roadmap, p: &Project) -> Layout {
    let theme = sample::theme(r);
    let c = Charts::new(r, &theme);
    horizon::layout(r, p, &c.words, &c.colors)
}

fn assert_legible(l: &Layout, what: &str) {
    assert!(
        l.overlapping().is_empty(),
        "{what}: overlapping texts {:?}",
        l.overlapping()
    );
    assert!(
        l.outside().is_empty(),
        "{what}: texts outside the chart {:?}",
        l.outside()
    );
    for w in l.rows.windows(2) {
        assert_eq!(
            w[0].band.bottom(),
            w[1].band.y,
            "{what}: rows are stacked without gaps"
        );
    }
    let in_legend = l.legend.iter().any(|i| i.kind == LegendKind::AsOf);
    assert_eq!(
        l.as_of.is_some(),
        in_legend,
        "{what}: the legend names the as-of line when there is one"
    );
    if let Some(a) = &l.as_of {
        for t in l.labels() {
            let b = t.bbox();
            let crosses = b.x <= a.x
                && a.x <= b.right()
                && a.segments
                    .iter()
                    .any(|(y0, y1)| *y0 < b.bottom() && b.y < *y1);
            assert!(!crosses, "{what}: the as-of line crosses `{}`", t.text);
        }
    }
    for row in &l.rows {
        for t in &row.labels {
            let b = t.bbox();
            assert!(
                b.y >= row.band.y && b.bottom() <= row.band.bottom(),
                "{what}: `{}` stays in its row",
                t.text
            );
        }
    }
}

#[test]
fn rows_follow_fields_and_numbers() {
    let r = sample::roadmap(30, "2021-Q1", "2025-Q4", None);
    let l = zeitstrahl(&r);
    let groups: Vec<&str> = l
        .rows
        .iter()
        .filter(|x| x.kind == RowKind::Group)
        .map(|x| x.key.as_str())
        .collect();
    assert_eq!(groups, ["verwaltung", "smart-city", "netze"]);
    let mut field = None;
    let mut last_number = 0.0;
    let mut items = Vec::new();
    for row in &l.rows {
        match row.kind {
            RowKind::Group => {
                field = r.config.fields.iter().position(|f| f.key == row.key);
                last_number = 0.0;
                assert!(row.labels[0]
                    .text
                    .starts_with(&r.config.fields[field.unwrap()].title[..4]));
            }
            RowKind::Item => {
                let p = r.projects.iter().find(|p| p.slug == row.key).unwrap();
                assert_eq!(Some(p.field), field, "{} is under its field", p.slug);
                let n = p.number.unwrap();
                assert!(n > last_number, "numbers ascend within a field");
                last_number = n;
                items.push(row.key.as_str());
            }
            RowKind::Note => {}
        }
    }
    assert_eq!(items.len(), 30);
}

#[test]
fn markers_sit_in_the_milestone_column() {
    let r = sample::roadmap(26, "2021-Q1", "2025-Q4", None);
    let l = zeitstrahl(&r);
    for p in &r.projects {
        let row = l.rows.iter().find(|x| x.key == p.slug).unwrap();
        match p.milestone {
            None => assert!(row.markers.is_empty()),
            Some(m) => {
                assert_eq!(row.markers.len(), 1);
                let mk = &row.markers[0];
                match l.axis.place(m) {
                    Place::Before => assert_eq!((mk.shape, mk.column), (Shape::ArrowLeft, None)),
                    Place::After => assert_eq!(mk.column, Some(l.axis.ff())),
                    Place::At(i) => {
                        assert_eq!(mk.column, Some(i));
                        assert_eq!(l.axis.columns[i].quarter, Some(m));
                        let c = l.axis.columns[i];
                        assert!(
                            mk.cx - mk.r >= c.x && mk.cx + mk.r <= c.x + c.w,
                            "the marker fits its column"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn long_titles_wrap_and_shorten_with_the_full_title_on_hover() {
    let mut r = sample::roadmap(3, "2021-Q1", "2025-Q4", None);
    let long =
        "Zentrales verwaltungsweites Datenmanagement mit Datenkatalog, offenen Schnittstellen, \
                Datenqualität und Governance für alle Fachbereiche der Stadtverwaltung";
    r.projects[0].title = long.into();
    r.projects[0].short_title = None;
    r.projects[1].title = "Digitale Bauantragsverfahren für alle Bezirke".into();
    r.projects[1].short_title = None;
    let l = zeitstrahl(&r);
    let row = |slug: &str| l.rows.iter().find(|x| x.key == slug).unwrap();
    let first = row(&r.projects[0].slug);
    assert_eq!(first.labels.len(), 2, "two lines");
    assert!(
        first.labels[1].text.ends_with('…'),
        "shortened: {:?}",
        first.labels
    );
    assert!(first.tooltip.starts_with(long), "full title in the tooltip");
    assert!(
        first.band.h > row(&r.projects[2].slug).band.h,
        "two lines make a taller row"
    );
    assert_legible(&l, "long titles");
}

#[test]
fn phases_are_clipped_to_the_range_and_run_into_ff() {
    let mut r = sample::roadmap(1, "2021-Q1", "2025-Q4", None);
    let ph = |name: &str, from: &str, to: Option<&str>, open| Phase {
        name: name.into(),
        from: Some(q(from)),
        to: to.map(q),
        open,
    };
    r.projects[0].schedule = vec![
        ph("Vorher", "2019-Q1", Some("2020-Q4"), false),
        ph("Angefangen", "2020-Q2", Some("2021-Q2"), false),
        ph("Mitte", "2022-Q1", Some("2022-Q4"), false),
        ph("Darüber hinaus", "2025-Q3", Some("2027-Q2"), false),
        ph("Betrieb", "2023-Q1", None, true),
        Phase {
            name: "Ohne".into(),
            from: None,
            to: None,
            open: false,
        },
    ];
    let l = zeitstrahl(&r);
    let row = l.rows.iter().find(|x| x.kind == RowKind::Item).unwrap();
    // The phase before the range and the undated one have no bar.
    assert_eq!(row.bars.len(), 4);
    let (started, middle, beyond, open) = (&row.bars[0], &row.bars[1], &row.bars[2], &row.bars[3]);
    assert!(started.span.cut_start && started.span.first == 0 && started.span.last == 1);
    assert!(started.rect.x >= l.axis.left(), "clipped at the left edge");
    // Each outline goes once around its bar (a bar cut at both ends was drawn as a bow-tie:
    // its left tip ran downwards): its area is the bar's less the two tips' notches.
    for b in &row.bars {
        let o = &b.outline;
        let twice: i64 = (0..o.len())
            .map(|i| {
                let ((x0, y0), (x1, y1)) = (o[i], o[(i + 1) % o.len()]);
                i64::from(x0) * i64::from(y1) - i64::from(x1) * i64::from(y0)
            })
            .sum();
        let full = i64::from(b.rect.w) * i64::from(b.rect.h);
        assert!(
            twice.abs() >= full,
            "{o:?}: area {} of {full}",
            twice.abs() / 2
        );
    }
    assert_eq!((middle.span.first, middle.span.last), (4, 7));
    assert!(middle.hatched.is_none());
    for b in [beyond, open] {
        assert_eq!(b.span.last, l.axis.ff());
        assert!(b.span.runs_on);
        let h = b.hatched.expect("the ff part is hatched");
        assert!(h.x >= l.axis.columns[l.axis.ff()].x && h.right() <= l.axis.right());
        assert!(b.rect.right() <= l.axis.right(), "no bar leaves the axis");
    }
    // Every bar lies inside the axis and its row.
    for b in &row.bars {
        assert!(b.rect.x >= l.axis.left() && b.rect.right() <= l.axis.right());
        assert!(b.rect.y >= row.band.y && b.rect.bottom() <= row.band.bottom());
    }
    // Bars of one row stack: they do not overlap each other.
    for w in row.bars.windows(2) {
        assert!(w[0].rect.bottom() <= w[1].rect.y);
    }
}

#[test]
fn legible_for_one_and_for_five_hundred_projects() {
    for (n, start, end) in [
        (1, "2021-Q1", "2025-Q4"),
        (500, "2021-Q1", "2025-Q4"),
        (60, "2024-Q1", "2038-Q4"),
        (7, "2024-Q1", "2024-Q4"),
    ] {
        let r = sample::roadmap(n, start, end, Some("2024-05"));
        let l = zeitstrahl(&r);
        assert_legible(&l, &format!("{n} projects {start}..{end}"));
        assert_eq!(l.rows.iter().filter(|x| x.kind == RowKind::Item).count(), n);
    }
}

#[test]
fn every_year_is_labelled_for_every_range_up_to_fifteen_years() {
    for start_q in 1..=4 {
        for quarters in [1, 2, 3, 4, 5, 6, 9, 13, 20, 33, 41, 57, 60] {
            let start = Quarter {
                year: 2024,
                q: start_q,
            };
            let end = Quarter::from_index(start.index() + quarters - 1);
            let r = sample::roadmap(4, &start.to_string(), &end.to_string(), Some("2025-02"));
            let l = zeitstrahl(&r);
            let what = format!("{start}..{end}");
            assert_legible(&l, &what);
            let years: Vec<i32> = l.axis.years().iter().map(|y| y.0).collect();
            let labelled: Vec<i32> = years
                .iter()
                .copied()
                .filter(|y| {
                    let (full, short) = (y.to_string(), format!("’{:02}", y % 100));
                    l.header_labels
                        .iter()
                        .any(|t| t.text == full || t.text == short)
                })
                .collect();
            assert_eq!(labelled, years, "{what}: every year has a label");
            assert!(l.width <= 1200, "{what}: width {}", l.width);
        }
    }
}

#[test]
fn zeithorizont_has_a_row_per_phase() {
    for as_of in ["2021-07", "2021-01"] {
        let r = crate::charts::sample::roadmap(4, "2021-Q1", "2025-Q4", Some(as_of));
        for p in &r.projects {
            let l = zeithorizont(&r, p);
            assert_legible(&l, &p.slug);
            assert_eq!(l.rows.len(), p.schedule.len());
            for (row, ph) in l.rows.iter().zip(&p.schedule) {
                assert_eq!(row.labels[0].text, ph.name);
                match ph.from {
                    None => {
                        assert!(row.bars.is_empty(), "undated: an empty row");
                        assert!(row.labels.iter().any(|t| t.text == "ohne Termine"));
                    }
                    Some(_) => {
                        assert_eq!(row.bars.len(), 1);
                        assert_eq!(
                            row.bars[0].span.last == l.axis.ff(),
                            ph.open,
                            "open phases run into ff"
                        );
                    }
                }
            }
            assert!(l.as_of.is_some());
            assert_as_of_clear(&l, &p.slug);
        }
    }
    // The Zeitstrahl's "no dates" notes keep clear of the line too.
    for as_of in ["2021-01", "2021-04", "2021-07"] {
        let r = crate::charts::sample::roadmap(12, "2021-Q1", "2025-Q4", Some(as_of));
        assert_as_of_clear(&zeitstrahl(&r), as_of);
    }
}

/// The as-of line runs through no text of a row (field bands, which interrupt it, aside): not
/// even through the gap that its pieces leave for the text.
fn assert_as_of_clear(l: &Layout, what: &str) {
    let Some(a) = &l.as_of else { return };
    for row in l.rows.iter().filter(|r| r.kind != RowKind::Group) {
        for t in &row.labels {
            let b = t.bbox();
            assert!(
                a.x < b.x - 3 || a.x > b.right() + 3,
                "{what}: the as-of line at x={} crosses {:?} ({}..{})",
                a.x,
                t.text,
                b.x,
                b.right()
            );
        }
    }
}

#[test]
fn overview_counts_milestones_per_field_and_quarter() {
    let r = sample::roadmap(500, "2021-Q1", "2025-Q4", Some("2021-07"));
    let theme = sample::theme(&r);
    let c = Charts::new(&r, &theme);
    let l = overview::layout(&r, &c.words, &c.colors);
    assert_legible(&l, "overview");
    assert_eq!(l.rows.len(), 3);
    for (i, row) in l.rows.iter().enumerate() {
        let with_milestone = r
            .projects_in_field(i)
            .filter(|p| p.milestone.is_some())
            .count();
        let counted: usize = row
            .markers
            .iter()
            .map(|m| {
                m.count
                    .as_ref()
                    .map_or(1, |t| t.text.parse::<usize>().unwrap())
            })
            .sum();
        assert_eq!(counted, with_milestone);
        let mut columns: Vec<Option<usize>> = row.markers.iter().map(|m| m.column).collect();
        columns.dedup();
        assert_eq!(columns.len(), row.markers.len(), "one marker per column");
    }
}

#[test]
fn layouts_are_deterministic() {
    let r = sample::roadmap(50, "2021-Q1", "2025-Q4", Some("2021-07"));
    assert_eq!(zeitstrahl(&r), zeitstrahl(&r));
}
