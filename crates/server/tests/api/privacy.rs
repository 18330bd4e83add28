//! The privacy proof: a card number, an email and a phone go through the real server, and then
//! neither a full dump of the database nor the server's logs hold them anywhere.

use std::process::Command;

use serde_json::json;

use crate::logged_server::LoggedServer;

const CARD: &str = "4532015112830366";
const EMAIL: &str = "privacy.proof@example-mail.jp";
const PHONE: &str = "090-8765-4321";

fn pg_dump() -> Command {
    let dir = sekisho_embedded_pg::locate_binaries(None).ok();
    let beside = dir
        .map(|dir| dir.join("pg_dump"))
        .filter(|path| path.is_file());
    Command::new(beside.unwrap_or_else(|| "pg_dump".into()))
}

#[tokio::test]
async fn raw_identifiers_reach_neither_the_database_nor_the_logs() {
    let mut server = LoggedServer::start(&["--name", "Privacy Shop"]).await;
    let (base, key) = (server.base.clone(), server.api_key.clone());

    let client = reqwest::Client::new();
    let identifiers = json!({ "card": "4532 0151 1283 0366", "email": EMAIL, "phone": PHONE, "name": "秘密 花子" });
    let reported = client
        .post(format!("{base}/v1/fraud-reports"))
        .bearer_auth(&key)
        .json(&json!({ "category": "chargeback", "amount": 9800, "currency": "JPY", "occurred_at": "2026-11-01T00:00:00Z", "identifiers": identifiers }))
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status(), 201);
    let looked_up = client
        .post(format!("{base}/v1/negative/lookup"))
        .bearer_auth(&key)
        .json(&json!({ "identifiers": identifiers }))
        .send()
        .await
        .unwrap();
    assert_eq!(looked_up.status(), 200);
    let bad = client
        .post(format!("{base}/v1/negative/lookup"))
        .bearer_auth(&key)
        .json(&json!({ "identifiers": { "card": "4532015112830367", "email": EMAIL } }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        bad.status(),
        422,
        "a mistyped card is refused without echoing it"
    );
    let bad_body = bad.text().await.unwrap();
    assert!(!bad_body.contains("4532015112830367"), "{bad_body}");

    let logs = server.stop();
    assert!(
        logs.contains("fraud report"),
        "the logs are real and cover the request: {logs}"
    );

    let dump = pg_dump()
        .arg("--data-only")
        .arg(&server.database.owner_url)
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dump = String::from_utf8_lossy(&dump.stdout).into_owned();
    assert!(
        dump.contains("453201******0366"),
        "the dump holds the report's masked summary"
    );

    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    for secret in [
        CARD,
        "4532 0151 1283 0366",
        EMAIL,
        "privacy.proof",
        PHONE,
        &digits(PHONE),
        "+819087654321",
        "花子",
    ] {
        assert!(
            !dump.contains(secret),
            "the database dump contains {secret}"
        );
        assert!(!logs.contains(secret), "the server log contains {secret}");
    }
}
