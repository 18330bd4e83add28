//! Findings cached per provider, check and input, for a configurable time. Keys hold a SHA-256
//! of the input, not the input; "nothing known" is cached too, failures are not.

use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

use super::findings::Finding;
use super::request::Check;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    pub provider: Arc<str>,
    pub check: Check,
    pub input: [u8; 32],
}

#[derive(Clone)]
pub struct FindingsCache {
    entries: Cache<CacheKey, Arc<[Finding]>>,
}

impl std::fmt::Debug for FindingsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FindingsCache")
            .field("entries", &self.entries.entry_count())
            .finish()
    }
}

impl FindingsCache {
    /// At most `capacity` entries (least recently used go first), each kept for `ttl`.
    pub fn new(capacity: u64, ttl: Duration) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
        }
    }

    pub async fn get(&self, key: &CacheKey) -> Option<Arc<[Finding]>> {
        self.entries.get(key).await
    }

    pub async fn insert(&self, key: CacheKey, findings: Vec<Finding>) {
        self.entries.insert(key, findings.into()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(provider: &str, check: Check, input: u8) -> CacheKey {
        CacheKey {
            provider: provider.into(),
            check,
            input: [input; 32],
        }
    }

    #[tokio::test]
    async fn entries_are_apart_per_provider_check_and_input() {
        let cache = FindingsCache::new(100, Duration::from_secs(60));
        let found = vec![Finding::PhoneLine { active: false }];
        cache
            .insert(key("a", Check::PhoneLine, 1), found.clone())
            .await;
        assert_eq!(
            cache.get(&key("a", Check::PhoneLine, 1)).await.as_deref(),
            Some(found.as_slice())
        );
        assert!(cache.get(&key("b", Check::PhoneLine, 1)).await.is_none());
        assert!(
            cache
                .get(&key("a", Check::IpIntelligence, 1))
                .await
                .is_none()
        );
        assert!(cache.get(&key("a", Check::PhoneLine, 2)).await.is_none());
    }

    #[tokio::test]
    async fn nothing_known_is_cached_too() {
        let cache = FindingsCache::new(100, Duration::from_secs(60));
        cache.insert(key("a", Check::PhoneLine, 1), vec![]).await;
        assert_eq!(
            cache.get(&key("a", Check::PhoneLine, 1)).await.as_deref(),
            Some([].as_slice())
        );
    }

    #[tokio::test]
    async fn entries_expire_after_the_ttl() {
        let cache = FindingsCache::new(100, Duration::from_millis(50));
        cache.insert(key("a", Check::PhoneLine, 1), vec![]).await;
        tokio::time::sleep(Duration::from_millis(120)).await;
        assert!(cache.get(&key("a", Check::PhoneLine, 1)).await.is_none());
    }
}
