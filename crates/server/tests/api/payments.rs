//! `POST /v1/payments/attempts` and `GET /v1/alerts` end to end: card testing from one IP is
//! caught, alerted and rejected while other sources go on; tenants never count each other's
//! attempts; card numbers are never stored.

use sekisho_test_support::{TestApp, TestTenant, error_code, luhn_completed};
use serde_json::{Value, json};
use tokio_postgres::NoTls;

/// A Luhn-valid 16-digit number from one BIN, as a card-testing script generates them.
fn card(n: u32) -> String {
    card_in("453201", n)
}

/// The same from another issuer's range (`prefix` of 6 digits).
fn card_in(prefix: &str, n: u32) -> String {
    luhn_completed(&format!("{prefix}{n:09}"))
}

fn attempt(number: &str, result: &str, ip: &str) -> Value {
    json!({
        "card": { "number": number, "expiry": "12/29", "holder": "TARO YAMADA" },
        "amount": 500,
        "currency": "JPY",
        "result": result,
        "decline_code": if result == "declined" { json!("05") } else { json!(null) },
        "ip": ip,
    })
}

async fn send(app: &TestApp, tenant: &TestTenant, body: &Value) -> Value {
    let response = app
        .post("/v1/payments/attempts", &tenant.api_key, body)
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn codes(scored: &Value) -> Vec<String> {
    scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn alerts(app: &TestApp, tenant: &TestTenant) -> Vec<Value> {
    let response = app.get("/v1/alerts", &tenant.api_key).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    body["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_burst_of_declines_from_one_ip_is_alerted_and_rejected_until_the_alert_expires() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    let attacker = "198.51.100.66";
    for n in 0..10 {
        let scored = send(&app, &tenant, &attempt(&card(n), "declined", attacker)).await;
        assert_eq!(scored["decision"], "accept", "decline {}: {scored}", n + 1);
    }
    assert!(alerts(&app, &tenant).await.is_empty());

    // The 11th decline: more than 10 in an hour at a 100 % decline rate.
    let caught = send(&app, &tenant, &attempt(&card(10), "declined", attacker)).await;
    assert_eq!(caught["decision"], "reject", "{caught}");
    assert_eq!(codes(&caught), ["card_testing"]);
    assert_eq!(caught["reasons"][0]["detail"]["sources"], json!(["ip"]));

    let raised = alerts(&app, &tenant).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    let alert = &raised[0];
    assert_eq!(alert["kind"], "card_testing");
    assert_eq!(alert["source_kind"], "ip");
    assert_eq!(alert["source"], attacker);
    assert_eq!(alert["window"], "1h");
    assert_eq!(alert["failures"], 11);
    assert_eq!(alert["attempts"], 11);
    assert_eq!(alert["failure_rate"], 1.0);
    assert_eq!(alert["active"], true);

    // Even an attempt the issuer approved is rejected from that IP, and no second alert is
    // raised for the same source.
    let approved = send(&app, &tenant, &attempt(&card(11), "approved", attacker)).await;
    assert_eq!(approved["decision"], "reject", "{approved}");
    assert_eq!(codes(&approved), ["card_testing"]);
    assert_eq!(alerts(&app, &tenant).await.len(), 1);

    // Another customer is unaffected.
    let other = send(
        &app,
        &tenant,
        &attempt(&card(500), "approved", "203.0.113.8"),
    )
    .await;
    assert_eq!(other["decision"], "accept", "{other}");
    assert_eq!(other["reasons"], json!([]));

    // Active-only listing, and staff see the same list.
    let response = app.get("/v1/alerts?active=true", &tenant.api_key).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 1);

    // Once the alert has expired, the IP is judged on its counts again.
    let (client, connection) = tokio_postgres::connect(&app.database.owner_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "UPDATE card_testing_alerts SET detected_at = now() - interval '2 days', \
                                            active_until = now() - interval '1 day'; \
             UPDATE payment_attempts SET attempted_at = now() - interval '2 days'",
        )
        .await
        .unwrap();
    let later = send(&app, &tenant, &attempt(&card(12), "approved", attacker)).await;
    assert_eq!(later["decision"], "accept", "{later}");
    let response = app.get("/v1/alerts?active=true", &tenant.api_key).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["items"], json!([]));
}

#[tokio::test]
async fn tenants_never_count_each_others_attempts() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Shop A").await;
    let b = app.create_tenant("Shop B").await;
    let shared_ip = "192.0.2.150";
    // Eight declines at B and five at A from one address: neither crosses 10 on its own.
    for n in 0..8 {
        send(&app, &b, &attempt(&card(100 + n), "declined", shared_ip)).await;
    }
    for n in 0..5 {
        let scored = send(&app, &a, &attempt(&card(200 + n), "declined", shared_ip)).await;
        assert_eq!(scored["decision"], "accept", "{scored}");
    }
    // A catches it with its own declines; B's view is unchanged.
    for n in 5..11 {
        send(&app, &a, &attempt(&card(200 + n), "declined", shared_ip)).await;
    }
    assert_eq!(alerts(&app, &a).await.len(), 1);
    assert!(alerts(&app, &b).await.is_empty());
    let at_b = send(&app, &b, &attempt(&card(300), "approved", shared_ip)).await;
    assert_eq!(at_b["decision"], "accept", "{at_b}");
}

