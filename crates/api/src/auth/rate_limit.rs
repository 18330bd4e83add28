//! Rate limits, each a GCRA through `governor`, held per process.
//!
//! Staff sign-in is limited per (account, client IP), per client IP and per account, the last
//! with a much higher ceiling: an attacker failing an account's password from one address is
//! slowed down there alone, while the account's owner signing in from another address still
//! gets in (until the per-account ceiling, which only a spread-out attack reaches).
//!
//! API keys are limited per key at the tenant's rate; with several replicas each enforces its
//! share of it (docs/OPERATIONS.md), so that scoring costs no round trip for counting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use uuid::Uuid;

use crate::error::ApiError;

/// How many staff sign-in attempts are allowed per minute, and by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginLimits {
    /// From one client IP against one account: the attacker's budget.
    pub per_account_and_ip: u32,
    /// From one client IP across accounts (credential stuffing).
    pub per_ip: u32,
    /// Against one account from anywhere: the ceiling, well above `per_account_and_ip`.
    pub per_account: u32,
}

pub struct LoginLimiter {
    per_account_and_ip: DefaultKeyedRateLimiter<(String, IpAddr)>,
    per_account: DefaultKeyedRateLimiter<String>,
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl std::fmt::Debug for LoginLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginLimiter")
    }
}

fn per_minute(count: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(count.max(1)).unwrap_or(NonZeroU32::MIN))
}

fn retry_after(wait: Duration) -> ApiError {
    ApiError::rate_limited(wait.as_secs().saturating_add(1))
}

impl LoginLimiter {
    pub fn new(limits: LoginLimits) -> Self {
        Self {
            per_account_and_ip: RateLimiter::keyed(per_minute(limits.per_account_and_ip)),
            per_account: RateLimiter::keyed(per_minute(limits.per_account)),
            per_ip: RateLimiter::keyed(per_minute(limits.per_ip)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; refuses it with 429 and a Retry-After when a budget is spent. The
    /// narrow budgets are checked first, so that an attacker throttled at their own address
    /// does not also use up the account's ceiling.
    pub fn check(&self, account: &str, ip: Option<IpAddr>) -> Result<(), ApiError> {
        let refused =
            |until: governor::NotUntil<_>| retry_after(until.wait_time_from(self.clock.now()));
        if let Some(ip) = ip {
            self.per_account_and_ip
                .check_key(&(account.to_owned(), ip))
                .map_err(refused)?;
            self.per_ip.check_key(&ip).map_err(refused)?;
        }
        self.per_account
            .check_key(&account.to_owned())
            .map_err(refused)
    }

    /// Forgets keys whose budget has fully recovered, so memory stays bounded.
    pub fn prune(&self) {
        self.per_account_and_ip.retain_recent();
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

/// Requests per second per API key. Each tenant's rate (or the default) is divided among the
/// configured replicas; keys of tenants with the same rate share one keyed limiter.
pub struct ApiKeyLimiter {
    default_per_second: u32,
    replicas: u32,
    by_rate: RwLock<HashMap<u32, Arc<DefaultKeyedRateLimiter<Uuid>>>>,
    clock: DefaultClock,
}

impl std::fmt::Debug for ApiKeyLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiKeyLimiter")
            .field("default_per_second", &self.default_per_second)
            .field("replicas", &self.replicas)
            .finish_non_exhaustive()
    }
}

impl ApiKeyLimiter {
    pub fn new(default_per_second: u32, replicas: u32) -> Self {
        Self {
            default_per_second: default_per_second.max(1),
            replicas: replicas.max(1),
            by_rate: RwLock::new(HashMap::new()),
            clock: DefaultClock::default(),
        }
    }

    /// This replica's share of a rate: rounded up, so that the replicas together never allow
    /// less than the rate.
    pub fn share(&self, per_second: u32) -> u32 {
        per_second.max(1).div_ceil(self.replicas)
    }

    fn limiter(&self, share: u32) -> Arc<DefaultKeyedRateLimiter<Uuid>> {
        if let Ok(found) = self.by_rate.read()
            && let Some(limiter) = found.get(&share)
        {
            return limiter.clone();
        }
        let rate = NonZeroU32::new(share).unwrap_or(NonZeroU32::MIN);
        // A second's worth of burst: a client may send its whole second at once.
        let made = Arc::new(RateLimiter::keyed(
            Quota::per_second(rate).allow_burst(rate),
        ));
        match self.by_rate.write() {
            Ok(mut all) => all.entry(share).or_insert(made).clone(),
            Err(_) => made,
        }
    }

    /// Counts one request of `key_id`, whose tenant allows `tenant_rate` per second (`None`:
    /// the default); refuses it with 429 and a Retry-After when the key's share is spent.
    pub fn check(&self, key_id: Uuid, tenant_rate: Option<u32>) -> Result<(), ApiError> {
        let share = self.share(tenant_rate.unwrap_or(self.default_per_second));
        self.limiter(share)
            .check_key(&key_id)
            .map_err(|until| retry_after(until.wait_time_from(self.clock.now())))
    }

    pub fn prune(&self) {
        if let Ok(all) = self.by_rate.read() {
            for limiter in all.values() {
                limiter.retain_recent();
            }
        }
    }
}

/// A budget per tenant: fraud reports per hour (one member, or one leaked key, cannot flood the
/// consortium) and webhook test events per minute (each one is an outbound request Sekisho makes
/// on the tenant's say-so, so a script must not turn the endpoint into a request cannon).
pub struct TenantLimiter {
    per_tenant: DefaultKeyedRateLimiter<Uuid>,
    clock: DefaultClock,
}

impl std::fmt::Debug for TenantLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TenantLimiter")
    }
}

impl TenantLimiter {
    pub fn per_hour(count: u32) -> Self {
        Self::with_quota(Quota::per_hour(Self::at_least_one(count)))
    }

