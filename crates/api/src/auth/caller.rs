//! Extractors that authenticate the caller and check what it may do before a handler runs, so
//! that a handler's signature states who can call it and an unguarded handler cannot exist.
//! Each extractor declares whom it admits ([`Guard::ADMITS`]); the role matrix
//! (`auth::matrix`, docs/ROLES.md) is written in the same terms and a test holds every route to it.
//!
//! 401 means the credential itself is missing, unknown, revoked, expired or forged, or its
//! session has ended; 403 means a valid credential of the wrong kind or role. Kind and role are
//! checked before anything else, without a database round trip, so that a refused caller learns
//! nothing about the request it sent.

mod admits;
mod authentication;

pub use admits::{
    Admits, AnyRole, Guard, OwnerOnly, Readers, ReviewerOrOwner, RoleSet, SystemsOnly,
    SystemsOrOwner, SystemsOrReviewers,
};
pub use authentication::state;

use std::marker::PhantomData;
use std::net::IpAddr;

use actix_web::HttpRequest;
use sekisho_domain::Role;
use uuid::Uuid;

use crate::auth::session::Subject;

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

/// The client's address as `client_address::resolve` worked it out: the peer, or the rightmost
/// forwarded hop that is not one of the operator's trusted proxies.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    use actix_web::HttpMessage;
    req.extensions()
        .get::<crate::client_address::ClientAddress>()
        .map(|address| address.0)
        .or_else(|| req.peer_addr().map(|addr| addr.ip().to_canonical()))
}
