//! `Idempotency-Key` end to end: one behaviour on every POST that creates or records something.
//! Claimed atomically (concurrent duplicates run once), bound to the request (another body under
//! a used key is a 422), replayed with the first status and body and `Idempotent-Replayed`.

use diesel::sql_types::Int8;
use diesel_async::RunQueryDsl;
use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant, error_code};
use serde_json::{Value, json};

fn order(id: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "account_id": "cust-1", "email": "hanako.suzuki@example-mail.jp", "name": "鈴木 花子" },
        "shipping_address": {
            "postal_code": "150-0002", "region": "東京都", "locality": "渋谷区",
            "line1": "渋谷2-21-1", "line2": "渋谷ヒカリエ 10F"
        },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "203.0.113.10", "device_id": "dev-idem-1", "user_agent": "Mozilla/5.0" },
    })
}

fn report(email: &str) -> Value {
    json!({
        "category": "chargeback", "amount": 12800, "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z", "identifiers": { "email": email },
    })
}

fn attempt() -> Value {
    json!({
        "card": { "number": "4532 0151 1283 0366", "expiry": "12/29" },
        "amount": 500, "currency": "JPY", "result": "declined", "decline_code": "05",
        "ip": "203.0.113.77",
    })
}

fn login() -> Value {
    json!({ "account_id": "taro@example.jp", "success": false, "ip": "203.0.113.9", "user_agent": "Mozilla/5.0" })
}

async fn send_keyed(
    app: &TestApp,
    bearer: &str,
    path: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(bearer)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = Int8)]
    n: i64,
}

/// Counts rows as the database owner (no row-level security in the way).
async fn count(app: &TestApp, sql: &str) -> i64 {
    let mut conn = app.database.owner_connection().await;
    diesel::sql_query(sql)
        .get_result::<Count>(&mut conn)
        .await
        .unwrap()
        .n
}

async fn scored_order(app: &TestApp, shop: &TestTenant, id: &str) {
    let response = app
        .post("/v1/orders/score", &shop.api_key, &order(id))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn twenty_parallel_identical_orders_are_scored_once() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Parallel Shop").await;
    let body = order("P-1");
    let responses = futures_util::future::join_all((0..20).map(|_| {
        send_keyed(
            &app,
            &shop.api_key,
            "/v1/orders/score",
            "checkout-P-1",
            &body,
        )
    }))
    .await;
    let mut order_ids = Vec::new();
    let mut fresh = 0;
    for response in responses {
        assert_eq!(response.status(), 200);
        if response.headers().get("idempotent-replayed").is_none() {
            fresh += 1;
        }
        let answer: Value = response.json().await.unwrap();
        order_ids.push(answer["order_id"].as_str().unwrap().to_owned());
    }
    assert_eq!(fresh, 1, "one request did the work; 19 were replays");
    order_ids.dedup();
    assert_eq!(order_ids.len(), 1, "every answer names the same order");
    let tenant = shop.id;
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT sum(times_scored)::int8 AS n FROM orders WHERE tenant_id = '{tenant}'"
            )
        )
        .await,
        1,
        "the order was scored exactly once"
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM idempotency_keys WHERE tenant_id = '{tenant}'")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_used_key_with_another_body_is_refused_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Reuse Shop").await;
    let first = send_keyed(
        &app,
        &shop.api_key,
        "/v1/orders/score",
        "k-1",
        &order("R-1"),
    )
    .await;
    assert_eq!(first.status(), 200);
    let other = send_keyed(
        &app,
        &shop.api_key,
        "/v1/orders/score",
        "k-1",
        &order("R-2"),
    )
    .await;
    assert_eq!(other.status(), 422);
    assert_eq!(error_code(other).await, "idempotency_key_reused");
    let tenant = shop.id;
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM orders WHERE tenant_id = '{tenant}' AND merchant_order_id = 'R-2'")
        )
        .await,
        0,
        "the second order was neither scored nor silently dropped behind a replay"
    );

    // The same for reports; and a key is scoped to its tenant.
    let filed = send_keyed(
        &app,
        &shop.api_key,
        "/v1/fraud-reports",
        "r-1",
        &report("a@one.example"),
    )
    .await;
    assert_eq!(filed.status(), 201);
    let reused = send_keyed(
        &app,
        &shop.api_key,
        "/v1/fraud-reports",
        "r-1",
        &report("b@two.example"),
    )
    .await;
    assert_eq!(reused.status(), 422);
    assert_eq!(error_code(reused).await, "idempotency_key_reused");
    let neighbour = app.create_tenant("Neighbour Shop").await;
    let theirs = send_keyed(
        &app,
        &neighbour.api_key,
        "/v1/orders/score",
        "k-1",
        &order("R-2"),
    )
    .await;
    assert_eq!(theirs.status(), 200);
    assert!(theirs.headers().get("idempotent-replayed").is_none());
}

