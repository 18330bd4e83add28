//! Sekisho's outbound HTTP, apart from the handlers that answer requests (`sekisho-api`) and the
//! flows that decide (`sekisho-service`):
//! - [`enrichment`]: the outside checks (phone line, address, IP intelligence) an order's
//!   scoring may wait for, under strict time budgets; [`order_checks`] plugs them into the
//!   order flow's `ExternalChecks` port;
//! - [`webhooks`]: delivering the events the flows wrote (signing, the dispatcher and its
//!   retries, and which endpoint addresses may be called at all).

pub mod enrichment;
pub mod order_checks;
pub mod webhooks;

pub use order_checks::OrderChecks;
