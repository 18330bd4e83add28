use serde_json::json;

use crate::attacks::AlertKind;
use crate::reasons::ReasonCode;

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
