//! `/v1/webhooks`: a tenant's owners register, list and delete endpoints, read each one's
//! delivery log and send it a test event. The flows are `sekisho_service::webhooks`; these
//! handlers check the URL (outbound's rule), call and respond.

mod redelivery;

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_store::webhooks::{WebhookDelivery, WebhookEndpoint};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::page::{self, Position};
use crate::state::AppState;
use sekisho_outbound::webhooks::endpoint_url::EndpointUrl;
use sekisho_outbound::webhooks::signature::WebhookSecret;
use sekisho_service::webhooks::{self as flow, Registration};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_webhook)
        .service(list_webhooks)
        .service(delete_webhook)
        .service(list_deliveries)
        .service(test_webhook)
        .service(redelivery::redeliver);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateWebhookRequest {
    /// Where to POST events: `https://…` (plain `http://` only to localhost, and only when the
    /// operator allows insecure webhooks).
    #[schema(example = "https://shop.example.jp/hooks/sekisho")]
    pub url: String,
    /// Event types to receive (`review.decided`, `order.consortium_match`); omitted or empty:
    /// every event.
    #[serde(default)]
    pub events: Vec<String>,
}

/// An endpoint as lists show it: never the secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookView {
    pub id: Uuid,
    pub url: String,
    /// Subscribed event types; empty means every event.
    pub events: Vec<String>,
    pub active: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<WebhookEndpoint> for WebhookView {
    fn from(endpoint: WebhookEndpoint) -> Self {
        Self {
            id: endpoint.id,
            url: endpoint.url,
            events: endpoint.events,
            active: endpoint.active,
            created_by: endpoint.created_by,
            created_at: endpoint.created_at,
        }
    }
}

/// A new endpoint, with its signing secret: shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<String>,
    /// Verifies the `Sekisho-Signature` header (see docs/WEBHOOKS.md). Store it now.
    #[schema(example = "whsec_3f1c…")]
    pub secret: String,
    pub created_at: DateTime<Utc>,
}

/// One try-and-retry history in the delivery log.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_type: String,
    /// `pending`, `succeeded`, `failed` (another try is due at `next_attempt_at`) or `dead`.
    pub status: String,
    pub attempts: i32,
    /// When the next try is due, while the delivery is `pending` or `failed`.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The last answer's HTTP status, if there was one.
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
    /// The event as sent.
    pub payload: serde_json::Value,
}

impl From<WebhookDelivery> for DeliveryView {
    fn from(delivery: WebhookDelivery) -> Self {
        let waiting = matches!(delivery.status.as_str(), "pending" | "failed");
        Self {
            id: delivery.id,
            event_id: delivery.event_id,
            event_type: delivery.event_type,
            status: delivery.status,
            attempts: delivery.attempts,
            next_attempt_at: waiting.then_some(delivery.next_attempt_at),
            last_status_code: delivery.last_status_code,
            last_error: delivery.last_error,
            created_at: delivery.created_at,
            delivered_at: delivery.delivered_at,
            payload: delivery.payload,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryPage {
    pub items: Vec<DeliveryView>,
    /// Pass as `cursor` for the next (older) page; absent on the last one.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DeliveryQuery {
    /// At most this many (1–200, default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestEventSent {
    pub event_id: Uuid,
    pub delivery_id: Uuid,
}

/// Register an endpoint for the caller's tenant (owners only). The response carries the signing
/// secret once.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    responses(
        (status = 201, body = CreatedWebhook),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/webhooks")]
async fn create_webhook(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<CreateWebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let url = EndpointUrl::parse(&body.url, state.settings.allow_insecure_webhooks)
        .map_err(|error| ApiError::field("url", error.to_string()))?;
    let secret = WebhookSecret::generate().map_err(|error| {
        tracing::error!(%error, "webhook secret");
        ApiError::internal()
    })?;
    let actor = format!("user:{}", owner.user_id);
    let registration = Registration {
        url: url.as_str(),
        host: url.host(),
        secret: secret.expose(),
        events: &body.events,
    };
    let endpoint = flow::register(&state.pool, owner.tenant_id, &actor, registration).await?;
    Ok(HttpResponse::Created().json(CreatedWebhook {
        id: endpoint.id,
        url: endpoint.url,
        events: endpoint.events,
        secret: endpoint.secret,
        created_at: endpoint.created_at,
    }))
}

/// List the caller's tenant's endpoints (owners only), without their secrets.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<WebhookView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/webhooks")]
async fn list_webhooks(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let endpoints = flow::list(&state.pool, owner.tenant_id).await?;
    Ok(HttpResponse::Ok().json(
        endpoints
            .into_iter()
            .map(WebhookView::from)
            .collect::<Vec<_>>(),
    ))
}

/// Delete an endpoint with its delivery log (owners only); nothing more is sent to it. Another
/// tenant's endpoint is reported as not found.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/webhooks/{id}")]
async fn delete_webhook(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let actor = format!("user:{}", owner.user_id);
    // Stored URLs were checked when registered; read back with the loosest rule.
    let host_of = |stored: &str| {
        EndpointUrl::parse(stored, true)
            .map(|url| url.host().to_owned())
            .map_err(|error| {
                tracing::error!(%error, webhook.id = %id, "a stored webhook URL does not parse");
                sekisho_service::ServiceError::Internal("a stored webhook URL does not parse")
            })
    };
    flow::delete(&state.pool, owner.tenant_id, &actor, id, host_of).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One endpoint's delivery log, newest first (owners only).
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id"), DeliveryQuery),
    responses(
        (status = 200, body = DeliveryPage),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/webhooks/{id}/deliveries")]
async fn list_deliveries(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<DeliveryQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let limit = page::LIMITS.of(query.limit);
    let cursor = page::after_id(query.cursor.as_deref())?;
    let deliveries = flow::deliveries(&state.pool, owner.tenant_id, id, limit + 1, cursor).await?;
    let (deliveries, next_cursor) = page::split(deliveries, limit, |last: &WebhookDelivery| {
        Position::AfterId(last.id)
    });
    Ok(HttpResponse::Ok().json(DeliveryPage {
        items: deliveries.into_iter().map(DeliveryView::from).collect(),
        next_cursor,
    }))
}

/// Send a `webhook.test` event to one endpoint (owners only); it arrives like any other event and
/// shows in the delivery log.
#[utoipa::path(
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The endpoint's id")),
    responses(
        (status = 202, body = TestEventSent),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 429, description = "Too many test events this minute", body = ErrorBody),
    )
)]
#[post("/webhooks/{id}/test")]
async fn test_webhook(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    state.webhook_test_limiter.check(owner.tenant_id)?;
    let (event_id, delivery_id) = flow::send_test(&state.pool, owner.tenant_id, id).await?;
    Ok(HttpResponse::Accepted().json(TestEventSent {
        event_id,
        delivery_id,
    }))
}
