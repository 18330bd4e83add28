//! The driver: plays a case's history through the API, then checks the answer to its request.

use std::process::Command;

use sekisho_domain::Role;
use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestApp, TestTenant};
use serde_json::{Value, json};

use super::{Request, Step, cases};

async fn post_ok(app: &TestApp, path: &str, bearer: &str, body: &Value) -> Value {
    let response = app.post(path, bearer, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

fn import_addresses(app: &TestApp, list: &str, csv: &str) {
    let path = std::env::temp_dir().join(format!("sekisho-scenario-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&path, csv).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sekisho"));
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    let output = command
        .args([
            "import",
            "addresses",
            &path.display().to_string(),
            "--list",
            list,
        ])
        .env("RUST_LOG", "warn")
        .env("SEKISHO_DATABASE_URL", &app.database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &app.database.owner_url)
        .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn handle_alerts(app: &TestApp, shop: &TestTenant, action: &str) {
    let listed: Value = app
        .get("/v1/alerts", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    let items = listed["items"].as_array().unwrap();
    assert!(!items.is_empty(), "no alert to {action}");
    for alert in items {
        let id = alert["id"].as_str().unwrap();
        let done = post_ok(
            app,
            &format!("/v1/alerts/{id}/{action}"),
            &shop.api_key,
            &json!({}),
        )
        .await;
        assert_eq!(done["active"], false, "{done}");
    }
}

async fn run_step(app: &TestApp, shop: &TestTenant, step: &Step) {
    match step {
        Step::Order(body) => drop(post_ok(app, "/v1/orders/score", &shop.api_key, body).await),
        Step::Attempt(body) => {
            drop(post_ok(app, "/v1/payments/attempts", &shop.api_key, body).await)
        }
        Step::Login(body) => drop(post_ok(app, "/v1/logins/score", &shop.api_key, body).await),
        Step::MembersReport {
            members,
            category,
            identifiers,
        } => {
            for n in 0..*members {
                let member = app.create_tenant(&format!("Member {n}")).await;
                let report = json!({ "category": category, "amount": 30000, "currency": "JPY",
                                     "occurred_at": "2026-11-20T00:00:00Z", "identifiers": identifiers });
                post_ok(app, "/v1/fraud-reports", &member.api_key, &report).await;
            }
        }
        Step::Sql(sql) => {
            use diesel_async::SimpleAsyncConnection;
            app.database
                .owner_connection()
                .await
                .batch_execute(sql)
                .await
                .unwrap();
        }
        Step::Addresses { list, csv } => import_addresses(app, list, csv),
        Step::Policy(body) => {
            let owner = app.create_staff(shop, Role::Owner).await;
            let response = app
                .client
                .put(app.url("/v1/policy"))
                .bearer_auth(&owner.token)
                .json(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        }
        Step::List(body) => drop(post_ok(app, "/v1/lists", &shop.api_key, body).await),
        Step::AcknowledgeAlerts => handle_alerts(app, shop, "acknowledge").await,
        Step::ResolveAlerts => handle_alerts(app, shop, "resolve").await,
    }
}

pub(super) async fn run(name: &str) {
    let case = cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Scenario Shop").await;
    for step in &case.steps {
        run_step(&app, &shop, step).await;
    }
    let answer = match &case.request {
        Request::Order(body) => post_ok(&app, "/v1/orders/score", &shop.api_key, body).await,
        Request::Attempt(body) => post_ok(&app, "/v1/payments/attempts", &shop.api_key, body).await,
        Request::Login(body) => post_ok(&app, "/v1/logins/score", &shop.api_key, body).await,
    };
    let codes: Vec<&str> = answer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(
        answer["decision"], case.decision,
        "{}: {answer:#}",
        case.name
    );
    for code in case.with {
        assert!(
            codes.contains(code),
            "{}: {code} missing from {codes:?}",
            case.name
        );
    }
    for code in case.without {
        assert!(
            !codes.contains(code),
            "{}: {code} unexpected in {codes:?}",
            case.name
        );
    }
    // Reasons name the alert they come from.
    for reason in answer["reasons"].as_array().unwrap() {
        if [
            "card_testing_source",
            "login_attack_source",
            "recent_account_takeover",
        ]
        .contains(&reason["code"].as_str().unwrap_or_default())
        {
            assert!(
                reason["detail"]["alert_id"].is_string(),
                "{}: {reason}",
                case.name
            );
        }
    }
}
