//! Orders and their identifiers partitioned by month of their UUIDv7 id (migration
//! 2026-12-02-950001, docs/OPERATIONS.md "Partitioned history"): a scored order and its
//! identifiers land in the month it was first scored, a re-score keeps the id and the month, the
//! merchant's order id stays unique per tenant and mode through `order_keys`, and retention drops
//! a whole expired month of orders with its identifiers, events and keys.

use crate::history_tables::{count, month_partition, month_start, names, tenant};
use chrono::Utc;
use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use sekisho_store::partitions;
use sekisho_test_support::{TestApp, TestDatabase};
use serde_json::{Value, json};

fn order(id: &str, card: &str) -> Value {
    json!({ "order_id": id, "amount": 3000, "currency": "JPY", "payment_method": "card",
            "customer": { "email": "taro@example-mail.jp" },
            "card": { "number": card },
            "device": { "ip": "203.0.113.40", "device_id": "dev-partitions" } })
}

/// An order of `at` written as the owner, below the API (as the demo and the benchmark's seed
/// write history), with one identifier and one event.
async fn insert_order(
    conn: &mut AsyncPgConnection,
    tenant: uuid::Uuid,
    merchant_id: &str,
    at: &str,
) {
    conn.batch_execute(&format!(
        "WITH o AS ( \
             INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, \
                 currency, payment_method, decision, score, reasons, three_ds, policy_version, \
                 signals, summary, status, scored_at) \
             VALUES ('{tenant}', sekisho_uuid_v7('{at}'), '{merchant_id}', '{at}', 1000, 'JPY', \
                 'card', 'accept', 1, '[]', 'none', 1, '{{}}', '{{}}', 'accepted', '{at}') \
             RETURNING tenant_id, id), \
         i AS (INSERT INTO order_identifiers (tenant_id, order_id, kind, fingerprint, at) \
             SELECT tenant_id, id, 'card', decode(repeat('cd', 32), 'hex'), '{at}' FROM o) \
         INSERT INTO order_events (tenant_id, order_id, type, details, actor, at) \
             SELECT tenant_id, id, 'delivery', '{{}}', 'test', '{at}' FROM o"
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn a_scored_order_and_its_identifiers_land_in_their_month_and_a_rescore_stays_there() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Monthly Shop").await;
    for card in ["4556737586899855", "4111111111111111"] {
        let response = app
            .post("/v1/orders/score", &tenant.api_key, &order("P-1", card))
            .await;
        assert_eq!(response.status(), 200);
    }
    let mut conn = app.database.owner_connection().await;
    let current = vec![month_partition("orders", 0)];
    let placed = names(
        &mut conn,
        &format!(
            "SELECT tableoid::regclass::text AS name FROM orders \
             WHERE tenant_id = '{}' AND merchant_order_id = 'P-1' ORDER BY 1",
            tenant.id
        ),
    )
    .await;
    assert_eq!(placed, current, "one order, in this month's partition");
    let identifiers = names(
        &mut conn,
        &format!(
            "SELECT DISTINCT tableoid::regclass::text AS name FROM order_identifiers \
             WHERE tenant_id = '{}' ORDER BY 1",
            tenant.id
        ),
    )
    .await;
    assert_eq!(identifiers, vec![month_partition("order_identifiers", 0)]);
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM order_keys k JOIN orders o \
                 ON o.tenant_id = k.tenant_id AND o.id = k.order_id \
                 WHERE k.tenant_id = '{}' AND k.merchant_order_id = 'P-1' AND o.times_scored = 2",
                tenant.id
            ),
        )
        .await,
        1,
        "the key names the one order, scored twice"
    );
}

#[tokio::test]
async fn concurrent_first_scorings_of_one_merchant_order_make_one_order() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Racing Shop").await;
    let body = order("RACE-1", "4556737586899855");
    let requests = (0..8).map(|_| app.post("/v1/orders/score", &tenant.api_key, &body));
    for response in futures_util::future::join_all(requests).await {
        assert_eq!(response.status(), 200);
    }
    let mut conn = app.database.owner_connection().await;
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM orders WHERE tenant_id = '{}' AND merchant_order_id = 'RACE-1'",
                tenant.id
            ),
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_second_order_under_a_held_merchant_key_is_refused_and_a_deleted_order_frees_it() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = tenant(&mut conn, "Order Partition Shop").await;
    let now = Utc::now().to_rfc3339();
    insert_order(&mut conn, tenant, "DUP-1", &now).await;
    let second = conn
        .batch_execute(&format!(
            "INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, \
                 currency, payment_method, decision, score, reasons, three_ds, policy_version, \
                 signals, summary, status) \
             VALUES ('{tenant}', sekisho_uuid_v7(now()), 'DUP-1', now(), 1000, 'JPY', 'card', \
                 'accept', 1, '[]', 'none', 1, '{{}}', '{{}}', 'accepted')"
        ))
        .await;
    let error = second.expect_err("a second order under one merchant key must be refused");
    assert!(error.to_string().contains("merchant order id"), "{error}");
    // The same merchant id in test mode is another key.
    conn.batch_execute(&format!(
        "INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, \
             currency, payment_method, decision, score, reasons, three_ds, policy_version, \
             signals, summary, status, livemode) \
         VALUES ('{tenant}', sekisho_uuid_v7(now()), 'DUP-1', now(), 1000, 'JPY', 'card', \
             'accept', 1, '[]', 'none', 1, '{{}}', '{{}}', 'accepted', false)"
    ))
    .await
    .unwrap();
    conn.batch_execute(&format!(
        "DELETE FROM orders WHERE tenant_id = '{tenant}' AND merchant_order_id = 'DUP-1' AND livemode"
    ))
    .await
    .unwrap();
    assert_eq!(
        count(
            &mut conn,
            &format!("SELECT count(*) AS n FROM order_keys WHERE tenant_id = '{tenant}'")
        )
        .await,
        1,
        "the deleted order's key is released, the test order's stays"
    );
    insert_order(&mut conn, tenant, "DUP-1", &now).await;
}

