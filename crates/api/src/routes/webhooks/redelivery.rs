//! Redelivering a past event: the same event (same `id`, same body) goes to the endpoint again
//! as a new delivery, so that an integrator whose receiver was down or buggy can replay it, and
//! a receiver that dedupes by the event's id sees it once.

use actix_web::{HttpResponse, post, web};
use uuid::Uuid;

use super::DeliveryView;
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
    let delivery = sekisho_service::webhooks::redeliver(
        &state.pool,
        owner.tenant_id,
        &actor,
        endpoint_id,
        delivery_id,
    )
    .await?;
    Ok(HttpResponse::Accepted().json(DeliveryView::from(delivery)))
}
