//! Test mode's fixed test values (docs/TESTING.md), like Stripe's test cards: identifiers that
//! force each outcome for a call made with a test key (`sk_test_…`). They are consulted only
//! when the call's `livemode` is `false` — a live call with the same values is scored like any
//! other — and they are pure in-memory lookups, so test mode costs no database read of its own.
//!
//! What each value forces:
//! - [`CONSORTIUM_CARD`], [`CONSORTIUM_EMAIL`], [`CONSORTIUM_PHONE`] and the address
//!   [`CONSORTIUM_ADDRESS`]: a consortium match (three reporting members, chargebacks, today),
//!   in orders and lookups alike;
//! - [`TOR_IP`]: an IP that is a Tor exit;
//! - [`FOREIGN_BIN`] (e.g. [`FOREIGN_CARD`]): a card issued abroad (`US`);
//! - [`CARD_TESTING_BIN`] (e.g. [`CARD_TESTING_CARD`]): a card under a card-testing alert (a
//!   payment attempt is rejected, an order gets the alert's reason);
//! - [`ACCEPT_EMAIL`], [`REVIEW_EMAIL`], [`REJECT_EMAIL`]: that decision for an order.

use std::sync::LazyLock;

use chrono::Utc;
use sekisho_domain::identifiers::{
    IdentifierKind, NormalizedIdentifier, ParsedIdentifiers, RawAddress, RawCard, RawIdentifiers,
};
use sekisho_scoring::OrderDecision;
use sekisho_scoring::attacks::{AlertKind, AttackAlert, MatchedSource};
use sekisho_scoring::consortium::{ContributorRecord, Sighting};
use sekisho_scoring::order::{Assessment, CardFacts, IpFacts, ThreeDsRecommendation};
use sekisho_store::orders::OrderIdentifier;
use uuid::Uuid;

/// A card number that always matches the consortium in test mode.
pub const CONSORTIUM_CARD: &str = "4000002000000008";
/// An email that always matches the consortium in test mode.
pub const CONSORTIUM_EMAIL: &str = "consortium-match@test.sekisho.jp";
/// A phone number that always matches the consortium in test mode.
pub const CONSORTIUM_PHONE: &str = "090-9999-0001";
/// An address that always matches the consortium in test mode: (postal code, prefecture,
/// city, line 1, line 2).
pub const CONSORTIUM_ADDRESS: (&str, &str, &str, &str, &str) = (
    "100-0001",
    "東京都",
    "千代田区",
    "千代田1-1",
    "テストハイツ101",
);
/// An IP that is always a Tor exit in test mode.
pub const TOR_IP: &str = "203.0.113.66";
/// Cards whose number starts with this BIN are issued abroad (`US`) in test mode.
pub const FOREIGN_BIN: &str = "400005";
/// A card of [`FOREIGN_BIN`].
pub const FOREIGN_CARD: &str = "4000050000000007";
/// The country [`FOREIGN_BIN`]'s cards are issued in.
pub const FOREIGN_COUNTRY: &str = "US";
/// Cards whose number starts with this BIN are under a card-testing alert in test mode.
pub const CARD_TESTING_BIN: &str = "400009";
/// A card of [`CARD_TESTING_BIN`].
pub const CARD_TESTING_CARD: &str = "4000090000000003";
/// An order with this email is accepted (score 0) in test mode.
pub const ACCEPT_EMAIL: &str = "force-accept@test.sekisho.jp";
/// An order with this email goes to review (score 50) in test mode.
pub const REVIEW_EMAIL: &str = "force-review@test.sekisho.jp";
/// An order with this email is rejected (score 95) in test mode.
pub const REJECT_EMAIL: &str = "force-reject@test.sekisho.jp";

/// The invented members behind a forced consortium match: enough for any quorum.
const REPORTERS: [Uuid; 3] = [
    Uuid::from_u128(0x5e15_0000_0000_7000_8000_0000_0000_0001),
    Uuid::from_u128(0x5e15_0000_0000_7000_8000_0000_0000_0002),
    Uuid::from_u128(0x5e15_0000_0000_7000_8000_0000_0000_0003),
];

