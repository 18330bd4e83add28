//! Outcomes of an order (`POST /v1/orders/{order_id}/outcomes`): the authorisation result, a
//! chargeback (filed to the consortium when the tenant contributes), its reversal (the report
//! withdrawn), a refund, a delivery. Each is an order event; outcomes feed accuracy analytics.

use chrono::{DateTime, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_store::orders::{Order, OrderEvent, Outcome};
use sekisho_store::{Pool, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::ServiceError;
use crate::consortium_filter::ConsortiumFilter;
use crate::idempotency::{self, Answer, RetryKey};
use crate::orders::view::{OrderView, order_not_found};
use crate::reports::from_orders as reporting;

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
    filter: &ConsortiumFilter,
    tenant_id: Uuid,
    order: &Order,
    outcome: &OutcomeRequest,
    actor: &str,
) -> Result<(Order, Option<Uuid>), ServiceError> {
    let at = outcome.occurred_at.unwrap_or_else(Utc::now);
    let (change, event_type) = match outcome.outcome {
        OutcomeType::Authorization => {
            let result = outcome.result.as_deref().unwrap_or_default();
            if !["approved", "declined"].contains(&result) {
                return Err(ServiceError::field("result", "approved or declined"));
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
        OutcomeType::Chargeback => {
            reporting::report_order(conn, filter, &updated, "chargeback", actor)
                .await?
                .map(|report| report.id)
        }
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

/// Records one outcome of an order (by Sekisho's id or the merchant's order id) in one tenant
/// transaction; the answer (`OutcomeResponse`, 200) is stored under the caller's
/// Idempotency-Key in it.
#[allow(clippy::too_many_arguments)]
pub async fn record(
    pool: &Pool,
    filter: &ConsortiumFilter,
    tenant_id: Uuid,
    actor: &str,
    order_id: &str,
    outcome: &OutcomeRequest,
    retry: Option<&RetryKey>,
    livemode: bool,
) -> Result<Answer<OutcomeResponse>, ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
            return Ok(Answer::Replayed(replay));
        }
        let order = Order::find_by_any_id(conn, tenant_id, order_id, Some(livemode))
            .await
            .map_err(order_not_found)?;
        let (order, report) =
            apply_outcome(conn, filter, tenant_id, &order, outcome, actor).await?;
        let response = OutcomeResponse {
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
