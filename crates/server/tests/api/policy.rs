//! Rules are checked on save against the signal catalogue (`GET /v1/policy/signals`).

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

#[tokio::test]
async fn rules_naming_unknown_signals_or_wrong_types_are_refused_with_their_path() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Rule Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let put = |rules: Value| {
        let app = &app;
        let token = owner.token.clone();
        async move {
            let response = app
                .client
                .put(app.url("/v1/policy"))
                .bearer_auth(&token)
                .json(&json!({ "review_at": 40, "reject_at": 80, "rules": rules }))
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    let good = json!({ "id": "big", "name": "Big orders", "then": { "add": 10 },
                       "when": { "signal": "order.amount", "op": "gte", "value": 50000 } });

    let (status, body) = put(
        json!([good, { "id": "typo", "name": "Typo", "then": { "add": 10 },
        "when": { "all": [{ "signal": "card.foreign", "op": "eq", "value": true },
                          { "signal": "order.amout", "op": "gte", "value": 1 }] } }]),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["code"], "validation_failed");
    assert_eq!(
        body["error"]["fields"][0]["field"],
        "rules[1].when.all[1].signal"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("rule 'typo'"),
        "{body}"
    );

    let (status, body) = put(
        json!([{ "id": "abc", "name": "Not a number", "then": { "add": 10 },
        "when": { "signal": "order.amount", "op": "gte", "value": "abc" } }]),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"]["fields"][0]["field"], "rules[0].when.value");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("rule 'abc'")
    );

    let (status, body) = put(json!([good])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["version"], 1);

    // The catalogue the dashboard's editor offers.
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let signals: Value = app
        .get("/v1/policy/signals", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    let amount = signals
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "order.amount")
        .unwrap();
    assert_eq!(amount["type"], "number");
    assert!(!amount["description_ja"].as_str().unwrap().is_empty());
    assert!(
        signals
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "alerts.card_testing" && s["type"] == "boolean")
    );
}
