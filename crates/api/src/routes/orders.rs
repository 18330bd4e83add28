//! Scoring orders (自動判定), looking them up, and reporting what happened to them afterwards.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_scoring::OrderDecision;
use sekisho_scoring::order::{ThreeDsRecommendation, assess, signals_and_reasons};
use sekisho_scoring::policy::RuleHit;
use sekisho_scoring::reasons::Reason;
use sekisho_store::orders::{NewOrder, Order, OrderEvent, OrderFilter, Outcome};
use sekisho_store::{StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers, SystemsOnly, SystemsOrOwner};
use crate::enrichment::{EnrichmentRequest, PhoneLookup};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::idempotency::IdempotencyKey;
use crate::orders::request::ScoreOrderRequest;
use crate::orders::{facts, reporting};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(score_order)
        .service(list_orders)
        .service(get_order)
        .service(record_outcome);
}

/// Sekisho's answer for one order.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderAssessment {
    /// Sekisho's id of the order.
    pub order_id: Uuid,
    /// The merchant's order id.
    pub merchant_order_id: String,
    pub decision: OrderDecision,
    /// 0–100.
    pub score: i16,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
    /// The 3-D Secure recommendation for risk-based authentication.
    pub three_ds: ThreeDsRecommendation,
    /// The policy version that decided.
    pub policy_version: i32,
    /// Passive (shadow) rules that matched: recorded, not applied.
    pub shadow_rules: Vec<RuleHit>,
    pub scored_at: DateTime<Utc>,
}

fn decision_of(order: &Order) -> OrderDecision {
    OrderDecision::parse(&order.decision).unwrap_or(OrderDecision::Review)
}

fn three_ds_of(order: &Order) -> ThreeDsRecommendation {
    serde_json::from_value(serde_json::Value::String(order.three_ds.clone()))
        .unwrap_or(ThreeDsRecommendation::None)
}

impl From<&Order> for OrderAssessment {
    fn from(order: &Order) -> Self {
        Self {
            order_id: order.id,
            merchant_order_id: order.merchant_order_id.clone(),
            decision: decision_of(order),
            score: order.score,
            reasons: serde_json::from_value(order.reasons.clone()).unwrap_or_default(),
            three_ds: three_ds_of(order),
            policy_version: order.policy_version,
            shadow_rules: serde_json::from_value(order.shadow_rules.clone()).unwrap_or_default(),
            scored_at: order.scored_at,
        }
    }
}

fn status_for(decision: OrderDecision) -> &'static str {
    match decision {
        OrderDecision::Accept => "accepted",
        OrderDecision::Review => "in_review",
        OrderDecision::Reject => "rejected",
    }
}

const USUAL_AMOUNT_TTL: Duration = Duration::from_secs(600);

