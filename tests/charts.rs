//! The charts in built sites: fixtures with one project, 500 projects and a 2024–2038
//! timeline are built from disk, and the SVG written is checked against the layout.

use std::fs;
use std::path::{Path, PathBuf};

use roadmap::charts::layout::Layout;
use roadmap::charts::Charts;
use roadmap::model::Roadmap;
use roadmap::site::{self, BuildOptions};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn build(root: &Path, out: &Path) {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        ..Default::default()
    };
    if let Err(e) = site::build(&opts) {
        panic!("build of {} failed: {e}", root.display());
    }
}

fn load(root: &Path) -> Roadmap {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    match site::load(&opts) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn zeitstrahl_layout(r: &Roadmap) -> Layout {
    let theme = roadmap::theme::load(&r.config).expect("theme");
    Charts::new(r, &theme).zeitstrahl().expect("chart").layout
}

/// The charts' file names in the site's language (`zeitstrahl.svg`, `timeline.svg`).
fn chart_files(r: &Roadmap) -> roadmap::charts::pages::ChartFiles {
    let theme = roadmap::theme::load(&r.config).expect("theme");
    roadmap::charts::pages::ChartFiles::of(&theme)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The text between `start` and the next `end` after it, for every occurrence.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(start) {
        rest = &rest[i + start.len()..];
        let j = rest.find(end).unwrap_or(rest.len());
        out.push(&rest[..j]);
        rest = &rest[j..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    between(tag, &format!("{name}=\""), "\"").into_iter().next()
}

/// Writes a site with `n` projects in four fields.
fn generated_site(dir: &Path, n: usize) {
    let projects = dir.join("content/projekte");
    fs::create_dir_all(&projects).unwrap();
    fs::write(
        dir.join("roadmap.yaml"),
        "title: Große Roadmap\nas_of: 2023-05\nprojects_dir: projekte\ntimeline: {start: 2021-Q1, end: 2027-Q4}\nfields:\n\
         \x20 - {key: verwaltung, title: Digitale Verwaltung, color: \"#1d5f9f\"}\n\
         \x20 - {key: bildung, title: Digitale Bildung und Schulen, color: \"#ffdd00\"}\n\
         \x20 - {key: stadt, title: Smart City, color: \"#2e6b30\"}\n\
         \x20 - {key: netze, title: Infrastruktur}\n",
    )
    .unwrap();
    let words = [
        "Digitale",
        "Verwaltung",
        "Plattform",
        "für",
        "Bürger*innen",
        "und",
        "Unternehmen",
        "mit",
        "Schnittstellen",
    ];
    for i in 0..n {
        let len = 1 + (i * 7) % 24;
        let title: Vec<&str> = (0..len).map(|k| words[(i + k) % words.len()]).collect();
        let quarter = |k: usize| format!("{}-Q{}", 2021 + (k / 4) % 7, k % 4 + 1);
        let milestone = if i % 17 == 5 {
            String::new()
        } else {
            format!("milestone: {}\n", quarter(i * 3 % 28))
        };
        let from = i * 5 % 24;
        let schedule = if i % 6 == 0 {
            "schedule:\n  - phase: Konzeption\n".to_string()
        } else {
            format!(
                "schedule:\n  - phase: Konzeption\n    from: {}\n    to: {}\n  - phase: Betrieb\n    from: {}\n    to: open\n",
                quarter(from),
                quarter(from + 2),
                quarter(from + 3)
            )
        };
        fs::write(
            projects.join(format!("projekt-{i:03}.md")),
            format!(
                "---\ntitle: \"{} {i}\"\nfield: {}\nnumber: {}\nlead: [\"10\"]\n{milestone}{schedule}---\nBeschreibung.\n",
                title.join(" "),
                ["verwaltung", "bildung", "stadt", "netze"][i % 4],
                n - i
            ),
        )
        .unwrap();
    }
}

/// Checks the Zeitstrahl SVG of a built site against its layout and the model.
fn check_zeitstrahl(root: &Path, out: &Path) -> (Roadmap, Layout, String) {
    let r = load(root);
    let layout = zeitstrahl_layout(&r);
    let svg = read(&out.join("timeline").join(chart_files(&r).timeline));

    // An accessible image with a title and a description.
    assert!(
        !svg.starts_with("<?xml"),
        "no XML declaration, so that it can be inlined"
    );
    let root_tag = &svg[..svg.find('>').unwrap()];
    assert_eq!(attr(root_tag, "role"), Some("img"));
    assert_eq!(
        attr(root_tag, "aria-labelledby"),
        Some("zeitstrahl-title zeitstrahl-desc")
    );
    assert_eq!(
        between(&svg, "<title id=\"zeitstrahl-title\">", "</title>").len(),
        1
    );
    assert_eq!(
        between(&svg, "<desc id=\"zeitstrahl-desc\">", "</desc>").len(),
        1
    );
    for tag in ["g", "text", "title", "svg", "desc", "defs", "pattern"] {
        let open =
            svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
        assert_eq!(
            open,
            svg.matches(&format!("</{tag}>")).count(),
            "<{tag}> is balanced"
        );
    }

    // One marker per project with a milestone, in the column of its quarter.
    let rows: Vec<&str> = svg.split("<g class=\"row ").skip(1).collect();
    let mut markers = 0;
    for row in &rows {
        let key = attr(row, "data-key").unwrap();
        let Some(p) = r.projects.iter().find(|p| p.slug == key) else {
            continue;
        };
        let found = between(row, "<g class=\"milestone\"", "</g>");
        assert_eq!(
            found.len(),
            usize::from(p.milestone.is_some()),
            "{key}: one marker when it has a milestone"
        );
        let Some((m, q)) = found.first().zip(p.milestone) else {
            continue;
        };
        markers += 1;
        assert_eq!(attr(m, "data-quarter"), Some(q.to_string().as_str()));
        let column = attr(m, "data-column").unwrap();
        let xs: Vec<i32> = between(m, "<polygon ", "/>")
            .get(1)
            .and_then(|poly| attr(poly, "points"))
            .unwrap()
            .split_whitespace()
            .map(|pt| pt.split(',').next().unwrap().parse().unwrap())
            .collect();
        let cx = (xs.iter().min().unwrap() + xs.iter().max().unwrap()) / 2;
        match layout.axis.column(q) {
            Some(i) => {
                assert_eq!(column, i.to_string());
                let c = layout.axis.columns[i];
                assert!(
                    c.x < cx && cx < c.x + c.w,
                    "{key}: marker at x {cx} lies in column {i} ({}..{})",
                    c.x,
                    c.x + c.w
                );
                if i < layout.axis.ff() {
                    assert_eq!(c.quarter, Some(q));
                }
            }
            None => assert_eq!(column, "before"),
        }
    }
    assert_eq!(
        markers,
        r.projects.iter().filter(|p| p.milestone.is_some()).count()
    );

    // Field groups in the configured order, labelled with their titles.
    let groups: Vec<(&str, &str)> = rows
        .iter()
        .filter(|row| row.starts_with("group\""))
        .map(|row| {
            (
                attr(row, "data-key").unwrap(),
                between(row, "<title>", "</title>")[0],
            )
        })
        .collect();
    let fields: Vec<(&str, &str)> = r
        .config
        .fields
        .iter()
        .map(|f| (f.key.as_str(), f.title.as_str()))
        .collect();
    assert_eq!(groups, fields);

    // Year labels over the whole range, in the header.
    let header = between(&svg, "<g class=\"header\">", "</g>")[0];
    let texts: Vec<&str> = between(header, "<text ", "</text>")
        .into_iter()
        .map(|t| &t[t.find('>').unwrap() + 1..])
        .collect();
    for year in r.config.start.year..=r.config.end.year {
        let short = format!("’{:02}", year % 100);
        assert!(
            texts.iter().any(|t| *t == year.to_string() || *t == short),
            "year {year} is labelled"
        );
    }

    // No two texts overlap, none is cut.
    assert!(
        layout.overlapping().is_empty(),
        "{:?}",
        layout.overlapping()
    );
    assert!(layout.outside().is_empty(), "{:?}", layout.outside());
    (r, layout, svg)
}

/// The chart inlined in the page is the file, and its ids are unique on the page.
fn check_inline(page: &str, svg: &str) {
    assert!(
        page.contains(svg.trim_end()),
        "the page inlines the SVG file"
    );
    for id in between(page, " id=\"", "\"") {
        assert_eq!(
            page.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "id `{id}` is unique on the page"
        );
    }
}

/// Builds a fixture into a temporary folder (kept while the first value lives) and checks its
/// Zeitstrahl.
fn built_fixture(name: &str) -> (tempfile::TempDir, PathBuf, Layout, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = fixture(name);
    build(&root, &out);
    let (_, layout, svg) = check_zeitstrahl(&root, &out);
    (tmp, out, layout, svg)
}

#[test]
fn one_project() {
    let (_tmp, out, layout, svg) = built_fixture("one-project");
    assert_eq!(svg.matches("<g class=\"milestone\"").count(), 1);
    assert!(layout.as_of.is_some(), "the as-of date lies in the range");
    check_inline(&read(&out.join("timeline/index.html")), &svg);

    let project = read(&out.join("projects/e-rechnung/index.html"));
    let horizon = read(&out.join("projects/e-rechnung/zeithorizont.svg"));
    // The page carries its chart once: as the file, with the chart's title and description as
    // its text alternative (the table beside it holds the data).
    assert!(!project.contains("<svg"), "the Zeithorizont is not inlined");
    let img = between(
        &project,
        "<img class=\"chart-svg chart-zeithorizont\" ",
        ">",
    );
    assert_eq!(img.len(), 1, "one image of the chart");
    assert!(img[0].contains("src=\"zeithorizont.svg\""), "{}", img[0]);
    let title = between(
        &horizon,
        "<title id=\"zeithorizont-e-rechnung-title\">",
        "</title>",
    )[0];
    assert!(
        img[0].contains(&format!("alt=\"{title}. ")),
        "the alt text starts with the chart's title: {}",
        img[0]
    );
    assert_eq!(
        horizon.matches("<g class=\"row item\"").count(),
        4,
        "a row per phase"
    );
    assert_eq!(
        horizon.matches("<g class=\"phase\"").count(),
        3,
        "the undated phase is an empty row"
    );
    assert!(horizon.contains("ohne Termine"));
    assert!(
        horizon.contains("fill=\"url(#zeithorizont-e-rechnung-open)\""),
        "the open phase is hatched in ff"
    );
    assert!(
        project.contains("<details class=\"chart-table\">"),
        "the table is kept beside the chart"
    );

    let home = read(&out.join("index.html"));
    assert!(home.contains("class=\"chart-svg chart-overview\""));
    assert!(home.contains("href=\"/timeline/\""));
}

#[test]
fn five_hundred_projects() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    generated_site(&root, 500);
    build(&root, &out);
    let (r, layout, svg) = check_zeitstrahl(&root, &out);
    assert_eq!(r.projects.len(), 500);
    assert_eq!(svg.matches("<g class=\"row item\"").count(), 500);
    assert!(layout.height > 500 * 26, "the chart grows in height");
    assert!(layout.width <= 1200, "but not in width");
    // Light field colours are darkened to keep 3:1 against white.
    assert!(!svg.contains("#FFDD00"), "the yellow field is darkened");
    // Above 200 projects the page shows the file as an image instead of carrying it again.
    let page = read(&out.join("timeline/index.html"));
    assert!(page.contains("<img class=\"chart-svg\" src=\"zeitstrahl.svg\""));
    assert!(!page.contains("<g class=\"row item\""));
}

#[test]
fn fifteen_years() {
    let (_tmp, out, layout, svg) = built_fixture("long-range");
    assert_eq!(layout.axis.quarters(), 60);
    assert!(
        svg.contains("Timeline: milestones and phases of all projects"),
        "English words"
    );
    // The milestone after the end sits in ff; the project without dates says so.
    let district = between(&svg, "data-key=\"district-heating\"", "</g>\n</g>")[0];
    assert!(district.contains(&format!("data-column=\"{}\"", layout.axis.ff())));
    assert!(between(&svg, "data-key=\"portal\"", "</g>")[0].contains("not yet dated"));
    for p in ["traffic-lights", "heat-map", "e-file"] {
        let horizon = read(&out.join(format!("projects/{p}/schedule.svg")));
        assert!(horizon.contains("role=\"img\""));
    }
}

#[test]
fn output_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    generated_site(&root, 40);
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&root, &a);
    build(&root, &b);
    let files = |dir: &Path| {
        let mut v: Vec<PathBuf> = walk(dir)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().to_path_buf())
            .collect();
        v.sort();
        v
    };
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa, fb);
    assert!(fa.iter().any(|p| p.ends_with("zeitstrahl.svg")));
    for f in &fa {
        assert_eq!(
            fs::read(a.join(f)).unwrap(),
            fs::read(b.join(f)).unwrap(),
            "{} differs",
            f.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The KPI charts of the dashboard fixture: one point per value, the target line, the due
/// marker, title and description, the table of all values; files beside the project page; the
/// same bytes on a second build.
#[test]
fn kpi_charts_show_every_value_the_target_and_the_due_quarter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("a");
    build(&fixture("dashboard"), &out);
    let page = read(&out.join("projekte/e-akte/index.html"));
    // The page shows each chart once, as its file, with the table of the values beside it.
    let file = read(&out.join("projekte/e-akte/kennzahl-1.svg"));
    let svg = file.as_str();
    let img = between(&page, "<img class=\"chart-kpi\" ", ">");
    assert_eq!(img.len(), 2, "an image per KPI with values: {img:?}");
    assert!(img[0].contains("src=\"kennzahl-1.svg\""), "{}", img[0]);
    assert!(img[0].contains("alt=\""), "{}", img[0]);
    assert!(!page.contains("<g class=\"point\""), "not inlined");
    assert_eq!(
        svg.matches("<g class=\"point\"").count(),
        4,
        "one point per value"
    );
    for q in ["2022-Q4", "2023-Q2", "2023-Q4", "2024-Q2"] {
        assert!(svg.contains(&format!("data-quarter=\"{q}\"")), "{q}");
    }
    assert!(
        svg.contains("<g class=\"target\" data-value=\"40\">"),
        "target line"
    );
    assert!(svg.contains("stroke-dasharray"), "the target is dashed");
    assert!(
        svg.contains("Ziel: 40 Fachbereiche</text>"),
        "target labelled"
    );
    assert!(
        svg.contains("<g class=\"due\" data-quarter=\"2025-Q4\">"),
        "due marker"
    );
    assert!(svg.contains("fällig Q4 2025</text>"), "due labelled");
    assert!(
        svg.contains("<title id=\"kpi-e-akte-1-title\">Kennzahl: Angebundene Fachbereiche</title>")
    );
    assert!(svg.contains("<desc id=\"kpi-e-akte-1-desc\">4 Messwerte von Q4 2022 bis Q2 2024"));
    assert!(svg.contains("aria-labelledby=\"kpi-e-akte-1-title kpi-e-akte-1-desc\""));
    // The table has every value, not only the latest.
    let table = between(&page, "<table class=\"data kpi-values\">", "</table>")[0];
    for v in [
        "4 Fachbereiche",
        "9 Fachbereiche",
        "15 Fachbereiche",
        "22 Fachbereiche",
    ] {
        assert!(table.contains(v), "{v} in the table");
    }
    // The KPI without values has no chart; the one with a single value has one point.
    assert!(!out.join("projekte/e-akte/kennzahl-3.svg").exists());
    let portal = read(&out.join("projekte/serviceportal/kennzahl-1.svg"));
    assert_eq!(portal.matches("<g class=\"point\"").count(), 1);
    // A second build is identical.
    assert!(file.contains("<g class=\"point\" data-quarter=\"2022-Q4\" data-value=\"4\">"));
    let again = dir.path().join("b");
    build(&fixture("dashboard"), &again);
    for f in [
        "projekte/e-akte/kennzahl-1.svg",
        "projekte/sensorik/kennzahl-1.svg",
        "projekte/e-akte/index.html",
    ] {
        assert_eq!(
            read(&out.join(f)),
            read(&again.join(f)),
            "{f} differs between builds"
        );
    }
    // Small: no chart of the fixture is above 8 KB.
    for f in [
        "projekte/e-akte/kennzahl-1.svg",
        "projekte/sensorik/kennzahl-1.svg",
    ] {
        let n = fs::metadata(out.join(f)).expect("file").len();
        assert!(n < 8_000, "{f}: {n} bytes");
    }
}

/// Every image of a KPI chart, on the project pages and on the dashboard, states the size its
/// file is drawn at (so the page keeps its place for it before it loads, at the chart's own
/// proportions), and that size is narrow enough for a phone to show its text near 10 px.
#[test]
fn kpi_chart_images_state_their_file_s_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("a");
    build(&fixture("dashboard"), &out);
    let mut seen = 0;
    for page in ["projekte/e-akte/index.html", "dashboard/index.html"] {
        let html = read(&out.join(page));
        let base = out.join(page).parent().expect("folder").to_path_buf();
        for img in between(&html, "<img class=\"chart-kpi\" ", ">") {
            let src = attr(img, "src").expect("src");
            let file = match src.strip_prefix("/roadmap/") {
                Some(rooted) => out.join(rooted),
                None => base.join(src),
            };
            let svg = read(&file);
            let svg_tag = between(&svg, "<svg ", ">")[0];
            for size in ["width", "height"] {
                assert_eq!(
                    attr(img, size),
                    attr(svg_tag, size),
                    "{page}: {size} of {src}"
                );
            }
            let width: u32 = attr(svg_tag, "width")
                .expect("width")
                .parse()
                .expect("number");
            assert!(width <= 400, "{src}: {width} px wide");
            seen += 1;
        }
    }
    assert!(seen >= 4, "{seen} KPI chart images");
}
