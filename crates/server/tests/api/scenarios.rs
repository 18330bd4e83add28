//! The decisions a fraud analyst expects, case by case, through the real API with the default
//! policy: each case is a history (orders, card attempts, logins, other members' reports,
//! reference lists, rules) and one last request whose decision and reasons are stated. The table
//! is `cases()`; `scenario!` makes one test of each, so that they run in parallel and fail by
//! name. docs/RULES.md ("Defaults") explains why each default decides as it does.

use std::process::Command;

use sekisho_domain::Role;
use sekisho_test_support::{TEST_CONSORTIUM_KEY_HEX, TestApp, TestTenant};
use serde_json::{Value, json};

/// What happens before the request under test.
enum Step {
    Order(Value),
    Attempt(Value),
    Login(Value),
    /// This many other members (contributing tenants) report the identifiers.
    MembersReport {
        members: usize,
        category: &'static str,
        identifiers: Value,
    },
    /// Reference data (IP reputation, BINs) as the importer would store it.
    Sql(&'static str),
    /// `sekisho import addresses` of one CSV into a list (`vacant_room`, `forwarder`).
    Addresses {
        list: &'static str,
        csv: &'static str,
    },
    /// `PUT /v1/policy` by an owner.
    Policy(Value),
    /// `POST /v1/lists`.
    List(Value),
    AcknowledgeAlerts,
    ResolveAlerts,
}

/// The request under test.
enum Request {
    Order(Value),
    Attempt(Value),
    Login(Value),
}

struct Case {
    name: &'static str,
    steps: Vec<Step>,
    request: Request,
    decision: &'static str,
    /// Reason codes the answer must give…
    with: &'static [&'static str],
    /// …and must not.
    without: &'static [&'static str],
}

fn case(
    name: &'static str,
    steps: Vec<Step>,
    request: Request,
    decision: &'static str,
    with: &'static [&'static str],
    without: &'static [&'static str],
) -> Case {
    Case {
        name,
        steps,
        request,
        decision,
        with,
        without,
    }
}

// ---------------------------------------------------------------------------------------------
// Building blocks.

/// A clean order of a Tokyo customer who has ordered before.
fn order(id: &str) -> Value {
    json!({
        "order_id": id,
        "amount": 4800,
        "currency": "JPY",
        "payment_method": "card",
        "customer": {
            "account_id": "cust-1", "email": "hanako.suzuki@example-mail.jp",
            "phone": "090-2222-3333", "name": "鈴木 花子", "name_kana": "スズキ ハナコ"
        },
        "shipping_address": {
            "postal_code": "150-0002", "region": "東京都", "locality": "渋谷区",
            "line1": "渋谷2-21-1", "line2": "渋谷ヒカリエ 10F"
        },
        "card": { "number": "4556 7375 8689 9855", "expiry": "12/29" },
        "device": { "ip": "203.0.113.10", "device_id": "dev-clean-1", "user_agent": "Mozilla/5.0" },
        "items": [{ "sku": "BOOK-1", "name": "文庫本", "quantity": 1, "unit_price": 4800, "category": "books" }]
    })
}

/// `base` with `patch` merged in (objects merge, everything else replaces; null removes).
fn with(mut base: Value, patch: Value) -> Value {
    merge(&mut base, patch);
    base
}

fn merge(target: &mut Value, patch: Value) {
    match (target, patch) {
        (Value::Object(target), Value::Object(patch)) => {
            for (key, value) in patch {
                if value.is_null() {
                    target.remove(&key);
                } else {
                    merge(target.entry(key).or_insert(Value::Null), value);
                }
            }
        }
        (target, patch) => *target = patch,
    }
}

