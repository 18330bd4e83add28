//! The login events and payment attempts screens: the tenant's own rows, newest first, paged,
//! filtered, IPs as networks.

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

#[tokio::test]
async fn staff_list_their_own_logins_and_payment_attempts() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Activity Shop").await;
    let other = app.create_tenant("Other Activity Shop").await;
    for (account, success) in [("alice", true), ("bob", false), ("bob", false)] {
        let body = json!({ "account_id": account, "success": success, "ip": "198.51.100.77", "user_agent": "Mozilla/5.0" });
        assert_eq!(
            app.post("/v1/logins/score", &shop.api_key, &body)
                .await
                .status(),
            200
        );
    }
    for result in ["approved", "declined"] {
        let body = json!({
            "card": { "number": "4532 0151 1283 0366", "expiry": "12/29" },
            "amount": 1200, "currency": "JPY", "result": result, "ip": "198.51.100.77",
            "decline_code": if result == "declined" { json!("05") } else { Value::Null }
        });
        let response = app
            .post("/v1/payments/attempts", &shop.api_key, &body)
            .await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    }
    let reviewer = app.create_staff(&shop, Role::Analyst).await;
    let logins: Value = app
        .get("/v1/logins", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    let items = logins["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["ip_network"], "198.51.100.0/24");
    assert!(!logins.to_string().contains("198.51.100.77"));
    assert!(
        !logins.to_string().contains("alice"),
        "accounts are fingerprints"
    );
    let failures: Value = app
        .get("/v1/logins?result=failure&limit=1", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failures["items"].as_array().unwrap().len(), 1);
    assert_eq!(failures["items"][0]["success"], false);

    let attempts: Value = app
        .get("/v1/payments/attempts?result=declined", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    let items = attempts["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{attempts}");
    assert_eq!(items[0]["last4"], "0366");
    assert_eq!(items[0]["decline_code"], "05");
    assert!(!attempts.to_string().contains("4532015112830366"));

    let stranger = app.create_staff(&other, Role::Owner).await;
    let theirs: Value = app
        .get("/v1/logins", &stranger.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"], json!([]));
    let theirs: Value = app
        .get("/v1/payments/attempts", &stranger.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["items"], json!([]));
    assert_eq!(app.get("/v1/logins", &shop.api_key).await.status(), 403);
    assert_eq!(
        app.get("/v1/logins?result=maybe", &reviewer.token)
            .await
            .status(),
        400
    );
}
