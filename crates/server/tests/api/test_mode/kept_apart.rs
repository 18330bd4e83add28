//! Test data kept apart from live data: out of the consortium, live lists, analytics, velocity
//! and live card-testing alerts.

use super::*;

#[tokio::test]
async fn a_test_report_never_reaches_the_consortium_and_only_its_tenants_test_lookups_see_it() {
    let app = TestApp::spawn().await;
    let a = app.create_tenant("Sandbox Reporter").await;
    let b = app.create_tenant("Live Consumer").await;
    let a_test = test_key(&app, &a).await;
    let b_test = test_key(&app, &b).await;
    let fraudster =
        json!({ "email": "sandbox.fraud@example-mail.jp", "card": "4556 0123 4567 8903" });

    let mut owner = app.database.owner_connection().await;
    let changes_before: Count = diesel::sql_query("SELECT count(*) AS n FROM consortium_changes")
        .get_result(&mut owner)
        .await
        .unwrap();

    let report = json!({
        "category": "chargeback", "amount": 12800, "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z", "identifiers": fraudster,
    });
    let filed = app
        .post("/v1/fraud-reports", &a_test.api_key, &report)
        .await;
    assert_eq!(filed.status(), 201);
    let filed: Value = filed.json().await.unwrap();
    assert_eq!(filed["livemode"], false);

    // No live lookup matches it: not another tenant's, not the reporter's own live key's.
    let found = lookup(&app, &b.api_key, fraudster.clone()).await;
    assert!(kinds(&found).is_empty(), "{found}");
    assert_eq!(found["livemode"], true);
    assert!(kinds(&lookup(&app, &a.api_key, fraudster.clone()).await).is_empty());
    // Another tenant's test lookup does not see it either; the reporter's own test lookup does.
    assert!(kinds(&lookup(&app, &b_test.api_key, fraudster.clone()).await).is_empty());
    let own = lookup(&app, &a_test.api_key, fraudster.clone()).await;
    assert_eq!(own["livemode"], false);
    assert!(kinds(&own).contains(&"email".to_owned()), "{own}");
    assert!(kinds(&own).contains(&"card".to_owned()), "{own}");

    // Nothing of it is in the consortium, its change feed or the in-memory filter.
    let entries: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM consortium_entries WHERE report_id = $1::text::uuid",
    )
    .bind::<diesel::sql_types::Text, _>(filed["id"].as_str().unwrap())
    .get_result(&mut owner)
    .await
    .unwrap();
    assert_eq!(entries.n, 0);
    let changes_after: Count = diesel::sql_query("SELECT count(*) AS n FROM consortium_changes")
        .get_result(&mut owner)
        .await
        .unwrap();
    assert_eq!(changes_after.n, changes_before.n);
    let key = ConsortiumKey::from_bytes(TEST_CONSORTIUM_KEY).unwrap();
    let email = parse_single(IdentifierKind::Email, "sandbox.fraud@example-mail.jp")
        .unwrap()
        .fingerprint(&key);
    let logged: Count =
        diesel::sql_query("SELECT count(*) AS n FROM consortium_changes WHERE fingerprint = $1")
            .bind::<Bytea, _>(email.as_bytes().to_vec())
            .get_result(&mut owner)
            .await
            .unwrap();
    assert_eq!(logged.n, 0);

    // A live order by the other tenant with the same identifiers is not touched by it.
    let body = order(
        "L-1",
        "sandbox.fraud@example-mail.jp",
        "4556 0123 4567 8903",
        "198.51.100.21",
    );
    let scored = score(&app, &b.api_key, &body).await;
    assert!(
        !codes(&scored).iter().any(|c| c.starts_with("consortium_")),
        "{scored}"
    );
    // The reporter's own test order is.
    let scored = score(&app, &a_test.api_key, &body).await;
    assert!(
        codes(&scored).contains(&"consortium_email".to_owned()),
        "{scored}"
    );
    assert_eq!(
        app.get("/v1/fraud-reports", &a.api_key)
            .await
            .json::<Value>()
            .await
            .unwrap()["items"],
        json!([]),
        "a live listing shows no test report"
    );
    let listed: Value = app
        .get("/v1/fraud-reports", &a_test.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"][0]["id"], filed["id"]);

    // Each key retracts only reports of its own mode: a live report is not found by the
    // tenant's test key (and stays in the consortium), nor a test report by its live key.
    let live = app.post("/v1/fraud-reports", &a.api_key, &report).await;
    assert_eq!(live.status(), 201);
    let live: Value = live.json().await.unwrap();
    let path = |report: &Value| format!("/v1/fraud-reports/{}", report["id"].as_str().unwrap());
    assert_eq!(
        app.delete(&path(&live), &a_test.api_key).await.status(),
        404
    );
    assert_eq!(app.delete(&path(&filed), &a.api_key).await.status(), 404);
    assert!(!kinds(&lookup(&app, &b.api_key, fraudster.clone()).await).is_empty());
    assert_eq!(
        app.delete(&path(&filed), &a_test.api_key).await.status(),
        200
    );
    assert!(kinds(&lookup(&app, &a_test.api_key, fraudster.clone()).await).is_empty());
}

