//! Signing in to the dashboard: email and password for a session token; renewing the token
//! while the user is active; signing out, which ends the session on every replica at once.
//! (Scoring the logins of merchants' customers is `routes::login_risk`, a different thing.)

use actix_web::{HttpRequest, HttpResponse, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::Role;
use sekisho_store::platform_admins::PlatformAdmin;
use sekisho_store::sessions::{NewSession, Session};
use sekisho_store::tenancy;
use sekisho_store::users::User;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{SignedIn, client_ip};
use crate::auth::session::{self, Subject};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::passwords as password;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login).service(refresh).service(logout);
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
/// account and client IP, per client IP, and (with a much higher ceiling) per account: 429 with
/// Retry-After.
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
    let ip = client_ip(&req);
    state.login_limiter.check(&email, ip)?;

    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let lookup_email = email.clone();
    let account = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
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
    let subject = match account {
        Some(Account::Admin(admin)) if valid => Subject::Admin { admin_id: admin.id },
        Some(Account::User(user)) if valid && user.disabled_at.is_some() => {
            tracing::info!(client.ip = ?ip, "login refused: account disabled");
            return Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "this account is disabled; ask an owner of your shop",
            ));
        }
        Some(Account::User(user)) if valid => {
            let role = user.role;
            Subject::User {
                tenant_id: user.tenant_id,
                user_id: user.id,
                role,
            }
        }
        _ => {
            tracing::info!(client.ip = ?ip, "login refused");
            return Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "wrong email or password",
            ));
        }
    };
    let session_id = Uuid::now_v7();
    let ends_at = Utc::now()
        + chrono::Duration::from_std(state.settings.session_max_age)
            .unwrap_or(chrono::Duration::hours(12));
    let new_session = match subject {
        Subject::Admin { admin_id } => NewSession {
            id: session_id,
            tenant_id: None,
            subject_kind: "admin",
            subject_id: admin_id,
            expires_at: ends_at,
        },
        Subject::User {
            tenant_id, user_id, ..
        } => NewSession {
            id: session_id,
            tenant_id: Some(tenant_id),
            subject_kind: "user",
            subject_id: user_id,
            expires_at: ends_at,
        },
    };
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Session::forget_ended(conn, new_session.subject_id).await?;
        Ok(Session::create(conn, &new_session).await?)
    })
    .await?;
    drop(conn);
    respond(&state, session_id, subject, ends_at)
}

fn respond(
    state: &AppState,
    session_id: Uuid,
    subject: Subject,
    ends_at: DateTime<Utc>,
) -> Result<HttpResponse, ApiError> {
    let not_after = u64::try_from(ends_at.timestamp()).ok();
    let (access_token, expires_in) =
        session::issue(&state.settings, session_id, subject, not_after)?;
    let (tenant_id, role, kind) = match subject {
        Subject::User {
            tenant_id, role, ..
        } => (Some(tenant_id), Some(role), "tenant_user"),
        Subject::Admin { .. } => (None, None, "platform_admin"),
    };
    Ok(HttpResponse::Ok().json(LoginResponse {
        access_token,
        token_type: "Bearer",
        expires_in,
        subject_kind: kind,
        tenant_id,
        role,
    }))
}

/// Renew the session: a fresh token for the caller's live session, with the account's current
/// role. Call it while the user is active, before the token expires; a session ends for good
/// `SEKISHO_SESSION_MAX_HOURS` after sign-in, at sign-out, or when its account is gone.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, description = "The token is invalid or its session has ended", body = ErrorBody),
        (status = 403, description = "An API key: sessions are for people", body = ErrorBody),
    )
)]
#[post("/auth/refresh")]
async fn refresh(
    signed_in: SignedIn,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let ends_at = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Ok(Session::touch(conn, signed_in.session_id).await?)
    })
    .await?
    .ok_or_else(|| ApiError::new(ErrorCode::InvalidToken, "session has ended; sign in again"))?;
    drop(conn);
    respond(&state, signed_in.session_id, signed_in.subject, ends_at)
}

/// Sign out: ends the caller's session at once, on every replica; every token issued for it is
/// refused from then on (401). Signing out twice is harmless.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The session has ended"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
#[post("/auth/logout")]
async fn logout(signed_in: SignedIn, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Ok(Session::revoke(conn, signed_in.session_id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
