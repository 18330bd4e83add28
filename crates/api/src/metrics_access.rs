//! Who may read `/metrics`: with `SEKISHO_METRICS_TOKEN` set, a caller sending
//! `Authorization: Bearer <that token>`; without it, only peers on this machine (the TCP peer,
//! whatever forwarded headers say), so that a scraper must run beside the server or be given the
//! token. Request counts per route and latencies are not for the internet.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::AUTHORIZATION;
use actix_web::middleware::Next;
use actix_web::{ResponseError, web};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub const METRICS_PATH: &str = "/metrics";

pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if req.path() != METRICS_PATH {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let token = req
        .app_data::<web::Data<AppState>>()
        .and_then(|state| state.settings.metrics_token.clone());
    let allowed = match &token {
        Some(token) => req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .is_some_and(|sent| same_secret(sent.trim(), token)),
        None => req
            .peer_addr()
            .is_some_and(|peer| peer.ip().to_canonical().is_loopback()),
    };
    if allowed {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let error = match token {
        Some(_) => ApiError::new(
            ErrorCode::Unauthenticated,
            "send `Authorization: Bearer <metrics token>`",
        ),
        None => ApiError::forbidden(
            "metrics are served to this machine only unless SEKISHO_METRICS_TOKEN is set",
        ),
    };
    let (request, _) = req.into_parts();
    Ok(ServiceResponse::new(request, error.error_response()).map_into_right_body())
}

/// Compares digests, so that the time taken says nothing about how much of the token matched.
fn same_secret(sent: &str, expected: &str) -> bool {
    Sha256::digest(sent.as_bytes()) == Sha256::digest(expected.as_bytes())
}
