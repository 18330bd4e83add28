//! What the enrichment checks look at: a phone number, an address, an IP. The values are personal
//! data: they stay in memory, are sent only to the providers configured for their check, and
//! `Debug` shows whether each is present, never what it is.

use std::fmt;
use std::net::IpAddr;

use sekisho_domain::identifiers::{AddressKeys, NormalizedPhone, ParsedIdentifiers, PhoneType};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One kind of outside check.
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
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Check {
    /// Is the phone line in service?
    PhoneLine,
    /// Does the delivery address exist?
    AddressExistence,
    /// Is the IP a Tor exit, proxy, VPN or data centre; where is it; how risky?
    IpIntelligence,
}

// The stable name (`as_str`), the same as in JSON and in the settings.
sekisho_domain::vocabulary!(Check);

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The inputs of one enrichment; every part optional. A check runs only when its input is there.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct EnrichmentRequest {
    pub phone: Option<PhoneLookup>,
    pub address: Option<AddressLookup>,
    pub ip: Option<IpAddr>,
}

/// A phone number as the phone-line check needs it.
#[derive(Clone, PartialEq, Eq)]
pub struct PhoneLookup {
    /// E.164, e.g. `+819012345678`.
    pub e164: String,
    pub phone_type: PhoneType,
}

/// An address as the existence check needs it: the parts a postal check uses, and the whole
/// delivery-point key (see `sekisho_domain::identifiers::address`) for a provider that wants more.
#[derive(Clone, PartialEq, Eq)]
pub struct AddressLookup {
    /// ISO 3166-1 alpha-2, upper case.
    pub country: String,
    /// Normalised: 7 digits in Japan, letters and digits elsewhere.
    pub postal_code: Option<String>,
    /// The prefecture in Japan (`東京都`), the state or province elsewhere.
    pub region: Option<String>,
    pub delivery_point: String,
}

impl EnrichmentRequest {
    /// The inputs of an order's parsed identifiers.
    pub fn from_identifiers(parsed: &ParsedIdentifiers) -> Self {
        Self {
            phone: parsed.phone.as_ref().map(PhoneLookup::from),
            address: parsed.address.as_ref().map(AddressLookup::from_keys),
            ip: parsed.ip.map(|ip| ip.addr()),
        }
    }

    pub fn has_input_for(&self, check: Check) -> bool {
        match check {
            Check::PhoneLine => self.phone.is_some(),
            Check::AddressExistence => self.address.is_some(),
            Check::IpIntelligence => self.ip.is_some(),
        }
    }

    /// The same request holding only what `checks` look at: a provider sees no more than it needs.
    pub fn only(&self, checks: &[Check]) -> Self {
        Self {
            phone: self
                .phone
                .clone()
                .filter(|_| checks.contains(&Check::PhoneLine)),
            address: self
                .address
                .clone()
                .filter(|_| checks.contains(&Check::AddressExistence)),
            ip: self.ip.filter(|_| checks.contains(&Check::IpIntelligence)),
        }
    }

    /// SHA-256 of the input of `check` (none without it): the cache key holds no personal data
    /// in the clear.
    pub(crate) fn digest(&self, check: Check) -> Option<[u8; 32]> {
        let mut hasher = Sha256::new();
        hasher.update(check.as_str().as_bytes());
        let mut field = |value: &str| {
            hasher.update([0]);
            hasher.update(value.as_bytes());
        };
        match check {
            Check::PhoneLine => {
                let phone = self.phone.as_ref()?;
                field(&phone.e164);
            }
            Check::AddressExistence => {
                let address = self.address.as_ref()?;
                field(&address.country);
                field(address.postal_code.as_deref().unwrap_or_default());
                field(address.region.as_deref().unwrap_or_default());
                field(&address.delivery_point);
            }
            Check::IpIntelligence => field(&self.ip?.to_string()),
        }
        Some(hasher.finalize().into())
    }
}

impl From<&NormalizedPhone> for PhoneLookup {
    fn from(phone: &NormalizedPhone) -> Self {
        Self {
            e164: phone.e164().to_owned(),
            phone_type: phone.phone_type(),
        }
    }
}

impl AddressLookup {
    pub fn from_keys(keys: &AddressKeys) -> Self {
        Self {
            country: keys.country.clone(),
            postal_code: keys.postal_code.clone(),
            region: keys.region.clone(),
            delivery_point: keys.delivery_point.clone(),
        }
    }
}

impl fmt::Debug for EnrichmentRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnrichmentRequest")
            .field("phone", &self.phone)
            .field("address", &self.address)
            .field("ip", &self.ip.map(|_| "<hidden>"))
            .finish()
    }
}

impl fmt::Debug for PhoneLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PhoneLookup")
            .field("e164", &"<hidden>")
            .field("phone_type", &self.phone_type)
            .finish()
    }
}

impl fmt::Debug for AddressLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddressLookup")
            .field("country", &self.country)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use sekisho_domain::identifiers::{RawAddress, RawIdentifiers};

    use super::*;

    #[test]
    fn check_and_skip_names_are_spelled_as_serde_spells_them() {
        sekisho_domain::assert_vocabularies_match_serde!(
            Check,
            crate::enrichment::findings::SkipReason
        );
    }

    fn request() -> EnrichmentRequest {
        let raw = RawIdentifiers {
            phone: Some("090-1234-5678".into()),
            address: Some(RawAddress {
                postal_code: "100-0001".into(),
                region: "東京都".into(),
                line1: "千代田区千代田1-1".into(),
                ..RawAddress::default()
            }),
            ip: Some("203.0.113.7".into()),
            ..RawIdentifiers::default()
        };
        EnrichmentRequest::from_identifiers(&raw.parse().unwrap())
    }

    #[test]
    fn built_from_parsed_identifiers() {
        let request = request();
        let phone = request.phone.as_ref().unwrap();
        assert_eq!(phone.e164, "+819012345678");
        assert_eq!(phone.phone_type, PhoneType::Mobile);
        let address = request.address.as_ref().unwrap();
        assert_eq!(address.country, "JP");
        assert_eq!(address.postal_code.as_deref(), Some("1000001"));
        assert_eq!(address.region.as_deref(), Some("東京都"));
        assert!(address.delivery_point.starts_with("JP|東京都|千代田区|"));
        assert_eq!(request.ip, Some("203.0.113.7".parse().unwrap()));
        for &check in Check::ALL {
            assert!(request.has_input_for(check));
        }
    }

    #[test]
    fn debug_shows_no_personal_data() {
        let shown = format!("{:?}", request());
        for secret in ["9012345678", "1000001", "東京", "203.0.113"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }

    #[test]
    fn narrowing_keeps_only_the_inputs_of_the_checks() {
        let narrowed = request().only(&[Check::PhoneLine]);
        assert!(narrowed.phone.is_some());
        assert!(narrowed.address.is_none() && narrowed.ip.is_none());
    }

    #[test]
    fn digests_differ_by_check_and_input_and_need_the_input() {
        let request = request();
        let phone = request.digest(Check::PhoneLine).unwrap();
        assert_eq!(request.digest(Check::PhoneLine), Some(phone));
        assert_ne!(request.digest(Check::AddressExistence), Some(phone));
        let mut other = request.clone();
        other.phone = Some(PhoneLookup {
            e164: "+819012345679".into(),
            phone_type: PhoneType::Mobile,
        });
        assert_ne!(other.digest(Check::PhoneLine), Some(phone));
        assert_eq!(
            EnrichmentRequest::default().digest(Check::IpIntelligence),
            None
        );
    }
}
