//! Writing a finished site: the guard that keeps a build from replacing anything but its own
//! earlier output, and the atomic swap of the output folder.
//!
//! Invariants: nothing is written before [`check_output`] passed; the previous output stays
//! byte-for-byte as it was until the new one is complete; a folder is only ever replaced when
//! it is empty or carries the [`MARKER`] of an earlier build.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::{Error, Errors};
use crate::outfile::{OutFile, Sink};

mod previous;

/// The file every build writes at the top of its output folder, so that a later build knows
/// the folder is its own to replace. Its content is fixed (output stays deterministic).
pub const MARKER: &str = ".roadmap-output";
const MARKER_TEXT: &str =
    "This folder is written by `roadmap build`; the next build replaces all of it.\n";

/// The site's source entries below its root, which no build may overwrite or read back.
pub const SOURCES: &[&str] = &["roadmap.yaml", "content", "templates", "assets", "themes"];

/// `path` made absolute and free of `.`/`..`, with symbolic links resolved as far as the path
/// exists (so `site/../site/public` and a link to `site` compare equal to `site/public`).
pub fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut lexical = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                lexical.pop();
            }
            other => lexical.push(other),
        }
    }
    // The deepest part that exists is canonicalized; the rest is appended as written.
    let mut existing = lexical.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(&existing).unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Refuses an output folder that would swallow or replace the site's own files, or someone
