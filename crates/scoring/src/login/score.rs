//! The weighing: a login's facts under the tenant's policy become a decision, a score and
//! reasons.

use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

use super::LoginDecision;
use super::facts::{LoginFacts, SourceWindow};
use super::policy::LoginPolicy;
use crate::attacks::AlertKind;
use crate::reasons::{Reason, ReasonCode};
use crate::user_agent::AutomationUserAgents;

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
