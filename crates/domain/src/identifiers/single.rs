//! One identifier given as kind and text (warninglist entries, admin tools), as opposed to the
//! structured identifiers of a request (`raw`).

use super::{
    CardNumber, DeviceId, IdentifierError, IdentifierKind, NormalizedEmail, NormalizedIdentifier,
    NormalizedIp, NormalizedPhone, PersonName,
};

/// Normalises `raw` as an identifier of `kind`. Addresses need their parts and an IP prefix is a
/// range, so those kinds are refused here.
pub fn parse_single(
    kind: IdentifierKind,
    raw: &str,
) -> Result<NormalizedIdentifier, IdentifierError> {
    match kind {
        IdentifierKind::Email => NormalizedEmail::parse(raw).map(|email| email.to_identifier()),
        IdentifierKind::EmailDomain => {
            let domain = raw.trim().trim_start_matches('@');
            NormalizedEmail::parse(&format!("postmaster@{domain}"))
                .map(|email| email.domain_identifier())
                .map_err(|_| IdentifierError::new("value", "not a valid email domain"))
        }
        IdentifierKind::Phone => NormalizedPhone::parse(raw).map(|phone| phone.to_identifier()),
        IdentifierKind::Ip => NormalizedIp::parse(raw).map(|ip| {
            let [ip, _prefix] = ip.to_identifiers();
            ip
        }),
        IdentifierKind::Card => CardNumber::parse(raw).map(|card| card.to_identifier()),
        IdentifierKind::DeviceId => DeviceId::parse(raw).map(|device| device.to_identifier()),
        IdentifierKind::Name => PersonName::parse(raw).map(|name| name.to_identifier()),
        IdentifierKind::AddressDeliveryPoint
        | IdentifierKind::AddressBuilding
        | IdentifierKind::IpPrefix => Err(IdentifierError::new(
            "kind",
            format!(
                "{kind} cannot be given as one value; use the structured identifiers or a range"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_values_normalise_like_request_fields() {
        let domain = parse_single(IdentifierKind::EmailDomain, "@GMail.com").unwrap();
        assert_eq!(domain.value(), "gmail.com");
        let card = parse_single(IdentifierKind::Card, "4111-1111-1111-1111").unwrap();
        assert_eq!(card.value(), "4111111111111111");
        assert!(parse_single(IdentifierKind::AddressBuilding, "x").is_err());
        assert!(parse_single(IdentifierKind::Card, "4111").is_err());
    }
}
