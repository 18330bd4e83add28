//! The platform's cross-tenant table (audited).

use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{month_progress, respond, wants_csv};
use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use sekisho_scoring::exposure::{DEFAULT_JPY_THRESHOLD, WarningLevel, assess};
use sekisho_store::analytics::{self};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TenantRow {
    pub tenant_id: Uuid,
    pub name: String,
    pub orders_30d: i64,
    pub approval_rate_30d: Option<f64>,
    /// JPY fraud this month.
    pub fraud_exposure_month_minor: i64,
    /// Of the last three months (this one included), consecutive months over ¥500,000 ending now
    /// or last month.
    pub consecutive_months_over: usize,
    pub warning_level: WarningLevel,
    pub reports_contributed: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct FormatQuery {
    pub format: Option<String>,
}

/// Every tenant's approval rate, exposure, volume and contribution (audited).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(FormatQuery),
    responses((status = 200, body = Vec<TenantRow>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/analytics/tenants")]
pub(super) async fn admin_tenants(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let actor = format!("admin:{}", admin.admin_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let summaries = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let summaries = analytics::tenant_summaries(conn).await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: None,
                actor: &actor,
                action: "analytics.tenants",
                target: None,
                details: serde_json::json!({ "tenants": summaries.len() }),
            },
        )
        .await?;
        Ok(summaries)
    })
    .await?;
    let progress = month_progress(Utc::now());
    let rows: Vec<TenantRow> = summaries
        .into_iter()
        .map(|s| {
            let exposure = assess(
                &[
                    s.fraud_two_months_ago_minor,
                    s.fraud_last_month_minor,
                    s.fraud_this_month_minor,
                ],
                DEFAULT_JPY_THRESHOLD,
                progress,
            );
            TenantRow {
                tenant_id: s.tenant_id,
                name: s.name,
                orders_30d: s.orders_30d,
                approval_rate_30d: s
                    .approval_rate_30d
                    .map(|r| (r * 10_000.0).round() / 10_000.0),
                fraud_exposure_month_minor: s.fraud_this_month_minor,
                consecutive_months_over: exposure.consecutive_months_over,
                warning_level: exposure.warning_level,
                reports_contributed: s.reports_contributed,
            }
        })
        .collect();
    respond(csv, &rows, &rows, "tenants")
}
