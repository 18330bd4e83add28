//! Merchants' machine credentials. Only the SHA-256 of a key is stored; the key itself is shown
//! once, when it is created.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Bytea, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::api_keys;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKey {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub name: String,
    pub prefix: String,
    #[diesel(column_name = secret_hash)]
    pub _secret_hash: Vec<u8>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// `false` for a test key (`sk_test_…`): what it writes is kept apart from live data.
    pub livemode: bool,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = api_keys)]
pub struct NewApiKey<'a> {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub name: &'a str,
    pub prefix: &'a str,
    pub secret_hash: &'a [u8],
    pub created_by: &'a str,
    pub livemode: bool,
}

/// What authenticating a key yields.
#[derive(Debug, Clone, QueryableByName)]
pub struct KeyOwner {
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub key_id: Uuid,
    #[diesel(sql_type = Bool)]
    pub revoked: bool,
    /// The tenant's limit per key; `None`: the server's default.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Integer>)]
    pub requests_per_second: Option<i32>,
    /// `false` for a test key.
    #[diesel(sql_type = Bool)]
    pub livemode: bool,
}

impl ApiKey {
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: &NewApiKey<'_>,
    ) -> Result<ApiKey, StoreError> {
        Ok(diesel::insert_into(api_keys::table)
            .values(new)
            .returning(ApiKey::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Vec<ApiKey>, StoreError> {
        Ok(api_keys::table
            .filter(api_keys::tenant_id.eq(tenant_id))
            .select(ApiKey::as_select())
            .order((api_keys::created_at.asc(), api_keys::id.asc()))
            .load(conn)
            .await?)
    }

    /// Revokes the key; revoking twice keeps the first time. `NotFound` when the tenant has no
    /// such key.
    pub async fn revoke(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<ApiKey, StoreError> {
        Ok(diesel::update(api_keys::table.find((tenant_id, id)))
            .set(api_keys::revoked_at.eq(diesel::dsl::sql::<
                diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
            >("coalesce(revoked_at, now())")))
            .returning(ApiKey::as_returning())
            .get_result(conn)
            .await?)
    }

    /// Finds the owner of a key by its hash, for any tenant, in one round trip (see the
    /// `sekisho_authenticate_api_key` function in the migrations).
    pub async fn authenticate(
        conn: &mut AsyncPgConnection,
        secret_hash: &[u8],
    ) -> Result<Option<KeyOwner>, StoreError> {
        Ok(
            diesel::sql_query("SELECT * FROM sekisho_authenticate_api_key($1)")
                .bind::<Bytea, _>(secret_hash)
                .get_result(conn)
                .await
                .optional()?,
        )
    }
}
