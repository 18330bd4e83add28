//! Filing fraud reports: a tenant contributes confirmed fraud (chargebacks, unpaid deferred payments,
//! resale, card testing, account takeover). Each identifier is fingerprinted into the consortium;
//! the report keeps only a masked summary. Acknowledged only once committed.

use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncPgConnection;
use sekisho_domain::Money;
use sekisho_domain::identifiers::{
    ConsortiumKey, MaskedIdentifiers, ParsedIdentifiers, RawIdentifiers,
};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::consortium::{self as store, Candidate, NewEntry};
use sekisho_store::fraud_reports::{FraudReport, NewFraudReport};
use sekisho_store::tenants::Tenant;
use sekisho_store::{Pool, StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::consortium;
use crate::consortium_filter::ConsortiumFilter;
use crate::idempotency::{self, Answer, RetryKey};
use crate::{FieldError, FieldErrors, ServiceError};

pub use sekisho_domain::FraudCategory;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFraudReport {
    pub category: FraudCategory,
    /// The amount lost, in the currency's usual notation (`12800` yen, `49.99` dollars).
    #[schema(value_type = f64, example = 12800)]
    pub amount: serde_json::Number,
    /// ISO 4217 code.
    #[schema(example = "JPY")]
    pub currency: String,
    pub occurred_at: DateTime<Utc>,
    /// The merchant's order id, if the fraud concerned one.
    pub order_id: Option<String>,
    /// At least one identifier of the fraudster.
    pub identifiers: RawIdentifiers,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FraudReportView {
    pub id: Uuid,
    pub category: String,
    /// The amount in the currency's minor unit (yen, cents).
    pub amount_minor: i64,
    pub currency: String,
    pub occurred_at: DateTime<Utc>,
    pub order_id: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub retracted_at: Option<DateTime<Utc>>,
    /// `api`, `import` or `outcome`.
    pub source: String,
    /// The reported identifiers, masked.
    #[schema(value_type = MaskedIdentifiers)]
    pub identifiers: serde_json::Value,
    /// `false` for a test key's report: kept out of the consortium, seen only by the
    /// tenant's own test lookups (docs/TESTING.md).
    pub livemode: bool,
}

impl From<FraudReport> for FraudReportView {
    fn from(report: FraudReport) -> Self {
        Self {
            id: report.id,
            category: report.category.as_str().to_owned(),
            amount_minor: report.amount_minor,
            currency: report.currency,
            occurred_at: report.occurred_at,
            order_id: report.order_id,
            reported_at: report.reported_at,
            retracted_at: report.retracted_at,
            source: report.source,
            identifiers: report.summary,
            livemode: report.livemode,
        }
    }
}

const MAX_ORDER_ID_CHARS: usize = 200;

/// Checks every field (all problems at once) and prepares the rows to write.
pub fn prepare(
    body: &CreateFraudReport,
    tenant_id: Uuid,
    created_by: String,
    idempotency_key: Option<String>,
) -> Result<(NewFraudReport, ParsedIdentifiers), ServiceError> {
    let mut fields = FieldErrors::default();
    let money = Money::parse(&body.amount.to_string(), &body.currency)
        .map_err(|error| {
            fields.add(FieldError {
                field: "amount".into(),
                message: error.0,
            })
        })
        .ok();
    if body.occurred_at > Utc::now() + Duration::days(1) {
        fields.add(FieldError {
            field: "occurred_at".into(),
            message: "must not be in the future".into(),
        });
    }
    let order_id = body
        .order_id
        .as_deref()
        .map(str::trim)
        .filter(|id| !id.is_empty());
    if order_id.is_some_and(|id| id.chars().count() > MAX_ORDER_ID_CHARS) {
        fields.add(FieldError {
            field: "order_id".into(),
            message: format!("must have at most {MAX_ORDER_ID_CHARS} characters"),
        });
    }
    let parsed = match consortium::parse(&body.identifiers) {
        Ok(parsed) if parsed.to_identifiers().is_empty() => {
            fields.add(FieldError {
                field: "identifiers".into(),
                message: "give at least one identifier".into(),
            });
            None
        }
        Ok(parsed) => Some(parsed),
        Err(ServiceError::Validation(refused)) => {
            fields.extend(refused);
            None
        }
        Err(other) => return Err(other),
    };
    let (Some(money), Some(parsed), true) = (money, parsed, fields.is_empty()) else {
        return Err(fields.into_error());
    };
    let summary = serde_json::to_value(parsed.masked())
        .map_err(|_| ServiceError::Internal("a report's summary did not serialise"))?;
    let report = NewFraudReport {
        tenant_id,
        id: Uuid::now_v7(),
        category: body.category.as_str().to_owned(),
        amount_minor: money.minor,
        currency: money.code(),
        occurred_at: body.occurred_at,
        order_id: order_id.map(str::to_owned),
        created_by,
        source: "api".to_owned(),
        idempotency_key,
        summary,
        livemode: true,
    };
    Ok((report, parsed))
}

/// Writes a report and its consortium entries inside the caller's tenant transaction; with an
/// idempotency key seen before, returns the first report and `true` instead.
pub async fn file(
    conn: &mut AsyncPgConnection,
    filter: &ConsortiumFilter,
    new_report: &NewFraudReport,
    candidates: Vec<Candidate>,
) -> Result<(FraudReport, bool), ServiceError> {
    let tenant_id = new_report.tenant_id;
    let Some(report) = FraudReport::insert(conn, new_report).await? else {
        let first_key = new_report.idempotency_key.as_deref().unwrap_or_default();
        let first = FraudReport::find_by_idempotency_key(conn, tenant_id, first_key).await?;
        return Ok((first, true));
    };
    let tenant = Tenant::find(conn, tenant_id).await?;
    let shared = tenant.contributes && report.livemode;
    let networks: Vec<Option<String>> = candidates.iter().map(|c| c.network.clone()).collect();
    let entries: Vec<NewEntry> = candidates
        .into_iter()
        .map(|candidate| NewEntry {
            fingerprint: candidate.fingerprint,
            kind: candidate.kind,
            tenant_id,
            report_id: report.id,
            category: report.category.as_str().to_owned(),
            reported_at: report.reported_at,
            shared,
        })
        .collect();
    if !report.livemode {
        // A test report never reaches the consortium, its filter or its change feed; only
        // the tenant's own test lookups read it (docs/TESTING.md).
        sekisho_store::test_entries::insert(conn, &entries).await?;
        audit_report(conn, &report, &report.created_by, "fraud_report.file").await?;
        return Ok((report, false));
    }
    // Filed in memory before the commit, so that this process's next lookup sees them (other
    // processes hear of them at commit; a rollback only leaves a "maybe" for SQL to settle).
    filter.add(entries.iter().map(|entry| entry.fingerprint.as_slice()));
    store::insert_entries(conn, &entries).await?;
    // Every filing path (the API, a chargeback, a review's reject) comes through here.
    audit_report(conn, &report, &report.created_by, "fraud_report.file").await?;
    if tenant.contributes {
        notify_recent_matches(conn, &report, &entries, &networks).await?;
    }
    // Last: the tenant's one contributor row stays locked from here to the commit, and every
    // other report of the tenant waits for it (first, it was held through the matching above:
    // reports of one tenant went one at a time, docs/BENCHMARKS.md).
    store::record_contribution(conn, tenant_id, 1, 0).await?;
    Ok((report, false))
}

/// Puts a consortium contribution (or its retraction) in the audit log: the category, source and
/// amount, never the identifiers.
pub async fn audit_report(
    conn: &mut AsyncPgConnection,
    report: &FraudReport,
    actor: &str,
    action: &str,
) -> Result<(), ServiceError> {
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(report.tenant_id),
            actor,
            action,
            target: Some(&report.id.to_string()),
            details: serde_json::json!({
                "category": report.category, "source": report.source,
                "order_id": report.order_id,
            }),
        },
    )
    .await?;
    Ok(())
}

