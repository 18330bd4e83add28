//! Webhooks end to end: owners register endpoints, a real receiver on 127.0.0.1 gets signed
//! events, failures are retried, and the delivery log tells the story.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{HttpRequest, HttpResponse, web};
use hmac::{Hmac, KeyInit, Mac};
use sekisho_api::error::ApiError;
use sekisho_domain::Role;
use sekisho_service::webhook_events::{self as webhooks, events};
use sekisho_store::tenancy;
use sekisho_test_support::{Staff, TestApp, TestTenant, error_code};
use serde_json::{Value, json};
use sha2::Sha256;
use uuid::Uuid;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub(crate) path: String,
    pub(crate) event: String,
    pub(crate) delivery: String,
    pub(crate) signature: String,
    pub(crate) body: Vec<u8>,
}

impl Received {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// A merchant's endpoint: records every request and answers with the scripted statuses, then
/// 200.
#[derive(Clone, Default)]
pub(crate) struct Receiver {
    got: Arc<Mutex<Vec<Received>>>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
    address: String,
}

impl Receiver {
    pub(crate) async fn spawn(statuses: &[u16]) -> Receiver {
        let receiver = Receiver {
            statuses: Arc::new(Mutex::new(statuses.iter().copied().collect())),
            ..Receiver::default()
        };
        let data = web::Data::new(receiver.clone());
        let server = actix_web::HttpServer::new(move || {
            actix_web::App::new()
                .app_data(data.clone())
                .default_service(web::to(receive))
        })
        .workers(1)
        .disable_signals()
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        tokio::spawn(server.run());
        Receiver {
            address: format!("http://127.0.0.1:{port}"),
            ..receiver
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub(crate) fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    pub(crate) async fn wait_for(&self, count: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= count {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {count} requests, got {:?}", self.received());
    }
}

async fn receive(
    req: HttpRequest,
    body: web::Bytes,
    receiver: web::Data<Receiver>,
) -> HttpResponse {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    receiver.got.lock().unwrap().push(Received {
        path: req.path().to_owned(),
        event: header("sekisho-event"),
        delivery: header("sekisho-delivery"),
        signature: header("sekisho-signature"),
        body: body.to_vec(),
    });
    let status = receiver.statuses.lock().unwrap().pop_front().unwrap_or(200);
    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap()).finish()
}

/// An app that may deliver to 127.0.0.1 over plain HTTP, and retries fast.
pub(crate) async fn spawn_app() -> TestApp {
    TestApp::spawn_with(|s| {
        s.allow_insecure_webhooks = true;
        s.webhooks.retry_base = Duration::from_millis(50);
        s.webhooks.poll_interval = Duration::from_millis(50);
    })
    .await
}

async fn tenant_with_owner(app: &TestApp, name: &str) -> (TestTenant, Staff) {
    let tenant = app.create_tenant(name).await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    (tenant, owner)
}

pub(crate) async fn register(app: &TestApp, owner: &Staff, body: Value) -> Value {
    let response = app.post("/v1/webhooks", &owner.token, &body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// What a receiver does with `Sekisho-Signature`, written independently of the server's code.
pub(crate) fn signature_is_valid(secret: &str, header: &str, body: &[u8]) -> bool {
    let mut timestamp = None;
    let mut signature = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => timestamp = Some(value.to_owned()),
            Some(("v1", value)) => signature = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(timestamp), Some(signature)) = (timestamp, signature) else {
        return false;
    };
    let age = chrono::Utc::now().timestamp() - timestamp.parse::<i64>().unwrap();
    if age.abs() > 300 {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body);
    mac.verify_slice(&signature).is_ok()
}

async fn deliveries(app: &TestApp, owner: &Staff, endpoint_id: &str) -> Vec<Value> {
    let response = app
        .get(
            &format!("/v1/webhooks/{endpoint_id}/deliveries"),
            &owner.token,
        )
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

/// Waits until the newest delivery is settled (succeeded or dead) and returns the log.
async fn settled_log(app: &TestApp, owner: &Staff, endpoint_id: &str) -> Vec<Value> {
    for _ in 0..200 {
        let log = deliveries(app, owner, endpoint_id).await;
        if log
            .first()
            .is_some_and(|d| d["status"] == "succeeded" || d["status"] == "dead")
        {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the delivery never settled");
}

#[tokio::test]
async fn an_owners_endpoint_receives_a_signed_test_event() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Webhook Shop").await;
    let receiver = Receiver::spawn(&[]).await;

    let created = register(&app, &owner, json!({ "url": receiver.url("/hooks") })).await;
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(created["events"], json!([]));
    let id = created["id"].as_str().unwrap();

    // Lists never show the secret again.
    let listed: Value = app
        .get("/v1/webhooks", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id);
    assert!(listed[0].get("secret").is_none());

    let response = app
        .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;
    assert_eq!(response.status(), 202);
    let sent: Value = response.json().await.unwrap();

    let got = receiver.wait_for(1).await;
    let request = &got[0];
    assert_eq!(request.path, "/hooks");
    assert_eq!(request.event, events::WEBHOOK_TEST);
    assert_eq!(request.delivery, sent["delivery_id"].as_str().unwrap());
    assert!(
        signature_is_valid(secret, &request.signature, &request.body),
        "{}",
        request.signature
    );
    assert!(!signature_is_valid(
        "whsec_0000000000000000000000000000000000000000000000000000000000000000",
        &request.signature,
        &request.body
    ));
    let event = request.json();
    assert_eq!(event["id"], sent["event_id"]);
    assert_eq!(event["type"], "webhook.test");
    assert_eq!(event["tenant_id"], tenant.id.to_string());
    assert_eq!(event["data"]["endpoint_id"], id);
    assert!(event["created_at"].is_string());

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "succeeded");
    assert_eq!(log[0]["attempts"], 1);
    assert_eq!(log[0]["last_status_code"], 200);
    assert_eq!(log[0]["payload"], event);
}

#[tokio::test]
async fn a_failed_delivery_is_retried_and_the_log_shows_both_attempts() {
    let app = spawn_app().await;
    let (_, owner) = tenant_with_owner(&app, "Flaky Shop").await;
    let receiver = Receiver::spawn(&[500]).await;
    let created = register(&app, &owner, json!({ "url": receiver.url("/flaky") })).await;
    let id = created["id"].as_str().unwrap();

    let response = app
        .post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;
    assert_eq!(response.status(), 202);

    let got = receiver.wait_for(2).await;
    assert_eq!(got[0].delivery, got[1].delivery, "the same delivery, again");
    assert_eq!(got[0].json()["id"], got[1].json()["id"], "the same event");
    let secret = created["secret"].as_str().unwrap();
    assert!(signature_is_valid(secret, &got[1].signature, &got[1].body));

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], "succeeded");
    assert_eq!(log[0]["attempts"], 2);
    assert_eq!(log[0]["last_status_code"], 200);
    assert!(log[0]["delivered_at"].is_string());
    assert_eq!(receiver.received().len(), 2, "nothing after success");
}

#[tokio::test]
async fn a_delivery_that_keeps_failing_ends_dead() {
    let app = TestApp::spawn_with(|s| {
        s.allow_insecure_webhooks = true;
        s.webhooks.retry_base = Duration::from_millis(20);
        s.webhooks.poll_interval = Duration::from_millis(50);
        s.webhooks.max_attempts = 3;
    })
    .await;
    let (_, owner) = tenant_with_owner(&app, "Broken Shop").await;
    let receiver = Receiver::spawn(&[500, 503, 404, 500]).await;
    let created = register(&app, &owner, json!({ "url": receiver.url("/broken") })).await;
    let id = created["id"].as_str().unwrap();
    app.post(&format!("/v1/webhooks/{id}/test"), &owner.token, &json!({}))
        .await;

    let log = settled_log(&app, &owner, id).await;
    assert_eq!(log[0]["status"], "dead");
    assert_eq!(log[0]["attempts"], 3);
    assert_eq!(log[0]["last_status_code"], 404);
    assert_eq!(log[0]["last_error"], "HTTP 404");
    assert!(log[0]["next_attempt_at"].is_null());
    assert_eq!(receiver.received().len(), 3);
}

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
async fn only_owners_manage_webhooks() {
    let app = spawn_app().await;
    let (tenant, owner) = tenant_with_owner(&app, "Guarded Shop").await;
    let analyst = app.create_staff(&tenant, Role::Analyst).await;
    let reviewer = app.create_staff(&tenant, Role::Reviewer).await;
    let body = json!({ "url": "https://hooks.example.jp/sekisho" });

    for token in [&analyst.token, &reviewer.token, &tenant.api_key] {
        let response = app.post("/v1/webhooks", token, &body).await;
        assert_eq!(response.status(), 403);
        assert_eq!(error_code(response).await, "forbidden");
        let response = app.get("/v1/webhooks", token).await;
        assert_eq!(response.status(), 403);
    }
    let created = register(&app, &owner, body).await;
    let id = created["id"].as_str().unwrap();
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &analyst.token)
        .await;
    assert_eq!(response.status(), 403);
    let response = app
        .get(&format!("/v1/webhooks/{id}/deliveries"), &tenant.api_key)
        .await;
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn another_tenant_cannot_see_test_or_delete_an_endpoint() {
    let app = spawn_app().await;
    let (_, a_owner) = tenant_with_owner(&app, "Tenant A").await;
    let (_, b_owner) = tenant_with_owner(&app, "Tenant B").await;
    let created = register(
        &app,
        &a_owner,
        json!({ "url": "https://hooks.example.jp/a" }),
    )
    .await;
    let id = created["id"].as_str().unwrap();

    let b_list: Value = app
        .get("/v1/webhooks", &b_owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(b_list, json!([]));
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &b_owner.token)
        .await;
    assert_eq!(response.status(), 404);
    assert_eq!(error_code(response).await, "not_found");
    let response = app
        .get(&format!("/v1/webhooks/{id}/deliveries"), &b_owner.token)
        .await;
    assert_eq!(response.status(), 404);
    let response = app
        .post(
            &format!("/v1/webhooks/{id}/test"),
            &b_owner.token,
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 404);

    // Still there for its owner, who can delete it.
    let response = app
        .delete(&format!("/v1/webhooks/{id}"), &a_owner.token)
        .await;
    assert_eq!(response.status(), 204);
    let a_list: Value = app
        .get("/v1/webhooks", &a_owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a_list, json!([]));
    let response = app
        .delete(&format!("/v1/webhooks/{}", Uuid::now_v7()), &a_owner.token)
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn webhook_urls_must_be_https_to_a_public_host_unless_insecure_is_allowed() {
    let app = TestApp::spawn().await;
    let (_, owner) = tenant_with_owner(&app, "Careful Shop").await;
    for url in [
        "http://127.0.0.1:9000/hooks",
        "http://hooks.example.jp/",
        "https://10.0.0.5/hooks",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost/hooks",
        "https://user:pass@hooks.example.jp/",
        "not a url",
    ] {
        let response = app
            .post("/v1/webhooks", &owner.token, &json!({ "url": url }))
            .await;
        assert_eq!(response.status(), 422, "{url}");
        assert_eq!(error_code(response).await, "validation_failed", "{url}");
    }
    let response = app
        .post(
            "/v1/webhooks",
            &owner.token,
            &json!({ "url": "https://hooks.example.jp/", "events": ["order.shipped"] }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let created = register(
        &app,
        &owner,
        json!({
            "url": "https://hooks.example.jp/sekisho",
            "events": ["review.decided", "review.decided"]
        }),
    )
    .await;
    assert_eq!(created["events"], json!(["review.decided"]));
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
    let (shop, owner) = tenant_with_owner(&app, "Watching Shop").await;
    let reporter = app.create_tenant("Reporting Member").await;
    let receiver = Receiver::spawn(&[]).await;
    register(
        &app,
        &owner,
        json!({ "url": receiver.url("/matches"), "events": [events::ORDER_CONSORTIUM_MATCH] }),
    )
    .await;
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
    let (shop, owner) = tenant_with_owner(&app, "Watching Shop").await;
    let victim = app.create_tenant("Charged-back Member").await;
    let receiver = Receiver::spawn(&[]).await;
    register(
        &app,
        &owner,
        json!({ "url": receiver.url("/matches"), "events": [events::ORDER_CONSORTIUM_MATCH] }),
    )
    .await;
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
    let (shop, owner) = tenant_with_owner(&app, "Watching Shop").await;
    let reporter = app.create_tenant("Importing Member").await;
    let receiver = Receiver::spawn(&[]).await;
    register(
        &app,
        &owner,
        json!({ "url": receiver.url("/matches"), "events": [events::ORDER_CONSORTIUM_MATCH] }),
    )
    .await;
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
