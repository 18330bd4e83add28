//! One dedicated connection per process holding `LISTEN sekisho_cache` (diesel-async does not
//! expose notifications, so it is a plain `tokio-postgres` session). When it drops, the caches
//! are cleared and bypassed until it has listened again; it reconnects with backoff.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use sekisho_store::connect::DatabaseTarget;
use tokio::task::JoinHandle;
use tokio_postgres::AsyncMessage;

use super::{CHANNEL, Caches};

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(10);
/// Opening the session (TCP, TLS, authentication) and subscribing must finish within this.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A session that stays silent is asked to prove it is alive this often, and given
/// `CONNECT_TIMEOUT` to answer: a frozen or unreachable server ends the session (caches are
/// bypassed meanwhile) instead of leaving the caches trusted on a connection that hears nothing.
/// TCP keepalives (set in `sekisho_store::connect`) cover a peer that vanished.
const HEARTBEAT: Duration = Duration::from_secs(10);

/// The running listener; stops when dropped.
#[derive(Debug)]
pub struct Listener {
    task: JoinHandle<()>,
}

impl Listener {
    /// Starts listening with the application's database URL (its `sslmode` is honoured).
    pub fn start(database_url: &str, caches: Arc<Caches>) -> Result<Listener, String> {
        let target = DatabaseTarget::parse(database_url, CONNECT_TIMEOUT)
            .map_err(|error| error.to_string())?
            .with_application_name("sekisho-cache");
        let task = tokio::spawn(run(target, caches));
        Ok(Listener { task })
    }

    /// Stops the task and waits until it has ended.
    pub async fn stop(mut self) {
        self.task.abort();
        let _ = (&mut self.task).await;
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(target: DatabaseTarget, caches: Arc<Caches>) {
    let mut retry = FIRST_RETRY;
    loop {
        let outcome = listen(&target, &caches, &mut retry).await;
        caches.listening_stopped();
        match outcome {
            Ok(()) => tracing::warn!(
                "cache listener connection closed; caches bypassed until it reconnects"
            ),
            Err(error) => {
                tracing::warn!(%error, "cache listener connection failed; caches bypassed until it reconnects")
            }
        }
        tokio::time::sleep(retry).await;
        retry = (retry * 2).min(LAST_RETRY);
    }
}

/// Aborts the connection's driver when the session ends, however it ends.
struct Driver(JoinHandle<()>);

impl Drop for Driver {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Connects, listens and applies notifications until the connection ends or stops answering.
async fn listen(
    target: &DatabaseTarget,
    caches: &Caches,
    retry: &mut Duration,
) -> Result<(), String> {
    let (client, mut connection) = target.connect_raw().await.map_err(|e| e.to_string())?;
    let (notifications, mut received) = tokio::sync::mpsc::unbounded_channel();
    let _driver = Driver(tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            let forwarded = match message {
                Ok(AsyncMessage::Notification(notification)) => Ok(notification),
                Ok(_) => continue,
                Err(error) => Err(error.to_string()),
            };
            let failed = forwarded.is_err();
            if notifications.send(forwarded).is_err() || failed {
                return;
            }
        }
    }));
    let statement = format!("LISTEN {CHANNEL}");
    tokio::time::timeout(CONNECT_TIMEOUT, client.batch_execute(&statement))
        .await
        .map_err(|_| "LISTEN timed out".to_owned())?
        .map_err(|error| error.to_string())?;
    *retry = FIRST_RETRY;
    caches.listening_started();
    tracing::debug!("cache listener listening");
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    loop {
        tokio::select! {
            message = received.recv() => match message {
                Some(Ok(notification)) => caches.apply_payload(notification.payload()).await,
                Some(Err(error)) => return Err(error),
                None => return Ok(()),
            },
            _ = heartbeat.tick() => {
                tokio::time::timeout(CONNECT_TIMEOUT, client.simple_query("SELECT 1"))
                    .await
                    .map_err(|_| "the database stopped answering".to_owned())?
                    .map_err(|error| error.to_string())?;
            }
        }
    }
}