#[tokio::test]
async fn a_replay_returns_the_first_status_and_body_with_the_replay_header() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Replay Shop").await;
    let first = send_keyed(
        &app,
        &shop.api_key,
        "/v1/fraud-reports",
        "rep-1",
        &report("c@three.example"),
    )
    .await;
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first_body = first.bytes().await.unwrap();
    let retry = send_keyed(
        &app,
        &shop.api_key,
        "/v1/fraud-reports",
        "rep-1",
        &report("c@three.example"),
    )
    .await;
    assert_eq!(retry.status(), 201, "the first response's status");
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    assert_eq!(retry.headers()["content-type"], "application/json");
    assert_eq!(
        retry.bytes().await.unwrap(),
        first_body,
        "the first response's exact body"
    );
    let tenant = shop.id;
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM fraud_reports WHERE tenant_id = '{tenant}'")
        )
        .await,
        1
    );
}

#[tokio::test]
async fn a_retried_chargeback_is_recorded_once() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Chargeback Shop").await;
    scored_order(&app, &shop, "C-1").await;
    let chargeback = json!({ "type": "chargeback", "occurred_at": "2026-11-20T00:00:00Z" });
    let tries = futures_util::future::join_all((0..5).map(|_| {
        send_keyed(
            &app,
            &shop.api_key,
            "/v1/orders/C-1/outcomes",
            "cb-C-1",
            &chargeback,
        )
    }))
    .await;
    let mut replays = 0;
    for response in tries {
        assert_eq!(response.status(), 200);
        replays += usize::from(response.headers().get("idempotent-replayed").is_some());
    }
    assert_eq!(replays, 4);
    let retry = send_keyed(
        &app,
        &shop.api_key,
        "/v1/orders/C-1/outcomes",
        "cb-C-1",
        &chargeback,
    )
    .await;
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let tenant = shop.id;
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM order_events WHERE tenant_id = '{tenant}' AND type = 'chargeback'")
        )
        .await,
        1,
        "one chargeback event"
    );
    // The same key for another order's outcome is another request.
    scored_order(&app, &shop, "C-2").await;
    let elsewhere = send_keyed(
        &app,
        &shop.api_key,
        "/v1/orders/C-2/outcomes",
        "cb-C-1",
        &chargeback,
    )
    .await;
    assert_eq!(elsewhere.status(), 422);
    assert_eq!(error_code(elsewhere).await, "idempotency_key_reused");
}

