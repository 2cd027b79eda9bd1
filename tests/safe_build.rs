//! Issue 8, classes 1, 2, 3 and 9 and symlinked sources: a build never deletes or swallows its
//! sources or anyone's folder, never publishes a Markdown source or a draft, keeps every text
//! as written, and writes a sitemap and slugs that follow their standards.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{snapshot, Site};

fn roadmap(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .args(args)
        .output()
        .expect("run roadmap");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every file of a folder whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(p, _)| p)
        .collect()
}

fn root_str(s: &Site) -> String {
    s.root().to_string_lossy().into_owned()
}

// ------------------------------------------------------------------ 1. the output folder

#[test]
fn output_that_is_or_holds_the_sources_is_refused() {
    let s = Site::german();
    s.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    s.write("templates/partials/note.html", "x");
    let root = root_str(&s);
    let before = snapshot(s.root());
    let parent = s.root().parent().unwrap().to_string_lossy().into_owned();
    for out in [
        root.clone(),
        format!("{root}/."),
        format!("{root}/content"),
        format!("{root}/content/projekte/public"),
        format!("{root}/assets"),
        format!("{root}/templates"),
        format!("{root}/themes/eigen"),
        format!("{root}/roadmap.yaml"),
        format!("{root}/content/../content"),
        parent,
    ] {
        let (code, err) = roadmap(&["build", "--root", &root, "--output", &out]);
        assert_eq!(code, 2, "--output {out} must be refused:\n{err}");
        assert!(err.contains("refusing to write the site"), "{err}");
        assert_eq!(
            snapshot(s.root()),
            before,
            "--output {out} changed the site"
        );
    }
    // A relative --output run from inside the site folder.
    let out = Command::new(env!("CARGO_BIN_EXE_roadmap"))
        .current_dir(s.root().join("content"))
        .args(["build", "--root", "..", "--output", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(snapshot(s.root()), before);
}

#[test]
fn a_folder_not_written_by_a_build_is_never_replaced() {
    let s = Site::german();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("wichtig.docx"), "Haushalt 2025").unwrap();
    let out = elsewhere.path().to_string_lossy().into_owned();
    let (code, err) = roadmap(&["build", "--root", &root_str(&s), "--output", &out]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(".roadmap-output"), "{err}");
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("wichtig.docx")).unwrap(),
        "Haushalt 2025"
    );
    // An empty folder, and then the build's own output, are fine, again and again.
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("site").to_string_lossy().into_owned();
    std::fs::create_dir(&out).unwrap();
    for _ in 0..2 {
        let (code, err) = roadmap(&["build", "--root", &root_str(&s), "--output", &out]);
        assert_eq!(code, 0, "{err}");
    }
    assert!(Path::new(&out).join(".roadmap-output").is_file());
    // A page that names roadmap as its generator (saved from a site, or in a comment) does
    // not make a folder of other files a build's own.
    let docs = tempfile::tempdir().unwrap();
    std::fs::write(docs.path().join("precious.txt"), "mine").unwrap();
    std::fs::write(
        docs.path().join("index.html"),
        "<!-- <meta name=\"generator\" content=\"roadmap\"> -->",
    )
    .unwrap();
    let out = docs.path().to_string_lossy().into_owned();
    let (code, err) = roadmap(&["build", "--root", &root_str(&s), "--output", &out]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read_to_string(docs.path().join("precious.txt")).unwrap(),
        "mine"
    );
}

/// An output written through itself (`public/../public`, `public/.`) is swapped in as
/// `public`: moving the old output aside must not break the path the new one goes to.
#[test]
fn an_output_path_through_itself_keeps_the_previous_output_until_the_swap() {
    let s = Site::german();
    s.build_ok();
    for written in ["public/../public", "public/."] {
        let out = s.root().join(written).to_string_lossy().into_owned();
        let (code, err) = roadmap(&["build", "--root", &root_str(&s), "--output", &out]);
        assert_eq!(code, 0, "{written}: {err}");
        assert!(s.out().join("index.html").is_file(), "{written}");
        let leftovers: Vec<_> = std::fs::read_dir(s.root())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public."))
            .collect();
        assert!(leftovers.is_empty(), "{written}: {leftovers:?}");
    }
}

