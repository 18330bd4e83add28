//! Manual review (目視審査): orders that scored in the review band wait here until a reviewer or
//! an owner accepts, rejects or holds them. A rejection as confirmed fraud becomes a consortium
//! report when the tenant contributes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use sekisho_store::orders::{Order, OrderEvent, OrderFilter};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TenantUser;
use crate::auth::caller::{AnyRole, ReviewerOrOwner};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::IdempotencyKey;
use crate::orders::reporting;
use crate::routes::orders::{OrderView, order_not_found};
use crate::state::AppState;
use crate::webhooks;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(review_queue).service(decide);
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct QueueQuery {
    /// Include held orders (default true).
    pub include_held: Option<bool>,
    /// 1–200 (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewQueue {
    /// Oldest first: the order that has waited longest comes first.
    pub items: Vec<OrderView>,
    /// Orders waiting in all (in review and held).
    pub total: i64,
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
    let filter = OrderFilter {
        statuses,
        oldest_first: true,
        ..OrderFilter::default()
    };
    let limit = query.limit.unwrap_or(50).clamp(1, 200);
    let offset = query.offset.unwrap_or(0).max(0);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (orders, total) =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
            let orders = Order::search(conn, tenant_id, &filter, limit, offset).await?;
            let total = Order::count(conn, tenant_id, &["in_review", "held"]).await?;
            Ok((orders, total))
        })
        .await?;
    Ok(HttpResponse::Ok().json(ReviewQueue {
        items: orders.into_iter().map(OrderView::from).collect(),
        total,
    }))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewDecision {
    Accept,
    Reject,
    /// Keep it waiting (e.g. the customer is being called).
    Hold,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    pub decision: ReviewDecision,
    pub note: Option<String>,
    /// For a rejection: confirmed fraud (default true), reported to the consortium when the
    /// tenant contributes. False for a rejection on other grounds.
    pub confirmed_fraud: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewResponse {
    pub order: OrderView,
    pub fraud_report_id: Option<uuid::Uuid>,
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
    let tenant_id = user.tenant_id;
    let reviewer = format!("user:{}", user.user_id);
    let note = body
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_deref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ApiError::field("note", "at most 2000 characters"));
    }
    let (decision, status) = match body.decision {
        ReviewDecision::Accept => ("accept", "accepted"),
        ReviewDecision::Reject => ("reject", "rejected"),
        ReviewDecision::Hold => ("hold", "held"),
    };
    let report_fraud =
        body.decision == ReviewDecision::Reject && body.confirmed_fraud.unwrap_or(true);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let reply = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        if let Some(replay) = idempotency.claim(conn, tenant_id).await? {
            return Ok(replay);
        }
        let waiting = Order::find_by_any_id(conn, tenant_id, &order_id)
            .await
            .map_err(order_not_found)?;
        let order = Order::review(
            conn,
            tenant_id,
            waiting.id,
            decision,
            status,
            &reviewer,
            note.as_deref(),
        )
        .await
        .map_err(|_| ApiError::not_found("order waiting for review"))?;
        let report = if report_fraud {
            reporting::report_order(conn, &order, "other", &reviewer)
                .await?
                .map(|r| r.id)
        } else {
            None
        };
        let details = serde_json::json!({
            "decision": decision, "note": note, "confirmed_fraud": report_fraud,
            "fraud_report_id": report,
        });
        OrderEvent::record(
            conn,
            tenant_id,
            order.id,
            "review",
            details.clone(),
            &reviewer,
        )
        .await?;
        // The note stays out: free text may hold personal data.
        webhooks::enqueue(
            conn,
            tenant_id,
            webhooks::events::REVIEW_DECIDED,
            serde_json::json!({
                "order_id": order.id,
                "merchant_order_id": order.merchant_order_id,
                "decision": decision,
                "status": order.status,
                "confirmed_fraud": report_fraud,
                "fraud_report_id": report,
                "reviewed_by": reviewer,
                "reviewed_at": order.reviewed_at,
            }),
        )
        .await?;
        let response = ReviewResponse {
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
