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
    /// Disabled by an owner: refused at sign-in and on every request.
    pub disabled_at: Option<DateTime<Utc>>,
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

/// What an owner changes about a user.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

impl User {
    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<User, StoreError> {
        Ok(users::table
            .find((tenant_id, id))
            .select(User::as_select())
            .first(conn)
            .await?)
    }

    /// The tenant's enabled owners, locked until the transaction ends, so that two owners
    /// demoting each other at once cannot leave the tenant with none.
    pub async fn lock_enabled_owners(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Vec<Uuid>, StoreError> {
        Ok(users::table
            .filter(users::tenant_id.eq(tenant_id))
            .filter(users::role.eq(Role::Owner.as_str()))
            .filter(users::disabled_at.is_null())
            .select(users::id)
            .for_update()
            .load(conn)
            .await?)
    }

    pub async fn change(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
        change: &UserChange,
    ) -> Result<User, StoreError> {
        let target = users::table.find((tenant_id, id));
        if let Some(role) = change.role {
            diesel::update(target)
                .set(users::role.eq(role.as_str()))
                .execute(conn)
                .await?;
        }
        match change.disabled {
            Some(true) => {
                diesel::update(target.filter(users::disabled_at.is_null()))
                    .set(users::disabled_at.eq(diesel::dsl::now))
                    .execute(conn)
                    .await?;
            }
            Some(false) => {
                diesel::update(target)
                    .set(users::disabled_at.eq(None::<DateTime<Utc>>))
                    .execute(conn)
                    .await?;
            }
            None => {}
        }
        Self::find(conn, tenant_id, id).await
    }

    /// Removes the account; `NotFound` when the tenant has no such user.
    pub async fn delete(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<(), StoreError> {
        let removed = diesel::delete(users::table.find((tenant_id, id)))
            .execute(conn)
            .await?;
        if removed == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
