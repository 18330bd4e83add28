//! The events business changes send: only to subscribed endpoints and only once their cause
//! commits; review decisions, consortium matches, chargebacks and imported reports.

use super::*;

#[tokio::test]
async fn events_reach_the_subscribed_endpoints_only_when_their_cause_commits() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Subscribing Shop").await;
    let receiver = Receiver::spawn(&[]).await;
    let reviews = register(
        &app,
        &owner,
        json!({ "url": receiver.url("/reviews"), "events": [events::REVIEW_DECIDED] }),
    )
    .await;
    register(
        &app,
        &owner,
        json!({ "url": receiver.url("/matches"), "events": [events::ORDER_CONSORTIUM_MATCH] }),
    )
    .await;
    register(&app, &owner, json!({ "url": receiver.url("/all") })).await;

    let mut conn = sekisho_store::pool::get(&app.pool).await.unwrap();
    // Rolled back: no event.
    let rolled_back =
        tenancy::in_tenant::<(), ApiError, _, _>(&mut conn, tenant.id, async |conn| {
            webhooks::enqueue(conn, tenant.id, events::REVIEW_DECIDED, json!({ "n": 1 })).await?;
            Err(ApiError::internal())
        })
        .await;
    assert!(rolled_back.is_err());
    tenancy::in_tenant::<(), ApiError, _, _>(&mut conn, tenant.id, async |conn| {
        webhooks::enqueue(
            conn,
            tenant.id,
            events::REVIEW_DECIDED,
            json!({ "order_id": "ORD-1", "decision": "approve" }),
        )
        .await?;
        Ok(())
    })
    .await
    .unwrap();
    drop(conn);

    let got = receiver.wait_for(2).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got_now = receiver.received();
    assert_eq!(got_now.len(), 2, "{got:?}");
    let mut paths: Vec<&str> = got_now.iter().map(|r| r.path.as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["/all", "/reviews"]);
    let bodies: Vec<Value> = got_now.iter().map(Received::json).collect();
    assert_eq!(
        bodies[0]["id"], bodies[1]["id"],
        "one event, two deliveries"
    );
    assert_eq!(bodies[0]["type"], "review.decided");
    assert_eq!(bodies[0]["data"]["order_id"], "ORD-1");
    assert_ne!(got_now[0].delivery, got_now[1].delivery);

    let reviews_log = settled_log(&app, &owner, reviews["id"].as_str().unwrap()).await;
    assert_eq!(reviews_log.len(), 1);
    assert_eq!(reviews_log[0]["event_type"], "review.decided");
}

#[tokio::test]
async fn a_review_decision_is_sent_as_review_decided() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Reviewing Shop").await;
    let reviewer = app.create_staff(&tenant, Role::Reviewer).await;
    let receiver = Receiver::spawn(&[]).await;
    register(
        &app,
        &owner,
        json!({ "url": receiver.url("/reviews"), "events": ["review.decided"] }),
    )
    .await;
    // Every order goes to review.
    let response = app
        .client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&json!({ "review_at": 1, "reject_at": 101, "rules": [] }))
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success());
    let order = json!({
        "order_id": "WH-1",
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "email": "hanako.suzuki@example-mail.jp", "phone": "050-9999-0000" },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "203.0.113.10" },
        "items": [{ "sku": "BOOK-1", "name": "文庫本", "quantity": 1, "unit_price": 4800 }]
    });
    let response = app.post("/v1/orders/score", &tenant.api_key, &order).await;
    assert_eq!(response.status(), 200);
    let response = app
        .post(
            "/v1/reviews/WH-1",
            &reviewer.token,
            &json!({ "decision": "accept", "note": "電話で本人確認" }),
        )
        .await;
    assert_eq!(response.status(), 200);

    let got = receiver.wait_for(1).await;
    assert_eq!(got[0].event, "review.decided");
    let event = got[0].json();
    assert_eq!(event["type"], "review.decided");
    assert_eq!(event["data"]["merchant_order_id"], "WH-1");
    assert_eq!(event["data"]["decision"], "accept");
    assert_eq!(event["data"]["status"], "accepted");
    assert_eq!(
        event["data"]["reviewed_by"],
        format!("user:{}", reviewer.id)
    );
    assert!(event["data"].get("note").is_none(), "free text stays out");
}

