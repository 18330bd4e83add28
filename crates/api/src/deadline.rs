//! The per-request deadline (`SEKISHO_REQUEST_TIMEOUT_MS`): a request that has not answered in
//! time is abandoned and answered `503 database_unavailable`. Every wait inside a request is
//! bounded on its own (pool, statements, enrichment budgets), but a database that stops
//! answering altogether (frozen, or its network gone silent) is noticed by nothing else; the
//! database is the only thing a request can wait on that long, hence the code.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub async fn enforce(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(timeout) = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.settings.request_timeout)
    else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let request = req.request().clone();
    match tokio::time::timeout(timeout, next.call(req)).await {
        Ok(outcome) => outcome.map(ServiceResponse::map_into_left_body),
        Err(_) => {
            tracing::warn!(
                timeout_ms = timeout.as_millis(),
                "request abandoned at its deadline"
            );
            let error = ApiError::new(
                ErrorCode::DatabaseUnavailable,
                format!(
                    "the request did not finish within {} ms; the database is not answering, \
                     retry later",
                    timeout.as_millis()
                ),
            );
            Ok(ServiceResponse::new(request, error.error_response()).map_into_right_body())
        }
    }
}
