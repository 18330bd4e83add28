//! Attack alerts: card testing caught by payment attempts, and login attacks caught by login
//! scoring (credential stuffing, brute force, automated devices, accounts just taken over). An
//! alert names one source — an IP (with its network), a device, an account, a BIN or the whole
//! tenant — and stays in force until it expires or staff acknowledge or resolve it. Order and
//! payment scoring read the alerts in force for their sources in the same round trip as their
//! other facts (`in_force`), on the partial indexes of migration `600001`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Int4, Nullable, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;

const COLUMNS: &str = "tenant_id, id, kind, source_kind, source_value, display, window_secs, \
     failures, attempts, failure_rate, detected_at, active_until, ip_prefix::text AS ip_prefix, \
     acknowledged_at, acknowledged_by, resolved_at, resolved_by";

#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Alert {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: Uuid,
    /// `card_testing`, `credential_stuffing`, `brute_force`, `automation`, `account_takeover`.
    #[diesel(sql_type = Text)]
    pub kind: String,
    /// `ip`, `device`, `account`, `bin`, `tenant`.
    #[diesel(sql_type = Text)]
    pub source_kind: String,
    /// How sources are matched: the IP, the BIN, the device id, the hex fingerprint of an
    /// account, `*` for the tenant.
    #[diesel(sql_type = Text)]
    pub source_value: String,
    /// What staff see: the IP, the BIN, a masked device or account id.
    #[diesel(sql_type = Text)]
    pub display: String,
    #[diesel(sql_type = Int4)]
    pub window_secs: i32,
    #[diesel(sql_type = Int4)]
    pub failures: i32,
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Double)]
    pub failure_rate: f64,
    #[diesel(sql_type = Timestamptz)]
    pub detected_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub active_until: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub ip_prefix: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub acknowledged_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub acknowledged_by: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub resolved_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Text>)]
    pub resolved_by: Option<String>,
}

impl Alert {
    /// Neither acknowledged nor resolved, and not expired at `at`.
    pub fn in_force_at(&self, at: DateTime<Utc>) -> bool {
        self.acknowledged_at.is_none() && self.resolved_at.is_none() && self.active_until > at
    }
}

#[derive(Debug, Clone)]
pub struct NewAlert {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub kind: String,
    pub source_kind: String,
    pub source_value: String,
    pub display: String,
    /// CIDR text of an IP source's network.
    pub ip_prefix: Option<String>,
    pub window_secs: i32,
    pub failures: i32,
    pub attempts: i32,
    pub failure_rate: f64,
    pub detected_at: DateTime<Utc>,
    pub active_until: DateTime<Utc>,
    /// `false` for an alert raised by test-mode traffic: it acts on test-mode calls only.
    pub livemode: bool,
}

/// The sources an order or payment attempt has; absent ones match nothing.
#[derive(Debug, Clone, Default)]
pub struct AlertSources<'a> {
    pub ip: Option<&'a str>,
    /// CIDR text of the IP's network: alerts on another IP of that network match too.
    pub ip_prefix: Option<&'a str>,
    pub device_id: Option<&'a str>,
    /// Hex of the account's keyed fingerprint.
    pub account: Option<&'a str>,
    pub bin: Option<&'a str>,
    /// Include tenant-wide alerts (payment attempts do; orders do not).
    pub tenant: bool,
    /// Alerts of test mode (`false`) or live ones.
    pub livemode: bool,
}

/// An alert in force for one of the sources, and which source it matched (`ip`, `ip_prefix`,
/// `device`, `account`, `bin`, `tenant`).
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct MatchedAlert {
    #[diesel(embed)]
    pub alert: Alert,
    #[diesel(sql_type = Text)]
    pub matched: String,
}

/// At most this many alerts are read for one order or attempt (the newest).
const MAX_MATCHED: i64 = 50;

