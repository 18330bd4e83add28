//! The `Sekisho-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
//! The key is the endpoint's secret as written (`whsec_…`, its UTF-8 bytes). Receivers recompute
//! the HMAC over the raw body, compare in constant time and refuse old timestamps (replays); see
//! docs/WEBHOOKS.md.

use hmac::{Hmac, KeyInit, Mac};
use rand::Rng;
use sha2::Sha256;

pub const SIGNATURE_HEADER: &str = "Sekisho-Signature";
const SECRET_PREFIX: &str = "whsec_";

/// Why a text is not a webhook secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a webhook secret starts with whsec_")]
    Prefix,
    #[error("a webhook secret is whsec_ and 64 hex digits")]
    Digits,
    #[error("HMAC refused the key")]
    Key,
}

/// An endpoint's signing secret. Never printed; Debug says so.
#[derive(Clone)]
pub struct WebhookSecret {
    text: String,
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WebhookSecret(***)")
    }
}

impl WebhookSecret {
    /// A new random secret: `whsec_` and 64 hex digits (256 bits).
    pub fn generate() -> Result<Self, SecretError> {
        Self::parse(&format!(
            "{SECRET_PREFIX}{}",
            hex::encode(rand::rng().random::<[u8; 32]>())
        ))
    }

    pub fn parse(text: &str) -> Result<Self, SecretError> {
        let digits = text
            .strip_prefix(SECRET_PREFIX)
            .ok_or(SecretError::Prefix)?;
        if digits.len() != 64
            || !digits
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(SecretError::Digits);
        }
        let mac = Hmac::<Sha256>::new_from_slice(text.as_bytes()).map_err(|_| SecretError::Key)?;
        Ok(Self {
            text: text.to_owned(),
            mac,
        })
    }

    /// The secret itself, to show its owner once (and to store).
    pub fn expose(&self) -> &str {
        &self.text
    }

    /// Hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    pub fn sign(&self, timestamp: i64, body: &[u8]) -> String {
        let mut mac = self.mac.clone();
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        hex::encode(mac.finalize().into_bytes())
    }

    /// The `Sekisho-Signature` header's value.
    pub fn header_value(&self, timestamp: i64, body: &[u8]) -> String {
        format!("t={timestamp},v1={}", self.sign(timestamp, body))
    }

    /// What a receiver does: the header carries a `v1` signature of this body by this secret
    /// and its timestamp is within `tolerance_secs` of `now`.
    pub fn verify(&self, header: &str, body: &[u8], now: i64, tolerance_secs: i64) -> bool {
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for part in header.split(',') {
            match part.trim().split_once('=') {
                Some(("t", value)) => timestamp = value.parse::<i64>().ok(),
                Some(("v1", value)) => signatures.extend(hex::decode(value).ok()),
                _ => {}
            }
        }
        let Some(timestamp) = timestamp else {
            return false;
        };
        if (now - timestamp).abs() > tolerance_secs {
            return false;
        }
        signatures.iter().any(|signature| {
            let mut mac = self.mac.clone();
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            mac.verify_slice(signature).is_ok()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    #[test]
    fn signs_timestamp_dot_body_with_hmac_sha256() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        // Known answer from Python:
        // hmac.new(SECRET.encode(), b'1700000000.{"id":1}', hashlib.sha256).hexdigest()
        assert_eq!(
            secret.sign(1_700_000_000, br#"{"id":1}"#),
            "de2fc06d01e65ba8275a63db70f53332085fd38068b33b13bb0d6936c901792c"
        );
    }

    #[test]
    fn verifies_its_own_header_and_nothing_else() {
        let secret = WebhookSecret::parse(SECRET).unwrap();
        let body = br#"{"type":"webhook.test"}"#;
        let header = secret.header_value(1_700_000_000, body);
        assert!(header.starts_with("t=1700000000,v1="));
        assert!(secret.verify(&header, body, 1_700_000_100, 300));
        // Too old, another body, another secret, a mangled header.
        assert!(!secret.verify(&header, body, 1_700_001_000, 300));
        assert!(!secret.verify(&header, b"{}", 1_700_000_000, 300));
        let other = WebhookSecret::generate().unwrap();
        assert!(!other.verify(&header, body, 1_700_000_000, 300));
        assert!(!secret.verify("v1=00", body, 1_700_000_000, 300));
    }

    #[test]
    fn secrets_are_random_and_well_formed() {
        let a = WebhookSecret::generate().unwrap();
        let b = WebhookSecret::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert!(WebhookSecret::parse(a.expose()).is_ok());
        assert!(WebhookSecret::parse("whsec_short").is_err());
        assert!(WebhookSecret::parse(&a.expose().replace("whsec_", "sk_")).is_err());
        assert_eq!(format!("{a:?}"), "WebhookSecret(***)");
    }
}
