//! The scoring core: signals and the rules engine. It is a pure function from (request, facts,
//! tenant policy) to (decision, score, reasons); the API layer gathers the facts, so this crate
//! does no I/O and can be property-tested and benchmarked on its own.

pub mod consortium;
pub mod reasons;

use serde::{Deserialize, Serialize};

/// The outcome of scoring an order (O-PLUX's OK / REVIEW / NG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderDecision {
    Accept,
    Review,
    Reject,
}
