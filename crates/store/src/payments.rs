//! Card payment attempts: the source of card-testing velocity and of approval-rate analytics.
//! Counts come from PostgreSQL, so that they hold when several API replicas serve one tenant.
//! The card-testing alerts raised from them are attack alerts (`crate::alerts`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bytea, Int2, Int8, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use sekisho_domain::{PaymentDecision, Reason};

use crate::StoreError;
use crate::vocabulary::{Checked, CheckedJson};

/// One authorisation attempt as it is stored: never the card number, only BIN, last 4, brand
/// and the keyed fingerprint.
#[derive(Debug, Clone)]
pub struct NewPaymentAttempt {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub card_fingerprint: Option<Vec<u8>>,
    pub bin: Option<String>,
    pub last4: Option<String>,
    pub brand: Option<String>,
    pub issuer_country: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    /// `approved` or `declined`.
    pub result: String,
    pub decline_code: Option<String>,
    pub three_ds_status: Option<String>,
    pub three_ds_flow: Option<String>,
    pub eci: Option<String>,
    /// Canonical text; stored as `inet`.
    pub ip: Option<String>,
    pub device_id: Option<String>,
    pub account_fingerprint: Option<Vec<u8>>,
    pub order_id: Option<String>,
    pub decision: PaymentDecision,
    pub score: i16,
    pub reasons: Vec<Reason>,
    pub attempted_at: DateTime<Utc>,
    /// `false` for a test key's attempt: counted only with other test attempts.
    pub livemode: bool,
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    attempt: &NewPaymentAttempt,
) -> Result<(), StoreError> {
    crate::prepared::sql(
        "INSERT INTO payment_attempts (tenant_id, id, card_fingerprint, bin, last4, brand, \
             issuer_country, amount_minor, currency, result, decline_code, three_ds_status, \
             three_ds_flow, eci, ip, device_id, account_fingerprint, order_id, decision, score, \
             reasons, attempted_at, livemode) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::inet, $16, \
                 $17, $18, $19, $20, $21, $22, $23)",
    )
    .bind::<diesel::sql_types::Uuid, _>(attempt.tenant_id)
    .bind::<diesel::sql_types::Uuid, _>(attempt.id)
    .bind::<Nullable<Bytea>, _>(attempt.card_fingerprint.as_deref())
    .bind::<Nullable<Text>, _>(attempt.bin.as_deref())
    .bind::<Nullable<Text>, _>(attempt.last4.as_deref())
    .bind::<Nullable<Text>, _>(attempt.brand.as_deref())
    .bind::<Nullable<Text>, _>(attempt.issuer_country.as_deref())
    .bind::<Int8, _>(attempt.amount_minor)
    .bind::<Text, _>(&attempt.currency)
    .bind::<Text, _>(&attempt.result)
    .bind::<Nullable<Text>, _>(attempt.decline_code.as_deref())
    .bind::<Nullable<Text>, _>(attempt.three_ds_status.as_deref())
    .bind::<Nullable<Text>, _>(attempt.three_ds_flow.as_deref())
    .bind::<Nullable<Text>, _>(attempt.eci.as_deref())
    .bind::<Nullable<Text>, _>(attempt.ip.as_deref())
    .bind::<Nullable<Text>, _>(attempt.device_id.as_deref())
    .bind::<Nullable<Bytea>, _>(attempt.account_fingerprint.as_deref())
    .bind::<Nullable<Text>, _>(attempt.order_id.as_deref())
    .bind::<Text, _>(Checked(attempt.decision))
    .bind::<Int2, _>(attempt.score)
    .bind::<Jsonb, _>(CheckedJson(&attempt.reasons))
    .bind::<Timestamptz, _>(attempt.attempted_at)
    .bind::<diesel::sql_types::Bool, _>(attempt.livemode)
    .execute(conn)
    .await?;
    Ok(())
}

/// The sources of one attempt whose earlier attempts are counted.
#[derive(Debug, Clone, Default)]
pub struct AttemptSources<'a> {
    pub ip: Option<&'a str>,
    pub device_id: Option<&'a str>,
    pub account_fingerprint: Option<&'a [u8]>,
    pub bin: Option<&'a str>,
    /// Count test-mode attempts (`false`) or live ones.
    pub livemode: bool,
}

/// Earlier attempts and declines of one source (`ip`, `device`, `account`, `bin`, `tenant`) in
/// the hour and the 24 hours before the attempt. Sources without earlier attempts are absent.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct SourceCounts {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Int8)]
    pub attempts_1h: i64,
    #[diesel(sql_type = Int8)]
    pub failures_1h: i64,
    #[diesel(sql_type = Int8)]
    pub attempts_24h: i64,
    #[diesel(sql_type = Int8)]
    pub failures_24h: i64,
}

/// Every source's counts in one round trip, from the counters kept as attempts are stored
/// (migration `2026-12-01-820002_payment_counters`): O(buckets in the window) whatever the
/// source's volume. Windows are rounded out to whole buckets (1 h: one-minute buckets; 24 h:
/// one-hour buckets). Test-mode attempts are counted apart from live ones.
pub async fn velocity(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    sources: &AttemptSources<'_>,
    at: DateTime<Utc>,
) -> Result<Vec<SourceCounts>, StoreError> {
    Ok(crate::prepared::sql(
        "SELECT kind, attempts_1h, failures_1h, attempts_24h, failures_24h \
         FROM sekisho_payment_velocity($1, $2, $3::inet, $4, $5, $6, $7)",
    )
    .bind::<diesel::sql_types::Uuid, _>(tenant_id)
    .bind::<Timestamptz, _>(at)
    .bind::<Nullable<Text>, _>(sources.ip)
    .bind::<Nullable<Text>, _>(sources.device_id)
    .bind::<Nullable<Bytea>, _>(sources.account_fingerprint)
    .bind::<Nullable<Text>, _>(sources.bin)
    .bind::<diesel::sql_types::Bool, _>(sources.livemode)
    .load(conn)
    .await?)
}

/// Card-testing alerts are attack alerts of kind `card_testing` (`crate::alerts`).
pub use crate::alerts::{Alert as CardTestingAlert, NewAlert as NewCardTestingAlert};
