//! The operator's accounts: they onboard tenants and moderate the consortium.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::platform_admins;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = platform_admins)]
pub struct PlatformAdmin {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
}

impl PlatformAdmin {
    /// Creates the admin, or sets the password of the existing one with that email. Needs the
    /// platform scope.
    pub async fn upsert(
        conn: &mut AsyncPgConnection,
        email: &str,
        password_hash: &str,
    ) -> Result<PlatformAdmin, StoreError> {
        Ok(diesel::insert_into(platform_admins::table)
            .values((
                platform_admins::id.eq(Uuid::now_v7()),
                platform_admins::email.eq(email),
                platform_admins::password_hash.eq(password_hash),
            ))
            .on_conflict(platform_admins::email)
            .do_update()
            .set(platform_admins::password_hash.eq(excluded(platform_admins::password_hash)))
            .returning(PlatformAdmin::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn find_by_email(
        conn: &mut AsyncPgConnection,
        email: &str,
    ) -> Result<Option<PlatformAdmin>, StoreError> {
        Ok(platform_admins::table
            .filter(platform_admins::email.eq(email))
            .select(PlatformAdmin::as_select())
            .first(conn)
            .await
            .optional()?)
    }

    pub async fn find(
        conn: &mut AsyncPgConnection,
        id: Uuid,
    ) -> Result<Option<PlatformAdmin>, StoreError> {
        Ok(platform_admins::table
            .find(id)
            .select(PlatformAdmin::as_select())
            .first(conn)
            .await
            .optional()?)
    }
}
