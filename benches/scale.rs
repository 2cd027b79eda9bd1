//! Build time and memory at scale. Not a test: it generates roadmaps of 100, 1,000 and 10,000
//! projects (full canvases, schedules, KPIs with values, status, 2–4 KB Markdown bodies), builds
//! each with the release binary (a warm-up build, then a rebuild over its output — what an
//! editor's next build costs — and a build into an empty folder, as Hugo is measured), and in
//! the same run builds the same bodies as plain pages with
//! Hugo (Debian's `hugo`, minimal templates) and copies the produced tree (the floor). It prints
//! wall time, projects per second, peak RSS and output size, and each target of issue 14 with
//! its measured value.
//!
//! Like for like with our build, which makes a search index, it also indexes Hugo's pages with
//! Pagefind's own program (`pagefind --site`, the way a Hugo site gets the same search), when
//! one is found: on the PATH or installed by `npm install --no-save pagefind@1.6.0` (the
//! version of the library we use) in the repository.
//!
//! Run with `cargo bench --bench scale` (installs nothing; without `hugo` on the PATH the Hugo
//! columns stay empty, without `pagefind` the Hugo + Pagefind column). `SCALE_SIZES=100,1000`
//! picks sizes; `SCALE_HUGE=1` adds 100,000.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What one run of a command cost.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    wall: Duration,
    /// Peak resident set size in bytes (from wait4's rusage).
    peak_rss: u64,
}

/// Runs `cmd` to the end and measures it; panics when it fails (a benchmark of a failing
/// build means nothing), with what the command printed to standard error.
// The child is reaped by wait4 (which also gives its rusage), not by Child::wait.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> Cost {
    let log = std::env::temp_dir().join(format!("bench-scale-{}.log", std::process::id()));
    let stderr = std::fs::File::create(&log).expect("log file");
    let started = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    assert!(rc == pid, "wait4 failed for {cmd:?}");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{cmd:?} failed with status {status}:\n{}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    Cost {
        wall,
        peak_rss: usage.ru_maxrss as u64 * 1024,
    }
}

/// A small deterministic random number generator (a linear congruential one), so that every
/// run builds the same corpus.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "Verwaltung",
    "digital",
    "Bürger*innen",
    "Antrag",
    "Portal",
    "Daten",
    "Prozess",
    "Akte",
    "Fachbereich",
    "Plattform",
    "Schnittstelle",
    "Umsetzung",
    "Ziel",
    "Nutzen",
    "Stadt",
    "Infrastruktur",
    "Sensor",
    "Netz",
    "Service",
    "Dokument",
    "Signatur",
    "Team",
    "Projekt",
    "Kennzahl",
    "Qualität",
    "Sicherheit",
    "offen",
    "schnell",
    "einfach",
    "gemeinsam",
    "und",
    "mit",
    "für",
    "die",
    "der",
    "das",
    "wird",
    "werden",
    "im",
    "zum",
];

/// A Markdown body of 2–4 KB: headings, paragraphs, a list, a link, emphasis.
fn body(rng: &mut Lcg) -> String {
    let target = 2048 + (rng.next() % 2048) as usize;
    let mut out = String::with_capacity(target + 256);
    let mut section = 0;
    while out.len() < target {
        section += 1;
        out.push_str(&format!("## Abschnitt {section}\n\n"));
        for _ in 0..3 {
            let n = 25 + rng.next() % 30;
            let sentence: Vec<&str> = (0..n).map(|_| rng.pick(WORDS)).collect();
            out.push_str(&sentence.join(" "));
            out.push_str(". *Wichtig* ist der **Nutzen**.\n\n");
        }
        out.push_str("- erster Punkt\n- zweiter Punkt mit `Code`\n- dritter Punkt\n\n");
    }
    out
}

const FIELDS: [&str; 3] = ["verwaltung", "smart-city", "infrastruktur"];

