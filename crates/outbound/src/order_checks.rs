//! The outside checks as the order flow's `ExternalChecks` port starts them.

use std::sync::Arc;

use sekisho_service::orders::prepare::PreparedOrder;
use sekisho_service::orders::scoring::{ExternalChecks, ExternalFindings, PendingChecks};

use crate::enrichment::{Enrichment, EnrichmentRequest, PhoneLookup};

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
