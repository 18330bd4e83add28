//! What the providers found, what was skipped, and the reasons a decision gives for both.

use std::collections::BTreeSet;

use sekisho_scoring::reasons::{Reason, ReasonCode};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::request::Check;

/// One fact a provider established.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    PhoneLine {
        active: bool,
    },
    AddressExists {
        exists: bool,
    },
    IpIntel {
        /// Lower case, e.g. `tor`, `proxy`, `vpn`, `datacenter`.
        tags: Vec<String>,
        /// ISO 3166-1 alpha-2, upper case.
        country: Option<String>,
        /// 0.0 (harmless) to 1.0 (certainly abusive).
        risk: Option<f32>,
    },
}

/// What one provider call established; empty when it knows nothing either way.
pub type Findings = Vec<Finding>;

impl Finding {
    /// The check this fact answers.
    pub fn check(&self) -> Check {
        match self {
            Finding::PhoneLine { .. } => Check::PhoneLine,
            Finding::AddressExists { .. } => Check::AddressExistence,
            Finding::IpIntel { .. } => Check::IpIntelligence,
        }
    }
}

/// Why a provider's check gave no answer.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SkipReason {
    /// The provider did not answer within its budget.
    Timeout,
    /// The provider failed too often lately and is left alone for a while.
    CircuitOpen,
    /// The provider answered with an error or something unreadable.
    Error,
}

sekisho_domain::vocabulary!(SkipReason);

/// A check a provider should have made and did not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub provider: String,
    pub check: Check,
    pub why: SkipReason,
}

/// Everything one enrichment run learnt, in the order the providers were configured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnrichmentReport {
    /// (provider name, fact).
    pub findings: Vec<(String, Finding)>,
    pub skipped: Vec<Skipped>,
}

impl EnrichmentReport {
    /// The reasons to add to a decision: `phone_line_inactive` and `address_not_found` when any
    /// provider says so (detail: the providers), and one `enrichment_skipped` per provider that
    /// skipped checks (detail: provider, checks, why). IP intelligence gives no reason here: its
    /// tags join the reference tables' (see [`EnrichmentReport::ip_tags`]).
    pub fn reasons(&self) -> Vec<Reason> {
        let mut reasons = Vec::new();
        let saying = |wanted: &Finding| -> BTreeSet<&str> {
            self.findings
                .iter()
                .filter(|(_, finding)| finding == wanted)
                .map(|(provider, _)| provider.as_str())
                .collect()
        };
        for (finding, code) in [
            (
                Finding::PhoneLine { active: false },
                ReasonCode::PhoneLineInactive,
            ),
            (
                Finding::AddressExists { exists: false },
                ReasonCode::AddressNotFound,
            ),
        ] {
            let providers = saying(&finding);
            if !providers.is_empty() {
                reasons.push(Reason::new(code, json!({ "providers": providers })));
            }
        }
        // One call per provider and run, so its skipped checks share one cause.
        let mut skipped_by: Vec<(&str, SkipReason, Vec<&str>)> = Vec::new();
        for skipped in &self.skipped {
            match skipped_by
                .iter_mut()
                .find(|(provider, ..)| *provider == skipped.provider)
            {
                Some((_, _, checks)) => checks.push(skipped.check.as_str()),
                None => {
                    skipped_by.push((&skipped.provider, skipped.why, vec![skipped.check.as_str()]))
                }
            }
        }
        for (provider, why, checks) in skipped_by {
            reasons.push(Reason::new(
                ReasonCode::EnrichmentSkipped,
                json!({ "provider": provider, "checks": checks, "why": why.as_str() }),
            ));
        }
        reasons
    }

    /// Every IP tag any provider reported, lower case, sorted, each once.
    pub fn ip_tags(&self) -> BTreeSet<&str> {
        self.findings
            .iter()
            .filter_map(|(_, finding)| match finding {
                Finding::IpIntel { tags, .. } => Some(tags),
                _ => None,
            })
            .flatten()
            .map(String::as_str)
            .collect()
    }

    /// Whether `check` was skipped by some provider.
    pub fn was_skipped(&self, check: Check) -> bool {
        self.skipped.iter().any(|skipped| skipped.check == check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> EnrichmentReport {
        EnrichmentReport {
            findings: vec![
                ("offline".into(), Finding::PhoneLine { active: false }),
                ("carrier".into(), Finding::PhoneLine { active: false }),
                ("carrier".into(), Finding::AddressExists { exists: true }),
                (
                    "ipinfo".into(),
                    Finding::IpIntel {
                        tags: vec!["vpn".into(), "datacenter".into()],
                        country: Some("NL".into()),
                        risk: Some(0.4),
                    },
                ),
            ],
            skipped: vec![
                Skipped {
                    provider: "postal".into(),
                    check: Check::AddressExistence,
                    why: SkipReason::Timeout,
                },
                Skipped {
                    provider: "ipinfo2".into(),
                    check: Check::IpIntelligence,
                    why: SkipReason::CircuitOpen,
                },
            ],
        }
    }

    #[test]
    fn negative_findings_and_skips_become_reasons() {
        let reasons = report().reasons();
        let codes: Vec<ReasonCode> = reasons.iter().map(|r| r.code).collect();
        assert_eq!(
            codes,
            [
                ReasonCode::PhoneLineInactive,
                ReasonCode::EnrichmentSkipped,
                ReasonCode::EnrichmentSkipped
            ]
        );
        assert_eq!(
            reasons[0].detail,
            json!({ "providers": ["carrier", "offline"] })
        );
        assert_eq!(
            reasons[0].points,
            ReasonCode::PhoneLineInactive.default_points()
        );
        assert_eq!(
            reasons[1].detail,
            json!({ "provider": "postal", "checks": ["address_existence"], "why": "timeout" })
        );
        assert_eq!(reasons[2].detail["why"], "circuit_open");
    }

    #[test]
    fn a_missing_address_is_a_reason() {
        let report = EnrichmentReport {
            findings: vec![("offline".into(), Finding::AddressExists { exists: false })],
            skipped: vec![],
        };
        let reasons = report.reasons();
        assert_eq!(reasons.len(), 1);
        assert_eq!(reasons[0].code, ReasonCode::AddressNotFound);
    }

    #[test]
    fn nothing_found_nothing_skipped_no_reasons() {
        assert!(EnrichmentReport::default().reasons().is_empty());
    }

    #[test]
    fn ip_tags_are_collected_once() {
        let report = report();
        let tags: Vec<&str> = report.ip_tags().into_iter().collect();
        assert_eq!(tags, ["datacenter", "vpn"]);
        assert!(report.was_skipped(Check::AddressExistence));
        assert!(!report.was_skipped(Check::PhoneLine));
    }

    #[test]
    fn findings_serialise_with_their_kind() {
        assert_eq!(
            serde_json::to_value(Finding::PhoneLine { active: false }).unwrap(),
            json!({ "kind": "phone_line", "active": false })
        );
    }
}
