//! The velocity counters (`sekisho_store::velocity`) against a brute-force count over the same
//! orders: random histories of orders (re-scores included, ages over 32 days) stored through
//! `Order::set_identifiers`, every metric the scoring reads asked through the batched read the
//! scoring uses (`velocity::read_batch`), and the answer compared with counting the orders
//! themselves. Below the exact limit the two must
//! be equal; beyond it the sketch must stay close.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use diesel::sql_types::{Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sekisho_domain::{OrderDecision, OrderStatus, ThreeDsRecommendation};
use sekisho_store::orders::{NewOrder, Order, OrderIdentifier, VelocityQuery};
use sekisho_store::{tenancy, velocity};
use sekisho_test_support::TestDatabase;
use uuid::Uuid;

const HOUR: i32 = 3600;
const DAY: i32 = 24 * HOUR;

/// The questions the order scoring asks (`api::orders::facts`): metric, key kind, counted kind,
/// window.
const METRICS: &[(&str, &str, Option<&str>, i32)] = &[
    ("cards_per_ip_1h", "ip", Some("card"), HOUR),
    ("cards_per_ip_24h", "ip", Some("card"), DAY),
    ("cards_per_device_1h", "device_id", Some("card"), HOUR),
    ("cards_per_device_24h", "device_id", Some("card"), DAY),
    ("orders_per_card_1h", "card", None, HOUR),
    ("orders_per_card_24h", "card", None, DAY),
    ("orders_per_account_1h", "account", None, HOUR),
    ("orders_per_account_24h", "account", None, DAY),
    (
        "names_per_address_24h",
        "address_delivery_point",
        Some("name"),
        DAY,
    ),
    (
        "names_per_address_30d",
        "address_delivery_point",
        Some("name"),
        30 * DAY,
    ),
    (
        "accounts_per_address_30d",
        "address_delivery_point",
        Some("account"),
        30 * DAY,
    ),
    (
        "cards_per_address_30d",
        "address_delivery_point",
        Some("card"),
        30 * DAY,
    ),
];

const KINDS: [&str; 6] = [
    "ip",
    "device_id",
    "card",
    "account",
    "address_delivery_point",
    "name",
];

/// One scoring: a merchant order id (few, so that re-scores happen), how long ago, and which of
/// a few values of each kind it carries.
#[derive(Debug, Clone)]
struct Scoring {
    merchant: u8,
    age_secs: i64,
    values: [Option<u8>; 6],
}

fn scoring() -> impl Strategy<Value = Scoring> {
    let age = prop_oneof![
        0i64..(2 * i64::from(HOUR)),
        0i64..(2 * i64::from(DAY)),
        0i64..(32 * i64::from(DAY)),
    ];
    (
        0u8..10,
        age,
        proptest::array::uniform6(proptest::option::weighted(0.8, 0u8..4)),
    )
        .prop_map(|(merchant, age_secs, values)| Scoring {
            merchant,
            age_secs,
            values,
        })
}

fn fingerprint(kind: usize, value: u8) -> Vec<u8> {
    let mut bytes = vec![0u8; 32];
    bytes[0] = value;
    bytes[1] = u8::try_from(kind).unwrap();
    bytes[2] = 0xA5;
    bytes
}

fn identifiers(values: &[Option<u8>; 6]) -> Vec<OrderIdentifier> {
    values
        .iter()
        .enumerate()
        .filter_map(|(kind, value)| {
            Some(OrderIdentifier {
                kind: KINDS[kind].to_owned(),
                fingerprint: fingerprint(kind, (*value)?),
            })
        })
        .collect()
}

fn new_order(tenant_id: Uuid, merchant_order_id: &str) -> NewOrder {
    NewOrder {
        tenant_id,
        id: Uuid::now_v7(),
        merchant_order_id: merchant_order_id.to_owned(),
        ordered_at: Utc::now(),
        amount_minor: 1000,
        currency: "JPY".into(),
        payment_method: "card".into(),
        account_id: None,
        decision: OrderDecision::Accept,
        score: 0,
        reasons: Vec::new(),
        three_ds: ThreeDsRecommendation::None,
        policy_version: 1,
        shadow_rules: Vec::new(),
        signals: serde_json::json!({}),
        summary: serde_json::json!({}),
        status: OrderStatus::Accepted,
        idempotency_key: None,
        livemode: true,
        customer_data: None,
    }
}

