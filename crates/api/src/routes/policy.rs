//! The tenant's policy: thresholds and rules, versioned; and the backtest that replays a
//! candidate policy over the tenant's stored orders before it goes live.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, post, put, web};
use chrono::{DateTime, Duration, Utc};
use sekisho_scoring::OrderDecision;
use sekisho_scoring::order::assess;
use sekisho_scoring::policy::{Policy, Rule, Signals, Thresholds, holds};
use sekisho_scoring::reasons::{Reason, ReasonCode};
use sekisho_scoring::signals::{self, SignalSpec};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::orders::{self as stored_orders, replayable};
use sekisho_store::policies::StoredPolicy;
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, OwnerOnly};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::caches::Change;
use sekisho_service::orders::policy::{current, from_stored};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_policy)
        .service(put_policy)
        .service(versions)
        .service(signal_catalogue)
        .service(shadow_hits)
        .service(backtest);
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PolicyView {
    /// 0 is the built-in default (no rules, review at 40, reject at 80).
    pub version: i32,
    pub review_at: u8,
    pub reject_at: u8,
    pub rules: Vec<Rule>,
    pub created_by: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
}

impl PolicyView {
    fn of(policy: Policy, stored: Option<&StoredPolicy>) -> Self {
        Self {
            version: policy.version,
            review_at: policy.thresholds.review_at,
            reject_at: policy.thresholds.reject_at,
            rules: policy.rules,
            created_by: stored.map(|s| s.created_by.clone()),
            created_at: stored.map(|s| s.created_at),
        }
    }
}

/// The tenant's current policy.
#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    responses((status = 200, body = PolicyView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/policy")]
async fn get_policy(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (policy, stored) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let stored = StoredPolicy::current(conn, tenant_id).await?;
            Ok((current(conn, tenant_id).await?, stored))
        })
        .await?;
    Ok(HttpResponse::Ok().json(PolicyView::of(policy, stored.as_ref())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyChange {
    pub review_at: u8,
    pub reject_at: u8,
    #[serde(default)]
    pub rules: Vec<Rule>,
}

/// Save a new version of the policy (owners). Orders scored from now on record this version.
#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    responses(
        (status = 200, body = PolicyView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/policy")]
async fn put_policy(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<PolicyChange>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = owner.tenant_id;
    let change = body.into_inner();
    let thresholds = Thresholds {
        review_at: change.review_at,
        reject_at: change.reject_at,
    };
    Policy::validate(&thresholds, &change.rules)
        .map_err(|problem| ApiError::field(&problem.path, problem.message))?;
    let rules = serde_json::to_value(&change.rules)
        .map_err(|error| ApiError::internal_because("rules did not serialise", error))?;
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let stored = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let stored = StoredPolicy::save(
            conn,
            tenant_id,
            i16::from(change.review_at),
            i16::from(change.reject_at),
            rules,
            &actor,
        )
        .await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor: &actor,
                action: "policy.update",
                target: Some(&stored.version.to_string()),
                details: serde_json::json!({
                    "review_at": change.review_at, "reject_at": change.reject_at,
                    "rules": change.rules.len(),
                }),
            },
        )
        .await?;
        Ok(stored)
    })
    .await?;
    // At once in this process; other processes hear of it through the trigger's notification.
    state.caches.apply(Change::Policy { tenant_id }).await;
    let policy = from_stored(stored.clone())?;
    Ok(HttpResponse::Ok().json(PolicyView::of(policy, Some(&stored))))
}

/// The signals rules may read, with their types (`number`, `string`, `boolean`,
/// `string_array`) and descriptions; `PUT /v1/policy` refuses rules that name other signals or
/// compare them with values of another type.
#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<SignalSpec>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/policy/signals")]
async fn signal_catalogue(_user: TenantUser<AnyRole>) -> HttpResponse {
    HttpResponse::Ok().json(signals::catalogue())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ShadowHitsQuery {
    /// Over the orders scored in the last `days` (1–90, default 30).
    pub days: Option<i64>,
}

/// How many live orders each passive (shadow) rule matched, by rule id, as the orders
/// recorded it when they were scored: what a passive rule would have done had it been active.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShadowHitsReport {
    pub days: i64,
    pub rules: Vec<RuleHits>,
}

