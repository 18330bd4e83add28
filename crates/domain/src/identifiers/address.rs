//! Addresses outside Japan, and what every address gives: a delivery-point key and a building key.
//!
//! Key format for a non-Japanese address (fields separated by '|'):
//!
//! ```text
//! delivery point: <country>|<postal code>|<region>|<locality>|<street>|<unit>
//! building:       <country>|<postal code>|<region>|<locality>|<street>
//! e.g.            US|94105|ca|san francisco|123 main st|5
//! ```
//!
//! Text is NFKC, lower case, punctuation turned into spaces and spaces collapsed; the postal code
//! keeps only letters and digits, upper case. The unit is the part of the street lines that
//! names an apartment, suite, unit, flat, room or `#`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::address_jp::{JapaneseAddress, ParseConfidence};
use super::text::{collapse_whitespace, nfkc};
use super::{IdentifierError, IdentifierKind, NormalizedIdentifier};

/// Whether an address stands for one delivery point (a flat, a house) or for its whole
/// building. Reports and list entries are about the delivery point unless the building level is
/// asked for on purpose (`"level": "building"`): a block on one flat never blocks its neighbours.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AddressLevel {
    #[default]
    DeliveryPoint,
    Building,
}

/// The keys of one address.
///
/// A delivery point is recorded (reports, lists) under `records` and looked up under `probes`:
/// a record with a building name matches a probe with the same name or with none, a record
/// without a name matches every probe of the point, and two different names never meet (see
/// `docs/CONSORTIUM.md`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AddressKeys {
    pub country: String,
    pub postal_code: Option<String>,
    pub region: Option<String>,
    /// The canonical delivery-point key (the building name included when written).
    pub delivery_point: String,
    pub building: String,
    /// The delivery point as if no building name had been written: one value per place, for
    /// what stores a single fingerprint per kind (an order's identifiers, velocity, the
    /// reference lists).
    pub point: String,
    pub records: Vec<String>,
    pub probes: Vec<String>,
    /// Japanese addresses only: how much the gazetteer confirmed.
    pub confidence: Option<ParseConfidence>,
    pub level: AddressLevel,
}

impl AddressKeys {
    fn single(
        country: &str,
        postal_code: &str,
        region: &str,
        point: String,
        building: String,
    ) -> Self {
        Self {
            country: country.to_owned(),
            postal_code: (!postal_code.is_empty()).then(|| postal_code.to_owned()),
            region: (!region.is_empty()).then(|| region.to_owned()),
            delivery_point: point.clone(),
            building,
            records: vec![point.clone()],
            probes: vec![point.clone()],
            point,
            confidence: None,
            level: AddressLevel::DeliveryPoint,
        }
    }

    pub fn with_level(mut self, level: AddressLevel) -> Self {
        self.level = level;
        self
    }

    fn point(kind: IdentifierKind, value: &str) -> NormalizedIdentifier {
        NormalizedIdentifier::new(kind, value.to_owned())
    }

    /// What a report or a list entry records: the delivery point, and the building only when
    /// the building level was asked for.
    pub fn to_identifiers(&self) -> Vec<NormalizedIdentifier> {
        let mut out: Vec<NormalizedIdentifier> = self
            .records
            .iter()
            .map(|value| Self::point(IdentifierKind::AddressDeliveryPoint, value))
            .collect();
        if self.level == AddressLevel::Building {
            out.push(self.building_identifier());
        }
        out
    }

    /// What a lookup or an order asks for: the delivery point's probes and the building (whose
    /// entries exist only where a member listed or reported the building on purpose).
    pub fn to_probes(&self) -> Vec<NormalizedIdentifier> {
        let mut out: Vec<NormalizedIdentifier> = self
            .probes
            .iter()
            .map(|value| Self::point(IdentifierKind::AddressDeliveryPoint, value))
            .collect();
        out.push(self.building_identifier());
        out
    }

    /// The one delivery-point identifier of [`Self::point`].
    pub fn point_identifier(&self) -> NormalizedIdentifier {
        Self::point(IdentifierKind::AddressDeliveryPoint, &self.point)
    }

    pub fn building_identifier(&self) -> NormalizedIdentifier {
        NormalizedIdentifier::new(IdentifierKind::AddressBuilding, self.building.clone())
    }
}

/// Words that start the unit part of a street line.
const UNIT_WORDS: &[&str] = &[
    "apt",
    "apartment",
    "suite",
    "ste",
    "unit",
    "flat",
    "room",
    "rm",
    "#",
];

const MAX_FIELD_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct GenericAddress {
    country: String,
    postal_code: String,
    region: String,
    locality: String,
    street: String,
    unit: Option<String>,
}

impl GenericAddress {
    pub fn parse(
        country: &str,
        postal_code: &str,
        region: &str,
        locality: &str,
        line1: &str,
        line2: &str,
    ) -> Result<Self, IdentifierError> {
        for (field, value) in [
            ("postal_code", postal_code),
            ("region", region),
            ("locality", locality),
            ("line1", line1),
            ("line2", line2),
        ] {
            if value.chars().count() > MAX_FIELD_CHARS {
                return Err(IdentifierError::new(
                    field,
                    "must have at most 200 characters",
                ));
            }
        }
        let country = parse_country(country)?;
        let postal_code: String = nfkc(postal_code)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let (street, unit) = split_unit(&format!("{} {}", fold(line1), fold(line2)));
        if street.is_empty() && unit.is_none() {
            return Err(IdentifierError::new("line1", "must not be empty"));
        }
        Ok(Self {
            country,
            postal_code,
            region: fold(region),
            locality: fold(locality),
            street,
            unit,
        })
    }

