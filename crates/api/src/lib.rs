//! Sekisho's HTTP interface. Handlers live one module per resource under `routes`; the caller
//! and its permissions are extractors in each handler's signature (`auth::caller`); every error
//! goes through one code table (`error`). Each handler's route and its OpenAPI entry come from
//! the same declaration, so the served document cannot drift from the routes.

pub mod auth;
pub mod client_address;
pub mod dashboard;
pub mod deadline;
pub mod device_tag;
pub mod error;
pub mod extract;
pub mod idempotency;
pub mod metrics_access;
pub mod openapi;
pub mod page;
pub mod request_log;
pub mod routes;
mod service_error;
pub mod settings;
pub mod state;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpRequest, web};
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::{Config as SwaggerConfig, SwaggerUi};

pub use settings::ApiSettings;
pub use state::AppState;

use crate::error::{ApiError, ErrorCode};

/// The OpenAPI document the server serves at `/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    utoipa::Modify::modify(&openapi::ErrorResponses, &mut document);
    document
}

/// The whole application, ready for `HttpServer::new` or `actix_web::test`.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let json_config = web::JsonConfig::default()
        .limit(state.settings.max_body_bytes)
        .error_handler(error::json_error);
    let metrics = state.metrics.clone();
    let web_dir = state.settings.web_dir.clone();
    let (app, mut document) = App::new()
        .app_data(web::Data::new(state))
        .app_data(json_config)
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    utoipa::Modify::modify(&openapi::ErrorResponses, &mut document);
    app.service(
        SwaggerUi::new("/docs/{_:.*}")
            .url("/openapi.json", document)
            // The public validator badge would be a request to the internet; docs work offline.
            .config(SwaggerConfig::new(["/openapi.json"]).validator_url("none")),
    )
    .route(
        "/docs",
        web::get().to(|| async {
            actix_web::HttpResponse::PermanentRedirect()
                .insert_header((actix_web::http::header::LOCATION, "/docs/"))
                .finish()
        }),
    )
    // After every documented route: the dashboard never shadows the API.
    .configure(|cfg| dashboard::configure(cfg, web_dir.as_deref()))
    .default_service(web::to(unknown_route))
    // Hashes the bodies of POSTs that carry an Idempotency-Key (`idempotency`).
    .wrap(actix_web::middleware::from_fn(idempotency::digest_body))
    // Inside the logger, so that its refusals are logged like any other.
    .wrap(actix_web::middleware::from_fn(extract::uri::check_text))
    // Inside the logger, so that an abandoned request is logged with its 503.
    .wrap(actix_web::middleware::from_fn(deadline::enforce))
    .wrap(TracingLogger::<request_log::RequestSpan>::new())
    .wrap(metrics)
    .wrap(actix_web::middleware::from_fn(metrics_access::guard))
    // Outermost: the client address is settled before the log or any handler reads it.
    .wrap(actix_web::middleware::from_fn(client_address::resolve))
}

async fn unknown_route(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::new(
        ErrorCode::NotFound,
        // Not the path itself: it is request data and this message is logged.
        format!("no route for {} on this path", req.method()),
    ))
}
