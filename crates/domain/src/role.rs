//! The roles a merchant's staff can hold on the dashboard.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a tenant user may do. Owners manage users, keys, rules and thresholds; analysts read
/// analytics; reviewers work the manual-review queue (目視審査).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Owner,
    Analyst,
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Analyst, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Analyst => "analyst",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
