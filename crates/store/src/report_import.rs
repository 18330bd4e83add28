//! Many fraud reports at once (the bulk variant of filing, `sekisho import reports`): reports and
//! their consortium entries passed as one array per column and unnested in SQL, so that a batch
//! of twenty thousand reports is three statements.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bytea, Int8, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;

/// The columns of a batch of reports, one vector per column, in the same order.
#[derive(Debug, Default)]
pub struct ReportColumns {
    pub ids: Vec<Uuid>,
    pub categories: Vec<String>,
    pub amounts_minor: Vec<i64>,
    pub currencies: Vec<String>,
    pub occurred_at: Vec<DateTime<Utc>>,
    pub order_ids: Vec<Option<String>>,
    pub idempotency_keys: Vec<String>,
    /// `MaskedIdentifiers` as JSON text.
    pub summaries: Vec<String>,
}

/// A report the batch inserted (one already there by its idempotency key is not).
#[derive(Debug, Clone, QueryableByName)]
pub struct Inserted {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Timestamptz)]
    pub reported_at: DateTime<Utc>,
}

/// Inserts the reports of one tenant, `created_by` and `source` `import`; a report whose
/// idempotency key is already there inserts nothing. Returns the inserted ones.
pub async fn insert_reports(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    reports: ReportColumns,
) -> Result<Vec<Inserted>, StoreError> {
    Ok(diesel::sql_query(
        "INSERT INTO fraud_reports (tenant_id, id, category, amount_minor, currency, occurred_at, \
             order_id, created_by, source, idempotency_key, summary) \
         SELECT $1, id, category, amount_minor, currency, occurred_at, order_id, 'import', \
             'import', idempotency_key, summary::jsonb \
         FROM unnest($2::uuid[], $3::text[], $4::int8[], $5::text[], $6::timestamptz[], \
             $7::text[], $8::text[], $9::text[]) \
             AS r (id, category, amount_minor, currency, occurred_at, order_id, idempotency_key, summary) \
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING \
         RETURNING id, reported_at",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<Array<SqlUuid>, _>(reports.ids)
    .bind::<Array<Text>, _>(reports.categories)
    .bind::<Array<Int8>, _>(reports.amounts_minor)
    .bind::<Array<Text>, _>(reports.currencies)
    .bind::<Array<Timestamptz>, _>(reports.occurred_at)
    .bind::<Array<Nullable<Text>>, _>(reports.order_ids)
    .bind::<Array<Text>, _>(reports.idempotency_keys)
    .bind::<Array<Text>, _>(reports.summaries)
    .load(conn)
    .await?)
}

/// The consortium entries of the inserted reports, one vector per column.
#[derive(Debug, Default)]
pub struct EntryColumns {
    pub report_ids: Vec<Uuid>,
    pub kinds: Vec<String>,
    pub fingerprints: Vec<Vec<u8>>,
    pub categories: Vec<String>,
    pub reported_at: Vec<DateTime<Utc>>,
}

/// Inserts the entries, in fingerprint order: the primary key starts with the fingerprint, so
/// sorted inserts walk its pages once instead of hitting random ones. Returns how many.
pub async fn insert_entries(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    shared: bool,
    entries: EntryColumns,
) -> Result<usize, StoreError> {
    if entries.report_ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::sql_query(
        "INSERT INTO consortium_entries (fingerprint, kind, tenant_id, report_id, category, \
             reported_at, shared) \
         SELECT fingerprint, kind, $1, report_id, category, reported_at, $2 \
         FROM unnest($3::uuid[], $4::text[], $5::bytea[], $6::text[], $7::timestamptz[]) \
             AS e (report_id, kind, fingerprint, category, reported_at) \
         ORDER BY fingerprint \
         ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(tenant_id)
    .bind::<diesel::sql_types::Bool, _>(shared)
    .bind::<Array<SqlUuid>, _>(entries.report_ids)
    .bind::<Array<Text>, _>(entries.kinds)
    .bind::<Array<Bytea>, _>(entries.fingerprints)
    .bind::<Array<Text>, _>(entries.categories)
    .bind::<Array<Timestamptz>, _>(entries.reported_at)
    .execute(conn)
    .await?)
}

/// Another member's order, accepted since `since`, that shares identifiers with one report.
#[derive(Debug, Clone, QueryableByName)]
pub struct ReportMatch {
    #[diesel(sql_type = SqlUuid)]
    pub report_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub tenant_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub order_id: Uuid,
    #[diesel(sql_type = Text)]
    pub merchant_order_id: String,
    #[diesel(sql_type = Array<Text>)]
    pub kinds: Vec<String>,
}

/// Per report, the other consuming members' live orders accepted since `since` that share one of
/// its identifiers, with the kinds that match; for telling merchants that a recent order now
/// matches the consortium (one filed report, or an imported batch). Needs the platform scope.
/// `networks` are the IP kinds' networks, as in a lookup: a warninglisted value or range matches
/// here no more than there, so a report naming a big mail provider does not flag every order
/// written from it. A customer name alone is no match either (a common name is shared by
/// thousands of customers); it is listed among the kinds when something else matches.
pub async fn recent_accepted_matches(
    conn: &mut AsyncPgConnection,
    report_ids: &[Uuid],
    kinds: &[String],
    fingerprints: &[Vec<u8>],
    networks: &[Option<String>],
    since: DateTime<Utc>,
    exclude_tenant: Uuid,
) -> Result<Vec<ReportMatch>, StoreError> {
    if report_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(diesel::sql_query(concat!(
        "WITH m AS ( \
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[], $6::text[]) \
                 AS c (report_id, kind, fingerprint, network) \
             WHERE",
        crate::warninglist::not_warninglisted!(),
        ") \
         SELECT found.report_id, o.tenant_id, o.id AS order_id, o.merchant_order_id, \
             array_agg(DISTINCT i.kind) AS kinds \
         FROM (SELECT DISTINCT m.report_id, i.tenant_id, i.order_id FROM m \
               JOIN order_identifiers i ON i.fingerprint = m.fingerprint AND i.kind = m.kind \
               WHERE m.kind <> 'name') found \
         JOIN orders o ON o.tenant_id = found.tenant_id AND o.id = found.order_id \
         JOIN tenants t ON t.id = o.tenant_id AND t.consumes \
         JOIN order_identifiers i ON i.tenant_id = found.tenant_id AND i.order_id = found.order_id \
         JOIN m ON m.report_id = found.report_id AND m.kind = i.kind AND m.fingerprint = i.fingerprint \
         WHERE o.status = 'accepted' AND o.livemode AND o.scored_at >= $4 AND o.tenant_id <> $5 \
         GROUP BY found.report_id, o.tenant_id, o.id, o.merchant_order_id",
    ))
    .bind::<Array<SqlUuid>, _>(report_ids)
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .bind::<Timestamptz, _>(since)
    .bind::<SqlUuid, _>(exclude_tenant)
    .bind::<Array<Nullable<Text>>, _>(networks)
    .load(conn)
    .await?)
}
