//! Scoring orders (自動判定), looking them up, and reporting what happened to them afterwards.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_scoring::OrderDecision;
use sekisho_service::orders::request::ScoreOrderRequest;
use sekisho_service::orders::scoring::{self, OrderAssessment, OrderScoring};
use sekisho_store::orders::{Order, OrderEvent, OrderFilter, Outcome};
use sekisho_store::{StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers, SystemsOnly, SystemsOrOwner};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::orders::OrderChecks;
use crate::orders::reporting;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(score_order)
        .service(list_orders)
        .service(get_order)
        .service(record_outcome);
}

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
    let with = OrderScoring {
        pool: &state.pool,
        key: &state.settings.consortium.key,
        match_policy: &state.settings.consortium.policy,
        signals: &state.settings.orders,
        tenants: &*state.caches,
        external: &OrderChecks(state.enrichment.clone()),
        usual_amounts: &state.usual_amounts,
    };
    let answer = scoring::score(with, caller.tenant_id(), &body, idempotency.retry()).await?;
    Ok(Reply::from(answer.into_reply()).into())
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
