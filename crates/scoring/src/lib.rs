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

/// The outcome of scoring an order; declared with the other vocabularies in `sekisho_domain`.
pub use sekisho_domain::OrderDecision;
