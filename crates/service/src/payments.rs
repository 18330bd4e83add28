//! Card payment attempts: the merchant reports every authorisation attempt (approved or
//! declined) and gets accept / review / reject. Attempts feed card-testing (クレジットマスター)
//! detection per IP, device, account, BIN and tenant, and the approval-rate analytics. A raw card
//! number is parsed, fingerprinted in memory and dropped: only BIN, last 4, brand and the keyed
//! fingerprint are kept, and the number never reaches a log.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_domain::Money;
use sekisho_domain::identifiers::{
    CardBrand, CardDetails, CardNumber, ConsortiumKey, DeviceId, NormalizedIp,
};
use sekisho_scoring::attacks::AlertKind;
use sekisho_scoring::card_testing::{
    AttemptFacts, CardTestingPolicy, Counts, Detection, PaymentDecision, SourceKind,
    SourceVelocity, score_attempt,
};
use sekisho_scoring::reasons::Reason;
use sekisho_store::alerts::{Alert, AlertSources};
use sekisho_store::payments::{
    self, AttemptSources, CardTestingAlert, NewCardTestingAlert, NewPaymentAttempt, SourceCounts,
};
use sekisho_store::{Pool, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::idempotency::{self, Answer, RetryKey};
use crate::logins::{account_fingerprint, event_time, parse_account_id};
use crate::orders::alerts::attack_alerts;
use crate::orders::request::ThreeDs;
use crate::{FieldError, FieldErrors, ServiceError};

/// The fingerprint label of merchants' own card tokens (a PSP's card fingerprint), kept apart
/// from the consortium's card-number fingerprints and scoped to the tenant.
const CARD_TOKEN_LABEL: &str = "card_token";
const MAX_TOKEN_CHARS: usize = 200;
const MAX_CODE_CHARS: usize = 64;
const MAX_ORDER_ID_CHARS: usize = 200;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AttemptResult {
    Approved,
    Declined,
}

sekisho_domain::vocabulary!(AttemptResult);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaymentAttemptRequest {
    /// The same card object as orders, fraud reports and lookups take. Here a `fingerprint`
    /// counts for velocity within the tenant (the provider is optional).
    pub card: CardDetails,
    #[schema(value_type = f64, example = 12800)]
    pub amount: serde_json::Number,
    #[schema(example = "JPY")]
    pub currency: String,
    /// The issuer's answer.
    pub result: AttemptResult,
    /// The acquirer's or issuer's decline code.
    pub decline_code: Option<String>,
    pub three_ds: Option<ThreeDs>,
    pub ip: Option<String>,
    pub device_id: Option<String>,
    /// The merchant's account id of the customer (stored only as a keyed fingerprint).
    pub account_id: Option<String>,
    /// The merchant's order id.
    pub order_id: Option<String>,
    /// When the attempt was made (default: now).
    pub attempted_at: Option<DateTime<Utc>>,
    /// e.g. `visa`, `jcb`; otherwise from the BIN list or the number.
    pub card_brand: Option<String>,
    /// ISO alpha-2; otherwise from the BIN list.
    pub issuer_country: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentAttemptResponse {
    /// The stored attempt.
    pub id: Uuid,
    pub decision: PaymentDecision,
    /// 0–100.
    pub score: i32,
    pub reasons: Vec<Reason>,
    /// `false` for a test key's attempt (docs/TESTING.md).
    pub livemode: bool,
}

/// One source of the attempt: how alerts match it and how staff see it.
struct Source {
    kind: SourceKind,
    value: String,
    display: String,
    /// An IP source's network (CIDR), so that its neighbours' orders match the alert.
    prefix: Option<String>,
}

struct PreparedAttempt {
    row: NewPaymentAttempt,
    sources: Vec<Source>,
    three_ds_status: Option<String>,
}

fn mask(value: &str, shown: usize) -> String {
    let head: String = value.chars().take(shown).collect();
    format!("{head}…")
}

fn digits(value: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&value.len()) && value.chars().all(|c| c.is_ascii_digit())
}

fn text(value: Option<&str>, field: &str, max: usize, fields: &mut FieldErrors) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if value.chars().count() > max {
        fields.add(FieldError {
            field: field.into(),
            message: format!("must have at most {max} characters"),
        });
        return None;
    }
    Some(value.to_owned())
}

