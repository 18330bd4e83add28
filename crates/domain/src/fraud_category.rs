//! What kind of fraud a member reported to the consortium.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
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
pub enum FraudCategory {
    Chargeback,
    Unpaid,
    Resale,
    CardTesting,
    AccountTakeover,
    Other,
}

crate::vocabulary!(FraudCategory);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_spelled_as_serde_spells_them() {
        crate::assert_vocabularies_match_serde!(FraudCategory);
    }
}
