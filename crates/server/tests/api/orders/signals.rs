//! Each signal family decides and gives its reasons: other members' reports, velocity,
//! reference lists, request signals, and block and allow lists.

use super::*;

#[tokio::test]
async fn a_clean_order_is_accepted_and_stored() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Clean Shop").await;
    let assessment = score(&app, &shop, &order("A-1")).await;
    assert_eq!(assessment["decision"], "accept", "{assessment}");
    assert_eq!(assessment["score"], 0);
    assert_eq!(assessment["three_ds"], "frictionless");
    assert_eq!(assessment["merchant_order_id"], "A-1");
    assert_eq!(assessment["policy_version"], 0);

    let id = assessment["order_id"].as_str().unwrap();
    let detail: Value = app
        .get(&format!("/v1/orders/{id}"), &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["status"], "accepted");
    assert_eq!(detail["summary"]["card"], "455673******9855");
    assert_eq!(detail["signals"]["card.brand"], "visa");
    let by_merchant_id: Value = app
        .get("/v1/orders/A-1", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_merchant_id["order_id"], id);
    // Another tenant cannot see it.
    let other = app.create_tenant("Other Shop").await;
    assert_eq!(
        app.get(&format!("/v1/orders/{id}"), &other.api_key)
            .await
            .status(),
        404
    );
}

#[tokio::test]
async fn other_members_reports_send_an_order_to_review_or_rejection_with_their_codes() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Scoring Shop").await;
    let a = app.create_tenant("Member A").await;
    let b = app.create_tenant("Member B").await;
    let fraudster = json!({
        "card": "4556737586899855", "phone": "09022223333",
        "address": { "postal_code": "1500002", "line1": "東京都渋谷区渋谷二丁目21番1号", "line2": "渋谷ヒカリエ10F" }
    });
    let report = json!({ "category": "chargeback", "amount": 30000, "currency": "JPY", "occurred_at": "2026-11-01T00:00:00Z", "identifiers": fraudster });
    assert_eq!(
        app.post("/v1/fraud-reports", &a.api_key, &report)
            .await
            .status(),
        201
    );

    let one = score(&app, &shop, &order("B-1")).await;
    assert_eq!(
        one["decision"], "review",
        "one reporter is below the quorum: {one}"
    );
    assert_eq!(one["three_ds"], "challenge");
    let found = codes(&one);
    for code in ["consortium_card", "consortium_phone", "consortium_address"] {
        assert!(found.contains(&code.to_owned()), "{code} in {found:?}");
    }
    let card = one["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "consortium_card")
        .unwrap();
    assert_eq!(card["detail"]["reporters"], 1);
    assert!(card["message_ja"].as_str().unwrap().contains("不正報告"));

    assert_eq!(
        app.post("/v1/fraud-reports", &b.api_key, &report)
            .await
            .status(),
        201
    );
    let two = score(&app, &shop, &order("B-2")).await;
    assert_eq!(two["decision"], "reject", "{two}");
    assert_eq!(two["three_ds"], "none");

    // The evidence in words, in the reason detail the queue and the order page read.
    let card = two["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "consortium_card")
        .unwrap()
        .clone();
    let detail = &card["detail"];
    assert_eq!(detail["reporters"], 2);
    assert_eq!(detail["quorum"], 2);
    assert_eq!(detail["quorum_met"], true);
    assert_eq!(detail["categories"], json!(["chargeback"]));
    assert!(detail["first_reported_at"].is_string());
    assert!(detail["decay"].as_f64().unwrap() > 0.5, "{detail}");
    assert!(detail["trust"].as_f64().unwrap() > 0.0, "{detail}");
    assert!(detail["half_life_days"].as_f64().unwrap() > 0.0, "{detail}");
    let words = detail["evidence"].as_str().unwrap();
    assert!(
        words.starts_with("Reported by 2 member merchants for chargeback"),
        "{words}"
    );
    assert!(words.contains("quorum of 2 met"), "{words}");
    let words_ja = detail["evidence_ja"].as_str().unwrap();
    assert!(
        words_ja.starts_with("加盟店2社が報告（チャージバック）"),
        "{words_ja}"
    );
    let detail_text = detail.to_string();
    assert!(!detail_text.contains(&a.id.to_string()) && !detail_text.contains(&b.id.to_string()));
    // And in the queue row.
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let one_id = one["order_id"].as_str().unwrap();
    let queue: Value = app
        .get("/v1/reviews", &reviewer.token)
        .await
        .json()
        .await
        .unwrap();
    let row = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["order_id"] == one_id)
        .unwrap();
    assert!(
        row["reasons"].to_string().contains("member merchant"),
        "{row}"
    );
}

