//! Families of correlated reasons: one family counts once, so that evidence derived from one
//! identifier or one place is not added up several times.

use serde_json::{Value, json};

use crate::reasons::{Reason, ReasonCode};

pub(super) const CONSORTIUM_CODES: &[ReasonCode] = &[
    ReasonCode::ConsortiumEmail,
    ReasonCode::ConsortiumEmailDomain,
    ReasonCode::ConsortiumPhone,
    ReasonCode::ConsortiumAddress,
    ReasonCode::ConsortiumBuilding,
    ReasonCode::ConsortiumIp,
    ReasonCode::ConsortiumIpPrefix,
    ReasonCode::ConsortiumCard,
    ReasonCode::ConsortiumDevice,
    ReasonCode::ConsortiumName,
];

/// Reasons that say the same thing about one fact. Summing them would count one piece of
/// evidence several times (three names, three accounts and three cards at one room are one
/// observation: many people order to this room), so a family counts its strongest member in
/// full and each further member at most `extra` points, the whole never above `cap` (and always
/// below the reject threshold: no family alone rejects an order).
struct Family {
    name: &'static str,
    members: &'static [ReasonCode],
    extra: i32,
    cap: i32,
}

const FAMILIES: &[Family] = &[
    Family {
        name: "address_velocity",
        members: &[
            ReasonCode::VelocityNamesPerAddress,
            ReasonCode::VelocityAccountsPerAddress,
            ReasonCode::VelocityCardsPerAddress,
        ],
        extra: 5,
        cap: 45,
    },
    // Consortium kinds derived from one identifier: the email and its domain, the delivery
    // point and its building, the IP and its network.
    Family {
        name: "consortium_email",
        members: &[
            ReasonCode::ConsortiumEmail,
            ReasonCode::ConsortiumEmailDomain,
        ],
        extra: 0,
        cap: 100,
    },
    Family {
        name: "consortium_address",
        members: &[
            ReasonCode::ConsortiumAddress,
            ReasonCode::ConsortiumBuilding,
        ],
        extra: 0,
        cap: 100,
    },
    Family {
        name: "consortium_ip",
        members: &[ReasonCode::ConsortiumIp, ReasonCode::ConsortiumIpPrefix],
        extra: 0,
        cap: 100,
    },
    // One IP's reputation tags (a Tor exit is also a data-centre address).
    Family {
        name: "anonymous_network",
        members: &[
            ReasonCode::TorIp,
            ReasonCode::ProxyIp,
            ReasonCode::VpnIp,
            ReasonCode::DatacenterIp,
        ],
        extra: 5,
        cap: 35,
    },
];

/// Rewrites the points of correlated reasons so that each family counts once (see `Family`);
/// the reasons keep their points' sum equal to what they add to the score. Idempotent, so
/// that a backtest may replay stored reasons.
pub fn cap_families(reasons: &mut [Reason], reject_at: u8) {
    let below_reject = i32::from(reject_at).saturating_sub(1).max(0);
    for family in FAMILIES {
        let mut members: Vec<usize> = (0..reasons.len())
            .filter(|&i| family.members.contains(&reasons[i].code) && reasons[i].points > 0)
            .collect();
        if members.len() < 2 && members.iter().all(|&i| reasons[i].points <= family.cap) {
            continue;
        }
        members.sort_by_key(|&i| std::cmp::Reverse(reasons[i].points));
        let mut budget = family.cap.min(below_reject.max(1));
        for (rank, &i) in members.iter().enumerate() {
            let wanted = if rank == 0 {
                reasons[i].points
            } else {
                reasons[i].points.min(family.extra)
            };
            let points = wanted.min(budget).max(0);
            budget -= points;
            if points != reasons[i].points {
                reasons[i].points = points;
                match &mut reasons[i].detail {
                    Value::Object(detail) => {
                        detail.insert("family".into(), json!(family.name));
                    }
                    other => *other = json!({ "family": family.name }),
                }
            }
        }
    }
}