async fn store(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    merchant_order_id: &str,
    at: DateTime<Utc>,
    stored: &[OrderIdentifier],
) {
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut *conn, tenant_id, async |conn| {
        let order = Order::upsert(conn, &new_order(tenant_id, merchant_order_id)).await?;
        Order::set_identifiers(conn, tenant_id, order.id, at, stored).await
    })
    .await
    .unwrap();
}

/// Stores several scorings as the group-commit writer does: one upsert of their orders, then one
/// batched write of their identifiers. No merchant order appears twice in `batch`.
async fn store_batch(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    batch: &[(String, DateTime<Utc>, Vec<OrderIdentifier>)],
) {
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut *conn, tenant_id, async |conn| {
        let news: Vec<NewOrder> = batch
            .iter()
            .map(|(merchant, _, _)| new_order(tenant_id, merchant))
            .collect();
        let news: Vec<&NewOrder> = news.iter().collect();
        let orders = Order::upsert_many(conn, &news).await?;
        let written: Vec<velocity::OrderIdentifiers<'_>> = batch
            .iter()
            .map(|(merchant, at, stored)| {
                let order = orders
                    .iter()
                    .find(|o| &o.merchant_order_id == merchant)
                    .expect("every order of the batch comes back");
                velocity::OrderIdentifiers {
                    tenant_id,
                    order_id: order.id,
                    at: *at,
                    first: order.first,
                    identifiers: stored,
                }
            })
            .collect();
        velocity::store_identifiers_batch(conn, &written).await
    })
    .await
    .unwrap();
}

fn queries(probe: &[OrderIdentifier]) -> Vec<VelocityQuery> {
    let find = |kind: &str| {
        probe
            .iter()
            .find(|i| i.kind == kind)
            .map(|i| i.fingerprint.clone())
    };
    METRICS
        .iter()
        .filter_map(|(metric, key_kind, counted_kind, window_secs)| {
            Some(VelocityQuery {
                metric: (*metric).to_owned(),
                key_kind: (*key_kind).to_owned(),
                key: find(key_kind)?,
                counted_kind: counted_kind.map(str::to_owned),
                counted: counted_kind.and_then(find),
                window_secs: *window_secs,
            })
        })
        .collect()
}

#[derive(diesel::QueryableByName)]
struct Now {
    #[diesel(sql_type = Timestamptz)]
    now: DateTime<Utc>,
}

/// The counters' answers and the database's `now()` they were read at, read as the scoring
/// reads them: in a batch (platform scope), here between an order of a tenant with no orders,
/// which must see none of this tenant's counters, and an order with no questions.
async fn ask(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    merchant_order_id: &str,
    asked: &[VelocityQuery],
) -> (DateTime<Utc>, HashMap<String, i64>) {
    let batch = [
        velocity::OrderVelocity {
            tenant_id: Uuid::new_v4(),
            merchant_order_id,
            queries: asked,
        },
        velocity::OrderVelocity {
            tenant_id,
            merchant_order_id,
            queries: asked,
        },
        velocity::OrderVelocity {
            tenant_id,
            merchant_order_id: "never-scored",
            queries: &[],
        },
    ];
    let (now, answers) =
        tenancy::in_platform_hot::<_, sekisho_store::StoreError, _, _>(&mut *conn, async |conn| {
            let now: Now = diesel::sql_query("SELECT now() AS now")
                .get_result(conn)
                .await?;
            Ok((now.now, velocity::read_batch(conn, &batch).await?))
        })
        .await
        .unwrap();
    let [other_tenant, counts, none] = <[_; 3]>::try_from(answers).unwrap();
    // Nothing but its own values: 1 for an order count, 1 or 0 for a distinct count.
    let mut alone: Vec<(String, i64)> = asked
        .iter()
        .map(|q| {
            let own = i64::from(q.counted_kind.is_none() || q.counted.is_some());
            (q.metric.clone(), own)
        })
        .collect();
    alone.sort();
    let mut other_tenant: Vec<(String, i64)> = other_tenant
        .into_iter()
        .map(|c| (c.metric, c.count))
        .collect();
    other_tenant.sort();
    assert_eq!(other_tenant, alone, "another tenant's order in the batch");
    assert!(none.is_empty());
    assert_eq!(counts.len(), asked.len());
    (
        now,
        counts.into_iter().map(|c| (c.metric, c.count)).collect(),
    )
}

