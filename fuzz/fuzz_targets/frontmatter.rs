//! The YAML/frontmatter loader: split a Markdown file, parse its frontmatter as a project and as
//! a page, then validate it against a small fixed configuration (all in memory).
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use roadmap::config::{self, Config};
use roadmap::content::{self, ContentTree, RawPage, SourceFile};
use roadmap::model::{self, LoadOptions};

const CONFIG: &str = "title: T\ntimeline: {start: 2021-Q1, end: 2025-Q4}\n\
goals: [{key: einfacher, title: E}]\nfields: [{key: a, title: A, color: \"#1d5f9f\"}]\n\
categories: [{key: A, title: Kat}]\n";

fn config() -> &'static Config {
    static C: OnceLock<Config> = OnceLock::new();
    C.get_or_init(|| {
        config::parse(Path::new("/nonexistent"), Path::new("roadmap.yaml"), CONFIG)
            .expect("fixed config parses")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/projects/p.md");
    let Ok((frontmatter, has_frontmatter, body, body_line)) =
        content::split_frontmatter(text, path)
    else {
        return;
    };
    for (rel, slug) in [("projects/p.md", "p"), ("seite.md", "seite")] {
        let f = SourceFile {
            file: Path::new("content").join(rel),
            rel: rel.into(),
            slug: slug.into(),
            frontmatter: frontmatter.clone(),
            has_frontmatter,
            body: body.clone(),
            body_line,
        };
        let _ = content::parse_project(&f);
        let _ = content::parse_frontmatter::<RawPage>(&f);
        let tree = ContentTree {
            files: vec![f],
            ..Default::default()
        };
        let _ = model::build(config().clone(), tree, &LoadOptions { drafts: true });
    }
});
