//! The settings the HTTP layer needs, filled in by the server from its layered configuration.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sekisho_domain::customer_data::CustomerDataKey;
use sekisho_domain::identifiers::ConsortiumKey;
use sekisho_scoring::card_testing::CardTestingPolicy;
use sekisho_scoring::consortium::MatchPolicy;
use sekisho_scoring::login::LoginPolicy;
use sekisho_scoring::order::OrderSettings;

use crate::client_address::TrustedProxies;
use sekisho_outbound::enrichment::EnrichmentSettings;
use sekisho_outbound::webhooks::WebhookSettings;

#[derive(Clone)]
pub struct ApiSettings {
    /// Signs dashboard session tokens (HS256). Never printed.
    pub jwt_secret: Vec<u8>,
    pub jwt_ttl: Duration,
    /// Login attempts allowed per account per minute before 429.
    pub login_per_account_per_minute: u32,
    /// Login attempts allowed per client IP per minute before 429.
    pub login_per_ip_per_minute: u32,
    /// Login attempts allowed against one account from one client IP per minute before 429
    /// (`login_per_account_per_minute` is the much higher ceiling from all addresses).
    pub login_per_account_and_ip_per_minute: u32,
    /// How long a dashboard session lasts at most, however often it is refreshed.
    pub session_max_age: Duration,
    /// Requests per second each API key may send when its tenant sets no rate of its own.
    pub api_key_requests_per_second: u32,
    /// How many replicas serve the API: each enforces its share of every key's rate.
    pub replicas: u32,
    /// Largest JSON body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest reference list a platform admin may upload as one CSV body (413 above).
    pub max_reference_list_bytes: usize,
    /// The operator's proxies whose forwarded header names the client (empty: none).
    pub trusted_proxies: TrustedProxies,
    /// Every request answers within this (`SEKISHO_REQUEST_TIMEOUT_MS`), 503 when it could not.
    pub request_timeout: Duration,
    /// `/metrics` needs `Authorization: Bearer <token>` when set; when unset it answers only to
    /// peers on this machine (`SEKISHO_METRICS_TOKEN`).
    pub metrics_token: Option<String>,
    /// Device-tag reports accepted per client IP per minute before 429.
    pub device_tag_per_ip_per_minute: u32,
    pub consortium: ConsortiumSettings,
    /// Outside checks: providers, budgets, cache, circuit breaker.
    pub enrichment: EnrichmentSettings,
    /// Where order signals turn suspicious (velocity limits, risky categories, home country).
    pub orders: OrderSettings,
    /// Where login signals turn suspicious (`POST /v1/logins/score`).
    pub logins: LoginPolicy,
    /// Card-testing thresholds and alert lifetime (`POST /v1/payments/attempts`).
    pub card_testing: CardTestingPolicy,
    /// Let webhooks use plain `http://` to this machine (127.0.0.1, [::1], localhost) and skip
    /// the public-address check: tests and local development only.
    pub allow_insecure_webhooks: bool,
    /// How webhook deliveries are sent and retried.
    pub webhooks: WebhookSettings,
    /// The built dashboard (`web/dist`), served at `/`; `None` serves a page saying how to build it.
    pub web_dir: Option<PathBuf>,
    /// Seals the tenant's own customer data (`SEKISHO_CUSTOMER_DATA_KEY`); `None`: not kept.
    pub customer_data_key: Option<Arc<CustomerDataKey>>,
    /// How long a reviewer may undo a review decision (`SEKISHO_REVIEW_UNDO_MINUTES`).
    pub review_undo_window: Duration,
}

/// How the consortium is fingerprinted and its matches weighed.
#[derive(Clone)]
pub struct ConsortiumSettings {
    pub key: Arc<ConsortiumKey>,
    pub policy: MatchPolicy,
    /// Fraud reports one tenant may submit through the API per hour.
    pub reports_per_tenant_per_hour: u32,
}

impl std::fmt::Debug for ApiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiSettings")
            .field("jwt_secret", &"***")
            .field("jwt_ttl", &self.jwt_ttl)
            .field(
                "login_per_account_per_minute",
                &self.login_per_account_per_minute,
            )
            .field("login_per_ip_per_minute", &self.login_per_ip_per_minute)
            .field(
                "login_per_account_and_ip_per_minute",
                &self.login_per_account_and_ip_per_minute,
            )
            .field("session_max_age", &self.session_max_age)
            .field(
                "api_key_requests_per_second",
                &self.api_key_requests_per_second,
            )
            .field("replicas", &self.replicas)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_reference_list_bytes", &self.max_reference_list_bytes)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("request_timeout", &self.request_timeout)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field(
                "device_tag_per_ip_per_minute",
                &self.device_tag_per_ip_per_minute,
            )
            .field("consortium.policy", &self.consortium.policy)
            .field("enrichment", &self.enrichment)
            .field("logins", &self.logins)
            .field("card_testing", &self.card_testing)
            .field("allow_insecure_webhooks", &self.allow_insecure_webhooks)
            .field("webhooks", &self.webhooks)
            .field("web_dir", &self.web_dir)
            .field("customer_data_key", &self.customer_data_key)
            .field("review_undo_window", &self.review_undo_window)
            .finish()
    }
}

impl ApiSettings {
    /// Defaults for everything but the secrets.
    pub fn new(jwt_secret: Vec<u8>, consortium_key: ConsortiumKey) -> Self {
        Self {
            jwt_secret,
            jwt_ttl: Duration::from_secs(15 * 60),
            login_per_account_per_minute: 100,
            login_per_ip_per_minute: 60,
            login_per_account_and_ip_per_minute: 10,
            session_max_age: Duration::from_secs(12 * 3600),
            api_key_requests_per_second: 10_000,
            replicas: 1,
            max_body_bytes: 256 * 1024,
            max_reference_list_bytes: 32 * 1024 * 1024,
            trusted_proxies: TrustedProxies::default(),
            request_timeout: Duration::from_secs(10),
            metrics_token: None,
            device_tag_per_ip_per_minute: 120,
            consortium: ConsortiumSettings {
                key: Arc::new(consortium_key),
                policy: MatchPolicy::default(),
                reports_per_tenant_per_hour: 1000,
            },
            orders: OrderSettings::default(),
            logins: LoginPolicy::default(),
            card_testing: CardTestingPolicy::default(),
            enrichment: EnrichmentSettings::default(),
            allow_insecure_webhooks: false,
            webhooks: WebhookSettings::default(),
            web_dir: None,
            customer_data_key: None,
            review_undo_window: Duration::from_secs(10 * 60),
        }
    }
}
