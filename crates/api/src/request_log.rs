//! The span every request is logged in. tracing-actix-web's default span records the full
//! target (path and query string), the User-Agent and the Host header as sent, so whatever a
//! client put there — a card number in an order-id segment, an email in a query — reached the
//! log on every line of the request. This span records only what the server decided: the
//! method, the matched route pattern, the status, the socket peer and the client address as `client_address` resolved it from trusted
//! proxies only, plus the request id.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // The pattern (`/v1/orders/{order_id}`), never the path it matched.
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        let method = request.method().as_str().to_owned();
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let peer = request
            .peer_addr()
            .map(|address| address.ip().to_string())
            .unwrap_or_default();
        // Settled by `client_address::resolve`, which runs before the logger: forwarded headers
        // count only from trusted proxies, so this is never an address a client made up.
        let client = request
            .extensions()
            .get::<crate::client_address::ClientAddress>()
            .map(|address| address.0.to_string())
            .unwrap_or_else(|| peer.clone());
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.flavor = ?request.version(),
            http.peer_ip = %peer,
            http.client_ip = %client,
            http.status_code = tracing::field::Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        // Records the status and the error's Display/Debug, which `error::ApiError` keeps free
        // of request values.
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