/// The consortium test values, normalised and probed like a request's (so that every notation
/// of the address or phone matches), as (kind, normalised value).
static CONSORTIUM_VALUES: LazyLock<Vec<(IdentifierKind, String)>> = LazyLock::new(|| {
    let (postal_code, region, locality, line1, line2) = CONSORTIUM_ADDRESS;
    let raw = RawIdentifiers {
        email: Some(CONSORTIUM_EMAIL.into()),
        phone: Some(CONSORTIUM_PHONE.into()),
        address: Some(RawAddress {
            country: "JP".into(),
            postal_code: postal_code.into(),
            region: region.into(),
            locality: locality.into(),
            line1: line1.into(),
            line2: line2.into(),
            level: Default::default(),
        }),
        card: Some(RawCard::Number(CONSORTIUM_CARD.into())),
        ..Default::default()
    };
    match raw.parse() {
        Ok(parsed) => parsed
            .to_identifiers()
            .into_iter()
            .chain(parsed.to_probes())
            // The domain is shared with the decision values: only the address itself matches.
            .filter(|id| id.kind() != IdentifierKind::EmailDomain)
            .map(|id| (id.kind(), id.value().to_owned()))
            .collect(),
        // A test value the parsers refuse is a programming error; the unit tests catch it, and
        // a build that ships one says so here.
        Err(errors) => {
            let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
            tracing::error!(?fields, "a documented test value does not parse");
            Vec::new()
        }
    }
});

/// The kinds among `probes` that are consortium test values.
pub fn consortium_kinds(probes: &[NormalizedIdentifier]) -> Vec<IdentifierKind> {
    let mut kinds: Vec<IdentifierKind> = probes
        .iter()
        .filter(|probe| {
            CONSORTIUM_VALUES
                .iter()
                .any(|(kind, value)| *kind == probe.kind() && value == probe.value())
        })
        .map(NormalizedIdentifier::kind)
        .collect();
    kinds.sort_by_key(|kind| kind.as_str());
    kinds.dedup();
    kinds
}

/// The sightings a forced match adds for each kind: three trusted members, chargebacks, today.
pub fn consortium_sightings(kinds: &[IdentifierKind]) -> Vec<Sighting<Uuid>> {
    let now = Utc::now();
    kinds
        .iter()
        .flat_map(|kind| {
            REPORTERS.iter().map(move |tenant| Sighting {
                kind: *kind,
                tenant: *tenant,
                category: "chargeback".to_owned(),
                reported_at: now,
                record: ContributorRecord {
                    reports: 100,
                    retractions: 0,
                    disputes_upheld: 0,
                },
            })
        })
        .collect()
}

/// Whether the IP is the Tor test value.
pub fn is_tor(ip: &str) -> bool {
    ip == TOR_IP
}

/// The issuing country a test BIN forces.
pub fn issuer_country(bin: &str) -> Option<&'static str> {
    bin.starts_with(FOREIGN_BIN).then_some(FOREIGN_COUNTRY)
}

/// Whether the BIN is the card-testing test value.
pub fn is_card_testing(bin: &str) -> bool {
    bin.starts_with(CARD_TESTING_BIN)
}

/// The card-testing alert a test card puts an order under (as if payment attempts with its BIN
/// had raised one).
pub fn card_testing_alert() -> AttackAlert {
    AttackAlert {
        id: "test_mode".to_owned(),
        kind: AlertKind::CardTesting,
        matched: MatchedSource::Bin,
        detected_at: Utc::now(),
    }
}

/// What the test IP and BINs force on an order's facts: the Tor tag, the foreign issuer, the
/// card-testing alert.
pub fn apply_to_order(
    ip_text: Option<&str>,
    ip: Option<&mut IpFacts>,
    card: Option<&mut CardFacts>,
    alerts: &mut Vec<AttackAlert>,
) {
    if let (Some(text), Some(ip)) = (ip_text, ip)
        && is_tor(text)
        && !ip.tags.iter().any(|tag| tag == "tor")
    {
        ip.tags.push("tor".to_owned());
    }
    if let Some(card) = card {
        if let Some(country) = issuer_country(&card.bin) {
            card.issuer_country = Some(country.to_owned());
        }
        if is_card_testing(&card.bin) {
            alerts.push(card_testing_alert());
        }
    }
}

/// An order's identifiers as a test order stores them: every fingerprint moved by a fixed
/// mask, so that a test order's velocity counters and stored identifiers never meet a live
/// order's (nor a live report's matching), and the mask taken off again gives the consortium
/// fingerprints back (a test order's chargeback files a test report with them).
pub fn scoped_identifiers(identifiers: &[OrderIdentifier]) -> Vec<OrderIdentifier> {
    identifiers
        .iter()
        .map(|identifier| OrderIdentifier {
            kind: identifier.kind.clone(),
            fingerprint: scope_fingerprint(&identifier.fingerprint),
        })
        .collect()
}

