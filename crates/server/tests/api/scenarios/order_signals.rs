//! Signals of one order: devices, 3-D Secure, foreign cards, IP and e-mail reputation,
//! reference lists, merchant rules and automation.

use serde_json::json;

use super::{Case, Request, Step, US_BIN, big_foreign, card, case, order, risky, with};

pub(super) fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
    vec![
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
                risky(),
                json!({ "three_ds": { "status": "authenticated" } }),
            )),
            "accept",
            &["three_ds_authenticated", "risky_items", "high_quantity"],
            &[],
        ),
        case(
            "three_d_secure_failed_on_the_same_order",
            vec![],
            R::Order(with(risky(), json!({ "three_ds": { "status": "failed" } }))),
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
            R::Order(big_foreign()),
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
