//! A tenant's own history retention (migration 2026-12-02-950201, docs/OPERATIONS.md
//! "Per-tenant retention"): set from the shell, it purges that tenant's rows older than it from
//! every history table (an order with its identifiers, events and key) and leaves other tenants'
//! rows, its own younger rows and the shared partitions alone.

use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use sekisho_test_support::TestDatabase;

use crate::cli::sekisho;
use crate::history_tables::{count, sekisho_json, tenant};

/// An order (with an identifier and an event), a payment attempt, a login and nothing else, all
/// dated `days_ago`, written as the owner below the API.
async fn history(conn: &mut AsyncPgConnection, tenant: uuid::Uuid, label: &str, days_ago: i32) {
    let at = format!("now() - make_interval(days => {days_ago})");
    conn.batch_execute(&format!(
        "SELECT sekisho_create_partition(t, date_trunc('month', {at})::date) \
         FROM unnest(ARRAY['orders', 'order_identifiers', 'payment_attempts', 'login_events']) t; \
         WITH o AS ( \
             INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, \
                 currency, payment_method, decision, score, reasons, three_ds, policy_version, \
                 signals, summary, status, scored_at) \
             VALUES ('{tenant}', sekisho_uuid_v7({at}), '{label}', {at}, 1000, 'JPY', 'card', \
                 'accept', 1, '[]', 'none', 1, '{{}}', '{{}}', 'accepted', {at}) \
             RETURNING tenant_id, id), \
         i AS (INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at) \
             SELECT tenant_id, id, 'card', decode(repeat('cd', 32), 'hex'), {at} FROM o) \
         INSERT INTO order_events (tenant_id, order_id, type, details, actor, at) \
             SELECT tenant_id, id, 'delivery', '{{}}', 'test', {at} FROM o; \
         INSERT INTO payment_attempts (tenant_id, id, amount_minor, currency, result, decision, \
             score, reasons, attempted_at) \
         VALUES ('{tenant}', sekisho_uuid_v7({at}), 1000, 'JPY', 'approved', 'accept', 0, '[]', {at}); \
         INSERT INTO login_events (tenant_id, id, account_fingerprint, success, ip, ip_prefix, \
             decision, score, reasons, at) \
         VALUES ('{tenant}', sekisho_uuid_v7({at}), decode(repeat('ab', 32), 'hex'), true, \
             '192.0.2.1', '192.0.2.0/24', 'allow', 0, '[]', {at})"
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn a_tenants_shorter_retention_purges_its_old_rows_and_nothing_else() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let short = tenant(&mut conn, "Short Memory Shop").await;
    let other = tenant(&mut conn, "Long Memory Shop").await;
    for tenant in [short, other] {
        history(&mut conn, tenant, "OLD", 130).await;
        history(&mut conn, tenant, "NEW", 10).await;
    }
    let run = |args: &[&str]| sekisho_json(&db, args);
    let short_id = short.to_string();
    let set = run(&[
        "partitions",
        "set-tenant-retention",
        "--tenant",
        &short_id,
        "--months",
        "3",
    ]);
    assert_eq!(set["history_retention_months"], 3);

    let purged = run(&["partitions", "purge-tenants"]);
    let mut removed: Vec<(String, i64)> = purged["purged"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["tenant_id"], short_id.as_str());
            (
                p["parent"].as_str().unwrap().to_owned(),
                p["rows_removed"].as_i64().unwrap(),
            )
        })
        .collect();
    removed.sort();
    assert_eq!(
        removed,
        vec![
            ("login_events".to_owned(), 1),
            ("orders".to_owned(), 1),
            ("payment_attempts".to_owned(), 1),
        ]
    );
    for (tenant, expected_orders) in [(short, 1), (other, 2)] {
        for table in [
            "orders",
            "order_identifiers",
            "order_events",
            "order_keys",
            "payment_attempts",
            "login_events",
        ] {
            assert_eq!(
                count(
                    &mut conn,
                    &format!("SELECT count(*) AS n FROM {table} WHERE tenant_id = '{tenant}'")
                )
                .await,
                expected_orders,
                "{table} of {tenant}"
            );
        }
    }
    // The short tenant kept its young order; a second purge finds nothing.
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM orders WHERE tenant_id = '{short}' AND merchant_order_id = 'NEW'"
            )
        )
        .await,
        1
    );
    assert_eq!(
        run(&["partitions", "purge-tenants"])["purged"],
        serde_json::json!([])
    );

    // Cleared, the tenant keeps what the platform keeps; an unknown tenant is refused.
    let cleared = run(&[
        "partitions",
        "set-tenant-retention",
        "--tenant",
        &short_id,
        "--clear",
    ]);
    assert_eq!(cleared["history_retention_months"], serde_json::Value::Null);
    let unknown = sekisho(&[
        "partitions",
        "set-tenant-retention",
        "--tenant",
        &uuid::Uuid::now_v7().to_string(),
        "--months",
        "3",
    ])
    .env("SEKISHO_DATABASE_URL", &db.app_url)
    .env("SEKISHO_MIGRATION_DATABASE_URL", &db.owner_url)
    .output()
    .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no tenant"));
}
