//! Signing in to the dashboard: email and password for a session token.

use actix_web::{HttpRequest, HttpResponse, post, web};
use diesel_async::AsyncConnection;
use sekisho_domain::Role;
use sekisho_store::platform_admins::PlatformAdmin;
use sekisho_store::tenancy;
use sekisho_store::users::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::client_ip;
use crate::auth::password;
use crate::auth::session::{self, Subject};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(example = "owner@example.jp")]
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// `platform_admin` or `tenant_user`.
    pub subject_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
}

enum Account {
    Admin(sekisho_store::platform_admins::PlatformAdmin),
    User(User),
}

/// Exchange email and password for a short-lived session token. Attempts are limited per
/// account and per client IP (429 with Retry-After).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many attempts", body = ErrorBody),
    )
)]
#[post("/auth/login")]
async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { email, password } = body.into_inner();
    let email = email.trim().to_lowercase();
    let ip = client_ip(&req, state.settings.trust_forwarded_for);
    state.login_limiter.check(&email, ip)?;

    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let lookup_email = email.clone();
    let account = conn
        .transaction::<_, ApiError, _>(async |conn| {
            tenancy::set_platform_scope(conn).await?;
            if let Some(admin) = PlatformAdmin::find_by_email(conn, &lookup_email).await? {
                return Ok(Some(Account::Admin(admin)));
            }
            Ok(User::find_by_email(conn, &lookup_email)
                .await?
                .map(Account::User))
        })
        .await?;
    drop(conn);

    let stored_hash = account.as_ref().map(|account| match account {
        Account::Admin(admin) => admin.password_hash.clone(),
        Account::User(user) => user.password_hash.clone(),
    });
    let valid = password::verify(password, stored_hash).await?;
    let (subject, kind) = match account {
        Some(Account::Admin(admin)) if valid => {
            (Subject::Admin { admin_id: admin.id }, "platform_admin")
        }
        Some(Account::User(user)) if valid => {
            let role = user.role().ok_or_else(ApiError::internal)?;
            (
                Subject::User {
                    tenant_id: user.tenant_id,
                    user_id: user.id,
                    role,
                },
                "tenant_user",
            )
        }
        _ => {
            tracing::info!(client.ip = ?ip, "login refused");
            return Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "wrong email or password",
            ));
        }
    };
    let access_token = session::issue(&state.settings, subject)?;
    let (tenant_id, role) = match subject {
        Subject::User {
            tenant_id, role, ..
        } => (Some(tenant_id), Some(role)),
        Subject::Admin { .. } => (None, None),
    };
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token,
        token_type: "Bearer",
        expires_in: state.settings.jwt_ttl.as_secs(),
        subject_kind: kind,
        tenant_id,
        role,
    }))
}
