//! What follows an order's decision on the HTTP side: reviews and outcomes that become
//! consortium reports (`reporting`). Scoring itself is `sekisho_service::orders`, re-exported
//! here under the old paths.

mod adapters;

pub use adapters::OrderChecks;

pub use sekisho_service::orders::{facts, policy, prepare, request, usual_amounts};
pub use sekisho_service::reports::from_orders as reporting;
