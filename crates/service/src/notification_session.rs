//! A dedicated `tokio-postgres` session holding a `LISTEN` (diesel-async does not expose
//! notifications), as the caches' and the consortium filter's listeners use it: it opens with a
//! bounded connect and subscribe, hands notifications over one by one, proves on request that
//! the server still answers, and reconnects with backoff.

use std::time::Duration;

use futures_util::StreamExt;
use sekisho_store::connect::{ConnectError, DatabaseTarget};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_postgres::{AsyncMessage, Client, Notification};

/// Opening the session (TCP, TLS, authentication) and subscribing must finish within this.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// A session that stays silent is asked to prove it is alive this often, and given
/// `CONNECT_TIMEOUT` to answer: a frozen or unreachable server ends the session (what it
/// feeds is bypassed meanwhile) instead of trusting a connection that hears nothing. TCP
/// keepalives (set in `sekisho_store::connect`) cover a peer that vanished.
pub const HEARTBEAT: Duration = Duration::from_secs(10);
const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(10);

/// Why a session ended or could not start.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("{0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("LISTEN timed out")]
    SubscribeTimedOut,
    #[error("the database stopped answering")]
    Silent,
}

/// Aborts a task when dropped, however the session that owns it ends.
#[derive(Debug)]
pub struct AbortOnDrop<T>(pub JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// An open session that has subscribed.
pub struct Session {
    pub client: Client,
    received: mpsc::UnboundedReceiver<Result<Notification, tokio_postgres::Error>>,
    _driver: AbortOnDrop<()>,
}

impl Session {
    /// Connects and runs `subscribe` (the `LISTEN`, and whatever must precede it).
    pub async fn open(target: &DatabaseTarget, subscribe: &str) -> Result<Session, SessionError> {
        let (client, mut connection) = target.connect_raw().await?;
        let (notifications, received) = mpsc::unbounded_channel();
        let driver = AbortOnDrop(tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                let forwarded = match message {
                    Ok(AsyncMessage::Notification(notification)) => Ok(notification),
                    Ok(_) => continue,
                    Err(error) => Err(error),
                };
                let failed = forwarded.is_err();
                if notifications.send(forwarded).is_err() || failed {
                    return;
                }
            }
        }));
        tokio::time::timeout(CONNECT_TIMEOUT, client.batch_execute(subscribe))
            .await
            .map_err(|_| SessionError::SubscribeTimedOut)??;
        Ok(Session {
            client,
            received,
            _driver: driver,
        })
    }

    /// The next notification; `None` once the connection has closed. Cancel-safe.
    pub async fn next(&mut self) -> Result<Option<Notification>, SessionError> {
        match self.received.recv().await {
            Some(Ok(notification)) => Ok(Some(notification)),
            Some(Err(error)) => Err(error.into()),
            None => Ok(None),
        }
    }

    /// Fails unless the server answers within `CONNECT_TIMEOUT`.
    pub async fn prove_alive(&self) -> Result<(), SessionError> {
        tokio::time::timeout(CONNECT_TIMEOUT, self.client.simple_query("SELECT 1"))
            .await
            .map_err(|_| SessionError::Silent)??;
        Ok(())
    }
}

/// The delay before the next reconnection: doubling from 100 ms to 10 s, and back to the start
/// once a session has subscribed.
#[derive(Debug)]
pub struct Backoff(Duration);

impl Default for Backoff {
    fn default() -> Self {
        Self(FIRST_RETRY)
    }
}

impl Backoff {
    pub fn reset(&mut self) {
        self.0 = FIRST_RETRY;
    }

    pub async fn wait(&mut self) {
        tokio::time::sleep(self.0).await;
        self.0 = (self.0 * 2).min(LAST_RETRY);
    }
}
