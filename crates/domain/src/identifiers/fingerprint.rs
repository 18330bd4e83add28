//! Keyed fingerprints: what merchants share instead of identifiers.
//!
//! A plain hash of an email or a phone number can be reversed by hashing every candidate; an
//! HMAC under a secret that never leaves the platform cannot. The kind is part of the message, so
//! one string fingerprinted as two kinds gives two unrelated values.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Sha256;
use thiserror::Error;

use super::IdentifierKind;

/// Separates kind from value in the MAC input (ASCII unit separator): no kind name contains it,
/// so no (kind, value) pair can be mistaken for another.
const SEPARATOR: u8 = 0x1f;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FingerprintError {
    #[error("consortium key must have at least {} bytes", ConsortiumKey::MIN_BYTES)]
    KeyTooShort,
    #[error("not valid hex")]
    NotHex,
    #[error("a fingerprint has 32 bytes (64 hex digits)")]
    WrongLength,
}

/// The platform's secret for fingerprints. Never printed; Debug says so.
#[derive(Clone)]
pub struct ConsortiumKey {
    mac: Hmac<Sha256>,
}

impl ConsortiumKey {
    pub const MIN_BYTES: usize = 32;

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FingerprintError> {
        if bytes.len() < Self::MIN_BYTES {
            return Err(FingerprintError::KeyTooShort);
        }
        let mac =
            Hmac::<Sha256>::new_from_slice(bytes).map_err(|_| FingerprintError::KeyTooShort)?;
        Ok(Self { mac })
    }

    pub fn from_hex(text: &str) -> Result<Self, FingerprintError> {
        let bytes = hex::decode(text.trim()).map_err(|_| FingerprintError::NotHex)?;
        Self::from_bytes(&bytes)
    }

    /// HMAC-SHA256(key, kind ‖ 0x1f ‖ value). The key schedule was computed once in the
    /// constructor; each call clones it.
    pub fn fingerprint(&self, kind: IdentifierKind, value: &str) -> Fingerprint {
        self.fingerprint_labelled(kind.as_str(), value)
    }

    /// The same construction under a label that is not a shared identifier kind (a merchant's
    /// own account ids, device-tag tokens); the label keeps the spaces apart.
    pub fn fingerprint_labelled(&self, label: &str, value: &str) -> Fingerprint {
        let mut mac = self.mac.clone();
        mac.update(label.as_bytes());
        mac.update(&[SEPARATOR]);
        mac.update(value.as_bytes());
        Fingerprint(mac.finalize().into_bytes().into())
    }
}

impl fmt::Debug for ConsortiumKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConsortiumKey(<redacted>)")
    }
}

/// A keyed fingerprint of one normalised identifier. Serialised as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Result<Self, FingerprintError> {
        let bytes = hex::decode(text).map_err(|_| FingerprintError::NotHex)?;
        let array: [u8; 32] = bytes
            .try_into()
            .map_err(|_| FingerprintError::WrongLength)?;
        Ok(Self(array))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(byte: u8) -> ConsortiumKey {
        ConsortiumKey::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn matches_hmac_sha256_of_kind_separator_value() {
        // Known answer from Python: hmac.new(b"\x0b" * 32, b"email\x1ftaro@example.jp", sha256).
        let fp = key(0x0b).fingerprint(IdentifierKind::Email, "taro@example.jp");
        assert_eq!(
            fp.to_hex(),
            "12d6d99787098b08d4bce927e0c5f9766d5f6ae23897b4eafd510fa9ec7f66e0"
        );
    }

    #[test]
    fn hex_round_trips_and_rejects_bad_input() {
        let fp = key(1).fingerprint(IdentifierKind::Phone, "+819012345678");
        assert_eq!(Fingerprint::from_hex(&fp.to_hex()), Ok(fp));
        assert_eq!(fp.to_hex().len(), 64);
        assert_eq!(Fingerprint::from_hex("zz"), Err(FingerprintError::NotHex));
        assert_eq!(
            Fingerprint::from_hex("abcd"),
            Err(FingerprintError::WrongLength)
        );
    }

    #[test]
    fn keys_are_checked_and_never_printed() {
        assert_eq!(
            ConsortiumKey::from_bytes(&[7; 31]).map(|_| ()),
            Err(FingerprintError::KeyTooShort)
        );
        assert!(ConsortiumKey::from_hex(&"ab".repeat(32)).is_ok());
        assert_eq!(
            ConsortiumKey::from_hex("xyz").map(|_| ()),
            Err(FingerprintError::NotHex)
        );
        let shown = format!("{:?}", ConsortiumKey::from_hex(&"ab".repeat(32)).unwrap());
        assert!(!shown.contains("ab"), "{shown}");
    }

    proptest! {
        #[test]
        fn kinds_and_keys_separate_fingerprints(value in ".{0,40}", a in 0usize..9, b in 0usize..9, k1: u8, k2: u8) {
            let (ka, kb) = (IdentifierKind::ALL[a], IdentifierKind::ALL[b]);
            let same_key = key(k1);
            prop_assert_eq!(same_key.fingerprint(ka, &value) == same_key.fingerprint(kb, &value), a == b);
            prop_assert_eq!(key(k1).fingerprint(ka, &value) == key(k2).fingerprint(ka, &value), k1 == k2);
        }
    }
}