#[tokio::test]
async fn a_new_report_matching_a_recently_accepted_order_is_sent_as_order_consortium_match() {
    let app = spawn_app().await;
    let (shop, reporter, receiver) = watching_shop(&app, "Reporting Member").await;
    let order = json!({
        "order_id": "ACC-1", "amount": 8000, "currency": "JPY", "payment_method": "card",
        "customer": { "phone": "080-7777-1234" }, "card": { "number": "4716108394713562" }
    });
    let scored: Value = app
        .post("/v1/orders/score", &shop.api_key, &order)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(scored["decision"], "accept");

    let report = json!({ "category": "chargeback", "amount": 8000, "currency": "JPY", "occurred_at": "2026-11-20T00:00:00Z",
                         "identifiers": { "card": "4716 1083 9471 3562" } });
    assert_eq!(
        app.post("/v1/fraud-reports", &reporter.api_key, &report)
            .await
            .status(),
        201
    );

    let got = receiver.wait_for(1).await;
    let event = got[0].json();
    assert_eq!(event["type"], "order.consortium_match");
    assert_eq!(event["data"]["merchant_order_id"], "ACC-1");
    assert_eq!(event["data"]["matched_kinds"], json!(["card"]));
    assert_eq!(event["data"]["category"], "chargeback");
    assert!(
        event["data"].get("tenant_id").is_none()
            || event["data"]["tenant_id"] != json!(reporter.id),
        "the reporter is never named"
    );
}

#[tokio::test]
async fn a_chargeback_reported_from_an_outcome_also_tells_members_with_matching_orders() {
    let app = spawn_app().await;
    let (shop, victim, receiver) = watching_shop(&app, "Charged-back Member").await;
    let order = |id: &str| {
        json!({
            "order_id": id, "amount": 8000, "currency": "JPY", "payment_method": "card",
            "card": { "number": "4485040256362155" }
        })
    };
    assert_eq!(
        app.post("/v1/orders/score", &shop.api_key, &order("MINE-1"))
            .await
            .status(),
        200
    );
    assert_eq!(
        app.post("/v1/orders/score", &victim.api_key, &order("THEIRS-1"))
            .await
            .status(),
        200
    );
    let charged = app
        .post(
            "/v1/orders/THEIRS-1/outcomes",
            &victim.api_key,
            &json!({ "type": "chargeback" }),
        )
        .await;
    assert_eq!(charged.status(), 200);

    let got = receiver.wait_for(1).await;
    let event = got[0].json();
    assert_eq!(event["type"], "order.consortium_match");
    assert_eq!(event["data"]["merchant_order_id"], "MINE-1");
    assert_eq!(event["data"]["category"], "chargeback");
}

