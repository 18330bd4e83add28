//! The in-memory caches (API keys, participation, policies) follow changes at once in the process
//! that made them and within a moment everywhere else (LISTEN/NOTIFY).

use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use sekisho_domain::Role;
use sekisho_service::api_key_secrets::hash;
use sekisho_test_support::{PASSWORD, TestApp, TestDatabase, error_code};
use serde_json::{Value, json};

use crate::cli::sekisho;
use crate::replicas::{Replica, start, with_database};

fn order(id: &str) -> Value {
    json!({ "order_id": id, "amount": 3000, "currency": "JPY", "payment_method": "card",
            "card": { "number": "4556737586899855" } })
}

/// Uses the key until the app has it cached (the notifications of the key's creation, which may
/// arrive after its first use, evict it once).
async fn use_until_cached(app: &TestApp, key: &str) {
    let started = Instant::now();
    loop {
        assert_eq!(app.get("/v1/me", key).await.status(), 200);
        if app.caches.key(&hash(key)).await.is_some() {
            return;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "never cached");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_by_the_same_process() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Cached Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    use_until_cached(&app, &tenant.api_key).await;
    let revoked = app
        .delete(&format!("/v1/api-keys/{}", tenant.api_key_id), &owner.token)
        .await;
    assert_eq!(revoked.status(), 200);
    let response = app.get("/v1/me", &tenant.api_key).await;
    assert_eq!(response.status(), 401);
    assert_eq!(error_code(response).await, "invalid_api_key");
}

#[tokio::test]
async fn a_change_written_straight_to_the_database_evicts_the_cached_key() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Direct Shop").await;
    use_until_cached(&app, &tenant.api_key).await;
    // As an operator with psql would: no code of this process takes part.
    let mut conn = app.database.owner_connection().await;
    diesel::sql_query(format!(
        "UPDATE api_keys SET revoked_at = now() WHERE id = '{}'",
        tenant.api_key_id
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let started = Instant::now();
    while app.caches.key(&hash(&tenant.api_key)).await.is_some() {
        assert!(started.elapsed() < Duration::from_secs(5), "not evicted");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(app.get("/v1/me", &tenant.api_key).await.status(), 401);
    // Recording a key's last use is no change worth a notification: another key stays cached.
    let other = app.create_tenant("Other Shop").await;
    use_until_cached(&app, &other.api_key).await;
    diesel::sql_query(format!(
        "UPDATE api_keys SET last_used_at = now() - interval '1 hour' WHERE id = '{}'",
        other.api_key_id
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(app.caches.key(&hash(&other.api_key)).await.is_some());
}

#[tokio::test]
async fn a_key_created_by_the_cli_works_at_once() {
    let app = TestApp::spawn().await;
    // Warm the caches with another tenant's key and an unknown key.
    let other = app.create_tenant("Other Shop").await;
    use_until_cached(&app, &other.api_key).await;
    let unknown = "sk_live_0000000000000000000000000000000000000000deadbeef";
    assert_eq!(app.get("/v1/me", unknown).await.status(), 401);

    let mut create = sekisho(&["admin", "create-tenant", "--name", "CLI Shop"]);
    with_database(&mut create, &app.database);
    let output = create.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let created: Value = serde_json::from_slice(&output.stdout).unwrap();
    let key = created["api_key"]["key"].as_str().unwrap();
    let response = app.get("/v1/me", key).await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["tenant_name"], "CLI Shop", "{me}");
}

/// Two `sekisho serve` processes and a tenant with an owner; the owner's session is valid on both.
async fn replicas_with_owner() -> (TestDatabase, Replica, Replica, String, String, String) {
    let database = TestDatabase::create().await;
    let email = "owner@cache.test";
    let mut create = sekisho(&[
        "admin",
        "create-tenant",
        "--name",
        "Cache Shop",
        "--owner-email",
        email,
        "--owner-password",
        PASSWORD,
    ]);
    with_database(&mut create, &database);
    let output = create.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let created: Value = serde_json::from_slice(&output.stdout).unwrap();
    let key = created["api_key"]["key"].as_str().unwrap().to_owned();
    let key_id = created["api_key"]["id"].as_str().unwrap().to_owned();
    let first = start(&database).await;
    let second = start(&database).await;
    let session: Value = reqwest::Client::new()
        .post(format!("{}/v1/auth/login", first.base))
        .json(&json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["access_token"].as_str().unwrap().to_owned();
    (database, first, second, key, key_id, token)
}

/// Asks the other replica (`attempt` counts from 1) until it answers with the change: within
/// 5 s at the most, and within 1 s, since its listener hears the notification at once.
async fn until_the_other_replica_follows(still: &str, mut followed: impl AsyncFnMut(u32) -> bool) {
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        attempt += 1;
        if followed(attempt).await {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(5), "{still}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_key_revoked_through_one_replica_is_refused_by_the_other_within_a_moment() {
    let (_database, first, second, key, key_id, owner) = replicas_with_owner().await;
    let client = reqwest::Client::new();
    let me = |base: &str| client.get(format!("{base}/v1/me")).bearer_auth(&key).send();
    for _ in 0..3 {
        assert_eq!(me(&second.base).await.unwrap().status(), 200);
    }
    let revoked = client
        .delete(format!("{}/v1/api-keys/{key_id}", first.base))
        .bearer_auth(&owner)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(me(&first.base).await.unwrap().status(), 401);
    until_the_other_replica_follows(
        "the second replica still accepts the revoked key",
        async |_| {
            let status = me(&second.base).await.unwrap().status();
            if status != 401 {
                assert_eq!(status, 200);
            }
            status == 401
        },
    )
    .await;
}

#[tokio::test]
async fn a_policy_saved_through_one_replica_is_applied_by_the_other() {
    let (_database, first, second, key, _key_id, owner) = replicas_with_owner().await;
    let client = reqwest::Client::new();
    let score = |id: String| {
        let request = client
            .post(format!("{}/v1/orders/score", second.base))
            .bearer_auth(&key)
            .json(&order(&id));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.json::<Value>().await.unwrap()
        }
    };
    // The default policy is now cached on the second replica.
    for i in 0..2 {
        assert_eq!(score(format!("P-{i}")).await["policy_version"], 0);
    }
    let saved = client
        .put(format!("{}/v1/policy", first.base))
        .bearer_auth(&owner)
        .json(&json!({ "review_at": 30, "reject_at": 70 }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    until_the_other_replica_follows(
        "the second replica still scores with the old policy",
        async |attempt| {
            let scored = score(format!("Q-{attempt}")).await;
            if scored["policy_version"] != 1 {
                assert_eq!(scored["policy_version"], 0, "{scored}");
            }
            scored["policy_version"] == 1
        },
    )
    .await;
}

/// Runs statements as an operator with psql would: no code of the app takes part.
async fn as_operator(app: &TestApp, statements: &[&str]) {
    let mut conn = app.database.owner_connection().await;
    for statement in statements {
        diesel::sql_query(*statement)
            .execute(&mut conn)
            .await
            .unwrap();
    }
}

/// The reason codes of a login's answer.
async fn login_reasons(app: &TestApp, key: &str, ip: &str) -> Vec<String> {
    let body = json!({ "account_id": "member-1", "success": true, "ip": ip,
                       "user_agent": crate::logins::BROWSER });
    let response = app.post("/v1/logins/score", key, &body).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    answer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn reference_list_facts_are_cached_until_a_list_changes() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Reference Shop").await;
    use_until_cached(&app, &tenant.api_key).await;
    let ip = "185.220.101.44";
    // A read is kept only when no invalidation raced with it: ask until one was surely kept.
    for _ in 0..3 {
        assert!(
            !login_reasons(&app, &tenant.api_key, ip)
                .await
                .contains(&"tor_ip".to_owned())
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Without its notification, a new Tor range is not seen: the answer came from the cache.
    as_operator(
        &app,
        &[
            "ALTER TABLE ip_reputation DISABLE TRIGGER ip_reputation_cache_notify",
            "INSERT INTO ip_reputation (range, tag, source) VALUES ('185.220.101.0/24', 'tor', 'test')",
            "ALTER TABLE ip_reputation ENABLE TRIGGER ip_reputation_cache_notify",
        ],
    )
    .await;
    assert!(
        !login_reasons(&app, &tenant.api_key, ip)
            .await
            .contains(&"tor_ip".to_owned())
    );
    // Any change to a list notifies, and every process forgets what the lists said.
    as_operator(
        &app,
        &["UPDATE ip_reputation SET source = 'test list' WHERE source = 'test'"],
    )
    .await;
    let started = Instant::now();
    while !login_reasons(&app, &tenant.api_key, ip)
        .await
        .contains(&"tor_ip".to_owned())
    {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the cache was never cleared"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn order_from(id: &str, email: &str) -> Value {
    json!({ "order_id": id, "amount": 3000, "currency": "JPY", "payment_method": "card",
            "customer": { "email": email } })
}

async fn decision(app: &TestApp, key: &str, id: &str, email: &str) -> String {
    let response = app
        .post("/v1/orders/score", key, &order_from(id, email))
        .await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    answer["decision"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn tenant_lists_are_matched_from_memory_until_they_change_or_expire() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Listing Shop").await;
    use_until_cached(&app, &tenant.api_key).await;
    let blocked = "blocked@list-cache.example";
    let added = app
        .post(
            "/v1/lists",
            &tenant.api_key,
            &json!({ "list": "block", "kind": "email", "value": blocked }),
        )
        .await;
    assert_eq!(added.status(), 201);
    // The lists just changed: scoring reads them again, and a read is kept only when no
    // invalidation raced with it, so score until one was surely kept.
    for i in 0..3 {
        let id = format!("LC-{i}");
        assert_eq!(
            decision(&app, &tenant.api_key, &id, blocked).await,
            "reject"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Without its notification, an entry expired by hand still matches: the answer came from
    // memory.
    as_operator(
        &app,
        &[
            "ALTER TABLE tenant_lists DISABLE TRIGGER tenant_lists_cache_notify_update",
            "UPDATE tenant_lists SET expires_at = now() - interval '1 second'",
            "ALTER TABLE tenant_lists ENABLE TRIGGER tenant_lists_cache_notify_update",
        ],
    )
    .await;
    assert_eq!(
        decision(&app, &tenant.api_key, "LC-held", blocked).await,
        "reject"
    );
    // Any change notifies the tenant's lists away in every process.
    as_operator(&app, &["UPDATE tenant_lists SET note = 'expired by hand'"]).await;
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        attempt += 1;
        let id = format!("LC-after-{attempt}");
        if decision(&app, &tenant.api_key, &id, blocked).await == "accept" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the lists were never read again"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // An entry that runs out stops matching on time, with no notification at all.
    let expiring = "expiring@list-cache.example";
    let until = chrono::Utc::now() + chrono::Duration::seconds(2);
    let added = app
        .post(
            "/v1/lists",
            &tenant.api_key,
            &json!({ "list": "block", "kind": "email", "value": expiring,
                     "expires_at": until.to_rfc3339() }),
        )
        .await;
    assert_eq!(added.status(), 201);
    assert_eq!(
        decision(&app, &tenant.api_key, "LC-x1", expiring).await,
        "reject"
    );
    let left = until - chrono::Utc::now() + chrono::Duration::milliseconds(300);
    tokio::time::sleep(left.to_std().unwrap_or_default()).await;
    assert_eq!(
        decision(&app, &tenant.api_key, "LC-x2", expiring).await,
        "accept"
    );
}

#[tokio::test]
async fn a_list_entry_added_through_one_replica_is_matched_by_the_other_within_a_moment() {
    let (_database, first, second, key, _key_id, _owner) = replicas_with_owner().await;
    let client = reqwest::Client::new();
    let blocked = "blocked@replica-lists.example";
    let decide = |id: String| {
        let request = client
            .post(format!("{}/v1/orders/score", second.base))
            .bearer_auth(&key)
            .json(&order_from(&id, blocked));
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            let answer: Value = response.json().await.unwrap();
            answer["decision"].as_str().unwrap().to_owned()
        }
    };
    // The second replica now holds the tenant's (empty) lists.
    for i in 0..2 {
        assert_eq!(decide(format!("R-{i}")).await, "accept");
    }
    let added = client
        .post(format!("{}/v1/lists", first.base))
        .bearer_auth(&key)
        .json(&json!({ "list": "block", "kind": "email", "value": blocked }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    until_the_other_replica_follows(
        "the second replica still scores with the old lists",
        async |attempt| decide(format!("S-{attempt}")).await == "reject",
    )
    .await;
}
