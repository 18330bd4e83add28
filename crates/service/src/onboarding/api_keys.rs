//! Issuing a tenant's API keys: its owners issue them, a platform admin issues a tenant's first.
//! The secret is shown once, in the answer; only its hash is kept (`crate::api_key_secrets`).

use chrono::{DateTime, Utc};
use sekisho_domain::DisplayName;
use sekisho_store::api_keys::{ApiKey, NewApiKey};
use sekisho_store::{AsyncPgConnection, Pool};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Onboarder, audit, in_scope};
use crate::{ServiceError, api_key_secrets};

/// Whether a key works on live data or in test mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyMode {
    #[default]
    Live,
    Test,
}

impl KeyMode {
    pub fn livemode(self) -> bool {
        self == KeyMode::Live
    }

    pub fn of(livemode: bool) -> Self {
        if livemode {
            KeyMode::Live
        } else {
            KeyMode::Test
        }
    }
}

/// A new key, with its secret: shown this once and never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub name: String,
    pub prefix: String,
    /// The whole key. Store it now: Sekisho keeps only its hash.
    pub key: String,
    pub created_at: DateTime<Utc>,
    /// `live` or `test`.
    pub mode: KeyMode,
    /// `false` for a test key.
    pub livemode: bool,
}

/// A key's name as the command gives it, checked.
pub fn key_name(raw: &str) -> Result<DisplayName, ServiceError> {
    DisplayName::parse(raw).map_err(|error| ServiceError::field("name", error.0))
}

/// Creates a key for `tenant_id` and audits it, inside the caller's transaction (which has set
/// the tenant or the platform scope).
pub async fn issue(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    name: &DisplayName,
    mode: KeyMode,
    actor: &str,
) -> Result<CreatedApiKey, ServiceError> {
    let secret = api_key_secrets::generate_for(mode.livemode());
    let key = ApiKey::create(
        conn,
        &NewApiKey {
            tenant_id,
            id: Uuid::now_v7(),
            name: name.as_str(),
            prefix: &secret.prefix,
            secret_hash: &secret.hash,
            created_by: actor,
            livemode: mode.livemode(),
        },
    )
    .await?;
    let details = serde_json::json!({
        "name": key.name, "prefix": key.prefix, "livemode": key.livemode,
    });
    audit(conn, tenant_id, actor, "api_key.create", key.id, details).await?;
    Ok(CreatedApiKey {
        id: key.id,
        tenant_id,
        name: key.name,
        prefix: key.prefix,
        key: secret.key,
        created_at: key.created_at,
        mode: KeyMode::of(key.livemode),
        livemode: key.livemode,
    })
}

/// An owner issues a key for their own tenant (`POST /v1/api-keys`), or a platform admin for
/// any tenant (`POST /admin/v1/tenants/{id}/api-keys`: 404 when there is no such tenant).
pub async fn issue_key(
    pool: &Pool,
    onboarder: Onboarder,
    tenant_id: Uuid,
    name: &str,
    mode: KeyMode,
    actor: &str,
) -> Result<CreatedApiKey, ServiceError> {
    let name = key_name(name)?;
    in_scope(pool, onboarder, tenant_id, async |conn| {
        issue(conn, tenant_id, &name, mode, actor).await
    })
    .await
}