/// else's folder.
///
/// # Errors
/// [`Error::Usage`] (exit status 2) when `output` is the site root, contains it, is or lies
/// inside one of its [`SOURCES`], is a file, or is a non-empty folder that no earlier build
/// wrote (no [`MARKER`]).
pub fn check_output(root: &Path, output: &Path) -> Result<(), Error> {
    let root_abs = resolve(root);
    let out = resolve(output);
    let refuse = |why: String| {
        Err(Error::Usage {
            message: format!(
                "refusing to write the site to {}: {why}\n  help: choose a folder of its own, e.g. `--output {}`",
                output.display(),
                root.join("public").display()
            ),
        })
    };
    if out == root_abs {
        return refuse(
            "it is the site folder itself; a build replaces its output folder whole".into(),
        );
    }
    if root_abs.starts_with(&out) {
        return refuse(format!(
            "it contains the site folder {}; a build replaces its output folder whole",
            root.display()
        ));
    }
    for src in SOURCES {
        let src_abs = root_abs.join(src);
        if out.starts_with(&src_abs) {
            return refuse(format!(
                "it is or lies inside the site's sources ({src}); the output would be read back as content or would replace it"
            ));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it exists and is not a folder".into());
    }
    if out.is_dir() && !is_replaceable(&out) {
        return refuse(format!(
            "it is a folder with files that `roadmap build` did not write (it has no {MARKER} file), and a build replaces its output folder whole. Empty it or remove it first if it may go"
        ));
    }
    Ok(())
}

/// An empty folder, or one an earlier build wrote: it has the [`MARKER`]. A page that merely
/// names roadmap as its generator does not count: a folder of other files with one page saved
/// from a roadmap site in it would be deleted whole.
fn is_replaceable(dir: &Path) -> bool {
    dir.join(MARKER).is_file() || std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// The output folder of an earlier build that holds `path` (a folder above it with the
/// [`MARKER`]), if any: what is put there is replaced by the next build.
pub fn build_output_around(path: &Path) -> Option<PathBuf> {
    resolve(path)
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(MARKER).is_file())
        .map(Path::to_path_buf)
}

/// `output` with the folder it lies in made absolute and free of `.`, `..` and links, and its
/// own name kept (a link stays a link, see [`Staging`]): the swap renames `output` and then
/// names it again, so a path that leads through `output` itself (`public/../public`,
/// `public/.`) would lead nowhere once it is moved aside.
pub fn settled(output: &Path) -> PathBuf {
    let name = output.components().next_back().and_then(|c| match c {
        Component::Normal(name) => Some(name.to_os_string()),
        _ => None,
    });
    match (name, output.parent()) {
        (Some(name), Some(parent)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            resolve(parent).join(name)
        }
        // `..`, `/`: the folder itself, resolved.
        _ => resolve(output),
    }
}

/// A hidden name beside `output` for a write in progress (`.public.tmp-<pid>`: `what` is
/// `tmp` or `old`), in the folder of `output`, which is created if missing.
///
/// # Errors
/// The folder cannot be created.
pub fn beside(output: &Path, what: &str) -> Result<PathBuf, Error> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// Removes the staging and old-output folders that builds of `output` left when they were
/// stopped (Ctrl-C, a kill): those named by [`beside`] for a process that no longer runs and
/// carrying the [`MARKER`]. A build still running keeps its folder. Where the system does not
/// tell which processes run (no `/proc`), nothing is removed.
fn remove_abandoned(output: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let (Some(parent), Some(name)) = (output.parent(), output.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let file = file.to_string_lossy();
        let Some(rest) = file.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = ["tmp-", "old-"].iter().find_map(|w| rest.strip_prefix(w));
        let Some(pid) = pid.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let dir = e.path();
        if !proc.join(pid).exists() && dir.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

/// Writes `files` (plus the [`MARKER`]) into a fresh folder beside `output`, then swaps it in.
/// The caller has run [`check_output`].
///
/// # Errors
/// A file path that would leave the folder, an I/O failure; the previous output is untouched.
pub fn write_atomically(output: &Path, files: &[OutFile]) -> Result<(), Errors> {
    let staging = Staging::begin(output)?;
    files
        .par_iter()
        .try_for_each(|f| staging.put(f.clone()))
        .map_err(Errors::from)?;
    staging.finish().map(|_| ())
}

/// The folder a build writes to for `output`: `output` itself, or, when it is a symbolic
/// link, the folder it leads to (so that the link keeps leading to the new site instead of
/// being replaced by a folder).
///
/// # Errors
/// [`Error::Usage`] when `output` is a link to nothing.
pub fn real_output(output: &Path) -> Result<PathBuf, Error> {
    if !output.is_symlink() {
        return Ok(output.to_path_buf());
    }
    std::fs::canonicalize(output).map_err(|_| Error::Usage {
        message: format!(
            "{} is a symbolic link to {}, which does not exist\n  help: create that folder, or choose another output",
            output.display(),
            std::fs::read_link(output).map_or_else(|_| "nothing".into(), |t| t.display().to_string())
        ),
    })
}

/// A fresh folder beside the output that files are written into as they are made (from many
/// threads; it is a [`Sink`]) and that replaces the output only when [`Staging::finish`] is
/// called. Dropped unfinished (a failed build), it is removed and the output stays as it was.
#[derive(Debug)]
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    /// The folders made so far (relative paths), so each is made once.
    made: Mutex<HashSet<String>>,
    /// The output being replaced, whose unchanged files are linked instead of written.
    previous: Option<previous::Previous>,
    /// Failures of files finished after their writer was dropped (see `previous`), reported
    /// by [`Staging::finish`].
    failures: Mutex<Vec<Error>>,
    finished: bool,
}

impl Staging {
    /// Makes the staging folder beside `output` (with the [`MARKER`]). The caller has run
    /// [`check_output`].
    ///
    /// # Errors
    /// An I/O failure making the folder.
    pub fn begin(output: &Path) -> Result<Staging, Error> {
        let output = &settled(output);
        let dir = beside(output, "tmp")?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging {
            output: output.to_path_buf(),
            dir,
            made: Mutex::new(HashSet::new()),
            previous: previous::Previous::at(output),
            failures: Mutex::new(Vec::new()),
            finished: false,
        };
        staging.put(OutFile {
            path: MARKER.to_string(),
            bytes: MARKER_TEXT.into(),
        })?;
        remove_abandoned(output);
        Ok(staging)
    }

    /// Swaps the staging folder in for the output; the previous output is removed. Returns a
    /// warning (`old-output-kept`) when the previous output, moved aside, cannot be removed
    /// (a file in it held open, no permission): the new site is in place, the old one stays
    /// beside it until a later build (or the user) removes it.
    ///
    /// # Errors
    /// The output is a file, or an I/O failure; the previous output is then untouched.
    pub fn finish(mut self) -> Result<Option<crate::error::Warning>, Errors> {
        let failures = std::mem::take(self.failures.get_mut().unwrap_or_else(|p| p.into_inner()));
        if !failures.is_empty() {
            return Err(Errors(failures));
        }
        let output = self.output.clone();
        let old = beside(&output, "old")?;
        if output.exists() {
            if !output.is_dir() {
                return Err(Error::Usage {
                    message: format!("{} exists and is not a folder", output.display()),
                }
                .into());
            }
            std::fs::rename(&output, &old).map_err(|e| match e.kind() {
                std::io::ErrorKind::ResourceBusy => Error::Usage {
                    message: format!(
                        "{} cannot be replaced: it is in use as a mount point (a volume of a container, say), and a build swaps its output folder whole\n  help: build into a folder inside it, e.g. `--output {}`",
                        output.display(),
                        output.join("site").display()
                    ),
                },
                _ => Error::io(&output, e),
            })?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &output) {
            let _ = std::fs::rename(&old, &output);
            return Err(Error::io(&output, e).into());
        }
        self.finished = true;
        if !old.exists() {
            return Ok(None);
        }
        Ok(remove_dir_all::remove_dir_all(&old).err().map(|e| {
            crate::error::Warning::site(
                "old-output-kept",
                format!(
                    "the previous output could not be removed from {}: {e}",
                    old.display()
                ),
            )
            .help("the new site is in place; remove that folder by hand, or let the next build try again")
        }))
    }
}

/// `path` (relative, `/`-separated), refused when it would leave the staging folder (`..` or
/// an empty segment).
fn inside(path: &str) -> Result<&str, Error> {
    if path.split('/').any(|s| s == ".." || s.is_empty()) {
        return Err(Error::Usage {
            message: format!("refusing to go outside the output folder: {path}"),
        });
    }
    Ok(path)
}

impl Staging {
    /// The bytes of the file `path` written so far (for the search index, made from the
    /// finished pages).
    ///
    /// # Errors
    /// A path that would leave the folder; an I/O failure (no such file among them).
    pub fn read(&self, path: &str) -> Result<Vec<u8>, Error> {
        let file = self.dir.join(inside(path)?);
        std::fs::read(&file).map_err(|e| Error::io(&file, e))
    }

    /// The place of `path` in the staging folder, its folder made: refused when the path
    /// would leave the folder.
    fn place(&self, path: &str) -> Result<PathBuf, Error> {
        let path = inside(path)?;
        if let Some((dir, _)) = path.rsplit_once('/') {
            let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
            if !made.contains(dir) {
                let target = self.dir.join(dir);
                std::fs::create_dir_all(&target).map_err(|e| Error::io(&target, e))?;
                made.insert(dir.to_string());
            }
        }
        let target = self.dir.join(path);
        if self.previous.is_some() {
            // A file written again (a page rendered twice) may be a link into the previous
            // output: it is replaced, never written through.
            let _ = std::fs::remove_file(&target);
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn put(&self, file: OutFile) -> Result<(), Error> {
        let target = self.place(&file.path)?;
        if let Some(previous) = &self.previous {
            if previous.link_if_same(&file.path, &file.bytes, &target) {
                return Ok(());
            }
        }
        std::fs::write(&target, &file.bytes).map_err(|e| Error::io(&target, e))
    }

    /// Every file can be written as it is made (a build's staging folder is thrown away
    /// when the build fails).
    fn open(&self, path: &str) -> Result<crate::outfile::Opened<'_>, Error> {
        let target = self.place(path)?;
        if let Some(previous) = &self.previous {
            if let Some(writer) = previous.writer(path, &target, &self.failures) {
                return Ok(Some(Box::new(writer)));
            }
        }
        let file = std::fs::File::create(&target).map_err(|e| Error::io(&target, e))?;
        Ok(Some(Box::new(file)))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_removes_dots_and_keeps_missing_tails() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        assert_eq!(resolve(&dir.path().join("a/../b/./c")), real.join("b/c"));
    }

    #[test]
    fn a_swap_through_the_output_itself_is_settled_first() {
        let dir = tempfile::tempdir().unwrap();
        let real = std::fs::canonicalize(dir.path()).unwrap();
        let public = dir.path().join("public");
        std::fs::create_dir_all(public.join("alt")).unwrap();
        std::fs::write(public.join(MARKER), MARKER_TEXT).unwrap();
        for written in ["public/../public", "public/.", "public/alt/../../public"] {
            assert_eq!(
                settled(&dir.path().join(written)),
                real.join("public"),
                "{written}"
            );
            // A build into it swaps and keeps the previous output until then.
            let staging = Staging::begin(&dir.path().join(written)).unwrap();
            staging
                .put(OutFile {
                    path: "index.html".into(),
                    bytes: b"neu".to_vec(),
                })
                .unwrap();
            staging.finish().unwrap();
            assert_eq!(std::fs::read(public.join("index.html")).unwrap(), b"neu");
        }
        // A link keeps its name: the site goes into the folder it leads to.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&public, dir.path().join("link")).unwrap();
            assert_eq!(settled(&dir.path().join("link")), real.join("link"));
        }
    }

    #[test]
    fn a_page_naming_roadmap_does_not_make_a_folder_replaceable() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("precious.txt"), "mine").unwrap();
        std::fs::write(
            docs.join("index.html"),
            "<head><meta name=\"generator\" content=\"roadmap\"></head>",
        )
        .unwrap();
        assert!(check_output(dir.path(), &docs).is_err());
        std::fs::write(docs.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_output(dir.path(), &docs).is_ok());
        assert_eq!(
            build_output_around(&docs.join("x/y.html")),
            Some(std::fs::canonicalize(&docs).unwrap())
        );
    }

    #[test]
    fn guard_accepts_public_and_refuses_sources() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_output(root, &root.join("public")).is_ok());
        assert!(check_output(
            root,
            &root.join(format!("../not-there-{}", std::process::id()))
        )
        .is_ok());
        for bad in [
            ".",
            "content",
            "content/x",
            "assets",
            "themes/t",
            "roadmap.yaml",
            "..",
        ] {
            assert!(check_output(root, &root.join(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_file_opened_in_the_staging_folder_is_written_as_it_comes_and_stays_inside() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::begin(&out).unwrap();
        for text in ["erst", "dann"] {
            let mut file = staging.open("timeline/index.html").unwrap().unwrap();
            file.write_all(text.as_bytes()).unwrap();
        }
        for bad in ["../x.html", "a//b.html", "/x.html"] {
            assert!(staging.open(bad).is_err(), "{bad}");
        }
        // The previous output (none here) leaves no warning.
        assert!(staging.finish().unwrap().is_none());
        // Opened again, a file starts anew.
        assert_eq!(
            std::fs::read_to_string(out.join("timeline/index.html")).unwrap(),
            "dann"
        );
    }

    #[test]
    fn a_build_removes_what_a_stopped_build_left_beside_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // A process number that runs no process (above Linux's largest) and one that runs.
        let gone = dir.path().join(".public.tmp-4194305");
        let running = dir
            .path()
            .join(format!(".public.tmp-{}", std::process::id()));
        let foreign = dir.path().join(".public.tmp-4194306");
        for d in [&gone, &foreign] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(gone.join(MARKER), MARKER_TEXT).unwrap();
        // Not ours (no marker): kept.
        std::fs::write(foreign.join("notes.txt"), "x").unwrap();
        let staging = Staging::begin(&out).unwrap();
        assert!(!gone.exists());
        assert!(foreign.exists());
        assert!(running.exists(), "this build's own folder stays");
        staging.finish().unwrap();
        assert!(out.join(MARKER).is_file());
        // A second build replaces the first: the old output removed, no warning.
        assert!(Staging::begin(&out).unwrap().finish().unwrap().is_none());
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public.old-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
