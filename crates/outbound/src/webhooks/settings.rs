//! How deliveries are sent and retried.

use std::time::Duration;

/// Delays before the 2nd, 3rd, … try, in multiples of [`WebhookSettings::retry_base`]: with the
/// default 10 s base, 10 s, 30 s, 2 min, 10 min, 1 h, 2 h, 4 h (then the last one again).
const RETRY_FACTORS: &[u32] = &[1, 3, 12, 60, 360, 720, 1440];

#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The first retry's delay; the later ones are multiples of it (see `retry_delay`).
    pub retry_base: Duration,
    /// Tries before a delivery is `dead`.
    pub max_attempts: u32,
    /// Bound on one request, connection included.
    pub request_timeout: Duration,
    /// How often the dispatcher looks for due deliveries.
    pub poll_interval: Duration,
    /// Deliveries claimed (and sent concurrently) per poll.
    pub batch_size: u32,
    /// `POST /v1/webhooks/{id}/test` calls one tenant may make per minute before 429.
    pub tests_per_tenant_per_minute: u32,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            retry_base: Duration::from_secs(10),
            max_attempts: 8,
            request_timeout: Duration::from_secs(5),
            poll_interval: Duration::from_millis(500),
            batch_size: 16,
            tests_per_tenant_per_minute: 10,
        }
    }
}

impl WebhookSettings {
    /// The delay before the next try after `attempts` failed ones (1 or more), before jitter.
    pub fn retry_delay(&self, attempts: u32) -> Duration {
        let index = usize::try_from(attempts.saturating_sub(1)).unwrap_or(usize::MAX);
        let factor = RETRY_FACTORS
            .get(index)
            .or(RETRY_FACTORS.last())
            .copied()
            .unwrap_or(1);
        self.retry_base.saturating_mul(factor)
    }

    /// `retry_delay` spread by ±20 %, so that deliveries failing together do not retry together.
    pub fn retry_delay_with_jitter(&self, attempts: u32, unit_random: f64) -> Duration {
        self.retry_delay(attempts)
            .mul_f64(0.8 + 0.4 * unit_random.clamp(0.0, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule_backs_off_to_hours() {
        let settings = WebhookSettings::default();
        let delays: Vec<u64> = (1..=8).map(|n| settings.retry_delay(n).as_secs()).collect();
        assert_eq!(delays, [10, 30, 120, 600, 3600, 7200, 14400, 14400]);
        let low = settings.retry_delay_with_jitter(1, 0.0);
        let high = settings.retry_delay_with_jitter(1, 1.0);
        assert_eq!((low.as_secs(), high.as_secs()), (8, 12));
    }
}
