//! The roles a merchant's staff can hold on the dashboard.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// What a tenant user may do. Owners manage users, keys, rules and thresholds; analysts read
/// analytics; reviewers work the manual-review queue (目視審査).
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
pub enum Role {
    Owner,
    Analyst,
    Reviewer,
}

crate::vocabulary!(Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        crate::assert_vocabularies_match_serde!(Role);
        for role in Role::VARIANTS {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
