//! `Idempotency-Key`: one behaviour on every POST that creates or records something.
//!
//! - The key is 1–255 visible ASCII characters (`!` to `~`); anything else is refused with 400
//!   `invalid_idempotency_key` on every endpoint, before any work.
//! - The key is claimed inside the request's own transaction (`sekisho_store::idempotency`): a
//!   concurrent duplicate waits for the first request to commit, then replays its response; it
//!   never runs the work a second time.
//! - The claim is bound to a hash of the method, the path (with its query) and the body (keyed
//!   under the consortium key, since bodies hold card numbers and passwords): the same key with
//!   another request is refused with 422 `idempotency_key_reused` (as Stripe does).
//! - A replay answers with the first response's status and exact body, plus
//!   `Idempotent-Replayed: true`. Only successful responses are stored: a refused request rolls
//!   its claim back with everything else, so it may be corrected and sent again under its key.
//!
//! The body is hashed by [`digest_body`], a middleware that buffers the bodies of POSTs that
//! carry the header (only those) and hands the same bytes on to the handler's JSON extractor.

use std::future::{Ready, ready};

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use sekisho_service::idempotency::{self, RetryKey, StoredReply};
use sekisho_store::AsyncPgConnection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

pub const HEADER: &str = "Idempotency-Key";
/// Set on a replayed response, as Stripe does.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";
pub const MAX_KEY_LEN: usize = 255;
/// The HMAC label of stored request hashes, apart from every identifier's.
const HASH_LABEL: &str = "idempotency_request";

/// The SHA-256 of a request body, left in the request's extensions by [`digest_body`].
#[derive(Debug, Clone, Copy)]
struct BodyDigest([u8; 32]);

/// Middleware: hashes the body of a POST that carries an `Idempotency-Key`, then puts the same
/// bytes back for the handler. Other requests pass untouched (no buffering, no cost).
pub async fn digest_body(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::POST && req.headers().contains_key(HEADER) {
        // Refused the same way on every endpoint, whether or not it replays.
        for value in req.headers().get_all(HEADER) {
            parse_key(value)?;
        }
        let limit = req
            .app_data::<actix_web::web::Data<AppState>>()
            .map_or(256 * 1024, |state| state.settings.max_body_bytes);
        let too_large = || ApiError::new(ErrorCode::PayloadTooLarge, "request body is too large");
        let mut payload = req.take_payload();
        let mut body = BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk?;
            if body.len() + chunk.len() > limit {
                return Err(too_large().into());
            }
            body.extend_from_slice(&chunk);
        }
        let body: Bytes = body.freeze();
        req.extensions_mut()
            .insert(BodyDigest(Sha256::digest(&body).into()));
        req.set_payload(Payload::from(body));
    }
    next.call(req).await
}

/// The caller's `Idempotency-Key`, if it sent one, bound to this request. Put it in the handler's
/// signature; [`IdempotencyKey::claim`] and [`IdempotencyKey::respond`] do nothing without a key.
#[derive(Debug, Clone, Default)]
pub struct IdempotencyKey(Option<RetryKey>);

