//! The shared side of fraud reports: one fingerprint per (report, identifier), the contributors'
//! records, and the lookup that every member runs.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Bytea, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::consortium_entries;

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = consortium_entries)]
pub struct NewEntry {
    pub fingerprint: Vec<u8>,
    pub kind: String,
    pub tenant_id: Uuid,
    pub report_id: Uuid,
    pub category: String,
    pub reported_at: DateTime<Utc>,
    pub shared: bool,
}

/// One identifier to look up: its kind, fingerprint and, for IPs and IP prefixes, the network
/// in text form so that warninglisted ranges can be excluded in the same query.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub kind: String,
    pub fingerprint: Vec<u8>,
    pub network: Option<String>,
}

/// One reporting tenant behind a match (`consortium_summaries`: its reports of the identifier
/// summarised), with what trust in the tenant is derived from.
#[derive(Debug, Clone, QueryableByName)]
pub struct MatchRow {
    #[diesel(sql_type = Text)]
    pub kind: String,
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = Array<Text>)]
    pub categories: Vec<String>,
    #[diesel(sql_type = Timestamptz)]
    pub first_reported_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub last_reported_at: DateTime<Utc>,
    #[diesel(sql_type = Int8)]
    pub reports: i64,
    #[diesel(sql_type = Int8)]
    pub retractions: i64,
    #[diesel(sql_type = Int8)]
    pub disputes_upheld: i64,
}

pub async fn insert_entries(
    conn: &mut AsyncPgConnection,
    entries: &[NewEntry],
) -> Result<usize, StoreError> {
    if entries.is_empty() {
        return Ok(0);
    }
    Ok(diesel::insert_into(consortium_entries::table)
        .values(entries)
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
        consortium_entries::table
            .filter(consortium_entries::tenant_id.eq(tenant_id))
            .filter(consortium_entries::report_id.eq(report_id)),
    )
    .execute(conn)
    .await?)
}

/// Shares, or stops sharing, every entry the tenant contributed.
pub async fn set_shared(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    shared: bool,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        consortium_entries::table.filter(consortium_entries::tenant_id.eq(tenant_id)),
    )
    .set(consortium_entries::shared.eq(shared))
    .execute(conn)
    .await?)
}

/// Every reporting tenant behind the candidates that `tenant_id` may see: its own entries, and
/// other members' shared ones when it consumes the consortium. Warninglisted values and ranges
/// never match. One round trip, reading one summary per (identifier, reporter) however many
/// reports there are (a common mail domain carries thousands).
pub async fn lookup<C: crate::Db>(
    conn: &mut C,
    tenant_id: Uuid,
    consumes: bool,
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
    let networks: Vec<Option<&str>> = candidates.iter().map(|c| c.network.as_deref()).collect();
    Ok(crate::prepared::sql(concat!(
        "WITH candidates AS ( \
             SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[]) AS c(kind, fingerprint, network) \
         ) \
         SELECT c.kind, s.tenant_id, s.categories, s.first_reported_at, s.last_reported_at, \
                coalesce(r.reports, 0) AS reports, coalesce(r.retractions, 0) AS retractions, \
                coalesce(r.disputes_upheld, 0) AS disputes_upheld \
         FROM candidates c \
         JOIN consortium_summaries s ON s.fingerprint = c.fingerprint AND s.kind = c.kind \
         LEFT JOIN contributor_records r ON r.tenant_id = s.tenant_id \
         WHERE (s.tenant_id = $4 OR ($5 AND s.shared)) \
           AND",
        crate::warninglist::not_warninglisted!()
    ))
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .bind::<Array<Nullable<Text>>, _>(networks)
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Bool, _>(consumes)
    .load(conn)
    .await?)
}

/// Counts a contributor's new reports (or retractions) for its trust.
pub async fn record_contribution(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    reports: i64,
    retractions: i64,
) -> Result<(), StoreError> {
    diesel::sql_query(
        "INSERT INTO contributor_records (tenant_id, reports, retractions) VALUES ($1, $2, $3) \
         ON CONFLICT (tenant_id) DO UPDATE SET reports = contributor_records.reports + $2, \
         retractions = contributor_records.retractions + $3, updated_at = now()",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Int8, _>(reports)
    .bind::<Int8, _>(retractions)
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes every entry of the given identifiers (an upheld dispute) and counts the dispute
/// against each contributor once; returns how many entries went. Needs the platform scope.
pub async fn remove_identifiers(
    conn: &mut AsyncPgConnection,
    kinds: &[String],
    fingerprints: &[Vec<u8>],
) -> Result<usize, StoreError> {
    #[derive(QueryableByName)]
    struct Removed {
        #[diesel(sql_type = Int8)]
        removed: i64,
    }
    let removed: Removed = diesel::sql_query(
        "WITH gone AS ( \
             DELETE FROM consortium_entries e \
             USING unnest($1::text[], $2::bytea[]) AS d(kind, fingerprint) \
             WHERE e.kind = d.kind AND e.fingerprint = d.fingerprint \
             RETURNING e.tenant_id \
         ), counted AS ( \
             INSERT INTO contributor_records (tenant_id, disputes_upheld) \
             SELECT DISTINCT tenant_id, 1 FROM gone \
             ON CONFLICT (tenant_id) DO UPDATE \
             SET disputes_upheld = contributor_records.disputes_upheld + 1, updated_at = now() \
         ) \
         SELECT count(*) AS removed FROM gone",
    )
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .get_result(conn)
    .await?;
    Ok(usize::try_from(removed.removed).unwrap_or_default())
}
