//! Per-process caches of what nearly every request reads and rarely changes: API key
//! authentication results, a tenant's consortium participation, its scoring policy and its allow
//! and block lists ([`lists`]), and what the platform's reference lists say about an IP, a card
//! BIN or an address ([`reference`]).
//!
//! Invalidation is driven by the database: triggers on `api_keys`, `tenants`,
//! `tenant_policies`, `tenant_lists` and the reference lists' tables send `NOTIFY sekisho_cache`
//! with what changed, whoever wrote it (this process, another replica, the CLI, the importer),
//! and every process's [`Listener`] evicts the affected entries. The writers in this process also
//! evict right after their commit, so that a change takes effect here at once without waiting for
//! the notification.
//!
//! The caches are only used while the listener holds its `LISTEN`: before it connects and after
//! its connection drops (until it has listened again) every read goes to the database, and every
//! (re)connection clears everything, so a missed notification cannot leave a stale entry. A
//! generation counter, bumped by every invalidation, keeps a read that raced with an
//! invalidation from storing what it read. Entries also expire after [`SAFETY_TTL`] regardless.

mod listener;
mod lists;
mod reference;
mod tenant_settings;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use moka::future::Cache;
use sekisho_scoring::policy::Policy;
use sekisho_store::AsyncPgConnection;
use sekisho_store::tenants::Tenant;
use serde::Deserialize;
use uuid::Uuid;

pub use listener::Listener;

/// The channel the triggers notify.
pub const CHANNEL: &str = "sekisho_cache";
/// How long any entry may live whatever the notifications say. For API keys it is also how often
/// a key in steady use is checked against the database again, which records its last use (the
/// SQL function does so at most once a minute).
pub const SAFETY_TTL: Duration = Duration::from_secs(60);
/// How long "no such key" is remembered: short, so that a key created where no notification
/// reaches (or before it arrives) works almost at once.
pub const NEGATIVE_TTL: Duration = Duration::from_secs(2);

const MAX_KEYS: u64 = 100_000;
const MAX_TENANTS: u64 = 100_000;
/// Entries per reference cache (IPs, BINs, addresses): a few tens of MiB at most.
const MAX_REFERENCE: u64 = 200_000;

/// The owner of a valid (unrevoked) API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyOwner {
    pub tenant_id: Uuid,
    pub key_id: Uuid,
    /// The tenant's per-key rate limit; `None`: the server's default.
    pub requests_per_second: Option<u32>,
    /// `false` for a test key (docs/TESTING.md).
    pub livemode: bool,
}

/// What the cache knows about a key hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachedKey {
    Valid(KeyOwner),
    /// Unknown or revoked (remembered for [`NEGATIVE_TTL`] only).
    Invalid,
}

/// A tenant's consortium participation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participation {
    pub contributes: bool,
    pub consumes: bool,
}

/// What one notification says changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    ApiKey {
        tenant_id: Uuid,
        key_id: Uuid,
    },
    Tenant {
        tenant_id: Uuid,
    },
    Policy {
        tenant_id: Uuid,
    },
    /// A reference list (IP reputation or country, card BINs, addresses) changed.
    ReferenceLists,
    /// A tenant's allow or block list changed; every tenant's when `tenant_id` is absent.
    TenantLists {
        #[serde(default)]
        tenant_id: Option<Uuid>,
    },
}

pub struct Caches {
    keys: Cache<[u8; 32], KeyOwner>,
    invalid_keys: Cache<[u8; 32], ()>,
    tenants: Cache<Uuid, Participation>,
    policies: Cache<Uuid, Arc<Policy>>,
    reference: reference::ReferenceCaches,
    lists: lists::ListCaches,
    /// Bumped by every invalidation; a read stores its result only if it did not move.
    generation: AtomicU64,
    /// Whether a listener currently holds `LISTEN sekisho_cache`.
    listening: AtomicBool,
}

impl std::fmt::Debug for Caches {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caches")
            .field("keys", &self.keys.entry_count())
            .field("tenants", &self.tenants.entry_count())
            .field("policies", &self.policies.entry_count())
            .field("listening", &self.is_listening())
            .finish()
    }
}

impl Default for Caches {
    fn default() -> Self {
        Self::new()
    }
}

