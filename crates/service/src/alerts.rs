//! Handling a tenant's attack alerts (card testing, login attacks): staff or the tenant's
//! systems acknowledging (seen, handled) or resolving (closed) one, which ends its effect on the
//! source's attempts, orders and payments at once. Each handling is audited in its transaction.

use chrono::Utc;
use sekisho_store::alerts::Alert;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::{Pool, StoreError, tenancy};
use uuid::Uuid;

use crate::ServiceError;

/// What staff do with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// Seen and handled; acknowledging twice keeps the first time.
    Acknowledge,
    /// The attack is over or was a false alarm.
    Resolve,
}

impl Handling {
    fn action(self) -> &'static str {
        match self {
            Handling::Acknowledge => "alert.acknowledge",
            Handling::Resolve => "alert.resolve",
        }
    }
}

/// Acknowledges or resolves one of the tenant's alerts, with its audit entry in the same
/// transaction; another tenant's alert is not found.
pub async fn handle(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    id: Uuid,
    handling: Handling,
) -> Result<Alert, ServiceError> {
    let now = Utc::now();
    let alert = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let marked = match handling {
            Handling::Acknowledge => Alert::acknowledge(conn, tenant_id, id, actor, now).await,
            Handling::Resolve => Alert::resolve(conn, tenant_id, id, actor, now).await,
        };
        let alert = marked.map_err(|error| match error {
            StoreError::NotFound => ServiceError::NotFound("alert"),
            other => other.into(),
        })?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor,
                action: handling.action(),
                target: Some(&id.to_string()),
                details: serde_json::json!({ "kind": alert.kind, "source_kind": alert.source_kind }),
            },
        )
        .await?;
        Ok(alert)
    })
    .await?;
    tracing::info!(tenant.id = %tenant_id, alert.id = %id, ?handling, "alert handled");
    Ok(alert)
}