/// Without a foreign key on `order_identifiers` (migration 2026-12-03-980001: its checks cost
/// more than storing the rows), a trigger deletes an order's identifiers with it, whether it is
/// deleted through `orders` or from its own partition.
#[tokio::test]
async fn an_orders_identifiers_go_with_it_through_the_table_or_its_partition() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = tenant(&mut conn, "Identifier Cascade Shop").await;
    let now = Utc::now().to_rfc3339();
    for merchant_id in ["GONE-1", "GONE-2", "KEPT-1"] {
        insert_order(&mut conn, tenant, merchant_id, &now).await;
    }
    let identifiers =
        format!("SELECT count(*) AS n FROM order_identifiers WHERE tenant_id = '{tenant}'");
    assert_eq!(count(&mut conn, &identifiers).await, 3);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) AS n FROM pg_constraint \
             WHERE conrelid = 'order_identifiers'::regclass AND contype = 'f'"
        )
        .await,
        0,
        "storing an identifier checks no key"
    );
    conn.batch_execute(&format!(
        "DELETE FROM orders WHERE tenant_id = '{tenant}' AND merchant_order_id = 'GONE-1'; \
         DELETE FROM {} WHERE tenant_id = '{tenant}' AND merchant_order_id = 'GONE-2'",
        month_partition("orders", 0)
    ))
    .await
    .unwrap();
    assert_eq!(
        count(&mut conn, &identifiers).await,
        1,
        "only the kept order's identifier is left"
    );
    assert_eq!(
        count(
            &mut conn,
            &format!(
                "SELECT count(*) AS n FROM order_identifiers i JOIN order_keys k \
                 ON k.tenant_id = i.tenant_id AND k.order_id = i.order_id \
                 WHERE i.tenant_id = '{tenant}' AND k.merchant_order_id = 'KEPT-1'"
            )
        )
        .await,
        1
    );
}

#[tokio::test]
async fn retention_drops_expired_months_of_orders_with_their_identifiers_events_and_keys() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let tenant = tenant(&mut conn, "Order Partition Shop").await;
    for months_ago in [14, 13, 11] {
        let month = month_start(-months_ago);
        conn.batch_execute(&format!(
            "SELECT sekisho_create_partition('orders', '{month}'), \
                    sekisho_create_partition('order_identifiers', '{month}')"
        ))
        .await
        .unwrap();
        insert_order(
            &mut conn,
            tenant,
            &format!("OLD-{months_ago}"),
            &format!("{month}T12:00:00Z"),
        )
        .await;
    }
    // A month without a partition of its own: the order and its identifier wait in the default
    // partitions and are deleted there by their time.
    insert_order(&mut conn, tenant, "STRAY", "2019-05-05T00:00:00Z").await;
    insert_order(&mut conn, tenant, "NOW", &Utc::now().to_rfc3339()).await;
    let placed = names(
        &mut conn,
        "SELECT tableoid::regclass::text AS name FROM orders ORDER BY 1",
    )
    .await;
    let mut expected = vec![
        month_partition("orders", -14),
        month_partition("orders", -13),
        month_partition("orders", -11),
        month_partition("orders", 0),
        "orders_default".to_owned(),
    ];
    expected.sort();
    assert_eq!(placed, expected);

    let removed = partitions::drop_expired(&mut conn, 12).await.unwrap();
    let removed = {
        let mut names: Vec<String> = removed.into_iter().map(|r| r.partition).collect();
        names.sort();
        names.dedup();
        names
    };
    let mut expected_removed = vec![
        month_partition("orders", -14),
        month_partition("orders", -13),
        month_partition("order_identifiers", -14),
        month_partition("order_identifiers", -13),
        "orders_default".to_owned(),
    ];
    expected_removed.sort();
    assert_eq!(removed, expected_removed);

    let kept = names(
        &mut conn,
        "SELECT merchant_order_id AS name FROM orders ORDER BY 1",
    )
    .await;
    assert_eq!(kept, vec!["NOW".to_owned(), "OLD-11".to_owned()]);
    for (table, expected) in [
        ("order_identifiers", 2),
        ("order_events", 2),
        ("order_keys", 2),
    ] {
        assert_eq!(
            count(&mut conn, &format!("SELECT count(*) AS n FROM {table}")).await,
            expected,
            "{table} keeps only the rows of the orders kept"
        );
    }
}

#[tokio::test]
async fn order_partitions_are_listed_with_their_months() {
    let db = TestDatabase::create().await;
    let mut conn = db.owner_connection().await;
    let listed = partitions::list(&mut conn).await.unwrap();
    for parent in ["orders", "order_identifiers"] {
        let months: Vec<_> = listed
            .iter()
            .filter(|p| p.parent == parent && p.from_at.is_some())
            .collect();
        assert!(
            months.len() >= 5,
            "{parent}: last month, this month, 3 ahead"
        );
        let this_month = months
            .iter()
            .find(|p| p.partition == month_partition(parent, 0))
            .expect("this month's partition");
        assert_eq!(
            this_month.from_at.map(|t| t.date_naive()),
            Some(month_start(0))
        );
        assert_eq!(
            this_month.to_at.map(|t| t.date_naive()),
            Some(month_start(1))
        );
    }
}
