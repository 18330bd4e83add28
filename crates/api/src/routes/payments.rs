//! `POST /v1/payments/attempts`: card authorisation attempts scored for card testing. The flow
//! is `sekisho_service::payments`.

use actix_web::{HttpResponse, post, web};
use sekisho_service::payments::{
    self, AttemptScoring, PaymentAttemptRequest, PaymentAttemptResponse,
};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::caller::{Permitted, SystemsOnly};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(record_attempt);
}

/// Record a card authorisation attempt (approved or declined) and score it for card testing
/// (クレジットマスター). A source caught testing cards — an IP, device, account or BIN whose
/// declines exceed the threshold at a high decline rate — raises an alert (`GET /v1/alerts`)
/// and its attempts are rejected until the alert expires.
#[utoipa::path(
    tag = "payments",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 200, body = PaymentAttemptResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/payments/attempts")]
async fn record_attempt(
    caller: Permitted<SystemsOnly>,
    state: web::Data<AppState>,
    body: Json<PaymentAttemptRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let with = AttemptScoring {
        pool: &state.pool,
        key: &state.settings.consortium.key,
        policy: &state.settings.card_testing,
        livemode: caller.livemode(),
        reference: &state.caches,
    };
    let answer = payments::record_attempt(
        with,
        caller.tenant_id(),
        &body,
        idempotency.in_mode(caller.livemode()).retry(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}
