//! Redelivering a past event: the same event (same `id`, same body) goes to the endpoint again
//! as a new delivery, so that an integrator whose receiver was down or buggy can replay it, and
//! a receiver that dedupes by the event's id sees it once.

use actix_web::{HttpResponse, post, web};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use sekisho_store::webhooks::{NewWebhookDelivery, WebhookDelivery, WebhookEndpoint};
use uuid::Uuid;

use super::{DeliveryView, endpoint_not_found};
use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Send a past delivery's event to its endpoint again (owners only, audited): a new pending
/// delivery with the same event id and body, signed anew when it is sent. Counts against the
/// same per-minute limit as test events.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(
        ("id" = Uuid, Path, description = "The endpoint's id"),
        ("delivery_id" = Uuid, Path, description = "The past delivery's id"),
    ),
    responses(
        (status = 202, body = DeliveryView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 429, description = "Too many test events or redeliveries this minute", body = ErrorBody),
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (endpoint_id, delivery_id) = path.into_inner();
    state.webhook_test_limiter.check(owner.tenant_id)?;
    let actor = format!("user:{}", owner.user_id);
    let tenant_id = owner.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let delivery = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        WebhookEndpoint::find(conn, tenant_id, endpoint_id)
            .await
            .map_err(endpoint_not_found)?;
        let past = WebhookDelivery::find(conn, tenant_id, endpoint_id, delivery_id)
            .await
            .map_err(|error| match error {
                sekisho_store::StoreError::NotFound => ApiError::not_found("webhook delivery"),
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
                actor: &actor,
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
    Ok(HttpResponse::Accepted().json(DeliveryView::from(delivery)))
}
