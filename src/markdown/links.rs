//! Links and file references of Markdown texts: resolved against the content files, turned into
//! URLs of the built site, and recorded for the checks that need the whole site.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use crate::config::RawHtml;
use crate::error::{Error, Location};

/// Characters a path of an emitted URL must not hold as they are.
pub const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Characters a fragment of an emitted URL must not hold as they are.
const FRAGMENT: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// What a Markdown text needs to know to resolve its links.
pub struct LinkContext<'a> {
    /// Content file (relative to content/) -> output path ("hintergrund/").
    pub paths: &'a BTreeMap<String, String>,
    /// Other files under content/ (relative paths), copied as they are.
    pub assets: &'a BTreeSet<String>,
    /// "/" or "/sub/path/".
    pub base_path: &'a str,
    pub raw_html: RawHtml,
    /// Ids that a body wrote and the build had to rename, by output path of its page
    /// (written -> given): links from other texts follow them. Empty until bodies are rendered.
    pub renamed: &'a BTreeMap<String, BTreeMap<String, String>>,
    /// The accessible names of a task list's checkboxes, [open, done] (the theme's
    /// `task_open`, `task_done`); empty ones are left out.
    pub task_labels: [&'a str; 2],
    /// The ids the theme gives the sections of a project page, in the site's language (see
    /// `theme::section_ids`): a project body's heading does not take them.
    pub section_ids: &'a [String],
}

/// Where a text with links stands.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The content file that relative links start from ("projekte/e-akte.md"); texts of
    /// roadmap.yaml start from the top of content/.
    pub rel: &'a str,
    /// Output path of the page the text belongs to ("projekte/e-akte/").
    pub page: &'a str,
    /// The text is frontmatter: shown on other pages too, so `#fragment` links get the page's
    /// full URL; relative to content/ when it comes from roadmap.yaml.
    pub frontmatter: bool,
    pub from_config: bool,
}

/// A link to a fragment of a page, checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct FragmentRef {
    /// Output path of the target page ("projekte/e-akte/", "" for home).
    pub target: String,
    pub fragment: String,
    pub at: Location,
}

/// A root-absolute link or file reference (`/assets/plan.png`), checked against the files of
/// the built site.
#[derive(Debug, Clone)]
pub struct FileRef {
    /// Path in the output folder, decoded ("assets/plan.png", "projekte/x/", "" for home).
    pub path: String,
    /// The link as written.
    pub url: String,
    pub at: Location,
}

/// What resolving the links of texts found: errors, and what can only be checked later.
#[derive(Debug, Default)]
pub struct Found {
    pub errors: Vec<Error>,
    pub fragments: Vec<FragmentRef>,
    pub files: Vec<FileRef>,
}

impl Found {
    /// Adds everything of `other`.
    pub fn append(&mut self, other: &mut Found) {
        self.errors.append(&mut other.errors);
        self.fragments.append(&mut other.fragments);
        self.files.append(&mut other.files);
    }
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`) or is protocol-relative. A
/// single letter before the colon is a drive (`C:\\Daten`), not a scheme.
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// A link written as a path of the editor's computer rather than a web address, which no
/// reader's browser can follow: a drive (`C:\\Daten\\plan.pdf`, `D:/x.pdf`), a network share
/// (`\\\\server\\share`), a backslash where an address has `//` (`http:\\host/a`), or
/// backslashes between folders (`bilder\\plan.png`; a query or fragment may hold one). The
/// message and a help with what to write instead; None for any other link.
fn computer_path(url: &str) -> Option<(String, String)> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let bytes = path.as_bytes();
    let name = path.rsplit(['\\', '/']).next().unwrap_or_default();
    let copy = format!(
        "copy the file under content/, next to the page that links to it, and link to it by its name (`{name}`)"
    );
    if bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
    {
        let message = format!(
            "`{url}` is a path on a computer (drive {}:), not an address a reader's browser can open",
            char::from(bytes[0]).to_ascii_uppercase()
        );
        return Some((message, copy));
    }
    if path.starts_with("\\\\") {
        let message = format!(
            "`{url}` is the path of a network share, not an address a reader's browser can open"
        );
        return Some((message, copy));
    }
    if !path.contains('\\') {
        return None;
    }
    let slashes = path.replace('\\', "/");
    let fixed = match slashes.split_once(':') {
        Some((scheme, rest)) if is_external(&slashes) => {
            format!("{scheme}://{}", rest.trim_start_matches('/'))
        }
        _ => slashes,
    };
    let fixed = format!("{fixed}{}", &url[path.len()..]);
    let message = format!("`{url}` separates its parts with `\\`; web addresses and links use `/`");
    Some((message, format!("write `{fixed}`")))
}

