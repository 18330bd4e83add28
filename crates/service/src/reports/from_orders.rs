//! Confirmed fraud on an order becomes a consortium report on its own: a chargeback, or a review
//! rejected as fraud, when the tenant contributes. A reversed chargeback takes it back.

use diesel_async::AsyncPgConnection;
use sekisho_store::StoreError;
use sekisho_store::consortium::{self as store, Candidate};
use sekisho_store::fraud_reports::{FraudReport, NewFraudReport};
use sekisho_store::orders::Order;
use sekisho_store::tenants::Tenant;
use uuid::Uuid;

use crate::ServiceError;
use crate::consortium_filter::ConsortiumFilter;
use crate::orders::facts::ACCOUNT_KIND;
use crate::reports::filing;

fn idempotency_key(order: &Order, category: &str) -> String {
    format!("order:{}:{category}", order.id)
}

/// Files a report from the order's stored fingerprints, through the same path as the API's
/// reports (so other members are told of matching recent orders too). Returns the report, or
/// `None` when the tenant does not contribute. Filing twice returns the first report.
pub async fn report_order(
    conn: &mut AsyncPgConnection,
    filter: &ConsortiumFilter,
    order: &Order,
    category: &str,
    actor: &str,
) -> Result<Option<FraudReport>, ServiceError> {
    let tenant = Tenant::find(conn, order.tenant_id).await?;
    if !tenant.contributes {
        return Ok(None);
    }
    let new = NewFraudReport {
        tenant_id: order.tenant_id,
        id: Uuid::now_v7(),
        category: category.to_owned(),
        amount_minor: order.amount_minor,
        currency: order.currency.clone(),
        occurred_at: order.ordered_at,
        order_id: Some(order.merchant_order_id.clone()),
        created_by: actor.to_owned(),
        source: "outcome".to_owned(),
        idempotency_key: Some(idempotency_key(order, category)),
        summary: order.summary.clone(),
    };
    // The order's fingerprints are the consortium's (same key); the account id is the tenant's
    // own and never shared.
    let candidates: Vec<Candidate> = Order::identifiers(conn, order.tenant_id, order.id)
        .await?
        .into_iter()
        .filter(|identifier| identifier.kind != ACCOUNT_KIND)
        .map(|identifier| Candidate {
            kind: identifier.kind,
            fingerprint: identifier.fingerprint,
            network: None,
        })
        .collect();
    let (report, _replayed) = filing::file(conn, filter, &new, candidates).await?;
    Ok(Some(report))
}

/// Retracts the report a rejected review filed (category `other`) when the rejection is undone,
/// and frees its key so that a new rejection reports again. Returns the retracted report's id.
pub async fn withdraw_review_report(
    conn: &mut AsyncPgConnection,
    order: &Order,
    actor: &str,
) -> Result<Option<Uuid>, ServiceError> {
    let key = idempotency_key(order, "other");
    let report = match FraudReport::find_by_idempotency_key(conn, order.tenant_id, &key).await {
        Ok(report) => report,
        Err(StoreError::NotFound) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    if report.retracted_at.is_none() {
        let retracted = FraudReport::retract(conn, order.tenant_id, report.id).await?;
        store::delete_for_report(conn, order.tenant_id, report.id).await?;
        store::record_contribution(conn, order.tenant_id, 0, 1).await?;
        filing::audit_report(conn, &retracted, actor, "fraud_report.retract").await?;
    }
    FraudReport::release_idempotency_key(conn, order.tenant_id, report.id).await?;
    Ok(Some(report.id))
}

/// Retracts the chargeback report of an order whose chargeback was reversed.
pub async fn withdraw_chargeback(
    conn: &mut AsyncPgConnection,
    order: &Order,
    actor: &str,
) -> Result<bool, ServiceError> {
    let key = idempotency_key(order, "chargeback");
    // No chargeback report: nothing to withdraw. Any other failure is the database's, and the
    // outcome must not be recorded as if the withdrawal had happened.
    let report = match FraudReport::find_by_idempotency_key(conn, order.tenant_id, &key).await {
        Ok(report) => report,
        Err(StoreError::NotFound) => return Ok(false),
        Err(other) => return Err(other.into()),
    };
    if report.retracted_at.is_some() {
        return Ok(false);
    }
    let retracted = FraudReport::retract(conn, order.tenant_id, report.id).await?;
    store::delete_for_report(conn, order.tenant_id, report.id).await?;
    store::record_contribution(conn, order.tenant_id, 0, 1).await?;
    filing::audit_report(conn, &retracted, actor, "fraud_report.retract").await?;
    Ok(true)
}