#[tokio::test]
async fn velocity_catches_many_cards_from_one_ip_and_many_names_at_one_address() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Velocity Shop").await;
    let cards = [
        "4929 4201 4713 8549",
        "4716 1083 9471 3562",
        "4485 0402 5636 2155",
    ];
    let mut last = Value::Null;
    for (i, card) in cards.iter().enumerate() {
        let mut body = order(&format!("V-{i}"));
        body["card"]["number"] = json!(card);
        body["customer"]["name"] = json!(format!("名前{i}"));
        body["customer"]["name_kana"] = Value::Null;
        body["customer"]["account_id"] = json!(format!("acct-{i}"));
        last = score(&app, &shop, &body).await;
    }
    let found = codes(&last);
    assert!(
        found.contains(&"velocity_cards_per_ip".to_owned()),
        "{last}"
    );
    assert!(
        found.contains(&"velocity_names_per_address".to_owned()),
        "{last}"
    );
    assert!(found.contains(&"velocity_cards_per_address".to_owned()));
    assert_eq!(
        last["decision"], "reject",
        "three velocity signals together: {last}"
    );
    let detail: Value = app
        .get("/v1/orders/V-2", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["signals"]["velocity.cards_per_ip_1h"], 3);
    // Re-scoring the same order does not count it twice.
    let again = score(&app, &shop, &{
        let mut body = order("V-2");
        body["card"]["number"] = json!(cards[2]);
        body["customer"]["name"] = json!("名前2");
        body["customer"]["name_kana"] = Value::Null;
        body["customer"]["account_id"] = json!("acct-2");
        body
    })
    .await;
    let detail: Value = app
        .get("/v1/orders/V-2", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["signals"]["velocity.cards_per_ip_1h"], 3, "{again}");
    assert_eq!(detail["times_scored"], 2);
}

#[tokio::test]
async fn reference_lists_and_request_signals_give_their_reasons() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Signals Shop").await;
    let mut owner = app.database.owner_connection().await;
    use diesel_async::SimpleAsyncConnection;
    owner
        .batch_execute(
            "INSERT INTO ip_reputation (range, tag, source) VALUES ('198.51.100.0/24', 'tor', 'test'); \
             INSERT INTO ip_countries (ip_from, ip_to, country, source) VALUES ('198.51.100.0', '198.51.100.255', 'DE', 'test'); \
             INSERT INTO card_bins (bin, brand, issuer_country, card_type, source) VALUES ('455673', 'visa', 'US', 'credit', 'test');",
        )
        .await
        .unwrap();
    let mut body = order("S-1");
    body["device"]["ip"] = json!("198.51.100.7");
    body["customer"]["phone"] = json!("050-1234-5678");
    body["customer"]["email"] = json!("someone@mailinator.com");
    body["customer"]["name"] = json!("スズキ ハナコ");
    body["customer"]["name_kana"] = json!("タナカ タロウ");
    body["billing_address"] =
        json!({ "postal_code": "100-0001", "line1": "東京都千代田区千代田1-1", "line2": "" });
    body["items"] =
        json!([{ "sku": "PS5", "quantity": 6, "category": "game_console", "unit_price": 60000 }]);
    body["three_ds"] = json!({ "status": "failed" });
    let assessment = score(&app, &shop, &body).await;
    let found = codes(&assessment);
    for code in [
        "tor_ip",
        "ip_country_mismatch",
        "foreign_card",
        "ip_phone",
        "disposable_email",
        "name_kana_mismatch",
        "shipping_billing_mismatch",
        "risky_items",
        "high_quantity",
        "three_ds_failed",
    ] {
        assert!(
            found.contains(&code.to_owned()),
            "{code} missing from {found:?}"
        );
    }
    assert_eq!(assessment["decision"], "reject");
    assert_eq!(assessment["three_ds"], "none", "3-D Secure already ran");

    let mut bad = order("S-2");
    bad["customer"]["phone"] = json!("12345");
    let invalid_phone = score(&app, &shop, &bad).await;
    assert!(codes(&invalid_phone).contains(&"invalid_phone".to_owned()));
}

#[tokio::test]
async fn block_and_allow_lists_decide_and_expire() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Lists Shop").await;
    let added = app
        .post("/v1/lists", &shop.api_key, &json!({ "list": "block", "kind": "email", "value": "Hanako.Suzuki@example-mail.jp", "note": "chargebacks" }))
        .await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added[0]["display"], "han***jp");
    let blocked = score(&app, &shop, &order("L-1")).await;
    assert_eq!(blocked["decision"], "reject");
    assert!(codes(&blocked).contains(&"blocklisted".to_owned()));

    // An allow-listed card wins over the block list.
    let allowed = app
        .post(
            "/v1/lists",
            &shop.api_key,
            &json!({ "list": "allow", "identifiers": { "card": "4556737586899855" } }),
        )
        .await;
    assert_eq!(allowed.status(), 201);
    let vip = score(&app, &shop, &order("L-2")).await;
    assert_eq!(vip["decision"], "accept", "{vip}");

    let entries: Value = app
        .get("/v1/lists", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    for entry in entries.as_array().unwrap() {
        let removed = app
            .delete(
                &format!("/v1/lists/{}", entry["id"].as_str().unwrap()),
                &shop.api_key,
            )
            .await;
        assert_eq!(removed.status(), 204);
    }
    assert_eq!(
        score(&app, &shop, &order("L-3")).await["decision"],
        "accept"
    );
    let expired = app
        .post("/v1/lists", &shop.api_key, &json!({ "list": "block", "kind": "email", "value": "x@y.example", "expires_at": "2020-01-01T00:00:00Z" }))
        .await;
    assert_eq!(expired.status(), 422);
}

