//! Staff passwords: argon2id with OWASP's parameters (argon2's defaults), hashed on the blocking
//! pool because one hash costs ~55 ms of a core.

use std::sync::LazyLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::ServiceError;

pub async fn hash(password: String) -> Result<String, ServiceError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password hashing did not finish");
        ServiceError::Internal("password hashing did not finish")
    })?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        ServiceError::Internal("password hashing failed")
    })
}

/// Whether `password` matches `stored`. With no stored hash (unknown account) a dummy hash is
/// checked all the same, so that response time does not reveal which emails exist.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ServiceError> {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let parsed = match PasswordHash::new(&stored) {
            Ok(parsed) => parsed,
            // A stored hash that does not parse signs nobody in, and says so (never the hash).
            Err(error) => {
                tracing::error!(%error, "a stored password hash does not parse");
                return false;
            }
        };
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        known && matches
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "password verification did not finish");
        ServiceError::Internal("password verification did not finish")
    })
}

/// A hash of a password nobody knows, computed once, with the same parameters as real hashes.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    Argon2::default()
        .hash_password(b"sekisho: no such account")
        .map(|hash| hash.to_string())
        .unwrap_or_default()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery".to_owned()).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(
            verify("correct horse battery".to_owned(), Some(stored.clone()))
                .await
                .unwrap()
        );
        assert!(
            !verify("wrong horse battery".to_owned(), Some(stored))
                .await
                .unwrap()
        );
        assert!(!verify("anything".to_owned(), None).await.unwrap());
    }
}
