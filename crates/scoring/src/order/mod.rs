//! Scoring one order: the facts the API gathered become signals (for rules and backtests) and
//! reasons with points; the tenant's policy turns them into a decision and a 3-D Secure
//! recommendation.

mod assessment;
mod facts;
mod families;
mod signals_and_reasons;
#[cfg(test)]
mod tests;

pub use assessment::{Assessment, ThreeDsRecommendation, assess, base_score};
pub use facts::{CardFacts, IpFacts, OrderFacts, OrderSettings, Velocity};
pub use families::cap_families;
pub use signals_and_reasons::signals_and_reasons;
