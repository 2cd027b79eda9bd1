//! The PDF of a loaded roadmap: the theme's Typst files and fonts read, the links and images of
//! the texts resolved, the data made, Typst run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::targets::{doc_label, Targets};
use super::{data, markup, pdf, Standard};
use crate::error::{Error, Errors, Location, Warning};
use crate::model::{NavItem, Roadmap};
use crate::theme::{self, DEFAULT_THEME};

/// The theme's Typst files (the embedded default's, overridden file by file by
/// `themes/<name>/typst/`) and the site's fonts (`themes/<name>/fonts/`).
type ThemeFiles = (BTreeMap<String, (String, PathBuf)>, Vec<(PathBuf, Vec<u8>)>);

fn theme_files(roadmap: &Roadmap) -> Result<ThemeFiles, Errors> {
    let mut typst = BTreeMap::new();
    for (rel, bytes) in DEFAULT_THEME {
        if let Some(name) = rel.strip_prefix("typst/") {
            let text = String::from_utf8_lossy(bytes).into_owned();
            typst.insert(
                name.to_string(),
                (text, Path::new("themes/default").join(rel)),
            );
        }
    }
    let dir = roadmap
        .config
        .root
        .join("themes")
        .join(&roadmap.config.theme);
    let mut errs = Errors::default();
    for (rel, path) in files_under(&dir.join("typst"), &mut errs) {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                typst.insert(rel, (text, path));
            }
            Err(e) => errs.push(Error::io(&path, e)),
        }
    }
    let mut fonts = Vec::new();
    for (rel, path) in files_under(&dir.join("fonts"), &mut errs) {
        let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if ["ttf", "otf", "ttc", "otc"].contains(&ext.as_str()) {
            match std::fs::read(&path) {
                Ok(bytes) => fonts.push((path, bytes)),
                Err(e) => errs.push(Error::io(&path, e)),
            }
        }
    }
    errs.into_result((typst, fonts))
}

/// The files under `dir` (none when it is missing), sorted, by path relative to it; hidden
/// files are skipped.
fn files_under(dir: &Path, errs: &mut Errors) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                let rel: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if !rel.iter().any(|s| s.starts_with('.')) {
                    out.push((rel.join("/"), e.path().to_path_buf()));
                }
            }
            Ok(_) => {}
            Err(e) => errs.push(Error::io(dir, std::io::Error::other(e.to_string()))),
        }
    }
    out
}

/// Where the links and images of the roadmap's texts lead in the PDF.
fn targets_of(r: &Roadmap) -> Targets {
    let c = &r.config;
    let mut t = Targets::new(c.base_url.clone(), &c.base_path);
    for item in &r.nav {
        match item {
            NavItem::Page(i) => {
                let p = &r.pages[*i];
                t.add_doc(&p.body.rel, doc_label(&p.slug), &p.body.markdown.text());
            }
            NavItem::Projects => {
                for p in &r.projects {
                    t.add_doc(&p.body.rel, doc_label(&p.slug), &p.body.markdown.text());
                }
                if let Some(i) = &r.projects_intro {
                    t.add_doc(&i.rel, data::PART_PROJECTS.into(), &i.markdown.text());
                }
            }
            _ => {}
        }
    }
    if let Some(i) = &r.intro {
        t.add_doc(&i.rel, data::PART_TITLE.into(), &i.markdown.text());
    }
    for (rel, path) in &r.paths {
        t.add_page(rel, path);
    }
    for a in r.assets.iter().chain(&r.site_assets) {
        t.add_file(&a.rel, a.file.clone());
    }
    t
}

/// The document's date: the as-of date (its first day when it names only a month), else the
/// first day of the timeline. Never the clock, so that the same input gives the same bytes.
pub fn document_date(r: &Roadmap) -> (i32, u8, u8) {
    let c = &r.config;
    match c.as_of {
        Some(d) => (d.year, d.month as u8, d.day.unwrap_or(1) as u8),
        None => (c.start.year, (c.start.q - 1) * 3 + 1, 1),
    }
}

/// The PDF of a loaded roadmap: its bytes, its number of pages, what was left out.
pub fn render_pdf(
    roadmap: &Roadmap,
    theme: &theme::Theme,
    standard: Standard,
) -> Result<(Vec<u8>, usize, Vec<Warning>), Errors> {
    let (typst, font_files) = theme_files(roadmap)?;
    let (fonts, families) = pdf::load_fonts(&font_files)?;
    let targets = targets_of(roadmap);
    let conv = markup::Converter::new(&targets);
    let value = data::document(&data::Source {
        roadmap,
        theme,
        conv: &conv,
        fonts: families,
    });
    let mut warnings = notes(&conv, standard)?;
    let data = serde_json::to_vec(&value).map_err(|e| Error::Usage {
        message: format!("the data of the PDF: {e}"),
    })?;
    let c = &roadmap.config;
    let texts = texts_of(roadmap);
    let doc = pdf::render(pdf::Job {
        texts: &texts,
        typst: &typst,
        data,
        files: targets.files(),
        fonts,
        date: document_date(roadmap),
        standard,
        ident: format!("roadmap:{}", crate::model::slugify(&c.title)),
    })?;
    warnings.extend(doc.warnings);
    Ok((doc.bytes, doc.pages, warnings))
}

/// What the converter noted: warnings, except that an image without alternative text is an
/// error where the standard asks for tags (PDF/A-2a, PDF/UA-1).
fn notes(conv: &markup::Converter, standard: Standard) -> Result<Vec<Warning>, Errors> {
    let tagged = matches!(standard, Standard::A2a | Standard::Ua1);
    let mut errs = Errors::default();
    let mut warnings = Vec::new();
    for n in conv.notes() {
        if n.no_alt && tagged {
            errs.push(Error::content_help(
                n.location(),
                format!("{}, which {} requires", n.message, standard.title()),
                Some(
                    "describe the image between the brackets: `![Plan der Innenstadt](plan.png)`"
                        .into(),
                ),
            ));
        } else {
            warnings.push(Warning::at("pdf", n.location(), n.message));
        }
    }
    errs.into_result(warnings)
}

/// Every text of the roadmap with where it starts (bodies, frontmatter, roadmap.yaml), to find
/// the file and line of a text Typst complains about.
fn texts_of(r: &Roadmap) -> Vec<(Location, String)> {
    let mut out = vec![(Location::at(&r.config.file, 1, 1), r.config.source.clone())];
    let bodies = r.pages.iter().map(|p| &p.body);
    let bodies = bodies.chain(r.projects.iter().map(|p| &p.body));
    for b in bodies.chain(&r.intro).chain(&r.projects_intro) {
        out.push((b.at.clone(), b.markdown.text()));
        out.push((Location::at(&b.at.file, 2, 1), b.frontmatter.text()));
    }
    out
}
