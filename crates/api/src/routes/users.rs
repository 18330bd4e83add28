//! A tenant's staff: owners list them and add analysts, reviewers and other owners. Platform
//! admins create a tenant's first users through `/admin/v1` with the same function.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::{AccountEmail, Password, Role};
use sekisho_store::AsyncPgConnection;
use sekisho_store::StoreError;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use sekisho_store::users::{NewUser, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::auth::password;
use crate::error::{ApiError, ErrorBody, ErrorCode, FieldError};
use crate::extract::Json;
use crate::idempotency::IdempotencyKey;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_user).service(list_users);
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

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            tenant_id: user.tenant_id,
            email: user.email,
            role: user.role.as_str().to_owned(),
            created_at: user.created_at,
        }
    }
}

/// A validated request whose password is already hashed, ready to insert.
pub struct PreparedUser {
    email: AccountEmail,
    password_hash: String,
    role: Role,
}

/// Validates every field (reporting all problems at once) and hashes the password off the
/// async workers, before any transaction is opened.
pub async fn prepare(request: CreateUserRequest) -> Result<PreparedUser, ApiError> {
    let email = AccountEmail::parse(&request.email);
    let password = Password::parse(&request.password);
    let mut fields = Vec::new();
    if let Err(error) = &email {
        fields.push(FieldError {
            field: "email".to_owned(),
            message: error.0.clone(),
        });
    }
    if let Err(error) = &password {
        fields.push(FieldError {
            field: "password".to_owned(),
            message: error.0.clone(),
        });
    }
    let (Ok(email), Ok(password)) = (email, password) else {
        return Err(ApiError::validation(fields));
    };
    let password_hash = password::hash(password.expose().to_owned()).await?;
    Ok(PreparedUser {
        email,
        password_hash,
        role: request.role,
    })
}

/// Inserts the user and audits it inside the caller's transaction.
pub async fn insert(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    user: &PreparedUser,
    actor: &str,
) -> Result<UserView, ApiError> {
    let created = User::create(
        conn,
        &NewUser {
            tenant_id,
            id: Uuid::now_v7(),
            email: user.email.as_str(),
            password_hash: &user.password_hash,
            role: user.role.as_str(),
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::Conflict { .. } => {
            ApiError::new(ErrorCode::Conflict, "a user with this email already exists")
        }
        other => other.into(),
    })?;
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action: "user.create",
            target: Some(&created.id.to_string()),
            details: serde_json::json!({ "email": created.email, "role": created.role }),
        },
    )
    .await?;
    Ok(created.into())
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
    let prepared = prepare(body.into_inner()).await?;
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let reply = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
        if let Some(replay) = idempotency.claim(conn, owner.tenant_id).await? {
            return Ok(replay);
        }
        let created = insert(conn, owner.tenant_id, &prepared, &actor).await?;
        idempotency
            .respond(conn, owner.tenant_id, StatusCode::CREATED, &created)
            .await
    })
    .await?;
    Ok(reply.into())
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
