//! No request value in any error message or log: card numbers, passwords, emails and phones
//! sent in every position and JSON type the API refuses — a string where a number is expected,
//! a number where a string is expected, enum fields, arrays, nested objects, unknown fields,
//! query strings, path segments and headers — appear neither in the responses nor in the
//! server's log at trace level.

use serde_json::{Value, json};

use crate::logged_server::LoggedServer;

const CARD: &str = "4532015112830366";
const CARD_NUMBER: u64 = 4_532_015_112_830_366;
const PASSWORD: &str = "918273645546372819";
const PASSWORD_NUMBER: u64 = 918_273_645_546_372_819;
const EMAIL: &str = "leak.proof@example-mail.jp";
const PHONE: &str = "09076543210";
const OWNER_EMAIL: &str = "owner@redaction-shop.test";
const OWNER_PASSWORD: &str = "long enough pw";

/// A well-formed order, to be spoiled one field at a time.
fn order() -> Value {
    json!({
        "order_id": "redaction-1",
        "amount": 12800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "email": "buyer@example.jp" },
        "items": [{ "name": "book", "quantity": 1 }]
    })
}

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = body.pointer_mut(parent).unwrap();
    match target {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{pointer}"),
    }
    body
}

/// Every refused request: (what, method, path, bearer, body).
fn refused_requests(
    api_key: &str,
    token: &str,
) -> Vec<(String, &'static str, String, String, Option<Value>)> {
    let key = api_key.to_owned();
    let staff = token.to_owned();
    let mut cases = Vec::new();
    let mut order_case = |what: &str, pointer: &str, value: Value| {
        cases.push((
            format!("order {what}"),
            "POST",
            "/v1/orders/score".to_owned(),
            key.clone(),
            Some(with(order(), pointer, value)),
        ));
    };
    // A string where a number is expected, and the reverse.
    order_case("amount as a string", "/amount", json!(CARD));
    order_case("order id as a number", "/order_id", json!(CARD_NUMBER));
    order_case("email as a number", "/customer/email", json!(CARD_NUMBER));
    order_case(
        "phone as a float",
        "/customer/phone",
        json!(9.076_543_21e10),
    );
    order_case("quantity as a string", "/items/0/quantity", json!(PHONE));
    order_case("item name as a number", "/items/0/name", json!(CARD_NUMBER));
    order_case("nested object as a string", "/customer", json!(EMAIL));
    order_case("array as a string", "/items", json!(EMAIL));
    order_case("array of strings", "/items", json!([CARD, EMAIL]));
    order_case(
        "object as an array",
        "/customer",
        json!([EMAIL, CARD_NUMBER]),
    );
    order_case("enum value", "/three_ds", json!({ "status": CARD }));
    order_case(
        "enum as a number",
        "/three_ds",
        json!({ "status": CARD_NUMBER }),
    );
    order_case(
        "bool field",
        "/three_ds",
        json!({ "status": "failed", "flow": [PHONE] }),
    );
    order_case("date", "/ordered_at", json!(PHONE));
    order_case("date as a number", "/ordered_at", json!(CARD_NUMBER));
    order_case("unknown field", "/customer/mail", json!(EMAIL));
    order_case(
        "unknown field named like a card",
        &format!("/{CARD}"),
        json!(1),
    );
    order_case(
        "unknown field named like an email",
        &format!("/customer/{EMAIL}"),
        json!(PHONE),
    );
    order_case(
        "card number in a NUL string",
        "/customer/account_id",
        json!(format!("{CARD}\u{0}")),
    );
    let mut push =
        |what: &str, method: &'static str, path: String, bearer: &str, body: Option<Value>| {
            cases.push((what.to_owned(), method, path, bearer.to_owned(), body));
        };
    push(
        "report category",
        "POST",
        "/v1/fraud-reports".into(),
        api_key,
        Some(
            json!({ "category": CARD, "amount": 1, "currency": "JPY", "occurred_at": "2026-11-01T00:00:00Z", "identifiers": { "email": EMAIL } }),
        ),
    );
    push(
        "report amount as an email",
        "POST",
        "/v1/fraud-reports".into(),
        api_key,
        Some(
            json!({ "category": "chargeback", "amount": EMAIL, "currency": "JPY", "occurred_at": PHONE, "identifiers": { "card": CARD } }),
        ),
    );
    push(
        "lookup card as a number",
        "POST",
        "/v1/negative/lookup".into(),
        api_key,
        Some(json!({ "identifiers": { "card": CARD_NUMBER } })),
    );
    push(
        "lookup email in an array",
        "POST",
        "/v1/negative/lookup".into(),
        api_key,
        Some(json!({ "identifiers": { "email": [EMAIL], "phone": { "n": PHONE } } })),
    );
    push(
        "attempt result",
        "POST",
        "/v1/payments/attempts".into(),
        api_key,
        Some(json!({ "card": { "number": CARD }, "amount": 1, "currency": "JPY", "result": CARD })),
    );
    push(
        "numeric password",
        "POST",
        "/v1/auth/login".into(),
        "",
        Some(json!({ "email": OWNER_EMAIL, "password": PASSWORD_NUMBER })),
    );
    push(
        "email as a number",
        "POST",
        "/v1/auth/login".into(),
        "",
        Some(json!({ "email": CARD_NUMBER, "password": PASSWORD })),
    );
    push(
        "role enum",
        "POST",
        "/v1/users".into(),
        token,
        Some(json!({ "email": EMAIL, "password": PASSWORD, "role": PHONE })),
    );
    push(
        "list kind enum",
        "POST",
        "/v1/lists".into(),
        token,
        Some(json!({ "list": "block", "kind": EMAIL, "value": CARD })),
    );
    push(
        "list kinds array",
        "POST",
        "/v1/lists".into(),
        token,
        Some(json!({ "list": "block", "identifiers": { "phone": PHONE }, "kinds": [CARD] })),
    );
    // Query strings and path segments.
    push(
        "query enum-ish",
        "GET",
        format!("/v1/orders?limit={CARD}9999&q={EMAIL}"),
        &staff,
        None,
    );
    push(
        "query date",
        "GET",
        format!("/v1/orders?from={PHONE}"),
        &staff,
        None,
    );
    push(
        "query bool",
        "GET",
        format!("/v1/alerts?active={CARD}"),
        &staff,
        None,
    );
    push(
        "query cursor",
        "GET",
        format!("/v1/fraud-reports?cursor={CARD}"),
        api_key,
        None,
    );
    push(
        "path uuid",
        "DELETE",
        format!("/v1/api-keys/{CARD}"),
        &staff,
        None,
    );
    push(
        "path order id",
        "GET",
        format!("/v1/orders/{CARD}"),
        &staff,
        None,
    );
    push(
        "path with NUL",
        "GET",
        format!("/v1/orders/{PHONE}%00"),
        &staff,
        None,
    );
    push(
        "unknown route",
        "GET",
        format!("/v1/nothing/{EMAIL}"),
        api_key,
        None,
    );
    cases
}

