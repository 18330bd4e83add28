//! What Sekisho decides and what staff decide: the outcome of scoring an order, a login or a
//! card payment attempt, a reviewer's decision, and the order statuses they lead to.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    IntoStaticStr,
    EnumString,
    VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OrderDecision {
    Accept,
    Review,
    Reject,
}

/// A login's outcome (OK / REVIEW / NG): let it through, ask for a second factor, or refuse.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    IntoStaticStr,
    EnumString,
    VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LoginDecision {
    Allow,
    Challenge,
    Deny,
}

/// A payment attempt's outcome, as for orders: accept, review or reject.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    IntoStaticStr,
    EnumString,
    VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PaymentDecision {
    Accept,
    Review,
    Reject,
}

/// Where an order stands: decided by scoring, then by a reviewer (目視審査).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    IntoStaticStr,
    EnumString,
    VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OrderStatus {
    Accepted,
    InReview,
    /// A reviewer keeps it waiting (e.g. the customer is being called).
    Held,
    Rejected,
}

impl OrderStatus {
    /// Where scoring puts an order.
    pub fn after_scoring(decision: OrderDecision) -> Self {
        match decision {
            OrderDecision::Accept => OrderStatus::Accepted,
            OrderDecision::Review => OrderStatus::InReview,
            OrderDecision::Reject => OrderStatus::Rejected,
        }
    }

    /// Still in the review queue.
    pub fn awaits_review(self) -> bool {
        matches!(self, OrderStatus::InReview | OrderStatus::Held)
    }
}

crate::vocabulary!(OrderDecision, LoginDecision, PaymentDecision, OrderStatus);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_and_statuses_are_spelled_as_serde_spells_them() {
        crate::assert_vocabularies_match_serde!(
            OrderDecision,
            LoginDecision,
            PaymentDecision,
            OrderStatus
        );
    }
}
