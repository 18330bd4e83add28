//! Versioned tenant policies: each change is a new version; every stored decision names the
//! version that made it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::tenant_policies;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenant_policies)]
pub struct StoredPolicy {
    pub tenant_id: Uuid,
    pub version: i32,
    pub review_at: i16,
    pub reject_at: i16,
    pub rules: serde_json::Value,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl StoredPolicy {
    /// The newest version, if the tenant ever saved one.
    pub async fn current(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Option<StoredPolicy>, StoreError> {
        Ok(tenant_policies::table
            .filter(tenant_policies::tenant_id.eq(tenant_id))
            .order(tenant_policies::version.desc())
            .select(StoredPolicy::as_select())
            .first(conn)
            .await
            .optional()?)
    }

    pub async fn versions(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Vec<StoredPolicy>, StoreError> {
        Ok(tenant_policies::table
            .filter(tenant_policies::tenant_id.eq(tenant_id))
            .order(tenant_policies::version.desc())
            .select(StoredPolicy::as_select())
            .load(conn)
            .await?)
    }

    /// Saves the next version (version 1 when none exists; version 0 is the built-in default).
    pub async fn save(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        review_at: i16,
        reject_at: i16,
        rules: serde_json::Value,
        created_by: &str,
    ) -> Result<StoredPolicy, StoreError> {
        let current = Self::current(conn, tenant_id)
            .await?
            .map(|p| p.version)
            .unwrap_or(0);
        Ok(diesel::insert_into(tenant_policies::table)
            .values((
                tenant_policies::tenant_id.eq(tenant_id),
                tenant_policies::version.eq(current + 1),
                tenant_policies::review_at.eq(review_at),
                tenant_policies::reject_at.eq(reject_at),
                tenant_policies::rules.eq(rules),
                tenant_policies::created_by.eq(created_by),
            ))
            .returning(StoredPolicy::as_returning())
            .get_result(conn)
            .await?)
    }
}