#[tokio::test]
async fn a_site_wide_attack_alerts_the_tenant_and_rejects_sources_that_look_risky() {
    let app = TestApp::spawn_with(|settings| {
        settings.card_testing.tenant.failures_1h = 5;
        settings.card_testing.extreme_failure_rate = 1.0;
    })
    .await;
    let tenant = app.create_tenant("Shop").await;
    // Six declines from six addresses: no address stands out, the site does.
    for n in 0..6 {
        send(
            &app,
            &tenant,
            &attempt(&card(n), "declined", &format!("198.51.100.{}", n + 1)),
        )
        .await;
    }
    let raised = alerts(&app, &tenant).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["source_kind"], "tenant");
    assert_eq!(raised[0]["source"], "all attempts");

    // A clean customer still pays; an address with three declines this hour does not.
    let clean = send(
        &app,
        &tenant,
        &attempt(&card_in("535310", 50), "approved", "203.0.113.9"),
    )
    .await;
    assert_eq!(clean["decision"], "accept", "{clean}");
    for n in 0..2 {
        send(
            &app,
            &tenant,
            &attempt(&card(60 + n), "declined", "198.51.100.1"),
        )
        .await;
    }
    let risky = send(
        &app,
        &tenant,
        &attempt(&card(70), "approved", "198.51.100.1"),
    )
    .await;
    assert_eq!(risky["decision"], "reject", "{risky}");
    assert_eq!(risky["reasons"][0]["detail"]["tenant_wide"], "risky_source");
}

