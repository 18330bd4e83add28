//! The tenant's own allow and block lists: any identifier kind, optionally expiring. The flows
//! (`sekisho_service::lists`) add, remove and read entries; the handlers extract, call and
//! respond.

use actix_web::{HttpResponse, delete, get, post, web};
use sekisho_service::caches::Change;
use sekisho_service::lists::{self, Keys};
use sekisho_service::orders::customer::Reader;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub use sekisho_service::lists::{ListEntryView, ListName, NewEntries};

use crate::auth::TenantCaller;
use crate::auth::caller::{Permitted, Readers, SystemsOrOwner};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(add_entries)
        .service(list_entries)
        .service(remove_entry);
}

fn reader(caller: &TenantCaller) -> Reader {
    match *caller {
        TenantCaller::ApiKey(_) => Reader::ApiKey,
        TenantCaller::User { role, .. } => Reader::Staff(role),
    }
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
    let keys = Keys {
        consortium: &state.settings.consortium.key,
        customer_data: state.settings.customer_data_key.as_deref(),
    };
    let tenant_id = caller.tenant_id();
    let added = lists::add_entries(&state.pool, keys, tenant_id, caller.actor(), &body).await?;
    // At once in this process; other processes hear of it through the trigger's notification.
    state
        .caches
        .apply(Change::TenantLists {
            tenant_id: Some(tenant_id),
        })
        .await;
    Ok(HttpResponse::Created().json(added))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// allow | block; both when absent.
    pub list: Option<String>,
}

/// The tenant's unexpired list entries, newest first; `value` (as entered) for owners and
/// reviewers, the view audited.
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
    let list = match query.list.as_deref() {
        None => None,
        Some(name) => Some(
            name.parse::<ListName>()
                .map_err(|_| ApiError::query_field("list", "is allow or block"))?,
        ),
    };
    let entries = lists::list_entries(
        &state.pool,
        state.settings.customer_data_key.as_deref(),
        caller.tenant_id(),
        reader(&caller),
        &caller.actor(),
        list,
    )
    .await?;
    Ok(HttpResponse::Ok().json(entries))
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
    lists::remove_entry(&state.pool, tenant_id, &caller.actor(), id.into_inner()).await?;
    state
        .caches
        .apply(Change::TenantLists {
            tenant_id: Some(tenant_id),
        })
        .await;
    Ok(HttpResponse::NoContent().finish())
}
