//! Ordinary customers and the addresses they share: households, resale rings, forwarders and
//! vacant rooms.

use serde_json::json;

use super::{Case, HIKARIE_CSV, Request, Step, US_BIN, case, housemate, order, risky, with};

pub(super) fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
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
                risky(),
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
    ]
}
