//! Deciding an order in manual review (目視審査): accept, reject or hold. A rejection as confirmed
//! fraud becomes a consortium report when the tenant contributes; every decision is an order
//! event and a `review.decided` webhook event, in one tenant transaction.

use sekisho_store::orders::{Order, OrderEvent};
use sekisho_store::{Pool, StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ServiceError;
use crate::consortium_filter::ConsortiumFilter;
use crate::idempotency::{self, Answer, RetryKey};
use crate::orders::view::{OrderView, order_not_found};
use crate::reports::from_orders as reporting;
use crate::webhook_events::{self, events};

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

#[derive(Debug, Serialize, ToSchema)]
pub struct UndoResponse {
    /// The order, waiting for review again.
    pub order: OrderView,
    /// The consortium report the undone rejection had filed, now retracted.
    pub retracted_fraud_report_id: Option<uuid::Uuid>,
}

/// Who asks to undo: only the reviewer who decided, or an owner.
#[derive(Debug, Clone, Copy)]
pub struct Undoer<'a> {
    pub actor: &'a str,
    pub is_owner: bool,
}

/// Takes back a review decision made within `window`: the order waits for review again, and the
/// consortium report a rejection filed is retracted (its fingerprints leave the consortium at
/// once). An order event and a `review.decided` webhook event (decision `undone`) record it.
pub async fn undo(
    pool: &Pool,
    tenant_id: Uuid,
    by: Undoer<'_>,
    order_id: &str,
    window: std::time::Duration,
) -> Result<UndoResponse, ServiceError> {
    let window = chrono::Duration::from_std(window)
        .map_err(|_| ServiceError::Internal("the undo window is out of range"))?;
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let decided = Order::find_by_any_id(conn, tenant_id, order_id)
            .await
            .map_err(order_not_found)?;
        let (Some(decision), Some(reviewed_at)) = (&decided.review_decision, decided.reviewed_at)
        else {
            return Err(ServiceError::NotFound("review decision"));
        };
        if !by.is_owner && decided.reviewed_by.as_deref() != Some(by.actor) {
            return Err(ServiceError::Forbidden(
                "only the reviewer who decided, or an owner, may undo a decision",
            ));
        }
        let decided_after = chrono::Utc::now() - window;
        if reviewed_at < decided_after {
            return Err(ServiceError::Conflict(
                "the decision is older than the undo window",
            ));
        }
        let order = Order::undo_review(conn, tenant_id, decided.id, decided_after)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => ServiceError::Conflict("the decision changed meanwhile"),
                other => other.into(),
            })?;
        let retracted = if decision == "reject" {
            reporting::withdraw_review_report(conn, &order, by.actor).await?
        } else {
            None
        };
        let details = serde_json::json!({
            "undone": decision, "decided_at": reviewed_at, "retracted_fraud_report_id": retracted,
        });
        OrderEvent::record(
            conn,
            tenant_id,
            order.id,
            "review_undone",
            details,
            by.actor,
        )
        .await?;
        webhook_events::enqueue(
            conn,
            tenant_id,
            events::REVIEW_DECIDED,
            serde_json::json!({
                "order_id": order.id,
                "merchant_order_id": order.merchant_order_id,
                "decision": "undone",
                "undone": decision,
                "status": order.status,
                "retracted_fraud_report_id": retracted,
                "reviewed_by": by.actor,
            }),
        )
        .await?;
        Ok(UndoResponse {
            order: OrderView::from(order),
            retracted_fraud_report_id: retracted,
        })
    })
    .await
}

/// Decides one order waiting for review (by Sekisho's id or the merchant's order id); the answer
/// (`ReviewResponse`, 200) is stored under the caller's Idempotency-Key in the same transaction.
/// Not found when the order is not waiting.
pub async fn decide(
    pool: &Pool,
    filter: &ConsortiumFilter,
    tenant_id: Uuid,
    reviewer: &str,
    order_id: &str,
    command: &ReviewRequest,
    retry: Option<&RetryKey>,
) -> Result<Answer<ReviewResponse>, ServiceError> {
    let note = command
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_deref().is_some_and(|n| n.chars().count() > 2000) {
        return Err(ServiceError::field("note", "at most 2000 characters"));
    }
    let (decision, status) = match command.decision {
        ReviewDecision::Accept => ("accept", "accepted"),
        ReviewDecision::Reject => ("reject", "rejected"),
        ReviewDecision::Hold => ("hold", "held"),
    };
    let report_fraud =
        command.decision == ReviewDecision::Reject && command.confirmed_fraud.unwrap_or(true);
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
            return Ok(Answer::Replayed(replay));
        }
        let waiting = Order::find_by_any_id(conn, tenant_id, order_id)
            .await
            .map_err(order_not_found)?;
        let order = Order::review(
            conn,
            tenant_id,
            waiting.id,
            decision,
            status,
            reviewer,
            note.as_deref(),
        )
        .await
        .map_err(|error| match error {
            // Not waiting (decided already, or never in review).
            StoreError::NotFound => ServiceError::NotFound("order waiting for review"),
            other => other.into(),
        })?;
        let report = if report_fraud {
            reporting::report_order(conn, filter, &order, "other", reviewer)
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
            reviewer,
        )
        .await?;
        // The note stays out: free text may hold personal data.
        webhook_events::enqueue(
            conn,
            tenant_id,
            events::REVIEW_DECIDED,
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
        let reply = idempotency::respond(conn, tenant_id, retry, 200, &response).await?;
        Ok(Answer::Done {
            reply,
            outcome: response,
        })
    })
    .await
}