fn prepare(
    key: &ConsortiumKey,
    tenant_id: Uuid,
    body: &PaymentAttemptRequest,
    livemode: bool,
) -> Result<PreparedAttempt, ServiceError> {
    let mut fields = FieldErrors::default();
    let mut refuse = |field: &str, message: String| {
        fields.add(FieldError {
            field: field.into(),
            message,
        })
    };

    let card = &body.card;
    let number = card
        .number
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .and_then(|raw| {
            CardNumber::parse(raw)
                .map_err(|error| refuse("card.number", error.message))
                .ok()
        });
    let bin = match (&number, card.bin.as_deref().map(str::trim)) {
        (Some(number), _) => Some(number.bin().to_owned()),
        (None, Some(bin)) if digits(bin, 6..=8) => Some(bin.to_owned()),
        (None, Some(_)) => {
            refuse("card.bin", "must have 6 to 8 digits".into());
            None
        }
        (None, None) => None,
    };
    let last4 = match (&number, card.last4.as_deref().map(str::trim)) {
        (Some(number), _) => Some(number.last4().to_owned()),
        (None, Some(last4)) if digits(last4, 4..=4) => Some(last4.to_owned()),
        (None, Some(_)) => {
            refuse("card.last4", "must have 4 digits".into());
            None
        }
        (None, None) => None,
    };
    let token = card
        .fingerprint
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    if token.is_some_and(|t| t.chars().count() > MAX_TOKEN_CHARS) {
        refuse(
            "card.fingerprint",
            format!("must have at most {MAX_TOKEN_CHARS} characters"),
        );
    }
    if number.is_none() && bin.is_none() && token.is_none() && card.number.is_none() {
        refuse(
            "card",
            "give the number, or the bin and last4 (and the provider's fingerprint)".into(),
        );
    }
    let card_fingerprint = match (&number, token) {
        (Some(number), _) => Some(number.to_identifier().fingerprint(key).as_bytes().to_vec()),
        (None, Some(token)) => Some(
            key.fingerprint_labelled(CARD_TOKEN_LABEL, &format!("{tenant_id}:{token}"))
                .as_bytes()
                .to_vec(),
        ),
        (None, None) => None,
    };
    let brand_guess = number
        .as_ref()
        .map(|n| n.brand())
        .filter(|brand| *brand != CardBrand::Unknown)
        .map(|brand| brand.as_str().to_owned());
    // The number itself goes no further than this function.
    drop(number);

    let money = Money::parse(&body.amount.to_string(), &body.currency)
        .map_err(|error| refuse("amount", error.0))
        .ok();
    let ip = body.ip.as_deref().and_then(|raw| {
        NormalizedIp::parse(raw)
            .map_err(|error| refuse("ip", error.message))
            .ok()
    });
    let device_id = body.device_id.as_deref().and_then(|raw| {
        DeviceId::parse(raw)
            .map_err(|error| refuse("device_id", error.message))
            .ok()
    });
    let brand = text(body.card_brand.as_deref(), "card_brand", 32, &mut fields)
        .map(|b| b.to_ascii_lowercase())
        .or(brand_guess);
    let issuer_country = body
        .issuer_country
        .as_deref()
        .map(|c| c.trim().to_ascii_uppercase());
    if issuer_country
        .as_deref()
        .is_some_and(|c| c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()))
    {
        fields.add(FieldError {
            field: "issuer_country".into(),
            message: "must be an ISO 3166-1 alpha-2 code".into(),
        });
    }
    let decline_code = text(
        body.decline_code.as_deref(),
        "decline_code",
        MAX_CODE_CHARS,
        &mut fields,
    );
    let order_id = text(
        body.order_id.as_deref(),
        "order_id",
        MAX_ORDER_ID_CHARS,
        &mut fields,
    );
    let account = body
        .account_id
        .as_deref()
        .and_then(|raw| parse_account_id(raw, "account_id", &mut fields));
    let three_ds = body.three_ds.as_ref();
    let three_ds_flow = text(
        three_ds.and_then(|t| t.flow.as_deref()),
        "three_ds.flow",
        MAX_CODE_CHARS,
        &mut fields,
    );
    let eci = text(
        three_ds.and_then(|t| t.eci.as_deref()),
        "three_ds.eci",
        8,
        &mut fields,
    );
    let attempted_at = event_time(body.attempted_at, "attempted_at", &mut fields);
    let Some(money) = money.filter(|_| fields.is_empty()) else {
        return Err(fields.into_error());
    };

    let account_fingerprint = account
        .as_deref()
        .map(|account| account_fingerprint(key, tenant_id, account));
    let mut sources = Vec::new();
    if let Some(ip) = &ip {
        sources.push(Source {
            kind: SourceKind::Ip,
            value: ip.canonical(),
            display: ip.canonical(),
            prefix: Some(ip.prefix()),
        });
    }
    if let Some(device) = &device_id {
        sources.push(Source {
            kind: SourceKind::Device,
            value: device.as_str().to_owned(),
            display: mask(device.as_str(), 6),
            prefix: None,
        });
    }
    if let (Some(account), Some(fingerprint)) = (&account, &account_fingerprint) {
        sources.push(Source {
            kind: SourceKind::Account,
            value: hex::encode(fingerprint),
            display: mask(account, 2),
            prefix: None,
        });
    }
    if let Some(bin) = &bin {
        sources.push(Source {
            kind: SourceKind::Bin,
            value: bin.clone(),
            display: bin.clone(),
            prefix: None,
        });
    }
    sources.push(Source {
        kind: SourceKind::Tenant,
        value: "*".into(),
        display: "all attempts".into(),
        prefix: None,
    });
    let three_ds_status = three_ds.map(|t| t.status.as_str().to_owned());
    Ok(PreparedAttempt {
        row: NewPaymentAttempt {
            tenant_id,
            id: Uuid::now_v7(),
            card_fingerprint,
            bin,
            last4,
            brand,
            issuer_country,
            amount_minor: money.minor,
            currency: money.code(),
            result: body.result.as_str().to_owned(),
            decline_code,
            three_ds_status: three_ds_status.clone(),
            three_ds_flow,
            eci,
            ip: ip.map(|ip| ip.canonical()),
            device_id: device_id.map(|d| d.as_str().to_owned()),
            account_fingerprint,
            order_id,
            // Set by the scoring, before the row is written (`score_and_store`).
            decision: PaymentDecision::Review,
            score: 0,
            reasons: Vec::new(),
            attempted_at,
            livemode,
        },
        sources,
        three_ds_status,
    })
}

