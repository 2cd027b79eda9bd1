//! Every fault of one YAML text, not only the first: the parser stops at the first, so each
//! fault of the data (a misspelt key, a value of the wrong shape) is set aside with the lines
//! it governs and the rest read again, as long as each next fault stands after the last.

use serde::Deserialize;
use std::path::Path;

use crate::error::{Error, Errors};

/// How many faults of one text are reported at most: more are rarely independent.
const MOST: usize = 12;

/// Parses `src` (which starts at line `first_line` of `file`) as `T`, like [`super::parse`],
/// but with every fault of the text's data at once.
///
/// After a fault at line *n*, line *n* and the lines below it that are indented deeper (a
/// key's value, a list item's parts) are blanked and the text read again; the next fault
/// counts only when it stands below the blanked lines, so that nothing that follows from the
/// blanking (a key now missing, a list now empty) is reported. A text whose YAML itself does
/// not read (an unclosed bracket, a tab) gets its first fault only: what follows a syntax
/// error is guesswork.
///
/// # Errors
/// The faults, in the order of their lines, at most [`MOST`].
pub fn parse_all<T: for<'de> Deserialize<'de>>(
    src: &str,
    file: &Path,
    first_line: usize,
) -> Result<T, Errors> {
    let mut fault = match super::parse::<T>(src, file, first_line) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let mut errs = Errors::default();
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    // Whether the YAML reads at all (a key written twice is a fault of the data, set aside
    // like any other).
    let mut lenient = super::options();
    lenient.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::FirstWins;
    let readable = super::hints::lint(src).is_none()
        && serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(src, lenient).is_ok();
    let mut lines: Vec<String> = src.split('\n').map(str::to_string).collect();
    // Lines of the file → lines of `src` (1-based).
    let own_line = |e: &Error| {
        e.location()
            .and_then(|l| l.line)
            .and_then(|l| (l + 1).checked_sub(first_line))
            .filter(|l| *l >= 1)
    };
    loop {
        let line = own_line(&fault);
        errs.push(fault);
        let Some(line) = line.filter(|_| readable && errs.0.len() < MOST) else {
            break;
        };
        let last = blank_block(&mut lines, line);
        match super::parse::<T>(&lines.join("\n"), file, first_line) {
            Err(next) if own_line(&next).is_some_and(|l| l > last) => fault = next,
            _ => break,
        }
    }
    Err(errs)
}

/// Blanks line `line` (1-based) of `lines` and the lines after it that belong to it: those
/// indented deeper, and blank lines or comments among them. Returns the last line blanked.
fn blank_block(lines: &mut [String], line: usize) -> usize {
    let Some(first) = lines.get(line - 1) else {
        return line;
    };
    // A list item's parts stand deeper than its dash.
    let own = first.len() - first.trim_start().len();
    let mut last = line;
    for (i, l) in lines.iter().enumerate().skip(line) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if l.len() - t.len() > own {
            last = i + 1;
        } else {
            break;
        }
    }
    for l in &mut lines[line - 1..last] {
        l.clear();
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Shape {
        title: String,
        number: Option<u32>,
        items: Option<Vec<Item>>,
        note: Option<String>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        label: String,
        target: Option<u32>,
    }

    fn faults(src: &str) -> Vec<String> {
        match parse_all::<Shape>(src, Path::new("a.md"), 2) {
            Ok(_) => Vec::new(),
            Err(e) => e.0.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn every_fault_of_the_data_is_reported_in_order() {
        let f = faults(
            "title: T\nnumbr: 3\nitems:\n  - label: a\n    traget: 5\n  - label: b\n    target: viele\nnoet: x\n",
        );
        assert_eq!(f.len(), 4, "{f:#?}");
        assert!(
            f[0].contains("a.md:3:") && f[0].contains("numbr"),
            "{}",
            f[0]
        );
        assert!(
            f[1].contains("a.md:6:") && f[1].contains("traget"),
            "{}",
            f[1]
        );
        assert!(f[2].contains("a.md:8:"), "{}", f[2]);
        assert!(
            f[3].contains("a.md:9:") && f[3].contains("noet"),
            "{}",
            f[3]
        );
        // A key written twice is one of them.
        let f = faults("title: T\nnumber: 3\nnumber: 4\nnoet: x\n");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert!(f[0].contains("a.md:4:"), "{}", f[0]);
    }

    #[test]
    fn what_follows_from_setting_a_fault_aside_is_not_reported() {
        // The title set aside is then missing: one fault, not two.
        let f = faults("title: [a, b]\nnote: x\n");
        assert_eq!(f.len(), 1, "{f:#?}");
        // A syntax error: its first fault only.
        let f = faults("title: T\nnote: [x\nnumbr: 3\n");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert!(faults("title: T\nitems:\n  - label: a\n").is_empty());
    }
}
