//! External enrichment: checks that need an outside service (phone line status, address
//! existence, IP intelligence) behind one [`EnrichmentProvider`] interface.
//!
//! [`Enrichment::run`] asks every provider at once, each under its own time budget, so a run
//! never takes longer than the largest budget: a slow or failing provider costs a skipped check
//! (`enrichment_skipped` in the reasons), never a late decision. Answers are cached per provider,
//! check and input; a provider that keeps failing is left alone for a while (circuit breaker).
//! The built-in [`OfflineProvider`] always runs; HTTP providers come from the settings. See
//! docs/ENRICHMENT.md.

mod breaker;
mod cache;
mod findings;
mod http;
mod offline;
mod provider;
mod request;
mod settings;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use thiserror::Error;

pub use breaker::{BreakerSettings, BreakerState};
pub use findings::{EnrichmentReport, Finding, Findings, SkipReason, Skipped};
pub use http::HttpProvider;
pub use offline::{OFFLINE_PROVIDER, OfflineProvider};
pub use provider::{EnrichmentProvider, ProviderError, ProviderFuture};
pub use request::{AddressLookup, Check, EnrichmentRequest, PhoneLookup};
pub use settings::{EnrichmentSettings, HttpProviderSettings};

use breaker::{CircuitBreaker, Transition};
use cache::{CacheKey, FindingsCache};

/// The configured providers with their budgets, breakers and the shared cache.
#[derive(Debug)]
pub struct Enrichment {
    providers: Vec<Registered>,
    cache: FindingsCache,
    breaker: BreakerSettings,
}

/// How one provider is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderOptions {
    /// The longest the provider may take; after it, its checks are skipped.
    pub budget: Duration,
    /// Reuse answers for the same input (pointless for an in-process lookup).
    pub cache: bool,
}

#[derive(Debug, Error)]
pub enum EnrichmentError {
    #[error("enrichment provider '{0}' is configured twice")]
    DuplicateProvider(String),
    #[error("enrichment provider '': the name must not be empty")]
    UnnamedProvider,
    #[error("enrichment provider '{name}': {message}")]
    InvalidProvider {
        name: String,
        message: http::ProviderUrlError,
    },
}

struct Registered {
    provider: Arc<dyn EnrichmentProvider>,
    name: Arc<str>,
    options: ProviderOptions,
    breaker: CircuitBreaker,
}

impl std::fmt::Debug for Registered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registered")
            .field("name", &self.name)
            .field("options", &self.options)
            .field("breaker", &self.breaker)
            .finish()
    }
}

/// What one provider gave in one run.
#[derive(Default)]
struct Outcome {
    findings: Vec<Finding>,
    skipped: Vec<(Check, SkipReason)>,
}

impl Enrichment {
    /// No providers yet: add them with [`Enrichment::with_provider`].
    pub fn new(settings: &EnrichmentSettings) -> Self {
        Self {
            providers: Vec::new(),
            cache: FindingsCache::new(settings.cache_capacity, settings.cache_ttl),
            breaker: settings.breaker,
        }
    }

    /// The offline provider, then the configured HTTP providers.
    pub fn from_settings(settings: &EnrichmentSettings) -> Result<Self, EnrichmentError> {
        let mut enrichment = Self::new(settings).with_provider(
            Arc::new(OfflineProvider),
            ProviderOptions {
                budget: settings.default_budget,
                cache: false,
            },
        )?;
        for configured in &settings.providers {
            let budget = configured.budget.unwrap_or(settings.default_budget);
            let provider = HttpProvider::new(
                &configured.name,
                &configured.url,
                &configured.checks,
                budget,
                configured.private_network,
            )
            .map_err(|message| EnrichmentError::InvalidProvider {
                name: configured.name.clone(),
                message,
            })?;
            enrichment = enrichment.with_provider(
                Arc::new(provider),
                ProviderOptions {
                    budget,
                    cache: true,
                },
            )?;
        }
        Ok(enrichment)
    }

    pub fn with_provider(
        mut self,
        provider: Arc<dyn EnrichmentProvider>,
        options: ProviderOptions,
    ) -> Result<Self, EnrichmentError> {
        let name: Arc<str> = provider.name().into();
        if name.is_empty() {
            return Err(EnrichmentError::UnnamedProvider);
        }
        if self.providers.iter().any(|known| known.name == name) {
            return Err(EnrichmentError::DuplicateProvider(name.to_string()));
        }
        self.providers.push(Registered {
            provider,
            name,
            options,
            breaker: CircuitBreaker::new(self.breaker),
        });
        Ok(self)
    }

