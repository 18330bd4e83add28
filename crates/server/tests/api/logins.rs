//! `POST /v1/logins/score` end to end: brute force, credential stuffing, bots, Tor and new
//! devices, counted in PostgreSQL.

use sekisho_test_support::{TestApp, TestTenant, error_code};
use serde_json::{Value, json};
use tokio_postgres::NoTls;

pub(crate) const BROWSER: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";

async fn score(app: &TestApp, tenant: &TestTenant, body: Value) -> Value {
    let response = app.post("/v1/logins/score", &tenant.api_key, &body).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn login(account: &str, success: bool, ip: &str) -> Value {
    json!({ "account_id": account, "success": success, "ip": ip, "user_agent": BROWSER })
}

fn codes(scored: &Value) -> Vec<String> {
    scored["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn owner_sql(app: &TestApp, sql: &str) {
    let (client, connection) = tokio_postgres::connect(&app.database.owner_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client.batch_execute(sql).await.unwrap();
}

#[tokio::test]
async fn a_normal_login_is_allowed_and_stored_without_the_account_id() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    let scored = score(
        &app,
        &tenant,
        json!({
            "account_id": "taro@example.jp",
            "success": true,
            "ip": "203.0.113.10",
            "user_agent": BROWSER,
            "device_id": "dev-aaaa",
        }),
    )
    .await;
    assert_eq!(scored["decision"], "allow", "{scored}");
    assert_eq!(scored["score"], 0);
    assert_eq!(scored["reasons"], json!([]));

    let (client, connection) = tokio_postgres::connect(&app.database.owner_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let rows = client
        .query(
            "SELECT row_to_json(l)::text, decision FROM login_events l",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let stored: String = rows[0].get(0);
    assert!(!stored.contains("taro"), "{stored}");
    assert!(stored.contains("203.0.113.10"));
    assert_eq!(rows[0].get::<_, String>(1), "allow");

    // Bad input is refused field by field.
    let response = app
        .post(
            "/v1/logins/score",
            &tenant.api_key,
            &json!({ "account_id": " ", "success": true, "ip": "999.1.1.1" }),
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(error_code(response).await, "validation_failed");
}

#[tokio::test]
async fn brute_force_against_one_account_ends_in_deny() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    let mut last = Value::Null;
    for i in 0..6 {
        // Rotating addresses, as bots do: the account is what is counted.
        last = score(
            &app,
            &tenant,
            login("member-1", false, &format!("198.51.100.{}", i + 1)),
        )
        .await;
        if i < 5 {
            assert_eq!(last["decision"], "allow", "failure {}: {last}", i + 1);
        }
    }
    assert_eq!(last["decision"], "deny", "{last}");
    assert!(codes(&last).contains(&"brute_force".to_owned()));
    let brute = last["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "brute_force")
        .unwrap();
    assert_eq!(brute["detail"]["failures_10m"], 6);

    // Another account, and the same account at another merchant, are untouched.
    let other = score(&app, &tenant, login("member-2", true, "198.51.100.1")).await;
    assert_eq!(other["decision"], "allow", "{other}");
    let elsewhere = app.create_tenant("Other shop").await;
    let there = score(&app, &elsewhere, login("member-1", false, "192.0.2.1")).await;
    assert_eq!(there["decision"], "allow", "{there}");
}

#[tokio::test]
async fn credential_stuffing_from_one_ip_is_denied() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    let mut last = Value::Null;
    for i in 0..11 {
        last = score(
            &app,
            &tenant,
            login(&format!("list-{i}@example.jp"), i == 3, "192.0.2.77"),
        )
        .await;
    }
    assert_eq!(last["decision"], "deny", "{last}");
    assert!(codes(&last).contains(&"credential_stuffing".to_owned()));
    let reason = last["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "credential_stuffing")
        .unwrap();
    assert_eq!(reason["detail"]["source"], "ip");
    assert_eq!(reason["detail"]["accounts"], 11);
}

#[tokio::test]
async fn thresholds_come_from_the_settings() {
    let app = TestApp::spawn_with(|settings| {
        settings.logins.stuffing_accounts_1h = 2;
        settings.logins.credential_stuffing_denies = false;
    })
    .await;
    let tenant = app.create_tenant("Shop").await;
    let mut last = Value::Null;
    for i in 0..3 {
        last = score(&app, &tenant, login(&format!("a{i}"), false, "192.0.2.88")).await;
    }
    assert_eq!(codes(&last), ["credential_stuffing"]);
    assert_eq!(last["decision"], "challenge", "{last}");
}

#[tokio::test]
async fn headless_chrome_is_a_bot() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Shop").await;
    let scored = score(
        &app,
        &tenant,
        json!({
            "account_id": "member-9",
            "success": true,
            "ip": "203.0.113.20",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
        }),
    )
    .await;
    assert_eq!(codes(&scored), ["bot_user_agent"]);
    assert_eq!(scored["decision"], "challenge");
}

#[tokio::test]
async fn tor_and_overseas_addresses_come_from_the_reference_lists() {
    let app = TestApp::spawn().await;
    owner_sql(
        &app,
        "INSERT INTO ip_reputation (range, tag, source) VALUES ('185.220.101.0/24', 'tor', 'test'); \
         INSERT INTO ip_countries (ip_from, ip_to, country, source) \
           VALUES ('185.220.0.0', '185.220.255.255', 'DE', 'test'), \
                  ('203.0.113.0', '203.0.113.255', 'JP', 'test')",
    )
    .await;
    let tenant = app.create_tenant("Shop").await;
    let scored = score(&app, &tenant, login("member-5", true, "185.220.101.33")).await;
    assert_eq!(codes(&scored), ["tor_ip", "overseas_ip"], "{scored}");
    assert_eq!(scored["reasons"][1]["detail"]["country"], "DE");
    let home = score(&app, &tenant, login("member-5", true, "203.0.113.5")).await;
    assert_eq!(home["reasons"], json!([]));
}

#[tokio::test]
async fn a_device_new_to_the_account_is_flagged() {
    // Seven logins of one account within seconds would be `high_request_rate` otherwise.
    let app = TestApp::spawn_with(|settings| settings.logins.rate_max_per_account = 100).await;
    let tenant = app.create_tenant("Shop").await;
    let with_device = |device: &str, success: bool| {
        json!({
            "account_id": "member-7",
            "success": success,
            "ip": "203.0.113.30",
            "user_agent": BROWSER,
            "device_id": device,
        })
    };
    // The first login of an account has nothing to compare with.
    let first = score(&app, &tenant, with_device("dev-home-pc", true)).await;
    assert_eq!(first["reasons"], json!([]));
    let again = score(&app, &tenant, with_device("dev-home-pc", true)).await;
    assert_eq!(again["reasons"], json!([]));
    let new = score(&app, &tenant, with_device("dev-unknown-phone", true)).await;
    assert_eq!(codes(&new), ["new_device"], "{new}");
    // A failed login does not make a device known.
    let failed = score(&app, &tenant, with_device("dev-attacker", false)).await;
    assert_eq!(codes(&failed), ["new_device"]);
    let still_new = score(&app, &tenant, with_device("dev-attacker", true)).await;
    assert_eq!(codes(&still_new), ["new_device"]);
    let known = score(&app, &tenant, with_device("dev-unknown-phone", true)).await;
    assert_eq!(known["reasons"], json!([]));
}
