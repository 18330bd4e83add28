//! Scoring orders (自動判定), looking them up, and reporting what happened to them afterwards.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::OrderStatus;
use sekisho_domain::customer_data::CustomerRecord;
use sekisho_scoring::OrderDecision;
use sekisho_service::orders::customer::{self, Access, Reader};
use sekisho_service::orders::outcomes::{self, OutcomeRequest, OutcomeResponse};
use sekisho_service::orders::related::{self, RelatedOrders};
use sekisho_service::orders::request::ScoreOrderRequest;
use sekisho_service::orders::scoring::{self, OrderAssessment, OrderScoring};
use sekisho_service::orders::search::{self, IdentifierTerms};
use sekisho_store::orders::{Order, OrderEvent, OrderFilter};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, Permitted, Readers, SystemsOnly, SystemsOrOwner, TenantCaller};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::page::{self, Position};
use crate::state::AppState;
use sekisho_outbound::OrderChecks;

pub use sekisho_service::orders::view::{OrderView, order_not_found};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(score_order)
        .service(list_orders)
        .service(get_order)
        .service(related_orders)
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
        filter: &state.consortium_filter,
        reference: &state.caches,
        match_policy: &state.settings.consortium.policy,
        signals: &state.settings.orders,
        tenants: &*state.caches,
        external: &OrderChecks(state.enrichment.clone()),
        usual_amounts: &state.usual_amounts,
        livemode: caller.livemode(),
        customer_data: state.settings.customer_data_key.as_deref(),
        writer: &state.order_writer,
        velocity: &state.velocity_reader,
    };
    let answer = scoring::score(
        with,
        caller.tenant_id(),
        &body,
        idempotency.in_mode(caller.livemode()).retry(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrderQuery {
    /// accept | review | reject
    pub decision: Option<String>,
    /// accepted | in_review | held | rejected
    pub status: Option<String>,
    /// Merchant order id prefix.
    pub q: Option<String>,
    /// Scored at or after.
    pub from: Option<DateTime<Utc>>,
    /// Scored before.
    pub to: Option<DateTime<Utc>>,
    /// The customer's email, in any notation (normalised and fingerprinted as scoring does).
    pub email: Option<String>,
    /// The customer's phone, in any notation: `090-1234-5678` and `+81 90 1234 5678` find the
    /// same orders.
    pub phone: Option<String>,
    /// The checkout's IP address.
    pub ip: Option<String>,
    /// The device tag's token or the merchant's device id.
    pub device_id: Option<String>,
    /// The shipping address on one line, down to the room (the same delivery point whatever
    /// the notation: 丁目/番地, hyphens, full-width digits).
    pub address: Option<String>,
    /// The card's BIN (6–8 digits; a prefix matches).
    pub card_bin: Option<String>,
    /// The card's last four digits.
    pub card_last4: Option<String>,
    /// `amount_minor` at least (the currency's smallest unit: yen for JPY).
    pub min_amount: Option<i64>,
    /// `amount_minor` at most.
    pub max_amount: Option<i64>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
    /// Rows to skip (older form of `cursor`).
    pub offset: Option<i64>,
    /// `next_cursor` of the previous page (opaque). `offset` still works; `cursor` wins.
    pub cursor: Option<String>,
    /// The dashboard's test/live switch: `false` lists test-mode orders (default `true`). An
    /// API key always lists its own mode's.
    pub livemode: Option<bool>,
}

/// The dashboard's test/live switch on a read of one thing.
#[derive(Debug, Deserialize, IntoParams)]
pub struct ModeQuery {
    /// `false` reads test-mode data (default `true`). An API key always reads its own mode's.
    pub livemode: Option<bool>,
}

fn digits(
    field: &'static str,
    value: &Option<String>,
    lengths: std::ops::RangeInclusive<usize>,
) -> Result<Option<String>, ApiError> {
    let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().all(|c| c.is_ascii_digit()) && lengths.contains(&value.len()) {
        Ok(Some(value.to_owned()))
    } else {
        Err(ApiError::query_field(
            field,
            format!("must be {} to {} digits", lengths.start(), lengths.end()),
        ))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderPage {
    pub items: Vec<OrderView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// Search the tenant's orders, newest first: by decision, status, amount, time, merchant order id
/// prefix, and by the customer's identifiers (email, phone, IP, device, one-line address: each
/// normalised and fingerprinted as scoring stored it, so every notation of a value finds the same
/// orders) or card (BIN, last four). Terms combine with AND.
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
    let limit = page::LIMITS.of(query.limit);
    let offset = page::offset(query.cursor.as_deref(), query.offset)?;
    if query
        .decision
        .as_deref()
        .is_some_and(|d| OrderDecision::parse(d).is_none())
    {
        return Err(ApiError::query_field(
            "decision",
            "is accept, review or reject",
        ));
    }
    if query
        .status
        .as_deref()
        .is_some_and(|s| OrderStatus::parse(s).is_none())
    {
        return Err(ApiError::query_field(
            "status",
            "is accepted, in_review, held or rejected",
        ));
    }
    let terms = IdentifierTerms {
        email: query.email.clone(),
        phone: query.phone.clone(),
        ip: query.ip.clone(),
        device_id: query.device_id.clone(),
        address: query.address.clone(),
    };
    let identifiers = search::fingerprints(&state.settings.consortium.key, &terms)?;
    let filter = OrderFilter {
        statuses: query.status.iter().cloned().collect(),
        decision: query.decision.clone(),
        merchant_order_id: query.q.clone().filter(|q| !q.trim().is_empty()),
        from: query.from,
        to: query.to,
        livemode: caller.livemode_or(query.livemode),
        identifiers,
        card_bin: digits("card_bin", &query.card_bin, 6..=8)?,
        card_last4: digits("card_last4", &query.card_last4, 4..=4)?,
        min_amount_minor: query.min_amount,
        max_amount_minor: query.max_amount,
        ..OrderFilter::default()
    };
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let orders = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(Order::search(conn, tenant_id, &filter, limit + 1, offset).await?)
    })
    .await?;
    let (orders, next_cursor) = page::split(orders, limit, |_| Position::Offset(offset + limit));
    Ok(HttpResponse::Ok().json(OrderPage {
        items: orders.into_iter().map(OrderView::from).collect(),
        next_cursor,
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
    /// The customer as the checkout sent them: unmasked for owners and reviewers (each view is
    /// audited), masked for analysts, absent for API keys unless the tenant enables it; `null`
    /// when none was sent or it was purged after the tenant's retention period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Option<CustomerRecord>>,
    /// unmasked | masked | none: what this caller may see of the customer.
    pub customer_access: String,
}

/// One order with its signals and history; by Sekisho's id or the merchant's order id.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Sekisho's id or the merchant's order id"), ModeQuery),
    responses((status = 200, body = OrderDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/orders/{order_id}")]
async fn get_order(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
    query: web::Query<ModeQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let livemode = caller.livemode_or(query.livemode);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let reader = match *caller {
        TenantCaller::ApiKey(_) => Reader::ApiKey,
        TenantCaller::User { role, .. } => Reader::Staff(role),
    };
    let key = state.settings.customer_data_key.as_deref();
    let (order, events, (record, access)) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let order = Order::find_by_any_id(conn, tenant_id, &order_id, Some(livemode))
                .await
                .map_err(order_not_found)?;
            let events = OrderEvent::list(conn, tenant_id, order.id).await?;
            let customer = customer::read(conn, key, &order, reader, &caller.actor()).await?;
            Ok((order, events, customer))
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
        customer: (access != Access::None).then_some(record),
        customer_access: access.as_str().to_owned(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RelatedQuery {
    /// 1 or 2 hops (default 1).
    pub depth: Option<u8>,
}

/// The tenant's orders linked to this one through shared identifiers (card, phone, email,
/// delivery point, building, device, account, IP), up to two hops, each link naming the
/// identifiers that join its orders. Fan-out is bounded (25 orders per identifier on the first
/// hop, the first 25 of those followed again with 10 per identifier, 150 orders at most);
/// `truncated` says when a bound cut the graph short.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Sekisho's id or the merchant's order id"), RelatedQuery),
    responses((status = 200, body = RelatedOrders), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/orders/{order_id}/related")]
async fn related_orders(
    staff: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
    query: web::Query<RelatedQuery>,
) -> Result<HttpResponse, ApiError> {
    let depth = query.depth.unwrap_or(1);
    if !(1..=2).contains(&depth) {
        return Err(ApiError::query_field("depth", "is 1 or 2"));
    }
    let tenant_id = staff.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let graph = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let order = Order::find_by_any_id(conn, tenant_id, &order_id, None)
            .await
            .map_err(order_not_found)?;
        Ok(related::graph(conn, tenant_id, &order, depth).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(graph))
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
    let answer = outcomes::record(
        &state.pool,
        &state.consortium_filter,
        caller.tenant_id(),
        &caller.actor(),
        &order_id,
        &body,
        idempotency.in_mode(caller.livemode()).retry(),
        caller.livemode(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}
