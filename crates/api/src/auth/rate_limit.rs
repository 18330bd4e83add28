//! Login throttling per account and per client IP (GCRA through `governor`). Limits are held per
//! process: with several replicas each enforces its own share, which still stops brute force
//! against one account.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use uuid::Uuid;

use crate::error::ApiError;

pub struct LoginLimiter {
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

impl LoginLimiter {
    pub fn new(per_account_per_minute: u32, per_ip_per_minute: u32) -> Self {
        Self {
            per_account: RateLimiter::keyed(per_minute(per_account_per_minute)),
            per_ip: RateLimiter::keyed(per_minute(per_ip_per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt; refuses it with 429 and a Retry-After when either budget is spent.
    pub fn check(&self, account: &str, ip: Option<IpAddr>) -> Result<(), ApiError> {
        if let Some(ip) = ip {
            self.per_ip
                .check_key(&ip)
                .map_err(|until| self.refusal(until.wait_time_from(self.clock.now())))?;
        }
        self.per_account
            .check_key(&account.to_owned())
            .map_err(|until| self.refusal(until.wait_time_from(self.clock.now())))
    }

    fn refusal(&self, wait: Duration) -> ApiError {
        ApiError::rate_limited(wait.as_secs().saturating_add(1))
    }

    /// Forgets keys whose budget has fully recovered, so memory stays bounded.
    pub fn prune(&self) {
        self.per_account.retain_recent();
        self.per_ip.retain_recent();
    }
}

/// Fraud reports per tenant per hour, so that one member (or one leaked key) cannot flood the
/// consortium.
pub struct ReportLimiter {
    per_tenant: DefaultKeyedRateLimiter<Uuid>,
    clock: DefaultClock,
}

impl std::fmt::Debug for ReportLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportLimiter")
    }
}

impl ReportLimiter {
    pub fn new(per_hour: u32) -> Self {
        let per_hour = NonZeroU32::new(per_hour.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            per_tenant: RateLimiter::keyed(Quota::per_hour(per_hour)),
            clock: DefaultClock::default(),
        }
    }

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
