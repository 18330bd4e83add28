//! Extractors that authenticate the caller and check what it may do before a handler runs, so
//! that a handler's signature states who can call it and an unguarded handler cannot exist.
//!
//! 401 means the credential itself is missing, unknown, revoked, expired or forged; 403 means a
//! valid credential of the wrong kind or role.

use std::marker::PhantomData;
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sekisho_domain::Role;
use sekisho_store::api_keys::ApiKey;
use uuid::Uuid;

use crate::auth::api_key;
use crate::auth::session::{self, Subject};
use crate::cache::{CachedKey, KeyOwner};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// A merchant's system, authenticated by one of the tenant's API keys.
#[derive(Debug, Clone, Copy)]
pub struct ApiKeyTenant {
    pub tenant_id: Uuid,
    pub key_id: Uuid,
}

/// A signed-in staff member of one tenant whose role is in `R`.
#[derive(Debug, Clone, Copy)]
pub struct TenantUser<R> {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub role: Role,
    _roles: PhantomData<R>,
}

/// Anyone acting for one tenant: its systems (API key) or its signed-in staff (any role).
#[derive(Debug, Clone, Copy)]
pub enum TenantCaller {
    ApiKey(ApiKeyTenant),
    User {
        tenant_id: Uuid,
        user_id: Uuid,
        role: Role,
    },
}

impl TenantCaller {
    pub fn tenant_id(&self) -> Uuid {
        match self {
            TenantCaller::ApiKey(key) => key.tenant_id,
            TenantCaller::User { tenant_id, .. } => *tenant_id,
        }
    }

    /// How the audit log and stored records name this caller.
    pub fn actor(&self) -> String {
        match self {
            TenantCaller::ApiKey(key) => format!("api_key:{}", key.key_id),
            TenantCaller::User { user_id, .. } => format!("user:{user_id}"),
        }
    }
}

/// A signed-in platform admin.
#[derive(Debug, Clone, Copy)]
pub struct PlatformAdmin {
    pub admin_id: Uuid,
}

/// The roles an endpoint admits.
pub trait RoleSet {
    const ALLOWED: &'static [Role];
    const DESCRIPTION: &'static str;
}

#[derive(Debug, Clone, Copy)]
pub struct OwnerOnly;
impl RoleSet for OwnerOnly {
    const ALLOWED: &'static [Role] = &[Role::Owner];
    const DESCRIPTION: &'static str = "owner";
}

#[derive(Debug, Clone, Copy)]
pub struct AnyRole;
impl RoleSet for AnyRole {
    const ALLOWED: &'static [Role] = &[Role::Owner, Role::Analyst, Role::Reviewer];
    const DESCRIPTION: &'static str = "owner, analyst or reviewer";
}

#[derive(Debug, Clone, Copy)]
pub struct ReviewerOrOwner;
impl RoleSet for ReviewerOrOwner {
    const ALLOWED: &'static [Role] = &[Role::Owner, Role::Reviewer];
    const DESCRIPTION: &'static str = "owner or reviewer";
}

enum Credential {
    ApiKey(String),
    Session(String),
}

fn credential(req: &HttpRequest) -> Result<Credential, ApiError> {
    let missing = || {
        ApiError::new(
            ErrorCode::Unauthenticated,
            "send `Authorization: Bearer <API key or session token>`",
        )
    };
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(missing)?;
    let (scheme, token) = header.split_once(' ').ok_or_else(missing)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(missing());
    }
    Ok(if api_key::looks_like_key(token) {
        Credential::ApiKey(token.to_owned())
    } else {
        Credential::Session(token.to_owned())
    })
}

pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| {
            tracing::error!("application state missing");
            ApiError::internal()
        })
}

