//! A tenant's own allow and block lists, of any identifier kind, with optional expiry.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bytea, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::tenant_lists;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tenant_lists)]
pub struct ListEntry {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub list: String,
    pub kind: String,
    pub fingerprint: Vec<u8>,
    pub display: String,
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// The value as the tenant entered it, sealed with the customer-data key.
    pub sealed_value: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = tenant_lists)]
pub struct NewListEntry {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub list: String,
    pub kind: String,
    pub fingerprint: Vec<u8>,
    pub display: String,
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub sealed_value: Option<Vec<u8>>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct ListHit {
    #[diesel(sql_type = Text)]
    pub list: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
}

/// What scoring needs of one entry: which list holds which fingerprint, until when.
#[derive(Debug, Clone, QueryableByName)]
pub struct HeldEntry {
    #[diesel(sql_type = Text)]
    pub list: String,
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = Bytea)]
    pub fingerprint: Vec<u8>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub expires_at: Option<DateTime<Utc>>,
}

impl ListEntry {
    /// Adds the entry, or renews the existing one for the same value (note and expiry).
    pub async fn add(
        conn: &mut AsyncPgConnection,
        new: &NewListEntry,
    ) -> Result<ListEntry, StoreError> {
        Ok(diesel::insert_into(tenant_lists::table)
            .values(new)
            .on_conflict((
                tenant_lists::tenant_id,
                tenant_lists::list,
                tenant_lists::kind,
                tenant_lists::fingerprint,
            ))
            .do_update()
            .set((
                tenant_lists::note.eq(&new.note),
                tenant_lists::expires_at.eq(new.expires_at),
                tenant_lists::display.eq(&new.display),
                tenant_lists::sealed_value.eq(&new.sealed_value),
            ))
            .returning(ListEntry::as_returning())
            .get_result(conn)
            .await?)
    }

    /// Unexpired entries, newest first.
    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        list: Option<&str>,
    ) -> Result<Vec<ListEntry>, StoreError> {
        let mut query = tenant_lists::table
            .filter(tenant_lists::tenant_id.eq(tenant_id))
            .filter(
                tenant_lists::expires_at
                    .is_null()
                    .or(tenant_lists::expires_at.gt(diesel::dsl::now)),
            )
            .select(ListEntry::as_select())
            .order(tenant_lists::created_at.desc())
            .into_boxed();
        if let Some(list) = list {
            query = query.filter(tenant_lists::list.eq(list.to_owned()));
        }
        Ok(query.load(conn).await?)
    }

    pub async fn remove(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<ListEntry, StoreError> {
        diesel::delete(tenant_lists::table.find((tenant_id, id)))
            .returning(ListEntry::as_returning())
            .get_result(conn)
            .await
            .optional()?
            .ok_or(StoreError::NotFound)
    }

    /// The tenant's unexpired entries as scoring matches them, at most `limit` + 1 (one more
    /// than `limit` tells the caller that the lists are larger than it keeps in memory).
    pub async fn held<C: crate::Db>(
        conn: &mut C,
        tenant_id: Uuid,
        limit: i64,
    ) -> Result<Vec<HeldEntry>, StoreError> {
        Ok(crate::prepared::sql(
            "SELECT list, kind, fingerprint, expires_at FROM tenant_lists \
             WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > now()) \
             LIMIT $2 + 1",
        )
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<Int8, _>(limit)
        .load(conn)
        .await?)
    }

    /// Which lists hold any of these identifiers now.
    pub async fn hits<C: crate::Db>(
        conn: &mut C,
        tenant_id: Uuid,
        kinds: &[&str],
        fingerprints: &[&[u8]],
    ) -> Result<Vec<ListHit>, StoreError> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        Ok(crate::prepared::sql(
            // Both lists named, so that every probe is one lookup on the full unique key
            // (tenant, list, kind, fingerprint) rather than a scan of the tenant's entries.
            "SELECT DISTINCT l.list, l.kind \
             FROM unnest($2::text[], $3::bytea[]) AS c(kind, fingerprint) \
             CROSS JOIN (VALUES ('allow'), ('block')) AS v(list) \
             JOIN tenant_lists l ON l.tenant_id = $1 AND l.list = v.list \
               AND l.kind = c.kind AND l.fingerprint = c.fingerprint \
             WHERE l.expires_at IS NULL OR l.expires_at > now()",
        )
        .bind::<SqlUuid, _>(tenant_id)
        .bind::<Array<Text>, _>(kinds)
        .bind::<Array<Bytea>, _>(fingerprints)
        .load(conn)
        .await?)
    }
}
