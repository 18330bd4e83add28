//! What comes in as request data, checked once for every handler: the JSON body extractor
//! (`Json<T>`: unknown fields, NUL and other invalid text, length limits, type errors named by
//! their path), the same text checks for paths, query strings and headers (`uri`), and the
//! redaction that keeps every refused value out of error messages and logs (`redact`).
//!
//! The rule for every message built here: name the field and what was expected, never the value.

pub(crate) mod json;
pub mod limits;
pub mod redact;
pub mod uri;

pub use json::{Json, from_value};

use std::fmt;

/// Where a value sits in a request body, shown as `customer.email` or `items[2].name`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl FieldPath {
    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    pub fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    /// The last key: the field's own name, which the tighter limits are keyed by.
    pub fn last_key(&self) -> Option<&str> {
        self.0.iter().rev().find_map(|segment| match segment {
            Segment::Key(key) => Some(key.as_str()),
            Segment::Index(_) => None,
        })
    }

    pub fn from_serde(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment as S;
        FieldPath(
            path.iter()
                .filter_map(|segment| match segment {
                    S::Seq { index } => Some(Segment::Index(*index)),
                    S::Map { key } => Some(Segment::Key(key.clone())),
                    S::Enum { variant } => Some(Segment::Key(variant.clone())),
                    S::Unknown => None,
                })
                .collect(),
        )
    }
}

/// Map keys come from the request: one that does not look like a field name (a card number,
/// an email used as a key) is shown as `?`, so that a path never carries a value either.
pub(crate) fn shown_key(key: &str) -> &str {
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let name_like = starts_well
        && key.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if name_like { key } else { "?" }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("body");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(shown_key(key))?,
                Segment::Key(key) => write!(f, ".{}", shown_key(key))?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_request_and_hide_keys_that_are_values() {
        let path = FieldPath::root().key("items").index(2).key("name");
        assert_eq!(path.to_string(), "items[2].name");
        assert_eq!(path.last_key(), Some("name"));
        assert_eq!(FieldPath::root().to_string(), "body");
        let odd = FieldPath::root()
            .key("customer")
            .key("4532015112830366")
            .key("a@b.jp");
        assert_eq!(odd.to_string(), "customer.?.?");
    }
}
