//! A tenant's attack alerts: card testing caught by `POST /v1/payments/attempts` and login
//! attacks caught by `POST /v1/logins/score`, each on one source (IP, device, account, BIN or the
//! whole site) with the counts that caught it. While in force, an alert rejects the source's
//! card attempts (card testing) and is a fact for the source's orders and payments
//! (`card_testing_source`, `login_attack_source`, `recent_account_takeover`). Staff end its
//! effect by acknowledging it (seen, handled) or resolving it (closed).

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_scoring::attacks::AlertKind;
use sekisho_scoring::card_testing::SourceKind;
use sekisho_service::alerts::{self, Handling};
use sekisho_store::alerts::Alert;
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers, SystemsOrReviewers};
use crate::error::{ApiError, ErrorBody};
use crate::page::{self, Limits, Position};
use crate::state::AppState;

/// Alerts come in larger pages than most lists.
const ALERT_LIMITS: Limits = Limits {
    default: 100,
    max: 500,
};

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
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
    /// The dashboard's test/live switch: `false` lists test mode's alerts (default `true`). An
    /// API key always lists its own mode's.
    pub livemode: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// In force: it acts on the source's attempts, orders and payments.
    Open,
    /// Seen and handled by staff: no longer in force.
    Acknowledged,
    /// Closed by staff: no longer in force.
    Resolved,
    /// Its lifetime ended.
    Expired,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertView {
    pub id: Uuid,
    pub kind: AlertKind,
    pub source_kind: SourceKind,
    /// The IP or BIN as it is, a device or account id masked, `all attempts` for the tenant.
    pub source: String,
    /// The window whose counts crossed the thresholds: `10m`, `1h` or `24h`.
    #[schema(example = "1h")]
    pub window: String,
    pub failures: i32,
    pub attempts: i32,
    /// Failures ÷ attempts in the window, 0–1.
    pub failure_rate: f64,
    pub detected_at: DateTime<Utc>,
    /// In force until then, unless acknowledged or resolved first.
    pub active_until: DateTime<Utc>,
    /// Still in force (open and not expired).
    pub active: bool,
    pub status: AlertStatus,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AlertList {
    pub items: Vec<AlertView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

fn window_name(secs: i32) -> String {
    match secs {
        600 => "10m".into(),
        3600 => "1h".into(),
        86_400 => "24h".into(),
        other => format!("{other}s"),
    }
}

fn view(alert: Alert, now: DateTime<Utc>) -> Option<AlertView> {
    let active = alert.in_force_at(now);
    let status = if alert.resolved_at.is_some() {
        AlertStatus::Resolved
    } else if alert.acknowledged_at.is_some() {
        AlertStatus::Acknowledged
    } else if active {
        AlertStatus::Open
    } else {
        AlertStatus::Expired
    };
    Some(AlertView {
        id: alert.id,
        kind: AlertKind::parse(&alert.kind)?,
        source_kind: SourceKind::parse(&alert.source_kind)?,
        source: alert.display,
        window: window_name(alert.window_secs),
        failures: alert.failures,
        attempts: alert.attempts,
        failure_rate: alert.failure_rate,
        detected_at: alert.detected_at,
        active_until: alert.active_until,
        active,
        status,
        acknowledged_at: alert.acknowledged_at,
        acknowledged_by: alert.acknowledged_by,
        resolved_at: alert.resolved_at,
        resolved_by: alert.resolved_by,
    })
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
    let tenant_id = caller.tenant_id();
    let limit = ALERT_LIMITS.of(query.limit);
    let after = page::after_timed(query.cursor.as_deref())?;
    let now = Utc::now();
    let active_at = query.active.unwrap_or(false).then_some(now);
    let livemode = caller.livemode_or(query.livemode);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let alerts = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(Alert::list(conn, tenant_id, active_at, limit + 1, livemode, after).await?)
    })
    .await?;
    let (alerts, next_cursor) = page::split(alerts, limit, |last: &Alert| Position::AfterTimed {
        at: last.detected_at,
        id: last.id,
    });
    Ok(HttpResponse::Ok().json(AlertList {
        items: alerts
            .into_iter()
            .filter_map(|alert| view(alert, now))
            .collect(),
        next_cursor,
    }))
}

async fn handle(
    caller: Permitted<SystemsOrReviewers>,
    state: &AppState,
    id: &str,
    handling: Handling,
) -> Result<HttpResponse, ApiError> {
    let id = Uuid::parse_str(id).map_err(|_| ApiError::not_found("alert"))?;
    let alert = alerts::handle(
        &state.pool,
        caller.tenant_id(),
        &caller.actor(),
        id,
        handling,
    )
    .await?;
    let view = view(alert, Utc::now()).ok_or_else(ApiError::internal)?;
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
