//! The device tag: the script merchants embed (`/tag.js`), its demo page (`/device-tag/`), the
//! open endpoint it reports to (`/v1/device-tag/collect`, addressed by a publishable key, CORS
//! for any origin, no credentials), the tenant's key (`/v1/device-tag/key`) and what the tag saw
//! of one device (`/v1/devices/{device_id}`). The rules are in `crate::device_tag`.

use std::sync::LazyLock;

use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, get, post, web};
use chrono::{DateTime, Utc};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::devices::{self, Device, NewSighting};
use sekisho_store::tenancy;
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::caller::client_ip;
use crate::auth::caller::{Permitted, Readers, SystemsOrOwner};
use crate::device_tag::{self as tag, CollectRequest};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// The script, compiled in; its source is `web/device-tag/tag.js`.
const TAG_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../web/device-tag/tag.js"
));
/// The embedding guide with its demo form; its source is `web/device-tag/index.html`.
const GUIDE_HTML: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../web/device-tag/index.html"
));
/// The largest report the tag may send; real ones are well under 2 KiB.
pub const MAX_COLLECT_BYTES: usize = 8 * 1024;

static TAG_ETAG: LazyLock<String> = LazyLock::new(|| {
    format!(
        "\"{}\"",
        &hex::encode(Sha256::digest(TAG_JS.as_bytes()))[..32]
    )
});

/// Routes outside `/v1`: the script and its guide.
pub fn configure_pages(cfg: &mut ServiceConfig) {
    cfg.service(tag_script).service(guide).route(
        "/device-tag",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "/device-tag/"))
                .finish()
        }),
    );
}

/// Routes inside `/v1`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(collect)
        .route(
            "/device-tag/collect",
            web::route().method(Method::OPTIONS).to(preflight),
        )
        .service(tag_key)
        .service(get_device);
}

/// The device tag script. Embed it with
/// `<script src="https://<sekisho>/tag.js" data-key="pk_live_…" async></script>`.
#[utoipa::path(
    tag = "device-tag",
    responses(
        (status = 200, description = "The script", content_type = "text/javascript", body = String),
        (status = 304, description = "Unchanged since the ETag given"),
    )
)]
#[get("/tag.js")]
async fn tag_script(req: HttpRequest) -> HttpResponse {
    let etag = TAG_ETAG.as_str();
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    if unchanged {
        return response.finish();
    }
    response
        .content_type("text/javascript; charset=utf-8")
        .body(TAG_JS)
}

/// How to embed the device tag (English and Japanese), with a demo form. Add `?key=pk_live_…`
/// to run the tag on the page.
#[utoipa::path(
    tag = "device-tag",
    responses((status = 200, description = "The guide", content_type = "text/html", body = String))
)]
#[get("/device-tag/")]
async fn guide() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(GUIDE_HTML)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CollectResponse {
    /// Pass this as `device.device_id` when scoring an order or a login.
    #[schema(example = "dv_3f0c9a1e5b7d2c4f8a6e1b0d9c7f5a3e")]
    pub device_id: String,
}

fn allow_any_origin(response: &mut HttpResponse) {
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

async fn preflight() -> HttpResponse {
    HttpResponse::NoContent()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "POST"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_HEADERS, "content-type"))
        .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
        .finish()
}

/// The tag's report: browser signals for a publishable key. Open to any origin (no
/// credentials); the body is at most 8 KiB and each client IP may send a limited number per
/// minute. Returns the device token for this browser profile and tenant.
#[utoipa::path(
    tag = "device-tag",
    request_body(content = CollectRequest, content_type = "application/json"),
    responses(
        (status = 200, body = CollectResponse),
        (status = 400, body = ErrorBody),
        (status = 401, description = "Unknown tag key", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody),
    )
)]
#[post("/device-tag/collect")]
async fn collect(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> HttpResponse {
    let mut response = match record(&req, &state, payload).await {
        Ok(body) => HttpResponse::Ok().json(body),
        Err(error) => error.error_response(),
    };
    allow_any_origin(&mut response);
    response
}

async fn read_body(req: &HttpRequest, payload: web::Payload) -> Result<web::Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the report must be at most {MAX_COLLECT_BYTES} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_COLLECT_BYTES) {
        return Err(too_large());
    }
    payload
        .to_bytes_limited(MAX_COLLECT_BYTES)
        .await
        .map_err(|_| too_large())?
        .map_err(|_| ApiError::new(ErrorCode::MalformedJson, "the body could not be read"))
}

