//! The facts of an order become signals (for rules and backtests) and reasons with points.

use serde_json::{Value, json};

use sekisho_domain::identifiers::IdentifierKind;

use super::facts::{OrderFacts, OrderSettings, Velocity};
use crate::attacks;
use crate::policy::Signals;
use crate::reasons::{Reason, ReasonCode};

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
            let (evidence_en, evidence_ja) = found.in_words();
            reasons.push(Reason::with_points(
                code,
                points,
                json!({
                    "kind": kind, "reporters": found.reporters, "own": found.own,
                    "categories": found.categories, "weight": found.weight,
                    "quorum_met": found.quorum_met, "quorum": found.evidence.quorum,
                    "first_reported_at": found.first_reported_at,
                    "last_reported_at": found.last_reported_at,
                    "decay": found.evidence.decay,
                    "half_life_days": found.evidence.half_life_days,
                    "trust": found.evidence.trust,
                    "evidence": evidence_en, "evidence_ja": evidence_ja,
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
