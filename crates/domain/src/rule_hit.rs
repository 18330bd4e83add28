//! What a tenant rule does when it matches, and the record of a match that is stored with the
//! order (passive rules' hits: recorded, not applied). The rule language itself lives in
//! `sekisho_scoring::policy`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::OrderDecision;

/// `{"add": 30}` or `{"decision": "reject"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Action {
    Add { add: i32 },
    Decide { decision: OrderDecision },
}

/// A rule that matched, applied or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RuleHit {
    pub id: String,
    pub name: String,
    pub then: Action,
}
