//! Tenant isolation generated from the served OpenAPI document: every operation is classified,
//! and every tenant-scoped one is probed as tenant B with tenant A's ids (404, never A's data) and
//! listed as B (never a row of A's). A new route is covered automatically; a route the generator
//! cannot classify fails the test with its name, so that nobody forgets to say how it is isolated.

use std::collections::BTreeMap;

use sekisho_domain::Role;
use sekisho_test_support::{Staff, TestApp, TestTenant};
use serde_json::{Value, json};
use uuid::Uuid;

/// Operations that belong to no tenant: health, the sign-in, the device tag's public pages.
const UNSCOPED: &[&str] = &[
    "GET /healthz",
    "GET /readyz",
    "GET /tag.js",
    "GET /device-tag/",
    "POST /v1/auth/login",
    // Authenticated by the tenant's public tag key in the body, not a bearer credential; its
    // isolation (a device is recorded for the key's tenant only) is in device_tag.rs and probed
    // here through GET /v1/devices/{device_id}.
    "POST /v1/device-tag/collect",
];

/// A valid body for the operations that take a path id and a body, so that the probe reaches the
/// lookup of the id instead of stopping at validation.
fn probe_body(operation: &str) -> Option<Value> {
    Some(match operation {
        "POST /v1/orders/{order_id}/outcomes" => {
            json!({ "type": "authorization", "result": "approved" })
        }
        "POST /v1/reviews/{order_id}" => json!({ "decision": "accept", "note": "probe" }),
        "POST /v1/webhooks/{id}/test" => json!({}),
        "PATCH /v1/users/{id}" => json!({ "disabled": true }),
        _ => return None,
    })
}

/// What tenant A owns, by the collection its ids belong to.
struct Seeded {
    ids: BTreeMap<&'static str, String>,
    /// Every id and marker of A's that must never appear in anything B reads.
    markers: Vec<String>,
}

struct Callers {
    owner: Staff,
    analyst: Staff,
    reviewer: Staff,
    tenant: TestTenant,
}

impl Callers {
    async fn of(app: &TestApp, tenant: TestTenant) -> Callers {
        Callers {
            owner: app.create_staff(&tenant, Role::Owner).await,
            analyst: app.create_staff(&tenant, Role::Analyst).await,
            reviewer: app.create_staff(&tenant, Role::Reviewer).await,
            tenant,
        }
    }

    /// Every credential of the tenant, most powerful first.
    fn all(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("owner", self.owner.token.as_str()),
            ("api key", self.tenant.api_key.as_str()),
            ("reviewer", self.reviewer.token.as_str()),
            ("analyst", self.analyst.token.as_str()),
        ]
    }
}

async fn created(response: reqwest::Response, what: &str) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "creating {what}: {status} {body}");
    body
}

