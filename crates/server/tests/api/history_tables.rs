//! What the tests of the partitioned tables share (partitions, counter_partitions,
//! order_partitions, tenant_retention): SQL answers read as the owner, months, a tenant written
//! below the API, and `sekisho partitions …` run against a test database.

use chrono::{Datelike, Months, NaiveDate, Utc};
use diesel::sql_types::{BigInt, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use sekisho_test_support::TestDatabase;

use crate::cli::sekisho;

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The `name` column of every row, in the query's order.
pub(crate) async fn names(conn: &mut AsyncPgConnection, sql: &str) -> Vec<String> {
    diesel::sql_query(sql)
        .load::<Name>(conn)
        .await
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
}

/// The `n` column of the one row.
pub(crate) async fn count(conn: &mut AsyncPgConnection, sql: &str) -> i64 {
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .await
        .unwrap()
        .n
}

pub(crate) async fn exists(conn: &mut AsyncPgConnection, table: &str) -> bool {
    count(
        conn,
        &format!("SELECT count(*) AS n FROM pg_class WHERE relname = '{table}'"),
    )
    .await
        == 1
}

/// A tenant of its own, written as the owner (these tests work below the HTTP API).
pub(crate) async fn tenant(conn: &mut AsyncPgConnection, name: &str) -> uuid::Uuid {
    let id = uuid::Uuid::now_v7();
    conn.batch_execute(&format!(
        "INSERT INTO tenants (id, name) VALUES ('{id}', '{name}')"
    ))
    .await
    .unwrap();
    id
}

/// The first day of the month `months_from_now` months from this one (UTC).
pub(crate) fn month_start(months_from_now: i32) -> NaiveDate {
    let now = Utc::now().date_naive();
    let first = NaiveDate::from_ymd_opt(now.year(), now.month(), 1).unwrap();
    if months_from_now >= 0 {
        first + Months::new(months_from_now.unsigned_abs())
    } else {
        first - Months::new(months_from_now.unsigned_abs())
    }
}

/// The monthly partition of `parent` for that month.
pub(crate) fn month_partition(parent: &str, months_from_now: i32) -> String {
    format!("{parent}_p{}", month_start(months_from_now).format("%Y_%m"))
}

/// Runs `sekisho <args>` on the database as `sekisho serve` would be configured for it, and
/// answers the JSON it printed; fails the test unless it succeeded.
pub(crate) fn sekisho_json(db: &TestDatabase, args: &[&str]) -> serde_json::Value {
    let output = sekisho(args)
        .env("SEKISHO_DATABASE_URL", &db.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &db.owner_url)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "sekisho {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}
