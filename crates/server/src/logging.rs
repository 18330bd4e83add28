//! Tracing to stderr (stdout is for the CLI's JSON), as text or JSON, filtered by RUST_LOG.
//! Request data never reaches it: see `sekisho_api::request_log` and `sekisho_api::extract`.

use tracing_subscriber::EnvFilter;

use crate::settings::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // actix-web-prom warns on every request to the docs' catch-all route, whose pattern cannot be
    // a label; those requests are excluded from the metrics anyway.
    // Whatever RUST_LOG asks for, two sources stay quiet below INFO because they repeat
    // request data: actix-web's extractors log the raw request path at DEBUG when a path,
    // query or body is refused (our error, without the value, is logged anyway), and
    // tokio-postgres logs every statement's parameters at DEBUG.
    let filter = [
        "actix_web_prom=error",
        "actix_web::types=info",
        "tokio_postgres=info",
    ]
    .into_iter()
    .fold(filter, |filter, directive| match directive.parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}
