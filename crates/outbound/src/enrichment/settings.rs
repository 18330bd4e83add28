//! How enrichment is configured; the server fills this in from `SEKISHO_ENRICHMENT_*`.

use std::time::Duration;

use super::breaker::BreakerSettings;
use super::request::Check;

#[derive(Debug, Clone)]
pub struct EnrichmentSettings {
    /// The budget of a provider that names none, and of the offline provider.
    pub default_budget: Duration,
    /// How long findings are reused for the same input.
    pub cache_ttl: Duration,
    /// Cached entries (one per provider, check and input) before the least recently used go.
    pub cache_capacity: u64,
    pub breaker: BreakerSettings,
    /// The HTTP providers, in order; the offline provider always runs first.
    pub providers: Vec<HttpProviderSettings>,
}

impl Default for EnrichmentSettings {
    fn default() -> Self {
        Self {
            default_budget: Duration::from_millis(150),
            cache_ttl: Duration::from_secs(10 * 60),
            cache_capacity: 100_000,
            breaker: BreakerSettings::default(),
            providers: Vec::new(),
        }
    }
}

#[derive(Clone)]
pub struct HttpProviderSettings {
    pub name: String,
    /// May hold a credential (user info or a query parameter): never printed whole.
    pub url: String,
    pub checks: Vec<Check>,
    /// None: the default budget.
    pub budget: Option<Duration>,
    /// The operator's own provider inside its private network: its address is not checked.
    /// Otherwise (the default) the URL and every address its name resolves to must be public.
    pub private_network: bool,
}

impl std::fmt::Debug for HttpProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let host = reqwest::Url::parse(&self.url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_owned));
        f.debug_struct("HttpProviderSettings")
            .field("name", &self.name)
            .field("host", &host)
            .field("checks", &self.checks)
            .field("budget", &self.budget)
            .field("private_network", &self.private_network)
            .finish()
    }
}
