//! Analytics on known data: exact figures.

use chrono::{Datelike, Duration, TimeZone, Utc};
use chrono_tz::Asia::Tokyo;
use diesel_async::SimpleAsyncConnection;
use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

/// 40 attempts that reached the issuer, 37 approved, plus `stopped` rejected by Sekisho.
pub(crate) async fn seed_attempts_into(
    database: &sekisho_test_support::TestDatabase,
    tenant: &TestTenant,
    day: &str,
    stopped: usize,
) {
    let mut sql = String::new();
    for i in 0..40 {
        let result = if i < 37 { "approved" } else { "declined" };
        let (brand, country) = if i % 4 == 0 {
            ("visa", "US")
        } else {
            ("jcb", "JP")
        };
        let flow = if i % 2 == 0 {
            "frictionless"
        } else {
            "challenge"
        };
        sql.push_str(&format!(
            "INSERT INTO payment_attempts (tenant_id, id, brand, issuer_country, amount_minor, currency, result, \
             three_ds_flow, decision, score, reasons, attempted_at) VALUES ('{}', gen_random_uuid(), '{brand}', \
             '{country}', 1000, 'JPY', '{result}', '{flow}', 'accept', 0, '[]', '{day}T03:00:00Z');",
            tenant.id
        ));
    }
    for _ in 0..stopped {
        sql.push_str(&format!(
            "INSERT INTO payment_attempts (tenant_id, id, amount_minor, currency, result, decision, score, reasons, attempted_at) \
             VALUES ('{}', gen_random_uuid(), 1000, 'JPY', 'declined', 'reject', 100, '[]', '{day}T04:00:00Z');",
            tenant.id
        ));
    }
    database
        .owner_connection()
        .await
        .batch_execute(&sql)
        .await
        .unwrap();
}

async fn seed_attempts(app: &TestApp, tenant: &TestTenant, day: &str, stopped: usize) {
    seed_attempts_into(&app.database, tenant, day, stopped).await;
}

