//! A tenant's own allow and block lists, held in memory for scoring: every scored order asks
//! about a dozen identifiers, while a tenant's lists change when a person edits them. A tenant's
//! unexpired entries are read once (one statement, in the scoring transaction) and matched here
//! afterwards; expiry is checked at every match, so an entry that runs out stops matching on
//! time without any notification.
//!
//! `tenant_lists` notifies `tenant_lists` with the tenant of every statement that changes it
//! (migration `2026-12-03-970001_tenant_lists_cache_notify`), which evicts that tenant's lists in
//! every process; this process's own list writes evict right after their commit. A tenant whose
//! lists exceed [`MAX_HELD`] entries is remembered as such and matched in SQL, as every tenant is
//! while the listener is not listening.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use moka::future::Cache;
use sekisho_store::Db;
use sekisho_store::lists::{HeldEntry, ListEntry, ListHit};
use uuid::Uuid;

use super::Caches;
use crate::ServiceError;

/// The most entries of one tenant kept in memory (about 150 bytes each).
pub const MAX_HELD: usize = 100_000;
/// The most entries kept for all tenants together.
const MAX_HELD_IN_ALL: u64 = 1_000_000;

/// One list holding one fingerprint.
#[derive(Debug)]
struct Listed {
    list: Box<str>,
    kind: Box<str>,
    expires_at: Option<DateTime<Utc>>,
}

/// What the process keeps of one tenant's lists.
#[derive(Debug)]
enum TenantLists {
    /// Every unexpired entry, by fingerprint.
    Held(HashMap<Box<[u8]>, Vec<Listed>>),
    /// More entries than [`MAX_HELD`]: matched in SQL.
    TooMany,
}

impl TenantLists {
    fn of(entries: Vec<HeldEntry>) -> Self {
        if entries.len() > MAX_HELD {
            return Self::TooMany;
        }
        let mut held: HashMap<Box<[u8]>, Vec<Listed>> = HashMap::with_capacity(entries.len());
        for entry in entries {
            held.entry(entry.fingerprint.into_boxed_slice())
                .or_default()
                .push(Listed {
                    list: entry.list.into_boxed_str(),
                    kind: entry.kind.into_boxed_str(),
                    expires_at: entry.expires_at,
                });
        }
        Self::Held(held)
    }

    /// The cache's weight: the entries held.
    fn weight(&self) -> u32 {
        match self {
            Self::Held(held) => {
                u32::try_from(held.values().map(Vec::len).sum::<usize>().max(1)).unwrap_or(u32::MAX)
            }
            Self::TooMany => 1,
        }
    }
}

/// Which lists hold any of the probes at `now`: each (list, kind) once, as the SQL match answers.
fn matches(
    held: &HashMap<Box<[u8]>, Vec<Listed>>,
    kinds: &[&str],
    fingerprints: &[&[u8]],
    now: DateTime<Utc>,
) -> Vec<ListHit> {
    let mut hits: Vec<ListHit> = Vec::new();
    for (kind, fingerprint) in kinds.iter().zip(fingerprints) {
        for listed in held.get(*fingerprint).into_iter().flatten() {
            let live = listed.expires_at.is_none_or(|at| at > now);
            let known = hits
                .iter()
                .any(|hit| hit.list == *listed.list && hit.kind == *listed.kind);
            if live && *listed.kind == **kind && !known {
                hits.push(ListHit {
                    list: listed.list.to_string(),
                    kind: listed.kind.to_string(),
                });
            }
        }
    }
    hits
}

pub(super) struct ListCaches {
    by_tenant: Cache<Uuid, Arc<TenantLists>>,
}

impl ListCaches {
    pub(super) fn new(ttl: Duration) -> Self {
        Self {
            by_tenant: Cache::builder()
                .max_capacity(MAX_HELD_IN_ALL)
                .weigher(|_, lists: &Arc<TenantLists>| lists.weight())
                .time_to_live(ttl)
                .build(),
        }
    }

    pub(super) async fn evict(&self, tenant_id: Option<Uuid>) {
        match tenant_id {
            Some(tenant_id) => self.by_tenant.invalidate(&tenant_id).await,
            None => self.by_tenant.invalidate_all(),
        }
    }

