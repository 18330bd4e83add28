use sekisho_domain::identifiers::IdentifierKind;

use crate::OrderDecision;
use crate::consortium::KindMatch;
use crate::policy::{Policy, Signals};
use crate::reasons::ReasonCode;

use super::*;
use crate::policy::Thresholds;
use chrono::Utc;

fn clean() -> OrderFacts {
    OrderFacts {
        amount_minor: 4800,
        currency: "JPY".into(),
        payment_method: "card".into(),
        phone_type: Some(Some("mobile".into())),
        ..OrderFacts::default()
    }
}

fn run(facts: &OrderFacts, policy: &Policy) -> Assessment {
    let (signals, reasons) = signals_and_reasons(facts, &OrderSettings::default());
    assess(signals, reasons, policy, false).0
}

fn consortium(kind: IdentifierKind, reporters: u32, quorum_met: bool) -> KindMatch {
    KindMatch {
        kind,
        reporters,
        own: false,
        categories: ["chargeback".to_owned()].into_iter().collect(),
        first_reported_at: Utc::now(),
        last_reported_at: Utc::now(),
        weight: 1.0,
        evidence: Default::default(),
        quorum_met,
    }
}

#[test]
fn a_clean_order_is_accepted_frictionless() {
    let assessment = run(&clean(), &Policy::default());
    assert_eq!(assessment.decision, OrderDecision::Accept);
    assert_eq!(assessment.score, 0);
    assert_eq!(assessment.three_ds, ThreeDsRecommendation::Frictionless);
    assert!(assessment.reasons.is_empty());
}

#[test]
fn one_members_report_reviews_and_a_quorum_rejects() {
    let mut facts = clean();
    facts.consortium = vec![
        consortium(IdentifierKind::Card, 1, false),
        consortium(IdentifierKind::Phone, 1, false),
    ];
    let weak = run(&facts, &Policy::default());
    assert_eq!(weak.decision, OrderDecision::Review, "{weak:?}");
    assert_eq!(weak.three_ds, ThreeDsRecommendation::Challenge);
    facts.consortium = vec![
        consortium(IdentifierKind::Card, 2, true),
        consortium(IdentifierKind::Phone, 2, true),
    ];
    let strong = run(&facts, &Policy::default());
    assert_eq!(strong.decision, OrderDecision::Reject);
    assert_eq!(strong.three_ds, ThreeDsRecommendation::None);
    assert_eq!(strong.reasons[0].code, ReasonCode::ConsortiumCard);
}

#[test]
fn many_weak_matches_never_reject_on_their_own() {
    let mut facts = clean();
    facts.consortium = IdentifierKind::ALL
        .iter()
        .map(|kind| consortium(*kind, 1, false))
        .collect();
    let assessment = run(&facts, &Policy::default());
    assert_eq!(assessment.decision, OrderDecision::Review);
    assert!(assessment.score < 80);
}

#[test]
fn thresholds_and_allow_lists_decide() {
    let mut facts = clean();
    facts.disposable_email = true;
    facts.three_ds_status = Some("failed".into());
    let strict = Policy {
        thresholds: Thresholds {
            review_at: 10,
            reject_at: 50,
        },
        ..Policy::default()
    };
    assert_eq!(run(&facts, &strict).decision, OrderDecision::Reject);
    facts.allowlisted = vec![IdentifierKind::Email];
    assert_eq!(run(&facts, &strict).decision, OrderDecision::Accept);
}

#[test]
fn correlated_address_velocity_counts_once_and_never_rejects_alone() {
    let mut facts = clean();
    facts.velocity = vec![
        (Velocity::NamesPerAddress30d, 9),
        (Velocity::AccountsPerAddress30d, 9),
        (Velocity::CardsPerAddress30d, 9),
    ];
    let assessment = run(&facts, &Policy::default());
    assert_eq!(assessment.score, 40, "{assessment:?}");
    assert_eq!(assessment.decision, OrderDecision::Review);
    let capped: Vec<i32> = assessment.reasons.iter().map(|r| r.points).collect();
    assert_eq!(capped, [30, 5, 5]);
    assert_eq!(assessment.reasons[1].detail["family"], "address_velocity");
    // Replaying the stored reasons (a backtest) gives the same score.
    let (again, _) = assess(
        Signals::new(),
        assessment.reasons.clone(),
        &Policy::default(),
        false,
    );
    assert_eq!(again.score, 40);
}

#[test]
fn an_email_and_its_domain_are_one_family() {
    let mut facts = clean();
    facts.consortium = vec![
        consortium(IdentifierKind::Email, 2, true),
        consortium(IdentifierKind::EmailDomain, 2, true),
    ];
    let assessment = run(&facts, &Policy::default());
    let domain = assessment
        .reasons
        .iter()
        .find(|r| r.code == ReasonCode::ConsortiumEmailDomain)
        .unwrap();
    assert_eq!(domain.points, 0);
    // 35 for the email, lifted to the review threshold: a strong confirmed match.
    assert_eq!(assessment.score, 40);
    assert_eq!(assessment.decision, OrderDecision::Review);
}

#[test]
fn a_confirmed_strong_match_is_at_least_reviewed_but_a_weak_or_unconfirmed_one_is_not() {
    let mut facts = clean();
    let mut phone = consortium(IdentifierKind::Phone, 2, true);
    phone.weight = 0.3;
    facts.consortium = vec![phone.clone()];
    let lifted = run(&facts, &Policy::default());
    assert_eq!(lifted.decision, OrderDecision::Review);
    assert!(
        lifted
            .reasons
            .iter()
            .any(|r| r.code == ReasonCode::ConsortiumConfirmedFraud)
    );
    let sum: i32 = lifted.reasons.iter().map(|r| r.points).sum();
    assert_eq!(sum, i32::from(lifted.score), "the lift is its own reason");

    phone.categories = ["other".to_owned()].into_iter().collect();
    facts.consortium = vec![phone.clone()];
    assert_eq!(
        run(&facts, &Policy::default()).decision,
        OrderDecision::Accept
    );

    let mut building = consortium(IdentifierKind::AddressBuilding, 3, true);
    building.weight = 1.0;
    facts.consortium = vec![building];
    assert_eq!(
        run(&facts, &Policy::default()).decision,
        OrderDecision::Accept
    );
}
