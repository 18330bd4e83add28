//! Rate limits that protect without locking out: staff sign-in per account and client IP under a
//! higher per-account ceiling, and each API key at its tenant's rate.

use std::net::IpAddr;

use sekisho_domain::Role;
use sekisho_test_support::{PASSWORD, TestApp, error_code};
use serde_json::{Value, json};

/// A client whose connections come from `address` (any of 127.0.0.0/8 reaches the app).
fn client_from(address: [u8; 4]) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::from(address))
        .build()
        .unwrap()
}

async fn login_from(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/v1/auth/login"))
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_attacker_failing_the_password_is_throttled_while_the_owner_still_signs_in() {
    let app = TestApp::spawn_with(|settings| {
        settings.login_per_account_and_ip_per_minute = 3;
        settings.login_per_account_per_minute = 10;
        settings.login_per_ip_per_minute = 1_000;
    })
    .await;
    let tenant = app.create_tenant("Lockout Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await; // one attempt from 127.0.0.1

    let attacker = client_from([127, 0, 0, 66]);
    for _ in 0..3 {
        assert_eq!(
            login_from(&app, &attacker, &owner.email, "guess")
                .await
                .status(),
            401
        );
    }
    let throttled = login_from(&app, &attacker, &owner.email, "guess").await;
    assert_eq!(throttled.status(), 429);
    let retry_after: u64 = throttled.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    assert_eq!(error_code(throttled).await, "rate_limited");
    assert_eq!(
        login_from(&app, &attacker, &owner.email, PASSWORD)
            .await
            .status(),
        429,
        "even the right password waits at the attacker's address"
    );

    // The owner, elsewhere, is not locked out by the attacker's failures.
    let office = client_from([127, 0, 0, 7]);
    assert_eq!(
        login_from(&app, &office, &owner.email, PASSWORD)
            .await
            .status(),
        200
    );

    // An attack spread over many addresses reaches the per-account ceiling, and only then is
    // the owner held back too.
    let mut next = 100;
    loop {
        let status = login_from(&app, &client_from([127, 0, 0, next]), &owner.email, "guess")
            .await
            .status();
        if status == 429 {
            break;
        }
        assert_eq!(status, 401);
        next += 1;
        assert!(next < 120, "the per-account ceiling never held");
    }
    assert!(next > 100, "the ceiling is above the per-address budget");
    assert_eq!(
        login_from(&app, &office, &owner.email, PASSWORD)
            .await
            .status(),
        429
    );
}

async fn set_rate(
    app: &TestApp,
    admin: &str,
    tenant: uuid::Uuid,
    rate: Value,
) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/admin/v1/tenants/{tenant}/api-key-rate-limit")))
        .bearer_auth(admin)
        .json(&json!({ "requests_per_second": rate }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_api_key_is_limited_to_its_tenants_rate_with_retry_after() {
    let app = TestApp::spawn_with(|settings| settings.replicas = 2).await;
    let limited = app.create_tenant("Limited Shop").await;
    let other = app.create_tenant("Other Shop").await;
    let admin = app.admin_token().await;

    let set = set_rate(&app, &admin, limited.id, json!(10)).await;
    assert_eq!(set.status(), 200);
    let set: Value = set.json().await.unwrap();
    assert_eq!(set["effective_requests_per_second"], 10);
    assert_eq!(set["replicas"], 2);
    assert_eq!(set["per_replica"], 5, "each of two replicas allows half");

    // Five a second here (a second's burst), refilling one every 200 ms.
    let mut admitted = 0;
    let refused = loop {
        let response = app.get("/v1/me", &limited.api_key).await;
        if response.status() == 429 {
            break response;
        }
        assert_eq!(response.status(), 200);
        admitted += 1;
        assert!(admitted < 10, "the key's limit never held");
    };
    assert!(
        (5..=7).contains(&admitted),
        "{admitted} admitted before the first 429"
    );
    assert!(
        refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    assert_eq!(error_code(refused).await, "rate_limited");
    // Another tenant's key has its own budget.
    assert_eq!(app.get("/v1/me", &other.api_key).await.status(), 200);

    // Back to the (high) default: applies at once.
    assert_eq!(
        set_rate(&app, &admin, limited.id, Value::Null)
            .await
            .status(),
        200
    );
    assert_eq!(app.get("/v1/me", &limited.api_key).await.status(), 200);

    for (body, status) in [(json!(0), 422), (json!(2_000_000), 422)] {
        assert_eq!(
            set_rate(&app, &admin, limited.id, body).await.status(),
            status
        );
    }
    assert_eq!(
        set_rate(&app, &admin, uuid::Uuid::now_v7(), json!(5))
            .await
            .status(),
        404
    );
    let audited: Value = app
        .get(
            &format!("/admin/v1/audit-log?tenant_id={}", limited.id),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        audited["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "tenant.api_key_rate_limit")
    );
}
