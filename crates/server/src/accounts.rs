//! Account operations shared by the CLI, `serve`'s start-up and the demo loader. They reuse the
//! API's own validation, hashing and audit code so that a tenant made from the shell is exactly
//! like one made over HTTP.

use anyhow::Context;
use sekisho_api::auth::password;
use sekisho_api::error::ApiError;
use sekisho_api::routes::admin::onboard_tenant;
use sekisho_api::routes::api_keys::{CreatedApiKey, KeyMode, issue, parse_key_name};
use sekisho_api::routes::users::{CreateUserRequest, UserView, insert, prepare};
use sekisho_domain::{AccountEmail, DisplayName, Password, Role};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::platform_admins::PlatformAdmin;
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, pool};
use serde::Serialize;

pub const CLI_ACTOR: &str = "cli";

fn api(error: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{error}")
}

/// Creates the platform admin, or resets its password if it exists.
pub async fn ensure_admin(
    pool: &Pool,
    email: &str,
    password: &str,
) -> anyhow::Result<PlatformAdmin> {
    let email = AccountEmail::parse(email).map_err(|e| anyhow::anyhow!("admin email: {e}"))?;
    let password = Password::parse(password).map_err(|e| anyhow::anyhow!("admin password: {e}"))?;
    let hash = password::hash(password.expose().to_owned())
        .await
        .map_err(api)?;
    let mut conn = pool::get(pool).await?;
    let admin = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
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
    .await
    .map_err(api)?;
    Ok(admin)
}

#[derive(Debug, Serialize)]
pub struct OnboardedTenant {
    pub tenant_id: uuid::Uuid,
    pub name: String,
    pub api_key: CreatedApiKey,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<UserView>,
}

/// A new tenant with its first API key and, optionally, its first owner.
pub async fn onboard(
    pool: &Pool,
    name: &str,
    key_name: &str,
    owner: Option<(String, String)>,
) -> anyhow::Result<OnboardedTenant> {
    let name = DisplayName::parse(name).map_err(|e| anyhow::anyhow!("tenant name: {e}"))?;
    let key_name = parse_key_name(key_name).map_err(api)?;
    let owner = match owner {
        Some((email, password)) => Some(
            prepare(CreateUserRequest {
                email,
                password,
                role: Role::Owner,
            })
            .await
            .map_err(api)?,
        ),
        None => None,
    };
    let mut conn = pool::get(pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let tenant = onboard_tenant(conn, &name, CLI_ACTOR).await?;
        let api_key = issue(conn, tenant.id, &key_name, KeyMode::Live, CLI_ACTOR).await?;
        let owner = match &owner {
            Some(prepared) => Some(insert(conn, tenant.id, prepared, CLI_ACTOR).await?),
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
    .map_err(api)
    .context("onboarding the tenant")
}

pub async fn list_tenants(pool: &Pool) -> anyhow::Result<Vec<Tenant>> {
    let mut conn = pool::get(pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Ok(Tenant::list(conn, 10_000, 0).await?)
    })
    .await
    .map_err(api)
}