/// Each source's counts with the attempt being scored added.
fn velocities(sources: &[Source], rows: &[SourceCounts], declined: bool) -> Vec<SourceVelocity> {
    let failure = i64::from(declined);
    sources
        .iter()
        .map(|source| {
            let row = rows.iter().find(|row| row.kind == source.kind.as_str());
            let count = |attempts: Option<i64>, failures: Option<i64>| Counts {
                attempts: attempts.unwrap_or(0) + 1,
                failures: failures.unwrap_or(0) + failure,
            };
            SourceVelocity {
                kind: source.kind,
                hour: count(row.map(|r| r.attempts_1h), row.map(|r| r.failures_1h)),
                day: count(row.map(|r| r.attempts_24h), row.map(|r| r.failures_24h)),
            }
        })
        .collect()
}

fn alert_rows(
    livemode: bool,
    policy: &CardTestingPolicy,
    tenant_id: Uuid,
    sources: &[Source],
    detections: &[Detection],
    at: DateTime<Utc>,
) -> Vec<NewCardTestingAlert> {
    detections
        .iter()
        .filter_map(|detection| {
            let source = sources.iter().find(|s| s.kind == detection.kind)?;
            Some(NewCardTestingAlert {
                tenant_id,
                id: Uuid::now_v7(),
                kind: AlertKind::CardTesting.as_str().to_owned(),
                ip_prefix: source.prefix.clone(),
                source_kind: detection.kind.as_str().to_owned(),
                source_value: source.value.clone(),
                display: source.display.clone(),
                window_secs: detection.window.secs(),
                failures: i32::try_from(detection.failures).unwrap_or(i32::MAX),
                attempts: i32::try_from(detection.attempts).unwrap_or(i32::MAX),
                failure_rate: detection.failure_rate.clamp(0.0, 1.0),
                detected_at: at,
                active_until: at + Duration::seconds(policy.alert_ttl_secs.max(1)),
                livemode,
            })
        })
        .collect()
}

