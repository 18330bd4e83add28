//! Liveness, readiness: what load balancers and orchestrators poll.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    /// `ok` or `ready`.
    pub status: &'static str,
}

/// Liveness: the process is up and serving.
#[utoipa::path(tag = "system", responses((status = 200, body = Status)))]
#[get("/healthz")]
async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Status { status: "ok" })
}

/// Readiness: the database answers. 503 while it does not, so that a load balancer stops
/// sending traffic here.
#[utoipa::path(
    tag = "system",
    responses((status = 200, body = Status), (status = 503, body = ErrorBody))
)]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let unavailable = || {
        ApiError::new(
            ErrorCode::DatabaseUnavailable,
            "the database is not reachable",
        )
    };
    let probe = async {
        sekisho_store::pool::ping(&state.pool)
            .await
            .map_err(|_| unavailable())
    };
    tokio::time::timeout(Duration::from_secs(2), probe)
        .await
        .map_err(|_| unavailable())??;
    Ok(HttpResponse::Ok().json(Status { status: "ready" }))
}