fn project(i: usize, rng: &mut Lcg) -> String {
    let field = FIELDS[i % 3];
    let category = ["A", "B", "C"][(i / 3) % 3];
    let y = 2022 + (i % 4);
    format!(
        "---\ntitle: Projekt {i} {w1} {w2}\nshort_title: P{i}\nnumber: {n}\nfield: {field}\ncategory: {category}\nlead: [\"{lead}\"]\nkpis:\n  - Konzeption abgeschlossen\n  - label: Nutzer*innen\n    unit: Personen\n    target: {target}\n    due: {y2}-Q4\n    values: {{{y}-Q2: {v1}, {y}-Q4: {v2}, {y1}-Q2: {v3}}}\nschedule:\n  - {{phase: Konzeption, from: {y}-Q1, to: {y}-Q4}}\n  - {{phase: Umsetzung, from: {y1}-Q1, to: open}}\n  - {{phase: Evaluation}}\nmilestone: {y}-Q4\nstatus:\n  phase: Umsetzung\n  progress: {progress}\n  rating: {rating}\n  updated: 2025-06-30\n  results: [Konzept beschlossen, Ausschreibung vorbereitet]\n  next_steps: [Pilot starten]\ncanvas:\n  partners:\n    Intern: [FB 10, FB 32]\n    Extern: [Dienstleister]\n  activities: [Konzeption, Einführung, Schulung]\n  resources: [Budget, Personal]\n  value: [Weniger Wege für Bürger*innen, Schnellere Bearbeitung]\n  relationships: [Support]\n  channels:\n    Digital: [Portal, E-Mail]\n    Analog: [Bürgerbüro]\n  users: [Bürger*innen, Unternehmen]\n  costs:\n    Einmalig: [Lizenzen]\n    Laufend: [Betrieb]\n  risks: [Abhängigkeit von Dienstleistern]\nbudget:\n  - {{label: Umsetzung, total: {total}.00, own_share: {own}.00}}\n---\n{body}",
        w1 = rng.pick(WORDS),
        w2 = rng.pick(WORDS),
        n = i / 3 + 1,
        lead = 10 + i % 60,
        target = 1000 + i,
        y1 = y + 1,
        y2 = y + 2,
        v1 = rng.next() % 300,
        v2 = 300 + rng.next() % 300,
        v3 = 600 + rng.next() % 300,
        progress = rng.next() % 100,
        rating = ["green", "amber", "red"][i % 3],
        total = 100_000 + rng.next() % 900_000,
        own = 10_000 + rng.next() % 90_000,
        body = body(rng),
    )
}

const CONFIG: &str = "title: Roadmap Benchmark\norganisation: Stadt Benchstadt\nas_of: 2025-07\nlanguage: de\nprojects_dir: projekte\nbase_url: https://www.example.org/roadmap/\ntimeline: {start: 2022-Q1, end: 2027-Q4}\nfields:\n  - {key: verwaltung, title: Digitale Verwaltung, color: \"#1d5f9f\"}\n  - {key: smart-city, title: Smart City, color: \"#2e6b30\"}\n  - {key: infrastruktur, title: Digitale Infrastruktur, color: \"#8a4b08\"}\ncategories:\n  - {key: A, title: Kultur}\n  - {key: B, title: Zentrale Dienste}\n  - {key: C, title: Fachbereiche}\noutline: [overview, projects, timeline, dashboard]\n";

const HUGO_CONFIG: &str = "baseURL = 'https://www.example.org/'\nlanguageCode = 'de'\ntitle = 'Benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n";
const HUGO_SINGLE: &str = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n";
const HUGO_LIST: &str = "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>\n";

