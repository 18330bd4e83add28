//! Webhook events, written as pending deliveries in the transaction that causes them, so that an
//! event goes out only if what caused it commits. Sending them is the dispatcher's job
//! (`sekisho_outbound::webhooks::Dispatcher`), signed and retried; see docs/WEBHOOKS.md.

use chrono::{SecondsFormat, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_store::webhooks::{NewWebhookDelivery, WebhookDelivery, WebhookEndpoint};
use serde_json::json;
use uuid::Uuid;

use crate::ServiceError;

/// The event types, as `type` in the body and the `Sekisho-Event` header.
pub mod events {
    /// A reviewer approved or rejected an order in the review queue.
    pub const REVIEW_DECIDED: &str = "review.decided";
    /// A new consortium match concerns an order the tenant accepted in the last 30 days.
    pub const ORDER_CONSORTIUM_MATCH: &str = "order.consortium_match";
    /// Sent on request (`POST /v1/webhooks/{id}/test`) to that endpoint alone.
    pub const WEBHOOK_TEST: &str = "webhook.test";
    /// An order was scored (or re-scored). Opt-in: only endpoints that list it receive it.
    /// Written by a trigger on `orders` in the scoring's own statement (migration
    /// `800002_webhook_events`): no round trip of its own.
    pub const ORDER_SCORED: &str = "order.scored";
    /// A scoring's decision is review: the order waits in the review queue. Written like
    /// [`ORDER_SCORED`].
    pub const REVIEW_REQUESTED: &str = "review.requested";
    /// A card-testing or login-attack alert was raised; written by a trigger on the alerts.
    pub const ALERT_CREATED: &str = "alert.created";

    /// What an endpoint may subscribe to.
    pub const SUBSCRIBABLE: &[&str] = &[
        REVIEW_DECIDED,
        ORDER_CONSORTIUM_MATCH,
        ORDER_SCORED,
        REVIEW_REQUESTED,
        ALERT_CREATED,
    ];
    /// Events an endpoint subscribed to every event (an empty list) does not get: it must list
    /// them.
    pub const OPT_IN: &[&str] = &[ORDER_SCORED];
}

/// The body every delivery sends: `{"id", "type", "created_at", "tenant_id", "data"}`.
pub fn event_body(
    event_id: Uuid,
    event_type: &str,
    tenant_id: Uuid,
    data: serde_json::Value,
) -> serde_json::Value {
    json!({
        "id": event_id,
        "type": event_type,
        "created_at": Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true),
        "tenant_id": tenant_id,
        "data": data,
    })
}

/// Emits an event to every active endpoint of the tenant subscribed to `event_type`: one pending
/// delivery each, written in the caller's transaction (which has set the tenant), so that the
/// event goes out only if what caused it commits. `payload` becomes the body's `data`; keep raw
/// personal data out of it. `event_type` must be one of [`events::SUBSCRIBABLE`].
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    event_type: &str,
    payload: serde_json::Value,
) -> Result<(), ServiceError> {
    if !events::SUBSCRIBABLE.contains(&event_type) {
        tracing::error!(event.type = event_type, "unknown webhook event type");
        return Err(ServiceError::Internal("unknown webhook event type"));
    }
    let endpoints = WebhookEndpoint::subscribed(conn, tenant_id, event_type).await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let event_id = Uuid::now_v7();
    let body = event_body(event_id, event_type, tenant_id, payload);
    let deliveries: Vec<NewWebhookDelivery> = endpoints
        .iter()
        .map(|endpoint| NewWebhookDelivery {
            tenant_id,
            id: Uuid::now_v7(),
            endpoint_id: endpoint.id,
            event_type: event_type.to_owned(),
            event_id,
            payload: body.clone(),
        })
        .collect();
    WebhookDelivery::insert_many(conn, &deliveries).await?;
    tracing::debug!(
        tenant.id = %tenant_id,
        event.id = %event_id,
        event.type = event_type,
        deliveries = deliveries.len(),
        "webhook event enqueued"
    );
    Ok(())
}

/// Emits a `webhook.test` event to one endpoint, whatever it subscribes to, in the caller's
/// transaction; returns the event's and the delivery's ids.
pub async fn enqueue_test(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    endpoint_id: Uuid,
) -> Result<(Uuid, Uuid), ServiceError> {
    let event_id = Uuid::now_v7();
    let delivery_id = Uuid::now_v7();
    let data = json!({ "endpoint_id": endpoint_id, "message": "a test event from Sekisho" });
    let delivery = NewWebhookDelivery {
        tenant_id,
        id: delivery_id,
        endpoint_id,
        event_type: events::WEBHOOK_TEST.to_owned(),
        event_id,
        payload: event_body(event_id, events::WEBHOOK_TEST, tenant_id, data),
    };
    WebhookDelivery::insert_many(conn, &[delivery]).await?;
    Ok((event_id, delivery_id))
}
