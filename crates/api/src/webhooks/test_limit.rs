//! Test events per tenant per minute: each one is an outbound request Sekisho makes on the
//! tenant's say-so, so a script must not be able to turn the endpoint into a request cannon.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use uuid::Uuid;

use crate::error::ApiError;

pub struct TestEventLimiter {
    per_tenant: DefaultKeyedRateLimiter<Uuid>,
    clock: DefaultClock,
}

impl std::fmt::Debug for TestEventLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TestEventLimiter")
    }
}

impl TestEventLimiter {
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            per_tenant: RateLimiter::keyed(Quota::per_minute(per_minute)),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one test event; 429 with Retry-After when the tenant's budget is spent.
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
