//! The tenant's own list entries as it entered them: sealed with the customer-data key, shown to
//! owners and reviewers (the view audited), masked for analysts and API keys, never another
//! tenant's.

use sekisho_domain::Role;
use sekisho_test_support::TestApp;
use serde_json::{Value, json};

const PHONE: &str = "090-1234-5678";

async fn entries(app: &TestApp, token: &str) -> Vec<Value> {
    let response = app.get("/v1/lists?list=block", token).await;
    assert_eq!(response.status(), 200);
    response.json::<Vec<Value>>().await.unwrap()
}

#[tokio::test]
async fn list_entries_are_shown_as_entered_to_reviewers_masked_to_analysts_and_hidden_from_other_tenants()
 {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Listing Shop").await;
    let owner = app.create_staff(&shop, Role::Owner).await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let analyst = app.create_staff(&shop, Role::Analyst).await;

    let added = app
        .post(
            "/v1/lists",
            &owner.token,
            &json!({ "list": "block", "kind": "phone", "value": format!(" {PHONE} "), "note": "chargebacks" }),
        )
        .await;
    assert_eq!(added.status(), 201);
    let added: Vec<Value> = added.json().await.unwrap();
    assert_eq!(added[0]["value"], PHONE);
    let id = added[0]["id"].as_str().unwrap().to_owned();

    for staff in [&owner, &reviewer] {
        let seen = entries(&app, &staff.token).await;
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0]["value"], PHONE, "as entered, trimmed");
        assert_ne!(seen[0]["display"], PHONE);
    }
    for token in [&analyst.token, &shop.api_key] {
        let seen = entries(&app, token).await;
        assert_eq!(seen.len(), 1);
        assert!(seen[0].get("value").is_none(), "{}", seen[0]);
        assert!(!seen[0].to_string().contains("1234-5678"));
    }

    // Another tenant neither sees nor removes it.
    let other = app.create_tenant("Other Shop").await;
    let other_owner = app.create_staff(&other, Role::Owner).await;
    assert!(entries(&app, &other_owner.token).await.is_empty());
    let refused = app
        .delete(&format!("/v1/lists/{id}"), &other_owner.token)
        .await;
    assert_eq!(refused.status(), 404);

    // At rest the value is sealed; the consortium holds nothing of it; views and changes are
    // audited without it.
    let (db, connection) = tokio_postgres::connect(&app.database.owner_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let sealed: Vec<u8> = db
        .query_one("SELECT sealed_value FROM tenant_lists", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!sealed.windows(4).any(|w| w == b"1234"));
    let consortium: i64 = db
        .query_one("SELECT count(*) FROM consortium_entries", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(consortium, 0);
    let audited = db
        .query(
            "SELECT actor, action, details::text FROM audit_log \
             WHERE action LIKE 'list_entry.%' ORDER BY id",
            &[],
        )
        .await
        .unwrap();
    let actions: Vec<(String, String)> =
        audited.iter().map(|row| (row.get(0), row.get(1))).collect();
    assert_eq!(
        actions,
        [
            (format!("user:{}", owner.id), "list_entry.add".to_owned()),
            (format!("user:{}", owner.id), "list_entry.viewed".to_owned()),
            (
                format!("user:{}", reviewer.id),
                "list_entry.viewed".to_owned()
            ),
        ]
    );
    for row in &audited {
        let details: String = row.get(2);
        assert!(!details.contains("1234-5678"), "{details}");
    }

    let removed = app.delete(&format!("/v1/lists/{id}"), &owner.token).await;
    assert_eq!(removed.status(), 204);
    assert!(entries(&app, &reviewer.token).await.is_empty());
}
