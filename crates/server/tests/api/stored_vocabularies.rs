//! A stored value outside its vocabulary (written by hand, or by a newer version) is never
//! guessed at: reading the order answers 500 `unknown_stored_value`, without the value.

use diesel_async::RunQueryDsl;
use sekisho_test_support::{TestApp, error_code};
use serde_json::{Value, json};

fn order(id: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "account_id": "cust-1", "email": "hanako.suzuki@example-mail.jp" },
        "device": { "ip": "203.0.113.10" }
    })
}

#[tokio::test]
async fn an_order_with_an_unknown_stored_word_is_a_500_that_names_no_value() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Corrupted Shop").await;
    // Each column's foreign word is one no version of Sekisho writes.
    let corruptions = [
        ("decision", "'approve_maybe'"),
        ("status", "'pending_forever'"),
        ("three_ds", "'sometimes'"),
        (
            "reasons",
            r#"'[{"code": "mystery_reason", "message": "m", "message_ja": "m", "points": 1}]'::jsonb"#,
        ),
        ("shadow_rules", r#"'{"not": "a list"}'::jsonb"#),
    ];
    let mut owner = app.database.owner_connection().await;
    // The database's own checks refuse these words; a newer version's migration could widen
    // them (or an operator drop them), so the application must not rely on them.
    diesel::sql_query(
        "ALTER TABLE orders DROP CONSTRAINT orders_decision_check, \
         DROP CONSTRAINT orders_three_ds_check, DROP CONSTRAINT orders_status_check",
    )
    .execute(&mut owner)
    .await
    .unwrap();
    for (column, bad) in corruptions {
        let merchant_id = format!("BAD-{column}");
        let scored = app
            .post("/v1/orders/score", &shop.api_key, &order(&merchant_id))
            .await;
        assert_eq!(scored.status(), 200, "{column}");
        let scored: Value = scored.json().await.unwrap();
        let id = scored["order_id"].as_str().unwrap().to_owned();
        let updated = diesel::sql_query(format!(
            "UPDATE orders SET {column} = {bad} WHERE tenant_id = '{}' AND id = '{id}'",
            shop.id
        ))
        .execute(&mut owner)
        .await
        .unwrap();
        assert_eq!(updated, 1, "{column}");

        let read = app.get(&format!("/v1/orders/{id}"), &shop.api_key).await;
        assert_eq!(read.status(), 500, "{column}");
        let body: Value = read.json().await.unwrap();
        assert_eq!(
            body["error"]["code"], "unknown_stored_value",
            "{column}: {body}"
        );
        let text = body.to_string();
        for value in [
            "approve_maybe",
            "pending_forever",
            "sometimes",
            "mystery_reason",
            "a list",
        ] {
            assert!(
                !text.contains(value),
                "{column}: the answer echoes the value: {text}"
            );
        }
        // Put it right again, so that the next column is the only foreign word.
        diesel::sql_query(format!(
            "DELETE FROM orders WHERE tenant_id = '{}' AND id = '{id}'",
            shop.id
        ))
        .execute(&mut owner)
        .await
        .unwrap();
    }

    // A clean order still reads, and a list that meets a foreign word refuses as a whole.
    let clean: Value = app
        .post("/v1/orders/score", &shop.api_key, &order("CLEAN-1"))
        .await
        .json()
        .await
        .unwrap();
    let clean_id = clean["order_id"].as_str().unwrap();
    let read = app
        .get(&format!("/v1/orders/{clean_id}"), &shop.api_key)
        .await;
    assert_eq!(read.status(), 200);
    diesel::sql_query(format!(
        "UPDATE orders SET decision = 'approve_maybe' WHERE tenant_id = '{}' AND id = '{clean_id}'",
        shop.id
    ))
    .execute(&mut owner)
    .await
    .unwrap();
    let listed = app.get("/v1/orders", &shop.api_key).await;
    assert_eq!(listed.status(), 500);
    assert_eq!(error_code(listed).await, "unknown_stored_value");
}
