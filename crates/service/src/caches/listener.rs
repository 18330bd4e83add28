//! One dedicated connection per process holding `LISTEN sekisho_cache`
//! (`crate::notification_session`). When it drops, the caches are cleared and bypassed until it
//! has listened again; it reconnects with backoff.

use std::sync::Arc;

use sekisho_store::connect::{ConnectError, DatabaseTarget};
use tokio::task::JoinHandle;

use super::{CHANNEL, Caches};
use crate::notification_session::{Backoff, CONNECT_TIMEOUT, HEARTBEAT, Session, SessionError};

/// The running listener; stops when dropped.
#[derive(Debug)]
pub struct Listener {
    task: JoinHandle<()>,
}

impl Listener {
    /// Starts listening with the application's database URL (its `sslmode` is honoured).
    pub fn start(database_url: &str, caches: Arc<Caches>) -> Result<Listener, ConnectError> {
        let target = DatabaseTarget::parse(database_url, CONNECT_TIMEOUT)?
            .with_application_name("sekisho-cache");
        let task = tokio::spawn(run(target, caches));
        Ok(Listener { task })
    }

    /// Stops the task and waits until it has ended.
    pub async fn stop(mut self) {
        self.task.abort();
        // Aborted on purpose: the JoinError says only that.
        let _ = (&mut self.task).await;
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn run(target: DatabaseTarget, caches: Arc<Caches>) {
    let mut backoff = Backoff::default();
    loop {
        let outcome = listen(&target, &caches, &mut backoff).await;
        caches.listening_stopped();
        match outcome {
            Ok(()) => tracing::warn!(
                "cache listener connection closed; caches bypassed until it reconnects"
            ),
            Err(error) => {
                tracing::warn!(%error, "cache listener connection failed; caches bypassed until it reconnects")
            }
        }
        backoff.wait().await;
    }
}

/// Connects, listens and applies notifications until the connection ends or stops answering.
async fn listen(
    target: &DatabaseTarget,
    caches: &Caches,
    backoff: &mut Backoff,
) -> Result<(), SessionError> {
    let mut session = Session::open(target, &format!("LISTEN {CHANNEL}")).await?;
    backoff.reset();
    caches.listening_started();
    tracing::debug!("cache listener listening");
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    loop {
        tokio::select! {
            notification = session.next() => match notification? {
                Some(notification) => caches.apply_payload(notification.payload()).await,
                None => return Ok(()),
            },
            _ = heartbeat.tick() => session.prove_alive().await?,
        }
    }
}
