//! Scoring one order: the facts the API gathered become signals (for rules and backtests) and
//! reasons with points; the tenant's policy turns them into a decision and a 3-D Secure
//! recommendation.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use sekisho_domain::identifiers::IdentifierKind;

use crate::OrderDecision;
use crate::attacks::{self, AttackAlert};
use crate::consortium::KindMatch;
use crate::policy::{Policy, RuleHit, Signals, evaluate};
use crate::reasons::{Reason, ReasonCode};

/// Velocity counts, each including the order being scored. The name (`cards_per_ip_1h`) is
/// the signal's (`velocity.cards_per_ip_1h`) and the velocity query's.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
pub enum Velocity {
    #[strum(serialize = "cards_per_ip_1h")]
    CardsPerIp1h,
    #[strum(serialize = "cards_per_ip_24h")]
    CardsPerIp24h,
    #[strum(serialize = "cards_per_device_1h")]
    CardsPerDevice1h,
    #[strum(serialize = "cards_per_device_24h")]
    CardsPerDevice24h,
    #[strum(serialize = "orders_per_card_1h")]
    OrdersPerCard1h,
    #[strum(serialize = "orders_per_card_24h")]
    OrdersPerCard24h,
    #[strum(serialize = "orders_per_account_1h")]
    OrdersPerAccount1h,
    #[strum(serialize = "orders_per_account_24h")]
    OrdersPerAccount24h,
    #[strum(serialize = "names_per_address_24h")]
    NamesPerAddress24h,
    #[strum(serialize = "names_per_address_30d")]
    NamesPerAddress30d,
    #[strum(serialize = "accounts_per_address_30d")]
    AccountsPerAddress30d,
    #[strum(serialize = "cards_per_address_30d")]
    CardsPerAddress30d,
}

sekisho_domain::vocabulary!(Velocity);

