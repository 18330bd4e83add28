//! A tenant's attack alerts: card testing caught by `POST /v1/payments/attempts` and login
//! attacks caught by `POST /v1/logins/score`, each on one source (IP, device, account, BIN or the
//! whole site) with the counts that caught it. While in force, an alert rejects the source's
//! card attempts (card testing) and is a fact for the source's orders and payments
//! (`card_testing_source`, `login_attack_source`, `recent_account_takeover`). Staff end its
//! effect by acknowledging it (seen, handled) or resolving it (closed).

use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use sekisho_service::alerts::{self, Handling};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use sekisho_service::alerts::{AlertList, AlertStatus, AlertView};

use crate::auth::caller::{Permitted, Readers, SystemsOrReviewers};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_alerts)
        .service(acknowledge_alert)
        .service(resolve_alert);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AlertQuery {
    /// Only alerts still in force (default false: all, newest first).
    pub active: Option<bool>,
    /// At most this many (1–500, default 100).
    pub limit: Option<i64>,
    /// The dashboard's test/live switch: `false` lists test mode's alerts (default `true`). An
    /// API key always lists its own mode's.
    pub livemode: Option<bool>,
}

/// The tenant's alerts (card testing and login attacks), newest first.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(AlertQuery),
    responses(
        (status = 200, body = AlertList),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
    )
)]
#[get("/alerts")]
async fn list_alerts(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    query: web::Query<AlertQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let active_at = query.active.unwrap_or(false).then_some(Utc::now());
    let livemode = caller.livemode_or(query.livemode);
    let items = alerts::list(&state.pool, caller.tenant_id(), active_at, limit, livemode).await?;
    Ok(HttpResponse::Ok().json(AlertList { items }))
}

async fn handle(
    caller: Permitted<SystemsOrReviewers>,
    state: &AppState,
    id: &str,
    handling: Handling,
) -> Result<HttpResponse, ApiError> {
    let id = Uuid::parse_str(id).map_err(|_| ApiError::not_found("alert"))?;
    let view = alerts::handle(
        &state.pool,
        caller.tenant_id(),
        &caller.actor(),
        id,
        handling,
    )
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Acknowledge an alert: staff saw it and handled it. It stops acting on the source's attempts,
/// orders and payments at once. Acknowledging twice keeps the first time.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The alert's id")),
    responses(
        (status = 200, body = AlertView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[post("/alerts/{id}/acknowledge")]
async fn acknowledge_alert(
    caller: Permitted<SystemsOrReviewers>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    handle(caller, &state, &id, Handling::Acknowledge).await
}

/// Resolve an alert: the attack is over or was a false alarm. It stops acting on the source's
/// attempts, orders and payments at once.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The alert's id")),
    responses(
        (status = 200, body = AlertView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[post("/alerts/{id}/resolve")]
async fn resolve_alert(
    caller: Permitted<SystemsOrReviewers>,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    handle(caller, &state, &id, Handling::Resolve).await
}
