//! Where the export goes: its default name, the guard that keeps it off the site's sources
//! and off files it did not write (in the spirit of `output::check_output` for a build's
//! folder), and the atomic write (a temporary file beside the target, then a rename).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Errors};
use crate::output::{beside, resolve, SOURCES};

/// What an earlier export has in its head, so that the next one may replace it.
const GENERATOR: &str = "<meta name=\"generator\" content=\"roadmap\">";

/// `<root>/export/<slug of the title>.html` (`roadmap.html` for a title without letters).
pub fn default_output(root: &Path, title: &str) -> PathBuf {
    let slug = crate::model::slugify(title);
    let name = if slug.is_empty() { "roadmap" } else { &slug };
    // `export/…` rather than `./export/…` when the site is here.
    let dir = if root == Path::new(".") {
        PathBuf::from("export")
    } else {
        root.join("export")
    };
    dir.join(format!("{name}.html"))
}

/// Refuses a target that would land among the site's sources or replace something that is
/// not an earlier export.
///
/// # Errors
/// [`Error::Usage`] (exit status 2) when `output` is the site folder or contains it, is or
/// lies inside one of the site's [`SOURCES`], does not end in `.html`, is a folder, lies in
/// a build's output folder, or is a file that no export wrote.
pub fn check_target(root: &Path, output: &Path) -> Result<(), Error> {
    let root_abs = resolve(root);
    let out = resolve(output);
    let refuse = |why: String| {
        Err(Error::Usage {
            message: format!(
                "refusing to write the export to {}: {why}\n  help: choose a file of its own, e.g. `--output {}`",
                output.display(),
                root.join("export").join("roadmap.html").display()
            ),
        })
    };
    if root_abs.starts_with(&out) {
        return refuse(format!(
            "it is or contains the site folder {}",
            root.display()
        ));
    }
    for src in SOURCES {
        if out.starts_with(root_abs.join(src)) {
            return refuse(format!(
                "it is or lies inside the site's sources ({src}); it would be read back as content or replace a source"
            ));
        }
    }
    let html = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if !html {
        return refuse("the export is an HTML file; its name must end in .html".into());
    }
    if out.is_dir() {
        return refuse("it is a folder".into());
    }
    if let Some(site) = crate::output::build_output_around(&out) {
        return refuse(format!(
            "it lies in {}, the output of a build, which the next build replaces whole (and a page of the site may have that name)",
            site.display()
        ));
    }
    if out.exists() && !written_by_export(&out) {
        return refuse(
            "a file of that name exists and `roadmap export` did not write it. Remove it first if it may go"
                .into(),
        );
    }
    Ok(())
}

/// Whether the file at `path` is an HTML file that roadmap wrote: its head names roadmap as
/// the generator, outside a comment (`<!-- <meta name="generator" …> -->` names nobody).
fn written_by_export(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(8192).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    let Some(at) = head.find(GENERATOR) else {
        return false;
    };
    let before = &head[..at];
    let open_comment = before
        .rfind("<!--")
        .is_some_and(|open| !before[open..].contains("-->"));
    !open_comment && before.contains("<head")
}

/// Writes `bytes` to `output` in one step: into a temporary file beside it, which then
/// replaces it. A failure leaves an earlier file as it was.
///
/// # Errors
/// An I/O failure, naming the file.
pub fn write_file(output: &Path, bytes: &[u8]) -> Result<(), Errors> {
    let temp = beside(output, "tmp")?;
    let result = (|| {
        let mut f = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        f.write_all(bytes).map_err(|e| Error::io(&temp, e))?;
        f.sync_all().map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, output).map_err(|e| Error::io(output, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.map_err(Errors::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_name_is_the_slug_of_the_title() {
        assert_eq!(
            default_output(Path::new("site"), "Roadmap Digitalisierung 2020–2025"),
            Path::new("site/export/roadmap-digitalisierung-2020-2025.html")
        );
        assert_eq!(
            default_output(Path::new("."), "–"),
            Path::new("export/roadmap.html")
        );
    }

    #[test]
    fn guard_keeps_the_export_off_sources_and_foreign_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(root, &root.join("export/a.html")).is_ok());
        for bad in [
            "content/a.html",
            "assets/a.html",
            "themes/t/a.html",
            "roadmap.yaml",
            ".",
            "..",
            "export/a.pdf",
            "content",
        ] {
            assert!(check_target(root, &root.join(bad)).is_err(), "{bad}");
        }
        std::fs::write(root.join("mine.html"), "<p>my own page</p>").unwrap();
        assert!(check_target(root, &root.join("mine.html")).is_err());
        std::fs::write(root.join("old.html"), format!("<head>{GENERATOR}</head>")).unwrap();
        assert!(check_target(root, &root.join("old.html")).is_ok());
        // The generator named in a comment names nobody.
        std::fs::write(
            root.join("notes.html"),
            format!("<!-- {GENERATOR} --><p>my notes</p>"),
        )
        .unwrap();
        assert!(check_target(root, &root.join("notes.html")).is_err());
        // A page of a built site (its folder has the build's marker) is the next build's.
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("public").join(crate::output::MARKER), "").unwrap();
        std::fs::write(
            root.join("public/index.html"),
            format!("<head>{GENERATOR}</head>"),
        )
        .unwrap();
        assert!(check_target(root, &root.join("public/index.html")).is_err());
        assert!(check_target(root, &root.join("public/neu.html")).is_err());
    }

    #[test]
    fn write_replaces_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("export/x.html");
        write_file(&out, b"one").unwrap();
        write_file(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let left: Vec<_> = std::fs::read_dir(dir.path().join("export"))
            .unwrap()
            .collect();
        assert_eq!(left.len(), 1);
    }
}
