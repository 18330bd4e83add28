//! Finding a tenant's orders by what the reviewer has in hand — an email, a phone, an IP, a
//! device, an address written on one line: each is normalised and fingerprinted exactly as
//! scoring stored it, so `090-1234-5678` and `+81 90 1234 5678` find the same orders.

use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, RawAddress, parse_single};

use crate::{FieldError, FieldErrors, ServiceError};

/// The identifier terms of a search, as typed.
#[derive(Debug, Clone, Default)]
pub struct IdentifierTerms {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub ip: Option<String>,
    pub device_id: Option<String>,
    /// A postal address on one line (`東京都新宿区新宿3-1-1 コーポ新宿203`).
    pub address: Option<String>,
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The (kind, fingerprint) pairs that the terms name; every term that does not parse is refused
/// by its field (the message names the rule, never the value).
pub fn fingerprints(
    key: &ConsortiumKey,
    terms: &IdentifierTerms,
) -> Result<Vec<(String, Vec<u8>)>, ServiceError> {
    let mut found = Vec::new();
    let mut refused = FieldErrors::default();
    let singles = [
        ("email", IdentifierKind::Email, &terms.email),
        ("phone", IdentifierKind::Phone, &terms.phone),
        ("ip", IdentifierKind::Ip, &terms.ip),
        ("device_id", IdentifierKind::DeviceId, &terms.device_id),
    ];
    for (field, kind, value) in singles {
        let Some(value) = given(value) else { continue };
        match parse_single(kind, value) {
            Ok(identifier) => found.push((
                identifier.kind().as_str().to_owned(),
                identifier.fingerprint(key).as_bytes().to_vec(),
            )),
            Err(error) => refused.add(FieldError::new(field, error.message)),
        }
    }
    if let Some(line) = given(&terms.address) {
        let raw = RawAddress {
            line1: line.to_owned(),
            ..RawAddress::default()
        };
        match raw.keys() {
            Ok(keys) => {
                let identifier = keys.point_identifier();
                found.push((
                    identifier.kind().as_str().to_owned(),
                    identifier.fingerprint(key).as_bytes().to_vec(),
                ));
            }
            Err(error) => refused.add(FieldError::new("address", error.message)),
        }
    }
    if refused.is_empty() {
        Ok(found)
    } else {
        Err(refused.into_error())
    }
}
