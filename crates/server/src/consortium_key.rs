//! The consortium key: the HMAC key under which every member's identifiers are fingerprinted. It
//! lives outside the database, so that a stolen dump holds only fingerprints that cannot be
//! tested against guesses.

use anyhow::Context;
use sekisho_domain::identifiers::ConsortiumKey;

use crate::database::{Database, hex_secret};
use crate::secrets;
use crate::settings::Settings;

/// The key from the environment, a key file, or (embedded mode only) a generated file in the data
/// directory. A production configuration without a key refuses to start.
pub fn load(settings: &Settings) -> anyhow::Result<ConsortiumKey> {
    let hex = match (&settings.consortium_key, &settings.consortium_key_file) {
        (Some(hex), _) => hex.trim().to_owned(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the consortium key from {}", path.display()))?
            .trim()
            .to_owned(),
        (None, None) if Database::is_embedded(settings) => {
            secrets::load_or_create(&settings.data_dir.join("consortium.key"), || hex_secret(32))?
        }
        (None, None) => anyhow::bail!(
            "SEKISHO_CONSORTIUM_KEY or SEKISHO_CONSORTIUM_KEY_FILE is required when \
             SEKISHO_DATABASE_URL is set (64 hex digits, e.g. `openssl rand -hex 32`)"
        ),
    };
    ConsortiumKey::from_hex(&hex).map_err(|error| anyhow::anyhow!("consortium key: {error}"))
}
