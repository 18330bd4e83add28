//! The tenant's policy as the scoring core wants it; version 0 is the built-in default.

use diesel_async::AsyncPgConnection;
use sekisho_scoring::policy::{Policy, Rule, Thresholds};
use sekisho_store::policies::StoredPolicy;
use uuid::Uuid;

use crate::ServiceError;

pub fn from_stored(stored: StoredPolicy) -> Result<Policy, ServiceError> {
    let rules: Vec<Rule> = serde_json::from_value(stored.rules).map_err(|error| {
        tracing::error!(%error, "stored policy rules do not parse");
        ServiceError::Internal("stored policy rules do not parse")
    })?;
    Ok(Policy {
        version: stored.version,
        thresholds: Thresholds {
            review_at: u8::try_from(stored.review_at).unwrap_or(40),
            reject_at: u8::try_from(stored.reject_at).unwrap_or(80),
        },
        rules,
    })
}

pub async fn current(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> Result<Policy, ServiceError> {
    match StoredPolicy::current(conn, tenant_id).await? {
        Some(stored) => from_stored(stored),
        None => Ok(Policy::default()),
    }
}
