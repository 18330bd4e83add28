//! Disputes over consortium entries, handled by platform admins.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::consortium_disputes;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = consortium_disputes)]
pub struct Dispute {
    pub id: Uuid,
    pub kinds: Vec<String>,
    pub fingerprints: Vec<Vec<u8>>,
    pub reason: String,
    pub status: String,
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_note: Option<String>,
    pub entries_removed: i32,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = consortium_disputes)]
pub struct NewDispute {
    pub id: Uuid,
    pub kinds: Vec<String>,
    pub fingerprints: Vec<Vec<u8>>,
    pub reason: String,
    pub opened_by: String,
}

impl Dispute {
    pub async fn open(
        conn: &mut AsyncPgConnection,
        new: &NewDispute,
    ) -> Result<Dispute, StoreError> {
        Ok(diesel::insert_into(consortium_disputes::table)
            .values(new)
            .returning(Dispute::as_returning())
            .get_result(conn)
            .await?)
    }

    pub async fn find(conn: &mut AsyncPgConnection, id: Uuid) -> Result<Dispute, StoreError> {
        Ok(consortium_disputes::table
            .find(id)
            .select(Dispute::as_select())
            .first(conn)
            .await?)
    }

    pub async fn list(
        conn: &mut AsyncPgConnection,
        status: Option<&str>,
        limit: i64,
    ) -> Result<Vec<Dispute>, StoreError> {
        let mut query = consortium_disputes::table
            .select(Dispute::as_select())
            .order(consortium_disputes::opened_at.desc())
            .limit(limit)
            .into_boxed();
        if let Some(status) = status {
            query = query.filter(consortium_disputes::status.eq(status.to_owned()));
        }
        Ok(query.load(conn).await?)
    }

    /// Closes an open dispute; `NotFound` when it is not open (any more).
    pub async fn resolve(
        conn: &mut AsyncPgConnection,
        id: Uuid,
        status: &str,
        resolved_by: &str,
        note: Option<&str>,
        entries_removed: i32,
    ) -> Result<Dispute, StoreError> {
        Ok(diesel::update(
            consortium_disputes::table
                .find(id)
                .filter(consortium_disputes::status.eq("open")),
        )
        .set((
            consortium_disputes::status.eq(status),
            consortium_disputes::resolved_by.eq(resolved_by),
            consortium_disputes::resolved_at.eq(diesel::dsl::now),
            consortium_disputes::resolution_note.eq(note),
            consortium_disputes::entries_removed.eq(entries_removed),
        ))
        .returning(Dispute::as_returning())
        .get_result(conn)
        .await?)
    }
}
