//! Reading content/: finding the Markdown files, splitting frontmatter from body, and parsing
//! the frontmatter into raw, unvalidated structs. Knows nothing of HTML.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, Errors, Location};
use crate::yaml::{self, OrderedMap, Spanned, Text, TextList};

/// One Markdown file of content/, split but not yet interpreted.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Absolute or root-relative path on disk, for messages.
    pub file: PathBuf,
    /// Path relative to content/, with `/` separators.
    pub rel: String,
    pub slug: String,
    /// The YAML between the `---` lines (empty when the file has none).
    pub frontmatter: String,
    pub has_frontmatter: bool,
    pub body: String,
    /// The line of the file where the body starts (1-based).
    pub body_line: usize,
}

/// Another file found under content/ (an image, a PDF): copied beside the pages.
#[derive(Debug, Clone)]
pub struct ContentAsset {
    pub file: PathBuf,
    pub rel: String,
}

#[derive(Debug, Default)]
pub struct ContentTree {
    pub files: Vec<SourceFile>,
    pub assets: Vec<ContentAsset>,
    pub ignored: Vec<String>,
}

/// Finds and splits every file under `content_dir`, in a stable order.
pub fn scan(content_dir: &Path) -> Result<ContentTree, Errors> {
    let mut tree = ContentTree::default();
    let mut errs = Errors::default();
    if !content_dir.is_dir() {
        return Ok(tree);
    }
    let walker = walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter();
    let walker = walker.filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(name.starts_with('.') || (name.starts_with('_') && name != "_index.md"))
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                errs.push(Error::io(path, std::io::Error::other(e.to_string())));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel_path = path.strip_prefix(content_dir).unwrap_or(path);
        let rel: Vec<String> = rel_path
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let rel = rel.join("/");
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            tree.assets.push(ContentAsset {
                file: path.to_path_buf(),
                rel,
            });
            continue;
        }
        match read_source(path, rel) {
            Ok(f) => tree.files.push(f),
            Err(e) => errs.push(e),
        }
    }
    errs.into_result(tree)
}

fn read_source(path: &Path, rel: String) -> Result<SourceFile, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            return Err(Error::content_help(
                Location::at(path, line, col),
                "the file is not valid UTF-8",
                Some(
                    "save the file as UTF-8 (most editors offer this under \"Save with encoding\")"
                        .into(),
                ),
            ));
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let slug = stem.to_string();
    let (frontmatter, has_frontmatter, body, body_line) = split_frontmatter(&text, path)?;
    Ok(SourceFile {
        file: path.to_path_buf(),
        rel,
        slug,
        frontmatter,
        has_frontmatter,
        body,
        body_line,
    })
}

/// Splits `---\nyaml\n---\nbody`. A file without a leading `---` has no frontmatter.
pub fn split_frontmatter(text: &str, path: &Path) -> Result<(String, bool, String, usize), Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok((String::new(), false, text.replace("\r\n", "\n"), 1));
    }
    let mut yaml = String::new();
    let mut line_no = 1;
    let mut consumed = first.len();
    for line in lines {
        line_no += 1;
        consumed += line.len();
        let t = line.trim_end();
        if t == "---" || t == "..." {
            let body = text[consumed..].replace("\r\n", "\n");
            return Ok((yaml.replace("\r\n", "\n"), true, body, line_no + 1));
        }
        yaml.push_str(line);
    }
    Err(Error::content_help(
        Location::at(path, 1, 1),
        "the frontmatter opened with `---` is never closed",
        Some("add a line with only `---` after the last YAML line".into()),
    ))
}

