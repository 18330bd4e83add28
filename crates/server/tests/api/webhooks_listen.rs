//! `sekisho webhooks listen`: an integrator's first signed event on their own machine.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::Value;

use crate::cli::{free_port, sekisho};

async fn insecure_app() -> TestApp {
    TestApp::spawn_with(|s| {
        s.allow_insecure_webhooks = true;
        s.webhooks.poll_interval = Duration::from_millis(50);
    })
    .await
}

/// Runs the listener until it exits (bounded), returning its stdout lines and its exit status.
fn listen(args: &[&str]) -> (Vec<Value>, std::process::ExitStatus) {
    let mut child = sekisho(&[&["webhooks", "listen"], args].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .map(|line| serde_json::from_str::<Value>(&line).unwrap())
            .collect::<Vec<_>>()
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("the listener did not stop after its delivery");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    (reader.join().unwrap(), status)
}

#[tokio::test]
async fn listen_registers_itself_receives_a_verified_test_event_and_cleans_up() {
    let app = insecure_app().await;
    let tenant = app.create_tenant("Listen Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let port = free_port().to_string();
    let base = app.url("");
    let email = owner.email.clone();
    let (events, status) = tokio::task::spawn_blocking(move || {
        listen(&[
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--register",
            &base,
            "--email",
            &email,
            "--password",
            sekisho_test_support::PASSWORD,
            "--test",
            "--count",
            "1",
        ])
    })
    .await
    .unwrap();
    assert!(status.success(), "listen exited with {status}");
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["verified"], true);
    assert_eq!(events[0]["type"], "webhook.test");
    // Its endpoint is gone again.
    let endpoints: Value = app
        .get("/v1/webhooks", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(endpoints.as_array().map(Vec::len), Some(0), "{endpoints}");
}

#[tokio::test]
async fn a_delivery_signed_with_another_secret_is_printed_as_unverified_and_refused() {
    let port = free_port();
    let listener = std::thread::spawn(move || {
        listen(&[
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--secret",
            "whsec_0000000000000000000000000000000000000000000000000000000000000000",
            "--count",
            "1",
        ])
    });
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}/");
    let started = Instant::now();
    let refused = loop {
        let body = r#"{"id":"e1","type":"review.decided","data":{}}"#;
        let sent = client
            .post(&url)
            .header("Sekisho-Signature", "t=1,v1=00")
            .body(body)
            .send()
            .await;
        if let Ok(response) = sent {
            break response;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the listener never listened"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(refused.status(), 400);
    // A correctly signed one ends it (count 1 counts verified deliveries only).
    let secret = sekisho_outbound::webhooks::signature::WebhookSecret::parse(
        "whsec_0000000000000000000000000000000000000000000000000000000000000000",
    )
    .unwrap();
    let body = br#"{"id":"e2","type":"review.decided","data":{"order_id":"A-1"}}"#;
    let header = secret.header_value(chrono::Utc::now().timestamp(), body);
    let accepted = client
        .post(&url)
        .header("Sekisho-Signature", header)
        .body(body.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), 200);
    let (events, status) = listener.join().unwrap();
    assert!(status.success());
    assert_eq!(events[0]["verified"], false);
    assert_eq!(events[1]["verified"], true);
    assert_eq!(events[1]["data"]["order_id"], "A-1");
}
