//! One dedicated connection per process holding `LISTEN sekisho_cache` (diesel-async does not
//! expose notifications, so it is a plain `tokio-postgres` session). When it drops, the caches
//! are cleared and bypassed until it has listened again; it reconnects with backoff.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::task::JoinHandle;
use tokio_postgres::{AsyncMessage, NoTls};

use super::{CHANNEL, Caches};

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(10);
/// Notices a silently dead connection (no FIN) well before the safety TTL would.
const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);

/// The running listener; stops when dropped.
#[derive(Debug)]
pub struct Listener {
    task: JoinHandle<()>,
}

impl Listener {
    /// Starts listening with the application's database URL.
    pub fn start(database_url: &str, caches: Arc<Caches>) -> Result<Listener, String> {
        let mut config: tokio_postgres::Config = database_url
            .parse()
            .map_err(|error: tokio_postgres::Error| error.to_string())?;
        config
            .application_name("sekisho-cache")
            .keepalives(true)
            .keepalives_idle(KEEPALIVE_IDLE)
            .connect_timeout(Duration::from_secs(5));
        let task = tokio::spawn(run(config, caches));
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

async fn run(config: tokio_postgres::Config, caches: Arc<Caches>) {
    let mut retry = FIRST_RETRY;
    loop {
        let outcome = listen(&config, &caches, &mut retry).await;
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

/// Connects, listens and applies notifications until the connection ends.
async fn listen(
    config: &tokio_postgres::Config,
    caches: &Caches,
    retry: &mut Duration,
) -> Result<(), tokio_postgres::Error> {
    let (client, mut connection) = config.connect(NoTls).await?;
    let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
    let statement = format!("LISTEN {CHANNEL}");
    let mut subscribe = std::pin::pin!(client.batch_execute(&statement));
    let mut subscribed = false;
    loop {
        tokio::select! {
            result = &mut subscribe, if !subscribed => {
                result?;
                subscribed = true;
                *retry = FIRST_RETRY;
                caches.listening_started();
                tracing::debug!("cache listener listening");
            }
            message = messages.next() => match message {
                Some(Ok(AsyncMessage::Notification(notification))) => {
                    caches.apply_payload(notification.payload()).await;
                }
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(error),
                None => return Ok(()),
            }
        }
    }
}