async fn record(
    req: &HttpRequest,
    state: &AppState,
    payload: web::Payload,
) -> Result<CollectResponse, ApiError> {
    state.device_tag_limiter.check(client_ip(req))?;
    let body = read_body(req, payload).await?;
    // The script sends text/plain (a CORS "simple" request, no preflight); any type is read.
    // Checked and refused like every other body (`extract`): by path, never echoing a value.
    let value: serde_json::Value = serde_json::from_slice(&body).map_err(|error| {
        ApiError::new(ErrorCode::MalformedJson, format!("malformed JSON: {error}"))
    })?;
    let request: CollectRequest = crate::extract::from_value(&value)?;
    let unknown_key = || ApiError::new(ErrorCode::InvalidApiKey, "the tag key is unknown");
    if !tag::is_tag_key(&request.key) {
        return Err(unknown_key());
    }
    let header_user_agent = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok());
    let (profile, signals) = tag::parse(&request, header_user_agent)?;

    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let tenant_id = devices::tenant_for_tag_key(&mut conn, &request.key)
        .await?
        .ok_or_else(unknown_key)?;
    let device_id = tag::device_token(&state.settings.consortium.key, tenant_id, &profile);
    let sighting = NewSighting {
        tenant_id,
        device_id: device_id.clone(),
        user_agent: signals.user_agent,
        languages: signals.languages,
        timezone: signals.timezone,
        screen: signals.screen,
        hardware_concurrency: signals.hardware_concurrency,
        max_touch_points: signals.max_touch_points,
        automation: signals.automation,
        automation_hints: signals.automation_hints,
    };
    let device = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(devices::record_sighting(conn, &sighting).await?)
    })
    .await?;
    tracing::debug!(
        tenant.id = %tenant_id,
        device.id = %device.device_id,
        device.automation = device.automation,
        "device tag report"
    );
    Ok(CollectResponse { device_id })
}

/// The tenant's publishable tag key and its embed snippet.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagKeyView {
    /// Public: it goes in the merchant's HTML as the script's `data-key`.
    #[schema(example = "pk_live_0123456789abcdef0123456789abcdef")]
    pub key: String,
    pub created_at: DateTime<Utc>,
    /// Where this server serves the script.
    pub script_url: String,
    /// Ready to paste into checkout and login pages.
    pub snippet: String,
}

/// The tenant's publishable key for the device tag, made on first request (API keys and owners).
#[utoipa::path(
    tag = "device-tag",
    security(("bearer" = [])),
    responses(
        (status = 200, body = TagKeyView),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody),
    )
)]
#[get("/device-tag/key")]
async fn tag_key(
    req: HttpRequest,
    caller: Permitted<SystemsOrOwner>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let actor = caller.actor();
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let key = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        if let Some(existing) = devices::tag_key(conn, tenant_id).await? {
            return Ok(existing);
        }
        let (key, created) =
            devices::create_tag_key(conn, tenant_id, &tag::generate_tag_key()).await?;
        if created {
            AuditEntry::record(
                conn,
                &NewAuditEntry {
                    tenant_id: Some(tenant_id),
                    actor: &actor,
                    action: "device_tag_key.create",
                    target: Some(&key.key),
                    details: serde_json::json!({}),
                },
            )
            .await?;
        }
        Ok(key)
    })
    .await?;
    let connection = req.connection_info();
    let script_url = format!("{}://{}/tag.js", connection.scheme(), connection.host());
    let snippet = format!(
        r#"<script src="{script_url}" data-key="{}" async></script>"#,
        key.key
    );
    Ok(HttpResponse::Ok().json(TagKeyView {
        key: key.key,
        created_at: key.created_at,
        script_url,
        snippet,
    }))
}

/// What the device tag saw of one device.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeviceView {
    pub device_id: String,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// Reports from the tag, including the first.
    pub sightings: i64,
    /// Of the latest report.
    pub user_agent: Option<String>,
    pub languages: Vec<String>,
    pub timezone: Option<String>,
    /// `<width>x<height>x<colour depth>`.
    pub screen: Option<String>,
    pub hardware_concurrency: Option<i16>,
    pub max_touch_points: Option<i16>,
    /// Whether any report showed browser automation or a headless browser.
    pub automation: bool,
    /// Every automation hint seen, e.g. `webdriver`, `headless_user_agent`.
    pub automation_hints: Vec<String>,
}

impl From<Device> for DeviceView {
    fn from(device: Device) -> Self {
        Self {
            device_id: device.device_id,
            first_seen_at: device.first_seen_at,
            last_seen_at: device.last_seen_at,
            sightings: device.sightings,
            user_agent: device.user_agent,
            languages: device.languages,
            timezone: device.timezone,
            screen: device.screen,
            hardware_concurrency: device.hardware_concurrency,
            max_touch_points: device.max_touch_points,
            automation: device.automation,
            automation_hints: device.automation_hints,
        }
    }
}

/// One device as the tenant's tag saw it; a token the tag never reported for this tenant
/// (including another tenant's) is not found.
#[utoipa::path(
    tag = "device-tag",
    security(("bearer" = [])),
    params(("device_id" = String, Path, example = "dv_3f0c9a1e5b7d2c4f8a6e1b0d9c7f5a3e")),
    responses(
        (status = 200, body = DeviceView),
        (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody),
    )
)]
#[get("/devices/{device_id}")]
async fn get_device(
    caller: Permitted<Readers>,
    state: web::Data<AppState>,
    device_id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let tenant_id = caller.tenant_id();
    let device_id = device_id.into_inner();
    if !tag::is_device_id(&device_id) {
        return Err(ApiError::not_found("device"));
    }
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let device = tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, tenant_id, async |conn| {
        Ok(devices::find(conn, tenant_id, &device_id).await?)
    })
    .await?
    .ok_or_else(|| ApiError::not_found("device"))?;
    Ok(HttpResponse::Ok().json(DeviceView::from(device)))
}
