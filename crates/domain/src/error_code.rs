//! The error-code catalogue: every code an error response can carry, declared once with its
//! HTTP status, the message used when the code says it all, and when it is returned (the table
//! in `docs/API.md`, which a test regenerates from this one). Codes are part of the API:
//! clients match on them.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// Declares the catalogue: `Variant => status, "default message", "when it is returned";`.
/// The code is the variant in snake_case (serde and strum derive it alike).
macro_rules! error_catalogue {
    ($($code:ident => $status:literal, $message:literal, $when:literal;)+) => {
        /// Stable snake_case error code.
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            Serialize,
            Deserialize,
            ToSchema,
            IntoStaticStr,
            EnumString,
            VariantArray,
            strum::Display,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum ErrorCode {
            $($code,)+
        }

        impl ErrorCode {
            /// The HTTP status every response with this code has.
            pub const fn http_status(self) -> u16 {
                match self {
                    $(ErrorCode::$code => $status,)+
                }
            }

            /// The message of a response that has nothing more specific to say.
            pub const fn default_message(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $message,)+
                }
            }

            /// When the code is returned, as docs/API.md says.
            pub const fn when(self) -> &'static str {
                match self {
                    $(ErrorCode::$code => $when,)+
                }
            }
        }
    };
}

error_catalogue! {
    MalformedJson => 400, "the body could not be read as JSON", "the body is not JSON";
    InvalidQuery => 400, "invalid query", "a query parameter has the wrong type or an invalid value; `fields` names each one";
    InvalidIdempotencyKey => 400, "Idempotency-Key must be 1–255 visible ASCII characters", "`Idempotency-Key` is not 1–255 visible ASCII characters (or sent twice); refused on every endpoint, before any work";
    IdempotencyKeyReused => 422, "this Idempotency-Key was used for another request", "the `Idempotency-Key` was already used for another request (another body, path or endpoint); use a new key";
    Unauthenticated => 401, "authentication required", "no `Authorization: Bearer …` header";
    InvalidCredentials => 401, "wrong email or password", "wrong email or password";
    InvalidToken => 401, "invalid or expired session token", "session token expired, forged, tampered or unsigned";
    InvalidApiKey => 401, "unknown or revoked API key", "API key unknown or revoked";
    Forbidden => 403, "not allowed", "valid credential of the wrong kind or role";
    NotFound => 404, "not found", "no such route, or no such resource in your tenant";
    InvalidPath => 404, "invalid path", "a path parameter is malformed (e.g. not a UUID)";
    Conflict => 409, "already exists", "already exists (e.g. a user with that email)";
    PayloadTooLarge => 413, "request body is too large", "body above `SEKISHO_MAX_BODY_BYTES`";
    UnsupportedMediaType => 415, "send the body as JSON with Content-Type: application/json", "body not sent as `application/json`";
    InvalidRequest => 422, "the request has the wrong shape", "JSON of the wrong shape: wrong types, missing fields, unknown enum values";
    UnknownField => 422, "unknown field", "a field the request type does not have (a misspelling such as `customer.mail`); the message and `fields` give its full path";
    ValidationFailed => 422, "invalid values", "well-formed but invalid values; `fields` names each one";
    RateLimited => 429, "too many requests; retry later", "too many attempts; see `Retry-After`";
    Internal => 500, "internal error", "a bug: report it";
    UnknownStoredValue => 500, "a stored value is not one this version of Sekisho knows; the server log names the column", "a value read from the database is outside its vocabulary (e.g. a decision written by hand or by a newer version); nothing is guessed: report it";
    DatabaseUnavailable => 503, "the database is unavailable; retry later", "the database cannot be reached; retry later";
}

crate::vocabulary!(ErrorCode);

/// The error table of `docs/API.md`, regenerated from the catalogue.
pub fn documented_table() -> String {
    let mut table = String::from("| code | status | when |\n| --- | --- | --- |\n");
    for code in ErrorCode::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            code.as_str(),
            code.http_status(),
            code.when()
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_like_serde_and_carry_error_statuses() {
        crate::assert_vocabularies_match_serde!(ErrorCode);
        for code in ErrorCode::ALL {
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_')
            );
            assert!((400..600).contains(&code.http_status()), "{code}");
            assert!(!code.default_message().is_empty() && !code.when().is_empty());
        }
    }

    #[test]
    fn docs_api_md_shows_the_error_table() {
        let doc = include_str!("../../../docs/API.md");
        let table = documented_table();
        assert!(
            doc.contains(&table),
            "docs/API.md's error table differs from the catalogue; it should read:\n{table}"
        );
    }
}
