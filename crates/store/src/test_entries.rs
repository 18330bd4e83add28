//! A test-mode report's fingerprints (docs/TESTING.md): kept in `test_consortium_entries`,
//! apart from the consortium, and read only by the reporting tenant's own test lookups. The
//! consortium filter, the `consortium_changes` feed and every live lookup read
//! `consortium_entries` alone, so a test report can never reach them.

use diesel::prelude::*;
use diesel::sql_types::{Array, Bytea, Text, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::consortium::{Candidate, MatchRow, NewEntry};
use crate::schema::test_consortium_entries;

#[derive(Debug, Insertable)]
#[diesel(table_name = test_consortium_entries)]
struct NewTestEntry<'a> {
    tenant_id: Uuid,
    fingerprint: &'a [u8],
    kind: &'a str,
    report_id: Uuid,
    category: &'a str,
    reported_at: chrono::DateTime<chrono::Utc>,
}

/// Stores a test report's entries (their `shared` flag is ignored: nothing here is shared).
pub async fn insert(
    conn: &mut AsyncPgConnection,
    entries: &[NewEntry],
) -> Result<usize, StoreError> {
    if entries.is_empty() {
        return Ok(0);
    }
    let rows: Vec<NewTestEntry<'_>> = entries
        .iter()
        .map(|entry| NewTestEntry {
            tenant_id: entry.tenant_id,
            fingerprint: &entry.fingerprint,
            kind: &entry.kind,
            report_id: entry.report_id,
            category: &entry.category,
            reported_at: entry.reported_at,
        })
        .collect();
    Ok(diesel::insert_into(test_consortium_entries::table)
        .values(&rows)
        .on_conflict_do_nothing()
        .execute(conn)
        .await?)
}

pub async fn delete_for_report(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    report_id: Uuid,
) -> Result<usize, StoreError> {
    Ok(diesel::delete(
        test_consortium_entries::table
            .filter(test_consortium_entries::tenant_id.eq(tenant_id))
            .filter(test_consortium_entries::report_id.eq(report_id)),
    )
    .execute(conn)
    .await?)
}

/// The tenant's own test reports of `candidates`, shaped like a consortium lookup's rows (the
/// tenant's trust record does not apply: a test report counts as from a clean record).
pub async fn lookup<C: crate::Db>(
    conn: &mut C,
    tenant_id: Uuid,
    candidates: &[Candidate],
) -> Result<Vec<MatchRow>, StoreError> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let kinds: Vec<&str> = candidates.iter().map(|c| c.kind.as_str()).collect();
    let fingerprints: Vec<&[u8]> = candidates
        .iter()
        .map(|c| c.fingerprint.as_slice())
        .collect();
    Ok(crate::prepared::sql(
        "SELECT c.kind, e.tenant_id, array_agg(DISTINCT e.category ORDER BY e.category) \
                  AS categories, \
                min(e.reported_at) AS first_reported_at, max(e.reported_at) AS last_reported_at, \
                0::bigint AS reports, 0::bigint AS retractions, 0::bigint AS disputes_upheld \
         FROM unnest($1::text[], $2::bytea[]) AS c(kind, fingerprint) \
         JOIN test_consortium_entries e \
           ON e.tenant_id = $3 AND e.fingerprint = c.fingerprint AND e.kind = c.kind \
         GROUP BY c.kind, e.tenant_id",
    )
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .bind::<SqlUuid, _>(tenant_id)
    .load(conn)
    .await?)
}
