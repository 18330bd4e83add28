//! An order as staff and merchants read it back.

use chrono::{DateTime, Utc};
use sekisho_store::StoreError;
use sekisho_store::orders::Order;
use serde::Serialize;
use utoipa::ToSchema;

use crate::ServiceError;
use crate::orders::scoring::OrderAssessment;

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
            status: order.status.as_str().to_owned(),
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

/// An order the command names that this tenant does not have.
pub fn order_not_found(error: StoreError) -> ServiceError {
    match error {
        StoreError::NotFound => ServiceError::NotFound("order"),
        other => other.into(),
    }
}
