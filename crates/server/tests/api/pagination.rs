//! One pagination convention for every list that pages: `limit` and an opaque `cursor` in,
//! `items` and `next_cursor` out; the older `offset` keeps working, and a cursor this API did
//! not give is a 400 naming `cursor` in `fields`, like any refused field.

use std::collections::HashSet;

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

async fn page(app: &TestApp, path: &str, token: &str) -> Value {
    let response = app.get(path, token).await;
    assert_eq!(response.status(), 200, "{path}");
    response.json().await.unwrap()
}

/// Follows `next_cursor` from `first` to the last page; returns every item's id.
async fn walk(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let mut ids = Vec::new();
    let mut body = page(app, path, token).await;
    loop {
        for item in body["items"].as_array().unwrap() {
            ids.push(item["id"].as_str().unwrap().to_owned());
        }
        match body["next_cursor"].as_str() {
            Some(cursor) => {
                body = page(app, &format!("{path}{separator}cursor={cursor}"), token).await;
            }
            None => break,
        }
    }
    ids
}

#[tokio::test]
async fn every_paged_list_follows_its_cursor_to_the_end_once_each() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Paging Shop").await;
    for n in 0..5 {
        let login =
            json!({ "account_id": format!("acct-{n}"), "success": true, "ip": "198.51.100.7" });
        assert_eq!(
            app.post("/v1/logins/score", &shop.api_key, &login)
                .await
                .status(),
            200
        );
        let report = json!({
            "category": "chargeback", "amount": 1000 + n, "currency": "JPY",
            "occurred_at": "2026-11-01T00:00:00Z",
            "identifiers": { "email": format!("paging-{n}@example.jp") }
        });
        assert_eq!(
            app.post("/v1/fraud-reports", &shop.api_key, &report)
                .await
                .status(),
            201
        );
    }
    let staff = app.create_staff(&shop, Role::Owner).await;
    for path in ["/v1/logins?limit=2", "/v1/fraud-reports?limit=2"] {
        let token = if path.starts_with("/v1/fraud") {
            &shop.api_key
        } else {
            &staff.token
        };
        let ids = walk(&app, path, token).await;
        assert_eq!(ids.len(), 5, "{path}: every item once");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 5, "{path}");
    }
    // The last page says so.
    let all = page(&app, "/v1/logins?limit=50", &staff.token).await;
    assert!(all["next_cursor"].is_null());
    let alerts = page(&app, "/v1/alerts", &staff.token).await;
    assert!(alerts["next_cursor"].is_null());
    // `offset` still works beside `cursor`.
    let skipped = page(&app, "/v1/logins?limit=2&offset=4", &staff.token).await;
    assert_eq!(skipped["items"].as_array().unwrap().len(), 1);
    assert_eq!(skipped["offset"], 4);
}

#[tokio::test]
async fn a_cursor_this_api_did_not_give_is_refused_by_name() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Cursor Shop").await;
    let staff = app.create_staff(&shop, Role::Owner).await;
    for path in [
        "/v1/orders?cursor=nonsense",
        "/v1/logins?cursor=6f3a",
        "/v1/reviews?cursor=%2D1",
        "/v1/alerts?cursor=nonsense",
    ] {
        let response = app.get(path, &staff.token).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_query", "{path}");
        assert_eq!(body["error"]["fields"][0]["field"], "cursor", "{path}");
    }
    // A refused query value names its parameter the same way.
    let response = app.get("/v1/orders?status=lost", &staff.token).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "invalid_query");
    assert_eq!(body["error"]["fields"][0]["field"], "status");
}

#[tokio::test]
async fn the_platform_admins_lists_page_the_same_way_and_keep_their_older_parameters() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for n in 0..3 {
        app.create_tenant(&format!("Admin Paging {n}")).await;
    }
    let ids = walk(&app, "/admin/v1/tenants?limit=2", &admin).await;
    assert_eq!(ids.len(), 3, "every tenant once");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3);
    let skipped = page(&app, "/admin/v1/tenants?limit=2&offset=2", &admin).await;
    assert_eq!(skipped["items"][0]["id"].as_str(), Some(ids[2].as_str()));
    assert!(skipped["next_cursor"].is_null());

    // The audit log: numeric ids, newest first, each entry once along the cursors.
    let mut seen = Vec::new();
    let mut body = page(&app, "/admin/v1/audit-log?limit=2", &admin).await;
    let newest = body["items"][0]["id"].as_i64().unwrap();
    loop {
        for entry in body["items"].as_array().unwrap() {
            seen.push(entry["id"].as_i64().unwrap());
        }
        let Some(cursor) = body["next_cursor"].as_str() else {
            break;
        };
        body = page(
            &app,
            &format!("/admin/v1/audit-log?limit=2&cursor={cursor}"),
            &admin,
        )
        .await;
    }
    assert!(seen.len() >= 3, "{seen:?}");
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first, no repeats: {seen:?}"
    );
    // `before_id` still works.
    let older = page(
        &app,
        &format!("/admin/v1/audit-log?before_id={newest}"),
        &admin,
    )
    .await;
    assert!(
        older["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["id"].as_i64().unwrap() < newest)
    );
    for path in [
        "/admin/v1/tenants?cursor=nonsense",
        "/admin/v1/audit-log?cursor=nonsense",
    ] {
        let response = app.get(path, &admin).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["fields"][0]["field"], "cursor", "{path}");
    }
}
