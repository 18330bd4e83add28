//! The identifiers of one API request, parsed together so that every bad field is reported at
//! once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::address::{AddressKeys, AddressLevel, address_keys};
use super::card_input::{CardToken, ParsedCard, RawCard};
use super::{
    CardNumber, DeviceId, IdentifierError, NormalizedEmail, NormalizedIdentifier, NormalizedIp,
    NormalizedPhone, PersonName,
};

/// Where the fields sit in API requests; error paths start with it.
const FIELD_PREFIX: &str = "identifiers";

/// A postal address as a checkout form sends it. `country` defaults to JP.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct RawAddress {
    /// ISO 3166-1 alpha-2; empty means JP.
    pub country: String,
    pub postal_code: String,
    /// Prefecture, state or province.
    pub region: String,
    /// City, ward, town or village.
    pub locality: String,
    pub line1: String,
    pub line2: String,
    /// `delivery_point` (the default: this flat, this house) or `building` (every flat of the
    /// building, on purpose: reports and list entries then record the building too).
    pub level: AddressLevel,
}

/// Identifiers as received, every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIdentifiers {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<RawAddress>,
    pub ip: Option<String>,
    /// The card object (`number`, or `bin` + `last4` + `fingerprint` + `provider`), or the card
    /// number as a bare string.
    pub card: Option<RawCard>,
    pub device_id: Option<String>,
    pub name: Option<String>,
}

/// The parsed identifiers, with their details (phone type, card BIN, email domain) still at hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedIdentifiers {
    pub email: Option<NormalizedEmail>,
    pub phone: Option<NormalizedPhone>,
    pub address: Option<AddressKeys>,
    pub ip: Option<NormalizedIp>,
    pub card: Option<CardNumber>,
    /// A payment provider's card fingerprint, when the card came without its number.
    pub card_token: Option<CardToken>,
    pub device_id: Option<DeviceId>,
    pub name: Option<PersonName>,
}

impl RawIdentifiers {
    /// Parses every present field; on failure, one error per bad field, named like
    /// `identifiers.phone` or `identifiers.address.postal_code`.
    pub fn parse(&self) -> Result<ParsedIdentifiers, Vec<IdentifierError>> {
        let mut errors = Vec::new();
        // In field order, so that errors come in the order of the request's fields.
        let email = self
            .email
            .as_deref()
            .and_then(|raw| keep(&mut errors, NormalizedEmail::parse(raw)));
        let phone = self
            .phone
            .as_deref()
            .and_then(|raw| keep(&mut errors, NormalizedPhone::parse(raw)));
        let address = self
            .address
            .as_ref()
            .and_then(|raw| keep(&mut errors, raw.keys()));
        let ip = self
            .ip
            .as_deref()
            .and_then(|raw| keep(&mut errors, NormalizedIp::parse(raw)));
        let card = match self.card.as_ref().map(RawCard::parse) {
            Some(Ok(card)) => card,
            Some(Err(card_errors)) => {
                errors.extend(card_errors.into_iter().map(|e| e.within(FIELD_PREFIX)));
                None
            }
            None => None,
        };
        let (card, card_token) = match card {
            Some(ParsedCard::Number(number)) => (Some(number), None),
            Some(ParsedCard::Token(token)) => (None, Some(token)),
            None => (None, None),
        };
        let parsed = ParsedIdentifiers {
            email,
            phone,
            address,
            ip,
            card,
            card_token,
            device_id: self
                .device_id
                .as_deref()
                .and_then(|raw| keep(&mut errors, DeviceId::parse(raw))),
            name: self
                .name
                .as_deref()
                .and_then(|raw| keep(&mut errors, PersonName::parse(raw))),
        };
        if errors.is_empty() {
            Ok(parsed)
        } else {
            Err(errors)
        }
    }

    /// The canonical strings to fingerprint: IP and address give two each.
    pub fn normalize(&self) -> Result<Vec<NormalizedIdentifier>, Vec<IdentifierError>> {
        self.parse().map(|parsed| parsed.to_identifiers())
    }
}

/// The value, or its error recorded under the request's field path.
fn keep<T>(errors: &mut Vec<IdentifierError>, result: Result<T, IdentifierError>) -> Option<T> {
    result
        .map_err(|error| errors.push(error.within(FIELD_PREFIX)))
        .ok()
}

impl RawAddress {
    pub fn keys(&self) -> Result<AddressKeys, IdentifierError> {
        let country = if self.country.trim().is_empty() {
            "JP"
        } else {
            self.country.as_str()
        };
        address_keys(
            country,
            &self.postal_code,
            &self.region,
            &self.locality,
            &self.line1,
            &self.line2,
        )
        .map(|keys| keys.with_level(self.level))
        .map_err(|error| error.within("address"))
    }
}

impl ParsedIdentifiers {
    pub fn to_identifiers(&self) -> Vec<NormalizedIdentifier> {
        let mut out = Vec::new();
        out.extend(self.email.as_ref().map(NormalizedEmail::to_identifier));
        out.extend(self.email.as_ref().map(NormalizedEmail::domain_identifier));
        out.extend(self.phone.as_ref().map(NormalizedPhone::to_identifier));
        out.extend(self.address.iter().flat_map(AddressKeys::to_identifiers));
        self.extend_others(&mut out);
        out
    }