fn bucket(at: DateTime<Utc>, secs: i32) -> i64 {
    at.timestamp().div_euclid(i64::from(secs))
}

/// Counting the orders themselves, with the counters' window: the buckets from the one that
/// holds `now - window` on.
fn brute_force(
    latest: &HashMap<String, (Vec<OrderIdentifier>, DateTime<Utc>)>,
    probe_merchant: &str,
    query: &VelocityQuery,
    now: DateTime<Utc>,
) -> i64 {
    let secs = velocity::bucket_secs(query.window_secs);
    let since = bucket(now - Duration::seconds(i64::from(query.window_secs)), secs);
    let neighbours: Vec<&Vec<OrderIdentifier>> = latest
        .iter()
        .filter(|(merchant, _)| merchant.as_str() != probe_merchant)
        .filter(|(_, (_, at))| bucket(*at, secs) >= since)
        .map(|(_, (ids, _))| ids)
        .filter(|ids| {
            ids.iter()
                .any(|i| i.kind == query.key_kind && i.fingerprint == query.key)
        })
        .collect();
    match &query.counted_kind {
        None => i64::try_from(neighbours.len()).unwrap() + 1,
        Some(counted_kind) => {
            let mut values: BTreeSet<Vec<u8>> = neighbours
                .iter()
                .flat_map(|ids| ids.iter())
                .filter(|i| &i.kind == counted_kind)
                .map(|i| i.fingerprint.clone())
                .collect();
            values.extend(query.counted.clone());
            i64::try_from(values.len()).unwrap()
        }
    }
}

async fn new_tenant(db: &TestDatabase) -> Uuid {
    let tenant_id = Uuid::new_v4();
    let mut owner = db.owner_connection().await;
    diesel::sql_query("INSERT INTO tenants (id, name) VALUES ($1::uuid, 'velocity')")
        .bind::<Text, _>(tenant_id.to_string())
        .execute(&mut owner)
        .await
        .unwrap();
    tenant_id
}

#[test]
fn counters_equal_a_brute_force_count_below_the_exact_limit() {
    counters_equal_a_brute_force_count(None);
}

/// The same histories stored in batches of up to `batch` scorings, as group commit stores them:
/// the batched write must leave the counters exactly where scoring one by one leaves them.
#[test]
fn counters_written_in_batches_equal_a_brute_force_count() {
    counters_equal_a_brute_force_count(Some(6));
}

fn counters_equal_a_brute_force_count(batch: Option<usize>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let db = runtime.block_on(TestDatabase::create());
    let conn = std::sync::Mutex::new(runtime.block_on(db.app_connection()));
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    let history = (proptest::collection::vec(scoring(), 1..40), scoring());
    runner
        .run(&history, |(history, probe)| {
            let mut conn = conn.lock().unwrap();
            let conn = &mut *conn;
            runtime.block_on(async {
                let tenant_id = new_tenant(&db).await;
                let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
                let mut latest = HashMap::new();
                let mut pending: Vec<(String, DateTime<Utc>, Vec<OrderIdentifier>)> = Vec::new();
                for scoring in &history {
                    let merchant = format!("o-{}", scoring.merchant);
                    let at = now - Duration::seconds(scoring.age_secs);
                    let stored = identifiers(&scoring.values);
                    latest.insert(merchant.clone(), (stored.clone(), at));
                    let Some(limit) = batch else {
                        store(conn, tenant_id, &merchant, at, &stored).await;
                        continue;
                    };
                    // A second scoring of one order goes to the next batch, as the writer's
                    // rounds put it.
                    if pending.len() == limit || pending.iter().any(|(m, _, _)| *m == merchant) {
                        store_batch(conn, tenant_id, &pending).await;
                        pending.clear();
                    }
                    pending.push((merchant, at, stored));
                }
                if !pending.is_empty() {
                    store_batch(conn, tenant_id, &pending).await;
                }
                let probe_merchant = format!("o-{}", probe.merchant);
                let asked = queries(&identifiers(&probe.values));
                let (read_at, counts) = ask(conn, tenant_id, &probe_merchant, &asked).await;
                for query in &asked {
                    let expected = brute_force(&latest, &probe_merchant, query, read_at);
                    prop_assert_eq!(
                        counts.get(&query.metric).copied(),
                        Some(expected),
                        "{}",
                        query.metric
                    );
                }
                Ok(())
            })
        })
        .unwrap();
}

