//! The retention of the tenant's own customer data: `sekisho serve` runs [`purge_expired`] on a
//! schedule (`SEKISHO_CUSTOMER_DATA_PURGE_MINUTES`); each tenant sets its period.

use sekisho_store::customer_data::{PURGE_BATCH, purge_expired_batch};
use sekisho_store::{Pool, tenancy};

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
