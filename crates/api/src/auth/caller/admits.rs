//! Whom each extractor admits: the role sets endpoints name, and the [`Admits`] the role matrix
//! and its test are written with.

use sekisho_domain::Role;

use super::authentication::Credential;
use super::{ApiKeyTenant, Permitted, PlatformAdmin, SignedIn, TenantUser};
use crate::auth::session::Subject;
use crate::error::ApiError;

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
    pub(super) fn check_kind(&self, credential: &Credential) -> Result<(), ApiError> {
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

    pub(super) fn check_subject(&self, subject: &Subject) -> Result<(), ApiError> {
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
