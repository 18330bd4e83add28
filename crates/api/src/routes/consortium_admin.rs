//! Moderating the consortium (platform admins): warninglists, whose values never count, and
//! disputes, which remove an entry when upheld and lower the contributors' trust. Audited.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_domain::identifiers::{IdentifierKind, RawIdentifiers, parse_single};
use sekisho_store::AsyncPgConnection;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::disputes::{Dispute, NewDispute};
use sekisho_store::{StoreError, tenancy, warninglist};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::consortium;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_warninglist)
        .service(add_warninglist_entry)
        .service(remove_warninglist_entry)
        .service(open_dispute)
        .service(list_disputes)
        .service(uphold_dispute)
        .service(reject_dispute);
}

async fn audit(
    conn: &mut AsyncPgConnection,
    admin: &PlatformAdmin,
    action: &str,
    target: &str,
    details: serde_json::Value,
) -> Result<(), ApiError> {
    AuditEntry::record(
        conn,
        &NewAuditEntry {
            tenant_id: None,
            actor: &format!("admin:{}", admin.admin_id),
            action,
            target: Some(target),
            details,
        },
    )
    .await?;
    Ok(())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarninglistValueView {
    pub id: Uuid,
    pub kind: String,
    pub label: String,
    /// `default` (shipped with Sekisho) or `admin`.
    pub source: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarninglistRangeView {
    pub id: Uuid,
    pub range: String,
    pub label: String,
    pub source: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Warninglist {
    /// Values are kept as fingerprints only; the label says what each is.
    pub values: Vec<WarninglistValueView>,
    pub ranges: Vec<WarninglistRangeView>,
}

/// The warninglist: values and network ranges that never count as negative data.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses((status = 200, body = Warninglist), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/consortium/warninglist")]
async fn list_warninglist(
    _admin: PlatformAdmin,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let (values, ranges) = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Ok((
            warninglist::list_values(conn).await?,
            warninglist::list_ranges(conn).await?,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(Warninglist {
        values: values
            .into_iter()
            .map(|v| WarninglistValueView {
                id: v.id,
                kind: v.kind,
                label: v.label,
                source: v.source,
                created_at: v.created_at,
            })
            .collect(),
        ranges: ranges
            .into_iter()
            .map(|r| WarninglistRangeView {
                id: r.id,
                range: r.range,
                label: r.label,
                source: r.source,
                created_at: r.created_at,
            })
            .collect(),
    }))
}

/// Either a value of a kind (`{"kind": "email_domain", "value": "example.co.jp"}`) or a network
/// range (`{"range": "100.64.0.0/10"}`), with a label.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWarninglistEntry {
    pub kind: Option<IdentifierKind>,
    pub value: Option<String>,
    pub range: Option<String>,
    pub label: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WarninglistEntryView {
    pub id: Uuid,
    pub label: String,
    pub kind: Option<String>,
    pub range: Option<String>,
}

/// Add a value or a network range to the warninglist; it stops matching at once.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 201, body = WarninglistEntryView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/consortium/warninglist")]
async fn add_warninglist_entry(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    body: Json<NewWarninglistEntry>,
) -> Result<HttpResponse, ApiError> {
    let label = body.label.trim().to_owned();
    if label.is_empty() {
        return Err(ApiError::field("label", "say what the entry is"));
    }
    enum Entry {
        Value(IdentifierKind, Vec<u8>),
        Range(String),
    }
    let entry = match (&body.kind, &body.value, &body.range) {
        (Some(kind), Some(value), None) => {
            let identifier = parse_single(*kind, value)
                .map_err(|error| ApiError::field("value", error.message))?;
            let fingerprint = identifier.fingerprint(&state.settings.consortium.key);
            Entry::Value(*kind, fingerprint.as_bytes().to_vec())
        }
        (None, None, Some(range)) => {
            let range: ipnet::IpNet = range
                .trim()
                .parse()
                .map_err(|_| ApiError::field("range", "not a CIDR range such as 100.64.0.0/10"))?;
            Entry::Range(range.trunc().to_string())
        }
        _ => {
            return Err(ApiError::new(
                ErrorCode::ValidationFailed,
                "give either kind and value, or range",
            ));
        }
    };
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let view = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let view = match &entry {
            Entry::Value(kind, fingerprint) => {
                let added =
                    warninglist::add_value(conn, kind.as_str(), fingerprint, &label, "admin")
                        .await?;
                WarninglistEntryView {
                    id: added.id,
                    label: added.label,
                    kind: Some(added.kind),
                    range: None,
                }
            }
            Entry::Range(range) => {
                let added = warninglist::add_range(conn, range, &label, "admin").await?;
                WarninglistEntryView {
                    id: added.id,
                    label: added.label,
                    kind: None,
                    range: Some(added.range),
                }
            }
        };
        let details =
            serde_json::json!({ "label": view.label, "kind": view.kind, "range": view.range });
        audit(
            conn,
            &admin,
            "warninglist.add",
            &view.id.to_string(),
            details,
        )
        .await?;
        Ok(view)
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Remove a warninglist entry (shipped defaults included); values count again at once.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/consortium/warninglist/{id}")]
async fn remove_warninglist_entry(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        warninglist::remove(conn, id)
            .await
            .map_err(|error| match error {
                StoreError::NotFound => ApiError::not_found("warninglist entry"),
                other => other.into(),
            })?;
        audit(
            conn,
            &admin,
            "warninglist.remove",
            &id.to_string(),
            serde_json::json!({}),
        )
        .await
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenDisputeRequest {
    /// The disputed identifiers, as a member would send them.
    pub identifiers: RawIdentifiers,
    /// Only these kinds of them (default: every kind they give).
    pub kinds: Option<Vec<IdentifierKind>>,
    /// Why the entry is thought wrong (e.g. the cardholder's appeal).
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisputeView {
    pub id: Uuid,
    pub kinds: Vec<String>,
    /// Hex fingerprints of the disputed identifiers.
    pub fingerprints: Vec<String>,
    pub reason: String,
    /// `open`, `upheld` or `rejected`.
    pub status: String,
    pub opened_by: String,
    pub opened_at: DateTime<Utc>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolution_note: Option<String>,
    /// Consortium entries removed when it was upheld.
    pub entries_removed: i32,
}

impl From<Dispute> for DisputeView {
    fn from(dispute: Dispute) -> Self {
        Self {
            id: dispute.id,
            kinds: dispute.kinds,
            fingerprints: dispute.fingerprints.iter().map(hex::encode).collect(),
            reason: dispute.reason,
            status: dispute.status,
            opened_by: dispute.opened_by,
            opened_at: dispute.opened_at,
            resolved_by: dispute.resolved_by,
            resolved_at: dispute.resolved_at,
            resolution_note: dispute.resolution_note,
            entries_removed: dispute.entries_removed,
        }
    }
}

/// Open a dispute over consortium entries.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    responses(
        (status = 201, body = DisputeView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/consortium/disputes")]
async fn open_dispute(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    body: Json<OpenDisputeRequest>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ApiError::field("reason", "say why the entry is disputed"));
    }
    let parsed = consortium::parse(&body.identifiers)?;
    let candidates: Vec<_> = consortium::candidates(&state.settings.consortium.key, &parsed)
        .into_iter()
        .filter(|candidate| {
            body.kinds
                .as_ref()
                .is_none_or(|kinds| kinds.iter().any(|kind| kind.as_str() == candidate.kind))
        })
        .collect();
    if candidates.is_empty() {
        return Err(ApiError::field(
            "identifiers",
            "no identifier of the given kinds",
        ));
    }
    let new = NewDispute {
        id: Uuid::now_v7(),
        kinds: candidates.iter().map(|c| c.kind.clone()).collect(),
        fingerprints: candidates.into_iter().map(|c| c.fingerprint).collect(),
        reason,
        opened_by: format!("admin:{}", admin.admin_id),
    };
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let dispute = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let dispute = Dispute::open(conn, &new).await?;
        let details = serde_json::json!({ "kinds": dispute.kinds, "reason": dispute.reason });
        audit(
            conn,
            &admin,
            "dispute.open",
            &dispute.id.to_string(),
            details,
        )
        .await?;
        Ok(dispute)
    })
    .await?;
    Ok(HttpResponse::Created().json(DisputeView::from(dispute)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct DisputeQuery {
    /// `open`, `upheld` or `rejected`; all when absent.
    pub status: Option<String>,
}

/// Disputes, newest first.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(DisputeQuery),
    responses((status = 200, body = Vec<DisputeView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/consortium/disputes")]
async fn list_disputes(
    _admin: PlatformAdmin,
    state: web::Data<AppState>,
    query: web::Query<DisputeQuery>,
) -> Result<HttpResponse, ApiError> {
    let status = query.status.as_deref();
    if status.is_some_and(|s| !["open", "upheld", "rejected"].contains(&s)) {
        return Err(ApiError::query_field(
            "status",
            "is open, upheld or rejected",
        ));
    }
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let disputes = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        Ok(Dispute::list(conn, status, 500).await?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(
        disputes
            .into_iter()
            .map(DisputeView::from)
            .collect::<Vec<_>>(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub note: Option<String>,
}

async fn resolve(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    id: Uuid,
    uphold: bool,
    note: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let resolver = format!("admin:{}", admin.admin_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let dispute = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let open = Dispute::find(conn, id).await.map_err(|error| match error {
            StoreError::NotFound => ApiError::not_found("dispute"),
            other => other.into(),
        })?;
        if open.status != "open" {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                format!("the dispute is already {}", open.status),
            ));
        }
        let removed = if uphold {
            sekisho_store::consortium::remove_identifiers(conn, &open.kinds, &open.fingerprints)
                .await?
        } else {
            0
        };
        let status = if uphold { "upheld" } else { "rejected" };
        let removed_count = i32::try_from(removed).unwrap_or(i32::MAX);
        let dispute =
            Dispute::resolve(conn, id, status, &resolver, note.as_deref(), removed_count).await?;
        let details = serde_json::json!({ "entries_removed": removed, "note": note });
        audit(
            conn,
            &admin,
            &format!("dispute.{status}"),
            &id.to_string(),
            details,
        )
        .await?;
        Ok(dispute)
    })
    .await?;
    Ok(HttpResponse::Ok().json(DisputeView::from(dispute)))
}

/// Uphold a dispute: the disputed entries leave the consortium and each contributor's trust
/// falls.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DisputeView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/consortium/disputes/{id}/uphold")]
async fn uphold_dispute(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<Resolution>,
) -> Result<HttpResponse, ApiError> {
    resolve(admin, state, id.into_inner(), true, body.into_inner().note).await
}

/// Reject a dispute: the entries stay.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = DisputeView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody))
)]
#[post("/consortium/disputes/{id}/reject")]
async fn reject_dispute(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: Json<Resolution>,
) -> Result<HttpResponse, ApiError> {
    resolve(admin, state, id.into_inner(), false, body.into_inner().note).await
}
