//! Two `sekisho serve` processes on one database, requests alternating between them: velocity
//! is counted in PostgreSQL, so both replicas see every order.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestDatabase};
use serde_json::{Value, json};

use crate::cli::{free_port, sekisho};

pub(crate) struct Replica {
    child: Child,
    pub(crate) base: String,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn with_database(command: &mut Command, database: &TestDatabase) {
    command
        .env("SEKISHO_DATABASE_URL", &database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
        .env(
            "SEKISHO_JWT_SECRET",
            "replica-test-jwt-secret-0123456789abcdef",
        )
        .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
        .env(
            "SEKISHO_CUSTOMER_DATA_KEY",
            sekisho_test_support::TEST_CUSTOMER_DATA_KEY_HEX,
        );
}

pub(crate) async fn start(database: &TestDatabase) -> Replica {
    let port = free_port();
    let mut command = sekisho(&["serve"]);
    with_database(&mut command, database);
    // A low card-testing threshold so that a short burst is enough.
    command.env("SEKISHO_CARD_TESTING_THRESHOLDS", "{ip_1h=4}");
    let child = command
        .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let replica = Replica {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while reqwest::get(format!("{}/readyz", replica.base))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "replica did not start"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    replica
}

async fn two_replicas() -> (TestDatabase, Replica, Replica, String) {
    let database = TestDatabase::create().await;
    let mut create = sekisho(&["admin", "create-tenant", "--name", "Replicated Shop"]);
    with_database(&mut create, &database);
    let created: Value = serde_json::from_slice(&create.output().unwrap().stdout).unwrap();
    let key = created["api_key"]["key"].as_str().unwrap().to_owned();
    let first = start(&database).await;
    let second = start(&database).await;
    (database, first, second, key)
}

#[tokio::test]
async fn velocity_stays_correct_across_replicas() {
    let (_database, first, second, key) = two_replicas().await;
    let client = reqwest::Client::new();
    let cards = [
        "4556737586899855",
        "4929420147138549",
        "4716108394713562",
        "4485040256362155",
    ];
    let mut last = Value::Null;
    for (i, card) in cards.iter().enumerate() {
        let replica = if i % 2 == 0 { &first } else { &second };
        let body = json!({
            "order_id": format!("R-{i}"), "amount": 3000, "currency": "JPY", "payment_method": "card",
            "card": { "number": card }, "device": { "ip": "203.0.113.99" }
        });
        let response = client
            .post(format!("{}/v1/orders/score", replica.base))
            .bearer_auth(&key)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        last = response.json().await.unwrap();
    }
    let detail: Value = client
        .get(format!("{}/v1/orders/R-3", first.base))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["signals"]["velocity.cards_per_ip_1h"], 4,
        "both replicas' orders counted: {detail}"
    );
    let codes: Vec<&str> = last["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"velocity_cards_per_ip"), "{last}");
}

#[tokio::test]
async fn card_testing_is_caught_across_replicas() {
    let (_database, first, second, key) = two_replicas().await;
    let client = reqwest::Client::new();
    let cards = [
        "4556737586899855",
        "4929420147138549",
        "4716108394713562",
        "4485040256362155",
        "4532015112830366",
        "5425233430109903",
    ];
    let mut decisions = Vec::new();
    for (i, card) in cards.iter().enumerate() {
        let replica = if i % 2 == 0 { &first } else { &second };
        let attempt = json!({
            "card": { "number": card }, "amount": 500, "currency": "JPY", "result": "declined",
            "decline_code": "05", "ip": "203.0.113.66"
        });
        let response = client
            .post(format!("{}/v1/payments/attempts", replica.base))
            .bearer_auth(&key)
            .json(&attempt)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        decisions.push(body["decision"].as_str().unwrap().to_owned());
    }
    assert_eq!(
        decisions.last().map(String::as_str),
        Some("reject"),
        "{decisions:?}"
    );
    // The replica that did not raise the alert rejects the source too.
    let approved_later = json!({ "card": { "number": "4556737586899855" }, "amount": 500, "currency": "JPY",
                                 "result": "approved", "ip": "203.0.113.66" });
    for replica in [&first, &second] {
        let body: Value = client
            .post(format!("{}/v1/payments/attempts", replica.base))
            .bearer_auth(&key)
            .json(&approved_later)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(body["decision"], "reject", "{body}");
        assert!(
            body["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["code"] == "card_testing")
        );
    }
}
