//! `Json<T>`: the request body extractor every handler uses instead of `actix_web::web::Json`.
//! The body is read under the app's `JsonConfig` (size limit, content type, syntax errors), then
//! checked as a JSON tree (`limits`), then turned into `T` with the path of any failure. Every
//! request type denies unknown fields, which arrive here as `unknown_field` with their path.

use std::ops::{Deref, DerefMut};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::redact::{Problem, problem};
use super::{FieldPath, limits};
use crate::error::{ApiError, ErrorCode, FieldError};

/// A JSON request body of type `T`, refused with a 4xx naming the field (never its value) when
/// it does not fit. Named `Json` so that utoipa documents it as the request body.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for Json<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let value = body.await?.into_inner();
            Ok(Json(from_value(&value)?))
        })
    }
}

/// Checks a parsed body and turns it into `T`; public so that handlers reading their body
/// themselves (the device tag) refuse the same way.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, ApiError> {
    let problems = limits::check(value);
    if !problems.is_empty() {
        return Err(ApiError::validation(problems));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = FieldPath::from_serde(error.path());
        refused(&path, &error.into_inner().to_string())
    })
}

/// The error for one serde failure at `path`, without the value.
pub(crate) fn refused(path: &FieldPath, message: &str) -> ApiError {
    match problem(message) {
        Problem::UnknownField { name, expected } => {
            // The tracked path already ends with the unknown key; a bare parse has none.
            let field = if path.last_key().is_some() {
                path.to_string()
            } else {
                path.key(&name).to_string()
            };
            let mut error = ApiError::new(
                ErrorCode::UnknownField,
                format!("{field}: unknown field ({expected})"),
            );
            error.fields = vec![FieldError {
                field,
                message: "unknown field".to_owned(),
            }];
            error
        }
        Problem::Invalid(words) => {
            let field = path.to_string();
            let mut error = ApiError::new(ErrorCode::InvalidRequest, format!("{field}: {words}"));
            error.fields = vec![FieldError {
                field,
                message: words,
            }];
            error
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Customer {
        email: Option<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Order {
        amount: u32,
        #[serde(default)]
        customer: Option<Customer>,
        #[serde(default)]
        items: Vec<Customer>,
    }

    fn refusal(value: Value) -> (ErrorCode, String) {
        let error = from_value::<Order>(&value).unwrap_err();
        (error.code, error.message)
    }

    #[test]
    fn unknown_fields_are_named_with_their_full_path() {
        assert_eq!(
            refusal(json!({ "amount": 1, "customer": { "mail": "a@b.jp" } })),
            (
                ErrorCode::UnknownField,
                "customer.mail: unknown field (expected `email`)".to_owned()
            )
        );
        assert_eq!(
            refusal(json!({ "amount": 1, "shipping": {} })).1,
            "shipping: unknown field (expected one of `amount`, `customer`, `items`)"
        );
        assert_eq!(
            refusal(json!({ "amount": 1, "items": [{}, { "4532015112830366": 1 }] })).1,
            "items[1].?: unknown field (expected `email`)"
        );
    }

    #[test]
    fn type_errors_name_the_path_and_the_expectation_only() {
        let (code, message) = refusal(json!({ "amount": "4532015112830366" }));
        assert_eq!(code, ErrorCode::InvalidRequest);
        assert_eq!(
            message,
            "amount: expected a non-negative integer, got a string"
        );
        let (_, message) =
            refusal(json!({ "amount": 1, "customer": { "email": 4532015112830366_u64 } }));
        assert_eq!(message, "customer.email: expected a string, got a number");
        let (_, message) = refusal(json!({ "amount": 1, "items": ["a@b.jp"] }));
        assert_eq!(message, "items[0]: expected an object, got a string");
    }

    #[test]
    fn text_problems_come_before_types() {
        let (code, message) = refusal(json!({ "amount": 1, "customer": { "email": "a\u{0}" } }));
        assert_eq!(code, ErrorCode::ValidationFailed);
        assert_eq!(message, "customer.email: must not contain a NUL character");
    }
}
