//! Who is calling: the dashboard asks after signing in, and integrators check that a key works.

use actix_web::{HttpResponse, get, web};
use sekisho_domain::Role;
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantCaller;
use crate::auth::caller::{Permitted, Readers};
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub tenant_id: Uuid,
    pub tenant_name: String,
    /// Set for a signed-in staff member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Set when the caller is an API key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key_id: Option<Uuid>,
    /// Whether the tenant's confirmed fraud feeds the consortium.
    pub contributes: bool,
    /// Whether the tenant's scoring uses the consortium.
    pub consumes: bool,
}

/// The caller (API key or signed-in staff member) and its tenant.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/me")]
async fn me(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let tenant = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(Tenant::find(conn, tenant_id).await?)
    })
    .await?;
    let (user_id, role, api_key_id) = match *caller {
        TenantCaller::ApiKey(key) => (None, None, Some(key.key_id)),
        TenantCaller::User { user_id, role, .. } => (Some(user_id), Some(role), None),
    };
    Ok(HttpResponse::Ok().json(Me {
        tenant_id: tenant.id,
        tenant_name: tenant.name,
        user_id,
        role,
        api_key_id,
        contributes: tenant.contributes,
        consumes: tenant.consumes,
    }))
}