fn write(path: &Path, text: &str) {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// Writes the roadmap site and the Hugo site with the same bodies under `dir`.
fn generate(dir: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(dir);
    let site = dir.join("site");
    let hugo = dir.join("hugo");
    write(&site.join("roadmap.yaml"), CONFIG);
    write(&hugo.join("hugo.toml"), HUGO_CONFIG);
    write(&hugo.join("layouts/_default/single.html"), HUGO_SINGLE);
    write(&hugo.join("layouts/_default/list.html"), HUGO_LIST);
    write(&hugo.join("layouts/index.html"), HUGO_LIST);
    let mut rng = Lcg(42);
    for i in 0..n {
        let text = project(i, &mut rng);
        let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
        write(&site.join(format!("content/projekte/p{i:06}.md")), &text);
        write(
            &hugo.join(format!("content/projekte/p{i:06}.md")),
            &format!("---\ntitle: Projekt {i}\n---\n{body}"),
        );
    }
}

/// Total bytes under `dir`, and the mean size of the project pages.
fn sizes(dir: &Path) -> (u64, u64) {
    let mut total = 0;
    let (mut pages, mut page_bytes) = (0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            let meta = match e.metadata() {
                Ok(m) => m,
                Err(_) => continue,
            };
            if meta.is_dir() {
                stack.push(p);
            } else {
                total += meta.len();
                let s = p.to_string_lossy();
                if s.contains("/projekte/p") && s.ends_with("/index.html") {
                    pages += 1;
                    page_bytes += meta.len();
                }
            }
        }
    }
    (total, page_bytes / pages.max(1))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

struct Row {
    n: usize,
    /// A rebuild over the previous output (the warm-up's): what an editor's second build
    /// costs; unchanged files are linked from the previous output.
    ours: Cost,
    /// The same build into an empty folder (the previous output removed first, not counted),
    /// as Hugo is measured.
    fresh: Cost,
    /// The same site built with `search: false` (no search index): what the build costs
    /// besides Pagefind, like for like with Hugo, which makes no index either.
    no_index: Cost,
    hugo: Option<Cost>,
    /// Pagefind's program indexing Hugo's output (after `hugo`, not counting it).
    pagefind: Option<Cost>,
    copy: Duration,
    out_bytes: u64,
    page_bytes: u64,
}

fn run(n: usize, base: &Path, hugo_bin: Option<&PathBuf>, pagefind_bin: Option<&PathBuf>) -> Row {
    let dir = base.join(n.to_string());
    generate(&dir, n);
    let out = dir.join("out");
    // One warm-up build (file cache), then the measured one.
    let bin = env!("CARGO_BIN_EXE_roadmap");
    let build = |out: &Path| {
        measure(
            Command::new(bin)
                .arg("build")
                .arg("--root")
                .arg(dir.join("site"))
                .arg("--output")
                .arg(out),
        )
    };
    build(&out);
    let ours = build(&out);
    let (out_bytes, page_bytes) = sizes(&out);
    let _ = std::fs::remove_dir_all(&out);
    let fresh = build(&out);
    let config = dir.join("site/roadmap.yaml");
    write(&config, &format!("{CONFIG}search: false\n"));
    let no_index_out = dir.join("out-no-index");
    build(&no_index_out);
    let no_index = build(&no_index_out);
    write(&config, CONFIG);
    let _ = std::fs::remove_dir_all(&no_index_out);
    let copy_to = dir.join("copy");
    let _ = std::fs::remove_dir_all(&copy_to);
    let copy = measure(Command::new("cp").arg("-r").arg(&out).arg(&copy_to)).wall;
    let hugo = hugo_bin.map(|h| {
        let hugo_out = dir.join("hugo-out");
        let run = || {
            let _ = std::fs::remove_dir_all(&hugo_out);
            measure(
                Command::new(h)
                    .arg("--source")
                    .arg(dir.join("hugo"))
                    .arg("--destination")
                    .arg(&hugo_out)
                    .arg("--quiet"),
            )
        };
        run();
        run()
    });
    let pagefind = hugo.and(pagefind_bin).map(|p| {
        let hugo_out = dir.join("hugo-out");
        let index = || {
            let _ = std::fs::remove_dir_all(hugo_out.join("pagefind"));
            measure(Command::new(p).arg("--site").arg(&hugo_out).arg("--silent"))
        };
        index();
        index()
    });
    Row {
        n,
        ours,
        fresh,
        no_index,
        hugo,
        pagefind,
        copy,
        out_bytes,
        page_bytes,
    }
}

fn find_hugo() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("hugo"))
            .find(|p| p.is_file())
    })
}

/// Pagefind's program: on the PATH, else installed by npm in the repository.
fn find_pagefind() -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/.bin/pagefind");
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("pagefind"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| local.is_file().then_some(local))
}