/// `sekisho import reports` files through the service's bulk filing, so an imported report
/// tells members who recently accepted a matching order, as a filed one does.
#[tokio::test]
async fn imported_reports_are_sent_as_order_consortium_match_like_filed_ones() {
    let app = spawn_app().await;
    let (shop, reporter, receiver) = watching_shop(&app, "Importing Member").await;
    let order = json!({
        "order_id": "IMP-1", "amount": 8000, "currency": "JPY", "payment_method": "card",
        "customer": { "email": "buyer.import@example.jp" }, "card": { "number": "4716108394713562" }
    });
    let scored: Value = app
        .post("/v1/orders/score", &shop.api_key, &order)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(scored["decision"], "accept");

    let dir = std::env::temp_dir().join(format!("sekisho-import-match-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("reports.csv");
    // The email in another notation, and a line for nobody's order.
    std::fs::write(
        &file,
        "category,amount,occurred_at,email,phone\n\
         resale,8000,2026-11-20,Buyer.Import@Example.JP,\n\
         unpaid,1200,2026-11-21,,090-1111-2222\n",
    )
    .unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sekisho"));
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    let output = command
        .args(["import", "reports", &file.display().to_string()])
        .args(["--tenant", &reporter.id.to_string()])
        .env("RUST_LOG", "warn")
        .env("SEKISHO_DATABASE_URL", &app.database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &app.database.owner_url)
        .env(
            "SEKISHO_CONSORTIUM_KEY",
            sekisho_test_support::TEST_CONSORTIUM_KEY_HEX,
        )
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(summary["imported"], 2);

    let got = receiver.wait_for(1).await;
    assert_eq!(got.len(), 1, "one matching order, one event");
    let event = got[0].json();
    assert_eq!(event["type"], "order.consortium_match");
    assert_eq!(event["data"]["merchant_order_id"], "IMP-1");
    let kinds = event["data"]["matched_kinds"].as_array().unwrap();
    assert!(kinds.contains(&json!("email")), "{kinds:?}");
    assert_eq!(event["data"]["category"], "resale");
}

/// A report's warninglisted values (a big mail provider's domain) and a customer name alone
/// match no order: at 10 million consortium entries a common name matched about a thousand
/// orders per report (docs/BENCHMARKS.md). A name is listed among the kinds when something else
/// matches too.
#[tokio::test]
async fn a_name_or_a_warninglisted_value_alone_sends_no_order_consortium_match() {
    let app = spawn_app().await;
    let (shop, reporter, receiver) = watching_shop(&app, "Reporting Member").await;
    for (order_id, email, card) in [
        ("SAME-NAME", "hanako.other@gmail.com", "4556737586899855"),
        ("SAME-CARD", "ichiro@example-shop.jp", "4716108394713562"),
    ] {
        let order = json!({
            "order_id": order_id, "amount": 8000, "currency": "JPY", "payment_method": "card",
            "customer": { "name": "山田 太郎", "email": email }, "card": { "number": card }
        });
        let scored: Value = app
            .post("/v1/orders/score", &shop.api_key, &order)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(scored["decision"], "accept", "{order_id}");
    }

    let report = json!({ "category": "chargeback", "amount": 8000, "currency": "JPY",
                         "occurred_at": "2026-11-20T00:00:00Z",
                         "identifiers": { "name": "山田太郎", "email": "taro.fraud@gmail.com",
                                          "card": "4716 1083 9471 3562" } });
    assert_eq!(
        app.post("/v1/fraud-reports", &reporter.api_key, &report)
            .await
            .status(),
        201
    );
    // A second report that does match the first order: once its event is in, the first
    // report's events are too (one transaction each, delivered in order of filing or not).
    let report = json!({ "category": "unpaid", "amount": 8000, "currency": "JPY",
                         "occurred_at": "2026-11-21T00:00:00Z",
                         "identifiers": { "card": "4556 7375 8689 9855" } });
    assert_eq!(
        app.post("/v1/fraud-reports", &reporter.api_key, &report)
            .await
            .status(),
        201
    );
    receiver.wait_for(2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mut got: Vec<(String, String, Value)> = receiver
        .received()
        .iter()
        .map(|r| {
            let event = r.json();
            (
                event["data"]["merchant_order_id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
                event["data"]["category"].as_str().unwrap().to_owned(),
                event["data"]["matched_kinds"].clone(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        got,
        vec![
            (
                "SAME-CARD".to_owned(),
                "chargeback".to_owned(),
                json!(["card", "name"])
            ),
            ("SAME-NAME".to_owned(), "unpaid".to_owned(), json!(["card"])),
        ]
    );
}

/// A shop subscribed to `order.consortium_match` on a receiver of its own, and another member.
async fn watching_shop(app: &TestApp, other: &str) -> (TestTenant, TestTenant, Receiver) {
    let (shop, owner) = tenant_with_owner(app, "Watching Shop").await;
    let member = app.create_tenant(other).await;
    let receiver = Receiver::spawn(&[]).await;
    register(
        app,
        &owner,
        json!({ "url": receiver.url("/matches"), "events": [events::ORDER_CONSORTIUM_MATCH] }),
    )
    .await;
    (shop, member, receiver)
}
