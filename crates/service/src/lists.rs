//! The tenant's own allow and block lists: adding and removing entries (each change audited,
//! with the masked display only) and reading them back. Blocked values reject an order; allowed
//! ones accept it (allow wins, as in Stripe Radar).
//!
//! Scoring matches an entry by its fingerprint; the value as the tenant entered it is kept too,
//! sealed with the customer-data key (the orders' AEAD) and bound to the entry, so that the
//! tenant's owners and reviewers see what they listed. Analysts and API keys see the masked
//! display. Nothing of a tenant's list reaches the consortium.

use chrono::{DateTime, Utc};
use sekisho_domain::Role;
use sekisho_domain::customer_data::{CustomerDataKey, ListEntryBinding};
use sekisho_domain::identifiers::{
    ConsortiumKey, IdentifierKind, NormalizedIdentifier, ParsedIdentifiers, RawIdentifiers,
    parse_single,
};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::lists::{ListEntry, NewListEntry};
use sekisho_store::{AsyncPgConnection, Pool, StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::orders::customer::Reader;
use crate::{FieldError, ServiceError};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ListName {
    Allow,
    Block,
}

sekisho_domain::vocabulary!(ListName);

/// Either one value of a kind (`{"kind": "email", "value": "…"}`) or structured identifiers
/// (`{"identifiers": {"address": {…}}}`, every identifier they give is listed).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntries {
    pub list: ListName,
    pub kind: Option<IdentifierKind>,
    pub value: Option<String>,
    pub identifiers: Option<RawIdentifiers>,
    /// Only these kinds of the structured identifiers.
    pub kinds: Option<Vec<IdentifierKind>>,
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListEntryView {
    pub id: Uuid,
    pub list: String,
    pub kind: String,
    /// Masked value.
    pub display: String,
    /// The value as it was entered (`kind` and `value`) or, for structured identifiers, as
    /// normalised: for the tenant's owners and reviewers only, and only for entries added while
    /// a customer-data key is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl ListEntryView {
    fn new(entry: ListEntry, value: Option<String>) -> Self {
        Self {
            id: entry.id,
            list: entry.list,
            kind: entry.kind,
            display: entry.display,
            value,
            note: entry.note,
            expires_at: entry.expires_at,
            created_by: entry.created_by,
            created_at: entry.created_at,
        }
    }
}

/// The audit action of a read that showed entered values.
pub const VIEWED: &str = "list_entry.viewed";

fn mask(value: &str) -> String {
    let shown: String = value.chars().take(3).collect();
    let tail: String = value
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if value.chars().count() <= 6 {
        format!("{shown}***")
    } else {
        format!("{shown}***{tail}")
    }
}

/// An address is listed as its delivery point; its building only on purpose: with
/// `"level": "building"` in the address, or `address_building` among `kinds`.
fn with_building_on_purpose(
    parsed: ParsedIdentifiers,
    kinds: &Option<Vec<IdentifierKind>>,
) -> Vec<NormalizedIdentifier> {
    let mut identifiers = parsed.to_identifiers();
    let asked = kinds
        .as_ref()
        .is_some_and(|kinds| kinds.contains(&IdentifierKind::AddressBuilding));
    let listed = identifiers
        .iter()
        .any(|id| id.kind() == IdentifierKind::AddressBuilding);
    if let Some(address) = parsed.address.as_ref().filter(|_| asked && !listed) {
        identifiers.push(address.building_identifier());
    }
    identifiers
}

/// The identifiers an `add` names, each with the text to keep as "entered".
fn identifiers(body: &NewEntries) -> Result<Vec<(NormalizedIdentifier, String)>, ServiceError> {
    let identifiers: Vec<(NormalizedIdentifier, String)> =
        match (&body.kind, &body.value, &body.identifiers) {
            (Some(kind), Some(value), None) => {
                let identifier = parse_single(*kind, value)
                    .map_err(|error| ServiceError::field("value", error.message))?;
                vec![(identifier, value.trim().to_owned())]
            }
            (None, None, Some(raw)) => {
                with_building_on_purpose(crate::consortium::parse(raw)?, &body.kinds)
                    .into_iter()
                    .filter(|id| {
                        body.kinds
                            .as_ref()
                            .is_none_or(|kinds| kinds.contains(&id.kind()))
                    })
                    .map(|id| {
                        let shown = id.value().to_owned();
                        (id, shown)
                    })
                    .collect()
            }
            _ => {
                return Err(ServiceError::Validation(vec![FieldError::new(
                    "value",
                    "give either kind and value, or identifiers",
                )]));
            }
        };
    if identifiers.is_empty() {
        return Err(ServiceError::field("identifiers", "no identifier to list"));
    }
    if body.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(ServiceError::field("expires_at", "must be in the future"));
    }
    Ok(identifiers)
}

/// The keys a list flow needs.
#[derive(Clone, Copy)]
pub struct Keys<'a> {
    pub consortium: &'a ConsortiumKey,
    /// `None`: no entered values are kept (nor shown).
    pub customer_data: Option<&'a CustomerDataKey>,
}