/// Scores the attempt and stores the alerts it raises; the attempt itself is stored last, by the
/// caller (see [`record_attempt`]).
async fn score_and_alert(
    conn: &mut AsyncPgConnection,
    reference: &crate::caches::Caches,
    policy: &CardTestingPolicy,
    prepared: &mut PreparedAttempt,
) -> Result<(PaymentDecision, i32, Vec<Reason>, Vec<CardTestingAlert>), ServiceError> {
    let row = &mut prepared.row;
    let tenant_id = row.tenant_id;
    if let Some(bin) = &row.bin
        && (row.brand.is_none() || row.issuer_country.is_none())
        && let Some(facts) = reference.bin_facts(conn, bin).await?
    {
        row.brand = row.brand.take().or(Some(facts.brand.to_ascii_lowercase()));
        row.issuer_country = row.issuer_country.take().or(facts.issuer_country);
    }
    let mut ip_tags = match &row.ip {
        Some(ip) => reference.ip_facts(conn, ip).await?.tags,
        None => Vec::new(),
    };
    if !row.livemode {
        if let Some(country) = row
            .bin
            .as_deref()
            .and_then(crate::test_mode::issuer_country)
        {
            row.issuer_country = Some(country.to_owned());
        }
        if row.ip.as_deref().is_some_and(crate::test_mode::is_tor)
            && !ip_tags.iter().any(|tag| tag == "tor")
        {
            ip_tags.push("tor".to_owned());
        }
    }
    // Every alert in force for the attempt's sources: card testing rejects the source's
    // attempts; login attacks on its IP, network, device or account are reasons of their own.
    let find = |kind: SourceKind| {
        prepared
            .sources
            .iter()
            .find(|s| s.kind == kind)
            .map(|s| s.value.as_str())
    };
    let ip_source = prepared.sources.iter().find(|s| s.kind == SourceKind::Ip);
    let in_force = Alert::in_force(
        conn,
        tenant_id,
        &AlertSources {
            ip: find(SourceKind::Ip),
            ip_prefix: ip_source.and_then(|s| s.prefix.as_deref()),
            device_id: find(SourceKind::Device),
            account: find(SourceKind::Account),
            bin: find(SourceKind::Bin),
            tenant: true,
            livemode: row.livemode,
        },
        row.attempted_at,
    )
    .await?;
    let mut active: Vec<SourceKind> = in_force
        .iter()
        .filter(|found| found.alert.kind == AlertKind::CardTesting.as_str())
        .filter(|found| found.matched != "ip_prefix")
        .filter_map(|found| SourceKind::parse(&found.alert.source_kind))
        .collect();
    // Test mode's card-testing card (docs/TESTING.md): its BIN is under an alert.
    if !row.livemode
        && row
            .bin
            .as_deref()
            .is_some_and(crate::test_mode::is_card_testing)
        && !active.contains(&SourceKind::Bin)
    {
        active.push(SourceKind::Bin);
    }
    let login_attacks: Vec<_> = attack_alerts(in_force)
        .into_iter()
        .filter(|alert| alert.kind.is_login_attack())
        .collect();
    let counts = payments::velocity(
        conn,
        tenant_id,
        &AttemptSources {
            ip: row.ip.as_deref(),
            device_id: row.device_id.as_deref(),
            account_fingerprint: row.account_fingerprint.as_deref(),
            bin: row.bin.as_deref(),
            livemode: row.livemode,
        },
        row.attempted_at,
    )
    .await?;
    let scored = score_attempt(
        policy,
        &AttemptFacts {
            sources: velocities(&prepared.sources, &counts, row.result == "declined"),
            active_alerts: active,
            login_attacks,
            ip_tags,
            three_ds_status: prepared.three_ds_status.clone(),
        },
    );
    row.decision = scored.decision;
    row.score = i16::try_from(scored.score).unwrap_or(100);
    row.reasons = scored.reasons.clone();
    let alerts = alert_rows(
        row.livemode,
        policy,
        tenant_id,
        &prepared.sources,
        &scored.detections,
        row.attempted_at,
    );
    let raised = CardTestingAlert::insert_all(conn, &alerts).await?;
    Ok((scored.decision, scored.score, scored.reasons, raised))
}

