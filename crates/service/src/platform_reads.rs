//! The platform admins' reads across tenants: the tenant list and the audit log. Each read is
//! itself on the record (an audit entry in the read's platform transaction, after the read, so
//! not in the page it answers).

use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenants::Tenant;
use sekisho_store::{AsyncPgConnection, Pool, tenancy};
use uuid::Uuid;

use crate::ServiceError;

/// A page of `limit` tenants, oldest first, after skipping `offset`; one more is read (and
/// returned) when there is a next page.
pub async fn list_tenants(
    pool: &Pool,
    actor: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<Tenant>, ServiceError> {
    tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
        let tenants = Tenant::list(conn, limit + 1, offset).await?;
        let details = serde_json::json!({ "limit": limit, "offset": offset });
        audit(conn, None, actor, "tenant.list", details).await?;
        Ok(tenants)
    })
    .await
}

/// A page of `limit` entries of the audit log (one tenant's, or all), newest first, older than
/// the entry `before_id`; one more is read (and returned) when there is a next page.
pub async fn read_audit_log(
    pool: &Pool,
    actor: &str,
    tenant_id: Option<Uuid>,
    limit: i64,
    before_id: Option<i64>,
) -> Result<Vec<AuditEntry>, ServiceError> {
    tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
        let entries = AuditEntry::list(conn, tenant_id, limit + 1, before_id).await?;
        let shown = entries
            .len()
            .min(usize::try_from(limit).unwrap_or(usize::MAX));
        let details = serde_json::json!({
            "tenant_id": tenant_id, "before_id": before_id,
            "limit": limit, "entries": shown,
        });
        audit(conn, tenant_id, actor, "audit_log.read", details).await?;
        Ok(entries)
    })
    .await
}

async fn audit(
    conn: &mut AsyncPgConnection,
    tenant_id: Option<Uuid>,
    actor: &str,
    action: &str,
    details: serde_json::Value,
) -> Result<(), ServiceError> {
    let target = tenant_id.map(|id| id.to_string());
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id,
            actor,
            action,
            target: target.as_deref(),
            details,
        },
    )
    .await?;
    Ok(())
}