/// Checks the header's value: 1–255 visible ASCII characters.
pub fn parse_key(value: &HeaderValue) -> Result<String, ApiError> {
    let bytes = value.as_bytes();
    if bytes.is_empty()
        || bytes.len() > MAX_KEY_LEN
        || !bytes.iter().all(|b| (b'!'..=b'~').contains(b))
    {
        // The value is not echoed: it may be anything.
        return Err(ApiError::new(
            ErrorCode::InvalidIdempotencyKey,
            "Idempotency-Key must be 1–255 visible ASCII characters",
        ));
    }
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

fn bind(req: &HttpRequest) -> Result<IdempotencyKey, ApiError> {
    let mut values = req.headers().get_all(HEADER);
    let Some(value) = values.next() else {
        return Ok(IdempotencyKey(None));
    };
    if values.next().is_some() {
        return Err(ApiError::new(
            ErrorCode::InvalidIdempotencyKey,
            "send one Idempotency-Key header",
        ));
    }
    let key = parse_key(value)?;
    let operation = format!(
        "{} {}",
        req.method(),
        req.match_pattern().unwrap_or_else(|| req.path().to_owned())
    );
    let Some(BodyDigest(body)) = req.extensions().get::<BodyDigest>().copied() else {
        // Only when `digest_body` is not installed in front of the handler: a wiring bug.
        tracing::error!("Idempotency-Key without a body digest; is digest_body installed?");
        return Err(ApiError::internal());
    };
    let Some(state) = req.app_data::<actix_web::web::Data<AppState>>() else {
        return Err(ApiError::internal());
    };
    let mut hash = Sha256::new();
    hash.update(req.method().as_str().as_bytes());
    hash.update(b"\n");
    hash.update(
        req.uri()
            .path_and_query()
            .map_or(req.path(), |p| p.as_str())
            .as_bytes(),
    );
    hash.update(b"\n");
    hash.update(body);
    let digest: [u8; 32] = hash.finalize().into();
    // Keyed, because bodies hold card numbers, passwords and personal data: an unkeyed hash in
    // the database could confirm a guessed body. The key lives outside the database.
    let request_hash = state
        .settings
        .consortium
        .key
        .fingerprint_labelled(HASH_LABEL, &hex::encode(digest))
        .as_bytes()
        .to_vec();
    // The route pattern is the operation: keys are scoped per operation (and per tenant).
    Ok(IdempotencyKey(Some(RetryKey {
        key,
        operation,
        request_hash,
    })))
}

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(bind(req))
    }
}

/// A response that is ready to send: the first one, or a replay of it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    body: Vec<u8>,
    pub replayed: bool,
}

impl From<StoredReply> for Reply {
    fn from(reply: StoredReply) -> Self {
        Self {
            status: StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK),
            body: reply.body,
            replayed: reply.replayed,
        }
    }
}

impl From<Reply> for HttpResponse {
    fn from(reply: Reply) -> Self {
        let mut response = HttpResponse::build(reply.status);
        response.insert_header((CONTENT_TYPE, "application/json"));
        if reply.replayed {
            response.insert_header((REPLAYED_HEADER, "true"));
        }
        response.body(reply.body)
    }
}

impl IdempotencyKey {
    pub fn is_present(&self) -> bool {
        self.0.is_some()
    }

    /// The key as the use-case layer takes it (`None` without the header).
    pub fn retry(&self) -> Option<&RetryKey> {
        self.0.as_ref()
    }

    /// The key scoped to the caller's mode: a test key's Idempotency-Key never replays a live
    /// answer (nor the reverse), even when an integrator reuses its keys when going live.
    pub fn in_mode(mut self, livemode: bool) -> Self {
        if !livemode && let Some(retry) = self.0.as_mut() {
            retry.operation = format!("{} (test mode)", retry.operation);
        }
        self
    }

    /// Claims the key in the caller's tenant transaction (inside `tenancy::in_tenant`).
    /// `Some(reply)`: the key was used before by this same request; answer with the reply and do
    /// nothing else. Refuses a key used for another request.
    pub async fn claim(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Option<Reply>, ApiError> {
        Ok(idempotency::claim(conn, tenant_id, self.retry())
            .await?
            .map(Reply::from))
    }

    /// The response to send, stored under the key (when there is one) in the same transaction,
    /// so that it commits together with what it acknowledges.
    pub async fn respond<T: Serialize>(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        status: StatusCode,
        body: &T,
    ) -> Result<Reply, ApiError> {
        Ok(
            idempotency::respond(conn, tenant_id, self.retry(), status.as_u16(), body)
                .await?
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_visible_ascii_of_1_to_255() {
        for good in ["a", "order-1:retry", &"k".repeat(255), "!~"] {
            assert!(
                parse_key(&HeaderValue::from_str(good).unwrap()).is_ok(),
                "{good}"
            );
        }
        let long = "k".repeat(256);
        let bad: Vec<HeaderValue> = vec![
            HeaderValue::from_static(""),
            HeaderValue::from_str(&long).unwrap(),
            HeaderValue::from_static("has space"),
            HeaderValue::from_static("tab\there"),
            HeaderValue::from_bytes("キー".as_bytes()).unwrap(),
        ];
        for value in bad {
            let error = parse_key(&value).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidIdempotencyKey);
        }
    }
}