#[tokio::test]
async fn test_orders_stay_out_of_live_lists_analytics_and_velocity() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Split Shop").await;
    let sandbox = test_key(&app, &shop).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;

    let live = score(&app, &shop.api_key, &clean_order("SAME-1")).await;
    assert_eq!(live["livemode"], true);
    // The same merchant order id in test mode is another order; the live one stays.
    let mut repeated = Vec::new();
    for i in 0..3 {
        let mut body = clean_order(
            if i == 0 {
                "SAME-1".to_owned()
            } else {
                format!("T-{i}")
            }
            .as_str(),
        );
        body["amount"] = json!(1000 + i);
        repeated.push(score(&app, &sandbox.api_key, &body).await);
    }
    assert!(repeated.iter().all(|o| o["livemode"] == false));
    assert_ne!(repeated[0]["order_id"], live["order_id"]);

    // Test velocity counts test orders only: the third test order saw three on its card.
    let detail = |key: String, id: String| {
        let app = &app;
        async move {
            app.get(&format!("/v1/orders/{id}"), &key)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let third = detail(
        sandbox.api_key.clone(),
        repeated[2]["order_id"].as_str().unwrap().to_owned(),
    )
    .await;
    assert_eq!(
        third["signals"]["velocity.orders_per_card_1h"], 3,
        "{third}"
    );
    // A new live order on the same card counts only the live one before it.
    let next_live = score(&app, &shop.api_key, &clean_order("L-2")).await;
    let next = detail(
        shop.api_key.clone(),
        next_live["order_id"].as_str().unwrap().to_owned(),
    )
    .await;
    assert_eq!(next["signals"]["velocity.orders_per_card_1h"], 2, "{next}");

    // Live keys and the dashboard's default see live orders only; the switch shows test ones.
    let listed: Value = app
        .get("/v1/orders", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2, "{listed}");
    let listed: Value = app
        .get("/v1/orders", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
    let listed: Value = app
        .get("/v1/orders?livemode=false", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 3);
    assert!(
        listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["livemode"] == false)
    );
    // A test key cannot read a live order, nor a live key a test one.
    let live_id = live["order_id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/v1/orders/{live_id}"), &sandbox.api_key)
            .await
            .status(),
        404
    );
    let test_id = repeated[1]["order_id"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/v1/orders/{test_id}"), &shop.api_key)
            .await
            .status(),
        404
    );

    // Live analytics count the live orders alone.
    let overview: Value = app
        .get("/v1/analytics/overview", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    let today = overview.to_string();
    let workload: Value = app
        .get("/v1/analytics/workload", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(workload["orders"], 2, "{workload} {today}");
    // The dashboard's switch shows test mode's figures.
    let workload: Value = app
        .get("/v1/analytics/workload?livemode=false", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(workload["orders"], 3, "{workload}");
    let overview: Value = app
        .get("/v1/analytics/overview?livemode=false", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(
        overview.to_string(),
        today,
        "the test overview differs from the live one"
    );
}

#[tokio::test]
async fn card_testing_in_test_mode_raises_test_alerts_that_never_touch_live_attempts() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Drill Shop").await;
    let sandbox = test_key(&app, &shop).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let attacker = "198.51.100.99";
    let attempt = |n: u64, result: &str| {
        let number = sekisho_test_support::luhn_completed(&format!("453201{n:09}"));
        json!({
            "card": { "number": number, "expiry": "12/29" },
            "amount": 500, "currency": "JPY", "result": result,
            "decline_code": if result == "declined" { json!("05") } else { json!(null) },
            "ip": attacker,
        })
    };
    let mut last = Value::Null;
    for n in 0..11 {
        let response = app
            .post(
                "/v1/payments/attempts",
                &sandbox.api_key,
                &attempt(n, "declined"),
            )
            .await;
        last = response.json().await.unwrap();
    }
    assert_eq!(
        last["decision"], "reject",
        "the drill is caught in test mode: {last}"
    );
    assert_eq!(last["livemode"], false);

    // A live attempt from the same IP is not under the test alert, nor counted with the drill.
    let response = app
        .post(
            "/v1/payments/attempts",
            &shop.api_key,
            &attempt(50, "approved"),
        )
        .await;
    let live: Value = response.json().await.unwrap();
    assert_eq!(live["decision"], "accept", "{live}");

    let alerts = |key: String| {
        let app = &app;
        async move {
            let body: Value = app.get("/v1/alerts", &key).await.json().await.unwrap();
            body["items"].as_array().unwrap().len()
        }
    };
    assert_eq!(alerts(shop.api_key.clone()).await, 0, "no live alert");
    assert_eq!(alerts(sandbox.api_key.clone()).await, 1, "one test alert");
    let listed: Value = app
        .get("/v1/alerts?livemode=false", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
}
