//! Fraud exposure against the fraud-prone-merchant threshold.

use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{month_progress, respond, wants_csv};
use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, OwnerOnly};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_scoring::exposure::{DEFAULT_JPY_THRESHOLD, WarningLevel, assess};
use sekisho_store::analytics::{self};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExposureMonth {
    /// `YYYY-MM` (Japan time).
    pub month: String,
    pub fraud_minor: i64,
    pub reports: i64,
    pub over_threshold: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FraudExposure {
    pub currency: String,
    /// The monthly threshold in minor units (¥500,000 by default for JPY).
    pub threshold_minor: i64,
    /// Oldest first; the current month last.
    pub months: Vec<ExposureMonth>,
    pub consecutive_months_over: usize,
    pub warning_level: WarningLevel,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExposureQuery {
    /// Months to show, the current one included (3–24, default 12).
    pub months: Option<i32>,
    /// ISO 4217 (default JPY).
    pub currency: Option<String>,
    pub format: Option<String>,
}

/// Fraud per calendar month (reports and chargebacks, not retracted) against the
/// fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
/// with the run of consecutive months over it and a warning level.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(ExposureQuery),
    responses((status = 200, body = FraudExposure), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/analytics/fraud-exposure")]
pub(super) async fn fraud_exposure(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ExposureQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let exposure = exposure_of(
        &state,
        user.tenant_id,
        query.months.unwrap_or(12),
        query.currency.as_deref(),
    )
    .await?;
    respond(csv, &exposure, &exposure.months, "fraud-exposure")
}

pub(super) async fn exposure_of(
    state: &AppState,
    tenant_id: Uuid,
    months: i32,
    currency: Option<&str>,
) -> Result<FraudExposure, ApiError> {
    let months = months.clamp(3, 24);
    let currency = currency.unwrap_or("JPY").trim().to_ascii_uppercase();
    if iso_currency_known(&currency).is_none() {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "currency is not an ISO 4217 code",
        ));
    }
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (monthly, threshold) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, tenant_id).await?;
            let monthly = analytics::monthly_fraud(conn, tenant_id, &currency, months).await?;
            Ok((
                monthly,
                analytics::fraud_threshold(conn, tenant_id, &currency).await?,
            ))
        })
        .await?;
    let threshold = threshold.unwrap_or(if currency == "JPY" {
        DEFAULT_JPY_THRESHOLD
    } else {
        i64::MAX
    });
    let amounts: Vec<i64> = monthly.iter().map(|m| m.fraud_minor).collect();
    let assessed = assess(&amounts, threshold, month_progress(Utc::now()));
    Ok(FraudExposure {
        threshold_minor: threshold,
        months: monthly
            .into_iter()
            .map(|m| ExposureMonth {
                over_threshold: m.fraud_minor >= threshold,
                month: m.month,
                fraud_minor: m.fraud_minor,
                reports: m.reports,
            })
            .collect(),
        consecutive_months_over: assessed.consecutive_months_over,
        warning_level: assessed.warning_level,
        currency,
    })
}

fn iso_currency_known(code: &str) -> Option<()> {
    sekisho_domain::Money::parse("1", code).ok().map(|_| ())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdChange {
    #[schema(example = "JPY")]
    pub currency: String,
    /// The monthly amount in the currency's usual notation.
    #[schema(value_type = f64, example = 500000)]
    pub monthly_amount: serde_json::Number,
}

/// Set the tenant's fraud-exposure threshold for a currency (owners).
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/analytics/fraud-exposure/threshold")]
pub(super) async fn set_threshold(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<ThresholdChange>,
) -> Result<HttpResponse, ApiError> {
    let money = sekisho_domain::Money::parse(&body.monthly_amount.to_string(), &body.currency)
        .map_err(|e| ApiError::field("monthly_amount", e.0))?;
    if money.minor == 0 {
        return Err(ApiError::field("monthly_amount", "must be above zero"));
    }
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        tenancy::set_tenant(conn, owner.tenant_id).await?;
        analytics::set_fraud_threshold(conn, owner.tenant_id, &money.code(), money.minor, &actor)
            .await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(owner.tenant_id),
                actor: &actor,
                action: "analytics.threshold",
                target: Some(&money.code()),
                details: serde_json::json!({ "monthly_minor": money.minor }),
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
