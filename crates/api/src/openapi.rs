//! The document's frame: title, tags and the bearer security scheme. Paths and schemas are added
//! by the routes themselves (see `routes`).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::error::{ErrorBody, ErrorDetail, FieldError};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sekisho API",
        description = "Real-time fraud scoring and a consortium negative database for \
                       e-commerce merchants. Machine calls authenticate with \
                       `Authorization: Bearer <API key>`; dashboard calls with a session token \
                       from `POST /v1/auth/login`. Errors are `{\"error\": {\"code\", \"message\"}}`.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody, ErrorDetail, FieldError)),
    tags(
        (name = "system", description = "Health and readiness"),
        (name = "auth", description = "Dashboard sign-in"),
        (name = "api-keys", description = "A tenant's API keys"),
        (name = "users", description = "A tenant's staff"),
        (name = "consortium", description = "Fraud reports and the shared negative database"),
        (name = "orders", description = "Real-time order scoring and outcomes"),
        (name = "logins", description = "Login scoring: brute force, credential stuffing, bots"),
        (name = "payments", description = "Card payment attempts, card-testing detection and alerts"),
        (name = "reviews", description = "The manual review queue (目視審査)"),
        (name = "lists", description = "A tenant's allow and block lists"),
        (name = "policy", description = "Thresholds, rules, versions and backtests"),
        (name = "device-tag", description = "The device tag merchants embed, and the devices it saw"),
        (name = "webhooks", description = "Signed event notifications to a tenant's HTTPS endpoints"),
        (name = "analytics", description = "Approval rates, fraud exposure, workload, accuracy, consortium"),
        (name = "admin", description = "Platform administration"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key (`sk_live_…`) for machine calls, or a session token from \
                         /v1/auth/login for dashboard calls",
                    ))
                    .build(),
            ),
        );
    }
}
