//! A provider behind HTTP: POST the inputs as JSON, read the facts back. See docs/ENRICHMENT.md
//! for the protocol.

use std::net::IpAddr;
use std::time::Duration;

use reqwest::Url;
use sekisho_domain::identifiers::PhoneType;
use serde::{Deserialize, Serialize};

use super::findings::{Finding, Findings};
use super::provider::{EnrichmentProvider, ProviderError, ProviderFuture};
use super::request::{Check, EnrichmentRequest};
use crate::webhooks::endpoint_url::{PublicResolver, is_public};

/// A larger answer is refused (the protocol's answers are a few hundred bytes).
const MAX_ANSWER_BYTES: usize = 64 * 1024;
const MAX_TAGS: usize = 16;
const MAX_TAG_CHARS: usize = 32;

/// Why a configured HTTP provider cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProviderUrlError {
    #[error("invalid URL: {0}")]
    InvalidUrl(#[from] url::ParseError),
    #[error("the URL must be http or https")]
    Scheme,
    #[error(
        "the URL names a private or special-purpose address; set private_network for a provider \
         inside your own network"
    )]
    PrivateAddress,
    #[error("{0}")]
    Client(reqwest::Error),
}

#[derive(Debug, Clone)]
pub struct HttpProvider {
    name: String,
    url: Url,
    checks: Vec<Check>,
    client: reqwest::Client,
}

