//! Login scoring (不正ログイン対策): a merchant sends each login of its customers — success or
//! failure — and gets allow / challenge / deny with the reasons. Every login is stored (the
//! account only as a tenant-scoped keyed fingerprint) and the velocity counts of brute force and
//! credential stuffing are read from PostgreSQL, so that they hold across replicas. The staff
//! sign-in of the dashboard is `sekisho_api::routes::sign_in`, not this.

use chrono::{DateTime, Duration, Utc};
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_domain::identifiers::{DeviceId, NormalizedIp};
use sekisho_scoring::login::{
    LoginAttack, LoginDecision, LoginFacts, LoginPolicy, LoginSource, LoginVelocity, SourceWindow,
    score_login,
};
use sekisho_scoring::reasons::Reason;
use sekisho_store::alerts::{Alert, NewAlert};
use sekisho_store::logins::{self, LoginCounts, LoginProbe, NewLoginEvent};
use sekisho_store::{Pool, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::idempotency::{self, Answer, RetryKey};
use crate::{FieldError, FieldErrors, ServiceError};

/// The fingerprint label of merchants' account ids (the same as orders use, so that one
/// account is one fingerprint across logins, payments and orders).
pub const ACCOUNT_LABEL: &str = "account";
const MAX_ACCOUNT_ID_CHARS: usize = 200;
const MAX_USER_AGENT_CHARS: usize = 1024;
/// Clocks differ; an event further ahead than this is refused.
const MAX_CLOCK_SKEW_SECS: i64 = 300;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreLoginRequest {
    /// The merchant's own id of the account being logged into (1–200 characters). Stored only
    /// as a keyed fingerprint.
    #[schema(example = "member-10293")]
    pub account_id: String,
    /// Whether the password (or other credential) was right.
    pub success: bool,
    /// The customer's IP address.
    #[schema(example = "203.0.113.45")]
    pub ip: String,
    pub user_agent: Option<String>,
    /// The device tag's token or the merchant's own device id.
    pub device_id: Option<String>,
    /// When the login happened (default: now).
    pub occurred_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreLoginResponse {
    /// The stored login event.
    pub id: Uuid,
    pub decision: LoginDecision,
    /// 0–100.
    pub score: i32,
    pub reasons: Vec<Reason>,
    /// `false` for a test key's login (docs/TESTING.md).
    pub livemode: bool,
}

/// The account as stored: HMAC under the consortium key of (tenant, account id), so that it
/// never matches across tenants.
pub fn account_fingerprint(key: &ConsortiumKey, tenant_id: Uuid, account_id: &str) -> Vec<u8> {
    key.fingerprint_labelled(ACCOUNT_LABEL, &format!("{tenant_id}:{account_id}"))
        .as_bytes()
        .to_vec()
}

/// An account id as merchants send it: trimmed, 1–200 characters.
pub fn parse_account_id(raw: &str, field: &str, fields: &mut FieldErrors) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() || trimmed.chars().count() > MAX_ACCOUNT_ID_CHARS {
        fields.add(FieldError {
            field: field.into(),
            message: format!("must have 1 to {MAX_ACCOUNT_ID_CHARS} characters"),
        });
        return None;
    }
    Some(trimmed.to_owned())
}

/// An event time: the one given, or now; refused when it lies ahead of the clock.
pub fn event_time(
    given: Option<DateTime<Utc>>,
    field: &str,
    fields: &mut FieldErrors,
) -> DateTime<Utc> {
    let now = Utc::now();
    match given {
        Some(at) if at > now + Duration::seconds(MAX_CLOCK_SKEW_SECS) => {
            fields.add(FieldError {
                field: field.into(),
                message: "must not be in the future".into(),
            });
            now
        }
        Some(at) => at,
        None => now,
    }
}

struct PreparedLogin {
    account_fingerprint: Vec<u8>,
    /// The account id masked for staff (alerts show it).
    account_display: String,
    ip: NormalizedIp,
    device_id: Option<String>,
    user_agent: Option<String>,
    at: DateTime<Utc>,
}

fn prepare(
    key: &ConsortiumKey,
    tenant_id: Uuid,
    body: &ScoreLoginRequest,
) -> Result<PreparedLogin, ServiceError> {
    let mut fields = FieldErrors::default();
    let account = parse_account_id(&body.account_id, "account_id", &mut fields);
    let ip = NormalizedIp::parse(&body.ip)
        .map_err(|error| {
            fields.add(FieldError {
                field: "ip".into(),
                message: error.message,
            })
        })
        .ok();
    let device_id = match body.device_id.as_deref() {
        Some(raw) => match DeviceId::parse(raw) {
            Ok(id) => Some(id.as_str().to_owned()),
            Err(error) => {
                fields.add(FieldError {
                    field: "device_id".into(),
                    message: error.message,
                });
                None
            }
        },
        None => None,
    };
    let at = event_time(body.occurred_at, "occurred_at", &mut fields);
    let (Some(account), Some(ip), true) = (account, ip, fields.is_empty()) else {
        return Err(fields.into_error());
    };
    let user_agent = body
        .user_agent
        .as_deref()
        .map(str::trim)
        .filter(|agent| !agent.is_empty())
        .map(|agent| agent.chars().take(MAX_USER_AGENT_CHARS).collect());
    Ok(PreparedLogin {
        account_fingerprint: account_fingerprint(key, tenant_id, &account),
        account_display: mask(&account, 2),
        ip,
        device_id,
        user_agent,
        at,
    })
}

fn velocity(counts: &LoginCounts, has_device: bool) -> LoginVelocity {
    let device = |attempts, successes, accounts| {
        has_device.then_some(SourceWindow {
            attempts,
            successes,
            accounts,
        })
    };
    LoginVelocity {
        account_failures_10m: counts.account_failures_10m,
        account_failures_1h: counts.account_failures_1h,
        account_recent: counts.account_recent,
        ip_1h: SourceWindow {
            attempts: counts.ip_attempts_1h,
            successes: counts.ip_successes_1h,
            accounts: counts.ip_accounts_1h,
        },
        ip_24h: SourceWindow {
            attempts: counts.ip_attempts_24h,
            successes: counts.ip_successes_24h,
            accounts: counts.ip_accounts_24h,
        },
        ip_recent: counts.ip_recent,
        device_1h: device(
            counts.device_attempts_1h,
            counts.device_successes_1h,
            counts.device_accounts_1h,
        ),
        device_24h: device(
            counts.device_attempts_24h,
            counts.device_successes_24h,
            counts.device_accounts_24h,
        ),
        account_has_successes: counts.account_has_successes,
        device_known: counts.device_known,
        network_known: counts.network_known,
    }
}

/// The first characters of an id, then an ellipsis: enough for staff to tell sources apart.
pub fn mask(value: &str, shown: usize) -> String {
    let head: String = value.chars().take(shown).collect();
    format!("{head}…")
}

/// The alerts a login's attacks raise: one per attack and source, each in force for the
/// policy's alert lifetime (order and payment scoring read them).
fn alert_rows(
    livemode: bool,
    policy: &LoginPolicy,
    tenant_id: Uuid,
    login: &PreparedLogin,
    attacks: &[LoginAttack],
) -> Vec<NewAlert> {
    attacks
        .iter()
        .filter_map(|attack| {
            let (source_kind, value, display, prefix) = match attack.source {
                LoginSource::Ip => (
                    "ip",
                    login.ip.canonical(),
                    login.ip.canonical(),
                    Some(login.ip.prefix()),
                ),
                LoginSource::Device => {
                    let device = login.device_id.clone()?;
                    ("device", device.clone(), mask(&device, 6), None)
                }
                LoginSource::Account => (
                    "account",
                    hex::encode(&login.account_fingerprint),
                    login.account_display.clone(),
                    None,
                ),
            };
            let attempts = attack.attempts.max(1);
            let failures = attack.failures.clamp(0, attempts);
            Some(NewAlert {
                tenant_id,
                id: Uuid::now_v7(),
                kind: attack.kind.as_str().to_owned(),
                source_kind: source_kind.to_owned(),
                source_value: value,
                display,
                ip_prefix: prefix,
                window_secs: attack.window_secs,
                failures: i32::try_from(failures).unwrap_or(i32::MAX),
                attempts: i32::try_from(attempts).unwrap_or(i32::MAX),
                failure_rate: failures as f64 / attempts as f64,
                detected_at: login.at,
                active_until: login.at + Duration::seconds(policy.alert_ttl_secs.max(1)),
                livemode,
            })
        })
        .collect()
}

/// What scoring a login needs besides the login itself.
#[derive(Clone, Copy)]
pub struct LoginScoring<'a> {
    pub pool: &'a Pool,
    /// Fingerprints the account (tenant-scoped).
    pub key: &'a ConsortiumKey,
    pub policy: &'a LoginPolicy,
    /// What the reference lists say about IPs, cached.
    pub reference: &'a crate::caches::Caches,
    /// `false` for a test key's login: stored and counted apart from live logins.
    pub livemode: bool,
}

