//! Sekisho's business vocabulary, free of I/O: who may do what (roles), the values accounts are
//! made of, and (in `identifiers`) the normalisation that turns every notation of a customer's
//! address, phone, email, IP, card, device or name into one canonical key.
//!
//! Values here are newtypes built only through `parse`, so an invalid one cannot exist. The
//! closed sets of words (decisions, statuses, 3-D Secure results, categories, roles, reason and
//! error codes) are enums whose names are derived once (`vocabulary`).

pub mod vocabulary;

pub mod account;
pub mod customer_data;
pub mod decision;
pub mod error_code;
pub mod fraud_category;
pub mod identifiers;
pub mod money;
pub mod reasons;
pub mod role;
pub mod rule_hit;
pub mod three_ds;

pub use account::{AccountEmail, DisplayName, Password, ValueError};
pub use decision::{LoginDecision, OrderDecision, OrderStatus, PaymentDecision};
pub use error_code::ErrorCode;
pub use fraud_category::FraudCategory;
pub use money::Money;
pub use reasons::{Reason, ReasonCode};
pub use role::Role;
pub use rule_hit::{Action, RuleHit};
pub use three_ds::{ThreeDsRecommendation, ThreeDsStatus};
