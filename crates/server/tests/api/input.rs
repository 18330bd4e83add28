//! What comes in as request data: unknown fields are refused with their path, NUL and other
//! invalid text is a 422 wherever it arrives (it was a 500 from PostgreSQL), and every string
//! and array has a length limit.

use sekisho_domain::Role;
use sekisho_test_support::{TestApp, TestTenant};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn order(order_id: &str) -> Value {
    json!({
        "order_id": order_id,
        "amount": 12800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": { "account_id": "member-1", "email": "buyer@example.jp" },
        "device": { "ip": "203.0.113.9", "user_agent": "Mozilla/5.0" },
        "items": [{ "name": "book", "quantity": 1 }]
    })
}

fn with(mut body: Value, pointer: &str, value: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match body.pointer_mut(parent).unwrap() {
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        other => panic!("{pointer}: {other}"),
    }
    body
}

async fn refusal(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| json!({ "text": text }));
    (status, body)
}

fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .map(|f| f["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn score(app: &TestApp, tenant: &TestTenant, body: &Value) -> (u16, Value) {
    refusal(app.post("/v1/orders/score", &tenant.api_key, body).await).await
}

#[tokio::test]
async fn unknown_fields_are_refused_with_their_full_path() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Unknown Fields Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;

    let (status, _) = score(&app, &tenant, &order("known-1")).await;
    assert_eq!(status, 200, "a well-formed order is still accepted");

    for (pointer, path) in [
        ("/customer/mail", "customer.mail"),
        ("/shipping", "shipping"),
        ("/items/0/colour", "items[0].colour"),
        ("/device/fingerprint", "device.fingerprint"),
    ] {
        let (status, body) = score(
            &app,
            &tenant,
            &with(order("unknown-1"), pointer, json!("x")),
        )
        .await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_eq!(body["error"]["code"], "unknown_field", "{path}: {body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("{path}: unknown field")),
            "{message}"
        );
        assert_eq!(fields(&body), vec![path.to_owned()]);
    }
    let orders: Value = app
        .get("/v1/orders", &owner.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        orders["items"].as_array().unwrap().len(),
        1,
        "none was scored"
    );

    let others: Vec<(&str, &str, Value)> = vec![
        (
            "/v1/auth/login",
            "",
            json!({ "email": owner.email, "password": "x", "otp": "1" }),
        ),
        (
            "/v1/negative/lookup",
            &tenant.api_key,
            json!({ "identifiers": { "mail": "a@b.jp" } }),
        ),
        (
            "/v1/logins/score",
            &tenant.api_key,
            json!({ "account_id": "a", "success": true, "ip": "203.0.113.1", "agent": "x" }),
        ),
        (
            "/v1/lists",
            &owner.token,
            json!({ "list": "block", "kind": "email", "value": "a@b.jp", "notes": "x" }),
        ),
        (
            "/v1/users",
            &owner.token,
            json!({ "email": "n@b.jp", "password": "long enough pw", "role": "analyst", "admin": true }),
        ),
        (
            "/v1/api-keys",
            &owner.token,
            json!({ "name": "k", "scopes": [] }),
        ),
        (
            "/v1/policy/backtest",
            &owner.token,
            json!({ "days": 30, "dry_run": true }),
        ),
    ];
    for (path, bearer, body) in others {
        let mut request = app.client.post(app.url(path)).json(&body);
        if !bearer.is_empty() {
            request = request.bearer_auth(bearer);
        }
        let (status, body) = refusal(request.send().await.unwrap()).await;
        assert_eq!(
            (status, body["error"]["code"].as_str()),
            (422, Some("unknown_field")),
            "{path}: {body}"
        );
    }
}

