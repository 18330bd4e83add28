//! The card-attempt counters (`attempt_counts`, migration `820002_payment_counters`) against a
//! brute-force count over the same attempts: random histories of attempts (sources shared or
//! not, approved or declined, live or test, up to 30 hours old, some moved or removed
//! afterwards) stored through `payments::insert`, the counts read through `payments::velocity`,
//! and the answer compared with counting the attempts themselves over the counters' windows
//! (whole buckets).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use sekisho_store::payments::{self, AttemptSources, NewPaymentAttempt, SourceCounts};
use sekisho_store::tenancy;
use sekisho_test_support::TestDatabase;
use uuid::Uuid;

#[derive(Debug, Clone)]
struct Attempt {
    ip: Option<u8>,
    device: Option<u8>,
    account: Option<u8>,
    bin: Option<u8>,
    declined: bool,
    /// Test-mode attempts are counted apart.
    livemode: bool,
    age_secs: i64,
    /// Afterwards: moved this many seconds further back, or removed.
    later: Later,
}

#[derive(Debug, Clone, Copy)]
enum Later {
    Kept,
    Aged(i64),
    Removed,
}

fn attempt() -> impl Strategy<Value = Attempt> {
    let source = || proptest::option::weighted(0.8, 0u8..3);
    let later = prop_oneof![
        6 => Just(Later::Kept),
        1 => (60i64..90_000).prop_map(Later::Aged),
        1 => Just(Later::Removed),
    ];
    let livemode = proptest::bool::weighted(0.8);
    (
        (source(), source(), source(), source()),
        (any::<bool>(), livemode, 0i64..108_000, later),
    )
        .prop_map(
            |((ip, device, account, bin), (declined, livemode, age_secs, later))| Attempt {
                ip,
                device,
                account,
                bin,
                declined,
                livemode,
                age_secs,
                later,
            },
        )
}

fn ip(n: u8) -> String {
    format!("198.51.100.{n}")
}
fn device(n: u8) -> String {
    format!("device-{n}")
}
fn account(n: u8) -> Vec<u8> {
    vec![n; 32]
}
fn bin(n: u8) -> String {
    format!("41111{n}")
}

fn row(tenant_id: Uuid, attempt: &Attempt, at: DateTime<Utc>) -> NewPaymentAttempt {
    NewPaymentAttempt {
        tenant_id,
        id: Uuid::now_v7(),
        card_fingerprint: None,
        bin: attempt.bin.map(bin),
        last4: None,
        brand: None,
        issuer_country: None,
        amount_minor: 1000,
        currency: "JPY".into(),
        result: if attempt.declined {
            "declined"
        } else {
            "approved"
        }
        .into(),
        decline_code: None,
        three_ds_status: None,
        three_ds_flow: None,
        eci: None,
        ip: attempt.ip.map(ip),
        device_id: attempt.device.map(device),
        account_fingerprint: attempt.account.map(account),
        order_id: None,
        decision: sekisho_domain::PaymentDecision::Accept,
        score: 0,
        reasons: Vec::new(),
        attempted_at: at,
        livemode: attempt.livemode,
    }
}

fn bucket(at: DateTime<Utc>, secs: i64) -> i64 {
    at.timestamp().div_euclid(secs)
}

/// Per source kind: (attempts, declines) over 1 h and 24 h, counted from the attempts with the
/// counters' windows (the buckets from the one holding `at - window` up to the one holding `at`).
fn brute_force(
    stored: &[(NewPaymentAttempt, DateTime<Utc>)],
    probe: &NewPaymentAttempt,
    at: DateTime<Utc>,
) -> BTreeMap<String, (i64, i64, i64, i64)> {
    let mut counts = BTreeMap::new();
    let same = |kind: &str, a: &NewPaymentAttempt| match kind {
        "ip" => a.ip.is_some() && a.ip == probe.ip,
        "device" => a.device_id.is_some() && a.device_id == probe.device_id,
        "account" => {
            a.account_fingerprint.is_some() && a.account_fingerprint == probe.account_fingerprint
        }
        "bin" => a.bin.is_some() && a.bin == probe.bin,
        _ => true,
    };
    let within = |when: DateTime<Utc>, window: i64, secs: i64| {
        bucket(when, secs) >= bucket(at - Duration::seconds(window), secs)
            && bucket(when, secs) <= bucket(at, secs)
    };
    for kind in ["account", "bin", "device", "ip", "tenant"] {
        let mut c = (0, 0, 0, 0);
        let counted = stored
            .iter()
            .filter(|(a, _)| a.livemode == probe.livemode && same(kind, a));
        for (a, when) in counted {
            let declined = i64::from(a.result == "declined");
            if within(*when, 3600, 60) {
                c.0 += 1;
                c.1 += declined;
            }
            if within(*when, 86_400, 3600) {
                c.2 += 1;
                c.3 += declined;
            }
        }
        if c.2 > 0 {
            counts.insert(kind.to_owned(), c);
        }
    }
    counts
}

