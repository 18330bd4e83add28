//! The per-request deadline (`SEKISHO_REQUEST_TIMEOUT_MS`): a request that has not answered in
//! time is abandoned and answered `503 database_unavailable`. Every wait inside a request is
//! bounded on its own (pool, statements, enrichment budgets), but a database that stops
//! answering altogether (frozen, or its network gone silent) is noticed by nothing else; the
//! database is the only thing a request can wait on that long, hence the code.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let Some(timeout) = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.settings.request_timeout)
    else {
        return next.call(req).await;
    };
    match tokio::time::timeout(timeout, next.call(req)).await {
        Ok(outcome) => outcome,
        Err(_) => {
            tracing::warn!(
                timeout_ms = timeout.as_millis(),
                "request abandoned at its deadline"
            );
            // An error, not a response: the request itself went into the abandoned handler,
            // and actix answers an error with its JSON `error_response`.
            Err(ApiError::new(
                ErrorCode::DatabaseUnavailable,
                format!(
                    "the request did not finish within {} ms; the database is not answering, \
                     retry later",
                    timeout.as_millis()
                ),
            )
            .into())
        }
    }
}
