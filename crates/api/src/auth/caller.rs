//! Extractors that authenticate the caller and check what it may do before a handler runs, so
//! that a handler's signature states who can call it and an unguarded handler cannot exist.
//! Each extractor declares whom it admits ([`Guard::ADMITS`]); the role matrix
//! (`auth::matrix`, docs/ROLES.md) is written in the same terms and a test holds every route to it.
//!
//! 401 means the credential itself is missing, unknown, revoked, expired or forged, or its
//! session has ended; 403 means a valid credential of the wrong kind or role. Kind and role are
//! checked before anything else, without a database round trip, so that a refused caller learns
//! nothing about the request it sent.

use std::marker::PhantomData;
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use sekisho_domain::Role;
use sekisho_store::api_keys::ApiKey;
use sekisho_store::sessions::Session;
use uuid::Uuid;

use crate::auth::session::{self, Subject, Verified};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use sekisho_service::api_key_secrets as api_key;
use sekisho_service::caches::{CachedKey, KeyOwner};

/// A merchant's system, authenticated by one of the tenant's API keys.
#[derive(Debug, Clone, Copy)]
pub struct ApiKeyTenant {
    pub tenant_id: Uuid,
    pub key_id: Uuid,
    /// `false` for a test key: the call works on the tenant's test data (docs/TESTING.md).
    pub livemode: bool,
}

/// A signed-in staff member of one tenant whose role is in `R`.
#[derive(Debug, Clone, Copy)]
pub struct TenantUser<R> {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub role: Role,
    _roles: PhantomData<R>,
}

