//! Tera values that share what repeats. A listing of 10,000 projects holds 10,000 cards and
//! the dashboard 10,000 rows; converted one by one, each of their maps would own a copy of
//! every key ("title", "status", …) and of every small part that is the same for many
//! projects (a field's reference, a rating level, a phase). [`Sharing`] converts them so that
//! such parts are one value, referenced: Tera's maps and lists are reference-counted, its
//! keys are `Arc<str>`, and a template cannot tell a shared value from a copy.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tera::value::Key;
use tera::{Map, Value as TeraValue};

/// Objects and lists whose JSON text is at most this many bytes are shared when they repeat
/// (a field's reference is about 90, a rating level about 80); larger ones are mostly one
/// project's own (a card, a row) and are converted as they are.
const SMALL: usize = 160;

/// A converter from JSON to Tera values that makes each map key once and each small object
/// or list once per distinct content (see the module's documentation). Safe to use from
/// many threads; what it has made is kept until [`Sharing::forget`] (for 10,000 projects
/// about 10,000 small parts, most of them one project's own).
#[derive(Default)]
pub struct Sharing {
    keys: Mutex<HashMap<String, Arc<str>>>,
    small: Mutex<HashMap<String, TeraValue>>,
    /// Set by [`Sharing::forget`]: convert without sharing from then on.
    done: AtomicBool,
}

impl std::fmt::Debug for Sharing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = lock(&self.keys).len();
        let small = lock(&self.small).len();
        f.debug_struct("Sharing")
            .field("keys", &keys)
            .field("small", &small)
            .finish()
    }
}

impl Sharing {
    /// `value` as a Tera value: the same as `tera::Value::from_serializable(value)` to a
    /// template, with its keys and small repeated parts shared with the values converted
    /// before.
    pub fn value(&self, value: &Value) -> TeraValue {
        match value {
            _ if self.done.load(Ordering::Relaxed) => tera_value(value),
            Value::Object(_) | Value::Array(_) => {
                let Some(text) = small_text(value) else {
                    return self.convert(value);
                };
                if let Some(v) = lock(&self.small).get(&text) {
                    return v.clone();
                }
                let made = self.convert(value);
                lock(&self.small).insert(text, made.clone());
                made
            }
            _ => tera_value(value),
        }
    }

    /// Lets go of what was made for sharing (the values made stay valid) and converts
    /// without sharing from then on: for values made one at a time, which would only fill
    /// the tables.
    pub fn forget(&self) {
        self.done.store(true, Ordering::Relaxed);
        *lock(&self.keys) = HashMap::new();
        *lock(&self.small) = HashMap::new();
    }

    /// Converts an object or a list part by part.
    fn convert(&self, value: &Value) -> TeraValue {
        match value {
            Value::Object(object) => {
                let mut map = Map::with_capacity(object.len());
                for (k, v) in object {
                    map.insert(Key::String(self.key(k)), self.value(v));
                }
                TeraValue::from(map)
            }
            Value::Array(list) => {
                TeraValue::from(list.iter().map(|v| self.value(v)).collect::<Vec<_>>())
            }
            _ => tera_value(value),
        }
    }

    fn key(&self, k: &str) -> Arc<str> {
        let mut keys = lock(&self.keys);
        if let Some(a) = keys.get(k) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(k);
        keys.insert(k.to_string(), a.clone());
        a
    }
}

/// `value` as a Tera value: the value `TeraValue::from_serializable` makes (numbers that fit
/// a u64 as one, other integers as an i64, the rest as an f64; `null` as none), built
/// directly instead of through serde's serializer (the page data of every page goes through
/// here).
pub fn tera_value(value: &Value) -> TeraValue {
    match value {
        Value::Null => TeraValue::none(),
        Value::Bool(b) => TeraValue::from(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => TeraValue::from(u),
            (None, Some(i)) => TeraValue::from(i),
            _ => TeraValue::from(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => TeraValue::from(s.as_str()),
        Value::Array(list) => TeraValue::from(list.iter().map(tera_value).collect::<Vec<_>>()),
        Value::Object(object) => {
            let mut map = Map::with_capacity(object.len());
            for (k, v) in object {
                map.insert(Key::String(Arc::from(k.as_str())), tera_value(v));
            }
            TeraValue::from(map)
        }
    }
}

/// The JSON text of `value` when it is at most [`SMALL`] bytes; writing stops as soon as it
/// is longer (a card's whole text was written only to be measured).
fn small_text(value: &Value) -> Option<String> {
    struct Bounded(Vec<u8>);
    impl std::io::Write for Bounded {
        fn write(&mut self, piece: &[u8]) -> std::io::Result<usize> {
            if self.0.len() + piece.len() > SMALL {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            self.0.extend_from_slice(piece);
            Ok(piece.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Bounded(Vec::with_capacity(SMALL));
    serde_json::to_writer(&mut out, value).ok()?;
    String::from_utf8(out.0).ok()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_shared_value_reads_as_its_copy_would() {
        let s = Sharing::default();
        let field = json!({"key": "verwaltung", "title": "Digitale Verwaltung", "url": "/fields/verwaltung/"});
        let card = json!({"title": "E-Akte mit einem sehr langen Titel", "n": 3, "x": 1.5,
                          "none": null, "yes": true, "field": field, "list": [1, "zwei", {"a": []}]});
        for _ in 0..2 {
            let shared = s.value(&card);
            assert_eq!(
                serde_json::to_value(&shared).expect("json"),
                serde_json::to_value(TeraValue::from_serializable(&card)).expect("json")
            );
        }
        // The field's reference was made once, kept for the cards after it.
        let field_text = serde_json::to_string(&field).expect("json");
        assert!(lock(&s.small).contains_key(&field_text));
        // Ten distinct keys ("title" twice).
        assert_eq!(lock(&s.keys).len(), 10);
        // Once forgotten, nothing more is kept, and values still read the same.
        s.forget();
        let again = s.value(&card);
        assert!(lock(&s.small).is_empty() && lock(&s.keys).is_empty());
        assert_eq!(
            serde_json::to_value(&again).expect("json"),
            serde_json::to_value(TeraValue::from_serializable(&card)).expect("json")
        );
    }
}
