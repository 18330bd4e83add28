//! The tenant's login events and card payment attempts as its staff list them (newest first,
//! paginated like the order search). IP addresses are shown as their network only.

use chrono::{DateTime, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{Int2, Int8, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;

/// Which rows a listing returns.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub decision: Option<String>,
    /// Logins: `success` or `failure`; attempts: `approved` or `declined`.
    pub result: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct LoginEventRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub success: bool,
    #[diesel(sql_type = Text)]
    pub ip_network: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub device_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub user_agent: Option<String>,
    #[diesel(sql_type = Text)]
    pub decision: String,
    #[diesel(sql_type = Int2)]
    pub score: i16,
    #[diesel(sql_type = Jsonb)]
    pub reasons: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub at: DateTime<Utc>,
}

pub async fn login_events(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &ActivityFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<LoginEventRow>, StoreError> {
    let success = filter.result.as_deref().map(|r| r == "success");
    Ok(diesel::sql_query(
        "SELECT id, success, host(ip_prefix) || '/' || masklen(ip_prefix) AS ip_network, device_id, \
                user_agent, decision, score, reasons, at \
         FROM login_events \
         WHERE tenant_id = $1 AND ($2::text IS NULL OR decision = $2) \
           AND ($3::bool IS NULL OR success = $3) \
           AND ($4::timestamptz IS NULL OR at >= $4) AND ($5::timestamptz IS NULL OR at < $5) \
         ORDER BY at DESC, id DESC LIMIT $6 OFFSET $7",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Text>, _>(filter.decision.as_deref())
    .bind::<Nullable<diesel::sql_types::Bool>, _>(success)
    .bind::<Nullable<Timestamptz>, _>(filter.from)
    .bind::<Nullable<Timestamptz>, _>(filter.to)
    .bind::<Int8, _>(limit)
    .bind::<Int8, _>(offset)
    .load(conn)
    .await?)
}

#[derive(Debug, Clone, QueryableByName)]
pub struct PaymentAttemptRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    pub bin: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub last4: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub brand: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub issuer_country: Option<String>,
    #[diesel(sql_type = Int8)]
    pub amount_minor: i64,
    #[diesel(sql_type = Text)]
    pub currency: String,
    #[diesel(sql_type = Text)]
    pub result: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub decline_code: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub three_ds_status: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub ip_network: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub device_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub order_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub decision: String,
    #[diesel(sql_type = Int2)]
    pub score: i16,
    #[diesel(sql_type = Jsonb)]
    pub reasons: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub attempted_at: DateTime<Utc>,
}

pub async fn payment_attempts(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    filter: &ActivityFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<PaymentAttemptRow>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT id, bin, last4, brand, issuer_country, amount_minor, currency, result, decline_code, \
                three_ds_status, \
                CASE WHEN ip IS NULL THEN NULL WHEN family(ip) = 4 THEN host(network(set_masklen(ip, 24))) || '/24' \
                     ELSE host(network(set_masklen(ip, 64))) || '/64' END AS ip_network, \
                device_id, order_id, decision, score, reasons, attempted_at \
         FROM payment_attempts \
         WHERE tenant_id = $1 AND ($2::text IS NULL OR decision = $2) \
           AND ($3::text IS NULL OR result = $3) \
           AND ($4::timestamptz IS NULL OR attempted_at >= $4) \
           AND ($5::timestamptz IS NULL OR attempted_at < $5) \
         ORDER BY attempted_at DESC, id DESC LIMIT $6 OFFSET $7",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Nullable<Text>, _>(filter.decision.as_deref())
    .bind::<Nullable<Text>, _>(filter.result.as_deref())
    .bind::<Nullable<Timestamptz>, _>(filter.from)
    .bind::<Nullable<Timestamptz>, _>(filter.to)
    .bind::<Int8, _>(limit)
    .bind::<Int8, _>(offset)
    .load(conn)
    .await?)
}