/// Applies (or takes off: it is its own inverse) the test-mode mask.
pub fn scope_fingerprint(fingerprint: &[u8]) -> Vec<u8> {
    fingerprint
        .iter()
        .zip(TEST_MASK.iter().cycle())
        .map(|(byte, mask)| byte ^ mask)
        .collect()
}

/// SHA-256 of `sekisho test mode`, fixed.
const TEST_MASK: [u8; 32] = [
    0xfb, 0x71, 0xf9, 0xac, 0x89, 0x23, 0xd7, 0x67, 0xda, 0x16, 0x77, 0xd0, 0xa4, 0x7f, 0xf1, 0xd7,
    0xec, 0x61, 0xa4, 0xe3, 0x7a, 0xea, 0x01, 0xa9, 0x96, 0xc1, 0xdb, 0xd3, 0x7e, 0x71, 0x0d, 0xa9,
];

/// The decision (with its score and 3-D Secure recommendation) a test email forces.
pub fn forced_decision(
    parsed: &ParsedIdentifiers,
) -> Option<(OrderDecision, u8, ThreeDsRecommendation)> {
    let email = parsed.email.as_ref()?.to_identifier();
    let forced = [
        (
            ACCEPT_EMAIL,
            OrderDecision::Accept,
            0,
            ThreeDsRecommendation::Frictionless,
        ),
        (
            REVIEW_EMAIL,
            OrderDecision::Review,
            50,
            ThreeDsRecommendation::Challenge,
        ),
        (
            REJECT_EMAIL,
            OrderDecision::Reject,
            95,
            ThreeDsRecommendation::None,
        ),
    ];
    forced
        .into_iter()
        .find(|(value, ..)| *value == email.value())
        .map(|(_, decision, score, three_ds)| (decision, score, three_ds))
}

/// Applies a test email's forced decision to an order's assessment.
pub fn force_decision(parsed: &ParsedIdentifiers, assessment: &mut Assessment) {
    if let Some((decision, score, three_ds)) = forced_decision(parsed) {
        assessment.decision = decision;
        assessment.score = score;
        assessment.three_ds = three_ds;
        if decision == OrderDecision::Accept {
            assessment.reasons.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_consortium_test_value_parses() {
        let kinds: Vec<IdentifierKind> = CONSORTIUM_VALUES.iter().map(|(k, _)| *k).collect();
        for kind in [
            IdentifierKind::Card,
            IdentifierKind::Email,
            IdentifierKind::Phone,
            IdentifierKind::AddressDeliveryPoint,
        ] {
            assert!(kinds.contains(&kind), "{kind:?} missing from {kinds:?}");
        }
    }

    #[test]
    fn a_notation_variant_of_the_test_address_matches() {
        let raw = RawIdentifiers {
            address: Some(RawAddress {
                country: "JP".into(),
                postal_code: "1000001".into(),
                region: "東京都".into(),
                locality: "千代田区".into(),
                line1: "千代田一丁目1番".into(),
                line2: "テストハイツ101".into(),
                level: Default::default(),
            }),
            ..Default::default()
        };
        let parsed = raw.parse().unwrap();
        assert!(
            consortium_kinds(&parsed.to_probes()).contains(&IdentifierKind::AddressDeliveryPoint)
        );
    }

    #[test]
    fn ordinary_values_force_nothing() {
        let raw = RawIdentifiers {
            email: Some("hanako@example.jp".into()),
            card: Some(RawCard::Number("4000000000000127".into())),
            ..Default::default()
        };
        let parsed = raw.parse().unwrap();
        assert!(consortium_kinds(&parsed.to_probes()).is_empty());
        assert!(forced_decision(&parsed).is_none());
        assert!(issuer_country("400000").is_none());
        assert!(!is_card_testing("400000"));
        assert!(!is_tor("203.0.113.67"));
    }

    #[test]
    fn the_mask_moves_every_fingerprint_and_comes_off_again() {
        let live = vec![7u8; 32];
        let test = scope_fingerprint(&live);
        assert_ne!(test, live);
        assert_eq!(scope_fingerprint(&test), live);
    }

    #[test]
    fn test_emails_force_their_decision() {
        for (email, decision) in [
            (ACCEPT_EMAIL, OrderDecision::Accept),
            (REVIEW_EMAIL, OrderDecision::Review),
            (REJECT_EMAIL, OrderDecision::Reject),
        ] {
            let parsed = RawIdentifiers {
                email: Some(email.into()),
                ..Default::default()
            }
            .parse()
            .unwrap();
            assert_eq!(forced_decision(&parsed).map(|f| f.0), Some(decision));
        }
    }
}