#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    params(ShadowHitsQuery),
    responses(
        (status = 200, body = ShadowHitsReport),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)
    )
)]
#[get("/policy/shadow-hits")]
async fn shadow_hits(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<ShadowHitsQuery>,
) -> Result<HttpResponse, ApiError> {
    let days = query.days.unwrap_or(30);
    if !(1..=90).contains(&days) {
        return Err(ApiError::query_field("days", "is 1 to 90"));
    }
    let tenant_id = user.tenant_id;
    let since = Utc::now() - Duration::days(days);
    let mut conn = sekisho_store::pool::get(&state.read_pool).await?;
    let found = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(stored_orders::shadow_hits(conn, tenant_id, since).await?)
    })
    .await?;
    let rules = found
        .into_iter()
        .map(|hit| RuleHits {
            id: hit.id,
            name: hit.name,
            hits: usize::try_from(hit.hits).unwrap_or_default(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(ShadowHitsReport { days, rules }))
}

/// Every saved version, newest first.
#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<PolicyView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/policy/versions")]
async fn versions(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let stored = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(StoredPolicy::versions(conn, tenant_id).await?)
    })
    .await?;
    let views = stored
        .into_iter()
        .map(|s| from_stored(s.clone()).map(|policy| PolicyView::of(policy, Some(&s))))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(views))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BacktestRequest {
    /// The candidate thresholds (default: the current ones).
    pub review_at: Option<u8>,
    pub reject_at: Option<u8>,
    /// The candidate rules (default: the current ones). Send the whole rule set.
    pub rules: Option<Vec<Rule>>,
    /// Replay orders of the last N days (1–365, default 90).
    pub days: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChangedOrder {
    pub order_id: Uuid,
    pub merchant_order_id: String,
    pub from: OrderDecision,
    pub to: OrderDecision,
    /// Charged back or rejected as fraud in review.
    pub confirmed_fraud: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BacktestReport {
    pub orders: usize,
    pub changed: usize,
    /// e.g. `{"accept→review": 12}`.
    pub transitions: BTreeMap<String, usize>,
    /// Decisions before and after, counted.
    pub before: BTreeMap<String, usize>,
    pub after: BTreeMap<String, usize>,
    /// Confirmed-fraud orders the candidate would no longer accept / would newly accept.
    pub fraud_newly_stopped: usize,
    pub fraud_newly_accepted: usize,
    /// The first 100 changed orders.
    pub changed_orders: Vec<ChangedOrder>,
    /// Per rule of the candidate (active and passive, in policy order): how many of the
    /// replayed orders it matched.
    pub rule_hits: Vec<RuleHits>,
}

/// How many replayed orders one rule matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleHits {
    pub id: String,
    pub name: String,
    pub hits: usize,
}

const BACKTEST_MAX_ORDERS: i64 = 50_000;

/// Replay a candidate policy over the tenant's stored orders and report how decisions would
/// change (nothing is saved).
#[utoipa::path(
    tag = "policy",
    security(("bearer" = [])),
    responses(
        (status = 200, body = BacktestReport),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/policy/backtest")]
async fn backtest(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    body: Json<BacktestRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let days = body.days.unwrap_or(90).clamp(1, 365);
    let since = Utc::now() - Duration::days(days);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (live, orders) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let live = current(conn, tenant_id).await?;
            Ok((
                live,
                replayable(conn, tenant_id, since, BACKTEST_MAX_ORDERS).await?,
            ))
        })
        .await?;
    let candidate = Policy {
        version: live.version,
        thresholds: Thresholds {
            review_at: body.review_at.unwrap_or(live.thresholds.review_at),
            reject_at: body.reject_at.unwrap_or(live.thresholds.reject_at),
        },
        rules: body.rules.clone().unwrap_or(live.rules),
    };
    Policy::validate(&candidate.thresholds, &candidate.rules)
        .map_err(|problem| ApiError::field(&problem.path, problem.message))?;
    // Replaying is pure CPU over possibly many orders: off the async workers.
    let report = tokio::task::spawn_blocking(move || replay(&candidate, &orders))
        .await
        .map_err(|error| ApiError::internal_because("the backtest did not finish", error))?;
    Ok(HttpResponse::Ok().json(report))
}

fn replay(candidate: &Policy, orders: &[sekisho_store::orders::Replayable]) -> BacktestReport {
    let mut report = BacktestReport {
        orders: orders.len(),
        changed: 0,
        transitions: BTreeMap::new(),
        before: BTreeMap::new(),
        after: BTreeMap::new(),
        fraud_newly_stopped: 0,
        fraud_newly_accepted: 0,
        changed_orders: Vec::new(),
        rule_hits: candidate
            .rules
            .iter()
            .map(|rule| RuleHits {
                id: rule.id.clone(),
                name: rule.name.clone(),
                hits: 0,
            })
            .collect(),
    };
    for order in orders {
        let before = order.decision.0;
        let mut signals: Signals =
            serde_json::from_value(order.signals.clone()).unwrap_or_default();
        signals.remove("score.base");
        let reasons: Vec<Reason> = order
            .reasons
            .0
            .iter()
            .filter(|reason| reason.code != ReasonCode::CustomRule)
            .cloned()
            .collect();
        let three_ds_done = signals.contains_key("three_ds.status");
        for (rule, counted) in candidate.rules.iter().zip(report.rule_hits.iter_mut()) {
            if holds(&rule.when, &signals) {
                counted.hits += 1;
            }
        }
        let after = assess(signals, reasons, candidate, three_ds_done)
            .0
            .decision;
        *report.before.entry(before.as_str().to_owned()).or_default() += 1;
        *report.after.entry(after.as_str().to_owned()).or_default() += 1;
        if before == after {
            continue;
        }
        report.changed += 1;
        *report
            .transitions
            .entry(format!("{}→{}", before.as_str(), after.as_str()))
            .or_default() += 1;
        if order.confirmed_fraud {
            if before == OrderDecision::Accept {
                report.fraud_newly_stopped += 1;
            }
            if after == OrderDecision::Accept {
                report.fraud_newly_accepted += 1;
            }
        }
        if report.changed_orders.len() < 100 {
            report.changed_orders.push(ChangedOrder {
                order_id: order.id,
                merchant_order_id: order.merchant_order_id.clone(),
                from: before,
                to: after,
                confirmed_fraud: order.confirmed_fraud,
            });
        }
    }
    report
}
