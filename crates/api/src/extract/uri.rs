//! The same text rules as for JSON bodies, for what arrives in the URI: every path segment and
//! every query parameter (name and value), percent-decoded, must be UTF-8 without NUL or other
//! control characters and within its length limit. Checked once, in front of every route, so
//! that no handler's `Path` or `Query` can hand PostgreSQL a NUL (a 500 before).
//!
//! Headers need no check here: HTTP itself refuses NUL and control bytes in header values
//! (400 from the parser), and handlers read headers with `to_str`, which yields visible ASCII
//! only.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use super::limits::{MAX_STRING_CHARS, text_problem};
use super::shown_key;
use crate::error::{ApiError, FieldError};

/// The longest path segment (a merchant's order id is at most 255 characters).
pub const MAX_PATH_SEGMENT_CHARS: usize = 255;

/// Middleware: refuses a request whose path or query carries text no field can use.
pub async fn check_text(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut problems = path_problems(req.path());
    problems.extend(query_problems(req.query_string()));
    if !problems.is_empty() {
        return Err(ApiError::validation(problems).into());
    }
    next.call(req).await
}

fn path_problems(path: &str) -> Vec<FieldError> {
    let mut problems = Vec::new();
    for segment in path.split('/') {
        if let Some(problem) = problem(&decode(segment, false), MAX_PATH_SEGMENT_CHARS) {
            problems.push(FieldError {
                field: "path".to_owned(),
                message: format!("a path segment {problem}"),
            });
            break;
        }
    }
    problems
}

fn query_problems(query: &str) -> Vec<FieldError> {
    let mut problems = Vec::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(name, true);
        let shown = match &name {
            Ok(name) if text_problem(name).is_none() => shown_key(name).to_owned(),
            _ => "?".to_owned(),
        };
        let field = format!("query.{shown}");
        if let Some(problem) = problem(&name, 64) {
            problems.push(FieldError {
                field,
                message: format!("the parameter name {problem}"),
            });
        } else if let Some(problem) = problem(&decode(value, true), MAX_STRING_CHARS) {
            problems.push(FieldError {
                field,
                message: problem,
            });
        }
    }
    problems
}

fn problem(text: &Result<String, ()>, max_chars: usize) -> Option<String> {
    match text {
        Err(()) => Some("must be UTF-8 text".to_owned()),
        Ok(text) => match text_problem(text) {
            Some(problem) => Some(problem.to_owned()),
            None if text.chars().count() > max_chars => {
                Some(format!("must be at most {max_chars} characters"))
            }
            None => None,
        },
    }
}

/// Percent-decodes (and, in a query, reads `+` as a space); `Err` when the bytes are not UTF-8.
fn decode(raw: &str, plus_is_space: bool) -> Result<String, ()> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push(u8::try_from(high * 16 + low).map_err(|_| ())?);
                i += 3;
            }
            (b'+', _, _) if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_controls_and_broken_utf8_are_found_in_paths_and_queries() {
        assert!(path_problems("/v1/orders/ord-1").is_empty());
        assert!(path_problems("/v1/orders/%E6%B3%A8%E6%96%87-1").is_empty());
        assert_eq!(
            path_problems("/v1/orders/4532015112830366%00")[0].message,
            "a path segment must not contain a NUL character"
        );
        assert_eq!(
            path_problems("/v1/orders/%FF")[0].message,
            "a path segment must be UTF-8 text"
        );
        assert!(
            path_problems(&format!("/v1/orders/{}", "a".repeat(256)))[0]
                .message
                .contains("at most 255")
        );
        assert!(query_problems("q=ord+1&limit=5&&from=2026-01-01T00%3A00%3A00Z").is_empty());
        let found = query_problems("q=a%00b&limit=%1B");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].field, "query.q");
        assert_eq!(found[1].message, "must not contain control characters");
        assert_eq!(
            query_problems("4532015112830366%00=1")[0].field,
            "query.?",
            "a parameter name that is a value is not shown"
        );
    }
}
