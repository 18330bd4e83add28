//! In-memory consortium membership: answers "certainly not reported" for the clean majority of
//! identifiers without touching PostgreSQL; a possible hit is confirmed by the SQL lookup.
//!
//! - **Built** from every fingerprint in `consortium_entries` into a binary fuse filter
//!   (`xorf::BinaryFuse16`: about 18 bits a fingerprint — 2.3 MB a million, 23 MB for ten
//!   million — and a false-positive rate of 1/65,536), plus a small set of the fingerprints
//!   added since the build began.
//! - **Kept fresh** by a [`Listener`]: `LISTEN sekisho_consortium` hears one notification per
//!   statement that added entries, anywhere (this process, another replica, the importer),
//!   carrying the range of the change sequence it wrote; the listener reads that range from
//!   `consortium_changes`. Filings in this process also add their fingerprints before they
//!   commit, so that their own next request sees them.
//! - **Rebuilt in the background** on every (re)connection — notifications may have been missed
//!   — and whenever the set of additions grows large; lookups keep using the previous filter
//!   meanwhile, and the additions made during a build are kept across it.
//! - **Bypassed** until the first build is done and whenever the listener is not listening:
//!   then every lookup goes to SQL. Removals (retractions, upheld disputes) only make the filter
//!   answer "maybe", which SQL settles.

mod listener;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use xorf::{BinaryFuse16, Filter};

pub use listener::Listener;

/// The channel the trigger on `consortium_entries` notifies.
pub const CHANNEL: &str = "sekisho_consortium";
/// Past this many additions since the last build, the listener builds again.
pub const REBUILD_AFTER_ADDITIONS: usize = 200_000;

/// The key a fingerprint is filed under: keyed fingerprints (HMAC-SHA256 of kind and value) are
/// uniform already, so their first 8 bytes serve.
pub fn key_of(fingerprint: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    for (slot, byte) in first.iter_mut().zip(fingerprint) {
        *slot = *byte;
    }
    u64::from_le_bytes(first)
}

#[derive(Default)]
struct Membership {
    built: Option<Arc<BinaryFuse16>>,
    /// Fingerprints added since the current build began, each with the stamp of its addition.
    added: HashMap<u64, u64>,
    next_stamp: u64,
}

/// What a rebuild needs to hand back: where it began.
#[derive(Debug, Clone, Copy)]
pub struct BuildStart {
    stamp: u64,
    session: u64,
}

/// Why a build could not be put in place.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The filter's construction gave up (it does only on pathological input).
    #[error("the filter could not be constructed: {0}")]
    Construction(&'static str),
    /// A thread panicked while holding the filter: it is left as it was.
    #[error("filter lock poisoned")]
    Poisoned,
}

/// The filter, shared by every request of the process.
#[derive(Default)]
pub struct ConsortiumFilter {
    membership: RwLock<Membership>,
    /// Whether a build made while listening is in place: only then may a lookup be skipped.
    ready: AtomicBool,
    /// Bumped each time the listener (re)connects or drops, so that a build begun in an earlier
    /// session cannot make the filter ready in a later one.
    session: AtomicU64,
    listening: AtomicBool,
    skipped: AtomicU64,
    confirmed: AtomicU64,
}

impl std::fmt::Debug for ConsortiumFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConsortiumFilter")
            .field("ready", &self.is_ready())
            .field("memory_bytes", &self.memory_bytes())
            .finish_non_exhaustive()
    }
}

