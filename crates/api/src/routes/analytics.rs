//! What merchants look at every morning: approval rates, fraud exposure against the
//! fraud-prone-merchant threshold, review workload, accuracy, and what the consortium did for
//! them. Every endpoint also answers as CSV (`?format=csv`).

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, put, web};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Asia::Tokyo;
use diesel_async::AsyncConnection;
use sekisho_scoring::exposure::{DEFAULT_JPY_THRESHOLD, WarningLevel, assess};
use sekisho_store::analytics::{self, ApprovalGrouping, ApprovalRow};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{AnyRole, OwnerOnly};
use crate::auth::{PlatformAdmin, TenantUser};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::orders::policy::current;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(approval_rate)
        .service(fraud_exposure)
        .service(set_threshold)
        .service(workload)
        .service(accuracy)
        .service(consortium)
        .service(overview);
}

pub fn configure_admin(cfg: &mut ServiceConfig) {
    cfg.service(admin_tenants).service(admin_approval_rate);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct Period {
    /// Start, inclusive: RFC 3339 or `YYYY-MM-DD` (Japan time). Default: 30 days ago.
    pub from: Option<String>,
    /// End, exclusive. Default: now.
    pub to: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
}

fn parse_time(raw: &str, field: &str) -> Result<DateTime<Utc>, ApiError> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .and_then(|midnight| Tokyo.from_local_datetime(&midnight).single())
        .map(|at| at.with_timezone(&Utc))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidQuery,
                format!("{field} is not a date (YYYY-MM-DD) or RFC 3339 time"),
            )
        })
}

impl Period {
    fn bounds(&self) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
        let to = self
            .to
            .as_deref()
            .map(|t| parse_time(t, "to"))
            .transpose()?
            .unwrap_or_else(Utc::now);
        let from = self
            .from
            .as_deref()
            .map(|f| parse_time(f, "from"))
            .transpose()?
            .unwrap_or(to - Duration::days(30));
        if from >= to {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                "from must be before to",
            ));
        }
        if to - from > Duration::days(731) {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                "a period spans at most two years",
            ));
        }
        Ok((from, to))
    }
}

fn wants_csv(format: Option<&str>) -> Result<bool, ApiError> {
    match format {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "format is json or csv",
        )),
    }
}

/// JSON, or the rows as CSV with a header line.
fn respond<T: Serialize, R: Serialize>(
    csv: bool,
    body: &T,
    rows: &[R],
    name: &str,
) -> Result<HttpResponse, ApiError> {
    if !csv {
        return Ok(HttpResponse::Ok().json(body));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row).map_err(|_| ApiError::internal())?;
    }
    let bytes = writer.into_inner().map_err(|_| ApiError::internal())?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes))
}

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