    /// What a lookup asks for: like [`Self::to_identifiers`], but an address gives its probes
    /// (see [`AddressKeys`]), its building included.
    pub fn to_probes(&self) -> Vec<NormalizedIdentifier> {
        let mut out = Vec::new();
        out.extend(self.email.as_ref().map(NormalizedEmail::to_identifier));
        out.extend(self.email.as_ref().map(NormalizedEmail::domain_identifier));
        out.extend(self.phone.as_ref().map(NormalizedPhone::to_identifier));
        out.extend(self.address.iter().flat_map(AddressKeys::to_probes));
        self.extend_others(&mut out);
        out
    }

    fn extend_others(&self, out: &mut Vec<NormalizedIdentifier>) {
        out.extend(self.ip.iter().flat_map(NormalizedIp::to_identifiers));
        out.extend(self.card.as_ref().map(CardNumber::to_identifier));
        out.extend(self.card_token.as_ref().map(CardToken::to_identifier));
        out.extend(self.device_id.as_ref().map(DeviceId::to_identifier));
        out.extend(self.name.as_ref().map(PersonName::to_identifier));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identifiers::IdentifierKind;
    use proptest::prelude::*;

    fn full() -> RawIdentifiers {
        RawIdentifiers {
            email: Some("Taro.Yamada+shop@gmail.com".into()),
            phone: Some("090-1234-5678".into()),
            address: Some(RawAddress {
                postal_code: "〒100-0001".into(),
                line1: "千代田区千代田１－１－１".into(),
                line2: "ABCマンション 305号室".into(),
                ..RawAddress::default()
            }),
            ip: Some("203.0.113.7".into()),
            card: Some("4111 1111 1111 1111".into()),
            device_id: Some("dev-123".into()),
            name: Some("山田　太郎".into()),
        }
    }

    #[test]
    fn every_field_becomes_identifiers() {
        let ids = full().normalize().unwrap();
        let pairs: Vec<(IdentifierKind, &str)> =
            ids.iter().map(|id| (id.kind(), id.value())).collect();
        assert_eq!(
            pairs,
            [
                (IdentifierKind::Email, "taroyamada@gmail.com"),
                (IdentifierKind::EmailDomain, "gmail.com"),
                (IdentifierKind::Phone, "+819012345678"),
                (
                    IdentifierKind::AddressDeliveryPoint,
                    "JP|東京都|千代田区|1000代田|1-1-1||305|=abcマンション"
                ),
                (
                    IdentifierKind::AddressDeliveryPoint,
                    "JP|東京都|千代田区|1000代田|1-1-1||305|*"
                ),
                (IdentifierKind::Ip, "203.0.113.7"),
                (IdentifierKind::IpPrefix, "203.0.113.0/24"),
                (IdentifierKind::Card, "4111111111111111"),
                (IdentifierKind::DeviceId, "dev-123"),
                (IdentifierKind::Name, "山田太郎"),
            ]
        );
    }

    #[test]
    fn absent_fields_give_nothing() {
        assert_eq!(RawIdentifiers::default().normalize().unwrap(), Vec::new());
    }

    #[test]
    fn every_bad_field_is_named() {
        let raw = RawIdentifiers {
            email: Some("not-an-email".into()),
            phone: Some("12".into()),
            address: Some(RawAddress {
                postal_code: "12-34".into(),
                line1: "千代田1-1-1".into(),
                ..RawAddress::default()
            }),
            ip: Some("999.1.1.1".into()),
            card: Some("4111111111111112".into()),
            device_id: Some(String::new()),
            name: Some(" ".into()),
        };
        let fields: Vec<String> = raw
            .normalize()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "identifiers.email",
                "identifiers.phone",
                "identifiers.address.postal_code",
                "identifiers.ip",
                "identifiers.card",
                "identifiers.device_id",
                "identifiers.name",
            ]
        );
    }

    /// Feeds the canonical strings back as input; an identifier whose value is itself an input
    /// form (all but the address keys) must come out unchanged.
    fn renormalized(ids: &[NormalizedIdentifier]) -> Vec<NormalizedIdentifier> {
        let value = |kind: IdentifierKind| {
            ids.iter()
                .find(|id| id.kind() == kind)
                .map(|id| id.value().to_owned())
        };
        RawIdentifiers {
            email: value(IdentifierKind::Email),
            phone: value(IdentifierKind::Phone),
            address: None,
            ip: value(IdentifierKind::Ip),
            card: value(IdentifierKind::Card).map(RawCard::Number),
            device_id: value(IdentifierKind::DeviceId),
            name: value(IdentifierKind::Name),
        }
        .normalize()
        .unwrap()
    }

    proptest! {
        #[test]
        fn normalising_a_normalised_value_changes_nothing(
            email in "[A-Za-z0-9][A-Za-z0-9.]{0,10}(\\+[a-z]{1,5})?@(gmail|GoogleMail|example|例え)\\.(com|jp)",
            phone in "(０９０|090|080|\\+81 90)[-ー ]?[1-9][0-9]{3}[-－ ]?[0-9]{4}",
            ip in any::<std::net::IpAddr>(),
            name in "[ぁ-ゖァ-ヶ一-龥a-zA-Zａ-ｚ][ぁ-ゖァ-ヶ一-龥 　a-zA-Zａ-ｚ]{0,15}",
            device in "[!-~]{1,40}",
        ) {
            let raw = RawIdentifiers {
                email: Some(email),
                phone: Some(phone),
                ip: Some(ip.to_string()),
                device_id: Some(device),
                name: Some(name),
                ..RawIdentifiers::default()
            };
            let Ok(once) = raw.normalize() else {
                // Some generated numbers are not allocated in Japan; those are refused, not guessed.
                return Ok(());
            };
            prop_assert_eq!(renormalized(&once), once);
        }
    }
}