#[tokio::test]
async fn nul_and_control_characters_are_a_422_wherever_they_arrive() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("NUL Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;
    let admin = app.admin_token().await;
    let (status, _) = score(&app, &tenant, &order("nul-base")).await;
    assert_eq!(status, 200);

    let nul = json!("bad\u{0}text");
    let key = tenant.api_key.as_str();
    let token = owner.token.as_str();
    let cases: Vec<(&str, &str, String, &str, Value)> = vec![
        (
            "order id",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/order_id", nul.clone()),
        ),
        (
            "account id",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/customer/account_id", nul.clone()),
        ),
        (
            "item name",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/items/0/name", nul.clone()),
        ),
        (
            "user agent",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/device/user_agent", nul.clone()),
        ),
        (
            "escape",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/customer/name", json!("a\u{1b}[31m")),
        ),
        (
            "login user agent",
            "POST",
            "/v1/logins/score".into(),
            key,
            json!({ "account_id": "member-1", "success": true, "ip": "203.0.113.1", "user_agent": nul }),
        ),
        (
            "login account",
            "POST",
            "/v1/logins/score".into(),
            key,
            json!({ "account_id": nul, "success": true, "ip": "203.0.113.1" }),
        ),
        (
            "list note",
            "POST",
            "/v1/lists".into(),
            token,
            json!({ "list": "block", "kind": "email", "value": "a@b.jp", "note": nul }),
        ),
        (
            "decline code",
            "POST",
            "/v1/payments/attempts".into(),
            key,
            json!({ "card": { "number": "4111111111111111" }, "amount": 1, "currency": "JPY", "result": "declined", "decline_code": nul }),
        ),
        (
            "outcome decline code",
            "POST",
            "/v1/orders/nul-base/outcomes".into(),
            key,
            json!({ "type": "authorization", "result": "declined", "decline_code": nul }),
        ),
        (
            "review note",
            "POST",
            "/v1/reviews/nul-base".into(),
            token,
            json!({ "decision": "accept", "note": nul }),
        ),
        (
            "report order id",
            "POST",
            "/v1/fraud-reports".into(),
            key,
            json!({ "category": "chargeback", "amount": 1, "currency": "JPY", "occurred_at": "2026-11-01T00:00:00Z", "order_id": nul, "identifiers": { "email": "f@b.jp" } }),
        ),
        (
            "dispute reason",
            "POST",
            "/admin/v1/consortium/disputes".into(),
            &admin,
            json!({ "identifiers": { "email": "f@b.jp" }, "reason": nul }),
        ),
        (
            "field name",
            "POST",
            "/v1/orders/score".into(),
            key,
            with(order("x"), "/customer/a\u{0}", json!(1)),
        ),
        (
            "query",
            "GET",
            "/v1/orders?q=ord%00".into(),
            token,
            Value::Null,
        ),
        (
            "query name",
            "GET",
            "/v1/orders?q%00=1".into(),
            token,
            Value::Null,
        ),
        (
            "query control",
            "GET",
            "/v1/orders?status=%07".into(),
            token,
            Value::Null,
        ),
        (
            "path",
            "GET",
            "/v1/orders/nul%00base".into(),
            token,
            Value::Null,
        ),
        (
            "path, not UTF-8",
            "GET",
            "/v1/orders/%FF%FE".into(),
            token,
            Value::Null,
        ),
        (
            "review path",
            "POST",
            "/v1/reviews/nul%00base".into(),
            token,
            json!({ "decision": "accept" }),
        ),
        (
            "outcome path",
            "POST",
            "/v1/orders/x%00/outcomes".into(),
            key,
            json!({ "type": "delivery" }),
        ),
    ];
    for (what, method, path, bearer, body) in cases {
        let mut request = app
            .client
            .request(method.parse().unwrap(), app.url(&path))
            .bearer_auth(bearer);
        if !body.is_null() {
            request = request.json(&body);
        }
        let (status, body) = refusal(request.send().await.unwrap()).await;
        assert_eq!(status, 422, "{what}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed", "{what}: {body}");
        assert!(
            !body.to_string().contains("bad"),
            "{what}: the value is not echoed: {body}"
        );
    }
    let (_, body) = score(
        &app,
        &tenant,
        &with(order("x"), "/customer/account_id", nul),
    )
    .await;
    assert_eq!(fields(&body), vec!["customer.account_id"]);
    assert_eq!(
        body["error"]["fields"][0]["message"],
        "must not contain a NUL character"
    );

    // Raw control bytes in JSON are not JSON.
    let response = app
        .client
        .post(app.url("/v1/orders/score"))
        .bearer_auth(key)
        .header("content-type", "application/json")
        .body(order("x").to_string().replace("book", "bo\u{0}ok"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

/// Headers that reach PostgreSQL (User-Agent for the device tag, Idempotency-Key): HTTP refuses
/// NUL and control bytes itself, and bytes beyond ASCII are not text the handlers read.
#[tokio::test]
async fn header_text_never_reaches_postgresql_as_a_500() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Header Shop").await;
    let body = order("header-1").to_string();
    let raw = |headers: &[u8]| {
        let mut request = format!(
            "POST /v1/orders/score HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
            tenant.api_key,
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(headers);
        request.extend_from_slice(b"\r\n");
        request.extend_from_slice(body.as_bytes());
        request
    };
    for (what, headers, allowed) in [
        (
            "NUL in User-Agent",
            &b"User-Agent: a\0b\r\n"[..],
            &[400_u16][..],
        ),
        (
            "NUL in Idempotency-Key",
            &b"Idempotency-Key: k\0\r\n"[..],
            &[400][..],
        ),
        (
            "escape in Idempotency-Key",
            &b"Idempotency-Key: k\x1b[0m\r\n"[..],
            &[400][..],
        ),
        (
            "Latin-1 User-Agent",
            &b"User-Agent: caf\xe9\r\n"[..],
            &[200][..],
        ),
        (
            "not UTF-8 Idempotency-Key",
            &b"Idempotency-Key: \xff\xfe\r\n"[..],
            &[200, 400, 422][..],
        ),
    ] {
        let address = app.address.trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        stream.write_all(&raw(headers)).await.unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer);
        let status: u16 = answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!(allowed.contains(&status), "{what}: {answer}");
    }
}

#[tokio::test]
async fn every_string_and_array_has_a_length_limit() {
    let app = TestApp::spawn().await;
    let tenant = app.create_tenant("Limits Shop").await;
    let owner = app.create_staff(&tenant, Role::Owner).await;

    let long = |n: usize| json!("7".repeat(n));
    let cases = [
        (
            "/customer/account_id",
            long(250_000),
            "customer.account_id",
            "at most 255",
        ),
        ("/order_id", long(256), "order_id", "at most 255"),
        ("/items/0/name", long(201), "items[0].name", "at most 200"),
        (
            "/device/accept_language",
            long(2049),
            "device.accept_language",
            "at most 2048",
        ),
        (
            "/items",
            json!(vec![json!({ "name": "b", "quantity": 1 }); 201]),
            "items",
            "at most 200 items",
        ),
    ];
    for (pointer, value, field, limit) in cases {
        let (status, body) = score(&app, &tenant, &with(order("long-1"), pointer, value)).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert_eq!(body["error"]["code"], "validation_failed");
        assert_eq!(fields(&body), vec![field.to_owned()]);
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(limit), "{message}");
        assert!(!message.contains("7777"), "the value is not echoed");
    }
    // At the limit is fine, counted in characters.
    let (status, body) = score(
        &app,
        &tenant,
        &with(
            order("long-2"),
            "/customer/account_id",
            json!("会".repeat(255)),
        ),
    )
    .await;
    assert_eq!(status, 200, "{body}");

    let note = app
        .post(
            "/v1/lists",
            &owner.token,
            &json!({ "list": "block", "kind": "email", "value": "a@b.jp", "note": "n".repeat(1001) }),
        )
        .await;
    let (status, body) = refusal(note).await;
    assert_eq!((status, fields(&body)), (422, vec!["note".to_owned()]));

    let long_path = app
        .get(&format!("/v1/orders/{}", "o".repeat(256)), &owner.token)
        .await;
    assert_eq!(long_path.status(), 422);
    let long_query = app
        .get(&format!("/v1/orders?q={}", "o".repeat(2049)), &owner.token)
        .await;
    assert_eq!(long_query.status(), 422);
}
