//! The built-in provider: what compiled-in reference data can tell at once, without a network.
//! It reports only what it can prove (an impossible number, a postal code that does not exist in
//! the stated prefecture) and nothing rather than a guess.

use futures_util::future;
use sekisho_domain::identifiers::{NormalizedPhone, postal_code_in_prefecture};

use super::findings::{Finding, Findings};
use super::provider::{EnrichmentProvider, ProviderFuture};
use super::request::{AddressLookup, Check, EnrichmentRequest, PhoneLookup};

pub const OFFLINE_PROVIDER: &str = "offline";

#[derive(Debug, Default, Clone, Copy)]
pub struct OfflineProvider;

impl OfflineProvider {
    /// Every finding at once; the trait method only wraps it in a ready future.
    pub fn findings(request: &EnrichmentRequest) -> Findings {
        let mut findings = Findings::new();
        findings.extend(request.phone.as_ref().and_then(phone_line));
        findings.extend(request.address.as_ref().and_then(address_exists));
        findings
    }
}

impl EnrichmentProvider for OfflineProvider {
    fn name(&self) -> &str {
        OFFLINE_PROVIDER
    }

    fn checks(&self) -> &[Check] {
        &[Check::PhoneLine, Check::AddressExistence]
    }

    fn enrich<'a>(&'a self, request: &'a EnrichmentRequest) -> ProviderFuture<'a> {
        Box::pin(future::ready(Ok(Self::findings(request))))
    }
}

/// A number libphonenumber's ranges hold invalid cannot be in service. A valid one may or may not
/// be: nothing is known.
fn phone_line(phone: &PhoneLookup) -> Option<Finding> {
    NormalizedPhone::parse(&phone.e164)
        .is_err()
        .then_some(Finding::PhoneLine { active: false })
}

/// A Japanese postal code whose area does not exist, or lies in another prefecture than the one
/// stated, makes the address impossible. Other countries: nothing known.
fn address_exists(address: &AddressLookup) -> Option<Finding> {
    let (Some(postal_code), Some(prefecture)) = (&address.postal_code, &address.region) else {
        return None;
    };
    (address.country == "JP" && !postal_code_in_prefecture(postal_code, prefecture))
        .then_some(Finding::AddressExists { exists: false })
}

#[cfg(test)]
mod tests {
    use sekisho_domain::identifiers::PhoneType;

    use super::*;

    fn phone(e164: &str) -> EnrichmentRequest {
        EnrichmentRequest {
            phone: Some(PhoneLookup {
                e164: e164.into(),
                phone_type: PhoneType::Mobile,
            }),
            ..EnrichmentRequest::default()
        }
    }

    fn address(country: &str, postal_code: &str, region: &str) -> EnrichmentRequest {
        EnrichmentRequest {
            address: Some(AddressLookup {
                country: country.into(),
                postal_code: Some(postal_code.into()),
                region: Some(region.into()),
                delivery_point: format!("{country}|{postal_code}|{region}|x"),
            }),
            ..EnrichmentRequest::default()
        }
    }

    #[test]
    fn a_valid_number_is_not_known_inactive() {
        assert!(OfflineProvider::findings(&phone("+819012345678")).is_empty());
        assert!(OfflineProvider::findings(&phone("+81312345678")).is_empty());
    }

    #[test]
    fn a_number_outside_every_assigned_range_is_inactive() {
        for e164 in ["+8100000000000", "+81901234567", "+999123456"] {
            assert_eq!(
                OfflineProvider::findings(&phone(e164)),
                [Finding::PhoneLine { active: false }],
                "{e164}"
            );
        }
    }

    #[test]
    fn a_postal_code_of_the_stated_prefecture_is_not_known_missing() {
        assert!(OfflineProvider::findings(&address("JP", "1000001", "東京都")).is_empty());
    }

    #[test]
    fn a_postal_code_of_nowhere_or_elsewhere_means_no_such_address() {
        for (postal_code, prefecture) in [("1990001", "東京都"), ("5300001", "東京都")] {
            assert_eq!(
                OfflineProvider::findings(&address("JP", postal_code, prefecture)),
                [Finding::AddressExists { exists: false }],
                "{postal_code} {prefecture}"
            );
        }
    }

    #[test]
    fn other_countries_and_missing_parts_say_nothing() {
        assert!(OfflineProvider::findings(&address("US", "94105", "ca")).is_empty());
        let mut request = address("JP", "1990001", "東京都");
        if let Some(address) = request.address.as_mut() {
            address.postal_code = None;
        }
        assert!(OfflineProvider::findings(&request).is_empty());
    }
}
