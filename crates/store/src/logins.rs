//! Scored logins and the velocity counts behind brute-force and credential-stuffing detection.
//! Counts come from PostgreSQL in one statement, so that they hold when several API replicas
//! serve one tenant.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Bytea, Int2, Int4, Int8, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use sekisho_domain::{LoginDecision, Reason};

use crate::StoreError;
use crate::vocabulary::{Checked, CheckedJson};

/// One login as it is stored. The account is a tenant-scoped keyed fingerprint.
#[derive(Debug, Clone)]
pub struct NewLoginEvent {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub account_fingerprint: Vec<u8>,
    pub success: bool,
    /// Canonical text; stored as `inet`.
    pub ip: String,
    /// CIDR text; stored as `cidr`.
    pub ip_prefix: String,
    pub device_id: Option<String>,
    pub user_agent: Option<String>,
    pub decision: LoginDecision,
    pub score: i16,
    pub reasons: Vec<Reason>,
    pub at: DateTime<Utc>,
    /// `false` for a test key's login: counted only with other test logins.
    pub livemode: bool,
}

/// What the velocity query is about: the login being scored, which every count includes.
#[derive(Debug, Clone)]
pub struct LoginProbe<'a> {
    pub tenant_id: Uuid,
    pub account_fingerprint: &'a [u8],
    pub success: bool,
    pub ip: &'a str,
    /// CIDR text of the IP's network (the account's usual network when it logged in from it).
    pub ip_prefix: &'a str,
    pub device_id: Option<&'a str>,
    pub at: DateTime<Utc>,
    /// The window of the impossible-rate signal.
    pub rate_window_secs: i32,
    /// Count test-mode logins (`false`) or live ones.
    pub livemode: bool,
}

/// Counts over the windows of the login signals, each including the probed login.
#[derive(Debug, Clone, Default, PartialEq, Eq, QueryableByName)]
pub struct LoginCounts {
    #[diesel(sql_type = Int8)]
    pub account_failures_10m: i64,
    #[diesel(sql_type = Int8)]
    pub account_failures_1h: i64,
    #[diesel(sql_type = Int8)]
    pub account_recent: i64,
    #[diesel(sql_type = Int8)]
    pub ip_attempts_1h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_successes_1h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_accounts_1h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_attempts_24h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_successes_24h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_accounts_24h: i64,
    #[diesel(sql_type = Int8)]
    pub ip_recent: i64,
    #[diesel(sql_type = Int8)]
    pub device_attempts_1h: i64,
    #[diesel(sql_type = Int8)]
    pub device_successes_1h: i64,
    #[diesel(sql_type = Int8)]
    pub device_accounts_1h: i64,
    #[diesel(sql_type = Int8)]
    pub device_attempts_24h: i64,
    #[diesel(sql_type = Int8)]
    pub device_successes_24h: i64,
    #[diesel(sql_type = Int8)]
    pub device_accounts_24h: i64,
    /// A successful login of the account before this one.
    #[diesel(sql_type = Bool)]
    pub account_has_successes: bool,
    /// A successful login of the account from this device before this one.
    #[diesel(sql_type = Bool)]
    pub device_known: bool,
    /// A successful login of the account from this IP's network before this one.
    #[diesel(sql_type = Bool)]
    pub network_known: bool,
}