/// Tells other members, through the `order.consortium_match` webhook, that an order they
/// accepted in the last 30 days shares identifiers with this new report. Last in the report's
/// transaction: it opens the platform scope to find other tenants' orders, and the events go out
/// only if the report commits.
async fn notify_recent_matches(
    conn: &mut AsyncPgConnection,
    report: &FraudReport,
    entries: &[NewEntry],
    networks: &[Option<String>],
) -> Result<(), ServiceError> {
    let kinds: Vec<String> = entries.iter().map(|e| e.kind.clone()).collect();
    let fingerprints: Vec<Vec<u8>> = entries.iter().map(|e| e.fingerprint.clone()).collect();
    // Other members' orders and webhook queues are theirs: the platform scope opens for this
    // step only and closes before the report's transaction goes on.
    tenancy::platform_within::<_, ServiceError, _>(conn, async |conn| {
        let since = Utc::now() - Duration::days(30);
        let report_ids = vec![report.id; entries.len()];
        let matches = sekisho_store::report_import::recent_accepted_matches(
            conn,
            &report_ids,
            &kinds,
            &fingerprints,
            networks,
            since,
            report.tenant_id,
        )
        .await?;
        for found in matches {
            let payload = serde_json::json!({
                "order_id": found.order_id,
                "merchant_order_id": found.merchant_order_id,
                "matched_kinds": found.kinds,
                "category": report.category,
                "reported_at": report.reported_at,
            });
            crate::webhook_events::enqueue(
                conn,
                found.tenant_id,
                crate::webhook_events::events::ORDER_CONSORTIUM_MATCH,
                payload,
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Files a fraud report from the API: checked, fingerprinted under the consortium key and
/// written with its consortium entries in one tenant transaction; the answer
/// (`FraudReportView`, 201) is stored under the caller's Idempotency-Key in it.
#[allow(clippy::too_many_arguments)]
pub async fn file_report(
    pool: &Pool,
    key: &ConsortiumKey,
    filter: &ConsortiumFilter,
    tenant_id: Uuid,
    actor: String,
    body: &CreateFraudReport,
    retry: Option<&RetryKey>,
    livemode: bool,
) -> Result<Answer<FraudReportView>, ServiceError> {
    // The Idempotency-Key is claimed in `idempotency_keys`; the report's own key column stays
    // for the keys Sekisho derives itself (outcomes, the importer).
    let (mut new_report, parsed) = prepare(body, tenant_id, actor, None)?;
    new_report.livemode = livemode;
    let candidates = consortium::candidates(key, &parsed);
    let answer = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        if let Some(replay) = idempotency::claim(conn, tenant_id, retry).await? {
            return Ok(Answer::Replayed(replay));
        }
        let (report, _) = file(conn, filter, &new_report, candidates).await?;
        let outcome = FraudReportView::from(report);
        let reply = idempotency::respond(conn, tenant_id, retry, 201, &outcome).await?;
        Ok(Answer::Done { reply, outcome })
    })
    .await?;
    match &answer {
        Answer::Done { outcome, .. } => {
            tracing::info!(tenant.id = %tenant_id, report.id = %outcome.id, "fraud report")
        }
        Answer::Replayed(_) => tracing::info!(tenant.id = %tenant_id, "fraud report replayed"),
    }
    Ok(answer)
}

fn report_not_found(error: StoreError) -> ServiceError {
    match error {
        StoreError::NotFound => ServiceError::NotFound("fraud report"),
        other => other.into(),
    }
}

/// Retracts one of the tenant's reports: its fingerprints leave the consortium at once.
/// Retracting twice is harmless; another tenant's report is not found.
pub async fn retract_report(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    id: Uuid,
    // An API key retracts only reports of its own mode: a test key never touches live data.
    mode: Option<bool>,
) -> Result<FraudReportView, ServiceError> {
    let report = tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let before = FraudReport::find(conn, tenant_id, id)
            .await
            .map_err(report_not_found)?;
        if mode.is_some_and(|livemode| livemode != before.livemode) {
            return Err(ServiceError::NotFound("fraud report"));
        }
        let report = FraudReport::retract(conn, tenant_id, id)
            .await
            .map_err(report_not_found)?;
        if before.retracted_at.is_none() && !before.livemode {
            sekisho_store::test_entries::delete_for_report(conn, tenant_id, id).await?;
            audit_report(conn, &report, actor, "fraud_report.retract").await?;
        } else if before.retracted_at.is_none() {
            store::delete_for_report(conn, tenant_id, id).await?;
            store::record_contribution(conn, tenant_id, 0, 1).await?;
            audit_report(conn, &report, actor, "fraud_report.retract").await?;
        }
        Ok(report)
    })
    .await?;
    Ok(FraudReportView::from(report))
}