fn main() {
    let mut sizes_wanted: Vec<usize> = std::env::var("SCALE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 1_000, 10_000]);
    if std::env::var_os("SCALE_HUGE").is_some() {
        sizes_wanted.push(100_000);
    }
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-scale");
    let hugo = find_hugo();
    if hugo.is_none() {
        eprintln!("note: no `hugo` on PATH (apt-get install hugo): Hugo columns stay empty");
    }
    let pagefind = find_pagefind();
    if pagefind.is_none() {
        eprintln!(
            "note: no `pagefind` (npm install --no-save pagefind@1.6.0): \
             the Hugo + Pagefind column stays empty"
        );
    }
    println!(
        "{:>7} | {:>9} {:>9} {:>9} {:>9} {:>9} | {:>9} {:>9} {:>7} | {:>10} {:>7} | {:>8} | {:>9} | {:>10} {:>10} {:>8}",
        "projects",
        "ours s",
        "empty s",
        "proj/s",
        "RSS MB",
        "out MB",
        "hugo s",
        "hugo MB",
        "ratio",
        "hugo+pf s",
        "ratio",
        "copy s",
        "page KB",
        "no-index s",
        "no-idx MB",
        "ratio"
    );
    let mut rows = Vec::new();
    for n in sizes_wanted {
        let r = run(n, &base, hugo.as_ref(), pagefind.as_ref());
        let secs = r.ours.wall.as_secs_f64();
        let plain = r.no_index.wall.as_secs_f64();
        let (hs, hm, ratio, plain_ratio) = match r.hugo {
            Some(h) => (
                format!("{:.2}", h.wall.as_secs_f64()),
                format!("{:.0}", mb(h.peak_rss)),
                format!("{:.2}", secs / h.wall.as_secs_f64()),
                format!("{:.2}", plain / h.wall.as_secs_f64()),
            ),
            None => ("-".into(), "-".into(), "-".into(), "-".into()),
        };
        let (pf, pf_ratio) = match (r.hugo, r.pagefind) {
            (Some(h), Some(p)) => {
                let both = (h.wall + p.wall).as_secs_f64();
                (format!("{both:.2}"), format!("{:.2}", secs / both))
            }
            _ => ("-".into(), "-".into()),
        };
        println!(
            "{:>7} | {:>9.2} {:>9.2} {:>9.0} {:>9.0} {:>9.1} | {:>9} {:>9} {:>7} | {:>10} {:>7} | {:>8.2} | {:>9.1} | {:>10.2} {:>10.0} {:>8}",
            r.n,
            secs,
            r.fresh.wall.as_secs_f64(),
            r.n as f64 / secs,
            mb(r.ours.peak_rss),
            mb(r.out_bytes),
            hs,
            hm,
            ratio,
            pf,
            pf_ratio,
            r.copy.as_secs_f64(),
            r.page_bytes as f64 / 1024.0,
            plain,
            mb(r.no_index.peak_rss),
            plain_ratio
        );
        rows.push(r);
    }
    targets(&rows);
}

/// Each target of issue 14 with its measured value (met or not; nothing is asserted).
fn targets(rows: &[Row]) {
    let at = |n: usize| rows.iter().find(|r| r.n == n);
    println!();
    if let Some(r) = at(10_000) {
        if let Some(h) = r.hugo {
            let ratio = r.ours.wall.as_secs_f64() / h.wall.as_secs_f64();
            println!(
                "target 10k time <= 0.7 x Hugo: {ratio:.2} x ({})",
                verdict(ratio <= 0.7)
            );
        }
        if let (Some(h), Some(p)) = (r.hugo, r.pagefind) {
            let both = (h.wall + p.wall).as_secs_f64();
            println!(
                "  (like for like, each with a search index: Hugo {:.2} s + Pagefind {:.2} s = \
                 {both:.2} s, {:.0} MB at most; ours {:.2} x that)",
                h.wall.as_secs_f64(),
                p.wall.as_secs_f64(),
                mb(h.peak_rss.max(p.peak_rss)),
                r.ours.wall.as_secs_f64() / both
            );
        }
        if let Some(h) = r.hugo {
            let fresh = r.fresh.wall.as_secs_f64();
            println!(
                "  (into an empty folder, as Hugo is measured: {fresh:.2} s, {:.2} x Hugo; the \
                 rebuild above links the files it makes unchanged from the previous output)",
                fresh / h.wall.as_secs_f64()
            );
        }
        let rss = mb(r.ours.peak_rss.max(r.fresh.peak_rss));
        println!(
            "target 10k peak RSS <= 250 MB: {rss:.0} MB ({})",
            verdict(rss <= 250.0)
        );
        let plain = r.no_index.wall.as_secs_f64();
        let against = r.hugo.map_or(String::new(), |h| {
            format!(", {:.2} x Hugo", plain / h.wall.as_secs_f64())
        });
        println!(
            "  (without the search index, `search: false`: {plain:.2} s{against}, {:.0} MB; \
             the index takes the rest)",
            mb(r.no_index.peak_rss)
        );
        let kb = r.page_bytes as f64 / 1024.0;
        println!(
            "target project page <= 20 KB: {kb:.1} KB ({})",
            verdict(kb <= 20.0)
        );
    }
    if let (Some(a), Some(b)) = (at(1_000), at(10_000)) {
        let g = b.ours.wall.as_secs_f64() / a.ours.wall.as_secs_f64();
        println!("target 10k/1k time <= 11: {g:.1} ({})", verdict(g <= 11.0));
    }
    if let (Some(a), Some(b)) = (at(10_000), at(100_000)) {
        let g = b.ours.wall.as_secs_f64() / a.ours.wall.as_secs_f64();
        println!(
            "target 100k/10k time <= 11: {g:.1} ({})",
            verdict(g <= 11.0)
        );
    }
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}
