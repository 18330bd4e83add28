//! Credential stuffing and brute force on logins, and the orders and payments that follow.

use serde_json::json;

use super::{
    ATTACKER_IP, Case, HOME_IP, Request, STUFFER_IP, Step, attempt, brute_force_on_member, card,
    case, credential_stuffing, login, order, with,
};

pub(super) fn cases() -> Vec<Case> {
    use Request as R;
    use Step as S;
    vec![
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
    ]
}
