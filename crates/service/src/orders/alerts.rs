//! Alerts raised on other channels (logins, card attempts) as order and payment facts.

use sekisho_scoring::attacks::{AlertKind, AttackAlert, MatchedSource};

/// The alerts in force for the order's sources, as the scoring core takes them.
pub fn attack_alerts(found: Vec<sekisho_store::alerts::MatchedAlert>) -> Vec<AttackAlert> {
    found
        .into_iter()
        .filter_map(|found| {
            Some(AttackAlert {
                id: found.alert.id.to_string(),
                kind: AlertKind::parse(&found.alert.kind)?,
                matched: MatchedSource::parse(&found.matched)?,
                detected_at: found.alert.detected_at,
            })
        })
        .collect()
}
