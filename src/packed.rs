//! Text held compressed: what a build keeps of each file for a later step (the Markdown of a
//! body, read again for the cards' summaries and the open data; the frontmatter, read only to
//! place an error) costs a third of the memory it would as a `String` (LZ4, through lz4_flex,
//! which compresses about 500 MB/s and unpacks several GB/s on one core).

use std::fmt;

/// A text held LZ4-compressed, with its length in front (lz4_flex's `compress_prepend_size`).
/// Made from a `&str` or `String`, read whole with [`Packed::text`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Packed(Box<[u8]>);

impl Packed {
    /// `text` compressed.
    pub fn new(text: &str) -> Packed {
        Packed(lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice())
    }

    /// The text, unpacked (a new `String` on every call; empty for the default value).
    pub fn text(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        lz4_flex::decompress_size_prepended(&self.0)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The text's length in bytes, read from the front of the packed bytes (0 for the default
    /// value).
    pub fn len(&self) -> usize {
        match self.0.get(..4) {
            Some(n) => u32::from_le_bytes([n[0], n[1], n[2], n[3]]) as usize,
            None => 0,
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl From<&str> for Packed {
    fn from(text: &str) -> Packed {
        Packed::new(text)
    }
}

impl From<String> for Packed {
    fn from(text: String) -> Packed {
        Packed::new(&text)
    }
}

impl fmt::Debug for Packed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::Packed;

    #[test]
    fn a_text_reads_back_as_it_was_given() {
        let body = "## Ziel\n\nBürger*innen stellen Anträge online. ".repeat(60);
        for text in ["", "ä", "kurz", body.as_str()] {
            let p = Packed::new(text);
            assert_eq!(p.text(), text);
            assert_eq!(p.len(), text.len());
            assert_eq!(p.is_empty(), text.is_empty());
        }
        assert!(Packed::new(&body).0.len() < body.len() / 4);
        assert_eq!(Packed::default().text(), "");
        assert_eq!(Packed::default().len(), 0);
        assert_eq!(format!("{:?}", Packed::from("a\"b")), "\"a\\\"b\"");
    }
}
