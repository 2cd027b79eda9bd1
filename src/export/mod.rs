//! `roadmap export`: the roadmap as one document. `--pdf` writes an archivable, accessible PDF
//! (PDF/A-2a, tagged, by default) made in-process by Typst from the same model as the site:
//! `data` turns the model into structured values, `markup` the Markdown texts into Typst markup,
//! the theme's `typst/roadmap.typ` lays it out, `world` is all Typst may read and `pdf` runs
//! Typst and maps its diagnostics. The HTML export (issue 10) will join this command.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Errors, Location, Warning};
use crate::model::{NavItem, Roadmap};
use crate::site::{self, BuildOptions};
use crate::theme::{self, DEFAULT_THEME};

pub mod data;
pub mod escape;
pub mod markup;
mod project;
pub mod targets;

#[cfg(feature = "pdf")]
mod pdf;
#[cfg(feature = "pdf")]
mod world;

use targets::{doc_label, Targets};

/// The PDF standard the export must conform to; Typst's validator checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2a: archivable and tagged (accessible).
    #[default]
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-2b: archivable, visual appearance only.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/UA-1: accessible.
    #[value(name = "ua-1")]
    Ua1,
    /// No standard: a plain (still tagged) PDF.
    #[value(name = "none")]
    None,
}

impl Standard {
    /// The value of `--pdf-standard`.
    pub fn name(self) -> &'static str {
        match self {
            Standard::A2a => "a-2a",
            Standard::A2b => "a-2b",
            Standard::Ua1 => "ua-1",
            Standard::None => "none",
        }
    }

    /// How people write it: "PDF/A-2a".
    pub fn title(self) -> &'static str {
        match self {
            Standard::A2a => "PDF/A-2a",
            Standard::A2b => "PDF/A-2b",
            Standard::Ua1 => "PDF/UA-1",
            Standard::None => "PDF",
        }
    }
}

/// What `roadmap export --pdf` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The PDF file; default `<root>/export/<slug of the title>.pdf`.
    pub output: Option<PathBuf>,
    pub standard: Standard,
    pub drafts: bool,
}

/// What an export wrote.
#[derive(Debug)]
pub struct PdfReport {
    pub output: PathBuf,
    pub pages: usize,
    pub projects: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Warning>,
}

/// The PDF's path when `--pdf` names none: `<root>/export/<slug of the title>.pdf`.
pub fn default_pdf_path(root: &Path, title: &str) -> PathBuf {
    let slug = crate::model::slugify(title);
    let slug = if slug.is_empty() {
        "roadmap".into()
    } else {
        slug
    };
    root.join("export").join(format!("{slug}.pdf"))
}

/// Refuses to write the PDF over a folder, the configuration or into the site's sources.
fn check_target(root: &Path, target: &Path) -> Result<(), Error> {
    let usage = |why: &str| Error::Usage {
        message: format!("--pdf {}: {why}", target.display()),
    };
    if target.is_dir() {
        return Err(usage("is a folder; name the PDF file"));
    }
    let target = crate::output::resolve(target);
    let root = crate::output::resolve(root);
    match crate::output::SOURCES
        .iter()
        .find(|src| target.starts_with(root.join(src)))
    {
        Some(src) => Err(usage(&format!(
            "lies in the site's sources ({src}); write it elsewhere, e.g. into export/"
        ))),
        None => Ok(()),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed into place: readers
/// see the old file or the new one, never half of one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = path
        .file_name()
        .map_or("export".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}

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
                t.add_doc(&p.body.rel, doc_label(&p.slug), &p.body.markdown);
            }
            NavItem::Projects => {
                for p in &r.projects {
                    t.add_doc(&p.body.rel, doc_label(&p.slug), &p.body.markdown);
                }
                if let Some(i) = &r.projects_intro {
                    t.add_doc(&i.rel, data::PART_PROJECTS.into(), &i.markdown);
                }
            }
            _ => {}
        }
    }
    if let Some(i) = &r.intro {
        t.add_doc(&i.rel, data::PART_TITLE.into(), &i.markdown);
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

/// Exports the roadmap under `opts.root` as a PDF.
pub fn export_pdf(opts: &PdfOptions) -> Result<PdfReport, Errors> {
    let started = Instant::now();
    let mut roadmap = site::load(&BuildOptions {
        root: opts.root.clone(),
        drafts: opts.drafts,
        ..BuildOptions::default()
    })?;
    roadmap.warnings.retain(|w| w.kind != "no-sitemap");
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| default_pdf_path(&opts.root, &roadmap.config.title));
    check_target(&opts.root, &output)?;
    let theme = theme::load(&roadmap.config)?;
    let (bytes, pages, mut warnings) = render_pdf(&roadmap, &theme, opts.standard)?;
    write_atomically(&output, &bytes)?;
    warnings.splice(0..0, roadmap.warnings.iter().cloned());
    Ok(PdfReport {
        output,
        pages,
        projects: roadmap.projects.len(),
        bytes: bytes.len(),
        elapsed: started.elapsed(),
        warnings,
    })
}

/// The PDF of a loaded roadmap: its bytes, its number of pages, what was left out.
#[cfg(feature = "pdf")]
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
        out.push((b.at.clone(), b.markdown.clone()));
        out.push((Location::at(&b.at.file, 2, 1), b.frontmatter.clone()));
    }
    out
}

/// Without the `pdf` feature there is no Typst in the binary.
#[cfg(not(feature = "pdf"))]
pub fn render_pdf(
    _roadmap: &Roadmap,
    _theme: &theme::Theme,
    _standard: Standard,
) -> Result<(Vec<u8>, usize, Vec<Warning>), Errors> {
    let _ = (theme_files, targets_of, notes, texts_of);
    Err(Error::Usage {
        message: "this roadmap binary was built without the PDF export (cargo feature `pdf`)"
            .into(),
    }
    .into())
}

/// `roadmap export`: runs the export the arguments ask for, prints the result; the exit status.
pub fn run(
    root: PathBuf,
    html: Option<PathBuf>,
    pdf: Option<Option<PathBuf>>,
    standard: Standard,
    drafts: bool,
) -> i32 {
    let usage = |message: &str| {
        crate::report::eprint_errors(
            &Error::Usage {
                message: message.into(),
            }
            .into(),
        );
        2
    };
    let Some(output) = pdf else {
        return usage("the HTML export is not built yet; use --pdf [FILE.pdf] for the PDF");
    };
    if html.is_some() {
        return usage("the HTML export (--output) is not built yet; leave out --output");
    }
    let opts = PdfOptions {
        root,
        output,
        standard,
        drafts,
    };
    match export_pdf(&opts) {
        Ok(report) => {
            use crate::report::count;
            crate::report::eprint_warnings(&report.warnings);
            eprintln!(
                "Exported {} ({}, {}, {}, {} KiB) in {} ms",
                report.output.display(),
                standard.title(),
                count(report.pages, "page", "pages"),
                count(report.projects, "project", "projects"),
                report.bytes.div_ceil(1024),
                report.elapsed.as_millis()
            );
            0
        }
        Err(errs) => {
            crate::report::eprint_errors(&errs);
            eprintln!("Nothing was written; an earlier PDF is unchanged.");
            errs.exit_code()
        }
    }
}
