//! Onboarding, as the other flows: a tenant, its staff and its API keys. Each entry point owns
//! its transaction; the in-transaction steps (`create_tenant`, `staff::add`, `api_keys::issue`)
//! let one transaction do several (the CLI's and the demo's onboarding).
//!
//! The same functions serve the platform admin (`/admin/v1`, platform scope, the tenant checked
//! to exist first), a tenant's owners (`/v1`, tenant scope), the CLI and the demo, so that a
//! tenant made from the shell is exactly like one made over HTTP: the same checks, hashing and
//! audit entries.

pub mod api_keys;
pub mod staff;

use sekisho_domain::DisplayName;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use sekisho_store::tenants::{NewTenant, Tenant};
use sekisho_store::{AsyncPgConnection, Pool, StoreError};
use serde::Serialize;
use uuid::Uuid;

use crate::ServiceError;
pub use api_keys::{CreatedApiKey, KeyMode};
pub use staff::{StaffMember, UserView};

/// A tenant's name as the command gives it, checked.
pub fn tenant_name(raw: &str) -> Result<DisplayName, ServiceError> {
    DisplayName::parse(raw).map_err(|error| ServiceError::field("name", error.0))
}

/// Creates a tenant and audits it, in the caller's platform-scope transaction.
pub async fn create_tenant(
    conn: &mut AsyncPgConnection,
    name: &DisplayName,
    actor: &str,
) -> Result<Tenant, ServiceError> {
    let tenant = Tenant::create(
        conn,
        &NewTenant {
            id: Uuid::now_v7(),
            name: name.as_str(),
        },
    )
    .await?;
    let details = serde_json::json!({ "name": tenant.name });
    audit(conn, tenant.id, actor, "tenant.create", tenant.id, details).await?;
    Ok(tenant)
}

/// A platform admin onboards a tenant (`POST /admin/v1/tenants`).
pub async fn onboard_tenant(pool: &Pool, name: &str, actor: &str) -> Result<Tenant, ServiceError> {
    let name = tenant_name(name)?;
    let tenant = tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
        create_tenant(conn, &name, actor).await
    })
    .await?;
    tracing::info!(tenant.id = %tenant.id, "tenant onboarded");
    Ok(tenant)
}

/// A new tenant with its first API key and, optionally, its first owner, in one transaction.
#[derive(Debug, Serialize)]
pub struct OnboardedTenant {
    pub tenant_id: Uuid,
    pub name: String,
    pub api_key: CreatedApiKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserView>,
}

/// The CLI's onboarding (`sekisho admin create-tenant`): the tenant, its first live key and,
/// when given, its first owner, all or nothing.
pub async fn onboard_tenant_with_key(
    pool: &Pool,
    name: &str,
    key_name: &str,
    owner: Option<StaffMember>,
    actor: &str,
) -> Result<OnboardedTenant, ServiceError> {
    let name = tenant_name(name)?;
    let key_name = api_keys::key_name(key_name)?;
    tenancy::in_platform::<_, ServiceError, _, _>(pool, async |conn| {
        let tenant = create_tenant(conn, &name, actor).await?;
        let api_key = api_keys::issue(conn, tenant.id, &key_name, KeyMode::Live, actor).await?;
        let owner = match &owner {
            Some(member) => Some(staff::add(conn, tenant.id, member, actor).await?),
            None => None,
        };
        Ok(OnboardedTenant {
            tenant_id: tenant.id,
            name: tenant.name,
            api_key,
            owner,
        })
    })
    .await
}

/// Who issues a key or adds a member: an owner in their own tenant (tenant scope), or a platform
/// admin in any (platform scope, the tenant checked to exist first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Onboarder {
    Owner,
    PlatformAdmin,
}

/// Runs `step` in the onboarder's scope over `tenant_id`.
async fn in_scope<R, F>(
    pool: &Pool,
    onboarder: Onboarder,
    tenant_id: Uuid,
    step: F,
) -> Result<R, ServiceError>
where
    for<'r> F: tenancy::TransactionBody<'r, R, ServiceError> + Send,
    R: Send,
{
    match onboarder {
        Onboarder::Owner => tenancy::in_tenant(pool, tenant_id, step).await,
        Onboarder::PlatformAdmin => {
            tenancy::in_platform(pool, async |conn| {
                enter_tenant(conn, tenant_id).await?;
                step(conn).await
            })
            .await
        }
    }
}

/// Checks, in the platform scope, that the tenant exists: a platform admin's action on a tenant
/// that does not is 404.
async fn enter_tenant(conn: &mut AsyncPgConnection, tenant_id: Uuid) -> Result<(), ServiceError> {
    match Tenant::find(conn, tenant_id).await {
        Ok(_) => Ok(()),
        Err(StoreError::NotFound) => Err(ServiceError::NotFound("tenant")),
        Err(other) => Err(other.into()),
    }
}

/// Who onboarded what: every step here is on the record, in the same transaction.
async fn audit(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    actor: &str,
    action: &str,
    target: Uuid,
    details: serde_json::Value,
) -> Result<(), ServiceError> {
    let target = target.to_string();
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action,
            target: Some(&target),
            details,
        },
    )
    .await?;
    Ok(())
}
