//! Scoring one login (不正ログイン対策): brute force against an account, credential stuffing
//! (list attacks) from one IP or device, automation, impossible request rates, anonymising
//! networks, logins from abroad and devices new to the account. The API gathers the counts from
//! PostgreSQL (so that they hold across replicas); this module only weighs them.
//!
//! docs/LOGINS-AND-PAYMENTS.md describes every signal and its default.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use crate::attacks::AlertKind;
use crate::reasons::{Reason, ReasonCode};
use crate::user_agent::AutomationUserAgents;

pub use sekisho_domain::LoginDecision;

/// Where login signals turn suspicious. Every count threshold is "more than": a signal fires
/// when the count (which includes the login being scored) exceeds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LoginPolicy {
    /// Brute force: failed logins of one account in 10 minutes (default 5)…
    pub account_failures_10m: i64,
    /// …or in one hour (default 10).
    pub account_failures_1h: i64,
    /// Credential stuffing: distinct accounts tried from one IP or device in one hour (default
    /// 10)…
    pub stuffing_accounts_1h: i64,
    /// …or in 24 hours (default 20)…
    pub stuffing_accounts_24h: i64,
    /// …or login checks from one IP or device in one hour (default 100)…
    pub stuffing_attempts_1h: i64,
    /// …each only while the source's success rate in that window is at most this (default 0.2).
    pub stuffing_max_success_rate: f64,
    /// Impossible rates are counted over this many seconds (default 10)…
    pub rate_window_secs: i64,
    /// …as more than this many logins from one IP (default 30, three a second)…
    pub rate_max_per_ip: i64,
    /// …or more than this many logins of one account (default 5).
    pub rate_max_per_account: i64,
    /// One device used by more than this many accounts in 24 hours (default 3).
    pub device_accounts_24h: i64,
    /// Logins from an IP located elsewhere are `overseas_ip` (ISO alpha-2, default JP).
    pub home_country: String,
    /// Scores at or above this are challenged (default 40)…
    pub challenge_at: i32,
    /// …and at or above this denied (default 80).
    pub deny_at: i32,
    /// Brute force denies whatever the score (default true).
    pub brute_force_denies: bool,
    /// Credential stuffing denies whatever the score (default true).
    pub credential_stuffing_denies: bool,
    /// How long a login attack (an alert) counts against the source's orders and payments, in
    /// seconds (default 24 h), unless staff acknowledge or resolve it first.
    pub alert_ttl_secs: i64,
}

impl Default for LoginPolicy {
    fn default() -> Self {
        Self {
            account_failures_10m: 5,
            account_failures_1h: 10,
            stuffing_accounts_1h: 10,
            stuffing_accounts_24h: 20,
            stuffing_attempts_1h: 100,
            stuffing_max_success_rate: 0.2,
            rate_window_secs: 10,
            rate_max_per_ip: 30,
            rate_max_per_account: 5,
            device_accounts_24h: 3,
            home_country: "JP".into(),
            challenge_at: 40,
            deny_at: 80,
            brute_force_denies: true,
            credential_stuffing_denies: true,
            alert_ttl_secs: 24 * 3600,
        }
    }
}

/// Logins from one source (IP or device) in one window, the scored one included.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourceWindow {
    pub attempts: i64,
    pub successes: i64,
    pub accounts: i64,
}

impl SourceWindow {
    pub fn success_rate(&self) -> f64 {
        if self.attempts <= 0 {
            1.0
        } else {
            self.successes as f64 / self.attempts as f64
        }
    }
}

/// What PostgreSQL knows about the login's account, IP and device; every count includes the
/// login being scored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginVelocity {
    pub account_failures_10m: i64,
    pub account_failures_1h: i64,
    /// Logins of the account in the last `rate_window_secs`.
    pub account_recent: i64,
    pub ip_1h: SourceWindow,
    pub ip_24h: SourceWindow,
    /// Logins from the IP in the last `rate_window_secs`.
    pub ip_recent: i64,
    /// `None` when the login carries no device id.
    pub device_1h: Option<SourceWindow>,
    pub device_24h: Option<SourceWindow>,
    /// The account logged in successfully before (from any device).
    pub account_has_successes: bool,
    /// The account logged in successfully before from this device.
    pub device_known: bool,
    /// The account logged in successfully before from this IP's network (its usual network).
    pub network_known: bool,
}

