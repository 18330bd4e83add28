//! What a consortium match is worth: how many members reported an identifier, how recently, and
//! how far each reporter is trusted.
//!
//! - Trust in a contributor comes from its record: each report adds to it, each retraction takes
//!   a little (honest corrections are cheap), each dispute upheld against it takes much more.
//! - A report's weight halves every half-life of its kind (an IP changes hands in weeks, a card
//!   number stays bad for a year); a new report refreshes it.
//! - Reporters combine as independent evidence: `1 − Π(1 − wᵢ)` over distinct tenants, each
//!   tenant counted once at its most recent report.
//! - Below the quorum of distinct reporters a match is a weak signal and never blocks on its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;

use chrono::{DateTime, Utc};
use sekisho_domain::identifiers::IdentifierKind;

/// What trust in a contributor is derived from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ContributorRecord {
    pub reports: i64,
    pub retractions: i64,
    pub disputes_upheld: i64,
}

/// The lowest trust a contributor can fall to: its reports still show, but barely weigh.
pub const MIN_TRUST: f64 = 0.05;
const RETRACTION_PENALTY: f64 = 0.5;
const UPHELD_DISPUTE_PENALTY: f64 = 4.0;

impl ContributorRecord {
    /// In (0, 1]: 1 for a contributor with a clean record.
    pub fn trust(&self) -> f64 {
        let good = 1.0 + self.reports.max(0) as f64;
        let bad = RETRACTION_PENALTY * self.retractions.max(0) as f64
            + UPHELD_DISPUTE_PENALTY * self.disputes_upheld.max(0) as f64;
        (good / (good + bad)).clamp(MIN_TRUST, 1.0)
    }
}

/// Days after which a report of each kind weighs half.
#[derive(Debug, Clone, PartialEq)]
pub struct HalfLives(BTreeMap<IdentifierKind, f64>);

impl Default for HalfLives {
    fn default() -> Self {
        use IdentifierKind::*;
        Self(BTreeMap::from([
            (Email, 180.0),
            (EmailDomain, 90.0),
            (Phone, 180.0),
            (AddressDeliveryPoint, 365.0),
            (AddressBuilding, 180.0),
            (Ip, 30.0),
            (IpPrefix, 14.0),
            (Card, 365.0),
            (DeviceId, 90.0),
            (Name, 90.0),
        ]))
    }
}

/// Why a half-life override is refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HalfLifeError {
    /// The message says which name (a setting's key, not customer data).
    #[error("{0}")]
    UnknownKind(String),
    #[error("half-life of {0} must be a positive number of days")]
    NotPositive(IdentifierKind),
}