/// Resolves `target` (relative to the folder of `from_rel`) to a path relative to content/;
/// None when it leaves content/.
pub fn resolve_rel(from_rel: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from_rel.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// How a link written in content file `from_rel` names content file `target` (both relative
/// to content/): `target` relative to the folder of `from_rel` (`../hintergrund.md`), the
/// inverse of [`resolve_rel`].
pub fn relative_to(from_rel: &str, target: &str) -> String {
    let from: Vec<&str> = from_rel.split('/').collect();
    let from = &from[..from.len().saturating_sub(1)];
    let to: Vec<&str> = target.split('/').collect();
    let (to_dir, name) = to.split_at(to.len().saturating_sub(1));
    let common = from.iter().zip(to_dir).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to_dir[common..]);
    parts.extend(name);
    parts.join("/")
}

/// One link being resolved.
struct Link<'a, 'c> {
    url: &'a str,
    origin: &'a Origin<'a>,
    ctx: &'a LinkContext<'c>,
    at: Location,
    /// `?query` as written, or "".
    query: &'a str,
    /// The fragment as written, and decoded.
    fragment: Option<(String, String)>,
}

impl Link<'_, '_> {
    fn error(&self, found: &mut Found, message: String, help: Option<String>) -> String {
        found.errors.push(Error::Link {
            at: self.at.clone(),
            message,
            help,
        });
        self.url.to_string()
    }

    /// `?query#fragment` for a link to the page `target`, following an id of its body that
    /// `renamed` (written -> given) says was renamed.
    fn tail(
        &self,
        target: &str,
        renamed: Option<&BTreeMap<String, String>>,
        found: &mut Found,
    ) -> String {
        let Some((written, decoded)) = &self.fragment else {
            return self.query.to_string();
        };
        let given = renamed.and_then(|m| m.get(decoded.as_str()));
        found.fragments.push(FragmentRef {
            target: target.to_string(),
            fragment: given.unwrap_or(decoded).clone(),
            at: self.at.clone(),
        });
        match given {
            Some(g) => format!("{}#{}", self.query, utf8_percent_encode(g, FRAGMENT)),
            None => format!("{}#{written}", self.query),
        }
    }

    /// The URL of the page of content file `rel` (relative to content/).
    fn page(&self, rel: &str, found: &mut Found) -> String {
        match self.ctx.paths.get(rel) {
            Some(target) => {
                let tail = self.tail(target, self.ctx.renamed.get(target), found);
                format!("{}{target}{tail}", self.ctx.base_path)
            }
            None => {
                // The files the link could have meant, written as it was written: from the
                // site's root, from content/ (roadmap.yaml), or from the linking file's folder.
                let path = self.url.split(['?', '#']).next().unwrap_or_default();
                let written = percent_decode_str(path).decode_utf8_lossy();
                let root = match self.ctx.base_path {
                    b if b != "/" && written.starts_with(b) => Some(b),
                    _ if written.starts_with('/') => Some("/"),
                    _ => None,
                };
                let from = if root.is_some() {
                    "A link that starts with `/` leads from the site's root".to_string()
                } else if self.origin.from_config {
                    "Links in roadmap.yaml are relative to content/".to_string()
                } else {
                    format!("Links are relative to the folder of {}", self.origin.rel)
                };
                let as_written = |c: &str| match root {
                    Some(r) => format!("{r}{c}"),
                    None if self.origin.from_config => c.to_string(),
                    None => relative_to(self.origin.rel, c),
                };
                let known: Vec<String> = self
                    .ctx
                    .paths
                    .keys()
                    .filter(|k| k.as_str() != self.origin.rel)
                    .map(|k| as_written(k))
                    .collect();
                // Else the one file of that name in another folder (`e-akte.md` for
                // `projekte/e-akte.md`).
                let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_lowercase();
                let same_name = || {
                    let mut named = known.iter().filter(|k| name(k) == name(&written));
                    let first = named.next()?;
                    named.next().is_none().then(|| first.clone())
                };
                let close = crate::error::suggest(&written, known.iter().map(String::as_str));
                let help = match close.or_else(same_name) {
                    Some(s) => format!("did you mean `{s}`? {from}"),
                    None => from,
                };
                let message = format!(
                    "`{}` points to content/{rel}, which does not exist (or is a draft)",
                    self.url
                );
                self.error(found, message, Some(help))
            }
        }
    }

