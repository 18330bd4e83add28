//! Fraud exposure against the fraud-prone-merchant threshold.

use actix_web::{HttpResponse, get, put, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{month_progress, respond, wants_csv};
use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, OwnerOnly};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_scoring::exposure::{DEFAULT_JPY_THRESHOLD, WarningLevel, assess};
use sekisho_store::analytics::{self};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;

/// One source of losses in a month: how much and how many (each loss once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct LossPart {
    /// Minor units of the currency (yen for JPY).
    pub amount: i64,
    pub count: i64,
}

/// What the month's card-fraud figure consists of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct ExposureBreakdown {
    /// Chargebacks on card orders that were charged.
    pub chargebacks: LossPart,
    /// Card-fraud reports (chargeback, card testing, account takeover; `other` on a known
    /// order) on charged card orders without a chargeback, or on orders Sekisho never scored —
    /// one per order.
    pub manual_reports: LossPart,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExposureMonth {
    /// `YYYY-MM` (Japan time).
    pub month: String,
    /// Card fraud actually charged (不正利用額), each loss once, in minor units: the figure held
    /// against the threshold. `breakdown` says what it consists of.
    pub card_fraud_amount: i64,
    pub breakdown: ExposureBreakdown,
    /// Outside the figure: unpaid deferred payments (後払い未払い), in minor units.
    pub unpaid_amount: i64,
    /// Outside the figure: fraud on orders that were never charged (authorisation declined, or
    /// rejected before a charge).
    pub never_charged_amount: i64,
    /// Outside the figure: other payment methods, and resale or other reports not tied to a
    /// charged card order.
    pub other_amount: i64,
    /// The same as `card_fraud_amount` (kept for existing clients).
    pub fraud_minor: i64,
    /// Losses counted in the figure.
    pub reports: i64,
    pub over_threshold: bool,
}

impl ExposureMonth {
    fn of(month: analytics::MonthlyFraud, threshold: i64) -> Self {
        Self {
            over_threshold: month.card_fraud_minor >= threshold,
            card_fraud_amount: month.card_fraud_minor,
            breakdown: ExposureBreakdown {
                chargebacks: LossPart {
                    amount: month.chargebacks_minor,
                    count: month.chargebacks,
                },
                manual_reports: LossPart {
                    amount: month.manual_reports_minor,
                    count: month.manual_reports,
                },
            },
            unpaid_amount: month.unpaid_minor,
            never_charged_amount: month.never_charged_minor,
            other_amount: month.other_minor,
            fraud_minor: month.card_fraud_minor,
            reports: month.card_fraud_losses,
            month: month.month,
        }
    }
}

/// A month as a CSV row (CSV has no nested objects).
#[derive(Debug, Serialize)]
struct ExposureRow<'a> {
    month: &'a str,
    card_fraud_amount: i64,
    chargebacks_amount: i64,
    chargebacks: i64,
    manual_reports_amount: i64,
    manual_reports: i64,
    unpaid_amount: i64,
    never_charged_amount: i64,
    other_amount: i64,
    over_threshold: bool,
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

/// Card fraud actually charged per calendar month (不正利用額: chargebacks on charged card
/// orders, plus card-fraud reports not already counted, each loss once) against the
/// fraud-prone-merchant threshold (¥500,000 a month for three consecutive months by default),
/// with the run of consecutive months over it and a warning level. Unpaid deferred payments,
/// never-charged orders and other losses are reported beside the figure, not in it.
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
    let rows: Vec<ExposureRow> = exposure
        .months
        .iter()
        .map(|m| ExposureRow {
            month: &m.month,
            card_fraud_amount: m.card_fraud_amount,
            chargebacks_amount: m.breakdown.chargebacks.amount,
            chargebacks: m.breakdown.chargebacks.count,
            manual_reports_amount: m.breakdown.manual_reports.amount,
            manual_reports: m.breakdown.manual_reports.count,
            unpaid_amount: m.unpaid_amount,
            never_charged_amount: m.never_charged_amount,
            other_amount: m.other_amount,
            over_threshold: m.over_threshold,
        })
        .collect();
    respond(csv, &exposure, &rows, "fraud-exposure")
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
        return Err(ApiError::query_field("currency", "is not an ISO 4217 code"));
    }
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let (monthly, threshold) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
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
    let amounts: Vec<i64> = monthly.iter().map(|m| m.card_fraud_minor).collect();
    let assessed = assess(&amounts, threshold, month_progress(Utc::now()));
    Ok(FraudExposure {
        threshold_minor: threshold,
        months: monthly
            .into_iter()
            .map(|m| ExposureMonth::of(m, threshold))
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
    tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
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