async fn new_tenant(db: &TestDatabase) -> Uuid {
    let tenant_id = Uuid::new_v4();
    let mut owner = db.owner_connection().await;
    diesel::sql_query("INSERT INTO tenants (id, name) VALUES ($1::uuid, 'attempts')")
        .bind::<Text, _>(tenant_id.to_string())
        .execute(&mut owner)
        .await
        .unwrap();
    tenant_id
}

async fn store(conn: &mut AsyncPgConnection, tenant_id: Uuid, row: &NewPaymentAttempt) {
    tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(&mut *conn, tenant_id, async |conn| {
        payments::insert(conn, row).await
    })
    .await
    .unwrap();
}

async fn afterwards(db: &TestDatabase, id: Uuid, later: Later) -> bool {
    let mut owner = db.owner_connection().await;
    let sql = match later {
        Later::Kept => return true,
        Later::Aged(secs) => format!(
            "UPDATE payment_attempts SET attempted_at = attempted_at - interval '{secs} seconds' \
             WHERE id = $1"
        ),
        Later::Removed => "DELETE FROM payment_attempts WHERE id = $1".to_owned(),
    };
    diesel::sql_query(sql)
        .bind::<SqlUuid, _>(id)
        .execute(&mut owner)
        .await
        .unwrap();
    !matches!(later, Later::Removed)
}

async fn ask(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    probe: &NewPaymentAttempt,
) -> BTreeMap<String, (i64, i64, i64, i64)> {
    let rows: Vec<SourceCounts> = tenancy::in_tenant::<_, sekisho_store::StoreError, _, _>(
        &mut *conn,
        tenant_id,
        async |c| {
            payments::velocity(
                c,
                tenant_id,
                &AttemptSources {
                    ip: probe.ip.as_deref(),
                    device_id: probe.device_id.as_deref(),
                    account_fingerprint: probe.account_fingerprint.as_deref(),
                    bin: probe.bin.as_deref(),
                    livemode: probe.livemode,
                },
                probe.attempted_at,
            )
            .await
        },
    )
    .await
    .unwrap();
    rows.into_iter()
        .map(|r| {
            (
                r.kind,
                (r.attempts_1h, r.failures_1h, r.attempts_24h, r.failures_24h),
            )
        })
        .collect()
}

#[test]
fn attempt_counters_equal_a_brute_force_count() {
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
    let history = (proptest::collection::vec(attempt(), 1..40), attempt());
    runner
        .run(&history, |(history, probe)| {
            let mut conn = conn.lock().unwrap();
            let conn = &mut *conn;
            runtime.block_on(async {
                let tenant_id = new_tenant(&db).await;
                let now = DateTime::from_timestamp(Utc::now().timestamp(), 0).unwrap();
                let mut stored = Vec::new();
                for attempt in &history {
                    let at = now - Duration::seconds(attempt.age_secs);
                    let new = row(tenant_id, attempt, at);
                    store(conn, tenant_id, &new).await;
                    if afterwards(&db, new.id, attempt.later).await {
                        let moved = match attempt.later {
                            Later::Aged(secs) => at - Duration::seconds(secs),
                            _ => at,
                        };
                        stored.push((new, moved));
                    }
                }
                let probe = row(tenant_id, &probe, now);
                let counted = ask(conn, tenant_id, &probe).await;
                prop_assert_eq!(counted, brute_force(&stored, &probe, now));
                Ok(())
            })
        })
        .unwrap();
}
