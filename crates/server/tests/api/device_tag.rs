//! The device tag: its publishable key, the open collect endpoint and what it stores.

use sekisho_domain::Role;
use sekisho_store::{StoreError, devices, tenancy};
use sekisho_test_support::{TestApp, TestTenant, error_code};
use serde_json::{Value, json};

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                      Chrome/140.0.0.0 Safari/537.36";

async fn tag_key(app: &TestApp, tenant: &TestTenant) -> String {
    let response = app.get("/v1/device-tag/key", &tenant.api_key).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let key = body["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("pk_live_"), "{key}");
    assert!(
        body["snippet"]
            .as_str()
            .unwrap()
            .contains(&format!(r#"data-key="{key}""#))
    );
    key
}

fn report(key: &str, profile: &str) -> Value {
    json!({
        "key": key,
        "profile_id": profile,
        "user_agent": CHROME,
        "languages": ["ja-JP", "en-US"],
        "timezone": "Asia/Tokyo",
        "screen": { "width": 1920, "height": 1080, "color_depth": 24 },
        "hardware_concurrency": 8,
        "max_touch_points": 0,
        "webdriver": false,
        "hints": []
    })
}

/// Posts as the script does: a text/plain body, an Origin, no credentials.
async fn collect(app: &TestApp, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url("/v1/device-tag/collect"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", "https://shop.example")
        .header("user-agent", CHROME)
        .body(body.to_string())
        .send()
        .await
        .unwrap()
}

async fn token(app: &TestApp, body: &Value) -> String {
    let response = collect(app, body).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "*",
        "any merchant's page may post"
    );
    let body: Value = response.json().await.unwrap();
    body["device_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_token_is_stable_per_profile_and_differs_per_profile_and_tenant() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Tag shop").await;
    let other_shop = app.create_tenant("Other tag shop").await;
    let key = tag_key(&app, &shop).await;
    assert_eq!(tag_key(&app, &shop).await, key, "made once, then kept");
    let other_key = tag_key(&app, &other_shop).await;
    assert_ne!(other_key, key);

    let first = token(&app, &report(&key, "profile-aaaaaaaaaaaaaaaa")).await;
    assert!(first.starts_with("dv_") && first.len() == 35, "{first}");
    assert_eq!(
        token(&app, &report(&key, "profile-aaaaaaaaaaaaaaaa")).await,
        first
    );
    let another_profile = token(&app, &report(&key, "profile-bbbbbbbbbbbbbbbb")).await;
    assert_ne!(another_profile, first);
    let another_tenant = token(&app, &report(&other_key, "profile-aaaaaaaaaaaaaaaa")).await;
    assert_ne!(another_tenant, first);

    // The tenant sees its own device, counted twice; the other tenant does not see it.
    let response = app
        .get(&format!("/v1/devices/{first}"), &shop.api_key)
        .await;
    assert_eq!(response.status(), 200);
    let device: Value = response.json().await.unwrap();
    assert_eq!(device["sightings"], 2);
    assert_eq!(device["automation"], false);
    assert_eq!(device["timezone"], "Asia/Tokyo");
    assert_eq!(device["screen"], "1920x1080x24");
    let response = app
        .get(&format!("/v1/devices/{first}"), &other_shop.api_key)
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");

    // A browser asking first (application/json) gets its preflight answered.
    let response = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/v1/device-tag/collect"))
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["access-control-allow-methods"], "POST");
}

#[tokio::test]
async fn bad_reports_get_json_errors_that_pages_can_read() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Tag errors").await;
    let key = tag_key(&app, &shop).await;

    for unknown in [
        "pk_live_00000000000000000000000000000000",
        "pk_live_nope",
        &shop.api_key,
    ] {
        let response = collect(&app, &report(unknown, "profile-aaaaaaaaaaaaaaaa")).await;
        assert_eq!(response.status(), 401, "{unknown}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        assert_eq!(error_code(response).await, "invalid_api_key");
    }

    let mut huge = report(&key, "profile-aaaaaaaaaaaaaaaa");
    huge["user_agent"] = json!("x".repeat(20_000));
    let response = collect(&app, &huge).await;
    assert_eq!(response.status(), 413);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(error_code(response).await, "payload_too_large");

    let response = collect(&app, &report(&key, "short")).await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_code(response).await, "validation_failed");

    let response = app
        .client
        .post(app.url("/v1/device-tag/collect"))
        .body("{\"key\":")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(error_code(response).await, "malformed_json");

    // The key is for owners and the tenant's systems; other staff may not mint it.
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let response = app.get("/v1/device-tag/key", &analyst.token).await;
    assert_eq!(response.status(), 403);
    let owner = app.create_staff(&shop, Role::Owner).await;
    let response = app.get("/v1/device-tag/key", &owner.token).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["key"], key.as_str());
}