/// The usual amount is the median of the tenant's latest 10,000 orders of the last 90 days (an
/// index range, so that a million stored orders cost what 10,000 do): older orders beyond those
/// do not move it.
#[tokio::test]
async fn the_usual_amount_is_the_median_of_the_latest_ten_thousand_orders() {
    use diesel::sql_types::{Array, Uuid as SqlUuid};
    use diesel_async::RunQueryDsl;

    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Usual Shop").await;
    // 10,000 orders of ¥500,000 twenty days ago, then 10,000 of ¥3,000 in the last hour: over
    // all 20,000 the median would be ¥251,500; over the latest 10,000 it is ¥3,000.
    let ids: Vec<uuid::Uuid> = (0..20_000).map(|_| uuid::Uuid::now_v7()).collect();
    let mut conn = app.database.owner_connection().await;
    diesel::sql_query(
        "INSERT INTO orders (tenant_id, id, merchant_order_id, ordered_at, amount_minor, currency, \
             payment_method, decision, score, reasons, three_ds, policy_version, shadow_rules, \
             signals, summary, status, scored_at, livemode) \
         SELECT $1, u.id, 'U-' || u.n, w.at, w.amount, 'JPY', 'card', 'accept', 0, '[]', 'none', \
             0, '[]', '{}', '{}', 'accepted', w.at, true \
         FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, n) \
         CROSS JOIN LATERAL (SELECT CASE WHEN u.n <= 10000 THEN now() - interval '20 days' \
                                         ELSE now() - interval '1 hour' END AS at, \
                                    CASE WHEN u.n <= 10000 THEN 500000 ELSE 3000 END AS amount) w",
    )
    .bind::<SqlUuid, _>(shop.id)
    .bind::<Array<SqlUuid>, _>(&ids)
    .execute(&mut conn)
    .await
    .unwrap();

    let mut unusual = order("U-new");
    unusual["amount"] = json!(30000);
    unusual["items"][0]["unit_price"] = json!(30000);
    let assessment = score(&app, &shop, &unusual).await;
    let reasons = assessment["reasons"].as_array().unwrap();
    let found = reasons
        .iter()
        .find(|r| r["code"] == "unusual_amount")
        .unwrap_or_else(|| panic!("no unusual_amount: {assessment}"));
    assert_eq!(found["detail"]["ratio"], 10.0, "{found}");
}

/// The cards seen from the order's IP in the hour before it, as the order's signals kept them.
async fn cards_per_ip(app: &TestApp, tenant: &TestTenant, assessment: &Value) -> i64 {
    let id = assessment["order_id"].as_str().unwrap();
    let detail: Value = app
        .get(&format!("/v1/orders/{id}"), &tenant.api_key)
        .await
        .json()
        .await
        .unwrap();
    detail["signals"]["velocity.cards_per_ip_1h"]
        .as_i64()
        .unwrap_or_else(|| panic!("no cards_per_ip_1h: {detail}"))
}

/// Orders scored at the same moment have their velocity read together, tenants mixed in one
/// statement (`orders::velocity_reads`): each order still counts only its own tenant's orders.
#[tokio::test]
async fn orders_scored_together_count_only_their_own_tenants_velocity() {
    let app = TestApp::spawn().await;
    let busy = app.create_tenant("Busy Shop").await;
    let quiet = app.create_tenant("Quiet Shop").await;
    // Every order from one IP, each with a card of its own.
    let body = |prefix: &str, n: usize| {
        let mut body = order(&format!("{prefix}-{n}"));
        body["card"]["number"] = json!(luhn_completed(&format!("411111111{n:06}")));
        body
    };
    let busy_bodies: Vec<Value> = (0..8).map(|n| body("B", n)).collect();
    let quiet_bodies: Vec<Value> = (100..103).map(|n| body("Q", n)).collect();
    let busy_orders = busy_bodies.iter().map(|b| score(&app, &busy, b));
    let quiet_orders = quiet_bodies.iter().map(|b| score(&app, &quiet, b));
    let (busy_answers, quiet_answers) = futures_util::future::join(
        futures_util::future::join_all(busy_orders),
        futures_util::future::join_all(quiet_orders),
    )
    .await;
    // At most what the tenant's own orders can make, wherever the batches cut them.
    for answer in &busy_answers {
        let count = cards_per_ip(&app, &busy, answer).await;
        assert!((1..=8).contains(&count), "{count} cards: {answer}");
    }
    for answer in &quiet_answers {
        let count = cards_per_ip(&app, &quiet, answer).await;
        assert!((1..=3).contains(&count), "{count} cards: {answer}");
    }
    // Once all are stored, the next order of each counts its own tenant's cards and itself.
    let last = score(&app, &busy, &body("B", 8)).await;
    assert_eq!(cards_per_ip(&app, &busy, &last).await, 9, "{last}");
    let last = score(&app, &quiet, &body("Q", 103)).await;
    assert_eq!(cards_per_ip(&app, &quiet, &last).await, 4, "{last}");
}
