//! The whole engine against real local HTTP providers: a slow one (3 s), a failing one (500) and
//! a fast one that counts its calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::{HttpResponse, web};
use futures_util::future;
use sekisho_domain::identifiers::{RawAddress, RawIdentifiers};
use sekisho_scoring::reasons::ReasonCode;
use serde_json::json;

use super::*;

const BUDGET: Duration = Duration::from_millis(100);

#[derive(Default)]
struct Calls {
    slow: AtomicUsize,
    failing: AtomicUsize,
    fast: AtomicUsize,
}

struct LocalProviders {
    address: String,
    calls: Arc<Calls>,
    server: ServerHandle,
}

impl LocalProviders {
    fn spawn() -> Self {
        let calls = Arc::new(Calls::default());
        let data = web::Data::from(calls.clone());
        let server = actix_web::HttpServer::new(move || {
            actix_web::App::new()
                .app_data(data.clone())
                .route("/slow", web::post().to(slow))
                .route("/failing", web::post().to(failing))
                .route("/fast", web::post().to(fast))
                .route("/redirect", web::post().to(redirect))
        })
        .workers(1)
        .disable_signals()
        .bind("127.0.0.1:0")
        .unwrap();
        let address = format!("http://{}", server.addrs()[0]);
        let server = server.run();
        let handle = server.handle();
        tokio::spawn(server);
        Self {
            address,
            calls,
            server: handle,
        }
    }

    fn provider(&self, path: &str, checks: &[Check]) -> HttpProviderSettings {
        HttpProviderSettings {
            name: path.into(),
            url: format!("{}/{path}", self.address),
            checks: checks.to_vec(),
            budget: Some(BUDGET),
            private_network: true,
        }
    }

    fn calls(&self) -> (usize, usize, usize) {
        (
            self.calls.slow.load(Ordering::SeqCst),
            self.calls.failing.load(Ordering::SeqCst),
            self.calls.fast.load(Ordering::SeqCst),
        )
    }
}

impl Drop for LocalProviders {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

async fn slow(calls: web::Data<Calls>) -> HttpResponse {
    calls.slow.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(3)).await;
    HttpResponse::Ok().json(json!({ "phone_line": { "active": true } }))
}

async fn failing(calls: web::Data<Calls>) -> HttpResponse {
    calls.failing.fetch_add(1, Ordering::SeqCst);
    HttpResponse::InternalServerError().finish()
}

/// Sends the caller on to `/fast`: the personal data would arrive there a second time.
async fn redirect() -> HttpResponse {
    HttpResponse::TemporaryRedirect()
        .insert_header(("location", "/fast"))
        .finish()
}

async fn fast(calls: web::Data<Calls>, body: web::Json<serde_json::Value>) -> HttpResponse {
    calls.fast.fetch_add(1, Ordering::SeqCst);
    // Only the inputs of the provider's checks arrive.
    assert!(body.get("address").is_none(), "{body}");
    HttpResponse::Ok().json(json!({
        "phone_line": { "active": false },
        "ip": { "tags": ["vpn"], "country": "NL", "risk": 0.6 },
    }))
}

fn request(phone: &str) -> EnrichmentRequest {
    let raw = RawIdentifiers {
        phone: Some(phone.into()),
        address: Some(RawAddress {
            postal_code: "100-0001".into(),
            region: "東京都".into(),
            line1: "千代田区千代田1-1".into(),
            ..RawAddress::default()
        }),
        ip: Some("203.0.113.7".into()),
        ..RawIdentifiers::default()
    };
    EnrichmentRequest::from_identifiers(&raw.parse().unwrap())
}

fn settings(providers: Vec<HttpProviderSettings>) -> EnrichmentSettings {
    EnrichmentSettings {
        breaker: BreakerSettings {
            failure_threshold: 2,
            cool_down: Duration::from_secs(60),
        },
        providers,
        ..EnrichmentSettings::default()
    }
}

