//! `POST /v1/logins/score`: login risk scoring (不正ログイン対策) for merchants' customers. The flow
//! is `sekisho_service::logins`; the staff sign-in of the dashboard is `routes::sign_in`.

use actix_web::{HttpResponse, post, web};
use sekisho_service::logins::{self, LoginScoring, ScoreLoginRequest, ScoreLoginResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::caller::{Permitted, SystemsOnly};
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::idempotency::{IdempotencyKey, Reply};
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(score);
}

/// Score a customer's login (success or failure) for brute force, credential stuffing, bots,
/// anonymising networks, logins from abroad and new devices. Send every login, the failed ones
/// too: they are what the velocity signals count.
#[utoipa::path(
    tag = "logins",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: 1–255 visible ASCII characters")),
    responses(
        (status = 200, body = ScoreLoginResponse),
        (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody),
    )
)]
#[post("/logins/score")]
async fn score(
    caller: Permitted<SystemsOnly>,
    state: web::Data<AppState>,
    body: Json<ScoreLoginRequest>,
    idempotency: IdempotencyKey,
) -> Result<HttpResponse, ApiError> {
    let with = LoginScoring {
        pool: &state.pool,
        key: &state.settings.consortium.key,
        policy: &state.settings.logins,
        livemode: caller.livemode(),
        reference: &state.caches,
    };
    let answer = logins::score(
        with,
        caller.tenant_id(),
        &body,
        idempotency.in_mode(caller.livemode()).retry(),
    )
    .await?;
    Ok(Reply::from(answer.into_reply()).into())
}
