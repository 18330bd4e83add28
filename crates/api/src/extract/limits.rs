//! Generic checks on every string and array of a JSON body, before it is turned into a request
//! type: no NUL or other character PostgreSQL's text cannot hold or that no field has a use for,
//! and a maximum length for every string and every array (tighter for the fields whose domain
//! needs it). docs/API.md lists the limits; keep the two in step.

use serde_json::Value;

use super::FieldPath;
use crate::error::FieldError;

/// The longest string accepted anywhere, in characters, unless a tighter limit applies.
pub const MAX_STRING_CHARS: usize = 2048;
/// The most items accepted in any array, unless a tighter limit applies.
pub const MAX_ARRAY_ITEMS: usize = 1000;
/// At most this many problems are reported for one request.
const MAX_REPORTED: usize = 20;

/// Tighter string limits by field name, wherever the field sits in a body.
pub const STRING_LIMITS: &[(&str, usize)] = &[
    // The merchant's identifiers: stored, indexed and shown.
    ("order_id", 255),
    ("account_id", 255),
    ("device_id", 255),
    ("sku", 255),
    ("idempotency_key", 255),
    // People's names and address parts.
    ("name", 200),
    ("name_kana", 200),
    ("holder", 200),
    ("line1", 200),
    ("line2", 200),
    ("locality", 200),
    ("region", 200),
    ("category", 100),
    ("email", 254),
    ("phone", 32),
    ("decline_code", 64),
    ("user_agent", 1024),
    // Free text a person writes.
    ("note", 1000),
    ("reason", 1000),
];

/// Tighter array limits by field name.
pub const ARRAY_LIMITS: &[(&str, usize)] = &[("items", 200), ("kinds", 20)];

fn limit(table: &[(&str, usize)], path: &FieldPath, default: usize) -> usize {
    path.last_key()
        .and_then(|key| table.iter().find(|(name, _)| *name == key))
        .map_or(default, |(_, max)| *max)
}

/// Why a piece of text cannot be used, if it cannot; shared with paths, queries and headers.
pub fn text_problem(text: &str) -> Option<&'static str> {
    // NUL cannot be stored in PostgreSQL text; the other C0 controls (but tab and newlines)
    // and DEL have no place in any field and only hide what a value really is.
    let bad = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    };
    if text.contains('\0') {
        Some("must not contain a NUL character")
    } else if text.chars().any(bad) {
        Some("must not contain control characters")
    } else {
        None
    }
}

/// Every problem with the strings and arrays of `value`, each named by its path; never the
/// value itself.
pub fn check(value: &Value) -> Vec<FieldError> {
    let mut problems = Vec::new();
    walk(value, &FieldPath::root(), &mut problems);
    problems
}

fn walk(value: &Value, path: &FieldPath, problems: &mut Vec<FieldError>) {
    if problems.len() >= MAX_REPORTED {
        return;
    }
    match value {
        Value::String(text) => {
            let max = limit(STRING_LIMITS, path, MAX_STRING_CHARS);
            if let Some(problem) = text_problem(text) {
                push(problems, path, problem.to_owned());
            } else if text.chars().count() > max {
                push(problems, path, format!("must be at most {max} characters"));
            }
        }
        Value::Array(items) => {
            let max = limit(ARRAY_LIMITS, path, MAX_ARRAY_ITEMS);
            if items.len() > max {
                push(problems, path, format!("must have at most {max} items"));
                return;
            }
            for (index, item) in items.iter().enumerate() {
                walk(item, &path.index(index), problems);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                let field_path = path.key(key);
                // Keys are text that reaches logic (and, for free-form objects, the database).
                if let Some(problem) = text_problem(key) {
                    push(problems, &field_path, format!("field name {problem}"));
                } else if key.chars().count() > MAX_STRING_CHARS {
                    push(problems, &field_path, "field name is too long".to_owned());
                } else {
                    walk(field, &field_path, problems);
                }
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

fn push(problems: &mut Vec<FieldError>, path: &FieldPath, message: String) {
    if problems.len() < MAX_REPORTED {
        problems.push(FieldError {
            field: path.to_string(),
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: Value) -> Vec<(String, String)> {
        check(&value)
            .into_iter()
            .map(|f| (f.field, f.message))
            .collect()
    }

    #[test]
    fn nul_and_controls_are_named_by_path_without_the_value() {
        let found = fields(json!({
            "customer": { "account_id": "4532015112830366\u{0}" },
            "items": [{ "name": "ok" }, { "name": "bell\u{7}" }],
            "note": "two\nlines\tand tabs are fine"
        }));
        assert_eq!(
            found,
            vec![
                (
                    "customer.account_id".to_owned(),
                    "must not contain a NUL character".to_owned()
                ),
                (
                    "items[1].name".to_owned(),
                    "must not contain control characters".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn strings_and_arrays_have_a_default_and_tighter_limits() {
        assert!(fields(json!({ "anything": "x".repeat(MAX_STRING_CHARS) })).is_empty());
        assert_eq!(
            fields(json!({ "anything": "x".repeat(MAX_STRING_CHARS + 1) }))[0].1,
            format!("must be at most {MAX_STRING_CHARS} characters")
        );
        // Characters, not bytes: 255 kana are 765 bytes.
        assert!(fields(json!({ "account_id": "あ".repeat(255) })).is_empty());
        assert_eq!(
            fields(json!({ "customer": { "account_id": "1".repeat(250_000) } })),
            vec![(
                "customer.account_id".to_owned(),
                "must be at most 255 characters".to_owned()
            )]
        );
        assert_eq!(
            fields(json!({ "list": vec![1; MAX_ARRAY_ITEMS + 1] }))[0].1,
            format!("must have at most {MAX_ARRAY_ITEMS} items")
        );
        assert_eq!(
            fields(json!({ "items": vec![json!({}); 201] }))[0],
            ("items".to_owned(), "must have at most 200 items".to_owned())
        );
    }

    #[test]
    fn keys_are_checked_too_and_reports_are_bounded() {
        let found = fields(json!({ "a\u{0}b": 1 }));
        assert_eq!(found[0].0, "?");
        let many: serde_json::Map<String, Value> = (0..100)
            .map(|i| (format!("f{i}"), json!("\u{0}")))
            .collect();
        assert_eq!(fields(Value::Object(many)).len(), MAX_REPORTED);
    }
}