/// A Luhn-valid 16-digit card number: `prefix` (6 digits) then `n`.
fn card(prefix: &str, n: u32) -> String {
    let body = format!("{prefix}{n:09}");
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|candidate| {
            let sum: u32 = candidate
                .bytes()
                .rev()
                .enumerate()
                .map(|(i, b)| {
                    let d = u32::from(b - b'0');
                    match (i % 2 == 1, d * 2 > 9) {
                        (true, true) => d * 2 - 9,
                        (true, false) => d * 2,
                        _ => d,
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

/// Another person ordering to the same room (Shibuya Hikarie 10F).
fn housemate(id: &str, n: u32, name: &str, account: &str, ip: &str) -> Value {
    with(
        order(id),
        json!({
            "customer": { "account_id": account, "name": name, "name_kana": null,
                          "email": format!("{account}@example-mail.jp"), "phone": format!("090-3333-{n:04}") },
            "card": { "number": card("411111", n) },
            "device": { "ip": ip, "device_id": format!("dev-{account}") }
        }),
    )
}

fn attempt(number: &str, result: &str, ip: &str, device: &str) -> Value {
    json!({
        "card": { "number": number, "expiry": "12/29" },
        "amount": 500, "currency": "JPY", "result": result, "ip": ip, "device_id": device,
    })
}

const TESTER_IP: &str = "198.51.100.66";

/// 40 attempts from one IP and device, 36 of them declined: card testing (クレジットマスター).
fn card_testing_burst() -> Vec<Step> {
    (0..40)
        .map(|n| {
            let result = if n % 10 == 9 { "approved" } else { "declined" };
            Step::Attempt(attempt(&card("453201", n), result, TESTER_IP, "dev-tester"))
        })
        .collect()
}

fn login(account: &str, success: bool, ip: &str, device: Option<&str>) -> Value {
    json!({ "account_id": account, "success": success, "ip": ip, "device_id": device,
            "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" })
}

const STUFFER_IP: &str = "198.51.100.99";

/// A list attack: 12 accounts tried from one IP, all failing; then, when `hit` is given, that
/// account's password works.
fn credential_stuffing(hit: Option<&str>) -> Vec<Step> {
    let mut steps: Vec<Step> = (0..12)
        .map(|n| Step::Login(login(&format!("listed-{n}"), false, STUFFER_IP, None)))
        .collect();
    if let Some(account) = hit {
        steps.push(Step::Login(login(account, true, STUFFER_IP, None)));
    }
    steps
}

const HOME_IP: &str = "203.0.113.20";
const ATTACKER_IP: &str = "198.51.100.120";

/// The owner of `member-5` has logged in from home before; then six wrong passwords from
/// elsewhere in a few seconds (brute force).
fn brute_force_on_member() -> Vec<Step> {
    let mut steps = vec![Step::Login(login(
        "member-5",
        true,
        HOME_IP,
        Some("dev-home-5"),
    ))];
    steps.extend(
        (0..6).map(|_| Step::Login(login("member-5", false, ATTACKER_IP, Some("dev-attacker")))),
    );
    steps
}

fn members_report(members: usize, category: &'static str, identifiers: Value) -> Step {
    Step::MembersReport {
        members,
        category,
        identifiers,
    }
}

const US_BIN: &str = "INSERT INTO card_bins (bin, brand, issuer_country, card_type, source) \
                      VALUES ('455673', 'visa', 'US', 'credit', 'test')";
const HIKARIE_CSV: &str = "country,postal_code,region,locality,line1,line2,label\n\
                           JP,150-0002,東京都,渋谷区,渋谷2-21-1,渋谷ヒカリエ 10F,test\n";

// ---------------------------------------------------------------------------------------------
// The table.

fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
    let big_foreign = with(
        order("BIG"),
        json!({ "amount": 98000,
                "items": [{ "sku": "PS5", "quantity": 1, "unit_price": 98000, "category": "game_console" }] }),
    );
    let risky = with(
        order("RISKY"),
        json!({ "items": [{ "sku": "PS5", "quantity": 6, "unit_price": 800, "category": "game_console" }] }),
    );
    vec![
        case(
            "a_clean_first_order",
            vec![],
            R::Order(order("O-1")),
            "accept",
            &[],
            &["velocity_orders_per_account"],
        ),
        case(
            "a_clean_repeat_customer",
            vec![
                S::Order(order("O-1")),
                S::Order(order("O-2")),
                S::Order(order("O-3")),
            ],
            R::Order(order("O-4")),
            "accept",
            &[],
            &["velocity_orders_per_card", "velocity_orders_per_account"],
        ),
        case(
            "a_family_sharing_a_flat",
            vec![
                S::Order(housemate("F-1", 1, "鈴木 太郎", "fam-1", "203.0.113.31")),
                S::Order(housemate("F-2", 2, "鈴木 次郎", "fam-2", "203.0.113.32")),
            ],
            R::Order(housemate("F-3", 1, "鈴木 三郎", "fam-1", "203.0.113.33")),
            "accept",
            &["velocity_names_per_address"],
            &[],
        ),
        case(
            "a_resale_ring_at_one_room_is_reviewed_not_rejected",
            (1..=4)
                .map(|n| {
                    S::Order(housemate(
                        &format!("R-{n}"),
                        n,
                        &format!("転売 {n}"),
                        &format!("ring-{n}"),
                        &format!("203.0.113.{}", 40 + n),
                    ))
                })
                .collect(),
            R::Order(with(
                housemate("R-5", 5, "転売 五郎", "ring-5", "203.0.113.45"),
                json!({ "items": [{ "sku": "SNK", "quantity": 6, "unit_price": 800, "category": "sneakers" }] }),
            )),
            "review",
            &[
                "velocity_names_per_address",
                "velocity_accounts_per_address",
                "velocity_cards_per_address",
                "risky_items",
            ],
            &[],
        ),
        case(
            "a_forwarder_alone",
            vec![S::Addresses {
                list: "forwarder",
                csv: HIKARIE_CSV,
            }],
            R::Order(order("FW-1")),
            "accept",
            &["forwarder_address"],
            &[],
        ),
        case(
            "a_forwarder_with_a_foreign_card_and_consoles",
            vec![
                S::Addresses {
                    list: "forwarder",
                    csv: HIKARIE_CSV,
                },
                S::Sql(US_BIN),
            ],
            R::Order(with(
                risky.clone(),
                json!({ "order_id": "FW-2", "items": [{ "sku": "PS5", "quantity": 1, "unit_price": 4800, "category": "game_console" }] }),
            )),
            "review",
            &["forwarder_address", "foreign_card", "risky_items"],
            &[],
        ),
        case(
            "a_vacant_room",
            vec![S::Addresses {
                list: "vacant_room",
                csv: HIKARIE_CSV,
            }],
            R::Order(order("VR-1")),
            "review",
            &["vacant_room_address"],
            &[],
        ),
        case(
            "card_testing_then_ordering_with_a_card_of_the_same_bin",
            card_testing_burst(),
            R::Order(with(
                order("CT-1"),
                json!({ "card": { "number": card("453201", 900) }, "device": { "ip": TESTER_IP, "device_id": "dev-other" } }),
            )),
            "review",
            &["card_testing_source"],
            &[],
        ),
        case(
            "card_testing_then_a_neighbour_ip_orders",
            card_testing_burst(),
            R::Order(with(
                order("CT-2"),
                json!({ "device": { "ip": "198.51.100.67" } }),
            )),
            "accept",
            &["card_testing_source"],
            &[],
        ),
        case(
            "card_testing_acknowledged_then_ordering",
            {
                let mut steps = card_testing_burst();
                steps.push(S::AcknowledgeAlerts);
                steps
            },
            R::Order(with(
                order("CT-3"),
                json!({ "device": { "ip": TESTER_IP } }),
            )),
            "accept",
            &[],
            &["card_testing_source"],
        ),
        case(
            "card_testing_resolved_then_ordering_with_the_bin",
            {
                let mut steps = card_testing_burst();
                steps.push(S::ResolveAlerts);
                steps
            },
            R::Order(with(
                order("CT-4"),
                json!({ "card": { "number": card("453201", 901) } }),
            )),
            "accept",
            &[],
            &["card_testing_source"],
        ),
        case(
            "card_testing_then_paying_from_the_same_ip",
            card_testing_burst(),
            R::Attempt(attempt(
                &card("453201", 902),
                "approved",
                TESTER_IP,
                "dev-tester",
            )),
            "reject",
            &["card_testing"],
            &[],
        ),
        case(
            "credential_stuffing_then_ordering_from_the_source",
            credential_stuffing(None),
            R::Order(with(
                order("CS-1"),
                json!({ "device": { "ip": STUFFER_IP } }),
            )),
            "review",
            &["login_attack_source"],
            &[],
        ),
        case(
            "credential_stuffing_then_ordering_from_the_taken_over_account",
            credential_stuffing(Some("victim-7")),
            R::Order(with(
                order("CS-2"),
                json!({ "customer": { "account_id": "victim-7" }, "device": { "ip": "203.0.113.77", "device_id": "dev-new" } }),
            )),
            "review",
            &["recent_account_takeover"],
            &[],
        ),
        case(
            "credential_stuffing_then_paying_from_the_source",
            credential_stuffing(None),
            R::Attempt(attempt(
                &card("411111", 77),
                "approved",
                STUFFER_IP,
                "dev-x",
            )),
            "review",
            &["login_attack_source"],
            &[],
        ),
        case(
            "credential_stuffing_then_paying_from_the_taken_over_account",
            credential_stuffing(Some("victim-8")),
            R::Attempt(with(
                attempt(&card("411111", 78), "approved", "203.0.113.78", "dev-y"),
                json!({ "account_id": "victim-8" }),
            )),
            "review",
            &["recent_account_takeover"],
            &[],
        ),
        case(
            "the_list_attacker_logs_in_again",
            credential_stuffing(None),
            R::Login(login("listed-99", false, STUFFER_IP, None)),
            "deny",
            &["credential_stuffing"],
            &[],
        ),
        case(
            "an_ordinary_login",
            vec![S::Login(login("member-1", true, HOME_IP, Some("dev-1")))],
            R::Login(login("member-1", true, HOME_IP, Some("dev-1"))),
            "allow",
            &[],
            &[],
        ),
        case(
            "the_owner_after_a_brute_force_run_is_challenged",
            brute_force_on_member(),
            R::Login(login("member-5", true, HOME_IP, Some("dev-home-5"))),
            "challenge",
            &["brute_force"],
            &[],
        ),
        case(
            "a_stranger_after_a_brute_force_run_is_denied",
            brute_force_on_member(),
            R::Login(login("member-5", true, ATTACKER_IP, Some("dev-attacker"))),
            "deny",
            &["brute_force"],
            &[],
        ),
        case(
            "the_owner_orders_after_a_brute_force_run",
            brute_force_on_member(),
            R::Order(with(
                order("BF-1"),
                json!({ "customer": { "account_id": "member-5" }, "device": { "ip": HOME_IP, "device_id": "dev-home-5" } }),
            )),
            "accept",
            &["recent_account_takeover"],
            &[],
        ),
        case(
            "a_consortium_hit_alone_is_reviewed",
            vec![members_report(
                2,
                "chargeback",
                json!({ "phone": "090-2222-3333" }),
            )],
            R::Order(order("CH-1")),
            "review",
            &["consortium_phone", "consortium_confirmed_fraud"],
            &[],
        ),
        case(
            "one_members_report_alone_is_accepted",
            vec![members_report(
                1,
                "chargeback",
                json!({ "phone": "090-2222-3333" }),
            )],
            R::Order(order("CH-2")),
            "accept",
            &["consortium_phone"],
            &["consortium_confirmed_fraud"],
        ),
        case(
            "an_email_and_its_domain_count_once",
            vec![members_report(
                2,
                "unpaid",
                json!({ "email": "bad.buyer@fraud-shop-mail.jp" }),
            )],
            R::Order(with(
                order("CH-3"),
                json!({ "customer": { "email": "bad.buyer@fraud-shop-mail.jp" } }),
            )),
            "review",
            &["consortium_email"],
            &[],
        ),
        case(
            "a_consortium_hit_plus_velocity_is_rejected",
            vec![
                members_report(2, "chargeback", json!({ "phone": "080-7777-1234" })),
                S::Order(with(
                    order("CV-1"),
                    json!({ "card": { "number": card("422222", 1) }, "shipping_address": { "line2": "渋谷ヒカリエ 11F" } }),
                )),
                S::Order(with(
                    order("CV-2"),
                    json!({ "card": { "number": card("422222", 2) }, "shipping_address": { "line2": "渋谷ヒカリエ 12F" } }),
                )),
            ],
            R::Order(with(
                order("CV-3"),
                json!({ "customer": { "phone": "080-7777-1234" }, "card": { "number": card("422222", 3) } }),
            )),
            "reject",
            &[
                "consortium_phone",
                "velocity_cards_per_ip",
                "velocity_cards_per_device",
            ],
            &[],
        ),
        case(
            "many_cards_from_one_device_are_reviewed",
            vec![
                S::Order(with(
                    order("MC-1"),
                    json!({ "card": { "number": card("433333", 1) }, "shipping_address": { "line2": "渋谷ヒカリエ 11F" } }),
                )),
                S::Order(with(
                    order("MC-2"),
                    json!({ "card": { "number": card("433333", 2) }, "shipping_address": { "line2": "渋谷ヒカリエ 12F" } }),
                )),
            ],
            R::Order(with(
                order("MC-3"),
                json!({ "card": { "number": card("433333", 3) } }),
            )),
            "review",
            &["velocity_cards_per_ip", "velocity_cards_per_device"],
            &[],
        ),
        case(
            "three_d_secure_authenticated_on_a_risky_order",
            vec![],
            R::Order(with(
                risky.clone(),
                json!({ "three_ds": { "status": "authenticated" } }),
            )),
            "accept",
            &["three_ds_authenticated", "risky_items", "high_quantity"],
            &[],
        ),
        case(
            "three_d_secure_failed_on_the_same_order",
            vec![],
            R::Order(with(
                risky.clone(),
                json!({ "three_ds": { "status": "failed" } }),
            )),
            "review",
            &["three_ds_failed"],
            &[],
        ),
        case(
            "a_foreign_card_from_a_usual_customer",
            vec![
                S::Sql(US_BIN),
                S::Order(with(
                    order("FC-1"),
                    json!({ "card": { "number": card("411111", 5) } }),
                )),
            ],
            R::Order(order("FC-2")),
            "accept",
            &["foreign_card"],
            &[],
        ),
        case(
            "a_tor_exit_in_a_data_centre_counts_once",
            vec![S::Sql(
                "INSERT INTO ip_reputation (range, tag, source) VALUES ('198.51.100.0/24', 'tor', 'test'), \
                 ('198.51.100.0/24', 'datacenter', 'test')",
            )],
            R::Order(with(
                order("TOR-1"),
                json!({ "device": { "ip": "198.51.100.7" } }),
            )),
            "accept",
            &["tor_ip", "datacenter_ip"],
            &[],
        ),
        case(
            "a_disposable_email_and_an_ip_phone",
            vec![],
            R::Order(with(
                order("DE-1"),
                json!({ "customer": { "email": "someone@mailinator.com", "phone": "050-1234-5678" } }),
            )),
            "accept",
            &["disposable_email", "ip_phone"],
            &[],
        ),
        case(
            "a_mischief_order",
            vec![],
            R::Order(with(
                order("MO-1"),
                json!({ "customer": { "email": "someone@mailinator.com", "phone": "12345", "name": "スズキ ハナコ", "name_kana": "タナカ タロウ" } }),
            )),
            "review",
            &["disposable_email", "invalid_phone", "name_kana_mismatch"],
            &[],
        ),
        case(
            "a_blocked_email",
            vec![S::List(
                json!({ "list": "block", "kind": "email", "value": "hanako.suzuki@example-mail.jp" }),
            )],
            R::Order(order("BL-1")),
            "reject",
            &["blocklisted"],
            &[],
        ),
        case(
            "an_allowed_customer_despite_velocity",
            vec![
                S::List(
                    json!({ "list": "allow", "kind": "email", "value": "hanako.suzuki@example-mail.jp" }),
                ),
                S::Order(with(
                    order("AL-1"),
                    json!({ "card": { "number": card("444444", 1) } }),
                )),
                S::Order(with(
                    order("AL-2"),
                    json!({ "card": { "number": card("444444", 2) } }),
                )),
            ],
            R::Order(with(
                order("AL-3"),
                json!({ "card": { "number": card("444444", 3) } }),
            )),
            "accept",
            &["allowlisted", "velocity_cards_per_ip"],
            &[],
        ),
        case(
            "a_merchant_rule_reviews_big_foreign_orders",
            vec![
                S::Sql(US_BIN),
                S::Policy(json!({ "review_at": 40, "reject_at": 80, "rules": [{
                    "id": "big-foreign", "name": "Foreign card, big order",
                    "when": { "all": [{ "signal": "card.foreign", "op": "eq", "value": true },
                                      { "signal": "order.amount", "op": "gte", "value": 50000 }] },
                    "then": { "decision": "review" } }] })),
            ],
            R::Order(big_foreign),
            "review",
            &["custom_rule", "foreign_card"],
            &[],
        ),
        case(
            "a_headless_browser",
            vec![],
            R::Order(with(
                order("HB-1"),
                json!({ "device": { "user_agent": "Mozilla/5.0 HeadlessChrome/120.0" } }),
            )),
            "review",
            &["automation_detected"],
            &[],
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The driver.

async fn post_ok(app: &TestApp, path: &str, bearer: &str, body: &Value) -> Value {
    let response = app.post(path, bearer, body).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {body}");
    body
}

fn import_addresses(app: &TestApp, list: &str, csv: &str) {
    let path = std::env::temp_dir().join(format!("sekisho-scenario-{}.csv", uuid::Uuid::new_v4()));
    std::fs::write(&path, csv).unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_sekisho"));
    for (name, _) in std::env::vars() {
        if name.starts_with("SEKISHO_") {
            command.env_remove(name);
        }
    }
    let output = command
        .args([
            "import",
            "addresses",
            &path.display().to_string(),
            "--list",
            list,
        ])
        .env("RUST_LOG", "warn")
        .env("SEKISHO_DATABASE_URL", &app.database.app_url)
        .env("SEKISHO_MIGRATION_DATABASE_URL", &app.database.owner_url)
        .env("SEKISHO_CONSORTIUM_KEY", TEST_CONSORTIUM_KEY_HEX)
        .output()
        .unwrap();
    std::fs::remove_file(&path).ok();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

async fn handle_alerts(app: &TestApp, shop: &TestTenant, action: &str) {
    let listed: Value = app
        .get("/v1/alerts", &shop.api_key)
        .await
        .json()
        .await
        .unwrap();
    let items = listed["items"].as_array().unwrap();
    assert!(!items.is_empty(), "no alert to {action}");
    for alert in items {
        let id = alert["id"].as_str().unwrap();
        let done = post_ok(
            app,
            &format!("/v1/alerts/{id}/{action}"),
            &shop.api_key,
            &json!({}),
        )
        .await;
        assert_eq!(done["active"], false, "{done}");
    }
}

async fn run_step(app: &TestApp, shop: &TestTenant, step: &Step) {
    match step {
        Step::Order(body) => drop(post_ok(app, "/v1/orders/score", &shop.api_key, body).await),
        Step::Attempt(body) => {
            drop(post_ok(app, "/v1/payments/attempts", &shop.api_key, body).await)
        }
        Step::Login(body) => drop(post_ok(app, "/v1/logins/score", &shop.api_key, body).await),
        Step::MembersReport {
            members,
            category,
            identifiers,
        } => {
            for n in 0..*members {
                let member = app.create_tenant(&format!("Member {n}")).await;
                let report = json!({ "category": category, "amount": 30000, "currency": "JPY",
                                     "occurred_at": "2026-11-20T00:00:00Z", "identifiers": identifiers });
                post_ok(app, "/v1/fraud-reports", &member.api_key, &report).await;
            }
        }
        Step::Sql(sql) => {
            use diesel_async::SimpleAsyncConnection;
            app.database
                .owner_connection()
                .await
                .batch_execute(sql)
                .await
                .unwrap();
        }
        Step::Addresses { list, csv } => import_addresses(app, list, csv),
        Step::Policy(body) => {
            let owner = app.create_staff(shop, Role::Owner).await;
            let response = app
                .client
                .put(app.url("/v1/policy"))
                .bearer_auth(&owner.token)
                .json(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        }
        Step::List(body) => drop(post_ok(app, "/v1/lists", &shop.api_key, body).await),
        Step::AcknowledgeAlerts => handle_alerts(app, shop, "acknowledge").await,
        Step::ResolveAlerts => handle_alerts(app, shop, "resolve").await,
    }
}

async fn run(name: &str) {
    let case = cases()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    let app = TestApp::spawn().await;
    let shop = app.create_tenant("Scenario Shop").await;
    for step in &case.steps {
        run_step(&app, &shop, step).await;
    }
    let answer = match &case.request {
        Request::Order(body) => post_ok(&app, "/v1/orders/score", &shop.api_key, body).await,
        Request::Attempt(body) => post_ok(&app, "/v1/payments/attempts", &shop.api_key, body).await,
        Request::Login(body) => post_ok(&app, "/v1/logins/score", &shop.api_key, body).await,
    };
    let codes: Vec<&str> = answer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(
        answer["decision"], case.decision,
        "{}: {answer:#}",
        case.name
    );
    for code in case.with {
        assert!(
            codes.contains(code),
            "{}: {code} missing from {codes:?}",
            case.name
        );
    }
    for code in case.without {
        assert!(
            !codes.contains(code),
            "{}: {code} unexpected in {codes:?}",
            case.name
        );
    }
    // Reasons name the alert they come from.
    for reason in answer["reasons"].as_array().unwrap() {
        if [
            "card_testing_source",
            "login_attack_source",
            "recent_account_takeover",
        ]
        .contains(&reason["code"].as_str().unwrap_or_default())
        {
            assert!(
                reason["detail"]["alert_id"].is_string(),
                "{}: {reason}",
                case.name
            );
        }
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                run(stringify!($name)).await;
            }
        )*

        #[test]
        fn every_case_of_the_table_has_a_test_and_there_are_at_least_thirty() {
            let tested = [$(stringify!($name)),*];
            let table: Vec<&str> = cases().iter().map(|c| c.name).collect();
            assert!(table.len() >= 30, "{} cases", table.len());
            for name in &table {
                assert!(tested.contains(name), "{name} has no test");
            }
            assert_eq!(tested.len(), table.len());
        }
    };
}

scenarios!(
    a_clean_first_order,
    a_clean_repeat_customer,
    a_family_sharing_a_flat,
    a_resale_ring_at_one_room_is_reviewed_not_rejected,
    a_forwarder_alone,
    a_forwarder_with_a_foreign_card_and_consoles,
    a_vacant_room,
    card_testing_then_ordering_with_a_card_of_the_same_bin,
    card_testing_then_a_neighbour_ip_orders,
    card_testing_acknowledged_then_ordering,
    card_testing_resolved_then_ordering_with_the_bin,
    card_testing_then_paying_from_the_same_ip,
    credential_stuffing_then_ordering_from_the_source,
    credential_stuffing_then_ordering_from_the_taken_over_account,
    credential_stuffing_then_paying_from_the_source,
    credential_stuffing_then_paying_from_the_taken_over_account,
    the_list_attacker_logs_in_again,
    an_ordinary_login,
    the_owner_after_a_brute_force_run_is_challenged,
    a_stranger_after_a_brute_force_run_is_denied,
    the_owner_orders_after_a_brute_force_run,
    a_consortium_hit_alone_is_reviewed,
    one_members_report_alone_is_accepted,
    an_email_and_its_domain_count_once,
    a_consortium_hit_plus_velocity_is_rejected,
    many_cards_from_one_device_are_reviewed,
    three_d_secure_authenticated_on_a_risky_order,
    three_d_secure_failed_on_the_same_order,
    a_foreign_card_from_a_usual_customer,
    a_tor_exit_in_a_data_centre_counts_once,
    a_disposable_email_and_an_ip_phone,
    a_mischief_order,
    a_blocked_email,
    an_allowed_customer_despite_velocity,
    a_merchant_rule_reviews_big_foreign_orders,
    a_headless_browser,
);