impl Velocity {
    /// The metric's name, as signals and the velocity query carry it.
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

#[derive(Debug, Clone, Default)]
pub struct CardFacts {
    pub bin: String,
    pub brand: String,
    pub issuer_country: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct IpFacts {
    pub tags: Vec<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct OrderFacts {
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    /// The tenant's median order in this currency over 90 days, with how many orders it is of.
    pub usual_amount: Option<(i64, i64)>,
    pub categories: Vec<String>,
    pub max_quantity: i64,
    pub consortium: Vec<KindMatch>,
    pub blocklisted: Vec<IdentifierKind>,
    pub allowlisted: Vec<IdentifierKind>,
    pub velocity: Vec<(Velocity, i64)>,
    pub ip: Option<IpFacts>,
    pub card: Option<CardFacts>,
    /// `vacant_room`, `forwarder`.
    pub address_lists: Vec<String>,
    /// `Some(None)`: a phone was given but is invalid; `Some(Some(type))`: its type.
    pub phone_type: Option<Option<String>>,
    pub email_domain: Option<String>,
    pub disposable_email: bool,
    pub name_kana_mismatch: bool,
    pub billing_country: Option<String>,
    pub shipping_country: Option<String>,
    pub shipping_differs: bool,
    /// authenticated | attempted | failed | not_enrolled | challenge_passed | unavailable
    pub three_ds_status: Option<String>,
    pub device_automation: bool,
    /// Alerts in force (card testing, login attacks) for the order's IP, network, device,
    /// account or BIN.
    pub attack_alerts: Vec<AttackAlert>,
    /// Reasons found elsewhere (external checks), appended as they are.
    pub extra_reasons: Vec<Reason>,
}

/// Where the order signals cross from normal to suspicious; tenants tune them with rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OrderSettings {
    pub home_country: String,
    pub cards_per_ip_1h: i64,
    pub cards_per_device_1h: i64,
    pub orders_per_card_1h: i64,
    pub orders_per_account_1h: i64,
    pub names_per_address_30d: i64,
    pub accounts_per_address_30d: i64,
    pub cards_per_address_30d: i64,
    /// Flag an order above this multiple of the usual order...
    pub unusual_amount_ratio: f64,
    /// ...once the tenant has at least this many orders in the currency.
    pub usual_amount_min_orders: i64,
    pub high_quantity: i64,
    pub risky_categories: Vec<String>,
}

impl Default for OrderSettings {
    fn default() -> Self {
        Self {
            home_country: "JP".into(),
            cards_per_ip_1h: 3,
            cards_per_device_1h: 3,
            orders_per_card_1h: 5,
            orders_per_account_1h: 5,
            names_per_address_30d: 3,
            accounts_per_address_30d: 3,
            cards_per_address_30d: 3,
            unusual_amount_ratio: 5.0,
            usual_amount_min_orders: 20,
            high_quantity: 5,
            risky_categories: [
                "gift_card",
                "prepaid_card",
                "game_console",
                "trading_card",
                "smartphone",
                "luxury",
                "ticket",
                "sneakers",
                "cosmetics",
                "electronics",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        }
    }
}

fn consortium_code(kind: IdentifierKind) -> ReasonCode {
    match kind {
        IdentifierKind::Email => ReasonCode::ConsortiumEmail,
        IdentifierKind::EmailDomain => ReasonCode::ConsortiumEmailDomain,
        IdentifierKind::Phone => ReasonCode::ConsortiumPhone,
        IdentifierKind::AddressDeliveryPoint => ReasonCode::ConsortiumAddress,
        IdentifierKind::AddressBuilding => ReasonCode::ConsortiumBuilding,
        IdentifierKind::Ip => ReasonCode::ConsortiumIp,
        IdentifierKind::IpPrefix => ReasonCode::ConsortiumIpPrefix,
        IdentifierKind::Card => ReasonCode::ConsortiumCard,
        IdentifierKind::DeviceId => ReasonCode::ConsortiumDevice,
        IdentifierKind::Name => ReasonCode::ConsortiumName,
    }
}

/// The signal vector rules read, and the reasons (with points) the facts give.
pub fn signals_and_reasons(facts: &OrderFacts, settings: &OrderSettings) -> (Signals, Vec<Reason>) {
    let mut signals = Signals::new();
    let mut reasons = Vec::new();
    let mut set = |name: &str, value: Value| {
        signals.insert(name.to_owned(), value);
    };

    set("order.amount", json!(facts.amount_minor));
    set("order.currency", json!(facts.currency));
    set("order.payment_method", json!(facts.payment_method));
    set("order.categories", json!(facts.categories));
    set("order.max_quantity", json!(facts.max_quantity));
    if let Some((usual, orders)) = facts.usual_amount
        && usual > 0
    {
        let ratio = facts.amount_minor as f64 / usual as f64;
        set("order.amount_ratio", json!((ratio * 100.0).round() / 100.0));
        if orders >= settings.usual_amount_min_orders && ratio >= settings.unusual_amount_ratio {
            reasons.push(Reason::new(
                ReasonCode::UnusualAmount,
                json!({ "ratio": (ratio * 10.0).round() / 10.0 }),
            ));
        }
    }
    let risky: Vec<&String> = facts
        .categories
        .iter()
        .filter(|c| settings.risky_categories.contains(c))
        .collect();
    if !risky.is_empty() {
        reasons.push(Reason::new(
            ReasonCode::RiskyItems,
            json!({ "categories": risky }),
        ));
    }
    if facts.max_quantity >= settings.high_quantity {
        reasons.push(Reason::new(
            ReasonCode::HighQuantity,
            json!({ "quantity": facts.max_quantity }),
        ));
    }

    let mut max_weight: f64 = 0.0;
    for found in &facts.consortium {
        let kind = found.kind.as_str();
        set(
            &format!("consortium.{kind}.reporters"),
            json!(found.reporters),
        );
        set(&format!("consortium.{kind}.weight"), json!(found.weight));
        set(
            &format!("consortium.{kind}.quorum_met"),
            json!(found.quorum_met),
        );
        max_weight = max_weight.max(found.weight);
        let code = consortium_code(found.kind);
        let strength = if found.quorum_met || found.own {
            1.0
        } else {
            0.6
        };
        let points = (f64::from(code.default_points()) * found.weight * strength).round() as i32;
        if points > 0 {
            reasons.push(Reason::with_points(
                code,
                points,
                json!({
                    "kind": kind, "reporters": found.reporters, "own": found.own,
                    "categories": found.categories, "weight": found.weight,
                    "quorum_met": found.quorum_met,
                    "last_reported_at": found.last_reported_at,
                }),
            ));
        }
    }
    set("consortium.max_weight", json!(max_weight));
    set("consortium.kinds", json!(facts.consortium.len()));

    if !facts.blocklisted.is_empty() {
        set("list.blocked", json!(true));
        reasons.push(Reason::new(
            ReasonCode::Blocklisted,
            json!({ "kinds": facts.blocklisted }),
        ));
    }
    if !facts.allowlisted.is_empty() {
        set("list.allowed", json!(true));
        reasons.push(Reason::new(
            ReasonCode::Allowlisted,
            json!({ "kinds": facts.allowlisted }),
        ));
    }

    for (metric, count) in &facts.velocity {
        set(&format!("velocity.{}", metric.name()), json!(count));
        let (limit, code) = match metric {
            Velocity::CardsPerIp1h => (settings.cards_per_ip_1h, ReasonCode::VelocityCardsPerIp),
            Velocity::CardsPerDevice1h => (
                settings.cards_per_device_1h,
                ReasonCode::VelocityCardsPerDevice,
            ),
            Velocity::OrdersPerCard1h => (
                settings.orders_per_card_1h,
                ReasonCode::VelocityOrdersPerCard,
            ),
            Velocity::OrdersPerAccount1h => (
                settings.orders_per_account_1h,
                ReasonCode::VelocityOrdersPerAccount,
            ),
            Velocity::NamesPerAddress30d => (
                settings.names_per_address_30d,
                ReasonCode::VelocityNamesPerAddress,
            ),
            Velocity::AccountsPerAddress30d => (
                settings.accounts_per_address_30d,
                ReasonCode::VelocityAccountsPerAddress,
            ),
            Velocity::CardsPerAddress30d => (
                settings.cards_per_address_30d,
                ReasonCode::VelocityCardsPerAddress,
            ),
            _ => continue,
        };
        if *count >= limit {
            reasons.push(Reason::new(
                code,
                json!({ "count": count, "threshold": limit, "window": metric.name() }),
            ));
        }
    }

    if let Some(ip) = &facts.ip {
        set("ip.tags", json!(ip.tags));
        for tag in &ip.tags {
            set(&format!("ip.{tag}"), json!(true));
            let code = match tag.as_str() {
                "tor" => ReasonCode::TorIp,
                "proxy" => ReasonCode::ProxyIp,
                "vpn" => ReasonCode::VpnIp,
                "datacenter" => ReasonCode::DatacenterIp,
                _ => continue,
            };
            reasons.push(Reason::new(code, Value::Null));
        }
        if let Some(country) = &ip.country {
            set("ip.country", json!(country));
            let elsewhere = |other: &Option<String>| other.as_ref().is_none_or(|c| c != country);
            let known = facts.billing_country.is_some() || facts.shipping_country.is_some();
            if known && elsewhere(&facts.billing_country) && elsewhere(&facts.shipping_country) {
                reasons.push(Reason::new(
                    ReasonCode::IpCountryMismatch,
                    json!({ "ip_country": country }),
                ));
            }
        }
    }
    if let Some(card) = &facts.card {
        set("card.bin", json!(card.bin));
        set("card.brand", json!(card.brand));
        if let Some(country) = &card.issuer_country {
            set("card.issuer_country", json!(country));
            let foreign = country != &settings.home_country;
            set("card.foreign", json!(foreign));
            if foreign {
                reasons.push(Reason::new(
                    ReasonCode::ForeignCard,
                    json!({ "issuer_country": country }),
                ));
            }
        }
    }
    set("address.lists", json!(facts.address_lists));
    for list in &facts.address_lists {
        match list.as_str() {
            "vacant_room" => reasons.push(Reason::new(ReasonCode::VacantRoomAddress, Value::Null)),
            "forwarder" => reasons.push(Reason::new(ReasonCode::ForwarderAddress, Value::Null)),
            _ => {}
        }
    }
    match &facts.phone_type {
        Some(None) => {
            set("phone.valid", json!(false));
            reasons.push(Reason::new(ReasonCode::InvalidPhone, Value::Null));
        }
        Some(Some(kind)) => {
            set("phone.valid", json!(true));
            set("phone.type", json!(kind));
            if kind == "ip_phone" {
                reasons.push(Reason::new(ReasonCode::IpPhone, Value::Null));
            }
        }
        None => {}
    }
    if let Some(domain) = &facts.email_domain {
        set("email.domain", json!(domain));
    }
    set("email.disposable", json!(facts.disposable_email));
    if facts.disposable_email {
        reasons.push(Reason::new(ReasonCode::DisposableEmail, Value::Null));
    }
    set("name_kana_mismatch", json!(facts.name_kana_mismatch));
    if facts.name_kana_mismatch {
        reasons.push(Reason::new(ReasonCode::NameKanaMismatch, Value::Null));
    }
    if let Some(country) = &facts.billing_country {
        set("billing.country", json!(country));
    }
    if let Some(country) = &facts.shipping_country {
        set("shipping.country", json!(country));
    }
    set("shipping.differs", json!(facts.shipping_differs));
    if facts.shipping_differs {
        reasons.push(Reason::new(
            ReasonCode::ShippingBillingMismatch,
            Value::Null,
        ));
    }
    if let Some(status) = &facts.three_ds_status {
        set("three_ds.status", json!(status));
        let code = match status.as_str() {
            "failed" => Some(ReasonCode::ThreeDsFailed),
            "attempted" => Some(ReasonCode::ThreeDsAttempted),
            "not_enrolled" => Some(ReasonCode::ThreeDsNotEnrolled),
            "authenticated" | "challenge_passed" => Some(ReasonCode::ThreeDsAuthenticated),
            _ => None,
        };
        reasons.extend(code.map(|code| Reason::new(code, json!({ "status": status }))));
    }
    set("device.automation", json!(facts.device_automation));
    if facts.device_automation {
        reasons.push(Reason::new(ReasonCode::AutomationDetected, Value::Null));
    }
    for (name, value) in attacks::signals(&facts.attack_alerts) {
        set(name, value);
    }
    reasons.extend(attacks::reasons(&facts.attack_alerts));
    reasons.extend(facts.extra_reasons.iter().cloned());
    (signals, reasons)
}

pub use sekisho_domain::ThreeDsRecommendation;

#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub decision: OrderDecision,
    pub score: u8,
    pub reasons: Vec<Reason>,
    pub three_ds: ThreeDsRecommendation,
    pub shadow: Vec<RuleHit>,
}

const CONSORTIUM_CODES: &[ReasonCode] = &[
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

#[cfg(test)]
mod tests {
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
}
