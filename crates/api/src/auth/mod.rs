//! Who is calling: API keys for merchants' systems, session tokens for dashboard users and
//! platform admins, and the extractors that put the caller in a handler's signature.

pub mod caller;
pub mod matrix;
pub mod rate_limit;
pub mod session;

pub use caller::{ApiKeyTenant, Permitted, PlatformAdmin, SignedIn, TenantCaller, TenantUser};
