//! Reference lists uploaded by platform admins, next to `sekisho import …`: one CSV body per
//! list, imported by the service's flow (the CLI's), answered with the counts and the refused
//! lines (line number and a stable code, never the value). Audited by the flow.

use std::str::FromStr;
use std::sync::Arc;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use sekisho_service::reference_lists::{
    self, ImportList, ImportSummary, Input, Quiet, ReferenceList,
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::PlatformAdmin;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload_reference_list);
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// Where the list came from (a feed's name); stored with every row. Default `upload`.
    pub source: Option<String>,
}

const DEFAULT_SOURCE: &str = "upload";

/// Imports one reference list from a CSV body: vacant rooms and forwarders
/// (`country,postal_code,region,locality,line1,line2,label`), Tor / proxy / VPN / data-centre
/// networks (one IP or CIDR per line, or a `range` column), card BINs
/// (`bin,brand,issuer_country,card_type,issuer`) or IP countries (`start,end,country` or
/// `range,country`). Bad lines are counted and listed (at most 100) and the rest is imported; a
/// wrong header refuses the whole body (422). Re-uploading a list changes nothing.
#[utoipa::path(
    tag = "admin",
    security(("bearer" = [])),
    params(("list" = ReferenceList, Path, description = "which list"), UploadQuery),
    request_body(content = String, content_type = "text/csv", description = "the list, UTF-8, at most `SEKISHO_MAX_REFERENCE_LIST_BYTES`"),
    responses(
        (status = 200, body = ImportSummary),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such list"),
        (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "a wrong header or source"),
    )
)]
#[post("/reference-lists/{list}")]
async fn upload_reference_list(
    admin: PlatformAdmin,
    state: web::Data<AppState>,
    list: web::Path<String>,
    query: web::Query<UploadQuery>,
    request: HttpRequest,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let list = ReferenceList::from_str(&list).map_err(|_| ApiError::not_found("reference list"))?;
    check_content_type(&request)?;
    let limit = state.settings.max_reference_list_bytes;
    let too_large = || ApiError::new(ErrorCode::PayloadTooLarge, "the list is too large");
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::new(ErrorCode::InvalidRequest, "the body could not be read"))?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let source = query
        .into_inner()
        .source
        .filter(|source| !source.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_SOURCE.to_owned());
    let command = ImportList {
        list,
        input: Input::Bytes(Arc::from(&body[..])),
        source,
        actor: format!("admin:{}", admin.admin_id),
    };
    let summary = reference_lists::import_list(
        &state.pool,
        &state.settings.consortium.key,
        command,
        Arc::new(Quiet),
    )
    .await?;
    // At once here; other processes when the lists' notification reaches them.
    state
        .caches
        .apply(sekisho_service::caches::Change::ReferenceLists)
        .await;
    Ok(HttpResponse::Ok().json(summary))
}

/// CSV or plain text (the feeds' one-network-per-line lists); anything else is refused.
fn check_content_type(request: &HttpRequest) -> Result<(), ApiError> {
    let essence = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        });
    match essence.as_deref() {
        Some("text/csv" | "text/plain") => Ok(()),
        _ => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "send the list as CSV with Content-Type: text/csv",
        )),
    }
}
