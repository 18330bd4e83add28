//! Other members' fraud reports (the consortium), alone and with other signals.

use serde_json::json;

use super::{Case, Request, Step, card, case, members_report, order, with};

pub(super) fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
    vec![
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
    ]
}
