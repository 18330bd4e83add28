//! Card testing (クレジットマスター): card numbers generated from a BIN are tried on a checkout
//! until one passes. Each card payment attempt is counted per source — IP, device, account,
//! BIN and the whole tenant — over one hour and 24 hours; a source is caught when its declines
//! exceed a count threshold **and** its decline rate reaches a minimum (the cart platforms'
//! rule: 20 per member, 80 per site, ≥ 80 %). A caught source is rejected until its alert
//! expires.
//!
//! A tenant-wide alert does not stop the whole checkout: while it is active, attempts whose IP,
//! device, account or BIN declined at least `risky_source_failures` times in the last hour are
//! rejected (attackers rotate sources to stay under per-source thresholds), and every attempt
//! is rejected only while the tenant's own decline rate is extreme.
//!
//! docs/LOGINS-AND-PAYMENTS.md describes the defaults.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::reasons::{Reason, ReasonCode};

pub use sekisho_domain::PaymentDecision;

/// What a card-testing count is kept for.
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
pub enum SourceKind {
    Ip,
    Device,
    Account,
    Bin,
    Tenant,
}

sekisho_domain::vocabulary!(SourceKind);

/// The two counting windows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
pub enum Window {
    #[serde(rename = "1h")]
    #[strum(serialize = "1h")]
    Hour,
    #[serde(rename = "24h")]
    #[strum(serialize = "24h")]
    Day,
}

sekisho_domain::vocabulary!(Window);

impl Window {
    pub fn secs(self) -> i32 {
        match self {
            Window::Hour => 3600,
            Window::Day => 24 * 3600,
        }
    }

    pub fn from_secs(secs: i32) -> Option<Window> {
        [Window::Hour, Window::Day]
            .into_iter()
            .find(|window| window.secs() == secs)
    }
}

/// Declines above which a source is caught, per window ("more than").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FailureThreshold {
    pub failures_1h: i64,
    pub failures_24h: i64,
}

impl FailureThreshold {
    pub fn get(&self, window: Window) -> i64 {
        match window {
            Window::Hour => self.failures_1h,
            Window::Day => self.failures_24h,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CardTestingPolicy {
    /// Per IP address (default 10 in 1 h, 20 in 24 h).
    pub ip: FailureThreshold,
    /// Per device id (default 10 / 20).
    pub device: FailureThreshold,
    /// Per member account (default 20 / 20, the cart platforms' default).
    pub account: FailureThreshold,
    /// Per BIN (default 30 / 60: numbers generated from one BIN).
    pub bin: FailureThreshold,
    /// Per site, the whole tenant (default 80 / 80, the cart platforms' default).
    pub tenant: FailureThreshold,
    /// And the decline rate in the same window must be at least this (default 0.8).
    pub min_failure_rate: f64,
    /// How long a caught source stays rejected, in seconds (default 24 h).
    pub alert_ttl_secs: i64,
    /// Under a tenant-wide alert, attempts from a source with at least this many declines in
    /// the last hour are rejected (default 3).
    pub risky_source_failures: i64,
    /// Under a tenant-wide alert, every attempt is rejected while the tenant's decline rate is
    /// at least this over a window whose count threshold is exceeded (default 0.95).
    pub extreme_failure_rate: f64,
    /// Scores at or above this are `review` (default 40)…
    pub review_at: i32,
    /// …and at or above this `reject` (default 80).
    pub reject_at: i32,
}

impl Default for CardTestingPolicy {
    fn default() -> Self {
        Self {
            ip: FailureThreshold {
                failures_1h: 10,
                failures_24h: 20,
            },
            device: FailureThreshold {
                failures_1h: 10,
                failures_24h: 20,
            },
            account: FailureThreshold {
                failures_1h: 20,
                failures_24h: 20,
            },
            bin: FailureThreshold {
                failures_1h: 30,
                failures_24h: 60,
            },
            tenant: FailureThreshold {
                failures_1h: 80,
                failures_24h: 80,
            },
            min_failure_rate: 0.8,
            alert_ttl_secs: 24 * 3600,
            risky_source_failures: 3,
            extreme_failure_rate: 0.95,
            review_at: 40,
            reject_at: 80,
        }
    }
}

impl CardTestingPolicy {
    pub fn threshold(&self, kind: SourceKind) -> FailureThreshold {
        match kind {
            SourceKind::Ip => self.ip,
            SourceKind::Device => self.device,
            SourceKind::Account => self.account,
            SourceKind::Bin => self.bin,
            SourceKind::Tenant => self.tenant,
        }
    }

    pub fn threshold_mut(&mut self, kind: SourceKind) -> &mut FailureThreshold {
        match kind {
            SourceKind::Ip => &mut self.ip,
            SourceKind::Device => &mut self.device,
            SourceKind::Account => &mut self.account,
            SourceKind::Bin => &mut self.bin,
            SourceKind::Tenant => &mut self.tenant,
        }
    }
}

/// Attempts and declines in one window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub attempts: i64,
    pub failures: i64,
}

impl Counts {
    pub fn failure_rate(&self) -> f64 {
        if self.attempts <= 0 {
            0.0
        } else {
            self.failures as f64 / self.attempts as f64
        }
    }
}

/// One source of the attempt with its counts, the attempt being scored included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceVelocity {
    pub kind: SourceKind,
    pub hour: Counts,
    pub day: Counts,
}

impl SourceVelocity {
    pub fn counts(&self, window: Window) -> Counts {
        match window {
            Window::Hour => self.hour,
            Window::Day => self.day,
        }
    }
}

/// Everything an attempt is scored from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttemptFacts {
    /// The sources the attempt has (the tenant always; IP, device, account, BIN when given).
    pub sources: Vec<SourceVelocity>,
    /// The sources of this attempt under a card-testing alert that is still in force.
    pub active_alerts: Vec<SourceKind>,
    /// Login attacks in force on the attempt's IP, network, device or account: reasons of
    /// their own (`login_attack_source`, `recent_account_takeover`).
    pub login_attacks: Vec<crate::attacks::AttackAlert>,
    /// `tor`, `proxy`, `vpn`, `datacenter` for the attempt's IP.
    pub ip_tags: Vec<String>,
    /// 3-D Secure status as sent (`failed` adds a reason).
    pub three_ds_status: Option<String>,
}

