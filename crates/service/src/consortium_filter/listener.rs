//! One dedicated `tokio-postgres` session per process holding `LISTEN sekisho_consortium`
//! (`crate::notification_session`): it files the fingerprints each notification's range of
//! `consortium_changes` names, and starts a build of the filter (on a connection of its own, in
//! the background) whenever it (re)connects or the additions grow large. When it drops, the
//! filter is bypassed until it has listened again and a new build is in place; it reconnects
//! with backoff.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::{StreamExt, pin_mut};
use sekisho_store::connect::{ConnectError, DatabaseTarget};
use tokio::task::{JoinError, JoinHandle};
use tokio_postgres::types::ToSql;

use super::{
    BuildError as PlacingError, CHANNEL, ConsortiumFilter, REBUILD_AFTER_ADDITIONS, key_of,
};
use crate::notification_session::{
    AbortOnDrop, Backoff, CONNECT_TIMEOUT, HEARTBEAT, Session, SessionError,
};

/// Also rebuilt this often, so that retracted and removed entries stop answering "maybe".
const REBUILD_EVERY: Duration = Duration::from_secs(3600);
/// The change log is only needed until every listener has read a notification's range.
const PRUNE_CHANGES: &str =
    "DELETE FROM consortium_changes WHERE logged_at < now() - interval '1 hour'";

