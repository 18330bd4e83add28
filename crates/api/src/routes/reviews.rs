//! Manual review (目視審査): orders that scored in the review band wait here until a reviewer or
//! an owner accepts, rejects or holds them. A rejection as confirmed fraud becomes a consortium
//! report when the tenant contributes.

use actix_web::{HttpResponse, delete, get, post, web};
use sekisho_domain::ReasonCode;
use sekisho_service::orders::review;
use sekisho_service::orders::review::{UndoResponse, Undoer};
use sekisho_service::orders::view::OrderView;
use sekisho_store::orders::{Order, OrderFilter, OrderSort};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, ReviewerOrOwner};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::page::{self, Position};
use crate::state::AppState;

pub use sekisho_service::orders::review::{ReviewDecision, ReviewRequest, ReviewResponse};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(review_queue).service(decide).service(undo);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    /// Include held orders (default true).
    pub include_held: Option<bool>,
    /// age (waited longest first, the default) | score (highest first) | amount (largest
    /// first) | newest.
    pub sort: Option<String>,
    /// Only orders with a reason of this code (e.g. `consortium_card`).
    pub reason: Option<String>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
    /// Rows to skip (older form of `cursor`).
    pub offset: Option<i64>,
    /// `next_cursor` of the previous page (opaque). `offset` still works; `cursor` wins.
    pub cursor: Option<String>,
    /// The dashboard's test/live switch: `false` shows test-mode orders (default `true`).
    pub livemode: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewQueue {
    /// Oldest first: the order that has waited longest comes first.
    pub items: Vec<OrderView>,
    /// Orders waiting in all (in review and held).
    pub total: i64,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// The review queue, oldest first, each order with its reasons.
#[utoipa::path(
    tag = "reviews",
    security(("bearer" = [])),
    params(QueueQuery),
    responses((status = 200, body = ReviewQueue), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/reviews")]
async fn review_queue(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = user.tenant_id;
    let statuses: Vec<String> = if query.include_held.unwrap_or(true) {
        vec!["in_review".into(), "held".into()]
    } else {
        vec!["in_review".into()]
    };
    let sort = match query.sort.as_deref().unwrap_or("age") {
        "age" => OrderSort::Oldest,
        "score" => OrderSort::Score,
        "amount" => OrderSort::Amount,
        "newest" => OrderSort::Newest,
        _ => {
            return Err(ApiError::query_field(
                "sort",
                "is age, score, amount or newest",
            ));
        }
    };
    let reason = match query
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(code) if code.parse::<ReasonCode>().is_ok() => Some(code.to_owned()),
        Some(_) => {
            return Err(ApiError::query_field(
                "reason",
                "is a reason code (docs/REASONS.md)",
            ));
        }
        None => None,
    };
    let filter = OrderFilter {
        statuses,
        oldest_first: true,
        livemode: query.livemode.unwrap_or(true),
        sort: Some(sort),
        reason,
        ..OrderFilter::default()
    };
    let limit = page::LIMITS.of(query.limit);
    let offset = page::offset(query.cursor.as_deref(), query.offset)?;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (orders, total) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let orders = Order::search(conn, tenant_id, &filter, limit + 1, offset).await?;
            let total =
                Order::count(conn, tenant_id, &["in_review", "held"], filter.livemode).await?;
            Ok((orders, total))
        })
        .await?;
    let (orders, next_cursor) = page::split(orders, limit, |_| Position::Offset(offset + limit));
    Ok(HttpResponse::Ok().json(ReviewQueue {
        items: orders.into_iter().map(OrderView::from).collect(),
        total,
        next_cursor,
    }))
}

/// Decide an order in review (reviewers and owners). 404 when the order is not waiting.
#[utoipa::path(
    tag = "reviews",
    security(("bearer" = [])),
    params(
        ("order_id" = String, Path, description = "Sekisho's id or the merchant's order id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters"),
    ),
    responses(
        (status = 200, body = ReviewResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[post("/reviews/{order_id}")]
async fn decide(
    user: TenantUser<ReviewerOrOwner>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
    body: Json<ReviewRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let reviewer = format!("user:{}", user.user_id);
    let answer = review::decide(
        &state.pool,
        &state.consortium_filter,
        user.tenant_id,
        &reviewer,
        &order_id,
        &body,
        idempotency.retry(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}

/// Undo a review decision within the undo window (`SEKISHO_REVIEW_UNDO_MINUTES`, default 10):
/// the order waits for review again, and the consortium report a rejection filed is retracted.
/// Only the reviewer who decided, or an owner; 409 once the window has passed.
#[utoipa::path(
    tag = "reviews",
    security(("bearer" = [])),
    params(("order_id" = String, Path, description = "Sekisho's id or the merchant's order id")),
    responses(
        (status = 200, body = UndoResponse),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[delete("/reviews/{order_id}")]
async fn undo(
    user: TenantUser<ReviewerOrOwner>,
    state: web::Data<AppState>,
    order_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = format!("user:{}", user.user_id);
    let undone = review::undo(
        &state.pool,
        user.tenant_id,
        Undoer {
            actor: &actor,
            is_owner: user.role == sekisho_domain::Role::Owner,
        },
        &order_id,
        state.settings.review_undo_window,
    )
    .await?;
    Ok(HttpResponse::Ok().json(undone))
}
