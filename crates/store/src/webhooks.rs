//! Webhooks: the HTTPS endpoints a tenant registers and the log of deliveries to them.
//!
//! Deliveries are inserted in the caller's transaction, so an event exists only if its cause
//! commits. The dispatcher claims due deliveries across tenants (platform scope) with
//! `FOR UPDATE SKIP LOCKED` and a lease, so that several replicas never send one delivery at the
//! same time, then records each outcome.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Int4, Int8, Jsonb, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::{webhook_deliveries, webhook_endpoints};

/// Where a delivery stands; the names are stored and shown in the delivery log.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::EnumString, strum::VariantArray,
)]
#[strum(serialize_all = "snake_case")]
pub enum DeliveryStatus {
    /// Not tried yet.
    Pending,
    /// A 2xx answer.
    Succeeded,
    /// The last try failed; another is due at `next_attempt_at`.
    Failed,
    /// Every try failed; no more.
    Dead,
}

sekisho_domain::vocabulary!(DeliveryStatus);

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_endpoints)]
pub struct WebhookEndpoint {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub url: String,
    /// Signs the deliveries; shown to the tenant only at creation. Never log it.
    pub secret: String,
    /// Subscribed event types; empty means every event.
    pub events: Vec<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = webhook_endpoints)]
pub struct NewWebhookEndpoint<'a> {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub url: &'a str,
    pub secret: &'a str,
    pub events: &'a [String],
    pub created_by: &'a str,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
pub struct WebhookDelivery {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event_type: String,
    pub event_id: Uuid,
    pub payload: serde_json::Value,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct NewWebhookDelivery {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub endpoint_id: Uuid,
    pub event_type: String,
    pub event_id: Uuid,
    pub payload: serde_json::Value,
}

/// A delivery the dispatcher claimed, with what sending it needs.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueDelivery {
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub endpoint_id: Uuid,
    #[diesel(sql_type = Text)]
    pub event_type: String,
    #[diesel(sql_type = Jsonb)]
    pub payload: serde_json::Value,
    /// Tries made before this one.
    #[diesel(sql_type = Int4)]
    pub attempts: i32,
    #[diesel(sql_type = Text)]
    pub url: String,
    #[diesel(sql_type = Text)]
    pub secret: String,
}

/// How one try ended.
#[derive(Debug, Clone)]
pub struct AttemptOutcome {
    pub status: DeliveryStatus,
    pub status_code: Option<i32>,
    /// Why it failed, in a few words (never the response body).
    pub error: Option<String>,
    /// When the next try is due (for `Failed`).
    pub next_attempt_at: Option<DateTime<Utc>>,
}