    pub(super) fn clear(&self) {
        self.by_tenant.invalidate_all();
    }
}

impl Caches {
    /// Which of the tenant's lists hold any of these identifiers now (`kinds[i]` with
    /// `fingerprints[i]`), from the tenant's lists in memory, read with `conn` (inside the
    /// caller's tenant transaction) when they are not.
    pub async fn list_hits<C: Db>(
        &self,
        conn: &mut C,
        tenant_id: Uuid,
        kinds: &[&str],
        fingerprints: &[&[u8]],
    ) -> Result<Vec<ListHit>, ServiceError> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        if !self.is_listening() {
            return Ok(ListEntry::hits(conn, tenant_id, kinds, fingerprints).await?);
        }
        // One read per tenant however many orders miss at once (moka runs one `init` per key
        // and the others wait for it): at 10,000 entries a read takes about 100 ms under load,
        // and every connection of the pool would otherwise make it together.
        let generation = self.generation();
        let mut read_here = false;
        let mut failure: Option<sekisho_store::StoreError> = None;
        let found = self
            .lists
            .by_tenant
            .try_get_with(tenant_id, async {
                read_here = true;
                let limit = i64::try_from(MAX_HELD).unwrap_or(i64::MAX);
                match ListEntry::held(&mut *conn, tenant_id, limit).await {
                    Ok(entries) => Ok(Arc::new(TenantLists::of(entries))),
                    Err(error) => {
                        failure = Some(error);
                        Err(())
                    }
                }
            })
            .await;
        let lists = match found {
            Ok(lists) => {
                // A change may have come while they were read: they serve this order (what the
                // database said), not the next.
                if read_here && !self.unchanged_since(generation) {
                    self.lists.by_tenant.invalidate(&tenant_id).await;
                }
                lists
            }
            Err(_) => match failure {
                Some(error) => return Err(error.into()),
                // Another request's read failed: this one asks the database itself.
                None => return Ok(ListEntry::hits(conn, tenant_id, kinds, fingerprints).await?),
            },
        };
        match lists.as_ref() {
            TenantLists::Held(held) => Ok(matches(held, kinds, fingerprints, Utc::now())),
            TenantLists::TooMany => {
                Ok(ListEntry::hits(conn, tenant_id, kinds, fingerprints).await?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn entry(
        list: &str,
        kind: &str,
        fingerprint: &[u8],
        expires_at: Option<DateTime<Utc>>,
    ) -> HeldEntry {
        HeldEntry {
            list: list.into(),
            kind: kind.into(),
            fingerprint: fingerprint.to_vec(),
            expires_at,
        }
    }

    fn held(entries: Vec<HeldEntry>) -> HashMap<Box<[u8]>, Vec<Listed>> {
        match TenantLists::of(entries) {
            TenantLists::Held(held) => held,
            TenantLists::TooMany => panic!("too many"),
        }
    }

    #[test]
    fn a_probe_matches_its_own_kind_once_per_list_until_it_expires() {
        let now = Utc::now();
        let lists = held(vec![
            entry("block", "email", b"e1", None),
            entry(
                "allow",
                "email",
                b"e1",
                Some(now + chrono::Duration::minutes(1)),
            ),
            entry(
                "block",
                "phone",
                b"p1",
                Some(now - chrono::Duration::seconds(1)),
            ),
            entry("block", "email", b"e2", None),
        ]);
        let found = matches(
            &lists,
            &["email", "phone", "email", "ip"],
            &[b"e1", b"p1", b"e2", b"e1"],
            now,
        );
        let found: Vec<(String, String)> = found.into_iter().map(|h| (h.list, h.kind)).collect();
        assert_eq!(
            found,
            vec![
                ("block".to_owned(), "email".to_owned()),
                ("allow".to_owned(), "email".to_owned()),
            ]
        );
        let later = matches(
            &lists,
            &["email"],
            &[b"e1"],
            now + chrono::Duration::minutes(2),
        );
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].list, "block");
    }

    #[test]
    fn lists_beyond_the_limit_are_not_held() {
        let entries: Vec<HeldEntry> = (0..=MAX_HELD)
            .map(|i| entry("block", "email", &i.to_le_bytes(), None))
            .collect();
        assert!(matches!(TenantLists::of(entries), TenantLists::TooMany));
    }
}
