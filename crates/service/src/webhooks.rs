//! A tenant's webhook endpoints: registering, listing and deleting them, reading one's delivery
//! log, sending it a test event and redelivering a past event. Each flow owns its tenant
//! transaction; the changes are audited in it. Another tenant's endpoint is not found.
//!
//! What the URL may be is outbound's rule (`sekisho_outbound::webhooks::endpoint_url`, which
//! depends on this crate): the caller parses it and hands over the URL and its host, which is all
//! the audit log keeps (a path or query may carry a token of the tenant's).

use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::webhooks::{
    NewWebhookDelivery, NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint,
};
use sekisho_store::{AsyncPgConnection, Pool, StoreError, tenancy};
use uuid::Uuid;

use crate::ServiceError;
use crate::webhook_events::{self, events};

/// Endpoints one tenant may have.
pub const MAX_ENDPOINTS_PER_TENANT: i64 = 20;

/// A new endpoint, its URL already checked by the caller.
#[derive(Debug)]
pub struct Registration<'a> {
    pub url: &'a str,
    /// The URL's host, for the audit log.
    pub host: &'a str,
    pub secret: &'a str,
    /// Event types as asked for; checked here ([`subscriptions`]).
    pub events: &'a [String],
}

/// The subscribed event types: known ones, trimmed, without repeats; empty means every event.
pub fn subscriptions(raw: &[String]) -> Result<Vec<String>, ServiceError> {
    let mut subscribed = Vec::new();
    for event in raw {
        let event = event.trim();
        if !events::SUBSCRIBABLE.contains(&event) {
            return Err(ServiceError::field(
                "events",
                format!(
                    "unknown event type {event:?}; known: {}",
                    events::SUBSCRIBABLE.join(", ")
                ),
            ));
        }
        if !subscribed.iter().any(|known: &String| known == event) {
            subscribed.push(event.to_owned());
        }
    }
    Ok(subscribed)
}

/// Registers an endpoint (at most [`MAX_ENDPOINTS_PER_TENANT`] a tenant), audited.
pub async fn register(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    registration: Registration<'_>,
) -> Result<WebhookEndpoint, ServiceError> {
    let events = subscriptions(registration.events)?;
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        if WebhookEndpoint::count(conn, tenant_id).await? >= MAX_ENDPOINTS_PER_TENANT {
            return Err(ServiceError::Conflict(
                "a tenant may have at most 20 webhooks",
            ));
        }
        let endpoint = WebhookEndpoint::create(
            conn,
            &NewWebhookEndpoint {
                tenant_id,
                id: Uuid::now_v7(),
                url: registration.url,
                secret: registration.secret,
                events: &events,
                created_by: actor,
            },
        )
        .await?;
        audit(
            conn,
            tenant_id,
            actor,
            "webhook.create",
            &endpoint,
            registration.host,
        )
        .await?;
        Ok(endpoint)
    })
    .await
}

/// The tenant's endpoints, oldest first.
pub async fn list(pool: &Pool, tenant_id: Uuid) -> Result<Vec<WebhookEndpoint>, ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        Ok(WebhookEndpoint::list(conn, tenant_id).await?)
    })
    .await
}

/// Deletes an endpoint with its delivery log, audited with the host `host_of` finds in its
/// stored URL.
pub async fn delete(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    id: Uuid,
    host_of: impl FnOnce(&str) -> Result<String, ServiceError> + Send,
) -> Result<(), ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let endpoint = WebhookEndpoint::delete(conn, tenant_id, id)
            .await
            .map_err(endpoint_not_found)?;
        let host = host_of(&endpoint.url)?;
        audit(conn, tenant_id, actor, "webhook.delete", &endpoint, &host).await
    })
    .await
}

/// One endpoint's delivery log, newest first: at most `rows` after the delivery `after`.
pub async fn deliveries(
    pool: &Pool,
    tenant_id: Uuid,
    id: Uuid,
    rows: i64,
    after: Option<Uuid>,
) -> Result<Vec<WebhookDelivery>, ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        WebhookEndpoint::find(conn, tenant_id, id)
            .await
            .map_err(endpoint_not_found)?;
        Ok(WebhookDelivery::list_for_endpoint(conn, tenant_id, id, rows, after).await?)
    })
    .await
}

/// Queues a `webhook.test` event for one endpoint: (event id, delivery id).
pub async fn send_test(
    pool: &Pool,
    tenant_id: Uuid,
    id: Uuid,
) -> Result<(Uuid, Uuid), ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        WebhookEndpoint::find(conn, tenant_id, id)
            .await
            .map_err(endpoint_not_found)?;
        webhook_events::enqueue_test(conn, tenant_id, id).await
    })
    .await
}

/// Sends a past delivery's event to its endpoint again: a new pending delivery with the same
/// event id and body, audited; the new delivery is returned.
pub async fn redeliver(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    endpoint_id: Uuid,
    delivery_id: Uuid,
) -> Result<WebhookDelivery, ServiceError> {
    let delivery = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        WebhookEndpoint::find(conn, tenant_id, endpoint_id)
            .await
            .map_err(endpoint_not_found)?;
        let past = WebhookDelivery::find(conn, tenant_id, endpoint_id, delivery_id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => ServiceError::NotFound("webhook delivery"),
                other => other.into(),
            })?;
        let id = Uuid::now_v7();
        WebhookDelivery::insert_many(
            conn,
            &[NewWebhookDelivery {
                tenant_id,
                id,
                endpoint_id,
                event_type: past.event_type.clone(),
                event_id: past.event_id,
                payload: past.payload.clone(),
            }],
        )
        .await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor,
                action: "webhook.redeliver",
                target: Some(&endpoint_id.to_string()),
                details: serde_json::json!({
                    "delivery_id": delivery_id, "redelivery_id": id,
                    "event_id": past.event_id, "event_type": past.event_type,
                }),
            },
        )
        .await?;
        Ok(WebhookDelivery::find(conn, tenant_id, endpoint_id, id).await?)
    })
    .await?;
    tracing::info!(tenant.id = %tenant_id, webhook.id = %endpoint_id, delivery.id = %delivery.id, "webhook event redelivered");
    Ok(delivery)
}

fn endpoint_not_found(error: StoreError) -> ServiceError {
    match error {
        StoreError::NotFound => ServiceError::NotFound("webhook"),
        other => other.into(),
    }
}

async fn audit(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    actor: &str,
    action: &str,
    endpoint: &WebhookEndpoint,
    host: &str,
) -> Result<(), ServiceError> {
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action,
            target: Some(&endpoint.id.to_string()),
            // The host only: a path or query may carry a token of the tenant's.
            details: serde_json::json!({ "host": host, "events": endpoint.events }),
        },
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn subscriptions_are_known_trimmed_and_once() {
        let asked = vec![
            " review.decided".to_owned(),
            "review.decided".to_owned(),
            "order.consortium_match".to_owned(),
        ];
        assert_eq!(
            subscriptions(&asked).unwrap(),
            ["review.decided", "order.consortium_match"]
        );
        assert!(matches!(
            subscriptions(&["nope".to_owned()]),
            Err(ServiceError::Validation(_))
        ));
    }

    #[test]
    fn the_limit_in_the_message_is_the_limit() {
        assert_eq!(MAX_ENDPOINTS_PER_TENANT, 20);
    }
}