    pub fn per_minute(count: u32) -> Self {
        Self::with_quota(Quota::per_minute(Self::at_least_one(count)))
    }

    fn at_least_one(count: u32) -> NonZeroU32 {
        NonZeroU32::new(count.max(1)).unwrap_or(NonZeroU32::MIN)
    }

    fn with_quota(quota: Quota) -> Self {
        Self {
            per_tenant: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one use; 429 with Retry-After when the tenant's budget is spent.
    pub fn check(&self, tenant_id: Uuid) -> Result<(), ApiError> {
        self.per_tenant.check_key(&tenant_id).map_err(|until| {
            let wait = until.wait_time_from(self.clock.now());
            ApiError::rate_limited(wait.as_secs().saturating_add(1))
        })
    }

    pub fn prune(&self) {
        self.per_tenant.retain_recent();
    }
}

/// Reports from the device tag per client IP per minute: the endpoint is open to any page, so
/// one address must not be able to fill a tenant's device table.
pub struct DeviceTagLimiter {
    per_ip: DefaultKeyedRateLimiter<IpAddr>,
    clock: DefaultClock,
}

impl std::fmt::Debug for DeviceTagLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceTagLimiter")
    }
}

impl DeviceTagLimiter {
    pub fn new(per_ip_per_minute: u32) -> Self {
        Self {
            per_ip: RateLimiter::keyed(per_minute(per_ip_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    pub fn check(&self, ip: Option<IpAddr>) -> Result<(), ApiError> {
        let Some(ip) = ip else { return Ok(()) };
        self.per_ip.check_key(&ip).map_err(|until| {
            let wait = until.wait_time_from(self.clock.now());
            ApiError::rate_limited(wait.as_secs().saturating_add(1))
        })
    }

    pub fn prune(&self) {
        self.per_ip.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([192, 0, 2, last]))
    }

    #[test]
    fn an_attacker_is_throttled_at_their_address_while_the_owner_gets_in() {
        let limiter = LoginLimiter::new(LoginLimits {
            per_account_and_ip: 3,
            per_ip: 1000,
            per_account: 6,
        });
        for _ in 0..3 {
            limiter.check("owner@shop.test", ip(66)).unwrap();
        }
        let refused = limiter.check("owner@shop.test", ip(66)).unwrap_err();
        assert!(refused.retry_after_secs.is_some_and(|secs| secs >= 1));
        limiter.check("owner@shop.test", ip(1)).unwrap();
        // Spread out over addresses, the attack reaches the per-account ceiling.
        limiter.check("owner@shop.test", ip(67)).unwrap();
        limiter.check("owner@shop.test", ip(68)).unwrap();
        assert!(limiter.check("owner@shop.test", ip(69)).is_err());
        assert!(limiter.check("owner@shop.test", ip(1)).is_err());
        limiter.check("other@shop.test", ip(66)).unwrap();
    }

    #[test]
    fn each_replica_enforces_its_share_of_a_key_rate() {
        let limiter = ApiKeyLimiter::new(100, 4);
        assert_eq!(limiter.share(100), 25);
        assert_eq!(limiter.share(10), 3, "rounded up");
        let key = Uuid::now_v7();
        for _ in 0..3 {
            limiter.check(key, Some(10)).unwrap();
        }
        let refused = limiter.check(key, Some(10)).unwrap_err();
        assert_eq!(refused.retry_after_secs, Some(1));
        limiter.check(Uuid::now_v7(), Some(10)).unwrap();
        limiter.check(key, Some(1000)).unwrap();
    }
}