/// Someone acting for one tenant: its systems (API key) or its signed-in staff.
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

    /// Whether the call works on live data: `false` for a test key. Staff work on live data
    /// unless an endpoint takes the dashboard's `livemode` switch.
    pub fn livemode(&self) -> bool {
        match self {
            TenantCaller::ApiKey(key) => key.livemode,
            TenantCaller::User { .. } => true,
        }
    }

    /// The mode an API key works in; `None` for staff, who see both modes through the
    /// dashboard's switch.
    pub fn key_livemode(&self) -> Option<bool> {
        match self {
            TenantCaller::ApiKey(key) => Some(key.livemode),
            TenantCaller::User { .. } => None,
        }
    }

    /// The mode a read works on: a key's own mode (a test key reads only test data, a live key
    /// only live data); for staff, the dashboard's test/live switch (`livemode` query
    /// parameter, default live).
    pub fn livemode_or(&self, requested: Option<bool>) -> bool {
        match self {
            TenantCaller::ApiKey(key) => key.livemode,
            TenantCaller::User { .. } => requested.unwrap_or(true),
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

/// A tenant's caller admitted by `P`: its API keys when `P::API_KEYS`, and its staff whose role
/// is in `P::ALLOWED`. Reads as the [`TenantCaller`] it holds.
#[derive(Debug, Clone, Copy)]
pub struct Permitted<P> {
    caller: TenantCaller,
    _policy: PhantomData<P>,
}

impl<P> std::ops::Deref for Permitted<P> {
    type Target = TenantCaller;

    fn deref(&self) -> &TenantCaller {
        &self.caller
    }
}

/// A signed-in platform admin.
#[derive(Debug, Clone, Copy)]
pub struct PlatformAdmin {
    pub admin_id: Uuid,
}

/// Anyone signed in to the dashboard (staff or platform admin), with their session: for
/// renewing and ending it.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn {
    pub session_id: Uuid,
    pub subject: Subject,
}

/// The roles an endpoint admits, and whether the tenant's API keys are admitted too (only
/// through [`Permitted`]; [`TenantUser`] is for staff alone and refuses a set that admits keys
/// at compile time).
pub trait RoleSet {
    const ALLOWED: &'static [Role];
    const DESCRIPTION: &'static str;
    const API_KEYS: bool = false;
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

/// Reads open to the tenant's systems and every staff role.
#[derive(Debug, Clone, Copy)]
pub struct Readers;
impl RoleSet for Readers {
    const ALLOWED: &'static [Role] = &[Role::Owner, Role::Analyst, Role::Reviewer];
    const DESCRIPTION: &'static str = "an API key, or the owner, analyst or reviewer role";
    const API_KEYS: bool = true;
}

/// Writes the tenant's systems make, which its owner may also make by hand.
#[derive(Debug, Clone, Copy)]
pub struct SystemsOrOwner;
impl RoleSet for SystemsOrOwner {
    const ALLOWED: &'static [Role] = &[Role::Owner];
    const DESCRIPTION: &'static str = "an API key or the owner role";
    const API_KEYS: bool = true;
}

/// Handling what the tenant's systems raised (alerts): its systems, owners and reviewers act;
/// analysts only read.
#[derive(Debug, Clone, Copy)]
pub struct SystemsOrReviewers;
impl RoleSet for SystemsOrReviewers {
    const ALLOWED: &'static [Role] = &[Role::Owner, Role::Reviewer];
    const DESCRIPTION: &'static str = "an API key, or the owner or reviewer role";
    const API_KEYS: bool = true;
}

/// Machine calls only: scoring orders, logins and card attempts.
#[derive(Debug, Clone, Copy)]
pub struct SystemsOnly;
impl RoleSet for SystemsOnly {
    const ALLOWED: &'static [Role] = &[];
    const DESCRIPTION: &'static str = "an API key";
    const API_KEYS: bool = true;
}

/// Whom an extractor admits: the matrix and its test are written with these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Admits {
    /// The tenant's API keys.
    pub api_keys: bool,
    /// The tenant's staff with these roles.
    pub roles: &'static [Role],
    pub platform_admins: bool,
    /// No credential needed at all.
    pub public: bool,
    pub description: &'static str,
}

impl Admits {
    pub const PUBLIC: Admits = Admits {
        api_keys: true,
        roles: Role::ALL,
        platform_admins: true,
        public: true,
        description: "anyone",
    };

    const fn of<P: RoleSet>() -> Admits {
        Admits {
            api_keys: P::API_KEYS,
            roles: P::ALLOWED,
            platform_admins: false,
            public: false,
            description: P::DESCRIPTION,
        }
    }

    fn admits_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Refuses a credential of a kind or role this does not admit, before any lookup.
    fn check_kind(&self, credential: &Credential) -> Result<(), ApiError> {
        match credential {
            Credential::ApiKey(_) if self.api_keys => Ok(()),
            Credential::ApiKey(_) if self.platform_admins && self.roles.is_empty() => {
                Err(ApiError::forbidden("only platform admins can do this"))
            }
            Credential::ApiKey(_) => Err(ApiError::forbidden(
                "API keys cannot do this: sign in as a tenant user",
            )),
            Credential::Session(_) => Ok(()),
        }
    }

    fn check_subject(&self, subject: &Subject) -> Result<(), ApiError> {
        match subject {
            Subject::Admin { .. } if self.platform_admins => Ok(()),
            Subject::Admin { .. } => Err(ApiError::forbidden(
                "platform admins act on tenants through /admin/v1",
            )),
            Subject::User { role, .. } if self.admits_role(*role) => Ok(()),
            Subject::User { .. } if self.roles.is_empty() && self.api_keys => {
                Err(ApiError::forbidden(
                    "this endpoint is for merchants' systems: authenticate with an API key",
                ))
            }
            Subject::User { .. } if self.roles.is_empty() => {
                Err(ApiError::forbidden("only platform admins can do this"))
            }
            Subject::User { role, .. } => Err(ApiError::forbidden(format!(
                "the {role} role cannot do this; it needs: {}",
                self.description
            ))),
        }
    }
}

/// An extractor that authenticates: whom it admits.
pub trait Guard {
    const ADMITS: Admits;
}

impl Guard for ApiKeyTenant {
    const ADMITS: Admits = Admits::of::<SystemsOnly>();
}

impl<R: RoleSet> Guard for TenantUser<R> {
    const ADMITS: Admits = {
        assert!(
            !R::API_KEYS,
            "TenantUser is for staff; use Permitted to admit API keys"
        );
        Admits::of::<R>()
    };
}

impl<P: RoleSet> Guard for Permitted<P> {
    const ADMITS: Admits = Admits::of::<P>();
}

impl Guard for PlatformAdmin {
    const ADMITS: Admits = Admits {
        api_keys: false,
        roles: &[],
        platform_admins: true,
        public: false,
        description: "a platform admin",
    };
}

impl Guard for SignedIn {
    const ADMITS: Admits = Admits {
        api_keys: false,
        roles: Role::ALL,
        platform_admins: true,
        public: false,
        description: "a signed-in user or platform admin",
    };
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

/// The client's address as `client_address::resolve` worked it out: the peer, or the rightmost
/// forwarded hop that is not one of the operator's trusted proxies.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    use actix_web::HttpMessage;
    req.extensions()
        .get::<crate::client_address::ClientAddress>()
        .map(|address| address.0)
        .or_else(|| req.peer_addr().map(|addr| addr.ip().to_canonical()))
}