/// Score an order before payment or shipping: accept, review (目視審査) or reject, a 0–100
/// score, the reasons, and a 3-D Secure recommendation. The order and its decision are stored;
/// scoring the same merchant order id again re-scores it. Send an `Idempotency-Key` to make
/// retries return the first answer (see the API guide: one behaviour on every POST).
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 200, body = OrderAssessment),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/orders/score")]
async fn score_order(
    caller: Permitted<SystemsOnly>,
    state: web::Data<AppState>,
    body: Json<ScoreOrderRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let request = body.into_inner();
    let prepared = facts::prepare(&request)?;
    let merchant_order_id = request.order_id.trim().to_owned();
    let settings = &state.settings;
    let currency = prepared.money.code();
    let cached_usual = state
        .usual_amounts
        .get(tenant_id, &currency, USUAL_AMOUNT_TTL);
    // External checks run while the database is read; each is bounded by its own budget.
    let mut enrichment_request = EnrichmentRequest::from_identifiers(&prepared.parsed);
    if let Some(Some(phone)) = &prepared.phone {
        enrichment_request.phone = Some(PhoneLookup::from(phone));
    }
    let enrichment = state.enrichment.clone();
    let enrichment_task = tokio::spawn(async move { enrichment.run(&enrichment_request).await });

    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (reply, scored) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            if let Some(replay) = idempotency.claim(conn, tenant_id).await? {
                return Ok((replay, None));
            }
            let tenant = state.caches.participation(conn, tenant_id).await?;
            let usual = match cached_usual {
                Some(usual) => usual,
                None => Order::usual_amount(conn, tenant_id, &currency).await?,
            };
            let gathered = facts::gather(
                conn,
                &settings.consortium.key,
                &settings.consortium.policy,
                tenant_id,
                tenant.consumes,
                &merchant_order_id,
                &prepared,
                usual,
            )
            .await?;
            let policy = state.caches.policy(conn, tenant_id).await?;
            let mut order_facts = gathered.facts;
            if let Ok(report) = enrichment_task.await {
                order_facts.extra_reasons.extend(report.reasons());
                let ip_tags: Vec<String> =
                    report.ip_tags().into_iter().map(str::to_owned).collect();
                if let Some(ip) = order_facts.ip.as_mut() {
                    for tag in ip_tags {
                        if !ip.tags.contains(&tag) {
                            ip.tags.push(tag);
                        }
                    }
                }
            }
            let (signals, reasons) = signals_and_reasons(&order_facts, &settings.orders);
            let (assessment, signals) =
                assess(signals, reasons, &policy, prepared.three_ds.is_some());
            let new = NewOrder {
                tenant_id,
                id: Uuid::now_v7(),
                merchant_order_id: merchant_order_id.clone(),
                ordered_at: prepared.ordered_at,
                amount_minor: prepared.money.minor,
                currency: currency.clone(),
                payment_method: prepared.payment_method.clone(),
                account_id: prepared.account_id.clone(),
                decision: assessment.decision.as_str().to_owned(),
                score: i16::from(assessment.score),
                reasons: serde_json::to_value(&assessment.reasons)
                    .map_err(|_| ApiError::internal())?,
                three_ds: serde_json::to_value(assessment.three_ds)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "none".to_owned()),
                policy_version: policy.version,
                shadow_rules: serde_json::to_value(&assessment.shadow)
                    .map_err(|_| ApiError::internal())?,
                signals: serde_json::to_value(&signals).map_err(|_| ApiError::internal())?,
                summary: prepared.summary.clone(),
                status: status_for(assessment.decision).to_owned(),
                idempotency_key: None,
            };
            let order = Order::upsert(conn, &new).await?;
            Order::set_identifiers(conn, tenant_id, order.id, Utc::now(), &gathered.stored).await?;
            let reply = idempotency
                .respond(
                    conn,
                    tenant_id,
                    StatusCode::OK,
                    &OrderAssessment::from(&order),
                )
                .await?;
            Ok((reply, Some((order, usual))))
        })
        .await?;
    match scored {
        Some((order, usual)) => {
            state.usual_amounts.put(tenant_id, &currency, usual);
            tracing::info!(tenant.id = %tenant_id, order.id = %order.id, decision = %order.decision, score = order.score, "order scored");
        }
        None => tracing::info!(tenant.id = %tenant_id, "order score replayed"),
    }
    Ok(reply.into())
}

/// An order as the dashboard shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    #[serde(flatten)]
    pub assessment: OrderAssessment,
    pub ordered_at: DateTime<Utc>,
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    pub account_id: Option<String>,
    /// accepted | in_review | held | rejected
    pub status: String,
    pub review_decision: Option<String>,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
    pub authorization_result: Option<String>,
    pub chargeback_at: Option<DateTime<Utc>>,
    pub refunded_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// Masked identifiers and items.
    #[schema(value_type = Object)]
    pub summary: serde_json::Value,
    pub times_scored: i32,
}

