//! 3-D Secure: what the merchant tells us happened, and what Sekisho recommends.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// The result of 3-D Secure authentication, as the merchant's payment provider reported it.
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
pub enum ThreeDsStatus {
    Authenticated,
    ChallengePassed,
    Attempted,
    Failed,
    NotEnrolled,
    Unavailable,
}

// The 3-D Secure recommendation for risk-based authentication (documented where it is sent).
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
pub enum ThreeDsRecommendation {
    /// Low risk: authenticate without troubling the customer.
    Frictionless,
    /// Medium risk: ask the cardholder to authenticate.
    Challenge,
    /// No authentication: the order is declined, or 3-D Secure already ran.
    None,
}

crate::vocabulary!(ThreeDsStatus, ThreeDsRecommendation);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_ds_words_are_spelled_as_serde_spells_them() {
        crate::assert_vocabularies_match_serde!(ThreeDsStatus, ThreeDsRecommendation);
    }
}
