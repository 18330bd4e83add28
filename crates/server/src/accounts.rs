//! Account operations shared by the CLI, `serve`'s start-up and the demo loader. They go through
//! the onboarding flow (`sekisho_service::onboarding`), the one the HTTP handlers use, so that a tenant made from the shell is exactly
//! like one made over HTTP.

use anyhow::Context;
use sekisho_domain::{AccountEmail, Password, Role};
use sekisho_service::onboarding::{self, StaffMember};
use sekisho_service::{ServiceError, passwords};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::platform_admins::PlatformAdmin;
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, pool};

pub const CLI_ACTOR: &str = "cli";

/// Creates the platform admin, or resets its password if it exists.
pub async fn ensure_admin(
    pool: &Pool,
    email: &str,
    password: &str,
) -> anyhow::Result<PlatformAdmin> {
    let email = AccountEmail::parse(email).map_err(|e| anyhow::anyhow!("admin email: {e}"))?;
    let password = Password::parse(password).map_err(|e| anyhow::anyhow!("admin password: {e}"))?;
    let hash = passwords::hash(password.expose().to_owned()).await?;
    let mut conn = pool::get(pool).await?;
    let admin = tenancy::in_platform::<_, ServiceError, _, _>(&mut conn, async |conn| {
        let admin = PlatformAdmin::upsert(conn, email.as_str(), &hash).await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: None,
                actor: CLI_ACTOR,
                action: "platform_admin.ensure",
                target: Some(&admin.id.to_string()),
                details: serde_json::json!({ "email": admin.email }),
            },
        )
        .await?;
        Ok(admin)
    })
    .await?;
    Ok(admin)
}

pub use sekisho_service::onboarding::OnboardedTenant;

/// A new tenant with its first API key and, optionally, its first owner.
pub async fn onboard(
    pool: &Pool,
    name: &str,
    key_name: &str,
    owner: Option<(String, String)>,
) -> anyhow::Result<OnboardedTenant> {
    let owner = match owner {
        Some((email, password)) => {
            Some(StaffMember::prepare(&email, &password, Role::Owner).await?)
        }
        None => None,
    };
    onboarding::onboard_tenant_with_key(pool, name, key_name, owner, CLI_ACTOR)
        .await
        .context("onboarding the tenant")
}

pub async fn list_tenants(pool: &Pool) -> anyhow::Result<Vec<Tenant>> {
    let mut conn = pool::get(pool).await?;
    tenancy::in_platform::<_, ServiceError, _, _>(&mut conn, async |conn| {
        Ok(Tenant::list(conn, 10_000, 0).await?)
    })
    .await
    .map_err(anyhow::Error::from)
}
