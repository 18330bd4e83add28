//! `sekisho import`: the real binary against a fresh database, with small CSV files. Checks the
//! counts and line numbers of the summary, what lands in each table, that only fingerprints (never
//! raw identifiers) are stored, and that a second run of the same file changes nothing.

use std::path::PathBuf;
use std::process::{Command, Output};

use sekisho_domain::identifiers::{ConsortiumKey, IdentifierKind, RawAddress, RawIdentifiers};
use sekisho_test_support::TestDatabase;
use serde_json::{Value, json};
use tokio_postgres::{Client, NoTls};

const BINARY: &str = env!("CARGO_BIN_EXE_sekisho");
const KEY_HEX: &str = "5e4b15a0c0ffee00112233445566778899aabbccddeeff00112233445566778a";

fn key() -> ConsortiumKey {
    ConsortiumKey::from_hex(KEY_HEX).unwrap()
}

fn command(database: &TestDatabase, args: &[&str]) -> Command {
    let mut command = Command::new(BINARY);
    command.args(args).env("RUST_LOG", "warn");
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    command
        .env("SEKISHO_DATABASE_URL", &database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &database.owner_url)
        .env("SEKISHO_CONSORTIUM_KEY", KEY_HEX);
    command
}

fn sekisho(database: &TestDatabase, args: &[&str]) -> Output {
    command(database, args).output().unwrap()
}

/// Runs an import that must succeed and returns its summary.
fn import(database: &TestDatabase, args: &[&str]) -> (Value, String) {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    let output = sekisho(database, &all);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    let summary = serde_json::from_slice(&output.stdout).expect("JSON summary on stdout");
    (summary, stderr)
}

struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("sekisho-import-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, content: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, content).unwrap();
        path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

async fn owner(database: &TestDatabase) -> Client {
    let (client, connection) = tokio_postgres::connect(&database.owner_url, NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

async fn count(client: &Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).await.unwrap().get(0)
}

fn create_tenant(database: &TestDatabase) -> String {
    let output = sekisho(
        database,
        &["admin", "create-tenant", "--name", "Import Shop"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let created: Value = serde_json::from_slice(&output.stdout).unwrap();
    created["tenant_id"].as_str().unwrap().to_owned()
}

fn lines_and_messages(summary: &Value) -> Vec<(u64, String)> {
    summary["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const EMAIL: &str = "Taro.Yamada+shop@example.jp";
const PHONE: &str = "090-1234-5678";
const CARD: &str = "4111 1111 1111 1111";
const BAD_PHONE: &str = "0311";

fn reports_csv() -> String {
    // Columns in an order of their own; line 9 is line 2 in other notations (full-width phone,
    // card without spaces, amount with decimals), so the same report.
    [
        "email,phone,card,ip,device_id,category,amount,currency,occurred_at,order_id,postal_code,line1,line2,name".to_owned(),
        format!("{EMAIL},{PHONE},{CARD},203.0.113.7,dev-001,chargeback,12800,JPY,2026-11-01T10:00:00+09:00,A-1,,,,"),
        ",,,,,unpaid,5000,,2026-11-02,A-2,100-0001,千代田区千代田1-1-1,ABCマンション305号室,山田 太郎".to_owned(),
        "x@example.jp,,,,,stolen,100,JPY,2026-11-03,A-3,,,,".to_owned(),
        "y@example.jp,,,,,unpaid,12.5,JPY,2026-11-03,A-4,,,,".to_owned(),
        format!(",{BAD_PHONE},,,,resale,100,JPY,2026-11-03,A-5,,,,"),
        ",,,,,other,100,JPY,2026-11-03,A-6,,,,".to_owned(),
        "z@example.jp,unpaid,100".to_owned(),
        "taro.yamada@example.jp,０９０１２３４５６７８,4111111111111111,203.0.113.7,dev-001,chargeback,12800.0,jpy,2026-11-01T01:00:00Z,A-1,,,,".to_owned(),
    ]
    .join("\n")
        + "\n"
}

#[tokio::test]
async fn reports_import_keeps_good_lines_names_bad_ones_and_stores_only_fingerprints() {
    let database = TestDatabase::create().await;
    let tenant = create_tenant(&database);
    let dir = TempDir::new();
    let file = dir.file("reports.csv", &reports_csv());

    let (summary, stderr) = import(&database, &["reports", &file, "--tenant", &tenant]);
    assert_eq!(summary["rows"], 8);
    assert_eq!(summary["imported"], 2);
    assert_eq!(summary["unchanged"], 1, "line 9 repeats line 2");
    assert_eq!(summary["rejected"], 5);
    // Line 2: email, email_domain, phone, ip, ip_prefix, card, device_id. Line 3: two address
    // keys and the name.
    assert_eq!(summary["identifiers"], 10);
    assert_eq!(
        lines_and_messages(&summary),
        [
            (4, "category: must be one of chargeback, unpaid, resale, card_testing, account_takeover, other".to_owned()),
            (5, "amount: JPY has 0 decimal places; '12.5' has more".to_owned()),
            (6, "phone: is not a valid phone number".to_owned()),
            (7, "at least one identifier is required (email, phone, address, ip, card, device_id or name)".to_owned()),
            (8, "has 3 fields, the header has 14".to_owned()),
        ]
    );
    for line in [4, 5, 6, 7, 8] {
        assert!(
            stderr.contains(&format!("reports.csv:{line}: ")),
            "{stderr}"
        );
    }
    assert!(
        !stderr.contains(BAD_PHONE) && !stderr.contains("1234"),
        "{stderr}"
    );

    let db = owner(&database).await;
    // Exactly the fingerprints of the normalised identifiers, under the consortium key.
    let line2 = RawIdentifiers {
        email: Some(EMAIL.into()),
        phone: Some(PHONE.into()),
        ip: Some("203.0.113.7".into()),
        card: Some(CARD.into()),
        device_id: Some("dev-001".into()),
        ..RawIdentifiers::default()
    };
    let line3 = RawIdentifiers {
        address: Some(RawAddress {
            postal_code: "100-0001".into(),
            line1: "千代田区千代田1-1-1".into(),
            line2: "ABCマンション305号室".into(),
            ..RawAddress::default()
        }),
        name: Some("山田 太郎".into()),
        ..RawIdentifiers::default()
    };
    let mut expected: Vec<(String, Vec<u8>, String)> = Vec::new();
    for (raw, category) in [(&line2, "chargeback"), (&line3, "unpaid")] {
        for id in raw.normalize().unwrap() {
            expected.push((
                id.kind().as_str().to_owned(),
                id.fingerprint(&key()).as_bytes().to_vec(),
                category.to_owned(),
            ));
        }
    }
    expected.sort();
    let mut stored: Vec<(String, Vec<u8>, String)> = db
        .query(
            "SELECT kind, fingerprint, category FROM consortium_entries \
             WHERE tenant_id = $1::text::uuid AND shared",
            &[&tenant],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    stored.sort();
    assert_eq!(stored, expected);

    // Reports: imported, with masked summaries; the contributor's record counts them.
    let reports = db
        .query(
            "SELECT category, amount_minor, currency, order_id, source, created_by, summary, \
                    occurred_at::text FROM fraud_reports ORDER BY order_id",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(reports.len(), 2);
    let first = &reports[0];
    assert_eq!(first.get::<_, String>(0), "chargeback");
    assert_eq!(first.get::<_, i64>(1), 12800);
    assert_eq!(first.get::<_, String>(2), "JPY");
    assert_eq!(first.get::<_, String>(4), "import");
    assert_eq!(first.get::<_, String>(5), "import");
    assert_eq!(
        first.get::<_, Value>(6),
        serde_json::to_value(line2.parse().unwrap().masked()).unwrap()
    );
    assert_eq!(
        reports[1].get::<_, String>(7),
        "2026-11-01 15:00:00+00",
        "a date is a day in Japan"
    );
    assert_eq!(
        count(&db, "SELECT reports FROM contributor_records").await,
        2
    );
    let audit: Value = db
        .query_one(
            "SELECT details FROM audit_log WHERE action = 'import.reports' AND actor = 'cli'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(audit["imported"], 2);
    assert_eq!(audit["identifiers"], 10);

    // No raw identifier in any column of either table.
    let everything: Vec<String> = db
        .query(
            "SELECT row_to_json(t)::text FROM fraud_reports t \
             UNION ALL SELECT row_to_json(t)::text FROM consortium_entries t",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(everything.len(), 12);
    for row in &everything {
        for secret in [
            "taro",
            "yamada",
            "12345678",
            "4111111111111111",
            "111111111111",
            "203.0.113.7",
            "dev-001",
            "太郎",
        ] {
            assert!(!row.to_lowercase().contains(secret), "{secret} in {row}");
        }
    }

    // The same file again: nothing new.
    let (again, _) = import(&database, &["reports", &file, "--tenant", &tenant]);
    assert_eq!(again["imported"], 0);
    assert_eq!(again["unchanged"], 3);
    assert_eq!(again["rejected"], 5);
    assert_eq!(again["identifiers"], 0);
    assert_eq!(count(&db, "SELECT count(*) FROM fraud_reports").await, 2);
    assert_eq!(
        count(&db, "SELECT count(*) FROM consortium_entries").await,
        10
    );
    assert_eq!(
        count(&db, "SELECT reports FROM contributor_records").await,
        2
    );
}

#[tokio::test]
async fn reports_import_fails_before_reading_when_it_cannot_start() {
    let database = TestDatabase::create().await;
    let tenant = create_tenant(&database);
    let dir = TempDir::new();
    let good = dir.file(
        "good.csv",
        "category,amount,occurred_at,email\nunpaid,1,2026-11-01,a@example.jp\n",
    );
    let unknown_column = dir.file(
        "bad.csv",
        "category,amount,occurred_at,emial\nunpaid,1,2026-11-01,a@example.jp\n",
    );
    let missing = dir.0.join("missing.csv").display().to_string();
    let other_tenant = uuid::Uuid::new_v4().to_string();
    for (file, tenant, expected) in [
        (&missing, &tenant, "missing.csv"),
        (&unknown_column, &tenant, "unknown column `emial`"),
        (&good, &other_tenant, "does not exist"),
    ] {
        let output = sekisho(&database, &["import", "reports", file, "--tenant", tenant]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success());
        assert!(stderr.contains(expected), "{stderr}");
        assert!(output.stdout.is_empty());
    }
    let db = owner(&database).await;
    assert_eq!(count(&db, "SELECT count(*) FROM fraud_reports").await, 0);
}

/// A batch the database refuses ends the import with its error. The reader used to wait forever
/// for workers that had stopped: with more batches in the file than the pipeline holds, the
/// process never exited.
#[tokio::test]
async fn reports_import_stops_with_the_error_when_a_batch_fails() {
    let database = TestDatabase::create().await;
    let tenant = create_tenant(&database);
    let db = owner(&database).await;
    db.batch_execute(
        "CREATE FUNCTION pg_temp_refuse_reports() RETURNS trigger LANGUAGE plpgsql AS
             $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
         CREATE TRIGGER refuse_reports BEFORE INSERT ON fraud_reports
             FOR EACH STATEMENT EXECUTE FUNCTION pg_temp_refuse_reports();",
    )
    .await
    .unwrap();
    let dir = TempDir::new();
    // Eight batches of 20,000 lines: more than the reader, the workers and the writer hold.
    let mut csv = String::from("category,amount,occurred_at,email\n");
    for line in 0..160_000 {
        csv.push_str(&format!("unpaid,1,2026-11-01,buyer{line}@example.jp\n"));
    }
    let file = dir.file("many.csv", &csv);
    let mut child = command(
        &database,
        &["import", "reports", &file, "--tenant", &tenant],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().ok();
            panic!("the import did not exit after its batch failed");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains("filing the batch"), "{stderr}");
    assert_eq!(count(&db, "SELECT count(*) FROM fraud_reports").await, 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM consortium_entries").await,
        0
    );
}

#[tokio::test]
async fn ip_reputation_skips_comments_and_reports_bad_lines() {
    let database = TestDatabase::create().await;
    let dir = TempDir::new();
    let list = dir.file(
        "tor-exits.txt",
        "# Tor exit nodes\n\n203.0.113.7\n198.51.100.0/24  # a whole network\n10.0.0.1/8\n2001:db8::1\n203.0.113.7\n",
    );
    let (summary, _) = import(&database, &["ip-reputation", &list, "--tag", "tor"]);
    assert_eq!(summary["rows"], 5);
    assert_eq!(summary["imported"], 3);
    assert_eq!(summary["unchanged"], 1);
    assert_eq!(summary["rejected"], 1);
    assert_eq!(
        lines_and_messages(&summary),
        [(
            5,
            "range: has bits set right of the prefix length".to_owned()
        )]
    );
    let csv = dir.file("vpn.csv", "provider,range\nExampleVPN,192.0.2.0/25\n");
    let (summary, _) = import(
        &database,
        &[
            "ip-reputation",
            &csv,
            "--tag",
            "vpn",
            "--source",
            "vpn-feed",
        ],
    );
    assert_eq!(summary["imported"], 1);

    let db = owner(&database).await;
    let rows: Vec<(String, String, String)> = db
        .query(
            "SELECT range::text, tag, source FROM ip_reputation ORDER BY range::text",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    let row = |range: &str, tag: &str, source: &str| {
        (range.to_owned(), tag.to_owned(), source.to_owned())
    };
    assert_eq!(
        rows,
        [
            row("192.0.2.0/25", "vpn", "vpn-feed"),
            row("198.51.100.0/24", "tor", "tor-exits.txt"),
            row("2001:db8::1/128", "tor", "tor-exits.txt"),
            row("203.0.113.7/32", "tor", "tor-exits.txt"),
        ]
    );
    let (again, _) = import(&database, &["ip-reputation", &list, "--tag", "tor"]);
    assert_eq!(
        (again["imported"].clone(), again["unchanged"].clone()),
        (json!(0), json!(4))
    );
}

#[tokio::test]
async fn ip_countries_take_ranges_with_or_without_a_header() {
    let database = TestDatabase::create().await;
    let dir = TempDir::new();
    let spans = dir.file(
        "dbip.csv",
        "start,end,country\n1.0.0.0,1.0.0.255,au\n2001:db8::,2001:db8::ffff,JP\n9.9.9.9,9.9.9.0,US\n1.0.1.0,1.0.1.255,Japan\n",
    );
    let (summary, _) = import(&database, &["ip-countries", &spans]);
    assert_eq!(
        (summary["imported"].clone(), summary["rejected"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(
        lines_and_messages(&summary),
        [
            (4, "start: is after end".to_owned()),
            (
                5,
                "country: must be a two-letter ISO 3166-1 code".to_owned()
            ),
        ]
    );
    let cidrs = dir.file("cidr.csv", "192.0.2.0/24,jp\n198.51.100.0/23,US\n");
    let (summary, _) = import(&database, &["ip-countries", &cidrs]);
    assert_eq!(summary["imported"], 2);

    let db = owner(&database).await;
    let rows: Vec<(String, String, String)> = db
        .query(
            "SELECT host(ip_from), host(ip_to), country FROM ip_countries ORDER BY ip_from",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    let row = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
    assert_eq!(
        rows,
        [
            row("1.0.0.0", "1.0.0.255", "AU"),
            row("192.0.2.0", "192.0.2.255", "JP"),
            row("198.51.100.0", "198.51.101.255", "US"),
            row("2001:db8::", "2001:db8::ffff", "JP"),
        ]
    );
    let (again, _) = import(&database, &["ip-countries", &cidrs]);
    assert_eq!(
        (again["imported"].clone(), again["unchanged"].clone()),
        (json!(0), json!(2))
    );
}

#[tokio::test]
async fn card_bins_are_updated_by_a_re_import() {
    let database = TestDatabase::create().await;
    let dir = TempDir::new();
    let header = "bin,brand,issuer_country,card_type,issuer\n";
    let first = dir.file(
        "bins.csv",
        &format!("{header}411111,Visa,US,credit,Example Bank\n35301113,JCB,jp,credit,\n12345,visa,US,,\n540000,mastercard,Japan,debit,\n"),
    );
    let (summary, _) = import(&database, &["card-bins", &first]);
    assert_eq!(
        (summary["imported"].clone(), summary["rejected"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(
        lines_and_messages(&summary),
        [
            (4, "bin: must have 6 to 8 digits".to_owned()),
            (
                5,
                "issuer_country: must be a two-letter ISO 3166-1 code or empty".to_owned()
            ),
        ]
    );
    let (same, _) = import(&database, &["card-bins", &first]);
    assert_eq!(
        (same["imported"].clone(), same["unchanged"].clone()),
        (json!(0), json!(2))
    );

    let changed = dir.file(
        "bins-v2.csv",
        &format!("{header}411111,visa,GB,debit,Other Bank\n35301113,jcb,JP,credit,\n"),
    );
    let (summary, _) = import(&database, &["card-bins", &changed]);
    assert_eq!(
        (summary["imported"].clone(), summary["unchanged"].clone()),
        (json!(1), json!(1))
    );
    let db = owner(&database).await;
    let row = db
        .query_one("SELECT brand, issuer_country, card_type, issuer, source FROM card_bins WHERE bin = '411111'", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "visa");
    assert_eq!(row.get::<_, String>(1), "GB");
    assert_eq!(row.get::<_, String>(2), "debit");
    assert_eq!(row.get::<_, String>(3), "Other Bank");
    assert_eq!(row.get::<_, String>(4), "bins-v2.csv");
    assert_eq!(
        count(&db, "SELECT count(*) FROM card_bins WHERE issuer IS NULL").await,
        1
    );
}

#[tokio::test]
async fn vacant_rooms_are_keyed_per_room_and_forwarders_per_building() {
    let database = TestDatabase::create().await;
    let dir = TempDir::new();
    // Two rooms of one building, the second written with full-width digits and kanji numerals.
    let file = dir.file(
        "addresses.csv",
        "country,postal_code,region,locality,line1,line2,label\n\
         JP,100-0001,東京都,千代田区,千代田1-1-1,ABCマンション305,room 305\n\
         ,１００－０００１,,,千代田区千代田一丁目1番1号,ABCマンション306号室,room 306\n\
         JP,12-34,,,千代田1-1-1,,bad postal code\n",
    );
    let (vacant, _) = import(&database, &["addresses", &file, "--list", "vacant_room"]);
    assert_eq!(
        (vacant["imported"].clone(), vacant["rejected"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        lines_and_messages(&vacant),
        [(
            4,
            "postal_code: must have 7 digits, e.g. 100-0001".to_owned()
        )]
    );
    let (forwarder, _) = import(&database, &["addresses", &file, "--list", "forwarder"]);
    assert_eq!(
        (
            forwarder["imported"].clone(),
            forwarder["unchanged"].clone()
        ),
        (json!(1), json!(1)),
        "both rooms are one building"
    );

    let keys = |line1: &str, line2: &str| {
        RawAddress {
            postal_code: "100-0001".into(),
            line1: line1.into(),
            line2: line2.into(),
            ..RawAddress::default()
        }
        .keys()
        .unwrap()
    };
    let room305 = keys("千代田区千代田1-1-1", "ABCマンション305");
    let room306 = keys("千代田区千代田1-1-1", "ABCマンション306");
    let fp = |kind, value: &str| key().fingerprint(kind, value).as_bytes().to_vec();
    let db = owner(&database).await;
    let mut stored: Vec<(String, String, Vec<u8>)> = db
        .query(
            "SELECT list, kind, fingerprint FROM reference_addresses",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1), row.get(2)))
        .collect();
    stored.sort();
    let mut expected = vec![
        (
            "forwarder".to_owned(),
            "address_building".to_owned(),
            fp(IdentifierKind::AddressBuilding, &room305.building),
        ),
        (
            "vacant_room".to_owned(),
            "address_delivery_point".to_owned(),
            fp(IdentifierKind::AddressDeliveryPoint, &room305.point),
        ),
        (
            "vacant_room".to_owned(),
            "address_delivery_point".to_owned(),
            fp(IdentifierKind::AddressDeliveryPoint, &room306.point),
        ),
    ];
    expected.sort();
    assert_eq!(stored, expected);
    assert_eq!(room305.building, room306.building);
}

#[test]
fn an_unreadable_list_is_an_error() {
    let dir = TempDir::new();
    let output = Command::new(BINARY)
        .args([
            "import",
            "card-bins",
            &dir.0.join("nope.csv").display().to_string(),
        ])
        .env("SEKISHO_DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
        .env("SEKISHO_CONSORTIUM_KEY", KEY_HEX)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope.csv"));
}