fn binding<'a>(tenant: &'a [u8; 16], entry: &'a ListEntry) -> ListEntryBinding<'a> {
    ListEntryBinding {
        tenant_id: tenant,
        list: &entry.list,
        kind: &entry.kind,
        fingerprint: &entry.fingerprint,
    }
}

/// Whether this reader sees entered values.
fn unmasked(reader: Reader) -> bool {
    matches!(reader, Reader::Staff(Role::Owner | Role::Reviewer))
}

/// Opens an entry's value for a reader who may see it; a blob that does not open (another key)
/// is logged and shown masked rather than failing the list.
fn opened(key: Option<&CustomerDataKey>, tenant: &[u8; 16], entry: &ListEntry) -> Option<String> {
    let (key, sealed) = (key?, entry.sealed_value.as_deref()?);
    match key.open_list_value(sealed, &binding(tenant, entry)) {
        Ok(value) => Some(value),
        Err(_) => {
            tracing::error!(entry.id = %entry.id, "a list entry's value did not open with the data key");
            None
        }
    }
}

async fn audit(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    actor: &str,
    action: &str,
    entry: &ListEntry,
) -> Result<(), ServiceError> {
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: Some(tenant_id),
            actor,
            action,
            target: Some(&entry.id.to_string()),
            details: serde_json::json!({
                "list": entry.list, "kind": entry.kind, "display": entry.display,
                "expires_at": entry.expires_at,
            }),
        },
    )
    .await?;
    Ok(())
}

/// Adds values to the allow or block list (listing a value again renews it), each audited with
/// its masked display. The answer shows the entered values to the caller who entered them.
pub async fn add_entries(
    pool: &Pool,
    keys: Keys<'_>,
    tenant_id: Uuid,
    actor: String,
    body: &NewEntries,
) -> Result<Vec<ListEntryView>, ServiceError> {
    let identifiers = identifiers(body)?;
    let tenant = *tenant_id.as_bytes();
    let mut entries = Vec::with_capacity(identifiers.len());
    for (identifier, entered) in &identifiers {
        let list = body.list.as_str().to_owned();
        let kind = identifier.kind().as_str().to_owned();
        let fingerprint = identifier.fingerprint(keys.consortium).as_bytes().to_vec();
        let sealed_value = match keys.customer_data {
            Some(key) => Some(
                key.seal_list_value(
                    entered,
                    &ListEntryBinding {
                        tenant_id: &tenant,
                        list: &list,
                        kind: &kind,
                        fingerprint: &fingerprint,
                    },
                )
                .map_err(|_| ServiceError::Internal("sealing a list entry's value failed"))?,
            ),
            None => None,
        };
        entries.push((
            NewListEntry {
                tenant_id,
                id: Uuid::now_v7(),
                list,
                kind,
                fingerprint,
                display: mask(identifier.value()),
                note: body.note.clone(),
                expires_at: body.expires_at,
                created_by: actor.clone(),
                sealed_value,
            },
            entered.clone(),
        ));
    }
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let mut added = Vec::with_capacity(entries.len());
        for (entry, entered) in entries {
            let stored = ListEntry::add(conn, &entry).await?;
            // The masked display only: the value itself is never written to the log.
            audit(conn, tenant_id, &actor, "list_entry.add", &stored).await?;
            let shown = stored.sealed_value.is_some().then_some(entered);
            added.push(ListEntryView::new(stored, shown));
        }
        Ok(added)
    })
    .await
}

/// The tenant's unexpired entries, newest first; entered values for owners and reviewers (the
/// read audited when it showed any).
pub async fn list_entries(
    pool: &Pool,
    data_key: Option<&CustomerDataKey>,
    tenant_id: Uuid,
    reader: Reader,
    actor: &str,
    list: Option<ListName>,
) -> Result<Vec<ListEntryView>, ServiceError> {
    let tenant = *tenant_id.as_bytes();
    let key = data_key.filter(|_| unmasked(reader));
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let entries = ListEntry::list(conn, tenant_id, list.map(ListName::as_str)).await?;
        let views: Vec<ListEntryView> = entries
            .into_iter()
            .map(|entry| {
                let value = opened(key, &tenant, &entry);
                ListEntryView::new(entry, value)
            })
            .collect();
        let shown = views.iter().filter(|v| v.value.is_some()).count();
        if shown > 0 {
            AuditEntry::record(
                conn,
                &NewAuditEntry {
                    tenant_id: Some(tenant_id),
                    actor,
                    action: VIEWED,
                    target: None,
                    details: serde_json::json!({
                        "list": list.map(ListName::as_str), "entries": shown,
                    }),
                },
            )
            .await?;
        }
        Ok(views)
    })
    .await
}

/// Removes one of the tenant's entries (audited); another tenant's is not found.
pub async fn remove_entry(
    pool: &Pool,
    tenant_id: Uuid,
    actor: &str,
    id: Uuid,
) -> Result<(), ServiceError> {
    tenancy::in_tenant::<_, ServiceError, _, _>(pool, tenant_id, async |conn| {
        let removed =
            ListEntry::remove(conn, tenant_id, id)
                .await
                .map_err(|error| match error {
                    StoreError::NotFound => ServiceError::NotFound("list entry"),
                    other => other.into(),
                })?;
        audit(conn, tenant_id, actor, "list_entry.remove", &removed).await
    })
    .await
}