/// A source newly caught: the API records an alert for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    pub kind: SourceKind,
    pub window: Window,
    pub failures: i64,
    pub attempts: i64,
    pub failure_rate: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttemptScore {
    pub decision: PaymentDecision,
    pub score: i32,
    pub reasons: Vec<Reason>,
    /// Sources caught by this attempt that had no active alert yet.
    pub detections: Vec<Detection>,
}

/// Whether a source's counts cross its threshold in a window: more declines than the
/// threshold and a decline rate of at least `min_failure_rate`.
pub fn caught(policy: &CardTestingPolicy, source: &SourceVelocity) -> Option<Detection> {
    [Window::Hour, Window::Day].into_iter().find_map(|window| {
        let counts = source.counts(window);
        (counts.failures > policy.threshold(source.kind).get(window)
            && counts.failure_rate() >= policy.min_failure_rate)
            .then(|| Detection {
                kind: source.kind,
                window,
                failures: counts.failures,
                attempts: counts.attempts,
                failure_rate: counts.failure_rate(),
            })
    })
}

fn extreme(policy: &CardTestingPolicy, tenant: &SourceVelocity) -> bool {
    [Window::Hour, Window::Day].into_iter().any(|window| {
        let counts = tenant.counts(window);
        counts.failures > policy.tenant.get(window)
            && counts.failure_rate() >= policy.extreme_failure_rate
    })
}