#[tokio::test]
async fn beyond_the_exact_limit_a_busy_address_is_estimated_closely() {
    let db = TestDatabase::create().await;
    let tenant_id = new_tenant(&db).await;
    let mut conn = db.app_connection().await;
    let address = fingerprint(4, 1);
    let distinct_names = 300;
    for i in 0..distinct_names {
        let name = Uuid::new_v4().as_bytes().repeat(2);
        let stored = vec![
            OrderIdentifier {
                kind: "address_delivery_point".into(),
                fingerprint: address.clone(),
            },
            OrderIdentifier {
                kind: "name".into(),
                fingerprint: name,
            },
        ];
        store(
            &mut conn,
            tenant_id,
            &format!("busy-{i}"),
            Utc::now(),
            &stored,
        )
        .await;
    }
    // Re-scoring every order with the same name changes nothing.
    let probe = vec![OrderIdentifier {
        kind: "address_delivery_point".into(),
        fingerprint: address.clone(),
    }];
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&probe)).await;
    let names = counts["names_per_address_24h"] as f64;
    assert!(
        (names - f64::from(distinct_names)).abs() / f64::from(distinct_names) < 0.1,
        "estimated {names} of {distinct_names}"
    );
    assert_eq!(counts["names_per_address_30d"] as f64, names);
    let mut owner = db.owner_connection().await;
    #[derive(diesel::QueryableByName)]
    struct Rows {
        #[diesel(sql_type = diesel::sql_types::Int8)]
        values: i64,
        #[diesel(sql_type = diesel::sql_types::Int8)]
        sketches: i64,
        #[diesel(sql_type = diesel::sql_types::Int8)]
        markers: i64,
    }
    let rows: Rows = diesel::sql_query(
        "SELECT (SELECT count(*) FROM velocity_values WHERE value <> '\\x') AS values, \
                (SELECT count(*) FROM velocity_sketches) AS sketches, \
                (SELECT count(*) FROM velocity_values WHERE value = '\\x' AND orders = 0) \
                    AS markers",
    )
    .get_result(&mut owner)
    .await
    .unwrap();
    // Two buckets (an hour's, a day's), each with its exact set full and a sketch, which is
    // marked among the bucket's values (readers look for sketches only where one is marked).
    assert_eq!(rows.values, 2 * i64::from(velocity::EXACT_LIMIT));
    assert!(rows.sketches >= 2, "{} sketches", rows.sketches);
    assert_eq!(rows.markers, rows.sketches);
}

#[tokio::test]
async fn a_rescored_order_replaces_its_contribution() {
    let db = TestDatabase::create().await;
    let tenant_id = new_tenant(&db).await;
    let mut conn = db.app_connection().await;
    let card = |n: u8| OrderIdentifier {
        kind: "card".into(),
        fingerprint: fingerprint(2, n),
    };
    for _ in 0..5 {
        store(&mut conn, tenant_id, "same-order", Utc::now(), &[card(1)]).await;
    }
    store(&mut conn, tenant_id, "other", Utc::now(), &[card(1)]).await;
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&[card(1)])).await;
    // "same-order" once, "other" once, the probe itself.
    assert_eq!(counts["orders_per_card_1h"], 3);
    // Moving the order to another card takes it off the first.
    store(&mut conn, tenant_id, "same-order", Utc::now(), &[card(2)]).await;
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&[card(1)])).await;
    assert_eq!(counts["orders_per_card_1h"], 2);
}

