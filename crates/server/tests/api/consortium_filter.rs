//! The in-memory consortium filter (`api::consortium_filter`) in a running app: clean
//! identifiers are answered without the database, and a reported identifier is always found —
//! filed in this process, on another replica, or while the filter's listener is down.

use std::time::{Duration, Instant};

use diesel::sql_types::{Bytea, Text};
use diesel_async::RunQueryDsl;
use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, parse_single};
use sekisho_test_support::{TEST_CONSORTIUM_KEY, TestApp, TestTenant};
use serde_json::{Value, json};

fn report(email: &str) -> Value {
    json!({
        "category": "chargeback",
        "amount": 12800,
        "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z",
        "identifiers": { "email": email },
    })
}

async fn matched_kinds(base: &str, tenant: &TestTenant, email: &str) -> Vec<String> {
    let response = reqwest::Client::new()
        .post(format!("{base}/v1/negative/lookup"))
        .bearer_auth(&tenant.api_key)
        .json(&json!({ "identifiers": { "email": email } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Whether the address itself (not only its domain) is reported.
async fn has_email(base: &str, tenant: &TestTenant, email: &str) -> bool {
    matched_kinds(base, tenant, email)
        .await
        .iter()
        .any(|kind| kind == "email")
}

#[tokio::test]
async fn clean_identifiers_skip_the_database_and_own_filings_are_found_at_once() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Filter Shop").await;
    let (skipped, _) = app.consortium_filter.counts();
    assert!(
        matched_kinds(&app.address, &shop, "clean@example.com")
            .await
            .is_empty()
    );
    assert_eq!(
        app.consortium_filter.counts().0,
        skipped + 1,
        "answered in memory"
    );

    let filed = app
        .post(
            "/v1/fraud-reports",
            &shop.api_key,
            &report("filed.here@example.com"),
        )
        .await;
    assert_eq!(filed.status(), 201);
    // The very next request, before any notification could have arrived.
    assert!(has_email(&app.address, &shop, "filed.here@example.com").await);
}

#[tokio::test]
async fn a_report_filed_on_another_replica_is_found_here() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Replicated Filter Shop").await;
    let replica = crate::replicas::start(&app.database).await;
    assert!(
        matched_kinds(&app.address, &shop, "elsewhere@example.com")
            .await
            .is_empty()
    );
    let filed = reqwest::Client::new()
        .post(format!("{}/v1/fraud-reports", replica.base))
        .bearer_auth(&shop.api_key)
        .json(&report("elsewhere@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    // The other replica's commit reaches this process's filter by notification.
    let started = Instant::now();
    loop {
        if has_email(&app.address, &shop, "elsewhere@example.com").await {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the replica's report never reached this process"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(app.consortium_filter.is_ready());
}

#[tokio::test]
async fn while_the_listener_is_down_lookups_go_to_the_database() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Outage Shop").await;
    let filed = app
        .post(
            "/v1/fraud-reports",
            &shop.api_key,
            &report("first@example.com"),
        )
        .await;
    assert_eq!(filed.status(), 201);
    let mut owner = app.database.owner_connection().await;
    diesel::sql_query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = 'sekisho-consortium'",
    )
    .execute(&mut owner)
    .await
    .unwrap();
    let started = Instant::now();
    while app.consortium_filter.is_ready() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the drop went unnoticed"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // Written while nobody listens: its notification is lost.
    let key = ConsortiumKey::from_bytes(TEST_CONSORTIUM_KEY).unwrap();
    let unseen = parse_single(IdentifierKind::Email, "unseen@example.com")
        .unwrap()
        .fingerprint(&key);
    diesel::sql_query(
        "INSERT INTO consortium_entries (fingerprint, kind, tenant_id, report_id, category, \
                                         reported_at, shared) \
         SELECT $1, $2, tenant_id, report_id, category, reported_at, shared \
         FROM consortium_entries LIMIT 1",
    )
    .bind::<Bytea, _>(unseen.as_bytes().to_vec())
    .bind::<Text, _>("email")
    .execute(&mut owner)
    .await
    .unwrap();
    assert!(has_email(&app.address, &shop, "unseen@example.com").await);
    // Once it listens again, a new build covers what it missed.
    let started = Instant::now();
    while !app.consortium_filter.is_ready() {
        assert!(started.elapsed() < Duration::from_secs(10), "never rebuilt");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(has_email(&app.address, &shop, "unseen@example.com").await);
}
