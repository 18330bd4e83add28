//! Platform-admin endpoints: onboarding tenants, their first users and API keys (the onboarding
//! flow, `sekisho_service::onboarding`), and the audit log. Every action here, reads across tenants included, is written to the audit log.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_store::AsyncPgConnection;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::routes::api_keys::{CreateApiKeyRequest, CreatedApiKey};
use crate::routes::users::{self, CreateUserRequest, UserView};
use crate::state::AppState;
use sekisho_service::onboarding::{self, Onboarder, api_keys, staff};

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

/// The tenant list's older offset paging (a bare array answers it: docs/API.md, Lists).
#[derive(Debug, Deserialize, IntoParams)]
pub struct TenantListQuery {
    /// At most this many rows (1–500, default 100).
    pub limit: Option<i64>,
    /// Rows to skip (default 0).
    pub offset: Option<i64>,
}

impl TenantListQuery {
    fn limit(&self) -> i64 {
        self.limit.unwrap_or(100).clamp(1, 500)
    }

    fn offset(&self) -> i64 {
        self.offset.unwrap_or(0).max(0)
    }
}

fn actor(admin: &PlatformAdmin) -> String {
    format!("admin:{}", admin.admin_id)
}

async fn audit(
    conn: &mut AsyncPgConnection,
    tenant_id: Option<Uuid>,
    actor: &str,
    action: &str,
    details: serde_json::Value,
) -> Result<(), ApiError> {
    let target = tenant_id.map(|id| id.to_string());
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id,
            actor,
            action,
            target: target.as_deref(),
            details,
        },
    )
    .await?;
    Ok(())
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
    responses((status = 200, body = Vec<TenantView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/tenants")]
async fn list_tenants(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    page: web::Query<TenantListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = actor(&admin);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let tenants = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let tenants = Tenant::list(conn, page.limit(), page.offset()).await?;
        let details = serde_json::json!({ "limit": page.limit(), "offset": page.offset() });
        audit(conn, None, &actor, "tenant.list", details).await?;
        Ok(tenants)
    })
    .await?;
    Ok(HttpResponse::Ok().json(
        tenants
            .into_iter()
            .map(TenantView::from)
            .collect::<Vec<_>>(),
    ))
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

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditQuery {
    /// Only this tenant's entries.
    pub tenant_id: Option<Uuid>,
    /// Entries older than this id (for paging backwards).
    pub before_id: Option<i64>,
    /// At most this many (1–500, default 100).
    pub limit: Option<i64>,
}

/// The audit log, newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntryView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/audit-log")]
async fn list_audit_log(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 500);
    let actor = actor(&admin);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let entries = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let entries = AuditEntry::list(conn, query.tenant_id, limit, query.before_id).await?;
        // Reading the log is itself on the record (after the read, so not in this page).
        let details = serde_json::json!({
            "tenant_id": query.tenant_id, "before_id": query.before_id,
            "limit": limit, "entries": entries.len(),
        });
        audit(conn, query.tenant_id, &actor, "audit_log.read", details).await?;
        Ok(entries)
    })
    .await?;
    let views: Vec<AuditEntryView> = entries
        .into_iter()
        .map(|entry| AuditEntryView {
            id: entry.id,
            tenant_id: entry.tenant_id,
            at: entry.at,
            actor: entry.actor,
            action: entry.action,
            target: entry.target,
            details: entry.details,
        })
        .collect();
    Ok(HttpResponse::Ok().json(views))
}
