//! A tenant's staff: owners list them and add analysts, reviewers and other owners. Adding is the
//! onboarding flow's (`sekisho_service::onboarding::staff`), which platform admins use through
//! `/admin/v1`.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use sekisho_domain::Role;
use sekisho_store::AsyncPgConnection;
use sekisho_store::StoreError;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::sessions::Session;
use sekisho_store::tenancy;
use sekisho_store::users::{User, UserChange};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::state::AppState;
use sekisho_service::onboarding::staff;
use sekisho_service::onboarding::{Onboarder, StaffMember};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_user)
        .service(list_users)
        .service(change_user)
        .service(remove_user);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(example = "analyst@example.jp")]
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    pub role: Role,
}

pub use sekisho_service::onboarding::UserView;

/// Checks the request's fields and hashes the password, before any transaction is opened.
pub async fn prepare(request: CreateUserRequest) -> Result<StaffMember, ApiError> {
    Ok(StaffMember::prepare(&request.email, &request.password, request.role).await?)
}

/// Add a staff member to the caller's tenant (owners only).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 201, body = UserView),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/users")]
async fn create_user(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<CreateUserRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let member = prepare(body.into_inner()).await?;
    let actor = format!("user:{}", owner.user_id);
    let answer = staff::add_member(
        &state.pool,
        Onboarder::Owner,
        owner.tenant_id,
        &member,
        &actor,
        idempotency.retry(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}

/// List the caller's tenant's staff (owners only).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<UserView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/users")]
async fn list_users(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let users = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
        Ok(User::list(conn, owner.tenant_id).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(users.into_iter().map(UserView::from).collect::<Vec<_>>()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeUserRequest {
    /// The new role.
    pub role: Option<Role>,
    /// True disables the user (refused at once; their sessions end), false re-enables them.
    pub disabled: Option<bool>,
}

fn user_not_found(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => ApiError::not_found("user"),
        other => other.into(),
    }
}

/// Refuses a change that would leave the tenant without an enabled owner.
async fn keep_an_owner(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    target: &User,
) -> Result<(), ApiError> {
    let owners = User::lock_enabled_owners(conn, tenant_id).await?;
    if owners.iter().all(|id| *id == target.id) {
        return Err(ApiError::new(
            ErrorCode::Conflict,
            "the shop must keep at least one enabled owner",
        ));
    }
    Ok(())
}

/// Change a staff member's role, or disable or re-enable them (owners only; audited). A disabled
/// user is refused at once: their sessions end. The last enabled owner cannot be demoted or
/// disabled (409).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 200, body = UserView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[patch("/users/{id}")]
async fn change_user(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<ChangeUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let change = UserChange {
        role: body.role,
        disabled: body.disabled,
    };
    let actor = format!("user:{}", owner.user_id);
    let tenant_id = owner.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let changed = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let before = User::find(conn, tenant_id, *id)
            .await
            .map_err(user_not_found)?;
        let stops_owning = before.role == Role::Owner
            && before.disabled_at.is_none()
            && (change.role.is_some_and(|role| role != Role::Owner)
                || change.disabled == Some(true));
        if stops_owning {
            keep_an_owner(conn, tenant_id, &before).await?;
        }
        let after = User::change(conn, tenant_id, before.id, &change).await?;
        let ended = if change.disabled == Some(true) {
            Session::revoke_all_of_user(conn, tenant_id, after.id).await?
        } else {
            0
        };
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor: &actor,
                action: "user.update",
                target: Some(&after.id.to_string()),
                details: serde_json::json!({
                    "email": after.email,
                    "role": { "from": before.role, "to": after.role },
                    "disabled": { "from": before.disabled_at.is_some(), "to": after.disabled_at.is_some() },
                    "sessions_ended": ended,
                }),
            },
        )
        .await?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(UserView::from(changed)))
}

/// Remove a staff member (owners only; audited): their sessions end at once. The last enabled
/// owner cannot be removed (409).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The user's id")),
    responses(
        (status = 204),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody),
    )
)]
#[delete("/users/{id}")]
async fn remove_user(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = format!("user:{}", owner.user_id);
    let tenant_id = owner.tenant_id;
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let before = User::find(conn, tenant_id, *id)
            .await
            .map_err(user_not_found)?;
        if before.role == Role::Owner && before.disabled_at.is_none() {
            keep_an_owner(conn, tenant_id, &before).await?;
        }
        let ended = Session::revoke_all_of_user(conn, tenant_id, before.id).await?;
        User::delete(conn, tenant_id, before.id).await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor: &actor,
                action: "user.delete",
                target: Some(&before.id.to_string()),
                details: serde_json::json!({
                    "email": before.email, "role": before.role, "sessions_ended": ended,
                }),
            },
        )
        .await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
