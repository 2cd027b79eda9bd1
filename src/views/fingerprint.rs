//! Fingerprints of what a project page is made from, so that `roadmap serve` can tell which
//! project pages an edit leaves as they were and take them from its last build instead of
//! rendering them again (`render::Reuse`). A fingerprint is a 64-bit hash (Rust's
//! `DefaultHasher`, stable within one process, which is all `serve` needs) of everything the
//! page's view is made of; two equal fingerprints stand for the same page.

use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::Views;
use crate::model::Project;

/// Feeds formatted text (a `Debug` form) into a hasher without building the string.
struct Feed<'a>(&'a mut DefaultHasher);

impl std::fmt::Write for Feed<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

impl Views<'_> {
    /// What every page depends on beyond its own data: the configuration, the theme's
    /// templates, UI words and chart colours, the site data of every page's frame
    /// ([`Views::site`]: the navigation with its pages' titles, …), every page's and
    /// project's path (links resolve to them), the files of content/ and assets/ (likewise),
    /// which content file is which page, and `extra` (the renamed body ids that links to
    /// fragments resolve through, given by the renderer).
    pub fn site_fingerprint(&self, extra: &impl std::fmt::Debug) -> u64 {
        let r = self.roadmap;
        let mut h = DefaultHasher::new();
        let mut feed = Feed(&mut h);
        let _ = write!(feed, "{:?}{:?}{:?}", r.config, r.nav, r.paths);
        // What every page's frame shows (the navigation with the titles of its pages, …).
        let _ = write!(feed, "{}", self.site());
        let _ = write!(feed, "{:?}{:?}", self.theme.i18n, self.theme.chart);
        let _ = write!(feed, "{extra:?}");
        for t in &self.theme.templates {
            t.name.hash(&mut h);
            t.source.hash(&mut h);
        }
        for p in &r.projects {
            (&p.slug, &p.path).hash(&mut h);
        }
        for p in &r.pages {
            p.path.hash(&mut h);
        }
        for a in r.assets.iter().chain(&r.site_assets) {
            a.rel.hash(&mut h);
        }
        h.finish()
    }

    /// The fingerprint of `p`'s page: `site` (see [`Views::site_fingerprint`]), the project as
    /// loaded, its rendered body and what the page shows of other projects and of the
    /// departments ([`Views::neighbourhood`]).
    pub fn project_fingerprint(&self, p: &Project, site: u64) -> u64 {
        let mut h = DefaultHasher::new();
        site.hash(&mut h);
        let _ = write!(Feed(&mut h), "{p:?}");
        self.project_bodies
            .read(&p.body.rel, |html| html.hash(&mut h));
        self.neighbourhood(p).to_string().hash(&mut h);
        h.finish()
    }
}
