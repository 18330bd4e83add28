//! A circuit breaker per provider: after `failure_threshold` failures in a row (errors or
//! timeouts) it opens and the provider is skipped at once for `cool_down`; then one call is let
//! through as a probe (half-open): its success closes the breaker, its failure opens it again.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerSettings {
    /// Failures in a row that open the breaker (at least 1).
    pub failure_threshold: u32,
    /// How long an open breaker skips the provider before a probe.
    pub cool_down: Duration,
}

impl Default for BreakerSettings {
    fn default() -> Self {
        Self {
            failure_threshold: 5,
            cool_down: Duration::from_secs(30),
        }
    }
}

/// Where a breaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Calls go through; this many failed in a row.
    Closed { failures: u32 },
    /// Calls are refused until then.
    Open { until: Instant },
    /// One probe may go through (or is under way).
    HalfOpen { probing: bool },
}

/// What changed when an outcome was recorded; the caller logs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    None,
    Opened,
    Closed,
}

#[derive(Debug)]
pub struct CircuitBreaker {
    settings: BreakerSettings,
    state: Mutex<BreakerState>,
}

/// Leave to make one call. Report its outcome with [`Permit::succeed`] or [`Permit::fail`]; a
/// permit dropped without an outcome (the caller gave up) frees the probe slot and counts as
/// nothing.
#[derive(Debug)]
pub struct Permit<'a> {
    breaker: &'a CircuitBreaker,
    probe: bool,
    settled: bool,
}

impl CircuitBreaker {
    pub fn new(settings: BreakerSettings) -> Self {
        Self {
            settings: BreakerSettings {
                failure_threshold: settings.failure_threshold.max(1),
                ..settings
            },
            state: Mutex::new(BreakerState::Closed { failures: 0 }),
        }
    }

    pub fn state(&self) -> BreakerState {
        *self.lock()
    }

    /// A permit to call now, or none while the breaker is open (or a probe is under way).
    pub fn admit(&self, now: Instant) -> Option<Permit<'_>> {
        let mut state = self.lock();
        let probe = match *state {
            BreakerState::Closed { .. } => false,
            BreakerState::Open { until } if now < until => return None,
            BreakerState::Open { .. } | BreakerState::HalfOpen { probing: false } => {
                *state = BreakerState::HalfOpen { probing: true };
                true
            }
            BreakerState::HalfOpen { probing: true } => return None,
        };
        Some(Permit {
            breaker: self,
            probe,
            settled: false,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BreakerState> {
        // The state is one small value, never left half-written: a poisoned lock is still sound.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn record(&self, probe: bool, success: bool, now: Instant) -> Transition {
        let mut state = self.lock();
        let open = BreakerState::Open {
            until: now + self.settings.cool_down,
        };
        match (*state, probe, success) {
            (BreakerState::HalfOpen { .. }, true, true) => {
                *state = BreakerState::Closed { failures: 0 };
                Transition::Closed
            }
            (BreakerState::HalfOpen { .. }, true, false) => {
                *state = open;
                Transition::Opened
            }
            (BreakerState::Closed { .. }, false, true) => {
                *state = BreakerState::Closed { failures: 0 };
                Transition::None
            }
            (BreakerState::Closed { failures }, false, false) => {
                let failures = failures.saturating_add(1);
                if failures >= self.settings.failure_threshold {
                    *state = open;
                    Transition::Opened
                } else {
                    *state = BreakerState::Closed { failures };
                    Transition::None
                }
            }
            // A call let through before the breaker changed: its outcome is stale.
            _ => Transition::None,
        }
    }
}

impl Permit<'_> {
    pub fn succeed(mut self, now: Instant) -> Transition {
        self.settled = true;
        self.breaker.record(self.probe, true, now)
    }

    pub fn fail(mut self, now: Instant) -> Transition {
        self.settled = true;
        self.breaker.record(self.probe, false, now)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.probe && !self.settled {
            let mut state = self.breaker.lock();
            if *state == (BreakerState::HalfOpen { probing: true }) {
                *state = BreakerState::HalfOpen { probing: false };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOL_DOWN: Duration = Duration::from_secs(10);

    fn breaker(threshold: u32) -> CircuitBreaker {
        CircuitBreaker::new(BreakerSettings {
            failure_threshold: threshold,
            cool_down: COOL_DOWN,
        })
    }

    fn fail(breaker: &CircuitBreaker, now: Instant) -> Transition {
        breaker.admit(now).unwrap().fail(now)
    }

    #[test]
    fn opens_after_the_threshold_of_failures_in_a_row() {
        let b = breaker(3);
        let now = Instant::now();
        assert_eq!(fail(&b, now), Transition::None);
        assert_eq!(fail(&b, now), Transition::None);
        assert_eq!(b.state(), BreakerState::Closed { failures: 2 });
        assert_eq!(fail(&b, now), Transition::Opened);
        assert_eq!(
            b.state(),
            BreakerState::Open {
                until: now + COOL_DOWN
            }
        );
        assert!(b.admit(now).is_none());
        assert!(
            b.admit(now + COOL_DOWN - Duration::from_millis(1))
                .is_none()
        );
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = breaker(2);
        let now = Instant::now();
        fail(&b, now);
        b.admit(now).unwrap().succeed(now);
        assert_eq!(b.state(), BreakerState::Closed { failures: 0 });
        assert_eq!(fail(&b, now), Transition::None);
    }

    #[test]
    fn after_the_cool_down_one_probe_decides() {
        let b = breaker(1);
        let now = Instant::now();
        fail(&b, now);
        let later = now + COOL_DOWN;
        let probe = b.admit(later).unwrap();
        assert_eq!(b.state(), BreakerState::HalfOpen { probing: true });
        assert!(b.admit(later).is_none(), "only one probe at a time");
        assert_eq!(probe.succeed(later), Transition::Closed);
        assert_eq!(b.state(), BreakerState::Closed { failures: 0 });
        assert!(b.admit(later).is_some());
    }

    #[test]
    fn a_failed_probe_opens_again_for_a_whole_cool_down() {
        let b = breaker(1);
        let now = Instant::now();
        fail(&b, now);
        let later = now + COOL_DOWN + Duration::from_secs(1);
        assert_eq!(fail(&b, later), Transition::Opened);
        assert_eq!(
            b.state(),
            BreakerState::Open {
                until: later + COOL_DOWN
            }
        );
        assert!(b.admit(later + Duration::from_secs(1)).is_none());
    }

    #[test]
    fn an_abandoned_probe_frees_the_slot() {
        let b = breaker(1);
        let now = Instant::now();
        fail(&b, now);
        let later = now + COOL_DOWN;
        drop(b.admit(later).unwrap());
        assert_eq!(b.state(), BreakerState::HalfOpen { probing: false });
        assert!(b.admit(later).is_some());
    }

    #[test]
    fn stale_outcomes_change_nothing() {
        let b = breaker(1);
        let now = Instant::now();
        let early = b.admit(now).unwrap();
        let late = b.admit(now).unwrap();
        assert_eq!(early.fail(now), Transition::Opened);
        // Let through while closed, finished after the breaker opened.
        assert_eq!(late.succeed(now), Transition::None);
        assert!(matches!(b.state(), BreakerState::Open { .. }));
    }

    #[test]
    fn a_zero_threshold_means_one() {
        let b = breaker(0);
        assert_eq!(fail(&b, Instant::now()), Transition::Opened);
    }
}
