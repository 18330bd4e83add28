//! The tenant's own allow and block lists: any identifier kind, optionally expiring. Blocked
//! values reject an order; allowed ones accept it (allow wins, as in Stripe Radar).

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::identifiers::{IdentifierKind, RawIdentifiers, parse_single};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::lists::{ListEntry, NewListEntry};
use sekisho_store::{StoreError, tenancy};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers, SystemsOrOwner};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::consortium;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(add_entries)
        .service(list_entries)
        .service(remove_entry);
}

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
    pub note: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<ListEntry> for ListEntryView {
    fn from(entry: ListEntry) -> Self {
        Self {
            id: entry.id,
            list: entry.list,
            kind: entry.kind,
            display: entry.display,
            note: entry.note,
            expires_at: entry.expires_at,
            created_by: entry.created_by,
            created_at: entry.created_at,
        }
    }
}

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
    parsed: sekisho_domain::identifiers::ParsedIdentifiers,
    kinds: &Option<Vec<IdentifierKind>>,
) -> Vec<sekisho_domain::identifiers::NormalizedIdentifier> {
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

async fn audit_list_change(
    conn: &mut sekisho_store::AsyncPgConnection,
    tenant_id: Uuid,
    actor: &str,
    action: &str,
    entry: &ListEntry,
) -> Result<(), ApiError> {
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

/// Add values to the allow or block list (API keys and owners; audited). Listing a value again
/// renews it.
#[utoipa::path(
    tag = "lists",
    security(("bearer" = [])),
    responses(
        (status = 201, body = Vec<ListEntryView>),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/lists")]
async fn add_entries(
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
    body: Json<NewEntries>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let key = &state.settings.consortium.key;
    let identifiers = match (&body.kind, &body.value, &body.identifiers) {
        (Some(kind), Some(value), None) => vec![
            parse_single(*kind, value).map_err(|error| ApiError::field("value", error.message))?,
        ],
        (None, None, Some(raw)) => with_building_on_purpose(consortium::parse(raw)?, &body.kinds)
            .into_iter()
            .filter(|id| {
                body.kinds
                    .as_ref()
                    .is_none_or(|kinds| kinds.contains(&id.kind()))
            })
            .collect(),
        _ => {
            return Err(ApiError::new(
                ErrorCode::ValidationFailed,
                "give either kind and value, or identifiers",
            ));
        }
    };
    if identifiers.is_empty() {
        return Err(ApiError::field("identifiers", "no identifier to list"));
    }
    if body.expires_at.is_some_and(|at| at <= Utc::now()) {
        return Err(ApiError::field("expires_at", "must be in the future"));
    }
    let entries: Vec<NewListEntry> = identifiers
        .iter()
        .map(|identifier| NewListEntry {
            tenant_id,
            id: Uuid::now_v7(),
            list: body.list.as_str().to_owned(),
            kind: identifier.kind().as_str().to_owned(),
            fingerprint: identifier.fingerprint(key).as_bytes().to_vec(),
            display: mask(identifier.value()),
            note: body.note.clone(),
            expires_at: body.expires_at,
            created_by: caller.actor(),
        })
        .collect();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let added = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let mut added = Vec::new();
        for entry in &entries {
            let stored = ListEntry::add(conn, entry).await?;
            // The masked display only: the value itself is never written to the log.
            audit_list_change(
                conn,
                tenant_id,
                &entry.created_by,
                "list_entry.add",
                &stored,
            )
            .await?;
            added.push(ListEntryView::from(stored));
        }
        Ok(added)
    })
    .await?;
    Ok(HttpResponse::Created().json(added))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// allow | block; both when absent.
    pub list: Option<String>,
}

/// The tenant's unexpired list entries, newest first.
#[utoipa::path(
    tag = "lists",
    security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<ListEntryView>), (status = 401, body = ErrorBody))
)]
#[get("/lists")]
async fn list_entries(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    if query
        .list
        .as_deref()
        .is_some_and(|l| l != "allow" && l != "block")
    {
        return Err(ApiError::query_field("list", "is allow or block"));
    }
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let entries = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(ListEntry::list(conn, tenant_id, query.list.as_deref()).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(
        entries
            .into_iter()
            .map(ListEntryView::from)
            .collect::<Vec<_>>(),
    ))
}

/// Remove a list entry (API keys and owners; audited).
#[utoipa::path(
    tag = "lists",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/lists/{id}")]
async fn remove_entry(
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let actor = caller.actor();
    let id = id.into_inner();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        let removed =
            ListEntry::remove(conn, tenant_id, id)
                .await
                .map_err(|error| match error {
                    StoreError::NotFound => ApiError::not_found("list entry"),
                    other => other.into(),
                })?;
        audit_list_change(conn, tenant_id, &actor, "list_entry.remove", &removed).await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
