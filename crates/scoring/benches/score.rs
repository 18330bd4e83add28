//! What the pure scoring core costs per request (`cargo bench -p sekisho-scoring`), facts in,
//! decision out, with no I/O: the part of an order's, a login's and a payment attempt's time that
//! is Sekisho's own arithmetic rather than PostgreSQL's or the network's.
//!
//! - `order/clean`: an ordinary order (no consortium match, quiet velocity), default policy;
//! - `order/risky`: every family of signal present (consortium matches of every kind, velocity
//!   over every threshold, risky IP and card, an attack alert) under a policy of 20 rules;
//! - `consortium/summarise_2000`: one identifier reported by 2,000 sightings from 200 tenants
//!   (a "thousands of reports" card), summarised into a match;
//! - `login/…`, `payment_attempt/…`: the login and card-testing scorers.

use std::hint::black_box;

use chrono::{Duration, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use sekisho_domain::identifiers::IdentifierKind;
use sekisho_scoring::attacks::{AlertKind, AttackAlert, MatchedSource};
use sekisho_scoring::card_testing::{
    AttemptFacts, CardTestingPolicy, Counts, SourceKind, SourceVelocity, score_attempt,
};
use sekisho_scoring::consortium::{ContributorRecord, KindMatch, MatchPolicy, Sighting, summarise};
use sekisho_scoring::login::{LoginFacts, LoginPolicy, LoginVelocity, SourceWindow, score_login};
use sekisho_scoring::order::{
    CardFacts, IpFacts, OrderFacts, OrderSettings, Velocity, assess, signals_and_reasons,
};
use sekisho_scoring::policy::{Policy, Rule, Thresholds};

fn clean_order() -> OrderFacts {
    OrderFacts {
        amount_minor: 4_800,
        currency: "JPY".into(),
        payment_method: "card".into(),
        usual_amount: Some((5_200, 4_000)),
        categories: vec!["books".into()],
        max_quantity: 1,
        velocity: Velocity::ALL.iter().map(|v| (*v, 1)).collect(),
        ip: Some(IpFacts {
            tags: Vec::new(),
            country: Some("JP".into()),
        }),
        card: Some(CardFacts {
            bin: "455673".into(),
            brand: "visa".into(),
            issuer_country: Some("JP".into()),
        }),
        phone_type: Some(Some("mobile".into())),
        email_domain: Some("example-mail.jp".into()),
        billing_country: Some("JP".into()),
        shipping_country: Some("JP".into()),
        ..OrderFacts::default()
    }
}

fn risky_order() -> OrderFacts {
    let now = Utc::now();
    OrderFacts {
        amount_minor: 180_000,
        categories: vec!["game_console".into(), "gift_card".into()],
        max_quantity: 6,
        consortium: IdentifierKind::ALL
            .iter()
            .map(|kind| KindMatch {
                kind: *kind,
                reporters: 3,
                own: false,
                categories: ["chargeback".to_owned(), "resale".to_owned()]
                    .into_iter()
                    .collect(),
                first_reported_at: now - Duration::days(40),
                last_reported_at: now - Duration::days(2),
                weight: 0.9,
                evidence: Default::default(),
                quorum_met: true,
            })
            .collect(),
        blocklisted: vec![IdentifierKind::Email],
        velocity: Velocity::ALL.iter().map(|v| (*v, 40)).collect(),
        ip: Some(IpFacts {
            tags: vec!["proxy".into(), "datacenter".into()],
            country: Some("US".into()),
        }),
        card: Some(CardFacts {
            bin: "455673".into(),
            brand: "visa".into(),
            issuer_country: Some("US".into()),
        }),
        address_lists: vec!["forwarder".into()],
        disposable_email: true,
        name_kana_mismatch: true,
        shipping_differs: true,
        three_ds_status: Some("failed".into()),
        device_automation: true,
        attack_alerts: vec![AttackAlert {
            id: "alert".into(),
            kind: AlertKind::CardTesting,
            matched: MatchedSource::Ip,
            detected_at: now,
        }],
        ..clean_order()
    }
}

/// Twenty rules of the shapes tenants write (amount and category, velocity, country, nested
/// any/all), parsed from JSON as the policy endpoint receives them.
fn policy_of_twenty_rules() -> Policy {
    let rules: Vec<Rule> = (0..20)
        .map(|i| {
            let when = match i % 4 {
                0 => serde_json::json!({"signal": "order.amount", "op": "gte", "value": 50_000 + i * 1_000}),
                1 => serde_json::json!({"all": [
                    {"signal": "order.categories", "op": "contains", "value": "gift_card"},
                    {"signal": "order.max_quantity", "op": "gte", "value": 3}
                ]}),
                2 => serde_json::json!({"any": [
                    {"signal": "ip.country", "op": "ne", "value": "JP"},
                    {"signal": "card.issuer_country", "op": "in", "value": ["US", "CN", "NG"]}
                ]}),
                _ => serde_json::json!({"not": {"signal": "order.payment_method", "op": "eq", "value": "convenience_store"}}),
            };
            serde_json::from_value(serde_json::json!({
                "id": format!("r{i}"),
                "name": format!("rule {i}"),
                "mode": if i % 5 == 4 { "passive" } else { "active" },
                "when": when,
                "then": {"add": 5},
            }))
        })
        .filter_map(Result::ok)
        .collect();
    assert_eq!(rules.len(), 20, "every benchmark rule parses");
    Policy {
        version: 2,
        thresholds: Thresholds::default(),
        rules,
    }
}

fn order(c: &mut Criterion) {
    let settings = OrderSettings::default();
    let default_policy = Policy::default();
    let rules = policy_of_twenty_rules();
    let clean = clean_order();
    let risky = risky_order();
    c.bench_function("order/clean", |b| {
        b.iter(|| {
            let (signals, reasons) = signals_and_reasons(black_box(&clean), &settings);
            black_box(assess(signals, reasons, &default_policy, false))
        })
    });
    c.bench_function("order/risky_20_rules", |b| {
        b.iter(|| {
            let (signals, reasons) = signals_and_reasons(black_box(&risky), &settings);
            black_box(assess(signals, reasons, &rules, false))
        })
    });
}

fn consortium(c: &mut Criterion) {
    let now = Utc::now();
    let sightings: Vec<Sighting<u32>> = (0..2_000u32)
        .map(|i| Sighting {
            kind: IdentifierKind::Card,
            tenant: i % 200,
            category: ["chargeback", "unpaid", "resale"][(i % 3) as usize].to_owned(),
            reported_at: now - Duration::hours(i64::from(i)),
            record: ContributorRecord {
                reports: 100,
                retractions: i64::from(i % 4),
                disputes_upheld: 0,
            },
        })
        .collect();
    let policy = MatchPolicy::default();
    c.bench_function("consortium/summarise_2000", |b| {
        b.iter(|| black_box(summarise(black_box(&sightings), 7, now, &policy)))
    });
}

fn login_and_attempt(c: &mut Criterion) {
    let policy = LoginPolicy::default();
    let window = SourceWindow {
        attempts: 40,
        successes: 3,
        accounts: 25,
    };
    let stuffing = LoginFacts {
        success: false,
        user_agent: Some("python-requests/2.31".into()),
        velocity: LoginVelocity {
            account_failures_10m: 6,
            account_failures_1h: 9,
            account_recent: 9,
            ip_1h: window,
            ip_24h: window,
            ip_recent: 40,
            device_1h: Some(window),
            device_24h: Some(window),
            ..LoginVelocity::default()
        },
        ip_tags: vec!["datacenter".into()],
        ip_country: Some("US".into()),
        automated_device: true,
    };
    c.bench_function("login/credential_stuffing", |b| {
        b.iter(|| black_box(score_login(&policy, black_box(&stuffing))))
    });

    let card_policy = CardTestingPolicy::default();
    let busy = Counts {
        attempts: 60,
        failures: 50,
    };
    let attempt = AttemptFacts {
        sources: [
            SourceKind::Tenant,
            SourceKind::Ip,
            SourceKind::Device,
            SourceKind::Account,
            SourceKind::Bin,
        ]
        .into_iter()
        .map(|kind| SourceVelocity {
            kind,
            hour: busy,
            day: busy,
        })
        .collect(),
        ip_tags: vec!["proxy".into()],
        ..AttemptFacts::default()
    };
    c.bench_function("payment_attempt/card_testing_burst", |b| {
        b.iter(|| black_box(score_attempt(&card_policy, black_box(&attempt))))
    });
}

criterion_group!(benches, order, consortium, login_and_attempt);
criterion_main!(benches);