fn skipped(report: &EnrichmentReport) -> Vec<(&str, Check, SkipReason)> {
    report
        .skipped
        .iter()
        .map(|s| (s.provider.as_str(), s.check, s.why))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_failing_providers_never_hold_up_the_decision() {
    let local = LocalProviders::spawn();
    let enrichment = Enrichment::from_settings(&settings(vec![
        local.provider("slow", &[Check::PhoneLine]),
        local.provider("failing", &[Check::AddressExistence]),
        local.provider("fast", &[Check::PhoneLine, Check::IpIntelligence]),
    ]))
    .unwrap();
    assert_eq!(
        enrichment.provider_names().collect::<Vec<_>>(),
        ["offline", "slow", "failing", "fast"]
    );
    let order = request("090-1234-5678");

    // 1st run: the slow one times out, the failing one errs, the fast one answers.
    let started = std::time::Instant::now();
    let report = enrichment.run(&order).await;
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert!(elapsed >= BUDGET, "the slow provider had its whole budget");
    assert_eq!(
        skipped(&report),
        [
            ("slow", Check::PhoneLine, SkipReason::Timeout),
            ("failing", Check::AddressExistence, SkipReason::Error),
        ]
    );
    assert_eq!(
        report.findings,
        [
            ("fast".to_owned(), Finding::PhoneLine { active: false }),
            (
                "fast".to_owned(),
                Finding::IpIntel {
                    tags: vec!["vpn".into()],
                    country: Some("NL".into()),
                    risk: Some(0.6),
                }
            ),
        ]
    );
    let codes: Vec<ReasonCode> = report.reasons().iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        [
            ReasonCode::PhoneLineInactive,
            ReasonCode::EnrichmentSkipped,
            ReasonCode::EnrichmentSkipped
        ]
    );
    assert_eq!(local.calls(), (1, 1, 1));

    // 2nd run, same input: the fast answer comes from the cache; the others fail once more,
    // which reaches the threshold of 2.
    let report = enrichment.run(&order).await;
    assert_eq!(report.skipped.len(), 2);
    assert_eq!(report.findings.len(), 2);
    assert_eq!(local.calls(), (2, 2, 1));
    assert!(matches!(
        enrichment.breaker_state("failing"),
        Some(BreakerState::Open { .. })
    ));

    // 3rd run: both circuits are open; nothing is called and nothing is waited for.
    let started = std::time::Instant::now();
    let report = enrichment.run(&order).await;
    let elapsed = started.elapsed();
    assert!(elapsed < BUDGET, "took {elapsed:?}");
    assert_eq!(
        skipped(&report),
        [
            ("slow", Check::PhoneLine, SkipReason::CircuitOpen),
            ("failing", Check::AddressExistence, SkipReason::CircuitOpen),
        ]
    );
    assert_eq!(report.findings.len(), 2);
    assert_eq!(local.calls(), (2, 2, 1));

    // Another number is not in the cache: the fast provider is asked again.
    enrichment.run(&request("080-1234-5678")).await;
    assert_eq!(local.calls().2, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_provider_is_an_error_not_a_wait() {
    // Nothing listens on the discard port of loopback.
    let enrichment = Enrichment::from_settings(&settings(vec![HttpProviderSettings {
        name: "gone".into(),
        url: "http://127.0.0.1:9/".into(),
        checks: vec![Check::IpIntelligence],
        budget: Some(BUDGET),
        private_network: true,
    }]))
    .unwrap();
    // Built before the clock starts: parsing the phone loads its metadata and the first
    // address parse loads the gazetteer, neither of which is the provider's wait.
    let request = request("090-1234-5678");
    let started = std::time::Instant::now();
    let report = enrichment.run(&request).await;
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].check, Check::IpIntelligence);
}

/// Fails while `down` is set.
struct Flaky {
    down: AtomicBool,
    calls: AtomicUsize,
}

impl EnrichmentProvider for Flaky {
    fn name(&self) -> &str {
        "flaky"
    }