impl Caches {
    pub fn new() -> Self {
        Self {
            keys: Cache::builder()
                .max_capacity(MAX_KEYS)
                .time_to_live(SAFETY_TTL)
                .support_invalidation_closures()
                .build(),
            invalid_keys: Cache::builder()
                .max_capacity(MAX_KEYS)
                .time_to_live(NEGATIVE_TTL)
                .build(),
            tenants: Cache::builder()
                .max_capacity(MAX_TENANTS)
                .time_to_live(SAFETY_TTL)
                .build(),
            policies: Cache::builder()
                .max_capacity(MAX_TENANTS)
                .time_to_live(SAFETY_TTL)
                .build(),
            reference: reference::ReferenceCaches::new(MAX_REFERENCE, SAFETY_TTL),
            lists: lists::ListCaches::new(SAFETY_TTL),
            generation: AtomicU64::new(0),
            listening: AtomicBool::new(false),
        }
    }

    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    /// Take before reading the database; pass to the `store_*` method afterwards.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn unchanged_since(&self, generation: u64) -> bool {
        self.is_listening() && self.generation() == generation
    }

    // ----- API keys -----

    pub async fn key(&self, hash: &[u8; 32]) -> Option<CachedKey> {
        if !self.is_listening() {
            return None;
        }
        if let Some(owner) = self.keys.get(hash).await {
            return Some(CachedKey::Valid(owner));
        }
        self.invalid_keys
            .get(hash)
            .await
            .map(|()| CachedKey::Invalid)
    }

    pub async fn store_key(&self, hash: [u8; 32], found: CachedKey, generation: u64) {
        if !self.unchanged_since(generation) {
            return;
        }
        match found {
            CachedKey::Valid(owner) => {
                self.keys.insert(hash, owner).await;
                if !self.unchanged_since(generation) {
                    self.keys.invalidate(&hash).await;
                }
            }
            CachedKey::Invalid => {
                self.invalid_keys.insert(hash, ()).await;
                if !self.unchanged_since(generation) {
                    self.invalid_keys.invalidate(&hash).await;
                }
            }
        }
    }

    // ----- tenants -----

    /// The tenant's participation, from the cache or read with `conn` (inside the caller's
    /// transaction, which has set the tenant or the platform scope).
    pub async fn participation(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Participation, crate::ServiceError> {
        if self.is_listening()
            && let Some(found) = self.tenants.get(&tenant_id).await
        {
            return Ok(found);
        }
        let generation = self.generation();
        let tenant = Tenant::find(conn, tenant_id).await?;
        let found = Participation {
            contributes: tenant.contributes,
            consumes: tenant.consumes,
        };
        if self.unchanged_since(generation) {
            self.tenants.insert(tenant_id, found).await;
            if !self.unchanged_since(generation) {
                self.tenants.invalidate(&tenant_id).await;
            }
        }
        Ok(found)
    }

    // ----- policies -----

    /// The tenant's current policy, from the cache or read with `conn` (inside the caller's
    /// transaction, which has set the tenant).
    pub async fn policy(
        &self,
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
    ) -> Result<Arc<Policy>, crate::ServiceError> {
        if self.is_listening()
            && let Some(found) = self.policies.get(&tenant_id).await
        {
            return Ok(found);
        }
        let generation = self.generation();
        let found = Arc::new(crate::orders::policy::current(conn, tenant_id).await?);
        if self.unchanged_since(generation) {
            self.policies.insert(tenant_id, found.clone()).await;
            if !self.unchanged_since(generation) {
                self.policies.invalidate(&tenant_id).await;
            }
        }
        Ok(found)
    }

    // ----- invalidation -----

    /// Evicts what `change` makes stale.
    pub async fn apply(&self, change: Change) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        match change {
            Change::ApiKey { key_id, .. } => {
                // A new key may have been remembered as unknown; forget every such answer.
                self.invalid_keys.invalidate_all();
                if self
                    .keys
                    .invalidate_entries_if(move |_, owner| owner.key_id == key_id)
                    .is_err()
                {
                    self.keys.invalidate_all();
                }
            }
            Change::Tenant { tenant_id } => {
                self.tenants.invalidate(&tenant_id).await;
                // Keys carry their tenant's rate limit.
                if self
                    .keys
                    .invalidate_entries_if(move |_, owner| owner.tenant_id == tenant_id)
                    .is_err()
                {
                    self.keys.invalidate_all();
                }
            }
            Change::Policy { tenant_id } => self.policies.invalidate(&tenant_id).await,
            Change::ReferenceLists => self.reference.clear(),
            Change::TenantLists { tenant_id } => self.lists.evict(tenant_id).await,
        }
    }

    /// Applies one notification's payload; one that does not parse clears everything.
    pub async fn apply_payload(&self, payload: &str) {
        match serde_json::from_str::<Change>(payload) {
            Ok(change) => self.apply(change).await,
            Err(error) => {
                tracing::warn!(%error, payload, "unexpected cache notification; clearing caches");
                self.clear();
            }
        }
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.keys.invalidate_all();
        self.invalid_keys.invalidate_all();
        self.tenants.invalidate_all();
        self.policies.invalidate_all();
        self.reference.clear();
        self.lists.clear();
    }

    /// The listener holds `LISTEN` again: start from nothing (notifications may have been
    /// missed) and use the caches.
    pub(crate) fn listening_started(&self) {
        self.clear();
        self.listening.store(true, Ordering::SeqCst);
    }

    /// The listener lost its connection: stop using the caches until it listens again.
    pub(crate) fn listening_stopped(&self) {
        self.listening.store(false, Ordering::SeqCst);
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn owner(tenant_id: Uuid) -> KeyOwner {
        KeyOwner {
            tenant_id,
            key_id: Uuid::now_v7(),
            requests_per_second: None,
            livemode: true,
        }
    }

    fn listening() -> Caches {
        let caches = Caches::new();
        caches.listening_started();
        caches
    }

    #[tokio::test]
    async fn nothing_is_cached_while_not_listening() {
        let caches = Caches::new();
        let tenant = Uuid::now_v7();
        let generation = caches.generation();
        caches
            .store_key([1; 32], CachedKey::Valid(owner(tenant)), generation)
            .await;
        assert_eq!(caches.key(&[1; 32]).await, None);

        caches.listening_started();
        let generation = caches.generation();
        caches
            .store_key([1; 32], CachedKey::Valid(owner(tenant)), generation)
            .await;
        assert!(caches.key(&[1; 32]).await.is_some());
        caches.listening_stopped();
        assert_eq!(caches.key(&[1; 32]).await, None);
        // Reconnecting starts from nothing.
        caches.listening_started();
        assert_eq!(caches.key(&[1; 32]).await, None);
    }

    #[tokio::test]
    async fn a_key_change_evicts_that_key_only() {
        let caches = listening();
        let tenant = Uuid::now_v7();
        let (a, b) = (owner(tenant), owner(tenant));
        let generation = caches.generation();
        caches
            .store_key([1; 32], CachedKey::Valid(a), generation)
            .await;
        caches
            .store_key([2; 32], CachedKey::Valid(b), generation)
            .await;
        caches
            .apply(Change::ApiKey {
                tenant_id: tenant,
                key_id: a.key_id,
            })
            .await;
        assert_eq!(caches.key(&[1; 32]).await, None);
        assert_eq!(caches.key(&[2; 32]).await, Some(CachedKey::Valid(b)));
    }

    #[tokio::test]
    async fn any_key_change_forgets_unknown_keys() {
        let caches = listening();
        let generation = caches.generation();
        caches
            .store_key([3; 32], CachedKey::Invalid, generation)
            .await;
        assert_eq!(caches.key(&[3; 32]).await, Some(CachedKey::Invalid));
        caches
            .apply_payload(&format!(
                r#"{{"kind":"api_key","tenant_id":"{}","key_id":"{}"}}"#,
                Uuid::now_v7(),
                Uuid::now_v7()
            ))
            .await;
        assert_eq!(caches.key(&[3; 32]).await, None);
    }

    #[tokio::test]
    async fn a_read_that_raced_an_invalidation_is_not_stored() {
        let caches = listening();
        let tenant = Uuid::now_v7();
        let generation = caches.generation();
        // The database was read (old value), then a change was notified, then the read tries to
        // store what it saw.
        caches.apply(Change::Tenant { tenant_id: tenant }).await;
        caches
            .store_key([4; 32], CachedKey::Valid(owner(tenant)), generation)
            .await;
        assert_eq!(caches.key(&[4; 32]).await, None);
    }

    #[tokio::test]
    async fn tenant_and_policy_changes_evict_their_tenant() {
        let caches = listening();
        let (t1, t2) = (Uuid::now_v7(), Uuid::now_v7());
        let flags = Participation {
            contributes: true,
            consumes: true,
        };
        for tenant in [t1, t2] {
            caches.tenants.insert(tenant, flags).await;
            caches
                .policies
                .insert(tenant, Arc::new(Policy::default()))
                .await;
        }
        caches
            .apply_payload(&format!(r#"{{"kind":"tenant","tenant_id":"{t1}"}}"#))
            .await;
        assert!(caches.tenants.get(&t1).await.is_none());
        assert!(caches.tenants.get(&t2).await.is_some());
        assert!(caches.policies.get(&t1).await.is_some());
        caches
            .apply_payload(&format!(r#"{{"kind":"policy","tenant_id":"{t2}"}}"#))
            .await;
        assert!(caches.policies.get(&t2).await.is_none());
        assert!(caches.policies.get(&t1).await.is_some());
        // A payload that does not parse clears everything.
        caches.apply_payload("garbage").await;
        assert!(caches.policies.get(&t1).await.is_none());
        assert!(caches.tenants.get(&t2).await.is_none());
    }
}
