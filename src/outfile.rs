//! The one plain data type every stage that produces files shares: a file of the finished
//! site, held in memory until it is written. No stage logic lives here.

/// One file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// Path relative to the output folder, `/`-separated, without `..` or empty segments.
    pub path: String,
    pub bytes: Vec<u8>,
}