impl From<Order> for OrderView {
    fn from(order: Order) -> Self {
        Self {
            assessment: OrderAssessment::from(&order),
            ordered_at: order.ordered_at,
            amount_minor: order.amount_minor,
            currency: order.currency,
            payment_method: order.payment_method,
            account_id: order.account_id,
            status: order.status,
            review_decision: order.review_decision,
            reviewed_by: order.reviewed_by,
            reviewed_at: order.reviewed_at,
            review_note: order.review_note,
            authorization_result: order.authorization_result,
            chargeback_at: order.chargeback_at,
            refunded_at: order.refunded_at,
            delivered_at: order.delivered_at,
            summary: order.summary,
            times_scored: order.times_scored,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrderQuery {
    /// accept | review | reject
    pub decision: Option<String>,
    /// accepted | in_review | held | rejected
    pub status: Option<String>,
    /// Merchant order id prefix.
    pub q: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderPage {
    pub items: Vec<OrderView>,
    pub limit: i64,
    pub offset: i64,
}

/// Search the tenant's orders, newest first.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(OrderQuery),
    responses((status = 200, body = OrderPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/orders")]
async fn list_orders(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    query: web::Query<OrderQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let offset = query.offset.unwrap_or(0).max(0);
    if query
        .decision
        .as_deref()
        .is_some_and(|d| OrderDecision::parse(d).is_none())
    {
        return Err(ApiError::new(
            ErrorCode::InvalidQuery,
            "decision is accept, review or reject",
        ));
    }
    let filter = OrderFilter {
        statuses: query.status.iter().cloned().collect(),
        decision: query.decision.clone(),
        merchant_order_id: query.q.clone().filter(|q| !q.trim().is_empty()),
        from: query.from,
        to: query.to,
        oldest_first: false,
    };
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let orders = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(Order::search(conn, tenant_id, &filter, limit, offset).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(OrderPage {
        items: orders.into_iter().map(OrderView::from).collect(),
        limit,
        offset,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderEventView {
    /// review | authorization | chargeback | chargeback_reversed | refund | delivery
    pub event_type: String,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub actor: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderDetail {
    #[serde(flatten)]
    pub order: OrderView,
    /// The signals the decision was made from (rules and backtests read these).
    #[schema(value_type = Object)]
    pub signals: serde_json::Value,
    pub events: Vec<OrderEventView>,
}

pub fn order_not_found(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => ApiError::not_found("order"),
        other => other.into(),
    }
}

/// One order with its signals and history; by Sekisho's id or the merchant's order id.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Sekisho's id or the merchant's order id")),
    responses((status = 200, body = OrderDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/orders/{order_id}")]
async fn get_order(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (order, events) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let order = Order::find_by_any_id(conn, tenant_id, &order_id)
                .await
                .map_err(order_not_found)?;
            let events = OrderEvent::list(conn, tenant_id, order.id).await?;
            Ok((order, events))
        })
        .await?;
    let signals = order.signals.clone();
    Ok(HttpResponse::Ok().json(OrderDetail {
        order: OrderView::from(order),
        signals,
        events: events
            .into_iter()
            .map(|e| OrderEventView {
                event_type: e.event_type,
                details: e.details,
                actor: e.actor,
                at: e.at,
            })
            .collect(),
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeType {
    /// The card authorisation result (`result`: approved | declined).
    Authorization,
    /// A chargeback: becomes a consortium report when the tenant contributes.
    Chargeback,
    /// The chargeback was reversed: its consortium report is withdrawn.
    ChargebackReversed,
    Refund,
    Delivery,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRequest {
    #[serde(rename = "type")]
    pub outcome: OutcomeType,
    /// For `authorization`: approved | declined.
    pub result: Option<String>,
    pub decline_code: Option<String>,
    /// When it happened (default now).
    pub occurred_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeResponse {
    pub order: OrderView,
    /// The consortium report filed (or withdrawn) because of this outcome.
    pub fraud_report_id: Option<Uuid>,
}

async fn apply_outcome(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    order: &Order,
    outcome: &OutcomeRequest,
    actor: &str,
) -> Result<(Order, Option<Uuid>), ApiError> {
    let at = outcome.occurred_at.unwrap_or_else(Utc::now);
    let (change, event_type) = match outcome.outcome {
        OutcomeType::Authorization => {
            let result = outcome.result.as_deref().unwrap_or_default();
            if !["approved", "declined"].contains(&result) {
                return Err(ApiError::field("result", "approved or declined"));
            }
            (Outcome::Authorization(result.to_owned()), "authorization")
        }
        OutcomeType::Chargeback => (Outcome::Chargeback(at), "chargeback"),
        OutcomeType::ChargebackReversed => (Outcome::ChargebackReversed, "chargeback_reversed"),
        OutcomeType::Refund => (Outcome::Refund(at), "refund"),
        OutcomeType::Delivery => (Outcome::Delivery(at), "delivery"),
    };
    let updated = Order::record_outcome(conn, tenant_id, order.id, &change).await?;
    let report = match outcome.outcome {
        OutcomeType::Chargeback => reporting::report_order(conn, &updated, "chargeback", actor)
            .await?
            .map(|report| report.id),
        OutcomeType::ChargebackReversed => {
            reporting::withdraw_chargeback(conn, &updated, actor).await?;
            None
        }
        _ => None,
    };
    let details = serde_json::json!({
        "result": outcome.result, "decline_code": outcome.decline_code,
        "occurred_at": at, "fraud_report_id": report,
    });
    OrderEvent::record(conn, tenant_id, order.id, event_type, details, actor).await?;
    Ok((updated, report))
}

/// Tell Sekisho what happened to an order: authorisation result, chargeback (reported to the
/// consortium when the tenant contributes), chargeback reversal (the report is withdrawn),
/// refund, delivery. Outcomes feed accuracy analytics.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Sekisho's id or the merchant's order id")),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 200, body = OutcomeResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/orders/{order_id}/outcomes")]
async fn record_outcome(
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
    body: Json<OutcomeRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let actor = caller.actor();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let reply = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        if let Some(replay) = idempotency.claim(conn, tenant_id).await? {
            return Ok(replay);
        }
        let order = Order::find_by_any_id(conn, tenant_id, &order_id)
            .await
            .map_err(order_not_found)?;
        let (order, report) = apply_outcome(conn, tenant_id, &order, &body, &actor).await?;
        let response = OutcomeResponse {
            order: OrderView::from(order),
            fraud_report_id: report,
        };
        idempotency
            .respond(conn, tenant_id, StatusCode::OK, &response)
            .await
    })
    .await?;
    Ok(reply.into())
}