    fn checks(&self) -> &[Check] {
        &[Check::IpIntelligence]
    }

    fn enrich<'a>(&'a self, _: &'a EnrichmentRequest) -> ProviderFuture<'a> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(future::ready(if self.down.load(Ordering::SeqCst) {
            Err(ProviderError::Status(503))
        } else {
            Ok(vec![])
        }))
    }
}

#[tokio::test]
async fn after_the_cool_down_a_probe_closes_the_circuit() {
    let flaky = Arc::new(Flaky {
        down: AtomicBool::new(true),
        calls: AtomicUsize::new(0),
    });
    let mut settings = settings(vec![]);
    settings.breaker = BreakerSettings {
        failure_threshold: 1,
        cool_down: Duration::from_millis(50),
    };
    let enrichment = Enrichment::new(&settings)
        .with_provider(
            flaky.clone(),
            ProviderOptions {
                budget: BUDGET,
                cache: false,
            },
        )
        .unwrap();
    let request = request("090-1234-5678");
    let why = |report: EnrichmentReport| report.skipped.first().map(|s| s.why);

    assert_eq!(why(enrichment.run(&request).await), Some(SkipReason::Error));
    assert_eq!(
        why(enrichment.run(&request).await),
        Some(SkipReason::CircuitOpen)
    );
    assert_eq!(flaky.calls.load(Ordering::SeqCst), 1);

    tokio::time::sleep(Duration::from_millis(80)).await;
    flaky.down.store(false, Ordering::SeqCst);
    assert_eq!(why(enrichment.run(&request).await), None);
    assert_eq!(
        enrichment.breaker_state("flaky"),
        Some(BreakerState::Closed { failures: 0 })
    );
    assert_eq!(flaky.calls.load(Ordering::SeqCst), 2);
}

#[test]
fn provider_names_are_unique_and_present() {
    let offline = || Arc::new(OfflineProvider) as Arc<dyn EnrichmentProvider>;
    let options = ProviderOptions {
        budget: BUDGET,
        cache: false,
    };
    let enrichment = Enrichment::new(&EnrichmentSettings::default())
        .with_provider(offline(), options)
        .unwrap();
    assert!(matches!(
        enrichment.with_provider(offline(), options),
        Err(EnrichmentError::DuplicateProvider(_))
    ));
    let mut settings = EnrichmentSettings::default();
    settings.providers.push(HttpProviderSettings {
        name: "offline".into(),
        url: "http://127.0.0.1:9/".into(),
        checks: vec![Check::PhoneLine],
        budget: None,
        private_network: true,
    });
    assert!(Enrichment::from_settings(&settings).is_err());
}

#[tokio::test]
async fn the_offline_provider_runs_without_any_configuration() {
    let enrichment = Enrichment::from_settings(&EnrichmentSettings::default()).unwrap();
    let mut request = request("090-1234-5678");
    if let Some(address) = request.address.as_mut() {
        address.postal_code = Some("5300001".into());
    }
    let report = enrichment.run(&request).await;
    assert_eq!(
        report.findings,
        [(
            OFFLINE_PROVIDER.to_owned(),
            Finding::AddressExists { exists: false }
        )]
    );
    assert!(report.skipped.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_a_failed_call_not_followed() {
    // Before: reqwest's default policy followed up to 10 redirects, re-posting the inputs.
    let providers = LocalProviders::spawn();
    let enrichment = Enrichment::from_settings(&settings(vec![
        providers.provider("redirect", &[Check::IpIntelligence]),
    ]))
    .unwrap();
    let request = request("090-1234-5678");
    let report = enrichment.run(&request).await;
    assert_eq!(
        providers.calls().2,
        0,
        "the redirect target was never called"
    );
    assert!(
        report
            .skipped
            .iter()
            .any(|skip| skip.check == Check::IpIntelligence),
        "{:?}",
        report.skipped
    );
}
