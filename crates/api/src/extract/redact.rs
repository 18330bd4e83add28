//! Rewrites serde's error messages so that they name what was expected but never the value
//! that was sent. serde formats the refused value into its messages (`invalid type: integer
//! `4532015112830366`, expected a string`, `unknown variant `…``), and those messages used to
//! reach both the response and the log. Only the parts that come from our own code (the
//! expected type, the list of variants or fields) are kept; anything unrecognised becomes a
//! generic "invalid value".

/// What a serde message says, without the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field the request type does not have; its (shown) name.
    UnknownField { name: String, expected: String },
    /// Anything else, as words for the developer.
    Invalid(String),
}

/// The kinds serde names before a value (`integer `5``), in JSON's words.
const KINDS: &[(&str, &str)] = &[
    ("boolean", "a boolean"),
    ("integer", "a number"),
    ("floating point", "a number"),
    ("character", "a string"),
    ("string", "a string"),
    ("byte array", "a string"),
    ("null", "null"),
    ("unit value", "null"),
    ("Option value", "a value"),
    ("sequence", "an array"),
    ("map", "an object"),
    ("newtype struct", "a value"),
    ("unit variant", "a value"),
    ("newtype variant", "a value"),
    ("tuple variant", "a value"),
    ("struct variant", "a value"),
    ("enum", "a value"),
];

/// Messages of our dependencies' parsers that carry no part of the input.
const SAFE_MESSAGES: &[&str] = &[
    // chrono's ParseError.
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    // integers and floats from text (query strings).
    "invalid digit found in string",
    "cannot parse integer from empty string",
    "number too large to fit in target type",
    "number too small to fit in target type",
    "invalid float literal",
];

const SAFE_PREFIXES: &[&str] = &[
    "data did not match any variant of untagged enum",
    "invalid length ",
    "missing field `",
    "duplicate field `",
];

/// Turns one serde message into words without the refused value.
pub fn problem(message: &str) -> Problem {
    // serde_json adds the position; our messages give the path instead.
    let message = strip_position(message);
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let got = KINDS
            .iter()
            .find(|(kind, _)| rest.starts_with(kind))
            .map_or("another type", |(_, words)| words);
        let expected = expected_part(rest).unwrap_or("another type");
        return Problem::Invalid(format!("expected {}, got {got}", plain(expected)));
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        return Problem::Invalid(match expected_part(rest) {
            Some(expected) => format!("invalid value, expected {}", plain(expected)),
            None => "invalid value".to_owned(),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        return Problem::Invalid(match expected_part(rest) {
            Some(expected) => format!("unknown value, expected {expected}"),
            None => "unknown value".to_owned(),
        });
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        // `unknown field `name`, expected …` or `…`, there are no fields`.
        let (name, expected) = match (rest.rfind("`, expected "), rest.rfind("`, there are")) {
            (Some(at), _) => (&rest[..at], rest[at + 3..].to_owned()),
            (None, Some(at)) => (&rest[..at], "no fields here".to_owned()),
            (None, None) => ("", String::new()),
        };
        return Problem::UnknownField {
            name: super::shown_key(name).to_owned(),
            expected,
        };
    }
    if SAFE_MESSAGES.contains(&message) || SAFE_PREFIXES.iter().any(|p| message.starts_with(p)) {
        return Problem::Invalid(message.to_owned());
    }
    Problem::Invalid("invalid value".to_owned())
}

/// The words after the last `, expected `: the expectation comes last and from our code, so a
/// value that itself contains `, expected ` cannot take its place.
fn expected_part(rest: &str) -> Option<&str> {
    rest.rfind(", expected ")
        .map(|at| &rest[at + ", expected ".len()..])
}

fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at)
            if message[at + " at line ".len()..]
                .split(" column ")
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            &message[..at]
        }
        _ => message,
    }
}

/// Rust's names for what serde expected, in JSON's words.
fn plain(expected: &str) -> &str {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "f32" | "f64" | "a JSON number" => "a number",
        "a sequence" => "an array",
        "a map" => "an object",
        other if other.starts_with("struct ") => "an object",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "4532015112830366";

    fn invalid(message: &str) -> String {
        match problem(message) {
            Problem::Invalid(words) => words,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn type_errors_keep_the_expectation_and_drop_the_value() {
        assert_eq!(
            invalid(&format!(
                "invalid type: integer `{CARD}`, expected a string at line 1 column 30"
            )),
            "expected a string, got a number"
        );
        assert_eq!(
            invalid(&format!(
                "invalid type: string \"{CARD}, expected u32\", expected a JSON number"
            )),
            "expected a number, got a string"
        );
        assert_eq!(
            invalid("invalid type: map, expected a sequence"),
            "expected an array, got an object"
        );
        assert_eq!(
            invalid("invalid type: string \"x\", expected struct Customer"),
            "expected an object, got a string"
        );
        assert_eq!(
            invalid(&format!("invalid value: integer `-{CARD}`, expected u32")),
            "invalid value, expected a non-negative integer"
        );
    }

    #[test]
    fn variants_and_fields_are_named_only_when_they_are_ours() {
        assert_eq!(
            invalid(&format!(
                "unknown variant `{CARD}`, expected one of `owner`, `analyst`"
            )),
            "unknown value, expected one of `owner`, `analyst`"
        );
        assert_eq!(
            problem("unknown field `mail`, expected one of `email`, `phone`"),
            Problem::UnknownField {
                name: "mail".to_owned(),
                expected: "expected one of `email`, `phone`".to_owned()
            }
        );
        assert_eq!(
            problem(&format!("unknown field `{CARD}`, there are no fields")),
            Problem::UnknownField {
                name: "?".to_owned(),
                expected: "no fields here".to_owned()
            }
        );
        assert_eq!(invalid("missing field `email`"), "missing field `email`");
    }

    #[test]
    fn anything_else_becomes_a_generic_message() {
        assert_eq!(
            invalid(&format!("can not parse \"{CARD}\" to a u32")),
            "invalid value"
        );
        assert_eq!(
            invalid("UUID parsing failed: invalid character: found `z` at 1"),
            "invalid value"
        );
        assert_eq!(
            invalid("input contains invalid characters"),
            "input contains invalid characters"
        );
    }
}
