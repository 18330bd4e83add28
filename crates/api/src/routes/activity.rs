//! The tenant's login events (`POST /v1/logins/score` as scored) and card payment attempts
//! (`POST /v1/payments/attempts`) for the dashboard's screens: newest first, paginated like the
//! order search, IP addresses shown as their network only.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use sekisho_store::activity::{self, ActivityFilter};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::AnyRole;
use crate::error::{ApiError, ErrorBody};
use crate::page::{self, Position};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_logins).service(list_attempts);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ActivityQuery {
    /// Logins: allow | challenge | deny. Attempts: approve | review | reject (as scored).
    pub decision: Option<String>,
    /// Logins: success | failure. Attempts: approved | declined.
    pub result: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
    /// Rows to skip (older form of `cursor`).
    pub offset: Option<i64>,
    /// `next_cursor` of the previous page (opaque). `offset` still works; `cursor` wins.
    pub cursor: Option<String>,
}

fn page_of(query: &ActivityQuery) -> Result<(i64, i64), ApiError> {
    Ok((
        page::LIMITS.of(query.limit),
        page::offset(query.cursor.as_deref(), query.offset)?,
    ))
}

fn filter(query: &ActivityQuery, results: &[&str]) -> Result<ActivityFilter, ApiError> {
    if let Some(result) = query.result.as_deref()
        && !results.contains(&result)
    {
        return Err(ApiError::query_field(
            "result",
            format!("is {}", results.join(" or ")),
        ));
    }
    Ok(ActivityFilter {
        decision: query.decision.clone().filter(|d| !d.trim().is_empty()),
        result: query.result.clone(),
        from: query.from,
        to: query.to,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginEventView {
    pub id: Uuid,
    pub success: bool,
    /// The client's network (IPv4 /24, IPv6 /64).
    pub ip_network: String,
    pub device_id: Option<String>,
    pub user_agent: Option<String>,
    /// allow | challenge | deny
    pub decision: String,
    pub score: i16,
    #[schema(value_type = Vec<Object>)]
    pub reasons: serde_json::Value,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginEventPage {
    pub items: Vec<LoginEventView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The tenant's scored customer logins, newest first.
#[utoipa::path(
    tag = "logins",
    security(("bearer" = [])),
    params(ActivityQuery),
    responses((status = 200, body = LoginEventPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/logins")]
async fn list_logins(
    staff: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, offset) = page_of(&query)?;
    let filter = filter(&query, &["success", "failure"])?;
    let tenant_id = staff.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let rows = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(activity::login_events(conn, tenant_id, &filter, limit + 1, offset).await?)
    })
    .await?;
    let (rows, next_cursor) = page::split(rows, limit, |_| Position::Offset(offset + limit));
    Ok(HttpResponse::Ok().json(LoginEventPage {
        items: rows
            .into_iter()
            .map(|row| LoginEventView {
                id: row.id,
                success: row.success,
                ip_network: row.ip_network,
                device_id: row.device_id,
                user_agent: row.user_agent,
                decision: row.decision,
                score: row.score,
                reasons: row.reasons,
                at: row.at,
            })
            .collect(),
        next_cursor,
        limit,
        offset,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentAttemptView {
    pub id: Uuid,
    pub bin: Option<String>,
    pub last4: Option<String>,
    pub brand: Option<String>,
    pub issuer_country: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// approved | declined
    pub result: String,
    pub decline_code: Option<String>,
    pub three_ds_status: Option<String>,
    /// The client's network (IPv4 /24, IPv6 /64).
    pub ip_network: Option<String>,
    pub device_id: Option<String>,
    /// The merchant's order id, when sent.
    pub order_id: Option<String>,
    pub decision: String,
    pub score: i16,
    #[schema(value_type = Vec<Object>)]
    pub reasons: serde_json::Value,
    pub attempted_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentAttemptPage {
    pub items: Vec<PaymentAttemptView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The tenant's card payment attempts, newest first.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(ActivityQuery),
    responses((status = 200, body = PaymentAttemptPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/payments/attempts")]
async fn list_attempts(
    staff: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, ApiError> {
    let (limit, offset) = page_of(&query)?;
    let filter = filter(&query, &["approved", "declined"])?;
    let tenant_id = staff.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let rows = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(activity::payment_attempts(conn, tenant_id, &filter, limit + 1, offset).await?)
    })
    .await?;
    let (rows, next_cursor) = page::split(rows, limit, |_| Position::Offset(offset + limit));
    Ok(HttpResponse::Ok().json(PaymentAttemptPage {
        items: rows
            .into_iter()
            .map(|row| PaymentAttemptView {
                id: row.id,
                bin: row.bin,
                last4: row.last4,
                brand: row.brand,
                issuer_country: row.issuer_country,
                amount_minor: row.amount_minor,
                currency: row.currency,
                result: row.result,
                decline_code: row.decline_code,
                three_ds_status: row.three_ds_status,
                ip_network: row.ip_network,
                device_id: row.device_id,
                order_id: row.order_id,
                decision: row.decision,
                score: row.score,
                reasons: row.reasons,
                attempted_at: row.attempted_at,
            })
            .collect(),
        next_cursor,
        limit,
        offset,
    }))
}
