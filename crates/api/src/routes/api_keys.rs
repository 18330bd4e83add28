//! A tenant's API keys: owners create, list and revoke them. Platform admins issue a tenant's
//! first key through `/admin/v1` with the same function.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::DisplayName;
use sekisho_store::AsyncPgConnection;
use sekisho_store::api_keys::{ApiKey, NewApiKey};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::api_key;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::caches::Change;

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

/// Whether a key works on live data or in test mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    #[default]
    Live,
    Test,
}

impl KeyMode {
    pub fn livemode(self) -> bool {
        self == KeyMode::Live
    }

    pub fn of(livemode: bool) -> Self {
        if livemode {
            KeyMode::Live
        } else {
            KeyMode::Test
        }
    }
}

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

/// A new key, with its secret: shown this once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub prefix: String,
    /// The whole key. Store it now: Sekisho keeps only its hash.
    pub key: String,
    pub created_at: DateTime<Utc>,
    /// `live` or `test`.
    pub mode: KeyMode,
    /// `false` for a test key.
    pub livemode: bool,
}

pub fn parse_key_name(raw: &str) -> Result<DisplayName, ApiError> {
    DisplayName::parse(raw).map_err(|error| ApiError::field("name", error.0))
}

/// Creates a key for `tenant_id` and audits it, inside the caller's transaction (which has set
/// the tenant or the platform scope).
pub async fn issue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &DisplayName,
    mode: KeyMode,
    actor: &str,
) -> Result<CreatedApiKey, ApiError> {
    let secret = api_key::generate_for(mode.livemode());
    let key = ApiKey::create(
        conn,
        &NewApiKey {
            tenant_id,
            id: Uuid::now_v7(),
            name: name.as_str(),
            prefix: &secret.prefix,
            secret_hash: &secret.hash,
            created_by: actor,
            livemode: mode.livemode(),
        },
    )
    .await?;
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action: "api_key.create",
            target: Some(&key.id.to_string()),
            details: serde_json::json!({
                "name": key.name, "prefix": key.prefix, "livemode": key.livemode,
            }),
        },
    )
    .await?;
    Ok(CreatedApiKey {
        id: key.id,
        tenant_id,
        name: key.name,
        prefix: key.prefix,
        key: secret.key,
        created_at: key.created_at,
        mode: KeyMode::of(key.livemode),
        livemode: key.livemode,
    })
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
    let name = parse_key_name(&body.name)?;
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let created =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
            issue(conn, owner.tenant_id, &name, body.mode, &actor).await
        })
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