    /// A link that starts with `/`: a page or file of the built site, below base_url's path.
    fn root_absolute(&self, path: &str, found: &mut Found) -> String {
        let base = self.ctx.base_path;
        let site = match path.strip_prefix(base) {
            Some(rest) if base != "/" => rest,
            _ => path.trim_start_matches('/'),
        };
        if site.ends_with(".md") {
            return self.page(site, found);
        }
        found.files.push(FileRef {
            path: site.to_string(),
            url: self.url.to_string(),
            at: self.at.clone(),
        });
        let tail = if site.is_empty() || site.ends_with('/') || site.ends_with(".html") {
            self.tail(site, self.ctx.renamed.get(site), found)
        } else {
            let frag = self.fragment.as_ref().map(|(w, _)| format!("#{w}"));
            format!("{}{}", self.query, frag.unwrap_or_default())
        };
        format!("{base}{}{tail}", utf8_percent_encode(site, PATH))
    }
}

/// Resolves a link or file reference written in a text at `origin` and gives the URL to emit:
/// `.md` files become their pages' URLs, other content files and root-absolute links URLs
/// below base_url's path. Paths and fragments are percent-decoded before they are looked up;
/// a query string is kept but is no part of a file name. `local` holds the renamed ids of the
/// text's own page body, for `#fragment` links within it.
pub fn rewrite(
    url: &str,
    origin: &Origin,
    ctx: &LinkContext,
    local: Option<&BTreeMap<String, String>>,
    at: Location,
    found: &mut Found,
) -> String {
    if let Some((message, help)) = computer_path(url) {
        found.errors.push(Error::Link {
            at,
            message,
            help: Some(help),
        });
        return url.to_string();
    }
    if url.is_empty() || is_external(url) {
        return url.to_string();
    }
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (path, query) = match before.find('?') {
        Some(i) => (&before[..i], &before[i..]),
        None => (before, ""),
    };
    let decode = |s: &str| percent_decode_str(s).decode_utf8().map(|d| d.into_owned());
    let mut link = Link {
        url,
        origin,
        ctx,
        at,
        query,
        fragment: None,
    };
    // Heading ids are composed (NFC): a fragment typed decomposed (`a` and a combining
    // diaeresis) is written and checked composed, so that it arrives.
    let fragment = fragment.map(|f| {
        decode(f).map(|d| {
            use unicode_normalization::UnicodeNormalization;
            let composed: String = d.nfc().collect();
            if composed == d {
                (f.to_string(), d)
            } else {
                (
                    utf8_percent_encode(&composed, FRAGMENT).to_string(),
                    composed,
                )
            }
        })
    });
    // File names are published composed (NFC, see the content's scan): so is the path.
    let composed = |p: String| -> String {
        use unicode_normalization::UnicodeNormalization;
        p.nfc().collect()
    };
    let (path, fragment) = match (decode(path).map(composed), fragment) {
        (Ok(p), None) => (p, None),
        (Ok(p), Some(Ok(f))) => (p, Some(f)),
        _ => {
            let message = format!("`{url}` is not valid percent-encoding of UTF-8 text");
            let help = Some(
                "write `%20` for a space and `%C3%9F` for `ß`, or the characters themselves".into(),
            );
            return link.error(found, message, help);
        }
    };
    link.fragment = fragment;
    if path.is_empty() {
        if link.fragment.is_none() {
            return url.to_string();
        }
        let renamed = local.or_else(|| ctx.renamed.get(origin.page));
        let tail = link.tail(origin.page, renamed, found);
        return if origin.frontmatter {
            format!("{}{}{tail}", ctx.base_path, origin.page)
        } else {
            tail
        };
    }
    if path.starts_with('/') {
        return link.root_absolute(&path, found);
    }
    let Some(rel) = resolve_rel(origin.rel, &path) else {
        let message = format!("`{url}` leaves the content folder");
        return link.error(found, message, None);
    };
    if rel.ends_with(".md") {
        link.page(&rel, found)
    } else if ctx.assets.contains(&rel) {
        let tail = link.fragment.as_ref().map(|(w, _)| format!("#{w}"));
        let encoded = utf8_percent_encode(&rel, PATH);
        format!(
            "{}{encoded}{query}{}",
            ctx.base_path,
            tail.unwrap_or_default()
        )
    } else {
        let message = format!("`{url}` points to content/{rel}, which does not exist");
        // `www.example.org/x` without its scheme reads as a file name.
        let host = path.split('/').next().unwrap_or_default();
        // `PLAN.pdf` for `Plan.pdf`: the name differs only in letter case.
        let lower = rel.to_lowercase();
        let cased = ctx.assets.iter().find(|a| a.to_lowercase() == lower);
        let help = if host.starts_with("www.") && host.len() > 4 {
            format!("for a web address, write it with its scheme: `https://{path}`")
        } else if let Some(file) = cased {
            format!("the file is content/{file}: write its name in the same letter case (hosts tell them apart)")
        } else {
            "put the file under content/ next to the page, or link to a page's .md file".into()
        };
        link.error(found, message, Some(help))
    }
}
