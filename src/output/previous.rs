//! The previous output as a source of files: a page the new build makes byte for byte as the
//! previous build did is linked into the staging folder (a hard link) instead of being written
//! again. The file keeps its date, so a deploy by `rsync` and a browser's cache see only what
//! changed, and a rebuild writes (and, when the old output is removed, frees) only the bytes
//! that changed — on a disk that trims freed blocks, most of a rebuild's time.
//!
//! *Invariants:* the previous output is only read (a link changes no byte of it); only a
//! regular file with no other name (link count 1) is linked, reached through real folders of
//! an output that carries the build's [`MARKER`](super::MARKER), so the new output never
//! shares a file with anything outside the previous output; where linking fails (another file
//! system, no permission, a system without links) the file is written as before.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;

/// The previous output of a build, when it is one whose files may be reused.
#[derive(Debug)]
pub struct Previous {
    /// The previous output folder (a real folder, not a link).
    dir: PathBuf,
    /// For each folder (relative, `/`-separated) asked about: whether it and every folder
    /// above it in the previous output is a real folder (no link).
    folders: Mutex<HashMap<String, bool>>,
}

impl Previous {
    /// The previous output at `output`, when it is a real folder with the build's marker;
    /// None otherwise (no previous output, a link, someone else's folder).
    pub fn at(output: &Path) -> Option<Previous> {
        let meta = std::fs::symlink_metadata(output).ok()?;
        (meta.is_dir() && output.join(super::MARKER).is_file()).then(|| Previous {
            dir: output.to_path_buf(),
            folders: Mutex::new(HashMap::new()),
        })
    }

    /// Links the previous output's file `path` (relative, `/`-separated, checked by the
    /// caller to stay inside) to `target` when it holds exactly `bytes`. Returns whether it
    /// did; false leaves `target` for the caller to write.
    pub fn link_if_same(&self, path: &str, bytes: &[u8], target: &Path) -> bool {
        let Some((old, mut file, len)) = self.reusable(path) else {
            return false;
        };
        len == bytes.len() as u64
            && matches!(compare(&mut file, bytes), Ok(true))
            && at_end(&mut file)
            && std::fs::hard_link(&old, target).is_ok()
    }

    /// A writer for `target` that links the previous output's file `path` when the bytes
    /// written turn out to be the same, and writes a file otherwise; None when the previous
    /// output has no file there that may be linked. The decision falls when the writer is
    /// dropped; a failure then is pushed to `failures`.
    pub fn writer<'a>(
        &self,
        path: &str,
        target: &Path,
        failures: &'a Mutex<Vec<Error>>,
    ) -> Option<Reusing<'a>> {
        let (old, file, len) = self.reusable(path)?;
        Some(Reusing {
            old,
            target: target.to_path_buf(),
            state: State::Comparing {
                file,
                len,
                matched: 0,
            },
            failures,
        })
    }

    /// The previous output's file `path`, open, with its length, when it may be linked: a
    /// regular file of one name in real folders.
    fn reusable(&self, path: &str) -> Option<(PathBuf, File, u64)> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            if !self.real_folder(folder) {
                return None;
            }
        }
        let old = self.dir.join(path);
        let meta = std::fs::symlink_metadata(&old).ok()?;
        if !meta.is_file() || links(&meta) != 1 {
            return None;
        }
        let file = File::open(&old).ok()?;
        Some((old, file, meta.len()))
    }

    /// Whether `folder` and each folder above it is a real folder of the previous output.
    fn real_folder(&self, folder: &str) -> bool {
        let mut known = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&real) = known.get(folder) {
            return real;
        }
        let above = match folder.rsplit_once('/') {
            Some((parent, _)) => {
                drop(known);
                let real = self.real_folder(parent);
                known = self.folders.lock().unwrap_or_else(|p| p.into_inner());
                real
            }
            None => true,
        };
        let real =
            above && std::fs::symlink_metadata(self.dir.join(folder)).is_ok_and(|m| m.is_dir());
        known.insert(folder.to_string(), real);
        real
    }
}

