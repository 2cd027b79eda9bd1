//! The ids of one page: every id given out once, whoever asks for it (a heading, a footnote, an
//! element of raw HTML), after the ids that the page's template takes for itself.

use std::collections::{BTreeMap, HashMap, HashSet};

/// Gives out the ids of one page body. An id that is taken already gets the first free suffix
/// (`main` → `main-1`). Ids that the Markdown wrote itself (`{#id}`, `id="…"` in raw HTML) are
/// remembered, so that links to them follow a rename.
#[derive(Debug, Default, Clone)]
pub struct IdAllocator {
    used: HashSet<String>,
    /// The next suffix to try per base, so that many equal headings are not quadratic.
    next_suffix: HashMap<String, usize>,
    /// Ids written in the Markdown that had to be renamed: written -> given (first one wins).
    renamed: BTreeMap<String, String>,
    /// Ids written in the Markdown and given as written.
    kept: HashSet<String>,
}

impl IdAllocator {
    /// An allocator for which `taken` (the template's ids) are in use already.
    pub fn seeded(taken: impl IntoIterator<Item = String>) -> Self {
        IdAllocator {
            used: taken.into_iter().collect(),
            ..IdAllocator::default()
        }
    }

    /// A free id made from `base`: `base` itself, else `base-1`, `base-2`, ….
    pub fn take(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "abschnitt" } else { base };
        let mut unique = base.to_string();
        let mut n = self.next_suffix.get(base).copied().unwrap_or(1);
        while !self.used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        self.next_suffix.insert(base.to_string(), n);
        unique
    }

    /// A free id for an id that the Markdown wrote itself; links to `written` follow it.
    /// Whitespace, which no id may contain, becomes `-`.
    pub fn claim(&mut self, written: &str) -> String {
        let clean: String = written.split_whitespace().collect::<Vec<_>>().join("-");
        let given = self.take(&clean);
        if given == written {
            self.kept.insert(given.clone());
        } else if !self.kept.contains(written) && !self.renamed.contains_key(written) {
            self.renamed.insert(written.to_string(), given.clone());
        }
        given
    }

    /// Written ids that were renamed: written -> given.
    pub fn renamed(&self) -> &BTreeMap<String, String> {
        &self.renamed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_ids_get_suffixes_and_written_ones_are_followed() {
        let mut ids = IdAllocator::seeded(["main".to_string()]);
        assert_eq!(ids.take("ziele"), "ziele");
        assert_eq!(ids.take("ziele"), "ziele-1");
        assert_eq!(ids.claim("main"), "main-1");
        assert_eq!(ids.renamed()["main"], "main-1");
        assert_eq!(ids.claim("a b"), "a-b");
        assert_eq!(ids.renamed()["a b"], "a-b");
        assert_eq!(ids.claim("frei"), "frei");
        assert_eq!(ids.claim("frei"), "frei-1");
        assert!(
            !ids.renamed().contains_key("frei"),
            "the first of two stays the target"
        );
        assert_eq!(ids.take(""), "abschnitt");
    }
}
