//! What the order flow reads through this crate: the process's caches and the outside checks.

use std::sync::Arc;

use sekisho_scoring::policy::Policy;
use sekisho_service::ServiceError;
use sekisho_service::orders::prepare::PreparedOrder;
use sekisho_service::orders::scoring::{
    ExternalChecks, ExternalFindings, PendingChecks, TenantSettings,
};
use sekisho_store::AsyncPgConnection;
use uuid::Uuid;

use crate::cache::Caches;
use crate::enrichment::{Enrichment, EnrichmentRequest, PhoneLookup};

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

/// The enrichment providers as the order flow starts them.
pub struct OrderChecks(pub Arc<Enrichment>);

impl ExternalChecks for OrderChecks {
    fn start(&self, order: &PreparedOrder) -> PendingChecks {
        let mut request = EnrichmentRequest::from_identifiers(&order.parsed);
        if let Some(Some(phone)) = &order.phone {
            request.phone = Some(PhoneLookup::from(phone));
        }
        let enrichment = self.0.clone();
        let task = tokio::spawn(async move { enrichment.run(&request).await });
        Box::pin(async move {
            match task.await {
                Ok(report) => Some(ExternalFindings {
                    reasons: report.reasons(),
                    ip_tags: report.ip_tags().into_iter().map(str::to_owned).collect(),
                }),
                // The checks panicked or were cancelled: score without them, and say so once.
                Err(error) => {
                    tracing::error!(%error, "the outside checks of an order did not finish");
                    None
                }
            }
        })
    }
}
