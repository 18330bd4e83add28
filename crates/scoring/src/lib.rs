//! The scoring core: signals and the rules engine. It is a pure function from (request, facts,
//! tenant policy) to (decision, score, reasons); the API layer gathers the facts, so this crate
//! does no I/O and can be property-tested and benchmarked on its own.

pub mod attacks;
pub mod card_testing;
pub mod consortium;
pub mod exposure;
pub mod login;
pub mod order;
pub mod policy;
pub mod reasons;
pub mod signals;
pub mod user_agent;

use serde::{Deserialize, Serialize};

/// The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderDecision {
    Accept,
    Review,
    Reject,
}

impl OrderDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderDecision::Accept => "accept",
            OrderDecision::Review => "review",
            OrderDecision::Reject => "reject",
        }
    }

    pub fn parse(value: &str) -> Option<OrderDecision> {
        match value {
            "accept" => Some(OrderDecision::Accept),
            "review" => Some(OrderDecision::Review),
            "reject" => Some(OrderDecision::Reject),
            _ => None,
        }
    }
}
