//! Forwarded headers: believed only from the operator's trusted proxies, read from the right.
//! The test client connects from 127.0.0.1, so "a trusted proxy" here is loopback.

use sekisho_api::client_address::{ForwardedHeader, TrustedProxies};
use sekisho_test_support::TestApp;
use serde_json::json;

fn proxies(networks: &[&str]) -> TrustedProxies {
    let networks: Vec<String> = networks.iter().map(|n| (*n).to_owned()).collect();
    TrustedProxies::parse(&networks, ForwardedHeader::XForwardedFor).unwrap()
}

async fn login_from(app: &TestApp, n: usize, forwarded_for: &str) -> u16 {
    app.client
        .post(app.url("/v1/auth/login"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "email": format!("stuffing-{n}@victim.test"), "password": "guess" }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn rotating_x_forwarded_for_from_an_untrusted_peer_is_still_one_client() {
    // Before the fix the first X-Forwarded-For entry was the client: 130 logins, no 429.
    let app = TestApp::spawn_with(|settings| {
        settings.login_per_ip_per_minute = 5;
        // Proxies exist, but the test client (127.0.0.1) is not one of them.
        settings.trusted_proxies = proxies(&["10.0.0.0/8"]);
    })
    .await;
    let mut statuses = Vec::new();
    for n in 0..8 {
        statuses.push(login_from(&app, n, &format!("203.0.113.{n}")).await);
    }
    assert_eq!(statuses[..5], [401; 5], "{statuses:?}");
    assert_eq!(
        statuses[5..],
        [429; 3],
        "the per-IP login limit holds: {statuses:?}"
    );
}

#[tokio::test]
async fn the_device_tag_limit_ignores_forwarded_headers_by_default() {
    let app = TestApp::spawn_with(|settings| settings.device_tag_per_ip_per_minute = 2).await;
    let mut statuses = Vec::new();
    for n in 0..4 {
        let response = app
            .client
            .post(app.url("/v1/device-tag/collect"))
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .header("forwarded", format!("for=198.51.100.{n}"))
            .body("{}")
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses[2..], [429, 429], "{statuses:?}");
}

#[tokio::test]
async fn a_trusted_proxys_forwarded_address_is_the_client() {
    let app = TestApp::spawn_with(|settings| {
        settings.login_per_ip_per_minute = 2;
        settings.trusted_proxies = proxies(&["127.0.0.1"]);
    })
    .await;
    // Each request comes through the (loopback) proxy from a different client: no limit.
    for n in 0..6 {
        assert_eq!(login_from(&app, n, &format!("203.0.113.{n}")).await, 401);
    }
    // A client that writes its own left part cannot escape: the proxy appended the real one.
    let mut statuses = Vec::new();
    for n in 0..4 {
        statuses.push(login_from(&app, 100 + n, &format!("10.9.9.{n}, 198.51.100.77")).await);
    }
    assert_eq!(statuses, [401, 401, 429, 429]);
}

#[tokio::test]
async fn the_rightmost_hop_outside_the_trusted_networks_is_the_client() {
    let app = TestApp::spawn_with(|settings| {
        settings.login_per_ip_per_minute = 1;
        settings.trusted_proxies = proxies(&["127.0.0.1", "10.0.0.0/8"]);
    })
    .await;
    // A spoofed left part changes each time; the edge proxy (10.0.0.2) saw 198.51.100.9.
    let first = login_from(&app, 0, "1.1.1.1, 198.51.100.9, 10.0.0.2").await;
    let second = login_from(&app, 1, "2.2.2.2, 198.51.100.9, 10.0.0.2").await;
    let other = login_from(&app, 2, "2.2.2.2, 198.51.100.10, 10.0.0.2").await;
    assert_eq!((first, second, other), (401, 429, 401));
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    // Before: /metrics answered anyone. Now a token, or (without one) this machine only.
    let app = TestApp::spawn_with(|settings| {
        settings.metrics_token = Some("scrape-token-0123456789".into());
    })
    .await;
    let get = |token: Option<&str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let refused = get(None).await.unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        sekisho_test_support::error_code(refused).await,
        "unauthenticated"
    );
    assert_eq!(get(Some("wrong")).await.unwrap().status(), 401);
    let allowed = get(Some("scrape-token-0123456789")).await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(
        allowed
            .text()
            .await
            .unwrap()
            .contains("sekisho_http_requests")
    );
}

#[tokio::test]
async fn webhook_test_events_are_rate_limited_per_tenant() {
    let app = TestApp::spawn_with(|settings| {
        settings.allow_insecure_webhooks = true;
        settings.webhooks.tests_per_tenant_per_minute = 2;
    })
    .await;
    let tenant = app.create_tenant("Hook Shop").await;
    let owner = app.create_staff(&tenant, sekisho_domain::Role::Owner).await;
    let response = app
        .post(
            "/v1/webhooks",
            &owner.token,
            &json!({ "url": "http://127.0.0.1:9/hook" }),
        )
        .await;
    assert_eq!(response.status(), 201);
    let id = response.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let response = app
            .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
            .await;
        statuses.push(response.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 429]);
}
