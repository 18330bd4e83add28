//! Normalisation of the identifiers a merchant sends with an order or a login, and their keyed
//! fingerprints.
//!
//! Fraud is recognised by seeing the same person again under a slightly different notation: a
//! full-width phone number, a `+tag` email, an address written with kanji numerals. Every parser
//! here maps all notations of one identifier to one canonical string (a [`NormalizedIdentifier`]);
//! only that string is ever fingerprinted and shared between merchants (see [`fingerprint`]).
//!
//! Everything is pure: no I/O, no clock, no randomness.

pub mod address;
pub mod address_jp;
#[cfg(test)]
mod address_jp_cases;
pub mod card;
pub mod card_input;
pub mod device;
pub mod email;
pub mod fingerprint;
pub mod ip;
mod jp_block_number;
mod jp_building;
mod jp_fold;
pub(crate) mod jp_gazetteer;
mod jp_places;
pub mod masked;
pub mod name;
pub mod phone;
pub mod raw;
pub mod single;
mod text;
pub mod warninglist_defaults;

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

pub use address::{AddressKeys, AddressLevel, GenericAddress, address_keys};
pub use address_jp::{JapaneseAddress, ParseConfidence};
pub use card::{CardBrand, CardNumber};
pub use card_input::{CardDetails, CardToken, ParsedCard, RawCard};
pub use device::DeviceId;
pub use email::NormalizedEmail;
pub use fingerprint::{ConsortiumKey, Fingerprint, FingerprintError};
pub use ip::NormalizedIp;
pub use jp_places::postal_code_in_prefecture;
pub use masked::MaskedIdentifiers;
pub use name::PersonName;
pub use phone::{NormalizedPhone, PhoneType};
pub use raw::{ParsedIdentifiers, RawAddress, RawIdentifiers};
pub use single::parse_single;

/// What an identifier is; part of every fingerprint, so that one string under two kinds never
/// matches.
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
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum IdentifierKind {
    Email,
    /// The domain of an email: a throw-away domain reported by several merchants is a signal;
    /// big providers' domains are warninglisted so that they never are.
    EmailDomain,
    Phone,
    /// A Japanese or foreign address down to the room: one delivery point.
    AddressDeliveryPoint,
    /// The same address without the room: every flat of one building.
    AddressBuilding,
    Ip,
    /// The network an IP belongs to: IPv4 /24 or IPv6 /64, since one customer's address moves
    /// within it.
    IpPrefix,
    Card,
    DeviceId,
    Name,
}

impl IdentifierKind {
    /// Every kind, in the order declared.
    pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

    /// The stable name, the same as in JSON; it enters fingerprints, so it must never change
    /// (a test pins every name).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        raw.parse()
            .map_err(|_| IdentifierError::new("kind", format!("unknown identifier kind '{raw}'")))
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The canonical string of one identifier, ready to be fingerprinted.
///
/// Built only by the parsers of this module. Debug hides the value: it is personal data (or a
/// full card number) and must not reach logs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NormalizedIdentifier {
    kind: IdentifierKind,
    value: String,
}

impl NormalizedIdentifier {
    pub(crate) fn new(kind: IdentifierKind, value: impl Into<String>) -> Self {
        Self {
            kind,
            value: value.into(),
        }
    }

    pub fn kind(&self) -> IdentifierKind {
        self.kind
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn fingerprint(&self, key: &ConsortiumKey) -> Fingerprint {
        key.fingerprint(self.kind, &self.value)
    }
}

impl fmt::Debug for NormalizedIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NormalizedIdentifier")
            .field("kind", &self.kind)
            .field(
                "value",
                &format_args!("<{} chars>", self.value.chars().count()),
            )
            .finish()
    }
}

/// Why one input field was refused. `field` names it as the API caller sent it (for instance
/// `identifiers.phone`), so that every bad field can be reported at once.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, ToSchema)]
#[error("{field}: {message}")]
pub struct IdentifierError {
    pub field: String,
    pub message: String,
}

impl IdentifierError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error under a longer path, e.g. `phone` → `identifiers.phone`.
    pub fn within(mut self, prefix: &str) -> Self {
        self.field = format!("{prefix}.{}", self.field);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_are_pinned_round_trip_and_match_serde() {
        crate::assert_vocabularies_match_serde!(IdentifierKind, CardBrand);
        // They enter every fingerprint: renaming one would orphan the consortium's entries.
        let names: Vec<&str> = IdentifierKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "email",
                "email_domain",
                "phone",
                "address_delivery_point",
                "address_building",
                "ip",
                "ip_prefix",
                "card",
                "device_id",
                "name"
            ]
        );
        for kind in IdentifierKind::ALL {
            assert_eq!(IdentifierKind::parse(kind.as_str()), Ok(*kind));
        }
        assert!(IdentifierKind::parse("Email").is_err());
    }

    #[test]
    fn debug_hides_the_value() {
        let id = NormalizedIdentifier::new(IdentifierKind::Card, "4111111111111111");
        let shown = format!("{id:?}");
        assert!(!shown.contains("4111"), "{shown}");
        assert!(shown.contains("Card"));
    }

    #[test]
    fn errors_name_their_field() {
        let err = IdentifierError::new("phone", "not a number").within("identifiers");
        assert_eq!(err.field, "identifiers.phone");
        assert_eq!(err.to_string(), "identifiers.phone: not a number");
    }
}
