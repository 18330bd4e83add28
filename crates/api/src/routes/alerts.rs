//! A tenant's card-testing alerts: each source (IP, device, account, BIN or the whole site)
//! caught by `POST /v1/payments/attempts`, with the counts that caught it and until when its
//! attempts are rejected.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use sekisho_scoring::card_testing::{SourceKind, Window};
use sekisho_store::payments::CardTestingAlert;
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_alerts);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AlertQuery {
    /// Only alerts still in force (default false: all, newest first).
    pub active: Option<bool>,
    /// At most this many (1–500, default 100).
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    pub id: Uuid,
    /// `card_testing`.
    pub kind: String,
    pub source_kind: SourceKind,
    /// The IP or BIN as it is, a device or account id masked, `all attempts` for the tenant.
    pub source: String,
    /// The window whose counts crossed the thresholds.
    pub window: Window,
    pub failures: i32,
    pub attempts: i32,
    /// Declines ÷ attempts in the window, 0–1.
    pub failure_rate: f64,
    pub detected_at: DateTime<Utc>,
    /// The source's attempts are rejected until then.
    pub active_until: DateTime<Utc>,
    pub active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    pub items: Vec<AlertView>,
}

fn view(alert: CardTestingAlert, now: DateTime<Utc>) -> Option<AlertView> {
    Some(AlertView {
        id: alert.id,
        kind: "card_testing".into(),
        source_kind: SourceKind::parse(&alert.source_kind)?,
        source: alert.display,
        window: Window::from_secs(alert.window_secs)?,
        failures: alert.failures,
        attempts: alert.attempts,
        failure_rate: alert.failure_rate,
        detected_at: alert.detected_at,
        active_until: alert.active_until,
        active: alert.active_until > now,
    })
}

/// The tenant's card-testing alerts, newest first.
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
    let tenant_id = caller.tenant_id();
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let now = Utc::now();
    let active_at = query.active.unwrap_or(false).then_some(now);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let alerts = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, tenant_id).await?;
            Ok(CardTestingAlert::list(conn, tenant_id, active_at, limit).await?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(AlertList {
        items: alerts
            .into_iter()
            .filter_map(|alert| view(alert, now))
            .collect(),
    }))
}
