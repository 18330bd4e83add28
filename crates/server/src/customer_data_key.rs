//! The customer data key: seals each tenant's own customer data (names, contacts, addresses) at
//! rest. Like the consortium key it lives outside the database, so that a stolen dump holds only
//! ciphertext; unlike it, it never leaves the operator (no fingerprint is shared).

use anyhow::Context;
use sekisho_domain::customer_data::CustomerDataKey;

use crate::database::{Database, hex_secret};
use crate::secrets;
use crate::settings::Settings;

/// The key from the environment, a key file, or (embedded mode only) a generated file in the data
/// directory. A production configuration without a key refuses to start, as it does without the
/// consortium key.
pub fn load(settings: &Settings) -> anyhow::Result<CustomerDataKey> {
    let hex = match (
        &settings.customer_data_key,
        &settings.customer_data_key_file,
    ) {
        (Some(hex), _) => hex.trim().to_owned(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| format!("reading the customer data key from {}", path.display()))?
            .trim()
            .to_owned(),
        (None, None) if Database::is_embedded(settings) => {
            secrets::load_or_create(&settings.data_dir.join("customer-data.key"), || {
                hex_secret(32)
            })?
        }
        (None, None) => anyhow::bail!(
            "SEKISHO_CUSTOMER_DATA_KEY or SEKISHO_CUSTOMER_DATA_KEY_FILE is required when \
             SEKISHO_DATABASE_URL is set (64 hex digits, e.g. `openssl rand -hex 32`)"
        ),
    };
    let key = CustomerDataKey::from_hex(&hex)
        .map_err(|error| anyhow::anyhow!("customer data key: {error}"))?;
    Ok(match previous(settings)? {
        Some(previous) => key.with_previous(previous),
        None => key,
    })
}

/// The key a rotation replaces (`SEKISHO_CUSTOMER_DATA_PREVIOUS_KEY` or `…_FILE`), if any.
fn previous(settings: &Settings) -> anyhow::Result<Option<CustomerDataKey>> {
    let hex = match (
        &settings.customer_data_previous_key,
        &settings.customer_data_previous_key_file,
    ) {
        (Some(hex), _) => hex.trim().to_owned(),
        (None, Some(path)) => std::fs::read_to_string(path)
            .with_context(|| {
                format!(
                    "reading the previous customer data key from {}",
                    path.display()
                )
            })?
            .trim()
            .to_owned(),
        (None, None) => return Ok(None),
    };
    CustomerDataKey::from_hex(&hex)
        .map(Some)
        .map_err(|error| anyhow::anyhow!("previous customer data key: {error}"))
}
