//! Webhooks end to end: owners register endpoints, a real receiver on 127.0.0.1 gets signed
//! events, failures are retried, and the delivery log tells the story.

mod delivery;
mod domain_events;
mod endpoints;

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
