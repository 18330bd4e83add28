//! Values and network ranges that never count as negative data. Managed by the platform; the
//! shipped defaults are inserted at start (and stay removed once an admin removes them).

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::warninglist_values;

/// The condition that the candidate row `c` (`kind`, `fingerprint`, `network`) is neither a
/// warninglisted value nor inside a warninglisted range: the one rule for consortium lookups and
/// for matching new reports against recent orders. A macro, so that it joins the queries'
/// literals through `concat!`.
macro_rules! not_warninglisted {
    () => {
        " NOT EXISTS (SELECT 1 FROM warninglist_values w \
                      WHERE w.kind = c.kind AND w.fingerprint = c.fingerprint \
                        AND w.removed_at IS NULL) \
          AND NOT EXISTS (SELECT 1 FROM warninglist_ranges w \
                          WHERE c.network IS NOT NULL AND w.removed_at IS NULL \
                            AND c.network::inet <<= w.range) "
    };
}
pub(crate) use not_warninglisted;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = warninglist_values)]
pub struct WarninglistValue {
    pub id: Uuid,
    pub kind: String,
    pub fingerprint: Vec<u8>,
    pub label: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, QueryableByName)]
pub struct WarninglistRange {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub range: String,
    #[diesel(sql_type = Text)]
    pub label: String,
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub removed_at: Option<DateTime<Utc>>,
}

/// Where shipped defaults come from. Seeding them again must not undo an admin's removal,
/// while an admin adding a removed entry again means it.
pub const DEFAULT_SOURCE: &str = "default";

/// Adds a value, or brings a removed one back (unless this is the shipped defaults being
/// seeded again); returns it either way.
pub async fn add_value(
    conn: &mut AsyncPgConnection,
    kind: &str,
    fingerprint: &[u8],
    label: &str,
    source: &str,
) -> Result<WarninglistValue, StoreError> {
    diesel::sql_query(
        "INSERT INTO warninglist_values (id, kind, fingerprint, label, source) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (kind, fingerprint) DO UPDATE SET removed_at = NULL, label = excluded.label, \
             source = excluded.source WHERE excluded.source <> 'default'",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<Text, _>(kind)
    .bind::<diesel::sql_types::Bytea, _>(fingerprint)
    .bind::<Text, _>(label)
    .bind::<Text, _>(source)
    .execute(conn)
    .await?;
    Ok(warninglist_values::table
        .filter(warninglist_values::kind.eq(kind))
        .filter(warninglist_values::fingerprint.eq(fingerprint))
        .select(WarninglistValue::as_select())
        .first(conn)
        .await?)
}

/// Adds a CIDR range, or brings a removed one back (as for values); PostgreSQL checks the
/// syntax.
pub async fn add_range(
    conn: &mut AsyncPgConnection,
    range: &str,
    label: &str,
    source: &str,
) -> Result<WarninglistRange, StoreError> {
    Ok(diesel::sql_query(
        "WITH added AS ( \
             INSERT INTO warninglist_ranges (id, range, label, source) VALUES ($1, $2::cidr, $3, $4) \
             ON CONFLICT (range) DO UPDATE SET removed_at = NULL, label = excluded.label, \
                 source = excluded.source WHERE excluded.source <> 'default' RETURNING * \
         ) \
         SELECT id, range::text AS range, label, source, created_at, removed_at FROM added \
         UNION ALL \
         SELECT id, range::text, label, source, created_at, removed_at FROM warninglist_ranges \
         WHERE range = $2::cidr AND NOT EXISTS (SELECT 1 FROM added)",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<Text, _>(range)
    .bind::<Text, _>(label)
    .bind::<Text, _>(source)
    .get_result(conn)
    .await?)
}

pub async fn list_values(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<WarninglistValue>, StoreError> {
    Ok(warninglist_values::table
        .filter(warninglist_values::removed_at.is_null())
        .select(WarninglistValue::as_select())
        .order((
            warninglist_values::kind.asc(),
            warninglist_values::label.asc(),
        ))
        .load(conn)
        .await?)
}

pub async fn list_ranges(
    conn: &mut AsyncPgConnection,
) -> Result<Vec<WarninglistRange>, StoreError> {
    Ok(diesel::sql_query(
        "SELECT id, range::text AS range, label, source, created_at, removed_at \
         FROM warninglist_ranges WHERE removed_at IS NULL ORDER BY range",
    )
    .load(conn)
    .await?)
}

/// Removes a value or range by id; `NotFound` when neither has it.
pub async fn remove(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(), StoreError> {
    let values = diesel::sql_query(
        "UPDATE warninglist_values SET removed_at = coalesce(removed_at, now()) WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .execute(conn)
    .await?;
    let ranges = diesel::sql_query(
        "UPDATE warninglist_ranges SET removed_at = coalesce(removed_at, now()) WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id)
    .execute(conn)
    .await?;
    if values + ranges == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