/// Every count the login signals need, in one round trip.
pub async fn velocity(
    conn: &mut AsyncPgConnection,
    probe: &LoginProbe<'_>,
) -> Result<LoginCounts, StoreError> {
    Ok(crate::prepared::sql(
        "WITH current AS (SELECT $2::bytea AS account_fingerprint, $3::boolean AS success, \
                                 $6::timestamptz AS at), \
         by_account AS ( \
             SELECT success, at FROM login_events \
             WHERE tenant_id = $1 AND livemode = $9 AND account_fingerprint = $2 \
               AND at > $6 - interval '1 hour' AND at <= $6 \
             UNION ALL SELECT success, at FROM current), \
         by_ip AS ( \
             SELECT account_fingerprint, success, at FROM login_events \
             WHERE tenant_id = $1 AND livemode = $9 AND ip = $4::inet \
               AND at > $6 - interval '24 hours' AND at <= $6 \
             UNION ALL SELECT account_fingerprint, success, at FROM current), \
         by_device AS ( \
             SELECT account_fingerprint, success, at FROM login_events \
             WHERE tenant_id = $1 AND livemode = $9 AND device_id = $5 \
               AND at > $6 - interval '24 hours' AND at <= $6 \
             UNION ALL SELECT account_fingerprint, success, at FROM current WHERE $5 IS NOT NULL) \
         SELECT \
           (SELECT count(*) FROM by_account WHERE NOT success AND at > $6 - interval '10 minutes') \
             AS account_failures_10m, \
           (SELECT count(*) FROM by_account WHERE NOT success) AS account_failures_1h, \
           (SELECT count(*) FROM by_account WHERE at > $6 - make_interval(secs => $7)) \
             AS account_recent, \
           i.attempts_1h AS ip_attempts_1h, i.successes_1h AS ip_successes_1h, \
           i.accounts_1h AS ip_accounts_1h, i.attempts_24h AS ip_attempts_24h, \
           i.successes_24h AS ip_successes_24h, i.accounts_24h AS ip_accounts_24h, \
           i.recent AS ip_recent, \
           d.attempts_1h AS device_attempts_1h, d.successes_1h AS device_successes_1h, \
           d.accounts_1h AS device_accounts_1h, d.attempts_24h AS device_attempts_24h, \
           d.successes_24h AS device_successes_24h, d.accounts_24h AS device_accounts_24h, \
           EXISTS (SELECT 1 FROM login_events WHERE tenant_id = $1 AND account_fingerprint = $2 \
                   AND livemode = $9 \
                   AND success AND at <= $6) AS account_has_successes, \
           EXISTS (SELECT 1 FROM login_events WHERE tenant_id = $1 AND account_fingerprint = $2 \
                   AND livemode = $9 \
                   AND device_id = $5 AND success AND at <= $6) AS device_known, \
           EXISTS (SELECT 1 FROM login_events WHERE tenant_id = $1 AND account_fingerprint = $2 \
                   AND livemode = $9 \
                   AND ip_prefix = $8::cidr AND success AND at <= $6) AS network_known \
         FROM \
           (SELECT count(*) FILTER (WHERE at > $6 - interval '1 hour') AS attempts_1h, \
                   count(*) FILTER (WHERE at > $6 - interval '1 hour' AND success) AS successes_1h, \
                   count(DISTINCT account_fingerprint) FILTER (WHERE at > $6 - interval '1 hour') \
                     AS accounts_1h, \
                   count(*) AS attempts_24h, count(*) FILTER (WHERE success) AS successes_24h, \
                   count(DISTINCT account_fingerprint) AS accounts_24h, \
                   count(*) FILTER (WHERE at > $6 - make_interval(secs => $7)) AS recent \
            FROM by_ip) i, \
           (SELECT count(*) FILTER (WHERE at > $6 - interval '1 hour') AS attempts_1h, \
                   count(*) FILTER (WHERE at > $6 - interval '1 hour' AND success) AS successes_1h, \
                   count(DISTINCT account_fingerprint) FILTER (WHERE at > $6 - interval '1 hour') \
                     AS accounts_1h, \
                   count(*) AS attempts_24h, count(*) FILTER (WHERE success) AS successes_24h, \
                   count(DISTINCT account_fingerprint) AS accounts_24h \
            FROM by_device) d",
    )
    .bind::<diesel::sql_types::Uuid, _>(probe.tenant_id)
    .bind::<Bytea, _>(probe.account_fingerprint)
    .bind::<Bool, _>(probe.success)
    .bind::<Text, _>(probe.ip)
    .bind::<Nullable<Text>, _>(probe.device_id)
    .bind::<Timestamptz, _>(probe.at)
    .bind::<Int4, _>(probe.rate_window_secs)
    .bind::<Text, _>(probe.ip_prefix)
    .bind::<Bool, _>(probe.livemode)
    .get_result(conn)
    .await?)
}

pub async fn insert(conn: &mut AsyncPgConnection, event: &NewLoginEvent) -> Result<(), StoreError> {
    crate::prepared::sql(
        "INSERT INTO login_events (tenant_id, id, account_fingerprint, success, ip, ip_prefix, \
                                   device_id, user_agent, decision, score, reasons, at, \
                                   livemode) \
         VALUES ($1, $2, $3, $4, $5::inet, $6::cidr, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind::<diesel::sql_types::Uuid, _>(event.tenant_id)
    .bind::<diesel::sql_types::Uuid, _>(event.id)
    .bind::<Bytea, _>(&event.account_fingerprint)
    .bind::<Bool, _>(event.success)
    .bind::<Text, _>(&event.ip)
    .bind::<Text, _>(&event.ip_prefix)
    .bind::<Nullable<Text>, _>(event.device_id.as_deref())
    .bind::<Nullable<Text>, _>(event.user_agent.as_deref())
    .bind::<Text, _>(Checked(event.decision))
    .bind::<Int2, _>(event.score)
    .bind::<Jsonb, _>(CheckedJson(&event.reasons))
    .bind::<Timestamptz, _>(event.at)
    .bind::<Bool, _>(event.livemode)
    .execute(conn)
    .await?;
    Ok(())
}