/// Scores one card payment attempt.
pub fn score_attempt(policy: &CardTestingPolicy, facts: &AttemptFacts) -> AttemptScore {
    let found: Vec<Detection> = facts
        .sources
        .iter()
        .filter_map(|source| caught(policy, source))
        .collect();
    let detections: Vec<Detection> = found
        .iter()
        .filter(|detection| !facts.active_alerts.contains(&detection.kind))
        .copied()
        .collect();
    let alerted = |kind: SourceKind| {
        facts.active_alerts.contains(&kind) || found.iter().any(|d| d.kind == kind)
    };

    let mut blocked: Vec<SourceKind> = SourceKind::ALL
        .iter()
        .copied()
        .filter(|kind| *kind != SourceKind::Tenant && alerted(*kind))
        .filter(|kind| facts.sources.iter().any(|s| s.kind == *kind))
        .collect();
    let mut tenant_mode = None;
    if alerted(SourceKind::Tenant) {
        let tenant = facts.sources.iter().find(|s| s.kind == SourceKind::Tenant);
        let risky: Vec<SourceKind> = facts
            .sources
            .iter()
            .filter(|s| s.kind != SourceKind::Tenant)
            .filter(|s| s.hour.failures >= policy.risky_source_failures)
            .map(|s| s.kind)
            .collect();
        if tenant.is_some_and(|t| extreme(policy, t)) {
            tenant_mode = Some("extreme");
        } else if !risky.is_empty() {
            tenant_mode = Some("risky_source");
            for kind in risky {
                if !blocked.contains(&kind) {
                    blocked.push(kind);
                }
            }
        }
    }

    let mut reasons = Vec::new();
    let card_testing = !blocked.is_empty() || tenant_mode.is_some();
    if card_testing {
        let windows: Vec<_> = found
            .iter()
            .map(|d| {
                json!({
                    "source": d.kind.as_str(),
                    "window": d.window.as_str(),
                    "failures": d.failures,
                    "attempts": d.attempts,
                    "failure_rate": (d.failure_rate * 1000.0).round() / 1000.0,
                })
            })
            .collect();
        reasons.push(Reason::new(
            ReasonCode::CardTesting,
            json!({
                "sources": blocked.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
                "tenant_wide": tenant_mode,
                "detected": windows,
            }),
        ));
    }
    for (tag, code) in [
        ("tor", ReasonCode::TorIp),
        ("proxy", ReasonCode::ProxyIp),
        ("vpn", ReasonCode::VpnIp),
        ("datacenter", ReasonCode::DatacenterIp),
    ] {
        if facts.ip_tags.iter().any(|t| t == tag) {
            reasons.push(Reason::new(code, serde_json::Value::Null));
        }
    }
    if facts.three_ds_status.as_deref() == Some("failed") {
        reasons.push(Reason::new(
            ReasonCode::ThreeDsFailed,
            serde_json::Value::Null,
        ));
    }
    reasons.extend(crate::attacks::reasons(&facts.login_attacks));

    let score = reasons
        .iter()
        .map(|reason| reason.points)
        .sum::<i32>()
        .clamp(0, 100);
    let decision = if card_testing || score >= policy.reject_at {
        PaymentDecision::Reject
    } else if score >= policy.review_at {
        PaymentDecision::Review
    } else {
        PaymentDecision::Accept
    };
    AttemptScore {
        decision,
        score,
        reasons,
        detections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn source(kind: SourceKind, hour: (i64, i64), day: (i64, i64)) -> SourceVelocity {
        SourceVelocity {
            kind,
            hour: Counts {
                attempts: hour.0,
                failures: hour.1,
            },
            day: Counts {
                attempts: day.0,
                failures: day.1,
            },
        }
    }

    fn quiet() -> AttemptFacts {
        AttemptFacts {
            sources: vec![
                source(SourceKind::Ip, (1, 0), (2, 0)),
                source(SourceKind::Account, (1, 0), (2, 0)),
                source(SourceKind::Bin, (5, 1), (40, 3)),
                source(SourceKind::Tenant, (300, 30), (5000, 400)),
            ],
            ..AttemptFacts::default()
        }
    }

    fn set(facts: &mut AttemptFacts, replacement: SourceVelocity) {
        for s in &mut facts.sources {
            if s.kind == replacement.kind {
                *s = replacement;
            }
        }
    }

    #[test]
    fn ordinary_traffic_is_accepted() {
        let score = score_attempt(&CardTestingPolicy::default(), &quiet());
        assert_eq!(score.decision, PaymentDecision::Accept);
        assert!(score.reasons.is_empty() && score.detections.is_empty());
    }

    #[test]
    fn a_source_needs_both_the_count_and_the_rate() {
        let policy = CardTestingPolicy::default();
        let mut facts = quiet();
        // 11 declines of 12 from one IP in an hour: caught.
        set(&mut facts, source(SourceKind::Ip, (12, 11), (12, 11)));
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.decision, PaymentDecision::Reject);
        assert_eq!(score.reasons[0].code, ReasonCode::CardTesting);
        assert_eq!(score.detections.len(), 1);
        assert_eq!(score.detections[0].kind, SourceKind::Ip);
        assert_eq!(score.detections[0].window, Window::Hour);
        // Exactly the threshold is not more than it.
        set(&mut facts, source(SourceKind::Ip, (10, 10), (10, 10)));
        assert_eq!(
            score_attempt(&policy, &facts).decision,
            PaymentDecision::Accept
        );
        // Many declines but a decline rate under 80 %: a busy shared address.
        set(&mut facts, source(SourceKind::Ip, (40, 15), (40, 15)));
        assert_eq!(
            score_attempt(&policy, &facts).decision,
            PaymentDecision::Accept
        );
        // The member default: 20 in either window.
        set(&mut facts, source(SourceKind::Account, (3, 1), (25, 21)));
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.detections[0].kind, SourceKind::Account);
        assert_eq!(score.detections[0].window, Window::Day);
    }

    #[test]
    fn an_active_alert_rejects_without_a_new_detection() {
        let policy = CardTestingPolicy::default();
        let mut facts = quiet();
        facts.active_alerts = vec![SourceKind::Ip];
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.decision, PaymentDecision::Reject);
        assert!(score.detections.is_empty());
        assert_eq!(score.reasons[0].detail["sources"], json!(["ip"]));
    }

    #[test]
    fn a_tenant_alert_rejects_risky_sources_or_everything_when_extreme() {
        let policy = CardTestingPolicy::default();
        let mut facts = quiet();
        set(
            &mut facts,
            source(SourceKind::Tenant, (100, 85), (400, 120)),
        );
        // Caught tenant-wide, but this attempt's sources are clean: accepted, alert recorded.
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.decision, PaymentDecision::Accept);
        assert_eq!(score.detections[0].kind, SourceKind::Tenant);
        // An IP with three declines this hour: rejected while the tenant alert is active.
        facts.active_alerts = vec![SourceKind::Tenant];
        set(&mut facts, source(SourceKind::Ip, (3, 3), (3, 3)));
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.decision, PaymentDecision::Reject);
        assert_eq!(score.reasons[0].detail["tenant_wide"], "risky_source");
        assert!(score.detections.is_empty());
        // Extreme: everything.
        set(&mut facts, source(SourceKind::Ip, (1, 0), (1, 0)));
        set(&mut facts, source(SourceKind::Tenant, (100, 97), (100, 97)));
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.decision, PaymentDecision::Reject);
        assert_eq!(score.reasons[0].detail["tenant_wide"], "extreme");
    }

    #[test]
    fn network_and_three_ds_signals_score_without_rejecting_alone() {
        let policy = CardTestingPolicy::default();
        let mut facts = quiet();
        facts.ip_tags = vec!["proxy".into()];
        facts.three_ds_status = Some("failed".into());
        let score = score_attempt(&policy, &facts);
        assert_eq!(score.score, 60);
        assert_eq!(score.decision, PaymentDecision::Review);
    }

    fn velocity(kind: SourceKind) -> impl Strategy<Value = SourceVelocity> {
        (0i64..200, 0i64..200, 0i64..400, 0i64..400).prop_map(move |(a1, f1, a24, f24)| {
            let hour = Counts {
                attempts: a1,
                failures: f1.min(a1),
            };
            let day_attempts = a24.max(a1);
            let day = Counts {
                attempts: day_attempts,
                failures: f24.clamp(hour.failures, day_attempts.max(hour.failures)),
            };
            SourceVelocity { kind, hour, day }
        })
    }

    fn facts() -> impl Strategy<Value = AttemptFacts> {
        (
            velocity(SourceKind::Ip),
            velocity(SourceKind::Device),
            velocity(SourceKind::Bin),
            velocity(SourceKind::Tenant),
            proptest::sample::subsequence(SourceKind::ALL.to_vec(), 0..5),
        )
            .prop_map(|(ip, device, bin, tenant, active_alerts)| AttemptFacts {
                sources: vec![ip, device, bin, tenant],
                active_alerts,
                ..AttemptFacts::default()
            })
    }

    proptest! {
        #[test]
        fn decisions_are_consistent(facts in facts()) {
            let policy = CardTestingPolicy::default();
            let score = score_attempt(&policy, &facts);
            prop_assert!((0..=100).contains(&score.score));
            let testing = score.reasons.iter().any(|r| r.code == ReasonCode::CardTesting);
            if testing {
                prop_assert_eq!(score.decision, PaymentDecision::Reject);
            }
            for detection in &score.detections {
                prop_assert!(!facts.active_alerts.contains(&detection.kind));
                prop_assert!(detection.failure_rate >= policy.min_failure_rate);
                prop_assert!(detection.failures > policy.threshold(detection.kind).get(detection.window));
            }
            // A caught or alerted IP, device or BIN always rejects.
            let blocked_source = facts.sources.iter().any(|s| s.kind != SourceKind::Tenant
                && (facts.active_alerts.contains(&s.kind) || caught(&policy, s).is_some()));
            if blocked_source {
                prop_assert_eq!(score.decision, PaymentDecision::Reject);
            }
        }

        #[test]
        fn more_declines_never_turn_a_reject_into_an_accept(facts in facts(), extra in 0i64..100) {
            let policy = CardTestingPolicy::default();
            let before = score_attempt(&policy, &facts);
            let mut worse = facts.clone();
            for s in &mut worse.sources {
                if s.kind == SourceKind::Ip {
                    s.hour.attempts += extra;
                    s.hour.failures += extra;
                    s.day.attempts += extra;
                    s.day.failures += extra;
                }
            }
            let after = score_attempt(&policy, &worse);
            if before.decision == PaymentDecision::Reject
                && before.reasons.iter().any(|r| r.detail["sources"].as_array().is_some_and(|s| s.contains(&json!("ip"))))
            {
                prop_assert_eq!(after.decision, PaymentDecision::Reject);
            }
        }
    }
}