/// Gives tenant A one of everything, through the API as a merchant would.
async fn seed(app: &TestApp, a: &Callers) -> Seeded {
    let key = a.tenant.api_key.as_str();
    let tag = Uuid::new_v4().simple().to_string();
    let merchant_order_id = format!("ISO-A-{tag}");
    let order = created(
        app.post(
            "/v1/orders/score",
            key,
            &json!({
                "order_id": merchant_order_id, "amount": 4800, "currency": "JPY",
                "payment_method": "card",
                "customer": { "account_id": format!("acct-a-{tag}"), "email": "iso.a@example-mail.jp" },
                "card": { "number": "4556 7375 8689 9855" },
                "device": { "ip": "203.0.113.10", "device_id": format!("dev-a-{tag}") }
            }),
        )
        .await,
        "an order",
    )
    .await;
    let order_id = order["order_id"].as_str().unwrap().to_owned();
    created(
        app.post(
            &format!("/v1/orders/{order_id}/outcomes"),
            key,
            &json!({ "type": "authorization", "result": "approved" }),
        )
        .await,
        "an outcome",
    )
    .await;
    let report = created(
        app.post(
            "/v1/fraud-reports",
            key,
            &json!({ "category": "chargeback", "amount": 12800, "currency": "JPY",
                     "occurred_at": "2026-10-01T12:00:00Z", "order_id": merchant_order_id,
                     "identifiers": { "email": "iso.a.fraud@example-mail.jp" } }),
        )
        .await,
        "a fraud report",
    )
    .await;
    let entry = created(
        app.post(
            "/v1/lists",
            key,
            &json!({ "list": "block", "kind": "email", "value": "iso.a.block@example-mail.jp", "note": format!("note-{tag}") }),
        )
        .await,
        "a list entry",
    )
    .await;
    let webhook = created(
        app.post(
            "/v1/webhooks",
            &a.owner.token,
            &json!({ "url": "http://127.0.0.1:9/hooks/a", "events": ["review.decided"] }),
        )
        .await,
        "a webhook",
    )
    .await;
    let key_created = created(
        app.post(
            "/v1/api-keys",
            &a.owner.token,
            &json!({ "name": format!("key-{tag}") }),
        )
        .await,
        "an API key",
    )
    .await;
    created(
        app.post(
            "/v1/payments/attempts",
            key,
            &json!({ "card": { "number": "4556737586899855" }, "amount": 500, "currency": "JPY",
                     "result": "declined", "decline_code": "05", "ip": "203.0.113.10",
                     "order_id": merchant_order_id }),
        )
        .await,
        "a payment attempt",
    )
    .await;
    // A card-testing burst (eleven declines from one address) raises an alert for A.
    for n in 0..11 {
        created(
            app.post(
                "/v1/payments/attempts",
                key,
                &json!({ "card": { "number": luhn_card(n) }, "amount": 500, "currency": "JPY",
                         "result": "declined", "decline_code": "05", "ip": "198.51.100.71" }),
            )
            .await,
            "a card-testing attempt",
        )
        .await;
    }
    let alerts = created(app.get("/v1/alerts", key).await, "the alerts").await;
    let alert_id = alerts["items"][0]["id"]
        .as_str()
        .expect("the burst raised an alert")
        .to_owned();
    let tag_key = created(app.get("/v1/device-tag/key", key).await, "a tag key").await;
    let device = app
        .client
        .post(app.url("/v1/device-tag/collect"))
        .header("content-type", "text/plain;charset=UTF-8")
        .header("origin", "https://shop-a.example")
        .body(
            json!({ "key": tag_key["key"], "profile_id": format!("profile-{tag}"),
                    "user_agent": "Mozilla/5.0", "languages": ["ja-JP"], "timezone": "Asia/Tokyo",
                    "webdriver": false, "hints": [] })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    let device = created(device, "a device").await;

    let mut ids = BTreeMap::new();
    ids.insert("/v1/orders", order_id.clone());
    ids.insert("/v1/reviews", order_id.clone());
    ids.insert(
        "/v1/fraud-reports",
        report["id"].as_str().unwrap().to_owned(),
    );
    ids.insert("/v1/lists", entry[0]["id"].as_str().unwrap().to_owned());
    ids.insert("/v1/alerts", alert_id);
    ids.insert("/v1/users", a.analyst.id.to_string());
    ids.insert("/v1/webhooks", webhook["id"].as_str().unwrap().to_owned());
    ids.insert(
        "/v1/api-keys",
        key_created["id"].as_str().unwrap().to_owned(),
    );
    ids.insert(
        "/v1/devices",
        device["device_id"].as_str().unwrap().to_owned(),
    );
    let mut markers: Vec<String> = ids.values().cloned().collect();
    markers.extend([
        merchant_order_id,
        a.tenant.id.to_string(),
        a.tenant.api_key_id.to_string(),
        a.owner.email.clone(),
        a.analyst.email.clone(),
        format!("note-{tag}"),
        format!("key-{tag}"),
        format!("acct-a-{tag}"),
    ]);
    Seeded { ids, markers }
}

/// The `n`th valid card number of one test issuer range (Luhn check digit appended).
fn luhn_card(n: u32) -> String {
    sekisho_test_support::luhn_completed(&format!("453201{n:09}"))
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    bearer: &str,
    body: Option<&Value>,
) -> (u16, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(bearer);
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The collection a path's id belongs to: `/v1/webhooks/{id}/deliveries` → `/v1/webhooks`.
fn collection(path: &str) -> &str {
    path.find("/{").map_or(path, |at| &path[..at])
}

#[tokio::test]
async fn tenant_b_never_reaches_tenant_a_through_any_operation_of_the_document() {
    let app = TestApp::spawn_with(|s| s.allow_insecure_webhooks = true).await;
    let a = Callers::of(&app, app.create_tenant("Isolation A").await).await;
    let b = Callers::of(&app, app.create_tenant("Isolation B").await).await;
    let seeded = seed(&app, &a).await;
    // B has rows of its own, so that its lists are not trivially empty.
    seed(&app, &b).await;

    let document: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut unclassified = Vec::new();
    let mut failures = Vec::new();
    let (mut id_probes, mut list_probes, mut meaningful_lists, mut admin_probes) = (0, 0, 0, 0);
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            let name = format!("{method} {path}");
            if UNSCOPED.contains(&name.as_str()) {
                continue;
            }
            let takes_body = operation.get("requestBody").is_some();
            if path.starts_with("/admin/") {
                // Platform operations: no tenant credential reaches them.
                for (who, bearer) in b.all() {
                    let concrete = path.replace("{id}", &a.tenant.id.to_string());
                    let body = takes_body.then(|| json!({}));
                    let (status, text) =
                        call(&app, &method, &concrete, bearer, body.as_ref()).await;
                    admin_probes += 1;
                    if status != 403 {
                        failures.push(format!("{name} as B's {who}: {status} {text}"));
                    }
                }
                continue;
            }
            if path.contains('{') {
                let Some(id) = seeded.ids.get(collection(path)) else {
                    unclassified.push(format!("{name} (no seeded id for {})", collection(path)));
                    continue;
                };
                let body = probe_body(&name);
                if takes_body && body.is_none() {
                    unclassified.push(format!("{name} (no probe body)"));
                    continue;
                }
                let concrete = {
                    let start = path.find('{').unwrap();
                    let end = path[start..].find('}').unwrap() + start;
                    format!("{}{id}{}", &path[..start], &path[end + 1..])
                };
                let mut permitted = 0;
                for (who, bearer) in b.all() {
                    let (status, text) =
                        call(&app, &method, &concrete, bearer, body.as_ref()).await;
                    id_probes += 1;
                    match status {
                        403 => {}
                        404 => permitted += 1,
                        _ => failures
                            .push(format!("{name} with A's id as B's {who}: {status} {text}")),
                    }
                    if seeded
                        .markers
                        .iter()
                        .any(|m| text.contains(m.as_str()) && m != id)
                    {
                        failures.push(format!("{name} as B's {who} shows A's data: {text}"));
                    }
                }
                if permitted == 0 {
                    failures.push(format!(
                        "{name}: no caller of B may call it, nothing probed"
                    ));
                }
                continue;
            }
            if method != "GET" {
                // Writes without an id act on the caller's own tenant; what they create is
                // checked by the lists below (B's never show A's rows).
                continue;
            }
            let mut queries = vec![path.clone()];
            let takes_q = operation["parameters"]
                .as_array()
                .is_some_and(|ps| ps.iter().any(|p| p["name"] == "q"));
            if takes_q {
                queries.push(format!("{path}?q={}", seeded.markers[0]));
            }
            let mut readable = 0;
            for query in &queries {
                for (who, bearer) in b.all() {
                    let (status, text) = call(&app, "GET", query, bearer, None).await;
                    list_probes += 1;
                    match status {
                        200 => readable += 1,
                        403 => continue,
                        _ => failures.push(format!("GET {query} as B's {who}: {status} {text}")),
                    }
                    if let Some(marker) = seeded.markers.iter().find(|m| text.contains(m.as_str()))
                    {
                        failures.push(format!(
                            "GET {query} as B's {who} shows A's {marker}: {text}"
                        ));
                    }
                }
            }
            if readable == 0 {
                failures.push(format!(
                    "{name}: no caller of B may read it, nothing probed"
                ));
            }
            // The probe can fail: A, reading the same list, does see its own rows.
            for (_, bearer) in a.all() {
                let (status, text) = call(&app, "GET", path, bearer, None).await;
                if status == 200 && seeded.markers.iter().any(|m| text.contains(m.as_str())) {
                    meaningful_lists += 1;
                    break;
                }
            }
        }
    }
    assert!(
        unclassified.is_empty(),
        "operations the isolation suite cannot classify (add a seeded id or a probe body): {unclassified:#?}"
    );
    assert!(failures.is_empty(), "isolation failures: {failures:#?}");
    // A's rows are visible to A in the main collections (orders, reports, lists, keys, users,
    // webhooks…), so B's not seeing them means something.
    assert!(
        meaningful_lists >= 6,
        "only {meaningful_lists} lists show A its own rows"
    );
    // A's resources all survived B's attempts to change them.
    for (collection, id) in &seeded.ids {
        if *collection == "/v1/reviews" {
            continue;
        }
        let (status, _) = call(
            &app,
            "GET",
            &format!("{collection}/{id}"),
            &a.owner.token,
            None,
        )
        .await;
        let listed = call(&app, "GET", collection, &a.owner.token, None).await;
        assert!(
            status == 200 || (listed.0 == 200 && listed.1.contains(id.as_str())),
            "A's {collection}/{id} is gone after B's probes"
        );
    }
    eprintln!(
        "isolation probes: {id_probes} with A's ids, {list_probes} list reads, {admin_probes} platform operations"
    );
}
