//! API key secrets: `sk_live_` (or `sk_test_` for a test-mode key, docs/TESTING.md) and 48 hex
//! digits of randomness. The visible prefix (the first 8 digits) identifies a key in lists; only the SHA-256 of the whole key is stored, which is
//! enough for 192 random bits and costs well under a microsecond per request.

use rand::Rng;
use sha2::{Digest, Sha256};

pub const KEY_PREFIX: &str = "sk_live_";
/// A test-mode key's start: its data is kept apart from live data.
pub const TEST_KEY_PREFIX: &str = "sk_test_";
const VISIBLE_DIGITS: usize = 8;

#[derive(Debug)]
pub struct NewSecret {
    /// The full key, shown to its owner once.
    pub key: String,
    /// What lists show, e.g. `sk_live_1a2b3c4d`.
    pub prefix: String,
    pub hash: [u8; 32],
}

/// A new live key.
pub fn generate() -> NewSecret {
    generate_for(true)
}

/// A new key of the given mode: `sk_live_…` when `livemode`, `sk_test_…` otherwise.
pub fn generate_for(livemode: bool) -> NewSecret {
    let start = if livemode {
        KEY_PREFIX
    } else {
        TEST_KEY_PREFIX
    };
    let random = hex::encode(rand::rng().random::<[u8; 24]>());
    let key = format!("{start}{random}");
    let prefix = format!("{start}{}", &random[..VISIBLE_DIGITS]);
    let hash = hash(&key);
    NewSecret { key, prefix, hash }
}

pub fn hash(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// Whether a bearer credential has the shape of an API key (rather than a session token).
pub fn looks_like_key(credential: &str) -> bool {
    credential.starts_with("sk_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_prefixed() {
        let a = generate();
        let b = generate();
        assert_ne!(a.key, b.key);
        assert!(a.key.starts_with(&a.prefix));
        assert_eq!(a.key.len(), KEY_PREFIX.len() + 48);
        assert_eq!(a.hash, hash(&a.key));
        assert!(looks_like_key(&a.key));
        let test = generate_for(false);
        assert!(test.key.starts_with(TEST_KEY_PREFIX));
        assert!(test.key.starts_with(&test.prefix));
        assert!(looks_like_key(&test.key));
    }
}