#[tokio::test]
async fn retried_attempts_logins_and_reviews_are_recorded_once() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Retry Shop").await;
    let tenant = shop.id;
    for _ in 0..3 {
        let response = send_keyed(
            &app,
            &shop.api_key,
            "/v1/payments/attempts",
            "att-1",
            &attempt(),
        )
        .await;
        assert_eq!(response.status(), 200);
        let response =
            send_keyed(&app, &shop.api_key, "/v1/logins/score", "login-1", &login()).await;
        assert_eq!(response.status(), 200);
    }
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM payment_attempts WHERE tenant_id = '{tenant}'")
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM login_events WHERE tenant_id = '{tenant}'")
        )
        .await,
        1
    );

    // An order sent to review, decided twice under one key.
    let owner = app.create_staff(&shop, Role::Owner).await;
    let strict = json!({ "review_at": 1, "reject_at": 101, "rules": [] });
    let saved = app
        .client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&strict)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let mut risky = order("V-1");
    risky["customer"]["phone"] = json!("050-9999-0000");
    let response = app.post("/v1/orders/score", &shop.api_key, &risky).await;
    let assessed: Value = response.json().await.unwrap();
    assert_eq!(assessed["decision"], "review", "{assessed}");
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let decision = json!({ "decision": "hold", "note": "電話確認中" });
    for attempt in 0..2 {
        let response =
            send_keyed(&app, &reviewer.token, "/v1/reviews/V-1", "rev-1", &decision).await;
        assert_eq!(response.status(), 200, "attempt {attempt}");
        assert_eq!(
            response.headers().get("idempotent-replayed").is_some(),
            attempt == 1
        );
    }
    assert_eq!(
        count(&app, &format!("SELECT count(*) AS n FROM order_events WHERE tenant_id = '{tenant}' AND type = 'review'")).await,
        1
    );
}

#[tokio::test]
async fn an_invalid_key_is_refused_the_same_way_on_every_endpoint() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Strict Keys").await;
    scored_order(&app, &shop, "K-1").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let admin = app.admin_token().await;
    let endpoints: Vec<(&str, String, Value)> = vec![
        ("/v1/orders/score", shop.api_key.clone(), order("K-2")),
        (
            "/v1/orders/K-1/outcomes",
            shop.api_key.clone(),
            json!({ "type": "delivery" }),
        ),
        (
            "/v1/fraud-reports",
            shop.api_key.clone(),
            report("d@four.example"),
        ),
        ("/v1/payments/attempts", shop.api_key.clone(), attempt()),
        ("/v1/logins/score", shop.api_key.clone(), login()),
        (
            "/v1/reviews/K-1",
            reviewer.token.clone(),
            json!({ "decision": "accept" }),
        ),
        (
            "/v1/users",
            owner.token.clone(),
            json!({ "email": "new@shop.example", "password": "a long enough passphrase", "role": "analyst" }),
        ),
        (
            "/admin/v1/tenants",
            admin.clone(),
            json!({ "name": "Never Made" }),
        ),
    ];
    let long = "k".repeat(256);
    for (path, bearer, body) in &endpoints {
        for bad in ["", long.as_str(), "has space", "tab\tkey"] {
            let response = send_keyed(&app, bearer, path, bad, body).await;
            assert_eq!(response.status(), 400, "{path} with {:?}", bad.get(..10));
            assert_eq!(
                error_code(response).await,
                "invalid_idempotency_key",
                "{path}"
            );
        }
        let non_ascii = app
            .client
            .post(app.url(path))
            .bearer_auth(bearer)
            .header(
                "Idempotency-Key",
                reqwest::header::HeaderValue::from_bytes("キー".as_bytes()).unwrap(),
            )
            .json(body)
            .send()
            .await
            .unwrap();
        assert_eq!(non_ascii.status(), 400, "{path}");
        assert_eq!(
            error_code(non_ascii).await,
            "invalid_idempotency_key",
            "{path}"
        );
    }
    let tenant = shop.id;
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) AS n FROM orders WHERE tenant_id = '{tenant}'")
        )
        .await,
        1,
        "nothing was done under an invalid key"
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) AS n FROM tenants WHERE name = 'Never Made'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_refused_request_does_not_use_up_its_key() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Second Chance").await;
    let mut bad = order("S-1");
    bad["amount"] = json!(-5);
    let refused = send_keyed(&app, &shop.api_key, "/v1/orders/score", "s-1", &bad).await;
    assert_eq!(refused.status(), 422);
    let corrected = send_keyed(
        &app,
        &shop.api_key,
        "/v1/orders/score",
        "s-1",
        &order("S-1"),
    )
    .await;
    assert_eq!(corrected.status(), 200);
    assert!(corrected.headers().get("idempotent-replayed").is_none());
}