/// Scores one login and stores it, with the alerts its attacks raise, in one tenant
/// transaction; the answer (`ScoreLoginResponse`, 200) is stored under the caller's
/// Idempotency-Key in the same transaction.
pub async fn score(
    with: LoginScoring<'_>,
    tenant_id: Uuid,
    body: &ScoreLoginRequest,
    retry: Option<&RetryKey>,
) -> Result<Answer<ScoreLoginResponse>, ServiceError> {
    let login = prepare(with.key, tenant_id, body)?;
    let policy = with.policy;
    let ip = login.ip.canonical();
    let ip_prefix = login.ip.prefix();
    let answer =
        tenancy::in_tenant_hot::<_, ServiceError, _, _>(with.pool, tenant_id, async |conn| {
            if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
                return Ok(Answer::Replayed(replay));
            }
            let mut ip_facts = with.reference.ip_facts(conn, &ip).await?;
            if !with.livemode
                && crate::test_mode::is_tor(&ip)
                && !ip_facts.tags.iter().any(|tag| tag == "tor")
            {
                ip_facts.tags.push("tor".to_owned());
            }
            let counts = logins::velocity(
                conn,
                &LoginProbe {
                    tenant_id,
                    account_fingerprint: &login.account_fingerprint,
                    success: body.success,
                    ip: &ip,
                    ip_prefix: &ip_prefix,
                    device_id: login.device_id.as_deref(),
                    at: login.at,
                    rate_window_secs: i32::try_from(policy.rate_window_secs).unwrap_or(10),
                    livemode: with.livemode,
                },
            )
            .await?;
            let automated_device = match login.device_id.as_deref() {
                Some(device) => sekisho_store::devices::facts(conn, tenant_id, device)
                    .await?
                    .is_some_and(|facts| facts.automation),
                None => false,
            };
            let scored = score_login(
                policy,
                &LoginFacts {
                    success: body.success,
                    automated_device,
                    user_agent: login.user_agent.clone(),
                    velocity: velocity(&counts, login.device_id.is_some()),
                    ip_tags: ip_facts.tags,
                    ip_country: ip_facts.country,
                },
            );
            let id = Uuid::now_v7();
            logins::insert(
                conn,
                &NewLoginEvent {
                    tenant_id,
                    id,
                    account_fingerprint: login.account_fingerprint.clone(),
                    success: body.success,
                    ip: ip.clone(),
                    ip_prefix: login.ip.prefix(),
                    device_id: login.device_id.clone(),
                    user_agent: login.user_agent.clone(),
                    decision: scored.decision,
                    score: i16::try_from(scored.score).unwrap_or(100),
                    reasons: scored.reasons.clone(),
                    at: login.at,
                    livemode: with.livemode,
                },
            )
            .await?;
            // A running attack raises one alert per source, not one per login.
            let rows = alert_rows(with.livemode, policy, tenant_id, &login, &scored.attacks);
            for alert in Alert::raise_new(conn, &rows).await? {
                tracing::warn!(
                    tenant.id = %tenant_id,
                    alert.id = %alert.id,
                    alert.kind = %alert.kind,
                    alert.source_kind = %alert.source_kind,
                    "login attack detected"
                );
            }
            let response = ScoreLoginResponse {
                id,
                decision: scored.decision,
                score: scored.score,
                reasons: scored.reasons,
                livemode: with.livemode,
            };
            let reply = idempotency::respond(conn, tenant_id, retry, 200, &response).await?;
            Ok(Answer::Done {
                reply,
                outcome: response,
            })
        })
        .await?;
    match &answer {
        Answer::Done { outcome, .. } => tracing::info!(
            tenant.id = %tenant_id,
            login.id = %outcome.id,
            login.decision = outcome.decision.as_str(),
            login.score = outcome.score,
            "login scored"
        ),
        Answer::Replayed(_) => tracing::info!(tenant.id = %tenant_id, "login score replayed"),
    }
    Ok(answer)
}