fn rate(numerator: i64, denominator: i64) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        (numerator as f64 / denominator as f64 * 10_000.0).round() / 10_000.0
    }
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
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                "group_by is day, week, brand, issuer_country, three_ds or decision",
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
    }
    .bounds()?;
    let compare = match (&query.compare_from, &query.compare_to) {
        (Some(f), Some(t)) => Some(
            Period {
                from: Some(f.clone()),
                to: Some(t.clone()),
                format: None,
            }
            .bounds()?,
        ),
        (None, None) => None,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidQuery,
                "give both compare_from and compare_to",
            ));
        }
    };
    let group = grouping(query.group_by.as_deref(), tenant_id.is_none())?;
    let home = state.settings.orders.home_country.clone();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (rows, comparison) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            match tenant_id {
                Some(tenant_id) => tenancy::set_tenant(conn, tenant_id).await?,
                None => tenancy::set_platform_scope(conn).await?,
            }
            let rows = analytics::approval_rates(conn, tenant_id, from, to, group, &home).await?;
            let comparison = match compare {
                Some((cf, ct)) => {
                    analytics::approval_rates(
                        conn,
                        tenant_id,
                        cf,
                        ct,
                        ApprovalGrouping::Total,
                        &home,
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
        })
        .await?;
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
async fn approval_rate(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ApprovalQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let report = approval_report(&state, Some(user.tenant_id), &query, None).await?;
    respond(csv, &report, &report.rows, "approval-rate")
}

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

fn month_progress(now: DateTime<Utc>) -> f64 {
    let local = now.with_timezone(&Tokyo);
    let days_in_month = match local.month() {
        2 if NaiveDate::from_ymd_opt(local.year(), 2, 29).is_some() => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let seconds_today = f64::from(local.num_seconds_from_midnight());
    (f64::from(local.day() - 1) + seconds_today / 86_400.0) / f64::from(days_in_month)
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
async fn fraud_exposure(
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

async fn exposure_of(
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
async fn set_threshold(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: web::Json<ThresholdChange>,
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

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewerWorkload {
    /// The reviewer's email (or `user:<id>`).
    pub reviewer: String,
    pub accept: i64,
    pub reject: i64,
    pub hold: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkloadReport {
    pub orders: i64,
    pub decided_automatically: i64,
    /// decided_automatically ÷ orders.
    pub automatic_share: f64,
    /// Orders waiting now (in review or held).
    pub queue_size: i64,
    pub oldest_waiting_seconds: Option<i64>,
    pub median_seconds_to_decision: Option<i64>,
    pub by_reviewer: Vec<ReviewerWorkload>,
}

/// Review workload: the share of orders decided automatically, the queue's size and age, time to
/// decision, decisions per reviewer.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(Period),
    responses((status = 200, body = WorkloadReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/analytics/workload")]
async fn workload(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (load, reviewers) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, user.tenant_id).await?;
            let load = analytics::workload(conn, user.tenant_id, from, to).await?;
            Ok((
                load,
                analytics::decisions_by_reviewer(conn, user.tenant_id, from, to).await?,
            ))
        })
        .await?;
    let report = WorkloadReport {
        automatic_share: rate(load.decided_automatically, load.orders),
        orders: load.orders,
        decided_automatically: load.decided_automatically,
        queue_size: load.queue_size,
        oldest_waiting_seconds: load.oldest_waiting_seconds,
        median_seconds_to_decision: load.median_seconds_to_decision,
        by_reviewer: reviewers
            .into_iter()
            .map(|r| ReviewerWorkload {
                reviewer: r.reviewer,
                accept: r.accept,
                reject: r.reject,
                hold: r.hold,
            })
            .collect(),
    };
    respond(csv, &report, &report.by_reviewer, "workload")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccuracyReport {
    pub true_positives: i64,
    pub false_positives: i64,
    pub true_negatives: i64,
    pub false_negatives: i64,
    /// Of the orders Sekisho flagged (review or reject), the share that was fraud.
    pub precision: f64,
    /// Of the fraud, the share Sekisho flagged.
    pub recall: f64,
    /// Of the good orders, the share Sekisho flagged.
    pub false_positive_rate: f64,
}

/// Accuracy of decisions against later outcomes (chargebacks and fraud confirmed in review
/// against delivered, authorised or accepted orders); orders without an outcome are left out.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(Period),
    responses((status = 200, body = AccuracyReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/analytics/accuracy")]
async fn accuracy(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let c = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, user.tenant_id).await?;
            Ok(analytics::confusion(conn, user.tenant_id, from, to).await?)
        })
        .await?;
    let report = AccuracyReport {
        precision: rate(c.true_positives, c.true_positives + c.false_positives),
        recall: rate(c.true_positives, c.true_positives + c.false_negatives),
        false_positive_rate: rate(c.false_positives, c.false_positives + c.true_negatives),
        true_positives: c.true_positives,
        false_positives: c.false_positives,
        true_negatives: c.true_negatives,
        false_negatives: c.false_negatives,
    };
    respond(csv, &report, std::slice::from_ref(&report), "accuracy")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KindMatches {
    pub kind: String,
    pub orders: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConsortiumReport {
    /// Reports the tenant contributed in the period (not retracted).
    pub reports_contributed: i64,
    /// Orders with a consortium match.
    pub matched_orders: i64,
    /// …of which matched other members' reports (what the tenant consumed).
    pub matched_by_others_reports: i64,
    pub matches_by_kind: Vec<KindMatches>,
    /// Orders flagged only thanks to the consortium: without its points they would have been
    /// accepted under the current review threshold.
    pub stopped_only_by_consortium: i64,
}

/// What the consortium did for the tenant: reports contributed, matches per kind, and the orders
/// stopped only thanks to other members' reports.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    params(Period),
    responses((status = 200, body = ConsortiumReport), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/analytics/consortium")]
async fn consortium(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (totals, kinds) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, user.tenant_id).await?;
            let review_at = i32::from(current(conn, user.tenant_id).await?.thresholds.review_at);
            Ok(analytics::consortium_use(conn, user.tenant_id, from, to, review_at).await?)
        })
        .await?;
    let report = ConsortiumReport {
        reports_contributed: totals.reports_contributed,
        matched_orders: totals.matched_orders,
        matched_by_others_reports: totals.matched_by_others_reports,
        stopped_only_by_consortium: totals.stopped_only_by_consortium,
        matches_by_kind: kinds
            .into_iter()
            .map(|k| KindMatches {
                kind: k.kind,
                orders: k.orders,
            })
            .collect(),
    };
    respond(csv, &report, &report.matches_by_kind, "consortium")
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TodayDecisions {
    pub accept: i64,
    pub review: i64,
    pub reject: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Overview {
    /// Orders scored today (Japan time) by decision.
    pub today: TodayDecisions,
    pub queue_size: i64,
    /// Over the last 30 days; absent without card attempts.
    pub approval_rate_30d: Option<f64>,
    /// Fraud so far this month (JPY) and the threshold it is measured against.
    pub fraud_exposure_month_minor: i64,
    pub threshold_minor: i64,
    pub warning_level: WarningLevel,
}

/// The overview screen's figures in one call.
#[utoipa::path(
    tag = "analytics",
    security(("bearer" = [])),
    responses((status = 200, body = Overview), (status = 401, body = ErrorBody))
)]
#[get("/analytics/overview")]
async fn overview(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let now = Utc::now();
    let home = state.settings.orders.home_country.clone();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (today, load, approval) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, tenant_id).await?;
            let today = analytics::decisions_today(conn, tenant_id).await?;
            let load = analytics::workload(conn, tenant_id, now - Duration::days(1), now).await?;
            let approval = analytics::approval_rates(
                conn,
                Some(tenant_id),
                now - Duration::days(30),
                now,
                ApprovalGrouping::Total,
                &home,
            )
            .await?;
            Ok((today, load, approval))
        })
        .await?;
    drop(conn);
    let exposure = exposure_of(&state, tenant_id, 3, Some("JPY")).await?;
    let approval = approval
        .first()
        .filter(|row| row.attempts > 0)
        .map(|row| rate(row.approved, row.attempts));
    Ok(HttpResponse::Ok().json(Overview {
        today: TodayDecisions {
            accept: today.accept,
            review: today.review,
            reject: today.reject,
        },
        queue_size: load.queue_size,
        approval_rate_30d: approval,
        fraud_exposure_month_minor: exposure.months.last().map(|m| m.fraud_minor).unwrap_or(0),
        threshold_minor: exposure.threshold_minor,
        warning_level: exposure.warning_level,
    }))
}

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
async fn admin_tenants(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<FormatQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let actor = format!("admin:{}", admin.admin_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let summaries = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_platform_scope(conn).await?;
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

/// Approval rates across every tenant (audited); `group_by` may also be `tenant`.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(ApprovalQuery),
    responses((status = 200, body = ApprovalRateReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/analytics/approval-rate")]
async fn admin_approval_rate(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<ApprovalQuery>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let actor = format!("admin:{}", admin.admin_id);
    let report = approval_report(&state, None, &query, Some(actor)).await?;
    respond(csv, &report, &report.rows, "approval-rate")
}