/// Everything a login is scored from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoginFacts {
    /// Whether the credential was right.
    pub success: bool,
    pub user_agent: Option<String>,
    pub velocity: LoginVelocity,
    /// `tor`, `proxy`, `vpn`, `datacenter` from the reference lists.
    pub ip_tags: Vec<String>,
    /// ISO alpha-2, when the country list covers the IP.
    pub ip_country: Option<String>,
    /// The device tag saw browser automation on this device.
    pub automated_device: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LoginScore {
    pub decision: LoginDecision,
    /// 0–100.
    pub score: i32,
    pub reasons: Vec<Reason>,
    /// Attacks this login shows, for the API to raise as alerts (order and payment scoring
    /// read them).
    #[serde(skip)]
    pub attacks: Vec<LoginAttack>,
}

/// Which source of a login an attack is pinned on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginSource {
    Ip,
    Device,
    Account,
}

/// An attack seen in a login: what it is, on which source, and the counts that showed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoginAttack {
    pub kind: AlertKind,
    pub source: LoginSource,
    pub window_secs: i32,
    pub attempts: i64,
    pub failures: i64,
}

fn stuffing(
    policy: &LoginPolicy,
    source: &str,
    hour: &SourceWindow,
    day: &SourceWindow,
) -> Option<(Reason, LoginAttack)> {
    let pinned = if source == "ip" {
        LoginSource::Ip
    } else {
        LoginSource::Device
    };
    let attack = |window_secs: i32, counts: &SourceWindow| LoginAttack {
        kind: AlertKind::CredentialStuffing,
        source: pinned,
        window_secs,
        attempts: counts.attempts,
        failures: counts.attempts - counts.successes,
    };
    let low = |window: &SourceWindow| window.success_rate() <= policy.stuffing_max_success_rate;
    let detail = |window: &str, counts: &SourceWindow| {
        json!({
            "source": source,
            "window": window,
            "accounts": counts.accounts,
            "attempts": counts.attempts,
            "success_rate": (counts.success_rate() * 1000.0).round() / 1000.0,
        })
    };
    let hour_hit =
        hour.accounts > policy.stuffing_accounts_1h || hour.attempts > policy.stuffing_attempts_1h;
    if hour_hit && low(hour) {
        return Some((
            Reason::new(ReasonCode::CredentialStuffing, detail("1h", hour)),
            attack(3600, hour),
        ));
    }
    if day.accounts > policy.stuffing_accounts_24h && low(day) {
        return Some((
            Reason::new(ReasonCode::CredentialStuffing, detail("24h", day)),
            attack(86_400, day),
        ));
    }
    None
}