impl Alert {
    /// The alerts in force at `at` for any of the sources, newest first, in one statement.
    pub async fn in_force<C: crate::Db>(
        conn: &mut C,
        tenant_id: Uuid,
        sources: &AlertSources<'_>,
        at: DateTime<Utc>,
    ) -> Result<Vec<MatchedAlert>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, \
               CASE WHEN source_kind = 'ip' AND source_value = $3 THEN 'ip' \
                    WHEN source_kind = 'device' AND source_value = $4 THEN 'device' \
                    WHEN source_kind = 'account' AND source_value = $5 THEN 'account' \
                    WHEN source_kind = 'bin' AND source_value = $6 THEN 'bin' \
                    WHEN source_kind = 'tenant' THEN 'tenant' \
                    ELSE 'ip_prefix' END AS matched \
             FROM card_testing_alerts \
             WHERE tenant_id = $1 AND acknowledged_at IS NULL AND resolved_at IS NULL \
               AND active_until > $2 AND detected_at <= $2 \
               AND ((source_kind = 'ip' AND source_value = $3) \
                 OR (source_kind = 'device' AND source_value = $4) \
                 OR (source_kind = 'account' AND source_value = $5) \
                 OR (source_kind = 'bin' AND source_value = $6) \
                 OR (source_kind = 'tenant' AND source_value = '*' AND $7) \
                 OR ip_prefix = $8::cidr) \
               AND livemode = $9 \
             ORDER BY detected_at DESC LIMIT {MAX_MATCHED}"
        );
        Ok(crate::prepared::sql(sql)
            .bind::<diesel::sql_types::Uuid, _>(tenant_id)
            .bind::<Timestamptz, _>(at)
            .bind::<Nullable<Text>, _>(sources.ip)
            .bind::<Nullable<Text>, _>(sources.device_id)
            .bind::<Nullable<Text>, _>(sources.account)
            .bind::<Nullable<Text>, _>(sources.bin)
            .bind::<Bool, _>(sources.tenant)
            .bind::<Nullable<Text>, _>(sources.ip_prefix)
            .bind::<Bool, _>(sources.livemode)
            .load(conn)
            .await?)
    }

    pub async fn insert_all(
        conn: &mut AsyncPgConnection,
        alerts: &[NewAlert],
    ) -> Result<Vec<Alert>, StoreError> {
        let mut inserted = Vec::with_capacity(alerts.len());
        for alert in alerts {
            let sql = format!(
                "INSERT INTO card_testing_alerts (tenant_id, id, kind, source_kind, source_value, \
                     display, ip_prefix, window_secs, failures, attempts, failure_rate, \
                     detected_at, active_until, livemode) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7::cidr, $8, $9, $10, $11, $12, $13, $14) \
                 RETURNING {COLUMNS}"
            );
            let row: Alert = diesel::sql_query(sql)
                .bind::<diesel::sql_types::Uuid, _>(alert.tenant_id)
                .bind::<diesel::sql_types::Uuid, _>(alert.id)
                .bind::<Text, _>(&alert.kind)
                .bind::<Text, _>(&alert.source_kind)
                .bind::<Text, _>(&alert.source_value)
                .bind::<Text, _>(&alert.display)
                .bind::<Nullable<Text>, _>(alert.ip_prefix.as_deref())
                .bind::<Int4, _>(alert.window_secs)
                .bind::<Int4, _>(alert.failures)
                .bind::<Int4, _>(alert.attempts)
                .bind::<Double, _>(alert.failure_rate)
                .bind::<Timestamptz, _>(alert.detected_at)
                .bind::<Timestamptz, _>(alert.active_until)
                .bind::<Bool, _>(alert.livemode)
                .get_result(conn)
                .await?;
            inserted.push(row);
        }
        Ok(inserted)
    }

    /// Raises the alerts that have no alert of the same kind in force for the same source yet
    /// (a running attack raises one alert, not one per login).
    pub async fn raise_new(
        conn: &mut AsyncPgConnection,
        alerts: &[NewAlert],
    ) -> Result<Vec<Alert>, StoreError> {
        let mut fresh = Vec::new();
        for alert in alerts {
            let exists: Exists = diesel::sql_query(
                "SELECT EXISTS (SELECT 1 FROM card_testing_alerts \
                   WHERE tenant_id = $1 AND source_kind = $2 AND source_value = $3 AND kind = $4 \
                     AND acknowledged_at IS NULL AND resolved_at IS NULL AND active_until > $5 \
                     AND livemode = $6) \
                   AS found",
            )
            .bind::<diesel::sql_types::Uuid, _>(alert.tenant_id)
            .bind::<Text, _>(&alert.source_kind)
            .bind::<Text, _>(&alert.source_value)
            .bind::<Text, _>(&alert.kind)
            .bind::<Timestamptz, _>(alert.detected_at)
            .bind::<Bool, _>(alert.livemode)
            .get_result(conn)
            .await?;
            if !exists.found {
                fresh.push(alert.clone());
            }
        }
        Self::insert_all(conn, &fresh).await
    }

    /// Newest first; only those in force at `active_at` when given.
    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        active_at: Option<DateTime<Utc>>,
        limit: i64,
        livemode: bool,
        after: Option<(DateTime<Utc>, Uuid)>,
    ) -> Result<Vec<Alert>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM card_testing_alerts WHERE tenant_id = $1 AND livemode = $4 \
               AND ($2::timestamptz IS NULL OR (active_until > $2 AND acknowledged_at IS NULL \
                                                AND resolved_at IS NULL)) \
               AND ($5::timestamptz IS NULL OR (detected_at, id) < ($5, $6)) \
             ORDER BY detected_at DESC, id DESC LIMIT $3"
        );
        Ok(diesel::sql_query(sql)
            .bind::<diesel::sql_types::Uuid, _>(tenant_id)
            .bind::<Nullable<Timestamptz>, _>(active_at)
            .bind::<diesel::sql_types::Int8, _>(limit)
            .bind::<Bool, _>(livemode)
            .bind::<Nullable<Timestamptz>, _>(after.map(|(at, _)| at))
            .bind::<Nullable<diesel::sql_types::Uuid>, _>(after.map(|(_, id)| id))
            .load(conn)
            .await?)
    }

    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<Alert, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM card_testing_alerts WHERE tenant_id = $1 AND id = $2");
        Ok(diesel::sql_query(sql)
            .bind::<diesel::sql_types::Uuid, _>(tenant_id)
            .bind::<diesel::sql_types::Uuid, _>(id)
            .get_result(conn)
            .await?)
    }

    /// Marks the alert acknowledged (once: a second call keeps the first time and actor).
    pub async fn acknowledge(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Alert, StoreError> {
        Self::mark(conn, tenant_id, id, actor, at, "acknowledged").await
    }

    /// Marks the alert resolved (once).
    pub async fn resolve(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        actor: &str,
        at: DateTime<Utc>,
    ) -> Result<Alert, StoreError> {
        Self::mark(conn, tenant_id, id, actor, at, "resolved").await
    }

    async fn mark(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        actor: &str,
        at: DateTime<Utc>,
        state: &'static str,
    ) -> Result<Alert, StoreError> {
        let sql = format!(
            "UPDATE card_testing_alerts SET {state}_at = coalesce({state}_at, $3), \
                 {state}_by = coalesce({state}_by, $4) \
             WHERE tenant_id = $1 AND id = $2 RETURNING {COLUMNS}"
        );
        Ok(diesel::sql_query(sql)
            .bind::<diesel::sql_types::Uuid, _>(tenant_id)
            .bind::<diesel::sql_types::Uuid, _>(id)
            .bind::<Timestamptz, _>(at)
            .bind::<Text, _>(actor)
            .get_result(conn)
            .await?)
    }
}

#[derive(QueryableByName)]
struct Exists {
    #[diesel(sql_type = Bool)]
    found: bool,
}
