//! `serve --demo`: a believable data set to explore the product with. Loading is idempotent: a
//! tenant that already exists is left as it is.
//!
//! The demo's API keys are derived from the tenant names, so that they are the same on every
//! machine and can be written in the README; they are public, so never run `--demo` on a server
//! that holds real data.

use diesel_async::AsyncConnection;
use sekisho_api::error::ApiError;
use sekisho_api::routes::admin::onboard_tenant;
use sekisho_api::routes::users::{CreateUserRequest, insert, prepare};
use sekisho_domain::{DisplayName, Role};
use sekisho_store::api_keys::{ApiKey, NewApiKey};
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, pool};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const DEMO_PASSWORD: &str = "sekisho-demo-2026";
pub const DEMO_ADMIN_EMAIL: &str = "admin@sekisho.example";

pub struct DemoTenant {
    pub name: &'static str,
    /// The local part of the staff emails: owner@<slug>.example and so on.
    pub slug: &'static str,
}

pub const TENANTS: &[DemoTenant] = &[
    DemoTenant {
        name: "さくらマート (Sakura Mart)",
        slug: "sakura-mart",
    },
    DemoTenant {
        name: "きつね書房 (Kitsune Books)",
        slug: "kitsune-books",
    },
    DemoTenant {
        name: "たぬき電機 (Tanuki Electronics)",
        slug: "tanuki-electronics",
    },
];

/// The demo tenant's fixed API key.
pub fn demo_key(tenant: &DemoTenant) -> String {
    let digest = Sha256::digest(format!("sekisho-demo:{}", tenant.slug).as_bytes());
    format!("sk_live_demo{}", &hex::encode(digest)[..40])
}

pub fn staff_email(role: Role, tenant: &DemoTenant) -> String {
    format!("{}@{}.example", role.as_str(), tenant.slug)
}

/// Loads the demo data set unless it is there already.
pub async fn load(pool: &Pool) -> anyhow::Result<()> {
    let existing: Vec<String> = crate::accounts::list_tenants(pool)
        .await?
        .into_iter()
        .map(|tenant| tenant.name)
        .collect();
    for tenant in TENANTS {
        if existing.iter().any(|name| name == tenant.name) {
            continue;
        }
        load_tenant(pool, tenant).await?;
        tracing::info!(tenant = tenant.name, "demo tenant loaded");
    }
    Ok(())
}

async fn load_tenant(pool: &Pool, demo: &DemoTenant) -> anyhow::Result<Tenant> {
    let name = DisplayName::parse(demo.name).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut staff = Vec::new();
    for role in Role::ALL {
        staff.push(
            prepare(CreateUserRequest {
                email: staff_email(role, demo),
                password: DEMO_PASSWORD.to_owned(),
                role,
            })
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        );
    }
    let key = demo_key(demo);
    let key_hash: [u8; 32] = Sha256::digest(key.as_bytes()).into();
    let mut conn = pool::get(pool).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        tenancy::set_platform_scope(conn).await?;
        let tenant = onboard_tenant(conn, &name, "demo").await?;
        for user in &staff {
            insert(conn, tenant.id, user, "demo").await?;
        }
        ApiKey::create(
            conn,
            &NewApiKey {
                tenant_id: tenant.id,
                id: Uuid::now_v7(),
                name: "demo checkout",
                prefix: &key[..16],
                secret_hash: &key_hash,
                created_by: "demo",
            },
        )
        .await?;
        Ok(tenant)
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))
}

/// What `serve --demo` prints so that a newcomer can sign in at once.
pub fn logins(base_url: &str, admin_email: &str) -> String {
    let mut out = format!(
        "\nSekisho demo is up at {base_url}\n  API docs:        {base_url}/docs/\n  \
         Platform admin:  {admin_email} / {DEMO_PASSWORD}\n"
    );
    for tenant in TENANTS {
        out.push_str(&format!("  {}\n", tenant.name));
        for role in Role::ALL {
            out.push_str(&format!(
                "    {:<9} {} / {DEMO_PASSWORD}\n",
                role.as_str(),
                staff_email(role, tenant)
            ));
        }
        out.push_str(&format!("    API key   {}\n", demo_key(tenant)));
    }
    out
}
