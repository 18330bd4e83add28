//! Test keys beside live keys, and idempotency keys that never cross between the modes.

use super::*;

#[tokio::test]
async fn owners_issue_test_keys_beside_live_keys_and_see_their_mode() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Mode Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;

    let live = app
        .post("/v1/api-keys", &owner.token, &json!({ "name": "checkout" }))
        .await;
    assert_eq!(live.status(), 201);
    let live: Value = live.json().await.unwrap();
    assert!(live["key"].as_str().unwrap().starts_with("sk_live_"));
    assert_eq!(live["mode"], "live");
    assert_eq!(live["livemode"], true);

    let test = app
        .post(
            "/v1/api-keys",
            &owner.token,
            &json!({ "name": "sandbox", "mode": "test" }),
        )
        .await;
    assert_eq!(test.status(), 201);
    let test: Value = test.json().await.unwrap();
    assert!(test["key"].as_str().unwrap().starts_with("sk_test_"));
    assert!(test["prefix"].as_str().unwrap().starts_with("sk_test_"));
    assert_eq!(test["livemode"], false);

    let bad = app
        .post(
            "/v1/api-keys",
            &owner.token,
            &json!({ "name": "x", "mode": "sandbox" }),
        )
        .await;
    assert!(bad.status().is_client_error(), "{}", bad.status());

    let listed: Value = app
        .get("/v1/api-keys", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    let mode_of = |id: &Value| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == *id)
            .map(|k| k["mode"].clone())
            .unwrap()
    };
    assert_eq!(mode_of(&live["id"]), "live");
    assert_eq!(mode_of(&test["id"]), "test");

    // The test key works (and says so).
    let scored = score(&app, test["key"].as_str().unwrap(), &clean_order("K-1")).await;
    assert_eq!(scored["livemode"], false);
}

#[tokio::test]
async fn an_idempotency_key_used_in_test_mode_never_replays_into_live_mode() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Replay Shop").await;
    let sandbox = test_key(&app, &shop).await;
    let send = |key: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url("/v1/orders/score"))
                .bearer_auth(key)
                .header("Idempotency-Key", "order-R-1")
                .json(&clean_order("R-1"))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
            let replayed = response.headers().contains_key("idempotent-replayed");
            (response.json::<Value>().await.unwrap(), replayed)
        }
    };
    let (test, _) = send(sandbox.api_key.clone()).await;
    let (live, replayed) = send(shop.api_key.clone()).await;
    assert!(!replayed, "the live call is not a replay of the test one");
    assert_eq!(test["livemode"], false);
    assert_eq!(live["livemode"], true);
    assert_ne!(test["order_id"], live["order_id"]);
    let (again, replayed) = send(sandbox.api_key.clone()).await;
    assert!(replayed);
    assert_eq!(again["order_id"], test["order_id"]);
}
