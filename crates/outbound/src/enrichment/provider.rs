//! The interface every enrichment provider implements, in process or behind HTTP.

use futures_util::future::BoxFuture;
use thiserror::Error;

use super::findings::Findings;
use super::request::{Check, EnrichmentRequest};

/// A provider's answer to come. Boxed so that providers can live behind `dyn`.
pub type ProviderFuture<'a> = BoxFuture<'a, Result<Findings, ProviderError>>;

/// A source of facts about a phone number, an address or an IP.
///
/// [`Enrichment`](super::Enrichment) gives each provider a time budget, a cache and a circuit
/// breaker, so a provider only has to answer: it needs no timeout of its own, and it is called
/// only with the inputs of its [`checks`](EnrichmentProvider::checks) that were not cached.
/// Findings about checks it was not asked for are ignored.
pub trait EnrichmentProvider: Send + Sync {
    /// Unique among the configured providers; appears in reasons and logs.
    fn name(&self) -> &str;

    /// The checks it can make.
    fn checks(&self) -> &[Check];

    /// Looks the request up. Empty findings mean "nothing known", not "all is well".
    fn enrich<'a>(&'a self, request: &'a EnrichmentRequest) -> ProviderFuture<'a>;
}

/// Why a provider gave no answer. Messages carry no personal data and no URL (which may hold a
/// credential).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProviderError {
    #[error("could not reach the provider: {0}")]
    Transport(String),
    #[error("the provider answered HTTP {0}")]
    Status(u16),
    #[error("the provider's answer is malformed: {0}")]
    Malformed(String),
}
