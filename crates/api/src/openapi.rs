//! The document's frame: title, tags and the bearer security scheme, and the error responses
//! every operation can give (`ErrorResponses`). Paths and schemas are added by the routes
//! themselves (see `routes`).

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::error::{ErrorBody, ErrorDetail, FieldError};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sekisho API",
        description = "Real-time fraud scoring and a consortium negative database for \
                       e-commerce merchants. Machine calls authenticate with \
                       `Authorization: Bearer <API key>`; dashboard calls with a session token \
                       from `POST /v1/auth/login`. Errors are `{\"error\": {\"code\", \"message\"}}`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody, ErrorDetail, FieldError)),
    tags(
        (name = "system", description = "Health and readiness"),
        (name = "auth", description = "Dashboard sign-in"),
        (name = "api-keys", description = "A tenant's API keys"),
        (name = "users", description = "A tenant's staff"),
        (name = "consortium", description = "Fraud reports and the shared negative database"),
        (name = "orders", description = "Real-time order scoring and outcomes"),
        (name = "logins", description = "Login scoring: brute force, credential stuffing, bots"),
        (name = "payments", description = "Card payment attempts, card-testing detection and alerts"),
        (name = "reviews", description = "The manual review queue (目視審査)"),
        (name = "lists", description = "A tenant's allow and block lists"),
        (name = "policy", description = "Thresholds, rules, versions and backtests"),
        (name = "device-tag", description = "The device tag merchants embed, and the devices it saw"),
        (name = "webhooks", description = "Signed event notifications to a tenant's HTTPS endpoints"),
        (name = "analytics", description = "Approval rates, fraud exposure, workload, accuracy, consortium"),
        (name = "admin", description = "Platform administration"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key (`sk_live_…`) for machine calls, or a session token from \
                         /v1/auth/login for dashboard calls",
                    ))
                    .build(),
            ),
        );
    }
}

/// Declares, on every operation, the error statuses the shared machinery can answer with, so that
/// the document is honest about them (the fuzz suite fails on any status an operation does not
/// declare). Each handler declares its own specific errors (404 for a missing id, 409 for a
/// conflict…); this adds what comes from the frame around it:
/// - a bearer credential: 401 (missing, unknown, revoked, expired or forged), 403 (a valid
///   credential of the wrong kind or role) and 429 (rate limits per API key and per login);
/// - a JSON body: 400 `malformed_json`, 413 `payload_too_large`, 415 `unsupported_media_type`,
///   422 `invalid_request` / `validation_failed`;
/// - query parameters: 400 `invalid_query`; path parameters: 404 `invalid_path` / `not_found`;
///   header parameters (`Idempotency-Key`): 400 and 422;
/// - any request: 422 `validation_failed` when a path segment or a query parameter (named in the
///   document or not) holds a NUL, a control character or broken UTF-8 (`extract::uri`);
/// - anything that reaches the database or runs under the request deadline: 503
///   `database_unavailable` (everything but the static pages and `/healthz`).
///
/// It runs on the finished document (after the routes have added their paths), so it is applied
/// by [`crate::openapi_document`] and the served document alike.
pub struct ErrorResponses;

/// Operations that answer from memory only: no database, no credential, no body.
const STATIC_PATHS: &[&str] = &["/healthz", "/tag.js", "/device-tag/"];

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let is_static = STATIC_PATHS.contains(&path.as_str());
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                for (status, description) in error_statuses(operation, is_static) {
                    declare(operation, status, description);
                }
                describe_responses(operation);
            }
        }
    }
}

fn error_statuses(operation: &Operation, is_static: bool) -> Vec<(u16, &'static str)> {
    // The URI check in front of every route refuses invalid text in any path or query.
    let mut statuses = vec![(422, "The request was refused for its content")];
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| !requirements.is_empty());
    if secured {
        statuses.push((
            401,
            "No valid credential: missing, unknown, revoked, expired or forged",
        ));
        statuses.push((403, "A valid credential of the wrong kind or role"));
        statuses.push((429, "Rate limited; see Retry-After"));
    }
    if operation.request_body.is_some() {
        statuses.push((400, "Malformed JSON"));
        statuses.push((413, "Request body too large"));
        statuses.push((415, "The body is not application/json"));
        statuses.push((422, "The request was refused for its content"));
    }
    let parameters = operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(parameter) => Some(&parameter.parameter_in),
            RefOr::Ref(_) => None,
        });
    for location in parameters {
        match location {
            ParameterIn::Query | ParameterIn::QueryString => {
                statuses.push((400, "Invalid query parameters"))
            }
            ParameterIn::Path => statuses.push((404, "No such resource (or an invalid id)")),
            ParameterIn::Header => {
                statuses.push((400, "Invalid header"));
                statuses.push((422, "The request was refused for its content"));
            }
            ParameterIn::Cookie => {}
        }
    }
    if !is_static {
        statuses.push((
            503,
            "The database is unavailable or the request ran out of time; retry",
        ));
    }
    statuses
}

/// OpenAPI requires a description on every response, and generated clients refuse a document
/// without one: a response its handler left undescribed gets the status's reason phrase.
fn describe_responses(operation: &mut Operation) {
    for (status, response) in operation.responses.responses.iter_mut() {
        if let RefOr::T(response) = response
            && response.description.is_empty()
        {
            let reason = status
                .parse::<u16>()
                .ok()
                .and_then(|code| actix_web::http::StatusCode::from_u16(code).ok())
                .and_then(|code| code.canonical_reason());
            response.description = reason.unwrap_or("Response").to_owned();
        }
    }
}

/// Adds an error response unless the handler declared that status itself.
fn declare(operation: &mut Operation, status: u16, description: &str) {
    let responses = &mut operation.responses.responses;
    let key = status.to_string();
    if responses.contains_key(&key) {
        return;
    }
    let response = ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(Ref::from_schema_name("ErrorBody"))),
        )
        .build();
    responses.insert(key, RefOr::T(response));
}
