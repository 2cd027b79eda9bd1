//! The Typst `World` of an export: the theme's Typst files, the roadmap as `/data.json`, the
//! site's image files under `/files/`, the embedded fonts plus the site's own, and a fixed
//! date. Nothing else: no network, no packages, no system fonts, no other file of the machine.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Features, Library, LibraryExt, World};

/// The path of the data the template reads.
pub const DATA_PATH: &str = "/data.json";
/// Where the theme's Typst files are; the template is `/typst/roadmap.typ`.
pub const TYPST_DIR: &str = "/typst/";
/// The main file.
pub const MAIN: &str = "/typst/roadmap.typ";

/// Everything one compilation may read.
pub struct ExportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    /// Files held in memory: the Typst files and the data, by id.
    memory: HashMap<FileId, Bytes>,
    /// Files of the site by id, read when asked for (images).
    disk: HashMap<FileId, PathBuf>,
    /// Parsed sources, so that each file is parsed once.
    sources: Mutex<HashMap<FileId, Source>>,
    today: Datetime,
}

/// The id of a path in the project.
pub fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("`{path}`: {e}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ExportWorld {
    /// A world of the given Typst files (name under typst/ → text), data, site files (output
    /// path → file) and fonts, whose today is `today`.
    pub fn new(
        typst_files: &BTreeMap<String, String>,
        data: Vec<u8>,
        site_files: &BTreeMap<String, PathBuf>,
        fonts: Vec<Font>,
        today: Datetime,
    ) -> Result<Self, String> {
        let mut memory = HashMap::new();
        for (name, text) in typst_files {
            memory.insert(
                file_id(&format!("{TYPST_DIR}{name}"))?,
                Bytes::from_string(text.clone()),
            );
        }
        memory.insert(file_id(DATA_PATH)?, Bytes::new(data));
        let mut disk = HashMap::new();
        for (rel, file) in site_files {
            // A name Typst cannot address (`..` in it) is simply not offered.
            if let Ok(id) = file_id(&format!("/files/{rel}")) {
                disk.insert(id, file.clone());
            }
        }
        let features: Features = [Feature::A11yExtras].into_iter().collect();
        let library = Library::builder().with_features(features).build();
        Ok(ExportWorld {
            library: LazyHash::new(library),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: file_id(MAIN)?,
            memory,
            disk,
            sources: Mutex::new(HashMap::new()),
            today,
        })
    }

    /// The text of a file of the world, for messages (None for binary files).
    pub fn text_of(&self, id: FileId) -> Option<Source> {
        self.source(id).ok()
    }
}

impl World for ExportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cache.get(&id) {
            return Ok(s.clone());
        }
        if id.vpath().extension() != Some("typ") {
            return Err(FileError::NotSource);
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(bytes.as_slice()).map_err(|_| FileError::InvalidUtf8)?;
        let source = Source::new(id, text.to_string());
        cache.insert(id, source.clone());
        Ok(source)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = self.memory.get(&id) {
            return Ok(bytes.clone());
        }
        match self.disk.get(&id) {
            Some(path) => std::fs::read(path)
                .map(Bytes::new)
                .map_err(|e| FileError::from_io(e, path)),
            None => Err(FileError::NotFound(id.vpath().get_with_slash().into())),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
