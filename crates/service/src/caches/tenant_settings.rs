//! The caches as the order flow's `TenantSettings` port reads them.

use std::sync::Arc;

use sekisho_scoring::policy::Policy;
use sekisho_store::AsyncPgConnection;
use uuid::Uuid;

use super::Caches;
use crate::ServiceError;
use crate::orders::scoring::TenantSettings;

impl TenantSettings for Caches {
    async fn consumes_consortium(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<bool, ServiceError> {
        Ok(self.participation(conn, tenant_id).await?.consumes)
    }

    async fn policy(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Arc<Policy>, ServiceError> {
        Caches::policy(self, conn, tenant_id).await
    }
}
