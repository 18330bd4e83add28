//! The tenant's own customer data: the sealed blob on each order (`orders.customer_data`, written
//! with the order), the tenant's retention period and whether its API keys may read it, and the
//! purge that clears it once an order is older than that period.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::{orders, tenants};

/// Orders cleared per statement, so that one purge never holds many row locks at once.
pub const PURGE_BATCH: i64 = 5_000;

/// A tenant's customer data settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = tenants)]
pub struct CustomerDataSettings {
    /// Days after scoring that an order keeps its customer data (1–3650, default 180).
    #[diesel(column_name = customer_data_retention_days)]
    pub retention_days: i32,
    /// Whether the tenant's API keys read the customer back (`GET /v1/orders/{id}`).
    #[diesel(column_name = api_keys_read_customer_data)]
    pub api_keys_read: bool,
}

impl CustomerDataSettings {
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<CustomerDataSettings, StoreError> {
        Ok(tenants::table
            .find(tenant_id)
            .select(CustomerDataSettings::as_select())
            .first(conn)
            .await?)
    }

    /// Needs the platform scope (tenants' rows are the platform's to write).
    pub async fn save(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        settings: &CustomerDataSettings,
    ) -> Result<CustomerDataSettings, StoreError> {
        Ok(diesel::update(tenants::table.find(tenant_id))
            .set((
                tenants::customer_data_retention_days.eq(settings.retention_days),
                tenants::api_keys_read_customer_data.eq(settings.api_keys_read),
            ))
            .returning(CustomerDataSettings::as_returning())
            .get_result(conn)
            .await?)
    }
}

/// The sealed customer data of one order; `None` when none was sent or it has been purged.
pub async fn sealed(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    order_id: Uuid,
) -> Result<Option<Vec<u8>>, StoreError> {
    Ok(orders::table
        .find((tenant_id, order_id))
        .select(orders::customer_data)
        .first::<Option<Vec<u8>>>(conn)
        .await?)
}

/// Clears the customer data of up to [`PURGE_BATCH`] orders scored longer ago than their tenant's
/// retention period; returns how many. Needs the platform scope (it covers every tenant).
pub async fn purge_expired_batch(conn: &mut AsyncPgConnection) -> Result<usize, StoreError> {
    Ok(diesel::sql_query(
        "UPDATE orders o SET customer_data = NULL \
         FROM ( \
             SELECT o2.tenant_id, o2.id FROM orders o2 \
             JOIN tenants t ON t.id = o2.tenant_id \
             WHERE o2.customer_data IS NOT NULL \
               AND o2.scored_at < now() - make_interval(days => t.customer_data_retention_days) \
             LIMIT $1 \
         ) AS expired \
         WHERE o.tenant_id = expired.tenant_id AND o.id = expired.id",
    )
    .bind::<diesel::sql_types::Int8, _>(PURGE_BATCH)
    .execute(conn)
    .await?)
}

/// A sealed blob and what it is bound to, for re-sealing under a new key.
#[derive(Debug, Clone, QueryableByName)]
pub struct SealedOrder {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub merchant_order_id: String,
    #[diesel(sql_type = diesel::sql_types::Bytea)]
    pub sealed: Vec<u8>,
}

/// Up to `limit` orders with customer data after `(tenant_id, id)`, in that order (a keyset
/// walk over every tenant). Needs the platform scope.
pub async fn sealed_orders_after(
    conn: &mut AsyncPgConnection,
    after: (Uuid, Uuid),
    limit: i64,
) -> Result<Vec<SealedOrder>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT tenant_id, id, merchant_order_id, customer_data AS sealed FROM orders \
         WHERE customer_data IS NOT NULL AND (tenant_id, id) > ($1, $2) \
         ORDER BY tenant_id, id LIMIT $3",
    )
    .bind::<diesel::sql_types::Uuid, _>(after.0)
    .bind::<diesel::sql_types::Uuid, _>(after.1)
    .bind::<diesel::sql_types::Int8, _>(limit)
    .load(conn)
    .await?)
}

/// Replaces an order's sealed data if it is still `old` (a purge or a re-score in between
/// wins). Returns whether it did.
pub async fn replace_sealed_order(
    conn: &mut AsyncPgConnection,
    order: &SealedOrder,
    new: &[u8],
) -> Result<bool, StoreError> {
    let updated = diesel::sql_query(
        "UPDATE orders SET customer_data = $3 \
         WHERE tenant_id = $1 AND id = $2 AND customer_data = $4",
    )
    .bind::<diesel::sql_types::Uuid, _>(order.tenant_id)
    .bind::<diesel::sql_types::Uuid, _>(order.id)
    .bind::<diesel::sql_types::Bytea, _>(new)
    .bind::<diesel::sql_types::Bytea, _>(&order.sealed)
    .execute(conn)
    .await?;
    Ok(updated == 1)
}

/// A list entry's sealed value and what it is bound to.
#[derive(Debug, Clone, QueryableByName)]
pub struct SealedListValue {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub list: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub kind: String,
    #[diesel(sql_type = diesel::sql_types::Bytea)]
    pub fingerprint: Vec<u8>,
    #[diesel(sql_type = diesel::sql_types::Bytea)]
    pub sealed: Vec<u8>,
}

/// As [`sealed_orders_after`], for list entries' values.
pub async fn sealed_list_values_after(
    conn: &mut AsyncPgConnection,
    after: (Uuid, Uuid),
    limit: i64,
) -> Result<Vec<SealedListValue>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT tenant_id, id, list, kind, fingerprint, sealed_value AS sealed FROM tenant_lists \
         WHERE sealed_value IS NOT NULL AND (tenant_id, id) > ($1, $2) \
         ORDER BY tenant_id, id LIMIT $3",
    )
    .bind::<diesel::sql_types::Uuid, _>(after.0)
    .bind::<diesel::sql_types::Uuid, _>(after.1)
    .bind::<diesel::sql_types::Int8, _>(limit)
    .load(conn)
    .await?)
}

/// Replaces a list entry's sealed value if it is still `old`.
pub async fn replace_sealed_list_value(
    conn: &mut AsyncPgConnection,
    entry: &SealedListValue,
    new: &[u8],
) -> Result<bool, StoreError> {
    let updated = diesel::sql_query(
        "UPDATE tenant_lists SET sealed_value = $3 \
         WHERE tenant_id = $1 AND id = $2 AND sealed_value = $4",
    )
    .bind::<diesel::sql_types::Uuid, _>(entry.tenant_id)
    .bind::<diesel::sql_types::Uuid, _>(entry.id)
    .bind::<diesel::sql_types::Bytea, _>(new)
    .bind::<diesel::sql_types::Bytea, _>(&entry.sealed)
    .execute(conn)
    .await?;
    Ok(updated == 1)
}
