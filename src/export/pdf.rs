//! Typst at work: fonts loaded, the template compiled into pages, the pages written as a PDF
//! that Typst's validator checks against the chosen standard. Typst's diagnostics become the
//! crate's errors, with the template file and line where Typst names one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::FileId;
use typst::text::Font;
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::world::{file_id, ExportWorld, TYPST_DIR};
use super::Standard;
use crate::error::{Error, Errors, Location, Warning};

/// What one compilation needs.
pub struct Job<'a> {
    /// The roadmap's texts with where each starts, to name the file of a text Typst cannot
    /// show.
    pub texts: &'a [(Location, String)],
    /// The theme's Typst files: name under typst/ → (text, where it came from).
    pub typst: &'a BTreeMap<String, (String, PathBuf)>,
    /// The roadmap as JSON (`/data.json`).
    pub data: Vec<u8>,
    /// The site's files by output path, for images.
    pub files: &'a BTreeMap<String, PathBuf>,
    /// The fonts, embedded and the site's.
    pub fonts: Vec<Font>,
    /// The document's date (year, month, day): Typst's today and the PDF's creation date.
    pub date: (i32, u8, u8),
    /// The standard the PDF must conform to.
    pub standard: Standard,
    /// A stable identifier of the document (the PDF's /ID is a hash of it).
    pub ident: String,
}

/// The PDF and what Typst warned about.
pub struct Pdf {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// Typst's warnings.
    pub warnings: Vec<Warning>,
}

/// The embedded fonts (typst-assets) and the site's own, in this order; the families of the
/// site's fonts. A file that holds no font Typst can read is an error naming it.
pub fn load_fonts(site: &[(PathBuf, Vec<u8>)]) -> Result<(Vec<Font>, Vec<String>), Errors> {
    let mut fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    let mut families: Vec<String> = Vec::new();
    let mut errs = Errors::default();
    for (path, bytes) in site {
        let found: Vec<Font> = Font::iter(Bytes::new(bytes.clone())).collect();
        if found.is_empty() {
            errs.push(Error::content_help(
                Location::file(path),
                "not a font that Typst can read",
                Some("use TrueType or OpenType files (.ttf, .otf, .ttc, .otc)".into()),
            ));
        }
        for f in found {
            let family = f.info().family.clone();
            if !families.contains(&family) {
                families.push(family);
            }
            fonts.push(f);
        }
    }
    errs.into_result((fonts, families))
}

fn standards(standard: Standard) -> Vec<PdfStandard> {
    match standard {
        Standard::A2a => vec![PdfStandard::A_2a],
        Standard::A2b => vec![PdfStandard::A_2b],
        Standard::Ua1 => vec![PdfStandard::Ua_1],
        Standard::None => vec![],
    }
}

/// Compiles the template and writes the PDF.
pub fn render(job: Job) -> Result<Pdf, Errors> {
    let (y, m, d) = job.date;
    let today = Datetime::from_ymd(y, m, d).ok_or_else(|| Error::Usage {
        message: format!("the date {y}-{m:02}-{d:02} is not a date Typst can use"),
    })?;
    let texts: BTreeMap<String, String> = job
        .typst
        .iter()
        .map(|(name, (text, _))| (name.clone(), text.clone()))
        .collect();
    let world = ExportWorld::new(&texts, job.data, job.files, job.fonts, today)
        .map_err(|message| Error::Usage { message })?;
    let origins: HashMap<FileId, PathBuf> = job
        .typst
        .iter()
        .filter_map(|(name, (_, path))| {
            file_id(&format!("{TYPST_DIR}{name}"))
                .ok()
                .map(|id| (id, path.clone()))
        })
        .collect();
    let main = job.typst.get("roadmap.typ").map(|(_, p)| p.clone());
    let main = main.unwrap_or_else(|| PathBuf::from("themes/default/typst/roadmap.typ"));
    let report = Report {
        texts: job.texts,
        world: &world,
        origins: &origins,
        main: &main,
    };

    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let mut warned: Vec<Warning> = warnings.iter().map(|w| report.warning(w)).collect();
    let document = output.map_err(|diags| report.errors("the Typst template failed", &diags))?;

    let list = standards(job.standard);
    let standards = PdfStandards::new(&list).map_err(|e| Error::Usage {
        message: format!("--pdf-standard {}: {}", job.standard.name(), e.message()),
    })?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident),
        timestamp: Some(Timestamp::new_utc(today)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|diags| {
        let what = match job.standard {
            Standard::None => "the PDF could not be written".to_string(),
            s => format!("the PDF does not conform to {}", s.title()),
        };
        report.errors(&what, &diags)
    })?;
    warned.sort_by_key(|w| w.to_string());
    warned.dedup_by_key(|w| w.to_string());
    Ok(Pdf {
        bytes,
        pages: document.pages().len(),
        warnings: warned,
    })
}

/// Turns Typst's diagnostics into the crate's errors and warnings.
struct Report<'a> {
    texts: &'a [(Location, String)],
    world: &'a ExportWorld,
    origins: &'a HashMap<FileId, PathBuf>,
    main: &'a Path,
}

impl Report<'_> {
    /// Where a diagnostic points: a Typst file of the theme with line and column, else (for
    /// text made from Markdown, which has no file) the first template line on its trace.
    fn location(&self, d: &SourceDiagnostic) -> Location {
        let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| t.span.into()));
        for span in spans {
            let Some(id) = span.id() else { continue };
            let Some(path) = self.origins.get(&id) else {
                continue;
            };
            let place = self.world.range(span).and_then(|r| {
                self.world
                    .text_of(id)
                    .and_then(|s| s.lines().byte_to_line_column(r.start))
            });
            return match place {
                Some((line, col)) => Location::at(path, line + 1, col + 1),
                None => Location::file(path),
            };
        }
        Location::file(self.main)
    }

    /// Where the roadmap's texts hold the text a message quotes (`the text `"…"` could not be
    /// displayed`): the text comes from there, not from the template.
    fn written_at(&self, message: &str) -> Option<Location> {
        let (_, rest) = message.split_once("the text `\"")?;
        let (quoted, _) = rest.split_once("\"`")?;
        self.texts.iter().find_map(|(start, text)| {
            let i = text.find(quoted)?;
            let line = start.line.unwrap_or(1) + text[..i].matches('\n').count();
            let col = text[..i].rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Some(Location::at(&start.file, line, col))
        })
    }

    fn message(d: &SourceDiagnostic) -> String {
        let mut m = d.message.to_string();
        for h in &d.hints {
            m.push_str(&format!("\n  hint: {}", h.v));
        }
        m
    }

    fn errors(&self, what: &str, diags: &[SourceDiagnostic]) -> Errors {
        let mut errs = Errors::default();
        for d in diags {
            let message = format!("{what}: {}", Self::message(d));
            errs.push(match self.written_at(&d.message) {
                Some(at) => Error::content_help(
                    at,
                    message,
                    Some("no font of the PDF has this character: add one that has it under themes/<theme>/fonts/, or write the text without it".into()),
                ),
                None => Error::Template {
                    at: self.location(d),
                    message,
                },
            });
        }
        if errs.is_empty() {
            errs.push(Error::Template {
                at: Location::file(self.main),
                message: what.to_string(),
            });
        }
        errs
    }

    fn warning(&self, d: &SourceDiagnostic) -> Warning {
        Warning::at("pdf", self.location(d), Self::message(d))
    }
}
