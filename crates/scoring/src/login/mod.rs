//! Scoring one login (不正ログイン対策): brute force against an account, credential stuffing
//! (list attacks) from one IP or device, automation, impossible request rates, anonymising
//! networks, logins from abroad and devices new to the account. The API gathers the counts from
//! PostgreSQL (so that they hold across replicas); this module only weighs them.
//!
//! docs/LOGINS-AND-PAYMENTS.md describes every signal and its default.

mod facts;
mod policy;
mod score;
#[cfg(test)]
mod tests;

pub use facts::{LoginFacts, LoginVelocity, SourceWindow};
pub use policy::LoginPolicy;
pub use score::{LoginAttack, LoginScore, LoginSource, score_login};
pub use sekisho_domain::LoginDecision;
