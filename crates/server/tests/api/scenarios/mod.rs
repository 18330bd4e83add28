//! The decisions a fraud analyst expects, case by case, through the real API with the default
//! policy: each case is a history (orders, card attempts, logins, other members' reports,
//! reference lists, rules) and one last request whose decision and reasons are stated. The table
//! is `cases()`; `scenario!` makes one test of each, so that they run in parallel and fail by
//! name. docs/RULES.md ("Defaults") explains why each default decides as it does.

mod addresses;
mod card_testing;
mod consortium;
mod driver;
mod login_attacks;
mod order_signals;

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

/// A big order of one console.
fn big_foreign() -> Value {
    with(
        order("BIG"),
        json!({ "amount": 98000,
                "items": [{ "sku": "PS5", "quantity": 1, "unit_price": 98000, "category": "game_console" }] }),
    )
}

/// Six consoles at a low unit price.
fn risky() -> Value {
    with(
        order("RISKY"),
        json!({ "items": [{ "sku": "PS5", "quantity": 6, "unit_price": 800, "category": "game_console" }] }),
    )
}

fn cases() -> Vec<Case> {
    [
        addresses::cases(),
        card_testing::cases(),
        login_attacks::cases(),
        consortium::cases(),
        order_signals::cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                driver::run(stringify!($name)).await;
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
