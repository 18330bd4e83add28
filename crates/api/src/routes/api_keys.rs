//! A tenant's API keys: owners create, list and revoke them. Issuing is the onboarding flow's
//! (`sekisho_service::onboarding::api_keys`), which platform admins use through `/admin/v1`.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_store::api_keys::ApiKey;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::caches::Change;
use sekisho_service::onboarding::{Onboarder, api_keys};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_api_key)
        .service(list_api_keys)
        .service(revoke_api_key);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKeyRequest {
    /// What the key is for, e.g. `checkout (production)`.
    #[schema(example = "checkout")]
    pub name: String,
    /// `live` (the default) or `test`: a test key (`sk_test_…`) scores, reports and looks up
    /// like a live one, but its data is kept apart from live data (docs/TESTING.md).
    #[serde(default)]
    pub mode: KeyMode,
}

pub use sekisho_service::onboarding::api_keys::{CreatedApiKey, KeyMode};

/// A key as lists show it: never the secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyView {
    pub id: Uuid,
    pub name: String,
    /// The visible start of the key, e.g. `sk_live_1a2b3c4d`.
    pub prefix: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `live` or `test`.
    pub mode: KeyMode,
    /// `false` for a test key.
    pub livemode: bool,
}

impl From<ApiKey> for ApiKeyView {
    fn from(key: ApiKey) -> Self {
        Self {
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            created_by: key.created_by,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
            mode: KeyMode::of(key.livemode),
            livemode: key.livemode,
        }
    }
}

/// Create an API key for the caller's tenant (owners only). The response carries the key once.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/api-keys")]
async fn create_api_key(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let actor = format!("user:{}", owner.user_id);
    let created = api_keys::issue_key(
        &state.pool,
        Onboarder::Owner,
        owner.tenant_id,
        &body.name,
        body.mode,
        &actor,
    )
    .await?;
    Ok(HttpResponse::Created().json(created))
}

/// List the caller's tenant's API keys, revoked ones included (owners only).
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiKeyView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/api-keys")]
async fn list_api_keys(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let keys = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
        Ok(ApiKey::list(conn, owner.tenant_id).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(keys.into_iter().map(ApiKeyView::from).collect::<Vec<_>>()))
}

/// Revoke one of the caller's tenant's API keys (owners only); it stops working at once.
/// Another tenant's key is reported as not found.
#[utoipa::path(
    tag = "api-keys",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The key's id")),
    responses(
        (status = 200, body = ApiKeyView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[delete("/api-keys/{id}")]
async fn revoke_api_key(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let key = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
        let key = ApiKey::revoke(conn, owner.tenant_id, id)
            .await
            .map_err(|error| match error {
                sekisho_store::StoreError::NotFound => ApiError::not_found("API key"),
                other => other.into(),
            })?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(owner.tenant_id),
                actor: &actor,
                action: "api_key.revoke",
                target: Some(&id.to_string()),
                details: serde_json::json!({ "prefix": key.prefix }),
            },
        )
        .await?;
        Ok(key)
    })
    .await?;
    // At once in this process; other processes hear of it through the trigger's notification.
    state
        .caches
        .apply(Change::ApiKey {
            tenant_id: owner.tenant_id,
            key_id: id,
        })
        .await;
    Ok(HttpResponse::Ok().json(ApiKeyView::from(key)))
}