impl HttpProvider {
    /// `budget` bounds the connection attempt; the whole call is bounded by
    /// [`Enrichment`](super::Enrichment).
    ///
    /// Unless `private_network`, the URL must name a public address or a name, and every address
    /// the name resolves to must be public (checked when connecting, so that a name rebound into
    /// a private network gets nothing).
    pub fn new(
        name: &str,
        url: &str,
        checks: &[Check],
        budget: Duration,
        private_network: bool,
    ) -> Result<Self, ProviderUrlError> {
        let url = Url::parse(url)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ProviderUrlError::Scheme);
        }
        if !private_network {
            let host = url.host_str().unwrap_or_default();
            let literal = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<IpAddr>()
                .ok();
            if literal.is_some_and(|ip| !is_public(ip)) || host.eq_ignore_ascii_case("localhost") {
                return Err(ProviderUrlError::PrivateAddress);
            }
        }
        let mut builder = reqwest::Client::builder()
            .connect_timeout(budget)
            // The request is personal data: it goes to the configured URL and nowhere else,
            // neither through a proxy nor after a redirect.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(budget.saturating_mul(2));
        if !private_network {
            builder = builder.dns_resolver(std::sync::Arc::new(PublicResolver));
        }
        let client = builder
            .build()
            .map_err(|error| ProviderUrlError::Client(error.without_url()))?;
        let mut checks = checks.to_vec();
        checks.sort_unstable();
        checks.dedup();
        Ok(Self {
            name: name.to_owned(),
            url,
            checks,
            client,
        })
    }

    async fn call(&self, request: &EnrichmentRequest) -> Result<Findings, ProviderError> {
        let mut response = self
            .client
            .post(self.url.clone())
            .json(&WireRequest::new(request, &self.checks))
            .send()
            .await
            .map_err(transport)?;
        if !response.status().is_success() {
            return Err(ProviderError::Status(response.status().as_u16()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(ProviderError::Malformed(format!(
                    "answer larger than {MAX_ANSWER_BYTES} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        // The position only: serde's message may quote the answer.
        let answer: WireAnswer = serde_json::from_slice(&body).map_err(|error| {
            ProviderError::Malformed(format!(
                "not the expected JSON ({:?} error at line {} column {})",
                error.classify(),
                error.line(),
                error.column()
            ))
        })?;
        answer.into_findings()
    }
}

fn transport(error: reqwest::Error) -> ProviderError {
    ProviderError::Transport(error.without_url().to_string())
}

impl EnrichmentProvider for HttpProvider {
    fn name(&self) -> &str {
        &self.name
    }

    fn checks(&self) -> &[Check] {
        &self.checks
    }

    fn enrich<'a>(&'a self, request: &'a EnrichmentRequest) -> ProviderFuture<'a> {
        Box::pin(self.call(request))
    }
}

/// The JSON posted to a provider.
#[derive(Debug, Serialize)]
struct WireRequest<'a> {
    /// The checks asked for (those of the provider with an input).
    checks: Vec<Check>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<WirePhone<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<WireAddress<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<IpAddr>,
}

#[derive(Debug, Serialize)]
struct WirePhone<'a> {
    e164: &'a str,
    #[serde(rename = "type")]
    phone_type: PhoneType,
}

#[derive(Debug, Serialize)]
struct WireAddress<'a> {
    country: &'a str,
    postal_code: Option<&'a str>,
    region: Option<&'a str>,
    delivery_point: &'a str,
}

impl<'a> WireRequest<'a> {
    fn new(request: &'a EnrichmentRequest, checks: &[Check]) -> Self {
        let wanted = |check: Check| checks.contains(&check);
        Self {
            checks: checks
                .iter()
                .copied()
                .filter(|check| request.has_input_for(*check))
                .collect(),
            phone: request
                .phone
                .as_ref()
                .filter(|_| wanted(Check::PhoneLine))
                .map(|phone| WirePhone {
                    e164: &phone.e164,
                    phone_type: phone.phone_type,
                }),
            address: request
                .address
                .as_ref()
                .filter(|_| wanted(Check::AddressExistence))
                .map(|address| WireAddress {
                    country: &address.country,
                    postal_code: address.postal_code.as_deref(),
                    region: address.region.as_deref(),
                    delivery_point: &address.delivery_point,
                }),
            ip: request.ip.filter(|_| wanted(Check::IpIntelligence)),
        }
    }
}

/// The JSON a provider answers; every part optional, unknown fields ignored.
#[derive(Debug, Default, Deserialize)]
struct WireAnswer {
    phone_line: Option<WirePhoneLine>,
    address_exists: Option<bool>,
    ip: Option<WireIp>,
}

#[derive(Debug, Deserialize)]
struct WirePhoneLine {
    active: bool,
}

#[derive(Debug, Deserialize)]
struct WireIp {
    #[serde(default)]
    tags: Vec<String>,
    country: Option<String>,
    risk: Option<f32>,
}

impl WireAnswer {
    fn into_findings(self) -> Result<Findings, ProviderError> {
        let mut findings = Findings::new();
        if let Some(line) = self.phone_line {
            findings.push(Finding::PhoneLine {
                active: line.active,
            });
        }
        if let Some(exists) = self.address_exists {
            findings.push(Finding::AddressExists { exists });
        }
        if let Some(ip) = self.ip {
            findings.push(ip.into_finding()?);
        }
        Ok(findings)
    }
}

impl WireIp {
    fn into_finding(self) -> Result<Finding, ProviderError> {
        let malformed = |what: &str| Err(ProviderError::Malformed(what.to_owned()));
        if self.tags.len() > MAX_TAGS
            || self
                .tags
                .iter()
                .any(|tag| tag.is_empty() || tag.chars().count() > MAX_TAG_CHARS)
        {
            return malformed("ip.tags: at most 16 tags of 1 to 32 characters");
        }
        if self.risk.is_some_and(|risk| !(0.0..=1.0).contains(&risk)) {
            return malformed("ip.risk: must lie between 0 and 1");
        }
        let country = match self.country {
            Some(country)
                if country.len() == 2 && country.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                Some(country.to_ascii_uppercase())
            }
            Some(_) => return malformed("ip.country: must be an ISO 3166-1 alpha-2 code"),
            None => None,
        };
        let mut tags: Vec<String> = self.tags.iter().map(|tag| tag.to_lowercase()).collect();
        tags.sort_unstable();
        tags.dedup();
        Ok(Finding::IpIntel {
            tags,
            country,
            risk: self.risk,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::request::{AddressLookup, PhoneLookup};
    use super::*;

    fn answer(value: serde_json::Value) -> Result<Findings, ProviderError> {
        serde_json::from_value::<WireAnswer>(value)
            .unwrap()
            .into_findings()
    }

    #[test]
    fn the_request_holds_only_the_inputs_of_the_providers_checks() {
        let request = EnrichmentRequest {
            phone: Some(PhoneLookup {
                e164: "+819012345678".into(),
                phone_type: PhoneType::Mobile,
            }),
            address: Some(AddressLookup {
                country: "JP".into(),
                postal_code: Some("1000001".into()),
                region: Some("東京都".into()),
                delivery_point: "JP|1000001|東京都|千代田区|千代田|1|".into(),
            }),
            ip: Some("203.0.113.7".parse().unwrap()),
        };
        let wire = WireRequest::new(&request, &[Check::PhoneLine, Check::IpIntelligence]);
        assert_eq!(
            serde_json::to_value(&wire).unwrap(),
            json!({
                "checks": ["phone_line", "ip_intelligence"],
                "phone": { "e164": "+819012345678", "type": "mobile" },
                "ip": "203.0.113.7",
            })
        );
        let wire = WireRequest::new(&request, &[Check::AddressExistence]);
        assert_eq!(
            serde_json::to_value(&wire).unwrap()["address"],
            json!({
                "country": "JP",
                "postal_code": "1000001",
                "region": "東京都",
                "delivery_point": "JP|1000001|東京都|千代田区|千代田|1|",
            })
        );
    }

    #[test]
    fn every_part_of_the_answer_is_optional() {
        assert_eq!(answer(json!({})).unwrap(), []);
        assert_eq!(
            answer(json!({ "phone_line": { "active": false }, "extra": 1 })).unwrap(),
            [Finding::PhoneLine { active: false }]
        );
        assert_eq!(
            answer(json!({
                "address_exists": true,
                "ip": { "tags": ["VPN", "datacenter", "vpn"], "country": "nl", "risk": 0.5 },
            }))
            .unwrap(),
            [
                Finding::AddressExists { exists: true },
                Finding::IpIntel {
                    tags: vec!["datacenter".into(), "vpn".into()],
                    country: Some("NL".into()),
                    risk: Some(0.5),
                },
            ]
        );
    }

    #[test]
    fn implausible_ip_answers_are_refused() {
        for ip in [
            json!({ "risk": 1.5 }),
            json!({ "country": "Netherlands" }),
            json!({ "tags": [""] }),
            json!({ "tags": vec!["x"; 17] }),
        ] {
            assert!(
                matches!(
                    answer(json!({ "ip": ip })),
                    Err(ProviderError::Malformed(_))
                ),
                "{ip}"
            );
        }
    }

    #[test]
    fn only_http_urls_are_accepted() {
        let budget = Duration::from_millis(100);
        assert!(HttpProvider::new("a", "ftp://example.invalid/", &[], budget, false).is_err());
        assert!(HttpProvider::new("a", "not a url", &[], budget, false).is_err());
        let provider = HttpProvider::new(
            "a",
            "http://127.0.0.1:9/",
            &[Check::IpIntelligence],
            budget,
            true,
        )
        .unwrap();
        assert_eq!(provider.checks(), [Check::IpIntelligence]);
    }

    #[test]
    fn special_purpose_destinations_need_private_network() {
        let budget = Duration::from_millis(100);
        for url in [
            "http://127.0.0.1:9/",
            "http://10.0.0.5/v1/check",
            "http://[::ffff:192.168.0.1]/",
            "http://2130706433/",
            "http://198.18.0.1/",
            "http://localhost/",
        ] {
            assert!(
                HttpProvider::new("a", url, &[], budget, false).is_err(),
                "{url}"
            );
            assert!(
                HttpProvider::new("a", url, &[], budget, true).is_ok(),
                "{url}"
            );
        }
        assert!(
            HttpProvider::new("a", "https://carrier.example.com/v1", &[], budget, false).is_ok()
        );
    }
}
