//! Tracing to stderr (stdout is for the CLI's JSON), as text or JSON, filtered by RUST_LOG.

use tracing_subscriber::EnvFilter;

use crate::settings::LogFormat;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // actix-web-prom warns on every request to the docs' catch-all route, whose pattern cannot be
    // a label; those requests are excluded from the metrics anyway.
    let filter = match "actix_web_prom=error".parse() {
        Ok(directive) => filter.add_directive(directive),
        Err(_) => filter,
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}