    /// The providers' names, in the order they run and report.
    pub fn provider_names(&self) -> impl Iterator<Item = &str> {
        self.providers.iter().map(|registered| &*registered.name)
    }

    /// Where a provider's circuit breaker is (none for an unknown name).
    pub fn breaker_state(&self, provider: &str) -> Option<BreakerState> {
        self.providers
            .iter()
            .find(|registered| &*registered.name == provider)
            .map(|registered| registered.breaker.state())
    }

    /// Asks every provider at once about the checks it makes and the request has inputs for;
    /// returns within the largest budget.
    pub async fn run(&self, request: &EnrichmentRequest) -> EnrichmentReport {
        let outcomes = join_all(
            self.providers
                .iter()
                .map(|registered| self.run_one(registered, request)),
        )
        .await;
        let mut report = EnrichmentReport::default();
        for (registered, outcome) in self.providers.iter().zip(outcomes) {
            let provider = registered.name.to_string();
            report.findings.extend(
                outcome
                    .findings
                    .into_iter()
                    .map(|finding| (provider.clone(), finding)),
            );
            report
                .skipped
                .extend(outcome.skipped.into_iter().map(|(check, why)| Skipped {
                    provider: provider.clone(),
                    check,
                    why,
                }));
        }
        report
    }

    async fn run_one(&self, registered: &Registered, request: &EnrichmentRequest) -> Outcome {
        let deadline = tokio::time::Instant::now() + registered.options.budget;
        let mut outcome = Outcome::default();
        let mut missing = Vec::new();
        for &check in registered.provider.checks() {
            if !request.has_input_for(check) || missing.contains(&check) {
                continue;
            }
            match self.cached(registered, request, check).await {
                Some(findings) => outcome.findings.extend(findings.iter().cloned()),
                None => missing.push(check),
            }
        }
        if missing.is_empty() {
            return outcome;
        }
        let skip = |outcome: &mut Outcome, why: SkipReason| {
            outcome
                .skipped
                .extend(missing.iter().map(|&check| (check, why)));
        };
        let Some(permit) = registered.breaker.admit(Instant::now()) else {
            tracing::debug!(enrichment.provider = %registered.name, "enrichment provider skipped: circuit open");
            skip(&mut outcome, SkipReason::CircuitOpen);
            return outcome;
        };
        let narrowed = request.only(&missing);
        let answer = tokio::time::timeout_at(deadline, registered.provider.enrich(&narrowed)).await;
        let transition = match answer {
            Ok(Ok(findings)) => {
                let transition = permit.succeed(Instant::now());
                for &check in &missing {
                    let of_check: Vec<Finding> = findings
                        .iter()
                        .filter(|finding| finding.check() == check)
                        .cloned()
                        .collect();
                    outcome.findings.extend(of_check.iter().cloned());
                    if registered.options.cache
                        && let Some(input) = request.digest(check)
                    {
                        let key = CacheKey {
                            provider: registered.name.clone(),
                            check,
                            input,
                        };
                        self.cache.insert(key, of_check).await;
                    }
                }
                transition
            }
            Ok(Err(error)) => {
                tracing::warn!(enrichment.provider = %registered.name, %error, "enrichment provider failed");
                skip(&mut outcome, SkipReason::Error);
                permit.fail(Instant::now())
            }
            Err(_) => {
                tracing::warn!(
                    enrichment.provider = %registered.name,
                    enrichment.budget_ms = registered.options.budget.as_millis(),
                    "enrichment provider timed out"
                );
                skip(&mut outcome, SkipReason::Timeout);
                permit.fail(Instant::now())
            }
        };
        match transition {
            Transition::Opened => tracing::warn!(
                enrichment.provider = %registered.name,
                enrichment.cool_down_secs = self.breaker.cool_down.as_secs(),
                "enrichment circuit opened"
            ),
            Transition::Closed => {
                tracing::info!(enrichment.provider = %registered.name, "enrichment circuit closed")
            }
            Transition::None => {}
        }
        outcome
    }

    async fn cached(
        &self,
        registered: &Registered,
        request: &EnrichmentRequest,
        check: Check,
    ) -> Option<Arc<[Finding]>> {
        if !registered.options.cache {
            return None;
        }
        let key = CacheKey {
            provider: registered.name.clone(),
            check,
            input: request.digest(check)?,
        };
        self.cache.get(&key).await
    }
}
