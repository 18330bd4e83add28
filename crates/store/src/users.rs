//! A tenant's staff accounts for the dashboard.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sekisho_domain::Role;
use uuid::Uuid;

use crate::StoreError;
use crate::schema::users;
use crate::vocabulary::Checked;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    #[diesel(deserialize_as = Checked<Role>)]
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
}

impl User {
    pub async fn create(
        conn: &mut AsyncPgConnection,
        new: &NewUser<'_>,
    ) -> Result<User, StoreError> {
        Ok(diesel::insert_into(users::table)
            .values(new)
            .returning(User::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Vec<User>, StoreError> {
        Ok(users::table
            .filter(users::tenant_id.eq(tenant_id))
            .select(User::as_select())
            .order((users::created_at.asc(), users::id.asc()))
            .load(conn)
            .await?)
    }

    /// Looks a login email up across tenants; needs the platform scope.
    pub async fn find_by_email(
        conn: &mut AsyncPgConnection,
        email: &str,
    ) -> Result<Option<User>, StoreError> {
        Ok(users::table
            .filter(users::email.eq(email))
            .select(User::as_select())
            .first(conn)
            .await
            .optional()?)
    }
}
