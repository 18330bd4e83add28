//! The tenant's customer data settings (owners): how long orders keep the customer's own data,
//! and whether the tenant's API keys may read it back.

use actix_web::{HttpResponse, get, put, web};
use sekisho_store::audit::{AuditEntry, NewAuditEntry};
use sekisho_store::customer_data::CustomerDataSettings;
use sekisho_store::tenancy;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::TenantUser;
use crate::auth::caller::OwnerOnly;
use crate::error::{ApiError, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_settings).service(put_settings);
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerDataSettingsView {
    /// Days after scoring that an order keeps the customer's data (1–3650; default 180). A
    /// scheduled job clears it afterwards.
    #[schema(example = 180)]
    pub retention_days: i32,
    /// Whether the tenant's API keys read the unmasked customer from `GET /v1/orders/{id}`
    /// (each read audited). Default false.
    pub api_keys_read_customer_data: bool,
}

impl From<CustomerDataSettings> for CustomerDataSettingsView {
    fn from(settings: CustomerDataSettings) -> Self {
        Self {
            retention_days: settings.retention_days,
            api_keys_read_customer_data: settings.api_keys_read,
        }
    }
}

/// The tenant's customer data settings (owners).
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    responses((status = 200, body = CustomerDataSettingsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody))
)]
#[get("/customer-data/settings")]
async fn get_settings(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    let settings =
        tenancy::in_tenant::<_, ApiError, _, _>(&mut conn, owner.tenant_id, async |conn| {
            Ok(CustomerDataSettings::find(conn, owner.tenant_id).await?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(CustomerDataSettingsView::from(settings)))
}

/// Change the retention period and API-key access of the tenant's customer data (owners;
/// audited). A shorter period applies at the next purge.
#[utoipa::path(
    tag = "orders",
    security(("bearer" = [])),
    responses((status = 200, body = CustomerDataSettingsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody))
)]
#[put("/customer-data/settings")]
async fn put_settings(
    owner: TenantUser<OwnerOnly>,
    state: web::Data<AppState>,
    body: Json<CustomerDataSettingsView>,
) -> Result<HttpResponse, ApiError> {
    if !(1..=3650).contains(&body.retention_days) {
        return Err(ApiError::field("retention_days", "must be 1 to 3650"));
    }
    let wanted = CustomerDataSettings {
        retention_days: body.retention_days,
        api_keys_read: body.api_keys_read_customer_data,
    };
    let actor = format!("user:{}", owner.user_id);
    let mut conn = sekisho_store::pool::get(&state.pool).await?;
    // Tenants' rows are the platform's to write; this path changes the owner's own tenant only.
    let saved = tenancy::in_platform::<_, ApiError, _, _>(&mut conn, async |conn| {
        let saved = CustomerDataSettings::save(conn, owner.tenant_id, &wanted).await?;
        AuditEntry::record(
            conn,
            &NewAuditEntry {
                tenant_id: Some(owner.tenant_id),
                actor: &actor,
                action: "customer_data.settings",
                target: None,
                details: serde_json::json!({
                    "retention_days": saved.retention_days,
                    "api_keys_read_customer_data": saved.api_keys_read,
                }),
            },
        )
        .await?;
        Ok(saved)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomerDataSettingsView::from(saved)))
}