/// A value a re-scoring takes back to zero leaves no row: the read counts every row of the exact
/// sets but the markers from the index alone (migration 2026-12-04-990301).
#[tokio::test]
async fn a_value_rescored_away_leaves_no_row_behind() {
    let db = TestDatabase::create().await;
    let tenant_id = new_tenant(&db).await;
    let mut conn = db.app_connection().await;
    let ip = OrderIdentifier {
        kind: "ip".into(),
        fingerprint: fingerprint(0, 1),
    };
    let card = |n: u8| OrderIdentifier {
        kind: "card".into(),
        fingerprint: fingerprint(2, n),
    };
    store(
        &mut conn,
        tenant_id,
        "moved",
        Utc::now(),
        &[ip.clone(), card(1)],
    )
    .await;
    store(
        &mut conn,
        tenant_id,
        "kept",
        Utc::now(),
        &[ip.clone(), card(2)],
    )
    .await;
    let probe = [ip.clone(), card(3)];
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&probe)).await;
    assert_eq!(counts["cards_per_ip_1h"], 3);
    // The order moves to the card the other one carries: card 1 is no longer behind the IP.
    store(
        &mut conn,
        tenant_id,
        "moved",
        Utc::now(),
        &[ip.clone(), card(2)],
    )
    .await;
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&probe)).await;
    assert_eq!(counts["cards_per_ip_1h"], 2);
    assert_eq!(counts["cards_per_ip_24h"], 2);
    #[derive(diesel::QueryableByName)]
    struct Emptied {
        #[diesel(sql_type = diesel::sql_types::Int8)]
        emptied: i64,
        #[diesel(sql_type = diesel::sql_types::Int8)]
        values: i64,
    }
    let mut owner = db.owner_connection().await;
    let rows: Emptied = diesel::sql_query(
        "SELECT count(*) FILTER (WHERE orders <= 0) AS emptied, count(*) AS values \
         FROM velocity_values WHERE value <> '\\x'",
    )
    .get_result(&mut owner)
    .await
    .unwrap();
    assert_eq!(rows.emptied, 0);
    // Card 2 behind the IP, in its five-minute and its hourly bucket.
    assert_eq!(rows.values, 2);
}

#[tokio::test]
async fn concurrent_orders_on_shared_keys_neither_deadlock_nor_lose_counts() {
    let db = TestDatabase::create().await;
    let tenant_id = new_tenant(&db).await;
    let id = |kind: usize, value: u8| OrderIdentifier {
        kind: KINDS[kind].to_owned(),
        fingerprint: fingerprint(kind, value),
    };
    let mut writers = Vec::new();
    for writer in 0..6u8 {
        let mut conn = db.app_connection().await;
        writers.push(tokio::spawn(async move {
            for i in 0..10u8 {
                // Shared by every writer: the IP, the device, the address, four accounts and
                // three names; each order's card is its own. Kinds come in different orders.
                let mut stored = vec![
                    id(0, 1),
                    id(1, 1),
                    id(2, writer * 10 + i),
                    id(3, i % 4),
                    id(4, 1),
                    id(5, i % 3),
                ];
                if writer % 2 == 1 {
                    stored.reverse();
                }
                let merchant = format!("w{writer}-{i}");
                store(&mut conn, tenant_id, &merchant, Utc::now(), &stored).await;
                // Re-scored at once: replaces its contribution.
                store(&mut conn, tenant_id, &merchant, Utc::now(), &stored).await;
            }
        }));
    }
    for writer in writers {
        writer.await.unwrap();
    }
    let mut conn = db.app_connection().await;
    let probe = vec![id(0, 1), id(1, 1), id(3, 0), id(4, 1)];
    let (_, counts) = ask(&mut conn, tenant_id, "probe", &queries(&probe)).await;
    assert_eq!(counts["cards_per_ip_1h"], 60);
    assert_eq!(counts["cards_per_device_24h"], 60);
    assert_eq!(counts["cards_per_address_30d"], 60);
    assert_eq!(counts["names_per_address_24h"], 3);
    assert_eq!(counts["accounts_per_address_30d"], 4);
    // Account 0: orders 0, 4 and 8 of each writer, and the probe.
    assert_eq!(counts["orders_per_account_1h"], 6 * 3 + 1);
}
