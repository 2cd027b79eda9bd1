//! Helpers for integration tests: write a site into a temporary folder, run the real binary on
//! it, read what it produced.
#![allow(dead_code)]

pub mod server;
pub mod spec;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Site {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stderr: String,
}

/// The German three-field site most tests start from.
pub const CONFIG: &str = r##"title: Roadmap Teststadt 2022–2026
subtitle: Umsetzung der Roadmap
organisation: Stadt Teststadt
as_of: 2021-07
projects_dir: projekte
timeline:
  start: 2022-Q1
  end: 2026-Q4
goals:
  - key: einfacher
    title: Teststadt wird einfacher
fields:
  - key: verwaltung
    title: Digitale Verwaltung
    color: "#1d5f9f"
  - key: smart-city
    title: Smart City
  - key: infrastruktur
    title: Digitale Infrastruktur
categories:
  - key: A
    title: Kultur, Organisation & Strategie
  - key: B
    title: Verwaltungsweite Projekte
  - key: C
    title: Projekte in den Fachbereichen
outline: [hintergrund, overview, projects, timeline, dashboard, ausblick]
legal:
  Impressum: https://www.teststadt.example/impressum
  Datenschutz: datenschutz
"##;

impl Site {
    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The standard German test site with four projects and three pages.
    pub fn german() -> Site {
        let s = Site::empty();
        s.write("roadmap.yaml", CONFIG);
        s.write(
            "content/_index.md",
            "---\ntitle: Start\n---\nDie Roadmap der Teststadt für Bürger*innen und Nutzer*innen.\n",
        );
        s.write("content/hintergrund.md", "---\ntitle: Hintergrund\nweight: 1\n---\nDer Rat hat beschlossen.\n\n## Ziele {#ziele}\n\nSiehe [E-Akte](projekte/e-akte.md#kpi).\n");
        s.write(
            "content/ausblick.md",
            "---\ntitle: Ausblick\n---\nWeiter geht es mit [den Zielen](hintergrund.md#ziele).\n",
        );
        s.write(
            "content/datenschutz.md",
            "---\ntitle: Datenschutz\n---\nKeine Cookies.\n",
        );
        s.write(
            "content/projekte/e-akte.md",
            r#"---
title: Elektronische Akte
short_title: E-Akte
number: 2
field: verwaltung
category: C
goal: einfacher
lead: ["10"]
kpis:
  - Anzahl Nutzer*innen der E-Akte
  - label: Fachbereiche angebunden
    target: 40
    due: 2024-Q4
schedule:
  - phase: Konzeption
    from: 2022-Q1
    to: 2022-Q4
  - phase: Betrieb
    from: 2023-Q2
    to: open
  - phase: Evaluation
milestone: 2022-Q4
canvas:
  partners:
    Intern: [FB 10, Personalrat]
    Extern: [Dienstleister]
  activities: [Einführung]
  resources: Budget und *Personal*
  value: [Weniger Papier für Bürger*innen]
  relationships: [Support]
  channels:
    Digital: [E-Mail]
    Analog: [Telefon]
  users: [Mitarbeitende]
  costs:
    Einmalige Kosten: [Lizenzen]
    Laufende Kosten: [Betrieb]
  risks:
    Bewertung: [Gering]
budget:
  - label: Umsetzungsphase
    total: 1615250.00
    own_share: 565337.00
---
Die E-Akte ersetzt Papier. Zurück zum [Hintergrund](../hintergrund.md).
"#,
        );
        s.write("content/projekte/signatur.md", "---\ntitle: Elektronische Signatur\nprogramme: Arbeitsplatz der Zukunft\nnumber: 3\nfield: verwaltung\ncategory: B\nlead: [\"10\"]\nmilestone: 2022-Q1\n---\nSignieren ohne Papier.\n");
        s.write("content/projekte/kollaboration.md", "---\ntitle: Kollaborative Arbeitsformen\nprogramme: Arbeitsplatz der Zukunft\nnumber: 4\nfield: verwaltung\ncategory: B\nlead: [\"10\"]\n---\nZusammen arbeiten.\n");
        s.write("content/projekte/glasfaser.md", "---\ntitle: Glasfaserausbau\nnumber: 1\nfield: infrastruktur\ncategory: B\nlead: [Wirtschaftsförderung]\nmilestone: 2023-Q3\n---\nSchnelles Netz.\n");
        s
    }

    /// A copy of a folder under tests/fixtures/.
    pub fn fixture(name: &str) -> Site {
        let s = Site::empty();
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, s.root());
        s
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    /// Gives the standard configuration with `markdown: {raw_html: allow}`.
    pub fn allow_raw_html(&self) {
        self.write(
            "roadmap.yaml",
            &format!("{CONFIG}markdown:\n  raw_html: allow\n"),
        );
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove");
    }

    /// Runs `roadmap build` with extra arguments.
    pub fn build_with(&self, args: &[&str]) -> Run {
        run_on("build", self.root(), args)
    }

    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// Builds and fails the test with the messages if the build fails.
    /// Builds, expects the build to fail (exit 1) and its messages to say each of `says`.
    pub fn build_fails(&self, says: &[&str]) -> Run {
        let r = self.build();
        assert_eq!(r.code, 1, "the build should fail:\n{}", r.stderr);
        for s in says {
            assert!(r.stderr.contains(s), "no {s:?} in:\n{}", r.stderr);
        }
        r
    }

    pub fn build_ok(&self) {
        let r = self.build();
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    }

    /// A built file as text, without the soft hyphens (U+00AD) that the build puts into long
    /// words: the text as a reader sees and copies it.
    pub fn read(&self, rel: &str) -> String {
        self.read_raw(rel).replace('\u{ad}', "")
    }

    /// A built file exactly as written.
    pub fn read_raw(&self, rel: &str) -> String {
        let p = self.out().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    }
}

/// Runs `roadmap COMMAND --root ROOT ARGS…`.
pub fn run_on(command: &str, root: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .arg(command)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run roadmap");
    Run {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(src).expect("prefix");
        let target = dst.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &target).expect("copy");
        }
    }
}

/// Every file under a folder with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("prefix").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

/// The text between the first `start` and the next `end` after it.
pub fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &html[i..];
    let j = rest.find(end).unwrap_or(rest.len());
    &rest[..j]
}

/// Every HTML file of a built site that has an id more than once, with the ids.
pub fn duplicate_ids(dir: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut out = Vec::new();
    for (path, bytes) in snapshot(dir) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let ids = roadmap::markdown::page_ids(&html);
        assert_eq!(ids, tokenizer_ids(&html), "{}", path.display());
        let mut seen = std::collections::BTreeSet::new();
        let dups: Vec<String> = ids
            .into_iter()
            .filter(|id| !seen.insert(id.clone()))
            .collect();
        if !dups.is_empty() {
            out.push((path, dups));
        }
    }
    out
}

/// The element ids of `html` (and `<a name>`s) as lol_html's tokenizer finds them, attribute
/// values decoded: what `page_ids`, the build's own one-pass reader, is checked against.
pub fn tokenizer_ids(html: &str) -> Vec<String> {
    roadmap::markdown::tokenizer_ids(html)
}
