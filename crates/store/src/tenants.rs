//! Tenants: the merchants that use Sekisho.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::tenants;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenants)]
pub struct Tenant {
    pub id: Uuid,
    pub name: String,
    pub contributes: bool,
    pub consumes: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = tenants)]
pub struct NewTenant<'a> {
    pub id: Uuid,
    pub name: &'a str,
}

impl Tenant {
    /// Needs the platform scope.
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: &NewTenant<'_>,
    ) -> Result<Tenant, StoreError> {
        Ok(diesel::insert_into(tenants::table)
            .values(new)
            .returning(Tenant::as_returning())
            .get_result(conn)
            .await?)
    }

    /// Every tenant the transaction may see: all of them in the platform scope, else one.
    pub async fn list(
        conn: &mut AsyncPgConnection,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<Tenant>, StoreError> {
        Ok(tenants::table
            .select(Tenant::as_select())
            .order((tenants::created_at.asc(), tenants::id.asc()))
            .limit(limit)
            .offset(offset)
            .load(conn)
            .await?)
    }

    /// Needs the platform scope.
    pub async fn set_participation(
        conn: &mut AsyncPgConnection,
        id: Uuid,
        contributes: bool,
        consumes: bool,
    ) -> Result<Tenant, StoreError> {
        Ok(diesel::update(tenants::table.find(id))
            .set((
                tenants::contributes.eq(contributes),
                tenants::consumes.eq(consumes),
            ))
            .returning(Tenant::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Tenant, StoreError> {
        Ok(tenants::table
            .find(id)
            .select(Tenant::as_select())
            .first(conn)
            .await?)
    }
}

impl Tenant {
    /// Sets (or with `None` clears) the requests per second each of the tenant's API keys may
    /// send; needs the platform scope. Returns the stored value; `NotFound` without such tenant.
    pub async fn set_api_key_rate_limit(
        conn: &mut AsyncPgConnection,
        id: Uuid,
        requests_per_second: Option<i32>,
    ) -> Result<Option<i32>, StoreError> {
        Ok(diesel::update(tenants::table.find(id))
            .set(tenants::api_key_requests_per_second.eq(requests_per_second))
            .returning(tenants::api_key_requests_per_second)
            .get_result(conn)
            .await?)
    }
}
