//! Approval rates: approved ÷ attempted card authorisations, grouped and compared.

use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use sekisho_store::AsyncPgConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{Period, rate, respond, wants_csv};
use crate::auth::caller::AnyRole;
use crate::auth::{PlatformAdmin, TenantUser};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use sekisho_store::analytics::{self, ApprovalGrouping, ApprovalRow};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApprovalRateRow {
    /// The group: a day, a week's Monday, a brand, `domestic`/`foreign`, a 3-D Secure flow, a
    /// decision, or `total`.
    pub key: String,
    /// Attempts that reached the issuer.
    pub attempts: i64,
    pub approved: i64,
    /// approved ÷ attempts (0 when there were none).
    pub approval_rate: f64,
    /// Attempts Sekisho rejected: kept away from the issuer.
    pub stopped: i64,
}

impl From<ApprovalRow> for ApprovalRateRow {
    fn from(row: ApprovalRow) -> Self {
        Self {
            approval_rate: rate(row.approved, row.attempts),
            key: row.key,
            attempts: row.attempts,
            approved: row.approved,
            stopped: row.stopped,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalRateReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub rows: Vec<ApprovalRateRow>,
    pub total: ApprovalRateRow,
    /// The comparison period, when asked for (e.g. before and after a policy change).
    pub comparison: Option<ApprovalRateRow>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ApprovalQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    /// day (default) | week | brand | issuer_country | three_ds | decision
    pub group_by: Option<String>,
    /// A second period to compare with.
    pub compare_from: Option<String>,
    pub compare_to: Option<String>,
    pub format: Option<String>,
    /// The dashboard's test/live switch: `false` reads test-mode attempts (default `true`).
    pub livemode: Option<bool>,
}

/// The grouping asked for; `tenant` only across tenants (the admin view).
fn grouping(raw: Option<&str>, across_tenants: bool) -> Result<ApprovalGrouping, ApiError> {
    Ok(match raw.unwrap_or("day") {
        "tenant" if across_tenants => ApprovalGrouping::Tenant,
        "day" => ApprovalGrouping::Day,
        "week" => ApprovalGrouping::Week,
        "brand" => ApprovalGrouping::Brand,
        "issuer_country" => ApprovalGrouping::IssuerCountry,
        "three_ds" => ApprovalGrouping::ThreeDs,
        "decision" => ApprovalGrouping::Decision,
        _ => {
            return Err(ApiError::query_field(
                "group_by",
                "is day, week, brand, issuer_country, three_ds or decision",
            ));
        }
    })
}

fn total_of(rows: &[ApprovalRateRow]) -> ApprovalRateRow {
    let attempts = rows.iter().map(|r| r.attempts).sum();
    let approved = rows.iter().map(|r| r.approved).sum();
    ApprovalRateRow {
        key: "total".into(),
        attempts,
        approved,
        approval_rate: rate(approved, attempts),
        stopped: rows.iter().map(|r| r.stopped).sum(),
    }
}

async fn approval_report(
    state: &AppState,
    tenant_id: Option<Uuid>,
    query: &ApprovalQuery,
    audit_actor: Option<String>,
) -> Result<ApprovalRateReport, ApiError> {
    let (from, to) = Period {
        from: query.from.clone(),
        to: query.to.clone(),
        format: None,
        livemode: None,
    }
    .bounds()?;
    let compare = match (&query.compare_from, &query.compare_to) {
        (Some(f), Some(t)) => Some(
            Period {
                from: Some(f.clone()),
                to: Some(t.clone()),
                format: None,
                livemode: None,
            }
            .bounds()?,
        ),
        (None, None) => None,
        _ => {
            return Err(ApiError::query_field(
                "compare_to",
                "give both compare_from and compare_to",
            ));
        }
    };
    let group = grouping(query.group_by.as_deref(), tenant_id.is_none())?;
    let home = state.settings.orders.home_country.clone();
    // The cross-tenant view is live data alone.
    let livemode = tenant_id.is_none() || query.livemode.unwrap_or(true);
    // The cross-tenant view writes its audit entry with the read: it stays on the primary.
    let pool = if audit_actor.is_some() {
        &state.pool
    } else {
        &state.read_pool
    };
    let mut conn = sekisho_store::pool::get(pool).await?;
    let read = async |conn: &mut AsyncPgConnection| {
        let rows =
            analytics::approval_rates(conn, tenant_id, from, to, group, &home, livemode).await?;
        let comparison = match compare {
            Some((cf, ct)) => {
                analytics::approval_rates(
                    conn,
                    tenant_id,
                    cf,
                    ct,
                    ApprovalGrouping::Total,
                    &home,
                    livemode,
                )
                .await?
            }
            None => Vec::new(),
        };
        if let Some(actor) = &audit_actor {
            AuditEntry::record(
                conn,
                &NewAuditEntry {
                    tenant_id: None,
                    actor,
                    action: "analytics.approval_rate",
                    target: None,
                    details: serde_json::json!({ "from": from, "to": to }),
                },
            )
            .await?;
        }
        Ok((rows, comparison))
    };
    // One tenant's view, or the platform's cross-tenant one (audited above).
    let (rows, comparison) = match tenant_id {
        Some(tenant_id) => {
            tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, read).await?
        }
        None => tenancy::in_platform::<_, ApiError, _, _>(&mut conn, read).await?,
    };
    let rows: Vec<ApprovalRateRow> = rows.into_iter().map(ApprovalRateRow::from).collect();
    let comparison: Vec<ApprovalRateRow> =
        comparison.into_iter().map(ApprovalRateRow::from).collect();
    Ok(ApprovalRateReport {
        from,
        to,
        total: total_of(&rows),
        comparison: compare.map(|_| total_of(&comparison)),
        rows,
    })
}

/// Approval rate (approved ÷ attempted card authorisations) by day, week, brand, issuer country
/// (domestic / foreign), 3-D Secure flow or Sekisho's decision, with the attempts Sekisho kept
/// from the issuers, optionally compared with another period.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(ApprovalQuery),
    responses((status = 200, body = ApprovalRateReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/analytics/approval-rate")]
pub(super) async fn approval_rate(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ApprovalQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let report = approval_report(&state, Some(user.tenant_id), &query, None).await?;
    respond(csv, &report, &report.rows, "approval-rate")
}

/// Approval rates across every tenant (audited); `group_by` may also be `tenant`.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(ApprovalQuery),
    responses((status = 200, body = ApprovalRateReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/analytics/approval-rate")]
pub(super) async fn admin_approval_rate(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<ApprovalQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let actor = format!("admin:{}", admin.admin_id);
    let report = approval_report(&state, None, &query, Some(actor)).await?;
    respond(csv, &report, &report.rows, "approval-rate")
}
