//! Who the session token speaks for; the dashboard asks after signing in.

use actix_web::{HttpResponse, get, web};
use diesel_async::AsyncConnection;
use sekisho_domain::Role;
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::AnyRole;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(me);
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub user_id: Uuid,
    pub tenant_id: Uuid,
    pub tenant_name: String,
    pub role: Role,
}

/// The signed-in tenant user and their tenant.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/me")]
async fn me(
    user: TenantUser<AnyRole>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let tenant = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_tenant(conn, user.tenant_id).await?;
            Ok(Tenant::find(conn, user.tenant_id).await?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        user_id: user.user_id,
        tenant_id: tenant.id,
        tenant_name: tenant.name,
        role: user.role,
    }))
}
