//! The role matrix, operation by operation: every operation of the served OpenAPI document is
//! called as each kind of caller, and the answers are held to `sekisho_api::auth::matrix`
//! (docs/ROLES.md). Allowed callers must get past authentication (anything but 401/403), the
//! others must get 403. An operation without a row in the matrix fails by name.

use sekisho_api::auth::matrix::{CallerKind, MATRIX, rule_for};
use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

/// The operations of the served document, as (METHOD, path).
async fn operations(app: &TestApp) -> Vec<(String, String)> {
    let document: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                found.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    found
}

/// A concrete URL for a templated path: every parameter an id nobody has.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map(|i| open + i + 1)
            .unwrap_or(rest.len());
        out.push_str(&uuid::Uuid::now_v7().to_string());
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

struct Callers {
    tokens: Vec<(CallerKind, String)>,
}

async fn callers(app: &TestApp) -> Callers {
    let tenant = app.create_tenant("Matrix Shop").await;
    let mut tokens = vec![(CallerKind::ApiKey, tenant.api_key.clone())];
    for (kind, role) in [
        (CallerKind::Owner, Role::Owner),
        (CallerKind::Analyst, Role::Analyst),
        (CallerKind::Reviewer, Role::Reviewer),
    ] {
        tokens.push((kind, app.create_staff(&tenant, role).await.token));
    }
    tokens.push((CallerKind::PlatformAdmin, app.admin_token().await));
    Callers { tokens }
}

async fn call(app: &TestApp, method: &str, path: &str, token: &str) -> u16 {
    let url = app.url(&concrete(path));
    let request = match method {
        "GET" => app.client.get(url),
        "DELETE" => app.client.delete(url),
        "POST" => app.client.post(url).json(&json!({})),
        "PUT" => app.client.put(url).json(&json!({})),
        "PATCH" => app.client.patch(url).json(&json!({})),
        other => panic!("unexpected method {other}"),
    };
    request
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn every_operation_admits_exactly_the_callers_of_the_role_matrix() {
    let app = TestApp::spawn().await;
    let signed_in = callers(&app).await;
    let operations = operations(&app).await;

    let missing: Vec<String> = operations
        .iter()
        .filter(|(method, path)| rule_for(method, path).is_none())
        .map(|(method, path)| format!("{method} {path}"))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the role matrix (crates/api/src/auth/matrix.rs, MATRIX; \
         then regenerate the table in docs/ROLES.md): {missing:?}"
    );
    let stale: Vec<String> = MATRIX
        .iter()
        .filter(|rule| {
            !operations
                .iter()
                .any(|(method, path)| method == rule.method && path == rule.path)
        })
        .map(|rule| format!("{} {}", rule.method, rule.path))
        .collect();
    assert!(
        stale.is_empty(),
        "matrix rows for operations that do not exist: {stale:?}"
    );

    let mut wrong = Vec::new();
    let mut probes = 0;
    // Signing out ends the session the other probes use: last, with fresh sessions.
    let (last, first): (Vec<_>, Vec<_>) = operations
        .iter()
        .partition(|(_, path)| path == "/v1/auth/logout");
    for (method, path) in first.iter().chain(last.iter()) {
        let rule = rule_for(method, path).unwrap();
        let fresh;
        let tokens = if *path == "/v1/auth/logout" {
            fresh = callers(&app).await;
            &fresh.tokens
        } else {
            &signed_in.tokens
        };
        for (kind, token) in tokens {
            let status = call(&app, method, path, token).await;
            probes += 1;
            let allowed = rule.admits.admits(*kind);
            let fine = if allowed {
                status != 401 && status != 403 && status < 500
            } else {
                status == 403
            };
            if !fine {
                wrong.push(format!(
                    "{method} {path} as {}: {status} (the matrix says {})",
                    kind.as_str(),
                    if allowed { "allowed" } else { "refused" }
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {probes} probes disagree with the matrix:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(probes >= 5 * 60, "only {probes} probes");
}

async fn audit_log(app: &TestApp, admin: &str, tenant: uuid::Uuid) -> Vec<Value> {
    let response = app
        .get(&format!("/admin/v1/audit-log?tenant_id={tenant}"), admin)
        .await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    page["items"].as_array().unwrap().clone()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn list_changes_and_consortium_reports_are_audited_and_so_is_reading_the_log() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Audited Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let analyst = app.create_staff(&tenant, Role::Analyst).await;
    let entry = json!({ "list": "block", "kind": "email", "value": "resale.ring@example-mail.jp" });

    assert_eq!(
        app.post("/v1/lists", &analyst.token, &entry).await.status(),
        403,
        "analysts read only"
    );
    let added = app.post("/v1/lists", &owner.token, &entry).await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    let entry_id = added[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.delete(&format!("/v1/lists/{entry_id}"), &tenant.api_key)
            .await
            .status(),
        204
    );
    let report = json!({
        "category": "resale", "amount": 12800, "currency": "JPY",
        "occurred_at": "2026-10-01T12:00:00Z",
        "identifiers": { "email": "resale.ring@example-mail.jp", "phone": "090-1234-5678" },
    });
    let filed = app
        .post("/v1/fraud-reports", &tenant.api_key, &report)
        .await;
    assert_eq!(filed.status(), 201);
    let report_id = filed.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.delete(&format!("/v1/fraud-reports/{report_id}"), &owner.token)
            .await
            .status(),
        200
    );

    let admin = app.admin_token().await;
    let entries = audit_log(&app, &admin, tenant.id).await;
    let seen = actions(&entries);
    for action in [
        "list_entry.add",
        "list_entry.remove",
        "fraud_report.file",
        "fraud_report.retract",
    ] {
        assert!(seen.contains(&action), "{action} not audited: {seen:?}");
    }
    let by = |action: &str| {
        entries.iter().find(|e| e["action"] == action).unwrap()["actor"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(by("list_entry.add"), format!("user:{}", owner.id));
    assert_eq!(
        by("list_entry.remove"),
        format!("api_key:{}", tenant.api_key_id)
    );
    assert_eq!(by("fraud_report.retract"), format!("user:{}", owner.id));
    let text = serde_json::to_string(&entries).unwrap();
    assert!(
        !text.contains("resale.ring@example-mail.jp"),
        "the listed value reached the log"
    );

    // The read above is on the record, with who read and what.
    let again = audit_log(&app, &admin, tenant.id).await;
    let read = again
        .iter()
        .find(|e| e["action"] == "audit_log.read")
        .expect("reading the audit log is audited");
    assert!(read["actor"].as_str().unwrap().starts_with("admin:"));
    assert_eq!(read["details"]["tenant_id"], tenant.id.to_string());
}