// ------------------------------------------------------------ 2. other Markdown extensions

#[test]
fn markdown_under_other_extensions_is_read_or_refused_never_copied() {
    let s = Site::german();
    let secret = "Geheimer Entwurf der Schulplanung";
    s.write(
        "content/projekte/schule.MD",
        &format!("---\ntitle: Digitale Schule\nfield: smart-city\ncategory: C\nlead: [\"40\"]\ndraft: true\n---\n{secret}\n"),
    );
    s.write(
        "content/projekte/kita.markdown",
        "---\ntitle: Kita-Portal\nfield: smart-city\ncategory: C\nlead: [\"51\"]\n---\nAnmeldung online.\n",
    );
    s.write(
        "content/projekte/e-akte.md~",
        &format!("---\ntitle: alt\n---\n{secret}\n"),
    );
    s.write("content/ausblick.md.bak", &format!("{secret}\n"));
    s.write("assets/README.md", &format!("{secret}\n"));
    s.build_ok();
    assert!(
        files_containing(&s.out(), secret).is_empty(),
        "a source or draft reached the output: {:?}",
        files_containing(&s.out(), secret)
    );
    assert!(
        !s.out().join("projekte/schule").exists(),
        "a draft was built"
    );
    assert!(s.read("projekte/kita/index.html").contains("Kita-Portal"));
    // With --drafts the .MD project is a page like any other.
    let r = s.build_with(&["--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("projekte/schule/index.html").contains(secret));
    // Such an output says what it is: a warning, and the draft marked in the open data.
    assert!(
        r.stderr
            .contains("1 draft is built with `--drafts`: this output is for review"),
        "{}",
        r.stderr
    );
    let data: serde_json::Value = serde_json::from_str(&s.read("data/roadmap.json")).unwrap();
    let drafts: Vec<&str> = data["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["draft"] == true)
        .map(|p| p["slug"].as_str().unwrap())
        .collect();
    assert_eq!(drafts, ["schule"]);

    for (name, text) in [
        (
            "content/projekte/portal.md.txt",
            "---\ntitle: Portal\n---\nText\n",
        ),
        ("content/notiz.txt", "---\ntitle: Notiz\n---\nText\n"),
        ("content/plan.mdown", "# Plan\n"),
        // A draft under any name that is not an image, a document or YAML.
        (
            "content/geheim",
            "---\ntitle: Geheim\ndraft: true\n---\nText\n",
        ),
        (
            "content/geheim.json",
            "---\ntitle: Geheim\ndraft: true\n---\nText\n",
        ),
        (
            "content/geheim.html",
            "---\ntitle: Geheim\n---\n<p>Text</p>\n",
        ),
        ("content/geheim.md-", "---\ntitle: Geheim\n---\nText\n"),
    ] {
        let t = Site::german();
        t.build_ok();
        let before = snapshot(&t.out());
        t.write(name, text);
        let r = t.build();
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        let file = Path::new(name).file_name().unwrap().to_string_lossy();
        assert!(r.stderr.contains(&*file), "{name}: {}", r.stderr);
        assert!(r.stderr.contains("rename it to `"), "{name}: {}", r.stderr);
        assert_eq!(snapshot(&t.out()), before);
    }
}

// ---------------------------------------------------------------- 3. YAML keeps texts

#[test]
fn texts_keep_the_scalar_as_written() {
    let s = Site::german();
    s.write(
        "content/projekte/ja.md",
        "---\ntitle: yes\nfield: smart-city\ncategory: A\nlead: [NO, On]\nkpis:\n  - yes\n  - label: off\n    target: 3\ncanvas:\n  value: [Off, 1.50, True]\n  risks: 0.10\nnumber: 9\n---\nText\n",
    );
    s.write(
        "content/projekte/nein.md",
        "---\ntitle: Nein\nfield: smart-city\ncategory: A\nlead: n\n---\nText\n",
    );
    s.build_ok();
    let h = s.read("projekte/ja/index.html");
    for part in [
        // Each lead as written, linked to its department's page.
        ">NO</a>, <a href=\"/departments/on/\">On</a></td>",
        "<span class=\"kpi-label\">yes</span>",
        "<span class=\"kpi-label\">off</span>",
        "<li>Off</li><li>1.50</li><li>True</li>",
        "0.10",
    ] {
        assert!(h.contains(part), "`{part}` lost:\n{h}");
    }
    assert!(!h.contains(">false<") && !h.contains(">true<"), "{h}");
    assert!(s.read("projekte/nein/index.html").contains(">n<"));
}

#[test]
fn a_value_yaml_reads_as_a_comment_is_an_error_with_the_fix() {
    let s = Site::german();
    s.write(
        "roadmap.yaml",
        &common::CONFIG.replace("color: \"#1d5f9f\"", "color: #1d5f9f"),
    );
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("roadmap.yaml:15:12"), "{}", r.stderr);
    assert!(r.stderr.contains("`color: \"#1d5f9f\"`"), "{}", r.stderr);

    let s = Site::german();
    s.write(
        "content/projekte/nr.md",
        "---\ntitle: Nummer\nshort_title: #1\nfield: smart-city\ncategory: A\nlead: [\"10\"]\n---\n",
    );
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("nr.md:3:14"), "{}", r.stderr);
    assert!(r.stderr.contains("`short_title: \"#1\"`"), "{}", r.stderr);
}

#[test]
fn yaml_1_1_booleans_are_no_booleans() {
    let s = Site::german();
    s.write(
        "content/projekte/entwurf.md",
        "---\ntitle: Entwurf\nfield: smart-city\ncategory: A\nlead: [\"10\"]\ndraft: yes\n---\n",
    );
    let r = s.build();
    assert_eq!(
        r.code, 1,
        "`draft: yes` must not pass as true or false:\n{}",
        r.stderr
    );
    assert!(r.stderr.contains("entwurf.md:6"), "{}", r.stderr);
}

// ------------------------------------------------------------------- symlinked sources

#[cfg(unix)]
#[test]
fn symlinked_sources_are_followed_inside_the_site_and_refused_outside() {
    let s = Site::german();
    s.write(
        "geteilt/schule.md",
        "---\ntitle: Schule digital\nfield: smart-city\ncategory: C\nlead: [\"40\"]\n---\nGeteilt.\n",
    );
    std::os::unix::fs::symlink(
        s.root().join("geteilt/schule.md"),
        s.root().join("content/projekte/schule.md"),
    )
    .unwrap();
    s.build_ok();
    assert!(s
        .read("projekte/schule/index.html")
        .contains("Schule digital"));

    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwort.txt"), "streng geheim").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("passwort.txt"),
        s.root().join("content/passwort.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), s.root().join("assets")).unwrap();
    // A folder linked from outside is not walked: nothing in it is read or named (its
    // Markdown was parsed, and its faults quoted its lines: here its secret).
    let folder = tempfile::tempdir().unwrap();
    std::fs::create_dir(folder.path().join("unter")).unwrap();
    std::fs::write(
        folder.path().join("unter/geheim.md"),
        "---\ntitle: Kennwort: streng geheim\n---\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(folder.path(), s.root().join("content/extern")).unwrap();
    let before = snapshot(&s.out());
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("passwort.txt"), "{}", r.stderr);
    assert!(r.stderr.contains("content/extern"), "{}", r.stderr);
    assert!(!r.stderr.contains("geheim"), "{}", r.stderr);
    assert!(r.stderr.contains("3 errors"), "{}", r.stderr);
    assert!(
        r.stderr.contains("leads outside the site folder"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&s.out()), before);
}

/// A link copied as it is (a name that is not Markdown) reaches only files of content/ and
/// assets/ that are not Markdown; no link reaches a hidden file; a folder link not the
/// site's templates.
#[cfg(unix)]
#[test]
fn a_link_never_publishes_a_source_a_draft_or_a_hidden_file() {
    let secret = "SECRET_TOKEN=abc";
    for (link, target) in [
        ("content/g.bin", "projekte/entwurf.md"),
        ("content/cfg.txt", "../roadmap.yaml"),
        ("content/env.txt", "../.env"),
        ("content/vorlagen", "../templates"),
    ] {
        let s = Site::german();
        s.write(
            "content/projekte/entwurf.md",
            &format!("---\ntitle: Entwurf\nfield: smart-city\ncategory: C\nlead: [\"40\"]\ndraft: true\n---\n{secret}\n"),
        );
        s.write(".env", &format!("{secret}\n"));
        s.write("templates/x.html", &format!("{secret}\n"));
        s.build_ok();
        let before = snapshot(&s.out());
        std::os::unix::fs::symlink(target, s.root().join(link)).unwrap();
        let r = s.build();
        assert_eq!(r.code, 1, "{link}: {}", r.stderr);
        let name = Path::new(link).file_name().unwrap().to_string_lossy();
        assert!(r.stderr.contains(&*name), "{link}: {}", r.stderr);
        assert!(
            r.stderr.contains("the build would publish it"),
            "{link}: {}",
            r.stderr
        );
        assert_eq!(snapshot(&s.out()), before, "{link}");
        assert!(files_containing(&s.out(), secret).is_empty(), "{link}");
    }
}

#[cfg(unix)]
#[test]
fn a_hidden_link_to_nowhere_is_passed_over_and_a_visible_one_named() {
    let s = Site::german();
    // Emacs marks a file being edited with such a link.
    std::os::unix::fs::symlink(
        "redakteurin@rechner.4711:1700000000",
        s.root().join("content/projekte/.#e-akte.md"),
    )
    .unwrap();
    s.build_ok();
    std::os::unix::fs::symlink("fehlt.png", s.root().join("content/bild.png")).unwrap();
    let before = snapshot(&s.out());
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/bild.png")
            && r.stderr
                .contains("leads to `fehlt.png`, which does not exist"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains(".#e-akte"), "{}", r.stderr);
    assert_eq!(snapshot(&s.out()), before);
}

// --------------------------------------------------------------------- 9. sitemap, slugs

#[test]
fn sitemap_only_with_absolute_addresses() {
    let s = Site::german();
    let r = s.build();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!s.out().join("sitemap.xml").exists());
    assert_eq!(
        r.stderr.matches("no sitemap.xml").count(),
        1,
        "{}",
        r.stderr
    );
    let r = s.build_with(&["--base-url", "https://www.teststadt.example/roadmap/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("sitemap"), "{}", r.stderr);
    let map = s.read("sitemap.xml");
    let locs: Vec<&str> = map
        .split("<loc>")
        .skip(1)
        .map(|l| l.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() > 5);
    assert!(locs
        .iter()
        .all(|l| l.starts_with("https://www.teststadt.example/roadmap/")));
}

#[test]
fn new_transliterates_titles_into_file_names() {
    let s = Site::german();
    let root = root_str(&s);
    for (title, file) in [
        ("Café-Bündnis", "cafe-buendnis.md"),
        ("Łódź Partnerschaft", "lodz-partnerschaft.md"),
        ("Čeština für Ämter", "cestina-fuer-aemter.md"),
    ] {
        let (code, err) = roadmap(&["new", "--root", &root, "project", title]);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(s.root().join("content/projekte").join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}\n{err}"));
        assert!(text.contains(title), "{text}");
    }
    s.build_ok();
}

/// An HTML or SVG file under content/ or assets/ that would run code when opened (a script, an
/// event handler, a `javascript:` address, a frame) is refused, unless raw HTML is allowed; the
/// same files without them, and a logo, are copied as they are.
#[test]
fn files_that_would_run_code_on_the_site_are_refused() {
    let s = Site::german();
    s.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect onclick =\"x()\"/></svg>",
    );
    s.write(
        "content/karte.html",
        "<p>Karte</p><SCRIPT>alert(document.domain)</SCRIPT>",
    );
    s.write(
        "content/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript:x()\"/></svg>",
    );
    s.write(
        "content/ruhig.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Bonn online=ja</text></svg>",
    );
    s.write("content/tabelle.html", "<table><tr><td>1</td></tr></table>");
    let before = snapshot(&s.out());
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    for m in [
        "assets/logo.svg: invalid content: this file holds an event handler",
        "content/karte.html: invalid content: this file holds a script",
        "content/plan.svg: invalid content: this file holds a `javascript:` address",
        "3 errors",
    ] {
        assert!(r.stderr.contains(m), "{m} in {}", r.stderr);
    }
    assert_eq!(snapshot(&s.out()), before);
    // The site's own choice: with raw HTML allowed, its files are copied as they are.
    let config = std::fs::read_to_string(s.root().join("roadmap.yaml")).unwrap();
    s.write(
        "roadmap.yaml",
        &format!("{config}markdown:\n  raw_html: allow\n"),
    );
    s.build_ok();
    assert!(s.read("karte.html").contains("<SCRIPT>"));
    assert!(s.read("tabelle.html").contains("<table>"));
    // Written so that a plain search misses it, as browsers still read it.
    for (name, text) in [
        (
            "s9.svg",
            "<svg><a href=\"&#106;avascript&#58;alert(1)\"/></svg>",
        ),
        ("h12.html", "<a href=\"java&#x09;script:alert(1)\">x</a>"),
        ("h13.html", "<a href=\"java\nscript:alert(1)\">x</a>"),
        (
            "d.svg",
            "<svg xmlns:svg=\"http://www.w3.org/2000/svg\"><svg:script>x()</svg:script></svg>",
        ),
        ("h10.html", "<frameset><frame src=\"x.html\"></frameset>"),
        ("s.shtml", "<script>x()</script>"),
        // Numeric references without their `;`, which browsers decode in attributes.
        ("h14.html", "<a href=\"javascript&#58alert(1)\">x</a>"),
        (
            "h15.html",
            "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>",
        ),
    ] {
        let s = Site::german();
        s.write(&format!("content/{name}"), text);
        let r = s.build();
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("content/{name}: invalid content: this file holds")),
            "{}",
            r.stderr
        );
    }
}

