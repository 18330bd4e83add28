//! One module per resource; each exposes `configure`, which routes and documents its handlers
//! in one declaration.

pub mod activity;
pub mod admin;
pub mod alerts;
pub mod analytics;
pub mod api_keys;
pub mod consortium_admin;
/// The members' consortium lookup (`POST /v1/negative/lookup`).
pub mod consortium_lookup;
pub mod customer_data;
pub mod device_tag;
pub mod fraud_reports;
pub mod lists;
pub mod login_risk;
pub mod me;
pub mod orders;
pub mod payments;
pub mod policy;
pub mod reference_lists;
pub mod reviews;
pub mod sign_in;
pub mod system;
pub mod tenant_limits;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    system::configure(cfg);
    device_tag::configure_pages(cfg);
    cfg.service(
        utoipa_actix_web::scope("/v1")
            .configure(sign_in::configure)
            .configure(me::configure)
            .configure(api_keys::configure)
            .configure(users::configure)
            .configure(fraud_reports::configure)
            .configure(consortium_lookup::configure)
            .configure(orders::configure)
            .configure(customer_data::configure)
            .configure(login_risk::configure)
            .configure(payments::configure)
            .configure(activity::configure)
            .configure(alerts::configure)
            .configure(reviews::configure)
            .configure(lists::configure)
            .configure(policy::configure)
            .configure(analytics::configure)
            .configure(device_tag::configure)
            .configure(webhooks::configure),
    );
    cfg.service(
        utoipa_actix_web::scope("/admin/v1")
            .configure(admin::configure)
            .configure(tenant_limits::configure)
            .configure(consortium_admin::configure)
            .configure(reference_lists::configure)
            .configure(analytics::configure_admin),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn list_names_are_spelled_as_serde_spells_them() {
        sekisho_domain::assert_vocabularies_match_serde!(super::lists::ListName);
    }
}
