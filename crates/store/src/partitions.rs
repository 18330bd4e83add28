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
