//! The settings as the subsystems take them, checked: a value out of range is refused at start
//! with the variable's name, never clamped silently.

use std::time::Duration;

use anyhow::Context;
use sekisho_api::client_address::{ForwardedHeader, TrustedProxies};
use sekisho_outbound::enrichment::{BreakerSettings, EnrichmentSettings, HttpProviderSettings};
use sekisho_scoring::card_testing::{CardTestingPolicy, SourceKind};
use sekisho_store::PoolOptions;

use super::Settings;

impl Settings {
    /// The card-testing policy, checked.
    pub fn card_testing(&self) -> anyhow::Result<CardTestingPolicy> {
        let mut policy = CardTestingPolicy::default();
        for (name, failures) in &self.card_testing_thresholds {
            let (source, window) = name.rsplit_once('_').unwrap_or((name.as_str(), ""));
            let kind = SourceKind::parse(source).with_context(|| {
                format!("SEKISHO_CARD_TESTING_THRESHOLDS: unknown source in '{name}'")
            })?;
            anyhow::ensure!(
                *failures >= 1,
                "SEKISHO_CARD_TESTING_THRESHOLDS: '{name}' must be at least 1"
            );
            let threshold = policy.threshold_mut(kind);
            match window {
                "1h" => threshold.failures_1h = *failures,
                "24h" => threshold.failures_24h = *failures,
                _ => anyhow::bail!(
                    "SEKISHO_CARD_TESTING_THRESHOLDS: '{name}' must end in _1h or _24h"
                ),
            }
        }
        for (rate, what) in [
            (
                self.card_testing_failure_rate,
                "SEKISHO_CARD_TESTING_FAILURE_RATE",
            ),
            (
                self.card_testing_extreme_failure_rate,
                "SEKISHO_CARD_TESTING_EXTREME_FAILURE_RATE",
            ),
        ] {
            anyhow::ensure!(
                rate > 0.0 && rate <= 1.0,
                "{what} must be above 0 and at most 1"
            );
        }
        anyhow::ensure!(
            self.card_testing_alert_hours >= 1,
            "SEKISHO_CARD_TESTING_ALERT_HOURS must be at least 1"
        );
        policy.min_failure_rate = self.card_testing_failure_rate;
        policy.extreme_failure_rate = self.card_testing_extreme_failure_rate;
        policy.alert_ttl_secs =
            i64::try_from(self.card_testing_alert_hours.saturating_mul(3600)).unwrap_or(i64::MAX);
        policy.risky_source_failures = self.card_testing_risky_source_failures.max(1);
        Ok(policy)
    }
}

impl Settings {
    /// The pool's limits, checked: every wait must be bounded and shorter than the request's.
    pub fn pool_options(&self) -> anyhow::Result<PoolOptions> {
        for (ms, what) in [
            (self.request_timeout_ms, "SEKISHO_REQUEST_TIMEOUT_MS"),
            (
                self.db_statement_timeout_ms,
                "SEKISHO_DB_STATEMENT_TIMEOUT_MS",
            ),
            (self.pool_timeout_ms, "SEKISHO_POOL_TIMEOUT_MS"),
            (self.db_connect_timeout_ms, "SEKISHO_DB_CONNECT_TIMEOUT_MS"),
        ] {
            anyhow::ensure!(ms >= 1, "{what} must be at least 1");
        }
        Ok(PoolOptions {
            max_size: self.pool_size,
            wait_timeout: Duration::from_millis(self.pool_timeout_ms),
            statement_timeout: Duration::from_millis(self.db_statement_timeout_ms),
            connect_timeout: Duration::from_millis(self.db_connect_timeout_ms),
        })
    }

    /// The pool of a batch command: the same limits, with the batch statement timeout.
    pub fn batch_pool_options(&self) -> anyhow::Result<PoolOptions> {
        anyhow::ensure!(
            self.batch_statement_timeout_ms >= 1,
            "SEKISHO_BATCH_STATEMENT_TIMEOUT_MS must be at least 1"
        );
        Ok(PoolOptions {
            statement_timeout: Duration::from_millis(self.batch_statement_timeout_ms),
            ..self.pool_options()?
        })
    }

    /// The trusted proxies, checked; the older `trust_forwarded_for` alone means loopback.
    pub fn trusted_proxies(&self) -> anyhow::Result<TrustedProxies> {
        let header: ForwardedHeader = self
            .forwarded_header
            .parse()
            .map_err(|error| anyhow::anyhow!("SEKISHO_FORWARDED_HEADER {error}"))?;
        if self.trusted_proxies.is_empty() && self.trust_forwarded_for {
            return Ok(TrustedProxies::loopback(header));
        }
        TrustedProxies::parse(&self.trusted_proxies, header)
            .map_err(|error| anyhow::anyhow!("SEKISHO_TRUSTED_PROXIES: {error}"))
    }
}

/// A budget longer than this defeats the point of a budget: the decision waits for it.
const MAX_ENRICHMENT_BUDGET_MS: u64 = 5_000;

impl Settings {
    /// The enrichment part of the API's settings, checked.
    pub fn enrichment(&self) -> anyhow::Result<EnrichmentSettings> {
        let budget = |ms: u64, what: &str| {
            anyhow::ensure!(
                (1..=MAX_ENRICHMENT_BUDGET_MS).contains(&ms),
                "{what}: the budget must be 1 to {MAX_ENRICHMENT_BUDGET_MS} ms"
            );
            Ok(Duration::from_millis(ms))
        };
        let providers = self
            .enrichment_providers
            .iter()
            .map(|provider| {
                anyhow::ensure!(
                    !provider.checks.is_empty(),
                    "SEKISHO_ENRICHMENT_PROVIDERS: '{}' names no checks",
                    provider.name
                );
                Ok(HttpProviderSettings {
                    name: provider.name.clone(),
                    url: provider.url.clone(),
                    checks: provider.checks.clone(),
                    private_network: provider.private_network,
                    budget: provider
                        .budget_ms
                        .map(|ms| {
                            budget(
                                ms,
                                &format!("SEKISHO_ENRICHMENT_PROVIDERS '{}'", provider.name),
                            )
                        })
                        .transpose()?,
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(EnrichmentSettings {
            default_budget: budget(self.enrichment_budget_ms, "SEKISHO_ENRICHMENT_BUDGET_MS")?,
            cache_ttl: Duration::from_secs(self.enrichment_cache_ttl_secs),
            cache_capacity: self.enrichment_cache_capacity,
            breaker: BreakerSettings {
                failure_threshold: self.enrichment_breaker_failures.max(1),
                cool_down: Duration::from_secs(self.enrichment_breaker_cool_down_secs),
            },
            providers,
        })
    }
}