impl HalfLives {
    /// The defaults with `overrides` (kind name → days); unknown kinds or non-positive days are
    /// refused with a message.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a str, f64)>,
    ) -> Result<Self, HalfLifeError> {
        let mut half_lives = Self::default();
        for (name, days) in overrides {
            let kind =
                IdentifierKind::parse(name).map_err(|e| HalfLifeError::UnknownKind(e.message))?;
            if !(days.is_finite() && days > 0.0) {
                return Err(HalfLifeError::NotPositive(kind));
            }
            half_lives.0.insert(kind, days);
        }
        Ok(half_lives)
    }

    pub fn days(&self, kind: IdentifierKind) -> f64 {
        self.0.get(&kind).copied().unwrap_or(180.0)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatchPolicy {
    pub quorum: u32,
    pub half_lives: HalfLives,
}

impl Default for MatchPolicy {
    fn default() -> Self {
        Self {
            quorum: 2,
            half_lives: HalfLives::default(),
        }
    }
}

/// One report of one identifier, as the store finds it.
#[derive(Debug, Clone)]
pub struct Sighting<T> {
    pub kind: IdentifierKind,
    pub tenant: T,
    pub category: String,
    pub reported_at: DateTime<Utc>,
    pub record: ContributorRecord,
}

/// The consortium's word on one identifier kind of a request. Reporting tenants are never named.
#[derive(Debug, Clone, PartialEq)]
pub struct KindMatch {
    pub kind: IdentifierKind,
    /// Distinct tenants that reported it (the caller included).
    pub reporters: u32,
    /// Whether the caller is one of them.
    pub own: bool,
    pub categories: BTreeSet<String>,
    pub first_reported_at: DateTime<Utc>,
    pub last_reported_at: DateTime<Utc>,
    /// In [0, 1], rounded to 4 decimals.
    pub weight: f64,
    /// Whether `reporters` reaches the quorum, so that the match may block on its own.
    pub quorum_met: bool,
    /// How the weight came about, for the reviewer.
    pub evidence: MatchEvidence,
}

/// What went into a match's weight: the decay of its latest report, its members' trust, and
/// the quorum it was held to.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MatchEvidence {
    /// This kind's half-life in days.
    pub half_life_days: f64,
    /// Decay factor of the latest report, in [0, 1] (4 decimals).
    pub decay: f64,
    /// Mean trust of the reporting members, in [0, 1] (4 decimals).
    pub trust: f64,
    /// Distinct reporting members needed for the match to decide on its own.
    pub quorum: u32,
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

fn category_ja(category: &str) -> &str {
    match category {
        "chargeback" => "チャージバック",
        "unpaid" => "未払い",
        "resale" => "転売",
        "card_testing" => "カードテスティング",
        "account_takeover" => "アカウント乗っ取り",
        "other" => "その他",
        other => other,
    }
}

impl KindMatch {
    /// The evidence in words, English and Japanese: members, categories, first and last
    /// report, decay, trust and quorum. Never names a member.
    pub fn in_words(&self) -> (String, String) {
        let first = self.first_reported_at.format("%Y-%m-%d");
        let last = self.last_reported_at.format("%Y-%m-%d");
        let categories: Vec<&str> = self.categories.iter().map(String::as_str).collect();
        let categories_ja: Vec<&str> = categories.iter().map(|c| category_ja(c)).collect();
        let members = if self.reporters == 1 {
            "1 member merchant".to_owned()
        } else {
            format!("{} member merchants", self.reporters)
        };
        let own_en = if self.own {
            ", your shop among them"
        } else {
            ""
        };
        let own_ja = if self.own {
            "（自社を含む）"
        } else {
            ""
        };
        let e = &self.evidence;
        let quorum_en = if self.quorum_met {
            format!("quorum of {} met", e.quorum)
        } else {
            format!("below the quorum of {}", e.quorum)
        };
        let quorum_ja = if self.quorum_met {
            format!("定足数{}社を満たす", e.quorum)
        } else {
            format!("定足数{}社に未達", e.quorum)
        };
        let english = format!(
            "Reported by {members}{own_en} for {}; first {first}, last {last}. \
             Weight {:.2}: decay {:.2} (half-life {} days), trust {:.2}; {quorum_en}.",
            categories.join(", "),
            self.weight,
            e.decay,
            e.half_life_days,
            e.trust,
        );
        let japanese = format!(
            "加盟店{}社が報告{own_ja}（{}）。初回 {first}、最新 {last}。\
             重み {:.2}：減衰 {:.2}（半減期 {}日）、信頼度 {:.2}。{quorum_ja}。",
            self.reporters,
            categories_ja.join("・"),
            self.weight,
            e.decay,
            e.half_life_days,
            e.trust,
        );
        (english, japanese)
    }
}

/// Decay factor of a report `age_days` old.
pub fn decay(age_days: f64, half_life_days: f64) -> f64 {
    0.5_f64.powf(age_days.max(0.0) / half_life_days)
}

/// One tenant's reports of one identifier, summarised (what the store keeps per reporter, so that
/// a lookup reads one row per reporting member, not one per report).
#[derive(Debug, Clone)]
pub struct Reporter<T> {
    pub kind: IdentifierKind,
    pub tenant: T,
    pub categories: Vec<String>,
    pub first_reported_at: DateTime<Utc>,
    /// The latest report: its age decides the weight.
    pub last_reported_at: DateTime<Utc>,
    pub record: ContributorRecord,
}

impl<T: Copy> From<&Sighting<T>> for Reporter<T> {
    fn from(sighting: &Sighting<T>) -> Self {
        Self {
            kind: sighting.kind,
            tenant: sighting.tenant,
            categories: vec![sighting.category.clone()],
            first_reported_at: sighting.reported_at,
            last_reported_at: sighting.reported_at,
            record: sighting.record,
        }
    }
}

/// Summarises sightings into one match per kind, ordered by kind.
pub fn summarise<T: Eq + Hash + Copy>(
    sightings: &[Sighting<T>],
    caller: T,
    now: DateTime<Utc>,
    policy: &MatchPolicy,
) -> Vec<KindMatch> {
    let reporters: Vec<Reporter<T>> = sightings.iter().map(Reporter::from).collect();
    summarise_reporters(&reporters, caller, now, policy)
}

/// Summarises reporters into one match per kind, ordered by kind. A tenant may come in several
/// summaries (its shared and unshared reports): it still counts once, at its latest report.
pub fn summarise_reporters<T: Eq + Hash + Copy>(
    reporters: &[Reporter<T>],
    caller: T,
    now: DateTime<Utc>,
    policy: &MatchPolicy,
) -> Vec<KindMatch> {
    let mut by_kind: BTreeMap<IdentifierKind, Vec<&Reporter<T>>> = BTreeMap::new();
    for reporter in reporters {
        by_kind.entry(reporter.kind).or_default().push(reporter);
    }
    by_kind
        .into_iter()
        .filter_map(|(kind, reporters)| {
            let first_reported_at = reporters.iter().map(|r| r.first_reported_at).min()?;
            let last_reported_at = reporters.iter().map(|r| r.last_reported_at).max()?;
            let mut latest: HashMap<T, &Reporter<T>> = HashMap::new();
            for reporter in &reporters {
                let entry = latest.entry(reporter.tenant).or_insert(reporter);
                if reporter.last_reported_at > entry.last_reported_at {
                    *entry = reporter;
                }
            }
            let half_life = policy.half_lives.days(kind);
            let miss: f64 = latest
                .values()
                .map(|r| {
                    let age_days = (now - r.last_reported_at).num_seconds() as f64 / 86_400.0;
                    1.0 - r.record.trust() * decay(age_days, half_life)
                })
                .product();
            let count = u32::try_from(latest.len()).unwrap_or(u32::MAX);
            let latest_age_days = (now - last_reported_at).num_seconds() as f64 / 86_400.0;
            let trust =
                latest.values().map(|r| r.record.trust()).sum::<f64>() / f64::from(count.max(1));
            Some(KindMatch {
                kind,
                reporters: count,
                own: latest.contains_key(&caller),
                categories: reporters
                    .iter()
                    .flat_map(|r| r.categories.iter().cloned())
                    .collect(),
                first_reported_at,
                last_reported_at,
                weight: ((1.0 - miss) * 10_000.0).round() / 10_000.0,
                quorum_met: count >= policy.quorum,
                evidence: MatchEvidence {
                    half_life_days: half_life,
                    decay: round4(decay(latest_age_days, half_life)),
                    trust: round4(trust),
                    quorum: policy.quorum,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;
    use proptest::prelude::*;

    fn sighting(tenant: u8, days_ago: i64, record: ContributorRecord) -> Sighting<u8> {
        Sighting {
            kind: IdentifierKind::Email,
            tenant,
            category: "chargeback".into(),
            reported_at: now() - Duration::days(days_ago),
            record,
        }
    }

    fn now() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn the_evidence_reads_in_words_without_naming_members() {
        let found = summarise(
            &[
                sighting(1, 10, ContributorRecord::default()),
                sighting(2, 40, ContributorRecord::default()),
            ],
            9,
            now(),
            &MatchPolicy::default(),
        );
        let (english, japanese) = found[0].in_words();
        assert!(
            english.starts_with("Reported by 2 member merchants for chargeback"),
            "{english}"
        );
        assert!(english.contains("quorum of 2 met"), "{english}");
        assert!(
            japanese.contains("加盟店2社が報告（チャージバック）"),
            "{japanese}"
        );
        assert!(found[0].evidence.decay > 0.0 && found[0].evidence.decay < 1.0);
        assert!(found[0].evidence.trust > 0.0);
    }

    #[test]
    fn a_fresh_report_by_a_clean_contributor_weighs_fully_and_halves_per_half_life() {
        let policy = MatchPolicy::default();
        let fresh = summarise(
            &[sighting(1, 0, ContributorRecord::default())],
            9,
            now(),
            &policy,
        );
        assert_eq!(fresh[0].weight, 1.0);
        assert_eq!(fresh[0].reporters, 1);
        assert!(!fresh[0].own && !fresh[0].quorum_met);
        let old = summarise(
            &[sighting(1, 180, ContributorRecord::default())],
            9,
            now(),
            &policy,
        );
        assert_eq!(old[0].weight, 0.5);
    }

    #[test]
    fn reporters_are_counted_once_and_the_callers_own_report_shows() {
        let clean = ContributorRecord::default();
        let matches = summarise(
            &[
                sighting(1, 10, clean),
                sighting(1, 5, clean),
                sighting(2, 400, clean),
            ],
            2,
            now(),
            &MatchPolicy::default(),
        );
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[0].reporters, 2);
        assert!(matches[0].own && matches[0].quorum_met);
        assert_eq!(matches[0].first_reported_at, now() - Duration::days(400));
        assert_eq!(matches[0].last_reported_at, now() - Duration::days(5));
    }

    #[test]
    fn upheld_disputes_cost_more_trust_than_retractions() {
        let retracting = ContributorRecord {
            reports: 10,
            retractions: 2,
            disputes_upheld: 0,
        };
        let disputed = ContributorRecord {
            reports: 10,
            retractions: 0,
            disputes_upheld: 2,
        };
        assert!(retracting.trust() > disputed.trust());
        assert_eq!(ContributorRecord::default().trust(), 1.0);
        let awful = ContributorRecord {
            reports: 0,
            retractions: 0,
            disputes_upheld: 1000,
        };
        assert_eq!(awful.trust(), MIN_TRUST);
    }

    #[test]
    fn half_lives_take_overrides_and_refuse_nonsense() {
        let half_lives = HalfLives::with_overrides([("ip", 7.0)]).unwrap();
        assert_eq!(half_lives.days(IdentifierKind::Ip), 7.0);
        assert_eq!(half_lives.days(IdentifierKind::Card), 365.0);
        assert!(HalfLives::with_overrides([("ipv9", 7.0)]).is_err());
        assert!(HalfLives::with_overrides([("ip", 0.0)]).is_err());
    }

    fn record() -> impl Strategy<Value = ContributorRecord> {
        (0i64..1000, 0i64..100, 0i64..20).prop_map(|(reports, retractions, disputes_upheld)| {
            ContributorRecord {
                reports,
                retractions,
                disputes_upheld,
            }
        })
    }

    /// What `consortium_summaries` keeps: one reporter per (tenant, shared), here split in two
    /// by the parity of the report's age so that a tenant comes in several summaries.
    fn aggregated(sightings: &[Sighting<u8>]) -> Vec<Reporter<u8>> {
        let mut groups: BTreeMap<(u8, bool), Reporter<u8>> = BTreeMap::new();
        for s in sightings {
            let split = s.reported_at.timestamp() % 2 == 0;
            groups
                .entry((s.tenant, split))
                .and_modify(|r| {
                    r.categories.push(s.category.clone());
                    r.first_reported_at = r.first_reported_at.min(s.reported_at);
                    r.last_reported_at = r.last_reported_at.max(s.reported_at);
                })
                .or_insert_with(|| Reporter::from(s));
        }
        groups.into_values().collect()
    }

    proptest! {
        #[test]
        fn summaries_per_reporter_weigh_exactly_what_their_reports_do(
            reports in proptest::collection::vec(
                (0u8..6, 0i64..900, 0usize..3, record(), 0i64..2), 1..40),
            caller in 0u8..8,
        ) {
            let categories = ["chargeback", "unpaid_deferred", "card_testing"];
            let sightings: Vec<Sighting<u8>> = reports
                .iter()
                .map(|(tenant, days, category, _, seconds)| Sighting {
                    kind: IdentifierKind::Email,
                    tenant: *tenant,
                    category: categories[*category].into(),
                    reported_at: now() - Duration::days(*days) - Duration::seconds(*seconds),
                    // A contributor has one record, whatever the report.
                    record: reports
                        .iter()
                        .find(|r| r.0 == *tenant)
                        .map(|r| r.3)
                        .unwrap_or_default(),
                })
                .collect();
            let policy = MatchPolicy::default();
            prop_assert_eq!(
                summarise(&sightings, caller, now(), &policy),
                summarise_reporters(&aggregated(&sightings), caller, now(), &policy)
            );
        }

        #[test]
        fn weights_stay_in_range_and_never_fall_when_a_reporter_joins(
            reports in proptest::collection::vec((0u8..20, 0i64..2000, record()), 1..10),
            extra in (20u8..40, 0i64..2000, record()),
        ) {
            let policy = MatchPolicy::default();
            let sightings: Vec<_> = reports.iter().map(|(t, d, r)| sighting(*t, *d, *r)).collect();
            let before = summarise(&sightings, 99, now(), &policy);
            prop_assert!(before[0].weight >= 0.0 && before[0].weight <= 1.0);
            let mut more = sightings.clone();
            more.push(sighting(extra.0, extra.1, extra.2));
            let after = summarise(&more, 99, now(), &policy);
            prop_assert!(after[0].weight >= before[0].weight);
            prop_assert_eq!(after[0].reporters, before[0].reporters + 1);
        }

        #[test]
        fn older_reports_never_weigh_more(days in 0i64..3000, later in 1i64..1000, r in record()) {
            let policy = MatchPolicy::default();
            let newer = summarise(&[sighting(1, days, r)], 9, now(), &policy);
            let older = summarise(&[sighting(1, days + later, r)], 9, now(), &policy);
            prop_assert!(older[0].weight <= newer[0].weight);
        }
    }
}
