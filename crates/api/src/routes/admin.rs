//! Platform-admin endpoints: onboarding tenants, their first users and API keys (the onboarding
//! flow, `sekisho_service::onboarding`), the tenant list and the audit log
//! (`sekisho_service::platform_reads`). Every action here, reads across tenants included, is
//! written to the audit log. The two lists page like every list (`crate::page`).

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_store::audit::AuditEntry;
use sekisho_store::tenants::Tenant;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::page::{self, Limits, Position};
use crate::routes::api_keys::{CreateApiKeyRequest, CreatedApiKey};
use crate::routes::users::{self, CreateUserRequest, UserView};
use crate::state::AppState;
use sekisho_service::onboarding::{self, Onboarder, api_keys, staff};
use sekisho_service::platform_reads;

use crate::idempotency::Reply;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_tenant)
        .service(list_tenants)
        .service(create_tenant_user)
        .service(create_tenant_api_key)
        .service(list_audit_log);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTenantRequest {
    #[schema(example = "関所商店")]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantView {
    pub id: Uuid,
    pub name: String,
    /// Whether the tenant's confirmed fraud feeds the consortium.
    pub contributes: bool,
    /// Whether the tenant's scoring uses the consortium.
    pub consumes: bool,
    pub created_at: DateTime<Utc>,
}

impl From<Tenant> for TenantView {
    fn from(tenant: Tenant) -> Self {
        Self {
            id: tenant.id,
            name: tenant.name,
            contributes: tenant.contributes,
            consumes: tenant.consumes,
            created_at: tenant.created_at,
        }
    }
}

/// Both admin lists: 1–500 rows a page, 100 unless asked.
const ADMIN_LIMITS: Limits = Limits {
    default: 100,
    max: 500,
};

#[derive(Debug, Deserialize, IntoParams)]
pub struct TenantListQuery {
    /// At most this many rows (1–500, default 100).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
    /// Rows to skip (default 0): the older paging, still accepted; `cursor` wins.
    pub offset: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TenantPage {
    pub items: Vec<TenantView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

fn actor(admin: &PlatformAdmin) -> String {
    format!("admin:{}", admin.admin_id)
}

/// Onboard a new tenant (merchant).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 201, body = TenantView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/tenants")]
async fn create_tenant(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    body: Json<CreateTenantRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant = onboarding::onboard_tenant(&state.pool, &body.name, &actor(&admin)).await?;
    Ok(HttpResponse::Created().json(TenantView::from(tenant)))
}

/// List all tenants, oldest first (audited).
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(TenantListQuery),
    responses((status = 200, body = TenantPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/tenants")]
async fn list_tenants(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<TenantListQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = ADMIN_LIMITS.of(query.limit);
    let offset = page::offset(query.cursor.as_deref(), query.offset)?;
    let tenants = platform_reads::list_tenants(&state.pool, &actor(&admin), limit, offset).await?;
    let (tenants, next_cursor) = page::split(tenants, limit, |_| Position::Offset(offset + limit));
    Ok(HttpResponse::Ok().json(TenantPage {
        items: tenants.into_iter().map(TenantView::from).collect(),
        next_cursor,
    }))
}

/// Create a user (owner, analyst or reviewer) in a tenant.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The tenant's id")),
    responses(
        (status = 201, body = UserView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/tenants/{id}/users")]
async fn create_tenant_user(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    tenant_id: web::Path<Uuid>,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = tenant_id.into_inner();
    let member = users::prepare(body.into_inner()).await?;
    let answer = staff::add_member(
        &state.pool,
        Onboarder::PlatformAdmin,
        tenant_id,
        &member,
        &actor(&admin),
        None,
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}

/// Issue an API key for a tenant; the response carries the key once.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The tenant's id")),
    responses(
        (status = 201, body = CreatedApiKey),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/tenants/{id}/api-keys")]
async fn create_tenant_api_key(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    tenant_id: web::Path<Uuid>,
    body: Json<CreateApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = tenant_id.into_inner();
    let created = api_keys::issue_key(
        &state.pool,
        Onboarder::PlatformAdmin,
        tenant_id,
        &body.name,
        body.mode,
        &actor(&admin),
    )
    .await?;
    Ok(HttpResponse::Created().json(created))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i64,
    pub tenant_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    /// `admin:<id>`, `user:<id>` or `cli`.
    pub actor: String,
    /// Dotted action name, e.g. `tenant.create`, `api_key.revoke`.
    pub action: String,
    pub target: Option<String>,
    pub details: serde_json::Value,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditEntryView>,
    /// Pass as `cursor` for the next (older) page; absent on the last one.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only this tenant's entries.
    pub tenant_id: Option<Uuid>,
    /// At most this many (1–500, default 100).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
    /// Entries older than this id: the older paging, still accepted; `cursor` wins.
    pub before_id: Option<i64>,
}

/// The audit log, newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/audit-log")]
async fn list_audit_log(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = ADMIN_LIMITS.of(query.limit);
    let before = page::before_number(query.cursor.as_deref(), query.before_id)?;
    let entries =
        platform_reads::read_audit_log(&state.pool, &actor(&admin), query.tenant_id, limit, before)
            .await?;
    let (entries, next_cursor) = page::split(entries, limit, |last: &AuditEntry| {
        Position::BeforeNumber(last.id)
    });
    Ok(HttpResponse::Ok().json(AuditPage {
        items: entries.into_iter().map(AuditEntryView::from).collect(),
        next_cursor,
    }))
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> Self {
        Self {
            id: entry.id,
            tenant_id: entry.tenant_id,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            details: entry.details,
        }
    }
}