/// What recording a payment attempt needs besides the attempt itself.
#[derive(Clone, Copy)]
pub struct AttemptScoring<'a> {
    pub pool: &'a Pool,
    /// `false` for a test key's attempt: stored and counted apart from live attempts.
    pub livemode: bool,
    /// Fingerprints cards and accounts.
    pub key: &'a ConsortiumKey,
    pub policy: &'a CardTestingPolicy,
    /// What the reference lists say about BINs and IPs, cached.
    pub reference: &'a crate::caches::Caches,
}

/// Scores one card authorisation attempt for card testing and stores it, with the alerts it
/// raises, in one tenant transaction; the answer (`PaymentAttemptResponse`, 200) is stored under
/// the caller's Idempotency-Key in the same transaction.
pub async fn record_attempt(
    with: AttemptScoring<'_>,
    tenant_id: Uuid,
    body: &PaymentAttemptRequest,
    retry: Option<&RetryKey>,
) -> Result<Answer<PaymentAttemptResponse>, ServiceError> {
    let mut prepared = prepare(with.key, tenant_id, body, with.livemode)?;
    let policy = with.policy;
    let (answer, raised) =
        tenancy::in_tenant_hot::<_, ServiceError, _, _>(with.pool, tenant_id, async |conn| {
            if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
                return Ok((Answer::Replayed(replay), Vec::new()));
            }
            let (decision, score, reasons, raised) =
                score_and_alert(conn, with.reference, policy, &mut prepared).await?;
            let response = PaymentAttemptResponse {
                id: prepared.row.id,
                decision,
                score,
                reasons,
                livemode: prepared.row.livemode,
            };
            let reply = idempotency::respond(conn, tenant_id, retry, 200, &response).await?;
            // Last before the commit: storing the attempt moves its sources' counters
            // (`attempt_counts`, by trigger), rows that every attempt of a card-testing burst
            // shares, so their locks are held for the commit only.
            payments::insert(conn, &prepared.row).await?;
            Ok((
                Answer::Done {
                    reply,
                    outcome: response,
                },
                raised,
            ))
        })
        .await?;
    let Answer::Done { outcome, .. } = &answer else {
        tracing::info!(tenant.id = %tenant_id, "payment attempt replayed");
        return Ok(answer);
    };
    for alert in &raised {
        tracing::warn!(
            tenant.id = %tenant_id,
            alert.id = %alert.id,
            alert.source_kind = %alert.source_kind,
            alert.failures = alert.failures,
            alert.attempts = alert.attempts,
            "card testing detected"
        );
    }
    tracing::info!(
        tenant.id = %tenant_id,
        payment_attempt.id = %outcome.id,
        payment_attempt.decision = outcome.decision.as_str(),
        payment_attempt.score = outcome.score,
        "payment attempt scored"
    );
    Ok(answer)
}
