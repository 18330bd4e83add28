//! The weekly partitions of the hot path's counter tables (`velocity_counts`, `velocity_values`,
//! `velocity_sketches`, `attempt_counts`; migration 2026-12-02-950101): one per UTC week (Monday
//! to Monday) of `bucket_start`, named after its Monday, and a default partition, so that expiry
//! drops whole weeks instead of deleting rows. Weeks rather than days because the order velocity
//! read's cost grows with the number of partitions (the migration's header has the figures). Kept apart from the history's months (the parent module): their own functions and
//! advisory lock. DDL: these run on a connection of the schema owner, never on the application's
//! pool.

use diesel::sql_types::{Int8, Integer};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};

use super::{Created, Partition, Removed};
use crate::StoreError;

/// How many weeks after the current one the server keeps counter partitions ready (it checks
/// hourly). A server stopped for longer loses nothing either: buckets land in the default
/// partition, which works (and expiry deletes them there). Not more: the order velocity read
/// bounds its windows from below only, so every empty partition ahead is set up by every read.
pub const WEEKS_AHEAD: i32 = 1;

/// How long the counters are kept at least: the longest window is 30 days, read from daily
/// buckets rounded out to a whole day, plus a day of margin. The database refuses less than 31.
/// A week goes once its last day is that old, so up to 39 days remain.
pub const KEEP_DAYS: i32 = 32;

/// Creating or detaching a partition takes its parent's lock for a moment, and every scoring
/// queues behind a waiting lock: better to give up and try at the next hourly run than to stall
/// the hot path behind a long query. Below PostgreSQL's default `deadlock_timeout` (1 s), so that
/// in a lock cycle with a reader it is the maintenance that gives up.
const LOCK_TIMEOUT: &str = "SET LOCAL lock_timeout = '500ms'";

/// Creates the counter partitions of last week, this week and `weeks_ahead` weeks after (0–8)
/// that do not exist yet; returns those created. Safe to run from several replicas at once.
pub async fn ensure(
    conn: &mut AsyncPgConnection,
    weeks_ahead: i32,
) -> Result<Vec<Created>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        conn.batch_execute(LOCK_TIMEOUT).await?;
        Ok(
            diesel::sql_query(
                "SELECT parent, partition FROM sekisho_ensure_counter_partitions($1)",
            )
            .bind::<Integer, _>(weeks_ahead)
            .load(conn)
            .await?,
        )
    })
    .await
}

/// Every partition of the counter tables, the default partition first within each table.
pub async fn list(conn: &mut AsyncPgConnection) -> Result<Vec<Partition>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT parent, partition, from_at, to_at, estimated_rows FROM sekisho_counter_partitions()",
    )
    .load(conn)
    .await?)
}

/// Expiry: detaches and drops every week that ended [`KEEP_DAYS`] days ago or earlier, and
/// deletes the default partitions' buckets older than that cut-off; returns what went.
pub async fn drop_expired(conn: &mut AsyncPgConnection) -> Result<Vec<Removed>, StoreError> {
    conn.transaction::<_, StoreError, _>(async |conn| {
        conn.batch_execute(LOCK_TIMEOUT).await?;
        Ok(diesel::sql_query(
            "SELECT parent, partition, rows_removed \
             FROM sekisho_drop_counter_partitions_before(now() - make_interval(days => $1))",
        )
        .bind::<Integer, _>(KEEP_DAYS)
        .load(conn)
        .await?)
    })
    .await
}

/// `sekisho_prune_velocity` (the same expiry, summed to rows removed) under the same lock
/// timeout.
pub(crate) async fn prune(conn: &mut AsyncPgConnection) -> Result<i64, StoreError> {
    #[derive(diesel::QueryableByName)]
    struct Pruned {
        #[diesel(sql_type = Int8)]
        removed: i64,
    }
    conn.transaction::<_, StoreError, _>(async |conn| {
        conn.batch_execute(LOCK_TIMEOUT).await?;
        let pruned: Pruned = diesel::sql_query(
            "SELECT sekisho_prune_velocity(make_interval(days => $1)) AS removed",
        )
        .bind::<Integer, _>(KEEP_DAYS)
        .get_result(conn)
        .await?;
        Ok(pruned.removed)
    })
    .await
}
