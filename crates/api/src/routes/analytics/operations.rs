//! Review workload, accuracy against outcomes, the consortium's contribution, the overview.

use actix_web::{HttpResponse, get, web};
use chrono::{Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::exposure::exposure_of;
use super::{Period, rate, respond, wants_csv};
use crate::auth::TenantUser;
use crate::auth::caller::AnyRole;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use sekisho_scoring::exposure::WarningLevel;
use sekisho_service::orders::policy::current;
use sekisho_store::analytics::{self, ApprovalGrouping};
use sekisho_store::tenancy;

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
pub(super) async fn workload(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let livemode = query.livemode.unwrap_or(true);
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let (load, reviewers) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, user.tenant_id, async |conn| {
            let load = analytics::workload(conn, user.tenant_id, from, to, livemode).await?;
            Ok((
                load,
                analytics::decisions_by_reviewer(conn, user.tenant_id, from, to, livemode).await?,
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
pub(super) async fn accuracy(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let livemode = query.livemode.unwrap_or(true);
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let c = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, user.tenant_id, async |conn| {
        Ok(analytics::confusion(conn, user.tenant_id, from, to, livemode).await?)
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
pub(super) async fn consortium(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<Period>,
) -> Result<HttpResponse, ApiError> {
    let csv = wants_csv(query.format.as_deref())?;
    let (from, to) = query.bounds()?;
    let livemode = query.livemode.unwrap_or(true);
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let (totals, kinds) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, user.tenant_id, async |conn| {
            let review_at = i32::from(current(conn, user.tenant_id).await?.thresholds.review_at);
            Ok(
                analytics::consortium_use(conn, user.tenant_id, from, to, review_at, livemode)
                    .await?,
            )
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
    params(super::ModeQuery),
    responses((status = 200, body = Overview), (status = 401, body = ErrorBody))
)]
#[get("/analytics/overview")]
pub(super) async fn overview(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<super::ModeQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let livemode = query.livemode.unwrap_or(true);
    let now = Utc::now();
    let home = state.settings.orders.home_country.clone();
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let (today, load, approval) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let today = analytics::decisions_today(conn, tenant_id, livemode).await?;
            let load = analytics::workload(conn, tenant_id, now - Duration::days(1), now, livemode)
                .await?;
            let approval = analytics::approval_rates(
                conn,
                Some(tenant_id),
                now - Duration::days(30),
                now,
                ApprovalGrouping::Total,
                &home,
                livemode,
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