/// A gzipped SVG (`.svgz`) is read unpacked, as a browser opens it.
#[test]
fn a_gzipped_svg_with_a_script_is_refused() {
    use std::io::Write;
    let s = Site::german();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>")
        .unwrap();
    s.write_bytes("assets/karte.svgz", &gz.finish().unwrap());
    let r = s.build();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("assets/karte.svgz: invalid content: this file holds a script"),
        "{}",
        r.stderr
    );
}

/// An output folder given as a symbolic link (a web server's document root linked into a
/// deployment folder, say) stays a link: the site goes into the folder it leads to, build
/// after build. A link to nothing is an error that says so, and nothing is made.
#[test]
fn an_output_that_is_a_symbolic_link_stays_one() {
    let s = Site::german();
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("htdocs");
    std::fs::create_dir(&real).expect("folder");
    let link = dir.path().join("public");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    let root = root_str(&s);
    let out = link.to_str().expect("path");
    for _ in 0..2 {
        let (code, err) = roadmap(&["build", "--root", &root, "--output", out]);
        assert_eq!(code, 0, "{err}");
        assert!(link.is_symlink(), "the link was replaced");
        assert!(
            real.join("index.html").is_file(),
            "the site is not where the link leads"
        );
    }
    let dangling = dir.path().join("nirgends");
    std::os::unix::fs::symlink(dir.path().join("fehlt"), &dangling).expect("link");
    let (code, err) = roadmap(&[
        "build",
        "--root",
        &root,
        "--output",
        dangling.to_str().expect("path"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("symbolic link") && err.contains("does not exist"),
        "{err}"
    );
    assert!(!dir.path().join("fehlt").exists());
}