/// Why the listener's session ended.
#[derive(Debug, thiserror::Error)]
enum ListenError {
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("{0}")]
    Database(#[from] tokio_postgres::Error),
    #[error("building the consortium filter: {0}")]
    Build(#[from] BuildError),
    #[error("building the consortium filter: {0}")]
    BuildStopped(JoinError),
}

/// Why a build of the filter failed (lookups stay on SQL, or on the previous build).
#[derive(Debug, thiserror::Error)]
enum BuildError {
    #[error(transparent)]
    Connect(#[from] ConnectError),
    #[error("{0}")]
    Database(#[from] tokio_postgres::Error),
    #[error(transparent)]
    Placing(#[from] PlacingError),
    #[error("{0}")]
    Stopped(#[from] JoinError),
}

/// The running listener; stops (with any build) when dropped.
#[derive(Debug)]
pub struct Listener {
    task: JoinHandle<()>,
    filter: Arc<ConsortiumFilter>,
}

impl Listener {
    /// Starts listening with the application's database URL (its `sslmode` is honoured).
    pub fn start(
        database_url: &str,
        filter: Arc<ConsortiumFilter>,
    ) -> Result<Listener, ConnectError> {
        let target = DatabaseTarget::parse(database_url, CONNECT_TIMEOUT)?
            .with_application_name("sekisho-consortium");
        let task = tokio::spawn(run(target, filter.clone()));
        Ok(Listener { task, filter })
    }

    /// Stops the task and waits until it has ended.
    pub async fn stop(mut self) {
        self.task.abort();
        // Aborted on purpose: the JoinError says only that.
        let _ = (&mut self.task).await;
        // Nobody hears changes any more: every lookup goes to SQL.
        self.filter.listening_stopped();
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.task.abort();
        self.filter.listening_stopped();
    }
}

async fn run(target: DatabaseTarget, filter: Arc<ConsortiumFilter>) {
    let mut backoff = Backoff::default();
    loop {
        let outcome = listen(&target, &filter, &mut backoff).await;
        filter.listening_stopped();
        match outcome {
            Ok(()) => tracing::warn!(
                "consortium filter listener closed; lookups go to the database until it reconnects"
            ),
            Err(error) => tracing::warn!(
                %error,
                "consortium filter listener failed; lookups go to the database until it reconnects"
            ),
        }
        backoff.wait().await;
    }
}

fn start_build(
    target: &DatabaseTarget,
    filter: &Arc<ConsortiumFilter>,
) -> AbortOnDrop<Result<usize, BuildError>> {
    AbortOnDrop(tokio::spawn(build(target.clone(), filter.clone())))
}

async fn listen(
    target: &DatabaseTarget,
    filter: &Arc<ConsortiumFilter>,
    backoff: &mut Backoff,
) -> Result<(), ListenError> {
    let mut session =
        Session::open(target, &format!("SET ROLE sekisho_app; LISTEN {CHANNEL}")).await?;
    let range = session
        .client
        .prepare("SELECT fingerprint FROM consortium_changes WHERE seq BETWEEN $1 AND $2")
        .await?;
    backoff.reset();
    // Listening first, then building: whatever commits from now on is notified, whatever
    // committed before is in the build.
    filter.listening_started();
    let mut building = Some(start_build(target, filter));
    let mut built_at = Instant::now();
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    loop {
        let finished = async {
            match building.as_mut() {
                Some(task) => (&mut task.0).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            notification = session.next() => match notification? {
                Some(notification) => {
                    let Some((first, last)) = parse_range(notification.payload()) else {
                        tracing::warn!("unexpected consortium notification; rebuilding the filter");
                        filter.listening_started();
                        building = Some(start_build(target, filter));
                        continue;
                    };
                    let rows = session.client.query(&range, &[&first, &last]).await?;
                    filter.add(rows.iter().map(|row| row.get::<_, &[u8]>(0)));
                    let due = filter.additions() > REBUILD_AFTER_ADDITIONS
                        || built_at.elapsed() > REBUILD_EVERY;
                    if due && building.is_none() {
                        building = Some(start_build(target, filter));
                        built_at = Instant::now();
                    }
                }
                None => return Ok(()),
            },
            outcome = finished => {
                building = None;
                match outcome {
                    Ok(Ok(entries)) => tracing::info!(entries, memory_bytes = filter.memory_bytes(), "consortium filter built"),
                    // Lookups stay on SQL (or the previous build) until the next attempt.
                    Ok(Err(error)) => return Err(error.into()),
                    Err(error) => return Err(ListenError::BuildStopped(error)),
                }
            }
            _ = heartbeat.tick() => {
                session.prove_alive().await?;
                if building.is_none() && built_at.elapsed() > REBUILD_EVERY {
                    building = Some(start_build(target, filter));
                    built_at = Instant::now();
                }
            }
        }
    }
}

fn parse_range(payload: &str) -> Option<(i64, i64)> {
    let (first, last) = payload.split_once(' ')?;
    Some((first.parse().ok()?, last.parse().ok()?))
}

/// Reads every consortium fingerprint (the first 8 bytes of each, streamed) on a session of its
/// own and puts the new filter in place; returns how many entries it read.
async fn build(target: DatabaseTarget, filter: Arc<ConsortiumFilter>) -> Result<usize, BuildError> {
    let start = filter.begin_build();
    let (client, connection) = target.connect_raw().await?;
    let _driver = AbortOnDrop(tokio::spawn(async move {
        // The session's end is the queries' failure, reported by them.
        let _ = connection.await;
    }));
    // A session of its own, closed after: the platform scope cannot leak to anyone.
    client
        .batch_execute("SET ROLE sekisho_app; SELECT set_config('app.scope', 'platform', false)")
        .await?;
    let no_parameters: [&(dyn ToSql + Sync); 0] = [];
    let rows = client
        .query_raw(
            "SELECT substring(fingerprint FROM 1 FOR 8) FROM consortium_entries",
            no_parameters.iter().map(|p| *p as &dyn ToSql),
        )
        .await?;
    pin_mut!(rows);
    let mut keys: Vec<u64> = Vec::new();
    while let Some(row) = rows.next().await {
        let row = row?;
        keys.push(key_of(row.get::<_, &[u8]>(0)));
    }
    let entries = keys.len();
    let placed = filter.clone();
    tokio::task::spawn_blocking(move || placed.finish_build(start, &mut keys)).await??;
    if let Err(error) = client.execute(PRUNE_CHANGES, &[]).await {
        tracing::warn!(%error, "could not prune the consortium change log");
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_parse_and_anything_else_does_not() {
        assert_eq!(parse_range("3 17"), Some((3, 17)));
        assert_eq!(parse_range("3"), None);
        assert_eq!(parse_range("{\"kind\":1}"), None);
    }
}
