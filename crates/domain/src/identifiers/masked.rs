//! Masked forms of identifiers, for the reporting tenant's own lists: enough to recognise a
//! report, not enough to recover the customer (or the card).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{AddressKeys, ParsedIdentifiers};

/// What a tenant sees of the identifiers it reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MaskedIdentifiers {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

fn keep_start(value: &str, shown: usize) -> String {
    let start: String = value.chars().take(shown).collect();
    format!("{start}***")
}

/// `+81 ****5678`: country code and the last four digits.
pub fn mask_phone(e164: &str) -> String {
    let digits = e164.trim_start_matches('+');
    let last: String = digits
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let country: String = digits.chars().take(2).collect();
    format!("+{country} ****{last}")
}

/// Country, the first three postal digits, region and locality; no street, building or room.
fn mask_address(keys: &AddressKeys) -> String {
    let parts: Vec<&str> = keys.delivery_point.split('|').collect();
    // JP|prefecture|municipality|…; elsewhere CC|postal|region|locality|….
    let locality = parts
        .get(if keys.country == "JP" { 2 } else { 3 })
        .copied()
        .unwrap_or_default();
    let postal = keys
        .postal_code
        .as_deref()
        .map(|postal| keep_start(postal, 3))
        .unwrap_or_default();
    [
        keys.country.as_str(),
        postal.as_str(),
        keys.region.as_deref().unwrap_or_default(),
        locality,
    ]
    .into_iter()
    .filter(|piece| !piece.is_empty())
    .collect::<Vec<_>>()
    .join(" ")
}

impl ParsedIdentifiers {
    pub fn masked(&self) -> MaskedIdentifiers {
        MaskedIdentifiers {
            email: self.email.as_ref().map(|email| email.masked()),
            phone: self.phone.as_ref().map(|phone| mask_phone(phone.e164())),
            address: self.address.as_ref().map(mask_address),
            ip: self.ip.as_ref().map(|ip| ip.prefix()),
            card: self
                .card
                .as_ref()
                .map(|card| card.masked())
                .or_else(|| self.card_token.as_ref().map(|token| token.masked())),
            device_id: self
                .device_id
                .as_ref()
                .map(|device| keep_start(device.as_str(), 4)),
            name: self.name.as_ref().map(|name| keep_start(name.as_str(), 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::identifiers::{RawAddress, RawIdentifiers};

    #[test]
    fn masks_hide_what_identifies_a_customer() {
        let raw = RawIdentifiers {
            email: Some("Taro.Yamada+shop@example.jp".into()),
            phone: Some("090-1234-5678".into()),
            address: Some(RawAddress {
                postal_code: "100-0001".into(),
                line1: "東京都千代田区千代田1-1-1 ABCマンション305".into(),
                ..RawAddress::default()
            }),
            ip: Some("203.0.113.77".into()),
            card: Some("4111 1111 1111 1111".into()),
            device_id: Some("dev-abcdef-123456".into()),
            name: Some("山田 太郎".into()),
        };
        let masked = raw.parse().unwrap().masked();
        let json = serde_json::to_string(&masked).unwrap();
        for secret in [
            "taro",
            "yamada",
            "12345678",
            "1-1-1",
            "305",
            "203.0.113.77",
            "4111111111111111",
            "abcdef",
            "太郎",
        ] {
            assert!(!json.to_lowercase().contains(secret), "{secret} in {json}");
        }
        assert_eq!(masked.phone.as_deref(), Some("+81 ****5678"));
        assert_eq!(masked.ip.as_deref(), Some("203.0.113.0/24"));
        assert!(masked.address.unwrap().contains("東京都"));
    }
}
