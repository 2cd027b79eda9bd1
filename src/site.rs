//! One build from start to end: config, content, model, render, then an atomic swap of the
//! output folder. A failed build leaves the previous output as it was.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::{Error, Errors};
use crate::model::{self, LoadOptions, Roadmap};
use crate::render::{self, OutFile};
use crate::theme;

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `<root>/public`.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides roadmap.yaml's base_url.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub projects: usize,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
}

/// Loads the roadmap under `opts.root`, applying command-line overrides.
pub fn load(opts: &BuildOptions) -> Result<Roadmap, Errors> {
    let mut roadmap = model::load(
        &opts.root,
        &LoadOptions {
            drafts: opts.drafts,
        },
    )?;
    if let Some(url) = &opts.base_url {
        let path = crate::config::base_path_of(url).map_err(|m| Error::Usage {
            message: format!("--base-url: {m}"),
        })?;
        roadmap.config.base_url = Some(url.trim_end_matches('/').to_string() + "/");
        roadmap.config.base_path = path;
    }
    Ok(roadmap)
}

/// Renders a loaded roadmap into memory: every file of the site.
pub fn render(roadmap: &Roadmap) -> Result<(Vec<OutFile>, usize), Errors> {
    let theme = theme::load(&roadmap.config)?;
    let copied = copy_list(roadmap)?;
    let out = render::render(roadmap, &theme, &copied)?;
    let mut files = out.files;
    files.extend(copied);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Two sources writing one path is a mistake of the site, not something to pick silently.
    for w in files.windows(2) {
        if w[0].path == w[1].path {
            return Err(Error::Usage {
                message: format!("two files would be written to `{}`", w[0].path),
            }
            .into());
        }
    }
    Ok((files, out.pages))
}

/// The site's assets/ and the non-Markdown files of content/, read into memory.
fn copy_list(roadmap: &Roadmap) -> Result<Vec<OutFile>, Errors> {
    let mut out = Vec::new();
    let mut errs = Errors::default();
    let assets = roadmap.config.root.join("assets");
    if assets.is_dir() {
        for e in walkdir::WalkDir::new(&assets).sort_by_file_name() {
            match e {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e
                        .path()
                        .strip_prefix(&roadmap.config.root)
                        .unwrap_or(e.path());
                    let rel: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    match std::fs::read(e.path()) {
                        Ok(bytes) => out.push(OutFile {
                            path: rel.join("/"),
                            bytes,
                        }),
                        Err(err) => errs.push(Error::io(e.path(), err)),
                    }
                }
                Ok(_) => {}
                Err(err) => errs.push(Error::io(&assets, std::io::Error::other(err.to_string()))),
            }
        }
    }
    for a in &roadmap.assets {
        match std::fs::read(&a.file) {
            Ok(bytes) => out.push(OutFile {
                path: a.rel.clone(),
                bytes,
            }),
            Err(err) => errs.push(Error::io(&a.file, err)),
        }
    }
    errs.into_result(out)
}

/// Builds the site and swaps it into place.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Errors> {
    let started = Instant::now();
    let roadmap = load(opts)?;
    let (files, pages) = render(&roadmap)?;
    let output = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    write_atomically(&output, &files)?;
    Ok(BuildReport {
        output,
        pages,
        files: files.len(),
        projects: roadmap.projects.len(),
        elapsed: started.elapsed(),
        warnings: roadmap.warnings.clone(),
    })
}

/// Writes `files` into a fresh folder beside `output`, then swaps it in.
pub fn write_atomically(output: &Path, files: &[OutFile]) -> Result<(), Errors> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<(), Error> {
        for f in files {
            if f.path.split('/').any(|s| s == ".." || s.is_empty()) {
                return Err(Error::Usage {
                    message: format!("refusing to write outside the output folder: {}", f.path),
                });
            }
            let target = staging.join(&f.path);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            std::fs::write(&target, &f.bytes).map_err(|e| Error::io(&target, e))?;
        }
        if output.exists() {
            if !output.is_dir() {
                return Err(Error::Usage {
                    message: format!("{} exists and is not a folder", output.display()),
                });
            }
            std::fs::rename(output, &old).map_err(|e| Error::io(output, e))?;
        }
        if let Err(e) = std::fs::rename(&staging, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io(output, e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result.map_err(Errors::from)
}