async fn authenticate_key(state: &AppState, key: &str) -> Result<ApiKeyTenant, ApiError> {
    let invalid = || ApiError::new(ErrorCode::InvalidApiKey, "API key is unknown or revoked");
    let hash = api_key::hash(key);
    // A cached owner expires after a minute, so a key in steady use still reaches the SQL
    // function (which records its last use) about once a minute.
    match state.caches.key(&hash).await {
        Some(CachedKey::Valid(owner)) => {
            return Ok(ApiKeyTenant {
                tenant_id: owner.tenant_id,
                key_id: owner.key_id,
            });
        }
        Some(CachedKey::Invalid) => return Err(invalid()),
        None => {}
    }
    let generation = state.caches.generation();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let owner = ApiKey::authenticate(&mut conn, &hash).await?;
    drop(conn);
    match owner {
        Some(owner) if !owner.revoked => {
            let owner = KeyOwner {
                tenant_id: owner.tenant_id,
                key_id: owner.key_id,
            };
            state
                .caches
                .store_key(hash, CachedKey::Valid(owner), generation)
                .await;
            Ok(ApiKeyTenant {
                tenant_id: owner.tenant_id,
                key_id: owner.key_id,
            })
        }
        _ => {
            state
                .caches
                .store_key(hash, CachedKey::Invalid, generation)
                .await;
            Err(invalid())
        }
    }
}

/// Resolves any credential to its subject; used by every extractor.
async fn resolve(state: &AppState, credential: Credential) -> Result<Resolved, ApiError> {
    match credential {
        Credential::ApiKey(key) => authenticate_key(state, &key).await.map(Resolved::Key),
        Credential::Session(token) => {
            session::verify(&state.settings, &token).map(Resolved::Session)
        }
    }
}

enum Resolved {
    Key(ApiKeyTenant),
    Session(Subject),
}

fn extract<T: 'static>(
    req: &HttpRequest,
    accept: impl FnOnce(Resolved) -> Result<T, ApiError> + 'static,
) -> LocalBoxFuture<'static, Result<T, ApiError>> {
    let prepared = state(req).and_then(|state| Ok((state, credential(req)?)));
    Box::pin(async move {
        let (state, credential) = prepared?;
        accept(resolve(&state, credential).await?)
    })
}

impl FromRequest for ApiKeyTenant {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |resolved| match resolved {
            Resolved::Key(tenant) => Ok(tenant),
            Resolved::Session(_) => Err(ApiError::forbidden(
                "this endpoint is for merchants' systems: authenticate with an API key",
            )),
        })
    }
}

impl<R: RoleSet + 'static> FromRequest for TenantUser<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |resolved| match resolved {
            Resolved::Session(Subject::User {
                tenant_id,
                user_id,
                role,
            }) if R::ALLOWED.contains(&role) => Ok(TenantUser {
                tenant_id,
                user_id,
                role,
                _roles: PhantomData,
            }),
            Resolved::Session(Subject::User { role, .. }) => Err(ApiError::forbidden(format!(
                "the {role} role cannot do this; it needs: {}",
                R::DESCRIPTION
            ))),
            Resolved::Session(Subject::Admin { .. }) => Err(ApiError::forbidden(
                "platform admins act on tenants through /admin/v1",
            )),
            Resolved::Key(_) => Err(ApiError::forbidden(
                "API keys cannot do this: sign in as a tenant user",
            )),
        })
    }
}

impl FromRequest for TenantCaller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |resolved| match resolved {
            Resolved::Key(key) => Ok(TenantCaller::ApiKey(key)),
            Resolved::Session(Subject::User {
                tenant_id,
                user_id,
                role,
            }) => Ok(TenantCaller::User {
                tenant_id,
                user_id,
                role,
            }),
            Resolved::Session(Subject::Admin { .. }) => Err(ApiError::forbidden(
                "platform admins act on tenants through /admin/v1",
            )),
        })
    }
}

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, |resolved| match resolved {
            Resolved::Session(Subject::Admin { admin_id }) => Ok(PlatformAdmin { admin_id }),
            _ => Err(ApiError::forbidden("only platform admins can do this")),
        })
    }
}

/// The client's address as `client_address::resolve` worked it out: the peer, or the rightmost
/// forwarded hop that is not one of the operator's trusted proxies.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    use actix_web::HttpMessage;
    req.extensions()
        .get::<crate::client_address::ClientAddress>()
        .map(|address| address.0)
        .or_else(|| req.peer_addr().map(|addr| addr.ip().to_canonical()))
}
