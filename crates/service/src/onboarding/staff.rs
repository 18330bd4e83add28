//! A tenant's staff: a platform admin adds a tenant's first users, its owners add the others.

use chrono::{DateTime, Utc};
use sekisho_domain::{AccountEmail, Password, Role};
use sekisho_store::users::{NewUser, User};
use sekisho_store::{AsyncPgConnection, Pool, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Onboarder, audit, in_scope};
use crate::idempotency::{self, Answer, RetryKey};
use crate::{FieldErrors, ServiceError, passwords};

/// A checked new staff member whose password is already hashed (off the async workers, before
/// any transaction is opened).
pub struct StaffMember {
    email: AccountEmail,
    password_hash: String,
    role: Role,
}

impl std::fmt::Debug for StaffMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaffMember")
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl StaffMember {
    /// Checks every field (reporting all problems at once), then hashes the password.
    pub async fn prepare(email: &str, password: &str, role: Role) -> Result<Self, ServiceError> {
        let email = AccountEmail::parse(email);
        let password = Password::parse(password);
        let mut refused = FieldErrors::default();
        if let Err(error) = &email {
            refused.push("email", error.0.clone());
        }
        if let Err(error) = &password {
            refused.push("password", error.0.clone());
        }
        refused.into_result().map_err(ServiceError::Validation)?;
        let (Ok(email), Ok(password)) = (email, password) else {
            return Err(ServiceError::Internal("a checked field did not parse"));
        };
        let password_hash = passwords::hash(password.expose().to_owned()).await?;
        Ok(Self {
            email,
            password_hash,
            role,
        })
    }

    pub fn role(&self) -> Role {
        self.role
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub email: String,
    pub role: String,
    pub created_at: DateTime<Utc>,
    /// Disabled by an owner: refused at sign-in and on every request.
    pub disabled: bool,
    pub disabled_at: Option<DateTime<Utc>>,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            tenant_id: user.tenant_id,
            email: user.email,
            role: user.role.as_str().to_owned(),
            created_at: user.created_at,
            disabled: user.disabled_at.is_some(),
            disabled_at: user.disabled_at,
        }
    }
}

/// Inserts the member and audits it, in the caller's transaction (tenant or platform scope).
pub async fn add(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    member: &StaffMember,
    actor: &str,
) -> Result<UserView, ServiceError> {
    let created = User::create(
        conn,
        &NewUser {
            tenant_id,
            id: Uuid::now_v7(),
            email: member.email.as_str(),
            password_hash: &member.password_hash,
            role: member.role.as_str(),
        },
    )
    .await
    .map_err(|error| match error {
        StoreError::Conflict { .. } => {
            ServiceError::Conflict("a user with this email already exists")
        }
        other => other.into(),
    })?;
    let details = serde_json::json!({ "email": created.email, "role": created.role });
    audit(conn, tenant_id, actor, "user.create", created.id, details).await?;
    Ok(created.into())
}

/// An owner adds a member to their own tenant (`POST /v1/users`), or a platform admin to any
/// tenant (`POST /admin/v1/tenants/{id}/users`: 404 when there is no such tenant). A retry with
/// the same Idempotency-Key replays the first answer.
pub async fn add_member(
    pool: &Pool,
    onboarder: Onboarder,
    tenant_id: Uuid,
    member: &StaffMember,
    actor: &str,
    retry: Option<&RetryKey>,
) -> Result<Answer<UserView>, ServiceError> {
    in_scope(pool, onboarder, tenant_id, async |conn| {
        if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
            return Ok(Answer::Replayed(replay));
        }
        let outcome = add(conn, tenant_id, member, actor).await?;
        let reply = idempotency::respond(conn, tenant_id, retry, 201, &outcome).await?;
        Ok(Answer::Done { reply, outcome })
    })
    .await
}
