//! A tenant's API rate limit, set by a platform admin: requests per second each of its API keys
//! may send, across all replicas (each replica enforces its share, docs/OPERATIONS.md).

use actix_web::{HttpResponse, put, web};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenants::Tenant;
use sekisho_store::{StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::caches::Change;

/// Far above any merchant's checkout traffic; a typo of a few zeros is refused.
const MAX_REQUESTS_PER_SECOND: u32 = 1_000_000;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(set_rate_limit);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimitRequest {
    /// Requests per second per API key (1–1,000,000); `null` returns to the server's default.
    pub requests_per_second: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RateLimitView {
    pub tenant_id: Uuid,
    /// The tenant's own rate; absent when it uses the server's default.
    pub requests_per_second: Option<u32>,
    /// The rate that applies: the tenant's own or the default.
    pub effective_requests_per_second: u32,
    /// What each replica allows (`SEKISHO_REPLICAS` of them).
    pub per_replica: u32,
    pub replicas: u32,
}

/// Set how many requests per second each of a tenant's API keys may send (429 with Retry-After
/// beyond it). Audited.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The tenant's id")),
    responses(
        (status = 200, body = RateLimitView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[put("/tenants/{id}/api-key-rate-limit")]
async fn set_rate_limit(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    tenant_id: web::Path<Uuid>,
    body: Json<RateLimitRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = tenant_id.into_inner();
    let requested = body.requests_per_second;
    let stored = match requested {
        Some(rate) if !(1..=MAX_REQUESTS_PER_SECOND).contains(&rate) => {
            return Err(ApiError::field(
                "requests_per_second",
                format!("must be 1 to {MAX_REQUESTS_PER_SECOND}, or null for the default"),
            ));
        }
        Some(rate) => Some(
            i32::try_from(rate)
                .map_err(|error| ApiError::internal_because("the rate does not fit", error))?,
        ),
        None => None,
    };
    let actor = format!("admin:{}", admin.admin_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Tenant::set_api_key_rate_limit(conn, tenant_id, stored)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => ApiError::not_found("tenant"),
                other => other.into(),
            })?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor: &actor,
                action: "tenant.api_key_rate_limit",
                target: Some(&tenant_id.to_string()),
                details: serde_json::json!({ "requests_per_second": requested }),
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    // Here at once; other replicas on the tenant's notification.
    state.caches.apply(Change::Tenant { tenant_id }).await;
    let effective = requested.unwrap_or(state.settings.api_key_requests_per_second);
    Ok(HttpResponse::Ok().json(RateLimitView {
        tenant_id,
        requests_per_second: requested,
        effective_requests_per_second: effective,
        per_replica: state.api_key_limiter.share(effective),
        replicas: state.settings.replicas.max(1),
    }))
}