#[tokio::test]
async fn the_facts_reader_sees_automation_and_keeps_it() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Tag bots").await;
    let key = tag_key(&app, &shop).await;
    let mut automated = report(&key, "profile-cccccccccccccccc");
    automated["webdriver"] = json!(true);
    automated["hints"] = json!(["no_plugins", "made_up_hint"]);
    let device_id = token(&app, &automated).await;
    // A later, clean-looking report from the same profile does not clear the flag.
    assert_eq!(
        token(&app, &report(&key, "profile-cccccccccccccccc")).await,
        device_id
    );

    let mut conn = sekisho_store::pool::get(&app.pool).await.unwrap();
    let (facts, unknown) =
        tenancy::in_tenant::<_, StoreError, _, _>(&mut conn, shop.id, async |conn| {
            let facts = devices::facts(conn, shop.id, &device_id).await?;
            let unknown = devices::facts(conn, shop.id, "dv_0123").await?;
            Ok((facts, unknown))
        })
        .await
        .unwrap();
    let facts = facts.expect("the device was recorded");
    assert!(facts.automation);
    assert_eq!(facts.automation_hints, ["no_plugins", "webdriver"]);
    assert_eq!(facts.sightings, 2);
    assert_eq!(facts.timezone.as_deref(), Some("Asia/Tokyo"));
    assert_eq!(facts.languages, ["ja-JP", "en-US"]);
    assert!(facts.first_seen_at <= facts.last_seen_at);
    assert_eq!(unknown, None);

    let response = app
        .get(&format!("/v1/devices/{device_id}"), &shop.api_key)
        .await;
    let device: Value = response.json().await.unwrap();
    assert_eq!(device["automation"], true);
    assert_eq!(
        device["automation_hints"],
        json!(["no_plugins", "webdriver"])
    );
}

#[tokio::test]
async fn the_script_and_its_guide_are_served_and_reports_are_rate_limited() {
    let app = TestApp::spawn_with(|settings| settings.device_tag_per_ip_per_minute = 2).await;

    let response = app.client.get(app.url("/tag.js")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    let etag = response.headers()["etag"].clone();
    let script = response.text().await.unwrap();
    assert!(script.contains("/v1/device-tag/collect") && script.len() < 16 * 1024);
    let response = app
        .client
        .get(app.url("/tag.js"))
        .header("if-none-match", etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 304);

    let response = app.client.get(app.url("/device-tag")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    // Without the slash, the guide redirects (and reqwest follows).
    assert_eq!(response.url().path(), "/device-tag/");
    let page = response.text().await.unwrap();
    assert!(page.contains("sekisho_device_id") && page.contains("デバイスタグ"));

    let shop = app.create_tenant("Tag limits").await;
    let key = tag_key(&app, &shop).await;
    let body = report(&key, "profile-dddddddddddddddd");
    assert_eq!(collect(&app, &body).await.status(), 200);
    assert_eq!(collect(&app, &body).await.status(), 200);
    let response = collect(&app, &body).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
    assert_eq!(error_code(response).await, "rate_limited");
}

#[tokio::test]
async fn an_order_from_an_automated_device_is_flagged() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Bot target").await;
    let key = tag_key(&app, &shop).await;
    let mut bot = report(&key, "0123456789abcdef0123456789abcdef");
    bot["webdriver"] = json!(true);
    let device = token(&app, &bot).await;
    let order = json!({
        "order_id": "BOT-1", "amount": 3000, "currency": "JPY", "payment_method": "card",
        "device": { "device_id": device, "ip": "203.0.113.50" }
    });
    let scored: Value = app
        .post("/v1/orders/score", &shop.api_key, &order)
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"automation_detected"), "{scored}");
    assert_eq!(scored["decision"], "review");
}

#[tokio::test]
async fn a_login_from_an_automated_device_is_flagged() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Login target").await;
    let key = tag_key(&app, &shop).await;
    let mut bot = report(&key, "fedcba9876543210fedcba9876543210");
    bot["webdriver"] = json!(true);
    let device = token(&app, &bot).await;
    let login = json!({ "account_id": "member-42", "success": true, "ip": "203.0.113.70", "device_id": device });
    let scored: Value = app
        .post("/v1/logins/score", &shop.api_key, &login)
        .await
        .json()
        .await
        .unwrap();
    let codes: Vec<&str> = scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"automation_detected"), "{scored}");
}