impl ConsortiumFilter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether lookups may be answered here (a build is in place and the listener listens).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst) && self.listening.load(Ordering::SeqCst)
    }

    /// `false` only when none of `fingerprints` can be in the consortium; `true` when one may be,
    /// or when the filter cannot tell (not built, or the listener is down).
    #[cfg(test)]
    pub fn may_contain<'a>(&self, fingerprints: impl IntoIterator<Item = &'a [u8]>) -> bool {
        let fingerprints: Vec<&[u8]> = fingerprints.into_iter().collect();
        self.which_may_contain(&fingerprints).contains(&true)
    }

    /// For each fingerprint, `false` only when it cannot be in the consortium (all `true` when
    /// the filter cannot tell): the SQL confirmation then reads only the ones that may be.
    pub fn which_may_contain(&self, fingerprints: &[&[u8]]) -> Vec<bool> {
        let Some(maybe) = self.memberships(fingerprints) else {
            return vec![true; fingerprints.len()];
        };
        if maybe.contains(&true) {
            self.confirmed.fetch_add(1, Ordering::Relaxed);
        } else {
            self.skipped.fetch_add(1, Ordering::Relaxed);
        }
        maybe
    }

    fn memberships(&self, fingerprints: &[&[u8]]) -> Option<Vec<bool>> {
        if !self.is_ready() {
            return None;
        }
        let membership = self.membership.read().ok()?;
        let built = membership.built.as_ref()?;
        Some(
            fingerprints
                .iter()
                .map(|fingerprint| key_of(fingerprint))
                .map(|key| built.contains(&key) || membership.added.contains_key(&key))
                .collect(),
        )
    }

    /// Files fingerprints added to the consortium (by a notification, or by a filing in this
    /// process before it commits: a rolled-back one only costs a confirmation in SQL).
    pub fn add<'a>(&self, fingerprints: impl IntoIterator<Item = &'a [u8]>) {
        let Ok(mut membership) = self.membership.write() else {
            return;
        };
        for fingerprint in fingerprints {
            let stamp = membership.next_stamp;
            membership.next_stamp += 1;
            membership.added.insert(key_of(fingerprint), stamp);
        }
    }

    /// How many additions wait for the next build.
    pub fn additions(&self) -> usize {
        self.membership.read().map(|m| m.added.len()).unwrap_or(0)
    }

    /// Call before reading the entries for a build.
    pub fn begin_build(&self) -> BuildStart {
        let stamp = self
            .membership
            .write()
            .map(|mut m| {
                let stamp = m.next_stamp;
                m.next_stamp += 1;
                stamp
            })
            .unwrap_or(0);
        BuildStart {
            stamp,
            session: self.session.load(Ordering::SeqCst),
        }
    }

    /// Puts a build in place: the additions it may have missed (made after it began) are kept.
    /// The filter becomes usable only if the listener has listened throughout.
    pub fn finish_build(&self, start: BuildStart, keys: &mut Vec<u64>) -> Result<(), BuildError> {
        keys.sort_unstable();
        keys.dedup();
        let built = BinaryFuse16::try_from(keys.as_slice()).map_err(BuildError::Construction)?;
        let Ok(mut membership) = self.membership.write() else {
            return Err(BuildError::Poisoned);
        };
        membership.built = Some(Arc::new(built));
        membership.added.retain(|_, stamp| *stamp >= start.stamp);
        if self.session.load(Ordering::SeqCst) == start.session
            && self.listening.load(Ordering::SeqCst)
        {
            self.ready.store(true, Ordering::SeqCst);
        }
        Ok(())
    }

    /// The listener holds `LISTEN` again: notifications may have been missed, so lookups go to
    /// SQL until a build begun from now on is in place.
    pub(crate) fn listening_started(&self) {
        self.ready.store(false, Ordering::SeqCst);
        self.session.fetch_add(1, Ordering::SeqCst);
        self.listening.store(true, Ordering::SeqCst);
    }

    /// The listener lost its connection: every lookup goes to SQL.
    pub(crate) fn listening_stopped(&self) {
        self.listening.store(false, Ordering::SeqCst);
        self.ready.store(false, Ordering::SeqCst);
        self.session.fetch_add(1, Ordering::SeqCst);
    }

    /// Bytes held by the built filter and the additions (approximately).
    pub fn memory_bytes(&self) -> usize {
        self.membership
            .read()
            .map(|m| {
                let built = m.built.as_ref().map_or(0, |b| b.fingerprints.len() * 2);
                built + m.added.capacity() * 24
            })
            .unwrap_or(0)
    }

    /// Lookups answered here without SQL, and those sent on to SQL to confirm a possible hit.
    pub fn counts(&self) -> (u64, u64) {
        (
            self.skipped.load(Ordering::Relaxed),
            self.confirmed.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn fingerprint(i: u64) -> Vec<u8> {
        let mut mixed = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        mixed ^= mixed >> 31;
        let mut bytes = mixed.to_le_bytes().to_vec();
        bytes.resize(32, 7);
        bytes
    }

    fn built(n: u64) -> ConsortiumFilter {
        let filter = ConsortiumFilter::new();
        filter.listening_started();
        let start = filter.begin_build();
        let mut keys: Vec<u64> = (0..n).map(|i| key_of(&fingerprint(i))).collect();
        filter.finish_build(start, &mut keys).unwrap();
        filter
    }

    #[test]
    fn every_built_fingerprint_is_found_and_clean_ones_mostly_are_not() {
        let filter = built(100_000);
        assert!(filter.is_ready());
        for i in 0..100_000 {
            assert!(filter.may_contain([fingerprint(i).as_slice()]), "{i}");
        }
        let false_positives = (1_000_000..1_100_000)
            .filter(|i| filter.may_contain([fingerprint(*i).as_slice()]))
            .count();
        assert!(false_positives < 20, "{false_positives} false positives");
        // About 18 bits a fingerprint.
        assert!(
            filter.memory_bytes() < 100_000 * 3,
            "{}",
            filter.memory_bytes()
        );
    }

    #[test]
    fn additions_are_found_before_and_after_a_rebuild_that_missed_them() {
        let filter = built(1_000);
        let late = fingerprint(5_000_000);
        filter.add([late.as_slice()]);
        assert!(filter.may_contain([late.as_slice()]));
        // A build that began before the addition did not read it: the addition is kept.
        let start_before = {
            let filter2 = &filter;
            filter2.begin_build()
        };
        let later = fingerprint(6_000_000);
        filter.add([later.as_slice()]);
        let mut keys: Vec<u64> = (0..1_000).map(|i| key_of(&fingerprint(i))).collect();
        filter.finish_build(start_before, &mut keys).unwrap();
        assert!(filter.may_contain([later.as_slice()]));
        assert_eq!(
            filter.additions(),
            1,
            "additions before the build began are dropped"
        );
    }

    #[test]
    fn nothing_is_skipped_unless_built_while_listening() {
        let filter = ConsortiumFilter::new();
        let clean = fingerprint(42);
        assert!(filter.may_contain([clean.as_slice()]), "never built");
        let filter = built(10);
        assert!(!filter.may_contain([clean.as_slice()]));
        filter.listening_stopped();
        assert!(filter.may_contain([clean.as_slice()]), "listener down");
        filter.listening_started();
        assert!(
            filter.may_contain([clean.as_slice()]),
            "reconnected, not rebuilt"
        );
        // A build begun before the reconnection does not count.
        let stale = ConsortiumFilter::new();
        stale.listening_started();
        let start = stale.begin_build();
        stale.listening_stopped();
        stale.listening_started();
        stale.finish_build(start, &mut vec![1, 2, 3]).unwrap();
        assert!(!stale.is_ready());
    }

    #[test]
    #[ignore = "builds a 10-million-fingerprint filter; run by hand for the memory figures"]
    fn ten_million_fingerprints_take_a_few_tens_of_megabytes() {
        let n = 10_000_000u64;
        let filter = built(n);
        let peak = std::fs::read_to_string("/proc/self/status")
            .unwrap_or_default()
            .lines()
            .find(|line| line.starts_with("VmHWM"))
            .map(str::to_owned)
            .unwrap_or_default();
        println!(
            "{n} fingerprints: filter {} bytes; process peak during the build: {peak}",
            filter.memory_bytes()
        );
        assert!(filter.memory_bytes() < 30 * 1024 * 1024);
        for i in (0..n).step_by(9_973) {
            assert!(filter.may_contain([fingerprint(i).as_slice()]));
        }
    }
}
