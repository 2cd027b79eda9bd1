//! Departments (Fachbereiche): how a `lead` or partner text names one, and roadmap.yaml's
//! optional `departments` map of full names.
//!
//! A text names a department in one of three forms, each read the same way everywhere:
//! - a **number**, bare or after `FB`, `Fb.` or `Fachbereich` (`10`, `FB10`, `FB 10`,
//!   `Fb. 10`, `Fachbereich 10`): one department per number, leading zeros ignored;
//! - a **code**: a first word with a digit in it (`1/GBII`, `StA10`), optionally followed by a
//!   name (`1/GBII Richtlinien der Stadtpolitik`): one department per code, letter case ignored;
//! - a **name** (`Wirtschaftsförderung`): one department per name, letter case and spaces
//!   ignored.
//!
//! A role in parentheses at the end (`FB 10 (IT-Dienstleister)`) is not part of the name.

use crate::error::{Error, Errors};
use crate::yaml::{loc, OrderedMap, Spanned};

/// A department as a text names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeptRef {
    /// The same for every spelling of one department: `n:10`, `c:1/gbii`, `t:wirtschaftsförderung`.
    pub key: String,
    /// The number or code as written (`10`, `1/GBII`); None for a name.
    pub code: Option<String>,
    /// Whether the department is named by a number.
    pub numbered: bool,
    /// The text without its role.
    pub text: String,
    /// The part in parentheses at the end, if any.
    pub role: Option<String>,
}

/// A department of roadmap.yaml's `departments` map: the key as written and its full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentName {
    pub dept: DeptRef,
    pub name: String,
}

const PREFIXES: [&str; 3] = ["fachbereich", "fb.", "fb"];

/// Reads the department a text names; None for an empty text.
pub fn parse_ref(text: &str) -> Option<DeptRef> {
    let mut t = text.trim();
    let mut role = None;
    if let Some(inner) = t.strip_suffix(')') {
        if let Some(open) = inner.rfind('(') {
            let r = inner[open + 1..].trim();
            if !r.is_empty() {
                role = Some(r.to_string());
            }
            t = inner[..open].trim();
        }
    }
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    let (prefixed, rest) = PREFIXES
        .iter()
        .find_map(|p| lower.strip_prefix(p).map(|r| (true, r.trim_start())))
        .unwrap_or((false, lower.as_str()));
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    if !digits.is_empty() && (after.is_empty() || (prefixed && after.starts_with(' '))) {
        let number = digits.trim_start_matches('0');
        let number = if number.is_empty() { "0" } else { number };
        return Some(DeptRef {
            key: format!("n:{number}"),
            code: Some(digits.clone()),
            numbered: true,
            text: t.to_string(),
            role,
        });
    }
    let first = t.split_whitespace().next().unwrap_or_default();
    if first.chars().any(|c| c.is_ascii_digit()) {
        return Some(DeptRef {
            key: format!("c:{}", first.to_lowercase()),
            code: Some(first.to_string()),
            numbered: false,
            text: t.to_string(),
            role,
        });
    }
    Some(DeptRef {
        key: format!(
            "t:{}",
            lower.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        code: None,
        numbered: false,
        text: t.to_string(),
        role,
    })
}

/// Validates roadmap.yaml's `departments`: each key names a department (by the rules above),
/// no two keys name the same one, and every full name is a text.
pub(super) fn parse(
    raw: Option<&OrderedMap<Spanned<String>>>,
    file: &std::path::Path,
    errs: &mut Errors,
) -> Vec<DepartmentName> {
    let mut out: Vec<DepartmentName> = Vec::new();
    for (key, name) in raw.map(|m| m.0.as_slice()).unwrap_or_default() {
        let Some(dept) = parse_ref(&key.value.0).filter(|d| d.role.is_none()) else {
            errs.push(Error::content_help(
                loc(file, 1, key),
                format!("`{}` is not a department", key.value.0),
                Some("write the department's number or code, e.g. `\"10\": Systemhaus`".into()),
            ));
            continue;
        };
        if name.value.trim().is_empty() {
            errs.push(Error::content(
                loc(file, 1, name),
                format!("the department `{}` has an empty name", key.value.0),
            ));
            continue;
        }
        // A key that is the full name of another key's department names that one too.
        let named = |o: &DepartmentName| {
            o.dept.key == dept.key
                || parse_ref(&o.name).is_some_and(|n| n.key == dept.key)
                || parse_ref(name.value.trim()).is_some_and(|n| n.key == o.dept.key)
        };
        if let Some(other) = out.iter().find(|o| named(o)) {
            errs.push(Error::content_help(
                loc(file, 1, key),
                format!(
                    "`{}` and `{}` name the same department",
                    other.dept.text, dept.text
                ),
                Some("keep one of the two keys".into()),
            ));
            continue;
        }
        out.push(DepartmentName {
            dept,
            name: name.value.trim().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        parse_ref(s).map(|d| d.key).unwrap_or_default()
    }

    #[test]
    fn spellings_of_a_number_are_one_department() {
        for s in [
            "10",
            "FB10",
            "FB 10",
            "Fb. 10",
            "fb.10",
            "Fachbereich 10",
            "010",
            "FB 10 (IT)",
        ] {
            assert_eq!(key(s), "n:10", "{s}");
        }
        assert_eq!(
            parse_ref("FB 10 (IT-Dienstleister)")
                .unwrap()
                .role
                .as_deref(),
            Some("IT-Dienstleister")
        );
        assert!(parse_ref("FB10").unwrap().numbered);
    }

    #[test]
    fn codes_and_names() {
        assert_eq!(key("1/GBII"), "c:1/gbii");
        assert_eq!(key("1/GBII Richtlinien der Stadtpolitik"), "c:1/gbii");
        assert_eq!(key("Wirtschaftsförderung"), "t:wirtschaftsförderung");
        assert_eq!(key("DoData"), key("DOdata"));
        assert_eq!(key("Open  Data"), "t:open data");
        assert_eq!(key("5G"), "c:5g");
        assert_eq!(parse_ref("  "), None);
        assert_eq!(parse_ref("()"), None);
    }
}
