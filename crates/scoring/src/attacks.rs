//! Attacks seen on other channels, as facts for order and payment scoring. Fraudsters test cards
//! and then order with the ones that passed; list attackers log into accounts and then order
//! from them. An alert raised by card-testing detection (`card_testing`) or by login scoring
//! (`credential_stuffing`, `brute_force`, `automation`, `account_takeover`) names a source; an
//! order or payment with that source — the same IP or a neighbour in its network, the same
//! device, account or BIN — carries the alert's reason while it is in force (until it expires,
//! or staff acknowledge or resolve it).
//!
//! Points depend on how specific the match is: the attacker's own IP, device or account says
//! much; a neighbour in the IP's network (shared by carrier NAT and offices) or the BIN (shared
//! by every holder of that bank's cards) says little, so those alone never reach review.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::reasons::{Reason, ReasonCode};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AlertKind {
    /// Card testing (クレジットマスター) from the source, caught by payment attempts.
    CardTesting,
    /// A list attack (リスト型攻撃) from the source: many accounts, few successes.
    CredentialStuffing,
    /// Many failed logins against the account (or from the source).
    BruteForce,
    /// Browser automation seen on the device or in its logins.
    Automation,
    /// The account logged in successfully from an attacking source or, after a brute-force
    /// run, from a device and network it never used.
    AccountTakeover,
}

sekisho_domain::vocabulary!(AlertKind, MatchedSource);

impl AlertKind {
    /// A login attack (everything but card testing).
    pub fn is_login_attack(self) -> bool {
        self != AlertKind::CardTesting
    }
}

/// How an order's or payment's source matched an alert.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MatchedSource {
    Ip,
    /// Another IP of the same network (/24, /48).
    IpPrefix,
    Device,
    Account,
    Bin,
    /// A tenant-wide alert (payments only).
    Tenant,
}

/// An alert in force that one of the order's or payment's sources matched.
#[derive(Debug, Clone, PartialEq)]
pub struct AttackAlert {
    /// The alert's id (`GET /v1/alerts`).
    pub id: String,
    pub kind: AlertKind,
    pub matched: MatchedSource,
    pub detected_at: DateTime<Utc>,
}

/// The reason an alert gives and its points, or `None` when the match says nothing about this
/// order (a tenant-wide alert).
fn weigh(alert: &AttackAlert) -> Option<(ReasonCode, i32)> {
    use AlertKind::*;
    use MatchedSource::*;
    let weighed = match (alert.kind, alert.matched) {
        (_, Tenant) => return None,
        (CardTesting, Ip | Device | Account) => (ReasonCode::CardTestingSource, 60),
        (CardTesting, IpPrefix) => (ReasonCode::CardTestingSource, 20),
        (CardTesting, Bin) => (ReasonCode::CardTestingSource, 15),
        (AccountTakeover, Account) => (ReasonCode::RecentAccountTakeover, 60),
        // Under attack, not (yet) taken over: the owner may be the one ordering.
        (BruteForce, Account) => (ReasonCode::RecentAccountTakeover, 25),
        (_, IpPrefix | Bin) => (ReasonCode::LoginAttackSource, 15),
        (_, Ip | Device | Account) => (ReasonCode::LoginAttackSource, 45),
    };
    Some(weighed)
}

/// One reason per code, from the strongest alert behind it; the detail names that alert and
/// lists every alert behind the reason.
pub fn reasons(alerts: &[AttackAlert]) -> Vec<Reason> {
    let mut reasons: Vec<Reason> = Vec::new();
    for code in [
        ReasonCode::CardTestingSource,
        ReasonCode::LoginAttackSource,
        ReasonCode::RecentAccountTakeover,
    ] {
        let mut behind: Vec<(&AttackAlert, i32)> = alerts
            .iter()
            .filter_map(|alert| {
                weigh(alert)
                    .filter(|(c, _)| *c == code)
                    .map(|(_, p)| (alert, p))
            })
            .collect();
        behind.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.detected_at.cmp(&a.0.detected_at)));
        let Some((strongest, points)) = behind.first() else {
            continue;
        };
        reasons.push(Reason::with_points(
            code,
            *points,
            json!({
                "alert_id": strongest.id,
                "alert_kind": strongest.kind,
                "source": strongest.matched,
                "detected_at": strongest.detected_at,
                "alerts": behind.iter().map(|(a, _)| a.id.as_str()).collect::<Vec<_>>(),
            }),
        ));
    }
    reasons
}

/// The signals rules read: `alerts.card_testing`, `alerts.login_attack`,
/// `alerts.account_takeover` (booleans) and `alerts.count`.
pub fn signals(alerts: &[AttackAlert]) -> [(&'static str, serde_json::Value); 4] {
    let specific = |alert: &&AttackAlert| alert.matched != MatchedSource::Tenant;
    let any = |test: fn(&AttackAlert) -> bool| alerts.iter().filter(specific).any(test);
    [
        (
            "alerts.card_testing",
            json!(any(|a| a.kind == AlertKind::CardTesting)),
        ),
        (
            "alerts.login_attack",
            json!(any(
                |a| a.kind.is_login_attack() && a.kind != AlertKind::AccountTakeover
            )),
        ),
        (
            "alerts.account_takeover",
            json!(any(|a| a.kind == AlertKind::AccountTakeover)),
        ),
        (
            "alerts.count",
            json!(alerts.iter().filter(specific).count()),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert(id: &str, kind: AlertKind, matched: MatchedSource) -> AttackAlert {
        AttackAlert {
            id: id.into(),
            kind,
            matched,
            detected_at: Utc::now(),
        }
    }

    #[test]
    fn the_strongest_alert_gives_the_reason_and_all_are_listed() {
        let found = reasons(&[
            alert("a1", AlertKind::CardTesting, MatchedSource::Bin),
            alert("a2", AlertKind::CardTesting, MatchedSource::Ip),
            alert("a3", AlertKind::CredentialStuffing, MatchedSource::IpPrefix),
        ]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].code, ReasonCode::CardTestingSource);
        assert_eq!(found[0].points, 60);
        assert_eq!(found[0].detail["alert_id"], "a2");
        assert_eq!(found[0].detail["alerts"], json!(["a2", "a1"]));
        assert_eq!(found[1].code, ReasonCode::LoginAttackSource);
        assert_eq!(found[1].points, 15);
    }

    #[test]
    fn takeovers_weigh_more_than_attacks_and_tenant_alerts_nothing() {
        let taken = reasons(&[alert(
            "t",
            AlertKind::AccountTakeover,
            MatchedSource::Account,
        )]);
        assert_eq!(taken[0].code, ReasonCode::RecentAccountTakeover);
        assert_eq!(taken[0].points, 60);
        let attacked = reasons(&[alert("b", AlertKind::BruteForce, MatchedSource::Account)]);
        assert_eq!(attacked[0].points, 25);
        assert!(reasons(&[alert("s", AlertKind::CardTesting, MatchedSource::Tenant)]).is_empty());
    }
}