/// Whether the next bytes of `file` are `bytes` (read in pieces, nothing held).
fn compare(file: &mut File, bytes: &[u8]) -> std::io::Result<bool> {
    let mut buf = [0u8; 16 * 1024];
    for piece in bytes.chunks(buf.len()) {
        let got = &mut buf[..piece.len()];
        file.read_exact(got)?;
        if got != piece {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Whether `file` has nothing more to read.
fn at_end(file: &mut File) -> bool {
    matches!(file.read(&mut [0u8; 1]), Ok(0))
}

/// A file of the staging folder being written, compared on the way with the previous
/// output's file of the same path: linked when they are the same, written when not (the
/// bytes that matched are copied from the old file, so nothing is held in memory).
pub struct Reusing<'a> {
    old: PathBuf,
    target: PathBuf,
    state: State,
    failures: &'a Mutex<Vec<Error>>,
}

enum State {
    /// Every byte so far is the old file's: `matched` of its `len` bytes.
    Comparing {
        file: File,
        len: u64,
        matched: u64,
    },
    Writing(File),
    /// A write failed (already reported to the caller of `write`).
    Failed,
}

impl Reusing<'_> {
    /// Starts the target as a new file with the first `matched` bytes of the old file.
    fn diverge(&mut self, matched: u64) -> std::io::Result<&mut File> {
        let mut new = File::create(&self.target)?;
        let mut old = File::open(&self.old)?.take(matched);
        if std::io::copy(&mut old, &mut new)? != matched {
            return Err(std::io::Error::other(
                "the previous output changed while read",
            ));
        }
        self.state = State::Writing(new);
        match &mut self.state {
            State::Writing(f) => Ok(f),
            _ => unreachable!("just set"),
        }
    }
}

impl Write for Reusing<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        let matched = match &mut self.state {
            State::Writing(f) => return f.write(data),
            State::Failed => return Err(std::io::Error::other("an earlier write failed")),
            State::Comparing { file, len, matched } => {
                if *matched + data.len() as u64 <= *len && matches!(compare(file, data), Ok(true)) {
                    *matched += data.len() as u64;
                    return Ok(data.len());
                }
                *matched
            }
        };
        let written = self.diverge(matched).and_then(|f| f.write_all(data));
        if written.is_err() {
            self.state = State::Failed;
        }
        written.map(|()| data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.state {
            State::Writing(f) => f.flush(),
            _ => Ok(()),
        }
    }
}