#[tokio::test]
async fn approval_rate_is_approved_over_attempted_per_group() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Approval Shop").await;
    let other = app.create_tenant("Other Shop").await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    seed_attempts(&app, &shop, "2026-10-05", 3).await;
    seed_attempts(&app, &other, "2026-10-05", 0).await;

    let by_day: Value = app
        .get(
            "/v1/analytics/approval-rate?from=2026-10-01&to=2026-10-31&group_by=day",
            &analyst.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        by_day["rows"],
        json!([{ "key": "2026-10-05", "attempts": 40, "approved": 37, "approval_rate": 0.925, "stopped": 3 }])
    );
    assert_eq!(
        by_day["total"]["approval_rate"], 0.925,
        "the other tenant's attempts do not count"
    );

    let by_country: Value = app
        .get(
            "/v1/analytics/approval-rate?from=2026-10-01&to=2026-10-31&group_by=issuer_country",
            &analyst.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let rows = by_country["rows"].as_array().unwrap();
    let domestic = rows.iter().find(|r| r["key"] == "domestic").unwrap();
    let foreign = rows.iter().find(|r| r["key"] == "foreign").unwrap();
    assert_eq!(
        (domestic["attempts"].as_i64(), foreign["attempts"].as_i64()),
        (Some(30), Some(10))
    );
    assert_eq!(foreign["approved"], 10);
    assert_eq!(domestic["approval_rate"], 0.9);

    let compared: Value = app
        .get("/v1/analytics/approval-rate?from=2026-10-01&to=2026-10-31&compare_from=2026-09-01&compare_to=2026-09-30", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(compared["comparison"]["attempts"], 0);

    let csv = app.get("/v1/analytics/approval-rate?from=2026-10-01&to=2026-10-31&group_by=three_ds&format=csv", &analyst.token).await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    assert_eq!(
        csv,
        "key,attempts,approved,approval_rate,stopped\nchallenge,20,18,0.9,0\nfrictionless,20,19,0.95,0\nnone,0,0,0.0,3\n"
    );

    assert_eq!(
        app.get(
            "/v1/analytics/approval-rate?group_by=planet",
            &analyst.token
        )
        .await
        .status(),
        400
    );
    assert_eq!(
        app.get("/v1/analytics/approval-rate?from=yesterday", &analyst.token)
            .await
            .status(),
        400
    );
    assert_eq!(
        app.get("/v1/analytics/approval-rate", &shop.api_key)
            .await
            .status(),
        403
    );
}

fn month_start(months_ago: u32) -> chrono::DateTime<Utc> {
    let now = Utc::now().with_timezone(&Tokyo);
    let mut year = now.year();
    let mut month = now.month() as i32 - months_ago as i32;
    while month <= 0 {
        month += 12;
        year -= 1;
    }
    Tokyo
        .with_ymd_and_hms(year, month as u32, 1, 0, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
        + Duration::hours(1)
}

#[tokio::test]
async fn fraud_exposure_counts_consecutive_months_over_the_threshold() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Exposed Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    for (months_ago, amount) in [(2, 600_000), (1, 550_000), (0, 300_000), (0, 210_000)] {
        let report = json!({
            "category": "chargeback", "amount": amount, "currency": "JPY",
            "occurred_at": month_start(months_ago), "identifiers": { "email": format!("f{amount}@fraud.example") }
        });
        assert_eq!(
            app.post("/v1/fraud-reports", &shop.api_key, &report)
                .await
                .status(),
            201
        );
    }
    let exposure: Value = app
        .get("/v1/analytics/fraud-exposure?months=6", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(exposure["threshold_minor"], 500_000);
    let months = exposure["months"].as_array().unwrap();
    assert_eq!(months.len(), 6);
    let amounts: Vec<i64> = months
        .iter()
        .map(|m| m["fraud_minor"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [0, 0, 0, 600_000, 550_000, 510_000]);
    assert_eq!(exposure["consecutive_months_over"], 3);
    assert_eq!(exposure["warning_level"], "critical");

    let raised = app
        .client
        .put(app.url("/v1/analytics/fraud-exposure/threshold"))
        .bearer_auth(&owner.token)
        .json(&json!({ "currency": "JPY", "monthly_amount": 580000 }))
        .send()
        .await
        .unwrap();
    assert_eq!(raised.status(), 204);
    let exposure: Value = app
        .get("/v1/analytics/fraud-exposure?months=6", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(exposure["threshold_minor"], 580_000);
    assert_eq!(exposure["consecutive_months_over"], 0);
    let overview: Value = app
        .get("/v1/analytics/overview", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(overview["fraud_exposure_month_minor"], 510_000);
}

#[tokio::test]
async fn workload_and_accuracy_follow_reviews_and_outcomes() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Measured Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let review_foreign = json!({ "review_at": 40, "reject_at": 80, "rules": [{
        "id": "disp", "name": "Disposable email", "when": { "signal": "email.disposable", "op": "eq", "value": true },
        "then": { "decision": "review" } }] });
    app.client
        .put(app.url("/v1/policy"))
        .bearer_auth(&owner.token)
        .json(&review_foreign)
        .send()
        .await
        .unwrap();
    let order = |id: &str, email: &str| {
        json!({
            "order_id": id, "amount": 5000, "currency": "JPY", "payment_method": "card",
            "customer": { "email": email }
        })
    };
    for (id, email) in [
        ("W-1", "a@example-shop.jp"),
        ("W-2", "b@example-shop.jp"),
        ("W-3", "c@mailinator.com"),
        ("W-4", "d@mailinator.com"),
    ] {
        let scored = app
            .post("/v1/orders/score", &shop.api_key, &order(id, email))
            .await;
        assert_eq!(scored.status(), 200);
    }
    app.post(
        "/v1/reviews/W-3",
        &reviewer.token,
        &json!({ "decision": "reject" }),
    )
    .await;
    app.post(
        "/v1/reviews/W-4",
        &reviewer.token,
        &json!({ "decision": "accept" }),
    )
    .await;
    app.post(
        "/v1/orders/W-1/outcomes",
        &shop.api_key,
        &json!({ "type": "chargeback" }),
    )
    .await;
    app.post(
        "/v1/orders/W-2/outcomes",
        &shop.api_key,
        &json!({ "type": "delivery" }),
    )
    .await;

    let workload: Value = app
        .get("/v1/analytics/workload", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(workload["orders"], 4);
    assert_eq!(workload["decided_automatically"], 2);
    assert_eq!(workload["automatic_share"], 0.5);
    assert_eq!(workload["queue_size"], 0);
    assert_eq!(
        workload["by_reviewer"],
        json!([{ "reviewer": reviewer.email, "accept": 1, "reject": 1, "hold": 0 }])
    );

    let accuracy: Value = app
        .get("/v1/analytics/accuracy", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        accuracy,
        json!({ "true_positives": 1, "false_positives": 1, "true_negatives": 1, "false_negatives": 1,
                "precision": 0.5, "recall": 0.5, "false_positive_rate": 0.5 })
    );
    let overview: Value = app
        .get("/v1/analytics/overview", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        overview["today"],
        json!({ "accept": 2, "review": 2, "reject": 0 })
    );
}

#[tokio::test]
async fn consortium_analytics_and_the_admin_table() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Consuming Shop").await;
    let peer = app.create_tenant("Reporting Peer").await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;
    let report = json!({ "category": "resale", "amount": 20000, "currency": "JPY", "occurred_at": "2026-11-01T00:00:00Z",
                         "identifiers": { "phone": "080-5555-6666" } });
    app.post("/v1/fraud-reports", &peer.api_key, &report).await;
    let order = json!({ "order_id": "C-1", "amount": 5000, "currency": "JPY", "payment_method": "card",
                        "customer": { "phone": "08055556666" } });
    let scored: Value = app
        .post("/v1/orders/score", &shop.api_key, &order)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        scored["decision"], "accept",
        "one weak match alone: 35 × 0.6 = 21 points"
    );
    let strict = app.create_staff(&shop, Role::Owner).await;
    app.client
        .put(app.url("/v1/policy"))
        .bearer_auth(&strict.token)
        .json(&json!({ "review_at": 20, "reject_at": 80, "rules": [] }))
        .send()
        .await
        .unwrap();
    let rescored: Value = app.post("/v1/orders/score", &shop.api_key, &json!({
        "order_id": "C-2", "amount": 5000, "currency": "JPY", "payment_method": "card", "customer": { "phone": "08055556666" } })).await.json().await.unwrap();
    assert_eq!(rescored["decision"], "review");

    let used: Value = app
        .get("/v1/analytics/consortium", &analyst.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(used["matched_orders"], 2);
    assert_eq!(used["matched_by_others_reports"], 2);
    assert_eq!(
        used["matches_by_kind"],
        json!([{ "kind": "phone", "orders": 2 }])
    );
    assert_eq!(used["stopped_only_by_consortium"], 1);
    assert_eq!(used["reports_contributed"], 0);

    let admin = app.admin_token().await;
    let tenants: Value = app
        .get("/admin/v1/analytics/tenants", &admin)
        .await
        .json()
        .await
        .unwrap();
    let row = tenants
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Consuming Shop")
        .unwrap();
    assert_eq!(row["orders_30d"], 2);
    let peer_row = tenants
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Reporting Peer")
        .unwrap();
    assert_eq!(peer_row["reports_contributed"], 1);
    assert_eq!(
        app.get("/admin/v1/analytics/tenants", &analyst.token)
            .await
            .status(),
        403
    );
    let log: Value = app
        .get("/admin/v1/audit-log", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        log["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "analytics.tenants")
    );
    let csv = app
        .get("/admin/v1/analytics/tenants?format=csv", &admin)
        .await
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("tenant_id,name,orders_30d,"), "{csv}");
}

/// The 不正顕在化 figure: card fraud actually charged, each loss once; unpaid deferred
/// payments, never-charged orders and other losses beside it. One case per rule, exact yen.
#[tokio::test]
async fn the_exposure_figure_counts_charged_card_fraud_once_and_nothing_else() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Figure Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let order = |id: &str, amount: i64, method: &str| {
        json!({ "order_id": id, "amount": amount, "currency": "JPY", "payment_method": method,
                "customer": { "email": format!("{}@buyer.example", id.to_lowercase()) } })
    };
    let report = |category: &str, amount: i64, order_id: Option<&str>, n: u32| {
        json!({ "category": category, "amount": amount, "currency": "JPY",
                "occurred_at": Utc::now() - Duration::minutes(5), "order_id": order_id,
                "identifiers": { "email": format!("r{n}@fraud.example") } })
    };
    let post = |path: String, body: Value| {
        let app = &app;
        let key = shop.api_key.clone();
        async move {
            let response = app.post(&path, &key, &body).await;
            let status = response.status();
            assert!(
                status.is_success(),
                "{path}: {status} {}",
                response.text().await.unwrap()
            );
        }
    };
    // The block list rejects order E before any charge.
    post(
        "/v1/lists".into(),
        json!({ "list": "block", "kind": "email", "value": "e@buyer.example" }),
    )
    .await;
    for (id, amount, method) in [
        ("A", 10_000, "card"),
        ("B", 20_000, "card"),
        ("C", 30_000, "deferred"),
        ("D", 40_000, "card"),
        ("E", 50_000, "card"),
    ] {
        post("/v1/orders/score".into(), order(id, amount, method)).await;
    }
    // A: charged, charged back, and reported by hand as well: one loss of ¥10,000.
    post(
        "/v1/orders/A/outcomes".into(),
        json!({ "type": "authorization", "result": "approved" }),
    )
    .await;
    post(
        "/v1/orders/A/outcomes".into(),
        json!({ "type": "chargeback" }),
    )
    .await;
    post(
        "/v1/fraud-reports".into(),
        report("chargeback", 10_000, Some("A"), 1),
    )
    .await;
    // B: the authorisation was declined: never charged.
    post(
        "/v1/orders/B/outcomes".into(),
        json!({ "type": "authorization", "result": "declined" }),
    )
    .await;
    post(
        "/v1/fraud-reports".into(),
        report("chargeback", 20_000, Some("B"), 2),
    )
    .await;
    // C: deferred payment never paid: not card fraud.
    post(
        "/v1/fraud-reports".into(),
        report("unpaid", 30_000, Some("C"), 3),
    )
    .await;
    // D: a charged card order reported twice: one loss of ¥40,000.
    post(
        "/v1/fraud-reports".into(),
        report("account_takeover", 40_000, Some("D"), 4),
    )
    .await;
    post(
        "/v1/fraud-reports".into(),
        report("other", 40_000, Some("D"), 5),
    )
    .await;
    // E: rejected, so never charged.
    post(
        "/v1/fraud-reports".into(),
        report("other", 50_000, Some("E"), 6),
    )
    .await;
    // Orders Sekisho never scored: one card-fraud loss of ¥7,000 reported twice, an unpaid
    // invoice, a resale.
    post(
        "/v1/fraud-reports".into(),
        report("chargeback", 7_000, Some("EXT-1"), 7),
    )
    .await;
    post(
        "/v1/fraud-reports".into(),
        report("chargeback", 7_000, Some("EXT-1"), 8),
    )
    .await;
    post("/v1/fraud-reports".into(), report("unpaid", 8_000, None, 9)).await;
    post(
        "/v1/fraud-reports".into(),
        report("resale", 9_000, None, 10),
    )
    .await;

    let exposure: Value = app
        .get("/v1/analytics/fraud-exposure?months=3", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    let now = exposure["months"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(now["card_fraud_amount"], 57_000, "{now:#}");
    assert_eq!(
        now["breakdown"],
        json!({ "chargebacks": { "amount": 10_000, "count": 1 },
                "manual_reports": { "amount": 47_000, "count": 2 } })
    );
    assert_eq!(now["unpaid_amount"], 38_000);
    assert_eq!(now["never_charged_amount"], 70_000);
    assert_eq!(now["other_amount"], 9_000);
    assert_eq!(now["fraud_minor"], 57_000);
    assert_eq!(now["reports"], 3);

    // A reversed chargeback is no longer a loss; the manual report of A still is, once.
    post(
        "/v1/orders/A/outcomes".into(),
        json!({ "type": "chargeback_reversed" }),
    )
    .await;
    let exposure: Value = app
        .get("/v1/analytics/fraud-exposure?months=3", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    let now = exposure["months"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(now["card_fraud_amount"], 57_000, "{now:#}");
    assert_eq!(now["breakdown"]["chargebacks"]["count"], 0);
    assert_eq!(now["breakdown"]["manual_reports"]["amount"], 57_000);

    // CSV carries the breakdown flat.
    let csv = app
        .get(
            "/v1/analytics/fraud-exposure?months=3&format=csv",
            &owner.token,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("month,card_fraud_amount,chargebacks_amount"),
        "{csv}"
    );

    // The platform's cross-tenant table runs the same rules.
    let admin = app.admin_token().await;
    let tenants: Value = app
        .get("/admin/v1/analytics/tenants", &admin)
        .await
        .json()
        .await
        .unwrap();
    let row = tenants
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Figure Shop")
        .unwrap();
    assert_eq!(row["fraud_exposure_month_minor"], 57_000);
}