#[tokio::test]
async fn refused_values_reach_neither_the_responses_nor_the_log() {
    let mut server = LoggedServer::start(&[
        "--name",
        "Redaction Shop",
        "--owner-email",
        OWNER_EMAIL,
        "--owner-password",
        OWNER_PASSWORD,
    ])
    .await;
    let client = reqwest::Client::new();
    let base = server.base.clone();
    let login = client
        .post(format!("{base}/v1/auth/login"))
        .json(&json!({ "email": OWNER_EMAIL, "password": OWNER_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let token = login.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut refused = 0;
    let mut problems = Vec::new();
    for (what, method, path, bearer, body) in refused_requests(&server.api_key, &token) {
        let mut request = client
            .request(method.parse().unwrap(), format!("{base}{path}"))
            // A header value is request data too.
            .header("user-agent", format!("probe {CARD}"));
        if !bearer.is_empty() {
            request = request.bearer_auth(&bearer);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        if !status.is_client_error() {
            problems.push(format!("{what}: refused with a 4xx, got {status}: {text}"));
        }
        refused += 1;
        for secret in [CARD, PASSWORD, EMAIL, "leak.proof", PHONE] {
            if text.contains(secret) {
                problems.push(format!("{what}: the response echoes {secret}: {text}"));
            }
        }
    }
    assert!(refused > 30);

    let logs = server.stop();
    assert!(
        logs.contains("/v1/orders/score") && logs.contains("422"),
        "the log is real and covers the requests: {logs}"
    );
    for secret in [CARD, PASSWORD, EMAIL, "leak.proof", PHONE] {
        let lines: Vec<&str> = logs.lines().filter(|line| line.contains(secret)).collect();
        if let Some(first) = lines.first() {
            problems.push(format!(
                "the server log contains {secret} in {} lines, e.g. {first}",
                lines.len()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
