//! Card testing (クレジットマスター) and what follows it: orders and payments from the source,
//! its BIN and its neighbours, before and after the alert is handled.

use serde_json::json;

use super::{Case, Request, Step, TESTER_IP, attempt, card, card_testing_burst, case, order, with};

pub(super) fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
    vec![
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
    ]
}
