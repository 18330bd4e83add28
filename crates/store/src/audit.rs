//! The audit log: who did what to which tenant, append-only.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::audit_log;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i64,
    pub tenant_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    pub tenant_id: Option<Uuid>,
    pub actor: &'a str,
    pub action: &'a str,
    pub target: Option<&'a str>,
    pub details: serde_json::Value,
}

impl AuditEntry {
    /// Records an action inside the caller's transaction, so that it commits with the action.
    pub async fn record(
        conn: &mut AsyncPgConnection,
        entry: &NewAuditEntry<'_>,
    ) -> Result<(), StoreError> {
        diesel::insert_into(audit_log::table)
            .values(entry)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// Newest first; in the platform scope across tenants, else the tenant's own.
    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Option<Uuid>,
        limit: i64,
        before_id: Option<i64>,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let mut query = audit_log::table
            .select(AuditEntry::as_select())
            .order(audit_log::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(tenant_id) = tenant_id {
            query = query.filter(audit_log::tenant_id.eq(tenant_id));
        }
        if let Some(before_id) = before_id {
            query = query.filter(audit_log::id.lt(before_id));
        }
        Ok(query.load(conn).await?)
    }
}