    pub fn country(&self) -> &str {
        &self.country
    }

    pub fn street(&self) -> &str {
        &self.street
    }

    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    pub fn building_key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}",
            self.country, self.postal_code, self.region, self.locality, self.street
        )
    }

    pub fn delivery_point_key(&self) -> String {
        format!(
            "{}|{}",
            self.building_key(),
            self.unit.as_deref().unwrap_or_default()
        )
    }

    pub fn keys(&self) -> AddressKeys {
        AddressKeys::single(
            &self.country,
            &self.postal_code,
            &self.region,
            self.delivery_point_key(),
            self.building_key(),
        )
    }
}

/// Two ASCII letters (ISO 3166-1 alpha-2), upper case.
pub(crate) fn parse_country(raw: &str) -> Result<String, IdentifierError> {
    let country = nfkc(raw.trim()).to_ascii_uppercase();
    if country.len() == 2 && country.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(country)
    } else {
        Err(IdentifierError::new(
            "country",
            "must be a two-letter ISO 3166-1 code such as JP",
        ))
    }
}

/// Lower case, punctuation as space (except '#', which marks a unit), spaces collapsed.
fn fold(text: &str) -> String {
    let spaced: String = nfkc(text)
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '#' {
                c
            } else {
                ' '
            }
        })
        .collect();
    collapse_whitespace(&spaced.replace('#', " # "))
}

/// Takes "apt 5", "suite 200", "# 12" out of the street: the street is the building, the unit the
/// delivery point within it.
fn split_unit(street: &str) -> (String, Option<String>) {
    let words: Vec<&str> = street.split(' ').filter(|w| !w.is_empty()).collect();
    let unit_at = words
        .iter()
        .position(|w| UNIT_WORDS.contains(w))
        .filter(|&i| words.get(i + 1).is_some());
    match unit_at {
        Some(i) => {
            // "suite # 200", "apt no 5": only the number names the unit.
            let unit_words = words.get(i + 1..).unwrap_or_default();
            let first = unit_words
                .iter()
                .position(|w| !UNIT_WORDS.contains(w) && *w != "no");
            let unit = first.map_or_else(
                || unit_words.join(" "),
                |f| unit_words.get(f..).unwrap_or_default().join(" "),
            );
            let street = words.get(..i).unwrap_or_default().join(" ");
            (street, Some(unit))
        }
        None => (words.join(" "), None),
    }
}

/// Dispatches on the country: Japan gets 名寄せ, everywhere else the generic rules.
pub fn address_keys(
    country: &str,
    postal_code: &str,
    region: &str,
    locality: &str,
    line1: &str,
    line2: &str,
) -> Result<AddressKeys, IdentifierError> {
    if parse_country(country)? == "JP" {
        JapaneseAddress::parse(postal_code, region, locality, line1, line2).map(|a| a.keys())
    } else {
        GenericAddress::parse(country, postal_code, region, locality, line1, line2)
            .map(|a| a.keys())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(
        country: &str,
        postal: &str,
        region: &str,
        locality: &str,
        line1: &str,
        line2: &str,
    ) -> AddressKeys {
        address_keys(country, postal, region, locality, line1, line2).expect(line1)
    }

    #[test]
    fn generic_address_folds_case_punctuation_and_spaces() {
        let a = keys(
            "us",
            "94105",
            "CA",
            "San Francisco",
            "123 Main St.",
            "Apt. 5",
        );
        let b = keys(
            "US",
            "94105",
            "ca",
            "SAN  FRANCISCO",
            "123 main st",
            "apt 5",
        );
        assert_eq!(a, b);
        assert_eq!(a.delivery_point, "US|94105|ca|san francisco|123 main st|5");
        assert_eq!(a.building, "US|94105|ca|san francisco|123 main st");
    }

    #[test]
    fn units_differ_buildings_agree() {
        let a = keys(
            "GB",
            "SW1A 1AA",
            "",
            "London",
            "10 Downing Street",
            "Flat 1",
        );
        let b = keys("GB", "sw1a1aa", "", "london", "10 Downing Street", "#2");
        assert_ne!(a.delivery_point, b.delivery_point);
        assert_eq!(a.building, b.building);
        assert!(a.building.starts_with("GB|SW1A1AA|"));
    }

    #[test]
    fn japan_goes_to_the_japanese_rules() {
        let jp = keys("jp", "100-0001", "東京都", "千代田区", "千代田1-1-1", "");
        assert_eq!(jp.building, "JP|東京都|千代田区|1000代田|1-1-1");
    }

    #[test]
    fn parsing_the_parts_again_changes_nothing() {
        let once = GenericAddress::parse(
            "us",
            "94105-1234",
            "CA",
            "San Francisco",
            "123 Main St.",
            "Suite #200",
        )
        .unwrap();
        assert_eq!(once.unit(), Some("200"));
        let again = GenericAddress::parse(
            once.country(),
            &once.postal_code,
            &once.region,
            &once.locality,
            once.street(),
            &format!("suite {}", once.unit().unwrap_or_default()),
        )
        .unwrap();
        assert_eq!(once.keys(), again.keys());
    }

    #[test]
    fn bad_country_or_empty_street_is_refused() {
        assert_eq!(
            address_keys("Japan", "", "", "", "x", "")
                .unwrap_err()
                .field,
            "country"
        );
        assert_eq!(
            address_keys("US", "1", "", "", " ", "").unwrap_err().field,
            "line1"
        );
    }
}
