//! The privacy proof: a card number, an email and a phone go through the real server, and then
//! neither a full dump of the database nor the server's logs hold them anywhere.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestDatabase};
use serde_json::{Value, json};

use crate::cli::{free_port, sekisho};

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
    let database = TestDatabase::create().await;
    let db_env = |command: &mut Command| {
        command
            .env("SEKISHO_DATABASE_URL", &database.app_url)
            .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
            .env(
                "SEKISHO_JWT_SECRET",
                "privacy-test-jwt-secret-0123456789abcdef",
            )
            .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX);
    };
    let mut create = sekisho(&["admin", "create-tenant", "--name", "Privacy Shop"]);
    db_env(&mut create);
    let created: Value = serde_json::from_slice(&create.output().unwrap().stdout).unwrap();
    let key = created["api_key"]["key"].as_str().unwrap().to_owned();

    let port = free_port();
    let log_path = std::env::temp_dir().join(format!(
        "sekisho-privacy-{}.log",
        uuid::Uuid::new_v4().simple()
    ));
    let mut serve = sekisho(&["serve"]);
    db_env(&mut serve);
    let mut server = serve
        .env("SEKISHO_LISTEN", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "trace")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while reqwest::get(format!("{base}/readyz"))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        assert!(server.try_wait().unwrap().is_none(), "server exited");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

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

    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    server.wait().unwrap();
    let logs = std::fs::read_to_string(&log_path).unwrap();
    std::fs::remove_file(&log_path).ok();
    assert!(
        logs.contains("fraud report"),
        "the logs are real and cover the request: {logs}"
    );

    let dump = pg_dump()
        .arg("--data-only")
        .arg(&database.owner_url)
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
