//! The time partitions of the history tables (payment attempts, login events, webhook deliveries,
//! the audit log): one per calendar month (UTC) and a default partition for rows outside every
//! month (migration 2026-12-02-930001). These functions do DDL, so they run on a connection of
//! the schema owner (the one migrations use), never on the application's pool.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use crate::StoreError;

pub mod counters;

/// How many months ahead the server keeps partitions ready by default.
pub const DEFAULT_MONTHS_AHEAD: i32 = 3;

/// The shortest retention accepted (the database refuses a cut-off younger than 28 days).
pub const MIN_RETENTION_MONTHS: i32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName, serde::Serialize)]
pub struct Partition {
    #[diesel(sql_type = Text)]
    pub parent: String,
    #[diesel(sql_type = Text)]
    pub partition: String,
    /// The month's bounds; both absent for the default partition.
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub from_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub to_at: Option<DateTime<Utc>>,
    /// The planner's estimate (-1 before the partition was first analysed).
    #[diesel(sql_type = BigInt)]
    pub estimated_rows: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName, serde::Serialize)]
pub struct Created {
    #[diesel(sql_type = Text)]
    pub parent: String,
    #[diesel(sql_type = Text)]
    pub partition: String,
}

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName, serde::Serialize)]
pub struct Removed {
    #[diesel(sql_type = Text)]
    pub parent: String,
    /// A dropped month, or `<parent>_default` for rows deleted from the default partition.
    #[diesel(sql_type = Text)]
    pub partition: String,
    /// Estimated for a dropped month, exact for the default partition.
    #[diesel(sql_type = BigInt)]
    pub rows_removed: i64,
}

/// Creates the partitions of the previous month, the current month and `months_ahead` months
/// after it (0–24) that do not exist yet; returns those created. Safe to run from several replicas at once.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    months_ahead: i32,
) -> Result<Vec<Created>, StoreError> {
    Ok(
        diesel::sql_query("SELECT parent, partition FROM sekisho_ensure_partitions($1)")
            .bind::<Integer, _>(months_ahead)
            .load(conn)
            .await?,
    )
}

/// Every partition of the history tables, the default partitions first within each table.
pub async fn list(conn: &mut AsyncPgConnection) -> Result<Vec<Partition>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT parent, partition, from_at, to_at, estimated_rows FROM sekisho_history_partitions()",
    )
    .load(conn)
    .await?)
}

/// Retention: detaches and drops every month that ended `retention_months` months ago or
/// earlier, and deletes the default partitions' rows older than that cut-off. Younger months
/// are kept whole.
pub async fn drop_expired(
    conn: &mut AsyncPgConnection,
    retention_months: i32,
) -> Result<Vec<Removed>, StoreError> {
    let months = retention_months.max(MIN_RETENTION_MONTHS);
    conn.transaction::<_, StoreError, _>(async |conn| {
        // Detaching takes the parent's lock for a moment; behind a long query it is better to
        // give up and try again at the next run than to queue every insert behind it.
        conn.batch_execute("SET LOCAL lock_timeout = '5s'").await?;
        Ok(diesel::sql_query(
            "SELECT parent, partition, rows_removed \
             FROM sekisho_drop_partitions_before(now() - make_interval(months => $1))",
        )
        .bind::<Integer, _>(months)
        .load(conn)
        .await?)
    })
    .await
}

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName, serde::Serialize)]
pub struct Purged {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub tenant_id: uuid::Uuid,
    #[diesel(sql_type = Text)]
    pub parent: String,
    #[diesel(sql_type = BigInt)]
    pub rows_removed: i64,
}

/// The rows a purge takes per table and tenant in one transaction: small enough that a round
/// holds its locks briefly, and rows of a busy table keep flowing meanwhile.
pub const PURGE_BATCH: i32 = 5_000;

/// Rounds of [`purge_tenants`] in one call, so that a first purge of years of history ends and is
/// taken up again at the next maintenance.
pub const PURGE_ROUNDS: usize = 200;

/// Per-tenant retention (migration 2026-12-02-950201): sets how many months of history a tenant
/// keeps (`None`: the platform's retention alone). `NotFound` for an unknown tenant.
pub async fn set_tenant_retention(
    conn: &mut AsyncPgConnection,
    tenant_id: uuid::Uuid,
    months: Option<i32>,
) -> Result<(), StoreError> {
    use crate::schema::tenants;
    use diesel::{ExpressionMethods, QueryDsl};
    conn.transaction::<_, StoreError, _>(async |conn| {
        // The schema owner is subject to the tenants' forced row-level security too.
        conn.batch_execute("SELECT set_config('app.scope', 'platform', true)")
            .await?;
        let updated = diesel::update(tenants::table.find(tenant_id))
            .set(tenants::history_retention_months.eq(months))
            .execute(conn)
            .await?;
        if updated == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    })
    .await
}

/// Deletes, for every tenant with a retention of its own, its history rows older than it, in
/// rounds of [`PURGE_BATCH`] rows per table (each round its own transaction), until nothing is
/// left to delete or [`PURGE_ROUNDS`] rounds ran. Returns the rows removed per tenant and table.
pub async fn purge_tenants(conn: &mut AsyncPgConnection) -> Result<Vec<Purged>, StoreError> {
    let mut total: Vec<Purged> = Vec::new();
    for _ in 0..PURGE_ROUNDS {
        let round: Vec<Purged> = diesel::sql_query(
            "SELECT tenant_id, parent, rows_removed FROM sekisho_purge_tenant_history($1)",
        )
        .bind::<Integer, _>(PURGE_BATCH)
        .load(conn)
        .await?;
        if round.is_empty() {
            break;
        }
        for purged in round {
            match total
                .iter_mut()
                .find(|p| p.tenant_id == purged.tenant_id && p.parent == purged.parent)
            {
                Some(sum) => sum.rows_removed += purged.rows_removed,
                None => total.push(purged),
            }
        }
    }
    Ok(total)
}
