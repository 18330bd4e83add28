//! Dashboard sessions, held server-side so that signing out ends a session at once on every
//! replica. The session token (a JWT) names its session; every signed-in request checks it with
//! [`Session::status`] in one round trip.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Nullable, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::sessions;

#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession {
    pub id: Uuid,
    /// `None` for a platform admin.
    pub tenant_id: Option<Uuid>,
    /// `user` or `admin`.
    pub subject_kind: &'static str,
    pub subject_id: Uuid,
    pub expires_at: DateTime<Utc>,
}

/// What [`Session::status`] finds.
#[derive(Debug, Clone, QueryableByName)]
pub struct SessionStatus {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub tenant_id: Option<Uuid>,
    #[diesel(sql_type = SqlUuid)]
    pub subject_id: Uuid,
    /// The user's current role (`None` for admins, or when the user is gone).
    #[diesel(sql_type = Nullable<Text>)]
    pub role: Option<String>,
    /// Not revoked, not past its absolute end, and its account still exists.
    #[diesel(sql_type = Bool)]
    pub live: bool,
}

pub struct Session;

impl Session {
    /// Needs the platform scope (admins' sessions belong to no tenant).
    pub async fn create(conn: &mut AsyncPgConnection, new: &NewSession) -> Result<(), StoreError> {
        diesel::insert_into(sessions::table)
            .values(new)
            .execute(conn)
            .await?;
        Ok(())
    }

    /// Deletes the account's sessions that ended (revoked or past their end) a day or more ago,
    /// so that the table holds about one row per live session. Needs the platform scope.
    pub async fn forget_ended(
        conn: &mut AsyncPgConnection,
        subject_id: Uuid,
    ) -> Result<usize, StoreError> {
        let day_ago = Utc::now() - chrono::Duration::days(1);
        Ok(diesel::delete(
            sessions::table
                .filter(sessions::subject_id.eq(subject_id))
                .filter(
                    sessions::expires_at
                        .lt(day_ago)
                        .or(sessions::revoked_at.lt(day_ago)),
                ),
        )
        .execute(conn)
        .await?)
    }

    /// One round trip, in any scope (see `sekisho_session_status` in the migrations).
    pub async fn status(
        conn: &mut AsyncPgConnection,
        id: Uuid,
    ) -> Result<Option<SessionStatus>, StoreError> {
        Ok(
            diesel::sql_query("SELECT * FROM sekisho_session_status($1)")
                .bind::<SqlUuid, _>(id)
                .get_result(conn)
                .await
                .optional()?,
        )
    }

    /// Records a renewal of a live session and returns its absolute end; `None` when the session
    /// is revoked or over. Needs the platform scope.
    pub async fn touch(
        conn: &mut AsyncPgConnection,
        id: Uuid,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(diesel::update(
            sessions::table
                .find(id)
                .filter(sessions::revoked_at.is_null())
                .filter(sessions::expires_at.gt(diesel::dsl::now)),
        )
        .set(sessions::refreshed_at.eq(diesel::dsl::now))
        .returning(sessions::expires_at)
        .get_result(conn)
        .await
        .optional()?)
    }

    /// Ends every live session of one of the tenant's users (disabled or removed); returns how
    /// many.
    pub async fn revoke_all_of_user(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        user_id: Uuid,
    ) -> Result<usize, StoreError> {
        Ok(diesel::update(
            sessions::table
                .filter(sessions::tenant_id.eq(tenant_id))
                .filter(sessions::subject_kind.eq("user"))
                .filter(sessions::subject_id.eq(user_id))
                .filter(sessions::revoked_at.is_null()),
        )
        .set(sessions::revoked_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?)
    }

    /// Ends the session; ending it twice keeps the first time. Needs the platform scope.
    pub async fn revoke(conn: &mut AsyncPgConnection, id: Uuid) -> Result<bool, StoreError> {
        let ended = diesel::update(
            sessions::table
                .find(id)
                .filter(sessions::revoked_at.is_null()),
        )
        .set(sessions::revoked_at.eq(diesel::dsl::now))
        .execute(conn)
        .await?;
        Ok(ended > 0)
    }
}
