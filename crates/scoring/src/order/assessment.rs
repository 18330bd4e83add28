//! The tenant's policy turns the reasons into a decision, a score and a 3-D Secure
//! recommendation.

use serde_json::{Value, json};

use super::families::{CONSORTIUM_CODES, cap_families};
use crate::OrderDecision;
use crate::policy::{Policy, RuleHit, Signals, evaluate};
use crate::reasons::{Reason, ReasonCode};

pub use sekisho_domain::ThreeDsRecommendation;

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub decision: OrderDecision,
    pub score: u8,
    pub reasons: Vec<Reason>,
    pub three_ds: ThreeDsRecommendation,
    pub shadow: Vec<RuleHit>,
}

/// Identifiers that point at one person or place: a match of one of them is strong evidence.
const STRONG_KINDS: &[&str] = &[
    "card",
    "phone",
    "email",
    "address_delivery_point",
    "device_id",
];
/// Categories of confirmed fraud (not `other`).
const CONFIRMED_CATEGORIES: &[&str] = &[
    "chargeback",
    "unpaid",
    "resale",
    "card_testing",
    "account_takeover",
];

/// Whether a consortium reason is a strong identifier meeting the quorum for confirmed fraud.
fn confirmed_strong_match(reason: &Reason) -> bool {
    let detail = &reason.detail;
    CONSORTIUM_CODES.contains(&reason.code)
        && detail
            .get("kind")
            .and_then(Value::as_str)
            .is_some_and(|kind| STRONG_KINDS.contains(&kind))
        && (detail.get("quorum_met") == Some(&json!(true))
            || detail.get("own") == Some(&json!(true)))
        && detail
            .get("categories")
            .and_then(Value::as_array)
            .is_some_and(|categories| {
                categories
                    .iter()
                    .filter_map(Value::as_str)
                    .any(|c| CONFIRMED_CATEGORIES.contains(&c))
            })
}

/// The base score of the reasons: their points, where other members' reports below the quorum
/// together stay under the reject threshold (a weak signal never blocks on its own).
pub fn base_score(reasons: &[Reason], policy: &Policy) -> i32 {
    let weak = |r: &&Reason| {
        CONSORTIUM_CODES.contains(&r.code)
            && r.detail.get("quorum_met") == Some(&json!(false))
            && r.detail.get("own") == Some(&json!(false))
    };
    let weak_points: i32 = reasons.iter().filter(weak).map(|r| r.points).sum();
    let other_points: i32 = reasons.iter().filter(|r| !weak(r)).map(|r| r.points).sum();
    let cap = i32::from(policy.thresholds.reject_at) - 1;
    weak_points.min(cap.max(0)) + other_points
}

/// Applies the policy: rules on the signals, thresholds on the score.
pub fn assess(
    mut signals: Signals,
    mut reasons: Vec<Reason>,
    policy: &Policy,
    three_ds_done: bool,
) -> (Assessment, Signals) {
    reasons.retain(|r| r.code != ReasonCode::ConsortiumConfirmedFraud);
    cap_families(&mut reasons, policy.thresholds.reject_at);
    let mut base = base_score(&reasons, policy);
    // A strong identifier that enough members confirmed as fraud is never accepted unseen:
    // the score is lifted to the review threshold, and the lift is its own reason.
    let strong: Vec<&Reason> = reasons
        .iter()
        .filter(|r| confirmed_strong_match(r))
        .collect();
    let confirmed_strong = !strong.is_empty();
    let floor = i32::from(policy.thresholds.review_at);
    let lift = match strong.first() {
        Some(first) if base < floor => {
            let kinds: Vec<Value> = strong
                .iter()
                .filter_map(|r| r.detail.get("kind").cloned())
                .collect();
            Some(Reason::with_points(
                ReasonCode::ConsortiumConfirmedFraud,
                floor - base,
                json!({ "kinds": kinds, "reporters": first.detail.get("reporters"), "floor": "review" }),
            ))
        }
        _ => None,
    };
    if let Some(lift) = lift {
        base = floor;
        reasons.push(lift);
    }
    signals.insert(
        "consortium.confirmed_strong".into(),
        json!(confirmed_strong),
    );
    signals.insert("score.base".into(), json!(base.clamp(0, 100)));
    let outcome = evaluate(&policy.rules, &signals);
    let mut score = base;
    for (hit, points) in &outcome.points {
        score += points;
        reasons.push(Reason::with_points(
            ReasonCode::CustomRule,
            *points,
            json!({ "rule_id": hit.id, "rule": hit.name }),
        ));
    }
    let score = score.clamp(0, 100) as u8;
    let thresholds = &policy.thresholds;
    let by_score = if score >= thresholds.reject_at {
        OrderDecision::Reject
    } else if score >= thresholds.review_at {
        OrderDecision::Review
    } else {
        OrderDecision::Accept
    };
    let decision = match &outcome.forced {
        Some((decision, hit)) => {
            reasons.push(Reason::with_points(
                ReasonCode::CustomRule,
                0,
                json!({ "rule_id": hit.id, "rule": hit.name, "decision": decision }),
            ));
            *decision
        }
        None if signals.contains_key("list.allowed") => OrderDecision::Accept,
        None => by_score,
    };
    let three_ds = if three_ds_done || decision == OrderDecision::Reject {
        ThreeDsRecommendation::None
    } else if decision == OrderDecision::Review || score >= thresholds.review_at / 2 {
        ThreeDsRecommendation::Challenge
    } else {
        ThreeDsRecommendation::Frictionless
    };
    reasons.sort_by_key(|r| std::cmp::Reverse(r.points));
    (
        Assessment {
            decision,
            score,
            reasons,
            three_ds,
            shadow: outcome.shadow,
        },
        signals,
    )
}
