//! The one plain data type every stage that produces files shares: a file of the finished
//! site, held in memory until it is written. No stage logic lives here.

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Path relative to the output folder, `/`-separated, without `..` or empty segments.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A file opened by [`Sink::open`] to be written as it is made (None: not opened).
pub type Opened<'a> = Option<Box<dyn std::io::Write + 'a>>;

/// Where finished files go as they are made, from many threads at once: a staging folder that
/// becomes the output (`output::Staging`) or memory ([`Collect`]). Streaming the files into a
/// sink keeps a build's memory independent of the number of pages.
pub trait Sink: Sync {
    /// Takes one finished file.
    ///
    /// # Errors
    /// The sink's failure to keep it (an I/O error of a staging folder, a path outside it).
    fn put(&self, file: OutFile) -> Result<(), crate::error::Error>;

    /// Opens the file `path` to be written as it is made (a large page written while its
    /// template renders, never held whole), or `None` when the sink takes whole files only
    /// (the default), which are then [`put`](Sink::put). Writing the same path again starts
    /// the file anew.
    ///
    /// # Errors
    /// As [`Sink::put`].
    fn open(&self, path: &str) -> Result<Opened<'_>, crate::error::Error> {
        let _ = path;
        Ok(None)
    }
}

/// A sink that lets every file go: for a rendering made only for its errors.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _file: OutFile) -> Result<(), crate::error::Error> {
        Ok(())
    }
}

/// A sink that keeps every file in memory (for `check`, `serve` and `export`, which read the
/// files afterwards).
#[derive(Debug, Default)]
pub struct Collect(std::sync::Mutex<Vec<OutFile>>);

impl Collect {
    /// The files taken, in the order they came.
    pub fn into_files(self) -> Vec<OutFile> {
        self.0.into_inner().unwrap_or_else(|p| p.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutFile) -> Result<(), crate::error::Error> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).push(file);
        Ok(())
    }
}
