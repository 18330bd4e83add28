//! The consortium from a member's side: looking identifiers up, and choosing whether to
//! contribute and consume.

use actix_web::{HttpResponse, post, put, web};
use chrono::{DateTime, Utc};
use sekisho_domain::identifiers::{IdentifierKind, RawIdentifiers};
use sekisho_scoring::consortium::KindMatch;
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::tenancy;
use sekisho_store::tenants::Tenant;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::auth::caller::{Permitted, Readers};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;
use sekisho_service::caches::Change;
use sekisho_service::consortium;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(lookup).service(set_participation);
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    pub identifiers: RawIdentifiers,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NegativeMatch {
    pub kind: IdentifierKind,
    /// Distinct member tenants that reported it (the caller included). Who they are is never
    /// disclosed.
    pub reporters: u32,
    /// Whether the caller itself reported it.
    pub own: bool,
    pub categories: Vec<String>,
    pub first_reported_at: DateTime<Utc>,
    pub last_reported_at: DateTime<Utc>,
    /// 0–1: decays with age (per-kind half-life) and scales with the reporters' trust.
    pub weight: f64,
    /// Whether enough distinct members reported it for the match to block on its own.
    pub quorum_met: bool,
}

impl From<KindMatch> for NegativeMatch {
    fn from(found: KindMatch) -> Self {
        Self {
            kind: found.kind,
            reporters: found.reporters,
            own: found.own,
            categories: found.categories.into_iter().collect(),
            first_reported_at: found.first_reported_at,
            last_reported_at: found.last_reported_at,
            weight: found.weight,
            quorum_met: found.quorum_met,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LookupResponse {
    pub matches: Vec<NegativeMatch>,
    /// The identifier kinds that were checked (an IP gives `ip` and `ip_prefix`, an address
    /// `address_delivery_point` and `address_building`, an email `email` and `email_domain`).
    pub checked: Vec<IdentifierKind>,
    /// `false` for a test key's lookup: only the tenant's own test reports (and the test
    /// values of docs/TESTING.md) were searched.
    pub livemode: bool,
}

/// Look identifiers up in the consortium negative database. Matches come per identifier kind,
/// without naming who reported them. Warninglisted values never match. A test key's lookup
/// searches only the tenant's own test reports and the test values (docs/TESTING.md).
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    responses(
        (status = 200, body = LookupResponse),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/negative/lookup")]
async fn lookup(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    body: Json<LookupRequest>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let livemode = caller.livemode();
    let parsed = consortium::parse(&body.identifiers)?;
    let settings = &state.settings.consortium;
    let candidates = consortium::probes(&settings.key, &parsed);
    let probes = parsed.to_probes();
    let checked = probes.iter().map(|id| id.kind()).collect();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let matches = tenancy::in_tenant_hot::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        if !livemode {
            let forced = sekisho_service::test_mode::consortium_kinds(&probes);
            return consortium::lookup_test(
                conn,
                &settings.policy,
                tenant_id,
                &candidates,
                &forced,
            )
            .await
            .map_err(ApiError::from);
        }
        let tenant = state.caches.participation(conn, tenant_id).await?;
        consortium::lookup(
            conn,
            &state.consortium_filter,
            &settings.policy,
            tenant_id,
            tenant.consumes,
            &candidates,
        )
        .await
        .map_err(ApiError::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(LookupResponse {
        matches: matches.into_iter().map(NegativeMatch::from).collect(),
        checked,
        livemode,
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// Share this tenant's reports with the other members (they stay usable by the tenant
    /// itself either way).
    pub contributes: bool,
    /// Use the other members' reports in lookups and scoring.
    pub consumes: bool,
}

/// Choose whether the tenant contributes to and consumes the consortium (owners only). Turning
/// contribution off withdraws the tenant's past reports from other members at once.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    responses((status = 200, body = Participation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[put("/consortium/participation")]
async fn set_participation(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<Participation>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = owner.tenant_id;
    let actor = format!("user:{}", owner.user_id);
    let wanted = body.into_inner();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    // Tenants' rows are the platform's to write; this one path changes two flags of the
    // caller's own tenant and is audited.
    let tenant = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let tenant =
            Tenant::set_participation(conn, tenant_id, wanted.contributes, wanted.consumes).await?;
        sekisho_store::consortium::set_shared(conn, tenant_id, wanted.contributes).await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(tenant_id),
                actor: &actor,
                action: "consortium.participation",
                target: Some(&tenant_id.to_string()),
                details: serde_json::json!({
                    "contributes": wanted.contributes,
                    "consumes": wanted.consumes,
                }),
            },
        )
        .await?;
        Ok(tenant)
    })
    .await?;
    // At once in this process; other processes hear of it through the trigger's notification.
    state.caches.apply(Change::Tenant { tenant_id }).await;
    Ok(HttpResponse::Ok().json(Participation {
        contributes: tenant.contributes,
        consumes: tenant.consumes,
    }))
}