impl WebhookEndpoint {
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: &NewWebhookEndpoint<'_>,
    ) -> Result<WebhookEndpoint, StoreError> {
        Ok(diesel::insert_into(webhook_endpoints::table)
            .values(new)
            .returning(WebhookEndpoint::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Vec<WebhookEndpoint>, StoreError> {
        Ok(webhook_endpoints::table
            .filter(webhook_endpoints::tenant_id.eq(tenant_id))
            .select(WebhookEndpoint::as_select())
            .order((
                webhook_endpoints::created_at.asc(),
                webhook_endpoints::id.asc(),
            ))
            .load(conn)
            .await?)
    }

    pub async fn count(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> Result<i64, StoreError> {
        Ok(webhook_endpoints::table
            .filter(webhook_endpoints::tenant_id.eq(tenant_id))
            .count()
            .get_result(conn)
            .await?)
    }

    /// `NotFound` when the tenant has no such endpoint.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<WebhookEndpoint, StoreError> {
        Ok(webhook_endpoints::table
            .find((tenant_id, id))
            .select(WebhookEndpoint::as_select())
            .first(conn)
            .await?)
    }

    /// Deletes the endpoint with its delivery log (and so its secret); `NotFound` when the
    /// tenant has no such endpoint.
    pub async fn delete(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<WebhookEndpoint, StoreError> {
        Ok(
            diesel::delete(webhook_endpoints::table.find((tenant_id, id)))
                .returning(WebhookEndpoint::as_returning())
                .get_result(conn)
                .await?,
        )
    }

    /// The tenant's active endpoints that want `event_type` (those subscribed to it and those
    /// subscribed to everything).
    pub async fn subscribed(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        event_type: &str,
    ) -> Result<Vec<WebhookEndpoint>, StoreError> {
        Ok(webhook_endpoints::table
            .filter(webhook_endpoints::tenant_id.eq(tenant_id))
            .filter(webhook_endpoints::active.eq(true))
            .filter(
                webhook_endpoints::events
                    .eq(Vec::<String>::new())
                    .or(webhook_endpoints::events.contains(vec![event_type.to_owned()])),
            )
            .select(WebhookEndpoint::as_select())
            .order(webhook_endpoints::id.asc())
            .load(conn)
            .await?)
    }
}

// The claimed rows are updated by their full key, the partition key `created_at` included, so that
// each update reaches one monthly partition.
const CLAIM_DUE: &str = "\
WITH due AS (
    SELECT d.tenant_id, d.id, d.created_at, e.url, e.secret
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
    WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= now() AND e.active
    ORDER BY d.next_attempt_at
    LIMIT $1
    FOR UPDATE OF d SKIP LOCKED
)
UPDATE webhook_deliveries d
SET next_attempt_at = now() + $2 * interval '1 millisecond'
FROM due
WHERE d.tenant_id = due.tenant_id AND d.id = due.id AND d.created_at = due.created_at
RETURNING d.tenant_id, d.id, d.endpoint_id, d.event_type, d.payload, d.attempts, due.url, \
          due.secret";

impl WebhookDelivery {
    /// Inserts deliveries inside the caller's transaction.
    pub async fn insert_many(
        conn: &mut AsyncPgConnection,
        new: &[NewWebhookDelivery],
    ) -> Result<(), StoreError> {
        if new.is_empty() {
            return Ok(());
        }
        diesel::insert_into(webhook_deliveries::table)
            .values(new)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// One delivery of one endpoint; `NotFound` when the tenant's endpoint has no such delivery.
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        endpoint_id: Uuid,
        id: Uuid,
    ) -> Result<WebhookDelivery, StoreError> {
        Ok(webhook_deliveries::table
            .find((tenant_id, id))
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .select(WebhookDelivery::as_select())
            .first(conn)
            .await?)
    }

    /// One endpoint's deliveries, newest first, `limit` at most, older than `before` (a
    /// delivery id: ids are UUIDv7, ordered by creation).
    pub async fn list_for_endpoint(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        endpoint_id: Uuid,
        limit: i64,
        before: Option<Uuid>,
    ) -> Result<Vec<WebhookDelivery>, StoreError> {
        let mut query = webhook_deliveries::table
            .filter(webhook_deliveries::tenant_id.eq(tenant_id))
            .filter(webhook_deliveries::endpoint_id.eq(endpoint_id))
            .select(WebhookDelivery::as_select())
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::id.lt(before));
        }
        Ok(query.load(conn).await?)
    }

    /// Claims up to `limit` due deliveries of every tenant (run it in the platform scope) and
    /// leases them for `lease_ms`: their next try moves that far out, so that neither another
    /// replica nor the next poll takes them while they are being sent. A dispatcher that dies
    /// mid-send leaves them to be retried when the lease runs out.
    pub async fn claim_due(
        conn: &mut AsyncPgConnection,
        limit: i64,
        lease_ms: i64,
    ) -> Result<Vec<DueDelivery>, StoreError> {
        Ok(diesel::sql_query(CLAIM_DUE)
            .bind::<Int8, _>(limit)
            .bind::<Int8, _>(lease_ms)
            .load(conn)
            .await?)
    }

    /// Records how the try after `attempts_before` earlier ones ended. Returns false (and
    /// changes nothing) when the delivery is gone or another dispatcher recorded that try first.
    pub async fn record_attempt(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        attempts_before: i32,
        outcome: &AttemptOutcome,
    ) -> Result<bool, StoreError> {
        let delivered = outcome.status == DeliveryStatus::Succeeded;
        let updated = diesel::update(
            webhook_deliveries::table
                .find((tenant_id, id))
                .filter(webhook_deliveries::attempts.eq(attempts_before)),
        )
        .set((
            webhook_deliveries::status.eq(outcome.status.as_str()),
            webhook_deliveries::attempts.eq(attempts_before.saturating_add(1)),
            webhook_deliveries::last_status_code.eq(outcome.status_code),
            webhook_deliveries::last_error.eq(outcome.error.as_deref()),
            webhook_deliveries::next_attempt_at
                .eq(outcome.next_attempt_at.unwrap_or_else(Utc::now)),
            webhook_deliveries::delivered_at.eq(delivered.then(Utc::now)),
        ))
        .execute(conn)
        .await?;
        Ok(updated == 1)
    }
}
