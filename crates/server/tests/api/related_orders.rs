//! Linked orders (名寄せ): orders sharing identifiers, two hops at most, bounded fan-out, never
//! across tenants.

use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};

/// An order whose every identifier is its own unless given; `place` is "block room".
fn order(id: &str, phone: &str, card: &str, place: &str) -> Value {
    let (block, room) = place.split_once(' ').unwrap();
    json!({
        "order_id": id,
        "amount": 5000,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "email": format!("{}@example-mail.jp", id.to_lowercase()), "phone": phone },
        "shipping_address": {
            "postal_code": "160-0022", "region": "東京都", "locality": "新宿区",
            "line1": format!("新宿3-{block}-1"), "line2": format!("コーポ新宿 {room}")
        },
        "card": { "number": card, "expiry": "12/29" },
        "device": { "device_id": format!("dev-{id}") }
    })
}

async fn score(app: &TestApp, tenant: &TestTenant, body: &Value) -> String {
    let response = app.post("/v1/orders/score", &tenant.api_key, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body["order_id"].as_str().unwrap().to_owned()
}

async fn related(app: &TestApp, token: &str, id: &str, depth: u8) -> (u16, Value) {
    let response = app
        .get(&format!("/v1/orders/{id}/related?depth={depth}"), token)
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn ids(graph: &Value) -> Vec<String> {
    graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["merchant_order_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn orders_link_through_shared_identifiers_up_to_two_hops_and_never_across_tenants() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Graph Shop").await;
    let other = app.create_tenant("Other Graph Shop").await;
    // ROOT shares a phone (written differently) with P1; P1 shares a card with C2; LONE shares
    // nothing. Another tenant has an order with ROOT's phone and card.
    let root = score(
        &app,
        &shop,
        &order("ROOT", "090-1111-2222", "4556 7375 8689 9855", "1 101"),
    )
    .await;
    score(
        &app,
        &shop,
        &order("P1", "+81 90 1111 2222", "4111 1111 1111 1111", "2 102"),
    )
    .await;
    score(
        &app,
        &shop,
        &order("C2", "080-3333-4444", "4111111111111111", "3 103"),
    )
    .await;
    score(
        &app,
        &shop,
        &order("LONE", "080-5555-6666", "5555 5555 5555 4444", "4 104"),
    )
    .await;
    score(
        &app,
        &other,
        &order("THEIRS", "090-1111-2222", "4556737586899855", "1 101"),
    )
    .await;
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;

    let (status, one) = related(&app, &reviewer.token, &root, 1).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(ids(&one), ["ROOT", "P1"], "{one}");
    let link = &one["links"][0];
    assert_eq!(link["from"], root.as_str());
    assert_eq!(link["kinds"], json!(["phone"]));
    assert_eq!(one["nodes"][1]["depth"], 1);
    assert_eq!(one["nodes"][1]["decision"], "accept");

    let (_, two) = related(&app, &reviewer.token, "ROOT", 2).await;
    assert_eq!(ids(&two), ["ROOT", "P1", "C2"], "{two}");
    assert_eq!(two["nodes"][2]["depth"], 2);
    let kinds_of_card_link: Vec<&Value> = two["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kinds"] == json!(["card"]))
        .collect();
    assert_eq!(kinds_of_card_link.len(), 1, "{two}");
    assert!(!two.to_string().contains("THEIRS"));
    assert_eq!(two["truncated"], false);

    // The other tenant's staff: the order is not theirs, and their own order links to nothing of
    // this tenant.
    let stranger = app.create_staff(&other, Role::Owner).await;
    assert_eq!(related(&app, &stranger.token, &root, 1).await.0, 404);
    let (_, theirs) = related(&app, &stranger.token, "THEIRS", 2).await;
    assert_eq!(ids(&theirs), ["THEIRS"], "{theirs}");
    // API keys, and depths other than 1 and 2, are refused.
    assert_eq!(related(&app, &shop.api_key, &root, 1).await.0, 403);
    assert_eq!(related(&app, &reviewer.token, &root, 3).await.0, 400);
}

#[tokio::test]
async fn a_forwarders_address_shared_by_many_orders_is_bounded() {
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Forwarder Shop").await;
    // Forty orders to one room of one forwarder, each with its own phone and card.
    let cards = [
        "4556737586899855",
        "4111111111111111",
        "5555555555554444",
        "378282246310005",
    ];
    let mut first = String::new();
    for n in 0..40 {
        let body = order(
            &format!("FW-{n}"),
            &format!("090-7000-{:04}", n),
            cards[n % cards.len()],
            "5 501",
        );
        let id = score(&app, &shop, &body).await;
        if n == 0 {
            first = id;
        }
    }
    let reviewer = app.create_staff(&shop, Role::Reviewer).await;
    let started = std::time::Instant::now();
    let (status, graph) = related(&app, &reviewer.token, &first, 2).await;
    assert_eq!(status, 200);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let nodes = graph["nodes"].as_array().unwrap().len();
    assert!(nodes <= 150, "{nodes}");
    assert!(
        nodes > 25,
        "the second hop reaches past the first hop's bound: {nodes}"
    );
    assert_eq!(graph["truncated"], true);
    assert!(
        graph["widely_shared"]
            .as_array()
            .unwrap()
            .contains(&json!("address_delivery_point")),
        "{}",
        graph["widely_shared"]
    );
    // Star-shaped links: never every pair of the forty.
    assert!(graph["links"].as_array().unwrap().len() < nodes * 3);
}
