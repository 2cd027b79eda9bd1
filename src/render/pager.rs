//! One page rendered and handed on: into a file opened for it as it renders (its ids read on
//! the way), or whole to the sink; its body's ids kept apart from its template's.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;

use super::env::Env;
use crate::bodies;
use crate::error::Error;
use crate::markdown::{self, LinkContext, Rendered};
use crate::outfile::{OutFile, Sink};
use crate::views::pages::{self, PageView};

#[derive(Debug, Clone)]
pub(super) struct Reusable {
    pub(super) fingerprint: u64,
    /// The page's file (also among `files`).
    pub(super) page: String,
    pub(super) ids: Vec<String>,
    pub(super) files: Vec<String>,
}

/// What a rendering keeps besides the files it hands to its sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing: each page's data is dropped once its page is written (a build's memory stays
    /// the same whatever the number of projects).
    Nothing,
    /// Every page's view, with each project's Zeithorizont inline (for a document made of the
    /// pages).
    Views,
}

/// A page once written: its output path, its element ids (for the `#fragment` checks), its
/// body rendered again beside the template's ids (if it was), and its view (if kept).
pub(super) struct Done {
    pub(super) path: String,
    pub(super) ids: Vec<String>,
    pub(super) again: Option<(String, Rendered)>,
    pub(super) view: Option<PageView>,
    /// For the next rendering: the project page's path and what it may take from this one.
    pub(super) reusable: Option<(String, Reusable)>,
    /// The files taken from the previous rendering instead of rendered (none put).
    pub(super) reused: Option<Vec<String>>,
}

impl Done {
    /// A project page at `path` taken as it was: its ids and files from last time.
    pub(super) fn reused(path: &str, last: &Reusable) -> Done {
        Done {
            path: last.page.clone(),
            ids: last.ids.clone(),
            again: None,
            view: None,
            reusable: Some((path.to_string(), last.clone())),
            reused: Some(last.files.clone()),
        }
    }
}

/// Renders pages and hands them to the sink, one at a time (from many threads).
pub(super) struct Pager<'a> {
    pub(super) env: Env<'a>,
    pub(super) docs: &'a BTreeMap<String, Rendered>,
    pub(super) sources: HashMap<&'a str, &'a bodies::Doc<'a>>,
    pub(super) ctx: &'a LinkContext<'a>,
    pub(super) body_style: (crate::config::Language, &'a str),
    pub(super) sink: &'a dyn Sink,
    pub(super) keep: Keep,
}

impl Pager<'_> {
    /// Renders `job`, keeps its body's ids apart from its template's (rendering it again if
    /// they meet), reads its ids and puts it into the sink.
    pub(super) fn page(&self, mut job: PageView) -> Result<Done, Error> {
        let path = Env::file_of(&job);
        if let Some(file) = self.sink.open(&path)? {
            return self.stream(job, path, file);
        }
        let mut html = self.env.page_html(&job)?;
        let mut ids = markdown::page_ids(&html);
        let again = self.separate_ids(&mut job, &ids);
        if again.is_some() {
            html = self.env.page_html(&job)?;
            ids = markdown::page_ids(&html);
        }
        self.sink.put(OutFile {
            path: path.clone(),
            bytes: html.into_bytes(),
        })?;
        Ok(self.done(path, ids, again, job))
    }

    /// A page made: its ids, its body if rendered again, its view if kept.
    fn done(
        &self,
        path: String,
        ids: Vec<String>,
        again: Option<(String, Rendered)>,
        job: PageView,
    ) -> Done {
        Done {
            path,
            ids,
            again,
            view: (self.keep == Keep::Views).then_some(job),
            reusable: None,
            reused: None,
        }
    }

    /// As [`Pager::page`], writing the page into `file` while it is rendered (its ids read on
    /// the way), and again into the file opened anew when its body's ids must be kept apart.
    fn stream(
        &self,
        mut job: PageView,
        path: String,
        file: Box<dyn std::io::Write + '_>,
    ) -> Result<Done, Error> {
        let mut ids = self.write_page(&job, &path, file)?;
        let again = self.separate_ids(&mut job, &ids);
        if again.is_some() {
            if let Some(file) = self.sink.open(&path)? {
                ids = self.write_page(&job, &path, file)?;
            }
        }
        Ok(self.done(path, ids, again, job))
    }

    /// Renders `job` into `file`; returns the page's ids.
    fn write_page(
        &self,
        job: &PageView,
        path: &str,
        file: Box<dyn std::io::Write + '_>,
    ) -> Result<Vec<String>, Error> {
        use std::io::Write;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, Tee::new(file));
        let rendered = self.env.page_to(job, &mut out);
        let flushed = out.flush();
        let (tee, _) = out.into_parts();
        let failed = tee.failed.or(flushed.err());
        if let Some(e) = failed {
            return Err(Error::io(std::path::Path::new(path), e));
        }
        rendered?;
        Ok(tee.ids.finish())
    }

    /// Where the page's body has an id that its template (a site's own template, a chart) also
    /// has, renders the body again beside the template's ids into the page's data. Returns the
    /// body so rendered, by content file.
    fn separate_ids(&self, job: &mut PageView, page: &[String]) -> Option<(String, Rendered)> {
        let slot = job.slot.as_ref()?;
        let doc = self.docs.get(&slot.rel)?;
        let d = self.sources.get(slot.rel.as_str())?;
        let taken = bodies::template_ids(page, &doc.ids);
        if !doc.ids.iter().any(|id| taken.contains(id)) {
            return None;
        }
        let r = markdown::render_body_beside(d.src, &d.path, self.ctx, d.kind, &taken);
        if let Some(v) = job.data.pointer_mut(slot.html) {
            // As the views give a body: tables hyphenated and in scroll regions.
            let is_body = slot.html.ends_with("/body_html");
            let (lang, table_label) = self.body_style;
            *v = json!(if is_body {
                crate::views::body(&r.html, lang, table_label)
            } else {
                r.html.clone()
            });
        }
        if let Some(v) = slot.toc.and_then(|t| job.data.pointer_mut(t)) {
            *v = pages::toc(&r);
        }
        Some((slot.rel.clone(), r))
    }
}

/// A page on its way into its file: every piece written to the file and read for its ids.
struct Tee<'a> {
    file: Box<dyn std::io::Write + 'a>,
    ids: markdown::IdReader,
    /// The first failed write (the template's rendering then stops with an error of its own).
    failed: Option<std::io::Error>,
}

impl<'a> Tee<'a> {
    fn new(file: Box<dyn std::io::Write + 'a>) -> Self {
        Tee {
            file,
            ids: markdown::IdReader::new(),
            failed: None,
        }
    }
}

impl std::io::Write for Tee<'_> {
    fn write(&mut self, piece: &[u8]) -> std::io::Result<usize> {
        if let Err(e) = self.file.write_all(piece) {
            let kind = e.kind();
            self.failed.get_or_insert(e);
            return Err(kind.into());
        }
        self.ids.write(piece);
        Ok(piece.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}
