//! Fraud reports over HTTP: filing (`sekisho_service::reports::filing`), listing, reading and
//! retracting the tenant's own reports.

use actix_web::{HttpResponse, delete, get, post, web};
use sekisho_service::reports::filing::{self, CreateFraudReport, FraudReportView};
use sekisho_store::StoreError;
use sekisho_store::fraud_reports::{Cursor, FraudReport};
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::caller::{Permitted, Readers, SystemsOrOwner};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::page::{self, Position};
use crate::state::AppState;

/// The filing types, under their old paths.
pub use sekisho_service::reports::filing::{FraudCategory, audit_report, file, prepare};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_report)
        .service(list_reports)
        .service(get_report)
        .service(retract_report);
}

/// Report confirmed fraud. Its identifiers join the consortium as keyed fingerprints (shared
/// with other members if the tenant contributes). Send an `Idempotency-Key` header: a retry with
/// the same key returns the first report instead of a second one.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 201, body = FraudReportView),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody),
    )
)]
#[post("/fraud-reports")]
async fn create_report(
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
    body: Json<CreateFraudReport>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    state.report_limiter.check(tenant_id)?;
    let key = &state.settings.consortium.key;
    let answer = filing::file_report(
        &state.pool,
        key,
        &state.consortium_filter,
        tenant_id,
        caller.actor(),
        &body,
        idempotency.in_mode(caller.livemode()).retry(),
        caller.livemode(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// At most this many (1–200, default 50).
    pub limit: Option<i64>,
    /// `next_cursor` of the previous page (opaque).
    pub cursor: Option<String>,
    /// Include retracted reports (default false).
    pub include_retracted: Option<bool>,
    /// The dashboard's test/live switch: `false` lists test-mode reports (default `true`). An
    /// API key always lists its own mode's.
    pub livemode: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FraudReportPage {
    pub items: Vec<FraudReportView>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// The tenant's own fraud reports, newest first.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = FraudReportPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("/fraud-reports")]
async fn list_reports(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let limit = page::LIMITS.of(query.limit);
    let cursor = page::after_timed(query.cursor.as_deref())?
        .map(|(reported_at, id)| Cursor { reported_at, id });
    let include_retracted = query.include_retracted.unwrap_or(false);
    let livemode = caller.livemode_or(query.livemode);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let reports = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(FraudReport::list(
            conn,
            tenant_id,
            limit + 1,
            cursor,
            include_retracted,
            livemode,
        )
        .await?)
    })
    .await?;
    let (reports, next_cursor) =
        page::split(reports, limit, |last: &FraudReport| Position::AfterTimed {
            at: last.reported_at,
            id: last.id,
        });
    Ok(HttpResponse::Ok().json(FraudReportPage {
        items: reports.into_iter().map(FraudReportView::from).collect(),
        next_cursor,
    }))
}

fn not_found(error: StoreError) -> ApiError {
    match error {
        StoreError::NotFound => ApiError::not_found("fraud report"),
        other => other.into(),
    }
}

/// One of the tenant's fraud reports; another tenant's is not found.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FraudReportView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/fraud-reports/{id}")]
async fn get_report(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let id = id.into_inner();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let report = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        FraudReport::find(conn, tenant_id, id)
            .await
            .map_err(not_found)
    })
    .await?;
    Ok(HttpResponse::Ok().json(FraudReportView::from(report)))
}

/// Retract a report: its fingerprints leave the consortium at once. Retracting twice is
/// harmless.
#[utoipa::path(
    tag = "consortium",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = FraudReportView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/fraud-reports/{id}")]
async fn retract_report(
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let report = filing::retract_report(
        &state.pool,
        caller.tenant_id(),
        &caller.actor(),
        id.into_inner(),
        caller.key_livemode(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(report))
}
