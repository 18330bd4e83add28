//! What every handler can reach: the pool, the settings and the shared limiters.

use std::sync::Arc;

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use sekisho_service::orders::group_commit::OrderWriter;
use sekisho_service::orders::velocity_reads::VelocityReader;
use sekisho_store::Pool;

use crate::auth::rate_limit::{
    ApiKeyLimiter, DeviceTagLimiter, LoginLimiter, LoginLimits, TenantLimiter,
};
use crate::settings::ApiSettings;
use sekisho_outbound::enrichment::{Enrichment, EnrichmentError};
use sekisho_service::caches::Caches;
use sekisho_service::consortium_filter::ConsortiumFilter;
use sekisho_service::orders::usual_amounts::UsualAmounts;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// Read-only work that may lag the primary by a moment (analytics, backtests): a streaming
    /// standby when `SEKISHO_READ_DATABASE_URL` is set, else the same pool as writes.
    pub read_pool: Pool,
    pub settings: Arc<ApiSettings>,
    pub login_limiter: Arc<LoginLimiter>,
    /// Requests per API key, at each tenant's rate (this replica's share of it).
    pub api_key_limiter: Arc<ApiKeyLimiter>,
    pub report_limiter: Arc<TenantLimiter>,
    pub device_tag_limiter: Arc<DeviceTagLimiter>,
    /// Webhook test events per tenant per minute.
    pub webhook_test_limiter: Arc<TenantLimiter>,
    pub usual_amounts: Arc<UsualAmounts>,
    pub metrics: PrometheusMetrics,
    /// Outside checks (phone line, address, IP) under strict time budgets.
    pub enrichment: Arc<Enrichment>,
    /// API keys, tenants' participation and policies; used only while a `cache::Listener`
    /// started with these caches is listening.
    pub caches: Arc<Caches>,
    /// Consortium membership in memory; used only while a `consortium_filter::Listener`
    /// started with it listens and has built it.
    pub consortium_filter: Arc<ConsortiumFilter>,
    /// Stores scored orders in batches (group commit).
    pub order_writer: Arc<OrderWriter>,
    /// Reads scored orders' velocity in batches.
    pub velocity_reader: Arc<VelocityReader>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

/// Why the application's state could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("metrics registry: {0}")]
    Metrics(Box<dyn std::error::Error + Send + Sync>),
    #[error(transparent)]
    Enrichment(#[from] EnrichmentError),
    #[error("order writers: {0}")]
    OrderWriter(std::io::Error),
    #[error("velocity readers: {0}")]
    VelocityReader(std::io::Error),
}

impl AppState {
    /// Sends read-only work (analytics, backtests) to `read_pool`, e.g. a hot standby.
    #[must_use]
    pub fn with_read_pool(mut self, read_pool: Pool) -> Self {
        self.read_pool = read_pool;
        self
    }

    pub fn new(pool: Pool, settings: ApiSettings) -> Result<Self, StateError> {
        // A registry per app (not the global one) so that several apps can live in one process.
        let metrics = PrometheusMetricsBuilder::new("sekisho")
            .endpoint("/metrics")
            .mask_unmatched_patterns("unmatched")
            // Static documentation assets are not API traffic (and their catch-all route
            // pattern cannot be a label).
            .exclude_regex("^/docs/")
            .registry(prometheus::Registry::new())
            .build()
            .map_err(StateError::Metrics)?;
        sekisho_service::disposable_email::warm_up();
        let enrichment = Enrichment::from_settings(&settings.enrichment)?;
        let order_writer = OrderWriter::start(pool.clone()).map_err(StateError::OrderWriter)?;
        let velocity_reader =
            VelocityReader::start(pool.clone()).map_err(StateError::VelocityReader)?;
        Ok(Self {
            order_writer,
            velocity_reader,
            enrichment: Arc::new(enrichment),
            caches: Arc::new(Caches::new()),
            consortium_filter: Arc::new(ConsortiumFilter::new()),
            login_limiter: Arc::new(LoginLimiter::new(LoginLimits {
                per_account_and_ip: settings.login_per_account_and_ip_per_minute,
                per_ip: settings.login_per_ip_per_minute,
                per_account: settings.login_per_account_per_minute,
            })),
            api_key_limiter: Arc::new(ApiKeyLimiter::new(
                settings.api_key_requests_per_second,
                settings.replicas,
            )),
            usual_amounts: Arc::new(UsualAmounts::default()),
            webhook_test_limiter: Arc::new(TenantLimiter::per_minute(
                settings.webhooks.tests_per_tenant_per_minute,
            )),
            device_tag_limiter: Arc::new(DeviceTagLimiter::new(
                settings.device_tag_per_ip_per_minute,
            )),
            report_limiter: Arc::new(TenantLimiter::per_hour(
                settings.consortium.reports_per_tenant_per_hour,
            )),
            settings: Arc::new(settings),
            read_pool: pool.clone(),
            pool,
            metrics,
        })
    }
}