/// Scores a login: reasons with points, the score (their sum within 0–100) and the decision.
pub fn score_login(policy: &LoginPolicy, facts: &LoginFacts) -> LoginScore {
    let velocity = &facts.velocity;
    let mut reasons = Vec::new();
    let mut attacks = Vec::new();

    let brute_force_10m = velocity.account_failures_10m > policy.account_failures_10m;
    let brute_force = brute_force_10m || velocity.account_failures_1h > policy.account_failures_1h;
    // After a brute-force run, the owner is the one who logs in from the account's own device
    // and its usual network: challenged (a second factor), not locked out.
    let owner_like = brute_force && velocity.device_known && velocity.network_known;
    if brute_force {
        reasons.push(Reason::new(
            ReasonCode::BruteForce,
            json!({
                "failures_10m": velocity.account_failures_10m,
                "failures_1h": velocity.account_failures_1h,
                "known_device_and_network": owner_like,
            }),
        ));
        let (window_secs, failures) = if brute_force_10m {
            (600, velocity.account_failures_10m)
        } else {
            (3600, velocity.account_failures_1h)
        };
        attacks.push(LoginAttack {
            kind: AlertKind::BruteForce,
            source: LoginSource::Account,
            window_secs,
            attempts: failures + i64::from(facts.success),
            failures,
        });
    }

    let mut stuffed = stuffing(policy, "ip", &velocity.ip_1h, &velocity.ip_24h);
    if stuffed.is_none()
        && let (Some(hour), Some(day)) = (&velocity.device_1h, &velocity.device_24h)
    {
        stuffed = stuffing(policy, "device", hour, day);
    }
    let credential_stuffing = stuffed.is_some();
    if let Some((reason, attack)) = stuffed {
        reasons.push(reason);
        attacks.push(attack);
    }

    let bot_agent = facts
        .user_agent
        .as_deref()
        .is_some_and(|agent| AutomationUserAgents::shared().is_automation(agent));
    if bot_agent {
        reasons.push(Reason::new(
            ReasonCode::BotUserAgent,
            serde_json::Value::Null,
        ));
    }
    if facts.automated_device {
        reasons.push(Reason::new(
            ReasonCode::AutomationDetected,
            serde_json::Value::Null,
        ));
    }
    if bot_agent || facts.automated_device {
        attacks.push(LoginAttack {
            kind: AlertKind::Automation,
            source: if velocity.device_1h.is_some() {
                LoginSource::Device
            } else {
                LoginSource::Ip
            },
            window_secs: 3600,
            attempts: velocity.ip_1h.attempts,
            failures: velocity.ip_1h.attempts - velocity.ip_1h.successes,
        });
    }
    // The right password from a list attack, or from a stranger after a brute-force run: the
    // account is now the attacker's.
    if facts.success && (credential_stuffing || (brute_force && !owner_like)) {
        attacks.push(LoginAttack {
            kind: AlertKind::AccountTakeover,
            source: LoginSource::Account,
            window_secs: 3600,
            attempts: velocity.account_failures_1h + 1,
            failures: velocity.account_failures_1h,
        });
    }

    if velocity.ip_recent > policy.rate_max_per_ip
        || velocity.account_recent > policy.rate_max_per_account
    {
        reasons.push(Reason::new(
            ReasonCode::HighRequestRate,
            json!({
                "window_secs": policy.rate_window_secs,
                "ip": velocity.ip_recent,
                "account": velocity.account_recent,
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

    if let Some(country) = &facts.ip_country
        && !country.eq_ignore_ascii_case(&policy.home_country)
    {
        reasons.push(Reason::new(
            ReasonCode::OverseasIp,
            json!({ "country": country }),
        ));
    }

    if velocity.device_1h.is_some() && velocity.account_has_successes && !velocity.device_known {
        reasons.push(Reason::new(ReasonCode::NewDevice, serde_json::Value::Null));
    }

    if let Some(day) = &velocity.device_24h
        && day.accounts > policy.device_accounts_24h
    {
        reasons.push(Reason::new(
            ReasonCode::DeviceManyAccounts,
            json!({ "accounts_24h": day.accounts }),
        ));
    }

    let score = reasons
        .iter()
        .map(|reason| reason.points)
        .sum::<i32>()
        .clamp(0, 100);
    let forced = (brute_force && policy.brute_force_denies && !owner_like)
        || (credential_stuffing && policy.credential_stuffing_denies);
    let others: i32 = reasons
        .iter()
        .filter(|r| r.code != ReasonCode::BruteForce)
        .map(|r| r.points)
        .sum();
    let decision = if forced || (owner_like && others >= policy.deny_at) {
        LoginDecision::Deny
    } else if owner_like {
        LoginDecision::Challenge
    } else if score >= policy.deny_at {
        LoginDecision::Deny
    } else if score >= policy.challenge_at {
        LoginDecision::Challenge
    } else {
        LoginDecision::Allow
    };
    LoginScore {
        decision,
        score,
        reasons,
        attacks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn codes(score: &LoginScore) -> Vec<ReasonCode> {
        score.reasons.iter().map(|r| r.code).collect()
    }

    fn normal() -> LoginFacts {
        LoginFacts {
            automated_device: false,
            user_agent: Some("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1".into()),
            velocity: LoginVelocity {
                ip_1h: SourceWindow { attempts: 1, successes: 1, accounts: 1 },
                ip_24h: SourceWindow { attempts: 3, successes: 3, accounts: 1 },
                ip_recent: 1,
                account_recent: 1,
                device_1h: Some(SourceWindow { attempts: 1, successes: 1, accounts: 1 }),
                device_24h: Some(SourceWindow { attempts: 3, successes: 3, accounts: 1 }),
                account_has_successes: true,
                device_known: true,
                network_known: true,
                ..LoginVelocity::default()
            },
            success: true,
            ip_tags: Vec::new(),
            ip_country: Some("JP".into()),
        }
    }

    #[test]
    fn an_ordinary_login_is_allowed_without_reasons() {
        let score = score_login(&LoginPolicy::default(), &normal());
        assert_eq!(score.decision, LoginDecision::Allow);
        assert_eq!(score.score, 0);
        assert!(score.reasons.is_empty());
    }

    #[test]
    fn brute_force_denies_over_either_window() {
        let policy = LoginPolicy::default();
        let mut facts = normal();
        facts.velocity.account_failures_10m = 5;
        facts.velocity.account_failures_1h = 5;
        assert_eq!(score_login(&policy, &facts).decision, LoginDecision::Allow);
        facts.velocity.account_failures_10m = 6;
        facts.velocity.account_failures_1h = 6;
        // The owner: the account's own device from its usual network is challenged...
        let score = score_login(&policy, &facts);
        assert_eq!(codes(&score), [ReasonCode::BruteForce]);
        assert_eq!(score.decision, LoginDecision::Challenge);
        assert!(
            !score
                .attacks
                .iter()
                .any(|a| a.kind == AlertKind::AccountTakeover)
        );
        // ...a stranger is denied, and getting in means the account is taken over.
        facts.velocity.network_known = false;
        let score = score_login(&policy, &facts);
        assert_eq!(score.decision, LoginDecision::Deny);
        let kinds: Vec<AlertKind> = score.attacks.iter().map(|a| a.kind).collect();
        assert_eq!(kinds, [AlertKind::BruteForce, AlertKind::AccountTakeover]);
        facts.velocity.account_failures_10m = 1;
        facts.velocity.account_failures_1h = 11;
        assert_eq!(
            codes(&score_login(&policy, &facts)),
            [ReasonCode::BruteForce]
        );
        let lenient = LoginPolicy {
            brute_force_denies: false,
            ..policy
        };
        assert_eq!(
            score_login(&lenient, &facts).decision,
            LoginDecision::Challenge
        );
    }

    #[test]
    fn stuffing_needs_many_accounts_and_a_low_success_rate() {
        let policy = LoginPolicy::default();
        let mut facts = normal();
        facts.velocity.ip_1h = SourceWindow {
            attempts: 12,
            successes: 1,
            accounts: 11,
        };
        let score = score_login(&policy, &facts);
        assert_eq!(codes(&score), [ReasonCode::CredentialStuffing]);
        assert_eq!(score.decision, LoginDecision::Deny);
        assert_eq!(score.reasons[0].detail["source"], "ip");
        assert_eq!(score.reasons[0].detail["window"], "1h");

        // The same spread with most logins succeeding: an office or a carrier NAT.
        facts.velocity.ip_1h.successes = 11;
        assert!(score_login(&policy, &facts).reasons.is_empty());

        // Over a day, from one device.
        facts.velocity.ip_1h.successes = 1;
        facts.velocity.ip_1h.accounts = 2;
        facts.velocity.device_24h = Some(SourceWindow {
            attempts: 40,
            successes: 2,
            accounts: 21,
        });
        let score = score_login(&policy, &facts);
        assert!(codes(&score).contains(&ReasonCode::CredentialStuffing));
        assert!(codes(&score).contains(&ReasonCode::DeviceManyAccounts));
        let stuffing = score
            .reasons
            .iter()
            .find(|r| r.code == ReasonCode::CredentialStuffing)
            .unwrap();
        assert_eq!(stuffing.detail["source"], "device");
        assert_eq!(stuffing.detail["window"], "24h");
    }

    #[test]
    fn automation_rate_and_network_signals() {
        let policy = LoginPolicy::default();
        let mut facts = normal();
        facts.user_agent = Some("Mozilla/5.0 HeadlessChrome/120.0".into());
        facts.velocity.ip_recent = 31;
        facts.ip_tags = vec!["datacenter".into(), "tor".into()];
        facts.ip_country = Some("US".into());
        let score = score_login(&policy, &facts);
        assert_eq!(
            codes(&score),
            [
                ReasonCode::BotUserAgent,
                ReasonCode::HighRequestRate,
                ReasonCode::TorIp,
                ReasonCode::DatacenterIp,
                ReasonCode::OverseasIp,
            ]
        );
        assert_eq!(score.score, 100);
        assert_eq!(score.decision, LoginDecision::Deny);
    }

    #[test]
    fn a_new_device_counts_only_for_an_account_with_history() {
        let policy = LoginPolicy::default();
        let mut facts = normal();
        facts.velocity.device_known = false;
        assert_eq!(
            codes(&score_login(&policy, &facts)),
            [ReasonCode::NewDevice]
        );
        facts.velocity.account_has_successes = false;
        assert!(score_login(&policy, &facts).reasons.is_empty());
        facts.velocity.account_has_successes = true;
        facts.velocity.device_1h = None;
        facts.velocity.device_24h = None;
        assert!(score_login(&policy, &facts).reasons.is_empty());
    }

    fn window() -> impl Strategy<Value = SourceWindow> {
        (0i64..300, 0i64..300, 0i64..300).prop_map(|(attempts, successes, accounts)| SourceWindow {
            attempts,
            successes: successes.min(attempts),
            accounts: accounts.min(attempts.max(1)),
        })
    }

    fn facts() -> impl Strategy<Value = LoginFacts> {
        (
            (0i64..50, 0i64..50, 0i64..50, 0i64..50),
            (
                window(),
                window(),
                proptest::option::of((window(), window())),
            ),
            (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
            proptest::sample::subsequence(vec!["tor", "proxy", "vpn", "datacenter"], 0..4),
            proptest::option::of(prop_oneof![Just("JP"), Just("US"), Just("CN")]),
        )
            .prop_map(
                |(counts, windows, (bot, has, known, network), tags, country)| LoginFacts {
                    success: network,
                    automated_device: false,
                    user_agent: Some(if bot { "curl/8.0" } else { "Mozilla/5.0" }.into()),
                    velocity: LoginVelocity {
                        account_failures_10m: counts.0,
                        account_failures_1h: counts.0 + counts.1,
                        account_recent: counts.2,
                        ip_recent: counts.3,
                        ip_1h: windows.0,
                        ip_24h: windows.1,
                        device_1h: windows.2.map(|w| w.0),
                        device_24h: windows.2.map(|w| w.1),
                        account_has_successes: has,
                        device_known: known,
                        network_known: network,
                    },
                    ip_tags: tags.into_iter().map(String::from).collect(),
                    ip_country: country.map(String::from),
                },
            )
    }

    proptest! {
        #[test]
        fn the_score_stays_in_range_and_the_decision_follows_it(facts in facts()) {
            let policy = LoginPolicy::default();
            let score = score_login(&policy, &facts);
            prop_assert!((0..=100).contains(&score.score));
            let owner_like = score.reasons.iter().any(|r| r.detail.get("known_device_and_network") == Some(&json!(true)));
            let forced = score.reasons.iter().any(|r| match r.code {
                ReasonCode::BruteForce => !owner_like,
                ReasonCode::CredentialStuffing => true,
                _ => false,
            });
            if owner_like && !score.reasons.iter().any(|r| r.code == ReasonCode::CredentialStuffing) {
                prop_assert!(score.decision != LoginDecision::Allow);
                return Ok(());
            }
            match score.decision {
                LoginDecision::Deny => prop_assert!(forced || score.score >= policy.deny_at),
                LoginDecision::Challenge => prop_assert!(!forced && (policy.challenge_at..policy.deny_at).contains(&score.score)),
                LoginDecision::Allow => prop_assert!(!forced && score.score < policy.challenge_at),
            }
        }

        #[test]
        fn more_failures_never_make_a_login_look_safer(facts in facts(), more in 0i64..50) {
            let policy = LoginPolicy::default();
            let before = score_login(&policy, &facts);
            let mut worse = facts.clone();
            worse.velocity.account_failures_10m += more;
            worse.velocity.account_failures_1h += more;
            let after = score_login(&policy, &worse);
            prop_assert!(after.score >= before.score);
            let rank = |d: LoginDecision| match d { LoginDecision::Allow => 0, LoginDecision::Challenge => 1, LoginDecision::Deny => 2 };
            prop_assert!(rank(after.decision) >= rank(before.decision));
        }
    }
}
