//! The background task that sends due deliveries: it claims a batch across tenants (platform
//! scope, `FOR UPDATE SKIP LOCKED` and a lease, so that replicas never send one delivery at the
//! same time), POSTs them concurrently without holding a database connection, and records each
//! outcome. A 2xx answer is success; anything else is retried with backoff until
//! `max_attempts`, then the delivery is `dead`. Neither secrets nor bodies are logged.

use std::time::Duration;

use chrono::Utc;
use rand::Rng;
use sekisho_store::webhooks::{AttemptOutcome, DeliveryStatus, DueDelivery, WebhookDelivery};
use sekisho_store::{Pool, StoreError, pool, tenancy};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::endpoint_url::{EndpointUrl, EndpointUrlError, PublicResolver};
use super::settings::WebhookSettings;
use super::signature::{SIGNATURE_HEADER, WebhookSecret};

const EVENT_HEADER: &str = "Sekisho-Event";
const DELIVERY_HEADER: &str = "Sekisho-Delivery";
const USER_AGENT: &str = concat!("Sekisho-Webhooks/", env!("CARGO_PKG_VERSION"));
const MAX_ERROR_CHARS: usize = 200;

/// Sends deliveries until stopped. Dropping it aborts the task.
#[derive(Debug)]
pub struct Dispatcher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Dispatcher {
    /// Starts the task on the current tokio runtime. `allow_insecure` lets deliveries use plain
    /// `http://` to this machine (tests and local development only).
    pub fn start(
        pool: Pool,
        settings: &WebhookSettings,
        allow_insecure: bool,
    ) -> Result<Dispatcher, ClientError> {
        let sender = Sender::new(settings, allow_insecure)?;
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(pool, sender, stopped));
        Ok(Dispatcher { stop, task })
    }

    /// Stops polling and waits for the deliveries in flight (one request timeout at most).
    pub async fn stop(mut self) {
        // Fails only when the task has already ended, which the join below reports.
        let _ = self.stop.send(true);
        if let Err(error) = (&mut self.task).await
            && error.is_panic()
        {
            tracing::error!("the webhook dispatcher panicked");
        }
    }
}

impl Drop for Dispatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(pool: Pool, sender: Sender, mut stopped: watch::Receiver<bool>) {
    let mut failing = false;
    loop {
        let full_batch = match dispatch_once(&pool, &sender).await {
            Ok(claimed) => {
                if failing {
                    tracing::info!("webhook dispatch recovered");
                    failing = false;
                }
                claimed >= sender.settings.batch_size as usize
            }
            Err(error) => {
                // Once per outage, not once per poll.
                if !failing {
                    tracing::warn!(%error, "webhook dispatch failed; retrying");
                    failing = true;
                }
                false
            }
        };
        if *stopped.borrow() {
            return;
        }
        if full_batch {
            continue;
        }
        tokio::select! {
            _ = stopped.changed() => return,
            () = tokio::time::sleep(sender.settings.poll_interval) => {}
        }
    }
}

/// Claims, sends and records one batch; returns how many were claimed.
async fn dispatch_once(pool: &Pool, sender: &Sender) -> Result<usize, StoreError> {
    let limit = i64::from(sender.settings.batch_size.max(1));
    let lease = sender.settings.request_timeout.saturating_mul(2) + Duration::from_secs(30);
    let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(i64::MAX);
    let claiming = async {
        let mut conn = pool::get(pool).await?;
        tenancy::in_platform::<_, StoreError, _, _>(&mut conn, async |conn| {
            WebhookDelivery::claim_due(conn, limit, lease_ms).await
        })
        .await
    };
    let due = bounded(claiming).await?;
    if due.is_empty() {
        return Ok(0);
    }
    let claimed = due.len();
    let outcomes =
        futures_util::future::join_all(due.iter().map(|delivery| sender.send(delivery))).await;
    bounded(record_outcomes(pool, &due, outcomes)).await?;
    Ok(claimed)
}

/// A database that stops answering must not stall the dispatcher for ever: each step gives up
/// after `DATABASE_STEP_TIMEOUT` and is retried at the next poll (an unrecorded attempt is sent
/// again once its lease ends: delivery is at least once).
const DATABASE_STEP_TIMEOUT: Duration = Duration::from_secs(15);

async fn bounded<T>(step: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    tokio::time::timeout(DATABASE_STEP_TIMEOUT, step)
        .await
        .map_err(|_| StoreError::Unavailable("the database did not answer in time".into()))?
}

async fn record_outcomes(
    pool: &Pool,
    due: &[DueDelivery],
    outcomes: Vec<AttemptOutcome>,
) -> Result<(), StoreError> {
    let mut conn = pool::get(pool).await?;
    for (delivery, outcome) in due.iter().zip(outcomes) {
        let recorded = tenancy::in_tenant::<_, StoreError, _, _>(
            &mut conn,
            delivery.tenant_id,
            async |conn| {
                WebhookDelivery::record_attempt(
                    conn,
                    delivery.tenant_id,
                    delivery.id,
                    delivery.attempts,
                    &outcome,
                )
                .await
            },
        )
        .await?;
        if !recorded {
            tracing::debug!(delivery.id = %delivery.id, "webhook delivery changed meanwhile");
        }
    }
    Ok(())
}