#[tokio::test]
async fn card_numbers_are_never_stored_and_bin_facts_fill_the_brand() {
    let app = TestApp::spawn().await;
    let (client, connection) = tokio_postgres::connect(&app.database.owner_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "INSERT INTO card_bins (bin, brand, issuer_country, source) \
             VALUES ('45320151', 'VISA', 'JP', 'test')",
        )
        .await
        .unwrap();
    let tenant = app.create_tenant("Shop").await;
    let number = "4532015112830366";
    let scored = send(
        &app,
        &tenant,
        &json!({
            "card": { "number": "4532 0151 1283 0366", "expiry": "12/29", "holder": "TARO YAMADA" },
            "amount": 12800,
            "currency": "JPY",
            "result": "approved",
            "three_ds": { "status": "authenticated", "flow": "frictionless", "eci": "05" },
            "ip": "203.0.113.4",
            "device_id": "dv_0123456789abcdef0123456789abcdef",
            "account_id": "hanako@example.jp",
            "order_id": "ORD-1",
        }),
    )
    .await;
    assert_eq!(scored["decision"], "accept", "{scored}");
    // Test numbers up to the threshold so that an alert row exists too.
    for n in 0..11 {
        send(
            &app,
            &tenant,
            &attempt(&card(n), "declined", "198.51.100.9"),
        )
        .await;
    }
    let rows = client
        .query(
            "SELECT row_to_json(p)::text FROM payment_attempts p \
             UNION ALL SELECT row_to_json(a)::text FROM card_testing_alerts a",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 13);
    for row in &rows {
        let stored: String = row.get(0);
        assert!(!stored.contains(number), "{stored}");
        assert!(!stored.contains("4532 0151"), "{stored}");
        assert!(!stored.contains("hanako"), "{stored}");
        assert!(!stored.contains("TARO"), "{stored}");
        for n in 0..11 {
            assert!(!stored.contains(&card(n)), "{stored}");
        }
    }
    let first = client
        .query_one(
            "SELECT bin, last4, brand, issuer_country, amount_minor, three_ds_flow, \
                    length(card_fingerprint) FROM payment_attempts WHERE order_id = 'ORD-1'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(first.get::<_, String>(0), "45320151");
    assert_eq!(first.get::<_, String>(1), "0366");
    assert_eq!(first.get::<_, String>(2), "visa");
    assert_eq!(first.get::<_, String>(3), "JP");
    assert_eq!(first.get::<_, i64>(4), 12800);
    assert_eq!(first.get::<_, String>(5), "frictionless");
    assert_eq!(first.get::<_, i32>(6), 32);

    // A bad number is refused without being echoed.
    let response = app
        .post(
            "/v1/payments/attempts",
            &tenant.api_key,
            &attempt("4532015112830367", "declined", "203.0.113.4"),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(!body.contains("4532015112830367"), "{body}");
    assert!(body.contains("card.number"), "{body}");
    // bin + last4 without a number are accepted.
    let scored = send(
        &app,
        &tenant,
        &json!({
            "card": { "bin": "453201", "last4": "0366", "fingerprint": "psp_fp_123" },
            "amount": 100, "currency": "JPY", "result": "approved",
        }),
    )
    .await;
    assert_eq!(scored["decision"], "accept");
    let response = app
        .post(
            "/v1/payments/attempts",
            &tenant.api_key,
            &json!({ "card": {}, "amount": 100, "currency": "JPY", "result": "approved" }),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_code(response).await, "validation_failed");
}

#[tokio::test]
async fn staff_acknowledge_or_resolve_an_alert_which_ends_its_effect() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Alert Shop").await;
    let other = app.create_tenant("Other Shop").await;
    let attacker = "198.51.100.70";
    for n in 0..11 {
        send(&app, &tenant, &attempt(&card(n), "declined", attacker)).await;
    }
    let raised = alerts(&app, &tenant).await;
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["status"], "open");
    let id = raised[0]["id"].as_str().unwrap().to_owned();

    // Analysts read but do not act; another tenant cannot see it; unknown ids are 404.
    let analyst = app
        .create_staff(&tenant, sekisho_domain::Role::Analyst)
        .await;
    let path = format!("/v1/alerts/{id}/acknowledge");
    assert_eq!(
        app.post(&path, &analyst.token, &json!({})).await.status(),
        403
    );
    assert_eq!(
        app.post(&path, &other.api_key, &json!({})).await.status(),
        404
    );
    let unknown = app
        .post(
            "/v1/alerts/00000000-0000-0000-0000-000000000000/resolve",
            &tenant.api_key,
            &json!({}),
        )
        .await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(error_code(unknown).await, "not_found");

    // The order from the source carries the alert until a reviewer acknowledges it.
    let order = json!({ "order_id": "AL-1", "amount": 3000, "currency": "JPY", "payment_method": "card",
                        "device": { "ip": attacker } });
    let scored: Value = app
        .post("/v1/orders/score", &tenant.api_key, &order)
        .await
        .json()
        .await
        .unwrap();
    let reason = scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "card_testing_source")
        .cloned();
    assert_eq!(
        reason.map(|r| r["detail"]["alert_id"].clone()),
        Some(json!(id)),
        "{scored}"
    );

    let reviewer = app
        .create_staff(&tenant, sekisho_domain::Role::Reviewer)
        .await;
    let acknowledged = app.post(&path, &reviewer.token, &json!({})).await;
    assert_eq!(acknowledged.status(), 200);
    let acknowledged: Value = acknowledged.json().await.unwrap();
    assert_eq!(acknowledged["status"], "acknowledged");
    assert_eq!(acknowledged["active"], false);
    assert_eq!(
        acknowledged["acknowledged_by"],
        format!("user:{}", reviewer.id)
    );
    let again: Value = app
        .post(&path, &tenant.api_key, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["acknowledged_at"], acknowledged["acknowledged_at"],
        "the first time stays"
    );

    let rescored: Value = app
        .post(
            "/v1/orders/score",
            &tenant.api_key,
            &json!({ "order_id": "AL-2", "amount": 3000, "currency": "JPY",
            "payment_method": "card", "device": { "ip": attacker } }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !rescored["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "card_testing_source"),
        "{rescored}"
    );
    let active: Value = app
        .get("/v1/alerts?active=true", &tenant.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(active["items"], json!([]));

    let resolved: Value = app
        .post(
            &format!("/v1/alerts/{id}/resolve"),
            &tenant.api_key,
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resolved["status"], "resolved");
    assert_eq!(
        resolved["resolved_by"],
        format!("api_key:{}", tenant.api_key_id)
    );
}
