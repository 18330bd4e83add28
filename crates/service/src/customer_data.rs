//! The retention of the tenant's own customer data: `sekisho serve` runs [`purge_expired`] on a
//! schedule (`SEKISHO_CUSTOMER_DATA_PURGE_MINUTES`); each tenant sets its period. And the
//! rotation of the data key: [`reseal`] moves what the previous key sealed to the current one.

use sekisho_domain::customer_data::{CustomerDataKey, ListEntryBinding, Resealed};
use sekisho_store::customer_data::{self as store, PURGE_BATCH, purge_expired_batch};
use sekisho_store::{Pool, tenancy};
use uuid::Uuid;

use crate::ServiceError;

/// Clears the customer data of every order older than its tenant's retention period, a batch per
/// transaction; returns how many orders were cleared.
pub async fn purge_expired(pool: &Pool) -> Result<usize, ServiceError> {
    let mut cleared = 0;
    loop {
        let batch = tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
            Ok(purge_expired_batch(conn).await?)
        })
        .await?;
        cleared += batch;
        if i64::try_from(batch).unwrap_or(i64::MAX) < PURGE_BATCH {
            return Ok(cleared);
        }
    }
}

/// What `sekisho customer-data reseal` did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ResealSummary {
    /// Orders whose customer data moved from the previous key to the current one.
    pub orders_resealed: u64,
    /// Orders already sealed with the current key.
    pub orders_current: u64,
    pub list_values_resealed: u64,
    pub list_values_current: u64,
    /// Blobs neither key opens (a third, lost key, or damage): left as they are, logged by id.
    pub unreadable: u64,
}

/// Re-seals every stored blob (orders' customer data, list entries' values) that the previous
/// key sealed with the current one, `batch` rows per transaction so that no transaction holds
/// many locks; a blob changed or purged meanwhile is left to its new state. Safe to re-run:
/// what is current stays as it is. Once it reports nothing unreadable, the previous key can go.
pub async fn reseal(
    pool: &Pool,
    key: &CustomerDataKey,
    batch: i64,
) -> Result<ResealSummary, ServiceError> {
    let batch = batch.clamp(1, 10_000);
    let mut summary = ResealSummary::default();
    let mut after = (Uuid::nil(), Uuid::nil());
    loop {
        let (last, done) = tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
            let rows = store::sealed_orders_after(conn, after, batch).await?;
            for order in &rows {
                let tenant = order.tenant_id.as_bytes();
                match key.reseal_record(&order.sealed, tenant, &order.merchant_order_id) {
                    Ok(Resealed::Current) => summary.orders_current += 1,
                    Ok(Resealed::Moved(new)) => {
                        if store::replace_sealed_order(conn, order, &new).await? {
                            summary.orders_resealed += 1;
                        }
                    }
                    Err(_) => {
                        tracing::error!(tenant.id = %order.tenant_id, order.id = %order.id, "customer data opens with neither key");
                        summary.unreadable += 1;
                    }
                }
            }
            let last = rows.last().map(|o| (o.tenant_id, o.id));
            Ok((last, (rows.len() as i64) < batch))
        })
        .await?;
        if let Some(last) = last {
            after = last;
        }
        if done {
            break;
        }
    }
    let mut after = (Uuid::nil(), Uuid::nil());
    loop {
        let (last, done) = tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
            let rows = store::sealed_list_values_after(conn, after, batch).await?;
            for entry in &rows {
                let binding = ListEntryBinding {
                    tenant_id: entry.tenant_id.as_bytes(),
                    list: &entry.list,
                    kind: &entry.kind,
                    fingerprint: &entry.fingerprint,
                };
                match key.reseal_list_value(&entry.sealed, &binding) {
                    Ok(Resealed::Current) => summary.list_values_current += 1,
                    Ok(Resealed::Moved(new)) => {
                        if store::replace_sealed_list_value(conn, entry, &new).await? {
                            summary.list_values_resealed += 1;
                        }
                    }
                    Err(_) => {
                        tracing::error!(tenant.id = %entry.tenant_id, entry.id = %entry.id, "a list value opens with neither key");
                        summary.unreadable += 1;
                    }
                }
            }
            let last = rows.last().map(|e| (e.tenant_id, e.id));
            Ok((last, (rows.len() as i64) < batch))
        })
        .await?;
        if let Some(last) = last {
            after = last;
        }
        if done {
            break;
        }
    }
    Ok(summary)
}