// ---------------------------------------------------------------- raw frontmatter shapes

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    pub title: String,
    pub short_title: Option<String>,
    pub programme: Option<String>,
    pub number: Option<Spanned<f64>>,
    pub field: Spanned<Text>,
    pub category: Option<Spanned<Text>>,
    pub goal: Option<Spanned<Text>>,
    pub lead: TextList,
    pub kpis: Option<Vec<StrOr<RawKpi>>>,
    pub schedule: Option<Vec<RawPhase>>,
    pub milestone: Option<Spanned<Text>>,
    pub status: Option<RawStatus>,
    pub canvas: Option<RawCanvas>,
    pub budget: Option<Vec<RawBudget>>,
    pub draft: Option<bool>,
    pub description: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawKpi {
    pub label: String,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub due: Option<Spanned<Text>>,
    pub values: Option<OrderedMap<f64>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub phase: String,
    pub from: Option<Spanned<Text>>,
    pub to: Option<Spanned<Text>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawStatus {
    pub phase: Spanned<String>,
    pub progress: Option<Spanned<f64>>,
    pub rating: Option<Spanned<String>>,
    pub updated: Option<Spanned<Text>>,
    pub results: Option<TextList>,
    pub next_steps: Option<TextList>,
    pub benefits: Option<TextList>,
    pub contact: Option<RawContact>,
    pub video: Option<Spanned<String>>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<Text>,
    pub url: Option<String>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawCanvas {
    pub partners: Option<RawBlock>,
    pub activities: Option<RawBlock>,
    pub resources: Option<RawBlock>,
    pub value: Option<RawBlock>,
    pub relationships: Option<RawBlock>,
    pub channels: Option<RawBlock>,
    pub users: Option<RawBlock>,
    pub costs: Option<RawBlock>,
    pub risks: Option<RawBlock>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    pub label: String,
    pub total: f64,
    pub own_share: Option<f64>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct RawPage {
    pub title: Option<String>,
    pub weight: Option<f64>,
    pub description: Option<String>,
    pub draft: Option<bool>,
}

/// A canvas block: Markdown text, a list, or groups of lists under labels.
#[derive(Debug, Clone)]
pub enum RawBlock {
    Text(String),
    List(Vec<String>),
    Groups(Vec<(String, Vec<String>)>),
}

impl<'de> Deserialize<'de> for RawBlock {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBlock;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, a list of texts, or a map of group label to list of texts")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBlock, E> {
                Ok(RawBlock::Text(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawBlock, A::Error> {
                let mut out = Vec::new();
                while let Some(Text(t)) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                Ok(RawBlock::List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawBlock, A::Error> {
                let mut out = Vec::new();
                while let Some((Text(k), v)) = map.next_entry::<Text, Option<TextList>>()? {
                    out.push((k, v.map(|l| l.0).unwrap_or_default()));
                }
                Ok(RawBlock::Groups(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A plain string, or a map read as `T` (a KPI is either).
#[derive(Debug)]
pub enum StrOr<T> {
    Str(String),
    Full(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for StrOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = StrOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text or a mapping")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StrOr<T>, E> {
                Ok(StrOr::Str(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StrOr<T>, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(StrOr::Full)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// Parses a file's frontmatter as `T`.
pub fn parse_frontmatter<T: for<'de> Deserialize<'de> + Default>(
    f: &SourceFile,
) -> Result<T, Error> {
    if f.frontmatter.trim().is_empty() {
        return Ok(T::default());
    }
    yaml::parse(&f.frontmatter, &f.file, 2)
}

/// Parses a project's frontmatter (which has required keys, so no Default).
pub fn parse_project(f: &SourceFile) -> Result<RawProject, Error> {
    if !f.has_frontmatter {
        return Err(Error::content_help(
            Location::at(&f.file, 1, 1),
            "a project file needs YAML frontmatter",
            Some("start the file with `---`, then `title:`, `field:`, `lead:`, then `---`".into()),
        ));
    }
    yaml::parse(&f.frontmatter, &f.file, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_frontmatter() {
        let (fm, has, body, line) =
            split_frontmatter("---\ntitle: x\n---\nHello\n", Path::new("a.md")).unwrap();
        assert!(has);
        assert_eq!(fm, "title: x\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 4);
        assert!(split_frontmatter("---\ntitle: x\n", Path::new("a.md")).is_err());
    }

    #[test]
    fn canvas_blocks_keep_group_order() {
        let c: RawCanvas = yaml::parse(
            "partners:\n  Intern: [a, b]\n  Extern: [c]\nvalue: [x]\nrisks: text\n",
            Path::new("f"),
            1,
        )
        .unwrap();
        match c.partners.unwrap() {
            RawBlock::Groups(g) => assert_eq!(g[0].0, "Intern"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn kpis_are_strings_or_maps() {
        let k: Vec<StrOr<RawKpi>> = yaml::parse(
            "- Konzeption\n- label: Personen\n  target: 150\n  due: 2023-Q4\n",
            Path::new("f"),
            1,
        )
        .unwrap();
        assert!(matches!(k[0], StrOr::Str(_)));
        match &k[1] {
            StrOr::Full(r) => assert_eq!(r.due.as_ref().unwrap().value.0, "2023-Q4"),
            _ => panic!(),
        }
    }
}
