//! The consortium as the flows use it: fingerprinting a request's identifiers under the
//! consortium key, asking the store which members reported them, and weighing the answer.

use chrono::Utc;
use sekisho_domain::identifiers::{
    ConsortiumKey, IdentifierKind, NormalizedIdentifier, ParsedIdentifiers, RawIdentifiers,
    parse_single, warninglist_defaults,
};
use sekisho_scoring::consortium::{
    ContributorRecord, KindMatch, MatchPolicy, Reporter, summarise_reporters,
};
use sekisho_store::consortium::{self as store, Candidate};
use sekisho_store::{Pool, StoreError, tenancy, warninglist};
use uuid::Uuid;

use crate::consortium_filter::ConsortiumFilter;
use crate::{FieldError, ServiceError};

/// Parses a request's identifiers, reporting every bad field at once (422).
pub fn parse(raw: &RawIdentifiers) -> Result<ParsedIdentifiers, ServiceError> {
    raw.parse().map_err(|errors| {
        ServiceError::Validation(
            errors
                .into_iter()
                .map(|error| FieldError {
                    field: error.field,
                    message: error.message,
                })
                .collect(),
        )
    })
}

/// The identifier as the store looks it up: fingerprinted, with the network for IP kinds.
pub fn candidate(key: &ConsortiumKey, identifier: &NormalizedIdentifier) -> Candidate {
    Candidate {
        kind: identifier.kind().as_str().to_owned(),
        fingerprint: identifier.fingerprint(key).as_bytes().to_vec(),
        network: network(identifier),
    }
}

/// The network of an IP kind, in text form, for the warninglisted ranges.
pub fn network(identifier: &NormalizedIdentifier) -> Option<String> {
    matches!(
        identifier.kind(),
        IdentifierKind::Ip | IdentifierKind::IpPrefix
    )
    .then(|| identifier.value().to_owned())
}

pub fn candidates(key: &ConsortiumKey, parsed: &ParsedIdentifiers) -> Vec<Candidate> {
    parsed
        .to_identifiers()
        .iter()
        .map(|identifier| candidate(key, identifier))
        .collect()
}

/// What a lookup asks the store: like [`candidates`], with an address's delivery-point probes
/// and its building (see `AddressKeys`).
pub fn probes(key: &ConsortiumKey, parsed: &ParsedIdentifiers) -> Vec<Candidate> {
    parsed
        .to_probes()
        .iter()
        .map(|identifier| candidate(key, identifier))
        .collect()
}

/// The consortium's matches for `candidates`, as `tenant_id` may see them.
pub async fn lookup<C: sekisho_store::Db>(
    conn: &mut C,
    filter: &ConsortiumFilter,
    policy: &MatchPolicy,
    tenant_id: Uuid,
    consumes: bool,
    candidates: &[Candidate],
) -> Result<Vec<KindMatch>, ServiceError> {
    // The clean majority: certainly not reported, no database read; otherwise SQL confirms
    // only the identifiers that may be reported (an order's common name, not its ten keys).
    let fingerprints: Vec<&[u8]> = candidates
        .iter()
        .map(|c| c.fingerprint.as_slice())
        .collect();
    let maybe = filter.which_may_contain(&fingerprints);
    let rows = if maybe.contains(&true) {
        let possible: Vec<Candidate> = candidates
            .iter()
            .zip(&maybe)
            .filter(|(_, maybe)| **maybe)
            .map(|(candidate, _)| candidate.clone())
            .collect();
        store::lookup(conn, tenant_id, consumes, &possible).await?
    } else {
        Vec::new()
    };
    Ok(summarise_reporters(
        &reporters(rows),
        tenant_id,
        Utc::now(),
        policy,
    ))
}

/// The store's rows as the scoring core weighs them.
fn reporters(rows: Vec<store::MatchRow>) -> Vec<Reporter<Uuid>> {
    rows.into_iter()
        .filter_map(|row| {
            Some(Reporter {
                kind: IdentifierKind::parse(&row.kind).ok()?,
                tenant: row.tenant_id,
                categories: row.categories,
                first_reported_at: row.first_reported_at,
                last_reported_at: row.last_reported_at,
                record: ContributorRecord {
                    reports: row.reports,
                    retractions: row.retractions,
                    disputes_upheld: row.disputes_upheld,
                },
            })
        })
        .collect()
}

/// A test-mode lookup (docs/TESTING.md): the tenant's own test reports only — never the
/// consortium, never the filter — plus the matches the test values in `forced` stand for.
pub async fn lookup_test<C: sekisho_store::Db>(
    conn: &mut C,
    policy: &MatchPolicy,
    tenant_id: Uuid,
    candidates: &[Candidate],
    forced: &[IdentifierKind],
) -> Result<Vec<KindMatch>, ServiceError> {
    let rows = sekisho_store::test_entries::lookup(conn, tenant_id, candidates).await?;
    let mut found = reporters(rows);
    found.extend(
        crate::test_mode::consortium_sightings(forced)
            .iter()
            .map(Reporter::from),
    );
    Ok(summarise_reporters(&found, tenant_id, Utc::now(), policy))
}

/// Inserts the shipped warninglist (test cards, big mail providers, private and shared ranges)
/// unless present; entries an admin removed stay removed.
pub async fn seed_warninglist(pool: &Pool, key: &ConsortiumKey) -> Result<(), StoreError> {
    let mut conn = sekisho_store::pool::get(pool).await?;
    tenancy::in_platform::<_, StoreError, _, _>(&mut conn, async |conn| {
        for entry in warninglist_defaults::VALUES {
            let Ok(identifier) = parse_single(entry.kind, entry.value) else {
                continue;
            };
            let fingerprint = identifier.fingerprint(key);
            warninglist::add_value(
                conn,
                entry.kind.as_str(),
                fingerprint.as_bytes(),
                entry.label,
                warninglist::DEFAULT_SOURCE,
            )
            .await?;
        }
        for entry in warninglist_defaults::RANGES {
            warninglist::add_range(conn, entry.range, entry.label, warninglist::DEFAULT_SOURCE)
                .await?;
        }
        Ok(())
    })
    .await
}