impl Drop for Reusing<'_> {
    fn drop(&mut self) {
        let State::Comparing { file, len, matched } = &mut self.state else {
            return;
        };
        let (len, matched) = (*len, *matched);
        if matched == len && at_end(file) && std::fs::hard_link(&self.old, &self.target).is_ok() {
            return;
        }
        if let Err(e) = self.diverge(matched) {
            self.failures
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(Error::io(&self.target, e));
        }
    }
}
#[cfg(unix)]
fn links(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

/// Without a link count to read, no file is taken to have a single name.
#[cfg(not(unix))]
fn links(_meta: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::super::{Staging, MARKER};
    use crate::outfile::{OutFile, Sink};
    use std::io::Write;
    use std::path::Path;

    /// A previous output with `files` (path, text) and the marker.
    fn previous(out: &Path, files: &[(&str, &str)]) {
        std::fs::create_dir_all(out).unwrap();
        std::fs::write(out.join(MARKER), "").unwrap();
        for (path, text) in files {
            let file = out.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, text).unwrap();
        }
    }

    fn modified(path: &Path) -> std::time::SystemTime {
        std::fs::metadata(path).unwrap().modified().unwrap()
    }

    #[test]
    fn unchanged_files_keep_their_date_and_changed_ones_are_written_whatever_they_differ_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let cases = [
            // path, previous text, new text
            ("same.html", "<p>gleich</p>", "<p>gleich</p>"),
            ("a/b/same.html", "<p>gleich</p>", "<p>gleich</p>"),
            ("middle.html", "<p>alt</p>", "<p>neu</p>"),
            ("shorter.html", "<p>lang</p>und mehr", "<p>lang</p>"),
            ("longer.html", "<p>kurz</p>", "<p>kurz</p>und mehr"),
            ("empty.html", "", ""),
            ("emptied.html", "weg", ""),
        ];
        let files: Vec<_> = cases.iter().map(|(p, old, _)| (*p, *old)).collect();
        previous(&out, &files);
        let long_ago = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1 << 30);
        for (path, _, _) in cases {
            let f = std::fs::File::options()
                .write(true)
                .open(out.join(path))
                .unwrap();
            f.set_modified(long_ago).unwrap();
        }
        // Each case both ways: streamed in pieces, and handed over whole.
        let staging = Staging::begin(&out).unwrap();
        for (path, _, new) in cases {
            let mut w = staging.open(path).unwrap().unwrap();
            for piece in new.as_bytes().chunks(3) {
                w.write_all(piece).unwrap();
            }
            drop(w);
            staging
                .put(OutFile {
                    path: format!("whole/{path}"),
                    bytes: new.as_bytes().to_vec(),
                })
                .unwrap();
        }
        // Before the swap the previous output is as it was.
        for (path, old, _) in cases {
            assert_eq!(std::fs::read_to_string(out.join(path)).unwrap(), old);
        }
        staging.finish().unwrap();
        for (path, old, new) in cases {
            let file = out.join(path);
            assert_eq!(std::fs::read_to_string(&file).unwrap(), new, "{path}");
            assert_eq!(
                modified(&file) == long_ago,
                old == new,
                "{path}: date kept?"
            );
            // Only files of the previous output at the same path are reused.
            let whole = out.join("whole").join(path);
            assert_eq!(std::fs::read_to_string(&whole).unwrap(), new);
            assert_ne!(modified(&whole), long_ago);
        }
    }

    #[test]
    fn a_file_written_twice_never_writes_through_to_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        previous(&out, &[("p/index.html", "erst"), ("q.html", "alt")]);
        let staging = Staging::begin(&out).unwrap();
        // Linked first (same bytes), then written again with other bytes, both ways.
        staging
            .open("p/index.html")
            .unwrap()
            .unwrap()
            .write_all(b"erst")
            .unwrap();
        staging
            .open("p/index.html")
            .unwrap()
            .unwrap()
            .write_all(b"dann")
            .unwrap();
        for bytes in ["alt", "neu"] {
            let file = OutFile {
                path: "q.html".into(),
                bytes: bytes.into(),
            };
            staging.put(file).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("p/index.html")).unwrap(),
            "erst"
        );
        assert_eq!(std::fs::read_to_string(out.join("q.html")).unwrap(), "alt");
        // Dropped unfinished (a failed build), the previous output stays as it was.
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(out.join("p/index.html")).unwrap(),
            "erst"
        );
        assert_eq!(std::fs::read_to_string(out.join("q.html")).unwrap(), "alt");
    }

    #[cfg(unix)]
    #[test]
    fn files_reached_through_a_link_or_with_other_names_are_not_reused() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let elsewhere = dir.path().join("elsewhere");
        previous(&out, &[("shared.html", "x")]);
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("page.html"), "y").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("linked")).unwrap();
        // A second name for a file of the output (a backup made with `cp -al`, say).
        std::fs::hard_link(out.join("shared.html"), dir.path().join("backup.html")).unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging
            .open("linked/page.html")
            .unwrap()
            .unwrap()
            .write_all(b"y")
            .unwrap();
        staging
            .open("shared.html")
            .unwrap()
            .unwrap()
            .write_all(b"x")
            .unwrap();
        staging.finish().unwrap();
        use std::os::unix::fs::MetadataExt;
        for path in ["linked/page.html", "shared.html"] {
            let meta = std::fs::metadata(out.join(path)).unwrap();
            assert_eq!(
                meta.nlink(),
                1,
                "{path} shares its file with something outside"
            );
        }
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("page.html")).unwrap(),
            "y"
        );
    }
}
