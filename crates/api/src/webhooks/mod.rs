//! Webhooks: a tenant's owners register HTTPS endpoints; events (a review decision, a consortium
//! match on a recent order, a test) are written as deliveries in the transaction that causes
//! them ([`enqueue`]) and sent afterwards by the [`Dispatcher`], signed with the endpoint's secret
//! ([`signature`]), retried with backoff and logged for the tenant to read. See docs/WEBHOOKS.md.

pub mod dispatcher;
pub mod endpoint_url;
pub mod redelivery;
pub mod routes;
pub mod settings;
pub mod signature;

use sekisho_store::AsyncPgConnection;
use sekisho_store::webhooks::{NewWebhookDelivery, WebhookDelivery};
use serde_json::json;
use uuid::Uuid;

pub use dispatcher::Dispatcher;
pub use routes::configure;
pub use settings::WebhookSettings;

use crate::error::ApiError;

pub use sekisho_service::webhook_events::{event_body, events};

/// Emits an event in the caller's transaction (`sekisho_service::webhook_events::enqueue`).
pub async fn enqueue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    event_type: &str,
    payload: serde_json::Value,
) -> Result<(), ApiError> {
    Ok(sekisho_service::webhook_events::enqueue(conn, tenant_id, event_type, payload).await?)
}

/// Emits a `webhook.test` event to one endpoint, whatever it subscribes to; returns the event's
/// and the delivery's ids.
pub async fn enqueue_test(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    endpoint_id: Uuid,
) -> Result<(Uuid, Uuid), ApiError> {
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
