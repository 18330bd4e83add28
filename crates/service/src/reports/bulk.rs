//! The bulk variant of filing (`filing::file`), for `sekisho import reports`: a batch of a
//! tenant's reports, already checked and fingerprinted, written in one tenant transaction with
//! what filing one report does — its consortium entries (shared when the tenant contributes),
//! the contribution count, and the `order.consortium_match` webhooks to members who recently
//! accepted an order with one of its identifiers. The consortium summaries and the change feed
//! follow from the entries' triggers, as for filed reports.
//!
//! Rows go as one array per column (three statements per batch), which keeps the importer's
//! throughput. What differs from filing one report: the audit log gets one entry per import
//! ([`audit_import`]) rather than one per report, and this process's consortium filter is not
//! told (the importer serves no lookups; servers hear of the entries at commit).

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::report_import::{self as store, EntryColumns, ReportColumns};
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, StoreError, tenancy};
use uuid::Uuid;

use crate::ServiceError;
use crate::webhook_events::{self, events};

/// One checked report; its identifiers are in [`BulkEntry`]s that name it.
#[derive(Debug)]
pub struct BulkReport {
    /// A UUIDv7, so that one import's reports sit together in the primary-key index.
    pub id: Uuid,
    pub category: &'static str,
    pub amount_minor: i64,
    pub currency: String,
    pub occurred_at: DateTime<Utc>,
    pub order_id: Option<String>,
    /// Derived from the line's content, so that a re-run (or a duplicate line) files nothing.
    pub idempotency_key: String,
    /// `MaskedIdentifiers` as JSON text.
    pub summary: String,
}

/// One fingerprinted identifier of a report.
#[derive(Debug)]
pub struct BulkEntry {
    pub report_id: Uuid,
    pub kind: &'static str,
    pub fingerprint: [u8; 32],
    /// For IP kinds, the network (warninglisted ranges never match a recent order).
    pub network: Option<String>,
}

/// What one batch filed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct BulkFiled {
    /// Reports inserted (the others were there already).
    pub reports: u64,
    /// Consortium entries added.
    pub entries: u64,
    /// `order.consortium_match` events queued for other members.
    pub matches: u64,
}

/// Refuses an import for a tenant that does not exist, before anything is read.
pub async fn check_tenant(pool: &Pool, tenant_id: Uuid) -> Result<(), ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        Tenant::find(conn, tenant_id)
            .await
            .map_err(tenant_not_found)?;
        Ok(())
    })
    .await
}

fn tenant_not_found(error: StoreError) -> ServiceError {
    match error {
        StoreError::NotFound => ServiceError::NotFound("tenant"),
        other => other.into(),
    }
}

/// Files one batch in its own tenant transaction.
pub async fn file_batch(
    pool: &Pool,
    tenant_id: Uuid,
    reports: Vec<BulkReport>,
    entries: Vec<BulkEntry>,
) -> Result<BulkFiled, ServiceError> {
    if reports.is_empty() {
        return Ok(BulkFiled::default());
    }
    let categories: HashMap<Uuid, &'static str> =
        reports.iter().map(|r| (r.id, r.category)).collect();
    let mut columns = ReportColumns::default();
    for report in reports {
        columns.ids.push(report.id);
        columns.categories.push(report.category.to_owned());
        columns.amounts_minor.push(report.amount_minor);
        columns.currencies.push(report.currency);
        columns.occurred_at.push(report.occurred_at);
        columns.order_ids.push(report.order_id);
        columns.idempotency_keys.push(report.idempotency_key);
        columns.summaries.push(report.summary);
    }
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let tenant = Tenant::find(conn, tenant_id)
            .await
            .map_err(tenant_not_found)?;
        let inserted = store::insert_reports(conn, tenant_id, columns).await?;
        if inserted.is_empty() {
            return Ok(BulkFiled::default());
        }
        let reported: HashMap<Uuid, DateTime<Utc>> =
            inserted.iter().map(|r| (r.id, r.reported_at)).collect();
        let mut new_entries = EntryColumns::default();
        let mut networks = Vec::new();
        for entry in entries {
            let Some(reported_at) = reported.get(&entry.report_id) else {
                continue;
            };
            new_entries.report_ids.push(entry.report_id);
            new_entries.kinds.push(entry.kind.to_owned());
            new_entries.fingerprints.push(entry.fingerprint.to_vec());
            new_entries.categories.push(
                categories
                    .get(&entry.report_id)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
            );
            new_entries.reported_at.push(*reported_at);
            networks.push(entry.network);
        }
        let report_ids = new_entries.report_ids.clone();
        let kinds = new_entries.kinds.clone();
        let fingerprints = new_entries.fingerprints.clone();
        let added = store::insert_entries(conn, tenant_id, tenant.contributes, new_entries).await?;
        let matches = if tenant.contributes {
            let found = Found {
                tenant_id,
                report_ids: &report_ids,
                kinds: &kinds,
                fingerprints: &fingerprints,
                networks: &networks,
                categories: &categories,
                reported: &reported,
            };
            notify_recent_matches(conn, found).await?
        } else {
            0
        };
        // Last, as in `filing`: the tenant's contributor row stays locked until the commit.
        let count = i64::try_from(inserted.len()).unwrap_or(i64::MAX);
        sekisho_store::consortium::record_contribution(conn, tenant_id, count, 0).await?;
        Ok(BulkFiled {
            reports: inserted.len() as u64,
            entries: added as u64,
            matches,
        })
    })
    .await
}

/// The inserted entries and what the webhooks say about their reports.
struct Found<'a> {
    tenant_id: Uuid,
    report_ids: &'a [Uuid],
    kinds: &'a [String],
    fingerprints: &'a [Vec<u8>],
    networks: &'a [Option<String>],
    categories: &'a HashMap<Uuid, &'static str>,
    reported: &'a HashMap<Uuid, DateTime<Utc>>,
}

/// As `filing`'s: last in the batch's transaction, in a platform scope of its own, and sent
/// only if the batch commits. One event per (report, order), with the report's category.
async fn notify_recent_matches(
    conn: &mut diesel_async::AsyncPgConnection,
    found: Found<'_>,
) -> Result<u64, ServiceError> {
    tenancy::platform_within::<_, ServiceError, _>(conn, async |conn| {
        let since = Utc::now() - Duration::days(30);
        let matches = store::recent_accepted_matches(
            conn,
            found.report_ids,
            found.kinds,
            found.fingerprints,
            found.networks,
            since,
            found.tenant_id,
        )
        .await?;
        for matched in &matches {
            let payload = serde_json::json!({
                "order_id": matched.order_id,
                "merchant_order_id": matched.merchant_order_id,
                "matched_kinds": matched.kinds,
                "category": found.categories.get(&matched.report_id).copied().unwrap_or_default(),
                "reported_at": found.reported.get(&matched.report_id),
            });
            webhook_events::enqueue(
                conn,
                matched.tenant_id,
                events::ORDER_CONSORTIUM_MATCH,
                payload,
            )
            .await?;
        }
        Ok(matches.len() as u64)
    })
    .await
}

/// The import's one audit entry, after its last batch: counts, never identifiers.
pub async fn audit_import(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    target: &str,
    details: serde_json::Value,
) -> Result<(), ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor,
                action: "import.reports",
                target: Some(target),
                details,
            },
        )
        .await?;
        Ok(())
    })
    .await
}
