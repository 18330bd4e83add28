//! The tenants' usual order values, cached per process for a few minutes: a median over the
//! latest 10,000 orders of 90 days moves slowly, and recomputing it for every order would cost a
//! read per request. An expired value keeps serving while ONE background refresh per (tenant,
//! currency) reads it again, so an expiry never sends every concurrent order to the same read.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sekisho_store::orders::Order;
use sekisho_store::{Pool, StoreError, tenancy};
use uuid::Uuid;

type Usual = Option<(i64, i64)>;

#[derive(Debug)]
struct Entry {
    at: Instant,
    usual: Usual,
    refreshing: bool,
}

#[derive(Debug, Default)]
pub struct UsualAmounts {
    entries: Mutex<HashMap<(Uuid, String), Entry>>,
}

/// What the cache has for a tenant and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cached {
    /// Younger than the TTL.
    Fresh(Usual),
    /// Older: still served; `refresh` is `true` for the one caller that should read it again.
    Stale { usual: Usual, refresh: bool },
    /// Never read in this process: the caller reads it.
    Missing,
}

impl UsualAmounts {
    /// The cached value, if any, and whether this caller should refresh it.
    pub fn lookup(&self, tenant_id: Uuid, currency: &str, ttl: Duration) -> Cached {
        let Ok(mut entries) = self.entries.lock() else {
            return Cached::Missing;
        };
        let Some(entry) = entries.get_mut(&(tenant_id, currency.to_owned())) else {
            return Cached::Missing;
        };
        if entry.at.elapsed() < ttl {
            return Cached::Fresh(entry.usual);
        }
        let refresh = !entry.refreshing;
        entry.refreshing = true;
        Cached::Stale {
            usual: entry.usual,
            refresh,
        }
    }

    /// The cached value if it is younger than `ttl`.
    pub fn get(&self, tenant_id: Uuid, currency: &str, ttl: Duration) -> Option<Usual> {
        match self.lookup(tenant_id, currency, ttl) {
            Cached::Fresh(usual) => Some(usual),
            _ => None,
        }
    }

    pub fn put(&self, tenant_id: Uuid, currency: &str, usual: Usual) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                (tenant_id, currency.to_owned()),
                Entry {
                    at: Instant::now(),
                    usual,
                    refreshing: false,
                },
            );
        }
    }

    fn refresh_failed(&self, tenant_id: Uuid, currency: &str) {
        if let Ok(mut entries) = self.entries.lock()
            && let Some(entry) = entries.get_mut(&(tenant_id, currency.to_owned()))
        {
            entry.refreshing = false;
        }
    }

    /// Reads the value again in the background (the caller got `refresh: true`).
    pub fn refresh_in_background(self: &Arc<Self>, pool: Pool, tenant_id: Uuid, currency: String) {
        let amounts = self.clone();
        tokio::spawn(async move {
            let read = async {
                tenancy::in_tenant::<_, StoreError, _, _>(&pool, tenant_id, async |conn| {
                    Order::usual_amount(conn, tenant_id, &currency).await
                })
                .await
            };
            match read.await {
                Ok(usual) => amounts.put(tenant_id, &currency, usual),
                Err(error) => {
                    tracing::warn!(tenant.id = %tenant_id, %error, "could not refresh the usual amount");
                    amounts.refresh_failed(tenant_id, &currency);
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expired_value_is_served_while_one_caller_refreshes_it() {
        let amounts = UsualAmounts::default();
        let tenant = Uuid::now_v7();
        assert_eq!(
            amounts.lookup(tenant, "JPY", Duration::from_secs(60)),
            Cached::Missing
        );
        amounts.put(tenant, "JPY", Some((5000, 40)));
        assert_eq!(
            amounts.lookup(tenant, "JPY", Duration::from_secs(60)),
            Cached::Fresh(Some((5000, 40)))
        );
        let expired = Duration::ZERO;
        let stale = |refresh| Cached::Stale {
            usual: Some((5000, 40)),
            refresh,
        };
        assert_eq!(amounts.lookup(tenant, "JPY", expired), stale(true));
        assert_eq!(amounts.lookup(tenant, "JPY", expired), stale(false));
        amounts.refresh_failed(tenant, "JPY");
        assert_eq!(amounts.lookup(tenant, "JPY", expired), stale(true));
        amounts.put(tenant, "JPY", Some((6000, 41)));
        assert_eq!(
            amounts.lookup(tenant, "JPY", Duration::from_secs(60)),
            Cached::Fresh(Some((6000, 41)))
        );
    }
}
