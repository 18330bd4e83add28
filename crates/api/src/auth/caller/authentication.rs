//! Authenticating the request for what an extractor admits: kind and role first, then the API
//! key or the session, and the `FromRequest` impls that put the caller in a handler's signature.

use std::marker::PhantomData;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sekisho_domain::Role;
use sekisho_store::api_keys::ApiKey;
use sekisho_store::sessions::Session;

use crate::auth::session::{self, Subject, Verified};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use sekisho_service::api_key_secrets as api_key;
use sekisho_service::caches::{CachedKey, KeyOwner};

use super::{Admits, Guard, RoleSet};
use super::{ApiKeyTenant, Permitted, PlatformAdmin, SignedIn, TenantCaller, TenantUser};

pub(super) enum Credential {
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

async fn authenticate_key(state: &AppState, key: &str) -> Result<KeyOwner, ApiError> {
    let invalid = || ApiError::new(ErrorCode::InvalidApiKey, "API key is unknown or revoked");
    let hash = api_key::hash(key);
    // A cached owner expires after a minute, so a key in steady use still reaches the SQL
    // function (which records its last use) about once a minute.
    match state.caches.key(&hash).await {
        Some(CachedKey::Valid(owner)) => return Ok(owner),
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
                requests_per_second: owner
                    .requests_per_second
                    .and_then(|limit| u32::try_from(limit).ok()),
                livemode: owner.livemode,
            };
            state
                .caches
                .store_key(hash, CachedKey::Valid(owner), generation)
                .await;
            Ok(owner)
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

/// Checks that the token's session is live and returns its subject with the account's current
/// role (one round trip; see `sekisho_session_status`).
async fn live_session(state: &AppState, verified: Verified) -> Result<Verified, ApiError> {
    let ended = || ApiError::new(ErrorCode::InvalidToken, "session has ended; sign in again");
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let status = Session::status(&mut conn, verified.session_id).await?;
    drop(conn);
    let status = status.filter(|status| status.live).ok_or_else(ended)?;
    let subject = match verified.subject {
        Subject::Admin { admin_id }
            if status.tenant_id.is_none() && status.subject_id == admin_id =>
        {
            verified.subject
        }
        Subject::User {
            tenant_id, user_id, ..
        } if status.tenant_id == Some(tenant_id) && status.subject_id == user_id => {
            let role = status
                .role
                .as_deref()
                .and_then(Role::parse)
                .ok_or_else(ended)?;
            Subject::User {
                tenant_id,
                user_id,
                role,
            }
        }
        _ => return Err(ended()),
    };
    Ok(Verified {
        session_id: verified.session_id,
        subject,
    })
}

enum Resolved {
    Key(ApiKeyTenant),
    Session(Verified),
}

/// Authenticates the request for `admits`: kind and role first (no I/O, so a refusal is decided
/// before any other extractor of the handler can answer), then the key or the session's state.
fn authenticate(
    req: &HttpRequest,
    admits: Admits,
) -> LocalBoxFuture<'static, Result<Resolved, ApiError>> {
    enum Pending {
        Key(String),
        Session(Verified),
    }
    let prepared = (|| {
        let state = state(req)?;
        let credential = credential(req)?;
        admits.check_kind(&credential)?;
        let pending = match credential {
            Credential::ApiKey(key) => Pending::Key(key),
            Credential::Session(token) => {
                let verified = session::verify(&state.settings, &token)?;
                admits.check_subject(&verified.subject)?;
                Pending::Session(verified)
            }
        };
        Ok::<_, ApiError>((state, pending))
    })();
    Box::pin(async move {
        let (state, pending) = prepared?;
        match pending {
            Pending::Key(key) => {
                let owner = authenticate_key(&state, &key).await?;
                state
                    .api_key_limiter
                    .check(owner.key_id, owner.requests_per_second)?;
                Ok(Resolved::Key(ApiKeyTenant {
                    tenant_id: owner.tenant_id,
                    key_id: owner.key_id,
                    livemode: owner.livemode,
                }))
            }
            Pending::Session(verified) => {
                let verified = live_session(&state, verified).await?;
                // The role may have changed since the token was issued.
                admits.check_subject(&verified.subject)?;
                Ok(Resolved::Session(verified))
            }
        }
    })
}

fn extract<T: 'static>(
    req: &HttpRequest,
    admits: Admits,
    accept: impl FnOnce(Resolved) -> Result<T, ApiError> + 'static,
) -> LocalBoxFuture<'static, Result<T, ApiError>> {
    let authenticated = authenticate(req, admits);
    Box::pin(async move { accept(authenticated.await?) })
}

/// What an admitted subject turns into; `check_subject` already refused the others.
fn wrong_kind() -> ApiError {
    tracing::error!("an admitted credential had a kind its extractor does not take");
    ApiError::internal()
}

impl FromRequest for ApiKeyTenant {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, Self::ADMITS, |resolved| match resolved {
            Resolved::Key(tenant) => Ok(tenant),
            Resolved::Session(_) => Err(wrong_kind()),
        })
    }
}

impl<R: RoleSet + 'static> FromRequest for TenantUser<R> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, Self::ADMITS, |resolved| match resolved {
            Resolved::Session(Verified {
                subject:
                    Subject::User {
                        tenant_id,
                        user_id,
                        role,
                    },
                ..
            }) => Ok(TenantUser {
                tenant_id,
                user_id,
                role,
                _roles: PhantomData,
            }),
            _ => Err(wrong_kind()),
        })
    }
}

impl<P: RoleSet + 'static> FromRequest for Permitted<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, Self::ADMITS, |resolved| {
            let caller = match resolved {
                Resolved::Key(key) => TenantCaller::ApiKey(key),
                Resolved::Session(Verified {
                    subject:
                        Subject::User {
                            tenant_id,
                            user_id,
                            role,
                        },
                    ..
                }) => TenantCaller::User {
                    tenant_id,
                    user_id,
                    role,
                },
                Resolved::Session(_) => return Err(wrong_kind()),
            };
            Ok(Permitted {
                caller,
                _policy: PhantomData,
            })
        })
    }
}

impl FromRequest for PlatformAdmin {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, Self::ADMITS, |resolved| match resolved {
            Resolved::Session(Verified {
                subject: Subject::Admin { admin_id },
                ..
            }) => Ok(PlatformAdmin { admin_id }),
            _ => Err(wrong_kind()),
        })
    }
}

impl FromRequest for SignedIn {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        extract(req, Self::ADMITS, |resolved| match resolved {
            Resolved::Session(verified) => Ok(SignedIn {
                session_id: verified.session_id,
                subject: verified.subject,
            }),
            Resolved::Key(_) => Err(wrong_kind()),
        })
    }
}