struct Sender {
    client: reqwest::Client,
    settings: WebhookSettings,
    allow_insecure: bool,
}

impl Sender {
    fn new(settings: &WebhookSettings, allow_insecure: bool) -> Result<Self, ClientError> {
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(settings.request_timeout)
            .connect_timeout(settings.request_timeout)
            // A redirect could lead anywhere, the private network included: it counts as a
            // failure, and the tenant fixes its URL.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if !allow_insecure {
            builder = builder.dns_resolver(std::sync::Arc::new(PublicResolver));
        }
        let client = builder.build().map_err(ClientError)?;
        Ok(Self {
            client,
            settings: settings.clone(),
            allow_insecure,
        })
    }

    /// One try; never fails, the outcome says how it went.
    async fn send(&self, delivery: &DueDelivery) -> AttemptOutcome {
        let attempt = u32::try_from(delivery.attempts)
            .unwrap_or(0)
            .saturating_add(1);
        let result = self.post(delivery).await;
        let (status_code, error) = match &result {
            Ok(code) if (200..300).contains(code) => (Some(i32::from(*code)), None),
            Ok(code) if (300..400).contains(code) => (
                Some(i32::from(*code)),
                Some(format!("HTTP {code}: redirects are not followed")),
            ),
            Ok(code) => (Some(i32::from(*code)), Some(format!("HTTP {code}"))),
            Err(error) => (None, Some(error.to_string())),
        };
        let outcome = match error {
            None => AttemptOutcome {
                status: DeliveryStatus::Succeeded,
                status_code,
                error: None,
                next_attempt_at: None,
            },
            Some(error) => {
                let dead = attempt >= self.settings.max_attempts
                    || matches!(result, Err(ref e) if e.is_permanent());
                let next_attempt_at = (!dead).then(|| {
                    let delay = self
                        .settings
                        .retry_delay_with_jitter(attempt, rand::rng().random::<f64>());
                    Utc::now() + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX)
                });
                AttemptOutcome {
                    status: if dead {
                        DeliveryStatus::Dead
                    } else {
                        DeliveryStatus::Failed
                    },
                    status_code,
                    error: Some(error.chars().take(MAX_ERROR_CHARS).collect()),
                    next_attempt_at,
                }
            }
        };
        tracing::info!(
            tenant.id = %delivery.tenant_id,
            webhook.id = %delivery.endpoint_id,
            delivery.id = %delivery.id,
            event.type = %delivery.event_type,
            attempt,
            status = outcome.status.as_str(),
            http.status_code = status_code,
            "webhook delivery attempt"
        );
        outcome
    }

    /// POSTs the event; the answer's status code, or why there was none.
    async fn post(&self, delivery: &DueDelivery) -> Result<u16, SendError> {
        let url = EndpointUrl::parse(&delivery.url, self.allow_insecure)?;
        let secret =
            WebhookSecret::parse(&delivery.secret).map_err(|_| SendError::UnusableSecret)?;
        let body = serde_json::to_vec(&delivery.payload).map_err(|_| SendError::Unserialisable)?;
        let timestamp = Utc::now().timestamp();
        let response = self
            .client
            .post(url.url().clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(EVENT_HEADER, delivery.event_type.as_str())
            .header(DELIVERY_HEADER, delivery.id.to_string())
            .header(SIGNATURE_HEADER, secret.header_value(timestamp, &body))
            .body(body)
            .send()
            .await
            .map_err(|error| describe(&error, self.settings.request_timeout))?;
        // The answer's body is not read: it is not ours to keep.
        Ok(response.status().as_u16())
    }
}

/// The dispatcher's HTTP client could not be built (its TLS configuration).
#[derive(Debug, thiserror::Error)]
#[error("webhook HTTP client: {0}")]
pub struct ClientError(reqwest::Error);

/// Why a try got no answer: its words are what the tenant's delivery log shows, never the URL
/// (its path or query may hold a token) nor the body.
#[derive(Debug, thiserror::Error)]
enum SendError {
    #[error("not sent: the URL {0}")]
    RefusedUrl(#[from] EndpointUrlError),
    #[error("not sent: the endpoint's secret is unusable")]
    UnusableSecret,
    #[error("not sent: the event cannot be serialised")]
    Unserialisable,
    #[error("timed out after {} ms", .0.as_millis())]
    TimedOut(Duration),
    #[error("could not connect")]
    Connect,
    #[error("request failed")]
    Failed,
}

impl SendError {
    /// Failures that retrying cannot cure: the delivery is dead at once.
    fn is_permanent(&self) -> bool {
        matches!(
            self,
            SendError::RefusedUrl(_) | SendError::UnusableSecret | SendError::Unserialisable
        )
    }
}

/// The kind of a transport failure.
fn describe(error: &reqwest::Error, timeout: Duration) -> SendError {
    if error.is_timeout() {
        SendError::TimedOut(timeout)
    } else if error.is_connect() {
        SendError::Connect
    } else {
        SendError::Failed
    }
}
