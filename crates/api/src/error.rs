//! The one table of error codes: each has its HTTP status and a stable snake_case name that
//! clients may match on. Every error leaves the server as `{"error": {"code", "message"}}`.

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use sekisho_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// Stable error codes; the name is part of the API. The catalogue (each code with its status
/// and default message, once) is `sekisho_domain::error_code`.
pub use sekisho_domain::ErrorCode;

/// The HTTP status of a code.
pub fn status_of(code: ErrorCode) -> StatusCode {
    StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `invalid_api_key` (docs/API.md lists them all).
    pub code: ErrorCode,
    /// What went wrong, in words for a developer.
    pub message: String,
    /// Field-by-field problems, when the request was refused for its content.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One refused field (of a body or of a query), the same type the flows refuse fields with.
pub use sekisho_service::{FieldError, FieldErrors};

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    pub retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after_secs: None,
        }
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        let message = fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            fields,
            ..Self::new(ErrorCode::ValidationFailed, message)
        }
    }

    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError::new(field, message)])
    }

    /// A refused query parameter: `invalid_query`, with the parameter in `fields` like any
    /// refused field.
    pub fn query_field(field: &str, message: impl Into<String>) -> Self {
        let field = FieldError::new(field, message);
        Self {
            message: format!("{}: {}", field.field, field.message),
            fields: vec![field],
            ..Self::new(ErrorCode::InvalidQuery, "")
        }
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self {
            retry_after_secs: Some(retry_after_secs.max(1)),
            ..Self::new(ErrorCode::RateLimited, "too many requests; retry later")
        }
    }

    /// An error whose code says it all: the catalogue's default message.
    pub fn of(code: ErrorCode) -> Self {
        Self::new(code, code.default_message())
    }

    pub fn internal() -> Self {
        Self::of(ErrorCode::Internal)
    }

    /// A failure of the server's own making, logged once, here, with what failed; the client
    /// learns only that it is not its fault. `error` must carry no request data.
    pub fn internal_because(what: &'static str, error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "{what}");
        Self::internal()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(self.code)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(secs) = self.retry_after_secs {
            response.insert_header((RETRY_AFTER, HeaderValue::from(secs)));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
                fields: self.fields.clone(),
            },
        })
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::new(ErrorCode::NotFound, "not found"),
            StoreError::Conflict { constraint } => ApiError::new(
                ErrorCode::Conflict,
                format!("already exists ({constraint})"),
            ),
            StoreError::Unavailable(detail) => {
                tracing::error!(error = %detail, "database unavailable");
                ApiError::new(
                    ErrorCode::DatabaseUnavailable,
                    "the database is unavailable; retry later",
                )
            }
            StoreError::UnknownValue(unknown) => {
                // Logged once, here; the value itself stays out of the log.
                tracing::error!(vocabulary = %unknown.vocabulary, "stored value outside its vocabulary");
                ApiError::of(ErrorCode::UnknownStoredValue)
            }
            StoreError::Query(error) => {
                tracing::error!(%error, "database query failed");
                ApiError::internal()
            }
        }
    }
}

/// Turns actix's JSON extraction failures into our codes instead of its plain-text 400s. No
/// message here may carry a part of the request: serde's own messages quote the value they
/// refuse, so they go through `extract::redact` first (these messages are logged too).
pub fn json_error(error: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api_error = match &error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            ApiError::new(ErrorCode::PayloadTooLarge, "request body is too large")
        }
        JsonPayloadError::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the body as JSON with Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(inner) if inner.is_data() => {
            crate::extract::json::refused(&crate::extract::FieldPath::root(), &inner.to_string())
        }
        // Syntax errors say where (line, column) and what was expected, never the text.
        JsonPayloadError::Deserialize(inner) => {
            ApiError::new(ErrorCode::MalformedJson, format!("malformed JSON: {inner}"))
        }
        _ => ApiError::new(
            ErrorCode::MalformedJson,
            "the body could not be read as JSON",
        ),
    };
    api_error.into()
}

pub fn query_error(error: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let words = match &error {
        QueryPayloadError::Deserialize(inner) => redacted(&inner.to_string()),
        _ => "invalid value".to_owned(),
    };
    ApiError::new(ErrorCode::InvalidQuery, format!("invalid query: {words}")).into()
}

pub fn path_error(error: PathError, _req: &HttpRequest) -> actix_web::Error {
    let words = match &error {
        PathError::Deserialize(inner) => redacted(&inner.to_string()),
        _ => "invalid value".to_owned(),
    };
    ApiError::new(ErrorCode::InvalidPath, format!("invalid path: {words}")).into()
}

fn redacted(message: &str) -> String {
    match crate::extract::redact::problem(message) {
        crate::extract::redact::Problem::UnknownField { .. } => "unknown parameter".to_owned(),
        crate::extract::redact::Problem::Invalid(words) => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_error_status() {
        for code in ErrorCode::ALL {
            let status = status_of(*code);
            assert_eq!(status.as_u16(), code.http_status(), "{code}");
            assert!(status.is_client_error() || status.is_server_error());
        }
    }
}
